/* orga-profile-picker.c
 *
 * "Que souhaitez-vous tester ?": the catalogue of target profiles as a
 * list of radio rows, narrowed by a search on the name ("Rechercher par
 * nom") and a category filter ("Filtrer les parcours par catégories").
 * Each row says what Pix Orga's list says of a profile: its category, its
 * number of sujets and how the results will be shown; the chosen one's
 * description follows the list.
 *
 * The catalogue is a few dozen profiles: every row exists, the filters
 * only hide rows.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "orga-profile-picker"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "orga-profile-picker.h"
#include "orga-text.h"

struct _OrgaProfilePicker
{
  AdwBin                   parent_instance;

  /* template widgets */
  GtkSearchEntry          *search_entry;
  GtkDropDown             *category_dropdown;
  GtkListBox              *list_box;
  GtkBox                  *description_box;
  GtkLabel                *selected_label;
  GtkLabel                *description_label;

  /* owned */
  GtkCheckButton          *group;        /* the first row's radio (weak) */
  char                    *search_key;   /* folded search text */
  const OrgaTargetProfile *profile;      /* the chosen one, static data */
  gboolean                 updating;
};

G_DEFINE_FINAL_TYPE (OrgaProfilePicker, orga_profile_picker, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_PROFILE_ID,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static GQuark profile_quark;
static GQuark key_quark;
static GQuark check_quark;

/* How Pix Orga says the results of a profile will be shown. */
static const char *
results_text (const OrgaTargetProfile *profile)
{
  if (profile->sco_stages)
    return _("Results shown by stages");
  if (profile->n_stages > 0)
    return _("Results shown as stars");
  return _("Results shown as a percentage");
}

static char *
dup_summary (const OrgaTargetProfile *profile)
{
  /* TRANSLATORS: "Sujets : 12", the number of sujets (tubes) a target profile tests */
  g_autofree char *sujets = g_strdup_printf (_("Subjects: %u"), profile->n_tubes);

  /* TRANSLATORS: category · number of subjects · how results are shown */
  return g_strdup_printf (_("%s · %s · %s"), orga_profile_category_get_label (profile->category),
                          sujets, results_text (profile));
}

static void
update_description (OrgaProfilePicker *self)
{
  g_autofree char *selected = NULL;

  gtk_widget_set_visible (GTK_WIDGET (self->description_box), self->profile != NULL);
  if (self->profile == NULL)
    return;

  /* TRANSLATORS: the target profile chosen in the campaign form */
  selected = g_strdup_printf (_("Chosen target profile: %s"), self->profile->name);
  gtk_label_set_label (self->selected_label, selected);
  gtk_label_set_label (self->description_label, self->profile->description);
}

static void
set_profile (OrgaProfilePicker       *self,
             const OrgaTargetProfile *profile)
{
  if (self->profile == profile)
    return;

  self->profile = profile;
  update_description (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PROFILE_ID]);
}

static void
check_toggled_cb (OrgaProfilePicker *self,
                  GtkCheckButton    *check)
{
  const OrgaTargetProfile *profile = g_object_get_qdata (G_OBJECT (check), profile_quark);

  if (self->updating)
    return;

  if (gtk_check_button_get_active (check))
    set_profile (self, profile);
  else if (self->profile == profile)
    set_profile (self, NULL);
}

static GtkWidget *
create_row (OrgaProfilePicker       *self,
            const OrgaTargetProfile *profile)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *check = gtk_check_button_new ();
  g_autofree char *summary = dup_summary (profile);
  g_autofree char *description = NULL;

  /* Names are data, not markup. */
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), profile->name);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), summary);
  adw_action_row_set_title_lines (ADW_ACTION_ROW (row), 2);

  gtk_widget_set_valign (check, GTK_ALIGN_CENTER);
  if (self->group != NULL)
    gtk_check_button_set_group (GTK_CHECK_BUTTON (check), self->group);
  else
    self->group = GTK_CHECK_BUTTON (check);
  g_object_set_qdata (G_OBJECT (check), profile_quark, (gpointer) profile);
  g_signal_connect_object (check, "toggled", G_CALLBACK (check_toggled_cb), self, G_CONNECT_SWAPPED);

  /* The radio is what a screen reader lands on: the row names it (its
   * activatable widget is labelled by the title), the description says
   * what the profile holds. */
  description = g_strdup_printf ("%s. %s", summary, profile->description);
  gtk_accessible_update_property (GTK_ACCESSIBLE (check),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, description,
                                  -1);
  gtk_widget_set_tooltip_text (row, profile->description);

  adw_action_row_add_prefix (ADW_ACTION_ROW (row), check);
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), check);

  g_object_set_qdata (G_OBJECT (row), profile_quark, (gpointer) profile);
  g_object_set_qdata_full (G_OBJECT (row), key_quark, orga_text_fold (profile->name), g_free);
  g_object_set_qdata (G_OBJECT (row), check_quark, check);

  return row;
}

