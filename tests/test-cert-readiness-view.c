/* test-cert-readiness-view.c: Certifications › Préparation, driven as a
 * head teacher would, on a real database
 *
 * Six students in two classes with shared profiles (certifiable, not yet
 * with 2, 3 and 4 competences at level 1, unknown): the rows, their
 * urgency order, "3 / 5", the counts, the next session, a refresh on the
 * change feed keeping the class, the class filter, the profiles
 * collection created for the class, and the PDF written through the save
 * dialog.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <string.h>

#include "orga-cert-readiness-item.h"
#include "orga-cert-readiness-view.h"
#include "orga-context.h"
#include "orga-format.h"
#include "orga-i18n.h"
#include "orga-import-report.h"
#include "orga-learner-set.h"
#include "orga-participation-set.h"
#include "orga-store-campaigns.h"
#include "orga-store-cert.h"
#include "orga-ui-test-util.h"

#define UAI "0330001A"

static char *temp_dir;

typedef struct
{
  char                  *db_path;
  OrgaStore             *store;
  OrgaOrganization      *organization;
  OrgaContext           *context;
  GtkWindow             *window;
  OrgaCertReadinessView *view;
} Fixture;

typedef struct
{
  const char *ine;
  const char *last_name;
  const char *first_name;
  const char *division;
  int         certifiable;   /* -1: no profile shared */
  guint       n_level_1;
} Student;

static const Student students[] = {
  { "1000000001A", "Dupont", "Léa", "3A", 1, 6 },
  { "1000000002B", "Écrivain", "Hugo", "3A", 0, 2 },
  { "1000000003C", "Martin", "Zoé", "3A", 0, 3 },
  { "1000000004D", "Bernard", "Jean", "3B", 1, 5 },
  { "1000000005E", "Zidane", "Inès", "3A", 0, 4 },
  { "1000000006F", "Petit", "Noah", "3A", -1, 0 },
};

/* ------------------------------------------------------------------------
 * Data
 * ------------------------------------------------------------------------ */

static void
import_students (Fixture *fixture)
{
  g_autoptr(OrgaLearnerSet) set = orga_learner_set_new ();
  g_autoptr(OrgaImportReport) report = NULL;
  g_autoptr(GError) error = NULL;

  orga_learner_set_set_format (set, ORGA_IMPORT_FORMAT_SIECLE_XML);
  for (guint i = 0; i < G_N_ELEMENTS (students); i++)
    {
      guint k = orga_learner_set_append (set);
      OrgaLearnerFields *l = orga_learner_set_peek (set, k);

      l->ine = orga_learner_set_intern (set, students[i].ine, -1);
      l->last_name = orga_learner_set_intern (set, students[i].last_name, -1);
      l->first_name = orga_learner_set_intern (set, students[i].first_name, -1);
      l->division = orga_learner_set_intern (set, students[i].division, -1);
      l->birthdate = orga_learner_set_intern (set, "2011-04-14", -1);
      l->sex = orga_learner_set_intern (set, i % 2 ? "M" : "F", -1);
      l->birth_country_code = orga_learner_set_intern (set, "100", -1);
      l->birth_city_code = orga_learner_set_intern (set, "33063", -1);
      l->birth_city = orga_learner_set_intern (set, "Bordeaux", -1);
      l->line = i + 1;
    }
  report = orga_import_report_new ("eleves.xml", set);
  g_assert_true (orga_store_apply_learner_set (fixture->store, fixture->organization, report, "Anne Proviseur",
                                               FALSE, NULL, &error));
  g_assert_no_error (error);
}

static gint64
learner_id (Fixture    *fixture,
            const char *ine)
{
  g_autoptr(GPtrArray) readiness = orga_store_load_cert_readiness (fixture->store, fixture->organization, NULL, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (students); i++)
    {
      if (!g_str_equal (students[i].ine, ine))
        continue;
      for (guint j = 0; readiness != NULL && j < readiness->len; j++)
        {
          OrgaCertReadinessRow *row = g_ptr_array_index (readiness, j);

          if (g_str_equal (row->last_name, students[i].last_name))
            return row->learner_id;
        }
    }
  g_assert_not_reached ();
}

