/* orga-campaign-analysis.h: the "Analyse" tab of an assessment campaign
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "orga-campaign-data.h"

G_BEGIN_DECLS

#define ORGA_TYPE_CAMPAIGN_ANALYSIS (orga_campaign_analysis_get_type ())

G_DECLARE_FINAL_TYPE (OrgaCampaignAnalysis, orga_campaign_analysis, ORGA, CAMPAIGN_ANALYSIS, AdwBin)

/* NULL clears. */
void        orga_campaign_analysis_set_data (OrgaCampaignAnalysis *self,
                                             OrgaCampaignData     *data);
/* The sujets in the order shown: a list of GObjects whose "tube" property
 * is the position in the profile's tubes. */
GListModel *orga_campaign_analysis_get_rows (OrgaCampaignAnalysis *self);

G_END_DECLS
