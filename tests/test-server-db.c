/* test-server-db.c: the server's database layer, on SQLite or, with
 * PIXORGA_TEST_PG_URI set (tests/orga-pg.py -- test-server-db), on a
 * real PostgreSQL: the same tests, the same expectations.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <libpq-fe.h>

#include "orga-server-db.h"

static const char *pg_uri;

typedef struct
{
  char *dir;
  char *location;
} Fixture;

/* PostgreSQL: one database for every test, emptied before each. */
static void
reset_postgres (void)
{
  PGconn *conn = PQconnectdb (pg_uri);
  PGresult *result;

  g_assert_cmpint (PQstatus (conn), ==, CONNECTION_OK);
  result = PQexec (conn, "SET client_min_messages = warning; DROP SCHEMA public CASCADE; CREATE SCHEMA public");
  g_assert_cmpint (PQresultStatus (result), ==, PGRES_COMMAND_OK);
  PQclear (result);
  PQfinish (conn);
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  if (pg_uri != NULL)
    {
      reset_postgres ();
      fixture->location = g_strdup (pg_uri);
      return;
    }

  fixture->dir = g_dir_make_tmp ("test-server-db-XXXXXX", NULL);
  g_assert_nonnull (fixture->dir);
  fixture->location = g_build_filename (fixture->dir, "server.db", NULL);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  if (fixture->dir != NULL)
    {
      const char *suffixes[] = { "", "-wal", "-shm" };

      for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
        {
          g_autofree char *path = g_strconcat (fixture->location, suffixes[i], NULL);
          g_unlink (path);
        }
      g_rmdir (fixture->dir);
    }
  g_free (fixture->dir);
  g_free (fixture->location);
}

static OrgaServerDb *
open_db (Fixture *fixture)
{
  g_autoptr(GError) error = NULL;
  OrgaServerDb *db = orga_server_db_open (fixture->location, &error);

  g_assert_no_error (error);
  g_assert_nonnull (db);
  g_assert_cmpint (orga_server_db_is_postgres (db), ==, pg_uri != NULL);
  return db;
}

static void
add_organization (OrgaServerDb *db,
                  const char   *id,
                  const char   *uai,
                  const char   *name)
{
  g_autoptr(GError) error = NULL;
  gint64 changes = -1;

  orga_server_db_execv (db, &changes, &error,
                        "INSERT INTO organizations (id, uai, name, email, kind, created_at, updated_at)"
                        " VALUES ($1, $2, $3, NULL, 'sco', '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z')",
                        id, uai, name, ORGA_SERVER_DB_END);
  g_assert_no_error (error);
  g_assert_cmpint (changes, ==, 1);
}

static gint64
count_organizations (OrgaServerDb *db)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(OrgaServerRows) rows = orga_server_db_queryv (db, &error,
                                                          "SELECT COUNT(*) FROM organizations",
                                                          ORGA_SERVER_DB_END);

  g_assert_no_error (error);
  g_assert_cmpuint (orga_server_rows_get_n_rows (rows), ==, 1);
  return orga_server_rows_get_int (rows, 0, 0);
}

/* Whatever a client sends is stored and read back byte for byte. */
static void
test_params_verbatim (Fixture       *fixture,
                      gconstpointer  data)
{
  const char *texts[] = {
    "Robert'); DROP TABLE organizations; --",
    "\" OR 1=1 -- ",
    "back\\slash \\x00 %s %n _%",
    "$1 $2 ? :name @p",
    "Lycée Saint-Exupéry — « Été » 𝄞 中文 🎓",
    "line\nbreak\ttab\r",
    "",
    "   spaces kept   ",
  };
  g_autoptr(OrgaServerDb) db = open_db (fixture);
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
    {
      g_autofree char *id = g_strdup_printf ("id-%u", i);
      g_autoptr(OrgaServerRows) rows = NULL;
      const char *params[] = { id, texts[i], NULL };

      g_assert_true (orga_server_db_exec (db,
                                          "INSERT INTO organizations (id, uai, name, email, kind, created_at, updated_at)"
                                          " VALUES ($1, $2, $2, $3, 'agri', '2026-01-01', '2026-01-01')",
                                          params, 3, NULL, &error));
      g_assert_no_error (error);

      /* The parameter in a WHERE finds it exactly, not as a pattern. */
      rows = orga_server_db_queryv (db, &error,
                                    "SELECT id, uai, name, email, kind FROM organizations WHERE name = $1",
                                    texts[i], ORGA_SERVER_DB_END);
      g_assert_no_error (error);
      g_assert_cmpuint (orga_server_rows_get_n_rows (rows), ==, 1);
      g_assert_cmpuint (orga_server_rows_get_n_columns (rows), ==, 5);
      g_assert_cmpstr (orga_server_rows_get (rows, 0, 0), ==, id);
      g_assert_cmpstr (orga_server_rows_get (rows, 0, 1), ==, texts[i]);
      g_assert_cmpstr (orga_server_rows_get (rows, 0, 2), ==, texts[i]);
      g_assert_null (orga_server_rows_get (rows, 0, 3));
      g_assert_cmpstr (orga_server_rows_get (rows, 0, 4), ==, "agri");
    }

  /* Nothing was dropped, everything is there. */
  g_assert_cmpint (count_organizations (db), ==, G_N_ELEMENTS (texts));
  {
    g_autoptr(OrgaServerRows) rows = orga_server_db_queryv (db, &error,
                                                            "SELECT COUNT(*) FROM users", ORGA_SERVER_DB_END);
    g_assert_no_error (error);
    g_assert_cmpint (orga_server_rows_get_int (rows, 0, 0), ==, 0);
  }

  /* The empty text is not NULL. */
  {
    g_autoptr(OrgaServerRows) rows = orga_server_db_queryv (db, &error,
                                                            "SELECT COUNT(*) FROM organizations WHERE email IS NULL AND name = $1",
                                                            "", ORGA_SERVER_DB_END);
    g_assert_no_error (error);
    g_assert_cmpint (orga_server_rows_get_int (rows, 0, 0), ==, 1);
  }
}

