/* orga-documentation-page.c: an empty state until a later version fills this page
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "orga-documentation-page.h"

struct _OrgaDocumentationPage
{
  AdwBin parent_instance;
};

G_DEFINE_FINAL_TYPE (OrgaDocumentationPage, orga_documentation_page, ADW_TYPE_BIN)

static void
orga_documentation_page_class_init (OrgaDocumentationPageClass *klass)
{
  gtk_widget_class_set_template_from_resource (GTK_WIDGET_CLASS (klass),
                                               "/io/github/pixorga/PixOrga/ui/orga-documentation-page.ui");
}

static void
orga_documentation_page_init (OrgaDocumentationPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}
