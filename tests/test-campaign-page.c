/* test-campaign-page.c: a campaign's page, its tabs, a participant's page,
 * the CSV export and the class × competence heat map, on a real database
 * with hand-made participations whose figures are known
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>
#include <sqlite3.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <math.h>
#include <string.h>

#include "orga-bar-chart.h"
#include "orga-campaign-activity.h"
#include "orga-campaign-analysis.h"
#include "orga-campaign-page.h"
#include "orga-campaign-results.h"
#include "orga-campaign-settings.h"
#include "orga-class-filter.h"
#include "orga-context.h"
#include "orga-demo.h"
#include "orga-format.h"
#include "orga-heat-map-page.h"
#include "orga-heat-map.h"
#include "orga-i18n.h"
#include "orga-importer.h"
#include "orga-participant-page.h"
#include "orga-pie-chart.h"
#include "orga-store-campaigns.h"
#include "orga-ui-test-util.h"
#include "orga-timeline-chart.h"

#define N_STUDENTS 60
#define UAI "0330001A"
#define DAY (24 * 3600)
/* 2 September 2026, 10:00 UTC (noon in Paris): every day below is a
 * Paris day without doubt. */
#define START 1788343200

static char *temp_dir;
static char *base_db;

typedef struct
{
  char             *db_path;
  OrgaStore        *store;
  OrgaOrganization *organization;
  OrgaContext      *context;
  OrgaCampaign     *assessment;
  OrgaCampaign     *profiles;
  GtkWindow        *window;
  OrgaCampaignPage *page;
} Fixture;

/* The assessment campaign: ten students, the first of whom sent twice.
 * k is the day each started; shared ones sent the next day. */
typedef struct
{
  OrgaParticipationStatus status;
  double                  mastery;
} Planned;

static const Planned assessment_plan[] = {
  /* 0 */ { ORGA_PARTICIPATION_SHARED, 0.55 },    /* 51–60 %, stage 2; second attempt */
  /* 1 */ { ORGA_PARTICIPATION_SHARED, 0.05 },    /* 0–10 %, stage 0 */
  /* 2 */ { ORGA_PARTICIPATION_SHARED, 0.15 },    /* 11–20 %, stage 0 */
  /* 3 */ { ORGA_PARTICIPATION_SHARED, 0.35 },    /* 31–40 %, stage 1 */
  /* 4 */ { ORGA_PARTICIPATION_SHARED, 0.85 },    /* 81–90 %, stage 3 */
  /* 5 */ { ORGA_PARTICIPATION_SHARED, 0.95 },    /* 91–100 %, stage 3 */
  /* 6 */ { ORGA_PARTICIPATION_TO_SHARE, 0.40 },
  /* 7 */ { ORGA_PARTICIPATION_TO_SHARE, 0.60 },
  /* 8 */ { ORGA_PARTICIPATION_STARTED, 0.10 },
  /* 9 */ { ORGA_PARTICIPATION_STARTED, 0.20 },
};
/* (0.55 + 0.05 + 0.15 + 0.35 + 0.85 + 0.95) / 6 = 0.4833: "48 %". */
#define FIRST_ATTEMPT_MASTERY 0.30

/* ------------------------------------------------------------------------
 * Helpers
 * ------------------------------------------------------------------------ */

static gboolean
page_idle_cb (gpointer data)
{
  Fixture *fixture = data;

  return fixture->page == NULL || !orga_campaign_page_get_busy (fixture->page);
}

static gpointer
page_child (Fixture    *fixture,
            const char *name)
{
  GObject *object = gtk_widget_get_template_child (GTK_WIDGET (fixture->page), ORGA_TYPE_CAMPAIGN_PAGE, name);

  g_assert_nonnull (object);
  return object;
}

static gpointer
tab_child (gpointer    tab,
           GType       type,
           const char *name)
{
  GObject *object = gtk_widget_get_template_child (GTK_WIDGET (tab), type, name);

  g_assert_nonnull (object);
  return object;
}

static const char *
label_text (gpointer label)
{
  return gtk_label_get_label (GTK_LABEL (label));
}

/* The value at the end of a row: its last label, depth first. */
static GtkLabel *
find_last_label (GtkWidget *widget)
{
  GtkLabel *found = GTK_IS_LABEL (widget) ? GTK_LABEL (widget) : NULL;

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL; child = gtk_widget_get_next_sibling (child))
    {
      GtkLabel *label = find_last_label (child);

      if (label != NULL)
        found = label;
    }

  return found;
}

static const char *
row_value (gpointer row)
{
  GtkLabel *label = find_last_label (GTK_WIDGET (row));

  g_assert_nonnull (label);
  return gtk_label_get_label (label);
}

static void
show_campaign (Fixture      *fixture,
               OrgaCampaign *campaign)
{
  orga_campaign_page_set_campaign (fixture->page, campaign);
  orga_ui_test_wait_until (page_idle_cb, fixture);
  orga_ui_test_spin (50);
  g_assert_nonnull (orga_campaign_page_get_data (fixture->page));
}

static guint
n_rows (GtkColumnView *view)
{
  return g_list_model_get_n_items (G_LIST_MODEL (gtk_column_view_get_model (view)));
}

static char *
percent (double ratio)
{
  g_autofree char *number = g_strdup_printf ("%.0f", ratio * 100);

  return g_strdup_printf (C_("percentage", "%s%%"), number);
}

static gboolean
collect_learner_cb (const OrgaLearnerRow *row,
                    gpointer              user_data)
{
  GArray *ids = user_data;

  g_array_append_val (ids, row->id);
  return TRUE;
}

static OrgaCampaign *
create_campaign (OrgaStore        *store,
                 OrgaOrganization *organization,
                 const char       *name,
                 OrgaCampaignType  type,
                 const char       *profile,
                 gboolean          multiple)
{
  OrgaCampaignSpec spec = { 0 };
  g_autoptr(GError) error = NULL;
  OrgaCampaign *campaign;

  spec.name = name;
  spec.type = type;
  spec.target_profile_id = profile;
  spec.owner = "Marie Curie";
  spec.creator = "Marie Curie";
  spec.title = type == ORGA_CAMPAIGN_TYPE_ASSESSMENT ? "Rentrée numérique" : NULL;
  spec.landing_text = "Bienvenue ! Prenez votre temps.";
  spec.multiple_sendings = multiple;

  campaign = orga_store_create_campaign (store, organization, &spec, &error);
  g_assert_no_error (error);
  return campaign;
}

/* Results that agree with @mastery: the lowest skills of each tube
 * validated, about the same share everywhere. */
static void
fill_results (const OrgaTargetProfile *profile,
              double                   mastery,
              guint8                  *results,
              guint                   *validated)
{
  *validated = 0;

  for (guint t = 0; t < profile->n_tubes; t++)
    {
      guint8 skills = orga_target_profile_tube_skills (profile, t);
      guint n = 0;
      guint keep;

      for (guint d = 0; d < 8; d++)
        if (skills & (1u << d))
          n++;

      keep = (guint)lround (mastery * n);
      results[t] = 0;
      for (guint d = 0; d < 8 && keep > 0; d++)
        if (skills & (1u << d))
          {
            results[t] |= 1u << d;
            keep--;
            (*validated)++;
          }
    }
}

