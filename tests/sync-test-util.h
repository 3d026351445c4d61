/* sync-test-util.h: a real pixorga-server, spaces and desktops for the
 * sync tests (issue 10)
 *
 * What it offers, to any test that links sync-test-util.c and
 * orga-test-util.c with orga_net_dep (tests/meson.build; owned by the
 * tests helper, ask there before changing a signature; the server's own
 * tables are read by sync-test-db.h, which needs orga_server_db_dep too):
 *
 * - sync_test_init(): GTest and French messages (orga_test_init()), a
 *   temporary folder removed at exit (in /dev/shm when there is one, or
 *   $PIXORGA_TEST_TMPDIR; PIXORGA_TEST_KEEP=1 keeps it), and the
 *   environment the
 *   pixorga-cli children need: PIXORGA_TOKEN_STORE=file and an
 *   XDG_DATA_HOME of its own, where every token the harness gets is filed
 *   (so `pixorga-cli --db DESKTOP sync` finds it).
 * - SyncTestServer: the real binary ($PIXORGA_SERVER) as a subprocess on
 *   a free loopback port, on SQLite in the temporary folder, or on the
 *   PostgreSQL database of $PIXORGA_TEST_PG_URI (tests/orga-pg.py), its
 *   mails in a folder, its log in a file. sync_test_server_kill()
 *   SIGKILLs it; sync_test_server_restart() starts it again on the same
 *   database and the same port, with extra environment if wanted
 *   (PIXORGA_SERVER_PUSH_DELAY_MS=…). The admin commands run on its
 *   database while it runs: `org add` (in sync_test_space_new()) and
 *   `participations import ORG FILE.json`
 *   (sync_test_server_import_participations()).
 * - SyncTestSpace: one school activated through the API, with an
 *   administrator's and a member's accounts (signed up, Pix Orga's terms
 *   accepted, the mailed invitations accepted) and their tokens.
 * - SyncTestDesktop: a desktop database bound to a space as the admin or
 *   the member (orga_store_bind()), with its OrgaClient; set offline, its
 *   client points at a closed port. sync_test_desktop_sync() runs one
 *   OrgaSync and waits for its report, iterating the default main context.
 *   sync_test_desktop_spawn_cli() runs `pixorga-cli --db DESKTOP ARGS…`.
 * - Dumps, for comparison: sync_test_desktop_dump() prints the synced
 *   state of a desktop's school (imports, learners, campaigns and
 *   participations, each row by uuid, every field of the wire table of
 *   orga-sync-wire.c but seq, references as uuids, demonstration rows
 *   left out) as canonical text, values printed by their wire type;
 *   sync_test_server_dump() is the same text for the server's state,
 *   pulled from 0 into a fresh desktop (and sync-test-db.h's
 *   sync_test_server_dump_db() the same text read from the server's own
 *   tables, an independent witness).
 * - A raw GET of a page of …/sync/changes (sync_test_space_fetch_page()),
 *   for tests that compare a desktop with pages applied by hand.
 *
 * Everything asserts: a failure of the harness is a failure of the test.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "orga-account.h"
#include "orga-campaign.h"
#include "orga-client.h"
#include "orga-import-report.h"
#include "orga-organization.h"
#include "orga-space.h"
#include "orga-store.h"
#include "orga-sync.h"
#include "orga-sync-wire.h"

G_BEGIN_DECLS

#define SYNC_TEST_PASSWORD "Secret123"

void            sync_test_init                 (int          *argc,
                                                char       ***argv);
/* The temporary folder of this run (removed at exit). */
const char     *sync_test_get_temp_dir         (void);
/* Whether the server runs on PostgreSQL ($PIXORGA_TEST_PG_URI). */
gboolean        sync_test_is_postgres          (void);

/* ---- the server --------------------------------------------------------- */

typedef struct _SyncTestServer SyncTestServer;

/* Starts pixorga-server on a new database. @env: NULL or a
 * NULL-terminated list of "NAME=VALUE" for its environment. */
SyncTestServer *sync_test_server_start         (const char * const *env);
const char     *sync_test_server_get_url       (SyncTestServer     *self);
const char     *sync_test_server_get_db        (SyncTestServer     *self);
/* SIGKILL, and wait for it to be gone. */
void            sync_test_server_kill          (SyncTestServer     *self);
/* Starts it again on the same database and port (after a kill). */
void            sync_test_server_restart       (SyncTestServer     *self,
                                                const char * const *env);
gboolean        sync_test_server_is_running    (SyncTestServer     *self);
/* SIGTERM, wait, free. */
void            sync_test_server_free          (SyncTestServer     *self);
/* Runs `pixorga-server --db DB ARGS…` and returns its stdout; fails the
 * test when it does not succeed. */
char           *sync_test_server_admin         (SyncTestServer     *self,
                                                const char * const *args);
/* An address where nothing listens (a port bound then closed). */
char           *sync_test_closed_url           (void);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SyncTestServer, sync_test_server_free)

/* ---- a space ------------------------------------------------------------ */

