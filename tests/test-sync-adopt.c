/* test-sync-adopt.c: a school made offline joins its space (issue 10)
 *
 * A head teacher used PixOrga offline (the student list imported,
 * campaigns made), then activated or joined the school's space: the
 * binding adopts the school (docs/sync.md, "The binding rules", rule 3)
 * and queues what it holds as a seed (docs/sync.md, "Adopting a school
 * made offline"). Over real HTTP on loopback against the real
 * pixorga-server ($PIXORGA_SERVER), on SQLite, and on PostgreSQL under
 * tests/orga-pg.py (sync-adopt-pg), with the shared harness
 * (tests/sync-test-util.h):
 *
 *   - an empty space takes the offline list and campaigns, and a second
 *     desktop receives them;
 *   - a space that has a list keeps it: the offline desktop's list gives
 *     way to the space's, with the notice kept, and its campaigns arrive
 *     on the other desktop.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "orga-store-account.h"
#include "orga-store-campaigns.h"
#include "orga-store-sync.h"
#include "sync-test-util.h"

#define MSG_SEED_IGNORED "Ce poste avait sa propre liste d'élèves avant d'être relié à l'espace : " \
                         "la liste de l'espace (importée le "
#define MSG_SEED_KEPT_SUFFIX ") a été gardée."

static SyncTestServer *server;

/* A database with a school of @space's UAI made offline: not bound; the
 * account is the one it will bind with (the space's administrator). */
static SyncTestDesktop *
offline_desktop_new (SyncTestSpace *space,
                     const char    *name)
{
  static guint counter;
  SyncTestDesktop *self = g_new0 (SyncTestDesktop, 1);
  g_autofree char *file = g_strdup_printf ("adopt-%u.db", ++counter);
  g_autoptr(GError) error = NULL;

  self->space = space;
  self->name = g_strdup (name);
  self->admin = TRUE;
  self->path = g_build_filename (sync_test_get_temp_dir (), file, NULL);
  self->account = g_object_ref (space->admin);
  self->store = orga_store_open (self->path, &error);
  g_assert_no_error (error);
  self->school = orga_store_create_organization (self->store, space->uai, "Collège (hors ligne)",
                                                 ORGA_ORGANIZATION_KIND_SCO, &error);
  g_assert_no_error (error);
  g_assert_false (orga_store_sync_is_enabled (self->store, self->school));
  return self;
}

/* Activation or joining: the binding adopts the school. */
static void
adopt (SyncTestDesktop *self)
{
  g_autoptr(GError) error = NULL;
  gint64 id = orga_organization_get_id (self->school);

  g_clear_object (&self->school);
  self->school = orga_store_bind (self->store, self->account, self->space->admin_space, &error);
  g_assert_no_error (error);
  g_assert_nonnull (self->school);
  g_assert_cmpint (orga_organization_get_id (self->school), ==, id);
  g_assert_true (orga_store_sync_is_enabled (self->store, self->school));
  sync_test_desktop_set_online (self, TRUE);
}

static char *
ine (guint i)
{
  return g_strdup_printf ("%09uAB", 100000 + i);
}

typedef struct
{
  const char *ine;
  char       *division;
  char       *uuid;
} FindLearner;

static gboolean
find_learner_cb (const OrgaLearnerRow *row,
                 gpointer              user_data)
{
  FindLearner *find = user_data;

  if (g_strcmp0 (row->fields.ine, find->ine) != 0)
    return TRUE;
  find->division = g_strdup (row->fields.division);
  find->uuid = g_strdup (row->uuid);
  return FALSE;
}

/* The class of the active student of the pool's number @i, NULL when the
 * desktop has none; its uuid in @uuid. */
static char *
dup_division (SyncTestDesktop  *desktop,
              guint             i,
              char            **uuid)
{
  g_autofree char *wanted = ine (i);
  FindLearner find = { wanted, NULL, NULL };
  OrgaLearnerQuery query = { FALSE, NULL };
  g_autoptr(GError) error = NULL;

  orga_store_foreach_learner (desktop->store, desktop->school, &query, find_learner_cb, &find, &error);
  g_assert_no_error (error);
  if (uuid != NULL)
    *uuid = find.uuid;
  else
    g_free (find.uuid);
  return find.division;
}

