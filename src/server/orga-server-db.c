/* orga-server-db.c
 *
 * The server's one connection: SQLite through the core's OrgaDb, or
 * PostgreSQL through libpq, behind the same few calls. Everything crosses
 * as text, so the SQL above does not care which one runs it.
 *
 * The messages are for operators (logs, the server's stderr), in English,
 * and carry no values from the rows: a PostgreSQL DETAIL ("Key (email)=…")
 * would put personal data in the logs, so only the primary message and
 * the SQLSTATE are kept.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "orga-server-db"

#include "config.h"

#include <libpq-fe.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "orga-db.h"
#include "orga-server-db.h"
#include "orga-server-db-resources.h"

#define SCHEMA_PATH "/io/github/pixorga/server/schema/"

/* pg_advisory_lock's key for the migrations: any constant no other code
 * of ours uses. */
#define MIGRATION_LOCK_KEY "7245012009"

#define MAX_STATEMENTS 512

struct _OrgaServerRows
{
  guint     n_rows;
  guint     n_columns;
  /* PostgreSQL: the result itself; SQLite: n_rows × n_columns pointers
   * into @text, the values copied one after the other (one allocation,
   * not one a value: a team's read has a hundred of them). */
  PGresult *result;
  char    **cells;
  char     *text;
};

struct _OrgaServerDb
{
  GObject     parent_instance;

  OrgaDb     *sqlite;
  GHashTable *statements;      /* SQL → sqlite3_stmt, reused */

  PGconn     *pg;
  GHashTable *prepared;        /* SQL → statement name */
  guint       n_prepared;

  gboolean    in_transaction;
  /* A statement failed inside it: PostgreSQL refuses anything more and
   * turns COMMIT into ROLLBACK; SQLite would commit the rest. Both do as
   * PostgreSQL, so that a handler behaves the same on either. */
  gboolean    transaction_failed;
};

G_DEFINE_FINAL_TYPE (OrgaServerDb, orga_server_db, G_TYPE_OBJECT)

G_DEFINE_QUARK (orga-server-db-error-quark, orga_server_db_error)

/* Rows */

guint
orga_server_rows_get_n_rows (OrgaServerRows *rows)
{
  g_return_val_if_fail (rows != NULL, 0);

  return rows->n_rows;
}

guint
orga_server_rows_get_n_columns (OrgaServerRows *rows)
{
  g_return_val_if_fail (rows != NULL, 0);

  return rows->n_columns;
}

const char *
orga_server_rows_get (OrgaServerRows *rows,
                      guint           row,
                      guint           column)
{
  g_return_val_if_fail (rows != NULL, NULL);
  g_return_val_if_fail (row < rows->n_rows, NULL);
  g_return_val_if_fail (column < rows->n_columns, NULL);

  if (rows->result != NULL)
    {
      if (PQgetisnull (rows->result, (int)row, (int)column))
        return NULL;
      return PQgetvalue (rows->result, (int)row, (int)column);
    }

  return rows->cells[(gsize)row * rows->n_columns + column];
}

/* 0 for NULL or a text that is not a number. */
gint64
orga_server_rows_get_int (OrgaServerRows *rows,
                          guint           row,
                          guint           column)
{
  const char *text = orga_server_rows_get (rows, row, column);

  if (text == NULL)
    return 0;

  return g_ascii_strtoll (text, NULL, 10);
}

void
orga_server_rows_free (OrgaServerRows *rows)
{
  if (rows == NULL)
    return;

  g_clear_pointer (&rows->result, PQclear);
  g_free (rows->cells);
  g_free (rows->text);
  g_free (rows);
}

/* The object */

static void
orga_server_db_finalize (GObject *object)
{
  OrgaServerDb *self = (OrgaServerDb *)object;

  /* The statements before the connection they belong to. */
  g_clear_pointer (&self->statements, g_hash_table_unref);
  g_clear_pointer (&self->prepared, g_hash_table_unref);
  g_clear_object (&self->sqlite);
  g_clear_pointer (&self->pg, PQfinish);

  G_OBJECT_CLASS (orga_server_db_parent_class)->finalize (object);
}

static void
orga_server_db_class_init (OrgaServerDbClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = orga_server_db_finalize;
}

static void
orga_server_db_init (OrgaServerDb *self)
{
}

gboolean
orga_server_db_is_postgres (OrgaServerDb *self)
{
  g_return_val_if_fail (ORGA_IS_SERVER_DB (self), FALSE);

  return self->pg != NULL;
}

static gboolean
is_postgres_uri (const char *location)
{
  return g_str_has_prefix (location, "postgresql://") || g_str_has_prefix (location, "postgres://");
}

/* SQLite */

static OrgaServerDbError
sqlite_error_code (int rc)
{
  switch (rc & 0xFF)
    {
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      return ORGA_SERVER_DB_ERROR_BUSY;
    case SQLITE_CONSTRAINT:
      return ORGA_SERVER_DB_ERROR_CONSTRAINT;
    case SQLITE_CANTOPEN:
      return ORGA_SERVER_DB_ERROR_CONNECT;
    default:
      return ORGA_SERVER_DB_ERROR_FAILED;
    }
}

