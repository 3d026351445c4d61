/* test-narrow.c: every page and dialog of the real window fits a phone's
 * 360 × 640: the minimum width of what a window holds is at most 360,
 * the sidebar folds, the tables scroll sideways; at 1280 × 800, the
 * sidebar stays and the bars do not wrap
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "orga-campaign-form.h"
#include "orga-campaign-page.h"
#include "orga-campaigns-page.h"
#include "orga-cert-enrol-dialog.h"
#include "orga-cert-finalize-dialog.h"
#include "orga-cert-session-dialog.h"
#include "orga-cert-sessions-page.h"
#include "orga-certifications-page.h"
#include "orga-connection.h"
#include "orga-context.h"
#include "orga-demo.h"
#include "orga-i18n.h"
#include "orga-import-errors-dialog.h"
#include "orga-import-preview-dialog.h"
#include "orga-importer.h"
#include "orga-join-dialog.h"
#include "orga-learner-list.h"
#include "orga-preferences-window.h"
#include "orga-store-campaigns.h"
#include "orga-store-cert.h"
#include "orga-student-account-dialog.h"
#include "orga-student-page.h"
#include "orga-students-filter-bar.h"
#include "orga-students-page.h"
#include "orga-ui-test-util.h"
#include "orga-window.h"
#include "orga-wrap-box.h"

#define UAI "0330001A"
#define NARROW_WIDTH 360
#define NARROW_HEIGHT 640

static char *temp_dir;
static char *base_db;
static char *siecle;

typedef struct
{
  char           *db_path;
  OrgaStore      *store;
  OrgaContext    *context;
  OrgaConnection *connection;
  OrgaWindow     *window;
  GString        *misfits;   /* what did not fit, one line each */
} Fixture;

/* ------------------------------------------------------------------------
 * What does not fit
 * ------------------------------------------------------------------------ */

static int
min_width (GtkWidget *widget)
{
  int minimum = 0;

  gtk_widget_measure (widget, GTK_ORIENTATION_HORIZONTAL, -1, &minimum, NULL, NULL, NULL);
  return minimum;
}

/* A widget as a reader of the .ui files knows it: its type, its id, its
 * text. */
static char *
describe (GtkWidget *widget)
{
  const char *id = GTK_IS_BUILDABLE (widget) ? gtk_buildable_get_buildable_id (GTK_BUILDABLE (widget)) : NULL;
  const char *text = NULL;

  if (GTK_IS_LABEL (widget))
    text = gtk_label_get_label (GTK_LABEL (widget));
  else if (GTK_IS_BUTTON (widget))
    text = gtk_button_get_label (GTK_BUTTON (widget));
  else if (ADW_IS_PREFERENCES_ROW (widget))
    text = adw_preferences_row_get_title (ADW_PREFERENCES_ROW (widget));

  return g_strdup_printf ("%s%s%s%s%s%s (%d)", G_OBJECT_TYPE_NAME (widget),
                          id != NULL ? "#" : "", id != NULL ? id : "",
                          text != NULL ? " “" : "", text != NULL ? text : "", text != NULL ? "”" : "",
                          min_width (widget));
}

/* The chain of widgets down to the deepest one wider than @limit: the
 * one to change. */
static void
append_culprit (GString   *out,
                GtkWidget *widget,
                int        limit)
{
  for (;;)
    {
      g_autofree char *text = describe (widget);
      GtkWidget *wide = NULL;

      g_string_append_printf (out, "    %s\n", text);
      /* The widest shown, or hidden but measured (a homogeneous stack). */
      for (GtkWidget *c = gtk_widget_get_first_child (widget); c != NULL; c = gtk_widget_get_next_sibling (c))
        if (gtk_widget_get_mapped (c) && min_width (c) > limit && (wide == NULL || min_width (c) > min_width (wide)))
          wide = c;
      for (GtkWidget *c = gtk_widget_get_first_child (widget); c != NULL && wide == NULL; c = gtk_widget_get_next_sibling (c))
        if (gtk_widget_get_visible (c) && min_width (c) > limit)
          wide = c;
      if (wide != NULL)
        {
          widget = wide;
          continue;
        }
      /* None alone is too wide: side by side, they are. */
      for (GtkWidget *c = gtk_widget_get_first_child (widget); c != NULL; c = gtk_widget_get_next_sibling (c))
        {
          g_autofree char *side = describe (c);

          g_string_append_printf (out, "      + %s%s\n", side, gtk_widget_get_mapped (c) ? "" : ", hidden");
        }
      return;
    }
}

/* @widget, what a window shows as @what, is at most 360 wide at the least. */
static void
check_fits (Fixture    *fixture,
            GtkWidget  *widget,
            const char *what)
{
  int minimum = min_width (widget);

  g_test_message ("%s: at least %d wide", what, minimum);
  if (minimum <= NARROW_WIDTH)
    return;

  g_string_append_printf (fixture->misfits, "%s needs %d px:\n", what, minimum);
  append_culprit (fixture->misfits, widget, NARROW_WIDTH);
}

