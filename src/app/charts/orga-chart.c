/* orga-chart.c
 *
 * The state and the input every chart shares: one highlighted item,
 * chosen by the pointer or by the arrows (the "keyboard" flag tells which,
 * since the charts then show the focus or a callout), the click, focus
 * and tooltip handlers, the style's colours and the accessible
 * description. A chart gives its items through the class vfuncs and draws
 * itself in draw(), which orga_chart_draw() calls for images and prints
 * and snapshot() for the screen; only the screen shows the highlight and
 * the focus.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "orga-chart"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "orga-chart-private.h"
#include "orga-widget-util.h"

typedef struct
{
  /* interaction */
  int              highlight;
  gboolean         keyboard;
  int              pressed;

  /* style: looked up again before the next frame once invalid */
  gboolean         colors_valid;
  OrgaChartColors  colors;

  /* TRUE while snapshot() draws */
  gboolean         on_screen;

  char            *description;
} OrgaChartPrivate;

G_DEFINE_ABSTRACT_TYPE_WITH_PRIVATE (OrgaChart, orga_chart, GTK_TYPE_WIDGET)

/* ------------------------------------------------------------------------
 * Colours
 * ------------------------------------------------------------------------ */

static void
with_alpha (GdkRGBA       *out,
            const GdkRGBA *in,
            double         alpha)
{
  *out = *in;
  out->alpha = in->alpha * alpha;
}

static void
load_colors (OrgaChart *self)
{
  OrgaChartPrivate *priv = orga_chart_get_instance_private (self);
  OrgaChartColors *colors = &priv->colors;
  GtkWidget *widget = GTK_WIDGET (self);
  gboolean dark = adw_style_manager_get_dark (adw_style_manager_get_default ());
  GdkRGBA accent_text;

  colors->dark = dark;
  _orga_chart_lookup_color (widget, "window_fg_color", dark ? "#ffffff" : "rgba(0,0,0,0.8)", &colors->fg);
  _orga_chart_lookup_color (widget, "window_bg_color", dark ? "#242424" : "#fafafa", &colors->bg);
  _orga_chart_lookup_color (widget, "accent_bg_color", "#3584e4", &colors->accent);
  _orga_chart_lookup_color (widget, "accent_color", dark ? "#78aeed" : "#1c71d8", &accent_text);
  _orga_chart_lookup_color (widget, "popover_bg_color", dark ? "#383838" : "#ffffff", &colors->popover);

  with_alpha (&colors->dim, &colors->fg, 0.7);
  with_alpha (&colors->axis, &colors->fg, 0.35);
  with_alpha (&colors->grid, &colors->fg, dark ? 0.12 : 0.1);
  with_alpha (&colors->focus, &accent_text, 0.5);

  priv->colors_valid = TRUE;

  if (ORGA_CHART_GET_CLASS (self)->update_colors != NULL)
    ORGA_CHART_GET_CLASS (self)->update_colors (self);
}

const OrgaChartColors *
_orga_chart_get_colors (OrgaChart *self)
{
  OrgaChartPrivate *priv = orga_chart_get_instance_private (self);

  return &priv->colors;
}

