/* orga-campaign-results.c
 *
 * "Résultats (n)" (spec §5.1). For an assessment: the average result and
 * stage, the distribution by result in ten bars and by stage, what each
 * stage means for the teacher, and the list of results received; a click
 * on a bar or a stage lists those students. For a profiles collection:
 * the profiles received, certifiable or not, and their list.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "orga-campaign-results"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "orga-bar-chart.h"
#include "orga-campaign-results.h"
#include "orga-campaign-util.h"
#include "orga-class-filter.h"
#include "orga-format.h"
#include "orga-result-row.h"
#include "orga-widget-util.h"
#include "orga-wrap-box.h"

typedef enum
{
  CELL_LAST_NAME,
  CELL_FIRST_NAME,
  CELL_DIVISION,
  CELL_RESULT,
  CELL_STAGE,
  CELL_ATTEMPTS,
  CELL_SHARED_AT,
  CELL_PIX,
  CELL_CERTIFIABLE,
  CELL_COMPETENCES,
} CellKind;

struct _OrgaCampaignResults
{
  AdwBin               parent_instance;

  /* template widgets */
  GtkStack            *content_stack;
  AdwStatusPage       *empty_page;
  GtkWidget           *assessment_cards;
  GtkLabel            *average_label;
  GtkWidget           *stage_card;
  GtkLabel            *stage_average_label;
  GtkLabel            *stage_average_caption;
  GtkWidget           *assessment_charts;
  OrgaBarChart        *distribution_chart;
  GtkWidget           *stages_box;
  OrgaBarChart        *stages_chart;
  GtkWidget           *stages_guide;
  GtkListBox          *stage_list;
  GtkWidget           *profiles_cards;
  GtkLabel            *profiles_label;
  GtkLabel            *certifiable_label;
  GtkLabel            *certifiable_caption;
  GtkLabel            *pix_label;
  GtkLabel            *list_heading;
  GtkSearchEntry      *search_entry;
  OrgaClassFilter     *class_filter;
  GtkDropDown         *stage_dropdown;
  GtkDropDown         *certifiable_dropdown;
  GtkButton           *bucket_button;
  GtkLabel            *bucket_label;
  GtkLabel            *count_label;
  GtkStack            *list_stack;
  GtkColumnView       *column_view;
  GtkColumnViewColumn *name_column;
  GtkColumnViewColumn *division_column;
  GtkColumnViewColumn *result_column;
  GtkColumnViewColumn *stage_column;
  GtkColumnViewColumn *attempts_column;
  GtkColumnViewColumn *shared_at_column;
  GtkColumnViewColumn *pix_column;
  GtkColumnViewColumn *certifiable_column;
  GtkColumnViewColumn *competences_column;

  /* owned */
  OrgaCampaignData    *data;
  int                  bucket;        /* -1: every result */
  int                  probed_sort;
  gboolean             updating;
};

G_DEFINE_FINAL_TYPE (OrgaCampaignResults, orga_campaign_results, ADW_TYPE_BIN)

static gboolean
is_profiles (OrgaCampaignResults *self)
{
  return self->data != NULL &&
         orga_campaign_get_campaign_type (self->data->campaign) == ORGA_CAMPAIGN_TYPE_PROFILES_COLLECTION;
}

static const OrgaTargetProfile *
get_profile (OrgaCampaignResults *self)
{
  return self->data != NULL ? self->data->profile : NULL;
}

static guint
n_stages (OrgaCampaignResults *self)
{
  const OrgaTargetProfile *profile = get_profile (self);

  return profile != NULL ? profile->n_stages : 0;
}

/* "Maîtrise fragile" for the back-to-school stages, stars for the others:
 * "★★☆" is stage 2 of 3 ("2 étoiles sur 3" read aloud). */
static char *
dup_stage_text (const OrgaTargetProfile *profile,
                guint                    stage)
{
  GString *stars;
  guint total;

  if (profile == NULL || stage >= profile->n_stages)
    return g_strdup ("–");
  if (profile->sco_stages)
    return g_strdup (profile->stages[stage].title);

  total = profile->n_stages - 1;
  stars = g_string_new (NULL);
  for (guint i = 0; i < total; i++)
    g_string_append (stars, i < stage ? "★" : "☆");
  return g_string_free (stars, FALSE);
}

