/* orga-store-changes.c: the store's change feed
 *
 * OrgaStore::changed is emitted once per outermost commit, on the main
 * context the store was created on, naming what the commit changed. Write
 * points mark what they change (_orga_store_mark()); the marks of a
 * savepoint join its parent's when it is released and are dropped when it
 * is rolled back, so a nested begin/commit emits only at the outermost
 * commit. A statement outside any transaction commits on its own: its mark
 * emits at once.
 *
 * Commits of other connections to the same file (pixorga-cli in another
 * process, or a worker thread's own connection) are seen once
 * orga_store_watch() was called: SQLite in WAL mode appends every commit
 * to the -wal file, which a GFileMonitor watches; a burst of writes is
 * coalesced, then PRAGMA data_version on this connection says whether
 * another connection committed (it does not move for our own commits).
 * What such a commit changed is unknown: it reports every kind, flagged
 * external. No table is polled.
 *
 * A connection of this process (an import or an undo in a worker thread)
 * knows what it changed: it forwards its marks to the watching store of
 * the same file, which reports them instead of every kind. To tell that
 * commit from any other, the worker reads the watcher's data_version just
 * before its commit, while it holds the write lock (a commit hook), and
 * just after; the watcher takes the commit as explained only when it had
 * seen everything up to the first. A commit of another process in the
 * microseconds between the worker's commit and its second read would go
 * unreported: SQLite's busy handler waits a millisecond at least before
 * a waiting writer retries.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "orga-store"

#include "config.h"

#include <sqlite3.h>

#include "orga-store.h"
#include "orga-store-private.h"

/* Long enough to take a CLI's whole transaction as one change, short
 * enough to show it well within a second. */
#define COALESCE_MS 75

struct _OrgaStoreChanges
{
  OrgaStoreChangeKind  kinds;
  gboolean             external;
  gboolean             any_campaign;   /* campaigns changed, not saying which */
  GArray              *campaign_ids;   /* gint64, sorted, unique */
};

G_DEFINE_BOXED_TYPE (OrgaStoreChanges, orga_store_changes,
                     orga_store_changes_copy, orga_store_changes_free)

struct _OrgaStoreFeed
{
  OrgaStore    *store;          /* unowned: the feed lives as long as it */
  GMainContext *context;
  GThread      *thread;         /* the store's creator, which runs @context */
  GPtrArray    *levels;         /* OrgaStoreChanges per open begin, innermost last */

  /* orga_store_watch() */
  gboolean      watching;
  char         *watched_path;   /* the registry's key; the store's path is gone at finalize */
  gint64        data_version;
  GFileMonitor *monitor;

  /* A worker's connection: the watcher's data_version before the last
   * commit (-1 when unknown), from the commit hook. */
  gint64        version_before;
  GSource      *start_source;
  GSource      *check_source;
};

enum {
  CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

OrgaStoreChanges *
orga_store_changes_new (void)
{
  OrgaStoreChanges *self = g_new0 (OrgaStoreChanges, 1);

  self->campaign_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  return self;
}

OrgaStoreChanges *
orga_store_changes_copy (const OrgaStoreChanges *self)
{
  OrgaStoreChanges *copy;

  g_return_val_if_fail (self != NULL, NULL);

  copy = orga_store_changes_new ();
  orga_store_changes_merge (copy, self);
  return copy;
}

void
orga_store_changes_free (OrgaStoreChanges *self)
{
  if (self == NULL)
    return;

  g_array_unref (self->campaign_ids);
  g_free (self);
}

static void
add_campaign_id (OrgaStoreChanges *self,
                 gint64            id)
{
  guint i = 0;

  while (i < self->campaign_ids->len && g_array_index (self->campaign_ids, gint64, i) < id)
    i++;
  if (i < self->campaign_ids->len && g_array_index (self->campaign_ids, gint64, i) == id)
    return;
  g_array_insert_val (self->campaign_ids, i, id);
}

void
orga_store_changes_add (OrgaStoreChanges    *self,
                        OrgaStoreChangeKind  kinds,
                        gint64               campaign_id)
{
  g_return_if_fail (self != NULL);

  self->kinds |= kinds;
  if ((kinds & (ORGA_STORE_CHANGE_CAMPAIGNS | ORGA_STORE_CHANGE_PARTICIPATIONS)) == 0)
    return;
  if (campaign_id > 0)
    add_campaign_id (self, campaign_id);
  else
    self->any_campaign = TRUE;
}

void
orga_store_changes_merge (OrgaStoreChanges       *self,
                          const OrgaStoreChanges *other)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (other != NULL);

