/* orga-campaign-analysis.c
 *
 * "Analyse" (spec §5.2): each sujet of the target profile with Pix's
 * relevance — the sujets the participants master least first, to be
 * worked on in class — and the average result per competence as bars in
 * the colours of the areas.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "orga-campaign-analysis"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "orga-bar-chart.h"
#include "orga-campaign-analysis.h"
#include "orga-campaign-util.h"

/* ------------------------------------------------------------------------
 * A sujet's row: few (the profile's sujets), made once per campaign.
 * ------------------------------------------------------------------------ */

#define ORGA_TYPE_TUBE_ROW (orga_tube_row_get_type ())
G_DECLARE_FINAL_TYPE (OrgaTubeRow, orga_tube_row, ORGA, TUBE_ROW, GObject)

struct _OrgaTubeRow
{
  GObject        parent_instance;

  guint          tube;        /* position in the profile */
  const OrgaTube *framework_tube;
  double         score;
  OrgaRelevance  relevance;
};

G_DEFINE_FINAL_TYPE (OrgaTubeRow, orga_tube_row, G_TYPE_OBJECT)

enum {
  ROW_PROP_0,
  ROW_PROP_TUBE,
  ROW_N_PROPS
};

static void
orga_tube_row_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  switch (prop_id)
    {
    case ROW_PROP_TUBE:
      g_value_set_uint (value, ORGA_TUBE_ROW (object)->tube);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
orga_tube_row_class_init (OrgaTubeRowClass *klass)
{
  G_OBJECT_CLASS (klass)->get_property = orga_tube_row_get_property;
  g_object_class_install_property (G_OBJECT_CLASS (klass), ROW_PROP_TUBE,
                                   g_param_spec_uint ("tube", NULL, NULL, 0, G_MAXUINT, 0,
                                                      G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));
}

static void
orga_tube_row_init (OrgaTubeRow *self)
{
}

/* ------------------------------------------------------------------------
 * The tab
 * ------------------------------------------------------------------------ */

struct _OrgaCampaignAnalysis
{
  AdwBin               parent_instance;

  /* template widgets */
  GtkStack            *content_stack;
  GtkLabel            *tubes_summary;
  GtkColumnView       *column_view;
  GtkColumnViewColumn *relevance_column;
  GtkColumnViewColumn *tube_column;
  GtkCustomSorter     *relevance_sorter;
  GtkCustomSorter     *tube_sorter;
  GtkCustomSorter     *competence_sorter;
  OrgaBarChart        *competences_chart;

  /* owned */
  OrgaCampaignData    *data;
  GListStore          *rows;
  GtkSortListModel    *sorted;
};

G_DEFINE_FINAL_TYPE (OrgaCampaignAnalysis, orga_campaign_analysis, ADW_TYPE_BIN)

/* Lower scores need more work; a sujet nobody was assessed on goes last. */
static int
compare_relevance (gconstpointer a,
                   gconstpointer b,
                   gpointer      user_data)
{
  const OrgaTubeRow *x = a;
  const OrgaTubeRow *y = b;

  if (isnan (x->score) || isnan (y->score))
    return (isnan (x->score) != 0) - (isnan (y->score) != 0);
  if (x->score != y->score)
    return x->score < y->score ? -1 : 1;
  return (x->tube > y->tube) - (x->tube < y->tube);
}

static int
compare_tube (gconstpointer a,
              gconstpointer b,
              gpointer      user_data)
{
  const OrgaTubeRow *x = a;
  const OrgaTubeRow *y = b;

  return g_utf8_collate (x->framework_tube->title, y->framework_tube->title);
}

static int
compare_competence (gconstpointer a,
                    gconstpointer b,
                    gpointer      user_data)
{
  const OrgaTubeRow *x = a;
  const OrgaTubeRow *y = b;

  if (x->framework_tube->competence != y->framework_tube->competence)
    return (int)x->framework_tube->competence - (int)y->framework_tube->competence;
  return compare_relevance (a, b, user_data);
}

/* "●●●●" for "Très recommandé", down to "●○○○". */
static const char *
bubbles (OrgaRelevance relevance)
{
  switch (relevance)
    {
    case ORGA_RELEVANCE_VERY_STRONGLY: return "●●●●";
    case ORGA_RELEVANCE_STRONGLY: return "●●●○";
    case ORGA_RELEVANCE_RECOMMENDED: return "●●○○";
    case ORGA_RELEVANCE_FAIRLY: return "●○○○";
    default: return "○○○○";
    }
}

static void
setup_relevance_cb (OrgaCampaignAnalysis *self,
                    GtkListItem          *item)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *dots = gtk_label_new (NULL);
  GtkWidget *label = gtk_label_new (NULL);

  gtk_widget_set_valign (box, GTK_ALIGN_CENTER);
  gtk_label_set_xalign (GTK_LABEL (dots), 0);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_widget_add_css_class (dots, "relevance-bubbles");
  gtk_widget_add_css_class (label, "caption");
  /* The words say it; the bubbles are for the eye. */
  gtk_accessible_update_property (GTK_ACCESSIBLE (dots), GTK_ACCESSIBLE_PROPERTY_LABEL, "", -1);
  gtk_box_append (GTK_BOX (box), dots);
  gtk_box_append (GTK_BOX (box), label);
  gtk_widget_set_size_request (box, 150, -1);
  gtk_list_item_set_child (item, box);
}

