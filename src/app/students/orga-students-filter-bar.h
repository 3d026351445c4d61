/* orga-students-filter-bar.h: the Élèves list's search, class and
 * certifiability filters, and how many students they show
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "orga-store.h"

G_BEGIN_DECLS

#define ORGA_TYPE_STUDENTS_FILTER_BAR (orga_students_filter_bar_get_type ())

G_DECLARE_FINAL_TYPE (OrgaStudentsFilterBar, orga_students_filter_bar, ORGA, STUDENTS_FILTER_BAR, GtkBox)

OrgaStudentsFilterBar *orga_students_filter_bar_new                   (void);
void                   orga_students_filter_bar_set_divisions         (OrgaStudentsFilterBar *self,
                                                                       char                 **divisions);
const char            *orga_students_filter_bar_get_search            (OrgaStudentsFilterBar *self);
GStrv                  orga_students_filter_bar_dup_checked_divisions (OrgaStudentsFilterBar *self);
guint                  orga_students_filter_bar_get_certifiability    (OrgaStudentsFilterBar *self);
GStrv                  orga_students_filter_bar_dup_checked_login_methods (OrgaStudentsFilterBar *self);
gboolean               orga_students_filter_bar_get_active            (OrgaStudentsFilterBar *self);
void                   orga_students_filter_bar_set_count             (OrgaStudentsFilterBar *self,
                                                                       guint                  shown);
void                   orga_students_filter_bar_clear                 (OrgaStudentsFilterBar *self);
void                   orga_students_filter_bar_focus_search          (OrgaStudentsFilterBar *self);
void                   orga_students_filter_bar_set_compact           (OrgaStudentsFilterBar *self,
                                                                       gboolean               compact);

G_END_DECLS
