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
 * The tests build on each other: one window, one server, on the sync
 * tests' harness (tests/sync-test-util.h).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <string.h>

#include "orga-campaigns-page.h"
#include "orga-connection.h"
#include "orga-context.h"
#include "orga-i18n.h"
#include "orga-store-campaigns.h"
#include "orga-store-sync.h"
#include "orga-students-page.h"
#include "orga-sync.h"
#include "orga-sync-controller.h"
#include "orga-sync-indicator.h"
#include "orga-ui-test-util.h"
#include "sync-test-util.h"
#include "orga-window.h"

#define N_STUDENTS 30

static SyncTestServer *server;
static SyncTestSpace *space;
static SyncTestDesktop *desk_a;     /* the window's */
static SyncTestDesktop *desk_b;     /* the other computer */
static OrgaConnection *connection;  /* the window's, on desk A's database */
static OrgaWindow *window;

/* ------------------------------------------------------------------------
 * Desks (tests/sync-test-util.h): desk B syncs as pixorga-cli sync would
 */

static void
desk_sync (SyncTestDesktop *desk)
{
  g_autoptr(OrgaSyncReport) report = sync_test_desktop_sync (desk);

  g_assert_cmpstr (report->error_message, ==, NULL);
  g_assert_cmpint (report->status, ==, ORGA_SYNC_STATUS_OK);
  g_assert_cmpuint (report->refused->len, ==, 0);
}

static OrgaCampaign *
desk_create_campaign (SyncTestDesktop *desk,
                      const char      *name)
{
  /* Owned by the window's user: its Campagnes list shows "Mes campagnes". */
  g_autofree char *me = orga_context_dup_user_name (orga_connection_get_context (connection));
  OrgaCampaignSpec spec = {
    .name = name,
    .type = ORGA_CAMPAIGN_TYPE_PROFILES_COLLECTION,
    .owner = me,
    .creator = me,
  };
  g_autoptr(GError) error = NULL;
  OrgaCampaign *campaign = orga_store_create_campaign (desk->store, desk->school, &spec, &error);

  g_assert_no_error (error);
  return campaign;
}

static OrgaCampaign *
desk_find_campaign (SyncTestDesktop *desk,
                    OrgaCampaign    *campaign)
{
  g_autoptr(GError) error = NULL;
  OrgaCampaign *found = orga_store_find_campaign_by_code (desk->store, desk->school,
                                                          orga_campaign_get_code (campaign), &error);

  g_assert_no_error (error);
  return found;
}

static void
rename_campaign (SyncTestDesktop *desk,
                 OrgaCampaign    *campaign,
                 const char      *name)
{
  g_autoptr(GError) error = NULL;

  orga_store_update_campaign (desk->store, orga_campaign_get_id (campaign), name,
                              orga_campaign_get_title (campaign), orga_campaign_get_landing_text (campaign),
                              orga_campaign_get_owner (campaign), &error);
  g_assert_no_error (error);
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
  return orga_ui_test_students_page_child (GTK_WIDGET (page), name);
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
  gboolean was_running = orga_sync_controller_get_running (controller ());

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.sync", NULL));
  /* Asked for: "Synchronisation…" at once, the spinner in the button. */
  if (!was_running)
    {
      g_assert_cmpint (orga_sync_controller_get_state (controller ()), ==, ORGA_SYNC_STATE_SYNCING);
      g_assert_cmpstr (orga_sync_indicator_get_label (indicator ()), ==, _("Syncing…"));
    }
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
  GtkWidget *popover = (GtkWidget *) orga_sync_indicator_get_popover_object (indicator (), "popover");
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
  /* The popover is built when first opened (here, asked for), saying
   * what the button says. */
  g_assert_null (orga_ui_test_find_descendant (GTK_WIDGET (indicator ()), GTK_TYPE_POPOVER));
  last_label = (GtkWidget *) orga_sync_indicator_get_popover_object (indicator (), "last_label");
  g_assert_nonnull (orga_ui_test_find_descendant (GTK_WIDGET (indicator ()), GTK_TYPE_POPOVER));
  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (orga_sync_indicator_get_popover_object (indicator (), "title_label"))), ==,
                   orga_sync_indicator_get_label (indicator ()));
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
  g_assert_cmpstr (a, ==, "Dernière synchronisation à 14:32");
  /* The interface's language, not LC_TIME's, and French's "1er". */
  g_assert_cmpstr (b, ==, "Dernière synchronisation le 1er septembre à 09:05");
}

