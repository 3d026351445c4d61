/* orga-sync.c: one sync of a space with pixorga-server
 *
 * A run is a chain of steps, each one either an HTTP request through
 * OrgaClient on the caller's main context or a store job (a connection of
 * its own, in a thread) that reads what the request brought:
 *
 *   prepare ─► push ⇄ apply answer (+ build the next push) ─► [resync] ─►
 *   pull ⇄ apply page ─► outbox filled again? (round ≤ 3: push again) ─►
 *   record the run ─► report
 *
 * The pull is a pipeline: a page is parsed in a thread of its own (no
 * database), and as soon as its cursor is known the next page is asked
 * for, while the store applies this one. The last page's job also looks
 * at the outbox and records the run.
 *
 * docs/sync.md, "One sync of one space", is the prose of this file. A
 * failed step ends the run there: whatever a job applied is committed
 * with its cursor, whatever it did not is still in the outbox or on the
 * server, so the next run starts again from a consistent database.
 *
 * Runs of one OrgaSync go one after the other: a run asked for while
 * another is going waits for it (the app asks after every change).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "orga-sync"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "orga-json.h"
#include "orga-store-account.h"
#include "orga-store-student-accounts.h"
#include "orga-sync.h"

/* Push and pull again at most this many times when the user changed
 * something during the run. */
#define MAX_ROUNDS 3

struct _OrgaSync
{
  GObject     parent_instance;

  OrgaStore  *store;
  OrgaClient *client;
  GTask      *running;   /* the run going, not owned */
  GQueue      waiting;   /* (owned) GTask: runs asked for meanwhile */
};

G_DEFINE_FINAL_TYPE (OrgaSync, orga_sync, G_TYPE_OBJECT)

/* ---- the report -------------------------------------------------------- */

G_DEFINE_BOXED_TYPE (OrgaSyncReport, orga_sync_report, orga_sync_report_copy, orga_sync_report_free)

const char *
orga_sync_status_to_string (OrgaSyncStatus status)
{
  switch (status)
    {
    case ORGA_SYNC_STATUS_OK:
      return "ok";
    case ORGA_SYNC_STATUS_OFFLINE:
      return "offline";
    case ORGA_SYNC_STATUS_ERROR:
    default:
      return "error";
    }
}

static gpointer
notice_copy (gconstpointer data,
             gpointer      user_data)
{
  const OrgaSyncNotice *notice = data;
  OrgaSyncNotice *copy = g_new0 (OrgaSyncNotice, 1);

  copy->change = g_strdup (notice->change);
  copy->kind = g_strdup (notice->kind);
  copy->message = g_strdup (notice->message);
  copy->created_at = g_strdup (notice->created_at);
  return copy;
}

static GPtrArray *
notices_new (void)
{
  return g_ptr_array_new_with_free_func ((GDestroyNotify) orga_sync_notice_free);
}

static GPtrArray *
notices_copy (GPtrArray *notices)
{
  return g_ptr_array_copy (notices, notice_copy, NULL);
}

static OrgaSyncReport *
report_new (void)
{
  OrgaSyncReport *report = g_new0 (OrgaSyncReport, 1);

  report->refused = notices_new ();
  report->notices = notices_new ();
  return report;
}

OrgaSyncReport *
orga_sync_report_copy (const OrgaSyncReport *self)
{
  OrgaSyncReport *copy;

  g_return_val_if_fail (self != NULL, NULL);

  copy = g_new0 (OrgaSyncReport, 1);
  copy->status = self->status;
  copy->pushed = self->pushed;
  copy->pulled = self->pulled;
  copy->cursor = self->cursor;
  copy->refused = notices_copy (self->refused);
  copy->notices = notices_copy (self->notices);
  copy->error_message = g_strdup (self->error_message);
  return copy;
}

void
orga_sync_report_free (OrgaSyncReport *self)
{
  if (self == NULL)
    return;

  g_clear_pointer (&self->refused, g_ptr_array_unref);
  g_clear_pointer (&self->notices, g_ptr_array_unref);
  g_free (self->error_message);
  g_free (self);
}

/* ---- the jobs (in a thread, on a connection of their own) -------------- */

/* What a job is given: copies, or objects only read (the organization's
 * id and uuid never change). */
typedef struct
{
  OrgaOrganization *organization;
  GBytes           *answer;          /* the server's body to apply */
  char             *server_url;      /* for the messages */
  JsonNode         *page;            /* a page to apply, parsed as JSON */
  OrgaSyncPage     *rows;            /* or read into rows */
  gboolean          last_page;       /* then the run's end too */
  gboolean          reset_page;      /* a page saying "reset" */
  gboolean          may_push_again;  /* another round is allowed */
  char             *error_message;   /* the run's, for record_job */
  guint             delay_ms;        /* PIXORGA_SYNC_PAGE_DELAY_MS */
  GPtrArray        *accounts;        /* OrgaStudentAccount, for accounts_job */
} JobInput;

