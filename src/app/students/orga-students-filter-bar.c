/* orga-students-filter-bar.c
 *
 * The Élèves list's filters: the search, the classes (a check box each in
 * a popover), the login methods (the same, spec §2.1's values) and
 * certifiability, the button that clears them (the page's
 * "students.clear-filters" action) and how many students they show. The
 * page makes the bar when the school first has students: an empty school's
 * first frame has no use for it (9 M instructions to build it hidden).
 * "changed" tells the page that a filter changed.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "orga-students-filter-bar"

#include "config.h"

#include <glib/gi18n.h>

#include "orga-students-filter-bar.h"
#include "orga-wrap-box.h"

struct _OrgaStudentsFilterBar
{
  GtkBox          parent_instance;

  /* template */
  GtkSearchEntry *search_entry;
  GtkToggleButton *filters_button;
  GtkMenuButton  *classes_button;
  GtkLabel       *classes_label;
  GtkPopover     *classes_popover;
  GtkBox         *classes_box;
  GtkMenuButton  *methods_button;
  GtkLabel       *methods_label;
  GtkBox         *methods_box;
  GtkMenuButton  *certifiability_button;
  GtkLabel       *certifiability_label;
  GtkCheckButton *not_available_check;
  GtkCheckButton *eligible_check;
  GtkCheckButton *non_eligible_check;
  GtkButton      *clear_button;
  GtkLabel       *count_label;

  GStrv           divisions;           /* the school's classes, in order */
  GHashTable     *checked_divisions;   /* set of class names */
  gboolean        classes_box_stale;   /* its check boxes are not those of divisions */
  gboolean        clearing;
  gboolean        compact;             /* the filters folded behind filters_button */
};

G_DEFINE_FINAL_TYPE (OrgaStudentsFilterBar, orga_students_filter_bar, GTK_TYPE_BOX)

enum {
  CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static guint n_checked_methods (OrgaStudentsFilterBar *self);

/* Compact, the filters but the search show while "Filters" is down, and
 * stay while one of them hides students: a filter in use is never out
 * of sight. */
static void
update_folded (OrgaStudentsFilterBar *self)
{
  GtkWidget *folded[] = { GTK_WIDGET (self->classes_button), GTK_WIDGET (self->methods_button),
                          GTK_WIDGET (self->certifiability_button), GTK_WIDGET (self->clear_button),
                          GTK_WIDGET (self->count_label) };
  gboolean in_use = g_hash_table_size (self->checked_divisions) > 0 ||
                    n_checked_methods (self) > 0 ||
                    orga_students_filter_bar_get_certifiability (self) != 0;
  gboolean shown;

  /* Toggled again: this runs again, from the "toggled" handler. */
  if (self->compact && in_use && !gtk_toggle_button_get_active (self->filters_button))
    {
      gtk_toggle_button_set_active (self->filters_button, TRUE);
      return;
    }

  shown = !self->compact || gtk_toggle_button_get_active (self->filters_button);
  gtk_widget_set_visible (GTK_WIDGET (self->filters_button), self->compact);
  for (guint i = 0; i < G_N_ELEMENTS (folded); i++)
    gtk_widget_set_visible (folded[i], shown);
}

static void
changed_cb (OrgaStudentsFilterBar *self)
{
  update_folded (self);
  /* One "changed" for all the filters that a clear changes. */
  if (!self->clearing)
    g_signal_emit (self, signals[CHANGED], 0);
}

static void
update_classes_label (OrgaStudentsFilterBar *self)
{
  guint n_classes = g_hash_table_size (self->checked_divisions);
  g_autofree char *classes = NULL;

  if (n_classes == 0)
    classes = g_strdup (_("Classes"));
  else
    /* TRANSLATORS: the class filter's button, with how many are chosen */
    classes = g_strdup_printf (_("Classes (%u)"), n_classes);
  gtk_label_set_label (self->classes_label, classes);
  /* The menu button's child is a box, which names nothing: GTK 4.8 names
   * the button inside, the one with the focus, from this property. */
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->classes_button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, classes,
                                  -1);
}

/**
 * orga_students_filter_bar_get_certifiability:
 *
 * Returns: the #OrgaCertifiability flags checked; 0 for none
 */
guint
orga_students_filter_bar_get_certifiability (OrgaStudentsFilterBar *self)
{
  guint flags = 0;

  g_return_val_if_fail (ORGA_IS_STUDENTS_FILTER_BAR (self), 0);

  if (gtk_check_button_get_active (self->not_available_check))
    flags |= ORGA_CERTIFIABILITY_NOT_AVAILABLE;
  if (gtk_check_button_get_active (self->eligible_check))
    flags |= ORGA_CERTIFIABILITY_ELIGIBLE;
  if (gtk_check_button_get_active (self->non_eligible_check))
    flags |= ORGA_CERTIFIABILITY_NON_ELIGIBLE;
  return flags;
}

