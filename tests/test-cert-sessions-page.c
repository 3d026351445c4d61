/* test-cert-sessions-page.c: the certification sessions (issue 12, item 2)
 * driven as a head teacher would: create a session through its dialog,
 * enrol classes, remove a candidate, save the attendance sheet, and see a
 * finalized session read-only; on a real database.
 *
 * With $PIXORGA_SCREENSHOT_DIR set, it also writes the screenshots
 * (data/screenshots/cert-sessions*.png, cert-session*.png,
 * cert-session-create*.png, cert-enrol*.png).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <string.h>

#include "orga-cert-enrol-dialog.h"
#include "orga-cert-session-dialog.h"
#include "orga-cert-session-page.h"
#include "orga-cert-sessions-page.h"
#include "orga-context.h"
#include "orga-i18n.h"
#include "orga-import-report.h"
#include "orga-learner-set.h"
#include "orga-store-cert.h"
#include "orga-store-private.h"
#include "orga-ui-test-util.h"

#define UAI "0330001A"

static char *temp_dir;

typedef struct
{
  char                 *db_path;
  OrgaStore            *store;
  OrgaOrganization     *organization;
  OrgaContext          *context;
  GtkWindow            *window;
  OrgaCertSessionsPage *page;
} Fixture;

/* ------------------------------------------------------------------------
 * Helpers
 * ------------------------------------------------------------------------ */

static gpointer
child_of (gpointer    widget,
          GType       type,
          const char *name)
{
  GObject *object = gtk_widget_get_template_child (GTK_WIDGET (widget), type, name);

  g_assert_nonnull (object);
  return object;
}

static gpointer
page_child (Fixture    *fixture,
            const char *name)
{
  return child_of (fixture->page, ORGA_TYPE_CERT_SESSIONS_PAGE, name);
}

static OrgaCertSessionPage *
session_page (Fixture *fixture)
{
  return page_child (fixture, "session_page");
}

static gpointer
session_child (Fixture    *fixture,
               const char *name)
{
  return child_of (session_page (fixture), ORGA_TYPE_CERT_SESSION_PAGE, name);
}

static char *
day_from_today (int days)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GDateTime) day = g_date_time_add_days (now, days);

  return g_date_time_format (day, "%d/%m/%Y");
}

/* 23 students in 3A, 3 in 3B; one 3B student has no birth date. */
static void
import_students (Fixture *fixture)
{
  static const char *first_names[] = { "Léa", "Hugo", "Zoé", "Jean", "Inès", "Noah", "Emma", "Louis" };
  g_autoptr(OrgaLearnerSet) set = orga_learner_set_new ();
  g_autoptr(OrgaImportReport) report = NULL;
  g_autoptr(GError) error = NULL;

  orga_learner_set_set_format (set, ORGA_IMPORT_FORMAT_SIECLE_XML);
  for (guint i = 0; i < 26; i++)
    {
      g_autofree char *ine = g_strdup_printf ("10000000%02uA", i);
      g_autofree char *last = g_strdup_printf ("Élève%02u", i);
      guint k = orga_learner_set_append (set);
      OrgaLearnerFields *l = orga_learner_set_peek (set, k);

      l->ine = orga_learner_set_intern (set, ine, -1);
      l->last_name = orga_learner_set_intern (set, last, -1);
      l->first_name = orga_learner_set_intern (set, first_names[i % G_N_ELEMENTS (first_names)], -1);
      l->division = orga_learner_set_intern (set, i < 23 ? "3A" : "3B", -1);
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

static OrgaCertSessionDialog *
open_create_dialog (Fixture *fixture)
{
  OrgaCertSessionDialog *dialog;

  g_assert_null (orga_ui_test_find_toplevel (ORGA_TYPE_CERT_SESSION_DIALOG));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->page), "sessions.create", NULL));
  orga_ui_test_spin (20);
  dialog = ORGA_CERT_SESSION_DIALOG (orga_ui_test_find_toplevel (ORGA_TYPE_CERT_SESSION_DIALOG));
  g_assert_nonnull (dialog);
  return dialog;
}

