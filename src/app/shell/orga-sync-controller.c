/* orga-sync-controller.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "orga-sync-controller"

#include "config.h"

#include <glib/gi18n.h>

#include "orga-store-sync.h"
#include "orga-sync.h"
#include "orga-sync-controller.h"

/* A sync every minute while the window is open (the preferences'
 * "sync-interval", in minutes, when the context has settings); two
 * seconds after a local change, so that a burst of edits goes in one push. */
#define PERIOD_SECONDS 60
#define CHANGE_DELAY_MS 2000
/* A run of its own accord shows "Synchronisation…" only when it lasts:
 * the header does not blink every minute. */
#define SHOW_SYNCING_MS 700
#define MAX_RERUNS 3

struct _OrgaSyncController
{
  GObject             parent_instance;

  OrgaConnection     *connection;
  OrgaContext        *context;

  /* What the runs are for; replaced when the school or the client changes. */
  OrgaSync           *sync;
  OrgaClient         *client;          /* the one @sync was made with */
  OrgaOrganization   *organization;    /* NULL: not applicable */
  GCancellable       *cancellable;     /* the current run's */

  guint               period_source;
  guint               change_source;
  guint               start_source;
  guint               syncing_source;
  gboolean            running;
  gboolean            pending;          /* asked for during the run */
  guint               outbox_after_run; /* changes left queued by the last run */
  guint               reruns;           /* in a row, for changes left queued */
  guint               n_runs;

  OrgaSyncState       state;
  GDateTime          *last_success;
  char               *error_message;
  GPtrArray          *notices;          /* OrgaSyncNotice */
};

G_DEFINE_FINAL_TYPE (OrgaSyncController, orga_sync_controller, G_TYPE_OBJECT)

G_DEFINE_ENUM_TYPE (OrgaSyncState, orga_sync_state,
                    G_DEFINE_ENUM_VALUE (ORGA_SYNC_STATE_NOT_APPLICABLE, "not-applicable"),
                    G_DEFINE_ENUM_VALUE (ORGA_SYNC_STATE_UP_TO_DATE, "up-to-date"),
                    G_DEFINE_ENUM_VALUE (ORGA_SYNC_STATE_SYNCING, "syncing"),
                    G_DEFINE_ENUM_VALUE (ORGA_SYNC_STATE_OFFLINE, "offline"),
                    G_DEFINE_ENUM_VALUE (ORGA_SYNC_STATE_ERROR, "error"))

enum {
  PROP_0,
  PROP_CONNECTION,
  PROP_STATE,
  PROP_LAST_SUCCESS,
  PROP_ERROR_MESSAGE,
  PROP_NOTICES,
  PROP_RUNNING,
  N_PROPS
};

enum {
  NOTICE,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void start_run (OrgaSyncController *self,
                       gboolean            asked);

static void
set_state (OrgaSyncController *self,
           OrgaSyncState       state)
{
  if (self->state == state)
    return;
  self->state = state;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
}

static void
set_running (OrgaSyncController *self,
             gboolean            running)
{
  if (self->running == running)
    return;
  self->running = running;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RUNNING]);
}

static void
set_error_message (OrgaSyncController *self,
                   const char         *message)
{
  /* g_set_str() is GLib 2.76 */
  if (g_strcmp0 (self->error_message, message) == 0)
    return;
  g_free (self->error_message);
  self->error_message = g_strdup (message);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ERROR_MESSAGE]);
}

static OrgaStore *
get_store (OrgaSyncController *self)
{
  return orga_context_get_store (self->context);
}

/* What the store keeps: the last success and the notices not yet seen.
 * Small reads, on the main connection as the pages' are. */
static void
load_kept (OrgaSyncController *self)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *last = NULL;
  g_autoptr(GDateTime) utc = NULL;
  g_autoptr(GPtrArray) notices = NULL;

  if (self->organization != NULL)
    {
      last = orga_store_sync_dup_last_success (get_store (self), self->organization, &error);
      if (error != NULL)
        g_warning ("Could not read the last sync: %s", error->message);
      g_clear_error (&error);
      notices = orga_store_sync_list_notices (get_store (self), self->organization, &error);
      if (notices == NULL && error != NULL)
        g_warning ("Could not read the sync's notices: %s", error->message);
    }

  utc = last ? g_date_time_new_from_iso8601 (last, NULL) : NULL;
  g_clear_pointer (&self->last_success, g_date_time_unref);
  self->last_success = utc ? g_date_time_to_local (utc) : NULL;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LAST_SUCCESS]);

  g_clear_pointer (&self->notices, g_ptr_array_unref);
  self->notices = notices ? g_steal_pointer (&notices)
                          : g_ptr_array_new_with_free_func ((GDestroyNotify) orga_sync_notice_free);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_NOTICES]);
}