static gboolean
sqlite_set_error (OrgaServerDb  *self,
                  int            rc,
                  GError       **error)
{
  sqlite3 *handle = orga_db_get_handle (self->sqlite);

  g_set_error (error, ORGA_SERVER_DB_ERROR, sqlite_error_code (rc),
               "SQLite: %s", sqlite3_errmsg (handle));
  return FALSE;
}

/* OrgaDb's errors (its own codes) as ours. */
static void
convert_orga_db_error (GError **error)
{
  if (error == NULL || *error == NULL || (*error)->domain != ORGA_DB_ERROR)
    return;

  (*error)->domain = ORGA_SERVER_DB_ERROR;
  switch ((*error)->code)
    {
    case ORGA_DB_ERROR_BUSY:
      (*error)->code = ORGA_SERVER_DB_ERROR_BUSY;
      break;
    case ORGA_DB_ERROR_CONSTRAINT:
      (*error)->code = ORGA_SERVER_DB_ERROR_CONSTRAINT;
      break;
    case ORGA_DB_ERROR_TOO_NEW:
      (*error)->code = ORGA_SERVER_DB_ERROR_TOO_NEW;
      break;
    default:
      (*error)->code = ORGA_SERVER_DB_ERROR_FAILED;
      break;
    }
}

static gboolean
only_space (const char *text)
{
  for (; text != NULL && *text != '\0'; text++)
    if (!g_ascii_isspace (*text))
      return FALSE;
  return TRUE;
}

/* A statement kept for reuse, with the k of each of its parameters $k,
 * read once when it is prepared: SQLite finds a parameter's name by a
 * walk of its list, and a batch of rows has thousands of them. */
typedef struct
{
  sqlite3_stmt *stmt;
  int count;
  guint *numbers;   /* [i - 1]: the k of parameter i ($k), 0 for any other name */
} SqliteStatement;

static void
sqlite_statement_free (gpointer data)
{
  SqliteStatement *statement = data;

  sqlite3_finalize (statement->stmt);
  g_free (statement->numbers);
  g_free (statement);
}

static SqliteStatement *
sqlite_statement_new (sqlite3_stmt *stmt)
{
  SqliteStatement *statement = g_new0 (SqliteStatement, 1);

  statement->stmt = stmt;
  statement->count = sqlite3_bind_parameter_count (stmt);
  statement->numbers = g_new0 (guint, MAX (statement->count, 1));
  for (int i = 1; i <= statement->count; i++)
    {
      const char *name = sqlite3_bind_parameter_name (stmt, i);
      guint64 number = 0;

      if (name != NULL && name[0] == '$'
          && g_ascii_string_to_unsigned (name + 1, 10, 1, G_MAXUINT, &number, NULL))
        statement->numbers[i - 1] = (guint) number;
    }
  return statement;
}

/* Binds @params to the statement's parameters, which must be $1…$n: a
 * `?`, a `:name` or a $k beyond the parameters given would bind NULL
 * here and fail on PostgreSQL; a parameter the statement does not use
 * PostgreSQL cannot type, and refuses: so do we. */
static gboolean
sqlite_bind_params (SqliteStatement     *statement,
                    const char * const  *params,
                    guint                n_params,
                    GError             **error)
{
  g_autofree guint8 *used = g_new0 (guint8, n_params + 1);
  sqlite3_stmt *stmt = statement->stmt;

  for (int i = 1; i <= statement->count; i++)
    {
      guint number = statement->numbers[i - 1];

      if (number == 0 || number > n_params)
        {
          const char *name = sqlite3_bind_parameter_name (stmt, i);

          g_set_error (error, ORGA_SERVER_DB_ERROR, ORGA_SERVER_DB_ERROR_FAILED,
                       "SQLite: parameter %s has no value (%u given)",
                       name != NULL ? name : "?", n_params);
          sqlite3_clear_bindings (stmt);
          return FALSE;
        }
      used[number] = 1;
      orga_db_bind_text (stmt, i, params[number - 1]);
    }

  for (guint i = 1; i <= n_params; i++)
    if (!used[i])
      {
        g_set_error (error, ORGA_SERVER_DB_ERROR, ORGA_SERVER_DB_ERROR_FAILED,
                     "SQLite: parameter $%u is not used by the statement", i);
        sqlite3_clear_bindings (stmt);
        return FALSE;
      }

  return TRUE;
}

static SqliteStatement *
sqlite_prepare (OrgaServerDb  *self,
                const char    *sql,
                GError       **error)
{
  sqlite3 *handle = orga_db_get_handle (self->sqlite);
  SqliteStatement *statement;
  sqlite3_stmt *stmt;
  const char *tail = NULL;
  int rc;

  statement = g_hash_table_lookup (self->statements, sql);
  if (statement != NULL)
    return statement;

  rc = sqlite3_prepare_v3 (handle, sql, -1, SQLITE_PREPARE_PERSISTENT, &stmt, &tail);
  if (rc != SQLITE_OK)
    {
      sqlite_set_error (self, rc, error);
      return NULL;
    }
  if (stmt == NULL)
    {
      g_set_error_literal (error, ORGA_SERVER_DB_ERROR, ORGA_SERVER_DB_ERROR_FAILED,
                           "SQLite: empty statement");
      return NULL;
    }
  /* PostgreSQL refuses several statements with parameters: so do we,
   * or a statement would run on one database and not on the other. */
  if (!only_space (tail))
    {
      sqlite3_finalize (stmt);
      g_set_error_literal (error, ORGA_SERVER_DB_ERROR, ORGA_SERVER_DB_ERROR_FAILED,
                           "SQLite: more than one statement");
      return NULL;
    }
  /* Dynamic SQL must not grow the cache without end. */
  if (g_hash_table_size (self->statements) >= MAX_STATEMENTS)
    g_hash_table_remove_all (self->statements);
  statement = sqlite_statement_new (stmt);
  g_hash_table_insert (self->statements, g_strdup (sql), statement);
  return statement;
}

