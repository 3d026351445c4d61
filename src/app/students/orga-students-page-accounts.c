/* orga-students-page-accounts.c: the students' Pix accounts on the Élèves
 * page (spec §2.1, §2.5)
 *
 * "Gérer le compte" on a row or on a student's page opens
 * OrgaStudentAccountDialog. The check boxes choose students for the bulk
 * password reset: the server gives every one a one-time password (and a
 * username first to those without), all or nothing; the answer is saved
 * as Pix's CSV where the user says, then printed as slips if wanted.
 *
 * The checked students are kept by id, apart from the list's rows, which
 * are reused for other students as the list scrolls or is searched.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "orga-students-page"

#include "config.h"

#include <glib/gi18n.h>

#include "orga-account-slips.h"
#include "orga-learner-slot.h"
#include "orga-store-student-accounts.h"
#include "orga-student-account-dialog.h"
#include "orga-students-page-private.h"
#include "orga-file-chooser.h"
#include "orga-widget-util.h"

static GQuark check_item_quark;

/* ------------------------------------------------------------------------
 * The selection
 * ------------------------------------------------------------------------ */

static guint
n_checked (OrgaStudentsPage *self)
{
  return self->checked != NULL ? g_hash_table_size (self->checked) : 0;
}

static gboolean
has_server (OrgaStudentsPage *self)
{
  g_autofree char *space_id = NULL;

  if (self->connection == NULL || orga_connection_get_client (self->connection) == NULL)
    return FALSE;
  space_id = orga_connection_dup_space_id (self->connection);
  return space_id != NULL;
}

void
_orga_students_page_update_account_actions (OrgaStudentsPage *self)
{
  gboolean has_school = self->context != NULL && orga_context_get_organization (self->context) != NULL;

  /* Offline, the dialog opens to say why nothing can change; the bulk
   * reset says it when asked. */
  orga_widget_action_set_enabled (GTK_WIDGET (self), "students.manage-account", has_school);
  orga_widget_action_set_enabled (GTK_WIDGET (self), "students.reset-passwords",
                                 has_school && n_checked (self) > 0 && !self->resetting);
  orga_widget_action_set_enabled (GTK_WIDGET (self), "students.unselect-all", n_checked (self) > 0);
}

static void
selection_changed (OrgaStudentsPage *self)
{
  guint n = n_checked (self);

  /* Nothing checked yet: no bar to show, nor to build. */
  if (self->selection_revealer == NULL && n == 0)
    {
      _orga_students_page_update_account_actions (self);
      return;
    }

  if (n > 0)
    {
      g_autofree char *text = NULL;

      _orga_students_page_ensure_selection_bar (self);

      /* TRANSLATORS: the bar under the list of students */
      text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u student selected", "%u students selected", n), n);
      gtk_label_set_label (self->selection_label, text);
      gtk_widget_set_visible (GTK_WIDGET (self->selection_revealer), TRUE);
    }
  gtk_revealer_set_reveal_child (self->selection_revealer, n > 0);
  if (n == 0)
    gtk_widget_set_visible (GTK_WIDGET (self->selection_revealer), FALSE);

  _orga_students_page_update_account_actions (self);
}

static void
check_toggled_cb (GtkCheckButton   *check,
                  OrgaStudentsPage *self)
{
  GtkListItem *item = g_object_get_qdata (G_OBJECT (check), check_item_quark);
  OrgaLearnerSlot *slot = item != NULL ? gtk_list_item_get_item (item) : NULL;
  OrgaLearner *learner = slot != NULL ? orga_learner_slot_get_learner (slot) : NULL;
  gint64 id;

  if (learner == NULL || orga_learner_get_uuid (learner) == NULL)
    return;

  id = orga_learner_get_id (learner);
  if (gtk_check_button_get_active (check))
    {
      gint64 *key = g_new (gint64, 1);

      *key = id;
      g_hash_table_replace (self->checked, key, g_strdup (orga_learner_get_uuid (learner)));
    }
  else
    g_hash_table_remove (self->checked, &id);

  selection_changed (self);
}