static void
test_params_order_and_numbers (Fixture       *fixture,
                               gconstpointer  data)
{
  g_autoptr(OrgaServerDb) db = open_db (fixture);
  g_autoptr(GError) error = NULL;
  g_autoptr(OrgaServerRows) rows = NULL;
  gint64 changes = -1;

  add_organization (db, "a", "0330001A", "A");
  add_organization (db, "b", "0330002B", "B");
  add_organization (db, "c", "0330003C", "C");

  /* $2 before $1, one parameter used twice, integers as text. */
  orga_server_db_execv (db, &changes, &error,
                        "INSERT INTO sign_in_failures (key, failures, first_failure_at) VALUES ($2, $1, $2)",
                        "3", "user:x", ORGA_SERVER_DB_END);
  g_assert_no_error (error);
  g_assert_cmpint (changes, ==, 1);

  orga_server_db_execv (db, &changes, &error,
                        "UPDATE sign_in_failures SET failures = failures + $1 WHERE key = $2 AND failures < $3",
                        "2", "user:x", "10", ORGA_SERVER_DB_END);
  g_assert_no_error (error);
  g_assert_cmpint (changes, ==, 1);

  rows = orga_server_db_queryv (db, &error,
                                "SELECT failures, key FROM sign_in_failures WHERE failures > $1",
                                "4", ORGA_SERVER_DB_END);
  g_assert_no_error (error);
  g_assert_cmpuint (orga_server_rows_get_n_rows (rows), ==, 1);
  g_assert_cmpint (orga_server_rows_get_int (rows, 0, 0), ==, 5);
  g_assert_cmpstr (orga_server_rows_get (rows, 0, 0), ==, "5");
  g_clear_pointer (&rows, orga_server_rows_free);

  /* changes counts every row touched; UPDATE … RETURNING gives them. */
  orga_server_db_execv (db, &changes, &error,
                        "UPDATE organizations SET archived_at = $1 WHERE id <> $2",
                        "2026-02-02", "b", ORGA_SERVER_DB_END);
  g_assert_no_error (error);
  g_assert_cmpint (changes, ==, 2);

  rows = orga_server_db_queryv (db, &error,
                                "UPDATE organizations SET name = name || $1 WHERE archived_at IS NULL RETURNING id, name",
                                " (ouvert)", ORGA_SERVER_DB_END);
  g_assert_no_error (error);
  g_assert_cmpuint (orga_server_rows_get_n_rows (rows), ==, 1);
  g_assert_cmpstr (orga_server_rows_get (rows, 0, 0), ==, "b");
  g_assert_cmpstr (orga_server_rows_get (rows, 0, 1), ==, "B (ouvert)");
  g_clear_pointer (&rows, orga_server_rows_free);

  /* No rows is an answer, not an error. */
  rows = orga_server_db_queryv (db, &error, "SELECT id FROM organizations WHERE uai = $1",
                                "9999999Z", ORGA_SERVER_DB_END);
  g_assert_no_error (error);
  g_assert_nonnull (rows);
  g_assert_cmpuint (orga_server_rows_get_n_rows (rows), ==, 0);
  g_assert_cmpuint (orga_server_rows_get_n_columns (rows), ==, 1);
  g_clear_pointer (&rows, orga_server_rows_free);

  /* The same statement many times (SQLite reuses it): still right. */
  for (int i = 0; i < 50; i++)
    {
      const char *uai = i % 2 ? "0330001A" : "0330003C";

      rows = orga_server_db_queryv (db, &error, "SELECT id FROM organizations WHERE uai = $1",
                                    uai, ORGA_SERVER_DB_END);
      g_assert_no_error (error);
      g_assert_cmpstr (orga_server_rows_get (rows, 0, 0), ==, i % 2 ? "a" : "c");
      g_clear_pointer (&rows, orga_server_rows_free);
    }
}