static void
add_assessment_participations (OrgaStore    *store,
                               OrgaCampaign *campaign,
                               GArray       *learners)
{
  const OrgaTargetProfile *profile = orga_campaign_get_target_profile (campaign);
  g_autoptr(OrgaParticipationSet) set = orga_participation_set_new (profile->n_tubes);
  g_autofree guint8 *results = g_new0 (guint8, profile->n_tubes);
  g_autoptr(GError) error = NULL;

  /* The first attempt of student 0, sent and then improved. */
  {
    OrgaParticipation p = { 0 };

    p.learner_id = g_array_index (learners, gint64, 0);
    p.status = ORGA_PARTICIPATION_SHARED;
    p.created_at = START - 20 * DAY;
    p.shared_at = START - 19 * DAY;
    p.mastery_rate = FIRST_ATTEMPT_MASTERY;
    p.progression = 1;
    p.is_certifiable = -1;
    fill_results (profile, p.mastery_rate, results, &p.validated_skills);
    p.results = results;
    orga_participation_set_add (set, &p);
  }

  for (guint k = 0; k < G_N_ELEMENTS (assessment_plan); k++)
    {
      OrgaParticipation p = { 0 };

      p.learner_id = g_array_index (learners, gint64, k);
      p.status = assessment_plan[k].status;
      p.created_at = START + k * DAY;
      p.shared_at = p.status == ORGA_PARTICIPATION_SHARED ? p.created_at + DAY : 0;
      p.mastery_rate = assessment_plan[k].mastery;
      p.progression = p.status == ORGA_PARTICIPATION_STARTED ? 0.5 : 1;
      p.is_certifiable = -1;
      fill_results (profile, p.mastery_rate, results, &p.validated_skills);
      p.results = results;
      orga_participation_set_add (set, &p);
    }

  orga_store_add_participations (store, campaign, set, &error);
  g_assert_no_error (error);
}

/* Profiles: three sent (pix 40 in 5 competences: certifiable; 8 in 3:
 * not; 16 in 6: certifiable), one waiting. */
static void
add_profiles_participations (OrgaStore    *store,
                             OrgaCampaign *campaign,
                             GArray       *learners)
{
  g_autoptr(OrgaParticipationSet) set = orga_participation_set_new (ORGA_FRAMEWORK_N_COMPETENCES);
  g_autoptr(GError) error = NULL;
  struct { guint pix; guint competences; int certifiable; OrgaParticipationStatus status; } plan[] = {
    { 40, 5, 1, ORGA_PARTICIPATION_SHARED },
    { 8, 3, 0, ORGA_PARTICIPATION_SHARED },
    { 16, 6, 1, ORGA_PARTICIPATION_SHARED },
    { 0, 0, -1, ORGA_PARTICIPATION_TO_SHARE },
  };

  for (guint k = 0; k < G_N_ELEMENTS (plan); k++)
    {
      guint8 results[ORGA_FRAMEWORK_N_COMPETENCES] = { 0 };
      OrgaParticipation p = { 0 };

      for (guint c = 0; c < plan[k].competences; c++)
        results[c] = plan[k].pix;

      p.learner_id = g_array_index (learners, gint64, 20 + k);
      p.status = plan[k].status;
      p.created_at = START + k * DAY;
      p.shared_at = p.status == ORGA_PARTICIPATION_SHARED ? p.created_at + DAY : 0;
      p.pix_score = plan[k].pix * plan[k].competences;
      p.mastery_rate = (double)p.pix_score / ORGA_MAX_PIX_SCORE;
      p.progression = 1;
      p.is_certifiable = plan[k].certifiable;
      p.results = results;
      orga_participation_set_add (set, &p);
    }

  orga_store_add_participations (store, campaign, set, &error);
  g_assert_no_error (error);
}

static void
build_base_database (void)
{
  g_autoptr(OrgaStore) store = NULL;
  g_autoptr(OrgaOrganization) organization = NULL;
  g_autoptr(OrgaImporter) importer = NULL;
  g_autoptr(OrgaImportReport) report = NULL;
  g_autoptr(OrgaCampaign) assessment = NULL;
  g_autoptr(OrgaCampaign) profiles = NULL;
  g_autoptr(GArray) learners = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GError) error = NULL;
  g_autofree char *file = NULL;
  OrgaLearnerQuery query = { 0 };

  temp_dir = g_dir_make_tmp ("pixorga-campaign-test-XXXXXX", &error);
  g_assert_no_error (error);
  file = g_build_filename (temp_dir, "ElevesSansAdresses.xml", NULL);
  base_db = g_build_filename (temp_dir, "base.db", NULL);
  orga_ui_test_generate_siecle (file, UAI, G_STRINGIFY (N_STUDENTS));

  store = orga_store_open (base_db, &error);
  g_assert_no_error (error);
  organization = orga_store_create_organization (store, UAI, "Collège Jean Moulin",
                                                 ORGA_ORGANIZATION_KIND_SCO, &error);
  g_assert_no_error (error);

  importer = orga_importer_new (base_db, file);
  report = orga_importer_run (importer, NULL, &error);
  g_assert_no_error (error);
  g_unlink (file);

  orga_store_foreach_learner (store, organization, &query, collect_learner_cb, learners, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (learners->len, >=, 30);

  assessment = create_campaign (store, organization, "Rentrée 6e", ORGA_CAMPAIGN_TYPE_ASSESSMENT, "rentree-6e", TRUE);
  profiles = create_campaign (store, organization, "Profils de rentrée", ORGA_CAMPAIGN_TYPE_PROFILES_COLLECTION, NULL, FALSE);
  add_assessment_participations (store, assessment, learners);
  add_profiles_participations (store, profiles, learners);
}

/* ------------------------------------------------------------------------
 * Fixture
 * ------------------------------------------------------------------------ */

static OrgaCampaign *
find_campaign (Fixture          *fixture,
               OrgaCampaignType  type)
{
  OrgaCampaignQuery query = { 0 };
  g_autoptr(GPtrArray) campaigns = NULL;
  g_autoptr(GError) error = NULL;

  campaigns = orga_store_list_campaigns (fixture->store, fixture->organization, &query, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < campaigns->len; i++)
    if (orga_campaign_get_campaign_type (campaigns->pdata[i]) == type)
      return g_object_ref (campaigns->pdata[i]);

  g_assert_not_reached ();
  return NULL;
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  g_autoptr(GError) error = NULL;

  fixture->db_path = orga_ui_test_copy_db (base_db, temp_dir);

  fixture->store = orga_store_open (fixture->db_path, &error);
  g_assert_no_error (error);
  fixture->organization = orga_store_get_organization (fixture->store, &error);
  g_assert_no_error (error);

  fixture->context = orga_context_new (fixture->store, settings);
  orga_context_set_organization (fixture->context, fixture->organization);
  fixture->assessment = find_campaign (fixture, ORGA_CAMPAIGN_TYPE_ASSESSMENT);
  fixture->profiles = find_campaign (fixture, ORGA_CAMPAIGN_TYPE_PROFILES_COLLECTION);

  fixture->page = orga_campaign_page_new (fixture->context);
  g_object_add_weak_pointer (G_OBJECT (fixture->page), (gpointer *)&fixture->page);

  fixture->window = orga_ui_test_present (GTK_WIDGET (fixture->page), 1200, 800);
  orga_ui_test_spin (50);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  orga_ui_test_close_dialogs (fixture->window);

  if (fixture->page != NULL)
    orga_ui_test_wait_until (page_idle_cb, fixture);
  gtk_window_destroy (fixture->window);
  orga_ui_test_spin (50);

  /* Nothing keeps the page, its data or the context alive. */
  g_assert_null (fixture->page);
  g_clear_object (&fixture->assessment);
  g_clear_object (&fixture->profiles);
  g_assert_finalize_object (fixture->context);
  g_clear_object (&fixture->organization);
  g_assert_finalize_object (fixture->store);

  g_unlink (fixture->db_path);
  g_clear_pointer (&fixture->db_path, g_free);
}

