/* test-year-archive.c: the yearly archive as the app writes it
 *
 * orga_year_archive_write_async() (a store job, the app's path) on a
 * school with the demonstration's certification: the zip's entries and
 * bytes (read back with libzip), the archive recorded, a cancelled one
 * leaving no file and recording nothing, two classes whose names only
 * differ by what a file name refuses, and the school year of the file
 * name. The CLI's side is tests/test-cli-cert.py.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <sqlite3.h>
#include <string.h>
#include <zip.h>

#include "orga-cert-export.h"
#include "orga-importer.h"
#include "orga-store-cert.h"
#include "orga-test-util.h"
#include "orga-year-archive.h"

#define UAI "0330001A"

typedef struct
{
  char             *db_path;
  char             *dir;
  OrgaStore        *store;
  OrgaOrganization *organization;
} Fixture;

/* 30 students in 6A and 3A, then the demonstration's sessions. */
static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
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
                              i + 1, i < 10 ? "6A" : "3A");
    }
  g_string_append_printf (xml, "</ELEVES><STRUCTURES>%s</STRUCTURES></DONNEES></BEE_ELEVES>\n", structures->str);

  f->db_path = orga_test_new_school_db (UAI, ORGA_ORGANIZATION_KIND_SCO);
  file = orga_test_write_temp_file ("eleves.xml", xml->str, xml->len);
  importer = orga_importer_new (f->db_path, file);
  report = orga_importer_run (importer, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (orga_import_report_get_status (report), ==, ORGA_IMPORT_STATUS_IMPORTED);

  f->store = orga_store_open (f->db_path, &error);
  g_assert_no_error (error);
  f->organization = orga_store_get_organization (f->store, &error);
  g_assert_no_error (error);
  g_assert_true (orga_store_add_demo_cert_data (f->store, f->organization, &error));
  g_assert_no_error (error);

  f->dir = g_dir_make_tmp ("test-year-archive-XXXXXX", &error);
  g_assert_no_error (error);
}

static void
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      g_unlink (child);
    }
  g_rmdir (path);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_clear_object (&f->organization);
  g_clear_object (&f->store);
  remove_tree (f->dir);
  g_free (f->dir);
  g_free (f->db_path);
}

static void
exec_sql (Fixture    *f,
          const char *sql)
{
  sqlite3 *db = NULL;

  g_assert_cmpint (sqlite3_open (f->db_path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, sql, NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);
}

/* The class whose students sat the demonstration's published session. */
static char *
certified_division (Fixture *f)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  char *division;

  g_assert_cmpint (sqlite3_open (f->db_path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT DISTINCT l.division FROM cert_courses k "
                                           "JOIN cert_candidates c ON c.id = k.candidate_id "
                                           "JOIN learners l ON l.id = c.learner_id", -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  division = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_DONE);
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return division;
}

/* The entry's bytes, or NULL when the zip has no such entry. */
static GBytes *
zip_read (zip_t      *zip,
          const char *name)
{
  zip_stat_t st;
  zip_file_t *file;
  char *data;

  if (zip_stat (zip, name, 0, &st) != 0)
    return NULL;
  file = zip_fopen (zip, name, 0);
  g_assert_nonnull (file);
  data = g_malloc (st.size + 1);
  g_assert_cmpint (zip_fread (file, data, st.size), ==, (zip_int64_t) st.size);
  zip_fclose (file);
  return g_bytes_new_take (data, st.size);
}

static GStrv
zip_names (zip_t *zip)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  zip_int64_t n = zip_get_num_entries (zip, 0);

  for (zip_int64_t i = 0; i < n; i++)
    g_strv_builder_add (builder, zip_get_name (zip, i, 0));
  return g_strv_builder_end (builder);
}

typedef struct
{
  GMainLoop              *loop;
  gboolean                ok;
  OrgaYearArchiveSummary  summary;
  GError                 *error;
} Done;

static void
written_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  Done *done = user_data;

  done->ok = orga_year_archive_write_finish (result, &done->summary, &done->error);
  g_main_loop_quit (done->loop);
}

static gboolean
write_async (Fixture                *f,
             const char             *path,
             GCancellable           *cancellable,
             OrgaYearArchiveSummary *summary,
             GError                **error)
{
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  Done done = { .loop = loop };

  orga_year_archive_write_async (f->store, f->organization, path, "Mme Durand", cancellable, written_cb, &done);
  g_main_loop_run (loop);
  if (summary != NULL)
    *summary = done.summary;
  if (done.error != NULL)
    g_propagate_error (error, done.error);
  return done.ok;
}

