/* test-window.c: the window's start, what it builds and when: the Élèves
 * page for the first frame, the other pages when first shown, the welcome
 * page on a first run only
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "orga-campaign-page.h"
#include "orga-campaigns-page.h"
#include "orga-context.h"
#include "orga-documentation-page.h"
#include "orga-i18n.h"
#include "orga-importer.h"
#include "orga-participant-page.h"
#include "orga-store-campaigns.h"
#include "orga-certifications-page.h"
#include "orga-students-page.h"
#include "orga-team-page.h"
#include "orga-ui-test-util.h"
#include "orga-welcome-page.h"
#include "orga-window.h"

#define N_STUDENTS 300
#define UAI "0330001A"

static char *temp_dir;

typedef struct
{
  OrgaStore   *store;
  OrgaContext *context;
  OrgaWindow  *window;
} Fixture;

static gpointer
child (Fixture    *fixture,
       const char *name)
{
  GObject *object = gtk_widget_get_template_child (GTK_WIDGET (fixture->window), ORGA_TYPE_WINDOW, name);

  g_assert_nonnull (object);
  return object;
}

/* What the pages stack holds for @name: the page itself, or the empty
 * AdwBin keeping its place. */
static GtkWidget *
page_slot (Fixture    *fixture,
           const char *name)
{
  GtkWidget *slot = gtk_stack_get_child_by_name (child (fixture, "pages"), name);

  g_assert_nonnull (slot);
  return slot;
}

static GtkWidget *
built_page (Fixture    *fixture,
            const char *name)
{
  GtkWidget *slot = page_slot (fixture, name);

  g_assert_true (G_OBJECT_TYPE (slot) == ADW_TYPE_BIN);
  return adw_bin_get_child (ADW_BIN (slot));
}

/* A window on a database at @db_path, with or without a school. */
static void
fixture_open (Fixture    *fixture,
              const char *db_path,
              gboolean    with_school)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  g_autoptr(OrgaOrganization) organization = NULL;
  g_autoptr(GError) error = NULL;

  fixture->store = orga_store_open (db_path, &error);
  g_assert_no_error (error);
  fixture->context = orga_context_new (fixture->store, settings);

  if (with_school)
    {
      organization = orga_store_get_organization (fixture->store, &error);
      g_assert_no_error (error);
      g_assert_nonnull (organization);
      orga_context_set_organization (fixture->context, organization);
      orga_context_prefetch_learner_list (fixture->context);
    }

  fixture->window = g_object_new (ORGA_TYPE_WINDOW, "context", fixture->context, NULL);
  gtk_window_set_default_size (GTK_WINDOW (fixture->window), 1100, 720);
  gtk_window_present (GTK_WINDOW (fixture->window));
  orga_ui_test_spin (300);
}

static void
fixture_close (Fixture *fixture)
{
  gtk_window_destroy (GTK_WINDOW (fixture->window));
  orga_ui_test_spin (50);
  g_assert_finalize_object (fixture->context);
  g_assert_finalize_object (fixture->store);
}

/* The rest of the list, past its first rows, is read in a thread. */
static gboolean
view_full_cb (gpointer data)
{
  return g_list_model_get_n_items (G_LIST_MODEL (gtk_column_view_get_model (data))) == N_STUDENTS;
}

