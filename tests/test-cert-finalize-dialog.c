/* test-cert-finalize-dialog.c: "Finaliser la session" and its read-only
 * "Procès-verbal" (spec §2.5), driven through the certifications page's
 * action and the dialog's widgets and actions, on a real database
 *
 * Courses are the server's: they are written here as a pull leaves them,
 * as tests/test-store-cert.c does.
 *
 * With PIXORGA_SCREENSHOT_DIR set, the dialog and the report editor are
 * shot there, light and dark (data/screenshots/cert-*.png).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <string.h>

#include "orga-cert-finalize-dialog.h"
#include "orga-cert-report-editor.h"
#include "orga-certifications-page.h"
#include "orga-context.h"
#include "orga-i18n.h"
#include "orga-store-cert.h"
#include "orga-store-private.h"
#include "orga-test-util.h"
#include "orga-ui-test-util.h"

#define UAI "0330001A"

static char *temp_dir;

typedef struct
{
  char                   *db_path;
  OrgaStore              *store;
  OrgaOrganization       *organization;
  OrgaContext            *context;
  GtkWindow              *window;
  OrgaCertificationsPage *page;
  gint64                  session_id;
  char                   *finished;     /* Léa Dupont's course */
  char                   *unfinished;   /* Hugo Écrivain's */
} Fixture;

/* ------------------------------------------------------------------------
 * Data
 * ------------------------------------------------------------------------ */

static gint64
sql_int (Fixture    *fixture,
         const char *sql)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  g_assert_cmpint (sqlite3_prepare_v2 (_orga_store_get_db (fixture->store), sql, -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  return sqlite3_column_int64 (stmt, 0);
}

static char *
sql_text (Fixture    *fixture,
          const char *sql)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  g_assert_cmpint (sqlite3_prepare_v2 (_orga_store_get_db (fixture->store), sql, -1, &stmt, NULL), ==, SQLITE_OK);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    return NULL;
  return g_strdup ((const char *) sqlite3_column_text (stmt, 0));
}

static void
sql_exec (Fixture    *fixture,
          const char *sql)
{
  char *message = NULL;

  if (sqlite3_exec (_orga_store_get_db (fixture->store), sql, NULL, NULL, &message) != SQLITE_OK)
    g_error ("%s: %s", sql, message);
}

typedef struct
{
  const char *ine;
  const char *last_name;
  const char *first_name;
} Student;

static const Student students[] = {
  { "1000000001A", "Dupont", "Léa" },
  { "1000000002B", "Écrivain", "Hugo" },
  { "1000000003C", "Martin", "Zoé" },
};

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
      l->division = orga_learner_set_intern (set, "3A", -1);
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

/* A session of tomorrow with the three students enrolled. */
static gint64
enrolled_session (Fixture *fixture)
{
  g_autoptr(OrgaCertSession) session = NULL;
  g_autoptr(GError) error = NULL;
  gint64 ids[G_N_ELEMENTS (students)];

  session = orga_test_new_cert_session_tomorrow (fixture->store, fixture->organization);
  for (guint i = 0; i < G_N_ELEMENTS (students); i++)
    {
      g_autofree char *sql = g_strdup_printf ("SELECT id FROM learners WHERE ine = '%s'", students[i].ine);

      ids[i] = sql_int (fixture, sql);
    }
  g_assert_true (orga_store_enrol_cert_candidates (fixture->store, orga_cert_session_get_id (session),
                                                   ids, G_N_ELEMENTS (ids), NULL, &error));
  g_assert_no_error (error);
  return orga_cert_session_get_id (session);
}