/* Each student with a profile shares one, in a profiles collection:
 * @n_level_1 competences at 10 pix (level 1), the others at 4. */
static void
share_profiles (Fixture *fixture)
{
  g_autoptr(OrgaParticipationSet) set = orga_participation_set_new (ORGA_FRAMEWORK_N_COMPETENCES);
  g_autoptr(OrgaCampaign) campaign = NULL;
  g_autoptr(GError) error = NULL;
  guint8 results[G_N_ELEMENTS (students)][ORGA_FRAMEWORK_N_COMPETENCES];
  OrgaCampaignSpec spec = { 0 };

  spec.name = "Profils de rentrée";
  spec.type = ORGA_CAMPAIGN_TYPE_PROFILES_COLLECTION;
  spec.owner = spec.creator = "Mme Durand";
  campaign = orga_store_create_campaign (fixture->store, fixture->organization, &spec, &error);
  g_assert_no_error (error);

  for (guint i = 0; i < G_N_ELEMENTS (students); i++)
    {
      OrgaParticipation p = { 0 };

      if (students[i].certifiable < 0)
        continue;
      for (guint c = 0; c < ORGA_FRAMEWORK_N_COMPETENCES; c++)
        results[i][c] = c < students[i].n_level_1 ? 10 : 4;
      p.learner_id = learner_id (fixture, students[i].ine);
      p.status = ORGA_PARTICIPATION_SHARED;
      p.created_at = 1727776800;
      p.shared_at = 1727863200;
      p.is_certifiable = students[i].certifiable;
      p.results = results[i];
      orga_participation_set_add (set, &p);
    }
  g_assert_true (orga_store_add_participations (fixture->store, campaign, set, &error));
  g_assert_no_error (error);
}

static char *
day_from_today (int days)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GDateTime) day = g_date_time_add_days (now, days);

  return g_date_time_format (day, "%Y-%m-%d");
}

/* ------------------------------------------------------------------------
 * The view
 * ------------------------------------------------------------------------ */

static gpointer
child (Fixture    *fixture,
       const char *name)
{
  GObject *object = gtk_widget_get_template_child (GTK_WIDGET (fixture->view), ORGA_TYPE_CERT_READINESS_VIEW, name);

  g_assert_nonnull (object);
  return object;
}

static gboolean
idle_cb (gpointer data)
{
  Fixture *fixture = data;

  return !orga_cert_readiness_view_get_busy (fixture->view);
}

static void
wait_idle (Fixture *fixture)
{
  orga_ui_test_spin (20);
  orga_ui_test_wait_until (idle_cb, fixture);
  orga_ui_test_spin (50);
}

static GListModel *
rows_model (Fixture *fixture)
{
  return G_LIST_MODEL (gtk_column_view_get_model (child (fixture, "column_view")));
}

/* "Écrivain Martin …": the rows' last names in the order shown. */
static char *
shown_names (Fixture *fixture)
{
  GListModel *model = rows_model (fixture);
  g_autoptr(GString) names = g_string_new (NULL);

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(OrgaCertReadinessItem) item = g_list_model_get_item (model, i);

      g_string_append_printf (names, "%s%s", i > 0 ? " " : "", orga_cert_readiness_item_get_row (item)->last_name);
    }
  return g_string_free (g_steal_pointer (&names), FALSE);
}

static void
collect_labels (GtkWidget *widget,
                GPtrArray *texts)
{
  /* The cells, not the column titles. */
  if (g_str_equal (G_OBJECT_TYPE_NAME (widget), "GtkColumnViewTitle"))
    return;
  if (GTK_IS_LABEL (widget) && gtk_widget_get_mapped (widget))
    g_ptr_array_add (texts, (gpointer) gtk_label_get_label (GTK_LABEL (widget)));
  for (GtkWidget *c = gtk_widget_get_first_child (widget); c != NULL; c = gtk_widget_get_next_sibling (c))
    collect_labels (c, texts);
}

/* How many labels of the table show @text on screen. */
static guint
count_cells (Fixture    *fixture,
             const char *text)
{
  g_autoptr(GPtrArray) texts = g_ptr_array_new ();
  guint n = 0;

  collect_labels (child (fixture, "column_view"), texts);
  for (guint i = 0; i < texts->len; i++)
    if (g_strcmp0 (texts->pdata[i], text) == 0)
      n++;
  return n;
}

