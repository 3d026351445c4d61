/* cert-readiness-bench.c: Certifications › Préparation for 2,000 students
 *
 *   cert-readiness-bench [ROUNDS]
 *
 * A school of 2,000 students in 60 classes, 1,500 with a shared profile
 * (certifiable or not, 0 … 16 competences at level 1), one planned
 * session with 120 enrolled. Two measures, each against its floor in the
 * same run, rounds alternating (default 7), medians printed with their
 * ratio:
 *
 *   - the store's load alone (orga_store_load_cert_readiness, every
 *     class) against a plain SQLite SELECT of the same students (id,
 *     names, class, by name) on a connection of its own, rows stepped
 *     and their strings copied: what no readiness query can beat;
 *   - the view's first full load: from creating OrgaCertReadinessView in
 *     a window to the first frame painted with its 2,000 rows (the load
 *     in its store job, the counts, the list), against a bare GtkListView
 *     of 2,000 labels (a GtkStringList) shown in the same kind of window,
 *     to its first frame.
 *
 * It needs a display (the run target uses xvfb-run when it is there).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>
#include <glib/gstdio.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>

#include "orga-cert-readiness-view.h"
#include "orga-context.h"
#include "orga-import-report.h"
#include "orga-learner-set.h"
#include "orga-participation-set.h"
#include "orga-store-campaigns.h"
#include "orga-store-cert.h"

#define N_STUDENTS 2000
#define N_CLASSES 60
#define N_PROFILES 1500
#define N_ENROLLED 120
#define DEFAULT_ROUNDS 7

static const char *const last_names[] = {
  "Martin", "Bernard", "Thomas", "Petit", "Robert", "Richard", "Durand", "Dubois", "Moreau", "Laurent",
  "Simon", "Michel", "Lefèvre", "Leroy", "Roux", "David", "Bertrand", "Morel", "Fournier", "Girard",
};
static const char *const first_names[] = {
  "Léa", "Hugo", "Chloé", "Lucas", "Emma", "Louis", "Inès", "Gabriel", "Jade", "Raphaël",
};

/* ---- the school ---- */

