/* orga-space.h: one Pix Orga space an account belongs to (a membership)
 *
 * The API's membership {"organization": {"id", "uai", "name", "kind",
 * "archived"}, "role"}: what `spaces` lists and the account menu's
 * switcher shows as "Name (UAI)".
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

#include "orga-member.h"
#include "orga-organization.h"

G_BEGIN_DECLS

#define ORGA_TYPE_SPACE (orga_space_get_type ())

G_DECLARE_FINAL_TYPE (OrgaSpace, orga_space, ORGA, SPACE, GObject)

/* @id is the server's organization id (a UUID). */
OrgaSpace            *orga_space_new          (const char           *id,
                                               const char           *uai,
                                               const char           *name,
                                               OrgaOrganizationKind  kind,
                                               gboolean              archived,
                                               OrgaMemberRole        role);
const char           *orga_space_get_id       (OrgaSpace            *self);
const char           *orga_space_get_uai      (OrgaSpace            *self);
const char           *orga_space_get_name     (OrgaSpace            *self);
OrgaOrganizationKind  orga_space_get_kind     (OrgaSpace            *self);
gboolean              orga_space_get_archived (OrgaSpace            *self);
OrgaMemberRole        orga_space_get_role     (OrgaSpace            *self);
/* "Name (UAI)". */
char                 *orga_space_dup_title    (OrgaSpace            *self);
/* The switcher's order: by title, accents and case ignored, then UAI.
 * A GCompareFunc over OrgaSpace *. */
int                   orga_space_compare      (gconstpointer         a,
                                               gconstpointer         b);
/* Sorts a GPtrArray of OrgaSpace in that order. */
void                  orga_space_sort         (GPtrArray            *spaces);

G_END_DECLS