/* Mistakes in the SQL fail the same way on both databases. */
static void
test_bad_sql (Fixture       *fixture,
              gconstpointer  data)
{
  g_autoptr(OrgaServerDb) db = open_db (fixture);
  g_autoptr(GError) error = NULL;
  g_autoptr(OrgaServerRows) rows = NULL;

  rows = orga_server_db_queryv (db, &error, "SELEC nothing", ORGA_SERVER_DB_END);
  g_assert_null (rows);
  g_assert_error (error, ORGA_SERVER_DB_ERROR, ORGA_SERVER_DB_ERROR_FAILED);
  g_clear_error (&error);

  /* $2 without a second parameter. */
  rows = orga_server_db_queryv (db, &error, "SELECT id FROM organizations WHERE uai = $1 OR uai = $2",
                                "x", ORGA_SERVER_DB_END);
  g_assert_null (rows);
  g_assert_error (error, ORGA_SERVER_DB_ERROR, ORGA_SERVER_DB_ERROR_FAILED);
  g_clear_error (&error);

  /* A parameter the statement does not use (PostgreSQL cannot type it). */
  rows = orga_server_db_queryv (db, &error, "SELECT id FROM organizations WHERE uai = $1",
                                "x", "y", ORGA_SERVER_DB_END);
  g_assert_null (rows);
  g_assert_error (error, ORGA_SERVER_DB_ERROR, ORGA_SERVER_DB_ERROR_FAILED);
  g_clear_error (&error);

  /* Text that is not UTF-8 (PostgreSQL would refuse it, SQLite store it). */
  rows = orga_server_db_queryv (db, &error, "SELECT id FROM organizations WHERE uai = $1",
                                "caf\xe9", ORGA_SERVER_DB_END);
  g_assert_null (rows);
  g_assert_error (error, ORGA_SERVER_DB_ERROR, ORGA_SERVER_DB_ERROR_FAILED);
  g_clear_error (&error);

  /* Two statements in one call with parameters. */
  g_assert_false (orga_server_db_execv (db, NULL, &error,
                                        "DELETE FROM users WHERE id = $1; DELETE FROM organizations",
                                        "x", ORGA_SERVER_DB_END));
  g_assert_error (error, ORGA_SERVER_DB_ERROR, ORGA_SERVER_DB_ERROR_FAILED);
  g_clear_error (&error);

  /* A value the SQL cannot take: an error that does not quote it. */
  rows = orga_server_db_queryv (db, &error,
                                "SELECT COUNT(*) FROM sign_in_failures WHERE failures > CAST($1 AS INTEGER) + 0 * LENGTH($2)",
                                "secret-value", "x", ORGA_SERVER_DB_END);
  if (orga_server_db_is_postgres (db))
    {
      g_assert_null (rows);
      g_assert_error (error, ORGA_SERVER_DB_ERROR, ORGA_SERVER_DB_ERROR_FAILED);
      g_assert_null (strstr (error->message, "secret-value"));
      g_clear_error (&error);
    }
  else
    {
      /* SQLite casts it to 0: no error to quote anything. */
      g_assert_no_error (error);
      g_clear_pointer (&rows, orga_server_rows_free);
    }

  /* The connection is still good. */
  add_organization (db, "a", "0330001A", "A");
  g_assert_cmpint (count_organizations (db), ==, 1);
}

/* orga_server_db_query_batch(): the same rows as one query at a time
 * (NULL values included), the first time (statements not prepared yet)
 * and after (pipelined on PostgreSQL); an error in any query fails the
 * batch, gives no rows, and leaves the connection usable. */
static void
test_query_batch (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(OrgaServerDb) db = open_db (fixture);
  const char *by_uai[] = { "0330002B" };
  const char *none[] = { NULL };
  const char *number[] = { "12" };
  const char *not_a_number[] = { "douze" };
  const char *not_utf8[] = { "caf\xe9" };
  OrgaServerDbQuery queries[] = {
    { "SELECT id, name, email FROM organizations WHERE uai = $1", by_uai, 1 },
    { "SELECT COUNT(*) FROM organizations", none, 0 },
    { "SELECT CAST($1 AS INTEGER) + 1", number, 1 },
  };
  OrgaServerRows *rows[G_N_ELEMENTS (queries)];

  add_organization (db, "a", "0330001A", "A");
  add_organization (db, "b", "0330002B", "Lycée B");

  for (guint round = 0; round < 3; round++)
    {
      g_autoptr(GError) error = NULL;

      g_assert_true (orga_server_db_query_batch (db, G_N_ELEMENTS (queries), queries, rows, &error));
      g_assert_no_error (error);
      g_assert_cmpuint (orga_server_rows_get_n_rows (rows[0]), ==, 1);
      g_assert_cmpstr (orga_server_rows_get (rows[0], 0, 0), ==, "b");
      g_assert_cmpstr (orga_server_rows_get (rows[0], 0, 1), ==, "Lycée B");
      g_assert_null (orga_server_rows_get (rows[0], 0, 2));
      g_assert_cmpint (orga_server_rows_get_int (rows[1], 0, 0), ==, 2);
      g_assert_cmpint (orga_server_rows_get_int (rows[2], 0, 0), ==, 13);
      for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
        orga_server_rows_free (rows[i]);
    }

  /* A query that fails when it runs (PostgreSQL; SQLite casts to 0). */
  queries[2].params = not_a_number;
  {
    g_autoptr(GError) error = NULL;
    gboolean ok = orga_server_db_query_batch (db, G_N_ELEMENTS (queries), queries, rows, &error);

    if (orga_server_db_is_postgres (db))
      {
        g_assert_false (ok);
        g_assert_error (error, ORGA_SERVER_DB_ERROR, ORGA_SERVER_DB_ERROR_FAILED);
        for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
          g_assert_null (rows[i]);
      }
    else
      {
        g_assert_true (ok);
        g_assert_cmpint (orga_server_rows_get_int (rows[2], 0, 0), ==, 1);
        for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
          orga_server_rows_free (rows[i]);
      }
  }

  /* Text that is not UTF-8, as for one query. */
  queries[2].params = not_utf8;
  {
    g_autoptr(GError) error = NULL;

    g_assert_false (orga_server_db_query_batch (db, G_N_ELEMENTS (queries), queries, rows, &error));
    g_assert_error (error, ORGA_SERVER_DB_ERROR, ORGA_SERVER_DB_ERROR_FAILED);
    for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
      g_assert_null (rows[i]);
  }

  /* The connection is still good, pipelined or not. */
  queries[2].params = number;
  {
    g_autoptr(GError) error = NULL;

    g_assert_true (orga_server_db_query_batch (db, G_N_ELEMENTS (queries), queries, rows, &error));
    g_assert_no_error (error);
    g_assert_cmpint (orga_server_rows_get_int (rows[2], 0, 0), ==, 13);
    for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
      orga_server_rows_free (rows[i]);
  }
  add_organization (db, "c", "0330003C", "C");
  g_assert_cmpint (count_organizations (db), ==, 3);
}

