/* orga-campaign-form.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "orga-campaign.h"
#include "orga-context.h"

G_BEGIN_DECLS

typedef enum
{
  ORGA_CAMPAIGN_FORM_CREATE,     /* "Création d'une campagne" */
  ORGA_CAMPAIGN_FORM_DUPLICATE,  /* the same, pre-filled from a campaign */
  ORGA_CAMPAIGN_FORM_EDIT,       /* "Modification d'une campagne" */
} OrgaCampaignFormMode;

#define ORGA_TYPE_CAMPAIGN_FORM (orga_campaign_form_get_type ())

G_DECLARE_FINAL_TYPE (OrgaCampaignForm, orga_campaign_form, ORGA, CAMPAIGN_FORM, AdwWindow)

/* @campaign: the campaign to duplicate or edit; NULL to create. The form
 * writes to the store itself, emits "saved" with the campaign as stored,
 * then closes. */
OrgaCampaignForm     *orga_campaign_form_new       (GtkWindow            *parent,
                                                    OrgaContext          *context,
                                                    OrgaCampaignFormMode  mode,
                                                    OrgaCampaign         *campaign);
OrgaCampaignFormMode  orga_campaign_form_get_mode  (OrgaCampaignForm     *self);
/* The campaign duplicated or edited, or NULL. */
OrgaCampaign         *orga_campaign_form_get_campaign (OrgaCampaignForm  *self);
/* What "Créer la campagne" does: checks every rule, shows the first broken
 * one under its field, or saves. TRUE when saved. */
gboolean              orga_campaign_form_save      (OrgaCampaignForm     *self);

G_END_DECLS
