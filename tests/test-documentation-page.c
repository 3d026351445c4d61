/* test-documentation-page.c: the guide to the school year: what it says
 * is done and what it suggests next follows the store, and its buttons
 * open the right pages through the window's actions
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "orga-certifications-page.h"
#include "orga-context.h"
#include "orga-documentation-page.h"
#include "orga-format.h"
#include "orga-guide-progress.h"
#include "orga-i18n.h"
#include "orga-importer.h"
#include "orga-store-campaigns.h"
#include "orga-store-cert.h"
#include "orga-ui-test-util.h"
#include "orga-window.h"

#define UAI "0330001A"

static char *temp_dir;

typedef struct
{
  char                  *db_path;
  char                  *siecle;
  OrgaStore             *store;
  OrgaContext           *context;
  OrgaOrganization      *organization;
  OrgaWindow            *window;
  OrgaDocumentationPage *page;
} Fixture;

static GtkStack *
pages (Fixture *fixture)
{
  return GTK_STACK (gtk_widget_get_template_child (GTK_WIDGET (fixture->window), ORGA_TYPE_WINDOW, "pages"));
}

/* A school without students, in a window on its Documentation page. */
static void
fixture_open (Fixture *fixture)
{
  static guint n;
  g_autofree char *name = g_strdup_printf ("school-%u.db", n);
  g_autofree char *file = g_strdup_printf ("ElevesSansAdresses-%u.xml", n++);
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  g_autoptr(GError) error = NULL;
  GtkWidget *slot;

  fixture->db_path = g_build_filename (temp_dir, name, NULL);
  fixture->siecle = g_build_filename (temp_dir, file, NULL);
  orga_ui_test_generate_siecle (fixture->siecle, UAI, "60");
  fixture->store = orga_store_open (fixture->db_path, &error);
  g_assert_no_error (error);
  fixture->organization = orga_store_create_organization (fixture->store, UAI, "Collège Jean Moulin",
                                                          ORGA_ORGANIZATION_KIND_SCO, &error);
  g_assert_no_error (error);
  fixture->context = orga_context_new (fixture->store, settings);
  orga_context_set_organization (fixture->context, fixture->organization);

  fixture->window = g_object_new (ORGA_TYPE_WINDOW, "context", fixture->context, NULL);
  gtk_window_set_default_size (GTK_WINDOW (fixture->window), 1000, 900);
  gtk_window_present (GTK_WINDOW (fixture->window));
  orga_ui_test_spin (200);

  orga_window_show_page (fixture->window, "documentation");
  orga_ui_test_spin (100);
  slot = gtk_stack_get_child_by_name (pages (fixture), "documentation");
  g_assert_true (ADW_IS_BIN (slot));
  fixture->page = ORGA_DOCUMENTATION_PAGE (adw_bin_get_child (ADW_BIN (slot)));
  g_assert_true (ORGA_IS_DOCUMENTATION_PAGE (fixture->page));
  g_assert_true (orga_documentation_page_get_context (fixture->page) == fixture->context);
}

static void
fixture_close (Fixture *fixture)
{
  gtk_window_destroy (GTK_WINDOW (fixture->window));
  orga_ui_test_spin (50);
  g_clear_object (&fixture->organization);
  g_assert_finalize_object (fixture->context);
  g_assert_finalize_object (fixture->store);
  g_free (fixture->db_path);
  g_free (fixture->siecle);
}

/* The list imported as the app does: on a connection of its own, seen
 * by the window's store through its change feed. */
