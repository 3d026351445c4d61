/* orga-preferences-window.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "orga-preferences-window"

#include "config.h"

#include <glib/gi18n.h>

#include "orga-file-chooser.h"
#include "orga-join-dialog.h"
#include "orga-preferences-window.h"
#include "orga-widget-util.h"

struct _OrgaPreferencesWindow
{
  AdwPreferencesWindow  parent_instance;

  /* template widgets */
  AdwEntryRow          *server_row;
  AdwActionRow         *server_info_row;
  AdwActionRow         *account_row;
  GtkWidget            *sign_in_button;
  GtkWidget            *sync_group;
  GtkSpinButton        *interval_spin;
  GtkWidget            *folders_group;
  AdwActionRow         *import_row;
  AdwActionRow         *export_row;
  GtkWidget            *import_reset_button;
  GtkWidget            *export_reset_button;
  GtkWidget            *import_choose_button;
  GtkWidget            *export_choose_button;

  /* owned */
  OrgaConnection       *connection;
  GSettings            *settings;       /* the context's; NULL in some tests */
  GtkNativeDialog      *chooser;
  char                 *chooser_key;    /* the key @chooser is for */
};

G_DEFINE_FINAL_TYPE (OrgaPreferencesWindow, orga_preferences_window, ADW_TYPE_PREFERENCES_WINDOW)

enum {
  PROP_0,
  PROP_CONNECTION,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static gboolean
is_folder_key (const char *key)
{
  return g_strcmp0 (key, "import-folder") == 0 || g_strcmp0 (key, "export-folder") == 0;
}

static void
toast (OrgaPreferencesWindow *self,
       const char            *title)
{
  adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (self), adw_toast_new (title));
}

/* ------------------------------------------------------------------------
 * Server and account
 * ------------------------------------------------------------------------ */

/* The server is the bound account's: it cannot change under a signed-in
 * account (its token and its spaces are that server's), so it is shown,
 * not edited, then; signing out is the way to another server. */
static void
update_account (OrgaPreferencesWindow *self)
{
  OrgaAccount *account = orga_connection_get_account (self->connection);

  if (account != NULL)
    {
      g_autofree char *name = orga_account_dup_display_name (account);
      g_autofree char *subtitle = g_strdup_printf ("%s (%s)", name, orga_account_get_email (account));

      adw_action_row_set_subtitle (self->server_info_row, orga_account_get_server_url (account));
      gtk_widget_set_visible (GTK_WIDGET (self->server_info_row), TRUE);
      gtk_widget_set_visible (GTK_WIDGET (self->server_row), FALSE);
      adw_action_row_set_subtitle (self->account_row, subtitle);
      gtk_widget_set_visible (self->sign_in_button, FALSE);
      return;
    }

  gtk_widget_set_visible (GTK_WIDGET (self->server_info_row), FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->server_row), TRUE);
  adw_action_row_set_subtitle (self->account_row, _("Not signed in: the space stays on this computer."));
  gtk_widget_set_visible (self->sign_in_button, TRUE);
}

/* A server address is kept by signing in on it (the account row of the
 * store): the sign-in dialog opens with the address typed here. */
static void
sign_in (OrgaPreferencesWindow *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->server_row));
  g_autofree char *server_url = NULL;
  OrgaJoinDialog *dialog;

  if (orga_connection_get_account (self->connection) != NULL)
    return;

  if (*text != '\0' && (server_url = orga_server_url_normalize (text)) == NULL)
    {
      toast (self, _("Enter the address of a server, such as https://orga.example.fr."));
      gtk_widget_grab_focus (GTK_WIDGET (self->server_row));
      return;
    }

  dialog = orga_join_dialog_new (GTK_WINDOW (self), self->connection, NULL);
  if (server_url != NULL)
    orga_join_dialog_set_server_url (dialog, server_url);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
server_apply_cb (OrgaPreferencesWindow *self)
{
  sign_in (self);
}

static void
sign_in_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  sign_in (ORGA_PREFERENCES_WINDOW (widget));
}

/* ------------------------------------------------------------------------
 * Folders
 * ------------------------------------------------------------------------ */

static void
update_folder_row (AdwActionRow *row,
                   GtkWidget    *reset_button,
                   GSettings    *settings,
                   const char   *key)
{
  g_autofree char *path = settings ? g_settings_get_string (settings, key) : NULL;
  gboolean set = path != NULL && *path != '\0';

  adw_action_row_set_subtitle (row, set ? path : _("The folder of the last import"));
  gtk_widget_set_visible (reset_button, set);
}

