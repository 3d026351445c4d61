/* orga-application.c: single instance; files given on the command line or
 * opened with the app are imported in the running window
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "orga-application"

#include "config.h"

#include <glib/gi18n.h>

#include "orga-application.h"
#include "orga-connection.h"
#include "orga-context.h"
#include "orga-window.h"

struct _OrgaApplication
{
  AdwApplication  parent_instance;

  OrgaContext    *context;
  OrgaConnection *connection;
  GError         *open_error;    /* why the database could not be opened */
};

G_DEFINE_FINAL_TYPE (OrgaApplication, orga_application, ADW_TYPE_APPLICATION)

/* The database, the school and, in a thread, its student list. Called
 * before GTK starts (see startup()), so that the list is read while GTK
 * and libadwaita load their style sheets: no GTK here. */
static void
open_context (OrgaApplication *self)
{
  g_autoptr(OrgaStore) store = NULL;
  g_autoptr(OrgaOrganization) organization = NULL;
  g_autoptr(GSettings) settings = NULL;
  g_autoptr(GError) error = NULL;

  if (self->context != NULL || self->open_error != NULL)
    return;

  store = orga_store_open (NULL, &self->open_error);
  if (store == NULL)
    return;

  settings = g_settings_new (APP_ID);
  self->context = orga_context_new (store, settings);

  organization = orga_store_get_organization (store, &error);
  if (error != NULL)
    g_warning ("Could not read the school: %s", error->message);
  orga_context_set_organization (self->context, organization);
  orga_context_prefetch_learner_list (self->context);
}

static gboolean
ensure_context (OrgaApplication *self)
{
  g_autoptr(GError) error = NULL;
  AdwMessageDialog *dialog;

  open_context (self);
  if (self->context != NULL)
    return TRUE;

  /* Nothing can work without the database: say why, in words. The next
   * activation tries again. */
  error = g_steal_pointer (&self->open_error);
  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (NULL, _("PixOrga Cannot Start"), error->message));
  adw_message_dialog_add_response (dialog, "close", _("_Close"));
  adw_message_dialog_set_default_response (dialog, "close");
  adw_message_dialog_set_close_response (dialog, "close");
  gtk_window_set_application (GTK_WINDOW (dialog), GTK_APPLICATION (self));
  gtk_window_present (GTK_WINDOW (dialog));
  return FALSE;
}

static OrgaWindow *
get_window (OrgaApplication *self)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));

  if (ORGA_IS_WINDOW (window))
    return ORGA_WINDOW (window);

  if (!ensure_context (self))
    return NULL;

  /* The account and its token, once GTK runs: the keyring answers on
   * the session bus while the window shows. */
  if (self->connection == NULL)
    {
      self->connection = orga_connection_new (self->context, NULL);
      orga_connection_restore (self->connection);
    }

  return orga_window_new_with_connection (ADW_APPLICATION (self), self->connection);
}

static void
orga_application_activate (GApplication *application)
{
  OrgaWindow *window = get_window (ORGA_APPLICATION (application));

  if (window != NULL)
    gtk_window_present (GTK_WINDOW (window));
}

static void
orga_application_open (GApplication  *application,
                       GFile        **files,
                       int            n_files,
                       const char    *hint)
{
  OrgaWindow *window = get_window (ORGA_APPLICATION (application));

  if (window == NULL)
    return;

  gtk_window_present (GTK_WINDOW (window));

  /* pixorga://rejoindre?… (the .desktop file's x-scheme-handler) opens
   * the invitation; any other file is a students' export. */
  for (int i = 0; i < n_files; i++)
    {
      if (g_file_has_uri_scheme (files[i], "pixorga"))
        {
          g_autofree char *uri = g_file_get_uri (files[i]);

          orga_window_open_invitation (window, uri);
          return;
        }
    }
  if (n_files > 0)
    orga_window_import_file (window, files[0]);
}

static void
about_action (GSimpleAction *action,
              GVariant      *parameter,
              gpointer       user_data)
{
  GtkApplication *app = GTK_APPLICATION (user_data);
  const char *developers[] = { "PixOrga", NULL };

  /* The version is meson's project version (config.h); the translators
   * are fr.po's "translator-credits". */
  adw_show_about_window (gtk_application_get_active_window (app),
                         "application-name", "PixOrga",
                         "application-icon", APP_ID,
                         "version", PACKAGE_VERSION,
                         "developer-name", "PixOrga",
                         "developers", developers,
                         "website", PACKAGE_WEBSITE,
                         "issue-url", PACKAGE_ISSUE_URL,
                         "copyright", "© 2026 PixOrga",
                         "license-type", GTK_LICENSE_GPL_3_0,
                         "comments", _("Run your school’s Pix Orga space: students, campaigns, results and certification."),
                         "translator-credits", _("translator-credits"),
                         NULL);
}

static void
quit_action (GSimpleAction *action,
             GVariant      *parameter,
             gpointer       user_data)
{
  g_application_quit (G_APPLICATION (user_data));
}

static void
orga_application_startup (GApplication *application)
{
  static const GActionEntry actions[] = {
    { "about", about_action },
    { "quit", quit_action },
  };
  const char *quit_accels[] = { "<Control>q", NULL };
  const char *shortcuts_accels[] = { "<Control>question", NULL };

  /* Only the first instance gets here: the others hand their files over
   * and quit without reading anything. */
  open_context (ORGA_APPLICATION (application));

  G_APPLICATION_CLASS (orga_application_parent_class)->startup (application);

  g_action_map_add_action_entries (G_ACTION_MAP (application), actions, G_N_ELEMENTS (actions), application);
  gtk_application_set_accels_for_action (GTK_APPLICATION (application), "app.quit", quit_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (application), "win.show-help-overlay", shortcuts_accels);
}

static void
orga_application_dispose (GObject *object)
{
  OrgaApplication *self = (OrgaApplication *)object;

  g_clear_object (&self->connection);
  g_clear_object (&self->context);
  g_clear_error (&self->open_error);

  G_OBJECT_CLASS (orga_application_parent_class)->dispose (object);
}

static void
orga_application_class_init (OrgaApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  object_class->dispose = orga_application_dispose;
  app_class->activate = orga_application_activate;
  app_class->open = orga_application_open;
  app_class->startup = orga_application_startup;
}

static void
orga_application_init (OrgaApplication *self)
{
}

OrgaApplication *
orga_application_new (void)
{
  return g_object_new (ORGA_TYPE_APPLICATION,
                       "application-id", APP_ID,
                       "flags", G_APPLICATION_HANDLES_OPEN,
                       "resource-base-path", "/io/github/pixorga/PixOrga",
                       NULL);
}
