/* orga-token-store.c: the bearer tokens, in the keyring or a 0600 file
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "orga-token-store"

#include "config.h"

#include <errno.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <libsecret/secret.h>
#include <string.h>

#include "orga-account.h"
#include "orga-token-store.h"

struct _OrgaTokenStore
{
  GObject                parent_instance;

  char                  *directory;     /* the files' folder */
  gboolean               files_only;
  OrgaTokenStoreBackend  backend;       /* where the last operation went */
};

G_DEFINE_FINAL_TYPE (OrgaTokenStore, orga_token_store, G_TYPE_OBJECT)

static const SecretSchema *
token_schema (void)
{
  static const SecretSchema schema = {
    "io.github.pixorga.PixOrga.Token", SECRET_SCHEMA_NONE,
    {
      { "server", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { "email", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { NULL, 0 },
    },
  };

  return &schema;
}

static void
orga_token_store_finalize (GObject *object)
{
  OrgaTokenStore *self = (OrgaTokenStore *)object;

  g_free (self->directory);

  G_OBJECT_CLASS (orga_token_store_parent_class)->finalize (object);
}

static void
orga_token_store_class_init (OrgaTokenStoreClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = orga_token_store_finalize;
}

static void
orga_token_store_init (OrgaTokenStore *self)
{
  self->backend = ORGA_TOKEN_STORE_BACKEND_SECRET_SERVICE;
}

OrgaTokenStore *
orga_token_store_new (void)
{
  OrgaTokenStore *self = g_object_new (ORGA_TYPE_TOKEN_STORE, NULL);

  self->directory = g_build_filename (g_get_user_data_dir (), "pixorga", "tokens", NULL);
  self->files_only = g_strcmp0 (g_getenv ("PIXORGA_TOKEN_STORE"), "file") == 0;
  if (self->files_only)
    self->backend = ORGA_TOKEN_STORE_BACKEND_FILE;
  return self;
}

OrgaTokenStore *
orga_token_store_new_for_directory (const char *directory)
{
  OrgaTokenStore *self;

  g_return_val_if_fail (directory != NULL, NULL);

  self = g_object_new (ORGA_TYPE_TOKEN_STORE, NULL);
  self->directory = g_strdup (directory);
  self->files_only = TRUE;
  self->backend = ORGA_TOKEN_STORE_BACKEND_FILE;
  return self;
}

OrgaTokenStoreBackend
orga_token_store_get_backend (OrgaTokenStore *self)
{
  g_return_val_if_fail (ORGA_IS_TOKEN_STORE (self), ORGA_TOKEN_STORE_BACKEND_FILE);
  return self->backend;
}

/* ---- files ------------------------------------------------------------ */

/* The name says nothing of the server or the address: a hash of both. */
static char *
token_path (OrgaTokenStore *self,
            const char     *server_url,
            const char     *email)
{
  g_autofree char *key = g_strconcat (server_url, "\n", email, NULL);
  g_autofree char *hash = g_compute_checksum_for_string (G_CHECKSUM_SHA256, key, -1);

  return g_build_filename (self->directory, hash, NULL);
}

static gboolean
file_save (OrgaTokenStore  *self,
           const char      *server_url,
           const char      *email,
           const char      *token,
           GError         **error)
{
  g_autofree char *path = token_path (self, server_url, email);

  if (g_mkdir_with_parents (self->directory, 0700) != 0)
    {
      int saved = errno;
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                   _("Could not create the folder %s: %s"), self->directory, g_strerror (saved));
      return FALSE;
    }
  /* g_file_set_contents_full() writes a temporary file with this mode
   * and renames it: the token is never readable by others, even briefly. */
  return g_file_set_contents_full (path, token, -1,
                                   G_FILE_SET_CONTENTS_CONSISTENT | G_FILE_SET_CONTENTS_DURABLE,
                                   0600, error);
}

static char *
file_lookup (OrgaTokenStore  *self,
             const char      *server_url,
             const char      *email,
             GError         **error)
{
  g_autofree char *path = token_path (self, server_url, email);
  g_autoptr(GError) local_error = NULL;
  char *token = NULL;

  if (!g_file_get_contents (path, &token, NULL, &local_error))
    {
      if (!g_error_matches (local_error, G_FILE_ERROR, G_FILE_ERROR_NOENT))
        g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }
  g_strstrip (token);
  if (*token == '\0')
    g_clear_pointer (&token, g_free);
  return token;
}

static gboolean
file_clear (OrgaTokenStore  *self,
            const char      *server_url,
            const char      *email,
            GError         **error)
{
  g_autofree char *path = token_path (self, server_url, email);

  if (g_unlink (path) != 0 && errno != ENOENT)
    {
      int saved = errno;
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                   _("Could not remove %s: %s"), path, g_strerror (saved));
      return FALSE;
    }
  return TRUE;
}

