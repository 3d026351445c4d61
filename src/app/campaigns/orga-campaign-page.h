/* orga-campaign-page.h: one campaign — header, tabs Activité, Résultats,
 * Analyse, Paramètres, a participant's page, and the CSV export
 *
 * Shown inside the Campagnes page, which installs the actions its buttons
 * use: campaigns.edit, campaigns.duplicate, campaigns.archive,
 * campaigns.unarchive, campaigns.delete and campaigns.back.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "orga-campaign-data.h"
#include "orga-campaign.h"
#include "orga-context.h"

G_BEGIN_DECLS

#define ORGA_TYPE_CAMPAIGN_PAGE (orga_campaign_page_get_type ())

G_DECLARE_FINAL_TYPE (OrgaCampaignPage, orga_campaign_page, ORGA, CAMPAIGN_PAGE, AdwBin)

OrgaCampaignPage *orga_campaign_page_new          (OrgaContext      *context);
OrgaContext      *orga_campaign_page_get_context  (OrgaCampaignPage *self);
void              orga_campaign_page_set_context  (OrgaCampaignPage *self,
                                                   OrgaContext      *context);
/* NULL clears. The same campaign again (a fresh object after an edit,
 * archive or demonstration data) refreshes the page and keeps the tab. */
void              orga_campaign_page_set_campaign (OrgaCampaignPage *self,
                                                   OrgaCampaign     *campaign);
OrgaCampaign     *orga_campaign_page_get_campaign (OrgaCampaignPage *self);
/* The figures shown; NULL while the first load runs. */
OrgaCampaignData *orga_campaign_page_get_data     (OrgaCampaignPage *self);
/* Whether participations are being read or exported. */
gboolean          orga_campaign_page_get_busy     (OrgaCampaignPage *self);
/* "activity", "results", "analysis" or "settings". */
void              orga_campaign_page_set_tab      (OrgaCampaignPage *self,
                                                   const char       *name);
/* The participant's page for the participation at @index in the set. */
void              orga_campaign_page_show_participant (OrgaCampaignPage *self,
                                                       guint             index);
/* Writes the CSV export to @file in a thread, as the export button does
 * after its dialog; a toast or an error dialog says how it went. */
void              orga_campaign_page_show_learner (OrgaCampaignPage *self,
                                                   gint64            learner_id);
void              orga_campaign_page_export       (OrgaCampaignPage *self,
                                                   GFile            *file);

G_END_DECLS
