/* orga-invitation.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "orga-invitation.h"

struct _OrgaInvitation
{
  GObject               parent_instance;

  char                 *id;
  char                 *email;
  OrgaInvitationStatus  status;
  OrgaMemberRole        role;
  GDateTime            *created_at;
  GDateTime            *updated_at;
};

G_DEFINE_FINAL_TYPE (OrgaInvitation, orga_invitation, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_EMAIL,
  PROP_UPDATED_AT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

const char *
orga_invitation_status_to_string (OrgaInvitationStatus status)
{
  switch (status)
    {
    case ORGA_INVITATION_STATUS_ACCEPTED:
      return "accepted";
    case ORGA_INVITATION_STATUS_CANCELLED:
      return "cancelled";
    case ORGA_INVITATION_STATUS_PENDING:
    default:
      return "pending";
    }
}

gboolean
orga_invitation_status_from_string (const char           *text,
                                    OrgaInvitationStatus *status)
{
  if (g_strcmp0 (text, "pending") == 0)
    *status = ORGA_INVITATION_STATUS_PENDING;
  else if (g_strcmp0 (text, "accepted") == 0)
    *status = ORGA_INVITATION_STATUS_ACCEPTED;
  else if (g_strcmp0 (text, "cancelled") == 0)
    *status = ORGA_INVITATION_STATUS_CANCELLED;
  else
    return FALSE;

  return TRUE;
}

static void
orga_invitation_finalize (GObject *object)
{
  OrgaInvitation *self = (OrgaInvitation *)object;

  g_free (self->id);
  g_free (self->email);
  g_clear_pointer (&self->created_at, g_date_time_unref);
  g_clear_pointer (&self->updated_at, g_date_time_unref);

  G_OBJECT_CLASS (orga_invitation_parent_class)->finalize (object);
}

static void
orga_invitation_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  OrgaInvitation *self = ORGA_INVITATION (object);

  switch (prop_id)
    {
    case PROP_EMAIL:
      g_value_set_string (value, self->email);
      break;
    case PROP_UPDATED_AT:
      g_value_set_boxed (value, self->updated_at);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
orga_invitation_class_init (OrgaInvitationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags flags = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS;

  object_class->finalize = orga_invitation_finalize;
  object_class->get_property = orga_invitation_get_property;

  properties[PROP_EMAIL] = g_param_spec_string ("email", NULL, NULL, NULL, flags);
  properties[PROP_UPDATED_AT] = g_param_spec_boxed ("updated-at", NULL, NULL, G_TYPE_DATE_TIME, flags);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
orga_invitation_init (OrgaInvitation *self)
{
}

OrgaInvitation *
orga_invitation_new (const char           *id,
                     const char           *email,
                     OrgaInvitationStatus  status,
                     OrgaMemberRole        role,
                     GDateTime            *created_at,
                     GDateTime            *updated_at)
{
  OrgaInvitation *self = g_object_new (ORGA_TYPE_INVITATION, NULL);

  self->id = g_strdup (id != NULL ? id : "");
  self->email = g_strdup (email != NULL ? email : "");
  self->status = status;
  self->role = role;
  self->created_at = created_at != NULL ? g_date_time_ref (created_at) : NULL;
  self->updated_at = updated_at != NULL ? g_date_time_ref (updated_at)
                   : created_at != NULL ? g_date_time_ref (created_at) : NULL;
  return self;
}

const char *
orga_invitation_get_id (OrgaInvitation *self)
{
  g_return_val_if_fail (ORGA_IS_INVITATION (self), NULL);
  return self->id;
}

const char *
orga_invitation_get_email (OrgaInvitation *self)
{
  g_return_val_if_fail (ORGA_IS_INVITATION (self), NULL);
  return self->email;
}

OrgaInvitationStatus
orga_invitation_get_status (OrgaInvitation *self)
{
  g_return_val_if_fail (ORGA_IS_INVITATION (self), ORGA_INVITATION_STATUS_PENDING);
  return self->status;
}

OrgaMemberRole
orga_invitation_get_role (OrgaInvitation *self)
{
  g_return_val_if_fail (ORGA_IS_INVITATION (self), ORGA_MEMBER_ROLE_NONE);
  return self->role;
}

GDateTime *
orga_invitation_get_created_at (OrgaInvitation *self)
{
  g_return_val_if_fail (ORGA_IS_INVITATION (self), NULL);
  return self->created_at;
}

GDateTime *
orga_invitation_get_updated_at (OrgaInvitation *self)
{
  g_return_val_if_fail (ORGA_IS_INVITATION (self), NULL);
  return self->updated_at;
}
