/* test-charts.c: the chart widgets, drawn for 0, 1 and 100,000
 * participations in the light and the dark style, their descriptions,
 * tooltips, keyboard and pointer; and their base class OrgaChart, through
 * a chart of squares and the four charts (keys, pointer, focus, tooltips,
 * colours, orga_chart_draw() against the screen, PNG)
 *
 * Set ORGA_CHARTS_PNG_DIR to keep a copy of the images.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <locale.h>
#include <math.h>
#include <string.h>

#include "chart-sample.h"
#include "orga-bar-chart.h"
#include "orga-chart-private.h"
#include "orga-format.h"
#include "orga-heat-map.h"
#include "orga-i18n.h"
#include "orga-pie-chart.h"
#include "orga-timeline-chart.h"

#define WIDTH  800
#define HEIGHT 300
#define NNBSP  "\xe2\x80\xaf"   /* U+202F, before "%" in French */

G_DEFINE_AUTOPTR_CLEANUP_FUNC (cairo_surface_t, cairo_surface_destroy)

static char *temp_dir;
static const guint sizes[] = { 0, 1, 100000 };
static ChartSample *samples[G_N_ELEMENTS (sizes)];

/* ------------------------------------------------------------------------
 * Helpers
 * ------------------------------------------------------------------------ */

static void
spin (void)
{
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

static void
set_dark (gboolean dark)
{
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (),
                                      dark ? ADW_COLOR_SCHEME_FORCE_DARK : ADW_COLOR_SCHEME_FORCE_LIGHT);
  spin ();
  g_assert_cmpint (adw_style_manager_get_dark (adw_style_manager_get_default ()), ==, dark);
}

/* Saves @widget as "<name>.png" in the temporary folder (and in
 * $ORGA_CHARTS_PNG_DIR), and loads it back. */
static cairo_surface_t *
save (GtkWidget  *widget,
      const char *name,
      int         width,
      int         height)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *file = g_strconcat (name, ".png", NULL);
  g_autofree char *path = g_build_filename (temp_dir, file, NULL);
  const char *keep = g_getenv ("ORGA_CHARTS_PNG_DIR");
  cairo_surface_t *surface;

  g_assert_true (orga_chart_save_png (ORGA_CHART (widget), path, width, height, &error));
  g_assert_no_error (error);

  if (keep != NULL && *keep != '\0')
    {
      g_autofree char *copy = g_build_filename (keep, file, NULL);

      g_mkdir_with_parents (keep, 0755);
      g_assert_true (orga_chart_save_png (ORGA_CHART (widget), copy, width, height, &error));
      g_assert_no_error (error);
    }

  surface = cairo_image_surface_create_from_png (path);
  g_assert_cmpint (cairo_surface_status (surface), ==, CAIRO_STATUS_SUCCESS);
  g_assert_cmpint (cairo_image_surface_get_width (surface), ==, width);
  g_assert_cmpint (cairo_image_surface_get_height (surface), ==, height);
  return surface;
}

static void
pixel (cairo_surface_t *surface,
       int              x,
       int              y,
       double          *r,
       double          *g,
       double          *b)
{
  const guint8 *data = cairo_image_surface_get_data (surface);
  int stride = cairo_image_surface_get_stride (surface);
  guint32 p = *(const guint32 *) (data + y * stride + x * 4);

  /* Opaque images: no premultiplication to undo. */
  *r = ((p >> 16) & 0xff) / 255.;
  *g = ((p >> 8) & 0xff) / 255.;
  *b = (p & 0xff) / 255.;
}

static double
luminance_at (cairo_surface_t *surface,
              int              x,
              int              y)
{
  double r, g, b;

  pixel (surface, x, y, &r, &g, &b);
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

/* Pixels of @area (NULL: all) within @tolerance of @color, per channel. */
static guint
count_color (cairo_surface_t             *surface,
             const cairo_rectangle_int_t *area,
             const GdkRGBA               *color,
             double                       tolerance)
{
  cairo_rectangle_int_t all = { 0, 0, cairo_image_surface_get_width (surface), cairo_image_surface_get_height (surface) };
  guint n = 0;

  if (area == NULL)
    area = &all;
  g_assert_true (area->x >= 0 && area->y >= 0);
  g_assert_cmpint (area->x + area->width, <=, all.width);
  g_assert_cmpint (area->y + area->height, <=, all.height);

  cairo_surface_flush (surface);
  for (int y = area->y; y < area->y + area->height; y++)
    for (int x = area->x; x < area->x + area->width; x++)
      {
        double r, g, b;

        pixel (surface, x, y, &r, &g, &b);
        if (fabs (r - color->red) <= tolerance && fabs (g - color->green) <= tolerance && fabs (b - color->blue) <= tolerance)
          n++;
      }

  return n;
}

/* Pixels brighter than @above (or darker than @below): text, lines. */
static guint
count_luminance (cairo_surface_t *surface,
                 double           above,
                 double           below)
{
  int width = cairo_image_surface_get_width (surface);
  int height = cairo_image_surface_get_height (surface);
  guint n = 0;

  for (int y = 0; y < height; y++)
    for (int x = 0; x < width; x++)
      {
        double l = luminance_at (surface, x, y);

        if (l > above || l < below)
          n++;
      }

  return n;
}

static guint
count_differences (cairo_surface_t *a,
                   cairo_surface_t *b)
{
  int width = cairo_image_surface_get_width (a);
  int height = cairo_image_surface_get_height (a);
  int stride = cairo_image_surface_get_stride (a);
  const guint8 *pa = cairo_image_surface_get_data (a);
  const guint8 *pb = cairo_image_surface_get_data (b);
  guint n = 0;

  g_assert_cmpint (width, ==, cairo_image_surface_get_width (b));
  g_assert_cmpint (height, ==, cairo_image_surface_get_height (b));

  for (int y = 0; y < height; y++)
    for (int x = 0; x < width; x++)
      if (*(const guint32 *) (pa + y * stride + x * 4) != *(const guint32 *) (pb + y * stride + x * 4))
        n++;

  return n;
}

/* The largest difference of a channel between @a and @b. */
static guint
max_difference (cairo_surface_t *a,
                cairo_surface_t *b)
{
  int width = cairo_image_surface_get_width (a);
  int height = cairo_image_surface_get_height (a);
  int stride = cairo_image_surface_get_stride (a);
  const guint8 *pa = cairo_image_surface_get_data (a);
  const guint8 *pb = cairo_image_surface_get_data (b);
  guint max = 0;

  for (int y = 0; y < height; y++)
    for (int x = 0; x < width * 4; x++)
      max = MAX (max, (guint) ABS (pa[y * stride + x] - pb[y * stride + x]));

  return max;
}

/* The background is the style's, and there is text on it: light text on a
 * dark background in the dark style, dark on light in the light one. */
static void
assert_style (cairo_surface_t *surface,
              gboolean         dark)
{
  double corner = luminance_at (surface, 1, 1);

  if (dark)
    {
      g_assert_cmpfloat (corner, <, 0.2);
      g_assert_cmpuint (count_luminance (surface, 0.6, -1), >, 100);
    }
  else
    {
      g_assert_cmpfloat (corner, >, 0.9);
      g_assert_cmpuint (count_luminance (surface, 2, 0.6), >, 100);
    }
}

static void
destroy_images (cairo_surface_t **images)
{
  for (guint i = 0; i < G_N_ELEMENTS (sizes); i++)
    g_clear_pointer (&images[i], cairo_surface_destroy);
}

static void
palette (GtkWidget *widget,
         guint      index,
         gboolean   dark,
         GdkRGBA   *color)
{
  _orga_chart_palette (widget, index, dark, color);
}

/* A window showing @widget at @width × @height, drawn at least once. */
static GtkWindow *
show_in_window (GtkWidget *widget,
                int        width,
                int        height)
{
  GtkWindow *window = GTK_WINDOW (gtk_window_new ());
  gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

  gtk_widget_set_size_request (widget, width, height);
  gtk_window_set_default_size (window, width, height);
  gtk_window_set_child (window, widget);
  /* As after a key press: focus rings show. */
  gtk_window_set_focus_visible (window, TRUE);
  gtk_window_present (window);

  while (!gtk_widget_get_mapped (widget) || gtk_widget_get_width (widget) != width)
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_main_context_iteration (NULL, TRUE);
    }
  spin ();

  return window;
}

