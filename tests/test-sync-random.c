/* test-sync-random.c: random operation sequences on three desktops of one
 * space end identical on the three and on the server (issue 10, item 6)
 *
 * One real pixorga-server (tests/sync-test-util.h). The sequences run in
 * groups of GROUP in one space each, each group on three new desktops:
 * A and B bound as the space's administrator, C as its member. A
 * sequence is a few random operations, each on a random desktop: an
 * import of a random subset of a pool of students (built with the core's
 * API, as a parsed file would be), a rejected import, undoing the latest
 * import, creating, editing, archiving, unarchiving and deleting
 * campaigns, participations put on the server (`pixorga-server …
 * participations import`), a sync, a desktop losing the network for a
 * few operations (its client points at a closed port), and now and then
 * the server SIGKILLed and restarted. Then every desktop syncs until
 * nothing moves, and the three, an observer desktop that only pulls, the
 * server's own tables (read through a connection of the test's own) and
 * (every tenth sequence and at the end of a group) a fresh desktop pulled
 * from 0 must hold the same rows, byte for byte.
 *
 * Checked on the way: a sync online is "ok", offline "offline" with the
 * outbox kept; every refusal carries the server's message; every import
 * the member makes is refused (and rolled back: the end state is the
 * server's); nothing is left in an outbox at the end.
 *
 * Seeds are fixed (sequence i uses seed i). On a failure the test prints
 * the seed and the operations of the sequence, and goes on with the next
 * group (a new space), so that one run shows every kind of failure;
 * PIXORGA_SYNC_RANDOM_SEED=i replays the group of sequence i up to it, and
 * PIXORGA_SYNC_RANDOM_SEQUENCES=n changes how many run. On PostgreSQL
 * (sync-random-pg) the same 1,000 run.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <sqlite3.h>
#include <string.h>

#include "orga-store-campaigns.h"
#include "orga-store-sync.h"
#include "orga-target-profile.h"
#include "sync-test-db.h"

#define SEQUENCES 1000
#define GROUP 50
#define POOL 24
#define N_DESKS 3

static const char *const last_names[] = {
  "MARTIN", "BERNARD", "THOMAS", "PETIT", "ROBERT", "RICHARD", "DURAND", "DUBOIS",
  "MOREAU", "LAURENT", "SIMON", "MICHEL", "LEFÈVRE", "LEROY", "ROUX", "DAVID",
};
static const char *const first_names[] = {
  "Léa", "Hugo", "Chloé", "Louis", "Emma", "Jules", "Inès", "Gabriel", "Zoé", "Nathan",
};
static const char *const divisions[] = { "6A", "6B", "5A", "5B" };

typedef struct
{
  SyncTestServer  *server;
  SyncTestSpace   *space;
  SyncTestDesktop *desk[N_DESKS];
  SyncTestDesktop *observer;
  guint            offline_for[N_DESKS];  /* operations left offline */
  GHashTable      *participated;         /* "campaign learner" on the server */
  guint            member_imports;       /* imports C made, each to be refused */
  guint            member_refused;       /* import.apply refusals C was told */
  guint            names;                /* a counter for names */
  GRand           *rand;
  GString         *log;                  /* this sequence's operations */
  GHashTable      *stats;                /* what happened, counted: name → count */
  guint            seed;
  gboolean         failed;
} World;

static const char *const desk_names[N_DESKS] = { "A", "B", "C" };

static gboolean
chance (World  *w,
        double  p)
{
  return g_rand_double (w->rand) < p;
}

static guint
pick (World *w,
      guint  n)
{
  return g_rand_int_range (w->rand, 0, (gint32) n);
}

static void
tally (World      *w,
       const char *what)
{
  gpointer n = g_hash_table_lookup (w->stats, what);

  g_hash_table_replace (w->stats, g_strdup (what), GUINT_TO_POINTER (GPOINTER_TO_UINT (n) + 1));
}

static void
say (World      *w,
     const char *format,
     ...) G_GNUC_PRINTF (2, 3);

static void
say (World      *w,
     const char *format,
     ...)
{
  va_list args;

  va_start (args, format);
  g_string_append_vprintf (w->log, format, args);
  va_end (args);
  g_string_append_c (w->log, '\n');
}

