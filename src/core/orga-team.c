/* orga-team.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "orga-team.h"

struct _OrgaTeam
{
  GObject     parent_instance;

  OrgaSpace  *space;
  GListStore *members;
  GListStore *invitations;
  GDateTime  *fetched_at;
  gboolean    offline;
};

G_DEFINE_FINAL_TYPE (OrgaTeam, orga_team, G_TYPE_OBJECT)

static void
orga_team_finalize (GObject *object)
{
  OrgaTeam *self = (OrgaTeam *)object;

  g_clear_object (&self->space);
  g_clear_object (&self->members);
  g_clear_object (&self->invitations);
  g_clear_pointer (&self->fetched_at, g_date_time_unref);

  G_OBJECT_CLASS (orga_team_parent_class)->finalize (object);
}

static void
orga_team_class_init (OrgaTeamClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = orga_team_finalize;
}

static void
orga_team_init (OrgaTeam *self)
{
  self->members = g_list_store_new (ORGA_TYPE_MEMBER);
  self->invitations = g_list_store_new (ORGA_TYPE_INVITATION);
}

OrgaTeam *
orga_team_new (OrgaSpace  *space,
               GPtrArray  *members,
               GPtrArray  *invitations,
               GDateTime  *fetched_at)
{
  OrgaTeam *self;

  g_return_val_if_fail (ORGA_IS_SPACE (space), NULL);

  self = g_object_new (ORGA_TYPE_TEAM, NULL);
  self->space = g_object_ref (space);
  if (members != NULL)
    g_list_store_splice (self->members, 0, 0, members->pdata, members->len);
  if (invitations != NULL)
    g_list_store_splice (self->invitations, 0, 0, invitations->pdata, invitations->len);
  if (fetched_at != NULL)
    self->fetched_at = g_date_time_ref (fetched_at);
  else
    {
      /* To the millisecond, as the JSON keeps it: a team read back from
       * the offline cache is the same team. */
      g_autoptr(GDateTime) now = g_date_time_new_now_utc ();

      self->fetched_at = g_date_time_add (now, -(g_date_time_get_microsecond (now) % 1000));
    }
  return self;
}

OrgaSpace *
orga_team_get_space (OrgaTeam *self)
{
  g_return_val_if_fail (ORGA_IS_TEAM (self), NULL);
  return self->space;
}

const char *
orga_team_get_organization_id (OrgaTeam *self)
{
  g_return_val_if_fail (ORGA_IS_TEAM (self), NULL);
  return orga_space_get_id (self->space);
}

const char *
orga_team_get_name (OrgaTeam *self)
{
  g_return_val_if_fail (ORGA_IS_TEAM (self), NULL);
  return orga_space_get_name (self->space);
}

const char *
orga_team_get_uai (OrgaTeam *self)
{
  g_return_val_if_fail (ORGA_IS_TEAM (self), NULL);
  return orga_space_get_uai (self->space);
}

OrgaMemberRole
orga_team_get_viewer_role (OrgaTeam *self)
{
  g_return_val_if_fail (ORGA_IS_TEAM (self), ORGA_MEMBER_ROLE_NONE);
  return orga_space_get_role (self->space);
}

gboolean
orga_team_viewer_is_admin (OrgaTeam *self)
{
  return orga_team_get_viewer_role (self) == ORGA_MEMBER_ROLE_ADMIN;
}

GListModel *
orga_team_get_members (OrgaTeam *self)
{
  g_return_val_if_fail (ORGA_IS_TEAM (self), NULL);
  return G_LIST_MODEL (self->members);
}

GListModel *
orga_team_get_invitations (OrgaTeam *self)
{
  g_return_val_if_fail (ORGA_IS_TEAM (self), NULL);
  return G_LIST_MODEL (self->invitations);
}

guint
orga_team_count_admins (OrgaTeam *self)
{
  guint n = 0;

  g_return_val_if_fail (ORGA_IS_TEAM (self), 0);

  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (self->members)); i++)
    {
      g_autoptr(OrgaMember) member = g_list_model_get_item (G_LIST_MODEL (self->members), i);

      if (orga_member_get_role (member) == ORGA_MEMBER_ROLE_ADMIN)
        n++;
    }

  return n;
}

GDateTime *
orga_team_get_fetched_at (OrgaTeam *self)
{
  g_return_val_if_fail (ORGA_IS_TEAM (self), NULL);
  return self->fetched_at;
}

gboolean
orga_team_get_offline (OrgaTeam *self)
{
  g_return_val_if_fail (ORGA_IS_TEAM (self), FALSE);
  return self->offline;
}

void
orga_team_set_offline (OrgaTeam *self,
                       gboolean  offline)
{
  g_return_if_fail (ORGA_IS_TEAM (self));
  self->offline = !!offline;
}

OrgaMember *
orga_team_find_member (OrgaTeam   *self,
                       const char *email)
{
  g_return_val_if_fail (ORGA_IS_TEAM (self), NULL);
  g_return_val_if_fail (email != NULL, NULL);

  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (self->members)); i++)
    {
      g_autoptr(OrgaMember) member = g_list_model_get_item (G_LIST_MODEL (self->members), i);

      if (g_ascii_strcasecmp (orga_member_get_email (member), email) == 0)
        return member;   /* the store keeps its reference */
    }

  return NULL;
}

OrgaInvitation *
orga_team_find_invitation (OrgaTeam   *self,
                           const char *email)
{
  g_return_val_if_fail (ORGA_IS_TEAM (self), NULL);
  g_return_val_if_fail (email != NULL, NULL);

  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (self->invitations)); i++)
    {
      g_autoptr(OrgaInvitation) invitation = g_list_model_get_item (G_LIST_MODEL (self->invitations), i);

      if (g_ascii_strcasecmp (orga_invitation_get_email (invitation), email) == 0)
        return invitation;
    }

  return NULL;
}
