/* test-students-page.c: the "Élèves" page with a real database of 3,000
 * students, driven through its actions as a head would
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <stdio.h>
#include <string.h>

#include "orga-context.h"
#include "orga-demo.h"
#include "orga-import-errors-dialog.h"
#include "orga-import-preview-dialog.h"
#include "orga-importer.h"
#include "orga-i18n.h"
#include "orga-learner-slot.h"
#include "orga-learner.h"
#include "orga-student-page.h"
#include "orga-students-filter-bar.h"
#include "orga-students-page.h"
#include "orga-store-campaigns.h"
#include "orga-store-cert.h"
#include "orga-status-page.h"
#include "orga-store-private.h"
#include "orga-text-cell.h"
#include "orga-ui-test-util.h"

#define N_STUDENTS 3000
#define UAI "0330001A"

/* Built once in main(): a database with the first file imported, copied
 * for each test, and a second export of the same school a year later. */
static char *temp_dir;
static char *base_db;
static char *first_file;
static char *second_file;

typedef struct
{
  char             *db_path;
  OrgaStore        *store;
  OrgaOrganization *organization;
  OrgaContext      *context;
  GtkWindow        *window;
  OrgaStudentsPage *page;
} Fixture;

/* ------------------------------------------------------------------------
 * Helpers
 * ------------------------------------------------------------------------ */

/* The page's filter bar, once the school has students. */
static GtkWidget *
filter_bar (GtkWidget *page)
{
  GtkWidget *bin = GTK_WIDGET (orga_ui_test_students_page_child (page, "filter_bin"));

  return adw_bin_get_child (ADW_BIN (bin));
}

/* A widget of the page's template or of its filter bar's. */
static gpointer
page_child (GtkWidget  *page,
            const char *name)
{
  GObject *object = orga_ui_test_students_page_child (page, name);

  if (object == NULL && filter_bar (page) != NULL)
    object = gtk_widget_get_template_child (filter_bar (page), ORGA_TYPE_STUDENTS_FILTER_BAR, name);
  g_assert_nonnull (object);
  return object;
}

static gpointer
child (Fixture    *fixture,
       const char *name)
{
  return page_child (GTK_WIDGET (fixture->page), name);
}

static GListModel *
model (Fixture *fixture)
{
  return G_LIST_MODEL (gtk_column_view_get_model (child (fixture, "column_view")));
}

static guint
n_shown (Fixture *fixture)
{
  return g_list_model_get_n_items (model (fixture));
}

static const char *
label_text (Fixture    *fixture,
            const char *name)
{
  return gtk_label_get_label (child (fixture, name));
}

/* The student the view shows at @position; a new reference. */
static OrgaLearner *
learner_at (Fixture *fixture,
            guint    position)
{
  g_autoptr(OrgaLearnerSlot) slot = g_list_model_get_item (model (fixture), position);
  OrgaLearner *learner;

  g_assert_true (ORGA_IS_LEARNER_SLOT (slot));
  learner = orga_learner_slot_get_learner (slot);
  g_assert_nonnull (learner);

  return g_object_ref (learner);
}

static char *
fold (const char *text)
{
  g_autofree char *decomposed = g_utf8_normalize (text, -1, G_NORMALIZE_NFD);
  GString *out = g_string_new (NULL);

  for (const char *p = decomposed; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_type (c) != G_UNICODE_NON_SPACING_MARK)
        g_string_append_unichar (out, g_unichar_tolower (c));
    }

  return g_string_free (out, FALSE);
}

static void
set_search (Fixture    *fixture,
            const char *text)
{
  gtk_editable_set_text (GTK_EDITABLE (child (fixture, "search_entry")), text);
  /* GtkSearchEntry waits 150 ms before "search-changed". */
  orga_ui_test_spin (400);
}

/* Whether the buttons bound to @name can be used: a disabled action makes
 * them insensitive. */
static gboolean
button_enabled (GtkWidget  *page,
                const char *button)
{
  return gtk_widget_is_sensitive (GTK_WIDGET (page_child (page, button)));
}

static gboolean
not_busy_cb (gpointer data)
{
  Fixture *fixture = data;

  return fixture->page == NULL || !orga_students_page_get_busy (fixture->page);
}

/* The progress banner hidden again once slid up. */
static gboolean
banner_hidden_cb (gpointer data)
{
  return !gtk_widget_get_visible (child (data, "progress_revealer"));
}

static gboolean
has_preview_cb (gpointer data)
{
  return orga_ui_test_find_toplevel (ORGA_TYPE_IMPORT_PREVIEW_DIALOG) != NULL;
}

static gboolean
has_errors_cb (gpointer data)
{
  return orga_ui_test_find_toplevel (ORGA_TYPE_IMPORT_ERRORS_DIALOG) != NULL;
}

static guint
count_active (Fixture *fixture)
{
  g_autoptr(GError) error = NULL;
  guint n = orga_store_count_learners (fixture->store, fixture->organization, FALSE, &error);

  g_assert_no_error (error);
  return n;
}

static void
assert_title (Fixture *fixture,
              guint    total)
{
  g_autofree char *expected = g_strdup_printf (_("Students (%'u)"), total);

  g_assert_cmpstr (label_text (fixture, "title_label"), ==, expected);
}

