/* test-assessment.c: knowledge, the adaptive run and scoring, against
 * figures worked out by hand from the framework's tables
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "orga-assessment.h"
#include "orga-framework-private.h"
#include "orga-test-util.h"

/* A small profile of our own, so that every figure below can be worked
 * out on paper:
 *   @rechercheWeb (1.1) up to 3: skills 1, 2, 3
 *   @sourcesInfo  (1.1) up to 4: skills 2, 3, 4 (it has no skill 1)
 *   @tableur      (1.3) up to 2: skills 1, 2
 * 8 targeted skills; stages at 0, 30, 60 and 90 %. */
static const OrgaProfileTube small_tubes[] = {
  { ORGA_TUBE_RECHERCHE_WEB, 3 },
  { ORGA_TUBE_SOURCES_INFO, 4 },
  { ORGA_TUBE_TABLEUR, 2 },
};

static const OrgaStage small_stages[] = {
  { 0, "Aucune étoile", "" },
  { 30, "1 étoile", "" },
  { 60, "2 étoiles", "" },
  { 90, "3 étoiles", "" },
};

static const OrgaTargetProfile small_profile = {
  "test-small", "Petit parcours", "", ORGA_PROFILE_CATEGORY_OTHER, TRUE, FALSE,
  small_tubes, G_N_ELEMENTS (small_tubes), small_stages, G_N_ELEMENTS (small_stages),
};

#define RW ORGA_TUBE_RECHERCHE_WEB
#define SI ORGA_TUBE_SOURCES_INFO
#define TAB ORGA_TUBE_TABLEUR

/* ------------------------------------------------------------------ */
/* knowledge                                                            */
/* ------------------------------------------------------------------ */

static void
test_knowledge_set (void)
{
  OrgaKnowledge k;

  orga_knowledge_init (&k);
  for (guint i = 0; i < ORGA_N_TUBES_MAX; i++)
    g_assert_true (k.validated[i] == 0 && k.invalidated[i] == 0);

  orga_knowledge_set (&k, RW, 1, TRUE);
  orga_knowledge_set (&k, RW, 3, FALSE);
  orga_knowledge_set (&k, 63, 8, TRUE);
  g_assert_cmphex (k.validated[RW], ==, 0x01);
  g_assert_cmphex (k.invalidated[RW], ==, 0x04);
  g_assert_cmphex (k.validated[63], ==, 0x80);

  /* A later answer replaces an earlier one, both ways. */
  orga_knowledge_set (&k, RW, 3, TRUE);
  g_assert_cmphex (k.validated[RW], ==, 0x05);
  g_assert_cmphex (k.invalidated[RW], ==, 0x00);
  orga_knowledge_set (&k, RW, 1, FALSE);
  g_assert_cmphex (k.validated[RW], ==, 0x04);
  g_assert_cmphex (k.invalidated[RW], ==, 0x01);

  /* A retry keeps what was validated only. */
  orga_knowledge_set (&k, SI, 2, FALSE);
  orga_knowledge_forget_invalidated (&k);
  g_assert_cmphex (k.validated[RW], ==, 0x04);
  g_assert_cmphex (k.validated[63], ==, 0x80);
  for (guint i = 0; i < ORGA_N_TUBES_MAX; i++)
    g_assert_cmphex (k.invalidated[i], ==, 0);
}

static void
test_knowledge_merge (void)
{
  OrgaKnowledge kept, later;

  orga_knowledge_init (&kept);
  orga_knowledge_init (&later);
  orga_knowledge_set (&kept, RW, 1, TRUE);
  orga_knowledge_set (&kept, RW, 2, TRUE);
  orga_knowledge_set (&kept, SI, 2, FALSE);
  orga_knowledge_set (&later, RW, 2, FALSE);   /* replaces a validated one */
  orga_knowledge_set (&later, SI, 2, TRUE);    /* replaces an invalidated one */
  orga_knowledge_set (&later, TAB, 1, TRUE);

  orga_knowledge_merge (&kept, &later);
  g_assert_cmphex (kept.validated[RW], ==, 0x01);
  g_assert_cmphex (kept.invalidated[RW], ==, 0x02);
  g_assert_cmphex (kept.validated[SI], ==, 0x02);
  g_assert_cmphex (kept.invalidated[SI], ==, 0x00);
  g_assert_cmphex (kept.validated[TAB], ==, 0x01);
}

