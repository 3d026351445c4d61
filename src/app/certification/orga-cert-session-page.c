/* orga-cert-session-page.c: one certification session
 *
 * What Pix Certif's session page shows (spec §2.1): the number, the
 * candidates' access code and the supervisor's password with copy
 * buttons, the details, the status; the candidates, enrolled from the
 * school's students (OrgaCertEnrolDialog) and removed while they have
 * not joined; the one-supervisor-per-20-candidates warning; the
 * attendance sheet as PDF. Finalizing is the container's
 * "certifications.finalize" action, given the session's id.
 *
 * A finalized (or published) session is read-only, as in Certif.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "orga-cert-session-page"

#include "config.h"

#include <glib/gi18n.h>

#include "orga-cert-enrol-dialog.h"
#include "orga-cert-pages.h"
#include "orga-cert-session-dialog.h"
#include "orga-cert-session-page.h"
#include "orga-cert-session-util.h"
#include "orga-format.h"
#include "orga-store-cert.h"
#include "orga-file-chooser.h"
#include "orga-widget-util.h"
#include "orga-wrap-box.h"

struct _OrgaCertSessionPage
{
  AdwBin            parent_instance;

  /* template widgets */
  GtkLabel         *title_label;
  GtkLabel         *status_label;
  GtkButton        *edit_button;
  GtkButton        *delete_button;
  GtkButton        *attendance_button;
  GtkButton        *finalize_button;
  GtkLabel         *read_only_label;
  AdwActionRow     *number_row;
  GtkLabel         *number_label;
  GtkLabel         *access_code_label;
  GtkLabel         *password_label;
  GtkButton        *number_copy;
  AdwActionRow     *access_code_row;
  GtkButton        *access_code_copy;
  AdwActionRow     *password_row;
  GtkButton        *password_copy;
  AdwActionRow     *address_row;
  AdwActionRow     *room_row;
  AdwActionRow     *examiner_row;
  AdwActionRow     *date_row;
  AdwActionRow     *time_row;
  AdwActionRow     *description_row;
  GtkInfoBar       *supervisors_bar;
  GtkLabel         *supervisors_label;
  GtkButton        *enrol_button;
  GtkListBox       *candidates_list;

  /* owned */
  OrgaContext      *context;
  OrgaCertSession  *session;
  GPtrArray        *candidates;   /* of OrgaCertCandidate */
  GtkWindow        *dialog;       /* weak: the edit or enrolment dialog */
  GtkFileChooserNative *chooser;
};