static GtkLabel *
first_label (GtkWidget *widget)
{
  if (GTK_IS_LABEL (widget) && gtk_widget_get_mapped (widget))
    return GTK_LABEL (widget);

  for (GtkWidget *c = gtk_widget_get_first_child (widget); c != NULL; c = gtk_widget_get_next_sibling (c))
    {
      GtkLabel *label = first_label (c);

      if (label != NULL)
        return label;
    }
  return NULL;
}

/* The rows of a table (a GtkColumnView) shown in @widget. */
static void
collect_rows (GtkWidget *widget,
              GPtrArray *rows)
{
  for (GtkWidget *c = gtk_widget_get_first_child (widget); c != NULL; c = gtk_widget_get_next_sibling (c))
    {
      if (!gtk_widget_get_mapped (c))
        continue;
      if (g_str_equal (gtk_widget_get_css_name (c), "row"))
        g_ptr_array_add (rows, c);
      else
        collect_rows (c, rows);
    }
}

/* The first text of each row shown (the name: a check box has none) is
 * whole: scrolling sideways keeps it rather than shortening it. */
static void
check_names_kept (Fixture       *fixture,
                  GtkColumnView *view,
                  const char    *what)
{
  g_autoptr(GPtrArray) rows = g_ptr_array_new ();

  collect_rows (GTK_WIDGET (view), rows);
  for (guint i = 0; i < rows->len; i++)
    {
      GtkLabel *label = first_label (g_ptr_array_index (rows, i));

      if (label != NULL && pango_layout_is_ellipsized (gtk_label_get_layout (label)))
        {
          g_autofree char *text = describe (GTK_WIDGET (label));

          g_string_append_printf (fixture->misfits, "%s: the name %s is shortened\n", what, text);
          return;
        }
    }
}

/* Every leaflet shown in @widget is folded, every table shown scrolls
 * sideways (its scrolled window lets it be wider than the window). */
static void
check_folded (Fixture    *fixture,
              GtkWidget  *widget,
              const char *what)
{
  if (!gtk_widget_get_mapped (widget))
    return;

  if (ADW_IS_LEAFLET (widget) && !adw_leaflet_get_folded (ADW_LEAFLET (widget)))
    {
      g_autofree char *text = describe (widget);

      g_string_append_printf (fixture->misfits, "%s: %s is not folded\n", what, text);
    }

  if (GTK_IS_COLUMN_VIEW (widget))
    {
      GtkWidget *parent = gtk_widget_get_parent (widget);
      GtkPolicyType policy = GTK_POLICY_NEVER;

      if (GTK_IS_SCROLLED_WINDOW (parent))
        gtk_scrolled_window_get_policy (GTK_SCROLLED_WINDOW (parent), &policy, NULL);
      if (policy == GTK_POLICY_NEVER)
        {
          g_autofree char *text = describe (widget);

          g_string_append_printf (fixture->misfits, "%s: %s does not scroll sideways\n", what, text);
        }
      check_names_kept (fixture, GTK_COLUMN_VIEW (widget), what);
    }

  for (GtkWidget *c = gtk_widget_get_first_child (widget); c != NULL; c = gtk_widget_get_next_sibling (c))
    check_folded (fixture, c, what);
}

/* The window as it is now: its content fits, the window is really 360
 * wide, its leaflets are folded. */
static void
check_window (Fixture    *fixture,
              const char *what)
{
  GtkWidget *content = adw_application_window_get_content (ADW_APPLICATION_WINDOW (fixture->window));

  /* Narrow again, if a page before made it wider. */
  gtk_window_set_default_size (GTK_WINDOW (fixture->window), NARROW_WIDTH, NARROW_HEIGHT);
  orga_ui_test_spin (400);
  check_fits (fixture, content, what);
  if (gtk_widget_get_width (content) > NARROW_WIDTH)
    g_string_append_printf (fixture->misfits, "%s: the window is %d wide\n", what, gtk_widget_get_width (content));
  check_folded (fixture, content, what);
}

/* A dialog: what it holds fits; it can be made as narrow as its parent.
 * Opened over a 360 × 640 window, it is no larger; over a wide one, it
 * keeps the default size of its .ui. */
static void
check_dialog (Fixture    *fixture,
              GtkWindow  *dialog,
              const char *what)
{
  GtkWidget *parent;
  int ui_width = -1, ui_height = -1, default_width = -1, default_height = -1;

  g_assert_nonnull (dialog);
  parent = GTK_WIDGET (gtk_window_get_transient_for (dialog));
  g_assert_nonnull (parent);
  gtk_window_get_default_size (dialog, &ui_width, &ui_height);
  gtk_window_present (dialog);
  orga_ui_test_spin (200);
  check_fits (fixture, gtk_window_get_child (dialog), what);
  gtk_window_get_default_size (dialog, &default_width, &default_height);
  if (!gtk_window_get_resizable (dialog) && default_width > NARROW_WIDTH)
    g_string_append_printf (fixture->misfits, "%s: %d wide and not resizable\n", what, default_width);
  check_folded (fixture, gtk_window_get_child (dialog), what);

  g_test_message ("%s: %d × %d by its .ui, %d × %d by default, %d × %d shown, over %d × %d", what,
                  ui_width, ui_height, default_width, default_height,
                  gtk_widget_get_width (GTK_WIDGET (dialog)), gtk_widget_get_height (GTK_WIDGET (dialog)),
                  gtk_widget_get_width (parent), gtk_widget_get_height (parent));
  if (gtk_widget_get_width (parent) > NARROW_WIDTH)
    {
      if (default_width != ui_width || default_height != ui_height)
        g_string_append_printf (fixture->misfits, "%s: %d × %d by default over a wide window, %d × %d by its .ui\n",
                                what, default_width, default_height, ui_width, ui_height);
      return;
    }
  /* Its default size, once shown, counts the frame GTK draws around it
   * (and grows to its minimum, plus the frame): what it shows is what
   * fits. */
  if (gtk_widget_get_width (GTK_WIDGET (dialog)) > NARROW_WIDTH ||
      gtk_widget_get_height (GTK_WIDGET (dialog)) > NARROW_HEIGHT)
    g_string_append_printf (fixture->misfits, "%s: opens at %d × %d over %d × %d\n", what,
                            gtk_widget_get_width (GTK_WIDGET (dialog)), gtk_widget_get_height (GTK_WIDGET (dialog)),
                            NARROW_WIDTH, NARROW_HEIGHT);
}