static const char *
label_text (Fixture    *fixture,
            const char *name)
{
  return gtk_label_get_label (child (fixture, name));
}

static void
select_class (Fixture    *fixture,
              const char *division)
{
  GtkDropDown *dropdown = child (fixture, "class_dropdown");
  GListModel *model = gtk_drop_down_get_model (dropdown);

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(GtkStringObject) item = g_list_model_get_item (model, i);

      if (g_str_equal (gtk_string_object_get_string (item), division))
        {
          gtk_drop_down_set_selected (dropdown, i);
          wait_idle (fixture);
          return;
        }
    }
  g_error ("no class %s in the selector", division);
}

static const char *
selected_class (Fixture *fixture)
{
  GtkStringObject *item = gtk_drop_down_get_selected_item (child (fixture, "class_dropdown"));

  return gtk_string_object_get_string (item);
}

/* ------------------------------------------------------------------------
 * Fixture
 * ------------------------------------------------------------------------ */

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  static guint counter;
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  g_autoptr(GError) error = NULL;
  g_autofree char *name = g_strdup_printf ("test-%u.db", ++counter);

  fixture->db_path = g_build_filename (temp_dir, name, NULL);
  fixture->store = orga_store_open (fixture->db_path, &error);
  g_assert_no_error (error);
  fixture->organization = orga_store_create_organization (fixture->store, UAI, "Collège Jean Moulin",
                                                          ORGA_ORGANIZATION_KIND_SCO, &error);
  g_assert_no_error (error);
  import_students (fixture);
  share_profiles (fixture);

  fixture->context = orga_context_new (fixture->store, settings);
  orga_context_set_organization (fixture->context, fixture->organization);

  fixture->view = g_object_new (ORGA_TYPE_CERT_READINESS_VIEW, "context", fixture->context, NULL);
  g_object_add_weak_pointer (G_OBJECT (fixture->view), (gpointer *) &fixture->view);

  /* A toast overlay above it, as the window has. */
  {
    GtkWidget *overlay = adw_toast_overlay_new ();

    adw_toast_overlay_set_child (ADW_TOAST_OVERLAY (overlay), GTK_WIDGET (fixture->view));
    fixture->window = orga_ui_test_present (overlay, 1100, 700);
  }
  wait_idle (fixture);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  orga_ui_test_close_dialogs (fixture->window);
  gtk_window_destroy (fixture->window);
  orga_ui_test_spin (50);

  g_assert_null (fixture->view);
  g_assert_finalize_object (fixture->context);
  g_clear_object (&fixture->organization);
  g_assert_finalize_object (fixture->store);

  g_unlink (fixture->db_path);
  g_clear_pointer (&fixture->db_path, g_free);
}

/* ------------------------------------------------------------------------
 * Tests
 * ------------------------------------------------------------------------ */

