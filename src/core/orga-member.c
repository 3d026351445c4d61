/* orga-member.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "orga-member.h"

struct _OrgaMember
{
  GObject         parent_instance;

  char           *user_id;
  char           *email;
  char           *first_name;
  char           *last_name;
  OrgaMemberRole  role;
};

G_DEFINE_FINAL_TYPE (OrgaMember, orga_member, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_EMAIL,
  PROP_FIRST_NAME,
  PROP_LAST_NAME,
  PROP_DISPLAY_NAME,
  PROP_ROLE_LABEL,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

const char *
orga_member_role_to_string (OrgaMemberRole role)
{
  switch (role)
    {
    case ORGA_MEMBER_ROLE_ADMIN:
      return "ADMIN";
    case ORGA_MEMBER_ROLE_MEMBER:
      return "MEMBER";
    case ORGA_MEMBER_ROLE_NONE:
    default:
      return NULL;
    }
}

gboolean
orga_member_role_from_string (const char     *text,
                              OrgaMemberRole *role)
{
  if (g_strcmp0 (text, "ADMIN") == 0 || g_strcmp0 (text, "admin") == 0)
    *role = ORGA_MEMBER_ROLE_ADMIN;
  else if (g_strcmp0 (text, "MEMBER") == 0 || g_strcmp0 (text, "member") == 0)
    *role = ORGA_MEMBER_ROLE_MEMBER;
  else
    return FALSE;

  return TRUE;
}

const char *
orga_member_role_get_label (OrgaMemberRole role)
{
  switch (role)
    {
    case ORGA_MEMBER_ROLE_ADMIN:
      return _("Administrator");
    case ORGA_MEMBER_ROLE_MEMBER:
      return _("Member");
    case ORGA_MEMBER_ROLE_NONE:
    default:
      return "";
    }
}

static void
orga_member_finalize (GObject *object)
{
  OrgaMember *self = (OrgaMember *)object;

  g_free (self->user_id);
  g_free (self->email);
  g_free (self->first_name);
  g_free (self->last_name);

  G_OBJECT_CLASS (orga_member_parent_class)->finalize (object);
}

static void
orga_member_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  OrgaMember *self = ORGA_MEMBER (object);

  switch (prop_id)
    {
    case PROP_EMAIL:
      g_value_set_string (value, self->email);
      break;
    case PROP_FIRST_NAME:
      g_value_set_string (value, self->first_name);
      break;
    case PROP_LAST_NAME:
      g_value_set_string (value, self->last_name);
      break;
    case PROP_DISPLAY_NAME:
      g_value_take_string (value, orga_member_dup_display_name (self));
      break;
    case PROP_ROLE_LABEL:
      g_value_set_string (value, orga_member_role_get_label (self->role));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
orga_member_class_init (OrgaMemberClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags flags = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS;

  object_class->finalize = orga_member_finalize;
  object_class->get_property = orga_member_get_property;

  /* Read-only, for GtkExpressions in the Équipe page's lists. */
  properties[PROP_EMAIL] = g_param_spec_string ("email", NULL, NULL, NULL, flags);
  properties[PROP_FIRST_NAME] = g_param_spec_string ("first-name", NULL, NULL, NULL, flags);
  properties[PROP_LAST_NAME] = g_param_spec_string ("last-name", NULL, NULL, NULL, flags);
  properties[PROP_DISPLAY_NAME] = g_param_spec_string ("display-name", NULL, NULL, NULL, flags);
  properties[PROP_ROLE_LABEL] = g_param_spec_string ("role-label", NULL, NULL, NULL, flags);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
orga_member_init (OrgaMember *self)
{
}

OrgaMember *
orga_member_new (const char     *user_id,
                 const char     *email,
                 const char     *first_name,
                 const char     *last_name,
                 OrgaMemberRole  role)
{
  OrgaMember *self = g_object_new (ORGA_TYPE_MEMBER, NULL);

  self->user_id = g_strdup (user_id != NULL ? user_id : "");
  self->email = g_strdup (email != NULL ? email : "");
  self->first_name = g_strdup (first_name != NULL ? first_name : "");
  self->last_name = g_strdup (last_name != NULL ? last_name : "");
  self->role = role;
  return self;
}

const char *
orga_member_get_user_id (OrgaMember *self)
{
  g_return_val_if_fail (ORGA_IS_MEMBER (self), NULL);
  return self->user_id;
}

const char *
orga_member_get_email (OrgaMember *self)
{
  g_return_val_if_fail (ORGA_IS_MEMBER (self), NULL);
  return self->email;
}

const char *
orga_member_get_first_name (OrgaMember *self)
{
  g_return_val_if_fail (ORGA_IS_MEMBER (self), NULL);
  return self->first_name;
}

const char *
orga_member_get_last_name (OrgaMember *self)
{
  g_return_val_if_fail (ORGA_IS_MEMBER (self), NULL);
  return self->last_name;
}

OrgaMemberRole
orga_member_get_role (OrgaMember *self)
{
  g_return_val_if_fail (ORGA_IS_MEMBER (self), ORGA_MEMBER_ROLE_NONE);
  return self->role;
}

char *
orga_member_dup_display_name (OrgaMember *self)
{
  g_return_val_if_fail (ORGA_IS_MEMBER (self), NULL);

  if (*self->first_name == '\0' || *self->last_name == '\0')
    return g_strconcat (self->first_name, self->last_name, NULL);
  return g_strdup_printf ("%s %s", self->first_name, self->last_name);
}