/* A screenshot of 360 × 640: the window's default size counts the frame
 * GTK draws around it, which the shot leaves out. */
static void
shoot_narrow (GtkWindow  *window,
              const char *name)
{
  int default_width, default_height;

  if (g_getenv ("PIXORGA_SCREENSHOT_DIR") == NULL)
    return;

  gtk_window_get_default_size (window, &default_width, &default_height);
  gtk_window_set_default_size (window, default_width + NARROW_WIDTH - gtk_widget_get_width (GTK_WIDGET (window)),
                               default_height + NARROW_HEIGHT - gtk_widget_get_height (GTK_WIDGET (window)));
  orga_ui_test_spin (300);
  g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (window)), ==, NARROW_WIDTH);
  g_assert_cmpint (gtk_widget_get_height (GTK_WIDGET (window)), ==, NARROW_HEIGHT);
  orga_ui_test_shoot (window, name);
  gtk_window_set_default_size (window, default_width, default_height);
}

static void
assert_all_fit (Fixture *fixture)
{
  g_auto(GStrv) lines = NULL;

  if (fixture->misfits->len == 0)
    return;

  lines = g_strsplit (fixture->misfits->str, "\n", -1);
  for (guint i = 0; lines[i] != NULL && lines[i][0] != '\0'; i++)
    g_test_message ("%s", lines[i]);
  g_test_fail_printf ("%u misfits: see above", g_strv_length (lines) - 1);
}

/* ------------------------------------------------------------------------
 * A school with students, campaigns and sessions, in a 360 × 640 window
 * ------------------------------------------------------------------------ */

static GtkWidget *
show_page (Fixture    *fixture,
           const char *name)
{
  GtkStack *pages = GTK_STACK (gtk_widget_get_template_child (GTK_WIDGET (fixture->window), ORGA_TYPE_WINDOW, "pages"));
  GtkWidget *slot;

  gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.show-page", "s", name);
  orga_ui_test_spin (200);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (pages), ==, name);
  slot = gtk_stack_get_visible_child (pages);
  /* The pages built when first shown wait in a plain AdwBin. */
  return G_OBJECT_TYPE (slot) == ADW_TYPE_BIN ? adw_bin_get_child (ADW_BIN (slot)) : slot;
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  g_autoptr(OrgaOrganization) organization = NULL;
  g_autoptr(GError) error = NULL;

  fixture->misfits = g_string_new (NULL);
  fixture->db_path = orga_ui_test_copy_db (base_db, temp_dir);
  fixture->store = orga_store_open (fixture->db_path, &error);
  g_assert_no_error (error);
  fixture->context = orga_context_new (fixture->store, settings);
  organization = orga_store_get_organization (fixture->store, &error);
  g_assert_no_error (error);
  orga_context_set_organization (fixture->context, organization);
  orga_context_prefetch_learner_list (fixture->context);
  fixture->connection = orga_connection_new (fixture->context, NULL);

  fixture->window = g_object_new (ORGA_TYPE_WINDOW, "context", fixture->context,
                                  "connection", fixture->connection, NULL);
  gtk_window_set_default_size (GTK_WINDOW (fixture->window), NARROW_WIDTH, NARROW_HEIGHT);
  gtk_window_present (GTK_WINDOW (fixture->window));
  orga_ui_test_spin (400);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  orga_ui_test_close_dialogs (GTK_WINDOW (fixture->window));
  gtk_window_destroy (GTK_WINDOW (fixture->window));
  orga_ui_test_spin (50);
  g_clear_object (&fixture->connection);
  g_clear_object (&fixture->context);
  g_clear_object (&fixture->store);
  g_string_free (fixture->misfits, TRUE);
  g_free (fixture->db_path);
}

/* ------------------------------------------------------------------------
 * The pages
 * ------------------------------------------------------------------------ */

