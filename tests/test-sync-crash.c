/* test-sync-crash.c: killing the server in a push, or the client in a
 * pull, loses and duplicates nothing (issue 10, item 6)
 *
 * Against the real pixorga-server (tests/sync-test-util.h), on SQLite, or
 * on PostgreSQL under tests/orga-pg.py (test-sync-crash-pg).
 *
 * - The server is SIGKILLed in the middle of a push: it runs with
 *   PIXORGA_SERVER_PUSH_DELAY_MS, a sleep after each change it commits,
 *   and the test watches its sync_changes table to kill it when half the
 *   changes are in. Restarted, the same push goes again: every change is
 *   there once, none twice, and the desktop, the server's tables and a
 *   fresh desktop hold the same rows.
 * - The same, killed after its last commit and before its answer: the
 *   retried push only reads the answers back, and writes nothing.
 * - `pixorga-cli sync` is SIGKILLed after its first page
 *   (PIXORGA_SYNC_PAGE_LIMIT small, PIXORGA_SYNC_PAGE_DELAY_MS long): its
 *   cursor is a page's cursor and its rows are exactly those of the pages
 *   up to it, applied by hand to another desktop; the next sync finishes
 *   the job, identical to the server.
 * - The same, killed at staggered moments without a delay, again and
 *   again until a run ends by itself: after each kill, the same check.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <signal.h>
#include <sqlite3.h>
#include <string.h>

#include "orga-store-campaigns.h"
#include "orga-store-sync.h"
#include "sync-test-db.h"

#define PUSH_DELAY_MS 150
#define PAGE_LIMIT 40

static SyncTestServer *server;

static const char *const push_delay_env[] = {
  "PIXORGA_SERVER_PUSH_DELAY_MS=" G_STRINGIFY (PUSH_DELAY_MS), NULL
};

static guint
count_lines (const char *dump,
             const char *prefix)
{
  g_auto(GStrv) lines = g_strsplit (dump, "\n", -1);
  guint n = 0;

  for (guint i = 0; lines[i] != NULL; i++)
    n += g_str_has_prefix (lines[i], prefix);
  return n;
}

static void
assert_same (const char *what,
             const char *expected,
             const char *actual)
{
  if (!sync_test_same_dump (what, expected, actual))
    g_error ("%s differ", what);
}

/* The desktop, the server's tables and a fresh desktop: one state. */
static void
assert_converged (SyncTestDesktop *desk)
{
  g_autofree char *here = sync_test_desktop_dump (desk);
  g_autofree char *tables = sync_test_server_dump_db (desk->space);
  g_autofree char *fresh = sync_test_server_dump (desk->space);

  assert_same ("the desktop and the server's tables", tables, here);
  assert_same ("the server's tables and a fresh desktop", tables, fresh);
}

/* ---- the server killed in a push ----------------------------------------- */

/* Queues a mix of changes on @desk, which has never synced: an import,
 * a refused file, campaigns created, edited, archived, deleted. Returns
 * how many are in the outbox. */
static guint
queue_changes (SyncTestDesktop *desk,
               guint            n_campaigns)
{
  g_autoptr(GPtrArray) campaigns = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(OrgaImportReport) report = NULL;
  g_autoptr(GError) error = NULL;

  report = sync_test_desktop_import (desk, 0, 30, "6A");
  for (guint i = 0; i < n_campaigns; i++)
    {
      g_autofree char *name = g_strdup_printf ("Campagne %u", i + 1);

      g_ptr_array_add (campaigns, sync_test_desktop_create_campaign (desk, name));
    }
  for (guint i = 0; i < 4; i++)
    {
      OrgaCampaign *c = g_ptr_array_index (campaigns, i);
      g_autofree char *name = g_strdup_printf ("Campagne %u (modifiée)", i + 1);

      g_assert_true (orga_store_update_campaign (desk->store, orga_campaign_get_id (c), name,
                                                 NULL, "Bienvenue.", orga_campaign_get_owner (c), &error));
      g_assert_no_error (error);
    }
  {
    OrgaCampaign *c = g_ptr_array_index (campaigns, 5);
    gint64 id = orga_campaign_get_id (g_ptr_array_index (campaigns, 6));

    g_assert_true (orga_store_archive_campaign (desk->store, orga_campaign_get_id (c), "Anne Admin", &error));
    g_assert_no_error (error);
    g_assert_true (orga_store_delete_campaigns (desk->store, &id, 1, "Anne Admin", &error));
    g_assert_no_error (error);
  }
  g_clear_object (&report);
  report = sync_test_desktop_import (desk, 20, 20, "6B");

  return sync_test_desktop_count_outbox (desk);
}

