/* orga-students-page.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "orga-students-page"

#include "config.h"

#include <glib/gi18n.h>

#include "orga-students-page.h"

struct _OrgaStudentsPage
{
  AdwBin       parent_instance;

  OrgaContext *context;
};

G_DEFINE_FINAL_TYPE (OrgaStudentsPage, orga_students_page, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_CONTEXT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
import_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
}

static void
orga_students_page_dispose (GObject *object)
{
  OrgaStudentsPage *self = (OrgaStudentsPage *)object;

  gtk_widget_dispose_template (GTK_WIDGET (self), ORGA_TYPE_STUDENTS_PAGE);
  g_clear_object (&self->context);

  G_OBJECT_CLASS (orga_students_page_parent_class)->dispose (object);
}

static void
orga_students_page_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  OrgaStudentsPage *self = ORGA_STUDENTS_PAGE (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      g_value_set_object (value, self->context);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
orga_students_page_set_property (GObject      *object,
                                 guint         prop_id,
                                 const GValue *value,
                                 GParamSpec   *pspec)
{
  OrgaStudentsPage *self = ORGA_STUDENTS_PAGE (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      orga_students_page_set_context (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
orga_students_page_class_init (OrgaStudentsPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = orga_students_page_dispose;
  object_class->get_property = orga_students_page_get_property;
  object_class->set_property = orga_students_page_set_property;

  properties[PROP_CONTEXT] =
    g_param_spec_object ("context", NULL, NULL, ORGA_TYPE_CONTEXT,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/pixorga/PixOrga/ui/orga-students-page.ui");
  gtk_widget_class_install_action (widget_class, "students.import", NULL, import_action);
}

static void
orga_students_page_init (OrgaStudentsPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

OrgaContext *
orga_students_page_get_context (OrgaStudentsPage *self)
{
  g_return_val_if_fail (ORGA_IS_STUDENTS_PAGE (self), NULL);
  return self->context;
}

void
orga_students_page_set_context (OrgaStudentsPage *self,
                                OrgaContext      *context)
{
  g_return_if_fail (ORGA_IS_STUDENTS_PAGE (self));

  if (g_set_object (&self->context, context))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CONTEXT]);
}

void
orga_students_page_import_file (OrgaStudentsPage *self,
                                GFile            *file)
{
  g_return_if_fail (ORGA_IS_STUDENTS_PAGE (self));
}
