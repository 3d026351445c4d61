/* orga-participant-page.c
 *
 * One participant of a campaign (spec §5.1): when they started and sent,
 * how far they went, their result and stage, and their results by
 * competence; for a profiles collection their pix, certifiability, and
 * level in each of the 16 competences. With multiple sendings every
 * attempt can be chosen ("Participation #n"), and the results sent over
 * time are drawn side by side.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "orga-participant-page"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "orga-bar-chart.h"
#include "orga-campaign-util.h"
#include "orga-format.h"
#include "orga-participant-page.h"

struct _OrgaParticipantPage
{
  AdwBin               parent_instance;

  /* template widgets */
  GtkLabel            *title_label;
  GtkLabel            *subtitle_label;
  GtkDropDown         *attempt_dropdown;
  GtkButton           *delete_button;
  AdwPreferencesPage  *preferences_page;
  AdwActionRow        *started_row;
  AdwActionRow        *shared_row;
  AdwActionRow        *progress_row;
  AdwActionRow        *result_row;
  AdwActionRow        *stage_row;
  AdwActionRow        *pix_row;
  AdwActionRow        *certifiable_row;
  AdwActionRow        *competences_row;
  AdwPreferencesGroup *competences_group;
  AdwPreferencesGroup *levels_group;
  GtkGrid             *levels_grid;
  AdwPreferencesGroup *evolution_group;
  OrgaBarChart        *evolution_chart;
  GtkGrid             *evolution_grid;

  /* the value at the end of each summary row */
  GtkLabel            *started_value;
  GtkLabel            *shared_value;
  GtkLabel            *progress_value;
  GtkLabel            *result_value;
  GtkLabel            *stage_value;
  GtkLabel            *pix_value;
  GtkLabel            *certifiable_value;
  GtkLabel            *competences_value;

  /* owned */
  OrgaCampaignData    *data;
  GArray              *attempts;          /* guint: positions in the set, oldest first */
  GPtrArray           *competence_rows;   /* rows added to competences_group */
  guint                shown;             /* into attempts */
  gboolean             updating;
};

G_DEFINE_FINAL_TYPE (OrgaParticipantPage, orga_participant_page, ADW_TYPE_BIN)

static gboolean
is_profiles (OrgaParticipantPage *self)
{
  return self->data != NULL &&
         orga_campaign_get_campaign_type (self->data->campaign) == ORGA_CAMPAIGN_TYPE_PROFILES_COLLECTION;
}

static const OrgaParticipation *
get_attempt (OrgaParticipantPage *self,
             guint                i)
{
  if (self->data == NULL || i >= self->attempts->len)
    return NULL;
  return orga_participation_set_get (self->data->participations, g_array_index (self->attempts, guint, i));
}

static void
set_value (GtkLabel   *label,
           const char *text)
{
  gtk_label_set_label (label, text != NULL && *text != '\0' ? text : "–");
}

static char *
dup_stage_text (const OrgaTargetProfile *profile,
                guint                    stage)
{
  GString *stars;

  if (profile == NULL || stage >= profile->n_stages)
    return NULL;
  if (profile->sco_stages)
    return g_strdup (profile->stages[stage].title);

  /* "★★☆ (2 étoiles sur 3)" */
  stars = g_string_new (NULL);
  for (guint i = 0; i + 1 < profile->n_stages; i++)
    g_string_append (stars, i < stage ? "★" : "☆");
  g_string_append_c (stars, ' ');
  g_string_append_printf (stars, ngettext ("(%u star out of %u)", "(%u stars out of %u)", stage),
                          stage, profile->n_stages - 1);
  return g_string_free (stars, FALSE);
}

static void
clear_grid (GtkGrid *grid)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (grid))) != NULL)
    gtk_grid_remove (grid, child);
}

static GtkWidget *
grid_label (GtkGrid    *grid,
            const char *text,
            int         column,
            int         row,
            gboolean    header,
            gboolean    numeric)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (label), numeric ? 1 : 0);
  gtk_label_set_wrap (GTK_LABEL (label), !numeric);
  if (header)
    {
      gtk_widget_add_css_class (label, "heading");
      gtk_widget_add_css_class (label, "dim-label");
    }
  if (numeric)
    gtk_widget_add_css_class (label, "numeric");
  gtk_widget_set_hexpand (label, column == 0);
  gtk_grid_attach (grid, label, column, row, 1, 1);
  return label;
}