/* "0–10", "11–20", …, "91–100": under the bars, where the heading says
 * they are percentages. */
static char *
dup_bucket_bar_label (guint bucket)
{
  guint low = bucket == 0 ? 0 : bucket * 10 + 1;
  guint high = (bucket + 1) * 10;

  return g_strdup_printf ("%u–%u", low, high);
}

static char *
dup_bucket_label (guint bucket)
{
  /* "0–10 %", "11–20 %", …, "91–100 %" */
  guint low = bucket == 0 ? 0 : bucket * 10 + 1;
  guint high = (bucket + 1) * 10;

  /* TRANSLATORS: a range of results, "11–20%"; French puts a narrow
   * no-break space before the sign */
  return g_strdup_printf (C_("percentage range", "%u–%u%%"), low, high);
}

/* ------------------------------------------------------------------------
 * Filters
 * ------------------------------------------------------------------------ */

static int
selected_stage (OrgaCampaignResults *self)
{
  guint selected = gtk_drop_down_get_selected (self->stage_dropdown);

  /* Item 0 is "Tous les paliers". */
  if (selected == GTK_INVALID_LIST_POSITION || selected == 0 || selected > n_stages (self))
    return -1;
  return (int)selected - 1;
}

static void
update_counts (OrgaCampaignResults *self)
{
  guint shown = self->data ? g_list_model_get_n_items (G_LIST_MODEL (self->data->results)) : 0;
  g_autofree char *count = NULL;

  if (is_profiles (self))
    count = g_strdup_printf (ngettext ("%'u profile", "%'u profiles", shown), shown);
  else
    count = g_strdup_printf (ngettext ("%'u result", "%'u results", shown), shown);

  gtk_label_set_label (self->count_label, count);
  gtk_stack_set_visible_child_name (self->list_stack, shown > 0 ? "list" : "no-results");
  orga_widget_action_set_enabled (GTK_WIDGET (self), "results.clear-filters",
                                 self->data != NULL && (self->bucket >= 0 || selected_stage (self) >= 0 ||
                                                        orga_class_filter_get_selected (self->class_filter)[0] != NULL ||
                                                        *gtk_editable_get_text (GTK_EDITABLE (self->search_entry)) != '\0' ||
                                                        gtk_drop_down_get_selected (self->certifiable_dropdown) > 0));
}

static void
apply_filters (OrgaCampaignResults *self)
{
  OrgaResultFilter filter = ORGA_RESULT_FILTER_INIT;
  int stage = selected_stage (self);
  guint certifiable;

  if (self->data == NULL)
    return;

  /* The assessment list is of results received; the profiles list shows
   * every participant, "En attente d'envoi" for those who did not send. */
  filter.statuses = is_profiles (self) ? 0 : 1u << ORGA_PARTICIPATION_SHARED;
  filter.search = gtk_editable_get_text (GTK_EDITABLE (self->search_entry));
  filter.divisions = orga_class_filter_get_selected (self->class_filter);
  filter.bucket = self->bucket;
  if (stage >= 0)
    filter.stages = 1u << stage;

  certifiable = gtk_drop_down_get_selected (self->certifiable_dropdown);
  if (is_profiles (self) && certifiable == 1)
    filter.certifiable = 1;
  else if (is_profiles (self) && certifiable == 2)
    filter.certifiable = 0;

  orga_result_list_set_filter (self->data->results, &filter);

  /* What is filtered shows on the charts too. */
  orga_bar_chart_set_selected (self->distribution_chart, self->bucket);
  orga_bar_chart_set_selected (self->stages_chart, stage);

  if (self->bucket >= 0)
    {
      g_autofree char *range = dup_bucket_label (self->bucket);
      /* TRANSLATORS: the button that removes the filter of a bar */
      g_autofree char *text = g_strdup_printf (_("Result: %s"), range);

      gtk_label_set_label (self->bucket_label, text);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->bucket_button), self->bucket >= 0);

  update_counts (self);
}

static void
filters_changed_cb (OrgaCampaignResults *self)
{
  if (self->updating)
    return;

  apply_filters (self);
}

