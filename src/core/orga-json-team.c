/* orga-json-team.c: accounts, spaces, members, invitations and teams
 *
 * The server's objects as docs/api.md writes them. Read strictly, as the
 * rest of orga-json: a server that answers something else is refused
 * with a sentence naming the member, never half-read.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "orga-json"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "orga-json-private.h"
#include "orga-json-team.h"

/* The API's timestamps: UTC with milliseconds, "2026-12-02T07:30:00.000Z". */
static void
add_date_time (JsonBuilder *builder,
               const char  *name,
               GDateTime   *time)
{
  g_autoptr(GDateTime) utc = NULL;
  g_autofree char *seconds = NULL;
  g_autofree char *text = NULL;

  if (time != NULL)
    {
      utc = g_date_time_to_utc (time);
      seconds = g_date_time_format (utc, "%Y-%m-%dT%H:%M:%S");
      text = g_strdup_printf ("%s.%03dZ", seconds, g_date_time_get_microsecond (utc) / 1000);
    }
  _orga_json_add_string (builder, name, text);
}

static gboolean
read_date_time (JsonObject  *object,
                const char  *what,
                const char  *name,
                gboolean     nullable,
                GDateTime  **value,
                GError     **error)
{
  g_autoptr(GTimeZone) utc = g_time_zone_new_utc ();
  const char *text;

  *value = NULL;
  if (!_orga_json_read_timestamp (object, what, name, nullable, &text, error))
    return FALSE;
  if (text != NULL)
    *value = g_date_time_new_from_iso8601 (text, utc);
  return TRUE;
}

static gboolean
read_role (JsonObject      *object,
           const char      *what,
           const char      *name,
           gboolean         nullable,
           OrgaMemberRole  *role,
           GError         **error)
{
  const char *text;

  *role = ORGA_MEMBER_ROLE_NONE;
  if (!_orga_json_read_string (object, what, name, nullable, &text, error))
    return FALSE;
  if (text == NULL)
    return TRUE;
  /* The wire has capitals only; the CLI's lower-case words are not JSON. */
  if ((!g_str_equal (text, "ADMIN") && !g_str_equal (text, "MEMBER")) ||
      !orga_member_role_from_string (text, role))
    return _orga_json_unknown_value (error, what, name);
  return TRUE;
}

/* ---- account ---------------------------------------------------------- */

OrgaAccount *
orga_json_account_from_node (JsonNode    *node,
                             const char  *server_url,
                             GError     **error)
{
  const char *what = C_("json", "User");
  const char *id, *email, *first_name, *last_name;
  g_autofree char *url = orga_server_url_normalize (server_url);
  JsonObject *object;

  g_return_val_if_fail (url != NULL, NULL);

  if ((object = _orga_json_get_object (node, what, error)) == NULL)
    return NULL;

  if (!_orga_json_read_string (object, what, "id", FALSE, &id, error) ||
      !_orga_json_read_string (object, what, "email", FALSE, &email, error) ||
      !_orga_json_read_string (object, what, "first_name", TRUE, &first_name, error) ||
      !_orga_json_read_string (object, what, "last_name", TRUE, &last_name, error))
    return NULL;

  return orga_account_new (url, id, email, first_name, last_name);
}

void
orga_json_build_account (JsonBuilder *builder,
                         OrgaAccount *account)
{
  g_return_if_fail (JSON_IS_BUILDER (builder));
  g_return_if_fail (ORGA_IS_ACCOUNT (account));

  json_builder_begin_object (builder);
  _orga_json_add_string (builder, "server_url", orga_account_get_server_url (account));
  _orga_json_add_string (builder, "id", orga_account_get_user_id (account));
  _orga_json_add_string (builder, "email", orga_account_get_email (account));
  _orga_json_add_string (builder, "first_name", orga_account_get_first_name (account));
  _orga_json_add_string (builder, "last_name", orga_account_get_last_name (account));
  json_builder_end_object (builder);
}

/* ---- spaces ----------------------------------------------------------- */

/* organization {"id", "uai", "name", "kind", "archived"}, with the role. */
static OrgaSpace *
space_from_organization (JsonNode        *node,
                         OrgaMemberRole   role,
                         GError         **error)
{
  const char *what = C_("json", "Organization");
  const char *id, *uai, *name, *kind_text;
  OrgaOrganizationKind kind = ORGA_ORGANIZATION_KIND_SCO;
  gboolean archived = FALSE;
  JsonObject *object;

  if ((object = _orga_json_get_object (node, what, error)) == NULL)
    return NULL;

  if (!_orga_json_read_string (object, what, "id", FALSE, &id, error) ||
      !_orga_json_read_string (object, what, "uai", FALSE, &uai, error) ||
      !_orga_json_read_string (object, what, "name", FALSE, &name, error) ||
      !_orga_json_read_string (object, what, "kind", TRUE, &kind_text, error))
    return NULL;
  if (kind_text != NULL && !orga_organization_kind_from_string (kind_text, &kind))
    return _orga_json_unknown_value (error, what, "kind"), NULL;
  /* Older answers, and the invitation's organization, may leave it out. */
  if (_orga_json_get_member (object, "archived") != NULL &&
      !JSON_NODE_HOLDS_NULL (_orga_json_get_member (object, "archived")) &&
      !_orga_json_read_boolean (object, what, "archived", &archived, error))
    return NULL;

  return orga_space_new (id, uai, name, kind, archived, role);
}

