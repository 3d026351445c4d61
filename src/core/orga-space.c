/* orga-space.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "orga-space.h"
#include "orga-text.h"

struct _OrgaSpace
{
  GObject               parent_instance;

  char                 *id;
  char                 *uai;
  char                 *name;
  OrgaOrganizationKind  kind;
  gboolean              archived;
  OrgaMemberRole        role;
};

G_DEFINE_FINAL_TYPE (OrgaSpace, orga_space, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_TITLE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
orga_space_finalize (GObject *object)
{
  OrgaSpace *self = (OrgaSpace *)object;

  g_free (self->id);
  g_free (self->uai);
  g_free (self->name);

  G_OBJECT_CLASS (orga_space_parent_class)->finalize (object);
}

static void
orga_space_get_property (GObject    *object,
                         guint       prop_id,
                         GValue     *value,
                         GParamSpec *pspec)
{
  OrgaSpace *self = ORGA_SPACE (object);

  switch (prop_id)
    {
    case PROP_TITLE:
      g_value_take_string (value, orga_space_dup_title (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
orga_space_class_init (OrgaSpaceClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = orga_space_finalize;
  object_class->get_property = orga_space_get_property;

  properties[PROP_TITLE] = g_param_spec_string ("title", NULL, NULL, NULL,
                                                G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
orga_space_init (OrgaSpace *self)
{
}

OrgaSpace *
orga_space_new (const char           *id,
                const char           *uai,
                const char           *name,
                OrgaOrganizationKind  kind,
                gboolean              archived,
                OrgaMemberRole        role)
{
  OrgaSpace *self = g_object_new (ORGA_TYPE_SPACE, NULL);

  self->id = g_strdup (id != NULL ? id : "");
  self->uai = g_strdup (uai != NULL ? uai : "");
  self->name = g_strdup (name != NULL ? name : "");
  self->kind = kind;
  self->archived = !!archived;
  self->role = role;
  return self;
}

const char *
orga_space_get_id (OrgaSpace *self)
{
  g_return_val_if_fail (ORGA_IS_SPACE (self), NULL);
  return self->id;
}

const char *
orga_space_get_uai (OrgaSpace *self)
{
  g_return_val_if_fail (ORGA_IS_SPACE (self), NULL);
  return self->uai;
}

const char *
orga_space_get_name (OrgaSpace *self)
{
  g_return_val_if_fail (ORGA_IS_SPACE (self), NULL);
  return self->name;
}

OrgaOrganizationKind
orga_space_get_kind (OrgaSpace *self)
{
  g_return_val_if_fail (ORGA_IS_SPACE (self), ORGA_ORGANIZATION_KIND_SCO);
  return self->kind;
}

gboolean
orga_space_get_archived (OrgaSpace *self)
{
  g_return_val_if_fail (ORGA_IS_SPACE (self), FALSE);
  return self->archived;
}

OrgaMemberRole
orga_space_get_role (OrgaSpace *self)
{
  g_return_val_if_fail (ORGA_IS_SPACE (self), ORGA_MEMBER_ROLE_NONE);
  return self->role;
}

char *
orga_space_dup_title (OrgaSpace *self)
{
  g_return_val_if_fail (ORGA_IS_SPACE (self), NULL);

  return g_strdup_printf ("%s (%s)", self->name, self->uai);
}

int
orga_space_compare (gconstpointer a,
                    gconstpointer b)
{
  OrgaSpace *sa = (OrgaSpace *)a;
  OrgaSpace *sb = (OrgaSpace *)b;
  g_autofree char *ka = orga_text_fold (sa->name);
  g_autofree char *kb = orga_text_fold (sb->name);
  int cmp = strcmp (ka, kb);

  if (cmp != 0)
    return cmp;
  cmp = strcmp (sa->name, sb->name);
  if (cmp != 0)
    return cmp;
  return strcmp (sa->uai, sb->uai);
}

static int
compare_indirect (gconstpointer a,
                  gconstpointer b)
{
  return orga_space_compare (*(OrgaSpace * const *)a, *(OrgaSpace * const *)b);
}

void
orga_space_sort (GPtrArray *spaces)
{
  g_return_if_fail (spaces != NULL);
  g_ptr_array_sort (spaces, compare_indirect);
}
