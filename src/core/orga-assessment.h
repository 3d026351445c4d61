/* orga-assessment.h: a student's knowledge, the adaptive test, scoring
 *
 * Pure functions over plain data, shared by the server (which runs the
 * tests) and the core's tests. Spec: orga-domain.md §2.3, §4.2, §4.3.
 *
 * Knowledge: per framework tube, the skills validated and the skills
 * invalidated (failed or skipped), as bit masks (bit d-1: difficulty d).
 *
 * The adaptive run (issue 11): the target profile's sujets in the
 * profile's order; in each, the targeted skills from the easiest up. A
 * right answer validates the skill and climbs; a wrong answer or "Je
 * passe" invalidates it and stops the sujet (the harder skills of the
 * sujet count as not validated and are not asked). A skill already
 * validated is not asked again, so a retry (§4.2: validated knowledge
 * kept, failed or skipped forgotten) asks only what was missed.
 *
 * A profiles collection has no target profile: its test runs over the
 * catalogue's "Les 16 compétences" profile (orga_assessment_profile_for
 * (NULL)), and what it sends is the student's whole knowledge.
 *
 * Pix per skill: a competence's skills of difficulty d share
 * ORGA_PIX_PER_LEVEL pix (8 / the framework's count of skills of
 * difficulty d in that competence); pix in a competence are capped
 * (orga_framework_cap_pix), the pix score is the sum of floor(pix).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "orga-framework.h"
#include "orga-target-profile.h"

G_BEGIN_DECLS

#define ORGA_N_TUBES_MAX 64

typedef struct
{
  guint8 validated[ORGA_N_TUBES_MAX];     /* indexed by framework tube */
  guint8 invalidated[ORGA_N_TUBES_MAX];
} OrgaKnowledge;

void      orga_knowledge_init            (OrgaKnowledge       *self);
/* Records an answer on a skill: validated, or invalidated (wrong or
 * skipped). A later answer replaces an earlier one on the same skill. */
void      orga_knowledge_set             (OrgaKnowledge       *self,
                                          guint                tube,
                                          guint                difficulty,
                                          gboolean             validated);
/* Applies every answer of @later over @self (a later answer replaces an
 * earlier one): the kept knowledge of a retry plus its answers. */
void      orga_knowledge_merge           (OrgaKnowledge       *self,
                                          const OrgaKnowledge *later);
/* §4.2 retry: keeps the validated skills, forgets the invalidated. */
void      orga_knowledge_forget_invalidated (OrgaKnowledge    *self);
/* Lower-case hex, two digits per tube, validated then invalidated: the
 * form stored by the server. _from_hex is FALSE on a malformed text. */
char     *orga_knowledge_to_hex          (const OrgaKnowledge *self);
gboolean  orga_knowledge_from_hex        (OrgaKnowledge       *self,
                                          const char          *hex);

/* The profile a campaign's test runs over: @profile, or for a profiles
 * collection (NULL) the catalogue's every-competence profile. */
const OrgaTargetProfile *orga_assessment_profile_for (const OrgaTargetProfile *profile);

/* The next skill to ask: TRUE with its framework @tube and @difficulty,
 * FALSE when the run is over. @asked is the knowledge gathered in this
 * attempt (a sujet stops on its first invalidated skill of the attempt);
 * @kept the validated knowledge brought from before (never re-asked). */
gboolean  orga_assessment_next_skill     (const OrgaTargetProfile *profile,
                                          const OrgaKnowledge     *kept,
                                          const OrgaKnowledge     *asked,
                                          guint                   *tube,
                                          guint                   *difficulty);
/* Progress: skills settled (asked, inferred or kept) / targeted skills,
 * 0 … 1; 1 when next_skill is FALSE. */
double    orga_assessment_progression    (const OrgaTargetProfile *profile,
                                          const OrgaKnowledge     *kept,
                                          const OrgaKnowledge     *asked);

typedef struct
{
  double   mastery_rate;                 /* 0 … 1 (§4.3) */
  guint    validated_skills;             /* targeted and validated */
  guint    targeted_skills;
  guint    pix_score;
  guint8   pix[ORGA_FRAMEWORK_N_COMPETENCES];   /* capped, per competence */
  guint8   level[ORGA_FRAMEWORK_N_COMPETENCES];
  guint    certifiable_competences;      /* at level ≥ 1 */
  gboolean is_certifiable;               /* ≥ ORGA_CERTIFIABLE_MIN_COMPETENCES */
  guint    reached_stage;                /* 0 without stages */
} OrgaAssessmentScore;

/* Scores @knowledge against an assessment's @profile (results bytes as
 * orga-participation-set.h: one per profile tube, bit d-1 validated), or
 * for a profiles collection (@profile NULL) the whole knowledge (results:
 * ORGA_FRAMEWORK_N_COMPETENCES bytes of capped pix; mastery = pix score /
 * ORGA_MAX_PIX_SCORE). @results may be NULL; its size is
 * orga_assessment_results_size (@profile). */
void      orga_assessment_score          (const OrgaTargetProfile *profile,
                                          const OrgaKnowledge     *knowledge,
                                          OrgaAssessmentScore     *score,
                                          guint8                  *results);
guint     orga_assessment_results_size   (const OrgaTargetProfile *profile);
/* Pix earned by validating one skill (see above), as a double. */
double    orga_assessment_skill_pix      (guint                    tube,
                                          guint                    difficulty);

G_END_DECLS
