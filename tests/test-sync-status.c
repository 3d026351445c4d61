/* test-sync-status.c: the window's sync against a real pixorga-server on
 * loopback (issue 10, "Desktop")
 *
 * Two desktop databases of one head of school, bound to one space: the
 * window's (desk A, with its OrgaSyncController and the status in its
 * header) and a second one (desk B) written and synced in the test as
 * another computer would. What desk B sends shows in the open window
 * once the window's controller synced, with no restart; the status goes
 * through "À jour", "Hors ligne" while the server is stopped, "À jour"
 * again; a change the server refuses becomes a notice in the popover.
 * The tests build on each other: one window, one server.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <signal.h>
#include <string.h>
#include <sys/prctl.h>

#include "orga-campaign-page.h"
#include "orga-campaigns-page.h"
#include "orga-connection.h"
#include "orga-context.h"
#include "orga-i18n.h"
#include "orga-importer.h"
#include "orga-store-campaigns.h"
#include "orga-store-sync.h"
#include "orga-students-page.h"
#include "orga-sync.h"
#include "orga-sync-controller.h"
#include "orga-sync-indicator.h"
#include "orga-ui-test-util.h"
#include "orga-window.h"

#define UAI "0330001A"
#define SCHOOL "Collège Jean Moulin"
#define EMAIL "marie.curie@jean-moulin.example"
#define PASSWORD "Secret123"
#define N_STUDENTS 30

typedef struct
{
  OrgaConnection *connection;
  char           *db_path;
} Desk;

static char *temp_dir;
static char *mail_dir;
static char *server_db;
static char *server_url;
static char *listen_address;   /* the port kept for a restart */
static GSubprocess *server;
static Desk desk_a;            /* the window's */
static Desk desk_b;            /* the other computer */
static OrgaWindow *window;

/* ------------------------------------------------------------------------
 * The server
 */

static void
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR) && !g_file_test (child, G_FILE_TEST_IS_SYMLINK))
        remove_tree (child);
      else
        g_unlink (child);
    }
  g_rmdir (path);
}

static void
run_server_command (const char * const *args)
{
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *err = NULL;

  process = g_subprocess_newv (args, G_SUBPROCESS_FLAGS_STDOUT_SILENCE | G_SUBPROCESS_FLAGS_STDERR_PIPE, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (process, NULL, NULL, NULL, &err, &error);
  g_assert_no_error (error);
  if (!g_subprocess_get_successful (process))
    g_error ("%s failed: %s", args[0], err);
}

static void
die_with_parent (gpointer data)
{
  prctl (PR_SET_PDEATHSIG, SIGTERM);
}

static void
start_server (void)
{
  const char *binary = g_getenv ("PIXORGA_SERVER");
  const char *serve[] = { binary, "--db", server_db, "--listen", listen_address,
                          "--public-url", "http://orga.example", "--mail-dir", mail_dir, NULL };
  g_autoptr(GDataInputStream) out = NULL;
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *line = NULL;

  g_assert_nonnull (binary);
  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE);
  g_subprocess_launcher_set_child_setup (launcher, die_with_parent, NULL, NULL);
  server = g_subprocess_launcher_spawnv (launcher, serve, &error);
  g_assert_no_error (error);

  /* "listening on http://127.0.0.1:PORT" once the socket is bound. */
  out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (server));
  line = g_data_input_stream_read_line_utf8 (out, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (line);
  g_assert_true (g_str_has_prefix (line, "listening on "));
  g_free (server_url);
  server_url = g_strdup (line + strlen ("listening on "));
  /* The same port when it starts again: the desks keep its address. */
  g_free (listen_address);
  listen_address = g_strdup (server_url + strlen ("http://"));
}

static void
stop_server (void)
{
  if (server == NULL)
    return;
  g_subprocess_send_signal (server, SIGTERM);
  g_subprocess_wait (server, NULL, NULL);
  g_clear_object (&server);
}

