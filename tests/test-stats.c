/* test-stats.c: the participation set and the campaign figures (status
 * counts, activity, mastery buckets, stages, competences, relevance,
 * certifiable competences) against numbers computed by hand
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include "orga-campaign-stats.h"
#include "orga-framework.h"
#include "orga-participation-set.h"
#include "orga-target-profile.h"
#include "orga-test-util.h"

#define EPSILON 1e-9

/* ------------------------------------------------------------------ */
/* A tiny known profile                                                 */
/* ------------------------------------------------------------------ */

/* Three real sujets of the framework, cut at a known level:
 *   tube 0  @rechercheWeb (1.1, skills 1–6) up to 4: D1 D2 D3 D4 = 0x0F,
 *           4 skills, max difficulty 4;
 *   tube 1  @sourcesInfo  (1.1, skills 2 3 4 6 7) up to 6: D2 D3 D4 D6 = 0x2E,
 *           4 skills, max difficulty 6;
 *   tube 2  @courriel     (2.1, skills 1–5) up to 3: D1 D2 D3 = 0x07,
 *           3 skills, max difficulty 3.
 * 11 targeted skills: 8 in 1.1 (competence 0), 3 in 2.1 (competence 3);
 * the highest difficulty of the campaign is 6. Stages at 0, 21, 51, 81 %. */
static OrgaProfileTube tiny_tubes[3];

static const OrgaStage tiny_stages[] = {
  { 0, "0", "" },
  { 21, "1", "" },
  { 51, "2", "" },
  { 81, "3", "" },
};

static OrgaTargetProfile tiny = {
  .id = "tiny",
  .name = "Tiny",
  .tubes = tiny_tubes,
  .n_tubes = G_N_ELEMENTS (tiny_tubes),
  .stages = tiny_stages,
  .n_stages = G_N_ELEMENTS (tiny_stages),
};

