/* orga-heat-map.c
 *
 * One row per class, one column per competence, a cell per rate (0..1,
 * NAN for no data). The colour goes from pale to deep blue with the rate,
 * a single-hue ramp colour-blind readers can order, reversed in dark mode
 * (deep to bright) so high rates stand out in both; the rate is written in
 * the cell, in black or white, whichever contrasts more. Empty cells are
 * hatched. The cells' colours and texts are prepared with the data.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "orga-heat-map"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "orga-chart-private.h"
#include "orga-format.h"
#include "orga-heat-map.h"

#define PADDING  12
#define GAP      2
#define MAX_CELL_HEIGHT 40

typedef struct
{
  double   value;       /* NAN: no data */
  guint    percent;     /* rounded, 0..100 */
  char    *text;        /* "42 %" */
  GdkRGBA  color;
  gboolean light_text;
} Cell;

struct _OrgaHeatMap
{
  OrgaChart        parent_instance;

  /* owned: what is shown */
  char           **row_labels;
  char           **col_labels;
  char           **col_tooltips;   /* NULL-terminated, may be shorter */
  guint            n_rows;
  guint            n_cols;
  Cell            *cells;          /* row-major: item row × n_cols + col */

  /* style: made again after a style change */
  PangoLayout     *layout;
  PangoLayout     *bold_layout;
  PangoLayout     *cell_layout;
  PangoLayout     *percent_layouts[101];   /* shaped once, drawn many times */

  /* geometry for geometry_width × geometry_height */
  gboolean         geometry_valid;
  int              geometry_width;
  int              geometry_height;
  double           grid_x;
  double           grid_y;
  double           cell_width;
  double           cell_height;
  double           legend_y;
  int              text_height;
};

G_DEFINE_FINAL_TYPE (OrgaHeatMap, orga_heat_map, ORGA_TYPE_CHART)

static gboolean
is_empty (OrgaHeatMap *self)
{
  return self->n_rows == 0 || self->n_cols == 0;
}

static Cell *
cell_at (OrgaHeatMap *self,
         guint        row,
         guint        col)
{
  g_assert (row < self->n_rows && col < self->n_cols);

  return &self->cells[row * self->n_cols + col];
}

static void
clear_data (OrgaHeatMap *self)
{
  for (guint i = 0; i < self->n_rows * self->n_cols; i++)
    g_free (self->cells[i].text);
  g_clear_pointer (&self->cells, g_free);
  g_clear_pointer (&self->row_labels, g_strfreev);
  g_clear_pointer (&self->col_labels, g_strfreev);
  self->n_rows = 0;
  self->n_cols = 0;
}

