/* test-preferences.c: the preferences window writes the app's settings
 * (sync interval, default folders) and shows the bound account's server;
 * the file choosers open in the default folders; the About, shortcuts and
 * preferences windows open from their actions in the real application,
 * with no critical (G_DEBUG=fatal-criticals)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "orga-account-form.h"
#include "orga-application.h"
#include "orga-connection.h"
#include "orga-context.h"
#include "orga-file-chooser.h"
#include "orga-i18n.h"
#include "orga-join-dialog.h"
#include "orga-preferences-window.h"
#include "orga-store-account.h"
#include "orga-ui-test-util.h"
#include "orga-window.h"

#define UAI "0330001A"

static char *temp_dir;

typedef struct
{
  GSettings             *settings;
  OrgaStore             *store;
  OrgaContext           *context;
  OrgaConnection        *connection;
  OrgaPreferencesWindow *window;
} Fixture;

static char *
make_dir (const char *name)
{
  char *path = g_build_filename (temp_dir, name, NULL);

  g_assert_cmpint (g_mkdir_with_parents (path, 0700), ==, 0);
  return path;
}

/* A preferences window on a fresh database; @bound: signed in as an
 * account of orga.example.fr. */
static void
fixture_open (Fixture  *fixture,
              gboolean  bound)
{
  static guint n;
  g_autofree char *name = g_strdup_printf ("prefs-%u.db", n++);
  g_autofree char *db_path = g_build_filename (temp_dir, name, NULL);
  g_autoptr(GError) error = NULL;

  fixture->settings = g_settings_new (APP_ID);
  fixture->store = orga_store_open (db_path, &error);
  g_assert_no_error (error);

  if (bound)
    {
      g_autoptr(OrgaAccount) account = orga_account_new ("https://orga.example.fr", "4b1d6c1e-0000-4000-8000-000000000001",
                                                         "direction@lycee.example.fr", "Claire", "Martin");
      g_autoptr(OrgaSpace) space = orga_space_new ("space-1", UAI, "Lycée Montesquieu", ORGA_ORGANIZATION_KIND_SCO,
                                                   FALSE, ORGA_MEMBER_ROLE_ADMIN);
      g_autoptr(OrgaOrganization) organization = orga_store_bind (fixture->store, account, space, &error);

      g_assert_no_error (error);
      g_assert_nonnull (organization);
    }

  fixture->context = orga_context_new (fixture->store, fixture->settings);
  fixture->connection = orga_connection_new (fixture->context, NULL);
  orga_connection_restore (fixture->connection);
  fixture->window = orga_preferences_window_new (NULL, fixture->connection);
  gtk_window_present (GTK_WINDOW (fixture->window));
  orga_ui_test_spin (200);
}

static void
fixture_close (Fixture *fixture)
{
  orga_ui_test_close_dialogs (NULL);
  orga_ui_test_spin (100);
  /* Back to the defaults for the next test (one memory backend). */
  g_settings_reset (fixture->settings, "sync-interval");
  g_settings_reset (fixture->settings, "import-folder");
  g_settings_reset (fixture->settings, "export-folder");
  g_settings_reset (fixture->settings, "last-folder");
  g_clear_object (&fixture->connection);
  g_clear_object (&fixture->context);
  g_clear_object (&fixture->store);
  g_clear_object (&fixture->settings);
}

static gpointer
child (Fixture    *fixture,
       const char *name)
{
  GObject *object = gtk_widget_get_template_child (GTK_WIDGET (fixture->window), ORGA_TYPE_PREFERENCES_WINDOW, name);

  g_assert_nonnull (object);
  return object;
}

/* Typing a number in the field and pressing Enter writes the key; the
 * key changed elsewhere shows in the field; the schema's range holds. */
static void
test_sync_interval (void)
{
  Fixture fixture = { 0 };
  GtkSpinButton *spin;

  fixture_open (&fixture, FALSE);
  spin = child (&fixture, "interval_spin");
  g_assert_cmpuint (g_settings_get_uint (fixture.settings, "sync-interval"), ==, 1);
  g_assert_cmpint (gtk_spin_button_get_value_as_int (spin), ==, 1);

  gtk_widget_grab_focus (GTK_WIDGET (spin));
  gtk_editable_set_text (GTK_EDITABLE (spin), "15");
  gtk_spin_button_update (spin);
  g_assert_cmpuint (g_settings_get_uint (fixture.settings, "sync-interval"), ==, 15);

  g_settings_set_uint (fixture.settings, "sync-interval", 30);
  g_assert_cmpint (gtk_spin_button_get_value_as_int (spin), ==, 30);

  /* Beyond the range of the schema: the field keeps to 60. */
  gtk_editable_set_text (GTK_EDITABLE (spin), "500");
  gtk_spin_button_update (spin);
  g_assert_cmpuint (g_settings_get_uint (fixture.settings, "sync-interval"), ==, 60);

  fixture_close (&fixture);
}