static void
certifiability_toggled_cb (OrgaStudentsFilterBar *self)
{
  guint n = 0;
  g_autofree char *text = NULL;

  n = gtk_check_button_get_active (self->not_available_check) +
      gtk_check_button_get_active (self->eligible_check) +
      gtk_check_button_get_active (self->non_eligible_check);
  if (n == 0)
    text = g_strdup (_("Certifiability"));
  else
    /* TRANSLATORS: the certifiability filter's button, with how many statuses are chosen */
    text = g_strdup_printf (_("Certifiability (%u)"), n);
  gtk_label_set_label (self->certifiability_label, text);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->certifiability_button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, text,
                                  -1);
  changed_cb (self);
}

/* The filter's values (spec §2.1), as OrgaLearnerList takes them. */
static const struct {
  const char *value;
  const char *label;
} login_methods[] = {
  { "none", NC_("login methods", "None") },
  { "identifiant", N_("Username") },
  { "email", N_("E-mail Address") },
  { "mediacentre", N_("Mediacentre") },
  { "without_mediacentre", N_("Without Mediacentre") },
};

static guint
n_checked_methods (OrgaStudentsFilterBar *self)
{
  guint n = 0;

  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->methods_box));
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    n += gtk_check_button_get_active (GTK_CHECK_BUTTON (child));
  return n;
}

static void
update_methods_label (OrgaStudentsFilterBar *self)
{
  guint n = n_checked_methods (self);
  g_autofree char *text = NULL;
  g_autofree char *count = g_strdup_printf ("%u", n);

  if (n == 0)
    text = g_strdup (_("Login Method"));
  else
    /* TRANSLATORS: the login method filter's button, with how many are chosen */
    text = g_strdup_printf (_("Login Method (%u)"), n);
  /* The button shows an icon, and how many are chosen. */
  gtk_label_set_label (self->methods_label, count);
  gtk_widget_set_visible (GTK_WIDGET (self->methods_label), n > 0);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->methods_button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, text, -1);
}

static void
method_toggled_cb (OrgaStudentsFilterBar *self)
{
  update_methods_label (self);
  changed_cb (self);
}

static void
fill_methods_box (OrgaStudentsFilterBar *self)
{
  for (guint i = 0; i < G_N_ELEMENTS (login_methods); i++)
    {
      const char *label = i == 0 ? g_dpgettext2 (NULL, "login methods", login_methods[i].label)
                                 : _(login_methods[i].label);
      GtkWidget *check = gtk_check_button_new_with_label (label);

      g_object_set_data (G_OBJECT (check), "value", (gpointer) login_methods[i].value);
      g_signal_connect_object (check, "toggled", G_CALLBACK (method_toggled_cb), self, G_CONNECT_SWAPPED);
      gtk_box_append (self->methods_box, check);
    }
}

/**
 * orga_students_filter_bar_dup_checked_login_methods:
 *
 * Returns: (transfer full) (nullable): the login methods chosen, as
 *   orga_learner_list_set_login_methods() takes them; %NULL for none
 */
GStrv
orga_students_filter_bar_dup_checked_login_methods (OrgaStudentsFilterBar *self)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  g_return_val_if_fail (ORGA_IS_STUDENTS_FILTER_BAR (self), NULL);

  if (n_checked_methods (self) == 0)
    return NULL;
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->methods_box));
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (gtk_check_button_get_active (GTK_CHECK_BUTTON (child)))
      g_strv_builder_add (builder, g_object_get_data (G_OBJECT (child), "value"));
  return g_strv_builder_end (builder);
}

static void
division_toggled_cb (OrgaStudentsFilterBar *self,
                     GtkCheckButton        *check)
{
  const char *division = g_object_get_data (G_OBJECT (check), "division");

  if (gtk_check_button_get_active (check))
    g_hash_table_add (self->checked_divisions, g_strdup (division));
  else
    g_hash_table_remove (self->checked_divisions, division);

  update_classes_label (self);
  changed_cb (self);
}

