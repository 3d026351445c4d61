/* orga-wrap-bin.c
 *
 * GTK asks a widget that is centred (valign = center) how wide it is for
 * the height it is given, and so does a GtkViewport for its child. Wrapped
 * labels answer that by searching: a label lays its text out again at a
 * dozen widths to find the narrowest that fits the height, for the minimum
 * and for the natural size. The empty Élèves page (an icon, a title and a
 * two-line description, centred in a scrolled window) paid some 40 M
 * instructions for it before the first frame, more than the rest of its
 * layout; the list's header (its title and last import, centred beside
 * the buttons) 15 M.
 *
 * Text that wraps takes the width it is given and grows in height: its
 * width for a height is not worth the search. This bin answers the width
 * of its child for no height at all, and centres it vertically itself at
 * its natural height for the width. Its child is not aligned (valign and
 * halign fill), so that GTK does not ask either.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "orga-wrap-bin.h"

struct _OrgaWrapBin
{
  GtkWidget  parent_instance;

  GtkWidget *child;
};

G_DEFINE_FINAL_TYPE (OrgaWrapBin, orga_wrap_bin, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_CHILD,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static GtkSizeRequestMode
orga_wrap_bin_get_request_mode (GtkWidget *widget)
{
  return GTK_SIZE_REQUEST_HEIGHT_FOR_WIDTH;
}

static void
orga_wrap_bin_measure (GtkWidget      *widget,
                       GtkOrientation  orientation,
                       int             for_size,
                       int            *minimum,
                       int            *natural,
                       int            *minimum_baseline,
                       int            *natural_baseline)
{
  OrgaWrapBin *self = ORGA_WRAP_BIN (widget);

  if (self->child == NULL || !gtk_widget_should_layout (self->child))
    return;

  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    for_size = -1;

  gtk_widget_measure (self->child, orientation, for_size, minimum, natural, minimum_baseline, natural_baseline);
}

/* Centred vertically at its natural height for the width, as its
 * valign = center would place it, without the measure of its width for
 * that height which GTK makes for an aligned widget. */
static void
orga_wrap_bin_size_allocate (GtkWidget *widget,
                             int        width,
                             int        height,
                             int        baseline)
{
  OrgaWrapBin *self = ORGA_WRAP_BIN (widget);
  int minimum, natural, child_height, y = 0;

  if (self->child == NULL || !gtk_widget_should_layout (self->child))
    return;

  gtk_widget_measure (self->child, GTK_ORIENTATION_VERTICAL, width, &minimum, &natural, NULL, NULL);
  child_height = MAX (minimum, MIN (height, natural));
  if (height > child_height)
    y = (height - child_height) / 2;

  gtk_widget_allocate (self->child, width, child_height, -1,
                       gsk_transform_translate (NULL, &GRAPHENE_POINT_INIT (0, y)));
}

static void
orga_wrap_bin_dispose (GObject *object)
{
  OrgaWrapBin *self = ORGA_WRAP_BIN (object);

  g_clear_pointer (&self->child, gtk_widget_unparent);

  G_OBJECT_CLASS (orga_wrap_bin_parent_class)->dispose (object);
}

static void
orga_wrap_bin_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  OrgaWrapBin *self = ORGA_WRAP_BIN (object);

  switch (prop_id)
    {
    case PROP_CHILD:
      g_value_set_object (value, self->child);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
orga_wrap_bin_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  OrgaWrapBin *self = ORGA_WRAP_BIN (object);

  switch (prop_id)
    {
    case PROP_CHILD:
      orga_wrap_bin_set_child (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
orga_wrap_bin_class_init (OrgaWrapBinClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = orga_wrap_bin_dispose;
  object_class->get_property = orga_wrap_bin_get_property;
  object_class->set_property = orga_wrap_bin_set_property;

  widget_class->get_request_mode = orga_wrap_bin_get_request_mode;
  widget_class->measure = orga_wrap_bin_measure;
  widget_class->size_allocate = orga_wrap_bin_size_allocate;

  properties[PROP_CHILD] =
    g_param_spec_object ("child", NULL, NULL, GTK_TYPE_WIDGET,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_css_name (widget_class, "wrapbin");
}

static void
orga_wrap_bin_init (OrgaWrapBin *self)
{
}

GtkWidget *
orga_wrap_bin_new (void)
{
  return g_object_new (ORGA_TYPE_WRAP_BIN, NULL);
}

GtkWidget *
orga_wrap_bin_get_child (OrgaWrapBin *self)
{
  g_return_val_if_fail (ORGA_IS_WRAP_BIN (self), NULL);
  return self->child;
}

void
orga_wrap_bin_set_child (OrgaWrapBin *self,
                         GtkWidget   *child)
{
  g_return_if_fail (ORGA_IS_WRAP_BIN (self));
  g_return_if_fail (child == NULL || GTK_IS_WIDGET (child));

  if (self->child == child)
    return;

  g_clear_pointer (&self->child, gtk_widget_unparent);
  if (child != NULL)
    {
      self->child = child;
      gtk_widget_set_parent (child, GTK_WIDGET (self));
    }

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CHILD]);
}
