/* orga-cert-pages.c: the attestation, the attendance sheet, the readiness list
 *
 * Every text of a page goes through a "slot": one PangoLayout per place
 * on the page, kept by a painter for the whole document. The fixed texts
 * (titles, the 16 competences, the footnote) are shaped once per PDF and
 * only drawn afterwards; a variable one is shaped again only when its
 * text differs from the previous page's. That, and one PangoContext per
 * document instead of one per page, is what makes a year group's
 * attestations fast (issue 12: ≥ 200 pages/s).
 *
 * The layout does not depend on the target: metrics are unhinted and
 * glyph positions unrounded, so the preview, the printer and the PDF
 * break lines at the same places.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "orga-render"

#include "config.h"

#include <cairo-pdf.h>
#include <gio/gio.h>
#include <math.h>
#include <pango/pangocairo.h>
#include <stdio.h>
#include <string.h>

#include "orga-cert-pages.h"
#include "orga-format.h"
#include "orga-framework.h"

#define W ORGA_CERT_PAGE_WIDTH
#define H ORGA_CERT_PAGE_HEIGHT

/* A generic family: DejaVu Sans or Cantarell on Debian, whatever the
 * Flatpak runtime maps it to; nothing bundled. */
#define FAMILY "Sans"

typedef enum
{
  STYLE_TITLE,
  STYLE_SUBTITLE,
  STYLE_NAME,
  STYLE_BODY,
  STYLE_BODY_BOLD,
  STYLE_LABEL,
  STYLE_SCORE,
  STYLE_HEADING,
  STYLE_AREA,
  STYLE_CODE,
  STYLE_COMPETENCE,
  STYLE_LEVEL,
  STYLE_NOTE,
  STYLE_CELL,
  STYLE_CELL_BOLD,
  STYLE_CELL_HEAD,
  N_STYLES
} Style;

static const struct
{
  double size;
  PangoWeight weight;
} styles[N_STYLES] = {
  [STYLE_TITLE]      = { 22.0, PANGO_WEIGHT_BOLD },
  [STYLE_SUBTITLE]   = { 11.0, PANGO_WEIGHT_NORMAL },
  [STYLE_NAME]       = { 20.0, PANGO_WEIGHT_BOLD },
  [STYLE_BODY]       = { 11.0, PANGO_WEIGHT_NORMAL },
  [STYLE_BODY_BOLD]  = { 11.0, PANGO_WEIGHT_BOLD },
  [STYLE_LABEL]      = { 8.5, PANGO_WEIGHT_NORMAL },
  [STYLE_SCORE]      = { 40.0, PANGO_WEIGHT_BOLD },
  [STYLE_HEADING]    = { 13.0, PANGO_WEIGHT_BOLD },
  [STYLE_AREA]       = { 10.5, PANGO_WEIGHT_BOLD },
  [STYLE_CODE]       = { 9.0, PANGO_WEIGHT_NORMAL },
  [STYLE_COMPETENCE] = { 9.5, PANGO_WEIGHT_NORMAL },
  [STYLE_LEVEL]      = { 8.5, PANGO_WEIGHT_BOLD },
  [STYLE_NOTE]       = { 7.5, PANGO_WEIGHT_NORMAL },
  [STYLE_CELL]       = { 9.0, PANGO_WEIGHT_NORMAL },
  [STYLE_CELL_BOLD]  = { 9.0, PANGO_WEIGHT_BOLD },
  [STYLE_CELL_HEAD]  = { 8.5, PANGO_WEIGHT_BOLD },
};

/* The places of the pages, each its own layout. */
enum
{
  /* attestation */
  SLOT_TITLE,
  SLOT_SUBTITLE,
  SLOT_NAME,
  SLOT_BIRTH,
  SLOT_CENTER,
  SLOT_DATE,
  SLOT_SCORE_LABEL,
  SLOT_SCORE,
  SLOT_SCORE_MAX,
  SLOT_MESH_LABEL,
  SLOT_MESH,
  SLOT_HEADING,
  SLOT_HEADING_SCALE,
  SLOT_AREA,
  SLOT_COMPETENCE_CODE = SLOT_AREA + ORGA_FRAMEWORK_N_AREAS,
  SLOT_COMPETENCE = SLOT_COMPETENCE_CODE + ORGA_CERT_N_COMPETENCES,
  SLOT_LEVEL = SLOT_COMPETENCE + ORGA_CERT_N_COMPETENCES,
  SLOT_VERIFICATION = SLOT_LEVEL + ORGA_CERT_N_COMPETENCES,
  SLOT_FOOTNOTE,
  /* attendance sheet */
  SLOT_SHEET_TITLE,
  SLOT_SHEET_SESSION,
  SLOT_SHEET_LABEL,
  SLOT_SHEET_VALUE = SLOT_SHEET_LABEL + 7,
  SLOT_SHEET_LIST = SLOT_SHEET_VALUE + 7,
  SLOT_SHEET_HEAD,
  SLOT_SHEET_CELL = SLOT_SHEET_HEAD + 6,
  SLOT_SHEET_FOOTER_LEFT = SLOT_SHEET_CELL + 5 * 20,
  SLOT_SHEET_FOOTER_RIGHT,
  /* readiness list */
  SLOT_READY_TITLE,
  SLOT_READY_SUBTITLE,
  SLOT_READY_COUNTS,
  SLOT_READY_HEAD,
  SLOT_READY_CELL = SLOT_READY_HEAD + 6,
  SLOT_READY_FOOTER_LEFT = SLOT_READY_CELL + 6 * 30,
  SLOT_READY_FOOTER_RIGHT,
  N_SLOTS
};

#define SHEET_ROWS_PER_PAGE 20
#define READY_ROWS_PER_PAGE 30