/* A connection lost while idle does not fail a pipelined batch: it is
 * run again, one query at a time, on a new connection. */
static void
test_batch_reconnect (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(OrgaServerDb) a = open_db (fixture);
  g_autoptr(OrgaServerDb) b = open_db (fixture);
  const char *none[] = { NULL };
  const OrgaServerDbQuery queries[] = {
    { "SELECT pg_backend_pid()", none, 0 },
    { "SELECT COUNT(*) FROM organizations", none, 0 },
  };
  OrgaServerRows *rows[G_N_ELEMENTS (queries)];
  g_autofree char *pid = NULL;

  add_organization (a, "a", "0330001A", "A");
  for (guint round = 0; round < 4; round++)
    {
      g_autoptr(GError) error = NULL;

      g_assert_true (orga_server_db_query_batch (a, G_N_ELEMENTS (queries), queries, rows, &error));
      g_assert_no_error (error);
      g_assert_cmpint (orga_server_rows_get_int (rows[1], 0, 0), ==, 1);
      if (round == 2)
        g_assert_cmpstr (orga_server_rows_get (rows[0], 0, 0), !=, pid);
      g_free (pid);
      pid = g_strdup (orga_server_rows_get (rows[0], 0, 0));
      for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
        orga_server_rows_free (rows[i]);

      if (round == 1)
        {
          g_autoptr(OrgaServerRows) killed = orga_server_db_queryv (b, &error, "SELECT pg_terminate_backend($1)",
                                                                   pid, ORGA_SERVER_DB_END);

          g_assert_no_error (error);
          g_usleep (200 * 1000);
        }
    }
}

static void
test_constraints (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(OrgaServerDb) db = open_db (fixture);
  g_autoptr(GError) error = NULL;
  const char *now = "2026-01-01T00:00:00Z";

  add_organization (db, "a", "0330001A", "A");

  /* PRIMARY KEY */
  g_assert_false (orga_server_db_execv (db, NULL, &error,
                                        "INSERT INTO organizations (id, uai, name, kind, created_at, updated_at)"
                                        " VALUES ($1, 'X', 'X', 'sco', $2, $2)",
                                        "a", now, ORGA_SERVER_DB_END));
  g_assert_error (error, ORGA_SERVER_DB_ERROR, ORGA_SERVER_DB_ERROR_CONSTRAINT);
  /* No value of the row in the message (it goes to the logs). */
  g_assert_null (strstr (error->message, "0330001A"));
  g_clear_error (&error);

  /* CHECK */
  g_assert_false (orga_server_db_execv (db, NULL, &error,
                                        "INSERT INTO organizations (id, uai, name, kind, created_at, updated_at)"
                                        " VALUES ('b', 'X', 'X', $1, $2, $2)",
                                        "lycée", now, ORGA_SERVER_DB_END));
  g_assert_error (error, ORGA_SERVER_DB_ERROR, ORGA_SERVER_DB_ERROR_CONSTRAINT);
  g_clear_error (&error);

  /* NOT NULL */
  g_assert_false (orga_server_db_execv (db, NULL, &error,
                                        "INSERT INTO organizations (id, uai, name, kind, created_at, updated_at)"
                                        " VALUES ('b', 'X', $1, 'sco', $2, $2)",
                                        NULL, now, ORGA_SERVER_DB_END));
  g_assert_error (error, ORGA_SERVER_DB_ERROR, ORGA_SERVER_DB_ERROR_CONSTRAINT);
  g_clear_error (&error);

  /* UNIQUE (users.email) */
  g_assert_true (orga_server_db_execv (db, NULL, &error,
                                       "INSERT INTO users (id, email, first_name, last_name, password_hash, created_at, updated_at)"
                                       " VALUES ('u1', $1, 'A', 'B', 'h', $2, $2)",
                                       "secret.person@example.org", now, ORGA_SERVER_DB_END));
  g_assert_no_error (error);
  g_assert_false (orga_server_db_execv (db, NULL, &error,
                                        "INSERT INTO users (id, email, first_name, last_name, password_hash, created_at, updated_at)"
                                        " VALUES ('u2', $1, 'A', 'B', 'h', $2, $2)",
                                        "secret.person@example.org", now, ORGA_SERVER_DB_END));
  g_assert_error (error, ORGA_SERVER_DB_ERROR, ORGA_SERVER_DB_ERROR_CONSTRAINT);
  g_assert_null (strstr (error->message, "secret.person"));
  g_clear_error (&error);

  /* FOREIGN KEY */
  g_assert_false (orga_server_db_execv (db, NULL, &error,
                                        "INSERT INTO memberships (id, organization_id, user_id, role, created_at, updated_at)"
                                        " VALUES ('m1', $1, 'u1', 'ADMIN', $2, $2)",
                                        "no-such-school", now, ORGA_SERVER_DB_END));
  g_assert_error (error, ORGA_SERVER_DB_ERROR, ORGA_SERVER_DB_ERROR_CONSTRAINT);
  g_clear_error (&error);

  g_assert_cmpint (count_organizations (db), ==, 1);
}