static void
invalidated_cb (GdkPaintable *paintable,
                gboolean     *invalidated)
{
  *invalidated = TRUE;
}

/* Renders @widget's next frame, through its snapshot() as on screen, on
 * the window's background; kept as "<name>.png" in $ORGA_CHARTS_PNG_DIR. */
static cairo_surface_t *
render_snapshot (GtkWidget  *widget,
                 const char *name)
{
  const char *keep = g_getenv ("ORGA_CHARTS_PNG_DIR");
  GdkRGBA background;
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);
  g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new (widget);
  gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;
  gboolean invalidated = FALSE;
  GtkSnapshot *snapshot = gtk_snapshot_new ();
  g_autoptr(GskRenderNode) node = NULL;
  cairo_surface_t *surface;
  cairo_t *cr;

  g_signal_connect (paintable, "invalidate-contents", G_CALLBACK (invalidated_cb), &invalidated);
  gtk_widget_queue_draw (widget);
  while (!invalidated)
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_main_context_iteration (NULL, TRUE);
    }

  gdk_paintable_snapshot (paintable, GDK_SNAPSHOT (snapshot), width, height);
  node = gtk_snapshot_free_to_node (snapshot);
  g_assert_nonnull (node);

  g_assert_true (gtk_style_context_lookup_color (gtk_widget_get_style_context (widget), "window_bg_color", &background));
  surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, width, height);
  cr = cairo_create (surface);
  gdk_cairo_set_source_rgba (cr, &background);
  cairo_paint (cr);
  gsk_render_node_draw (node, cr);
  cairo_destroy (cr);
  cairo_surface_flush (surface);

  if (keep != NULL && *keep != '\0')
    {
      g_autofree char *file = g_strconcat (name, ".png", NULL);
      g_autofree char *path = g_build_filename (keep, file, NULL);

      g_mkdir_with_parents (keep, 0755);
      g_assert_cmpint (cairo_surface_write_to_png (surface, path), ==, CAIRO_STATUS_SUCCESS);
    }

  return surface;
}

/* Sends @keyval to @widget through the shortcut bound to it. */
static void
press_key (GtkWidget *widget,
           guint      keyval)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (widget);
  g_autoptr(GtkShortcutTrigger) trigger = gtk_keyval_trigger_new (keyval, 0);
  GtkRoot *root = gtk_widget_get_root (widget);

  /* What the window does on a key press: focus rings show. */
  if (GTK_IS_WINDOW (root))
    gtk_window_set_focus_visible (GTK_WINDOW (root), TRUE);

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GObject) controller = g_list_model_get_item (controllers, i);

      if (!GTK_IS_SHORTCUT_CONTROLLER (controller))
        continue;

      for (guint j = 0; j < g_list_model_get_n_items (G_LIST_MODEL (controller)); j++)
        {
          g_autoptr(GtkShortcut) shortcut = g_list_model_get_item (G_LIST_MODEL (controller), j);

          if (!gtk_shortcut_trigger_equal (gtk_shortcut_get_trigger (shortcut), trigger))
            continue;

          g_assert_true (gtk_shortcut_action_activate (gtk_shortcut_get_action (shortcut),
                                                       GTK_SHORTCUT_ACTION_EXCLUSIVE, widget,
                                                       gtk_shortcut_get_arguments (shortcut)));
          spin ();
          return;
        }
    }

  g_error ("No shortcut for %s", gdk_keyval_name (keyval));
}

static gpointer
find_controller (GtkWidget *widget,
                 GType      type)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (widget);

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GObject) controller = g_list_model_get_item (controllers, i);

      if (G_TYPE_CHECK_INSTANCE_TYPE (controller, type))
        return controller;   /* the widget keeps it */
    }

  g_error ("No %s on the widget", g_type_name (type));
}

/* A click at (@x, @y), as the click gesture reports it. */
static void
click (GtkWidget *widget,
       double     x,
       double     y)
{
  GtkGestureClick *gesture = find_controller (widget, GTK_TYPE_GESTURE_CLICK);

  g_signal_emit_by_name (gesture, "pressed", 1, x, y);
  g_signal_emit_by_name (gesture, "released", 1, x, y);
  spin ();
}

static void
hover (GtkWidget *widget,
       double     x,
       double     y)
{
  GtkEventControllerMotion *motion = find_controller (widget, GTK_TYPE_EVENT_CONTROLLER_MOTION);

  g_signal_emit_by_name (motion, "motion", x, y);
  spin ();
}

/* ------------------------------------------------------------------------
 * Formatting
 * ------------------------------------------------------------------------ */

static void
test_format (void)
{
  g_autofree char *saved = g_strdup (setlocale (LC_NUMERIC, NULL));
  double top, step;

  /* A C LC_NUMERIC: the interface's language decides (French here). */
  setlocale (LC_NUMERIC, "C");
  {
    g_autofree char *decimal = orga_format_decimal (42.46, 1);
    g_autofree char *whole = orga_format_decimal (42.0, 0);
    g_autofree char *zero = orga_format_decimal (-0.01, 1);
    g_autofree char *percent = orga_format_percent (0.286, 1);
    g_autofree char *rounded = orga_format_percent (0.42, 0);

    g_assert_cmpstr (decimal, ==, "42,5");
    g_assert_cmpstr (whole, ==, "42");
    g_assert_cmpstr (zero, ==, "0,0");
    g_assert_cmpstr (percent, ==, "28,6" NNBSP "%");
    g_assert_cmpstr (rounded, ==, "42" NNBSP "%");
  }

  /* A real French LC_NUMERIC gives the same. */
  if (setlocale (LC_NUMERIC, "fr_FR.UTF-8") != NULL)
    {
      g_autofree char *decimal = orga_format_decimal (1234.56, 1);

      g_assert_cmpstr (decimal, ==, "1234,6");
    }
  else
    g_test_message ("fr_FR.UTF-8 is not installed: locale branch not checked");

  setlocale (LC_NUMERIC, saved);

  /* Dates in French order */
  {
    g_autofree char *day = _orga_chart_format_day (chart_sample_first_day () + 23, "%d/%m/%Y");

    g_assert_cmpstr (day, ==, "24/09/2026");
  }

  /* Axis scales */
  _orga_chart_nice_scale (42, 4, TRUE, &top, &step);
  g_assert_cmpfloat (step, ==, 20);
  g_assert_cmpfloat (top, ==, 60);
  _orga_chart_nice_scale (100000, 4, TRUE, &top, &step);
  g_assert_cmpfloat (step, ==, 50000);
  g_assert_cmpfloat (top, ==, 100000);
  _orga_chart_nice_scale (1, 4, TRUE, &top, &step);
  g_assert_cmpfloat (step, ==, 1);
  g_assert_cmpfloat (top, ==, 1);
  _orga_chart_nice_scale (0, 4, TRUE, &top, &step);
  g_assert_cmpfloat (top, >, 0);
}

/* ------------------------------------------------------------------------
 * Timeline
 * ------------------------------------------------------------------------ */

static void
set_timeline_sample (OrgaTimelineChart *chart,
                     const ChartSample *sample)
{
  orga_timeline_chart_set_data (chart, sample->days, sample->total, sample->shared, sample->n_days);
}