static void
build_base_database (void)
{
  g_autoptr(OrgaStore) store = NULL;
  g_autoptr(OrgaOrganization) organization = NULL;
  g_autoptr(OrgaImporter) importer = NULL;
  g_autoptr(OrgaImportReport) report = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *args = g_strdup_printf ("%d", N_STUDENTS);

  temp_dir = g_dir_make_tmp ("pixorga-ui-test-XXXXXX", &error);
  g_assert_no_error (error);

  first_file = g_build_filename (temp_dir, "ElevesSansAdresses.xml", NULL);
  second_file = g_build_filename (temp_dir, "ElevesSansAdresses-2027.xml", NULL);
  base_db = g_build_filename (temp_dir, "base.db", NULL);

  orga_ui_test_generate_siecle (first_file, UAI, args);
  /* The same INEs (they follow the index) with new classes, 100 more
   * students, and a few who left during the year. */
  orga_ui_test_generate_siecle (second_file, UAI, "3100 --seed 2 --left 0.02");

  store = orga_store_open (base_db, &error);
  g_assert_no_error (error);
  organization = orga_store_create_organization (store, UAI, "Collège Jean Moulin",
                                                 ORGA_ORGANIZATION_KIND_SCO, &error);
  g_assert_no_error (error);

  importer = orga_importer_new (base_db, first_file);
  orga_importer_set_user_name (importer, "Marie Curie");
  report = orga_importer_run (importer, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (orga_import_report_get_status (report), ==, ORGA_IMPORT_STATUS_IMPORTED);
  g_assert_cmpuint (orga_import_report_get_counts (report)->created, ==, N_STUDENTS);
}

/* ------------------------------------------------------------------------
 * Fixture
 * ------------------------------------------------------------------------ */

/* The first frame holds the first rows; the rest comes from a thread. */
static gboolean
all_shown_cb (gpointer data)
{
  return n_shown (data) == N_STUDENTS;
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
  g_assert_nonnull (fixture->organization);

  fixture->context = orga_context_new (fixture->store, settings);
  orga_context_set_organization (fixture->context, fixture->organization);

  fixture->page = g_object_new (ORGA_TYPE_STUDENTS_PAGE, "context", fixture->context, NULL);
  g_object_add_weak_pointer (G_OBJECT (fixture->page), (gpointer *)&fixture->page);

  fixture->window = orga_ui_test_present (GTK_WIDGET (fixture->page), 1100, 700);
  orga_ui_test_spin (100);
  orga_ui_test_wait_until (all_shown_cb, fixture);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  /* Dialogs a test left open. */
  orga_ui_test_close_dialogs (fixture->window);

  gtk_window_destroy (fixture->window);
  orga_ui_test_wait_until (not_busy_cb, fixture);
  orga_ui_test_spin (50);

  /* Nothing keeps the page, its list or the context alive. */
  g_assert_null (fixture->page);
  g_assert_finalize_object (fixture->context);
  g_clear_object (&fixture->organization);
  g_assert_finalize_object (fixture->store);

  g_unlink (fixture->db_path);
  g_clear_pointer (&fixture->db_path, g_free);
}

/* What the first frame painted: the rows the list had, and whether they
 * reached the bottom of the list. */
typedef struct
{
  OrgaStudentsPage *page;
  gboolean          painted;
  guint             rows;
  guint             hidden_rows;   /* built, but below the list's bottom */
  float             rows_bottom;
  int               list_height;
  char             *title;
  char             *count;
  gboolean          classes_sensitive;
} FirstFrame;

static void
first_paint_cb (GdkFrameClock *clock,
                FirstFrame    *frame)
{
  GtkWidget *view = GTK_WIDGET (orga_ui_test_students_page_child (GTK_WIDGET (frame->page), "column_view"));
  GtkWidget *list = NULL;

  GtkWidget *bar = adw_bin_get_child (ADW_BIN (orga_ui_test_students_page_child (GTK_WIDGET (frame->page), "filter_bin")));

  g_signal_handlers_disconnect_by_func (clock, first_paint_cb, frame);
  frame->painted = TRUE;
  frame->rows = g_list_model_get_n_items (G_LIST_MODEL (gtk_column_view_get_model (GTK_COLUMN_VIEW (view))));

  /* The list holds its first rows only: the counts are the school's all
   * the same, and the classes button looks as it will. */
  frame->title = g_strdup (gtk_label_get_label (GTK_LABEL (orga_ui_test_students_page_child (GTK_WIDGET (frame->page), "title_label"))));
  frame->count = g_strdup (gtk_label_get_label (GTK_LABEL (gtk_widget_get_template_child (bar, ORGA_TYPE_STUDENTS_FILTER_BAR,
                                                                                      "count_label"))));
  frame->classes_sensitive = gtk_widget_get_sensitive (GTK_WIDGET (gtk_widget_get_template_child (bar, ORGA_TYPE_STUDENTS_FILTER_BAR,
                                                                                              "classes_button")));

  /* The column view holds its titles and the list of its rows. */
  for (GtkWidget *c = gtk_widget_get_first_child (view); c != NULL; c = gtk_widget_get_next_sibling (c))
    if (GTK_IS_LIST_VIEW (c))
      list = c;
  g_assert_nonnull (list);
  frame->list_height = gtk_widget_get_height (list);

  for (GtkWidget *row = gtk_widget_get_first_child (list); row != NULL; row = gtk_widget_get_next_sibling (row))
    {
      graphene_rect_t bounds;

      if (!gtk_widget_get_child_visible (row))
        frame->hidden_rows++;
      else if (gtk_widget_compute_bounds (row, list, &bounds))
        frame->rows_bottom = MAX (frame->rows_bottom, bounds.origin.y + bounds.size.height);
    }
}

static void
first_frame_realize_cb (GtkWidget  *window,
                        FirstFrame *frame)
{
  g_signal_connect (gtk_widget_get_frame_clock (window), "after-paint", G_CALLBACK (first_paint_cb), frame);
}

static gboolean
first_frame_painted_cb (gpointer data)
{
  FirstFrame *frame = data;

  return frame->painted;
}

/* ------------------------------------------------------------------------
 * Tests
 * ------------------------------------------------------------------------ */

static void
test_list (Fixture       *fixture,
           gconstpointer  data)
{
  const char *last_import = label_text (fixture, "last_import_label");

  assert_title (fixture, N_STUDENTS);
  g_assert_cmpuint (n_shown (fixture), ==, N_STUDENTS);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (child (fixture, "content_stack")), ==, "list");
  g_assert_true (gtk_widget_get_visible (child (fixture, "filter_bin")));
  g_assert_true (gtk_widget_get_visible (child (fixture, "results_stack")));
  /* The empty school's page is not even built (a school with students
   * never shows it), nor is the progress banner before an import. */
  g_assert_null (orga_ui_test_students_page_child (GTK_WIDGET (fixture->page), "empty_page"));
  g_assert_null (orga_ui_test_find_descendant (GTK_WIDGET (fixture->page), ORGA_TYPE_STATUS_PAGE));
  g_assert_null (orga_ui_test_students_page_child (GTK_WIDGET (fixture->page), "progress_revealer"));
  /* Nor is "No Matching Students", before a filter hides everyone
   * (test_search() sees it come). */
  g_assert_null (gtk_stack_get_child_by_name (child (fixture, "results_stack"), "no-results"));
  g_assert_null (orga_ui_test_find_descendant (GTK_WIDGET (fixture->page), ADW_TYPE_STATUS_PAGE));
  /* Nor are the filters' popovers, before they first pop up. */
  g_assert_null (gtk_menu_button_get_popover (child (fixture, "classes_button")));
  g_assert_null (gtk_menu_button_get_popover (child (fixture, "methods_button")));
  g_assert_null (gtk_menu_button_get_popover (child (fixture, "certifiability_button")));

  /* "… le 24/11/2026 par Marie Curie" */
  g_assert_true (gtk_widget_get_visible (child (fixture, "last_import_label")));
  g_assert_nonnull (strstr (last_import, "Marie Curie"));
  g_assert_true (g_regex_match_simple ("[0-9]{2}/[0-9]{2}/[0-9]{4}", last_import, 0, 0));

  /* Sorted by name at first; every cell is bound from the model. */
  for (guint i = 1; i < 50; i++)
    {
      g_autoptr(OrgaLearner) la = learner_at (fixture, i - 1);
      g_autoptr(OrgaLearner) lb = learner_at (fixture, i);
      g_autofree char *a = fold (orga_learner_get_last_name (la));
      g_autofree char *b = fold (orga_learner_get_last_name (lb));

      g_assert_cmpint (g_utf8_collate (a, b), <=, 0);
    }

  /* Nothing to clear yet. */
  g_assert_false (button_enabled (GTK_WIDGET (fixture->page), "clear_button"));
  g_assert_true (button_enabled (GTK_WIDGET (fixture->page), "import_button"));
}

static void
assert_sorted_by_division (Fixture  *fixture,
                           gboolean  descending)
{
  guint n = n_shown (fixture);

  for (guint i = 1; i < n; i++)
    {
      g_autoptr(OrgaLearner) la = learner_at (fixture, i - 1);
      g_autoptr(OrgaLearner) lb = learner_at (fixture, i);
      const char *a = orga_learner_get_division (la);
      const char *b = orga_learner_get_division (lb);
      int order = orga_store_compare_divisions (a, b);

      if (descending ? order < 0 : order > 0)
        g_error ("Not sorted by class at %u: %s then %s", i, a, b);
    }
}

static void
test_sort (Fixture       *fixture,
           gconstpointer  data)
{
  GtkColumnView *view = child (fixture, "column_view");
  g_autoptr(OrgaLearner) first = learner_at (fixture, 0);
  g_autofree char *first_uuid = g_strdup (orga_learner_get_uuid (first));

  gtk_column_view_sort_by_column (view, child (fixture, "division_column"), GTK_SORT_ASCENDING);
  orga_ui_test_spin (20);
  g_assert_cmpuint (n_shown (fixture), ==, N_STUDENTS);
  assert_sorted_by_division (fixture, FALSE);

  gtk_column_view_sort_by_column (view, child (fixture, "division_column"), GTK_SORT_DESCENDING);
  orga_ui_test_spin (20);
  assert_sorted_by_division (fixture, TRUE);
  {
    g_autoptr(OrgaLearner) top = learner_at (fixture, 0);
    g_autoptr(OrgaLearner) bottom = learner_at (fixture, N_STUDENTS - 1);

    g_assert_cmpint (orga_store_compare_divisions (orga_learner_get_division (top),
                                                   orga_learner_get_division (bottom)), >, 0);
  }

  /* Back to names: the same first student as at the start. */
  gtk_column_view_sort_by_column (view, child (fixture, "name_column"), GTK_SORT_ASCENDING);
  orga_ui_test_spin (20);
  {
    g_autoptr(OrgaLearner) top = learner_at (fixture, 0);

    g_assert_cmpstr (orga_learner_get_uuid (top), ==, first_uuid);
  }

  /* Descending names: the first student is now last. */
  gtk_column_view_sort_by_column (view, child (fixture, "name_column"), GTK_SORT_DESCENDING);
  orga_ui_test_spin (20);
  {
    g_autoptr(OrgaLearner) bottom = learner_at (fixture, N_STUDENTS - 1);

    g_assert_cmpstr (orga_learner_get_uuid (bottom), ==, first_uuid);
  }
}