static guint
count_outbox (OrgaSyncController *self)
{
  g_autoptr(GError) error = NULL;
  guint n;

  if (self->organization == NULL)
    return 0;
  n = orga_store_sync_count_outbox (get_store (self), self->organization, &error);
  if (error != NULL)
    g_warning ("Could not count the changes to send: %s", error->message);
  return n;
}

/* ------------------------------------------------------------------------
 * Runs
 */

static void
emit_notices (OrgaSyncController *self,
              GPtrArray          *notices)
{
  for (guint i = 0; notices != NULL && i < notices->len; i++)
    g_signal_emit (self, signals[NOTICE], 0, g_ptr_array_index (notices, i));
}

/* A run and what it was started with: a run cancelled may still end
 * with a report (it had finished), which is then not the current run's. */
typedef struct
{
  OrgaSyncController *self;
  GCancellable       *cancellable;
} Run;

static void
run_free (Run *run)
{
  g_object_unref (run->self);
  g_object_unref (run->cancellable);
  g_free (run);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Run, run_free)

static void
run_cb (GObject      *source,
        GAsyncResult *result,
        gpointer      user_data)
{
  g_autoptr(Run) run = user_data;
  OrgaSyncController *self = run->self;
  g_autoptr(OrgaSyncReport) report = NULL;
  g_autoptr(GError) error = NULL;

  report = orga_sync_run_finish (ORGA_SYNC (source), result, &error);
  /* Cancelled: the school or the account changed, or the window went;
   * whoever cancelled has set the state already. */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) ||
      g_cancellable_is_cancelled (run->cancellable))
    return;

  g_clear_object (&self->cancellable);
  g_clear_handle_id (&self->syncing_source, g_source_remove);
  self->n_runs++;

  if (report == NULL)
    {
      set_error_message (self, error->message);
      set_state (self, ORGA_SYNC_STATE_ERROR);
    }
  else
    {
      switch (report->status)
        {
        case ORGA_SYNC_STATUS_OK:
          set_error_message (self, NULL);
          set_state (self, ORGA_SYNC_STATE_UP_TO_DATE);
          break;
        case ORGA_SYNC_STATUS_OFFLINE:
          set_error_message (self, report->error_message);
          set_state (self, ORGA_SYNC_STATE_OFFLINE);
          break;
        case ORGA_SYNC_STATUS_ERROR:
        default:
          set_error_message (self, report->error_message ? report->error_message : _("The sync failed."));
          set_state (self, ORGA_SYNC_STATE_ERROR);
          break;
        }
      g_debug ("Synced: %s, %u pushed, %u pulled, cursor %" G_GINT64_FORMAT,
               orga_sync_status_to_string (report->status), report->pushed, report->pulled, report->cursor);
    }

  load_kept (self);
  if (report != NULL)
    {
      emit_notices (self, report->refused);
      emit_notices (self, report->notices);
    }

  /* What the run could not send waits for the next tick; a change made
   * meanwhile and queued after the run's last push goes now. */
  self->outbox_after_run = count_outbox (self);
  if (self->outbox_after_run == 0)
    self->reruns = 0;
  /* A few times in a row at most: a change that never leaves the queue
   * waits for the next tick rather than hammer the server. */
  else if (report != NULL && report->status == ORGA_SYNC_STATUS_OK && self->reruns < MAX_RERUNS)
    {
      self->reruns++;
      self->pending = TRUE;
    }

  set_running (self, FALSE);
  if (self->pending)
    {
      self->pending = FALSE;
      start_run (self, FALSE);
    }
}

static gboolean
show_syncing_cb (gpointer user_data)
{
  OrgaSyncController *self = user_data;

  self->syncing_source = 0;
  if (self->running)
    set_state (self, ORGA_SYNC_STATE_SYNCING);
  return G_SOURCE_REMOVE;
}

