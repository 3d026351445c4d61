/* orga-cert-finalize-dialog.h: finalizing a certification session
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "orga-context.h"

G_BEGIN_DECLS

#define ORGA_TYPE_CERT_FINALIZE_DIALOG (orga_cert_finalize_dialog_get_type ())

G_DECLARE_FINAL_TYPE (OrgaCertFinalizeDialog, orga_cert_finalize_dialog, ORGA, CERT_FINALIZE_DIALOG, AdwWindow)

/* The incident report of session @session_id (spec §2.5): per started
 * course the end-screen flag, the abort reason of an unfinished test and
 * the reports; the two checkboxes and the global comment. "Finaliser"
 * asks for confirmation, stores it all (orga_store_finalize_cert_session),
 * emits "finalized" and closes. A finalized session opens read-only
 * ("Procès-verbal"). */
GtkWidget *orga_cert_finalize_dialog_new (OrgaContext *context,
                                          gint64       session_id);

G_END_DECLS
