/* orga-chart-util.c: what the chart widgets share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "orga-chart"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "orga-chart-util.h"
#include "orga-format.h"

static void
lookup (GtkWidget  *widget,
        const char *name,
        const char *fallback,
        GdkRGBA    *color)
{
  GtkStyleContext *context = gtk_widget_get_style_context (widget);

  if (gtk_style_context_lookup_color (context, name, color))
    return;
  if (!gdk_rgba_parse (color, fallback))
    g_assert_not_reached ();
}

static void
with_alpha (GdkRGBA       *out,
            const GdkRGBA *in,
            double         alpha)
{
  *out = *in;
  out->alpha = in->alpha * alpha;
}

void
_orga_chart_colors_load (OrgaChartColors *colors,
                         GtkWidget       *widget)
{
  AdwStyleManager *manager = adw_style_manager_get_default ();
  gboolean dark = adw_style_manager_get_dark (manager);
  GdkRGBA accent_text;

  colors->dark = dark;
  lookup (widget, "window_fg_color", dark ? "#ffffff" : "rgba(0,0,0,0.8)", &colors->fg);
  lookup (widget, "window_bg_color", dark ? "#242424" : "#fafafa", &colors->bg);
  lookup (widget, "accent_bg_color", "#3584e4", &colors->accent);
  lookup (widget, "accent_color", dark ? "#78aeed" : "#1c71d8", &accent_text);
  lookup (widget, "popover_bg_color", dark ? "#383838" : "#ffffff", &colors->popover);

  with_alpha (&colors->dim, &colors->fg, 0.7);
  with_alpha (&colors->axis, &colors->fg, 0.35);
  with_alpha (&colors->grid, &colors->fg, dark ? 0.12 : 0.1);
  with_alpha (&colors->focus, &accent_text, 0.5);
}

/* GNOME palette (https://developer.gnome.org/hig/reference/palette.html),
 * as libadwaita names it: a mid shade on light backgrounds, a lighter one
 * on dark backgrounds, in an order where neighbours differ in lightness as
 * well as hue. */
static const struct
{
  const char *light_name;
  const char *light;
  const char *dark_name;
  const char *dark;
} palette[] = {
  { "blue_3",   "#3584e4", "blue_2",   "#62a0ea" },
  { "green_5",  "#26a269", "green_3",  "#33d17a" },
  { "yellow_5", "#e5a50a", "yellow_3", "#f6d32d" },
  { "purple_3", "#9141ac", "purple_2", "#c061cb" },
  { "orange_4", "#e66100", "orange_2", "#ffa348" },
  { "red_3",    "#e01b24", "red_2",    "#f66151" },
  { "brown_3",  "#986a44", "brown_2",  "#cdab8f" },
  { "dark_1",   "#77767b", "light_4",  "#9a9996" },
};

void
_orga_chart_palette (GtkWidget *widget,
                     guint      index,
                     gboolean   dark,
                     GdkRGBA   *color)
{
  guint i = index % G_N_ELEMENTS (palette);

  if (dark)
    lookup (widget, palette[i].dark_name, palette[i].dark, color);
  else
    lookup (widget, palette[i].light_name, palette[i].light, color);
}

void
_orga_chart_watch_style (GtkWidget *widget,
                         GCallback  callback)
{
  AdwStyleManager *manager = adw_style_manager_get_default ();

  g_signal_connect_object (manager, "notify::dark", callback, widget, G_CONNECT_SWAPPED);
  g_signal_connect_object (manager, "notify::high-contrast", callback, widget, G_CONNECT_SWAPPED);
}

/* Decimals and percentages follow the one rule of orga-format.h (rounding,
 * -0, NaN, the separator), as the tabs, the CLI and the export do. */
char *
_orga_chart_format_decimal (double value,
                            int    digits)
{
  return orga_format_decimal (value, digits);
}

char *
_orga_chart_format_percent (double ratio,
                            int    digits)
{
  return orga_format_percent (ratio, digits);
}

char *
_orga_chart_format_count (guint count)
{
  return g_strdup_printf ("%'u", count);
}

char *
_orga_chart_format_day (gint64      day,
                        const char *format)
{
  g_autoptr(GDateTime) time = g_date_time_new_from_unix_utc (day * 86400);

  if (time == NULL)
    return g_strdup ("");
  return g_date_time_format (time, format);
}

