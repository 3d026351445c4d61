/* orga-participant-page.h: "Résultats de {prénom} {nom}" or "Profil de
 * {prénom} {nom}", one participant of a campaign
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "orga-campaign-data.h"

G_BEGIN_DECLS

#define ORGA_TYPE_PARTICIPANT_PAGE (orga_participant_page_get_type ())

G_DECLARE_FINAL_TYPE (OrgaParticipantPage, orga_participant_page, ORGA, PARTICIPANT_PAGE, AdwBin)

/* The participant of the participation at @index in @data's set (every
 * attempt of theirs is offered, that one first); NULL clears. */
void   orga_participant_page_set_participation (OrgaParticipantPage *self,
                                                OrgaCampaignData    *data,
                                                guint                index);
/* The same participant in newly read figures, on their latest attempt. */
void   orga_participant_page_refresh           (OrgaParticipantPage *self,
                                                OrgaCampaignData    *data);
/* The attempts offered ("Participation #1" …) and the one shown. */
guint  orga_participant_page_get_n_attempts    (OrgaParticipantPage *self);
void   orga_participant_page_set_attempt       (OrgaParticipantPage *self,
                                                guint                attempt);

G_END_DECLS
