/* orga-pie-chart.h: shares of a whole (participations by status…) as a
 * ring with a legend of counts and percentages
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define ORGA_TYPE_PIE_CHART (orga_pie_chart_get_type ())

G_DECLARE_FINAL_TYPE (OrgaPieChart, orga_pie_chart, ORGA, PIE_CHART, GtkWidget)

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
int         orga_pie_chart_get_highlighted   (OrgaPieChart         *self);
int         orga_pie_chart_get_slice_at      (OrgaPieChart         *self,
                                              double                x,
                                              double                y);
char       *orga_pie_chart_dup_slice_tooltip (OrgaPieChart         *self,
                                              guint                 slice);
const char *orga_pie_chart_get_description   (OrgaPieChart         *self);
void        orga_pie_chart_draw              (OrgaPieChart         *self,
                                              cairo_t              *cr,
                                              int                   width,
                                              int                   height);
gboolean    orga_pie_chart_save_png          (OrgaPieChart         *self,
                                              const char           *path,
                                              int                   width,
                                              int                   height,
                                              GError              **error);

G_END_DECLS
