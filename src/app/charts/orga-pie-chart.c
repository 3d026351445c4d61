/* orga-pie-chart.c
 *
 * A ring of slices with the total in its middle, and a legend giving each
 * slice's label, count and percentage (one decimal), so nothing depends on
 * telling the colours apart. Labels, counts, percentages and angles are
 * prepared when the slices are set.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "orga-pie-chart"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "orga-chart-private.h"
#include "orga-format.h"
#include "orga-pie-chart.h"

#define PADDING      12
#define LEGEND_GAP   24
#define SWATCH       12
#define ROW_SPACING  8
#define HOLE         0.58    /* inner radius, as a share of the outer one */

typedef struct
{
  char    *label;
  guint    value;
  char    *count;      /* "1 234" */
  char    *percent;    /* "28,6 %" */
  double   start;      /* angles, clockwise from 12 o'clock */
  double   end;
  GdkRGBA  color;
} Slice;

struct _OrgaPieChart
{
  OrgaChart        parent_instance;

  /* owned: what is shown */
  Slice           *slices;
  guint            n_slices;
  guint            total;
  char            *total_text;

  /* style: made again after a style change */
  PangoLayout     *layout;
  PangoLayout     *total_layout;

  /* geometry for geometry_width × geometry_height */
  gboolean         geometry_valid;
  int              geometry_width;
  int              geometry_height;
  double           cx;
  double           cy;
  double           radius;
  double           legend_x;
  double           legend_y;
  double           legend_width;
  double           row_height;
  int              label_width;      /* room for the labels */
  int              count_width;
  int              percent_width;
};

G_DEFINE_FINAL_TYPE (OrgaPieChart, orga_pie_chart, ORGA_TYPE_CHART)

static void
clear_slices (OrgaPieChart *self)
{
  for (guint i = 0; i < self->n_slices; i++)
    {
      g_free (self->slices[i].label);
      g_free (self->slices[i].count);
      g_free (self->slices[i].percent);
    }
  g_clear_pointer (&self->slices, g_free);
  self->n_slices = 0;
  self->total = 0;
}

static gboolean
is_empty (OrgaPieChart *self)
{
  return self->total == 0;
}