static void
test_timeline_render (void)
{
  GtkWidget *widget = g_object_ref_sink (orga_timeline_chart_new ());
  OrgaTimelineChart *chart = ORGA_TIMELINE_CHART (widget);
  /* The plot, below the legend */
  const cairo_rectangle_int_t plot = { 60, 40, WIDTH - 80, HEIGHT - 80 };

  for (guint dark = 0; dark <= 1; dark++)
    {
      cairo_surface_t *images[G_N_ELEMENTS (sizes)] = { NULL };
      GdkRGBA total_color, shared_color;

      set_dark (dark);
      palette (widget, 0, dark, &total_color);
      palette (widget, 1, dark, &shared_color);

      for (guint i = 0; i < G_N_ELEMENTS (sizes); i++)
        {
          g_autofree char *name = g_strdup_printf ("timeline-%u-%s", sizes[i], dark ? "dark" : "light");

          set_timeline_sample (chart, samples[i]);
          images[i] = save (widget, name, WIDTH, HEIGHT);
          assert_style (images[i], dark);

          if (i == 0)
            g_assert_cmpstr (orga_chart_get_description (ORGA_CHART (chart)), ==, "Aucun participant pour l’instant");
          else if (i == 2)
            {
              g_autofree char *expected = g_strdup_printf ("Du 01/09/2026 au 29/12/2026 : %'u participants, dont %'u ont envoyé leurs résultats.",
                                                           100000, samples[i]->status[CHART_SAMPLE_SHARED]);

              g_assert_cmpstr (orga_chart_get_description (ORGA_CHART (chart)), ==, expected);
            }
        }

      /* Nothing yet: a message, no series. */
      g_assert_cmpuint (count_color (images[0], NULL, &total_color, 0.08), ==, 0);
      g_assert_cmpuint (count_color (images[0], NULL, &shared_color, 0.08), ==, 0);

      /* One participant: a point of each series in the plot. */
      g_assert_cmpuint (count_differences (images[0], images[1]), >, 1000);
      g_assert_cmpuint (count_color (images[1], &plot, &shared_color, 0.08), >, 10);

      /* 100,000: both curves, drawn over the plot. */
      g_assert_cmpuint (count_color (images[2], &plot, &total_color, 0.08), >, 300);
      g_assert_cmpuint (count_color (images[2], &plot, &shared_color, 0.08), >, 300);
      g_assert_cmpuint (count_differences (images[1], images[2]), >, 5000);
      destroy_images (images);
    }

  /* 120 days: month by month, the value at each month's end. */
  set_timeline_sample (chart, samples[2]);
  g_assert_true (orga_timeline_chart_get_by_month (chart));
  g_assert_cmpuint (orga_timeline_chart_get_n_points (chart), ==, 4);   /* September to December */

  set_dark (FALSE);
  g_assert_finalize_object (widget);
}

static void
test_timeline_text (void)
{
  GtkWidget *widget = g_object_ref_sink (orga_timeline_chart_new ());
  OrgaTimelineChart *chart = ORGA_TIMELINE_CHART (widget);
  gint64 first = chart_sample_first_day ();
  const gint64 days[] = { first, first + 1, first + 5 };
  const guint total[] = { 10, 20, 42 };
  const guint shared[] = { 1, 8, 30 };
  g_autofree char *tooltip = NULL;
  g_autofree char *month = NULL;
  g_autofree char *expected = NULL;
  gint64 long_days[] = { first, first + 40, first + 100 };

  g_assert_cmpstr (orga_chart_get_description (ORGA_CHART (chart)), ==, "Aucun participant pour l’instant");

  orga_timeline_chart_set_data (chart, days, total, shared, G_N_ELEMENTS (days));
  g_assert_false (orga_timeline_chart_get_by_month (chart));
  g_assert_cmpuint (orga_timeline_chart_get_n_points (chart), ==, 3);
  g_assert_cmpstr (orga_chart_get_description (ORGA_CHART (chart)), ==,
                   "Du 01/09/2026 au 06/09/2026 : 42 participants, dont 30 ont envoyé leurs résultats.");

  tooltip = orga_chart_dup_item_tooltip (ORGA_CHART (chart), 1);
  g_assert_cmpstr (tooltip, ==, "02/09/2026\nParticipants : 20\nRésultats reçus : 8");
  g_clear_pointer (&tooltip, g_free);

  /* Singular, one day */
  orga_timeline_chart_set_data (chart, days, (const guint[]) { 1 }, (const guint[]) { 1 }, 1);
  g_assert_cmpstr (orga_chart_get_description (ORGA_CHART (chart)), ==,
                   "Le 01/09/2026 : 1 participant, dont 1 a envoyé ses résultats.");

  /* A profile collection names its second series. */
  orga_timeline_chart_set_labels (chart, NULL, "Profils reçus");
  orga_timeline_chart_set_data (chart, days, total, shared, G_N_ELEMENTS (days));
  g_assert_cmpstr (orga_chart_get_description (ORGA_CHART (chart)), ==,
                   "Du 01/09/2026 au 06/09/2026 : Participants : 42, Profils reçus : 30.");
  tooltip = orga_chart_dup_item_tooltip (ORGA_CHART (chart), 2);
  g_assert_cmpstr (tooltip, ==, "06/09/2026\nParticipants : 42\nProfils reçus : 30");
  g_clear_pointer (&tooltip, g_free);
  orga_timeline_chart_set_labels (chart, NULL, NULL);

  /* Over 90 days: months, named in the locale's language. */
  orga_timeline_chart_set_data (chart, long_days, total, shared, G_N_ELEMENTS (long_days));
  g_assert_true (orga_timeline_chart_get_by_month (chart));
  g_assert_cmpuint (orga_timeline_chart_get_n_points (chart), ==, 4);
  month = _orga_chart_format_day (first + 40, "%B %Y");   /* October: 20 at its end */
  expected = g_strdup_printf ("%s\nParticipants : 20\nRésultats reçus : 8", month);
  tooltip = orga_chart_dup_item_tooltip (ORGA_CHART (chart), 1);
  g_assert_cmpstr (tooltip, ==, expected);
  g_clear_pointer (&tooltip, g_free);
  /* November: nothing new, still 20 */
  tooltip = orga_chart_dup_item_tooltip (ORGA_CHART (chart), 2);
  g_assert_true (g_str_has_suffix (tooltip, "\nParticipants : 20\nRésultats reçus : 8"));
  g_assert_cmpstr (orga_chart_get_description (ORGA_CHART (chart)), ==,
                   "Du 01/09/2026 au 10/12/2026 : 42 participants, dont 30 ont envoyé leurs résultats.");

  g_assert_finalize_object (widget);
}