  self->kinds |= other->kinds;
  self->external |= other->external;
  self->any_campaign |= other->any_campaign;
  for (guint i = 0; i < other->campaign_ids->len; i++)
    add_campaign_id (self, g_array_index (other->campaign_ids, gint64, i));
}

gboolean
orga_store_changes_is_empty (const OrgaStoreChanges *self)
{
  g_return_val_if_fail (self != NULL, TRUE);

  return self->kinds == 0;
}

OrgaStoreChangeKind
orga_store_changes_get_kinds (const OrgaStoreChanges *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->kinds;
}

gboolean
orga_store_changes_has (const OrgaStoreChanges *self,
                        OrgaStoreChangeKind     kinds)
{
  g_return_val_if_fail (self != NULL, FALSE);

  return (self->kinds & kinds) != 0;
}

gboolean
orga_store_changes_is_external (const OrgaStoreChanges *self)
{
  g_return_val_if_fail (self != NULL, FALSE);

  return self->external;
}

void
orga_store_changes_set_external (OrgaStoreChanges *self,
                                 gboolean          external)
{
  g_return_if_fail (self != NULL);

  self->external = !!external;
}

gboolean
orga_store_changes_has_campaign (const OrgaStoreChanges *self,
                                 gint64                  campaign_id)
{
  g_return_val_if_fail (self != NULL, FALSE);

  if (!orga_store_changes_has (self, ORGA_STORE_CHANGE_CAMPAIGNS | ORGA_STORE_CHANGE_PARTICIPATIONS))
    return FALSE;
  if (self->any_campaign)
    return TRUE;
  for (guint i = 0; i < self->campaign_ids->len; i++)
    if (g_array_index (self->campaign_ids, gint64, i) == campaign_id)
      return TRUE;
  return FALSE;
}

const gint64 *
orga_store_changes_get_campaign_ids (const OrgaStoreChanges *self,
                                     guint                  *n_ids)
{
  g_return_val_if_fail (self != NULL, NULL);

  if (n_ids != NULL)
    *n_ids = self->any_campaign ? 0 : self->campaign_ids->len;
  if (self->any_campaign)
    return NULL;
  return (const gint64 *)(gpointer)self->campaign_ids->data;
}

/* ---- the feed ---------------------------------------------------------- */

void
_orga_store_feed_class_init (GObjectClass *klass)
{
  /**
   * OrgaStore::changed:
   * @changes: what the commit changed
   *
   * Emitted on the main context the store was created on, once after
   * each outermost commit that changed something, and, once
   * orga_store_watch() was called, after commits of other connections.
   */
  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL, G_TYPE_NONE, 1,
                                   ORGA_TYPE_STORE_CHANGES | G_SIGNAL_TYPE_STATIC_SCOPE);
}

OrgaStoreFeed *
_orga_store_feed_new (OrgaStore *store)
{
  OrgaStoreFeed *feed = g_new0 (OrgaStoreFeed, 1);

  feed->store = store;
  feed->context = g_main_context_ref_thread_default ();
  feed->thread = g_thread_self ();
  feed->levels = g_ptr_array_new_with_free_func ((GDestroyNotify)orga_store_changes_free);
  feed->version_before = -1;
  return feed;
}

/* The watching store of each file (orga_store_watch()): path → GWeakRef. */
static GMutex watchers_lock;
static GHashTable *watchers;

static void
weak_ref_free (GWeakRef *ref)
{
  g_weak_ref_clear (ref);
  g_free (ref);
}

static void
add_watcher (OrgaStore *store)
{
  GWeakRef *ref = g_new0 (GWeakRef, 1);

  g_weak_ref_init (ref, store);
  g_mutex_lock (&watchers_lock);
  if (watchers == NULL)
    watchers = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify)weak_ref_free);
  g_hash_table_replace (watchers, g_strdup (orga_store_get_path (store)), ref);
  g_mutex_unlock (&watchers_lock);
}

