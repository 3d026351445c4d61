/* orga-campaign-stats.c
 *
 * Each figure is one pass over the set, skipping improved attempts: with
 * 100,000 participations that is well under a millisecond per figure,
 * so nothing is cached here.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "orga-campaign-stats"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>

#include "orga-campaign-stats.h"
#include "orga-format.h"

/* A corrupt date must not make the timeline allocate millions of days:
 * past this span the earliest events are counted on the first day shown. */
#define MAX_ACTIVITY_DAYS (100 * 366)

#define SECONDS_PER_DAY 86400

static inline gboolean
counts (const OrgaParticipation *p)
{
  return !p->is_improved;
}

static inline gboolean
counts_shared (const OrgaParticipation *p)
{
  return !p->is_improved && p->status == ORGA_PARTICIPATION_SHARED;
}

/* The highest difficulty in a skill mask (0 when empty). */
static inline guint
highest_level (guint8 mask)
{
  return mask == 0 ? 0 : 32 - __builtin_clz (mask);
}

/* The lowest difficulty in a skill mask (0 when empty). */
static inline guint
lowest_level (guint8 mask)
{
  return mask == 0 ? 0 : (guint)__builtin_ctz (mask) + 1;
}

void
orga_stats_count_status (OrgaParticipationSet *set,
                         guint                 status_counts[3])
{
  guint n;

  g_return_if_fail (ORGA_IS_PARTICIPATION_SET (set));

  memset (status_counts, 0, 3 * sizeof (guint));

  n = orga_participation_set_get_n (set);
  for (guint i = 0; i < n; i++)
    {
      const OrgaParticipation *p = orga_participation_set_get (set, i);

      if (counts (p) && (guint)p->status < 3)
        status_counts[p->status]++;
    }
}

/* ------------------------------------------------------------------ */
/* Activity                                                             */
/* ------------------------------------------------------------------ */

static inline gint64
floor_div (gint64 a,
           gint64 b)
{
  gint64 q = a / b;

  return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q;
}

/* Calendar days in Paris. The offset changes at most once in a UTC day,
 * so a table gives the offset of each UTC day of the span, looked up once
 * for the day (both ends agree) or per instant on the two days a year
 * when the clocks change. Looking the zone up for every instant would
 * cost a scan of its transitions each time. */
#define OFFSET_UNKNOWN G_MININT32
#define OFFSET_MIXED   (G_MININT32 + 1)

typedef struct
{
  GTimeZone *tz;
  gint64     first_utc_day;
  guint      n_utc_days;
  gint32    *offsets;          /* per UTC day, lazily */
} DayTable;

static gint32
offset_at (GTimeZone *tz,
           gint64     time)
{
  int interval = g_time_zone_find_interval (tz, G_TIME_TYPE_UNIVERSAL, time);

  return interval >= 0 ? g_time_zone_get_offset (tz, interval) : 0;
}

static void
day_table_init (DayTable *table,
                gint64    first_time,
                gint64    last_time)
{
  gint64 last_day = floor_div (last_time, SECONDS_PER_DAY);
  gint64 first_day = floor_div (first_time, SECONDS_PER_DAY);

  /* One day of margin on each side for the offset. */
  first_day = MAX (first_day, last_day - MAX_ACTIVITY_DAYS - 2);
  table->tz = orga_format_paris_time_zone ();
  table->first_utc_day = first_day;
  table->n_utc_days = (guint)(last_day - first_day + 1);
  table->offsets = g_new (gint32, table->n_utc_days);
  for (guint i = 0; i < table->n_utc_days; i++)
    table->offsets[i] = OFFSET_UNKNOWN;
}

static gint64
paris_day (DayTable *table,
           gint64    time)
{
  gint64 utc_day = floor_div (time, SECONDS_PER_DAY);
  gint64 i = utc_day - table->first_utc_day;
  gint32 offset;

  if (i < 0 || i >= table->n_utc_days)
    return floor_div (time + offset_at (table->tz, time), SECONDS_PER_DAY);

  offset = table->offsets[i];
  if (offset == OFFSET_UNKNOWN)
    {
      gint32 start = offset_at (table->tz, utc_day * SECONDS_PER_DAY);
      gint32 end = offset_at (table->tz, utc_day * SECONDS_PER_DAY + SECONDS_PER_DAY - 1);

      offset = table->offsets[i] = start == end ? start : OFFSET_MIXED;
    }
  if (offset == OFFSET_MIXED)
    offset = offset_at (table->tz, time);

  return floor_div (time + offset, SECONDS_PER_DAY);
}

