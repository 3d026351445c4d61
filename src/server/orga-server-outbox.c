/* orga-server-outbox.c: mail through the table mail_outbox
 *
 * A request writes its mail into mail_outbox in its own transaction, so
 * that the invitation and its mail exist together or not at all; after
 * the commit it delivers them. A failed delivery keeps the row (sent_at
 * NULL, attempts and last_error counted) and the request answers 502
 * MAIL_FAILED: nothing is lost, and resending tries again.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "orga-server"

#include "config.h"

#include "orga-server-routes.h"

char *
orga_server_queue_mail (OrgaServer  *self,
                        const char  *recipient,
                        const char  *subject,
                        const char  *text,
                        const char  *html,
                        GError     **error)
{
  g_autofree char *id = g_uuid_string_random ();
  g_autofree char *now = orga_server_now ();
  g_autofree char *message = orga_mailer_compose (orga_server_get_mailer (self),
                                                  recipient, subject, text, html);

  if (!orga_server_db_execv (orga_server_get_db (self), NULL, error,
                             "INSERT INTO mail_outbox (id, recipient, message, created_at)"
                             " VALUES ($1, $2, $3, $4)",
                             id, recipient, message, now, ORGA_SERVER_DB_END))
    return NULL;
  return g_steal_pointer (&id);
}

typedef struct
{
  GPtrArray *ids;
  guint next;
  char *current_id;
  char *failed_recipient;
} DeliverData;

static void
deliver_data_free (DeliverData *data)
{
  g_ptr_array_unref (data->ids);
  g_free (data->current_id);
  g_free (data->failed_recipient);
  g_free (data);
}

static void deliver_next (GTask *task);

static void
delivered (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  OrgaServer *self = g_task_get_source_object (task);
  DeliverData *data = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) db_error = NULL;
  g_autofree char *now = orga_server_now ();
  gboolean ok = orga_mailer_deliver_finish (ORGA_MAILER (object), result, &error);

  /* Once delivered, the message is forgotten: its links are one-time
   * secrets (a password reset's token is otherwise kept only hashed), and
   * the mail now lives in its recipient's box. */
  /* The mark and the error are bookkeeping: lost in a power cut, the
   * mail is only delivered again (SQLite's commits stay on the request's
   * path otherwise: three waits for the disk a write instead of one). */
  orga_server_db_set_lazy_commits (orga_server_get_db (self), TRUE);
  if (ok)
    orga_server_db_execv (orga_server_get_db (self), NULL, &db_error,
                          "UPDATE mail_outbox SET sent_at = $2, last_error = NULL, message = ''"
                          " WHERE id = $1",
                          data->current_id, now, ORGA_SERVER_DB_END);
  else
    orga_server_db_execv (orga_server_get_db (self), NULL, &db_error,
                          "UPDATE mail_outbox SET last_error = $2"
                          " WHERE id = $1",
                          data->current_id, error->message, ORGA_SERVER_DB_END);
  orga_server_db_set_lazy_commits (orga_server_get_db (self), FALSE);
  if (db_error != NULL)
    orga_server_log_db_error ("mail_outbox", db_error);

  if (!ok)
    {
      g_warning ("mail %s not delivered: %s", data->current_id, error->message);
      if (data->failed_recipient == NULL)
        data->failed_recipient = g_strdup (g_object_get_data (G_OBJECT (task), "recipient"));
    }

  deliver_next (g_steal_pointer (&task));
}