/* A started course of the candidate of @ine, as a pull leaves it. */
static char *
add_course (Fixture    *fixture,
            const char *ine,
            int         number,
            gboolean    completed)
{
  g_autofree char *sql = NULL;
  gint64 candidate;

  sql = g_strdup_printf ("SELECT id FROM cert_candidates WHERE session_id = %" G_GINT64_FORMAT
                         " AND learner_id = (SELECT id FROM learners WHERE ine = '%s')", fixture->session_id, ine);
  candidate = sql_int (fixture, sql);
  g_free (sql);
  sql = g_strdup_printf ("INSERT INTO cert_courses (uuid, organization_id, number, session_id, candidate_id, learner_id, "
                         "started_at, completed_at, status, pix_score, levels, verification_code) "
                         "SELECT 'course-%d', organization_id, %d, %" G_GINT64_FORMAT ", %" G_GINT64_FORMAT ", learner_id, "
                         "'2026-01-01T08:10:00.000000Z', %s, 'started', 0, '', 'P-BCDFGH%02d' "
                         "FROM cert_candidates WHERE id = %" G_GINT64_FORMAT,
                         number, number, fixture->session_id, candidate,
                         completed ? "'2026-01-01T09:00:00.000000Z'" : "NULL", number % 100, candidate);
  sql_exec (fixture, sql);
  g_free (sql);
  sql = g_strdup_printf ("UPDATE cert_candidates SET joined_at = '2026-01-01T08:05:00.000000Z' WHERE id = %" G_GINT64_FORMAT,
                         candidate);
  sql_exec (fixture, sql);
  return g_strdup_printf ("course-%d", number);
}

/* ------------------------------------------------------------------------
 * Widgets
 * ------------------------------------------------------------------------ */

static gpointer
dialog_child (GtkWidget  *dialog,
              const char *name)
{
  GObject *object = gtk_widget_get_template_child (dialog, ORGA_TYPE_CERT_FINALIZE_DIALOG, name);

  g_assert_nonnull (object);
  return object;
}

static gpointer
editor_child (GtkWidget  *editor,
              const char *name)
{
  GObject *object = gtk_widget_get_template_child (editor, ORGA_TYPE_CERT_REPORT_EDITOR, name);

  g_assert_nonnull (object);
  return object;
}

/* The buttons under @widget whose action is @action_name. */
static void
collect_actionables (GtkWidget  *widget,
                     const char *action_name,
                     GPtrArray  *out)
{
  if (GTK_IS_ACTIONABLE (widget) &&
      g_strcmp0 (gtk_actionable_get_action_name (GTK_ACTIONABLE (widget)), action_name) == 0)
    g_ptr_array_add (out, widget);
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL; child = gtk_widget_get_next_sibling (child))
    collect_actionables (child, action_name, out);
}

static guint
count_actionables (GtkWidget  *widget,
                   const char *action_name)
{
  g_autoptr(GPtrArray) found = g_ptr_array_new ();

  collect_actionables (widget, action_name, found);
  return found->len;
}