/* The activation link of the mail sent to the school. */
static char *
dup_mailed_link (void)
{
  g_autoptr(GDir) dir = g_dir_open (mail_dir, 0, NULL);
  g_autoptr(GRegex) regex = g_regex_new ("invitationId=([A-Za-z0-9-]+)&(?:amp;)?code=([A-Z0-9]+)", 0, 0, NULL);
  const char *name;

  g_assert_nonnull (dir);
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (mail_dir, name, NULL);
      g_autofree char *raw = NULL;
      g_autoptr(GString) text = NULL;
      g_autoptr(GMatchInfo) match = NULL;

      if (!g_str_has_suffix (name, ".eml") || !g_file_get_contents (path, &raw, NULL, NULL))
        continue;
      /* quoted-printable: "=3D" for "=", "=\n" where a line was folded */
      text = g_string_new (raw);
      g_string_replace (text, "=\r\n", "", 0);
      g_string_replace (text, "=\n", "", 0);
      g_string_replace (text, "=3D", "=", 0);
      if (g_regex_match (regex, text->str, 0, &match))
        {
          g_autofree char *id = g_match_info_fetch (match, 1);
          g_autofree char *code = g_match_info_fetch (match, 2);
          g_autofree char *escaped = g_uri_escape_string (server_url, NULL, FALSE);

          return g_strdup_printf ("pixorga://rejoindre?server=%s&invitationId=%s&code=%s", escaped, id, code);
        }
    }
  g_assert_not_reached ();
}

/* ------------------------------------------------------------------------
 * Desks
 */

static gboolean
task_done (gpointer data)
{
  return *(GAsyncResult **) data != NULL;
}

static void
store_result_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

static void
desk_init (Desk       *desk,
           const char *name)
{
  g_autofree char *tokens = g_build_filename (temp_dir, name, "tokens", NULL);
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  g_autoptr(OrgaTokenStore) token_store = NULL;
  g_autoptr(OrgaStore) store = NULL;
  g_autoptr(OrgaContext) context = NULL;
  g_autoptr(GError) error = NULL;

  desk->db_path = g_build_filename (temp_dir, name, "pixorga.db", NULL);
  g_mkdir_with_parents (tokens, 0700);
  store = orga_store_open (desk->db_path, &error);
  g_assert_no_error (error);
  context = orga_context_new (store, settings);
  token_store = orga_token_store_new_for_directory (tokens);
  desk->connection = orga_connection_new (context, token_store);
}

static void
desk_sign_in (Desk                 *desk,
              const OrgaSignIn     *sign_in)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(OrgaOrganization) organization = NULL;
  g_autoptr(GError) error = NULL;

  orga_connection_sign_in_async (desk->connection, sign_in, NULL, store_result_cb, &result);
  orga_ui_test_wait_until (task_done, &result);
  organization = orga_connection_sign_in_finish (desk->connection, result, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (orga_organization_get_uai (organization), ==, UAI);
}

static OrgaStore *
desk_store (Desk *desk)
{
  return orga_context_get_store (orga_connection_get_context (desk->connection));
}

static OrgaOrganization *
desk_organization (Desk *desk)
{
  return orga_context_get_organization (orga_connection_get_context (desk->connection));
}

