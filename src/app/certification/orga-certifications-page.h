/* orga-certifications-page.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "orga-context.h"

G_BEGIN_DECLS

#define ORGA_TYPE_CERTIFICATIONS_PAGE (orga_certifications_page_get_type ())

G_DECLARE_FINAL_TYPE (OrgaCertificationsPage, orga_certifications_page, ORGA, CERTIFICATIONS_PAGE, AdwBin)

/* The views' stack ("readiness", "sessions", "results"), for tests. */
AdwViewStack *orga_certifications_page_get_stack (OrgaCertificationsPage *self);

G_END_DECLS