static void
import_students (Fixture *fixture)
{
  g_autoptr(OrgaImporter) importer = orga_importer_new (fixture->db_path, fixture->siecle);
  g_autoptr(OrgaImportReport) report = NULL;
  g_autoptr(GError) error = NULL;

  report = orga_importer_run (importer, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (orga_import_report_get_status (report), ==, ORGA_IMPORT_STATUS_IMPORTED);
}

static const char *
subtitle (Fixture       *fixture,
          OrgaGuideStep  step)
{
  return adw_action_row_get_subtitle (orga_documentation_page_get_step_row (fixture->page, step));
}

/* The status line of a step's row, as it reads on screen: the first
 * line of the subtitle, said in words (not only by the icon). */
static void
assert_status (Fixture       *fixture,
               OrgaGuideStep  step,
               gboolean       done,
               const char    *text)
{
  g_autofree char *status = g_strdup_printf (done ? _("Done: %s") : _("To do: %s"), text);
  g_autofree char *line = g_strdup_printf ("%s\n", status);
  g_autofree char *shown = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (pango_parse_markup (subtitle (fixture, step), -1, 0, NULL, &shown, NULL, &error));
  g_assert_no_error (error);
  if (!g_str_has_prefix (shown, line))
    g_error ("Step %d says “%s”, not “%s”", step, shown, status);
}

static gboolean
next_moved_on_cb (gpointer data)
{
  return orga_documentation_page_get_next_step (data) != ORGA_GUIDE_STEP_IMPORT;
}

static const char *
next_title (Fixture *fixture)
{
  return adw_preferences_row_get_title (ADW_PREFERENCES_ROW (orga_documentation_page_get_next_row (fixture->page)));
}

/* An empty school is told to import its list first; once imported, the
 * step says when, and the guide moves on to the team. */
static void
test_progress (void)
{
  Fixture fixture = { 0 };
  g_autoptr(OrgaImportRecord) import = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *day = NULL;

  fixture_open (&fixture);

  g_assert_cmpint (orga_documentation_page_get_next_step (fixture.page), ==, ORGA_GUIDE_STEP_IMPORT);
  g_assert_cmpstr (next_title (&fixture), ==, _("Import the student list"));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (orga_documentation_page_get_next_button (fixture.page))));
  g_assert_cmpstr (gtk_actionable_get_action_name (GTK_ACTIONABLE (orga_documentation_page_get_next_button (fixture.page))),
                   ==, "win.import");
  /* The space exists: activated, here without Pix Orga. */
  assert_status (&fixture, ORGA_GUIDE_STEP_ACTIVATION, TRUE,
                 _("Space activated on this computer, not linked to Pix Orga"));
  assert_status (&fixture, ORGA_GUIDE_STEP_IMPORT, FALSE, _("No student list imported yet"));
  assert_status (&fixture, ORGA_GUIDE_STEP_CAMPAIGNS, FALSE, _("No campaign this school year yet"));
  assert_status (&fixture, ORGA_GUIDE_STEP_ARCHIVE, FALSE, _("Not archived yet"));

  import_students (&fixture);
  orga_ui_test_wait_until (next_moved_on_cb, fixture.page);

  import = orga_store_get_last_import (fixture.store, fixture.organization, TRUE, &error);
  g_assert_no_error (error);
  g_assert_nonnull (import);
  day = orga_format_iso_date (import->created_at, orga_format_paris_time_zone ());
  g_assert_nonnull (day);
  {
    g_autofree char *done = g_strdup_printf (_("Student list imported on %s"), day);

    assert_status (&fixture, ORGA_GUIDE_STEP_IMPORT, TRUE, done);
  }
  g_assert_cmpint (orga_documentation_page_get_next_step (fixture.page), ==, ORGA_GUIDE_STEP_TEAM);
  g_assert_cmpstr (next_title (&fixture), ==, _("Invite your team"));
  g_assert_cmpstr (gtk_actionable_get_action_name (GTK_ACTIONABLE (orga_documentation_page_get_next_button (fixture.page))),
                   ==, "win.show-page");

  fixture_close (&fixture);
}

static OrgaCampaign *
add_campaign (Fixture          *fixture,
              const char       *name,
              OrgaCampaignType  type)
{
  OrgaCampaignSpec spec = {
    .name = name,
    .type = type,
    .target_profile_id = type == ORGA_CAMPAIGN_TYPE_ASSESSMENT ? "rentree-6e" : NULL,
    .owner = "Anne Proviseure",
    .creator = "Anne Proviseure",
  };
  g_autoptr(GError) error = NULL;
  OrgaCampaign *campaign = orga_store_create_campaign (fixture->store, fixture->organization, &spec, &error);

  g_assert_no_error (error);
  return campaign;
}

/* The campaigns and the certification of this year, as the store has
 * them, counted on the page as they are written. */
