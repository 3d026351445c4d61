/* orga-class-filter.c
 *
 * Emits "changed" when the head checks or unchecks a class.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "orga-class-filter"

#include "config.h"

#include <glib/gi18n.h>

#include "orga-class-filter.h"

struct _OrgaClassFilter
{
  AdwBin         parent_instance;

  GtkMenuButton *button;
  GtkLabel      *label;
  GtkBox        *box;

  GPtrArray     *selected;     /* of char *, NULL-terminated */
  gboolean       updating;
};

G_DEFINE_FINAL_TYPE (OrgaClassFilter, orga_class_filter, ADW_TYPE_BIN)

enum {
  CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
update_label (OrgaClassFilter *self)
{
  guint n = self->selected->len - 1;
  g_autofree char *text = NULL;

  if (n == 0)
    text = g_strdup (_("Classes"));
  else
    /* TRANSLATORS: the class filter's button, with how many are chosen */
    text = g_strdup_printf (_("Classes (%u)"), n);

  gtk_label_set_label (self->label, text);
}

static void
collect (OrgaClassFilter *self)
{
  g_ptr_array_set_size (self->selected, 0);

  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->box));
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (gtk_check_button_get_active (GTK_CHECK_BUTTON (child)))
      g_ptr_array_add (self->selected, g_strdup (g_object_get_data (G_OBJECT (child), "division")));

  g_ptr_array_add (self->selected, NULL);
  update_label (self);
}

static void
toggled_cb (OrgaClassFilter *self,
            GtkCheckButton  *check)
{
  if (self->updating)
    return;

  collect (self);
  g_signal_emit (self, signals[CHANGED], 0);
}

static void
orga_class_filter_dispose (GObject *object)
{
  OrgaClassFilter *self = ORGA_CLASS_FILTER (object);

  adw_bin_set_child (ADW_BIN (self), NULL);

  G_OBJECT_CLASS (orga_class_filter_parent_class)->dispose (object);
}

static void
orga_class_filter_finalize (GObject *object)
{
  OrgaClassFilter *self = ORGA_CLASS_FILTER (object);

  g_clear_pointer (&self->selected, g_ptr_array_unref);

  G_OBJECT_CLASS (orga_class_filter_parent_class)->finalize (object);
}

static void
orga_class_filter_class_init (OrgaClassFilterClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = orga_class_filter_dispose;
  object_class->finalize = orga_class_filter_finalize;

  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
orga_class_filter_init (OrgaClassFilter *self)
{
  GtkWidget *content = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *arrow = gtk_image_new_from_icon_name ("pan-down-symbolic");
  GtkWidget *popover = gtk_popover_new ();
  GtkWidget *scrolled = gtk_scrolled_window_new ();

  self->selected = g_ptr_array_new_with_free_func (g_free);
  g_ptr_array_add (self->selected, NULL);

  self->button = GTK_MENU_BUTTON (gtk_menu_button_new ());
  self->label = GTK_LABEL (gtk_label_new (NULL));
  self->box = GTK_BOX (gtk_box_new (GTK_ORIENTATION_VERTICAL, 2));

  gtk_accessible_update_property (GTK_ACCESSIBLE (arrow), GTK_ACCESSIBLE_PROPERTY_LABEL, "", -1);
  gtk_box_append (GTK_BOX (content), GTK_WIDGET (self->label));
  gtk_box_append (GTK_BOX (content), arrow);
  gtk_menu_button_set_child (self->button, content);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->button), _("Show only some classes"));
  /* Its name: GTK 4.8 does not take it from the label inside. */
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->button), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Classes"), -1);

  gtk_widget_set_margin_start (GTK_WIDGET (self->box), 6);
  gtk_widget_set_margin_end (GTK_WIDGET (self->box), 6);
  gtk_widget_set_margin_top (GTK_WIDGET (self->box), 6);
  gtk_widget_set_margin_bottom (GTK_WIDGET (self->box), 6);
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scrolled), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_propagate_natural_height (GTK_SCROLLED_WINDOW (scrolled), TRUE);
  gtk_scrolled_window_set_max_content_height (GTK_SCROLLED_WINDOW (scrolled), 360);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), GTK_WIDGET (self->box));
  gtk_popover_set_child (GTK_POPOVER (popover), scrolled);
  gtk_menu_button_set_popover (self->button, popover);

  adw_bin_set_child (ADW_BIN (self), GTK_WIDGET (self->button));
  update_label (self);
}

GtkWidget *
orga_class_filter_new (void)
{
  return g_object_new (ORGA_TYPE_CLASS_FILTER, NULL);
}

void
orga_class_filter_set_divisions (OrgaClassFilter    *self,
                                 const char * const *divisions)
{
  g_autoptr(GPtrArray) before = NULL;
  GtkWidget *child;

  g_return_if_fail (ORGA_IS_CLASS_FILTER (self));

  before = g_ptr_array_ref (self->selected);
  g_clear_pointer (&self->selected, g_ptr_array_unref);
  self->selected = g_ptr_array_new_with_free_func (g_free);

  self->updating = TRUE;
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->box))) != NULL)
    gtk_box_remove (self->box, child);

  for (guint i = 0; divisions != NULL && divisions[i] != NULL; i++)
    {
      /* A class unknown to SIECLE (a participant who left) has no name. */
      GtkWidget *check = gtk_check_button_new_with_label (*divisions[i] != '\0' ? divisions[i] : _("No class"));

      gtk_check_button_set_active (GTK_CHECK_BUTTON (check),
                                   g_strv_contains ((const char * const *)before->pdata, divisions[i]));
      g_object_set_data_full (G_OBJECT (check), "division", g_strdup (divisions[i]), g_free);
      g_signal_connect_object (check, "toggled", G_CALLBACK (toggled_cb), self, G_CONNECT_SWAPPED);
      gtk_box_append (self->box, check);
    }
  self->updating = FALSE;

  collect (self);
  gtk_widget_set_sensitive (GTK_WIDGET (self->button), divisions != NULL && divisions[0] != NULL);
}

const char * const *
orga_class_filter_get_selected (OrgaClassFilter *self)
{
  g_return_val_if_fail (ORGA_IS_CLASS_FILTER (self), NULL);
  return (const char * const *)self->selected->pdata;
}

void
orga_class_filter_set_selected (OrgaClassFilter    *self,
                                const char * const *divisions)
{
  g_return_if_fail (ORGA_IS_CLASS_FILTER (self));

  self->updating = TRUE;
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->box));
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      const char *division = g_object_get_data (G_OBJECT (child), "division");

      gtk_check_button_set_active (GTK_CHECK_BUTTON (child),
                                   divisions != NULL && g_strv_contains (divisions, division));
    }
  self->updating = FALSE;

  collect (self);
  g_signal_emit (self, signals[CHANGED], 0);
}

void
orga_class_filter_clear (OrgaClassFilter *self)
{
  orga_class_filter_set_selected (self, NULL);
}