/* The action rows under @widget whose title starts with @prefix. */
static AdwActionRow *
find_row (GtkWidget  *widget,
          const char *prefix)
{
  if (ADW_IS_ACTION_ROW (widget) &&
      g_str_has_prefix (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (widget)), prefix))
    return ADW_ACTION_ROW (widget);
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL; child = gtk_widget_get_next_sibling (child))
    {
      AdwActionRow *found = find_row (child, prefix);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* The group of candidate @name in the dialog. */
static GtkWidget *
course_group (GtkWidget  *dialog,
              const char *name)
{
  for (GtkWidget *child = gtk_widget_get_first_child (dialog_child (dialog, "courses_box"));
       child != NULL; child = gtk_widget_get_next_sibling (child))
    if (g_strcmp0 (adw_preferences_group_get_title (ADW_PREFERENCES_GROUP (child)), name) == 0)
      return child;

  g_error ("No group for %s in the dialog", name);
}

static guint
n_groups (GtkWidget *dialog)
{
  guint n = 0;

  for (GtkWidget *child = gtk_widget_get_first_child (dialog_child (dialog, "courses_box"));
       child != NULL; child = gtk_widget_get_next_sibling (child))
    n++;
  return n;
}

static const char *
shown_error (GtkWidget *dialog)
{
  if (!gtk_revealer_get_reveal_child (dialog_child (dialog, "error_revealer")))
    return NULL;
  return gtk_label_get_label (dialog_child (dialog, "error_label"));
}

/* Selects the item of @row whose text starts with @prefix ("C7 "). */
static void
select_item (AdwComboRow *row,
             const char  *prefix)
{
  GListModel *model = adw_combo_row_get_model (row);

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    if (g_str_has_prefix (gtk_string_list_get_string (GTK_STRING_LIST (model), i), prefix))
      {
        adw_combo_row_set_selected (row, i);
        return;
      }

  g_error ("No item %s", prefix);
}

static GtkWidget *
open_dialog (Fixture *fixture)
{
  GtkWidget *dialog;

  g_assert_null (orga_ui_test_find_toplevel (ORGA_TYPE_CERT_FINALIZE_DIALOG));
  /* What the session page's button (certifications.finalize, its id) does. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->page), "certifications.finalize",
                                             "x", fixture->session_id));
  orga_ui_test_spin (50);
  dialog = GTK_WIDGET (orga_ui_test_find_toplevel (ORGA_TYPE_CERT_FINALIZE_DIALOG));
  g_assert_nonnull (dialog);
  g_assert_true (gtk_window_get_transient_for (GTK_WINDOW (dialog)) == fixture->window);
  g_assert_true (gtk_window_get_modal (GTK_WINDOW (dialog)));
  return dialog;
}

static GtkWidget *
open_editor (GtkWidget  *dialog,
             const char *course_uuid)
{
  GtkWidget *editor;

  g_assert_true (gtk_widget_activate_action (dialog, "finalize.add-report", "s", course_uuid));
  orga_ui_test_spin (20);
  editor = GTK_WIDGET (orga_ui_test_find_toplevel (ORGA_TYPE_CERT_REPORT_EDITOR));
  g_assert_nonnull (editor);
  g_assert_true (gtk_window_get_transient_for (GTK_WINDOW (editor)) == GTK_WINDOW (dialog));
  return editor;
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
  fixture->session_id = enrolled_session (fixture);

  fixture->context = orga_context_new (fixture->store, settings);
  orga_context_set_organization (fixture->context, fixture->organization);

  fixture->page = g_object_new (ORGA_TYPE_CERTIFICATIONS_PAGE, "context", fixture->context, NULL);
  g_object_add_weak_pointer (G_OBJECT (fixture->page), (gpointer *) &fixture->page);
  fixture->window = orga_ui_test_present (GTK_WIDGET (fixture->page), 1000, 760);
  orga_ui_test_spin (50);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  orga_ui_test_close_dialogs (fixture->window);
  gtk_window_destroy (fixture->window);
  orga_ui_test_spin (50);

  g_assert_null (fixture->page);
  g_assert_finalize_object (fixture->context);
  g_clear_object (&fixture->organization);
  g_assert_finalize_object (fixture->store);

  g_unlink (fixture->db_path);
  g_clear_pointer (&fixture->db_path, g_free);
  g_clear_pointer (&fixture->finished, g_free);
  g_clear_pointer (&fixture->unfinished, g_free);
}

/* ------------------------------------------------------------------------
 * Tests
 * ------------------------------------------------------------------------ */

static void
test_finalize (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(OrgaCertSession) session = NULL;
  g_autoptr(GPtrArray) reports = NULL;
  g_autoptr(GPtrArray) removes = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *abort_reason = NULL;
  GtkWidget *dialog, *editor, *lea, *hugo, *message;
  AdwComboRow *abort_row;
  AdwActionRow *row;
  const OrgaCertReport *stored;
  const char *text;

  fixture->finished = add_course (fixture, "1000000001A", 100001, TRUE);
  fixture->unfinished = add_course (fixture, "1000000002B", 100002, FALSE);

  dialog = open_dialog (fixture);
  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *) &dialog);
  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (dialog)), ==, _("Finalize the Session"));
  g_assert_true (gtk_widget_get_visible (dialog_child (dialog, "finalize_button")));

  /* The two started courses, Zoé (not started) left out. */
  g_assert_cmpuint (n_groups (dialog), ==, 2);
  lea = course_group (dialog, "Léa Dupont");
  hugo = course_group (dialog, "Hugo Écrivain");
  g_assert_nonnull (strstr (adw_preferences_group_get_description (ADW_PREFERENCES_GROUP (lea)), "100001"));
  /* Only the unfinished test asks for the abort reason. */
  g_assert_null (orga_ui_test_find_descendant (lea, ADW_TYPE_COMBO_ROW));
  abort_row = ADW_COMBO_ROW (orga_ui_test_find_descendant (hugo, ADW_TYPE_COMBO_ROW));
  g_assert_nonnull (abort_row);
  g_assert_cmpuint (adw_combo_row_get_selected (abort_row), ==, 0);
  g_assert_cmpuint (count_actionables (dialog, "finalize.add-report"), ==, 2);

  /* Hugo's test is unfinished and has no abort reason: refused, said in
   * the dialog, which stays open; nothing asked, nothing stored. */
  g_assert_null (shown_error (dialog));
  g_assert_true (gtk_widget_activate_action (dialog, "finalize.finalize", NULL));
  orga_ui_test_spin (20);
  text = shown_error (dialog);
  g_assert_nonnull (text);
  g_assert_nonnull (strstr (text, "Hugo Écrivain"));
  g_assert_nonnull (strstr (text, "raison de l’abandon"));
  g_assert_null (orga_ui_test_find_toplevel (ADW_TYPE_MESSAGE_DIALOG));
  g_assert_true (gtk_widget_get_visible (dialog));
  g_assert_cmpint (sql_int (fixture, "SELECT count(*) FROM cert_sessions WHERE finalized_at IS NOT NULL"), ==, 0);

  /* The reason, the end screen seen by Léa. */
  select_item (abort_row, _("Technical problem"));
  g_assert_null (shown_error (dialog));
  gtk_check_button_set_active (GTK_CHECK_BUTTON (orga_ui_test_find_descendant (lea, GTK_TYPE_CHECK_BUTTON)), TRUE);

  /* A report for Léa: C7 needs a description, the editor says so and
   * stays open. */
  editor = open_editor (dialog, fixture->finished);
  g_object_add_weak_pointer (G_OBJECT (editor), (gpointer *) &editor);
  select_item (editor_child (editor, "category_row"), "C7 ");
  g_assert_true (gtk_widget_get_visible (editor_child (editor, "description_row")));
  g_assert_false (gtk_widget_get_visible (editor_child (editor, "question_row")));
  g_assert_false (gtk_widget_get_visible (editor_child (editor, "subcategory_row")));
  g_assert_true (gtk_widget_activate_action (editor, "editor.add", NULL));
  orga_ui_test_spin (20);
  g_assert_nonnull (editor);
  g_assert_true (gtk_widget_get_visible (editor_child (editor, "error_label")));
  gtk_editable_set_text (GTK_EDITABLE (editor_child (editor, "description_row")), "Coupure du réseau pendant 5 minutes");
  g_assert_true (gtk_widget_activate_action (editor, "editor.add", NULL));
  orga_ui_test_spin (50);
  g_assert_null (editor);
  row = find_row (lea, "C7 ");
  g_assert_nonnull (row);
  g_assert_cmpstr (adw_action_row_get_subtitle (row), ==, "Coupure du réseau pendant 5 minutes");

  /* One for Hugo on a question (E3, question 12), then removed. */
  editor = open_editor (dialog, fixture->unfinished);
  g_object_add_weak_pointer (G_OBJECT (editor), (gpointer *) &editor);
  select_item (editor_child (editor, "category_row"), "E1-E12 ");
  g_assert_true (gtk_widget_get_visible (editor_child (editor, "subcategory_row")));
  g_assert_true (gtk_widget_get_visible (editor_child (editor, "question_row")));
  g_assert_false (gtk_widget_get_visible (editor_child (editor, "description_row")));
  select_item (editor_child (editor, "subcategory_row"), "E3 ");
  /* No question number: refused. */
  g_assert_true (gtk_widget_activate_action (editor, "editor.add", NULL));
  orga_ui_test_spin (20);
  g_assert_nonnull (editor);
  g_assert_true (gtk_widget_get_visible (editor_child (editor, "error_label")));
  gtk_spin_button_set_value (editor_child (editor, "question_spin"), 12);
  g_assert_false (gtk_widget_get_visible (editor_child (editor, "error_label")));
  orga_ui_test_shoot (GTK_WINDOW (editor), "cert-report");
  g_assert_true (gtk_widget_activate_action (editor, "editor.add", NULL));
  orga_ui_test_spin (50);
  g_assert_null (editor);
  row = find_row (hugo, "E3 ");
  g_assert_nonnull (row);
  g_assert_nonnull (strstr (adw_action_row_get_subtitle (row), "12"));
  collect_actionables (hugo, "finalize.remove-report", removes);
  g_assert_cmpuint (removes->len, ==, 1);
  /* A click (GtkButton's "activate" waits for its press animation). */
  g_signal_emit_by_name (g_ptr_array_index (removes, 0), "clicked");
  orga_ui_test_spin (20);
  g_assert_null (find_row (hugo, "E3 "));
  g_assert_nonnull (find_row (lea, "C7 "));

  /* The global comment and the incident box. */
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (dialog_child (dialog, "comment_view")), "Session calme.", -1);
  g_assert_cmpstr (gtk_label_get_label (dialog_child (dialog, "comment_counter")), ==, "14 / 500");
  gtk_check_button_set_active (dialog_child (dialog, "incident_check"), TRUE);
  orga_ui_test_shoot (GTK_WINDOW (dialog), "cert-finalize");

  /* Finaliser asks first; "Annuler" changes nothing. */
  g_assert_true (gtk_widget_activate_action (dialog, "finalize.finalize", NULL));
  orga_ui_test_spin (20);
  g_assert_null (shown_error (dialog));
  message = GTK_WIDGET (orga_ui_test_find_toplevel (ADW_TYPE_MESSAGE_DIALOG));
  g_assert_nonnull (message);
  g_assert_cmpstr (adw_message_dialog_get_body (ADW_MESSAGE_DIALOG (message)), ==,
                   _("The session can no longer be changed: the incident report is sent to Pix, which will then publish the results."));
  g_assert_true (g_str_has_prefix (adw_message_dialog_get_body (ADW_MESSAGE_DIALOG (message)),
                                   "La session ne pourra plus être modifiée"));
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (message), "cancel");
  orga_ui_test_spin (50);
  g_assert_nonnull (dialog);
  g_assert_true (gtk_widget_get_visible (dialog));
  g_assert_cmpint (sql_int (fixture, "SELECT count(*) FROM cert_sessions WHERE finalized_at IS NOT NULL"), ==, 0);

  /* Confirmed: stored, the dialog gone (hidden during the response,
   * destroyed after it), the toast on the page. */
  g_assert_true (gtk_widget_activate_action (dialog, "finalize.finalize", NULL));
  orga_ui_test_spin (20);
  message = GTK_WIDGET (orga_ui_test_find_toplevel (ADW_TYPE_MESSAGE_DIALOG));
  g_assert_nonnull (message);
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (message), "finalize");
  orga_ui_test_spin (100);
  g_assert_null (dialog);
  g_assert_null (orga_ui_test_find_toplevel (ADW_TYPE_MESSAGE_DIALOG));
  g_assert_cmpstr (g_object_get_data (G_OBJECT (fixture->page), "last-toast"), ==, _("Session finalized"));

  session = orga_store_get_cert_session (fixture->store, fixture->session_id, &error);
  g_assert_no_error (error);
  g_assert_cmpint (orga_cert_session_get_status (session), ==, ORGA_CERT_SESSION_FINALIZED);
  g_assert_nonnull (orga_cert_session_get_finalized_at (session));
  g_assert_cmpstr (orga_cert_session_get_examiner_global_comment (session), ==, "Session calme.");
  g_assert_true (orga_cert_session_get_has_incident (session));
  g_assert_false (orga_cert_session_get_has_joining_issue (session));
  reports = orga_store_list_cert_reports (fixture->store, fixture->finished, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (reports->len, ==, 1);
  stored = g_ptr_array_index (reports, 0);
  g_assert_cmpstr (stored->category, ==, "NON_BLOCKING_TECHNICAL_ISSUE");
  g_assert_cmpstr (stored->description, ==, "Coupure du réseau pendant 5 minutes");
  g_clear_pointer (&reports, g_ptr_array_unref);
  reports = orga_store_list_cert_reports (fixture->store, fixture->unfinished, &error);
  g_assert_cmpuint (reports->len, ==, 0);
  abort_reason = sql_text (fixture, "SELECT abort_reason FROM cert_courses WHERE uuid = 'course-100002'");
  g_assert_cmpstr (abort_reason, ==, "technical");
  g_assert_cmpint (sql_int (fixture, "SELECT has_seen_end_test_screen FROM cert_courses WHERE uuid = 'course-100001'"), ==, 1);
  g_assert_cmpint (sql_int (fixture, "SELECT has_seen_end_test_screen FROM cert_courses WHERE uuid = 'course-100002'"), ==, 0);

  /* Reopened: the read-only incident report, as stored. */
  dialog = open_dialog (fixture);
  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *) &dialog);
  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (dialog)), ==, _("Incident Report"));
  g_assert_false (gtk_widget_get_visible (dialog_child (dialog, "finalize_button")));
  g_assert_true (gtk_widget_get_visible (dialog_child (dialog, "finalized_label")));
  g_assert_cmpuint (count_actionables (dialog, "finalize.add-report"), ==, 0);
  g_assert_cmpuint (count_actionables (dialog, "finalize.remove-report"), ==, 0);
  lea = course_group (dialog, "Léa Dupont");
  hugo = course_group (dialog, "Hugo Écrivain");
  row = find_row (lea, "C7 ");
  g_assert_nonnull (row);
  g_assert_cmpstr (adw_action_row_get_subtitle (row), ==, "Coupure du réseau pendant 5 minutes");
  g_assert_true (gtk_check_button_get_active (GTK_CHECK_BUTTON (orga_ui_test_find_descendant (lea, GTK_TYPE_CHECK_BUTTON))));
  g_assert_false (gtk_widget_get_sensitive (orga_ui_test_find_descendant (lea, GTK_TYPE_CHECK_BUTTON)));
  row = find_row (hugo, _("Reason for abandonment"));
  g_assert_nonnull (row);
  g_assert_cmpstr (adw_action_row_get_subtitle (row), ==, _("Technical problem"));
  g_assert_true (gtk_check_button_get_active (dialog_child (dialog, "incident_check")));
  g_assert_false (gtk_widget_is_sensitive (dialog_child (dialog, "incident_check")));
  g_assert_false (gtk_text_view_get_editable (dialog_child (dialog, "comment_view")));
  {
    GtkTextBuffer *buffer = gtk_text_view_get_buffer (dialog_child (dialog, "comment_view"));
    GtkTextIter start, end;
    g_autofree char *comment = NULL;

    gtk_text_buffer_get_bounds (buffer, &start, &end);
    comment = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
    g_assert_cmpstr (comment, ==, "Session calme.");
  }
  /* Nothing to finalize twice. */
  gtk_widget_activate_action (dialog, "finalize.finalize", NULL);
  orga_ui_test_spin (20);
  g_assert_null (orga_ui_test_find_toplevel (ADW_TYPE_MESSAGE_DIALOG));
  orga_ui_test_shoot (GTK_WINDOW (dialog), "cert-finalized");

  g_assert_true (gtk_widget_activate_action (dialog, "finalize.cancel", NULL));
  orga_ui_test_spin (50);
  g_assert_null (dialog);
}