static void
stage_selected_cb (OrgaCampaignResults *self)
{
  filters_changed_cb (self);
}

static void
clear_filters_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  OrgaCampaignResults *self = ORGA_CAMPAIGN_RESULTS (widget);

  self->updating = TRUE;
  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), "");
  orga_class_filter_clear (self->class_filter);
  gtk_drop_down_set_selected (self->stage_dropdown, 0);
  gtk_drop_down_set_selected (self->certifiable_dropdown, 0);
  self->bucket = -1;
  self->updating = FALSE;

  apply_filters (self);
}

static void
clear_bucket_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  orga_campaign_results_set_bucket (ORGA_CAMPAIGN_RESULTS (widget), -1);
}

void
orga_campaign_results_set_bucket (OrgaCampaignResults *self,
                                  int                  bucket)
{
  g_return_if_fail (ORGA_IS_CAMPAIGN_RESULTS (self));

  self->bucket = bucket >= 0 && bucket < ORGA_STATS_N_BUCKETS ? bucket : -1;
  apply_filters (self);
}

void
orga_campaign_results_set_stage (OrgaCampaignResults *self,
                                 int                  stage)
{
  g_return_if_fail (ORGA_IS_CAMPAIGN_RESULTS (self));

  if (stage < 0 || (guint)stage >= n_stages (self))
    gtk_drop_down_set_selected (self->stage_dropdown, 0);
  else
    gtk_drop_down_set_selected (self->stage_dropdown, stage + 1);
}

/* A click on a bar lists its students; a second click shows everyone. */
static void
distribution_chart_activated_cb (OrgaCampaignResults *self,
                                 guint                bar)
{
  orga_campaign_results_set_bucket (self, (int)bar == self->bucket ? -1 : (int)bar);
}

static void
stages_chart_activated_cb (OrgaCampaignResults *self,
                           guint                bar)
{
  orga_campaign_results_set_stage (self, (int)bar == selected_stage (self) ? -1 : (int)bar);
}

static void
stage_row_activated_cb (OrgaCampaignResults *self,
                        GtkListBoxRow       *row)
{
  stages_chart_activated_cb (self, (guint)gtk_list_box_row_get_index (row));
}

/* ------------------------------------------------------------------------
 * Sorting
 * ------------------------------------------------------------------------ */

static void
sorter_changed_cb (OrgaCampaignResults *self)
{
  _orga_campaign_sort_list (self->column_view, &self->probed_sort,
                            self->data ? self->data->results : NULL);
}

/* ------------------------------------------------------------------------
 * Cells
 * ------------------------------------------------------------------------ */

static void setup_last_name_cb (OrgaCampaignResults *self, GtkListItem *item) { _orga_campaign_make_kind_cell (item, CELL_LAST_NAME, 10, 18, FALSE); }
static void setup_first_name_cb (OrgaCampaignResults *self, GtkListItem *item) { _orga_campaign_make_kind_cell (item, CELL_FIRST_NAME, 6, 14, FALSE); }
static void setup_division_cb (OrgaCampaignResults *self, GtkListItem *item) { _orga_campaign_make_kind_cell (item, CELL_DIVISION, 3, 6, FALSE); }
static void setup_result_cb (OrgaCampaignResults *self, GtkListItem *item) { _orga_campaign_make_kind_cell (item, CELL_RESULT, 5, 6, TRUE); }
static void setup_stage_cb (OrgaCampaignResults *self, GtkListItem *item) { _orga_campaign_make_kind_cell (item, CELL_STAGE, 8, 24, FALSE); }
static void setup_attempts_cb (OrgaCampaignResults *self, GtkListItem *item) { _orga_campaign_make_kind_cell (item, CELL_ATTEMPTS, 2, 4, TRUE); }
static void setup_shared_at_cb (OrgaCampaignResults *self, GtkListItem *item) { _orga_campaign_make_kind_cell (item, CELL_SHARED_AT, 10, 18, TRUE); }
static void setup_pix_cb (OrgaCampaignResults *self, GtkListItem *item) { _orga_campaign_make_kind_cell (item, CELL_PIX, 3, 5, TRUE); }
static void setup_certifiable_cb (OrgaCampaignResults *self, GtkListItem *item) { _orga_campaign_make_kind_cell (item, CELL_CERTIFIABLE, 3, 5, FALSE); }
static void setup_competences_cb (OrgaCampaignResults *self, GtkListItem *item) { _orga_campaign_make_kind_cell (item, CELL_COMPETENCES, 2, 4, TRUE); }

