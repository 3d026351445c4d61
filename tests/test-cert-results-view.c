/* test-cert-results-view.c: Certifications › Résultats, driven through its
 * class list and actions as a head teacher would, on a real database
 * holding the demonstration's certification (a published session of 3A)
 *
 * The files are compared with what the core writes for `pixorga-cli`
 * (orga-cert-export.h, orga-year-archive.h), the PDFs read back with
 * poppler's pdfinfo and pdftotext. With PIXORGA_SCREENSHOT_DIR set, the
 * table and the preview are shot (data/screenshots/cert-results*.png).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <sqlite3.h>
#include <string.h>
#include <zip.h>

#include "orga-cert-export.h"
#include "orga-cert-result-row.h"
#include "orga-cert-results-view.h"
#include "orga-context.h"
#include "orga-i18n.h"
#include "orga-importer.h"
#include "orga-store-cert.h"
#include "orga-test-util.h"
#include "orga-ui-test-util.h"

#define UAI "0330001A"
#define CERTIFIED "3A"
#define OTHER "6A"

static char *temp_dir;

typedef struct
{
  char                *db_path;
  OrgaStore           *store;
  OrgaOrganization    *organization;
  OrgaContext         *context;
  GtkWindow           *window;
  OrgaCertResultsView *view;
} Fixture;

/* ------------------------------------------------------------------------
 * Helpers
 * ------------------------------------------------------------------------ */

static gpointer
view_child (Fixture    *fixture,
            const char *name)
{
  GObject *object = gtk_widget_get_template_child (GTK_WIDGET (fixture->view), ORGA_TYPE_CERT_RESULTS_VIEW, name);

  g_assert_nonnull (object);
  return object;
}

static const char *
visible_child (Fixture    *fixture,
               const char *stack)
{
  return gtk_stack_get_visible_child_name (view_child (fixture, stack));
}

static gboolean
loaded (gpointer data)
{
  return orga_cert_results_view_is_loaded (data);
}

static gboolean
idle (gpointer data)
{
  return orga_cert_results_view_is_idle (data);
}

static void
wait_loaded (Fixture *fixture)
{
  orga_ui_test_wait_until (loaded, fixture->view);
  orga_ui_test_spin (30);
}

static void
exec_sql (const char *db_path,
          const char *sql)
{
  sqlite3 *db = NULL;

  g_assert_cmpint (sqlite3_open (db_path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, sql, NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);
}

/* Picks @division in the class list, as a click in the drop-down does. */
static void
pick_class (Fixture    *fixture,
            const char *division)
{
  GtkDropDown *dropdown = view_child (fixture, "class_dropdown");
  GListModel *model = gtk_drop_down_get_model (dropdown);
  guint n = g_list_model_get_n_items (model);

  for (guint i = 0; i < n; i++)
    if (g_strcmp0 (gtk_string_list_get_string (GTK_STRING_LIST (model), i), division) == 0)
      {
        gtk_drop_down_set_selected (dropdown, i);
        wait_loaded (fixture);
        g_assert_cmpstr (orga_cert_results_view_get_division (fixture->view), ==, division);
        return;
      }
  g_assert_not_reached ();
}

static void
activate (Fixture    *fixture,
          const char *action)
{
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->view), action, NULL));
  orga_ui_test_spin (20);
}

/* Every save of the next action goes to @name in the temporary folder. */
static char *
save_to (Fixture    *fixture,
         const char *name)
{
  char *path = g_build_filename (temp_dir, name, NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);

  g_unlink (path);
  orga_cert_results_view_set_test_file (fixture->view, file);
  return path;
}

static OrgaCertResultSet *
load (Fixture            *fixture,
      const char         *division,
      OrgaCertResultsFor  what)
{
  g_autoptr(GError) error = NULL;
  OrgaCertResultSet *set = orga_store_load_cert_results (fixture->store, fixture->organization, division, what, &error);

  g_assert_no_error (error);
  return set;
}

