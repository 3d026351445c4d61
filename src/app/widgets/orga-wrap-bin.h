/* orga-wrap-bin.h: a bin that centres wrapped text vertically, without
 * asking its width for a height
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define ORGA_TYPE_WRAP_BIN (orga_wrap_bin_get_type ())

G_DECLARE_FINAL_TYPE (OrgaWrapBin, orga_wrap_bin, ORGA, WRAP_BIN, GtkWidget)

GtkWidget *orga_wrap_bin_new       (void);
/* Returns: (nullable) (transfer none) */
GtkWidget *orga_wrap_bin_get_child (OrgaWrapBin *self);
void       orga_wrap_bin_set_child (OrgaWrapBin *self,
                                    GtkWidget   *child);

G_END_DECLS
