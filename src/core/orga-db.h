/* orga-db.h: one SQLite connection, its transactions and its schema
 *
 * The layer under every store (the app's OrgaStore today, the server's
 * next): the file and its pragmas, nested transactions, prepared
 * statements, SQLite errors as GErrors and the migration runner. Nothing
 * here knows what the tables hold.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>
#include <sqlite3.h>

G_BEGIN_DECLS

#define ORGA_DB_ERROR (orga_db_error_quark ())

typedef enum
{
  ORGA_DB_ERROR_FAILED,
  ORGA_DB_ERROR_BUSY,         /* another connection held the lock too long */
  ORGA_DB_ERROR_CONSTRAINT,   /* a UNIQUE, CHECK or foreign key refused the row */
  ORGA_DB_ERROR_CORRUPT,      /* not a database, or a damaged one */
  ORGA_DB_ERROR_FULL,         /* the disk is full */
  ORGA_DB_ERROR_TOO_NEW,      /* written by a newer schema */
} OrgaDbError;

GQuark orga_db_error_quark (void);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (sqlite3_stmt, sqlite3_finalize)

#define ORGA_TYPE_DB (orga_db_get_type ())

G_DECLARE_FINAL_TYPE (OrgaDb, orga_db, ORGA, DB, GObject)

OrgaDb       *orga_db_open                  (const char          *path,
                                             GError             **error);
const char   *orga_db_get_path              (OrgaDb              *self);
sqlite3      *orga_db_get_handle            (OrgaDb              *self);

/* @migrations[v] moves the schema from PRAGMA user_version v to v + 1;
 * each runs in a transaction of its own. A file of a newer schema than
 * @n_migrations is refused with ORGA_DB_ERROR_TOO_NEW and left as it is. */
gboolean      orga_db_migrate               (OrgaDb              *self,
                                             const char * const  *migrations,
                                             guint                n_migrations,
                                             GError             **error);

gboolean      orga_db_begin                 (OrgaDb              *self,
                                             GError             **error);
gboolean      orga_db_commit                (OrgaDb              *self,
                                             GError             **error);
void          orga_db_rollback              (OrgaDb              *self);
/* 0 outside a transaction, 1 inside the outer one, more in savepoints. */

/* Runs one or more statements with no result rows. */
gboolean      orga_db_exec                  (OrgaDb              *self,
                                             const char          *sql,
                                             GError             **error);
/* A statement prepared for reuse; NULL with @error set on failure. */
sqlite3_stmt *orga_db_prepare               (OrgaDb              *self,
                                             const char          *sql,
                                             GError             **error);
/* Sets @error from the connection's last error, @what saying which step
 * failed; always returns FALSE. */
gboolean      orga_db_set_error             (OrgaDb              *self,
                                             const char          *what,
                                             GError             **error);

/* NULL binds SQL NULL. The text must outlive the statement's next step. */
static inline void
orga_db_bind_text (sqlite3_stmt *stmt,
                   int           index,
                   const char   *text)
{
  if (text == NULL)
    sqlite3_bind_null (stmt, index);
  else
    sqlite3_bind_text (stmt, index, text, -1, SQLITE_STATIC);
}

/* NULL for SQL NULL; valid until the statement steps again. */
static inline const char *
orga_db_column_text (sqlite3_stmt *stmt,
                     int           index)
{
  return (const char *)sqlite3_column_text (stmt, index);
}

G_END_DECLS
