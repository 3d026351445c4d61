/* orga-cert-finalize-dialog.c: finalizing a certification session
 *
 * Certif's "Finaliser la session" screen (spec §2.5): the head teacher
 * copies the paper incident report (PV d'incident) in, per started
 * course. The rules are orga_cert_finalization_check()'s: the dialog
 * shows their French message and stays open. A finalized session opens
 * the same dialog read-only, as its "Procès-verbal".
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "orga-cert-finalize-dialog.h"
#include "orga-cert-report-editor.h"
#include "orga-format.h"
#include "orga-store-cert.h"
#include "orga-widget-util.h"

#define MAX_COMMENT 500

/* One report of a course, as typed (or as stored, read-only). */
typedef struct
{
  gint64  id;            /* the remove button's target */
  char   *category;
  char   *subcategory;
  char   *description;
  int     question_number;
} Report;

/* One started course: the form's model, and the widgets showing it. */
typedef struct
{
  char                *uuid;
  char                *name;          /* "Léa Dupont" */
  gboolean             completed;
  GPtrArray           *reports;       /* (element-type Report) */

  AdwPreferencesGroup *group;
  GtkCheckButton      *end_screen;
  AdwComboRow         *abort_row;     /* unfinished and editable only */
  GPtrArray           *report_rows;   /* the group's rows showing reports */
} Course;

struct _OrgaCertFinalizeDialog
{
  AdwWindow            parent_instance;

  OrgaContext         *context;
  gint64               session_id;
  gboolean             read_only;
  GPtrArray           *courses;       /* (element-type Course) */
  gint64               last_report_id;

  AdwWindowTitle      *window_title;
  GtkButton           *cancel_button;
  GtkButton           *finalize_button;
  GtkRevealer         *error_revealer;
  GtkLabel            *error_label;
  GtkLabel            *finalized_label;
  GtkLabel            *empty_label;
  AdwPreferencesGroup *reports_group;
  GtkBox              *courses_box;
  GtkCheckButton      *incident_check;
  GtkCheckButton      *joining_check;
  GtkTextView         *comment_view;
  GtkLabel            *comment_counter;
};

G_DEFINE_FINAL_TYPE (OrgaCertFinalizeDialog, orga_cert_finalize_dialog, ADW_TYPE_WINDOW)