/* The row shows another student: its box says whether that one is
 * checked (without counting as a click). */
static void
update_check (GtkCheckButton  *check,
              GParamSpec      *pspec,
              OrgaLearnerSlot *slot)
{
  OrgaStudentsPage *self = g_object_get_data (G_OBJECT (check), "orga-page");
  OrgaLearner *learner = orga_learner_slot_get_learner (slot);
  gint64 id = learner != NULL ? orga_learner_get_id (learner) : 0;
  g_autofree char *label = NULL;

  g_signal_handlers_block_by_func (check, check_toggled_cb, self);
  gtk_check_button_set_active (check, learner != NULL && g_hash_table_contains (self->checked, &id));
  g_signal_handlers_unblock_by_func (check, check_toggled_cb, self);
  gtk_widget_set_sensitive (GTK_WIDGET (check), learner != NULL);

  /* "Sélectionner Éloïse LEFÈVRE" for assistive technologies. */
  if (learner != NULL)
    {
      g_autofree char *name = orga_learner_dup_full_name (learner);

      label = g_strdup_printf (_("Select %s"), name);
    }
  gtk_accessible_update_property (GTK_ACCESSIBLE (check), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  label != NULL ? label : _("Select"), -1);
}

static void
setup_check_cb (OrgaStudentsPage         *self,
                GtkListItem              *item,
                GtkSignalListItemFactory *factory)
{
  GtkWidget *check = gtk_check_button_new ();

  g_object_set_qdata (G_OBJECT (check), check_item_quark, item);
  g_object_set_data (G_OBJECT (check), "orga-page", self);
  g_signal_connect (check, "toggled", G_CALLBACK (check_toggled_cb), self);
  gtk_list_item_set_child (item, check);
  /* A click on the box checks it; it does not open the student. */
  gtk_list_item_set_activatable (item, FALSE);
}

static void
bind_check_cb (OrgaStudentsPage         *self,
               GtkListItem              *item,
               GtkSignalListItemFactory *factory)
{
  GtkWidget *check = gtk_list_item_get_child (item);
  OrgaLearnerSlot *slot = gtk_list_item_get_item (item);

  g_signal_connect_object (slot, "notify::learner", G_CALLBACK (update_check), check, G_CONNECT_SWAPPED);
  update_check (GTK_CHECK_BUTTON (check), NULL, slot);
  g_ptr_array_add (self->check_items, item);
}

static void
unbind_check_cb (OrgaStudentsPage         *self,
                 GtkListItem              *item,
                 GtkSignalListItemFactory *factory)
{
  g_signal_handlers_disconnect_by_func (gtk_list_item_get_item (item), update_check,
                                        gtk_list_item_get_child (item));
  if (self->check_items != NULL)
    g_ptr_array_remove_fast (self->check_items, item);
}

static gboolean
learner_exists_cb (const OrgaLearnerRow *row,
                   gpointer              user_data)
{
  GHashTable *found = user_data;
  gint64 *id = g_new (gint64, 1);

  *id = row->id;
  if (row->disabled_at == NULL)
    g_hash_table_add (found, id);
  else
    g_free (id);
  return TRUE;
}

void
_orga_students_page_update_selection (OrgaStudentsPage *self)
{
  g_autoptr(GHashTable) found = NULL;
  g_autoptr(GArray) ids = NULL;
  g_autoptr(GError) error = NULL;
  GHashTableIter iter;
  gint64 *id;

  if (n_checked (self) == 0 || self->context == NULL)
    {
      selection_changed (self);
      return;
    }

  /* Students who left with an import are no longer checked. */
  ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_hash_table_iter_init (&iter, self->checked);
  while (g_hash_table_iter_next (&iter, (gpointer *) &id, NULL))
    g_array_append_val (ids, *id);
  found = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  if (!orga_store_fetch_learners_by_id (orga_context_get_store (self->context), (const gint64 *)(gpointer) ids->data,
                                        ids->len, learner_exists_cb, found, &error))
    {
      g_warning ("Could not read the students: %s", error->message);
      return;
    }
  g_hash_table_iter_init (&iter, self->checked);
  while (g_hash_table_iter_next (&iter, (gpointer *) &id, NULL))
    if (!g_hash_table_contains (found, id))
      g_hash_table_iter_remove (&iter);

  selection_changed (self);
}