static void
fail (World      *w,
      const char *format,
      ...) G_GNUC_PRINTF (2, 3);

/* Prints the seed and what the sequence did, and fails the test. */
static void
fail (World      *w,
      const char *format,
      ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  g_printerr ("\nsequence %u failed: %s\noperations of the sequence:\n%s"
              "replay: PIXORGA_SYNC_RANDOM_SEED=%u (runs its group up to it)\n",
              w->seed, message, w->log->str, w->seed);
  w->failed = TRUE;
  g_test_fail_printf ("sequence %u: %s", w->seed, message);
}

/* ---- syncs -------------------------------------------------------------- */

/* One sync of desktop @d, checked: "ok" online, "offline" offline with
 * nothing lost; every refusal with the server's words. Returns how many
 * changes and rows moved. */
static guint
sync_desk (World *w,
           guint  d)
{
  SyncTestDesktop *desk = w->desk[d];
  guint outbox = sync_test_desktop_count_outbox (desk);
  g_autoptr(OrgaSyncReport) report = sync_test_desktop_sync (desk);

  say (w, "  sync %s (%s): %s, pushed %u, pulled %u, cursor %" G_GINT64_FORMAT ", refused %u%s%s",
       desk_names[d], desk->online ? "online" : "offline", orga_sync_status_to_string (report->status),
       report->pushed, report->pulled, report->cursor, report->refused != NULL ? report->refused->len : 0,
       report->error_message != NULL ? ": " : "", report->error_message != NULL ? report->error_message : "");

  tally (w, desk->online ? "sync online" : "sync offline");
  if (!desk->online)
    {
      if (report->status != ORGA_SYNC_STATUS_OFFLINE)
        fail (w, "desktop %s offline: status %s", desk_names[d], orga_sync_status_to_string (report->status));
      if (sync_test_desktop_count_outbox (desk) != outbox)
        fail (w, "desktop %s offline: its outbox went from %u to %u", desk_names[d], outbox,
              sync_test_desktop_count_outbox (desk));
      return 0;
    }

  if (report->status != ORGA_SYNC_STATUS_OK)
    fail (w, "desktop %s online: status %s: %s", desk_names[d], orga_sync_status_to_string (report->status),
          report->error_message);

  for (guint i = 0; report->notices != NULL && i < report->notices->len; i++)
    tally (w, "notice of an overridden import");
  for (guint i = 0; report->refused != NULL && i < report->refused->len; i++)
    {
      const OrgaSyncNotice *notice = g_ptr_array_index (report->refused, i);

      g_autofree char *what = g_strdup_printf ("refused %s", notice->kind);

      say (w, "    refused %s: %s", notice->kind, notice->message);
      tally (w, what);
      if (notice->message == NULL || *notice->message == '\0')
        fail (w, "desktop %s: a refusal (%s) without a message", desk_names[d], notice->kind);
      if (d == 2 && g_strcmp0 (notice->kind, ORGA_SYNC_IMPORT_APPLY) == 0)
        w->member_refused++;
      else if (d != 2 && (g_strcmp0 (notice->kind, ORGA_SYNC_IMPORT_APPLY) == 0 ||
                          g_strcmp0 (notice->kind, ORGA_SYNC_IMPORT_REJECT) == 0))
        fail (w, "desktop %s (an administrator): its import refused: %s", desk_names[d], notice->message);
    }

  return report->pushed + report->pulled + (report->refused != NULL ? report->refused->len : 0);
}

static void
sync_observer (World *w)
{
  g_autoptr(OrgaSyncReport) report = sync_test_desktop_sync (w->observer);

  if (report->status != ORGA_SYNC_STATUS_OK)
    fail (w, "the observer's pull: %s", report->error_message);
  if (report->pushed != 0)
    fail (w, "the observer pushed %u changes", report->pushed);
}

/* ---- operations --------------------------------------------------------- */