static void
test_rows (Fixture       *fixture,
           gconstpointer  data)
{
  g_autofree char *names = NULL;
  g_autofree char *after = NULL;
  g_autofree char *date = day_from_today (12);
  g_autofree char *expected_session = NULL;
  g_autoptr(OrgaCertSession) session = NULL;
  g_autoptr(GError) error = NULL;
  OrgaCertSessionForm form = {
    .address = "Collège Jean Moulin", .room = "CDI", .examiner = "Mme Durand",
    .date = date, .time = "09:00",
  };
  gint64 ecrivain;

  /* Every class, by urgency: not yet (fewest competences first), then
   * unknown, then certifiable. */
  g_assert_cmpstr (gtk_stack_get_visible_child_name (child (fixture, "content_stack")), ==, "list");
  g_assert_cmpstr (selected_class (fixture), ==, "Toutes les classes");
  names = shown_names (fixture);
  g_assert_cmpstr (names, ==, "Écrivain Martin Zidane Petit Bernard Dupont");

  /* On screen: the statuses and, for a not-yet student only, "n / 5". */
  g_assert_cmpuint (count_cells (fixture, "Pas encore"), ==, 3);
  g_assert_cmpuint (count_cells (fixture, "Inconnu"), ==, 1);
  g_assert_cmpuint (count_cells (fixture, "Certifiable"), ==, 2);
  g_assert_cmpuint (count_cells (fixture, "2 / 5"), ==, 1);
  g_assert_cmpuint (count_cells (fixture, "3 / 5"), ==, 1);
  g_assert_cmpuint (count_cells (fixture, "4 / 5"), ==, 1);
  g_assert_cmpuint (count_cells (fixture, "6 / 5"), ==, 0);
  g_assert_cmpuint (count_cells (fixture, "5 / 5"), ==, 0);
  g_assert_cmpuint (count_cells (fixture, "Inscrit"), ==, 0);
  g_assert_cmpuint (count_cells (fixture, "Martin"), ==, 1);
  g_assert_cmpstr (label_text (fixture, "certifiable_label"), ==, "2 certifiables");
  g_assert_cmpstr (label_text (fixture, "not_yet_label"), ==, "3 pas encore certifiables");
  g_assert_cmpstr (label_text (fixture, "unknown_label"), ==, "1 inconnu");
  g_assert_cmpstr (label_text (fixture, "session_label"), ==, "Aucune session prévue");

  /* A session is planned and Écrivain enrolled: the change feed reloads;
   * an enrolled student comes after those still to enrol. */
  session = orga_store_create_cert_session (fixture->store, fixture->organization, &form, "Anne", &error);
  g_assert_no_error (error);
  ecrivain = learner_id (fixture, "1000000002B");
  g_assert_true (orga_store_enrol_cert_candidates (fixture->store, orga_cert_session_get_id (session),
                                                   &ecrivain, 1, NULL, &error));
  g_assert_no_error (error);
  wait_idle (fixture);

  after = shown_names (fixture);
  g_assert_cmpstr (after, ==, "Martin Zidane Écrivain Petit Bernard Dupont");
  g_assert_cmpuint (count_cells (fixture, "Inscrit"), ==, 1);
  {
    g_autoptr(GDateTime) day = g_date_time_new_local (atoi (date), atoi (date + 5), atoi (date + 8), 12, 0, 0);
    g_autofree char *long_day = orga_format_day_month (day, TRUE, FALSE);

    expected_session = g_strdup_printf ("Prochaine session : %s", long_day);
  }
  g_assert_cmpstr (label_text (fixture, "session_label"), ==, expected_session);
}

static void
test_class (Fixture       *fixture,
            gconstpointer  data)
{
  GtkWidget *create_button = child (fixture, "create_button");
  g_autoptr(GPtrArray) campaigns = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *names = NULL;
  g_autofree char *again = NULL;
  OrgaCampaign *created = NULL;
  guint n_before;

  /* No collection for "every class". */
  g_assert_false (gtk_widget_is_sensitive (create_button));

  select_class (fixture, "3A");
  g_assert_cmpstr (orga_cert_readiness_view_get_division (fixture->view), ==, "3A");
  names = shown_names (fixture);
  g_assert_cmpstr (names, ==, "Écrivain Martin Zidane Petit Dupont");
  g_assert_cmpstr (label_text (fixture, "certifiable_label"), ==, "1 certifiable");
  g_assert_cmpuint (count_cells (fixture, "Bernard"), ==, 0);
  g_assert_true (gtk_widget_is_sensitive (create_button));

  /* "Créer une collecte de profils": a profiles collection for 3A. */
  campaigns = orga_store_list_campaigns (fixture->store, fixture->organization, NULL, &error);
  g_assert_no_error (error);
  n_before = campaigns->len;
  g_clear_pointer (&campaigns, g_ptr_array_unref);
  g_signal_emit_by_name (create_button, "clicked");
  wait_idle (fixture);

  campaigns = orga_store_list_campaigns (fixture->store, fixture->organization, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (campaigns->len, ==, n_before + 1);
  for (guint i = 0; i < campaigns->len; i++)
    if (g_str_equal (orga_campaign_get_name (campaigns->pdata[i]), "Certification – 3A"))
      created = campaigns->pdata[i];
  g_assert_nonnull (created);
  g_assert_cmpint (orga_campaign_get_campaign_type (created), ==, ORGA_CAMPAIGN_TYPE_PROFILES_COLLECTION);
  g_assert_null (orga_campaign_get_target_profile_id (created));

  /* The campaign was a change of the store: the view read again and
   * kept the class. */
  g_assert_cmpstr (selected_class (fixture), ==, "3A");
  again = shown_names (fixture);
  g_assert_cmpstr (again, ==, names);

  /* Back to every class: the button goes grey again. */
  select_class (fixture, "Toutes les classes");
  g_assert_null (orga_cert_readiness_view_get_division (fixture->view));
  g_assert_cmpuint (g_list_model_get_n_items (rows_model (fixture)), ==, G_N_ELEMENTS (students));
  g_assert_false (gtk_widget_is_sensitive (create_button));
}

static gboolean
has_chooser_cb (gpointer data)
{
  return orga_ui_test_find_toplevel (GTK_TYPE_FILE_CHOOSER_DIALOG) != NULL;
}

static gboolean
file_written_cb (gpointer data)
{
  return g_file_test (data, G_FILE_TEST_IS_REGULAR);
}

static char *
pdf_text (const char *path)
{
  const char *argv[] = { "pdftotext", "-layout", path, "-", NULL };
  g_autofree char *out = NULL;
  g_autoptr(GError) error = NULL;
  int status = 0;

  g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, &out, NULL,
                               &status, &error));
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  return g_steal_pointer (&out);
}