static void
invalidate_geometry (OrgaHeatMap *self)
{
  self->geometry_valid = FALSE;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/* ------------------------------------------------------------------------
 * Colours
 * ------------------------------------------------------------------------ */

/* From the GNOME palette: a blue ramp, light to dark on a light
 * background, dark to light on a dark one. */
static const GdkRGBA ramp_light[] = {
  { 0.925, 0.953, 0.988, 1 },  /* #ecf3fc */
  { 0.600, 0.757, 0.945, 1 },  /* blue_1 #99c1f1 */
  { 0.208, 0.518, 0.894, 1 },  /* blue_3 #3584e4 */
  { 0.102, 0.373, 0.706, 1 },  /* blue_5 #1a5fb4 */
};
static const GdkRGBA ramp_dark[] = {
  { 0.133, 0.192, 0.275, 1 },  /* #223146 */
  { 0.102, 0.373, 0.706, 1 },  /* blue_5 #1a5fb4 */
  { 0.208, 0.518, 0.894, 1 },  /* blue_3 #3584e4 */
  { 0.600, 0.757, 0.945, 1 },  /* blue_1 #99c1f1 */
};

static void
ramp (gboolean  dark,
      double    value,
      GdkRGBA  *color)
{
  const GdkRGBA *stops = dark ? ramp_dark : ramp_light;
  guint n = G_N_ELEMENTS (ramp_light) - 1;
  double position = CLAMP (value, 0, 1) * n;
  guint i = MIN ((guint) position, n - 1);
  double t = position - i;

  color->red = stops[i].red + t * (stops[i + 1].red - stops[i].red);
  color->green = stops[i].green + t * (stops[i + 1].green - stops[i].green);
  color->blue = stops[i].blue + t * (stops[i + 1].blue - stops[i].blue);
  color->alpha = 1;
}

static double
channel_luminance (double c)
{
  return c <= 0.03928 ? c / 12.92 : pow ((c + 0.055) / 1.055, 2.4);
}

/* WCAG contrast: is white text more readable than black on @color? */
static gboolean
wants_light_text (const GdkRGBA *color)
{
  double l = 0.2126 * channel_luminance (color->red)
             + 0.7152 * channel_luminance (color->green)
             + 0.0722 * channel_luminance (color->blue);

  return (1.05 / (l + 0.05)) > ((l + 0.05) / 0.05);
}

/* The cells' colours follow the style: a ramp of its own in dark mode. */
static void
orga_heat_map_update_colors (OrgaChart *chart)
{
  OrgaHeatMap *self = ORGA_HEAT_MAP (chart);
  gboolean dark = _orga_chart_get_colors (chart)->dark;

  for (guint i = 0; i < self->n_rows * self->n_cols; i++)
    {
      Cell *cell = &self->cells[i];

      if (isnan (cell->value))
        continue;
      ramp (dark, cell->value, &cell->color);
      cell->light_text = wants_light_text (&cell->color);
    }
}

/* ------------------------------------------------------------------------
 * Data
 * ------------------------------------------------------------------------ */

static const char *
column_tooltip (OrgaHeatMap *self,
                guint        col)
{
  if (self->col_tooltips == NULL)
    return NULL;
  for (guint i = 0; i <= col; i++)
    if (self->col_tooltips[i] == NULL)
      return NULL;
  return *self->col_tooltips[col] != '\0' ? self->col_tooltips[col] : NULL;
}

static const char *
cell_text (const Cell *cell)
{
  return cell->text != NULL ? cell->text : _("no data");
}

static void
update_description (OrgaHeatMap *self)
{
  g_autoptr(GString) text = NULL;

  if (is_empty (self))
    {
      _orga_chart_take_description (ORGA_CHART (self), g_strdup (_("No data")));
      return;
    }

  text = g_string_new (NULL);
  for (guint row = 0; row < self->n_rows; row++)
    {
      g_autoptr(GString) cells = g_string_new (NULL);

      for (guint col = 0; col < self->n_cols; col++)
        {
          if (col > 0)
            g_string_append (cells, C_("heat map description", ", "));
          /* TRANSLATORS: a competence and its rate: "2.1: 42 %" */
          g_string_append_printf (cells, C_("heat map description", "%s: %s"),
                                  self->col_labels[col], cell_text (cell_at (self, row, col)));
        }

      if (row > 0)
        /* TRANSLATORS: between two classes in the heat map's description */
        g_string_append (text, C_("heat map description", "; "));
      /* TRANSLATORS: a class and its rates: "Class 4A (1.1: 42 %, 1.2: 50 %)" */
      g_string_append_printf (text, C_("heat map description", "Class %s (%s)"),
                              self->row_labels[row], cells->str);
    }
  g_string_append (text, C_("heat map description", "."));

  _orga_chart_take_description (ORGA_CHART (self), g_string_free (g_steal_pointer (&text), FALSE));
}

/**
 * orga_heat_map_set_data:
 * @row_labels: (array length=n_rows): the classes
 * @col_labels: (array length=n_cols): the competences' codes, "1.1"
 * @values: (array): @n_rows × @n_cols rates in 0..1, row after row; NAN
 *   where there is no data
 *
 * Everything is copied.
 */
void
orga_heat_map_set_data (OrgaHeatMap        *self,
                        const char * const *row_labels,
                        guint               n_rows,
                        const char * const *col_labels,
                        guint               n_cols,
                        const double       *values)
{
  g_return_if_fail (ORGA_IS_HEAT_MAP (self));
  g_return_if_fail (n_rows == 0 || row_labels != NULL);
  g_return_if_fail (n_cols == 0 || col_labels != NULL);
  g_return_if_fail (n_rows * n_cols == 0 || values != NULL);

  clear_data (self);
  _orga_chart_reset_highlight (ORGA_CHART (self));

  self->n_rows = n_rows;
  self->n_cols = n_cols;
  self->row_labels = g_new0 (char *, n_rows + 1);
  self->col_labels = g_new0 (char *, n_cols + 1);
  self->cells = g_new0 (Cell, (gsize) n_rows * n_cols);

  for (guint i = 0; i < n_rows; i++)
    self->row_labels[i] = g_strdup (row_labels[i] != NULL ? row_labels[i] : "");
  for (guint i = 0; i < n_cols; i++)
    self->col_labels[i] = g_strdup (col_labels[i] != NULL ? col_labels[i] : "");

  for (guint i = 0; i < n_rows * n_cols; i++)
    {
      Cell *cell = &self->cells[i];

      if (isnan (values[i]))
        {
          cell->value = NAN;
          continue;
        }
      cell->value = CLAMP (values[i], 0, 1);
      /* Rounded by the rule of the tabs and the export (0.285 is 29 %). */
      cell->percent = (guint) orga_format_round_scaled (cell->value, 2);
      cell->text = orga_format_percent (cell->percent / 100., 0);
    }

  _orga_chart_invalidate_colors (ORGA_CHART (self));
  update_description (self);
  gtk_widget_queue_resize (GTK_WIDGET (self));
  invalidate_geometry (self);
}

/**
 * orga_heat_map_set_column_tooltips:
 * @tooltips: (array zero-terminated=1) (nullable): the competences' full
 *   names, "Interagir", in the columns' order; copied
 */
void
orga_heat_map_set_column_tooltips (OrgaHeatMap        *self,
                                   const char * const *tooltips)
{
  g_return_if_fail (ORGA_IS_HEAT_MAP (self));

  g_strfreev (self->col_tooltips);
  self->col_tooltips = g_strdupv ((char **) tooltips);
}

guint
orga_heat_map_get_n_rows (OrgaHeatMap *self)
{
  g_return_val_if_fail (ORGA_IS_HEAT_MAP (self), 0);

  return self->n_rows;
}

guint
orga_heat_map_get_n_columns (OrgaHeatMap *self)
{
  g_return_val_if_fail (ORGA_IS_HEAT_MAP (self), 0);

  return self->n_cols;
}

/**
 * orga_heat_map_get_highlighted:
 *
 * orga_chart_get_highlighted() as a row and a column.
 *
 * Returns: whether a cell is highlighted
 */
gboolean
orga_heat_map_get_highlighted (OrgaHeatMap *self,
                               guint       *row,
                               guint       *col)
{
  int item;

  g_return_val_if_fail (ORGA_IS_HEAT_MAP (self), FALSE);

  item = orga_chart_get_highlighted (ORGA_CHART (self));
  if (item < 0)
    return FALSE;

  if (row != NULL)
    *row = item / self->n_cols;
  if (col != NULL)
    *col = item % self->n_cols;
  return TRUE;
}

/**
 * orga_heat_map_dup_cell_tooltip:
 *
 * Returns: what the tooltip says for a cell: "Class 4A — 2.1 Interagir: 42 %".
 */
char *
orga_heat_map_dup_cell_tooltip (OrgaHeatMap *self,
                                guint        row,
                                guint        col)
{
  const char *name;
  const char *value;

  g_return_val_if_fail (ORGA_IS_HEAT_MAP (self), NULL);
  g_return_val_if_fail (row < self->n_rows && col < self->n_cols, NULL);

  name = column_tooltip (self, col);
  value = cell_text (cell_at (self, row, col));

  if (name != NULL)
    /* TRANSLATORS: a cell of the heat map: "Class 4A — 2.1 Interagir: 42 %" */
    return g_strdup_printf (_("Class %s — %s %s: %s"), self->row_labels[row], self->col_labels[col], name, value);

  /* TRANSLATORS: a cell of the heat map: "Class 4A — 2.1: 42 %" */
  return g_strdup_printf (_("Class %s — %s: %s"), self->row_labels[row], self->col_labels[col], value);
}

/* ------------------------------------------------------------------------
 * Geometry
 * ------------------------------------------------------------------------ */

static void
clear_layouts (OrgaHeatMap *self)
{
  g_clear_object (&self->layout);
  g_clear_object (&self->bold_layout);
  g_clear_object (&self->cell_layout);
  for (guint i = 0; i < G_N_ELEMENTS (self->percent_layouts); i++)
    g_clear_object (&self->percent_layouts[i]);
}

/* A layout per rate: hundreds of cells, at most 101 texts. */
static PangoLayout *
percent_layout (OrgaHeatMap *self,
                const Cell  *cell)
{
  g_assert (cell->percent < G_N_ELEMENTS (self->percent_layouts));

  if (self->percent_layouts[cell->percent] == NULL)
    {
      self->percent_layouts[cell->percent] = pango_layout_copy (self->cell_layout);
      pango_layout_set_text (self->percent_layouts[cell->percent], cell->text, -1);
    }

  return self->percent_layouts[cell->percent];
}

static void
ensure_layouts (OrgaHeatMap *self)
{
  if (self->layout != NULL)
    return;

  self->layout = _orga_chart_create_layout (GTK_WIDGET (self), 0.9, FALSE);
  self->bold_layout = _orga_chart_create_layout (GTK_WIDGET (self), 0.9, TRUE);
  self->cell_layout = _orga_chart_create_layout (GTK_WIDGET (self), 0.8, FALSE);
}

static void
ensure_geometry (OrgaHeatMap *self,
                 int          width,
                 int          height)
{
  int row_label_width = 0;
  int header_height;
  int legend_height;
  double grid_height;

  if (self->geometry_valid && self->geometry_width == width && self->geometry_height == height)
    return;

  ensure_layouts (self);

  self->geometry_valid = TRUE;
  self->geometry_width = width;
  self->geometry_height = height;

  _orga_chart_text_size (self->layout, "0", NULL, &self->text_height);
  if (is_empty (self))
    return;

  for (guint i = 0; i < self->n_rows; i++)
    {
      int w;

      _orga_chart_text_size (self->bold_layout, self->row_labels[i], &w, NULL);
      row_label_width = MAX (row_label_width, w);
    }
  row_label_width = MIN (row_label_width, width / 3);

  header_height = self->text_height + 6;
  legend_height = self->text_height + 14;

  self->grid_x = PADDING + row_label_width + 10;
  self->grid_y = PADDING + header_height;
  self->cell_width = MAX ((width - PADDING - self->grid_x) / self->n_cols, 4);
  grid_height = height - PADDING - legend_height - self->grid_y;
  self->cell_height = CLAMP (grid_height / self->n_rows, 4, MAX_CELL_HEIGHT);
  self->legend_y = self->grid_y + self->cell_height * self->n_rows + 10;
}

static int
orga_heat_map_hit_test (OrgaChart *chart,
                        double     x,
                        double     y)
{
  OrgaHeatMap *self = ORGA_HEAT_MAP (chart);
  int row, col;

  ensure_geometry (self, gtk_widget_get_width (GTK_WIDGET (self)), gtk_widget_get_height (GTK_WIDGET (self)));

  if (x < self->grid_x || y < self->grid_y)
    return -1;

  col = (int) ((x - self->grid_x) / self->cell_width);
  row = (int) ((y - self->grid_y) / self->cell_height);
  if (col >= (int) self->n_cols || row >= (int) self->n_rows)
    return -1;

  return row * self->n_cols + col;
}

/**
 * orga_heat_map_get_cell_at:
 *
 * orga_chart_get_item_at() as a row and a column.
 *
 * Returns: whether (@x, @y) is on a cell
 */
gboolean
orga_heat_map_get_cell_at (OrgaHeatMap *self,
                           double       x,
                           double       y,
                           guint       *row,
                           guint       *col)
{
  int item;

  g_return_val_if_fail (ORGA_IS_HEAT_MAP (self), FALSE);

  item = orga_chart_get_item_at (ORGA_CHART (self), x, y);
  if (item < 0)
    return FALSE;

  if (row != NULL)
    *row = item / self->n_cols;
  if (col != NULL)
    *col = item % self->n_cols;
  return TRUE;
}

/* ------------------------------------------------------------------------
 * Drawing
 * ------------------------------------------------------------------------ */

static void
hatch (OrgaHeatMap *self,
       cairo_t     *cr,
       double       x,
       double       y,
       double       w,
       double       h)
{
  const OrgaChartColors *colors = _orga_chart_get_colors (ORGA_CHART (self));

  cairo_save (cr);
  cairo_rectangle (cr, x, y, w, h);
  _orga_chart_set_source (cr, &colors->fg, 0.05);
  cairo_fill_preserve (cr);
  cairo_clip (cr);
  _orga_chart_set_source (cr, &colors->fg, 0.18);
  cairo_set_line_width (cr, 1);
  for (double d = -h; d < w; d += 6)
    {
      cairo_move_to (cr, x + d, y + h);
      cairo_line_to (cr, x + d + h, y);
    }
  cairo_stroke (cr);
  cairo_restore (cr);
}

static void
draw_cells (OrgaHeatMap *self,
            cairo_t     *cr)
{
  static const GdkRGBA black = { 0, 0, 0, 0.87 };
  static const GdkRGBA white = { 1, 1, 1, 1 };
  int value_width, value_height;

  _orga_chart_text_size (self->cell_layout, "100 %", &value_width, &value_height);

  for (guint row = 0; row < self->n_rows; row++)
    for (guint col = 0; col < self->n_cols; col++)
      {
        const Cell *cell = cell_at (self, row, col);
        double x = self->grid_x + col * self->cell_width;
        double y = self->grid_y + row * self->cell_height;
        double w = self->cell_width - GAP;
        double h = self->cell_height - GAP;
        PangoLayout *layout;
        int text_width, text_height;

        if (isnan (cell->value))
          {
            hatch (self, cr, x, y, w, h);
            continue;
          }

        _orga_chart_rounded_rect (cr, x, y, w, h, 3);
        _orga_chart_set_source (cr, &cell->color, 1);
        cairo_fill (cr);

        /* The rate, when it fits. */
        layout = percent_layout (self, cell);
        pango_layout_get_pixel_size (layout, &text_width, &text_height);
        if (text_width <= w - 4 && value_height <= h)
          {
            cairo_move_to (cr, round (x + (w - text_width) / 2), round (y + (h - text_height) / 2));
            _orga_chart_set_source (cr, cell->light_text ? &white : &black, 1);
            pango_cairo_show_layout (cr, layout);
          }
      }
}

static void
draw_labels (OrgaHeatMap           *self,
             cairo_t               *cr,
             const OrgaChartColors *colors,
             int                    highlight_row,
             int                    highlight_col)
{
  int label_width = (int) self->grid_x - PADDING - 10;

  for (guint row = 0; row < self->n_rows; row++)
    {
      gboolean highlighted = (int) row == highlight_row;
      PangoLayout *layout = highlighted ? self->bold_layout : self->layout;

      pango_layout_set_width (layout, label_width * PANGO_SCALE);
      pango_layout_set_ellipsize (layout, PANGO_ELLIPSIZE_END);
      _orga_chart_draw_text (cr, layout, self->row_labels[row], PADDING,
                             self->grid_y + row * self->cell_height + (self->cell_height - GAP) / 2,
                             0, 0.5, &colors->fg);
      pango_layout_set_width (layout, -1);
      pango_layout_set_ellipsize (layout, PANGO_ELLIPSIZE_NONE);
    }

  for (guint col = 0; col < self->n_cols; col++)
    {
      gboolean highlighted = (int) col == highlight_col;
      PangoLayout *layout = highlighted ? self->bold_layout : self->layout;
      int width;

      pango_layout_set_width (layout, MAX ((int) self->cell_width - GAP, 1) * PANGO_SCALE);
      pango_layout_set_ellipsize (layout, PANGO_ELLIPSIZE_END);
      _orga_chart_text_size (layout, self->col_labels[col], &width, NULL);
      _orga_chart_draw_text (cr, layout, self->col_labels[col],
                             self->grid_x + col * self->cell_width + (self->cell_width - GAP - width) / 2,
                             self->grid_y - 4, 0, 1, &colors->fg);
      pango_layout_set_width (layout, -1);
      pango_layout_set_ellipsize (layout, PANGO_ELLIPSIZE_NONE);
    }
}

static void
draw_legend (OrgaHeatMap           *self,
             cairo_t               *cr,
             const OrgaChartColors *colors)
{
  g_autofree char *zero = orga_format_percent (0, 0);
  g_autofree char *hundred = orga_format_percent (1, 0);
  double y = self->legend_y;
  double middle = y + self->text_height / 2.;
  double x = self->grid_x;
  cairo_pattern_t *pattern;
  int width;

  _orga_chart_draw_text (cr, self->layout, zero, x, middle, 0, 0.5, &colors->dim);
  _orga_chart_text_size (self->layout, zero, &width, NULL);
  x += width + 6;

  pattern = cairo_pattern_create_linear (x, 0, x + 120, 0);
  for (guint i = 0; i < G_N_ELEMENTS (ramp_light); i++)
    {
      const GdkRGBA *stop = colors->dark ? &ramp_dark[i] : &ramp_light[i];

      cairo_pattern_add_color_stop_rgb (pattern, i / (G_N_ELEMENTS (ramp_light) - 1.), stop->red, stop->green, stop->blue);
    }
  _orga_chart_rounded_rect (cr, x, middle - 5, 120, 10, 3);
  cairo_set_source (cr, pattern);
  cairo_fill (cr);
  cairo_pattern_destroy (pattern);
  x += 126;

  _orga_chart_draw_text (cr, self->layout, hundred, x, middle, 0, 0.5, &colors->dim);
  _orga_chart_text_size (self->layout, hundred, &width, NULL);
  x += width + 24;

  hatch (self, cr, x, middle - 6, 18, 12);
  _orga_chart_draw_text (cr, self->layout, _("No data"), x + 24, middle, 0, 0.5, &colors->dim);
}

static void
orga_heat_map_draw (OrgaChart *chart,
                    cairo_t   *cr,
                    int        width,
                    int        height)
{
  OrgaHeatMap *self = ORGA_HEAT_MAP (chart);
  const OrgaChartColors *colors = _orga_chart_get_colors (chart);
  gboolean focus = _orga_chart_has_visible_focus (chart);
  int highlight = _orga_chart_get_drawn_highlight (chart);
  int highlight_row = -1;
  int highlight_col = -1;

  ensure_geometry (self, width, height);

  if (is_empty (self))
    {
      _orga_chart_draw_empty (cr, self->layout, colors, _("No data"), width, height);
      if (focus)
        _orga_chart_draw_focus_ring (cr, colors, 0, 0, width, height);
      return;
    }

  if (highlight >= 0)
    {
      highlight_row = highlight / self->n_cols;
      highlight_col = highlight % self->n_cols;
    }

  draw_cells (self, cr);
  draw_labels (self, cr, colors, highlight_row, highlight_col);
  draw_legend (self, cr, colors);

  if (highlight >= 0)
    {
      gboolean keyboard = _orga_chart_get_keyboard (chart);
      double x = self->grid_x + highlight_col * self->cell_width;
      double y = self->grid_y + highlight_row * self->cell_height;

      if (focus && keyboard)
        _orga_chart_draw_focus_ring (cr, colors, x - 3, y - 3,
                                     self->cell_width - GAP + 6, self->cell_height - GAP + 6);
      else
        {
          _orga_chart_rounded_rect (cr, x + 0.5, y + 0.5, self->cell_width - GAP - 1, self->cell_height - GAP - 1, 3);
          _orga_chart_set_source (cr, &colors->fg, 0.8);
          cairo_set_line_width (cr, 1.5);
          cairo_stroke (cr);
        }

      if (keyboard)
        {
          g_autofree char *text = orga_heat_map_dup_cell_tooltip (self, highlight_row, highlight_col);

          _orga_chart_draw_callout (cr, self->layout, colors, text,
                                    &GRAPHENE_RECT_INIT (x - 3, y - 3, self->cell_width - GAP + 6, self->cell_height - GAP + 6),
                                    width, height);
        }
    }
  else if (focus)
    _orga_chart_draw_focus_ring (cr, colors, self->grid_x - 4, self->grid_y - 4,
                                 self->cell_width * self->n_cols + 6, self->cell_height * self->n_rows + 6);
}

/* ------------------------------------------------------------------------
 * Items and keys
 * ------------------------------------------------------------------------ */

static guint
orga_heat_map_get_n_items (OrgaChart *chart)
{
  OrgaHeatMap *self = ORGA_HEAT_MAP (chart);

  return self->n_rows * self->n_cols;
}

static char *
orga_heat_map_describe_item (OrgaChart *chart,
                             guint      index)
{
  OrgaHeatMap *self = ORGA_HEAT_MAP (chart);

  return orga_heat_map_dup_cell_tooltip (self, index / self->n_cols, index % self->n_cols);
}

static gboolean
orga_heat_map_get_item_area (OrgaChart    *chart,
                             guint         index,
                             GdkRectangle *area)
{
  OrgaHeatMap *self = ORGA_HEAT_MAP (chart);
  guint row = index / self->n_cols;
  guint col = index % self->n_cols;

  *area = (GdkRectangle) {
    self->grid_x + col * self->cell_width,
    self->grid_y + row * self->cell_height,
    self->cell_width, self->cell_height
  };
  return TRUE;
}

/* Left and right along the row, up and down the column. */
static int
orga_heat_map_move (OrgaChart  *chart,
                    const char *action_name,
                    int         current)
{
  OrgaHeatMap *self = ORGA_HEAT_MAP (chart);
  int last_row = (int) self->n_rows - 1;
  int row, col;

  /* The first move only shows where we are: the top-left cell. */
  if (current < 0)
    return 0;

  row = current / self->n_cols;
  col = current % self->n_cols;

  if (g_str_equal (action_name, "chart.up"))
    row = MAX (row - 1, 0);
  else if (g_str_equal (action_name, "chart.down"))
    row = MIN (row + 1, last_row);
  else
    col = _orga_chart_step_index (action_name, col, self->n_cols);

  return row * self->n_cols + col;
}

static void
orga_heat_map_measure (GtkWidget      *widget,
                       GtkOrientation  orientation,
                       int             for_size,
                       int            *minimum,
                       int            *natural,
                       int            *minimum_baseline,
                       int            *natural_baseline)
{
  OrgaHeatMap *self = ORGA_HEAT_MAP (widget);
  int rows = MAX (self->n_rows, 1);
  int cols = MAX (self->n_cols, 1);

  /* Header, legend and padding take about 70 px, row labels about 80. */
  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      *minimum = 80 + cols * 24;
      *natural = 80 + cols * 52;
    }
  else
    {
      *minimum = 70 + rows * 18;
      *natural = 70 + rows * 32;
    }
}

