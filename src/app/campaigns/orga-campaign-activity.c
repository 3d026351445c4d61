/* orga-campaign-activity.c
 *
 * "Activité": how many started and how many sent their results, day by
 * day and by status, and the list of participants with their status,
 * filtered by class, status and name (spec §4.4).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "orga-campaign-activity"

#include "config.h"

#include <glib/gi18n.h>

#include "orga-campaign-activity.h"
#include "orga-campaign-util.h"
#include "orga-class-filter.h"
#include "orga-pie-chart.h"
#include "orga-result-row.h"
#include "orga-timeline-chart.h"
#include "orga-widget-util.h"
#include "orga-wrap-box.h"

typedef enum
{
  CELL_LAST_NAME,
  CELL_FIRST_NAME,
  CELL_DIVISION,
  CELL_STATUS,
  CELL_ATTEMPTS,
} CellKind;

struct _OrgaCampaignActivity
{
  AdwBin               parent_instance;

  /* template widgets */
  GtkStack            *content_stack;
  AdwStatusPage       *empty_page;
  GtkLabel            *total_label;
  GtkLabel            *shared_label;
  GtkLabel            *shared_caption;
  OrgaTimelineChart   *timeline;
  OrgaPieChart        *pie;
  GtkSearchEntry      *search_entry;
  OrgaClassFilter     *class_filter;
  GtkDropDown         *status_dropdown;
  GtkLabel            *count_label;
  GtkStack            *list_stack;
  GtkColumnView       *column_view;
  GtkColumnViewColumn *name_column;
  GtkColumnViewColumn *division_column;
  GtkColumnViewColumn *status_column;
  GtkColumnViewColumn *attempts_column;
  GtkColumnViewColumn *delete_column;

  /* owned */
  OrgaCampaignData    *data;
  GArray              *status_choices;   /* guint: status mask per dropdown item */
  int                  probed_sort;
  gboolean             updating;
};

G_DEFINE_FINAL_TYPE (OrgaCampaignActivity, orga_campaign_activity, ADW_TYPE_BIN)

/* ------------------------------------------------------------------------
 * Filters
 * ------------------------------------------------------------------------ */

static OrgaCampaignType
campaign_type (OrgaCampaignActivity *self)
{
  return self->data != NULL ? orga_campaign_get_campaign_type (self->data->campaign)
                            : ORGA_CAMPAIGN_TYPE_ASSESSMENT;
}

static void
update_counts (OrgaCampaignActivity *self)
{
  guint shown = self->data ? g_list_model_get_n_items (G_LIST_MODEL (self->data->participants)) : 0;
  g_autofree char *count = g_strdup_printf (ngettext ("%'u participant", "%'u participants", shown), shown);

  gtk_label_set_label (self->count_label, count);
  gtk_stack_set_visible_child_name (self->list_stack, shown > 0 ? "list" : "no-results");
  orga_widget_action_set_enabled (GTK_WIDGET (self), "activity.clear-filters",
                                 self->data != NULL && orga_result_list_get_filtered (self->data->participants));
}

static void
apply_filters (OrgaCampaignActivity *self)
{
  OrgaResultFilter filter = ORGA_RESULT_FILTER_INIT;
  guint selected;

  if (self->data == NULL)
    return;

  filter.search = gtk_editable_get_text (GTK_EDITABLE (self->search_entry));
  filter.divisions = orga_class_filter_get_selected (self->class_filter);
  selected = gtk_drop_down_get_selected (self->status_dropdown);
  if (selected != GTK_INVALID_LIST_POSITION && selected < self->status_choices->len)
    filter.statuses = g_array_index (self->status_choices, guint, selected);

  orga_result_list_set_filter (self->data->participants, &filter);
  update_counts (self);
}

static void
filters_changed_cb (OrgaCampaignActivity *self)
{
  if (self->updating)
    return;

  apply_filters (self);
}

static void
clear_filters_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  OrgaCampaignActivity *self = ORGA_CAMPAIGN_ACTIVITY (widget);

  /* One filtering for all the filters. */
  self->updating = TRUE;
  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), "");
  orga_class_filter_clear (self->class_filter);
  gtk_drop_down_set_selected (self->status_dropdown, 0);
  self->updating = FALSE;

  apply_filters (self);
}

