/* test-live-update.c: what pixorga-cli writes while the app is open shows
 * in its pages within 2 seconds, with no restart (the change feed)
 *
 * The real pages on a database the real pixorga-cli ($PIXORGA_CLI) writes
 * from another process: a school set up while the welcome page waits, an
 * import, a campaign created, demonstration data. Each time the page
 * follows, keeping the student selected, the campaign open and its tab.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <math.h>
#include <string.h>

#include "orga-campaign-data.h"
#include "orga-campaign-page.h"
#include "orga-campaigns-page.h"
#include "orga-context.h"
#include "orga-i18n.h"
#include "orga-learner-slot.h"
#include "orga-store-campaigns.h"
#include "orga-students-page.h"
#include "orga-test-util.h"
#include "orga-ui-test-util.h"
#include "orga-welcome-page.h"

#define UAI "0330001A"
#define N_STUDENTS 40
/* How long a CLI write may take to show. */
#define LIMIT_MS 2000

static char *temp_dir;

/* Runs the main loop until @condition holds; fails after LIMIT_MS. */
static void
wait_at_most (const char          *what,
              OrgaUiTestCondition  condition,
              gpointer             data)
{
  gint64 start = g_get_monotonic_time ();
  gint64 end = start + LIMIT_MS * G_TIME_SPAN_MILLISECOND;

  while (!condition (data))
    {
      if (g_get_monotonic_time () > end)
        g_error ("%s: not shown within %d ms", what, LIMIT_MS);
      g_main_context_iteration (NULL, FALSE) || (g_usleep (2000), TRUE);
    }
  g_test_message ("%s: shown %" G_GINT64_FORMAT " ms after pixorga-cli exited",
                  what, (g_get_monotonic_time () - start) / 1000);
}

/* ------------------------------------------------------------------------
 * The welcome page, while pixorga-cli init sets the school up
 * ------------------------------------------------------------------------ */

static gboolean
has_school_cb (gpointer data)
{
  return orga_context_get_organization (data) != NULL;
}

static void
created_cb (OrgaWelcomePage  *page,
            OrgaOrganization *organization,
            gboolean         *created)
{
  *created = TRUE;
}

static void
test_welcome (void)
{
  const char *init[] = { "init", "--uai", UAI, "--name", "Collège Jean Moulin", NULL };
  g_autofree char *path = g_build_filename (temp_dir, "welcome.db", NULL);
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  g_autoptr(OrgaStore) store = NULL;
  g_autoptr(OrgaContext) context = NULL;
  g_autoptr(GError) error = NULL;
  OrgaWelcomePage *page;
  GtkWindow *window;
  gboolean created = FALSE;

  store = orga_store_open (path, &error);
  g_assert_no_error (error);
  context = orga_context_new (store, settings);

  page = g_object_new (ORGA_TYPE_WELCOME_PAGE, NULL);
  orga_welcome_page_set_context (page, context);
  g_signal_connect (page, "created", G_CALLBACK (created_cb), &created);
  window = orga_ui_test_present (GTK_WIDGET (page), 800, 600);
  orga_ui_test_spin (200);
  g_assert_null (orga_context_get_organization (context));

  orga_test_run_cli (path, init);
  wait_at_most ("init", has_school_cb, context);
  g_assert_true (created);
  g_assert_cmpstr (orga_organization_get_uai (orga_context_get_organization (context)), ==, UAI);

  gtk_window_destroy (window);
  orga_ui_test_spin (50);
  g_unlink (path);
}

/* ------------------------------------------------------------------------
 * The Élèves and Campagnes pages, while pixorga-cli imports, creates a
 * campaign and fills it with demonstration data
 * ------------------------------------------------------------------------ */

typedef struct
{
  OrgaContext       *context;
  OrgaStudentsPage  *students;
  OrgaCampaignsPage *campaigns;
} Pages;

static gpointer
students_child (Pages      *pages,
                const char *name)
{
  return orga_ui_test_students_page_child (GTK_WIDGET (pages->students), name);
}