static void
job_input_free (JobInput *input)
{
  g_clear_object (&input->organization);
  g_clear_pointer (&input->answer, g_bytes_unref);
  g_clear_pointer (&input->page, json_node_unref);
  g_clear_pointer (&input->rows, orga_sync_page_free);
  g_free (input->server_url);
  g_free (input->error_message);
  g_clear_pointer (&input->accounts, g_ptr_array_unref);
  g_free (input);
}

/* What a job found. */
typedef struct
{
  char      *space_id;       /* prepare_job */
  GBytes    *push;           /* the next push's body; NULL when the outbox is empty */
  guint      n_applied;      /* push_answer_job */
  GPtrArray *refused;        /* OrgaSyncNotice */
  gboolean   needs_resync;
  guint      n_rows;         /* page_job */
  GPtrArray *notices;        /* OrgaSyncNotice */
  gboolean   recorded;       /* the run recorded as a success */
  gboolean   reset;          /* the page said "reset": a resync began */
  gint64     cursor;         /* after the job */
  gint64     apply_us;       /* the page's apply, for the debug output */
} JobResult;

static void
job_result_free (JobResult *result)
{
  g_free (result->space_id);
  g_clear_pointer (&result->push, g_bytes_unref);
  g_clear_pointer (&result->refused, g_ptr_array_unref);
  g_clear_pointer (&result->notices, g_ptr_array_unref);
  g_free (result);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (JobResult, job_result_free)

static JobResult *
job_result_new (void)
{
  JobResult *result = g_new0 (JobResult, 1);

  result->refused = notices_new ();
  result->notices = notices_new ();
  return result;
}

/* The next push's JSON text, written here: an import's push may be MBs. */
static gboolean
build_push (OrgaStore        *store,
            OrgaOrganization *organization,
            JobResult        *result,
            GError          **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autoptr(JsonNode) push = NULL;
  char *text;

  push = orga_store_sync_build_push (store, organization, ORGA_SYNC_PUSH_MAX, &local_error);
  if (push == NULL)
    {
      if (local_error != NULL)
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }
      return TRUE;
    }

  text = orga_json_to_data (push, FALSE);
  result->push = g_bytes_new_take (text, strlen (text));
  return TRUE;
}

/* Where the pull starts (the cursor as the store has it now, a resync
 * begun by an answer included) and the next push. */
