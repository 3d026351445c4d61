/* orga-store.c
 *
 * One SQLite file per user. WAL so that the app reads while an import
 * writes from another connection; foreign keys on; every import applied in
 * one transaction so that a crash or a cancel leaves the previous list.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "orga-store"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <sqlite3.h>
#include <string.h>
#include <sys/stat.h>

#include "orga-store.h"
#include "orga-store-private.h"
#include "orga-text.h"

struct _OrgaStore
{
  GObject  parent_instance;

  char    *path;
  sqlite3 *db;
  guint    transaction_depth;   /* see orga_store_begin() */
};

G_DEFINE_FINAL_TYPE (OrgaStore, orga_store, G_TYPE_OBJECT)

G_DEFINE_QUARK (orga-store-error-quark, orga_store_error)

G_DEFINE_BOXED_TYPE (OrgaImportRecord, orga_import_record,
                     orga_import_record_copy, orga_import_record_free)

/* Each entry moves the schema from version i to i + 1. Never edit one that
 * has shipped: add the next. */
static const char * const migrations[] = {
  /* 0 -> 1 */
  "CREATE TABLE organizations ("
  "  id INTEGER PRIMARY KEY,"
  "  uuid TEXT NOT NULL UNIQUE,"
  "  uai TEXT NOT NULL UNIQUE,"
  "  name TEXT NOT NULL,"
  "  kind TEXT NOT NULL CHECK (kind IN ('sco', 'agri')),"
  "  created_at TEXT NOT NULL,"
  "  updated_at TEXT NOT NULL"
  ");"
  "CREATE TABLE imports ("
  "  id INTEGER PRIMARY KEY,"
  "  uuid TEXT NOT NULL UNIQUE,"
  "  organization_id INTEGER NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,"
  "  created_at TEXT NOT NULL,"
  "  created_by TEXT NOT NULL,"
  "  file_name TEXT NOT NULL,"
  "  format TEXT NOT NULL,"
  "  encoding TEXT,"
  "  status TEXT NOT NULL CHECK (status IN ('imported', 'rejected', 'undone')),"
  "  created INTEGER NOT NULL DEFAULT 0,"
  "  updated INTEGER NOT NULL DEFAULT 0,"
  "  unchanged INTEGER NOT NULL DEFAULT 0,"
  "  disabled INTEGER NOT NULL DEFAULT 0,"
  "  ignored INTEGER NOT NULL DEFAULT 0,"
  "  errors TEXT NOT NULL DEFAULT '[]'"
  ");"
  "CREATE INDEX imports_by_organization ON imports (organization_id, created_at);"
  "CREATE TABLE learners ("
  "  id INTEGER PRIMARY KEY,"
  "  uuid TEXT NOT NULL UNIQUE,"
  "  organization_id INTEGER NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,"
  "  ine TEXT NOT NULL,"
  "  last_name TEXT NOT NULL,"
  "  preferred_last_name TEXT,"
  "  first_name TEXT NOT NULL,"
  "  middle_name TEXT,"
  "  third_name TEXT,"
  "  sex TEXT CHECK (sex IN ('M', 'F')),"
  "  birthdate TEXT,"
  "  birth_country_code TEXT,"
  "  birth_province_code TEXT,"
  "  birth_city_code TEXT,"
  "  birth_city TEXT,"
  "  mef_code TEXT,"
  "  status TEXT,"
  "  division TEXT,"
  "  name_key TEXT NOT NULL,"
  "  disabled_at TEXT,"
  "  created_at TEXT NOT NULL,"
  "  updated_at TEXT NOT NULL,"
  "  import_id INTEGER REFERENCES imports (id) ON DELETE SET NULL,"
  "  UNIQUE (organization_id, ine)"
  ");"
  /* What an import overwrote, so that it can be undone: every column of each
   * learner it updated or disabled, as it was before. The learners it
   * created are those pointing at it with no row here. Only the latest
   * import is kept: applying one drops the rows of the others. */
  "CREATE TABLE learners_before_import ("
  "  import_id INTEGER NOT NULL REFERENCES imports (id) ON DELETE CASCADE,"
  "  learner_id INTEGER NOT NULL,"
  "  uuid TEXT NOT NULL,"
  "  organization_id INTEGER NOT NULL,"
  "  ine TEXT NOT NULL,"
  "  last_name TEXT NOT NULL,"
  "  preferred_last_name TEXT,"
  "  first_name TEXT NOT NULL,"
  "  middle_name TEXT,"
  "  third_name TEXT,"
  "  sex TEXT,"
  "  birthdate TEXT,"
  "  birth_country_code TEXT,"
  "  birth_province_code TEXT,"
  "  birth_city_code TEXT,"
  "  birth_city TEXT,"
  "  mef_code TEXT,"
  "  status TEXT,"
  "  division TEXT,"
  "  name_key TEXT NOT NULL,"
  "  disabled_at TEXT,"
  "  created_at TEXT NOT NULL,"
  "  updated_at TEXT NOT NULL,"
  "  previous_import_id INTEGER,"
  "  PRIMARY KEY (import_id, learner_id)"
  ") WITHOUT ROWID;",
  /* 1 -> 2: campaigns and their participations. name_key and owner_key are
   * folded (orga_text_fold) for accent- and case-insensitive search. Codes
   * stay unique among every campaign ever created, deleted ones included. */
  "CREATE TABLE campaigns ("
  "  id INTEGER PRIMARY KEY,"
  "  uuid TEXT NOT NULL UNIQUE,"
  "  organization_id INTEGER NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,"
  "  code TEXT NOT NULL UNIQUE,"
  "  name TEXT NOT NULL,"
  "  name_key TEXT NOT NULL,"
  "  type TEXT NOT NULL CHECK (type IN ('ASSESSMENT', 'PROFILES_COLLECTION')),"
  "  target_profile_id TEXT,"
  "  owner TEXT NOT NULL,"
  "  owner_key TEXT NOT NULL,"
  "  creator TEXT NOT NULL,"
  "  title TEXT,"
  "  landing_text TEXT,"
  "  external_id_type TEXT CHECK (external_id_type IN ('STRING', 'EMAIL')),"
  "  external_id_label TEXT,"
  "  multiple_sendings INTEGER NOT NULL DEFAULT 0,"
  "  created_at TEXT NOT NULL,"
  "  updated_at TEXT NOT NULL,"
  "  archived_at TEXT,"
  "  archived_by TEXT,"
  "  deleted_at TEXT,"
  "  deleted_by TEXT"
  ");"
  "CREATE INDEX campaigns_by_organization ON campaigns (organization_id, created_at);"
  /* learner_id is NULL once a deleted campaign's participations are
   * anonymised; results: see orga-participation-set.h. */
  "CREATE TABLE participations ("
  "  id INTEGER PRIMARY KEY,"
  "  uuid TEXT NOT NULL UNIQUE,"
  "  campaign_id INTEGER NOT NULL REFERENCES campaigns (id) ON DELETE CASCADE,"
  "  learner_id INTEGER REFERENCES learners (id) ON DELETE SET NULL,"
  "  status TEXT NOT NULL CHECK (status IN ('STARTED', 'TO_SHARE', 'SHARED')),"
  "  created_at TEXT NOT NULL,"
  "  shared_at TEXT,"
  "  mastery_rate REAL NOT NULL DEFAULT 0,"
  "  progression REAL NOT NULL DEFAULT 0,"
  "  pix_score INTEGER NOT NULL DEFAULT 0,"
  "  validated_skills INTEGER NOT NULL DEFAULT 0,"
  "  is_certifiable INTEGER CHECK (is_certifiable IN (0, 1)),"
  "  is_improved INTEGER NOT NULL DEFAULT 0,"
  "  attempt INTEGER NOT NULL DEFAULT 1,"
  "  external_id TEXT,"
  "  is_demo INTEGER NOT NULL DEFAULT 0,"
  "  deleted_at TEXT,"
  "  deleted_by TEXT,"
  "  results BLOB"
  ");"
  /* The campaign list counts participants and results received per
   * campaign from this index alone; the student list counts and dates each
   * student's participations from the second. */
  "CREATE INDEX participations_by_campaign ON participations (campaign_id, is_improved, status) "
  "  WHERE deleted_at IS NULL;"
  "CREATE INDEX participations_by_learner ON participations (learner_id, is_improved, created_at) "
  "  WHERE deleted_at IS NULL;",
};

#define LEARNER_COLUMNS \
  "ine, last_name, preferred_last_name, first_name, middle_name, third_name, sex, birthdate, " \
  "birth_country_code, birth_province_code, birth_city_code, birth_city, mef_code, status, division"
#define N_LEARNER_COLUMNS 15

static void
orga_store_finalize (GObject *object)
{
  OrgaStore *self = (OrgaStore *)object;

  if (self->db != NULL)
    sqlite3_close_v2 (g_steal_pointer (&self->db));
  g_clear_pointer (&self->path, g_free);

  G_OBJECT_CLASS (orga_store_parent_class)->finalize (object);
}