/* ------------------------------------------------------------------------
 * Tests
 * ------------------------------------------------------------------------ */

static void
test_header (Fixture       *fixture,
             gconstpointer  data)
{
  OrgaCampaign *campaign = fixture->assessment;
  GdkClipboard *clipboard;
  GdkContentProvider *content;
  GValue value = G_VALUE_INIT;
  g_autofree char *results_title = NULL;

  show_campaign (fixture, campaign);

  g_assert_cmpstr (label_text (page_child (fixture, "name_label")), ==, "Rentrée 6e");
  g_assert_cmpstr (label_text (page_child (fixture, "code_label")), ==, orga_campaign_get_code (campaign));
  g_assert_true (orga_campaign_code_is_valid (label_text (page_child (fixture, "code_label"))));
  g_assert_cmpstr (label_text (page_child (fixture, "owner_label")), ==, "Marie Curie");
  g_assert_cmpstr (label_text (page_child (fixture, "multiple_label")), ==, _("Yes"));
  g_assert_true (g_regex_match_simple ("^[0-9]{2}/[0-9]{2}/[0-9]{4}$", label_text (page_child (fixture, "created_label")), 0, 0));
  g_assert_cmpstr (label_text (page_child (fixture, "type_label")), ==, _("Assessment campaign"));

  /* Not archived, not demonstration data. */
  g_assert_false (gtk_revealer_get_reveal_child (page_child (fixture, "archived_revealer")));
  g_assert_false (gtk_revealer_get_reveal_child (page_child (fixture, "demo_revealer")));

  /* "Résultats (6)"; "Analyse" for an assessment. */
  results_title = g_strdup_printf (_("Results (%'u)"), 6);
  g_assert_cmpstr (adw_view_stack_page_get_title (page_child (fixture, "results_page")), ==, results_title);
  g_assert_true (adw_view_stack_page_get_visible (page_child (fixture, "analysis_page")));

  /* "Copier le code" puts the code on the clipboard. */
  gtk_widget_activate_action (GTK_WIDGET (fixture->page), "campaign.copy-code", NULL);
  clipboard = gtk_widget_get_clipboard (GTK_WIDGET (fixture->page));
  content = gdk_clipboard_get_content (clipboard);
  g_assert_nonnull (content);
  g_value_init (&value, G_TYPE_STRING);
  g_assert_true (gdk_content_provider_get_value (content, &value, NULL));
  g_assert_cmpstr (g_value_get_string (&value), ==, orga_campaign_get_code (campaign));
  g_value_unset (&value);

  /* The settings tab lists the same code and the direct link. */
  {
    OrgaCampaignSettings *settings = page_child (fixture, "settings");
    g_autofree char *link = g_strconcat ("https://app.pix.fr/campagnes/", orga_campaign_get_code (campaign), NULL);

    g_assert_cmpstr (adw_action_row_get_subtitle (tab_child (settings, ORGA_TYPE_CAMPAIGN_SETTINGS, "code_row")),
                     ==, orga_campaign_get_code (campaign));
    g_assert_cmpstr (adw_action_row_get_subtitle (tab_child (settings, ORGA_TYPE_CAMPAIGN_SETTINGS, "link_row")), ==, link);
    g_assert_cmpstr (adw_action_row_get_subtitle (tab_child (settings, ORGA_TYPE_CAMPAIGN_SETTINGS, "title_row")),
                     ==, "Rentrée numérique");
    g_assert_cmpstr (adw_action_row_get_subtitle (tab_child (settings, ORGA_TYPE_CAMPAIGN_SETTINGS, "profile_row")),
                     ==, "Parcours de rentrée 6e");
    g_assert_true (gtk_widget_get_visible (tab_child (settings, ORGA_TYPE_CAMPAIGN_SETTINGS, "archive_button")));
    g_assert_false (gtk_widget_get_visible (tab_child (settings, ORGA_TYPE_CAMPAIGN_SETTINGS, "unarchive_button")));
  }
}

static void
test_archived_and_demo (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autoptr(OrgaCampaign) archived = NULL;
  g_autoptr(GError) error = NULL;
  OrgaDemoResult result = { 0 };

  /* A fresh object of the same campaign refreshes the page. */
  show_campaign (fixture, fixture->assessment);
  orga_store_archive_campaign (fixture->store, orga_campaign_get_id (fixture->assessment), "Marie Curie", &error);
  g_assert_no_error (error);
  archived = orga_store_get_campaign (fixture->store, orga_campaign_get_id (fixture->assessment), &error);
  g_assert_no_error (error);
  orga_campaign_page_set_tab (fixture->page, "settings");
  show_campaign (fixture, archived);

  g_assert_true (gtk_revealer_get_reveal_child (page_child (fixture, "archived_revealer")));
  g_assert_cmpstr (adw_view_stack_get_visible_child_name (page_child (fixture, "view_stack")), ==, "settings");
  {
    OrgaCampaignSettings *settings = page_child (fixture, "settings");

    g_assert_false (gtk_widget_get_visible (tab_child (settings, ORGA_TYPE_CAMPAIGN_SETTINGS, "archive_button")));
    g_assert_true (gtk_widget_get_visible (tab_child (settings, ORGA_TYPE_CAMPAIGN_SETTINGS, "unarchive_button")));
  }

  /* Demonstration data is said to be so. */
  g_assert_false (gtk_revealer_get_reveal_child (page_child (fixture, "demo_revealer")));
  orga_demo_fill (fixture->store, fixture->organization, 7, &result, &error);
  g_assert_no_error (error);
  show_campaign (fixture, fixture->profiles);
  g_assert_true (gtk_revealer_get_reveal_child (page_child (fixture, "demo_revealer")));
  /* Another campaign: back to its first tab. */
  g_assert_cmpstr (adw_view_stack_get_visible_child_name (page_child (fixture, "view_stack")), ==, "activity");

  orga_campaign_page_set_campaign (fixture->page, NULL);
  g_assert_null (orga_campaign_page_get_data (fixture->page));
  g_assert_cmpstr (label_text (page_child (fixture, "code_label")), ==, "");
}