static void
test_year (void)
{
  Fixture fixture = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) december = g_date_time_new_utc (2026, 12, 3, 8, 0, 0);
  g_autoptr(GDateTime) july = g_date_time_new_utc (2027, 7, 31, 8, 0, 0);
  g_autoptr(GDateTime) august = g_date_time_new_utc (2027, 8, 1, 8, 0, 0);
  g_autofree char *start_december = orga_guide_school_year_start (december);
  g_autofree char *start_july = orga_guide_school_year_start (july);
  g_autofree char *start_august = orga_guide_school_year_start (august);
  g_autofree char *campaigns = NULL;
  g_autofree char *sessions = NULL;
  g_autoptr(GDateTime) now = NULL;
  g_autoptr(GDateTime) past = NULL;
  g_autofree char *past_day = NULL;
  g_autofree char *start = NULL;
  gboolean this_year;

  /* The year runs from 1 August: a late-August import prepares the next. */
  g_assert_cmpstr (start_december, ==, "2026-08-01");
  g_assert_cmpstr (start_july, ==, "2026-08-01");
  g_assert_cmpstr (start_august, ==, "2027-08-01");

  fixture_open (&fixture);
  import_students (&fixture);
  orga_ui_test_wait_until (next_moved_on_cb, fixture.page);

  g_object_unref (add_campaign (&fixture, "Rentrée 6e", ORGA_CAMPAIGN_TYPE_ASSESSMENT));
  g_object_unref (add_campaign (&fixture, "Rentrée 5e", ORGA_CAMPAIGN_TYPE_ASSESSMENT));
  g_object_unref (add_campaign (&fixture, "Rentrée 4e", ORGA_CAMPAIGN_TYPE_ASSESSMENT));
  g_object_unref (add_campaign (&fixture, "Collecte 3e", ORGA_CAMPAIGN_TYPE_PROFILES_COLLECTION));
  orga_ui_test_spin (100);
  campaigns = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u campaign this school year",
                                            "%u campaigns this school year", 3), 3);
  assert_status (&fixture, ORGA_GUIDE_STEP_CAMPAIGNS, TRUE, campaigns);
  assert_status (&fixture, ORGA_GUIDE_STEP_PROFILES, FALSE,
                 _("Profiles collection launched, no profile received yet"));

  /* Two sessions, one published with results 30 days ago, one in 30
   * days: early in August, the published one is of the year before. */
  g_assert_true (orga_store_add_demo_cert_data (fixture.store, fixture.organization, &error));
  g_assert_no_error (error);
  orga_ui_test_spin (100);
  now = g_date_time_new_now_local ();
  past = g_date_time_add_days (now, -30);
  past_day = g_date_time_format (past, "%Y-%m-%d");
  start = orga_guide_school_year_start (now);
  this_year = g_strcmp0 (past_day, start) >= 0;
  sessions = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u certification session",
                                           "%u certification sessions", this_year ? 2 : 1), this_year ? 2 : 1);
  assert_status (&fixture, ORGA_GUIDE_STEP_SESSIONS, TRUE, sessions);
  if (this_year)
    assert_status (&fixture, ORGA_GUIDE_STEP_RESULTS, TRUE, _("Results sent by Pix"));
  else
    assert_status (&fixture, ORGA_GUIDE_STEP_RESULTS, FALSE, _("No results received yet"));
  assert_status (&fixture, ORGA_GUIDE_STEP_ARCHIVE, FALSE, _("Not archived yet"));

  orga_ui_test_shoot (GTK_WINDOW (fixture.window), "guide");

  /* Archived: the step says when. */
  g_assert_true (orga_store_note_archive (fixture.store, fixture.organization, "/tmp/archive.zip", "Anne", &error));
  g_assert_no_error (error);
  orga_ui_test_spin (100);
  {
    g_autofree char *at = orga_store_dup_last_archive_at (fixture.store, fixture.organization, &error);
    g_autofree char *day = orga_format_iso_date (at, orga_format_paris_time_zone ());
    g_autofree char *done = g_strdup_printf (_("School year archived on %s"), day);

    assert_status (&fixture, ORGA_GUIDE_STEP_ARCHIVE, TRUE, done);
  }

  fixture_close (&fixture);
}

static void
click (GtkButton *button)
{
  g_assert_true (gtk_widget_is_sensitive (GTK_WIDGET (button)));
  g_assert_true (gtk_widget_is_drawable (GTK_WIDGET (button)));
  /* What a click does; gtk_widget_activate() would click 250 ms later. */
  g_signal_emit_by_name (button, "clicked");
  orga_ui_test_spin (100);
}

static const char *
cert_view (Fixture *fixture)
{
  GtkWidget *slot = gtk_stack_get_child_by_name (pages (fixture), "certifications");
  GtkWidget *page = adw_bin_get_child (ADW_BIN (slot));

  g_assert_true (ORGA_IS_CERTIFICATIONS_PAGE (page));
  return adw_view_stack_get_visible_child_name (orga_certifications_page_get_stack (ORGA_CERTIFICATIONS_PAGE (page)));
}