/* A school of @n_students in a new database; free with g_free. */
static char *
school_database (guint n_students)
{
  static guint n;
  g_autofree char *name = g_strdup_printf ("school-%u.db", n++);
  g_autofree char *db_path = g_build_filename (temp_dir, name, NULL);
  g_autofree char *file = g_build_filename (temp_dir, "ElevesSansAdresses.xml", NULL);
  g_autofree char *args = g_strdup_printf ("%u", n_students);
  g_autoptr(OrgaStore) store = NULL;
  g_autoptr(OrgaOrganization) organization = NULL;
  g_autoptr(OrgaImporter) importer = NULL;
  g_autoptr(OrgaImportReport) report = NULL;
  g_autoptr(GError) error = NULL;

  orga_ui_test_generate_siecle (file, UAI, args);
  store = orga_store_open (db_path, &error);
  g_assert_no_error (error);
  organization = orga_store_create_organization (store, UAI, "Lycée Montesquieu",
                                                 ORGA_ORGANIZATION_KIND_SCO, &error);
  g_assert_no_error (error);
  importer = orga_importer_new (db_path, file);
  report = orga_importer_run (importer, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (orga_import_report_get_status (report), ==, ORGA_IMPORT_STATUS_IMPORTED);

  return g_steal_pointer (&db_path);
}

/* The Élèves page opens with the whole list; the other pages are built
 * when first shown, once, with the window's context. */
static void
test_pages (void)
{
  g_autofree char *db_path = school_database (N_STUDENTS);
  Fixture fixture = { 0 };
  GtkColumnView *view;
  GtkWidget *campaigns;

  fixture_open (&fixture, db_path, TRUE);

  g_assert_cmpstr (gtk_stack_get_visible_child_name (child (&fixture, "main_stack")), ==, "space");
  g_assert_cmpstr (gtk_stack_get_visible_child_name (child (&fixture, "pages")), ==, "students");
  g_assert_null (adw_bin_get_child (child (&fixture, "welcome_bin")));
  /* Hidden stack pages have no style computed: the welcome page's header
   * bar is hidden but on a first run. */
  g_assert_false (gtk_widget_get_visible (child (&fixture, "welcome_box")));
  /* Nor is its header bar built: the box holds the empty bin alone. */
  g_assert_true (gtk_widget_get_first_child (child (&fixture, "welcome_box")) == child (&fixture, "welcome_bin"));
  g_assert_null (gtk_widget_get_next_sibling (child (&fixture, "welcome_bin")));
  g_assert_null (built_page (&fixture, "campaigns"));
  g_assert_null (built_page (&fixture, "certifications"));
  g_assert_null (built_page (&fixture, "team"));
  g_assert_null (built_page (&fixture, "documentation"));

  /* The first frame's rows were only the first screenful: every student
   * is in the list once it is painted. */
  view = GTK_COLUMN_VIEW (orga_ui_test_students_page_child (GTK_WIDGET (child (&fixture, "students_page")), "column_view"));
  orga_ui_test_wait_until (view_full_cb, view);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (gtk_column_view_get_model (view))), ==, N_STUDENTS);

  orga_window_show_page (fixture.window, "campaigns");
  orga_ui_test_spin (50);
  campaigns = built_page (&fixture, "campaigns");
  g_assert_true (ORGA_IS_CAMPAIGNS_PAGE (campaigns));
  g_assert_true (orga_campaigns_page_get_context (ORGA_CAMPAIGNS_PAGE (campaigns)) == fixture.context);
  g_assert_null (built_page (&fixture, "team"));

  orga_window_show_page (fixture.window, "team");
  orga_window_show_page (fixture.window, "documentation");
  orga_window_show_page (fixture.window, "campaigns");
  orga_ui_test_spin (50);
  g_assert_true (ORGA_IS_TEAM_PAGE (built_page (&fixture, "team")));
  g_assert_true (ORGA_IS_DOCUMENTATION_PAGE (built_page (&fixture, "documentation")));
  g_assert_null (built_page (&fixture, "certifications"));
  g_assert_true (built_page (&fixture, "campaigns") == campaigns);

  fixture_close (&fixture);
}

/* A school's name in the sidebar: a usual one whole, a long one cut in
 * its middle with its UAI kept, whole in the tooltip, and the sidebar no
 * wider for it (it would narrow the Élèves table beside it). */