static void
test_activity (Fixture       *fixture,
               gconstpointer  data)
{
  OrgaCampaignActivity *activity;
  OrgaTimelineChart *timeline;
  OrgaPieChart *pie;
  GtkColumnView *view;
  GtkDropDown *status;
  const char *description;
  g_autofree char *tooltip = NULL;

  show_campaign (fixture, fixture->assessment);
  activity = page_child (fixture, "activity");

  /* The cards: ten participants (the improved attempt does not count),
   * six results received. */
  g_assert_cmpstr (label_text (tab_child (activity, ORGA_TYPE_CAMPAIGN_ACTIVITY, "total_label")), ==, "10");
  g_assert_cmpstr (label_text (tab_child (activity, ORGA_TYPE_CAMPAIGN_ACTIVITY, "shared_label")), ==, "6");
  g_assert_cmpstr (label_text (tab_child (activity, ORGA_TYPE_CAMPAIGN_ACTIVITY, "shared_caption")), ==, _("Results received"));

  /* The pie: En cours 2, En attente d'envoi 2, Résultats reçus 6. */
  pie = tab_child (activity, ORGA_TYPE_CAMPAIGN_ACTIVITY, "pie");
  g_assert_cmpuint (orga_pie_chart_get_n_slices (pie), ==, 3);
  tooltip = orga_chart_dup_item_tooltip (ORGA_CHART (pie), 0);
  g_assert_nonnull (strstr (tooltip, _("In progress")));
  g_assert_nonnull (strstr (tooltip, "2"));
  g_clear_pointer (&tooltip, g_free);
  tooltip = orga_chart_dup_item_tooltip (ORGA_CHART (pie), 2);
  g_assert_nonnull (strstr (tooltip, _("Results received")));
  g_assert_nonnull (strstr (tooltip, "6"));
  description = orga_chart_get_description (ORGA_CHART (pie));
  g_assert_nonnull (strstr (description, "10"));

  /* The timeline: from the first start (day 0) to the last one (day 9),
   * ten days; ten participants and six results in the end. */
  timeline = tab_child (activity, ORGA_TYPE_CAMPAIGN_ACTIVITY, "timeline");
  g_assert_cmpuint (orga_timeline_chart_get_n_points (timeline), ==, 10);
  g_assert_false (orga_timeline_chart_get_by_month (timeline));
  g_clear_pointer (&tooltip, g_free);
  tooltip = orga_chart_dup_item_tooltip (ORGA_CHART (timeline), 9);
  g_assert_nonnull (strstr (tooltip, "10"));
  g_assert_nonnull (strstr (tooltip, "6"));

  /* The list: every participant, the status filter. */
  view = tab_child (activity, ORGA_TYPE_CAMPAIGN_ACTIVITY, "column_view");
  g_assert_cmpuint (n_rows (view), ==, 10);
  status = tab_child (activity, ORGA_TYPE_CAMPAIGN_ACTIVITY, "status_dropdown");
  /* Tous les statuts, En cours, En attente d'envoi, Résultats reçus. */
  g_assert_cmpuint (g_list_model_get_n_items (gtk_drop_down_get_model (status)), ==, 4);
  gtk_drop_down_set_selected (status, 1);
  g_assert_cmpuint (n_rows (view), ==, 2);
  gtk_drop_down_set_selected (status, 3);
  g_assert_cmpuint (n_rows (view), ==, 6);

  /* A class: as many as the data says for it. */
  {
    OrgaCampaignData *campaign_data = orga_campaign_page_get_data (fixture->page);
    OrgaClassFilter *classes = tab_child (activity, ORGA_TYPE_CAMPAIGN_ACTIVITY, "class_filter");
    const char * const *divisions = orga_result_list_get_divisions (campaign_data->participants);
    const char *one[] = { divisions[0], NULL };
    guint expected = 0;

    for (guint i = 0; i < orga_participation_set_get_n (campaign_data->participations); i++)
      {
        const OrgaParticipation *p = orga_participation_set_get (campaign_data->participations, i);

        if (!p->is_improved && p->status == ORGA_PARTICIPATION_SHARED && g_strcmp0 (p->division, divisions[0]) == 0)
          expected++;
      }

    orga_class_filter_set_selected (classes, one);
    g_assert_cmpuint (n_rows (view), ==, expected);
  }

  gtk_widget_activate_action (GTK_WIDGET (activity), "activity.clear-filters", NULL);
  g_assert_cmpuint (n_rows (view), ==, 10);
  g_assert_cmpuint (gtk_drop_down_get_selected (status), ==, 0);

  /* Multiple sendings: the "Nombre de participations" column. */
  g_assert_true (gtk_column_view_column_get_visible (tab_child (activity, ORGA_TYPE_CAMPAIGN_ACTIVITY, "attempts_column")));
}

static void
test_results (Fixture       *fixture,
              gconstpointer  data)
{
  OrgaCampaignResults *results;
  OrgaBarChart *distribution;
  OrgaBarChart *stages;
  GtkColumnView *view;
  GtkDropDown *stage_dropdown;
  g_autofree char *average = percent (2.9 / 6);
  const char *expected_buckets[] = { "1", "1", "0", "1", "0", "1", "0", "0", "1", "1" };

  show_campaign (fixture, fixture->assessment);
  results = page_child (fixture, "results");
  view = tab_child (results, ORGA_TYPE_CAMPAIGN_RESULTS, "column_view");

  /* "Résultat moyen" 48 %; "Palier moyen" (2+0+0+1+3+3)/6 = 1.5 of 3. */
  g_assert_cmpstr (label_text (tab_child (results, ORGA_TYPE_CAMPAIGN_RESULTS, "average_label")), ==, average);
  g_assert_true (gtk_widget_get_visible (tab_child (results, ORGA_TYPE_CAMPAIGN_RESULTS, "stage_card")));
  {
    /* The separator of orga-format.h, as the charts write it: "1,5 sur 3"
     * in French even under LC_NUMERIC=C (it read "1.5 sur 3"). */
    g_autofree char *number = g_strdup_printf ("1%s5", orga_format_get_decimal_separator ());
    g_autofree char *text = g_strdup_printf (_("%s out of %u"), number, 3);

    g_assert_cmpstr (label_text (tab_child (results, ORGA_TYPE_CAMPAIGN_RESULTS, "stage_average_label")), ==, text);
  }

  /* Ten bars: one result in 0–10, 11–20, 31–40, 51–60, 81–90, 91–100 %. */
  distribution = tab_child (results, ORGA_TYPE_CAMPAIGN_RESULTS, "distribution_chart");
  g_assert_cmpuint (orga_bar_chart_get_n_bars (distribution), ==, 10);
  for (guint i = 0; i < 10; i++)
    {
      g_autofree char *tooltip = orga_chart_dup_item_tooltip (ORGA_CHART (distribution), i);
      g_autofree char *pattern = g_strdup_printf (": %s\\b", expected_buckets[i]);

      if (!g_regex_match_simple (pattern, tooltip, 0, 0))
        g_error ("bar %u: %s, expected %s", i, tooltip, expected_buckets[i]);
    }

  /* The six results received. */
  g_assert_cmpuint (n_rows (view), ==, 6);

  /* A click on the 51–60 % bar lists that one student; again, all. */
  g_signal_emit_by_name (distribution, "bar-activated", 5);
  g_assert_cmpuint (n_rows (view), ==, 1);
  g_assert_cmpint (orga_bar_chart_get_selected (distribution), ==, 5);
  g_assert_true (gtk_widget_get_visible (tab_child (results, ORGA_TYPE_CAMPAIGN_RESULTS, "bucket_button")));
  g_signal_emit_by_name (distribution, "bar-activated", 5);
  g_assert_cmpuint (n_rows (view), ==, 6);
  g_assert_cmpint (orga_bar_chart_get_selected (distribution), ==, -1);
  g_signal_emit_by_name (distribution, "bar-activated", 2);
  g_assert_cmpuint (n_rows (view), ==, 0);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (tab_child (results, ORGA_TYPE_CAMPAIGN_RESULTS, "list_stack")), ==, "no-results");
  gtk_widget_activate_action (GTK_WIDGET (results), "results.clear-bucket", NULL);
  g_assert_cmpuint (n_rows (view), ==, 6);

  /* Stages: 0 → 2 students, 1 → 1, 2 → 1, 3 → 2 (the four SCO stages). */
  stages = tab_child (results, ORGA_TYPE_CAMPAIGN_RESULTS, "stages_chart");
  g_assert_cmpuint (orga_bar_chart_get_n_bars (stages), ==, 4);
  stage_dropdown = tab_child (results, ORGA_TYPE_CAMPAIGN_RESULTS, "stage_dropdown");
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (stage_dropdown)));
  gtk_drop_down_set_selected (stage_dropdown, 1 + 3);
  g_assert_cmpuint (n_rows (view), ==, 2);
  g_assert_cmpint (orga_bar_chart_get_selected (stages), ==, 3);
  gtk_drop_down_set_selected (stage_dropdown, 1 + 0);
  g_assert_cmpuint (n_rows (view), ==, 2);
  g_signal_emit_by_name (stages, "bar-activated", 1);
  g_assert_cmpuint (gtk_drop_down_get_selected (stage_dropdown), ==, 2);
  g_assert_cmpuint (n_rows (view), ==, 1);
  /* A stage and a bar together: stage 3 has nobody in 51–60 %. */
  gtk_drop_down_set_selected (stage_dropdown, 1 + 3);
  orga_campaign_results_set_bucket (results, 8);
  g_assert_cmpuint (n_rows (view), ==, 1);
  orga_campaign_results_set_bucket (results, 5);
  g_assert_cmpuint (n_rows (view), ==, 0);
  gtk_widget_activate_action (GTK_WIDGET (results), "results.clear-filters", NULL);
  g_assert_cmpuint (n_rows (view), ==, 6);

  /* The stage guide: one row per stage with its message. */
  {
    GtkListBox *list = tab_child (results, ORGA_TYPE_CAMPAIGN_RESULTS, "stage_list");
    GtkListBoxRow *row = gtk_list_box_get_row_at_index (list, 3);

    g_assert_nonnull (row);
    g_assert_null (gtk_list_box_get_row_at_index (list, 4));
    g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)), ==,
                     orga_target_profile_find ("rentree-6e")->stages[3].title);
  }

  /* Assessment columns; no profile columns. */
  g_assert_true (gtk_column_view_column_get_visible (tab_child (results, ORGA_TYPE_CAMPAIGN_RESULTS, "result_column")));
  g_assert_true (gtk_column_view_column_get_visible (tab_child (results, ORGA_TYPE_CAMPAIGN_RESULTS, "stage_column")));
  g_assert_true (gtk_column_view_column_get_visible (tab_child (results, ORGA_TYPE_CAMPAIGN_RESULTS, "attempts_column")));
  g_assert_false (gtk_column_view_column_get_visible (tab_child (results, ORGA_TYPE_CAMPAIGN_RESULTS, "pix_column")));
}