void
_orga_chart_invalidate_colors (OrgaChart *self)
{
  OrgaChartPrivate *priv = orga_chart_get_instance_private (self);

  priv->colors_valid = FALSE;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/* libadwaita notifies "dark" before it swaps its stylesheet: colours are
 * looked up when drawing, not in the notification. */
static void
style_changed_cb (OrgaChart *self)
{
  _orga_chart_invalidate_colors (self);
}

/* ------------------------------------------------------------------------
 * Drawing
 * ------------------------------------------------------------------------ */

static void
draw (OrgaChart *self,
      cairo_t   *cr,
      int        width,
      int        height,
      gboolean   on_screen)
{
  OrgaChartPrivate *priv = orga_chart_get_instance_private (self);

  /* Images and prints take the style of the moment. */
  if (!on_screen || !priv->colors_valid)
    load_colors (self);

  priv->on_screen = on_screen;
  ORGA_CHART_GET_CLASS (self)->draw (self, cr, width, height);
  priv->on_screen = FALSE;
}

/**
 * orga_chart_draw:
 *
 * Draws the chart on @cr in a @width × @height area, without background,
 * hover or focus (a bar chart's selected bar stays marked): what images,
 * prints and PDFs show, drawn by the same code as the screen.
 */
void
orga_chart_draw (OrgaChart *self,
                 cairo_t   *cr,
                 int        width,
                 int        height)
{
  g_return_if_fail (ORGA_IS_CHART (self));
  g_return_if_fail (cr != NULL);
  g_return_if_fail (width > 0 && height > 0);

  draw (self, cr, width, height, FALSE);
}

/**
 * orga_chart_save_png:
 *
 * Writes the chart as a @width × @height PNG, on the current style's
 * window background.
 */
gboolean
orga_chart_save_png (OrgaChart   *self,
                     const char  *path,
                     int          width,
                     int          height,
                     GError     **error)
{
  OrgaChartPrivate *priv = orga_chart_get_instance_private (self);
  cairo_surface_t *surface;
  cairo_status_t status;
  cairo_t *cr;

  g_return_val_if_fail (ORGA_IS_CHART (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (width > 0 && height > 0, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  load_colors (self);

  surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, width, height);
  cr = cairo_create (surface);
  _orga_chart_set_source (cr, &priv->colors.bg, 1);
  cairo_paint (cr);
  draw (self, cr, width, height, FALSE);
  status = cairo_status (cr);
  cairo_destroy (cr);

  if (status == CAIRO_STATUS_SUCCESS)
    status = cairo_surface_write_to_png (surface, path);
  cairo_surface_destroy (surface);

  if (status != CAIRO_STATUS_SUCCESS)
    {
      g_autofree char *name = g_filename_display_name (path);

      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                   _("Could not save the chart as “%s”: %s"),
                   name, cairo_status_to_string (status));
      return FALSE;
    }

  return TRUE;
}

int
_orga_chart_get_drawn_highlight (OrgaChart *self)
{
  OrgaChartPrivate *priv = orga_chart_get_instance_private (self);

  return priv->on_screen ? priv->highlight : -1;
}

gboolean
_orga_chart_get_keyboard (OrgaChart *self)
{
  OrgaChartPrivate *priv = orga_chart_get_instance_private (self);

  return priv->keyboard;
}

gboolean
_orga_chart_has_visible_focus (OrgaChart *self)
{
  OrgaChartPrivate *priv = orga_chart_get_instance_private (self);

  return priv->on_screen && gtk_widget_has_visible_focus (GTK_WIDGET (self));
}

static void
orga_chart_snapshot (GtkWidget   *widget,
                     GtkSnapshot *snapshot)
{
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);
  cairo_t *cr;

  if (width <= 0 || height <= 0)
    return;

  cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (0, 0, width, height));
  draw (ORGA_CHART (widget), cr, width, height, TRUE);
  cairo_destroy (cr);
}

/* ------------------------------------------------------------------------
 * Items and description
 * ------------------------------------------------------------------------ */

guint
orga_chart_get_n_items (OrgaChart *self)
{
  g_return_val_if_fail (ORGA_IS_CHART (self), 0);

  return ORGA_CHART_GET_CLASS (self)->get_n_items (self);
}

/**
 * orga_chart_get_highlighted:
 *
 * Returns: the item under the pointer or chosen with the arrows, or -1
 */
int
orga_chart_get_highlighted (OrgaChart *self)
{
  OrgaChartPrivate *priv = orga_chart_get_instance_private (self);

  g_return_val_if_fail (ORGA_IS_CHART (self), -1);

  return priv->highlight;
}