/* One sync of desk B, as pixorga-cli sync would. */
static void
desk_sync (Desk *desk)
{
  g_autoptr(OrgaSync) sync = orga_sync_new (desk_store (desk), orga_connection_get_client (desk->connection));
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(OrgaSyncReport) report = NULL;
  g_autoptr(GError) error = NULL;

  orga_sync_run_async (sync, desk_organization (desk), NULL, store_result_cb, &result);
  orga_ui_test_wait_until (task_done, &result);
  report = orga_sync_run_finish (sync, result, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (report->error_message, ==, NULL);
  g_assert_cmpint (report->status, ==, ORGA_SYNC_STATUS_OK);
  g_assert_cmpuint (report->refused->len, ==, 0);
}

static OrgaCampaign *
desk_create_campaign (Desk       *desk,
                      const char *name)
{
  /* The window's user: its Campagnes list shows "Mes campagnes". */
  g_autofree char *me = orga_context_dup_user_name (orga_connection_get_context (desk->connection));
  OrgaCampaignSpec spec = {
    .name = name,
    .type = ORGA_CAMPAIGN_TYPE_PROFILES_COLLECTION,
    .owner = me,
    .creator = me,
  };
  g_autoptr(GError) error = NULL;
  OrgaCampaign *campaign = orga_store_create_campaign (desk_store (desk), desk_organization (desk), &spec, &error);

  g_assert_no_error (error);
  return campaign;
}

/* ------------------------------------------------------------------------
 * The window
 */

static OrgaSyncController *
controller (void)
{
  return orga_window_get_sync_controller (window);
}

static OrgaSyncIndicator *
indicator (void)
{
  return orga_window_get_sync_indicator (window);
}

static gpointer
window_page (const char *name)
{
  GtkStack *pages = GTK_STACK (gtk_widget_get_template_child (GTK_WIDGET (window), ORGA_TYPE_WINDOW, "pages"));
  GtkWidget *child;

  orga_window_show_page (window, name);
  child = gtk_stack_get_child_by_name (pages, name);
  /* The pages but Élèves wait in a plain AdwBin (orga-window.c). */
  return G_OBJECT_TYPE (child) == ADW_TYPE_BIN ? adw_bin_get_child (ADW_BIN (child)) : child;
}

static gpointer
campaigns_child (OrgaCampaignsPage *page,
                 const char        *name)
{
  return gtk_widget_get_template_child (GTK_WIDGET (page), ORGA_TYPE_CAMPAIGNS_PAGE, name);
}

static gpointer
students_child (OrgaStudentsPage *page,
                const char       *name)
{
  return gtk_widget_get_template_child (GTK_WIDGET (page), ORGA_TYPE_STUDENTS_PAGE, name);
}

typedef struct
{
  guint         runs;
  OrgaSyncState state;
} RunWait;

static gboolean
run_done_cb (gpointer data)
{
  RunWait *wait = data;

  return orga_sync_controller_get_n_runs (controller ()) > wait->runs &&
         !orga_sync_controller_get_running (controller ()) &&
         orga_sync_controller_get_state (controller ()) == wait->state;
}

/* Syncs the window now, as "Synchroniser maintenant", and waits for the
 * run to end in @state. */
static void
window_sync (OrgaSyncState state)
{
  RunWait wait = { orga_sync_controller_get_n_runs (controller ()), state };

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.sync", NULL));
  orga_ui_test_wait_until (run_done_cb, &wait);
}

static gboolean
has_campaign_named (OrgaCampaignsPage *page,
                    const char        *name)
{
  GListModel *model = G_LIST_MODEL (gtk_column_view_get_model (campaigns_child (page, "column_view")));

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(OrgaCampaign) campaign = g_list_model_get_item (model, i);

      if (g_strcmp0 (orga_campaign_get_name (campaign), name) == 0)
        return TRUE;
    }
  return FALSE;
}


/* ------------------------------------------------------------------------
 * Screenshots (data/screenshots/sync-*.png): with PIXORGA_SCREENSHOT_DIR
 * set, the header with the status's popover open, light and dark. The
 * popover is a surface of its own: the window and it are drawn in one
 * snapshot, the popover where it shows, and cropped to the header.
 */

static void
shoot_one (const char *dir,
           const char *name)
{
  GtkWidget *popover = (GtkWidget *) gtk_widget_get_template_child (GTK_WIDGET (indicator ()), ORGA_TYPE_SYNC_INDICATOR, "popover");
  g_autoptr(GdkPaintable) window_paintable = gtk_widget_paintable_new (GTK_WIDGET (window));
  g_autoptr(GdkPaintable) popover_paintable = gtk_widget_paintable_new (popover);
  g_autoptr(GtkSnapshot) snapshot = gtk_snapshot_new ();
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autofree char *path = g_strdup_printf ("%s/%s.png", dir, name);
  GskRenderer *renderer = gtk_native_get_renderer (GTK_NATIVE (window));
  double window_x, window_y, popover_x, popover_y;
  int width = gtk_widget_get_width (GTK_WIDGET (window));
  int popover_height = gtk_widget_get_height (popover);
  int popover_width = gtk_widget_get_width (popover);
  GdkSurface *popup;
  graphene_point_t at;
  graphene_rect_t area;

  g_assert_true (gtk_widget_get_mapped (popover));
  /* Where the popover is, in the window's coordinates: its surface is
   * placed relative to the window's, each widget offset in its surface
   * by its shadow. */
  popup = gtk_native_get_surface (GTK_NATIVE (popover));
  gtk_native_get_surface_transform (GTK_NATIVE (window), &window_x, &window_y);
  gtk_native_get_surface_transform (GTK_NATIVE (popover), &popover_x, &popover_y);
  at = GRAPHENE_POINT_INIT (gdk_popup_get_position_x (GDK_POPUP (popup)) + popover_x - window_x,
                            gdk_popup_get_position_y (GDK_POPUP (popup)) + popover_y - window_y);

  gdk_paintable_snapshot (window_paintable, GDK_SNAPSHOT (snapshot), width, gtk_widget_get_height (GTK_WIDGET (window)));
  gtk_snapshot_save (snapshot);
  gtk_snapshot_translate (snapshot, &at);
  gdk_paintable_snapshot (popover_paintable, GDK_SNAPSHOT (snapshot), popover_width, popover_height);
  gtk_snapshot_restore (snapshot);
  node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));

  area = GRAPHENE_RECT_INIT (0, 0, width, at.y + popover_height + 24);
  texture = gsk_renderer_render_texture (renderer, node, &area);
  g_assert_true (gdk_texture_save_to_png (texture, path));
  g_print ("# wrote %s\n", path);
}

