/* orga-account-slips.c: the slips of a bulk password reset
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "orga-account-slips"

#include "config.h"

#include <glib/gi18n.h>
#include <pango/pangocairo.h>

#include "orga-account-slips.h"
#include "orga-print.h"
#include "orga-student-account.h"

/* Points: the page's margin, a slip's padding. */
#define MARGIN   28.0
#define PADDING  14.0

guint
orga_account_slips_get_n_pages (const OrgaAccountSlips *slips)
{
  guint n;

  g_return_val_if_fail (slips != NULL && slips->credentials != NULL, 0);

  n = slips->credentials->len;
  return (n + ORGA_ACCOUNT_SLIPS_PER_PAGE - 1) / ORGA_ACCOUNT_SLIPS_PER_PAGE;
}

static void
draw_cut_lines (cairo_t *cr,
                double   x0,
                double   y0,
                double   slip_width,
                double   slip_height)
{
  static const double dash[] = { 4.0, 3.0 };

  cairo_save (cr);
  cairo_set_source_rgb (cr, 0.55, 0.55, 0.55);
  cairo_set_line_width (cr, 0.6);
  cairo_set_dash (cr, dash, G_N_ELEMENTS (dash), 0);

  /* The whole grid, outer edges included: every slip is cut out alike. */
  for (guint c = 0; c <= ORGA_ACCOUNT_SLIPS_COLUMNS; c++)
    {
      cairo_move_to (cr, x0 + c * slip_width, y0);
      cairo_line_to (cr, x0 + c * slip_width, y0 + ORGA_ACCOUNT_SLIPS_ROWS * slip_height);
    }
  for (guint r = 0; r <= ORGA_ACCOUNT_SLIPS_ROWS; r++)
    {
      cairo_move_to (cr, x0, y0 + r * slip_height);
      cairo_line_to (cr, x0 + ORGA_ACCOUNT_SLIPS_COLUMNS * slip_width, y0 + r * slip_height);
    }
  cairo_stroke (cr);
  cairo_restore (cr);
}

static void
draw_slip (const OrgaAccountSlips       *slips,
           const OrgaStudentCredentials *c,
           cairo_t                      *cr,
           PangoLayout                  *layout,
           double                        x,
           double                        y,
           double                        width)
{
  g_autofree char *markup = NULL;
  g_autofree char *name = g_strdup_printf ("%s %s", c->first_name ? c->first_name : "",
                                           c->last_name ? c->last_name : "");

  /* Labels and values escaped apart: names and the school are the
   * import's, anything may be in them. */
  markup = g_markup_printf_escaped ("<span size='small'>%s</span>\n"
                                    "<span size='small'>%s %s</span>\n"
                                    "<span size='large' weight='bold'>%s</span>\n"
                                    "%s <span font_family='monospace' weight='bold'>%s</span>\n"
                                    "%s <span font_family='monospace' weight='bold'>%s</span>\n"
                                    "<span size='small'>%s %s</span>\n"
                                    "<span size='small' style='italic'>%s</span>",
                                    slips->school ? slips->school : "",
                                    _("Class:"), c->division ? c->division : "",
                                    g_strstrip (name),
                                    _("Username:"), c->username ? c->username : "",
                                    _("One-time password:"), c->password ? c->password : "",
                                    _("Sign in at:"), slips->sign_in_url ? slips->sign_in_url : "",
                                    _("This password must be changed at the first sign-in."));

  pango_layout_set_markup (layout, markup, -1);
  pango_layout_set_width (layout, pango_units_from_double (width - 2 * PADDING));
  pango_layout_set_wrap (layout, PANGO_WRAP_WORD_CHAR);
  pango_layout_set_spacing (layout, pango_units_from_double (3.0));

  cairo_move_to (cr, x + PADDING, y + PADDING);
  pango_cairo_show_layout (cr, layout);
}

void
orga_account_slips_draw_page (const OrgaAccountSlips *slips,
                              cairo_t                *cr,
                              double                  width,
                              double                  height,
                              guint                   page)
{
  g_autoptr(PangoLayout) layout = NULL;
  g_autoptr(PangoFontDescription) font = NULL;
  double slip_width, slip_height;
  guint first;

  g_return_if_fail (slips != NULL && slips->credentials != NULL);
  g_return_if_fail (cr != NULL);

  slip_width = (width - 2 * MARGIN) / ORGA_ACCOUNT_SLIPS_COLUMNS;
  slip_height = (height - 2 * MARGIN) / ORGA_ACCOUNT_SLIPS_ROWS;

  /* Sizes in points whatever the surface: Pango's default 96 dpi would
   * make the text a third too large on a PDF or print surface. */
  layout = pango_cairo_create_layout (cr);
  pango_cairo_context_set_resolution (pango_layout_get_context (layout), 72.0);
  pango_layout_context_changed (layout);
  font = pango_font_description_from_string ("Sans 11");
  pango_layout_set_font_description (layout, font);

  cairo_save (cr);
  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_paint (cr);
  cairo_restore (cr);

  draw_cut_lines (cr, MARGIN, MARGIN, slip_width, slip_height);

  cairo_set_source_rgb (cr, 0, 0, 0);
  first = page * ORGA_ACCOUNT_SLIPS_PER_PAGE;
  for (guint i = 0; i < ORGA_ACCOUNT_SLIPS_PER_PAGE && first + i < slips->credentials->len; i++)
    {
      guint column = i % ORGA_ACCOUNT_SLIPS_COLUMNS;
      guint row = i / ORGA_ACCOUNT_SLIPS_COLUMNS;

      draw_slip (slips, g_ptr_array_index (slips->credentials, first + i), cr, layout,
                 MARGIN + column * slip_width, MARGIN + row * slip_height, slip_width);
    }
}

static void
draw_page (cairo_t  *cr,
           double    width,
           double    height,
           guint     page,
           gpointer  user_data)
{
  orga_account_slips_draw_page (user_data, cr, width, height, page);
}

gboolean
orga_account_slips_print (const OrgaAccountSlips *slips,
                          GtkWindow              *parent,
                          GError                **error)
{
  g_return_val_if_fail (slips != NULL, FALSE);

  /* Synchronous: @slips (and the passwords) live no longer than this. */
  return orga_print_pages (parent, _("Students’ one-time passwords"),
                           orga_account_slips_get_n_pages (slips),
                           draw_page, (gpointer) slips, NULL, error);
}
