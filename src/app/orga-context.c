/* orga-context.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "orga-context.h"

struct _OrgaContext
{
  GObject           parent_instance;

  OrgaStore        *store;
  GSettings        *settings;
  OrgaOrganization *organization;
};

G_DEFINE_FINAL_TYPE (OrgaContext, orga_context, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_STORE,
  PROP_SETTINGS,
  PROP_ORGANIZATION,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
orga_context_dispose (GObject *object)
{
  OrgaContext *self = (OrgaContext *)object;

  g_clear_object (&self->organization);
  g_clear_object (&self->settings);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (orga_context_parent_class)->dispose (object);
}

static void
orga_context_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  OrgaContext *self = ORGA_CONTEXT (object);

  switch (prop_id)
    {
    case PROP_STORE:
      g_value_set_object (value, self->store);
      break;
    case PROP_SETTINGS:
      g_value_set_object (value, self->settings);
      break;
    case PROP_ORGANIZATION:
      g_value_set_object (value, self->organization);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
orga_context_set_property (GObject      *object,
                           guint         prop_id,
                           const GValue *value,
                           GParamSpec   *pspec)
{
  OrgaContext *self = ORGA_CONTEXT (object);

  switch (prop_id)
    {
    case PROP_STORE:
      self->store = g_value_dup_object (value);
      break;
    case PROP_SETTINGS:
      self->settings = g_value_dup_object (value);
      break;
    case PROP_ORGANIZATION:
      orga_context_set_organization (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
orga_context_class_init (OrgaContextClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = orga_context_dispose;
  object_class->get_property = orga_context_get_property;
  object_class->set_property = orga_context_set_property;

  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL, ORGA_TYPE_STORE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SETTINGS] =
    g_param_spec_object ("settings", NULL, NULL, G_TYPE_SETTINGS,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  /* NULL until the school's space exists (first run). */
  properties[PROP_ORGANIZATION] =
    g_param_spec_object ("organization", NULL, NULL, ORGA_TYPE_ORGANIZATION,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
orga_context_init (OrgaContext *self)
{
}

OrgaContext *
orga_context_new (OrgaStore *store,
                  GSettings *settings)
{
  g_return_val_if_fail (ORGA_IS_STORE (store), NULL);

  return g_object_new (ORGA_TYPE_CONTEXT, "store", store, "settings", settings, NULL);
}

OrgaStore *
orga_context_get_store (OrgaContext *self)
{
  g_return_val_if_fail (ORGA_IS_CONTEXT (self), NULL);
  return self->store;
}

GSettings *
orga_context_get_settings (OrgaContext *self)
{
  g_return_val_if_fail (ORGA_IS_CONTEXT (self), NULL);
  return self->settings;
}

OrgaOrganization *
orga_context_get_organization (OrgaContext *self)
{
  g_return_val_if_fail (ORGA_IS_CONTEXT (self), NULL);
  return self->organization;
}

void
orga_context_set_organization (OrgaContext      *self,
                               OrgaOrganization *organization)
{
  g_return_if_fail (ORGA_IS_CONTEXT (self));

  if (g_set_object (&self->organization, organization))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ORGANIZATION]);
}