/* The chooser's window (GTK's own dialog without a portal) is shown and
 * laid out: what a user sees before choosing. */
static gboolean
chooser_shown_cb (gpointer data)
{
  GtkWindow *dialog = orga_ui_test_find_toplevel (GTK_TYPE_FILE_CHOOSER_DIALOG);

  return dialog != NULL && gtk_widget_get_mapped (GTK_WIDGET (dialog)) && gtk_widget_get_width (GTK_WIDGET (dialog)) > 0;
}

/* "Choisir…" opens a folder chooser starting where imports go; choosing
 * a folder writes the key and shows it; the reset button forgets it. */
static void
test_choose_folder (void)
{
  Fixture fixture = { 0 };
  g_autofree char *imports = make_dir ("imports");
  g_autofree char *exports = make_dir ("exports");
  g_autofree char *last = make_dir ("last");
  g_autofree char *settings_path = NULL;
  GtkNativeDialog *chooser;
  g_autoptr(GFile) folder = g_file_new_for_path (imports);
  g_autoptr(GFile) start = NULL;

  fixture_open (&fixture, FALSE);
  g_settings_set_string (fixture.settings, "last-folder", last);
  g_assert_cmpstr (adw_action_row_get_subtitle (child (&fixture, "import_row")), ==, _("The folder of the last import"));
  g_assert_false (gtk_widget_get_visible (child (&fixture, "import_reset_button")));

  g_signal_emit_by_name (child (&fixture, "import_choose_button"), "clicked");
  chooser = orga_preferences_window_get_folder_chooser (fixture.window);
  g_assert_nonnull (chooser);
  /* No folder for imports yet: it opens in the last import's (the
   * chooser reads the folder's type first). */
  orga_ui_test_wait_until (chooser_shown_cb, NULL);
  orga_ui_test_spin (200);
  start = gtk_file_chooser_get_current_folder (GTK_FILE_CHOOSER (chooser));
  g_assert_nonnull (start);
  g_assert_cmpstr (g_file_peek_path (start), ==, last);

  gtk_file_chooser_set_current_folder (GTK_FILE_CHOOSER (chooser), folder, NULL);
  orga_ui_test_spin (100);
  g_signal_emit_by_name (chooser, "response", GTK_RESPONSE_ACCEPT);
  orga_ui_test_spin (50);

  settings_path = g_settings_get_string (fixture.settings, "import-folder");
  g_assert_cmpstr (settings_path, ==, imports);
  g_assert_null (orga_preferences_window_get_folder_chooser (fixture.window));
  g_assert_cmpstr (adw_action_row_get_subtitle (child (&fixture, "import_row")), ==, imports);
  g_assert_true (gtk_widget_get_visible (child (&fixture, "import_reset_button")));
  /* The other key is untouched. */
  g_clear_pointer (&settings_path, g_free);
  settings_path = g_settings_get_string (fixture.settings, "export-folder");
  g_assert_cmpstr (settings_path, ==, "");

  /* Cancelling changes nothing. */
  g_signal_emit_by_name (child (&fixture, "export_choose_button"), "clicked");
  chooser = orga_preferences_window_get_folder_chooser (fixture.window);
  g_assert_nonnull (chooser);
  orga_ui_test_wait_until (chooser_shown_cb, NULL);
  g_signal_emit_by_name (chooser, "response", GTK_RESPONSE_CANCEL);
  orga_ui_test_spin (50);
  g_assert_null (orga_preferences_window_get_folder_chooser (fixture.window));
  g_clear_pointer (&settings_path, g_free);
  settings_path = g_settings_get_string (fixture.settings, "export-folder");
  g_assert_cmpstr (settings_path, ==, "");

  g_signal_emit_by_name (child (&fixture, "import_reset_button"), "clicked");
  g_clear_pointer (&settings_path, g_free);
  settings_path = g_settings_get_string (fixture.settings, "import-folder");
  g_assert_cmpstr (settings_path, ==, "");
  g_assert_false (gtk_widget_get_visible (child (&fixture, "import_reset_button")));

  orga_ui_test_remove_dir (imports);
  orga_ui_test_remove_dir (exports);
  orga_ui_test_remove_dir (last);
  fixture_close (&fixture);
}