/* @asked: by the user, who sees it start at once. */
static void
start_run (OrgaSyncController *self,
           gboolean            asked)
{
  Run *run;

  if (self->organization == NULL || self->sync == NULL)
    return;
  if (self->running)
    {
      self->pending = TRUE;
      return;
    }

  g_debug ("Sync starts");
  self->cancellable = g_cancellable_new ();
  run = g_new0 (Run, 1);
  run->self = g_object_ref (self);
  run->cancellable = g_object_ref (self->cancellable);
  set_running (self, TRUE);
  if (asked || self->last_success == NULL)
    set_state (self, ORGA_SYNC_STATE_SYNCING);
  else
    self->syncing_source = g_timeout_add (SHOW_SYNCING_MS, show_syncing_cb, self);
  orga_sync_run_async (self->sync, self->organization, self->cancellable, run_cb, run);
}

static void
cancel_run (OrgaSyncController *self)
{
  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_handle_id (&self->syncing_source, g_source_remove);
  self->pending = FALSE;
  set_running (self, FALSE);
}

static gboolean
start_cb (gpointer user_data)
{
  OrgaSyncController *self = user_data;

  self->start_source = 0;
  start_run (self, FALSE);
  return G_SOURCE_REMOVE;
}

static gboolean
period_cb (gpointer user_data)
{
  start_run (user_data, FALSE);
  return G_SOURCE_CONTINUE;
}

static guint
period_seconds (OrgaSyncController *self)
{
  GSettings *settings = orga_context_get_settings (self->context);

  if (settings == NULL)
    return PERIOD_SECONDS;
  return 60 * CLAMP (g_settings_get_uint (settings, "sync-interval"), 1, 60);
}

/* A new interval counts from now: the next run is one interval away. */
static void
sync_interval_changed_cb (OrgaSyncController *self)
{
  if (self->period_source == 0)
    return;
  g_clear_handle_id (&self->period_source, g_source_remove);
  self->period_source = g_timeout_add_seconds (period_seconds (self), period_cb, self);
}

/* Two seconds after a change marked for the outbox. The sync's own
 * commits are marked too (the cursor, the outbox emptied), and so is
 * every commit of another process: only a queue longer than the last run
 * left it means that somebody changed something to send. */
static gboolean
change_cb (gpointer user_data)
{
  OrgaSyncController *self = user_data;

  self->change_source = 0;
  if (self->running)
    return G_SOURCE_REMOVE;   /* run_cb counts the queue */
  if (count_outbox (self) > self->outbox_after_run)
    start_run (self, FALSE);
  return G_SOURCE_REMOVE;
}

static void
store_changed_cb (OrgaSyncController *self,
                  OrgaStoreChanges   *changes)
{
  if (self->organization == NULL || !orga_store_changes_has (changes, ORGA_STORE_CHANGE_SYNC))
    return;

  /* The notices may have been seen or added by another process. */
  if (orga_store_changes_is_external (changes) && !self->running)
    load_kept (self);

  g_clear_handle_id (&self->change_source, g_source_remove);
  self->change_source = g_timeout_add (CHANGE_DELAY_MS, change_cb, self);
}

/* ------------------------------------------------------------------------
 * What to sync
 */

static void
update_target (OrgaSyncController *self)
{
  OrgaClient *client = orga_connection_get_client (self->connection);
  OrgaOrganization *organization = orga_context_get_organization (self->context);
  gboolean applicable;

  applicable = organization != NULL && client != NULL &&
               orga_connection_get_account (self->connection) != NULL &&
               orga_client_get_token (client) != NULL &&
               orga_store_sync_is_enabled (get_store (self), organization);
  if (!applicable)
    {
      client = NULL;
      organization = NULL;
    }

  if (client == self->client && organization == self->organization)
    return;

  /* Another school or another account: the run going on is for the old. */
  cancel_run (self);
  g_clear_handle_id (&self->period_source, g_source_remove);
  g_clear_handle_id (&self->change_source, g_source_remove);
  g_clear_handle_id (&self->start_source, g_source_remove);
  g_clear_object (&self->sync);
  g_set_object (&self->client, client);
  g_set_object (&self->organization, organization);
  set_error_message (self, NULL);
  load_kept (self);

  if (!applicable)
    {
      set_state (self, ORGA_SYNC_STATE_NOT_APPLICABLE);
      return;
    }

  self->sync = orga_sync_new (get_store (self), client);
  self->outbox_after_run = 0;
  set_state (self, self->last_success ? ORGA_SYNC_STATE_UP_TO_DATE : ORGA_SYNC_STATE_SYNCING);
  /* Once the window is shown; not at idle priority, which a window busy
   * drawing (the spinner, a slow display) may never reach. */
  self->start_source = g_idle_add_full (G_PRIORITY_DEFAULT, start_cb, self, NULL);
  self->period_source = g_timeout_add_seconds (period_seconds (self), period_cb, self);
}

