/* orga-cert-session-util.h: how the desktop writes a session's facts
 *
 * The list, the session's page and the dialogs show the same number,
 * status and date: written here once.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "orga-cert-session.h"

G_BEGIN_DECLS

/* "1234", or "en attente" while the server has not given it. */
char       *orga_cert_session_dup_number_text (OrgaCertSession       *session);
/* "Créée", "Finalisée", "Résultats transmis": the CLI's messages. */
const char *orga_cert_session_status_text     (OrgaCertSessionStatus  status);
/* The date as "15/07/2026" (orga_format_day), or as stored. */
char       *orga_cert_session_dup_date_text   (OrgaCertSession       *session);
/* Certif treats finalized and published alike: no more edits. */
gboolean    orga_cert_session_is_read_only    (OrgaCertSession       *session);

G_END_DECLS
