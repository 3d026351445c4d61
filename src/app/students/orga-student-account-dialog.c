/* orga-student-account-dialog.c: "Gérer le compte" of one student
 *
 * What the dialog shows comes from the accounts kept offline (OrgaSync
 * refreshes them after each cycle); what it changes goes to the server,
 * and what the server answers is recorded there at once, so that the
 * Élèves list shows the new username without waiting for a sync.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "orga-student-account-dialog"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "orga-store-student-accounts.h"
#include "orga-student-account-dialog.h"

struct _OrgaStudentAccountDialog
{
  AdwMessageDialog    parent_instance;

  /* template widgets */
  GtkLabel           *error_label;
  AdwActionRow       *none_row;
  AdwActionRow       *email_row;
  AdwActionRow       *username_row;
  AdwActionRow       *add_username_row;
  AdwActionRow       *mediacentre_row;
  GtkButton          *copy_email_button;
  GtkButton          *copy_username_button;
  GtkButton          *add_username_button;
  GtkButton          *reset_button;
  GtkButton          *copy_password_button;
  AdwPreferencesGroup *password_group;
  AdwActionRow       *password_row;

  /* owned */
  OrgaConnection     *connection;
  OrgaLearner        *learner;
  OrgaStudentAccount *account;    /* as last known; NULL: none */
  char               *password;   /* the one-time password shown */
  GCancellable       *cancellable;
  gboolean            busy;
  gboolean            reason_shown; /* the error label says why nothing can change */
};

G_DEFINE_FINAL_TYPE (OrgaStudentAccountDialog, orga_student_account_dialog, ADW_TYPE_MESSAGE_DIALOG)

static OrgaContext *
get_context (OrgaStudentAccountDialog *self)
{
  return self->connection != NULL ? orga_connection_get_context (self->connection) : NULL;
}

static void
show_error (OrgaStudentAccountDialog *self,
            const char               *message)
{
  gtk_label_set_label (self->error_label, message != NULL ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), message != NULL);
}

/* Why nothing can be changed now, or NULL when it can. */
static char *
dup_unavailable_reason (OrgaStudentAccountDialog *self)
{
  g_autofree char *space_id = NULL;

  if (self->connection == NULL || orga_connection_get_account (self->connection) == NULL)
    return g_strdup (_("Sign in to a Pix Orga server to manage the students’ accounts."));
  space_id = orga_connection_dup_space_id (self->connection);
  if (space_id == NULL)
    return g_strdup (_("This school is not bound to a space of a Pix Orga server: sign in to manage the students’ accounts."));
  if (orga_connection_get_client (self->connection) == NULL)
    return g_strdup (_("Sign in to a Pix Orga server to manage the students’ accounts."));
  return NULL;
}

static void
update (OrgaStudentAccountDialog *self)
{
  OrgaLoginMethods methods = self->account != NULL ? self->account->methods : ORGA_LOGIN_METHOD_NONE;
  gboolean has_email = (methods & ORGA_LOGIN_METHOD_EMAIL) && self->account->email != NULL;
  gboolean has_username = (methods & ORGA_LOGIN_METHOD_USERNAME) && self->account->username != NULL;
  g_autofree char *reason = dup_unavailable_reason (self);

  gtk_widget_set_visible (GTK_WIDGET (self->none_row), methods == ORGA_LOGIN_METHOD_NONE);
  gtk_widget_set_visible (GTK_WIDGET (self->email_row), has_email);
  if (has_email)
    adw_action_row_set_subtitle (self->email_row, self->account->email);
  gtk_widget_set_visible (GTK_WIDGET (self->username_row), has_username);
  if (has_username)
    adw_action_row_set_subtitle (self->username_row, self->account->username);
  gtk_widget_set_visible (GTK_WIDGET (self->add_username_row), !has_username);
  gtk_widget_set_visible (GTK_WIDGET (self->mediacentre_row), (methods & ORGA_LOGIN_METHOD_MEDIACENTRE) != 0);

  /* Only an e-mail or a username has a password (spec §2.5). */
  gtk_widget_set_sensitive (GTK_WIDGET (self->add_username_button), reason == NULL && !self->busy);
  gtk_widget_set_sensitive (GTK_WIDGET (self->reset_button),
                            reason == NULL && !self->busy && (has_email || has_username));

  gtk_widget_set_visible (GTK_WIDGET (self->password_group), self->password != NULL);
  if (self->password != NULL)
    adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->password_row), self->password);

  if (reason != NULL)
    show_error (self, reason);
  else if (self->reason_shown)
    show_error (self, NULL);
  self->reason_shown = reason != NULL;
}

