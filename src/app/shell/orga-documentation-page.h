/* orga-documentation-page.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define ORGA_TYPE_DOCUMENTATION_PAGE (orga_documentation_page_get_type ())

G_DECLARE_FINAL_TYPE (OrgaDocumentationPage, orga_documentation_page, ORGA, DOCUMENTATION_PAGE, AdwBin)

G_END_DECLS