static void
shoot (const char *name)
{
  const char *dir = g_getenv ("PIXORGA_SCREENSHOT_DIR");
  AdwStyleManager *style = adw_style_manager_get_default ();
  g_autofree char *dark = g_strdup_printf ("%s-dark", name);

  if (dir == NULL)
    return;

  orga_sync_indicator_popup (indicator ());
  orga_ui_test_spin (600);
  shoot_one (dir, name);
  adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_FORCE_DARK);
  orga_ui_test_spin (600);
  shoot_one (dir, dark);
  adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_DEFAULT);
  orga_ui_test_spin (300);
}

/* ------------------------------------------------------------------------ */

static gboolean
first_run_done_cb (gpointer data)
{
  return orga_sync_controller_get_n_runs (controller ()) > 0 && !orga_sync_controller_get_running (controller ());
}

static void
test_up_to_date (void)
{
  GtkWidget *last_label;

  /* The window syncs at start, without being asked. */
  orga_ui_test_wait_until (first_run_done_cb, NULL);
  g_assert_cmpstr (orga_sync_controller_get_error_message (controller ()), ==, NULL);
  g_assert_cmpint (orga_sync_controller_get_state (controller ()), ==, ORGA_SYNC_STATE_UP_TO_DATE);
  g_assert_nonnull (orga_sync_controller_get_last_success (controller ()));

  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (indicator ())));
  g_assert_cmpstr (orga_sync_indicator_get_label (indicator ()), ==, _("Up to Date"));
  last_label = (GtkWidget *) gtk_widget_get_template_child (GTK_WIDGET (indicator ()), ORGA_TYPE_SYNC_INDICATOR, "last_label");
  /* French where the translation is installed. */
  if (g_strcmp0 (_("Up to Date"), "Up to Date") != 0)
    {
      g_assert_cmpstr (orga_sync_indicator_get_label (indicator ()), ==, "À jour");
      g_assert_true (g_str_has_prefix (gtk_label_get_label (GTK_LABEL (last_label)), "Dernière synchronisation à "));
    }
  g_assert_cmpuint (orga_sync_indicator_get_n_notices (indicator ()), ==, 0);
}

static void
test_format (void)
{
  g_autoptr(GTimeZone) tz = g_time_zone_new_local ();
  g_autoptr(GDateTime) now = g_date_time_new (tz, 2026, 9, 3, 18, 0, 0);
  g_autoptr(GDateTime) today = g_date_time_new (tz, 2026, 9, 3, 14, 32, 0);
  g_autoptr(GDateTime) before = g_date_time_new (tz, 2026, 9, 1, 9, 5, 0);
  g_autofree char *a = orga_sync_indicator_format_last_success (today, now);
  g_autofree char *b = orga_sync_indicator_format_last_success (before, now);

  if (g_strcmp0 (_("Up to Date"), "Up to Date") == 0)
    {
      g_assert_cmpstr (a, ==, "Last synced at 14:32");
      return;
    }
  g_assert_cmpstr (a, ==, "Dernière synchronisation à 14 h 32");
  /* The month's name is the C library's (LC_TIME). */
  g_assert_true (g_str_has_prefix (b, "Dernière synchronisation le 1 "));
  g_assert_true (g_str_has_suffix (b, " à 09 h 05"));
}

/* A campaign made on desk B shows in the open Campagnes list, the row
 * selected staying selected; its edit shows in the campaign open. */