static void
load_account (OrgaStudentAccountDialog *self)
{
  OrgaContext *context = get_context (self);
  OrgaOrganization *organization = context != NULL ? orga_context_get_organization (context) : NULL;
  g_autoptr(GError) error = NULL;

  g_clear_pointer (&self->account, orga_student_account_free);
  if (organization == NULL)
    return;

  self->account = orga_store_get_student_account (orga_context_get_store (context), organization,
                                                  orga_learner_get_uuid (self->learner), &error);
  if (error != NULL)
    g_warning ("Could not read the student’s account: %s", error->message);
}

/* ------------------------------------------------------------------------
 * Copying
 */

static void
copy_text (OrgaStudentAccountDialog *self,
           const char               *text)
{
  if (text == NULL)
    return;
  gdk_clipboard_set_text (gtk_widget_get_clipboard (GTK_WIDGET (self)), text);
}

static void
copy_email_cb (OrgaStudentAccountDialog *self)
{
  copy_text (self, self->account != NULL ? self->account->email : NULL);
}

static void
copy_username_cb (OrgaStudentAccountDialog *self)
{
  copy_text (self, self->account != NULL ? self->account->username : NULL);
}

static void
copy_password_cb (OrgaStudentAccountDialog *self)
{
  copy_text (self, self->password);
}

/* ------------------------------------------------------------------------
 * Changes
 */

static void
set_busy (OrgaStudentAccountDialog *self,
          gboolean                  busy)
{
  self->busy = busy;
  update (self);
}

static void
set_password (OrgaStudentAccountDialog *self,
              const char               *password)
{
  if (self->password != NULL)
    memset (self->password, 0, strlen (self->password));
  g_free (self->password);
  self->password = g_strdup (password);
}

/* The server's answer kept: the username made, a username that an
 * e-mail account's reset revealed. */
static void
record_username (OrgaStudentAccountDialog *self,
                 const char               *username)
{
  OrgaContext *context = get_context (self);
  OrgaOrganization *organization = context != NULL ? orga_context_get_organization (context) : NULL;
  g_autoptr(GError) error = NULL;

  if (username == NULL)
    return;

  if (self->account == NULL)
    self->account = orga_student_account_new (orga_learner_get_uuid (self->learner),
                                              ORGA_LOGIN_METHOD_NONE, NULL, NULL);
  self->account->methods |= ORGA_LOGIN_METHOD_USERNAME;
  g_free (self->account->username);
  self->account->username = g_strdup (username);

  if (organization != NULL &&
      !orga_store_save_student_account (orga_context_get_store (context), organization, self->account, &error))
    g_warning ("Could not keep the student’s account: %s", error->message);
}

typedef OrgaStudentCredentials *(*CredentialsFinish) (OrgaClient    *client,
                                                      GAsyncResult  *result,
                                                      GError       **error);

