/* orga-campaign-results.h: the "Résultats" tab of a campaign
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "orga-campaign-data.h"

G_BEGIN_DECLS

#define ORGA_TYPE_CAMPAIGN_RESULTS (orga_campaign_results_get_type ())

G_DECLARE_FINAL_TYPE (OrgaCampaignResults, orga_campaign_results, ORGA, CAMPAIGN_RESULTS, AdwBin)

/* NULL clears. Rows activate "campaign.show-participant" ("u"). */
void orga_campaign_results_set_data   (OrgaCampaignResults *self,
                                       OrgaCampaignData    *data);
/* What a click on a bar of the distribution or of the stages does: show
 * only those results (-1: all again). */
void orga_campaign_results_set_bucket (OrgaCampaignResults *self,
                                       int                  bucket);
void orga_campaign_results_set_stage  (OrgaCampaignResults *self,
                                       int                  stage);

G_END_DECLS
