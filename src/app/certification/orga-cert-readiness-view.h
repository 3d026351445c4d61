/* orga-cert-readiness-view.h: Préparation, who is certifiable, per class
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "orga-context.h"

G_BEGIN_DECLS

#define ORGA_TYPE_CERT_READINESS_VIEW (orga_cert_readiness_view_get_type ())

G_DECLARE_FINAL_TYPE (OrgaCertReadinessView, orga_cert_readiness_view, ORGA, CERT_READINESS_VIEW, AdwBin)

OrgaContext *orga_cert_readiness_view_get_context  (OrgaCertReadinessView *self);
void         orga_cert_readiness_view_set_context  (OrgaCertReadinessView *self,
                                                    OrgaContext           *context);
/* The class shown, or NULL for every class. */
const char  *orga_cert_readiness_view_get_division (OrgaCertReadinessView *self);
/* Whether a load or a PDF is under way ("busy" property). */
gboolean     orga_cert_readiness_view_get_busy     (OrgaCertReadinessView *self);
/* Writes the list shown as a PDF to @file, in a thread; a toast says
 * when it is done ("readiness.print" asks where first). */
void         orga_cert_readiness_view_print_to_file (OrgaCertReadinessView *self,
                                                     GFile                 *file);

G_END_DECLS