static void
bind_cell_cb (OrgaCampaignResults *self,
              GtkListItem         *item)
{
  GtkInscription *cell = GTK_INSCRIPTION (gtk_list_item_get_child (item));
  OrgaResultRow *row = gtk_list_item_get_item (item);
  const OrgaParticipation *p = row ? orga_result_row_get_participation (row) : NULL;
  CellKind kind = _orga_campaign_cell_get_kind (GTK_WIDGET (cell));
  gboolean shared;
  g_autofree char *owned = NULL;
  const char *text = NULL;

  if (p == NULL)
    {
      gtk_inscription_set_text (cell, NULL);
      return;
    }

  shared = p->status == ORGA_PARTICIPATION_SHARED;

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
    case CELL_RESULT:
      if (shared)
        text = owned = orga_format_percent (p->mastery_rate, 0);
      break;
    case CELL_STAGE:
      if (shared)
        {
          text = owned = dup_stage_text (get_profile (self), orga_result_row_get_stage (row));
          gtk_widget_set_tooltip_text (GTK_WIDGET (cell), text);
        }
      break;
    case CELL_ATTEMPTS:
      text = owned = g_strdup_printf ("%u", orga_result_row_get_shared_attempts (row));
      break;
    case CELL_SHARED_AT:
      if (shared)
        text = owned = orga_format_date (p->shared_at, NULL);
      else
        text = _orga_campaign_status_label (ORGA_CAMPAIGN_TYPE_PROFILES_COLLECTION, p->status);
      break;
    case CELL_PIX:
      if (shared)
        text = owned = g_strdup_printf ("%u", p->pix_score);
      break;
    case CELL_CERTIFIABLE:
      if (shared && p->is_certifiable >= 0)
        text = _orga_campaign_yes_no (p->is_certifiable > 0);
      break;
    case CELL_COMPETENCES:
      if (shared)
        text = owned = g_strdup_printf ("%u", orga_stats_certifiable_competences (p));
      break;
    default:
      g_assert_not_reached ();
    }

  gtk_inscription_set_text (cell, text != NULL && *text != '\0' ? text : "–");
}

static void
row_activated_cb (OrgaCampaignResults *self,
                  guint                position)
{
  _orga_campaign_activate_row (GTK_WIDGET (self), self->data ? self->data->results : NULL, position);
}

/* ------------------------------------------------------------------------
 * Data
 * ------------------------------------------------------------------------ */

