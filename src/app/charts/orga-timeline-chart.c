/* orga-timeline-chart.c
 *
 * Two cumulative series over time: participants, and those whose results
 * (or profiles) were received. Callers give one value per day (days with
 * no change may be left out); over more than 90 days the chart shows the
 * value at each month's end instead, on a month axis.
 *
 * The points, their labels and the description are prepared when the data
 * is set; the geometry (ticks, positions) when the size or the font
 * changes; a frame only reads them.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "orga-timeline-chart"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "orga-chart-private.h"
#include "orga-timeline-chart.h"

#define PADDING       12
#define MONTH_MODE_SPAN 90
#define MARKER_MAX    40     /* points drawn as markers up to this many */

typedef struct
{
  double  x;          /* day since the epoch, or month index */
  guint   total;
  guint   shared;
  char   *label;      /* "24/11/2026" or "novembre 2026" */
} Point;

typedef struct
{
  double  x;          /* in pixels */
  char   *label;
} Tick;

struct _OrgaTimelineChart
{
  OrgaChart        parent_instance;

  /* owned: what is shown */
  char            *total_label;
  char            *shared_label;
  Point           *points;
  guint            n_points;
  gboolean         by_month;
  gint64           first_day;
  gint64           last_day;
  double           x_min;
  double           x_max;
  double           y_top;
  double           y_step;

  /* style: derived from OrgaChart's colours, layouts made again after a
   * style change */
  GdkRGBA          total_color;
  GdkRGBA          shared_color;
  PangoLayout     *layout;
  PangoLayout     *small_layout;

  /* geometry for geometry_width × geometry_height */
  gboolean         geometry_valid;
  int              geometry_width;
  int              geometry_height;
  double           plot_x;
  double           plot_y;
  double           plot_width;
  double           plot_height;
  double          *point_x;         /* n_points, in pixels */
  GArray          *x_ticks;         /* Tick */
  GArray          *y_ticks;         /* Tick (x is the y pixel) */
  int              text_height;
};

G_DEFINE_FINAL_TYPE (OrgaTimelineChart, orga_timeline_chart, ORGA_TYPE_CHART)

static void
clear_tick (gpointer data)
{
  Tick *tick = data;

  g_free (tick->label);
}

static void
clear_points (OrgaTimelineChart *self)
{
  for (guint i = 0; i < self->n_points; i++)
    g_free (self->points[i].label);
  g_clear_pointer (&self->points, g_free);
  self->n_points = 0;
}

static gboolean
is_empty (OrgaTimelineChart *self)
{
  return self->n_points == 0 || self->points[self->n_points - 1].total == 0;
}

static const char *
total_label (OrgaTimelineChart *self)
{
  return self->total_label != NULL ? self->total_label : _("Participants");
}

static const char *
shared_label (OrgaTimelineChart *self)
{
  return self->shared_label != NULL ? self->shared_label : _("Results received");
}

