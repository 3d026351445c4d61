/* orga-student-page.h: one student's details, opened from the list
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "orga-learner.h"

G_BEGIN_DECLS

#define ORGA_TYPE_STUDENT_PAGE (orga_student_page_get_type ())

G_DECLARE_FINAL_TYPE (OrgaStudentPage, orga_student_page, ORGA, STUDENT_PAGE, AdwBin)

OrgaLearner *orga_student_page_get_learner (OrgaStudentPage *self);
void         orga_student_page_set_participations (OrgaStudentPage *self,
                                                   GPtrArray       *participations);
void         orga_student_page_set_learner (OrgaStudentPage *self,
                                            OrgaLearner     *learner);

G_END_DECLS
