/* test-undo.c: undoing the latest import puts back exactly the list it
 * replaced; what cannot be undone is refused
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <sqlite3.h>
#include <string.h>

#include "orga-importer.h"
#include "orga-store.h"
#include "orga-store-campaigns.h"
#include "orga-test-util.h"

#define UAI "0330001A"

/* ------------------------------------------------------------------ */
/* helpers                                                              */
/* ------------------------------------------------------------------ */

static char *
new_school_db (void)
{
  return orga_test_new_school_db (UAI, ORGA_ORGANIZATION_KIND_SCO);
}

typedef struct
{
  const char *ine;
  const char *last_name;
  const char *first_name;
  const char *division;
  const char *birthdate;   /* DD/MM/YYYY */
} Student;

static char *
write_siecle (const Student *students,
              guint          n)
{
  static guint counter;
  g_autoptr(GString) d = g_string_new ("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<BEE_ELEVES VERSION=\"2.1\">\n"
                                       "<PARAMETRES><UAJ>" UAI "</UAJ></PARAMETRES>\n<DONNEES>\n<ELEVES>\n");
  g_autofree char *file_name = g_strdup_printf ("undo-%u.xml", ++counter);

  for (guint i = 0; i < n; i++)
    {
      const Student *s = &students[i];

      g_string_append_printf (d,
                              "<ELEVE ELEVE_ID=\"%u\">\n"
                              "<ID_NATIONAL>%s</ID_NATIONAL>\n"
                              "<NOM_DE_FAMILLE>%s</NOM_DE_FAMILLE>\n"
                              "<PRENOM>%s</PRENOM>\n"
                              "<CODE_SEXE>2</CODE_SEXE>\n"
                              "<DATE_NAISS>%s</DATE_NAISS>\n"
                              "<CODE_PAYS>100</CODE_PAYS>\n"
                              "<CODE_DEPARTEMENT_NAISS>033</CODE_DEPARTEMENT_NAISS>\n"
                              "<CODE_COMMUNE_INSEE_NAISS>33318</CODE_COMMUNE_INSEE_NAISS>\n"
                              "<CODE_MEF>10010012110</CODE_MEF>\n"
                              "<CODE_STATUT>ST</CODE_STATUT>\n"
                              "</ELEVE>\n",
                              1000 + i, s->ine, s->last_name, s->first_name,
                              s->birthdate != NULL ? s->birthdate : "05/03/2012");
    }
  g_string_append (d, "</ELEVES>\n<STRUCTURES>\n");
  for (guint i = 0; i < n; i++)
    g_string_append_printf (d,
                            "<STRUCTURES_ELEVE ELEVE_ID=\"%u\"><STRUCTURE><CODE_STRUCTURE>%s</CODE_STRUCTURE>"
                            "<TYPE_STRUCTURE>D</TYPE_STRUCTURE></STRUCTURE></STRUCTURES_ELEVE>\n",
                            1000 + i, students[i].division);
  g_string_append (d, "</STRUCTURES>\n</DONNEES>\n</BEE_ELEVES>\n");

  return orga_test_write_temp_file (file_name, d->str, d->len);
}

