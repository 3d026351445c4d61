/* orga-cert-report-editor.h: one "signalement" of the incident report
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "orga-cert.h"

G_BEGIN_DECLS

#define ORGA_TYPE_CERT_REPORT_EDITOR (orga_cert_report_editor_get_type ())

G_DECLARE_FINAL_TYPE (OrgaCertReportEditor, orga_cert_report_editor, ORGA, CERT_REPORT_EDITOR, AdwWindow)

/* A modal window for a report on @candidate_name ("Léa Dupont"): a kind
 * among orga_cert_report_kinds() (deprecated ones left out) and the
 * fields that kind requires. "Ajouter" checks it with
 * orga_cert_report_check(), emits "saved" and closes. */
GtkWidget            *orga_cert_report_editor_new        (const char           *candidate_name);
/* The report being saved: valid during "saved" (strings owned by the
 * editor). */
const OrgaCertReport *orga_cert_report_editor_get_report (OrgaCertReportEditor *self);

/* "C7 · Incident technique non bloquant", the kind's code and French
 * label as the paper incident report names it; the raw values when the
 * pair is unknown. */
char                 *orga_cert_report_editor_dup_kind_title (const char *category,
                                                              const char *subcategory);

G_END_DECLS
