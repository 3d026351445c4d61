/* test-mnemonics.c: every dialog can be driven from the keyboard with
 * French access keys (issue 13, item 4)
 *
 * Each dialog is opened in French on a school with data, then checked by
 * orga_keys_check_dialog (orga-keys-check.c: access keys on every button
 * and field, none twice, Enter and Escape answering a message dialog,
 * the first focus). Every problem of a dialog is listed, then the test
 * case fails.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <string.h>

#include "orga-account-form.h"
#include "orga-activation-form.h"
#include "orga-campaign-form.h"
#include "orga-campaign-page.h"
#include "orga-campaigns-page.h"
#include "orga-cert-enrol-dialog.h"
#include "orga-cert-finalize-dialog.h"
#include "orga-cert-report-editor.h"
#include "orga-cert-session-dialog.h"
#include "orga-cert-session-page.h"
#include "orga-connection.h"
#include "orga-context.h"
#include "orga-i18n.h"
#include "orga-import-errors-dialog.h"
#include "orga-import-preview-dialog.h"
#include "orga-join-dialog.h"
#include "orga-keys-check.h"
#include "orga-preferences-window.h"
#include "orga-store-campaigns.h"
#include "orga-store-cert.h"
#include "orga-store-private.h"
#include "orga-student-account-dialog.h"
#include "orga-students-page.h"
#include "orga-test-util.h"
#include "orga-ui-test-util.h"
#include "orga-widget-util.h"

#define UAI "0330001A"

static char            *temp_dir;
static OrgaStore       *store;
static OrgaContext     *context;
static OrgaConnection  *connection;
static gint64           session_id;
static OrgaCertSession *session;
static OrgaCampaign    *campaign;
static GtkWindow       *main_window;

/* Walks @dialog, presented; fails the test case with the list of what
 * is wrong. */
static void
check_dialog (GtkWidget     *dialog,
              const char    *name,
              OrgaKeysFocus  kind)
{
  g_autofree char *summary = NULL;
  g_autofree char *problems = NULL;

  gtk_window_present (GTK_WINDOW (dialog));
  orga_ui_test_spin (200);
  /* With PIXORGA_SCREENSHOT_DIR: mnemonics-<test case>.png, to look at. */
  {
    g_autofree char *shot = g_strdup_printf ("mnemonics-%s", strrchr (g_test_get_path (), '/') + 1);

    orga_ui_test_shoot (GTK_WINDOW (dialog), shot);
  }

  problems = orga_keys_check_dialog (dialog, kind, &summary);
  g_test_message ("%s: %s", name, summary);
  if (problems != NULL)
    {
      g_printerr ("%s:\n%s", name, problems);
      g_test_message ("%s:\n%s", name, problems);
      g_test_fail ();
    }

  gtk_window_destroy (GTK_WINDOW (dialog));
  orga_ui_test_spin (50);
}

/* ------------------------------------------------------------------------
 * The school
 * ------------------------------------------------------------------------ */

static void
sql_exec (const char *sql)
{
  char *message = NULL;

  if (sqlite3_exec (_orga_store_get_db (store), sql, NULL, NULL, &message) != SQLITE_OK)
    g_error ("%s: %s", sql, message);
}