static void
test_transactions (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(OrgaServerDb) db = open_db (fixture);
  g_autoptr(GError) error = NULL;

  /* Harmless outside a transaction. */
  orga_server_db_rollback (db);
  g_assert_false (orga_server_db_commit (db, &error));
  g_assert_error (error, ORGA_SERVER_DB_ERROR, ORGA_SERVER_DB_ERROR_FAILED);
  g_clear_error (&error);

  g_assert_true (orga_server_db_begin (db, &error));
  g_assert_no_error (error);
  /* No nesting. */
  g_assert_false (orga_server_db_begin (db, &error));
  g_assert_error (error, ORGA_SERVER_DB_ERROR, ORGA_SERVER_DB_ERROR_FAILED);
  g_clear_error (&error);
  add_organization (db, "a", "0330001A", "A");
  add_organization (db, "b", "0330002B", "B");
  g_assert_cmpint (count_organizations (db), ==, 2);
  orga_server_db_rollback (db);
  g_assert_cmpint (count_organizations (db), ==, 0);

  g_assert_true (orga_server_db_begin (db, &error));
  add_organization (db, "a", "0330001A", "A");
  g_assert_true (orga_server_db_commit (db, &error));
  g_assert_no_error (error);
  g_assert_cmpint (count_organizations (db), ==, 1);

  /* An error inside: the caller rolls back, nothing of it stays, the
   * connection goes on. */
  g_assert_true (orga_server_db_begin (db, &error));
  add_organization (db, "b", "0330002B", "B");
  g_assert_false (orga_server_db_execv (db, NULL, &error,
                                        "INSERT INTO organizations (id, uai, name, kind, created_at, updated_at)"
                                        " VALUES ($1, 'X', 'X', 'sco', 'now', 'now')",
                                        "a", ORGA_SERVER_DB_END));
  g_assert_error (error, ORGA_SERVER_DB_ERROR, ORGA_SERVER_DB_ERROR_CONSTRAINT);
  g_clear_error (&error);
  orga_server_db_rollback (db);
  g_assert_cmpint (count_organizations (db), ==, 1);

  /* A commit of a failed transaction fails and rolls it all back, on
   * both (PostgreSQL would; SQLite is made to). */
  g_assert_true (orga_server_db_begin (db, &error));
  add_organization (db, "b", "0330002B", "B");
  g_assert_false (orga_server_db_execv (db, NULL, &error, "INSERT INTO nowhere VALUES ($1)",
                                        "x", ORGA_SERVER_DB_END));
  g_clear_error (&error);
  /* Nothing more runs in it. */
  g_assert_false (orga_server_db_execv (db, NULL, &error, "SELECT 1", ORGA_SERVER_DB_END));
  g_assert_error (error, ORGA_SERVER_DB_ERROR, ORGA_SERVER_DB_ERROR_FAILED);
  g_clear_error (&error);
  g_assert_false (orga_server_db_commit (db, &error));
  g_assert_error (error, ORGA_SERVER_DB_ERROR, ORGA_SERVER_DB_ERROR_FAILED);
  g_clear_error (&error);
  g_assert_cmpint (count_organizations (db), ==, 1);

  /* After all this, a new transaction works. */
  g_assert_true (orga_server_db_begin (db, &error));
  g_assert_no_error (error);
  add_organization (db, "z", "0330009Z", "Z");
  g_assert_true (orga_server_db_commit (db, &error));
  g_assert_no_error (error);
}

static gint64
schema_version (OrgaServerDb *db,
                gint64       *n_rows)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(OrgaServerRows) rows = orga_server_db_queryv (db, &error,
                                                          "SELECT MAX(version), COUNT(*) FROM schema_version",
                                                          ORGA_SERVER_DB_END);

  g_assert_no_error (error);
  if (n_rows != NULL)
    *n_rows = orga_server_rows_get_int (rows, 0, 1);
  return orga_server_rows_get_int (rows, 0, 0);
}

