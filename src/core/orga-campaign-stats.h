/* orga-campaign-stats.h: Activité, Résultats and Analyse figures
 *
 * Every function reads the participations that are not improved (only the
 * latest attempt of a learner counts), as Pix does. Formulas: spec
 * orga-domain.md §4.3–§5.2.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "orga-campaign.h"
#include "orga-participation-set.h"
#include "orga-target-profile.h"

G_BEGIN_DECLS

/* Status counts, indexed by OrgaParticipationStatus. */
void      orga_stats_count_status        (OrgaParticipationSet *set,
                                          guint                 counts[3]);

/* "Activité des participants": cumulative participants by created day and
 * results received by shared day, on the same days from the first
 * participation to the last event. Days are calendar days in
 * Europe/Paris, as days since 1970-01-01. */
typedef struct
{
  guint   n_days;
  gint64 *days;
  guint  *total;
  guint  *shared;
} OrgaActivity;

OrgaActivity *orga_stats_activity        (OrgaParticipationSet *set);
void          orga_activity_free         (OrgaActivity         *activity);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (OrgaActivity, orga_activity_free)

/* The average mastery rate of shared participations; NAN when none. */
double    orga_stats_average_mastery     (OrgaParticipationSet *set);

/* "Répartition des participants par résultat": 0–10 %, 11–20 %, …,
 * 91–100 % of the rounded mastery percentage, shared only. */
#define ORGA_STATS_N_BUCKETS 10
guint     orga_stats_bucket_for_mastery  (double                mastery);
void      orga_stats_distribution        (OrgaParticipationSet *set,
                                          guint                 buckets[ORGA_STATS_N_BUCKETS]);

/* Shared participations per reached stage (profile->n_stages entries);
 * returns the average reached stage, NAN when none. */
double    orga_stats_stages              (const OrgaTargetProfile *profile,
                                          OrgaParticipationSet    *set,
                                          guint                   *counts);

/* Per-competence results of one participation: validated and targeted
 * skills, ORGA_FRAMEWORK_N_COMPETENCES entries each. */
void      orga_stats_participation_competences (const OrgaTargetProfile *profile,
                                                const OrgaParticipation *participation,
                                                guint                   *validated,
                                                guint                   *targeted);

/* "Résultats par compétence": for each competence, the average over shared
 * participations of validated / targeted in it; NAN where the profile
 * targets nothing. */
void      orga_stats_competence_averages (const OrgaTargetProfile *profile,
                                          OrgaParticipationSet    *set,
                                          double                  *averages);

/* "Analyse par sujet": Pix's recommendation score per tube of the profile
 * (lower: more needing work), over the shared participations. With
 * @only (not NULL) the score of that one participation. */
typedef enum
{
  ORGA_RELEVANCE_VERY_STRONGLY,   /* ≤ 25: "Très recommandé" */
  ORGA_RELEVANCE_STRONGLY,        /* ≤ 50: "Fortement recommandé" */
  ORGA_RELEVANCE_RECOMMENDED,     /* ≤ 75: "Recommandé" */
  ORGA_RELEVANCE_FAIRLY,          /*  > 75: "Assez recommandé" */
} OrgaRelevance;

typedef struct
{
  guint         tube;        /* position in the profile's tubes */
  double        score;       /* NAN when there is no participant */
  OrgaRelevance relevance;
} OrgaTubeRelevance;

OrgaRelevance orga_relevance_for_score   (double                   score);
const char   *orga_relevance_get_label   (OrgaRelevance            relevance);
/* Returns profile->n_tubes entries in profile order. */
GArray       *orga_stats_tube_relevance  (const OrgaTargetProfile *profile,
                                          OrgaParticipationSet    *set,
                                          const OrgaParticipation *only);

/* Profiles collections: level per competence from capped pix, count of
 * competences at level ≥ 1, certifiability (≥ 5 of them). */
guint     orga_stats_certifiable_competences (const OrgaParticipation *participation);

G_END_DECLS