/* A check box for each of the school's classes. */
static void
fill_classes_box (OrgaStudentsFilterBar *self)
{
  GtkWidget *child;

  self->classes_box_stale = FALSE;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->classes_box))) != NULL)
    gtk_box_remove (self->classes_box, child);

  for (guint i = 0; self->divisions != NULL && self->divisions[i] != NULL; i++)
    {
      GtkWidget *check = gtk_check_button_new_with_label (self->divisions[i]);

      gtk_check_button_set_active (GTK_CHECK_BUTTON (check),
                                   g_hash_table_contains (self->checked_divisions, self->divisions[i]));
      g_object_set_data_full (G_OBJECT (check), "division", g_strdup (self->divisions[i]), g_free);
      g_signal_connect_object (check, "toggled", G_CALLBACK (division_toggled_cb), self, G_CONNECT_SWAPPED);
      gtk_box_append (self->classes_box, check);
    }
}

/* Before the popover shows, so that it gives the first check box the
 * focus as it opens. */
static void
classes_popup_cb (GtkMenuButton *button,
                  gpointer       user_data)
{
  OrgaStudentsFilterBar *self = user_data;

  if (self->classes_box_stale)
    fill_classes_box (self);
}

/**
 * orga_students_filter_bar_set_divisions:
 * @divisions: (transfer full) (nullable): the school's classes, in order
 *
 * The classes change with each import: the chosen ones that still exist
 * stay chosen. Their check boxes are made when the popover is about to
 * show (classes_popup_cb()): the first frame has no use for them (5 M
 * instructions for 32 classes).
 */
void
orga_students_filter_bar_set_divisions (OrgaStudentsFilterBar  *self,
                                        char                  **divisions)
{
  g_autoptr(GHashTable) checked = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  g_return_if_fail (ORGA_IS_STUDENTS_FILTER_BAR (self));

  g_strfreev (self->divisions);
  self->divisions = divisions;

  for (guint i = 0; self->divisions != NULL && self->divisions[i] != NULL; i++)
    if (g_hash_table_contains (self->checked_divisions, self->divisions[i]))
      g_hash_table_add (checked, g_strdup (self->divisions[i]));

  g_clear_pointer (&self->checked_divisions, g_hash_table_unref);
  self->checked_divisions = g_steal_pointer (&checked);

  gtk_widget_set_sensitive (GTK_WIDGET (self->classes_button), self->divisions != NULL && self->divisions[0] != NULL);
  update_classes_label (self);

  if (gtk_widget_get_visible (GTK_WIDGET (self->classes_popover)))
    fill_classes_box (self);
  else
    self->classes_box_stale = TRUE;
}

const char *
orga_students_filter_bar_get_search (OrgaStudentsFilterBar *self)
{
  g_return_val_if_fail (ORGA_IS_STUDENTS_FILTER_BAR (self), NULL);

  return gtk_editable_get_text (GTK_EDITABLE (self->search_entry));
}

/**
 * orga_students_filter_bar_dup_checked_divisions:
 *
 * Returns: (transfer full): the chosen classes, none when all show
 */
GStrv
orga_students_filter_bar_dup_checked_divisions (OrgaStudentsFilterBar *self)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  GHashTableIter iter;
  gpointer key;

  g_return_val_if_fail (ORGA_IS_STUDENTS_FILTER_BAR (self), NULL);

  g_hash_table_iter_init (&iter, self->checked_divisions);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    g_strv_builder_add (builder, key);

  return g_strv_builder_end (builder);
}

/* Whether any filter hides students: what "Clear Filters" would undo. */
gboolean
orga_students_filter_bar_get_active (OrgaStudentsFilterBar *self)
{
  const char *text;

  g_return_val_if_fail (ORGA_IS_STUDENTS_FILTER_BAR (self), FALSE);

  text = gtk_editable_get_text (GTK_EDITABLE (self->search_entry));
  return (text != NULL && *text != '\0') ||
         g_hash_table_size (self->checked_divisions) > 0 ||
         n_checked_methods (self) > 0 ||
         orga_students_filter_bar_get_certifiability (self) != 0;
}

void
orga_students_filter_bar_set_count (OrgaStudentsFilterBar *self,
                                    guint                  shown)
{
  g_autofree char *count = NULL;

  g_return_if_fail (ORGA_IS_STUDENTS_FILTER_BAR (self));

  count = g_strdup_printf (ngettext ("%'u student", "%'u students", shown), shown);
  gtk_label_set_label (self->count_label, count);
}