static gboolean
read_cursor_and_push (OrgaStore        *store,
                      OrgaOrganization *organization,
                      JobResult        *result,
                      GError          **error)
{
  g_autoptr(GError) local_error = NULL;

  result->cursor = orga_store_sync_get_cursor (store, organization, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  return build_push (store, organization, result, error);
}

static void
set_not_bound (GError **error)
{
  g_set_error_literal (error, ORGA_STORE_ERROR, ORGA_STORE_ERROR_NOT_BOUND,
                       _("This school is not bound to a space of a Pix Orga server: sign in to synchronise it."));
}

/* The space, the device, the cursor and the first push. */
static gpointer
prepare_job (OrgaStore     *store,
             gpointer       task_data,
             GCancellable  *cancellable,
             GError       **error)
{
  JobInput *input = task_data;
  g_autoptr(JobResult) result = job_result_new ();
  g_autoptr(GError) local_error = NULL;
  g_autofree char *device = NULL;

  if (!orga_store_sync_is_enabled (store, input->organization))
    {
      set_not_bound (error);
      return NULL;
    }

  result->space_id = orga_store_dup_space_id (store, input->organization, &local_error);
  if (result->space_id == NULL)
    {
      if (local_error == NULL)
        set_not_bound (&local_error);
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }

  /* Made now if this database never synced: every push names it. */
  device = orga_store_sync_dup_device (store, error);
  if (device == NULL)
    return NULL;

  if (!read_cursor_and_push (store, input->organization, result, error))
    return NULL;

  return g_steal_pointer (&result);
}

/* The answer to a push, then the next push. */
static gpointer
push_answer_job (OrgaStore     *store,
                 gpointer       task_data,
                 GCancellable  *cancellable,
                 GError       **error)
{
  JobInput *input = task_data;
  g_autoptr(JobResult) result = job_result_new ();
  g_autoptr(JsonNode) answer = NULL;

  answer = orga_client_sync_parse_answer (input->answer, input->server_url, error);
  if (answer == NULL)
    return NULL;

  if (!orga_store_sync_apply_push_answer (store, input->organization, answer, &result->n_applied,
                                          result->refused, &result->needs_resync, error))
    return NULL;

  /* A rollback that needs a resync starts it in the answer's own
   * transaction: the pull goes from the cursor as it is now. */
  if (!read_cursor_and_push (store, input->organization, result, error))
    return NULL;

  return g_steal_pointer (&result);
}

static gpointer
resync_job (OrgaStore     *store,
            gpointer       task_data,
            GCancellable  *cancellable,
            GError       **error)
{
  JobInput *input = task_data;
  g_autoptr(JobResult) result = job_result_new ();

  if (!orga_store_sync_start_resync (store, input->organization, error))
    return NULL;
  result->cursor = 0;
  return g_steal_pointer (&result);
}

/* One page, parsed in a thread beforehand, applied in one transaction
 * with its cursor by the store. The last page of a run also does the
 * run's end: what the user queued meanwhile, and the record of the run
 * when there is no round more (a job fewer, a connection fewer). */
static gpointer
page_job (OrgaStore     *store,
          gpointer       task_data,
          GCancellable  *cancellable,
          GError       **error)
{
  JobInput *input = task_data;
  g_autoptr(JobResult) result = job_result_new ();
  g_autoptr(GError) local_error = NULL;
  gint64 start = g_get_monotonic_time ();

  if (input->rows != NULL
      ? !orga_store_sync_apply_parsed_page (store, input->organization, input->rows, &result->n_rows,
                                            result->notices, error)
      : !orga_store_sync_apply_page (store, input->organization, input->page, &result->n_rows,
                                     result->notices, error))
    return NULL;
  result->apply_us = g_get_monotonic_time () - start;
  result->reset = input->reset_page;

  result->cursor = orga_store_sync_get_cursor (store, input->organization, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }

  /* Tests only (docs/sync.md): time to kill a client between two pages. */
  if (input->delay_ms > 0)
    g_usleep ((gulong) input->delay_ms * 1000);

  if (input->last_page)
    {
      if (!build_push (store, input->organization, result, error))
        return NULL;
      if (result->push == NULL || !input->may_push_again)
        {
          g_clear_pointer (&result->push, g_bytes_unref);
          if (!orga_store_sync_record_run (store, input->organization, NULL, error))
            return NULL;
          result->recorded = TRUE;
        }
    }

  return g_steal_pointer (&result);
}

static gpointer
record_job (OrgaStore     *store,
            gpointer       task_data,
            GCancellable  *cancellable,
            GError       **error)
{
  JobInput *input = task_data;
  g_autoptr(JobResult) result = job_result_new ();
  g_autoptr(GError) local_error = NULL;

  if (!orga_store_sync_record_run (store, input->organization, input->error_message, error))
    return NULL;
  result->cursor = orga_store_sync_get_cursor (store, input->organization, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }
  return g_steal_pointer (&result);
}

/* The students' accounts as the server lists them, replacing the cache
 * in one transaction (orga-store-student-accounts.h). */
static gpointer
accounts_job (OrgaStore     *store,
              gpointer       task_data,
              GCancellable  *cancellable,
              GError       **error)
{
  JobInput *input = task_data;

  if (!orga_store_replace_student_accounts (store, input->organization, input->accounts, error))
    return NULL;
  return job_result_new ();
}

/* ---- parsing a page (in a thread, no database) ---------------------------- */

typedef struct
{
  OrgaSyncPage *rows;   /* a plain page, read into rows */
  JsonNode *page;       /* or any other, parsed as JSON */
  gint64    cursor;
  gboolean  more;
  gboolean  reset;
  gint64    next_after; /* the next page, asked for from the header; -1 */
  gint64    parse_us;   /* for the debug output */
} ParsedPage;

static void
parsed_page_free (ParsedPage *parsed)
{
  g_clear_pointer (&parsed->page, json_node_unref);
  g_clear_pointer (&parsed->rows, orga_sync_page_free);
  g_free (parsed);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ParsedPage, parsed_page_free)

typedef struct
{
  GBytes *body;
  char   *server_url;
  gint64  next_after;   /* see ParsedPage */
} ParseInput;

static void
parse_input_free (ParseInput *input)
{
  g_bytes_unref (input->body);
  g_free (input->server_url);
  g_free (input);
}

static gboolean
member_is_true (JsonObject *object,
                const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  return node != NULL && JSON_NODE_HOLDS_VALUE (node) &&
         json_node_get_value_type (node) == G_TYPE_BOOLEAN && json_node_get_boolean (node);
}

/* The page's rows, and what the next request needs of it: its cursor,
 * whether more follows. The rows are the store's to read. A plain page of
 * this protocol is read straight into rows (orga-sync-page.h); anything
 * else goes through JSON, whose path says what is wrong with it. */
static void
parse_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  ParseInput *input = task_data;
  g_autoptr(ParsedPage) parsed = g_new0 (ParsedPage, 1);
  JsonObject *object;
  JsonNode *cursor;
  GError *error = NULL;
  gint64 start = g_get_monotonic_time ();
  gsize length = 0;
  const char *data = g_bytes_get_data (input->body, &length);

  parsed->rows = orga_sync_page_parse (data, length);
  if (parsed->rows != NULL && parsed->rows->protocol == ORGA_SYNC_PROTOCOL)
    {
      parsed->cursor = parsed->rows->cursor;
      parsed->more = parsed->rows->more;
      parsed->reset = parsed->rows->reset;
      parsed->next_after = input->next_after;
      parsed->parse_us = g_get_monotonic_time () - start;
      g_task_return_pointer (task, g_steal_pointer (&parsed), (GDestroyNotify) parsed_page_free);
      return;
    }
  g_clear_pointer (&parsed->rows, orga_sync_page_free);

  parsed->page = orga_client_sync_parse_answer (input->body, input->server_url, &error);
  if (parsed->page == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  object = json_node_get_object (parsed->page);
  cursor = json_object_get_member (object, "cursor");
  if (cursor == NULL || !JSON_NODE_HOLDS_VALUE (cursor) || json_node_get_value_type (cursor) != G_TYPE_INT64)
    {
      g_task_return_new_error (task, ORGA_CLIENT_ERROR, ORGA_CLIENT_ERROR_PROTOCOL,
                               _("The server %s did not answer as a PixOrga server."), input->server_url);
      return;
    }
  parsed->cursor = json_node_get_int (cursor);
  parsed->more = member_is_true (object, "more");
  parsed->reset = member_is_true (object, "reset");
  parsed->next_after = input->next_after;
  parsed->parse_us = g_get_monotonic_time () - start;

  g_task_return_pointer (task, g_steal_pointer (&parsed), (GDestroyNotify) parsed_page_free);
}

/* ---- a run (on the caller's main context) ------------------------------ */

/* The pull is a pipeline: while the store applies a page, the next one
 * is parsed, and the one after is asked for as soon as a page's headers
 * announce it (ORGA_SYNC_NEXT_HEADER), else once its body is parsed.
 * Pages are parsed and applied one at a time, in order; at most one
 * request is out, and MAX_PAGES_AHEAD pages wait in memory. A failure
 * waits for what is out to come back, then ends the run. */
#define MAX_PAGES_AHEAD 2

typedef struct
{
  OrgaOrganization *organization;
  char             *space_id;
  OrgaSyncReport   *report;
  guint             round;
  gboolean          needs_resync;
  gboolean          was_reset;
  guint             page_limit;    /* PIXORGA_SYNC_PAGE_LIMIT; 0: the server's */
  guint             page_delay_ms; /* PIXORGA_SYNC_PAGE_DELAY_MS */
  gboolean          team_checked;  /* after a 404 on a sync route */
  GError           *unsupported;   /* that 404, while the team is asked */

  /* The pull */
  gint64            fetch_after;   /* of the next request */
  gboolean          fetching;      /* a request is out */
  gboolean          parsing;       /* a page is being parsed */
  gboolean          applying;      /* a page is being applied */
  GQueue            to_parse;      /* ParseInput, waiting to be parsed */
  GQueue            parsed;        /* ParsedPage, waiting to be applied */
  GError           *failed;        /* the first failure, once the rest is back */

  /* Where the time goes, for G_MESSAGES_DEBUG=orga-sync. */
  gint64            started;       /* µs */
  guint             n_pages;
  gint64            parse_us;      /* pages parsed, in all */
  gint64            apply_us;      /* pages applied, in all */
} Run;

static void
run_free (Run *run)
{
  g_clear_object (&run->organization);
  g_free (run->space_id);
  g_clear_error (&run->unsupported);
  g_clear_error (&run->failed);
  g_queue_clear_full (&run->to_parse, (GDestroyNotify) parse_input_free);
  g_queue_clear_full (&run->parsed, (GDestroyNotify) parsed_page_free);
  g_clear_pointer (&run->report, orga_sync_report_free);
  g_free (run);
}

static void start_next (OrgaSync *self);

/* The end of a run, whichever, once its task returned: the next one
 * waiting may start, and the run's reference goes. */
static void
run_done (GTask *task)
{
  OrgaSync *self = g_task_get_source_object (task);

  if (self->running == task)
    self->running = NULL;
  start_next (self);
  g_object_unref (task);
}

static void
return_report (GTask *task)
{
  Run *run = g_task_get_task_data (task);
  OrgaSyncReport *report = g_steal_pointer (&run->report);

  g_debug ("sync of %s: %s, %u pushed, %u pulled in %u pages, cursor %" G_GINT64_FORMAT
           ", %.0f ms (pages parsed in %.0f ms, applied in %.0f ms)",
           orga_organization_get_uai (run->organization), orga_sync_status_to_string (report->status),
           report->pushed, report->pulled, run->n_pages, report->cursor,
           (g_get_monotonic_time () - run->started) / 1000.0, run->parse_us / 1000.0, run->apply_us / 1000.0);

  g_task_return_pointer (task, report, (GDestroyNotify) orga_sync_report_free);
  run_done (task);
}

static void
return_cancelled (GTask  *task,
                  GError *error)
{
  g_task_return_error (task, error);
  run_done (task);
}

static JobInput *
job_input_new (GTask *task)
{
  OrgaSync *self = g_task_get_source_object (task);
  Run *run = g_task_get_task_data (task);
  JobInput *input = g_new0 (JobInput, 1);

  input->organization = g_object_ref (run->organization);
  input->server_url = g_strdup (orga_client_get_server_url (self->client));
  input->error_message = g_strdup (run->report->error_message);
  input->delay_ms = run->page_delay_ms;
  return input;
}

static void
run_job_with (GTask               *task,
              OrgaStoreJobFunc     func,
              JobInput            *input,
              GAsyncReadyCallback  callback)
{
  OrgaSync *self = g_task_get_source_object (task);

  orga_store_run_job_async (self->store, func, input, (GDestroyNotify) job_input_free,
                            (GDestroyNotify) job_result_free, g_task_get_cancellable (task),
                            callback, task);
}

static void
run_job (GTask               *task,
         OrgaStoreJobFunc     func,
         GBytes              *answer,
         GAsyncReadyCallback  callback)
{
  JobInput *input = job_input_new (task);

  input->answer = answer != NULL ? g_bytes_ref (answer) : NULL;
  run_job_with (task, func, input, callback);
}

/* An answer that breaks the protocol's promises: what OrgaClient says
 * of an answer that is not the API's. */
static GError *
not_the_api (GTask *task)
{
  OrgaSync *self = g_task_get_source_object (task);

  return g_error_new (ORGA_CLIENT_ERROR, ORGA_CLIENT_ERROR_PROTOCOL,
                      _("The server %s did not answer as a PixOrga server."),
                      orga_client_get_server_url (self->client));
}

static void record_done_cb (GObject      *source,
                            GAsyncResult *result,
                            gpointer      user_data);

/* The run ends: recorded (its error, or the time of its success), then
 * reported. */
static void
finish_run (GTask *task)
{
  run_job (task, record_job, NULL, record_done_cb);
}

static void fail_run (GTask  *task,
                      GError *error);

static void
team_checked_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  GTask *task = user_data;
  Run *run = g_task_get_task_data (task);
  g_autoptr(OrgaTeam) team = NULL;
  GError *error = NULL;

  team = orga_client_get_team_finish (ORGA_CLIENT (source), result, &error);
  /* The space answers (even in a form this build does not read): the
   * sync routes are what is missing. */
  if (team != NULL || g_error_matches (error, ORGA_CLIENT_ERROR, ORGA_CLIENT_ERROR_PROTOCOL))
    {
      g_clear_error (&error);
      fail_run (task, g_steal_pointer (&run->unsupported));
      return;
    }

  if (g_error_matches (error, ORGA_CLIENT_ERROR, ORGA_CLIENT_ERROR_NOT_FOUND))
    {
      g_clear_error (&error);
      error = g_error_new_literal (ORGA_CLIENT_ERROR, ORGA_CLIENT_ERROR_NOT_FOUND,
                                   _("This space no longer exists on the server, or you are no longer one of its members."));
    }
  g_clear_error (&run->unsupported);
  fail_run (task, error);
}

