/* orga-store-private.h: what the parts of OrgaStore share
 *
 * One OrgaStore, one connection (OrgaDb), spread over a file per domain:
 *
 *   orga-store.c            the object, opening and the schema, begin/commit,
 *                           the school, uuids and timestamps
 *   orga-store-jobs.c       a job on a connection of its own, in a thread
 *   orga-store-learners.c   reading students; classes in natural order
 *   orga-store-imports.c    applying a list, rejected imports, history, undo
 *   orga-store-campaigns.c  campaigns, participations, demonstration data
 *   orga-store-account.c    the account, its spaces, the team kept offline
 *   orga-store-sync.c       the sync's outbox, pushes' answers, pulled pages
 *
 * A new domain (the team, the sync outbox, certification) is one more
 * orga-store-<domain>.{c,h} pair using the helpers below; its writes go
 * through orga_store_begin()/orga_store_commit(), so that they share the
 * transaction of whatever else the caller writes.
 *
 * Not for use outside src/core, except by the tests.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

#include "orga-db.h"
#include "orga-store.h"
#include "orga-sync-wire.h"

G_BEGIN_DECLS

/* The columns of a student as imported, in OrgaLearnerFields order. */
#define LEARNER_COLUMNS \
  "ine, last_name, preferred_last_name, first_name, middle_name, third_name, sex, birthdate, " \
  "birth_country_code, birth_province_code, birth_city_code, birth_city, mef_code, status, division"
#define N_LEARNER_COLUMNS 15

/* The participations a student's latest shared profile is picked from
 * (spec §2.3): "SELECT p.learner_id, max(p.shared_at), <columns of p> "
 * this "<more conditions> GROUP BY p.learner_id" gives, per student,
 * the columns of that profile (SQLite takes them from the max() row).
 * The certifiability (orga-store-learners.c) and the certification's
 * readiness (orga-store-cert.c) read it through this one clause. */
#define ORGA_STORE_LATEST_PROFILE_FROM \
  "FROM participations p JOIN campaigns c ON c.id = p.campaign_id " \
  "WHERE p.deleted_at IS NULL AND p.status = 'SHARED' AND p.shared_at IS NOT NULL " \
  "AND c.type = 'PROFILES_COLLECTION' "

sqlite3      *_orga_store_get_db              (OrgaStore   *self);
/* Runs one or more statements with no result rows. */
gboolean      _orga_store_exec                (OrgaStore   *self,
                                               const char  *sql,
                                               GError     **error);
/* A statement prepared for reuse; NULL with @error set on failure. */
sqlite3_stmt *_orga_store_prepare             (OrgaStore   *self,
                                               const char  *sql,
                                               GError     **error);
/* Steps @stmt, a statement that returns no rows; FALSE with @error set
 * from the connection when it fails, or when @stmt is NULL (a prepare
 * that failed, its error already set). */
gboolean      _orga_store_step_done           (OrgaStore    *self,
                                               sqlite3_stmt *stmt,
                                               const char   *what,
                                               GError      **error);
/* Sets @error from the connection's last error; always returns FALSE. */
gboolean      _orga_store_set_error           (OrgaStore   *self,
                                               const char  *what,
                                               GError     **error);

/* A version 7 uuid into @out, drawing from @rand (NULL: the global
 * generator). */
void          _orga_store_uuid7_fill          (char         out[37],
                                               GRand       *rand);

/* The LEARNER_COLUMNS of @stmt from column @first on; the strings belong
 * to the statement's row. */
void          _orga_store_fields_from_row     (OrgaLearnerFields *f,
                                               sqlite3_stmt      *stmt,
                                               int                first);

/* The school of local id @id; NULL without error when there is none. */
OrgaOrganization *_orga_store_get_organization_by_id (OrgaStore *self,
                                               gint64       id,
                                               GError     **error);

/* The migrations: _orga_store_get_migration (v) moves the schema from
 * version v to v + 1 (for the tests, which build old databases). */
guint         _orga_store_get_n_migrations    (void);
const char   *_orga_store_get_migration       (guint        version);

/* Tests only: campaign codes are drawn from @rand (owned by the store)
 * instead of the global generator. */
void          _orga_store_set_campaign_code_rand (OrgaStore *self,
                                                  GRand     *rand);

/* The key a student is sorted and searched by: folded last name, a
 * space, folded first name (orga-store-imports.c), into @out. */
