/* orga-campaign-activity.h: the "Activité" tab of a campaign
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "orga-campaign-data.h"

G_BEGIN_DECLS

#define ORGA_TYPE_CAMPAIGN_ACTIVITY (orga_campaign_activity_get_type ())

G_DECLARE_FINAL_TYPE (OrgaCampaignActivity, orga_campaign_activity, ORGA, CAMPAIGN_ACTIVITY, AdwBin)

/* NULL clears. Rows activate "campaign.show-participant" with the
 * participation's position in the set ("u"). */
void orga_campaign_activity_set_data (OrgaCampaignActivity *self,
                                      OrgaCampaignData     *data);

void orga_campaign_activity_set_can_delete (OrgaCampaignActivity *self,
                                           gboolean              can_delete);

G_END_DECLS