typedef struct
{
  SyncTestServer *server;
  char           *uai;
  char           *space_id;          /* the server's organization id */
  OrgaAccount    *admin;
  OrgaSpace      *admin_space;       /* role ADMIN */
  char           *admin_token;
  OrgaAccount    *member;
  OrgaSpace      *member_space;      /* role MEMBER */
  char           *member_token;
} SyncTestSpace;

/* A new school on @server (`org add`), its space activated, an
 * administrator and a member who joined it. */
SyncTestSpace  *sync_test_space_new            (SyncTestServer     *server);
void            sync_test_space_free           (SyncTestSpace      *self);

/* Puts @participations (a JSON array of wire rows, without seq) on the
 * server with `pixorga-server … participations import ORG FILE.json`. */
void            sync_test_server_import_participations (SyncTestSpace *space,
                                                JsonArray          *participations);

/* A participation's wire row (without seq), a new uuid, now. */
JsonObject     *sync_test_participation_row    (const char         *campaign,
                                                const char         *learner,
                                                gboolean            shared,
                                                double              mastery_rate);

/* GET …/sync/changes?protocol=1&after=@after&limit=@limit as the admin:
 * the page's JSON (transfer full). */
JsonNode       *sync_test_space_fetch_page     (SyncTestSpace      *self,
                                                gint64              after,
                                                guint               limit);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SyncTestSpace, sync_test_space_free)

/* ---- a desktop ---------------------------------------------------------- */

typedef struct
{
  SyncTestSpace    *space;
  char             *name;            /* for messages */
  char             *path;            /* its database */
  OrgaStore        *store;
  OrgaOrganization *school;
  OrgaAccount      *account;
  gboolean          admin;
  gboolean          online;
  OrgaClient       *client;          /* the server's, or a closed port's when offline */
} SyncTestDesktop;

/* A new database bound to @space as its administrator (@admin) or its
 * member. */
SyncTestDesktop *sync_test_desktop_new         (SyncTestSpace      *space,
                                                const char         *name,
                                                gboolean            admin);
void            sync_test_desktop_free         (SyncTestDesktop    *self);
/* Offline: the client points at a closed port (the same token). */
void            sync_test_desktop_set_online   (SyncTestDesktop    *self,
                                                gboolean            online);
/* One OrgaSync run; fails the test when it does not finish within
 * 60 s. */
OrgaSyncReport *sync_test_desktop_sync         (SyncTestDesktop    *self);
/* How many changes wait in its outbox. */
guint           sync_test_desktop_count_outbox (SyncTestDesktop    *self);
gint64          sync_test_desktop_get_cursor   (SyncTestDesktop    *self);
/* Imports students @first … @first + @n - 1 of a numbered pool (INE
 * "%09uAB" of 100000 + i, name NOM%05u), all in @division, as a parsed
 * file would be. */
OrgaImportReport *sync_test_desktop_import     (SyncTestDesktop    *self,
                                                guint               first,
                                                guint               n,
                                                const char         *division);
/* A profiles collection named @name, owned by the desktop's account. */
OrgaCampaign   *sync_test_desktop_create_campaign (SyncTestDesktop *self,
                                                const char         *name);
/* The canonical text of its school's synced rows. */
char           *sync_test_desktop_dump         (SyncTestDesktop    *self);
/* Runs `pixorga-cli --db PATH ARGS…` with @env added ("NAME=VALUE"),
 * stdout and stderr piped. */
GSubprocess    *sync_test_desktop_spawn_cli    (SyncTestDesktop    *self,
                                                const char * const *env,
                                                const char * const *args);
/* The canonical text of any database's school bound to @space_id. */
char           *sync_test_dump_database        (const char         *path,
                                                const char         *space_id);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SyncTestDesktop, sync_test_desktop_free)

/* The server's state of @space: pulled from 0 into a fresh desktop
 * (bound as the admin), dumped, the desktop removed. */
char           *sync_test_server_dump          (SyncTestSpace      *space);

/* For the server's dump (sync-test-db.c): whether a wire field is dumped
 * (not seq; not a learner's "removed"), and a value as the dump prints it
 * (by the field's wire type; NULL for SQL NULL). */
gboolean        sync_test_dump_has_field       (OrgaWireKind         kind,
                                                const OrgaWireField *field);
void            sync_test_dump_append_value    (GString             *dump,
                                                const OrgaWireField *field,
                                                const char          *text);

/* Fails the test (g_error) when two dumps differ, printing the first
 * differing lines with @what. */
void            sync_test_assert_same_dump     (const char         *what,
                                                const char         *expected,
                                                const char         *actual);
/* Whether two dumps are equal; on a difference, prints the first
 * differing lines with @what on stderr. */
gboolean        sync_test_same_dump            (const char         *what,
                                                const char         *expected,
                                                const char         *actual);

/* Iterates the default main context until *@slot is set (by
 * sync_test_result_cb) or @timeout_ms passed (then fails). */
void            sync_test_result_cb            (GObject            *source,
                                                GAsyncResult       *result,
                                                gpointer            user_data);
GAsyncResult   *sync_test_wait                 (GAsyncResult      **slot,
                                                guint               timeout_ms);

G_END_DECLS