static void
remove_watcher (const char *path)
{
  GWeakRef *ref;

  g_mutex_lock (&watchers_lock);
  ref = watchers != NULL ? g_hash_table_lookup (watchers, path) : NULL;
  /* Finalizing: our weak reference already reads NULL; another store may
   * have taken the file over since. */
  if (ref != NULL)
    {
      g_autoptr(GObject) current = g_weak_ref_get (ref);

      if (current == NULL)
        g_hash_table_remove (watchers, path);
    }
  g_mutex_unlock (&watchers_lock);
}

/* The store watching @self's file, other than @self; a new reference. */
static OrgaStore *
dup_watcher (OrgaStore *self)
{
  OrgaStore *watcher = NULL;
  GWeakRef *ref;

  g_mutex_lock (&watchers_lock);
  ref = watchers != NULL ? g_hash_table_lookup (watchers, orga_store_get_path (self)) : NULL;
  if (ref != NULL)
    watcher = g_weak_ref_get (ref);
  g_mutex_unlock (&watchers_lock);

  if (watcher == self)
    g_clear_object (&watcher);
  return watcher;
}

static gint64 read_data_version (OrgaStore *self);

/* @watcher's data_version, read from another thread; -1 when its
 * connection is busy: waiting for it could deadlock, as it may itself
 * wait for our write lock. */
static gint64
try_read_data_version (OrgaStore *watcher)
{
  sqlite3_mutex *mutex = sqlite3_db_mutex (_orga_store_get_db (watcher));
  gint64 version;

  if (mutex != NULL && sqlite3_mutex_try (mutex) != SQLITE_OK)
    return -1;
  version = read_data_version (watcher);
  if (mutex != NULL)
    sqlite3_mutex_leave (mutex);
  return version;
}

static int
commit_hook_cb (void *user_data)
{
  OrgaStore *self = user_data;
  OrgaStoreFeed *feed = _orga_store_get_feed (self);
  g_autoptr(OrgaStore) watcher = NULL;

  feed->version_before = -1;
  if (feed->watching || (watcher = dup_watcher (self)) == NULL)
    return 0;

  feed->version_before = try_read_data_version (watcher);
  return 0;
}

void
_orga_store_feed_opened (OrgaStore *self)
{
  sqlite3_commit_hook (_orga_store_get_db (self), commit_hook_cb, self);
}

static void
clear_source (GSource **source)
{
  if (*source == NULL)
    return;
  g_source_destroy (*source);
  g_clear_pointer (source, g_source_unref);
}

void
_orga_store_feed_free (OrgaStoreFeed *feed)
{
  if (feed == NULL)
    return;

  if (feed->watched_path != NULL)
    remove_watcher (feed->watched_path);
  g_free (feed->watched_path);
  clear_source (&feed->start_source);
  clear_source (&feed->check_source);
  if (feed->monitor != NULL)
    {
      g_signal_handlers_disconnect_by_data (feed->monitor, feed);
      g_file_monitor_cancel (feed->monitor);
      g_clear_object (&feed->monitor);
    }
  g_ptr_array_unref (feed->levels);
  g_main_context_unref (feed->context);
  g_free (feed);
}

/* From another thread: in @context's loop. Never g_main_context_invoke(),
 * which runs the function in the calling thread when nobody iterates the
 * context at that moment (a widget test between two iterations). */
static void
dispatch (GMainContext   *context,
          GSourceFunc     func,
          gpointer        data,
          GDestroyNotify  destroy)
{
  GSource *source = g_idle_source_new ();

  g_source_set_priority (source, G_PRIORITY_DEFAULT);
  g_source_set_static_name (source, "[orga-store] changed");
  g_source_set_callback (source, func, data, destroy);
  g_source_attach (source, context);
  g_source_unref (source);
}

typedef struct
{
  OrgaStore        *store;
  OrgaStoreChanges *changes;
} Emission;

static gboolean
emit_in_context (gpointer user_data)
{
  Emission *emission = user_data;

  g_signal_emit (emission->store, signals[CHANGED], 0, emission->changes);
  return G_SOURCE_REMOVE;
}

static void
emission_free (gpointer user_data)
{
  Emission *emission = user_data;

  g_object_unref (emission->store);
  orga_store_changes_free (emission->changes);
  g_free (emission);
}

typedef struct
{
  OrgaStore        *watcher;
  OrgaStoreChanges *changes;
  gint64            before;
  gint64            after;
} Forward;