/* Runs a sync of @desk and kills the server once it has recorded
 * @kill_at changes of the space; returns the report of that sync. */
static OrgaSyncReport *
sync_and_kill_server (SyncTestDesktop *desk,
                      gint64           kill_at)
{
  g_autoptr(OrgaSync) sync = orga_sync_new (desk->store, desk->client);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  gint64 deadline = g_get_monotonic_time () + 60 * G_USEC_PER_SEC;
  OrgaSyncReport *report;

  orga_sync_run_async (sync, desk->school, NULL, sync_test_result_cb, &result);
  while (sync_test_server_is_running (server))
    {
      while (g_main_context_iteration (NULL, FALSE))
        ;
      if (sync_test_server_count_changes (desk->space) >= kill_at)
        sync_test_server_kill (server);
      else if (result != NULL)
        g_error ("the sync ended before the server had %" G_GINT64_FORMAT " changes", kill_at);
      else if (g_get_monotonic_time () > deadline)
        g_error ("the server never had %" G_GINT64_FORMAT " changes", kill_at);
      else
        g_usleep (2000);
    }

  report = orga_sync_run_finish (sync, sync_test_wait (&result, 60000), &error);
  g_assert_no_error (error);
  return report;
}

static void
server_killed_in_push (gboolean after_last)
{
  g_autoptr(SyncTestSpace) space = NULL;
  g_autoptr(SyncTestDesktop) desk = NULL;
  g_autoptr(SyncTestDesktop) other = NULL;
  g_autoptr(OrgaSyncReport) report = NULL;
  g_autoptr(OrgaSyncReport) again = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autofree char *tables = NULL;
  guint n;
  gint64 recorded;

  sync_test_server_kill (server);
  sync_test_server_restart (server, push_delay_env);
  space = sync_test_space_new (server);
  desk = sync_test_desktop_new (space, "A", TRUE);
  n = queue_changes (desk, 12);
  g_assert_cmpuint (n, >=, 18);
  g_assert_cmpuint (n, <=, ORGA_SYNC_PUSH_MAX);   /* one push */
  g_assert_cmpint (sync_test_server_count_changes (space), ==, 0);

  report = sync_and_kill_server (desk, after_last ? n : n / 2);
  recorded = sync_test_server_count_changes (space);
  g_test_message ("killed with %" G_GINT64_FORMAT " of %u changes recorded: %s", recorded, n,
                  orga_sync_status_to_string (report->status));

  /* No answer: nothing left the outbox, nothing was rolled back. */
  g_assert_cmpint (report->status, !=, ORGA_SYNC_STATUS_OK);
  g_assert_cmpuint (report->pushed, ==, 0);
  g_assert_true (report->refused == NULL || report->refused->len == 0);
  g_assert_cmpuint (sync_test_desktop_count_outbox (desk), ==, n);
  if (after_last)
    g_assert_cmpint (recorded, ==, n);
  else
    {
      /* The middle: some in, not all. */
      g_assert_cmpint (recorded, >=, n / 2);
      g_assert_cmpint (recorded, <, n);
    }

  /* What the server committed survived the kill. */
  sync_test_server_restart (server, NULL);
  g_assert_cmpint (sync_test_server_count_changes (space), ==, recorded);
  before = sync_test_server_dump_db (space);

  again = sync_test_desktop_sync (desk);
  g_assert_cmpint (again->status, ==, ORGA_SYNC_STATUS_OK);
  g_assert_true (again->refused == NULL || again->refused->len == 0);
  g_assert_cmpuint (again->pushed, ==, n);
  g_assert_cmpuint (sync_test_desktop_count_outbox (desk), ==, 0);

  /* Each change once: n recorded, 12 campaigns, two imports of students
   * and no other, 40 students. */
  g_assert_cmpint (sync_test_server_count_changes (space), ==, n);
  tables = sync_test_server_dump_db (space);
  g_assert_cmpuint (count_lines (tables, "campaigns "), ==, 12);
  g_assert_cmpuint (count_lines (tables, "imports "), ==, 2);
  g_assert_cmpuint (count_lines (tables, "learners "), ==, 40);
  after = g_strdup (tables);
  if (after_last)
    /* Everything was in before: the retry only read the answers back. */
    assert_same ("the server's tables before and after the retried push", before, after);
  assert_converged (desk);

  /* Another desktop of the space sees the same. */
  other = sync_test_desktop_new (space, "B", FALSE);
  g_clear_pointer (&again, orga_sync_report_free);
  again = sync_test_desktop_sync (other);
  g_assert_cmpint (again->status, ==, ORGA_SYNC_STATUS_OK);
  {
    g_autofree char *theirs = sync_test_desktop_dump (other);

    assert_same ("the server's tables and the member's desktop", tables, theirs);
  }
}