static void
test_archive_async (Fixture       *f,
                    gconstpointer  data)
{
  g_autofree char *path = g_build_filename (f->dir, "archive.zip", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) csv = NULL;
  g_autoptr(GBytes) zipped_csv = NULL;
  g_autoptr(GBytes) readme = NULL;
  g_autoptr(GBytes) pdf = NULL;
  g_auto(GStrv) names = NULL;
  g_autofree char *division = certified_division (f);
  g_autofree char *csv_name = g_strdup_printf ("resultats/%s.csv", division);
  g_autofree char *pdf_name = g_strdup_printf ("attestations/%s.pdf", division);
  OrgaYearArchiveSummary summary = { 0 };
  guint n_results = 0;
  zip_t *zip;
  int code = 0;

  /* As if they were real: demonstration results are never "unarchived". */
  exec_sql (f, "UPDATE cert_sessions SET is_demo = 0");
  g_assert_cmpuint (orga_store_count_unarchived_cert_results (f->store, f->organization, NULL), >, 0);
  csv = orga_cert_export_results_csv (f->store, f->organization, division, &n_results, &error);
  g_assert_no_error (error);
  g_assert_nonnull (csv);

  g_assert_true (write_async (f, path, NULL, &summary, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (summary.n_classes, ==, 1);
  g_assert_cmpuint (summary.n_results, ==, n_results);
  g_assert_cmpuint (summary.n_attestations, >, 0);
  g_assert_cmpuint (summary.n_attestations, <, n_results);   /* one rejected, one cancelled */
  g_assert_cmpuint (summary.n_campaigns, ==, 0);

  zip = zip_open (path, ZIP_RDONLY | ZIP_CHECKCONS, &code);
  g_assert_nonnull (zip);
  names = zip_names (zip);
  g_assert_cmpuint (g_strv_length (names), ==, 3);
  g_assert_true (g_strv_contains ((const char * const *) names, csv_name));
  g_assert_true (g_strv_contains ((const char * const *) names, pdf_name));
  g_assert_true (g_strv_contains ((const char * const *) names, "README.txt"));

  zipped_csv = zip_read (zip, csv_name);
  g_assert_true (g_bytes_equal (zipped_csv, csv));
  pdf = zip_read (zip, pdf_name);
  g_assert_true (g_bytes_get_size (pdf) > 1000);
  g_assert_cmpmem (g_bytes_get_data (pdf, NULL), 5, "%PDF-", 5);
  readme = zip_read (zip, "README.txt");
  {
    g_autofree char *text = g_strndup (g_bytes_get_data (readme, NULL), g_bytes_get_size (readme));

    g_assert_nonnull (strstr (text, "Collège Jean Moulin (" UAI ")"));
    g_assert_nonnull (strstr (text, " par Mme Durand.\r\n"));
    g_assert_nonnull (strstr (text, "(0 campagne)"));
  }
  zip_close (zip);

  /* Recorded: nothing left unarchived. */
  g_assert_cmpuint (orga_store_count_unarchived_cert_results (f->store, f->organization, NULL), ==, 0);
}

static void
test_cancelled_leaves_nothing (Fixture       *f,
                               gconstpointer  data)
{
  g_autofree char *path = g_build_filename (f->dir, "archive.zip", NULL);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GDir) dir = NULL;
  guint before;

  exec_sql (f, "UPDATE cert_sessions SET is_demo = 0");
  before = orga_store_count_unarchived_cert_results (f->store, f->organization, NULL);
  g_assert_cmpuint (before, >, 0);

  g_cancellable_cancel (cancellable);
  g_assert_false (write_async (f, path, cancellable, NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);

  /* No archive, nothing beside it, nothing recorded. */
  dir = g_dir_open (f->dir, 0, NULL);
  g_assert_null (g_dir_read_name (dir));
  g_assert_cmpuint (orga_store_count_unarchived_cert_results (f->store, f->organization, NULL), ==, before);
}

static void
test_class_names_made_unique (Fixture       *f,
                              gconstpointer  data)
{
  g_autofree char *path = g_build_filename (f->dir, "archive.zip", NULL);
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) names = NULL;
  OrgaYearArchiveSummary summary = { 0 };
  zip_t *zip;
  int code = 0;

  /* The certified students split into "3/A" and "3_A": both files kept. */
  exec_sql (f, "UPDATE learners SET division = CASE WHEN id % 2 = 0 THEN '3/A' ELSE '3_A' END "
               "WHERE id IN (SELECT learner_id FROM cert_candidates)");
  g_assert_true (orga_year_archive_write (f->store, f->organization, path, "Mme Durand", NULL,
                                          &summary, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (summary.n_classes, ==, 2);

  zip = zip_open (path, ZIP_RDONLY, &code);
  g_assert_nonnull (zip);
  names = zip_names (zip);
  g_assert_true (g_strv_contains ((const char * const *) names, "resultats/3_A.csv"));
  g_assert_true (g_strv_contains ((const char * const *) names, "resultats/3_A-2.csv"));
  g_assert_true (g_strv_contains ((const char * const *) names, "attestations/3_A.pdf"));
  g_assert_true (g_strv_contains ((const char * const *) names, "attestations/3_A-2.pdf"));
  zip_close (zip);
}

static void
test_file_name (void)
{
  g_autofree char *db_path = orga_test_new_school_db (UAI, ORGA_ORGANIZATION_KIND_SCO);
  g_autoptr(GError) error = NULL;
  g_autoptr(OrgaStore) store = orga_store_open (db_path, &error);
  g_autoptr(OrgaOrganization) organization = orga_store_get_organization (store, &error);
  static const struct { int year, month, day; const char *name; } cases[] = {
    { 2026, 12, 2, "archive-pixorga-0330001A-2026-2027.zip" },
    { 2027, 6, 30, "archive-pixorga-0330001A-2026-2027.zip" },
    { 2026, 9, 1, "archive-pixorga-0330001A-2026-2027.zip" },
    { 2026, 8, 31, "archive-pixorga-0330001A-2025-2026.zip" },
  };

  g_assert_no_error (error);
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GDateTime) when = g_date_time_new_utc (cases[i].year, cases[i].month, cases[i].day, 12, 0, 0);
      g_autofree char *name = orga_year_archive_file_name (organization, when);

      g_assert_cmpstr (name, ==, cases[i].name);
    }
}

int
main (int    argc,
      char **argv)
{
  orga_test_init (&argc, &argv);

  g_test_add ("/year-archive/async", Fixture, NULL, fixture_set_up, test_archive_async, fixture_tear_down);
  g_test_add ("/year-archive/cancelled", Fixture, NULL, fixture_set_up, test_cancelled_leaves_nothing,
              fixture_tear_down);
  g_test_add ("/year-archive/unique-names", Fixture, NULL, fixture_set_up, test_class_names_made_unique,
              fixture_tear_down);
  g_test_add_func ("/year-archive/file-name", test_file_name);

  return g_test_run ();
}
