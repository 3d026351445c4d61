/* orga-account-form.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "orga-account-form"

#include "config.h"

#include <glib/gi18n.h>

#include "orga-account-form.h"

struct _OrgaAccountForm
{
  AdwBin          parent_instance;

  /* template widgets */
  GtkLabel       *title_label;
  GtkLabel       *description_label;
  GtkWidget      *server_group;
  AdwEntryRow    *server_row;
  GtkStack       *mode_stack;
  AdwEntryRow    *email_row;
  AdwEntryRow    *password_row;
  AdwEntryRow    *first_name_row;
  AdwEntryRow    *last_name_row;
  AdwEntryRow    *new_email_row;
  AdwEntryRow    *new_password_row;
  GtkCheckButton *cgu_check;
  GtkWidget      *orga_terms_group;
  GtkCheckButton *orga_terms_check;
  GtkLabel       *error_label;
  GtkSpinner     *spinner;
  GtkButton      *submit_button;
  GtkButton      *switch_button;

  /* owned */
  OrgaConnection *connection;
  GCancellable   *cancellable;
  char           *invitation_id;
  char           *code;
};

G_DEFINE_FINAL_TYPE (OrgaAccountForm, orga_account_form, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_CONNECTION,
  PROP_BUSY,
  N_PROPS
};

enum {
  SIGNED_IN,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void
show_error (OrgaAccountForm *self,
            const char      *message,
            GtkWidget       *focus)
{
  gtk_label_set_label (self->error_label, message ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), message != NULL);
  if (focus != NULL)
    gtk_widget_grab_focus (focus);
}

static gboolean
is_sign_up (OrgaAccountForm *self)
{
  return g_strcmp0 (gtk_stack_get_visible_child_name (self->mode_stack), "sign-up") == 0;
}

static char *
dup_text (AdwEntryRow *row)
{
  return g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (row))));
}

/* Pix's rule: 8 characters at least, a lower-case and an upper-case
 * letter and a digit. The server checks it again. */
static gboolean
password_is_valid (const char *password)
{
  gboolean lower = FALSE, upper = FALSE, digit = FALSE;

  if (g_utf8_strlen (password, -1) < 8)
    return FALSE;
  for (const char *p = password; *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      lower |= g_unichar_islower (c);
      upper |= g_unichar_isupper (c);
      digit |= g_unichar_isdigit (c);
    }
  return lower && upper && digit;
}

static void
set_busy (OrgaAccountForm *self,
          gboolean         busy)
{
  gtk_widget_set_visible (GTK_WIDGET (self->spinner), busy);
  gtk_spinner_set_spinning (self->spinner, busy);
  gtk_widget_set_sensitive (GTK_WIDGET (self->submit_button), !busy);
  gtk_widget_set_sensitive (GTK_WIDGET (self->switch_button), !busy);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
}

static void
sign_in_done_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(OrgaAccountForm) self = user_data;
  g_autoptr(OrgaOrganization) organization = NULL;
  g_autoptr(GError) error = NULL;

  organization = orga_connection_sign_in_finish (ORGA_CONNECTION (source), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  g_clear_object (&self->cancellable);
  set_busy (self, FALSE);

  if (organization == NULL)
    {
      show_error (self, error->message, NULL);
      return;
    }

  show_error (self, NULL, NULL);
  gtk_editable_set_text (GTK_EDITABLE (self->password_row), "");
  gtk_editable_set_text (GTK_EDITABLE (self->new_password_row), "");
  g_signal_emit (self, signals[SIGNED_IN], 0, organization);
}