/* A step failed: the report says how, the run is recorded, and ends. */
static void
fail_run (GTask  *task,
          GError *error)
{
  Run *run = g_task_get_task_data (task);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      return_cancelled (task, error);
      return;
    }

  /* A 404 on a sync route is also what a space that is not the
   * account's (any more) answers: the team route, as old as the
   * spaces, tells which. */
  if (g_error_matches (error, ORGA_CLIENT_ERROR, ORGA_CLIENT_ERROR_SYNC_UNSUPPORTED) &&
      !run->team_checked && run->space_id != NULL)
    {
      OrgaSync *self = g_task_get_source_object (task);

      run->team_checked = TRUE;
      run->unsupported = error;
      orga_client_get_team_async (self->client, run->space_id, g_task_get_cancellable (task),
                                  team_checked_cb, task);
      return;
    }

  run->report->status = g_error_matches (error, ORGA_CLIENT_ERROR, ORGA_CLIENT_ERROR_NETWORK)
                        ? ORGA_SYNC_STATUS_OFFLINE : ORGA_SYNC_STATUS_ERROR;
  g_free (run->report->error_message);
  run->report->error_message = g_strdup (error->message);
  g_debug ("sync of %s: %s", orga_organization_get_uai (run->organization), error->message);

  /* A school that does not sync has no run to record. */
  if (g_error_matches (error, ORGA_STORE_ERROR, ORGA_STORE_ERROR_NOT_BOUND))
    {
      g_error_free (error);
      return_report (task);
      return;
    }
  g_error_free (error);
  finish_run (task);
}