static void
test_timeline_interaction (void)
{
  GtkWidget *widget = orga_timeline_chart_new ();
  OrgaTimelineChart *chart = ORGA_TIMELINE_CHART (widget);
  GtkWindow *window = show_in_window (widget, WIDTH, HEIGHT);
  g_autoptr(cairo_surface_t) light = NULL;
  g_autoptr(cairo_surface_t) dark = NULL;
  g_autoptr(cairo_surface_t) plain = NULL;
  int first_x = -1, last_x = -1;

  set_timeline_sample (chart, samples[2]);
  spin ();
  plain = render_snapshot (widget, "timeline-plain");

  /* The pointer picks the nearest month. */
  for (int x = 0; x < WIDTH; x++)
    {
      int point = orga_chart_get_item_at (ORGA_CHART (chart), x, HEIGHT / 2);

      if (point == 0 && first_x < 0)
        first_x = x;
      if (point == 3 && last_x < 0)
        last_x = x;
    }
  g_assert_cmpint (first_x, >, 0);
  g_assert_cmpint (last_x, >, first_x);
  g_assert_cmpint (orga_chart_get_item_at (ORGA_CHART (chart), 2, HEIGHT / 2), ==, -1);

  hover (widget, last_x + 2, HEIGHT / 2);
  g_assert_cmpint (orga_chart_get_highlighted (ORGA_CHART (chart)), ==, 3);

  /* Keyboard: Home, Right, End */
  gtk_widget_grab_focus (widget);
  g_assert_true (gtk_widget_has_focus (widget));
  press_key (widget, GDK_KEY_Home);
  g_assert_cmpint (orga_chart_get_highlighted (ORGA_CHART (chart)), ==, 0);
  press_key (widget, GDK_KEY_Right);
  g_assert_cmpint (orga_chart_get_highlighted (ORGA_CHART (chart)), ==, 1);
  press_key (widget, GDK_KEY_Left);
  press_key (widget, GDK_KEY_Left);
  g_assert_cmpint (orga_chart_get_highlighted (ORGA_CHART (chart)), ==, 0);
  press_key (widget, GDK_KEY_End);
  g_assert_cmpint (orga_chart_get_highlighted (ORGA_CHART (chart)), ==, 3);

  press_key (widget, GDK_KEY_Left);

  /* The style changes while shown: the widget follows. */
  set_dark (FALSE);
  light = render_snapshot (widget, "timeline-keyboard-light");
  set_dark (TRUE);
  dark = render_snapshot (widget, "timeline-keyboard-dark");
  g_assert_cmpuint (count_differences (light, dark), >, 1000);
  assert_style (dark, TRUE);
  /* The focus ring, guide and callout */
  g_assert_cmpuint (count_differences (plain, light), >, 1000);

  set_dark (FALSE);
  gtk_window_destroy (window);
  spin ();
}

/* ------------------------------------------------------------------------
 * Pie
 * ------------------------------------------------------------------------ */

static void
set_pie_sample (OrgaPieChart      *chart,
                const ChartSample *sample)
{
  g_autofree char *started = g_strdup_printf ("En cours (%u)", sample->status[CHART_SAMPLE_STARTED]);
  g_autofree char *to_share = g_strdup_printf ("En attente d’envoi (%u)", sample->status[CHART_SAMPLE_TO_SHARE]);
  g_autofree char *shared = g_strdup_printf ("Résultats reçus (%u)", sample->status[CHART_SAMPLE_SHARED]);
  OrgaChartSlice slices[] = {
    { started, sample->status[CHART_SAMPLE_STARTED] },
    { to_share, sample->status[CHART_SAMPLE_TO_SHARE] },
    { shared, sample->status[CHART_SAMPLE_SHARED] },
  };

  orga_pie_chart_set_slices (chart, slices, G_N_ELEMENTS (slices));
}

static void
test_pie_render (void)
{
  GtkWidget *widget = g_object_ref_sink (orga_pie_chart_new ());
  OrgaPieChart *chart = ORGA_PIE_CHART (widget);
  const cairo_rectangle_int_t ring = { 0, 0, 240, 240 };

  for (guint dark = 0; dark <= 1; dark++)
    {
      cairo_surface_t *images[G_N_ELEMENTS (sizes)] = { NULL };
      GdkRGBA colors[3];

      set_dark (dark);
      for (guint c = 0; c < 3; c++)
        palette (widget, c, dark, &colors[c]);

      for (guint i = 0; i < G_N_ELEMENTS (sizes); i++)
        {
          g_autofree char *name = g_strdup_printf ("pie-%u-%s", sizes[i], dark ? "dark" : "light");

          set_pie_sample (chart, samples[i]);
          images[i] = save (widget, name, 600, 240);
          assert_style (images[i], dark);
        }

      g_assert_cmpstr (orga_chart_get_description (ORGA_CHART (chart)), !=, "Aucune donnée");
      for (guint c = 0; c < 3; c++)
        {
          /* No ring without data, a whole ring of the one status, every
           * colour for 100,000. */
          g_assert_cmpuint (count_color (images[0], NULL, &colors[c], 0.06), ==, 0);
          g_assert_cmpuint (count_color (images[2], &ring, &colors[c], 0.06), >, 500);
        }
      g_assert_cmpuint (count_color (images[1], &ring, &colors[2], 0.06), >, 5000);
      g_assert_cmpuint (count_differences (images[0], images[1]), >, 5000);
      destroy_images (images);
    }

  set_pie_sample (chart, samples[0]);
  g_assert_cmpstr (orga_chart_get_description (ORGA_CHART (chart)), ==, "Aucune donnée");

  set_dark (FALSE);
  g_assert_finalize_object (widget);
}

static void
test_pie_text (void)
{
  GtkWidget *widget = orga_pie_chart_new ();
  OrgaPieChart *chart = ORGA_PIE_CHART (widget);
  const OrgaChartSlice slices[] = {
    { "En cours (12)", 12 },
    { "En attente d’envoi (5)", 5 },
    { "Résultats reçus (25)", 25 },
  };
  GtkWindow *window = show_in_window (widget, 600, 240);
  g_autoptr(cairo_surface_t) plain = NULL;
  g_autoptr(cairo_surface_t) keyboard = NULL;
  g_autofree char *tooltip = NULL;
  int slice_found[3] = { 0 };

  orga_pie_chart_set_slices (chart, slices, G_N_ELEMENTS (slices));
  g_assert_cmpstr (orga_chart_get_description (ORGA_CHART (chart)), ==,
                   "En cours (12) : 12 (28,6" NNBSP "%), "
                   "En attente d’envoi (5) : 5 (11,9" NNBSP "%), "
                   "Résultats reçus (25) : 25 (59,5" NNBSP "%). Total : 42.");
  tooltip = orga_chart_dup_item_tooltip (ORGA_CHART (chart), 0);
  g_assert_cmpstr (tooltip, ==, "En cours (12) : 12 (28,6" NNBSP "%)");

  /* Every slice can be pointed at on the ring… */
  for (int y = 0; y < 240; y += 3)
    for (int x = 0; x < 260; x += 3)
      {
        int slice = orga_chart_get_item_at (ORGA_CHART (chart), x, y);

        if (slice >= 0)
          slice_found[slice]++;
      }
  /* …in proportion to its share. */
  g_assert_cmpint (slice_found[2], >, slice_found[0]);
  g_assert_cmpint (slice_found[0], >, slice_found[1]);
  g_assert_cmpint (slice_found[1], >, 0);
  /* The middle is a hole. */
  g_assert_cmpint (orga_chart_get_item_at (ORGA_CHART (chart), 12 + 108, 120), ==, -1);

  hover (widget, 12 + 108, 120 - 100);   /* the top of the ring: the first slice */
  g_assert_cmpint (orga_chart_get_highlighted (ORGA_CHART (chart)), ==, 0);

  plain = render_snapshot (widget, "pie-hover");
  gtk_widget_grab_focus (widget);
  press_key (widget, GDK_KEY_End);
  g_assert_cmpint (orga_chart_get_highlighted (ORGA_CHART (chart)), ==, 2);
  press_key (widget, GDK_KEY_Up);
  g_assert_cmpint (orga_chart_get_highlighted (ORGA_CHART (chart)), ==, 1);
  keyboard = render_snapshot (widget, "pie-keyboard");
  g_assert_cmpuint (count_differences (plain, keyboard), >, 500);

  gtk_window_destroy (window);
  spin ();
}

/* ------------------------------------------------------------------------
 * Bars
 * ------------------------------------------------------------------------ */

