/* orga-result-row.h: one participation as a row of a campaign's lists
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

#include "orga-participation-set.h"

G_BEGIN_DECLS

#define ORGA_TYPE_RESULT_ROW (orga_result_row_get_type ())

G_DECLARE_FINAL_TYPE (OrgaResultRow, orga_result_row, ORGA, RESULT_ROW, GObject)

/* A row keeps the set alive; the participation stays borrowed from it. */
OrgaResultRow           *orga_result_row_new               (OrgaParticipationSet *set,
                                                            guint                 index,
                                                            guint                 stage,
                                                            guint                 shared_attempts);
OrgaParticipationSet    *orga_result_row_get_set           (OrgaResultRow        *self);
/* Position in the set. */
guint                    orga_result_row_get_index         (OrgaResultRow        *self);
const OrgaParticipation *orga_result_row_get_participation (OrgaResultRow        *self);
/* The stage reached (0 for the zero stage, or when the profile has none). */
guint                    orga_result_row_get_stage         (OrgaResultRow        *self);
/* "Nb résultats envoyés": the learner's shared attempts in the campaign. */
guint                    orga_result_row_get_shared_attempts (OrgaResultRow      *self);

G_END_DECLS