typedef struct
{
  PangoContext *context;
  PangoFontDescription *fonts[N_STYLES];
  PangoLayout *slots[N_SLOTS];
  GTimeZone *paris;
  /* what the context was last updated for (painter_begin) */
  cairo_surface_t *target;   /* unowned: only compared */
  cairo_matrix_t matrix;
  gboolean has_matrix;
} Painter;

static Painter *
painter_new (void)
{
  Painter *self = g_new0 (Painter, 1);
  cairo_font_options_t *options;

  /* The thread's default font map: created once, shared by every
   * painter, so that its font cache lasts beyond one document. */
  self->context = pango_font_map_create_context (pango_cairo_font_map_get_default ());
  pango_cairo_context_set_resolution (self->context, 72.0);
  pango_context_set_round_glyph_positions (self->context, FALSE);
  options = cairo_font_options_create ();
  cairo_font_options_set_hint_metrics (options, CAIRO_HINT_METRICS_OFF);
  cairo_font_options_set_hint_style (options, CAIRO_HINT_STYLE_NONE);
  pango_cairo_context_set_font_options (self->context, options);
  cairo_font_options_destroy (options);
  pango_context_set_language (self->context, pango_language_from_string ("fr"));

  for (guint i = 0; i < N_STYLES; i++)
    {
      self->fonts[i] = pango_font_description_new ();
      pango_font_description_set_family_static (self->fonts[i], FAMILY);
      pango_font_description_set_size (self->fonts[i], (int) (styles[i].size * PANGO_SCALE));
      pango_font_description_set_weight (self->fonts[i], styles[i].weight);
    }

  self->paris = g_time_zone_new_identifier ("Europe/Paris");
  if (self->paris == NULL)
    self->paris = g_time_zone_new_utc ();

  return self;
}

static void
painter_free (Painter *self)
{
  for (guint i = 0; i < N_SLOTS; i++)
    g_clear_object (&self->slots[i]);
  for (guint i = 0; i < N_STYLES; i++)
    pango_font_description_free (self->fonts[i]);
  g_clear_object (&self->context);
  g_time_zone_unref (self->paris);
  g_free (self);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Painter, painter_free)

/* Follows @cr's matrix and target (a preview's scale, a printer). Only
 * when they changed: pango_cairo_update_context () marks the context
 * changed on every call (Pango 1.50 sets the matrix anew), and every
 * layout would then be shaped again on every page. */
static void
painter_begin (Painter *self,
               cairo_t *cr)
{
  cairo_matrix_t matrix;

  cairo_get_matrix (cr, &matrix);
  if (self->target == cairo_get_target (cr) && self->has_matrix
      && memcmp (&matrix, &self->matrix, sizeof matrix) == 0)
    return;

  pango_cairo_update_context (cr, self->context);
  self->target = cairo_get_target (cr);
  self->matrix = matrix;
  self->has_matrix = TRUE;
}

/* The layout of @slot holding @text, @width wide (0: unlimited) and
 * aligned so; shaped again only when the text changed. */
static PangoLayout *
slot (Painter        *self,
      guint           id,
      Style           style,
      const char     *text,
      double          width,
      PangoAlignment  alignment)
{
  PangoLayout *layout = self->slots[id];

  g_assert (id < N_SLOTS);

  if (text == NULL)
    text = "";

  if (layout == NULL)
    {
      layout = self->slots[id] = pango_layout_new (self->context);
      pango_layout_set_font_description (layout, self->fonts[style]);
      pango_layout_set_wrap (layout, PANGO_WRAP_WORD_CHAR);
      pango_layout_set_text (layout, text, -1);
    }
  else if (strcmp (pango_layout_get_text (layout), text) != 0)
    {
      pango_layout_set_text (layout, text, -1);
    }

  /* Both setters return early when nothing changes. */
  pango_layout_set_width (layout, width > 0 ? pango_units_from_double (width) : -1);
  pango_layout_set_alignment (layout, alignment);
  return layout;
}

/* At most @lines lines, cut with "…" past them (a table cell). */
static PangoLayout *
slot_lines (Painter    *self,
            guint       id,
            Style       style,
            const char *text,
            double      width,
            int         lines)
{
  PangoLayout *layout = slot (self, id, style, text, width, PANGO_ALIGN_LEFT);

  pango_layout_set_height (layout, -lines);
  pango_layout_set_ellipsize (layout, PANGO_ELLIPSIZE_END);
  return layout;
}

static double
layout_height (PangoLayout *layout)
{
  int height;

  pango_layout_get_size (layout, NULL, &height);
  return pango_units_to_double (height);
}

static void
show (cairo_t     *cr,
      PangoLayout *layout,
      double       x,
      double       y)
{
  cairo_move_to (cr, x, y);
  pango_cairo_show_layout (cr, layout);
}

static void
set_color (cairo_t *cr,
           guint32  rgb)
{
  cairo_set_source_rgb (cr,
                        ((rgb >> 16) & 0xff) / 255.0,
                        ((rgb >> 8) & 0xff) / 255.0,
                        (rgb & 0xff) / 255.0);
}

static void
rounded_rectangle (cairo_t *cr,
                   double   x,
                   double   y,
                   double   width,
                   double   height,
                   double   radius)
{
  cairo_new_sub_path (cr);
  cairo_arc (cr, x + width - radius, y + radius, radius, -G_PI / 2, 0);
  cairo_arc (cr, x + width - radius, y + height - radius, radius, 0, G_PI / 2);
  cairo_arc (cr, x + radius, y + height - radius, radius, G_PI / 2, G_PI);
  cairo_arc (cr, x + radius, y + radius, radius, G_PI, 3 * G_PI / 2);
  cairo_close_path (cr);
}

