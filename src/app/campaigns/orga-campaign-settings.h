/* orga-campaign-settings.h: the "Paramètres" tab of a campaign
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "orga-campaign.h"

G_BEGIN_DECLS

#define ORGA_TYPE_CAMPAIGN_SETTINGS (orga_campaign_settings_get_type ())

G_DECLARE_FINAL_TYPE (OrgaCampaignSettings, orga_campaign_settings, ORGA, CAMPAIGN_SETTINGS, AdwBin)

/* NULL clears. */
void orga_campaign_settings_set_campaign (OrgaCampaignSettings *self,
                                          OrgaCampaign         *campaign);

G_END_DECLS
