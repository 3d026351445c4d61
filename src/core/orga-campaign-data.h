/* orga-campaign-data.h: everything a campaign's page shows, read at once
 *
 * One load of the participations (every attempt: the export and the
 * participant's page need the earlier ones) and every figure of the
 * Activité, Résultats and Analyse tabs computed from it, in a worker
 * thread on its own connection to the database. Immutable once loaded,
 * except the two lists, which belong to the main thread.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "orga-campaign-stats.h"
#include "orga-campaign.h"
#include "orga-organization.h"
#include "orga-participation-set.h"
#include "orga-result-list.h"
#include "orga-store.h"

G_BEGIN_DECLS

typedef struct
{
  OrgaOrganization        *organization;
  OrgaCampaign            *campaign;
  const OrgaTargetProfile *profile;        /* NULL for profiles collections */
  OrgaParticipationSet    *participations; /* every attempt, improved ones too */
  OrgaResultList          *participants;   /* Activité: every current participation */
  OrgaResultList          *results;        /* Résultats: the shared ones */

  guint                    status_counts[3];   /* by OrgaParticipationStatus */
  guint                    n_participants;     /* current participations */
  OrgaActivity            *activity;
  double                   average_mastery;    /* NAN when nothing shared */
  guint                    buckets[ORGA_STATS_N_BUCKETS];
  guint                   *stage_counts;       /* profile->n_stages; NULL without stages */
  double                   average_stage;      /* NAN without stages or results */
  double                   competence_averages[ORGA_FRAMEWORK_N_COMPETENCES];
  GArray                  *tube_relevance;     /* OrgaTubeRelevance; NULL for profiles */
  gboolean                 is_demo;            /* some participation is demonstration data */
} OrgaCampaignData;

#define ORGA_TYPE_CAMPAIGN_DATA (orga_campaign_data_get_type ())

GType             orga_campaign_data_get_type   (void) G_GNUC_CONST;
OrgaCampaignData *orga_campaign_data_ref        (OrgaCampaignData  *self);
void              orga_campaign_data_unref      (OrgaCampaignData  *self);

/* Synchronous, on @store's connection (tests, the CLI). */
OrgaCampaignData *orga_campaign_data_new        (OrgaStore         *store,
                                                 OrgaCampaign      *campaign,
                                                 GCancellable      *cancellable,
                                                 GError           **error);
/* The same on a connection of its own to @store's file, in a thread. */
void              orga_campaign_data_load_async (OrgaStore         *store,
                                                 gint64             campaign_id,
                                                 GCancellable      *cancellable,
                                                 GAsyncReadyCallback callback,
                                                 gpointer           user_data);
OrgaCampaignData *orga_campaign_data_load_finish (GAsyncResult     *result,
                                                  GError          **error);

/* The attempts of @learner_id, oldest first: positions in the set. */
GArray           *orga_campaign_data_get_attempts (OrgaCampaignData *self,
                                                   gint64            learner_id);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (OrgaCampaignData, orga_campaign_data_unref)

G_END_DECLS
