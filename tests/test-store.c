/* test-store.c: the SQLite store, and re-import semantics (spec §1c) driven
 * through orga_importer_run() on real files
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <sqlite3.h>
#include <string.h>
#include <sys/stat.h>

#include "orga-importer.h"
#include "orga-store.h"
#include "orga-store-private.h"
#include "orga-test-util.h"

#define UAI "0330001A"

/* ------------------------------------------------------------------ */
/* helpers                                                              */
/* ------------------------------------------------------------------ */

static char *
new_db_path (void)
{
  return orga_test_new_db_path ();
}

static OrgaStore *
open_store (const char *path)
{
  g_autoptr(GError) error = NULL;
  OrgaStore *store = orga_store_open (path, &error);

  g_assert_no_error (error);
  g_assert_nonnull (store);
  return store;
}

static OrgaOrganization *
create_school (OrgaStore            *store,
               OrgaOrganizationKind  kind)
{
  g_autoptr(GError) error = NULL;
  OrgaOrganization *org = orga_store_create_organization (store, UAI, "Collège Jean Moulin", kind, &error);

  g_assert_no_error (error);
  g_assert_nonnull (org);
  return org;
}

/* A new database holding one SCO school. */
static char *
new_school_db (void)
{
  return orga_test_new_school_db (UAI, ORGA_ORGANIZATION_KIND_SCO);
}

static char *
sql_text (const char *path,
          const char *sql)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  char *result = NULL;

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  if (sqlite3_step (stmt) == SQLITE_ROW && sqlite3_column_type (stmt, 0) != SQLITE_NULL)
    result = g_strdup ((const char *)sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);
  sqlite3_close (db);

  return result;
}

static gint64
sql_int (const char *path,
         const char *sql)
{
  g_autofree char *text = sql_text (path, sql);

  g_assert_nonnull (text);
  return g_ascii_strtoll (text, NULL, 10);
}

/* Every learner and organization row, every column: equal snapshots mean
 * nothing was written. */
static char *
snapshot (const char *path)
{
  GString *s = g_string_new (NULL);
  const char *tables[] = { "organizations", "learners", "imports" };
  sqlite3 *db = NULL;

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  for (guint t = 0; t < G_N_ELEMENTS (tables); t++)
    {
      g_autofree char *sql = g_strdup_printf ("SELECT * FROM %s ORDER BY id", tables[t]);
      sqlite3_stmt *stmt = NULL;

      g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
      g_string_append_printf (s, "[%s]\n", tables[t]);
      while (sqlite3_step (stmt) == SQLITE_ROW)
        {
          for (int c = 0; c < sqlite3_column_count (stmt); c++)
            {
              const char *v = (const char *)sqlite3_column_text (stmt, c);
              g_string_append_printf (s, "%s|", v ? v : "<null>");
            }
          g_string_append_c (s, '\n');
        }
      sqlite3_finalize (stmt);
    }
  sqlite3_close (db);

  return g_string_free (s, FALSE);
}

typedef struct
{
  const char *ine;
  const char *last_name;
  const char *first_name;
  const char *division;   /* NULL: no class */
  gboolean    left;       /* DATE_SORTIE */
  const char *sex;        /* NULL: "2"; "" empty */
} Student;

static char *
write_siecle (const char    *name,
              const Student *students,
              guint          n)
{
  static guint counter;
  g_autoptr(GString) d = g_string_new ("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<BEE_ELEVES VERSION=\"2.1\">\n"
                                       "<PARAMETRES><UAJ>" UAI "</UAJ></PARAMETRES>\n<DONNEES>\n<ELEVES>\n");
  g_autofree char *file_name = g_strdup_printf ("%u-%s", ++counter, name);

  for (guint i = 0; i < n; i++)
    {
      const Student *s = &students[i];

      g_string_append_printf (d,
                              "<ELEVE ELEVE_ID=\"%u\">\n"
                              "<ID_NATIONAL>%s</ID_NATIONAL>\n"
                              "<NOM_DE_FAMILLE>%s</NOM_DE_FAMILLE>\n"
                              "<PRENOM>%s</PRENOM>\n"
                              "<CODE_SEXE>%s</CODE_SEXE>\n"
                              "<DATE_NAISS>05/03/2012</DATE_NAISS>\n"
                              "<CODE_PAYS>100</CODE_PAYS>\n"
                              "<CODE_DEPARTEMENT_NAISS>033</CODE_DEPARTEMENT_NAISS>\n"
                              "<CODE_COMMUNE_INSEE_NAISS>33318</CODE_COMMUNE_INSEE_NAISS>\n"
                              "<CODE_MEF>10010012110</CODE_MEF>\n"
                              "<CODE_STATUT>ST</CODE_STATUT>\n"
                              "%s"
                              "</ELEVE>\n",
                              1000 + i, s->ine, s->last_name, s->first_name, s->sex ? s->sex : "2",
                              s->left ? "<DATE_SORTIE>01/01/2026</DATE_SORTIE>\n" : "");
    }
  g_string_append (d, "</ELEVES>\n<STRUCTURES>\n");
  for (guint i = 0; i < n; i++)
    if (students[i].division != NULL)
      g_string_append_printf (d,
                              "<STRUCTURES_ELEVE ELEVE_ID=\"%u\"><STRUCTURE><CODE_STRUCTURE>%s</CODE_STRUCTURE>"
                              "<TYPE_STRUCTURE>D</TYPE_STRUCTURE></STRUCTURE></STRUCTURES_ELEVE>\n",
                              1000 + i, students[i].division);
  g_string_append (d, "</STRUCTURES>\n</DONNEES>\n</BEE_ELEVES>\n");

  return orga_test_write_temp_file (file_name, d->str, d->len);
}

