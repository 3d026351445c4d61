/* orga-cert-export.h: the certification's files, from the store
 *
 * What "Exporter les résultats", "Télécharger les attestations" and the
 * livret scolaire export write, read from the store with the spec's row
 * choice (orga_store_load_cert_results) and written by the rules
 * (orga-cert.h) and the renderer (orga-cert-pages.h). One place for the
 * CLI (`pixorga-cli cert …`), the yearly archive (orga-year-archive.h)
 * and the app, so that the three give the same bytes.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "orga-organization.h"
#include "orga-store.h"

G_BEGIN_DECLS

/* The class @division (case-insensitive, as the store matches it) as the
 * school spells it, or NULL when the school has no active student in such
 * a class: the spec's "the division typed must match one of the list". */
char     *orga_cert_export_find_division (OrgaStore         *store,
                                          OrgaOrganization  *organization,
                                          const char        *division,
                                          GError           **error);

/* The CSV of @division (spec §3.3, published courses, latest per
 * student). NULL with @error set on a store error; NULL without error and
 * *n_results = 0 when the class has no result ("Aucun résultat…"). */
GBytes   *orga_cert_export_results_csv   (OrgaStore         *store,
                                          OrgaOrganization  *organization,
                                          const char        *division,
                                          guint             *n_results,
                                          GError           **error);

/* The attestations of @division (validated results only, one page each)
 * into @path, written beside it and renamed at the end: a failure leaves
 * no file and any earlier one untouched. With no validated result nothing
 * is written, *n_pages = 0 and TRUE is returned. */
gboolean  orga_cert_export_attestations  (OrgaStore         *store,
                                          OrgaOrganization  *organization,
                                          const char        *division,
                                          const char        *path,
                                          guint             *n_pages,
                                          GError           **error);

/* The livret scolaire's JSON (spec §4) of the whole school: the latest
 * non-cancelled course of each active student, under the school's UAI.
 * *n_results (may be NULL) says how many certifications it holds. */
char     *orga_cert_export_lsu_json      (OrgaStore         *store,
                                          OrgaOrganization  *organization,
                                          guint             *n_results,
                                          GError           **error);

G_END_DECLS