static gboolean
sqlite_run (OrgaServerDb        *self,
            const char          *sql,
            const char * const  *params,
            guint                n_params,
            OrgaServerRows     **rows_out,
            gint64              *changes,
            GError             **error)
{
  SqliteStatement *statement = sqlite_prepare (self, sql, error);
  sqlite3_stmt *stmt = statement != NULL ? statement->stmt : NULL;
  g_autoptr(GArray) offsets = NULL;   /* of each value in text, -1 for NULL */
  g_autoptr(GString) text = NULL;
  guint n_columns;
  guint n_rows = 0;
  int rc;

  if (statement == NULL || !sqlite_bind_params (statement, params, n_params, error))
    return FALSE;

  n_columns = (guint)sqlite3_column_count (stmt);
  if (rows_out != NULL)
    {
      /* Room for a team's read without growing. */
      offsets = g_array_sized_new (FALSE, FALSE, sizeof (gssize), 128);
      text = g_string_sized_new (4096);
    }

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      if (offsets == NULL)
        continue;
      for (guint c = 0; c < n_columns; c++)
        {
          const char *value = orga_db_column_text (stmt, (int)c);
          gssize offset = -1;

          if (value != NULL)
            {
              /* Up to a NUL, as a copy by g_strdup() was. */
              offset = (gssize)text->len;
              g_string_append_len (text, value, (gssize)strlen (value) + 1);
            }
          g_array_append_val (offsets, offset);
        }
      n_rows++;
    }

  if (rc != SQLITE_DONE)
    {
      sqlite_set_error (self, rc, error);
      sqlite3_reset (stmt);
      sqlite3_clear_bindings (stmt);
      return FALSE;
    }

  if (changes != NULL)
    *changes = sqlite3_changes64 (orga_db_get_handle (self->sqlite));
  /* The parameters are bound SQLITE_STATIC: nothing may point at them
   * once we return. */
  sqlite3_reset (stmt);
  sqlite3_clear_bindings (stmt);

  if (rows_out != NULL)
    {
      OrgaServerRows *rows = g_new0 (OrgaServerRows, 1);

      rows->n_rows = n_rows;
      rows->n_columns = n_columns;
      rows->cells = g_new (char *, MAX (offsets->len, 1));
      rows->text = g_string_free (g_steal_pointer (&text), FALSE);
      for (guint i = 0; i < offsets->len; i++)
        {
          gssize offset = g_array_index (offsets, gssize, i);

          rows->cells[i] = offset < 0 ? NULL : rows->text + offset;
        }
      *rows_out = rows;
    }

  return TRUE;
}

/* PostgreSQL */

static void
pg_connection_error (PGconn  *conn,
                     GError **error)
{
  g_autofree char *message = g_strdup (conn != NULL ? PQerrorMessage (conn) : "out of memory");

  g_set_error (error, ORGA_SERVER_DB_ERROR, ORGA_SERVER_DB_ERROR_CONNECT,
               "cannot connect to PostgreSQL (host %s, port %s, database %s): %s",
               conn != NULL && PQhost (conn) != NULL ? PQhost (conn) : "?",
               conn != NULL && PQport (conn) != NULL ? PQport (conn) : "?",
               conn != NULL && PQdb (conn) != NULL ? PQdb (conn) : "?",
               g_strstrip (message));
}

static gboolean
pg_set_error (OrgaServerDb  *self,
              PGresult      *result,
              GError       **error)
{
  const char *state = result != NULL ? PQresultErrorField (result, PG_DIAG_SQLSTATE) : NULL;
  const char *primary = result != NULL ? PQresultErrorField (result, PG_DIAG_MESSAGE_PRIMARY) : NULL;
  OrgaServerDbError code = ORGA_SERVER_DB_ERROR_FAILED;
  g_autofree char *fallback = NULL;

  if (state == NULL && PQstatus (self->pg) == CONNECTION_BAD)
    {
      fallback = g_strdup (PQerrorMessage (self->pg));
      g_set_error (error, ORGA_SERVER_DB_ERROR, ORGA_SERVER_DB_ERROR_CONNECT,
                   "PostgreSQL connection lost: %s", g_strstrip (fallback));
      return FALSE;
    }

  if (state != NULL)
    {
      if (g_str_has_prefix (state, "23"))
        code = ORGA_SERVER_DB_ERROR_CONSTRAINT;
      else if (g_str_equal (state, "40001") || g_str_equal (state, "40P01")
               || g_str_equal (state, "55P03"))
        code = ORGA_SERVER_DB_ERROR_BUSY;
      /* 08P01 is a protocol violation (e.g. a parameter missing): ours. */
      else if (g_str_has_prefix (state, "08") && !g_str_equal (state, "08P01"))
        code = ORGA_SERVER_DB_ERROR_CONNECT;
    }

  if (primary == NULL)
    {
      fallback = g_strdup (result != NULL ? PQresultErrorMessage (result) : PQerrorMessage (self->pg));
      primary = g_strstrip (fallback);
    }
  /* A data exception quotes the value after a colon ("invalid input
   * syntax for type integer: \"…\""): what a client sent stays out of
   * the logs. */
  if (state != NULL && g_str_has_prefix (state, "22") && strchr (primary, ':') != NULL)
    {
      char *cut = g_strndup (primary, strchr (primary, ':') - primary);

      g_free (fallback);
      fallback = cut;
      primary = cut;
    }

  g_set_error (error, ORGA_SERVER_DB_ERROR, code, "PostgreSQL: %s (SQLSTATE %s)",
               primary, state != NULL ? state : "none");
  return FALSE;
}