static void
test_server_killed_mid_push (void)
{
  server_killed_in_push (FALSE);
}

static void
test_server_killed_after_last_commit (void)
{
  server_killed_in_push (TRUE);
}

/* ---- the client killed in a pull ------------------------------------------ */

/* A space with some 1,000 rows: 600 students, 4 campaigns and 400
 * participations (100 in each) put on the server. */
static SyncTestSpace *
populated_space (SyncTestDesktop **maker)
{
  SyncTestSpace *space = sync_test_space_new (server);
  SyncTestDesktop *desk = sync_test_desktop_new (space, "maker", TRUE);
  g_autoptr(OrgaImportReport) report = sync_test_desktop_import (desk, 0, 600, "5A");
  g_autoptr(GPtrArray) campaigns = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(OrgaSyncReport) sync = NULL;
  g_autoptr(JsonArray) rows = json_array_new ();
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  guint i = 0;

  for (guint c = 0; c < 4; c++)
    {
      g_autofree char *name = g_strdup_printf ("Parcours %u", c + 1);

      g_ptr_array_add (campaigns, sync_test_desktop_create_campaign (desk, name));
    }
  sync = sync_test_desktop_sync (desk);
  g_assert_cmpint (sync->status, ==, ORGA_SYNC_STATUS_OK);

  /* 100 students take each campaign. */
  g_assert_cmpint (sqlite3_open_v2 (desk->path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT uuid FROM learners ORDER BY ine", -1, &stmt, NULL), ==, SQLITE_OK);
  while (sqlite3_step (stmt) == SQLITE_ROW && i < 400)
    {
      OrgaCampaign *campaign = g_ptr_array_index (campaigns, i / 100);

      json_array_add_object_element (rows, sync_test_participation_row (orga_campaign_get_uuid (campaign),
                                                                        (const char *) sqlite3_column_text (stmt, 0),
                                                                        i % 3 != 0, (i % 100) / 100.0));
      i++;
    }
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  g_assert_cmpuint (json_array_get_length (rows), ==, 400);
  sync_test_server_import_participations (space, rows);

  *maker = desk;
  return space;
}

/* The reference: @ref has the pages from 0 applied by hand, as long as
 * their cursor is not past @cursor; the cursor must be one of them. */
static void
apply_pages_up_to (SyncTestDesktop *ref,
                   gint64           cursor)
{
  g_autoptr(GError) error = NULL;
  gint64 at = sync_test_desktop_get_cursor (ref);

  while (at < cursor)
    {
      g_autoptr(JsonNode) page = sync_test_space_fetch_page (ref->space, at, PAGE_LIMIT);
      JsonObject *object = json_node_get_object (page);
      gint64 next = json_object_get_int_member (object, "cursor");
      guint n_rows = 0;

      if (next > cursor)
        g_error ("the cursor %" G_GINT64_FORMAT " is inside the page after %" G_GINT64_FORMAT " (to %"
                 G_GINT64_FORMAT "): not a page's cursor", cursor, at, next);
      g_assert_cmpint (next, >, at);
      g_assert_true (orga_store_sync_apply_page (ref->store, ref->school, page, &n_rows, NULL, &error));
      g_assert_no_error (error);
      at = sync_test_desktop_get_cursor (ref);
      g_assert_cmpint (at, ==, next);
    }
}

static const char *const slow_pages_env[] = {
  "PIXORGA_SYNC_PAGE_LIMIT=" G_STRINGIFY (PAGE_LIMIT), "PIXORGA_SYNC_PAGE_DELAY_MS=5000", NULL
};
static const char *const quick_pages_env[] = {
  "PIXORGA_SYNC_PAGE_LIMIT=" G_STRINGIFY (PAGE_LIMIT), NULL
};
static const char *const sync_args[] = { "sync", "--json", NULL };

/* The cursor of @desk's school as the file says now. */
static gint64
read_cursor (SyncTestDesktop *desk)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  gint64 cursor = 0;

  g_assert_cmpint (sqlite3_open_v2 (desk->path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  sqlite3_busy_timeout (db, 10000);
  if (sqlite3_prepare_v2 (db, "SELECT cursor FROM sync_state WHERE organization_id = ?1", -1, &stmt, NULL) == SQLITE_OK)
    {
      sqlite3_bind_int64 (stmt, 1, orga_organization_get_id (desk->school));
      if (sqlite3_step (stmt) == SQLITE_ROW)
        cursor = sqlite3_column_int64 (stmt, 0);
    }
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return cursor;
}

/* After a kill: the desktop is exactly the pages up to its cursor. */
static void
assert_whole_pages (SyncTestDesktop *desk,
                    SyncTestDesktop *ref)
{
  gint64 cursor = sync_test_desktop_get_cursor (desk);
  g_autofree char *here = NULL;
  g_autofree char *expected = NULL;

  apply_pages_up_to (ref, cursor);
  here = sync_test_desktop_dump (desk);
  expected = sync_test_desktop_dump (ref);
  assert_same ("the killed desktop and the pages up to its cursor", expected, here);
  g_assert_cmpuint (sync_test_desktop_count_outbox (desk), ==, 0);
}

static void
finish_with_cli (SyncTestDesktop *desk)
{
  g_autoptr(GSubprocess) cli = sync_test_desktop_spawn_cli (desk, quick_pages_env, sync_args);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  JsonObject *object;

  g_subprocess_communicate_utf8 (cli, NULL, NULL, &out, &err, &error);
  g_assert_no_error (error);
  if (!g_subprocess_get_if_exited (cli) || g_subprocess_get_exit_status (cli) != 0)
    g_error ("pixorga-cli sync: %s%s", out, err);
  node = json_from_string (out, &error);
  g_assert_no_error (error);
  object = json_node_get_object (node);
  g_assert_cmpstr (json_object_get_string_member (object, "status"), ==, "ok");
  g_assert_cmpint (json_object_get_int_member (object, "pushed"), ==, 0);
  g_assert_cmpint (json_object_get_int_member (object, "cursor"), ==, sync_test_server_get_counter (desk->space));
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (object, "refused")), ==, 0);
}

static void
test_client_killed_after_first_page (void)
{
  SyncTestDesktop *maker = NULL;
  g_autoptr(SyncTestSpace) space = populated_space (&maker);
  g_autoptr(SyncTestDesktop) desk = sync_test_desktop_new (space, "killed", FALSE);
  g_autoptr(SyncTestDesktop) ref = sync_test_desktop_new (space, "reference", TRUE);
  g_autoptr(GSubprocess) cli = NULL;
  gint64 deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;
  gint64 cursor;

  g_assert_cmpint (sync_test_server_get_counter (space), >, 3 * PAGE_LIMIT);
  cli = sync_test_desktop_spawn_cli (desk, slow_pages_env, sync_args);
  while ((cursor = read_cursor (desk)) == 0)
    {
      /* The identifier goes when the process has ended. */
      if (g_subprocess_get_identifier (cli) == NULL)
        g_error ("pixorga-cli sync ended before its first page was in");
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_usleep (2000);
    }
  g_subprocess_force_exit (cli);
  g_assert_true (g_subprocess_wait (cli, NULL, NULL));
  g_assert_true (g_subprocess_get_if_signaled (cli));

  /* One page in, not all of them. */
  g_assert_cmpint (sync_test_desktop_get_cursor (desk), ==, cursor);
  g_assert_cmpint (cursor, <, sync_test_server_get_counter (space));
  assert_whole_pages (desk, ref);
  {
    g_autoptr(JsonNode) first = sync_test_space_fetch_page (space, 0, PAGE_LIMIT);

    g_assert_cmpint (cursor, ==, json_object_get_int_member (json_node_get_object (first), "cursor"));
  }

  finish_with_cli (desk);
  assert_converged (desk);
  {
    /* The desktop that made the rows, once it has the participations. */
    g_autoptr(OrgaSyncReport) report = sync_test_desktop_sync (maker);
    g_autofree char *made = sync_test_desktop_dump (maker);
    g_autofree char *here = sync_test_desktop_dump (desk);

    g_assert_cmpint (report->status, ==, ORGA_SYNC_STATUS_OK);
    assert_same ("the desktop that made the rows and the one killed", made, here);
  }
  sync_test_desktop_free (maker);
}

/* One desktop pulled by runs killed a little later each time, until one
 * ends by itself; returns how many were killed between two pages. */
static guint
kill_until_done (SyncTestSpace   *space,
                 SyncTestDesktop *ref,
                 const char      *name)
{
  g_autoptr(SyncTestDesktop) desk = sync_test_desktop_new (space, name, TRUE);
  gint64 counter = sync_test_server_get_counter (space);
  guint kills = 0;
  guint mid_pull = 0;
  gboolean done = FALSE;

  /* Each run is killed a little later after its start (the program's
   * own start included) than the one before, until one ends by itself;
   * each goes on from the cursor the one before left. */
  for (guint attempt = 0; attempt < 300 && !done; attempt++)
    {
      g_autoptr(GSubprocess) cli = sync_test_desktop_spawn_cli (desk, quick_pages_env, sync_args);
      gint64 before = sync_test_desktop_get_cursor (desk);
      gint64 after;

      /* From 2 ms, 4 % longer each time: the whole range of a run,
       * however slow the build (10 ms at the 40th, 100 ms at the 100th,
       * 1 s at the 160th). */
      g_usleep ((gulong) (2000 * pow (1.04, attempt)));
      if (g_subprocess_get_identifier (cli) != NULL)
        g_subprocess_send_signal (cli, SIGKILL);
      g_subprocess_wait (cli, NULL, NULL);
      if (g_subprocess_get_if_exited (cli))
        {
          g_assert_cmpint (g_subprocess_get_exit_status (cli), ==, 0);
          done = TRUE;
        }
      else
        kills++;
      after = sync_test_desktop_get_cursor (desk);
      g_assert_cmpint (after, >=, before);
      if (!done && after > before && after < counter)
        mid_pull++;
      assert_whole_pages (desk, ref);
    }
  g_test_message ("%s: killed %u times before a run ended, %u times between two pages", name, kills, mid_pull);
  g_assert_true (done);
  g_assert_cmpint (sync_test_desktop_get_cursor (desk), ==, counter);
  assert_converged (desk);
  return mid_pull;
}

static void
test_client_killed_at_any_time (void)
{
  SyncTestDesktop *maker = NULL;
  g_autoptr(SyncTestSpace) space = populated_space (&maker);
  g_autoptr(SyncTestDesktop) ref = sync_test_desktop_new (space, "reference", TRUE);
  guint mid_pull = 0;

  sync_test_desktop_free (maker);
  /* The pages may go by between two steps of the schedule on a busy
   * machine: another fresh desktop, until two kills fell between pages. */
  for (guint round = 0; round < 4 && mid_pull < 2; round++)
    {
      g_autofree char *name = g_strdup_printf ("killed-%u", round);

      mid_pull += kill_until_done (space, ref, name);
    }
  g_assert_cmpuint (mid_pull, >=, 2);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  sync_test_init (&argc, &argv);
  server = sync_test_server_start (NULL);

  g_test_add_func ("/sync-crash/server-killed-mid-push", test_server_killed_mid_push);
  g_test_add_func ("/sync-crash/server-killed-after-last-commit", test_server_killed_after_last_commit);
  g_test_add_func ("/sync-crash/client-killed-after-first-page", test_client_killed_after_first_page);
  g_test_add_func ("/sync-crash/client-killed-at-any-time", test_client_killed_at_any_time);

  status = g_test_run ();
  sync_test_server_free (server);
  return status;
}