G_DEFINE_FINAL_TYPE (OrgaCertSessionPage, orga_cert_session_page, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_CONTEXT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* Takes @toast. Widget tests have no toast overlay: the last title is
 * kept on the page for them. */
static void
show_toast (OrgaCertSessionPage *self,
            AdwToast            *toast)
{
  g_object_set_data_full (G_OBJECT (self), "last-toast", g_strdup (adw_toast_get_title (toast)), g_free);
  orga_widget_add_toast (GTK_WIDGET (self), toast);
}

static gboolean
read_only (OrgaCertSessionPage *self)
{
  return self->session == NULL || orga_cert_session_is_read_only (self->session);
}

static void
update_actions (OrgaCertSessionPage *self)
{
  GtkWidget *widget = GTK_WIDGET (self);
  gboolean editable = !read_only (self);

  orga_widget_action_set_enabled (widget, "session.edit", editable);
  orga_widget_action_set_enabled (widget, "session.delete", editable);
  orga_widget_action_set_enabled (widget, "session.enrol", editable);
  orga_widget_action_set_enabled (widget, "session.remove-candidate", editable);
  orga_widget_action_set_enabled (widget, "session.attendance", self->session != NULL);
  orga_widget_action_set_enabled (widget, "session.copy", self->session != NULL);
}

/* ------------------------------------------------------------------------
 * Showing
 * ------------------------------------------------------------------------ */

static void
set_row (AdwActionRow *row,
         const char   *text)
{
  adw_action_row_set_subtitle (row, text != NULL && *text != '\0' ? text : "—");
}

static void
set_copy (GtkButton  *button,
          const char *text)
{
  gtk_actionable_set_action_target (GTK_ACTIONABLE (button), "s", text != NULL ? text : "");
}

/* What the candidate's test is at (spec §2.3 statuses, then the result). */
static const char *
course_text (const OrgaCertCandidate *candidate)
{
  if (candidate->course_status == NULL)
    return candidate->joined_at != NULL ? _("Joined") : _("Not started");
  if (candidate->ended_by_supervisor_at != NULL)
    return _("Ended by the supervisor");

  switch (orga_cert_status_from_string (candidate->course_status))
    {
    case ORGA_CERT_STATUS_STARTED:
      return candidate->completed_at != NULL ? _("Finished") : _("In progress");
    case ORGA_CERT_STATUS_VALIDATED:
      return _("Validated");
    case ORGA_CERT_STATUS_REJECTED:
      return _("Rejected");
    case ORGA_CERT_STATUS_CANCELLED:
      return _("Cancelled");
    case ORGA_CERT_STATUS_ERROR:
    default:
      return _("Error");
    }
}

static GtkWidget *
candidate_row (OrgaCertSessionPage     *self,
               const OrgaCertCandidate *candidate)
{
  g_autofree char *name = g_strdup_printf ("%s %s", candidate->last_name, candidate->first_name);
  g_autofree char *birthdate = orga_format_day (candidate->birthdate);
  g_autoptr(GString) subtitle = g_string_new (NULL);
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *status = gtk_label_new (course_text (candidate));

  /* TRANSLATORS: a candidate's birth date in the session's list */
  g_string_append_printf (subtitle, _("Born on %s"), birthdate != NULL ? birthdate : candidate->birthdate);
  if (candidate->division != NULL)
    g_string_append_printf (subtitle, " · %s", candidate->division);
  if (candidate->extra_time_percentage > 0)
    {
      g_autofree char *percent = orga_format_percent (candidate->extra_time_percentage / 100.0, 0);

      g_string_append (subtitle, " · ");
      /* TRANSLATORS: "Temps majoré : 30 %" */
      g_string_append_printf (subtitle, _("Extra time: %s"), percent);
    }

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), name);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle->str);
  gtk_widget_add_css_class (status, "dim-label");
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), status);

  if (!read_only (self))
    {
      GtkWidget *remove = gtk_button_new_from_icon_name ("user-trash-symbolic");
      /* TRANSLATORS: the button that removes a candidate from the session */
      g_autofree char *tooltip = g_strdup_printf (_("Remove %s from the session"), name);

      gtk_widget_set_valign (remove, GTK_ALIGN_CENTER);
      gtk_widget_add_css_class (remove, "flat");
      gtk_widget_set_tooltip_text (remove, tooltip);
      gtk_accessible_update_property (GTK_ACCESSIBLE (remove), GTK_ACCESSIBLE_PROPERTY_LABEL, tooltip, -1);
      gtk_actionable_set_action_target (GTK_ACTIONABLE (remove), "x", candidate->id);
      gtk_actionable_set_action_name (GTK_ACTIONABLE (remove), "session.remove-candidate");
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), remove);
    }

  return row;
}

static void
show_candidates (OrgaCertSessionPage *self)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->candidates_list))) != NULL)
    gtk_list_box_remove (self->candidates_list, child);

  for (guint i = 0; self->candidates != NULL && i < self->candidates->len; i++)
    gtk_list_box_append (self->candidates_list, candidate_row (self, g_ptr_array_index (self->candidates, i)));

  if (self->candidates == NULL || self->candidates->len == 0)
    {
      GtkWidget *empty = adw_action_row_new ();

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (empty), _("No candidate enrolled yet"));
      adw_action_row_set_subtitle (ADW_ACTION_ROW (empty),
                                   _("Enrol the students of a class with “Enrol Students”."));
      gtk_list_box_append (self->candidates_list, empty);
    }
}

/* One supervisor for 20 candidates (issue 12, "Plan the sessions"), the
 * supervisors counted in the Surveillant(s) field as orga-cert.h does. */
static void
show_supervisors_warning (OrgaCertSessionPage *self)
{
  guint n = self->candidates != NULL ? self->candidates->len : 0;
  guint supervisors = self->session != NULL ? orga_cert_count_supervisors (orga_cert_session_get_examiner (self->session)) : 0;
  guint needed = orga_cert_supervisors_needed (n);
  g_autofree char *text = NULL;

  if (self->session == NULL || n == 0 || supervisors >= needed)
    {
      gtk_info_bar_set_revealed (self->supervisors_bar, FALSE);
      return;
    }

  text = g_strdup_printf (ngettext ("%u candidates for %u supervisor: one supervisor is needed for every 20 candidates, %u here.",
                                    "%u candidates for %u supervisors: one supervisor is needed for every 20 candidates, %u here.",
                                    supervisors),
                          n, supervisors, needed);
  gtk_label_set_label (self->supervisors_label, text);
  gtk_info_bar_set_revealed (self->supervisors_bar, TRUE);
}

