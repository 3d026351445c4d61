/* orga-wrap-box.h: a row of widgets that wraps onto more lines when the
 * window is too narrow for it (GTK 4.8 has no such box)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define ORGA_TYPE_WRAP_BOX (orga_wrap_box_get_type ())

G_DECLARE_FINAL_TYPE (OrgaWrapBox, orga_wrap_box, ORGA, WRAP_BOX, GtkWidget)

GtkWidget *orga_wrap_box_new         (void);
void       orga_wrap_box_append      (OrgaWrapBox *self,
                                      GtkWidget   *child);
int        orga_wrap_box_get_spacing (OrgaWrapBox *self);
void       orga_wrap_box_set_spacing (OrgaWrapBox *self,
                                      int          spacing);
int        orga_wrap_box_get_row_spacing (OrgaWrapBox *self);
void       orga_wrap_box_set_row_spacing (OrgaWrapBox *self,
                                          int          spacing);
gboolean   orga_wrap_box_get_homogeneous (OrgaWrapBox *self);
void       orga_wrap_box_set_homogeneous (OrgaWrapBox *self,
                                          gboolean     homogeneous);

G_END_DECLS