static OrgaImportReport *
import_report (void)
{
  static const char *names[][3] = {
    { "1000000001A", "Dupont", "Léa" },
    { "1000000002B", "Écrivain", "Hugo" },
  };
  g_autoptr(OrgaLearnerSet) set = orga_learner_set_new ();
  OrgaImportReport *report;

  orga_learner_set_set_format (set, ORGA_IMPORT_FORMAT_SIECLE_XML);
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      guint k = orga_learner_set_append (set);
      OrgaLearnerFields *l = orga_learner_set_peek (set, k);

      l->ine = orga_learner_set_intern (set, names[i][0], -1);
      l->last_name = orga_learner_set_intern (set, names[i][1], -1);
      l->first_name = orga_learner_set_intern (set, names[i][2], -1);
      l->division = orga_learner_set_intern (set, "3A", -1);
      l->birthdate = orga_learner_set_intern (set, "2011-04-14", -1);
      l->sex = orga_learner_set_intern (set, i % 2 ? "M" : "F", -1);
      l->birth_country_code = orga_learner_set_intern (set, "100", -1);
      l->birth_city_code = orga_learner_set_intern (set, "33063", -1);
      l->birth_city = orga_learner_set_intern (set, "Bordeaux", -1);
      l->line = i + 1;
    }
  report = orga_import_report_new ("eleves.xml", set);
  orga_import_report_add_change (report, ORGA_IMPORT_CHANGE_NEW, "1000000001A", "Dupont", "Léa", NULL, "3A");
  orga_import_report_add_change (report, ORGA_IMPORT_CHANGE_NEW, "1000000002B", "Écrivain", "Hugo", NULL, "3A");
  return report;
}

static void
make_school (void)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  g_autofree char *db_path = g_build_filename (temp_dir, "school.db", NULL);
  g_autoptr(OrgaOrganization) organization = NULL;
  g_autoptr(OrgaImportReport) report = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *sql = NULL;
  gint64 ids[] = { 1, 2 };

  store = orga_store_open (db_path, &error);
  g_assert_no_error (error);
  organization = orga_store_create_organization (store, UAI, "Collège Jean Moulin", ORGA_ORGANIZATION_KIND_SCO, &error);
  g_assert_no_error (error);
  report = import_report ();
  g_assert_true (orga_store_apply_learner_set (store, organization, report, "Anne Proviseur", FALSE, NULL, &error));
  g_assert_no_error (error);

  session = orga_test_new_cert_session_tomorrow (store, organization);
  session_id = orga_cert_session_get_id (session);
  g_assert_true (orga_store_enrol_cert_candidates (store, session_id, ids, G_N_ELEMENTS (ids), NULL, &error));
  g_assert_no_error (error);
  /* Two started courses, as a pull leaves them, one finished: the
   * finalization then asks about incidents, reports (a button and a row
   * repeated for each candidate) and the reason of the abandonment. */
  sql = g_strdup_printf ("INSERT INTO cert_courses (uuid, organization_id, number, session_id, candidate_id, learner_id, "
                         "started_at, completed_at, status, pix_score, levels, verification_code) "
                         "SELECT 'course-' || id, organization_id, id, session_id, id, learner_id, "
                         "'2026-01-01T08:10:00.000000Z', "
                         "CASE WHEN learner_id = 1 THEN '2026-01-01T09:00:00.000000Z' END, "
                         "'started', 0, '', 'P-BCDFGH0' || id "
                         "FROM cert_candidates WHERE session_id = %" G_GINT64_FORMAT, session_id);
  sql_exec (sql);

  /* A campaign with one profile sent: the participation to delete. */
  {
    g_autoptr(OrgaParticipationSet) set = orga_participation_set_new (ORGA_FRAMEWORK_N_COMPETENCES);
    guint8 results[ORGA_FRAMEWORK_N_COMPETENCES] = { 16, 16, 16, 16, 16 };
    OrgaCampaignSpec spec = {
      .name = "Profils de rentrée",
      .type = ORGA_CAMPAIGN_TYPE_PROFILES_COLLECTION,
      .owner = "Anne Proviseur",
      .creator = "Anne Proviseur",
    };
    OrgaParticipation p = {
      .learner_id = 1,
      .status = ORGA_PARTICIPATION_SHARED,
      .created_at = g_get_real_time () / G_USEC_PER_SEC - 86400,
      .shared_at = g_get_real_time () / G_USEC_PER_SEC,
      .pix_score = 80,
      .progression = 1,
      .is_certifiable = 1,
      .results = results,
    };

    campaign = orga_store_create_campaign (store, organization, &spec, &error);
    g_assert_no_error (error);
    orga_participation_set_add (set, &p);
    orga_store_add_participations (store, campaign, set, &error);
    g_assert_no_error (error);
  }

  context = orga_context_new (store, settings);
  orga_context_set_organization (context, organization);
  connection = orga_connection_new (context, NULL);
  orga_connection_restore (connection);
}

