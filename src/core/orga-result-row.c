/* orga-result-row.c
 *
 * Made on demand by OrgaResultList for the rows a view shows: a reference
 * to the set and a position, nothing copied.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "orga-result-row.h"

struct _OrgaResultRow
{
  GObject               parent_instance;

  OrgaParticipationSet *set;
  guint                 index;
  guint                 stage;
  guint                 shared_attempts;
};

G_DEFINE_FINAL_TYPE (OrgaResultRow, orga_result_row, G_TYPE_OBJECT)

static void
orga_result_row_finalize (GObject *object)
{
  OrgaResultRow *self = (OrgaResultRow *)object;

  g_clear_object (&self->set);

  G_OBJECT_CLASS (orga_result_row_parent_class)->finalize (object);
}

static void
orga_result_row_class_init (OrgaResultRowClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = orga_result_row_finalize;
}

static void
orga_result_row_init (OrgaResultRow *self)
{
}

OrgaResultRow *
orga_result_row_new (OrgaParticipationSet *set,
                     guint                 index,
                     guint                 stage,
                     guint                 shared_attempts)
{
  OrgaResultRow *self;

  g_return_val_if_fail (ORGA_IS_PARTICIPATION_SET (set), NULL);
  g_return_val_if_fail (index < orga_participation_set_get_n (set), NULL);

  self = g_object_new (ORGA_TYPE_RESULT_ROW, NULL);
  self->set = g_object_ref (set);
  self->index = index;
  self->stage = stage;
  self->shared_attempts = shared_attempts;

  return self;
}

OrgaParticipationSet *
orga_result_row_get_set (OrgaResultRow *self)
{
  g_return_val_if_fail (ORGA_IS_RESULT_ROW (self), NULL);
  return self->set;
}

guint
orga_result_row_get_index (OrgaResultRow *self)
{
  g_return_val_if_fail (ORGA_IS_RESULT_ROW (self), 0);
  return self->index;
}

const OrgaParticipation *
orga_result_row_get_participation (OrgaResultRow *self)
{
  g_return_val_if_fail (ORGA_IS_RESULT_ROW (self), NULL);
  return orga_participation_set_get (self->set, self->index);
}

guint
orga_result_row_get_stage (OrgaResultRow *self)
{
  g_return_val_if_fail (ORGA_IS_RESULT_ROW (self), 0);
  return self->stage;
}

guint
orga_result_row_get_shared_attempts (OrgaResultRow *self)
{
  g_return_val_if_fail (ORGA_IS_RESULT_ROW (self), 0);
  return self->shared_attempts;
}