static void
unselect_all_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  OrgaStudentsPage *self = ORGA_STUDENTS_PAGE (widget);

  g_hash_table_remove_all (self->checked);
  /* The rows alive read their boxes again. */
  for (guint i = 0; i < self->check_items->len; i++)
    {
      GtkListItem *item = g_ptr_array_index (self->check_items, i);
      OrgaLearnerSlot *slot = gtk_list_item_get_item (item);

      if (slot != NULL)
        update_check (GTK_CHECK_BUTTON (gtk_list_item_get_child (item)), NULL, slot);
    }
  selection_changed (self);
}

/* ------------------------------------------------------------------------
 * "Gérer le compte"
 * ------------------------------------------------------------------------ */

static gboolean
fetch_one_cb (const OrgaLearnerRow *row,
              gpointer              user_data)
{
  OrgaLearner **learner = user_data;

  *learner = orga_learner_new_from_row (row);
  return FALSE;
}

/* students.manage-account(x): the student of id x. */
static void
manage_account_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  OrgaStudentsPage *self = ORGA_STUDENTS_PAGE (widget);
  g_autoptr(OrgaLearner) learner = NULL;
  g_autoptr(GError) error = NULL;
  gint64 id = g_variant_get_int64 (parameter);

  if (self->context == NULL)
    return;

  if (!orga_store_fetch_learners_by_id (orga_context_get_store (self->context), &id, 1,
                                        fetch_one_cb, &learner, &error))
    g_warning ("Could not read the student: %s", error->message);
  if (learner == NULL)
    return;

  gtk_window_present (GTK_WINDOW (orga_student_account_dialog_new (orga_widget_get_window (widget),
                                                                   self->connection, learner)));
}

static void
update_actions_button (GtkButton       *button,
                       GParamSpec      *pspec,
                       OrgaLearnerSlot *slot)
{
  OrgaLearner *learner = orga_learner_slot_get_learner (slot);

  gtk_widget_set_sensitive (GTK_WIDGET (button), learner != NULL);
  if (learner != NULL)
    gtk_actionable_set_action_target_value (GTK_ACTIONABLE (button),
                                            g_variant_new_int64 (orga_learner_get_id (learner)));
}