static void
orga_store_class_init (OrgaStoreClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = orga_store_finalize;
}

static void
orga_store_init (OrgaStore *self)
{
}

static gboolean
set_sqlite_error (GError  **error,
                  sqlite3  *db,
                  const char *what)
{
  g_set_error (error, ORGA_STORE_ERROR, ORGA_STORE_ERROR_FAILED,
               _("Database error (%s): %s"), what, sqlite3_errmsg (db));
  return FALSE;
}

static gboolean
exec (OrgaStore   *self,
      const char  *sql,
      GError     **error)
{
  char *message = NULL;

  if (sqlite3_exec (self->db, sql, NULL, NULL, &message) != SQLITE_OK)
    {
      g_set_error (error, ORGA_STORE_ERROR, ORGA_STORE_ERROR_FAILED,
                   _("Database error: %s"), message ? message : sqlite3_errmsg (self->db));
      sqlite3_free (message);
      return FALSE;
    }

  return TRUE;
}

static sqlite3_stmt *
prepare (OrgaStore   *self,
         const char  *sql,
         GError     **error)
{
  sqlite3_stmt *stmt = NULL;

  if (sqlite3_prepare_v3 (self->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &stmt, NULL) != SQLITE_OK)
    {
      set_sqlite_error (error, self->db, "prepare");
      return NULL;
    }

  return stmt;
}

/* Shared with the other parts of the store (orga-store-private.h). */

sqlite3 *
_orga_store_get_db (OrgaStore *self)
{
  return self->db;
}

/**
 * orga_store_begin:
 *
 * Starts a transaction, or a savepoint inside the one already started:
 * several operations of the store (each a transaction of its own when
 * alone) then apply together or not at all. Each begin is paired with
 * orga_store_commit() or orga_store_rollback().
 */
gboolean
orga_store_begin (OrgaStore  *self,
                  GError    **error)
{
  g_autofree char *sql = NULL;

  g_return_val_if_fail (ORGA_IS_STORE (self), FALSE);

  /* IMMEDIATE: the write lock now, not at the first write, when a reader
   * on another connection could make the upgrade fail. */
  sql = self->transaction_depth == 0
          ? g_strdup ("BEGIN IMMEDIATE")
          : g_strdup_printf ("SAVEPOINT orga_%u", self->transaction_depth);
  if (!exec (self, sql, error))
    return FALSE;

  self->transaction_depth++;
  return TRUE;
}

gboolean
orga_store_commit (OrgaStore  *self,
                   GError    **error)
{
  g_autofree char *sql = NULL;

  g_return_val_if_fail (ORGA_IS_STORE (self), FALSE);
  g_return_val_if_fail (self->transaction_depth > 0, FALSE);

  if (self->transaction_depth == 1)
    {
      if (!exec (self, "COMMIT", error))
        {
          orga_store_rollback (self);
          return FALSE;
        }
      self->transaction_depth = 0;
      return TRUE;
    }

  sql = g_strdup_printf ("RELEASE orga_%u", self->transaction_depth - 1);
  if (!exec (self, sql, error))
    {
      orga_store_rollback (self);
      return FALSE;
    }

  self->transaction_depth--;
  return TRUE;
}

/* Undoes what was done since the matching orga_store_begin(). */
void
orga_store_rollback (OrgaStore *self)
{
  g_autofree char *sql = NULL;

  g_return_if_fail (ORGA_IS_STORE (self));
  g_return_if_fail (self->transaction_depth > 0);

  if (self->transaction_depth == 1)
    sql = g_strdup ("ROLLBACK");
  else
    sql = g_strdup_printf ("ROLLBACK TO orga_%u; RELEASE orga_%u",
                           self->transaction_depth - 1, self->transaction_depth - 1);
  exec (self, sql, NULL);
  self->transaction_depth--;
}

gboolean
_orga_store_exec (OrgaStore   *self,
                  const char  *sql,
                  GError     **error)
{
  return exec (self, sql, error);
}

sqlite3_stmt *
_orga_store_prepare (OrgaStore   *self,
                     const char  *sql,
                     GError     **error)
{
  return prepare (self, sql, error);
}

gboolean
_orga_store_set_error (OrgaStore   *self,
                       const char  *what,
                       GError     **error)
{
  return set_sqlite_error (error, self->db, what);
}

guint
_orga_store_get_n_migrations (void)
{
  return G_N_ELEMENTS (migrations);
}

const char *
_orga_store_get_migration (guint version)
{
  g_return_val_if_fail (version < G_N_ELEMENTS (migrations), NULL);

  return migrations[version];
}

static inline void
bind_text (sqlite3_stmt *stmt,
           int           index,
           const char   *text)
{
  if (text == NULL)
    sqlite3_bind_null (stmt, index);
  else
    sqlite3_bind_text (stmt, index, text, -1, SQLITE_STATIC);
}

static inline const char *
column_text (sqlite3_stmt *stmt,
             int           index)
{
  return (const char *)sqlite3_column_text (stmt, index);
}

/* The next character of a class name as a reader compares it: a run of
 * blanks is one space, trailing blanks nothing, letters lower-case; -1 at
 * the end. */
static int
next_compared_byte (const guchar **p,
                    const guchar  *end)
{
  if (*p == end)
    return -1;

  if (g_ascii_isspace (**p))
    {
      while (*p < end && g_ascii_isspace (**p))
        (*p)++;
      return *p == end ? -1 : ' ';
    }

  return g_ascii_tolower (*(*p)++);
}

/* Compares folded text with runs of digits as numbers, so that "6e2" comes
 * before "6e10". Leading zeros do not count: "6e01" ties with "6e1". */
static int
compare_natural_folded (const char *a,
                        gsize       len_a,
                        const char *b,
                        gsize       len_b)
{
  const guchar *pa = (const guchar *)a, *end_a = pa + len_a;
  const guchar *pb = (const guchar *)b, *end_b = pb + len_b;

  while (pa < end_a && g_ascii_isspace (*pa))
    pa++;
  while (pb < end_b && g_ascii_isspace (*pb))
    pb++;

  for (;;)
    {
      int ca, cb;

      if (pa < end_a && pb < end_b && g_ascii_isdigit (*pa) && g_ascii_isdigit (*pb))
        {
          const guchar *start_a, *start_b;
          gsize digits_a, digits_b;
          int cmp;

          while (pa < end_a && *pa == '0')
            pa++;
          while (pb < end_b && *pb == '0')
            pb++;
          for (start_a = pa; pa < end_a && g_ascii_isdigit (*pa); pa++)
            ;
          for (start_b = pb; pb < end_b && g_ascii_isdigit (*pb); pb++)
            ;
          digits_a = pa - start_a;
          digits_b = pb - start_b;
          if (digits_a != digits_b)
            return digits_a < digits_b ? -1 : 1;
          cmp = memcmp (start_a, start_b, digits_a);
          if (cmp != 0)
            return cmp < 0 ? -1 : 1;
          continue;
        }

      ca = next_compared_byte (&pa, end_a);
      cb = next_compared_byte (&pb, end_b);
      if (ca != cb)
        return ca < cb ? -1 : 1;
      if (ca == -1)
        return 0;
    }
}

static gboolean
has_non_ascii (const char *text)
{
  for (const char *c = text; *c; c++)
    if ((guchar)*c >= 0x80)
      return TRUE;

  return FALSE;
}

/**
 * orga_store_compare_divisions:
 *
 * Orders class names as a French reader does, and as the store sorts them:
 * case and accents ignored, numbers by value ("6e2" before "6e10"). Names
 * that read the same ("6A", "6a") still compare unequal, in a fixed order.
 */
int
orga_store_compare_divisions (const char *a,
                              const char *b)
{
  int cmp;

  if (a == NULL || b == NULL)
    return a == b ? 0 : a == NULL ? -1 : 1;

  /* Class names are nearly always ASCII: only accents need the full fold. */
  if (has_non_ascii (a) || has_non_ascii (b))
    {
      g_autofree char *folded_a = orga_text_fold (a);
      g_autofree char *folded_b = orga_text_fold (b);

      cmp = compare_natural_folded (folded_a, strlen (folded_a), folded_b, strlen (folded_b));
    }
  else
    {
      cmp = compare_natural_folded (a, strlen (a), b, strlen (b));
    }
  if (cmp != 0)
    return cmp;

  cmp = strcmp (a, b);
  return cmp < 0 ? -1 : cmp > 0;
}

/* RFC 9562 version 7: a millisecond timestamp then random bits. Rows
 * created together get neighbouring keys, so a 100,000-student import
 * appends to the uuid index instead of scattering writes across it; the
 * ids stay unique across machines for the central server. */