static char *
run (const char *command_line)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *err = NULL;
  char *out = NULL;
  int status = 0;

  g_assert_true (g_spawn_command_line_sync (command_line, &out, &err, &status, &error));
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  return out;
}

static guint
pdf_pages (const char *path)
{
  g_autofree char *quoted = g_shell_quote (path);
  g_autofree char *command = g_strdup_printf ("pdfinfo %s", quoted);
  g_autofree char *info = run (command);
  const char *pages = strstr (info, "Pages:");

  g_assert_nonnull (pages);
  return (guint) g_ascii_strtoull (pages + strlen ("Pages:"), NULL, 10);
}

static char *
pdf_text (const char *path)
{
  g_autofree char *quoted = g_shell_quote (path);
  g_autofree char *command = g_strdup_printf ("pdftotext -layout %s -", quoted);

  return run (command);
}

/* One page per validated student, in order, each with its name and code. */
static void
assert_attestations_pdf (const char        *path,
                         OrgaCertResultSet *validated)
{
  guint n = orga_cert_result_set_get_n (validated);
  g_autofree char *text = NULL;
  g_auto(GStrv) pages = NULL;

  g_assert_true (g_file_test (path, G_FILE_TEST_IS_REGULAR));
  g_assert_cmpuint (pdf_pages (path), ==, n);

  text = pdf_text (path);
  pages = g_strsplit (text, "\f", -1);
  g_assert_cmpuint (g_strv_length (pages), >=, n);
  for (guint i = 0; i < n; i++)
    {
      const OrgaCertResult *result = orga_cert_result_set_get (validated, i);

      g_assert_nonnull (strstr (pages[i], result->first_name));
      g_assert_nonnull (strstr (pages[i], result->last_name));
      g_assert_nonnull (strstr (pages[i], result->verification_code));
    }
}

/* ------------------------------------------------------------------------
 * Screenshots
 * ------------------------------------------------------------------------ */

/* ------------------------------------------------------------------------
 * Fixture
 * ------------------------------------------------------------------------ */

/* 30 students in 6A and 3A, the demonstration's sessions (3A sat the
 * published one), counted as real results (not is_demo) so that the
 * archive has something to clear; @data, SQL run before the view opens. */
