/* test-importer.c: OrgaImporter, synchronous and in a GMainLoop: progress,
 * cancellation, dry run, format/school mismatches, the whole pipeline on
 * every SIECLE fixture
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <string.h>
#include <unistd.h>

#include "orga-importer.h"
#include "orga-store.h"
#include "orga-test-util.h"

#define UAI "123ABC"

/* ------------------------------------------------------------------ */
/* helpers                                                              */
/* ------------------------------------------------------------------ */

static char *
new_db_path (void)
{
  return orga_test_new_db_path ();
}

static char *
new_school_db (OrgaOrganizationKind kind)
{
  return orga_test_new_school_db (UAI, kind);
}

static char *
generate (guint       count,
          gboolean    zip)
{
  const char *gen = g_getenv ("PIXORGA_GEN_SIECLE");
  g_autofree char *count_text = g_strdup_printf ("%u", count);
  g_autofree char *name = g_strdup_printf ("gen-%u.%s", count, zip ? "zip" : "xml");
  g_autofree char *err_out = NULL;
  g_autoptr(GError) error = NULL;
  char *path;
  int status = 0;

  g_assert_nonnull (gen);
  path = orga_test_write_temp_file (name, "", 0);
  {
    const char *argv[] = { "python3", gen, count_text, "--uai", UAI, "-o", path, zip ? "--zip" : NULL, NULL };

    g_spawn_sync (NULL, (char **)argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDOUT_TO_DEV_NULL,
                  NULL, NULL, NULL, &err_out, &status, &error);
  }
  g_assert_no_error (error);
  if (err_out != NULL && *err_out != '\0')
    g_test_message ("gen-siecle: %s", err_out);
  g_assert_true (g_spawn_check_wait_status (status, NULL));

  return path;
}

static char *big_file;   /* 50,000 students, made once */

static const char *
big_siecle_file (void)
{
  if (big_file == NULL)
    big_file = generate (50000, FALSE);
  return big_file;
}

static char *
small_siecle_file (void)
{
  g_autofree char *fixture = orga_test_fixture_path ("siecle", "siecle-with-two-valid-students.xml");
  g_autofree char *contents = NULL;
  gsize len;

  g_assert_true (g_file_get_contents (fixture, &contents, &len, NULL));
  return orga_test_write_temp_file ("two.xml", contents, len);
}