static void
credentials_done (OrgaStudentAccountDialog *self,
                  GObject                  *source,
                  GAsyncResult             *result,
                  CredentialsFinish         finish)
{
  g_autoptr(OrgaStudentCredentials) credentials = NULL;
  g_autoptr(GError) error = NULL;

  credentials = finish (ORGA_CLIENT (source), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  if (credentials == NULL)
    {
      /* The server's French sentence, or "Impossible de joindre…". */
      show_error (self, error->message);
      set_busy (self, FALSE);
      return;
    }

  show_error (self, NULL);
  record_username (self, credentials->username);
  set_password (self, credentials->password);
  set_busy (self, FALSE);
  gtk_widget_grab_focus (GTK_WIDGET (self->password_row));
}

static void
add_username_done_cb (GObject      *source,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_autoptr(OrgaStudentAccountDialog) self = user_data;

  credentials_done (self, source, result, orga_client_add_student_username_finish);
}

static void
reset_password_done_cb (GObject      *source,
                        GAsyncResult *result,
                        gpointer      user_data)
{
  g_autoptr(OrgaStudentAccountDialog) self = user_data;

  credentials_done (self, source, result, orga_client_reset_student_password_finish);
}

/* The client and the space, or FALSE with the reason shown. */
static gboolean
prepare_change (OrgaStudentAccountDialog  *self,
                OrgaClient               **client,
                char                     **space_id)
{
  g_autofree char *reason = dup_unavailable_reason (self);

  if (reason != NULL || self->busy)
    {
      if (reason != NULL)
        show_error (self, reason);
      return FALSE;
    }

  *client = orga_connection_get_client (self->connection);
  *space_id = orga_connection_dup_space_id (self->connection);
  show_error (self, NULL);
  set_busy (self, TRUE);
  return TRUE;
}

static void
add_username_cb (OrgaStudentAccountDialog *self)
{
  g_autofree char *space_id = NULL;
  OrgaClient *client = NULL;

  if (!prepare_change (self, &client, &space_id))
    return;
  orga_client_add_student_username_async (client, space_id, orga_learner_get_uuid (self->learner),
                                          self->cancellable, add_username_done_cb, g_object_ref (self));
}

static void
reset_password_cb (OrgaStudentAccountDialog *self)
{
  g_autofree char *space_id = NULL;
  OrgaClient *client = NULL;

  if (!prepare_change (self, &client, &space_id))
    return;
  orga_client_reset_student_password_async (client, space_id, orga_learner_get_uuid (self->learner),
                                            self->cancellable, reset_password_done_cb, g_object_ref (self));
}

/* ------------------------------------------------------------------------
 * GObject
 */

static void
orga_student_account_dialog_dispose (GObject *object)
{
  OrgaStudentAccountDialog *self = (OrgaStudentAccountDialog *)object;

  g_cancellable_cancel (self->cancellable);
  if (self->connection != NULL)
    g_signal_handlers_disconnect_by_data (self->connection, self);

  gtk_widget_dispose_template (GTK_WIDGET (self), ORGA_TYPE_STUDENT_ACCOUNT_DIALOG);

  g_clear_object (&self->cancellable);
  g_clear_object (&self->connection);
  g_clear_object (&self->learner);
  g_clear_pointer (&self->account, orga_student_account_free);
  set_password (self, NULL);

  G_OBJECT_CLASS (orga_student_account_dialog_parent_class)->dispose (object);
}

static void
orga_student_account_dialog_class_init (OrgaStudentAccountDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = orga_student_account_dialog_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/pixorga/PixOrga/ui/orga-student-account-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, OrgaStudentAccountDialog, error_label);
  gtk_widget_class_bind_template_child (widget_class, OrgaStudentAccountDialog, none_row);
  gtk_widget_class_bind_template_child (widget_class, OrgaStudentAccountDialog, email_row);
  gtk_widget_class_bind_template_child (widget_class, OrgaStudentAccountDialog, username_row);
  gtk_widget_class_bind_template_child (widget_class, OrgaStudentAccountDialog, add_username_row);
  gtk_widget_class_bind_template_child (widget_class, OrgaStudentAccountDialog, mediacentre_row);
  gtk_widget_class_bind_template_child (widget_class, OrgaStudentAccountDialog, copy_email_button);
  gtk_widget_class_bind_template_child (widget_class, OrgaStudentAccountDialog, copy_username_button);
  gtk_widget_class_bind_template_child (widget_class, OrgaStudentAccountDialog, copy_password_button);
  gtk_widget_class_bind_template_child (widget_class, OrgaStudentAccountDialog, add_username_button);
  gtk_widget_class_bind_template_child (widget_class, OrgaStudentAccountDialog, reset_button);
  gtk_widget_class_bind_template_child (widget_class, OrgaStudentAccountDialog, password_group);
  gtk_widget_class_bind_template_child (widget_class, OrgaStudentAccountDialog, password_row);
  gtk_widget_class_bind_template_callback (widget_class, copy_email_cb);
  gtk_widget_class_bind_template_callback (widget_class, copy_username_cb);
  gtk_widget_class_bind_template_callback (widget_class, copy_password_cb);
  gtk_widget_class_bind_template_callback (widget_class, add_username_cb);
  gtk_widget_class_bind_template_callback (widget_class, reset_password_cb);
}

static void
orga_student_account_dialog_init (OrgaStudentAccountDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
}

GtkWidget *
orga_student_account_dialog_new (GtkWindow      *parent,
                                 OrgaConnection *connection,
                                 OrgaLearner    *learner)
{
  OrgaStudentAccountDialog *self;
  g_autofree char *name = NULL;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (connection == NULL || ORGA_IS_CONNECTION (connection), NULL);
  g_return_val_if_fail (ORGA_IS_LEARNER (learner), NULL);

  self = g_object_new (ORGA_TYPE_STUDENT_ACCOUNT_DIALOG, "transient-for", parent, NULL);
  self->connection = connection != NULL ? g_object_ref (connection) : NULL;
  self->learner = g_object_ref (learner);

  name = g_strdup_printf ("%s %s", orga_learner_get_first_name (learner) ? orga_learner_get_first_name (learner) : "",
                          orga_learner_get_last_name (learner) ? orga_learner_get_last_name (learner) : "");
  adw_message_dialog_set_body (ADW_MESSAGE_DIALOG (self), g_strstrip (name));
  gtk_window_set_title (GTK_WINDOW (self), adw_message_dialog_get_heading (ADW_MESSAGE_DIALOG (self)));

  /* Signing in or out while it is open changes what it may do. */
  if (self->connection != NULL)
    {
      g_signal_connect_object (self->connection, "notify::client", G_CALLBACK (update), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (self->connection, "notify::account", G_CALLBACK (update), self, G_CONNECT_SWAPPED);
    }

  load_account (self);
  update (self);
  return GTK_WIDGET (self);
}

gboolean
orga_student_account_dialog_get_busy (OrgaStudentAccountDialog *self)
{
  g_return_val_if_fail (ORGA_IS_STUDENT_ACCOUNT_DIALOG (self), FALSE);
  return self->busy;
}