static gboolean
pg_result_ok (PGresult *result)
{
  ExecStatusType status = result != NULL ? PQresultStatus (result) : PGRES_FATAL_ERROR;

  return status == PGRES_TUPLES_OK || status == PGRES_COMMAND_OK;
}

/* Each SQL text is prepared once a connection and executed by name: the
 * server runs the same few statements over and over, and PostgreSQL then
 * parses them once (a third of the time of a short query). */
static PGresult *
pg_execute (OrgaServerDb        *self,
            const char          *sql,
            const char * const  *params,
            guint                n_params)
{
  const char *name = g_hash_table_lookup (self->prepared, sql);
  PGresult *result;

  if (name == NULL)
    {
      g_autofree char *new_name = NULL;

      if (g_hash_table_size (self->prepared) >= MAX_STATEMENTS)
        {
          /* Dynamic SQL must not grow the cache without end. */
          if (self->in_transaction)
            return PQexecParams (self->pg, sql, (int)n_params, NULL, params, NULL, NULL, 0);
          PQclear (PQexec (self->pg, "DEALLOCATE ALL"));
          g_hash_table_remove_all (self->prepared);
        }

      new_name = g_strdup_printf ("orga_%u", ++self->n_prepared);
      result = PQprepare (self->pg, new_name, sql, (int)n_params, NULL);
      if (!pg_result_ok (result))
        return result;
      PQclear (result);
      name = new_name;
      g_hash_table_insert (self->prepared, g_strdup (sql), g_steal_pointer (&new_name));
    }

  return PQexecPrepared (self->pg, name, (int)n_params, params, NULL, NULL, 0);
}

/* The plan of a prepared SELECT * no longer fits a table another process
 * altered (SQLSTATE 0A000): prepare it again. */
static gboolean
pg_forget_statement (OrgaServerDb *self,
                     PGresult     *result,
                     const char   *sql)
{
  const char *state = result != NULL ? PQresultErrorField (result, PG_DIAG_SQLSTATE) : NULL;
  const char *name = g_hash_table_lookup (self->prepared, sql);
  g_autofree char *deallocate = NULL;

  if (g_strcmp0 (state, "0A000") != 0 || name == NULL || self->in_transaction)
    return FALSE;

  deallocate = g_strdup_printf ("DEALLOCATE %s", name);
  PQclear (PQexec (self->pg, deallocate));
  g_hash_table_remove (self->prepared, sql);
  return TRUE;
}


/* Outside a transaction a dropped connection (the server restarted, a
 * proxy timed out) is opened again, once; inside one, what the
 * transaction did is gone: the caller must see the error and roll back. */
static gboolean
pg_ensure_connected (OrgaServerDb  *self,
                     GError       **error)
{
  if (PQstatus (self->pg) == CONNECTION_OK)
    return TRUE;
  if (self->in_transaction)
    {
      g_set_error_literal (error, ORGA_SERVER_DB_ERROR, ORGA_SERVER_DB_ERROR_CONNECT,
                           "PostgreSQL connection lost inside a transaction");
      return FALSE;
    }

  PQreset (self->pg);
  if (PQstatus (self->pg) != CONNECTION_OK)
    {
      pg_connection_error (self->pg, error);
      return FALSE;
    }
  /* The statements prepared on the old session are gone with it. */
  g_hash_table_remove_all (self->prepared);
  g_message ("reconnected to PostgreSQL");
  return TRUE;
}

static gboolean
pg_run (OrgaServerDb        *self,
        const char          *sql,
        const char * const  *params,
        guint                n_params,
        OrgaServerRows     **rows_out,
        gint64              *changes,
        GError             **error)
{
  PGresult *result;

  if (!pg_ensure_connected (self, error))
    return FALSE;

  result = pg_execute (self, sql, params, n_params);
  if (!pg_result_ok (result) && PQstatus (self->pg) == CONNECTION_BAD && !self->in_transaction)
    {
      /* The connection had died while idle: the statement never reached
       * a server, send it again on a new connection. */
      g_clear_pointer (&result, PQclear);
      if (!pg_ensure_connected (self, error))
        return FALSE;
      result = pg_execute (self, sql, params, n_params);
    }
  else if (!pg_result_ok (result) && pg_forget_statement (self, result, sql))
    {
      g_clear_pointer (&result, PQclear);
      result = pg_execute (self, sql, params, n_params);
    }

  if (!pg_result_ok (result))
    {
      pg_set_error (self, result, error);
      g_clear_pointer (&result, PQclear);
      return FALSE;
    }

  if (changes != NULL)
    {
      const char *tuples = PQcmdTuples (result);

      *changes = tuples != NULL && *tuples != '\0' ? g_ascii_strtoll (tuples, NULL, 10) : 0;
    }

  if (rows_out != NULL)
    {
      OrgaServerRows *rows = g_new0 (OrgaServerRows, 1);

      rows->n_rows = (guint)MAX (PQntuples (result), 0);
      rows->n_columns = (guint)MAX (PQnfields (result), 0);
      rows->result = result;
      *rows_out = rows;
    }
  else
    PQclear (result);

  return TRUE;
}

