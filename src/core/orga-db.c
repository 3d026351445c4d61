/* orga-db.c
 *
 * One SQLite file per user. WAL so that the app reads while an import
 * writes from another connection; FULL sync so that what was committed
 * survives a power cut; foreign keys on; a busy timeout so that two
 * connections take turns instead of failing.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "orga-db"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <sys/stat.h>

#include "orga-db.h"

struct _OrgaDb
{
  GObject  parent_instance;

  char    *path;
  sqlite3 *db;
  guint    transaction_depth;   /* see orga_db_begin() */
};

G_DEFINE_FINAL_TYPE (OrgaDb, orga_db, G_TYPE_OBJECT)

G_DEFINE_QUARK (orga-db-error-quark, orga_db_error)

static void
orga_db_finalize (GObject *object)
{
  OrgaDb *self = (OrgaDb *)object;

  if (self->db != NULL)
    sqlite3_close_v2 (g_steal_pointer (&self->db));
  g_clear_pointer (&self->path, g_free);

  G_OBJECT_CLASS (orga_db_parent_class)->finalize (object);
}

static void
orga_db_class_init (OrgaDbClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = orga_db_finalize;
}

static void
orga_db_init (OrgaDb *self)
{
}

static OrgaDbError
error_code (int rc)
{
  switch (rc & 0xFF)
    {
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      return ORGA_DB_ERROR_BUSY;
    case SQLITE_CONSTRAINT:
      return ORGA_DB_ERROR_CONSTRAINT;
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB:
      return ORGA_DB_ERROR_CORRUPT;
    case SQLITE_FULL:
      return ORGA_DB_ERROR_FULL;
    default:
      return ORGA_DB_ERROR_FAILED;
    }
}

gboolean
orga_db_set_error (OrgaDb      *self,
                   const char  *what,
                   GError     **error)
{
  g_set_error (error, ORGA_DB_ERROR, error_code (sqlite3_extended_errcode (self->db)),
               _("Database error (%s): %s"), what, sqlite3_errmsg (self->db));
  return FALSE;
}

gboolean
orga_db_exec (OrgaDb      *self,
              const char  *sql,
              GError     **error)
{
  char *message = NULL;
  int rc;

  g_return_val_if_fail (ORGA_IS_DB (self), FALSE);

  rc = sqlite3_exec (self->db, sql, NULL, NULL, &message);
  if (rc != SQLITE_OK)
    {
      g_set_error (error, ORGA_DB_ERROR, error_code (rc),
                   _("Database error: %s"), message ? message : sqlite3_errmsg (self->db));
      sqlite3_free (message);
      return FALSE;
    }

  return TRUE;
}

sqlite3_stmt *
orga_db_prepare (OrgaDb      *self,
                 const char  *sql,
                 GError     **error)
{
  sqlite3_stmt *stmt = NULL;

  g_return_val_if_fail (ORGA_IS_DB (self), NULL);

  if (sqlite3_prepare_v3 (self->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &stmt, NULL) != SQLITE_OK)
    {
      orga_db_set_error (self, "prepare", error);
      return NULL;
    }

  return stmt;
}

/**
 * orga_db_begin:
 *
 * Starts a transaction, or a savepoint inside the one already started:
 * several operations (each a transaction of its own when alone) then apply
 * together or not at all. Each begin is paired with orga_db_commit() or
 * orga_db_rollback().
 */
gboolean
orga_db_begin (OrgaDb  *self,
               GError **error)
{
  g_autofree char *sql = NULL;

  g_return_val_if_fail (ORGA_IS_DB (self), FALSE);

  /* IMMEDIATE: the write lock now, not at the first write, when a reader
   * on another connection could make the upgrade fail. */
  sql = self->transaction_depth == 0
          ? g_strdup ("BEGIN IMMEDIATE")
          : g_strdup_printf ("SAVEPOINT orga_%u", self->transaction_depth);
  if (!orga_db_exec (self, sql, error))
    return FALSE;

  self->transaction_depth++;
  return TRUE;
}

/* Commits the outer transaction or releases the innermost savepoint; on
 * failure rolls it back, so that every begin is still paired. */
gboolean
orga_db_commit (OrgaDb  *self,
                GError **error)
{
  g_autofree char *sql = NULL;

  g_return_val_if_fail (ORGA_IS_DB (self), FALSE);
  g_return_val_if_fail (self->transaction_depth > 0, FALSE);

  if (self->transaction_depth == 1)
    {
      if (!orga_db_exec (self, "COMMIT", error))
        {
          orga_db_rollback (self);
          return FALSE;
        }
      self->transaction_depth = 0;
      return TRUE;
    }

  sql = g_strdup_printf ("RELEASE orga_%u", self->transaction_depth - 1);
  if (!orga_db_exec (self, sql, error))
    {
      orga_db_rollback (self);
      return FALSE;
    }

  self->transaction_depth--;
  return TRUE;
}

/* Undoes what was done since the matching orga_db_begin(). */
void
orga_db_rollback (OrgaDb *self)
{
  g_autofree char *sql = NULL;

  g_return_if_fail (ORGA_IS_DB (self));
  g_return_if_fail (self->transaction_depth > 0);

  if (self->transaction_depth == 1)
    sql = g_strdup ("ROLLBACK");
  else
    sql = g_strdup_printf ("ROLLBACK TO orga_%u; RELEASE orga_%u",
                           self->transaction_depth - 1, self->transaction_depth - 1);
  orga_db_exec (self, sql, NULL);
  self->transaction_depth--;
}