static void
submit_cb (OrgaAccountForm *self)
{
  g_autofree char *server = dup_text (self->server_row);
  g_autofree char *email = NULL;
  g_autofree char *first_name = dup_text (self->first_name_row);
  g_autofree char *last_name = dup_text (self->last_name_row);
  const char *password;
  gboolean sign_up = is_sign_up (self);
  OrgaSignIn sign_in = { 0 };

  g_return_if_fail (self->connection != NULL);

  if (self->cancellable != NULL)
    return;

  email = dup_text (sign_up ? self->new_email_row : self->email_row);
  password = gtk_editable_get_text (GTK_EDITABLE (sign_up ? self->new_password_row : self->password_row));

  if (*server == '\0')
    return show_error (self, _("Enter the address of the server."), GTK_WIDGET (self->server_row));
  if (sign_up && *first_name == '\0')
    return show_error (self, _("Your first name is missing."), GTK_WIDGET (self->first_name_row));
  if (sign_up && *last_name == '\0')
    return show_error (self, _("Your last name is missing."), GTK_WIDGET (self->last_name_row));
  if (*email == '\0')
    return show_error (self, _("Enter your e-mail address."),
                       GTK_WIDGET (sign_up ? self->new_email_row : self->email_row));
  if (sign_up && !password_is_valid (password))
    return show_error (self, _("Your password must have at least 8 characters, with at least an upper-case letter, a lower-case letter and a digit."),
                       GTK_WIDGET (self->new_password_row));
  if (!sign_up && *password == '\0')
    return show_error (self, _("Enter your password."), GTK_WIDGET (self->password_row));
  if (sign_up && !gtk_check_button_get_active (self->cgu_check))
    return show_error (self, _("You must accept Pix’s terms of use to create an account."),
                       GTK_WIDGET (self->cgu_check));
  if (self->invitation_id != NULL && !gtk_check_button_get_active (self->orga_terms_check))
    return show_error (self, _("You must accept Pix Orga’s terms of use."),
                       GTK_WIDGET (self->orga_terms_check));

  show_error (self, NULL, NULL);

  sign_in.server_url = server;
  sign_in.email = email;
  sign_in.password = password;
  sign_in.first_name = first_name;
  sign_in.last_name = last_name;
  sign_in.sign_up = sign_up;
  sign_in.invitation_id = self->invitation_id;
  sign_in.code = self->code;
  sign_in.accept_orga_terms = self->invitation_id != NULL;

  self->cancellable = g_cancellable_new ();
  set_busy (self, TRUE);
  orga_connection_sign_in_async (self->connection, &sign_in, self->cancellable,
                                 sign_in_done_cb, g_object_ref (self));
}

static void
update_mode (OrgaAccountForm *self)
{
  gboolean sign_up = is_sign_up (self);

  gtk_button_set_label (self->submit_button, sign_up ? _("_Create My Account") : _("_Sign In"));
  gtk_button_set_label (self->switch_button, sign_up ? _("I _already have a Pix account")
                                                     : _("No account yet? _Create one"));
}

static void
switch_mode_cb (OrgaAccountForm *self)
{
  orga_account_form_set_sign_up (self, !is_sign_up (self));
}

static void
orga_account_form_dispose (GObject *object)
{
  OrgaAccountForm *self = (OrgaAccountForm *)object;

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);

  gtk_widget_dispose_template (GTK_WIDGET (self), ORGA_TYPE_ACCOUNT_FORM);
  g_clear_object (&self->connection);
  g_clear_pointer (&self->invitation_id, g_free);
  g_clear_pointer (&self->code, g_free);

  G_OBJECT_CLASS (orga_account_form_parent_class)->dispose (object);
}