static guint
count_students (SyncTestDesktop *desktop)
{
  g_autoptr(GError) error = NULL;
  guint n = orga_store_count_learners (desktop->store, desktop->school, FALSE, &error);

  g_assert_no_error (error);
  return n;
}

/* The campaign of @code, active (@archived FALSE) or archived; NULL
 * when it is not listed so. */
static OrgaCampaign *
find_campaign (SyncTestDesktop *desktop,
               const char      *code,
               gboolean         archived)
{
  OrgaCampaignQuery query = { archived, NULL, NULL, NULL };
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) campaigns = orga_store_list_campaigns (desktop->store, desktop->school, &query, &error);

  g_assert_no_error (error);
  for (guint i = 0; i < campaigns->len; i++)
    if (g_str_equal (orga_campaign_get_code (g_ptr_array_index (campaigns, i)), code))
      return g_object_ref (g_ptr_array_index (campaigns, i));
  return NULL;
}

static void
assert_campaign (SyncTestDesktop *desktop,
                 const char      *code,
                 gboolean         active,
                 gboolean         archived)
{
  g_autoptr(OrgaCampaign) a = find_campaign (desktop, code, FALSE);
  g_autoptr(OrgaCampaign) b = find_campaign (desktop, code, TRUE);

  if ((a != NULL) != active || (b != NULL) != archived)
    g_error ("%s: campaign %s %s active, %s archived", desktop->name, code, a ? "is" : "is not",
             b ? "is" : "is not");
}

/* Three campaigns made offline: one active, one archived, one deleted;
 * their codes in @codes. */
static void
make_campaigns (SyncTestDesktop *desktop,
                char            *codes[3])
{
  g_autoptr(OrgaCampaign) active = sync_test_desktop_create_campaign (desktop, "Rentrée hors ligne");
  g_autoptr(OrgaCampaign) archived = sync_test_desktop_create_campaign (desktop, "Archivée hors ligne");
  g_autoptr(OrgaCampaign) deleted = sync_test_desktop_create_campaign (desktop, "Supprimée hors ligne");
  g_autoptr(GError) error = NULL;
  gint64 id = orga_campaign_get_id (deleted);

  g_assert_true (orga_store_archive_campaign (desktop->store, orga_campaign_get_id (archived), desktop->name, &error));
  g_assert_no_error (error);
  g_assert_true (orga_store_delete_campaigns (desktop->store, &id, 1, desktop->name, &error));
  g_assert_no_error (error);
  codes[0] = g_strdup (orga_campaign_get_code (active));
  codes[1] = g_strdup (orga_campaign_get_code (archived));
  codes[2] = g_strdup (orga_campaign_get_code (deleted));
}

static void
sync_quietly (SyncTestDesktop *desktop)
{
  g_autoptr(OrgaSyncReport) report = sync_test_desktop_sync (desktop);

  if (report->status != ORGA_SYNC_STATUS_OK || report->refused->len > 0)
    g_error ("%s: sync %s, %u refused: %s", desktop->name, orga_sync_status_to_string (report->status),
             report->refused->len, report->error_message);
  g_assert_cmpuint (sync_test_desktop_count_outbox (desktop), ==, 0);
}

static void
assert_converged (SyncTestSpace    *space,
                  SyncTestDesktop **desktops)
{
  g_autofree char *expected = sync_test_server_dump (space);

  for (guint i = 0; desktops[i] != NULL; i++)
    {
      g_autofree char *actual = sync_test_desktop_dump (desktops[i]);

      sync_test_assert_same_dump (desktops[i]->name, expected, actual);
    }
}

/* The desktop that seeded an empty space: the server's state plus its
 * own history, which the seed does not send (the earlier import records,
 * the students who had left before): @n_history lines of it exactly. */