enum {
  PROP_0,
  PROP_CONTEXT,
  PROP_SESSION_ID,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  FINALIZED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* The abort reasons' order in the combo row: none chosen yet first. */
static const char *const abort_reasons[] = { NULL, "candidate", "technical" };

static void
report_free (Report *report)
{
  g_free (report->category);
  g_free (report->subcategory);
  g_free (report->description);
  g_free (report);
}

static void
course_free (Course *course)
{
  g_free (course->uuid);
  g_free (course->name);
  g_ptr_array_unref (course->reports);
  g_ptr_array_unref (course->report_rows);
  g_free (course);
}

/* Certif's labels (spec §2.5). */
static const char *
abort_reason_label (const char *reason)
{
  if (g_strcmp0 (reason, "candidate") == 0)
    return _("Abandonment: lack of time or early departure");
  if (g_strcmp0 (reason, "technical") == 0)
    return _("Technical problem");
  return _("Choose a reason");
}

static void
show_error (OrgaCertFinalizeDialog *self,
            const char             *message)
{
  gtk_label_set_label (self->error_label, message);
  gtk_revealer_set_reveal_child (self->error_revealer, message != NULL);
}

static char *
report_subtitle (const Report *report)
{
  g_autoptr(GString) text = g_string_new (NULL);

  if (report->question_number > 0)
    g_string_append_printf (text, _("Question %d"), report->question_number);
  if (report->description != NULL && report->description[0] != '\0')
    {
      if (text->len > 0)
        g_string_append (text, " · ");
      g_string_append (text, report->description);
    }
  return g_string_free (g_steal_pointer (&text), FALSE);
}

/* The course's report rows, afresh from its model. */
static void
show_reports (OrgaCertFinalizeDialog *self,
              Course                 *course)
{
  for (guint i = 0; i < course->report_rows->len; i++)
    adw_preferences_group_remove (course->group, g_ptr_array_index (course->report_rows, i));
  g_ptr_array_set_size (course->report_rows, 0);

  for (guint i = 0; i < course->reports->len; i++)
    {
      Report *report = g_ptr_array_index (course->reports, i);
      g_autofree char *title = orga_cert_report_editor_dup_kind_title (report->category, report->subcategory);
      g_autofree char *subtitle = report_subtitle (report);
      GtkWidget *row = adw_action_row_new ();

      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
      adw_action_row_add_prefix (ADW_ACTION_ROW (row), gtk_image_new_from_icon_name ("dialog-warning-symbolic"));
      if (!self->read_only)
        {
          g_autofree char *label = g_strdup_printf (_("Remove the report %s of %s"), title, course->name);
          GtkWidget *remove = gtk_button_new_from_icon_name ("user-trash-symbolic");

          gtk_widget_set_valign (remove, GTK_ALIGN_CENTER);
          gtk_widget_add_css_class (remove, "flat");
          gtk_widget_set_tooltip_text (remove, _("Remove the report"));
          gtk_accessible_update_property (GTK_ACCESSIBLE (remove), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
          gtk_actionable_set_action_name (GTK_ACTIONABLE (remove), "finalize.remove-report");
          gtk_actionable_set_action_target (GTK_ACTIONABLE (remove), "x", report->id);
          adw_action_row_add_suffix (ADW_ACTION_ROW (row), remove);
        }
      adw_preferences_group_add (course->group, row);
      g_ptr_array_add (course->report_rows, row);
    }
}

/* A refusal about the abort reason no longer holds once one is chosen:
 * the next "Finaliser" checks again. */
static void
abort_reason_changed_cb (OrgaCertFinalizeDialog *self)
{
  show_error (self, NULL);
}

static void
add_course_group (OrgaCertFinalizeDialog  *self,
                  Course                  *course,
                  const OrgaCertCandidate *candidate)
{
  g_autofree char *number = g_strdup_printf ("%" G_GINT64_FORMAT, candidate->course_number);
  g_autofree char *escaped = g_markup_escape_text (course->name, -1);
  g_autofree char *description = NULL;
  g_autofree char *end_label = g_strdup_printf (_("End of test screen seen by %s"), course->name);
  GtkWidget *row;

  course->group = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());
  adw_preferences_group_set_title (course->group, escaped);
  description = g_strdup_printf (course->completed ? _("Certification number %s · Test finished")
                                                   : _("Certification number %s · Test not finished"),
                                 number);
  adw_preferences_group_set_description (course->group, description);

  if (!self->read_only)
    {
      g_autofree char *label = g_strdup_printf (_("Add a report for %s"), course->name);
      GtkWidget *add = gtk_button_new_with_mnemonic (_("Add a _Report"));

      gtk_widget_set_valign (add, GTK_ALIGN_END);
      gtk_accessible_update_property (GTK_ACCESSIBLE (add), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
      gtk_actionable_set_action_name (GTK_ACTIONABLE (add), "finalize.add-report");
      gtk_actionable_set_action_target (GTK_ACTIONABLE (add), "s", course->uuid);
      adw_preferences_group_set_header_suffix (course->group, add);
    }

  /* "Écran de fin du test vu" (hasSeenEndTestScreen) */
  row = adw_action_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("_End of test screen seen"));
  adw_preferences_row_set_use_underline (ADW_PREFERENCES_ROW (row), TRUE);
  course->end_screen = GTK_CHECK_BUTTON (gtk_check_button_new ());
  gtk_widget_set_valign (GTK_WIDGET (course->end_screen), GTK_ALIGN_CENTER);
  gtk_check_button_set_active (course->end_screen, candidate->has_seen_end_test_screen);
  gtk_widget_set_sensitive (GTK_WIDGET (course->end_screen), !self->read_only);
  gtk_accessible_update_property (GTK_ACCESSIBLE (course->end_screen), GTK_ACCESSIBLE_PROPERTY_LABEL, end_label, -1);
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), GTK_WIDGET (course->end_screen));
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), GTK_WIDGET (course->end_screen));
  adw_preferences_group_add (course->group, row);

  /* "Raison de l'abandon": mandatory for an unfinished test only. */
  if (!course->completed && self->read_only)
    {
      row = adw_action_row_new ();
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("Reason for abandonment"));
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row),
                                   candidate->abort_reason != NULL ? abort_reason_label (candidate->abort_reason) : "—");
      adw_preferences_group_add (course->group, row);
    }
  else if (!course->completed)
    {
      g_autoptr(GtkStringList) reasons = gtk_string_list_new (NULL);
      g_autofree char *label = g_strdup_printf (_("Reason for abandonment of %s"), course->name);

      for (guint i = 0; i < G_N_ELEMENTS (abort_reasons); i++)
        gtk_string_list_append (reasons, abort_reason_label (abort_reasons[i]));
      course->abort_row = ADW_COMBO_ROW (adw_combo_row_new ());
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (course->abort_row), _("_Reason for abandonment"));
      adw_preferences_row_set_use_underline (ADW_PREFERENCES_ROW (course->abort_row), TRUE);
      adw_combo_row_set_model (course->abort_row, G_LIST_MODEL (reasons));
      adw_combo_row_set_selected (course->abort_row, 0);
      g_signal_connect_object (course->abort_row, "notify::selected", G_CALLBACK (abort_reason_changed_cb),
                               self, G_CONNECT_SWAPPED);
      gtk_accessible_update_property (GTK_ACCESSIBLE (course->abort_row), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
      adw_preferences_group_add (course->group, GTK_WIDGET (course->abort_row));
    }

  show_reports (self, course);
  gtk_box_append (self->courses_box, GTK_WIDGET (course->group));
}

