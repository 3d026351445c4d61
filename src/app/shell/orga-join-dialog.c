/* orga-join-dialog.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "orga-join-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "orga-account-form.h"
#include "orga-join-dialog.h"
#include "orga-widget-util.h"

struct _OrgaJoinDialog
{
  AdwWindow        parent_instance;

  /* template widgets */
  AdwWindowTitle  *window_title;
  GtkStack        *stack;
  GtkSpinner      *spinner;
  AdwStatusPage   *error_status;
  OrgaAccountForm *account_form;

  /* owned */
  GCancellable    *cancellable;
  char            *server_url;
  char            *invitation_id;
  char            *code;
};

G_DEFINE_FINAL_TYPE (OrgaJoinDialog, orga_join_dialog, ADW_TYPE_WINDOW)

static void
show_error (OrgaJoinDialog *self,
            const char     *message)
{
  gtk_spinner_stop (self->spinner);
  adw_status_page_set_description (self->error_status, message);
  gtk_stack_set_visible_child_name (self->stack, "error");
}

static void
invitation_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(OrgaJoinDialog) self = user_data;
  g_autoptr(OrgaSpace) space = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *space_title = NULL;
  g_autofree char *title = NULL;
  OrgaInvitationStatus status = ORGA_INVITATION_STATUS_PENDING;

  space = orga_client_get_invitation_finish (ORGA_CLIENT (source), result, &status, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  g_clear_object (&self->cancellable);

  if (space == NULL)
    return show_error (self, error->message);

  /* Spec §1.4's messages, before anyone types a password. */
  if (status == ORGA_INVITATION_STATUS_CANCELLED)
    return show_error (self, _("This invitation is no longer valid. Contact the administrator of your Pix Orga space."));
  if (status == ORGA_INVITATION_STATUS_ACCEPTED)
    return show_error (self, _("This invitation has already been accepted. Sign in or contact the administrator of your Pix Orga space."));

  space_title = orga_space_dup_title (space);
  title = g_strdup_printf (_("Join %s"), space_title);
  adw_window_title_set_title (self->window_title, _("Join a Pix Orga Space"));
  gtk_window_set_title (GTK_WINDOW (self), _("Join a Pix Orga Space"));
  adw_window_title_set_subtitle (self->window_title, space_title);
  orga_account_form_set_invitation (self->account_form, self->server_url, self->invitation_id,
                                    self->code, title);
  gtk_spinner_stop (self->spinner);
  gtk_stack_set_visible_child_name (self->stack, "form");
}

static void
signed_in_cb (OrgaJoinDialog   *self,
              OrgaOrganization *organization)
{
  GtkWindow *parent = gtk_window_get_transient_for (GTK_WINDOW (self));
  g_autofree char *title = orga_organization_dup_title (organization);
  g_autofree char *message = g_strdup_printf (_("You are signed in to %s."), title);

  if (parent != NULL)
    orga_widget_add_toast (GTK_WIDGET (parent), adw_toast_new (message));
  gtk_window_destroy (GTK_WINDOW (self));
}

static gboolean
orga_join_dialog_close_request (GtkWindow *window)
{
  OrgaJoinDialog *self = ORGA_JOIN_DIALOG (window);

  /* A sign-in under way finishes: the database may be bound already. */
  return orga_account_form_get_busy (self->account_form);
}

static void
orga_join_dialog_dispose (GObject *object)
{
  OrgaJoinDialog *self = (OrgaJoinDialog *)object;

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);

  gtk_widget_dispose_template (GTK_WIDGET (self), ORGA_TYPE_JOIN_DIALOG);
  g_clear_pointer (&self->server_url, g_free);
  g_clear_pointer (&self->invitation_id, g_free);
  g_clear_pointer (&self->code, g_free);

  G_OBJECT_CLASS (orga_join_dialog_parent_class)->dispose (object);
}

static void
orga_join_dialog_class_init (OrgaJoinDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = orga_join_dialog_dispose;
  window_class->close_request = orga_join_dialog_close_request;

  g_type_ensure (ORGA_TYPE_ACCOUNT_FORM);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/pixorga/PixOrga/ui/orga-join-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, OrgaJoinDialog, window_title);
  gtk_widget_class_bind_template_child (widget_class, OrgaJoinDialog, stack);
  gtk_widget_class_bind_template_child (widget_class, OrgaJoinDialog, spinner);
  gtk_widget_class_bind_template_child (widget_class, OrgaJoinDialog, error_status);
  gtk_widget_class_bind_template_child (widget_class, OrgaJoinDialog, account_form);
  gtk_widget_class_bind_template_callback (widget_class, signed_in_cb);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
orga_join_dialog_init (OrgaJoinDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  orga_widget_fit_to_parent (GTK_WINDOW (self));
}

OrgaJoinDialog *
orga_join_dialog_new (GtkWindow      *parent,
                      OrgaConnection *connection,
                      const char     *link)
{
  OrgaJoinDialog *self;
  OrgaAccount *account;
  g_autoptr(OrgaClient) client = NULL;
  g_autoptr(GError) error = NULL;

  g_return_val_if_fail (ORGA_IS_CONNECTION (connection), NULL);

  self = g_object_new (ORGA_TYPE_JOIN_DIALOG, "transient-for", parent, NULL);
  orga_account_form_set_connection (self->account_form, connection);

  if (link == NULL)
    {
      /* Signing in again (an expired session) or for the first time. */
      account = orga_connection_get_account (connection);
      if (account != NULL)
        orga_account_form_set_server_url (self->account_form, orga_account_get_server_url (account));
      gtk_stack_set_visible_child_name (self->stack, "form");
      return self;
    }

  adw_window_title_set_title (self->window_title, _("Join a Pix Orga Space"));
  gtk_window_set_title (GTK_WINDOW (self), _("Join a Pix Orga Space"));
  if (!orga_client_parse_invitation_link (link, &self->server_url, &self->invitation_id, &self->code, &error) ||
      (client = orga_client_new (self->server_url, &error)) == NULL)
    {
      show_error (self, error->message);
      return self;
    }

  gtk_stack_set_visible_child_name (self->stack, "loading");
  gtk_spinner_start (self->spinner);
  self->cancellable = g_cancellable_new ();
  orga_client_get_invitation_async (client, self->invitation_id, self->code, self->cancellable,
                                    invitation_cb, g_object_ref (self));
  return self;
}

void
orga_join_dialog_set_server_url (OrgaJoinDialog *self,
                                 const char     *server_url)
{
  g_return_if_fail (ORGA_IS_JOIN_DIALOG (self));

  orga_account_form_set_server_url (self->account_form, server_url);
}
