/* orga-account.h: the Pix Orga account a database is bound to
 *
 * Who is signed in, on which server: what the account row of the local
 * store keeps (orga-store-account.h) and what the server's user object
 * says. The token is not here: OrgaTokenStore (src/net) keeps it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define ORGA_TYPE_ACCOUNT (orga_account_get_type ())

G_DECLARE_FINAL_TYPE (OrgaAccount, orga_account, ORGA, ACCOUNT, GObject)

/* @server_url without a trailing slash ("https://orga.example.fr"); the
 * user id is the server's (a UUID). */
OrgaAccount *orga_account_new                (const char  *server_url,
                                              const char  *user_id,
                                              const char  *email,
                                              const char  *first_name,
                                              const char  *last_name);
const char  *orga_account_get_server_url     (OrgaAccount *self);
const char  *orga_account_get_user_id        (OrgaAccount *self);
const char  *orga_account_get_email          (OrgaAccount *self);
const char  *orga_account_get_first_name     (OrgaAccount *self);
const char  *orga_account_get_last_name      (OrgaAccount *self);
/* "Prénom Nom", what the account menu shows. */
char        *orga_account_dup_display_name   (OrgaAccount *self);
/* Same server (compared after orga_server_url_normalize()) and same user. */
gboolean     orga_account_equal              (OrgaAccount *a,
                                              OrgaAccount *b);

/* A server address as typed ("orga.example.fr/", "HTTPS://x/"), as it is
 * kept and compared: scheme and host in lower case, "https://" added when
 * there is no scheme, no trailing slash, no query or fragment. NULL when
 * it is no http(s) URL. */
char        *orga_server_url_normalize       (const char  *text);

G_END_DECLS