static void
comment_changed_cb (OrgaCertFinalizeDialog *self)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->comment_view);
  g_autofree char *counter = g_strdup_printf ("%d / %d", gtk_text_buffer_get_char_count (buffer), MAX_COMMENT);

  gtk_label_set_label (self->comment_counter, counter);
}

static void
load (OrgaCertFinalizeDialog *self)
{
  OrgaStore *store = orga_context_get_store (self->context);
  g_autoptr(OrgaCertSession) session = NULL;
  g_autoptr(GPtrArray) candidates = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *day = NULL;
  g_autofree char *subtitle = NULL;
  const char *comment;

  session = orga_store_get_cert_session (store, self->session_id, &error);
  if (session == NULL)
    {
      adw_window_title_set_title (self->window_title, _("Finalize the Session"));
      gtk_widget_set_sensitive (GTK_WIDGET (self->finalize_button), FALSE);
      show_error (self, error->message);
      return;
    }

  self->read_only = orga_cert_session_get_status (session) != ORGA_CERT_SESSION_CREATED;
  day = orga_format_day (orga_cert_session_get_date (session));
  if (orga_cert_session_get_number (session) > 0)
    {
      g_autofree char *number = g_strdup_printf ("%" G_GINT64_FORMAT, orga_cert_session_get_number (session));

      subtitle = g_strdup_printf (_("Session %s of %s"), number, day != NULL ? day : "");
    }
  else
    subtitle = g_strdup_printf (_("Session of %s"), day != NULL ? day : "");
  adw_window_title_set_title (self->window_title,
                              self->read_only ? _("Incident Report") : _("Finalize the Session"));
  adw_window_title_set_subtitle (self->window_title, subtitle);
  gtk_window_set_title (GTK_WINDOW (self), self->read_only ? _("Incident Report") : _("Finalize the Session"));

  /* Read-only: what was sent, nothing to change. */
  gtk_widget_set_visible (GTK_WIDGET (self->finalize_button), !self->read_only);
  gtk_button_set_label (self->cancel_button, self->read_only ? _("_Close") : _("_Cancel"));
  gtk_widget_set_sensitive (GTK_WIDGET (self->incident_check), !self->read_only);
  gtk_widget_set_sensitive (GTK_WIDGET (self->joining_check), !self->read_only);
  gtk_text_view_set_editable (self->comment_view, !self->read_only);
  gtk_text_view_set_cursor_visible (self->comment_view, !self->read_only);
  if (self->read_only)
    {
      g_autofree char *when = orga_format_iso_date (orga_cert_session_get_finalized_at (session), NULL);
      g_autofree char *text = NULL;

      text = when != NULL ? g_strdup_printf (_("Finalized on %s. The finalization has been sent to Pix: it can no longer be changed."), when)
                          : g_strdup (_("The finalization has been sent to Pix: it can no longer be changed."));
      gtk_label_set_label (self->finalized_label, text);
      gtk_widget_set_visible (GTK_WIDGET (self->finalized_label), TRUE);
      /* The instruction is for copying the paper report in, not reading it. */
      adw_preferences_group_set_description (self->reports_group, NULL);
      gtk_check_button_set_active (self->incident_check, orga_cert_session_get_has_incident (session));
      gtk_check_button_set_active (self->joining_check, orga_cert_session_get_has_joining_issue (session));
      comment = orga_cert_session_get_examiner_global_comment (session);
      gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->comment_view), comment != NULL ? comment : "", -1);
    }

  candidates = orga_store_list_cert_candidates (store, self->session_id, &error);
  if (candidates == NULL)
    {
      show_error (self, error->message);
      return;
    }
  for (guint i = 0; i < candidates->len; i++)
    {
      OrgaCertCandidate *candidate = g_ptr_array_index (candidates, i);
      Course *course;

      /* Only started certifications are reported on (spec §2.5). */
      if (candidate->course_uuid == NULL)
        continue;
      course = g_new0 (Course, 1);
      course->uuid = g_strdup (candidate->course_uuid);
      course->name = g_strdup_printf ("%s %s", candidate->first_name, candidate->last_name);
      /* An end by the supervisor is not a finished test (orga-cert.h). */
      course->completed = candidate->completed_at != NULL && candidate->ended_by_supervisor_at == NULL;
      course->reports = g_ptr_array_new_with_free_func ((GDestroyNotify) report_free);
      course->report_rows = g_ptr_array_new ();
      g_ptr_array_add (self->courses, course);

      if (self->read_only)
        {
          g_autoptr(GPtrArray) stored = orga_store_list_cert_reports (store, course->uuid, &error);

          if (stored == NULL)
            {
              show_error (self, error->message);
              g_clear_error (&error);
            }
          for (guint j = 0; stored != NULL && j < stored->len; j++)
            {
              OrgaCertReport *read = g_ptr_array_index (stored, j);
              Report *report = g_new0 (Report, 1);

              report->id = ++self->last_report_id;
              report->category = g_strdup (read->category);
              report->subcategory = g_strdup (read->subcategory);
              report->description = g_strdup (read->description);
              report->question_number = read->question_number;
              g_ptr_array_add (course->reports, report);
            }
        }
      add_course_group (self, course, candidate);
    }

  gtk_widget_set_visible (GTK_WIDGET (self->empty_label), self->courses->len == 0);
}

