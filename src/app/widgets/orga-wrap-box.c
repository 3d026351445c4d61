/* orga-wrap-box.c
 *
 * The pages' bars (a search entry, filters, buttons, a count) are wider
 * than a phone's 360 pixels side by side. In a GtkBox their widths add
 * up into the window's minimum width, and the window cannot be made as
 * narrow as that. This box lays its children out left to right at their
 * natural widths and starts a new line where the next one does not fit:
 * its minimum width is its widest child's, and it grows in height
 * instead (height-for-width). On each line, the room left goes to the
 * children that expand (hexpand), as in a GtkBox; a homogeneous box (the
 * cards, the charts) shares each line equally.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "orga-wrap-box.h"

struct _OrgaWrapBox
{
  GtkWidget parent_instance;

  int       spacing;       /* between the children of a line */
  int       row_spacing;   /* between the lines */
  gboolean  homogeneous;   /* all as wide as the widest, sharing each line */
};

static void orga_wrap_box_buildable_init (GtkBuildableIface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (OrgaWrapBox, orga_wrap_box, GTK_TYPE_WIDGET,
                               G_IMPLEMENT_INTERFACE (GTK_TYPE_BUILDABLE, orga_wrap_box_buildable_init))

enum {
  PROP_0,
  PROP_SPACING,
  PROP_ROW_SPACING,
  PROP_HOMOGENEOUS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static GtkBuildableIface *parent_buildable_iface;

/* Whether @child takes a share of the room left on its line. */
static gboolean
expands (OrgaWrapBox *self,
         GtkWidget   *child)
{
  return self->homogeneous || gtk_widget_compute_expand (child, GTK_ORIENTATION_HORIZONTAL);
}

typedef struct
{
  GtkWidget *widget;
  int        x, width;
  int        minimum;      /* the width it needs */
  int        natural;      /* the width it would like */
  gboolean   expands;
  guint      line;
} Place;

typedef struct
{
  int        minimum, natural;   /* its height */
  int        y, height;          /* once allocated */
} Line;

/* Where each child goes at @width, line by line; fills @lines with the
 * heights of the lines. Returns the places, in the children's order.
 *
 * A line takes the children that fit at their natural widths, but the
 * expanding ones at their minimum: a wrapped text beside its icon stays
 * there and wraps, rather than going below it. The room left on the
 * line then goes, as in a GtkBox, first to bring the expanding children
 * to their natural widths, then to them all in equal shares.
 * Homogeneous, as many fit on a line as the widest minimum allows, and
 * they share it equally. */
static GArray *
lay_out (OrgaWrapBox *self,
         int          width,
         GArray      *lines)
{
  GArray *places = g_array_new (FALSE, TRUE, sizeof (Place));
  guint line_start = 0;

  for (GtkWidget *c = gtk_widget_get_first_child (GTK_WIDGET (self)); c != NULL; c = gtk_widget_get_next_sibling (c))
    {
      Place place = { 0 };
      int minimum, natural;

      if (!gtk_widget_should_layout (c))
        continue;
      gtk_widget_measure (c, GTK_ORIENTATION_HORIZONTAL, -1, &minimum, &natural, NULL, NULL);
      place.widget = c;
      place.expands = expands (self, c);
      place.minimum = minimum;
      place.natural = MAX (minimum, MIN (natural, width));
      place.width = place.expands ? minimum : place.natural;
      g_array_append_val (places, place);
    }

  if (self->homogeneous)
    {
      int widest = 0;

      for (guint i = 0; i < places->len; i++)
        widest = MAX (widest, g_array_index (places, Place, i).minimum);
      for (guint i = 0; i < places->len; i++)
        g_array_index (places, Place, i).width = g_array_index (places, Place, i).natural = widest;
    }

  while (line_start < places->len)
    {
      Line line = { 0 };
      guint line_end = line_start, n_expand = 0;
      int used = 0, extra, x = 0;

      do
        {
          Place *place = &g_array_index (places, Place, line_end);

          used += (line_end > line_start ? self->spacing : 0) + place->width;
          if (place->expands)
            n_expand++;
          line_end++;
        }
      while (line_end < places->len &&
             used + self->spacing + g_array_index (places, Place, line_end).width <= width);

      extra = MAX (0, width - used);
      for (guint i = line_start; i < line_end && extra > 0; i++)
        {
          Place *place = &g_array_index (places, Place, i);
          int grow = MIN (extra, place->natural - place->width);

          if (place->expands && grow > 0)
            {
              place->width += grow;
              extra -= grow;
            }
        }
      for (guint i = line_start; i < line_end && n_expand > 0; i++)
        {
          Place *place = &g_array_index (places, Place, i);

          if (place->expands)
            {
              int share = extra / n_expand--;

              place->width += share;
              extra -= share;
            }
        }

      for (guint i = line_start; i < line_end; i++)
        {
          Place *place = &g_array_index (places, Place, i);
          int minimum, natural;

          place->x = x;
          place->line = lines->len;
          x += place->width + self->spacing;
          gtk_widget_measure (place->widget, GTK_ORIENTATION_VERTICAL, place->width, &minimum, &natural, NULL, NULL);
          line.minimum = MAX (line.minimum, minimum);
          line.natural = MAX (line.natural, natural);
        }

      g_array_append_val (lines, line);
      line_start = line_end;
    }

  return places;
}

static void
sum_lines (OrgaWrapBox *self,
           GArray      *lines,
           int         *minimum,
           int         *natural)
{
  for (guint i = 0; i < lines->len; i++)
    {
      *minimum += (i > 0 ? self->row_spacing : 0) + g_array_index (lines, Line, i).minimum;
      *natural += (i > 0 ? self->row_spacing : 0) + g_array_index (lines, Line, i).natural;
    }
}

/* The height of it all at @width. */
static void
measure_height (OrgaWrapBox *self,
                int          width,
                int         *minimum,
                int         *natural)
{
  g_autoptr(GArray) lines = g_array_new (FALSE, TRUE, sizeof (Line));
  g_autoptr(GArray) places = lay_out (self, width, lines);

  sum_lines (self, lines, minimum, natural);
}

static GtkSizeRequestMode
orga_wrap_box_get_request_mode (GtkWidget *widget)
{
  return GTK_SIZE_REQUEST_HEIGHT_FOR_WIDTH;
}

static void
orga_wrap_box_measure (GtkWidget      *widget,
                       GtkOrientation  orientation,
                       int             for_size,
                       int            *minimum,
                       int            *natural,
                       int            *minimum_baseline,
                       int            *natural_baseline)
{
  OrgaWrapBox *self = ORGA_WRAP_BOX (widget);

  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      /* As narrow as the widest child, one per line; as wide as all of
       * them on one line. */
      int n = 0, widest = 0;

      for (GtkWidget *c = gtk_widget_get_first_child (widget); c != NULL; c = gtk_widget_get_next_sibling (c))
        {
          int child_min, child_nat;

          if (!gtk_widget_should_layout (c))
            continue;
          gtk_widget_measure (c, GTK_ORIENTATION_HORIZONTAL, -1, &child_min, &child_nat, NULL, NULL);
          *minimum = MAX (*minimum, child_min);
          *natural += (n++ > 0 ? self->spacing : 0) + child_nat;
          widest = MAX (widest, child_nat);
        }
      if (self->homogeneous && n > 0)
        *natural = n * widest + (n - 1) * self->spacing;
      return;
    }

  /* For no width in particular: on one line, at the natural width. */
  if (for_size < 0)
    {
      int ignored = 0;

      for_size = 0;
      orga_wrap_box_measure (widget, GTK_ORIENTATION_HORIZONTAL, -1, &ignored, &for_size, NULL, NULL);
    }

  measure_height (self, for_size, minimum, natural);
}

/* In a scrolled window a box gets its minimum height: the lines get
 * theirs, then what there is beyond, towards their natural heights. */
static void
orga_wrap_box_size_allocate (GtkWidget *widget,
                             int        width,
                             int        height,
                             int        baseline)
{
  OrgaWrapBox *self = ORGA_WRAP_BOX (widget);
  g_autoptr(GArray) lines = g_array_new (FALSE, TRUE, sizeof (Line));
  g_autoptr(GArray) places = lay_out (self, width, lines);
  gboolean rtl = gtk_widget_get_direction (widget) == GTK_TEXT_DIR_RTL;
  int minimum = 0, natural = 0, extra, y = 0;

  sum_lines (self, lines, &minimum, &natural);
  extra = MAX (0, height - minimum);
  for (guint i = 0; i < lines->len; i++)
    {
      Line *line = &g_array_index (lines, Line, i);
      int grow = MIN (extra, line->natural - line->minimum);

      line->height = line->minimum + grow;
      extra -= grow;
      line->y = y;
      y += line->height + self->row_spacing;
    }

  for (guint i = 0; i < places->len; i++)
    {
      Place *place = &g_array_index (places, Place, i);
      Line *line = &g_array_index (lines, Line, place->line);
      int x = rtl ? width - place->x - place->width : place->x;

      gtk_widget_size_allocate (place->widget, &(GtkAllocation) { x, line->y, place->width, line->height }, -1);
    }
}

static void
orga_wrap_box_buildable_add_child (GtkBuildable *buildable,
                                   GtkBuilder   *builder,
                                   GObject      *child,
                                   const char   *type)
{
  if (type == NULL && GTK_IS_WIDGET (child))
    orga_wrap_box_append (ORGA_WRAP_BOX (buildable), GTK_WIDGET (child));
  else
    parent_buildable_iface->add_child (buildable, builder, child, type);
}

static void
orga_wrap_box_buildable_init (GtkBuildableIface *iface)
{
  parent_buildable_iface = g_type_interface_peek_parent (iface);
  iface->add_child = orga_wrap_box_buildable_add_child;
}

static void
orga_wrap_box_dispose (GObject *object)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (object))) != NULL)
    gtk_widget_unparent (child);

  G_OBJECT_CLASS (orga_wrap_box_parent_class)->dispose (object);
}

