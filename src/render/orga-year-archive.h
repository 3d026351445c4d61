/* orga-year-archive.h: "Archiver l'année scolaire" (issue 12, item 7)
 *
 * One zip that keeps the year's certification and campaigns before the
 * next student import overwrites them:
 *   resultats/<classe>.csv       each class that has results (the CSV of
 *                                "Exporter les résultats", byte for byte)
 *   attestations/<classe>.pdf    each class that has validated results
 *                                (one page per student)
 *   campagnes/<code>-<nom>.csv   each campaign, active or archived (Pix
 *                                Orga's export, orga-campaign-export.h)
 *   README.txt                   in French: what is inside, for which
 *                                school, when and by whom it was made
 * In orga-render because the attestations are drawn here; the CLI
 * (`pixorga-cli archive`) and the app write it through this one file.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "orga-organization.h"
#include "orga-store.h"

G_BEGIN_DECLS

typedef struct
{
  guint n_classes;        /* results CSVs written */
  guint n_results;        /* their rows, all classes */
  guint n_attestations;   /* attestation pages, all classes */
  guint n_campaigns;      /* campaign exports written */
} OrgaYearArchiveSummary;

/* "archive-pixorga-0330001A-2026-2027.zip": the school year of @now
 * (September to August), for the save dialog. */
char     *orga_year_archive_file_name (OrgaOrganization        *organization,
                                       GDateTime               *now);

/* Writes the archive to @path: built beside it under a temporary name and
 * renamed at the end, so that a failure or a cancellation leaves no file
 * (and any earlier file at @path untouched). The archive is then recorded
 * with orga_store_note_archive() (@created_by, who made it), in the same
 * step as the rename. @now (NULL: the current time) dates the README.
 * Blocking: the app runs it through orga_year_archive_write_async(). */
gboolean  orga_year_archive_write     (OrgaStore               *store,
                                       OrgaOrganization        *organization,
                                       const char              *path,
                                       const char              *created_by,
                                       GDateTime               *now,
                                       OrgaYearArchiveSummary  *summary,
                                       GCancellable            *cancellable,
                                       GError                 **error);

/* The same as a store job (orga_store_run_job_async(): a connection of its
 * own in a worker thread); completes on the caller's main context. */
void      orga_year_archive_write_async  (OrgaStore               *store,
                                          OrgaOrganization        *organization,
                                          const char              *path,
                                          const char              *created_by,
                                          GCancellable            *cancellable,
                                          GAsyncReadyCallback      callback,
                                          gpointer                 user_data);
/* @summary (may be NULL) is filled on success. */
gboolean  orga_year_archive_write_finish (GAsyncResult            *result,
                                          OrgaYearArchiveSummary  *summary,
                                          GError                 **error);

G_END_DECLS