static void
test_school_name (void)
{
  static const char * const names[] = { "Collège Jean Moulin", "Lycée polyvalent régional Jean Moulin de Saint-Médard-en-Jalles" };
  int widths[G_N_ELEMENTS (names)];

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autofree char *name = g_strdup_printf ("name-%u.db", i);
      g_autofree char *db_path = g_build_filename (temp_dir, name, NULL);
      g_autofree char *title = g_strdup_printf ("%s (%s)", names[i], UAI);
      Fixture fixture = { 0 };
      GtkLabel *label;

      {
        g_autoptr(GError) error = NULL;
        g_autoptr(OrgaStore) store = orga_store_open (db_path, &error);
        g_autoptr(OrgaOrganization) organization = NULL;

        g_assert_no_error (error);
        organization = orga_store_create_organization (store, UAI, names[i], ORGA_ORGANIZATION_KIND_SCO, &error);
        g_assert_no_error (error);
      }

      fixture_open (&fixture, db_path, TRUE);
      label = child (&fixture, "space_subtitle");
      g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (label)));
      g_assert_cmpstr (gtk_label_get_label (label), ==, title);
      g_assert_cmpstr (gtk_widget_get_tooltip_text (GTK_WIDGET (label)), ==, title);
      g_assert_cmpint (pango_layout_is_ellipsized (gtk_label_get_layout (label)), ==, i > 0);
      /* The sidebar: the box of the header bar and the list of pages. */
      widths[i] = gtk_widget_get_width (gtk_widget_get_parent (gtk_widget_get_ancestor (GTK_WIDGET (label),
                                                                                         ADW_TYPE_HEADER_BAR)));
      g_test_message ("%s: sidebar %d pixels", names[i], widths[i]);
      fixture_close (&fixture);
    }

  /* The cap counts average characters: a couple of pixels either way, not
   * the hundred the long name would take (398 pixels whole). */
  g_assert_cmpint (widths[1], <=, widths[0] + 12);
}

/* "Archiver d'abord" of the import warning: the Certifications page,
 * built then, on its Résultats view. */
static void
test_show_cert_results (void)
{
  g_autofree char *db_path = school_database (20);
  Fixture fixture = { 0 };
  GtkWidget *page;

  fixture_open (&fixture, db_path, TRUE);
  g_assert_null (built_page (&fixture, "certifications"));

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture.window), "win.show-cert-results", NULL));
  orga_ui_test_spin (50);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (child (&fixture, "pages")), ==, "certifications");
  page = built_page (&fixture, "certifications");
  g_assert_true (ORGA_IS_CERTIFICATIONS_PAGE (page));
  g_assert_cmpstr (adw_view_stack_get_visible_child_name (orga_certifications_page_get_stack (ORGA_CERTIFICATIONS_PAGE (page))),
                   ==, "results");

  fixture_close (&fixture);
}

static gboolean
campaign_idle_cb (gpointer data)
{
  return !orga_campaign_page_get_busy (data);
}

static gboolean
first_learner_cb (const OrgaLearnerRow *row,
                  gpointer              user_data)
{
  OrgaLearnerRow *first = user_data;

  first->id = row->id;
  first->fields.first_name = g_strdup (row->fields.first_name);
  first->fields.last_name = g_strdup (row->fields.last_name);
  return FALSE;
}

/* A row of a student's page opens the result of their participation:
 * the Campagnes page, the campaign, the participant's page, once the
 * campaign's participations are read. */