/* "15/07/2024" as 20240715; 0 for no participation. */
static guint
last_participation_day (Fixture *fixture,
                        guint    position)
{
  g_autoptr(OrgaLearner) learner = learner_at (fixture, position);
  const char *text = orga_learner_get_last_participation (learner);
  guint day, month, year;

  if (text == NULL || sscanf (text, "%u/%u/%u", &day, &month, &year) != 3)
    return 0;
  return year * 10000 + month * 100 + day;
}

static void
collect_cell_texts (GtkWidget *widget,
                    GPtrArray *texts)
{
  if (ORGA_IS_TEXT_CELL (widget) && orga_text_cell_get_text (ORGA_TEXT_CELL (widget)) != NULL)
    g_ptr_array_add (texts, g_strdup (orga_text_cell_get_text (ORGA_TEXT_CELL (widget))));

  for (GtkWidget *c = gtk_widget_get_first_child (widget); c != NULL; c = gtk_widget_get_next_sibling (c))
    collect_cell_texts (c, texts);
}

/* "Dernière participation" sorts like the other columns; "Méthode(s) de
 * connexion" says "Aucune", as Pix Orga does, for no account yet. */
static void
test_last_participation (Fixture       *fixture,
                         gconstpointer  data)
{
  GtkColumnView *view = child (fixture, "column_view");
  g_autoptr(GPtrArray) texts = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(OrgaCampaign) campaign = NULL;
  g_autoptr(GError) error = NULL;
  OrgaCampaignSpec spec = {
    .name = "Collecte de profils",
    .type = ORGA_CAMPAIGN_TYPE_PROFILES_COLLECTION,
    .owner = "Marie Curie",
    .creator = "Marie Curie",
  };
  OrgaDemoResult result = { 0 };
  guint n, with = 0;

  campaign = orga_store_create_campaign (fixture->store, fixture->organization, &spec, &error);
  g_assert_no_error (error);
  g_assert_true (orga_demo_fill (fixture->store, fixture->organization, 3, &result, &error));
  g_assert_no_error (error);

  /* A new list, with the participations. */
  orga_students_page_set_context (fixture->page, NULL);
  orga_students_page_set_context (fixture->page, fixture->context);
  orga_ui_test_spin (100);
  n = n_shown (fixture);
  g_assert_cmpuint (n, ==, N_STUDENTS);

  gtk_column_view_sort_by_column (view, child (fixture, "last_participation_column"), GTK_SORT_ASCENDING);
  orga_ui_test_spin (20);
  for (guint i = 1; i < n; i++)
    g_assert_cmpuint (last_participation_day (fixture, i - 1), <=, last_participation_day (fixture, i));
  /* Both kinds, the students without one first. */
  g_assert_cmpuint (last_participation_day (fixture, 0), ==, 0);
  g_assert_cmpuint (last_participation_day (fixture, n - 1), >, 0);

  gtk_column_view_sort_by_column (view, child (fixture, "last_participation_column"), GTK_SORT_DESCENDING);
  orga_ui_test_spin (20);
  for (guint i = 1; i < n; i++)
    {
      g_assert_cmpuint (last_participation_day (fixture, i - 1), >=, last_participation_day (fixture, i));
      with += last_participation_day (fixture, i - 1) > 0;
    }
  g_assert_cmpuint (with, ==, result.participations);
  g_assert_cmpuint (last_participation_day (fixture, n - 1), ==, 0);

  collect_cell_texts (GTK_WIDGET (view), texts);
  g_assert_true (g_ptr_array_find_with_equal_func (texts, "Aucune", g_str_equal, NULL));
}

static void
test_search (Fixture       *fixture,
             gconstpointer  data)
{
  g_autoptr(OrgaLearnerSlot) top_before = g_list_model_get_item (model (fixture), 0);
  g_autoptr(OrgaLearnerSlot) top_after = NULL;
  g_autoptr(OrgaLearner) first_before = learner_at (fixture, 0);
  guint plain, accented, n;

  /* Without the accent, lower case: LEFÈVRE. */
  set_search (fixture, "lefevre");
  plain = n_shown (fixture);

  /* The rows stay, the students in them change: GTK keeps its widgets. */
  top_after = g_list_model_get_item (model (fixture), 0);
  g_assert_true (top_after == top_before);
  g_assert_true (orga_learner_slot_get_learner (top_after) != first_before);

  g_assert_cmpuint (plain, >, 0);
  g_assert_cmpuint (plain, <, N_STUDENTS);
  for (guint i = 0; i < plain; i++)
    {
      g_autoptr(OrgaLearner) learner = learner_at (fixture, i);
      g_autofree char *name = g_strdup_printf ("%s %s", orga_learner_get_last_name (learner),
                                               orga_learner_get_first_name (learner));
      g_autofree char *folded = fold (name);

      g_assert_nonnull (strstr (folded, "lefevre"));
    }
  g_assert_true (gtk_widget_is_sensitive (GTK_WIDGET (child (fixture, "search_entry"))));

  set_search (fixture, "LEFÈVRE");
  accented = n_shown (fixture);
  g_assert_cmpuint (accented, ==, plain);

  /* Two words: name and first name, in any order. */
  set_search (fixture, "lefevre elo");
  n = n_shown (fixture);
  g_assert_cmpuint (n, <=, plain);

  /* The count says how many are shown, the title how many there are. */
  assert_title (fixture, N_STUDENTS);
  {
    g_autofree char *count = g_strdup_printf (ngettext ("%'u student", "%'u students", n), n);
    g_assert_cmpstr (label_text (fixture, "count_label"), ==, count);
  }

  /* Nobody: the no-result state, with its way out. */
  set_search (fixture, "zzzzzz");
  g_assert_true (button_enabled (GTK_WIDGET (fixture->page), "clear_button"));
  g_assert_cmpuint (n_shown (fixture), ==, 0);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (child (fixture, "results_stack")), ==, "no-results");
  g_assert_true (gtk_widget_get_mapped (gtk_stack_get_child_by_name (child (fixture, "results_stack"), "no-results")));
  g_assert_cmpstr (gtk_stack_get_visible_child_name (child (fixture, "content_stack")), ==, "list");

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->page), "students.clear-filters", NULL));
  orga_ui_test_spin (300);
  g_assert_cmpuint (n_shown (fixture), ==, N_STUDENTS);
  g_assert_cmpstr (gtk_editable_get_text (child (fixture, "search_entry")), ==, "");
  g_assert_cmpstr (gtk_stack_get_visible_child_name (child (fixture, "results_stack")), ==, "list");
  /* Hidden while the list shows, so that the first frame styles none of
   * it (switch_stack() in orga-students-page.c). */
  g_assert_false (gtk_widget_get_visible (gtk_stack_get_child_by_name (child (fixture, "results_stack"), "no-results")));
}