static void
set_distribution (OrgaBarChart      *chart,
                  const ChartSample *sample)
{
  OrgaChartBar bars[CHART_SAMPLE_BUCKETS];

  for (guint i = 0; i < CHART_SAMPLE_BUCKETS; i++)
    bars[i] = (OrgaChartBar) { chart_sample_bucket_labels[i], sample->buckets[i], NULL };
  orga_bar_chart_set_bars (chart, bars, sample->n_participations > 0 ? CHART_SAMPLE_BUCKETS : 0);
}

static void
set_competences (OrgaBarChart      *chart,
                 const ChartSample *sample)
{
  OrgaChartBar bars[CHART_SAMPLE_COMPETENCES];
  char *labels[CHART_SAMPLE_COMPETENCES];

  for (guint i = 0; i < CHART_SAMPLE_COMPETENCES; i++)
    {
      labels[i] = g_strdup_printf ("%s %s", chart_sample_codes[i], chart_sample_names[i]);
      bars[i] = (OrgaChartBar) { labels[i], sample->competence_average[i],
                                 chart_sample_area_colors[chart_sample_area (i)] };
    }
  orga_bar_chart_set_orientation (chart, GTK_ORIENTATION_HORIZONTAL);
  orga_bar_chart_set_value_format (chart, ORGA_BAR_VALUE_FORMAT_PERCENT);
  orga_bar_chart_set_max (chart, 1);
  orga_bar_chart_set_bars (chart, bars, sample->n_participations > 0 ? CHART_SAMPLE_COMPETENCES : 0);

  for (guint i = 0; i < CHART_SAMPLE_COMPETENCES; i++)
    g_free (labels[i]);
}

static void
test_bars_render (void)
{
  GtkWidget *distribution = g_object_ref_sink (orga_bar_chart_new ());
  GtkWidget *competences = g_object_ref_sink (orga_bar_chart_new ());

  for (guint dark = 0; dark <= 1; dark++)
    {
      cairo_surface_t *images[G_N_ELEMENTS (sizes)] = { NULL };
      g_autoptr(cairo_surface_t) areas = NULL;
      GdkRGBA accent, area;

      set_dark (dark);
      g_assert_true (gtk_style_context_lookup_color (gtk_widget_get_style_context (distribution), "accent_bg_color", &accent));

      for (guint i = 0; i < G_N_ELEMENTS (sizes); i++)
        {
          g_autofree char *name = g_strdup_printf ("distribution-%u-%s", sizes[i], dark ? "dark" : "light");

          set_distribution (ORGA_BAR_CHART (distribution), samples[i]);
          images[i] = save (distribution, name, WIDTH, HEIGHT);
          assert_style (images[i], dark);
        }

      g_assert_cmpuint (count_color (images[0], NULL, &accent, 0.05), ==, 0);
      g_assert_cmpuint (count_color (images[1], NULL, &accent, 0.05), >, 1000);
      g_assert_cmpuint (count_color (images[2], NULL, &accent, 0.05), >, 10000);

      /* The competences in their areas' colours */
      set_competences (ORGA_BAR_CHART (competences), samples[2]);
      areas = save (competences, dark ? "competences-100000-dark" : "competences-100000-light", WIDTH, 520);
      assert_style (areas, dark);
      for (guint a = 0; a < CHART_SAMPLE_AREAS; a++)
        {
          g_assert_true (gdk_rgba_parse (&area, chart_sample_area_colors[a]));
          g_assert_cmpuint (count_color (areas, NULL, &area, 0.03), >, 1000);
        }
      destroy_images (images);
    }

  set_dark (FALSE);
  g_assert_finalize_object (distribution);
  g_assert_finalize_object (competences);
}

static void
activated_cb (OrgaBarChart *chart,
              guint         index,
              int          *activated)
{
  *activated = index;
}

static void
test_bars_interaction (void)
{
  GtkWidget *widget = orga_bar_chart_new ();
  OrgaBarChart *chart = ORGA_BAR_CHART (widget);
  const OrgaChartBar bars[] = {
    { "Palier 1", 12, NULL },
    { "Palier 2", 30, "#f1a141" },
    { "Palier 3", 0, NULL },
  };
  GtkWindow *window = show_in_window (widget, 600, 300);
  g_autoptr(cairo_surface_t) plain = NULL;
  g_autoptr(cairo_surface_t) selected = NULL;
  g_autofree char *tooltip = NULL;
  int activated = -1;
  int x_of[3] = { -1, -1, -1 };

  g_signal_connect (widget, "bar-activated", G_CALLBACK (activated_cb), &activated);
  orga_bar_chart_set_bars (chart, bars, G_N_ELEMENTS (bars));
  spin ();

  g_assert_cmpstr (orga_chart_get_description (ORGA_CHART (chart)), ==, "Palier 1 : 12, Palier 2 : 30, Palier 3 : 0.");
  tooltip = orga_chart_dup_item_tooltip (ORGA_CHART (chart), 1);
  g_assert_cmpstr (tooltip, ==, "Palier 2 : 30");

  /* Three bands, left to right */
  for (int x = 0; x < 600; x++)
    {
      int bar = orga_chart_get_item_at (ORGA_CHART (chart), x, 150);

      if (bar >= 0 && x_of[bar] < 0)
        x_of[bar] = x;
    }
  g_assert_cmpint (x_of[0], >=, 0);
  g_assert_cmpint (x_of[1], >, x_of[0]);
  g_assert_cmpint (x_of[2], >, x_of[1]);

  /* A click on the second bar */
  click (widget, x_of[1] + 20, 200);
  g_assert_cmpint (activated, ==, 1);
  g_assert_true (gtk_widget_has_focus (widget));

  /* A click beside the bars does nothing. */
  activated = -1;
  click (widget, 2, 2);
  g_assert_cmpint (activated, ==, -1);

  /* Keyboard: End, Left, Enter; then space. */
  press_key (widget, GDK_KEY_End);
  g_assert_cmpint (orga_chart_get_highlighted (ORGA_CHART (chart)), ==, 2);
  press_key (widget, GDK_KEY_Left);
  press_key (widget, GDK_KEY_Left);
  press_key (widget, GDK_KEY_Return);
  g_assert_cmpint (activated, ==, 0);
  press_key (widget, GDK_KEY_Right);
  activated = -1;
  press_key (widget, GDK_KEY_space);
  g_assert_cmpint (activated, ==, 1);

  /* The caller marks the chosen bar. */
  plain = render_snapshot (widget, "bars-keyboard");
  orga_bar_chart_set_selected (chart, 1);
  g_assert_cmpint (orga_bar_chart_get_selected (chart), ==, 1);
  selected = render_snapshot (widget, "bars-keyboard-selected");
  g_assert_cmpuint (count_differences (plain, selected), >, 1000);

  /* Percentages */
  orga_bar_chart_set_value_format (chart, ORGA_BAR_VALUE_FORMAT_PERCENT);
  orga_bar_chart_set_bars (chart, (const OrgaChartBar[]) { { "1.1", 0.42, NULL }, { "1.2", 0.555, NULL } }, 2);
  g_assert_cmpint (orga_bar_chart_get_selected (chart), ==, 1);
  g_assert_cmpstr (orga_chart_get_description (ORGA_CHART (chart)), ==, "1.1 : 42" NNBSP "%, 1.2 : 56" NNBSP "%.");

  orga_bar_chart_set_bars (chart, NULL, 0);
  g_assert_cmpint (orga_bar_chart_get_selected (chart), ==, -1);
  g_assert_cmpstr (orga_chart_get_description (ORGA_CHART (chart)), ==, "Aucune donnée");

  gtk_window_destroy (window);
  spin ();
}

/* ------------------------------------------------------------------------
 * Heat map
 * ------------------------------------------------------------------------ */