static void
uuid7_fill (char   out[37],
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

  uuid7_fill (out, NULL);
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

static gboolean
migrate (OrgaStore  *self,
         GError    **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int version;

  stmt = prepare (self, "PRAGMA user_version", error);
  if (stmt == NULL)
    return FALSE;
  if (sqlite3_step (stmt) != SQLITE_ROW)
    return set_sqlite_error (error, self->db, "user_version");
  version = sqlite3_column_int (stmt, 0);

  if (version > (int)G_N_ELEMENTS (migrations))
    {
      g_set_error (error, ORGA_STORE_ERROR, ORGA_STORE_ERROR_TOO_NEW,
                   _("The database %s was written by a newer version of PixOrga; update PixOrga to open it."),
                   self->path);
      return FALSE;
    }

  for (int v = version; v < (int)G_N_ELEMENTS (migrations); v++)
    {
      g_autofree char *bump = g_strdup_printf ("PRAGMA user_version = %d", v + 1);

      if (!exec (self, "BEGIN IMMEDIATE", error))
        return FALSE;

      /* Another process may have migrated while we waited for the lock. */
      {
        g_autoptr(sqlite3_stmt) check = prepare (self, "PRAGMA user_version", error);

        if (check == NULL || sqlite3_step (check) != SQLITE_ROW)
          {
            exec (self, "ROLLBACK", NULL);
            return check == NULL ? FALSE : set_sqlite_error (error, self->db, "user_version");
          }
        if (sqlite3_column_int (check, 0) > v)
          {
            exec (self, "ROLLBACK", NULL);
            continue;
          }
      }

      if (!exec (self, migrations[v], error) || !exec (self, bump, error))
        {
          exec (self, "ROLLBACK", NULL);
          return FALSE;
        }
      if (!exec (self, "COMMIT", error))
        return FALSE;
    }

  return TRUE;
}

/**
 * orga_store_open:
 * @path: (nullable): the database file, %NULL for the default
 */
OrgaStore *
orga_store_open (const char  *path,
                 GError     **error)
{
  g_autoptr(OrgaStore) self = g_object_new (ORGA_TYPE_STORE, NULL);

  self->path = path != NULL ? g_strdup (path) : orga_store_dup_default_path ();

  if (!g_file_test (self->path, G_FILE_TEST_EXISTS) && !create_private_file (self->path, error))
    return NULL;

  if (sqlite3_open_v2 (self->path, &self->db,
                       SQLITE_OPEN_READWRITE | SQLITE_OPEN_FULLMUTEX, NULL) != SQLITE_OK)
    {
      g_set_error (error, ORGA_STORE_ERROR, ORGA_STORE_ERROR_FAILED,
                   _("Cannot open the database %s: %s"), self->path,
                   self->db ? sqlite3_errmsg (self->db) : g_strerror (ENOMEM));
      return NULL;
    }

  sqlite3_busy_timeout (self->db, 10000);
  sqlite3_extended_result_codes (self->db, 1);

  /* FULL: the head teacher's list must survive a power cut, and WAL makes
   * it cost one sync per import. */
  if (!exec (self,
             "PRAGMA journal_mode = WAL;"
             "PRAGMA synchronous = FULL;"
             "PRAGMA foreign_keys = ON;"
             "PRAGMA cache_size = -8192;"
             "PRAGMA temp_store = MEMORY;",
             error))
    return NULL;

  if (!migrate (self, error))
    return NULL;

  return g_steal_pointer (&self);
}

const char *
orga_store_get_path (OrgaStore *self)
{
  g_return_val_if_fail (ORGA_IS_STORE (self), NULL);

  return self->path;
}

static OrgaOrganization *
organization_from_row (sqlite3_stmt *stmt)
{
  OrgaOrganizationKind kind = ORGA_ORGANIZATION_KIND_SCO;

  orga_organization_kind_from_string (column_text (stmt, 4), &kind);

  return orga_organization_new (sqlite3_column_int64 (stmt, 0),
                                column_text (stmt, 1),
                                column_text (stmt, 2),
                                column_text (stmt, 3),
                                kind);
}

/**
 * orga_store_get_organization:
 *
 * Returns: (transfer full) (nullable): the school of this database, or
 *   %NULL without error when none was set up yet.
 */
OrgaOrganization *
orga_store_get_organization (OrgaStore  *self,
                             GError    **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  g_return_val_if_fail (ORGA_IS_STORE (self), NULL);

  stmt = prepare (self, "SELECT id, uuid, uai, name, kind FROM organizations ORDER BY id LIMIT 1", error);
  if (stmt == NULL)
    return NULL;

  rc = sqlite3_step (stmt);
  if (rc == SQLITE_DONE)
    return NULL;
  if (rc != SQLITE_ROW)
    {
      set_sqlite_error (error, self->db, "organization");
      return NULL;
    }

  return organization_from_row (stmt);
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
      stmt = prepare (self, "UPDATE organizations SET name = ?1, kind = ?2, updated_at = ?3 WHERE id = ?4", error);
      if (stmt == NULL)
        return NULL;
      bind_text (stmt, 1, name);
      bind_text (stmt, 2, orga_organization_kind_to_string (kind));
      bind_text (stmt, 3, now);
      sqlite3_bind_int64 (stmt, 4, orga_organization_get_id (existing));
    }
  else
    {
      uuid = orga_store_new_uuid ();
      stmt = prepare (self,
                      "INSERT INTO organizations (uuid, uai, name, kind, created_at, updated_at) "
                      "VALUES (?1, ?2, ?3, ?4, ?5, ?5)", error);
      if (stmt == NULL)
        return NULL;
      bind_text (stmt, 1, uuid);
      bind_text (stmt, 2, uai);
      bind_text (stmt, 3, name);
      bind_text (stmt, 4, orga_organization_kind_to_string (kind));
      bind_text (stmt, 5, now);
    }

  if (sqlite3_step (stmt) != SQLITE_DONE)
    {
      set_sqlite_error (error, self->db, "organization");
      return NULL;
    }

  return orga_store_get_organization (self, error);
}

static void
fields_from_row (OrgaLearnerFields *f,
                 sqlite3_stmt      *stmt,
                 int                first)
{
  f->ine = column_text (stmt, first + 0);
  f->last_name = column_text (stmt, first + 1);
  f->preferred_last_name = column_text (stmt, first + 2);
  f->first_name = column_text (stmt, first + 3);
  f->middle_name = column_text (stmt, first + 4);
  f->third_name = column_text (stmt, first + 5);
  f->sex = column_text (stmt, first + 6);
  f->birthdate = column_text (stmt, first + 7);
  f->birth_country_code = column_text (stmt, first + 8);
  f->birth_province_code = column_text (stmt, first + 9);
  f->birth_city_code = column_text (stmt, first + 10);
  f->birth_city = column_text (stmt, first + 11);
  f->mef_code = column_text (stmt, first + 12);
  f->status = column_text (stmt, first + 13);
  f->division = column_text (stmt, first + 14);
}

static void
bind_fields (sqlite3_stmt            *stmt,
             int                      first,
             const OrgaLearnerFields *f)
{
  bind_text (stmt, first + 0, f->ine);
  bind_text (stmt, first + 1, f->last_name);
  bind_text (stmt, first + 2, f->preferred_last_name);
  bind_text (stmt, first + 3, f->first_name);
  bind_text (stmt, first + 4, f->middle_name);
  bind_text (stmt, first + 5, f->third_name);
  bind_text (stmt, first + 6, f->sex);
  bind_text (stmt, first + 7, f->birthdate);
  bind_text (stmt, first + 8, f->birth_country_code);
  bind_text (stmt, first + 9, f->birth_province_code);
  bind_text (stmt, first + 10, f->birth_city_code);
  bind_text (stmt, first + 11, f->birth_city);
  bind_text (stmt, first + 12, f->mef_code);
  bind_text (stmt, first + 13, f->status);
  bind_text (stmt, first + 14, f->division);
}

static gboolean
fields_equal (const OrgaLearnerFields *a,
              const OrgaLearnerFields *b)
{
  return g_strcmp0 (a->last_name, b->last_name) == 0 &&
         g_strcmp0 (a->preferred_last_name, b->preferred_last_name) == 0 &&
         g_strcmp0 (a->first_name, b->first_name) == 0 &&
         g_strcmp0 (a->middle_name, b->middle_name) == 0 &&
         g_strcmp0 (a->third_name, b->third_name) == 0 &&
         g_strcmp0 (a->sex, b->sex) == 0 &&
         g_strcmp0 (a->birthdate, b->birthdate) == 0 &&
         g_strcmp0 (a->birth_country_code, b->birth_country_code) == 0 &&
         g_strcmp0 (a->birth_province_code, b->birth_province_code) == 0 &&
         g_strcmp0 (a->birth_city_code, b->birth_city_code) == 0 &&
         g_strcmp0 (a->birth_city, b->birth_city) == 0 &&
         g_strcmp0 (a->mef_code, b->mef_code) == 0 &&
         g_strcmp0 (a->status, b->status) == 0 &&
         g_strcmp0 (a->division, b->division) == 0;
}