/* "Tous les statuts", then the statuses this kind of campaign has. */
static void
fill_status_choices (OrgaCampaignActivity *self)
{
  OrgaCampaignType type = campaign_type (self);
  g_autoptr(GtkStringList) labels = gtk_string_list_new (NULL);
  guint all = 0;

  g_array_set_size (self->status_choices, 0);
  gtk_string_list_append (labels, _("All statuses"));
  g_array_append_val (self->status_choices, all);

  for (OrgaParticipationStatus s = ORGA_PARTICIPATION_STARTED; s <= ORGA_PARTICIPATION_SHARED; s++)
    {
      guint mask = 1u << s;

      /* Profiles collections have no "En cours". */
      if (s == ORGA_PARTICIPATION_STARTED && type == ORGA_CAMPAIGN_TYPE_PROFILES_COLLECTION)
        continue;

      gtk_string_list_append (labels, _orga_campaign_status_label (type, s));
      g_array_append_val (self->status_choices, mask);
    }

  gtk_drop_down_set_model (self->status_dropdown, G_LIST_MODEL (labels));
  gtk_drop_down_set_selected (self->status_dropdown, 0);
}

/* ------------------------------------------------------------------------
 * Sorting
 * ------------------------------------------------------------------------ */

static void
sorter_changed_cb (OrgaCampaignActivity *self)
{
  _orga_campaign_sort_list (self->column_view, &self->probed_sort,
                            self->data ? self->data->participants : NULL);
}

/* ------------------------------------------------------------------------
 * Cells
 * ------------------------------------------------------------------------ */

static void
setup_last_name_cb (OrgaCampaignActivity *self, GtkListItem *item)
{
  _orga_campaign_make_kind_cell (item, CELL_LAST_NAME, 10, 18, FALSE);
}

static void
setup_first_name_cb (OrgaCampaignActivity *self, GtkListItem *item)
{
  _orga_campaign_make_kind_cell (item, CELL_FIRST_NAME, 6, 14, FALSE);
}

static void
setup_division_cb (OrgaCampaignActivity *self, GtkListItem *item)
{
  _orga_campaign_make_kind_cell (item, CELL_DIVISION, 3, 6, FALSE);
}

static void
setup_status_cb (OrgaCampaignActivity *self, GtkListItem *item)
{
  _orga_campaign_make_kind_cell (item, CELL_STATUS, 12, 18, FALSE);
}

static void
setup_attempts_cb (OrgaCampaignActivity *self, GtkListItem *item)
{
  _orga_campaign_make_kind_cell (item, CELL_ATTEMPTS, 2, 4, TRUE);
}

/* Pix Orga's bin icon at the end of the row: the campaign page asks for
 * the confirmation ("campaign.delete-participation"). */
