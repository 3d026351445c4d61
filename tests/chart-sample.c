/* chart-sample.c
 *
 * Participations spread over 120 days, most in the first weeks; 70 % of
 * them share their results a few days later. Each result has a rate per
 * competence around a level of its own. Deterministic: the same count
 * always gives the same data.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>

#include "chart-sample.h"

#define N_CLASSES 20

const char * const chart_sample_codes[CHART_SAMPLE_COMPETENCES + 1] = {
  "1.1", "1.2", "1.3", "2.1", "2.2", "2.3", "2.4", "3.1",
  "3.2", "3.3", "3.4", "4.1", "4.2", "4.3", "5.1", "5.2", NULL,
};

const char * const chart_sample_names[CHART_SAMPLE_COMPETENCES + 1] = {
  "Mener une recherche et une veille d’information",
  "Gérer des données",
  "Traiter des données",
  "Interagir",
  "Partager et publier",
  "Collaborer",
  "S’insérer dans le monde numérique",
  "Développer des documents textuels",
  "Développer des documents multimédia",
  "Adapter les documents à leur finalité",
  "Programmer",
  "Sécuriser l’environnement numérique",
  "Protéger les données personnelles et la vie privée",
  "Protéger la santé, le bien-être et l’environnement",
  "Résoudre des problèmes techniques",
  "Construire un environnement numérique",
  NULL,
};

/* Pix's colours of the five areas. */
const char * const chart_sample_area_colors[CHART_SAMPLE_AREAS] = {
  "#f1a141", "#57c884", "#12a3ff", "#ff3f94", "#575da6",
};

const char * const chart_sample_bucket_labels[CHART_SAMPLE_BUCKETS] = {
  "0–10 %", "11–20 %", "21–30 %", "31–40 %", "41–50 %",
  "51–60 %", "61–70 %", "71–80 %", "81–90 %", "91–100 %",
};

gint64
chart_sample_first_day (void)
{
  GDate epoch, first;

  g_date_clear (&epoch, 1);
  g_date_clear (&first, 1);
  g_date_set_dmy (&epoch, 1, G_DATE_JANUARY, 1970);
  g_date_set_dmy (&first, 1, G_DATE_SEPTEMBER, 2026);
  return g_date_days_between (&epoch, &first);
}

guint
chart_sample_area (guint index)
{
  g_assert (index < CHART_SAMPLE_COMPETENCES);

  return chart_sample_codes[index][0] - '1';
}

ChartSample *
chart_sample_new (guint n_participations)
{
  ChartSample *sample = g_new0 (ChartSample, 1);
  g_autoptr(GRand) rand = g_rand_new_with_seed (20261124);
  guint started[CHART_SAMPLE_DAYS] = { 0 };
  guint shared[CHART_SAMPLE_DAYS] = { 0 };
  double sums[N_CLASSES * CHART_SAMPLE_COMPETENCES] = { 0 };
  guint counts[N_CLASSES] = { 0 };
  double averages[CHART_SAMPLE_COMPETENCES] = { 0 };
  guint n_shared = 0;
  guint total = 0, total_shared = 0;
  gint64 first_day = chart_sample_first_day ();

  sample->n_participations = n_participations;

  for (guint i = 0; i < n_participations; i++)
    {
      guint day = (guint) (CHART_SAMPLE_DAYS * pow (g_rand_double (rand), 1.8));
      guint klass = g_rand_int_range (rand, 0, N_CLASSES);
      double draw = g_rand_double (rand);
      /* The first participant shared, so one participation has a result. */
      guint status = i == 0 || draw < 0.7 ? CHART_SAMPLE_SHARED : draw < 0.8 ? CHART_SAMPLE_TO_SHARE : CHART_SAMPLE_STARTED;
      double level, mean = 0;
      guint shared_day;
      guint percent;

      day = MIN (day, CHART_SAMPLE_DAYS - 1);
      started[day]++;
      sample->status[status]++;

      if (status != CHART_SAMPLE_SHARED)
        continue;

      shared_day = day + g_rand_int_range (rand, 0, 8);
      shared[MIN (shared_day, CHART_SAMPLE_DAYS - 1)]++;
      n_shared++;
      counts[klass]++;

      /* A level per student, a little better in some classes. */
      level = 0.25 + 0.5 * g_rand_double (rand) + 0.01 * (klass % 7);
      for (guint c = 0; c < CHART_SAMPLE_COMPETENCES; c++)
        {
          double rate = CLAMP (level + 0.25 * (g_rand_double (rand) - 0.5) - 0.02 * (c % 5), 0, 1);

          sums[klass * CHART_SAMPLE_COMPETENCES + c] += rate;
          averages[c] += rate;
          mean += rate / CHART_SAMPLE_COMPETENCES;
        }

      percent = (guint) round (mean * 100);
      sample->buckets[percent <= 10 ? 0 : MIN ((percent - 1) / 10, CHART_SAMPLE_BUCKETS - 1)]++;
    }

  sample->days = g_new (gint64, CHART_SAMPLE_DAYS);
  sample->total = g_new (guint, CHART_SAMPLE_DAYS);
  sample->shared = g_new (guint, CHART_SAMPLE_DAYS);
  for (guint d = 0; d < CHART_SAMPLE_DAYS; d++)
    {
      if (started[d] == 0 && shared[d] == 0)
        continue;
      total += started[d];
      total_shared += shared[d];
      sample->days[sample->n_days] = first_day + d;
      sample->total[sample->n_days] = total;
      sample->shared[sample->n_days] = total_shared;
      sample->n_days++;
    }

  sample->n_classes = n_participations > 0 ? N_CLASSES : 0;
  sample->classes = g_new0 (char *, sample->n_classes + 1);
  sample->rates = g_new (double, sample->n_classes * CHART_SAMPLE_COMPETENCES + 1);
  for (guint k = 0; k < sample->n_classes; k++)
    {
      /* 6A … 3E: a collège's twenty classes */
      sample->classes[k] = g_strdup_printf ("%u%c", 6 - k / 5, 'A' + k % 5);
      for (guint c = 0; c < CHART_SAMPLE_COMPETENCES; c++)
        sample->rates[k * CHART_SAMPLE_COMPETENCES + c] =
          counts[k] > 0 ? sums[k * CHART_SAMPLE_COMPETENCES + c] / counts[k] : NAN;
    }

  for (guint c = 0; c < CHART_SAMPLE_COMPETENCES; c++)
    sample->competence_average[c] = n_shared > 0 ? averages[c] / n_shared : 0;

  return sample;
}

void
chart_sample_free (ChartSample *sample)
{
  g_free (sample->days);
  g_free (sample->total);
  g_free (sample->shared);
  g_strfreev (sample->classes);
  g_free (sample->rates);
  g_free (sample);
}
