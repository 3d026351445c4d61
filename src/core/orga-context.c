/* orga-context.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "orga-context.h"
#include "orga-identity.h"
#include "orga-learner-list.h"

struct _OrgaContext
{
  GObject           parent_instance;

  OrgaStore        *store;
  GSettings        *settings;
  OrgaOrganization *organization;

  /* The student list, read in a thread while the window is built. */
  GThread          *prefetch;
  OrgaOrganization *prefetch_organization;
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
  g_autoptr(OrgaLearnerList) unused = orga_context_take_learner_list (self);

  if (self->store != NULL)
    g_signal_handlers_disconnect_by_data (self->store, self);
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

static gboolean
same_school (OrgaOrganization *a,
             OrgaOrganization *b)
{
  return a != NULL && b != NULL &&
         orga_organization_get_id (a) == orga_organization_get_id (b) &&
         g_strcmp0 (orga_organization_get_name (a), orga_organization_get_name (b)) == 0 &&
         orga_organization_get_kind (a) == orga_organization_get_kind (b);
}

/* The school created or renamed by another program (pixorga-cli init) or
 * another page: the context follows, and every page with it through
 * notify::organization. */
static void
store_changed_cb (OrgaContext      *self,
                  OrgaStoreChanges *changes)
{
  g_autoptr(OrgaOrganization) organization = NULL;
  g_autoptr(GError) error = NULL;

  if (!orga_store_changes_has (changes, ORGA_STORE_CHANGE_ORGANIZATION))
    return;

  organization = orga_store_get_organization (self->store, &error);
  if (organization == NULL)
    {
      if (error != NULL && !g_error_matches (error, ORGA_STORE_ERROR, ORGA_STORE_ERROR_NO_ORGANIZATION))
        g_warning ("Could not read the school: %s", error->message);
      return;
    }

  orga_context_set_organization (self, organization);
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
      /* pixorga-cli and the app's worker threads write on connections of
       * their own: the pages see those commits too. */
      if (self->store != NULL)
        {
          orga_store_watch (self->store);
          g_signal_connect_object (self->store, "changed", G_CALLBACK (store_changed_cb),
                                   self, G_CONNECT_SWAPPED);
        }
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

  /* The same school read again is no news for the pages. */
  if (same_school (self->organization, organization))
    return;

  if (g_set_object (&self->organization, organization))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ORGANIZATION]);
}

typedef struct
{
  OrgaStore        *store;
  OrgaOrganization *organization;
} PrefetchData;

static gpointer
prefetch_thread (gpointer user_data)
{
  PrefetchData *data = user_data;
  OrgaLearnerList *list = orga_learner_list_new_first_rows (data->store, data->organization);

  g_object_unref (data->store);
  g_object_unref (data->organization);
  g_free (data);

  return list;
}

/**
 * orga_context_prefetch_learner_list:
 *
 * Starts reading the first rows of the school's student list in a thread
 * (orga_learner_list_new_first_rows()): at start-up the window's widgets
 * are built meanwhile, and the Élèves page takes the list ready
 * (orga_context_take_learner_list()) and has the rest read after its first
 * frame. The store's connection is
 * serialized, and nothing writes while the window is being built.
 */
void
orga_context_prefetch_learner_list (OrgaContext *self)
{
  PrefetchData *data;

  g_return_if_fail (ORGA_IS_CONTEXT (self));

  if (self->organization == NULL || self->prefetch != NULL)
    return;

  data = g_new0 (PrefetchData, 1);
  data->store = g_object_ref (self->store);
  data->organization = g_object_ref (self->organization);
  self->prefetch_organization = g_object_ref (self->organization);
  self->prefetch = g_thread_new ("orga-prefetch", prefetch_thread, data);
}

/**
 * orga_context_take_learner_list:
 *
 * Returns: (transfer full) (nullable): the list prefetched for the current
 *   school, waiting for it if need be; %NULL when none was or the school
 *   has changed since.
 */
OrgaLearnerList *
orga_context_take_learner_list (OrgaContext *self)
{
  g_autoptr(OrgaLearnerList) list = NULL;
  g_autoptr(OrgaOrganization) organization = NULL;

  g_return_val_if_fail (ORGA_IS_CONTEXT (self), NULL);

  if (self->prefetch == NULL)
    return NULL;

  list = g_thread_join (g_steal_pointer (&self->prefetch));
  organization = g_steal_pointer (&self->prefetch_organization);
  if (organization != self->organization)
    return NULL;

  return g_steal_pointer (&list);
}

char *
orga_context_dup_user_name (OrgaContext *self)
{
  g_return_val_if_fail (self == NULL || ORGA_IS_CONTEXT (self), NULL);

  return orga_identity_dup_display_name ();
}