static void
set_row (OrgaCertSessionDialog *dialog,
         const char            *row,
         const char            *text)
{
  gtk_editable_set_text (GTK_EDITABLE (child_of (dialog, ORGA_TYPE_CERT_SESSION_DIALOG, row)), text);
}

static void
fill_dialog (OrgaCertSessionDialog *dialog,
             const char            *date)
{
  set_row (dialog, "address_row", "Collège Jean Moulin");
  set_row (dialog, "room_row", "Salle B12");
  set_row (dialog, "examiner_row", "Mme Durand");
  set_row (dialog, "date_row", date);
  set_row (dialog, "time_row", "09:30");
  set_row (dialog, "description_row", "Apporter les convocations");
}

/* Enter in the last field, as the head does. */
static void
activate_dialog (OrgaCertSessionDialog *dialog)
{
  g_signal_emit_by_name (child_of (dialog, ORGA_TYPE_CERT_SESSION_DIALOG, "description_row"), "entry-activated");
  orga_ui_test_spin (50);
}

static guint
count_sessions (Fixture *fixture)
{
  g_autoptr(GPtrArray) list = orga_store_list_cert_sessions (fixture->store, fixture->organization, NULL);

  return list->len;
}

static OrgaCertEnrolDialog *
open_enrol_dialog (Fixture *fixture)
{
  OrgaCertEnrolDialog *dialog;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (session_page (fixture)), "session.enrol", NULL));
  orga_ui_test_spin (20);
  dialog = ORGA_CERT_ENROL_DIALOG (orga_ui_test_find_toplevel (ORGA_TYPE_CERT_ENROL_DIALOG));
  g_assert_nonnull (dialog);
  return dialog;
}

/* Whether a row of the enrolment dialog for @name shows @tag, and its
 * check button's state. */
static gboolean
enrol_row_has (OrgaCertEnrolDialog *dialog,
               const char          *name,
               const char          *tag,
               gboolean            *sensitive)
{
  GtkWidget *list = child_of (dialog, ORGA_TYPE_CERT_ENROL_DIALOG, "students_list");

  for (GtkWidget *row = gtk_widget_get_first_child (list); row != NULL; row = gtk_widget_get_next_sibling (row))
    {
      GtkWidget *box = gtk_list_box_row_get_child (GTK_LIST_BOX_ROW (row));
      GtkWidget *check = gtk_widget_get_first_child (box);

      if (!g_str_equal (gtk_check_button_get_label (GTK_CHECK_BUTTON (check)), name))
        continue;
      *sensitive = gtk_widget_get_sensitive (check);
      for (GtkWidget *child = gtk_widget_get_next_sibling (check); child != NULL; child = gtk_widget_get_next_sibling (child))
        if (GTK_IS_LABEL (child) && g_str_equal (gtk_label_get_label (GTK_LABEL (child)), tag))
          return TRUE;
      return FALSE;
    }

  g_error ("No row for %s", name);
}

static const char *
last_toast (Fixture *fixture)
{
  return g_object_get_data (G_OBJECT (session_page (fixture)), "last-toast");
}

static gboolean
supervisors_warning (Fixture *fixture)
{
  return gtk_info_bar_get_revealed (session_child (fixture, "supervisors_bar"));
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

  fixture->context = orga_context_new (fixture->store, settings);
  orga_context_set_organization (fixture->context, fixture->organization);

  fixture->page = g_object_new (ORGA_TYPE_CERT_SESSIONS_PAGE, "context", fixture->context, NULL);
  g_object_add_weak_pointer (G_OBJECT (fixture->page), (gpointer *)&fixture->page);

  fixture->window = orga_ui_test_present (GTK_WIDGET (fixture->page), 1200, 760);
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
}

/* ------------------------------------------------------------------------
 * Tests
 * ------------------------------------------------------------------------ */

