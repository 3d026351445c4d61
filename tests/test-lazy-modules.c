/* test-lazy-modules.c: the app loads libsoup, libsecret, libzip and
 * libxml2 only when it first needs them (src/modules, orga-lazy.h)
 *
 * This program links as the app does (orga-app). It checks what is mapped
 * in its own memory before and after the first call into each module, that
 * the modules work on real files and share the executable's core (one
 * OrgaStore type: GLib would refuse a second one, and G_DEBUG makes that
 * fatal), and that the app's executable needs none of those libraries.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "orga-client.h"
#include "orga-connection.h"
#include "orga-context.h"
#include "orga-store-account.h"
#include "orga-i18n.h"
#include "orga-renderer.h"
#include "orga-import-source.h"
#include "orga-learner-set.h"
#include "orga-siecle-parser.h"
#include "orga-store.h"
#include "orga-sync.h"
#include "orga-test-util.h"
#include "orga-ui-test-util.h"
#include "orga-window.h"

static char *temp_dir;

static gboolean
mapped (const char *library)
{
  g_autofree char *maps = NULL;
  g_autoptr(GError) error = NULL;

  g_file_get_contents ("/proc/self/maps", &maps, NULL, &error);
  g_assert_no_error (error);

  return strstr (maps, library) != NULL;
}

static const char *net_libraries[] = { "libpixorga-net.so", "libsoup-3.0.so", "libsecret-1.so" };
static const char *formats_libraries[] = { "libpixorga-formats.so", "libzip.so", "libxml2.so", "libcrypto.so" };

/* Only the app maps these: a GL driver may map libxml2 (Mesa's, through
 * libLLVM) or libcrypto, libsoup never. */
static const char *only_ours[] = { "libpixorga-net.so", "libpixorga-formats.so",
                                   "libsoup-3.0.so", "libsecret-1.so", "libzip.so" };

static void
assert_none_mapped (gboolean after_gtk)
{
  for (guint i = 0; i < G_N_ELEMENTS (only_ours); i++)
    g_assert_false (mapped (only_ours[i]));
  if (after_gtk)
    return;
  for (guint i = 0; i < G_N_ELEMENTS (formats_libraries); i++)
    g_assert_false (mapped (formats_libraries[i]));
}

/* The first test: the window opens on a school with students, a campaign
 * and results (written by pixorga-cli, another process), and nothing has
 * loaded a module. */
static void
test_window (void)
{
  g_autofree char *db_path = g_build_filename (temp_dir, "school.db", NULL);
  const char *init[] = { "init", "--uai", "0330001A", "--name", "Collège Jean Moulin", NULL };
  g_autofree char *siecle = g_build_filename (temp_dir, "ElevesSansAdresses.xml", NULL);
  const char *import[] = { "import", siecle, NULL };
  const char *create[] = { "campaign", "create", "--name", "Rentrée 6e", "--profile", "rentree-6e", NULL };
  const char *demo[] = { "demo", "--seed", "7", NULL };
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  g_autoptr(OrgaStore) store = NULL;
  g_autoptr(OrgaContext) context = NULL;
  g_autoptr(OrgaOrganization) organization = NULL;
  g_autoptr(GError) error = NULL;
  GtkWidget *window;

  orga_ui_test_generate_siecle (siecle, "0330001A", "300");
  orga_test_run_cli (db_path, init);
  orga_test_run_cli (db_path, import);
  orga_test_run_cli (db_path, create);
  orga_test_run_cli (db_path, demo);

  store = orga_store_open (db_path, &error);
  g_assert_no_error (error);
  context = orga_context_new (store, settings);
  organization = orga_store_get_organization (store, &error);
  g_assert_no_error (error);
  orga_context_set_organization (context, organization);
  orga_context_prefetch_learner_list (context);

  window = g_object_new (ORGA_TYPE_WINDOW, "context", context, NULL);
  gtk_window_set_default_size (GTK_WINDOW (window), 1100, 720);
  gtk_window_present (GTK_WINDOW (window));
  orga_ui_test_spin (500);
  g_assert_true (gtk_widget_get_mapped (window));

  assert_none_mapped (TRUE);

  gtk_window_destroy (GTK_WINDOW (window));
  orga_ui_test_spin (50);
}

static gboolean
net_mapped_cb (gpointer data)
{
  return mapped ("libpixorga-net.so");
}

static void
after_paint_cb (GdkFrameClock *clock,
                gboolean      *net_at_first_paint)
{
  *net_at_first_paint = mapped ("libpixorga-net.so");
  g_signal_handlers_disconnect_by_func (clock, after_paint_cb, net_at_first_paint);
}

/* A school bound to an account: its token is read from the keyring,
 * which loads the network module, only once the window has shown. */
