/* test-text-cell.c: OrgaTextCell sizes and draws its text as the
 * GtkInscription it replaces in the Élèves list, with its metrics cached
 * per font, and exposes its text
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>
#include <string.h>

#include "orga-text-cell.h"
#include "orga-ui-test-util.h"

static GtkWidget *
inscription_new (guint       min_chars,
                 guint       nat_chars,
                 const char *text)
{
  GtkWidget *inscription = gtk_inscription_new (text);

  gtk_inscription_set_min_chars (GTK_INSCRIPTION (inscription), min_chars);
  gtk_inscription_set_nat_chars (GTK_INSCRIPTION (inscription), nat_chars);
  gtk_inscription_set_text_overflow (GTK_INSCRIPTION (inscription), GTK_INSCRIPTION_OVERFLOW_ELLIPSIZE_END);
  return inscription;
}

static void
assert_same_size (GtkWidget *cell,
                  GtkWidget *inscription)
{
  for (int o = GTK_ORIENTATION_HORIZONTAL; o <= GTK_ORIENTATION_VERTICAL; o++)
    {
      int min_a, nat_a, min_base_a, nat_base_a;
      int min_b, nat_b, min_base_b, nat_base_b;

      gtk_widget_measure (cell, o, -1, &min_a, &nat_a, &min_base_a, &nat_base_a);
      gtk_widget_measure (inscription, o, -1, &min_b, &nat_b, &min_base_b, &nat_base_b);
      g_assert_cmpint (min_a, >, 0);
      g_assert_cmpint (min_a, ==, min_b);
      g_assert_cmpint (nat_a, ==, nat_b);
      g_assert_cmpint (min_base_a, ==, min_base_b);
      g_assert_cmpint (nat_base_a, ==, nat_base_b);
    }
}

/* The pixels @widget draws, through its window's renderer. */
static GBytes *
draw (GtkWidget *widget,
      int       *width,
      int       *height)
{
  g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new (widget);
  g_autoptr(GtkSnapshot) snapshot = gtk_snapshot_new ();
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  GskRenderer *renderer = gtk_native_get_renderer (gtk_widget_get_native (widget));
  guchar *pixels;

  *width = gtk_widget_get_width (widget);
  *height = gtk_widget_get_height (widget);
  gdk_paintable_snapshot (paintable, snapshot, *width, *height);
  node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
  g_assert_nonnull (node);
  texture = gsk_renderer_render_texture (renderer, node, &GRAPHENE_RECT_INIT (0, 0, *width, *height));
  pixels = g_malloc ((gsize) *width * *height * 4);
  gdk_texture_download (texture, pixels, (gsize) *width * 4);

  return g_bytes_new_take (pixels, (gsize) *width * *height * 4);
}

static void
assert_same_drawing (GtkWidget *cell,
                     GtkWidget *inscription)
{
  int width_a, height_a, width_b, height_b;
  g_autoptr(GBytes) a = draw (cell, &width_a, &height_a);
  g_autoptr(GBytes) b = draw (inscription, &width_b, &height_b);

  g_assert_cmpint (width_a, ==, width_b);
  g_assert_cmpint (height_a, ==, height_b);
  g_assert_true (g_bytes_equal (a, b));
}

/* Sized in characters as the inscription is, whatever the text; one line
 * high; with tabular figures (.numeric) as well. */
static void
test_size (void)
{
  static const guint chars[][2] = { { 10, 18 }, { 6, 14 }, { 3, 6 }, { 1, 3 } };
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWindow *window = orga_ui_test_present (box, 400, 300);

  for (guint i = 0; i < G_N_ELEMENTS (chars); i++)
    {
      GtkWidget *cell = orga_text_cell_new (chars[i][0], chars[i][1]);
      GtkWidget *inscription = inscription_new (chars[i][0], chars[i][1], NULL);

      if (i % 2 == 1)
        {
          gtk_widget_add_css_class (cell, "numeric");
          gtk_widget_add_css_class (inscription, "numeric");
        }
      gtk_box_append (GTK_BOX (box), cell);
      gtk_box_append (GTK_BOX (box), inscription);
      assert_same_size (cell, inscription);

      /* The text does not change the size. */
      orga_text_cell_set_text (ORGA_TEXT_CELL (cell), "Marie-Héloïse de La Tour d’Auvergne");
      gtk_inscription_set_text (GTK_INSCRIPTION (inscription), "Marie-Héloïse de La Tour d’Auvergne");
      assert_same_size (cell, inscription);
    }

  gtk_window_destroy (window);
}

/* The metrics are kept per font: a cell in a larger font is larger, as
 * its inscription is, and one in the usual font keeps its size. */