static void
test_knowledge_hex (void)
{
  OrgaKnowledge k, back;
  g_autofree char *hex = NULL;
  g_autofree char *expected = NULL;
  g_autofree char *zeros = g_strnfill (256, '0');

  orga_knowledge_init (&k);
  orga_knowledge_set (&k, 0, 1, TRUE);
  orga_knowledge_set (&k, 0, 2, TRUE);
  orga_knowledge_set (&k, 2, 3, FALSE);
  orga_knowledge_set (&k, 63, 8, TRUE);
  orga_knowledge_set (&k, 63, 5, FALSE);

  /* validated: tube 0 = 03, tube 63 = 80; invalidated: tube 2 = 04,
   * tube 63 = 10. */
  expected = g_strdup (zeros);
  memcpy (expected + 0, "03", 2);
  memcpy (expected + 126, "80", 2);
  memcpy (expected + 128 + 4, "04", 2);
  memcpy (expected + 128 + 126, "10", 2);
  hex = orga_knowledge_to_hex (&k);
  g_assert_cmpstr (hex, ==, expected);

  orga_knowledge_init (&back);
  g_assert_true (orga_knowledge_from_hex (&back, hex));
  g_assert_cmpmem (&back, sizeof back, &k, sizeof k);

  /* All zeros is the empty knowledge. */
  orga_knowledge_set (&back, 5, 5, TRUE);
  g_assert_true (orga_knowledge_from_hex (&back, zeros));
  orga_knowledge_init (&k);
  g_assert_cmpmem (&back, sizeof back, &k, sizeof k);

  /* Malformed: refused, and the knowledge left as it was. */
  {
    const char *bad_bytes[] = { "0A", "0g", " 0", "0-", "\xc3\xa9" };
    g_autofree char *short_one = g_strnfill (255, '0');
    g_autofree char *long_one = g_strnfill (257, '0');
    g_autofree char *half = g_strnfill (128, '0');
    g_autofree char *both = g_strdup (zeros);

    orga_knowledge_init (&k);
    orga_knowledge_set (&k, RW, 2, TRUE);
    back = k;

    g_assert_false (orga_knowledge_from_hex (&back, NULL));
    g_assert_false (orga_knowledge_from_hex (&back, ""));
    g_assert_false (orga_knowledge_from_hex (&back, short_one));
    g_assert_false (orga_knowledge_from_hex (&back, long_one));
    g_assert_false (orga_knowledge_from_hex (&back, half));
    for (guint i = 0; i < G_N_ELEMENTS (bad_bytes); i++)
      {
        g_autofree char *bad = g_strdup (zeros);

        memcpy (bad + 40, bad_bytes[i], 2);
        g_assert_false (orga_knowledge_from_hex (&back, bad));
      }
    /* The same skill validated and invalidated. */
    memcpy (both + 10, "01", 2);
    memcpy (both + 128 + 10, "03", 2);
    g_assert_false (orga_knowledge_from_hex (&back, both));

    g_assert_cmpmem (&back, sizeof back, &k, sizeof k);
  }
}

/* ------------------------------------------------------------------ */
/* the adaptive run                                                     */
/* ------------------------------------------------------------------ */

static void
assert_next (const OrgaTargetProfile *profile,
             const OrgaKnowledge     *kept,
             const OrgaKnowledge     *asked,
             guint                    expected_tube,
             guint                    expected_difficulty)
{
  guint tube = G_MAXUINT, difficulty = G_MAXUINT;

  g_assert_true (orga_assessment_next_skill (profile, kept, asked, &tube, &difficulty));
  g_assert_cmpuint (tube, ==, expected_tube);
  g_assert_cmpuint (difficulty, ==, expected_difficulty);
}

