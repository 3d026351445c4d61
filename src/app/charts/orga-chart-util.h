/* orga-chart-util.h: the charts' drawing helpers (palette, number and
 * date formatting, scales, text, focus ring, callouts); what a chart
 * widget shares as a widget is OrgaChart (orga-chart.c)
 *
 * Not a public API: the helpers start with an underscore and are only used
 * by the charts in this folder (and their tests).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

/* Colours of the current style, looked up by name in libadwaita's
 * stylesheet (so dark and high-contrast follow), with fallbacks, by
 * OrgaChart. */
typedef struct
{
  GdkRGBA  fg;       /* window_fg_color: text */
  GdkRGBA  dim;      /* fg, weaker: axis labels, legends' numbers */
  GdkRGBA  grid;     /* fg, faint: grid lines */
  GdkRGBA  axis;     /* fg, light: axis lines */
  GdkRGBA  bg;       /* window_bg_color: PNG background, slice gaps */
  GdkRGBA  accent;   /* accent_bg_color: default bars */
  GdkRGBA  focus;    /* accent_color at 50 %: focus rings */
  GdkRGBA  popover;  /* popover_bg_color: in-chart callouts */
  gboolean dark;
} OrgaChartColors;

/* The style's colour @name, or @fallback (a CSS colour) without it. */
void         _orga_chart_lookup_color     (GtkWidget         *widget,
                                           const char        *name,
                                           const char        *fallback,
                                           GdkRGBA           *color);

/* The series/slice palette: GNOME palette colours readable on the light
 * and the dark background (a lighter shade in dark mode). */
void         _orga_chart_palette          (GtkWidget         *widget,
                                           guint              index,
                                           gboolean           dark,
                                           GdkRGBA           *color);

/* Decimals and percentages: orga_format_decimal() and
 * orga_format_percent(). */
char        *_orga_chart_format_count     (guint              count);
char        *_orga_chart_format_day       (gint64             day,
                                           const char        *format);

/* A "nice" axis: a top value >= @max and a round step (1, 2, 5 × 10^n;
 * at least 1 when @integers) giving about @ticks intervals. */
void         _orga_chart_nice_scale       (double             max,
                                           guint              ticks,
                                           gboolean           integers,
                                           double            *top,
                                           double            *step);

/* A layout in the widget's font, @scale times its size, bold if asked. */
PangoLayout *_orga_chart_create_layout    (GtkWidget         *widget,
                                           double             scale,
                                           gboolean           bold);
void         _orga_chart_set_source       (cairo_t           *cr,
                                           const GdkRGBA     *color,
                                           double             alpha);
/* Size of @text in @layout, in pixels. */
void         _orga_chart_text_size        (PangoLayout       *layout,
                                           const char        *text,
                                           int               *width,
                                           int               *height);
/* Draws @text with its box's point (@xalign, @yalign) at (@x, @y). */
void         _orga_chart_draw_text        (cairo_t           *cr,
                                           PangoLayout       *layout,
                                           const char        *text,
                                           double             x,
                                           double             y,
                                           double             xalign,
                                           double             yalign,
                                           const GdkRGBA     *color);
void         _orga_chart_rounded_rect     (cairo_t           *cr,
                                           double             x,
                                           double             y,
                                           double             width,
                                           double             height,
                                           double             radius);
void         _orga_chart_draw_focus_ring  (cairo_t           *cr,
                                           const OrgaChartColors *colors,
                                           double             x,
                                           double             y,
                                           double             width,
                                           double             height);
/* A small box with @text beside @target (right, left, below or above,
 * whichever fits in the @width × @height area without hiding it): what a
 * tooltip says, for the item chosen with the keyboard. */
void         _orga_chart_draw_callout     (cairo_t           *cr,
                                           PangoLayout       *layout,
                                           const OrgaChartColors *colors,
                                           const char        *text,
                                           const graphene_rect_t *target,
                                           int                width,
                                           int                height);
void         _orga_chart_draw_empty       (cairo_t           *cr,
                                           PangoLayout       *layout,
                                           const OrgaChartColors *colors,
                                           const char        *text,
                                           int                width,
                                           int                height);

G_END_DECLS