/* The A4 page scaled to fit @width × @height, centred, on white. */
static void
begin_page (cairo_t *cr,
            double   width,
            double   height)
{
  double scale = MIN (width / W, height / H);

  if (!(scale > 0) || !isfinite (scale))
    scale = 1.0;
  cairo_translate (cr, (width - W * scale) / 2, (height - H * scale) / 2);
  cairo_scale (cr, scale, scale);
  cairo_rectangle (cr, 0, 0, W, H);
  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_fill (cr);
}

/* ---- dates ---- */

/* A GDateTime of @iso's day, "1977-04-14" or a timestamp (read in
 * Paris, where the school is), or NULL. */
static GDateTime *
parse_day (const char *iso,
           GTimeZone  *tz)
{
  g_autoptr(GTimeZone) zulu = NULL;
  g_autoptr(GDateTime) utc = NULL;
  char day[ORGA_FORMAT_DAY_SIZE];

  if (iso == NULL)
    return NULL;

  /* A calendar day: orga_format_day_to_buffer checks its form. */
  if (strlen (iso) == 10)
    {
      int d, m, y;

      if (!orga_format_day_to_buffer (iso, day)
          || sscanf (day, "%2d/%2d/%4d", &d, &m, &y) != 3
          || !g_date_valid_dmy (d, m, y))
        return NULL;
      return g_date_time_new_utc (y, m, d, 12, 0, 0);
    }

  zulu = g_time_zone_new_utc ();
  utc = g_date_time_new_from_iso8601 (iso, zulu);
  if (utc == NULL)
    return NULL;
  return g_date_time_to_timezone (utc, tz);
}

/* "14 avril 1977", or NULL. */
static char *
long_date (const char *iso,
           GTimeZone  *tz)
{
  g_autoptr(GDateTime) day = parse_day (iso, tz);

  if (day == NULL)
    return NULL;
  return orga_format_day_month (day, TRUE, TRUE);
}

/* ---- the attestation ---- */

#define INK        0x1c2541
#define ACCENT     0x2b4c9b
#define MUTED      0x5f6675
#define GREYED     0xa3a8b3
#define GREY_FILL  0xe6e8ed
#define PALE       0xeef2fb

#define MARGIN 56.0

/* The V3 global level (spec §5): its French name for index 1 … 8. Pix's
 * own labels group the levels as débutant, indépendant, avancé, expert
 * followed by the index; index 0 has none (nothing is printed). */
static const char *const mesh_labels[9] = {
  NULL, "Débutant 1", "Débutant 2", "Indépendant 3", "Indépendant 4",
  "Avancé 5", "Avancé 6", "Expert 7", "Expert 8",
};

static void
draw_level_badge (cairo_t     *cr,
                  Painter     *painter,
                  guint        competence,
                  int          level,
                  double       cx,
                  double       cy)
{
  char number[16];
  PangoLayout *layout;

  cairo_new_path (cr);
  cairo_arc (cr, cx, cy, 7.5, 0, 2 * G_PI);
  if (level <= 0)
    {
      /* Not certified or level 0: a greyed place, never a number. */
      set_color (cr, GREY_FILL);
      cairo_fill (cr);
      return;
    }

  set_color (cr, ACCENT);
  cairo_fill (cr);
  g_snprintf (number, sizeof number, "%d", level);
  layout = slot (painter, SLOT_LEVEL + competence, STYLE_LEVEL, number, 24, PANGO_ALIGN_CENTER);
  cairo_set_source_rgb (cr, 1, 1, 1);
  show (cr, layout, cx - 12, cy - layout_height (layout) / 2);
}