/* ------------------------------------------------------------------------
 * One attempt
 * ------------------------------------------------------------------------ */

static void
show_competences (OrgaParticipantPage     *self,
                  const OrgaParticipation *p)
{
  const OrgaTargetProfile *profile = self->data->profile;
  guint validated[ORGA_FRAMEWORK_N_COMPETENCES] = { 0 };
  guint targeted[ORGA_FRAMEWORK_N_COMPETENCES] = { 0 };
  guint n = 0;
  g_autofree char *title = NULL;

  for (guint i = 0; i < self->competence_rows->len; i++)
    adw_preferences_group_remove (self->competences_group, g_ptr_array_index (self->competence_rows, i));
  g_ptr_array_set_size (self->competence_rows, 0);

  if (profile == NULL)
    return;

  orga_stats_participation_competences (profile, p, validated, targeted);

  for (guint c = 0; c < ORGA_FRAMEWORK_N_COMPETENCES; c++)
    {
      const OrgaCompetence *competence = orga_framework_get_competence (c);
      g_autofree char *color = NULL;
      double rate;
      g_autofree char *row_title = NULL;
      g_autofree char *subtitle = NULL;
      g_autofree char *percent = NULL;
      GtkWidget *row;
      GtkWidget *box;
      GtkWidget *bar;
      GtkWidget *label;

      if (targeted[c] == 0)
        continue;

      n++;
      rate = (double)validated[c] / targeted[c];
      percent = orga_format_percent (rate, 0);
      color = _orga_campaign_dup_area_color (competence->area);
      row_title = g_markup_printf_escaped ("<span foreground=\"%s\">●</span> %s %s",
                                           color, competence->index, competence->name);
      /* TRANSLATORS: under a competence: "3 skills validated out of 8" */
      subtitle = g_strdup_printf (ngettext ("%u skill validated out of %u", "%u skills validated out of %u", validated[c]),
                                  validated[c], targeted[c]);

      row = adw_action_row_new ();
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), TRUE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), row_title);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);

      box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
      bar = gtk_level_bar_new_for_interval (0, 1);
      gtk_level_bar_set_value (GTK_LEVEL_BAR (bar), rate);
      gtk_widget_set_size_request (bar, 140, -1);
      gtk_widget_set_valign (bar, GTK_ALIGN_CENTER);
      /* The number says it; the bar is for the eye. */
      gtk_accessible_update_property (GTK_ACCESSIBLE (bar), GTK_ACCESSIBLE_PROPERTY_LABEL, percent, -1);
      label = gtk_label_new (percent);
      gtk_label_set_width_chars (GTK_LABEL (label), 6);
      gtk_label_set_xalign (GTK_LABEL (label), 1);
      gtk_widget_add_css_class (label, "numeric");
      gtk_box_append (GTK_BOX (box), bar);
      gtk_box_append (GTK_BOX (box), label);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), box);

      adw_preferences_group_add (self->competences_group, row);
      g_ptr_array_add (self->competence_rows, row);
    }

  /* TRANSLATORS: the group of a participant's results, with the number of competences */
  title = g_strdup_printf (_("Results by Competence (%u)"), n);
  adw_preferences_group_set_title (self->competences_group, title);
}

static void
show_levels (OrgaParticipantPage     *self,
             const OrgaParticipation *p)
{
  gboolean shared = p->status == ORGA_PARTICIPATION_SHARED;

  clear_grid (self->levels_grid);
  grid_label (self->levels_grid, _("Competence"), 0, 0, TRUE, FALSE);
  grid_label (self->levels_grid, _("Level"), 1, 0, TRUE, TRUE);
  grid_label (self->levels_grid, _("Pix Score"), 2, 0, TRUE, TRUE);

  for (guint c = 0; c < ORGA_FRAMEWORK_N_COMPETENCES; c++)
    {
      const OrgaCompetence *competence = orga_framework_get_competence (c);
      g_autofree char *color = _orga_campaign_dup_area_color (competence->area);
      guint pix = shared && p->results != NULL ? p->results[c] : 0;
      g_autofree char *name = g_markup_printf_escaped ("<span foreground=\"%s\">●</span> %s %s",
                                                       color, competence->index, competence->name);
      g_autofree char *level = shared ? g_strdup_printf ("%u", orga_framework_level_for_pix (pix)) : NULL;
      g_autofree char *pix_text = shared ? g_strdup_printf ("%u", orga_framework_cap_pix (pix)) : NULL;
      GtkWidget *label = grid_label (self->levels_grid, NULL, 0, c + 1, FALSE, FALSE);

      gtk_label_set_markup (GTK_LABEL (label), name);
      grid_label (self->levels_grid, level ? level : "–", 1, c + 1, FALSE, TRUE);
      grid_label (self->levels_grid, pix_text ? pix_text : "–", 2, c + 1, FALSE, TRUE);
    }
}