static void
test_journey (Fixture       *fixture,
              gconstpointer  data)
{
  g_autofree char *past = day_from_today (-3);
  g_autofree char *future = day_from_today (14);
  g_autofree char *pdf = g_build_filename (temp_dir, "feuille.pdf", NULL);
  g_autofree char *contents = NULL;
  g_autoptr(GPtrArray) sessions = NULL;
  g_autoptr(GPtrArray) candidates = NULL;
  g_autoptr(GError) error = NULL;
  OrgaCertSessionDialog *dialog;
  OrgaCertEnrolDialog *enrol;
  OrgaCertSession *session;
  GtkLabel *date_error;
  gsize length;
  gint64 id;

  /* No session: the empty state offers to create one. */
  g_assert_cmpstr (gtk_stack_get_visible_child_name (page_child (fixture, "content_stack")), ==, "empty");
  orga_ui_test_shoot (fixture->window, "cert-sessions-empty");

  /* A date in the past: the message under the date, nothing written,
   * the dialog still open. */
  dialog = open_create_dialog (fixture);
  fill_dialog (dialog, past);
  activate_dialog (dialog);
  date_error = child_of (dialog, ORGA_TYPE_CERT_SESSION_DIALOG, "date_error");
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (date_error)));
  g_assert_cmpstr (gtk_label_get_label (date_error), !=, "");
  g_test_message ("date error: %s", gtk_label_get_label (date_error));
  g_assert_cmpuint (count_sessions (fixture), ==, 0);
  g_assert_true (orga_ui_test_find_toplevel (ORGA_TYPE_CERT_SESSION_DIALOG) == GTK_WINDOW (dialog));

  /* A missing room: under the room. */
  set_row (dialog, "date_row", future);
  set_row (dialog, "room_row", "  ");
  activate_dialog (dialog);
  g_assert_true (gtk_widget_get_visible (child_of (dialog, ORGA_TYPE_CERT_SESSION_DIALOG, "room_error")));
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (date_error)));
  g_assert_cmpuint (count_sessions (fixture), ==, 0);

  set_row (dialog, "room_row", "Salle B12");
  g_assert_false (gtk_widget_get_visible (child_of (dialog, ORGA_TYPE_CERT_SESSION_DIALOG, "room_error")));
  orga_ui_test_shoot (GTK_WINDOW (dialog), "cert-session-create");
  activate_dialog (dialog);
  g_assert_null (orga_ui_test_find_toplevel (ORGA_TYPE_CERT_SESSION_DIALOG));

  /* Stored with generated codes of the spec's formats. */
  sessions = orga_store_list_cert_sessions (fixture->store, fixture->organization, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (sessions->len, ==, 1);
  session = g_ptr_array_index (sessions, 0);
  id = orga_cert_session_get_id (session);
  g_assert_cmpstr (orga_cert_session_get_room (session), ==, "Salle B12");
  g_assert_cmpstr (orga_cert_session_get_time (session), ==, "09:30");
  g_assert_true (orga_cert_access_code_is_valid (orga_cert_session_get_access_code (session)));
  g_assert_true (orga_cert_supervisor_password_is_valid (orga_cert_session_get_supervisor_password (session)));
  g_assert_true (g_regex_match_simple ("^[BCDFGHJKMPQRTVWXY]{4}[2346789]{2}$",
                                       orga_cert_session_get_access_code (session), 0, 0));

  /* In the list, and its page open on it with the codes shown. */
  g_assert_cmpstr (gtk_stack_get_visible_child_name (page_child (fixture, "content_stack")), ==, "list");
  g_assert_cmpuint (g_list_model_get_n_items (orga_cert_sessions_page_get_model (fixture->page)), ==, 1);
  g_assert_nonnull (orga_cert_sessions_page_get_session (fixture->page));
  g_assert_cmpint (orga_cert_session_get_id (orga_cert_sessions_page_get_session (fixture->page)), ==, id);
  g_assert_cmpstr (adw_leaflet_get_visible_child_name (page_child (fixture, "leaflet")), ==, "session");
  g_assert_cmpstr (gtk_label_get_label (session_child (fixture, "access_code_label")), ==,
                   orga_cert_session_get_access_code (session));
  g_assert_cmpstr (gtk_label_get_label (session_child (fixture, "password_label")), ==,
                   orga_cert_session_get_supervisor_password (session));
  g_assert_cmpstr (gtk_label_get_label (session_child (fixture, "number_label")), ==,
                   C_("cert session number", "pending"));
  g_assert_cmpuint (orga_cert_session_page_get_n_candidates (session_page (fixture)), ==, 0);
  g_assert_false (supervisors_warning (fixture));
  /* The finalize button names the container's action and this session. */
  {
    GtkActionable *finalize = session_child (fixture, "finalize_button");
    GVariant *target = gtk_actionable_get_action_target_value (finalize);

    g_assert_cmpstr (gtk_actionable_get_action_name (finalize), ==, "certifications.finalize");
    g_assert_nonnull (target);
    g_assert_cmpint (g_variant_get_int64 (target), ==, id);
  }

  /* Enrol 3B: one student fewer than the class, the one left is ticked
   * by hand later; no warning for 3. */
  enrol = open_enrol_dialog (fixture);
  g_assert_true (orga_cert_enrol_dialog_set_division (enrol, "3B"));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (enrol), "enrol.select-all", NULL));
  g_assert_cmpuint (orga_cert_enrol_dialog_get_n_checked (enrol), ==, 3);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (enrol), "enrol.enrol", NULL));
  orga_ui_test_spin (50);
  g_assert_null (orga_ui_test_find_toplevel (ORGA_TYPE_CERT_ENROL_DIALOG));
  g_assert_cmpuint (orga_cert_session_page_get_n_candidates (session_page (fixture)), ==, 3);
  {
    g_autofree char *toast = g_strdup_printf (ngettext ("%u student enrolled", "%u students enrolled", 3), 3);

    g_assert_cmpstr (last_toast (fixture), ==, toast);
  }
  g_assert_false (supervisors_warning (fixture));

  /* Then 3A: 26 candidates for one supervisor, the warning. The 3B
   * students show "already enrolled", not tickable. */
  enrol = open_enrol_dialog (fixture);
  g_assert_true (orga_cert_enrol_dialog_set_division (enrol, "3B"));
  {
    gboolean sensitive = TRUE;

    g_assert_true (enrol_row_has (enrol, "Élève23 Louis", _("Already enrolled"), &sensitive));
    g_assert_false (sensitive);
  }
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (enrol), "enrol.select-all", NULL));
  g_assert_cmpuint (orga_cert_enrol_dialog_get_n_checked (enrol), ==, 0);
  g_assert_true (orga_cert_enrol_dialog_set_division (enrol, "3A"));
  {
    gboolean sensitive = FALSE;

    /* No profile shared yet: flagged, still enrollable. */
    g_assert_true (enrol_row_has (enrol, "Élève00 Léa", _("Certifiability unknown"), &sensitive));
    g_assert_true (sensitive);
    g_assert_false (enrol_row_has (enrol, "Élève00 Léa", _("Already enrolled"), &sensitive));
  }
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (enrol), "enrol.select-all", NULL));
  g_assert_cmpuint (orga_cert_enrol_dialog_get_n_checked (enrol), ==, 23);
  {
    g_autofree char *label = g_strdup_printf (_("_Enrol (%u)"), 23);

    g_assert_cmpstr (gtk_button_get_label (child_of (enrol, ORGA_TYPE_CERT_ENROL_DIALOG, "enrol_button")), ==, label);
  }
  orga_ui_test_shoot (GTK_WINDOW (enrol), "cert-enrol");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (enrol), "enrol.enrol", NULL));
  orga_ui_test_spin (50);
  g_assert_cmpuint (orga_cert_session_page_get_n_candidates (session_page (fixture)), ==, 26);
  candidates = orga_store_list_cert_candidates (fixture->store, id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (candidates->len, ==, 26);
  g_assert_true (supervisors_warning (fixture));
  g_assert_nonnull (strstr (gtk_label_get_label (session_child (fixture, "supervisors_label")), "20"));

  /* The list's count followed. */
  {
    g_autoptr(OrgaCertSession) listed = g_list_model_get_item (orga_cert_sessions_page_get_model (fixture->page), 0);

    g_assert_cmpuint (orga_cert_session_get_n_candidates (listed), ==, 26);
  }

  /* Remove one, through the row's button action. */
  {
    const OrgaCertCandidate *first = g_ptr_array_index (candidates, 0);

    g_assert_true (gtk_widget_activate_action (GTK_WIDGET (session_page (fixture)), "session.remove-candidate",
                                               "x", first->id));
    orga_ui_test_spin (50);
  }
  g_assert_cmpuint (orga_cert_session_page_get_n_candidates (session_page (fixture)), ==, 25);
  g_clear_pointer (&candidates, g_ptr_array_unref);
  candidates = orga_store_list_cert_candidates (fixture->store, id, &error);
  g_assert_cmpuint (candidates->len, ==, 25);

  orga_ui_test_shoot (fixture->window, "cert-session");

  /* A second supervisor: the warning goes. */
  {
    g_autoptr(OrgaCertSession) stored = orga_store_get_cert_session (fixture->store, id, &error);
    g_autofree char *date = g_strdup (orga_cert_session_get_date (stored));
    OrgaCertSessionForm form = {
      .address = orga_cert_session_get_address (stored),
      .room = orga_cert_session_get_room (stored),
      .examiner = "Mme Durand et M. Petit",
      .date = date,
      .time = orga_cert_session_get_time (stored),
    };

    g_assert_true (orga_store_update_cert_session (fixture->store, id, &form, &error));
    g_assert_no_error (error);
    orga_ui_test_spin (50);
    g_assert_false (supervisors_warning (fixture));
  }

  /* The attendance sheet, as the file chooser's answer writes it. */
  g_assert_true (orga_cert_session_page_write_attendance (session_page (fixture), pdf, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (pdf, &contents, &length, &error));
  g_assert_cmpuint (length, >, 4);
  g_assert_true (memcmp (contents, "%PDF", 4) == 0);
  g_unlink (pdf);

  /* Back to the list. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (session_page (fixture)), "sessions.back", NULL));
  orga_ui_test_spin (50);
  g_assert_cmpstr (adw_leaflet_get_visible_child_name (page_child (fixture, "leaflet")), ==, "list");
}

/* Deleting asks first; the store's refusal is shown. */
static void
test_delete (Fixture       *fixture,
             gconstpointer  data)
{
  g_autofree char *future = day_from_today (7);
  OrgaCertSessionDialog *dialog;
  AdwMessageDialog *confirm;

  dialog = open_create_dialog (fixture);
  fill_dialog (dialog, future);
  activate_dialog (dialog);
  g_assert_cmpuint (count_sessions (fixture), ==, 1);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (session_page (fixture)), "session.delete", NULL));
  orga_ui_test_spin (20);
  confirm = ADW_MESSAGE_DIALOG (orga_ui_test_find_toplevel (ADW_TYPE_MESSAGE_DIALOG));
  g_assert_nonnull (confirm);
  adw_message_dialog_response (confirm, "cancel");
  orga_ui_test_spin (50);
  g_assert_cmpuint (count_sessions (fixture), ==, 1);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (session_page (fixture)), "session.delete", NULL));
  orga_ui_test_spin (20);
  confirm = ADW_MESSAGE_DIALOG (orga_ui_test_find_toplevel (ADW_TYPE_MESSAGE_DIALOG));
  g_assert_nonnull (confirm);
  adw_message_dialog_response (confirm, "delete");
  orga_ui_test_spin (50);
  g_assert_cmpuint (count_sessions (fixture), ==, 0);
  g_assert_cmpstr (adw_leaflet_get_visible_child_name (page_child (fixture, "leaflet")), ==, "list");
  g_assert_cmpstr (gtk_stack_get_visible_child_name (page_child (fixture, "content_stack")), ==, "empty");
}