static OrgaImportReport *
run_import (const char *db,
            const char *file,
            gboolean    dry_run,
            const char *user)
{
  g_autoptr(OrgaImporter) importer = orga_importer_new (db, file);
  g_autoptr(GError) error = NULL;
  OrgaImportReport *report;

  orga_importer_set_dry_run (importer, dry_run);
  g_assert_cmpint (orga_importer_get_dry_run (importer), ==, dry_run);
  orga_importer_set_user_name (importer, user != NULL ? user : "Mme Testeuse");
  report = orga_importer_run (importer, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (report);
  g_assert_cmpfloat (orga_importer_get_fraction (importer), ==, 1.0);

  return report;
}

static void
assert_counts (OrgaImportReport *report,
               guint             created,
               guint             updated,
               guint             unchanged,
               guint             disabled,
               guint             ignored,
               guint             class_changed,
               guint             returning)
{
  const OrgaImportCounts *c = orga_import_report_get_counts (report);

  g_test_message ("counts: created %u updated %u unchanged %u disabled %u ignored %u class %u returning %u",
                  c->created, c->updated, c->unchanged, c->disabled, c->ignored, c->class_changed, c->returning);
  g_assert_cmpuint (c->created, ==, created);
  g_assert_cmpuint (c->updated, ==, updated);
  g_assert_cmpuint (c->unchanged, ==, unchanged);
  g_assert_cmpuint (c->disabled, ==, disabled);
  g_assert_cmpuint (c->ignored, ==, ignored);
  g_assert_cmpuint (c->class_changed, ==, class_changed);
  g_assert_cmpuint (c->returning, ==, returning);
}

/* A copy of a stored learner. */
typedef struct
{
  char *uuid;
  char *ine;
  char *last_name;
  char *first_name;
  char *sex;
  char *birthdate;
  char *division;
  char *disabled_at;
  char *created_at;
  char *updated_at;
} Row;

static void
row_free (Row *r)
{
  g_free (r->uuid);
  g_free (r->ine);
  g_free (r->last_name);
  g_free (r->first_name);
  g_free (r->sex);
  g_free (r->birthdate);
  g_free (r->division);
  g_free (r->disabled_at);
  g_free (r->created_at);
  g_free (r->updated_at);
  g_free (r);
}

static gboolean
collect_row (const OrgaLearnerRow *row,
             gpointer              user_data)
{
  GHashTable *rows = user_data;
  Row *r = g_new0 (Row, 1);

  g_assert_cmpint (row->id, >, 0);
  r->uuid = g_strdup (row->uuid);
  r->ine = g_strdup (row->fields.ine);
  r->last_name = g_strdup (row->fields.last_name);
  r->first_name = g_strdup (row->fields.first_name);
  r->sex = g_strdup (row->fields.sex);
  r->birthdate = g_strdup (row->fields.birthdate);
  r->division = g_strdup (row->fields.division);
  r->disabled_at = g_strdup (row->disabled_at);
  r->created_at = g_strdup (row->created_at);
  r->updated_at = g_strdup (row->updated_at);
  g_assert_false (g_hash_table_contains (rows, r->ine));
  g_hash_table_insert (rows, r->ine, r);

  return TRUE;
}

/* INE -> Row of every learner (disabled ones too if asked). */
static GHashTable *
learners (const char *db,
          gboolean    include_disabled,
          const char *division)
{
  g_autoptr(OrgaStore) store = open_store (db);
  g_autoptr(GError) error = NULL;
  g_autoptr(OrgaOrganization) org = orga_store_get_organization (store, &error);
  GHashTable *rows = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, (GDestroyNotify)row_free);
  OrgaLearnerQuery query = { .include_disabled = include_disabled, .division = division };

  g_assert_no_error (error);
  g_assert_nonnull (org);
  g_assert_true (orga_store_foreach_learner (store, org, &query, collect_row, rows, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (g_hash_table_size (rows), ==,
                    division != NULL ? g_hash_table_size (rows) : orga_store_count_learners (store, org, include_disabled, NULL));

  return rows;
}

static const Row *
get_row (GHashTable *rows,
         const char *ine)
{
  const Row *r = g_hash_table_lookup (rows, ine);

  if (r == NULL)
    g_test_message ("no stored learner %s", ine);
  g_assert_nonnull (r);
  return r;
}

static GPtrArray *
list_imports (const char *db)
{
  g_autoptr(OrgaStore) store = open_store (db);
  g_autoptr(GError) error = NULL;
  g_autoptr(OrgaOrganization) org = orga_store_get_organization (store, &error);
  GPtrArray *records;

  g_assert_nonnull (org);
  records = orga_store_list_imports (store, org, &error);
  g_assert_no_error (error);
  g_assert_nonnull (records);
  return records;
}

static void
assert_utc_timestamp (const char *ts)
{
  g_autoptr(GDateTime) dt = NULL;

  g_assert_nonnull (ts);
  g_assert_true (g_str_has_suffix (ts, "Z"));
  dt = g_date_time_new_from_iso8601 (ts, NULL);
  g_assert_nonnull (dt);
  g_assert_cmpint (g_date_time_get_utc_offset (dt), ==, 0);
}

/* ------------------------------------------------------------------ */
/* opening                                                              */
/* ------------------------------------------------------------------ */

static void
test_open_creates_private_wal (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *base = g_dir_make_tmp ("pixorga-store-XXXXXX", &error);
  g_autofree char *dir = g_build_filename (base, "sub", "pixorga", NULL);
  g_autofree char *path = g_build_filename (dir, "pixorga.db", NULL);
  g_autofree char *wal = g_strconcat (path, "-wal", NULL);
  g_autofree char *shm = g_strconcat (path, "-shm", NULL);
  g_autofree char *journal_mode = NULL;
  g_autoptr(OrgaStore) store = NULL;
  g_autoptr(OrgaOrganization) org = NULL;
  struct stat st;

  g_assert_no_error (error);
  g_assert_false (g_file_test (dir, G_FILE_TEST_EXISTS));

  store = open_store (path);
  g_assert_cmpstr (orga_store_get_path (store), ==, path);

  g_assert_cmpint (g_stat (path, &st), ==, 0);
  g_assert_true (S_ISREG (st.st_mode));
  g_assert_cmpint (st.st_mode & 07777, ==, 0600);
  g_assert_cmpint (g_stat (dir, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0700);

  journal_mode = sql_text (path, "PRAGMA journal_mode");
  g_assert_cmpstr (journal_mode, ==, "wal");
  g_assert_cmpint (sql_int (path, "PRAGMA user_version"), ==, ORGA_STORE_SCHEMA_VERSION);
  g_assert_cmpint (sql_int (path, "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND "
                                  "name IN ('organizations', 'imports', 'learners')"), ==, 3);

  /* The companion files of a written WAL database are private too. */
  org = create_school (store, ORGA_ORGANIZATION_KIND_SCO);
  g_assert_cmpint (g_stat (wal, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);
  if (g_stat (shm, &st) == 0)
    g_assert_cmpint (st.st_mode & 0777, ==, 0600);

  g_clear_object (&org);
  g_clear_object (&store);
  g_unlink (wal);
  g_unlink (shm);
  g_unlink (path);
  g_rmdir (dir);
  {
    g_autofree char *sub = g_build_filename (base, "sub", NULL);
    g_rmdir (sub);
  }
  g_rmdir (base);
}

static void
test_open_existing_file_mode (void)
{
  /* An existing empty file (say, created by a careless umask) is used. */
  g_autofree char *path = new_db_path ();
  g_autoptr(OrgaStore) store = NULL;

  g_assert_true (g_file_set_contents (path, "", 0, NULL));
  store = open_store (path);
  g_assert_cmpint (sql_int (path, "PRAGMA user_version"), ==, ORGA_STORE_SCHEMA_VERSION);
}

static void
test_open_reopen_idempotent (void)
{
  g_autofree char *path = new_db_path ();
  g_autoptr(OrgaStore) store = open_store (path);
  g_autoptr(OrgaOrganization) org = create_school (store, ORGA_ORGANIZATION_KIND_SCO);
  g_autofree char *schema = sql_text (path, "SELECT group_concat(sql, ';') FROM (SELECT sql FROM sqlite_master ORDER BY name)");
  g_autofree char *before = snapshot (path);

  g_clear_object (&store);

  for (guint i = 0; i < 3; i++)
    {
      g_autoptr(OrgaStore) again = open_store (path);
      g_autoptr(GError) error = NULL;
      g_autoptr(OrgaOrganization) same = orga_store_get_organization (again, &error);
      g_autofree char *schema_now = sql_text (path, "SELECT group_concat(sql, ';') FROM (SELECT sql FROM sqlite_master ORDER BY name)");
      g_autofree char *now = snapshot (path);

      g_assert_no_error (error);
      g_assert_nonnull (same);
      g_assert_cmpint (orga_organization_get_id (same), ==, orga_organization_get_id (org));
      g_assert_cmpstr (orga_organization_get_uuid (same), ==, orga_organization_get_uuid (org));
      g_assert_cmpint (sql_int (path, "PRAGMA user_version"), ==, ORGA_STORE_SCHEMA_VERSION);
      g_assert_cmpstr (schema_now, ==, schema);
      g_assert_cmpstr (now, ==, before);
    }

  /* Two connections at once (the app and an import). */
  {
    g_autoptr(OrgaStore) a = open_store (path);
    g_autoptr(OrgaStore) b = open_store (path);
    g_autoptr(OrgaOrganization) from_a = orga_store_get_organization (a, NULL);
    g_autoptr(OrgaOrganization) from_b = orga_store_get_organization (b, NULL);

    g_assert_nonnull (from_a);
    g_assert_nonnull (from_b);
    g_assert_cmpstr (orga_organization_get_uuid (from_a), ==, orga_organization_get_uuid (from_b));
  }
}

static void
test_open_too_new (void)
{
  g_autofree char *path = new_db_path ();
  g_autoptr(GError) error = NULL;
  g_autoptr(OrgaStore) store = NULL;
  sqlite3 *db = NULL;
  g_autofree char *bump = g_strdup_printf ("PRAGMA user_version = %d", ORGA_STORE_SCHEMA_VERSION + 1);

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, "CREATE TABLE future (x)", NULL, NULL, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, bump, NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);

  store = orga_store_open (path, &error);
  g_assert_null (store);
  g_assert_error (error, ORGA_STORE_ERROR, ORGA_STORE_ERROR_TOO_NEW);
  g_assert_cmpstr (error->message, !=, "");

  /* Left as it was. */
  g_assert_cmpint (sql_int (path, "PRAGMA user_version"), ==, ORGA_STORE_SCHEMA_VERSION + 1);
  g_assert_cmpint (sql_int (path, "SELECT count(*) FROM sqlite_master WHERE type = 'table'"), ==, 1);
}

static void
test_open_too_new_after_use (void)
{
  g_autofree char *path = new_school_db ();
  g_autoptr(GError) error = NULL;
  g_autoptr(OrgaStore) store = NULL;
  sqlite3 *db = NULL;
  g_autofree char *bump = g_strdup_printf ("PRAGMA user_version = %d", ORGA_STORE_SCHEMA_VERSION + 5);

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, bump, NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);

  store = orga_store_open (path, &error);
  g_assert_null (store);
  g_assert_error (error, ORGA_STORE_ERROR, ORGA_STORE_ERROR_TOO_NEW);
}

static void
test_open_not_a_database (void)
{
  g_autofree char *path = new_db_path ();
  g_autofree char *garbage = g_strnfill (4096, 'x');
  g_autofree char *after = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(OrgaStore) store = NULL;

  g_assert_true (g_file_set_contents (path, garbage, -1, NULL));
  store = orga_store_open (path, &error);
  g_assert_null (store);
  g_assert_nonnull (error);
  g_assert_cmpstr (error->message, !=, "");
  g_assert_true (g_file_get_contents (path, &after, NULL, NULL));
  g_assert_cmpstr (after, ==, garbage);
}

/* ------------------------------------------------------------------ */
/* organization                                                         */
/* ------------------------------------------------------------------ */

/* One rule for the app and the CLI, with the app's message. */
static void
test_uai (void)
{
  const char *valid[] = { "0330001A", "9740001z" };
  const char *invalid[] = { "033001A", "123ABC", "03300019", "0330001AB", "O330001A", "", NULL };

  for (guint i = 0; i < G_N_ELEMENTS (valid); i++)
    {
      g_autoptr(GError) error = NULL;

      g_assert_true (orga_uai_check (valid[i], &error));
      g_assert_no_error (error);
    }

  for (guint i = 0; i < G_N_ELEMENTS (invalid); i++)
    {
      g_autoptr(GError) error = NULL;

      g_assert_false (orga_uai_check (invalid[i], &error));
      g_assert_error (error, ORGA_ORGANIZATION_ERROR, ORGA_ORGANIZATION_ERROR_INVALID_UAI);
      g_assert_cmpstr (error->message, ==, "L’UAI n’est pas correct.");
    }

  {
    g_autofree char *typed = orga_uai_normalize ("  0330001a \n");
    g_autofree char *none = orga_uai_normalize (NULL);

    g_assert_cmpstr (typed, ==, "0330001A");
    g_assert_cmpstr (none, ==, "");
  }
}

static void
test_organization (void)
{
  g_autofree char *path = new_db_path ();
  g_autoptr(OrgaStore) store = open_store (path);
  g_autoptr(GError) error = NULL;
  g_autoptr(OrgaOrganization) none = NULL;
  g_autoptr(OrgaOrganization) org = NULL;
  g_autoptr(OrgaOrganization) got = NULL;
  g_autoptr(OrgaOrganization) renamed = NULL;
  g_autoptr(OrgaOrganization) other = NULL;
  g_autoptr(OrgaOrganization) still = NULL;

  none = orga_store_get_organization (store, &error);
  g_assert_no_error (error);
  g_assert_null (none);

  org = orga_store_create_organization (store, UAI, "Collège Jean Moulin", ORGA_ORGANIZATION_KIND_SCO, &error);
  g_assert_no_error (error);
  g_assert_nonnull (org);
  g_assert_cmpint (orga_organization_get_id (org), >, 0);
  g_assert_true (g_uuid_string_is_valid (orga_organization_get_uuid (org)));
  g_assert_cmpstr (orga_organization_get_uai (org), ==, UAI);
  g_assert_cmpstr (orga_organization_get_name (org), ==, "Collège Jean Moulin");
  g_assert_cmpint (orga_organization_get_kind (org), ==, ORGA_ORGANIZATION_KIND_SCO);

  got = orga_store_get_organization (store, &error);
  g_assert_no_error (error);
  g_assert_cmpint (orga_organization_get_id (got), ==, orga_organization_get_id (org));
  g_assert_cmpstr (orga_organization_get_uuid (got), ==, orga_organization_get_uuid (org));
  g_assert_cmpstr (orga_organization_get_name (got), ==, "Collège Jean Moulin");

  /* Same UAI again: the name (and kind) are updated, nothing else. */
  renamed = orga_store_create_organization (store, UAI, "Lycée agricole Jean Moulin", ORGA_ORGANIZATION_KIND_AGRI, &error);
  g_assert_no_error (error);
  g_assert_nonnull (renamed);
  g_assert_cmpint (orga_organization_get_id (renamed), ==, orga_organization_get_id (org));
  g_assert_cmpstr (orga_organization_get_uuid (renamed), ==, orga_organization_get_uuid (org));
  g_assert_cmpstr (orga_organization_get_name (renamed), ==, "Lycée agricole Jean Moulin");
  g_assert_cmpint (orga_organization_get_kind (renamed), ==, ORGA_ORGANIZATION_KIND_AGRI);
  g_assert_cmpint (sql_int (path, "SELECT count(*) FROM organizations"), ==, 1);

  /* Another UAI: refused, the school is unchanged. */
  other = orga_store_create_organization (store, "0690001B", "Autre collège", ORGA_ORGANIZATION_KIND_SCO, &error);
  g_assert_null (other);
  g_assert_error (error, ORGA_STORE_ERROR, ORGA_STORE_ERROR_OTHER_ORGANIZATION);
  g_assert_nonnull (strstr (error->message, "0690001B"));
  g_clear_error (&error);

  still = orga_store_get_organization (store, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (orga_organization_get_uai (still), ==, UAI);
  g_assert_cmpstr (orga_organization_get_name (still), ==, "Lycée agricole Jean Moulin");
  g_assert_cmpint (sql_int (path, "SELECT count(*) FROM organizations"), ==, 1);
}

/* ------------------------------------------------------------------ */
/* re-import semantics                                                  */
/* ------------------------------------------------------------------ */

static void
test_reimport_lifecycle (void)
{
  const Student first[] = {
    { "INEA", "ARNAUD", "Alice", "6A", FALSE, NULL },
    { "INEB", "BERNARD", "Bruno", "6B", FALSE, "1" },
    { "INEC", "CLÉMENT", "Céline", "6A", FALSE, NULL },
  };
  const Student class_change[] = {
    { "INEA", "ARNAUD", "Alice", "6A", FALSE, NULL },
    { "INEB", "BERNARD", "Bruno", "6C", FALSE, "1" },
    { "INEC", "CLÉMENT", "Céline", "6A", FALSE, NULL },
  };
  const Student without_c[] = {
    { "INEA", "ARNAUD", "Alice", "6A", FALSE, NULL },
    { "INEB", "BERNARD", "Bruno", "6C", FALSE, "1" },
  };
  const Student renamed[] = {
    { "INEA", "ARNAUD-DUPONT", "Alice", "6A", FALSE, NULL },
    { "INEB", "BERNARD", "Bruno", "6C", FALSE, "1" },
  };
  g_autofree char *db = new_school_db ();
  g_autofree char *f1 = write_siecle ("first.xml", first, G_N_ELEMENTS (first));
  g_autofree char *f2 = write_siecle ("class.xml", class_change, G_N_ELEMENTS (class_change));
  g_autofree char *f3 = write_siecle ("without-c.xml", without_c, G_N_ELEMENTS (without_c));
  g_autofree char *f4 = write_siecle ("renamed.xml", renamed, G_N_ELEMENTS (renamed));
  g_autoptr(GHashTable) after1 = NULL;
  g_autoptr(GHashTable) after2 = NULL;
  g_autoptr(GHashTable) after3 = NULL;
  g_autoptr(GHashTable) after5 = NULL;
  g_autofree char *snap = NULL;
  const Row *r;

  /* 1. First import: everything is new. */
  {
    g_autoptr(OrgaImportReport) report = run_import (db, f1, FALSE, NULL);

    g_assert_cmpint (orga_import_report_get_status (report), ==, ORGA_IMPORT_STATUS_IMPORTED);
    g_assert_cmpint (orga_import_report_get_import_id (report), >, 0);
    assert_counts (report, 3, 0, 0, 0, 0, 0, 0);
  }
  after1 = learners (db, FALSE, NULL);
  g_assert_cmpuint (g_hash_table_size (after1), ==, 3);
  r = get_row (after1, "INEB");
  g_assert_cmpstr (r->last_name, ==, "BERNARD");
  g_assert_cmpstr (r->first_name, ==, "Bruno");
  g_assert_cmpstr (r->sex, ==, "M");
  g_assert_cmpstr (r->birthdate, ==, "2012-03-05");
  g_assert_cmpstr (r->division, ==, "6B");
  g_assert_null (r->disabled_at);
  g_assert_cmpstr (r->created_at, ==, r->updated_at);
  g_assert_cmpstr (get_row (after1, "INEC")->last_name, ==, "CLÉMENT");

  /* 2. The same file again: nothing changes, not even updated_at. */
  snap = snapshot (db);
  {
    g_autoptr(OrgaImportReport) report = run_import (db, f1, FALSE, NULL);
    g_autofree char *snap2 = NULL;
    g_autofree char *learners_before = NULL;
    g_autofree char *learners_after = NULL;

    assert_counts (report, 0, 0, 3, 0, 0, 0, 0);
    snap2 = snapshot (db);
    /* Only a new import record differs; the learners section is equal. */
    learners_before = g_strndup (snap, strstr (snap, "[imports]") - snap);
    learners_after = g_strndup (snap2, strstr (snap2, "[imports]") - snap2);
    g_assert_cmpstr (learners_after, ==, learners_before);
  }

  /* 3. One student changed class: updated and overwritten. */
  {
    g_autoptr(OrgaImportReport) report = run_import (db, f2, FALSE, NULL);

    assert_counts (report, 0, 1, 2, 0, 0, 1, 0);
  }
  after2 = learners (db, FALSE, NULL);
  r = get_row (after2, "INEB");
  g_assert_cmpstr (r->division, ==, "6C");
  g_assert_cmpstr (r->uuid, ==, get_row (after1, "INEB")->uuid);
  g_assert_cmpstr (r->created_at, ==, get_row (after1, "INEB")->created_at);
  g_assert_cmpstr (r->updated_at, !=, get_row (after1, "INEB")->updated_at);
  g_assert_cmpstr (get_row (after2, "INEA")->updated_at, ==, get_row (after1, "INEA")->updated_at);
  {
    g_autoptr(GHashTable) in_6c = learners (db, FALSE, "6C");
    g_autoptr(GHashTable) in_6b = learners (db, FALSE, "6B");

    g_assert_cmpuint (g_hash_table_size (in_6c), ==, 1);
    g_assert_nonnull (g_hash_table_lookup (in_6c, "INEB"));
    g_assert_cmpuint (g_hash_table_size (in_6b), ==, 0);
  }

  /* 4. A student is missing: disabled, not deleted. */
  {
    g_autoptr(OrgaImportReport) report = run_import (db, f3, FALSE, NULL);

    assert_counts (report, 0, 0, 2, 1, 0, 0, 0);
  }
  after3 = learners (db, TRUE, NULL);
  g_assert_cmpuint (g_hash_table_size (after3), ==, 3);
  r = get_row (after3, "INEC");
  g_assert_nonnull (r->disabled_at);
  assert_utc_timestamp (r->disabled_at);
  g_assert_cmpstr (r->division, ==, "6A");
  g_assert_cmpstr (r->uuid, ==, get_row (after1, "INEC")->uuid);
  g_assert_null (get_row (after3, "INEA")->disabled_at);
  {
    g_autoptr(GHashTable) active = learners (db, FALSE, NULL);
    g_autoptr(OrgaStore) store = open_store (db);
    g_autoptr(OrgaOrganization) org = orga_store_get_organization (store, NULL);

    g_assert_cmpuint (g_hash_table_size (active), ==, 2);
    g_assert_null (g_hash_table_lookup (active, "INEC"));
    g_assert_cmpuint (orga_store_count_learners (store, org, FALSE, NULL), ==, 2);
    g_assert_cmpuint (orga_store_count_learners (store, org, TRUE, NULL), ==, 3);
  }

  /* 5. The same file again: a disabled student is not disabled twice. */
  {
    g_autoptr(OrgaImportReport) report = run_import (db, f3, FALSE, NULL);
    g_autoptr(GHashTable) now = NULL;

    assert_counts (report, 0, 0, 2, 0, 0, 0, 0);
    now = learners (db, TRUE, NULL);
    g_assert_cmpstr (get_row (now, "INEC")->disabled_at, ==, get_row (after3, "INEC")->disabled_at);
  }

  /* 6. Another field than the class changed: updated, no class change. */
  {
    g_autoptr(OrgaImportReport) report = run_import (db, f4, FALSE, NULL);
    g_autoptr(GHashTable) now = NULL;

    assert_counts (report, 0, 1, 1, 0, 0, 0, 0);
    now = learners (db, FALSE, NULL);
    g_assert_cmpstr (get_row (now, "INEA")->last_name, ==, "ARNAUD-DUPONT");
  }

  /* 7. The missing student is back: re-enabled. */
  {
    g_autoptr(OrgaImportReport) report = run_import (db, f2, FALSE, NULL);

    /* A (renamed back) and C (returning) updated. */
    assert_counts (report, 0, 2, 1, 0, 0, 0, 1);
  }
  after5 = learners (db, FALSE, NULL);
  g_assert_cmpuint (g_hash_table_size (after5), ==, 3);
  r = get_row (after5, "INEC");
  g_assert_null (r->disabled_at);
  g_assert_cmpstr (r->uuid, ==, get_row (after1, "INEC")->uuid);
  g_assert_cmpstr (get_row (after5, "INEA")->last_name, ==, "ARNAUD");
  g_assert_cmpint (sql_int (db, "SELECT count(*) FROM learners"), ==, 3);
}

static void
test_reimport_returning_same_data (void)
{
  const Student all[] = {
    { "INEA", "ARNAUD", "Alice", "6A", FALSE, NULL },
    { "INEB", "BERNARD", "Bruno", "6B", FALSE, NULL },
  };
  g_autofree char *db = new_school_db ();
  g_autofree char *f_all = write_siecle ("all.xml", all, 2);
  g_autofree char *f_a = write_siecle ("a.xml", all, 1);
  g_autoptr(OrgaImportReport) r1 = run_import (db, f_all, FALSE, NULL);
  g_autoptr(OrgaImportReport) r2 = run_import (db, f_a, FALSE, NULL);
  g_autoptr(OrgaImportReport) r3 = run_import (db, f_all, FALSE, NULL);
  g_autoptr(GHashTable) now = learners (db, FALSE, NULL);

  assert_counts (r2, 0, 0, 1, 1, 0, 0, 0);
  /* Back with identical data: still a returning (updated) student. */
  assert_counts (r3, 0, 1, 1, 0, 0, 0, 1);
  g_assert_null (get_row (now, "INEB")->disabled_at);
}

typedef struct
{
  OrgaImportChangeKind kind;
  const char          *ine;
  const char          *last_name;
  const char          *first_name;
  const char          *old_division;
  const char          *new_division;
  OrgaIgnoreReason     reason;
} ExpectedChange;

static void
test_dry_run_matches_real (void)
{
  const Student start[] = {
    { "INEA", "ARNAUD", "Alice", "6A", FALSE, NULL },
    { "INEB", "BERNARD", "Bruno", "6B", FALSE, NULL },
    { "INEC", "CLÉMENT", "Céline", "6A", FALSE, NULL },
    { "INED", "DUPONT", "Denis", "6A", FALSE, NULL },
  };
  const Student next[] = {
    { "INEA", "ARNAUD", "Alice", "6A", FALSE, NULL },   /* unchanged */
    { "INEB", "BERNARD", "Bruno", "6C", FALSE, NULL },  /* class */
                                                        /* C leaving */
    { "INED", "DUPONT", "Denis", "6B", FALSE, NULL },   /* returning, new class */
    { "INEE", "ÉTIENNE", "Émile", "6A", FALSE, NULL },  /* new */
    { "INEF", "FABRE", "Flore", "6A", TRUE, NULL },     /* left school: ignored */
    { "INEG", "GARNIER", "Gaël", NULL, FALSE, NULL },   /* no class: ignored */
  };
  const ExpectedChange expected[] = {
    { ORGA_IMPORT_CHANGE_NEW, "INEE", "ÉTIENNE", "Émile", NULL, "6A", 0 },
    { ORGA_IMPORT_CHANGE_CLASS, "INEB", "BERNARD", "Bruno", "6B", "6C", 0 },
    { ORGA_IMPORT_CHANGE_LEAVING, "INEC", "CLÉMENT", "Céline", "6A", NULL, 0 },
    { ORGA_IMPORT_CHANGE_RETURNING, "INED", "DUPONT", "Denis", "6A", "6B", 0 },
    { ORGA_IMPORT_CHANGE_IGNORED, "INEF", "FABRE", "Flore", NULL, NULL, ORGA_IGNORE_LEFT_SCHOOL },
    { ORGA_IMPORT_CHANGE_IGNORED, "INEG", "GARNIER", "Gaël", NULL, NULL, ORGA_IGNORE_NO_DIVISION },
  };
  g_autofree char *db = new_school_db ();
  g_autofree char *f_start = write_siecle ("start.xml", start, G_N_ELEMENTS (start));
  g_autofree char *f_without_d = write_siecle ("without-d.xml", start, 3);
  g_autofree char *f_next = write_siecle ("next.xml", next, G_N_ELEMENTS (next));
  g_autoptr(OrgaImportReport) dry = NULL;
  g_autoptr(OrgaImportReport) real = NULL;
  g_autoptr(GPtrArray) imports_before = NULL;
  g_autoptr(GPtrArray) imports_after = NULL;
  g_autoptr(GHashTable) now = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  const OrgaImportCounts *dc;
  const OrgaImportCounts *rc;
  GArray *changes;

  g_object_unref (run_import (db, f_start, FALSE, NULL));
  g_object_unref (run_import (db, f_without_d, FALSE, NULL));   /* D disabled */

  before = snapshot (db);
  imports_before = list_imports (db);
  dry = run_import (db, f_next, TRUE, NULL);
  after = snapshot (db);
  imports_after = list_imports (db);

  /* Nothing written, not even an import record. */
  g_assert_cmpstr (after, ==, before);
  g_assert_cmpuint (imports_after->len, ==, imports_before->len);
  g_assert_cmpint (orga_import_report_get_status (dry), ==, ORGA_IMPORT_STATUS_PREVIEW);
  g_assert_cmpint (orga_import_report_get_import_id (dry), ==, 0);
  assert_counts (dry, 1, 2, 1, 1, 2, 2, 1);

  /* Each change once, with names and classes. */
  changes = orga_import_report_get_changes (dry);
  g_assert_cmpuint (changes->len, ==, G_N_ELEMENTS (expected));
  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      const ExpectedChange *x = &expected[i];
      const OrgaImportChange *found = NULL;

      for (guint j = 0; j < changes->len; j++)
        {
          const OrgaImportChange *c = &g_array_index (changes, OrgaImportChange, j);
          if (g_strcmp0 (c->ine, x->ine) == 0)
            {
              g_assert_null (found);
              found = c;
            }
        }
      g_test_message ("change for %s", x->ine);
      g_assert_nonnull (found);
      g_assert_cmpint (found->kind, ==, x->kind);
      g_assert_cmpstr (found->last_name, ==, x->last_name);
      g_assert_cmpstr (found->first_name, ==, x->first_name);
      if (x->kind != ORGA_IMPORT_CHANGE_IGNORED)
        {
          g_assert_cmpstr (found->old_division, ==, x->old_division);
          g_assert_cmpstr (found->new_division, ==, x->new_division);
        }
      else
        g_assert_cmpint (found->reason, ==, x->reason);
    }
  /* Ignored students are listed last. */
  g_assert_cmpint (g_array_index (changes, OrgaImportChange, changes->len - 1).kind, ==, ORGA_IMPORT_CHANGE_IGNORED);
  g_assert_cmpint (g_array_index (changes, OrgaImportChange, changes->len - 2).kind, ==, ORGA_IMPORT_CHANGE_IGNORED);

  /* The real import does exactly that. */
  real = run_import (db, f_next, FALSE, NULL);
  g_assert_cmpint (orga_import_report_get_status (real), ==, ORGA_IMPORT_STATUS_IMPORTED);
  dc = orga_import_report_get_counts (dry);
  rc = orga_import_report_get_counts (real);
  g_assert_cmpuint (rc->created, ==, dc->created);
  g_assert_cmpuint (rc->updated, ==, dc->updated);
  g_assert_cmpuint (rc->unchanged, ==, dc->unchanged);
  g_assert_cmpuint (rc->disabled, ==, dc->disabled);
  g_assert_cmpuint (rc->ignored, ==, dc->ignored);
  g_assert_cmpuint (rc->class_changed, ==, dc->class_changed);
  g_assert_cmpuint (rc->returning, ==, dc->returning);

  now = learners (db, TRUE, NULL);
  g_assert_cmpuint (g_hash_table_size (now), ==, 5);
  g_assert_cmpstr (get_row (now, "INEE")->division, ==, "6A");
  g_assert_null (get_row (now, "INEE")->disabled_at);
  g_assert_cmpstr (get_row (now, "INEB")->division, ==, "6C");
  g_assert_nonnull (get_row (now, "INEC")->disabled_at);
  g_assert_null (get_row (now, "INED")->disabled_at);
  g_assert_cmpstr (get_row (now, "INED")->division, ==, "6B");
  g_assert_null (g_hash_table_lookup (now, "INEF"));
  g_assert_null (g_hash_table_lookup (now, "INEG"));

  /* The record of the real import holds the same counts. */
  {
    g_autoptr(GPtrArray) records = list_imports (db);
    const OrgaImportRecord *newest = g_ptr_array_index (records, 0);

    g_assert_cmpuint (records->len, ==, imports_before->len + 1);
    g_assert_cmpint (newest->id, ==, orga_import_report_get_import_id (real));
    g_assert_cmpuint (newest->created, ==, dc->created);
    g_assert_cmpuint (newest->updated, ==, dc->updated);
    g_assert_cmpuint (newest->unchanged, ==, dc->unchanged);
    g_assert_cmpuint (newest->disabled, ==, dc->disabled);
    g_assert_cmpuint (newest->ignored, ==, dc->ignored);
  }
}

static void
test_rejected_changes_nothing (void)
{
  const Student good[] = {
    { "INEA", "ARNAUD", "Alice", "6A", FALSE, NULL },
    { "INEB", "BERNARD", "Bruno", "6B", FALSE, NULL },
  };
  const Student bad[] = {
    { "INEA", "ARNAUD", "Alice", "5A", FALSE, NULL },
    { "INEX", "XAVIER", "Xena", "5A", FALSE, "" },
  };
  g_autofree char *db = new_school_db ();
  g_autofree char *f_good = write_siecle ("good.xml", good, G_N_ELEMENTS (good));
  g_autofree char *f_bad = write_siecle ("ElevesSansAdresses.xml", bad, G_N_ELEMENTS (bad));
  g_autoptr(OrgaImportReport) first = run_import (db, f_good, FALSE, NULL);
  g_autoptr(OrgaImportReport) rejected = NULL;
  g_autoptr(OrgaImportReport) rejected_dry = NULL;
  g_autoptr(GPtrArray) records = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autofree char *basename = g_path_get_basename (f_bad);
  const OrgaImportRecord *record;
  JsonArray *array;
  JsonObject *e;
  guint bad_line;

  {
    g_autofree char *text = NULL;
    g_assert_true (g_file_get_contents (f_bad, &text, NULL, NULL));
    bad_line = 1;
    for (const char *c = text; c < strstr (text, "<ELEVE ELEVE_ID=\"1001\""); c++)
      bad_line += *c == '\n';
  }

  before = snapshot (db);
  rejected = run_import (db, f_bad, FALSE, "M. Rejet");
  g_assert_cmpint (orga_import_report_get_status (rejected), ==, ORGA_IMPORT_STATUS_REJECTED);
  g_assert_cmpuint (orga_import_report_count_errors (rejected), ==, 1);
  after = snapshot (db);

  /* Learners untouched... */
  {
    g_autofree char *l_before = g_strndup (before, strstr (before, "[imports]") - before);
    g_autofree char *l_after = g_strndup (after, strstr (after, "[imports]") - after);
    g_assert_cmpstr (l_after, ==, l_before);
  }

  /* ...and a trace of the refusal. */
  records = list_imports (db);
  g_assert_cmpuint (records->len, ==, 2);
  record = g_ptr_array_index (records, 0);
  g_assert_cmpstr (record->status, ==, "rejected");
  g_assert_cmpint (record->id, ==, orga_import_report_get_import_id (rejected));
  g_assert_cmpstr (record->created_by, ==, "M. Rejet");
  g_assert_cmpstr (record->file_name, ==, basename);
  g_assert_cmpstr (record->format, ==, "siecle-xml");
  g_assert_cmpstr (record->encoding, ==, "UTF-8");
  g_assert_cmpuint (record->created + record->updated + record->unchanged + record->disabled, ==, 0);
  g_assert_true (g_uuid_string_is_valid (record->uuid));
  assert_utc_timestamp (record->created_at);

  g_assert_true (json_parser_load_from_data (parser, record->errors_json, -1, &error));
  g_assert_no_error (error);
  g_assert_true (JSON_NODE_HOLDS_ARRAY (json_parser_get_root (parser)));
  array = json_node_get_array (json_parser_get_root (parser));
  g_assert_cmpuint (json_array_get_length (array), ==, 1);
  e = json_array_get_object_element (array, 0);
  g_assert_cmpstr (json_object_get_string_member (e, "code"), ==, "SEX_CODE_REQUIRED");
  g_assert_cmpint (json_object_get_int_member (e, "line"), ==, bad_line);
  g_assert_cmpstr (json_object_get_string_member (e, "field"), ==, "CODE_SEXE");
  g_assert_cmpstr (json_object_get_string_member (e, "ine"), ==, "INEX");
  g_assert_cmpstr (json_object_get_string_member (e, "message"), !=, "");

  /* The successful import before it reads "imported" with no error. */
  record = g_ptr_array_index (records, 1);
  g_assert_cmpstr (record->status, ==, "imported");
  g_assert_cmpstr (record->errors_json, ==, "[]");

  /* A rejected dry run leaves no trace at all. */
  g_free (before);
  before = snapshot (db);
  rejected_dry = run_import (db, f_bad, TRUE, NULL);
  g_assert_cmpint (orga_import_report_get_status (rejected_dry), ==, ORGA_IMPORT_STATUS_REJECTED);
  g_free (after);
  after = snapshot (db);
  g_assert_cmpstr (after, ==, before);
}

static void
test_rejected_unreadable_file (void)
{
  g_autofree char *db = new_school_db ();
  g_autofree char *empty = orga_test_write_temp_file ("vide.xml", "", 0);
  g_autoptr(OrgaImportReport) report = run_import (db, empty, FALSE, NULL);
  g_autoptr(GPtrArray) records = NULL;
  const OrgaImportRecord *record;
  const OrgaImportError *e;

  g_assert_cmpint (orga_import_report_get_status (report), ==, ORGA_IMPORT_STATUS_REJECTED);
  g_assert_cmpuint (orga_import_report_get_errors (report)->len, ==, 1);
  e = g_ptr_array_index (orga_import_report_get_errors (report), 0);
  g_assert_cmpint (e->code, ==, ORGA_IMPORT_CODE_INVALID_FILE);

  records = list_imports (db);
  g_assert_cmpuint (records->len, ==, 1);
  record = g_ptr_array_index (records, 0);
  g_assert_cmpstr (record->status, ==, "rejected");
  g_assert_cmpstr (record->file_name, ==, "vide.xml");
  g_assert_nonnull (strstr (record->errors_json, "\"INVALID_FILE\""));
  g_assert_cmpint (sql_int (db, "SELECT count(*) FROM learners"), ==, 0);
}

static void
test_imports_listed (void)
{
  const Student a[] = { { "INEA", "ARNAUD", "Alice", "6A", FALSE, NULL } };
  const Student ab[] = {
    { "INEA", "ARNAUD", "Alice", "6B", FALSE, NULL },
    { "INEB", "BERNARD", "Bruno", "6B", FALSE, NULL },
    { "INEZ", "ZOLA", "Zoé", "6B", TRUE, NULL },
  };
  const Student b[] = { { "INEB", "BERNARD", "Bruno", "6B", FALSE, NULL } };
  const char *users[] = { "Mme Alpha", "M. Bêta", "Mme Gamma" };
  g_autofree char *db = new_school_db ();
  g_autofree char *f1 = write_siecle ("one.xml", a, G_N_ELEMENTS (a));
  g_autofree char *f2 = write_siecle ("two.xml", ab, G_N_ELEMENTS (ab));
  g_autofree char *f3 = write_siecle ("three.xml", b, G_N_ELEMENTS (b));
  const char *files[] = { f1, f2, f3 };
  OrgaImportReport *reports[3];
  g_autoptr(GPtrArray) records = NULL;
  g_autoptr(GHashTable) uuids = g_hash_table_new (g_str_hash, g_str_equal);

  for (guint i = 0; i < 3; i++)
    reports[i] = run_import (db, files[i], FALSE, users[i]);

  records = list_imports (db);
  g_assert_cmpuint (records->len, ==, 3);
  for (guint i = 0; i < 3; i++)
    {
      /* Newest first. */
      const OrgaImportRecord *r = g_ptr_array_index (records, i);
      OrgaImportReport *report = reports[2 - i];
      const OrgaImportCounts *c = orga_import_report_get_counts (report);
      g_autofree char *basename = g_path_get_basename (files[2 - i]);

      g_assert_cmpint (r->id, ==, orga_import_report_get_import_id (report));
      g_assert_cmpstr (r->created_by, ==, users[2 - i]);
      g_assert_cmpstr (r->file_name, ==, basename);
      g_assert_cmpstr (r->status, ==, "imported");
      g_assert_cmpstr (r->format, ==, "siecle-xml");
      g_assert_cmpuint (r->created, ==, c->created);
      g_assert_cmpuint (r->updated, ==, c->updated);
      g_assert_cmpuint (r->unchanged, ==, c->unchanged);
      g_assert_cmpuint (r->disabled, ==, c->disabled);
      g_assert_cmpuint (r->ignored, ==, c->ignored);
      assert_utc_timestamp (r->created_at);
      g_assert_true (g_uuid_string_is_valid (r->uuid));
      g_assert_true (g_hash_table_add (uuids, r->uuid));
      if (i > 0)
        {
          const OrgaImportRecord *newer = g_ptr_array_index (records, i - 1);
          g_autoptr(GDateTime) t_newer = g_date_time_new_from_iso8601 (newer->created_at, NULL);
          g_autoptr(GDateTime) t_this = g_date_time_new_from_iso8601 (r->created_at, NULL);

          g_assert_cmpint (newer->id, >, r->id);
          g_assert_cmpint (g_date_time_compare (t_newer, t_this), >=, 0);
        }
    }

  /* The counts are the real ones. */
  g_assert_cmpuint (((OrgaImportRecord *)g_ptr_array_index (records, 2))->created, ==, 1);
  g_assert_cmpuint (((OrgaImportRecord *)g_ptr_array_index (records, 1))->created, ==, 1);
  g_assert_cmpuint (((OrgaImportRecord *)g_ptr_array_index (records, 1))->updated, ==, 1);
  g_assert_cmpuint (((OrgaImportRecord *)g_ptr_array_index (records, 1))->ignored, ==, 1);
  g_assert_cmpuint (((OrgaImportRecord *)g_ptr_array_index (records, 0))->disabled, ==, 1);
  g_assert_cmpuint (((OrgaImportRecord *)g_ptr_array_index (records, 0))->unchanged, ==, 1);

  /* A record copies deeply. */
  {
    g_autoptr(OrgaImportRecord) copy = orga_import_record_copy (g_ptr_array_index (records, 0));
    const OrgaImportRecord *orig = g_ptr_array_index (records, 0);

    g_assert_true (copy->uuid != orig->uuid);
    g_assert_cmpstr (copy->uuid, ==, orig->uuid);
    g_assert_cmpstr (copy->created_by, ==, orig->created_by);
    g_assert_cmpint (copy->id, ==, orig->id);
  }

  for (guint i = 0; i < 3; i++)
    g_object_unref (reports[i]);
}

static void
test_uuids_and_timestamps (void)
{
  const Student students[] = {
    { "INEA", "ARNAUD", "Alice", "6A", FALSE, NULL },
    { "INEB", "BERNARD", "Bruno", "6B", FALSE, NULL },
    { "INEC", "CLÉMENT", "Céline", "6A", FALSE, NULL },
  };
  g_autofree char *db = new_school_db ();
  g_autofree char *f = write_siecle ("uuid.xml", students, G_N_ELEMENTS (students));
  g_autofree char *f_less = write_siecle ("uuid-less.xml", students, 2);
  g_autoptr(OrgaImportReport) r1 = run_import (db, f, FALSE, NULL);
  g_autoptr(OrgaImportReport) r2 = run_import (db, f_less, FALSE, NULL);
  g_autoptr(GHashTable) rows = learners (db, TRUE, NULL);
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GPtrArray) records = list_imports (db);
  g_autoptr(OrgaStore) store = open_store (db);
  g_autoptr(OrgaOrganization) org = orga_store_get_organization (store, NULL);
  g_autofree char *now = orga_store_now ();
  GHashTableIter iter;
  gpointer value;

  assert_utc_timestamp (now);

  g_assert_true (g_uuid_string_is_valid (orga_organization_get_uuid (org)));
  g_assert_true (g_hash_table_add (seen, (gpointer)orga_organization_get_uuid (org)));

  g_hash_table_iter_init (&iter, rows);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      Row *r = value;

      g_assert_true (g_uuid_string_is_valid (r->uuid));
      g_assert_true (g_hash_table_add (seen, r->uuid));
      assert_utc_timestamp (r->created_at);
      assert_utc_timestamp (r->updated_at);
      if (r->disabled_at != NULL)
        assert_utc_timestamp (r->disabled_at);
    }
  g_assert_nonnull (get_row (rows, "INEC")->disabled_at);

  for (guint i = 0; i < records->len; i++)
    {
      OrgaImportRecord *r = g_ptr_array_index (records, i);

      g_assert_true (g_uuid_string_is_valid (r->uuid));
      g_assert_true (g_hash_table_add (seen, r->uuid));
      assert_utc_timestamp (r->created_at);
    }
  g_assert_cmpuint (g_hash_table_size (seen), ==, 1 + 3 + 2);

  /* Every timestamp column, straight from the file. */
  g_assert_cmpint (sql_int (db, "SELECT count(*) FROM learners WHERE created_at NOT LIKE '%Z' "
                                "OR updated_at NOT LIKE '%Z' OR disabled_at NOT LIKE '%Z'"), ==, 0);
  g_assert_cmpint (sql_int (db, "SELECT count(*) FROM organizations WHERE created_at NOT LIKE '%Z' "
                                "OR updated_at NOT LIKE '%Z'"), ==, 0);
  g_assert_cmpint (sql_int (db, "SELECT count(*) FROM imports WHERE created_at NOT LIKE '%Z'"), ==, 0);
}

