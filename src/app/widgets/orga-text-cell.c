/* orga-text-cell.c
 *
 * The Élèves list draws some thirty rows of eight cells in its first
 * frame. GtkInscription asks its pango context for the font's metrics at
 * every measure, and pango shapes a sample paragraph each time to find the
 * average character width: 40 M instructions before the first frame with
 * 50,000 students. The metrics depend only on the font, its options and
 * the resolution, so the cell keeps them per font, once for all cells.
 *
 * Otherwise it measures and draws as GtkInscription does, so the list
 * looks the same: the width from a number of characters (never from the
 * text, so scrolling keeps the columns still), one line high, the text
 * ellipsized at its end, centred vertically unless ellipsized. Its CSS
 * name is GtkInscription's, "label", and so is its accessible role; its
 * text is its accessible label, which the end-to-end tests read.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <pango/pangocairo.h>

#include "orga-text-cell.h"

/* The metrics of one font, as GtkInscription uses them (pango units). */
typedef struct
{
  PangoFontDescription *font;
  PangoLanguage        *language;
  double                resolution;
  cairo_font_options_t *options;    /* NULL when the context has none */

  int                   char_width; /* the wider of a letter and a digit */
  int                   ascent;
  int                   descent;
} FontMetrics;

struct _OrgaTextCell
{
  GtkWidget          parent_instance;

  char              *text;
  guint              min_chars;
  guint              nat_chars;

  PangoLayout       *layout;          /* made when first drawn */
  const FontMetrics *metrics;         /* owned by the cache */
  guint              metrics_serial;  /* of the pango context they came from */
};

G_DEFINE_FINAL_TYPE (OrgaTextCell, orga_text_cell, GTK_TYPE_WIDGET)

/* Every font the cells have been drawn with; a handful at most (the font
 * changes only with the desktop's settings), kept for the process's life.
 * Main thread only, as widgets are. */
static GPtrArray *metrics_cache;

static gboolean
same_options (const cairo_font_options_t *a,
              const cairo_font_options_t *b)
{
  if (a == NULL || b == NULL)
    return a == b;
  return cairo_font_options_equal (a, b);
}

static const FontMetrics *
lookup_metrics (PangoContext *context)
{
  const PangoFontDescription *font = pango_context_get_font_description (context);
  PangoLanguage *language = pango_context_get_language (context);
  double resolution = pango_cairo_context_get_resolution (context);
  const cairo_font_options_t *options = pango_cairo_context_get_font_options (context);
  PangoFontMetrics *pango_metrics;
  FontMetrics *metrics;

  if (metrics_cache == NULL)
    metrics_cache = g_ptr_array_new ();

  for (guint i = 0; i < metrics_cache->len; i++)
    {
      metrics = g_ptr_array_index (metrics_cache, i);
      if (metrics->language == language &&
          metrics->resolution == resolution &&
          same_options (metrics->options, options) &&
          pango_font_description_equal (metrics->font, font))
        return metrics;
    }

  pango_metrics = pango_context_get_metrics (context, NULL, NULL);
  metrics = g_new0 (FontMetrics, 1);
  metrics->font = pango_font_description_copy (font);
  metrics->language = language;
  metrics->resolution = resolution;
  metrics->options = options != NULL ? cairo_font_options_copy (options) : NULL;
  metrics->char_width = MAX (pango_font_metrics_get_approximate_char_width (pango_metrics),
                             pango_font_metrics_get_approximate_digit_width (pango_metrics));
  metrics->ascent = pango_font_metrics_get_ascent (pango_metrics);
  metrics->descent = pango_font_metrics_get_descent (pango_metrics);
  pango_font_metrics_unref (pango_metrics);
  g_ptr_array_add (metrics_cache, metrics);

  return metrics;
}

/* GTK updates the widget's pango context when its font, resolution or
 * options change, and the context's serial with it. */
static const FontMetrics *
get_metrics (OrgaTextCell *self)
{
  PangoContext *context = gtk_widget_get_pango_context (GTK_WIDGET (self));
  guint serial = pango_context_get_serial (context);

  if (self->metrics == NULL || self->metrics_serial != serial)
    {
      self->metrics = lookup_metrics (context);
      self->metrics_serial = serial;
    }

  return self->metrics;
}

static void
orga_text_cell_measure (GtkWidget      *widget,
                        GtkOrientation  orientation,
                        int             for_size,
                        int            *minimum,
                        int            *natural,
                        int            *minimum_baseline,
                        int            *natural_baseline)
{
  OrgaTextCell *self = ORGA_TEXT_CELL (widget);
  const FontMetrics *metrics = get_metrics (self);

  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      *minimum = PANGO_PIXELS_CEIL ((int) self->min_chars * metrics->char_width);
      *natural = PANGO_PIXELS_CEIL ((int) MAX (self->min_chars, self->nat_chars) * metrics->char_width);
    }
  else
    {
      *minimum = *natural = PANGO_PIXELS_CEIL (metrics->ascent + metrics->descent);
      *minimum_baseline = *natural_baseline = PANGO_PIXELS_CEIL (metrics->ascent);
    }
}