static Course *
find_course (OrgaCertFinalizeDialog *self,
             const char             *uuid)
{
  for (guint i = 0; i < self->courses->len; i++)
    {
      Course *course = g_ptr_array_index (self->courses, i);

      if (g_strcmp0 (course->uuid, uuid) == 0)
        return course;
    }
  return NULL;
}

typedef struct
{
  OrgaCertFinalizeDialog *self;
  char                   *uuid;
} EditorData;

static void
editor_data_free (gpointer  data,
                  GClosure *closure)
{
  EditorData *editor_data = data;

  g_object_unref (editor_data->self);
  g_free (editor_data->uuid);
  g_free (editor_data);
}

static void
report_saved_cb (OrgaCertReportEditor *editor,
                 EditorData           *data)
{
  const OrgaCertReport *saved = orga_cert_report_editor_get_report (editor);
  Course *course = find_course (data->self, data->uuid);
  Report *report;

  if (course == NULL)
    return;
  report = g_new0 (Report, 1);
  report->id = ++data->self->last_report_id;
  report->category = g_strdup (saved->category);
  report->subcategory = g_strdup (saved->subcategory);
  report->description = g_strdup (saved->description);
  report->question_number = saved->question_number;
  g_ptr_array_add (course->reports, report);
  show_reports (data->self, course);
}