/* ------------------------------------------------------------------------
 * The dialogs
 * ------------------------------------------------------------------------ */

static void
test_campaign_form (void)
{
  check_dialog (GTK_WIDGET (orga_campaign_form_new (main_window, context, ORGA_CAMPAIGN_FORM_CREATE, NULL)),
                "campaign form", ORGA_KEYS_FOCUS_FIELD);
}

/* With an external identifier asked: its type and label show. */
static void
test_campaign_form_external (void)
{
  OrgaCampaignForm *form = orga_campaign_form_new (main_window, context, ORGA_CAMPAIGN_FORM_CREATE, NULL);
  GObject *yes = gtk_widget_get_template_child (GTK_WIDGET (form), ORGA_TYPE_CAMPAIGN_FORM, "external_yes");

  gtk_check_button_set_active (GTK_CHECK_BUTTON (yes), TRUE);
  check_dialog (GTK_WIDGET (form), "campaign form, external identifier", ORGA_KEYS_FOCUS_FIELD);
}

static void
test_cert_session_dialog (void)
{
  check_dialog (GTK_WIDGET (orga_cert_session_dialog_new (main_window, context, NULL)),
                "certification session dialog", ORGA_KEYS_FOCUS_FIELD);
}

static void
test_cert_enrol_dialog (void)
{
  check_dialog (GTK_WIDGET (orga_cert_enrol_dialog_new (main_window, context, session_id)),
                "enrolment dialog", ORGA_KEYS_FOCUS_FIELD);
}

static void
test_cert_finalize_dialog (void)
{
  GtkWidget *dialog = orga_cert_finalize_dialog_new (context, session_id);

  gtk_window_set_transient_for (GTK_WINDOW (dialog), main_window);
  check_dialog (dialog, "finalization dialog", ORGA_KEYS_FOCUS_SAFE);
}

static void
test_cert_finalize_confirm (void)
{
  GtkWidget *dialog = orga_cert_finalize_dialog_new (context, session_id);
  GtkWidget *reason;
  GtkWindow *confirm;

  gtk_window_set_transient_for (GTK_WINDOW (dialog), main_window);
  gtk_window_present (GTK_WINDOW (dialog));
  orga_ui_test_spin (100);
  /* The unfinished test's reason, which the rules ask for first. */
  reason = orga_ui_test_find_descendant (dialog, ADW_TYPE_COMBO_ROW);
  g_assert_nonnull (reason);
  adw_combo_row_set_selected (ADW_COMBO_ROW (reason), 1);
  gtk_widget_activate_action (dialog, "finalize.finalize", NULL);
  orga_ui_test_spin (100);
  confirm = orga_ui_test_find_toplevel (ADW_TYPE_MESSAGE_DIALOG);
  g_assert_nonnull (confirm);
  check_dialog (GTK_WIDGET (confirm), "finalization confirmation", ORGA_KEYS_FOCUS_ANSWER);
  gtk_window_destroy (GTK_WINDOW (dialog));
}

static void
test_cert_report_editor (void)
{
  GtkWidget *editor = orga_cert_report_editor_new ("Léa Dupont");

  gtk_window_set_transient_for (GTK_WINDOW (editor), main_window);
  check_dialog (editor, "report editor", ORGA_KEYS_FOCUS_FIELD);
}

static void
test_import_preview (void)
{
  g_autoptr(OrgaImportReport) report = import_report ();
  GtkWidget *dialog = GTK_WIDGET (orga_import_preview_dialog_new (report));

  gtk_window_set_transient_for (GTK_WINDOW (dialog), main_window);
  check_dialog (dialog, "import preview", ORGA_KEYS_FOCUS_SAFE);
}

static void
test_import_errors (void)
{
  g_autoptr(OrgaImportReport) report = import_report ();

  check_dialog (GTK_WIDGET (orga_import_errors_dialog_new (main_window, report)), "import errors", ORGA_KEYS_FOCUS_SAFE);
}

