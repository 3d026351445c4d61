/* orga-campaigns-page.c: an empty state until a later version fills this page
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "orga-campaigns-page.h"

struct _OrgaCampaignsPage
{
  AdwBin parent_instance;
};

G_DEFINE_FINAL_TYPE (OrgaCampaignsPage, orga_campaigns_page, ADW_TYPE_BIN)

static void
orga_campaigns_page_class_init (OrgaCampaignsPageClass *klass)
{
  gtk_widget_class_set_template_from_resource (GTK_WIDGET_CLASS (klass),
                                               "/io/github/pixorga/PixOrga/ui/orga-campaigns-page.ui");
}

static void
orga_campaigns_page_init (OrgaCampaignsPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}
