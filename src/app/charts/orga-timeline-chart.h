/* orga-timeline-chart.h: participants and results received, cumulated
 * day by day (month by month over more than 90 days)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "orga-chart.h"

G_BEGIN_DECLS

#define ORGA_TYPE_TIMELINE_CHART (orga_timeline_chart_get_type ())

G_DECLARE_FINAL_TYPE (OrgaTimelineChart, orga_timeline_chart, ORGA, TIMELINE_CHART, OrgaChart)

GtkWidget  *orga_timeline_chart_new               (void);
void        orga_timeline_chart_set_data          (OrgaTimelineChart *self,
                                                   const gint64      *days,
                                                   const guint       *total,
                                                   const guint       *shared,
                                                   guint              n_days);
void        orga_timeline_chart_set_labels        (OrgaTimelineChart *self,
                                                   const char        *total_label,
                                                   const char        *shared_label);
gboolean    orga_timeline_chart_get_by_month      (OrgaTimelineChart *self);
guint       orga_timeline_chart_get_n_points      (OrgaTimelineChart *self);

G_END_DECLS
