/* orga-server-accounts.c: sign-up, sign-in, sessions, the password
 *
 * Passwords are hashed with argon2id (libsodium's crypto_pwhash_str, the
 * INTERACTIVE costs) in a thread of GTask's pool: a hash takes a tenth of
 * a second or more, and the main loop keeps serving meanwhile.
 *
 * Failed sign-ins are counted in sign_in_failures, per account and per
 * client address, in the database so that every process of a cluster
 * sees them. From the 5th failure on an account within 15 minutes, the
 * account is blocked 5 s, then 10, 20…, never more than 60 s: an
 * attacker is slowed to a crawl while the real user is never locked out
 * for long. An address gets 20 failures, then the same doubling up to
 * 15 minutes.
 *
 * Sign-ups are counted per client address the same way (an account made
 * costs an argon2id hash and a row): from the 50th within 15 minutes the
 * address waits 5 s, then 10, 20…, up to 15 minutes. A school's computer
 * room shares one address, and a whole staff signing up at a training
 * session stays below it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "orga-server"

#include "config.h"

#include <sodium.h>
#include <string.h>

#include "orga-server-routes.h"

#define FAILURE_WINDOW_S (15 * 60)
#define USER_THRESHOLD 5
#define USER_MAX_BLOCK_S 60
#define ADDRESS_THRESHOLD 20
#define ADDRESS_MAX_BLOCK_S (15 * 60)
#define FIRST_BLOCK_S 5
#define SIGN_UP_ADDRESS_THRESHOLD 50
#define RESET_LIFETIME_S (60 * 60)
#define RESETS_PER_HOUR 3

/* Hashing, in a thread */

typedef struct
{
  char *password;
  char *hash;       /* to verify against; NULL to make one */
  GTaskThreadFunc func;
} HashJob;

static void
hash_job_free (HashJob *job)
{
  if (job->password != NULL)
    {
      sodium_memzero (job->password, strlen (job->password));
      g_free (job->password);
    }
  g_free (job->hash);
  g_free (job);
}

/* A hash of nothing anyone knows: an unknown address costs the same time
 * as a known one, so the timing does not tell which addresses have an
 * account. */
static const char *
dummy_hash (void)
{
  static gsize hash;

  if (g_once_init_enter (&hash))
    {
      char buffer[crypto_pwhash_STRBYTES];
      char *password = orga_server_random_token ();

      if (crypto_pwhash_str (buffer, password, strlen (password),
                             crypto_pwhash_OPSLIMIT_INTERACTIVE,
                             crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0)
        g_error ("argon2id: out of memory");
      g_free (password);
      g_once_init_leave (&hash, (gsize) g_strdup (buffer));
    }
  return (const char *) hash;
}

static void
hash_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  HashJob *job = task_data;
  char buffer[crypto_pwhash_STRBYTES];

  if (crypto_pwhash_str (buffer, job->password, strlen (job->password),
                         crypto_pwhash_OPSLIMIT_INTERACTIVE,
                         crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_NO_SPACE, "argon2id: out of memory");
      return;
    }
  g_task_return_pointer (task, g_strdup (buffer), g_free);
}

static void
verify_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  HashJob *job = task_data;
  const char *hash = job->hash ? job->hash : dummy_hash ();
  gboolean ok = crypto_pwhash_str_verify (hash, job->password, strlen (job->password)) == 0;

  /* Without an account, never a match. */
  g_task_return_boolean (task, ok && job->hash != NULL);
}

/* Hashing has a pool of its own, one thread a core: GTask's pool grows
 * when its threads stay busy, and each argon2id hash holds 64 MiB; a
 * burst of sign-ins waits its turn instead of filling the memory. The
 * queue is bounded too: past a few seconds of hashing waiting, a flood
 * would only keep connections open and answer too late, so the next
 * request is refused at once with when to come back. */
#define HASH_QUEUE_MAX 64
#define HASH_BUSY_RETRY_S "5"
static void
hash_worker (gpointer data,
             gpointer user_data)
{
  g_autoptr(GTask) task = data;
  HashJob *job = g_task_get_task_data (task);

  job->func (task, g_task_get_source_object (task), job, g_task_get_cancellable (task));
}

static void
run_hash_task (GTask           *task,
               GTaskThreadFunc  func)
{
  static gsize pool;
  HashJob *job = g_task_get_task_data (task);

  if (g_once_init_enter (&pool))
    {
      GThreadPool *created = g_thread_pool_new (hash_worker, NULL, MAX (2, (int) g_get_num_processors ()),
                                                FALSE, NULL);
      g_once_init_leave (&pool, (gsize) created);
    }

  if (g_thread_pool_unprocessed ((GThreadPool *) pool) >= HASH_QUEUE_MAX)
    {
      GError *error = NULL;

      orga_server_set_error (&error, ORGA_SERVER_ERROR_BUSY, HASH_BUSY_RETRY_S);
      g_task_return_error (task, error);
      return;
    }
  job->func = func;
  g_thread_pool_push ((GThreadPool *) pool, g_object_ref (task), NULL);
}

static GTask *
hash_task_new (OrgaServer          *self,
               const char          *password,
               const char          *hash,
               GCancellable        *cancellable,
               GAsyncReadyCallback  callback,
               gpointer             user_data)
{
  GTask *task = g_task_new (self, cancellable, callback, user_data);
  HashJob *job = g_new0 (HashJob, 1);

  job->password = g_strdup (password);
  job->hash = g_strdup (hash);
  g_task_set_task_data (task, job, (GDestroyNotify) hash_job_free);
  return task;
}

/* The outer task of a domain function: its data, kept across the
 * thread's round trip. */
typedef struct
{
  char *user_id;
  char *email;
  char *first_name;
  char *last_name;
  char *password;
  char *token_hash;
  char *client_address;
} AccountData;

