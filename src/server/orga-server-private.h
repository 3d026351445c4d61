/* orga-server-private.h: the server's domain, without HTTP
 *
 * What the JSON API (orga-server.c, orga-server-accounts.c,
 * orga-server-team.c) does, callable by the HTML pages of orga-server-web.c
 * without going through HTTP: the same rules, the same transactions, the
 * same French messages.
 *
 * A refusal is a GError in ORGA_SERVER_ERROR whose code is one of the
 * API's (docs/api.md) and whose message is the exact French sentence to
 * show (with the e-mail, the UAI or the delay already in it).
 * orga_server_error_status() and orga_server_error_name() give its HTTP
 * status and its stable code.
 *
 * Everything runs on the server's main context. The functions that hash a
 * password (argon2id, ~0.1–0.5 s) or deliver a mail are asynchronous: the
 * work runs in a thread or a subprocess and the main loop stays free.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <libsoup/soup.h>
#include <json-glib/json-glib.h>

#include "orga-mailer.h"
#include "orga-server.h"
#include "orga-server-db.h"

G_BEGIN_DECLS

#define ORGA_SERVER_ERROR (orga_server_error_quark ())

/* The table of docs/api.md, in its order. */
typedef enum
{
  ORGA_SERVER_ERROR_MALFORMED_REQUEST,
  ORGA_SERVER_ERROR_INVALID_EMAIL,
  ORGA_SERVER_ERROR_PASSWORD_RESET_INVALID,
  ORGA_SERVER_ERROR_UNAUTHENTICATED,
  ORGA_SERVER_ERROR_INVALID_CREDENTIALS,
  ORGA_SERVER_ERROR_STUDENT_INVALID_CREDENTIALS,
  ORGA_SERVER_ERROR_FORBIDDEN,
  ORGA_SERVER_ERROR_NOT_A_MEMBER,
  ORGA_SERVER_ERROR_ORGA_TERMS_NOT_ACCEPTED,
  ORGA_SERVER_ERROR_ORGANIZATION_ARCHIVED,
  ORGA_SERVER_ERROR_CAMPAIGN_ARCHIVED,
  ORGA_SERVER_ERROR_NOT_FOUND,
  ORGA_SERVER_ERROR_UAI_NOT_RECOGNIZED,
  ORGA_SERVER_ERROR_INVITATION_NOT_FOUND,
  ORGA_SERVER_ERROR_CAMPAIGN_CODE_UNKNOWN,
  ORGA_SERVER_ERROR_LEARNER_NOT_FOUND,
  ORGA_SERVER_ERROR_METHOD_NOT_ALLOWED,
  ORGA_SERVER_ERROR_UAI_SEVERAL_SCHOOLS,
  ORGA_SERVER_ERROR_INVITATION_ACCEPTED,
  ORGA_SERVER_ERROR_EMAIL_TAKEN,
  ORGA_SERVER_ERROR_SYNC_PROTOCOL,
  ORGA_SERVER_ERROR_LEARNER_ALREADY_LINKED,
  ORGA_SERVER_ERROR_ACCOUNT_ALREADY_LINKED,
  ORGA_SERVER_ERROR_STUDENT_HAS_USERNAME,
  ORGA_SERVER_ERROR_INVITATION_CANCELLED,
  ORGA_SERVER_ERROR_CAMPAIGN_DELETED,
  ORGA_SERVER_ERROR_ALREADY_MEMBER,
  ORGA_SERVER_ERROR_PAYLOAD_TOO_LARGE,
  ORGA_SERVER_ERROR_INVALID_UAI,
  ORGA_SERVER_ERROR_FIRST_NAME_MISSING,
  ORGA_SERVER_ERROR_LAST_NAME_MISSING,
  ORGA_SERVER_ERROR_INVALID_PASSWORD,
  ORGA_SERVER_ERROR_TERMS_NOT_ACCEPTED,
  ORGA_SERVER_ERROR_NO_SCHOOL_EMAIL,
  ORGA_SERVER_ERROR_INVITATION_NOT_PENDING,
  ORGA_SERVER_ERROR_LAST_ADMIN,
  ORGA_SERVER_ERROR_OWN_MEMBERSHIP,
  ORGA_SERVER_ERROR_INVALID_ROLE,
  ORGA_SERVER_ERROR_CAMPAIGN_CODE_INVALID,
  ORGA_SERVER_ERROR_BIRTHDATE_INVALID,
  ORGA_SERVER_ERROR_RECONCILE_NO_MATCH,
  ORGA_SERVER_ERROR_STUDENT_NO_ACCOUNT,
  ORGA_SERVER_ERROR_STUDENT_BIRTHDATE_MISSING,
  ORGA_SERVER_ERROR_USERNAME_IMPOSSIBLE,
  ORGA_SERVER_ERROR_TOO_MANY_ATTEMPTS,
  ORGA_SERVER_ERROR_TOO_MANY_SIGN_UPS,
  ORGA_SERVER_ERROR_MAIL_FAILED,
  ORGA_SERVER_ERROR_STOPPING,
  ORGA_SERVER_ERROR_BUSY,
  ORGA_SERVER_ERROR_INTERNAL,
} OrgaServerError;