/* ---- blocking --------------------------------------------------------- */

static char *
normalize (const char *server_url)
{
  char *url = orga_server_url_normalize (server_url);

  return url != NULL ? url : g_strdup (server_url != NULL ? server_url : "");
}

gboolean
orga_token_store_save (OrgaTokenStore  *self,
                       const char      *server_url,
                       const char      *email,
                       const char      *token,
                       GCancellable    *cancellable,
                       GError         **error)
{
  g_autofree char *url = normalize (server_url);
  g_autofree char *label = NULL;
  g_autoptr(GError) secret_error = NULL;

  g_return_val_if_fail (ORGA_IS_TOKEN_STORE (self), FALSE);
  g_return_val_if_fail (email != NULL && token != NULL, FALSE);

  if (!self->files_only)
    {
      /* TRANSLATORS: the keyring's label of a token: "PixOrga: a@b.fr on https://…" */
      label = g_strdup_printf (_("PixOrga: %s on %s"), email, url);
      if (secret_password_store_sync (token_schema (), SECRET_COLLECTION_DEFAULT, label, token,
                                      cancellable, &secret_error,
                                      "server", url, "email", email, NULL))
        {
          self->backend = ORGA_TOKEN_STORE_BACKEND_SECRET_SERVICE;
          /* A token left in a file by an earlier keyring-less run goes. */
          file_clear (self, url, email, NULL);
          return TRUE;
        }
      g_debug ("No secret service, the token goes in a file: %s", secret_error->message);
    }

  self->backend = ORGA_TOKEN_STORE_BACKEND_FILE;
  return file_save (self, url, email, token, error);
}

char *
orga_token_store_lookup (OrgaTokenStore  *self,
                         const char      *server_url,
                         const char      *email,
                         GCancellable    *cancellable,
                         GError         **error)
{
  g_autofree char *url = normalize (server_url);
  g_autoptr(GError) secret_error = NULL;

  g_return_val_if_fail (ORGA_IS_TOKEN_STORE (self), NULL);
  g_return_val_if_fail (email != NULL, NULL);

  if (!self->files_only)
    {
      char *token = secret_password_lookup_sync (token_schema (), cancellable, &secret_error,
                                                 "server", url, "email", email, NULL);

      if (token != NULL)
        {
          char *copy = g_strdup (token);

          self->backend = ORGA_TOKEN_STORE_BACKEND_SECRET_SERVICE;
          secret_password_free (token);
          return copy;
        }
      if (secret_error != NULL)
        g_debug ("No secret service, looking for a file: %s", secret_error->message);
    }

  /* Saved to a file when the keyring was away, it may still be there. */
  self->backend = ORGA_TOKEN_STORE_BACKEND_FILE;
  return file_lookup (self, url, email, error);
}