void
_orga_chart_nice_scale (double    max,
                        guint     ticks,
                        gboolean  integers,
                        double   *top,
                        double   *step)
{
  double raw;
  double magnitude;
  double normalized;
  double nice;

  g_assert (ticks > 0);

  if (!(max > 0) || !isfinite (max))
    max = 1;

  raw = max / ticks;
  magnitude = pow (10, floor (log10 (raw)));
  normalized = raw / magnitude;

  if (normalized <= 1)
    nice = 1;
  else if (normalized <= 2)
    nice = 2;
  else if (normalized <= 5)
    nice = 5;
  else
    nice = 10;

  *step = nice * magnitude;
  if (integers && *step < 1)
    *step = 1;
  *top = ceil (max / *step - 1e-9) * *step;
  if (*top <= 0)
    *top = *step;
}

PangoLayout *
_orga_chart_create_layout (GtkWidget *widget,
                           double     scale,
                           gboolean   bold)
{
  PangoLayout *layout = gtk_widget_create_pango_layout (widget, NULL);
  const PangoFontDescription *font;
  g_autoptr(PangoFontDescription) copy = NULL;

  if (scale == 1 && !bold)
    return layout;

  font = pango_context_get_font_description (pango_layout_get_context (layout));
  copy = pango_font_description_copy (font);
  if (pango_font_description_get_size_is_absolute (font))
    pango_font_description_set_absolute_size (copy, pango_font_description_get_size (font) * scale);
  else
    pango_font_description_set_size (copy, (int) (pango_font_description_get_size (font) * scale));
  if (bold)
    pango_font_description_set_weight (copy, PANGO_WEIGHT_BOLD);
  pango_layout_set_font_description (layout, copy);

  return layout;
}

void
_orga_chart_set_source (cairo_t       *cr,
                        const GdkRGBA *color,
                        double         alpha)
{
  cairo_set_source_rgba (cr, color->red, color->green, color->blue, color->alpha * alpha);
}

void
_orga_chart_text_size (PangoLayout *layout,
                       const char  *text,
                       int         *width,
                       int         *height)
{
  pango_layout_set_text (layout, text, -1);
  pango_layout_get_pixel_size (layout, width, height);
}

void
_orga_chart_draw_text (cairo_t       *cr,
                       PangoLayout   *layout,
                       const char    *text,
                       double         x,
                       double         y,
                       double         xalign,
                       double         yalign,
                       const GdkRGBA *color)
{
  int width, height;

  _orga_chart_text_size (layout, text, &width, &height);
  cairo_move_to (cr, round (x - xalign * width), round (y - yalign * height));
  _orga_chart_set_source (cr, color, 1);
  pango_cairo_show_layout (cr, layout);
}

void
_orga_chart_rounded_rect (cairo_t *cr,
                          double   x,
                          double   y,
                          double   width,
                          double   height,
                          double   radius)
{
  radius = MIN (radius, MIN (width, height) / 2);

  cairo_new_sub_path (cr);
  cairo_arc (cr, x + width - radius, y + radius, radius, -G_PI / 2, 0);
  cairo_arc (cr, x + width - radius, y + height - radius, radius, 0, G_PI / 2);
  cairo_arc (cr, x + radius, y + height - radius, radius, G_PI / 2, G_PI);
  cairo_arc (cr, x + radius, y + radius, radius, G_PI, 3 * G_PI / 2);
  cairo_close_path (cr);
}

/* libadwaita's focus ring: 2 px of the accent colour at 50 %. */
void
_orga_chart_draw_focus_ring (cairo_t               *cr,
                             const OrgaChartColors *colors,
                             double                 x,
                             double                 y,
                             double                 width,
                             double                 height)
{
  cairo_save (cr);
  _orga_chart_rounded_rect (cr, x + 1, y + 1, MAX (width - 2, 2), MAX (height - 2, 2), 6);
  _orga_chart_set_source (cr, &colors->focus, 1);
  cairo_set_line_width (cr, 2);
  cairo_stroke (cr);
  cairo_restore (cr);
}