static void
assert_over (const OrgaTargetProfile *profile,
             const OrgaKnowledge     *kept,
             const OrgaKnowledge     *asked)
{
  g_assert_false (orga_assessment_next_skill (profile, kept, asked, NULL, NULL));
  g_assert_cmpfloat (orga_assessment_progression (profile, kept, asked), ==, 1.0);
}

static void
assert_progression (const OrgaTargetProfile *profile,
                    const OrgaKnowledge     *kept,
                    const OrgaKnowledge     *asked,
                    guint                    settled,
                    guint                    targeted)
{
  g_assert_cmpfloat_with_epsilon (orga_assessment_progression (profile, kept, asked),
                                  (double) settled / (double) targeted, 1e-12);
}

/* The first attempt: climbs while right, a wrong answer and a "Je passe"
 * both stop their sujet. */
static void
test_run_first (void)
{
  OrgaKnowledge kept, asked;

  orga_knowledge_init (&kept);
  orga_knowledge_init (&asked);

  assert_progression (&small_profile, &kept, &asked, 0, 8);
  assert_next (&small_profile, &kept, &asked, RW, 1);
  orga_knowledge_set (&asked, RW, 1, TRUE);
  assert_progression (&small_profile, &kept, &asked, 1, 8);
  assert_next (&small_profile, &kept, &asked, RW, 2);
  orga_knowledge_set (&asked, RW, 2, TRUE);
  assert_next (&small_profile, &kept, &asked, RW, 3);
  orga_knowledge_set (&asked, RW, 3, FALSE);           /* wrong */
  assert_progression (&small_profile, &kept, &asked, 3, 8);
  /* @sourcesInfo has no skill 1: it starts at 2. */
  assert_next (&small_profile, &kept, &asked, SI, 2);
  orga_knowledge_set (&asked, SI, 2, FALSE);           /* Je passe */
  /* 3 and 4 of @sourcesInfo are settled without being asked. */
  assert_progression (&small_profile, &kept, &asked, 6, 8);
  assert_next (&small_profile, &kept, &asked, TAB, 1);
  orga_knowledge_set (&asked, TAB, 1, TRUE);
  assert_progression (&small_profile, &kept, &asked, 7, 8);
  assert_next (&small_profile, &kept, &asked, TAB, 2);
  orga_knowledge_set (&asked, TAB, 2, TRUE);
  assert_over (&small_profile, &kept, &asked);

  /* The profile's max level bounds the climb: @rechercheWeb4 exists but
   * is not targeted. */
  orga_knowledge_init (&asked);
  orga_knowledge_set (&asked, RW, 1, TRUE);
  orga_knowledge_set (&asked, RW, 2, TRUE);
  orga_knowledge_set (&asked, RW, 3, TRUE);
  assert_next (&small_profile, &kept, &asked, SI, 2);

  /* A failure at the first skill stops the sujet at once. */
  orga_knowledge_init (&asked);
  orga_knowledge_set (&asked, RW, 1, FALSE);
  assert_next (&small_profile, &kept, &asked, SI, 2);
  assert_progression (&small_profile, &kept, &asked, 3, 8);
}

/* The retry (§4.2): the validated skills are kept and not asked again,
 * the failed or skipped ones are asked again. */
