/* orga-status-page.h: AdwStatusPage, cheaper to lay out
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define ORGA_TYPE_STATUS_PAGE (orga_status_page_get_type ())

G_DECLARE_FINAL_TYPE (OrgaStatusPage, orga_status_page, ORGA, STATUS_PAGE, GtkWidget)

GtkWidget  *orga_status_page_new             (void);
void        orga_status_page_set_icon_name   (OrgaStatusPage *self,
                                              const char     *icon_name);
const char *orga_status_page_get_title       (OrgaStatusPage *self);
void        orga_status_page_set_title       (OrgaStatusPage *self,
                                              const char     *title);
/* Pango markup, as AdwStatusPage's. */
void        orga_status_page_set_description (OrgaStatusPage *self,
                                              const char     *description);
/* Below the description, centred. */
void        orga_status_page_set_child       (OrgaStatusPage *self,
                                              GtkWidget      *child);

G_END_DECLS
