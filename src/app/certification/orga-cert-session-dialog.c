/* orga-cert-session-dialog.c: "Création d'une session de certification"
 *
 * The spec's fields (§2.1): Nom du site, Nom de la salle, Surveillant(s),
 * Date de début, Heure de début, Observations. The rules are
 * orga_cert_session_form_check's, run by the store on create and update:
 * the dialog only turns "JJ/MM/AAAA" into the stored "AAAA-MM-JJ" and
 * shows the French message under the field it names.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "orga-cert-session-dialog"

#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>

#include "orga-cert-session-dialog.h"
#include "orga-format.h"
#include "orga-store-cert.h"
#include "orga-widget-util.h"

struct _OrgaCertSessionDialog
{
  AdwWindow         parent_instance;

  /* template widgets */
  AdwWindowTitle   *window_title;
  GtkButton        *save_button;
  GtkLabel         *form_error;
  AdwEntryRow      *address_row;
  GtkLabel         *address_error;
  AdwEntryRow      *room_row;
  GtkLabel         *room_error;
  AdwEntryRow      *examiner_row;
  GtkLabel         *examiner_error;
  AdwEntryRow      *date_row;
  GtkLabel         *date_error;
  AdwEntryRow      *time_row;
  GtkLabel         *time_error;
  AdwEntryRow      *description_row;
  GtkLabel         *description_error;

  /* owned */
  OrgaContext      *context;
  OrgaCertSession  *session;   /* edited, or NULL */
};

G_DEFINE_FINAL_TYPE (OrgaCertSessionDialog, orga_cert_session_dialog, ADW_TYPE_WINDOW)