GQuark           orga_server_error_quark          (void);
/* "INVITATION_CANCELLED", 410… for an error of ORGA_SERVER_ERROR; any
 * other error is INTERNAL, 500. */
const char      *orga_server_error_name           (const GError        *error);
guint            orga_server_error_status         (const GError        *error);
/* Sets @error to @code with the table's message; the {uai}, {email} or {n}
 * of the message is replaced with @argument (may be NULL). */
gboolean         orga_server_set_error            (GError             **error,
                                                   OrgaServerError      code,
                                                   const char          *argument);
/* For TOO_MANY_ATTEMPTS, TOO_MANY_SIGN_UPS and BUSY: the seconds to put in Retry-After (0 otherwise). */
guint            orga_server_error_retry_after    (const GError        *error);

/* What the server holds. */
OrgaServerDb    *orga_server_get_db               (OrgaServer          *self);
OrgaMailer      *orga_server_get_mailer           (OrgaServer          *self);
/* Without a trailing slash, e.g. "https://orga.example.fr". */
const char      *orga_server_get_public_url       (OrgaServer          *self);
/* The client's IP address (the last X-Forwarded-For hop when the peer is
 * the trusted proxy), for the throttling of sign-ins. */
char            *orga_server_get_client_address   (OrgaServer          *self,
                                                   SoupServerMessage   *msg);
/* Names the route in the request log (a template such as
 * "POST /rejoindre", never a value from the request). */
void             orga_server_set_route            (SoupServerMessage   *msg,
                                                   const char          *route);

/* Pix's rules for the form fields. */
/* @text trimmed, "" for NULL. */
char            *orga_server_trimmed              (const char          *text);
/* A first or last name: not empty, UTF-8, at most 255 characters. */
gboolean         orga_server_name_is_valid        (const char          *name);
/* The sign-up form of staff and students alike, in POST /users's order:
 * the names trimmed and the address normalised into the outs (set even on
 * failure), then FIRST_NAME_MISSING, LAST_NAME_MISSING, INVALID_EMAIL,
 * INVALID_PASSWORD or TERMS_NOT_ACCEPTED. */
gboolean         orga_server_check_sign_up        (const char          *first_name,
                                                   const char          *last_name,
                                                   const char          *email,
                                                   const char          *password,
                                                   gboolean             accept_terms,
                                                   char               **first_out,
                                                   char               **last_out,
                                                   char               **email_out,
                                                   GError             **error);
gboolean         orga_server_password_is_valid    (const char          *password);
/* The address trimmed and in lower case, or NULL if it is not one. */
char            *orga_server_normalize_email      (const char          *email);

/* Accounts (orga-server-accounts.c). */

/* Creates the account; the finish returns the new user's id. Errors:
 * FIRST_NAME_MISSING, LAST_NAME_MISSING, INVALID_EMAIL, INVALID_PASSWORD,
 * TERMS_NOT_ACCEPTED, EMAIL_TAKEN. */
void             orga_server_sign_up_async        (OrgaServer          *self,
                                                   const char          *first_name,
                                                   const char          *last_name,
                                                   const char          *email,
                                                   const char          *password,
                                                   gboolean             accept_terms,
                                                   GCancellable        *cancellable,
                                                   GAsyncReadyCallback  callback,
                                                   gpointer             user_data);
char            *orga_server_sign_up_finish       (OrgaServer          *self,
                                                   GAsyncResult        *result,
                                                   GError             **error);
/* Counts a sign-up from @client_address (one whose form passed
 * orga_server_check_sign_up), in the database like the failed sign-ins:
 * FALSE with TOO_MANY_SIGN_UPS past a generous threshold, or a database
 * error. Call it before orga_server_sign_up_async. */
gboolean         orga_server_count_sign_up        (OrgaServer          *self,
                                                   const char          *client_address,
                                                   GError             **error);

/* Checks the password, with the throttling per account and per
 * @client_address; the finish returns the user's id (no session is made).
 * Errors: INVALID_CREDENTIALS, TOO_MANY_ATTEMPTS. */
void             orga_server_sign_in_async        (OrgaServer          *self,
                                                   const char          *email,
                                                   const char          *password,
                                                   const char          *client_address,
                                                   GCancellable        *cancellable,
                                                   GAsyncReadyCallback  callback,
                                                   gpointer             user_data);
char            *orga_server_sign_in_finish       (OrgaServer          *self,
                                                   GAsyncResult        *result,
                                                   GError             **error);

