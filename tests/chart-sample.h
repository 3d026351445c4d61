/* chart-sample.h: synthetic participations to a campaign, aggregated the
 * way the statistics pages feed the charts (shared by test-charts and
 * bench/chart-bench)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define CHART_SAMPLE_DAYS         120
#define CHART_SAMPLE_BUCKETS      10
#define CHART_SAMPLE_COMPETENCES  16
#define CHART_SAMPLE_AREAS        5

enum {
  CHART_SAMPLE_STARTED,     /* "En cours" */
  CHART_SAMPLE_TO_SHARE,    /* "En attente d'envoi" */
  CHART_SAMPLE_SHARED,      /* "Résultats reçus" */
  CHART_SAMPLE_N_STATUSES
};

typedef struct
{
  guint    n_participations;

  /* Timeline: one entry per day on which something happened. */
  guint    n_days;
  gint64  *days;           /* since the epoch, ascending */
  guint   *total;          /* cumulative participants */
  guint   *shared;         /* cumulative results received */

  guint    status[CHART_SAMPLE_N_STATUSES];
  guint    buckets[CHART_SAMPLE_BUCKETS];   /* results 0–10 %, 11–20 %, … */

  /* Heat map: classes × competences, NAN where nobody shared. */
  guint    n_classes;
  char   **classes;
  double  *rates;
  double   competence_average[CHART_SAMPLE_COMPETENCES];
} ChartSample;

extern const char * const chart_sample_codes[CHART_SAMPLE_COMPETENCES + 1];
extern const char * const chart_sample_names[CHART_SAMPLE_COMPETENCES + 1];
extern const char * const chart_sample_area_colors[CHART_SAMPLE_AREAS];
extern const char * const chart_sample_bucket_labels[CHART_SAMPLE_BUCKETS];

/* The first day of the campaign: 1 September 2026. */
gint64       chart_sample_first_day (void);
/* The area (0..4) of competence @index. */
guint        chart_sample_area      (guint        index);
ChartSample *chart_sample_new       (guint        n_participations);
void         chart_sample_free      (ChartSample *sample);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ChartSample, chart_sample_free)

G_END_DECLS