static void
test_run_retry (void)
{
  OrgaKnowledge knowledge, kept, asked;
  OrgaAssessmentScore score;
  guint8 results[3];

  /* The first attempt of test_run_first. */
  orga_knowledge_init (&knowledge);
  orga_knowledge_set (&knowledge, RW, 1, TRUE);
  orga_knowledge_set (&knowledge, RW, 2, TRUE);
  orga_knowledge_set (&knowledge, RW, 3, FALSE);
  orga_knowledge_set (&knowledge, SI, 2, FALSE);
  orga_knowledge_set (&knowledge, TAB, 1, TRUE);
  orga_knowledge_set (&knowledge, TAB, 2, TRUE);

  kept = knowledge;
  orga_knowledge_forget_invalidated (&kept);
  orga_knowledge_init (&asked);

  /* 4 kept of 8. */
  assert_progression (&small_profile, &kept, &asked, 4, 8);
  assert_next (&small_profile, &kept, &asked, RW, 3);
  orga_knowledge_set (&asked, RW, 3, TRUE);
  assert_next (&small_profile, &kept, &asked, SI, 2);
  orga_knowledge_set (&asked, SI, 2, TRUE);
  assert_next (&small_profile, &kept, &asked, SI, 3);
  orga_knowledge_set (&asked, SI, 3, FALSE);
  /* @tableur is wholly kept: nothing more to ask. */
  assert_over (&small_profile, &kept, &asked);

  /* Kept plus this attempt's answers: RW 1 2 3, SI 2, TAB 1 2 = 6 of 8. */
  orga_knowledge_merge (&kept, &asked);
  orga_assessment_score (&small_profile, &kept, &score, results);
  g_assert_cmpuint (score.validated_skills, ==, 6);
  g_assert_cmpuint (score.targeted_skills, ==, 8);
  g_assert_cmpfloat (score.mastery_rate, ==, 0.75);
  g_assert_cmphex (results[0], ==, 0x07);
  g_assert_cmphex (results[1], ==, 0x02);
  g_assert_cmphex (results[2], ==, 0x03);
  /* 1.1: RW1 8/2 + RW2 8/3 + RW3 8/4 + SI2 8/3 = 4 + 2 + 16/3 = 11.33 → 11.
   * 1.3: TAB1 8/1 + TAB2 8/3 = 10.67 → 10. */
  g_assert_cmpuint (score.pix[0], ==, 11);
  g_assert_cmpuint (score.pix[2], ==, 10);
  g_assert_cmpuint (score.pix_score, ==, 21);
  g_assert_cmpuint (score.level[0], ==, 1);
  g_assert_cmpuint (score.level[2], ==, 1);
  g_assert_cmpuint (score.certifiable_competences, ==, 2);
  g_assert_false (score.is_certifiable);
  /* 75 %: the 60 % stage, the third (index 2). */
  g_assert_cmpuint (score.reached_stage, ==, 2);

  /* A skill validated elsewhere above a missing one: the easier one is
   * still asked, and the kept harder one not. */
  orga_knowledge_init (&kept);
  orga_knowledge_init (&asked);
  orga_knowledge_set (&kept, RW, 2, TRUE);
  assert_next (&small_profile, &kept, &asked, RW, 1);
  orga_knowledge_set (&asked, RW, 1, TRUE);
  assert_next (&small_profile, &kept, &asked, RW, 3);
  /* An invalidated skill in the kept knowledge is ignored (forgotten). */
  orga_knowledge_init (&kept);
  orga_knowledge_init (&asked);
  orga_knowledge_set (&kept, RW, 1, FALSE);
  assert_next (&small_profile, &kept, &asked, RW, 1);
}

/* The profiles collection runs over "Les 16 compétences": every sujet
 * of the framework, once, in framework order. */
static void
test_run_collection (void)
{
  const OrgaTargetProfile *all = orga_assessment_profile_for (NULL);
  OrgaKnowledge kept, asked;
  gboolean seen[ORGA_N_TUBES] = { FALSE, };

  g_assert_nonnull (all);
  g_assert_cmpstr (all->id, ==, "16-competences");
  g_assert_true (orga_assessment_profile_for (&small_profile) == &small_profile);
  g_assert_cmpuint (all->n_tubes, ==, orga_framework_get_n_tubes ());
  for (guint i = 0; i < all->n_tubes; i++)
    {
      g_assert_false (seen[all->tubes[i].tube]);
      seen[all->tubes[i].tube] = TRUE;
    }
  /* Up to level 5 in the 56 sujets: 226 skills (counted from the
   * tables with check-items.py's parser). */
  g_assert_cmpuint (orga_target_profile_count_skills (all), ==, 226);

  orga_knowledge_init (&kept);
  orga_knowledge_init (&asked);
  assert_next (NULL, &kept, &asked, ORGA_TUBE_RECHERCHE_WEB, 1);
  orga_knowledge_set (&asked, ORGA_TUBE_RECHERCHE_WEB, 1, FALSE);
  assert_next (NULL, &kept, &asked, ORGA_TUBE_SOURCES_INFO, 2);
  assert_progression (NULL, &kept, &asked, 5, 226);
}