static void
test_campaign_pulled (void)
{
  OrgaCampaignsPage *page = window_page ("campaigns");
  g_autoptr(OrgaCampaign) first = desk_create_campaign (&desk_b, "Rentrée 6e");
  g_autoptr(OrgaCampaign) second = NULL;
  g_autoptr(OrgaCampaign) shown = NULL;
  g_autoptr(GError) error = NULL;
  GtkSingleSelection *selection;
  gint64 selected_id;

  desk_sync (&desk_b);
  window_sync (ORGA_SYNC_STATE_UP_TO_DATE);
  orga_ui_test_spin (300);   /* the feed's coalescing */
  g_assert_true (has_campaign_named (page, "Rentrée 6e"));

  selection = GTK_SINGLE_SELECTION (gtk_column_view_get_model (campaigns_child (page, "column_view")));
  gtk_single_selection_set_selected (selection, 0);
  selected_id = orga_campaign_get_id (gtk_single_selection_get_selected_item (selection));

  second = desk_create_campaign (&desk_b, "Collecte 5e");
  desk_sync (&desk_b);
  g_assert_false (has_campaign_named (page, "Collecte 5e"));
  window_sync (ORGA_SYNC_STATE_UP_TO_DATE);
  orga_ui_test_spin (300);
  g_assert_true (has_campaign_named (page, "Collecte 5e"));
  g_assert_cmpint (orga_campaign_get_id (gtk_single_selection_get_selected_item (selection)), ==, selected_id);

  /* The campaign open follows an edit made elsewhere. */
  shown = orga_store_find_campaign_by_code (desk_store (&desk_a), desk_organization (&desk_a),
                                            orga_campaign_get_code (first), &error);
  g_assert_no_error (error);
  g_assert_nonnull (shown);
  orga_campaigns_page_show_campaign (page, shown);
  orga_ui_test_spin (200);
  orga_store_update_campaign (desk_store (&desk_b), orga_campaign_get_id (first), "Rentrée 6e (bis)",
                              orga_campaign_get_title (first), orga_campaign_get_landing_text (first),
                              orga_campaign_get_owner (first), &error);
  g_assert_no_error (error);
  desk_sync (&desk_b);
  window_sync (ORGA_SYNC_STATE_UP_TO_DATE);
  orga_ui_test_spin (300);
  g_assert_cmpstr (orga_campaign_get_name (orga_campaigns_page_get_campaign (page)), ==, "Rentrée 6e (bis)");
  g_assert_cmpstr (adw_leaflet_get_visible_child_name (campaigns_child (page, "leaflet")), ==, "campaign");
  g_assert_true (has_campaign_named (page, "Rentrée 6e (bis)"));
}

static gboolean
students_listed_cb (gpointer data)
{
  OrgaStudentsPage *page = data;

  return g_list_model_get_n_items (G_LIST_MODEL (gtk_column_view_get_model (students_child (page, "column_view")))) == N_STUDENTS;
}

/* An import made on desk B shows in the open Élèves page. */
static void
test_import_pulled (void)
{
  OrgaStudentsPage *page = window_page ("students");
  g_autofree char *siecle = g_build_filename (temp_dir, "siecle.xml", NULL);
  g_autofree char *count = g_strdup_printf ("%u", N_STUDENTS);
  g_autoptr(OrgaImporter) importer = NULL;
  g_autoptr(OrgaImportReport) report = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_false (students_listed_cb (page));
  orga_ui_test_generate_siecle (siecle, UAI, count);
  importer = orga_importer_new (desk_b.db_path, siecle);
  report = orga_importer_run (importer, NULL, &error);
  g_assert_no_error (error);
  desk_sync (&desk_b);

  window_sync (ORGA_SYNC_STATE_UP_TO_DATE);
  orga_ui_test_wait_until (students_listed_cb, page);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (students_child (page, "content_stack")), ==, "list");
}

/* Hors ligne while the server is stopped, the change made meanwhile kept;
 * À jour again once it is back, the change sent. */