/* The queries of orga_server_db_query_batch() in one round trip: all
 * already prepared on this connection (the first time, they are run one
 * by one, which prepares them), outside a transaction. FALSE, with no
 * rows, when any of them failed: the caller runs them again one by one,
 * which reconnects, prepares again or reports the error. */
static gboolean
pg_query_pipelined (OrgaServerDb             *self,
                    guint                     n_queries,
                    const OrgaServerDbQuery  *queries,
                    OrgaServerRows          **rows)
{
  g_autofree const char **names = g_new0 (const char *, n_queries);
  gboolean ok = TRUE;
  PGresult *result;

  if (self->in_transaction || PQstatus (self->pg) != CONNECTION_OK
      || PQpipelineStatus (self->pg) != PQ_PIPELINE_OFF)
    return FALSE;
  for (guint i = 0; i < n_queries; i++)
    {
      names[i] = g_hash_table_lookup (self->prepared, queries[i].sql);
      if (names[i] == NULL)
        return FALSE;
    }

  if (!PQenterPipelineMode (self->pg))
    return FALSE;
  for (guint i = 0; i < n_queries && ok; i++)
    ok = PQsendQueryPrepared (self->pg, names[i], (int)queries[i].n_params, queries[i].params,
                              NULL, NULL, 0) == 1;
  if (!ok || !PQpipelineSync (self->pg))
    {
      /* Nothing or part of it left: a broken connection, which the
       * next statement resets. */
      PQexitPipelineMode (self->pg);
      return FALSE;
    }

  /* Each query's result, then the end of its results (NULL); then the
   * sync. After an error PostgreSQL skips the rest (PIPELINE_ABORTED). */
  for (guint i = 0; i < n_queries; i++)
    {
      result = PQgetResult (self->pg);
      if (result != NULL && PQresultStatus (result) == PGRES_TUPLES_OK)
        {
          rows[i] = g_new0 (OrgaServerRows, 1);
          rows[i]->n_rows = (guint)MAX (PQntuples (result), 0);
          rows[i]->n_columns = (guint)MAX (PQnfields (result), 0);
          rows[i]->result = result;
        }
      else
        {
          ok = FALSE;
          g_clear_pointer (&result, PQclear);
        }
      while ((result = PQgetResult (self->pg)) != NULL)
        {
          /* A broken connection gives errors without end. */
          gboolean sync = PQresultStatus (result) == PGRES_PIPELINE_SYNC;

          PQclear (result);
          ok = FALSE;
          if (sync || PQstatus (self->pg) == CONNECTION_BAD)
            break;
        }
      if (PQstatus (self->pg) == CONNECTION_BAD)
        break;
    }
  if (PQstatus (self->pg) != CONNECTION_BAD)
    {
      result = PQgetResult (self->pg);
      if (result == NULL || PQresultStatus (result) != PGRES_PIPELINE_SYNC)
        ok = FALSE;
      g_clear_pointer (&result, PQclear);
    }
  if (!PQexitPipelineMode (self->pg))
    ok = FALSE;

  if (!ok)
    for (guint i = 0; i < n_queries; i++)
      g_clear_pointer (&rows[i], orga_server_rows_free);
  return ok;
}

/* Several statements without parameters (a schema file). */
static gboolean
pg_exec_script (OrgaServerDb  *self,
                const char    *sql,
                GError       **error)
{
  PGresult *result = PQexec (self->pg, sql);

  if (!pg_result_ok (result))
    {
      pg_set_error (self, result, error);
      g_clear_pointer (&result, PQclear);
      return FALSE;
    }

  PQclear (result);
  return TRUE;
}

/* Both */

static gboolean
run (OrgaServerDb        *self,
     const char          *sql,
     const char * const  *params,
     guint                n_params,
     OrgaServerRows     **rows_out,
     gint64              *changes,
     GError             **error)
{
  gboolean ok;

  /* PostgreSQL refuses text that is not UTF-8, SQLite would store it:
   * both refuse it here. */
  for (guint i = 0; i < n_params; i++)
    if (params[i] != NULL && !g_utf8_validate (params[i], -1, NULL))
      {
        g_set_error (error, ORGA_SERVER_DB_ERROR, ORGA_SERVER_DB_ERROR_FAILED,
                     "parameter $%u is not valid UTF-8", i + 1);
        if (self->in_transaction)
          self->transaction_failed = TRUE;
        return FALSE;
      }

  if (self->in_transaction && self->transaction_failed)
    {
      g_set_error_literal (error, ORGA_SERVER_DB_ERROR, ORGA_SERVER_DB_ERROR_FAILED,
                           "the transaction failed earlier: roll it back");
      return FALSE;
    }

  if (self->pg != NULL)
    ok = pg_run (self, sql, params, n_params, rows_out, changes, error);
  else
    ok = sqlite_run (self, sql, params, n_params, rows_out, changes, error);

  if (!ok && self->in_transaction)
    self->transaction_failed = TRUE;
  return ok;
}