static void
fill_school (OrgaStore        *store,
             OrgaOrganization *school)
{
  g_autoptr(OrgaLearnerSet) set = orga_learner_set_new ();
  g_autoptr(OrgaImportReport) report = NULL;
  g_autoptr(OrgaParticipationSet) participations = orga_participation_set_new (ORGA_FRAMEWORK_N_COMPETENCES);
  g_autoptr(OrgaCampaign) campaign = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(OrgaCertSession) session = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GDateTime) later = g_date_time_add_days (now, 20);
  g_autofree char *date = g_date_time_format (later, "%Y-%m-%d");
  g_autofree guint8 *results = g_new0 (guint8, (gsize) N_PROFILES * ORGA_FRAMEWORK_N_COMPETENCES);
  gint64 enrolled[N_ENROLLED];
  g_autoptr(GError) error = NULL;
  OrgaCampaignSpec spec = { 0 };
  OrgaCertSessionForm form = {
    .address = "Lycée Montesquieu", .room = "CDI", .examiner = "Mme Durand, M. Benali", .date = date, .time = "09:00",
  };

  orga_learner_set_set_format (set, ORGA_IMPORT_FORMAT_SIECLE_XML);
  for (guint i = 0; i < N_STUDENTS; i++)
    {
      guint k = orga_learner_set_append (set);
      OrgaLearnerFields *l = orga_learner_set_peek (set, k);
      char ine[16], last[64], division[16];

      g_snprintf (ine, sizeof ine, "%09u%c%c", 100000000 + i, 'A' + i % 26, 'A' + (i / 26) % 26);
      g_snprintf (last, sizeof last, "%s-%u", last_names[i % G_N_ELEMENTS (last_names)], i);
      g_snprintf (division, sizeof division, "%s%c", i % 2 ? "3e " : "T", 'A' + (i % N_CLASSES) / 2);
      l->ine = orga_learner_set_intern (set, ine, -1);
      l->last_name = orga_learner_set_intern (set, last, -1);
      l->first_name = orga_learner_set_intern (set, first_names[i % G_N_ELEMENTS (first_names)], -1);
      l->division = orga_learner_set_intern (set, division, -1);
      l->birthdate = orga_learner_set_intern (set, "2010-04-14", -1);
      l->sex = orga_learner_set_intern (set, i % 2 ? "M" : "F", -1);
      l->birth_country_code = orga_learner_set_intern (set, "100", -1);
      l->birth_city_code = orga_learner_set_intern (set, "33063", -1);
      l->birth_city = orga_learner_set_intern (set, "Bordeaux", -1);
      l->line = i + 1;
    }
  report = orga_import_report_new ("eleves.xml", set);
  if (!orga_store_apply_learner_set (store, school, report, "Bench", FALSE, NULL, &error))
    g_error ("import: %s", error->message);

  rows = orga_store_load_cert_readiness (store, school, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (rows->len, ==, N_STUDENTS);

  spec.name = "Profils";
  spec.type = ORGA_CAMPAIGN_TYPE_PROFILES_COLLECTION;
  spec.owner = spec.creator = "Bench";
  campaign = orga_store_create_campaign (store, school, &spec, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < N_PROFILES; i++)
    {
      const OrgaCertReadinessRow *row = g_ptr_array_index (rows, i);
      guint8 *pix = results + (gsize) i * ORGA_FRAMEWORK_N_COMPETENCES;
      guint n_level_1 = (i * 7) % 17;
      OrgaParticipation p = { 0 };

      for (guint c = 0; c < ORGA_FRAMEWORK_N_COMPETENCES; c++)
        pix[c] = c < n_level_1 ? 10 + c : 3;
      p.learner_id = row->learner_id;
      p.status = ORGA_PARTICIPATION_SHARED;
      p.created_at = 1727776800 + i;
      p.shared_at = 1727863200 + i;
      p.is_certifiable = n_level_1 >= ORGA_CERT_MIN_COMPETENCES_FOR_CERTIFIABILITY;
      p.results = pix;
      orga_participation_set_add (participations, &p);
    }
  if (!orga_store_add_participations (store, campaign, participations, &error))
    g_error ("participations: %s", error->message);

  session = orga_store_create_cert_session (store, school, &form, "Bench", &error);
  g_assert_no_error (error);
  for (guint i = 0; i < N_ENROLLED; i++)
    enrolled[i] = ((const OrgaCertReadinessRow *) g_ptr_array_index (rows, i * 13))->learner_id;
  if (!orga_store_enrol_cert_candidates (store, orga_cert_session_get_id (session), enrolled, N_ENROLLED, NULL, &error))
    g_error ("enrol: %s", error->message);
}

/* ---- timing ---- */

static int
compare_doubles (const void *a,
                 const void *b)
{
  double x = *(const double *) a;
  double y = *(const double *) b;

  return (x > y) - (x < y);
}

static double
median (double *values,
        guint   n)
{
  qsort (values, n, sizeof *values, compare_doubles);
  return n % 2 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
}

static double
now_ms (void)
{
  return g_get_monotonic_time () / 1000.0;
}

/* ---- the store's load and its floor ---- */

static double
time_store_load (OrgaStore        *store,
                 OrgaOrganization *school)
{
  g_autoptr(GError) error = NULL;
  double start = now_ms ();
  g_autoptr(GPtrArray) rows = orga_store_load_cert_readiness (store, school, NULL, &error);
  double end = now_ms ();

  g_assert_no_error (error);
  g_assert_cmpuint (rows->len, ==, N_STUDENTS);
  return end - start;
}

typedef struct
{
  gint64  id;
  char   *first_name;
  char   *last_name;
  char   *division;
} PlainRow;

static void
plain_row_free (gpointer data)
{
  PlainRow *row = data;

  g_free (row->first_name);
  g_free (row->last_name);
  g_free (row->division);
  g_free (row);
}