static void
draw_attestation (cairo_t              *cr,
                  Painter              *painter,
                  const OrgaCertResult *result)
{
  const double content = W - 2 * MARGIN;
  const double box_width = 168;
  const double box_x = W - MARGIN - box_width;
  const double text_width = content - box_width - 24;
  g_autofree char *name = NULL;
  g_autofree char *birth = NULL;
  g_autofree char *birth_day = NULL;
  g_autofree char *center = NULL;
  g_autofree char *delivered = NULL;
  g_autofree char *date = NULL;
  g_autofree char *code = NULL;
  char number[32];
  PangoLayout *layout;
  guint mesh;
  double y, box_y, box_height;

  painter_begin (painter, cr);

  /* A frame and a band: ours, no Pix logo. */
  set_color (cr, ACCENT);
  cairo_rectangle (cr, 0, 0, W, 10);
  cairo_fill (cr);
  set_color (cr, 0xc9d3ea);
  cairo_set_line_width (cr, 1.0);
  rounded_rectangle (cr, 24.5, 28.5, W - 49, H - 53, 6);
  cairo_stroke (cr);

  set_color (cr, INK);
  layout = slot (painter, SLOT_TITLE, STYLE_TITLE, "Attestation de certification Pix",
                 content, PANGO_ALIGN_CENTER);
  show (cr, layout, MARGIN, 54);
  set_color (cr, MUTED);
  layout = slot (painter, SLOT_SUBTITLE, STYLE_SUBTITLE,
                 "Certification des compétences numériques",
                 content, PANGO_ALIGN_CENTER);
  show (cr, layout, MARGIN, 86);

  set_color (cr, 0xc9d3ea);
  cairo_move_to (cr, MARGIN, 118.5);
  cairo_line_to (cr, W - MARGIN, 118.5);
  cairo_stroke (cr);

  /* Who, born when and where, certified where and when. */
  y = 140;
  name = g_strdup_printf ("%s %s",
                          result->first_name != NULL ? result->first_name : "",
                          result->last_name != NULL ? result->last_name : "");
  set_color (cr, INK);
  /* Lines capped, so that whatever the names the page holds all. */
  layout = slot_lines (painter, SLOT_NAME, STYLE_NAME, g_strstrip (name), text_width, 3);
  show (cr, layout, MARGIN, y);
  y += layout_height (layout) + 8;

  birth_day = long_date (result->birthdate, painter->paris);
  if (birth_day != NULL && result->birthplace != NULL && result->birthplace[0] != '\0')
    birth = g_strdup_printf ("Né(e) le %s à %s", birth_day, result->birthplace);
  else if (birth_day != NULL)
    birth = g_strdup_printf ("Né(e) le %s", birth_day);
  if (birth != NULL)
    {
      layout = slot_lines (painter, SLOT_BIRTH, STYLE_BODY, birth, text_width, 2);
      show (cr, layout, MARGIN, y);
      y += layout_height (layout) + 14;
    }

  if (result->certification_center != NULL && result->certification_center[0] != '\0')
    {
      center = g_strdup_printf ("Centre de certification : %s", result->certification_center);
      layout = slot_lines (painter, SLOT_CENTER, STYLE_BODY, center, text_width, 2);
      show (cr, layout, MARGIN, y);
      y += layout_height (layout) + 4;
    }

  delivered = long_date (result->published_at, painter->paris);
  if (delivered != NULL)
    {
      date = g_strdup_printf ("Date de délivrance : %s", delivered);
      layout = slot (painter, SLOT_DATE, STYLE_BODY, date, text_width, PANGO_ALIGN_LEFT);
      show (cr, layout, MARGIN, y);
      y += layout_height (layout) + 4;
    }

  /* The score, big, out of the maximum then reachable. */
  mesh = orga_cert_mesh_index (result->pix_score);
  if (mesh >= G_N_ELEMENTS (mesh_labels))
    mesh = 0;
  box_y = 136;
  box_height = mesh > 0 ? 144 : 100;
  set_color (cr, PALE);
  rounded_rectangle (cr, box_x, box_y, box_width, box_height, 8);
  cairo_fill (cr);

  set_color (cr, MUTED);
  layout = slot (painter, SLOT_SCORE_LABEL, STYLE_LABEL, "NOMBRE DE PIX", box_width, PANGO_ALIGN_CENTER);
  show (cr, layout, box_x, box_y + 10);
  set_color (cr, ACCENT);
  g_snprintf (number, sizeof number, "%d", result->pix_score);
  layout = slot (painter, SLOT_SCORE, STYLE_SCORE, number, box_width, PANGO_ALIGN_CENTER);
  show (cr, layout, box_x, box_y + 22);
  set_color (cr, MUTED);
  g_snprintf (number, sizeof number, "/ %d*", ORGA_CERT_MAX_REACHABLE_SCORE);
  layout = slot (painter, SLOT_SCORE_MAX, STYLE_BODY, number, box_width, PANGO_ALIGN_CENTER);
  show (cr, layout, box_x, box_y + 74);
  if (mesh > 0)
    {
      set_color (cr, 0xc9d3ea);
      cairo_move_to (cr, box_x + 24, box_y + 98.5);
      cairo_line_to (cr, box_x + box_width - 24, box_y + 98.5);
      cairo_stroke (cr);
      set_color (cr, MUTED);
      layout = slot (painter, SLOT_MESH_LABEL, STYLE_LABEL, "NIVEAU GLOBAL", box_width, PANGO_ALIGN_CENTER);
      show (cr, layout, box_x, box_y + 106);
      set_color (cr, INK);
      layout = slot (painter, SLOT_MESH, STYLE_BODY_BOLD, mesh_labels[mesh], box_width, PANGO_ALIGN_CENTER);
      show (cr, layout, box_x, box_y + 119);
    }

  /* The 16 competences, by area. */
  y = MAX (y, box_y + box_height) + 20;
  set_color (cr, INK);
  layout = slot (painter, SLOT_HEADING, STYLE_HEADING, "Niveaux par compétence", content, PANGO_ALIGN_LEFT);
  show (cr, layout, MARGIN, y);
  set_color (cr, MUTED);
  g_snprintf (number, sizeof number, "(niveaux sur %d)", ORGA_CERT_MAX_REACHABLE_LEVEL);
  layout = slot (painter, SLOT_HEADING_SCALE, STYLE_CODE, number, content, PANGO_ALIGN_RIGHT);
  show (cr, layout, MARGIN, y + 3);
  y += 26;

  for (guint area = 0; area < ORGA_FRAMEWORK_N_AREAS; area++)
    {
      const OrgaArea *info = orga_framework_get_area (area);
      g_autofree char *title = g_strdup_printf ("%s. %s", orga_cert_area_code (area), orga_cert_area_name (area));
      PangoColor color;

      if (pango_color_parse (&color, info->color))
        cairo_set_source_rgb (cr, color.red / 65535.0, color.green / 65535.0, color.blue / 65535.0);
      else
        set_color (cr, ACCENT);
      cairo_rectangle (cr, MARGIN, y + 1, 4, 14);
      cairo_fill (cr);
      set_color (cr, INK);
      layout = slot (painter, SLOT_AREA + area, STYLE_AREA, title, content - 12, PANGO_ALIGN_LEFT);
      show (cr, layout, MARGIN + 10, y);
      y += 20;

      for (guint c = 0; c < ORGA_CERT_N_COMPETENCES; c++)
        {
          int level = result->levels[c];

          if (orga_cert_competence_area (c) != area)
            continue;

          set_color (cr, level > 0 ? MUTED : GREYED);
          layout = slot (painter, SLOT_COMPETENCE_CODE + c, STYLE_CODE, orga_cert_competence_code (c), 0, PANGO_ALIGN_LEFT);
          show (cr, layout, MARGIN + 10, y + 0.5);
          set_color (cr, level > 0 ? INK : GREYED);
          layout = slot_lines (painter, SLOT_COMPETENCE + c, STYLE_COMPETENCE, orga_cert_competence_name (c), content - 76, 1);
          show (cr, layout, MARGIN + 38, y);
          /* The badge on the name's middle line. */
          draw_level_badge (cr, painter, c, level, W - MARGIN - 10, y + layout_height (layout) / 2);
          y += 17;
        }
      y += 4;
    }

  /* The verification code, then the footnote of the "*". */
  y += 6;
  code = g_strdup_printf ("Code de vérification : %s",
                          result->verification_code != NULL ? result->verification_code : "");
  set_color (cr, PALE);
  rounded_rectangle (cr, MARGIN, y, content, 30, 6);
  cairo_fill (cr);
  set_color (cr, INK);
  layout = slot (painter, SLOT_VERIFICATION, STYLE_BODY_BOLD, code, content, PANGO_ALIGN_CENTER);
  show (cr, layout, MARGIN, y + 15 - layout_height (layout) / 2);

  set_color (cr, MUTED);
  layout = painter->slots[SLOT_FOOTNOTE];
  if (layout == NULL)
    {
      g_autoptr(GString) note = g_string_new (NULL);

      g_string_append_printf (note,
                              "* À la date d'obtention de cette certification, le nombre maximum "
                              "de pix atteignable était de %d, correspondant au niveau %d.",
                              ORGA_CERT_MAX_REACHABLE_SCORE, ORGA_CERT_MAX_REACHABLE_LEVEL);
      if (ORGA_CERT_MAX_REACHABLE_LEVEL < 8)
        g_string_append (note, " Lorsque les 8 niveaux du référentiel Pix seront disponibles, "
                               "ce nombre maximum sera de 1024 pix.");
      layout = slot (painter, SLOT_FOOTNOTE, STYLE_NOTE, note->str, content, PANGO_ALIGN_LEFT);
    }
  /* At the foot of the page, below the code whatever comes above. */
  show (cr, layout, MARGIN, MAX (y + 30 + 10, H - 40 - layout_height (layout)));
}

