/* orga-guide-progress.c: what the school has done of its year, for the
 * guide, from the store's existing reads
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "orga-format.h"
#include "orga-guide-progress.h"
#include "orga-store-account.h"
#include "orga-store-campaigns.h"
#include "orga-store-cert.h"
#include "orga-store-student-accounts.h"
#include "orga-team.h"

void
orga_guide_progress_free (OrgaGuideProgress *self)
{
  if (self == NULL)
    return;
  g_free (self->school_year);
  for (guint i = 0; i < ORGA_GUIDE_N_STEPS; i++)
    g_free (self->statuses[i]);
  g_free (self);
}

static int
school_year_of (GDateTime *now)
{
  int year = g_date_time_get_year (now);

  return g_date_time_get_month (now) >= 8 ? year : year - 1;
}

char *
orga_guide_school_year_start (GDateTime *now)
{
  g_return_val_if_fail (now != NULL, NULL);

  return g_strdup_printf ("%04d-08-01", school_year_of (now));
}

/* A stored UTC timestamp as the day in France: "03/09/2026". */
static char *
format_day (const char *iso)
{
  return orga_format_iso_date (iso, orga_format_paris_time_zone ());
}

static void
set_step (OrgaGuideProgress *self,
          OrgaGuideStep      step,
          OrgaGuideState     state,
          char              *status)
{
  self->states[step] = state;
  g_free (self->statuses[step]);
  self->statuses[step] = status;
}

static gboolean
read_import (OrgaGuideProgress *self,
             OrgaStore         *store,
             OrgaOrganization  *organization,
             const char        *start,
             GError           **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autoptr(OrgaImportRecord) import = orga_store_get_last_import (store, organization, TRUE, &local_error);
  g_autofree char *day = NULL;

  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  if (import == NULL)
    {
      set_step (self, ORGA_GUIDE_STEP_IMPORT, ORGA_GUIDE_STATE_TO_DO, g_strdup (_("No student list imported yet")));
      return TRUE;
    }

  day = format_day (import->created_at);
  if (g_strcmp0 (import->created_at, start) >= 0)
    set_step (self, ORGA_GUIDE_STEP_IMPORT, ORGA_GUIDE_STATE_DONE,
              /* Translators: the day of the import, 03/09/2026 */
              g_strdup_printf (_("Student list imported on %s"), day));
  else
    set_step (self, ORGA_GUIDE_STEP_IMPORT, ORGA_GUIDE_STATE_TO_DO,
              /* Translators: the day of the import, 03/09/2025 */
              g_strdup_printf (_("Last list imported on %s, in an earlier school year"), day));
  return TRUE;
}

static gboolean
read_team (OrgaGuideProgress *self,
           OrgaStore         *store,
           OrgaOrganization  *organization,
           GError           **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autoptr(OrgaTeam) team = NULL;
  g_autofree char *space_id = orga_store_dup_space_id (store, organization, &local_error);
  guint members, invitations;

  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  /* The activation is done once the space exists; linked to Pix Orga,
   * the team and the sync follow. */
  set_step (self, ORGA_GUIDE_STEP_ACTIVATION, ORGA_GUIDE_STATE_DONE,
            g_strdup (space_id != NULL ? _("Space activated and linked to Pix Orga")
                                       : _("Space activated on this computer, not linked to Pix Orga")));

  team = orga_store_load_team_cache (store, organization, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  members = team != NULL ? g_list_model_get_n_items (orga_team_get_members (team)) : 0;
  invitations = team != NULL ? g_list_model_get_n_items (orga_team_get_invitations (team)) : 0;

  /* You alone are no team yet. */
  if (members >= 2 || invitations > 0)
    set_step (self, ORGA_GUIDE_STEP_TEAM, ORGA_GUIDE_STATE_DONE,
              g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u member in the team", "%u members in the team",
                                            members), members));
  else
    set_step (self, ORGA_GUIDE_STEP_TEAM, ORGA_GUIDE_STATE_TO_DO, g_strdup (_("No colleague invited yet")));
  return TRUE;
}

/* Both tabs, Actives and Archivées: an archived campaign of this year
 * still counts. */