/* argon2id in the server's hashing threads, for the students' accounts
 * (orga-server-students.c); the finish returns the hash. */
void             orga_server_hash_password_async  (OrgaServer          *self,
                                                   const char          *password,
                                                   GAsyncReadyCallback  callback,
                                                   gpointer             user_data);
char            *orga_server_hash_password_finish (OrgaServer          *self,
                                                   GAsyncResult        *result,
                                                   GError             **error);
/* A student's sign-in: @password against @hash (NULL when there is no
 * such account: the same time, a failure), throttled like the staff's on
 * @account_key ("student:…") and on @client_address (its own count, with
 * a higher threshold: a class shares one address). Errors:
 * STUDENT_INVALID_CREDENTIALS, TOO_MANY_ATTEMPTS. */
void             orga_server_check_student_password_async  (OrgaServer          *self,
                                                            const char          *account_key,
                                                            const char          *hash,
                                                            const char          *password,
                                                            const char          *client_address,
                                                            GAsyncReadyCallback  callback,
                                                            gpointer             user_data);
gboolean         orga_server_check_student_password_finish (OrgaServer          *self,
                                                            GAsyncResult        *result,
                                                            GError             **error);

/* A new bearer token for @user_id (30 days); @expires_at (nullable) gets
 * its expiry. */
char            *orga_server_create_session       (OrgaServer          *self,
                                                   const char          *user_id,
                                                   char               **expires_at,
                                                   GError             **error);
/* The user id of a valid token, or NULL with UNAUTHENTICATED. */
char            *orga_server_authenticate         (OrgaServer          *self,
                                                   const char          *token,
                                                   GError             **error);

/* §1.7: sets pix_orga_terms_accepted. */
gboolean         orga_server_accept_orga_terms    (OrgaServer          *self,
                                                   const char          *user_id,
                                                   GError             **error);

/* "Mot de passe oublié": mails a one-time link {public-url}/mot-de-passe?
 * token=… (1 hour) when @email has an account; says nothing either way
 * (the mail leaves after the finish, in the background). */
void             orga_server_request_password_reset_async  (OrgaServer          *self,
                                                            const char          *email,
                                                            GCancellable        *cancellable,
                                                            GAsyncReadyCallback  callback,
                                                            gpointer             user_data);
gboolean         orga_server_request_password_reset_finish (OrgaServer          *self,
                                                            GAsyncResult        *result,
                                                            GError             **error);
/* Whether @token is a reset link still usable (PASSWORD_RESET_INVALID). */
gboolean         orga_server_check_password_reset          (OrgaServer          *self,
                                                            const char          *token,
                                                            GError             **error);
/* Sets the new password, spends the link and revokes every session of
 * the user. Errors: INVALID_PASSWORD, PASSWORD_RESET_INVALID. */
void             orga_server_reset_password_async          (OrgaServer          *self,
                                                            const char          *token,
                                                            const char          *password,
                                                            GCancellable        *cancellable,
                                                            GAsyncReadyCallback  callback,
                                                            gpointer             user_data);
gboolean         orga_server_reset_password_finish         (OrgaServer          *self,
                                                            GAsyncResult        *result,
                                                            GError             **error);

/* The team (orga-server-team.c). */

typedef struct
{
  char *id;
  char *email;
  char *status;              /* "pending", "accepted", "cancelled" */
  char *role;                /* "ADMIN", "MEMBER" or NULL */
  char *organization_id;
  char *organization_uai;
  char *organization_name;
  char *organization_kind;   /* "sco", "agri" */
  gboolean organization_archived;
} OrgaServerInvitation;

void             orga_server_invitation_free      (OrgaServerInvitation *invitation);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (OrgaServerInvitation, orga_server_invitation_free)

/* The invitation behind a /rejoindre link, whatever its status; NULL
 * with INVITATION_NOT_FOUND when @id and @code do not match. */
OrgaServerInvitation *orga_server_get_invitation  (OrgaServer          *self,
                                                   const char          *id,
                                                   const char          *code,
                                                   GError             **error);
/* §1.4: @user_id becomes a member with the role rule; @role (nullable)
 * gets "ADMIN" or "MEMBER", @organization_id (nullable) the space's id.
 * Errors: INVITATION_NOT_FOUND, INVITATION_CANCELLED, INVITATION_ACCEPTED,
 * ALREADY_MEMBER (the invitation had no role: it is spent all the same),
 * ORGANIZATION_ARCHIVED. */
gboolean         orga_server_accept_invitation    (OrgaServer          *self,
                                                   const char          *user_id,
                                                   const char          *invitation_id,
                                                   const char          *code,
                                                   char               **organization_id,
                                                   char               **role,
                                                   GError             **error);

/* The HTML pages (orga-server-web.c): adds their handlers to @server. */
void             orga_server_web_register         (OrgaServer          *self,
                                                   SoupServer          *server);

G_END_DECLS
