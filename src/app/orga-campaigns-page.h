/* orga-campaigns-page.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define ORGA_TYPE_CAMPAIGNS_PAGE (orga_campaigns_page_get_type ())

G_DECLARE_FINAL_TYPE (OrgaCampaignsPage, orga_campaigns_page, ORGA, CAMPAIGNS_PAGE, AdwBin)

G_END_DECLS