static void
build_organization (JsonBuilder *builder,
                    OrgaSpace   *space)
{
  json_builder_begin_object (builder);
  _orga_json_add_string (builder, "id", orga_space_get_id (space));
  _orga_json_add_string (builder, "uai", orga_space_get_uai (space));
  _orga_json_add_string (builder, "name", orga_space_get_name (space));
  _orga_json_add_string (builder, "kind", orga_organization_kind_to_string (orga_space_get_kind (space)));
  _orga_json_add_boolean (builder, "archived", orga_space_get_archived (space));
  json_builder_end_object (builder);
}

OrgaSpace *
orga_json_space_from_node (JsonNode  *node,
                           GError   **error)
{
  const char *what = C_("json", "Membership");
  OrgaMemberRole role;
  JsonObject *object;

  if ((object = _orga_json_get_object (node, what, error)) == NULL)
    return NULL;
  if (!read_role (object, what, "role", FALSE, &role, error))
    return NULL;

  return space_from_organization (_orga_json_get_member (object, "organization"), role, error);
}

void
orga_json_build_space (JsonBuilder *builder,
                       OrgaSpace   *space)
{
  g_return_if_fail (JSON_IS_BUILDER (builder));
  g_return_if_fail (ORGA_IS_SPACE (space));

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "organization");
  build_organization (builder, space);
  _orga_json_add_string (builder, "role", orga_member_role_to_string (orga_space_get_role (space)));
  json_builder_end_object (builder);
}

static JsonArray *
get_array (JsonNode    *node,
           const char  *what,
           GError     **error)
{
  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    {
      g_set_error (error, ORGA_JSON_ERROR, ORGA_JSON_ERROR_INVALID,
                   _("%s: an array was expected."), what);
      return NULL;
    }
  return json_node_get_array (node);
}

GPtrArray *
orga_json_spaces_from_node (JsonNode  *node,
                            GError   **error)
{
  g_autoptr(GPtrArray) spaces = g_ptr_array_new_with_free_func (g_object_unref);
  JsonArray *array;

  if ((array = get_array (node, C_("json", "Memberships"), error)) == NULL)
    return NULL;

  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      OrgaSpace *space = orga_json_space_from_node (json_array_get_element (array, i), error);

      if (space == NULL)
        return NULL;
      g_ptr_array_add (spaces, space);
    }
  orga_space_sort (spaces);

  return g_steal_pointer (&spaces);
}

JsonNode *
orga_json_spaces_to_node (GPtrArray *spaces)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_array (builder);
  for (guint i = 0; spaces != NULL && i < spaces->len; i++)
    orga_json_build_space (builder, g_ptr_array_index (spaces, i));
  json_builder_end_array (builder);

  return json_builder_get_root (builder);
}

/* ---- members ---------------------------------------------------------- */

OrgaMember *
orga_json_member_from_node (JsonNode  *node,
                            GError   **error)
{
  const char *what = C_("json", "Member");
  const char *user_id, *email, *first_name, *last_name;
  OrgaMemberRole role;
  JsonObject *object;

  if ((object = _orga_json_get_object (node, what, error)) == NULL)
    return NULL;

  if (!_orga_json_read_string (object, what, "user_id", FALSE, &user_id, error) ||
      !_orga_json_read_string (object, what, "email", FALSE, &email, error) ||
      !_orga_json_read_string (object, what, "first_name", TRUE, &first_name, error) ||
      !_orga_json_read_string (object, what, "last_name", TRUE, &last_name, error) ||
      !read_role (object, what, "role", FALSE, &role, error))
    return NULL;

  return orga_member_new (user_id, email, first_name, last_name, role);
}

void
orga_json_build_member (JsonBuilder *builder,
                        OrgaMember  *member)
{
  g_return_if_fail (JSON_IS_BUILDER (builder));
  g_return_if_fail (ORGA_IS_MEMBER (member));

  json_builder_begin_object (builder);
  _orga_json_add_string (builder, "user_id", orga_member_get_user_id (member));
  _orga_json_add_string (builder, "email", orga_member_get_email (member));
  _orga_json_add_string (builder, "first_name", orga_member_get_first_name (member));
  _orga_json_add_string (builder, "last_name", orga_member_get_last_name (member));
  _orga_json_add_string (builder, "role", orga_member_role_to_string (orga_member_get_role (member)));
  json_builder_end_object (builder);
}

/* ---- invitations ------------------------------------------------------ */