static void
bind_relevance_cb (OrgaCampaignAnalysis *self,
                   GtkListItem          *item)
{
  OrgaTubeRow *row = gtk_list_item_get_item (item);
  GtkWidget *box = gtk_list_item_get_child (item);
  GtkWidget *dots = gtk_widget_get_first_child (box);
  GtkWidget *label = gtk_widget_get_next_sibling (dots);
  gboolean known = !isnan (row->score);

  gtk_label_set_label (GTK_LABEL (dots), known ? bubbles (row->relevance) : "");
  gtk_label_set_label (GTK_LABEL (label), known ? orga_relevance_get_label (row->relevance) : "–");
}

static void
setup_tube_cb (OrgaCampaignAnalysis *self,
               GtkListItem          *item)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *title = gtk_label_new (NULL);
  GtkWidget *description = gtk_label_new (NULL);

  gtk_widget_set_margin_top (box, 6);
  gtk_widget_set_margin_bottom (box, 6);
  gtk_label_set_xalign (GTK_LABEL (title), 0);
  gtk_label_set_xalign (GTK_LABEL (description), 0);
  gtk_label_set_wrap (GTK_LABEL (title), TRUE);
  gtk_label_set_wrap (GTK_LABEL (description), TRUE);
  gtk_label_set_natural_wrap_mode (GTK_LABEL (description), GTK_NATURAL_WRAP_WORD);
  gtk_widget_add_css_class (title, "heading");
  gtk_widget_add_css_class (description, "dim-label");
  gtk_box_append (GTK_BOX (box), title);
  gtk_box_append (GTK_BOX (box), description);
  gtk_list_item_set_child (item, box);
}

static void
bind_tube_cb (OrgaCampaignAnalysis *self,
              GtkListItem          *item)
{
  OrgaTubeRow *row = gtk_list_item_get_item (item);
  GtkWidget *box = gtk_list_item_get_child (item);
  GtkWidget *title = gtk_widget_get_first_child (box);
  GtkWidget *description = gtk_widget_get_next_sibling (title);

  gtk_label_set_label (GTK_LABEL (title), row->framework_tube->title);
  gtk_label_set_label (GTK_LABEL (description), row->framework_tube->description);
}

static void
setup_competence_cb (OrgaCampaignAnalysis *self,
                     GtkListItem          *item)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_max_width_chars (GTK_LABEL (label), 34);
  gtk_label_set_width_chars (GTK_LABEL (label), 24);
  gtk_list_item_set_child (item, label);
}

static void
bind_competence_cb (OrgaCampaignAnalysis *self,
                    GtkListItem          *item)
{
  OrgaTubeRow *row = gtk_list_item_get_item (item);
  const OrgaCompetence *competence = orga_framework_get_competence (row->framework_tube->competence);
  const OrgaArea *area = orga_framework_get_area (competence->area);
  g_autofree char *color = _orga_campaign_dup_area_color (competence->area);
  g_autofree char *markup = NULL;

  /* The area's colour as a dot before the name, as Pix Orga marks it;
   * the name says the rest. */
  markup = g_markup_printf_escaped ("<span foreground=\"%s\">●</span> %s %s",
                                    color, competence->index, competence->name);
  gtk_label_set_markup (GTK_LABEL (gtk_list_item_get_child (item)), markup);
  gtk_widget_set_tooltip_text (gtk_list_item_get_child (item), area->title);
}