/* The five pages of the sidebar, and the sidebar itself. */
static void
test_pages (Fixture       *fixture,
            gconstpointer  data)
{
  static const char *const names[] = { "campaigns", "certifications", "students", "team", "documentation" };
  GtkWidget *window = GTK_WIDGET (fixture->window);
  AdwLeaflet *leaflet = ADW_LEAFLET (gtk_widget_get_template_child (window, ORGA_TYPE_WINDOW, "leaflet"));
  g_autoptr(GListModel) leaflet_pages = G_LIST_MODEL (adw_leaflet_get_pages (leaflet));
  g_autoptr(AdwLeafletPage) first = g_list_model_get_item (leaflet_pages, 0);
  g_autoptr(AdwLeafletPage) last = g_list_model_get_item (leaflet_pages, g_list_model_get_n_items (leaflet_pages) - 1);
  /* The sidebar, a separator, the page. */
  GtkWidget *sidebar = adw_leaflet_page_get_child (first);
  GtkWidget *content = adw_leaflet_page_get_child (last);

  /* Folded, the sidebar takes the whole window, then each page does. */
  gtk_widget_activate_action (window, "win.back", NULL);
  orga_ui_test_spin (300);
  check_window (fixture, "the sidebar");
  if (adw_leaflet_get_visible_child (leaflet) != sidebar)
    g_string_append (fixture->misfits, "the sidebar: not shown on “Back”\n");

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      show_page (fixture, names[i]);
      check_window (fixture, names[i]);
      if (adw_leaflet_get_visible_child (leaflet) != content)
        g_string_append_printf (fixture->misfits, "%s: the page is not shown\n", names[i]);
    }

  show_page (fixture, "students");
  shoot_narrow (GTK_WINDOW (fixture->window), "narrow-students");
  assert_all_fit (fixture);
}

static gboolean
students_child_visible (GtkWidget  *page,
                        const char *name)
{
  return gtk_widget_get_visible (GTK_WIDGET (orga_ui_test_students_page_child (page, name)));
}

static gboolean
filter_visible (GtkWidget  *page,
                const char *name)
{
  GtkWidget *bar = orga_ui_test_find_descendant (page, ORGA_TYPE_STUDENTS_FILTER_BAR);

  g_assert_nonnull (bar);
  return gtk_widget_get_visible (GTK_WIDGET (gtk_widget_get_template_child (bar, ORGA_TYPE_STUDENTS_FILTER_BAR, name)));
}

/* At 360 × 640 the list of students has most of the page's height: the
 * header is one line, the filters but the search are folded behind
 * "Filters", which shows them. */
static void
test_students_short (Fixture       *fixture,
                     gconstpointer  data)
{
  GtkWidget *page = show_page (fixture, "students");
  GtkWidget *list = GTK_WIDGET (orga_ui_test_students_page_child (page, "results_stack"));
  GtkWidget *bar = orga_ui_test_find_descendant (page, ORGA_TYPE_STUDENTS_FILTER_BAR);
  GtkToggleButton *filters;

  check_window (fixture, "students");
  g_test_message ("students: the list is %d high of %d", gtk_widget_get_height (list), gtk_widget_get_height (page));
  g_assert_cmpint (gtk_widget_get_height (list) * 100, >=, gtk_widget_get_height (page) * 55);

  /* Nothing is lost: the buttons by their icons, the filters a click away. */
  g_assert_true (students_child_visible (page, "import_icon_button"));
  g_assert_true (students_child_visible (page, "heat_map_icon_button"));
  g_assert_false (students_child_visible (page, "import_button"));
  g_assert_nonnull (bar);
  g_assert_false (filter_visible (page, "classes_button"));
  filters = GTK_TOGGLE_BUTTON (gtk_widget_get_template_child (bar, ORGA_TYPE_STUDENTS_FILTER_BAR, "filters_button"));
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (filters)));
  gtk_toggle_button_set_active (filters, TRUE);
  orga_ui_test_spin (200);
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (gtk_widget_get_template_child (bar, ORGA_TYPE_STUDENTS_FILTER_BAR,
                                                                                   "classes_button"))));
  g_assert_true (filter_visible (page, "certifiability_button"));
  shoot_narrow (GTK_WINDOW (fixture->window), "narrow-students-filters");
  gtk_toggle_button_set_active (filters, FALSE);
  orga_ui_test_spin (200);
  g_assert_false (filter_visible (page, "certifiability_button"));

  /* Wide again, the page is as it was. */
  gtk_window_set_default_size (GTK_WINDOW (fixture->window), 1280, 800);
  orga_ui_test_spin (400);
  g_assert_true (students_child_visible (page, "import_button"));
  g_assert_false (students_child_visible (page, "import_icon_button"));
  g_assert_true (filter_visible (page, "classes_button"));
  g_assert_false (filter_visible (page, "filters_button"));
  assert_all_fit (fixture);
}