OrgaInvitation *
orga_json_invitation_from_node (JsonNode  *node,
                                GError   **error)
{
  const char *what = C_("json", "Invitation");
  const char *id, *email, *status_text;
  OrgaInvitationStatus status;
  OrgaMemberRole role;
  g_autoptr(GDateTime) created_at = NULL;
  g_autoptr(GDateTime) updated_at = NULL;
  JsonObject *object;

  if ((object = _orga_json_get_object (node, what, error)) == NULL)
    return NULL;

  if (!_orga_json_read_string (object, what, "id", FALSE, &id, error) ||
      !_orga_json_read_string (object, what, "email", FALSE, &email, error) ||
      !_orga_json_read_string (object, what, "status", FALSE, &status_text, error))
    return NULL;
  if (!orga_invitation_status_from_string (status_text, &status))
    return _orga_json_unknown_value (error, what, "status"), NULL;
  if (!read_role (object, what, "role", TRUE, &role, error) ||
      !read_date_time (object, what, "created_at", TRUE, &created_at, error) ||
      !read_date_time (object, what, "updated_at", FALSE, &updated_at, error))
    return NULL;

  return orga_invitation_new (id, email, status, role, created_at, updated_at);
}

void
orga_json_build_invitation (JsonBuilder    *builder,
                            OrgaInvitation *invitation)
{
  g_return_if_fail (JSON_IS_BUILDER (builder));
  g_return_if_fail (ORGA_IS_INVITATION (invitation));

  json_builder_begin_object (builder);
  _orga_json_add_string (builder, "id", orga_invitation_get_id (invitation));
  _orga_json_add_string (builder, "email", orga_invitation_get_email (invitation));
  _orga_json_add_string (builder, "status", orga_invitation_status_to_string (orga_invitation_get_status (invitation)));
  _orga_json_add_string (builder, "role", orga_member_role_to_string (orga_invitation_get_role (invitation)));
  add_date_time (builder, "created_at", orga_invitation_get_created_at (invitation));
  add_date_time (builder, "updated_at", orga_invitation_get_updated_at (invitation));
  json_builder_end_object (builder);
}

/* ---- team ------------------------------------------------------------- */

OrgaTeam *
orga_json_team_from_node (JsonNode  *node,
                          GError   **error)
{
  const char *what = C_("json", "Team");
  g_autoptr(GPtrArray) members = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) invitations = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(OrgaSpace) space = NULL;
  g_autoptr(GDateTime) fetched_at = NULL;
  OrgaMemberRole role;
  JsonObject *object;
  JsonArray *array;

  if ((object = _orga_json_get_object (node, what, error)) == NULL)
    return NULL;

  if (!read_role (object, what, "role", FALSE, &role, error) ||
      !read_date_time (object, what, "fetched_at", TRUE, &fetched_at, error))
    return NULL;
  space = space_from_organization (_orga_json_get_member (object, "organization"), role, error);
  if (space == NULL)
    return NULL;

  if ((array = get_array (_orga_json_get_member (object, "members"), C_("json", "Members"), error)) == NULL)
    return NULL;
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      OrgaMember *member = orga_json_member_from_node (json_array_get_element (array, i), error);

      if (member == NULL)
        return NULL;
      g_ptr_array_add (members, member);
    }

  if ((array = get_array (_orga_json_get_member (object, "invitations"), C_("json", "Invitations"), error)) == NULL)
    return NULL;
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      OrgaInvitation *invitation = orga_json_invitation_from_node (json_array_get_element (array, i), error);

      if (invitation == NULL)
        return NULL;
      g_ptr_array_add (invitations, invitation);
    }

  return orga_team_new (space, members, invitations, fetched_at);
}

JsonNode *
orga_json_team_to_node (OrgaTeam *team)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  GListModel *list;

  g_return_val_if_fail (ORGA_IS_TEAM (team), NULL);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "organization");
  build_organization (builder, orga_team_get_space (team));
  _orga_json_add_string (builder, "role", orga_member_role_to_string (orga_team_get_viewer_role (team)));

  json_builder_set_member_name (builder, "members");
  json_builder_begin_array (builder);
  list = orga_team_get_members (team);
  for (guint i = 0; i < g_list_model_get_n_items (list); i++)
    {
      g_autoptr(OrgaMember) member = g_list_model_get_item (list, i);
      orga_json_build_member (builder, member);
    }
  json_builder_end_array (builder);

  json_builder_set_member_name (builder, "invitations");
  json_builder_begin_array (builder);
  list = orga_team_get_invitations (team);
  for (guint i = 0; i < g_list_model_get_n_items (list); i++)
    {
      g_autoptr(OrgaInvitation) invitation = g_list_model_get_item (list, i);
      orga_json_build_invitation (builder, invitation);
    }
  json_builder_end_array (builder);

  add_date_time (builder, "fetched_at", orga_team_get_fetched_at (team));
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}