static void
add_report_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  OrgaCertFinalizeDialog *self = ORGA_CERT_FINALIZE_DIALOG (widget);
  Course *course = find_course (self, g_variant_get_string (parameter, NULL));
  EditorData *data;
  GtkWidget *editor;

  if (course == NULL || self->read_only)
    return;

  editor = orga_cert_report_editor_new (course->name);
  data = g_new0 (EditorData, 1);
  data->self = g_object_ref (self);
  data->uuid = g_strdup (course->uuid);
  g_signal_connect_data (editor, "saved", G_CALLBACK (report_saved_cb), data, editor_data_free, 0);
  gtk_window_set_transient_for (GTK_WINDOW (editor), GTK_WINDOW (self));
  gtk_window_present (GTK_WINDOW (editor));
}

static void
remove_report_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  OrgaCertFinalizeDialog *self = ORGA_CERT_FINALIZE_DIALOG (widget);
  gint64 id = g_variant_get_int64 (parameter);

  for (guint i = 0; i < self->courses->len; i++)
    {
      Course *course = g_ptr_array_index (self->courses, i);

      for (guint j = 0; j < course->reports->len; j++)
        {
          Report *report = g_ptr_array_index (course->reports, j);

          if (report->id != id)
            continue;
          g_ptr_array_remove_index (course->reports, j);
          show_reports (self, course);
          return;
        }
    }
}

/* The form as orga-cert.h reads it: the arrays borrow from the model and
 * live as long as @courses and @reports. */
static void
build_finalization (OrgaCertFinalizeDialog *self,
                    GArray                 *courses,
                    GPtrArray              *reports,
                    char                  **comment,
                    OrgaCertFinalization   *out)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->comment_view);
  GtkTextIter start, end;

  for (guint i = 0; i < self->courses->len; i++)
    {
      Course *course = g_ptr_array_index (self->courses, i);
      GArray *course_reports = g_array_new (FALSE, TRUE, sizeof (OrgaCertReport));
      OrgaCertCourseReport entry = {
        .course_uuid = course->uuid,
        .candidate_name = course->name,
        .is_completed = course->completed,
        .has_seen_end_test_screen = gtk_check_button_get_active (course->end_screen),
        .abort_reason = course->abort_row != NULL ? abort_reasons[adw_combo_row_get_selected (course->abort_row)] : NULL,
      };

      for (guint j = 0; j < course->reports->len; j++)
        {
          Report *report = g_ptr_array_index (course->reports, j);
          OrgaCertReport read = {
            .category = report->category,
            .subcategory = report->subcategory,
            .description = report->description,
            .question_number = report->question_number,
          };

          g_array_append_val (course_reports, read);
        }
      entry.reports = (const OrgaCertReport *) course_reports->data;
      entry.n_reports = course_reports->len;
      g_ptr_array_add (reports, course_reports);
      g_array_append_val (courses, entry);
    }

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  *comment = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
  *out = (OrgaCertFinalization) {
    .courses = (const OrgaCertCourseReport *) courses->data,
    .n_courses = courses->len,
    .examiner_global_comment = *comment,
    .has_incident = gtk_check_button_get_active (self->incident_check),
    .has_joining_issue = gtk_check_button_get_active (self->joining_check),
  };
}

static gboolean
destroy_idle (gpointer data)
{
  gtk_window_destroy (GTK_WINDOW (data));
  return G_SOURCE_REMOVE;
}