static void
record_done_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  GTask *task = user_data;
  Run *run = g_task_get_task_data (task);
  g_autoptr(JobResult) done = NULL;
  GError *error = NULL;

  done = orga_store_run_job_finish (result, &error);
  if (done == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          return_cancelled (task, error);
          return;
        }
      /* The report still says what went wrong; only its record failed
       * (a successful run is recorded by its last page's job). */
      g_debug ("Could not record the sync: %s", error->message);
      g_error_free (error);
    }
  else
    run->report->cursor = done->cursor;

  return_report (task);
}

static void
accounts_saved_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  GTask *task = user_data;
  g_autoptr(JobResult) done = NULL;
  GError *error = NULL;

  done = orga_store_run_job_finish (result, &error);
  if (done == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          return_cancelled (task, error);
          return;
        }
      g_warning ("Could not keep the students' accounts: %s", error->message);
      g_error_free (error);
    }
  return_report (task);
}

static void
accounts_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  GTask *task = user_data;
  g_autoptr(GPtrArray) accounts = NULL;
  GError *error = NULL;
  JobInput *input;

  accounts = orga_client_get_student_accounts_finish (ORGA_CLIENT (source), result, &error);
  if (accounts == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          return_cancelled (task, error);
          return;
        }
      /* The sync itself went through: the column keeps what it showed
       * (a server without the students' accounts, or a lost answer). */
      g_debug ("Could not list the students' accounts: %s", error->message);
      g_error_free (error);
      return_report (task);
      return;
    }

  input = job_input_new (task);
  input->accounts = g_steal_pointer (&accounts);
  run_job_with (task, accounts_job, input, accounts_saved_cb);
}

