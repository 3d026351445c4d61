/* orga-participation-set.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "orga-participation-set.h"

/* Results are stored in blocks of this many bytes (or one participation's
 * worth if that is more). Blocks never move once allocated, so the
 * `results` pointer of a stored participation stays valid while the array
 * of participations grows. */
#define RESULTS_BLOCK_SIZE (64 * 1024)

struct _OrgaParticipationSet
{
  GObject       parent_instance;

  guint         results_size;
  GArray       *participations;  /* of OrgaParticipation */
  GStringChunk *strings;         /* names and classes repeat: interned */
  GPtrArray    *blocks;          /* of guint8[block_size] */
  gsize         block_size;
  gsize         block_used;      /* bytes used in the last block */
  guint         n_current;
  GHashTable   *shared_attempts; /* gint64* learner id → count; built lazily */
};

G_DEFINE_FINAL_TYPE (OrgaParticipationSet, orga_participation_set, G_TYPE_OBJECT)

const char *
orga_participation_status_to_string (OrgaParticipationStatus status)
{
  switch (status)
    {
    case ORGA_PARTICIPATION_STARTED: return "STARTED";
    case ORGA_PARTICIPATION_TO_SHARE: return "TO_SHARE";
    case ORGA_PARTICIPATION_SHARED: return "SHARED";
    default: return NULL;
    }
}

gboolean
orga_participation_status_from_string (const char              *text,
                                       OrgaParticipationStatus *status)
{
  static const OrgaParticipationStatus all[] = {
    ORGA_PARTICIPATION_STARTED,
    ORGA_PARTICIPATION_TO_SHARE,
    ORGA_PARTICIPATION_SHARED,
  };

  if (text == NULL)
    return FALSE;

  for (guint i = 0; i < G_N_ELEMENTS (all); i++)
    {
      if (strcmp (text, orga_participation_status_to_string (all[i])) == 0)
        {
          if (status != NULL)
            *status = all[i];
          return TRUE;
        }
    }

  return FALSE;
}

static void
orga_participation_set_finalize (GObject *object)
{
  OrgaParticipationSet *self = (OrgaParticipationSet *)object;

  g_clear_pointer (&self->participations, g_array_unref);
  g_clear_pointer (&self->strings, g_string_chunk_free);
  g_clear_pointer (&self->blocks, g_ptr_array_unref);
  g_clear_pointer (&self->shared_attempts, g_hash_table_unref);

  G_OBJECT_CLASS (orga_participation_set_parent_class)->finalize (object);
}

static void
orga_participation_set_class_init (OrgaParticipationSetClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = orga_participation_set_finalize;
}

static void
orga_participation_set_init (OrgaParticipationSet *self)
{
  self->participations = g_array_new (FALSE, TRUE, sizeof (OrgaParticipation));
  self->strings = g_string_chunk_new (64 * 1024);
  self->blocks = g_ptr_array_new_with_free_func (g_free);
}

OrgaParticipationSet *
orga_participation_set_new (guint results_size)
{
  OrgaParticipationSet *self = g_object_new (ORGA_TYPE_PARTICIPATION_SET, NULL);

  self->results_size = results_size;
  self->block_size = MAX (RESULTS_BLOCK_SIZE, (gsize)results_size);
  /* Start "full" so the first add allocates the first block. */
  self->block_used = self->block_size;

  return self;
}

guint
orga_participation_set_get_results_size (OrgaParticipationSet *self)
{
  g_return_val_if_fail (ORGA_IS_PARTICIPATION_SET (self), 0);

  return self->results_size;
}

static guint8 *
alloc_results (OrgaParticipationSet *self)
{
  guint8 *block;

  if (self->results_size == 0)
    return NULL;

  if (self->block_size - self->block_used < self->results_size)
    {
      g_ptr_array_add (self->blocks, g_malloc (self->block_size));
      self->block_used = 0;
    }

  block = g_ptr_array_index (self->blocks, self->blocks->len - 1);
  self->block_used += self->results_size;

  return block + self->block_used - self->results_size;
}

static const char *
intern (OrgaParticipationSet *self,
        const char           *text)
{
  return text != NULL ? g_string_chunk_insert_const (self->strings, text) : NULL;
}

void
orga_participation_set_add (OrgaParticipationSet    *self,
                            const OrgaParticipation *participation)
{
  OrgaParticipation copy;
  guint8 *results;

  g_return_if_fail (ORGA_IS_PARTICIPATION_SET (self));
  g_return_if_fail (participation != NULL);

  copy = *participation;
  copy.last_name = intern (self, participation->last_name);
  copy.first_name = intern (self, participation->first_name);
  copy.division = intern (self, participation->division != NULL ? participation->division : "");
  copy.external_id = intern (self, participation->external_id);

  results = alloc_results (self);
  if (results != NULL)
    {
      if (participation->results != NULL)
        memcpy (results, participation->results, self->results_size);
      else
        memset (results, 0, self->results_size);
    }
  copy.results = results;

  g_array_append_val (self->participations, copy);

  if (!copy.is_improved)
    self->n_current++;

  /* The lazy index points into the array, which may just have moved. */
  g_clear_pointer (&self->shared_attempts, g_hash_table_unref);
}

guint
orga_participation_set_get_n (OrgaParticipationSet *self)
{
  g_return_val_if_fail (ORGA_IS_PARTICIPATION_SET (self), 0);

  return self->participations->len;
}

/* The pointer is valid until the next orga_participation_set_add(). */
const OrgaParticipation *
orga_participation_set_get (OrgaParticipationSet *self,
                            guint                 i)
{
  g_return_val_if_fail (ORGA_IS_PARTICIPATION_SET (self), NULL);
  g_return_val_if_fail (i < self->participations->len, NULL);

  return &g_array_index (self->participations, OrgaParticipation, i);
}

guint
orga_participation_set_count_current (OrgaParticipationSet *self)
{
  g_return_val_if_fail (ORGA_IS_PARTICIPATION_SET (self), 0);

  return self->n_current;
}

gboolean
orga_participation_set_has_demo (OrgaParticipationSet *self)
{
  g_return_val_if_fail (ORGA_IS_PARTICIPATION_SET (self), FALSE);

  for (guint i = 0; i < self->participations->len; i++)
    if (g_array_index (self->participations, OrgaParticipation, i).is_demo)
      return TRUE;

  return FALSE;
}

guint
orga_participation_set_count_shared_attempts (OrgaParticipationSet *self,
                                              gint64                learner_id)
{
  g_return_val_if_fail (ORGA_IS_PARTICIPATION_SET (self), 0);

  if (self->shared_attempts == NULL)
    {
      /* Keys point at the learner_id fields of the array, which does not
       * move until the next add, and the add drops this table. */
      self->shared_attempts = g_hash_table_new (g_int64_hash, g_int64_equal);

      for (guint i = 0; i < self->participations->len; i++)
        {
          OrgaParticipation *p = &g_array_index (self->participations, OrgaParticipation, i);
          guint count;

          if (p->status != ORGA_PARTICIPATION_SHARED)
            continue;

          count = GPOINTER_TO_UINT (g_hash_table_lookup (self->shared_attempts, &p->learner_id));
          g_hash_table_insert (self->shared_attempts, &p->learner_id, GUINT_TO_POINTER (count + 1));
        }
    }

  return GPOINTER_TO_UINT (g_hash_table_lookup (self->shared_attempts, &learner_id));
}