void          _orga_store_learner_name_key    (GString     *out,
                                               const char  *last_name,
                                               const char  *first_name);
/* A campaign's name_key or owner_key from its name or owner
 * (orga-store-campaigns.c). */
char         *_orga_store_campaign_key        (const char  *text);
/* Undoes @import_id as orga_store_undo_import() does, in the caller's
 * transaction, queuing nothing: a refused import rolled back. */
gboolean      _orga_store_undo_import_unqueued (OrgaStore  *self,
                                               gint64       organization_id,
                                               gint64       import_id,
                                               GError     **error);

/* The outbox (orga-store-sync.c): the store functions that change a
 * school queue the change in their own transaction; nothing is queued
 * for a school not bound to a space. @kind is one of ORGA_SYNC_*.
 * Imports: the record @import_id as written (apply: with the school's
 * active students, which are then the file's). */
gboolean      _orga_store_sync_queue_import   (OrgaStore   *self,
                                               gint64       organization_id,
                                               gint64       import_id,
                                               const char  *kind,
                                               GError     **error);
/* Campaigns: @before is the row read by _orga_store_sync_read_campaign()
 * before a campaign.update (only the fields that changed go); @at the
 * time of the change (NULL: now). */
gboolean      _orga_store_sync_queue_campaign (OrgaStore   *self,
                                               gint64       campaign_id,
                                               const char  *kind,
                                               JsonObject  *before,
                                               const char  *at,
                                               GError     **error);
JsonObject   *_orga_store_sync_read_campaign  (OrgaStore   *self,
                                               gint64       campaign_id,
                                               GError     **error);
/* Participations: the deletion of the participation @uuid (and of the
 * other attempts of its student in its campaign, as the server does). */
gboolean      _orga_store_sync_queue_participation_delete (OrgaStore   *self,
                                               gint64       organization_id,
                                               const char  *uuid,
                                               const char  *at,
                                               GError     **error);
/* Queues what school @organization_id holds (its active students as a
 * seed import, its campaigns) when a space adopts it. */
gboolean      _orga_store_sync_queue_seed     (OrgaStore   *self,
                                               gint64       organization_id,
                                               GError     **error);
/* Certification (orga-store-cert.c): the wire row of @kind's row @id,
 * every field but seq, its references as the uuids of the rows they
 * name. NULL with @error set when there is none. */
JsonObject   *_orga_store_sync_read_cert_row  (OrgaStore    *self,
                                               OrgaWireKind  kind,
                                               gint64        id,
                                               GError      **error);
/* Queues @data (consumed) as the change @kind about the row @subject
 * (a uuid) of school @organization_id, when that school syncs. */
gboolean      _orga_store_sync_queue_cert     (OrgaStore    *self,
                                               gint64        organization_id,
                                               const char   *kind,
                                               const char   *subject,
                                               JsonObject   *data,
                                               GError      **error);
/* Forgets what school @organization_id (0: every school) synced with its
 * space: outbox, cursor, notices, the rows' marks. Its rows then count as
 * made offline (a school bound to another space, another account). */
gboolean      _orga_store_sync_forget         (OrgaStore   *self,
                                               gint64       organization_id,
                                               GError     **error);
/* The signed-in account's user id when @owner is its name, else NULL. */
char         *_orga_store_sync_dup_owner_id   (OrgaStore   *self,
                                               const char  *owner);

/* The change feed (orga-store-changes.c). Write points call
 * _orga_store_mark() with what they change; begin, commit and rollback
 * call the _orga_store_feed_ hooks once their SQL succeeded. */
typedef struct _OrgaStoreFeed OrgaStoreFeed;

void           _orga_store_feed_class_init (GObjectClass        *klass);
OrgaStoreFeed *_orga_store_feed_new        (OrgaStore           *store);
void           _orga_store_feed_free       (OrgaStoreFeed       *feed);
/* Once the connection is open. */
void           _orga_store_feed_opened     (OrgaStore           *self);
OrgaStoreFeed *_orga_store_get_feed        (OrgaStore           *self);
void           _orga_store_feed_begin      (OrgaStore           *self);
void           _orga_store_feed_commit     (OrgaStore           *self);
void           _orga_store_feed_rollback   (OrgaStore           *self);
/* @campaign_id: the campaign changed, or 0 when none or unknown. */
void           _orga_store_mark            (OrgaStore           *self,
                                            OrgaStoreChangeKind  kinds,
                                            gint64               campaign_id);

G_END_DECLS