static gpointer
campaigns_child (Pages      *pages,
                 const char *name)
{
  return gtk_widget_get_template_child (GTK_WIDGET (pages->campaigns), ORGA_TYPE_CAMPAIGNS_PAGE, name);
}

static OrgaCampaignPage *
campaign_page (Pages *pages)
{
  return ORGA_CAMPAIGN_PAGE (adw_bin_get_child (campaigns_child (pages, "campaign_slot")));
}

static gboolean
students_imported_cb (gpointer data)
{
  Pages *pages = data;
  g_autofree char *title = g_strdup_printf ("(%u)", N_STUDENTS);

  /* The title at once; the rows with the list's first frame (the page
   * builds rows only once it knows how many a frame shows). */
  return strstr (gtk_label_get_label (students_child (pages, "title_label")), title) != NULL &&
         students_child (pages, "column_view") != NULL &&
         g_list_model_get_n_items (G_LIST_MODEL (gtk_column_view_get_model (students_child (pages, "column_view")))) == N_STUDENTS;
}

static gboolean
campaign_listed_cb (gpointer data)
{
  Pages *pages = data;

  return g_list_model_get_n_items (G_LIST_MODEL (gtk_column_view_get_model (campaigns_child (pages, "column_view")))) == 1;
}

static gboolean
campaign_loaded_cb (gpointer data)
{
  return orga_campaign_page_get_data (campaign_page (data)) != NULL &&
         !orga_campaign_page_get_busy (campaign_page (data));
}

static gboolean
demo_shown_cb (gpointer data)
{
  Pages *pages = data;
  OrgaCampaignData *campaign_data = orga_campaign_page_get_data (campaign_page (pages));

  return gtk_revealer_get_reveal_child (campaigns_child (pages, "demo_revealer")) &&
         campaign_data != NULL && campaign_data->is_demo &&
         orga_participation_set_get_n (campaign_data->participations) > 0;
}