static char *
start_path (GSettings         *settings,
            OrgaFolderPurpose  purpose)
{
  GtkFileChooserNative *chooser = gtk_file_chooser_native_new ("test", NULL, GTK_FILE_CHOOSER_ACTION_SAVE, NULL, NULL);
  g_autoptr(GFile) folder = NULL;
  char *path = NULL;

  if (orga_file_chooser_start_in (GTK_FILE_CHOOSER (chooser), settings, purpose))
    {
      orga_ui_test_spin (100);
      folder = gtk_file_chooser_get_current_folder (GTK_FILE_CHOOSER (chooser));
      g_assert_nonnull (folder);
      path = g_file_get_path (folder);
    }
  gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (chooser));
  g_object_unref (chooser);
  return path;
}

/* The one rule of the app's choosers: the default folder of the
 * purpose, else the last import's, else none; a folder gone is skipped. */
static void
test_chooser_helper (void)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  g_autofree char *imports = make_dir ("h-imports");
  g_autofree char *exports = make_dir ("h-exports");
  g_autofree char *last = make_dir ("h-last");
  g_autofree char *gone = g_build_filename (temp_dir, "h-gone", NULL);
  char *path;

  g_assert_null (start_path (settings, ORGA_FOLDER_IMPORT));
  g_assert_null (start_path (NULL, ORGA_FOLDER_IMPORT));

  g_settings_set_string (settings, "last-folder", last);
  path = start_path (settings, ORGA_FOLDER_EXPORT);
  g_assert_cmpstr (path, ==, last);
  g_free (path);

  g_settings_set_string (settings, "import-folder", imports);
  g_settings_set_string (settings, "export-folder", exports);
  path = start_path (settings, ORGA_FOLDER_IMPORT);
  g_assert_cmpstr (path, ==, imports);
  g_free (path);
  path = start_path (settings, ORGA_FOLDER_EXPORT);
  g_assert_cmpstr (path, ==, exports);
  g_free (path);

  g_settings_set_string (settings, "import-folder", gone);
  path = start_path (settings, ORGA_FOLDER_IMPORT);
  g_assert_cmpstr (path, ==, last);
  g_free (path);

  g_settings_reset (settings, "import-folder");
  g_settings_reset (settings, "export-folder");
  g_settings_reset (settings, "last-folder");
  orga_ui_test_remove_dir (imports);
  orga_ui_test_remove_dir (exports);
  orga_ui_test_remove_dir (last);
}

/* Signed out: the address is typed, and applying it opens the sign-in
 * dialog (signing in keeps it with the account); a wrong one does not. */
static void
test_server_signed_out (void)
{
  Fixture fixture = { 0 };
  AdwEntryRow *row;
  GtkWindow *dialog;
  GObject *form, *server, *email;

  fixture_open (&fixture, FALSE);
  row = child (&fixture, "server_row");
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (row)));
  g_assert_false (gtk_widget_get_visible (child (&fixture, "server_info_row")));
  g_assert_true (gtk_widget_get_visible (child (&fixture, "sign_in_button")));

  gtk_editable_set_text (GTK_EDITABLE (row), "ftp://orga.example.fr");
  g_signal_emit_by_name (row, "apply");
  orga_ui_test_spin (100);
  g_assert_null (orga_ui_test_find_toplevel (ORGA_TYPE_JOIN_DIALOG));

  gtk_editable_set_text (GTK_EDITABLE (row), "orga.example.fr");
  g_signal_emit_by_name (child (&fixture, "sign_in_button"), "clicked");
  orga_ui_test_spin (100);
  dialog = orga_ui_test_find_toplevel (ORGA_TYPE_JOIN_DIALOG);
  g_assert_nonnull (dialog);
  g_assert_true (gtk_window_get_transient_for (dialog) == GTK_WINDOW (fixture.window));

  /* The address typed here, normalized; the e-mail address to type next. */
  form = gtk_widget_get_template_child (GTK_WIDGET (dialog), ORGA_TYPE_JOIN_DIALOG, "account_form");
  g_assert_nonnull (form);
  server = gtk_widget_get_template_child (GTK_WIDGET (form), ORGA_TYPE_ACCOUNT_FORM, "server_row");
  email = gtk_widget_get_template_child (GTK_WIDGET (form), ORGA_TYPE_ACCOUNT_FORM, "email_row");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (server)), ==, "https://orga.example.fr");
  g_assert_nonnull (gtk_window_get_focus (dialog));
  g_assert_true (gtk_widget_is_ancestor (gtk_window_get_focus (dialog), GTK_WIDGET (email)));

  fixture_close (&fixture);
}