/* A campaign's page, each of its tabs, a participant's page. */
static void
test_campaign (Fixture       *fixture,
               gconstpointer  data)
{
  static const char *const tabs[] = { "activity", "results", "analysis", "settings" };
  OrgaCampaignsPage *campaigns = ORGA_CAMPAIGNS_PAGE (show_page (fixture, "campaigns"));
  OrgaCampaignQuery query = { 0 };
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(GError) error = NULL;
  OrgaCampaignPage *page;
  OrgaCampaign *shown = NULL;

  list = orga_store_list_campaigns (fixture->store, orga_context_get_organization (fixture->context), &query, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (list->len, >, 0);
  /* An assessment campaign: all its tabs have something to show. */
  for (guint i = 0; i < list->len && shown == NULL; i++)
    if (orga_campaign_get_campaign_type (g_ptr_array_index (list, i)) == ORGA_CAMPAIGN_TYPE_ASSESSMENT)
      shown = g_ptr_array_index (list, i);
  g_assert_nonnull (shown);

  orga_campaigns_page_show_campaign (campaigns, shown);
  orga_ui_test_spin (300);
  page = ORGA_CAMPAIGN_PAGE (orga_ui_test_find_descendant (GTK_WIDGET (campaigns), ORGA_TYPE_CAMPAIGN_PAGE));
  g_assert_nonnull (page);

  for (guint i = 0; i < G_N_ELEMENTS (tabs); i++)
    {
      g_autofree char *what = g_strdup_printf ("campaign, tab %s", tabs[i]);

      orga_campaign_page_set_tab (page, tabs[i]);
      check_window (fixture, what);
      if (i == 0)
        shoot_narrow (GTK_WINDOW (fixture->window), "narrow-campaign");
    }

  orga_campaign_page_set_tab (page, "results");
  orga_campaign_page_show_participant (page, 0);
  check_window (fixture, "a participant");
  assert_all_fit (fixture);
}

/* A student's page, from the list. */
static void
test_student (Fixture       *fixture,
              gconstpointer  data)
{
  OrgaStudentsPage *students = ORGA_STUDENTS_PAGE (show_page (fixture, "students"));
  GtkColumnView *view = GTK_COLUMN_VIEW (orga_ui_test_students_page_child (GTK_WIDGET (students), "column_view"));

  g_signal_emit_by_name (view, "activate", 2);
  orga_ui_test_spin (200);
  g_assert_nonnull (orga_ui_test_find_descendant (GTK_WIDGET (students), ORGA_TYPE_STUDENT_PAGE));
  g_assert_true (gtk_widget_get_mapped (orga_ui_test_find_descendant (GTK_WIDGET (students), ORGA_TYPE_STUDENT_PAGE)));
  check_window (fixture, "a student");
  assert_all_fit (fixture);
}

/* The three views of the Certifications page, a session's page. */
static void
test_certifications (Fixture       *fixture,
                     gconstpointer  data)
{
  static const char *const views[] = { "readiness", "sessions", "results" };
  OrgaCertificationsPage *page = ORGA_CERTIFICATIONS_PAGE (show_page (fixture, "certifications"));
  AdwViewStack *stack = orga_certifications_page_get_stack (page);
  OrgaCertSessionsPage *sessions;
  GListModel *model;
  char *shot;

  for (guint i = 0; i < G_N_ELEMENTS (views); i++)
    {
      g_autofree char *what = g_strdup_printf ("certifications, view %s", views[i]);

      adw_view_stack_set_visible_child_name (stack, views[i]);
      check_window (fixture, what);
      shot = g_strdup_printf ("narrow-cert-%s", views[i]);
      shoot_narrow (GTK_WINDOW (fixture->window), shot);
      g_free (shot);
    }

  adw_view_stack_set_visible_child_name (stack, "sessions");
  sessions = ORGA_CERT_SESSIONS_PAGE (orga_ui_test_find_descendant (GTK_WIDGET (page), ORGA_TYPE_CERT_SESSIONS_PAGE));
  model = orga_cert_sessions_page_get_model (sessions);
  g_assert_cmpuint (g_list_model_get_n_items (model), >, 0);
  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(OrgaCertSession) session = g_list_model_get_item (model, i);
      g_autofree char *what = g_strdup_printf ("session %u", i);

      g_assert_true (orga_cert_sessions_page_open (sessions, orga_cert_session_get_id (session)));
      check_window (fixture, what);
      if (i == 0)
        shoot_narrow (GTK_WINDOW (fixture->window), "narrow-session");
    }
  assert_all_fit (fixture);
}

/* ------------------------------------------------------------------------
 * The dialogs that open without a server
 * ------------------------------------------------------------------------ */