static void
test_pdf (Fixture       *fixture,
          gconstpointer  data)
{
  g_autofree char *path = g_build_filename (temp_dir, "preparation-certification-3A.pdf", NULL);
  g_autoptr(GFile) folder = g_file_new_for_path (temp_dir);
  g_autofree char *text = NULL;
  g_autofree char *proposed = NULL;
  GtkWindow *dialog;

  select_class (fixture, "3A");
  g_assert_true (gtk_widget_is_sensitive (child (fixture, "print_button")));

  /* "Imprimer en PDF": the save dialog (GTK's own under the tests),
   * with a proposed name; saved in the test's folder. */
  g_signal_emit_by_name (child (fixture, "print_button"), "clicked");
  orga_ui_test_wait_until (has_chooser_cb, NULL);
  dialog = orga_ui_test_find_toplevel (GTK_TYPE_FILE_CHOOSER_DIALOG);
  proposed = gtk_file_chooser_get_current_name (GTK_FILE_CHOOSER (dialog));
  g_assert_cmpstr (proposed, ==, "preparation-certification-3A.pdf");
  /* GTK's dialog answers "Enregistrer" after checks of its own that
   * take their time under Xvfb: it is cancelled, and the file it would
   * give is written as its answer does (chooser_response_cb). */
  gtk_dialog_response (GTK_DIALOG (dialog), GTK_RESPONSE_CANCEL);
  orga_ui_test_spin (50);
  g_assert_null (orga_ui_test_find_toplevel (GTK_TYPE_FILE_CHOOSER_DIALOG));
  {
    g_autoptr(GFile) file = g_file_get_child (folder, "preparation-certification-3A.pdf");

    orga_cert_readiness_view_print_to_file (fixture->view, file);
  }
  g_assert_true (orga_cert_readiness_view_get_busy (fixture->view));
  g_assert_false (gtk_widget_is_sensitive (child (fixture, "print_button")));
  orga_ui_test_wait_until (file_written_cb, path);
  wait_idle (fixture);

  g_assert_true (g_file_test (path, G_FILE_TEST_IS_REGULAR));
  text = pdf_text (path);
  g_assert_nonnull (strstr (text, "Préparation à la certification"));
  g_assert_nonnull (strstr (text, "Classe 3A — Aucune session prévue"));
  g_assert_nonnull (strstr (text, "1 certifiable · 3 pas encore · 1 inconnu"));
  g_assert_nonnull (strstr (text, "Écrivain"));
  g_assert_nonnull (strstr (text, "Zidane"));
  g_assert_null (strstr (text, "Bernard"));
  /* The rows in the view's order. */
  g_assert_true (strstr (text, "Écrivain") < strstr (text, "Martin"));
  g_assert_true (strstr (text, "Martin") < strstr (text, "Petit"));
  g_assert_true (strstr (text, "Petit") < strstr (text, "Dupont"));
  g_assert_true (g_regex_match_simple ("Martin .*Pas encore *3 */ *5", text, 0, 0));
  g_unlink (path);
}