static void
forward_free (gpointer user_data)
{
  Forward *forward = user_data;

  g_object_unref (forward->watcher);
  orga_store_changes_free (forward->changes);
  g_free (forward);
}

static void emit (OrgaStoreFeed    *feed,
                  OrgaStoreChanges *changes);

static gboolean
forward_in_context (gpointer user_data)
{
  Forward *forward = user_data;
  OrgaStoreFeed *feed = _orga_store_get_feed (forward->watcher);

  /* The file's check came first and reported it, as every kind. */
  if (feed->data_version == forward->after)
    return G_SOURCE_REMOVE;

  /* Explained only when nothing else was committed unseen before it;
   * else the check reports every kind. */
  if (feed->data_version == forward->before)
    feed->data_version = forward->after;

  emit (feed, g_steal_pointer (&forward->changes));
  return G_SOURCE_REMOVE;
}

/* A worker's commit told to the store watching the same file. */
static void
forward_to_watcher (OrgaStoreFeed          *feed,
                    const OrgaStoreChanges *changes)
{
  g_autoptr(OrgaStore) watcher = NULL;
  Forward *forward;
  gint64 before = feed->version_before;
  gint64 after;

  feed->version_before = -1;
  if (before < 0 || feed->watching || (watcher = dup_watcher (feed->store)) == NULL)
    return;

  after = try_read_data_version (watcher);
  if (after < 0)
    return;

  forward = g_new0 (Forward, 1);
  forward->watcher = g_steal_pointer (&watcher);
  forward->changes = orga_store_changes_copy (changes);
  orga_store_changes_set_external (forward->changes, TRUE);
  forward->before = before;
  forward->after = after;

  if (_orga_store_get_feed (forward->watcher)->thread == g_thread_self ())
    {
      forward_in_context (forward);
      forward_free (forward);
      return;
    }
  dispatch (_orga_store_get_feed (forward->watcher)->context, forward_in_context, forward, forward_free);
}

static void
emit (OrgaStoreFeed    *feed,
      OrgaStoreChanges *changes)
{
  g_autoptr(OrgaStoreChanges) owned = changes;
  Emission *emission;

  if (!orga_store_changes_is_empty (changes) && !orga_store_changes_is_external (changes))
    forward_to_watcher (feed, changes);

  if (orga_store_changes_is_empty (changes) ||
      !g_signal_has_handler_pending (feed->store, signals[CHANGED], 0, TRUE))
    return;

  /* Now on the store's own thread, else from its context's loop. */
  if (feed->thread == g_thread_self ())
    {
      g_signal_emit (feed->store, signals[CHANGED], 0, changes);
      return;
    }

  emission = g_new0 (Emission, 1);
  emission->store = g_object_ref (feed->store);
  emission->changes = g_steal_pointer (&owned);
  dispatch (feed->context, emit_in_context, emission, emission_free);
}

void
_orga_store_feed_begin (OrgaStore *self)
{
  OrgaStoreFeed *feed = _orga_store_get_feed (self);

  g_ptr_array_add (feed->levels, orga_store_changes_new ());
}

void
_orga_store_feed_commit (OrgaStore *self)
{
  OrgaStoreFeed *feed = _orga_store_get_feed (self);
  OrgaStoreChanges *level;

  g_return_if_fail (feed->levels->len > 0);

  level = g_ptr_array_steal_index (feed->levels, feed->levels->len - 1);
  if (feed->levels->len > 0)
    {
      orga_store_changes_merge (g_ptr_array_index (feed->levels, feed->levels->len - 1), level);
      orga_store_changes_free (level);
      return;
    }

  emit (feed, level);
}

void
_orga_store_feed_rollback (OrgaStore *self)
{
  OrgaStoreFeed *feed = _orga_store_get_feed (self);

  g_return_if_fail (feed->levels->len > 0);

  g_ptr_array_remove_index (feed->levels, feed->levels->len - 1);
}

void
_orga_store_mark (OrgaStore           *self,
                  OrgaStoreChangeKind  kinds,
                  gint64               campaign_id)
{
  OrgaStoreFeed *feed = _orga_store_get_feed (self);
  OrgaStoreChanges *changes;

  if (feed->levels->len > 0)
    {
      orga_store_changes_add (g_ptr_array_index (feed->levels, feed->levels->len - 1), kinds, campaign_id);
      return;
    }

  changes = orga_store_changes_new ();
  orga_store_changes_add (changes, kinds, campaign_id);
  emit (feed, changes);
}