/* Running the whole test answering at random always ends, asks each
 * skill at most once and never a skill above a failure. */
static void
test_run_random (void)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (11);

  for (guint round = 0; round < 200; round++)
    {
      OrgaKnowledge kept, asked;
      guint tube, difficulty, n = 0;
      double last = -1.0;

      orga_knowledge_init (&kept);
      orga_knowledge_init (&asked);
      for (guint t = 0; t < ORGA_N_TUBES; t++)
        if (g_rand_int_range (rand, 0, 4) == 0)
          kept.validated[t] = (guint8) g_rand_int_range (rand, 0, 256);

      while (orga_assessment_next_skill (NULL, &kept, &asked, &tube, &difficulty))
        {
          guint8 bit = (guint8) (1u << (difficulty - 1));
          double progression = orga_assessment_progression (NULL, &kept, &asked);

          g_assert_cmpfloat (progression, >, last);
          g_assert_cmpfloat (progression, <, 1.0);
          last = progression;
          g_assert_false ((asked.validated[tube] | asked.invalidated[tube] | kept.validated[tube]) & bit);
          g_assert_cmpuint (asked.invalidated[tube] & (bit - 1), ==, 0);
          orga_knowledge_set (&asked, tube, difficulty, g_rand_boolean (rand));
          g_assert_cmpuint (++n, <=, 226);
        }
      g_assert_cmpfloat (orga_assessment_progression (NULL, &kept, &asked), ==, 1.0);
    }
}

/* ------------------------------------------------------------------ */
/* scoring                                                              */
/* ------------------------------------------------------------------ */

static void
test_skill_pix (void)
{
  /* 1.1 has @rechercheWeb 1-6, @sourcesInfo 2 3 4 6 7, @veille 3-6,
   * @navigateur 1-4. */
  g_assert_cmpfloat (orga_assessment_skill_pix (RW, 1), ==, 4.0);        /* RW, nav */
  g_assert_cmpfloat_with_epsilon (orga_assessment_skill_pix (RW, 2), 8.0 / 3, 1e-12); /* RW, SI, nav */
  g_assert_cmpfloat (orga_assessment_skill_pix (RW, 3), ==, 2.0);        /* the four */
  g_assert_cmpfloat (orga_assessment_skill_pix (RW, 5), ==, 4.0);        /* RW, veille */
  g_assert_cmpfloat (orga_assessment_skill_pix (SI, 7), ==, 8.0);        /* SI alone */
  g_assert_cmpfloat (orga_assessment_skill_pix (TAB, 1), ==, 8.0);       /* 1.3: tableur alone */
  /* Skills that do not exist earn nothing. */
  g_assert_cmpfloat (orga_assessment_skill_pix (SI, 1), ==, 0.0);
  g_assert_cmpfloat (orga_assessment_skill_pix (RW, 8), ==, 0.0);
  g_assert_cmpfloat (orga_assessment_skill_pix (RW, 0), ==, 0.0);
  g_assert_cmpfloat (orga_assessment_skill_pix (RW, 9), ==, 0.0);
  g_assert_cmpfloat (orga_assessment_skill_pix (ORGA_N_TUBES, 1), ==, 0.0);
  g_assert_cmpfloat (orga_assessment_skill_pix (G_MAXUINT, 1), ==, 0.0);
}