static void
store_account_changed_cb (OrgaSyncController *self,
                          OrgaStoreChanges   *changes)
{
  /* Bound or unbound in this window or by pixorga-cli. */
  if (orga_store_changes_has (changes, ORGA_STORE_CHANGE_ACCOUNT | ORGA_STORE_CHANGE_ORGANIZATION))
    update_target (self);
}

/* ------------------------------------------------------------------------ */

OrgaSyncController *
orga_sync_controller_new (OrgaConnection *connection)
{
  g_return_val_if_fail (ORGA_IS_CONNECTION (connection), NULL);

  return g_object_new (ORGA_TYPE_SYNC_CONTROLLER, "connection", connection, NULL);
}

OrgaConnection *
orga_sync_controller_get_connection (OrgaSyncController *self)
{
  g_return_val_if_fail (ORGA_IS_SYNC_CONTROLLER (self), NULL);
  return self->connection;
}

OrgaSyncState
orga_sync_controller_get_state (OrgaSyncController *self)
{
  g_return_val_if_fail (ORGA_IS_SYNC_CONTROLLER (self), ORGA_SYNC_STATE_NOT_APPLICABLE);
  return self->state;
}

GDateTime *
orga_sync_controller_get_last_success (OrgaSyncController *self)
{
  g_return_val_if_fail (ORGA_IS_SYNC_CONTROLLER (self), NULL);
  return self->last_success;
}

const char *
orga_sync_controller_get_error_message (OrgaSyncController *self)
{
  g_return_val_if_fail (ORGA_IS_SYNC_CONTROLLER (self), NULL);
  return self->error_message;
}

GPtrArray *
orga_sync_controller_get_notices (OrgaSyncController *self)
{
  g_return_val_if_fail (ORGA_IS_SYNC_CONTROLLER (self), NULL);
  return self->notices;
}

void
orga_sync_controller_mark_notices_seen (OrgaSyncController *self)
{
  g_autoptr(GError) error = NULL;

  g_return_if_fail (ORGA_IS_SYNC_CONTROLLER (self));

  if (self->organization == NULL || self->notices->len == 0)
    return;
  if (!orga_store_sync_mark_notices_seen (get_store (self), self->organization, &error))
    g_warning ("Could not mark the sync's notices seen: %s", error->message);
  load_kept (self);
}

void
orga_sync_controller_request (OrgaSyncController *self)
{
  g_return_if_fail (ORGA_IS_SYNC_CONTROLLER (self));
  start_run (self, TRUE);
}

gboolean
orga_sync_controller_get_running (OrgaSyncController *self)
{
  g_return_val_if_fail (ORGA_IS_SYNC_CONTROLLER (self), FALSE);
  return self->running;
}

guint
orga_sync_controller_get_n_runs (OrgaSyncController *self)
{
  g_return_val_if_fail (ORGA_IS_SYNC_CONTROLLER (self), 0);
  return self->n_runs;
}

