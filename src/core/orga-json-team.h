/* orga-json-team.h: the wire format of accounts, spaces and teams
 *
 * The server's objects (docs/api.md) to the core's and back, with
 * orga-json.h's conventions: reading checks every member and refuses the
 * whole value with ORGA_JSON_ERROR and a French sentence naming it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

#include "orga-account.h"
#include "orga-invitation.h"
#include "orga-json.h"
#include "orga-member.h"
#include "orga-space.h"
#include "orga-team.h"

G_BEGIN_DECLS

/* user {"id", "email", "first_name", "last_name", ...}: the account on
 * @server_url. */
OrgaAccount    *orga_json_account_from_node    (JsonNode     *node,
                                                const char   *server_url,
                                                GError      **error);
void            orga_json_build_account        (JsonBuilder  *builder,
                                                OrgaAccount  *account);

/* membership {"organization": {"id", "uai", "name", "kind", "archived"},
 * "role"}. */
OrgaSpace      *orga_json_space_from_node      (JsonNode     *node,
                                                GError      **error);
void            orga_json_build_space          (JsonBuilder  *builder,
                                                OrgaSpace    *space);
/* [membership…] → (element-type OrgaSpace), sorted by orga_space_compare(). */
GPtrArray      *orga_json_spaces_from_node     (JsonNode     *node,
                                                GError      **error);
JsonNode       *orga_json_spaces_to_node       (GPtrArray    *spaces);

/* member {"user_id", "email", "first_name", "last_name", "role"}. */
OrgaMember     *orga_json_member_from_node     (JsonNode     *node,
                                                GError      **error);
void            orga_json_build_member         (JsonBuilder  *builder,
                                                OrgaMember   *member);

/* invitation {"id", "email", "status", "role", "created_at",
 * "updated_at"}. */
OrgaInvitation *orga_json_invitation_from_node (JsonNode     *node,
                                                GError      **error);
void            orga_json_build_invitation     (JsonBuilder  *builder,
                                                OrgaInvitation *invitation);

/* The team answer {"organization", "role", "members", "invitations"};
 * written with "fetched_at" too (what the offline cache keeps), which
 * reading takes when present. */
OrgaTeam       *orga_json_team_from_node       (JsonNode     *node,
                                                GError      **error);
JsonNode       *orga_json_team_to_node         (OrgaTeam     *team);

G_END_DECLS