static void
test_join_dialog (void)
{
  check_dialog (GTK_WIDGET (orga_join_dialog_new (main_window, connection, NULL)), "sign-in dialog", ORGA_KEYS_FOCUS_FIELD);
}

/* "Pas encore de compte ? Inscrivez-vous": the account creation. */
static void
test_join_dialog_sign_up (void)
{
  OrgaJoinDialog *dialog = orga_join_dialog_new (main_window, connection, NULL);
  GtkWindow *window = GTK_WINDOW (dialog);
  GtkWidget *form;
  GObject *button;

  form = GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (dialog), ORGA_TYPE_JOIN_DIALOG, "account_form"));
  button = gtk_widget_get_template_child (form, ORGA_TYPE_ACCOUNT_FORM, "switch_button");
  g_signal_emit_by_name (button, "clicked");
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (gtk_widget_get_template_child (form, ORGA_TYPE_ACCOUNT_FORM,
                                                                                    "first_name_row"))));
  check_dialog (GTK_WIDGET (window), "sign-up dialog", ORGA_KEYS_FOCUS_FIELD);
}

static void
test_preferences (void)
{
  check_dialog (GTK_WIDGET (orga_preferences_window_new (main_window, connection)), "preferences", ORGA_KEYS_FOCUS_FIELD);
}

static void
test_activation_form (void)
{
  GtkWidget *form = g_object_new (ORGA_TYPE_ACTIVATION_FORM, NULL);
  GtkWindow *window = GTK_WINDOW (gtk_window_new ());

  gtk_window_set_child (window, form);
  check_dialog (GTK_WIDGET (window), "activation form", ORGA_KEYS_FOCUS_FIELD);
}

static gboolean
first_learner_cb (const OrgaLearnerRow *row,
                  gpointer              user_data)
{
  OrgaLearner **learner = user_data;

  *learner = orga_learner_new_from_row (row);
  return FALSE;
}

static void
test_student_account_dialog (void)
{
  g_autoptr(OrgaLearner) learner = NULL;
  g_autoptr(GError) error = NULL;
  gint64 id = 1;

  g_assert_true (orga_store_fetch_learners_by_id (store, &id, 1, first_learner_cb, &learner, &error));
  g_assert_no_error (error);
  g_assert_nonnull (learner);
  check_dialog (orga_student_account_dialog_new (main_window, connection, learner), "student account dialog",
                ORGA_KEYS_FOCUS_SAFE);
}

/* A message dialog that a page's action opens: @action on @page, shown
 * in a window of its own, then the dialog checked. */
static void
check_page_dialog (GtkWidget  *page,
                   const char *action,
                   GVariant   *parameter,
                   const char *name,
                   OrgaKeysFocus   kind)
{
  GtkWindow *window = orga_ui_test_present (page, 900, 700);
  GtkWindow *dialog;

  orga_ui_test_spin (100);
  g_assert_true (gtk_widget_activate_action_variant (page, action, parameter));
  orga_ui_test_spin (50);
  dialog = orga_ui_test_find_toplevel (ADW_TYPE_MESSAGE_DIALOG);
  g_assert_nonnull (dialog);
  check_dialog (GTK_WIDGET (dialog), name, kind);
  gtk_window_destroy (window);
  orga_ui_test_spin (50);
}

/* "Supprimer la session ?" */
static void
test_session_delete (void)
{
  GtkWidget *page = g_object_new (ORGA_TYPE_CERT_SESSION_PAGE, "context", context, NULL);

  orga_cert_session_page_set_session (ORGA_CERT_SESSION_PAGE (page), session);
  check_page_dialog (page, "session.delete", NULL, "session deletion", ORGA_KEYS_FOCUS_ANSWER);
}

static gboolean
campaign_page_idle_cb (gpointer data)
{
  return !orga_campaign_page_get_busy (data);
}