static void
account_data_free (AccountData *data)
{
  g_free (data->user_id);
  g_free (data->email);
  g_free (data->first_name);
  g_free (data->last_name);
  if (data->password != NULL)
    sodium_memzero (data->password, strlen (data->password));
  g_free (data->password);
  g_free (data->token_hash);
  g_free (data->client_address);
  g_free (data);
}

char *
orga_server_trimmed (const char *text)
{
  return text != NULL ? g_strstrip (g_strdup (text)) : g_strdup ("");
}

gboolean
orga_server_name_is_valid (const char *name)
{
  return name != NULL && *name != '\0' && g_utf8_validate (name, -1, NULL)
         && g_utf8_strlen (name, -1) <= 255;
}

gboolean
orga_server_check_sign_up (const char  *first_name,
                           const char  *last_name,
                           const char  *email,
                           const char  *password,
                           gboolean     accept_terms,
                           char       **first_out,
                           char       **last_out,
                           char       **email_out,
                           GError     **error)
{
  *first_out = orga_server_trimmed (first_name);
  *last_out = orga_server_trimmed (last_name);
  *email_out = orga_server_normalize_email (email);

  if (!orga_server_name_is_valid (*first_out))
    return orga_server_set_error (error, ORGA_SERVER_ERROR_FIRST_NAME_MISSING, NULL);
  if (!orga_server_name_is_valid (*last_out))
    return orga_server_set_error (error, ORGA_SERVER_ERROR_LAST_NAME_MISSING, NULL);
  if (*email_out == NULL)
    return orga_server_set_error (error, ORGA_SERVER_ERROR_INVALID_EMAIL, NULL);
  if (password == NULL || !orga_server_password_is_valid (password) || strlen (password) > 1024)
    return orga_server_set_error (error, ORGA_SERVER_ERROR_INVALID_PASSWORD, NULL);
  if (!accept_terms)
    return orga_server_set_error (error, ORGA_SERVER_ERROR_TERMS_NOT_ACCEPTED, NULL);
  return TRUE;
}

/* Sign-up */

