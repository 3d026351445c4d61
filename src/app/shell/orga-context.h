/* orga-context.h: what every page needs, passed down instead of globals
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

G_END_DECLS