/* No certification started: the dialog says there is nothing to
 * finalize, and Finaliser gives the rule's refusal. */
static void
test_nothing_started (Fixture       *fixture,
                      gconstpointer  data)
{
  GtkWidget *dialog = open_dialog (fixture);
  const char *text;

  g_assert_cmpuint (n_groups (dialog), ==, 0);
  g_assert_true (gtk_widget_get_visible (dialog_child (dialog, "empty_label")));
  g_assert_true (gtk_widget_activate_action (dialog, "finalize.finalize", NULL));
  orga_ui_test_spin (20);
  text = shown_error (dialog);
  g_assert_nonnull (text);
  g_assert_nonnull (strstr (text, "Aucune certification"));
  g_assert_null (orga_ui_test_find_toplevel (ADW_TYPE_MESSAGE_DIALOG));
  g_assert_cmpint (sql_int (fixture, "SELECT count(*) FROM cert_sessions WHERE finalized_at IS NOT NULL"), ==, 0);
}

/* An unknown session: the store's message, nothing to finalize. */
static void
test_unknown (Fixture       *fixture,
              gconstpointer  data)
{
  GtkWidget *dialog;

  fixture->session_id += 1000;
  dialog = open_dialog (fixture);
  g_assert_nonnull (shown_error (dialog));
  g_assert_false (gtk_widget_is_sensitive (dialog_child (dialog, "finalize_button")));
}