static void
tiny_init (void)
{
  static const struct { const char *name; guint8 max_level; } t[] = {
    { "@rechercheWeb", 4 },
    { "@sourcesInfo", 6 },
    { "@courriel", 3 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (t); i++)
    {
      int tube = orga_framework_find_tube (t[i].name);

      g_assert_cmpint (tube, >=, 0);
      tiny_tubes[i].tube = (guint16)tube;
      tiny_tubes[i].max_level = t[i].max_level;
    }
}

static void
test_tiny_profile (void)
{
  guint by_competence[ORGA_FRAMEWORK_N_COMPETENCES];

  /* The hand computations below rest on these. */
  g_assert_cmphex (orga_target_profile_tube_skills (&tiny, 0), ==, 0x0F);
  g_assert_cmphex (orga_target_profile_tube_skills (&tiny, 1), ==, 0x2E);
  g_assert_cmphex (orga_target_profile_tube_skills (&tiny, 2), ==, 0x07);
  g_assert_cmpuint (orga_target_profile_max_difficulty (&tiny), ==, 6);
  g_assert_cmpuint (orga_target_profile_count_skills (&tiny), ==, 11);
  orga_target_profile_count_by_competence (&tiny, by_competence);
  g_assert_cmpuint (by_competence[0], ==, 8);
  g_assert_cmpuint (by_competence[3], ==, 3);
}

/* ------------------------------------------------------------------ */
/* helpers                                                              */
/* ------------------------------------------------------------------ */

static gint64
utc (const char *iso)
{
  g_autoptr(GDateTime) dt = g_date_time_new_from_iso8601 (iso, NULL);

  g_assert_nonnull (dt);
  return g_date_time_to_unix (dt);
}

static void
add (OrgaParticipationSet    *set,
     gint64                   learner_id,
     OrgaParticipationStatus  status,
     gboolean                 improved,
     double                   mastery,
     guint                    validated,
     const guint8            *results)
{
  OrgaParticipation p = {
    .id = orga_participation_set_get_n (set) + 1,
    .learner_id = learner_id,
    .last_name = "Martin",
    .first_name = "Léa",
    .division = "6A",
    .status = status,
    .created_at = utc ("2024-09-10T08:00:00Z"),
    .shared_at = status == ORGA_PARTICIPATION_SHARED ? utc ("2024-09-11T08:00:00Z") : 0,
    .mastery_rate = mastery,
    .progression = status == ORGA_PARTICIPATION_STARTED ? 0.5 : 1.0,
    .validated_skills = validated,
    .is_improved = improved,
    .attempt = 1,
    .results = results,
  };

  orga_participation_set_add (set, &p);
}

/* The three shared participants of the hand computations:
 *   P1: tube 0 D1 D2 (0x03), tube 1 D2 D3 (0x06), tube 2 nothing:
 *       4 of 11 validated, mastery 4/11 = 36.4 %;
 *   P2: tube 0 all (0x0F), tube 1 all (0x2E), tube 2 D1 (0x01):
 *       9 of 11, 81.8 %;
 *   P3: tube 0 D1 D3 (0x05, a gap), tube 1 nothing, tube 2 all (0x07):
 *       5 of 11, 45.5 %. */
static const guint8 P1[3] = { 0x03, 0x06, 0x00 };
static const guint8 P2[3] = { 0x0F, 0x2E, 0x01 };
static const guint8 P3[3] = { 0x05, 0x00, 0x07 };
static const guint8 ZERO[3] = { 0, 0, 0 };
static const guint8 ALL[3] = { 0x0F, 0x2E, 0x07 };

/* P1–P3 shared, plus what must be left out: an improved shared attempt of
 * P1's learner (everything validated, so it would change every figure),
 * an improved attempt of P2's, one TO_SHARE and one STARTED with full
 * live results. */
static OrgaParticipationSet *
three_participants (void)
{
  OrgaParticipationSet *set = orga_participation_set_new (3);

  add (set, 1, ORGA_PARTICIPATION_SHARED, TRUE, 1.0, 11, ALL);
  add (set, 1, ORGA_PARTICIPATION_SHARED, FALSE, 4.0 / 11, 4, P1);
  add (set, 2, ORGA_PARTICIPATION_SHARED, TRUE, 0.0, 0, ZERO);
  add (set, 2, ORGA_PARTICIPATION_SHARED, FALSE, 9.0 / 11, 9, P2);
  add (set, 3, ORGA_PARTICIPATION_SHARED, FALSE, 5.0 / 11, 5, P3);
  add (set, 4, ORGA_PARTICIPATION_TO_SHARE, FALSE, 1.0, 11, ALL);
  add (set, 5, ORGA_PARTICIPATION_STARTED, FALSE, 1.0, 11, ALL);

  return set;
}

/* ------------------------------------------------------------------ */
/* OrgaParticipationSet                                                 */
/* ------------------------------------------------------------------ */

static void
test_status_strings (void)
{
  OrgaParticipationStatus status = ORGA_PARTICIPATION_STARTED;

  g_assert_cmpstr (orga_participation_status_to_string (ORGA_PARTICIPATION_STARTED), ==, "STARTED");
  g_assert_cmpstr (orga_participation_status_to_string (ORGA_PARTICIPATION_TO_SHARE), ==, "TO_SHARE");
  g_assert_cmpstr (orga_participation_status_to_string (ORGA_PARTICIPATION_SHARED), ==, "SHARED");
  g_assert_true (orga_participation_status_from_string ("SHARED", &status));
  g_assert_cmpint (status, ==, ORGA_PARTICIPATION_SHARED);
  g_assert_true (orga_participation_status_from_string ("TO_SHARE", &status));
  g_assert_cmpint (status, ==, ORGA_PARTICIPATION_TO_SHARE);
  g_assert_false (orga_participation_status_from_string ("shared", &status));
  g_assert_false (orga_participation_status_from_string ("", &status));
  g_assert_false (orga_participation_status_from_string (NULL, &status));
  g_assert_cmpint (status, ==, ORGA_PARTICIPATION_TO_SHARE);
}

static void
test_set_storage (void)
{
  g_autoptr(OrgaParticipationSet) set = orga_participation_set_new (5);
  char name[32];
  char klass[8];
  guint8 results[5];
  const OrgaParticipation *a;
  const OrgaParticipation *b;
  const guint n = 100000;

  g_assert_cmpuint (orga_participation_set_get_results_size (set), ==, 5);

  /* Enough rows to fill many result blocks and regrow the array. */
  for (guint i = 0; i < n; i++)
    {
      OrgaParticipation p = { 0 };

      g_snprintf (name, sizeof name, "NOM%u", i);
      g_snprintf (klass, sizeof klass, "%uA", 3 + i % 4);
      for (guint k = 0; k < 5; k++)
        results[k] = (guint8)(i * 7 + k);

      p.id = i + 1;
      p.learner_id = 1000 + i;
      p.last_name = name;
      p.first_name = "Lou";
      p.division = klass;
      p.external_id = i % 2 ? name : NULL;
      p.status = i % 3;
      p.created_at = 1700000000 + i;
      p.mastery_rate = (i % 101) / 100.0;
      p.is_improved = i % 10 == 0;
      p.results = results;
      orga_participation_set_add (set, &p);
    }

  g_assert_cmpuint (orga_participation_set_get_n (set), ==, n);
  /* Every tenth is improved. */
  g_assert_cmpuint (orga_participation_set_count_current (set), ==, n - n / 10);

  for (guint i = 0; i < n; i += 997)
    {
      const OrgaParticipation *p = orga_participation_set_get (set, i);

      g_snprintf (name, sizeof name, "NOM%u", i);
      g_snprintf (klass, sizeof klass, "%uA", 3 + i % 4);
      g_assert_cmpint (p->id, ==, i + 1);
      g_assert_cmpint (p->learner_id, ==, 1000 + i);
      g_assert_cmpstr (p->last_name, ==, name);
      g_assert_cmpstr (p->first_name, ==, "Lou");
      g_assert_cmpstr (p->division, ==, klass);
      g_assert_cmpstr (p->external_id, ==, i % 2 ? name : NULL);
      g_assert_cmpint (p->created_at, ==, 1700000000 + i);
      for (guint k = 0; k < 5; k++)
        g_assert_cmpuint (p->results[k], ==, (guint8)(i * 7 + k));
    }

  /* Repeated strings are stored once. */
  a = orga_participation_set_get (set, 0);
  b = orga_participation_set_get (set, 4);
  g_assert_true (a->division == b->division);
  g_assert_true (a->first_name == b->first_name);
  g_assert_true (a->results != b->results);
}

static void
test_set_defaults (void)
{
  g_autoptr(OrgaParticipationSet) set = orga_participation_set_new (3);
  g_autoptr(OrgaParticipationSet) none = orga_participation_set_new (0);
  OrgaParticipation p = { .id = 1, .last_name = "A", .first_name = "B" };
  const OrgaParticipation *got;

  /* No class and no results become "" and zeros. */
  orga_participation_set_add (set, &p);
  got = orga_participation_set_get (set, 0);
  g_assert_cmpstr (got->division, ==, "");
  g_assert_null (got->external_id);
  g_assert_nonnull (got->results);
  g_assert_cmpmem (got->results, 3, ZERO, 3);

  orga_participation_set_add (none, &p);
  g_assert_cmpuint (orga_participation_set_get_n (none), ==, 1);
  g_assert_null (orga_participation_set_get (none, 0)->results);
}

static void
test_shared_attempts (void)
{
  g_autoptr(OrgaParticipationSet) set = three_participants ();

  /* Learner 1: the improved shared attempt and the current one. */
  g_assert_cmpuint (orga_participation_set_count_shared_attempts (set, 1), ==, 2);
  g_assert_cmpuint (orga_participation_set_count_shared_attempts (set, 2), ==, 2);
  g_assert_cmpuint (orga_participation_set_count_shared_attempts (set, 3), ==, 1);
  /* TO_SHARE and STARTED are not sent results. */
  g_assert_cmpuint (orga_participation_set_count_shared_attempts (set, 4), ==, 0);
  g_assert_cmpuint (orga_participation_set_count_shared_attempts (set, 5), ==, 0);
  g_assert_cmpuint (orga_participation_set_count_shared_attempts (set, 99), ==, 0);
  /* 7 rows, 2 improved. */
  g_assert_cmpuint (orga_participation_set_count_current (set), ==, 5);

  /* The index follows additions. */
  add (set, 3, ORGA_PARTICIPATION_SHARED, FALSE, 0.5, 1, P1);
  g_assert_cmpuint (orga_participation_set_count_shared_attempts (set, 3), ==, 2);
  g_assert_cmpuint (orga_participation_set_count_shared_attempts (set, 1), ==, 2);
}

/* ------------------------------------------------------------------ */
/* Activité                                                             */
/* ------------------------------------------------------------------ */

static void
test_status_counts (void)
{
  g_autoptr(OrgaParticipationSet) set = three_participants ();
  guint counts[3] = { 9, 9, 9 };

  /* The two improved attempts are left out: 3 shared, 1 to share,
   * 1 started. */
  orga_stats_count_status (set, counts);
  g_assert_cmpuint (counts[ORGA_PARTICIPATION_STARTED], ==, 1);
  g_assert_cmpuint (counts[ORGA_PARTICIPATION_TO_SHARE], ==, 1);
  g_assert_cmpuint (counts[ORGA_PARTICIPATION_SHARED], ==, 3);
}

static void
add_dated (OrgaParticipationSet    *set,
           OrgaParticipationStatus  status,
           gboolean                 improved,
           const char              *created,
           const char              *shared)
{
  OrgaParticipation p = {
    .learner_id = orga_participation_set_get_n (set) + 1,
    .last_name = "X",
    .first_name = "Y",
    .status = status,
    .created_at = utc (created),
    .shared_at = shared != NULL ? utc (shared) : 0,
    .is_improved = improved,
  };

  orga_participation_set_add (set, &p);
}

static void
test_activity_autumn_dst (void)
{
  g_autoptr(OrgaParticipationSet) set = orga_participation_set_new (0);
  g_autoptr(OrgaActivity) activity = NULL;
  /* 2024-10-26 is day 20022 since 1970-01-01. Paris leaves summer time on
   * 2024-10-27 at 01:00 UTC (03:00 CEST becomes 02:00 CET). */
  static const gint64 days[] = { 20022, 20023, 20024, 20025, 20026 };
  /*                                26/10 27/10 28/10 29/10 30/10 */
  static const guint total[] = { 1, 3, 4, 5, 5 };
  static const guint shared[] = { 0, 1, 1, 1, 2 };

  /* A: 23:59:59 CEST on 26/10. */
  add_dated (set, ORGA_PARTICIPATION_TO_SHARE, FALSE, "2024-10-26T21:59:59Z", NULL);
  /* B: 00:30 CEST on 27/10, although still the 26th in UTC; shared at
   * 23:59:59 CET on 27/10 (UTC day of the change). */
  add_dated (set, ORGA_PARTICIPATION_SHARED, FALSE, "2024-10-26T22:30:00Z", "2024-10-27T22:59:59Z");
  /* F: 02:30 CEST on 27/10, before the change, in the same UTC day. */
  add_dated (set, ORGA_PARTICIPATION_STARTED, FALSE, "2024-10-27T00:30:00Z", NULL);
  /* C: 00:00 CET on 28/10 (23:00 UTC on the 27th); shared on 30/10. */
  add_dated (set, ORGA_PARTICIPATION_SHARED, FALSE, "2024-10-27T23:00:00Z", "2024-10-30T10:00:00Z");
  /* D: improved: neither its creation nor its sharing on 5/11 counts, so
   * the timeline does not reach November. */
  add_dated (set, ORGA_PARTICIPATION_SHARED, TRUE, "2024-10-20T10:00:00Z", "2024-11-05T10:00:00Z");
  /* E: started on 29/10. */
  add_dated (set, ORGA_PARTICIPATION_STARTED, FALSE, "2024-10-29T12:00:00Z", NULL);

  activity = orga_stats_activity (set);
  g_assert_cmpuint (activity->n_days, ==, G_N_ELEMENTS (days));
  for (guint d = 0; d < G_N_ELEMENTS (days); d++)
    {
      g_assert_cmpint (activity->days[d], ==, days[d]);
      g_assert_cmpuint (activity->total[d], ==, total[d]);
      g_assert_cmpuint (activity->shared[d], ==, shared[d]);
    }
}

static void
test_activity_spring_dst (void)
{
  g_autoptr(OrgaParticipationSet) set = orga_participation_set_new (0);
  g_autoptr(OrgaActivity) activity = NULL;

  /* 2024-03-31 (day 19813): Paris goes to summer time at 01:00 UTC.
   * 23:30 UTC on the 30th is 00:30 CET on the 31st; 21:59:59 UTC on the
   * 31st is 23:59:59 CEST on the 31st; 22:30 UTC on the 31st is 00:30 CEST
   * on 1/04 (19814). Shared the same instant as created counts that day. */
  add_dated (set, ORGA_PARTICIPATION_SHARED, FALSE, "2024-03-30T23:30:00Z", "2024-03-31T21:59:59Z");
  add_dated (set, ORGA_PARTICIPATION_SHARED, FALSE, "2024-03-31T22:30:00Z", "2024-03-31T22:30:00Z");

  activity = orga_stats_activity (set);
  g_assert_cmpuint (activity->n_days, ==, 2);
  g_assert_cmpint (activity->days[0], ==, 19813);
  g_assert_cmpint (activity->days[1], ==, 19814);
  g_assert_cmpuint (activity->total[0], ==, 1);
  g_assert_cmpuint (activity->total[1], ==, 2);
  g_assert_cmpuint (activity->shared[0], ==, 1);
  g_assert_cmpuint (activity->shared[1], ==, 2);
}

static void
test_activity_padding (void)
{
  g_autoptr(OrgaParticipationSet) set = orga_participation_set_new (0);
  g_autoptr(OrgaActivity) activity = NULL;
  g_autoptr(OrgaParticipationSet) empty = orga_participation_set_new (0);
  g_autoptr(OrgaActivity) nothing = NULL;

  /* Summer: 22:00 UTC on 30/06 is midnight on 1/07 (day 19905). Created on
   * 1/07, nothing for nine days, shared on 11/07: 11 days, every one
   * present; the shared series starts at 0 and both end on 11/07. */
  add_dated (set, ORGA_PARTICIPATION_SHARED, FALSE, "2024-06-30T22:00:00Z", "2024-07-11T09:00:00Z");

  activity = orga_stats_activity (set);
  g_assert_cmpuint (activity->n_days, ==, 11);
  for (guint d = 0; d < 11; d++)
    {
      g_assert_cmpint (activity->days[d], ==, 19905 + d);
      g_assert_cmpuint (activity->total[d], ==, 1);
      g_assert_cmpuint (activity->shared[d], ==, d == 10 ? 1 : 0);
    }

  nothing = orga_stats_activity (empty);
  g_assert_nonnull (nothing);
  g_assert_cmpuint (nothing->n_days, ==, 0);
}

static void
test_activity_bounded (void)
{
  g_autoptr(OrgaParticipationSet) set = orga_participation_set_new (0);
  g_autoptr(OrgaActivity) activity = NULL;
  OrgaParticipation p = { .last_name = "X", .first_name = "Y" };

  /* A broken date far in the past must not allocate millions of days; it
   * is counted on the first day shown. */
  p.created_at = -(gint64)60 * 60 * 24 * 365 * 5000;
  orga_participation_set_add (set, &p);
  p.created_at = utc ("2024-10-01T10:00:00Z");
  orga_participation_set_add (set, &p);

  activity = orga_stats_activity (set);
  g_assert_cmpuint (activity->n_days, <=, 100 * 366);
  g_assert_cmpuint (activity->total[0], ==, 1);
  g_assert_cmpuint (activity->total[activity->n_days - 1], ==, 2);
}

/* ------------------------------------------------------------------ */
/* Résultats                                                            */
/* ------------------------------------------------------------------ */

static void
test_average_mastery (void)
{
  g_autoptr(OrgaParticipationSet) set = three_participants ();
  g_autoptr(OrgaParticipationSet) empty = orga_participation_set_new (3);

  /* (4 + 9 + 5) / 11 / 3 = 18/33: the improved, TO_SHARE and STARTED rows
   * (all at 100 % or 0 %) are left out. */
  g_assert_cmpfloat_with_epsilon (orga_stats_average_mastery (set), 18.0 / 33.0, EPSILON);
  g_assert_true (isnan (orga_stats_average_mastery (empty)));
}

static void
test_buckets (void)
{
  /* percent = round(mastery × 100); 0–10 → 0, 11–20 → 1, …, 91–100 → 9 */
  g_assert_cmpuint (orga_stats_bucket_for_mastery (0.0), ==, 0);
  g_assert_cmpuint (orga_stats_bucket_for_mastery (0.10), ==, 0);
  g_assert_cmpuint (orga_stats_bucket_for_mastery (0.104), ==, 0);   /* 10.4 → 10 */
  g_assert_cmpuint (orga_stats_bucket_for_mastery (0.105), ==, 1);   /* 10.5 → 11 */
  g_assert_cmpuint (orga_stats_bucket_for_mastery (0.11), ==, 1);
  g_assert_cmpuint (orga_stats_bucket_for_mastery (0.20), ==, 1);
  g_assert_cmpuint (orga_stats_bucket_for_mastery (0.2049), ==, 1);  /* 20.49 → 20 */
  g_assert_cmpuint (orga_stats_bucket_for_mastery (0.205), ==, 2);   /* 20.5 → 21 */
  g_assert_cmpuint (orga_stats_bucket_for_mastery (0.21), ==, 2);
  g_assert_cmpuint (orga_stats_bucket_for_mastery (0.50), ==, 4);
  g_assert_cmpuint (orga_stats_bucket_for_mastery (0.51), ==, 5);
  g_assert_cmpuint (orga_stats_bucket_for_mastery (0.9049), ==, 8);  /* 90.49 → 90 */
  g_assert_cmpuint (orga_stats_bucket_for_mastery (0.905), ==, 9);   /* 90.5 → 91 */
  g_assert_cmpuint (orga_stats_bucket_for_mastery (0.91), ==, 9);
  g_assert_cmpuint (orga_stats_bucket_for_mastery (1.0), ==, 9);
  /* Out of range or missing values stay in the chart's range. */
  g_assert_cmpuint (orga_stats_bucket_for_mastery (-0.2), ==, 0);
  g_assert_cmpuint (orga_stats_bucket_for_mastery (1.7), ==, 9);
  g_assert_cmpuint (orga_stats_bucket_for_mastery (NAN), ==, 0);
}

static void
test_distribution (void)
{
  g_autoptr(OrgaParticipationSet) set = three_participants ();
  guint buckets[ORGA_STATS_N_BUCKETS];
  /* P1 4/11 = 36.4 % → 36 → bar 3 (31–40); P2 9/11 = 81.8 % → 82 →
   * bar 8 (81–90); P3 5/11 = 45.45 % → 45 → bar 4 (41–50). */
  static const guint expected[ORGA_STATS_N_BUCKETS] = { 0, 0, 0, 1, 1, 0, 0, 0, 1, 0 };

  orga_stats_distribution (set, buckets);
  g_assert_cmpmem (buckets, sizeof buckets, expected, sizeof expected);
}

static void
test_stages (void)
{
  g_autoptr(OrgaParticipationSet) set = three_participants ();
  g_autoptr(OrgaParticipationSet) empty = orga_participation_set_new (3);
  guint counts[4];
  OrgaTargetProfile no_stages = tiny;

  /* Stages at 0, 21, 51, 81 %: P1 36 % → 1, P2 82 % → 3, P3 45 % → 1.
   * Counts 0, 2, 0, 1; average (1 + 3 + 1) / 3 = 5/3. */
  g_assert_cmpfloat_with_epsilon (orga_stats_stages (&tiny, set, counts), 5.0 / 3.0, EPSILON);
  g_assert_cmpuint (counts[0], ==, 0);
  g_assert_cmpuint (counts[1], ==, 2);
  g_assert_cmpuint (counts[2], ==, 0);
  g_assert_cmpuint (counts[3], ==, 1);

  /* Edges: 20.4 % → 20 → stage 0; 20.5 % → 21 → stage 1; 100 % → 3. */
  add (empty, 1, ORGA_PARTICIPATION_SHARED, FALSE, 0.204, 0, ZERO);
  add (empty, 2, ORGA_PARTICIPATION_SHARED, FALSE, 0.205, 0, ZERO);
  add (empty, 3, ORGA_PARTICIPATION_SHARED, FALSE, 1.0, 11, ALL);
  g_assert_cmpfloat_with_epsilon (orga_stats_stages (&tiny, empty, counts), 4.0 / 3.0, EPSILON);
  g_assert_cmpuint (counts[0], ==, 1);
  g_assert_cmpuint (counts[1], ==, 1);
  g_assert_cmpuint (counts[2], ==, 0);
  g_assert_cmpuint (counts[3], ==, 1);

  no_stages.n_stages = 0;
  g_assert_true (isnan (orga_stats_stages (&no_stages, set, NULL)));
}

static void
test_stages_none_shared (void)
{
  g_autoptr(OrgaParticipationSet) set = orga_participation_set_new (3);
  guint counts[4] = { 7, 7, 7, 7 };

  add (set, 1, ORGA_PARTICIPATION_TO_SHARE, FALSE, 0.9, 10, ALL);
  g_assert_true (isnan (orga_stats_stages (&tiny, set, counts)));
  for (guint i = 0; i < 4; i++)
    g_assert_cmpuint (counts[i], ==, 0);
}

/* ------------------------------------------------------------------ */
/* Analyse                                                              */
/* ------------------------------------------------------------------ */

static void
test_participation_competences (void)
{
  guint validated[ORGA_FRAMEWORK_N_COMPETENCES];
  guint targeted[ORGA_FRAMEWORK_N_COMPETENCES];
  /* Bits outside the targeted skills (D5–D8 in tube 0, D1 and D5 in tube
   * 1, D4+ in tube 2) must not count. */
  static const guint8 noisy[3] = { 0xF3, 0x17, 0xFC };
  OrgaParticipation p = { .results = P2 };

  /* P2: 1.1 has 4 + 4 of 8, 2.1 has 1 of 3. */
  orga_stats_participation_competences (&tiny, &p, validated, targeted);
  for (guint c = 0; c < ORGA_FRAMEWORK_N_COMPETENCES; c++)
    {
      g_assert_cmpuint (targeted[c], ==, c == 0 ? 8 : c == 3 ? 3 : 0);
      g_assert_cmpuint (validated[c], ==, c == 0 ? 8 : c == 3 ? 1 : 0);
    }

  /* noisy: tube 0 0xF3 & 0x0F = D1 D2; tube 1 0x17 & 0x2E = D2 D3;
   * tube 2 0xFC & 0x07 = D3. */
  p.results = noisy;
  orga_stats_participation_competences (&tiny, &p, validated, targeted);
  g_assert_cmpuint (validated[0], ==, 4);
  g_assert_cmpuint (validated[3], ==, 1);
}

static void
test_competence_averages (void)
{
  g_autoptr(OrgaParticipationSet) set = three_participants ();
  g_autoptr(OrgaParticipationSet) empty = orga_participation_set_new (3);
  double averages[ORGA_FRAMEWORK_N_COMPETENCES];

  /* 1.1 (8 targeted): P1 2 + 2 = 4, P2 8, P3 2 + 0 = 2:
   *   (4/8 + 8/8 + 2/8) / 3 = 14/24.
   * 2.1 (3 targeted): P1 0, P2 1, P3 3: (0 + 1/3 + 1) / 3 = 4/9. */
  orga_stats_competence_averages (&tiny, set, averages);
  for (guint c = 0; c < ORGA_FRAMEWORK_N_COMPETENCES; c++)
    {
      if (c == 0)
        g_assert_cmpfloat_with_epsilon (averages[c], 14.0 / 24.0, EPSILON);
      else if (c == 3)
        g_assert_cmpfloat_with_epsilon (averages[c], 4.0 / 9.0, EPSILON);
      else
        g_assert_true (isnan (averages[c]));
    }

  orga_stats_competence_averages (&tiny, empty, averages);
  for (guint c = 0; c < ORGA_FRAMEWORK_N_COMPETENCES; c++)
    g_assert_true (isnan (averages[c]));
}

static void
assert_relevance (GArray        *result,
                  guint          tube,
                  double         score,
                  OrgaRelevance  relevance)
{
  const OrgaTubeRelevance *r = &g_array_index (result, OrgaTubeRelevance, tube);

  g_assert_cmpuint (r->tube, ==, tube);
  g_assert_cmpfloat_with_epsilon (r->score, score, 1e-9);
  g_assert_cmpint (r->relevance, ==, relevance);
}

/* Per participant, per tube:
 *   40/maxDiffInTube × reached + 30/6 × maxDiffInTube
 *   + 20/skillsInTube × validated + (validated ? 10/next × reached : 0)
 *
 * Tube 0 (0x0F, max 4, 4 skills, difficulty term 30/6 × 4 = 20):
 *   P1 D1 D2: reached 2, next 3: 20 + 20 + 10 + 20/3     = 56.667
 *   P2 all:   reached 4, next 4: 40 + 20 + 20 + 10       = 90
 *   P3 D1 D3: reached 3, next 2: 30 + 20 + 10 + 15       = 75
 * Tube 1 (0x2E: D2 D3 D4 D6, max 6, 4 skills, term 30):
 *   P1 D2 D3: reached 3, next 4: 20 + 30 + 10 + 7.5      = 67.5
 *   P2 all:   reached 6, next 6: 40 + 30 + 20 + 10       = 100
 *   P3 none:                     0 + 30 + 0 + 0          = 30
 * Tube 2 (0x07, max 3, 3 skills, term 15):
 *   P1 none:                     15
 *   P2 D1:    reached 1, next 2: 40/3 + 15 + 20/3 + 5    = 40
 *   P3 all:   reached 3, next 3: 40 + 15 + 20 + 10       = 85 */
#define T0_P1 (20.0 + 20.0 + 10.0 + 20.0 / 3.0)
#define T0_P2 90.0
#define T0_P3 75.0
#define T1_P1 67.5
#define T1_P2 100.0
#define T1_P3 30.0
#define T2_P1 15.0
#define T2_P2 40.0
#define T2_P3 85.0

static void
test_relevance_three (void)
{
  g_autoptr(OrgaParticipationSet) set = three_participants ();
  g_autoptr(GArray) result = orga_stats_tube_relevance (&tiny, set, NULL);

  g_assert_cmpuint (result->len, ==, 3);
  /* (56.667 + 90 + 75) / 3 = 73.889 → Recommandé */
  assert_relevance (result, 0, (T0_P1 + T0_P2 + T0_P3) / 3, ORGA_RELEVANCE_RECOMMENDED);
  /* (67.5 + 100 + 30) / 3 = 65.833 → Recommandé */
  assert_relevance (result, 1, (T1_P1 + T1_P2 + T1_P3) / 3, ORGA_RELEVANCE_RECOMMENDED);
  /* (15 + 40 + 85) / 3 = 46.667 → Fortement recommandé */
  assert_relevance (result, 2, (T2_P1 + T2_P2 + T2_P3) / 3, ORGA_RELEVANCE_STRONGLY);
}

static void
test_relevance_one_and_two (void)
{
  g_autoptr(OrgaParticipationSet) two = orga_participation_set_new (3);
  g_autoptr(OrgaParticipationSet) one = orga_participation_set_new (3);
  g_autoptr(OrgaParticipationSet) empty = orga_participation_set_new (3);
  g_autoptr(GArray) r2 = NULL;
  g_autoptr(GArray) r1 = NULL;
  g_autoptr(GArray) r0 = NULL;
  g_autoptr(GArray) only = NULL;
  OrgaParticipation p1 = { .results = P1 };

  add (two, 1, ORGA_PARTICIPATION_SHARED, FALSE, 4.0 / 11, 4, P1);
  add (two, 2, ORGA_PARTICIPATION_SHARED, FALSE, 9.0 / 11, 9, P2);
  r2 = orga_stats_tube_relevance (&tiny, two, NULL);
  /* (56.667 + 90) / 2 = 73.333; (67.5 + 100) / 2 = 83.75; (15 + 40) / 2 = 27.5 */
  assert_relevance (r2, 0, (T0_P1 + T0_P2) / 2, ORGA_RELEVANCE_RECOMMENDED);
  assert_relevance (r2, 1, (T1_P1 + T1_P2) / 2, ORGA_RELEVANCE_FAIRLY);
  assert_relevance (r2, 2, (T2_P1 + T2_P2) / 2, ORGA_RELEVANCE_STRONGLY);

  add (one, 3, ORGA_PARTICIPATION_SHARED, FALSE, 5.0 / 11, 5, P3);
  r1 = orga_stats_tube_relevance (&tiny, one, NULL);
  assert_relevance (r1, 0, T0_P3, ORGA_RELEVANCE_RECOMMENDED);      /* 75: still ≤ 75 */
  assert_relevance (r1, 1, T1_P3, ORGA_RELEVANCE_STRONGLY);         /* 30 */
  assert_relevance (r1, 2, T2_P3, ORGA_RELEVANCE_FAIRLY);           /* 85 */

  /* One participation on its own, whatever its set. */
  only = orga_stats_tube_relevance (&tiny, NULL, &p1);
  assert_relevance (only, 0, T0_P1, ORGA_RELEVANCE_RECOMMENDED);
  assert_relevance (only, 1, T1_P1, ORGA_RELEVANCE_RECOMMENDED);
  assert_relevance (only, 2, T2_P1, ORGA_RELEVANCE_VERY_STRONGLY);  /* 15 */

  r0 = orga_stats_tube_relevance (&tiny, empty, NULL);
  g_assert_cmpuint (r0->len, ==, 3);
  for (guint i = 0; i < 3; i++)
    g_assert_true (isnan (g_array_index (r0, OrgaTubeRelevance, i).score));
}

static void
assert_label (OrgaRelevance  relevance,
              const char    *french,
              const char    *english)
{
  const char *label = orga_relevance_get_label (relevance);

  if (g_strcmp0 (label, french) != 0)
    g_assert_cmpstr (label, ==, english);
}

static void
test_relevance_labels (void)
{
  g_assert_cmpint (orga_relevance_for_score (0), ==, ORGA_RELEVANCE_VERY_STRONGLY);
  g_assert_cmpint (orga_relevance_for_score (25), ==, ORGA_RELEVANCE_VERY_STRONGLY);
  g_assert_cmpint (orga_relevance_for_score (25.01), ==, ORGA_RELEVANCE_STRONGLY);
  g_assert_cmpint (orga_relevance_for_score (50), ==, ORGA_RELEVANCE_STRONGLY);
  g_assert_cmpint (orga_relevance_for_score (50.01), ==, ORGA_RELEVANCE_RECOMMENDED);
  g_assert_cmpint (orga_relevance_for_score (75), ==, ORGA_RELEVANCE_RECOMMENDED);
  g_assert_cmpint (orga_relevance_for_score (75.01), ==, ORGA_RELEVANCE_FAIRLY);
  g_assert_cmpint (orga_relevance_for_score (100), ==, ORGA_RELEVANCE_FAIRLY);

  /* French once po/fragments/stats.po is merged into fr.po, English
   * before. */
  assert_label (ORGA_RELEVANCE_VERY_STRONGLY, "Très recommandé", "Very strongly recommended");
  assert_label (ORGA_RELEVANCE_STRONGLY, "Fortement recommandé", "Strongly recommended");
  assert_label (ORGA_RELEVANCE_RECOMMENDED, "Recommandé", "Recommended");
  assert_label (ORGA_RELEVANCE_FAIRLY, "Assez recommandé", "Fairly recommended");
}

/* ------------------------------------------------------------------ */
/* Profiles collections                                                 */
/* ------------------------------------------------------------------ */

static void
test_certifiable_competences (void)
{
  /* Levels floor(pix / 8), capped at 7: 8 → 1 yes, 7 → 0 no, 56 → 7 yes,
   * 200 → 7 yes, 0 no, 15 → 1 yes, 16 → 2 yes, 9 → 1 yes: 6. */
  guint8 pix[ORGA_FRAMEWORK_N_COMPETENCES] = { 8, 7, 56, 200, 0, 15, 16, 9 };
  guint8 four[ORGA_FRAMEWORK_N_COMPETENCES] = { 8, 8, 8, 8, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7 };
  OrgaParticipation p = { .results = pix };
  OrgaParticipation none = { .results = NULL };

  g_assert_cmpuint (orga_stats_certifiable_competences (&p), ==, 6);
  p.results = four;
  g_assert_cmpuint (orga_stats_certifiable_competences (&p), ==, 4);
  g_assert_cmpuint (orga_stats_certifiable_competences (&none), ==, 0);
}

/* ------------------------------------------------------------------ */
/* 100,000 participations                                               */
/* ------------------------------------------------------------------ */

static void
test_large (void)
{
  g_autoptr(OrgaParticipationSet) set = orga_participation_set_new (3);
  g_autoptr(OrgaActivity) activity = NULL;
  g_autoptr(GArray) relevance = NULL;
  g_autoptr(GRand) rand = g_rand_new_with_seed (42);
  guint buckets[ORGA_STATS_N_BUCKETS];
  guint counts[3];
  guint stages[4];
  double averages[ORGA_FRAMEWORK_N_COMPETENCES];
  gint64 start = utc ("2024-09-02T06:00:00Z");
  gint64 t0, t1;
  guint sum = 0;

  for (guint i = 0; i < 100000; i++)
    {
      guint8 r[3] = { g_rand_int (rand) & 0x0F, g_rand_int (rand) & 0x2E, g_rand_int (rand) & 0x07 };
      OrgaParticipation p = {
        .learner_id = i,
        .last_name = "NOM",
        .first_name = "Prénom",
        .division = i % 2 ? "5B" : "4C",
        .status = g_rand_int_range (rand, 0, 3),
        .created_at = start + g_rand_int_range (rand, 0, 60 * 86400),
        .mastery_rate = g_rand_double (rand),
        .results = r,
      };

      p.shared_at = p.status == ORGA_PARTICIPATION_SHARED ? p.created_at + 3600 : 0;
      orga_participation_set_add (set, &p);
    }

#define TIMED(what, call) G_STMT_START { \
    gint64 s_ = g_get_monotonic_time (); \
    call; \
    g_test_message ("%s: %.2f ms", what, (g_get_monotonic_time () - s_) / 1000.0); \
  } G_STMT_END

  t0 = g_get_monotonic_time ();
  TIMED ("status counts", orga_stats_count_status (set, counts));
  orga_activity_free (orga_stats_activity (set)); /* loads the time zone */
  TIMED ("activity", activity = orga_stats_activity (set));
  TIMED ("distribution", orga_stats_distribution (set, buckets));
  TIMED ("stages", orga_stats_stages (&tiny, set, stages));
  TIMED ("competence averages", orga_stats_competence_averages (&tiny, set, averages));
  TIMED ("tube relevance", relevance = orga_stats_tube_relevance (&tiny, set, NULL));
  t1 = g_get_monotonic_time ();
  g_test_message ("every figure over 100,000 participations: %.1f ms", (t1 - t0) / 1000.0);

  g_assert_cmpuint (counts[0] + counts[1] + counts[2], ==, 100000);
  g_assert_cmpuint (activity->total[activity->n_days - 1], ==, 100000);
  g_assert_cmpuint (activity->shared[activity->n_days - 1], ==, counts[ORGA_PARTICIPATION_SHARED]);
  for (guint b = 0; b < ORGA_STATS_N_BUCKETS; b++)
    sum += buckets[b];
  g_assert_cmpuint (sum, ==, counts[ORGA_PARTICIPATION_SHARED]);
  /* Generous: a slow sanitizer build must pass too. */
  g_assert_cmpint (t1 - t0, <, 2 * G_USEC_PER_SEC);
}

