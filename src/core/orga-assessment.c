/* orga-assessment.c: knowledge, the adaptive run and scoring (issue 11)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "orga-assessment.h"

/* The catalogue's profile with every sujet of the framework. */
#define ALL_COMPETENCES_PROFILE "16-competences"

/* Two hex digits per tube, validated then invalidated. */
#define KNOWLEDGE_HEX_LENGTH (ORGA_N_TUBES_MAX * 2 * 2)

G_STATIC_ASSERT (ORGA_N_TUBES_MAX >= 56);

static guint8
skill_bit (guint difficulty)
{
  return (guint8) (1u << (difficulty - 1));
}

static guint
count_bits (guint8 mask)
{
  return (guint) __builtin_popcount (mask);
}

/* ------------------------------------------------------------------ */
/* knowledge                                                            */
/* ------------------------------------------------------------------ */

void
orga_knowledge_init (OrgaKnowledge *self)
{
  g_return_if_fail (self != NULL);

  memset (self, 0, sizeof *self);
}

void
orga_knowledge_set (OrgaKnowledge *self,
                    guint          tube,
                    guint          difficulty,
                    gboolean       validated)
{
  guint8 bit;

  g_return_if_fail (self != NULL);
  g_return_if_fail (tube < ORGA_N_TUBES_MAX);
  g_return_if_fail (difficulty >= 1 && difficulty <= ORGA_FRAMEWORK_MAX_DIFFICULTY);

  bit = skill_bit (difficulty);
  if (validated)
    {
      self->validated[tube] |= bit;
      self->invalidated[tube] &= (guint8) ~bit;
    }
  else
    {
      self->invalidated[tube] |= bit;
      self->validated[tube] &= (guint8) ~bit;
    }
}

void
orga_knowledge_forget_invalidated (OrgaKnowledge *self)
{
  g_return_if_fail (self != NULL);

  memset (self->invalidated, 0, sizeof self->invalidated);
}

void
orga_knowledge_merge (OrgaKnowledge       *self,
                      const OrgaKnowledge *later)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (later != NULL);

  for (guint i = 0; i < ORGA_N_TUBES_MAX; i++)
    {
      self->validated[i] = (guint8) ((self->validated[i] & ~later->invalidated[i]) | later->validated[i]);
      self->invalidated[i] = (guint8) ((self->invalidated[i] & ~later->validated[i]) | later->invalidated[i]);
    }
}

char *
orga_knowledge_to_hex (const OrgaKnowledge *self)
{
  static const char digits[] = "0123456789abcdef";
  char *hex;
  char *p;

  g_return_val_if_fail (self != NULL, NULL);

  hex = g_malloc (KNOWLEDGE_HEX_LENGTH + 1);
  p = hex;
  for (guint i = 0; i < ORGA_N_TUBES_MAX; i++)
    {
      *p++ = digits[self->validated[i] >> 4];
      *p++ = digits[self->validated[i] & 0xf];
    }
  for (guint i = 0; i < ORGA_N_TUBES_MAX; i++)
    {
      *p++ = digits[self->invalidated[i] >> 4];
      *p++ = digits[self->invalidated[i] & 0xf];
    }
  *p = '\0';

  return hex;
}

static int
hex_value (char c)
{
  if (c >= '0' && c <= '9')
    return c - '0';
  if (c >= 'a' && c <= 'f')
    return c - 'a' + 10;

  return -1;
}

/* Only what _to_hex writes: the exact length, lower case, and no skill
 * both validated and invalidated (a later answer replaces an earlier
 * one, so a stored state never has both). @self is left alone on
 * failure. */
gboolean
orga_knowledge_from_hex (OrgaKnowledge *self,
                         const char    *hex)
{
  OrgaKnowledge parsed;

  g_return_val_if_fail (self != NULL, FALSE);

  if (hex == NULL || strlen (hex) != KNOWLEDGE_HEX_LENGTH)
    return FALSE;

  for (guint i = 0; i < 2 * ORGA_N_TUBES_MAX; i++)
    {
      int high = hex_value (hex[2 * i]);
      int low = hex_value (hex[2 * i + 1]);
      guint8 byte;

      if (high < 0 || low < 0)
        return FALSE;
      byte = (guint8) (high << 4 | low);
      if (i < ORGA_N_TUBES_MAX)
        parsed.validated[i] = byte;
      else
        parsed.invalidated[i - ORGA_N_TUBES_MAX] = byte;
    }

  for (guint i = 0; i < ORGA_N_TUBES_MAX; i++)
    if ((parsed.validated[i] & parsed.invalidated[i]) != 0)
      return FALSE;

  *self = parsed;

  return TRUE;
}

