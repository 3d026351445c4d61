/* orga-participation-set.h: the participations of one campaign, in memory
 *
 * Statistics, lists and exports of a campaign read one set loaded in a
 * single query: 100,000 participations are a few MB and every figure is a
 * pass over an array.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

typedef enum
{
  ORGA_PARTICIPATION_STARTED,    /* "En cours" */
  ORGA_PARTICIPATION_TO_SHARE,   /* "En attente d'envoi" */
  ORGA_PARTICIPATION_SHARED,     /* "Résultats reçus" / "Profil reçu" */
} OrgaParticipationStatus;

const char *orga_participation_status_to_string   (OrgaParticipationStatus  status);
gboolean    orga_participation_status_from_string (const char              *text,
                                                   OrgaParticipationStatus *status);

/* One participation. Strings and results belong to the set.
 *
 * results: for an assessment, one byte per tube of the campaign's target
 * profile, in the profile's order: bit d-1 set when the skill of
 * difficulty d is validated (only targeted skills may be set). For a
 * profiles collection, ORGA_FRAMEWORK_N_COMPETENCES bytes: the pix earned
 * in each competence, already capped. For a STARTED or TO_SHARE
 * participation they are the live results so far. */
typedef struct
{
  gint64                   id;
  gint64                   learner_id;
  const char              *last_name;
  const char              *first_name;
  const char              *division;        /* class; "" when unknown */
  const char              *external_id;     /* NULL when none */
  OrgaParticipationStatus  status;
  gint64                   created_at;      /* Unix time, seconds, UTC */
  gint64                   shared_at;       /* 0 when not shared */
  double                   mastery_rate;    /* 0 … 1 */
  double                   progression;     /* 0 … 1; 1 when completed */
  guint                    pix_score;
  guint                    validated_skills;
  int                      is_certifiable;  /* -1 unknown, 0, 1 */
  gboolean                 is_improved;     /* an earlier attempt */
  gboolean                 is_demo;         /* demonstration data */
  guint                    attempt;         /* 1 for the learner's first */
  const guint8            *results;
} OrgaParticipation;

#define ORGA_TYPE_PARTICIPATION_SET (orga_participation_set_get_type ())

G_DECLARE_FINAL_TYPE (OrgaParticipationSet, orga_participation_set, ORGA, PARTICIPATION_SET, GObject)

/* @results_size: bytes of results per participation (see above). */
OrgaParticipationSet    *orga_participation_set_new              (guint                    results_size);
guint                    orga_participation_set_get_results_size (OrgaParticipationSet    *self);
/* Copies @participation, its strings and results_size bytes of results. */
void                     orga_participation_set_add              (OrgaParticipationSet    *self,
                                                                  const OrgaParticipation *participation);
guint                    orga_participation_set_get_n            (OrgaParticipationSet    *self);
const OrgaParticipation *orga_participation_set_get              (OrgaParticipationSet    *self,
                                                                  guint                    i);
/* Participations that count in lists and statistics: not improved. */
guint                    orga_participation_set_count_current    (OrgaParticipationSet    *self);
/* Whether some participation is demonstration data (pixorga-cli demo). */
gboolean                 orga_participation_set_has_demo         (OrgaParticipationSet    *self);
/* Shared attempts of the learner of @i in this set ("Nb résultats envoyés"). */
guint                    orga_participation_set_count_shared_attempts (OrgaParticipationSet *self,
                                                                       gint64                learner_id);

G_END_DECLS