static OrgaImportReport *
run_sync (const char *db,
          const char *file,
          gboolean    dry_run)
{
  g_autoptr(OrgaImporter) importer = orga_importer_new (db, file);
  g_autoptr(GError) error = NULL;
  OrgaImportReport *report;

  orga_importer_set_dry_run (importer, dry_run);
  orga_importer_set_user_name (importer, "Mme Test");
  report = orga_importer_run (importer, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (report);

  return report;
}

/* Every stored learner and import, as text. */
static char *
db_state (const char *db)
{
  g_autoptr(OrgaStore) store = NULL;
  g_autoptr(OrgaOrganization) org = NULL;
  g_autoptr(GPtrArray) imports = NULL;
  g_autoptr(GError) error = NULL;
  GString *s = g_string_new (NULL);

  store = orga_store_open (db, &error);
  g_assert_no_error (error);
  org = orga_store_get_organization (store, &error);
  g_assert_no_error (error);
  g_assert_nonnull (org);

  g_string_append_printf (s, "learners %u/%u\n",
                          orga_store_count_learners (store, org, FALSE, NULL),
                          orga_store_count_learners (store, org, TRUE, NULL));
  imports = orga_store_list_imports (store, org, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < imports->len; i++)
    {
      const OrgaImportRecord *r = g_ptr_array_index (imports, i);
      g_string_append_printf (s, "import %s %s %s %u %u %u %u %u\n", r->uuid, r->created_at, r->status,
                              r->created, r->updated, r->unchanged, r->disabled, r->ignored);
    }

  return g_string_free (s, FALSE);
}

static gboolean
append_learner (const OrgaLearnerRow *row,
                gpointer              user_data)
{
  g_string_append_printf (user_data, "%s %s %s %s %s %s %s\n", row->uuid, row->fields.ine,
                          row->fields.last_name, row->fields.division ? row->fields.division : "-",
                          row->disabled_at ? row->disabled_at : "active", row->created_at, row->updated_at);
  return TRUE;
}

static char *
learners_state (const char *db)
{
  g_autoptr(OrgaStore) store = orga_store_open (db, NULL);
  g_autoptr(OrgaOrganization) org = orga_store_get_organization (store, NULL);
  OrgaLearnerQuery query = { .include_disabled = TRUE };
  GString *s = g_string_new (NULL);

  g_assert_true (orga_store_foreach_learner (store, org, &query, append_learner, s, NULL));
  return g_string_free (s, FALSE);
}

static gboolean
fail_timeout (gpointer data)
{
  g_error ("the import did not finish in time");
  return G_SOURCE_REMOVE;
}

/* ------------------------------------------------------------------ */
/* async progress                                                       */
/* ------------------------------------------------------------------ */

typedef struct
{
  GMainLoop        *loop;
  GThread          *main_thread;
  GArray           *fractions;      /* of double, as notified */
  GCancellable     *cancellable;
  double            cancel_above;   /* cancel once notified above this; 0 never */
  double            cancelled_at;
  gint64            cancel_time;
  gint64            done_time;
  OrgaImportReport *report;
  GError           *error;
  guint             n_callbacks;
  gboolean          wrong_thread;
} AsyncRun;

static void
on_fraction (GObject    *object,
             GParamSpec *pspec,
             gpointer    user_data)
{
  AsyncRun *run = user_data;
  double fraction = -1.0;

  if (g_thread_self () != run->main_thread)
    run->wrong_thread = TRUE;

  g_object_get (object, "fraction", &fraction, NULL);
  g_assert_cmpfloat (fraction, ==, orga_importer_get_fraction (ORGA_IMPORTER (object)));
  g_array_append_val (run->fractions, fraction);

  if (run->cancel_above > 0 && fraction > run->cancel_above && run->cancelled_at == 0)
    {
      run->cancelled_at = fraction;
      run->cancel_time = g_get_monotonic_time ();
      g_cancellable_cancel (run->cancellable);
    }
}

static void
on_done (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  AsyncRun *run = user_data;

  if (g_thread_self () != run->main_thread)
    run->wrong_thread = TRUE;
  run->n_callbacks++;
  run->done_time = g_get_monotonic_time ();
  run->report = orga_importer_run_finish (ORGA_IMPORTER (object), result, &run->error);
  g_main_loop_quit (run->loop);
}

static void
async_run_init (AsyncRun *run)
{
  memset (run, 0, sizeof *run);
  run->loop = g_main_loop_new (NULL, FALSE);
  run->main_thread = g_thread_self ();
  run->fractions = g_array_new (FALSE, FALSE, sizeof (double));
  run->cancellable = g_cancellable_new ();
}

static void
async_run_clear (AsyncRun *run)
{
  g_clear_pointer (&run->loop, g_main_loop_unref);
  g_clear_pointer (&run->fractions, g_array_unref);
  g_clear_object (&run->cancellable);
  g_clear_object (&run->report);
  g_clear_error (&run->error);
}

static void
async_run (AsyncRun     *run,
           OrgaImporter *importer)
{
  gulong handler = g_signal_connect (importer, "notify::fraction", G_CALLBACK (on_fraction), run);
  guint timeout = g_timeout_add_seconds (120, fail_timeout, NULL);

  orga_importer_run_async (importer, run->cancellable, on_done, run);
  g_main_loop_run (run->loop);
  g_source_remove (timeout);

  /* No progress is notified once the result is in. */
  {
    guint n = run->fractions->len;
    gint64 until = g_get_monotonic_time () + 300 * G_TIME_SPAN_MILLISECOND;

    while (g_get_monotonic_time () < until)
      {
        g_main_context_iteration (NULL, FALSE);
        g_usleep (10 * 1000);
      }
    g_assert_cmpuint (run->fractions->len, ==, n);
  }

  g_signal_handler_disconnect (importer, handler);
}

static void
test_async_progress (void)
{
  g_autofree char *db = new_school_db (ORGA_ORGANIZATION_KIND_SCO);
  g_autofree char *file = generate (30000, FALSE);
  g_autoptr(OrgaImporter) importer = orga_importer_new (db, file);
  AsyncRun run;
  double previous = 0.0;
  gboolean intermediate = FALSE;

  async_run_init (&run);
  g_assert_cmpfloat (orga_importer_get_fraction (importer), ==, 0.0);
  async_run (&run, importer);

  g_assert_no_error (run.error);
  g_assert_nonnull (run.report);
  g_assert_cmpuint (run.n_callbacks, ==, 1);
  g_assert_false (run.wrong_thread);
  g_assert_cmpint (orga_import_report_get_status (run.report), ==, ORGA_IMPORT_STATUS_IMPORTED);
  g_assert_cmpuint (orga_import_report_get_counts (run.report)->created, ==, 30000);

  g_test_message ("%u notifications", run.fractions->len);
  g_assert_cmpuint (run.fractions->len, >=, 2);
  for (guint i = 0; i < run.fractions->len; i++)
    {
      double f = g_array_index (run.fractions, double, i);

      g_assert_cmpfloat (f, >=, previous);
      g_assert_cmpfloat (f, <=, 1.0);
      if (f > 0.0 && f < 1.0)
        intermediate = TRUE;
      previous = f;
    }
  g_assert_true (intermediate);
  g_assert_cmpfloat (g_array_index (run.fractions, double, run.fractions->len - 1), ==, 1.0);
  g_assert_cmpfloat (orga_importer_get_fraction (importer), ==, 1.0);

  async_run_clear (&run);
}

static void
test_async_cancel (void)
{
  g_autofree char *db = new_school_db (ORGA_ORGANIZATION_KIND_SCO);
  g_autofree char *small = small_siecle_file ();
  g_autoptr(OrgaImportReport) first = run_sync (db, small, FALSE);
  g_autofree char *learners_before = learners_state (db);
  g_autofree char *state_before = db_state (db);
  g_autofree char *learners_after = NULL;
  g_autofree char *state_after = NULL;
  g_autoptr(OrgaImporter) importer = orga_importer_new (db, big_siecle_file ());
  AsyncRun run;

  g_assert_cmpint (orga_import_report_get_status (first), ==, ORGA_IMPORT_STATUS_IMPORTED);

  async_run_init (&run);
  run.cancel_above = 0.2;
  async_run (&run, importer);

  g_test_message ("cancelled at %.3f; result %.1f ms later", run.cancelled_at,
                  (run.done_time - run.cancel_time) / 1000.0);
  g_assert_cmpfloat (run.cancelled_at, >, 0.2);
  g_assert_cmpfloat (run.cancelled_at, <, 1.0);
  g_assert_null (run.report);
  g_assert_error (run.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_false (run.wrong_thread);
  g_assert_cmpuint (run.n_callbacks, ==, 1);

  /* The list imported before is intact; no import was recorded. */
  learners_after = learners_state (db);
  state_after = db_state (db);
  g_assert_cmpstr (learners_after, ==, learners_before);
  g_assert_cmpstr (state_after, ==, state_before);

  async_run_clear (&run);
}

/* ------------------------------------------------------------------ */
/* sync cancellation from another thread (no GTask shortcut)            */
/* ------------------------------------------------------------------ */

typedef struct
{
  OrgaImporter *importer;
  GCancellable *cancellable;
  double        threshold;
  gint64        delay_us;       /* after reaching the threshold */
  double        cancelled_at;
  gint64        cancel_time;
  gint          stop;
} Canceller;

static gpointer
canceller_thread (gpointer data)
{
  Canceller *c = data;

  while (!g_atomic_int_get (&c->stop))
    {
      double f = orga_importer_get_fraction (c->importer);

      if (f >= c->threshold)
        {
          if (c->delay_us > 0)
            g_usleep (c->delay_us);
          c->cancelled_at = orga_importer_get_fraction (c->importer);
          c->cancel_time = g_get_monotonic_time ();
          g_cancellable_cancel (c->cancellable);
          break;
        }
      g_usleep (100);
    }

  return NULL;
}

static void
check_sync_cancel (double threshold,
                   gint64 delay_us)
{
  g_autofree char *db = new_school_db (ORGA_ORGANIZATION_KIND_SCO);
  g_autofree char *small = small_siecle_file ();
  g_autoptr(OrgaImportReport) first = run_sync (db, small, FALSE);
  g_autofree char *learners_before = learners_state (db);
  g_autofree char *state_before = db_state (db);
  g_autofree char *learners_after = NULL;
  g_autofree char *state_after = NULL;
  g_autoptr(OrgaImporter) importer = orga_importer_new (db, big_siecle_file ());
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(OrgaImportReport) report = NULL;
  Canceller c = { importer, cancellable, threshold, delay_us, 0, 0, 0 };
  GThread *thread;
  gint64 returned;

  thread = g_thread_new ("canceller", canceller_thread, &c);
  report = orga_importer_run (importer, cancellable, &error);
  returned = g_get_monotonic_time ();
  g_atomic_int_set (&c.stop, 1);
  g_thread_join (thread);

  g_test_message ("cancelled at %.3f; returned %.1f ms later", c.cancelled_at,
                  (returned - c.cancel_time) / 1000.0);
  g_assert_true (g_cancellable_is_cancelled (cancellable));
  g_assert_null (report);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpfloat (orga_importer_get_fraction (importer), <, 1.0);

  learners_after = learners_state (db);
  state_after = db_state (db);
  g_assert_cmpstr (learners_after, ==, learners_before);
  g_assert_cmpstr (state_after, ==, state_before);
}

static void
test_sync_cancel_while_parsing (void)
{
  check_sync_cancel (0.2, 0);
}

/* Once the file is read (fraction 0.8), the store is being written: a
 * cancel then rolls the transaction back. */
static void
test_sync_cancel_while_writing (void)
{
  check_sync_cancel (0.8, 100 * 1000);
}

/* Cancelling just as the import ends (the result not yet delivered) must
 * not report "cancelled" for a list that was in fact replaced. */
static void
test_async_cancel_after_commit (void)
{
  g_autofree char *db = new_school_db (ORGA_ORGANIZATION_KIND_SCO);
  g_autofree char *small = small_siecle_file ();
  g_autofree char *file = generate (2000, FALSE);
  g_autoptr(OrgaImportReport) first = run_sync (db, small, FALSE);
  g_autofree char *learners_before = learners_state (db);
  g_autofree char *learners_after = NULL;
  g_autoptr(OrgaImporter) importer = orga_importer_new (db, file);
  AsyncRun run;
  gint64 deadline = g_get_monotonic_time () + 60 * G_USEC_PER_SEC;
  guint timeout;

  async_run_init (&run);
  orga_importer_run_async (importer, run.cancellable, on_done, &run);

  /* The worker commits, then says 1.0; the user clicks "Cancel" before the
   * main loop has delivered the result. */
  while (orga_importer_get_fraction (importer) < 1.0)
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_usleep (1000);
    }
  g_cancellable_cancel (run.cancellable);

  timeout = g_timeout_add_seconds (60, fail_timeout, NULL);
  g_main_loop_run (run.loop);
  g_source_remove (timeout);

  learners_after = learners_state (db);
  g_assert_cmpuint (run.n_callbacks, ==, 1);
  if (run.report != NULL)
    {
      /* Delivered as done: fine, the list is the new one. */
      g_assert_cmpint (orga_import_report_get_status (run.report), ==, ORGA_IMPORT_STATUS_IMPORTED);
      g_assert_cmpstr (learners_after, !=, learners_before);
    }
  else
    {
      /* "Cancelled" must mean the previous list is intact: a cancel that
       * comes after the commit delivers the report instead. */
      g_assert_error (run.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
      g_assert_cmpstr (learners_after, ==, learners_before);
    }

  async_run_clear (&run);
}

/* ------------------------------------------------------------------ */
/* dry run, reuse, errors                                               */
/* ------------------------------------------------------------------ */

static void
test_dry_run_flag (void)
{
  g_autofree char *db = new_school_db (ORGA_ORGANIZATION_KIND_SCO);
  g_autofree char *file = generate (300, FALSE);
  g_autofree char *before = db_state (db);
  g_autofree char *after = NULL;
  g_autoptr(OrgaImporter) importer = orga_importer_new (db, file);
  g_autoptr(OrgaImportReport) preview = NULL;
  g_autoptr(OrgaImportReport) real = NULL;
  AsyncRun run;

  g_assert_false (orga_importer_get_dry_run (importer));
  orga_importer_set_dry_run (importer, TRUE);
  g_assert_true (orga_importer_get_dry_run (importer));

  /* Async dry run: a preview, nothing written. */
  async_run_init (&run);
  async_run (&run, importer);
  g_assert_no_error (run.error);
  g_assert_nonnull (run.report);
  g_assert_cmpint (orga_import_report_get_status (run.report), ==, ORGA_IMPORT_STATUS_PREVIEW);
  g_assert_cmpuint (orga_import_report_get_counts (run.report)->created, ==, 300);
  g_assert_cmpuint (orga_import_report_get_changes (run.report)->len, ==, 300);
  g_assert_cmpint (orga_import_report_get_import_id (run.report), ==, 0);
  after = db_state (db);
  g_assert_cmpstr (after, ==, before);
  async_run_clear (&run);

  /* Sync dry run too. */
  preview = run_sync (db, file, TRUE);
  g_assert_cmpint (orga_import_report_get_status (preview), ==, ORGA_IMPORT_STATUS_PREVIEW);
  g_free (after);
  after = db_state (db);
  g_assert_cmpstr (after, ==, before);

  /* Then for real. */
  real = run_sync (db, file, FALSE);
  g_assert_cmpint (orga_import_report_get_status (real), ==, ORGA_IMPORT_STATUS_IMPORTED);
  g_assert_cmpuint (orga_import_report_get_counts (real)->created, ==, 300);
  g_free (after);
  after = db_state (db);
  g_assert_nonnull (strstr (after, "learners 300/300\n"));
}

static guint
count_open_fds (void)
{
  g_autoptr(GDir) dir = g_dir_open ("/proc/self/fd", 0, NULL);
  guint n = 0;

  g_assert_nonnull (dir);
  while (g_dir_read_name (dir) != NULL)
    n++;
  return n;
}

static guint
sqlite_count_learners (const char *db)
{
  g_autoptr(OrgaStore) store = orga_store_open (db, NULL);
  g_autoptr(OrgaOrganization) org = orga_store_get_organization (store, NULL);

  g_assert_nonnull (org);
  return orga_store_count_learners (store, org, TRUE, NULL);
}

/* Preview, then import with the same importer (the natural UI flow).
 *
 * Runs in a subprocess that leaves with _exit(): the product leak it shows
 * would otherwise abort the AddressSanitizer build at exit. */
static void
reuse_child (void)
{
  const char *db = g_getenv ("PIXORGA_TEST_REUSE_DB");
  const char *file = g_getenv ("PIXORGA_TEST_REUSE_FILE");
  guint fds_before;
  guint fds_after;

  g_assert_nonnull (db);
  g_assert_nonnull (file);

  /* Warm up whatever opens files once (locale catalogues, sqlite). */
  g_object_unref (run_sync (db, file, TRUE));

  fds_before = count_open_fds ();
  {
    g_autoptr(OrgaImporter) importer = orga_importer_new (db, file);
    g_autoptr(OrgaImportReport) preview = NULL;
    g_autoptr(OrgaImportReport) real = NULL;
    g_autoptr(GError) error = NULL;

    orga_importer_set_dry_run (importer, TRUE);
    preview = orga_importer_run (importer, NULL, &error);
    g_assert_no_error (error);
    g_assert_cmpint (orga_import_report_get_status (preview), ==, ORGA_IMPORT_STATUS_PREVIEW);
    g_assert_cmpuint (orga_import_report_get_counts (preview)->created, ==, 200);

    orga_importer_set_dry_run (importer, FALSE);
    real = orga_importer_run (importer, NULL, &error);
    g_assert_no_error (error);
    g_assert_cmpint (orga_import_report_get_status (real), ==, ORGA_IMPORT_STATUS_IMPORTED);
    g_assert_cmpuint (orga_import_report_get_counts (real)->created, ==, 200);
  }
  fds_after = count_open_fds ();

  g_print ("open descriptors: %u before, %u after: %s\n", fds_before, fds_after,
           fds_after == fds_before ? "fds-ok" : "fds-leaked");
  fflush (stdout);
  _exit (fds_after == fds_before ? 0 : 1);
}

static void
test_reuse_importer (void)
{
  g_autofree char *db = NULL;
  g_autofree char *file = NULL;

  if (g_test_subprocess ())
    {
      reuse_child ();
      return;
    }

  db = new_school_db (ORGA_ORGANIZATION_KIND_SCO);
  file = generate (200, FALSE);
  g_setenv ("PIXORGA_TEST_REUSE_DB", db, TRUE);
  g_setenv ("PIXORGA_TEST_REUSE_FILE", file, TRUE);
  g_test_trap_subprocess (NULL, 120 * G_USEC_PER_SEC, 0);
  g_unsetenv ("PIXORGA_TEST_REUSE_DB");
  g_unsetenv ("PIXORGA_TEST_REUSE_FILE");

  /* Whatever happened, both runs completed. */
  g_test_trap_assert_stdout ("*open descriptors:*");
  g_assert_cmpint (sqlite_count_learners (db), ==, 200);
  /* The first run's source (its file descriptor) is released. */
  g_test_trap_assert_passed ();
}

static void
test_no_organization (void)
{
  g_autofree char *db = new_db_path ();
  g_autofree char *file = small_siecle_file ();
  g_autoptr(GError) error = NULL;
  g_autoptr(OrgaImporter) importer = NULL;
  g_autoptr(OrgaImportReport) report = NULL;
  AsyncRun run;

  /* A database with no school set up (here, not even created yet). */
  importer = orga_importer_new (db, file);
  report = orga_importer_run (importer, NULL, &error);
  g_assert_null (report);
  g_assert_error (error, ORGA_STORE_ERROR, ORGA_STORE_ERROR_NO_ORGANIZATION);
  g_assert_cmpstr (error->message, !=, "");

  /* Same through the async path; the database now exists, still empty. */
  async_run_init (&run);
  async_run (&run, importer);
  g_assert_null (run.report);
  g_assert_error (run.error, ORGA_STORE_ERROR, ORGA_STORE_ERROR_NO_ORGANIZATION);
  g_assert_false (run.wrong_thread);
  async_run_clear (&run);
}

static void
test_format_mismatch (void)
{
  g_autofree char *sco = new_school_db (ORGA_ORGANIZATION_KIND_SCO);
  g_autofree char *agri = new_school_db (ORGA_ORGANIZATION_KIND_AGRI);
  g_autofree char *csv = orga_test_fixture_path ("fregata", "derived-fregata-valid-two-learners.csv");
  g_autofree char *xml = small_siecle_file ();
  g_autofree char *zip = generate (20, TRUE);
  const struct { const char *db; const char *file; const char *format; } refused[] = {
    { sco, csv, "fregata-csv" },
    { agri, xml, "siecle-xml" },
    { agri, zip, "siecle-zip" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (refused); i++)
    {
      g_autoptr(OrgaImportReport) report = run_sync (refused[i].db, refused[i].file, FALSE);
      g_autoptr(OrgaStore) store = orga_store_open (refused[i].db, NULL);
      g_autoptr(OrgaOrganization) org = orga_store_get_organization (store, NULL);
      g_autoptr(GPtrArray) records = orga_store_list_imports (store, org, NULL);
      GPtrArray *errors = orga_import_report_get_errors (report);
      const OrgaImportRecord *record = g_ptr_array_index (records, 0);

      g_test_message ("%s into %s", refused[i].format, orga_organization_kind_to_string (orga_organization_get_kind (org)));
      g_assert_cmpint (orga_import_report_get_status (report), ==, ORGA_IMPORT_STATUS_REJECTED);
      g_assert_cmpuint (errors->len, ==, 1);
      g_assert_cmpint (((OrgaImportError *)g_ptr_array_index (errors, 0))->code, ==, ORGA_IMPORT_CODE_INVALID_FILE_FORMAT);
      g_assert_cmpstr (((OrgaImportError *)g_ptr_array_index (errors, 0))->message, !=, "");
      g_assert_cmpint (orga_import_report_get_format (report), !=, ORGA_IMPORT_FORMAT_UNKNOWN);
      g_assert_cmpstr (orga_import_format_to_string (orga_import_report_get_format (report)), ==, refused[i].format);
      g_assert_cmpuint (orga_store_count_learners (store, org, TRUE, NULL), ==, 0);
      g_assert_cmpstr (record->status, ==, "rejected");
      g_assert_cmpstr (record->format, ==, refused[i].format);
      g_assert_nonnull (strstr (record->errors_json, "\"INVALID_FILE_FORMAT\""));
    }

  /* The right format for each kind of school goes through. */
  {
    g_autoptr(OrgaImportReport) agri_csv = run_sync (agri, csv, FALSE);
    g_autoptr(OrgaImportReport) sco_xml = run_sync (sco, xml, FALSE);
    g_autoptr(OrgaImportReport) sco_zip = NULL;

    g_assert_cmpint (orga_import_report_get_status (agri_csv), ==, ORGA_IMPORT_STATUS_IMPORTED);
    g_assert_cmpuint (orga_import_report_get_counts (agri_csv)->created, ==, 2);
    g_assert_cmpint (orga_import_report_get_status (sco_xml), ==, ORGA_IMPORT_STATUS_IMPORTED);
    g_assert_cmpuint (orga_import_report_get_counts (sco_xml)->created, ==, 2);

    sco_zip = run_sync (sco, zip, FALSE);
    g_assert_cmpint (orga_import_report_get_status (sco_zip), ==, ORGA_IMPORT_STATUS_IMPORTED);
    g_assert_cmpint (orga_import_report_get_format (sco_zip), ==, ORGA_IMPORT_FORMAT_SIECLE_ZIP);
    /* The zip replaces the two fixture students with its twenty. */
    g_assert_cmpuint (orga_import_report_get_counts (sco_zip)->created, ==, 20);
    g_assert_cmpuint (orga_import_report_get_counts (sco_zip)->disabled, ==, 2);
  }
}

/* Every SIECLE fixture through the whole pipeline. */
static void
test_pipeline_fixtures (void)
{
  static const struct { const char *file; OrgaImportCode code; } rejected[] = {
    { "siecle-with-only-ignored-student.xml", ORGA_IMPORT_CODE_EMPTY },
    { "siecle-with-registrations-no-longer-in-school.xml", ORGA_IMPORT_CODE_EMPTY },
    { "siecle-with-wrong-uai.xml", ORGA_IMPORT_CODE_UAI_MISMATCHED },
    { "siecle-with-no-uai.xml", ORGA_IMPORT_CODE_UAI_MISMATCHED },
    { "siecle-with-duplicate-national-student-id.xml", ORGA_IMPORT_CODE_INE_UNIQUE },
    { "siecle-with-duplicate-national-student-id-and-unclosed-tag.xml", ORGA_IMPORT_CODE_INVALID_FILE },
    { "siecle-with-no-national-student-id.xml", ORGA_IMPORT_CODE_INE_REQUIRED },
    { "siecle-student-with-no-sex.xml", ORGA_IMPORT_CODE_SEX_CODE_REQUIRED },
    { "siecle-student-with-no-birthdate.xml", ORGA_IMPORT_CODE_BIRTHDATE_REQUIRED },
    { "siecle-student-with-invalid-birthdate-format.xml", ORGA_IMPORT_CODE_INVALID_BIRTHDATE_FORMAT },
    { "siecle-student-with-no-sex-no-birthdate.xml", ORGA_IMPORT_CODE_SEX_CODE_REQUIRED },
    { "siecle-french-student-with-no-birth-city-code.xml", ORGA_IMPORT_CODE_BIRTH_CITY_CODE_REQUIRED_FOR_FR_STUDENT },
    { "siecle-student-with-no-first-name.xml", ORGA_IMPORT_CODE_FIRST_NAME_REQUIRED },
    { "siecle-student-with-no-last-name.xml", ORGA_IMPORT_CODE_LAST_NAME_REQUIRED },
    { "siecle-broken.xml", ORGA_IMPORT_CODE_INVALID_FILE },
    { "siecle-broken-after-uai.xml", ORGA_IMPORT_CODE_INVALID_FILE },
    { "siecle-with-unknown-encoding.xml", ORGA_IMPORT_CODE_ENCODING_NOT_SUPPORTED },
    { "siecle-with-bom.xml", ORGA_IMPORT_CODE_SEX_CODE_REQUIRED },
  };
  static const char * const valid[] = {
    "siecle-with-two-valid-students.xml",
    "siecle-with-two-valid-students-and-school-year.xml",
  };
  g_autofree char *db = new_school_db (ORGA_ORGANIZATION_KIND_SCO);
  g_autofree char *before = NULL;
  g_autofree char *learners_before = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (valid); i++)
    {
      g_autofree char *path = orga_test_fixture_path ("siecle", valid[i]);
      g_autoptr(OrgaImportReport) report = run_sync (db, path, FALSE);

      g_assert_cmpint (orga_import_report_get_status (report), ==, ORGA_IMPORT_STATUS_IMPORTED);
      g_assert_cmpuint (orga_import_report_get_counts (report)->created, ==, i == 0 ? 2 : 0);
      g_assert_cmpuint (orga_import_report_get_counts (report)->unchanged, ==, i == 0 ? 0 : 2);
    }

  learners_before = learners_state (db);
  for (guint i = 0; i < G_N_ELEMENTS (rejected); i++)
    {
      g_autofree char *path = orga_test_fixture_path ("siecle", rejected[i].file);
      g_autoptr(OrgaImportReport) report = run_sync (db, path, FALSE);
      GPtrArray *errors = orga_import_report_get_errors (report);
      gboolean found = FALSE;
      g_autofree char *learners_now = NULL;

      g_test_message ("%s", rejected[i].file);
      g_assert_cmpint (orga_import_report_get_status (report), ==, ORGA_IMPORT_STATUS_REJECTED);
      for (guint j = 0; j < errors->len; j++)
        found |= ((OrgaImportError *)g_ptr_array_index (errors, j))->code == rejected[i].code;
      g_assert_true (found);
      learners_now = learners_state (db);
      g_assert_cmpstr (learners_now, ==, learners_before);
    }

  before = db_state (db);
  g_assert_nonnull (strstr (before, "learners 2/2\n"));
  {
    /* 2 imported + 18 rejected records. */
    g_autoptr(OrgaStore) store = orga_store_open (db, NULL);
    g_autoptr(OrgaOrganization) org = orga_store_get_organization (store, NULL);
    g_autoptr(GPtrArray) records = orga_store_list_imports (store, org, NULL);

    g_assert_cmpuint (records->len, ==, G_N_ELEMENTS (valid) + G_N_ELEMENTS (rejected));
  }
}

static void
free_big_file (void)
{
  g_clear_pointer (&big_file, g_free);
}

int
main (int   argc,
      char *argv[])
{
  orga_test_init (&argc, &argv);
  atexit (free_big_file);

  g_test_add_func ("/importer/async/progress", test_async_progress);
  g_test_add_func ("/importer/async/cancel", test_async_cancel);
  g_test_add_func ("/importer/async/cancel-after-commit", test_async_cancel_after_commit);
  g_test_add_func ("/importer/sync/cancel-while-parsing", test_sync_cancel_while_parsing);
  g_test_add_func ("/importer/sync/cancel-while-writing", test_sync_cancel_while_writing);
  g_test_add_func ("/importer/dry-run", test_dry_run_flag);
  g_test_add_func ("/importer/reuse", test_reuse_importer);
  g_test_add_func ("/importer/no-organization", test_no_organization);
  g_test_add_func ("/importer/format-mismatch", test_format_mismatch);
  g_test_add_func ("/importer/pipeline-fixtures", test_pipeline_fixtures);

  return g_test_run ();
}