/* ------------------------------------------------------------------ */
/* the adaptive run                                                     */
/* ------------------------------------------------------------------ */

/* A lookup among the catalogue's 14 profiles each time: cheaper than
 * any caching worth its thread-safety. test-assessment checks that the
 * profile exists and has every sujet. */
const OrgaTargetProfile *
orga_assessment_profile_for (const OrgaTargetProfile *profile)
{
  const OrgaTargetProfile *all;

  if (profile != NULL)
    return profile;

  all = orga_target_profile_find (ALL_COMPETENCES_PROFILE);
  g_assert (all != NULL);

  return all;
}

gboolean
orga_assessment_next_skill (const OrgaTargetProfile *profile,
                            const OrgaKnowledge     *kept,
                            const OrgaKnowledge     *asked,
                            guint                   *tube,
                            guint                   *difficulty)
{
  g_return_val_if_fail (kept != NULL, FALSE);
  g_return_val_if_fail (asked != NULL, FALSE);

  profile = orga_assessment_profile_for (profile);

  for (guint i = 0; i < profile->n_tubes; i++)
    {
      guint t = profile->tubes[i].tube;
      guint8 targeted = orga_target_profile_tube_skills (profile, i);

      g_assert (t < ORGA_N_TUBES_MAX);

      for (guint d = 1; d <= ORGA_FRAMEWORK_MAX_DIFFICULTY; d++)
        {
          guint8 bit = skill_bit (d);

          if (!(targeted & bit))
            continue;
          /* Failed or skipped in this attempt: the sujet is over. */
          if (asked->invalidated[t] & bit)
            break;
          if ((asked->validated[t] | kept->validated[t]) & bit)
            continue;

          if (tube != NULL)
            *tube = t;
          if (difficulty != NULL)
            *difficulty = d;
          return TRUE;
        }
    }

  return FALSE;
}

/* A targeted skill is settled when it is validated (now or before) or
 * when an easier or equal skill of its sujet failed in this attempt (the
 * run will not ask it). Counted so that a finished run gives exactly 1. */
double
orga_assessment_progression (const OrgaTargetProfile *profile,
                             const OrgaKnowledge     *kept,
                             const OrgaKnowledge     *asked)
{
  guint settled = 0;
  guint targeted_count = 0;

  g_return_val_if_fail (kept != NULL, 0.0);
  g_return_val_if_fail (asked != NULL, 0.0);

  profile = orga_assessment_profile_for (profile);

  for (guint i = 0; i < profile->n_tubes; i++)
    {
      guint t = profile->tubes[i].tube;
      guint8 targeted = orga_target_profile_tube_skills (profile, i);
      gboolean stopped = FALSE;

      for (guint d = 1; d <= ORGA_FRAMEWORK_MAX_DIFFICULTY; d++)
        {
          guint8 bit = skill_bit (d);

          if (!(targeted & bit))
            continue;
          targeted_count++;
          if (asked->invalidated[t] & bit)
            stopped = TRUE;
          if (stopped || ((asked->validated[t] | kept->validated[t]) & bit))
            settled++;
        }
    }

  if (targeted_count == 0)
    return 1.0;

  return (double) settled / (double) targeted_count;
}

/* ------------------------------------------------------------------ */
/* scoring                                                              */
/* ------------------------------------------------------------------ */

/* How many sujets of @competence have a skill of @difficulty. */
static guint
count_skills_of_difficulty (guint competence,
                            guint difficulty)
{
  guint n = 0;

  for (guint t = 0; t < orga_framework_get_n_tubes (); t++)
    {
      const OrgaTube *tube = orga_framework_get_tube (t);

      if (tube->competence == competence && (tube->skills & skill_bit (difficulty)))
        n++;
    }

  return n;
}