void
_orga_chart_draw_callout (cairo_t               *cr,
                          PangoLayout           *layout,
                          const OrgaChartColors *colors,
                          const char            *text,
                          const graphene_rect_t *target,
                          int                    width,
                          int                    height)
{
  const double pad = 6;
  const double gap = 8;
  int text_width, text_height;
  double box_width, box_height;
  double tx = target->origin.x, ty = target->origin.y;
  double tw = target->size.width, th = target->size.height;
  double left, top;
  /* Right of the item, left of it, below, above: the first that fits. */
  double candidates[4][2];
  guint i;

  _orga_chart_text_size (layout, text, &text_width, &text_height);
  box_width = text_width + 2 * pad;
  box_height = text_height + 2 * pad;

  candidates[0][0] = tx + tw + gap;
  candidates[0][1] = ty + th / 2 - box_height / 2;
  candidates[1][0] = tx - gap - box_width;
  candidates[1][1] = candidates[0][1];
  candidates[2][0] = tx + tw / 2 - box_width / 2;
  candidates[2][1] = ty + th + gap;
  candidates[3][0] = candidates[2][0];
  candidates[3][1] = ty - gap - box_height;

  for (i = 0; i < G_N_ELEMENTS (candidates); i++)
    {
      left = CLAMP (candidates[i][0], 2, MAX (2, width - 2 - box_width));
      top = CLAMP (candidates[i][1], 2, MAX (2, height - 2 - box_height));

      /* Kept inside, it must still leave the item visible. */
      if (left + box_width <= tx || left >= tx + tw || top + box_height <= ty || top >= ty + th)
        break;
    }
  if (i == G_N_ELEMENTS (candidates))
    {
      left = CLAMP (candidates[2][0], 2, MAX (2, width - 2 - box_width));
      top = CLAMP (candidates[2][1], 2, MAX (2, height - 2 - box_height));
    }

  cairo_save (cr);
  _orga_chart_rounded_rect (cr, left, top, box_width, box_height, 6);
  _orga_chart_set_source (cr, &colors->popover, 1);
  cairo_fill_preserve (cr);
  _orga_chart_set_source (cr, &colors->fg, 0.2);
  cairo_set_line_width (cr, 1);
  cairo_stroke (cr);
  cairo_move_to (cr, round (left + pad), round (top + pad));
  _orga_chart_set_source (cr, &colors->fg, 1);
  pango_cairo_show_layout (cr, layout);
  cairo_restore (cr);
}

void
_orga_chart_draw_empty (cairo_t               *cr,
                        PangoLayout           *layout,
                        const OrgaChartColors *colors,
                        const char            *text,
                        int                    width,
                        int                    height)
{
  _orga_chart_draw_text (cr, layout, text, width / 2., height / 2., 0.5, 0.5, &colors->dim);
}

gboolean
_orga_chart_save_png (GtkWidget          *widget,
                      OrgaChartDrawFunc   draw,
                      const char         *path,
                      int                 width,
                      int                 height,
                      GError            **error)
{
  OrgaChartColors colors;
  cairo_surface_t *surface;
  cairo_status_t status;
  cairo_t *cr;

  g_return_val_if_fail (GTK_IS_WIDGET (widget), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (width > 0 && height > 0, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  _orga_chart_colors_load (&colors, widget);

  surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, width, height);
  cr = cairo_create (surface);
  _orga_chart_set_source (cr, &colors.bg, 1);
  cairo_paint (cr);
  draw (widget, cr, width, height);
  status = cairo_status (cr);
  cairo_destroy (cr);

  if (status == CAIRO_STATUS_SUCCESS)
    status = cairo_surface_write_to_png (surface, path);
  cairo_surface_destroy (surface);

  if (status != CAIRO_STATUS_SUCCESS)
    {
      g_autofree char *name = g_filename_display_name (path);

      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                   _("Could not save the chart as “%s”: %s"),
                   name, cairo_status_to_string (status));
      return FALSE;
    }

  return TRUE;
}

void
_orga_chart_set_description (GtkWidget  *widget,
                             const char *description)
{
  gtk_accessible_update_property (GTK_ACCESSIBLE (widget),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, description,
                                  -1);
}