static void
test_classes (Fixture       *fixture,
              gconstpointer  data)
{
  GtkWidget *button = child (fixture, "classes_button");
  GtkWidget *first, *second;
  const char *division;
  guint n_one, n_two;
  g_autofree char *label = NULL;

  /* The popover and its check boxes are made when it first shows, as
   * the button is enabled; the first check box has the focus. */
  g_assert_null (gtk_menu_button_get_popover (GTK_MENU_BUTTON (button)));
  g_assert_true (gtk_widget_get_sensitive (button));
  first = GTK_WIDGET (orga_ui_test_popover_check (button, NULL));
  g_assert_true (gtk_widget_is_focus (first));
  second = gtk_widget_get_next_sibling (first);
  g_assert_true (GTK_IS_CHECK_BUTTON (second));
  division = gtk_check_button_get_label (GTK_CHECK_BUTTON (first));

  gtk_check_button_set_active (GTK_CHECK_BUTTON (first), TRUE);
  orga_ui_test_spin (20);
  n_one = n_shown (fixture);
  g_assert_cmpuint (n_one, >, 0);
  g_assert_cmpuint (n_one, <, N_STUDENTS);
  for (guint i = 0; i < n_one; i++)
    {
      g_autoptr(OrgaLearner) learner = learner_at (fixture, i);

      g_assert_cmpstr (orga_learner_get_division (learner), ==, division);
    }
  label = g_strdup_printf (_("Classes (%u)"), 1);
  g_assert_cmpstr (label_text (fixture, "classes_label"), ==, label);

  gtk_check_button_set_active (GTK_CHECK_BUTTON (second), TRUE);
  orga_ui_test_spin (20);
  n_two = n_shown (fixture);
  g_assert_cmpuint (n_two, >, n_one);

  /* With a search too; then everything goes at once. */
  set_search (fixture, "guerin");
  g_assert_cmpuint (n_shown (fixture), <, n_two);

  gtk_check_button_set_active (orga_ui_test_popover_check (child (fixture, "certifiability_button"), _("Certifiable")),
                               TRUE);
  orga_ui_test_spin (20);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->page), "students.clear-filters", NULL));
  orga_ui_test_spin (300);
  g_assert_cmpuint (n_shown (fixture), ==, N_STUDENTS);
  g_assert_false (gtk_check_button_get_active (GTK_CHECK_BUTTON (first)));
  g_assert_false (gtk_check_button_get_active (GTK_CHECK_BUTTON (second)));
  g_assert_false (gtk_check_button_get_active (orga_ui_test_popover_check (child (fixture, "certifiability_button"),
                                                                          _("Certifiable"))));
  /* A popover left open has GTK query a destroyed surface at the
   * window's end. */
  gtk_menu_button_popdown (child (fixture, "certifiability_button"));
  g_assert_cmpstr (label_text (fixture, "classes_label"), ==, _("Classes"));
  /* Nothing left to clear. */
  g_assert_false (button_enabled (GTK_WIDGET (fixture->page), "clear_button"));
}

static void
test_student (Fixture       *fixture,
              gconstpointer  data)
{
  AdwLeaflet *leaflet = child (fixture, "leaflet");
  OrgaStudentPage *student_page;
  g_autoptr(OrgaLearner) learner = learner_at (fixture, 3);

  g_autoptr(GError) error = NULL;
  g_autoptr(OrgaCampaign) campaign = NULL;
  g_autoptr(OrgaParticipationSet) set = orga_participation_set_new (ORGA_FRAMEWORK_N_COMPETENCES);
  guint8 results[ORGA_FRAMEWORK_N_COMPETENCES] = { 0 };
  OrgaCampaignSpec spec = { 0 };
  OrgaParticipation p = { 0 };
  GtkWidget *empty_row, *group;

  /* The student has sent a profile in a collection campaign. */
  spec.name = "Collecte des profils 3e";
  spec.type = ORGA_CAMPAIGN_TYPE_PROFILES_COLLECTION;
  spec.owner = spec.creator = "Mme Durand";
  campaign = orga_store_create_campaign (fixture->store, fixture->organization, &spec, &error);
  g_assert_no_error (error);
  p.learner_id = orga_learner_get_id (learner);
  p.status = ORGA_PARTICIPATION_SHARED;
  p.created_at = 1727776800;   /* 2024-10-01 10:00 UTC */
  p.shared_at = 1727863200;    /* 2024-10-02 10:00 UTC */
  p.is_certifiable = 1;
  p.results = results;
  orga_participation_set_add (set, &p);
  g_assert_true (orga_store_add_participations (fixture->store, campaign, set, &error));
  g_assert_no_error (error);

  /* The page is built when a student is first opened. */
  g_assert_null (adw_leaflet_get_child_by_name (leaflet, "student"));
  g_signal_emit_by_name (child (fixture, "column_view"), "activate", 3);
  g_assert_cmpstr (adw_leaflet_get_visible_child_name (leaflet), ==, "student");
  student_page = ORGA_STUDENT_PAGE (adw_leaflet_get_child_by_name (leaflet, "student"));
  /* The participations added reloaded the list (the change feed): the
   * same student, read again. */
  g_assert_cmpint (orga_learner_get_id (orga_student_page_get_learner (student_page)), ==, orga_learner_get_id (learner));
  empty_row = GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (student_page), ORGA_TYPE_STUDENT_PAGE,
                                                         "no_participations_row"));
  group = GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (student_page), ORGA_TYPE_STUDENT_PAGE,
                                                     "participations_group"));

  /* "Liste de toutes les participations": the campaign, not "none yet". */
  g_assert_false (gtk_widget_get_visible (empty_row));
  {
    GtkWidget *stack[256];
    guint top = 0;
    gboolean found = FALSE;

    stack[top++] = group;
    while (top > 0 && !found)
      {
        GtkWidget *node = stack[--top];

        if (ADW_IS_ACTION_ROW (node) && node != empty_row &&
            g_strcmp0 (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (node)), "Collecte des profils 3e") == 0)
          {
            g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (node)), ==,
                             "Collecte de profils · commencé le 01/10/2024 · envoyé le 02/10/2024");
            found = TRUE;
          }
        for (GtkWidget *c = gtk_widget_get_first_child (node); c != NULL && top < G_N_ELEMENTS (stack);
             c = gtk_widget_get_next_sibling (c))
          stack[top++] = c;
      }
    g_assert_true (found);
  }

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->page), "students.show-list", NULL));
  orga_ui_test_spin (500);
  g_assert_cmpstr (adw_leaflet_get_visible_child_name (leaflet), ==, "list");
}

static void
test_import (Fixture       *fixture,
             gconstpointer  data)
{
  g_autoptr(GFile) file = g_file_new_for_path (second_file);
  g_autoptr(OrgaImportRecord) record = NULL;
  g_autoptr(GError) error = NULL;
  GtkWindow *preview;
  OrgaImportReport *report;
  OrgaImportCounts counts;
  guint expected;

  orga_students_page_import_file (fixture->page, file);
  g_assert_true (orga_students_page_get_busy (fixture->page));
  g_assert_true (gtk_revealer_get_reveal_child (child (fixture, "progress_revealer")));
  g_assert_true (gtk_widget_get_visible (child (fixture, "progress_revealer")));
  /* One import at a time. */
  g_assert_false (button_enabled (GTK_WIDGET (fixture->page), "import_button"));

  orga_ui_test_wait_until (has_preview_cb, NULL);
  preview = orga_ui_test_find_toplevel (ORGA_TYPE_IMPORT_PREVIEW_DIALOG);
  report = orga_import_preview_dialog_get_report (ORGA_IMPORT_PREVIEW_DIALOG (preview));
  /* The dialog and its report go away with the answer. */
  counts = *orga_import_report_get_counts (report);
  g_assert_cmpuint (counts.created, >, 0);
  g_assert_cmpuint (counts.class_changed, >, 0);
  g_assert_cmpuint (counts.ignored, >, 0);

  /* A dry run: nothing written yet. */
  g_assert_cmpuint (count_active (fixture), ==, N_STUDENTS);
  assert_title (fixture, N_STUDENTS);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (preview), "preview.import", NULL));
  orga_ui_test_wait_until (not_busy_cb, fixture);

  expected = count_active (fixture);
  g_assert_cmpuint (expected, !=, N_STUDENTS);
  g_assert_cmpuint (expected, ==, counts.created + counts.updated + counts.unchanged);
  assert_title (fixture, expected);
  g_assert_cmpuint (n_shown (fixture), ==, expected);
  g_assert_false (gtk_revealer_get_reveal_child (child (fixture, "progress_revealer")));
  orga_ui_test_wait_until (banner_hidden_cb, fixture);

  /* The toast's "Undo", as the window's toast overlay would activate it. */
  record = orga_store_get_last_import (fixture->store, fixture->organization, TRUE, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (record->file_name, ==, "ElevesSansAdresses-2027.xml");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window), "students-page.undo-import",
                                             "x", record->id));
  orga_ui_test_wait_until (not_busy_cb, fixture);
  g_assert_cmpuint (count_active (fixture), ==, N_STUDENTS);
  assert_title (fixture, N_STUDENTS);
  g_assert_cmpuint (n_shown (fixture), ==, N_STUDENTS);
}

