/* orga-server-db.h: the server's database, on SQLite or on PostgreSQL
 *
 * One connection a process. SQLite goes through the core's OrgaDb (WAL,
 * the same pragmas); a `postgresql://` or `postgres://` URI goes through
 * libpq. The SQL is written once for both: parameters are `$1`, `$2`…,
 * every parameter and every value read is text (NULL for SQL NULL), ids
 * are UUID strings made by the caller, booleans are 0/1 integers,
 * timestamps ISO 8601 text (they sort as text). No SELECT … FOR UPDATE
 * (SQLite has none): an atomic step is one conditional UPDATE … RETURNING.
 *
 * The schema is `src/server/schema/NNN-*.sql`, run in order by
 * orga_server_db_open() under a table `schema_version`; on PostgreSQL
 * under an advisory lock, so several processes may start at once.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define ORGA_SERVER_DB_ERROR (orga_server_db_error_quark ())

typedef enum
{
  ORGA_SERVER_DB_ERROR_FAILED,
  ORGA_SERVER_DB_ERROR_CONNECT,      /* cannot open the file or reach PostgreSQL */
  ORGA_SERVER_DB_ERROR_CONSTRAINT,   /* UNIQUE, CHECK, foreign key (SQLSTATE 23xxx) */
  ORGA_SERVER_DB_ERROR_BUSY,         /* lock timeout, serialization failure: retry */
  ORGA_SERVER_DB_ERROR_TOO_NEW,      /* a schema newer than this program */
} OrgaServerDbError;

GQuark orga_server_db_error_quark (void);

/* The rows of a query, all text. */
typedef struct _OrgaServerRows OrgaServerRows;

guint         orga_server_rows_get_n_rows    (OrgaServerRows  *rows);
guint         orga_server_rows_get_n_columns (OrgaServerRows  *rows);
/* NULL for SQL NULL; owned by @rows. */
const char   *orga_server_rows_get           (OrgaServerRows  *rows,
                                              guint            row,
                                              guint            column);
gint64        orga_server_rows_get_int       (OrgaServerRows  *rows,
                                              guint            row,
                                              guint            column);
void          orga_server_rows_free          (OrgaServerRows  *rows);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (OrgaServerRows, orga_server_rows_free)

#define ORGA_TYPE_SERVER_DB (orga_server_db_get_type ())

G_DECLARE_FINAL_TYPE (OrgaServerDb, orga_server_db, ORGA, SERVER_DB, GObject)

/* A file path (created 0600 if missing) or a PostgreSQL URI; brings the
 * schema up to date. */
OrgaServerDb   *orga_server_db_open         (const char           *location,
                                             GError              **error);
gboolean        orga_server_db_is_postgres  (OrgaServerDb         *self);

/* @params holds @n_params texts (NULL items bind NULL). */
OrgaServerRows *orga_server_db_query        (OrgaServerDb         *self,
                                             const char           *sql,
                                             const char * const   *params,
                                             guint                 n_params,
                                             GError              **error);
/* A statement without rows; @changes (nullable) gets the rows it touched. */
gboolean        orga_server_db_exec         (OrgaServerDb         *self,
                                             const char           *sql,
                                             const char * const   *params,
                                             guint                 n_params,
                                             gint64               *changes,
                                             GError              **error);

/* Read-only queries that do not depend on one another: on PostgreSQL
 * sent together (libpq's pipeline mode), one round trip instead of
 * @n_queries; on SQLite, or when the pipeline cannot be used (inside a
 * transaction, a statement not prepared yet, a dropped connection, an
 * error), one after the other. @rows gets @n_queries results, or none
 * and @error. */
typedef struct
{
  const char         *sql;
  const char * const *params;
  guint               n_params;
} OrgaServerDbQuery;

gboolean        orga_server_db_query_batch  (OrgaServerDb            *self,
                                             guint                    n_queries,
                                             const OrgaServerDbQuery *queries,
                                             OrgaServerRows         **rows,
                                             GError                 **error);

/* One transaction at a time (no nesting); rollback is harmless outside one. */
gboolean        orga_server_db_begin        (OrgaServerDb         *self,
                                             GError              **error);
gboolean        orga_server_db_commit       (OrgaServerDb         *self,
                                             GError              **error);
void            orga_server_db_rollback     (OrgaServerDb         *self);

/* While @lazy, SQLite commits without waiting for the disk (WAL with
 * synchronous=NORMAL): a power cut may lose them, never corrupt the
 * file, and the next ordinary commit makes them durable with its own.
 * Only for writes that are done again when lost. PostgreSQL commits as
 * its server is set up. */
void            orga_server_db_set_lazy_commits (OrgaServerDb     *self,
                                                 gboolean          lazy);

/* Convenience: orga_server_db_query() with the parameters as varargs,
 * ended by ORGA_SERVER_DB_END (NULL is a valid parameter). */
#define ORGA_SERVER_DB_END ((const char *) 1)
OrgaServerRows *orga_server_db_queryv       (OrgaServerDb         *self,
                                             GError              **error,
                                             const char           *sql,
                                             ...);
gboolean        orga_server_db_execv        (OrgaServerDb         *self,
                                             gint64               *changes,
                                             GError              **error,
                                             const char           *sql,
                                             ...);

G_END_DECLS
