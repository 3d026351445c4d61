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
  GPtrArray    *levels;         /* OrgaStoreChanges per open begin, innermost last */

  /* orga_store_watch() */
  gboolean      watching;
  gint64        data_version;
  GFileMonitor *monitor;
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
  feed->levels = g_ptr_array_new_with_free_func ((GDestroyNotify)orga_store_changes_free);
  return feed;
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

static void
emit (OrgaStoreFeed    *feed,
      OrgaStoreChanges *changes)
{
  g_autoptr(OrgaStoreChanges) owned = changes;
  Emission *emission;

  if (orga_store_changes_is_empty (changes) ||
      !g_signal_has_handler_pending (feed->store, signals[CHANGED], 0, TRUE))
    return;

  /* On the store's own context: now when this thread runs it (or nobody
   * does), else from that context's loop. */
  if (g_main_context_acquire (feed->context))
    {
      g_signal_emit (feed->store, signals[CHANGED], 0, changes);
      g_main_context_release (feed->context);
      return;
    }

  emission = g_new0 (Emission, 1);
  emission->store = g_object_ref (feed->store);
  emission->changes = g_steal_pointer (&owned);
  g_main_context_invoke_full (feed->context, G_PRIORITY_DEFAULT, emit_in_context, emission, emission_free);
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

  feed->start_source = g_idle_source_new ();
  g_source_set_priority (feed->start_source, G_PRIORITY_LOW);
  g_source_set_static_name (feed->start_source, "[orga-store] watch");
  g_source_set_callback (feed->start_source, start_monitor_cb, feed, NULL);
  g_source_attach (feed->start_source, feed->context);
}