/* "Supprimer la participation ?" */
static void
test_participation_delete (void)
{
  OrgaCampaignPage *page = orga_campaign_page_new (context);
  GtkWindow *window = orga_ui_test_present (GTK_WIDGET (page), 900, 700);
  GtkWindow *dialog;

  orga_campaign_page_set_campaign (page, campaign);
  orga_ui_test_wait_until (campaign_page_idle_cb, page);
  g_assert_nonnull (orga_campaign_page_get_data (page));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "campaign.delete-participation", "u", 0));
  orga_ui_test_spin (50);
  dialog = orga_ui_test_find_toplevel (ADW_TYPE_MESSAGE_DIALOG);
  g_assert_nonnull (dialog);
  check_dialog (GTK_WIDGET (dialog), "participation deletion", ORGA_KEYS_FOCUS_ANSWER);
  gtk_window_destroy (window);
  orga_ui_test_spin (50);
}

/* "Êtes-vous sûr de vouloir supprimer cette campagne ?": a box to tick
 * first, which the access key reaches: the focus starts on "Annuler". */
static void
test_campaign_delete (void)
{
  GtkWidget *page = g_object_new (ORGA_TYPE_CAMPAIGNS_PAGE, "context", context, NULL);
  GtkWindow *window = orga_ui_test_present (page, 900, 700);
  GtkWindow *dialog;

  orga_ui_test_spin (100);
  orga_campaigns_page_show_campaign (ORGA_CAMPAIGNS_PAGE (page), campaign);
  orga_ui_test_spin (100);
  g_assert_true (gtk_widget_activate_action (page, "campaigns.delete", NULL));
  orga_ui_test_spin (50);
  dialog = orga_ui_test_find_toplevel (ADW_TYPE_MESSAGE_DIALOG);
  g_assert_nonnull (dialog);
  check_dialog (GTK_WIDGET (dialog), "campaign deletion", ORGA_KEYS_FOCUS_ANSWER);
  gtk_window_destroy (window);
  orga_ui_test_spin (50);
}

/* "Réinitialisation des mots de passe des élèves avec identifiant", for a
 * student ticked in the list. */
static void
test_reset_passwords (void)
{
  GtkWidget *page = g_object_new (ORGA_TYPE_STUDENTS_PAGE, "context", context, "connection", connection, NULL);
  GtkWindow *window = orga_ui_test_present (page, 1200, 700);
  GtkWidget *view;
  GtkWidget *check;
  GtkWindow *dialog;

  orga_ui_test_spin (300);
  view = GTK_WIDGET (orga_ui_test_students_page_child (page, "column_view"));
  check = orga_ui_test_find_descendant (view, GTK_TYPE_CHECK_BUTTON);
  g_assert_nonnull (check);
  gtk_check_button_set_active (GTK_CHECK_BUTTON (check), TRUE);
  orga_ui_test_spin (50);
  g_assert_true (gtk_widget_activate_action (page, "students.reset-passwords", NULL));
  orga_ui_test_spin (50);
  dialog = orga_ui_test_find_toplevel (ADW_TYPE_MESSAGE_DIALOG);
  g_assert_nonnull (dialog);
  check_dialog (GTK_WIDGET (dialog), "password reset", ORGA_KEYS_FOCUS_ANSWER);
  gtk_window_destroy (window);
  orga_ui_test_spin (50);
}

/* "Résultats de certification non archivés": a student list imported
 * while the session's results, published, are in no yearly archive. */
