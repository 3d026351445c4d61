/* orga-organization.h: the school whose Pix Orga space this is
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

typedef enum
{
  ORGA_ORGANIZATION_KIND_SCO,    /* collège or lycée: SIECLE */
  ORGA_ORGANIZATION_KIND_AGRI,   /* agricultural school: Fregata */
} OrgaOrganizationKind;

const char *orga_organization_kind_to_string   (OrgaOrganizationKind  kind);
gboolean    orga_organization_kind_from_string (const char           *text,
                                                OrgaOrganizationKind *kind);
gboolean    orga_uai_is_valid                  (const char           *uai);

#define ORGA_TYPE_ORGANIZATION (orga_organization_get_type ())

G_DECLARE_FINAL_TYPE (OrgaOrganization, orga_organization, ORGA, ORGANIZATION, GObject)

OrgaOrganization     *orga_organization_new       (gint64                id,
                                                   const char           *uuid,
                                                   const char           *uai,
                                                   const char           *name,
                                                   OrgaOrganizationKind  kind);
gint64                orga_organization_get_id    (OrgaOrganization     *self);
const char           *orga_organization_get_uuid  (OrgaOrganization     *self);
const char           *orga_organization_get_uai   (OrgaOrganization     *self);
const char           *orga_organization_get_name  (OrgaOrganization     *self);
OrgaOrganizationKind  orga_organization_get_kind  (OrgaOrganization     *self);
char                 *orga_organization_dup_title (OrgaOrganization     *self);

G_END_DECLS