static gboolean
stop_after_one (const OrgaLearnerRow *row,
                gpointer              user_data)
{
  guint *n = user_data;

  (*n)++;
  return FALSE;
}

static void
test_foreach_stops (void)
{
  const Student students[] = {
    { "INEA", "ARNAUD", "Alice", "6A", FALSE, NULL },
    { "INEB", "BERNARD", "Bruno", "6B", FALSE, NULL },
  };
  g_autofree char *db = new_school_db ();
  g_autofree char *f = write_siecle ("stop.xml", students, G_N_ELEMENTS (students));
  g_autoptr(OrgaImportReport) report = run_import (db, f, FALSE, NULL);
  g_autoptr(OrgaStore) store = open_store (db);
  g_autoptr(OrgaOrganization) org = orga_store_get_organization (store, NULL);
  g_autoptr(GError) error = NULL;
  guint n = 0;

  g_assert_true (orga_store_foreach_learner (store, org, NULL, stop_after_one, &n, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n, ==, 1);
}

/* ------------------------------------------------------------------ */
/* jobs on a connection of their own                                    */
/* ------------------------------------------------------------------ */

typedef struct
{
  OrgaStore *caller_store;
  GThread   *caller_thread;
  GMutex     lock;
  GCond      cond;
  gboolean   started;
  gboolean   ran;
  gboolean   wait_for_cancel;
  gboolean   fail;
  int        results_freed;   /* atomic: the worker may drop the last ref */
} JobState;

typedef struct
{
  JobState *state;
  char     *uai;
} JobResult;

static void
job_result_free (JobResult *result)
{
  g_atomic_int_inc (&result->state->results_freed);
  g_free (result->uai);
  g_free (result);
}

/* Reads the school on the job's own store, from a worker thread. */
static gpointer
school_job (OrgaStore     *store,
            gpointer       task_data,
            GCancellable  *cancellable,
            GError       **error)
{
  JobState *state = task_data;
  g_autoptr(OrgaOrganization) school = NULL;
  JobResult *result;

  g_assert_true (ORGA_IS_STORE (store));
  g_assert_true (store != state->caller_store);
  g_assert_cmpstr (orga_store_get_path (store), ==, orga_store_get_path (state->caller_store));
  g_assert_true (g_thread_self () != state->caller_thread);

  g_mutex_lock (&state->lock);
  state->started = TRUE;
  state->ran = TRUE;
  g_cond_broadcast (&state->cond);
  while (state->wait_for_cancel && !g_cancellable_is_cancelled (cancellable))
    g_cond_wait (&state->cond, &state->lock);
  g_mutex_unlock (&state->lock);

  if (state->fail)
    {
      g_set_error_literal (error, ORGA_STORE_ERROR, ORGA_STORE_ERROR_NOT_FOUND, "not here");
      return NULL;
    }

  school = orga_store_get_organization (store, error);
  if (school == NULL)
    return NULL;

  result = g_new0 (JobResult, 1);
  result->state = state;
  result->uai = g_strdup (orga_organization_get_uai (school));
  return result;
}

typedef struct
{
  gboolean   done;
  GThread   *thread;
  GMainContext *context;
  JobResult *result;
  GError    *error;
} JobDone;

static void
job_done_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  JobDone *done = user_data;

  g_assert_true (ORGA_IS_STORE (source));
  done->thread = g_thread_self ();
  done->context = g_main_context_get_thread_default ();
  done->result = orga_store_run_job_finish (result, &done->error);
  done->done = TRUE;
}