static void
test_dialogs (Fixture       *fixture,
              gconstpointer  data)
{
  GtkWindow *parent = GTK_WINDOW (fixture->window);
  g_autoptr(OrgaImporter) importer = orga_importer_new (fixture->db_path, siecle);
  g_autoptr(OrgaImportReport) report = NULL;
  OrgaCampaignQuery query = { 0 };
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) sessions = NULL;
  gint64 session_id = 0;
  g_autoptr(OrgaLearnerList) learners = NULL;
  g_autoptr(OrgaLearner) learner = NULL;
  GtkWindow *dialog;
  gboolean wide = GPOINTER_TO_INT (data);

  /* The same dialogs over a wide window. */
  if (wide)
    {
      gtk_window_set_default_size (parent, 1280, 800);
      orga_ui_test_spin (400);
    }

  orga_importer_set_dry_run (importer, TRUE);
  report = orga_importer_run (importer, NULL, &error);
  g_assert_no_error (error);

  dialog = GTK_WINDOW (orga_import_preview_dialog_new (report));
  gtk_window_set_transient_for (dialog, parent);
  check_dialog (fixture, dialog, "import preview");
  if (!wide)
    shoot_narrow (dialog, "narrow-import-preview");
  gtk_window_destroy (dialog);

  dialog = GTK_WINDOW (orga_import_errors_dialog_new (parent, report));
  check_dialog (fixture, dialog, "import errors");
  gtk_window_destroy (dialog);

  dialog = GTK_WINDOW (orga_campaign_form_new (parent, fixture->context, ORGA_CAMPAIGN_FORM_CREATE, NULL));
  check_dialog (fixture, dialog, "campaign form");
  gtk_window_destroy (dialog);

  list = orga_store_list_campaigns (fixture->store, orga_context_get_organization (fixture->context), &query, &error);
  g_assert_no_error (error);
  dialog = GTK_WINDOW (orga_campaign_form_new (parent, fixture->context, ORGA_CAMPAIGN_FORM_EDIT,
                                               g_ptr_array_index (list, 0)));
  check_dialog (fixture, dialog, "campaign form, editing");
  gtk_window_destroy (dialog);

  dialog = GTK_WINDOW (orga_cert_session_dialog_new (parent, fixture->context, NULL));
  check_dialog (fixture, dialog, "new session");
  gtk_window_destroy (dialog);

  /* The session to come: candidates to enrol, a session to finalize. */
  sessions = orga_store_list_cert_sessions (fixture->store, orga_context_get_organization (fixture->context), &error);
  g_assert_no_error (error);
  for (guint i = 0; i < sessions->len; i++)
    if (orga_cert_session_get_status (g_ptr_array_index (sessions, i)) == ORGA_CERT_SESSION_CREATED)
      session_id = orga_cert_session_get_id (g_ptr_array_index (sessions, i));
  g_assert_cmpint (session_id, !=, 0);

  dialog = GTK_WINDOW (orga_cert_enrol_dialog_new (parent, fixture->context, session_id));
  check_dialog (fixture, dialog, "enrol dialog");
  gtk_window_destroy (dialog);

  dialog = GTK_WINDOW (orga_cert_finalize_dialog_new (fixture->context, session_id));
  gtk_window_set_transient_for (dialog, parent);
  check_dialog (fixture, dialog, "finalize dialog");
  gtk_window_destroy (dialog);

  dialog = GTK_WINDOW (orga_preferences_window_new (parent, fixture->connection));
  check_dialog (fixture, dialog, "preferences");
  gtk_window_destroy (dialog);

  dialog = GTK_WINDOW (orga_join_dialog_new (parent, fixture->connection, NULL));
  check_dialog (fixture, dialog, "join dialog");
  gtk_window_destroy (dialog);

  learners = orga_learner_list_new (fixture->store, orga_context_get_organization (fixture->context));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (learners)), >, 0);
  learner = g_list_model_get_item (G_LIST_MODEL (learners), 0);
  dialog = GTK_WINDOW (orga_student_account_dialog_new (parent, fixture->connection, learner));
  check_dialog (fixture, dialog, "student's account");
  if (!wide)
    orga_ui_test_shoot (dialog, "narrow-student-account");
  gtk_window_destroy (dialog);

  assert_all_fit (fixture);
}

/* ------------------------------------------------------------------------
 * Wide, as before
 * ------------------------------------------------------------------------ */

/* The wrapping boxes shown in @widget keep their children on one line. */
static void
check_one_line (Fixture    *fixture,
                GtkWidget  *widget,
                const char *what)
{
  if (!gtk_widget_get_mapped (widget))
    return;

  if (ORGA_IS_WRAP_BOX (widget))
    {
      GtkWidget *first = NULL;
      graphene_point_t first_point, point;

      /* On one line, a child centred vertically is lower than a taller
       * one: they overlap. */
      for (GtkWidget *c = gtk_widget_get_first_child (widget); c != NULL; c = gtk_widget_get_next_sibling (c))
        {
          if (!gtk_widget_get_mapped (c) || !gtk_widget_compute_point (c, widget, &GRAPHENE_POINT_INIT (0, 0), &point))
            continue;
          if (first == NULL)
            {
              first = c;
              first_point = point;
            }
          else if (point.y >= first_point.y + gtk_widget_get_height (first) ||
                   first_point.y >= point.y + gtk_widget_get_height (c))
            {
              g_autofree char *text = describe (c);

              g_string_append_printf (fixture->misfits, "%s, 1280 wide: %s is on a line of its own\n", what, text);
            }
        }
    }

  for (GtkWidget *c = gtk_widget_get_first_child (widget); c != NULL; c = gtk_widget_get_next_sibling (c))
    check_one_line (fixture, c, what);
}

/* At 1280 × 800 the sidebar stays beside the page and the bars are not
 * wrapped: the wide window looks as it did. */