OrgaActivity *
orga_stats_activity (OrgaParticipationSet *set)
{
  OrgaActivity *activity;
  DayTable table = { 0 };
  g_autofree gint64 *created_days = NULL;
  g_autofree gint64 *shared_days = NULL;
  gint64 first = G_MAXINT64;
  gint64 last = G_MININT64;
  guint n;
  guint n_total = 0;
  guint n_shared = 0;
  gint64 first_time = G_MAXINT64;
  gint64 last_time = G_MININT64;

  g_return_val_if_fail (ORGA_IS_PARTICIPATION_SET (set), NULL);

  activity = g_new0 (OrgaActivity, 1);

  n = orga_participation_set_get_n (set);
  for (guint i = 0; i < n; i++)
    {
      const OrgaParticipation *p = orga_participation_set_get (set, i);

      if (!counts (p))
        continue;

      first_time = MIN (first_time, p->created_at);
      last_time = MAX (last_time, p->created_at);
      if (p->status == ORGA_PARTICIPATION_SHARED && p->shared_at != 0)
        {
          first_time = MIN (first_time, p->shared_at);
          last_time = MAX (last_time, p->shared_at);
        }
    }

  if (first_time > last_time)
    return activity;

  day_table_init (&table, first_time, last_time);
  created_days = g_new (gint64, MAX (n, 1));
  shared_days = g_new (gint64, MAX (n, 1));

  for (guint i = 0; i < n; i++)
    {
      const OrgaParticipation *p = orga_participation_set_get (set, i);
      gint64 day;

      if (!counts (p))
        continue;

      day = paris_day (&table, p->created_at);
      created_days[n_total++] = day;
      first = MIN (first, day);
      last = MAX (last, day);

      if (p->status == ORGA_PARTICIPATION_SHARED && p->shared_at != 0)
        {
          day = paris_day (&table, p->shared_at);
          shared_days[n_shared++] = day;
          first = MIN (first, day);
          last = MAX (last, day);
        }
    }

  g_free (table.offsets);

  if (last - first >= MAX_ACTIVITY_DAYS)
    first = last - MAX_ACTIVITY_DAYS + 1;

  activity->n_days = (guint)(last - first + 1);
  activity->days = g_new (gint64, activity->n_days);
  activity->total = g_new0 (guint, activity->n_days);
  activity->shared = g_new0 (guint, activity->n_days);

  /* Counts per day, then running sums. */
  for (guint i = 0; i < n_total; i++)
    activity->total[MAX (created_days[i], first) - first]++;
  for (guint i = 0; i < n_shared; i++)
    activity->shared[MAX (shared_days[i], first) - first]++;

  for (guint d = 0; d < activity->n_days; d++)
    {
      activity->days[d] = first + d;
      if (d > 0)
        {
          activity->total[d] += activity->total[d - 1];
          activity->shared[d] += activity->shared[d - 1];
        }
    }

  return activity;
}

void
orga_activity_free (OrgaActivity *activity)
{
  if (activity == NULL)
    return;

  g_free (activity->days);
  g_free (activity->total);
  g_free (activity->shared);
  g_free (activity);
}

/* ------------------------------------------------------------------ */
/* Results                                                              */
/* ------------------------------------------------------------------ */

double
orga_stats_average_mastery (OrgaParticipationSet *set)
{
  double sum = 0;
  guint n_shared = 0;
  guint n;

  g_return_val_if_fail (ORGA_IS_PARTICIPATION_SET (set), NAN);

  n = orga_participation_set_get_n (set);
  for (guint i = 0; i < n; i++)
    {
      const OrgaParticipation *p = orga_participation_set_get (set, i);

      if (!counts_shared (p))
        continue;

      sum += p->mastery_rate;
      n_shared++;
    }

  return n_shared > 0 ? sum / n_shared : NAN;
}

/* Pix rounds the percentage first (half away from zero, as Math.round
 * and SQL ROUND do for positive values), then 0–10 is the first bar and
 * every ten after it one more. */
guint
orga_stats_bucket_for_mastery (double mastery)
{
  guint percent;

  if (isnan (mastery))
    return 0;

  /* Non-negative here, so adding a half and truncating is round(). */
  percent = (guint)(CLAMP (mastery, 0.0, 1.0) * 100.0 + 0.5);
  if (percent <= 10)
    return 0;

  return MIN ((percent - 1) / 10, ORGA_STATS_N_BUCKETS - 1);
}

void
orga_stats_distribution (OrgaParticipationSet *set,
                         guint                 buckets[ORGA_STATS_N_BUCKETS])
{
  guint n;

  g_return_if_fail (ORGA_IS_PARTICIPATION_SET (set));

  memset (buckets, 0, ORGA_STATS_N_BUCKETS * sizeof (guint));

  n = orga_participation_set_get_n (set);
  for (guint i = 0; i < n; i++)
    {
      const OrgaParticipation *p = orga_participation_set_get (set, i);

      if (counts_shared (p))
        buckets[orga_stats_bucket_for_mastery (p->mastery_rate)]++;
    }
}