static void
assert_seeded (SyncTestSpace   *space,
               SyncTestDesktop *desktop,
               guint            n_history)
{
  g_autofree char *expected = sync_test_server_dump (space);
  g_autofree char *actual = sync_test_desktop_dump (desktop);
  g_auto(GStrv) server_lines = g_strsplit (expected, "\n", -1);
  g_auto(GStrv) desktop_lines = g_strsplit (actual, "\n", -1);
  g_autoptr(GHashTable) lines = g_hash_table_new (g_str_hash, g_str_equal);
  guint extra = 0;

  for (guint i = 0; desktop_lines[i] != NULL; i++)
    g_hash_table_add (lines, desktop_lines[i]);
  for (guint i = 0; server_lines[i] != NULL; i++)
    if (!g_hash_table_remove (lines, server_lines[i]))
      g_error ("%s lacks the server's line: %s", desktop->name, server_lines[i]);

  {
    GHashTableIter iter;
    const char *line;

    g_hash_table_iter_init (&iter, lines);
    while (g_hash_table_iter_next (&iter, (gpointer *) &line, NULL))
      {
        if (!g_str_has_prefix (line, "imports ") &&
            !(g_str_has_prefix (line, "learners ") && strstr (line, "disabled_at='") != NULL))
          g_error ("%s has a line the server has not: %s", desktop->name, line);
        extra++;
      }
  }
  g_assert_cmpuint (extra, ==, n_history);
}

/* ------------------------------------------------------------------------
 * An empty space takes what the school made offline
 */

static void
test_empty_space (void)
{
  g_autoptr(SyncTestSpace) space = sync_test_space_new (server);
  g_autoptr(SyncTestDesktop) office = offline_desktop_new (space, "bureau hors ligne");
  g_autoptr(SyncTestDesktop) room = NULL;
  g_autoptr(OrgaSyncReport) report = NULL;
  g_autoptr(OrgaImportReport) first = NULL;
  g_autoptr(OrgaImportReport) second = NULL;
  g_autofree char *office_uuid = NULL;
  g_autofree char *room_uuid = NULL;
  g_autofree char *division = NULL;
  g_autofree char *gone = NULL;
  char *codes[3] = { NULL };

  /* Two imports offline: students 0-4 left after the first. */
  first = sync_test_desktop_import (office, 0, 20, "6A");
  second = sync_test_desktop_import (office, 5, 21, "5B");
  make_campaigns (office, codes);
  g_assert_cmpuint (count_students (office), ==, 21);
  g_assert_cmpuint (sync_test_desktop_count_outbox (office), ==, 0);

  adopt (office);
  /* The seed, three creations, one delete. */
  g_assert_cmpuint (sync_test_desktop_count_outbox (office), ==, 5);

  report = sync_test_desktop_sync (office);
  g_assert_cmpint (report->status, ==, ORGA_SYNC_STATUS_OK);
  g_assert_cmpuint (report->refused->len, ==, 0);
  g_assert_cmpuint (report->pushed, ==, 5);
  g_assert_cmpuint (sync_test_desktop_count_outbox (office), ==, 0);
  g_assert_cmpuint (count_students (office), ==, 21);

  /* A colleague's desktop (the member's) receives them. */
  room = sync_test_desktop_new (space, "salle info", FALSE);
  sync_quietly (room);
  g_assert_cmpuint (count_students (room), ==, 21);
  division = dup_division (room, 25, &room_uuid);
  g_assert_cmpstr (division, ==, "5B");
  g_free (dup_division (office, 25, &office_uuid));
  g_assert_cmpstr (room_uuid, ==, office_uuid);
  gone = dup_division (room, 4, NULL);
  g_assert_null (gone);
  assert_campaign (room, codes[0], TRUE, FALSE);
  assert_campaign (room, codes[1], FALSE, TRUE);
  assert_campaign (room, codes[2], FALSE, FALSE);

  {
    SyncTestDesktop *one[] = { room, NULL };

    assert_converged (space, one);
  }
  /* The first import's record, the five students who had left. */
  assert_seeded (space, office, 6);

  /* Undoing the seed's import is the space's undo: the list it created
   * goes on both desktops. */
  {
    g_autoptr(GError) error = NULL;

    g_assert_true (orga_store_undo_import (office->store, office->school,
                                           orga_import_report_get_import_id (second), &error));
    g_assert_no_error (error);
    sync_quietly (office);
    sync_quietly (room);
    g_assert_cmpuint (count_students (office), ==, 0);
    g_assert_cmpuint (count_students (room), ==, 0);
  }
  {
    SyncTestDesktop *one[] = { room, NULL };

    assert_converged (space, one);
  }
  for (guint i = 0; i < G_N_ELEMENTS (codes); i++)
    g_free (codes[i]);
}