static void
test_import_cancelled (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autoptr(GFile) file = g_file_new_for_path (second_file);

  orga_students_page_import_file (fixture->page, file);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->page), "students.cancel-import", NULL));
  orga_ui_test_wait_until (not_busy_cb, fixture);
  orga_ui_test_spin (50);

  g_assert_null (orga_ui_test_find_toplevel (ORGA_TYPE_IMPORT_PREVIEW_DIALOG));
  g_assert_cmpuint (count_active (fixture), ==, N_STUDENTS);
  assert_title (fixture, N_STUDENTS);

  /* The preview's "Cancel" changes nothing either. */
  orga_students_page_import_file (fixture->page, file);
  orga_ui_test_wait_until (has_preview_cb, NULL);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (orga_ui_test_find_toplevel (ORGA_TYPE_IMPORT_PREVIEW_DIALOG)),
                                             "preview.cancel", NULL));
  orga_ui_test_spin (50);
  g_assert_false (orga_students_page_get_busy (fixture->page));
  g_assert_cmpuint (count_active (fixture), ==, N_STUDENTS);
}

/* A session of this year, finalized and published with one result (the
 * server's rows, written as a pull leaves them), never archived. */
static void
add_published_result (Fixture *fixture)
{
  g_autoptr(OrgaLearner) learner = learner_at (fixture, 0);
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GDateTime) later = g_date_time_add_days (now, 5);
  g_autofree char *date = g_date_time_format (later, "%Y-%m-%d");
  g_autoptr(OrgaCertSession) session = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *course = NULL;
  g_autofree char *publish = NULL;
  OrgaCertSessionForm form = {
    .address = "Collège Jean Moulin", .room = "CDI", .examiner = "Mme Durand", .date = date, .time = "09:00",
  };
  gint64 id = orga_learner_get_id (learner);
  char *message = NULL;

  session = orga_store_create_cert_session (fixture->store, fixture->organization, &form, "Anne", &error);
  g_assert_no_error (error);
  g_assert_true (orga_store_enrol_cert_candidates (fixture->store, orga_cert_session_get_id (session), &id, 1, NULL, &error));
  g_assert_no_error (error);

  course = g_strdup_printf ("INSERT INTO cert_courses (uuid, organization_id, number, session_id, candidate_id, learner_id, "
                            "started_at, completed_at, status, pix_score, levels, verification_code) "
                            "SELECT 'course-1', organization_id, 1, session_id, id, learner_id, "
                            "'2026-01-01T08:10:00.000000Z', '2026-01-01T09:00:00.000000Z', 'validated', 312, "
                            "'3,2,2,1,0,-1,4,3,2,2,1,1,2,3,-1,2', 'P-BCDFGH01' FROM cert_candidates "
                            "WHERE session_id = %" G_GINT64_FORMAT, orga_cert_session_get_id (session));
  publish = g_strdup_printf ("UPDATE cert_sessions SET finalized_at = '2026-01-02T00:00:00.000000Z', "
                             "published_at = '2026-01-09T15:00:00.000000Z', number = 1001 WHERE id = %" G_GINT64_FORMAT,
                             orga_cert_session_get_id (session));
  if (sqlite3_exec (_orga_store_get_db (fixture->store), course, NULL, NULL, &message) != SQLITE_OK ||
      sqlite3_exec (_orga_store_get_db (fixture->store), publish, NULL, NULL, &message) != SQLITE_OK)
    g_error ("%s", message);
  g_assert_cmpuint (orga_store_count_unarchived_cert_results (fixture->store, fixture->organization, NULL), ==, 1);
}

static void
count_activation_cb (GSimpleAction *action,
                     GVariant      *parameter,
                     gpointer       user_data)
{
  (*(guint *) user_data)++;
}

static gboolean
has_message_cb (gpointer data)
{
  return orga_ui_test_find_toplevel (ADW_TYPE_MESSAGE_DIALOG) != NULL;
}

/* The guides' "anciennes données écrasées": with published results not
 * archived, an import asks first; "Annuler" changes nothing, "Importer
 * quand même" goes on to the usual check and preview. */
static void
test_import_unarchived (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autoptr(GFile) file = g_file_new_for_path (second_file);
  AdwMessageDialog *dialog;

  add_published_result (fixture);

  orga_students_page_import_file (fixture->page, file);
  orga_ui_test_wait_until (has_message_cb, NULL);
  dialog = ADW_MESSAGE_DIALOG (orga_ui_test_find_toplevel (ADW_TYPE_MESSAGE_DIALOG));
  g_assert_cmpstr (adw_message_dialog_get_heading (dialog), ==, "Résultats de certification non archivés");
  g_assert_nonnull (strstr (adw_message_dialog_get_body (dialog), "1 résultat de certification"));
  g_assert_nonnull (strstr (adw_message_dialog_get_body (dialog), "écrase les anciennes données"));
  /* Its own access key: "Annuler" has the A. */
  g_assert_cmpstr (adw_message_dialog_get_response_label (dialog, "archive"), ==, "A_rchiver d’abord");
  g_assert_cmpstr (adw_message_dialog_get_response_label (dialog, "import"), ==, "_Importer quand même");
  g_assert_cmpstr (adw_message_dialog_get_response_label (dialog, "cancel"), ==, "_Annuler");
  /* Nothing runs while the head decides. */
  g_assert_false (orga_students_page_get_busy (fixture->page));
  orga_ui_test_shoot (GTK_WINDOW (dialog), "cert-import-warning");

  /* As its button does: the response, then the dialog closes. */
  adw_message_dialog_response (dialog, "cancel");
  gtk_window_destroy (GTK_WINDOW (dialog));
  orga_ui_test_spin (300);
  g_assert_null (orga_ui_test_find_toplevel (ORGA_TYPE_IMPORT_PREVIEW_DIALOG));
  g_assert_false (orga_students_page_get_busy (fixture->page));
  g_assert_cmpuint (count_active (fixture), ==, N_STUDENTS);
  g_assert_cmpuint (orga_store_count_unarchived_cert_results (fixture->store, fixture->organization, NULL), ==, 1);

  /* "Archiver d'abord": the window's win.show-cert-results (the
   * Certifications page, Résultats; tests/test-window.c), no import. */
  {
    g_autoptr(GSimpleActionGroup) win = g_simple_action_group_new ();
    g_autoptr(GSimpleAction) show = g_simple_action_new ("show-cert-results", NULL);
    guint n_shown_results = 0;

    g_signal_connect (show, "activate", G_CALLBACK (count_activation_cb), &n_shown_results);
    g_action_map_add_action (G_ACTION_MAP (win), G_ACTION (show));
    gtk_widget_insert_action_group (GTK_WIDGET (fixture->window), "win", G_ACTION_GROUP (win));

    orga_students_page_import_file (fixture->page, file);
    orga_ui_test_wait_until (has_message_cb, NULL);
    dialog = ADW_MESSAGE_DIALOG (orga_ui_test_find_toplevel (ADW_TYPE_MESSAGE_DIALOG));
    adw_message_dialog_response (dialog, "archive");
    gtk_window_destroy (GTK_WINDOW (dialog));
    orga_ui_test_spin (300);
    g_assert_cmpuint (n_shown_results, ==, 1);
    g_assert_false (orga_students_page_get_busy (fixture->page));
    g_assert_null (orga_ui_test_find_toplevel (ORGA_TYPE_IMPORT_PREVIEW_DIALOG));
    g_assert_cmpuint (count_active (fixture), ==, N_STUDENTS);
    gtk_widget_insert_action_group (GTK_WIDGET (fixture->window), "win", NULL);
  }

  /* "Importer quand même": the dry run and its preview, as always. */
  orga_students_page_import_file (fixture->page, file);
  orga_ui_test_wait_until (has_message_cb, NULL);
  dialog = ADW_MESSAGE_DIALOG (orga_ui_test_find_toplevel (ADW_TYPE_MESSAGE_DIALOG));
  adw_message_dialog_response (dialog, "import");
  gtk_window_destroy (GTK_WINDOW (dialog));
  orga_ui_test_wait_until (has_preview_cb, NULL);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (orga_ui_test_find_toplevel (ORGA_TYPE_IMPORT_PREVIEW_DIALOG)),
                                             "preview.cancel", NULL));
  orga_ui_test_spin (50);
  orga_ui_test_wait_until (not_busy_cb, fixture);
  g_assert_cmpuint (count_active (fixture), ==, N_STUDENTS);
}

