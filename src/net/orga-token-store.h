/* orga-token-store.h: where the bearer tokens are kept
 *
 * In the user's keyring through libsecret (schema
 * "io.github.pixorga.PixOrga.Token", attributes "server" and "email").
 * Where no secret service answers (no session bus, no keyring, a locked
 * one, any error), in a file readable by the user only under
 * $XDG_DATA_HOME/pixorga/tokens/, one per server and e-mail, named by a
 * hash of both. PIXORGA_TOKEN_STORE=file forces the files (tests).
 * A token is never printed nor logged.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

typedef enum
{
  ORGA_TOKEN_STORE_BACKEND_SECRET_SERVICE,
  ORGA_TOKEN_STORE_BACKEND_FILE,
} OrgaTokenStoreBackend;

#define ORGA_TYPE_TOKEN_STORE (orga_token_store_get_type ())

G_DECLARE_FINAL_TYPE (OrgaTokenStore, orga_token_store, ORGA, TOKEN_STORE, GObject)

OrgaTokenStore        *orga_token_store_new             (void);
/* Files only, in @directory (tests). */
OrgaTokenStore        *orga_token_store_new_for_directory (const char     *directory);
/* Where the last operation kept or found its token. */
OrgaTokenStoreBackend  orga_token_store_get_backend     (OrgaTokenStore *self);

/* Blocking: for pixorga-cli, and from a worker thread. @server_url is
 * normalized (orga_server_url_normalize()). Lookup returns NULL without
 * error when no token is kept. Clearing what is not there is no error. */
gboolean               orga_token_store_save            (OrgaTokenStore *self,
                                                         const char     *server_url,
                                                         const char     *email,
                                                         const char     *token,
                                                         GCancellable   *cancellable,
                                                         GError        **error);
char                  *orga_token_store_lookup          (OrgaTokenStore *self,
                                                         const char     *server_url,
                                                         const char     *email,
                                                         GCancellable   *cancellable,
                                                         GError        **error);
gboolean               orga_token_store_clear           (OrgaTokenStore *self,
                                                         const char     *server_url,
                                                         const char     *email,
                                                         GCancellable   *cancellable,
                                                         GError        **error);

/* The same in a thread, the callback on the caller's main context. */
void                   orga_token_store_save_async      (OrgaTokenStore      *self,
                                                         const char          *server_url,
                                                         const char          *email,
                                                         const char          *token,
                                                         GCancellable        *cancellable,
                                                         GAsyncReadyCallback  callback,
                                                         gpointer             user_data);
gboolean               orga_token_store_save_finish     (OrgaTokenStore      *self,
                                                         GAsyncResult        *result,
                                                         GError             **error);
void                   orga_token_store_lookup_async    (OrgaTokenStore      *self,
                                                         const char          *server_url,
                                                         const char          *email,
                                                         GCancellable        *cancellable,
                                                         GAsyncReadyCallback  callback,
                                                         gpointer             user_data);
char                  *orga_token_store_lookup_finish   (OrgaTokenStore      *self,
                                                         GAsyncResult        *result,
                                                         GError             **error);
void                   orga_token_store_clear_async     (OrgaTokenStore      *self,
                                                         const char          *server_url,
                                                         const char          *email,
                                                         GCancellable        *cancellable,
                                                         GAsyncReadyCallback  callback,
                                                         gpointer             user_data);
gboolean               orga_token_store_clear_finish    (OrgaTokenStore      *self,
                                                         GAsyncResult        *result,
                                                         GError             **error);

G_END_DECLS