static gboolean
create_private_file (const char  *path,
                     GError     **error)
{
  g_autofree char *dir = g_path_get_dirname (path);
  int fd;

  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      int saved = errno;
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                   _("Cannot create the folder %s: %s"), dir, g_strerror (saved));
      return FALSE;
    }

  /* Student data is personal: only this user may read the file, and SQLite
   * gives its -wal and -shm files the same mode. */
  fd = g_open (path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
  if (fd < 0)
    {
      int saved = errno;
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                   _("Cannot create the database %s: %s"), path, g_strerror (saved));
      return FALSE;
    }
  fchmod (fd, 0600);
  g_close (fd, NULL);

  return TRUE;
}

/**
 * orga_db_open:
 *
 * Opens the database at @path, creating it (and its folder) readable by
 * this user only. The schema is left to orga_db_migrate().
 */
OrgaDb *
orga_db_open (const char  *path,
              GError     **error)
{
  g_autoptr(OrgaDb) self = NULL;

  g_return_val_if_fail (path != NULL, NULL);

  self = g_object_new (ORGA_TYPE_DB, NULL);
  self->path = g_strdup (path);

  if (!g_file_test (self->path, G_FILE_TEST_EXISTS) && !create_private_file (self->path, error))
    return NULL;

  if (sqlite3_open_v2 (self->path, &self->db,
                       SQLITE_OPEN_READWRITE | SQLITE_OPEN_FULLMUTEX, NULL) != SQLITE_OK)
    {
      g_set_error (error, ORGA_DB_ERROR, ORGA_DB_ERROR_FAILED,
                   _("Cannot open the database %s: %s"), self->path,
                   self->db ? sqlite3_errmsg (self->db) : g_strerror (ENOMEM));
      return NULL;
    }

  sqlite3_busy_timeout (self->db, 10000);
  sqlite3_extended_result_codes (self->db, 1);

  /* FULL: the head teacher's list must survive a power cut, and WAL makes
   * it cost one sync per import. */
  if (!orga_db_exec (self,
                     "PRAGMA journal_mode = WAL;"
                     "PRAGMA synchronous = FULL;"
                     "PRAGMA foreign_keys = ON;"
                     "PRAGMA cache_size = -8192;"
                     "PRAGMA temp_store = MEMORY;",
                     error))
    return NULL;

  return g_steal_pointer (&self);
}

const char *
orga_db_get_path (OrgaDb *self)
{
  g_return_val_if_fail (ORGA_IS_DB (self), NULL);

  return self->path;
}

/* For the statements this API does not wrap (sqlite3_changes(),
 * sqlite3_last_insert_rowid()…); the connection stays the database's. */
sqlite3 *
orga_db_get_handle (OrgaDb *self)
{
  g_return_val_if_fail (ORGA_IS_DB (self), NULL);

  return self->db;
}

static gboolean
read_user_version (OrgaDb  *self,
                   int     *version,
                   GError **error)
{
  g_autoptr(sqlite3_stmt) stmt = orga_db_prepare (self, "PRAGMA user_version", error);

  if (stmt == NULL)
    return FALSE;
  if (sqlite3_step (stmt) != SQLITE_ROW)
    return orga_db_set_error (self, "user_version", error);

  *version = sqlite3_column_int (stmt, 0);
  return TRUE;
}

gboolean
orga_db_migrate (OrgaDb              *self,
                 const char * const  *migrations,
                 guint                n_migrations,
                 GError             **error)
{
  int version;

  g_return_val_if_fail (ORGA_IS_DB (self), FALSE);
  g_return_val_if_fail (migrations != NULL || n_migrations == 0, FALSE);
  g_return_val_if_fail (self->transaction_depth == 0, FALSE);

  if (!read_user_version (self, &version, error))
    return FALSE;

  if (version > (int)n_migrations)
    {
      g_set_error (error, ORGA_DB_ERROR, ORGA_DB_ERROR_TOO_NEW,
                   _("The database %s was written by a newer version of PixOrga; update PixOrga to open it."),
                   self->path);
      return FALSE;
    }

  for (int v = version; v < (int)n_migrations; v++)
    {
      g_autofree char *bump = g_strdup_printf ("PRAGMA user_version = %d", v + 1);
      int current;

      if (!orga_db_exec (self, "BEGIN IMMEDIATE", error))
        return FALSE;

      /* Another process may have migrated while we waited for the lock. */
      if (!read_user_version (self, &current, error))
        {
          orga_db_exec (self, "ROLLBACK", NULL);
          return FALSE;
        }
      if (current > v)
        {
          orga_db_exec (self, "ROLLBACK", NULL);
          continue;
        }

      if (!orga_db_exec (self, migrations[v], error) || !orga_db_exec (self, bump, error))
        {
          orga_db_exec (self, "ROLLBACK", NULL);
          return FALSE;
        }
      if (!orga_db_exec (self, "COMMIT", error))
        return FALSE;
    }

  return TRUE;
}
