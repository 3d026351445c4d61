/* orga-fregata-parser.h: the agricultural schools' CSV export (Fregata)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "orga-learner-set.h"

G_BEGIN_DECLS

/* Decodes and validates a whole Fregata CSV file held in memory. Fills @set
 * with one OrgaLearnerFields per data row (values already converted: sex
 * "M"/"F", birthdate ISO, country code without its "99" prefix, division
 * with collapsed spaces), every error found (Pix codes, CSV line, French
 * header text as field), the detected encoding and the format. */
void orga_fregata_parser_parse (OrgaLearnerSet *set,
                                const guint8   *data,
                                gsize           len);

G_END_DECLS