static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  g_autoptr(GString) xml = g_string_new ("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                                         "<BEE_ELEVES VERSION=\"3.1\"><PARAMETRES><UAJ>" UAI "</UAJ></PARAMETRES>"
                                         "<DONNEES><ELEVES>\n");
  g_autoptr(GString) structures = g_string_new (NULL);
  g_autoptr(OrgaImporter) importer = NULL;
  g_autoptr(OrgaImportReport) report = NULL;
  g_autofree char *file = NULL;
  g_autoptr(GError) error = NULL;
  static const char * const last_names[] = { "MARTIN", "LEFÈVRE", "DUBOIS", "ANDRÉ", "PETIT", "FRANÇOIS" };
  static const char * const first_names[] = { "Léa", "Hugo", "Chloé", "Éloïse", "Noé" };

  for (guint i = 0; i < 30; i++)
    {
      g_string_append_printf (xml,
                              "<ELEVE ELEVE_ID=\"%u\"><ID_NATIONAL>%09uAA</ID_NATIONAL>"
                              "<NOM_DE_FAMILLE>%s</NOM_DE_FAMILLE><PRENOM>%s</PRENOM><CODE_SEXE>2</CODE_SEXE>"
                              "<DATE_NAISS>02/03/2011</DATE_NAISS><CODE_PAYS>100</CODE_PAYS>"
                              "<CODE_COMMUNE_INSEE_NAISS>33318</CODE_COMMUNE_INSEE_NAISS>"
                              "<CODE_MEF>10010012110</CODE_MEF><CODE_STATUT>ST</CODE_STATUT></ELEVE>\n",
                              i + 1, i + 1, last_names[i % G_N_ELEMENTS (last_names)],
                              first_names[i % G_N_ELEMENTS (first_names)]);
      g_string_append_printf (structures,
                              "<STRUCTURES_ELEVE ELEVE_ID=\"%u\"><STRUCTURE><CODE_STRUCTURE>%s</CODE_STRUCTURE>"
                              "<TYPE_STRUCTURE>D</TYPE_STRUCTURE></STRUCTURE></STRUCTURES_ELEVE>\n",
                              i + 1, i < 10 ? OTHER : CERTIFIED);
    }
  g_string_append_printf (xml, "</ELEVES><STRUCTURES>%s</STRUCTURES></DONNEES></BEE_ELEVES>\n", structures->str);

  fixture->db_path = orga_test_new_school_db (UAI, ORGA_ORGANIZATION_KIND_SCO);
  file = orga_test_write_temp_file ("eleves.xml", xml->str, xml->len);
  importer = orga_importer_new (fixture->db_path, file);
  report = orga_importer_run (importer, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (orga_import_report_get_status (report), ==, ORGA_IMPORT_STATUS_IMPORTED);

  fixture->store = orga_store_open (fixture->db_path, &error);
  g_assert_no_error (error);
  fixture->organization = orga_store_get_organization (fixture->store, &error);
  g_assert_no_error (error);
  g_assert_true (orga_store_add_demo_cert_data (fixture->store, fixture->organization, &error));
  g_assert_no_error (error);
  exec_sql (fixture->db_path, "UPDATE cert_sessions SET is_demo = 0");
  if (data != NULL)
    exec_sql (fixture->db_path, data);

  fixture->context = orga_context_new (fixture->store, settings);
  orga_context_set_organization (fixture->context, fixture->organization);

  fixture->view = g_object_new (ORGA_TYPE_CERT_RESULTS_VIEW, "context", fixture->context, NULL);
  g_object_add_weak_pointer (G_OBJECT (fixture->view), (gpointer *) &fixture->view);

  fixture->window = orga_ui_test_present (GTK_WIDGET (fixture->view), 1000, 640);
  wait_loaded (fixture);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  orga_ui_test_close_dialogs (fixture->window);
  gtk_window_destroy (fixture->window);
  orga_ui_test_spin (50);

  /* Nothing keeps the view, its rows or the context alive. */
  g_assert_null (fixture->view);
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
test_table (Fixture       *fixture,
            gconstpointer  data)
{
  g_autoptr(OrgaCertResultSet) expected = load (fixture, CERTIFIED, ORGA_CERT_RESULTS_CSV);
  GListModel *divisions = gtk_drop_down_get_model (view_child (fixture, "class_dropdown"));
  GListModel *rows;
  guint n = orga_cert_result_set_get_n (expected);

  /* The school's classes, searchable. */
  g_assert_cmpuint (g_list_model_get_n_items (divisions), ==, 2);
  g_assert_true (gtk_drop_down_get_enable_search (view_child (fixture, "class_dropdown")));

  /* The class without results: the empty state, nothing to export. */
  pick_class (fixture, OTHER);
  g_assert_cmpstr (visible_child (fixture, "content_stack"), ==, "empty");
  g_assert_false (gtk_widget_is_sensitive (view_child (fixture, "export_button")));
  g_assert_false (gtk_widget_is_sensitive (view_child (fixture, "attestations_button")));

  /* The certified class: one row per student, in the CSV's order. */
  pick_class (fixture, CERTIFIED);
  g_assert_cmpuint (n, >, 5);
  g_assert_cmpstr (visible_child (fixture, "content_stack"), ==, "table");
  g_assert_true (gtk_widget_is_sensitive (view_child (fixture, "export_button")));
  rows = G_LIST_MODEL (view_child (fixture, "selection"));
  g_assert_cmpuint (g_list_model_get_n_items (rows), ==, n);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(OrgaCertResultRow) row = g_list_model_get_item (rows, i);

      g_assert_cmpint (orga_cert_result_row_get_result (row)->number, ==,
                       orga_cert_result_set_get (expected, i)->number);
    }

  /* On screen: the first student's name and code in the table's labels. */
  {
    const OrgaCertResult *first = orga_cert_result_set_get (expected, 0);
    GtkWidget *table = view_child (fixture, "column_view");
    gboolean seen_name = FALSE;
    g_autoptr(GPtrArray) stack = g_ptr_array_new ();

    g_ptr_array_add (stack, table);
    while (stack->len > 0)
      {
        GtkWidget *widget = g_ptr_array_steal_index (stack, stack->len - 1);

        if (GTK_IS_LABEL (widget) && strstr (gtk_label_get_text (GTK_LABEL (widget)), first->first_name) != NULL &&
            strstr (gtk_label_get_text (GTK_LABEL (widget)), first->last_name) != NULL)
          seen_name = TRUE;
        for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL; child = gtk_widget_get_next_sibling (child))
          g_ptr_array_add (stack, child);
      }
    g_assert_true (seen_name);
  }

  /* A write elsewhere (an archive noted) reloads, keeping the class. */
  g_assert_true (orga_store_note_archive (fixture->store, fixture->organization, "/tmp/x.zip", "Test", NULL));
  g_assert_false (orga_cert_results_view_is_loaded (fixture->view));
  g_assert_cmpstr (visible_child (fixture, "content_stack"), ==, "table");
  wait_loaded (fixture);
  g_assert_cmpstr (orga_cert_results_view_get_division (fixture->view), ==, CERTIFIED);
  g_assert_cmpuint (g_list_model_get_n_items (rows), ==, n);

  orga_ui_test_shoot (fixture->window, "cert-results");
}

