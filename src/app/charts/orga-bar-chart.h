/* orga-bar-chart.h: one bar per category (result distribution, stages,
 * competences), vertical or horizontal; a bar can be activated
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "orga-chart.h"

G_BEGIN_DECLS

#define ORGA_TYPE_BAR_CHART (orga_bar_chart_get_type ())

G_DECLARE_FINAL_TYPE (OrgaBarChart, orga_bar_chart, ORGA, BAR_CHART, OrgaChart)

typedef enum
{
  ORGA_BAR_VALUE_FORMAT_COUNT,    /* 42 */
  ORGA_BAR_VALUE_FORMAT_PERCENT,  /* a value in 0..1, shown as "42 %" */
} OrgaBarValueFormat;

typedef struct
{
  const char *label;
  double      value;
  const char *color;   /* NULL: the accent colour; else a CSS colour, "#f1a141" */
} OrgaChartBar;

GtkWidget         *orga_bar_chart_new              (void);
void               orga_bar_chart_set_bars         (OrgaBarChart       *self,
                                                    const OrgaChartBar *bars,
                                                    guint               n_bars);
guint              orga_bar_chart_get_n_bars       (OrgaBarChart       *self);
void               orga_bar_chart_set_orientation  (OrgaBarChart       *self,
                                                    GtkOrientation      orientation);
GtkOrientation     orga_bar_chart_get_orientation  (OrgaBarChart       *self);
void               orga_bar_chart_set_max          (OrgaBarChart       *self,
                                                    double              max);
void               orga_bar_chart_set_value_format (OrgaBarChart       *self,
                                                    OrgaBarValueFormat  format);
void               orga_bar_chart_set_selected     (OrgaBarChart       *self,
                                                    int                 index);
int                orga_bar_chart_get_selected     (OrgaBarChart       *self);

G_END_DECLS