static void
wake_job (JobState *state)
{
  g_mutex_lock (&state->lock);
  g_cond_broadcast (&state->cond);
  g_mutex_unlock (&state->lock);
}

/* The job runs in a worker on a store of its own; its result comes back
 * in the caller's thread-default main context, never before it iterates. */
static void
test_job_on_main_context (void)
{
  g_autofree char *path = new_school_db ();
  g_autoptr(OrgaStore) store = open_store (path);
  g_autoptr(GMainContext) context = g_main_context_new ();
  JobState state = { .caller_store = store, .caller_thread = g_thread_self () };
  JobDone done = { 0 };

  g_main_context_push_thread_default (context);
  orga_store_run_job_async (store, school_job, &state, NULL, (GDestroyNotify)job_result_free,
                            NULL, job_done_cb, &done);
  g_assert_false (done.done);

  /* Nothing is delivered to the global default context. */
  g_mutex_lock (&state.lock);
  while (!state.ran)
    g_cond_wait (&state.cond, &state.lock);
  g_mutex_unlock (&state.lock);
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_assert_false (done.done);

  while (!done.done)
    g_main_context_iteration (context, TRUE);
  g_main_context_pop_thread_default (context);

  g_assert_no_error (done.error);
  g_assert_nonnull (done.result);
  g_assert_cmpstr (done.result->uai, ==, UAI);
  g_assert_true (done.thread == g_thread_self ());
  g_assert_true (done.context == context);
  job_result_free (done.result);
  g_assert_cmpint (g_atomic_int_get (&state.results_freed), ==, 1);
}