OrgaServerRows *
orga_server_db_query (OrgaServerDb        *self,
                      const char          *sql,
                      const char * const  *params,
                      guint                n_params,
                      GError             **error)
{
  OrgaServerRows *rows = NULL;

  g_return_val_if_fail (ORGA_IS_SERVER_DB (self), NULL);
  g_return_val_if_fail (sql != NULL, NULL);
  g_return_val_if_fail (params != NULL || n_params == 0, NULL);

  if (!run (self, sql, params, n_params, &rows, NULL, error))
    return NULL;

  return rows;
}

gboolean
orga_server_db_exec (OrgaServerDb        *self,
                     const char          *sql,
                     const char * const  *params,
                     guint                n_params,
                     gint64              *changes,
                     GError             **error)
{
  g_return_val_if_fail (ORGA_IS_SERVER_DB (self), FALSE);
  g_return_val_if_fail (sql != NULL, FALSE);
  g_return_val_if_fail (params != NULL || n_params == 0, FALSE);

  return run (self, sql, params, n_params, NULL, changes, error);
}

static GPtrArray *
collect_params (va_list args)
{
  GPtrArray *params = g_ptr_array_new ();
  const char *param;

  while ((param = va_arg (args, const char *)) != ORGA_SERVER_DB_END)
    g_ptr_array_add (params, (gpointer)param);

  return params;
}

OrgaServerRows *
orga_server_db_queryv (OrgaServerDb  *self,
                       GError       **error,
                       const char    *sql,
                       ...)
{
  g_autoptr(GPtrArray) params = NULL;
  va_list args;

  va_start (args, sql);
  params = collect_params (args);
  va_end (args);

  return orga_server_db_query (self, sql, (const char * const *)params->pdata, params->len, error);
}

gboolean
orga_server_db_execv (OrgaServerDb  *self,
                      gint64        *changes,
                      GError       **error,
                      const char    *sql,
                      ...)
{
  g_autoptr(GPtrArray) params = NULL;
  va_list args;

  va_start (args, sql);
  params = collect_params (args);
  va_end (args);

  return orga_server_db_exec (self, sql, (const char * const *)params->pdata, params->len,
                              changes, error);
}

gboolean
orga_server_db_query_batch (OrgaServerDb             *self,
                            guint                     n_queries,
                            const OrgaServerDbQuery  *queries,
                            OrgaServerRows          **rows,
                            GError                  **error)
{
  gboolean valid = TRUE;

  g_return_val_if_fail (ORGA_IS_SERVER_DB (self), FALSE);
  g_return_val_if_fail (queries != NULL || n_queries == 0, FALSE);

  for (guint i = 0; i < n_queries; i++)
    rows[i] = NULL;

  /* As run(): text that is not UTF-8 is refused, here by the path one
   * by one, which says so. */
  for (guint i = 0; i < n_queries && valid; i++)
    for (guint j = 0; j < queries[i].n_params && valid; j++)
      valid = queries[i].params[j] == NULL || g_utf8_validate (queries[i].params[j], -1, NULL);

  if (self->pg != NULL && n_queries > 1 && valid && pg_query_pipelined (self, n_queries, queries, rows))
    return TRUE;

  for (guint i = 0; i < n_queries; i++)
    {
      rows[i] = orga_server_db_query (self, queries[i].sql, queries[i].params, queries[i].n_params, error);
      if (rows[i] == NULL)
        {
          for (guint j = 0; j < i; j++)
            g_clear_pointer (&rows[j], orga_server_rows_free);
          return FALSE;
        }
    }
  return TRUE;
}

/* Transactions */

void
orga_server_db_set_lazy_commits (OrgaServerDb *self,
                                 gboolean      lazy)
{
  g_autoptr(GError) error = NULL;

  g_return_if_fail (ORGA_IS_SERVER_DB (self));

  if (self->sqlite == NULL)
    return;
  /* A pragma reads and writes nothing: it cannot fail on an open file,
   * and a failure would only leave the commits as durable as before. */
  if (!orga_db_exec (self->sqlite, lazy ? "PRAGMA synchronous = NORMAL" : "PRAGMA synchronous = FULL", &error))
    g_warning ("synchronous: %s", error->message);
}

gboolean
orga_server_db_begin (OrgaServerDb  *self,
                      GError       **error)
{
  g_return_val_if_fail (ORGA_IS_SERVER_DB (self), FALSE);

  if (self->in_transaction)
    {
      g_set_error_literal (error, ORGA_SERVER_DB_ERROR, ORGA_SERVER_DB_ERROR_FAILED,
                           "a transaction is already open on this connection");
      return FALSE;
    }

  if (self->pg != NULL)
    {
      if (!pg_run (self, "BEGIN", NULL, 0, NULL, NULL, error))
        return FALSE;
    }
  else if (!orga_db_begin (self->sqlite, error))
    {
      convert_orga_db_error (error);
      return FALSE;
    }

  self->in_transaction = TRUE;
  self->transaction_failed = FALSE;
  return TRUE;
}