static void
setup_delete_cb (OrgaCampaignActivity *self, GtkListItem *item)
{
  GtkWidget *button = gtk_button_new_from_icon_name ("user-trash-symbolic");

  gtk_widget_add_css_class (button, "flat");
  gtk_widget_set_tooltip_text (button, _("Delete the Participation"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Delete the Participation"), -1);
  /* A target of the action's type before its name, or GTK warns. */
  gtk_actionable_set_action_target (GTK_ACTIONABLE (button), "u", 0);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "campaign.delete-participation");
  gtk_list_item_set_child (item, button);
}

static void
bind_delete_cb (OrgaCampaignActivity *self, GtkListItem *item)
{
  OrgaResultRow *row = gtk_list_item_get_item (item);

  if (row != NULL)
    gtk_actionable_set_action_target (GTK_ACTIONABLE (gtk_list_item_get_child (item)), "u",
                                      orga_result_row_get_index (row));
}

static void
bind_cell_cb (OrgaCampaignActivity *self,
              GtkListItem          *item)
{
  GtkInscription *cell = GTK_INSCRIPTION (gtk_list_item_get_child (item));
  OrgaResultRow *row = gtk_list_item_get_item (item);
  const OrgaParticipation *p = row ? orga_result_row_get_participation (row) : NULL;
  CellKind kind = _orga_campaign_cell_get_kind (GTK_WIDGET (cell));
  g_autofree char *owned = NULL;
  const char *text = NULL;

  if (p == NULL)
    {
      gtk_inscription_set_text (cell, NULL);
      return;
    }

  switch (kind)
    {
    case CELL_LAST_NAME:
      text = p->last_name;
      gtk_widget_set_tooltip_text (GTK_WIDGET (cell), text);
      break;
    case CELL_FIRST_NAME:
      text = p->first_name;
      gtk_widget_set_tooltip_text (GTK_WIDGET (cell), text);
      break;
    case CELL_DIVISION:
      text = p->division;
      break;
    case CELL_STATUS:
      text = _orga_campaign_status_label (campaign_type (self), p->status);
      break;
    case CELL_ATTEMPTS:
      /* The latest attempt's number is how many there were. */
      text = owned = g_strdup_printf ("%u", MAX (p->attempt, 1));
      break;
    default:
      g_assert_not_reached ();
    }

  gtk_inscription_set_text (cell, text != NULL && *text != '\0' ? text : "–");
}

static void
row_activated_cb (OrgaCampaignActivity *self,
                  guint                 position)
{
  _orga_campaign_activate_row (GTK_WIDGET (self), self->data ? self->data->participants : NULL, position);
}

/* ------------------------------------------------------------------------
 * Data
 * ------------------------------------------------------------------------ */

static void
update_charts (OrgaCampaignActivity *self)
{
  OrgaCampaignData *data = self->data;
  OrgaCampaignType type = campaign_type (self);
  const char *shared_label = type == ORGA_CAMPAIGN_TYPE_PROFILES_COLLECTION ? _("Profiles received")
                                                                             : _("Results received");
  OrgaChartSlice slices[3];
  guint n_slices = 0;

  orga_timeline_chart_set_labels (self->timeline, _("Total participants"), shared_label);
  if (data != NULL && data->activity != NULL)
    orga_timeline_chart_set_data (self->timeline, data->activity->days, data->activity->total,
                                  data->activity->shared, data->activity->n_days);
  else
    orga_timeline_chart_set_data (self->timeline, NULL, NULL, NULL, 0);

  if (data != NULL)
    {
      if (type != ORGA_CAMPAIGN_TYPE_PROFILES_COLLECTION)
        slices[n_slices++] = (OrgaChartSlice) { _("In progress"), data->status_counts[ORGA_PARTICIPATION_STARTED] };
      slices[n_slices++] = (OrgaChartSlice) { _("Waiting to be sent"), data->status_counts[ORGA_PARTICIPATION_TO_SHARE] };
      slices[n_slices++] = (OrgaChartSlice) { shared_label, data->status_counts[ORGA_PARTICIPATION_SHARED] };
    }
  orga_pie_chart_set_slices (self->pie, slices, n_slices);
}

static void
update (OrgaCampaignActivity *self)
{
  OrgaCampaignData *data = self->data;
  OrgaCampaignType type = campaign_type (self);
  g_autofree char *total = NULL;
  g_autofree char *shared = NULL;
  g_autofree char *empty = NULL;

  total = g_strdup_printf ("%'u", data ? data->n_participants : 0);
  shared = g_strdup_printf ("%'u", data ? data->status_counts[ORGA_PARTICIPATION_SHARED] : 0);
  gtk_label_set_label (self->total_label, total);
  gtk_label_set_label (self->shared_label, shared);
  gtk_label_set_label (self->shared_caption, type == ORGA_CAMPAIGN_TYPE_PROFILES_COLLECTION
                                             ? _("Profiles received") : _("Results received"));

  if (data != NULL)
    {
      /* TRANSLATORS: the empty Activité tab; %s is the campaign code */
      empty = g_strdup_printf (_("Give the code %s to the students: they enter it on Pix (app.pix.fr, “J’ai un code”). Their participations will show here as they start."),
                               orga_campaign_get_code (data->campaign));
      adw_status_page_set_description (self->empty_page, empty);
    }

  gtk_stack_set_visible_child_name (self->content_stack,
                                    data != NULL && data->n_participants > 0 ? "content" : "empty");

  update_charts (self);

  self->updating = TRUE;
  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), "");
  orga_class_filter_set_divisions (self->class_filter,
                                   data ? orga_result_list_get_divisions (data->participants) : NULL);
  fill_status_choices (self);
  self->updating = FALSE;

  gtk_column_view_column_set_visible (self->attempts_column,
                                      data != NULL && orga_campaign_get_multiple_sendings (data->campaign));

  _orga_campaign_column_view_set_list (self->column_view, data ? data->participants : NULL);

  sorter_changed_cb (self);
  apply_filters (self);
  update_counts (self);
}

/* ------------------------------------------------------------------------
 * GObject
 * ------------------------------------------------------------------------ */

static void
orga_campaign_activity_dispose (GObject *object)
{
  OrgaCampaignActivity *self = ORGA_CAMPAIGN_ACTIVITY (object);

  _orga_campaign_list_tab_dispose (ADW_BIN (self), ORGA_TYPE_CAMPAIGN_ACTIVITY, self->column_view, &self->data);

  G_OBJECT_CLASS (orga_campaign_activity_parent_class)->dispose (object);
}

static void
orga_campaign_activity_finalize (GObject *object)
{
  OrgaCampaignActivity *self = ORGA_CAMPAIGN_ACTIVITY (object);

  g_clear_pointer (&self->status_choices, g_array_unref);

  G_OBJECT_CLASS (orga_campaign_activity_parent_class)->finalize (object);
}

