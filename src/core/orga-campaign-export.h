/* orga-campaign-export.h: "Exporter les résultats (.csv)", as Pix Orga
 *
 * Byte-compatible with Pix Orga's export (spec orga-domain.md §6): BOM,
 * ";", "\n", quoted strings, decimal comma, Oui/Non, NA, the apostrophe
 * before - @ = +, headers in French whatever the locale.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "orga-campaign.h"
#include "orga-organization.h"
#include "orga-participation-set.h"

G_BEGIN_DECLS

/* "Resultats-{name}-{id}-{YYYY-MM-DD-HHmm}.csv", @now in Europe/Paris;
 * characters a file system refuses are replaced. With demonstration data
 * in @participations, "DEMONSTRATION-Resultats-…": the file looks exactly
 * like Pix's otherwise. */
char     *orga_campaign_export_file_name (OrgaCampaign         *campaign,
                                          OrgaParticipationSet *participations,
                                          GDateTime            *now);

/* Appends @text to a file name being built, what a file system or a
 * spreadsheet refuses ("/", ":", "*", "?", control characters…) turned
 * into "_": the campaign's name here, a class's or a campaign's in the
 * yearly archive (orga-year-archive.h). */
void      orga_export_append_file_name_part (GString           *name,
                                             const char        *text);

/* Writes every participation of @participations (loaded with the improved
 * ones: one line each) to @out. */
gboolean  orga_campaign_export_csv       (OrgaOrganization     *organization,
                                          OrgaCampaign         *campaign,
                                          OrgaParticipationSet *participations,
                                          GOutputStream        *out,
                                          GCancellable         *cancellable,
                                          GError              **error);

/* The same with an explicit target profile (NULL for a profiles
 * collection): tests export against profiles of their own. */
gboolean  orga_campaign_export_csv_with_profile (OrgaOrganization        *organization,
                                                 OrgaCampaign            *campaign,
                                                 const OrgaTargetProfile *profile,
                                                 OrgaParticipationSet    *participations,
                                                 GOutputStream           *out,
                                                 GCancellable            *cancellable,
                                                 GError                 **error);

/* The export into @file, written beside it and renamed at the end: an
 * export that fails or is cancelled leaves any earlier file untouched. */
gboolean  orga_campaign_export_to_file   (OrgaOrganization     *organization,
                                          OrgaCampaign         *campaign,
                                          OrgaParticipationSet *participations,
                                          GFile                *file,
                                          GCancellable         *cancellable,
                                          GError              **error);
/* The same in a worker thread (the save dialog). @participations must not
 * change until it completes; OrgaCampaignData's never do. */
void      orga_campaign_export_to_file_async  (OrgaOrganization     *organization,
                                               OrgaCampaign         *campaign,
                                               OrgaParticipationSet *participations,
                                               GFile                *file,
                                               GCancellable         *cancellable,
                                               GAsyncReadyCallback   callback,
                                               gpointer              user_data);
gboolean  orga_campaign_export_to_file_finish (GAsyncResult         *result,
                                               GError              **error);

/* One CSV value, as Pix writes it (exposed for tests). */
void      orga_csv_append_string         (GString              *line,
                                          const char           *value);
void      orga_csv_append_number         (GString              *line,
                                          double                value,
                                          int                   decimals);

G_END_DECLS