static void
op_import (World *w,
           guint  d)
{
  SyncTestDesktop *desk = w->desk[d];
  g_autoptr(OrgaLearnerSet) set = orga_learner_set_new ();
  g_autoptr(OrgaImportReport) report = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *file_name = g_strdup_printf ("eleves-%u.xml", ++w->names);
  guint kept = 0;

  orga_learner_set_set_format (set, ORGA_IMPORT_FORMAT_SIECLE_XML);
  orga_learner_set_set_encoding (set, "UTF-8");
  for (guint i = 0; i < POOL; i++)
    {
      OrgaLearnerFields *f;
      char ine[16];
      char birthdate[16];

      if (!chance (w, 0.7) && !(i == POOL - 1 && kept == 0))
        continue;
      g_snprintf (ine, sizeof ine, "%09uAB", 100000 + i);
      g_snprintf (birthdate, sizeof birthdate, "2012-%02u-%02u", 1 + i % 12, 1 + i % 28);
      f = orga_learner_set_peek (set, orga_learner_set_append (set));
      f->ine = orga_learner_set_intern (set, ine, -1);
      /* A name changes now and then: an update. */
      f->last_name = orga_learner_set_intern (set, last_names[(i + (chance (w, 0.1) ? 1 : 0)) % G_N_ELEMENTS (last_names)], -1);
      f->first_name = orga_learner_set_intern (set, first_names[i % G_N_ELEMENTS (first_names)], -1);
      f->sex = i % 2 ? "M" : "F";
      f->birthdate = orga_learner_set_intern (set, birthdate, -1);
      f->birth_country_code = "100";
      f->birth_city_code = "33063";
      f->mef_code = "10010012110";
      f->status = "ST";
      f->division = divisions[pick (w, G_N_ELEMENTS (divisions))];
      f->line = i + 1;
      f->ignored = ORGA_IGNORE_NONE;
      kept++;
    }

  report = orga_import_report_new (file_name, set);
  if (!orga_store_apply_learner_set (desk->store, desk->school, report, NULL, FALSE, NULL, &error))
    {
      say (w, "import on %s of %u students: not applied: %s", desk_names[d], kept, error->message);
      return;
    }
  tally (w, "import");
  say (w, "import on %s of %u students: %u created, %u updated, %u disabled", desk_names[d], kept,
       orga_import_report_get_counts (report)->created, orga_import_report_get_counts (report)->updated,
       orga_import_report_get_counts (report)->disabled);
  if (d == 2)
    w->member_imports++;
}

static void
op_reject (World *w,
           guint  d)
{
  SyncTestDesktop *desk = w->desk[d];
  g_autoptr(OrgaLearnerSet) set = orga_learner_set_new ();
  g_autoptr(OrgaImportReport) report = NULL;
  g_autoptr(GError) error = NULL;

  orga_learner_set_set_format (set, ORGA_IMPORT_FORMAT_SIECLE_XML);
  orga_learner_set_add_error (set, ORGA_IMPORT_CODE_EMPTY, 0, NULL, NULL, "%s", "Le fichier est vide.");
  report = orga_import_report_new ("vide.xml", set);
  orga_import_report_set_status (report, ORGA_IMPORT_STATUS_REJECTED);
  if (!orga_store_record_rejected_import (desk->store, desk->school, report, NULL, &error))
    say (w, "rejected file on %s: not recorded: %s", desk_names[d], error->message);
  else
    {
      tally (w, "rejected file");
      say (w, "rejected file on %s", desk_names[d]);
    }
}

static void
op_undo (World *w,
         guint  d)
{
  SyncTestDesktop *desk = w->desk[d];
  g_autoptr(OrgaImportRecord) last = NULL;
  g_autoptr(GError) error = NULL;

  last = orga_store_get_last_import (desk->store, desk->school, TRUE, &error);
  g_assert_no_error (error);
  if (last == NULL || g_strcmp0 (last->status, "imported") != 0)
    {
      say (w, "undo on %s: nothing to undo", desk_names[d]);
      return;
    }
  if (!orga_store_undo_import (desk->store, desk->school, last->id, &error))
    say (w, "undo on %s of %s: refused: %s", desk_names[d], last->uuid, error->message);
  else
    {
      tally (w, "undo");
      say (w, "undo on %s of %s", desk_names[d], last->uuid);
    }
}