static double
time_plain_select (sqlite3 *db,
                   gint64   organization_id)
{
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func (plain_row_free);
  sqlite3_stmt *stmt = NULL;
  double start = now_ms ();
  double end;

  if (sqlite3_prepare_v2 (db, "SELECT id, first_name, last_name, division FROM learners "
                              "WHERE organization_id = ?1 AND disabled_at IS NULL "
                              "ORDER BY last_name, first_name", -1, &stmt, NULL) != SQLITE_OK)
    g_error ("prepare: %s", sqlite3_errmsg (db));
  sqlite3_bind_int64 (stmt, 1, organization_id);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      PlainRow *row = g_new (PlainRow, 1);

      row->id = sqlite3_column_int64 (stmt, 0);
      row->first_name = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
      row->last_name = g_strdup ((const char *) sqlite3_column_text (stmt, 2));
      row->division = g_strdup ((const char *) sqlite3_column_text (stmt, 3));
      g_ptr_array_add (rows, row);
    }
  sqlite3_finalize (stmt);
  end = now_ms ();
  g_assert_cmpuint (rows->len, ==, N_STUDENTS);
  return end - start;
}

/* ---- the view and its floor ---- */

typedef struct
{
  guint n_paints;
} Paints;

static void
after_paint_cb (GdkFrameClock *clock,
                Paints        *paints)
{
  paints->n_paints++;
}

static void
iterate (void)
{
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

/* Until @window paints once more. */
static void
wait_paint (GtkWidget *window,
            Paints    *paints)
{
  guint before = paints->n_paints;

  gtk_widget_queue_draw (window);
  while (paints->n_paints == before)
    g_main_context_iteration (NULL, TRUE);
}

static GtkWidget *
new_window (GtkWidget *child,
            Paints    *paints)
{
  GtkWidget *window = adw_window_new ();

  gtk_window_set_default_size (GTK_WINDOW (window), 1100, 720);
  adw_window_set_content (ADW_WINDOW (window), child);
  gtk_widget_realize (window);
  g_signal_connect (gtk_widget_get_frame_clock (window), "after-paint", G_CALLBACK (after_paint_cb), paints);
  gtk_window_present (GTK_WINDOW (window));
  return window;
}

static void
destroy_window (GtkWidget *window)
{
  gtk_window_destroy (GTK_WINDOW (window));
  iterate ();
}

static gboolean
view_loaded (OrgaCertReadinessView *view)
{
  GtkColumnView *column_view = GTK_COLUMN_VIEW (gtk_widget_get_template_child (GTK_WIDGET (view),
                                                                               ORGA_TYPE_CERT_READINESS_VIEW,
                                                                               "column_view"));

  return !orga_cert_readiness_view_get_busy (view)
         && g_list_model_get_n_items (G_LIST_MODEL (gtk_column_view_get_model (column_view))) == N_STUDENTS;
}

static double
time_view (OrgaContext *context)
{
  Paints paints = { 0 };
  double start = now_ms ();
  GtkWidget *view = g_object_new (ORGA_TYPE_CERT_READINESS_VIEW, "context", context, NULL);
  GtkWidget *window = new_window (view, &paints);
  double end;

  while (!view_loaded (ORGA_CERT_READINESS_VIEW (view)))
    g_main_context_iteration (NULL, TRUE);
  wait_paint (window, &paints);
  end = now_ms ();
  destroy_window (window);
  return end - start;
}

static void
setup_label_cb (GtkSignalListItemFactory *factory,
                GtkListItem              *item)
{
  gtk_list_item_set_child (item, gtk_label_new (NULL));
}

static void
bind_label_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *item)
{
  GtkStringObject *string = gtk_list_item_get_item (item);

  gtk_label_set_label (GTK_LABEL (gtk_list_item_get_child (item)), gtk_string_object_get_string (string));
}

static double
time_floor (const char *const *labels)
{
  Paints paints = { 0 };
  double start = now_ms ();
  GtkStringList *strings = gtk_string_list_new (labels);
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
  GtkWidget *list, *scrolled, *window;
  double end;

  g_signal_connect (factory, "setup", G_CALLBACK (setup_label_cb), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_label_cb), NULL);
  list = gtk_list_view_new (GTK_SELECTION_MODEL (gtk_no_selection_new (G_LIST_MODEL (strings))), factory);
  scrolled = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), list);
  window = new_window (scrolled, &paints);
  while (paints.n_paints == 0 || !gtk_widget_get_mapped (list))
    g_main_context_iteration (NULL, TRUE);
  end = now_ms ();
  destroy_window (window);
  return end - start;
}