static void
test_import_rejected (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autofree char *path = g_build_filename (g_getenv ("PIXORGA_FIXTURES"), "siecle",
                                            "siecle-student-with-no-sex.xml", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autofree char *text = NULL;
  GtkWindow *dialog;

  orga_students_page_import_file (fixture->page, file);
  orga_ui_test_wait_until (has_errors_cb, NULL);
  orga_ui_test_wait_until (not_busy_cb, fixture);

  dialog = orga_ui_test_find_toplevel (ORGA_TYPE_IMPORT_ERRORS_DIALOG);
  g_assert_null (orga_ui_test_find_toplevel (ORGA_TYPE_IMPORT_PREVIEW_DIALOG));
  g_assert_nonnull (strstr (adw_message_dialog_get_heading (ADW_MESSAGE_DIALOG (dialog)),
                            "siecle-student-with-no-sex.xml"));
  text = orga_import_errors_dialog_dup_text (ORGA_IMPORT_ERRORS_DIALOG (dialog));
  g_assert_cmpstr (text, !=, "");

  gtk_window_destroy (dialog);
  g_assert_cmpuint (count_active (fixture), ==, N_STUDENTS);
  assert_title (fixture, N_STUDENTS);
}

static void
test_empty (void)
{
  g_autofree char *path = g_build_filename (temp_dir, "empty.db", NULL);
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  g_autoptr(OrgaStore) store = NULL;
  g_autoptr(OrgaOrganization) organization = NULL;
  g_autoptr(OrgaContext) context = NULL;
  g_autoptr(GError) error = NULL;
  OrgaStudentsPage *page;
  GtkWindow *window;

  store = orga_store_open (path, &error);
  g_assert_no_error (error);
  context = orga_context_new (store, settings);

  /* Without a context, the empty page is built when the page first
   * shows: mapped, before any frame. */
  page = g_object_new (ORGA_TYPE_STUDENTS_PAGE, NULL);
  window = orga_ui_test_present (GTK_WIDGET (page), 800, 600);
  g_assert_true (gtk_widget_get_mapped (orga_ui_test_students_page_child (GTK_WIDGET (page), "empty_page")));
  g_assert_cmpstr (gtk_stack_get_visible_child_name (GTK_STACK (orga_ui_test_students_page_child (GTK_WIDGET (page), "content_stack"))),
                   ==, "empty");
  orga_ui_test_spin (50);
  gtk_window_destroy (window);
  orga_ui_test_spin (20);

  /* With one, as it gets it: shown before the window measures it. */
  page = g_object_new (ORGA_TYPE_STUDENTS_PAGE, "context", context, NULL);
  g_assert_nonnull (orga_ui_test_students_page_child (GTK_WIDGET (page), "empty_page"));
  g_assert_cmpstr (gtk_stack_get_visible_child_name (GTK_STACK (orga_ui_test_students_page_child (GTK_WIDGET (page), "content_stack"))),
                   ==, "empty");
  window = GTK_WINDOW (gtk_window_new ());
  gtk_window_set_child (window, GTK_WIDGET (page));
  gtk_window_present (window);
  orga_ui_test_spin (50);

  /* No school yet: nothing to import into. */
  g_assert_false (button_enabled (GTK_WIDGET (page), "empty_import_button"));

  organization = orga_store_create_organization (store, UAI, "Collège Jean Moulin",
                                                 ORGA_ORGANIZATION_KIND_SCO, &error);
  g_assert_no_error (error);
  orga_context_set_organization (context, organization);
  orga_ui_test_spin (50);
  g_assert_true (button_enabled (GTK_WIDGET (page), "empty_import_button"));

  g_assert_cmpstr (gtk_stack_get_visible_child_name (GTK_STACK (orga_ui_test_students_page_child (GTK_WIDGET (page), "content_stack"))),
                   ==, "empty");
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (orga_ui_test_students_page_child (GTK_WIDGET (page), "last_import_label"))));
  /* The list's filters and column view wait hidden for students: a
   * stack page not shown still has its styles computed for each frame.
   * The filter bar is not even made (9 M instructions to build it). */
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (orga_ui_test_students_page_child (GTK_WIDGET (page), "filter_bin"))));
  g_assert_null (filter_bar (GTK_WIDGET (page)));
  /* Nor is the table (orga-students-page-list.ui): no column view in the
   * page until students arrive (test-live-update sees it come). */
  g_assert_null (orga_ui_test_students_page_child (GTK_WIDGET (page), "results_stack"));
  g_assert_null (orga_ui_test_find_descendant (GTK_WIDGET (page), GTK_TYPE_COLUMN_VIEW));
  /* Nor the import's banner, until an import (test_import() sees it go). */
  g_assert_null (orga_ui_test_students_page_child (GTK_WIDGET (page), "progress_revealer"));
  g_assert_null (orga_ui_test_find_descendant (GTK_WIDGET (page), GTK_TYPE_PROGRESS_BAR));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (orga_ui_test_students_page_child (GTK_WIDGET (page), "empty_page"))));

  gtk_window_destroy (window);
  orga_ui_test_spin (20);
  g_unlink (path);
}

static gboolean
view_full_cb (gpointer data)
{
  return g_list_model_get_n_items (G_LIST_MODEL (gtk_column_view_get_model (data))) == N_STUDENTS;
}

/* The first frame builds only the rows it shows, enough to fill the list
 * at any height; every student is in the list right after it. */
static void
test_first_frame (void)
{
  static const int heights[] = { 480, 700, 790 };

  for (guint i = 0; i < G_N_ELEMENTS (heights); i++)
    {
      g_autoptr(GSettings) settings = g_settings_new (APP_ID);
      g_autoptr(GError) error = NULL;
      g_autofree char *db_path = orga_ui_test_copy_db (base_db, temp_dir);
      g_autoptr(OrgaStore) store = orga_store_open (db_path, &error);
      g_autoptr(OrgaOrganization) organization = NULL;
      g_autoptr(OrgaContext) context = NULL;
      FirstFrame frame = { 0 };
      GtkColumnView *view;
      GtkWindow *window;

      g_assert_no_error (error);
      organization = orga_store_get_organization (store, &error);
      g_assert_no_error (error);
      context = orga_context_new (store, settings);
      orga_context_set_organization (context, organization);

      frame.page = g_object_new (ORGA_TYPE_STUDENTS_PAGE, "context", context, NULL);
      window = GTK_WINDOW (gtk_window_new ());
      gtk_window_set_default_size (window, 1100, heights[i]);
      gtk_window_set_child (window, GTK_WIDGET (frame.page));
      g_signal_connect (window, "realize", G_CALLBACK (first_frame_realize_cb), &frame);
      gtk_window_present (window);
      orga_ui_test_wait_until (first_frame_painted_cb, &frame);

      g_test_message ("%d pixels: %u rows, to %.0f pixels of the list's %d",
                      heights[i], frame.rows, frame.rows_bottom, frame.list_height);
      g_assert_cmpint (frame.list_height, >, 0);
      g_assert_cmpfloat (frame.rows_bottom, >=, frame.list_height);
      /* A row is some 20 pixels high: no more than two rows past the
       * bottom. */
      g_assert_cmpuint (frame.rows, >, 0);
      g_assert_cmpuint (frame.rows, <=, frame.list_height / 16 + 2);
      /* None built that the list hides: each costs the first frame. */
      g_assert_cmpuint (frame.hidden_rows, ==, 0);
      {
        g_autofree char *title = g_strdup_printf (_("Students (%'u)"), N_STUDENTS);
        g_autofree char *count = g_strdup_printf (ngettext ("%'u student", "%'u students", N_STUDENTS), N_STUDENTS);

        g_assert_cmpstr (frame.title, ==, title);
        g_assert_cmpstr (frame.count, ==, count);
        g_assert_true (frame.classes_sensitive);
        g_clear_pointer (&frame.title, g_free);
        g_clear_pointer (&frame.count, g_free);
      }

      /* The rest is read in a thread: it comes, rather than at once. */
      view = GTK_COLUMN_VIEW (orga_ui_test_students_page_child (GTK_WIDGET (frame.page), "column_view"));
      orga_ui_test_wait_until (view_full_cb, view);
      g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (gtk_column_view_get_model (view))), ==, N_STUDENTS);

      gtk_window_destroy (window);
      orga_ui_test_spin (50);
      g_unlink (db_path);
    }
}

/* Counts the border nodes under @node, and those of four different
 * colours: the cairo renderer fills these with a mesh gradient. */