#define ROW_COLUMNS "id, uuid, " LEARNER_COLUMNS ", disabled_at, created_at, updated_at"

static void
row_from_stmt (OrgaLearnerRow *row,
               sqlite3_stmt   *stmt)
{
  row->id = sqlite3_column_int64 (stmt, 0);
  row->uuid = column_text (stmt, 1);
  fields_from_row (&row->fields, stmt, 2);
  row->disabled_at = column_text (stmt, 2 + N_LEARNER_COLUMNS);
  row->created_at = column_text (stmt, 3 + N_LEARNER_COLUMNS);
  row->updated_at = column_text (stmt, 4 + N_LEARNER_COLUMNS);
}

gboolean
orga_store_foreach_learner (OrgaStore              *self,
                            OrgaOrganization       *organization,
                            const OrgaLearnerQuery *query,
                            OrgaLearnerFunc         func,
                            gpointer                user_data,
                            GError                **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  g_return_val_if_fail (ORGA_IS_STORE (self), FALSE);
  g_return_val_if_fail (ORGA_IS_ORGANIZATION (organization), FALSE);
  g_return_val_if_fail (func != NULL, FALSE);

  stmt = prepare (self,
                  "SELECT " ROW_COLUMNS " "
                  "FROM learners WHERE organization_id = ?1 "
                  "AND (?2 OR disabled_at IS NULL) AND (?3 IS NULL OR division = ?3) "
                  "ORDER BY name_key, ine", error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, orga_organization_get_id (organization));
  sqlite3_bind_int (stmt, 2, query != NULL && query->include_disabled);
  bind_text (stmt, 3, query != NULL ? query->division : NULL);

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      OrgaLearnerRow row = { 0 };

      row_from_stmt (&row, stmt);
      if (!func (&row, user_data))
        return TRUE;
    }

  if (rc != SQLITE_DONE)
    return set_sqlite_error (error, self->db, "learners");

  return TRUE;
}

/**
 * orga_store_foreach_learner_key:
 *
 * Calls @func for each active student, in no particular order, with what a
 * list needs to search, filter and sort without asking the database again:
 * one pass, read once per list and kept in memory. Sorting is left to the
 * caller: SQLite's sort of 50,000 unindexed rows took as long as the scan.
 */
gboolean
orga_store_foreach_learner_key (OrgaStore          *self,
                                OrgaOrganization   *organization,
                                OrgaLearnerKeyFunc  func,
                                gpointer            user_data,
                                GError            **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  g_return_val_if_fail (ORGA_IS_STORE (self), FALSE);
  g_return_val_if_fail (ORGA_IS_ORGANIZATION (organization), FALSE);
  g_return_val_if_fail (func != NULL, FALSE);

  stmt = prepare (self,
                  "SELECT id, name_key, division, ine FROM learners "
                  "WHERE organization_id = ?1 AND disabled_at IS NULL",
                  error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, orga_organization_get_id (organization));
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    if (!func (sqlite3_column_int64 (stmt, 0), column_text (stmt, 1), column_text (stmt, 2),
               column_text (stmt, 3), user_data))
      return TRUE;

  if (rc != SQLITE_DONE)
    return set_sqlite_error (error, self->db, "learners");

  return TRUE;
}

/**
 * orga_store_count_participations_by_learner:
 *
 * How many participations count for each student of the school who has
 * any (latest attempt per campaign, not deleted): for sorting the list.
 *
 * Returns: (transfer full): learner id (gint64 *) → count (GUINT_TO_POINTER)
 */
GHashTable *
orga_store_count_participations_by_learner (OrgaStore         *self,
                                            OrgaOrganization  *organization,
                                            GError           **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GHashTable) counts = NULL;
  int rc;

  g_return_val_if_fail (ORGA_IS_STORE (self), NULL);
  g_return_val_if_fail (ORGA_IS_ORGANIZATION (organization), NULL);

  stmt = prepare (self,
                  "SELECT p.learner_id, count(*) FROM participations p "
                  "JOIN learners l ON l.id = p.learner_id "
                  "WHERE l.organization_id = ?1 AND p.deleted_at IS NULL AND p.is_improved = 0 "
                  "GROUP BY p.learner_id",
                  error);
  if (stmt == NULL)
    return NULL;

  sqlite3_bind_int64 (stmt, 1, orga_organization_get_id (organization));
  counts = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 *id = g_new (gint64, 1);

      *id = sqlite3_column_int64 (stmt, 0);
      g_hash_table_insert (counts, id, GUINT_TO_POINTER (sqlite3_column_int (stmt, 1)));
    }

  if (rc != SQLITE_DONE)
    {
      set_sqlite_error (error, self->db, "participations");
      return NULL;
    }

  return g_steal_pointer (&counts);
}

/* Enough for a screenful in one statement, well under SQLite's limit on
 * parameters. */
#define FETCH_CHUNK 256

typedef struct
{
  gint64      learner_id;
  guint       count;
  const char *created_at;
  const char *campaign;
  const char *type;
  const char *status;
} ParticipationSummary;

/**
 * orga_store_fetch_learners_by_id:
 * @ids: (array length=n_ids): learner ids
 *
 * Calls @func for each learner of @ids that exists, active or not, in no
 * particular order; ids that are not found are skipped.
 */
gboolean
orga_store_fetch_learners_by_id (OrgaStore        *self,
                                 const gint64     *ids,
                                 guint             n_ids,
                                 OrgaLearnerFunc   func,
                                 gpointer          user_data,
                                 GError          **error)
{
  g_return_val_if_fail (ORGA_IS_STORE (self), FALSE);
  g_return_val_if_fail (ids != NULL || n_ids == 0, FALSE);
  g_return_val_if_fail (func != NULL, FALSE);

  for (guint start = 0; start < n_ids; start += FETCH_CHUNK)
    {
      g_autoptr(GString) sql = g_string_new ("SELECT " ROW_COLUMNS " FROM learners WHERE id IN (?");
      g_autoptr(GString) summary_sql = NULL;
      g_autoptr(sqlite3_stmt) stmt = NULL;
      g_autoptr(sqlite3_stmt) summary = NULL;
      g_autoptr(GHashTable) summaries = g_hash_table_new_full (g_int64_hash, g_int64_equal, NULL, g_free);
      g_autoptr(GStringChunk) strings = g_string_chunk_new (1024);
      ParticipationSummary *one;
      guint n = MIN (FETCH_CHUNK, n_ids - start);
      int rc;

      for (guint i = 1; i < n; i++)
        g_string_append (sql, ", ?");
      g_string_append_c (sql, ')');

      /* Each student's participations that count, and the latest of them:
       * with a single max(), SQLite takes the other columns from that row. */
      summary_sql = g_string_new ("SELECT p.learner_id, count(*), max(p.created_at), c.name, c.type, p.status "
                                  "FROM participations p JOIN campaigns c ON c.id = p.campaign_id "
                                  "WHERE p.deleted_at IS NULL AND p.is_improved = 0 AND p.learner_id IN (?");
      for (guint i = 1; i < n; i++)
        g_string_append (summary_sql, ", ?");
      g_string_append (summary_sql, ") GROUP BY p.learner_id");

      if (sqlite3_prepare_v2 (self->db, sql->str, -1, &stmt, NULL) != SQLITE_OK ||
          sqlite3_prepare_v2 (self->db, summary_sql->str, -1, &summary, NULL) != SQLITE_OK)
        return set_sqlite_error (error, self->db, "prepare");
      for (guint i = 0; i < n; i++)
        {
          sqlite3_bind_int64 (stmt, i + 1, ids[start + i]);
          sqlite3_bind_int64 (summary, i + 1, ids[start + i]);
        }

      while ((rc = sqlite3_step (summary)) == SQLITE_ROW)
        {
          ParticipationSummary *read = g_new0 (ParticipationSummary, 1);

          read->learner_id = sqlite3_column_int64 (summary, 0);
          read->count = sqlite3_column_int (summary, 1);
          read->created_at = g_string_chunk_insert (strings, column_text (summary, 2));
          read->campaign = g_string_chunk_insert (strings, column_text (summary, 3) ?: "");
          read->type = g_string_chunk_insert (strings, column_text (summary, 4) ?: "");
          read->status = g_string_chunk_insert (strings, column_text (summary, 5) ?: "");
          g_hash_table_insert (summaries, &read->learner_id, read);
        }
      if (rc != SQLITE_DONE)
        return set_sqlite_error (error, self->db, "participations");

      while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
        {
          OrgaLearnerRow row = { 0 };

          row_from_stmt (&row, stmt);
          one = g_hash_table_lookup (summaries, &row.id);
          if (one != NULL)
            {
              row.participation_count = one->count;
              row.last_participation_at = one->created_at;
              row.last_participation_campaign = one->campaign;
              row.last_participation_type = one->type;
              row.last_participation_status = one->status;
            }
          if (!func (&row, user_data))
            return TRUE;
        }

      if (rc != SQLITE_DONE)
        return set_sqlite_error (error, self->db, "learners");
    }

  return TRUE;
}

