/* orga-text-cell.h: one line of text in a list's cell, sized in characters
 *
 * What GtkInscription does for the Élèves list, lighter: the font metrics
 * that size it are looked up once per font rather than at every measure.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define ORGA_TYPE_TEXT_CELL (orga_text_cell_get_type ())

G_DECLARE_FINAL_TYPE (OrgaTextCell, orga_text_cell, ORGA, TEXT_CELL, GtkWidget)

/* As wide as @min_chars average characters at least, @nat_chars at best;
 * a longer text is ellipsized at its end. */
GtkWidget  *orga_text_cell_new      (guint         min_chars,
                                     guint         nat_chars);
/* Returns: (nullable) */
const char *orga_text_cell_get_text (OrgaTextCell *self);
void        orga_text_cell_set_text (OrgaTextCell *self,
                                     const char   *text);

G_END_DECLS
