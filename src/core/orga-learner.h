/* orga-learner.h: one student as the views show it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

#include "orga-store.h"

G_BEGIN_DECLS

#define ORGA_TYPE_LEARNER (orga_learner_get_type ())

G_DECLARE_FINAL_TYPE (OrgaLearner, orga_learner, ORGA, LEARNER, GObject)

OrgaLearner *orga_learner_new_from_row              (const OrgaLearnerRow *row);

gint64       orga_learner_get_id                    (OrgaLearner *self);
const char  *orga_learner_get_uuid                  (OrgaLearner *self);
const char  *orga_learner_get_ine                   (OrgaLearner *self);
const char  *orga_learner_get_last_name             (OrgaLearner *self);
const char  *orga_learner_get_preferred_last_name   (OrgaLearner *self);
const char  *orga_learner_get_first_name            (OrgaLearner *self);
const char  *orga_learner_get_middle_name           (OrgaLearner *self);
const char  *orga_learner_get_third_name            (OrgaLearner *self);
const char  *orga_learner_get_sex                   (OrgaLearner *self);
const char  *orga_learner_get_birthdate             (OrgaLearner *self);
const char  *orga_learner_get_birthdate_display     (OrgaLearner *self);
const char  *orga_learner_get_birth_country_code    (OrgaLearner *self);
const char  *orga_learner_get_birth_province_code   (OrgaLearner *self);
const char  *orga_learner_get_birth_city_code       (OrgaLearner *self);
const char  *orga_learner_get_birth_city            (OrgaLearner *self);
const char  *orga_learner_get_mef_code              (OrgaLearner *self);
const char  *orga_learner_get_status                (OrgaLearner *self);
const char  *orga_learner_get_division              (OrgaLearner *self);
gboolean     orga_learner_get_disabled              (OrgaLearner *self);
const char  *orga_learner_get_disabled_at           (OrgaLearner *self);
const char  *orga_learner_get_created_at            (OrgaLearner *self);
const char  *orga_learner_get_updated_at            (OrgaLearner *self);
guint        orga_learner_get_participation_count   (OrgaLearner *self);
guint        orga_learner_get_login_methods         (OrgaLearner *self);
const char  *orga_learner_get_last_participation    (OrgaLearner *self);
const char  *orga_learner_get_last_participation_details (OrgaLearner *self);
const char  *orga_learner_get_certifiable           (OrgaLearner *self);
guint        orga_learner_get_certifiability        (OrgaLearner *self);
char        *orga_learner_dup_full_name             (OrgaLearner *self);

G_END_DECLS
