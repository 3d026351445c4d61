/* orga-status-page.c
 *
 * The empty Élèves page is the first frame of a new school. AdwStatusPage
 * puts its text in a scrolled window, whose viewport asks the wrapped
 * title and description how wide they would be for its height: each
 * label then lays its text out at a dozen widths to find out, some 40 M
 * instructions before the first frame, which cost a tenth of the start.
 * This page has AdwStatusPage's widgets, CSS names and style classes, with
 * an OrgaWrapBin under the viewport that answers the width for no height;
 * data/style.css gives it AdwStatusPage's style rules, with the wrapbin
 * node in their path.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "orga-status-page.h"
#include "orga-wrap-bin.h"

struct _OrgaStatusPage
{
  GtkWidget  parent_instance;

  /* Bound only so that gtk_widget_dispose_template() unparents it: it
   * is the page's direct child. */
  GtkWidget *scrolled_window;
  GtkBox    *toplevel_box;
  GtkImage  *image;
  GtkLabel  *title_label;
  GtkLabel  *description_label;
  GtkWidget *child;
};

G_DEFINE_FINAL_TYPE (OrgaStatusPage, orga_status_page, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_ICON_NAME,
  PROP_TITLE,
  PROP_DESCRIPTION,
  PROP_CHILD,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
orga_status_page_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), ORGA_TYPE_STATUS_PAGE);

  G_OBJECT_CLASS (orga_status_page_parent_class)->dispose (object);
}

static void
orga_status_page_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  OrgaStatusPage *self = ORGA_STATUS_PAGE (object);

  switch (prop_id)
    {
    case PROP_ICON_NAME:
      g_value_set_string (value, gtk_image_get_icon_name (self->image));
      break;
    case PROP_TITLE:
      g_value_set_string (value, gtk_label_get_label (self->title_label));
      break;
    case PROP_DESCRIPTION:
      g_value_set_string (value, gtk_label_get_label (self->description_label));
      break;
    case PROP_CHILD:
      g_value_set_object (value, self->child);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
orga_status_page_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  OrgaStatusPage *self = ORGA_STATUS_PAGE (object);

  switch (prop_id)
    {
    case PROP_ICON_NAME:
      orga_status_page_set_icon_name (self, g_value_get_string (value));
      break;
    case PROP_TITLE:
      orga_status_page_set_title (self, g_value_get_string (value));
      break;
    case PROP_DESCRIPTION:
      orga_status_page_set_description (self, g_value_get_string (value));
      break;
    case PROP_CHILD:
      orga_status_page_set_child (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
orga_status_page_class_init (OrgaStatusPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = orga_status_page_dispose;
  object_class->get_property = orga_status_page_get_property;
  object_class->set_property = orga_status_page_set_property;

  properties[PROP_ICON_NAME] =
    g_param_spec_string ("icon-name", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_TITLE] =
    g_param_spec_string ("title", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_DESCRIPTION] =
    g_param_spec_string ("description", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_CHILD] =
    g_param_spec_object ("child", NULL, NULL, GTK_TYPE_WIDGET,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (ORGA_TYPE_WRAP_BIN);
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/pixorga/PixOrga/ui/orga-status-page.ui");
  gtk_widget_class_bind_template_child (widget_class, OrgaStatusPage, scrolled_window);
  gtk_widget_class_bind_template_child (widget_class, OrgaStatusPage, toplevel_box);
  gtk_widget_class_bind_template_child (widget_class, OrgaStatusPage, image);
  gtk_widget_class_bind_template_child (widget_class, OrgaStatusPage, title_label);
  gtk_widget_class_bind_template_child (widget_class, OrgaStatusPage, description_label);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "statuspage");
}

static void
orga_status_page_init (OrgaStatusPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
orga_status_page_new (void)
{
  return g_object_new (ORGA_TYPE_STATUS_PAGE, NULL);
}

void
orga_status_page_set_icon_name (OrgaStatusPage *self,
                                const char     *icon_name)
{
  g_return_if_fail (ORGA_IS_STATUS_PAGE (self));

  if (g_strcmp0 (gtk_image_get_icon_name (self->image), icon_name) == 0)
    return;

  gtk_image_set_from_icon_name (self->image, icon_name);
  gtk_widget_set_visible (GTK_WIDGET (self->image), icon_name != NULL);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ICON_NAME]);
}

const char *
orga_status_page_get_title (OrgaStatusPage *self)
{
  g_return_val_if_fail (ORGA_IS_STATUS_PAGE (self), NULL);
  return gtk_label_get_label (self->title_label);
}

/* A label without text is hidden, as in AdwStatusPage. */
static gboolean
set_label (GtkLabel   *label,
           const char *text)
{
  if (g_strcmp0 (gtk_label_get_label (label), text != NULL ? text : "") == 0)
    return FALSE;

  gtk_label_set_label (label, text);
  gtk_widget_set_visible (GTK_WIDGET (label), text != NULL && *text != '\0');
  return TRUE;
}

void
orga_status_page_set_title (OrgaStatusPage *self,
                            const char     *title)
{
  g_return_if_fail (ORGA_IS_STATUS_PAGE (self));

  if (set_label (self->title_label, title))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TITLE]);
}

void
orga_status_page_set_description (OrgaStatusPage *self,
                                  const char     *description)
{
  g_return_if_fail (ORGA_IS_STATUS_PAGE (self));

  if (set_label (self->description_label, description))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DESCRIPTION]);
}

void
orga_status_page_set_child (OrgaStatusPage *self,
                            GtkWidget      *child)
{
  g_return_if_fail (ORGA_IS_STATUS_PAGE (self));
  g_return_if_fail (child == NULL || GTK_IS_WIDGET (child));

  if (self->child == child)
    return;

  if (self->child != NULL)
    gtk_box_remove (self->toplevel_box, self->child);
  self->child = child;
  if (child != NULL)
    gtk_box_append (self->toplevel_box, child);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CHILD]);
}