static void
test_window_signed_in (void)
{
  g_autofree char *db_path = g_build_filename (temp_dir, "signed-in.db", NULL);
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  g_autoptr(OrgaStore) store = NULL;
  g_autoptr(OrgaContext) context = NULL;
  g_autoptr(OrgaConnection) connection = NULL;
  g_autoptr(OrgaAccount) account = orga_account_new ("http://127.0.0.1:9", "6b0f6a3e-account",
                                                     "direction@college.example", "Anne", "Martin");
  g_autoptr(OrgaSpace) space = orga_space_new ("5d2c-space", "0330001A", "Collège Jean Moulin",
                                               ORGA_ORGANIZATION_KIND_SCO, FALSE, ORGA_MEMBER_ROLE_ADMIN);
  g_autoptr(OrgaOrganization) organization = NULL;
  g_autoptr(GError) error = NULL;
  gboolean net_at_first_paint = TRUE;
  GtkWidget *window;

  g_assert_false (mapped ("libpixorga-net.so"));

  store = orga_store_open (db_path, &error);
  g_assert_no_error (error);
  organization = orga_store_bind (store, account, space, &error);
  g_assert_no_error (error);
  context = orga_context_new (store, settings);
  orga_context_set_organization (context, organization);
  orga_context_prefetch_learner_list (context);

  /* As the application starts (orga-application.c). */
  connection = orga_connection_new (context, NULL);
  orga_connection_restore (connection);
  g_assert_true (orga_connection_get_account (connection) != NULL);

  window = g_object_new (ORGA_TYPE_WINDOW, "context", context, "connection", connection, NULL);
  gtk_window_set_default_size (GTK_WINDOW (window), 1100, 720);
  gtk_widget_realize (window);
  g_signal_connect (gtk_widget_get_frame_clock (window), "after-paint",
                    G_CALLBACK (after_paint_cb), &net_at_first_paint);
  gtk_window_present (GTK_WINDOW (window));

  /* Then the token is read: the client comes (without a token here, the
   * server would ask to sign in again). */
  orga_ui_test_wait_until (net_mapped_cb, NULL);
  g_assert_false (net_at_first_paint);

  gtk_window_destroy (GTK_WINDOW (window));
  orga_ui_test_spin (50);
}

static void
test_formats (void)
{
  g_autofree char *path = g_build_filename (g_getenv ("PIXORGA_FIXTURES"), "siecle",
                                            "siecle-with-two-valid-students.xml", NULL);
  g_autoptr(OrgaImportError) problem = NULL;
  g_autoptr(OrgaImportSource) source = NULL;
  g_autoptr(OrgaLearnerSet) set = orga_learner_set_new ();
  g_autoptr(GError) error = NULL;

  source = orga_import_source_open (path, &problem);
  g_assert_null (problem);
  g_assert_true (ORGA_IS_IMPORT_SOURCE (source));
  g_assert_true (orga_siecle_parser_parse (set, source, NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (orga_learner_set_count_kept (set), ==, 2);

  for (guint i = 0; i < G_N_ELEMENTS (formats_libraries); i++)
    g_assert_true (mapped (formats_libraries[i]));
  /* One module does not bring the other. */
  for (guint i = 0; i < G_N_ELEMENTS (net_libraries); i++)
    g_assert_false (mapped (net_libraries[i]));
}

static void
test_net (void)
{
  g_autofree char *db = g_build_filename (temp_dir, "net.db", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(OrgaClient) client = NULL;
  g_autoptr(OrgaStore) store = NULL;
  g_autoptr(OrgaSync) sync = NULL;

  client = orga_client_new ("http://127.0.0.1:9", &error);
  g_assert_no_error (error);
  g_assert_true (ORGA_IS_CLIENT (client));
  g_assert_cmpstr (orga_client_get_server_url (client), ==, "http://127.0.0.1:9");

  /* The module's code takes the executable's store. */
  store = orga_store_open (db, &error);
  g_assert_no_error (error);
  sync = orga_sync_new (store, client);
  g_assert_true (ORGA_IS_SYNC (sync));

  for (guint i = 0; i < G_N_ELEMENTS (net_libraries); i++)
    g_assert_true (mapped (net_libraries[i]));

  g_clear_object (&sync);
  g_assert_finalize_object (g_steal_pointer (&store));
}

static void
test_app_needs_none (void)
{
  const char *app = g_getenv ("PIXORGA_APP");
  g_autofree char *out = NULL;
  g_autoptr(GError) error = NULL;
  const char *argv[] = { "readelf", "-d", app, NULL };
  int status;

  g_assert_nonnull (app);
  g_spawn_sync (NULL, (char **)argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDERR_TO_DEV_NULL,
                NULL, NULL, &out, NULL, &status, &error);
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  g_assert_nonnull (strstr (out, "[libgtk-4.so.1]"));
  for (guint i = 0; i < G_N_ELEMENTS (net_libraries); i++)
    g_assert_null (strstr (out, net_libraries[i]));
  for (guint i = 0; i < G_N_ELEMENTS (formats_libraries); i++)
    g_assert_null (strstr (out, formats_libraries[i]));
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  int status;

  /* Before GTK, nothing is mapped whatever the GL driver. */
  assert_none_mapped (FALSE);

  /* As the app starts (main.c). */
  orga_renderer_choose ();
  orga_i18n_init (TRUE);
  textdomain (GETTEXT_PACKAGE);
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  temp_dir = g_dir_make_tmp ("pixorga-lazy-test-XXXXXX", &error);
  g_assert_no_error (error);

  /* In this order: each test finds what the ones before it loaded. */
  g_test_add_func ("/lazy-modules/window", test_window);
  g_test_add_func ("/lazy-modules/formats", test_formats);
  g_test_add_func ("/lazy-modules/window-signed-in", test_window_signed_in);
  g_test_add_func ("/lazy-modules/net", test_net);
  g_test_add_func ("/lazy-modules/app-needs-none", test_app_needs_none);

  status = g_test_run ();

  orga_ui_test_remove_dir (temp_dir);
  g_free (temp_dir);
  return status;
}
