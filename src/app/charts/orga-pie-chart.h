/* orga-pie-chart.h: shares of a whole (participations by status…) as a
 * ring with a legend of counts and percentages
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "orga-chart.h"

G_BEGIN_DECLS

#define ORGA_TYPE_PIE_CHART (orga_pie_chart_get_type ())

G_DECLARE_FINAL_TYPE (OrgaPieChart, orga_pie_chart, ORGA, PIE_CHART, OrgaChart)

typedef struct
{
  const char *label;
  guint       value;
} OrgaChartSlice;

GtkWidget  *orga_pie_chart_new               (void);
void        orga_pie_chart_set_slices        (OrgaPieChart         *self,
                                              const OrgaChartSlice *slices,
                                              guint                 n_slices);
guint       orga_pie_chart_get_n_slices      (OrgaPieChart         *self);

G_END_DECLS