static void
test_analysis (Fixture       *fixture,
               gconstpointer  data)
{
  const OrgaTargetProfile *profile = orga_target_profile_find ("rentree-6e");
  OrgaCampaignAnalysis *analysis;
  OrgaBarChart *competences;
  GListModel *rows;
  guint targeted[ORGA_FRAMEWORK_N_COMPETENCES] = { 0 };
  guint n_competences = 0;
  OrgaCampaignData *campaign_data;
  double previous = -1;

  show_campaign (fixture, fixture->assessment);
  analysis = page_child (fixture, "analysis");
  campaign_data = orga_campaign_page_get_data (fixture->page);

  /* One row per sujet of the profile, the most recommended first. */
  rows = orga_campaign_analysis_get_rows (analysis);
  g_assert_cmpuint (g_list_model_get_n_items (rows), ==, profile->n_tubes);
  for (guint i = 0; i < g_list_model_get_n_items (rows); i++)
    {
      g_autoptr(GObject) row = g_list_model_get_item (rows, i);
      guint tube;
      double score;

      g_object_get (row, "tube", &tube, NULL);
      score = g_array_index (campaign_data->tube_relevance, OrgaTubeRelevance, tube).score;
      g_assert_cmpfloat (score, >=, previous);
      previous = score;
    }

  /* One bar per competence the profile assesses. */
  orga_target_profile_count_by_competence (profile, targeted);
  for (guint c = 0; c < ORGA_FRAMEWORK_N_COMPETENCES; c++)
    if (targeted[c] > 0)
      n_competences++;
  competences = tab_child (analysis, ORGA_TYPE_CAMPAIGN_ANALYSIS, "competences_chart");
  g_assert_cmpuint (orga_bar_chart_get_n_bars (competences), ==, n_competences);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (tab_child (analysis, ORGA_TYPE_CAMPAIGN_ANALYSIS, "content_stack")), ==, "content");
}

static void
test_profiles (Fixture       *fixture,
               gconstpointer  data)
{
  OrgaCampaignActivity *activity;
  OrgaCampaignResults *results;
  GtkColumnView *view;
  GtkDropDown *certifiable;

  show_campaign (fixture, fixture->profiles);
  activity = page_child (fixture, "activity");
  results = page_child (fixture, "results");
  view = tab_child (results, ORGA_TYPE_CAMPAIGN_RESULTS, "column_view");

  /* No "Analyse" for a profiles collection; "Profils reçus". */
  g_assert_false (adw_view_stack_page_get_visible (page_child (fixture, "analysis_page")));
  g_assert_cmpstr (label_text (tab_child (activity, ORGA_TYPE_CAMPAIGN_ACTIVITY, "total_label")), ==, "4");
  g_assert_cmpstr (label_text (tab_child (activity, ORGA_TYPE_CAMPAIGN_ACTIVITY, "shared_caption")), ==, _("Profiles received"));
  /* No "En cours" slice. */
  g_assert_cmpuint (orga_pie_chart_get_n_slices (tab_child (activity, ORGA_TYPE_CAMPAIGN_ACTIVITY, "pie")), ==, 2);
  g_assert_false (gtk_column_view_column_get_visible (tab_child (activity, ORGA_TYPE_CAMPAIGN_ACTIVITY, "attempts_column")));

  /* The profile columns. */
  g_assert_true (gtk_column_view_column_get_visible (tab_child (results, ORGA_TYPE_CAMPAIGN_RESULTS, "shared_at_column")));
  g_assert_true (gtk_column_view_column_get_visible (tab_child (results, ORGA_TYPE_CAMPAIGN_RESULTS, "pix_column")));
  g_assert_true (gtk_column_view_column_get_visible (tab_child (results, ORGA_TYPE_CAMPAIGN_RESULTS, "certifiable_column")));
  g_assert_true (gtk_column_view_column_get_visible (tab_child (results, ORGA_TYPE_CAMPAIGN_RESULTS, "competences_column")));
  g_assert_false (gtk_column_view_column_get_visible (tab_child (results, ORGA_TYPE_CAMPAIGN_RESULTS, "result_column")));
  g_assert_false (gtk_column_view_column_get_visible (tab_child (results, ORGA_TYPE_CAMPAIGN_RESULTS, "stage_column")));
  g_assert_true (gtk_widget_get_visible (tab_child (results, ORGA_TYPE_CAMPAIGN_RESULTS, "profiles_cards")));
  g_assert_false (gtk_widget_get_visible (tab_child (results, ORGA_TYPE_CAMPAIGN_RESULTS, "assessment_charts")));

  /* Three profiles received, two certifiable; pix (200 + 24 + 96) / 3. */
  g_assert_cmpstr (label_text (tab_child (results, ORGA_TYPE_CAMPAIGN_RESULTS, "profiles_label")), ==, "3");
  g_assert_cmpstr (label_text (tab_child (results, ORGA_TYPE_CAMPAIGN_RESULTS, "certifiable_label")), ==, "2");
  g_assert_cmpstr (label_text (tab_child (results, ORGA_TYPE_CAMPAIGN_RESULTS, "pix_label")), ==, "107");

  /* Every participant, the one waiting too; the certifiability filter. */
  g_assert_cmpuint (n_rows (view), ==, 4);
  certifiable = tab_child (results, ORGA_TYPE_CAMPAIGN_RESULTS, "certifiable_dropdown");
  gtk_drop_down_set_selected (certifiable, 1);
  g_assert_cmpuint (n_rows (view), ==, 2);
  gtk_drop_down_set_selected (certifiable, 2);
  g_assert_cmpuint (n_rows (view), ==, 1);
}

