/* orga-server-web.h: the HTML pages of pixorga-server
 *
 * /rejoindre (the link of an invitation or of an activation: sign in or
 * sign up, accept the terms, become a member) and /mot-de-passe (ask for
 * a reset link, choose a new password). Plain HTML forms in French, no
 * JavaScript, one column for a phone; the work itself is the domain's
 * (orga-server-private.h), the very rules and messages of the JSON API.
 *
 * The forms are protected against cross-site requests by a double-submit
 * token (a SameSite=Strict cookie repeated in a hidden field, so that any
 * server process can check it without shared state) and by the Origin
 * header when the browser sends one.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <libsoup/soup.h>

#include "orga-server.h"

G_BEGIN_DECLS

/* Adds the handlers of /rejoindre and /mot-de-passe to @server. */
void   orga_server_web_register   (OrgaServer   *self,
                                   SoupServer   *server);

/* @text for an HTML text node or a quoted attribute value (invalid UTF-8
 * made valid first). */
char  *orga_server_web_escape     (const char   *text);

G_END_DECLS
