/* orga-bar-chart.c
 *
 * One bar per category, its value written at its end. Vertical bars have
 * their labels below (on two lines if needed), horizontal ones on their
 * left (ellipsized past 40 % of the width). A click, or Enter or space on
 * the bar chosen with the arrows, emits "bar-activated"; the caller marks
 * the bar it shows with orga_bar_chart_set_selected(): the others fade and
 * its label turns bold.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "orga-bar-chart"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "orga-bar-chart.h"
#include "orga-chart-private.h"
#include "orga-format.h"

#define PADDING 12

typedef struct
{
  char     *label;
  double    value;
  char     *value_text;
  gboolean  has_color;
  GdkRGBA   color;
} Bar;

typedef struct
{
  double  value;
  double  position;    /* in pixels, once the geometry is known */
  char   *label;
} Tick;

typedef struct
{
  graphene_rect_t bar;
  graphene_rect_t slot;   /* the bar's band, label included */
} BarGeometry;

struct _OrgaBarChart
{
  OrgaChart           parent_instance;

  /* owned: what is shown */
  Bar                *bars;
  guint               n_bars;
  GtkOrientation      orientation;
  OrgaBarValueFormat  format;
  double              max;          /* 0: automatic */
  double              top;
  double              step;
  int                 selected;

  /* style: made again after a style change */
  PangoLayout        *layout;
  PangoLayout        *bold_layout;

  /* geometry for geometry_width × geometry_height */
  gboolean            geometry_valid;
  int                 geometry_width;
  int                 geometry_height;
  graphene_rect_t     plot;
  BarGeometry        *geometry;      /* n_bars */
  GArray             *ticks;         /* Tick */
  int                 label_size;    /* label column width (horizontal) or height (vertical) */
};

G_DEFINE_FINAL_TYPE (OrgaBarChart, orga_bar_chart, ORGA_TYPE_CHART)

