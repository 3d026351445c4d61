/* orga-account-form.h: sign in to a server, or create the account
 *
 * The welcome page's "Se connecter à un serveur", the sign-in dialog of
 * an offline space, and the invitation dialog (pixorga://rejoindre) show
 * it. Signing in binds the database through OrgaConnection; "signed-in"
 * then gives the school.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "orga-connection.h"

G_BEGIN_DECLS

#define ORGA_TYPE_ACCOUNT_FORM (orga_account_form_get_type ())

G_DECLARE_FINAL_TYPE (OrgaAccountForm, orga_account_form, ORGA, ACCOUNT_FORM, AdwBin)

OrgaConnection *orga_account_form_get_connection (OrgaAccountForm *self);
void            orga_account_form_set_connection (OrgaAccountForm *self,
                                                  OrgaConnection  *connection);
void            orga_account_form_set_server_url (OrgaAccountForm *self,
                                                  const char      *server_url);
/* The invitation to accept once signed in: the server is then fixed, and
 * Pix Orga's terms must be accepted (spec §1.2, §1.7). @title says
 * which school. */
void            orga_account_form_set_invitation (OrgaAccountForm *self,
                                                  const char      *server_url,
                                                  const char      *invitation_id,
                                                  const char      *code,
                                                  const char      *title);
void            orga_account_form_set_sign_up    (OrgaAccountForm *self,
                                                  gboolean         sign_up);
gboolean        orga_account_form_get_busy       (OrgaAccountForm *self);

G_END_DECLS
