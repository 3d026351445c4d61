/* orga-server-web.c: the HTML pages (/rejoindre, /mot-de-passe)
 *
 * A placeholder: the pages come from their own branch and replace this
 * file; until then the server answers 404 there.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "orga-server"

#include "config.h"

#include "orga-server-private.h"

void
orga_server_web_register (OrgaServer *self,
                          SoupServer *server)
{
}