static void
orga_sync_controller_constructed (GObject *object)
{
  OrgaSyncController *self = (OrgaSyncController *)object;
  OrgaStore *store;

  G_OBJECT_CLASS (orga_sync_controller_parent_class)->constructed (object);

  g_assert (self->connection != NULL);
  self->context = g_object_ref (orga_connection_get_context (self->connection));
  store = get_store (self);

  g_signal_connect_object (self->context, "notify::organization", G_CALLBACK (update_target),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->connection, "notify::client", G_CALLBACK (update_target),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->connection, "notify::account", G_CALLBACK (update_target),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (store, "changed", G_CALLBACK (store_account_changed_cb),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (store, "changed", G_CALLBACK (store_changed_cb),
                           self, G_CONNECT_SWAPPED);
  if (orga_context_get_settings (self->context) != NULL)
    g_signal_connect_object (orga_context_get_settings (self->context), "changed::sync-interval",
                             G_CALLBACK (sync_interval_changed_cb), self, G_CONNECT_SWAPPED);
  update_target (self);
}

static void
orga_sync_controller_dispose (GObject *object)
{
  OrgaSyncController *self = (OrgaSyncController *)object;

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_handle_id (&self->period_source, g_source_remove);
  g_clear_handle_id (&self->change_source, g_source_remove);
  g_clear_handle_id (&self->start_source, g_source_remove);
  g_clear_handle_id (&self->syncing_source, g_source_remove);
  g_clear_object (&self->sync);
  g_clear_object (&self->client);
  g_clear_object (&self->organization);
  g_clear_object (&self->context);
  g_clear_object (&self->connection);

  G_OBJECT_CLASS (orga_sync_controller_parent_class)->dispose (object);
}

static void
orga_sync_controller_finalize (GObject *object)
{
  OrgaSyncController *self = (OrgaSyncController *)object;

  g_clear_pointer (&self->last_success, g_date_time_unref);
  g_clear_pointer (&self->error_message, g_free);
  g_clear_pointer (&self->notices, g_ptr_array_unref);

  G_OBJECT_CLASS (orga_sync_controller_parent_class)->finalize (object);
}

static void
orga_sync_controller_get_property (GObject    *object,
                                   guint       prop_id,
                                   GValue     *value,
                                   GParamSpec *pspec)
{
  OrgaSyncController *self = ORGA_SYNC_CONTROLLER (object);

  switch (prop_id)
    {
    case PROP_CONNECTION:
      g_value_set_object (value, self->connection);
      break;
    case PROP_STATE:
      g_value_set_enum (value, self->state);
      break;
    case PROP_LAST_SUCCESS:
      g_value_set_boxed (value, self->last_success);
      break;
    case PROP_ERROR_MESSAGE:
      g_value_set_string (value, self->error_message);
      break;
    case PROP_NOTICES:
      g_value_set_boxed (value, self->notices);
      break;
    case PROP_RUNNING:
      g_value_set_boolean (value, self->running);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
orga_sync_controller_set_property (GObject      *object,
                                   guint         prop_id,
                                   const GValue *value,
                                   GParamSpec   *pspec)
{
  OrgaSyncController *self = ORGA_SYNC_CONTROLLER (object);

  switch (prop_id)
    {
    case PROP_CONNECTION:
      self->connection = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
orga_sync_controller_class_init (OrgaSyncControllerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = orga_sync_controller_constructed;
  object_class->dispose = orga_sync_controller_dispose;
  object_class->finalize = orga_sync_controller_finalize;
  object_class->get_property = orga_sync_controller_get_property;
  object_class->set_property = orga_sync_controller_set_property;

  properties[PROP_CONNECTION] =
    g_param_spec_object ("connection", NULL, NULL, ORGA_TYPE_CONNECTION,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_STATE] =
    g_param_spec_enum ("state", NULL, NULL, ORGA_TYPE_SYNC_STATE, ORGA_SYNC_STATE_NOT_APPLICABLE,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_LAST_SUCCESS] =
    g_param_spec_boxed ("last-success", NULL, NULL, G_TYPE_DATE_TIME,
                        G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_ERROR_MESSAGE] =
    g_param_spec_string ("error-message", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* element type OrgaSyncNotice */
  properties[PROP_NOTICES] =
    g_param_spec_boxed ("notices", NULL, NULL, G_TYPE_PTR_ARRAY,
                        G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_RUNNING] =
    g_param_spec_boolean ("running", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * OrgaSyncController::notice:
   * @notice: (type OrgaSyncNotice): a change refused or an import
   *   overridden in the run that just ended
   *
   * For a toast; the notice stays in "notices" until seen.
   */
  signals[NOTICE] = g_signal_new ("notice", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_POINTER);
}

static void
orga_sync_controller_init (OrgaSyncController *self)
{
  self->notices = g_ptr_array_new_with_free_func ((GDestroyNotify) orga_sync_notice_free);
}