static void
test_offline_and_back (void)
{
  g_autoptr(OrgaCampaign) campaign = NULL;
  g_autoptr(GError) error = NULL;

  stop_server ();
  window_sync (ORGA_SYNC_STATE_OFFLINE);
  g_assert_cmpstr (orga_sync_indicator_get_label (indicator ()), ==, _("Offline"));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (indicator ())));
  if (g_strcmp0 (_("Offline"), "Offline") != 0)
    g_assert_cmpstr (orga_sync_indicator_get_label (indicator ()), ==, "Hors ligne");
  shoot ("sync-offline");
  orga_sync_indicator_popdown (indicator ());

  /* Working offline: the change waits in the outbox. */
  campaign = desk_create_campaign (&desk_a, "Faite hors ligne");
  g_assert_cmpuint (orga_store_sync_count_outbox (desk_store (&desk_a), desk_organization (&desk_a), &error), >, 0);
  window_sync (ORGA_SYNC_STATE_OFFLINE);

  start_server ();
  window_sync (ORGA_SYNC_STATE_UP_TO_DATE);
  g_assert_cmpstr (orga_sync_indicator_get_label (indicator ()), ==, _("Up to Date"));
  g_assert_cmpuint (orga_store_sync_count_outbox (desk_store (&desk_a), desk_organization (&desk_a), &error), ==, 0);
  g_assert_no_error (error);

  /* It reached the other computer. */
  desk_sync (&desk_b);
  {
    g_autoptr(OrgaCampaign) there = orga_store_find_campaign_by_code (desk_store (&desk_b), desk_organization (&desk_b),
                                                                      orga_campaign_get_code (campaign), &error);
    g_assert_no_error (error);
    g_assert_nonnull (there);
    g_assert_cmpstr (orga_campaign_get_name (there), ==, "Faite hors ligne");
  }
}

static gboolean
notice_listed_cb (gpointer data)
{
  return orga_sync_indicator_get_n_notices (indicator ()) > 0 &&
         !orga_sync_controller_get_running (controller ());
}

/* An edit of a campaign deleted on desk B meanwhile: refused, rolled
 * back, and told in the popover until seen. The window sends it by
 * itself, two seconds after the change. */
static void
test_refused_notice (void)
{
  g_autoptr(OrgaCampaign) on_b = desk_create_campaign (&desk_b, "Bientôt supprimée");
  g_autoptr(OrgaCampaign) on_a = NULL;
  g_autoptr(GError) error = NULL;
  gint64 id_b;
  GPtrArray *notices;
  const OrgaSyncNotice *notice;

  desk_sync (&desk_b);
  window_sync (ORGA_SYNC_STATE_UP_TO_DATE);
  on_a = orga_store_find_campaign_by_code (desk_store (&desk_a), desk_organization (&desk_a),
                                           orga_campaign_get_code (on_b), &error);
  g_assert_no_error (error);
  g_assert_nonnull (on_a);

  id_b = orga_campaign_get_id (on_b);
  g_assert_true (orga_store_delete_campaigns (desk_store (&desk_b), &id_b, 1, "Marie Curie", &error));
  g_assert_no_error (error);
  desk_sync (&desk_b);

  orga_store_update_campaign (desk_store (&desk_a), orga_campaign_get_id (on_a), "Modifiée trop tard",
                              orga_campaign_get_title (on_a), orga_campaign_get_landing_text (on_a),
                              orga_campaign_get_owner (on_a), &error);
  g_assert_no_error (error);
  orga_ui_test_wait_until (notice_listed_cb, NULL);

  notices = orga_sync_controller_get_notices (controller ());
  g_assert_cmpuint (notices->len, ==, 1);
  notice = g_ptr_array_index (notices, 0);
  g_assert_nonnull (notice->message);
  g_assert_nonnull (strstr (notice->message, "a été supprimée sur un autre poste"));
  g_assert_cmpuint (orga_sync_indicator_get_n_notices (indicator ()), ==, 1);
  /* Rolled back: the campaign is gone here too. */
  {
    g_autoptr(OrgaCampaign) gone = orga_store_get_campaign (desk_store (&desk_a), orga_campaign_get_id (on_a), NULL);
    g_assert_null (gone);
  }

  shoot ("sync-notice");

  /* Seen once the popover was open and closed. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.sync-details", NULL));
  orga_ui_test_spin (200);
  orga_sync_indicator_popdown (indicator ());
  orga_ui_test_spin (100);
  g_assert_cmpuint (orga_sync_indicator_get_n_notices (indicator ()), ==, 0);
  g_assert_cmpuint (orga_sync_controller_get_notices (controller ())->len, ==, 0);
  {
    g_autoptr(GPtrArray) left = orga_store_sync_list_notices (desk_store (&desk_a), desk_organization (&desk_a), &error);
    g_assert_no_error (error);
    g_assert_cmpuint (left->len, ==, 0);
  }
}

/* Signed out: nothing to sync, no status. */
static void
test_signed_out_hides (void)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  orga_connection_sign_out_async (desk_a.connection, NULL, store_result_cb, &result);
  orga_ui_test_wait_until (task_done, &result);
  g_assert_true (orga_connection_sign_out_finish (desk_a.connection, result, &error));
  g_assert_no_error (error);
  orga_ui_test_spin (50);
  g_assert_cmpint (orga_sync_controller_get_state (controller ()), ==, ORGA_SYNC_STATE_NOT_APPLICABLE);
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (indicator ())));
  g_assert_false (orga_sync_controller_get_running (controller ()));
}