static void
update_folders (OrgaPreferencesWindow *self)
{
  update_folder_row (self->import_row, self->import_reset_button, self->settings, "import-folder");
  update_folder_row (self->export_row, self->export_reset_button, self->settings, "export-folder");
}

static void
close_chooser (OrgaPreferencesWindow *self)
{
  if (self->chooser != NULL)
    gtk_native_dialog_destroy (self->chooser);
  g_clear_object (&self->chooser);
  g_clear_pointer (&self->chooser_key, g_free);
}

static void
chooser_response_cb (OrgaPreferencesWindow *self,
                     int                    response,
                     GtkNativeDialog       *chooser)
{
  g_autoptr(GFile) folder = NULL;
  g_autofree char *path = NULL;

  if (response != GTK_RESPONSE_ACCEPT || self->settings == NULL)
    {
      close_chooser (self);
      return;
    }

  /* "Select" with nothing selected means the folder shown. */
  folder = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
  if (folder == NULL)
    folder = gtk_file_chooser_get_current_folder (GTK_FILE_CHOOSER (chooser));
  path = folder ? g_file_get_path (folder) : NULL;
  if (path == NULL)
    toast (self, _("Choose a folder on this computer."));
  else
    g_settings_set_string (self->settings, self->chooser_key, path);
  close_chooser (self);
}

static void
choose_folder_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  OrgaPreferencesWindow *self = ORGA_PREFERENCES_WINDOW (widget);
  const char *key = g_variant_get_string (parameter, NULL);
  gboolean import = g_strcmp0 (key, "import-folder") == 0;
  GtkFileChooserNative *chooser;

  g_return_if_fail (is_folder_key (key));
  if (self->settings == NULL)
    return;

  close_chooser (self);
  chooser = gtk_file_chooser_native_new (import ? _("Choose the Folder for Imports") : _("Choose the Folder for Exports"),
                                         GTK_WINDOW (self), GTK_FILE_CHOOSER_ACTION_SELECT_FOLDER,
                                         _("_Select"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  orga_file_chooser_start_in (GTK_FILE_CHOOSER (chooser), self->settings,
                              import ? ORGA_FOLDER_IMPORT : ORGA_FOLDER_EXPORT);
  g_signal_connect_object (chooser, "response", G_CALLBACK (chooser_response_cb), self, G_CONNECT_SWAPPED);
  self->chooser = GTK_NATIVE_DIALOG (chooser);
  self->chooser_key = g_strdup (key);
  gtk_native_dialog_show (self->chooser);
}

static void
reset_folder_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  OrgaPreferencesWindow *self = ORGA_PREFERENCES_WINDOW (widget);
  const char *key = g_variant_get_string (parameter, NULL);

  g_return_if_fail (is_folder_key (key));
  if (self->settings != NULL)
    g_settings_reset (self->settings, key);
}

/* ------------------------------------------------------------------------
 * GObject
 * ------------------------------------------------------------------------ */

static void
orga_preferences_window_constructed (GObject *object)
{
  OrgaPreferencesWindow *self = ORGA_PREFERENCES_WINDOW (object);
  OrgaContext *context;

  G_OBJECT_CLASS (orga_preferences_window_parent_class)->constructed (object);

  g_assert (self->connection != NULL);
  context = orga_connection_get_context (self->connection);
  g_set_object (&self->settings, orga_context_get_settings (context));

  g_signal_connect_object (self->connection, "notify::account", G_CALLBACK (update_account),
                           self, G_CONNECT_SWAPPED);
  update_account (self);

  /* Without settings (some tests) there is nothing to keep them in. */
  gtk_widget_set_sensitive (self->sync_group, self->settings != NULL);
  gtk_widget_set_sensitive (self->folders_group, self->settings != NULL);
  if (self->settings != NULL)
    {
      g_settings_bind (self->settings, "sync-interval",
                       gtk_spin_button_get_adjustment (self->interval_spin), "value",
                       G_SETTINGS_BIND_DEFAULT);
      g_signal_connect_object (self->settings, "changed::import-folder", G_CALLBACK (update_folders),
                               self, G_CONNECT_SWAPPED);
      g_signal_connect_object (self->settings, "changed::export-folder", G_CALLBACK (update_folders),
                               self, G_CONNECT_SWAPPED);
    }
  update_folders (self);

  orga_widget_name_search (GTK_WIDGET (self), _("Search Preferences"));

  /* The first setting, not the header bar's search or page switcher. */
  if (gtk_widget_get_visible (GTK_WIDGET (self->server_row)))
    gtk_widget_grab_focus (GTK_WIDGET (self->server_row));
  else
    gtk_widget_grab_focus (GTK_WIDGET (self->interval_spin));
}

