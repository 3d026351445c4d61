/* orga-target-profile.h: the catalogue of target profiles ("parcours")
 *
 * A target profile is a selection of sujets from the framework, each up to
 * a maximum level; it determines the targeted skills. The catalogue is
 * bundled data: ids are stable strings stored in campaigns.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "orga-framework.h"

G_BEGIN_DECLS

typedef enum
{
  ORGA_PROFILE_CATEGORY_COMPETENCES,     /* "Les 16 compétences" */
  ORGA_PROFILE_CATEGORY_BACK_TO_SCHOOL,  /* "Parcours de rentrée / 6e" */
  ORGA_PROFILE_CATEGORY_SUBJECT,         /* "Thématiques" */
  ORGA_PROFILE_CATEGORY_DISCIPLINE,      /* "Disciplinaires" */
  ORGA_PROFILE_CATEGORY_PREDEFINED,      /* "Parcours prédéfinis" */
  ORGA_PROFILE_CATEGORY_OTHER,           /* "Autres" */
  ORGA_PROFILE_N_CATEGORIES
} OrgaProfileCategory;

/* Pix's enum value ("BACK_TO_SCHOOL") and the French label of the filter. */
const char *orga_profile_category_to_string (OrgaProfileCategory category);
const char *orga_profile_category_get_label (OrgaProfileCategory category);

/* A stage ("palier"). Stage 0 always has threshold 0. Back-to-school
 * profiles carry the four SCO stages (0, 21, 51, 81 %: maîtrise
 * insuffisante, fragile, satisfaisante, très bonne maîtrise) with the
 * guide's text for the teacher; the others carry threshold stages shown as
 * stars. */
typedef struct
{
  guint       threshold;        /* mastery % at which the stage is reached */
  const char *title;            /* "Maîtrise fragile" or "1 étoile" */
  const char *message;          /* what it means, for the teacher */
} OrgaStage;

typedef struct
{
  guint16 tube;                 /* position in the framework's tubes */
  guint8  max_level;            /* 1 … 8 */
} OrgaProfileTube;

typedef struct
{
  const char             *id;            /* "rentree-6e": stable */
  const char             *name;          /* "Parcours de rentrée 6e" */
  const char             *description;
  OrgaProfileCategory     category;
  gboolean                resettable;    /* "Remise à zéro" */
  gboolean                sco_stages;    /* stages shown by name, not stars */
  const OrgaProfileTube  *tubes;
  guint                   n_tubes;
  const OrgaStage        *stages;
  guint                   n_stages;      /* 0: results shown in % */
} OrgaTargetProfile;

guint                     orga_target_profile_get_n_profiles  (void);
const OrgaTargetProfile  *orga_target_profile_get_nth         (guint                     i);
const OrgaTargetProfile  *orga_target_profile_find            (const char               *id);

/* The profile's targeted skills in tube @i (a bit mask, see OrgaTube). */
guint8                    orga_target_profile_tube_skills     (const OrgaTargetProfile  *self,
                                                               guint                     i);
guint                     orga_target_profile_count_skills    (const OrgaTargetProfile  *self);
/* Targeted skills per competence (array of ORGA_FRAMEWORK_N_COMPETENCES). */
void                      orga_target_profile_count_by_competence (const OrgaTargetProfile *self,
                                                                   guint                   *counts);
/* The highest difficulty targeted in the profile (for the relevance formula). */
guint                     orga_target_profile_max_difficulty  (const OrgaTargetProfile  *self);

/* Stage reached for @mastery (0 … 1) with @validated skills: the number of
 * acquired stages − 1 (0 for the zero stage). */
guint                     orga_target_profile_reached_stage   (const OrgaTargetProfile  *self,
                                                               double                    mastery,
                                                               guint                     validated);

G_END_DECLS