static gboolean
filter_row (GtkListBoxRow *row,
            gpointer       user_data)
{
  OrgaProfilePicker *self = user_data;
  const OrgaTargetProfile *profile = g_object_get_qdata (G_OBJECT (row), profile_quark);
  const char *key = g_object_get_qdata (G_OBJECT (row), key_quark);
  guint category = gtk_drop_down_get_selected (self->category_dropdown);

  if (profile == NULL)
    return TRUE;

  /* Item 0 is "every category". */
  if (category != 0 && category != GTK_INVALID_LIST_POSITION &&
      (guint) profile->category != category - 1)
    return FALSE;

  if (self->search_key != NULL && *self->search_key != '\0')
    {
      g_auto(GStrv) words = g_strsplit (self->search_key, " ", -1);

      /* Every word, in any order: "rentree 6e" and "6e rentrée". */
      for (guint i = 0; words[i] != NULL; i++)
        if (*words[i] != '\0' && strstr (key, words[i]) == NULL)
          return FALSE;
    }

  return TRUE;
}

static void
filters_changed_cb (OrgaProfilePicker *self)
{
  g_clear_pointer (&self->search_key, g_free);
  self->search_key = orga_text_fold (gtk_editable_get_text (GTK_EDITABLE (self->search_entry)));
  gtk_list_box_invalidate_filter (self->list_box);
}

static GtkWidget *
find_row (OrgaProfilePicker       *self,
          const OrgaTargetProfile *profile)
{
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->list_box));
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (profile != NULL && g_object_get_qdata (G_OBJECT (child), profile_quark) == profile)
      return child;

  return NULL;
}

static void
orga_profile_picker_dispose (GObject *object)
{
  OrgaProfilePicker *self = (OrgaProfilePicker *)object;

  gtk_widget_dispose_template (GTK_WIDGET (self), ORGA_TYPE_PROFILE_PICKER);
  self->group = NULL;

  G_OBJECT_CLASS (orga_profile_picker_parent_class)->dispose (object);
}

static void
orga_profile_picker_finalize (GObject *object)
{
  OrgaProfilePicker *self = (OrgaProfilePicker *)object;

  g_clear_pointer (&self->search_key, g_free);

  G_OBJECT_CLASS (orga_profile_picker_parent_class)->finalize (object);
}