/* On failure the transaction is rolled back: nothing stays open. */
gboolean
orga_server_db_commit (OrgaServerDb  *self,
                       GError       **error)
{
  g_return_val_if_fail (ORGA_IS_SERVER_DB (self), FALSE);

  if (!self->in_transaction)
    {
      g_set_error_literal (error, ORGA_SERVER_DB_ERROR, ORGA_SERVER_DB_ERROR_FAILED,
                           "commit without a transaction");
      return FALSE;
    }

  if (self->transaction_failed)
    {
      orga_server_db_rollback (self);
      g_set_error_literal (error, ORGA_SERVER_DB_ERROR, ORGA_SERVER_DB_ERROR_FAILED,
                           "the transaction had failed and was rolled back");
      return FALSE;
    }

  if (self->pg != NULL)
    {
      PGresult *result = PQexec (self->pg, "COMMIT");
      gboolean ok = pg_result_ok (result);

      /* A COMMIT of a transaction that failed earlier "succeeds" as a
       * ROLLBACK: its command tag says so. */
      if (ok && g_strcmp0 (PQcmdStatus (result), "ROLLBACK") == 0)
        {
          g_set_error_literal (error, ORGA_SERVER_DB_ERROR, ORGA_SERVER_DB_ERROR_FAILED,
                               "PostgreSQL: the transaction had failed and was rolled back");
          ok = FALSE;
        }
      else if (!ok)
        {
          pg_set_error (self, result, error);
          g_clear_pointer (&result, PQclear);
          result = PQexec (self->pg, "ROLLBACK");
        }
      g_clear_pointer (&result, PQclear);
      self->in_transaction = FALSE;
      return ok;
    }

  self->in_transaction = FALSE;
  if (!orga_db_commit (self->sqlite, error))
    {
      convert_orga_db_error (error);
      return FALSE;
    }
  return TRUE;
}

void
orga_server_db_rollback (OrgaServerDb *self)
{
  g_return_if_fail (ORGA_IS_SERVER_DB (self));

  if (!self->in_transaction)
    return;

  self->in_transaction = FALSE;
  if (self->pg != NULL)
    {
      if (PQstatus (self->pg) == CONNECTION_OK)
        PQclear (PQexec (self->pg, "ROLLBACK"));
    }
  else
    orga_db_rollback (self->sqlite);
}

/* Migrations */

static int
compare_names (const void *a,
               const void *b)
{
  return strcmp (*(const char * const *)a, *(const char * const *)b);
}

/* The schema's files, "001-…" first: the i-th moves the schema from
 * version i to i + 1. */
static GPtrArray *
load_migrations (void)
{
  GResource *resource = orga_server_db_res_get_resource ();
  g_auto(GStrv) names = g_resource_enumerate_children (resource, SCHEMA_PATH, 0, NULL);
  GPtrArray *migrations = g_ptr_array_new ();
  guint n = names != NULL ? g_strv_length (names) : 0;

  if (n > 0)
    qsort (names, n, sizeof (char *), compare_names);
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *path = g_strconcat (SCHEMA_PATH, names[i], NULL);
      g_autoptr(GBytes) bytes = g_resource_lookup_data (resource, path, 0, NULL);
      gsize size = 0;
      const char *sql = g_bytes_get_data (bytes, &size);

      /* A gap or a twin in the numbering would skip or repeat a step. */
      g_assert (atoi (names[i]) == (int)i + 1);
      g_ptr_array_add (migrations, g_strndup (sql, size));
    }

  return migrations;
}

static GPtrArray *
get_migrations (void)
{
  static GPtrArray *migrations;

  if (g_once_init_enter (&migrations))
    g_once_init_leave (&migrations, load_migrations ());

  return migrations;
}

static gboolean
exec_script (OrgaServerDb  *self,
             const char    *sql,
             GError       **error)
{
  if (self->pg != NULL)
    return pg_exec_script (self, sql, error);

  if (!orga_db_exec (self->sqlite, sql, error))
    {
      convert_orga_db_error (error);
      return FALSE;
    }
  return TRUE;
}

static gboolean
read_schema_version (OrgaServerDb  *self,
                     gint64        *version,
                     GError       **error)
{
  g_autoptr(OrgaServerRows) rows = NULL;

  rows = orga_server_db_query (self, "SELECT COALESCE(MAX(version), 0) FROM schema_version",
                               NULL, 0, error);
  if (rows == NULL)
    return FALSE;

  *version = orga_server_rows_get_int (rows, 0, 0);
  return TRUE;
}

static gboolean
too_new (gint64    version,
         guint     known,
         GError  **error)
{
  g_set_error (error, ORGA_SERVER_DB_ERROR, ORGA_SERVER_DB_ERROR_TOO_NEW,
               "the database schema is version %" G_GINT64_FORMAT
               ", newer than this pixorga-server knows (%u): update pixorga-server",
               version, known);
  return FALSE;
}

/* Each step in a transaction of its own, which reads the version again:
 * another process may have done the step while we waited (SQLite's
 * BEGIN IMMEDIATE, PostgreSQL's advisory lock). */
