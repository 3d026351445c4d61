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
 * The filters' values are the bar's (checked_divisions, methods,
 * certifiability), not the check boxes': the popovers and their check
 * boxes are made when first popped up (the *_popup_cb()), which most
 * starts never do (3.6 M instructions in the 50,000-student first frame
 * for the three).
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
  GtkMenuButton  *methods_button;
  GtkLabel       *methods_label;
  GtkMenuButton  *certifiability_button;
  GtkLabel       *certifiability_label;
  GtkButton      *clear_button;
  GtkLabel       *count_label;

  /* The popovers' check boxes, in a column each: NULL until the popover
   * first pops up (the *_popup_cb()); the popovers own them. */
  GtkBox         *classes_box;
  GtkBox         *methods_box;
  GtkBox         *certifiability_box;

  GStrv           divisions;           /* the school's classes, in order */
  GHashTable     *checked_divisions;   /* set of class names */
  guint           methods;             /* 1 << i for login_methods[i] chosen */
  guint           certifiability;      /* the OrgaCertifiability flags chosen */
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
                    self->methods != 0 || self->certifiability != 0;
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

/* A popover of @button holding @child. */
static void
set_popover_child (GtkMenuButton *button,
                   GtkWidget     *child)
{
  GtkWidget *popover = gtk_popover_new ();

  gtk_popover_set_child (GTK_POPOVER (popover), child);
  gtk_menu_button_set_popover (button, popover);
}

/* The column of a popover's check boxes. */
static GtkBox *
new_check_column (void)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);

  gtk_widget_set_margin_start (box, 6);
  gtk_widget_set_margin_end (box, 6);
  gtk_widget_set_margin_top (box, 6);
  gtk_widget_set_margin_bottom (box, 6);
  return GTK_BOX (box);
}

/* A choice of a popover of flags. */
typedef struct {
  guint       flag;
  const char *context;   /* of its label's translation, or NULL */
  const char *label;
} FlagChoice;

/* A check box for each of @choices, checked as @checked says, in a new
 * popover of @button; the column of check boxes. */
static GtkBox *
add_flag_popover (OrgaStudentsFilterBar *self,
                  GtkMenuButton         *button,
                  const FlagChoice      *choices,
                  guint                  n_choices,
                  guint                  checked,
                  GCallback              toggled)
{
  GtkBox *box = new_check_column ();

  for (guint i = 0; i < n_choices; i++)
    {
      const char *label = choices[i].context != NULL ? g_dpgettext2 (NULL, choices[i].context, choices[i].label)
                                                     : _(choices[i].label);
      GtkWidget *check = gtk_check_button_new_with_label (label);

      gtk_check_button_set_active (GTK_CHECK_BUTTON (check), (checked & choices[i].flag) != 0);
      g_object_set_data (G_OBJECT (check), "flag", GUINT_TO_POINTER (choices[i].flag));
      g_signal_connect_object (check, "toggled", toggled, self, G_CONNECT_SWAPPED);
      gtk_box_append (box, check);
    }
  set_popover_child (button, GTK_WIDGET (box));
  return box;
}

/* @flags with or without the flag of @check, as it is checked. */
static guint
toggle_flag (guint           flags,
             GtkCheckButton *check)
{
  guint flag = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (check), "flag"));

  return gtk_check_button_get_active (check) ? flags | flag : flags & ~flag;
}

/* Unchecks the check boxes of @box, if made. */
static void
uncheck_all (GtkBox *box)
{
  if (box == NULL)
    return;
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (box));
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    gtk_check_button_set_active (GTK_CHECK_BUTTON (child), FALSE);
}

/* Spec §2.1 "Rechercher par certificabilité": several choices, combined
 * with OR. */
static const FlagChoice certifiabilities[] = {
  { ORGA_CERTIFIABILITY_NOT_AVAILABLE, "certifiability", NC_("certifiability", "Not communicated") },
  { ORGA_CERTIFIABILITY_ELIGIBLE, NULL, N_("Certifiable") },
  { ORGA_CERTIFIABILITY_NON_ELIGIBLE, "certifiability", NC_("certifiability", "Not certifiable") },
};

/**
 * orga_students_filter_bar_get_certifiability:
 *
 * Returns: the #OrgaCertifiability flags checked; 0 for none
 */
guint
orga_students_filter_bar_get_certifiability (OrgaStudentsFilterBar *self)
{
  g_return_val_if_fail (ORGA_IS_STUDENTS_FILTER_BAR (self), 0);

  return self->certifiability;
}