static void
show_session (OrgaCertSessionPage *self)
{
  g_autofree char *number = NULL;
  g_autofree char *title = NULL;
  g_autofree char *date = NULL;
  OrgaCertSessionStatus status;
  gint64 id;

  if (self->session == NULL)
    {
      gtk_label_set_label (self->title_label, "");
      g_clear_pointer (&self->candidates, g_ptr_array_unref);
      show_candidates (self);
      update_actions (self);
      return;
    }

  number = orga_cert_session_dup_number_text (self->session);
  date = orga_cert_session_dup_date_text (self->session);
  status = orga_cert_session_get_status (self->session);
  id = orga_cert_session_get_id (self->session);

  /* TRANSLATORS: the title of a session's page: "Session 1234" or "Session en attente" */
  title = g_strdup_printf (_("Session %s"), number);
  gtk_label_set_label (self->title_label, title);
  gtk_label_set_label (self->status_label, orga_cert_session_status_text (status));

  /* The codes large, to be read out or copied on the board. */
  gtk_label_set_label (self->number_label, number);
  gtk_label_set_label (self->access_code_label, orga_cert_session_get_access_code (self->session));
  gtk_label_set_label (self->password_label, orga_cert_session_get_supervisor_password (self->session));
  adw_action_row_set_subtitle (self->number_row,
                               orga_cert_session_get_number (self->session) != 0
                               ? _("Given by the server") : _("Given by the server at the next synchronization"));
  adw_action_row_set_subtitle (self->access_code_row, _("For the candidates, with the session number"));
  adw_action_row_set_subtitle (self->password_row, _("For the supervisor’s space, with the session number"));
  set_copy (self->number_copy, orga_cert_session_get_number (self->session) != 0 ? number : "");
  gtk_widget_set_visible (GTK_WIDGET (self->number_copy), orga_cert_session_get_number (self->session) != 0);
  set_copy (self->access_code_copy, orga_cert_session_get_access_code (self->session));
  set_copy (self->password_copy, orga_cert_session_get_supervisor_password (self->session));
  set_row (self->address_row, orga_cert_session_get_address (self->session));
  set_row (self->room_row, orga_cert_session_get_room (self->session));
  set_row (self->examiner_row, orga_cert_session_get_examiner (self->session));
  set_row (self->date_row, date);
  set_row (self->time_row, orga_cert_session_get_time (self->session));
  set_row (self->description_row, orga_cert_session_get_description (self->session));

  /* Finalizing is the container's; a finalized session shows its report. */
  gtk_button_set_label (self->finalize_button,
                        status == ORGA_CERT_SESSION_CREATED ? _("_Finalize the Session…") : _("_View the Incident Report"));
  gtk_actionable_set_action_target (GTK_ACTIONABLE (self->finalize_button), "x", id);
  gtk_widget_set_visible (GTK_WIDGET (self->read_only_label), read_only (self));
  gtk_widget_set_visible (GTK_WIDGET (self->edit_button), !read_only (self));
  gtk_widget_set_visible (GTK_WIDGET (self->delete_button), !read_only (self));
  gtk_widget_set_visible (GTK_WIDGET (self->enrol_button), !read_only (self));

  {
    g_autoptr(GError) error = NULL;

    g_clear_pointer (&self->candidates, g_ptr_array_unref);
    if (self->context != NULL)
      self->candidates = orga_store_list_cert_candidates (orga_context_get_store (self->context), id, &error);
    if (self->candidates == NULL && error != NULL)
      g_warning ("Could not list the candidates: %s", error->message);
  }

  show_candidates (self);
  show_supervisors_warning (self);
  update_actions (self);
}

/* ------------------------------------------------------------------------
 * Actions
 * ------------------------------------------------------------------------ */

static void
copy_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  OrgaCertSessionPage *self = ORGA_CERT_SESSION_PAGE (widget);
  const char *text = g_variant_get_string (parameter, NULL);

  if (*text == '\0')
    return;

  gdk_clipboard_set_text (gtk_widget_get_clipboard (widget), text);
  show_toast (self, adw_toast_new (_("Copied to the clipboard")));
}