gboolean
orga_token_store_clear (OrgaTokenStore  *self,
                        const char      *server_url,
                        const char      *email,
                        GCancellable    *cancellable,
                        GError         **error)
{
  g_autofree char *url = normalize (server_url);

  g_return_val_if_fail (ORGA_IS_TOKEN_STORE (self), FALSE);
  g_return_val_if_fail (email != NULL, FALSE);

  if (!self->files_only)
    {
      g_autoptr(GError) secret_error = NULL;

      if (!secret_password_clear_sync (token_schema (), cancellable, &secret_error,
                                       "server", url, "email", email, NULL) &&
          secret_error != NULL)
        g_debug ("No secret service to clear: %s", secret_error->message);
    }

  return file_clear (self, url, email, error);
}

/* ---- in a thread ------------------------------------------------------ */

typedef struct
{
  char *server_url;
  char *email;
  char *token;
} Job;

static void
job_free (Job *job)
{
  g_free (job->server_url);
  g_free (job->email);
  if (job->token != NULL)
    memset (job->token, 0, strlen (job->token));
  g_free (job->token);
  g_free (job);
}

static GTask *
job_task (OrgaTokenStore      *self,
          const char          *server_url,
          const char          *email,
          const char          *token,
          gpointer             source_tag,
          GCancellable        *cancellable,
          GAsyncReadyCallback  callback,
          gpointer             user_data)
{
  GTask *task = g_task_new (self, cancellable, callback, user_data);
  Job *job = g_new0 (Job, 1);

  job->server_url = g_strdup (server_url);
  job->email = g_strdup (email);
  job->token = g_strdup (token);
  g_task_set_source_tag (task, source_tag);
  g_task_set_task_data (task, job, (GDestroyNotify) job_free);
  return task;
}

static void
save_thread (GTask        *task,
             gpointer      source,
             gpointer      task_data,
             GCancellable *cancellable)
{
  Job *job = task_data;
  GError *error = NULL;

  if (orga_token_store_save (source, job->server_url, job->email, job->token, cancellable, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

void
orga_token_store_save_async (OrgaTokenStore      *self,
                             const char          *server_url,
                             const char          *email,
                             const char          *token,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_autoptr(GTask) task = job_task (self, server_url, email, token, orga_token_store_save_async,
                                    cancellable, callback, user_data);

  g_task_run_in_thread (task, save_thread);
}

gboolean
orga_token_store_save_finish (OrgaTokenStore  *self,
                              GAsyncResult    *result,
                              GError         **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
lookup_thread (GTask        *task,
               gpointer      source,
               gpointer      task_data,
               GCancellable *cancellable)
{
  Job *job = task_data;
  GError *error = NULL;
  char *token = orga_token_store_lookup (source, job->server_url, job->email, cancellable, &error);

  if (error != NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, token, g_free);
}

void
orga_token_store_lookup_async (OrgaTokenStore      *self,
                               const char          *server_url,
                               const char          *email,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  g_autoptr(GTask) task = job_task (self, server_url, email, NULL, orga_token_store_lookup_async,
                                    cancellable, callback, user_data);

  g_task_run_in_thread (task, lookup_thread);
}

char *
orga_token_store_lookup_finish (OrgaTokenStore  *self,
                                GAsyncResult    *result,
                                GError         **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
clear_thread (GTask        *task,
              gpointer      source,
              gpointer      task_data,
              GCancellable *cancellable)
{
  Job *job = task_data;
  GError *error = NULL;

  if (orga_token_store_clear (source, job->server_url, job->email, cancellable, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

void
orga_token_store_clear_async (OrgaTokenStore      *self,
                              const char          *server_url,
                              const char          *email,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_autoptr(GTask) task = job_task (self, server_url, email, NULL, orga_token_store_clear_async,
                                    cancellable, callback, user_data);

  g_task_run_in_thread (task, clear_thread);
}

gboolean
orga_token_store_clear_finish (OrgaTokenStore  *self,
                               GAsyncResult    *result,
                               GError         **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}