static void
test_show_participation (void)
{
  g_autofree char *db_path = school_database (N_STUDENTS);
  g_autoptr(OrgaOrganization) organization = NULL;
  g_autoptr(OrgaCampaign) campaign = NULL;
  g_autoptr(OrgaParticipationSet) set = orga_participation_set_new (ORGA_FRAMEWORK_N_COMPETENCES);
  g_autoptr(GError) error = NULL;
  g_autofree char *title = NULL;
  guint8 results[ORGA_FRAMEWORK_N_COMPETENCES] = { 0 };
  OrgaCampaignSpec spec = { 0 };
  OrgaParticipation p = { 0 };
  OrgaLearnerRow first = { 0 };
  Fixture fixture = { 0 };
  GtkWidget *campaigns, *campaign_page, *participant;

  fixture_open (&fixture, db_path, TRUE);
  organization = orga_store_get_organization (fixture.store, &error);
  g_assert_no_error (error);
  g_assert_true (orga_store_foreach_learner (fixture.store, organization, NULL, first_learner_cb, &first, &error));
  spec.name = "Collecte de rentrée";
  spec.type = ORGA_CAMPAIGN_TYPE_PROFILES_COLLECTION;
  spec.owner = spec.creator = "Mme Durand";
  campaign = orga_store_create_campaign (fixture.store, organization, &spec, &error);
  g_assert_no_error (error);
  p.learner_id = first.id;
  p.status = ORGA_PARTICIPATION_SHARED;
  p.created_at = 1788343200;
  p.shared_at = 1788346800;
  p.is_certifiable = 1;
  p.results = results;
  orga_participation_set_add (set, &p);
  g_assert_true (orga_store_add_participations (fixture.store, campaign, set, &error));
  g_assert_no_error (error);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture.window), "win.show-participation", "(xx)",
                                             orga_campaign_get_id (campaign), first.id));
  g_assert_cmpstr (gtk_stack_get_visible_child_name (child (&fixture, "pages")), ==, "campaigns");
  campaigns = built_page (&fixture, "campaigns");
  campaign_page = adw_bin_get_child (ADW_BIN (gtk_widget_get_template_child (campaigns, ORGA_TYPE_CAMPAIGNS_PAGE,
                                                                             "campaign_slot")));
  g_assert_true (ORGA_IS_CAMPAIGN_PAGE (campaign_page));
  orga_ui_test_wait_until (campaign_idle_cb, campaign_page);
  orga_ui_test_spin (100);
  g_assert_cmpint (orga_campaign_get_id (orga_campaign_page_get_campaign (ORGA_CAMPAIGN_PAGE (campaign_page))), ==,
                   orga_campaign_get_id (campaign));
  g_assert_cmpstr (adw_leaflet_get_visible_child_name (ADW_LEAFLET (gtk_widget_get_template_child (campaign_page,
                                                                                                ORGA_TYPE_CAMPAIGN_PAGE,
                                                                                                "leaflet"))),
                   ==, "participant");
  participant = GTK_WIDGET (gtk_widget_get_template_child (campaign_page, ORGA_TYPE_CAMPAIGN_PAGE, "participant_page"));
  title = g_strdup_printf (_("Profile of %s %s"), first.fields.first_name, first.fields.last_name);
  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (gtk_widget_get_template_child (participant, ORGA_TYPE_PARTICIPANT_PAGE,
                                                                                  "title_label"))), ==, title);

  g_free ((char *) first.fields.first_name);
  g_free ((char *) first.fields.last_name);
  g_clear_object (&campaign);
  g_clear_object (&organization);
  fixture_close (&fixture);
}

/* The window's drop target: what a file dragged over the window meets. */
static GtkDropTarget *
drop_target (Fixture *fixture)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (GTK_WIDGET (fixture->window));

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GObject) controller = g_list_model_get_item (controllers, i);

      if (GTK_IS_DROP_TARGET (controller))
        return GTK_DROP_TARGET (controller);
    }

  g_assert_not_reached ();
}

/* The drop zone is built when a file is first dragged over a school's
 * window, not with the window: the first frame never shows it. */
static void
test_drop_zone (void)
{
  g_autofree char *db_path = school_database (20);
  Fixture fixture = { 0 };
  GtkRevealer *revealer;
  GtkWidget *zone;
  GdkDragAction action = 0;

  fixture_open (&fixture, db_path, TRUE);
  revealer = child (&fixture, "drop_revealer");
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (revealer)));
  g_assert_null (gtk_revealer_get_child (revealer));

  g_signal_emit_by_name (drop_target (&fixture), "enter", 100.0, 100.0, &action);
  g_assert_cmpint (action, ==, GDK_ACTION_COPY);
  zone = gtk_revealer_get_child (revealer);
  g_assert_true (ADW_IS_STATUS_PAGE (zone));
  g_assert_cmpstr (adw_status_page_get_title (ADW_STATUS_PAGE (zone)), ==, _("Drop the File to Import the Students"));
  g_assert_cmpstr (adw_status_page_get_icon_name (ADW_STATUS_PAGE (zone)), ==, "document-send-symbolic");
  g_assert_true (gtk_widget_has_css_class (zone, "drop-zone"));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (revealer)));
  g_assert_true (gtk_revealer_get_reveal_child (revealer));

  /* Left, then dragged over again: the same zone, faded out and in. */
  g_signal_emit_by_name (drop_target (&fixture), "leave");
  g_assert_false (gtk_revealer_get_reveal_child (revealer));
  action = 0;
  g_signal_emit_by_name (drop_target (&fixture), "enter", 100.0, 100.0, &action);
  g_assert_cmpint (action, ==, GDK_ACTION_COPY);
  g_assert_true (gtk_revealer_get_child (revealer) == zone);
  g_signal_emit_by_name (drop_target (&fixture), "leave");

  fixture_close (&fixture);
}