/* Every attempt sent, side by side: how the results moved. */
static void
show_evolution (OrgaParticipantPage *self)
{
  gboolean profiles = is_profiles (self);
  g_autoptr(GArray) bars = g_array_new (FALSE, TRUE, sizeof (OrgaChartBar));
  g_autoptr(GPtrArray) texts = g_ptr_array_new_with_free_func (g_free);
  guint row = 1;

  clear_grid (self->evolution_grid);
  grid_label (self->evolution_grid, _("Sent On"), 0, 0, TRUE, FALSE);
  if (profiles)
    {
      grid_label (self->evolution_grid, _("Pix Score"), 1, 0, TRUE, TRUE);
      grid_label (self->evolution_grid, _("Certifiable"), 2, 0, TRUE, FALSE);
      grid_label (self->evolution_grid, _("Cert. Competences"), 3, 0, TRUE, TRUE);
    }
  else
    {
      grid_label (self->evolution_grid, _("Result"), 1, 0, TRUE, TRUE);
      grid_label (self->evolution_grid, _("Stage"), 2, 0, TRUE, FALSE);
    }

  for (guint i = 0; i < self->attempts->len; i++)
    {
      const OrgaParticipation *p = get_attempt (self, i);
      char *date;
      OrgaChartBar bar = { 0 };

      if (p->status != ORGA_PARTICIPATION_SHARED)
        continue;

      date = orga_format_date (p->shared_at, NULL);
      g_ptr_array_add (texts, date);
      bar.label = date;
      bar.value = profiles ? p->pix_score : p->mastery_rate;
      g_array_append_val (bars, bar);

      grid_label (self->evolution_grid, date, 0, row, FALSE, FALSE);
      if (profiles)
        {
          g_autofree char *pix = g_strdup_printf ("%u", p->pix_score);
          g_autofree char *competences = g_strdup_printf ("%u", orga_stats_certifiable_competences (p));

          grid_label (self->evolution_grid, pix, 1, row, FALSE, TRUE);
          grid_label (self->evolution_grid, p->is_certifiable >= 0 ? _orga_campaign_yes_no (p->is_certifiable > 0) : "–",
                      2, row, FALSE, FALSE);
          grid_label (self->evolution_grid, competences, 3, row, FALSE, TRUE);
        }
      else
        {
          g_autofree char *percent = orga_format_percent (p->mastery_rate, 0);
          g_autofree char *stage = NULL;

          if (self->data->profile != NULL && self->data->profile->n_stages > 0)
            stage = dup_stage_text (self->data->profile,
                                    orga_target_profile_reached_stage (self->data->profile, p->mastery_rate,
                                                                       p->validated_skills));
          grid_label (self->evolution_grid, percent, 1, row, FALSE, TRUE);
          grid_label (self->evolution_grid, stage ? stage : "–", 2, row, FALSE, FALSE);
        }
      row++;
    }

  orga_bar_chart_set_value_format (self->evolution_chart,
                                   profiles ? ORGA_BAR_VALUE_FORMAT_COUNT : ORGA_BAR_VALUE_FORMAT_PERCENT);
  orga_bar_chart_set_max (self->evolution_chart, profiles ? 0 : 1.0);
  orga_bar_chart_set_bars (self->evolution_chart, (OrgaChartBar *)(gpointer)bars->data, bars->len);

  adw_preferences_group_set_title (self->evolution_group,
                                   profiles ? _("Profiles Sent over Time") : _("Results Sent over Time"));
  /* Worth a chart from two sendings on. */
  gtk_widget_set_visible (GTK_WIDGET (self->evolution_group), bars->len > 1);
}