static void
invalidate_geometry (OrgaPieChart *self)
{
  self->geometry_valid = FALSE;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/* ------------------------------------------------------------------------
 * Data
 * ------------------------------------------------------------------------ */

static char *
dup_slice_text (const Slice *slice)
{
  /* TRANSLATORS: a slice of a chart: "In progress: 12 (28.6 %)" */
  return g_strdup_printf (C_("pie slice", "%s: %s (%s)"), slice->label, slice->count, slice->percent);
}

static void
update_description (OrgaPieChart *self)
{
  g_autoptr(GString) text = NULL;

  if (is_empty (self))
    {
      _orga_chart_take_description (ORGA_CHART (self), g_strdup (_("No data")));
      return;
    }

  text = g_string_new (NULL);
  for (guint i = 0; i < self->n_slices; i++)
    {
      g_autofree char *slice = dup_slice_text (&self->slices[i]);

      if (i > 0)
        /* TRANSLATORS: between two slices in the chart's description */
        g_string_append (text, C_("pie description", ", "));
      g_string_append (text, slice);
    }
  /* TRANSLATORS: ends the description of a chart: "…. Total: 42." */
  g_string_append_printf (text, C_("pie description", ". Total: %s."), self->total_text);

  _orga_chart_take_description (ORGA_CHART (self), g_string_free (g_steal_pointer (&text), FALSE));
}

/**
 * orga_pie_chart_set_slices:
 * @slices: (array length=n_slices): copied
 */
void
orga_pie_chart_set_slices (OrgaPieChart         *self,
                           const OrgaChartSlice *slices,
                           guint                 n_slices)
{
  double angle = 0;
  guint64 total = 0;

  g_return_if_fail (ORGA_IS_PIE_CHART (self));
  g_return_if_fail (n_slices == 0 || slices != NULL);

  clear_slices (self);
  _orga_chart_reset_highlight (ORGA_CHART (self));

  for (guint i = 0; i < n_slices; i++)
    total += slices[i].value;
  g_return_if_fail (total <= G_MAXUINT);

  self->slices = g_new0 (Slice, n_slices);
  self->n_slices = n_slices;
  self->total = (guint) total;
  g_free (self->total_text);
  self->total_text = _orga_chart_format_count (self->total);

  for (guint i = 0; i < n_slices; i++)
    {
      Slice *slice = &self->slices[i];
      double share = total > 0 ? (double) slices[i].value / total : 0;

      slice->label = g_strdup (slices[i].label != NULL ? slices[i].label : "");
      slice->value = slices[i].value;
      slice->count = _orga_chart_format_count (slice->value);
      slice->percent = orga_format_percent (share, 1);
      slice->start = angle;
      angle += share * 2 * G_PI;
      slice->end = angle;
    }

  _orga_chart_invalidate_colors (ORGA_CHART (self));
  update_description (self);
  invalidate_geometry (self);
}

guint
orga_pie_chart_get_n_slices (OrgaPieChart *self)
{
  g_return_val_if_fail (ORGA_IS_PIE_CHART (self), 0);

  return self->n_slices;
}

/* ------------------------------------------------------------------------
 * Geometry
 * ------------------------------------------------------------------------ */

static void
ensure_geometry (OrgaPieChart *self,
                 int           width,
                 int           height)
{
  int text_height = 0;
  int text_width;
  double diameter;
  double legend_height;

  if (self->geometry_valid && self->geometry_width == width && self->geometry_height == height)
    return;

  if (self->layout == NULL)
    {
      self->layout = _orga_chart_create_layout (GTK_WIDGET (self), 1, FALSE);
      self->total_layout = _orga_chart_create_layout (GTK_WIDGET (self), 1.6, TRUE);
    }

  self->geometry_valid = TRUE;
  self->geometry_width = width;
  self->geometry_height = height;

  self->count_width = 0;
  self->percent_width = 0;
  for (guint i = 0; i < self->n_slices; i++)
    {
      _orga_chart_text_size (self->layout, self->slices[i].count, &text_width, &text_height);
      self->count_width = MAX (self->count_width, text_width);
      _orga_chart_text_size (self->layout, self->slices[i].percent, &text_width, NULL);
      self->percent_width = MAX (self->percent_width, text_width);
    }

  /* The ring as large as the height allows, up to 45 % of the width; the
   * legend takes the rest. */
  diameter = MIN (height - 2 * PADDING, width * 0.45);
  diameter = MAX (diameter, 24);
  self->radius = diameter / 2;
  self->cx = PADDING + self->radius;
  self->cy = height / 2.;

  self->row_height = text_height + ROW_SPACING;
  self->legend_x = PADDING + diameter + LEGEND_GAP;
  self->legend_width = MAX (width - PADDING - self->legend_x, 0);
  legend_height = self->n_slices * self->row_height;
  self->legend_y = MAX (PADDING, (height - legend_height) / 2);

  /* swatch, gap, label, gap, count, gap, percent */
  self->label_width = MAX ((int) (self->legend_width - SWATCH - 8 - 16 - self->count_width - 16 - self->percent_width - 8), 16);
}

static int
orga_pie_chart_hit_test (OrgaChart *chart,
                         double     x,
                         double     y)
{
  OrgaPieChart *self = ORGA_PIE_CHART (chart);
  double dx, dy, distance, angle;

  ensure_geometry (self, gtk_widget_get_width (GTK_WIDGET (self)), gtk_widget_get_height (GTK_WIDGET (self)));

  /* A legend row? */
  if (x >= self->legend_x - 4 && x <= self->legend_x + self->legend_width && y >= self->legend_y)
    {
      guint row = (guint) ((y - self->legend_y) / self->row_height);

      return row < self->n_slices ? (int) row : -1;
    }

  /* The ring? */
  dx = x - self->cx;
  dy = y - self->cy;
  distance = sqrt (dx * dx + dy * dy);
  if (distance < self->radius * HOLE - 2 || distance > self->radius + 6)
    return -1;

  angle = atan2 (dx, -dy);
  if (angle < 0)
    angle += 2 * G_PI;

  for (guint i = 0; i < self->n_slices; i++)
    if (self->slices[i].end > self->slices[i].start && angle >= self->slices[i].start && angle < self->slices[i].end)
      return i;

  return -1;
}

/* ------------------------------------------------------------------------
 * Drawing
 * ------------------------------------------------------------------------ */

static void
draw_ring (OrgaPieChart          *self,
           cairo_t               *cr,
           const OrgaChartColors *colors,
           int                    highlight)
{
  double inner = self->radius * HOLE;

  for (guint i = 0; i < self->n_slices; i++)
    {
      const Slice *slice = &self->slices[i];
      double start = slice->start - G_PI / 2;
      double end = slice->end - G_PI / 2;
      double outer = self->radius;

      if (slice->end <= slice->start)
        continue;
      if ((int) i == highlight)
        outer += 5;

      cairo_new_path (cr);
      if (end - start >= 2 * G_PI - 1e-9)
        {
          /* A whole ring: two circles, filled even-odd. */
          cairo_arc (cr, self->cx, self->cy, outer, 0, 2 * G_PI);
          cairo_new_sub_path (cr);
          cairo_arc (cr, self->cx, self->cy, inner, 0, 2 * G_PI);
          cairo_set_fill_rule (cr, CAIRO_FILL_RULE_EVEN_ODD);
        }
      else
        {
          cairo_arc (cr, self->cx, self->cy, outer, start, end);
          cairo_arc_negative (cr, self->cx, self->cy, inner, end, start);
          cairo_close_path (cr);
        }
      _orga_chart_set_source (cr, &slice->color, 1);
      cairo_fill_preserve (cr);
      cairo_set_fill_rule (cr, CAIRO_FILL_RULE_WINDING);

      /* A gap of background between slices. */
      _orga_chart_set_source (cr, &colors->bg, 1);
      cairo_set_line_width (cr, 2);
      cairo_set_line_join (cr, CAIRO_LINE_JOIN_MITER);
      cairo_stroke (cr);
    }

  _orga_chart_draw_text (cr, self->total_layout, self->total_text, self->cx, self->cy, 0.5, 0.5, &colors->fg);
}

static void
draw_legend (OrgaPieChart          *self,
             cairo_t               *cr,
             const OrgaChartColors *colors,
             int                    highlight)
{
  double right = self->legend_x + self->legend_width;

  for (guint i = 0; i < self->n_slices; i++)
    {
      const Slice *slice = &self->slices[i];
      double top = self->legend_y + i * self->row_height;
      double middle = top + self->row_height / 2;
      gboolean highlighted = (int) i == highlight;

      if (highlighted)
        {
          _orga_chart_rounded_rect (cr, self->legend_x - 6, top, self->legend_width + 6, self->row_height, 6);
          _orga_chart_set_source (cr, &colors->fg, 0.08);
          cairo_fill (cr);
        }

      _orga_chart_rounded_rect (cr, self->legend_x, round (middle - SWATCH / 2.), SWATCH, SWATCH, 3);
      _orga_chart_set_source (cr, &slice->color, 1);
      cairo_fill (cr);

      pango_layout_set_width (self->layout, self->label_width * PANGO_SCALE);
      pango_layout_set_ellipsize (self->layout, PANGO_ELLIPSIZE_END);
      _orga_chart_draw_text (cr, self->layout, slice->label, self->legend_x + SWATCH + 8, middle, 0, 0.5, &colors->fg);
      pango_layout_set_width (self->layout, -1);
      pango_layout_set_ellipsize (self->layout, PANGO_ELLIPSIZE_NONE);

      _orga_chart_draw_text (cr, self->layout, slice->count, right - 8 - self->percent_width - 16, middle, 1, 0.5, &colors->fg);
      _orga_chart_draw_text (cr, self->layout, slice->percent, right - 8, middle, 1, 0.5, &colors->dim);

      if (highlighted && _orga_chart_has_visible_focus (ORGA_CHART (self)))
        _orga_chart_draw_focus_ring (cr, colors, self->legend_x - 8, top - 2, self->legend_width + 10, self->row_height + 4);
    }
}

static void
orga_pie_chart_draw (OrgaChart *chart,
                     cairo_t   *cr,
                     int        width,
                     int        height)
{
  OrgaPieChart *self = ORGA_PIE_CHART (chart);
  const OrgaChartColors *colors = _orga_chart_get_colors (chart);
  int highlight = _orga_chart_get_drawn_highlight (chart);

  ensure_geometry (self, width, height);

  if (is_empty (self))
    _orga_chart_draw_empty (cr, self->layout, colors, _("No data"), width, height);
  else
    {
      draw_ring (self, cr, colors, highlight);
      draw_legend (self, cr, colors, highlight);
    }

  /* The whole chart's ring, unless a legend row has it. */
  if (_orga_chart_has_visible_focus (chart) && (highlight < 0 || is_empty (self)))
    _orga_chart_draw_focus_ring (cr, colors, 0, 0, width, height);
}

/* One colour per slice, from the palette of the style. */
static void
orga_pie_chart_update_colors (OrgaChart *chart)
{
  OrgaPieChart *self = ORGA_PIE_CHART (chart);
  gboolean dark = _orga_chart_get_colors (chart)->dark;

  for (guint i = 0; i < self->n_slices; i++)
    _orga_chart_palette (GTK_WIDGET (self), i, dark, &self->slices[i].color);
}

/* ------------------------------------------------------------------------
 * Items
 * ------------------------------------------------------------------------ */

/* Nothing to point at in an empty ring. */
static guint
orga_pie_chart_get_n_items (OrgaChart *chart)
{
  OrgaPieChart *self = ORGA_PIE_CHART (chart);

  return is_empty (self) ? 0 : self->n_slices;
}

static char *
orga_pie_chart_describe_item (OrgaChart *chart,
                              guint      index)
{
  return dup_slice_text (&ORGA_PIE_CHART (chart)->slices[index]);
}

static void
orga_pie_chart_measure (GtkWidget      *widget,
                        GtkOrientation  orientation,
                        int             for_size,
                        int            *minimum,
                        int            *natural,
                        int            *minimum_baseline,
                        int            *natural_baseline)
{
  OrgaPieChart *self = ORGA_PIE_CHART (widget);
  int rows = MAX (self->n_slices, 3);

  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      *minimum = 280;
      *natural = 440;
    }
  else
    {
      /* Every legend row, at about 26 px each. */
      *minimum = MAX (120, rows * 26 + 2 * PADDING);
      *natural = MAX (200, rows * 26 + 2 * PADDING);
    }
}