static void
setup_actions_cb (OrgaStudentsPage         *self,
                  GtkListItem              *item,
                  GtkSignalListItemFactory *factory)
{
  GtkWidget *button = gtk_button_new_from_icon_name ("system-users-symbolic");

  gtk_widget_set_tooltip_text (button, _("Manage the Account"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Manage the Account"), -1);
  gtk_widget_add_css_class (button, "flat");
  gtk_widget_set_halign (button, GTK_ALIGN_START);
  /* A target of the action's type before its name: set when bound. */
  gtk_actionable_set_action_target_value (GTK_ACTIONABLE (button), g_variant_new_int64 (0));
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "students.manage-account");
  gtk_list_item_set_child (item, button);
}

/* The rows follow the students in their slots (OrgaLearnerSlotList): the
 * button's target follows too. Its handler goes with the slot or the
 * button, whichever goes first (g_signal_connect_object). */
static void
bind_actions_cb (OrgaStudentsPage         *self,
                 GtkListItem              *item,
                 GtkSignalListItemFactory *factory)
{
  GtkWidget *button = gtk_list_item_get_child (item);
  OrgaLearnerSlot *slot = gtk_list_item_get_item (item);

  g_signal_connect_object (slot, "notify::learner", G_CALLBACK (update_actions_button), button, G_CONNECT_SWAPPED);
  update_actions_button (GTK_BUTTON (button), NULL, slot);
}

static void
unbind_actions_cb (OrgaStudentsPage         *self,
                   GtkListItem              *item,
                   GtkSignalListItemFactory *factory)
{
  g_signal_handlers_disconnect_by_func (gtk_list_item_get_item (item), update_actions_button,
                                        gtk_list_item_get_child (item));
}

/* ------------------------------------------------------------------------
 * The bulk reset
 * ------------------------------------------------------------------------ */

/* What the reset brought, kept until saved and printed. */
typedef struct
{
  OrgaStudentsPage *self;
  GPtrArray        *credentials;  /* OrgaStudentCredentials */
  char             *school;
  char             *sign_in_url;
} ResetResult;

static void
reset_result_free (ResetResult *result)
{
  g_clear_object (&result->self);
  g_clear_pointer (&result->credentials, g_ptr_array_unref);
  g_free (result->school);
  g_free (result->sign_in_url);
  g_free (result);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ResetResult, reset_result_free)

static void
print_response_cb (AdwMessageDialog *dialog,
                   const char       *response,
                   ResetResult      *result)
{
  g_autoptr(GError) error = NULL;
  OrgaAccountSlips slips = { result->school, result->sign_in_url, result->credentials };

  if (g_strcmp0 (response, "print") == 0 &&
      !orga_account_slips_print (&slips, orga_widget_get_window (GTK_WIDGET (result->self)), &error))
    orga_widget_show_message (GTK_WIDGET (result->self), _("Could not print the slips"), error->message);
}

static void
offer_print (ResetResult *result)
{
  AdwMessageDialog *dialog;
  g_autofree char *body = NULL;
  guint n = result->credentials->len;

  body = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                       "Print one slip for the student, with the username, the one-time password and where to sign in, to hand out in class?",
                                       "Print one slip per student (%u), with the username, the one-time password and where to sign in, to hand out in class?",
                                       n), n);
  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (orga_widget_get_window (GTK_WIDGET (result->self)),
                                                       _("Print the Slips?"), body));
  gtk_window_set_title (GTK_WINDOW (dialog), _("Print the Slips?"));
  adw_message_dialog_add_responses (dialog, "close", _("_Not Now"), "print", _("_Print the Slips…"), NULL);
  adw_message_dialog_set_response_appearance (dialog, "print", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (dialog, "print");
  adw_message_dialog_set_close_response (dialog, "close");
  g_signal_connect_data (dialog, "response", G_CALLBACK (print_response_cb), result,
                         (GClosureNotify) (void (*) (void)) reset_result_free, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
saved_cb (GObject      *source,
          GAsyncResult *res,
          gpointer      user_data)
{
  g_autoptr(ResetResult) result = user_data;
  g_autoptr(GError) error = NULL;

  if (!g_file_replace_contents_finish (G_FILE (source), res, NULL, &error))
    {
      /* The passwords are set on the server: the slips are still the way
       * to hand them out. */
      orga_widget_show_message (GTK_WIDGET (result->self), _("Could not save the file"), error->message);
    }
  offer_print (g_steal_pointer (&result));
}

static void
save_response_cb (GtkNativeDialog *chooser,
                  int              response,
                  ResetResult     *result)
{
  g_autoptr(GFile) file = NULL;
  g_autoptr(GBytes) csv = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
  g_object_unref (chooser);

  if (file == NULL)
    {
      /* Not saved: the slips still hold the passwords. */
      offer_print (result);
      return;
    }

  csv = orga_student_credentials_to_csv (result->credentials);
  g_file_replace_contents_bytes_async (file, csv, NULL, FALSE, G_FILE_CREATE_PRIVATE, NULL,
                                       saved_cb, result);
}

static void
save_csv (ResetResult *result)
{
  GtkFileChooserNative *chooser;
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *stamp = g_date_time_format (now, "%Y-%m-%d-%H%M");
  /* Pix's name for the file, in French whatever the interface. */
  g_autofree char *name = g_strdup_printf ("Identifiants-%s.csv", stamp);

  chooser = gtk_file_chooser_native_new (_("Save the Students’ New Passwords"),
                                         orga_widget_get_window (GTK_WIDGET (result->self)),
                                         GTK_FILE_CHOOSER_ACTION_SAVE, _("_Save"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), name);
  orga_file_chooser_start_in (GTK_FILE_CHOOSER (chooser),
                              result->self->context ? orga_context_get_settings (result->self->context) : NULL,
                              ORGA_FOLDER_EXPORT);
  gtk_file_filter_set_name (filter, _("CSV files"));
  gtk_file_filter_add_suffix (filter, "csv");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), filter);
  g_signal_connect (chooser, "response", G_CALLBACK (save_response_cb), result);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static void
reset_done_cb (GObject      *source,
               GAsyncResult *res,
               gpointer      user_data)
{
  g_autoptr(OrgaStudentsPage) self = user_data;
  g_autoptr(GPtrArray) credentials = NULL;
  g_autoptr(GError) error = NULL;
  OrgaOrganization *organization;
  ResetResult *result;

  credentials = orga_client_reset_student_passwords_finish (ORGA_CLIENT (source), res, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  self->resetting = FALSE;
  _orga_students_page_update_account_actions (self);

  if (credentials == NULL)
    {
      /* All or nothing: nothing changed. */
      orga_widget_show_message (GTK_WIDGET (self), _("The passwords were not reset"), error->message);
      return;
    }

  /* The usernames made show in the list at once. */
  organization = self->context != NULL ? orga_context_get_organization (self->context) : NULL;
  if (organization != NULL)
    {
      OrgaStore *store = orga_context_get_store (self->context);

      for (guint i = 0; i < credentials->len; i++)
        {
          OrgaStudentCredentials *c = g_ptr_array_index (credentials, i);
          g_autoptr(OrgaStudentAccount) account = NULL;
          g_autoptr(GError) local_error = NULL;

          if (c->learner == NULL || c->username == NULL)
            continue;
          account = orga_store_get_student_account (store, organization, c->learner, NULL);
          if (account == NULL)
            account = orga_student_account_new (c->learner, ORGA_LOGIN_METHOD_NONE, NULL, NULL);
          account->methods |= ORGA_LOGIN_METHOD_USERNAME;
          g_free (account->username);
          account->username = g_strdup (c->username);
          if (!orga_store_save_student_account (store, organization, account, &local_error))
            g_warning ("Could not keep a student’s account: %s", local_error->message);
        }
    }

  orga_widget_add_toast (GTK_WIDGET (self),
                         adw_toast_new (_("The passwords of the selected students were reset.")));

  unselect_all_action (GTK_WIDGET (self), NULL, NULL);

  result = g_new0 (ResetResult, 1);
  result->self = g_object_ref (self);
  result->credentials = g_steal_pointer (&credentials);
  result->school = organization != NULL ? orga_organization_dup_title (organization) : NULL;
  result->sign_in_url = g_strconcat (orga_client_get_server_url (ORGA_CLIENT (source)), "/campagnes", NULL);
  save_csv (result);
}

static void
reset_response_cb (AdwMessageDialog *dialog,
                   const char       *response,
                   OrgaStudentsPage *self)
{
  g_autoptr(GPtrArray) uuids = NULL;
  g_autofree char *space_id = NULL;
  GHashTableIter iter;
  const char *uuid;

  if (g_strcmp0 (response, "reset") != 0 || n_checked (self) == 0 || self->resetting)
    return;

  if (!has_server (self))
    {
      orga_widget_show_message (GTK_WIDGET (self), _("The passwords were not reset"),
                                _("Sign in to a Pix Orga server to manage the students’ accounts."));
      return;
    }

  uuids = g_ptr_array_new ();
  g_hash_table_iter_init (&iter, self->checked);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &uuid))
    g_ptr_array_add (uuids, (gpointer) uuid);
  g_ptr_array_add (uuids, NULL);

  space_id = orga_connection_dup_space_id (self->connection);
  self->resetting = TRUE;
  _orga_students_page_update_account_actions (self);
  if (self->accounts_cancellable == NULL)
    self->accounts_cancellable = g_cancellable_new ();
  orga_client_reset_student_passwords_async (orga_connection_get_client (self->connection), space_id,
                                             (const char * const *) uuids->pdata, self->accounts_cancellable,
                                             reset_done_cb, g_object_ref (self));
}