static gboolean
read_campaigns (OrgaGuideProgress *self,
                OrgaStore         *store,
                OrgaOrganization  *organization,
                const char        *start,
                GError           **error)
{
  guint assessments = 0, shared = 0, collections = 0, profiles = 0;

  for (guint archived = 0; archived < 2; archived++)
    {
      OrgaCampaignQuery query = { .archived = archived };
      g_autoptr(GPtrArray) campaigns = orga_store_list_campaigns (store, organization, &query, error);

      if (campaigns == NULL)
        return FALSE;
      for (guint i = 0; i < campaigns->len; i++)
        {
          OrgaCampaign *campaign = g_ptr_array_index (campaigns, i);

          if (g_strcmp0 (orga_campaign_get_created_at (campaign), start) < 0)
            continue;
          if (orga_campaign_get_campaign_type (campaign) == ORGA_CAMPAIGN_TYPE_ASSESSMENT)
            {
              assessments++;
              shared += orga_campaign_get_shared (campaign);
            }
          else
            {
              collections++;
              profiles += orga_campaign_get_shared (campaign);
            }
        }
    }

  if (assessments > 0)
    set_step (self, ORGA_GUIDE_STEP_CAMPAIGNS, ORGA_GUIDE_STATE_DONE,
              g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u campaign this school year",
                                            "%u campaigns this school year", assessments), assessments));
  else
    set_step (self, ORGA_GUIDE_STEP_CAMPAIGNS, ORGA_GUIDE_STATE_TO_DO, g_strdup (_("No campaign this school year yet")));

  if (shared > 0)
    set_step (self, ORGA_GUIDE_STEP_PALIERS, ORGA_GUIDE_STATE_DONE,
              g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u result shared by the students",
                                            "%u results shared by the students", shared), shared));
  else
    set_step (self, ORGA_GUIDE_STEP_PALIERS, ORGA_GUIDE_STATE_TO_DO, g_strdup (_("No result shared yet")));

  if (profiles > 0)
    set_step (self, ORGA_GUIDE_STEP_PROFILES, ORGA_GUIDE_STATE_DONE,
              g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u profile received", "%u profiles received",
                                            profiles), profiles));
  else if (collections > 0)
    set_step (self, ORGA_GUIDE_STEP_PROFILES, ORGA_GUIDE_STATE_TO_DO,
              g_strdup (_("Profiles collection launched, no profile received yet")));
  else
    set_step (self, ORGA_GUIDE_STEP_PROFILES, ORGA_GUIDE_STATE_TO_DO,
              g_strdup (_("No profiles collection this school year yet")));
  return TRUE;
}

static gboolean
read_accounts (OrgaGuideProgress *self,
               OrgaStore         *store,
               OrgaOrganization  *organization,
               GError           **error)
{
  g_autoptr(GHashTable) accounts = orga_store_login_methods_by_learner (store, organization, error);
  guint n;

  if (accounts == NULL)
    return FALSE;
  n = g_hash_table_size (accounts);
  if (n > 0)
    set_step (self, ORGA_GUIDE_STEP_ACCOUNTS, ORGA_GUIDE_STATE_DONE,
              g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u student with a Pix account",
                                            "%u students with a Pix account", n), n));
  else
    set_step (self, ORGA_GUIDE_STEP_ACCOUNTS, ORGA_GUIDE_STATE_TO_DO, g_strdup (_("No student account known yet")));
  return TRUE;
}