/**
 * orga_chart_get_item_at:
 *
 * Returns: the item at (@x, @y) in the widget's coordinates, or -1
 */
int
orga_chart_get_item_at (OrgaChart *self,
                        double     x,
                        double     y)
{
  g_return_val_if_fail (ORGA_IS_CHART (self), -1);

  if (orga_chart_get_n_items (self) == 0)
    return -1;

  return ORGA_CHART_GET_CLASS (self)->hit_test (self, x, y);
}

/**
 * orga_chart_dup_item_tooltip:
 *
 * Returns: what the tooltip says for item @index
 */
char *
orga_chart_dup_item_tooltip (OrgaChart *self,
                             guint      index)
{
  g_return_val_if_fail (ORGA_IS_CHART (self), NULL);
  g_return_val_if_fail (index < orga_chart_get_n_items (self), NULL);

  return ORGA_CHART_GET_CLASS (self)->describe_item (self, index);
}

/**
 * orga_chart_get_description:
 *
 * Returns: the accessible description: a sentence of the numbers shown
 */
const char *
orga_chart_get_description (OrgaChart *self)
{
  OrgaChartPrivate *priv = orga_chart_get_instance_private (self);

  g_return_val_if_fail (ORGA_IS_CHART (self), NULL);

  return priv->description;
}

void
_orga_chart_take_description (OrgaChart *self,
                              char      *description)
{
  OrgaChartPrivate *priv = orga_chart_get_instance_private (self);

  g_free (priv->description);
  priv->description = description;
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, description,
                                  -1);
}

/* ------------------------------------------------------------------------
 * Highlight, pointer, focus and tooltip
 * ------------------------------------------------------------------------ */