/* The actions and their keys, so that every chart answers the same keys. */
void
_orga_chart_class_install_actions (GtkWidgetClass              *widget_class,
                                   gboolean                     with_rows,
                                   GtkWidgetActionActivateFunc  move,
                                   GtkWidgetActionActivateFunc  activate)
{
  static const struct { guint keyval; const char *action; } keys[] = {
    { GDK_KEY_Left,     "chart.previous" },
    { GDK_KEY_KP_Left,  "chart.previous" },
    { GDK_KEY_Right,    "chart.next" },
    { GDK_KEY_KP_Right, "chart.next" },
    { GDK_KEY_Home,     "chart.first" },
    { GDK_KEY_KP_Home,  "chart.first" },
    { GDK_KEY_End,      "chart.last" },
    { GDK_KEY_KP_End,   "chart.last" },
  };
  static const guint activate_keys[] = {
    GDK_KEY_Return, GDK_KEY_KP_Enter, GDK_KEY_ISO_Enter, GDK_KEY_space, GDK_KEY_KP_Space,
  };

  gtk_widget_class_install_action (widget_class, "chart.previous", NULL, move);
  gtk_widget_class_install_action (widget_class, "chart.next", NULL, move);
  gtk_widget_class_install_action (widget_class, "chart.first", NULL, move);
  gtk_widget_class_install_action (widget_class, "chart.last", NULL, move);
  if (with_rows)
    {
      gtk_widget_class_install_action (widget_class, "chart.up", NULL, move);
      gtk_widget_class_install_action (widget_class, "chart.down", NULL, move);
    }
  if (activate != NULL)
    gtk_widget_class_install_action (widget_class, "chart.activate", NULL, activate);

  for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
    gtk_widget_class_add_binding_action (widget_class, keys[i].keyval, 0, keys[i].action, NULL);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Up, 0, with_rows ? "chart.up" : "chart.previous", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Up, 0, with_rows ? "chart.up" : "chart.previous", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Down, 0, with_rows ? "chart.down" : "chart.next", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Down, 0, with_rows ? "chart.down" : "chart.next", NULL);

  if (activate == NULL)
    return;

  for (guint i = 0; i < G_N_ELEMENTS (activate_keys); i++)
    gtk_widget_class_add_binding_action (widget_class, activate_keys[i], 0, "chart.activate", NULL);
}

/* The same keys move the same way in the bar, pie and timeline charts (and
 * along a heat map's row). */
int
_orga_chart_step_index (const char *action_name,
                        int         current,
                        guint       n_items)
{
  int last = (int) n_items - 1;

  g_assert (n_items > 0);

  if (g_str_equal (action_name, "chart.first"))
    return 0;
  else if (g_str_equal (action_name, "chart.last"))
    return last;
  else if (g_str_equal (action_name, "chart.previous"))
    return current < 0 ? last : MAX (current - 1, 0);
  else if (g_str_equal (action_name, "chart.next"))
    return current < 0 ? 0 : MIN (current + 1, last);

  return current;
}

void
_orga_chart_init_input (GtkWidget            *widget,
                        const char           *label,
                        const OrgaChartInput *input)
{
  GtkEventController *motion;
  GtkGesture *click;

  gtk_widget_set_focusable (widget, TRUE);
  gtk_widget_set_has_tooltip (widget, TRUE);
  g_signal_connect (widget, "query-tooltip", input->query_tooltip, NULL);
  g_signal_connect (widget, "notify::has-focus", input->focus_changed, NULL);

  motion = gtk_event_controller_motion_new ();
  g_signal_connect_swapped (motion, "enter", input->motion, widget);
  g_signal_connect_swapped (motion, "motion", input->motion, widget);
  g_signal_connect_swapped (motion, "leave", input->leave, widget);
  gtk_widget_add_controller (widget, motion);

  click = gtk_gesture_click_new ();
  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (click), GDK_BUTTON_PRIMARY);
  g_signal_connect_swapped (click, "pressed", input->pressed, widget);
  if (input->released != NULL)
    g_signal_connect_swapped (click, "released", input->released, widget);
  gtk_widget_add_controller (widget, GTK_EVENT_CONTROLLER (click));

  gtk_accessible_update_property (GTK_ACCESSIBLE (widget),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, label,
                                  -1);

  _orga_chart_watch_style (widget, input->style_changed);
}