static void
test_cli_writes (void)
{
  const char *create[] = { "campaign", "create", "--name", "Rentrée 6e", "--profile", "rentree-6e", NULL };
  const char *demo[] = { "demo", "--seed", "7", NULL };
  g_autofree char *path = g_build_filename (temp_dir, "live.db", NULL);
  g_autofree char *siecle = g_build_filename (temp_dir, "live.xml", NULL);
  g_autofree char *count = g_strdup_printf ("%u", N_STUDENTS);
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  g_autoptr(OrgaStore) store = NULL;
  g_autoptr(OrgaOrganization) organization = NULL;
  g_autoptr(GError) error = NULL;
  GtkSingleSelection *students_selection;
  OrgaLearner *selected;
  gint64 selected_id;
  guint selected_position;
  Pages pages = { 0 };
  GtkWidget *box;
  GtkWindow *window;

  orga_ui_test_generate_siecle (siecle, UAI, count);

  store = orga_store_open (path, &error);
  g_assert_no_error (error);
  organization = orga_store_create_organization (store, UAI, "Collège Jean Moulin",
                                                 ORGA_ORGANIZATION_KIND_SCO, &error);
  g_assert_no_error (error);
  /* The context watches its store for other writers. */
  pages.context = orga_context_new (store, settings);
  orga_context_set_organization (pages.context, organization);

  box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 0);
  pages.students = g_object_new (ORGA_TYPE_STUDENTS_PAGE, "context", pages.context, NULL);
  pages.campaigns = g_object_new (ORGA_TYPE_CAMPAIGNS_PAGE, "context", pages.context, NULL);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (pages.students));
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (pages.campaigns));
  /* Each page as wide as in a laptop's window: a narrower Élèves page
   * folds its last-import line away. */
  gtk_box_set_homogeneous (GTK_BOX (box), TRUE);
  window = orga_ui_test_present (box, 2400, 800);
  orga_ui_test_spin (200);
  g_assert_false (students_imported_cb (&pages));
  /* No students, no table: it is built when they arrive. */
  g_assert_null (students_child (&pages, "column_view"));
  g_assert_null (orga_ui_test_find_descendant (GTK_WIDGET (pages.students), GTK_TYPE_COLUMN_VIEW));

  /* An import: the list, its count and its classes. */
  {
    const char *import[] = { "import", siecle, NULL };

    orga_test_run_cli (path, import);
    wait_at_most ("import", students_imported_cb, &pages);
  }
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (gtk_column_view_get_model (students_child (&pages, "column_view")))),
                    ==, N_STUDENTS);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (students_child (&pages, "content_stack")), ==, "list");
  g_assert_true (gtk_widget_get_visible (students_child (&pages, "last_import_label")));
  /* The table built on the store's news is the page's, shown. */
  g_assert_true (orga_ui_test_find_descendant (GTK_WIDGET (pages.students), GTK_TYPE_COLUMN_VIEW) ==
                 students_child (&pages, "column_view"));
  g_assert_true (gtk_widget_get_mapped (students_child (&pages, "column_view")));

  /* A student selected stays selected through what follows. (Where the
   * pointer rests, a column view that activates on a single click may
   * select the row under it first: what is selected once it settled.) */
  students_selection = GTK_SINGLE_SELECTION (gtk_column_view_get_model (students_child (&pages, "column_view")));
  gtk_single_selection_set_selected (students_selection, 5);
  orga_ui_test_spin (200);
  selected_position = gtk_single_selection_get_selected (students_selection);
  g_assert_cmpuint (selected_position, <, N_STUDENTS);
  selected = g_object_ref (orga_learner_slot_get_learner (gtk_single_selection_get_selected_item (students_selection)));
  selected_id = orga_learner_get_id (selected);
  g_clear_object (&selected);

  /* A campaign created: the list; then opened, on its Résultats tab. */
  orga_test_run_cli (path, create);

  wait_at_most ("campaign create", campaign_listed_cb, &pages);
  {
    g_autoptr(OrgaCampaign) campaign = g_list_model_get_item (G_LIST_MODEL (gtk_column_view_get_model (campaigns_child (&pages, "column_view"))), 0);

    g_assert_cmpstr (orga_campaign_get_name (campaign), ==, "Rentrée 6e");
    orga_campaigns_page_show_campaign (pages.campaigns, campaign);
  }
  orga_ui_test_wait_until (campaign_loaded_cb, &pages);
  g_assert_false (orga_campaign_page_get_data (campaign_page (&pages))->is_demo);
  {
    AdwViewStack *stack = (AdwViewStack *) gtk_widget_get_template_child (GTK_WIDGET (campaign_page (&pages)),
                                                         ORGA_TYPE_CAMPAIGN_PAGE, "view_stack");

    adw_view_stack_set_visible_child_name (stack, "results");

    /* Demonstration data: the banner, the open campaign's figures. */
    orga_test_run_cli (path, demo);
    wait_at_most ("demo", demo_shown_cb, &pages);
    g_assert_cmpstr (adw_view_stack_get_visible_child_name (stack), ==, "results");
  }
  g_assert_cmpstr (adw_leaflet_get_visible_child_name (campaigns_child (&pages, "leaflet")), ==, "campaign");

  g_assert_cmpuint (gtk_single_selection_get_selected (students_selection), ==, selected_position);
  selected = g_object_ref (orga_learner_slot_get_learner (gtk_single_selection_get_selected_item (students_selection)));
  g_assert_cmpint (orga_learner_get_id (selected), ==, selected_id);
  g_clear_object (&selected);

  gtk_window_destroy (window);
  /* Loads cancelled by the pages' dispose still hold them until done. */
  orga_ui_test_spin (500);
  g_assert_finalize_object (pages.context);
  g_clear_object (&organization);
  g_assert_finalize_object (g_steal_pointer (&store));
  g_unlink (path);
}

