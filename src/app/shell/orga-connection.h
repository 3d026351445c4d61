/* orga-connection.h: the app's link to a PixOrga server
 *
 * Beside the OrgaContext rather than in it: the context is in the core,
 * which knows nothing of libsoup, and the CLI has no use for what this
 * adds (the token kept in the keyring, a client that follows the account
 * menu's sign-in, sign-out and switch). The application makes one, the
 * window and its pages get it as their "connection" property.
 *
 * "client" and "account" are NULL while the database is bound to no
 * account (an offline space), "client" also until the token has been read
 * back from the keyring at start-up.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "orga-client.h"
#include "orga-context.h"
#include "orga-token-store.h"

G_BEGIN_DECLS

#define ORGA_TYPE_CONNECTION (orga_connection_get_type ())

G_DECLARE_FINAL_TYPE (OrgaConnection, orga_connection, ORGA, CONNECTION, GObject)

/* @tokens NULL: orga_token_store_new (), when first needed. */
OrgaConnection *orga_connection_new                (OrgaContext         *context,
                                                    OrgaTokenStore      *tokens);
OrgaContext    *orga_connection_get_context        (OrgaConnection      *self);
OrgaClient     *orga_connection_get_client         (OrgaConnection      *self);
OrgaAccount    *orga_connection_get_account        (OrgaConnection      *self);
/* (transfer none): the account's spaces (OrgaSpace), sorted "Name (UAI)". */
GListModel     *orga_connection_get_spaces         (OrgaConnection      *self);
/* (nullable): the space of the context's school, NULL for an offline one. */
OrgaSpace      *orga_connection_get_current_space  (OrgaConnection      *self);

/* The account the database is bound to, its spaces as last listed, and
 * the token from the keyring (in a thread). Quietly does nothing for an
 * unbound database. */
void            orga_connection_restore            (OrgaConnection      *self);

/* Signs in on @server_url and binds the database to a space of the
 * account (spec §1.3; orga_store_bind()'s rules). With @invitation_id and
 * @code, accepts that invitation first and binds its space; with
 * @accept_orga_terms, records the acceptance of Pix Orga's terms (§1.7).
 * With @sign_up (first and last names), makes the account first, the
 * Pix terms accepted. Errors carry the message to show. */
typedef struct
{
  const char *server_url;
  const char *email;
  const char *password;
  const char *first_name;     /* sign up only */
  const char *last_name;      /* sign up only */
  gboolean    sign_up;
  const char *invitation_id;  /* nullable */
  const char *code;           /* nullable */
  gboolean    accept_orga_terms;
} OrgaSignIn;

void            orga_connection_sign_in_async      (OrgaConnection      *self,
                                                    const OrgaSignIn    *sign_in,
                                                    GCancellable        *cancellable,
                                                    GAsyncReadyCallback  callback,
                                                    gpointer             user_data);
OrgaOrganization *orga_connection_sign_in_finish   (OrgaConnection      *self,
                                                    GAsyncResult        *result,
                                                    GError             **error);

/* The token revoked (as far as the server answers), forgotten, and the
 * database unbound; the school and its data stay on this computer. */
void            orga_connection_sign_out_async     (OrgaConnection      *self,
                                                    GCancellable        *cancellable,
                                                    GAsyncReadyCallback  callback,
                                                    gpointer             user_data);
gboolean        orga_connection_sign_out_finish    (OrgaConnection      *self,
                                                    GAsyncResult        *result,
                                                    GError             **error);

/* Makes @space the current one, on the server (spec §1.6) as far as it
 * answers, and here. */
gboolean        orga_connection_switch_space       (OrgaConnection      *self,
                                                    OrgaSpace           *space,
                                                    GError             **error);

/* The server's id of the context's school, NULL when offline-only. */
char           *orga_connection_dup_space_id       (OrgaConnection      *self);

G_END_DECLS