static void
count_borders (GskRenderNode *node,
               guint         *borders,
               guint         *meshes)
{
  switch (gsk_render_node_get_node_type (node))
    {
    case GSK_BORDER_NODE:
      {
        const GdkRGBA *colors = gsk_border_node_get_colors (node);

        (*borders)++;
        if (!gdk_rgba_equal (&colors[0], &colors[1]) || !gdk_rgba_equal (&colors[0], &colors[2]) ||
            !gdk_rgba_equal (&colors[0], &colors[3]))
          (*meshes)++;
      }
      break;
    case GSK_CONTAINER_NODE:
      for (guint i = 0; i < gsk_container_node_get_n_children (node); i++)
        count_borders (gsk_container_node_get_child (node, i), borders, meshes);
      break;
    case GSK_TRANSFORM_NODE:
      count_borders (gsk_transform_node_get_child (node), borders, meshes);
      break;
    case GSK_CLIP_NODE:
      count_borders (gsk_clip_node_get_child (node), borders, meshes);
      break;
    case GSK_ROUNDED_CLIP_NODE:
      count_borders (gsk_rounded_clip_node_get_child (node), borders, meshes);
      break;
    case GSK_OPACITY_NODE:
      count_borders (gsk_opacity_node_get_child (node), borders, meshes);
      break;
    case GSK_COLOR_MATRIX_NODE:
      count_borders (gsk_color_matrix_node_get_child (node), borders, meshes);
      break;
    case GSK_DEBUG_NODE:
      count_borders (gsk_debug_node_get_child (node), borders, meshes);
      break;
    default:
      break;
    }
}

static gboolean
rows_shown_cb (gpointer data)
{
  GtkWidget *view = data;

  return gtk_widget_get_mapped (view) && gtk_widget_get_height (view) > 0;
}

/* The table's borders, with the app's style sheet, light and dark: the
 * row separators are drawn, and nothing as a mesh (the invisible cell
 * borders libadwaita gives are not drawn at all). */
static void
test_borders (void)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  g_autoptr(GtkCssProvider) provider = gtk_css_provider_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *db_path = orga_ui_test_copy_db (base_db, temp_dir);
  g_autoptr(OrgaStore) store = orga_store_open (db_path, &error);
  g_autoptr(OrgaOrganization) organization = NULL;
  g_autoptr(OrgaContext) context = NULL;
  AdwStyleManager *style = adw_style_manager_get_default ();
  OrgaStudentsPage *page;
  GtkWidget *view;
  GtkWindow *window;

  gtk_css_provider_load_from_resource (provider, "/io/github/pixorga/PixOrga/style.css");
  gtk_style_context_add_provider_for_display (gdk_display_get_default (), GTK_STYLE_PROVIDER (provider),
                                              GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);

  g_assert_no_error (error);
  organization = orga_store_get_organization (store, &error);
  g_assert_no_error (error);
  context = orga_context_new (store, settings);
  orga_context_set_organization (context, organization);

  page = g_object_new (ORGA_TYPE_STUDENTS_PAGE, "context", context, NULL);
  window = GTK_WINDOW (gtk_window_new ());
  gtk_window_set_default_size (window, 1100, 720);
  gtk_window_set_child (window, GTK_WIDGET (page));
  gtk_window_present (window);
  view = orga_ui_test_students_page_child (GTK_WIDGET (page), "column_view");
  orga_ui_test_wait_until (rows_shown_cb, view);
  orga_ui_test_spin (100);

  for (guint dark = 0; dark < 2; dark++)
    {
      g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new (view);
      g_autoptr(GtkSnapshot) snapshot = gtk_snapshot_new ();
      g_autoptr(GskRenderNode) node = NULL;
      guint borders = 0, meshes = 0;

      adw_style_manager_set_color_scheme (style, dark ? ADW_COLOR_SCHEME_FORCE_DARK : ADW_COLOR_SCHEME_FORCE_LIGHT);
      orga_ui_test_spin (100);
      gdk_paintable_snapshot (paintable, GDK_SNAPSHOT (snapshot), gtk_widget_get_width (view),
                              gtk_widget_get_height (view));
      node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
      g_assert_nonnull (node);
      count_borders (node, &borders, &meshes);
      g_test_message ("%s: %u borders, %u of four colours", dark ? "dark" : "light", borders, meshes);
      g_assert_cmpuint (borders, >=, 5);
      g_assert_cmpuint (meshes, ==, 0);
    }

  adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_DEFAULT);
  gtk_style_context_remove_provider_for_display (gdk_display_get_default (), GTK_STYLE_PROVIDER (provider));
  gtk_window_destroy (window);
  orga_ui_test_spin (50);
  g_unlink (db_path);
}

static void
count_changed_cb (OrgaStudentsFilterBar *bar,
                  guint                 *n_changed)
{
  (*n_changed)++;
}

/* The check boxes' labels and states, "6A" or "[6A]" when checked, from
 * @first on. */
static char *
describe_checks (GtkCheckButton *first)
{
  GString *out = g_string_new (NULL);

  for (GtkWidget *c = GTK_WIDGET (first); c != NULL; c = gtk_widget_get_next_sibling (c))
    g_string_append_printf (out, gtk_check_button_get_active (GTK_CHECK_BUTTON (c)) ? "[%s] " : "%s ",
                            gtk_check_button_get_label (GTK_CHECK_BUTTON (c)));

  return g_string_free (out, FALSE);
}

/* The check boxes of the popover of the bar's menu button @name, popped
 * up, as describe_checks() gives them. */
static char *
describe_popover (GtkWidget  *bar,
                  const char *name)
{
  GtkWidget *button = GTK_WIDGET (gtk_widget_get_template_child (bar, ORGA_TYPE_STUDENTS_FILTER_BAR, name));

  return describe_checks (orga_ui_test_popover_check (button, NULL));
}

static gpointer
bar_child (GtkWidget  *bar,
           const char *name)
{
  GObject *object = gtk_widget_get_template_child (bar, ORGA_TYPE_STUDENTS_FILTER_BAR, name);

  g_assert_nonnull (object);
  return object;
}

/* The filter bar's values, labels and "Clear" work before any popover
 * was made, and after. */
static void
assert_cleared (GtkWidget *widget)
{
  OrgaStudentsFilterBar *bar = ORGA_STUDENTS_FILTER_BAR (widget);
  g_auto(GStrv) checked = orga_students_filter_bar_dup_checked_divisions (bar);

  g_assert_false (orga_students_filter_bar_get_active (bar));
  g_assert_cmpuint (orga_students_filter_bar_get_certifiability (bar), ==, 0);
  g_assert_null (orga_students_filter_bar_dup_checked_login_methods (bar));
  g_assert_cmpstrv (checked, ((const char *[]) { NULL }));
  g_assert_cmpstr (gtk_label_get_label (bar_child (widget, "classes_label")), ==, _("Classes"));
  g_assert_cmpstr (gtk_label_get_label (bar_child (widget, "certifiability_label")), ==, _("Certifiability"));
  g_assert_false (gtk_widget_get_visible (bar_child (widget, "methods_label")));
}

/* The filter bar on its own: the classes follow the imports, the chosen
 * ones that remain stay chosen, the popovers and their check boxes are
 * made when they first open, the first check box taking the focus, the
 * values are the bar's, and a clear is one "changed". */