static void
orga_wrap_box_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  OrgaWrapBox *self = ORGA_WRAP_BOX (object);

  switch (prop_id)
    {
    case PROP_SPACING:
      g_value_set_int (value, self->spacing);
      break;
    case PROP_ROW_SPACING:
      g_value_set_int (value, self->row_spacing);
      break;
    case PROP_HOMOGENEOUS:
      g_value_set_boolean (value, self->homogeneous);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
orga_wrap_box_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  OrgaWrapBox *self = ORGA_WRAP_BOX (object);

  switch (prop_id)
    {
    case PROP_SPACING:
      orga_wrap_box_set_spacing (self, g_value_get_int (value));
      break;
    case PROP_ROW_SPACING:
      orga_wrap_box_set_row_spacing (self, g_value_get_int (value));
      break;
    case PROP_HOMOGENEOUS:
      orga_wrap_box_set_homogeneous (self, g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
orga_wrap_box_class_init (OrgaWrapBoxClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = orga_wrap_box_dispose;
  object_class->get_property = orga_wrap_box_get_property;
  object_class->set_property = orga_wrap_box_set_property;

  widget_class->get_request_mode = orga_wrap_box_get_request_mode;
  widget_class->measure = orga_wrap_box_measure;
  widget_class->size_allocate = orga_wrap_box_size_allocate;

  properties[PROP_SPACING] =
    g_param_spec_int ("spacing", NULL, NULL, 0, G_MAXINT, 0,
                      G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_ROW_SPACING] =
    g_param_spec_int ("row-spacing", NULL, NULL, 0, G_MAXINT, 0,
                      G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_HOMOGENEOUS] =
    g_param_spec_boolean ("homogeneous", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_css_name (widget_class, "wrapbox");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
orga_wrap_box_init (OrgaWrapBox *self)
{
}

GtkWidget *
orga_wrap_box_new (void)
{
  return g_object_new (ORGA_TYPE_WRAP_BOX, NULL);
}

void
orga_wrap_box_append (OrgaWrapBox *self,
                      GtkWidget   *child)
{
  g_return_if_fail (ORGA_IS_WRAP_BOX (self));
  g_return_if_fail (GTK_IS_WIDGET (child));
  g_return_if_fail (gtk_widget_get_parent (child) == NULL);

  gtk_widget_insert_before (child, GTK_WIDGET (self), NULL);
}

int
orga_wrap_box_get_spacing (OrgaWrapBox *self)
{
  g_return_val_if_fail (ORGA_IS_WRAP_BOX (self), 0);
  return self->spacing;
}

void
orga_wrap_box_set_spacing (OrgaWrapBox *self,
                           int          spacing)
{
  g_return_if_fail (ORGA_IS_WRAP_BOX (self));

  if (self->spacing == spacing)
    return;
  self->spacing = spacing;
  gtk_widget_queue_resize (GTK_WIDGET (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SPACING]);
}

int
orga_wrap_box_get_row_spacing (OrgaWrapBox *self)
{
  g_return_val_if_fail (ORGA_IS_WRAP_BOX (self), 0);
  return self->row_spacing;
}

void
orga_wrap_box_set_row_spacing (OrgaWrapBox *self,
                               int          spacing)
{
  g_return_if_fail (ORGA_IS_WRAP_BOX (self));

  if (self->row_spacing == spacing)
    return;
  self->row_spacing = spacing;
  gtk_widget_queue_resize (GTK_WIDGET (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ROW_SPACING]);
}

gboolean
orga_wrap_box_get_homogeneous (OrgaWrapBox *self)
{
  g_return_val_if_fail (ORGA_IS_WRAP_BOX (self), FALSE);
  return self->homogeneous;
}

void
orga_wrap_box_set_homogeneous (OrgaWrapBox *self,
                               gboolean     homogeneous)
{
  g_return_if_fail (ORGA_IS_WRAP_BOX (self));

  homogeneous = !!homogeneous;
  if (self->homogeneous == homogeneous)
    return;
  self->homogeneous = homogeneous;
  gtk_widget_queue_resize (GTK_WIDGET (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_HOMOGENEOUS]);
}