int
main (int   argc,
      char *argv[])
{
  orga_test_init (&argc, &argv);
  tiny_init ();

  g_test_add_func ("/stats/tiny-profile", test_tiny_profile);
  g_test_add_func ("/participation-set/status-strings", test_status_strings);
  g_test_add_func ("/participation-set/storage", test_set_storage);
  g_test_add_func ("/participation-set/defaults", test_set_defaults);
  g_test_add_func ("/participation-set/shared-attempts", test_shared_attempts);
  g_test_add_func ("/stats/status-counts", test_status_counts);
  g_test_add_func ("/stats/activity/autumn-dst", test_activity_autumn_dst);
  g_test_add_func ("/stats/activity/spring-dst", test_activity_spring_dst);
  g_test_add_func ("/stats/activity/padding", test_activity_padding);
  g_test_add_func ("/stats/activity/bounded", test_activity_bounded);
  g_test_add_func ("/stats/average-mastery", test_average_mastery);
  g_test_add_func ("/stats/buckets", test_buckets);
  g_test_add_func ("/stats/distribution", test_distribution);
  g_test_add_func ("/stats/stages", test_stages);
  g_test_add_func ("/stats/stages-none-shared", test_stages_none_shared);
  g_test_add_func ("/stats/participation-competences", test_participation_competences);
  g_test_add_func ("/stats/competence-averages", test_competence_averages);
  g_test_add_func ("/stats/relevance/three", test_relevance_three);
  g_test_add_func ("/stats/relevance/one-and-two", test_relevance_one_and_two);
  g_test_add_func ("/stats/relevance/labels", test_relevance_labels);
  g_test_add_func ("/stats/certifiable-competences", test_certifiable_competences);
  g_test_add_func ("/stats/large", test_large);

  return g_test_run ();
}