/* Signed in: the account's server and who, read-only. */
static void
test_server_signed_in (void)
{
  Fixture fixture = { 0 };

  fixture_open (&fixture, TRUE);
  g_assert_false (gtk_widget_get_visible (child (&fixture, "server_row")));
  g_assert_true (gtk_widget_get_visible (child (&fixture, "server_info_row")));
  g_assert_cmpstr (adw_action_row_get_subtitle (child (&fixture, "server_info_row")), ==, "https://orga.example.fr");
  g_assert_false (gtk_widget_get_visible (child (&fixture, "sign_in_button")));
  g_assert_cmpstr (adw_action_row_get_subtitle (child (&fixture, "account_row")), ==,
                   "Claire Martin (direction@lycee.example.fr)");

  /* The screenshot's: a head teacher's folders (shown, not opened). */
  g_settings_set_string (fixture.settings, "import-folder", "/home/direction/Documents/SIECLE");
  g_settings_set_string (fixture.settings, "export-folder", "/home/direction/Documents/Pix Orga");
  g_settings_set_uint (fixture.settings, "sync-interval", 5);
  g_assert_cmpint (gtk_spin_button_get_value_as_int (child (&fixture, "interval_spin")), ==, 5);
  orga_ui_test_shoot (GTK_WINDOW (fixture.window), "preferences");
  fixture_close (&fixture);
}

/* ------------------------------------------------------------------------
 * The real application: its actions open the windows
 * ------------------------------------------------------------------------ */

static gboolean
has_toplevel_cb (gpointer data)
{
  return orga_ui_test_find_toplevel (GPOINTER_TO_SIZE (data)) != NULL;
}

