/* orga-server-routes.h: what the JSON API's files share
 *
 * orga-server.c routes a request of /api/v1 to a handler of
 * orga-server-accounts.c, orga-server-team.c or orga-server-sync.c, after the checks its
 * route names (signed in, member, admin): every rule is applied here, on
 * every request, whatever the client. A handler answers once, through
 * orga_request_reply*(); one that waits (a password hash, a mail) pauses
 * the message with orga_request_pause() and answers later.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "orga-json-writer.h"
#include "orga-server-private.h"

G_BEGIN_DECLS

#define ORGA_SESSION_DAYS 30

typedef struct _OrgaRequest OrgaRequest;

struct _OrgaRequest
{
  /*< private >*/
  gatomicrefcount ref_count;
  gboolean paused;
  gboolean answered;

  /*< public, read-only >*/
  OrgaServer *server;
  OrgaServerDb *db;
  SoupServerMessage *msg;
  /* The body, when the route takes one: a JSON object. */
  JsonObject *body;
  /* The query's parameters (may be NULL). */
  GHashTable *query;
  /* The path's variable segments, in order. */
  char **params;
  /* Signed-in routes: the user. */
  char *user_id;
  /* Routes of /organizations/{org}: the space and the user's role. */
  char *org_id;
  char *org_name;
  char *org_uai;
  char *org_kind;
  gboolean org_archived;
  char *role;
  char *membership_id;
  /* The space's team version (schema 008), read by the access check. */
  gint64 team_version;
  /* On PostgreSQL, the rows a route's prefetch asked for, read in the
   * round trip of the access check (NULL otherwise): the handler takes
   * them, or queries itself when they are NULL. */
  OrgaServerRows *prefetched[2];
};

/* A route's reads that depend only on the path (req->params), sent with
 * the access check; into @queries (2 at most), returns how many. Read
 * before the access is known: only a handler that runs after it may use
 * them. */
typedef guint (*OrgaPrefetch) (OrgaRequest       *req,
                               OrgaServerDbQuery *queries);

OrgaRequest *orga_request_ref          (OrgaRequest   *req);
void         orga_request_unref        (OrgaRequest   *req);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (OrgaRequest, orga_request_unref)

/* Keeps @req (a reference) until the answer. */
void         orga_request_pause        (OrgaRequest   *req);
/* Takes @node. */
void         orga_request_reply_json   (OrgaRequest   *req,
                                        guint          status,
                                        JsonNode      *node);
/* Takes @json, written by an OrgaJsonWriter: the hot answers skip the
 * JsonNode tree. */
void         orga_request_reply_text   (OrgaRequest   *req,
                                        guint          status,
                                        GString       *json);
void         orga_request_reply_empty  (OrgaRequest   *req,
                                        guint          status);
/* Any error: ORGA_SERVER_ERROR's own answer, anything else logged and
 * answered 500 INTERNAL. */
void         orga_request_reply_error  (OrgaRequest   *req,
                                        const GError  *error);
void         orga_request_reply_code   (OrgaRequest   *req,
                                        OrgaServerError code,
                                        const char    *argument);

/* Reading the body. A member that is absent or null gives NULL/FALSE and
 * TRUE; a member of another type gives FALSE with MALFORMED_REQUEST. */
gboolean     orga_request_get_string   (OrgaRequest   *req,
                                        const char    *name,
                                        const char   **value,
                                        GError       **error);
gboolean     orga_request_get_boolean  (OrgaRequest   *req,
                                        const char    *name,
                                        gboolean      *value,
                                        GError       **error);

/* Time as the database keeps it: "2026-12-02T07:30:00.000Z". Both, and
 * orga_server_unix_now (Unix seconds), add the test clock's offset
 * (PIXORGA_SERVER_CLOCK_FILE, docs/server.md; tests only). */