static void
test_migration_idempotent (Fixture       *fixture,
                           gconstpointer  data)
{
  g_autoptr(OrgaServerDb) db = open_db (fixture);
  gint64 version, n_rows, again, again_rows;

  version = schema_version (db, &n_rows);
  g_assert_cmpint (version, >=, 1);
  g_assert_cmpint (n_rows, ==, version);
  add_organization (db, "a", "0330001A", "A");
  g_clear_object (&db);

  /* Opened again: nothing run twice, the data is still there. */
  for (int i = 0; i < 3; i++)
    {
      db = open_db (fixture);
      again = schema_version (db, &again_rows);
      g_assert_cmpint (again, ==, version);
      g_assert_cmpint (again_rows, ==, n_rows);
      g_assert_cmpint (count_organizations (db), ==, 1);
      g_clear_object (&db);
    }
}

static void
test_too_new (Fixture       *fixture,
              gconstpointer  data)
{
  g_autoptr(OrgaServerDb) db = open_db (fixture);
  g_autoptr(GError) error = NULL;
  g_autoptr(OrgaServerDb) again = NULL;
  gint64 version = schema_version (db, NULL);
  g_autofree char *newer = g_strdup_printf ("%" G_GINT64_FORMAT, version + 1);

  add_organization (db, "a", "0330001A", "A");
  g_assert_true (orga_server_db_execv (db, NULL, &error,
                                       "INSERT INTO schema_version (version) VALUES ($1)",
                                       newer, ORGA_SERVER_DB_END));
  g_assert_no_error (error);

  again = orga_server_db_open (fixture->location, &error);
  g_assert_null (again);
  g_assert_error (error, ORGA_SERVER_DB_ERROR, ORGA_SERVER_DB_ERROR_TOO_NEW);
  g_assert_nonnull (strstr (error->message, "newer"));
  g_clear_error (&error);

  /* Left as it was. */
  g_assert_cmpint (schema_version (db, NULL), ==, version + 1);
  g_assert_cmpint (count_organizations (db), ==, 1);
}

static void
test_two_connections (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(OrgaServerDb) a = open_db (fixture);
  g_autoptr(OrgaServerDb) b = open_db (fixture);
  g_autoptr(GError) error = NULL;

  add_organization (a, "a", "0330001A", "A");
  g_assert_cmpint (count_organizations (b), ==, 1);

  /* Uncommitted: not seen from the other; committed: seen. */
  g_assert_true (orga_server_db_begin (a, &error));
  add_organization (a, "b", "0330002B", "B");
  g_assert_cmpint (count_organizations (b), ==, 1);
  g_assert_true (orga_server_db_commit (a, &error));
  g_assert_no_error (error);
  g_assert_cmpint (count_organizations (b), ==, 2);

  /* And the other way round, with an update. */
  g_assert_true (orga_server_db_execv (b, NULL, &error,
                                       "UPDATE organizations SET name = $1 WHERE id = 'a'",
                                       "Renommé", ORGA_SERVER_DB_END));
  {
    g_autoptr(OrgaServerRows) rows = orga_server_db_queryv (a, &error,
                                                            "SELECT name FROM organizations WHERE id = $1",
                                                            "a", ORGA_SERVER_DB_END);
    g_assert_no_error (error);
    g_assert_cmpstr (orga_server_rows_get (rows, 0, 0), ==, "Renommé");
  }
}

typedef struct
{
  const char *location;
  GError     *error;
} OpenJob;

static gpointer
open_in_thread (gpointer data)
{
  OpenJob *job = data;
  OrgaServerDb *db = orga_server_db_open (job->location, &job->error);

  g_clear_object (&db);
  return NULL;
}

/* Several processes start at once on an empty database: each migrates
 * or waits for the one that does; the schema is made once. */
static void
test_concurrent_open (Fixture       *fixture,
                      gconstpointer  data)
{
  OpenJob jobs[4];
  GThread *threads[G_N_ELEMENTS (jobs)];
  g_autoptr(OrgaServerDb) db = NULL;
  gint64 version, n_rows;

  for (guint i = 0; i < G_N_ELEMENTS (jobs); i++)
    {
      jobs[i].location = fixture->location;
      jobs[i].error = NULL;
      threads[i] = g_thread_new ("open", open_in_thread, &jobs[i]);
    }
  for (guint i = 0; i < G_N_ELEMENTS (jobs); i++)
    {
      g_thread_join (threads[i]);
      g_assert_no_error (jobs[i].error);
    }

  db = open_db (fixture);
  version = schema_version (db, &n_rows);
  g_assert_cmpint (n_rows, ==, version);
}

