/* orga-current-user.h: who is using the app, until the team page exists
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "orga-context.h"

G_BEGIN_DECLS

/* The display name of the person using the app: the owner of "Mes
 * campagnes", the default owner and the creator of a new campaign, who
 * archives or deletes. Takes the context so that the team management of a
 * later version can answer with the signed-in member without changing the
 * callers. */
char *orga_context_dup_user_name (OrgaContext *context);

G_END_DECLS
