/* orga-welcome-page.h: first run, the school's space is created here
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "orga-context.h"

G_BEGIN_DECLS

#define ORGA_TYPE_WELCOME_PAGE (orga_welcome_page_get_type ())

G_DECLARE_FINAL_TYPE (OrgaWelcomePage, orga_welcome_page, ORGA, WELCOME_PAGE, AdwBin)

OrgaContext *orga_welcome_page_get_context (OrgaWelcomePage *self);
void         orga_welcome_page_set_context (OrgaWelcomePage *self,
                                            OrgaContext     *context);

G_END_DECLS
