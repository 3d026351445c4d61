/* orga-learner-slot-list.h: a list of students whose rows survive a search
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "orga-learner-slot.h"

G_BEGIN_DECLS

#define ORGA_TYPE_LEARNER_SLOT_LIST (orga_learner_slot_list_get_type ())

G_DECLARE_FINAL_TYPE (OrgaLearnerSlotList, orga_learner_slot_list, ORGA, LEARNER_SLOT_LIST, GObject)

OrgaLearnerSlotList *orga_learner_slot_list_new       (GListModel          *learners);
GListModel          *orga_learner_slot_list_get_model (OrgaLearnerSlotList *self);
void                 orga_learner_slot_list_sync      (OrgaLearnerSlotList *self);
void                 orga_learner_slot_list_set_limit (OrgaLearnerSlotList *self,
                                                       guint                limit);

G_END_DECLS
