/* test-store-cert.c: certification in the local store (orga-store-cert.h)
 *
 * Sessions, candidates, finalization, results, readiness, archives and
 * demonstration data, on a school imported through the store. Courses
 * are the server's: they are written here as a pull would leave them.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "orga-store.h"
#include "orga-store-campaigns.h"
#include "orga-store-cert.h"
#include "orga-store-private.h"
#include "orga-test-util.h"

#define UAI "0330001A"

typedef struct
{
  char             *path;
  OrgaStore        *store;
  OrgaOrganization *school;
  guint             n_changes;
  OrgaStoreChangeKind kinds;
} Fixture;

static void
changed_cb (OrgaStore        *store,
            OrgaStoreChanges *changes,
            Fixture          *f)
{
  f->n_changes++;
  f->kinds |= orga_store_changes_get_kinds (changes);
}

static void
set_up (Fixture       *f,
        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->path = orga_test_new_school_db (UAI, ORGA_ORGANIZATION_KIND_SCO);
  f->store = orga_store_open (f->path, &error);
  g_assert_no_error (error);
  f->school = orga_store_get_organization (f->store, &error);
  g_assert_no_error (error);
  g_signal_connect (f->store, "changed", G_CALLBACK (changed_cb), f);
}

static void
tear_down (Fixture       *f,
           gconstpointer  data)
{
  g_clear_object (&f->school);
  g_assert_finalize_object (f->store);
  g_clear_pointer (&f->path, g_free);
}

static gint64
sql_int (Fixture    *f,
         const char *sql)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  g_assert_cmpint (sqlite3_prepare_v2 (_orga_store_get_db (f->store), sql, -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  return sqlite3_column_int64 (stmt, 0);
}

static char *
sql_text (Fixture    *f,
          const char *sql)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  g_assert_cmpint (sqlite3_prepare_v2 (_orga_store_get_db (f->store), sql, -1, &stmt, NULL), ==, SQLITE_OK);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    return NULL;
  return g_strdup ((const char *) sqlite3_column_text (stmt, 0));
}

static void
sql_exec (Fixture    *f,
          const char *sql)
{
  char *message = NULL;

  if (sqlite3_exec (_orga_store_get_db (f->store), sql, NULL, NULL, &message) != SQLITE_OK)
    g_error ("%s: %s", sql, message);
}

/* ---- students ----------------------------------------------------------- */

typedef struct
{
  const char *ine;
  const char *last_name;
  const char *first_name;
  const char *division;
} Student;

static const Student students[] = {
  { "1000000001A", "Dupont", "Léa", "3A" },
  { "1000000002B", "Écrivain", "Hugo", "3A" },
  { "1000000003C", "Martin", "Zoé", "3A" },
  { "1000000004D", "Bernard", "Jean", "3B" },
  { "1000000005E", "Zidane", "Inès", "3A" },
  { "1000000006F", "Petit", "Noah", "3A" },
};

static void
import_students (Fixture *f)
{
  g_autoptr(OrgaLearnerSet) set = orga_learner_set_new ();
  g_autoptr(OrgaImportReport) report = NULL;
  g_autoptr(GError) error = NULL;

  orga_learner_set_set_format (set, ORGA_IMPORT_FORMAT_SIECLE_XML);
  for (guint i = 0; i < G_N_ELEMENTS (students); i++)
    {
      guint k = orga_learner_set_append (set);
      OrgaLearnerFields *l = orga_learner_set_peek (set, k);

      l->ine = orga_learner_set_intern (set, students[i].ine, -1);
      l->last_name = orga_learner_set_intern (set, students[i].last_name, -1);
      l->first_name = orga_learner_set_intern (set, students[i].first_name, -1);
      l->division = orga_learner_set_intern (set, students[i].division, -1);
      l->birthdate = orga_learner_set_intern (set, "2011-04-14", -1);
      l->sex = orga_learner_set_intern (set, i % 2 ? "M" : "F", -1);
      l->birth_country_code = orga_learner_set_intern (set, "100", -1);
      l->birth_city_code = orga_learner_set_intern (set, "33063", -1);
      l->birth_city = orga_learner_set_intern (set, "Bordeaux", -1);
      l->line = i + 1;
    }
  report = orga_import_report_new ("eleves.xml", set);
  g_assert_true (orga_store_apply_learner_set (f->store, f->school, report, "Anne Proviseur", FALSE, NULL, &error));
  g_assert_no_error (error);
}

static gint64
learner_id (Fixture    *f,
            const char *ine)
{
  g_autofree char *sql = g_strdup_printf ("SELECT id FROM learners WHERE ine = '%s'", ine);

  return sql_int (f, sql);
}

/* ---- sessions ----------------------------------------------------------- */

static char *
day_from_today (int days)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GDateTime) day = g_date_time_add_days (now, days);

  return g_date_time_format (day, "%Y-%m-%d");
}

static OrgaCertSession *
create_session (Fixture *f,
                int      days)
{
  g_autofree char *date = day_from_today (days);
  OrgaCertSessionForm form = {
    .address = "  Collège Jean Moulin ",
    .room = "CDI",
    .examiner = "Mme Durand",
    .date = date,
    .time = "09:00",
    .description = NULL,
  };
  g_autoptr(GError) error = NULL;
  OrgaCertSession *session = orga_store_create_cert_session (f->store, f->school, &form, "Anne Proviseur", &error);

  g_assert_no_error (error);
  g_assert_nonnull (session);
  return session;
}

