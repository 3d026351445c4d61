/* orga-learner-slot-list.c
 *
 * GTK 4.8's list and column views keep about 200 rows alive and never
 * reuse a row for another item: when a search replaces every item of the
 * list, they destroy those rows and build them again, cell by cell, some
 * 300 ms for eight columns. This model puts a slot at each position
 * instead of the student: a slot stays the same object whatever the
 * search, only the student in it changes. After a new search the views
 * keep their rows and only rebind their text; items-changed reports no
 * more than the change of length at the end.
 *
 * The slots alive are the ones the view holds: they are kept by position,
 * weakly.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "orga-learner-slot-list.h"

struct _OrgaLearnerSlotList
{
  GObject     parent_instance;

  GListModel *model;         /* of OrgaLearner */
  guint       n_items;       /* as last reported: the model may be ahead */
  guint       limit;         /* at most this many items shown */
  GHashTable *slots;         /* position → OrgaLearnerSlot, weak */
  guint       sync_source;
};

static void orga_learner_slot_list_model_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (OrgaLearnerSlotList, orga_learner_slot_list, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, orga_learner_slot_list_model_init))

enum {
  PROP_0,
  PROP_N_ITEMS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
slot_finalized_cb (gpointer  data,
                   GObject  *where_the_object_was)
{
  OrgaLearnerSlotList *self = data;
  GHashTableIter iter;
  gpointer value;

  /* The slot is gone: its position cannot be read any more. */
  g_hash_table_iter_init (&iter, self->slots);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      if (value == (gpointer)where_the_object_was)
        {
          g_hash_table_iter_remove (&iter);
          return;
        }
    }
}

static GType
orga_learner_slot_list_get_item_type (GListModel *model)
{
  return ORGA_TYPE_LEARNER_SLOT;
}

static guint
orga_learner_slot_list_get_n_items (GListModel *model)
{
  return ORGA_LEARNER_SLOT_LIST (model)->n_items;
}

static gpointer
orga_learner_slot_list_get_item (GListModel *model,
                                 guint       position)
{
  OrgaLearnerSlotList *self = ORGA_LEARNER_SLOT_LIST (model);
  g_autoptr(OrgaLearner) learner = NULL;
  OrgaLearnerSlot *slot;

  if (position >= self->n_items)
    return NULL;

  slot = g_hash_table_lookup (self->slots, GUINT_TO_POINTER (position));
  if (slot != NULL)
    return g_object_ref (slot);

  /* NULL only between a change of the model and the next sync. */
  learner = g_list_model_get_item (self->model, position);
  slot = orga_learner_slot_new (position, learner);
  g_object_weak_ref (G_OBJECT (slot), slot_finalized_cb, self);
  g_hash_table_insert (self->slots, GUINT_TO_POINTER (position), slot);

  return slot;
}

static void
orga_learner_slot_list_model_init (GListModelInterface *iface)
{
  iface->get_item_type = orga_learner_slot_list_get_item_type;
  iface->get_n_items = orga_learner_slot_list_get_n_items;
  iface->get_item = orga_learner_slot_list_get_item;
}

static gboolean
sync_cb (gpointer data)
{
  OrgaLearnerSlotList *self = data;

  self->sync_source = 0;
  orga_learner_slot_list_sync (self);

  return G_SOURCE_REMOVE;
}

static void
model_items_changed_cb (OrgaLearnerSlotList *self,
                        guint                position,
                        guint                removed,
                        guint                added,
                        GListModel          *model)
{
  /* A requery is a removal then an addition: wait for both. The sync runs
   * before the next frame is laid out, unless the owner syncs first. */
  if (self->sync_source == 0)
    self->sync_source = g_idle_add_full (G_PRIORITY_HIGH_IDLE, sync_cb, self, NULL);
}

static void
orga_learner_slot_list_dispose (GObject *object)
{
  OrgaLearnerSlotList *self = (OrgaLearnerSlotList *)object;
  GHashTableIter iter;
  gpointer value;

  g_clear_handle_id (&self->sync_source, g_source_remove);

  if (self->slots != NULL)
    {
      g_hash_table_iter_init (&iter, self->slots);
      while (g_hash_table_iter_next (&iter, NULL, &value))
        g_object_weak_unref (value, slot_finalized_cb, self);
      g_hash_table_remove_all (self->slots);
    }

  if (self->model != NULL)
    g_signal_handlers_disconnect_by_data (self->model, self);
  g_clear_object (&self->model);

  G_OBJECT_CLASS (orga_learner_slot_list_parent_class)->dispose (object);
}