double
orga_stats_stages (const OrgaTargetProfile *profile,
                   OrgaParticipationSet    *set,
                   guint                   *stage_counts)
{
  guint64 sum = 0;
  guint n_shared = 0;
  guint n;

  g_return_val_if_fail (profile != NULL, NAN);
  g_return_val_if_fail (ORGA_IS_PARTICIPATION_SET (set), NAN);

  if (stage_counts != NULL && profile->n_stages > 0)
    memset (stage_counts, 0, profile->n_stages * sizeof (guint));

  if (profile->n_stages == 0)
    return NAN;

  n = orga_participation_set_get_n (set);
  for (guint i = 0; i < n; i++)
    {
      const OrgaParticipation *p = orga_participation_set_get (set, i);
      guint stage;

      if (!counts_shared (p))
        continue;

      stage = orga_target_profile_reached_stage (profile, p->mastery_rate, p->validated_skills);
      stage = MIN (stage, profile->n_stages - 1);
      if (stage_counts != NULL)
        stage_counts[stage]++;
      sum += stage;
      n_shared++;
    }

  return n_shared > 0 ? (double)sum / n_shared : NAN;
}

/* ------------------------------------------------------------------ */
/* Analysis                                                             */
/* ------------------------------------------------------------------ */

/* The competence of the profile's tube @i, or -1 for a broken profile. */
static int
tube_competence (const OrgaTargetProfile *profile,
                 guint                    i)
{
  const OrgaTube *tube = orga_framework_get_tube (profile->tubes[i].tube);

  if (tube == NULL || tube->competence >= ORGA_FRAMEWORK_N_COMPETENCES)
    return -1;

  return (int)tube->competence;
}

/* Adds the participation's validated skills per competence. @results has
 * @n_results bytes; tubes past it count as nothing validated. */
static void
add_competences (const OrgaTargetProfile *profile,
                 const guint8            *results,
                 guint                    n_results,
                 guint                   *validated,
                 guint                   *targeted)
{
  for (guint i = 0; i < profile->n_tubes; i++)
    {
      guint8 mask = orga_target_profile_tube_skills (profile, i);
      guint8 done = (results != NULL && i < n_results) ? (results[i] & mask) : 0;
      int c = tube_competence (profile, i);

      if (c < 0)
        continue;

      if (validated != NULL)
        validated[c] += (guint)__builtin_popcount (done);
      if (targeted != NULL)
        targeted[c] += (guint)__builtin_popcount (mask);
    }
}

void
orga_stats_participation_competences (const OrgaTargetProfile *profile,
                                      const OrgaParticipation *participation,
                                      guint                   *validated,
                                      guint                   *targeted)
{
  g_return_if_fail (profile != NULL);
  g_return_if_fail (participation != NULL);

  if (validated != NULL)
    memset (validated, 0, ORGA_FRAMEWORK_N_COMPETENCES * sizeof (guint));
  if (targeted != NULL)
    memset (targeted, 0, ORGA_FRAMEWORK_N_COMPETENCES * sizeof (guint));

  add_competences (profile, participation->results, profile->n_tubes, validated, targeted);
}

void
orga_stats_competence_averages (const OrgaTargetProfile *profile,
                                OrgaParticipationSet    *set,
                                double                  *averages)
{
  guint validated[ORGA_FRAMEWORK_N_COMPETENCES] = { 0 };
  guint targeted[ORGA_FRAMEWORK_N_COMPETENCES] = { 0 };
  guint n_results;
  guint n_shared = 0;
  guint n;

  g_return_if_fail (profile != NULL);
  g_return_if_fail (ORGA_IS_PARTICIPATION_SET (set));
  g_return_if_fail (averages != NULL);

  n_results = orga_participation_set_get_results_size (set);
  add_competences (profile, NULL, 0, NULL, targeted);

  /* The targeted skills are the profile's, the same for everyone: the
   * average of validated/targeted is the sum of validated over
   * (participants × targeted). */
  n = orga_participation_set_get_n (set);
  for (guint i = 0; i < n; i++)
    {
      const OrgaParticipation *p = orga_participation_set_get (set, i);

      if (!counts_shared (p))
        continue;

      add_competences (profile, p->results, n_results, validated, NULL);
      n_shared++;
    }

  for (guint c = 0; c < ORGA_FRAMEWORK_N_COMPETENCES; c++)
    {
      if (targeted[c] == 0 || n_shared == 0)
        averages[c] = NAN;
      else
        averages[c] = (double)validated[c] / ((double)targeted[c] * n_shared);
    }
}

OrgaRelevance
orga_relevance_for_score (double score)
{
  if (score <= 25)
    return ORGA_RELEVANCE_VERY_STRONGLY;
  if (score <= 50)
    return ORGA_RELEVANCE_STRONGLY;
  if (score <= 75)
    return ORGA_RELEVANCE_RECOMMENDED;

  return ORGA_RELEVANCE_FAIRLY;
}