static gboolean
read_certification (OrgaGuideProgress *self,
                    OrgaStore         *store,
                    OrgaOrganization  *organization,
                    const char        *start,
                    GError           **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GPtrArray) sessions = orga_store_list_cert_sessions (store, organization, error);
  g_autofree char *archived_at = NULL;
  guint n_sessions = 0, candidates = 0, held = 0, finalized = 0, published = 0;
  char start_day[ORGA_FORMAT_DAY_SIZE];

  if (sessions == NULL)
    return FALSE;
  /* Sessions are dated by their day, YYYY-MM-DD. */
  g_strlcpy (start_day, start, sizeof start_day);
  for (guint i = 0; i < sessions->len; i++)
    {
      OrgaCertSession *session = g_ptr_array_index (sessions, i);

      if (g_strcmp0 (orga_cert_session_get_date (session), start_day) < 0)
        continue;
      n_sessions++;
      candidates += orga_cert_session_get_n_candidates (session);
      held += orga_cert_session_get_n_started (session) > 0;
      finalized += orga_cert_session_get_finalized_at (session) != NULL;
      published += orga_cert_session_get_published_at (session) != NULL;
    }

  if (candidates > 0)
    set_step (self, ORGA_GUIDE_STEP_PREPARATION, ORGA_GUIDE_STATE_DONE,
              g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u candidate enrolled", "%u candidates enrolled",
                                            candidates), candidates));
  else
    set_step (self, ORGA_GUIDE_STEP_PREPARATION, ORGA_GUIDE_STATE_TO_DO, g_strdup (_("No candidate enrolled yet")));

  if (n_sessions > 0)
    set_step (self, ORGA_GUIDE_STEP_SESSIONS, ORGA_GUIDE_STATE_DONE,
              g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u certification session",
                                            "%u certification sessions", n_sessions), n_sessions));
  else
    set_step (self, ORGA_GUIDE_STEP_SESSIONS, ORGA_GUIDE_STATE_TO_DO, g_strdup (_("No session this school year yet")));

  if (held > 0)
    set_step (self, ORGA_GUIDE_STEP_SUPERVISION, ORGA_GUIDE_STATE_DONE,
              g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u session held", "%u sessions held", held), held));
  else
    set_step (self, ORGA_GUIDE_STEP_SUPERVISION, ORGA_GUIDE_STATE_TO_DO, g_strdup (_("No session held yet")));

  if (finalized > 0)
    set_step (self, ORGA_GUIDE_STEP_FINALIZATION, ORGA_GUIDE_STATE_DONE,
              g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u session finalized", "%u sessions finalized",
                                            finalized), finalized));
  else
    set_step (self, ORGA_GUIDE_STEP_FINALIZATION, ORGA_GUIDE_STATE_TO_DO, g_strdup (_("No session finalized yet")));

  if (published > 0)
    set_step (self, ORGA_GUIDE_STEP_RESULTS, ORGA_GUIDE_STATE_DONE, g_strdup (_("Results sent by Pix")));
  else
    set_step (self, ORGA_GUIDE_STEP_RESULTS, ORGA_GUIDE_STATE_TO_DO, g_strdup (_("No results received yet")));

  set_step (self, ORGA_GUIDE_STEP_LIVRET, ORGA_GUIDE_STATE_UNTRACKED,
            g_strdup (published > 0 ? _("To do now that the results are in; PixOrga does not record this export")
                                    : _("After the results")));

  archived_at = orga_store_dup_last_archive_at (store, organization, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  if (archived_at != NULL && g_strcmp0 (archived_at, start) >= 0)
    {
      g_autofree char *day = format_day (archived_at);

      set_step (self, ORGA_GUIDE_STEP_ARCHIVE, ORGA_GUIDE_STATE_DONE,
                /* Translators: the day of the archive, 30/06/2027 */
                g_strdup_printf (_("School year archived on %s"), day));
    }
  else
    set_step (self, ORGA_GUIDE_STEP_ARCHIVE, ORGA_GUIDE_STATE_TO_DO, g_strdup (_("Not archived yet")));
  return TRUE;
}

OrgaGuideProgress *
orga_guide_progress_load (OrgaStore         *store,
                          OrgaOrganization  *organization,
                          GDateTime         *now,
                          GError           **error)
{
  g_autoptr(OrgaGuideProgress) self = g_new0 (OrgaGuideProgress, 1);
  g_autofree char *start = NULL;
  int year;

  g_return_val_if_fail (ORGA_IS_STORE (store), NULL);
  g_return_val_if_fail (ORGA_IS_ORGANIZATION (organization), NULL);
  g_return_val_if_fail (now != NULL, NULL);

  year = school_year_of (now);
  self->school_year = g_strdup_printf ("%d-%d", year, year + 1);
  start = orga_guide_school_year_start (now);

  if (!read_team (self, store, organization, error) ||
      !read_import (self, store, organization, start, error) ||
      !read_campaigns (self, store, organization, start, error) ||
      !read_accounts (self, store, organization, error) ||
      !read_certification (self, store, organization, start, error))
    return NULL;

  return g_steal_pointer (&self);
}

OrgaGuideStep
orga_guide_progress_get_next (const OrgaGuideProgress *self)
{
  g_return_val_if_fail (self != NULL, ORGA_GUIDE_N_STEPS);

  for (guint i = 0; i < ORGA_GUIDE_N_STEPS; i++)
    if (self->states[i] == ORGA_GUIDE_STATE_TO_DO)
      return i;
  return ORGA_GUIDE_N_STEPS;
}
