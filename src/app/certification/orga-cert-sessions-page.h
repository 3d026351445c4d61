/* orga-cert-sessions-page.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "orga-cert-session.h"
#include "orga-context.h"

G_BEGIN_DECLS

#define ORGA_TYPE_CERT_SESSIONS_PAGE (orga_cert_sessions_page_get_type ())

G_DECLARE_FINAL_TYPE (OrgaCertSessionsPage, orga_cert_sessions_page, ORGA, CERT_SESSIONS_PAGE, AdwBin)

OrgaContext     *orga_cert_sessions_page_get_context (OrgaCertSessionsPage *self);
void             orga_cert_sessions_page_set_context (OrgaCertSessionsPage *self,
                                                      OrgaContext          *context);
/* The sessions listed (element-type OrgaCertSession). */
GListModel      *orga_cert_sessions_page_get_model   (OrgaCertSessionsPage *self);
/* Shows the page of session @id; FALSE if it is not listed. */
gboolean         orga_cert_sessions_page_open        (OrgaCertSessionsPage *self,
                                                      gint64                id);
/* The session whose page is shown, or NULL. */
OrgaCertSession *orga_cert_sessions_page_get_session (OrgaCertSessionsPage *self);

G_END_DECLS