double
orga_assessment_skill_pix (guint tube,
                           guint difficulty)
{
  const OrgaTube *t;

  if (tube >= orga_framework_get_n_tubes () ||
      difficulty < 1 || difficulty > ORGA_FRAMEWORK_MAX_DIFFICULTY)
    return 0.0;

  t = orga_framework_get_tube (tube);
  if (!(t->skills & skill_bit (difficulty)))
    return 0.0;

  return (double) ORGA_PIX_PER_LEVEL / (double) count_skills_of_difficulty (t->competence, difficulty);
}

guint
orga_assessment_results_size (const OrgaTargetProfile *profile)
{
  return profile != NULL ? profile->n_tubes : ORGA_FRAMEWORK_N_COMPETENCES;
}

/* Pix per competence from the validated skills that exist, floored then
 * capped. The shares are 8/1 … 8/n with small n: a sum that should be a
 * whole number (three thirds of 8) may come out a hair below it in
 * floating point, and a true fraction is at least 1/840 away from a
 * whole number, so a margin of 1e-9 before the floor is exact. */
static void
score_pix (const OrgaKnowledge *knowledge,
           OrgaAssessmentScore *score)
{
  double raw[ORGA_FRAMEWORK_N_COMPETENCES] = { 0, };

  for (guint t = 0; t < orga_framework_get_n_tubes () && t < ORGA_N_TUBES_MAX; t++)
    {
      const OrgaTube *tube = orga_framework_get_tube (t);
      guint8 validated = knowledge->validated[t] & tube->skills;

      for (guint d = 1; d <= ORGA_FRAMEWORK_MAX_DIFFICULTY; d++)
        if (validated & skill_bit (d))
          raw[tube->competence] += orga_assessment_skill_pix (t, d);
    }

  score->pix_score = 0;
  score->certifiable_competences = 0;
  for (guint c = 0; c < ORGA_FRAMEWORK_N_COMPETENCES; c++)
    {
      guint pix = orga_framework_cap_pix ((guint) (raw[c] + 1e-9));

      score->pix[c] = (guint8) pix;
      score->level[c] = (guint8) orga_framework_level_for_pix (pix);
      score->pix_score += pix;
      if (score->level[c] >= 1)
        score->certifiable_competences++;
    }
  score->is_certifiable = score->certifiable_competences >= ORGA_CERTIFIABLE_MIN_COMPETENCES;
}

/* Pix, levels and certifiability always come from the whole @knowledge
 * (a student's profile does not depend on the campaign); the mastery,
 * the skill counts, the results and the stage from @profile. */
void
orga_assessment_score (const OrgaTargetProfile *profile,
                       const OrgaKnowledge     *knowledge,
                       OrgaAssessmentScore     *score,
                       guint8                  *results)
{
  const OrgaTargetProfile *run;

  g_return_if_fail (knowledge != NULL);
  g_return_if_fail (score != NULL);

  memset (score, 0, sizeof *score);
  score_pix (knowledge, score);

  /* The skills of the profile the test ran over (for a profiles
   * collection, the every-competence profile). */
  run = orga_assessment_profile_for (profile);
  for (guint i = 0; i < run->n_tubes; i++)
    {
      guint8 targeted = orga_target_profile_tube_skills (run, i);
      guint8 validated = knowledge->validated[run->tubes[i].tube] & targeted;

      score->targeted_skills += count_bits (targeted);
      score->validated_skills += count_bits (validated);
      if (profile != NULL && results != NULL)
        results[i] = validated;
    }

  if (profile == NULL)
    {
      score->mastery_rate = (double) score->pix_score / (double) ORGA_MAX_PIX_SCORE;
      if (results != NULL)
        memcpy (results, score->pix, ORGA_FRAMEWORK_N_COMPETENCES);
      return;
    }

  score->mastery_rate = score->targeted_skills > 0
    ? (double) score->validated_skills / (double) score->targeted_skills
    : 0.0;
  score->reached_stage = orga_target_profile_reached_stage (profile, score->mastery_rate,
                                                            score->validated_skills);
}