static void
orga_pie_chart_css_changed (GtkWidget         *widget,
                            GtkCssStyleChange *change)
{
  OrgaPieChart *self = ORGA_PIE_CHART (widget);

  GTK_WIDGET_CLASS (orga_pie_chart_parent_class)->css_changed (widget, change);

  g_clear_object (&self->layout);
  g_clear_object (&self->total_layout);
  invalidate_geometry (self);
}

static void
orga_pie_chart_finalize (GObject *object)
{
  OrgaPieChart *self = (OrgaPieChart *)object;

  clear_slices (self);
  g_clear_pointer (&self->total_text, g_free);
  g_clear_object (&self->layout);
  g_clear_object (&self->total_layout);

  G_OBJECT_CLASS (orga_pie_chart_parent_class)->finalize (object);
}

static void
orga_pie_chart_class_init (OrgaPieChartClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  OrgaChartClass *chart_class = ORGA_CHART_CLASS (klass);

  object_class->finalize = orga_pie_chart_finalize;

  widget_class->measure = orga_pie_chart_measure;
  widget_class->css_changed = orga_pie_chart_css_changed;

  chart_class->draw = orga_pie_chart_draw;
  chart_class->get_n_items = orga_pie_chart_get_n_items;
  chart_class->hit_test = orga_pie_chart_hit_test;
  chart_class->describe_item = orga_pie_chart_describe_item;
  chart_class->update_colors = orga_pie_chart_update_colors;

  gtk_widget_class_set_css_name (widget_class, "piechart");
}

static void
orga_pie_chart_init (OrgaPieChart *self)
{
  self->total_text = g_strdup ("0");

  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Breakdown"),
                                  -1);
  update_description (self);
}

GtkWidget *
orga_pie_chart_new (void)
{
  return g_object_new (ORGA_TYPE_PIE_CHART, NULL);
}