static void
orga_learner_slot_list_finalize (GObject *object)
{
  OrgaLearnerSlotList *self = (OrgaLearnerSlotList *)object;

  g_clear_pointer (&self->slots, g_hash_table_unref);

  G_OBJECT_CLASS (orga_learner_slot_list_parent_class)->finalize (object);
}

static void
orga_learner_slot_list_get_property (GObject    *object,
                                     guint       prop_id,
                                     GValue     *value,
                                     GParamSpec *pspec)
{
  OrgaLearnerSlotList *self = ORGA_LEARNER_SLOT_LIST (object);

  switch (prop_id)
    {
    case PROP_N_ITEMS:
      g_value_set_uint (value, self->n_items);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
orga_learner_slot_list_class_init (OrgaLearnerSlotListClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = orga_learner_slot_list_dispose;
  object_class->finalize = orga_learner_slot_list_finalize;
  object_class->get_property = orga_learner_slot_list_get_property;

  properties[PROP_N_ITEMS] =
    g_param_spec_uint ("n-items", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
orga_learner_slot_list_init (OrgaLearnerSlotList *self)
{
  self->slots = g_hash_table_new (NULL, NULL);
  self->limit = G_MAXUINT;
}

/**
 * orga_learner_slot_list_new:
 * @learners: a list of #OrgaLearner
 */
OrgaLearnerSlotList *
orga_learner_slot_list_new (GListModel *learners)
{
  OrgaLearnerSlotList *self;

  g_return_val_if_fail (G_IS_LIST_MODEL (learners), NULL);
  g_return_val_if_fail (g_type_is_a (g_list_model_get_item_type (learners), ORGA_TYPE_LEARNER), NULL);

  self = g_object_new (ORGA_TYPE_LEARNER_SLOT_LIST, NULL);
  self->model = g_object_ref (learners);
  self->n_items = MIN (g_list_model_get_n_items (learners), self->limit);
  g_signal_connect_object (learners, "items-changed", G_CALLBACK (model_items_changed_cb),
                           self, G_CONNECT_SWAPPED);

  return self;
}

GListModel *
orga_learner_slot_list_get_model (OrgaLearnerSlotList *self)
{
  g_return_val_if_fail (ORGA_IS_LEARNER_SLOT_LIST (self), NULL);
  return self->model;
}

/**
 * orga_learner_slot_list_sync:
 *
 * Catches up with the model now rather than before the next frame: the
 * slots alive show the students now at their positions, and the length
 * changes at the end.
 */
void
orga_learner_slot_list_sync (OrgaLearnerSlotList *self)
{
  guint old_n, new_n, common;
  GHashTableIter iter;
  gpointer key, value;

  g_return_if_fail (ORGA_IS_LEARNER_SLOT_LIST (self));

  g_clear_handle_id (&self->sync_source, g_source_remove);

  old_n = self->n_items;
  new_n = MIN (g_list_model_get_n_items (self->model), self->limit);
  common = MIN (old_n, new_n);

  /* Only the slots on screen (and around): a couple of hundred. Those past
   * the new end leave the list; should the list grow again, their
   * positions get new slots. */
  g_hash_table_iter_init (&iter, self->slots);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      guint position = GPOINTER_TO_UINT (key);
      g_autoptr(OrgaLearner) learner = NULL;

      if (position >= new_n)
        {
          orga_learner_slot_set_learner (value, NULL);
          g_object_weak_unref (value, slot_finalized_cb, self);
          g_hash_table_iter_remove (&iter);
          continue;
        }

      learner = g_list_model_get_item (self->model, position);
      orga_learner_slot_set_learner (value, learner);
    }

  self->n_items = new_n;
  if (old_n != new_n)
    {
      g_list_model_items_changed (G_LIST_MODEL (self), common, old_n - common, new_n - common);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_ITEMS]);
    }
}

/**
 * orga_learner_slot_list_set_limit:
 * @limit: the most items to show; G_MAXUINT for all
 *
 * GTK 4.8's views build about 200 rows for a long list, 1,600 cells for
 * the students: 60 ms before the first frame. A window opening on 50,000
 * students shows the first screenful at once and the rest of the list one
 * frame later.
 */
void
orga_learner_slot_list_set_limit (OrgaLearnerSlotList *self,
                                  guint                limit)
{
  g_return_if_fail (ORGA_IS_LEARNER_SLOT_LIST (self));

  if (limit == self->limit)
    return;

  self->limit = limit;
  orga_learner_slot_list_sync (self);
}
