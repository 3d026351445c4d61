/* orga-activation-form.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "orga-activation-form"

#include "config.h"

#include <glib/gi18n.h>

#include "orga-activation-form.h"
#include "orga-client.h"
#include "orga-organization.h"

struct _OrgaActivationForm
{
  AdwBin        parent_instance;

  /* template widgets */
  AdwEntryRow  *server_row;
  AdwEntryRow  *uai_row;
  AdwEntryRow  *first_name_row;
  AdwEntryRow  *last_name_row;
  GtkLabel     *error_label;
  GtkLabel     *success_label;
  GtkSpinner   *spinner;
  GtkButton    *confirm_button;

  /* owned */
  GCancellable *cancellable;
};

G_DEFINE_FINAL_TYPE (OrgaActivationForm, orga_activation_form, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_BUSY,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
show_error (OrgaActivationForm *self,
            const char         *message,
            AdwEntryRow        *row)
{
  AdwEntryRow *rows[] = { self->server_row, self->uai_row, self->first_name_row, self->last_name_row };

  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    {
      if (rows[i] == row)
        gtk_widget_add_css_class (GTK_WIDGET (rows[i]), "error");
      else
        gtk_widget_remove_css_class (GTK_WIDGET (rows[i]), "error");
    }

  gtk_label_set_label (self->error_label, message ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), message != NULL);
  if (message != NULL)
    gtk_widget_set_visible (GTK_WIDGET (self->success_label), FALSE);
  if (row != NULL)
    gtk_widget_grab_focus (GTK_WIDGET (row));
}

static void
set_busy (OrgaActivationForm *self,
          gboolean            busy)
{
  gtk_widget_set_visible (GTK_WIDGET (self->spinner), busy);
  gtk_spinner_set_spinning (self->spinner, busy);
  gtk_widget_set_sensitive (GTK_WIDGET (self->confirm_button), !busy);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
}

static void
activate_done_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(OrgaActivationForm) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *message = orga_client_activate_finish (ORGA_CLIENT (source), result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  g_clear_object (&self->cancellable);
  set_busy (self, FALSE);

  if (message == NULL)
    {
      show_error (self, error->message, NULL);
      return;
    }

  show_error (self, NULL, NULL);
  gtk_label_set_label (self->success_label, message);
  gtk_widget_set_visible (GTK_WIDGET (self->success_label), TRUE);
}

/* The checks of Pix's form, with its messages, before asking the server
 * (which checks again). */
static void
confirm_cb (OrgaActivationForm *self)
{
  g_autofree char *server = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->server_row))));
  g_autofree char *uai = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->uai_row))));
  g_autofree char *first_name = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->first_name_row))));
  g_autofree char *last_name = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->last_name_row))));
  g_autoptr(OrgaClient) client = NULL;
  g_autoptr(GError) error = NULL;

  if (self->cancellable != NULL)
    return;

  if (*server == '\0')
    return show_error (self, _("Enter the address of the server."), self->server_row);
  if (!orga_uai_is_valid (uai))
    return show_error (self, _("The school’s UAI is not correct."), self->uai_row);
  if (*first_name == '\0')
    return show_error (self, _("Your first name is missing."), self->first_name_row);
  if (*last_name == '\0')
    return show_error (self, _("Your last name is missing."), self->last_name_row);

  client = orga_client_new (server, &error);
  if (client == NULL)
    return show_error (self, error->message, self->server_row);

  show_error (self, NULL, NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->success_label), FALSE);
  self->cancellable = g_cancellable_new ();
  set_busy (self, TRUE);
  orga_client_activate_async (client, uai, first_name, last_name, self->cancellable,
                              activate_done_cb, g_object_ref (self));
}

static void
orga_activation_form_dispose (GObject *object)
{
  OrgaActivationForm *self = (OrgaActivationForm *)object;

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);

  gtk_widget_dispose_template (GTK_WIDGET (self), ORGA_TYPE_ACTIVATION_FORM);

  G_OBJECT_CLASS (orga_activation_form_parent_class)->dispose (object);
}

static void
orga_activation_form_get_property (GObject    *object,
                                   guint       prop_id,
                                   GValue     *value,
                                   GParamSpec *pspec)
{
  OrgaActivationForm *self = ORGA_ACTIVATION_FORM (object);

  switch (prop_id)
    {
    case PROP_BUSY:
      g_value_set_boolean (value, orga_activation_form_get_busy (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
orga_activation_form_class_init (OrgaActivationFormClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = orga_activation_form_dispose;
  object_class->get_property = orga_activation_form_get_property;

  properties[PROP_BUSY] =
    g_param_spec_boolean ("busy", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/pixorga/PixOrga/ui/orga-activation-form.ui");
  gtk_widget_class_bind_template_child (widget_class, OrgaActivationForm, server_row);
  gtk_widget_class_bind_template_child (widget_class, OrgaActivationForm, uai_row);
  gtk_widget_class_bind_template_child (widget_class, OrgaActivationForm, first_name_row);
  gtk_widget_class_bind_template_child (widget_class, OrgaActivationForm, last_name_row);
  gtk_widget_class_bind_template_child (widget_class, OrgaActivationForm, error_label);
  gtk_widget_class_bind_template_child (widget_class, OrgaActivationForm, success_label);
  gtk_widget_class_bind_template_child (widget_class, OrgaActivationForm, spinner);
  gtk_widget_class_bind_template_child (widget_class, OrgaActivationForm, confirm_button);
  gtk_widget_class_bind_template_callback (widget_class, confirm_cb);
}

static void
orga_activation_form_init (OrgaActivationForm *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

void
orga_activation_form_set_server_url (OrgaActivationForm *self,
                                     const char         *server_url)
{
  g_return_if_fail (ORGA_IS_ACTIVATION_FORM (self));
  gtk_editable_set_text (GTK_EDITABLE (self->server_row), server_url ? server_url : "");
}

gboolean
orga_activation_form_get_busy (OrgaActivationForm *self)
{
  g_return_val_if_fail (ORGA_IS_ACTIVATION_FORM (self), FALSE);
  return self->cancellable != NULL;
}
