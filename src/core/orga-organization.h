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

#define ORGA_ORGANIZATION_ERROR (orga_organization_error_quark ())

typedef enum
{
  ORGA_ORGANIZATION_ERROR_INVALID_UAI,   /* "L’UAI n’est pas correct." */
} OrgaOrganizationError;

GQuark      orga_organization_error_quark      (void);

/* The UAI as typed ("  0330001a "), as it is checked and kept: without the
 * spaces around it, in capitals. */
char       *orga_uai_normalize                 (const char           *text);
/* orga_uai_is_valid() with the message the app and the CLI show. */
gboolean    orga_uai_check                     (const char           *uai,
                                                GError              **error);

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
