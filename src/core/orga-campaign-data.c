/* orga-campaign-data.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>

#include "orga-campaign-data.h"
#include "orga-store-campaigns.h"

G_DEFINE_BOXED_TYPE (OrgaCampaignData, orga_campaign_data, orga_campaign_data_ref, orga_campaign_data_unref)

static void
campaign_data_clear (OrgaCampaignData *self)
{
  g_clear_object (&self->organization);
  g_clear_object (&self->campaign);
  g_clear_object (&self->participations);
  g_clear_object (&self->participants);
  g_clear_object (&self->results);
  g_clear_pointer (&self->activity, orga_activity_free);
  g_clear_pointer (&self->stage_counts, g_free);
  g_clear_pointer (&self->tube_relevance, g_array_unref);
}

OrgaCampaignData *
orga_campaign_data_ref (OrgaCampaignData *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return g_atomic_rc_box_acquire (self);
}

void
orga_campaign_data_unref (OrgaCampaignData *self)
{
  g_return_if_fail (self != NULL);
  g_atomic_rc_box_release_full (self, (GDestroyNotify)campaign_data_clear);
}

static gboolean
check_cancelled (GCancellable  *cancellable,
                 GError       **error)
{
  return g_cancellable_set_error_if_cancelled (cancellable, error);
}

/* Every figure from the loaded set; a few passes over arrays. */
static gboolean
compute (OrgaCampaignData  *self,
         GCancellable      *cancellable,
         GError           **error)
{
  OrgaParticipationSet *set = self->participations;
  OrgaResultFilter shared_only = ORGA_RESULT_FILTER_INIT;

  self->is_demo = orga_participation_set_has_demo (set);
  orga_stats_count_status (set, self->status_counts);
  self->n_participants = self->status_counts[0] + self->status_counts[1] + self->status_counts[2];
  self->activity = orga_stats_activity (set);
  self->average_mastery = orga_stats_average_mastery (set);
  orga_stats_distribution (set, self->buckets);

  self->average_stage = NAN;
  for (guint i = 0; i < ORGA_FRAMEWORK_N_COMPETENCES; i++)
    self->competence_averages[i] = NAN;

  if (check_cancelled (cancellable, error))
    return FALSE;

  if (self->profile != NULL)
    {
      if (self->profile->n_stages > 0)
        {
          self->stage_counts = g_new0 (guint, self->profile->n_stages);
          self->average_stage = orga_stats_stages (self->profile, set, self->stage_counts);
        }
      orga_stats_competence_averages (self->profile, set, self->competence_averages);
      self->tube_relevance = orga_stats_tube_relevance (self->profile, set, NULL);
    }

  if (check_cancelled (cancellable, error))
    return FALSE;

  self->participants = orga_result_list_new (set, self->profile);
  self->results = orga_result_list_new_sibling (self->participants);
  shared_only.statuses = 1u << ORGA_PARTICIPATION_SHARED;
  orga_result_list_set_filter (self->results, &shared_only);

  return TRUE;
}

OrgaCampaignData *
orga_campaign_data_new (OrgaStore     *store,
                        OrgaCampaign  *campaign,
                        GCancellable  *cancellable,
                        GError       **error)
{
  g_autoptr(OrgaCampaignData) self = NULL;

  g_return_val_if_fail (ORGA_IS_STORE (store), NULL);
  g_return_val_if_fail (ORGA_IS_CAMPAIGN (campaign), NULL);

  self = g_atomic_rc_box_new0 (OrgaCampaignData);
  self->campaign = g_object_ref (campaign);
  self->profile = orga_campaign_get_target_profile (campaign);

  self->organization = orga_store_get_organization (store, error);
  if (self->organization == NULL)
    {
      if (error != NULL && *error == NULL)
        g_set_error_literal (error, ORGA_STORE_ERROR, ORGA_STORE_ERROR_NO_ORGANIZATION,
                             _("No school is set up yet."));
      return NULL;
    }

  self->participations = orga_store_load_participations (store, campaign, TRUE, error);
  if (self->participations == NULL)
    return NULL;

  if (!compute (self, cancellable, error))
    return NULL;

  return g_steal_pointer (&self);
}

static gpointer
load_job (OrgaStore     *store,
          gpointer       task_data,
          GCancellable  *cancellable,
          GError       **error)
{
  gint64 campaign_id = *(gint64 *)task_data;
  g_autoptr(OrgaCampaign) campaign = NULL;

  campaign = orga_store_get_campaign (store, campaign_id, error);
  if (campaign == NULL)
    return NULL;

  return orga_campaign_data_new (store, campaign, cancellable, error);
}

void
orga_campaign_data_load_async (OrgaStore           *store,
                               gint64               campaign_id,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  g_return_if_fail (ORGA_IS_STORE (store));

  orga_store_run_job_async (store, load_job, g_memdup2 (&campaign_id, sizeof campaign_id), g_free,
                            (GDestroyNotify)orga_campaign_data_unref, cancellable, callback, user_data);
}

OrgaCampaignData *
orga_campaign_data_load_finish (GAsyncResult  *result,
                                GError       **error)
{
  return orga_store_run_job_finish (result, error);
}

GArray *
orga_campaign_data_get_attempts (OrgaCampaignData *self,
                                 gint64            learner_id)
{
  GArray *attempts = g_array_new (FALSE, FALSE, sizeof (guint));
  guint n;

  g_return_val_if_fail (self != NULL, attempts);

  /* The set is in name order, then attempt: a learner's rows are
   * together, but a linear pass is a millisecond and needs no index. */
  n = orga_participation_set_get_n (self->participations);
  for (guint i = 0; i < n; i++)
    if (orga_participation_set_get (self->participations, i)->learner_id == learner_id)
      g_array_append_val (attempts, i);

  return attempts;
}