static int
compare_division_pointers (gconstpointer a,
                           gconstpointer b)
{
  return orga_store_compare_divisions (*(const char * const *)a, *(const char * const *)b);
}

/**
 * orga_store_list_divisions:
 *
 * Returns: (transfer full): the classes of the active students, in the
 *   order of orga_store_compare_divisions()
 */
GStrv
orga_store_list_divisions (OrgaStore         *self,
                           OrgaOrganization  *organization,
                           GError           **error)
{
  g_autoptr(GPtrArray) divisions = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  g_return_val_if_fail (ORGA_IS_STORE (self), NULL);
  g_return_val_if_fail (ORGA_IS_ORGANIZATION (organization), NULL);

  stmt = prepare (self,
                  "SELECT DISTINCT division FROM learners "
                  "WHERE organization_id = ?1 AND disabled_at IS NULL AND division IS NOT NULL", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, orga_organization_get_id (organization));

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (divisions, g_strdup (column_text (stmt, 0)));

  if (rc != SQLITE_DONE)
    {
      set_sqlite_error (error, self->db, "divisions");
      return NULL;
    }

  g_ptr_array_sort (divisions, compare_division_pointers);
  g_ptr_array_add (divisions, NULL);

  return (GStrv)g_ptr_array_free (g_steal_pointer (&divisions), FALSE);
}

guint
orga_store_count_learners (OrgaStore         *self,
                           OrgaOrganization  *organization,
                           gboolean           include_disabled,
                           GError           **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  g_return_val_if_fail (ORGA_IS_STORE (self), 0);
  g_return_val_if_fail (ORGA_IS_ORGANIZATION (organization), 0);

  stmt = prepare (self,
                  "SELECT count(*) FROM learners WHERE organization_id = ?1 AND (?2 OR disabled_at IS NULL)",
                  error);
  if (stmt == NULL)
    return 0;

  sqlite3_bind_int64 (stmt, 1, orga_organization_get_id (organization));
  sqlite3_bind_int (stmt, 2, include_disabled);

  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      set_sqlite_error (error, self->db, "count");
      return 0;
    }

  return sqlite3_column_int (stmt, 0);
}

static gint64
insert_import_record (OrgaStore        *self,
                      OrgaOrganization *organization,
                      OrgaImportReport *report,
                      const char       *status,
                      const char       *user_name,
                      const char       *now,
                      GError          **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *uuid = orga_store_new_uuid ();
  g_autofree char *errors_json = orga_import_report_errors_to_json (report);
  const OrgaImportCounts *counts = orga_import_report_get_counts (report);

  stmt = prepare (self,
                  "INSERT INTO imports (uuid, organization_id, created_at, created_by, file_name, format, "
                  "encoding, status, created, updated, unchanged, disabled, ignored, errors) "
                  "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)", error);
  if (stmt == NULL)
    return 0;

  bind_text (stmt, 1, uuid);
  sqlite3_bind_int64 (stmt, 2, orga_organization_get_id (organization));
  bind_text (stmt, 3, now);
  bind_text (stmt, 4, user_name != NULL ? user_name : g_get_real_name ());
  bind_text (stmt, 5, orga_import_report_get_file_name (report));
  bind_text (stmt, 6, orga_import_format_to_string (orga_import_report_get_format (report)));
  bind_text (stmt, 7, orga_import_report_get_encoding (report));
  bind_text (stmt, 8, status);
  sqlite3_bind_int (stmt, 9, counts->created);
  sqlite3_bind_int (stmt, 10, counts->updated);
  sqlite3_bind_int (stmt, 11, counts->unchanged);
  sqlite3_bind_int (stmt, 12, counts->disabled);
  sqlite3_bind_int (stmt, 13, counts->ignored);
  bind_text (stmt, 14, errors_json);

  if (sqlite3_step (stmt) != SQLITE_DONE)
    {
      set_sqlite_error (error, self->db, "import record");
      return 0;
    }

  return sqlite3_last_insert_rowid (self->db);
}

/**
 * orga_store_record_rejected_import:
 *
 * Keeps a trace of a refused file (who, when, which errors); students are
 * not touched.
 */
gboolean
orga_store_record_rejected_import (OrgaStore         *self,
                                   OrgaOrganization  *organization,
                                   OrgaImportReport  *report,
                                   const char        *user_name,
                                   GError           **error)
{
  g_autofree char *now = orga_store_now ();
  gint64 id;

  g_return_val_if_fail (ORGA_IS_STORE (self), FALSE);

  id = insert_import_record (self, organization, report, "rejected", user_name, now, error);
  if (id == 0)
    return FALSE;

  orga_import_report_set_import_id (report, id);
  return TRUE;
}

#define INSERT_BATCH 32
#define INSERT_ROW_VALUES "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
#define INSERT_ROW_PARAMS 21

typedef struct
{
  sqlite3_stmt *find;
  gboolean      none_known;  /* the school has no learner yet: find finds none */
  sqlite3_stmt *insert;
  sqlite3_stmt *update;
  sqlite3_stmt *disable;
  sqlite3_stmt *save;      /* keeps a learner's row before it is overwritten */
  GString      *key;
  GRand        *rand;      /* g_random_int() takes a global lock per call */

  /* New students are inserted INSERT_BATCH at a time: one statement for
   * many rows costs far less than one each. */
  sqlite3_stmt *insert_batch;
  const OrgaLearnerFields *pending[INSERT_BATCH];
  GString      *pending_keys[INSERT_BATCH];
  char          pending_uuids[INSERT_BATCH][37];
  guint         n_pending;
} ApplyStatements;

static void
apply_statements_clear (ApplyStatements *st)
{
  g_clear_pointer (&st->find, sqlite3_finalize);
  g_clear_pointer (&st->insert, sqlite3_finalize);
  g_clear_pointer (&st->update, sqlite3_finalize);
  g_clear_pointer (&st->disable, sqlite3_finalize);
  g_clear_pointer (&st->save, sqlite3_finalize);
  g_clear_pointer (&st->insert_batch, sqlite3_finalize);
  for (guint i = 0; i < INSERT_BATCH; i++)
    if (st->pending_keys[i] != NULL)
      g_string_free (g_steal_pointer (&st->pending_keys[i]), TRUE);
  if (st->key != NULL)
    g_string_free (g_steal_pointer (&st->key), TRUE);
  g_clear_pointer (&st->rand, g_rand_free);
}

static const char *
name_key (ApplyStatements         *st,
          const OrgaLearnerFields *f)
{
  g_string_truncate (st->key, 0);
  orga_text_append_fold (st->key, f->last_name);
  g_string_append_c (st->key, ' ');
  orga_text_append_fold (st->key, f->first_name);

  return st->key->str;
}

static gboolean
save_previous_state (OrgaStore        *self,
                     ApplyStatements  *st,
                     gint64            import_id,
                     gint64            learner_id,
                     GError          **error)
{
  sqlite3_reset (st->save);
  sqlite3_bind_int64 (st->save, 1, import_id);
  sqlite3_bind_int64 (st->save, 2, learner_id);
  if (sqlite3_step (st->save) != SQLITE_DONE)
    return set_sqlite_error (error, self->db, "save learner");

  return TRUE;
}

/* Students who were active and are not in the file: they have left. They
 * are disabled, never deleted, so their results stay. */
static gboolean
disable_leavers (OrgaStore         *self,
                 ApplyStatements   *st,
                 gint64             organization_id,
                 gint64             import_id,
                 OrgaImportReport  *report,
                 gboolean           dry_run,
                 const char        *now,
                 GError           **error)
{
  OrgaLearnerSet *set = orga_import_report_get_learner_set (report);
  OrgaImportCounts *counts = orga_import_report_get_counts (report);
  g_autoptr(sqlite3_stmt) active = NULL;
  g_autoptr(GArray) leaving = g_array_new (FALSE, FALSE, sizeof (gint64));
  int rc;

  active = prepare (self,
                    "SELECT id, ine, last_name, first_name, division FROM learners "
                    "WHERE organization_id = ?1 AND disabled_at IS NULL", error);
  if (active == NULL)
    return FALSE;
  sqlite3_bind_int64 (active, 1, organization_id);

  while ((rc = sqlite3_step (active)) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (active, 0);
      const char *ine = column_text (active, 1);

      if (orga_learner_set_contains_ine (set, ine))
        continue;

      g_array_append_val (leaving, id);
      if (dry_run)
        orga_import_report_add_change (report, ORGA_IMPORT_CHANGE_LEAVING, ine,
                                       column_text (active, 2), column_text (active, 3),
                                       column_text (active, 4), NULL);
    }
  if (rc != SQLITE_DONE)
    return set_sqlite_error (error, self->db, "leaving students");

  counts->disabled = leaving->len;
  if (dry_run)
    return TRUE;

  for (guint i = 0; i < leaving->len; i++)
    {
      gint64 id = g_array_index (leaving, gint64, i);

      if (!save_previous_state (self, st, import_id, id, error))
        return FALSE;

      sqlite3_reset (st->disable);
      bind_text (st->disable, 1, now);
      sqlite3_bind_int64 (st->disable, 2, id);
      if (sqlite3_step (st->disable) != SQLITE_DONE)
        return set_sqlite_error (error, self->db, "disable");
    }

  return TRUE;
}

