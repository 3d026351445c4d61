/* orga-store.c
 *
 * The local store: one connection (OrgaDb) to the user's SQLite file, its
 * schema (src/core/schema/, compiled in as a resource), the transactions
 * that span the store's domains, and the school. The domains are in
 * orga-store-<domain>.c (see orga-store-private.h).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "orga-store"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <stdlib.h>
#include <string.h>

#include "orga-core-resources.h"
#include "orga-store.h"
#include "orga-store-private.h"

#define SCHEMA_PATH "/io/github/pixorga/PixOrga/core/schema/"

struct _OrgaStore
{
  GObject  parent_instance;

  OrgaDb        *db;
  OrgaStoreFeed *feed;          /* orga-store-changes.c */
};

G_DEFINE_FINAL_TYPE (OrgaStore, orga_store, G_TYPE_OBJECT)

G_DEFINE_QUARK (orga-store-error-quark, orga_store_error)

static void
orga_store_finalize (GObject *object)
{
  OrgaStore *self = (OrgaStore *)object;

  g_clear_object (&self->db);
  g_clear_pointer (&self->feed, _orga_store_feed_free);

  G_OBJECT_CLASS (orga_store_parent_class)->finalize (object);
}

static void
orga_store_class_init (OrgaStoreClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = orga_store_finalize;
  _orga_store_feed_class_init (G_OBJECT_CLASS (klass));
}

static void
orga_store_init (OrgaStore *self)
{
  self->feed = _orga_store_feed_new (self);
}

/* The store's callers know its error domain only: the database's codes
 * all read as FAILED, but for a schema too new. Always returns FALSE. */
static gboolean
store_error (GError **error)
{
  if (error != NULL && *error != NULL && (*error)->domain == ORGA_DB_ERROR)
    {
      (*error)->code = (*error)->code == ORGA_DB_ERROR_TOO_NEW ? ORGA_STORE_ERROR_TOO_NEW
                                                                : ORGA_STORE_ERROR_FAILED;
      (*error)->domain = ORGA_STORE_ERROR;
    }

  return FALSE;
}

/* Shared with the other parts of the store (orga-store-private.h). */

sqlite3 *
_orga_store_get_db (OrgaStore *self)
{
  return orga_db_get_handle (self->db);
}

OrgaStoreFeed *
_orga_store_get_feed (OrgaStore *self)
{
  return self->feed;
}

gboolean
_orga_store_exec (OrgaStore   *self,
                  const char  *sql,
                  GError     **error)
{
  return orga_db_exec (self->db, sql, error) || store_error (error);
}

sqlite3_stmt *
_orga_store_prepare (OrgaStore   *self,
                     const char  *sql,
                     GError     **error)
{
  sqlite3_stmt *stmt = orga_db_prepare (self->db, sql, error);

  if (stmt == NULL)
    store_error (error);
  return stmt;
}

gboolean
_orga_store_set_error (OrgaStore   *self,
                       const char  *what,
                       GError     **error)
{
  orga_db_set_error (self->db, what, error);
  return store_error (error);
}

gboolean
_orga_store_step_done (OrgaStore    *self,
                       sqlite3_stmt *stmt,
                       const char   *what,
                       GError      **error)
{
  if (stmt == NULL)
    return FALSE;
  if (sqlite3_step (stmt) != SQLITE_DONE)
    return _orga_store_set_error (self, what, error);
  return TRUE;
}

/**
 * orga_store_begin:
 *
 * Starts a transaction, or a savepoint inside the one already started:
 * several operations of the store (each a transaction of its own when
 * alone), whatever their domain, then apply together or not at all. Each
 * begin is paired with orga_store_commit() or orga_store_rollback().
 */
gboolean
orga_store_begin (OrgaStore  *self,
                  GError    **error)
{
  g_return_val_if_fail (ORGA_IS_STORE (self), FALSE);

  if (!orga_db_begin (self->db, error))
    return store_error (error);

  _orga_store_feed_begin (self);
  return TRUE;
}

/* On failure the transaction or savepoint is rolled back. */
gboolean
orga_store_commit (OrgaStore  *self,
                   GError    **error)
{
  g_return_val_if_fail (ORGA_IS_STORE (self), FALSE);

  /* orga_db_commit() rolls back what it could not commit: so do the
   * marks of the change feed. */
  if (!orga_db_commit (self->db, error))
    {
      _orga_store_feed_rollback (self);
      return store_error (error);
    }

  _orga_store_feed_commit (self);
  return TRUE;
}

/* Undoes what was done since the matching orga_store_begin(). */
void
orga_store_rollback (OrgaStore *self)
{
  g_return_if_fail (ORGA_IS_STORE (self));

  orga_db_rollback (self->db);
  _orga_store_feed_rollback (self);
}

static int
compare_names (const void *a,
               const void *b)
{
  return strcmp (*(const char * const *)a, *(const char * const *)b);
}

