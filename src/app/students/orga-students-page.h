/* orga-students-page.h: "Élèves", the school's students and their import
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "orga-connection.h"
#include "orga-context.h"

G_BEGIN_DECLS

#define ORGA_TYPE_STUDENTS_PAGE (orga_students_page_get_type ())

G_DECLARE_FINAL_TYPE (OrgaStudentsPage, orga_students_page, ORGA, STUDENTS_PAGE, AdwBin)

OrgaContext *orga_students_page_get_context  (OrgaStudentsPage *self);
void         orga_students_page_set_context  (OrgaStudentsPage *self,
                                              OrgaContext      *context);
OrgaConnection *orga_students_page_get_connection (OrgaStudentsPage *self);
void         orga_students_page_set_connection (OrgaStudentsPage *self,
                                                OrgaConnection   *connection);
gboolean     orga_students_page_get_busy     (OrgaStudentsPage *self);
/* An object of orga-students-page-list.ui (the list, built when the
 * school first has students) or orga-students-page-progress.ui (the
 * import's banner, built when first shown) by its id; NULL before (tests). */
GObject     *orga_students_page_get_part_object (OrgaStudentsPage *self,
                                                 const char       *id);
void         orga_students_page_import_file  (OrgaStudentsPage *self,
                                              GFile            *file);

G_END_DECLS