/* ------------------------------------------------------------------------
 * A space with a list keeps it
 */

static void
test_space_has_list (void)
{
  g_autoptr(SyncTestSpace) space = sync_test_space_new (server);
  g_autoptr(SyncTestDesktop) office = sync_test_desktop_new (space, "secrétariat", TRUE);
  g_autoptr(SyncTestDesktop) laptop = NULL;
  g_autoptr(OrgaSyncReport) report = NULL;
  g_autoptr(OrgaImportReport) shared = NULL;
  g_autoptr(OrgaImportReport) own = NULL;
  g_autoptr(GPtrArray) notices = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *office_uuid = NULL;
  g_autofree char *laptop_uuid = NULL;
  g_autofree char *division = NULL;
  g_autofree char *gone = NULL;
  OrgaSyncNotice *notice;
  char *codes[3] = { NULL };

  /* The space's list: students 0-9 in 6A. */
  shared = sync_test_desktop_import (office, 0, 10, "6A");
  sync_quietly (office);

  /* A laptop used offline: students 5-29 in 5B, and campaigns. */
  laptop = offline_desktop_new (space, "portable");
  own = sync_test_desktop_import (laptop, 5, 25, "5B");
  make_campaigns (laptop, codes);
  adopt (laptop);

  report = sync_test_desktop_sync (laptop);
  g_assert_cmpint (report->status, ==, ORGA_SYNC_STATUS_OK);
  g_assert_cmpuint (report->pushed, ==, 4);
  g_assert_cmpuint (report->refused->len, ==, 1);
  notice = g_ptr_array_index (report->refused, 0);
  g_assert_cmpstr (notice->kind, ==, ORGA_SYNC_IMPORT_APPLY);
  if (!g_str_has_prefix (notice->message, MSG_SEED_IGNORED) ||
      !g_str_has_suffix (notice->message, MSG_SEED_KEPT_SUFFIX) ||
      strstr (notice->message, orga_account_get_first_name (space->admin)) == NULL)
    g_error ("unexpected notice: %s", notice->message);
  g_assert_cmpuint (sync_test_desktop_count_outbox (laptop), ==, 0);

  /* Its list is the space's: the students it alone had are gone, the
   * shared ones carry the space's uuids and classes. */
  g_assert_cmpuint (count_students (laptop), ==, 10);
  division = dup_division (laptop, 7, &laptop_uuid);
  g_assert_cmpstr (division, ==, "6A");
  g_free (dup_division (office, 7, &office_uuid));
  g_assert_cmpstr (laptop_uuid, ==, office_uuid);
  gone = dup_division (laptop, 20, NULL);
  g_assert_null (gone);

  /* The notice stays until seen. */
  notices = orga_store_sync_list_notices (laptop->store, laptop->school, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (notices->len, ==, 1);
  g_assert_cmpstr (((OrgaSyncNotice *) g_ptr_array_index (notices, 0))->message, ==, notice->message);

  /* Its campaigns reach the office; the office's list is untouched. */
  sync_quietly (office);
  g_assert_cmpuint (count_students (office), ==, 10);
  assert_campaign (office, codes[0], TRUE, FALSE);
  assert_campaign (office, codes[1], FALSE, TRUE);
  assert_campaign (office, codes[2], FALSE, FALSE);

  /* Nothing left to do on either side. */
  sync_quietly (laptop);
  {
    SyncTestDesktop *both[] = { office, laptop, NULL };

    assert_converged (space, both);
  }
  for (guint i = 0; i < G_N_ELEMENTS (codes); i++)
    g_free (codes[i]);
}

int
main (int    argc,
      char **argv)
{
  int status;

  sync_test_init (&argc, &argv);
  server = sync_test_server_start (NULL);

  g_test_add_func ("/sync-adopt/empty-space", test_empty_space);
  g_test_add_func ("/sync-adopt/space-has-list", test_space_has_list);

  status = g_test_run ();
  g_clear_pointer (&server, sync_test_server_free);
  return status;
}