static void
orga_campaign_activity_class_init (OrgaCampaignActivityClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = orga_campaign_activity_dispose;
  object_class->finalize = orga_campaign_activity_finalize;

  g_type_ensure (ORGA_TYPE_CLASS_FILTER);
  g_type_ensure (ORGA_TYPE_PIE_CHART);
  g_type_ensure (ORGA_TYPE_TIMELINE_CHART);

  g_type_ensure (ORGA_TYPE_WRAP_BOX);
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/pixorga/PixOrga/ui/orga-campaign-activity.ui");
  gtk_widget_class_bind_template_child (widget_class, OrgaCampaignActivity, content_stack);
  gtk_widget_class_bind_template_child (widget_class, OrgaCampaignActivity, empty_page);
  gtk_widget_class_bind_template_child (widget_class, OrgaCampaignActivity, total_label);
  gtk_widget_class_bind_template_child (widget_class, OrgaCampaignActivity, shared_label);
  gtk_widget_class_bind_template_child (widget_class, OrgaCampaignActivity, shared_caption);
  gtk_widget_class_bind_template_child (widget_class, OrgaCampaignActivity, timeline);
  gtk_widget_class_bind_template_child (widget_class, OrgaCampaignActivity, pie);
  gtk_widget_class_bind_template_child (widget_class, OrgaCampaignActivity, search_entry);
  gtk_widget_class_bind_template_child (widget_class, OrgaCampaignActivity, class_filter);
  gtk_widget_class_bind_template_child (widget_class, OrgaCampaignActivity, status_dropdown);
  gtk_widget_class_bind_template_child (widget_class, OrgaCampaignActivity, count_label);
  gtk_widget_class_bind_template_child (widget_class, OrgaCampaignActivity, list_stack);
  gtk_widget_class_bind_template_child (widget_class, OrgaCampaignActivity, column_view);
  gtk_widget_class_bind_template_child (widget_class, OrgaCampaignActivity, name_column);
  gtk_widget_class_bind_template_child (widget_class, OrgaCampaignActivity, division_column);
  gtk_widget_class_bind_template_child (widget_class, OrgaCampaignActivity, status_column);
  gtk_widget_class_bind_template_child (widget_class, OrgaCampaignActivity, attempts_column);
  gtk_widget_class_bind_template_child (widget_class, OrgaCampaignActivity, delete_column);
  gtk_widget_class_bind_template_callback (widget_class, setup_delete_cb);
  gtk_widget_class_bind_template_callback (widget_class, bind_delete_cb);
  gtk_widget_class_bind_template_callback (widget_class, filters_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, row_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, setup_last_name_cb);
  gtk_widget_class_bind_template_callback (widget_class, setup_first_name_cb);
  gtk_widget_class_bind_template_callback (widget_class, setup_division_cb);
  gtk_widget_class_bind_template_callback (widget_class, setup_status_cb);
  gtk_widget_class_bind_template_callback (widget_class, setup_attempts_cb);
  gtk_widget_class_bind_template_callback (widget_class, bind_cell_cb);

  gtk_widget_class_install_action (widget_class, "activity.clear-filters", NULL, clear_filters_action);
}

static void
orga_campaign_activity_init (OrgaCampaignActivity *self)
{
  self->status_choices = g_array_new (FALSE, FALSE, sizeof (guint));
  self->probed_sort = -1;

  gtk_widget_init_template (GTK_WIDGET (self));

  _orga_campaign_column_set_probe (self->name_column, ORGA_RESULT_SORT_NAME, &self->probed_sort);
  _orga_campaign_column_set_probe (self->division_column, ORGA_RESULT_SORT_DIVISION, &self->probed_sort);
  _orga_campaign_column_set_probe (self->status_column, ORGA_RESULT_SORT_STATUS, &self->probed_sort);
  _orga_campaign_column_set_probe (self->attempts_column, ORGA_RESULT_SORT_ATTEMPTS, &self->probed_sort);
  gtk_column_view_sort_by_column (self->column_view, self->name_column, GTK_SORT_ASCENDING);
  g_signal_connect_object (gtk_column_view_get_sorter (self->column_view), "changed",
                           G_CALLBACK (sorter_changed_cb), self, G_CONNECT_SWAPPED);

  update (self);
}

void
orga_campaign_activity_set_data (OrgaCampaignActivity *self,
                                 OrgaCampaignData     *data)
{
  g_return_if_fail (ORGA_IS_CAMPAIGN_ACTIVITY (self));

  if (_orga_campaign_data_replace (&self->data, data))
    update (self);
}

/* Whether the rows offer "Supprimer la participation" (spec §4.1). */
void
orga_campaign_activity_set_can_delete (OrgaCampaignActivity *self,
                                       gboolean              can_delete)
{
  g_return_if_fail (ORGA_IS_CAMPAIGN_ACTIVITY (self));

  gtk_column_view_column_set_visible (self->delete_column, can_delete);
}
