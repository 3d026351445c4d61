/* orga-learner-slot.c
 *
 * See OrgaLearnerSlotList: the slot stays, the student in it changes, and
 * "notify::learner" tells the cells to show the new one.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "orga-learner-slot.h"

struct _OrgaLearnerSlot
{
  GObject      parent_instance;

  guint        position;
  OrgaLearner *learner;   /* NULL while the slot is on its way out */
};

G_DEFINE_FINAL_TYPE (OrgaLearnerSlot, orga_learner_slot, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_LEARNER,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
orga_learner_slot_dispose (GObject *object)
{
  OrgaLearnerSlot *self = (OrgaLearnerSlot *)object;

  g_clear_object (&self->learner);

  G_OBJECT_CLASS (orga_learner_slot_parent_class)->dispose (object);
}

static void
orga_learner_slot_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  OrgaLearnerSlot *self = ORGA_LEARNER_SLOT (object);

  switch (prop_id)
    {
    case PROP_LEARNER:
      g_value_set_object (value, self->learner);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
orga_learner_slot_class_init (OrgaLearnerSlotClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = orga_learner_slot_dispose;
  object_class->get_property = orga_learner_slot_get_property;

  properties[PROP_LEARNER] =
    g_param_spec_object ("learner", NULL, NULL, ORGA_TYPE_LEARNER,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
orga_learner_slot_init (OrgaLearnerSlot *self)
{
}

OrgaLearnerSlot *
orga_learner_slot_new (guint        position,
                       OrgaLearner *learner)
{
  OrgaLearnerSlot *self;

  g_return_val_if_fail (learner == NULL || ORGA_IS_LEARNER (learner), NULL);

  self = g_object_new (ORGA_TYPE_LEARNER_SLOT, NULL);
  self->position = position;
  self->learner = learner ? g_object_ref (learner) : NULL;

  return self;
}

guint
orga_learner_slot_get_position (OrgaLearnerSlot *self)
{
  g_return_val_if_fail (ORGA_IS_LEARNER_SLOT (self), 0);
  return self->position;
}

/* Returns: (nullable) (transfer none) */
OrgaLearner *
orga_learner_slot_get_learner (OrgaLearnerSlot *self)
{
  g_return_val_if_fail (ORGA_IS_LEARNER_SLOT (self), NULL);
  return self->learner;
}

void
orga_learner_slot_set_learner (OrgaLearnerSlot *self,
                               OrgaLearner     *learner)
{
  g_return_if_fail (ORGA_IS_LEARNER_SLOT (self));
  g_return_if_fail (learner == NULL || ORGA_IS_LEARNER (learner));

  if (g_set_object (&self->learner, learner))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LEARNER]);
}
