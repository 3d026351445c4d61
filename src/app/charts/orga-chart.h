/* orga-chart.h: what every chart widget shares (the highlighted item,
 * keyboard, pointer, focus, tooltips, style colours, the accessible
 * description) and the one entry that draws a chart: on screen, as PNG,
 * printed or in a PDF
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define ORGA_TYPE_CHART (orga_chart_get_type ())

G_DECLARE_DERIVABLE_TYPE (OrgaChart, orga_chart, ORGA, CHART, GtkWidget)

/**
 * OrgaChartClass:
 * @draw: draws the chart on @cr, a @width × @height area already painted
 *   with the background; on screen only, it shows the highlighted item and
 *   the focus (see orga-chart-private.h)
 * @get_n_items: how many items the pointer and the arrows can choose; 0
 *   when the chart shows nothing
 * @hit_test: the item at (@x, @y), or -1
 * @describe_item: what the tooltip says for an item
 * @get_item_area: (optional): where the item is, for the tooltip to be asked
 *   again once the pointer leaves it
 * @move: (optional): where the key bound to @action_name ("chart.next",
 *   "chart.up"…) moves from @current (-1: nothing chosen yet); by default
 *   along the items, Up and Down as Left and Right
 * @activate: (optional): a click on item @index, or Enter or space with
 *   @index chosen with the arrows (-1 if none); charts without it do not
 *   take Enter and space
 * @update_colors: (optional): the style's colours were looked up again
 *   (light or dark, high contrast): derive the chart's own from them
 */
struct _OrgaChartClass
{
  GtkWidgetClass parent_class;

  void      (*draw)          (OrgaChart    *self,
                              cairo_t      *cr,
                              int           width,
                              int           height);
  guint     (*get_n_items)   (OrgaChart    *self);
  int       (*hit_test)      (OrgaChart    *self,
                              double        x,
                              double        y);
  char     *(*describe_item) (OrgaChart    *self,
                              guint         index);
  gboolean  (*get_item_area) (OrgaChart    *self,
                              guint         index,
                              GdkRectangle *area);
  int       (*move)          (OrgaChart    *self,
                              const char   *action_name,
                              int           current);
  void      (*activate)      (OrgaChart    *self,
                              int           index);
  void      (*update_colors) (OrgaChart    *self);

  /*< private >*/
  gpointer padding[8];
};

void         orga_chart_draw             (OrgaChart   *self,
                                          cairo_t     *cr,
                                          int          width,
                                          int          height);
gboolean     orga_chart_save_png         (OrgaChart   *self,
                                          const char  *path,
                                          int          width,
                                          int          height,
                                          GError     **error);
guint        orga_chart_get_n_items      (OrgaChart   *self);
int          orga_chart_get_highlighted  (OrgaChart   *self);
int          orga_chart_get_item_at      (OrgaChart   *self,
                                          double       x,
                                          double       y);
char        *orga_chart_dup_item_tooltip (OrgaChart   *self,
                                          guint        index);
const char  *orga_chart_get_description  (OrgaChart   *self);

G_END_DECLS