static void
test_font_change (void)
{
  g_autoptr(GtkCssProvider) provider = gtk_css_provider_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *cell = orga_text_cell_new (10, 18);
  GtkWidget *inscription = inscription_new (10, 18, NULL);
  GtkWidget *usual = orga_text_cell_new (10, 18);
  GtkWindow *window;
  int usual_width, large_width;

  gtk_css_provider_load_from_data (provider, "label.large { font-size: 30px; }", -1);
  gtk_style_context_add_provider_for_display (gdk_display_get_default (), GTK_STYLE_PROVIDER (provider),
                                              GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
  gtk_box_append (GTK_BOX (box), cell);
  gtk_box_append (GTK_BOX (box), inscription);
  gtk_box_append (GTK_BOX (box), usual);
  window = orga_ui_test_present (box, 600, 300);

  gtk_widget_measure (cell, GTK_ORIENTATION_HORIZONTAL, -1, &usual_width, NULL, NULL, NULL);
  gtk_widget_add_css_class (cell, "large");
  gtk_widget_add_css_class (inscription, "large");
  orga_ui_test_spin (50);
  assert_same_size (cell, inscription);
  gtk_widget_measure (cell, GTK_ORIENTATION_HORIZONTAL, -1, &large_width, NULL, NULL, NULL);
  g_assert_cmpint (large_width, >, usual_width);
  gtk_widget_measure (usual, GTK_ORIENTATION_HORIZONTAL, -1, &large_width, NULL, NULL, NULL);
  g_assert_cmpint (large_width, ==, usual_width);

  gtk_style_context_remove_provider_for_display (gdk_display_get_default (), GTK_STYLE_PROVIDER (provider));
  gtk_window_destroy (window);
}

/* The same pixels as the inscription: a short text centred in a row
 * taller than a line, and a long one ellipsized; selected as in a list's
 * selected row, and in the dark style. */
static void
assert_drawings (gboolean selected)
{
  static const char *texts[] = { "ANDRÉ", "21/04/2008", "Timothée-Alexandre", "–" };
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *cells[G_N_ELEMENTS (texts)];
  GtkWidget *inscriptions[G_N_ELEMENTS (texts)];
  GtkWindow *window;

  for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
    {
      cells[i] = orga_text_cell_new (6, 14);
      inscriptions[i] = inscription_new (6, 14, texts[i]);
      orga_text_cell_set_text (ORGA_TEXT_CELL (cells[i]), texts[i]);
      /* Narrower than the long text, taller than a line. */
      gtk_widget_set_size_request (cells[i], 70, 30);
      gtk_widget_set_size_request (inscriptions[i], 70, 30);
      gtk_widget_set_halign (cells[i], GTK_ALIGN_START);
      gtk_widget_set_halign (inscriptions[i], GTK_ALIGN_START);
      if (selected)
        {
          gtk_widget_set_state_flags (cells[i], GTK_STATE_FLAG_SELECTED, FALSE);
          gtk_widget_set_state_flags (inscriptions[i], GTK_STATE_FLAG_SELECTED, FALSE);
        }
      gtk_box_append (GTK_BOX (box), cells[i]);
      gtk_box_append (GTK_BOX (box), inscriptions[i]);
    }
  window = orga_ui_test_present (box, 400, 300);
  orga_ui_test_spin (50);

  for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
    assert_same_drawing (cells[i], inscriptions[i]);

  gtk_window_destroy (window);
}

static void
test_drawing (void)
{
  AdwStyleManager *style = adw_style_manager_get_default ();

  assert_drawings (FALSE);
  assert_drawings (TRUE);
  adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_FORCE_DARK);
  orga_ui_test_spin (50);
  assert_drawings (FALSE);
  assert_drawings (TRUE);
  adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_DEFAULT);
}

/* Its text, and no text. */
static void
test_text (void)
{
  GtkWidget *cell = g_object_ref_sink (orga_text_cell_new (3, 6));

  g_assert_null (orga_text_cell_get_text (ORGA_TEXT_CELL (cell)));
  orga_text_cell_set_text (ORGA_TEXT_CELL (cell), "4A");
  g_assert_cmpstr (orga_text_cell_get_text (ORGA_TEXT_CELL (cell)), ==, "4A");
  g_assert_cmpint (gtk_accessible_get_accessible_role (GTK_ACCESSIBLE (cell)), ==, GTK_ACCESSIBLE_ROLE_LABEL);
  g_assert_cmpstr (gtk_widget_get_css_name (cell), ==, "label");
  orga_text_cell_set_text (ORGA_TEXT_CELL (cell), NULL);
  g_assert_null (orga_text_cell_get_text (ORGA_TEXT_CELL (cell)));

  g_object_unref (cell);
}

int
main (int   argc,
      char *argv[])
{
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  g_test_add_func ("/text-cell/size", test_size);
  g_test_add_func ("/text-cell/font-change", test_font_change);
  g_test_add_func ("/text-cell/drawing", test_drawing);
  g_test_add_func ("/text-cell/text", test_text);

  return g_test_run ();
}