static void
update_assessment (OrgaCampaignResults *self)
{
  OrgaCampaignData *data = self->data;
  const OrgaTargetProfile *profile = get_profile (self);
  guint shared = data->status_counts[ORGA_PARTICIPATION_SHARED];
  OrgaChartBar bars[ORGA_STATS_N_BUCKETS];
  g_autofree char *average = orga_format_percent (data->average_mastery, 0);
  g_auto(GStrv) bucket_labels = g_new0 (char *, ORGA_STATS_N_BUCKETS + 1);
  GtkWidget *child;

  gtk_label_set_label (self->average_label, average);

  for (guint i = 0; i < ORGA_STATS_N_BUCKETS; i++)
    {
      bucket_labels[i] = dup_bucket_bar_label (i);
      bars[i] = (OrgaChartBar) { bucket_labels[i], data->buckets[i], NULL };
    }
  orga_bar_chart_set_bars (self->distribution_chart, bars, ORGA_STATS_N_BUCKETS);

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->stage_list))) != NULL)
    gtk_list_box_remove (self->stage_list, child);

  gtk_widget_set_visible (self->stage_card, profile != NULL && profile->n_stages > 0);
  gtk_widget_set_visible (self->stages_box, profile != NULL && profile->n_stages > 0);
  gtk_widget_set_visible (self->stages_guide, profile != NULL && profile->n_stages > 0);

  if (profile == NULL || profile->n_stages == 0)
    {
      orga_bar_chart_set_bars (self->stages_chart, NULL, 0);
      return;
    }

  /* "1,8 sur 3": the average reached stage, the zero stage counting 0,
   * and the stage it is closest to. */
  if (!isnan (data->average_stage))
    {
      g_autofree char *number = orga_format_decimal (data->average_stage, 1);
      /* TRANSLATORS: the average stage, "1.8 out of 3" */
      g_autofree char *text = g_strdup_printf (_("%s out of %u"), number, profile->n_stages - 1);
      guint nearest = MIN ((guint)lround (data->average_stage), profile->n_stages - 1);
      g_autofree char *nearest_text = dup_stage_text (profile, nearest);
      /* TRANSLATORS: the caption of the average stage, with the stage it
       * is closest to: "Average stage, close to “Maîtrise satisfaisante”" */
      g_autofree char *caption = g_strdup_printf (_("Average stage, close to “%s”"), nearest_text);

      gtk_label_set_label (self->stage_average_label, text);
      gtk_label_set_label (self->stage_average_caption, caption);
    }
  else
    {
      gtk_label_set_label (self->stage_average_label, "–");
      gtk_label_set_label (self->stage_average_caption, _("Average stage"));
    }

  {
    g_autofree OrgaChartBar *stage_bars = g_new0 (OrgaChartBar, profile->n_stages);
    g_autoptr(GPtrArray) texts = g_ptr_array_new_with_free_func (g_free);

    for (guint i = 0; i < profile->n_stages; i++)
      {
        char *title = dup_stage_text (profile, i);
        g_autofree char *stars_title = NULL;
        const char *label = title;
        guint count = data->stage_counts[i];
        g_autofree char *percent = orga_format_percent (shared > 0 ? (double)count / shared : NAN, 0);
        /* TRANSLATORS: a stage's row: "12 students · 25 %" */
        g_autofree char *suffix_text = g_strdup_printf (ngettext ("%'u student · %s", "%'u students · %s", count),
                                                        count, percent);
        GtkWidget *row = adw_action_row_new ();
        GtkWidget *suffix = gtk_label_new (suffix_text);

        g_ptr_array_add (texts, title);

        /* Stars alone are not a label for the chart: "★★☆ (2 étoiles)". */
        if (!profile->sco_stages)
          {
            stars_title = g_strdup_printf (ngettext ("%s (%u star)", "%s (%u stars)", i), title, i);
            label = stars_title;
            g_ptr_array_add (texts, g_steal_pointer (&stars_title));
          }

        stage_bars[i] = (OrgaChartBar) { label, count, NULL };

        adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), label);
        adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
        if (profile->stages[i].message != NULL && *profile->stages[i].message != '\0')
          adw_action_row_set_subtitle (ADW_ACTION_ROW (row), profile->stages[i].message);
        adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 0);
        gtk_widget_add_css_class (suffix, "dim-label");
        gtk_widget_add_css_class (suffix, "numeric");
        adw_action_row_add_suffix (ADW_ACTION_ROW (row), suffix);
        gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
        gtk_widget_set_tooltip_text (row, _("List the students at this stage"));
        gtk_list_box_append (self->stage_list, row);
      }

    orga_bar_chart_set_bars (self->stages_chart, stage_bars, profile->n_stages);
  }
}