static void
update_competences (OrgaCampaignAnalysis *self)
{
  OrgaChartBar bars[ORGA_FRAMEWORK_N_COMPETENCES];
  g_autoptr(GPtrArray) labels = g_ptr_array_new_with_free_func (g_free);
  guint n = 0;

  for (guint c = 0; self->data != NULL && c < ORGA_FRAMEWORK_N_COMPETENCES; c++)
    {
      const OrgaCompetence *competence = orga_framework_get_competence (c);
      char *label;
      char *color;

      /* Only the competences the profile assesses. */
      if (isnan (self->data->competence_averages[c]))
        continue;

      label = g_strdup_printf ("%s %s", competence->index, competence->name);
      g_ptr_array_add (labels, label);
      color = _orga_campaign_dup_area_color (competence->area);
      g_ptr_array_add (labels, color);
      bars[n++] = (OrgaChartBar) { label, self->data->competence_averages[c], color };
    }

  orga_bar_chart_set_bars (self->competences_chart, bars, n);
  /* Room for each bar and its label, not squeezed. */
  gtk_widget_set_size_request (GTK_WIDGET (self->competences_chart), -1, 40 + (int)MAX (n, 1) * 36);
}

static void
update (OrgaCampaignAnalysis *self)
{
  OrgaCampaignData *data = self->data;
  guint shared = data ? data->status_counts[ORGA_PARTICIPATION_SHARED] : 0;
  guint n_tubes = 0;
  guint to_work = 0;
  g_autofree char *summary = NULL;
  g_autofree char *title = NULL;

  g_list_store_remove_all (self->rows);

  if (data != NULL && data->profile != NULL && data->tube_relevance != NULL)
    {
      g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func (g_object_unref);

      for (guint i = 0; i < data->tube_relevance->len; i++)
        {
          const OrgaTubeRelevance *relevance = &g_array_index (data->tube_relevance, OrgaTubeRelevance, i);
          OrgaTubeRow *row = g_object_new (ORGA_TYPE_TUBE_ROW, NULL);

          row->tube = relevance->tube;
          row->framework_tube = orga_framework_get_tube (data->profile->tubes[relevance->tube].tube);
          row->score = relevance->score;
          row->relevance = relevance->relevance;
          if (!isnan (row->score) && row->relevance <= ORGA_RELEVANCE_STRONGLY)
            to_work++;
          g_ptr_array_add (rows, row);
        }

      n_tubes = rows->len;
      g_list_store_splice (self->rows, 0, 0, rows->pdata, rows->len);
    }

  /* TRANSLATORS: the column of the sujets, with their number */
  title = g_strdup_printf (_("Sujets (%u)"), n_tubes);
  gtk_column_view_column_set_title (self->tube_column, title);

  /* TRANSLATORS: above the analysis by sujet */
  summary = g_strdup_printf (ngettext ("The sujets the participants master least come first: %u of the %u sujets is strongly or very strongly recommended to work on in class.",
                                       "The sujets the participants master least come first: %u of the %u sujets are strongly or very strongly recommended to work on in class.",
                                       to_work),
                             to_work, n_tubes);
  gtk_label_set_label (self->tubes_summary, summary);

  update_competences (self);

  gtk_stack_set_visible_child_name (self->content_stack, shared > 0 && n_tubes > 0 ? "content" : "empty");
}

static void
orga_campaign_analysis_dispose (GObject *object)
{
  OrgaCampaignAnalysis *self = ORGA_CAMPAIGN_ANALYSIS (object);

  /* The sorted model holds the view's sorter, which must not outlive the
   * view's columns. */
  if (self->column_view != NULL)
    gtk_column_view_set_model (self->column_view, NULL);
  g_clear_object (&self->sorted);

  /* The bin's child is a template child too: unparented once, by the
   * bin, before the template lets go of it. */
  adw_bin_set_child (ADW_BIN (self), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), ORGA_TYPE_CAMPAIGN_ANALYSIS);
  g_clear_pointer (&self->data, orga_campaign_data_unref);
  g_clear_object (&self->rows);

  G_OBJECT_CLASS (orga_campaign_analysis_parent_class)->dispose (object);
}

