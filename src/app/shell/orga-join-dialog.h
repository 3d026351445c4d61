/* orga-join-dialog.h: signing in from an open space, and the invitation
 * of a pixorga://rejoindre link (the school's name from the server, sign
 * in or sign up, Pix Orga's terms, join)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "orga-connection.h"

G_BEGIN_DECLS

#define ORGA_TYPE_JOIN_DIALOG (orga_join_dialog_get_type ())

G_DECLARE_FINAL_TYPE (OrgaJoinDialog, orga_join_dialog, ORGA, JOIN_DIALOG, AdwWindow)

/* @link: "pixorga://rejoindre?server=…&invitationId=…&code=…" or the
 * mailed https link; NULL to sign in without an invitation. */
OrgaJoinDialog *orga_join_dialog_new (GtkWindow      *parent,
                                      OrgaConnection *connection,
                                      const char     *link);
/* The server to sign in on, as the preferences typed it. */
void            orga_join_dialog_set_server_url (OrgaJoinDialog *self,
                                                 const char     *server_url);

G_END_DECLS