/* Each button opens its step's page or view, as a click would. */
static void
test_buttons (void)
{
  Fixture fixture = { 0 };
  g_autofree char *campaigns = NULL;

  fixture_open (&fixture);
  import_students (&fixture);
  orga_ui_test_wait_until (next_moved_on_cb, fixture.page);

  /* "Commencer" of the next step, the team. */
  click (orga_documentation_page_get_next_button (fixture.page));
  g_assert_cmpstr (gtk_stack_get_visible_child_name (pages (&fixture)), ==, "team");

  /* Written while the guide is hidden: read once it shows again. */
  g_object_unref (add_campaign (&fixture, "Rentrée 6e", ORGA_CAMPAIGN_TYPE_ASSESSMENT));
  orga_ui_test_spin (100);
  orga_window_show_page (fixture.window, "documentation");
  orga_ui_test_spin (100);
  campaigns = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u campaign this school year",
                                            "%u campaigns this school year", 1), 1);
  assert_status (&fixture, ORGA_GUIDE_STEP_CAMPAIGNS, TRUE, campaigns);

  click (orga_documentation_page_get_step_button (fixture.page, ORGA_GUIDE_STEP_SESSIONS));
  g_assert_cmpstr (gtk_stack_get_visible_child_name (pages (&fixture)), ==, "certifications");
  g_assert_cmpstr (cert_view (&fixture), ==, "sessions");

  orga_window_show_page (fixture.window, "documentation");
  click (orga_documentation_page_get_step_button (fixture.page, ORGA_GUIDE_STEP_PREPARATION));
  g_assert_cmpstr (gtk_stack_get_visible_child_name (pages (&fixture)), ==, "certifications");
  g_assert_cmpstr (cert_view (&fixture), ==, "readiness");

  orga_window_show_page (fixture.window, "documentation");
  click (orga_documentation_page_get_step_button (fixture.page, ORGA_GUIDE_STEP_ARCHIVE));
  g_assert_cmpstr (cert_view (&fixture), ==, "results");

  orga_window_show_page (fixture.window, "documentation");
  click (orga_documentation_page_get_step_button (fixture.page, ORGA_GUIDE_STEP_ACCOUNTS));
  g_assert_cmpstr (gtk_stack_get_visible_child_name (pages (&fixture)), ==, "students");

  orga_window_show_page (fixture.window, "documentation");
  click (orga_documentation_page_get_step_button (fixture.page, ORGA_GUIDE_STEP_PALIERS));
  g_assert_cmpstr (gtk_stack_get_visible_child_name (pages (&fixture)), ==, "campaigns");

  orga_ui_test_close_dialogs (GTK_WINDOW (fixture.window));
  fixture_close (&fixture);
}

/* The next step is the first left to do; a step the store cannot see
 * done (the livret scolaire) is never suggested. */
static void
test_next (void)
{
  OrgaGuideProgress progress = { 0 };

  for (guint i = 0; i < ORGA_GUIDE_N_STEPS; i++)
    progress.states[i] = ORGA_GUIDE_STATE_DONE;
  progress.states[ORGA_GUIDE_STEP_LIVRET] = ORGA_GUIDE_STATE_UNTRACKED;
  g_assert_cmpint (orga_guide_progress_get_next (&progress), ==, ORGA_GUIDE_N_STEPS);

  progress.states[ORGA_GUIDE_STEP_ARCHIVE] = ORGA_GUIDE_STATE_TO_DO;
  g_assert_cmpint (orga_guide_progress_get_next (&progress), ==, ORGA_GUIDE_STEP_ARCHIVE);
  progress.states[ORGA_GUIDE_STEP_TEAM] = ORGA_GUIDE_STATE_TO_DO;
  g_assert_cmpint (orga_guide_progress_get_next (&progress), ==, ORGA_GUIDE_STEP_TEAM);
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

  temp_dir = g_dir_make_tmp ("pixorga-documentation-test-XXXXXX", &error);
  g_assert_no_error (error);

  g_test_add_func ("/documentation/next", test_next);
  g_test_add_func ("/documentation/progress", test_progress);
  g_test_add_func ("/documentation/year", test_year);
  g_test_add_func ("/documentation/buttons", test_buttons);

  status = g_test_run ();

  orga_ui_test_remove_dir (temp_dir);
  g_free (temp_dir);
  return status;
}