static gboolean
migrate_locked (OrgaServerDb  *self,
                GError       **error)
{
  GPtrArray *migrations = get_migrations ();
  gint64 version;

  if (!exec_script (self, "CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)", error))
    return FALSE;
  if (!read_schema_version (self, &version, error))
    return FALSE;
  if (version > (gint64)migrations->len)
    return too_new (version, migrations->len, error);

  while (version < (gint64)migrations->len)
    {
      g_autofree char *number = NULL;
      gint64 current;

      if (!orga_server_db_begin (self, error))
        return FALSE;
      if (!read_schema_version (self, &current, error))
        goto failed;
      if (current > (gint64)migrations->len)
        {
          orga_server_db_rollback (self);
          return too_new (current, migrations->len, error);
        }
      if (current > version)
        {
          orga_server_db_rollback (self);
          version = current;
          continue;
        }

      number = g_strdup_printf ("%" G_GINT64_FORMAT, version + 1);
      if (!exec_script (self, g_ptr_array_index (migrations, version), error)
          || !orga_server_db_execv (self, NULL, error,
                                    "INSERT INTO schema_version (version) VALUES ($1)",
                                    number, ORGA_SERVER_DB_END))
        goto failed;
      if (!orga_server_db_commit (self, error))
        return FALSE;

      g_debug ("schema migrated to version %" G_GINT64_FORMAT, version + 1);
      version++;
    }

  return TRUE;

failed:
  g_prefix_error (error, "migration to schema version %" G_GINT64_FORMAT ": ", version + 1);
  orga_server_db_rollback (self);
  return FALSE;
}

static gboolean
migrate (OrgaServerDb  *self,
         GError       **error)
{
  gboolean ok;

  if (self->pg == NULL)
    return migrate_locked (self, error);

  /* The whole run under one lock: the CREATE TABLE IF NOT EXISTS of
   * two processes at once would otherwise collide on the catalog. */
  if (!orga_server_db_exec (self, "SELECT pg_advisory_lock(" MIGRATION_LOCK_KEY ")",
                            NULL, 0, NULL, error))
    return FALSE;
  ok = migrate_locked (self, error);
  if (PQstatus (self->pg) == CONNECTION_OK)
    PQclear (PQexec (self->pg, "SELECT pg_advisory_unlock(" MIGRATION_LOCK_KEY ")"));
  return ok;
}

/* Opening */

static gboolean
open_sqlite (OrgaServerDb  *self,
             const char    *path,
             GError       **error)
{
  g_autoptr(GError) local_error = NULL;

  /* Two processes opening a new file at once: switching it to WAL may
   * answer "locked" at once, without waiting for the busy timeout. */
  for (guint attempt = 0; attempt < 50; attempt++)
    {
      g_clear_error (&local_error);
      self->sqlite = orga_db_open (path, &local_error);
      if (self->sqlite != NULL
          || !g_error_matches (local_error, ORGA_DB_ERROR, ORGA_DB_ERROR_BUSY))
        break;
      g_usleep (G_USEC_PER_SEC / 10);
    }
  if (self->sqlite == NULL)
    {
      g_set_error (error, ORGA_SERVER_DB_ERROR, ORGA_SERVER_DB_ERROR_CONNECT,
                   "cannot open the SQLite database %s: %s", path, local_error->message);
      return FALSE;
    }

  self->statements = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, sqlite_statement_free);
  return TRUE;
}

/* libpq prints the server's notices on stderr by default ("relation
 * schema_version already exists, skipping" at every start): to the log
 * instead, where a warning stays visible and a notice is debug. */
static void
pg_notice (void           *data,
           const PGresult *result)
{
  const char *severity = PQresultErrorField (result, PG_DIAG_SEVERITY_NONLOCALIZED);
  const char *primary = PQresultErrorField (result, PG_DIAG_MESSAGE_PRIMARY);

  if (primary == NULL)
    return;
  if (g_strcmp0 (severity, "WARNING") == 0)
    g_message ("PostgreSQL warning: %s", primary);
  else
    g_debug ("PostgreSQL %s: %s", severity != NULL ? severity : "notice", primary);
}

static gboolean
open_postgres (OrgaServerDb  *self,
               const char    *uri,
               GError       **error)
{
  /* expand_dbname: the URI is parsed; what follows it only fills gaps
   * (fallback_application_name) or is ours to decide (the encoding:
   * everything here is UTF-8). */
  const char * const keywords[] = { "dbname", "fallback_application_name", "client_encoding", NULL };
  const char * const values[] = { uri, "pixorga-server", "UTF8", NULL };

  self->prepared = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->pg = PQconnectdbParams (keywords, values, 1);
  if (self->pg == NULL || PQstatus (self->pg) != CONNECTION_OK)
    {
      pg_connection_error (self->pg, error);
      return FALSE;
    }
  PQsetNoticeReceiver (self->pg, pg_notice, NULL);

  return TRUE;
}

OrgaServerDb *
orga_server_db_open (const char  *location,
                     GError     **error)
{
  g_autoptr(OrgaServerDb) self = NULL;

  g_return_val_if_fail (location != NULL, NULL);

  self = g_object_new (ORGA_TYPE_SERVER_DB, NULL);

  if (is_postgres_uri (location))
    {
      if (!open_postgres (self, location, error))
        return NULL;
    }
  else if (*location == '\0')
    {
      g_set_error_literal (error, ORGA_SERVER_DB_ERROR, ORGA_SERVER_DB_ERROR_CONNECT,
                           "no database given");
      return NULL;
    }
  else if (!open_sqlite (self, location, error))
    return NULL;

  if (!migrate (self, error))
    return NULL;

  return g_steal_pointer (&self);
}