/* data/screenshots/cert-readiness.png (+ -dark): a 3e class of 24. */
static void
test_screenshot (Fixture       *fixture,
                 gconstpointer  data)
{
  static const char *const last[] = {
    "Bernard", "Caron", "Da Silva", "Dubois", "Fontaine", "Garnier", "Girard", "Hébert", "Joly", "Lambert",
    "Lefèvre", "Mercier", "Morel", "N'Diaye", "Nguyen", "Perrin", "Renaud", "Robin", "Roussel", "Schmitt",
    "Vidal", "Faure", "Blanc", "Guérin",
  };
  static const char *const first[] = {
    "Chloé", "Hugo", "Inès", "Jules", "Léna", "Louis", "Maël", "Manon", "Nathan", "Noémie", "Sacha", "Zoé",
  };
  static const int level_1[] = { 6, 3, -1, 9, 1, 5, 2, 7, 4, -1, 11, 3, 8, 0, 5, 2, 12, 4, -1, 6, 3, 10, 1, 7 };
  g_autoptr(OrgaLearnerSet) set = orga_learner_set_new ();
  g_autoptr(OrgaImportReport) report = NULL;
  g_autoptr(OrgaParticipationSet) profiles = orga_participation_set_new (ORGA_FRAMEWORK_N_COMPETENCES);
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GPtrArray) campaigns = NULL;
  g_autoptr(OrgaCertSession) session = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *date = day_from_today (24);
  guint8 pix[G_N_ELEMENTS (last)][ORGA_FRAMEWORK_N_COMPETENCES];
  gint64 enrolled[4];
  guint n_enrolled = 0;
  OrgaCertSessionForm form = {
    .address = "Collège Jean Moulin", .room = "Salle informatique", .examiner = "Mme Durand",
    .date = date, .time = "09:00",
  };

  if (g_getenv ("PIXORGA_SCREENSHOT_DIR") == NULL)
    {
      g_test_skip ("PIXORGA_SCREENSHOT_DIR not set");
      return;
    }

  orga_learner_set_set_format (set, ORGA_IMPORT_FORMAT_SIECLE_XML);
  for (guint i = 0; i < G_N_ELEMENTS (students); i++)
    {
      OrgaLearnerFields *l = orga_learner_set_peek (set, orga_learner_set_append (set));

      /* The students already there stay (an import is the whole list). */
      l->ine = orga_learner_set_intern (set, students[i].ine, -1);
      l->last_name = orga_learner_set_intern (set, students[i].last_name, -1);
      l->first_name = orga_learner_set_intern (set, students[i].first_name, -1);
      l->division = orga_learner_set_intern (set, students[i].division, -1);
      l->birthdate = orga_learner_set_intern (set, "2011-04-14", -1);
      l->sex = orga_learner_set_intern (set, "F", -1);
      l->birth_country_code = orga_learner_set_intern (set, "100", -1);
      l->birth_city_code = orga_learner_set_intern (set, "33063", -1);
      l->birth_city = orga_learner_set_intern (set, "Bordeaux", -1);
      l->line = i + 1;
    }
  for (guint i = 0; i < G_N_ELEMENTS (last); i++)
    {
      OrgaLearnerFields *l = orga_learner_set_peek (set, orga_learner_set_append (set));
      g_autofree char *ine = g_strdup_printf ("20000000%02u%c", i, 'A' + i);

      l->ine = orga_learner_set_intern (set, ine, -1);
      l->last_name = orga_learner_set_intern (set, last[i], -1);
      l->first_name = orga_learner_set_intern (set, first[(i * 5) % G_N_ELEMENTS (first)], -1);
      l->division = orga_learner_set_intern (set, "3e B", -1);
      l->birthdate = orga_learner_set_intern (set, "2011-09-02", -1);
      l->sex = orga_learner_set_intern (set, i % 2 ? "M" : "F", -1);
      l->birth_country_code = orga_learner_set_intern (set, "100", -1);
      l->birth_city_code = orga_learner_set_intern (set, "33063", -1);
      l->birth_city = orga_learner_set_intern (set, "Bordeaux", -1);
      l->line = G_N_ELEMENTS (students) + i + 1;
    }
  report = orga_import_report_new ("eleves.xml", set);
  g_assert_true (orga_store_apply_learner_set (fixture->store, fixture->organization, report, "Anne Proviseur",
                                               FALSE, NULL, &error));
  g_assert_no_error (error);

  rows = orga_store_load_cert_readiness (fixture->store, fixture->organization, "3e B", &error);
  g_assert_no_error (error);
  campaigns = orga_store_list_campaigns (fixture->store, fixture->organization, NULL, &error);
  g_assert_no_error (error);
  for (guint r = 0; r < rows->len; r++)
    {
      OrgaCertReadinessRow *row = g_ptr_array_index (rows, r);
      OrgaParticipation p = { 0 };
      guint i;

      for (i = 0; i < G_N_ELEMENTS (last) && !g_str_equal (last[i], row->last_name); i++)
        ;
      g_assert_cmpuint (i, <, G_N_ELEMENTS (last));
      if (level_1[i] < 0)
        continue;
      for (guint c = 0; c < ORGA_FRAMEWORK_N_COMPETENCES; c++)
        pix[i][c] = (int) c < level_1[i] ? 12 : 4;
      p.learner_id = row->learner_id;
      p.status = ORGA_PARTICIPATION_SHARED;
      p.created_at = 1727776800 + i;
      p.shared_at = 1727863200 + i;
      p.is_certifiable = level_1[i] >= ORGA_CERT_MIN_COMPETENCES_FOR_CERTIFIABILITY;
      p.results = pix[i];
      orga_participation_set_add (profiles, &p);
      if (level_1[i] >= 8 && n_enrolled < G_N_ELEMENTS (enrolled))
        enrolled[n_enrolled++] = row->learner_id;
    }
  g_assert_true (orga_store_add_participations (fixture->store, campaigns->pdata[0], profiles, &error));
  g_assert_no_error (error);
  session = orga_store_create_cert_session (fixture->store, fixture->organization, &form, "Anne", &error);
  g_assert_no_error (error);
  g_assert_true (orga_store_enrol_cert_candidates (fixture->store, orga_cert_session_get_id (session),
                                                   enrolled, n_enrolled, NULL, &error));
  g_assert_no_error (error);
  wait_idle (fixture);

  select_class (fixture, "3e B");
  g_assert_cmpuint (g_list_model_get_n_items (rows_model (fixture)), ==, G_N_ELEMENTS (last));
  gtk_window_set_default_size (fixture->window, 1000, 760);
  orga_ui_test_spin (200);
  orga_ui_test_shoot (fixture->window, "cert-readiness");
}