static void
invalidate_geometry (OrgaTimelineChart *self)
{
  self->geometry_valid = FALSE;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/* ------------------------------------------------------------------------
 * Data
 * ------------------------------------------------------------------------ */

static guint32
julian_of_day (gint64 day)
{
  static guint32 epoch;

  if (epoch == 0)
    {
      GDate date;

      g_date_clear (&date, 1);
      g_date_set_dmy (&date, 1, G_DATE_JANUARY, 1970);
      epoch = g_date_get_julian (&date);
    }

  return (guint32) (epoch + day);
}

static gint64
day_of_date (const GDate *date)
{
  return (gint64) g_date_get_julian (date) - julian_of_day (0);
}

static void
update_description (OrgaTimelineChart *self)
{
  g_autofree char *first = NULL;
  g_autofree char *last = NULL;
  g_autofree char *values = NULL;
  const Point *end;

  if (is_empty (self))
    {
      _orga_chart_take_description (ORGA_CHART (self), g_strdup (_("No participant yet")));
      return;
    }

  end = &self->points[self->n_points - 1];

  if (self->total_label == NULL && self->shared_label == NULL)
    {
      g_autofree char *participants = g_strdup_printf (ngettext ("%'u participant", "%'u participants", end->total), end->total);
      g_autofree char *sent = g_strdup_printf (ngettext ("of whom %'u sent their results", "of whom %'u sent their results", end->shared), end->shared);

      /* TRANSLATORS: "42 participants" and "of whom 30 sent their results" */
      values = g_strdup_printf (C_("timeline description", "%s, %s"), participants, sent);
    }
  else
    {
      g_autofree char *total = _orga_chart_format_count (end->total);
      g_autofree char *shared = _orga_chart_format_count (end->shared);

      /* TRANSLATORS: two series and their values: "Participants: 42, Profiles received: 30" */
      values = g_strdup_printf (C_("timeline description", "%s: %s, %s: %s"),
                                total_label (self), total, shared_label (self), shared);
    }

  /* The dates in full even when the chart counts by month. */
  first = _orga_chart_format_day (self->first_day, "%d/%m/%Y");
  last = _orga_chart_format_day (self->last_day, "%d/%m/%Y");

  if (g_str_equal (first, last))
    /* TRANSLATORS: "On 24/11/2026: 42 participants, of whom 30 sent their results." */
    _orga_chart_take_description (ORGA_CHART (self), g_strdup_printf (_("On %s: %s."), first, values));
  else
    /* TRANSLATORS: "From 01/09/2026 to 24/11/2026: 42 participants, …" */
    _orga_chart_take_description (ORGA_CHART (self), g_strdup_printf (_("From %s to %s: %s."), first, last, values));
}

static void
prepare_by_day (OrgaTimelineChart *self,
                const gint64      *days,
                const guint       *total,
                const guint       *shared,
                guint              n_days)
{
  self->points = g_new0 (Point, n_days);
  self->n_points = n_days;

  for (guint i = 0; i < n_days; i++)
    {
      Point *point = &self->points[i];

      point->x = days[i];
      point->total = total[i];
      point->shared = shared[i];
      point->label = _orga_chart_format_day (days[i], "%d/%m/%Y");
    }

  self->x_min = days[0];
  self->x_max = days[n_days - 1];
  if (self->x_max <= self->x_min)
    {
      self->x_min -= 1;
      self->x_max += 1;
    }
}

/* One point per month, its value at the month's end (or at the last day
 * for the month in progress). */
static void
prepare_by_month (OrgaTimelineChart *self,
                  const gint64      *days,
                  const guint       *total,
                  const guint       *shared,
                  guint              n_days)
{
  GDate date;
  GDate last;
  guint n_months;
  guint j = 0;

  g_date_clear (&date, 1);
  g_date_clear (&last, 1);
  g_date_set_julian (&date, julian_of_day (days[0]));
  g_date_set_julian (&last, julian_of_day (days[n_days - 1]));

  n_months = (g_date_get_year (&last) - g_date_get_year (&date)) * 12
             + g_date_get_month (&last) - g_date_get_month (&date) + 1;

  self->points = g_new0 (Point, n_months);
  self->n_points = n_months;
  g_date_set_day (&date, 1);

  for (guint m = 0; m < n_months; m++)
    {
      Point *point = &self->points[m];
      GDate month_end = date;
      gint64 end;

      g_date_set_day (&month_end, g_date_get_days_in_month (g_date_get_month (&date), g_date_get_year (&date)));
      end = MIN (day_of_date (&month_end), days[n_days - 1]);

      while (j + 1 < n_days && days[j + 1] <= end)
        j++;

      point->x = m;
      if (days[j] <= end)
        {
          point->total = total[j];
          point->shared = shared[j];
        }
      point->label = _orga_chart_format_day (day_of_date (&date), "%B %Y");

      g_date_add_months (&date, 1);
    }

  self->x_min = 0;
  self->x_max = n_months - 1;
  if (n_months == 1)
    {
      self->x_min = -1;
      self->x_max = 1;
    }
}

void
orga_timeline_chart_set_data (OrgaTimelineChart *self,
                              const gint64      *days,
                              const guint       *total,
                              const guint       *shared,
                              guint              n_days)
{
  guint max = 0;

  g_return_if_fail (ORGA_IS_TIMELINE_CHART (self));
  g_return_if_fail (n_days == 0 || (days != NULL && total != NULL && shared != NULL));

  clear_points (self);
  self->by_month = FALSE;
  _orga_chart_reset_highlight (ORGA_CHART (self));

  if (n_days > 0)
    {
      self->first_day = days[0];
      self->last_day = days[n_days - 1];
      self->by_month = self->last_day - self->first_day > MONTH_MODE_SPAN;
      if (self->by_month)
        prepare_by_month (self, days, total, shared, n_days);
      else
        prepare_by_day (self, days, total, shared, n_days);
    }

  for (guint i = 0; i < self->n_points; i++)
    max = MAX (max, MAX (self->points[i].total, self->points[i].shared));
  _orga_chart_nice_scale (max, 4, TRUE, &self->y_top, &self->y_step);

  update_description (self);
  invalidate_geometry (self);
}

void
orga_timeline_chart_set_labels (OrgaTimelineChart *self,
                                const char        *total,
                                const char        *shared)
{
  g_return_if_fail (ORGA_IS_TIMELINE_CHART (self));

  g_free (self->total_label);
  g_free (self->shared_label);
  self->total_label = g_strdup (total);
  self->shared_label = g_strdup (shared);

  update_description (self);
  invalidate_geometry (self);
}

gboolean
orga_timeline_chart_get_by_month (OrgaTimelineChart *self)
{
  g_return_val_if_fail (ORGA_IS_TIMELINE_CHART (self), FALSE);

  return self->by_month;
}

guint
orga_timeline_chart_get_n_points (OrgaTimelineChart *self)
{
  g_return_val_if_fail (ORGA_IS_TIMELINE_CHART (self), 0);

  return self->n_points;
}

/* What the tooltip says for @point: its date, then each series and its
 * value, one per line. */
static char *
dup_point_text (OrgaTimelineChart *self,
                guint              point)
{
  g_autofree char *total = NULL;
  g_autofree char *shared = NULL;
  const Point *p = &self->points[point];

  total = _orga_chart_format_count (p->total);
  shared = _orga_chart_format_count (p->shared);

  /* TRANSLATORS: a tooltip: the date, then "Participants: 42" and
   * "Results received: 30" on their own lines */
  return g_strdup_printf (C_("timeline tooltip", "%s\n%s: %s\n%s: %s"),
                          p->label, total_label (self), total, shared_label (self), shared);
}

/* ------------------------------------------------------------------------
 * Geometry
 * ------------------------------------------------------------------------ */

static void
ensure_layouts (OrgaTimelineChart *self)
{
  if (self->layout != NULL)
    return;

  self->layout = _orga_chart_create_layout (GTK_WIDGET (self), 1, FALSE);
  self->small_layout = _orga_chart_create_layout (GTK_WIDGET (self), 0.85, FALSE);
}

static double
x_to_pixel (OrgaTimelineChart *self,
            double             x)
{
  return self->plot_x + (x - self->x_min) / (self->x_max - self->x_min) * self->plot_width;
}

static double
y_to_pixel (OrgaTimelineChart *self,
            double             value)
{
  return self->plot_y + self->plot_height - value / self->y_top * self->plot_height;
}

static void
add_tick (GArray     *ticks,
          double      x,
          char       *label)
{
  Tick tick = { x, label };

  g_array_append_val (ticks, tick);
}

static void
ensure_geometry (OrgaTimelineChart *self,
                 int                width,
                 int                height)
{
  int label_width = 0;
  int label_height = 0;
  int y_label_width = 0;
  int x_label_width = 0;
  int legend_height;
  double right;
  double bottom;

  if (self->geometry_valid && self->geometry_width == width && self->geometry_height == height)
    return;

  ensure_layouts (self);

  self->geometry_valid = TRUE;
  self->geometry_width = width;
  self->geometry_height = height;
  g_array_set_size (self->x_ticks, 0);
  g_array_set_size (self->y_ticks, 0);
  g_clear_pointer (&self->point_x, g_free);

  _orga_chart_text_size (self->layout, "0", NULL, &legend_height);
  _orga_chart_text_size (self->small_layout, "0", NULL, &label_height);
  self->text_height = label_height;

  if (is_empty (self))
    return;

  /* Y axis labels: the widest decides the left margin. */
  for (double v = 0; v <= self->y_top + self->y_step / 2; v += self->y_step)
    {
      char *label = _orga_chart_format_count ((guint) round (v));

      _orga_chart_text_size (self->small_layout, label, &label_width, NULL);
      y_label_width = MAX (y_label_width, label_width);
      add_tick (self->y_ticks, v, label);
    }

  /* X labels: the widest one (month names vary). */
  if (self->by_month)
    {
      for (guint i = 0; i < self->n_points; i++)
        {
          _orga_chart_text_size (self->small_layout, self->points[i].label, &label_width, NULL);
          x_label_width = MAX (x_label_width, label_width);
        }
    }
  else
    {
      g_autofree char *sample = _orga_chart_format_day (self->x_max, "%d/%m");

      _orga_chart_text_size (self->small_layout, sample, &x_label_width, NULL);
    }

  self->plot_x = PADDING + y_label_width + 8;
  self->plot_y = PADDING + legend_height + 12;
  right = width - MAX (PADDING, x_label_width / 2 + 4);
  bottom = height - PADDING - label_height - 6;
  self->plot_width = MAX (right - self->plot_x, 1);
  self->plot_height = MAX (bottom - self->plot_y, 1);

  for (guint i = 0; i < self->y_ticks->len; i++)
    {
      Tick *tick = &g_array_index (self->y_ticks, Tick, i);

      tick->x = y_to_pixel (self, tick->x);
    }

  self->point_x = g_new (double, self->n_points);
  for (guint i = 0; i < self->n_points; i++)
    self->point_x[i] = x_to_pixel (self, self->points[i].x);

  if (self->by_month)
    {
      double spacing = self->n_points > 1 ? self->plot_width / (self->n_points - 1) : self->plot_width;
      guint every = MAX (1, (guint) ceil ((x_label_width + 16) / spacing));

      /* The last month always has its label; count back from it. */
      for (guint i = 0; i < self->n_points; i++)
        if ((self->n_points - 1 - i) % every == 0)
          add_tick (self->x_ticks, self->point_x[i], g_strdup (self->points[i].label));
    }
  else
    {
      static const guint steps[] = { 1, 2, 7, 14, 28, 56 };
      gint64 first = (gint64) self->points[0].x;
      gint64 last = (gint64) self->points[self->n_points - 1].x;
      guint step = steps[G_N_ELEMENTS (steps) - 1];

      for (guint i = 0; i < G_N_ELEMENTS (steps); i++)
        {
          guint count = (guint) ((last - first) / steps[i]) + 1;

          if (count * (x_label_width + 16.) <= self->plot_width)
            {
              step = steps[i];
              break;
            }
        }

      for (gint64 day = first; day <= last; day += step)
        add_tick (self->x_ticks, x_to_pixel (self, day), _orga_chart_format_day (day, "%d/%m"));
    }
}

static int
orga_timeline_chart_hit_test (OrgaChart *chart,
                              double     x,
                              double     y)
{
  OrgaTimelineChart *self = ORGA_TIMELINE_CHART (chart);
  guint lo = 0;
  guint hi;

  ensure_geometry (self, gtk_widget_get_width (GTK_WIDGET (self)), gtk_widget_get_height (GTK_WIDGET (self)));

  if (x < self->plot_x - 12 || x > self->plot_x + self->plot_width + 12
      || y < self->plot_y - 12 || y > self->plot_y + self->plot_height + 12)
    return -1;

  /* The nearest point by x: the first one right of x, or its left neighbour. */
  hi = self->n_points;
  while (lo < hi)
    {
      guint mid = (lo + hi) / 2;

      if (self->point_x[mid] < x)
        lo = mid + 1;
      else
        hi = mid;
    }

  if (lo == self->n_points)
    return self->n_points - 1;
  if (lo > 0 && x - self->point_x[lo - 1] < self->point_x[lo] - x)
    return lo - 1;
  return lo;
}

/* ------------------------------------------------------------------------
 * Drawing
 * ------------------------------------------------------------------------ */

/* Cumulative values: a day left out had the value of the day before, so
 * the line stays flat until the day before the next point. */
static void
trace_series (OrgaTimelineChart *self,
              cairo_t           *cr,
              gboolean           shared)
{
  double previous = 0;

  for (guint i = 0; i < self->n_points; i++)
    {
      double y = y_to_pixel (self, shared ? self->points[i].shared : self->points[i].total);

      if (i > 0 && !self->by_month && self->points[i].x - self->points[i - 1].x > 1)
        cairo_line_to (cr, x_to_pixel (self, self->points[i].x - 1), previous);
      cairo_line_to (cr, self->point_x[i], y);
      previous = y;
    }
}

static void
draw_series (OrgaTimelineChart *self,
             cairo_t           *cr,
             gboolean           shared)
{
  const GdkRGBA *color = shared ? &self->shared_color : &self->total_color;
  double base = self->plot_y + self->plot_height;

  /* The area under the line, then the line: solid for the participants,
   * dashed for the results, so they differ without colour. */
  cairo_new_path (cr);
  cairo_move_to (cr, self->point_x[0], base);
  trace_series (self, cr, shared);
  cairo_line_to (cr, self->point_x[self->n_points - 1], base);
  cairo_close_path (cr);
  _orga_chart_set_source (cr, color, _orga_chart_get_colors (ORGA_CHART (self))->dark ? 0.18 : 0.14);
  cairo_fill (cr);

  cairo_new_path (cr);
  trace_series (self, cr, shared);
  _orga_chart_set_source (cr, color, 1);
  cairo_set_line_width (cr, 2);
  cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
  if (shared)
    {
      static const double dashes[] = { 6, 3 };

      cairo_set_dash (cr, dashes, G_N_ELEMENTS (dashes), 0);
    }
  cairo_stroke (cr);
  cairo_set_dash (cr, NULL, 0, 0);

  if (self->n_points > MARKER_MAX)
    return;

  for (guint i = 0; i < self->n_points; i++)
    {
      guint value = shared ? self->points[i].shared : self->points[i].total;
      double x = self->point_x[i];
      double y = y_to_pixel (self, value);

      if (shared)
        cairo_rectangle (cr, x - 3, y - 3, 6, 6);
      else
        {
          cairo_new_sub_path (cr);
          cairo_arc (cr, x, y, 3.5, 0, 2 * G_PI);
        }
    }
  cairo_fill (cr);
}

static void
draw_legend (OrgaTimelineChart *self,
             cairo_t           *cr)
{
  const char *labels[] = { total_label (self), shared_label (self) };
  const GdkRGBA *colors[] = { &self->total_color, &self->shared_color };
  const GdkRGBA *fg = &_orga_chart_get_colors (ORGA_CHART (self))->fg;
  double x = self->plot_x;
  int height;

  _orga_chart_text_size (self->layout, "0", NULL, &height);

  for (guint i = 0; i < 2; i++)
    {
      double y = PADDING + height / 2.;
      int label_width;

      _orga_chart_set_source (cr, colors[i], 1);
      cairo_set_line_width (cr, 3);
      if (i == 1)
        {
          static const double dashes[] = { 6, 3 };

          cairo_set_dash (cr, dashes, G_N_ELEMENTS (dashes), 0);
        }
      cairo_move_to (cr, x, y);
      cairo_line_to (cr, x + 20, y);
      cairo_stroke (cr);
      cairo_set_dash (cr, NULL, 0, 0);

      _orga_chart_draw_text (cr, self->layout, labels[i], x + 26, PADDING, 0, 0, fg);
      _orga_chart_text_size (self->layout, labels[i], &label_width, NULL);
      x += 26 + label_width + 24;
    }
}

static void
draw_highlight (OrgaTimelineChart     *self,
                cairo_t               *cr,
                const OrgaChartColors *colors,
                guint                  highlight,
                int                    width,
                int                    height)
{
  const Point *point = &self->points[highlight];
  double x = self->point_x[highlight];
  double y_total = y_to_pixel (self, point->total);
  double y_shared = y_to_pixel (self, point->shared);

  cairo_save (cr);
  cairo_set_line_width (cr, 1);
  _orga_chart_set_source (cr, &colors->fg, 0.45);
  cairo_move_to (cr, round (x) + 0.5, self->plot_y);
  cairo_line_to (cr, round (x) + 0.5, self->plot_y + self->plot_height);
  cairo_stroke (cr);

  cairo_set_line_width (cr, 2);
  cairo_arc (cr, x, y_total, 5, 0, 2 * G_PI);
  _orga_chart_set_source (cr, &self->total_color, 1);
  cairo_fill_preserve (cr);
  _orga_chart_set_source (cr, &colors->bg, 1);
  cairo_stroke (cr);

  cairo_rectangle (cr, x - 4.5, y_shared - 4.5, 9, 9);
  _orga_chart_set_source (cr, &self->shared_color, 1);
  cairo_fill_preserve (cr);
  _orga_chart_set_source (cr, &colors->bg, 1);
  cairo_stroke (cr);
  cairo_restore (cr);

  /* Chosen with the keyboard: no pointer, no tooltip; say it here. */
  if (_orga_chart_get_keyboard (ORGA_CHART (self)))
    {
      g_autofree char *text = dup_point_text (self, highlight);
      graphene_rect_t target = GRAPHENE_RECT_INIT (x - 5, MIN (y_total, y_shared) - 5, 10, fabs (y_total - y_shared) + 10);

      _orga_chart_draw_callout (cr, self->layout, colors, text, &target, width, height);
    }
}

/* The series' colours, from the palette of the style. */
static void
orga_timeline_chart_update_colors (OrgaChart *chart)
{
  OrgaTimelineChart *self = ORGA_TIMELINE_CHART (chart);
  gboolean dark = _orga_chart_get_colors (chart)->dark;

  _orga_chart_palette (GTK_WIDGET (self), 0, dark, &self->total_color);
  _orga_chart_palette (GTK_WIDGET (self), 1, dark, &self->shared_color);
}

static void
orga_timeline_chart_draw (OrgaChart *chart,
                          cairo_t   *cr,
                          int        width,
                          int        height)
{
  OrgaTimelineChart *self = ORGA_TIMELINE_CHART (chart);
  const OrgaChartColors *colors = _orga_chart_get_colors (chart);
  int highlight = _orga_chart_get_drawn_highlight (chart);
  double base;

  ensure_geometry (self, width, height);

  if (is_empty (self))
    {
      _orga_chart_draw_empty (cr, self->layout, colors, _("No participant yet"), width, height);
      if (_orga_chart_has_visible_focus (chart))
        _orga_chart_draw_focus_ring (cr, colors, 0, 0, width, height);
      return;
    }

  base = self->plot_y + self->plot_height;

  /* Grid and y labels */
  cairo_set_line_width (cr, 1);
  for (guint i = 0; i < self->y_ticks->len; i++)
    {
      const Tick *tick = &g_array_index (self->y_ticks, Tick, i);
      double y = round (tick->x) + 0.5;

      _orga_chart_set_source (cr, i == 0 ? &colors->axis : &colors->grid, 1);
      cairo_move_to (cr, self->plot_x, y);
      cairo_line_to (cr, self->plot_x + self->plot_width, y);
      cairo_stroke (cr);
      _orga_chart_draw_text (cr, self->small_layout, tick->label, self->plot_x - 8, tick->x, 1, 0.5, &colors->dim);
    }

  /* X ticks and labels, kept inside the widget */
  for (guint i = 0; i < self->x_ticks->len; i++)
    {
      const Tick *tick = &g_array_index (self->x_ticks, Tick, i);
      double x = round (tick->x) + 0.5;
      int label_width;
      double left;

      _orga_chart_set_source (cr, &colors->axis, 1);
      cairo_move_to (cr, x, base);
      cairo_line_to (cr, x, base + 4);
      cairo_stroke (cr);

      _orga_chart_text_size (self->small_layout, tick->label, &label_width, NULL);
      left = CLAMP (tick->x - label_width / 2., 2, width - 2 - label_width);
      _orga_chart_draw_text (cr, self->small_layout, tick->label, left, base + 6, 0, 0, &colors->dim);
    }

  draw_series (self, cr, FALSE);
  draw_series (self, cr, TRUE);
  draw_legend (self, cr);

  if (highlight >= 0 && (guint) highlight < self->n_points)
    draw_highlight (self, cr, colors, highlight, width, height);

  if (_orga_chart_has_visible_focus (chart))
    _orga_chart_draw_focus_ring (cr, colors, 0, 0, width, height);
}

/* ------------------------------------------------------------------------
 * Items
 * ------------------------------------------------------------------------ */

static guint
orga_timeline_chart_get_n_items (OrgaChart *chart)
{
  OrgaTimelineChart *self = ORGA_TIMELINE_CHART (chart);

  return is_empty (self) ? 0 : self->n_points;
}

static char *
orga_timeline_chart_describe_item (OrgaChart *chart,
                                   guint      index)
{
  return dup_point_text (ORGA_TIMELINE_CHART (chart), index);
}

/* The point's band, for the tooltip to be asked again out of it. */
static gboolean
orga_timeline_chart_get_item_area (OrgaChart    *chart,
                                   guint         index,
                                   GdkRectangle *area)
{
  OrgaTimelineChart *self = ORGA_TIMELINE_CHART (chart);

  if (self->point_x == NULL || index >= self->n_points)
    return FALSE;

  *area = (GdkRectangle) { (int) self->point_x[index] - 2, (int) self->plot_y, 4, (int) self->plot_height };
  return TRUE;
}



static void
orga_timeline_chart_measure (GtkWidget      *widget,
                             GtkOrientation  orientation,
                             int             for_size,
                             int            *minimum,
                             int            *natural,
                             int            *minimum_baseline,
                             int            *natural_baseline)
{
  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      *minimum = 240;
      *natural = 560;
    }
  else
    {
      *minimum = 160;
      *natural = 260;
    }
}