static void
confirm_response_cb (AdwMessageDialog       *dialog,
                     const char             *response,
                     OrgaCertFinalizeDialog *self)
{
  g_autoptr(GArray) courses = g_array_new (FALSE, TRUE, sizeof (OrgaCertCourseReport));
  g_autoptr(GPtrArray) reports = g_ptr_array_new_with_free_func ((GDestroyNotify) g_array_unref);
  g_autofree char *comment = NULL;
  g_autofree char *user = NULL;
  g_autoptr(GError) error = NULL;
  OrgaCertFinalization finalization;

  if (g_strcmp0 (response, "finalize") != 0)
    return;

  build_finalization (self, courses, reports, &comment, &finalization);
  user = orga_context_dup_user_name (self->context);
  if (!orga_store_finalize_cert_session (orga_context_get_store (self->context), self->session_id,
                                         &finalization, user, &error))
    {
      show_error (self, error->message);
      return;
    }

  /* The message dialog is ours (transient, destroyed with us) and still
   * emitting its response: destroying this window now would free it
   * under its own feet. Hidden now, destroyed once the emission is over. */
  gtk_widget_set_visible (GTK_WIDGET (self), FALSE);
  g_signal_emit (self, signals[FINALIZED], 0, self->session_id);
  g_idle_add_full (G_PRIORITY_DEFAULT_IDLE, destroy_idle, g_object_ref (self), g_object_unref);
}

static void
finalize_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  OrgaCertFinalizeDialog *self = ORGA_CERT_FINALIZE_DIALOG (widget);
  g_autoptr(GArray) courses = g_array_new (FALSE, TRUE, sizeof (OrgaCertCourseReport));
  g_autoptr(GPtrArray) reports = g_ptr_array_new_with_free_func ((GDestroyNotify) g_array_unref);
  g_autofree char *comment = NULL;
  g_autoptr(GError) error = NULL;
  OrgaCertFinalization finalization;
  GtkWidget *dialog;

  if (self->read_only)
    return;

  /* The rules first: a missing abort reason is said here, before asking
   * to confirm something that would be refused. The store checks again. */
  build_finalization (self, courses, reports, &comment, &finalization);
  if (!orga_cert_finalization_check (&finalization, &error))
    {
      show_error (self, error->message);
      return;
    }
  show_error (self, NULL);

  dialog = adw_message_dialog_new (GTK_WINDOW (self), _("Finalize the Session?"),
                                   _("The session can no longer be changed: the incident report is sent to Pix, which will then publish the results."));
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "finalize", _("_Finalize"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "finalize", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect_object (dialog, "response", G_CALLBACK (confirm_response_cb), self, 0);
  gtk_window_set_modal (GTK_WINDOW (dialog), TRUE);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
cancel_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  gtk_window_destroy (GTK_WINDOW (widget));
}

static void
orga_cert_finalize_dialog_constructed (GObject *object)
{
  OrgaCertFinalizeDialog *self = ORGA_CERT_FINALIZE_DIALOG (object);

  G_OBJECT_CLASS (orga_cert_finalize_dialog_parent_class)->constructed (object);

  if (self->context != NULL)
    load (self);
  comment_changed_cb (self);
}

static void
orga_cert_finalize_dialog_dispose (GObject *object)
{
  OrgaCertFinalizeDialog *self = ORGA_CERT_FINALIZE_DIALOG (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), ORGA_TYPE_CERT_FINALIZE_DIALOG);
  g_clear_object (&self->context);

  G_OBJECT_CLASS (orga_cert_finalize_dialog_parent_class)->dispose (object);
}

static void
orga_cert_finalize_dialog_finalize (GObject *object)
{
  OrgaCertFinalizeDialog *self = ORGA_CERT_FINALIZE_DIALOG (object);

  g_clear_pointer (&self->courses, g_ptr_array_unref);

  G_OBJECT_CLASS (orga_cert_finalize_dialog_parent_class)->finalize (object);
}