static void
orga_campaign_analysis_class_init (OrgaCampaignAnalysisClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = orga_campaign_analysis_dispose;

  g_type_ensure (ORGA_TYPE_BAR_CHART);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/pixorga/PixOrga/ui/orga-campaign-analysis.ui");
  gtk_widget_class_bind_template_child (widget_class, OrgaCampaignAnalysis, content_stack);
  gtk_widget_class_bind_template_child (widget_class, OrgaCampaignAnalysis, tubes_summary);
  gtk_widget_class_bind_template_child (widget_class, OrgaCampaignAnalysis, column_view);
  gtk_widget_class_bind_template_child (widget_class, OrgaCampaignAnalysis, relevance_column);
  gtk_widget_class_bind_template_child (widget_class, OrgaCampaignAnalysis, tube_column);
  gtk_widget_class_bind_template_child (widget_class, OrgaCampaignAnalysis, relevance_sorter);
  gtk_widget_class_bind_template_child (widget_class, OrgaCampaignAnalysis, tube_sorter);
  gtk_widget_class_bind_template_child (widget_class, OrgaCampaignAnalysis, competence_sorter);
  gtk_widget_class_bind_template_child (widget_class, OrgaCampaignAnalysis, competences_chart);
  gtk_widget_class_bind_template_callback (widget_class, setup_relevance_cb);
  gtk_widget_class_bind_template_callback (widget_class, bind_relevance_cb);
  gtk_widget_class_bind_template_callback (widget_class, setup_tube_cb);
  gtk_widget_class_bind_template_callback (widget_class, bind_tube_cb);
  gtk_widget_class_bind_template_callback (widget_class, setup_competence_cb);
  gtk_widget_class_bind_template_callback (widget_class, bind_competence_cb);
}

static void
orga_campaign_analysis_init (OrgaCampaignAnalysis *self)
{
  g_autoptr(GtkNoSelection) selection = NULL;

  gtk_widget_init_template (GTK_WIDGET (self));

  gtk_custom_sorter_set_sort_func (self->relevance_sorter, compare_relevance, NULL, NULL);
  gtk_custom_sorter_set_sort_func (self->tube_sorter, compare_tube, NULL, NULL);
  gtk_custom_sorter_set_sort_func (self->competence_sorter, compare_competence, NULL, NULL);

  /* A few dozen rows: sorted by GTK, relevance first, as Pix does. */
  self->rows = g_list_store_new (ORGA_TYPE_TUBE_ROW);
  self->sorted = gtk_sort_list_model_new (g_object_ref (G_LIST_MODEL (self->rows)),
                                          g_object_ref (gtk_column_view_get_sorter (self->column_view)));
  selection = gtk_no_selection_new (g_object_ref (G_LIST_MODEL (self->sorted)));
  gtk_column_view_set_model (self->column_view, GTK_SELECTION_MODEL (selection));
  gtk_column_view_sort_by_column (self->column_view, self->relevance_column, GTK_SORT_ASCENDING);

  orga_bar_chart_set_orientation (self->competences_chart, GTK_ORIENTATION_HORIZONTAL);
  orga_bar_chart_set_value_format (self->competences_chart, ORGA_BAR_VALUE_FORMAT_PERCENT);
  orga_bar_chart_set_max (self->competences_chart, 1.0);

  /* The area colours are lighter in the dark style. */
  g_signal_connect_object (adw_style_manager_get_default (), "notify::dark",
                           G_CALLBACK (update), self, G_CONNECT_SWAPPED);

  update (self);
}

void
orga_campaign_analysis_set_data (OrgaCampaignAnalysis *self,
                                 OrgaCampaignData     *data)
{
  g_return_if_fail (ORGA_IS_CAMPAIGN_ANALYSIS (self));

  if (_orga_campaign_data_replace (&self->data, data))
    update (self);
}

GListModel *
orga_campaign_analysis_get_rows (OrgaCampaignAnalysis *self)
{
  g_return_val_if_fail (ORGA_IS_CAMPAIGN_ANALYSIS (self), NULL);
  return G_LIST_MODEL (self->sorted);
}