char        *orga_server_now           (void);
char        *orga_server_time_after    (gint64         seconds);
gint64       orga_server_unix_now      (void);
/* SHA-256 of @text, lower-case hex. */
char        *orga_server_hash_token    (const char    *token);
/* 32 random bytes as 43 base64url characters. */
char        *orga_server_random_token  (void);
/* A db error as INTERNAL, logged without the data (the SQLSTATE of a
 * constraint may quote a value). */
void         orga_server_log_db_error  (const char    *what,
                                        const GError  *error);

/* Writes @message into mail_outbox inside the caller's transaction;
 * returns the row's id. */
char        *orga_server_queue_mail    (OrgaServer    *self,
                                        const char    *recipient,
                                        const char    *subject,
                                        const char    *text,
                                        const char    *html,
                                        GError       **error);
/* After the commit: delivers the rows of @ids (element-type utf8); fails
 * with MAIL_FAILED naming the first address that failed, the row kept
 * for a later attempt. */
void         orga_server_deliver_mail_async  (OrgaServer          *self,
                                              GPtrArray           *ids,
                                              GAsyncReadyCallback  callback,
                                              gpointer             user_data);
gboolean     orga_server_deliver_mail_finish (OrgaServer          *self,
                                              GAsyncResult        *result,
                                              GError             **error);

/* Delivers again what a failure or a crash left in mail_outbox (after a
 * minute, then with a growing delay, 5 attempts at most). */
void         orga_server_retry_mail    (OrgaServer    *self,
                                        guint          base_s);

/* JSON of docs/api.md's objects. */
void         orga_server_build_organization (OrgaJsonWriter *writer,
                                             const char    *id,
                                             const char    *uai,
                                             const char    *name,
                                             const char    *kind,
                                             gboolean       archived);
/* {"user", "memberships", "current_organization_id"} members, into an
 * object being built. */
gboolean     orga_server_build_me      (OrgaServer    *self,
                                        OrgaJsonWriter *writer,
                                        const char    *user_id,
                                        GError       **error);
void         orga_server_add_string    (JsonBuilder   *builder,
                                        const char    *name,
                                        const char    *value);
/* {"message": @message} */
JsonNode    *orga_server_message_node  (const char    *message);
/* Text for HTML. */
char        *orga_server_escape_html   (const char    *text);

/* The handlers. */
void orga_server_handle_sign_up            (OrgaRequest *req);
void orga_server_handle_sign_in            (OrgaRequest *req);
void orga_server_handle_sign_out           (OrgaRequest *req);
void orga_server_handle_me                 (OrgaRequest *req);
void orga_server_handle_orga_terms         (OrgaRequest *req);
void orga_server_handle_current_org        (OrgaRequest *req);
void orga_server_handle_password_reset     (OrgaRequest *req);
void orga_server_handle_password_confirm   (OrgaRequest *req);

void orga_server_handle_activate           (OrgaRequest *req);
void orga_server_handle_get_invitation     (OrgaRequest *req);
void orga_server_handle_accept_invitation  (OrgaRequest *req);
void orga_server_handle_team               (OrgaRequest *req);
guint orga_server_team_prefetch            (OrgaRequest       *req,
                                            OrgaServerDbQuery *queries);
void orga_server_handle_invite             (OrgaRequest *req);
void orga_server_handle_resend             (OrgaRequest *req);
void orga_server_handle_cancel_invitation  (OrgaRequest *req);
void orga_server_handle_change_role        (OrgaRequest *req);
void orga_server_handle_remove_member      (OrgaRequest *req);
void orga_server_handle_leave              (OrgaRequest *req);

void orga_server_handle_sync_push          (OrgaRequest *req);
void orga_server_handle_sync_changes       (OrgaRequest *req);

void orga_server_handle_student_accounts   (OrgaRequest *req);
void orga_server_handle_student_username   (OrgaRequest *req);
void orga_server_handle_student_reset      (OrgaRequest *req);
void orga_server_handle_students_reset     (OrgaRequest *req);

G_END_DECLS