/* Editing goes through the same dialog; what the store refuses once a
 * candidate has joined is said in a message, and nothing changes. */
static void
test_edit_refused (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autofree char *future = day_from_today (10);
  g_autoptr(OrgaCertSession) stored = NULL;
  g_autoptr(GPtrArray) candidates = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *sql = NULL;
  OrgaCertSessionDialog *dialog;
  OrgaCertEnrolDialog *enrol;
  AdwMessageDialog *message;
  const OrgaCertCandidate *joined;
  gint64 id;

  dialog = open_create_dialog (fixture);
  fill_dialog (dialog, future);
  activate_dialog (dialog);
  id = orga_cert_session_get_id (orga_cert_sessions_page_get_session (fixture->page));

  /* Edit: the dialog comes filled in, in French dates. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (session_page (fixture)), "session.edit", NULL));
  orga_ui_test_spin (20);
  dialog = ORGA_CERT_SESSION_DIALOG (orga_ui_test_find_toplevel (ORGA_TYPE_CERT_SESSION_DIALOG));
  g_assert_nonnull (dialog);
  g_assert_cmpstr (gtk_editable_get_text (child_of (dialog, ORGA_TYPE_CERT_SESSION_DIALOG, "date_row")), ==, future);
  set_row (dialog, "room_row", "CDI");
  set_row (dialog, "time_row", "25:00");
  activate_dialog (dialog);
  g_assert_true (gtk_widget_get_visible (child_of (dialog, ORGA_TYPE_CERT_SESSION_DIALOG, "time_error")));
  stored = orga_store_get_cert_session (fixture->store, id, &error);
  g_assert_cmpstr (orga_cert_session_get_room (stored), ==, "Salle B12");
  g_clear_object (&stored);
  set_row (dialog, "time_row", "14:00");
  activate_dialog (dialog);
  g_assert_null (orga_ui_test_find_toplevel (ORGA_TYPE_CERT_SESSION_DIALOG));
  stored = orga_store_get_cert_session (fixture->store, id, &error);
  g_assert_cmpstr (orga_cert_session_get_room (stored), ==, "CDI");
  g_assert_cmpstr (orga_cert_session_get_time (stored), ==, "14:00");
  /* The page shows the session as stored now. */
  g_assert_cmpstr (adw_action_row_get_subtitle (session_child (fixture, "room_row")), ==, "CDI");

  /* Enrol 3B; one candidate joins (as a pull from the server would say). */
  enrol = open_enrol_dialog (fixture);
  g_assert_true (orga_cert_enrol_dialog_set_division (enrol, "3B"));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (enrol), "enrol.select-all", NULL));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (enrol), "enrol.enrol", NULL));
  orga_ui_test_spin (50);
  candidates = orga_store_list_cert_candidates (fixture->store, id, &error);
  g_assert_cmpuint (candidates->len, ==, 3);
  joined = g_ptr_array_index (candidates, 0);
  sql = g_strdup_printf ("UPDATE cert_candidates SET joined_at = '2026-01-01T08:00:00Z' WHERE id = %" G_GINT64_FORMAT,
                         joined->id);
  g_assert_cmpint (sqlite3_exec (_orga_store_get_db (fixture->store), sql, NULL, NULL, NULL), ==, SQLITE_OK);

  /* Removing the candidate who joined: refused, said. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (session_page (fixture)), "session.remove-candidate",
                                             "x", joined->id));
  orga_ui_test_spin (20);
  message = ADW_MESSAGE_DIALOG (orga_ui_test_find_toplevel (ADW_TYPE_MESSAGE_DIALOG));
  g_assert_nonnull (message);
  g_test_message ("refused: %s", adw_message_dialog_get_body (message));
  g_assert_cmpstr (adw_message_dialog_get_body (message), !=, "");
  gtk_window_destroy (GTK_WINDOW (message));
  orga_ui_test_spin (20);
  g_clear_pointer (&candidates, g_ptr_array_unref);
  candidates = orga_store_list_cert_candidates (fixture->store, id, &error);
  g_assert_cmpuint (candidates->len, ==, 3);

  /* Deleting the session: refused, said, still there. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (session_page (fixture)), "session.delete", NULL));
  orga_ui_test_spin (20);
  message = ADW_MESSAGE_DIALOG (orga_ui_test_find_toplevel (ADW_TYPE_MESSAGE_DIALOG));
  adw_message_dialog_response (message, "delete");
  orga_ui_test_spin (50);
  message = ADW_MESSAGE_DIALOG (orga_ui_test_find_toplevel (ADW_TYPE_MESSAGE_DIALOG));
  g_assert_nonnull (message);
  g_test_message ("refused: %s", adw_message_dialog_get_body (message));
  g_assert_cmpuint (count_sessions (fixture), ==, 1);
  g_assert_cmpstr (adw_leaflet_get_visible_child_name (page_child (fixture, "leaflet")), ==, "session");
}

/* The demonstration's published session: read-only. */
static void
test_finalized (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  GListModel *model = orga_cert_sessions_page_get_model (fixture->page);
  gint64 published = 0;
  GtkActionable *finalize;
  guint n;

  g_assert_true (orga_store_add_demo_cert_data (fixture->store, fixture->organization, &error));
  g_assert_no_error (error);
  orga_ui_test_spin (50);

  /* The store's change feed filled the list. */
  n = g_list_model_get_n_items (model);
  g_assert_cmpuint (n, ==, 2);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(OrgaCertSession) session = g_list_model_get_item (model, i);

      if (orga_cert_session_get_status (session) != ORGA_CERT_SESSION_CREATED)
        published = orga_cert_session_get_id (session);
    }
  g_assert_cmpint (published, !=, 0);
  orga_ui_test_shoot (fixture->window, "cert-sessions");

  /* A click on its row opens it. */
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(OrgaCertSession) session = g_list_model_get_item (model, i);

      if (orga_cert_session_get_id (session) == published)
        g_signal_emit_by_name (page_child (fixture, "column_view"), "activate", i);
    }
  orga_ui_test_spin (50);
  g_assert_nonnull (orga_cert_sessions_page_get_session (fixture->page));
  g_assert_cmpint (orga_cert_session_get_id (orga_cert_sessions_page_get_session (fixture->page)), ==, published);
  g_assert_cmpstr (adw_leaflet_get_visible_child_name (page_child (fixture, "leaflet")), ==, "session");
  g_assert_cmpuint (orga_cert_session_page_get_n_candidates (session_page (fixture)), >, 0);
  g_assert_false (gtk_widget_activate_action (GTK_WIDGET (session_page (fixture)), "session.enrol", NULL) &&
                  orga_ui_test_find_toplevel (ORGA_TYPE_CERT_ENROL_DIALOG) != NULL);
  g_assert_null (orga_ui_test_find_toplevel (ORGA_TYPE_CERT_SESSION_DIALOG));
  g_assert_false (gtk_widget_get_visible (session_child (fixture, "edit_button")));
  g_assert_false (gtk_widget_get_visible (session_child (fixture, "enrol_button")));
  g_assert_false (gtk_widget_get_visible (session_child (fixture, "delete_button")));
  g_assert_true (gtk_widget_get_visible (session_child (fixture, "read_only_label")));
  finalize = session_child (fixture, "finalize_button");
  g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (finalize)), ==, _("_View the Incident Report"));
  g_assert_cmpint (g_variant_get_int64 (gtk_actionable_get_action_target_value (finalize)), ==, published);

  /* Removing a candidate does nothing. */
  {
    g_autoptr(GPtrArray) candidates = orga_store_list_cert_candidates (fixture->store, published, &error);
    const OrgaCertCandidate *first = g_ptr_array_index (candidates, 0);
    guint before = candidates->len;
    g_autoptr(GPtrArray) after = NULL;

    gtk_widget_activate_action (GTK_WIDGET (session_page (fixture)), "session.remove-candidate", "x", first->id);
    orga_ui_test_spin (20);
    after = orga_store_list_cert_candidates (fixture->store, published, &error);
    g_assert_cmpuint (after->len, ==, before);
  }
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

  temp_dir = g_dir_make_tmp ("pixorga-cert-sessions-test-XXXXXX", &error);
  g_assert_no_error (error);

  g_test_add ("/cert-sessions-page/journey", Fixture, NULL, fixture_set_up, test_journey, fixture_tear_down);
  g_test_add ("/cert-sessions-page/delete", Fixture, NULL, fixture_set_up, test_delete, fixture_tear_down);
  g_test_add ("/cert-sessions-page/edit-refused", Fixture, NULL, fixture_set_up, test_edit_refused, fixture_tear_down);
  g_test_add ("/cert-sessions-page/finalized", Fixture, NULL, fixture_set_up, test_finalized, fixture_tear_down);

  status = g_test_run ();

  g_rmdir (temp_dir);
  return status;
}