static void
update_profiles (OrgaCampaignResults *self)
{
  OrgaParticipationSet *set = self->data->participations;
  guint n = orga_participation_set_get_n (set);
  guint shared = 0;
  guint certifiable = 0;
  guint64 pix = 0;
  g_autofree char *shared_text = NULL;
  g_autofree char *certifiable_text = NULL;
  g_autofree char *certifiable_caption = NULL;
  g_autofree char *pix_text = NULL;
  g_autofree char *percent = NULL;

  for (guint i = 0; i < n; i++)
    {
      const OrgaParticipation *p = orga_participation_set_get (set, i);

      if (p->is_improved || p->status != ORGA_PARTICIPATION_SHARED)
        continue;
      shared++;
      pix += p->pix_score;
      if (p->is_certifiable > 0)
        certifiable++;
    }

  shared_text = g_strdup_printf ("%'u", shared);
  certifiable_text = g_strdup_printf ("%'u", certifiable);
  percent = orga_format_percent (shared > 0 ? (double)certifiable / shared : NAN, 0);
  /* TRANSLATORS: the caption of the count of certifiable profiles: "Certifiable (42 %)" */
  certifiable_caption = g_strdup_printf (_("Certifiable (%s of the profiles)"), percent);
  pix_text = shared > 0 ? g_strdup_printf ("%'u", (guint)((pix + shared / 2) / shared)) : g_strdup ("–");

  gtk_label_set_label (self->profiles_label, shared_text);
  gtk_label_set_label (self->certifiable_label, certifiable_text);
  gtk_label_set_label (self->certifiable_caption, certifiable_caption);
  gtk_label_set_label (self->pix_label, pix_text);
}

static void
fill_stage_choices (OrgaCampaignResults *self)
{
  const OrgaTargetProfile *profile = get_profile (self);
  g_autoptr(GtkStringList) labels = gtk_string_list_new (NULL);

  gtk_string_list_append (labels, _("All stages"));
  for (guint i = 0; profile != NULL && i < profile->n_stages; i++)
    {
      g_autofree char *text = dup_stage_text (profile, i);

      gtk_string_list_append (labels, text);
    }

  gtk_drop_down_set_model (self->stage_dropdown, G_LIST_MODEL (labels));
  gtk_drop_down_set_selected (self->stage_dropdown, 0);
}

static void
update (OrgaCampaignResults *self)
{
  OrgaCampaignData *data = self->data;
  gboolean profiles = is_profiles (self);
  gboolean multiple = data != NULL && orga_campaign_get_multiple_sendings (data->campaign);
  gboolean stages = n_stages (self) > 0;
  guint shared = data ? data->status_counts[ORGA_PARTICIPATION_SHARED] : 0;

  if (data == NULL || shared == 0)
    {
      adw_status_page_set_description (self->empty_page,
                                       profiles ? _("The profiles will show here as the students send them with “J’envoie mon profil”.")
                                                : _("The results will show here as the students send them with “J’envoie mes résultats” at the end of the test."));
      gtk_stack_set_visible_child_name (self->content_stack, "empty");
    }
  else
    {
      gtk_stack_set_visible_child_name (self->content_stack, "content");
    }

  gtk_widget_set_visible (self->assessment_cards, !profiles);
  gtk_widget_set_visible (self->assessment_charts, !profiles);
  gtk_widget_set_visible (self->profiles_cards, profiles);
  gtk_label_set_label (self->list_heading, profiles ? _("Profiles Received") : _("Results Received"));

  if (data != NULL && !profiles)
    update_assessment (self);
  else
    gtk_widget_set_visible (self->stages_guide, FALSE);
  if (data != NULL && profiles)
    update_profiles (self);

  /* Each kind shows its own columns and filters. */
  gtk_column_view_column_set_visible (self->result_column, !profiles);
  gtk_column_view_column_set_visible (self->stage_column, !profiles && stages);
  gtk_column_view_column_set_visible (self->attempts_column, multiple);
  gtk_column_view_column_set_title (self->attempts_column,
                                    profiles ? C_("column title", "Profiles Sent") : C_("column title", "Results Sent"));
  gtk_column_view_column_set_visible (self->shared_at_column, profiles);
  gtk_column_view_column_set_visible (self->pix_column, profiles);
  gtk_column_view_column_set_visible (self->certifiable_column, profiles);
  gtk_column_view_column_set_visible (self->competences_column, profiles);
  gtk_widget_set_visible (GTK_WIDGET (self->stage_dropdown), !profiles && stages);
  gtk_widget_set_visible (GTK_WIDGET (self->certifiable_dropdown), profiles);

  self->updating = TRUE;
  self->bucket = -1;
  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), "");
  gtk_drop_down_set_selected (self->certifiable_dropdown, 0);
  orga_class_filter_set_divisions (self->class_filter,
                                   data ? orga_result_list_get_divisions (data->results) : NULL);
  fill_stage_choices (self);
  self->updating = FALSE;

  _orga_campaign_column_view_set_list (self->column_view, data ? data->results : NULL);

  sorter_changed_cb (self);
  apply_filters (self);
  update_counts (self);
}

