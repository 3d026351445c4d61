/* orga-chart-util.h: what the chart widgets share (colours from the
 * style, number and date formatting, text, focus ring, PNG export,
 * keyboard actions and pointer/focus/tooltip set-up)
 *
 * Not a public API: the helpers start with an underscore and are only used
 * by orga-timeline-chart.c, orga-pie-chart.c, orga-bar-chart.c and
 * orga-heat-map.c (and their tests).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

/* Colours of the current style, looked up by name in libadwaita's
 * stylesheet (so dark and high-contrast follow), with fallbacks. */
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

void         _orga_chart_colors_load      (OrgaChartColors   *colors,
                                           GtkWidget         *widget);

/* The series/slice palette: GNOME palette colours readable on the light
 * and the dark background (a lighter shade in dark mode). */
void         _orga_chart_palette          (GtkWidget         *widget,
                                           guint              index,
                                           gboolean           dark,
                                           GdkRGBA           *color);

/* Calls @callback (swapped: @widget is its only argument) when libadwaita
 * switches between light and dark or high contrast. */
void         _orga_chart_watch_style      (GtkWidget         *widget,
                                           GCallback          callback);

/* Numbers: the rule of orga-format.h. */
char        *_orga_chart_format_decimal   (double             value,
                                           int                digits);
char        *_orga_chart_format_percent   (double             ratio,
                                           int                digits);
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

typedef void (*OrgaChartDrawFunc) (GtkWidget *widget,
                                   cairo_t   *cr,
                                   int        width,
                                   int        height);

/* Renders @draw onto a @width × @height image with the style's window
 * background and writes it as PNG. */
gboolean     _orga_chart_save_png         (GtkWidget         *widget,
                                           OrgaChartDrawFunc  draw,
                                           const char        *path,
                                           int                width,
                                           int                height,
                                           GError           **error);

/* Sets the accessible description (and keeps nothing: callers keep their
 * own copy for their getter). */
void         _orga_chart_set_description  (GtkWidget         *widget,
                                           const char        *description);

/* Installs the keyboard actions shared by the charts and their keys:
 * "chart.previous", "chart.next", "chart.first", "chart.last" and, when
 * @with_rows, "chart.up" and "chart.down" (else Up/Down are previous/next),
 * all run by @move; "chart.activate" (Enter, space) when @activate is
 * not %NULL. */
void         _orga_chart_class_install_actions (GtkWidgetClass              *widget_class,
                                                gboolean                     with_rows,
                                                GtkWidgetActionActivateFunc  move,
                                                GtkWidgetActionActivateFunc  activate);

/* Where @action_name ("chart.first", "chart.last", "chart.previous" or
 * "chart.next") moves from @current among @n_items (> 0): -1, nothing
 * chosen yet, goes to the last for previous and the first for next. Any
 * other action keeps @current. */
int          _orga_chart_step_index       (const char        *action_name,
                                           int                current,
                                           guint              n_items);

/* The charts' hover, click, focus and tooltip handlers; every one but
 * @query_tooltip and @focus_changed is connected swapped. */
typedef struct
{
  GCallback query_tooltip;  /* GtkWidget::query-tooltip */
  GCallback focus_changed;  /* notify::has-focus */
  GCallback motion;         /* pointer enter and motion */
  GCallback leave;
  GCallback pressed;        /* primary button */
  GCallback released;       /* or NULL */
  GCallback style_changed;  /* see _orga_chart_watch_style() */
} OrgaChartInput;

/* Makes @widget a focusable chart with tooltips, connects @input and sets
 * the accessible @label. */
void         _orga_chart_init_input       (GtkWidget            *widget,
                                           const char           *label,
                                           const OrgaChartInput *input);

G_END_DECLS