static void
test_score_assessment (void)
{
  OrgaKnowledge k;
  OrgaAssessmentScore score;
  guint8 results[4] = { 0xee, 0xee, 0xee, 0xee };

  g_assert_cmpuint (orga_assessment_results_size (&small_profile), ==, 3);
  g_assert_cmpuint (orga_assessment_results_size (NULL), ==, 16);

  /* Nothing validated. */
  orga_knowledge_init (&k);
  orga_assessment_score (&small_profile, &k, &score, results);
  g_assert_cmpfloat (score.mastery_rate, ==, 0.0);
  g_assert_cmpuint (score.validated_skills, ==, 0);
  g_assert_cmpuint (score.targeted_skills, ==, 8);
  g_assert_cmpuint (score.pix_score, ==, 0);
  g_assert_cmpuint (score.reached_stage, ==, 0);
  g_assert_cmphex (results[0] | results[1] | results[2], ==, 0);
  g_assert_cmphex (results[3], ==, 0xee);   /* only results_size bytes written */

  /* The first attempt of test_run_first, plus skills outside the
   * profile: @rechercheWeb5 and @navigateur1 validated elsewhere. */
  orga_knowledge_set (&k, RW, 1, TRUE);
  orga_knowledge_set (&k, RW, 2, TRUE);
  orga_knowledge_set (&k, RW, 3, FALSE);
  orga_knowledge_set (&k, SI, 2, FALSE);
  orga_knowledge_set (&k, TAB, 1, TRUE);
  orga_knowledge_set (&k, TAB, 2, TRUE);
  orga_assessment_score (&small_profile, &k, &score, results);
  /* 4 of 8 targeted. */
  g_assert_cmpuint (score.validated_skills, ==, 4);
  g_assert_cmpfloat (score.mastery_rate, ==, 0.5);
  g_assert_cmphex (results[0], ==, 0x03);
  g_assert_cmphex (results[1], ==, 0x00);
  g_assert_cmphex (results[2], ==, 0x03);
  /* 1.1: 4 + 8/3 = 6.67 → 6, level 0; 1.3: 8 + 8/3 = 10.67 → 10, level 1. */
  g_assert_cmpuint (score.pix[0], ==, 6);
  g_assert_cmpuint (score.level[0], ==, 0);
  g_assert_cmpuint (score.pix[2], ==, 10);
  g_assert_cmpuint (score.level[2], ==, 1);
  g_assert_cmpuint (score.pix_score, ==, 16);
  g_assert_cmpuint (score.certifiable_competences, ==, 1);
  /* 50 %: the 30 % stage (index 1). */
  g_assert_cmpuint (score.reached_stage, ==, 1);

  /* Skills outside the profile: pix, not mastery nor results. */
  orga_knowledge_set (&k, RW, 5, TRUE);
  orga_knowledge_set (&k, ORGA_TUBE_NAVIGATEUR, 1, TRUE);
  orga_assessment_score (&small_profile, &k, &score, results);
  g_assert_cmpuint (score.validated_skills, ==, 4);
  g_assert_cmphex (results[0], ==, 0x03);
  /* 1.1: 4 + 8/3 + 4 + 4 = 14.67 → 14. */
  g_assert_cmpuint (score.pix[0], ==, 14);
  g_assert_cmpuint (score.level[0], ==, 1);
  g_assert_cmpuint (score.pix_score, ==, 24);

  /* Every targeted skill: 100 %, the last stage; NULL results allowed. */
  orga_knowledge_init (&k);
  for (guint d = 1; d <= 3; d++)
    orga_knowledge_set (&k, RW, d, TRUE);
  for (guint d = 2; d <= 4; d++)
    orga_knowledge_set (&k, SI, d, TRUE);
  orga_knowledge_set (&k, TAB, 1, TRUE);
  orga_knowledge_set (&k, TAB, 2, TRUE);
  orga_assessment_score (&small_profile, &k, &score, NULL);
  g_assert_cmpfloat (score.mastery_rate, ==, 1.0);
  g_assert_cmpuint (score.reached_stage, ==, 3);

  /* 7 of 8 = 87.5 %: rounds to 88, below the 90 % stage. */
  orga_knowledge_set (&k, SI, 4, FALSE);
  orga_assessment_score (&small_profile, &k, &score, NULL);
  g_assert_cmpfloat (score.mastery_rate, ==, 0.875);
  g_assert_cmpuint (score.reached_stage, ==, 2);

  /* A profile without stages reaches stage 0. */
  {
    const OrgaTargetProfile *express = orga_target_profile_find ("diagnostic-express");

    orga_assessment_score (express, &k, &score, NULL);
    g_assert_cmpuint (score.reached_stage, ==, 0);
    /* 16 sujets up to 3: RW 1-3 and TAB 1-2 of these are validated. */
    g_assert_cmpuint (score.validated_skills, ==, 5);
  }
}

