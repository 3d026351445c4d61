/* orga-cert-results-view.h: Certifications › Résultats (spec §3.3, §4)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "orga-context.h"

G_BEGIN_DECLS

#define ORGA_TYPE_CERT_RESULTS_VIEW (orga_cert_results_view_get_type ())
G_DECLARE_FINAL_TYPE (OrgaCertResultsView, orga_cert_results_view, ORGA, CERT_RESULTS_VIEW, AdwBin)

GtkWidget   *orga_cert_results_view_new         (OrgaContext         *context);
OrgaContext *orga_cert_results_view_get_context (OrgaCertResultsView *self);
void         orga_cert_results_view_set_context (OrgaCertResultsView *self,
                                                 OrgaContext         *context);

/* The class shown, or NULL when the school has none. */
const char  *orga_cert_results_view_get_division (OrgaCertResultsView *self);
/* Shows @division (as orga_store_list_cert_divisions() spells it);
 * FALSE when the school has no such class. */
gboolean     orga_cert_results_view_set_division (OrgaCertResultsView *self,
                                                  const char          *division);
/* FALSE while the class's results are being read. */
gboolean     orga_cert_results_view_is_loaded    (OrgaCertResultsView *self);
/* FALSE while the school year is being archived. */
gboolean     orga_cert_results_view_is_idle      (OrgaCertResultsView *self);

/* For tests: every save (and "Imprimer") writes to @file instead of
 * asking the user where (NULL: ask again). */
void         orga_cert_results_view_set_test_file (OrgaCertResultsView *self,
                                                   GFile               *file);

G_END_DECLS