static void
orga_preferences_window_dispose (GObject *object)
{
  OrgaPreferencesWindow *self = ORGA_PREFERENCES_WINDOW (object);

  close_chooser (self);
  gtk_widget_dispose_template (GTK_WIDGET (self), ORGA_TYPE_PREFERENCES_WINDOW);
  g_clear_object (&self->settings);
  g_clear_object (&self->connection);

  G_OBJECT_CLASS (orga_preferences_window_parent_class)->dispose (object);
}

static void
orga_preferences_window_get_property (GObject    *object,
                                      guint       prop_id,
                                      GValue     *value,
                                      GParamSpec *pspec)
{
  OrgaPreferencesWindow *self = ORGA_PREFERENCES_WINDOW (object);

  switch (prop_id)
    {
    case PROP_CONNECTION:
      g_value_set_object (value, self->connection);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
orga_preferences_window_set_property (GObject      *object,
                                      guint         prop_id,
                                      const GValue *value,
                                      GParamSpec   *pspec)
{
  OrgaPreferencesWindow *self = ORGA_PREFERENCES_WINDOW (object);

  switch (prop_id)
    {
    case PROP_CONNECTION:
      self->connection = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
orga_preferences_window_class_init (OrgaPreferencesWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = orga_preferences_window_constructed;
  object_class->dispose = orga_preferences_window_dispose;
  object_class->get_property = orga_preferences_window_get_property;
  object_class->set_property = orga_preferences_window_set_property;

  properties[PROP_CONNECTION] =
    g_param_spec_object ("connection", NULL, NULL, ORGA_TYPE_CONNECTION,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/pixorga/PixOrga/ui/orga-preferences-window.ui");
  gtk_widget_class_bind_template_child (widget_class, OrgaPreferencesWindow, server_row);
  gtk_widget_class_bind_template_child (widget_class, OrgaPreferencesWindow, server_info_row);
  gtk_widget_class_bind_template_child (widget_class, OrgaPreferencesWindow, account_row);
  gtk_widget_class_bind_template_child (widget_class, OrgaPreferencesWindow, sign_in_button);
  gtk_widget_class_bind_template_child (widget_class, OrgaPreferencesWindow, sync_group);
  gtk_widget_class_bind_template_child (widget_class, OrgaPreferencesWindow, interval_spin);
  gtk_widget_class_bind_template_child (widget_class, OrgaPreferencesWindow, folders_group);
  gtk_widget_class_bind_template_child (widget_class, OrgaPreferencesWindow, import_row);
  gtk_widget_class_bind_template_child (widget_class, OrgaPreferencesWindow, export_row);
  gtk_widget_class_bind_template_child (widget_class, OrgaPreferencesWindow, import_reset_button);
  gtk_widget_class_bind_template_child (widget_class, OrgaPreferencesWindow, export_reset_button);
  gtk_widget_class_bind_template_child (widget_class, OrgaPreferencesWindow, import_choose_button);
  gtk_widget_class_bind_template_child (widget_class, OrgaPreferencesWindow, export_choose_button);
  gtk_widget_class_bind_template_callback (widget_class, server_apply_cb);

  gtk_widget_class_install_action (widget_class, "preferences.sign-in", NULL, sign_in_action);
  gtk_widget_class_install_action (widget_class, "preferences.choose-folder", "s", choose_folder_action);
  gtk_widget_class_install_action (widget_class, "preferences.reset-folder", "s", reset_folder_action);
}

static void
orga_preferences_window_init (OrgaPreferencesWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  orga_widget_fit_to_parent (GTK_WINDOW (self));
}

OrgaPreferencesWindow *
orga_preferences_window_new (GtkWindow      *parent,
                             OrgaConnection *connection)
{
  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (ORGA_IS_CONNECTION (connection), NULL);

  return g_object_new (ORGA_TYPE_PREFERENCES_WINDOW, "transient-for", parent, "connection", connection, NULL);
}

GtkNativeDialog *
orga_preferences_window_get_folder_chooser (OrgaPreferencesWindow *self)
{
  g_return_val_if_fail (ORGA_IS_PREFERENCES_WINDOW (self), NULL);
  return self->chooser;
}