static void
edit_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  OrgaCertSessionPage *self = ORGA_CERT_SESSION_PAGE (widget);
  OrgaCertSessionDialog *dialog;

  if (read_only (self) || self->context == NULL || self->dialog != NULL)
    return;

  dialog = orga_cert_session_dialog_new (orga_widget_get_window (widget), self->context, self->session);
  self->dialog = GTK_WINDOW (dialog);
  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *)&self->dialog);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
delete_response_cb (AdwMessageDialog    *dialog,
                    const char          *response,
                    OrgaCertSessionPage *self)
{
  g_autoptr(GError) error = NULL;

  if (!g_str_equal (response, "delete") || self->session == NULL || self->context == NULL)
    return;

  /* The container goes back to the list when the store says it is gone. */
  if (!orga_store_delete_cert_session (orga_context_get_store (self->context),
                                       orga_cert_session_get_id (self->session), &error))
    {
      orga_widget_show_message (GTK_WIDGET (self), _("The session could not be deleted"), error->message);
      return;
    }

  show_toast (self, adw_toast_new (_("The session was deleted.")));
}

static void
delete_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  OrgaCertSessionPage *self = ORGA_CERT_SESSION_PAGE (widget);
  GtkWidget *dialog;

  if (read_only (self))
    return;

  dialog = adw_message_dialog_new (orga_widget_get_window (widget), _("Delete the Session?"),
                                   _("Its enrolled candidates are removed with it. A session that a candidate has joined cannot be deleted."));
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "delete", _("_Delete"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "delete", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect_object (dialog, "response", G_CALLBACK (delete_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
enrolled_cb (OrgaCertSessionPage *self,
             guint                n_added)
{
  g_autofree char *title = g_strdup_printf (ngettext ("%u student enrolled", "%u students enrolled", n_added), n_added);

  show_toast (self, adw_toast_new (title));
}

static void
enrol_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  OrgaCertSessionPage *self = ORGA_CERT_SESSION_PAGE (widget);
  OrgaCertEnrolDialog *dialog;

  if (read_only (self) || self->context == NULL || self->dialog != NULL)
    return;

  dialog = orga_cert_enrol_dialog_new (orga_widget_get_window (widget), self->context,
                                       orga_cert_session_get_id (self->session));
  self->dialog = GTK_WINDOW (dialog);
  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *)&self->dialog);
  g_signal_connect_object (dialog, "enrolled", G_CALLBACK (enrolled_cb), self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
remove_candidate_action (GtkWidget  *widget,
                         const char *action_name,
                         GVariant   *parameter)
{
  OrgaCertSessionPage *self = ORGA_CERT_SESSION_PAGE (widget);
  g_autoptr(GError) error = NULL;

  if (read_only (self) || self->context == NULL)
    return;

  /* Reversible (enrol again): no confirmation. The page follows the
   * store's change. */
  if (!orga_store_remove_cert_candidate (orga_context_get_store (self->context),
                                         g_variant_get_int64 (parameter), &error))
    {
      orga_widget_show_message (widget, _("The candidate could not be removed"), error->message);
      return;
    }

  show_toast (self, adw_toast_new (_("The candidate was removed from the session.")));
}

gboolean
orga_cert_session_page_write_attendance (OrgaCertSessionPage *self,
                                         const char          *path,
                                         GError             **error)
{
  g_autoptr(GArray) rows = NULL;
  OrgaCertSheetHeader header = { 0 };

  g_return_val_if_fail (ORGA_IS_CERT_SESSION_PAGE (self), FALSE);
  g_return_val_if_fail (self->session != NULL, FALSE);

  header.number = orga_cert_session_get_number (self->session);
  header.address = orga_cert_session_get_address (self->session);
  header.room = orga_cert_session_get_room (self->session);
  header.date = orga_cert_session_get_date (self->session);
  header.time = orga_cert_session_get_time (self->session);
  header.examiner = orga_cert_session_get_examiner (self->session);
  header.certification_center = orga_cert_session_get_certification_center (self->session);

  rows = g_array_new (FALSE, TRUE, sizeof (OrgaCertSheetRow));
  for (guint i = 0; self->candidates != NULL && i < self->candidates->len; i++)
    {
      const OrgaCertCandidate *candidate = g_ptr_array_index (self->candidates, i);
      OrgaCertSheetRow row = {
        .last_name = candidate->last_name,
        .first_name = candidate->first_name,
        .birthdate = candidate->birthdate,
        .external_id = candidate->external_id,
        .division = candidate->division,
      };

      g_array_append_val (rows, row);
    }

  return orga_cert_write_attendance_pdf (path, &header, (const OrgaCertSheetRow *) rows->data, rows->len, error);
}

static void
attendance_response_cb (OrgaCertSessionPage  *self,
                        int                   response,
                        GtkFileChooserNative *chooser)
{
  g_autoptr(GFile) file = NULL;
  g_autofree char *path = NULL;
  g_autoptr(GError) error = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
  g_clear_object (&self->chooser);
  if (file == NULL || self->session == NULL)
    return;

  path = g_file_get_path (file);
  if (path == NULL || !orga_cert_session_page_write_attendance (self, path, &error))
    {
      orga_widget_show_message (GTK_WIDGET (self), _("The attendance sheet could not be saved"),
                                error != NULL ? error->message : _("Choose a folder of this computer."));
      return;
    }

  show_toast (self, adw_toast_new (_("Attendance sheet saved")));
}

static void
attendance_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  OrgaCertSessionPage *self = ORGA_CERT_SESSION_PAGE (widget);
  g_autofree char *name = NULL;

  if (self->session == NULL || self->chooser != NULL)
    return;

  /* Pix Certif's file name (spec §2.1), the id while the number is pending. */
  name = g_strdup_printf ("feuille-emargement-session-%" G_GINT64_FORMAT ".pdf",
                          orga_cert_session_get_number (self->session) != 0 ? orga_cert_session_get_number (self->session)
                                                                            : orga_cert_session_get_id (self->session));
  self->chooser = gtk_file_chooser_native_new (_("Save the Attendance Sheet"), orga_widget_get_window (widget),
                                               GTK_FILE_CHOOSER_ACTION_SAVE, _("_Save"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (self->chooser), TRUE);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (self->chooser), name);
  orga_file_chooser_start_in (GTK_FILE_CHOOSER (self->chooser),
                              self->context ? orga_context_get_settings (self->context) : NULL,
                              ORGA_FOLDER_EXPORT);
  g_signal_connect_object (self->chooser, "response", G_CALLBACK (attendance_response_cb), self, G_CONNECT_SWAPPED);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

/* ------------------------------------------------------------------------
 * GObject
 * ------------------------------------------------------------------------ */

static void
orga_cert_session_page_dispose (GObject *object)
{
  OrgaCertSessionPage *self = ORGA_CERT_SESSION_PAGE (object);

  if (self->dialog != NULL)
    {
      g_object_remove_weak_pointer (G_OBJECT (self->dialog), (gpointer *)&self->dialog);
      gtk_window_destroy (self->dialog);
      self->dialog = NULL;
    }
  if (self->chooser != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->chooser, self);
      gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
      g_clear_object (&self->chooser);
    }

  gtk_widget_dispose_template (GTK_WIDGET (self), ORGA_TYPE_CERT_SESSION_PAGE);
  g_clear_pointer (&self->candidates, g_ptr_array_unref);
  g_clear_object (&self->session);
  g_clear_object (&self->context);

  G_OBJECT_CLASS (orga_cert_session_page_parent_class)->dispose (object);
}

static void
orga_cert_session_page_get_property (GObject    *object,
                                     guint       prop_id,
                                     GValue     *value,
                                     GParamSpec *pspec)
{
  OrgaCertSessionPage *self = ORGA_CERT_SESSION_PAGE (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      g_value_set_object (value, self->context);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
orga_cert_session_page_set_property (GObject      *object,
                                     guint         prop_id,
                                     const GValue *value,
                                     GParamSpec   *pspec)
{
  OrgaCertSessionPage *self = ORGA_CERT_SESSION_PAGE (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      orga_cert_session_page_set_context (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
orga_cert_session_page_class_init (OrgaCertSessionPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = orga_cert_session_page_dispose;
  object_class->get_property = orga_cert_session_page_get_property;
  object_class->set_property = orga_cert_session_page_set_property;

  properties[PROP_CONTEXT] =
    g_param_spec_object ("context", NULL, NULL, ORGA_TYPE_CONTEXT,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (ORGA_TYPE_WRAP_BOX);
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/pixorga/PixOrga/ui/orga-cert-session-page.ui");
  gtk_widget_class_bind_template_child (widget_class, OrgaCertSessionPage, title_label);
  gtk_widget_class_bind_template_child (widget_class, OrgaCertSessionPage, status_label);
  gtk_widget_class_bind_template_child (widget_class, OrgaCertSessionPage, edit_button);
  gtk_widget_class_bind_template_child (widget_class, OrgaCertSessionPage, delete_button);
  gtk_widget_class_bind_template_child (widget_class, OrgaCertSessionPage, attendance_button);
  gtk_widget_class_bind_template_child (widget_class, OrgaCertSessionPage, finalize_button);
  gtk_widget_class_bind_template_child (widget_class, OrgaCertSessionPage, read_only_label);
  gtk_widget_class_bind_template_child (widget_class, OrgaCertSessionPage, number_row);
  gtk_widget_class_bind_template_child (widget_class, OrgaCertSessionPage, number_label);
  gtk_widget_class_bind_template_child (widget_class, OrgaCertSessionPage, access_code_label);
  gtk_widget_class_bind_template_child (widget_class, OrgaCertSessionPage, password_label);
  gtk_widget_class_bind_template_child (widget_class, OrgaCertSessionPage, number_copy);
  gtk_widget_class_bind_template_child (widget_class, OrgaCertSessionPage, access_code_row);
  gtk_widget_class_bind_template_child (widget_class, OrgaCertSessionPage, access_code_copy);
  gtk_widget_class_bind_template_child (widget_class, OrgaCertSessionPage, password_row);
  gtk_widget_class_bind_template_child (widget_class, OrgaCertSessionPage, password_copy);
  gtk_widget_class_bind_template_child (widget_class, OrgaCertSessionPage, address_row);
  gtk_widget_class_bind_template_child (widget_class, OrgaCertSessionPage, room_row);
  gtk_widget_class_bind_template_child (widget_class, OrgaCertSessionPage, examiner_row);
  gtk_widget_class_bind_template_child (widget_class, OrgaCertSessionPage, date_row);
  gtk_widget_class_bind_template_child (widget_class, OrgaCertSessionPage, time_row);
  gtk_widget_class_bind_template_child (widget_class, OrgaCertSessionPage, description_row);
  gtk_widget_class_bind_template_child (widget_class, OrgaCertSessionPage, supervisors_bar);
  gtk_widget_class_bind_template_child (widget_class, OrgaCertSessionPage, supervisors_label);
  gtk_widget_class_bind_template_child (widget_class, OrgaCertSessionPage, enrol_button);
  gtk_widget_class_bind_template_child (widget_class, OrgaCertSessionPage, candidates_list);

  gtk_widget_class_install_action (widget_class, "session.copy", "s", copy_action);
  gtk_widget_class_install_action (widget_class, "session.edit", NULL, edit_action);
  gtk_widget_class_install_action (widget_class, "session.delete", NULL, delete_action);
  gtk_widget_class_install_action (widget_class, "session.enrol", NULL, enrol_action);
  gtk_widget_class_install_action (widget_class, "session.remove-candidate", "x", remove_candidate_action);
  gtk_widget_class_install_action (widget_class, "session.attendance", NULL, attendance_action);
}

static void
orga_cert_session_page_init (OrgaCertSessionPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  show_session (self);
}

OrgaContext *
orga_cert_session_page_get_context (OrgaCertSessionPage *self)
{
  g_return_val_if_fail (ORGA_IS_CERT_SESSION_PAGE (self), NULL);

  return self->context;
}

void
orga_cert_session_page_set_context (OrgaCertSessionPage *self,
                                    OrgaContext         *context)
{
  g_return_if_fail (ORGA_IS_CERT_SESSION_PAGE (self));

  if (!g_set_object (&self->context, context))
    return;

  g_clear_object (&self->session);
  show_session (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CONTEXT]);
}

OrgaCertSession *
orga_cert_session_page_get_session (OrgaCertSessionPage *self)
{
  g_return_val_if_fail (ORGA_IS_CERT_SESSION_PAGE (self), NULL);

  return self->session;
}

void
orga_cert_session_page_set_session (OrgaCertSessionPage *self,
                                    OrgaCertSession     *session)
{
  g_return_if_fail (ORGA_IS_CERT_SESSION_PAGE (self));

  /* Always re-read: the same snapshot may have new candidates. */
  g_set_object (&self->session, session);
  show_session (self);
}

guint
orga_cert_session_page_get_n_candidates (OrgaCertSessionPage *self)
{
  g_return_val_if_fail (ORGA_IS_CERT_SESSION_PAGE (self), 0);

  return self->candidates != NULL ? self->candidates->len : 0;
}