static void
orga_heat_map_css_changed (GtkWidget         *widget,
                           GtkCssStyleChange *change)
{
  OrgaHeatMap *self = ORGA_HEAT_MAP (widget);

  GTK_WIDGET_CLASS (orga_heat_map_parent_class)->css_changed (widget, change);

  clear_layouts (self);
  invalidate_geometry (self);
}

static void
orga_heat_map_finalize (GObject *object)
{
  OrgaHeatMap *self = (OrgaHeatMap *)object;

  clear_data (self);
  g_clear_pointer (&self->col_tooltips, g_strfreev);
  clear_layouts (self);

  G_OBJECT_CLASS (orga_heat_map_parent_class)->finalize (object);
}

static void
orga_heat_map_class_init (OrgaHeatMapClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  OrgaChartClass *chart_class = ORGA_CHART_CLASS (klass);

  object_class->finalize = orga_heat_map_finalize;

  widget_class->measure = orga_heat_map_measure;
  widget_class->css_changed = orga_heat_map_css_changed;

  chart_class->draw = orga_heat_map_draw;
  chart_class->get_n_items = orga_heat_map_get_n_items;
  chart_class->hit_test = orga_heat_map_hit_test;
  chart_class->describe_item = orga_heat_map_describe_item;
  chart_class->get_item_area = orga_heat_map_get_item_area;
  chart_class->move = orga_heat_map_move;
  chart_class->update_colors = orga_heat_map_update_colors;

  gtk_widget_class_set_css_name (widget_class, "heatmap");
}

static void
orga_heat_map_init (OrgaHeatMap *self)
{
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Results by class and competence"),
                                  -1);
  update_description (self);
}

GtkWidget *
orga_heat_map_new (void)
{
  return g_object_new (ORGA_TYPE_HEAT_MAP, NULL);
}