/* A campaign made on desk B shows in the open Campagnes list, the row
 * selected staying selected; its edit shows in the campaign open. */
static void
test_campaign_pulled (void)
{
  OrgaCampaignsPage *page = window_page ("campaigns");
  g_autoptr(OrgaCampaign) first = desk_create_campaign (desk_b, "Rentrée 6e");
  g_autoptr(OrgaCampaign) second = NULL;
  g_autoptr(OrgaCampaign) shown = NULL;
  g_autoptr(GError) error = NULL;
  GtkSingleSelection *selection;
  gint64 selected_id;

  desk_sync (desk_b);
  window_sync (ORGA_SYNC_STATE_UP_TO_DATE);
  orga_ui_test_spin (300);   /* the feed's coalescing */
  g_assert_true (has_campaign_named (page, "Rentrée 6e"));

  selection = GTK_SINGLE_SELECTION (gtk_column_view_get_model (campaigns_child (page, "column_view")));
  gtk_single_selection_set_selected (selection, 0);
  selected_id = orga_campaign_get_id (gtk_single_selection_get_selected_item (selection));

  second = desk_create_campaign (desk_b, "Collecte 5e");
  desk_sync (desk_b);
  g_assert_false (has_campaign_named (page, "Collecte 5e"));
  window_sync (ORGA_SYNC_STATE_UP_TO_DATE);
  orga_ui_test_spin (300);
  g_assert_true (has_campaign_named (page, "Collecte 5e"));
  g_assert_cmpint (orga_campaign_get_id (gtk_single_selection_get_selected_item (selection)), ==, selected_id);

  /* The campaign open follows an edit made elsewhere. */
  shown = desk_find_campaign (desk_a, first);
  g_assert_nonnull (shown);
  orga_campaigns_page_show_campaign (page, shown);
  orga_ui_test_spin (200);
  rename_campaign (desk_b, first, "Rentrée 6e (bis)");
  desk_sync (desk_b);
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
  GtkColumnView *view = students_child (page, "column_view");

  /* The table is built when the first students arrive. */
  return view != NULL && g_list_model_get_n_items (G_LIST_MODEL (gtk_column_view_get_model (view))) == N_STUDENTS;
}