static void
test_create (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(OrgaCertSession) session = NULL;
  g_autoptr(OrgaCertSession) again = NULL;
  g_autoptr(GPtrArray) sessions = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *yesterday = day_from_today (-1);
  g_autofree char *date = day_from_today (10);
  g_autofree char *next = NULL;
  OrgaCertSessionForm bad = { .address = "", .room = "CDI", .examiner = "X", .date = date, .time = "09:00" };
  OrgaCertSessionForm past = { .address = "Site", .room = "CDI", .examiner = "X", .date = yesterday, .time = "09:00" };

  f->kinds = 0;
  session = create_session (f, 10);
  g_assert_true (f->kinds & ORGA_STORE_CHANGE_CERTIFICATION);
  g_assert_cmpstr (orga_cert_session_get_address (session), ==, "Collège Jean Moulin");
  g_assert_cmpstr (orga_cert_session_get_date (session), ==, date);
  g_assert_cmpint (orga_cert_session_get_number (session), ==, 0);
  g_assert_cmpstr (orga_cert_session_get_certification_center (session), ==, "Collège Jean Moulin");
  g_assert_true (orga_cert_access_code_is_valid (orga_cert_session_get_access_code (session)));
  g_assert_true (orga_cert_supervisor_password_is_valid (orga_cert_session_get_supervisor_password (session)));
  g_assert_cmpint (orga_cert_session_get_status (session), ==, ORGA_CERT_SESSION_CREATED);
  g_assert_cmpuint (orga_cert_session_get_n_candidates (session), ==, 0);
  g_assert_false (orga_cert_session_get_is_demo (session));

  again = orga_store_get_cert_session (f->store, orga_cert_session_get_id (session), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (orga_cert_session_get_uuid (again), ==, orga_cert_session_get_uuid (session));

  /* A field that breaks the form's rules writes nothing. */
  g_assert_null (orga_store_create_cert_session (f->store, f->school, &bad, "Anne", &error));
  g_assert_error (error, ORGA_CERT_ERROR, ORGA_CERT_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_null (orga_store_create_cert_session (f->store, f->school, &past, "Anne", &error));
  g_assert_error (error, ORGA_CERT_ERROR, ORGA_CERT_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_cmpint (sql_int (f, "SELECT count(*) FROM cert_sessions"), ==, 1);

  /* Newest date first. */
  g_clear_object (&again);
  again = create_session (f, 20);
  sessions = orga_store_list_cert_sessions (f->store, f->school, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (sessions->len, ==, 2);
  g_assert_cmpint (orga_cert_session_get_id (g_ptr_array_index (sessions, 0)), ==, orga_cert_session_get_id (again));

  next = orga_store_next_cert_session_date (f->store, f->school, yesterday, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (next, ==, date);
}

static void
test_update_delete (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(OrgaCertSession) session = create_session (f, 5);
  g_autoptr(OrgaCertSession) other = create_session (f, 6);
  g_autoptr(OrgaCertSession) read = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *date = day_from_today (7);
  g_autofree char *updated_at = NULL;
  g_autofree char *updated_again = NULL;
  gint64 id = orga_cert_session_get_id (session);
  OrgaCertSessionForm form = { .address = "Lycée", .room = "B12", .examiner = "M. Petit", .date = date,
                               .time = "14:30", .description = "Calculatrices interdites" };

  g_assert_true (orga_store_update_cert_session (f->store, id, &form, &error));
  g_assert_no_error (error);
  read = orga_store_get_cert_session (f->store, id, &error);
  g_assert_cmpstr (orga_cert_session_get_room (read), ==, "B12");
  g_assert_cmpstr (orga_cert_session_get_time (read), ==, "14:30");
  g_assert_cmpstr (orga_cert_session_get_description (read), ==, "Calculatrices interdites");

  /* The same form again changes nothing, not even updated_at. */
  updated_at = sql_text (f, "SELECT updated_at FROM cert_sessions ORDER BY id LIMIT 1");
  g_usleep (2000);
  g_assert_true (orga_store_update_cert_session (f->store, id, &form, &error));
  updated_again = sql_text (f, "SELECT updated_at FROM cert_sessions ORDER BY id LIMIT 1");
  g_assert_cmpstr (updated_at, ==, updated_again);

  /* Bad input changes nothing. */
  form.time = "25:00";
  g_assert_false (orga_store_update_cert_session (f->store, id, &form, &error));
  g_assert_error (error, ORGA_CERT_ERROR, ORGA_CERT_ERROR_INVALID);
  g_clear_error (&error);
  form.time = "14:30";

  /* Finalized: refused. */
  sql_exec (f, "UPDATE cert_sessions SET finalized_at = '2026-01-01T00:00:00.000000Z' WHERE id = (SELECT min(id) FROM cert_sessions)");
  form.room = "C3";
  g_assert_false (orga_store_update_cert_session (f->store, id, &form, &error));
  g_assert_error (error, ORGA_CERT_ERROR, ORGA_CERT_ERROR_REFUSED);
  g_clear_error (&error);
  g_assert_cmpint (sql_int (f, "SELECT count(*) FROM cert_sessions WHERE room = 'C3'"), ==, 0);

  /* Deleting: refused once a candidate has joined. */
  import_students (f);
  {
    gint64 ids[] = { learner_id (f, "1000000001A") };

    g_assert_true (orga_store_enrol_cert_candidates (f->store, orga_cert_session_get_id (other), ids, 1, NULL, &error));
    g_assert_no_error (error);
  }
  sql_exec (f, "UPDATE cert_candidates SET joined_at = '2026-01-01T08:00:00.000000Z'");
  g_assert_false (orga_store_delete_cert_session (f->store, orga_cert_session_get_id (other), &error));
  g_assert_error (error, ORGA_CERT_ERROR, ORGA_CERT_ERROR_REFUSED);
  g_clear_error (&error);

  sql_exec (f, "UPDATE cert_candidates SET joined_at = NULL");
  g_assert_true (orga_store_delete_cert_session (f->store, orga_cert_session_get_id (other), &error));
  g_assert_no_error (error);
  g_assert_null (orga_store_get_cert_session (f->store, orga_cert_session_get_id (other), &error));
  g_assert_error (error, ORGA_STORE_ERROR, ORGA_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);
  {
    g_autoptr(GPtrArray) sessions = orga_store_list_cert_sessions (f->store, f->school, &error);

    g_assert_cmpuint (sessions->len, ==, 1);
  }
  /* A tombstone until the server has it. */
  g_assert_cmpint (sql_int (f, "SELECT count(*) FROM cert_sessions WHERE deleted_at IS NOT NULL"), ==, 1);
  g_assert_false (orga_store_delete_cert_session (f->store, orga_cert_session_get_id (other), &error));
  g_assert_error (error, ORGA_STORE_ERROR, ORGA_STORE_ERROR_NOT_FOUND);
}

static void
test_enrol (Fixture       *f,
            gconstpointer  data)
{
  g_autoptr(OrgaCertSession) session = create_session (f, 5);
  g_autoptr(OrgaCertSession) read = NULL;
  g_autoptr(GPtrArray) candidates = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GError) error = NULL;
  gint64 id = orga_cert_session_get_id (session);
  gint64 foreign;
  guint n_added = 99;
  OrgaCertCandidate *c;

  import_students (f);
  {
    gint64 ids[] = { learner_id (f, "1000000002B"), learner_id (f, "1000000001A") };

    g_assert_true (orga_store_enrol_cert_candidates (f->store, id, ids, 2, &n_added, &error));
    g_assert_no_error (error);
    g_assert_cmpuint (n_added, ==, 2);
  }

  candidates = orga_store_list_cert_candidates (f->store, id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (candidates->len, ==, 2);
  /* By name, folded: Dupont before Écrivain. */
  c = g_ptr_array_index (candidates, 0);
  g_assert_cmpstr (c->last_name, ==, "Dupont");
  g_assert_cmpstr (c->first_name, ==, "Léa");
  g_assert_cmpstr (c->birthdate, ==, "2011-04-14");
  g_assert_cmpstr (c->birth_city, ==, "Bordeaux");
  g_assert_cmpstr (c->division, ==, "3A");
  g_assert_cmpstr (c->ine, ==, "1000000001A");
  g_assert_null (c->external_id);
  g_assert_null (c->course_uuid);
  g_assert_cmpstr (((OrgaCertCandidate *) g_ptr_array_index (candidates, 1))->last_name, ==, "Écrivain");
  g_assert_cmpint (sql_int (f, "SELECT count(*) FROM cert_candidates WHERE birth_country = '99100' "
                               "AND birth_insee_code = '33063' AND sex IS NOT NULL"), ==, 2);

  /* Already enrolled: skipped. */
  {
    gint64 ids[] = { learner_id (f, "1000000001A"), learner_id (f, "1000000003C"), learner_id (f, "1000000003C") };

    g_assert_true (orga_store_enrol_cert_candidates (f->store, id, ids, 3, &n_added, &error));
    g_assert_no_error (error);
    g_assert_cmpuint (n_added, ==, 1);
  }
  read = orga_store_get_cert_session (f->store, id, &error);
  g_assert_cmpuint (orga_cert_session_get_n_candidates (read), ==, 3);

  /* A student of another school: refused, and nothing of the batch written. */
  sql_exec (f, "INSERT INTO organizations (uuid, uai, name, kind, created_at, updated_at) "
               "VALUES ('org-2', '0330002B', 'Autre', 'sco', 'x', 'x')");
  sql_exec (f, "INSERT INTO learners (uuid, organization_id, ine, last_name, first_name, birthdate, name_key, created_at, updated_at) "
               "SELECT 'l-foreign', id, '9999999999Z', 'Autre', 'Élève', '2011-01-01', 'autre eleve', 'x', 'x' "
               "FROM organizations WHERE uai = '0330002B'");
  foreign = sql_int (f, "SELECT id FROM learners WHERE ine = '9999999999Z'");
  {
    gint64 ids[] = { learner_id (f, "1000000005E"), foreign };

    g_assert_false (orga_store_enrol_cert_candidates (f->store, id, ids, 2, &n_added, &error));
    g_assert_error (error, ORGA_CERT_ERROR, ORGA_CERT_ERROR_REFUSED);
    g_clear_error (&error);
    g_assert_cmpuint (n_added, ==, 0);
    g_assert_cmpint (sql_int (f, "SELECT count(*) FROM cert_candidates"), ==, 3);

    /* An id that is no student at all: the same. */
    ids[1] = 123456;
    g_assert_false (orga_store_enrol_cert_candidates (f->store, id, ids, 2, &n_added, &error));
    g_assert_error (error, ORGA_CERT_ERROR, ORGA_CERT_ERROR_REFUSED);
    g_clear_error (&error);
    g_assert_cmpint (sql_int (f, "SELECT count(*) FROM cert_candidates"), ==, 3);
  }

  /* A student who has left the school (a later import disabled her):
   * refused with her name, nothing of the batch written. */
  sql_exec (f, "UPDATE learners SET disabled_at = '2026-11-01T00:00:00Z' WHERE ine = '1000000004D'");
  {
    gint64 ids[] = { learner_id (f, "1000000005E"), learner_id (f, "1000000004D") };

    g_assert_false (orga_store_enrol_cert_candidates (f->store, id, ids, 2, &n_added, &error));
    g_assert_error (error, ORGA_CERT_ERROR, ORGA_CERT_ERROR_REFUSED);
    g_assert_nonnull (strstr (error->message, "Jean Bernard"));
    g_clear_error (&error);
    g_assert_cmpint (sql_int (f, "SELECT count(*) FROM cert_candidates"), ==, 3);
  }
  sql_exec (f, "UPDATE learners SET disabled_at = NULL WHERE ine = '1000000004D'");

  /* The enrolment dialog's rows: the class, the enrolled marked. */
  rows = orga_store_list_cert_enrolment (f->store, id, "3A", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (rows->len, ==, 5);
  for (guint i = 0; i < rows->len; i++)
    {
      OrgaCertEnrolmentRow *row = g_ptr_array_index (rows, i);
      gboolean expected = g_str_equal (row->last_name, "Dupont") || g_str_equal (row->last_name, "Écrivain") ||
                          g_str_equal (row->last_name, "Martin");

      g_assert_cmpint (row->is_enrolled, ==, expected);
      g_assert_cmpint (row->certifiable, ==, -1);
    }
  {
    g_auto(GStrv) divisions = orga_store_list_cert_divisions (f->store, f->school, &error);

    g_assert_no_error (error);
    g_assert_cmpuint (g_strv_length (divisions), ==, 2);
    g_assert_cmpstr (divisions[0], ==, "3A");
  }

  /* Finalized: refused. */
  sql_exec (f, "UPDATE cert_sessions SET finalized_at = '2026-01-01T00:00:00.000000Z'");
  {
    gint64 ids[] = { learner_id (f, "1000000005E") };

    g_assert_false (orga_store_enrol_cert_candidates (f->store, id, ids, 1, &n_added, &error));
    g_assert_error (error, ORGA_CERT_ERROR, ORGA_CERT_ERROR_REFUSED);
  }
}

static void
test_remove (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(OrgaCertSession) session = create_session (f, 5);
  g_autoptr(GPtrArray) candidates = NULL;
  g_autoptr(GError) error = NULL;
  gint64 id = orga_cert_session_get_id (session);
  gint64 first, second;

  import_students (f);
  {
    gint64 ids[] = { learner_id (f, "1000000001A"), learner_id (f, "1000000002B") };

    g_assert_true (orga_store_enrol_cert_candidates (f->store, id, ids, 2, NULL, &error));
  }
  first = sql_int (f, "SELECT min(id) FROM cert_candidates");
  second = sql_int (f, "SELECT max(id) FROM cert_candidates");

  g_assert_true (orga_store_remove_cert_candidate (f->store, first, &error));
  g_assert_no_error (error);
  candidates = orga_store_list_cert_candidates (f->store, id, &error);
  g_assert_cmpuint (candidates->len, ==, 1);
  g_assert_false (orga_store_remove_cert_candidate (f->store, first, &error));
  g_assert_error (error, ORGA_STORE_ERROR, ORGA_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);

  /* Removed, the student can be enrolled again. */
  {
    gint64 ids[] = { learner_id (f, "1000000001A") };
    guint n_added = 0;

    g_assert_true (orga_store_enrol_cert_candidates (f->store, id, ids, 1, &n_added, &error));
    g_assert_cmpuint (n_added, ==, 1);
  }

  /* Joined: refused. */
  {
    g_autofree char *sql = g_strdup_printf ("UPDATE cert_candidates SET joined_at = 'x' WHERE id = %" G_GINT64_FORMAT, second);

    sql_exec (f, sql);
  }
  g_assert_false (orga_store_remove_cert_candidate (f->store, second, &error));
  g_assert_error (error, ORGA_CERT_ERROR, ORGA_CERT_ERROR_REFUSED);
  g_assert_cmpint (sql_int (f, "SELECT count(*) FROM cert_candidates WHERE removed_at IS NULL"), ==, 2);
}

/* ---- courses as a pull leaves them -------------------------------------- */

static int course_number = 100000;

/* A course for the candidate of @ine in session @session_id. */
static void
add_course (Fixture    *f,
            gint64      session_id,
            const char *ine,
            const char *status,
            const char *started_at,
            gboolean    completed)
{
  g_autofree char *sql = NULL;
  gint64 candidate;

  sql = g_strdup_printf ("SELECT id FROM cert_candidates WHERE session_id = %" G_GINT64_FORMAT
                         " AND learner_id = (SELECT id FROM learners WHERE ine = '%s')", session_id, ine);
  candidate = sql_int (f, sql);
  g_free (sql);
  course_number++;
  sql = g_strdup_printf ("INSERT INTO cert_courses (uuid, organization_id, number, session_id, candidate_id, learner_id, "
                         "started_at, completed_at, status, pix_score, levels, verification_code) "
                         "SELECT 'course-%d', organization_id, %d, %" G_GINT64_FORMAT ", %" G_GINT64_FORMAT ", learner_id, "
                         "'%s', %s, '%s', %d, '%s', 'P-BCDFGH%02d' FROM cert_candidates WHERE id = %" G_GINT64_FORMAT,
                         course_number, course_number, session_id, candidate, started_at,
                         completed ? "'2026-01-01T09:00:00.000000Z'" : "NULL", status,
                         g_str_equal (status, "validated") ? 312 : 0,
                         g_str_equal (status, "validated") ? "3,2,2,1,0,-1,4,3,2,2,1,1,2,3,-1,2"
                         : g_str_equal (status, "rejected") ? "0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0" : "",
                         course_number % 100, candidate);
  sql_exec (f, sql);
  g_free (sql);
  sql = g_strdup_printf ("UPDATE cert_candidates SET joined_at = '%s' WHERE id = %" G_GINT64_FORMAT, started_at, candidate);
  sql_exec (f, sql);
}

static gint64
enrolled_session (Fixture       *f,
                  const char   **ines,
                  guint          n)
{
  g_autoptr(OrgaCertSession) session = create_session (f, 5);
  g_autoptr(GError) error = NULL;
  g_autofree gint64 *ids = g_new (gint64, n);

  for (guint i = 0; i < n; i++)
    ids[i] = learner_id (f, ines[i]);
  g_assert_true (orga_store_enrol_cert_candidates (f->store, orga_cert_session_get_id (session), ids, n, NULL, &error));
  g_assert_no_error (error);
  return orga_cert_session_get_id (session);
}

static void
test_finalize (Fixture       *f,
               gconstpointer  data)
{
  const char *ines[] = { "1000000001A", "1000000002B", "1000000003C" };
  g_autoptr(GError) error = NULL;
  g_autoptr(OrgaCertSession) read = NULL;
  g_autoptr(GPtrArray) reports = NULL;
  gint64 id, empty;
  OrgaCertReport report = { .category = "NON_BLOCKING_CANDIDATE_ISSUE", .description = "Retard de 10 minutes" };
  OrgaCertCourseReport courses[2] = {
    { .course_uuid = NULL, .has_seen_end_test_screen = TRUE, .reports = &report, .n_reports = 1 },
    { .course_uuid = NULL },
  };
  OrgaCertFinalization finalization = {
    .courses = courses,
    .n_courses = 2,
    .examiner_global_comment = "  RAS ",
    .has_incident = TRUE,
  };
  g_autofree char *first = NULL;
  g_autofree char *second = NULL;

  import_students (f);
  empty = enrolled_session (f, ines, 1);
  id = enrolled_session (f, ines, 3);
  add_course (f, id, "1000000001A", "started", "2026-01-01T08:10:00.000000Z", TRUE);
  add_course (f, id, "1000000002B", "started", "2026-01-01T08:10:00.000000Z", FALSE);
  first = sql_text (f, "SELECT uuid FROM cert_courses WHERE completed_at IS NOT NULL");
  second = sql_text (f, "SELECT uuid FROM cert_courses WHERE completed_at IS NULL");
  courses[0].course_uuid = first;
  courses[1].course_uuid = second;

  /* No certification started: refused. */
  g_assert_false (orga_store_finalize_cert_session (f->store, empty, &(OrgaCertFinalization) { 0 }, "Anne", &error));
  g_assert_error (error, ORGA_CERT_ERROR, ORGA_CERT_ERROR_REFUSED);
  g_clear_error (&error);

  /* The unfinished course without an abort reason: refused, nothing written. */
  g_assert_false (orga_store_finalize_cert_session (f->store, id, &finalization, "Anne", &error));
  g_assert_nonnull (error);
  g_clear_error (&error);
  g_assert_cmpint (sql_int (f, "SELECT count(*) FROM cert_reports"), ==, 0);
  g_assert_cmpint (sql_int (f, "SELECT count(*) FROM cert_sessions WHERE finalized_at IS NOT NULL"), ==, 0);

  /* A course of another session: refused. */
  courses[1].course_uuid = "not-a-course";
  g_assert_false (orga_store_finalize_cert_session (f->store, id, &finalization, "Anne", &error));
  g_assert_error (error, ORGA_CERT_ERROR, ORGA_CERT_ERROR_REFUSED);
  g_clear_error (&error);
  courses[1].course_uuid = second;

  courses[1].abort_reason = "technical";
  g_assert_true (orga_store_finalize_cert_session (f->store, id, &finalization, "Anne", &error));
  g_assert_no_error (error);
  read = orga_store_get_cert_session (f->store, id, &error);
  g_assert_cmpint (orga_cert_session_get_status (read), ==, ORGA_CERT_SESSION_FINALIZED);
  g_assert_cmpstr (orga_cert_session_get_examiner_global_comment (read), ==, "RAS");
  g_assert_true (orga_cert_session_get_has_incident (read));
  g_assert_false (orga_cert_session_get_has_joining_issue (read));
  g_assert_cmpuint (orga_cert_session_get_n_started (read), ==, 2);
  g_assert_cmpint (sql_int (f, "SELECT count(*) FROM cert_courses WHERE abort_reason = 'technical'"), ==, 1);
  g_assert_cmpint (sql_int (f, "SELECT count(*) FROM cert_courses WHERE has_seen_end_test_screen = 1"), ==, 1);
  /* The candidates read back how their course was reported. */
  {
    g_autoptr(GPtrArray) candidates = orga_store_list_cert_candidates (f->store, id, &error);

    g_assert_no_error (error);
    g_assert_cmpuint (candidates->len, ==, 3);
    for (guint i = 0; i < candidates->len; i++)
      {
        OrgaCertCandidate *c = g_ptr_array_index (candidates, i);

        g_assert_cmpint (c->has_seen_end_test_screen, ==, g_strcmp0 (c->course_uuid, first) == 0);
        g_assert_cmpstr (c->abort_reason, ==, g_strcmp0 (c->course_uuid, second) == 0 ? "technical" : NULL);
      }
  }

  reports = orga_store_list_cert_reports (f->store, first, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (reports->len, ==, 1);
  g_assert_cmpstr (((OrgaCertReport *) g_ptr_array_index (reports, 0))->category, ==, "NON_BLOCKING_CANDIDATE_ISSUE");
  g_assert_cmpstr (((OrgaCertReport *) g_ptr_array_index (reports, 0))->description, ==, "Retard de 10 minutes");

  /* Twice: refused. */
  g_assert_false (orga_store_finalize_cert_session (f->store, id, &finalization, "Anne", &error));
  g_assert_nonnull (error);
  g_clear_error (&error);
  g_assert_cmpint (sql_int (f, "SELECT count(*) FROM cert_reports"), ==, 1);
}

/* ---- results ------------------------------------------------------------ */

static void
publish (Fixture *f,
         gint64   session_id,
         gint64   number)
{
  g_autofree char *sql = g_strdup_printf ("UPDATE cert_sessions SET finalized_at = '2026-01-02T00:00:00.000000Z', "
                                          "published_at = '2026-01-09T15:00:00.000000Z', number = %" G_GINT64_FORMAT
                                          " WHERE id = %" G_GINT64_FORMAT, number, session_id);

  sql_exec (f, sql);
}

static void
assert_names (OrgaCertResultSet *set,
              const char        *expected)
{
  g_autoptr(GString) got = g_string_new (NULL);

  for (guint i = 0; i < orga_cert_result_set_get_n (set); i++)
    {
      const OrgaCertResult *r = orga_cert_result_set_get (set, i);

      g_string_append_printf (got, "%s%s:%s", i > 0 ? " " : "", r->last_name, orga_cert_status_to_string (r->status));
    }
  g_assert_cmpstr (got->str, ==, expected);
}

static OrgaCertResultSet *
load (Fixture            *f,
      const char         *division,
      OrgaCertResultsFor  what)
{
  g_autoptr(GError) error = NULL;
  OrgaCertResultSet *set = orga_store_load_cert_results (f->store, f->school, division, what, &error);

  g_assert_no_error (error);
  g_assert_nonnull (set);
  return set;
}

static void
test_results (Fixture       *f,
              gconstpointer  data)
{
  /* Dupont: rejected then validated (latest); Écrivain: disabled
   * later; Martin: cancelled; Bernard: 3B; Zidane: unpublished
   * session only; Petit: started in the unpublished session. */
  const char *ines[] = { "1000000001A", "1000000002B", "1000000003C", "1000000004D" };
  const char *later_ines[] = { "1000000001A", "1000000005E", "1000000006F" };
  g_autoptr(OrgaCertResultSet) csv = NULL;
  g_autoptr(OrgaCertResultSet) attestations = NULL;
  g_autoptr(OrgaCertResultSet) lsu = NULL;
  g_autoptr(OrgaCertResultSet) all = NULL;
  g_autoptr(OrgaCertResultSet) none = NULL;
  const OrgaCertResult *r;
  gint64 first, second, unpublished;

  import_students (f);
  g_assert_null (orga_store_latest_cert_result_division (f->store, f->school, NULL));
  first = enrolled_session (f, ines, 4);
  add_course (f, first, "1000000001A", "rejected", "2026-01-01T08:10:00.000000Z", TRUE);
  add_course (f, first, "1000000002B", "validated", "2026-01-01T08:10:00.000000Z", TRUE);
  add_course (f, first, "1000000003C", "cancelled", "2026-01-01T08:10:00.000000Z", TRUE);
  add_course (f, first, "1000000004D", "validated", "2026-01-01T08:10:00.000000Z", TRUE);
  publish (f, first, 1001);
  second = enrolled_session (f, ines, 1);
  add_course (f, second, "1000000001A", "validated", "2026-03-01T08:10:00.000000Z", TRUE);
  publish (f, second, 1002);
  unpublished = enrolled_session (f, later_ines + 1, 2);
  add_course (f, unpublished, "1000000005E", "validated", "2026-04-01T08:10:00.000000Z", TRUE);
  add_course (f, unpublished, "1000000006F", "started", "2026-04-01T08:10:00.000000Z", FALSE);
  sql_exec (f, "UPDATE learners SET disabled_at = '2026-05-01T00:00:00.000000Z' WHERE ine = '1000000002B'");

  /* Where the results view opens: the class of the latest published
   * result, the student's class now. */
  sql_exec (f, "UPDATE cert_sessions SET published_at = '2026-06-01T00:00:00.000000Z' WHERE number = 1002");
  {
    g_autofree char *latest = orga_store_latest_cert_result_division (f->store, f->school, NULL);

    g_assert_cmpstr (latest, ==, "3A");
  }
  sql_exec (f, "UPDATE learners SET division = '3C' WHERE ine = '1000000001A'");
  {
    g_autofree char *latest = orga_store_latest_cert_result_division (f->store, f->school, NULL);

    g_assert_cmpstr (latest, ==, "3C");
  }
  sql_exec (f, "UPDATE learners SET division = '3A' WHERE ine = '1000000001A'");
  sql_exec (f, "UPDATE cert_sessions SET published_at = '2026-01-09T15:00:00.000000Z' WHERE number = 1002");

  /* The class typed in another case; the latest course only. */
  csv = load (f, "3a", ORGA_CERT_RESULTS_CSV);
  assert_names (csv, "Dupont:validated Martin:cancelled");
  r = orga_cert_result_set_get (csv, 0);
  g_assert_cmpint (r->session_number, ==, 1002);
  g_assert_cmpstr (r->session_date, ==, "2026-03-01");
  g_assert_cmpstr (r->first_name, ==, "Léa");
  g_assert_cmpstr (r->birthplace, ==, "Bordeaux");
  g_assert_cmpstr (r->ine, ==, "1000000001A");
  g_assert_cmpstr (r->division, ==, "3A");
  g_assert_cmpstr (r->certification_center, ==, "Collège Jean Moulin");
  g_assert_cmpstr (r->published_at, ==, "2026-01-09T15:00:00.000000Z");
  g_assert_true (r->published);
  g_assert_cmpint (r->pix_score, ==, 312);
  g_assert_cmpint (r->levels[0], ==, 3);
  g_assert_cmpint (r->levels[5], ==, -1);
  g_assert_true (r->tested[4]);
  g_assert_false (r->tested[5]);
  g_assert_nonnull (r->verification_code);
  r = orga_cert_result_set_get (csv, 1);
  g_assert_false (r->tested[0]);

  /* Validated only. */
  attestations = load (f, "3A", ORGA_CERT_RESULTS_ATTESTATIONS);
  assert_names (attestations, "Dupont:validated");

  /* Not cancelled, published or not. */
  lsu = load (f, "3A", ORGA_CERT_RESULTS_LSU);
  assert_names (lsu, "Dupont:validated Petit:started Zidane:validated");
  g_assert_false (orga_cert_result_set_get (lsu, 2)->published);

  all = load (f, NULL, ORGA_CERT_RESULTS_CSV);
  assert_names (all, "Bernard:validated Dupont:validated Martin:cancelled");

  none = load (f, "4C", ORGA_CERT_RESULTS_CSV);
  g_assert_cmpuint (orga_cert_result_set_get_n (none), ==, 0);
}

/* ---- readiness ---------------------------------------------------------- */

/* A shared profiles collection of the student of @ine, @n_level_1
 * competences with 10 pix (level 1), the others with 4. */
static void
add_profile (Fixture    *f,
             const char *ine,
             const char *shared_at,
             guint       n_level_1,
             gboolean    certifiable)
{
  g_autofree char *sql = NULL;
  g_autoptr(GString) blob = g_string_new (NULL);

  for (guint i = 0; i < 16; i++)
    g_string_append (blob, i < n_level_1 ? "0A" : "04");
  if (sql_int (f, "SELECT count(*) FROM campaigns") == 0)
    sql_exec (f, "INSERT INTO campaigns (uuid, organization_id, code, name, name_key, type, owner, owner_key, creator, "
                 "created_at, updated_at) SELECT 'camp-1', id, 'ABCDEFGH1', 'Profils', 'profils', 'PROFILES_COLLECTION', "
                 "'Anne', 'anne', 'Anne', 'x', 'x' FROM organizations WHERE uai = '" UAI "'");
  sql = g_strdup_printf ("INSERT INTO participations (uuid, campaign_id, learner_id, status, created_at, shared_at, "
                         "is_certifiable, results) SELECT '%s-%s', c.id, l.id, 'SHARED', '%s', '%s', %d, X'%s' "
                         "FROM campaigns c, learners l WHERE c.uuid = 'camp-1' AND l.ine = '%s'",
                         ine, shared_at, shared_at, shared_at, certifiable ? 1 : 0, blob->str, ine);
  sql_exec (f, sql);
}

static void
test_readiness (Fixture       *f,
                gconstpointer  data)
{
  const char *enrolled[] = { "1000000003C" };
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GPtrArray) class_3b = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) got = g_string_new (NULL);

  import_students (f);
  /* Dupont: certifiable (6); Écrivain: not (2), an older profile had 7;
   * Martin: not (1), enrolled; Zidane: not (4); Petit: unknown. */
  add_profile (f, "1000000001A", "2026-10-01T10:00:00.000000Z", 6, TRUE);
  add_profile (f, "1000000002B", "2026-09-01T10:00:00.000000Z", 7, TRUE);
  add_profile (f, "1000000002B", "2026-10-02T10:00:00.000000Z", 2, FALSE);
  add_profile (f, "1000000003C", "2026-10-01T10:00:00.000000Z", 1, FALSE);
  add_profile (f, "1000000005E", "2026-10-01T10:00:00.000000Z", 4, FALSE);
  enrolled_session (f, enrolled, 1);

  rows = orga_store_load_cert_readiness (f->store, f->school, "3A", &error);
  g_assert_no_error (error);
  for (guint i = 0; i < rows->len; i++)
    {
      OrgaCertReadinessRow *row = g_ptr_array_index (rows, i);

      g_string_append_printf (got, "%s%s:%d:%u:%s:%d", i > 0 ? " " : "", row->last_name, row->certifiable,
                              row->competences_at_level_1, row->certifiable_at ? row->certifiable_at : "-",
                              row->enrolled);
    }
  g_assert_cmpstr (got->str, ==,
                   "Écrivain:0:2:2026-10-02:0 Zidane:0:4:2026-10-01:0 Martin:0:1:2026-10-01:1 "
                   "Petit:-1:0:-:0 Dupont:1:6:2026-10-01:0");

  class_3b = orga_store_load_cert_readiness (f->store, f->school, "3B", &error);
  g_assert_cmpuint (class_3b->len, ==, 1);
}

/* ---- archives ----------------------------------------------------------- */

static void
test_archive (Fixture       *f,
              gconstpointer  data)
{
  const char *ines[] = { "1000000001A", "1000000002B" };
  g_autoptr(GError) error = NULL;
  gint64 id;

  import_students (f);
  g_assert_cmpuint (orga_store_count_unarchived_cert_results (f->store, f->school, &error), ==, 0);
  id = enrolled_session (f, ines, 2);
  add_course (f, id, "1000000001A", "validated", "2026-01-01T08:10:00.000000Z", TRUE);
  add_course (f, id, "1000000002B", "rejected", "2026-01-01T08:10:00.000000Z", TRUE);
  /* Not published yet: nothing to archive. */
  g_assert_cmpuint (orga_store_count_unarchived_cert_results (f->store, f->school, &error), ==, 0);
  publish (f, id, 1001);
  g_assert_cmpuint (orga_store_count_unarchived_cert_results (f->store, f->school, &error), ==, 2);

  g_assert_true (orga_store_note_archive (f->store, f->school, "/tmp/archive-2026.zip", "Anne", &error));
  g_assert_no_error (error);
  g_assert_cmpuint (orga_store_count_unarchived_cert_results (f->store, f->school, &error), ==, 0);
  g_assert_cmpint (sql_int (f, "SELECT count(*) FROM cert_archives WHERE path = '/tmp/archive-2026.zip'"), ==, 1);

  /* Results published after the archive count again. */
  sql_exec (f, "UPDATE cert_sessions SET published_at = '2999-01-01T00:00:00.000000Z'");
  g_assert_cmpuint (orga_store_count_unarchived_cert_results (f->store, f->school, &error), ==, 2);
}

/* ---- demonstration ------------------------------------------------------ */

static void
test_demo (Fixture       *f,
           gconstpointer  data)
{
  g_autoptr(GPtrArray) sessions = NULL;
  g_autoptr(GPtrArray) candidates = NULL;
  g_autoptr(OrgaCertResultSet) csv = NULL;
  g_autoptr(GError) error = NULL;
  OrgaCertSession *published, *created;

  import_students (f);
  g_assert_true (orga_store_add_demo_cert_data (f->store, f->school, &error));
  g_assert_no_error (error);
  /* Again: replaced, not added. */
  g_assert_true (orga_store_add_demo_cert_data (f->store, f->school, &error));
  g_assert_no_error (error);

  sessions = orga_store_list_cert_sessions (f->store, f->school, &error);
  g_assert_cmpuint (sessions->len, ==, 2);
  created = g_ptr_array_index (sessions, 0);
  published = g_ptr_array_index (sessions, 1);
  g_assert_true (orga_cert_session_get_is_demo (created));
  g_assert_cmpint (orga_cert_session_get_status (created), ==, ORGA_CERT_SESSION_CREATED);
  g_assert_cmpint (orga_cert_session_get_status (published), ==, ORGA_CERT_SESSION_PUBLISHED);
  g_assert_cmpuint (orga_cert_session_get_n_candidates (created), >, 0);
  g_assert_cmpuint (orga_cert_session_get_n_started (published), ==, orga_cert_session_get_n_candidates (published));
  g_assert_cmpuint (orga_cert_session_get_n_started (published), >=, 3);

  candidates = orga_store_list_cert_candidates (f->store, orga_cert_session_get_id (created), &error);
  g_assert_cmpuint (candidates->len, ==, orga_cert_session_get_n_candidates (created));

  /* The published session's results: validated, one rejected, one
   * cancelled, with plausible levels and verification codes. */
  csv = load (f, "3A", ORGA_CERT_RESULTS_CSV);
  g_assert_cmpuint (orga_cert_result_set_get_n (csv), ==, orga_cert_session_get_n_started (published));
  {
    guint validated = 0, rejected = 0, cancelled = 0;

    for (guint i = 0; i < orga_cert_result_set_get_n (csv); i++)
      {
        const OrgaCertResult *r = orga_cert_result_set_get (csv, i);

        g_assert_true (orga_cert_verification_code_is_valid (r->verification_code));
        if (r->status == ORGA_CERT_STATUS_VALIDATED)
          {
            validated++;
            g_assert_cmpint (r->pix_score, >, 0);
            for (guint c = 0; c < ORGA_CERT_N_COMPETENCES; c++)
              {
                g_assert_cmpint (r->levels[c], >=, 0);
                g_assert_cmpint (r->levels[c], <=, 5);
              }
          }
        rejected += r->status == ORGA_CERT_STATUS_REJECTED;
        cancelled += r->status == ORGA_CERT_STATUS_CANCELLED;
      }
    g_assert_cmpuint (validated, >=, 1);
    g_assert_cmpuint (rejected, ==, 1);
    g_assert_cmpuint (cancelled, ==, 1);
  }

  /* Demonstration results are never archived data. */
  g_assert_cmpuint (orga_store_count_unarchived_cert_results (f->store, f->school, &error), ==, 0);

  /* Removing the demonstration data removes them. */
  g_assert_true (orga_store_delete_demo_data (f->store, f->school, &error));
  g_assert_cmpint (sql_int (f, "SELECT count(*) FROM cert_sessions"), ==, 0);
  g_assert_cmpint (sql_int (f, "SELECT count(*) FROM cert_candidates"), ==, 0);
  g_assert_cmpint (sql_int (f, "SELECT count(*) FROM cert_courses"), ==, 0);
}

int
main (int    argc,
      char **argv)
{
  orga_test_init (&argc, &argv);

#define ADD(path, func) g_test_add (path, Fixture, NULL, set_up, func, tear_down)
  ADD ("/store-cert/create", test_create);
  ADD ("/store-cert/update-delete", test_update_delete);
  ADD ("/store-cert/enrol", test_enrol);
  ADD ("/store-cert/remove", test_remove);
  ADD ("/store-cert/finalize", test_finalize);
  ADD ("/store-cert/results", test_results);
  ADD ("/store-cert/readiness", test_readiness);
  ADD ("/store-cert/archive", test_archive);
  ADD ("/store-cert/demo", test_demo);
#undef ADD

  return g_test_run ();
}