static void
show_attempt (OrgaParticipantPage *self)
{
  const OrgaParticipation *p = get_attempt (self, self->shown);
  const OrgaTargetProfile *profile;
  gboolean profiles = is_profiles (self);
  gboolean shared;
  g_autofree char *title = NULL;
  g_autofree char *subtitle = NULL;
  g_autofree char *started = NULL;
  g_autofree char *sent = NULL;
  g_autofree char *progress = NULL;
  g_autofree char *result = NULL;
  g_autofree char *stage = NULL;
  g_autofree char *pix = NULL;
  g_autofree char *competences = NULL;

  if (p == NULL)
    {
      gtk_label_set_label (self->title_label, "");
      gtk_label_set_label (self->subtitle_label, "");
      return;
    }

  profile = self->data->profile;
  shared = p->status == ORGA_PARTICIPATION_SHARED;
  /* Any attempt names them all: the student's participation goes. */
  gtk_actionable_set_action_target (GTK_ACTIONABLE (self->delete_button), "u",
                                    g_array_index (self->attempts, guint, self->shown));

  if (profiles)
    /* TRANSLATORS: "Profil de Léa Martin" (first name, last name) */
    title = g_strdup_printf (_("Profile of %s %s"), p->first_name, p->last_name);
  else
    /* TRANSLATORS: "Résultats de Léa Martin" (first name, last name) */
    title = g_strdup_printf (_("Results of %s %s"), p->first_name, p->last_name);
  gtk_label_set_label (self->title_label, title);

  if (p->division != NULL && *p->division != '\0')
    /* TRANSLATORS: under the participant's name: "Class 6A · Rentrée 6e 2026" */
    subtitle = g_strdup_printf (_("Class %s · %s"), p->division, orga_campaign_get_name (self->data->campaign));
  else
    subtitle = g_strdup (orga_campaign_get_name (self->data->campaign));
  gtk_label_set_label (self->subtitle_label, subtitle);

  started = orga_format_date (p->created_at, NULL);
  sent = shared ? orga_format_date (p->shared_at, NULL)
                : g_strdup (_orga_campaign_status_label (orga_campaign_get_campaign_type (self->data->campaign), p->status));
  progress = orga_format_percent (p->progression, 0);
  set_value (self->started_value, started);
  set_value (self->shared_value, sent);
  set_value (self->progress_value, progress);

  /* Assessments: the result and the stage, once sent. */
  gtk_widget_set_visible (GTK_WIDGET (self->progress_row), !profiles);
  gtk_widget_set_visible (GTK_WIDGET (self->result_row), !profiles);
  gtk_widget_set_visible (GTK_WIDGET (self->stage_row), !profiles && profile != NULL && profile->n_stages > 0);
  if (!profiles)
    {
      result = shared ? orga_format_percent (p->mastery_rate, 0) : NULL;
      set_value (self->result_value, result);

      adw_action_row_set_subtitle (self->stage_row, "");
      if (shared && profile != NULL && profile->n_stages > 0)
        {
          guint reached = orga_target_profile_reached_stage (profile, p->mastery_rate, p->validated_skills);
          const char *message = reached < profile->n_stages ? profile->stages[reached].message : NULL;

          stage = dup_stage_text (profile, reached);
          /* What the stage means, for the teacher. */
          if (message != NULL)
            {
              g_autofree char *escaped = g_markup_escape_text (message, -1);

              adw_action_row_set_subtitle (self->stage_row, escaped);
            }
        }
      set_value (self->stage_value, stage);
    }

  /* Profiles collections: pix and certifiability. */
  gtk_widget_set_visible (GTK_WIDGET (self->pix_row), profiles);
  gtk_widget_set_visible (GTK_WIDGET (self->certifiable_row), profiles);
  gtk_widget_set_visible (GTK_WIDGET (self->competences_row), profiles);
  if (profiles)
    {
      pix = shared ? g_strdup_printf ("%u", p->pix_score) : NULL;
      competences = shared ? g_strdup_printf ("%u", orga_stats_certifiable_competences (p)) : NULL;
      set_value (self->pix_value, pix);
      set_value (self->certifiable_value, shared && p->is_certifiable >= 0 ? _orga_campaign_yes_no (p->is_certifiable > 0) : NULL);
      set_value (self->competences_value, competences);
    }

  gtk_widget_set_visible (GTK_WIDGET (self->competences_group), !profiles);
  gtk_widget_set_visible (GTK_WIDGET (self->levels_group), profiles);
  if (profiles)
    show_levels (self, p);
  else
    show_competences (self, p);

  show_evolution (self);
}

/* ------------------------------------------------------------------------
 * Attempts
 * ------------------------------------------------------------------------ */

