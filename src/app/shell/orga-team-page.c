/* orga-team-page.c: an empty state until a later version fills this page
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "orga-team-page.h"

struct _OrgaTeamPage
{
  AdwBin parent_instance;
};

G_DEFINE_FINAL_TYPE (OrgaTeamPage, orga_team_page, ADW_TYPE_BIN)

static void
orga_team_page_class_init (OrgaTeamPageClass *klass)
{
  gtk_widget_class_set_template_from_resource (GTK_WIDGET_CLASS (klass),
                                               "/io/github/pixorga/PixOrga/ui/orga-team-page.ui");
}

static void
orga_team_page_init (OrgaTeamPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}