/* ---- other connections ------------------------------------------------- */

static gint64
read_data_version (OrgaStore *self)
{
  sqlite3_stmt *stmt = NULL;
  gint64 version = -1;

  if (sqlite3_prepare_v2 (_orga_store_get_db (self), "PRAGMA data_version", -1, &stmt, NULL) != SQLITE_OK)
    return -1;
  if (sqlite3_step (stmt) == SQLITE_ROW)
    version = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  return version;
}

static void schedule_check (OrgaStoreFeed *feed);

static gboolean
check_cb (gpointer user_data)
{
  OrgaStoreFeed *feed = user_data;
  OrgaStoreChanges *changes;
  gint64 version;

  g_clear_pointer (&feed->check_source, g_source_unref);

  /* Inside our own transaction the version says nothing yet. */
  if (feed->levels->len > 0)
    {
      schedule_check (feed);
      return G_SOURCE_REMOVE;
    }

  version = read_data_version (feed->store);
  if (version == feed->data_version)
    return G_SOURCE_REMOVE;
  feed->data_version = version;

  changes = orga_store_changes_new ();
  orga_store_changes_add (changes, ORGA_STORE_CHANGE_ALL, 0);
  orga_store_changes_set_external (changes, TRUE);
  emit (feed, changes);

  return G_SOURCE_REMOVE;
}

static void
schedule_check (OrgaStoreFeed *feed)
{
  if (feed->check_source != NULL)
    return;

  feed->check_source = g_timeout_source_new (COALESCE_MS);
  g_source_set_static_name (feed->check_source, "[orga-store] check for other writers");
  g_source_set_callback (feed->check_source, check_cb, feed, NULL);
  g_source_attach (feed->check_source, feed->context);
}

static void
wal_changed_cb (GFileMonitor      *monitor,
                GFile             *file,
                GFile             *other_file,
                GFileMonitorEvent  event,
                OrgaStoreFeed     *feed)
{
  schedule_check (feed);
}

static gboolean
start_monitor_cb (gpointer user_data)
{
  OrgaStoreFeed *feed = user_data;
  g_autofree char *wal_path = g_strconcat (orga_store_get_path (feed->store), "-wal", NULL);
  g_autoptr(GFile) wal = g_file_new_for_path (wal_path);
  g_autoptr(GError) error = NULL;

  g_clear_pointer (&feed->start_source, g_source_unref);

  /* The monitor reports to the thread-default context of its creator. */
  g_main_context_push_thread_default (feed->context);
  feed->monitor = g_file_monitor_file (wal, G_FILE_MONITOR_NONE, NULL, &error);
  g_main_context_pop_thread_default (feed->context);

  if (feed->monitor == NULL)
    {
      g_warning ("Cannot watch %s for other writers: %s", wal_path, error->message);
      return G_SOURCE_REMOVE;
    }

  g_file_monitor_set_rate_limit (feed->monitor, COALESCE_MS);
  g_signal_connect (feed->monitor, "changed", G_CALLBACK (wal_changed_cb), feed);

  /* A commit made before the monitor started. */
  schedule_check (feed);
  return G_SOURCE_REMOVE;
}

/**
 * orga_store_watch:
 *
 * From now on, OrgaStore::changed is also emitted, flagged external and
 * naming every kind, when another connection commits to the same file:
 * another process, or another thread of this one on its own connection.
 * Call it on the thread of the store's main context. The file monitor
 * starts at low priority, so that it costs nothing to the first frame.
 */
void
orga_store_watch (OrgaStore *self)
{
  OrgaStoreFeed *feed;

  g_return_if_fail (ORGA_IS_STORE (self));

  feed = _orga_store_get_feed (self);
  if (feed->watching)
    return;

  feed->watching = TRUE;
  feed->data_version = read_data_version (self);
  feed->watched_path = g_strdup (orga_store_get_path (self));
  add_watcher (self);

  feed->start_source = g_idle_source_new ();
  g_source_set_priority (feed->start_source, G_PRIORITY_LOW);
  g_source_set_static_name (feed->start_source, "[orga-store] watch");
  g_source_set_callback (feed->start_source, start_monitor_cb, feed, NULL);
  g_source_attach (feed->start_source, feed->context);
}