/* A refresh from the change feed (here: a session planned) while the
 * head teacher is halfway down a long list keeps the list where it was. */
static void
test_refresh_keeps_scroll (Fixture       *fixture,
                           gconstpointer  data)
{
  g_autoptr(OrgaLearnerSet) set = orga_learner_set_new ();
  g_autoptr(OrgaImportReport) report = NULL;
  g_autoptr(OrgaCertSession) session = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *date = day_from_today (12);
  OrgaCertSessionForm form = {
    .address = "Collège Jean Moulin", .room = "CDI", .examiner = "Mme Durand",
    .date = date, .time = "09:00",
  };
  GtkAdjustment *vadjustment;
  double before;

  orga_learner_set_set_format (set, ORGA_IMPORT_FORMAT_SIECLE_XML);
  for (guint i = 0; i < G_N_ELEMENTS (students) + 150; i++)
    {
      OrgaLearnerFields *l = orga_learner_set_peek (set, orga_learner_set_append (set));
      g_autofree char *ine = g_strdup_printf ("3000000%03u%c", i, 'A' + i % 26);
      g_autofree char *last_name = g_strdup_printf ("Élève%03u", i);

      /* The students already there stay (an import is the whole list). */
      if (i < G_N_ELEMENTS (students))
        {
          g_clear_pointer (&ine, g_free);
          ine = g_strdup (students[i].ine);
          g_clear_pointer (&last_name, g_free);
          last_name = g_strdup (students[i].last_name);
        }
      l->ine = orga_learner_set_intern (set, ine, -1);
      l->last_name = orga_learner_set_intern (set, last_name, -1);
      l->first_name = orga_learner_set_intern (set, "Camille", -1);
      l->division = orga_learner_set_intern (set, i < G_N_ELEMENTS (students) ? students[i].division : "3e C", -1);
      l->birthdate = orga_learner_set_intern (set, "2011-04-14", -1);
      l->sex = orga_learner_set_intern (set, "F", -1);
      l->birth_country_code = orga_learner_set_intern (set, "100", -1);
      l->birth_city_code = orga_learner_set_intern (set, "33063", -1);
      l->birth_city = orga_learner_set_intern (set, "Bordeaux", -1);
      l->line = i + 1;
    }
  report = orga_import_report_new ("eleves.xml", set);
  g_assert_true (orga_store_apply_learner_set (fixture->store, fixture->organization, report, "Anne Proviseur",
                                               FALSE, NULL, &error));
  g_assert_no_error (error);
  wait_idle (fixture);
  g_assert_cmpuint (g_list_model_get_n_items (rows_model (fixture)), ==, G_N_ELEMENTS (students) + 150);

  vadjustment = gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (child (fixture, "column_view")));
  g_assert_cmpfloat (gtk_adjustment_get_upper (vadjustment), >, 2 * gtk_adjustment_get_page_size (vadjustment));
  gtk_adjustment_set_value (vadjustment, gtk_adjustment_get_upper (vadjustment) / 2);
  orga_ui_test_spin (100);
  before = gtk_adjustment_get_value (vadjustment);
  g_assert_cmpfloat (before, >, 0);

  session = orga_store_create_cert_session (fixture->store, fixture->organization, &form, "Anne", &error);
  g_assert_no_error (error);
  wait_idle (fixture);
  orga_ui_test_spin (100);
  g_assert_cmpstr (label_text (fixture, "session_label"), !=, "Aucune session prévue");
  /* Within a row of where it was. */
  g_assert_cmpfloat (ABS (gtk_adjustment_get_value (vadjustment) - before), <, 40);
}