static guint
find_learner_position (GListModel *model,
                       gint64      learner_id)
{
  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(OrgaResultRow) row = g_list_model_get_item (model, i);

      if (orga_result_row_get_participation (row)->learner_id == learner_id)
        return i;
    }

  g_assert_not_reached ();
  return 0;
}

static void
test_participant (Fixture       *fixture,
                  gconstpointer  data)
{
  OrgaCampaignData *campaign_data;
  OrgaParticipantPage *participant;
  GtkColumnView *view;
  const OrgaParticipation *p = NULL;
  guint position;
  guint index;
  g_autofree char *title = NULL;
  g_autofree char *result = NULL;
  g_autofree char *first = NULL;

  show_campaign (fixture, fixture->assessment);
  campaign_data = orga_campaign_page_get_data (fixture->page);
  participant = page_child (fixture, "participant_page");

  /* The student who sent twice: their latest attempt (55 %). */
  for (guint i = 0; i < orga_participation_set_get_n (campaign_data->participations); i++)
    {
      const OrgaParticipation *q = orga_participation_set_get (campaign_data->participations, i);

      if (q->attempt == 2)
        p = q;
    }
  g_assert_nonnull (p);
  g_assert_false (p->is_improved);

  /* Activating its row in the Résultats list opens the page. */
  view = tab_child (page_child (fixture, "results"), ORGA_TYPE_CAMPAIGN_RESULTS, "column_view");
  position = find_learner_position (G_LIST_MODEL (gtk_column_view_get_model (view)), p->learner_id);
  g_signal_emit_by_name (view, "activate", position);
  orga_ui_test_spin (50);
  g_assert_cmpstr (adw_leaflet_get_visible_child_name (page_child (fixture, "leaflet")), ==, "participant");

  title = g_strdup_printf (_("Results of %s %s"), p->first_name, p->last_name);
  g_assert_cmpstr (label_text (tab_child (participant, ORGA_TYPE_PARTICIPANT_PAGE, "title_label")), ==, title);
  result = percent (0.55);
  g_assert_cmpstr (row_value (tab_child (participant, ORGA_TYPE_PARTICIPANT_PAGE, "result_row")), ==, result);
  g_assert_cmpuint (orga_participant_page_get_n_attempts (participant), ==, 2);
  g_assert_true (gtk_widget_get_visible (tab_child (participant, ORGA_TYPE_PARTICIPANT_PAGE, "attempt_dropdown")));
  g_assert_cmpuint (gtk_drop_down_get_selected (tab_child (participant, ORGA_TYPE_PARTICIPANT_PAGE, "attempt_dropdown")), ==, 1);
  /* Two results sent: their evolution. */
  g_assert_true (gtk_widget_get_visible (tab_child (participant, ORGA_TYPE_PARTICIPANT_PAGE, "evolution_group")));
  g_assert_cmpuint (orga_bar_chart_get_n_bars (tab_child (participant, ORGA_TYPE_PARTICIPANT_PAGE, "evolution_chart")), ==, 2);

  /* "Participation #1": the first attempt, 30 %. */
  orga_participant_page_set_attempt (participant, 0);
  first = percent (FIRST_ATTEMPT_MASTERY);
  g_assert_cmpstr (row_value (tab_child (participant, ORGA_TYPE_PARTICIPANT_PAGE, "result_row")), ==, first);

  /* Back to the campaign. */
  gtk_widget_activate_action (GTK_WIDGET (participant), "campaign.show-campaign", NULL);
  orga_ui_test_spin (400);
  g_assert_cmpstr (adw_leaflet_get_visible_child_name (page_child (fixture, "leaflet")), ==, "campaign");

  /* A profiles collection: "Profil de …", the 16 competences. */
  show_campaign (fixture, fixture->profiles);
  campaign_data = orga_campaign_page_get_data (fixture->page);
  index = 0;
  for (guint i = 0; i < orga_participation_set_get_n (campaign_data->participations); i++)
    if (orga_participation_set_get (campaign_data->participations, i)->pix_score == 200)
      index = i;
  p = orga_participation_set_get (campaign_data->participations, index);
  orga_campaign_page_show_participant (fixture->page, index);
  g_clear_pointer (&title, g_free);
  title = g_strdup_printf (_("Profile of %s %s"), p->first_name, p->last_name);
  g_assert_cmpstr (label_text (tab_child (participant, ORGA_TYPE_PARTICIPANT_PAGE, "title_label")), ==, title);
  g_assert_true (gtk_widget_get_visible (tab_child (participant, ORGA_TYPE_PARTICIPANT_PAGE, "levels_group")));
  g_assert_false (gtk_widget_get_visible (tab_child (participant, ORGA_TYPE_PARTICIPANT_PAGE, "competences_group")));
  g_assert_false (gtk_widget_get_visible (tab_child (participant, ORGA_TYPE_PARTICIPANT_PAGE, "attempt_dropdown")));
  {
    GtkGrid *grid = tab_child (participant, ORGA_TYPE_PARTICIPANT_PAGE, "levels_grid");

    /* Header, then 1.1 at 40 pix: level 5. */
    g_assert_cmpstr (label_text (gtk_grid_get_child_at (grid, 1, 1)), ==, "5");
    g_assert_cmpstr (label_text (gtk_grid_get_child_at (grid, 2, 1)), ==, "40");
    /* 5.2 untouched: level 0. */
    g_assert_cmpstr (label_text (gtk_grid_get_child_at (grid, 2, 16)), ==, "0");
    g_assert_null (gtk_grid_get_child_at (grid, 0, 17));
  }
}

/* "Supprimer la participation" (spec §4.1): the bin of the Activité tab
 * and the participant's page, Pix's confirmation, then every attempt of
 * the student gone; only for the owner or an administrator. */