static void
test_export_csv (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autofree char *path = NULL;
  g_autoptr(GBytes) expected = NULL;
  g_autoptr(GBytes) written = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  gsize length = 0;
  guint n_results = 0;

  pick_class (fixture, CERTIFIED);
  path = save_to (fixture, "resultats.csv");
  activate (fixture, "results.export-csv");

  /* The bytes of `pixorga-cli cert results`. */
  expected = orga_cert_export_results_csv (fixture->store, fixture->organization, CERTIFIED, &n_results, &error);
  g_assert_no_error (error);
  g_assert_nonnull (expected);
  g_assert_true (g_file_get_contents (path, &contents, &length, &error));
  g_assert_no_error (error);
  written = g_bytes_new_take (g_steal_pointer (&contents), length);
  g_assert_true (g_bytes_equal (written, expected));
  g_assert_true (g_str_has_prefix (g_bytes_get_data (written, NULL), "\xEF\xBB\xBF\"Numéro de certification\";"));
  g_assert_null (orga_ui_test_find_toplevel (ADW_TYPE_MESSAGE_DIALOG));
  g_unlink (path);

  /* A folder that does not exist: a message, not a crash nor a file. */
  {
    g_autofree char *missing = save_to (fixture, "missing-folder/resultats.csv");

    activate (fixture, "results.export-csv");
    g_assert_false (g_file_test (missing, G_FILE_TEST_EXISTS));
    g_assert_nonnull (orga_ui_test_find_toplevel (ADW_TYPE_MESSAGE_DIALOG));
    orga_ui_test_close_dialogs (fixture->window);
  }
}

static void
test_attestations (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(OrgaCertResultSet) validated = load (fixture, CERTIFIED, ORGA_CERT_RESULTS_ATTESTATIONS);
  g_autoptr(OrgaCertResultSet) all = load (fixture, CERTIFIED, ORGA_CERT_RESULTS_CSV);
  g_autofree char *path = NULL;

  /* The demonstration has non-validated results too: they get no page. */
  g_assert_cmpuint (orga_cert_result_set_get_n (validated), >, 0);
  g_assert_cmpuint (orga_cert_result_set_get_n (validated), <, orga_cert_result_set_get_n (all));

  pick_class (fixture, CERTIFIED);
  path = save_to (fixture, "attestations.pdf");
  activate (fixture, "results.attestations");
  assert_attestations_pdf (path, validated);
  g_assert_null (orga_ui_test_find_toplevel (ADW_TYPE_MESSAGE_DIALOG));

  g_unlink (path);
}

