/* orga-class-filter.h: "Classes" — a button that opens the list of
 * classes to check, as on the Élèves page
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define ORGA_TYPE_CLASS_FILTER (orga_class_filter_get_type ())

G_DECLARE_FINAL_TYPE (OrgaClassFilter, orga_class_filter, ORGA, CLASS_FILTER, AdwBin)

GtkWidget          *orga_class_filter_new           (void);
/* The classes offered; those checked that are still offered stay checked. */
void                orga_class_filter_set_divisions (OrgaClassFilter    *self,
                                                     const char * const *divisions);
/* The checked classes, NULL-terminated (empty when none); owned by the
 * widget, valid until the next change. */
const char * const *orga_class_filter_get_selected  (OrgaClassFilter    *self);
void                orga_class_filter_set_selected  (OrgaClassFilter    *self,
                                                     const char * const *divisions);
void                orga_class_filter_clear         (OrgaClassFilter    *self);

G_END_DECLS
