/* orga-cert-session-dialog.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "orga-cert-session.h"
#include "orga-context.h"

G_BEGIN_DECLS

#define ORGA_TYPE_CERT_SESSION_DIALOG (orga_cert_session_dialog_get_type ())

G_DECLARE_FINAL_TYPE (OrgaCertSessionDialog, orga_cert_session_dialog, ORGA, CERT_SESSION_DIALOG, AdwWindow)

/* @session: the session to edit, NULL to create one. The dialog writes
 * to the store itself, emits "saved" with the session's id, then
 * closes; on a broken rule it stays open with the message under its
 * field. */
OrgaCertSessionDialog *orga_cert_session_dialog_new  (GtkWindow             *parent,
                                                      OrgaContext           *context,
                                                      OrgaCertSession       *session);
/* What "Créer la session" does; TRUE when saved. */
gboolean               orga_cert_session_dialog_save (OrgaCertSessionDialog *self);

G_END_DECLS