static void
orga_account_form_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  OrgaAccountForm *self = ORGA_ACCOUNT_FORM (object);

  switch (prop_id)
    {
    case PROP_CONNECTION:
      g_value_set_object (value, self->connection);
      break;
    case PROP_BUSY:
      g_value_set_boolean (value, orga_account_form_get_busy (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
orga_account_form_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  OrgaAccountForm *self = ORGA_ACCOUNT_FORM (object);

  switch (prop_id)
    {
    case PROP_CONNECTION:
      orga_account_form_set_connection (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
orga_account_form_class_init (OrgaAccountFormClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = orga_account_form_dispose;
  object_class->get_property = orga_account_form_get_property;
  object_class->set_property = orga_account_form_set_property;

  properties[PROP_CONNECTION] =
    g_param_spec_object ("connection", NULL, NULL, ORGA_TYPE_CONNECTION,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_BUSY] =
    g_param_spec_boolean ("busy", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * OrgaAccountForm::signed-in:
   * @organization: the school the database is now bound to
   */
  signals[SIGNED_IN] = g_signal_new ("signed-in", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                     0, NULL, NULL, NULL, G_TYPE_NONE, 1, ORGA_TYPE_ORGANIZATION);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/pixorga/PixOrga/ui/orga-account-form.ui");
  gtk_widget_class_bind_template_child (widget_class, OrgaAccountForm, title_label);
  gtk_widget_class_bind_template_child (widget_class, OrgaAccountForm, description_label);
  gtk_widget_class_bind_template_child (widget_class, OrgaAccountForm, server_group);
  gtk_widget_class_bind_template_child (widget_class, OrgaAccountForm, server_row);
  gtk_widget_class_bind_template_child (widget_class, OrgaAccountForm, mode_stack);
  gtk_widget_class_bind_template_child (widget_class, OrgaAccountForm, email_row);
  gtk_widget_class_bind_template_child (widget_class, OrgaAccountForm, password_row);
  gtk_widget_class_bind_template_child (widget_class, OrgaAccountForm, first_name_row);
  gtk_widget_class_bind_template_child (widget_class, OrgaAccountForm, last_name_row);
  gtk_widget_class_bind_template_child (widget_class, OrgaAccountForm, new_email_row);
  gtk_widget_class_bind_template_child (widget_class, OrgaAccountForm, new_password_row);
  gtk_widget_class_bind_template_child (widget_class, OrgaAccountForm, cgu_check);
  gtk_widget_class_bind_template_child (widget_class, OrgaAccountForm, orga_terms_group);
  gtk_widget_class_bind_template_child (widget_class, OrgaAccountForm, orga_terms_check);
  gtk_widget_class_bind_template_child (widget_class, OrgaAccountForm, error_label);
  gtk_widget_class_bind_template_child (widget_class, OrgaAccountForm, spinner);
  gtk_widget_class_bind_template_child (widget_class, OrgaAccountForm, submit_button);
  gtk_widget_class_bind_template_child (widget_class, OrgaAccountForm, switch_button);
  gtk_widget_class_bind_template_callback (widget_class, submit_cb);
  gtk_widget_class_bind_template_callback (widget_class, switch_mode_cb);
}

static void
orga_account_form_init (OrgaAccountForm *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  update_mode (self);
}

OrgaConnection *
orga_account_form_get_connection (OrgaAccountForm *self)
{
  g_return_val_if_fail (ORGA_IS_ACCOUNT_FORM (self), NULL);
  return self->connection;
}

void
orga_account_form_set_connection (OrgaAccountForm *self,
                                  OrgaConnection  *connection)
{
  g_return_if_fail (ORGA_IS_ACCOUNT_FORM (self));

  if (g_set_object (&self->connection, connection))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CONNECTION]);
}

void
orga_account_form_set_server_url (OrgaAccountForm *self,
                                  const char      *server_url)
{
  g_return_if_fail (ORGA_IS_ACCOUNT_FORM (self));
  gtk_editable_set_text (GTK_EDITABLE (self->server_row), server_url ? server_url : "");

  /* The server known, the e-mail address is what to type first. */
  if (server_url != NULL && *server_url != '\0' && gtk_widget_get_root (GTK_WIDGET (self)) != NULL)
    gtk_widget_grab_focus (GTK_WIDGET (self->email_row));
}

void
orga_account_form_set_invitation (OrgaAccountForm *self,
                                  const char      *server_url,
                                  const char      *invitation_id,
                                  const char      *code,
                                  const char      *title)
{
  g_return_if_fail (ORGA_IS_ACCOUNT_FORM (self));

  g_free (self->invitation_id);
  self->invitation_id = g_strdup (invitation_id);
  g_free (self->code);
  self->code = g_strdup (code);

  orga_account_form_set_server_url (self, server_url);
  gtk_widget_set_visible (self->server_group, invitation_id == NULL);
  gtk_widget_set_visible (self->orga_terms_group, invitation_id != NULL);
  if (title != NULL)
    gtk_label_set_label (self->title_label, title);
  gtk_label_set_label (self->description_label,
                       invitation_id != NULL
                       ? _("Sign in with your Pix account, or create it, to join this Pix Orga space.")
                       : _("The address of your school’s PixOrga server, then your Pix account."));
}

void
orga_account_form_set_sign_up (OrgaAccountForm *self,
                               gboolean         sign_up)
{
  g_return_if_fail (ORGA_IS_ACCOUNT_FORM (self));

  gtk_stack_set_visible_child_name (self->mode_stack, sign_up ? "sign-up" : "sign-in");
  show_error (self, NULL, NULL);
  update_mode (self);
}

gboolean
orga_account_form_get_busy (OrgaAccountForm *self)
{
  g_return_val_if_fail (ORGA_IS_ACCOUNT_FORM (self), FALSE);
  return self->cancellable != NULL;
}