const char *
orga_relevance_get_label (OrgaRelevance relevance)
{
  switch (relevance)
    {
    case ORGA_RELEVANCE_VERY_STRONGLY: return _("Very strongly recommended");
    case ORGA_RELEVANCE_STRONGLY: return _("Strongly recommended");
    case ORGA_RELEVANCE_RECOMMENDED: return _("Recommended");
    case ORGA_RELEVANCE_FAIRLY: return _("Fairly recommended");
    default: return "";
    }
}

/* What the relevance score of a tube needs from the profile. */
typedef struct
{
  guint8 mask;            /* targeted skills */
  guint  max_difficulty;  /* maxDifficultyInTube */
  guint  n_skills;        /* skillsInTube */
  double difficulty_term; /* 30 / maxSkillDifficultyInCampaign × maxDifficultyInTube */
} TubeTerms;

/* Pix's recommendation score of one participant in one tube (spec §5.2). */
static double
participant_score (const TubeTerms *t,
                   guint8           results)
{
  guint8 done = results & t->mask;
  guint reached = highest_level (done);
  guint n_done = (guint)__builtin_popcount (done);
  guint8 missing = t->mask & ~done;
  guint next = missing != 0 ? lowest_level (missing) : t->max_difficulty;
  double score;

  score = 40.0 / t->max_difficulty * reached
        + t->difficulty_term
        + 20.0 / t->n_skills * n_done;
  if (n_done > 0)
    score += 10.0 / next * reached;

  return score;
}

GArray *
orga_stats_tube_relevance (const OrgaTargetProfile *profile,
                           OrgaParticipationSet    *set,
                           const OrgaParticipation *only)
{
  GArray *result;
  g_autofree TubeTerms *terms = NULL;
  g_autofree double *sums = NULL;
  guint max_in_campaign;
  guint n_results;
  guint n_participants = 0;

  g_return_val_if_fail (profile != NULL, NULL);
  g_return_val_if_fail (set == NULL || ORGA_IS_PARTICIPATION_SET (set), NULL);
  g_return_val_if_fail (set != NULL || only != NULL, NULL);

  result = g_array_sized_new (FALSE, TRUE, sizeof (OrgaTubeRelevance), profile->n_tubes);
  g_array_set_size (result, profile->n_tubes);

  terms = g_new0 (TubeTerms, MAX (profile->n_tubes, 1));
  sums = g_new0 (double, MAX (profile->n_tubes, 1));
  max_in_campaign = orga_target_profile_max_difficulty (profile);

  for (guint i = 0; i < profile->n_tubes; i++)
    {
      TubeTerms *t = &terms[i];

      t->mask = orga_target_profile_tube_skills (profile, i);
      t->max_difficulty = highest_level (t->mask);
      t->n_skills = (guint)__builtin_popcount (t->mask);
      t->difficulty_term = max_in_campaign > 0 ? 30.0 / max_in_campaign * t->max_difficulty : 0;
    }

  if (only != NULL)
    {
      n_results = profile->n_tubes;
      for (guint i = 0; i < profile->n_tubes; i++)
        if (terms[i].mask != 0)
          sums[i] = participant_score (&terms[i], only->results != NULL ? only->results[i] : 0);
      n_participants = 1;
    }
  else
    {
      guint n = orga_participation_set_get_n (set);

      n_results = orga_participation_set_get_results_size (set);
      for (guint p_i = 0; p_i < n; p_i++)
        {
          const OrgaParticipation *p = orga_participation_set_get (set, p_i);

          if (!counts_shared (p))
            continue;

          for (guint i = 0; i < profile->n_tubes; i++)
            {
              guint8 r = (p->results != NULL && i < n_results) ? p->results[i] : 0;

              if (terms[i].mask != 0)
                sums[i] += participant_score (&terms[i], r);
            }
          n_participants++;
        }
    }

  for (guint i = 0; i < profile->n_tubes; i++)
    {
      OrgaTubeRelevance *r = &g_array_index (result, OrgaTubeRelevance, i);

      r->tube = i;
      if (n_participants == 0 || terms[i].mask == 0)
        r->score = NAN;
      else
        r->score = sums[i] / n_participants;
      r->relevance = orga_relevance_for_score (r->score);
    }

  return result;
}

guint
orga_stats_certifiable_competences (const OrgaParticipation *participation)
{
  guint n = 0;

  g_return_val_if_fail (participation != NULL, 0);

  if (participation->results == NULL)
    return 0;

  for (guint c = 0; c < ORGA_FRAMEWORK_N_COMPETENCES; c++)
    if (orga_framework_level_for_pix (participation->results[c]) >= 1)
      n++;

  return n;
}