/* Shares that add up to whole pix are not lost to floating point, and
 * the pix of a competence are capped at level 7. */
static void
test_score_pix_rules (void)
{
  OrgaKnowledge k;
  OrgaAssessmentScore score;

  /* The three skills of difficulty 2 of 1.1 (RW, SI, nav): 3 × 8/3 = 8,
   * level 1; missing one gives 16/3 = 5.33 → 5. */
  orga_knowledge_init (&k);
  orga_knowledge_set (&k, RW, 2, TRUE);
  orga_knowledge_set (&k, SI, 2, TRUE);
  orga_assessment_score (NULL, &k, &score, NULL);
  g_assert_cmpuint (score.pix[0], ==, 5);
  orga_knowledge_set (&k, ORGA_TUBE_NAVIGATEUR, 2, TRUE);
  orga_assessment_score (NULL, &k, &score, NULL);
  g_assert_cmpuint (score.pix[0], ==, 8);
  g_assert_cmpuint (score.level[0], ==, 1);

  /* 3.4 (@algorithme 1-6, @programmeBlocs 1-6, @python 4-8,
   * @automatisation 3 5 6) has a skill of each difficulty 1 … 8: all of
   * them make 8 × 8 = 64 pix, capped at 56 (level 7). */
  orga_knowledge_init (&k);
  for (guint t = ORGA_TUBE_ALGORITHME; t <= ORGA_TUBE_AUTOMATISATION; t++)
    for (guint d = 1; d <= 8; d++)
      if (orga_framework_get_tube (t)->skills & (1u << (d - 1)))
        orga_knowledge_set (&k, t, d, TRUE);
  orga_assessment_score (NULL, &k, &score, NULL);
  g_assert_cmpuint (score.pix[10], ==, 56);
  g_assert_cmpuint (score.level[10], ==, 7);
  g_assert_cmpuint (score.pix_score, ==, 56);
  /* Without @python8 (8 pix alone): 56, still capped at 56. Without
   * @python7 as well: 48, level 6. */
  orga_knowledge_set (&k, ORGA_TUBE_PYTHON, 8, FALSE);
  orga_assessment_score (NULL, &k, &score, NULL);
  g_assert_cmpuint (score.pix[10], ==, 56);
  orga_knowledge_set (&k, ORGA_TUBE_PYTHON, 7, FALSE);
  orga_assessment_score (NULL, &k, &score, NULL);
  g_assert_cmpuint (score.pix[10], ==, 48);
  g_assert_cmpuint (score.level[10], ==, 6);

  /* Bits of skills that do not exist (@sourcesInfo1) earn nothing. */
  orga_knowledge_init (&k);
  k.validated[SI] = 0x01;
  k.validated[ORGA_N_TUBES_MAX - 1] = 0xff;
  orga_assessment_score (NULL, &k, &score, NULL);
  g_assert_cmpuint (score.pix_score, ==, 0);
}

