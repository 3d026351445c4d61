/* orga-store-jobs.c: a store job on a connection of its own, in a thread
 *
 * Part of OrgaStore (orga-store-private.h). A store's connection belongs
 * to the thread that uses it; long reads and writes (the heat map, an
 * undo, a campaign's participations) open a second one on the same file
 * in a worker and hand their result back to the caller's main context.
 * WAL lets them read while the app's connection does too.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "orga-store"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "orga-store.h"
#include "orga-store-private.h"

typedef struct
{
  char             *path;
  OrgaStoreJobFunc  func;
  gpointer          data;
  GDestroyNotify    data_destroy;
  GDestroyNotify    result_destroy;
} Job;

static void
job_free (Job *job)
{
  if (job->data_destroy != NULL)
    g_clear_pointer (&job->data, job->data_destroy);
  g_free (job->path);
  g_free (job);
}

static void
job_thread (GTask        *task,
            gpointer      source_object,
            gpointer      task_data,
            GCancellable *cancellable)
{
  Job *job = task_data;
  g_autoptr(OrgaStore) store = NULL;
  GError *error = NULL;
  gpointer result = NULL;

  /* Cancelled while waiting for a thread: not even the connection. */
  if (g_cancellable_set_error_if_cancelled (cancellable, &error))
    {
      g_task_return_error (task, error);
      return;
    }

  store = orga_store_open (job->path, &error);
  if (store != NULL)
    result = job->func (store, job->data, cancellable, &error);
  /* Closed before the callback can run: its transaction and connection
   * are over by then, as orga_store_run_job_async() promises. */
  g_clear_object (&store);

  if (result == NULL)
    {
      if (error == NULL)
        {
          g_critical ("A store job returned no result and no error");
          error = g_error_new_literal (ORGA_STORE_ERROR, ORGA_STORE_ERROR_FAILED, _("A background task ended without a result."));
        }
      g_task_return_error (task, error);
      return;
    }

  g_task_return_pointer (task, result, job->result_destroy);
}

/**
 * orga_store_run_job_async:
 * @func: the job, run in a worker thread with a store of its own
 * @task_data: (nullable): @func's input, copied by the caller beforehand:
 *   the job must not share the caller's objects unless they are immutable
 * @task_data_destroy: (nullable): frees @task_data once the job is over
 * @result_destroy: (nullable): frees a result nobody took (the caller
 *   cancelled, or never called orga_store_run_job_finish())
 *
 * Runs @func on a new connection to @self's file, then calls @callback in
 * the thread-default main context of the caller. @self only gives the
 * path; it is kept alive until @callback. When @cancellable is cancelled,
 * @callback gets %G_IO_ERROR_CANCELLED, even if the job had finished.
 */
void
orga_store_run_job_async (OrgaStore           *self,
                          OrgaStoreJobFunc     func,
                          gpointer             task_data,
                          GDestroyNotify       task_data_destroy,
                          GDestroyNotify       result_destroy,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  Job *job;

  g_return_if_fail (ORGA_IS_STORE (self));
  g_return_if_fail (func != NULL);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  job = g_new0 (Job, 1);
  job->path = g_strdup (orga_store_get_path (self));
  job->func = func;
  job->data = task_data;
  job->data_destroy = task_data_destroy;
  job->result_destroy = result_destroy;

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, orga_store_run_job_async);
  g_task_set_task_data (task, job, (GDestroyNotify)job_free);
  /* The job finishes even if cancelled, so that its connection is closed
   * and its transaction over before the callback. */
  g_task_set_return_on_cancel (task, FALSE);
  g_task_run_in_thread (task, job_thread);
}

/**
 * orga_store_run_job_finish:
 *
 * Returns: (transfer full): what the job returned, or %NULL with @error set
 */
gpointer
orga_store_run_job_finish (GAsyncResult  *result,
                           GError       **error)
{
  g_return_val_if_fail (G_IS_TASK (result), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == orga_store_run_job_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
