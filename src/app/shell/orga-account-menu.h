/* orga-account-menu.h: who is signed in, the current space "Name (UAI)",
 * the switcher of the account's spaces and "Se déconnecter" (spec §1.6)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "orga-connection.h"

G_BEGIN_DECLS

#define ORGA_TYPE_ACCOUNT_MENU (orga_account_menu_get_type ())

G_DECLARE_FINAL_TYPE (OrgaAccountMenu, orga_account_menu, ORGA, ACCOUNT_MENU, AdwBin)

void orga_account_menu_set_connection (OrgaAccountMenu *self,
                                       OrgaConnection  *connection);
/* Opens the menu (tests, screenshots). */
void     orga_account_menu_popup              (OrgaAccountMenu *self);
/* An object of the menu's popover by its id in orga-account-popover.ui,
 * the popover built if it was not yet (tests). */
GObject *orga_account_menu_get_popover_object (OrgaAccountMenu *self,
                                               const char      *id);

G_END_DECLS
