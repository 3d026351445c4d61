/* orga-team-page.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define ORGA_TYPE_TEAM_PAGE (orga_team_page_get_type ())

G_DECLARE_FINAL_TYPE (OrgaTeamPage, orga_team_page, ORGA, TEAM_PAGE, AdwBin)

G_END_DECLS