void
orga_cert_draw_attestation (cairo_t              *cr,
                            const OrgaCertResult *result,
                            double                width,
                            double                height)
{
  g_autoptr(Painter) painter = NULL;

  g_return_if_fail (cr != NULL);
  g_return_if_fail (result != NULL);

  painter = painter_new ();
  cairo_save (cr);
  begin_page (cr, width, height);
  draw_attestation (cr, painter, result);
  cairo_restore (cr);
}

/* ---- PDF files ---- */

static cairo_status_t
append_bytes (void                *closure,
              const unsigned char *data,
              unsigned int         length)
{
  g_byte_array_append (closure, data, length);
  return CAIRO_STATUS_SUCCESS;
}

/* A PDF surface writing into @buffer: the file is written whole at the
 * end, so that a failure leaves whatever was at @path as it was. */
static cairo_surface_t *
pdf_surface_new (GByteArray *buffer,
                 const char *title)
{
  cairo_surface_t *surface = cairo_pdf_surface_create_for_stream (append_bytes, buffer, W, H);

  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_TITLE, title);
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_CREATOR, "PixOrga " PACKAGE_VERSION);
  return surface;
}

static gboolean
pdf_surface_finish (cairo_surface_t *surface,
                    GByteArray      *buffer,
                    const char      *path,
                    GError         **error)
{
  cairo_status_t status;

  cairo_surface_finish (surface);
  status = cairo_surface_status (surface);
  cairo_surface_destroy (surface);
  if (status != CAIRO_STATUS_SUCCESS)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                   "Impossible d'écrire le PDF : %s", cairo_status_to_string (status));
      return FALSE;
    }
  return g_file_set_contents (path, (const char *) buffer->data, buffer->len, error);
}

gboolean
orga_cert_write_attestations_pdf (const char           *path,
                                  const OrgaCertResult *results,
                                  guint                 n_results,
                                  GError              **error)
{
  g_autoptr(Painter) painter = NULL;
  g_autoptr(GByteArray) buffer = NULL;
  cairo_surface_t *surface;
  cairo_t *cr;

  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (results != NULL || n_results == 0, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (n_results == 0)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                           "Aucune attestation à écrire.");
      return FALSE;
    }

  painter = painter_new ();
  buffer = g_byte_array_sized_new (64 * 1024);
  surface = pdf_surface_new (buffer, n_results == 1 ? "Attestation de certification Pix"
                                                    : "Attestations de certification Pix");
  cr = cairo_create (surface);
  for (guint i = 0; i < n_results; i++)
    {
      cairo_save (cr);
      begin_page (cr, W, H);
      draw_attestation (cr, painter, &results[i]);
      cairo_restore (cr);
      cairo_show_page (cr);
    }
  cairo_destroy (cr);
  return pdf_surface_finish (surface, buffer, path, error);
}

/* ---- the attendance sheet ---- */

#define SHEET_MARGIN 40.0
#define SHEET_TABLE_Y 250.0
#define SHEET_HEAD_HEIGHT 28.0
#define SHEET_ROW_HEIGHT 26.0

static const struct
{
  const char *title;
  double width;
} sheet_columns[6] = {
  { "Nom de naissance", 108 },
  { "Prénom", 90 },
  { "Date de naissance", 66 },
  { "Identifiant local", 86 },
  { "Classe", 44 },
  { "Signature", W - 2 * SHEET_MARGIN - 394 },
};

guint
orga_cert_attendance_n_pages (guint n_rows)
{
  /* An empty list still prints its page: the header and an empty table. */
  return MAX (1, (n_rows + SHEET_ROWS_PER_PAGE - 1) / SHEET_ROWS_PER_PAGE);
}

static const char *
or_empty (const char *text)
{
  return text != NULL ? text : "";
}

/* The footer of a page of a list: what it is on the left, "Page n / N"
 * on the right, in the margin's grey. */