static void
bind_insert_row (sqlite3_stmt            *stmt,
                 int                      first,
                 const char              *uuid,
                 gint64                   organization_id,
                 const OrgaLearnerFields *f,
                 const char              *key,
                 const char              *now,
                 gint64                   import_id)
{
  bind_text (stmt, first, uuid);
  sqlite3_bind_int64 (stmt, first + 1, organization_id);
  bind_fields (stmt, first + 2, f);
  bind_text (stmt, first + 2 + N_LEARNER_COLUMNS, key);
  bind_text (stmt, first + 3 + N_LEARNER_COLUMNS, now);
  bind_text (stmt, first + 4 + N_LEARNER_COLUMNS, now);
  if (import_id > 0)
    sqlite3_bind_int64 (stmt, first + 5 + N_LEARNER_COLUMNS, import_id);
  else
    sqlite3_bind_null (stmt, first + 5 + N_LEARNER_COLUMNS);
}

static gboolean
flush_inserts (OrgaStore        *self,
               ApplyStatements  *st,
               gint64            organization_id,
               gint64            import_id,
               const char       *now,
               GError          **error)
{
  gboolean full = st->n_pending == INSERT_BATCH;
  sqlite3_stmt *stmt = full ? st->insert_batch : st->insert;

  /* A full batch goes in one statement; a last partial one row by row.
   * Binding a statement that has run but was not reset fails. */
  if (full)
    sqlite3_reset (stmt);
  for (guint k = 0; k < st->n_pending; k++)
    {
      if (!full)
        sqlite3_reset (stmt);
      bind_insert_row (stmt, full ? 1 + k * INSERT_ROW_PARAMS : 1, st->pending_uuids[k], organization_id,
                       st->pending[k], st->pending_keys[k]->str, now, import_id);
      if (!full && sqlite3_step (stmt) != SQLITE_DONE)
        return set_sqlite_error (error, self->db, "insert learner");
    }

  if (full && sqlite3_step (stmt) != SQLITE_DONE)
    return set_sqlite_error (error, self->db, "insert learners");

  st->n_pending = 0;
  return TRUE;
}

static gboolean
upsert_learner (OrgaStore               *self,
                ApplyStatements         *st,
                gint64                   organization_id,
                gint64                   import_id,
                const OrgaLearnerFields *f,
                OrgaImportReport        *report,
                gboolean                 dry_run,
                const char              *now,
                GError                 **error)
{
  OrgaImportCounts *counts = orga_import_report_get_counts (report);
  int rc;

  if (st->none_known)
    rc = SQLITE_DONE;
  else
    {
      sqlite3_reset (st->find);
      sqlite3_bind_int64 (st->find, 1, organization_id);
      bind_text (st->find, 2, f->ine);
      rc = sqlite3_step (st->find);
    }

  if (rc == SQLITE_DONE)
    {
      counts->created++;
      if (dry_run)
        {
          orga_import_report_add_change (report, ORGA_IMPORT_CHANGE_NEW, f->ine, f->last_name,
                                         f->first_name, NULL, f->division);
          return TRUE;
        }

      {
        guint k = st->n_pending++;

        st->pending[k] = f;
        uuid7_fill (st->pending_uuids[k], st->rand);
        g_string_assign (st->pending_keys[k], name_key (st, f));
        if (st->n_pending == INSERT_BATCH)
          return flush_inserts (self, st, organization_id, import_id, now, error);
      }
      return TRUE;
    }

  if (rc != SQLITE_ROW)
    return set_sqlite_error (error, self->db, "find learner");

  {
    OrgaLearnerFields old = { 0 };
    gint64 id = sqlite3_column_int64 (st->find, 0);
    gboolean was_disabled = sqlite3_column_type (st->find, 1 + N_LEARNER_COLUMNS) != SQLITE_NULL;
    gboolean class_changed;

    fields_from_row (&old, st->find, 1);
    class_changed = g_strcmp0 (old.division, f->division) != 0;

    if (!was_disabled && fields_equal (&old, f))
      {
        counts->unchanged++;
        return TRUE;
      }

    counts->updated++;
    if (was_disabled)
      counts->returning++;
    if (class_changed)
      counts->class_changed++;

    if (dry_run)
      {
        if (was_disabled)
          orga_import_report_add_change (report, ORGA_IMPORT_CHANGE_RETURNING, f->ine, f->last_name,
                                         f->first_name, old.division, f->division);
        else if (class_changed)
          orga_import_report_add_change (report, ORGA_IMPORT_CHANGE_CLASS, f->ine, f->last_name,
                                         f->first_name, old.division, f->division);
        return TRUE;
      }

    if (!save_previous_state (self, st, import_id, id, error))
      return FALSE;

    /* Pix overwrites every imported column and re-enables the student; the
     * class simply takes the new value. */
    sqlite3_reset (st->update);
    bind_fields (st->update, 1, f);
    bind_text (st->update, 1 + N_LEARNER_COLUMNS, name_key (st, f));
    bind_text (st->update, 2 + N_LEARNER_COLUMNS, now);
    if (import_id > 0)
      sqlite3_bind_int64 (st->update, 3 + N_LEARNER_COLUMNS, import_id);
    else
      sqlite3_bind_null (st->update, 3 + N_LEARNER_COLUMNS);
    sqlite3_bind_int64 (st->update, 4 + N_LEARNER_COLUMNS, id);
    if (sqlite3_step (st->update) != SQLITE_DONE)
      return set_sqlite_error (error, self->db, "update learner");
  }

  return TRUE;
}

static int
compare_by_ine (gconstpointer a,
                gconstpointer b)
{
  const OrgaLearnerFields *fa = *(const OrgaLearnerFields * const *)a;
  const OrgaLearnerFields *fb = *(const OrgaLearnerFields * const *)b;

  /* SQLite's BINARY collation is memcmp order, which strcmp matches. */
  return strcmp (fa->ine, fb->ine);
}

