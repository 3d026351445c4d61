/* orga-organization.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "orga-organization.h"

struct _OrgaOrganization
{
  GObject               parent_instance;

  gint64                id;
  char                 *uuid;
  char                 *uai;
  char                 *name;
  OrgaOrganizationKind  kind;
};

G_DEFINE_FINAL_TYPE (OrgaOrganization, orga_organization, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_UUID,
  PROP_UAI,
  PROP_NAME,
  PROP_TITLE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

const char *
orga_organization_kind_to_string (OrgaOrganizationKind kind)
{
  return kind == ORGA_ORGANIZATION_KIND_AGRI ? "agri" : "sco";
}

gboolean
orga_organization_kind_from_string (const char           *text,
                                    OrgaOrganizationKind *kind)
{
  if (g_strcmp0 (text, "sco") == 0)
    *kind = ORGA_ORGANIZATION_KIND_SCO;
  else if (g_strcmp0 (text, "agri") == 0)
    *kind = ORGA_ORGANIZATION_KIND_AGRI;
  else
    return FALSE;

  return TRUE;
}

/* A UAI (RNE) is seven digits and a letter, e.g. 0330001A. */
gboolean
orga_uai_is_valid (const char *uai)
{
  if (uai == NULL || strlen (uai) != 8)
    return FALSE;

  for (guint i = 0; i < 7; i++)
    if (!g_ascii_isdigit (uai[i]))
      return FALSE;

  return g_ascii_isalpha (uai[7]);
}

G_DEFINE_QUARK (orga-organization-error-quark, orga_organization_error)

char *
orga_uai_normalize (const char *text)
{
  g_autofree char *copy = g_strdup (text != NULL ? text : "");

  return g_ascii_strup (g_strstrip (copy), -1);
}

gboolean
orga_uai_check (const char  *uai,
                GError     **error)
{
  if (orga_uai_is_valid (uai))
    return TRUE;

  g_set_error_literal (error, ORGA_ORGANIZATION_ERROR, ORGA_ORGANIZATION_ERROR_INVALID_UAI,
                       _("The UAI is not correct."));
  return FALSE;
}

static void
orga_organization_finalize (GObject *object)
{
  OrgaOrganization *self = (OrgaOrganization *)object;

  g_clear_pointer (&self->uuid, g_free);
  g_clear_pointer (&self->uai, g_free);
  g_clear_pointer (&self->name, g_free);

  G_OBJECT_CLASS (orga_organization_parent_class)->finalize (object);
}

static void
orga_organization_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  OrgaOrganization *self = ORGA_ORGANIZATION (object);

  switch (prop_id)
    {
    case PROP_UUID:
      g_value_set_string (value, self->uuid);
      break;
    case PROP_UAI:
      g_value_set_string (value, self->uai);
      break;
    case PROP_NAME:
      g_value_set_string (value, self->name);
      break;
    case PROP_TITLE:
      g_value_take_string (value, orga_organization_dup_title (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
orga_organization_class_init (OrgaOrganizationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = orga_organization_finalize;
  object_class->get_property = orga_organization_get_property;

  properties[PROP_UUID] = g_param_spec_string ("uuid", NULL, NULL, NULL,
                                               G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_UAI] = g_param_spec_string ("uai", NULL, NULL, NULL,
                                              G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_NAME] = g_param_spec_string ("name", NULL, NULL, NULL,
                                               G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_TITLE] = g_param_spec_string ("title", NULL, NULL, NULL,
                                                G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
orga_organization_init (OrgaOrganization *self)
{
}

OrgaOrganization *
orga_organization_new (gint64                id,
                       const char           *uuid,
                       const char           *uai,
                       const char           *name,
                       OrgaOrganizationKind  kind)
{
  OrgaOrganization *self = g_object_new (ORGA_TYPE_ORGANIZATION, NULL);

  self->id = id;
  self->uuid = g_strdup (uuid);
  self->uai = g_strdup (uai);
  self->name = g_strdup (name);
  self->kind = kind;

  return self;
}

gint64
orga_organization_get_id (OrgaOrganization *self)
{
  g_return_val_if_fail (ORGA_IS_ORGANIZATION (self), 0);
  return self->id;
}

const char *
orga_organization_get_uuid (OrgaOrganization *self)
{
  g_return_val_if_fail (ORGA_IS_ORGANIZATION (self), NULL);
  return self->uuid;
}

const char *
orga_organization_get_uai (OrgaOrganization *self)
{
  g_return_val_if_fail (ORGA_IS_ORGANIZATION (self), NULL);
  return self->uai;
}

const char *
orga_organization_get_name (OrgaOrganization *self)
{
  g_return_val_if_fail (ORGA_IS_ORGANIZATION (self), NULL);
  return self->name;
}

OrgaOrganizationKind
orga_organization_get_kind (OrgaOrganization *self)
{
  g_return_val_if_fail (ORGA_IS_ORGANIZATION (self), ORGA_ORGANIZATION_KIND_SCO);
  return self->kind;
}

/* "Collège Jean Moulin (0330001A)", as Pix Orga heads the space. */
char *
orga_organization_dup_title (OrgaOrganization *self)
{
  g_return_val_if_fail (ORGA_IS_ORGANIZATION (self), NULL);
  return g_strdup_printf ("%s (%s)", self->name, self->uai);
}