int
main (int   argc,
      char *argv[])
{
  const char *binary;
  g_autoptr(GError) error = NULL;
  g_autoptr(OrgaClient) client = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autofree char *message = NULL;
  g_autofree char *link = NULL;
  g_autofree char *url = NULL, *id = NULL, *code = NULL;
  OrgaSignIn sign_in = { 0 };
  int status;

  orga_i18n_init (TRUE);
  textdomain (GETTEXT_PACKAGE);
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();
  g_setenv ("PIXORGA_TOKEN_STORE", "file", TRUE);

  temp_dir = g_dir_make_tmp ("pixorga-sync-status-XXXXXX", &error);
  g_assert_no_error (error);
  mail_dir = g_build_filename (temp_dir, "mail", NULL);
  g_mkdir_with_parents (mail_dir, 0700);
  server_db = g_getenv ("PIXORGA_TEST_PG_URI") ? g_strdup (g_getenv ("PIXORGA_TEST_PG_URI"))
                                                : g_build_filename (temp_dir, "server.db", NULL);
  binary = g_getenv ("PIXORGA_SERVER");
  g_assert_nonnull (binary);
  {
    const char *add[] = { binary, "--db", server_db, "org", "add", "--uai", UAI, "--name", SCHOOL,
                          "--email", "secretariat@jean-moulin.example", NULL };
    run_server_command (add);
  }
  listen_address = g_strdup ("127.0.0.1:0");
  start_server ();

  /* The head activates the space and signs up through the mailed link. */
  client = orga_client_new (server_url, &error);
  g_assert_no_error (error);
  orga_client_activate_async (client, UAI, "Marie", "Curie", NULL, store_result_cb, &result);
  orga_ui_test_wait_until (task_done, &result);
  message = orga_client_activate_finish (client, result, &error);
  g_assert_no_error (error);
  link = dup_mailed_link ();
  g_assert_true (orga_client_parse_invitation_link (link, &url, &id, &code, &error));

  desk_init (&desk_a, "a");
  sign_in.server_url = url;
  sign_in.email = EMAIL;
  sign_in.password = PASSWORD;
  sign_in.first_name = "Marie";
  sign_in.last_name = "Curie";
  sign_in.sign_up = TRUE;
  sign_in.invitation_id = id;
  sign_in.code = code;
  sign_in.accept_orga_terms = TRUE;
  desk_sign_in (&desk_a, &sign_in);

  /* The same head on another computer. */
  desk_init (&desk_b, "b");
  memset (&sign_in, 0, sizeof sign_in);
  sign_in.server_url = server_url;
  sign_in.email = EMAIL;
  sign_in.password = PASSWORD;
  desk_sign_in (&desk_b, &sign_in);

  window = orga_window_new_with_connection (NULL, desk_a.connection);
  gtk_window_set_default_size (GTK_WINDOW (window), 1200, 760);
  gtk_window_present (GTK_WINDOW (window));

  g_test_add_func ("/sync-status/format", test_format);
  g_test_add_func ("/sync-status/up-to-date", test_up_to_date);
  g_test_add_func ("/sync-status/campaign-pulled", test_campaign_pulled);
  g_test_add_func ("/sync-status/import-pulled", test_import_pulled);
  g_test_add_func ("/sync-status/offline-and-back", test_offline_and_back);
  g_test_add_func ("/sync-status/refused-notice", test_refused_notice);
  g_test_add_func ("/sync-status/signed-out-hides", test_signed_out_hides);

  status = g_test_run ();

  orga_ui_test_close_dialogs (GTK_WINDOW (window));
  g_object_add_weak_pointer (G_OBJECT (window), (gpointer *) &window);
  gtk_window_destroy (GTK_WINDOW (window));
  orga_ui_test_spin (200);
  g_assert_null (window);
  stop_server ();
  g_clear_object (&desk_a.connection);
  g_clear_object (&desk_b.connection);
  g_free (desk_a.db_path);
  g_free (desk_b.db_path);
  remove_tree (temp_dir);
  return status;
}