static gboolean
apply_in_transaction (OrgaStore         *self,
                      ApplyStatements   *st,
                      OrgaOrganization  *organization,
                      OrgaImportReport  *report,
                      const char        *user_name,
                      gboolean           dry_run,
                      const char        *now,
                      GCancellable      *cancellable,
                      GError           **error)
{
  OrgaLearnerSet *set = orga_import_report_get_learner_set (report);
  gint64 organization_id = orga_organization_get_id (organization);
  guint n = orga_learner_set_get_size (set);
  g_autoptr(GArray) order = NULL;
  gint64 import_id = 0;

  /* The record comes first so that each learner can point at the import
   * that last wrote it; its counts are filled in at the end. */
  if (!dry_run)
    {
      /* Only the latest import can be undone: what the earlier ones
       * overwrote is no longer needed. */
      g_autoptr(sqlite3_stmt) forget = prepare (self,
                                                "DELETE FROM learners_before_import WHERE import_id IN "
                                                "(SELECT id FROM imports WHERE organization_id = ?1)", error);

      if (forget == NULL)
        return FALSE;
      sqlite3_bind_int64 (forget, 1, organization_id);
      if (sqlite3_step (forget) != SQLITE_DONE)
        return set_sqlite_error (error, self->db, "forget previous import");

      import_id = insert_import_record (self, organization, report, "imported", user_name, now, error);
      if (import_id == 0)
        return FALSE;
    }

  if (!disable_leavers (self, st, organization_id, import_id, report, dry_run, now, error))
    return FALSE;

  /* A first import looks up each of its students for nothing: the INEs of
   * a file are unique, so none it inserts is looked up again. */
  {
    g_autoptr(sqlite3_stmt) any = prepare (self, "SELECT 1 FROM learners WHERE organization_id = ?1 LIMIT 1", error);

    if (any == NULL)
      return FALSE;
    sqlite3_bind_int64 (any, 1, organization_id);
    switch (sqlite3_step (any))
      {
      case SQLITE_ROW:
        break;
      case SQLITE_DONE:
        st->none_known = TRUE;
        break;
      default:
        return set_sqlite_error (error, self->db, "known learners");
      }
  }

  /* In INE order every insert lands at the end of the (organization, INE)
   * index, which is several times faster than scattering them. */
  order = g_array_sized_new (FALSE, FALSE, sizeof (const OrgaLearnerFields *), n);
  for (guint i = 0; i < n; i++)
    {
      const OrgaLearnerFields *f = orga_learner_set_get (set, i);

      if (f->ignored == ORGA_IGNORE_NONE)
        g_array_append_val (order, f);
    }
  g_array_sort (order, compare_by_ine);

  for (guint i = 0; i < order->len; i++)
    {
      const OrgaLearnerFields *f = g_array_index (order, const OrgaLearnerFields *, i);

      if ((i & 1023) == 0 && g_cancellable_set_error_if_cancelled (cancellable, error))
        return FALSE;

      if (!upsert_learner (self, st, organization_id, import_id, f, report, dry_run, now, error))
        return FALSE;
    }

  if (!flush_inserts (self, st, organization_id, import_id, now, error))
    return FALSE;

  if (dry_run)
    {
      for (guint i = 0; i < n; i++)
        {
          const OrgaLearnerFields *f = orga_learner_set_get (set, i);
          OrgaImportChange *change;
          GArray *changes;

          if (f->ignored == ORGA_IGNORE_NONE)
            continue;

          orga_import_report_add_change (report, ORGA_IMPORT_CHANGE_IGNORED, f->ine, f->last_name,
                                         f->first_name, NULL, f->division);
          changes = orga_import_report_get_changes (report);
          change = &g_array_index (changes, OrgaImportChange, changes->len - 1);
          change->reason = f->ignored;
        }
      return TRUE;
    }

  {
    g_autoptr(sqlite3_stmt) counts_stmt = NULL;
    const OrgaImportCounts *counts = orga_import_report_get_counts (report);

    counts_stmt = prepare (self,
                           "UPDATE imports SET created = ?1, updated = ?2, unchanged = ?3, disabled = ?4, "
                           "ignored = ?5 WHERE id = ?6", error);
    if (counts_stmt == NULL)
      return FALSE;
    sqlite3_bind_int (counts_stmt, 1, counts->created);
    sqlite3_bind_int (counts_stmt, 2, counts->updated);
    sqlite3_bind_int (counts_stmt, 3, counts->unchanged);
    sqlite3_bind_int (counts_stmt, 4, counts->disabled);
    sqlite3_bind_int (counts_stmt, 5, counts->ignored);
    sqlite3_bind_int64 (counts_stmt, 6, import_id);
    if (sqlite3_step (counts_stmt) != SQLITE_DONE)
      return set_sqlite_error (error, self->db, "import record");
  }

  orga_import_report_set_import_id (report, import_id);
  return TRUE;
}

/**
 * orga_store_apply_learner_set:
 * @dry_run: compute the counts and the list of changes, write nothing
 *
 * Applies a validated file in one transaction: new students inserted,
 * known ones (matched by INE) updated and re-enabled, absent ones disabled,
 * and an import record written. On any error or cancellation nothing is
 * changed.
 */
gboolean
orga_store_apply_learner_set (OrgaStore         *self,
                              OrgaOrganization  *organization,
                              OrgaImportReport  *report,
                              const char        *user_name,
                              gboolean           dry_run,
                              GCancellable      *cancellable,
                              GError           **error)
{
  ApplyStatements st = { 0 };
  g_autofree char *now = orga_store_now ();
  gboolean ok;

  g_return_val_if_fail (ORGA_IS_STORE (self), FALSE);
  g_return_val_if_fail (ORGA_IS_ORGANIZATION (organization), FALSE);
  g_return_val_if_fail (ORGA_IS_IMPORT_REPORT (report), FALSE);
  g_return_val_if_fail (!orga_learner_set_has_errors (orga_import_report_get_learner_set (report)), FALSE);

  st.key = g_string_sized_new (128);
  st.rand = g_rand_new ();
  st.find = prepare (self,
                     "SELECT id, " LEARNER_COLUMNS ", disabled_at FROM learners "
                     "WHERE organization_id = ?1 AND ine = ?2", error);
  {
    g_autoptr(GString) sql = g_string_new ("INSERT INTO learners (uuid, organization_id, " LEARNER_COLUMNS
                                           ", name_key, created_at, updated_at, import_id) VALUES ");
    gsize single_len;

    g_string_append (sql, INSERT_ROW_VALUES);
    single_len = sql->len;
    for (guint k = 1; k < INSERT_BATCH; k++)
      g_string_append (sql, ", " INSERT_ROW_VALUES);

    st.insert_batch = st.find ? prepare (self, sql->str, error) : NULL;
    g_string_truncate (sql, single_len);
    st.insert = st.insert_batch ? prepare (self, sql->str, error) : NULL;
  }
  for (guint k = 0; k < INSERT_BATCH; k++)
    st.pending_keys[k] = g_string_sized_new (64);
  st.update = st.insert ? prepare (self,
                                   "UPDATE learners SET ine = ?1, last_name = ?2, preferred_last_name = ?3, "
                                   "first_name = ?4, middle_name = ?5, third_name = ?6, sex = ?7, birthdate = ?8, "
                                   "birth_country_code = ?9, birth_province_code = ?10, birth_city_code = ?11, "
                                   "birth_city = ?12, mef_code = ?13, status = ?14, division = ?15, name_key = ?16, "
                                   "disabled_at = NULL, updated_at = ?17, import_id = ?18 WHERE id = ?19", error) : NULL;
  st.disable = st.update ? prepare (self,
                                    "UPDATE learners SET disabled_at = ?1, updated_at = ?1 WHERE id = ?2", error) : NULL;
  /* OR IGNORE: were a learner written twice by one import, the state to
   * restore is the one before the first write. */
  st.save = st.disable ? prepare (self,
                                  "INSERT OR IGNORE INTO learners_before_import (import_id, learner_id, uuid, "
                                  "organization_id, " LEARNER_COLUMNS ", name_key, disabled_at, created_at, "
                                  "updated_at, previous_import_id) "
                                  "SELECT ?1, id, uuid, organization_id, " LEARNER_COLUMNS ", name_key, "
                                  "disabled_at, created_at, updated_at, import_id FROM learners WHERE id = ?2",
                                  error) : NULL;
  if (st.save == NULL)
    {
      apply_statements_clear (&st);
      return FALSE;
    }

  /* A dry run still reads in one transaction, for a consistent picture. */
  if (!exec (self, dry_run ? "BEGIN DEFERRED" : "BEGIN IMMEDIATE", error))
    {
      apply_statements_clear (&st);
      return FALSE;
    }

  ok = apply_in_transaction (self, &st, organization, report, user_name, dry_run, now, cancellable, error);
  apply_statements_clear (&st);

  if (!ok || dry_run)
    {
      exec (self, "ROLLBACK", NULL);
      if (ok)
        orga_import_report_set_status (report, ORGA_IMPORT_STATUS_PREVIEW);
      return ok;
    }

  if (!exec (self, "COMMIT", error))
    {
      exec (self, "ROLLBACK", NULL);
      return FALSE;
    }

  orga_import_report_set_status (report, ORGA_IMPORT_STATUS_IMPORTED);
  return TRUE;
}

OrgaImportRecord *
orga_import_record_copy (const OrgaImportRecord *self)
{
  OrgaImportRecord *copy = g_memdup2 (self, sizeof *self);

  copy->uuid = g_strdup (self->uuid);
  copy->created_at = g_strdup (self->created_at);
  copy->created_by = g_strdup (self->created_by);
  copy->file_name = g_strdup (self->file_name);
  copy->format = g_strdup (self->format);
  copy->encoding = g_strdup (self->encoding);
  copy->status = g_strdup (self->status);
  copy->errors_json = g_strdup (self->errors_json);

  return copy;
}

void
orga_import_record_free (OrgaImportRecord *self)
{
  if (self == NULL)
    return;

  g_free (self->uuid);
  g_free (self->created_at);
  g_free (self->created_by);
  g_free (self->file_name);
  g_free (self->format);
  g_free (self->encoding);
  g_free (self->status);
  g_free (self->errors_json);
  g_free (self);
}

#define IMPORT_COLUMNS \
  "id, uuid, created_at, created_by, file_name, format, encoding, status, " \
  "created, updated, unchanged, disabled, ignored, errors"