static void
sign_up_hashed (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  OrgaServer *self = ORGA_SERVER (object);
  g_autoptr(GTask) task = user_data;
  AccountData *data = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autofree char *hash = g_task_propagate_pointer (G_TASK (result), &error);
  g_autofree char *id = NULL;
  g_autofree char *now = NULL;

  if (hash == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  id = g_uuid_string_random ();
  now = orga_server_now ();
  if (!orga_server_db_execv (orga_server_get_db (self), NULL, &error,
                             "INSERT INTO users (id, email, first_name, last_name, password_hash,"
                             " pix_terms_accepted, pix_orga_terms_accepted, created_at, updated_at)"
                             " VALUES ($1, $2, $3, $4, $5, 1, 0, $6, $6)",
                             id, data->email, data->first_name, data->last_name, hash, now,
                             ORGA_SERVER_DB_END))
    {
      /* Taken between the check and now, by another request. */
      if (g_error_matches (error, ORGA_SERVER_DB_ERROR, ORGA_SERVER_DB_ERROR_CONSTRAINT))
        {
          g_clear_error (&error);
          orga_server_set_error (&error, ORGA_SERVER_ERROR_EMAIL_TAKEN, NULL);
        }
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  g_task_return_pointer (task, g_steal_pointer (&id), g_free);
}

void
orga_server_sign_up_async (OrgaServer          *self,
                           const char          *first_name,
                           const char          *last_name,
                           const char          *email,
                           const char          *password,
                           gboolean             accept_terms,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);
  g_autoptr(GError) error = NULL;
  g_autoptr(OrgaServerRows) rows = NULL;
  GTask *hash_task;
  AccountData *data = g_new0 (AccountData, 1);

  g_task_set_source_tag (task, orga_server_sign_up_async);
  g_task_set_task_data (task, data, (GDestroyNotify) account_data_free);

  if (!orga_server_check_sign_up (first_name, last_name, email, password, accept_terms,
                                  &data->first_name, &data->last_name, &data->email, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  rows = orga_server_db_queryv (orga_server_get_db (self), &error,
                                "SELECT id FROM users WHERE email = $1",
                                data->email, ORGA_SERVER_DB_END);
  if (rows == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  if (orga_server_rows_get_n_rows (rows) > 0)
    {
      orga_server_set_error (&error, ORGA_SERVER_ERROR_EMAIL_TAKEN, NULL);
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  hash_task = hash_task_new (self, password, NULL, cancellable, sign_up_hashed, g_steal_pointer (&task));
  run_hash_task (hash_task, hash_thread);
  g_object_unref (hash_task);
}

char *
orga_server_sign_up_finish (OrgaServer    *self,
                            GAsyncResult  *result,
                            GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* Sign-in and its throttling */

static char *
failure_key (const char *kind,
             const char *value)
{
  g_autofree char *lower = g_utf8_strdown (value ? value : "", -1);

  /* A bounded key whatever the client sent. */
  if (strlen (lower) > 254)
    lower[254] = '\0';
  return g_strconcat (kind, ":", lower, NULL);
}

/* The seconds left of the longest block on @keys, 0 if none. */
static gboolean
blocked_for (OrgaServerDb  *db,
             const char    *user_key,
             const char    *address_key,
             guint         *seconds,
             GError       **error)
{
  g_autofree char *now = orga_server_now ();
  g_autoptr(OrgaServerRows) rows = NULL;
  g_autoptr(GDateTime) now_time = g_date_time_new_now_utc ();

  *seconds = 0;
  rows = orga_server_db_queryv (db, error,
                                "SELECT blocked_until FROM sign_in_failures"
                                " WHERE key IN ($1, $2) AND blocked_until > $3",
                                user_key, address_key, now, ORGA_SERVER_DB_END);
  if (rows == NULL)
    return FALSE;

  for (guint i = 0; i < orga_server_rows_get_n_rows (rows); i++)
    {
      g_autoptr(GDateTime) until = g_date_time_new_from_iso8601 (orga_server_rows_get (rows, i, 0), NULL);
      gint64 left;

      if (until == NULL)
        continue;
      left = (g_date_time_difference (until, now_time) + G_USEC_PER_SEC - 1) / G_USEC_PER_SEC;
      *seconds = MAX (*seconds, (guint) MAX (left, 1));
    }
  return TRUE;
}

static gboolean
record_failure (OrgaServerDb  *db,
                const char    *key,
                guint          threshold,
                guint          max_block,
                GError       **error)
{
  g_autofree char *now = orga_server_now ();
  g_autofree char *window_start = orga_server_time_after (-FAILURE_WINDOW_S);
  g_autoptr(OrgaServerRows) rows = NULL;
  gint64 failures;
  guint block = FIRST_BLOCK_S;
  g_autofree char *until = NULL;

  /* One statement, so that two processes counting at once both count. */
  rows = orga_server_db_queryv (db, error,
                                "INSERT INTO sign_in_failures (key, failures, first_failure_at)"
                                " VALUES ($1, 1, $2)"
                                " ON CONFLICT (key) DO UPDATE SET"
                                "  failures = CASE WHEN sign_in_failures.first_failure_at < $3"
                                "   THEN 1 ELSE sign_in_failures.failures + 1 END,"
                                "  first_failure_at = CASE WHEN sign_in_failures.first_failure_at < $3"
                                "   THEN $2 ELSE sign_in_failures.first_failure_at END"
                                " RETURNING failures",
                                key, now, window_start, ORGA_SERVER_DB_END);
  if (rows == NULL)
    return FALSE;

  failures = orga_server_rows_get_int (rows, 0, 0);
  if (failures < threshold)
    return TRUE;

  for (gint64 i = threshold; i < failures && block < max_block; i++)
    block *= 2;
  block = MIN (block, max_block);
  until = orga_server_time_after (block);
  return orga_server_db_execv (db, NULL, error,
                               "UPDATE sign_in_failures SET blocked_until = $2 WHERE key = $1",
                               key, until, ORGA_SERVER_DB_END);
}

/* After a password was checked: a success starts the account's count
 * again (the address's runs on); a failure counts on both and is refused
 * with @refusal. FALSE with @error for a refusal or a database error. */
static gboolean
settle_attempt (OrgaServerDb     *db,
                gboolean          ok,
                const char       *account_key,
                const char       *address_key,
                guint             address_threshold,
                OrgaServerError   refusal,
                GError          **error)
{
  if (ok)
    return orga_server_db_execv (db, NULL, error, "DELETE FROM sign_in_failures WHERE key = $1",
                                 account_key, ORGA_SERVER_DB_END);

  if (!record_failure (db, account_key, USER_THRESHOLD, USER_MAX_BLOCK_S, error)
      || !record_failure (db, address_key, address_threshold, ADDRESS_MAX_BLOCK_S, error))
    return FALSE;
  return orga_server_set_error (error, refusal, NULL);
}

gboolean
orga_server_count_sign_up (OrgaServer  *self,
                           const char  *client_address,
                           GError     **error)
{
  OrgaServerDb *db = orga_server_get_db (self);
  g_autofree char *key = failure_key ("signup-addr", client_address ? client_address : "unknown");
  guint seconds;

  if (!blocked_for (db, key, key, &seconds, error))
    return FALSE;
  if (seconds > 0)
    {
      char text[16];

      g_snprintf (text, sizeof text, "%u", seconds);
      return orga_server_set_error (error, ORGA_SERVER_ERROR_TOO_MANY_SIGN_UPS, text);
    }
  /* Not a failure, but counted and blocked like one; the block starts
   * with the next sign-up, this one goes through. */
  return record_failure (db, key, SIGN_UP_ADDRESS_THRESHOLD, ADDRESS_MAX_BLOCK_S, error);
}

static void
sign_in_verified (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  OrgaServer *self = ORGA_SERVER (object);
  OrgaServerDb *db = orga_server_get_db (self);
  g_autoptr(GTask) task = user_data;
  AccountData *data = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autofree char *user_key = failure_key ("user", data->email);
  g_autofree char *address_key = failure_key ("addr", data->client_address);
  gboolean ok = g_task_propagate_boolean (G_TASK (result), &error);

  if (error != NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  if (!settle_attempt (db, ok, user_key, address_key, ADDRESS_THRESHOLD,
                       ORGA_SERVER_ERROR_INVALID_CREDENTIALS, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  g_task_return_pointer (task, g_steal_pointer (&data->user_id), g_free);
}

void
orga_server_sign_in_async (OrgaServer          *self,
                           const char          *email,
                           const char          *password,
                           const char          *client_address,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  OrgaServerDb *db = orga_server_get_db (self);
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);
  g_autoptr(GError) error = NULL;
  g_autoptr(OrgaServerRows) rows = NULL;
  g_autofree char *user_key = NULL;
  g_autofree char *address_key = NULL;
  AccountData *data = g_new0 (AccountData, 1);
  const char *hash = NULL;
  GTask *verify_task;
  guint seconds;

  g_task_set_source_tag (task, orga_server_sign_in_async);
  g_task_set_task_data (task, data, (GDestroyNotify) account_data_free);

  data->email = orga_server_trimmed (email);
  {
    g_autofree char *lower = g_utf8_validate (data->email, -1, NULL)
                             ? g_utf8_strdown (data->email, -1) : g_strdup ("");
    g_free (data->email);
    data->email = g_steal_pointer (&lower);
  }
  data->client_address = g_strdup (client_address ? client_address : "unknown");

  user_key = failure_key ("user", data->email);
  address_key = failure_key ("addr", data->client_address);
  if (!blocked_for (db, user_key, address_key, &seconds, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  if (seconds > 0)
    {
      char text[16];
      g_snprintf (text, sizeof text, "%u", seconds);
      orga_server_set_error (&error, ORGA_SERVER_ERROR_TOO_MANY_ATTEMPTS, text);
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  rows = orga_server_db_queryv (db, &error,
                                "SELECT id, password_hash FROM users WHERE email = $1",
                                data->email, ORGA_SERVER_DB_END);
  if (rows == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  if (orga_server_rows_get_n_rows (rows) > 0)
    {
      data->user_id = g_strdup (orga_server_rows_get (rows, 0, 0));
      hash = orga_server_rows_get (rows, 0, 1);
    }

  if (password == NULL || strlen (password) > 1024)
    password = "";
  verify_task = hash_task_new (self, password, hash, cancellable, sign_in_verified, g_steal_pointer (&task));
  run_hash_task (verify_task, verify_thread);
  g_object_unref (verify_task);
}

char *
orga_server_sign_in_finish (OrgaServer    *self,
                            GAsyncResult  *result,
                            GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* The students' side (orga-server-students.c): the same threads, the same
 * counting. */

static void
hash_password_done (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  char *hash = g_task_propagate_pointer (G_TASK (result), &error);

  if (hash == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, hash, g_free);
}

void
orga_server_hash_password_async (OrgaServer          *self,
                                 const char          *password,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  GTask *task = g_task_new (self, NULL, callback, user_data);
  GTask *hash_task;

  g_task_set_source_tag (task, orga_server_hash_password_async);
  hash_task = hash_task_new (self, password, NULL, NULL, hash_password_done, task);
  run_hash_task (hash_task, hash_thread);
  g_object_unref (hash_task);
}

char *
orga_server_hash_password_finish (OrgaServer    *self,
                                  GAsyncResult  *result,
                                  GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* A class shares the school's address: its students' failures count on
 * their own key, with room for a first morning of one-time passwords. */
#define STUDENT_ADDRESS_THRESHOLD 100

static void
student_password_verified (GObject      *object,
                           GAsyncResult *result,
                           gpointer      user_data)
{
  OrgaServer *self = ORGA_SERVER (object);
  OrgaServerDb *db = orga_server_get_db (self);
  g_autoptr(GTask) task = user_data;
  AccountData *data = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autofree char *address_key = failure_key ("student-addr", data->client_address);
  gboolean ok = g_task_propagate_boolean (G_TASK (result), &error);

  if (error != NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  if (!settle_attempt (db, ok, data->token_hash, address_key, STUDENT_ADDRESS_THRESHOLD,
                       ORGA_SERVER_ERROR_STUDENT_INVALID_CREDENTIALS, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  g_task_return_boolean (task, TRUE);
}

void
orga_server_check_student_password_async (OrgaServer          *self,
                                          const char          *account_key,
                                          const char          *hash,
                                          const char          *password,
                                          const char          *client_address,
                                          GAsyncReadyCallback  callback,
                                          gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (self, NULL, callback, user_data);
  g_autoptr(GError) error = NULL;
  g_autofree char *address_key = NULL;
  AccountData *data = g_new0 (AccountData, 1);
  GTask *verify_task;
  guint seconds;

  g_task_set_source_tag (task, orga_server_check_student_password_async);
  g_task_set_task_data (task, data, (GDestroyNotify) account_data_free);

  /* The account's key, kept where the staff's flow keeps its token. */
  data->token_hash = failure_key ("student", account_key);
  data->client_address = g_strdup (client_address ? client_address : "unknown");
  address_key = failure_key ("student-addr", data->client_address);
  if (!blocked_for (orga_server_get_db (self), data->token_hash, address_key, &seconds, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  if (seconds > 0)
    {
      char text[16];
      g_snprintf (text, sizeof text, "%u", seconds);
      orga_server_set_error (&error, ORGA_SERVER_ERROR_TOO_MANY_ATTEMPTS, text);
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  if (password == NULL || strlen (password) > 1024)
    password = "";
  verify_task = hash_task_new (self, password, hash, NULL, student_password_verified, g_steal_pointer (&task));
  run_hash_task (verify_task, verify_thread);
  g_object_unref (verify_task);
}

gboolean
orga_server_check_student_password_finish (OrgaServer    *self,
                                           GAsyncResult  *result,
                                           GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

char *
orga_server_create_session (OrgaServer  *self,
                            const char  *user_id,
                            char       **expires_at,
                            GError     **error)
{
  g_autofree char *token = orga_server_random_token ();
  g_autofree char *hash = orga_server_hash_token (token);
  g_autofree char *now = orga_server_now ();
  g_autofree char *expiry = orga_server_time_after ((gint64) ORGA_SESSION_DAYS * 24 * 3600);

  if (!orga_server_db_execv (orga_server_get_db (self), NULL, error,
                             "INSERT INTO sessions (token_hash, user_id, created_at, expires_at)"
                             " VALUES ($1, $2, $3, $4)",
                             hash, user_id, now, expiry, ORGA_SERVER_DB_END))
    return NULL;

  if (expires_at != NULL)
    *expires_at = g_steal_pointer (&expiry);
  return g_steal_pointer (&token);
}

gboolean
orga_server_accept_orga_terms (OrgaServer  *self,
                               const char  *user_id,
                               GError     **error)
{
  g_autofree char *now = orga_server_now ();

  return orga_server_db_execv (orga_server_get_db (self), NULL, error,
                               "UPDATE users SET pix_orga_terms_accepted = 1, updated_at = $2"
                               " WHERE id = $1",
                               user_id, now, ORGA_SERVER_DB_END);
}

/* The answers about the user */

static void
build_user (OrgaJsonWriter *writer,
            OrgaServerRows *rows)
{
  orga_json_writer_begin_object (writer);
  orga_json_writer_add_string (writer, "id", orga_server_rows_get (rows, 0, 0));
  orga_json_writer_add_string (writer, "email", orga_server_rows_get (rows, 0, 1));
  orga_json_writer_add_string (writer, "first_name", orga_server_rows_get (rows, 0, 2));
  orga_json_writer_add_string (writer, "last_name", orga_server_rows_get (rows, 0, 3));
  orga_json_writer_member (writer, "pix_orga_terms_accepted");
  orga_json_writer_boolean (writer, orga_server_rows_get_int (rows, 0, 4) != 0);
  orga_json_writer_end_object (writer);
}

static OrgaServerRows *
query_user (OrgaServer  *self,
            const char  *user_id,
            GError     **error)
{
  OrgaServerRows *rows = orga_server_db_queryv (orga_server_get_db (self), error,
                                                "SELECT id, email, first_name, last_name,"
                                                " pix_orga_terms_accepted, current_organization_id"
                                                " FROM users WHERE id = $1",
                                                user_id, ORGA_SERVER_DB_END);

  if (rows != NULL && orga_server_rows_get_n_rows (rows) == 0)
    {
      orga_server_rows_free (rows);
      orga_server_set_error (error, ORGA_SERVER_ERROR_UNAUTHENTICATED, NULL);
      return NULL;
    }
  return rows;
}

typedef struct
{
  guint row;
  char *key;
} SortItem;

static int
compare_sort_items (gconstpointer a,
                    gconstpointer b)
{
  const SortItem *x = a, *y = b;
  int result = strcmp (x->key, y->key);

  return result != 0 ? result : (int) x->row - (int) y->row;
}

gboolean
orga_server_build_me (OrgaServer   *self,
                      OrgaJsonWriter *writer,
                      const char   *user_id,
                      GError      **error)
{
  g_autoptr(OrgaServerRows) user = NULL;
  g_autoptr(OrgaServerRows) rows = NULL;
  g_autoptr(GArray) order = g_array_new (FALSE, FALSE, sizeof (SortItem));
  const char *current;
  const char *chosen = NULL;

  user = query_user (self, user_id, error);
  if (user == NULL)
    return FALSE;

  rows = orga_server_db_queryv (orga_server_get_db (self), error,
                                "SELECT o.id, o.uai, o.name, o.kind, o.archived_at, m.role"
                                " FROM memberships m JOIN organizations o ON o.id = m.organization_id"
                                " WHERE m.user_id = $1 AND m.disabled_at IS NULL",
                                user_id, ORGA_SERVER_DB_END);
  if (rows == NULL)
    return FALSE;

  /* "Name (UAI)", as the switcher shows them, in the order of the
   * locale's collation. */
  for (guint i = 0; i < orga_server_rows_get_n_rows (rows); i++)
    {
      g_autofree char *label = g_strdup_printf ("%s (%s)", orga_server_rows_get (rows, i, 2),
                                                orga_server_rows_get (rows, i, 1));
      g_autofree char *folded = g_utf8_casefold (label, -1);
      SortItem item = { i, g_utf8_collate_key (folded, -1) };

      g_array_append_val (order, item);
    }
  g_array_sort (order, compare_sort_items);

  orga_json_writer_member (writer, "user");
  build_user (writer, user);

  current = orga_server_rows_get (user, 0, 5);
  orga_json_writer_member (writer, "memberships");
  orga_json_writer_begin_array (writer);
  for (guint i = 0; i < order->len; i++)
    {
      SortItem *item = &g_array_index (order, SortItem, i);
      guint row = item->row;
      const char *id = orga_server_rows_get (rows, row, 0);

      orga_json_writer_begin_object (writer);
      orga_json_writer_member (writer, "organization");
      orga_server_build_organization (writer, id,
                                      orga_server_rows_get (rows, row, 1),
                                      orga_server_rows_get (rows, row, 2),
                                      orga_server_rows_get (rows, row, 3),
                                      orga_server_rows_get (rows, row, 4) != NULL);
      orga_json_writer_add_string (writer, "role", orga_server_rows_get (rows, row, 5));
      orga_json_writer_end_object (writer);

      if (i == 0)
        chosen = id;
      g_free (item->key);
    }
  orga_json_writer_end_array (writer);

  /* The one chosen last if it is still a membership, else the first. */
  if (current != NULL)
    for (guint i = 0; i < orga_server_rows_get_n_rows (rows); i++)
      if (g_str_equal (current, orga_server_rows_get (rows, i, 0)))
        chosen = current;
  orga_json_writer_add_string (writer, "current_organization_id", chosen);
  return TRUE;
}

/* Password reset */

static void
reset_mail_delivered (GObject      *object,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  /* The row stays in mail_outbox: nothing is lost, and the client was
   * told nothing either way. */
  if (!orga_server_deliver_mail_finish (ORGA_SERVER (object), result, &error))
    g_warning ("password reset mail: not delivered, kept in the outbox");
}

void
orga_server_request_password_reset_async (OrgaServer          *self,
                                          const char          *email,
                                          GCancellable        *cancellable,
                                          GAsyncReadyCallback  callback,
                                          gpointer             user_data)
{
  OrgaServerDb *db = orga_server_get_db (self);
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);
  g_autoptr(GError) error = NULL;
  g_autoptr(OrgaServerRows) rows = NULL;
  g_autoptr(OrgaServerRows) recent = NULL;
  g_autofree char *address = orga_server_normalize_email (email);
  g_autofree char *token = NULL;
  g_autofree char *hash = NULL;
  g_autofree char *now = NULL;
  g_autofree char *hour_ago = NULL;
  g_autofree char *expiry = NULL;
  g_autofree char *link = NULL;
  g_autofree char *text = NULL;
  g_autofree char *html = NULL;
  g_autofree char *html_name = NULL;
  g_autofree char *mail_id = NULL;
  g_autoptr(GPtrArray) ids = NULL;
  const char *user_id;

  g_task_set_source_tag (task, orga_server_request_password_reset_async);

  if (address == NULL)
    {
      orga_server_set_error (&error, ORGA_SERVER_ERROR_INVALID_EMAIL, NULL);
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  rows = orga_server_db_queryv (db, &error,
                                "SELECT id, first_name FROM users WHERE email = $1",
                                address, ORGA_SERVER_DB_END);
  if (rows == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  if (orga_server_rows_get_n_rows (rows) == 0)
    {
      g_task_return_boolean (task, TRUE);
      return;
    }
  user_id = orga_server_rows_get (rows, 0, 0);

  /* A few links an hour at most: nobody fills a mailbox with them. */
  now = orga_server_now ();
  hour_ago = orga_server_time_after (-3600);
  recent = orga_server_db_queryv (db, &error,
                                  "SELECT count(*) FROM password_resets"
                                  " WHERE user_id = $1 AND created_at > $2",
                                  user_id, hour_ago, ORGA_SERVER_DB_END);
  if (recent == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  if (orga_server_rows_get_int (recent, 0, 0) >= RESETS_PER_HOUR)
    {
      g_task_return_boolean (task, TRUE);
      return;
    }

  token = orga_server_random_token ();
  hash = orga_server_hash_token (token);
  expiry = orga_server_time_after (RESET_LIFETIME_S);
  link = g_strdup_printf ("%s/mot-de-passe?token=%s", orga_server_get_public_url (self), token);
  html_name = orga_server_escape_html (orga_server_rows_get (rows, 0, 1));
  text = g_strdup_printf ("Bonjour %s,\n\n"
                          "Vous avez demandé à réinitialiser le mot de passe de votre compte Pix Orga.\n\n"
                          "Pour choisir un nouveau mot de passe, ouvrez ce lien :\n%s\n\n"
                          "Ce lien est à usage unique et reste valable une heure.\n"
                          "Si vous n’êtes pas à l’origine de cette demande, ignorez ce message : "
                          "votre mot de passe ne change pas.\n\n"
                          "L’équipe Pix Orga\n",
                          orga_server_rows_get (rows, 0, 1), link);
  html = g_strdup_printf ("<!DOCTYPE html>\n<html lang=\"fr\"><head><meta charset=\"utf-8\">"
                          "<title>Réinitialisation de votre mot de passe</title></head><body>\n"
                          "<p>Bonjour %s,</p>\n"
                          "<p>Vous avez demandé à réinitialiser le mot de passe de votre compte Pix Orga.</p>\n"
                          "<p><a href=\"%s\">Choisir un nouveau mot de passe</a></p>\n"
                          "<p>Ce lien est à usage unique et reste valable une heure. "
                          "Si vous n’êtes pas à l’origine de cette demande, ignorez ce message : "
                          "votre mot de passe ne change pas.</p>\n"
                          "<p>L’équipe Pix Orga</p>\n</body></html>\n",
                          html_name, link);

  if (!orga_server_db_begin (db, &error)
      || !orga_server_db_execv (db, NULL, &error,
                                "INSERT INTO password_resets (token_hash, user_id, created_at, expires_at)"
                                " VALUES ($1, $2, $3, $4)",
                                hash, user_id, now, expiry, ORGA_SERVER_DB_END)
      || (mail_id = orga_server_queue_mail (self, address, "Réinitialisation de votre mot de passe Pix Orga",
                                            text, html, &error)) == NULL
      || !orga_server_db_commit (db, &error))
    {
      orga_server_db_rollback (db);
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  ids = g_ptr_array_new_with_free_func (g_free);
  g_ptr_array_add (ids, g_steal_pointer (&mail_id));
  orga_server_deliver_mail_async (self, ids, reset_mail_delivered, NULL);
  g_task_return_boolean (task, TRUE);
}

gboolean
orga_server_request_password_reset_finish (OrgaServer    *self,
                                           GAsyncResult  *result,
                                           GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

gboolean
orga_server_check_password_reset (OrgaServer  *self,
                                  const char  *token,
                                  GError     **error)
{
  g_autofree char *hash = NULL;
  g_autofree char *now = orga_server_now ();
  g_autoptr(OrgaServerRows) rows = NULL;

  if (token == NULL || strlen (token) != 43)
    return orga_server_set_error (error, ORGA_SERVER_ERROR_PASSWORD_RESET_INVALID, NULL);

  hash = orga_server_hash_token (token);
  rows = orga_server_db_queryv (orga_server_get_db (self), error,
                                "SELECT user_id FROM password_resets"
                                " WHERE token_hash = $1 AND used_at IS NULL AND expires_at > $2",
                                hash, now, ORGA_SERVER_DB_END);
  if (rows == NULL)
    return FALSE;
  if (orga_server_rows_get_n_rows (rows) == 0)
    return orga_server_set_error (error, ORGA_SERVER_ERROR_PASSWORD_RESET_INVALID, NULL);
  return TRUE;
}

static void
reset_hashed (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  OrgaServer *self = ORGA_SERVER (object);
  OrgaServerDb *db = orga_server_get_db (self);
  g_autoptr(GTask) task = user_data;
  AccountData *data = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autofree char *hash = g_task_propagate_pointer (G_TASK (result), &error);
  g_autofree char *now = orga_server_now ();
  g_autoptr(OrgaServerRows) spent = NULL;
  const char *user_id;

  if (hash == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  if (!orga_server_db_begin (db, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  /* Spent in one conditional step: of two uses at once, one wins. */
  spent = orga_server_db_queryv (db, &error,
                                 "UPDATE password_resets SET used_at = $2"
                                 " WHERE token_hash = $1 AND used_at IS NULL AND expires_at > $2"
                                 " RETURNING user_id",
                                 data->token_hash, now, ORGA_SERVER_DB_END);
  if (spent == NULL)
    goto failed;
  if (orga_server_rows_get_n_rows (spent) == 0)
    {
      orga_server_set_error (&error, ORGA_SERVER_ERROR_PASSWORD_RESET_INVALID, NULL);
      goto failed;
    }
  user_id = orga_server_rows_get (spent, 0, 0);

  if (!orga_server_db_execv (db, NULL, &error,
                             "UPDATE users SET password_hash = $2, updated_at = $3 WHERE id = $1",
                             user_id, hash, now, ORGA_SERVER_DB_END)
      || !orga_server_db_execv (db, NULL, &error,
                                "UPDATE sessions SET revoked_at = $2"
                                " WHERE user_id = $1 AND revoked_at IS NULL",
                                user_id, now, ORGA_SERVER_DB_END)
      || !orga_server_db_execv (db, NULL, &error,
                                "DELETE FROM sign_in_failures"
                                " WHERE key = (SELECT 'user:' || email FROM users WHERE id = $1)",
                                user_id, ORGA_SERVER_DB_END)
      || !orga_server_db_commit (db, &error))
    goto failed;

  g_task_return_boolean (task, TRUE);
  return;

failed:
  orga_server_db_rollback (db);
  g_task_return_error (task, g_steal_pointer (&error));
}

void
orga_server_reset_password_async (OrgaServer          *self,
                                  const char          *token,
                                  const char          *password,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);
  g_autoptr(GError) error = NULL;
  AccountData *data = g_new0 (AccountData, 1);
  GTask *hash_task;

  g_task_set_source_tag (task, orga_server_reset_password_async);
  g_task_set_task_data (task, data, (GDestroyNotify) account_data_free);

  if (!orga_server_check_password_reset (self, token, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  if (!orga_server_password_is_valid (password) || strlen (password) > 1024)
    {
      orga_server_set_error (&error, ORGA_SERVER_ERROR_INVALID_PASSWORD, NULL);
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  data->token_hash = orga_server_hash_token (token);
  hash_task = hash_task_new (self, password, NULL, cancellable, reset_hashed, g_steal_pointer (&task));
  run_hash_task (hash_task, hash_thread);
  g_object_unref (hash_task);
}

gboolean
orga_server_reset_password_finish (OrgaServer    *self,
                                   GAsyncResult  *result,
                                   GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* The HTTP handlers */

static void
reply_user (OrgaRequest *req,
            guint        status)
{
  g_autoptr(GString) out = g_string_sized_new (1024);
  OrgaJsonWriter writer = ORGA_JSON_WRITER_INIT (out);
  g_autoptr(GError) error = NULL;
  g_autoptr(OrgaServerRows) user = query_user (req->server, req->user_id, &error);

  if (user == NULL)
    {
      orga_request_reply_error (req, error);
      return;
    }
  orga_json_writer_begin_object (&writer);
  orga_json_writer_member (&writer, "user");
  build_user (&writer, user);
  orga_json_writer_end_object (&writer);
  orga_request_reply_text (req, status, g_steal_pointer (&out));
}

static void
sign_up_done (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(OrgaRequest) req = user_data;
  g_autoptr(GError) error = NULL;

  req->user_id = orga_server_sign_up_finish (ORGA_SERVER (object), result, &error);
  if (req->user_id == NULL)
    orga_request_reply_error (req, error);
  else
    reply_user (req, SOUP_STATUS_CREATED);
}

void
orga_server_handle_sign_up (OrgaRequest *req)
{
  g_autoptr(GError) error = NULL;
  const char *first_name, *last_name, *email, *password;
  gboolean accept_terms;
  g_autofree char *checked_first = NULL;
  g_autofree char *checked_last = NULL;
  g_autofree char *checked_email = NULL;

  if (!orga_request_get_string (req, "first_name", &first_name, &error)
      || !orga_request_get_string (req, "last_name", &last_name, &error)
      || !orga_request_get_string (req, "email", &email, &error)
      || !orga_request_get_string (req, "password", &password, &error)
      || !orga_request_get_boolean (req, "accept_terms", &accept_terms, &error))
    {
      orga_request_reply_error (req, error);
      return;
    }

  /* Counted once the form is right (a typo costs nothing), before the
   * address is looked up and the password hashed; a wrong form gets its
   * own message from orga_server_sign_up_async. */
  if (orga_server_check_sign_up (first_name, last_name, email, password, accept_terms,
                                 &checked_first, &checked_last, &checked_email, NULL))
    {
      g_autofree char *address = orga_server_get_client_address (req->server, req->msg);

      if (!orga_server_count_sign_up (req->server, address, &error))
        {
          orga_request_reply_error (req, error);
          return;
        }
    }

  orga_request_pause (req);
  orga_server_sign_up_async (req->server, first_name, last_name, email, password, accept_terms,
                             NULL, sign_up_done, orga_request_ref (req));
}

static void
sign_in_done (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  OrgaServer *self = ORGA_SERVER (object);
  g_autoptr(OrgaRequest) req = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) out = g_string_sized_new (1024);
  OrgaJsonWriter writer = ORGA_JSON_WRITER_INIT (out);
  g_autofree char *token = NULL;
  g_autofree char *expires_at = NULL;

  req->user_id = orga_server_sign_in_finish (self, result, &error);
  if (req->user_id == NULL
      || (token = orga_server_create_session (self, req->user_id, &expires_at, &error)) == NULL)
    {
      orga_request_reply_error (req, error);
      return;
    }

  orga_json_writer_begin_object (&writer);
  orga_json_writer_add_string (&writer, "token", token);
  orga_json_writer_add_string (&writer, "expires_at", expires_at);
  if (!orga_server_build_me (self, &writer, req->user_id, &error))
    {
      orga_request_reply_error (req, error);
      return;
    }
  orga_json_writer_end_object (&writer);
  orga_request_reply_text (req, SOUP_STATUS_CREATED, g_steal_pointer (&out));
}

void
orga_server_handle_sign_in (OrgaRequest *req)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *address = NULL;
  const char *email, *password;

  if (!orga_request_get_string (req, "email", &email, &error)
      || !orga_request_get_string (req, "password", &password, &error))
    {
      orga_request_reply_error (req, error);
      return;
    }

  address = orga_server_get_client_address (req->server, req->msg);
  orga_request_pause (req);
  orga_server_sign_in_async (req->server, email, password, address, NULL,
                             sign_in_done, orga_request_ref (req));
}

void
orga_server_handle_sign_out (OrgaRequest *req)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *hash = NULL;
  g_autofree char *now = orga_server_now ();
  const char *token = soup_message_headers_get_one (soup_server_message_get_request_headers (req->msg),
                                                    "Authorization") + strlen ("Bearer ");

  while (*token == ' ')
    token++;
  hash = orga_server_hash_token (token);
  if (!orga_server_db_execv (req->db, NULL, &error,
                             "UPDATE sessions SET revoked_at = $2 WHERE token_hash = $1",
                             hash, now, ORGA_SERVER_DB_END))
    {
      orga_request_reply_error (req, error);
      return;
    }
  orga_request_reply_empty (req, SOUP_STATUS_NO_CONTENT);
}

void
orga_server_handle_me (OrgaRequest *req)
{
  g_autoptr(GString) out = g_string_sized_new (1024);
  OrgaJsonWriter writer = ORGA_JSON_WRITER_INIT (out);
  g_autoptr(GError) error = NULL;

  orga_json_writer_begin_object (&writer);
  if (!orga_server_build_me (req->server, &writer, req->user_id, &error))
    {
      orga_request_reply_error (req, error);
      return;
    }
  orga_json_writer_end_object (&writer);
  orga_request_reply_text (req, SOUP_STATUS_OK, g_steal_pointer (&out));
}

void
orga_server_handle_orga_terms (OrgaRequest *req)
{
  g_autoptr(GError) error = NULL;

  if (!orga_server_accept_orga_terms (req->server, req->user_id, &error))
    {
      orga_request_reply_error (req, error);
      return;
    }
  reply_user (req, SOUP_STATUS_OK);
}

void
orga_server_handle_current_org (OrgaRequest *req)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(OrgaServerRows) rows = NULL;
  g_autoptr(GString) out = g_string_sized_new (1024);
  OrgaJsonWriter writer = ORGA_JSON_WRITER_INIT (out);
  g_autofree char *now = orga_server_now ();
  const char *org_id;

  if (!orga_request_get_string (req, "organization_id", &org_id, &error))
    {
      orga_request_reply_error (req, error);
      return;
    }
  if (org_id == NULL)
    {
      orga_request_reply_code (req, ORGA_SERVER_ERROR_MALFORMED_REQUEST, NULL);
      return;
    }

  rows = orga_server_db_queryv (req->db, &error,
                                "SELECT id FROM memberships"
                                " WHERE user_id = $1 AND organization_id = $2 AND disabled_at IS NULL",
                                req->user_id, org_id, ORGA_SERVER_DB_END);
  if (rows == NULL)
    {
      orga_request_reply_error (req, error);
      return;
    }
  if (orga_server_rows_get_n_rows (rows) == 0)
    {
      orga_request_reply_code (req, ORGA_SERVER_ERROR_NOT_FOUND, NULL);
      return;
    }

  if (!orga_server_db_execv (req->db, NULL, &error,
                             "UPDATE users SET current_organization_id = $2, updated_at = $3 WHERE id = $1",
                             req->user_id, org_id, now, ORGA_SERVER_DB_END))
    {
      orga_request_reply_error (req, error);
      return;
    }

  orga_json_writer_begin_object (&writer);
  orga_json_writer_add_string (&writer, "current_organization_id", org_id);
  orga_json_writer_end_object (&writer);
  orga_request_reply_text (req, SOUP_STATUS_OK, g_steal_pointer (&out));
}

static void
reset_requested (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(OrgaRequest) req = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) out = g_string_sized_new (1024);
  OrgaJsonWriter writer = ORGA_JSON_WRITER_INIT (out);

  if (!orga_server_request_password_reset_finish (ORGA_SERVER (object), result, &error))
    {
      orga_request_reply_error (req, error);
      return;
    }
  orga_json_writer_begin_object (&writer);
  orga_json_writer_end_object (&writer);
  orga_request_reply_text (req, SOUP_STATUS_ACCEPTED, g_steal_pointer (&out));
}

void
orga_server_handle_password_reset (OrgaRequest *req)
{
  g_autoptr(GError) error = NULL;
  const char *email;

  if (!orga_request_get_string (req, "email", &email, &error))
    {
      orga_request_reply_error (req, error);
      return;
    }

  orga_request_pause (req);
  orga_server_request_password_reset_async (req->server, email, NULL, reset_requested, orga_request_ref (req));
}

static void
reset_done (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(OrgaRequest) req = user_data;
  g_autoptr(GError) error = NULL;

  if (!orga_server_reset_password_finish (ORGA_SERVER (object), result, &error))
    orga_request_reply_error (req, error);
  else
    orga_request_reply_empty (req, SOUP_STATUS_NO_CONTENT);
}

void
orga_server_handle_password_confirm (OrgaRequest *req)
{
  g_autoptr(GError) error = NULL;
  const char *token, *password;

  if (!orga_request_get_string (req, "token", &token, &error)
      || !orga_request_get_string (req, "password", &password, &error))
    {
      orga_request_reply_error (req, error);
      return;
    }

  orga_request_pause (req);
  orga_server_reset_password_async (req->server, token, password, NULL, reset_done, orga_request_ref (req));
}
