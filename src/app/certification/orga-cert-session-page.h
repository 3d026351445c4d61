/* orga-cert-session-page.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "orga-cert-session.h"
#include "orga-context.h"

G_BEGIN_DECLS

#define ORGA_TYPE_CERT_SESSION_PAGE (orga_cert_session_page_get_type ())

G_DECLARE_FINAL_TYPE (OrgaCertSessionPage, orga_cert_session_page, ORGA, CERT_SESSION_PAGE, AdwBin)

OrgaContext     *orga_cert_session_page_get_context (OrgaCertSessionPage *self);
void             orga_cert_session_page_set_context (OrgaCertSessionPage *self,
                                                     OrgaContext         *context);
OrgaCertSession *orga_cert_session_page_get_session (OrgaCertSessionPage *self);
/* Shows @session (the store's latest snapshot) and reads its candidates. */
void             orga_cert_session_page_set_session (OrgaCertSessionPage *self,
                                                     OrgaCertSession     *session);
/* The number of candidate rows shown. */
guint            orga_cert_session_page_get_n_candidates (OrgaCertSessionPage *self);
/* What "Feuille d'émargement" does once the file is chosen. */
gboolean         orga_cert_session_page_write_attendance (OrgaCertSessionPage *self,
                                                          const char          *path,
                                                          GError             **error);

G_END_DECLS
