/* orga-heat-map-page.h: "Compétences par classe", a class × competence
 * heat map of the school's results (beyond Pix)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "orga-context.h"

G_BEGIN_DECLS

#define ORGA_TYPE_HEAT_MAP_PAGE (orga_heat_map_page_get_type ())

G_DECLARE_FINAL_TYPE (OrgaHeatMapPage, orga_heat_map_page, ORGA, HEAT_MAP_PAGE, AdwBin)

OrgaHeatMapPage *orga_heat_map_page_new         (OrgaContext     *context);
OrgaContext     *orga_heat_map_page_get_context (OrgaHeatMapPage *self);
/* Computes the map again (in a thread). */
void             orga_heat_map_page_reload      (OrgaHeatMapPage *self);
/* Whether the map is being computed. */
gboolean         orga_heat_map_page_get_busy    (OrgaHeatMapPage *self);
/* Writes the map as a PNG image, as "Exporter en PNG" does after its
 * dialog. */
gboolean         orga_heat_map_page_save_png    (OrgaHeatMapPage *self,
                                                 const char      *path,
                                                 GError         **error);

/* Opens the map in its own window, transient for @parent (or brings the
 * one already open to the front). */
GtkWindow       *orga_heat_map_page_present     (GtkWindow       *parent,
                                                 OrgaContext     *context);

G_END_DECLS