/* A successful cycle ends with the students' accounts ("Méthode(s) de
 * connexion"): not part of the sync's feed, the server lists them whole. */
static void
refresh_accounts (GTask *task)
{
  OrgaSync *self = g_task_get_source_object (task);
  Run *run = g_task_get_task_data (task);

  orga_client_get_student_accounts_async (self->client, run->space_id, g_task_get_cancellable (task),
                                          accounts_cb, task);
}

static void push (GTask  *task,
                  GBytes *body);
static void fetch (GTask *task);
static void apply_next (GTask *task);
static void parse_next (GTask *task);

/* A step of the pull failed: the first failure is kept, and ends the run
 * once nothing of the pull is out any more. */
static void
pull_failed (GTask  *task,
             GError *error)
{
  Run *run = g_task_get_task_data (task);

  if (run->failed == NULL)
    run->failed = error;
  else
    g_clear_error (&error);

  if (run->fetching || run->parsing || run->applying)
    return;

  g_queue_clear_full (&run->to_parse, (GDestroyNotify) parse_input_free);
  g_queue_clear_full (&run->parsed, (GDestroyNotify) parsed_page_free);
  fail_run (task, g_steal_pointer (&run->failed));
}

static void
page_done_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  GTask *task = user_data;
  Run *run = g_task_get_task_data (task);
  g_autoptr(JobResult) done = NULL;
  GError *error = NULL;

  run->applying = FALSE;
  done = orga_store_run_job_finish (result, &error);
  if (done == NULL)
    {
      pull_failed (task, error);
      return;
    }

  run->report->pulled += done->n_rows;
  run->report->cursor = done->cursor;
  run->apply_us += done->apply_us;
  g_ptr_array_extend_and_steal (run->report->notices, g_steal_pointer (&done->notices));

  if (run->failed != NULL)
    {
      pull_failed (task, NULL);
      return;
    }

  /* A resync began (the server restored from a backup): from 0, once. */
  if (done->reset)
    {
      if (run->was_reset)
        {
          pull_failed (task, not_the_api (task));
          return;
        }
      run->was_reset = TRUE;
      run->fetch_after = 0;
      fetch (task);
      return;
    }

  if (done->recorded)
    {
      refresh_accounts (task);
      return;
    }
  /* The last page, and the user changed something meanwhile: once
   * more; the rest waits for the next run, safe in the outbox. */
  if (done->push != NULL)
    {
      run->round++;
      push (task, done->push);
      return;
    }

  apply_next (task);
}

static void
apply_next (GTask *task)
{
  Run *run = g_task_get_task_data (task);
  ParsedPage *parsed;
  JobInput *input;

  if (run->applying || g_queue_is_empty (&run->parsed))
    return;

  parsed = g_queue_pop_head (&run->parsed);
  input = job_input_new (task);
  input->page = g_steal_pointer (&parsed->page);
  input->rows = g_steal_pointer (&parsed->rows);
  input->last_page = !parsed->more && !parsed->reset;
  input->reset_page = parsed->reset;
  input->may_push_again = run->round < MAX_ROUNDS;
  parsed_page_free (parsed);

  run->applying = TRUE;
  run_job_with (task, page_job, input, page_done_cb);
}