static void
deliver_next (GTask *task)
{
  OrgaServer *self = g_task_get_source_object (task);
  DeliverData *data = g_task_get_task_data (task);
  g_autoptr(OrgaServerRows) rows = NULL;
  g_autoptr(GError) error = NULL;

  while (data->next < data->ids->len)
    {
      g_free (data->current_id);
      data->current_id = g_strdup (g_ptr_array_index (data->ids, data->next++));
      g_clear_pointer (&rows, orga_server_rows_free);
      rows = orga_server_db_queryv (orga_server_get_db (self), &error,
                                    "SELECT recipient, message, attempts FROM mail_outbox"
                                    " WHERE id = $1 AND sent_at IS NULL",
                                    data->current_id, ORGA_SERVER_DB_END);
      if (rows == NULL)
        {
          g_task_return_error (task, g_steal_pointer (&error));
          g_object_unref (task);
          return;
        }
      if (orga_server_rows_get_n_rows (rows) == 0)
        continue;

      /* Claimed in one conditional step: of two processes retrying the
       * same row, one sends it. */
      {
        g_autoptr(OrgaServerRows) claimed = NULL;

        /* Lost in a power cut, the claim only lets the mail be sent
         * again. */
        orga_server_db_set_lazy_commits (orga_server_get_db (self), TRUE);
        claimed = orga_server_db_queryv (orga_server_get_db (self), &error,
                                         "UPDATE mail_outbox SET attempts = attempts + 1"
                                         " WHERE id = $1 AND sent_at IS NULL AND attempts = CAST($2 AS INTEGER)"
                                         " RETURNING id",
                                         data->current_id, orga_server_rows_get (rows, 0, 2),
                                         ORGA_SERVER_DB_END);
        orga_server_db_set_lazy_commits (orga_server_get_db (self), FALSE);
        if (claimed == NULL)
          {
            g_task_return_error (task, g_steal_pointer (&error));
            g_object_unref (task);
            return;
          }
        if (orga_server_rows_get_n_rows (claimed) == 0)
          continue;
      }

      /* The first failure names its address in the answer. */
      g_object_set_data_full (G_OBJECT (task), "recipient",
                              g_strdup (orga_server_rows_get (rows, 0, 0)), g_free);
      orga_mailer_deliver_async (orga_server_get_mailer (self),
                                 orga_server_rows_get (rows, 0, 0),
                                 orga_server_rows_get (rows, 0, 1),
                                 NULL, delivered, task);
      return;
    }

  if (data->failed_recipient != NULL)
    {
      orga_server_set_error (&error, ORGA_SERVER_ERROR_MAIL_FAILED, data->failed_recipient);
      g_task_return_error (task, g_steal_pointer (&error));
    }
  else
    g_task_return_boolean (task, TRUE);
  g_object_unref (task);
}

void
orga_server_deliver_mail_async (OrgaServer          *self,
                                GPtrArray           *ids,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  GTask *task = g_task_new (self, NULL, callback, user_data);
  DeliverData *data = g_new0 (DeliverData, 1);

  data->ids = g_ptr_array_ref (ids);
  g_task_set_task_data (task, data, (GDestroyNotify) deliver_data_free);
  deliver_next (task);
}

gboolean
orga_server_deliver_mail_finish (OrgaServer    *self,
                                 GAsyncResult  *result,
                                 GError       **error)
{
  return g_task_propagate_boolean (G_TASK (result), error);
}

/* The rows a failure or a crash left behind, tried again: @base_s (a
 * minute) after they were written, then at 2, 4, 8… times that age, 5
 * attempts in all. */
#define MAX_ATTEMPTS 5

static void
retried (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  if (!orga_server_deliver_mail_finish (ORGA_SERVER (object), result, &error))
    g_warning ("outbox: a retried mail failed again");
  g_object_set_data (object, "orga-outbox-busy", NULL);
}

void
orga_server_retry_mail (OrgaServer *self,
                        guint       base_s)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(OrgaServerRows) rows = NULL;
  g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();

  if (g_object_get_data (G_OBJECT (self), "orga-outbox-busy") != NULL)
    return;

  rows = orga_server_db_queryv (orga_server_get_db (self), &error,
                                "SELECT id, attempts, created_at FROM mail_outbox"
                                " WHERE sent_at IS NULL AND attempts < " G_STRINGIFY (MAX_ATTEMPTS)
                                " ORDER BY created_at LIMIT 50",
                                ORGA_SERVER_DB_END);
  if (rows == NULL)
    {
      orga_server_log_db_error ("outbox", error);
      return;
    }

  for (guint i = 0; i < orga_server_rows_get_n_rows (rows); i++)
    {
      g_autoptr(GDateTime) created = g_date_time_new_from_iso8601 (orga_server_rows_get (rows, i, 2), NULL);
      gint64 attempts = orga_server_rows_get_int (rows, i, 1);
      gint64 wait_s = (gint64) base_s << MIN (attempts, MAX_ATTEMPTS);

      if (created != NULL && g_date_time_difference (now, created) / G_USEC_PER_SEC >= wait_s)
        g_ptr_array_add (ids, g_strdup (orga_server_rows_get (rows, i, 0)));
    }

  if (ids->len == 0)
    return;

  g_object_set_data (G_OBJECT (self), "orga-outbox-busy", GINT_TO_POINTER (1));
  orga_server_deliver_mail_async (self, ids, retried, NULL);
}
