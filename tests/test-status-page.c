/* test-status-page.c: OrgaStatusPage places and draws what AdwStatusPage
 * does, at the window's size, narrow and in a short window that scrolls
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>

#include "orga-status-page.h"
#include "orga-ui-test-util.h"

#define TITLE "Aucun élève pour l’instant !"
#define DESCRIPTION "Importez l’export « Élèves sans adresses » de SIECLE (.zip ou .xml), " \
                    "ou l’export Fregata (.csv) pour un établissement agricole."

static GtkWidget *
button_new (void)
{
  GtkWidget *button = gtk_button_new_with_label ("Importer (.xml, .zip, .csv)");

  gtk_widget_set_halign (button, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (button, "suggested-action");
  gtk_widget_add_css_class (button, "pill");
  return button;
}

/* The pixels @widget draws, through its window's renderer. */
static GBytes *
draw (GtkWidget *widget)
{
  g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new (widget);
  g_autoptr(GtkSnapshot) snapshot = gtk_snapshot_new ();
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  GskRenderer *renderer = gtk_native_get_renderer (gtk_widget_get_native (widget));
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);
  guchar *pixels;

  gdk_paintable_snapshot (paintable, snapshot, width, height);
  node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
  g_assert_nonnull (node);
  texture = gsk_renderer_render_texture (renderer, node, &GRAPHENE_RECT_INIT (0, 0, width, height));
  pixels = g_malloc ((gsize) width * height * 4);
  gdk_texture_download (texture, pixels, (gsize) width * 4);

  return g_bytes_new_take (pixels, (gsize) width * height * 4);
}

/* Where @widget's label showing @text is, in @widget's coordinates. */
static gboolean
find_label (GtkWidget       *widget,
            GtkWidget       *root,
            const char      *text,
            graphene_rect_t *bounds)
{
  if (GTK_IS_LABEL (widget) && g_strcmp0 (gtk_label_get_text (GTK_LABEL (widget)), text) == 0)
    return gtk_widget_compute_bounds (widget, root, bounds);

  for (GtkWidget *c = gtk_widget_get_first_child (widget); c != NULL; c = gtk_widget_get_next_sibling (c))
    if (find_label (c, root, text, bounds))
      return TRUE;

  return FALSE;
}

static void
assert_same_page (int width,
                  int height)
{
  GtkWidget *ours = orga_status_page_new ();
  AdwStatusPage *theirs = ADW_STATUS_PAGE (adw_status_page_new ());
  GtkWindow *window_a, *window_b;
  const char *texts[] = { TITLE, DESCRIPTION };
  g_autoptr(GBytes) a = NULL;
  g_autoptr(GBytes) b = NULL;

  orga_status_page_set_icon_name (ORGA_STATUS_PAGE (ours), "system-users-symbolic");
  orga_status_page_set_title (ORGA_STATUS_PAGE (ours), TITLE);
  orga_status_page_set_description (ORGA_STATUS_PAGE (ours), DESCRIPTION);
  orga_status_page_set_child (ORGA_STATUS_PAGE (ours), button_new ());
  adw_status_page_set_icon_name (theirs, "system-users-symbolic");
  adw_status_page_set_title (theirs, TITLE);
  adw_status_page_set_description (theirs, DESCRIPTION);
  adw_status_page_set_child (theirs, button_new ());

  window_a = orga_ui_test_present (ours, width, height);
  window_b = orga_ui_test_present (GTK_WIDGET (theirs), width, height);
  orga_ui_test_spin (100);

  g_assert_cmpint (gtk_widget_get_width (ours), ==, gtk_widget_get_width (GTK_WIDGET (theirs)));
  g_assert_cmpint (gtk_widget_get_height (ours), ==, gtk_widget_get_height (GTK_WIDGET (theirs)));
  for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
    {
      graphene_rect_t here, there;

      g_assert_true (find_label (ours, ours, texts[i], &here));
      g_assert_true (find_label (GTK_WIDGET (theirs), GTK_WIDGET (theirs), texts[i], &there));
      if (!graphene_rect_equal (&here, &there))
        g_test_message ("%dx%d “%.10s”: %g,%g %gx%g against %g,%g %gx%g", width, height, texts[i],
                        here.origin.x, here.origin.y, here.size.width, here.size.height,
                        there.origin.x, there.origin.y, there.size.width, there.size.height);
      g_assert_true (graphene_rect_equal (&here, &there));
    }

  a = draw (ours);
  b = draw (GTK_WIDGET (theirs));
  g_assert_true (g_bytes_equal (a, b));

  gtk_window_destroy (window_a);
  gtk_window_destroy (window_b);
}

static void
test_same_as_adwaita (void)
{
  assert_same_page (800, 660);
  /* Narrow: the description wraps on four lines. */
  assert_same_page (360, 660);
  /* Short: the page scrolls. */
  assert_same_page (800, 300);
}

static void
test_title (void)
{
  GtkWidget *page = g_object_ref_sink (orga_status_page_new ());

  orga_status_page_set_title (ORGA_STATUS_PAGE (page), TITLE);
  g_assert_cmpstr (orga_status_page_get_title (ORGA_STATUS_PAGE (page)), ==, TITLE);
  orga_status_page_set_title (ORGA_STATUS_PAGE (page), NULL);
  g_assert_cmpstr (orga_status_page_get_title (ORGA_STATUS_PAGE (page)), ==, "");

  g_object_unref (page);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GtkCssProvider) provider = NULL;

  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  /* The page's style rules are the app's, which AdwApplication loads. */
  provider = gtk_css_provider_new ();
  gtk_css_provider_load_from_resource (provider, "/io/github/pixorga/PixOrga/style.css");
  gtk_style_context_add_provider_for_display (gdk_display_get_default (), GTK_STYLE_PROVIDER (provider),
                                              GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);

  g_test_add_func ("/status-page/same-as-adwaita", test_same_as_adwaita);
  g_test_add_func ("/status-page/title", test_title);

  return g_test_run ();
}