static void
test_connect_error (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(OrgaServerDb) db = NULL;

  db = orga_server_db_open ("postgresql:///pixorga?host=/nonexistent-folder&port=1&connect_timeout=2", &error);
  g_assert_null (db);
  g_assert_error (error, ORGA_SERVER_DB_ERROR, ORGA_SERVER_DB_ERROR_CONNECT);
  g_assert_nonnull (strstr (error->message, "PostgreSQL"));
  g_clear_error (&error);

  db = orga_server_db_open ("/proc/no-such-folder/server.db", &error);
  g_assert_null (db);
  g_assert_error (error, ORGA_SERVER_DB_ERROR, ORGA_SERVER_DB_ERROR_CONNECT);
  g_clear_error (&error);

  db = orga_server_db_open ("", &error);
  g_assert_null (db);
  g_assert_error (error, ORGA_SERVER_DB_ERROR, ORGA_SERVER_DB_ERROR_CONNECT);
  g_clear_error (&error);

  /* A file that is not a database: refused, left as it is. */
  {
    g_autofree char *dir = g_dir_make_tmp ("test-server-db-XXXXXX", NULL);
    g_autofree char *path = g_build_filename (dir, "notes.txt", NULL);
    g_autofree char *contents = NULL;
    const char *text = "Ceci n’est pas une base de données, mais elle est assez longue pour un en-tête.\n";

    g_assert_true (g_file_set_contents (path, text, -1, NULL));
    db = orga_server_db_open (path, &error);
    g_assert_null (db);
    g_assert_error (error, ORGA_SERVER_DB_ERROR, ORGA_SERVER_DB_ERROR_CONNECT);
    g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
    g_assert_cmpstr (contents, ==, text);
    g_unlink (path);
    g_rmdir (dir);
  }
}

/* PostgreSQL: the server ends our session (a restart, a proxy's idle
 * timeout): the next statement outside a transaction reconnects. */
static void
test_reconnect (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(OrgaServerDb) a = open_db (fixture);
  g_autoptr(OrgaServerDb) b = open_db (fixture);
  g_autoptr(GError) error = NULL;
  g_autoptr(OrgaServerRows) rows = NULL;
  g_autofree char *pid = NULL;

  add_organization (a, "a", "0330001A", "A");
  rows = orga_server_db_queryv (a, &error, "SELECT pg_backend_pid()", ORGA_SERVER_DB_END);
  g_assert_no_error (error);
  pid = g_strdup (orga_server_rows_get (rows, 0, 0));
  g_clear_pointer (&rows, orga_server_rows_free);

  rows = orga_server_db_queryv (b, &error, "SELECT pg_terminate_backend($1)", pid, ORGA_SERVER_DB_END);
  g_assert_no_error (error);
  g_clear_pointer (&rows, orga_server_rows_free);
  g_usleep (200 * 1000);

  g_assert_cmpint (count_organizations (a), ==, 1);

  /* Inside a transaction the loss is the caller's to see. */
  rows = orga_server_db_queryv (a, &error, "SELECT pg_backend_pid()", ORGA_SERVER_DB_END);
  g_assert_no_error (error);
  g_assert_cmpstr (orga_server_rows_get (rows, 0, 0), !=, pid);
  g_clear_pointer (&pid, g_free);
  pid = g_strdup (orga_server_rows_get (rows, 0, 0));
  g_clear_pointer (&rows, orga_server_rows_free);

  g_assert_true (orga_server_db_begin (a, &error));
  add_organization (a, "b", "0330002B", "B");
  rows = orga_server_db_queryv (b, &error, "SELECT pg_terminate_backend($1)", pid, ORGA_SERVER_DB_END);
  g_clear_pointer (&rows, orga_server_rows_free);
  g_usleep (200 * 1000);
  g_assert_false (orga_server_db_execv (a, NULL, &error, "SELECT 1", ORGA_SERVER_DB_END));
  g_assert_error (error, ORGA_SERVER_DB_ERROR, ORGA_SERVER_DB_ERROR_CONNECT);
  g_clear_error (&error);
  orga_server_db_rollback (a);

  g_assert_cmpint (count_organizations (a), ==, 1);
}

/* More distinct statements than either side keeps prepared: still
 * right, inside a transaction and out. */
static void
test_many_statements (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(OrgaServerDb) db = open_db (fixture);
  g_autoptr(GError) error = NULL;

  add_organization (db, "a", "0330001A", "A");
  for (int round = 0; round < 2; round++)
    {
      if (round == 1)
        g_assert_true (orga_server_db_begin (db, &error));
      for (int i = 0; i < 700; i++)
        {
          g_autofree char *sql = g_strdup_printf ("SELECT COUNT(*) + %d FROM organizations WHERE uai <> $1",
                                                  round * 1000 + i);
          g_autoptr(OrgaServerRows) rows = orga_server_db_queryv (db, &error, sql, "x", ORGA_SERVER_DB_END);

          g_assert_no_error (error);
          g_assert_cmpint (orga_server_rows_get_int (rows, 0, 0), ==, round * 1000 + i + 1);
        }
      if (round == 1)
        g_assert_true (orga_server_db_commit (db, &error));
      g_assert_no_error (error);
    }
}

/* PostgreSQL: another process alters a table under a prepared SELECT *:
 * the statement is prepared again, not failed. */
