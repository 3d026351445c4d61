/* orga-certifications-page.c: an empty state until a later version fills this page
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "orga-certifications-page.h"

struct _OrgaCertificationsPage
{
  AdwBin parent_instance;
};

G_DEFINE_FINAL_TYPE (OrgaCertificationsPage, orga_certifications_page, ADW_TYPE_BIN)

static void
orga_certifications_page_class_init (OrgaCertificationsPageClass *klass)
{
  gtk_widget_class_set_template_from_resource (GTK_WIDGET_CLASS (klass),
                                               "/io/github/pixorga/PixOrga/ui/orga-certifications-page.ui");
}

static void
orga_certifications_page_init (OrgaCertificationsPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}