/* ------------------------------------------------------------------------
 * The Campagnes list keeps its scroll when another program writes
 * ------------------------------------------------------------------------ */

static OrgaCampaign *
create_campaign (OrgaStore        *store,
                 OrgaOrganization *organization,
                 const char       *name,
                 const char       *owner)
{
  OrgaCampaignSpec spec = {
    .name = name,
    .type = ORGA_CAMPAIGN_TYPE_PROFILES_COLLECTION,
    .owner = owner,
    .creator = owner,
  };
  g_autoptr(GError) error = NULL;
  OrgaCampaign *campaign = orga_store_create_campaign (store, organization, &spec, &error);

  g_assert_no_error (error);
  return campaign;
}

static gboolean
n_campaigns_cb (gpointer data)
{
  Pages *pages = data;

  return g_list_model_get_n_items (G_LIST_MODEL (gtk_column_view_get_model (campaigns_child (pages, "column_view")))) == 61;
}

static void
test_campaigns_scroll (void)
{
  g_autofree char *path = g_build_filename (temp_dir, "scroll.db", NULL);
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  g_autoptr(OrgaStore) store = NULL;
  g_autoptr(OrgaStore) other = NULL;
  g_autoptr(OrgaOrganization) organization = NULL;
  g_autoptr(OrgaCampaign) added = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *me = NULL;
  GtkAdjustment *vadjustment;
  Pages pages = { 0 };
  GtkWindow *window;
  double scrolled;

  store = orga_store_open (path, &error);
  g_assert_no_error (error);
  organization = orga_store_create_organization (store, UAI, "Collège Jean Moulin",
                                                 ORGA_ORGANIZATION_KIND_SCO, &error);
  g_assert_no_error (error);
  pages.context = orga_context_new (store, settings);
  orga_context_set_organization (pages.context, organization);
  me = orga_context_dup_user_name (pages.context);
  for (guint i = 0; i < 60; i++)
    {
      g_autofree char *name = g_strdup_printf ("Collecte %02u", i);
      g_autoptr(OrgaCampaign) campaign = create_campaign (store, organization, name, me);
    }

  pages.campaigns = g_object_new (ORGA_TYPE_CAMPAIGNS_PAGE, "context", pages.context, NULL);
  window = orga_ui_test_present (GTK_WIDGET (pages.campaigns), 1000, 500);
  orga_ui_test_spin (300);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (gtk_column_view_get_model (campaigns_child (&pages, "column_view")))),
                    ==, 60);

  /* The head reads the middle of the list… */
  vadjustment = gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (campaigns_child (&pages, "column_view")));
  g_assert_cmpfloat (gtk_adjustment_get_upper (vadjustment) - gtk_adjustment_get_page_size (vadjustment), >, 400);
  gtk_adjustment_set_value (vadjustment, 400);
  orga_ui_test_spin (200);
  scrolled = gtk_adjustment_get_value (vadjustment);
  g_assert_cmpfloat (scrolled, >, 300);

  /* …when another connection (another program, later a sync) adds one. */
  other = orga_store_open (path, &error);
  g_assert_no_error (error);
  added = create_campaign (other, organization, "Collecte d’ailleurs", me);
  wait_at_most ("a campaign written elsewhere", n_campaigns_cb, &pages);
  orga_ui_test_spin (200);
  g_assert_cmpfloat (fabs (gtk_adjustment_get_value (vadjustment) - scrolled), <, 1);

  gtk_window_destroy (window);
  g_clear_object (&pages.context);
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

  temp_dir = g_dir_make_tmp ("pixorga-live-XXXXXX", NULL);
  g_assert_nonnull (temp_dir);

  g_test_add_func ("/live-update/welcome", test_welcome);
  g_test_add_func ("/live-update/cli-writes", test_cli_writes);
  g_test_add_func ("/live-update/campaigns-scroll", test_campaigns_scroll);

  status = g_test_run ();

  orga_ui_test_remove_dir (temp_dir);
  return status;
}