/* Made when first drawn: a row built for a list that scrolls away before
 * it shows costs no layout. It takes the CSS's text attributes (the
 * tabular figures of .numeric) when made. */
static PangoLayout *
ensure_layout (OrgaTextCell *self)
{
  if (self->layout == NULL)
    {
      self->layout = gtk_widget_create_pango_layout (GTK_WIDGET (self), self->text);
      pango_layout_set_ellipsize (self->layout, PANGO_ELLIPSIZE_END);
      if (gtk_widget_get_direction (GTK_WIDGET (self)) == GTK_TEXT_DIR_RTL)
        pango_layout_set_alignment (self->layout, PANGO_ALIGN_RIGHT);
    }

  return self->layout;
}

static void
orga_text_cell_snapshot (GtkWidget   *widget,
                         GtkSnapshot *snapshot)
{
  OrgaTextCell *self = ORGA_TEXT_CELL (widget);
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);
  int baseline = gtk_widget_get_allocated_baseline (widget);
  PangoLayout *layout;
  PangoRectangle logical;
  float y;

  if (self->text == NULL || *self->text == '\0')
    return;

  layout = ensure_layout (self);
  pango_layout_set_width (layout, width * PANGO_SCALE);
  pango_layout_set_height (layout, height * PANGO_SCALE);

  /* Where GtkInscription puts its text. */
  if (baseline != -1)
    y = baseline - pango_layout_get_baseline (layout) / PANGO_SCALE;
  else if (pango_layout_is_ellipsized (layout))
    y = 0.f;
  else
    {
      pango_layout_get_pixel_extents (layout, NULL, &logical);
      y = MAX (0.f, floorf ((height - logical.height) * 0.5f));
    }

  gtk_snapshot_push_clip (snapshot, &GRAPHENE_RECT_INIT (0, 0, width, height));
  /* The colour from the widget's style: the selected row's, the dark
   * style's. */
  gtk_snapshot_render_layout (snapshot, gtk_widget_get_style_context (widget), 0, y, layout);
  gtk_snapshot_pop (snapshot);
}

/* A new font, or a new direction: the layout is made again when drawn. */
static void
orga_text_cell_system_setting_changed (GtkWidget        *widget,
                                       GtkSystemSetting  setting)
{
  OrgaTextCell *self = ORGA_TEXT_CELL (widget);

  GTK_WIDGET_CLASS (orga_text_cell_parent_class)->system_setting_changed (widget, setting);

  g_clear_object (&self->layout);
  gtk_widget_queue_resize (widget);
}

static void
orga_text_cell_direction_changed (GtkWidget        *widget,
                                  GtkTextDirection  previous_direction)
{
  OrgaTextCell *self = ORGA_TEXT_CELL (widget);

  GTK_WIDGET_CLASS (orga_text_cell_parent_class)->direction_changed (widget, previous_direction);

  g_clear_object (&self->layout);
  gtk_widget_queue_draw (widget);
}

static void
orga_text_cell_finalize (GObject *object)
{
  OrgaTextCell *self = ORGA_TEXT_CELL (object);

  g_clear_object (&self->layout);
  g_clear_pointer (&self->text, g_free);

  G_OBJECT_CLASS (orga_text_cell_parent_class)->finalize (object);
}

static void
orga_text_cell_class_init (OrgaTextCellClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->finalize = orga_text_cell_finalize;

  widget_class->measure = orga_text_cell_measure;
  widget_class->snapshot = orga_text_cell_snapshot;
  widget_class->system_setting_changed = orga_text_cell_system_setting_changed;
  widget_class->direction_changed = orga_text_cell_direction_changed;

  gtk_widget_class_set_css_name (widget_class, "label");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_LABEL);
}

static void
orga_text_cell_init (OrgaTextCell *self)
{
}

GtkWidget *
orga_text_cell_new (guint min_chars,
                    guint nat_chars)
{
  OrgaTextCell *self = g_object_new (ORGA_TYPE_TEXT_CELL, NULL);

  self->min_chars = min_chars;
  self->nat_chars = nat_chars;

  return GTK_WIDGET (self);
}

const char *
orga_text_cell_get_text (OrgaTextCell *self)
{
  g_return_val_if_fail (ORGA_IS_TEXT_CELL (self), NULL);
  return self->text;
}

/* The size stays: it does not depend on the text. */
void
orga_text_cell_set_text (OrgaTextCell *self,
                         const char   *text)
{
  g_return_if_fail (ORGA_IS_TEXT_CELL (self));

  if (g_strcmp0 (self->text, text) == 0)
    return;

  g_free (self->text);
  self->text = g_strdup (text);

  if (self->layout != NULL)
    pango_layout_set_text (self->layout, text != NULL ? text : "", -1);

  if (text != NULL)
    gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL, text, -1);
  else
    gtk_accessible_reset_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL);

  gtk_widget_queue_draw (GTK_WIDGET (self));
}