static void
parsed_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  GTask *task = user_data;
  Run *run = g_task_get_task_data (task);
  ParsedPage *parsed;
  GError *error = NULL;

  run->parsing = FALSE;
  parsed = g_task_propagate_pointer (G_TASK (result), &error);
  if (parsed == NULL)
    {
      pull_failed (task, error);
      return;
    }
  run->parse_us += parsed->parse_us;
  if (run->failed != NULL)
    {
      parsed_page_free (parsed);
      pull_failed (task, NULL);
      return;
    }

  /* A page saying "reset" starts the resync when applied; the pull goes
   * on from 0 after it. */
  if (!parsed->reset && parsed->more)
    {
      if (parsed->next_after >= 0)
        {
          /* Asked for already, from the header, which must have said
           * what the body says. */
          if (parsed->cursor != parsed->next_after)
            {
              parsed_page_free (parsed);
              pull_failed (task, not_the_api (task));
              return;
            }
        }
      /* A page that does not move the cursor would be asked forever. */
      else if (parsed->cursor <= run->fetch_after)
        {
          parsed_page_free (parsed);
          pull_failed (task, not_the_api (task));
          return;
        }
      else
        {
          /* The next page is asked for while this one is applied. */
          run->fetch_after = parsed->cursor;
          fetch (task);
        }
    }
  else if (parsed->next_after >= 0)
    {
      /* The header announced a page the body does not. */
      parsed_page_free (parsed);
      pull_failed (task, not_the_api (task));
      return;
    }

  g_queue_push_tail (&run->parsed, parsed);
  parse_next (task);
  apply_next (task);
}

static void
parse_next (GTask *task)
{
  Run *run = g_task_get_task_data (task);
  g_autoptr(GTask) parse = NULL;

  if (run->parsing || g_queue_is_empty (&run->to_parse))
    return;

  run->parsing = TRUE;
  parse = g_task_new (NULL, NULL, parsed_cb, task);
  g_task_set_task_data (parse, g_queue_pop_head (&run->to_parse), (GDestroyNotify) parse_input_free);
  g_task_run_in_thread (parse, parse_thread);
}

static void
changes_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  GTask *task = user_data;
  OrgaSync *self = g_task_get_source_object (task);
  Run *run = g_task_get_task_data (task);
  g_autoptr(GBytes) page = NULL;
  ParseInput *input;
  GError *error = NULL;
  gint64 next_after = -1;
  guint waiting;

  run->fetching = FALSE;
  page = orga_client_sync_changes_finish_with_next (ORGA_CLIENT (source), result, &next_after, &error);
  if (page == NULL)
    {
      pull_failed (task, error);
      return;
    }
  if (run->failed != NULL)
    {
      pull_failed (task, NULL);
      return;
    }

  run->n_pages++;
  input = g_new0 (ParseInput, 1);
  input->body = g_steal_pointer (&page);
  input->server_url = g_strdup (orga_client_get_server_url (self->client));
  input->next_after = -1;

  /* The next page, announced by the headers: asked for now, so that the
   * server writes it and the network carries it while this one is
   * parsed; unless enough pages already wait. */
  waiting = g_queue_get_length (&run->to_parse) + (run->parsing ? 1 : 0) + g_queue_get_length (&run->parsed);
  if (next_after > run->fetch_after && waiting < MAX_PAGES_AHEAD)
    {
      input->next_after = next_after;
      run->fetch_after = next_after;
      fetch (task);
    }

  g_queue_push_tail (&run->to_parse, input);
  parse_next (task);
}

static void
fetch (GTask *task)
{
  OrgaSync *self = g_task_get_source_object (task);
  Run *run = g_task_get_task_data (task);

  run->fetching = TRUE;
  orga_client_sync_changes_async (self->client, run->space_id, run->fetch_after, run->page_limit,
                                  g_task_get_cancellable (task), changes_cb, task);
}

static void
pull (GTask *task)
{
  Run *run = g_task_get_task_data (task);

  run->fetch_after = run->report->cursor;
  fetch (task);
}

static void
resync_done_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  GTask *task = user_data;
  Run *run = g_task_get_task_data (task);
  g_autoptr(JobResult) done = NULL;
  GError *error = NULL;

  done = orga_store_run_job_finish (result, &error);
  if (done == NULL)
    {
      fail_run (task, error);
      return;
    }
  run->report->cursor = 0;
  pull (task);
}

/* Every push is in: a rollback that needs it resyncs (the store began
 * it with the answer; if not, here), then the pull. */
static void
pushed (GTask *task)
{
  Run *run = g_task_get_task_data (task);

  if (run->needs_resync && run->report->cursor != 0)
    {
      run->needs_resync = FALSE;
      run_job (task, resync_job, NULL, resync_done_cb);
      return;
    }
  pull (task);
}

static void
push_answer_done_cb (GObject      *source,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  GTask *task = user_data;
  Run *run = g_task_get_task_data (task);
  g_autoptr(JobResult) done = NULL;
  GError *error = NULL;

  done = orga_store_run_job_finish (result, &error);
  if (done == NULL)
    {
      fail_run (task, error);
      return;
    }

  /* An answer that settles none of the changes sent would have the same
   * ones sent again forever. */
  if (done->n_applied == 0 && done->refused->len == 0 && done->push != NULL)
    {
      fail_run (task, not_the_api (task));
      return;
    }

  run->report->pushed += done->n_applied;
  run->report->cursor = done->cursor;
  run->needs_resync |= done->needs_resync;
  g_ptr_array_extend_and_steal (run->report->refused, g_steal_pointer (&done->refused));

  if (done->push != NULL)
    push (task, done->push);
  else
    pushed (task);
}

