/* orga-context.h: what every page needs, passed down instead of globals
 *
 * The store, the settings (may be NULL: the CLI and tests), the school and
 * who is acting. In the core so that the CLI, and later the server's
 * sessions, hold the same thing as the app.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "orga-learner-list.h"
#include "orga-organization.h"
#include "orga-store.h"

G_BEGIN_DECLS

#define ORGA_TYPE_CONTEXT (orga_context_get_type ())

G_DECLARE_FINAL_TYPE (OrgaContext, orga_context, ORGA, CONTEXT, GObject)

OrgaContext      *orga_context_new              (OrgaStore        *store,
                                                 GSettings        *settings);
OrgaStore        *orga_context_get_store        (OrgaContext      *self);
GSettings        *orga_context_get_settings     (OrgaContext      *self);
OrgaOrganization *orga_context_get_organization (OrgaContext      *self);
void              orga_context_set_organization (OrgaContext      *self,
                                                 OrgaOrganization *organization);
void              orga_context_prefetch_learner_list (OrgaContext *self);
OrgaLearnerList  *orga_context_take_learner_list     (OrgaContext *self);

/* The display name of the person using the app: the owner of "Mes
 * campagnes", the default owner and the creator of a new campaign, who
 * archives or deletes. Takes the context so that the team management of a
 * later version can answer with the signed-in member without changing the
 * callers; until then orga_identity_dup_display_name(). @self may be NULL. */
char             *orga_context_dup_user_name         (OrgaContext *self);

G_END_DECLS