static void
draw_list_footer (cairo_t    *cr,
                  Painter    *painter,
                  guint       left_slot,
                  guint       right_slot,
                  const char *what,
                  guint       page,
                  guint       n_pages,
                  double      margin,
                  double      content)
{
  g_autofree char *right = g_strdup_printf ("Page %u / %u", page + 1, n_pages);

  set_color (cr, MUTED);
  show (cr, slot (painter, left_slot, STYLE_LABEL, what, content, PANGO_ALIGN_LEFT), margin, H - 36);
  show (cr, slot (painter, right_slot, STYLE_LABEL, right, content, PANGO_ALIGN_RIGHT), margin, H - 36);
}

static void
draw_attendance (cairo_t                   *cr,
                 Painter                   *painter,
                 const OrgaCertSheetHeader *header,
                 const OrgaCertSheetRow    *rows,
                 guint                      n_rows,
                 guint                      page)
{
  const double content = W - 2 * SHEET_MARGIN;
  const double half = content / 2;
  guint n_pages = orga_cert_attendance_n_pages (n_rows);
  guint first = page * SHEET_ROWS_PER_PAGE;
  guint last = MIN (n_rows, first + SHEET_ROWS_PER_PAGE);
  g_autofree char *number = NULL;
  g_autofree char *date = NULL;
  g_autofree char *footer = NULL;
  const char *labels[7];
  const char *values[7];
  PangoLayout *layout;
  double x, y;

  painter_begin (painter, cr);

  number = header->number > 0 ? g_strdup_printf ("%" G_GINT64_FORMAT, header->number)
                              : g_strdup ("en attente");
  date = orga_format_day (header->date);

  set_color (cr, INK);
  layout = slot (painter, SLOT_SHEET_TITLE, STYLE_TITLE, "Feuille d'émargement", content, PANGO_ALIGN_LEFT);
  show (cr, layout, SHEET_MARGIN, 36);
  set_color (cr, ACCENT);
  layout = slot (painter, SLOT_SHEET_SESSION, STYLE_HEADING, "La session de certification", content, PANGO_ALIGN_LEFT);
  show (cr, layout, SHEET_MARGIN, 78);

  /* Two columns of label over value; "Surveillé par" spans both. */
  labels[0] = "N° de session";           values[0] = number;
  labels[1] = "Centre de certification"; values[1] = or_empty (header->certification_center);
  labels[2] = "Nom du site";             values[2] = or_empty (header->address);
  labels[3] = "Nom de la salle";         values[3] = or_empty (header->room);
  labels[4] = "Date";                    values[4] = date != NULL ? date : or_empty (header->date);
  labels[5] = "Heure locale (début)";    values[5] = or_empty (header->time);
  labels[6] = "Surveillé par";           values[6] = or_empty (header->examiner);
  y = 102;
  for (guint i = 0; i < 7; i++)
    {
      double cell_x = SHEET_MARGIN + (i % 2 == 1 ? half : 0);
      double cell_width = i == 6 ? content : half - 12;

      set_color (cr, MUTED);
      layout = slot (painter, SLOT_SHEET_LABEL + i, STYLE_LABEL, labels[i], cell_width, PANGO_ALIGN_LEFT);
      show (cr, layout, cell_x, y);
      set_color (cr, INK);
      layout = slot_lines (painter, SLOT_SHEET_VALUE + i, STYLE_BODY_BOLD, values[i], cell_width, 1);
      show (cr, layout, cell_x, y + 11);
      if (i % 2 == 1 || i == 6)
        y += 30;
    }

  set_color (cr, INK);
  layout = slot (painter, SLOT_SHEET_LIST, STYLE_HEADING, "Liste des candidats", content, PANGO_ALIGN_LEFT);
  show (cr, layout, SHEET_MARGIN, SHEET_TABLE_Y - 24);

  /* The table: its head, the rows of this page, the grid. */
  set_color (cr, GREY_FILL);
  cairo_rectangle (cr, SHEET_MARGIN, SHEET_TABLE_Y, content, SHEET_HEAD_HEIGHT);
  cairo_fill (cr);
  x = SHEET_MARGIN;
  set_color (cr, INK);
  for (guint c = 0; c < G_N_ELEMENTS (sheet_columns); c++)
    {
      layout = slot (painter, SLOT_SHEET_HEAD + c, STYLE_CELL_HEAD, sheet_columns[c].title,
                     sheet_columns[c].width - 8, PANGO_ALIGN_LEFT);
      show (cr, layout, x + 4, SHEET_TABLE_Y + (SHEET_HEAD_HEIGHT - layout_height (layout)) / 2);
      x += sheet_columns[c].width;
    }

  y = SHEET_TABLE_Y + SHEET_HEAD_HEIGHT;
  for (guint r = first; r < last; r++)
    {
      const OrgaCertSheetRow *row = &rows[r];
      char birth[ORGA_FORMAT_DAY_SIZE];
      const char *cells[5];

      cells[0] = or_empty (row->last_name);
      cells[1] = or_empty (row->first_name);
      cells[2] = orga_format_day_to_buffer (row->birthdate, birth) ? birth : or_empty (row->birthdate);
      cells[3] = or_empty (row->external_id);
      cells[4] = or_empty (row->division);
      x = SHEET_MARGIN;
      for (guint c = 0; c < G_N_ELEMENTS (cells); c++)
        {
          /* Names in full on two lines if need be: the invigilator
           * checks them against an identity card. */
          layout = slot_lines (painter, SLOT_SHEET_CELL + (r - first) * 5 + c,
                               c == 0 ? STYLE_CELL_BOLD : STYLE_CELL, cells[c],
                               sheet_columns[c].width - 8, 2);
          show (cr, layout, x + 4, y + (SHEET_ROW_HEIGHT - layout_height (layout)) / 2);
          x += sheet_columns[c].width;
        }
      y += SHEET_ROW_HEIGHT;
    }

  set_color (cr, 0x9aa1b0);
  cairo_set_line_width (cr, 0.6);
  for (double line_y = SHEET_TABLE_Y; line_y <= y + 0.1; line_y += line_y == SHEET_TABLE_Y ? SHEET_HEAD_HEIGHT : SHEET_ROW_HEIGHT)
    {
      cairo_move_to (cr, SHEET_MARGIN, line_y);
      cairo_line_to (cr, SHEET_MARGIN + content, line_y);
    }
  x = SHEET_MARGIN;
  for (guint c = 0; c <= G_N_ELEMENTS (sheet_columns); c++)
    {
      cairo_move_to (cr, x, SHEET_TABLE_Y);
      cairo_line_to (cr, x, y);
      if (c < G_N_ELEMENTS (sheet_columns))
        x += sheet_columns[c].width;
    }
  cairo_stroke (cr);

  footer = g_strdup_printf ("Feuille d'émargement — session %s", number);
  draw_list_footer (cr, painter, SLOT_SHEET_FOOTER_LEFT, SLOT_SHEET_FOOTER_RIGHT, footer, page, n_pages,
                    SHEET_MARGIN, content);
}

