/* orga-class-heat-map.c
 *
 * One load per campaign, one pass per load: sums and counts per class and
 * competence, averaged at the end.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "orga-class-heat-map"

#include "config.h"

#include <math.h>

#include "orga-campaign-stats.h"
#include "orga-class-heat-map.h"
#include "orga-store-campaigns.h"

#define N_COMPETENCES ORGA_FRAMEWORK_N_COMPETENCES

typedef struct
{
  double sums[N_COMPETENCES];
  guint  counts[N_COMPETENCES];
} ClassRow;

static int
compare_classes (gconstpointer a,
                 gconstpointer b)
{
  return orga_store_compare_divisions (*(const char * const *)a, *(const char * const *)b);
}

static ClassRow *
lookup_row (GHashTable *rows,
            const char *division)
{
  ClassRow *row = g_hash_table_lookup (rows, division);

  if (row == NULL)
    {
      row = g_new0 (ClassRow, 1);
      g_hash_table_insert (rows, g_strdup (division), row);
    }

  return row;
}

static gboolean
add_campaign (OrgaStore     *store,
              OrgaCampaign  *campaign,
              GHashTable    *rows,
              GError       **error)
{
  const OrgaTargetProfile *profile;
  g_autoptr(OrgaParticipationSet) set = NULL;
  guint n;

  if (orga_campaign_get_campaign_type (campaign) != ORGA_CAMPAIGN_TYPE_ASSESSMENT)
    return TRUE;

  profile = orga_campaign_get_target_profile (campaign);
  if (profile == NULL)
    return TRUE;

  set = orga_store_load_participations (store, campaign, FALSE, error);
  if (set == NULL)
    return FALSE;

  /* A set whose results do not cover the profile cannot be read safely. */
  if (orga_participation_set_get_results_size (set) < profile->n_tubes)
    return TRUE;

  n = orga_participation_set_get_n (set);
  for (guint i = 0; i < n; i++)
    {
      const OrgaParticipation *p = orga_participation_set_get (set, i);
      guint validated[N_COMPETENCES];
      guint targeted[N_COMPETENCES];
      ClassRow *row;

      if (p->is_improved || p->status != ORGA_PARTICIPATION_SHARED)
        continue;
      if (p->division == NULL || p->division[0] == '\0')
        continue;

      orga_stats_participation_competences (profile, p, validated, targeted);
      row = lookup_row (rows, p->division);
      for (guint c = 0; c < N_COMPETENCES; c++)
        {
          if (targeted[c] == 0)
            continue;
          row->sums[c] += (double)validated[c] / targeted[c];
          row->counts[c]++;
        }
    }

  return TRUE;
}

static gboolean
add_campaigns (OrgaStore         *store,
               OrgaOrganization  *organization,
               gboolean           archived,
               GHashTable        *rows,
               GCancellable      *cancellable,
               GError           **error)
{
  OrgaCampaignQuery query = { .archived = archived };
  g_autoptr(GPtrArray) campaigns = NULL;

  campaigns = orga_store_list_campaigns (store, organization, &query, error);
  if (campaigns == NULL)
    return FALSE;

  for (guint i = 0; i < campaigns->len; i++)
    {
      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return FALSE;
      if (!add_campaign (store, g_ptr_array_index (campaigns, i), rows, error))
        return FALSE;
    }

  return TRUE;
}

OrgaClassHeatMap *
orga_class_heat_map_compute (OrgaStore         *store,
                             OrgaOrganization  *organization,
                             GCancellable      *cancellable,
                             GError           **error)
{
  g_autoptr(GHashTable) rows = NULL;
  g_auto(GStrv) divisions = NULL;
  g_autoptr(GPtrArray) names = NULL;
  OrgaClassHeatMap *map;
  GHashTableIter iter;
  gpointer key;

  g_return_val_if_fail (ORGA_IS_STORE (store), NULL);
  g_return_val_if_fail (ORGA_IS_ORGANIZATION (organization), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  rows = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);

  if (!add_campaigns (store, organization, FALSE, rows, cancellable, error) ||
      !add_campaigns (store, organization, TRUE, rows, cancellable, error))
    return NULL;

  /* Classes without results are rows too: a class that has not started is
   * worth seeing. */
  divisions = orga_store_list_divisions (store, organization, error);
  if (divisions == NULL)
    return NULL;
  for (guint i = 0; divisions[i] != NULL; i++)
    if (divisions[i][0] != '\0')
      lookup_row (rows, divisions[i]);

  names = g_ptr_array_new ();
  g_hash_table_iter_init (&iter, rows);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    g_ptr_array_add (names, key);
  g_ptr_array_sort (names, compare_classes);

  map = g_new0 (OrgaClassHeatMap, 1);
  map->n_classes = names->len;
  map->classes = g_new0 (char *, names->len + 1);
  map->values = g_new (double, MAX (names->len, 1) * N_COMPETENCES);
  map->counts = g_new0 (guint, MAX (names->len, 1) * N_COMPETENCES);

  for (guint i = 0; i < names->len; i++)
    {
      const ClassRow *row = g_hash_table_lookup (rows, g_ptr_array_index (names, i));

      map->classes[i] = g_strdup (g_ptr_array_index (names, i));
      for (guint c = 0; c < N_COMPETENCES; c++)
        {
          map->counts[i * N_COMPETENCES + c] = row->counts[c];
          map->values[i * N_COMPETENCES + c] = row->counts[c] > 0 ? row->sums[c] / row->counts[c] : NAN;
        }
    }

  return map;
}

void
orga_class_heat_map_free (OrgaClassHeatMap *self)
{
  if (self == NULL)
    return;

  g_strfreev (self->classes);
  g_free (self->values);
  g_free (self->counts);
  g_free (self);
}

static gpointer
compute_job (OrgaStore     *store,
             gpointer       task_data,
             GCancellable  *cancellable,
             GError       **error)
{
  /* Only read for its id, which never changes. */
  OrgaOrganization *organization = task_data;

  return orga_class_heat_map_compute (store, organization, cancellable, error);
}

void
orga_class_heat_map_compute_async (OrgaStore           *store,
                                   OrgaOrganization    *organization,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  g_return_if_fail (ORGA_IS_STORE (store));
  g_return_if_fail (ORGA_IS_ORGANIZATION (organization));

  orga_store_run_job_async (store, compute_job, g_object_ref (organization), g_object_unref,
                            (GDestroyNotify)orga_class_heat_map_free, cancellable, callback, user_data);
}

/**
 * orga_class_heat_map_compute_finish:
 *
 * Returns: (transfer full): the map, or %NULL with @error set
 */
OrgaClassHeatMap *
orga_class_heat_map_compute_finish (GAsyncResult  *result,
                                    GError       **error)
{
  return orga_store_run_job_finish (result, error);
}