static OrgaImportRecord *
import_record_from_stmt (sqlite3_stmt *stmt)
{
  OrgaImportRecord *r = g_new0 (OrgaImportRecord, 1);

  r->id = sqlite3_column_int64 (stmt, 0);
  r->uuid = g_strdup (column_text (stmt, 1));
  r->created_at = g_strdup (column_text (stmt, 2));
  r->created_by = g_strdup (column_text (stmt, 3));
  r->file_name = g_strdup (column_text (stmt, 4));
  r->format = g_strdup (column_text (stmt, 5));
  r->encoding = g_strdup (column_text (stmt, 6));
  r->status = g_strdup (column_text (stmt, 7));
  r->created = sqlite3_column_int (stmt, 8);
  r->updated = sqlite3_column_int (stmt, 9);
  r->unchanged = sqlite3_column_int (stmt, 10);
  r->disabled = sqlite3_column_int (stmt, 11);
  r->ignored = sqlite3_column_int (stmt, 12);
  r->errors_json = g_strdup (column_text (stmt, 13));

  return r;
}

/**
 * orga_store_list_imports:
 *
 * Returns: (transfer container) (element-type OrgaImportRecord): newest first
 */
GPtrArray *
orga_store_list_imports (OrgaStore         *self,
                         OrgaOrganization  *organization,
                         GError           **error)
{
  g_autoptr(GPtrArray) records = g_ptr_array_new_with_free_func ((GDestroyNotify)orga_import_record_free);
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  g_return_val_if_fail (ORGA_IS_STORE (self), NULL);
  g_return_val_if_fail (ORGA_IS_ORGANIZATION (organization), NULL);

  stmt = prepare (self,
                  "SELECT " IMPORT_COLUMNS " FROM imports "
                  "WHERE organization_id = ?1 ORDER BY created_at DESC, id DESC", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, orga_organization_get_id (organization));

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (records, import_record_from_stmt (stmt));

  if (rc != SQLITE_DONE)
    {
      set_sqlite_error (error, self->db, "imports");
      return NULL;
    }

  return g_steal_pointer (&records);
}

/**
 * orga_store_get_last_import:
 * @successful_only: skip rejected and undone imports: the one whose list is
 *   in effect
 *
 * The latest import in the order they were applied.
 *
 * Returns: (transfer full) (nullable): the import, or %NULL without error
 *   when there is none
 */
OrgaImportRecord *
orga_store_get_last_import (OrgaStore         *self,
                            OrgaOrganization  *organization,
                            gboolean           successful_only,
                            GError           **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  g_return_val_if_fail (ORGA_IS_STORE (self), NULL);
  g_return_val_if_fail (ORGA_IS_ORGANIZATION (organization), NULL);

  /* By id rather than created_at: ids follow the order in which imports
   * were written even if the clock went back. */
  stmt = prepare (self,
                  "SELECT " IMPORT_COLUMNS " FROM imports "
                  "WHERE organization_id = ?1 AND (NOT ?2 OR status = 'imported') "
                  "ORDER BY id DESC LIMIT 1", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, orga_organization_get_id (organization));
  sqlite3_bind_int (stmt, 2, successful_only);

  rc = sqlite3_step (stmt);
  if (rc == SQLITE_DONE)
    return NULL;
  if (rc != SQLITE_ROW)
    {
      set_sqlite_error (error, self->db, "imports");
      return NULL;
    }

  return import_record_from_stmt (stmt);
}

/* Whether @import_id is the organization's latest applied import and still
 * in effect: the only one whose saved rows describe the current list. */
static gboolean
check_undoable (OrgaStore  *self,
                gint64      organization_id,
                gint64      import_id,
                GError    **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  const char *status;
  int rc;

  stmt = prepare (self,
                  "SELECT status, id = (SELECT max(id) FROM imports "
                  "                     WHERE organization_id = ?1 AND status <> 'rejected') "
                  "FROM imports WHERE id = ?2 AND organization_id = ?1", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, organization_id);
  sqlite3_bind_int64 (stmt, 2, import_id);

  rc = sqlite3_step (stmt);
  if (rc == SQLITE_DONE)
    {
      g_set_error (error, ORGA_STORE_ERROR, ORGA_STORE_ERROR_NOT_FOUND,
                   _("This import does not exist in the space of this school."));
      return FALSE;
    }
  if (rc != SQLITE_ROW)
    return set_sqlite_error (error, self->db, "imports");

  status = column_text (stmt, 0);
  if (g_strcmp0 (status, "rejected") == 0)
    {
      g_set_error (error, ORGA_STORE_ERROR, ORGA_STORE_ERROR_CANNOT_UNDO,
                   _("This file was rejected and changed nothing: there is nothing to undo."));
      return FALSE;
    }
  if (g_strcmp0 (status, "undone") == 0)
    {
      g_set_error (error, ORGA_STORE_ERROR, ORGA_STORE_ERROR_CANNOT_UNDO,
                   _("This import has already been undone."));
      return FALSE;
    }
  if (!sqlite3_column_int (stmt, 1))
    {
      g_set_error (error, ORGA_STORE_ERROR, ORGA_STORE_ERROR_CANNOT_UNDO,
                   _("Only the latest import can be undone; another list was imported since."));
      return FALSE;
    }

  /* Removing the students it created would orphan their results. */
  g_clear_pointer (&stmt, sqlite3_finalize);
  stmt = prepare (self,
                  "SELECT count(DISTINCT p.learner_id) FROM participations p "
                  "JOIN learners l ON l.id = p.learner_id "
                  "WHERE l.organization_id = ?1 AND l.import_id = ?2 AND p.deleted_at IS NULL "
                  "AND l.id NOT IN (SELECT learner_id FROM learners_before_import WHERE import_id = ?2)",
                  error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, organization_id);
  sqlite3_bind_int64 (stmt, 2, import_id);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    return set_sqlite_error (error, self->db, "participations");
  if (sqlite3_column_int (stmt, 0) > 0)
    {
      guint n = sqlite3_column_int (stmt, 0);

      g_set_error (error, ORGA_STORE_ERROR, ORGA_STORE_ERROR_CANNOT_UNDO,
                   ngettext ("This import can no longer be undone: %u student it added has taken part in a campaign since.",
                             "This import can no longer be undone: %u students it added have taken part in campaigns since.", n),
                   n);
      return FALSE;
    }

  return TRUE;
}

static gboolean
run_undo (OrgaStore  *self,
          gint64      organization_id,
          gint64      import_id,
          GError    **error)
{
  static const char * const steps[] = {
    /* The learners it created: its own, with no earlier state. */
    "DELETE FROM learners WHERE organization_id = ?1 AND import_id = ?2 "
    "AND id NOT IN (SELECT learner_id FROM learners_before_import WHERE import_id = ?2)",
    /* Every column back, the uuid and timestamps included. */
    "UPDATE learners SET uuid = b.uuid, ine = b.ine, last_name = b.last_name, "
    "preferred_last_name = b.preferred_last_name, first_name = b.first_name, "
    "middle_name = b.middle_name, third_name = b.third_name, sex = b.sex, birthdate = b.birthdate, "
    "birth_country_code = b.birth_country_code, birth_province_code = b.birth_province_code, "
    "birth_city_code = b.birth_city_code, birth_city = b.birth_city, mef_code = b.mef_code, "
    "status = b.status, division = b.division, name_key = b.name_key, disabled_at = b.disabled_at, "
    "created_at = b.created_at, updated_at = b.updated_at, import_id = b.previous_import_id "
    "FROM learners_before_import AS b "
    "WHERE b.import_id = ?2 AND learners.id = b.learner_id AND learners.organization_id = ?1",
    "DELETE FROM learners_before_import WHERE import_id = ?2",
    "UPDATE imports SET status = 'undone' WHERE id = ?2 AND organization_id = ?1",
  };

  for (guint i = 0; i < G_N_ELEMENTS (steps); i++)
    {
      g_autoptr(sqlite3_stmt) stmt = prepare (self, steps[i], error);

      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_int64 (stmt, 1, organization_id);
      sqlite3_bind_int64 (stmt, 2, import_id);
      if (sqlite3_step (stmt) != SQLITE_DONE)
        return set_sqlite_error (error, self->db, "undo import");
    }

  return TRUE;
}

/**
 * orga_store_undo_import:
 *
 * Puts the list back exactly as it was before @import_id: the students it
 * created are removed, those it updated or disabled get every column back.
 * Only the organization's latest successful import can be undone, once;
 * it is then marked "undone". All or nothing, in one transaction.
 */
gboolean
orga_store_undo_import (OrgaStore         *self,
                        OrgaOrganization  *organization,
                        gint64             import_id,
                        GError           **error)
{
  gint64 organization_id;

  g_return_val_if_fail (ORGA_IS_STORE (self), FALSE);
  g_return_val_if_fail (ORGA_IS_ORGANIZATION (organization), FALSE);

  organization_id = orga_organization_get_id (organization);

  /* An immediate transaction: no import may slip in between the check
   * and the undo. */
  if (!orga_store_begin (self, error))
    return FALSE;

  if (!check_undoable (self, organization_id, import_id, error) ||
      !run_undo (self, organization_id, import_id, error))
    {
      orga_store_rollback (self);
      return FALSE;
    }

  return orga_store_commit (self, error);
}