/* A first run shows the welcome page, built for it, and the school's
 * space once the school exists. */
static void
test_first_run (void)
{
  g_autofree char *db_path = g_build_filename (temp_dir, "first-run.db", NULL);
  g_autoptr(OrgaOrganization) organization = NULL;
  g_autoptr(GError) error = NULL;
  Fixture fixture = { 0 };
  GtkWidget *welcome;

  fixture_open (&fixture, db_path, FALSE);

  g_assert_cmpstr (gtk_stack_get_visible_child_name (child (&fixture, "main_stack")), ==, "welcome");
  g_assert_true (gtk_widget_get_visible (child (&fixture, "welcome_box")));
  /* No school to import into: a dragged file finds no drop zone. */
  {
    GdkDragAction action = GDK_ACTION_COPY;

    g_signal_emit_by_name (drop_target (&fixture), "enter", 100.0, 100.0, &action);
    g_assert_cmpint (action, ==, 0);
    g_assert_null (gtk_revealer_get_child (child (&fixture, "drop_revealer")));
  }
  welcome = adw_bin_get_child (child (&fixture, "welcome_bin"));
  g_assert_true (ORGA_IS_WELCOME_PAGE (welcome));
  /* Its header bar, titled with the app's name, above it. */
  {
    GtkWidget *header_bar = gtk_widget_get_first_child (child (&fixture, "welcome_box"));
    GtkWidget *title;

    g_assert_true (ADW_IS_HEADER_BAR (header_bar));
    title = adw_header_bar_get_title_widget (ADW_HEADER_BAR (header_bar));
    g_assert_true (ADW_IS_WINDOW_TITLE (title));
    g_assert_cmpstr (adw_window_title_get_title (ADW_WINDOW_TITLE (title)), ==, "PixOrga");
    g_assert_true (gtk_widget_get_next_sibling (header_bar) == child (&fixture, "welcome_bin"));
  }
  g_assert_true (orga_welcome_page_get_context (ORGA_WELCOME_PAGE (welcome)) == fixture.context);

  organization = orga_store_create_organization (fixture.store, UAI, "Lycée Montesquieu",
                                                 ORGA_ORGANIZATION_KIND_SCO, &error);
  g_assert_no_error (error);
  orga_context_set_organization (fixture.context, organization);
  orga_ui_test_spin (50);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (child (&fixture, "main_stack")), ==, "space");
  g_assert_false (gtk_widget_get_visible (child (&fixture, "welcome_box")));

  fixture_close (&fixture);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  int status;

  orga_i18n_init (TRUE);
  textdomain (GETTEXT_PACKAGE);
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  temp_dir = g_dir_make_tmp ("pixorga-window-test-XXXXXX", &error);
  g_assert_no_error (error);

  g_test_add_func ("/window/pages", test_pages);
  g_test_add_func ("/window/school-name", test_school_name);
  g_test_add_func ("/window/first-run", test_first_run);
  g_test_add_func ("/window/drop-zone", test_drop_zone);
  g_test_add_func ("/window/show-participation", test_show_participation);
  g_test_add_func ("/window/show-cert-results", test_show_cert_results);

  status = g_test_run ();

  orga_ui_test_remove_dir (temp_dir);
  g_free (temp_dir);
  return status;
}
