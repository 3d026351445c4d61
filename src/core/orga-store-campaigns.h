/* orga-store-campaigns.h: campaigns and participations in the local store
 *
 * Part of OrgaStore (orga-store-campaigns.c); all SQL stays in the store.
 * Schema version 2 adds the tables `campaigns` and `participations`.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "orga-campaign.h"
#include "orga-participation-set.h"
#include "orga-store.h"

G_BEGIN_DECLS

typedef struct
{
  gboolean    archived;        /* the "Archivées" tab instead of "Actives" */
  const char *owner;           /* "Mes campagnes": exactly this owner; NULL for all */
  const char *search;          /* name, accent- and case-insensitive; NULL for all */
  const char *owner_search;    /* "Rechercher un propriétaire"; NULL for all */
} OrgaCampaignQuery;

/* Validates @spec, draws a code free among every campaign, inserts.
 * Returns the new campaign. */
OrgaCampaign  *orga_store_create_campaign       (OrgaStore               *self,
                                                 OrgaOrganization        *organization,
                                                 const OrgaCampaignSpec  *spec,
                                                 GError                 **error);
/* Newest first. (element-type OrgaCampaign) */
GPtrArray     *orga_store_list_campaigns        (OrgaStore               *self,
                                                 OrgaOrganization        *organization,
                                                 const OrgaCampaignQuery *query,
                                                 GError                 **error);
OrgaCampaign  *orga_store_get_campaign          (OrgaStore               *self,
                                                 gint64                   campaign_id,
                                                 GError                 **error);
OrgaCampaign  *orga_store_find_campaign_by_code (OrgaStore               *self,
                                                 OrgaOrganization        *organization,
                                                 const char              *code,
                                                 GError                 **error);
/* Only the name, title, landing text and owner can change; validated as
 * at creation. */
gboolean       orga_store_update_campaign       (OrgaStore               *self,
                                                 gint64                   campaign_id,
                                                 const char              *name,
                                                 const char              *title,
                                                 const char              *landing_text,
                                                 const char              *owner,
                                                 GError                 **error);
gboolean       orga_store_archive_campaign      (OrgaStore               *self,
                                                 gint64                   campaign_id,
                                                 const char              *archived_by,
                                                 GError                 **error);
gboolean       orga_store_unarchive_campaign    (OrgaStore               *self,
                                                 gint64                   campaign_id,
                                                 GError                 **error);
/* Soft-deletes the campaigns and their participations (anonymised: learner
 * detached, external id erased), in one transaction. */
gboolean       orga_store_delete_campaigns      (OrgaStore               *self,
                                                 const gint64            *campaign_ids,
                                                 guint                    n_ids,
                                                 const char              *deleted_by,
                                                 GError                 **error);

/* Every non-deleted participation of the campaign, with the learner's
 * names and class, in learner name order then attempt. With
 * @include_improved FALSE only the latest attempt of each learner. */
OrgaParticipationSet *orga_store_load_participations (OrgaStore          *self,
                                                      OrgaCampaign       *campaign,
                                                      gboolean            include_improved,
                                                      GError            **error);
/* Inserts participations (id and attempt are assigned; learner_id must be
 * a learner of the campaign's organization), in one transaction, in the
 * set's order. A learner's later rows are later attempts: each learner's
 * last row is the current one and every earlier participation of that
 * learner in the campaign is marked improved (the set's is_improved and
 * attempt are ignored). A second attempt needs multiple sendings, else
 * ORGA_CAMPAIGN_ERROR_ALREADY_PARTICIPATED and nothing is written. */
gboolean       orga_store_add_participations    (OrgaStore               *self,
                                                 OrgaCampaign            *campaign,
                                                 OrgaParticipationSet    *participations,
                                                 GError                 **error);
/* Spec §4.1, "Supprimer la participation": see orga-store-campaigns.c. */
gboolean       orga_store_can_delete_participations (OrgaStore           *self,
                                                 gint64                   campaign_id);
gboolean       orga_store_delete_participation  (OrgaStore               *self,
                                                 gint64                   participation_id,
                                                 const char              *deleted_by,
                                                 GError                 **error);
gboolean       orga_store_has_demo_data         (OrgaStore               *self,
                                                 OrgaOrganization        *organization);
/* Removes every participation marked as demonstration data. */
gboolean       orga_store_delete_demo_data      (OrgaStore               *self,
                                                 OrgaOrganization        *organization,
                                                 GError                 **error);

/* A learner's participations, newest first, for the student's page:
 * only the latest attempt per campaign, with the count of attempts. */
typedef struct
{
  gint64                   campaign_id;
  char                    *campaign_name;
  OrgaCampaignType         campaign_type;
  OrgaParticipationStatus  status;
  char                    *created_at;
  char                    *shared_at;     /* NULL when not shared */
  guint                    attempts;
  double                   mastery_rate;
  gboolean                 is_demo;
} OrgaLearnerParticipation;

void           orga_learner_participation_free  (OrgaLearnerParticipation *self);
GPtrArray     *orga_store_list_learner_participations (OrgaStore         *self,
                                                       gint64             learner_id,
                                                       GError           **error);

G_END_DECLS