/* No validated result in the class: a message, no file. */
static void
test_no_attestation (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autofree char *path = NULL;

  pick_class (fixture, CERTIFIED);
  g_assert_cmpstr (visible_child (fixture, "content_stack"), ==, "table");
  path = save_to (fixture, "none.pdf");
  activate (fixture, "results.attestations");
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
  g_assert_nonnull (orga_ui_test_find_toplevel (ADW_TYPE_MESSAGE_DIALOG));
  orga_ui_test_close_dialogs (fixture->window);

  activate (fixture, "results.preview");
  g_assert_cmpstr (visible_child (fixture, "mode_stack"), ==, "results");
  g_assert_nonnull (orga_ui_test_find_toplevel (ADW_TYPE_MESSAGE_DIALOG));
  orga_ui_test_close_dialogs (fixture->window);
}

static void
test_preview_and_print (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autoptr(OrgaCertResultSet) validated = load (fixture, CERTIFIED, ORGA_CERT_RESULTS_ATTESTATIONS);
  guint n = orga_cert_result_set_get_n (validated);
  GtkLabel *page_label = view_child (fixture, "page_label");
  g_autofree char *first = g_strdup_printf (_("Page %u of %u"), 1, n);
  g_autofree char *second = g_strdup_printf (_("Page %u of %u"), 2, n);
  g_autofree char *last = g_strdup_printf (_("Page %u of %u"), n, n);
  g_autofree char *path = NULL;

  g_assert_cmpuint (n, >=, 2);
  pick_class (fixture, CERTIFIED);
  activate (fixture, "results.preview");
  g_assert_cmpstr (visible_child (fixture, "mode_stack"), ==, "preview");
  g_assert_cmpstr (gtk_label_get_text (page_label), ==, first);
  g_assert_false (gtk_widget_is_sensitive (view_child (fixture, "previous_button")));

  activate (fixture, "results.next-page");
  g_assert_cmpstr (gtk_label_get_text (page_label), ==, second);
  g_assert_true (gtk_widget_is_sensitive (view_child (fixture, "previous_button")));
  orga_ui_test_shoot (fixture->window, "cert-results-preview");

  for (guint i = 2; i < n + 3; i++)
    activate (fixture, "results.next-page");
  g_assert_cmpstr (gtk_label_get_text (page_label), ==, last);
  g_assert_false (gtk_widget_is_sensitive (view_child (fixture, "next_button")));
  activate (fixture, "results.previous-page");
  g_assert_cmpstr (gtk_label_get_text (page_label), !=, last);

  /* "Imprimer" through GtkPrintOperation, to a PDF file: one page per
   * validated student, drawn by the same renderer. */
  path = save_to (fixture, "print.pdf");
  activate (fixture, "results.print");
  assert_attestations_pdf (path, validated);
  g_unlink (path);

  activate (fixture, "results.close-preview");
  g_assert_cmpstr (visible_child (fixture, "mode_stack"), ==, "results");
}