static OrgaImportReport *
run_import (const char    *db,
            const Student *students,
            guint          n)
{
  g_autofree char *file = write_siecle (students, n);
  g_autoptr(OrgaImporter) importer = orga_importer_new (db, file);
  g_autoptr(GError) error = NULL;
  OrgaImportReport *report;

  /* Timestamps have microseconds; a pause makes every import's differ. */
  g_usleep (2000);
  report = orga_importer_run (importer, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (report);

  return report;
}

static gint64
import_ok (const char    *db,
           const Student *students,
           guint          n)
{
  g_autoptr(OrgaImportReport) report = run_import (db, students, n);

  g_assert_cmpint (orga_import_report_get_status (report), ==, ORGA_IMPORT_STATUS_IMPORTED);
  g_assert_cmpint (orga_import_report_get_import_id (report), >, 0);

  return orga_import_report_get_import_id (report);
}

/* Every column of every row of @table, in id order. */
static char *
dump_table (const char *db,
            const char *sql)
{
  GString *s = g_string_new (NULL);
  sqlite3 *conn = NULL;
  sqlite3_stmt *stmt = NULL;

  g_assert_cmpint (sqlite3_open_v2 (db, &conn, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (conn, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      for (int c = 0; c < sqlite3_column_count (stmt); c++)
        {
          const char *v = (const char *)sqlite3_column_text (stmt, c);

          g_string_append_printf (s, "%s=%s|", sqlite3_column_name (stmt, c), v ? v : "<null>");
        }
      g_string_append_c (s, '\n');
    }
  sqlite3_finalize (stmt);
  sqlite3_close (conn);

  return g_string_free (s, FALSE);
}

static char *
dump_learners (const char *db)
{
  return dump_table (db, "SELECT * FROM learners ORDER BY id");
}

static gint64
sql_int (const char *db,
         const char *sql)
{
  sqlite3 *conn = NULL;
  sqlite3_stmt *stmt = NULL;
  gint64 value;

  g_assert_cmpint (sqlite3_open_v2 (db, &conn, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (conn, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  value = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  sqlite3_close (conn);

  return value;
}

/* The students as the store gives them, disabled ones included. */
static gboolean
dump_row (const OrgaLearnerRow *row,
          gpointer              user_data)
{
  GString *s = user_data;
  const OrgaLearnerFields *f = &row->fields;

  g_string_append_printf (s, "%" G_GINT64_FORMAT "|%s|%s|%s|%s|%s|%s|%s|%s|%s|%s|%s|%s|%s|%s|%s|%s|%s|%s|%s\n",
                          row->id, row->uuid, f->ine, f->last_name, f->preferred_last_name, f->first_name,
                          f->middle_name, f->third_name, f->sex, f->birthdate, f->birth_country_code,
                          f->birth_province_code, f->birth_city_code, f->birth_city, f->mef_code,
                          f->status, f->division, row->disabled_at, row->created_at, row->updated_at);
  return TRUE;
}

static char *
dump_store (const char *db)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(OrgaStore) store = orga_store_open (db, &error);
  g_autoptr(OrgaOrganization) org = NULL;
  OrgaLearnerQuery query = { .include_disabled = TRUE };
  GString *s = g_string_new (NULL);

  g_assert_no_error (error);
  org = orga_store_get_organization (store, &error);
  g_assert_no_error (error);
  orga_store_foreach_learner (store, org, &query, dump_row, s, &error);
  g_assert_no_error (error);

  return g_string_free (s, FALSE);
}

typedef struct
{
  char             *db;
  OrgaStore        *store;
  OrgaOrganization *org;
} School;

static void
school_open (School *school)
{
  g_autoptr(GError) error = NULL;

  school->db = new_school_db ();
  school->store = orga_store_open (school->db, &error);
  g_assert_no_error (error);
  school->org = orga_store_get_organization (school->store, &error);
  g_assert_no_error (error);
}

static void
school_close (School *school)
{
  g_clear_object (&school->org);
  g_clear_object (&school->store);
  g_clear_pointer (&school->db, g_free);
}

static const char *
status_of (School *school,
           gint64  import_id)
{
  static char status[32];
  g_autoptr(GPtrArray) imports = NULL;
  g_autoptr(GError) error = NULL;

  imports = orga_store_list_imports (school->store, school->org, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < imports->len; i++)
    {
      OrgaImportRecord *r = g_ptr_array_index (imports, i);

      if (r->id == import_id)
        {
          g_strlcpy (status, r->status, sizeof status);
          return status;
        }
    }

  return NULL;
}

static void
assert_cannot_undo (School *school,
                    gint64  import_id,
                    int     code)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *before = dump_learners (school->db);
  g_autofree char *after = NULL;

  g_assert_false (orga_store_undo_import (school->store, school->org, import_id, &error));
  g_assert_error (error, ORGA_STORE_ERROR, code);
  g_test_message ("refused: %s", error->message);
  g_assert_cmpuint (strlen (error->message), >, 0);

  after = dump_learners (school->db);
  g_assert_cmpstr (after, ==, before);
}

/* The year as it was: MARTIN in 6A, DUBOIS in 6B, PETIT in 6C, and
 * LEROY, who left last year, disabled. */
static const Student year_before[] = {
  { "1111111111A", "MARTIN", "Emma", "6A", NULL },
  { "2222222222B", "DUBOIS", "Léo", "6B", NULL },
  { "3333333333C", "PETIT", "Zoé", "6C", NULL },
  { "4444444444D", "LEROY", "Noé", "6D", NULL },
};
static const Student file_a[] = {
  { "1111111111A", "MARTIN", "Emma", "6A", NULL },
  { "2222222222B", "DUBOIS", "Léo", "6B", NULL },
  { "3333333333C", "PETIT", "Zoé", "6C", "07/03/2012" },
};
/* MARTIN changes class, DUBOIS leaves, PETIT is unchanged but for his
 * birthdate, LEROY comes back, LEFÈVRE arrives. */
static const Student file_b[] = {
  { "1111111111A", "MARTIN", "Emma", "5A", NULL },
  { "3333333333C", "PETIT", "Zoé", "6C", "08/03/2012" },
  { "4444444444D", "LEROY", "Noé", "5B", NULL },
  { "5555555555E", "LEFÈVRE", "Éloïse", "5C", NULL },
};

/* ------------------------------------------------------------------ */
/* tests                                                                */
/* ------------------------------------------------------------------ */

static void
test_undo_restores_exactly (void)
{
  School school = { 0 };
  g_autoptr(GError) error = NULL;
  g_autofree char *after_a = NULL;
  g_autofree char *store_after_a = NULL;
  g_autofree char *after_b = NULL;
  g_autofree char *after_undo = NULL;
  g_autofree char *store_after_undo = NULL;
  g_autoptr(OrgaImportReport) report_b = NULL;
  const OrgaImportCounts *counts;
  gint64 a, b;

  school_open (&school);
  import_ok (school.db, year_before, G_N_ELEMENTS (year_before));
  a = import_ok (school.db, file_a, G_N_ELEMENTS (file_a));
  after_a = dump_learners (school.db);
  store_after_a = dump_store (school.db);
  g_assert_cmpuint (orga_store_count_learners (school.store, school.org, FALSE, &error), ==, 3);
  g_assert_cmpuint (orga_store_count_learners (school.store, school.org, TRUE, &error), ==, 4);

  report_b = run_import (school.db, file_b, G_N_ELEMENTS (file_b));
  g_assert_cmpint (orga_import_report_get_status (report_b), ==, ORGA_IMPORT_STATUS_IMPORTED);
  b = orga_import_report_get_import_id (report_b);
  counts = orga_import_report_get_counts (report_b);
  g_assert_cmpuint (counts->created, ==, 1);
  g_assert_cmpuint (counts->updated, ==, 3);
  g_assert_cmpuint (counts->disabled, ==, 1);
  g_assert_cmpuint (counts->returning, ==, 1);
  g_assert_cmpuint (counts->class_changed, ==, 2);
  after_b = dump_learners (school.db);
  g_assert_cmpstr (after_b, !=, after_a);

  /* B kept the previous state of the four rows it overwrote, and nothing
   * of A's any more. */
  g_assert_cmpint (sql_int (school.db, "SELECT count(*) FROM learners_before_import"), ==, 4);
  {
    g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM learners_before_import WHERE import_id = %"
                                            G_GINT64_FORMAT, b);

    g_assert_cmpint (sql_int (school.db, sql), ==, 4);
  }

  /* A is no longer the latest. */
  assert_cannot_undo (&school, a, ORGA_STORE_ERROR_CANNOT_UNDO);

  g_assert_true (orga_store_undo_import (school.store, school.org, b, &error));
  g_assert_no_error (error);

  /* Every column of every row as after A: uuids, timestamps, the import
   * that last wrote each row, disabled or not; LEFÈVRE gone. */
  after_undo = dump_learners (school.db);
  g_assert_cmpstr (after_undo, ==, after_a);
  store_after_undo = dump_store (school.db);
  g_assert_cmpstr (store_after_undo, ==, store_after_a);
  g_assert_cmpuint (orga_store_count_learners (school.store, school.org, FALSE, &error), ==, 3);
  g_assert_cmpint (sql_int (school.db, "SELECT count(*) FROM learners_before_import"), ==, 0);

  g_assert_cmpstr (status_of (&school, b), ==, "undone");
  g_assert_cmpstr (status_of (&school, a), ==, "imported");

  /* Once only; and A's earlier state is gone, so A cannot be undone. */
  assert_cannot_undo (&school, b, ORGA_STORE_ERROR_CANNOT_UNDO);
  assert_cannot_undo (&school, a, ORGA_STORE_ERROR_CANNOT_UNDO);

  school_close (&school);
}

static void
test_undo_first_import (void)
{
  School school = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(OrgaImportRecord) last = NULL;
  gint64 a;

  school_open (&school);
  a = import_ok (school.db, file_a, G_N_ELEMENTS (file_a));

  /* New students only: nothing to keep. */
  g_assert_cmpint (sql_int (school.db, "SELECT count(*) FROM learners_before_import"), ==, 0);

  g_assert_true (orga_store_undo_import (school.store, school.org, a, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (orga_store_count_learners (school.store, school.org, TRUE, &error), ==, 0);
  g_assert_no_error (error);

  last = orga_store_get_last_import (school.store, school.org, TRUE, &error);
  g_assert_no_error (error);
  g_assert_null (last);
  last = orga_store_get_last_import (school.store, school.org, FALSE, &error);
  g_assert_no_error (error);
  g_assert_nonnull (last);
  g_assert_cmpint (last->id, ==, a);
  g_assert_cmpstr (last->status, ==, "undone");

  school_close (&school);
}

static void
test_import_after_undo (void)
{
  School school = { 0 };
  g_autoptr(GError) error = NULL;
  g_autofree char *after_a = NULL;
  g_autofree char *after_b = NULL;
  g_autofree char *again = NULL;
  g_autoptr(OrgaImportReport) report = NULL;
  const OrgaImportCounts *counts;
  gint64 b, b2;

  school_open (&school);
  import_ok (school.db, year_before, G_N_ELEMENTS (year_before));
  import_ok (school.db, file_a, G_N_ELEMENTS (file_a));
  after_a = dump_learners (school.db);
  b = import_ok (school.db, file_b, G_N_ELEMENTS (file_b));
  g_assert_true (orga_store_undo_import (school.store, school.org, b, &error));
  g_assert_no_error (error);

  /* The same file again finds the same differences. */
  report = run_import (school.db, file_b, G_N_ELEMENTS (file_b));
  g_assert_cmpint (orga_import_report_get_status (report), ==, ORGA_IMPORT_STATUS_IMPORTED);
  b2 = orga_import_report_get_import_id (report);
  g_assert_cmpint (b2, >, b);
  counts = orga_import_report_get_counts (report);
  g_assert_cmpuint (counts->created, ==, 1);
  g_assert_cmpuint (counts->updated, ==, 3);
  g_assert_cmpuint (counts->disabled, ==, 1);
  g_assert_cmpuint (orga_store_count_learners (school.store, school.org, FALSE, &error), ==, 4);
  after_b = dump_learners (school.db);

  /* An unchanged re-import is an import too: the latest, undoable, and
   * undoing it changes nothing. */
  {
    g_autofree char *before = dump_learners (school.db);
    gint64 same = import_ok (school.db, file_b, G_N_ELEMENTS (file_b));

    assert_cannot_undo (&school, b2, ORGA_STORE_ERROR_CANNOT_UNDO);
    g_assert_true (orga_store_undo_import (school.store, school.org, same, &error));
    g_assert_no_error (error);
    again = dump_learners (school.db);
    g_assert_cmpstr (again, ==, before);
  }

  /* b2 is not the latest applied import any more (the undone one is). */
  assert_cannot_undo (&school, b2, ORGA_STORE_ERROR_CANNOT_UNDO);
  g_assert_cmpstr (after_b, ==, again);

  school_close (&school);
}

static void
test_undo_refused (void)
{
  School school = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(OrgaImportReport) rejected = NULL;
  g_autoptr(OrgaImportRecord) last = NULL;
  g_autofree char *after_a = NULL;
  const Student bad[] = { { "1111111111A", "MARTIN", "Emma", "6A", "31/02/2012" } };
  gint64 a, b, rejected_id;

  school_open (&school);

  last = orga_store_get_last_import (school.store, school.org, FALSE, &error);
  g_assert_no_error (error);
  g_assert_null (last);

  /* Nothing to undo in a new school. */
  assert_cannot_undo (&school, 1, ORGA_STORE_ERROR_NOT_FOUND);

  a = import_ok (school.db, file_a, G_N_ELEMENTS (file_a));
  after_a = dump_learners (school.db);
  b = import_ok (school.db, file_b, G_N_ELEMENTS (file_b));

  /* A refused file changed nothing. */
  rejected = run_import (school.db, bad, G_N_ELEMENTS (bad));
  g_assert_cmpint (orga_import_report_get_status (rejected), ==, ORGA_IMPORT_STATUS_REJECTED);
  rejected_id = orga_import_report_get_import_id (rejected);
  g_assert_cmpint (rejected_id, >, b);
  assert_cannot_undo (&school, rejected_id, ORGA_STORE_ERROR_CANNOT_UNDO);

  /* The latest is the refused one; the latest successful is still B. */
  last = orga_store_get_last_import (school.store, school.org, FALSE, &error);
  g_assert_no_error (error);
  g_assert_cmpint (last->id, ==, rejected_id);
  g_assert_cmpstr (last->status, ==, "rejected");
  g_clear_pointer (&last, orga_import_record_free);
  last = orga_store_get_last_import (school.store, school.org, TRUE, &error);
  g_assert_no_error (error);
  g_assert_cmpint (last->id, ==, b);
  g_assert_cmpstr (last->status, ==, "imported");
  g_assert_cmpuint (last->created, ==, 2);   /* LEROY is new to this school */
  g_clear_pointer (&last, orga_import_record_free);

  /* An older import, and one of no such id. */
  assert_cannot_undo (&school, a, ORGA_STORE_ERROR_CANNOT_UNDO);
  assert_cannot_undo (&school, b + 1000, ORGA_STORE_ERROR_NOT_FOUND);

  /* A refused file after B does not stop B's undo. */
  g_assert_true (orga_store_undo_import (school.store, school.org, b, &error));
  g_assert_no_error (error);
  {
    g_autofree char *now = dump_learners (school.db);

    g_assert_cmpstr (now, ==, after_a);
  }

  /* The list in effect is A's again. */
  last = orga_store_get_last_import (school.store, school.org, TRUE, &error);
  g_assert_no_error (error);
  g_assert_cmpint (last->id, ==, a);

  school_close (&school);
}

/* Another school's import cannot be undone from this one. */
static void
test_undo_other_school (void)
{
  School school = { 0 };
  g_autoptr(OrgaOrganization) other = NULL;
  g_autoptr(GError) error = NULL;
  gint64 a;

  school_open (&school);
  a = import_ok (school.db, file_a, G_N_ELEMENTS (file_a));

  other = orga_organization_new (orga_organization_get_id (school.org) + 1, "x", "0000000X", "Autre",
                                 ORGA_ORGANIZATION_KIND_SCO);
  g_assert_false (orga_store_undo_import (school.store, other, a, &error));
  g_assert_error (error, ORGA_STORE_ERROR, ORGA_STORE_ERROR_NOT_FOUND);
  g_assert_cmpuint (orga_store_count_learners (school.store, school.org, FALSE, NULL), ==, 3);

  school_close (&school);
}

/* A student the import added has since taken part in a campaign: undoing
 * would delete the student and orphan the result, so it is refused and
 * nothing changes. */
static void
test_undo_refused_with_participations (void)
{
  School school = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(OrgaCampaign) campaign = NULL;
  g_autoptr(OrgaParticipationSet) set = orga_participation_set_new (ORGA_FRAMEWORK_N_COMPETENCES);
  guint8 results[ORGA_FRAMEWORK_N_COMPETENCES] = { 0 };
  OrgaCampaignSpec spec = { 0 };
  OrgaParticipation p = { 0 };
  gint64 a;
  guint before;

  school_open (&school);
  a = import_ok (school.db, file_a, G_N_ELEMENTS (file_a));
  before = orga_store_count_learners (school.store, school.org, TRUE, &error);
  g_assert_no_error (error);

  spec.name = "Collecte de profils";
  spec.type = ORGA_CAMPAIGN_TYPE_PROFILES_COLLECTION;
  spec.owner = spec.creator = "Mme Durand";
  campaign = orga_store_create_campaign (school.store, school.org, &spec, &error);
  g_assert_no_error (error);

  p.learner_id = sql_int (school.db, "SELECT min(id) FROM learners");
  p.status = ORGA_PARTICIPATION_TO_SHARE;
  p.created_at = 1725955200;
  p.is_certifiable = -1;
  p.results = results;
  orga_participation_set_add (set, &p);
  g_assert_true (orga_store_add_participations (school.store, campaign, set, &error));
  g_assert_no_error (error);

  g_assert_false (orga_store_undo_import (school.store, school.org, a, &error));
  g_assert_error (error, ORGA_STORE_ERROR, ORGA_STORE_ERROR_CANNOT_UNDO);
  g_assert_cmpuint (orga_store_count_learners (school.store, school.org, TRUE, NULL), ==, before);
  g_assert_cmpint (sql_int (school.db, "SELECT count(*) FROM imports WHERE status = 'undone'"), ==, 0);

  school_close (&school);
}

typedef struct
{
  gboolean  done;
  gboolean  ok;
  GError   *error;
} Undone;

static void
undone_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  Undone *undone = user_data;

  undone->ok = orga_store_undo_import_finish (ORGA_STORE (source), result, &undone->error);
  undone->done = TRUE;
}

static void
undo_async (School       *school,
            gint64        import_id,
            GCancellable *cancellable,
            Undone       *undone)
{
  orga_store_undo_import_async (school->store, school->org, import_id, cancellable, undone_cb, undone);
  g_assert_false (undone->done);
  while (!undone->done)
    g_main_context_iteration (NULL, TRUE);
}

/* The same undo from a thread, on a connection of its own: the app's
 * connection sees it at once; a refusal and a cancel change nothing. */
static void
test_undo_async (void)
{
  School school = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autofree char *after_a = NULL;
  g_autofree char *after_b = NULL;
  g_autofree char *now = NULL;
  Undone refused = { 0 };
  Undone cancelled = { 0 };
  Undone undone = { 0 };
  gint64 a, b;

  school_open (&school);
  a = import_ok (school.db, file_a, G_N_ELEMENTS (file_a));
  after_a = dump_learners (school.db);
  b = import_ok (school.db, file_b, G_N_ELEMENTS (file_b));
  after_b = dump_learners (school.db);

  undo_async (&school, a, NULL, &refused);
  g_assert_false (refused.ok);
  g_assert_error (refused.error, ORGA_STORE_ERROR, ORGA_STORE_ERROR_CANNOT_UNDO);
  g_clear_error (&refused.error);

  g_cancellable_cancel (cancellable);
  undo_async (&school, b, cancellable, &cancelled);
  g_assert_false (cancelled.ok);
  g_assert_error (cancelled.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&cancelled.error);
  now = dump_learners (school.db);
  g_assert_cmpstr (now, ==, after_b);
  g_assert_cmpstr (status_of (&school, b), ==, "imported");

  undo_async (&school, b, NULL, &undone);
  g_assert_no_error (undone.error);
  g_assert_true (undone.ok);
  g_clear_pointer (&now, g_free);
  now = dump_learners (school.db);
  g_assert_cmpstr (now, ==, after_a);
  g_assert_cmpstr (status_of (&school, b), ==, "undone");
  g_assert_cmpuint (orga_store_count_learners (school.store, school.org, FALSE, &error), ==, 3);
  g_assert_no_error (error);

  school_close (&school);
}

int
main (int   argc,
      char *argv[])
{
  orga_test_init (&argc, &argv);

  g_test_add_func ("/undo/restores-exactly", test_undo_restores_exactly);
  g_test_add_func ("/undo/first-import", test_undo_first_import);
  g_test_add_func ("/undo/import-after-undo", test_import_after_undo);
  g_test_add_func ("/undo/refused", test_undo_refused);
  g_test_add_func ("/undo/other-school", test_undo_other_school);
  g_test_add_func ("/undo/refused-with-participations", test_undo_refused_with_participations);
  g_test_add_func ("/undo/async", test_undo_async);

  return g_test_run ();
}