static void
fill_attempts (OrgaParticipantPage *self)
{
  g_autoptr(GtkStringList) labels = gtk_string_list_new (NULL);

  for (guint i = 0; i < self->attempts->len; i++)
    {
      const OrgaParticipation *p = get_attempt (self, i);
      g_autofree char *date = orga_format_date (p->status == ORGA_PARTICIPATION_SHARED ? p->shared_at
                                                                                                 : p->created_at, NULL);
      /* TRANSLATORS: an attempt and its date: "Participation #2 (12/10/2026)" */
      g_autofree char *text = g_strdup_printf (_("Participation #%u (%s)"), i + 1, date ? date : "–");

      gtk_string_list_append (labels, text);
    }

  self->updating = TRUE;
  gtk_drop_down_set_model (self->attempt_dropdown, G_LIST_MODEL (labels));
  gtk_drop_down_set_selected (self->attempt_dropdown, self->shown);
  self->updating = FALSE;

  gtk_widget_set_visible (GTK_WIDGET (self->attempt_dropdown), self->attempts->len > 1);
}

static void
attempt_selected_cb (OrgaParticipantPage *self)
{
  guint selected = gtk_drop_down_get_selected (self->attempt_dropdown);

  if (self->updating || selected == GTK_INVALID_LIST_POSITION || selected >= self->attempts->len)
    return;

  self->shown = selected;
  show_attempt (self);
}

/* ------------------------------------------------------------------------
 * GObject
 * ------------------------------------------------------------------------ */

static GtkLabel *
add_value (AdwActionRow *row)
{
  GtkWidget *label = gtk_label_new ("–");

  gtk_label_set_selectable (GTK_LABEL (label), TRUE);
  gtk_label_set_xalign (GTK_LABEL (label), 1);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_max_width_chars (GTK_LABEL (label), 40);
  gtk_widget_set_valign (label, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (label, "numeric");
  gtk_accessible_update_relation (GTK_ACCESSIBLE (label),
                                  GTK_ACCESSIBLE_RELATION_LABELLED_BY, row, NULL, -1);
  adw_action_row_add_suffix (row, label);

  return GTK_LABEL (label);
}

static void
orga_participant_page_dispose (GObject *object)
{
  OrgaParticipantPage *self = ORGA_PARTICIPANT_PAGE (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), ORGA_TYPE_PARTICIPANT_PAGE);
  g_clear_pointer (&self->data, orga_campaign_data_unref);

  G_OBJECT_CLASS (orga_participant_page_parent_class)->dispose (object);
}

static void
orga_participant_page_finalize (GObject *object)
{
  OrgaParticipantPage *self = ORGA_PARTICIPANT_PAGE (object);

  g_clear_pointer (&self->attempts, g_array_unref);
  g_clear_pointer (&self->competence_rows, g_ptr_array_unref);

  G_OBJECT_CLASS (orga_participant_page_parent_class)->finalize (object);
}

static void
orga_participant_page_class_init (OrgaParticipantPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = orga_participant_page_dispose;
  object_class->finalize = orga_participant_page_finalize;

  g_type_ensure (ORGA_TYPE_BAR_CHART);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/pixorga/PixOrga/ui/orga-participant-page.ui");
  gtk_widget_class_bind_template_child (widget_class, OrgaParticipantPage, title_label);
  gtk_widget_class_bind_template_child (widget_class, OrgaParticipantPage, subtitle_label);
  gtk_widget_class_bind_template_child (widget_class, OrgaParticipantPage, attempt_dropdown);
  gtk_widget_class_bind_template_child (widget_class, OrgaParticipantPage, preferences_page);
  gtk_widget_class_bind_template_child (widget_class, OrgaParticipantPage, started_row);
  gtk_widget_class_bind_template_child (widget_class, OrgaParticipantPage, shared_row);
  gtk_widget_class_bind_template_child (widget_class, OrgaParticipantPage, progress_row);
  gtk_widget_class_bind_template_child (widget_class, OrgaParticipantPage, result_row);
  gtk_widget_class_bind_template_child (widget_class, OrgaParticipantPage, stage_row);
  gtk_widget_class_bind_template_child (widget_class, OrgaParticipantPage, pix_row);
  gtk_widget_class_bind_template_child (widget_class, OrgaParticipantPage, certifiable_row);
  gtk_widget_class_bind_template_child (widget_class, OrgaParticipantPage, delete_button);
  gtk_widget_class_bind_template_child (widget_class, OrgaParticipantPage, competences_row);
  gtk_widget_class_bind_template_child (widget_class, OrgaParticipantPage, competences_group);
  gtk_widget_class_bind_template_child (widget_class, OrgaParticipantPage, levels_group);
  gtk_widget_class_bind_template_child (widget_class, OrgaParticipantPage, levels_grid);
  gtk_widget_class_bind_template_child (widget_class, OrgaParticipantPage, evolution_group);
  gtk_widget_class_bind_template_child (widget_class, OrgaParticipantPage, evolution_chart);
  gtk_widget_class_bind_template_child (widget_class, OrgaParticipantPage, evolution_grid);
  gtk_widget_class_bind_template_callback (widget_class, attempt_selected_cb);
}