/* The schema's files in the order of their numbers, "001-…" first: each
 * moves the schema from version i to i + 1. Read once, kept for the life
 * of the process. */
static GPtrArray *
load_migrations (void)
{
  GResource *resource = orga_core_get_resource ();
  g_auto(GStrv) names = g_resource_enumerate_children (resource, SCHEMA_PATH, 0, NULL);
  GPtrArray *migrations = g_ptr_array_new ();
  guint n = names != NULL ? g_strv_length (names) : 0;

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

guint
_orga_store_get_n_migrations (void)
{
  return get_migrations ()->len;
}

const char *
_orga_store_get_migration (guint version)
{
  GPtrArray *migrations = get_migrations ();

  g_return_val_if_fail (version < migrations->len, NULL);

  return g_ptr_array_index (migrations, version);
}

/* RFC 9562 version 7: a millisecond timestamp then random bits. Rows
 * created together get neighbouring keys, so a 100,000-student import
 * appends to the uuid index instead of scattering writes across it; the
 * ids stay unique across machines for the central server. */
void
_orga_store_uuid7_fill (char   out[37],
                        GRand *rand)
{
  static const char hex[] = "0123456789abcdef";
  static GMutex lock;
  static guint64 last_ms;
  static guint32 counter;
  guint8 b[16];
  guint64 ms = g_get_real_time () / 1000;
  guint32 r1 = rand ? g_rand_int (rand) : g_random_int ();
  guint32 r2 = rand ? g_rand_int (rand) : g_random_int ();
  guint32 r3 = rand ? g_rand_int (rand) : g_random_int ();
  int o = 0;

  /* Within one millisecond a counter keeps the order monotonic. */
  g_mutex_lock (&lock);
  if (ms <= last_ms)
    {
      ms = last_ms;
      counter++;
    }
  else
    {
      last_ms = ms;
      counter = r1 & 0x3FF;
    }
  r1 = (r1 & ~0xFFFu) | (counter & 0xFFF);
  g_mutex_unlock (&lock);

  for (int i = 0; i < 6; i++)
    b[i] = ms >> (40 - 8 * i);
  b[6] = 0x70 | ((r1 >> 8) & 0x0F);
  b[7] = r1 & 0xFF;
  b[8] = 0x80 | ((r2 >> 24) & 0x3F);
  b[9] = r2 >> 16;
  b[10] = r2 >> 8;
  b[11] = r2;
  b[12] = r3 >> 24;
  b[13] = r3 >> 16;
  b[14] = r3 >> 8;
  b[15] = r3;

  for (int i = 0; i < 16; i++)
    {
      if (i == 4 || i == 6 || i == 8 || i == 10)
        out[o++] = '-';
      out[o++] = hex[b[i] >> 4];
      out[o++] = hex[b[i] & 0xF];
    }
  out[o] = '\0';
}

char *
orga_store_new_uuid (void)
{
  char *out = g_malloc (37);

  _orga_store_uuid7_fill (out, NULL);
  return out;
}

/* Always with microseconds: ISO-8601 text then sorts in time order, which
 * g_date_time_format_iso8601() breaks by dropping a zero fraction. */
char *
orga_store_now (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();

  return g_date_time_format (now, "%Y-%m-%dT%H:%M:%S.%fZ");
}

/**
 * orga_store_dup_default_path:
 *
 * `PIXORGA_DB` if set, else `$XDG_DATA_HOME/pixorga/pixorga.db`: the CLI and
 * the app share one database.
 */
char *
orga_store_dup_default_path (void)
{
  const char *env = g_getenv ("PIXORGA_DB");

  if (env != NULL && *env != '\0')
    return g_strdup (env);

  return g_build_filename (g_get_user_data_dir (), "pixorga", "pixorga.db", NULL);
}

/**
 * orga_store_open:
 * @path: (nullable): the database file, %NULL for the default
 *
 * Opens the database, creating it readable by this user only, and brings
 * its schema up to date; a database of a newer PixOrga is refused
 * (%ORGA_STORE_ERROR_TOO_NEW) and left as it is.
 */
OrgaStore *
orga_store_open (const char  *path,
                 GError     **error)
{
  g_autoptr(OrgaStore) self = g_object_new (ORGA_TYPE_STORE, NULL);
  g_autofree char *default_path = NULL;
  GPtrArray *migrations = get_migrations ();

  if (path == NULL)
    path = default_path = orga_store_dup_default_path ();

  self->db = orga_db_open (path, error);
  if (self->db == NULL ||
      !orga_db_migrate (self->db, (const char * const *)migrations->pdata, migrations->len, error))
    {
      store_error (error);
      return NULL;
    }
  _orga_store_feed_opened (self);

  return g_steal_pointer (&self);
}

const char *
orga_store_get_path (OrgaStore *self)
{
  g_return_val_if_fail (ORGA_IS_STORE (self), NULL);

  return orga_db_get_path (self->db);
}

static OrgaOrganization *
organization_from_row (sqlite3_stmt *stmt)
{
  OrgaOrganizationKind kind = ORGA_ORGANIZATION_KIND_SCO;

  orga_organization_kind_from_string (orga_db_column_text (stmt, 4), &kind);

  return orga_organization_new (sqlite3_column_int64 (stmt, 0),
                                orga_db_column_text (stmt, 1),
                                orga_db_column_text (stmt, 2),
                                orga_db_column_text (stmt, 3),
                                kind);
}

static OrgaOrganization *
get_one_organization (OrgaStore   *self,
                      const char  *sql,
                      gint64       id,
                      GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  stmt = _orga_store_prepare (self, sql, error);
  if (stmt == NULL)
    return NULL;
  if (id != 0)
    sqlite3_bind_int64 (stmt, 1, id);

  rc = sqlite3_step (stmt);
  if (rc == SQLITE_DONE)
    return NULL;
  if (rc != SQLITE_ROW)
    {
      _orga_store_set_error (self, "organization", error);
      return NULL;
    }

  return organization_from_row (stmt);
}

/**
 * orga_store_get_organization:
 *
 * The current school: a database bound to an account may hold several
 * spaces (orga-store-account.h), and the account row says which one is
 * open; otherwise the first school, the only one of an offline database.
 *
 * Returns: (transfer full) (nullable): the current school of this
 *   database, or %NULL without error when none was set up yet.
 */
OrgaOrganization *
orga_store_get_organization (OrgaStore  *self,
                             GError    **error)
{
  g_return_val_if_fail (ORGA_IS_STORE (self), NULL);

  return get_one_organization (self,
                               "SELECT id, uuid, uai, name, kind FROM organizations "
                               "ORDER BY id IS NOT (SELECT current_organization_id FROM account WHERE id = 1), id "
                               "LIMIT 1", 0, error);
}

OrgaOrganization *
_orga_store_get_organization_by_id (OrgaStore  *self,
                                    gint64      id,
                                    GError    **error)
{
  g_return_val_if_fail (ORGA_IS_STORE (self), NULL);

  return get_one_organization (self, "SELECT id, uuid, uai, name, kind FROM organizations WHERE id = ?1",
                               id, error);
}

/**
 * orga_store_create_organization:
 *
 * Sets up the school of this database. Calling it again with the same UAI
 * updates the name and kind; a database holds one school only.
 */
OrgaOrganization *
orga_store_create_organization (OrgaStore             *self,
                                const char            *uai,
                                const char            *name,
                                OrgaOrganizationKind   kind,
                                GError               **error)
{
  g_autoptr(OrgaOrganization) existing = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *now = orga_store_now ();
  g_autofree char *uuid = NULL;
  GError *local_error = NULL;

  g_return_val_if_fail (ORGA_IS_STORE (self), NULL);
  g_return_val_if_fail (uai != NULL && *uai != '\0', NULL);
  g_return_val_if_fail (name != NULL && *name != '\0', NULL);

  existing = orga_store_get_organization (self, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, local_error);
      return NULL;
    }

  if (existing != NULL && g_strcmp0 (orga_organization_get_uai (existing), uai) != 0)
    {
      g_set_error (error, ORGA_STORE_ERROR, ORGA_STORE_ERROR_OTHER_ORGANIZATION,
                   _("This database already holds the space of %s; it cannot also hold %s."),
                   orga_organization_get_uai (existing), uai);
      return NULL;
    }

  if (existing != NULL)
    {
      stmt = _orga_store_prepare (self, "UPDATE organizations SET name = ?1, kind = ?2, updated_at = ?3 WHERE id = ?4", error);
      if (stmt == NULL)
        return NULL;
      orga_db_bind_text (stmt, 1, name);
      orga_db_bind_text (stmt, 2, orga_organization_kind_to_string (kind));
      orga_db_bind_text (stmt, 3, now);
      sqlite3_bind_int64 (stmt, 4, orga_organization_get_id (existing));
    }
  else
    {
      uuid = orga_store_new_uuid ();
      stmt = _orga_store_prepare (self,
                                  "INSERT INTO organizations (uuid, uai, name, kind, created_at, updated_at) "
                                  "VALUES (?1, ?2, ?3, ?4, ?5, ?5)", error);
      if (stmt == NULL)
        return NULL;
      orga_db_bind_text (stmt, 1, uuid);
      orga_db_bind_text (stmt, 2, uai);
      orga_db_bind_text (stmt, 3, name);
      orga_db_bind_text (stmt, 4, orga_organization_kind_to_string (kind));
      orga_db_bind_text (stmt, 5, now);
    }

  if (sqlite3_step (stmt) != SQLITE_DONE)
    {
      _orga_store_set_error (self, "organization", error);
      return NULL;
    }
  _orga_store_mark (self, ORGA_STORE_CHANGE_ORGANIZATION, 0);

  return orga_store_get_organization (self, error);
}