/* orga-client.h: the client of the PixOrga server's API (docs/api.md)
 *
 * One OrgaClient talks to one server: its URL, and the bearer token once
 * signed in. Each endpoint is an `orga_client_*_async()` / `_finish()`
 * pair; the callback runs on the thread-default main context of the call
 * (the app's main loop; pixorga-cli iterates a private one). Requests
 * have timeouts (orga_client_set_timeout()). Use one client from one
 * thread.
 *
 * A refusal of the server is an ORGA_CLIENT_ERROR whose message is the
 * server's French sentence, to show as it is; the code is what callers
 * branch on. A server that cannot be reached is NETWORK ("Impossible de
 * joindre le serveur {url}.").
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include <json-glib/json-glib.h>

#include "orga-account.h"
#include "orga-invitation.h"
#include "orga-member.h"
#include "orga-space.h"
#include "orga-student-account.h"
#include "orga-team.h"

G_BEGIN_DECLS

#define ORGA_CLIENT_ERROR (orga_client_error_quark ())

/* The API's codes a client branches on; any other 4xx is REFUSED (its
 * message is still the server's), any 5xx SERVER. */
typedef enum
{
  ORGA_CLIENT_ERROR_NETWORK,                 /* no answer: DNS, refused, TLS, timeout */
  ORGA_CLIENT_ERROR_SERVER,                  /* 5xx, MAIL_FAILED included */
  ORGA_CLIENT_ERROR_PROTOCOL,                /* an answer that is not the API's */
  ORGA_CLIENT_ERROR_REFUSED,                 /* any other 4xx (form checks: INVALID_EMAIL, INVALID_PASSWORD…) */
  ORGA_CLIENT_ERROR_UNAUTHENTICATED,         /* 401 UNAUTHENTICATED: sign in again */
  ORGA_CLIENT_ERROR_INVALID_CREDENTIALS,     /* 401 INVALID_CREDENTIALS */
  ORGA_CLIENT_ERROR_TOO_MANY_ATTEMPTS,       /* 429 */
  ORGA_CLIENT_ERROR_FORBIDDEN,               /* 403 FORBIDDEN */
  ORGA_CLIENT_ERROR_NOT_A_MEMBER,            /* 403 NOT_A_MEMBER (also raised by clients, spec §1.3) */
  ORGA_CLIENT_ERROR_ORGA_TERMS_NOT_ACCEPTED, /* 403 */
  ORGA_CLIENT_ERROR_ORGANIZATION_ARCHIVED,   /* 403 */
  ORGA_CLIENT_ERROR_NOT_FOUND,               /* 404 NOT_FOUND */
  ORGA_CLIENT_ERROR_UAI_NOT_RECOGNIZED,      /* 404 */
  ORGA_CLIENT_ERROR_INVITATION_NOT_FOUND,    /* 404 */
  ORGA_CLIENT_ERROR_INVITATION_ACCEPTED,     /* 409 */
  ORGA_CLIENT_ERROR_INVITATION_CANCELLED,    /* 410 */
  ORGA_CLIENT_ERROR_EMAIL_TAKEN,             /* 409 */
  ORGA_CLIENT_ERROR_ALREADY_MEMBER,          /* 412 */
  ORGA_CLIENT_ERROR_LAST_ADMIN,              /* 422 */
  ORGA_CLIENT_ERROR_OWN_MEMBERSHIP,          /* 422 */
  ORGA_CLIENT_ERROR_SYNC_PROTOCOL,           /* 409 SYNC_PROTOCOL, or an answer of another protocol */
  ORGA_CLIENT_ERROR_SYNC_UNSUPPORTED,        /* 404 on a sync route: a server older than the sync */
} OrgaClientError;

GQuark      orga_client_error_quark          (void);
/* Whether @error is the server refusing by a rule (any 4xx, and
 * NOT_A_MEMBER raised by a client): `pixorga-cli` exits with 2 for these,
 * with 1 for NETWORK, SERVER and PROTOCOL. */
