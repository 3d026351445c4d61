/* orga-server-cert-web.h: the certification's pages (issue 12, item 3)
 *
 *   /surveillance              the supervisor's space (spec §2.3)
 *   /certification             the candidate's entry: session number and
 *                              access code, then the identity
 *   /certification/test        waiting, the test, its end (and the
 *                              results once published)
 *   /verification-certificat   the public verification of a code (§6)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <libsoup/soup.h>

#include "orga-server.h"

G_BEGIN_DECLS

#define ORGA_CERT_SUPERVISOR_COOKIE "orga_surveillant"
#define ORGA_CERT_CANDIDATE_COOKIE  "orga_candidat"

/* TRUE when @path is one of the pages above (then answered); called
 * first by the handler of orga-server-web.c. */
gboolean orga_server_cert_handle (OrgaServer        *self,
                                  SoupServerMessage *msg,
                                  const char        *path,
                                  GHashTable        *query);

G_END_DECLS