enum {
  BAR_ACTIVATED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
clear_tick (gpointer data)
{
  Tick *tick = data;

  g_free (tick->label);
}

static void
clear_bars (OrgaBarChart *self)
{
  for (guint i = 0; i < self->n_bars; i++)
    {
      g_free (self->bars[i].label);
      g_free (self->bars[i].value_text);
    }
  g_clear_pointer (&self->bars, g_free);
  self->n_bars = 0;
}

static gboolean
is_empty (OrgaBarChart *self)
{
  return self->n_bars == 0;
}

static void
invalidate_geometry (OrgaBarChart *self)
{
  self->geometry_valid = FALSE;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/* ------------------------------------------------------------------------
 * Data
 * ------------------------------------------------------------------------ */

static char *
format_value (OrgaBarChart *self,
              double        value)
{
  if (self->format == ORGA_BAR_VALUE_FORMAT_PERCENT)
    return orga_format_percent (value, 0);

  if (value >= 0 && value <= G_MAXUINT && value == floor (value))
    return _orga_chart_format_count ((guint) value);

  return orga_format_decimal (value, 1);
}

static char *
dup_bar_text (OrgaBarChart *self,
              const Bar    *bar)
{
  /* TRANSLATORS: a bar of a chart and its value: "11–20 %: 42" */
  return g_strdup_printf (C_("bar chart", "%s: %s"), bar->label, bar->value_text);
}

static void
update_description (OrgaBarChart *self)
{
  g_autoptr(GString) text = NULL;

  if (is_empty (self))
    {
      _orga_chart_take_description (ORGA_CHART (self), g_strdup (_("No data")));
      return;
    }

  text = g_string_new (NULL);
  for (guint i = 0; i < self->n_bars; i++)
    {
      g_autofree char *bar = dup_bar_text (self, &self->bars[i]);

      if (i > 0)
        /* TRANSLATORS: between two bars in the chart's description */
        g_string_append (text, C_("bar chart description", ", "));
      g_string_append (text, bar);
    }
  g_string_append (text, C_("bar chart description", "."));

  _orga_chart_take_description (ORGA_CHART (self), g_string_free (g_steal_pointer (&text), FALSE));
}

/* The scale, value texts and description: what depends on the values and
 * on the format, not on the size. */
static void
prepare (OrgaBarChart *self)
{
  double max = 0;

  for (guint i = 0; i < self->n_bars; i++)
    {
      g_free (self->bars[i].value_text);
      self->bars[i].value_text = format_value (self, self->bars[i].value);
      if (isfinite (self->bars[i].value))
        max = MAX (max, self->bars[i].value);
    }

  if (self->max > 0)
    {
      double top, step;

      /* The given maximum is the top; only the step is chosen. */
      _orga_chart_nice_scale (self->max, 4, self->format == ORGA_BAR_VALUE_FORMAT_COUNT, &top, &step);
      self->top = self->max;
      self->step = self->format == ORGA_BAR_VALUE_FORMAT_PERCENT && self->max == 1 ? 0.25 : step;
    }
  else if (self->format == ORGA_BAR_VALUE_FORMAT_PERCENT && max <= 1)
    {
      self->top = 1;
      self->step = 0.25;
    }
  else
    _orga_chart_nice_scale (max, 4, self->format == ORGA_BAR_VALUE_FORMAT_COUNT, &self->top, &self->step);

  g_array_set_size (self->ticks, 0);
  for (double v = 0; v <= self->top + self->step / 2; v += self->step)
    {
      Tick tick = { v, 0, NULL };

      if (self->format == ORGA_BAR_VALUE_FORMAT_PERCENT)
        tick.label = orga_format_percent (v, 0);
      else
        tick.label = _orga_chart_format_count ((guint) round (v));
      g_array_append_val (self->ticks, tick);
    }

  update_description (self);
  invalidate_geometry (self);
}

/**
 * orga_bar_chart_set_bars:
 * @bars: (array length=n_bars): copied
 */
void
orga_bar_chart_set_bars (OrgaBarChart       *self,
                         const OrgaChartBar *bars,
                         guint               n_bars)
{
  g_return_if_fail (ORGA_IS_BAR_CHART (self));
  g_return_if_fail (n_bars == 0 || bars != NULL);

  clear_bars (self);
  self->bars = g_new0 (Bar, n_bars);
  self->n_bars = n_bars;
  _orga_chart_reset_highlight (ORGA_CHART (self));
  if (self->selected >= (int) n_bars)
    self->selected = -1;

  for (guint i = 0; i < n_bars; i++)
    {
      Bar *bar = &self->bars[i];

      bar->label = g_strdup (bars[i].label != NULL ? bars[i].label : "");
      bar->value = isfinite (bars[i].value) ? MAX (bars[i].value, 0) : 0;
      if (bars[i].color != NULL)
        {
          bar->has_color = gdk_rgba_parse (&bar->color, bars[i].color);
          if (!bar->has_color)
            g_warning ("Not a colour: “%s”", bars[i].color);
        }
    }

  prepare (self);
}

guint
orga_bar_chart_get_n_bars (OrgaBarChart *self)
{
  g_return_val_if_fail (ORGA_IS_BAR_CHART (self), 0);

  return self->n_bars;
}

void
orga_bar_chart_set_orientation (OrgaBarChart   *self,
                                GtkOrientation  orientation)
{
  g_return_if_fail (ORGA_IS_BAR_CHART (self));

  if (self->orientation == orientation)
    return;

  self->orientation = orientation;
  gtk_widget_queue_resize (GTK_WIDGET (self));
  invalidate_geometry (self);
}

GtkOrientation
orga_bar_chart_get_orientation (OrgaBarChart *self)
{
  g_return_val_if_fail (ORGA_IS_BAR_CHART (self), GTK_ORIENTATION_VERTICAL);

  return self->orientation;
}

/**
 * orga_bar_chart_set_max:
 * @max: the value at the end of the axis, or 0 to fit the largest value
 */
void
orga_bar_chart_set_max (OrgaBarChart *self,
                        double        max)
{
  g_return_if_fail (ORGA_IS_BAR_CHART (self));
  g_return_if_fail (max >= 0);

  self->max = max;
  prepare (self);
}

void
orga_bar_chart_set_value_format (OrgaBarChart       *self,
                                 OrgaBarValueFormat  format)
{
  g_return_if_fail (ORGA_IS_BAR_CHART (self));
  g_return_if_fail (format == ORGA_BAR_VALUE_FORMAT_COUNT || format == ORGA_BAR_VALUE_FORMAT_PERCENT);

  self->format = format;
  prepare (self);
}

/**
 * orga_bar_chart_set_selected:
 * @index: the bar to mark, or -1 for none
 */
void
orga_bar_chart_set_selected (OrgaBarChart *self,
                             int           index)
{
  g_return_if_fail (ORGA_IS_BAR_CHART (self));
  g_return_if_fail (index >= -1 && index < (int) self->n_bars);

  self->selected = index;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

int
orga_bar_chart_get_selected (OrgaBarChart *self)
{
  g_return_val_if_fail (ORGA_IS_BAR_CHART (self), -1);

  return self->selected;
}

/* ------------------------------------------------------------------------
 * Geometry
 * ------------------------------------------------------------------------ */

static double
value_fraction (OrgaBarChart *self,
                double        value)
{
  return CLAMP (value / self->top, 0, 1);
}

static void
layout_vertical (OrgaBarChart *self,
                 int           width,
                 int           height,
                 int           text_height)
{
  int tick_width = 0;
  int label_height = 0;
  double slot;

  for (guint i = 0; i < self->ticks->len; i++)
    {
      int w;

      _orga_chart_text_size (self->layout, g_array_index (self->ticks, Tick, i).label, &w, NULL);
      tick_width = MAX (tick_width, w);
    }

  slot = (width - 2 * PADDING - tick_width - 8.) / self->n_bars;

  /* Labels below the bars, wrapped on two lines at most. */
  pango_layout_set_width (self->layout, MAX ((int) slot - 4, 1) * PANGO_SCALE);
  pango_layout_set_wrap (self->layout, PANGO_WRAP_WORD_CHAR);
  pango_layout_set_height (self->layout, -2);
  pango_layout_set_ellipsize (self->layout, PANGO_ELLIPSIZE_END);
  pango_layout_set_alignment (self->layout, PANGO_ALIGN_CENTER);
  for (guint i = 0; i < self->n_bars; i++)
    {
      int h;

      _orga_chart_text_size (self->layout, self->bars[i].label, NULL, &h);
      label_height = MAX (label_height, h);
    }
  pango_layout_set_width (self->layout, -1);
  pango_layout_set_height (self->layout, -1);
  pango_layout_set_ellipsize (self->layout, PANGO_ELLIPSIZE_NONE);
  pango_layout_set_alignment (self->layout, PANGO_ALIGN_LEFT);
  self->label_size = label_height;

  graphene_rect_init (&self->plot,
                      PADDING + tick_width + 8,
                      PADDING + text_height + 4,
                      MAX (slot * self->n_bars, 1),
                      MAX (height - 2 * PADDING - text_height - 4 - label_height - 6, 1));

  for (guint i = 0; i < self->n_bars; i++)
    {
      BarGeometry *g = &self->geometry[i];
      double bar_width = MIN (slot * 0.7, 72);
      double bar_height = value_fraction (self, self->bars[i].value) * self->plot.size.height;
      double x = self->plot.origin.x + i * slot;

      graphene_rect_init (&g->slot, x, self->plot.origin.y - text_height - 4, slot,
                          self->plot.size.height + text_height + 4 + label_height + 6);
      graphene_rect_init (&g->bar, x + (slot - bar_width) / 2,
                          self->plot.origin.y + self->plot.size.height - bar_height,
                          bar_width, bar_height);
    }

  for (guint i = 0; i < self->ticks->len; i++)
    {
      Tick *tick = &g_array_index (self->ticks, Tick, i);

      tick->position = self->plot.origin.y + self->plot.size.height * (1 - value_fraction (self, tick->value));
    }
}

static void
layout_horizontal (OrgaBarChart *self,
                   int           width,
                   int           height,
                   int           text_height)
{
  int label_width = 0;
  int value_width = 0;
  double slot;

  for (guint i = 0; i < self->n_bars; i++)
    {
      int w;

      _orga_chart_text_size (self->bold_layout, self->bars[i].label, &w, NULL);
      label_width = MAX (label_width, w);
      _orga_chart_text_size (self->layout, self->bars[i].value_text, &w, NULL);
      value_width = MAX (value_width, w);
    }
  label_width = MIN (label_width, (int) (width * 0.4));
  self->label_size = label_width;

  graphene_rect_init (&self->plot,
                      PADDING + label_width + 8,
                      PADDING,
                      MAX (width - 2 * PADDING - label_width - 8 - value_width - 6, 1),
                      MAX (height - 2 * PADDING - text_height - 6, 1));
  slot = self->plot.size.height / self->n_bars;

  for (guint i = 0; i < self->n_bars; i++)
    {
      BarGeometry *g = &self->geometry[i];
      double bar_height = MIN (slot * 0.7, 28);
      double y = self->plot.origin.y + i * slot;

      graphene_rect_init (&g->slot, PADDING - 4, y, width - 2 * PADDING + 8, slot);
      graphene_rect_init (&g->bar, self->plot.origin.x, y + (slot - bar_height) / 2,
                          value_fraction (self, self->bars[i].value) * self->plot.size.width, bar_height);
    }

  for (guint i = 0; i < self->ticks->len; i++)
    {
      Tick *tick = &g_array_index (self->ticks, Tick, i);

      tick->position = self->plot.origin.x + self->plot.size.width * value_fraction (self, tick->value);
    }
}

static void
ensure_geometry (OrgaBarChart *self,
                 int           width,
                 int           height)
{
  int text_height;

  if (self->geometry_valid && self->geometry_width == width && self->geometry_height == height)
    return;

  if (self->layout == NULL)
    {
      self->layout = _orga_chart_create_layout (GTK_WIDGET (self), 0.9, FALSE);
      self->bold_layout = _orga_chart_create_layout (GTK_WIDGET (self), 0.9, TRUE);
    }

  self->geometry_valid = TRUE;
  self->geometry_width = width;
  self->geometry_height = height;

  g_clear_pointer (&self->geometry, g_free);
  if (is_empty (self))
    return;

  self->geometry = g_new0 (BarGeometry, self->n_bars);
  _orga_chart_text_size (self->layout, "0", NULL, &text_height);

  if (self->orientation == GTK_ORIENTATION_VERTICAL)
    layout_vertical (self, width, height, text_height);
  else
    layout_horizontal (self, width, height, text_height);
}

static int
orga_bar_chart_hit_test (OrgaChart *chart,
                         double     x,
                         double     y)
{
  OrgaBarChart *self = ORGA_BAR_CHART (chart);

  ensure_geometry (self, gtk_widget_get_width (GTK_WIDGET (self)), gtk_widget_get_height (GTK_WIDGET (self)));

  for (guint i = 0; i < self->n_bars; i++)
    if (graphene_rect_contains_point (&self->geometry[i].slot, &GRAPHENE_POINT_INIT (x, y)))
      return i;

  return -1;
}

static gboolean
orga_bar_chart_get_item_area (OrgaChart    *chart,
                              guint         index,
                              GdkRectangle *area)
{
  OrgaBarChart *self = ORGA_BAR_CHART (chart);
  const graphene_rect_t *slot;

  if (self->geometry == NULL || index >= self->n_bars)
    return FALSE;

  slot = &self->geometry[index].slot;
  *area = (GdkRectangle) { slot->origin.x, slot->origin.y, slot->size.width, slot->size.height };
  return TRUE;
}

/* ------------------------------------------------------------------------
 * Drawing
 * ------------------------------------------------------------------------ */

static void
draw_grid (OrgaBarChart          *self,
           cairo_t               *cr,
           const OrgaChartColors *colors)
{
  const graphene_rect_t *plot = &self->plot;
  gboolean vertical = self->orientation == GTK_ORIENTATION_VERTICAL;

  cairo_set_line_width (cr, 1);
  for (guint i = 0; i < self->ticks->len; i++)
    {
      const Tick *tick = &g_array_index (self->ticks, Tick, i);
      double p = round (tick->position) + 0.5;

      _orga_chart_set_source (cr, i == 0 ? &colors->axis : &colors->grid, 1);
      if (vertical)
        {
          cairo_move_to (cr, plot->origin.x, p);
          cairo_line_to (cr, plot->origin.x + plot->size.width, p);
          cairo_stroke (cr);
          _orga_chart_draw_text (cr, self->layout, tick->label, plot->origin.x - 8, tick->position, 1, 0.5, &colors->dim);
        }
      else
        {
          int w;

          cairo_move_to (cr, p, plot->origin.y);
          cairo_line_to (cr, p, plot->origin.y + plot->size.height);
          cairo_stroke (cr);
          _orga_chart_text_size (self->layout, tick->label, &w, NULL);
          _orga_chart_draw_text (cr, self->layout, tick->label,
                                 MIN (tick->position - w / 2., self->geometry_width - 2 - w),
                                 plot->origin.y + plot->size.height + 6, 0, 0, &colors->dim);
        }
    }
}

static void
draw_bar (OrgaBarChart          *self,
          cairo_t               *cr,
          const OrgaChartColors *colors,
          guint                  i,
          int                    highlight)
{
  const Bar *bar = &self->bars[i];
  const BarGeometry *g = &self->geometry[i];
  const GdkRGBA *color = bar->has_color ? &bar->color : &colors->accent;
  gboolean vertical = self->orientation == GTK_ORIENTATION_VERTICAL;
  gboolean selected = (int) i == self->selected;
  double alpha = self->selected >= 0 && !selected ? 0.4 : 1;
  PangoLayout *label_layout = selected ? self->bold_layout : self->layout;
  double x = g->bar.origin.x;
  double y = g->bar.origin.y;
  double w = g->bar.size.width;
  double h = g->bar.size.height;

  /* The bar, rounded at its end only. */
  if (w > 0.5 && h > 0.5)
    {
      double r = MIN (4, MIN (w, h) / 2);

      cairo_new_path (cr);
      if (vertical)
        {
          cairo_move_to (cr, x, y + h);
          cairo_arc (cr, x + r, y + r, r, G_PI, 3 * G_PI / 2);
          cairo_arc (cr, x + w - r, y + r, r, 3 * G_PI / 2, 2 * G_PI);
          cairo_line_to (cr, x + w, y + h);
        }
      else
        {
          cairo_move_to (cr, x, y);
          cairo_arc (cr, x + w - r, y + r, r, 3 * G_PI / 2, 2 * G_PI);
          cairo_arc (cr, x + w - r, y + h - r, r, 0, G_PI / 2);
          cairo_line_to (cr, x, y + h);
        }
      cairo_close_path (cr);
      _orga_chart_set_source (cr, color, alpha);
      cairo_fill_preserve (cr);

      if ((int) i == highlight)
        {
          /* Hovered: lighter in dark mode, darker in light mode. */
          _orga_chart_set_source (cr, &colors->fg, 0.18);
          cairo_fill_preserve (cr);
        }
      cairo_new_path (cr);
    }

  if (vertical)
    {
      double cx = g->slot.origin.x + g->slot.size.width / 2;
      double base = self->plot.origin.y + self->plot.size.height;

      _orga_chart_draw_text (cr, self->layout, bar->value_text, cx, y - 3, 0.5, 1, &colors->fg);

      pango_layout_set_width (label_layout, MAX ((int) g->slot.size.width - 4, 1) * PANGO_SCALE);
      pango_layout_set_wrap (label_layout, PANGO_WRAP_WORD_CHAR);
      pango_layout_set_height (label_layout, -2);
      pango_layout_set_ellipsize (label_layout, PANGO_ELLIPSIZE_END);
      pango_layout_set_alignment (label_layout, PANGO_ALIGN_CENTER);
      _orga_chart_draw_text (cr, label_layout, bar->label, g->slot.origin.x + 2, base + 6, 0, 0,
                             selected || self->selected < 0 ? &colors->fg : &colors->dim);
      pango_layout_set_width (label_layout, -1);
      pango_layout_set_height (label_layout, -1);
      pango_layout_set_ellipsize (label_layout, PANGO_ELLIPSIZE_NONE);
      pango_layout_set_alignment (label_layout, PANGO_ALIGN_LEFT);
    }
  else
    {
      double cy = g->slot.origin.y + g->slot.size.height / 2;

      pango_layout_set_width (label_layout, self->label_size * PANGO_SCALE);
      pango_layout_set_ellipsize (label_layout, PANGO_ELLIPSIZE_END);
      _orga_chart_draw_text (cr, label_layout, bar->label, PADDING, cy, 0, 0.5,
                             selected || self->selected < 0 ? &colors->fg : &colors->dim);
      pango_layout_set_width (label_layout, -1);
      pango_layout_set_ellipsize (label_layout, PANGO_ELLIPSIZE_NONE);

      _orga_chart_draw_text (cr, self->layout, bar->value_text, x + w + 6, cy, 0, 0.5, &colors->fg);
    }

  if ((int) i == highlight && _orga_chart_get_keyboard (ORGA_CHART (self))
      && _orga_chart_has_visible_focus (ORGA_CHART (self)))
    _orga_chart_draw_focus_ring (cr, colors, g->slot.origin.x, g->slot.origin.y,
                                 g->slot.size.width, g->slot.size.height);
}

static void
orga_bar_chart_draw (OrgaChart *chart,
                     cairo_t   *cr,
                     int        width,
                     int        height)
{
  OrgaBarChart *self = ORGA_BAR_CHART (chart);
  const OrgaChartColors *colors = _orga_chart_get_colors (chart);
  int highlight = _orga_chart_get_drawn_highlight (chart);

  ensure_geometry (self, width, height);

  if (is_empty (self))
    _orga_chart_draw_empty (cr, self->layout, colors, _("No data"), width, height);
  else
    {
      draw_grid (self, cr, colors);
      for (guint i = 0; i < self->n_bars; i++)
        draw_bar (self, cr, colors, i, highlight);
    }

  /* The whole chart's ring, unless the arrows chose a bar. */
  if (_orga_chart_has_visible_focus (chart)
      && (!_orga_chart_get_keyboard (chart) || highlight < 0 || is_empty (self)))
    _orga_chart_draw_focus_ring (cr, colors, 0, 0, width, height);
}

/* ------------------------------------------------------------------------
 * Items and keys
 * ------------------------------------------------------------------------ */

static guint
orga_bar_chart_get_n_items (OrgaChart *chart)
{
  return ORGA_BAR_CHART (chart)->n_bars;
}

static char *
orga_bar_chart_describe_item (OrgaChart *chart,
                              guint      index)
{
  OrgaBarChart *self = ORGA_BAR_CHART (chart);

  return dup_bar_text (self, &self->bars[index]);
}

/* The arrows start from the selected bar. */
static int
orga_bar_chart_move (OrgaChart  *chart,
                     const char *action_name,
                     int         current)
{
  OrgaBarChart *self = ORGA_BAR_CHART (chart);

  if (current < 0)
    current = self->selected;

  return ORGA_CHART_CLASS (orga_bar_chart_parent_class)->move (chart, action_name, current);
}

static void
orga_bar_chart_activate (OrgaChart *chart,
                         int        index)
{
  OrgaBarChart *self = ORGA_BAR_CHART (chart);

  if (index < 0)
    index = self->selected;
  if (index < 0 || index >= (int) self->n_bars)
    return;

  g_signal_emit (self, signals[BAR_ACTIVATED], 0, (guint) index);
}

static void
orga_bar_chart_measure (GtkWidget      *widget,
                        GtkOrientation  orientation,
                        int             for_size,
                        int            *minimum,
                        int            *natural,
                        int            *minimum_baseline,
                        int            *natural_baseline)
{
  OrgaBarChart *self = ORGA_BAR_CHART (widget);
  guint n = MAX (self->n_bars, 1);

  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      *minimum = self->orientation == GTK_ORIENTATION_VERTICAL ? MAX (200, n * 24) : 240;
      *natural = self->orientation == GTK_ORIENTATION_VERTICAL ? MAX (480, n * 56) : 520;
    }
  else
    {
      *minimum = self->orientation == GTK_ORIENTATION_VERTICAL ? 160 : n * 20 + 48;
      *natural = self->orientation == GTK_ORIENTATION_VERTICAL ? 260 : n * 30 + 48;
    }
}

static void
orga_bar_chart_css_changed (GtkWidget         *widget,
                            GtkCssStyleChange *change)
{
  OrgaBarChart *self = ORGA_BAR_CHART (widget);

  GTK_WIDGET_CLASS (orga_bar_chart_parent_class)->css_changed (widget, change);

  g_clear_object (&self->layout);
  g_clear_object (&self->bold_layout);
  invalidate_geometry (self);
}

static void
orga_bar_chart_finalize (GObject *object)
{
  OrgaBarChart *self = (OrgaBarChart *)object;

  clear_bars (self);
  g_clear_pointer (&self->geometry, g_free);
  g_clear_pointer (&self->ticks, g_array_unref);
  g_clear_object (&self->layout);
  g_clear_object (&self->bold_layout);

  G_OBJECT_CLASS (orga_bar_chart_parent_class)->finalize (object);
}

static void
orga_bar_chart_class_init (OrgaBarChartClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  OrgaChartClass *chart_class = ORGA_CHART_CLASS (klass);

  object_class->finalize = orga_bar_chart_finalize;

  widget_class->measure = orga_bar_chart_measure;
  widget_class->css_changed = orga_bar_chart_css_changed;

  chart_class->draw = orga_bar_chart_draw;
  chart_class->get_n_items = orga_bar_chart_get_n_items;
  chart_class->hit_test = orga_bar_chart_hit_test;
  chart_class->describe_item = orga_bar_chart_describe_item;
  chart_class->get_item_area = orga_bar_chart_get_item_area;
  chart_class->move = orga_bar_chart_move;
  chart_class->activate = orga_bar_chart_activate;

  /**
   * OrgaBarChart::bar-activated:
   * @index: the bar clicked, or chosen with the arrows then Enter or space
   */
  signals[BAR_ACTIVATED] =
    g_signal_new ("bar-activated",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL,
                  g_cclosure_marshal_VOID__UINT,
                  G_TYPE_NONE, 1, G_TYPE_UINT);

  gtk_widget_class_set_css_name (widget_class, "barchart");
}

static void
orga_bar_chart_init (OrgaBarChart *self)
{
  self->orientation = GTK_ORIENTATION_VERTICAL;
  self->format = ORGA_BAR_VALUE_FORMAT_COUNT;
  self->selected = -1;
  self->ticks = g_array_new (FALSE, FALSE, sizeof (Tick));
  g_array_set_clear_func (self->ticks, clear_tick);

  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Bar chart"),
                                  -1);
  prepare (self);
}

GtkWidget *
orga_bar_chart_new (void)
{
  return g_object_new (ORGA_TYPE_BAR_CHART, NULL);
}