static void
run_job_until_done (OrgaStore    *store,
                    JobState     *state,
                    GCancellable *cancellable,
                    JobDone      *done)
{
  orga_store_run_job_async (store, school_job, state, NULL, (GDestroyNotify)job_result_free,
                            cancellable, job_done_cb, done);
  while (!done->done)
    g_main_context_iteration (NULL, TRUE);
}

/* Cancelled before it starts: the job never runs. Cancelled while it
 * runs: the caller gets CANCELLED and the result nobody took is freed. */
static void
test_job_cancelled (void)
{
  g_autofree char *path = new_school_db ();
  g_autoptr(OrgaStore) store = open_store (path);
  g_autoptr(GCancellable) before = g_cancellable_new ();
  g_autoptr(GCancellable) during = g_cancellable_new ();
  JobState state = { .caller_store = store, .caller_thread = g_thread_self () };
  JobDone done = { 0 };

  g_cancellable_cancel (before);
  run_job_until_done (store, &state, before, &done);
  g_assert_error (done.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_null (done.result);
  g_assert_false (state.ran);
  g_clear_error (&done.error);

  memset (&done, 0, sizeof done);
  state.wait_for_cancel = TRUE;
  orga_store_run_job_async (store, school_job, &state, NULL, (GDestroyNotify)job_result_free,
                            during, job_done_cb, &done);
  g_mutex_lock (&state.lock);
  while (!state.started)
    g_cond_wait (&state.cond, &state.lock);
  g_mutex_unlock (&state.lock);
  g_cancellable_cancel (during);
  wake_job (&state);
  while (!done.done)
    g_main_context_iteration (NULL, TRUE);

  g_assert_true (state.ran);
  g_assert_error (done.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_null (done.result);
  g_clear_error (&done.error);
  /* The task, and with it the result, goes once both the callback and
   * the worker are done with it. */
  for (guint i = 0; i < 500 && g_atomic_int_get (&state.results_freed) == 0; i++)
    {
      g_main_context_iteration (NULL, FALSE);
      g_usleep (10000);
    }
  g_assert_cmpint (g_atomic_int_get (&state.results_freed), ==, 1);
}

/* A job's error, and a file that cannot be opened, reach the caller. */
static void
test_job_errors (void)
{
  g_autofree char *path = new_school_db ();
  g_autoptr(OrgaStore) store = open_store (path);
  JobState state = { .caller_store = store, .caller_thread = g_thread_self (), .fail = TRUE };
  JobDone done = { 0 };
  g_autofree char *bump = g_strdup_printf ("PRAGMA user_version = %d", ORGA_STORE_SCHEMA_VERSION + 1);
  sqlite3 *db = NULL;

  run_job_until_done (store, &state, NULL, &done);
  g_assert_error (done.error, ORGA_STORE_ERROR, ORGA_STORE_ERROR_NOT_FOUND);
  g_assert_null (done.result);
  g_clear_error (&done.error);

  /* A newer PixOrga wrote the file meanwhile: the job's store refuses it. */
  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, bump, NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);
  memset (&done, 0, sizeof done);
  state.fail = FALSE;
  state.ran = FALSE;
  run_job_until_done (store, &state, NULL, &done);
  g_assert_error (done.error, ORGA_STORE_ERROR, ORGA_STORE_ERROR_TOO_NEW);
  g_assert_false (state.ran);
  g_clear_error (&done.error);
}

/* Store operations are savepoints inside the caller's transaction,
 * whatever their domain: all of them go, or none. */
static void
test_transaction_spans_domains (void)
{
  g_autofree char *path = new_db_path ();
  g_autoptr(OrgaStore) store = open_store (path);
  g_autoptr(OrgaOrganization) school = NULL;
  g_autoptr(OrgaOrganization) after = NULL;
  g_autoptr(OrgaLearnerSet) set = orga_learner_set_new ();
  g_autoptr(OrgaImportReport) report = orga_import_report_new ("liste.xml", set);
  g_autoptr(GError) error = NULL;

  g_assert_true (orga_store_begin (store, &error));
  school = create_school (store, ORGA_ORGANIZATION_KIND_SCO);
  g_assert_true (orga_store_record_rejected_import (store, school, report, "Mme Durand", &error));
  g_assert_no_error (error);
  /* The undo opens a savepoint of its own, which fails and rolls back
   * alone. */
  g_assert_false (orga_store_undo_import (store, school, orga_import_report_get_import_id (report), &error));
  g_assert_error (error, ORGA_STORE_ERROR, ORGA_STORE_ERROR_CANNOT_UNDO);
  g_clear_error (&error);
  orga_store_rollback (store);

  after = orga_store_get_organization (store, &error);
  g_assert_no_error (error);
  g_assert_null (after);
  g_assert_cmpint (sql_int (path, "SELECT count(*) FROM imports"), ==, 0);

  g_assert_true (orga_store_begin (store, &error));
  g_clear_object (&school);
  school = create_school (store, ORGA_ORGANIZATION_KIND_SCO);
  g_assert_true (orga_store_record_rejected_import (store, school, report, NULL, &error));
  g_assert_true (orga_store_commit (store, &error));
  g_assert_no_error (error);
  g_assert_cmpint (sql_int (path, "SELECT count(*) FROM imports"), ==, 1);
  g_assert_cmpint (sql_int (path, "SELECT count(*) FROM organizations"), ==, 1);
}

/* The schema's files, compiled in, are the migrations, in order. */
static void
test_schema_files (void)
{
  g_autofree char *path = new_db_path ();
  g_autoptr(OrgaStore) store = open_store (path);

  g_assert_cmpuint (_orga_store_get_n_migrations (), ==, ORGA_STORE_SCHEMA_VERSION);
  g_assert_nonnull (strstr (_orga_store_get_migration (0), "CREATE TABLE learners ("));
  g_assert_nonnull (strstr (_orga_store_get_migration (1), "CREATE TABLE campaigns ("));
  g_assert_cmpint (sql_int (path, "PRAGMA user_version"), ==, ORGA_STORE_SCHEMA_VERSION);
  g_assert_cmpint (sql_int (path, "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name IN "
                                  "('organizations', 'imports', 'learners', 'learners_before_import', "
                                  "'campaigns', 'participations')"), ==, 6);
}

/* Each school's count of active students (schema/008) against count(*),
 * after the migration fills it from a schema 7 file and after writes of
 * every kind: students who arrive, leave, come back, change school, are
 * deleted, and a school deleted with its students. */
static void
assert_counts_true (OrgaDb *db)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GError) error = NULL;
  guint n_schools = 0;

  stmt = orga_db_prepare (db,
                          "SELECT o.id, coalesce (c.active, 0), "
                          "(SELECT count(*) FROM learners l WHERE l.organization_id = o.id AND l.disabled_at IS NULL) "
                          "FROM organizations o LEFT JOIN learner_counts c ON c.organization_id = o.id",
                          &error);
  g_assert_no_error (error);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      g_assert_cmpint (sqlite3_column_int (stmt, 1), ==, sqlite3_column_int (stmt, 2));
      n_schools++;
    }
  g_assert_cmpuint (n_schools, >, 0);
  /* No count left for a school that is gone. */
  g_assert_cmpint (sql_int (orga_db_get_path (db), "SELECT count(*) FROM learner_counts "
                                                   "WHERE organization_id NOT IN (SELECT id FROM organizations)"), ==, 0);
}