static void
test_delete_participation (Fixture       *fixture,
                           gconstpointer  data)
{
  OrgaCampaignData *campaign_data;
  OrgaParticipantPage *participant = page_child (fixture, "participant_page");
  OrgaCampaignActivity *activity = page_child (fixture, "activity");
  const OrgaParticipation *p = NULL;
  g_autoptr(OrgaParticipationSet) left = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *who = NULL;
  GtkWidget *dialog;
  const char *body;
  gint64 learner_id;
  guint index = 0, before;
  sqlite3 *db = NULL;

  show_campaign (fixture, fixture->assessment);
  campaign_data = orga_campaign_page_get_data (fixture->page);
  before = orga_participation_set_get_n (campaign_data->participations);
  for (guint i = 0; i < before; i++)
    if (orga_participation_set_get (campaign_data->participations, i)->attempt == 2)
      {
        p = orga_participation_set_get (campaign_data->participations, i);
        index = i;
      }
  g_assert_nonnull (p);
  learner_id = p->learner_id;

  /* An offline school: its user may; the bin shows, and the button on
   * the participant's page. */
  g_assert_true (gtk_column_view_column_get_visible (tab_child (activity, ORGA_TYPE_CAMPAIGN_ACTIVITY, "delete_column")));
  orga_campaign_page_show_participant (fixture->page, index);
  orga_ui_test_spin (50);
  g_assert_true (gtk_widget_get_visible (tab_child (participant, ORGA_TYPE_PARTICIPANT_PAGE, "delete_button")));

  /* Pix's confirmation: whose, what their status means, both attempts. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (participant), "campaign.delete-participation", "u", index));
  orga_ui_test_spin (50);
  dialog = GTK_WIDGET (orga_ui_test_find_toplevel (ADW_TYPE_MESSAGE_DIALOG));
  g_assert_nonnull (dialog);
  g_assert_cmpstr (adw_message_dialog_get_heading (ADW_MESSAGE_DIALOG (dialog)), ==, "Supprimer la participation ?");
  body = adw_message_dialog_get_body (ADW_MESSAGE_DIALOG (dialog));
  who = g_strdup_printf ("Vous êtes sur le point de supprimer la participation de %s %s à la campagne « %s ».",
                         p->first_name, p->last_name, orga_campaign_get_name (fixture->assessment));
  g_assert_true (g_str_has_prefix (body, who));
  g_assert_nonnull (strstr (body, "Ses 2 participations à cette campagne sont toutes supprimées."));
  g_assert_nonnull (strstr (body, "Le participant ne pourra plus participer de nouveau à cette campagne."));

  /* Cancelled: nothing goes. */
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  orga_ui_test_spin (50);
  left = orga_store_load_participations (fixture->store, fixture->assessment, TRUE, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (orga_participation_set_get_n (left), ==, before);
  g_clear_object (&left);

  /* Confirmed: both attempts go, back on the campaign. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (participant), "campaign.delete-participation", "u", index));
  orga_ui_test_spin (50);
  dialog = GTK_WIDGET (orga_ui_test_find_toplevel (ADW_TYPE_MESSAGE_DIALOG));
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "delete");
  orga_ui_test_spin (400);
  g_assert_cmpstr (adw_leaflet_get_visible_child_name (page_child (fixture, "leaflet")), ==, "campaign");
  left = orga_store_load_participations (fixture->store, fixture->assessment, TRUE, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (orga_participation_set_get_n (left), ==, before - 2);
  for (guint i = 0; i < orga_participation_set_get_n (left); i++)
    g_assert_cmpint (orga_participation_set_get (left, i)->learner_id, !=, learner_id);

  /* A member of a space who does not own the campaign: no bin. */
  g_assert_cmpint (sqlite3_open (fixture->db_path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, "UPDATE organizations SET server_id = 'org-1', role = 'MEMBER'", NULL, NULL, NULL),
                   ==, SQLITE_OK);
  sqlite3_close (db);
  show_campaign (fixture, fixture->profiles);
  g_assert_false (gtk_column_view_column_get_visible (tab_child (activity, ORGA_TYPE_CAMPAIGN_ACTIVITY, "delete_column")));
  orga_campaign_page_show_participant (fixture->page, 0);
  orga_ui_test_spin (50);
  g_assert_false (gtk_widget_get_visible (tab_child (participant, ORGA_TYPE_PARTICIPANT_PAGE, "delete_button")));
}

static gboolean
file_written_cb (gpointer data)
{
  Fixture *fixture = data;

  return !orga_campaign_page_get_busy (fixture->page);
}

static void
test_export (Fixture       *fixture,
             gconstpointer  data)
{
  g_autofree char *path = g_build_filename (temp_dir, "export.csv", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;
  gsize length = 0;
  guint lines = 0;

  show_campaign (fixture, fixture->assessment);

  orga_campaign_page_export (fixture->page, file);
  g_assert_true (orga_campaign_page_get_busy (fixture->page));
  orga_ui_test_wait_until (file_written_cb, fixture);

  g_file_get_contents (path, &contents, &length, &error);
  g_assert_no_error (error);
  /* The BOM, then Pix's header. */
  g_assert_cmpuint (length, >, 3);
  g_assert_cmpmem (contents, 3, "\xEF\xBB\xBF", 3);
  g_assert_true (g_str_has_prefix (contents + 3, "\"Nom de l'organisation\";"));
  /* One line per attempt: eleven, and the header. */
  for (const char *c = contents; *c != '\0'; c++)
    if (*c == '\n')
      lines++;
  g_assert_cmpuint (lines, ==, 12);

  /* A folder that does not exist: no file, the page is free again. */
  {
    g_autofree char *bad = g_build_filename (temp_dir, "missing", "export.csv", NULL);
    g_autoptr(GFile) bad_file = g_file_new_for_path (bad);

    orga_campaign_page_export (fixture->page, bad_file);
    orga_ui_test_wait_until (file_written_cb, fixture);
    g_assert_false (g_file_test (bad, G_FILE_TEST_EXISTS));
  }

  g_unlink (path);
}

/* The save dialog (GTK's own under the tests, no portal), its title and
 * proposed name; cancelled, so that the next export opens a new one. */
static void
export_dialog (Fixture  *fixture,
               char    **title,
               char    **name)
{
  GtkWindow *dialog;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->page), "campaign.export", NULL));
  orga_ui_test_spin (50);
  dialog = orga_ui_test_find_toplevel (GTK_TYPE_FILE_CHOOSER_DIALOG);
  g_assert_nonnull (dialog);
  *title = g_strdup (gtk_window_get_title (dialog));
  *name = gtk_file_chooser_get_current_name (GTK_FILE_CHOOSER (dialog));
  gtk_dialog_response (GTK_DIALOG (dialog), GTK_RESPONSE_CANCEL);
  orga_ui_test_spin (50);
}

/* Demonstration data looks exactly like Pix's in the file: the dialog
 * and the proposed name say what it is. */
static void
test_export_dialog (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *title = NULL;
  g_autofree char *name = NULL;
  g_autofree char *prefix = NULL;
  OrgaDemoResult result = { 0 };

  show_campaign (fixture, fixture->assessment);
  export_dialog (fixture, &title, &name);
  g_assert_cmpstr (title, ==, "Exporter les résultats");
  prefix = g_strdup_printf ("Resultats-Rentrée 6e-%" G_GINT64_FORMAT "-", orga_campaign_get_id (fixture->assessment));
  g_assert_true (g_str_has_prefix (name, prefix));
  g_assert_true (g_str_has_suffix (name, ".csv"));

  orga_demo_fill (fixture->store, fixture->organization, 7, &result, &error);
  g_assert_no_error (error);
  show_campaign (fixture, fixture->profiles);
  g_assert_true (orga_campaign_page_get_data (fixture->page)->is_demo);
  g_clear_pointer (&title, g_free);
  g_clear_pointer (&name, g_free);
  g_clear_pointer (&prefix, g_free);
  export_dialog (fixture, &title, &name);
  g_assert_cmpstr (title, ==, "Exporter les résultats — données de démonstration");
  prefix = g_strdup_printf ("DEMONSTRATION-Resultats-Profils de rentrée-%" G_GINT64_FORMAT "-",
                            orga_campaign_get_id (fixture->profiles));
  g_assert_true (g_str_has_prefix (name, prefix));
}