static void
set_highlight (OrgaChart *self,
               int        highlight,
               gboolean   keyboard)
{
  OrgaChartPrivate *priv = orga_chart_get_instance_private (self);

  if (priv->highlight == highlight && priv->keyboard == keyboard)
    return;

  priv->highlight = highlight;
  priv->keyboard = keyboard;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

void
_orga_chart_reset_highlight (OrgaChart *self)
{
  OrgaChartPrivate *priv = orga_chart_get_instance_private (self);

  priv->pressed = -1;
  set_highlight (self, -1, FALSE);
}

static void
motion_cb (OrgaChart *self,
           double     x,
           double     y)
{
  set_highlight (self, orga_chart_get_item_at (self, x, y), FALSE);
}

static void
leave_cb (OrgaChart *self)
{
  OrgaChartPrivate *priv = orga_chart_get_instance_private (self);

  if (!priv->keyboard)
    set_highlight (self, -1, FALSE);
}

static void
pressed_cb (OrgaChart       *self,
            int              n_press,
            double           x,
            double           y,
            GtkGestureClick *gesture)
{
  OrgaChartPrivate *priv = orga_chart_get_instance_private (self);

  gtk_widget_grab_focus (GTK_WIDGET (self));
  if (ORGA_CHART_GET_CLASS (self)->activate != NULL)
    priv->pressed = orga_chart_get_item_at (self, x, y);
}

/* A click activates the item it pressed and released. */
static void
released_cb (OrgaChart       *self,
             int              n_press,
             double           x,
             double           y,
             GtkGestureClick *gesture)
{
  OrgaChartPrivate *priv = orga_chart_get_instance_private (self);
  int item;

  if (ORGA_CHART_GET_CLASS (self)->activate == NULL)
    return;

  item = orga_chart_get_item_at (self, x, y);
  if (item < 0 || item != priv->pressed)
    return;

  priv->pressed = -1;
  set_highlight (self, item, FALSE);
  ORGA_CHART_GET_CLASS (self)->activate (self, item);
}

static void
focus_changed_cb (OrgaChart *self)
{
  OrgaChartPrivate *priv = orga_chart_get_instance_private (self);

  if (!gtk_widget_has_focus (GTK_WIDGET (self)) && priv->keyboard)
    set_highlight (self, -1, FALSE);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static gboolean
orga_chart_query_tooltip (GtkWidget  *widget,
                          int         x,
                          int         y,
                          gboolean    keyboard_mode,
                          GtkTooltip *tooltip)
{
  OrgaChart *self = ORGA_CHART (widget);
  OrgaChartPrivate *priv = orga_chart_get_instance_private (self);
  OrgaChartClass *klass = ORGA_CHART_GET_CLASS (self);
  g_autofree char *text = NULL;
  GdkRectangle area;
  int item = keyboard_mode ? priv->highlight : orga_chart_get_item_at (self, x, y);

  if (item < 0)
    return FALSE;

  text = klass->describe_item (self, item);
  gtk_tooltip_set_text (tooltip, text);
  /* Asked again once the pointer leaves the item. */
  if (klass->get_item_area != NULL && klass->get_item_area (self, item, &area))
    gtk_tooltip_set_tip_area (tooltip, &area);
  return TRUE;
}

/* ------------------------------------------------------------------------
 * Keyboard
 * ------------------------------------------------------------------------ */

/* The same keys move the same way in the bar, pie and timeline charts (and
 * along a heat map's row). */
int
_orga_chart_step_index (const char *action_name,
                        int         current,
                        guint       n_items)
{
  int last = (int) n_items - 1;

  g_assert (n_items > 0);

  if (g_str_equal (action_name, "chart.first"))
    return 0;
  else if (g_str_equal (action_name, "chart.last"))
    return last;
  else if (g_str_equal (action_name, "chart.previous"))
    return current < 0 ? last : MAX (current - 1, 0);
  else if (g_str_equal (action_name, "chart.next"))
    return current < 0 ? 0 : MIN (current + 1, last);

  return current;
}

static int
orga_chart_real_move (OrgaChart  *self,
                      const char *action_name,
                      int         current)
{
  /* One row of items: Up and Down as Left and Right. */
  if (g_str_equal (action_name, "chart.up"))
    action_name = "chart.previous";
  else if (g_str_equal (action_name, "chart.down"))
    action_name = "chart.next";

  return _orga_chart_step_index (action_name, current, orga_chart_get_n_items (self));
}

static void
move_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  OrgaChart *self = ORGA_CHART (widget);
  OrgaChartPrivate *priv = orga_chart_get_instance_private (self);
  int item;

  if (orga_chart_get_n_items (self) == 0)
    return;

  item = ORGA_CHART_GET_CLASS (self)->move (self, action_name, priv->highlight);
  set_highlight (self, item, TRUE);
}

static void
activate_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  OrgaChart *self = ORGA_CHART (widget);
  OrgaChartPrivate *priv = orga_chart_get_instance_private (self);

  ORGA_CHART_GET_CLASS (self)->activate (self, priv->highlight);
}

/* The actions and their keys, so that every chart answers the same keys. */
static void
install_actions (GtkWidgetClass *widget_class)
{
  static const struct { guint keyval; const char *action; } keys[] = {
    { GDK_KEY_Left,     "chart.previous" },
    { GDK_KEY_KP_Left,  "chart.previous" },
    { GDK_KEY_Right,    "chart.next" },
    { GDK_KEY_KP_Right, "chart.next" },
    { GDK_KEY_Up,       "chart.up" },
    { GDK_KEY_KP_Up,    "chart.up" },
    { GDK_KEY_Down,     "chart.down" },
    { GDK_KEY_KP_Down,  "chart.down" },
    { GDK_KEY_Home,     "chart.first" },
    { GDK_KEY_KP_Home,  "chart.first" },
    { GDK_KEY_End,      "chart.last" },
    { GDK_KEY_KP_End,   "chart.last" },
  };
  static const guint activate_keys[] = {
    GDK_KEY_Return, GDK_KEY_KP_Enter, GDK_KEY_ISO_Enter, GDK_KEY_space, GDK_KEY_KP_Space,
  };
  static const char * const moves[] = {
    "chart.previous", "chart.next", "chart.up", "chart.down", "chart.first", "chart.last",
  };

  for (guint i = 0; i < G_N_ELEMENTS (moves); i++)
    gtk_widget_class_install_action (widget_class, moves[i], NULL, move_action);
  gtk_widget_class_install_action (widget_class, "chart.activate", NULL, activate_action);

  for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
    gtk_widget_class_add_binding_action (widget_class, keys[i].keyval, 0, keys[i].action, NULL);
  for (guint i = 0; i < G_N_ELEMENTS (activate_keys); i++)
    gtk_widget_class_add_binding_action (widget_class, activate_keys[i], 0, "chart.activate", NULL);
}