static void
orga_participant_page_init (OrgaParticipantPage *self)
{
  self->attempts = g_array_new (FALSE, FALSE, sizeof (guint));
  self->competence_rows = g_ptr_array_new ();

  gtk_widget_init_template (GTK_WIDGET (self));
  /* Shown to whom may delete: the action is enabled for them only. */
  g_object_bind_property (self->delete_button, "sensitive", self->delete_button, "visible", G_BINDING_SYNC_CREATE);

  self->started_value = add_value (self->started_row);
  self->shared_value = add_value (self->shared_row);
  self->progress_value = add_value (self->progress_row);
  self->result_value = add_value (self->result_row);
  self->stage_value = add_value (self->stage_row);
  /* A stage's name on one line; its meaning wraps beside it. */
  gtk_label_set_wrap (self->stage_value, FALSE);
  self->pix_value = add_value (self->pix_row);
  self->certifiable_value = add_value (self->certifiable_row);
  self->competences_value = add_value (self->competences_row);

  orga_bar_chart_set_orientation (self->evolution_chart, GTK_ORIENTATION_VERTICAL);

  /* The area colours are lighter in the dark style. */
  g_signal_connect_object (adw_style_manager_get_default (), "notify::dark",
                           G_CALLBACK (show_attempt), self, G_CONNECT_SWAPPED);
}

void
orga_participant_page_set_participation (OrgaParticipantPage *self,
                                         OrgaCampaignData    *data,
                                         guint                index)
{
  const OrgaParticipation *p;

  g_return_if_fail (ORGA_IS_PARTICIPANT_PAGE (self));

  if (data != NULL)
    orga_campaign_data_ref (data);
  g_clear_pointer (&self->data, orga_campaign_data_unref);
  self->data = data;
  g_array_set_size (self->attempts, 0);
  self->shown = 0;

  if (data == NULL || index >= orga_participation_set_get_n (data->participations))
    {
      g_clear_pointer (&self->data, orga_campaign_data_unref);
      fill_attempts (self);
      show_attempt (self);
      return;
    }

  p = orga_participation_set_get (data->participations, index);
  g_array_unref (self->attempts);
  self->attempts = orga_campaign_data_get_attempts (data, p->learner_id);

  for (guint i = 0; i < self->attempts->len; i++)
    if (g_array_index (self->attempts, guint, i) == index)
      self->shown = i;

  fill_attempts (self);
  show_attempt (self);
}

void
orga_participant_page_refresh (OrgaParticipantPage *self,
                               OrgaCampaignData    *data)
{
  const OrgaParticipation *p;
  gint64 learner_id;
  g_autoptr(GArray) attempts = NULL;

  g_return_if_fail (ORGA_IS_PARTICIPANT_PAGE (self));

  p = get_attempt (self, self->shown);
  if (p == NULL || data == NULL)
    {
      orga_participant_page_set_participation (self, data, G_MAXUINT);
      return;
    }

  learner_id = p->learner_id;
  attempts = orga_campaign_data_get_attempts (data, learner_id);
  orga_participant_page_set_participation (self, data,
                                           attempts->len > 0 ? g_array_index (attempts, guint, attempts->len - 1)
                                                             : G_MAXUINT);
}

guint
orga_participant_page_get_n_attempts (OrgaParticipantPage *self)
{
  g_return_val_if_fail (ORGA_IS_PARTICIPANT_PAGE (self), 0);
  return self->attempts->len;
}

void
orga_participant_page_set_attempt (OrgaParticipantPage *self,
                                   guint                attempt)
{
  g_return_if_fail (ORGA_IS_PARTICIPANT_PAGE (self));
  g_return_if_fail (attempt < self->attempts->len);

  gtk_drop_down_set_selected (self->attempt_dropdown, attempt);
}