static void
test_no_school (void)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (temp_dir, "empty.db", NULL);
  OrgaStore *store = orga_store_open (path, &error);
  OrgaContext *context;
  OrgaCertReadinessView *view;
  GtkWindow *window;

  g_assert_no_error (error);
  context = orga_context_new (store, settings);
  view = g_object_new (ORGA_TYPE_CERT_READINESS_VIEW, "context", context, NULL);
  window = orga_ui_test_present (GTK_WIDGET (view), 800, 600);
  orga_ui_test_spin (50);

  /* No school: a clear state, nothing to create or print. */
  g_assert_cmpstr (gtk_stack_get_visible_child_name (GTK_STACK (gtk_widget_get_template_child (GTK_WIDGET (view),
                                                      ORGA_TYPE_CERT_READINESS_VIEW, "content_stack"))), ==, "no-school");
  g_assert_false (gtk_widget_is_sensitive (GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (view),
                                                       ORGA_TYPE_CERT_READINESS_VIEW, "print_button"))));

  gtk_window_destroy (window);
  orga_ui_test_spin (20);
  g_assert_finalize_object (context);
  g_assert_finalize_object (store);
  g_unlink (path);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  int status;

  orga_i18n_init (TRUE);
  textdomain (GETTEXT_PACKAGE);
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  temp_dir = g_dir_make_tmp ("pixorga-readiness-test-XXXXXX", &error);
  g_assert_no_error (error);

  g_test_add_func ("/cert-readiness-view/no-school", test_no_school);
  g_test_add ("/cert-readiness-view/rows", Fixture, NULL, fixture_set_up, test_rows, fixture_tear_down);
  g_test_add ("/cert-readiness-view/class", Fixture, NULL, fixture_set_up, test_class, fixture_tear_down);
  g_test_add ("/cert-readiness-view/pdf", Fixture, NULL, fixture_set_up, test_pdf, fixture_tear_down);
  g_test_add ("/cert-readiness-view/refresh-keeps-scroll", Fixture, NULL, fixture_set_up,
              test_refresh_keeps_scroll, fixture_tear_down);
  g_test_add ("/cert-readiness-view/screenshot", Fixture, NULL, fixture_set_up, test_screenshot, fixture_tear_down);

  status = g_test_run ();

  orga_ui_test_remove_dir (temp_dir);
  return status;
}