enum {
  SAVED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static const char *
row_text (AdwEntryRow *row)
{
  return gtk_editable_get_text (GTK_EDITABLE (row));
}

/* "15/07/2026" (what the label asks) as "2026-07-15"; anything else is
 * given as typed, for the form check to name. */
static char *
dup_iso_date (const char *typed)
{
  g_autofree char *text = g_strstrip (g_strdup (typed));
  unsigned day, month, year;
  char end;

  if (sscanf (text, "%u/%u/%u%c", &day, &month, &year, &end) == 3 &&
      year >= 1000 && year <= 9999 && g_date_valid_dmy (day, month, year))
    return g_strdup_printf ("%04u-%02u-%02u", year, month, day);

  return g_steal_pointer (&text);
}

static void
clear_errors (OrgaCertSessionDialog *self)
{
  GtkLabel *labels[] = { self->form_error, self->address_error, self->room_error, self->examiner_error,
                         self->date_error, self->time_error, self->description_error };

  for (guint i = 0; i < G_N_ELEMENTS (labels); i++)
    gtk_widget_set_visible (GTK_WIDGET (labels[i]), FALSE);
  gtk_widget_remove_css_class (GTK_WIDGET (self->address_row), "error");
  gtk_widget_remove_css_class (GTK_WIDGET (self->room_row), "error");
  gtk_widget_remove_css_class (GTK_WIDGET (self->examiner_row), "error");
  gtk_widget_remove_css_class (GTK_WIDGET (self->date_row), "error");
  gtk_widget_remove_css_class (GTK_WIDGET (self->time_row), "error");
  gtk_widget_remove_css_class (GTK_WIDGET (self->description_row), "error");
}

/* Under the field the rule names, or at the top. */
static void
show_error (OrgaCertSessionDialog *self,
            const char            *field,
            const char            *message)
{
  struct { const char *name; AdwEntryRow *row; GtkLabel *label; } fields[] = {
    { "address", self->address_row, self->address_error },
    { "room", self->room_row, self->room_error },
    { "examiner", self->examiner_row, self->examiner_error },
    { "date", self->date_row, self->date_error },
    { "time", self->time_row, self->time_error },
    { "description", self->description_row, self->description_error },
  };

  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    if (g_strcmp0 (field, fields[i].name) == 0)
      {
        gtk_label_set_label (fields[i].label, message);
        gtk_widget_set_visible (GTK_WIDGET (fields[i].label), TRUE);
        gtk_widget_add_css_class (GTK_WIDGET (fields[i].row), "error");
        gtk_widget_grab_focus (GTK_WIDGET (fields[i].row));
        gtk_accessible_update_property (GTK_ACCESSIBLE (fields[i].row),
                                        GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, message, -1);
        return;
      }

  gtk_label_set_label (self->form_error, message);
  gtk_widget_set_visible (GTK_WIDGET (self->form_error), TRUE);
}

gboolean
orga_cert_session_dialog_save (OrgaCertSessionDialog *self)
{
  g_autofree char *date = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(OrgaCertSession) created = NULL;
  OrgaCertSessionForm form = { 0 };
  OrgaStore *store;
  const char *field = NULL;
  gint64 id;

  g_return_val_if_fail (ORGA_IS_CERT_SESSION_DIALOG (self), FALSE);

  clear_errors (self);
  date = dup_iso_date (row_text (self->date_row));
  form.address = row_text (self->address_row);
  form.room = row_text (self->room_row);
  form.examiner = row_text (self->examiner_row);
  form.date = date;
  form.time = row_text (self->time_row);
  form.description = row_text (self->description_row);

  /* The store checks again; checking first names the field. */
  {
    g_autoptr(GDateTime) now = g_date_time_new_now_local ();
    g_autofree char *today = g_date_time_format (now, "%Y-%m-%d");

    if (!orga_cert_session_form_check (&form, today, &field, &error))
      {
        show_error (self, field, error->message);
        return FALSE;
      }
  }

  store = orga_context_get_store (self->context);
  if (self->session == NULL)
    {
      g_autofree char *user = orga_context_dup_user_name (self->context);

      created = orga_store_create_cert_session (store, orga_context_get_organization (self->context),
                                                &form, user, &error);
      if (created == NULL)
        {
          show_error (self, NULL, error->message);
          return FALSE;
        }
      id = orga_cert_session_get_id (created);
    }
  else
    {
      id = orga_cert_session_get_id (self->session);
      if (!orga_store_update_cert_session (store, id, &form, &error))
        {
          show_error (self, NULL, error->message);
          return FALSE;
        }
    }

  g_signal_emit (self, signals[SAVED], 0, id);
  gtk_window_destroy (GTK_WINDOW (self));
  return TRUE;
}

static void
save_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  orga_cert_session_dialog_save (ORGA_CERT_SESSION_DIALOG (widget));
}

static void
entry_activated_cb (OrgaCertSessionDialog *self)
{
  orga_cert_session_dialog_save (self);
}

static void
entry_changed_cb (OrgaCertSessionDialog *self,
                  GtkEditable           *row)
{
  /* The message was about what is being corrected. */
  AdwEntryRow *rows[] = { self->address_row, self->room_row, self->examiner_row,
                          self->date_row, self->time_row, self->description_row };
  GtkLabel *labels[] = { self->address_error, self->room_error, self->examiner_error,
                         self->date_error, self->time_error, self->description_error };

  gtk_widget_remove_css_class (GTK_WIDGET (row), "error");
  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    if (GTK_EDITABLE (rows[i]) == row)
      gtk_widget_set_visible (GTK_WIDGET (labels[i]), FALSE);
}

static void
orga_cert_session_dialog_dispose (GObject *object)
{
  OrgaCertSessionDialog *self = ORGA_CERT_SESSION_DIALOG (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), ORGA_TYPE_CERT_SESSION_DIALOG);
  g_clear_object (&self->context);
  g_clear_object (&self->session);

  G_OBJECT_CLASS (orga_cert_session_dialog_parent_class)->dispose (object);
}