/* "Réinitialisation des mots de passe des élèves avec identifiant". */
static void
reset_passwords_action (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  OrgaStudentsPage *self = ORGA_STUDENTS_PAGE (widget);
  AdwMessageDialog *dialog;
  g_autofree char *body = NULL;
  guint n = n_checked (self);

  if (n == 0 || self->resetting)
    return;

  body = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                       "The selected student gets a new one-time password, to change at the first sign-in; a username is generated first if there is none. Only sign-in by username is affected: e-mail and Mediacentre sign-ins are not. The passwords are then saved as a CSV file, and can be printed as slips.",
                                       "The %u selected students get a new one-time password each, to change at the first sign-in; a username is generated first for those who have none. Only sign-in by username is affected: e-mail and Mediacentre sign-ins are not. The passwords are then saved as a CSV file, and can be printed as slips.",
                                       n), n);
  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (orga_widget_get_window (widget),
                                                       _("Reset of the Passwords of the Students with a Username"),
                                                       body));
  gtk_window_set_title (GTK_WINDOW (dialog), _("Reset of the Passwords of the Students with a Username"));
  adw_message_dialog_add_responses (dialog, "cancel", _("_Cancel"), "reset", _("_Reset the Passwords"), NULL);
  adw_message_dialog_set_response_appearance (dialog, "reset", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (dialog, "cancel");
  adw_message_dialog_set_close_response (dialog, "cancel");
  g_signal_connect_object (dialog, "response", G_CALLBACK (reset_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* ------------------------------------------------------------------------
 * Set-up
 * ------------------------------------------------------------------------ */

void
_orga_students_page_class_init_accounts (GtkWidgetClass   *widget_class,
                                         GtkBuilderCScope *list_scope)
{
  check_item_quark = g_quark_from_static_string ("orga-students-page-check-item");

  gtk_builder_cscope_add_callback (list_scope, setup_check_cb);
  gtk_builder_cscope_add_callback (list_scope, bind_check_cb);
  gtk_builder_cscope_add_callback (list_scope, unbind_check_cb);
  gtk_builder_cscope_add_callback (list_scope, setup_actions_cb);
  gtk_builder_cscope_add_callback (list_scope, bind_actions_cb);
  gtk_builder_cscope_add_callback (list_scope, unbind_actions_cb);

  gtk_widget_class_install_action (widget_class, "students.manage-account", "x", manage_account_action);
  gtk_widget_class_install_action (widget_class, "students.reset-passwords", NULL, reset_passwords_action);
  gtk_widget_class_install_action (widget_class, "students.unselect-all", NULL, unselect_all_action);
}

void
_orga_students_page_init_accounts (OrgaStudentsPage *self)
{
  self->checked = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);
  self->check_items = g_ptr_array_new ();
  _orga_students_page_update_account_actions (self);
}

void
_orga_students_page_init_selection_bar (OrgaStudentsPage *self)
{
  selection_changed (self);
}

void
_orga_students_page_dispose_accounts (OrgaStudentsPage *self)
{
  g_cancellable_cancel (self->accounts_cancellable);
  g_clear_object (&self->accounts_cancellable);
  g_clear_pointer (&self->checked, g_hash_table_unref);
  g_clear_pointer (&self->check_items, g_ptr_array_unref);
}