/* ------------------------------------------------------------------------
 * GObject
 * ------------------------------------------------------------------------ */

static void
orga_campaign_results_dispose (GObject *object)
{
  OrgaCampaignResults *self = ORGA_CAMPAIGN_RESULTS (object);

  _orga_campaign_list_tab_dispose (ADW_BIN (self), ORGA_TYPE_CAMPAIGN_RESULTS, self->column_view, &self->data);

  G_OBJECT_CLASS (orga_campaign_results_parent_class)->dispose (object);
}

static void
orga_campaign_results_class_init (OrgaCampaignResultsClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = orga_campaign_results_dispose;

  g_type_ensure (ORGA_TYPE_BAR_CHART);
  g_type_ensure (ORGA_TYPE_CLASS_FILTER);

  g_type_ensure (ORGA_TYPE_WRAP_BOX);
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/pixorga/PixOrga/ui/orga-campaign-results.ui");
  gtk_widget_class_bind_template_child (widget_class, OrgaCampaignResults, content_stack);
  gtk_widget_class_bind_template_child (widget_class, OrgaCampaignResults, empty_page);
  gtk_widget_class_bind_template_child (widget_class, OrgaCampaignResults, assessment_cards);
  gtk_widget_class_bind_template_child (widget_class, OrgaCampaignResults, average_label);
  gtk_widget_class_bind_template_child (widget_class, OrgaCampaignResults, stage_card);
  gtk_widget_class_bind_template_child (widget_class, OrgaCampaignResults, stage_average_label);
  gtk_widget_class_bind_template_child (widget_class, OrgaCampaignResults, stage_average_caption);
  gtk_widget_class_bind_template_child (widget_class, OrgaCampaignResults, assessment_charts);
  gtk_widget_class_bind_template_child (widget_class, OrgaCampaignResults, distribution_chart);
  gtk_widget_class_bind_template_child (widget_class, OrgaCampaignResults, stages_box);
  gtk_widget_class_bind_template_child (widget_class, OrgaCampaignResults, stages_chart);
  gtk_widget_class_bind_template_child (widget_class, OrgaCampaignResults, stages_guide);
  gtk_widget_class_bind_template_child (widget_class, OrgaCampaignResults, stage_list);
  gtk_widget_class_bind_template_child (widget_class, OrgaCampaignResults, profiles_cards);
  gtk_widget_class_bind_template_child (widget_class, OrgaCampaignResults, profiles_label);
  gtk_widget_class_bind_template_child (widget_class, OrgaCampaignResults, certifiable_label);
  gtk_widget_class_bind_template_child (widget_class, OrgaCampaignResults, certifiable_caption);
  gtk_widget_class_bind_template_child (widget_class, OrgaCampaignResults, pix_label);
  gtk_widget_class_bind_template_child (widget_class, OrgaCampaignResults, list_heading);
  gtk_widget_class_bind_template_child (widget_class, OrgaCampaignResults, search_entry);
  gtk_widget_class_bind_template_child (widget_class, OrgaCampaignResults, class_filter);
  gtk_widget_class_bind_template_child (widget_class, OrgaCampaignResults, stage_dropdown);
  gtk_widget_class_bind_template_child (widget_class, OrgaCampaignResults, certifiable_dropdown);
  gtk_widget_class_bind_template_child (widget_class, OrgaCampaignResults, bucket_button);
  gtk_widget_class_bind_template_child (widget_class, OrgaCampaignResults, bucket_label);
  gtk_widget_class_bind_template_child (widget_class, OrgaCampaignResults, count_label);
  gtk_widget_class_bind_template_child (widget_class, OrgaCampaignResults, list_stack);
  gtk_widget_class_bind_template_child (widget_class, OrgaCampaignResults, column_view);
  gtk_widget_class_bind_template_child (widget_class, OrgaCampaignResults, name_column);
  gtk_widget_class_bind_template_child (widget_class, OrgaCampaignResults, division_column);
  gtk_widget_class_bind_template_child (widget_class, OrgaCampaignResults, result_column);
  gtk_widget_class_bind_template_child (widget_class, OrgaCampaignResults, stage_column);
  gtk_widget_class_bind_template_child (widget_class, OrgaCampaignResults, attempts_column);
  gtk_widget_class_bind_template_child (widget_class, OrgaCampaignResults, shared_at_column);
  gtk_widget_class_bind_template_child (widget_class, OrgaCampaignResults, pix_column);
  gtk_widget_class_bind_template_child (widget_class, OrgaCampaignResults, certifiable_column);
  gtk_widget_class_bind_template_child (widget_class, OrgaCampaignResults, competences_column);
  gtk_widget_class_bind_template_callback (widget_class, filters_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, stage_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, distribution_chart_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, stages_chart_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, stage_row_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, row_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, setup_last_name_cb);
  gtk_widget_class_bind_template_callback (widget_class, setup_first_name_cb);
  gtk_widget_class_bind_template_callback (widget_class, setup_division_cb);
  gtk_widget_class_bind_template_callback (widget_class, setup_result_cb);
  gtk_widget_class_bind_template_callback (widget_class, setup_stage_cb);
  gtk_widget_class_bind_template_callback (widget_class, setup_attempts_cb);
  gtk_widget_class_bind_template_callback (widget_class, setup_shared_at_cb);
  gtk_widget_class_bind_template_callback (widget_class, setup_pix_cb);
  gtk_widget_class_bind_template_callback (widget_class, setup_certifiable_cb);
  gtk_widget_class_bind_template_callback (widget_class, setup_competences_cb);
  gtk_widget_class_bind_template_callback (widget_class, bind_cell_cb);

  gtk_widget_class_install_action (widget_class, "results.clear-filters", NULL, clear_filters_action);
  gtk_widget_class_install_action (widget_class, "results.clear-bucket", NULL, clear_bucket_action);
}