static void
test_filter_bar (void)
{
  OrgaStudentsFilterBar *bar = orga_students_filter_bar_new ();
  GtkWidget *widget = GTK_WIDGET (bar);
  GtkWidget *button = bar_child (widget, "classes_button");
  GtkWidget *methods_button = bar_child (widget, "methods_button");
  GtkWidget *certifiability_button = bar_child (widget, "certifiability_button");
  GtkLabel *label = bar_child (widget, "classes_label");
  GtkWindow *window = orga_ui_test_present (widget, 800, 200);
  g_auto(GStrv) checked = NULL;
  g_auto(GStrv) methods = NULL;
  g_autofree char *one = g_strdup_printf (_("Classes (%u)"), 1);
  g_autofree char *two = g_strdup_printf (_("Certifiability (%u)"), 2);
  /* Translated (the tests run in French). */
  g_autofree char *all_methods = g_strdup_printf ("%s %s %s %s %s ", C_("login methods", "None"), _("Username"),
                                                  _("E-mail Address"), _("Mediacentre"), _("Without Mediacentre"));
  g_autofree char *all_certifiabilities = g_strdup_printf ("%s %s %s ", C_("certifiability", "Not communicated"),
                                                           _("Certifiable"), C_("certifiability", "Not certifiable"));
  GtkCheckButton *first;
  char *classes;
  guint n_changed = 0;

  g_signal_connect (bar, "changed", G_CALLBACK (count_changed_cb), &n_changed);

  orga_students_filter_bar_set_divisions (bar, NULL);
  g_assert_false (gtk_widget_get_sensitive (button));
  g_assert_false (orga_students_filter_bar_get_active (bar));

  orga_students_filter_bar_set_divisions (bar, g_strsplit ("6A 6B 6C", " ", -1));
  g_assert_true (gtk_widget_get_sensitive (button));
  /* No popover yet, nor check boxes; a clear before any. */
  g_assert_null (gtk_menu_button_get_popover (GTK_MENU_BUTTON (button)));
  g_assert_null (gtk_menu_button_get_popover (GTK_MENU_BUTTON (methods_button)));
  g_assert_null (gtk_menu_button_get_popover (GTK_MENU_BUTTON (certifiability_button)));
  g_assert_null (orga_ui_test_find_descendant (widget, GTK_TYPE_CHECK_BUTTON));
  assert_cleared (widget);
  orga_students_filter_bar_clear (bar);
  g_assert_cmpuint (n_changed, ==, 1);
  assert_cleared (widget);
  n_changed = 0;

  classes = describe_popover (widget, "classes_button");
  g_assert_cmpstr (classes, ==, "6A 6B 6C ");
  g_free (classes);
  first = orga_ui_test_popover_check (button, NULL);
  g_assert_true (gtk_widget_is_focus (GTK_WIDGET (first)));
  gtk_check_button_set_active (GTK_CHECK_BUTTON (gtk_widget_get_next_sibling (GTK_WIDGET (first))), TRUE);
  g_assert_cmpuint (n_changed, ==, 1);
  g_assert_true (orga_students_filter_bar_get_active (bar));
  checked = orga_students_filter_bar_dup_checked_divisions (bar);
  g_assert_cmpstrv (checked, ((const char *[]) { "6B", NULL }));
  g_assert_cmpstr (gtk_label_get_label (label), ==, one);
  gtk_menu_button_popdown (GTK_MENU_BUTTON (button));
  orga_ui_test_spin (20);

  /* Another import: 6B remains, chosen; the boxes wait for the popover. */
  orga_students_filter_bar_set_divisions (bar, g_strsplit ("5A 6B", " ", -1));
  classes = describe_popover (widget, "classes_button");
  g_assert_cmpstr (classes, ==, "5A [6B] ");
  g_free (classes);

  /* While the popover is open, at once; 6B is gone, and so is the choice. */
  orga_students_filter_bar_set_divisions (bar, g_strsplit ("5A 5B", " ", -1));
  classes = describe_checks (orga_ui_test_popover_check (button, NULL));
  g_assert_cmpstr (classes, ==, "5A 5B ");
  g_free (classes);
  g_assert_false (orga_students_filter_bar_get_active (bar));
  g_assert_cmpstr (gtk_label_get_label (label), ==, _("Classes"));
  gtk_menu_button_popdown (GTK_MENU_BUTTON (button));
  orga_ui_test_spin (20);

  /* The login methods and certifiability: their check boxes when the
   * popover first opens, the first with the focus; the values. */
  first = orga_ui_test_popover_check (methods_button, NULL);
  g_assert_true (gtk_widget_is_focus (GTK_WIDGET (first)));
  classes = describe_checks (first);
  g_assert_cmpstr (classes, ==, all_methods);
  g_free (classes);
  gtk_check_button_set_active (orga_ui_test_popover_check (methods_button, _("E-mail Address")), TRUE);
  gtk_check_button_set_active (orga_ui_test_popover_check (methods_button, _("Without Mediacentre")), TRUE);
  methods = orga_students_filter_bar_dup_checked_login_methods (bar);
  g_assert_cmpstrv (methods, ((const char *[]) { "email", "without_mediacentre", NULL }));
  g_assert_cmpstr (gtk_label_get_label (bar_child (widget, "methods_label")), ==, "2");
  g_assert_true (gtk_widget_get_visible (bar_child (widget, "methods_label")));
  gtk_menu_button_popdown (GTK_MENU_BUTTON (methods_button));
  orga_ui_test_spin (20);

  first = orga_ui_test_popover_check (certifiability_button, NULL);
  g_assert_true (gtk_widget_is_focus (GTK_WIDGET (first)));
  gtk_check_button_set_active (orga_ui_test_popover_check (certifiability_button, _("Certifiable")), TRUE);
  gtk_check_button_set_active (first, TRUE);
  g_assert_cmpuint (orga_students_filter_bar_get_certifiability (bar), ==,
                    ORGA_CERTIFIABILITY_ELIGIBLE | ORGA_CERTIFIABILITY_NOT_AVAILABLE);
  g_assert_cmpstr (gtk_label_get_label (bar_child (widget, "certifiability_label")), ==, two);
  gtk_menu_button_popdown (GTK_MENU_BUTTON (certifiability_button));
  orga_ui_test_spin (20);

  /* A clear: one "changed" for the search, the class, the login methods
   * and certifiability; the check boxes follow. */
  gtk_check_button_set_active (orga_ui_test_popover_check (button, NULL), TRUE);
  gtk_menu_button_popdown (GTK_MENU_BUTTON (button));
  gtk_editable_set_text (GTK_EDITABLE (bar_child (widget, "search_entry")), "mar");
  orga_ui_test_spin (400);
  g_assert_cmpstr (orga_students_filter_bar_get_search (bar), ==, "mar");
  n_changed = 0;
  orga_students_filter_bar_clear (bar);
  orga_ui_test_spin (400);
  g_assert_cmpuint (n_changed, ==, 1);
  assert_cleared (widget);
  g_assert_cmpstr (orga_students_filter_bar_get_search (bar), ==, "");
  classes = describe_popover (widget, "methods_button");
  g_assert_cmpstr (classes, ==, all_methods);
  g_free (classes);
  classes = describe_popover (widget, "certifiability_button");
  g_assert_cmpstr (classes, ==, all_certifiabilities);
  g_free (classes);
  classes = describe_popover (widget, "classes_button");
  g_assert_cmpstr (classes, ==, "5A 5B ");
  g_free (classes);
  gtk_menu_button_popdown (GTK_MENU_BUTTON (button));
  orga_ui_test_spin (20);

  gtk_window_destroy (window);
  orga_ui_test_spin (20);
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

  g_test_add_func ("/students-page/empty", test_empty);
  g_test_add_func ("/students-page/first-frame", test_first_frame);
  g_test_add_func ("/students-page/borders", test_borders);
  g_test_add_func ("/students-page/filter-bar", test_filter_bar);
  g_test_add ("/students-page/list", Fixture, NULL, fixture_set_up, test_list, fixture_tear_down);
  g_test_add ("/students-page/sort", Fixture, NULL, fixture_set_up, test_sort, fixture_tear_down);
  g_test_add ("/students-page/last-participation", Fixture, NULL, fixture_set_up, test_last_participation, fixture_tear_down);
  g_test_add ("/students-page/search", Fixture, NULL, fixture_set_up, test_search, fixture_tear_down);
  g_test_add ("/students-page/classes", Fixture, NULL, fixture_set_up, test_classes, fixture_tear_down);
  g_test_add ("/students-page/student", Fixture, NULL, fixture_set_up, test_student, fixture_tear_down);
  g_test_add ("/students-page/import", Fixture, NULL, fixture_set_up, test_import, fixture_tear_down);
  g_test_add ("/students-page/import-cancelled", Fixture, NULL, fixture_set_up, test_import_cancelled, fixture_tear_down);
  g_test_add ("/students-page/import-unarchived", Fixture, NULL, fixture_set_up, test_import_unarchived, fixture_tear_down);
  g_test_add ("/students-page/import-rejected", Fixture, NULL, fixture_set_up, test_import_rejected, fixture_tear_down);

  status = g_test_run ();

  orga_ui_test_remove_dir (temp_dir);
  return status;
}