static void
test_wide (Fixture       *fixture,
           gconstpointer  data)
{
  static const char *const names[] = { "campaigns", "certifications", "students", "team", "documentation" };
  GtkWidget *window = GTK_WIDGET (fixture->window);
  AdwLeaflet *leaflet = ADW_LEAFLET (gtk_widget_get_template_child (window, ORGA_TYPE_WINDOW, "leaflet"));
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(GError) error = NULL;
  OrgaCampaignQuery query = { 0 };
  OrgaCampaignsPage *campaigns;
  OrgaCampaignPage *page;
  char *shot;

  gtk_window_set_default_size (GTK_WINDOW (window), 1280, 800);
  orga_ui_test_spin (400);
  g_assert_false (adw_leaflet_get_folded (leaflet));

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      show_page (fixture, names[i]);
      orga_ui_test_spin (200);
      g_assert_false (adw_leaflet_get_folded (leaflet));
      check_one_line (fixture, window, names[i]);
      /* Not compact: the header and the filters as they were. */
      if (g_str_equal (names[i], "students"))
        {
          GtkWidget *students = show_page (fixture, "students");
          static const char *const shown[] = { "heat_map_button", "import_button", "last_import_label" };
          static const char *const hidden[] = { "heat_map_icon_button", "import_icon_button" };
          static const char *const filters[] = { "search_entry", "classes_button", "methods_button",
                                                 "certifiability_button", "clear_button", "count_label" };
          GtkLabel *demo = GTK_LABEL (orga_ui_test_students_page_child (students, "demo_body_label"));

          for (guint j = 0; j < G_N_ELEMENTS (shown); j++)
            g_assert_true (students_child_visible (students, shown[j]));
          for (guint j = 0; j < G_N_ELEMENTS (hidden); j++)
            g_assert_false (students_child_visible (students, hidden[j]));
          for (guint j = 0; j < G_N_ELEMENTS (filters); j++)
            g_assert_true (filter_visible (students, filters[j]));
          g_assert_false (filter_visible (students, "filters_button"));
          g_assert_cmpint (gtk_label_get_ellipsize (demo), ==, PANGO_ELLIPSIZE_NONE);
        }
      shot = g_strdup_printf ("wide-%s", names[i]);
      orga_ui_test_shoot (GTK_WINDOW (window), shot);
      g_free (shot);
    }

  campaigns = ORGA_CAMPAIGNS_PAGE (show_page (fixture, "campaigns"));
  list = orga_store_list_campaigns (fixture->store, orga_context_get_organization (fixture->context), &query, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < list->len; i++)
    if (orga_campaign_get_campaign_type (g_ptr_array_index (list, i)) == ORGA_CAMPAIGN_TYPE_ASSESSMENT)
      orga_campaigns_page_show_campaign (campaigns, g_ptr_array_index (list, i));
  orga_ui_test_spin (300);
  page = ORGA_CAMPAIGN_PAGE (orga_ui_test_find_descendant (GTK_WIDGET (campaigns), ORGA_TYPE_CAMPAIGN_PAGE));
  g_assert_nonnull (page);
  check_one_line (fixture, window, "campaign, tab activity");
  orga_ui_test_shoot (GTK_WINDOW (window), "wide-campaign");
  orga_campaign_page_set_tab (page, "results");
  orga_ui_test_spin (200);
  check_one_line (fixture, window, "campaign, tab results");
  orga_ui_test_shoot (GTK_WINDOW (window), "wide-campaign-results");

  assert_all_fit (fixture);
}

/* ------------------------------------------------------------------------
 * The box that wraps the pages' bars
 * ------------------------------------------------------------------------ */

static GtkWidget *
block (int width)
{
  GtkWidget *widget = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 0);

  gtk_widget_set_size_request (widget, width, 20);
  return widget;
}

/* Where @child is in @box once @box is @width wide; returns its height. */
static int
allocate (GtkWidget *box,
          int        width)
{
  int minimum, natural;

  gtk_widget_measure (box, GTK_ORIENTATION_VERTICAL, width, &minimum, &natural, NULL, NULL);
  gtk_widget_size_allocate (box, &(GtkAllocation) { 0, 0, width, natural }, -1);
  return natural;
}

static void
assert_at (GtkWidget *child,
           GtkWidget *box,
           int        x,
           int        y,
           int        width)
{
  graphene_point_t point;

  g_assert_true (gtk_widget_compute_point (child, box, &GRAPHENE_POINT_INIT (0, 0), &point));
  g_assert_cmpint ((int) point.x, ==, x);
  g_assert_cmpint ((int) point.y, ==, y);
  g_assert_cmpint (gtk_widget_get_width (child), ==, width);
}

/* As narrow as its widest child, as wide as all on one line; the next
 * line where one does not fit; the room left to the expanding, which
 * shrink to stay on their line rather than wrap. */