static void
test_unarchived_import (void)
{
  GtkWidget *page = g_object_new (ORGA_TYPE_STUDENTS_PAGE, "context", context, "connection", connection, NULL);
  GtkWindow *window = orga_ui_test_present (page, 1200, 700);
  g_autofree char *publish = g_strdup_printf ("UPDATE cert_sessions SET published_at = '2026-01-02T10:00:00Z' "
                                              "WHERE id = %" G_GINT64_FORMAT, session_id);
  g_autofree char *unpublish = g_strdup_printf ("UPDATE cert_sessions SET published_at = NULL "
                                                "WHERE id = %" G_GINT64_FORMAT, session_id);
  g_autofree char *path = g_build_filename (temp_dir, "eleves.xml", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  GtkWindow *dialog;

  sql_exec (publish);
  orga_ui_test_spin (100);
  orga_students_page_import_file (ORGA_STUDENTS_PAGE (page), file);
  orga_ui_test_spin (50);
  dialog = orga_ui_test_find_toplevel (ADW_TYPE_MESSAGE_DIALOG);
  g_assert_nonnull (dialog);
  check_dialog (GTK_WIDGET (dialog), "unarchived results", ORGA_KEYS_FOCUS_ANSWER);
  sql_exec (unpublish);
  gtk_window_destroy (window);
  orga_ui_test_spin (50);
}

static void
test_message (void)
{
  GtkWindow *dialog;

  orga_widget_show_message (gtk_window_get_child (main_window), "Titre", "Texte");
  dialog = orga_ui_test_find_toplevel (ADW_TYPE_MESSAGE_DIALOG);
  g_assert_nonnull (dialog);
  check_dialog (GTK_WIDGET (dialog), "message", ORGA_KEYS_FOCUS_ANSWER);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autofree char **test_argv = g_new0 (char *, argc + 2);
  int test_argc = argc + 1;
  int status;

  /* Every dialog checked and each one's problems listed, not the first
   * failure only. */
  memcpy (test_argv, argv, sizeof (char *) * argc);
  test_argv[argc] = (char *) "--keep-going";

  orga_i18n_init (TRUE);
  textdomain (GETTEXT_PACKAGE);
  gtk_test_init (&test_argc, &test_argv, NULL);
  adw_init ();

  /* The French catalogue, or the access keys checked are English ones. */
  g_assert_cmpstr (_("_Cancel"), ==, "_Annuler");

  temp_dir = g_dir_make_tmp ("pixorga-mnemonics-test-XXXXXX", &error);
  g_assert_no_error (error);
  make_school ();
  main_window = orga_ui_test_present (gtk_label_new ("PixOrga"), 800, 600);

  g_test_add_func ("/mnemonics/campaign-form", test_campaign_form);
  g_test_add_func ("/mnemonics/campaign-form-external", test_campaign_form_external);
  g_test_add_func ("/mnemonics/cert-session-dialog", test_cert_session_dialog);
  g_test_add_func ("/mnemonics/cert-enrol-dialog", test_cert_enrol_dialog);
  g_test_add_func ("/mnemonics/cert-finalize-dialog", test_cert_finalize_dialog);
  g_test_add_func ("/mnemonics/cert-finalize-confirm", test_cert_finalize_confirm);
  g_test_add_func ("/mnemonics/cert-report-editor", test_cert_report_editor);
  g_test_add_func ("/mnemonics/import-preview", test_import_preview);
  g_test_add_func ("/mnemonics/import-errors", test_import_errors);
  g_test_add_func ("/mnemonics/join-dialog", test_join_dialog);
  g_test_add_func ("/mnemonics/join-dialog-sign-up", test_join_dialog_sign_up);
  g_test_add_func ("/mnemonics/preferences", test_preferences);
  g_test_add_func ("/mnemonics/activation-form", test_activation_form);
  g_test_add_func ("/mnemonics/student-account-dialog", test_student_account_dialog);
  g_test_add_func ("/mnemonics/message", test_message);
  g_test_add_func ("/mnemonics/session-delete", test_session_delete);
  g_test_add_func ("/mnemonics/participation-delete", test_participation_delete);
  g_test_add_func ("/mnemonics/campaign-delete", test_campaign_delete);
  g_test_add_func ("/mnemonics/reset-passwords", test_reset_passwords);
  g_test_add_func ("/mnemonics/unarchived-import", test_unarchived_import);

  status = g_test_run ();

  gtk_window_destroy (main_window);
  orga_ui_test_spin (50);
  g_clear_object (&connection);
  g_clear_object (&session);
  g_clear_object (&campaign);
  g_clear_object (&context);
  g_clear_object (&store);
  orga_ui_test_remove_dir (temp_dir);
  return status;
}
