/* orga-learner-slot.h: one row of a view, showing whichever student is at
 * its position
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

#include "orga-learner.h"

G_BEGIN_DECLS

#define ORGA_TYPE_LEARNER_SLOT (orga_learner_slot_get_type ())

G_DECLARE_FINAL_TYPE (OrgaLearnerSlot, orga_learner_slot, ORGA, LEARNER_SLOT, GObject)

OrgaLearnerSlot *orga_learner_slot_new          (guint            position,
                                                 OrgaLearner     *learner);
guint            orga_learner_slot_get_position (OrgaLearnerSlot *self);
OrgaLearner     *orga_learner_slot_get_learner  (OrgaLearnerSlot *self);
void             orga_learner_slot_set_learner  (OrgaLearnerSlot *self,
                                                 OrgaLearner     *learner);

G_END_DECLS