static void
test_wrap_box (void)
{
  GtkWidget *box = orga_wrap_box_new ();
  GtkWidget *a = block (100), *b = block (100), *c = block (100), *wide = block (50);
  GtkWindow *window;
  int minimum, natural;

  orga_wrap_box_set_spacing (ORGA_WRAP_BOX (box), 6);
  orga_wrap_box_set_row_spacing (ORGA_WRAP_BOX (box), 4);
  orga_wrap_box_append (ORGA_WRAP_BOX (box), a);
  orga_wrap_box_append (ORGA_WRAP_BOX (box), b);
  orga_wrap_box_append (ORGA_WRAP_BOX (box), c);
  window = orga_ui_test_present (box, 400, 200);
  orga_ui_test_spin (100);

  gtk_widget_measure (box, GTK_ORIENTATION_HORIZONTAL, -1, &minimum, &natural, NULL, NULL);
  g_assert_cmpint (minimum, ==, 100);
  g_assert_cmpint (natural, ==, 312);

  g_assert_cmpint (allocate (box, 312), ==, 20);
  assert_at (a, box, 0, 0, 100);
  assert_at (b, box, 106, 0, 100);
  assert_at (c, box, 212, 0, 100);

  g_assert_cmpint (allocate (box, 210), ==, 44);
  assert_at (a, box, 0, 0, 100);
  assert_at (b, box, 106, 0, 100);
  assert_at (c, box, 0, 24, 100);

  g_assert_cmpint (allocate (box, 100), ==, 68);
  assert_at (c, box, 0, 48, 100);

  /* An expanding child (a text that wraps) takes the rest of its line. */
  gtk_widget_set_hexpand (wide, TRUE);
  orga_wrap_box_append (ORGA_WRAP_BOX (box), wide);
  g_assert_cmpint (allocate (box, 400), ==, 20);
  assert_at (wide, box, 318, 0, 82);
  g_assert_cmpint (allocate (box, 300), ==, 44);
  assert_at (c, box, 0, 24, 100);
  assert_at (wide, box, 106, 24, 194);

  /* Homogeneous: all as wide as the widest, sharing their line. */
  orga_wrap_box_set_homogeneous (ORGA_WRAP_BOX (box), TRUE);
  g_assert_cmpint (allocate (box, 418), ==, 20);
  assert_at (wide, box, 318, 0, 100);
  g_assert_cmpint (allocate (box, 300), ==, 44);
  assert_at (b, box, 153, 0, 147);
  assert_at (wide, box, 153, 24, 147);

  gtk_window_destroy (window);
}

/* ------------------------------------------------------------------------ */

/* The school of every test: a list of students, campaigns with
 * (demonstration) participations, two certification sessions. */
static void
make_base_db (void)
{
  g_autoptr(OrgaStore) store = NULL;
  g_autoptr(OrgaOrganization) organization = NULL;
  g_autoptr(OrgaImporter) importer = NULL;
  g_autoptr(OrgaImportReport) report = NULL;
  g_autoptr(GError) error = NULL;
  static const OrgaCampaignSpec specs[] = {
    { .name = "Rentrée numérique 6e", .type = ORGA_CAMPAIGN_TYPE_ASSESSMENT, .target_profile_id = "rentree-6e",
      .owner = "Anne Proviseure", .creator = "Anne Proviseure" },
    { .name = "Collecte des profils 3e", .type = ORGA_CAMPAIGN_TYPE_PROFILES_COLLECTION,
      .owner = "Anne Proviseure", .creator = "Anne Proviseure" },
  };
  gboolean filled = FALSE;

  base_db = g_build_filename (temp_dir, "base.db", NULL);
  siecle = g_build_filename (temp_dir, "ElevesSansAdresses.xml", NULL);
  orga_ui_test_generate_siecle (siecle, UAI, "80");
  store = orga_store_open (base_db, &error);
  g_assert_no_error (error);
  organization = orga_store_create_organization (store, UAI, "Collège Jean Moulin", ORGA_ORGANIZATION_KIND_SCO, &error);
  g_assert_no_error (error);
  importer = orga_importer_new (base_db, siecle);
  report = orga_importer_run (importer, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (orga_import_report_get_status (report), ==, ORGA_IMPORT_STATUS_IMPORTED);

  for (guint i = 0; i < G_N_ELEMENTS (specs); i++)
    {
      g_autoptr(OrgaCampaign) campaign = orga_store_create_campaign (store, organization, &specs[i], &error);

      g_assert_no_error (error);
    }

  /* Some seeds draw nobody for so small a school: the next one. */
  for (guint32 seed = 1; seed < 20 && !filled; seed++)
    {
      g_autoptr(GError) seed_error = NULL;

      filled = orga_demo_fill (store, organization, seed, NULL, &seed_error);
    }
  g_assert_true (filled);
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

  temp_dir = g_dir_make_tmp ("pixorga-narrow-test-XXXXXX", &error);
  g_assert_no_error (error);
  make_base_db ();

  g_test_add_func ("/narrow/wrap-box", test_wrap_box);
  g_test_add ("/narrow/pages", Fixture, NULL, fixture_set_up, test_pages, fixture_tear_down);
  g_test_add ("/narrow/students-short", Fixture, NULL, fixture_set_up, test_students_short, fixture_tear_down);
  g_test_add ("/narrow/campaign", Fixture, NULL, fixture_set_up, test_campaign, fixture_tear_down);
  g_test_add ("/narrow/student", Fixture, NULL, fixture_set_up, test_student, fixture_tear_down);
  g_test_add ("/narrow/certifications", Fixture, NULL, fixture_set_up, test_certifications, fixture_tear_down);
  g_test_add ("/narrow/dialogs", Fixture, GINT_TO_POINTER (FALSE), fixture_set_up, test_dialogs, fixture_tear_down);
  g_test_add ("/narrow/dialogs-wide", Fixture, GINT_TO_POINTER (TRUE), fixture_set_up, test_dialogs, fixture_tear_down);
  g_test_add ("/narrow/wide", Fixture, NULL, fixture_set_up, test_wide, fixture_tear_down);

  status = g_test_run ();

  orga_ui_test_remove_dir (temp_dir);
  g_free (temp_dir);
  g_free (base_db);
  g_free (siecle);
  return status;
}
