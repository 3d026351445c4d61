/* orga-documentation-page.h: the guide to the school year
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "orga-context.h"
#include "orga-guide-progress.h"

G_BEGIN_DECLS

#define ORGA_TYPE_DOCUMENTATION_PAGE (orga_documentation_page_get_type ())

G_DECLARE_FINAL_TYPE (OrgaDocumentationPage, orga_documentation_page, ORGA, DOCUMENTATION_PAGE, AdwBin)

OrgaContext *orga_documentation_page_get_context (OrgaDocumentationPage *self);
void         orga_documentation_page_set_context (OrgaDocumentationPage *self,
                                                  OrgaContext           *context);
/* Reads the store again (the store's change feed does it by itself). */
void         orga_documentation_page_reload      (OrgaDocumentationPage *self);

/* For tests: a step's row and its button, the "Prochaine étape" row and
 * the step it suggests (ORGA_GUIDE_N_STEPS when all is done). */
AdwActionRow *orga_documentation_page_get_step_row    (OrgaDocumentationPage *self,
                                                       OrgaGuideStep          step);
GtkButton    *orga_documentation_page_get_step_button (OrgaDocumentationPage *self,
                                                       OrgaGuideStep          step);
AdwActionRow *orga_documentation_page_get_next_row    (OrgaDocumentationPage *self);
GtkButton    *orga_documentation_page_get_next_button (OrgaDocumentationPage *self);
OrgaGuideStep orga_documentation_page_get_next_step   (OrgaDocumentationPage *self);

G_END_DECLS