static void
push_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  GTask *task = user_data;
  g_autoptr(GBytes) answer = NULL;
  GError *error = NULL;

  /* No answer: the outbox stays as it is, and the same ids go again
   * next time (the server answers them from its idempotency rows). */
  answer = orga_client_sync_push_finish (ORGA_CLIENT (source), result, &error);
  if (answer == NULL)
    {
      fail_run (task, error);
      return;
    }

  run_job (task, push_answer_job, answer, push_answer_done_cb);
}

static void
push (GTask  *task,
      GBytes *body)
{
  OrgaSync *self = g_task_get_source_object (task);
  Run *run = g_task_get_task_data (task);

  orga_client_sync_push_async (self->client, run->space_id, body, g_task_get_cancellable (task),
                               push_cb, task);
}

static void
prepare_done_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  GTask *task = user_data;
  Run *run = g_task_get_task_data (task);
  g_autoptr(JobResult) done = NULL;
  GError *error = NULL;

  done = orga_store_run_job_finish (result, &error);
  if (done == NULL)
    {
      fail_run (task, error);
      return;
    }

  run->space_id = g_steal_pointer (&done->space_id);
  run->report->cursor = done->cursor;
  run->round = 1;

  if (done->push != NULL)
    push (task, done->push);
  else
    pushed (task);
}

static guint
env_uint (const char *name)
{
  const char *value = g_getenv (name);
  guint64 number = 0;

  if (value == NULL || !g_ascii_string_to_unsigned (value, 10, 0, G_MAXUINT, &number, NULL))
    return 0;
  return (guint) number;
}

/* Takes the reference of @task that the chain of steps holds, until
 * run_done(). */
static void
start_run (GTask *task)
{
  OrgaSync *self = g_task_get_source_object (task);
  Run *run = g_task_get_task_data (task);
  GError *error = NULL;

  if (g_cancellable_set_error_if_cancelled (g_task_get_cancellable (task), &error))
    {
      return_cancelled (task, error);
      return;
    }

  self->running = task;
  run->started = g_get_monotonic_time ();
  /* Tests only (docs/sync.md): small pages, and a pause after each. */
  run->page_limit = env_uint ("PIXORGA_SYNC_PAGE_LIMIT");
  run->page_delay_ms = env_uint ("PIXORGA_SYNC_PAGE_DELAY_MS");
  run_job (task, prepare_job, NULL, prepare_done_cb);
}

static void
start_next (OrgaSync *self)
{
  while (self->running == NULL && !g_queue_is_empty (&self->waiting))
    {
      /* The queue's reference becomes the run's. */
      start_run (g_queue_pop_head (&self->waiting));
    }
}

/* ---- the object ---------------------------------------------------------- */

static void
orga_sync_dispose (GObject *object)
{
  OrgaSync *self = (OrgaSync *)object;

  /* A run holds a reference on its OrgaSync (its task's source): none is
   * going when this runs. */
  g_queue_clear_full (&self->waiting, g_object_unref);
  g_clear_object (&self->store);
  g_clear_object (&self->client);

  G_OBJECT_CLASS (orga_sync_parent_class)->dispose (object);
}

static void
orga_sync_class_init (OrgaSyncClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = orga_sync_dispose;
}

static void
orga_sync_init (OrgaSync *self)
{
  g_queue_init (&self->waiting);
}

OrgaSync *
orga_sync_new (OrgaStore  *store,
               OrgaClient *client)
{
  OrgaSync *self;

  g_return_val_if_fail (ORGA_IS_STORE (store), NULL);
  g_return_val_if_fail (ORGA_IS_CLIENT (client), NULL);

  self = g_object_new (ORGA_TYPE_SYNC, NULL);
  self->store = g_object_ref (store);
  self->client = g_object_ref (client);
  return self;
}

void
orga_sync_run_async (OrgaSync            *self,
                     OrgaOrganization    *organization,
                     GCancellable        *cancellable,
                     GAsyncReadyCallback  callback,
                     gpointer             user_data)
{
  GTask *task;
  Run *run;

  g_return_if_fail (ORGA_IS_SYNC (self));
  g_return_if_fail (ORGA_IS_ORGANIZATION (organization));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  run = g_new0 (Run, 1);
  g_queue_init (&run->parsed);
  run->organization = g_object_ref (organization);
  run->report = report_new ();

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, orga_sync_run_async);
  g_task_set_task_data (task, run, (GDestroyNotify) run_free);

  g_queue_push_tail (&self->waiting, task);
  start_next (self);
}

OrgaSyncReport *
orga_sync_run_finish (OrgaSync      *self,
                      GAsyncResult  *result,
                      GError       **error)
{
  g_return_val_if_fail (ORGA_IS_SYNC (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == orga_sync_run_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