static void
orga_timeline_chart_css_changed (GtkWidget         *widget,
                                 GtkCssStyleChange *change)
{
  OrgaTimelineChart *self = ORGA_TIMELINE_CHART (widget);

  GTK_WIDGET_CLASS (orga_timeline_chart_parent_class)->css_changed (widget, change);

  /* Fonts may have changed too: new layouts, new geometry. */
  g_clear_object (&self->layout);
  g_clear_object (&self->small_layout);
  invalidate_geometry (self);
}

static void
orga_timeline_chart_finalize (GObject *object)
{
  OrgaTimelineChart *self = (OrgaTimelineChart *)object;

  clear_points (self);
  g_clear_pointer (&self->total_label, g_free);
  g_clear_pointer (&self->shared_label, g_free);
  g_clear_pointer (&self->point_x, g_free);
  g_clear_pointer (&self->x_ticks, g_array_unref);
  g_clear_pointer (&self->y_ticks, g_array_unref);
  g_clear_object (&self->layout);
  g_clear_object (&self->small_layout);

  G_OBJECT_CLASS (orga_timeline_chart_parent_class)->finalize (object);
}

static void
orga_timeline_chart_class_init (OrgaTimelineChartClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  OrgaChartClass *chart_class = ORGA_CHART_CLASS (klass);

  object_class->finalize = orga_timeline_chart_finalize;

  widget_class->measure = orga_timeline_chart_measure;
  widget_class->css_changed = orga_timeline_chart_css_changed;

  chart_class->draw = orga_timeline_chart_draw;
  chart_class->get_n_items = orga_timeline_chart_get_n_items;
  chart_class->hit_test = orga_timeline_chart_hit_test;
  chart_class->describe_item = orga_timeline_chart_describe_item;
  chart_class->get_item_area = orga_timeline_chart_get_item_area;
  chart_class->update_colors = orga_timeline_chart_update_colors;

  gtk_widget_class_set_css_name (widget_class, "timelinechart");
}

static void
orga_timeline_chart_init (OrgaTimelineChart *self)
{
  self->x_ticks = g_array_new (FALSE, FALSE, sizeof (Tick));
  g_array_set_clear_func (self->x_ticks, clear_tick);
  self->y_ticks = g_array_new (FALSE, FALSE, sizeof (Tick));
  g_array_set_clear_func (self->y_ticks, clear_tick);
  _orga_chart_nice_scale (0, 4, TRUE, &self->y_top, &self->y_step);

  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Participation over time"),
                                  -1);
  update_description (self);
}

GtkWidget *
orga_timeline_chart_new (void)
{
  return g_object_new (ORGA_TYPE_TIMELINE_CHART, NULL);
}