static void
test_lsu (Fixture       *fixture,
          gconstpointer  data)
{
  g_autoptr(OrgaCertResultSet) expected = load (fixture, NULL, ORGA_CERT_RESULTS_LSU);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *path = save_to (fixture, "lsu.json");
  g_autofree char *cli = NULL;
  g_autofree char *contents = NULL;
  JsonObject *root;
  JsonArray *certifications;

  activate (fixture, "results.lsu");
  g_assert_true (json_parser_load_from_file (parser, path, &error));
  g_assert_no_error (error);
  root = json_node_get_object (json_parser_get_root (parser));
  certifications = json_object_get_array_member (json_object_get_object_member (json_object_get_object_member (root, "data"), "attributes"),
                                                 "certifications");
  g_assert_cmpuint (orga_cert_result_set_get_n (expected), >, 0);
  g_assert_cmpuint (json_array_get_length (certifications), ==, orga_cert_result_set_get_n (expected));

  /* The same text as `pixorga-cli cert lsu`. */
  cli = orga_cert_export_lsu_json (fixture->store, fixture->organization, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  g_assert_cmpstr (contents, ==, cli);

  g_unlink (path);
}

static void
test_archive (Fixture       *fixture,
              gconstpointer  data)
{
  g_autofree char *path = save_to (fixture, "archive.zip");
  g_autoptr(GHashTable) names = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  zip_t *zip;
  int zip_error = 0;
  zip_int64_t n;

  g_assert_cmpuint (orga_store_count_unarchived_cert_results (fixture->store, fixture->organization, NULL), >, 0);

  /* In a job: the school-wide buttons wait for it (asserted before the
   * main loop runs again, when the job completes). */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->view), "results.archive", NULL));
  g_assert_false (orga_cert_results_view_is_idle (fixture->view));
  g_assert_false (gtk_widget_is_sensitive (view_child (fixture, "archive_button")));
  g_assert_false (gtk_widget_is_sensitive (view_child (fixture, "lsu_button")));
  g_assert_true (gtk_widget_get_visible (view_child (fixture, "archive_spinner")));
  orga_ui_test_wait_until (idle, fixture->view);
  orga_ui_test_spin (50);
  g_assert_true (gtk_widget_is_sensitive (view_child (fixture, "archive_button")));
  g_assert_false (gtk_widget_get_visible (view_child (fixture, "archive_spinner")));
  g_assert_null (orga_ui_test_find_toplevel (ADW_TYPE_MESSAGE_DIALOG));

  zip = zip_open (path, ZIP_RDONLY, &zip_error);
  g_assert_nonnull (zip);
  n = zip_get_num_entries (zip, 0);
  for (zip_int64_t i = 0; i < n; i++)
    g_hash_table_add (names, g_strdup (zip_get_name (zip, i, 0)));
  zip_discard (zip);

  g_assert_true (g_hash_table_contains (names, "README.txt"));
  g_assert_true (g_hash_table_contains (names, "resultats/" CERTIFIED ".csv"));
  g_assert_true (g_hash_table_contains (names, "attestations/" CERTIFIED ".pdf"));
  g_assert_false (g_hash_table_contains (names, "resultats/" OTHER ".csv"));

  /* Noted: the next student import no longer warns. */
  g_assert_cmpuint (orga_store_count_unarchived_cert_results (fixture->store, fixture->organization, NULL), ==, 0);

  g_unlink (path);
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

  /* The app's style sheet, as AdwApplication loads it. */
  {
    g_autoptr(GtkCssProvider) provider = gtk_css_provider_new ();

    gtk_css_provider_load_from_resource (provider, "/io/github/pixorga/PixOrga/style.css");
    gtk_style_context_add_provider_for_display (gdk_display_get_default (), GTK_STYLE_PROVIDER (provider),
                                                GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
  }

  temp_dir = g_dir_make_tmp ("pixorga-cert-results-test-XXXXXX", &error);
  g_assert_no_error (error);

  g_test_add ("/cert-results-view/table", Fixture, NULL, fixture_set_up, test_table, fixture_tear_down);
  g_test_add ("/cert-results-view/export-csv", Fixture, NULL, fixture_set_up, test_export_csv, fixture_tear_down);
  g_test_add ("/cert-results-view/attestations", Fixture, NULL, fixture_set_up, test_attestations, fixture_tear_down);
  g_test_add ("/cert-results-view/no-attestation", Fixture, "UPDATE cert_courses SET status = 'rejected'",
              fixture_set_up, test_no_attestation, fixture_tear_down);
  g_test_add ("/cert-results-view/preview-and-print", Fixture, NULL, fixture_set_up, test_preview_and_print, fixture_tear_down);
  g_test_add ("/cert-results-view/lsu", Fixture, NULL, fixture_set_up, test_lsu, fixture_tear_down);
  g_test_add ("/cert-results-view/archive", Fixture, NULL, fixture_set_up, test_archive, fixture_tear_down);

  status = g_test_run ();

  g_rmdir (temp_dir);
  return status;
}