static gboolean
heat_map_idle_cb (gpointer data)
{
  return !orga_heat_map_page_get_busy (data);
}

static void
test_heat_map (Fixture       *fixture,
               gconstpointer  data)
{
  g_autofree char *path = g_build_filename (temp_dir, "map.png", NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  gsize length = 0;
  GtkWindow *window;
  OrgaHeatMapPage *page;
  OrgaHeatMap *map;
  guint classes_with_results;

  /* As the Élèves page opens it. */
  window = orga_heat_map_page_present (fixture->window, fixture->context);
  page = ORGA_HEAT_MAP_PAGE (adw_window_get_content (ADW_WINDOW (window)));
  g_assert_true (orga_heat_map_page_present (fixture->window, fixture->context) == window);
  orga_ui_test_wait_until (heat_map_idle_cb, page);
  orga_ui_test_spin (50);

  g_assert_cmpstr (gtk_stack_get_visible_child_name (tab_child (page, ORGA_TYPE_HEAT_MAP_PAGE, "stack")), ==, "map");
  map = tab_child (page, ORGA_TYPE_HEAT_MAP_PAGE, "heat_map");
  g_assert_cmpuint (orga_heat_map_get_n_columns (map), ==, ORGA_FRAMEWORK_N_COMPETENCES);

  /* Rows: the classes of the six students who sent results. */
  {
    OrgaCampaignData *campaign_data;
    g_autoptr(GHashTable) classes = g_hash_table_new (g_str_hash, g_str_equal);

    show_campaign (fixture, fixture->assessment);
    campaign_data = orga_campaign_page_get_data (fixture->page);
    for (guint i = 0; i < orga_participation_set_get_n (campaign_data->participations); i++)
      {
        const OrgaParticipation *p = orga_participation_set_get (campaign_data->participations, i);

        if (!p->is_improved && p->status == ORGA_PARTICIPATION_SHARED)
          g_hash_table_add (classes, (gpointer)p->division);
      }
    classes_with_results = g_hash_table_size (classes);
  }
  g_assert_cmpuint (orga_heat_map_get_n_rows (map), ==, classes_with_results);

  /* "Exporter en PNG". */
  g_assert_true (orga_heat_map_page_save_png (page, path, &error));
  g_assert_no_error (error);
  g_file_get_contents (path, &contents, &length, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (length, >, 1000);
  g_assert_cmpmem (contents, 8, "\x89PNG\r\n\x1a\n", 8);
  g_unlink (path);

  gtk_window_destroy (window);
  orga_ui_test_spin (20);
}

static void
test_heat_map_empty (void)
{
  g_autofree char *path = g_build_filename (temp_dir, "empty.db", NULL);
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  g_autoptr(OrgaStore) store = NULL;
  g_autoptr(OrgaOrganization) organization = NULL;
  g_autoptr(OrgaContext) context = NULL;
  g_autoptr(GError) error = NULL;
  OrgaHeatMapPage *page;
  GtkWindow *window;

  store = orga_store_open (path, &error);
  g_assert_no_error (error);
  organization = orga_store_create_organization (store, UAI, "Collège Jean Moulin",
                                                 ORGA_ORGANIZATION_KIND_SCO, &error);
  g_assert_no_error (error);
  context = orga_context_new (store, settings);
  orga_context_set_organization (context, organization);

  window = orga_heat_map_page_present (NULL, context);
  page = ORGA_HEAT_MAP_PAGE (adw_window_get_content (ADW_WINDOW (window)));
  orga_ui_test_wait_until (heat_map_idle_cb, page);

  /* "Aucun résultat pour l'instant", nothing to export. */
  g_assert_cmpstr (gtk_stack_get_visible_child_name (tab_child (page, ORGA_TYPE_HEAT_MAP_PAGE, "stack")), ==, "empty");
  g_assert_false (gtk_widget_is_sensitive (tab_child (page, ORGA_TYPE_HEAT_MAP_PAGE, "export_button")));

  gtk_window_destroy (window);
  orga_ui_test_spin (20);
  g_unlink (path);
}

static void
test_empty_campaign (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(OrgaCampaign) campaign = create_campaign (fixture->store, fixture->organization, "Vide",
                                                      ORGA_CAMPAIGN_TYPE_ASSESSMENT, "rentree-5e", FALSE);
  OrgaCampaignActivity *activity;
  OrgaCampaignResults *results;

  show_campaign (fixture, campaign);
  activity = page_child (fixture, "activity");
  results = page_child (fixture, "results");

  /* Empty states that say what to do, with the code to give. */
  g_assert_cmpstr (gtk_stack_get_visible_child_name (tab_child (activity, ORGA_TYPE_CAMPAIGN_ACTIVITY, "content_stack")), ==, "empty");
  g_assert_nonnull (strstr (adw_status_page_get_description (tab_child (activity, ORGA_TYPE_CAMPAIGN_ACTIVITY, "empty_page")),
                            orga_campaign_get_code (campaign)));
  g_assert_cmpstr (gtk_stack_get_visible_child_name (tab_child (results, ORGA_TYPE_CAMPAIGN_RESULTS, "content_stack")), ==, "empty");
  g_assert_false (gtk_column_view_column_get_visible (tab_child (activity, ORGA_TYPE_CAMPAIGN_ACTIVITY, "attempts_column")));
}

int
main (int   argc,
      char *argv[])
{
  int status;

  orga_i18n_init (TRUE);
  textdomain (GETTEXT_PACKAGE);
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  build_base_database ();

  g_test_add ("/campaign-page/header", Fixture, NULL, fixture_set_up, test_header, fixture_tear_down);
  g_test_add ("/campaign-page/archived-and-demo", Fixture, NULL, fixture_set_up, test_archived_and_demo, fixture_tear_down);
  g_test_add ("/campaign-page/activity", Fixture, NULL, fixture_set_up, test_activity, fixture_tear_down);
  g_test_add ("/campaign-page/results", Fixture, NULL, fixture_set_up, test_results, fixture_tear_down);
  g_test_add ("/campaign-page/analysis", Fixture, NULL, fixture_set_up, test_analysis, fixture_tear_down);
  g_test_add ("/campaign-page/profiles", Fixture, NULL, fixture_set_up, test_profiles, fixture_tear_down);
  g_test_add ("/campaign-page/participant", Fixture, NULL, fixture_set_up, test_participant, fixture_tear_down);
  g_test_add ("/campaign-page/delete-participation", Fixture, NULL, fixture_set_up, test_delete_participation, fixture_tear_down);
  g_test_add ("/campaign-page/export", Fixture, NULL, fixture_set_up, test_export, fixture_tear_down);
  g_test_add ("/campaign-page/export-dialog", Fixture, NULL, fixture_set_up, test_export_dialog, fixture_tear_down);
  g_test_add ("/campaign-page/empty-campaign", Fixture, NULL, fixture_set_up, test_empty_campaign, fixture_tear_down);
  g_test_add ("/campaign-page/heat-map", Fixture, NULL, fixture_set_up, test_heat_map, fixture_tear_down);
  g_test_add_func ("/campaign-page/heat-map-empty", test_heat_map_empty);

  status = g_test_run ();

  orga_ui_test_remove_dir (temp_dir);
  return status;
}