static void
orga_cert_finalize_dialog_get_property (GObject    *object,
                                        guint       prop_id,
                                        GValue     *value,
                                        GParamSpec *pspec)
{
  OrgaCertFinalizeDialog *self = ORGA_CERT_FINALIZE_DIALOG (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      g_value_set_object (value, self->context);
      break;
    case PROP_SESSION_ID:
      g_value_set_int64 (value, self->session_id);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
orga_cert_finalize_dialog_set_property (GObject      *object,
                                        guint         prop_id,
                                        const GValue *value,
                                        GParamSpec   *pspec)
{
  OrgaCertFinalizeDialog *self = ORGA_CERT_FINALIZE_DIALOG (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      self->context = g_value_dup_object (value);
      break;
    case PROP_SESSION_ID:
      self->session_id = g_value_get_int64 (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
orga_cert_finalize_dialog_class_init (OrgaCertFinalizeDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = orga_cert_finalize_dialog_constructed;
  object_class->dispose = orga_cert_finalize_dialog_dispose;
  object_class->finalize = orga_cert_finalize_dialog_finalize;
  object_class->get_property = orga_cert_finalize_dialog_get_property;
  object_class->set_property = orga_cert_finalize_dialog_set_property;

  /* The dialog reads its session once: it is modal, nothing else edits
   * the session while it is open. */
  properties[PROP_CONTEXT] =
    g_param_spec_object ("context", NULL, NULL, ORGA_TYPE_CONTEXT,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SESSION_ID] =
    g_param_spec_int64 ("session-id", NULL, NULL, 0, G_MAXINT64, 0,
                        G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* After the store has the finalization; the dialog is hidden and goes
   * away on the next idle. */
  signals[FINALIZED] = g_signal_new ("finalized", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                     0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_INT64);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/pixorga/PixOrga/ui/orga-cert-finalize-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, OrgaCertFinalizeDialog, window_title);
  gtk_widget_class_bind_template_child (widget_class, OrgaCertFinalizeDialog, cancel_button);
  gtk_widget_class_bind_template_child (widget_class, OrgaCertFinalizeDialog, finalize_button);
  gtk_widget_class_bind_template_child (widget_class, OrgaCertFinalizeDialog, error_revealer);
  gtk_widget_class_bind_template_child (widget_class, OrgaCertFinalizeDialog, error_label);
  gtk_widget_class_bind_template_child (widget_class, OrgaCertFinalizeDialog, finalized_label);
  gtk_widget_class_bind_template_child (widget_class, OrgaCertFinalizeDialog, empty_label);
  gtk_widget_class_bind_template_child (widget_class, OrgaCertFinalizeDialog, reports_group);
  gtk_widget_class_bind_template_child (widget_class, OrgaCertFinalizeDialog, courses_box);
  gtk_widget_class_bind_template_child (widget_class, OrgaCertFinalizeDialog, incident_check);
  gtk_widget_class_bind_template_child (widget_class, OrgaCertFinalizeDialog, joining_check);
  gtk_widget_class_bind_template_child (widget_class, OrgaCertFinalizeDialog, comment_view);
  gtk_widget_class_bind_template_child (widget_class, OrgaCertFinalizeDialog, comment_counter);

  gtk_widget_class_install_action (widget_class, "finalize.finalize", NULL, finalize_action);
  gtk_widget_class_install_action (widget_class, "finalize.cancel", NULL, cancel_action);
  gtk_widget_class_install_action (widget_class, "finalize.add-report", "s", add_report_action);
  gtk_widget_class_install_action (widget_class, "finalize.remove-report", "x", remove_report_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "finalize.cancel", NULL);
}

static void
orga_cert_finalize_dialog_init (OrgaCertFinalizeDialog *self)
{
  self->courses = g_ptr_array_new_with_free_func ((GDestroyNotify) course_free);

  gtk_widget_init_template (GTK_WIDGET (self));
  orga_widget_fit_to_parent (GTK_WINDOW (self));
  g_signal_connect_object (gtk_text_view_get_buffer (self->comment_view), "changed",
                           G_CALLBACK (comment_changed_cb), self, G_CONNECT_SWAPPED);
}

GtkWidget *
orga_cert_finalize_dialog_new (OrgaContext *context,
                               gint64       session_id)
{
  g_return_val_if_fail (ORGA_IS_CONTEXT (context), NULL);

  return g_object_new (ORGA_TYPE_CERT_FINALIZE_DIALOG,
                       "context", context,
                       "session-id", session_id,
                       NULL);
}
