/* orga-chart-util.c: the charts' drawing helpers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "orga-chart"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "orga-chart-util.h"
#include "orga-format.h"

void
_orga_chart_lookup_color (GtkWidget  *widget,
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
    _orga_chart_lookup_color (widget, palette[i].dark_name, palette[i].dark, color);
  else
    _orga_chart_lookup_color (widget, palette[i].light_name, palette[i].light, color);
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