static void
orga_cert_session_dialog_class_init (OrgaCertSessionDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = orga_cert_session_dialog_dispose;

  signals[SAVED] = g_signal_new ("saved", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                 0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_INT64);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/pixorga/PixOrga/ui/orga-cert-session-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, OrgaCertSessionDialog, window_title);
  gtk_widget_class_bind_template_child (widget_class, OrgaCertSessionDialog, save_button);
  gtk_widget_class_bind_template_child (widget_class, OrgaCertSessionDialog, form_error);
  gtk_widget_class_bind_template_child (widget_class, OrgaCertSessionDialog, address_row);
  gtk_widget_class_bind_template_child (widget_class, OrgaCertSessionDialog, address_error);
  gtk_widget_class_bind_template_child (widget_class, OrgaCertSessionDialog, room_row);
  gtk_widget_class_bind_template_child (widget_class, OrgaCertSessionDialog, room_error);
  gtk_widget_class_bind_template_child (widget_class, OrgaCertSessionDialog, examiner_row);
  gtk_widget_class_bind_template_child (widget_class, OrgaCertSessionDialog, examiner_error);
  gtk_widget_class_bind_template_child (widget_class, OrgaCertSessionDialog, date_row);
  gtk_widget_class_bind_template_child (widget_class, OrgaCertSessionDialog, date_error);
  gtk_widget_class_bind_template_child (widget_class, OrgaCertSessionDialog, time_row);
  gtk_widget_class_bind_template_child (widget_class, OrgaCertSessionDialog, time_error);
  gtk_widget_class_bind_template_child (widget_class, OrgaCertSessionDialog, description_row);
  gtk_widget_class_bind_template_child (widget_class, OrgaCertSessionDialog, description_error);
  gtk_widget_class_bind_template_callback (widget_class, entry_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, entry_changed_cb);

  gtk_widget_class_install_action (widget_class, "session-dialog.save", NULL, save_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
orga_cert_session_dialog_init (OrgaCertSessionDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  orga_widget_fit_to_parent (GTK_WINDOW (self));
}

OrgaCertSessionDialog *
orga_cert_session_dialog_new (GtkWindow       *parent,
                              OrgaContext     *context,
                              OrgaCertSession *session)
{
  OrgaCertSessionDialog *self;

  g_return_val_if_fail (ORGA_IS_CONTEXT (context), NULL);
  g_return_val_if_fail (session == NULL || ORGA_IS_CERT_SESSION (session), NULL);

  self = g_object_new (ORGA_TYPE_CERT_SESSION_DIALOG, "transient-for", parent, NULL);
  self->context = g_object_ref (context);
  if (session == NULL)
    {
      gtk_window_set_title (GTK_WINDOW (self), _("New Certification Session"));
      adw_window_title_set_title (self->window_title, _("New Certification Session"));
      gtk_button_set_label (self->save_button, _("C_reate the Session"));
      /* Sessions last two hours; most start in the morning. */
      gtk_editable_set_text (GTK_EDITABLE (self->time_row), "09:00");
    }
  else
    {
      g_autofree char *date = NULL;

      self->session = g_object_ref (session);
      gtk_window_set_title (GTK_WINDOW (self), _("Edit the Certification Session"));
      adw_window_title_set_title (self->window_title, _("Edit the Certification Session"));
      gtk_button_set_label (self->save_button, _("_Save"));
      gtk_editable_set_text (GTK_EDITABLE (self->address_row), orga_cert_session_get_address (session));
      gtk_editable_set_text (GTK_EDITABLE (self->room_row), orga_cert_session_get_room (session));
      gtk_editable_set_text (GTK_EDITABLE (self->examiner_row), orga_cert_session_get_examiner (session));
      date = orga_format_day (orga_cert_session_get_date (session));
      gtk_editable_set_text (GTK_EDITABLE (self->date_row), date != NULL ? date : orga_cert_session_get_date (session));
      gtk_editable_set_text (GTK_EDITABLE (self->time_row), orga_cert_session_get_time (session));
      gtk_editable_set_text (GTK_EDITABLE (self->description_row),
                             orga_cert_session_get_description (session) != NULL ? orga_cert_session_get_description (session) : "");
    }

  /* The first field, not the header bar's "Annuler": where one types. */
  gtk_widget_grab_focus (GTK_WIDGET (self->address_row));

  return self;
}