static OrgaCampaign *
pick_campaign (World *w,
               guint  d)
{
  SyncTestDesktop *desk = w->desk[d];
  g_autoptr(GPtrArray) active = NULL;
  g_autoptr(GPtrArray) archived = NULL;
  g_autoptr(GError) error = NULL;
  OrgaCampaignQuery query = { 0 };
  guint n;

  active = orga_store_list_campaigns (desk->store, desk->school, &query, &error);
  g_assert_no_error (error);
  query.archived = TRUE;
  archived = orga_store_list_campaigns (desk->store, desk->school, &query, &error);
  g_assert_no_error (error);
  n = active->len + archived->len;
  if (n == 0)
    return NULL;
  n = pick (w, n);
  return g_object_ref (n < active->len ? g_ptr_array_index (active, n)
                                       : g_ptr_array_index (archived, n - active->len));
}

static void
op_create_campaign (World *w,
                    guint  d)
{
  SyncTestDesktop *desk = w->desk[d];
  g_autofree char *name = g_strdup_printf ("Campagne %u", ++w->names);
  g_autofree char *owner = orga_account_dup_display_name (desk->account);
  g_autoptr(OrgaCampaign) campaign = NULL;
  g_autoptr(GError) error = NULL;
  OrgaCampaignSpec spec = { 0 };

  spec.name = name;
  spec.owner = owner;
  spec.creator = owner;
  if (chance (w, 0.7))
    {
      spec.type = ORGA_CAMPAIGN_TYPE_ASSESSMENT;
      spec.target_profile_id = orga_target_profile_get_nth (pick (w, orga_target_profile_get_n_profiles ()))->id;
      spec.title = chance (w, 0.5) ? "Rentrée" : NULL;
    }
  else
    spec.type = ORGA_CAMPAIGN_TYPE_PROFILES_COLLECTION;
  spec.multiple_sendings = chance (w, 0.3);
  if (chance (w, 0.3))
    {
      spec.external_id_type = ORGA_EXTERNAL_ID_STRING;
      spec.external_id_label = "Numéro";
    }

  campaign = orga_store_create_campaign (desk->store, desk->school, &spec, &error);
  if (campaign == NULL)
    say (w, "create on %s: refused: %s", desk_names[d], error->message);
  else
    tally (w, "campaign created");
  if (campaign != NULL)
    say (w, "create on %s: %s %s", desk_names[d], orga_campaign_get_uuid (campaign), orga_campaign_get_code (campaign));
}

static void
op_edit_campaign (World *w,
                  guint  d)
{
  SyncTestDesktop *desk = w->desk[d];
  g_autoptr(OrgaCampaign) campaign = pick_campaign (w, d);
  g_autoptr(GError) error = NULL;
  g_autofree char *name = NULL;
  g_autofree char *landing = NULL;
  const char *title;
  const char *owner;

  if (campaign == NULL)
    return;
  /* Some fields change, the others are passed as they are. */
  name = chance (w, 0.6) ? g_strdup_printf ("Campagne %u (modifiée)", ++w->names)
                         : g_strdup (orga_campaign_get_name (campaign));
  landing = chance (w, 0.4) ? g_strdup_printf ("Bienvenue, texte %u.", ++w->names)
                            : g_strdup (orga_campaign_get_landing_text (campaign));
  title = orga_campaign_get_title (campaign);
  if (orga_campaign_get_campaign_type (campaign) == ORGA_CAMPAIGN_TYPE_ASSESSMENT && chance (w, 0.3))
    title = title == NULL ? "Bilan" : NULL;
  owner = chance (w, 0.2) ? "Claire Dupont" : orga_campaign_get_owner (campaign);

  if (!orga_store_update_campaign (desk->store, orga_campaign_get_id (campaign), name, title, landing, owner, &error))
    say (w, "edit on %s of %s: refused: %s", desk_names[d], orga_campaign_get_uuid (campaign), error->message);
  else
    tally (w, "campaign edited");
  if (error == NULL)
    say (w, "edit on %s of %s: name %s, title %s, owner %s", desk_names[d], orga_campaign_get_uuid (campaign),
         name, title, owner);
}