/* Every filter back to showing all, with one "changed" at the end. */
void
orga_students_filter_bar_clear (OrgaStudentsFilterBar *self)
{
  g_return_if_fail (ORGA_IS_STUDENTS_FILTER_BAR (self));

  self->clearing = TRUE;

  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), "");
  gtk_check_button_set_active (self->not_available_check, FALSE);
  gtk_check_button_set_active (self->eligible_check, FALSE);
  gtk_check_button_set_active (self->non_eligible_check, FALSE);
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->classes_box));
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    gtk_check_button_set_active (GTK_CHECK_BUTTON (child), FALSE);
  g_hash_table_remove_all (self->checked_divisions);
  update_classes_label (self);
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->methods_box));
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    gtk_check_button_set_active (GTK_CHECK_BUTTON (child), FALSE);
  update_methods_label (self);

  self->clearing = FALSE;

  changed_cb (self);
}

void
orga_students_filter_bar_focus_search (OrgaStudentsFilterBar *self)
{
  g_return_if_fail (ORGA_IS_STUDENTS_FILTER_BAR (self));

  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
}

/* A phone's height: the search, and the other filters behind a toggle. */
void
orga_students_filter_bar_set_compact (OrgaStudentsFilterBar *self,
                                      gboolean               compact)
{
  g_return_if_fail (ORGA_IS_STUDENTS_FILTER_BAR (self));

  compact = !!compact;
  if (self->compact == compact)
    return;

  self->compact = compact;
  update_folded (self);
}

OrgaStudentsFilterBar *
orga_students_filter_bar_new (void)
{
  return g_object_new (ORGA_TYPE_STUDENTS_FILTER_BAR, NULL);
}

static void
orga_students_filter_bar_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), ORGA_TYPE_STUDENTS_FILTER_BAR);

  G_OBJECT_CLASS (orga_students_filter_bar_parent_class)->dispose (object);
}

static void
orga_students_filter_bar_finalize (GObject *object)
{
  OrgaStudentsFilterBar *self = ORGA_STUDENTS_FILTER_BAR (object);

  g_clear_pointer (&self->divisions, g_strfreev);
  g_clear_pointer (&self->checked_divisions, g_hash_table_unref);

  G_OBJECT_CLASS (orga_students_filter_bar_parent_class)->finalize (object);
}

static void
orga_students_filter_bar_class_init (OrgaStudentsFilterBarClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = orga_students_filter_bar_dispose;
  object_class->finalize = orga_students_filter_bar_finalize;

  /**
   * OrgaStudentsFilterBar::changed:
   *
   * The search, the chosen classes or certifiability changed.
   */
  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  g_type_ensure (ORGA_TYPE_WRAP_BOX);
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/pixorga/PixOrga/ui/orga-students-filter-bar.ui");
  gtk_widget_class_bind_template_child (widget_class, OrgaStudentsFilterBar, search_entry);
  gtk_widget_class_bind_template_child (widget_class, OrgaStudentsFilterBar, classes_button);
  gtk_widget_class_bind_template_child (widget_class, OrgaStudentsFilterBar, classes_label);
  gtk_widget_class_bind_template_child (widget_class, OrgaStudentsFilterBar, classes_popover);
  gtk_widget_class_bind_template_child (widget_class, OrgaStudentsFilterBar, classes_box);
  gtk_widget_class_bind_template_child (widget_class, OrgaStudentsFilterBar, methods_button);
  gtk_widget_class_bind_template_child (widget_class, OrgaStudentsFilterBar, methods_label);
  gtk_widget_class_bind_template_child (widget_class, OrgaStudentsFilterBar, methods_box);
  gtk_widget_class_bind_template_child (widget_class, OrgaStudentsFilterBar, certifiability_button);
  gtk_widget_class_bind_template_child (widget_class, OrgaStudentsFilterBar, certifiability_label);
  gtk_widget_class_bind_template_child (widget_class, OrgaStudentsFilterBar, not_available_check);
  gtk_widget_class_bind_template_child (widget_class, OrgaStudentsFilterBar, eligible_check);
  gtk_widget_class_bind_template_child (widget_class, OrgaStudentsFilterBar, non_eligible_check);
  gtk_widget_class_bind_template_callback (widget_class, certifiability_toggled_cb);
  gtk_widget_class_bind_template_child (widget_class, OrgaStudentsFilterBar, clear_button);
  gtk_widget_class_bind_template_child (widget_class, OrgaStudentsFilterBar, count_label);
  gtk_widget_class_bind_template_child (widget_class, OrgaStudentsFilterBar, filters_button);
  gtk_widget_class_bind_template_callback (widget_class, changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, update_folded);
}

static void
orga_students_filter_bar_init (OrgaStudentsFilterBar *self)
{
  self->checked_divisions = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  gtk_widget_init_template (GTK_WIDGET (self));

  gtk_menu_button_set_create_popup_func (self->classes_button, classes_popup_cb, self, NULL);
  fill_methods_box (self);
  update_methods_label (self);
}