int
main (int   argc,
      char *argv[])
{
  guint rounds = argc > 1 ? (guint) atoi (argv[1]) : DEFAULT_ROUNDS;
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  g_autoptr(OrgaStore) store = NULL;
  g_autoptr(OrgaOrganization) school = NULL;
  g_autoptr(GSettings) settings = NULL;
  g_autoptr(OrgaContext) context = NULL;
  g_autoptr(GPtrArray) labels = g_ptr_array_new_with_free_func (g_free);
  g_autofree double *load = NULL;
  g_autofree double *plain = NULL;
  g_autofree double *view = NULL;
  g_autofree double *bare = NULL;
  sqlite3 *db = NULL;
  double load_ms, select_ms, view_ms, floor_ms;

  if (rounds == 0)
    rounds = DEFAULT_ROUNDS;

  gtk_init ();
  adw_init ();

  dir = g_dir_make_tmp ("pixorga-readiness-bench-XXXXXX", &error);
  g_assert_no_error (error);
  path = g_build_filename (dir, "school.db", NULL);
  store = orga_store_open (path, &error);
  g_assert_no_error (error);
  school = orga_store_create_organization (store, "0330001A", "Lycée Montesquieu", ORGA_ORGANIZATION_KIND_SCO, &error);
  g_assert_no_error (error);
  fill_school (store, school);

  if (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK)
    g_error ("open: %s", sqlite3_errmsg (db));

  settings = g_settings_new (APP_ID);
  context = orga_context_new (store, settings);
  orga_context_set_organization (context, school);

  for (guint i = 0; i < N_STUDENTS; i++)
    g_ptr_array_add (labels, g_strdup_printf ("%s-%u %s", last_names[i % G_N_ELEMENTS (last_names)], i,
                                              first_names[i % G_N_ELEMENTS (first_names)]));
  g_ptr_array_add (labels, NULL);

  load = g_new (double, rounds);
  plain = g_new (double, rounds);
  view = g_new (double, rounds);
  bare = g_new (double, rounds);

  /* A first round of each, not counted: caches, fonts, the GResource. */
  time_store_load (store, school);
  time_plain_select (db, orga_organization_get_id (school));
  time_view (context);
  time_floor ((const char *const *) labels->pdata);

  for (guint r = 0; r < rounds; r++)
    {
      load[r] = time_store_load (store, school);
      plain[r] = time_plain_select (db, orga_organization_get_id (school));
      view[r] = time_view (context);
      bare[r] = time_floor ((const char *const *) labels->pdata);
    }

  load_ms = median (load, rounds);
  select_ms = median (plain, rounds);
  view_ms = median (view, rounds);
  floor_ms = median (bare, rounds);

  printf ("readiness, %u students, median of %u rounds\n", N_STUDENTS, rounds);
  printf ("  store load (orga_store_load_cert_readiness)  %8.2f ms\n", load_ms);
  printf ("  floor: plain SQLite SELECT of the students   %8.2f ms\n", select_ms);
  printf ("  ratio                                        %8.2f x\n", load_ms / select_ms);
  printf ("  view, first full load to its first frame     %8.2f ms\n", view_ms);
  printf ("  floor: bare GtkListView of 2,000 labels      %8.2f ms\n", floor_ms);
  printf ("  ratio                                        %8.2f x\n", view_ms / floor_ms);

  sqlite3_close (db);
  g_clear_object (&context);
  g_clear_object (&school);
  g_clear_object (&store);
  g_unlink (path);
  {
    g_autofree char *wal = g_strconcat (path, "-wal", NULL);
    g_autofree char *shm = g_strconcat (path, "-shm", NULL);

    g_unlink (wal);
    g_unlink (shm);
  }
  g_rmdir (dir);
  return 0;
}