static void
exec_ok (OrgaDb     *db,
         const char *sql)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (orga_db_exec (db, sql, &error));
  g_assert_no_error (error);
}

static void
test_learner_counts (void)
{
  g_autofree char *path = new_db_path ();
  g_autoptr(GError) error = NULL;
  g_autoptr(OrgaDb) db = orga_db_open (path, &error);
  g_autoptr(GRand) rand = g_rand_new_with_seed (8);
  const char *migrations[ORGA_STORE_SCHEMA_VERSION];

  g_assert_no_error (error);
  for (guint i = 0; i < ORGA_STORE_SCHEMA_VERSION; i++)
    migrations[i] = _orga_store_get_migration (i);

  /* A file of schema 7 with three schools: 40 students, some gone. */
  g_assert_true (orga_db_migrate (db, migrations, 7, &error));
  g_assert_no_error (error);
  exec_ok (db, "INSERT INTO organizations (id, uuid, uai, name, kind, created_at, updated_at) VALUES "
               "(1, 'o1', '0330001A', 'A', 'sco', 'now', 'now'), (2, 'o2', '0330002B', 'B', 'agri', 'now', 'now'), "
               "(3, 'o3', '0330003C', 'C', 'sco', 'now', 'now')");
  for (guint i = 0; i < 40; i++)
    {
      g_autofree char *sql = g_strdup_printf ("INSERT INTO learners (uuid, organization_id, ine, last_name, first_name, "
                                              "name_key, disabled_at, created_at, updated_at) "
                                              "VALUES ('l%u', %u, 'INE%u', 'N', 'P', 'n p', %s, 'now', 'now')",
                                              i, 1 + i % 2, i, i % 5 == 0 ? "'then'" : "NULL");
      exec_ok (db, sql);
    }

  /* Schema 8 fills the counts. */
  g_assert_true (orga_db_migrate (db, migrations, ORGA_STORE_SCHEMA_VERSION, &error));
  g_assert_no_error (error);
  g_assert_cmpint (sql_int (path, "SELECT active FROM learner_counts WHERE organization_id = 1"), ==, 16);
  g_assert_cmpint (sql_int (path, "SELECT active FROM learner_counts WHERE organization_id = 2"), ==, 16);
  assert_counts_true (db);

  /* Then writes of every kind, at random, in transactions as the store's. */
  for (guint step = 0; step < 400; step++)
    {
      guint id = g_rand_int_range (rand, 0, 60);
      guint school = g_rand_int_range (rand, 1, 4);
      g_autofree char *sql = NULL;

      switch (g_rand_int_range (rand, 0, 6))
        {
        case 0:
          sql = g_strdup_printf ("INSERT OR IGNORE INTO learners (uuid, organization_id, ine, last_name, first_name, "
                                 "name_key, disabled_at, created_at, updated_at) "
                                 "VALUES ('n%u', %u, 'NEW%u', 'N', 'P', 'n p', %s, 'now', 'now')",
                                 step, school, step, g_rand_boolean (rand) ? "NULL" : "'then'");
          break;
        case 1:
          sql = g_strdup_printf ("UPDATE learners SET disabled_at = 'then' WHERE id %% 60 = %u", id);
          break;
        case 2:
          sql = g_strdup_printf ("UPDATE learners SET disabled_at = NULL WHERE id %% 60 = %u", id);
          break;
        case 3:
          /* The same value again: nothing moves. */
          sql = g_strdup_printf ("UPDATE learners SET disabled_at = disabled_at, organization_id = organization_id "
                                 "WHERE id %% 7 = %u", id % 7);
          break;
        case 4:
          sql = g_strdup_printf ("UPDATE OR IGNORE learners SET organization_id = %u WHERE id %% 60 = %u", school, id);
          break;
        default:
          sql = g_strdup_printf ("DELETE FROM learners WHERE id %% 60 = %u", id);
          break;
        }
      g_assert_true (orga_db_begin (db, &error));
      exec_ok (db, sql);
      if (step % 10 == 9)
        orga_db_rollback (db);
      else
        g_assert_true (orga_db_commit (db, &error));
      g_assert_no_error (error);
      if (step % 50 == 0)
        assert_counts_true (db);
    }
  assert_counts_true (db);

  /* A school deleted takes its count with it. */
  exec_ok (db, "DELETE FROM organizations WHERE id = 2");
  assert_counts_true (db);
}