static void
op_archive_campaign (World *w,
                     guint  d)
{
  SyncTestDesktop *desk = w->desk[d];
  g_autoptr(OrgaCampaign) campaign = pick_campaign (w, d);
  g_autoptr(GError) error = NULL;
  g_autofree char *who = orga_account_dup_display_name (desk->account);
  gboolean archive;
  gboolean ok;

  if (campaign == NULL)
    return;
  archive = !orga_campaign_is_archived (campaign);
  ok = archive ? orga_store_archive_campaign (desk->store, orga_campaign_get_id (campaign), who, &error)
               : orga_store_unarchive_campaign (desk->store, orga_campaign_get_id (campaign), &error);
  if (ok)
    tally (w, archive ? "campaign archived" : "campaign unarchived");
  say (w, "%s on %s of %s%s%s", archive ? "archive" : "unarchive", desk_names[d],
       orga_campaign_get_uuid (campaign), ok ? "" : ": refused: ", ok ? "" : error->message);
}

static void
op_delete_campaign (World *w,
                    guint  d)
{
  SyncTestDesktop *desk = w->desk[d];
  g_autoptr(OrgaCampaign) campaign = pick_campaign (w, d);
  g_autoptr(GError) error = NULL;
  g_autofree char *who = orga_account_dup_display_name (desk->account);
  gint64 id;

  if (campaign == NULL)
    return;
  id = orga_campaign_get_id (campaign);
  if (!orga_store_delete_campaigns (desk->store, &id, 1, who, &error))
    say (w, "delete on %s of %s: refused: %s", desk_names[d], orga_campaign_get_uuid (campaign), error->message);
  else
    {
      tally (w, "campaign deleted");
      say (w, "delete on %s of %s", desk_names[d], orga_campaign_get_uuid (campaign));
    }
}

/* The uuids of a column, from the observer's database (what the server
 * had at its last pull), in an order that does not depend on the uuids,
 * which are random: a replay makes the same choices. */