/* Certifiability: 5 competences at level 1 or more, not 4. */
static void
test_score_certifiable (void)
{
  OrgaKnowledge k;
  OrgaAssessmentScore score;
  guint8 results[ORGA_FRAMEWORK_N_COMPETENCES];

  orga_knowledge_init (&k);
  /* 1.1: RW1 + nav1 = 4 + 4 = 8. */
  orga_knowledge_set (&k, RW, 1, TRUE);
  orga_knowledge_set (&k, ORGA_TUBE_NAVIGATEUR, 1, TRUE);
  /* 1.2: fichiers1 + formats1 = 4 + 4 = 8. */
  orga_knowledge_set (&k, ORGA_TUBE_FICHIERS, 1, TRUE);
  orga_knowledge_set (&k, ORGA_TUBE_FORMATS_FICHIERS, 1, TRUE);
  /* 1.3: tableur1 alone = 8. */
  orga_knowledge_set (&k, TAB, 1, TRUE);
  /* 2.1: courriel1, messagerie1, netiquette1 = 3 × 8/3 = 8. */
  orga_knowledge_set (&k, ORGA_TUBE_COURRIEL, 1, TRUE);
  orga_knowledge_set (&k, ORGA_TUBE_MESSAGERIE_ENT, 1, TRUE);
  orga_knowledge_set (&k, ORGA_TUBE_NETIQUETTE, 1, TRUE);
  orga_assessment_score (NULL, &k, &score, results);
  g_assert_cmpuint (score.certifiable_competences, ==, 4);
  g_assert_false (score.is_certifiable);
  g_assert_cmpuint (score.pix_score, ==, 32);

  /* 2.2: partageDoc1 is the only skill of difficulty 1: 8, level 1. */
  orga_knowledge_set (&k, ORGA_TUBE_PARTAGE_DOC, 1, TRUE);
  orga_assessment_score (NULL, &k, &score, results);
  g_assert_cmpuint (score.certifiable_competences, ==, 5);
  g_assert_true (score.is_certifiable);
  g_assert_cmpuint (score.pix_score, ==, 40);

  /* The profiles collection's results: the 16 capped pix; its mastery
   * the pix score over 16 × 56 = 896; no stage. */
  {
    const guint8 expected[ORGA_FRAMEWORK_N_COMPETENCES] = { 8, 8, 8, 8, 8, 0, };

    g_assert_cmpmem (results, sizeof results, expected, sizeof expected);
    g_assert_cmpfloat_with_epsilon (score.mastery_rate, 40.0 / 896.0, 1e-12);
    g_assert_cmpuint (score.reached_stage, ==, 0);
    /* Of the 226 skills of the 16 competences up to 5, 9 validated. */
    g_assert_cmpuint (score.targeted_skills, ==, 226);
    g_assert_cmpuint (score.validated_skills, ==, 9);
    for (guint c = 0; c < 5; c++)
      g_assert_cmpuint (score.level[c], ==, 1);
  }

  /* Short of 8 pix is level 0: in 2.2, publication2 (one of the two
   * skills of difficulty 2: 4) and droitAuteur3 (one of three: 8/3)
   * make 6.67 → 6 instead of partageDoc1. */
  orga_knowledge_set (&k, ORGA_TUBE_PARTAGE_DOC, 1, FALSE);
  orga_knowledge_set (&k, ORGA_TUBE_PUBLICATION, 2, TRUE);
  orga_knowledge_set (&k, ORGA_TUBE_LICENCES, 3, TRUE);
  orga_assessment_score (NULL, &k, &score, results);
  g_assert_cmpuint (score.pix[4], ==, 6);
  g_assert_cmpuint (score.level[4], ==, 0);
  g_assert_cmpuint (score.certifiable_competences, ==, 4);
  g_assert_false (score.is_certifiable);
}

int
main (int   argc,
      char *argv[])
{
  orga_test_init (&argc, &argv);

  g_test_add_func ("/assessment/knowledge/set", test_knowledge_set);
  g_test_add_func ("/assessment/knowledge/merge", test_knowledge_merge);
  g_test_add_func ("/assessment/knowledge/hex", test_knowledge_hex);
  g_test_add_func ("/assessment/run/first", test_run_first);
  g_test_add_func ("/assessment/run/retry", test_run_retry);
  g_test_add_func ("/assessment/run/collection", test_run_collection);
  g_test_add_func ("/assessment/run/random", test_run_random);
  g_test_add_func ("/assessment/score/skill-pix", test_skill_pix);
  g_test_add_func ("/assessment/score/assessment", test_score_assessment);
  g_test_add_func ("/assessment/score/pix-rules", test_score_pix_rules);
  g_test_add_func ("/assessment/score/certifiable", test_score_certifiable);

  return g_test_run ();
}