static void
orga_profile_picker_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  OrgaProfilePicker *self = ORGA_PROFILE_PICKER (object);

  switch (prop_id)
    {
    case PROP_PROFILE_ID:
      g_value_set_string (value, orga_profile_picker_get_profile_id (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
orga_profile_picker_set_property (GObject      *object,
                                  guint         prop_id,
                                  const GValue *value,
                                  GParamSpec   *pspec)
{
  OrgaProfilePicker *self = ORGA_PROFILE_PICKER (object);

  switch (prop_id)
    {
    case PROP_PROFILE_ID:
      orga_profile_picker_set_profile_id (self, g_value_get_string (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
orga_profile_picker_class_init (OrgaProfilePickerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = orga_profile_picker_dispose;
  object_class->finalize = orga_profile_picker_finalize;
  object_class->get_property = orga_profile_picker_get_property;
  object_class->set_property = orga_profile_picker_set_property;

  properties[PROP_PROFILE_ID] =
    g_param_spec_string ("profile-id", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  profile_quark = g_quark_from_static_string ("orga-profile-picker-profile");
  key_quark = g_quark_from_static_string ("orga-profile-picker-key");
  check_quark = g_quark_from_static_string ("orga-profile-picker-check");

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/pixorga/PixOrga/ui/orga-profile-picker.ui");
  gtk_widget_class_bind_template_child (widget_class, OrgaProfilePicker, search_entry);
  gtk_widget_class_bind_template_child (widget_class, OrgaProfilePicker, category_dropdown);
  gtk_widget_class_bind_template_child (widget_class, OrgaProfilePicker, list_box);
  gtk_widget_class_bind_template_child (widget_class, OrgaProfilePicker, description_box);
  gtk_widget_class_bind_template_child (widget_class, OrgaProfilePicker, selected_label);
  gtk_widget_class_bind_template_child (widget_class, OrgaProfilePicker, description_label);
  gtk_widget_class_bind_template_callback (widget_class, filters_changed_cb);
}

static void
orga_profile_picker_init (OrgaProfilePicker *self)
{
  g_autoptr(GtkStringList) categories = gtk_string_list_new (NULL);
  guint n = orga_target_profile_get_n_profiles ();

  gtk_widget_init_template (GTK_WIDGET (self));

  /* TRANSLATORS: the category filter of the target profiles, when no category is chosen */
  gtk_string_list_append (categories, _("All categories"));
  for (guint i = 0; i < ORGA_PROFILE_N_CATEGORIES; i++)
    gtk_string_list_append (categories, orga_profile_category_get_label (i));
  gtk_drop_down_set_model (self->category_dropdown, G_LIST_MODEL (categories));
  gtk_drop_down_set_selected (self->category_dropdown, 0);

  for (guint i = 0; i < n; i++)
    gtk_list_box_append (self->list_box, create_row (self, orga_target_profile_get_nth (i)));

  gtk_list_box_set_filter_func (self->list_box, filter_row, self, NULL);
}

GtkWidget *
orga_profile_picker_new (void)
{
  return g_object_new (ORGA_TYPE_PROFILE_PICKER, NULL);
}

const char *
orga_profile_picker_get_profile_id (OrgaProfilePicker *self)
{
  g_return_val_if_fail (ORGA_IS_PROFILE_PICKER (self), NULL);

  return self->profile != NULL ? self->profile->id : NULL;
}

const OrgaTargetProfile *
orga_profile_picker_get_profile (OrgaProfilePicker *self)
{
  g_return_val_if_fail (ORGA_IS_PROFILE_PICKER (self), NULL);

  return self->profile;
}

void
orga_profile_picker_set_profile_id (OrgaProfilePicker *self,
                                    const char        *profile_id)
{
  const OrgaTargetProfile *profile;
  GtkWidget *row;

  g_return_if_fail (ORGA_IS_PROFILE_PICKER (self));

  profile = profile_id != NULL ? orga_target_profile_find (profile_id) : NULL;
  if (profile == self->profile)
    return;

  /* One notification, not one per radio that changes. */
  self->updating = TRUE;
  row = find_row (self, self->profile);
  if (row != NULL)
    gtk_check_button_set_active (g_object_get_qdata (G_OBJECT (row), check_quark), FALSE);
  row = find_row (self, profile);
  if (row != NULL)
    gtk_check_button_set_active (g_object_get_qdata (G_OBJECT (row), check_quark), TRUE);
  self->updating = FALSE;

  set_profile (self, profile);
}

void
orga_profile_picker_set_search (OrgaProfilePicker *self,
                                const char        *search)
{
  g_return_if_fail (ORGA_IS_PROFILE_PICKER (self));

  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), search ? search : "");
  /* Now, not after the search entry's delay. */
  filters_changed_cb (self);
}

guint
orga_profile_picker_get_n_visible (OrgaProfilePicker *self)
{
  guint n = 0;

  g_return_val_if_fail (ORGA_IS_PROFILE_PICKER (self), 0);

  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->list_box));
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (GTK_IS_LIST_BOX_ROW (child) && gtk_widget_get_child_visible (child) &&
        g_object_get_qdata (G_OBJECT (child), profile_quark) != NULL)
      n++;

  return n;
}

void
orga_profile_picker_focus (OrgaProfilePicker *self)
{
  GtkWidget *row;

  g_return_if_fail (ORGA_IS_PROFILE_PICKER (self));

  row = find_row (self, self->profile);
  if (row != NULL && gtk_widget_get_child_visible (row))
    gtk_widget_grab_focus (g_object_get_qdata (G_OBJECT (row), check_quark));
  else
    gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
}