static GPtrArray *
observer_uuids (World      *w,
                const char *sql)
{
  GPtrArray *uuids = g_ptr_array_new_with_free_func (g_free);
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;

  g_assert_cmpint (sqlite3_open_v2 (w->observer->path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  sqlite3_bind_int64 (stmt, 1, orga_organization_get_id (w->observer->school));
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_ptr_array_add (uuids, g_strdup ((const char *) sqlite3_column_text (stmt, 0)));
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return uuids;
}

/* Students pass a campaign: participations written on the server, as
 * the students' pages will (issue 11). */
static void
op_participations (World *w)
{
  g_autoptr(GPtrArray) campaigns = NULL;
  g_autoptr(GPtrArray) learners = NULL;
  g_autoptr(JsonArray) rows = json_array_new ();
  guint wanted;

  sync_observer (w);
  campaigns = observer_uuids (w, "SELECT uuid FROM campaigns WHERE organization_id = ?1 AND deleted_at IS NULL "
                                 "ORDER BY name, created_at");
  learners = observer_uuids (w, "SELECT uuid FROM learners WHERE organization_id = ?1 ORDER BY ine");
  if (campaigns->len == 0 || learners->len == 0)
    return;

  wanted = 1 + pick (w, 4);
  for (guint i = 0; i < wanted; i++)
    {
      const char *campaign = g_ptr_array_index (campaigns, pick (w, campaigns->len));
      const char *learner = g_ptr_array_index (learners, pick (w, learners->len));
      g_autofree char *key = g_strdup_printf ("%s %s", campaign, learner);
      JsonObject *row;

      if (g_hash_table_contains (w->participated, key))
        continue;
      g_hash_table_add (w->participated, g_steal_pointer (&key));
      row = sync_test_participation_row (campaign, learner, chance (w, 0.6), pick (w, 101) / 100.0);
      json_array_add_object_element (rows, row);
      tally (w, "participation put on the server");
      say (w, "participation on the server: %s in %s by %s", json_object_get_string_member (row, "uuid"),
           campaign, learner);
    }
  if (json_array_get_length (rows) > 0)
    sync_test_server_import_participations (w->space, rows);
}

static void
op_disconnect (World *w,
               guint  d)
{
  if (!w->desk[d]->online)
    return;
  w->offline_for[d] = 1 + pick (w, 8);
  sync_test_desktop_set_online (w->desk[d], FALSE);
  tally (w, "desktop offline");
  say (w, "%s goes offline for %u operations", desk_names[d], w->offline_for[d]);
  /* The window tries at once: "offline", the outbox kept. */
  if (chance (w, 0.5))
    sync_desk (w, d);
}

static void
op_restart_server (World *w)
{
  tally (w, "server killed and restarted");
  say (w, "the server is killed and restarted");
  sync_test_server_kill (w->server);
  sync_test_server_restart (w->server, NULL);
}

static void
one_operation (World *w)
{
  guint d = pick (w, N_DESKS);
  double r = g_rand_double (w->rand);

  if (r < 0.16)
    op_import (w, d);
  else if (r < 0.19)
    op_reject (w, d);
  else if (r < 0.25)
    {
      /* A member cannot undo on the server either; its refused imports
       * are counted exactly, so it leaves them be. */
      if (d != 2)
        op_undo (w, d);
    }
  else if (r < 0.39)
    op_create_campaign (w, d);
  else if (r < 0.50)
    op_edit_campaign (w, d);
  else if (r < 0.56)
    op_archive_campaign (w, d);
  else if (r < 0.60)
    op_delete_campaign (w, d);
  else if (r < 0.65)
    op_participations (w);
  else if (r < 0.69)
    op_disconnect (w, d);
  else if (r < 0.692)
    op_restart_server (w);
  else
    sync_desk (w, d);

  /* Time passes offline. */
  for (guint i = 0; i < N_DESKS; i++)
    if (w->offline_for[i] > 0 && --w->offline_for[i] == 0)
      {
        sync_test_desktop_set_online (w->desk[i], TRUE);
        say (w, "%s is back online", desk_names[i]);
      }
}

/* ---- the end of a sequence ---------------------------------------------- */

static void
converge (World    *w,
          gboolean  fresh)
{
  g_autofree char *a = NULL;
  guint round;

  for (guint i = 0; i < N_DESKS; i++)
    if (!w->desk[i]->online)
      {
        w->offline_for[i] = 0;
        sync_test_desktop_set_online (w->desk[i], TRUE);
      }

  say (w, "converge");
  for (round = 0; round < 8; round++)
    {
      guint moved = 0;

      for (guint i = 0; i < N_DESKS; i++)
        moved += sync_desk (w, i);
      if (moved == 0)
        break;
    }
  if (round == 8)
    fail (w, "still moving after 8 rounds of syncs");

  for (guint i = 0; i < N_DESKS; i++)
    if (sync_test_desktop_count_outbox (w->desk[i]) != 0)
      fail (w, "desktop %s: %u changes left in the outbox", desk_names[i],
            sync_test_desktop_count_outbox (w->desk[i]));
  if (w->member_refused != w->member_imports)
    fail (w, "the member made %u imports, %u were refused", w->member_imports, w->member_refused);

  sync_observer (w);
  a = sync_test_desktop_dump (w->desk[0]);
  for (guint i = 1; i < N_DESKS; i++)
    {
      g_autofree char *other = sync_test_desktop_dump (w->desk[i]);
      g_autofree char *what = g_strdup_printf ("desktops A and %s", desk_names[i]);

      if (!sync_test_same_dump (what, a, other))
        fail (w, "%s differ", what);
    }
  {
    g_autofree char *observed = sync_test_desktop_dump (w->observer);

    if (!sync_test_same_dump ("desktop A and the observer", a, observed))
      fail (w, "desktop A and the observer (the server, pulled bit by bit) differ");
  }
  {
    g_autofree char *tables = sync_test_server_dump_db (w->space);

    if (!sync_test_same_dump ("desktop A and the server's tables", a, tables))
      fail (w, "desktop A and the server's tables differ");
  }
  if (fresh)
    {
      g_autofree char *server = sync_test_server_dump (w->space);

      tally (w, "fresh desktop compared");

      if (!sync_test_same_dump ("desktop A and the server", a, server))
        fail (w, "desktop A and the server (pulled from 0) differ");
    }
}

static void
world_new_group (World *w)
{
  g_clear_pointer (&w->observer, sync_test_desktop_free);
  for (guint i = 0; i < N_DESKS; i++)
    g_clear_pointer (&w->desk[i], sync_test_desktop_free);
  g_clear_pointer (&w->space, sync_test_space_free);
  g_hash_table_remove_all (w->participated);
  w->member_imports = w->member_refused = 0;

  w->space = sync_test_space_new (w->server);
  w->desk[0] = sync_test_desktop_new (w->space, "A", TRUE);
  w->desk[1] = sync_test_desktop_new (w->space, "B", TRUE);
  w->desk[2] = sync_test_desktop_new (w->space, "C", FALSE);
  w->observer = sync_test_desktop_new (w->space, "observer", TRUE);
  memset (w->offline_for, 0, sizeof w->offline_for);
}

static void
test_random_sequences (void)
{
  const char *replay = g_getenv ("PIXORGA_SYNC_RANDOM_SEED");
  const char *count = g_getenv ("PIXORGA_SYNC_RANDOM_SEQUENCES");
  guint first = 0;
  guint last = SEQUENCES;
  World w = { 0 };
  gint64 start = g_get_monotonic_time ();
  g_autoptr(GString) failures = g_string_new (NULL);

  if (count != NULL)
    last = (guint) g_ascii_strtoull (count, NULL, 10);
  if (replay != NULL)
    {
      guint seed = (guint) g_ascii_strtoull (replay, NULL, 10);

      first = seed - seed % GROUP;
      last = seed + 1;
    }

  w.server = sync_test_server_start (NULL);
  w.participated = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  w.log = g_string_new (NULL);
  w.stats = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  for (guint seed = first; seed < last; seed++)
    {
      guint n_ops;

      /* After a failure the group's space has diverged: the next group
       * starts afresh, so that one run shows every kind of failure. */
      if (w.failed)
        {
          g_string_append_printf (failures, " %u", w.seed);
          w.failed = FALSE;
          if (replay != NULL)
            break;
          seed = w.seed - w.seed % GROUP + GROUP;
          if (seed >= last)
            break;
        }
      if (seed == first || seed % GROUP == 0)
        world_new_group (&w);

      g_string_truncate (w.log, 0);
      g_clear_pointer (&w.rand, g_rand_free);
      w.seed = seed;
      w.rand = g_rand_new_with_seed (seed);

      /* Now and then B is a new computer: its first sync is the whole
       * space. */
      if (seed % GROUP != 0 && chance (&w, 0.03))
        {
          tally (&w, "B replaced by a new desktop");
          say (&w, "B is replaced by a new desktop");
          g_clear_pointer (&w.desk[1], sync_test_desktop_free);
          w.desk[1] = sync_test_desktop_new (w.space, "B", TRUE);
        }

      n_ops = 3 + pick (&w, 8);
      for (guint i = 0; i < n_ops && !w.failed; i++)
        one_operation (&w);
      if (!w.failed)
        converge (&w, seed % 10 == 9 || seed % GROUP == GROUP - 1 || seed + 1 == last);
      if (g_test_verbose ())
        g_printerr ("%s", w.log->str);
    }

  if (w.failed)
    g_string_append_printf (failures, " %u", w.seed);
  {
    g_autoptr(GList) keys = g_list_sort (g_hash_table_get_keys (w.stats), (GCompareFunc) g_strcmp0);

    /* What the run did: a test whose random choices never reach a rule
     * proves nothing about it. */
    for (GList *k = keys; k != NULL; k = k->next)
      g_test_message ("%6u %s", GPOINTER_TO_UINT (g_hash_table_lookup (w.stats, k->data)), (char *) k->data);
  }
  if (failures->len > 0)
    g_printerr ("# failed sequences:%s\n", failures->str);
  g_test_message ("%u sequences in %.1f s on %s", last - first,
                  (g_get_monotonic_time () - start) / 1e6, sync_test_is_postgres () ? "PostgreSQL" : "SQLite");

  g_clear_pointer (&w.observer, sync_test_desktop_free);
  for (guint i = 0; i < N_DESKS; i++)
    g_clear_pointer (&w.desk[i], sync_test_desktop_free);
  g_clear_pointer (&w.space, sync_test_space_free);
  g_clear_pointer (&w.server, sync_test_server_free);
  g_hash_table_unref (w.participated);
  g_hash_table_unref (w.stats);
  g_string_free (w.log, TRUE);
  g_clear_pointer (&w.rand, g_rand_free);
}

int
main (int   argc,
      char *argv[])
{
  sync_test_init (&argc, &argv);

  g_test_add_func ("/sync/random-sequences", test_random_sequences);

  return g_test_run ();
}