int
main (int   argc,
      char *argv[])
{
  orga_test_init (&argc, &argv);

  g_test_add_func ("/store/open/creates-private-wal", test_open_creates_private_wal);
  g_test_add_func ("/store/open/existing-empty-file", test_open_existing_file_mode);
  g_test_add_func ("/store/open/reopen-idempotent", test_open_reopen_idempotent);
  g_test_add_func ("/store/open/too-new", test_open_too_new);
  g_test_add_func ("/store/learner-counts", test_learner_counts);
  g_test_add_func ("/store/open/too-new-after-use", test_open_too_new_after_use);
  g_test_add_func ("/store/open/not-a-database", test_open_not_a_database);
  g_test_add_func ("/store/organization", test_organization);
  g_test_add_func ("/store/organization/uai", test_uai);
  g_test_add_func ("/store/reimport/lifecycle", test_reimport_lifecycle);
  g_test_add_func ("/store/reimport/returning-same-data", test_reimport_returning_same_data);
  g_test_add_func ("/store/reimport/dry-run-matches-real", test_dry_run_matches_real);
  g_test_add_func ("/store/reimport/rejected-changes-nothing", test_rejected_changes_nothing);
  g_test_add_func ("/store/reimport/rejected-unreadable-file", test_rejected_unreadable_file);
  g_test_add_func ("/store/imports/listed-newest-first", test_imports_listed);
  g_test_add_func ("/store/uuids-and-timestamps", test_uuids_and_timestamps);
  g_test_add_func ("/store/foreach-stops", test_foreach_stops);
  g_test_add_func ("/store/job/main-context", test_job_on_main_context);
  g_test_add_func ("/store/job/cancelled", test_job_cancelled);
  g_test_add_func ("/store/job/errors", test_job_errors);
  g_test_add_func ("/store/transaction-spans-domains", test_transaction_spans_domains);
  g_test_add_func ("/store/schema-files", test_schema_files);

  return g_test_run ();
}