static void
test_app_windows (void)
{
  g_autoptr(OrgaApplication) app = orga_application_new ();
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) accels = NULL;
  GtkWindow *window;
  GtkWindow *dialog;
  GtkWidget *pages;

  g_application_set_flags (G_APPLICATION (app), g_application_get_flags (G_APPLICATION (app)) | G_APPLICATION_NON_UNIQUE);
  g_assert_true (g_application_register (G_APPLICATION (app), NULL, &error));
  g_assert_no_error (error);
  g_application_activate (G_APPLICATION (app));
  orga_ui_test_spin (300);

  window = gtk_application_get_active_window (GTK_APPLICATION (app));
  g_assert_true (ORGA_IS_WINDOW (window));

  /* The accelerators of the application's actions. */
  accels = gtk_application_get_accels_for_action (GTK_APPLICATION (app), "win.show-help-overlay");
  g_assert_cmpstr (accels[0], ==, "<Control>question");
  g_clear_pointer (&accels, g_strfreev);
  accels = gtk_application_get_accels_for_action (GTK_APPLICATION (app), "app.quit");
  g_assert_cmpstr (accels[0], ==, "<Control>q");

  g_action_group_activate_action (G_ACTION_GROUP (app), "about", NULL);
  orga_ui_test_wait_until (has_toplevel_cb, GSIZE_TO_POINTER (ADW_TYPE_ABOUT_WINDOW));
  dialog = orga_ui_test_find_toplevel (ADW_TYPE_ABOUT_WINDOW);
  g_assert_cmpstr (adw_about_window_get_version (ADW_ABOUT_WINDOW (dialog)), ==, PACKAGE_VERSION);
  /* GTK_LICENSE_GPL_3_0 is "version 3 or later": GPL-3.0-or-later. */
  g_assert_cmpint (adw_about_window_get_license_type (ADW_ABOUT_WINDOW (dialog)), ==, GTK_LICENSE_GPL_3_0);
  g_assert_cmpstr (adw_about_window_get_website (ADW_ABOUT_WINDOW (dialog)), ==, PACKAGE_WEBSITE);
  g_assert_cmpstr (adw_about_window_get_issue_url (ADW_ABOUT_WINDOW (dialog)), ==, PACKAGE_ISSUE_URL);
  g_assert_cmpstr (adw_about_window_get_translator_credits (ADW_ABOUT_WINDOW (dialog)), ==, _("translator-credits"));
  orga_ui_test_shoot (dialog, "about");
  gtk_window_destroy (dialog);

  gtk_widget_activate_action (GTK_WIDGET (window), "win.show-help-overlay", NULL);
  orga_ui_test_wait_until (has_toplevel_cb, GSIZE_TO_POINTER (GTK_TYPE_SHORTCUTS_WINDOW));
  dialog = orga_ui_test_find_toplevel (GTK_TYPE_SHORTCUTS_WINDOW);
  g_assert_true (gtk_window_get_transient_for (dialog) == window);
  /* Not GtkApplication's help overlay: no hidden window stays behind. */
  g_assert_null (gtk_application_window_get_help_overlay (GTK_APPLICATION_WINDOW (window)));
  gtk_window_set_default_size (dialog, 1000, 700);
  orga_ui_test_shoot (dialog, "shortcuts");
  /* Asked again while open: the same window comes forward. */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.show-help-overlay", NULL);
  g_assert_true (orga_ui_test_find_toplevel (GTK_TYPE_SHORTCUTS_WINDOW) == dialog);
  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *) &dialog);
  gtk_window_close (dialog);
  orga_ui_test_spin (100);
  g_assert_null (dialog);

  gtk_widget_activate_action (GTK_WIDGET (window), "win.preferences", NULL);
  orga_ui_test_wait_until (has_toplevel_cb, GSIZE_TO_POINTER (ORGA_TYPE_PREFERENCES_WINDOW));
  dialog = orga_ui_test_find_toplevel (ORGA_TYPE_PREFERENCES_WINDOW);
  g_assert_true (gtk_window_get_transient_for (dialog) == window);
  gtk_window_destroy (dialog);

  /* F1 and Alt+1…5: the school made by the set-up shows its sidebar. */
  pages = (GtkWidget *) gtk_widget_get_template_child (GTK_WIDGET (window), ORGA_TYPE_WINDOW, "pages");
  gtk_widget_activate_action (GTK_WIDGET (window), "win.show-page", "s", "documentation");
  g_assert_cmpstr (gtk_stack_get_visible_child_name (GTK_STACK (pages)), ==, "documentation");
  gtk_widget_activate_action (GTK_WIDGET (window), "win.show-page", "s", "campaigns");
  g_assert_cmpstr (gtk_stack_get_visible_child_name (GTK_STACK (pages)), ==, "campaigns");
  orga_ui_test_spin (300);

  gtk_window_destroy (window);
  orga_ui_test_spin (100);
  g_application_quit (G_APPLICATION (app));
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autofree char *db_path = NULL;
  g_autoptr(OrgaStore) store = NULL;
  g_autoptr(OrgaOrganization) organization = NULL;
  int status;

  temp_dir = g_dir_make_tmp ("pixorga-preferences-test-XXXXXX", &error);
  g_assert_no_error (error);
  /* The application's own database and token files, in here. */
  db_path = g_build_filename (temp_dir, "app.db", NULL);
  g_setenv ("PIXORGA_DB", db_path, TRUE);
  g_setenv ("PIXORGA_TOKEN_STORE", "file", TRUE);
  g_setenv ("XDG_DATA_HOME", temp_dir, TRUE);

  orga_i18n_init (TRUE);
  textdomain (GETTEXT_PACKAGE);
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  store = orga_store_open (db_path, &error);
  g_assert_no_error (error);
  organization = orga_store_create_organization (store, UAI, "Lycée Montesquieu", ORGA_ORGANIZATION_KIND_SCO, &error);
  g_assert_no_error (error);
  g_clear_object (&store);

  g_test_add_func ("/preferences/sync-interval", test_sync_interval);
  g_test_add_func ("/preferences/choose-folder", test_choose_folder);
  g_test_add_func ("/preferences/chooser-helper", test_chooser_helper);
  g_test_add_func ("/preferences/server-signed-out", test_server_signed_out);
  g_test_add_func ("/preferences/server-signed-in", test_server_signed_in);
  g_test_add_func ("/preferences/app-windows", test_app_windows);

  status = g_test_run ();

  orga_ui_test_remove_dir (temp_dir);
  g_free (temp_dir);
  return status;
}
