/* orga-account-slips.h: the slips of a bulk password reset
 *
 * One slip per student to hand out in class (spec §2.5, issue 11): the
 * school, the class, the name, the username, the one-time password, where
 * to sign in ({server}/campagnes) and that the password must be changed
 * at the first sign-in. ORGA_ACCOUNT_SLIPS_PER_PAGE slips on an A4 page,
 * with dashed cut lines between them.
 *
 * The page is drawn with cairo and pango only, on any cairo_t of the
 * page's size in points: the GtkPrintOperation's, or a PDF surface's in a
 * test.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define ORGA_ACCOUNT_SLIPS_COLUMNS   2
#define ORGA_ACCOUNT_SLIPS_ROWS      4
#define ORGA_ACCOUNT_SLIPS_PER_PAGE  (ORGA_ACCOUNT_SLIPS_COLUMNS * ORGA_ACCOUNT_SLIPS_ROWS)

typedef struct
{
  const char *school;        /* "Collège Jean Moulin (0123456A)" */
  const char *sign_in_url;   /* "{server}/campagnes" */
  GPtrArray  *credentials;   /* OrgaStudentCredentials, in print order */
} OrgaAccountSlips;

guint   orga_account_slips_get_n_pages (const OrgaAccountSlips *slips);
/* Draws page @page (from 0) on @cr, @width × @height points. */
void    orga_account_slips_draw_page   (const OrgaAccountSlips *slips,
                                        cairo_t                *cr,
                                        double                  width,
                                        double                  height,
                                        guint                   page);
/* The print dialog, then the pages (A4, portrait). Returns FALSE with
 * @error when printing failed. */
gboolean orga_account_slips_print      (const OrgaAccountSlips *slips,
                                        GtkWindow              *parent,
                                        GError                **error);

G_END_DECLS
