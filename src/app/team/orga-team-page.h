/* orga-team-page.h: "Équipe" (spec §1.5), the members and the pending
 * invitations of the current space, from the server; offline, the team
 * as it was last fetched
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "orga-connection.h"
#include "orga-team.h"

G_BEGIN_DECLS

#define ORGA_TYPE_TEAM_PAGE (orga_team_page_get_type ())

G_DECLARE_FINAL_TYPE (OrgaTeamPage, orga_team_page, ORGA, TEAM_PAGE, AdwBin)

OrgaConnection *orga_team_page_get_connection (OrgaTeamPage   *self);
void            orga_team_page_set_connection (OrgaTeamPage   *self,
                                               OrgaConnection *connection);
/* Fetches the team again (the "team.reload" action). */
void            orga_team_page_reload         (OrgaTeamPage   *self);
/* (nullable): the team shown. */
OrgaTeam       *orga_team_page_get_team       (OrgaTeamPage   *self);
/* Whether a fetch or a change is under way. */
gboolean        orga_team_page_get_busy       (OrgaTeamPage   *self);

G_END_DECLS