gboolean    orga_client_error_is_refusal     (const GError *error);
/* The API's code of @error ("LAST_ADMIN"), NULL when it is no
 * ORGA_CLIENT_ERROR or had none (NETWORK). */
const char *orga_client_error_get_api_code   (const GError *error);

/* What signing in (and GET /me) tells: the account, its spaces sorted by
 * "Name (UAI)" and the current one. */
typedef struct
{
  char        *token;                    /* NULL for GET /me; never print it */
  GDateTime   *expires_at;               /* nullable */
  OrgaAccount *account;
  GPtrArray   *spaces;                   /* (element-type OrgaSpace) */
  char        *current_organization_id;  /* nullable */
} OrgaClientSession;

#define ORGA_TYPE_CLIENT_SESSION (orga_client_session_get_type ())

GType              orga_client_session_get_type (void) G_GNUC_CONST;
OrgaClientSession *orga_client_session_copy     (const OrgaClientSession *self);
void               orga_client_session_free     (OrgaClientSession       *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (OrgaClientSession, orga_client_session_free)

#define ORGA_TYPE_CLIENT (orga_client_get_type ())

G_DECLARE_FINAL_TYPE (OrgaClient, orga_client, ORGA, CLIENT, GObject)

/* @server_url as typed; it is normalized (orga_server_url_normalize()).
 * NULL with ORGA_CLIENT_ERROR_REFUSED for something that is no http(s)
 * URL. */
OrgaClient *orga_client_new                  (const char   *server_url,
                                              GError      **error);
const char *orga_client_get_server_url       (OrgaClient   *self);
/* (nullable): the bearer token; set by a successful sign-in, cleared by
 * sign-out, or set from the token store. */
const char *orga_client_get_token            (OrgaClient   *self);
void        orga_client_set_token            (OrgaClient   *self,
                                              const char   *token);
/* Seconds before a request without an answer fails with NETWORK
 * (default 30). */
void        orga_client_set_timeout          (OrgaClient   *self,
                                              guint         seconds);

/* GET /health: whether the server answers as a PixOrga server. */
void        orga_client_health_async         (OrgaClient          *self,
                                              GCancellable        *cancellable,
                                              GAsyncReadyCallback  callback,
                                              gpointer             user_data);
gboolean    orga_client_health_finish        (OrgaClient          *self,
                                              GAsyncResult        *result,
                                              GError             **error);

/* POST /users. */
void        orga_client_sign_up_async        (OrgaClient          *self,
                                              const char          *email,
                                              const char          *password,
                                              const char          *first_name,
                                              const char          *last_name,
                                              gboolean             accept_terms,
                                              GCancellable        *cancellable,
                                              GAsyncReadyCallback  callback,
                                              gpointer             user_data);
OrgaAccount *orga_client_sign_up_finish      (OrgaClient          *self,
                                              GAsyncResult        *result,
                                              GError             **error);

/* POST /sessions; on success the client keeps the token. */
void        orga_client_sign_in_async        (OrgaClient          *self,
                                              const char          *email,
                                              const char          *password,
                                              GCancellable        *cancellable,
                                              GAsyncReadyCallback  callback,
                                              gpointer             user_data);
OrgaClientSession *orga_client_sign_in_finish (OrgaClient         *self,
                                              GAsyncResult        *result,
                                              GError             **error);

/* DELETE /sessions/current; the client forgets its token whatever the
 * answer. */
void        orga_client_sign_out_async       (OrgaClient          *self,
                                              GCancellable        *cancellable,
                                              GAsyncReadyCallback  callback,
                                              gpointer             user_data);
gboolean    orga_client_sign_out_finish      (OrgaClient          *self,
                                              GAsyncResult        *result,
                                              GError             **error);

/* GET /me (the session's token is NULL). */
void        orga_client_get_me_async         (OrgaClient          *self,
                                              GCancellable        *cancellable,
                                              GAsyncReadyCallback  callback,
                                              gpointer             user_data);
OrgaClientSession *orga_client_get_me_finish (OrgaClient          *self,
                                              GAsyncResult        *result,
                                              GError             **error);

/* POST /me/orga-terms. */
void        orga_client_accept_orga_terms_async  (OrgaClient          *self,
                                              GCancellable        *cancellable,
                                              GAsyncReadyCallback  callback,
                                              gpointer             user_data);
gboolean    orga_client_accept_orga_terms_finish (OrgaClient          *self,
                                              GAsyncResult        *result,
                                              GError             **error);

/* PUT /me/current-organization. */
void        orga_client_set_current_organization_async  (OrgaClient   *self,
                                              const char          *organization_id,
                                              GCancellable        *cancellable,
                                              GAsyncReadyCallback  callback,
                                              gpointer             user_data);
gboolean    orga_client_set_current_organization_finish (OrgaClient   *self,
                                              GAsyncResult        *result,
                                              GError             **error);

/* POST /password-resets. */
void        orga_client_request_password_reset_async  (OrgaClient     *self,
                                              const char          *email,
                                              GCancellable        *cancellable,
                                              GAsyncReadyCallback  callback,
                                              gpointer             user_data);
gboolean    orga_client_request_password_reset_finish (OrgaClient     *self,
                                              GAsyncResult        *result,
                                              GError             **error);

/* POST /organization-invitations/sco (spec §1.2); returns the server's
 * success message. */
void        orga_client_activate_async       (OrgaClient          *self,
                                              const char          *uai,
                                              const char          *first_name,
                                              const char          *last_name,
                                              GCancellable        *cancellable,
                                              GAsyncReadyCallback  callback,
                                              gpointer             user_data);
char       *orga_client_activate_finish      (OrgaClient          *self,
                                              GAsyncResult        *result,
                                              GError             **error);

/* GET /organization-invitations/{id}?code=: the space the invitation is
 * for (its role is NONE) and, in @status, where the invitation stands. */
void        orga_client_get_invitation_async (OrgaClient          *self,
                                              const char          *invitation_id,
                                              const char          *code,
                                              GCancellable        *cancellable,
                                              GAsyncReadyCallback  callback,
                                              gpointer             user_data);
OrgaSpace  *orga_client_get_invitation_finish (OrgaClient         *self,
                                              GAsyncResult        *result,
                                              OrgaInvitationStatus *status,
                                              GError             **error);

/* POST /organization-invitations/{id}/accept: the membership made. */
void        orga_client_accept_invitation_async  (OrgaClient      *self,
                                              const char          *invitation_id,
                                              const char          *code,
                                              GCancellable        *cancellable,
                                              GAsyncReadyCallback  callback,
                                              gpointer             user_data);
OrgaSpace  *orga_client_accept_invitation_finish (OrgaClient      *self,
                                              GAsyncResult        *result,
                                              GError             **error);

/* GET /organizations/{id}/team. */
void        orga_client_get_team_async       (OrgaClient          *self,
                                              const char          *organization_id,
                                              GCancellable        *cancellable,
                                              GAsyncReadyCallback  callback,
                                              gpointer             user_data);
OrgaTeam   *orga_client_get_team_finish      (OrgaClient          *self,
                                              GAsyncResult        *result,
                                              GError             **error);

/* POST /organizations/{id}/invitations: @emails is NULL-terminated (an
 * element may itself hold several addresses separated by commas);
 * @role NONE for the §1.4 default. Returns the server's message and, if
 * @invitations is not NULL, the invitations (element-type OrgaInvitation). */
void        orga_client_invite_async         (OrgaClient          *self,
                                              const char          *organization_id,
                                              const char * const  *emails,
                                              OrgaMemberRole       role,
                                              GCancellable        *cancellable,
                                              GAsyncReadyCallback  callback,
                                              gpointer             user_data);
char       *orga_client_invite_finish        (OrgaClient          *self,
                                              GAsyncResult        *result,
                                              GPtrArray          **invitations,
                                              GError             **error);

/* The following return the server's success message. */

/* POST /organizations/{id}/invitations/{inv}/resend. */
void        orga_client_resend_invitation_async  (OrgaClient      *self,
                                              const char          *organization_id,
                                              const char          *invitation_id,
                                              GCancellable        *cancellable,
                                              GAsyncReadyCallback  callback,
                                              gpointer             user_data);
char       *orga_client_resend_invitation_finish (OrgaClient      *self,
                                              GAsyncResult        *result,
                                              GError             **error);

/* DELETE /organizations/{id}/invitations/{inv}. */
void        orga_client_cancel_invitation_async  (OrgaClient      *self,
                                              const char          *organization_id,
                                              const char          *invitation_id,
                                              GCancellable        *cancellable,
                                              GAsyncReadyCallback  callback,
                                              gpointer             user_data);
char       *orga_client_cancel_invitation_finish (OrgaClient      *self,
                                              GAsyncResult        *result,
                                              GError             **error);

/* PATCH /organizations/{id}/members/{user}. */
void        orga_client_set_member_role_async  (OrgaClient        *self,
                                              const char          *organization_id,
                                              const char          *user_id,
                                              OrgaMemberRole       role,
                                              GCancellable        *cancellable,
                                              GAsyncReadyCallback  callback,
                                              gpointer             user_data);
char       *orga_client_set_member_role_finish (OrgaClient        *self,
                                              GAsyncResult        *result,
                                              GError             **error);

/* DELETE /organizations/{id}/members/{user}. */
void        orga_client_remove_member_async  (OrgaClient          *self,
                                              const char          *organization_id,
                                              const char          *user_id,
                                              GCancellable        *cancellable,
                                              GAsyncReadyCallback  callback,
                                              gpointer             user_data);
char       *orga_client_remove_member_finish (OrgaClient          *self,
                                              GAsyncResult        *result,
                                              GError             **error);

/* POST /organizations/{id}/leave. */
void        orga_client_leave_async          (OrgaClient          *self,
                                              const char          *organization_id,
                                              GCancellable        *cancellable,
                                              GAsyncReadyCallback  callback,
                                              gpointer             user_data);
char       *orga_client_leave_finish         (OrgaClient          *self,
                                              GAsyncResult        *result,
                                              GError             **error);

/* The students' accounts (spec §2.5), for any member of the space. */

/* GET /organizations/{id}/students/accounts: (element-type
 * OrgaStudentAccount) the students linked to an account. */
void        orga_client_get_student_accounts_async  (OrgaClient   *self,
                                              const char          *organization_id,
                                              GCancellable        *cancellable,
                                              GAsyncReadyCallback  callback,
                                              gpointer             user_data);
GPtrArray  *orga_client_get_student_accounts_finish (OrgaClient   *self,
                                              GAsyncResult        *result,
                                              GError             **error);

/* POST /organizations/{id}/students/{learner}/username: the username
 * made (§2.5 rule) and a one-time password; an account is made and linked
 * when the student has none. */
void        orga_client_add_student_username_async  (OrgaClient   *self,
                                              const char          *organization_id,
                                              const char          *learner_uuid,
                                              GCancellable        *cancellable,
                                              GAsyncReadyCallback  callback,
                                              gpointer             user_data);
OrgaStudentCredentials *orga_client_add_student_username_finish (OrgaClient *self,
                                              GAsyncResult        *result,
                                              GError             **error);

/* POST /organizations/{id}/students/{learner}/password-reset: a one-time
 * password, to change at the next sign-in (username NULL for an e-mail
 * account). */
void        orga_client_reset_student_password_async  (OrgaClient *self,
                                              const char          *organization_id,
                                              const char          *learner_uuid,
                                              GCancellable        *cancellable,
                                              GAsyncReadyCallback  callback,
                                              gpointer             user_data);
OrgaStudentCredentials *orga_client_reset_student_password_finish (OrgaClient *self,
                                              GAsyncResult        *result,
                                              GError             **error);

/* POST /organizations/{id}/students/password-reset {"learners":[…]}: all
 * or nothing; students without a username get one first. Returns
 * (element-type OrgaStudentCredentials) with class and names. The server
 * hashes a password per student before it answers: this request waits
 * up to 10 minutes, whatever orga_client_set_timeout() says. */
void        orga_client_reset_student_passwords_async  (OrgaClient *self,
                                              const char          *organization_id,
                                              const char * const  *learner_uuids,
                                              GCancellable        *cancellable,
                                              GAsyncReadyCallback  callback,
                                              gpointer             user_data);
GPtrArray  *orga_client_reset_student_passwords_finish (OrgaClient *self,
                                              GAsyncResult        *result,
                                              GError             **error);

/* The sync (docs/sync.md). Both return the answer's body as it came,
 * unparsed: a page may hold thousands of rows, and OrgaSync reads it in
 * a store job's thread with orga_client_sync_parse_answer(), not on the
 * main context. A refusal is an ORGA_CLIENT_ERROR as for every endpoint,
 * with two of its own: SYNC_PROTOCOL (the server speaks another version
 * of the protocol: its message) and SYNC_UNSUPPORTED (404: the server
 * has no sync routes, "Ce serveur ne sait pas encore synchroniser…"). */

/* POST /organizations/{id}/sync/push; @body is the push's JSON text
 * (orga_store_sync_build_push(), written in a thread: it may be MBs). */
void        orga_client_sync_push_async      (OrgaClient          *self,
                                              const char          *organization_id,
                                              GBytes              *body,
                                              GCancellable        *cancellable,
                                              GAsyncReadyCallback  callback,
                                              gpointer             user_data);
GBytes     *orga_client_sync_push_finish     (OrgaClient          *self,
                                              GAsyncResult        *result,
                                              GError             **error);

/* GET /organizations/{id}/sync/changes?protocol=…&after=@after[&limit=@limit];
 * @limit 0 for the server's default. */
void        orga_client_sync_changes_async   (OrgaClient          *self,
                                              const char          *organization_id,
                                              gint64               after,
                                              guint                limit,
                                              GCancellable        *cancellable,
                                              GAsyncReadyCallback  callback,
                                              gpointer             user_data);
GBytes     *orga_client_sync_changes_finish  (OrgaClient          *self,
                                              GAsyncResult        *result,
                                              GError             **error);
/* The same, and the cursor the page's ORGA_SYNC_NEXT_HEADER announces in
 * *@next_after: the `after` of the next page, or -1 when the header says
 * nothing (the last page, or a server without it). A hint only: the body
 * must say the same. */
GBytes     *orga_client_sync_changes_finish_with_next (OrgaClient     *self,
                                              GAsyncResult        *result,
                                              gint64              *next_after,
                                              GError             **error);

/* Reads the body of a sync answer: a JSON object of this build's
 * protocol (ORGA_SYNC_PROTOCOL). Any other protocol is SYNC_PROTOCOL
 * with the message of docs/sync.md from the desktop's side; what is no
 * JSON object is PROTOCOL. Thread-safe: it touches no client.
 * @server_url names the server in the messages. */
JsonNode   *orga_client_sync_parse_answer    (GBytes              *body,
                                              const char          *server_url,
                                              GError             **error);

/* An invitation link: the mailed "{server}/rejoindre?invitationId=…&code=…"
 * (http or https), or "pixorga://rejoindre?server=URL&invitationId=…&code=…".
 * Fills the server's URL (normalized), the id and the code; FALSE with
 * ORGA_CLIENT_ERROR_REFUSED and a French message for anything else. */
gboolean    orga_client_parse_invitation_link (const char         *link,
                                              char               **server_url,
                                              char               **invitation_id,
                                              char               **code,
                                              GError             **error);

G_END_DECLS