/* An import made on desk B shows in the open Élèves page. */
static void
test_import_pulled (void)
{
  OrgaStudentsPage *page = window_page ("students");
  g_autoptr(OrgaImportReport) report = NULL;

  g_assert_false (students_listed_cb (page));
  report = sync_test_desktop_import (desk_b, 1, N_STUDENTS, "6A");
  desk_sync (desk_b);

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

  sync_test_server_kill (server);
  window_sync (ORGA_SYNC_STATE_OFFLINE);
  g_assert_cmpstr (orga_sync_indicator_get_label (indicator ()), ==, _("Offline"));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (indicator ())));
  if (g_strcmp0 (_("Offline"), "Offline") != 0)
    g_assert_cmpstr (orga_sync_indicator_get_label (indicator ()), ==, "Hors ligne");
  shoot ("sync-offline");
  orga_sync_indicator_popdown (indicator ());

  /* Working offline: the change waits in the outbox. */
  campaign = desk_create_campaign (desk_a, "Faite hors ligne");
  g_assert_cmpuint (sync_test_desktop_count_outbox (desk_a), >, 0);
  window_sync (ORGA_SYNC_STATE_OFFLINE);

  sync_test_server_restart (server, NULL);

  /* "Réessayer", the popover's button. */
  {
    GtkButton *retry = GTK_BUTTON (orga_sync_indicator_get_popover_object (indicator (), "sync_button"));
    RunWait wait = { orga_sync_controller_get_n_runs (controller ()), ORGA_SYNC_STATE_UP_TO_DATE };

    orga_sync_indicator_popup (indicator ());
    orga_ui_test_spin (100);
    g_assert_cmpstr (gtk_button_get_label (retry), ==, _("_Retry"));
    g_assert_true (gtk_widget_is_sensitive (GTK_WIDGET (retry)));
    g_assert_true (gtk_widget_activate (GTK_WIDGET (retry)));
    orga_ui_test_wait_until (run_done_cb, &wait);
    g_assert_cmpstr (gtk_button_get_label (retry), ==, _("_Sync Now"));
    orga_sync_indicator_popdown (indicator ());
  }
  g_assert_cmpstr (orga_sync_indicator_get_label (indicator ()), ==, _("Up to Date"));
  g_assert_cmpuint (sync_test_desktop_count_outbox (desk_a), ==, 0);
  g_assert_no_error (error);

  /* It reached the other computer. */
  desk_sync (desk_b);
  {
    g_autoptr(OrgaCampaign) there = desk_find_campaign (desk_b, campaign);
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
  g_autoptr(OrgaCampaign) on_b = desk_create_campaign (desk_b, "Bientôt supprimée");
  g_autoptr(OrgaCampaign) on_a = NULL;
  g_autoptr(GError) error = NULL;
  gint64 id_b;
  GPtrArray *notices;
  const OrgaSyncNotice *notice;

  desk_sync (desk_b);
  window_sync (ORGA_SYNC_STATE_UP_TO_DATE);
  on_a = desk_find_campaign (desk_a, on_b);
  g_assert_nonnull (on_a);

  id_b = orga_campaign_get_id (on_b);
  g_assert_true (orga_store_delete_campaigns (desk_b->store, &id_b, 1, "Marie Curie", &error));
  g_assert_no_error (error);
  desk_sync (desk_b);

  rename_campaign (desk_a, on_a, "Modifiée trop tard");
  orga_ui_test_wait_until (notice_listed_cb, NULL);

  notices = orga_sync_controller_get_notices (controller ());
  g_assert_cmpuint (notices->len, ==, 1);
  notice = g_ptr_array_index (notices, 0);
  g_assert_nonnull (notice->message);
  g_assert_nonnull (strstr (notice->message, "a été supprimée sur un autre poste"));
  g_assert_cmpuint (orga_sync_indicator_get_n_notices (indicator ()), ==, 1);
  /* Rolled back: the campaign is gone here too. */
  {
    g_autoptr(OrgaCampaign) gone = orga_store_get_campaign (desk_a->store, orga_campaign_get_id (on_a), NULL);
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
    g_autoptr(GPtrArray) left = orga_store_sync_list_notices (desk_a->store, desk_a->school, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (left->len, ==, 0);
  }
}

static gboolean
result_set_cb (gpointer data)
{
  return *(GAsyncResult **) data != NULL;
}

/* Signed out: nothing to sync, no status. */
static void
test_signed_out_hides (void)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  orga_connection_sign_out_async (connection, NULL, sync_test_result_cb, &result);
  orga_ui_test_wait_until (result_set_cb, &result);
  g_assert_true (orga_connection_sign_out_finish (connection, result, &error));
  g_assert_no_error (error);
  orga_ui_test_spin (50);
  g_assert_cmpint (orga_sync_controller_get_state (controller ()), ==, ORGA_SYNC_STATE_NOT_APPLICABLE);
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (indicator ())));
  g_assert_false (orga_sync_controller_get_running (controller ()));
}

static gboolean
client_restored_cb (gpointer data)
{
  return orga_connection_get_client (connection) != NULL;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GSettings) settings = NULL;
  g_autoptr(OrgaContext) context = NULL;
  g_autoptr(OrgaTokenStore) tokens = NULL;
  g_autofree char *tokens_dir = NULL;
  int status;

  /* GTest and the harness's folder and tokens, then GTK as gtk_test_init()
   * would set it up. */
  sync_test_init (&argc, &argv);
  textdomain (GETTEXT_PACKAGE);
  gtk_init ();
  adw_init ();
  g_object_set (gtk_settings_get_default (), "gtk-enable-animations", FALSE, NULL);

  /* One head of school on two computers. */
  server = sync_test_server_start (NULL);
  space = sync_test_space_new (server);
  desk_a = sync_test_desktop_new (space, "window", TRUE);
  desk_b = sync_test_desktop_new (space, "other", TRUE);

  /* The window finds the account bound and its token as at every start. */
  settings = g_settings_new (APP_ID);
  context = orga_context_new (desk_a->store, settings);
  orga_context_set_organization (context, desk_a->school);
  tokens_dir = g_build_filename (sync_test_get_temp_dir (), "data", "pixorga", "tokens", NULL);
  tokens = orga_token_store_new_for_directory (tokens_dir);
  connection = orga_connection_new (context, tokens);
  orga_connection_restore (connection);
  orga_ui_test_wait_until (client_restored_cb, NULL);

  window = orga_window_new_with_connection (NULL, connection);
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
  g_clear_object (&connection);
  g_clear_object (&context);
  sync_test_desktop_free (desk_b);
  sync_test_desktop_free (desk_a);
  sync_test_space_free (space);
  sync_test_server_free (server);
  return status;
}