static void
orga_campaign_results_init (OrgaCampaignResults *self)
{
  self->bucket = -1;
  self->probed_sort = -1;

  gtk_widget_init_template (GTK_WIDGET (self));

  orga_bar_chart_set_orientation (self->distribution_chart, GTK_ORIENTATION_VERTICAL);
  orga_bar_chart_set_value_format (self->distribution_chart, ORGA_BAR_VALUE_FORMAT_COUNT);
  orga_bar_chart_set_orientation (self->stages_chart, GTK_ORIENTATION_HORIZONTAL);
  orga_bar_chart_set_value_format (self->stages_chart, ORGA_BAR_VALUE_FORMAT_COUNT);

  _orga_campaign_column_set_probe (self->name_column, ORGA_RESULT_SORT_NAME, &self->probed_sort);
  _orga_campaign_column_set_probe (self->division_column, ORGA_RESULT_SORT_DIVISION, &self->probed_sort);
  _orga_campaign_column_set_probe (self->result_column, ORGA_RESULT_SORT_RESULT, &self->probed_sort);
  _orga_campaign_column_set_probe (self->stage_column, ORGA_RESULT_SORT_RESULT, &self->probed_sort);
  _orga_campaign_column_set_probe (self->attempts_column, ORGA_RESULT_SORT_ATTEMPTS, &self->probed_sort);
  _orga_campaign_column_set_probe (self->shared_at_column, ORGA_RESULT_SORT_SHARED_AT, &self->probed_sort);
  _orga_campaign_column_set_probe (self->pix_column, ORGA_RESULT_SORT_PIX, &self->probed_sort);
  gtk_column_view_sort_by_column (self->column_view, self->name_column, GTK_SORT_ASCENDING);
  g_signal_connect_object (gtk_column_view_get_sorter (self->column_view), "changed",
                           G_CALLBACK (sorter_changed_cb), self, G_CONNECT_SWAPPED);

  update (self);
}

void
orga_campaign_results_set_data (OrgaCampaignResults *self,
                                OrgaCampaignData    *data)
{
  g_return_if_fail (ORGA_IS_CAMPAIGN_RESULTS (self));

  if (_orga_campaign_data_replace (&self->data, data))
    update (self);
}
