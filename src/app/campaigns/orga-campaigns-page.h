/* orga-campaigns-page.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "orga-campaign.h"
#include "orga-context.h"

G_BEGIN_DECLS

#define ORGA_TYPE_CAMPAIGNS_PAGE (orga_campaigns_page_get_type ())

G_DECLARE_FINAL_TYPE (OrgaCampaignsPage, orga_campaigns_page, ORGA, CAMPAIGNS_PAGE, AdwBin)

OrgaContext  *orga_campaigns_page_get_context  (OrgaCampaignsPage *self);
void          orga_campaigns_page_set_context  (OrgaCampaignsPage *self,
                                                OrgaContext       *context);
/* Reads the campaigns again (after the CLI or another window changed
 * them). */
void          orga_campaigns_page_reload       (OrgaCampaignsPage *self);
/* The campaign whose page is shown, or NULL on the list. */
OrgaCampaign *orga_campaigns_page_get_campaign (OrgaCampaignsPage *self);
/* Opens the page of @campaign, as activating its row does. */
void          orga_campaigns_page_show_campaign (OrgaCampaignsPage *self,
                                                 OrgaCampaign      *campaign);

void          orga_campaigns_page_show_participation (OrgaCampaignsPage *self,
                                                      OrgaCampaign      *campaign,
                                                      gint64             learner_id);

G_END_DECLS