static void
test_altered_table (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(OrgaServerDb) a = open_db (fixture);
  g_autoptr(OrgaServerDb) b = open_db (fixture);
  g_autoptr(GError) error = NULL;
  g_autoptr(OrgaServerRows) rows = NULL;
  guint n_columns;

  add_organization (a, "a", "0330001A", "A");
  rows = orga_server_db_queryv (a, &error, "SELECT * FROM organizations WHERE id = $1", "a", ORGA_SERVER_DB_END);
  g_assert_no_error (error);
  n_columns = orga_server_rows_get_n_columns (rows);
  g_clear_pointer (&rows, orga_server_rows_free);

  g_assert_true (orga_server_db_execv (b, NULL, &error, "ALTER TABLE organizations ADD COLUMN extra TEXT",
                                       ORGA_SERVER_DB_END));
  g_assert_no_error (error);

  rows = orga_server_db_queryv (a, &error, "SELECT * FROM organizations WHERE id = $1", "a", ORGA_SERVER_DB_END);
  g_assert_no_error (error);
  g_assert_cmpuint (orga_server_rows_get_n_columns (rows), ==, n_columns + 1);
}

/* PostgreSQL: a lock not granted in time is BUSY (the caller retries). */
static void
test_busy (Fixture       *fixture,
           gconstpointer  data)
{
  g_autoptr(OrgaServerDb) a = open_db (fixture);
  g_autoptr(OrgaServerDb) b = open_db (fixture);
  g_autoptr(GError) error = NULL;

  add_organization (a, "a", "0330001A", "A");
  g_assert_true (orga_server_db_begin (a, &error));
  g_assert_true (orga_server_db_execv (a, NULL, &error, "UPDATE organizations SET name = 'x' WHERE id = 'a'",
                                       ORGA_SERVER_DB_END));

  g_assert_true (orga_server_db_execv (b, NULL, &error, "SET lock_timeout = '100ms'", ORGA_SERVER_DB_END));
  g_assert_false (orga_server_db_execv (b, NULL, &error, "UPDATE organizations SET name = 'y' WHERE id = 'a'",
                                        ORGA_SERVER_DB_END));
  g_assert_error (error, ORGA_SERVER_DB_ERROR, ORGA_SERVER_DB_ERROR_BUSY);
  g_clear_error (&error);

  g_assert_true (orga_server_db_commit (a, &error));
  g_assert_no_error (error);
}

/* SQLite's synchronous level, or -1 on PostgreSQL. */
static gint64
sqlite_synchronous (OrgaServerDb *db)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(OrgaServerRows) rows = NULL;

  if (orga_server_db_is_postgres (db))
    return -1;
  rows = orga_server_db_queryv (db, &error, "PRAGMA synchronous", ORGA_SERVER_DB_END);
  g_assert_no_error (error);
  return orga_server_rows_get_int (rows, 0, 0);
}

/* Lazy commits still commit: another connection reads them at once. On
 * SQLite only the wait for the disk goes (synchronous NORMAL, then FULL
 * again). */
static void
test_lazy_commits (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(OrgaServerDb) db = open_db (fixture);
  g_autoptr(OrgaServerDb) other = open_db (fixture);
  g_autoptr(GError) error = NULL;

  if (!orga_server_db_is_postgres (db))
    g_assert_cmpint (sqlite_synchronous (db), ==, 2);

  orga_server_db_set_lazy_commits (db, TRUE);
  if (!orga_server_db_is_postgres (db))
    g_assert_cmpint (sqlite_synchronous (db), ==, 1);
  add_organization (db, "a", "0330001A", "A");
  g_assert_cmpint (count_organizations (other), ==, 1);
  g_assert_true (orga_server_db_begin (db, &error));
  add_organization (db, "b", "0330002B", "B");
  g_assert_true (orga_server_db_commit (db, &error));
  g_assert_no_error (error);
  g_assert_cmpint (count_organizations (other), ==, 2);

  orga_server_db_set_lazy_commits (db, FALSE);
  if (!orga_server_db_is_postgres (db))
    g_assert_cmpint (sqlite_synchronous (db), ==, 2);
  add_organization (db, "c", "0330003C", "C");
  g_assert_cmpint (count_organizations (other), ==, 3);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  pg_uri = g_getenv ("PIXORGA_TEST_PG_URI");
  if (pg_uri != NULL && *pg_uri == '\0')
    pg_uri = NULL;

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("/server-db/params/verbatim", test_params_verbatim);
  ADD ("/server-db/params/order-and-numbers", test_params_order_and_numbers);
  ADD ("/server-db/bad-sql", test_bad_sql);
  ADD ("/server-db/query-batch", test_query_batch);
  ADD ("/server-db/constraints", test_constraints);
  ADD ("/server-db/transactions", test_transactions);
  ADD ("/server-db/lazy-commits", test_lazy_commits);
  ADD ("/server-db/migration/idempotent", test_migration_idempotent);
  ADD ("/server-db/migration/too-new", test_too_new);
  ADD ("/server-db/migration/concurrent", test_concurrent_open);
  ADD ("/server-db/two-connections", test_two_connections);
  ADD ("/server-db/connect-error", test_connect_error);
  ADD ("/server-db/many-statements", test_many_statements);
  if (pg_uri != NULL)
    {
      ADD ("/server-db/postgres/reconnect", test_reconnect);
      ADD ("/server-db/postgres/batch-reconnect", test_batch_reconnect);
      ADD ("/server-db/postgres/busy", test_busy);
      ADD ("/server-db/postgres/altered-table", test_altered_table);
    }

  return g_test_run ();
}