static void
update_certifiability_label (OrgaStudentsFilterBar *self)
{
  guint n = (guint) __builtin_popcount (self->certifiability);
  g_autofree char *text = NULL;

  if (n == 0)
    text = g_strdup (_("Certifiability"));
  else
    /* TRANSLATORS: the certifiability filter's button, with how many statuses are chosen */
    text = g_strdup_printf (_("Certifiability (%u)"), n);
  gtk_label_set_label (self->certifiability_label, text);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->certifiability_button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, text,
                                  -1);
}

static void
certifiability_toggled_cb (OrgaStudentsFilterBar *self,
                           GtkCheckButton        *check)
{
  self->certifiability = toggle_flag (self->certifiability, check);
  update_certifiability_label (self);
  changed_cb (self);
}

/* Before the popover shows, so that it gives the first check box the
 * focus as it opens. */
static void
certifiability_popup_cb (GtkMenuButton *button,
                         gpointer       user_data)
{
  OrgaStudentsFilterBar *self = user_data;

  if (self->certifiability_box == NULL)
    self->certifiability_box = add_flag_popover (self, button, certifiabilities, G_N_ELEMENTS (certifiabilities),
                                                 self->certifiability, G_CALLBACK (certifiability_toggled_cb));
}

/* The filter's values (spec §2.1), as OrgaLearnerList takes them; their
 * flags are 1 << their index. */
static const char * const login_method_values[] = {
  "none", "identifiant", "email", "mediacentre", "without_mediacentre",
};

static const FlagChoice login_methods[] = {
  { 1 << 0, "login methods", NC_("login methods", "None") },
  { 1 << 1, NULL, N_("Username") },
  { 1 << 2, NULL, N_("E-mail Address") },
  { 1 << 3, NULL, N_("Mediacentre") },
  { 1 << 4, NULL, N_("Without Mediacentre") },
};

static void
update_methods_label (OrgaStudentsFilterBar *self)
{
  guint n = (guint) __builtin_popcount (self->methods);
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
method_toggled_cb (OrgaStudentsFilterBar *self,
                   GtkCheckButton        *check)
{
  self->methods = toggle_flag (self->methods, check);
  update_methods_label (self);
  changed_cb (self);
}

/* Before the popover shows, so that it gives the first check box the
 * focus as it opens. */
static void
methods_popup_cb (GtkMenuButton *button,
                  gpointer       user_data)
{
  OrgaStudentsFilterBar *self = user_data;

  if (self->methods_box == NULL)
    self->methods_box = add_flag_popover (self, button, login_methods, G_N_ELEMENTS (login_methods),
                                          self->methods, G_CALLBACK (method_toggled_cb));
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

  if (self->methods == 0)
    return NULL;
  for (guint i = 0; i < G_N_ELEMENTS (login_methods); i++)
    if (self->methods & login_methods[i].flag)
      g_strv_builder_add (builder, login_method_values[i]);
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
  GtkWidget *scrolled;

  if (self->classes_box == NULL)
    {
      /* A school has dozens of classes: they scroll. */
      scrolled = gtk_scrolled_window_new ();
      gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scrolled), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
      gtk_scrolled_window_set_propagate_natural_height (GTK_SCROLLED_WINDOW (scrolled), TRUE);
      gtk_scrolled_window_set_max_content_height (GTK_SCROLLED_WINDOW (scrolled), 360);
      self->classes_box = new_check_column ();
      gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), GTK_WIDGET (self->classes_box));
      set_popover_child (button, scrolled);
      self->classes_box_stale = TRUE;
    }
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

  if (self->classes_box != NULL && gtk_widget_get_visible (GTK_WIDGET (gtk_menu_button_get_popover (self->classes_button))))
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
         self->methods != 0 || self->certifiability != 0;
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
  uncheck_all (self->classes_box);
  g_hash_table_remove_all (self->checked_divisions);
  update_classes_label (self);
  uncheck_all (self->methods_box);
  self->methods = 0;
  update_methods_label (self);
  uncheck_all (self->certifiability_box);
  self->certifiability = 0;
  update_certifiability_label (self);

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
  gtk_widget_class_bind_template_child (widget_class, OrgaStudentsFilterBar, methods_button);
  gtk_widget_class_bind_template_child (widget_class, OrgaStudentsFilterBar, methods_label);
  gtk_widget_class_bind_template_child (widget_class, OrgaStudentsFilterBar, certifiability_button);
  gtk_widget_class_bind_template_child (widget_class, OrgaStudentsFilterBar, certifiability_label);
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
  gtk_menu_button_set_create_popup_func (self->methods_button, methods_popup_cb, self, NULL);
  gtk_menu_button_set_create_popup_func (self->certifiability_button, certifiability_popup_cb, self, NULL);
  update_methods_label (self);
}