static void
set_heat_map_sample (OrgaHeatMap       *map,
                     const ChartSample *sample)
{
  orga_heat_map_set_data (map, (const char * const *) sample->classes, sample->n_classes,
                          chart_sample_codes, CHART_SAMPLE_COMPETENCES, sample->rates);
  orga_heat_map_set_column_tooltips (map, chart_sample_names);
}

static void
test_heat_map_render (void)
{
  GtkWidget *widget = g_object_ref_sink (orga_heat_map_new ());
  OrgaHeatMap *map = ORGA_HEAT_MAP (widget);

  for (guint dark = 0; dark <= 1; dark++)
    {
      cairo_surface_t *images[G_N_ELEMENTS (sizes)] = { NULL };

      set_dark (dark);
      for (guint i = 0; i < G_N_ELEMENTS (sizes); i++)
        {
          g_autofree char *name = g_strdup_printf ("heat-map-%u-%s", sizes[i], dark ? "dark" : "light");

          set_heat_map_sample (map, samples[i]);
          images[i] = save (widget, name, WIDTH, 720);
          assert_style (images[i], dark);
        }

      g_assert_cmpuint (count_differences (images[0], images[1]), >, 10000);
      g_assert_cmpuint (count_differences (images[1], images[2]), >, 10000);

      /* Blue cells, written in black or white */
      {
        GdkRGBA blue = { 0.208, 0.518, 0.894, 1 };

        g_assert_cmpuint (count_color (images[2], NULL, &blue, 0.15), >, 5000);
      }
      destroy_images (images);
    }

  set_heat_map_sample (map, samples[0]);
  g_assert_cmpstr (orga_chart_get_description (ORGA_CHART (map)), ==, "Aucune donnée");

  /* A path that cannot be written is an error. */
  {
    g_autoptr(GError) error = NULL;

    g_assert_false (orga_chart_save_png (ORGA_CHART (map), "/nonexistent/folder/map.png", 100, 100, &error));
    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_FAILED);
  }

  set_dark (FALSE);
  g_assert_finalize_object (widget);
}

static void
test_heat_map_text (void)
{
  GtkWidget *widget = orga_heat_map_new ();
  OrgaHeatMap *map = ORGA_HEAT_MAP (widget);
  const char * const rows[] = { "4A", "4B" };
  const char * const cols[] = { "1.1", "2.1" };
  const char * const names[] = { "Mener une recherche", "Interagir", NULL };
  const double values[] = { 0.5, 0.42, NAN, 1.0 };
  GtkWindow *window = show_in_window (widget, 400, 200);
  g_autoptr(cairo_surface_t) plain = NULL;
  g_autoptr(cairo_surface_t) keyboard = NULL;
  g_autofree char *tooltip = NULL;
  guint row = 99, col = 99;

  orga_heat_map_set_data (map, rows, 2, cols, 2, values);
  spin ();
  plain = render_snapshot (widget, "heat-map-small");

  g_assert_cmpstr (orga_chart_get_description (ORGA_CHART (map)), ==,
                   "Classe 4A (1.1 : 50" NNBSP "%, 2.1 : 42" NNBSP "%) ; "
                   "Classe 4B (1.1 : pas de données, 2.1 : 100" NNBSP "%).");

  /* Codes alone until the names come */
  tooltip = orga_heat_map_dup_cell_tooltip (map, 0, 1);
  g_assert_cmpstr (tooltip, ==, "Classe 4A — 2.1 : 42" NNBSP "%");
  g_clear_pointer (&tooltip, g_free);
  orga_heat_map_set_column_tooltips (map, names);
  tooltip = orga_heat_map_dup_cell_tooltip (map, 0, 1);
  g_assert_cmpstr (tooltip, ==, "Classe 4A — 2.1 Interagir : 42" NNBSP "%");
  g_clear_pointer (&tooltip, g_free);
  tooltip = orga_heat_map_dup_cell_tooltip (map, 1, 0);
  g_assert_cmpstr (tooltip, ==, "Classe 4B — 1.1 Mener une recherche : pas de données");

  /* Pointer: the bottom-right cell is at the bottom right of the grid. */
  g_assert_false (orga_heat_map_get_cell_at (map, 1, 1, &row, &col));
  for (int y = 199; y > 0 && !orga_heat_map_get_cell_at (map, 380, y, &row, &col); y--)
    ;
  g_assert_cmpuint (row, ==, 1);
  g_assert_cmpuint (col, ==, 1);

  /* Keyboard: the first move shows the top-left cell, then arrows. */
  gtk_widget_grab_focus (widget);
  g_assert_false (orga_heat_map_get_highlighted (map, NULL, NULL));
  press_key (widget, GDK_KEY_Right);
  g_assert_true (orga_heat_map_get_highlighted (map, &row, &col));
  g_assert_cmpuint (row, ==, 0);
  g_assert_cmpuint (col, ==, 0);
  press_key (widget, GDK_KEY_Right);
  press_key (widget, GDK_KEY_Right);
  press_key (widget, GDK_KEY_Down);
  press_key (widget, GDK_KEY_Down);
  g_assert_true (orga_heat_map_get_highlighted (map, &row, &col));
  g_assert_cmpuint (row, ==, 1);
  g_assert_cmpuint (col, ==, 1);
  keyboard = render_snapshot (widget, "heat-map-keyboard");
  press_key (widget, GDK_KEY_Home);
  press_key (widget, GDK_KEY_Up);
  g_assert_true (orga_heat_map_get_highlighted (map, &row, &col));
  g_assert_cmpuint (row, ==, 0);
  g_assert_cmpuint (col, ==, 0);
  g_assert_cmpuint (count_differences (plain, keyboard), >, 500);

  gtk_window_destroy (window);
  spin ();
}

/* The view shows in the snapshot what the PNG shows. */
static void
test_snapshot (void)
{
  GtkWidget *widget = orga_heat_map_new ();
  GtkWindow *window = show_in_window (widget, WIDTH, 720);
  g_autoptr(cairo_surface_t) surface = NULL;
  GdkRGBA blue = { 0.208, 0.518, 0.894, 1 };

  set_dark (FALSE);
  set_heat_map_sample (ORGA_HEAT_MAP (widget), samples[2]);
  spin ();
  surface = render_snapshot (widget, "heat-map-snapshot");
  g_assert_cmpuint (count_color (surface, NULL, &blue, 0.15), >, 5000);

  gtk_window_destroy (window);
  spin ();
}

/* ------------------------------------------------------------------------
 * The base class: a chart of squares, with nothing of its own but its
 * items and its drawing
 * ------------------------------------------------------------------------ */

#define SQUARES 4
#define SQUARE  40

struct _TestSquares
{
  OrgaChart parent_instance;
  guint     n_drawn;
  guint     n_colors;
};

G_DECLARE_FINAL_TYPE (TestSquares, test_squares, TEST, SQUARES, OrgaChart)
G_DEFINE_FINAL_TYPE (TestSquares, test_squares, ORGA_TYPE_CHART)

static void
test_squares_draw (OrgaChart *chart,
                   cairo_t   *cr,
                   int        width,
                   int        height)
{
  const OrgaChartColors *colors = _orga_chart_get_colors (chart);
  int highlight = _orga_chart_get_drawn_highlight (chart);

  TEST_SQUARES (chart)->n_drawn++;
  for (guint i = 0; i < SQUARES; i++)
    {
      cairo_rectangle (cr, 10 + i * 50, 10, SQUARE, SQUARE);
      _orga_chart_set_source (cr, (int) i == highlight ? &colors->fg : &colors->accent, 1);
      cairo_fill (cr);
    }
  if (_orga_chart_has_visible_focus (chart))
    _orga_chart_draw_focus_ring (cr, colors, 0, 0, width, height);
}

static guint
test_squares_get_n_items (OrgaChart *chart)
{
  return SQUARES;
}