/* The demonstration's published session: its incident report, read-only,
 * one group per course. */
static void
test_published (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GPtrArray) sessions = NULL;
  g_autoptr(GError) error = NULL;
  GtkWidget *dialog;

  g_assert_true (orga_store_add_demo_cert_data (fixture->store, fixture->organization, &error));
  g_assert_no_error (error);
  sessions = orga_store_list_cert_sessions (fixture->store, fixture->organization, &error);
  g_assert_no_error (error);
  fixture->session_id = 0;
  for (guint i = 0; i < sessions->len; i++)
    if (orga_cert_session_get_status (g_ptr_array_index (sessions, i)) == ORGA_CERT_SESSION_PUBLISHED)
      {
        fixture->session_id = orga_cert_session_get_id (g_ptr_array_index (sessions, i));
        g_assert_cmpuint (orga_cert_session_get_n_started (g_ptr_array_index (sessions, i)), >, 0);
      }
  g_assert_cmpint (fixture->session_id, !=, 0);

  dialog = open_dialog (fixture);
  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (dialog)), ==, _("Incident Report"));
  g_assert_false (gtk_widget_get_visible (dialog_child (dialog, "finalize_button")));
  g_assert_cmpuint (n_groups (dialog), >, 0);
  g_assert_null (shown_error (dialog));
  g_assert_cmpuint (count_actionables (dialog, "finalize.add-report"), ==, 0);
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

  temp_dir = g_dir_make_tmp ("pixorga-cert-finalize-test-XXXXXX", &error);
  g_assert_no_error (error);

  g_test_add ("/cert-finalize-dialog/finalize", Fixture, NULL, fixture_set_up, test_finalize, fixture_tear_down);
  g_test_add ("/cert-finalize-dialog/nothing-started", Fixture, NULL, fixture_set_up, test_nothing_started, fixture_tear_down);
  g_test_add ("/cert-finalize-dialog/published", Fixture, NULL, fixture_set_up, test_published, fixture_tear_down);
  g_test_add ("/cert-finalize-dialog/unknown", Fixture, NULL, fixture_set_up, test_unknown, fixture_tear_down);

  status = g_test_run ();

  g_rmdir (temp_dir);
  return status;
}
