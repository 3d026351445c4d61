/* orga-team.h: the team of one Pix Orga space, as the server last said
 *
 * What GET /organizations/{id}/team answers, plus when it was fetched and
 * whether it is the copy kept offline (orga_store_load_team_cache()). The
 * members are in the server's order (last then first name); the
 * invitations are the pending ones, empty for a viewer who is no admin.
 * Immutable: a new fetch makes a new OrgaTeam.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "orga-invitation.h"
#include "orga-member.h"
#include "orga-space.h"

G_BEGIN_DECLS

#define ORGA_TYPE_TEAM (orga_team_get_type ())

G_DECLARE_FINAL_TYPE (OrgaTeam, orga_team, ORGA, TEAM, GObject)

/* @space: the organization and the viewer's role (the team answer's
 * "organization" and "role"). @members (element-type OrgaMember) and
 * @invitations (element-type OrgaInvitation) are copied into the lists;
 * NULL for none. @fetched_at is referenced (NULL: now). */
OrgaTeam       *orga_team_new                       (OrgaSpace      *space,
                                                     GPtrArray      *members,
                                                     GPtrArray      *invitations,
                                                     GDateTime      *fetched_at);
OrgaSpace      *orga_team_get_space                 (OrgaTeam       *self);
const char     *orga_team_get_organization_id       (OrgaTeam       *self);
const char     *orga_team_get_name                  (OrgaTeam       *self);
const char     *orga_team_get_uai                   (OrgaTeam       *self);
OrgaMemberRole  orga_team_get_viewer_role           (OrgaTeam       *self);
gboolean        orga_team_viewer_is_admin           (OrgaTeam       *self);
/* (transfer none): a GListModel of OrgaMember. */
GListModel     *orga_team_get_members               (OrgaTeam       *self);
/* (transfer none): a GListModel of OrgaInvitation, the pending ones. */
GListModel     *orga_team_get_invitations           (OrgaTeam       *self);
guint           orga_team_count_admins              (OrgaTeam       *self);
GDateTime      *orga_team_get_fetched_at            (OrgaTeam       *self);
/* TRUE when this is the copy kept from an earlier fetch because the
 * server could not be reached. */
gboolean        orga_team_get_offline               (OrgaTeam       *self);
void            orga_team_set_offline               (OrgaTeam       *self,
                                                     gboolean        offline);
/* By e-mail, case ignored; (transfer none) (nullable). */
OrgaMember     *orga_team_find_member               (OrgaTeam       *self,
                                                     const char     *email);
OrgaInvitation *orga_team_find_invitation           (OrgaTeam       *self,
                                                     const char     *email);

G_END_DECLS
