/* orga-chart-private.h: what a chart's own code asks of OrgaChart
 *
 * Only for the subclasses in this folder (and their tests).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "orga-chart.h"
#include "orga-chart-util.h"

G_BEGIN_DECLS

/* The style's colours, looked up before the frame that follows a style
 * change, and again for every image. */
const OrgaChartColors *_orga_chart_get_colors          (OrgaChart   *self);

/* While drawing: the item to show highlighted (-1 when none, and always
 * in images and prints), whether the arrows chose it, and whether to show
 * the focus (on screen, focused, after a key press). */
int                    _orga_chart_get_drawn_highlight (OrgaChart   *self);
gboolean               _orga_chart_get_keyboard        (OrgaChart   *self);
gboolean               _orga_chart_has_visible_focus   (OrgaChart   *self);

/* New data: nothing highlighted or pressed any more. */
void                   _orga_chart_reset_highlight     (OrgaChart   *self);
/* The chart's own colours depend on its data: derive them again. */
void                   _orga_chart_invalidate_colors   (OrgaChart   *self);
/* The sentence of the numbers that assistive technologies read. */
void                   _orga_chart_take_description    (OrgaChart   *self,
                                                        char        *description);

/* Where @action_name ("chart.first", "chart.last", "chart.previous" or
 * "chart.next") moves from @current among @n_items (> 0): -1, nothing
 * chosen yet, goes to the last for previous and the first for next. Any
 * other action keeps @current. */
int                    _orga_chart_step_index          (const char  *action_name,
                                                        int          current,
                                                        guint        n_items);

G_END_DECLS