static int
test_squares_hit_test (OrgaChart *chart,
                       double     x,
                       double     y)
{
  int i = (int) floor ((x - 10) / 50);

  if (i < 0 || i >= SQUARES || x - 10 - i * 50 >= SQUARE || y < 10 || y >= 10 + SQUARE)
    return -1;
  return i;
}

static char *
test_squares_describe_item (OrgaChart *chart,
                            guint      index)
{
  return g_strdup_printf ("Carré %u", index + 1);
}

static void
test_squares_update_colors (OrgaChart *chart)
{
  TEST_SQUARES (chart)->n_colors++;
}

static void
test_squares_class_init (TestSquaresClass *klass)
{
  OrgaChartClass *chart_class = ORGA_CHART_CLASS (klass);

  chart_class->draw = test_squares_draw;
  chart_class->get_n_items = test_squares_get_n_items;
  chart_class->hit_test = test_squares_hit_test;
  chart_class->describe_item = test_squares_describe_item;
  chart_class->update_colors = test_squares_update_colors;
}

static void
test_squares_init (TestSquares *self)
{
  _orga_chart_take_description (ORGA_CHART (self), g_strdup ("Quatre carrés."));
}

/* Whether a key's shortcut takes the key (FALSE: it goes on to the
 * window). */
static gboolean
key_taken (GtkWidget *widget,
           guint      keyval)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (widget);
  g_autoptr(GtkShortcutTrigger) trigger = gtk_keyval_trigger_new (keyval, 0);

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GObject) controller = g_list_model_get_item (controllers, i);

      if (!GTK_IS_SHORTCUT_CONTROLLER (controller))
        continue;

      for (guint j = 0; j < g_list_model_get_n_items (G_LIST_MODEL (controller)); j++)
        {
          g_autoptr(GtkShortcut) shortcut = g_list_model_get_item (G_LIST_MODEL (controller), j);

          if (gtk_shortcut_trigger_equal (gtk_shortcut_get_trigger (shortcut), trigger))
            return gtk_shortcut_action_activate (gtk_shortcut_get_action (shortcut),
                                                 GTK_SHORTCUT_ACTION_EXCLUSIVE, widget,
                                                 gtk_shortcut_get_arguments (shortcut));
        }
    }

  return FALSE;
}

static gboolean
query_tooltip (GtkWidget *widget,
               int        x,
               int        y,
               gboolean   keyboard_mode)
{
  g_autoptr(GtkTooltip) tooltip = g_object_new (GTK_TYPE_TOOLTIP, NULL);
  gboolean shown = FALSE;

  g_signal_emit_by_name (widget, "query-tooltip", x, y, keyboard_mode, tooltip, &shown);
  return shown;
}

static void
test_base_input (void)
{
  GtkWidget *widget = g_object_new (test_squares_get_type (), NULL);
  OrgaChart *chart = ORGA_CHART (widget);
  GtkWindow *window = show_in_window (widget, 300, 80);
  g_autofree char *tooltip = NULL;
  g_autofree char *problem = NULL;

  /* What assistive technologies read */
  g_assert_cmpstr (orga_chart_get_description (chart), ==, "Quatre carrés.");
  problem = gtk_test_accessible_check_property (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, "Quatre carrés.");
  g_assert_null (problem);
  g_assert_cmpint (gtk_accessible_get_accessible_role (GTK_ACCESSIBLE (widget)), ==, GTK_ACCESSIBLE_ROLE_IMG);
  g_assert_true (gtk_widget_get_focusable (widget));

  /* Items and tooltips through the class's vfuncs */
  g_assert_cmpuint (orga_chart_get_n_items (chart), ==, SQUARES);
  g_assert_cmpint (orga_chart_get_item_at (chart, 65, 30), ==, 1);
  g_assert_cmpint (orga_chart_get_item_at (chart, 55, 30), ==, -1);
  tooltip = orga_chart_dup_item_tooltip (chart, 2);
  g_assert_cmpstr (tooltip, ==, "Carré 3");
  g_assert_true (query_tooltip (widget, 65, 30, FALSE));
  g_assert_false (query_tooltip (widget, 55, 30, FALSE));

  /* The pointer highlights what it is over, and nothing once it leaves. */
  hover (widget, 115, 30);
  g_assert_cmpint (orga_chart_get_highlighted (chart), ==, 2);
  g_signal_emit_by_name (find_controller (widget, GTK_TYPE_EVENT_CONTROLLER_MOTION), "leave");
  g_assert_cmpint (orga_chart_get_highlighted (chart), ==, -1);
  /* Nothing chosen: no tooltip from the keyboard */
  g_assert_false (query_tooltip (widget, 0, 0, TRUE));

  /* A click takes the focus; nothing to activate here. */
  click (widget, 65, 30);
  g_assert_true (gtk_widget_has_focus (widget));

  /* Arrows: Left from nothing is the last; Up and Down step like Left
   * and Right; the ends hold. */
  press_key (widget, GDK_KEY_Left);
  g_assert_cmpint (orga_chart_get_highlighted (chart), ==, SQUARES - 1);
  press_key (widget, GDK_KEY_Home);
  g_assert_cmpint (orga_chart_get_highlighted (chart), ==, 0);
  press_key (widget, GDK_KEY_Left);
  g_assert_cmpint (orga_chart_get_highlighted (chart), ==, 0);
  press_key (widget, GDK_KEY_Right);
  press_key (widget, GDK_KEY_Down);
  g_assert_cmpint (orga_chart_get_highlighted (chart), ==, 2);
  press_key (widget, GDK_KEY_Up);
  g_assert_cmpint (orga_chart_get_highlighted (chart), ==, 1);
  press_key (widget, GDK_KEY_End);
  press_key (widget, GDK_KEY_KP_Right);
  g_assert_cmpint (orga_chart_get_highlighted (chart), ==, SQUARES - 1);
  g_assert_true (query_tooltip (widget, 0, 0, TRUE));

  /* Without activate(), Enter and space go on to the window. */
  g_assert_false (key_taken (widget, GDK_KEY_Return));
  g_assert_false (key_taken (widget, GDK_KEY_space));
  g_assert_true (key_taken (widget, GDK_KEY_Home));

  /* Chosen with the keyboard: the pointer leaving keeps it, the focus
   * leaving drops it. */
  g_signal_emit_by_name (find_controller (widget, GTK_TYPE_EVENT_CONTROLLER_MOTION), "leave");
  g_assert_cmpint (orga_chart_get_highlighted (chart), ==, 0);
  gtk_window_set_focus (window, NULL);
  g_assert_false (gtk_widget_has_focus (widget));
  g_assert_cmpint (orga_chart_get_highlighted (chart), ==, -1);

  gtk_window_destroy (window);
  spin ();
}

/* Paints the style's background and orga_chart_draw() on an image: on
 * the background as the PNG does, or, with @layer, on a transparent layer
 * then laid on the background, as GTK lays a widget's cairo drawing (the
 * rounding of translucent pixels differs by a level or two between the
 * two). */
static cairo_surface_t *
draw_on_image (OrgaChart *chart,
               int        width,
               int        height,
               gboolean   layer)
{
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, width, height);
  cairo_t *cr = cairo_create (surface);
  GdkRGBA background;

  g_assert_true (gtk_style_context_lookup_color (gtk_widget_get_style_context (GTK_WIDGET (chart)), "window_bg_color", &background));
  gdk_cairo_set_source_rgba (cr, &background);
  cairo_paint (cr);
  if (layer)
    cairo_push_group_with_content (cr, CAIRO_CONTENT_COLOR_ALPHA);
  orga_chart_draw (chart, cr, width, height);
  if (layer)
    {
      cairo_pop_group_to_source (cr);
      cairo_paint (cr);
    }
  cairo_destroy (cr);
  cairo_surface_flush (surface);

  return surface;
}