void
orga_cert_draw_attendance_page (cairo_t                   *cr,
                                const OrgaCertSheetHeader *header,
                                const OrgaCertSheetRow    *rows,
                                guint                      n_rows,
                                guint                      page,
                                double                     width,
                                double                     height)
{
  g_autoptr(Painter) painter = NULL;

  g_return_if_fail (cr != NULL);
  g_return_if_fail (header != NULL);
  g_return_if_fail (rows != NULL || n_rows == 0);
  g_return_if_fail (page < orga_cert_attendance_n_pages (n_rows));

  painter = painter_new ();
  cairo_save (cr);
  begin_page (cr, width, height);
  draw_attendance (cr, painter, header, rows, n_rows, page);
  cairo_restore (cr);
}

gboolean
orga_cert_write_attendance_pdf (const char                *path,
                                const OrgaCertSheetHeader *header,
                                const OrgaCertSheetRow    *rows,
                                guint                      n_rows,
                                GError                   **error)
{
  g_autoptr(Painter) painter = NULL;
  g_autoptr(GByteArray) buffer = NULL;
  g_autofree char *title = NULL;
  cairo_surface_t *surface;
  cairo_t *cr;
  guint n_pages;

  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (header != NULL, FALSE);
  g_return_val_if_fail (rows != NULL || n_rows == 0, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  painter = painter_new ();
  buffer = g_byte_array_sized_new (64 * 1024);
  if (header->number > 0)
    title = g_strdup_printf ("Feuille d'émargement — session %" G_GINT64_FORMAT, header->number);
  else
    title = g_strdup ("Feuille d'émargement");
  surface = pdf_surface_new (buffer, title);
  cr = cairo_create (surface);
  n_pages = orga_cert_attendance_n_pages (n_rows);
  for (guint page = 0; page < n_pages; page++)
    {
      cairo_save (cr);
      begin_page (cr, W, H);
      draw_attendance (cr, painter, header, rows, n_rows, page);
      cairo_restore (cr);
      cairo_show_page (cr);
    }
  cairo_destroy (cr);
  return pdf_surface_finish (surface, buffer, path, error);
}

/* ---- the readiness list ---- */

#define READY_MARGIN 40.0
#define READY_TABLE_Y 132.0
#define READY_HEAD_HEIGHT 24.0
#define READY_ROW_HEIGHT 21.0

static const struct
{
  const char *title;
  double width;
} ready_columns[6] = {
  { "Nom", 140 },
  { "Prénom", 110 },
  { "Classe", 60 },
  { "Statut", 80 },
  { "Compétences niveau 1+", 75 },
  { "Inscrit", W - 2 * READY_MARGIN - 465 },
};

guint
orga_cert_readiness_n_pages (guint n_rows)
{
  /* An empty class still prints its page: the header says so. */
  return MAX (1, (n_rows + READY_ROWS_PER_PAGE - 1) / READY_ROWS_PER_PAGE);
}

/* "Certifiable", "Pas encore", "Inconnu": the words of the app's tags. */
static const char *
readiness_status (int certifiable)
{
  if (certifiable > 0)
    return "Certifiable";
  if (certifiable == 0)
    return "Pas encore";
  return "Inconnu";
}

static void
draw_readiness (cairo_t                       *cr,
                Painter                       *painter,
                const OrgaCertReadinessHeader *header,
                const OrgaCertReadinessSheetRow *rows,
                guint                          n_rows,
                guint                          page)
{
  const double content = W - 2 * READY_MARGIN;
  guint n_pages = orga_cert_readiness_n_pages (n_rows);
  guint first = page * READY_ROWS_PER_PAGE;
  guint last = MIN (n_rows, first + READY_ROWS_PER_PAGE);
  guint n_yes = 0, n_no = 0, n_unknown = 0;
  g_autofree char *next = NULL;
  g_autofree char *subtitle = NULL;
  g_autofree char *counts = NULL;
  g_autofree char *footer = NULL;
  const char *division = header->division != NULL ? header->division : "Toutes les classes";
  PangoLayout *layout;
  double x, y;

  painter_begin (painter, cr);

  for (guint i = 0; i < n_rows; i++)
    {
      if (rows[i].certifiable > 0)
        n_yes++;
      else if (rows[i].certifiable == 0)
        n_no++;
      else
        n_unknown++;
    }

  next = long_date (header->next_session, painter->paris);
  subtitle = g_strdup_printf ("%s%s — %s%s",
                              header->division != NULL ? "Classe " : "", division,
                              next != NULL ? "Prochaine session : " : "Aucune session prévue",
                              next != NULL ? next : "");
  counts = g_strdup_printf ("%u certifiable%s · %u pas encore · %u inconnu%s",
                            n_yes, n_yes > 1 ? "s" : "", n_no, n_unknown, n_unknown > 1 ? "s" : "");

  set_color (cr, INK);
  layout = slot (painter, SLOT_READY_TITLE, STYLE_TITLE, "Préparation à la certification", content, PANGO_ALIGN_LEFT);
  show (cr, layout, READY_MARGIN, 36);
  set_color (cr, ACCENT);
  layout = slot_lines (painter, SLOT_READY_SUBTITLE, STYLE_HEADING, subtitle, content, 1);
  show (cr, layout, READY_MARGIN, 72);
  set_color (cr, MUTED);
  layout = slot_lines (painter, SLOT_READY_COUNTS, STYLE_BODY, counts, content, 1);
  show (cr, layout, READY_MARGIN, 96);

  set_color (cr, GREY_FILL);
  cairo_rectangle (cr, READY_MARGIN, READY_TABLE_Y, content, READY_HEAD_HEIGHT);
  cairo_fill (cr);
  x = READY_MARGIN;
  set_color (cr, INK);
  for (guint c = 0; c < G_N_ELEMENTS (ready_columns); c++)
    {
      layout = slot_lines (painter, SLOT_READY_HEAD + c, STYLE_CELL_HEAD, ready_columns[c].title,
                           ready_columns[c].width - 8, 2);
      show (cr, layout, x + 4, READY_TABLE_Y + (READY_HEAD_HEIGHT - layout_height (layout)) / 2);
      x += ready_columns[c].width;
    }

  y = READY_TABLE_Y + READY_HEAD_HEIGHT;
  for (guint r = first; r < last; r++)
    {
      const OrgaCertReadinessSheetRow *row = &rows[r];
      char competences[32] = "";
      const char *cells[6];

      /* The count only helps for a student not yet certifiable: how
       * far from the rule's number. */
      if (row->certifiable == 0)
        g_snprintf (competences, sizeof competences, "%u / %d",
                    row->competences_at_level_1, ORGA_CERT_MIN_COMPETENCES_FOR_CERTIFIABILITY);
      cells[0] = or_empty (row->last_name);
      cells[1] = or_empty (row->first_name);
      cells[2] = or_empty (row->division);
      cells[3] = readiness_status (row->certifiable);
      cells[4] = competences;
      cells[5] = row->enrolled ? "Oui" : "";
      x = READY_MARGIN;
      for (guint c = 0; c < G_N_ELEMENTS (cells); c++)
        {
          if (c == 3 && row->certifiable == 0)
            set_color (cr, 0xb5470b);
          else if (c == 3 && row->certifiable < 0)
            set_color (cr, MUTED);
          else
            set_color (cr, INK);
          layout = slot_lines (painter, SLOT_READY_CELL + (r - first) * 6 + c,
                               c == 0 ? STYLE_CELL_BOLD : STYLE_CELL, cells[c],
                               ready_columns[c].width - 8, 1);
          show (cr, layout, x + 4, y + (READY_ROW_HEIGHT - layout_height (layout)) / 2);
          x += ready_columns[c].width;
        }
      y += READY_ROW_HEIGHT;
    }

  set_color (cr, 0x9aa1b0);
  cairo_set_line_width (cr, 0.6);
  for (double line_y = READY_TABLE_Y + READY_HEAD_HEIGHT; line_y <= y + 0.1; line_y += READY_ROW_HEIGHT)
    {
      cairo_move_to (cr, READY_MARGIN, line_y);
      cairo_line_to (cr, READY_MARGIN + content, line_y);
    }
  cairo_stroke (cr);

  footer = g_strdup_printf ("Préparation à la certification — %s", division);
  draw_list_footer (cr, painter, SLOT_READY_FOOTER_LEFT, SLOT_READY_FOOTER_RIGHT, footer, page, n_pages,
                    READY_MARGIN, content);
}

void
orga_cert_draw_readiness_page (cairo_t                         *cr,
                               const OrgaCertReadinessHeader   *header,
                               const OrgaCertReadinessSheetRow *rows,
                               guint                            n_rows,
                               guint                            page,
                               double                           width,
                               double                           height)
{
  g_autoptr(Painter) painter = NULL;

  g_return_if_fail (cr != NULL);
  g_return_if_fail (header != NULL);
  g_return_if_fail (rows != NULL || n_rows == 0);
  g_return_if_fail (page < orga_cert_readiness_n_pages (n_rows));

  painter = painter_new ();
  cairo_save (cr);
  begin_page (cr, width, height);
  draw_readiness (cr, painter, header, rows, n_rows, page);
  cairo_restore (cr);
}

gboolean
orga_cert_write_readiness_pdf (const char                      *path,
                               const OrgaCertReadinessHeader   *header,
                               const OrgaCertReadinessSheetRow *rows,
                               guint                            n_rows,
                               GError                         **error)
{
  g_autoptr(Painter) painter = NULL;
  g_autoptr(GByteArray) buffer = NULL;
  g_autofree char *title = NULL;
  cairo_surface_t *surface;
  cairo_t *cr;
  guint n_pages;

  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (header != NULL, FALSE);
  g_return_val_if_fail (rows != NULL || n_rows == 0, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  painter = painter_new ();
  buffer = g_byte_array_sized_new (64 * 1024);
  title = g_strdup_printf ("Préparation à la certification — %s",
                           header->division != NULL ? header->division : "Toutes les classes");
  surface = pdf_surface_new (buffer, title);
  cr = cairo_create (surface);
  n_pages = orga_cert_readiness_n_pages (n_rows);
  for (guint page = 0; page < n_pages; page++)
    {
      cairo_save (cr);
      begin_page (cr, W, H);
      draw_readiness (cr, painter, header, rows, n_rows, page);
      cairo_restore (cr);
      cairo_show_page (cr);
    }
  cairo_destroy (cr);
  return pdf_surface_finish (surface, buffer, path, error);
}