/* ------------------------------------------------------------------------
 * Object
 * ------------------------------------------------------------------------ */

static void
orga_chart_css_changed (GtkWidget         *widget,
                        GtkCssStyleChange *change)
{
  GTK_WIDGET_CLASS (orga_chart_parent_class)->css_changed (widget, change);

  _orga_chart_invalidate_colors (ORGA_CHART (widget));
}

static void
orga_chart_constructed (GObject *object)
{
  OrgaChart *self = ORGA_CHART (object);

  G_OBJECT_CLASS (orga_chart_parent_class)->constructed (object);

  /* Enter and space go on to the window where there is nothing to
   * activate. */
  orga_widget_action_set_enabled (GTK_WIDGET (self), "chart.activate",
                                 ORGA_CHART_GET_CLASS (self)->activate != NULL);
}

static void
orga_chart_finalize (GObject *object)
{
  OrgaChart *self = ORGA_CHART (object);
  OrgaChartPrivate *priv = orga_chart_get_instance_private (self);

  g_clear_pointer (&priv->description, g_free);

  G_OBJECT_CLASS (orga_chart_parent_class)->finalize (object);
}

static void
orga_chart_class_init (OrgaChartClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = orga_chart_constructed;
  object_class->finalize = orga_chart_finalize;

  widget_class->snapshot = orga_chart_snapshot;
  widget_class->css_changed = orga_chart_css_changed;
  widget_class->query_tooltip = orga_chart_query_tooltip;

  klass->move = orga_chart_real_move;

  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);

  install_actions (widget_class);
}

static void
orga_chart_init (OrgaChart *self)
{
  OrgaChartPrivate *priv = orga_chart_get_instance_private (self);
  GtkWidget *widget = GTK_WIDGET (self);
  AdwStyleManager *manager = adw_style_manager_get_default ();
  GtkEventController *motion;
  GtkGesture *click;

  priv->highlight = -1;
  priv->pressed = -1;

  gtk_widget_set_focusable (widget, TRUE);
  gtk_widget_set_has_tooltip (widget, TRUE);
  g_signal_connect (widget, "notify::has-focus", G_CALLBACK (focus_changed_cb), NULL);

  motion = gtk_event_controller_motion_new ();
  g_signal_connect_swapped (motion, "enter", G_CALLBACK (motion_cb), widget);
  g_signal_connect_swapped (motion, "motion", G_CALLBACK (motion_cb), widget);
  g_signal_connect_swapped (motion, "leave", G_CALLBACK (leave_cb), widget);
  gtk_widget_add_controller (widget, motion);

  click = gtk_gesture_click_new ();
  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (click), GDK_BUTTON_PRIMARY);
  g_signal_connect_swapped (click, "pressed", G_CALLBACK (pressed_cb), widget);
  g_signal_connect_swapped (click, "released", G_CALLBACK (released_cb), widget);
  gtk_widget_add_controller (widget, GTK_EVENT_CONTROLLER (click));

  g_signal_connect_object (manager, "notify::dark", G_CALLBACK (style_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (manager, "notify::high-contrast", G_CALLBACK (style_changed_cb), self, G_CONNECT_SWAPPED);
}