/* orga_chart_draw() on an image gives the pixels the screen shows, for
 * each chart, light and dark, when nothing is highlighted or focused. */
static void
test_base_draw (void)
{
  GtkWidget *charts[5];
  const int heights[] = { HEIGHT, 240, HEIGHT, 720, 80 };

  charts[0] = orga_timeline_chart_new ();
  set_timeline_sample (ORGA_TIMELINE_CHART (charts[0]), samples[2]);
  charts[1] = orga_pie_chart_new ();
  set_pie_sample (ORGA_PIE_CHART (charts[1]), samples[2]);
  charts[2] = orga_bar_chart_new ();
  set_distribution (ORGA_BAR_CHART (charts[2]), samples[2]);
  charts[3] = orga_heat_map_new ();
  set_heat_map_sample (ORGA_HEAT_MAP (charts[3]), samples[2]);
  charts[4] = g_object_new (test_squares_get_type (), NULL);

  for (guint i = 0; i < G_N_ELEMENTS (charts); i++)
    {
      GtkWindow *window = show_in_window (charts[i], WIDTH, heights[i]);
      g_autofree char *problem = NULL;

      /* Assistive technologies read the chart's description. */
      problem = gtk_test_accessible_check_property (GTK_ACCESSIBLE (charts[i]), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                                    orga_chart_get_description (ORGA_CHART (charts[i])));
      g_assert_null (problem);

      /* No focus ring, no highlight */
      gtk_window_set_focus (window, NULL);
      spin ();
      g_assert_false (gtk_widget_has_focus (charts[i]));
      g_assert_cmpint (orga_chart_get_highlighted (ORGA_CHART (charts[i])), ==, -1);

      for (guint dark = 0; dark <= 1; dark++)
        {
          g_autofree char *name = g_strdup_printf ("base-%s-%s", G_OBJECT_TYPE_NAME (charts[i]), dark ? "dark" : "light");
          g_autoptr(cairo_surface_t) screen = NULL;
          g_autoptr(cairo_surface_t) image = NULL;
          g_autoptr(cairo_surface_t) direct = NULL;

          set_dark (dark);
          screen = render_snapshot (charts[i], name);
          image = draw_on_image (ORGA_CHART (charts[i]), WIDTH, heights[i], TRUE);
          if (!TEST_IS_SQUARES (charts[i]))   /* no text */
            assert_style (image, dark);
          g_assert_cmpuint (count_differences (screen, image), ==, 0);

          /* As PNG, straight on the background */
          direct = draw_on_image (ORGA_CHART (charts[i]), WIDTH, heights[i], FALSE);
          g_assert_cmpuint (max_difference (screen, direct), <=, 2);
        }

      set_dark (FALSE);
      gtk_window_destroy (window);
      spin ();
    }
}

/* The screen looks the colours up once per style change; images every
 * time, and only images leave the highlight and the focus out. */
static void
test_base_style (void)
{
  GtkWidget *widget = g_object_new (test_squares_get_type (), NULL);
  TestSquares *squares = TEST_SQUARES (widget);
  GtkWindow *window = show_in_window (widget, 300, 80);
  g_autoptr(cairo_surface_t) plain = NULL;
  g_autoptr(cairo_surface_t) hovered = NULL;
  g_autoptr(cairo_surface_t) image = NULL;
  guint n_colors;

  gtk_window_set_focus (window, NULL);
  set_dark (FALSE);
  plain = render_snapshot (widget, "base-squares-plain");
  n_colors = squares->n_colors;
  g_clear_pointer (&plain, cairo_surface_destroy);
  plain = render_snapshot (widget, "base-squares-plain");
  g_assert_cmpuint (squares->n_colors, ==, n_colors);

  set_dark (TRUE);
  g_clear_pointer (&plain, cairo_surface_destroy);
  plain = render_snapshot (widget, "base-squares-plain");
  g_assert_cmpuint (squares->n_colors, ==, n_colors + 1);

  hover (widget, 65, 30);
  hovered = render_snapshot (widget, "base-squares-hover");
  g_assert_cmpuint (count_differences (plain, hovered), ==, SQUARE * SQUARE);

  image = draw_on_image (ORGA_CHART (widget), 300, 80, TRUE);
  g_assert_cmpuint (squares->n_colors, ==, n_colors + 2);
  g_assert_cmpuint (count_differences (plain, image), ==, 0);

  set_dark (FALSE);
  gtk_window_destroy (window);
  spin ();
}

/* The PNG is orga_chart_draw() on the style's background. */
static void
test_base_png (void)
{
  GtkWidget *widget = g_object_ref_sink (orga_bar_chart_new ());
  g_autoptr(cairo_surface_t) png = NULL;
  g_autoptr(cairo_surface_t) image = NULL;
  g_autoptr(GError) error = NULL;

  set_distribution (ORGA_BAR_CHART (widget), samples[1]);
  for (guint dark = 0; dark <= 1; dark++)
    {
      set_dark (dark);
      png = save (widget, dark ? "base-png-dark" : "base-png-light", 640, 200);
      image = draw_on_image (ORGA_CHART (widget), 640, 200, FALSE);
      g_assert_cmpuint (count_differences (png, image), ==, 0);
      g_clear_pointer (&png, cairo_surface_destroy);
      g_clear_pointer (&image, cairo_surface_destroy);
    }

  /* A folder that does not exist: an error, nothing written */
  g_assert_false (orga_chart_save_png (ORGA_CHART (widget), "/nonexistent/folder/chart.png", 100, 100, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_FAILED);
  g_assert_false (g_file_test ("/nonexistent/folder/chart.png", G_FILE_TEST_EXISTS));

  set_dark (FALSE);
  g_assert_finalize_object (widget);
}

static void
remove_temp_dir (void)
{
  g_autoptr(GDir) dir = g_dir_open (temp_dir, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (temp_dir, name, NULL);

      g_unlink (path);
    }
  g_rmdir (temp_dir);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  int status;

  /* GTK's test backend keeps the accessible properties for the checks
   * (and, unlike AT-SPI, needs no bus). */
  g_setenv ("GTK_A11Y", "test", TRUE);
  orga_i18n_init (TRUE);
  textdomain (GETTEXT_PACKAGE);
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  temp_dir = g_dir_make_tmp ("test-charts-XXXXXX", &error);
  g_assert_no_error (error);

  for (guint i = 0; i < G_N_ELEMENTS (sizes); i++)
    samples[i] = chart_sample_new (sizes[i]);

  g_test_add_func ("/charts/format", test_format);
  g_test_add_func ("/charts/timeline/render", test_timeline_render);
  g_test_add_func ("/charts/timeline/text", test_timeline_text);
  g_test_add_func ("/charts/timeline/interaction", test_timeline_interaction);
  g_test_add_func ("/charts/pie/render", test_pie_render);
  g_test_add_func ("/charts/pie/text", test_pie_text);
  g_test_add_func ("/charts/bars/render", test_bars_render);
  g_test_add_func ("/charts/bars/interaction", test_bars_interaction);
  g_test_add_func ("/charts/heat-map/render", test_heat_map_render);
  g_test_add_func ("/charts/heat-map/text", test_heat_map_text);
  g_test_add_func ("/charts/heat-map/snapshot", test_snapshot);
  g_test_add_func ("/charts/base/input", test_base_input);
  g_test_add_func ("/charts/base/draw", test_base_draw);
  g_test_add_func ("/charts/base/style", test_base_style);
  g_test_add_func ("/charts/base/png", test_base_png);

  status = g_test_run ();

  for (guint i = 0; i < G_N_ELEMENTS (sizes); i++)
    chart_sample_free (samples[i]);
  remove_temp_dir ();
  g_free (temp_dir);
  return status;
}
