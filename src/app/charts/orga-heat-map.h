/* orga-heat-map.h: a matrix of rates (classes × competences), one
 * coloured cell per value, the value written in it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "orga-chart.h"

G_BEGIN_DECLS

#define ORGA_TYPE_HEAT_MAP (orga_heat_map_get_type ())

G_DECLARE_FINAL_TYPE (OrgaHeatMap, orga_heat_map, ORGA, HEAT_MAP, OrgaChart)

GtkWidget  *orga_heat_map_new                 (void);
void        orga_heat_map_set_data            (OrgaHeatMap        *self,
                                               const char * const *row_labels,
                                               guint               n_rows,
                                               const char * const *col_labels,
                                               guint               n_cols,
                                               const double       *values);
void        orga_heat_map_set_column_tooltips (OrgaHeatMap        *self,
                                               const char * const *tooltips);
guint       orga_heat_map_get_n_rows          (OrgaHeatMap        *self);
guint       orga_heat_map_get_n_columns       (OrgaHeatMap        *self);
gboolean    orga_heat_map_get_highlighted     (OrgaHeatMap        *self,
                                               guint              *row,
                                               guint              *col);
gboolean    orga_heat_map_get_cell_at         (OrgaHeatMap        *self,
                                               double              x,
                                               double              y,
                                               guint              *row,
                                               guint              *col);
char       *orga_heat_map_dup_cell_tooltip    (OrgaHeatMap        *self,
                                               guint               row,
                                               guint               col);

G_END_DECLS
