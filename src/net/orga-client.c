/* orga-client.c: the client of the PixOrga server's API
 *
 * One SoupSession per client. Every endpoint goes through send_request():
 * the JSON body out, the answer read whole (small: the API's bodies are
 * objects of a few KiB), then either the endpoint's parser or the API's
 * error object turned into an ORGA_CLIENT_ERROR carrying the server's
 * French message.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "orga-client"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <libsoup/soup.h>

#include "orga-client.h"
#include "orga-json-team.h"
#include "orga-sync-wire.h"

/* Answers beyond this are no API answer: refused unread. */
#define MAX_ANSWER_SIZE (16 * 1024 * 1024)
/* A pull page of ORGA_SYNC_PAGE_MAX rows, with participations' results,
 * may be larger than any other answer. */
#define MAX_SYNC_ANSWER_SIZE (128 * 1024 * 1024)
#define DEFAULT_TIMEOUT 30
/* A bulk reset of the students' passwords hashes one password per
 * student (argon2id) before it answers: a whole year group on a small
 * server takes far longer than any other request. */
#define SLOW_TIMEOUT 600

struct _OrgaClient
{
  GObject      parent_instance;

  SoupSession *session;
  SoupSession *slow_session;  /* SLOW_TIMEOUT, made when first needed */
  char        *server_url;
  char        *token;
};

G_DEFINE_FINAL_TYPE (OrgaClient, orga_client, G_TYPE_OBJECT)

G_DEFINE_QUARK (orga-client-error-quark, orga_client_error)

G_DEFINE_BOXED_TYPE (OrgaClientSession, orga_client_session, orga_client_session_copy, orga_client_session_free)

/* ---- errors ----------------------------------------------------------- */

static const struct {
  const char      *code;
  OrgaClientError  error;
} api_codes[] = {
  { "UNAUTHENTICATED", ORGA_CLIENT_ERROR_UNAUTHENTICATED },
  { "INVALID_CREDENTIALS", ORGA_CLIENT_ERROR_INVALID_CREDENTIALS },
  { "TOO_MANY_ATTEMPTS", ORGA_CLIENT_ERROR_TOO_MANY_ATTEMPTS },
  { "FORBIDDEN", ORGA_CLIENT_ERROR_FORBIDDEN },
  { "NOT_A_MEMBER", ORGA_CLIENT_ERROR_NOT_A_MEMBER },
  { "ORGA_TERMS_NOT_ACCEPTED", ORGA_CLIENT_ERROR_ORGA_TERMS_NOT_ACCEPTED },
  { "ORGANIZATION_ARCHIVED", ORGA_CLIENT_ERROR_ORGANIZATION_ARCHIVED },
  { "NOT_FOUND", ORGA_CLIENT_ERROR_NOT_FOUND },
  { "UAI_NOT_RECOGNIZED", ORGA_CLIENT_ERROR_UAI_NOT_RECOGNIZED },
  { "INVITATION_NOT_FOUND", ORGA_CLIENT_ERROR_INVITATION_NOT_FOUND },
  { "INVITATION_ACCEPTED", ORGA_CLIENT_ERROR_INVITATION_ACCEPTED },
  { "INVITATION_CANCELLED", ORGA_CLIENT_ERROR_INVITATION_CANCELLED },
  { "EMAIL_TAKEN", ORGA_CLIENT_ERROR_EMAIL_TAKEN },
  { "ALREADY_MEMBER", ORGA_CLIENT_ERROR_ALREADY_MEMBER },
  { "LAST_ADMIN", ORGA_CLIENT_ERROR_LAST_ADMIN },
  { "OWN_MEMBERSHIP", ORGA_CLIENT_ERROR_OWN_MEMBERSHIP },
  { "SYNC_PROTOCOL", ORGA_CLIENT_ERROR_SYNC_PROTOCOL },
};

gboolean
orga_client_error_is_refusal (const GError *error)
{
  return error != NULL &&
         error->domain == ORGA_CLIENT_ERROR &&
         error->code != ORGA_CLIENT_ERROR_NETWORK &&
         error->code != ORGA_CLIENT_ERROR_SERVER &&
         error->code != ORGA_CLIENT_ERROR_PROTOCOL;
}

const char *
orga_client_error_get_api_code (const GError *error)
{
  if (error == NULL || error->domain != ORGA_CLIENT_ERROR)
    return NULL;

  for (guint i = 0; i < G_N_ELEMENTS (api_codes); i++)
    if ((int)api_codes[i].error == error->code)
      return api_codes[i].code;

  return NULL;
}

/* ---- session ---------------------------------------------------------- */

OrgaClientSession *
orga_client_session_copy (const OrgaClientSession *self)
{
  OrgaClientSession *copy;

  g_return_val_if_fail (self != NULL, NULL);

  copy = g_new0 (OrgaClientSession, 1);
  copy->token = g_strdup (self->token);
  copy->expires_at = self->expires_at != NULL ? g_date_time_ref (self->expires_at) : NULL;
  copy->account = self->account != NULL ? g_object_ref (self->account) : NULL;
  copy->spaces = self->spaces != NULL ? g_ptr_array_ref (self->spaces) : NULL;
  copy->current_organization_id = g_strdup (self->current_organization_id);
  return copy;
}

void
orga_client_session_free (OrgaClientSession *self)
{
  if (self == NULL)
    return;

  /* The token is a password: no copy of it lingers in freed memory. */
  if (self->token != NULL)
    memset (self->token, 0, strlen (self->token));
  g_free (self->token);
  g_clear_pointer (&self->expires_at, g_date_time_unref);
  g_clear_object (&self->account);
  g_clear_pointer (&self->spaces, g_ptr_array_unref);
  g_free (self->current_organization_id);
  g_free (self);
}

/* ---- the object ------------------------------------------------------- */

static void
orga_client_finalize (GObject *object)
{
  OrgaClient *self = (OrgaClient *)object;

  g_clear_object (&self->session);
  g_clear_object (&self->slow_session);
  g_free (self->server_url);
  orga_client_set_token (self, NULL);

  G_OBJECT_CLASS (orga_client_parent_class)->finalize (object);
}

static void
orga_client_class_init (OrgaClientClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = orga_client_finalize;
}

static void
orga_client_init (OrgaClient *self)
{
  self->session = soup_session_new_with_options ("user-agent", "PixOrga/" PACKAGE_VERSION,
                                                 "timeout", DEFAULT_TIMEOUT,
                                                 "idle-timeout", 60,
                                                 NULL);
}

OrgaClient *
orga_client_new (const char  *server_url,
                 GError     **error)
{
  g_autofree char *url = orga_server_url_normalize (server_url);
  OrgaClient *self;

  if (url == NULL)
    {
      g_set_error (error, ORGA_CLIENT_ERROR, ORGA_CLIENT_ERROR_REFUSED,
                   _("“%s” is not the address of a server (http:// or https://)."),
                   server_url != NULL ? server_url : "");
      return NULL;
    }

  self = g_object_new (ORGA_TYPE_CLIENT, NULL);
  self->server_url = g_steal_pointer (&url);
  return self;
}

const char *
orga_client_get_server_url (OrgaClient *self)
{
  g_return_val_if_fail (ORGA_IS_CLIENT (self), NULL);
  return self->server_url;
}

const char *
orga_client_get_token (OrgaClient *self)
{
  g_return_val_if_fail (ORGA_IS_CLIENT (self), NULL);
  return self->token;
}

void
orga_client_set_token (OrgaClient *self,
                       const char *token)
{
  g_return_if_fail (ORGA_IS_CLIENT (self));

  if (self->token != NULL)
    memset (self->token, 0, strlen (self->token));
  g_free (self->token);
  self->token = token != NULL && *token != '\0' ? g_strdup (token) : NULL;
}

void
orga_client_set_timeout (OrgaClient *self,
                         guint       seconds)
{
  g_return_if_fail (ORGA_IS_CLIENT (self));
  soup_session_set_timeout (self->session, seconds);
}

/* ---- requests --------------------------------------------------------- */

/* Turns the answer's JSON (NULL for an empty body) into the result of
 * the endpoint; sets @destroy for it. */
typedef gpointer (*ParseFunc) (OrgaClient      *self,
                               JsonNode        *root,
                               GDestroyNotify  *destroy,
                               GError         **error);

typedef struct
{
  SoupMessage  *message;
  ParseFunc     parse;     /* NULL: a sync answer, returned as GBytes unparsed */
  gsize         max_size;  /* of the answer */
  GInputStream *body;      /* the answer, being read */
  GByteArray   *data;      /* what was read of it */
} Request;

static void
request_free (Request *request)
{
  g_clear_object (&request->message);
  g_clear_object (&request->body);
  g_clear_pointer (&request->data, g_byte_array_unref);
  g_free (request);
}

static void
set_network_error (OrgaClient  *self,
                   GError     **error)
{
  g_set_error (error, ORGA_CLIENT_ERROR, ORGA_CLIENT_ERROR_NETWORK,
               _("Could not reach the server %s."), self->server_url);
}

static void
set_protocol_error (OrgaClient  *self,
                    GError     **error)
{
  g_set_error (error, ORGA_CLIENT_ERROR, ORGA_CLIENT_ERROR_PROTOCOL,
               _("The server %s did not answer as a PixOrga server."), self->server_url);
}

/* The API's {"error": {"code", "message"}}, or what the status alone says. */
static void
set_api_error (OrgaClient  *self,
               guint        status,
               JsonNode    *root,
               GError     **error)
{
  const char *code = NULL;
  const char *message = NULL;
  OrgaClientError domain_code;

  if (root != NULL && JSON_NODE_HOLDS_OBJECT (root))
    {
      JsonObject *object = json_node_get_object (root);
      JsonNode *node = json_object_get_member (object, "error");

      if (node != NULL && JSON_NODE_HOLDS_OBJECT (node))
        {
          JsonObject *e = json_node_get_object (node);

          if (json_object_has_member (e, "code") && JSON_NODE_HOLDS_VALUE (json_object_get_member (e, "code")))
            code = json_object_get_string_member (e, "code");
          if (json_object_has_member (e, "message") && JSON_NODE_HOLDS_VALUE (json_object_get_member (e, "message")))
            message = json_object_get_string_member (e, "message");
        }
    }

  if (status >= 500)
    domain_code = ORGA_CLIENT_ERROR_SERVER;
  else if (status >= 400)
    domain_code = ORGA_CLIENT_ERROR_REFUSED;
  else
    domain_code = ORGA_CLIENT_ERROR_PROTOCOL;

  if (domain_code == ORGA_CLIENT_ERROR_REFUSED && code != NULL)
    for (guint i = 0; i < G_N_ELEMENTS (api_codes); i++)
      if (g_str_equal (api_codes[i].code, code))
        domain_code = api_codes[i].error;

  if (message == NULL || *message == '\0' || !g_utf8_validate (message, -1, NULL))
    {
      if (domain_code == ORGA_CLIENT_ERROR_PROTOCOL ||
          (status == SOUP_STATUS_NOT_FOUND && code == NULL))
        {
          /* A 404 without the API's body is no PixOrga server there. */
          set_protocol_error (self, error);
          return;
        }
      if (domain_code == ORGA_CLIENT_ERROR_SERVER)
        g_set_error (error, ORGA_CLIENT_ERROR, domain_code,
                     _("The server %s failed (HTTP %u). Try again later."), self->server_url, status);
      else
        g_set_error (error, ORGA_CLIENT_ERROR, domain_code,
                     _("The server %s refused the request (HTTP %u)."), self->server_url, status);
      return;
    }

  g_set_error_literal (error, ORGA_CLIENT_ERROR, domain_code, message);
}

/* The whole answer is read: what the status and the body say. */
static void
request_answered (GTask *task)
{
  OrgaClient *self = g_task_get_source_object (task);
  Request *request = g_task_get_task_data (task);
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GError) error = NULL;
  GDestroyNotify destroy = NULL;
  gpointer value;
  guint status = soup_message_get_status (request->message);

  /* A sync answer is read in a store job's thread, not here. */
  if (request->parse == NULL && SOUP_STATUS_IS_SUCCESSFUL (status))
    {
      g_task_return_pointer (task, g_byte_array_free_to_bytes (g_steal_pointer (&request->data)),
                             (GDestroyNotify) g_bytes_unref);
      return;
    }

  if (request->data->len > 0)
    {
      root = orga_json_parse ((const char *) request->data->data, request->data->len, NULL);
      if (root == NULL && SOUP_STATUS_IS_SUCCESSFUL (status))
        {
          set_protocol_error (self, &error);
          g_task_return_error (task, g_steal_pointer (&error));
          return;
        }
    }

  if (!SOUP_STATUS_IS_SUCCESSFUL (status))
    {
      /* A server of before the sync has no such route. (A space that
       * is not the account's is a 404 too: OrgaSync tells them apart.) */
      if (request->parse == NULL && status == SOUP_STATUS_NOT_FOUND)
        g_set_error_literal (&error, ORGA_CLIENT_ERROR, ORGA_CLIENT_ERROR_SYNC_UNSUPPORTED,
                             _("This server cannot synchronise yet: update it."));
      else
        set_api_error (self, status, root, &error);
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  value = request->parse (self, root, &destroy, &error);
  if (value == NULL)
    {
      if (error == NULL)
        set_protocol_error (self, &error);
      else if (error->domain == ORGA_JSON_ERROR)
        {
          g_debug ("%s: %s", self->server_url, error->message);
          g_clear_error (&error);
          set_protocol_error (self, &error);
        }
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  g_task_return_pointer (task, value, destroy);
}

/* A failure on the way: cancelled as such, anything else NETWORK. */
static void
request_failed (GTask  *task,
                GError *error)
{
  OrgaClient *self = g_task_get_source_object (task);
  g_autoptr(GError) network = NULL;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_task_return_error (task, error);
      return;
    }

  g_debug ("%s: %s", self->server_url, error->message);
  g_error_free (error);
  set_network_error (self, &network);
  g_task_return_error (task, g_steal_pointer (&network));
}

static void body_read_cb (GObject      *source,
                          GAsyncResult *result,
                          gpointer      user_data);

static void
read_more (GTask *task)
{
  Request *request = g_task_get_task_data (task);
  GCancellable *cancellable = g_task_get_cancellable (task);

  g_input_stream_read_bytes_async (request->body, 64 * 1024, G_PRIORITY_DEFAULT,
                                   cancellable, body_read_cb, task);
}

/* The body is read in chunks and refused beyond MAX_ANSWER_SIZE: a
 * server (or what answers in its place) cannot make the client hold
 * more. */
static void
body_read_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Request *request = g_task_get_task_data (task);
  g_autoptr(GBytes) chunk = NULL;
  GError *error = NULL;

  chunk = g_input_stream_read_bytes_finish (G_INPUT_STREAM (source), result, &error);
  if (chunk == NULL)
    {
      g_clear_object (&request->body);
      request_failed (task, error);
      return;
    }

  /* The stream goes as soon as it is read: while it lives, its
   * connection is not given back to the session, which opens only a few
   * per server (callers may keep their results for long). */
  if (g_bytes_get_size (chunk) == 0)
    {
      g_clear_object (&request->body);
      request_answered (task);
      return;
    }

  if (request->data->len + g_bytes_get_size (chunk) > request->max_size)
    {
      OrgaClient *self = g_task_get_source_object (task);

      g_clear_object (&request->body);
      set_protocol_error (self, &error);
      g_task_return_error (task, error);
      return;
    }

  g_byte_array_append (request->data, g_bytes_get_data (chunk, NULL), g_bytes_get_size (chunk));
  read_more (g_steal_pointer (&task));
}

static void
request_sent_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Request *request = g_task_get_task_data (task);
  GError *error = NULL;

  request->body = soup_session_send_finish (SOUP_SESSION (source), result, &error);
  if (request->body == NULL)
    {
      request_failed (task, error);
      return;
    }

  request->data = g_byte_array_new ();
  read_more (g_steal_pointer (&task));
}

static char *
escape (const char *segment)
{
  return g_uri_escape_string (segment != NULL ? segment : "", NULL, FALSE);
}

/* @path is below /api/v1, already escaped; @body may be NULL; @parse
 * NULL for a sync answer, returned unparsed. */
static void
send_bytes_on (OrgaClient          *self,
               SoupSession         *session,
               const char          *method,
               const char          *path,
               GBytes              *body,
               ParseFunc            parse,
               gpointer             source_tag,
               GCancellable        *cancellable,
               GAsyncReadyCallback  callback,
               gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);
  g_autofree char *url = g_strconcat (self->server_url, "/api/v1", path, NULL);
  Request *request = g_new0 (Request, 1);
  SoupMessageHeaders *headers;

  g_task_set_source_tag (task, source_tag);
  g_task_set_task_data (task, request, (GDestroyNotify) request_free);
  request->parse = parse;
  request->max_size = parse != NULL ? MAX_ANSWER_SIZE : MAX_SYNC_ANSWER_SIZE;
  request->message = soup_message_new (method, url);
  if (request->message == NULL)
    {
      g_task_return_new_error (task, ORGA_CLIENT_ERROR, ORGA_CLIENT_ERROR_REFUSED,
                               _("“%s” is not the address of a server (http:// or https://)."), url);
      return;
    }

  headers = soup_message_get_request_headers (request->message);
  soup_message_headers_replace (headers, "Accept", "application/json");
  if (self->token != NULL)
    {
      g_autofree char *authorization = g_strconcat ("Bearer ", self->token, NULL);

      soup_message_headers_replace (headers, "Authorization", authorization);
      memset (authorization, 0, strlen (authorization));
    }
  if (body != NULL)
    soup_message_set_request_body_from_bytes (request->message, "application/json", body);

  soup_session_send_async (session, request->message, G_PRIORITY_DEFAULT,
                           cancellable, request_sent_cb, g_steal_pointer (&task));
}

static void
send_bytes (OrgaClient          *self,
            const char          *method,
            const char          *path,
            GBytes              *body,
            ParseFunc            parse,
            gpointer             source_tag,
            GCancellable        *cancellable,
            GAsyncReadyCallback  callback,
            gpointer             user_data)
{
  send_bytes_on (self, self->session, method, path, body, parse, source_tag, cancellable, callback, user_data);
}

static void
send_request (OrgaClient          *self,
              const char          *method,
              const char          *path,
              JsonNode            *body,
              ParseFunc            parse,
              gpointer             source_tag,
              GCancellable        *cancellable,
              GAsyncReadyCallback  callback,
              gpointer             user_data)
{
  g_autoptr(GBytes) bytes = NULL;

  if (body != NULL)
    {
      g_autofree char *text = orga_json_to_data (body, FALSE);
      gsize length = strlen (text);

      bytes = g_bytes_new_take (g_steal_pointer (&text), length);
    }
  send_bytes (self, method, path, bytes, parse, source_tag, cancellable, callback, user_data);
}

static gpointer
finish_pointer (OrgaClient    *self,
                GAsyncResult  *result,
                gpointer       source_tag,
                GError       **error)
{
  g_return_val_if_fail (ORGA_IS_CLIENT (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == source_tag, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* ---- parsers ---------------------------------------------------------- */

static JsonNode *
member_of (JsonNode   *root,
           const char *name)
{
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    return NULL;
  return json_object_get_member (json_node_get_object (root), name);
}

static const char *
string_of (JsonNode   *root,
           const char *name)
{
  JsonNode *node = member_of (root, name);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

/* For the endpoints whose success says nothing more. */
static gpointer
parse_nothing (OrgaClient      *self,
               JsonNode        *root,
               GDestroyNotify  *destroy,
               GError         **error)
{
  return GINT_TO_POINTER (TRUE);
}

static gpointer
parse_health (OrgaClient      *self,
              JsonNode        *root,
              GDestroyNotify  *destroy,
              GError         **error)
{
  return g_strcmp0 (string_of (root, "status"), "ok") == 0 ? GINT_TO_POINTER (TRUE) : NULL;
}

static gpointer
parse_message (OrgaClient      *self,
               JsonNode        *root,
               GDestroyNotify  *destroy,
               GError         **error)
{
  const char *message = string_of (root, "message");

  *destroy = g_free;
  return g_strdup (message != NULL ? message : "");
}

static gpointer
parse_user (OrgaClient      *self,
            JsonNode        *root,
            GDestroyNotify  *destroy,
            GError         **error)
{
  *destroy = g_object_unref;
  return orga_json_account_from_node (member_of (root, "user"), self->server_url, error);
}

static OrgaClientSession *
session_from_node (OrgaClient  *self,
                   JsonNode    *root,
                   gboolean     with_token,
                   GError     **error)
{
  g_autoptr(OrgaClientSession) session = g_new0 (OrgaClientSession, 1);
  const char *token = string_of (root, "token");
  const char *expires_at = string_of (root, "expires_at");

  if (with_token && (token == NULL || *token == '\0'))
    return NULL;

  session->token = g_strdup (token);
  if (expires_at != NULL)
    {
      g_autoptr(GTimeZone) utc = g_time_zone_new_utc ();
      session->expires_at = g_date_time_new_from_iso8601 (expires_at, utc);
    }
  session->account = orga_json_account_from_node (member_of (root, "user"), self->server_url, error);
  if (session->account == NULL)
    return NULL;
  session->spaces = orga_json_spaces_from_node (member_of (root, "memberships"), error);
  if (session->spaces == NULL)
    return NULL;
  session->current_organization_id = g_strdup (string_of (root, "current_organization_id"));

  return g_steal_pointer (&session);
}

static gpointer
parse_sign_in (OrgaClient      *self,
               JsonNode        *root,
               GDestroyNotify  *destroy,
               GError         **error)
{
  OrgaClientSession *session = session_from_node (self, root, TRUE, error);

  if (session != NULL)
    orga_client_set_token (self, session->token);
  *destroy = (GDestroyNotify) orga_client_session_free;
  return session;
}

static gpointer
parse_me (OrgaClient      *self,
          JsonNode        *root,
          GDestroyNotify  *destroy,
          GError         **error)
{
  *destroy = (GDestroyNotify) orga_client_session_free;
  return session_from_node (self, root, FALSE, error);
}

static gpointer
parse_membership (OrgaClient      *self,
                  JsonNode        *root,
                  GDestroyNotify  *destroy,
                  GError         **error)
{
  *destroy = g_object_unref;
  return orga_json_space_from_node (member_of (root, "membership"), error);
}

static gpointer
parse_team (OrgaClient      *self,
            JsonNode        *root,
            GDestroyNotify  *destroy,
            GError         **error)
{
  *destroy = g_object_unref;
  return orga_json_team_from_node (root, error);
}

typedef struct
{
  OrgaSpace            *space;
  OrgaInvitationStatus  status;
} InvitationInfo;

static void
invitation_info_free (InvitationInfo *info)
{
  g_clear_object (&info->space);
  g_free (info);
}

static gpointer
parse_invitation_info (OrgaClient      *self,
                       JsonNode        *root,
                       GDestroyNotify  *destroy,
                       GError         **error)
{
  JsonNode *invitation = member_of (root, "invitation");
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) membership = NULL;
  InvitationInfo *info;
  OrgaInvitationStatus status;

  if (!orga_invitation_status_from_string (string_of (invitation, "status"), &status) ||
      member_of (invitation, "organization") == NULL)
    return NULL;

  /* The organization read as a membership with no role. */
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "organization");
  json_builder_add_value (builder, json_node_copy (member_of (invitation, "organization")));
  json_builder_set_member_name (builder, "role");
  json_builder_add_string_value (builder, "MEMBER");
  json_builder_end_object (builder);
  membership = json_builder_get_root (builder);

  info = g_new0 (InvitationInfo, 1);
  info->status = status;
  info->space = orga_json_space_from_node (membership, error);
  if (info->space == NULL)
    {
      invitation_info_free (info);
      return NULL;
    }
  {
    /* Nobody's role yet: rebuild it with NONE. */
    OrgaSpace *s = info->space;
    info->space = orga_space_new (orga_space_get_id (s), orga_space_get_uai (s), orga_space_get_name (s),
                                  orga_space_get_kind (s), orga_space_get_archived (s), ORGA_MEMBER_ROLE_NONE);
    g_object_unref (s);
  }

  *destroy = (GDestroyNotify) invitation_info_free;
  return info;
}

typedef struct
{
  char      *message;
  GPtrArray *invitations;
} InviteResult;

static void
invite_result_free (InviteResult *result)
{
  g_free (result->message);
  g_clear_pointer (&result->invitations, g_ptr_array_unref);
  g_free (result);
}

static gpointer
parse_invite (OrgaClient      *self,
              JsonNode        *root,
              GDestroyNotify  *destroy,
              GError         **error)
{
  JsonNode *list = member_of (root, "invitations");
  InviteResult *result;

  if (list == NULL || !JSON_NODE_HOLDS_ARRAY (list))
    return NULL;

  result = g_new0 (InviteResult, 1);
  result->message = g_strdup (string_of (root, "message") != NULL ? string_of (root, "message") : "");
  result->invitations = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < json_array_get_length (json_node_get_array (list)); i++)
    {
      OrgaInvitation *invitation = orga_json_invitation_from_node (json_array_get_element (json_node_get_array (list), i), error);

      if (invitation == NULL)
        {
          invite_result_free (result);
          return NULL;
        }
      g_ptr_array_add (result->invitations, invitation);
    }

  *destroy = (GDestroyNotify) invite_result_free;
  return result;
}

/* ---- bodies ----------------------------------------------------------- */

/* An object of string members: NULL-terminated name, value pairs. */
static JsonNode *
object_of_strings (const char *first_name,
                   ...)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  const char *name = first_name;
  va_list args;

  va_start (args, first_name);
  json_builder_begin_object (builder);
  while (name != NULL)
    {
      const char *value = va_arg (args, const char *);

      json_builder_set_member_name (builder, name);
      if (value != NULL)
        json_builder_add_string_value (builder, value);
      else
        json_builder_add_null_value (builder);
      name = va_arg (args, const char *);
    }
  json_builder_end_object (builder);
  va_end (args);

  return json_builder_get_root (builder);
}

/* ---- endpoints -------------------------------------------------------- */

void
orga_client_health_async (OrgaClient          *self,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  g_return_if_fail (ORGA_IS_CLIENT (self));
  send_request (self, "GET", "/health", NULL, parse_health, orga_client_health_async,
                cancellable, callback, user_data);
}

gboolean
orga_client_health_finish (OrgaClient    *self,
                           GAsyncResult  *result,
                           GError       **error)
{
  return finish_pointer (self, result, orga_client_health_async, error) != NULL;
}

void
orga_client_sign_up_async (OrgaClient          *self,
                           const char          *email,
                           const char          *password,
                           const char          *first_name,
                           const char          *last_name,
                           gboolean             accept_terms,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  g_autoptr(JsonNode) body = object_of_strings ("first_name", first_name, "last_name", last_name,
                                                "email", email, "password", password, NULL);

  g_return_if_fail (ORGA_IS_CLIENT (self));

  json_object_set_boolean_member (json_node_get_object (body), "accept_terms", accept_terms);
  send_request (self, "POST", "/users", body, parse_user, orga_client_sign_up_async,
                cancellable, callback, user_data);
}

OrgaAccount *
orga_client_sign_up_finish (OrgaClient    *self,
                            GAsyncResult  *result,
                            GError       **error)
{
  return finish_pointer (self, result, orga_client_sign_up_async, error);
}

void
orga_client_sign_in_async (OrgaClient          *self,
                           const char          *email,
                           const char          *password,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  g_autoptr(JsonNode) body = object_of_strings ("email", email, "password", password, NULL);

  g_return_if_fail (ORGA_IS_CLIENT (self));
  send_request (self, "POST", "/sessions", body, parse_sign_in, orga_client_sign_in_async,
                cancellable, callback, user_data);
}

OrgaClientSession *
orga_client_sign_in_finish (OrgaClient    *self,
                            GAsyncResult  *result,
                            GError       **error)
{
  return finish_pointer (self, result, orga_client_sign_in_async, error);
}

void
orga_client_sign_out_async (OrgaClient          *self,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  g_return_if_fail (ORGA_IS_CLIENT (self));
  send_request (self, "DELETE", "/sessions/current", NULL, parse_nothing, orga_client_sign_out_async,
                cancellable, callback, user_data);
  /* The request carries the token already; whatever the answer, this
   * client no longer has one. */
  orga_client_set_token (self, NULL);
}

gboolean
orga_client_sign_out_finish (OrgaClient    *self,
                             GAsyncResult  *result,
                             GError       **error)
{
  return finish_pointer (self, result, orga_client_sign_out_async, error) != NULL;
}

void
orga_client_get_me_async (OrgaClient          *self,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  g_return_if_fail (ORGA_IS_CLIENT (self));
  send_request (self, "GET", "/me", NULL, parse_me, orga_client_get_me_async,
                cancellable, callback, user_data);
}

OrgaClientSession *
orga_client_get_me_finish (OrgaClient    *self,
                           GAsyncResult  *result,
                           GError       **error)
{
  return finish_pointer (self, result, orga_client_get_me_async, error);
}

void
orga_client_accept_orga_terms_async (OrgaClient          *self,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data)
{
  g_return_if_fail (ORGA_IS_CLIENT (self));
  send_request (self, "POST", "/me/orga-terms", NULL, parse_nothing, orga_client_accept_orga_terms_async,
                cancellable, callback, user_data);
}

gboolean
orga_client_accept_orga_terms_finish (OrgaClient    *self,
                                      GAsyncResult  *result,
                                      GError       **error)
{
  return finish_pointer (self, result, orga_client_accept_orga_terms_async, error) != NULL;
}

void
orga_client_set_current_organization_async (OrgaClient          *self,
                                            const char          *organization_id,
                                            GCancellable        *cancellable,
                                            GAsyncReadyCallback  callback,
                                            gpointer             user_data)
{
  g_autoptr(JsonNode) body = object_of_strings ("organization_id", organization_id, NULL);

  g_return_if_fail (ORGA_IS_CLIENT (self));
  send_request (self, "PUT", "/me/current-organization", body, parse_nothing,
                orga_client_set_current_organization_async, cancellable, callback, user_data);
}

gboolean
orga_client_set_current_organization_finish (OrgaClient    *self,
                                             GAsyncResult  *result,
                                             GError       **error)
{
  return finish_pointer (self, result, orga_client_set_current_organization_async, error) != NULL;
}

void
orga_client_request_password_reset_async (OrgaClient          *self,
                                          const char          *email,
                                          GCancellable        *cancellable,
                                          GAsyncReadyCallback  callback,
                                          gpointer             user_data)
{
  g_autoptr(JsonNode) body = object_of_strings ("email", email, NULL);

  g_return_if_fail (ORGA_IS_CLIENT (self));
  send_request (self, "POST", "/password-resets", body, parse_nothing,
                orga_client_request_password_reset_async, cancellable, callback, user_data);
}

gboolean
orga_client_request_password_reset_finish (OrgaClient    *self,
                                           GAsyncResult  *result,
                                           GError       **error)
{
  return finish_pointer (self, result, orga_client_request_password_reset_async, error) != NULL;
}

void
orga_client_activate_async (OrgaClient          *self,
                            const char          *uai,
                            const char          *first_name,
                            const char          *last_name,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  g_autoptr(JsonNode) body = object_of_strings ("uai", uai, "first_name", first_name,
                                                "last_name", last_name, NULL);

  g_return_if_fail (ORGA_IS_CLIENT (self));
  send_request (self, "POST", "/organization-invitations/sco", body, parse_message,
                orga_client_activate_async, cancellable, callback, user_data);
}

char *
orga_client_activate_finish (OrgaClient    *self,
                             GAsyncResult  *result,
                             GError       **error)
{
  return finish_pointer (self, result, orga_client_activate_async, error);
}

void
orga_client_get_invitation_async (OrgaClient          *self,
                                  const char          *invitation_id,
                                  const char          *code,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  g_autofree char *id = escape (invitation_id);
  g_autofree char *c = escape (code);
  g_autofree char *path = g_strdup_printf ("/organization-invitations/%s?code=%s", id, c);

  g_return_if_fail (ORGA_IS_CLIENT (self));
  send_request (self, "GET", path, NULL, parse_invitation_info, orga_client_get_invitation_async,
                cancellable, callback, user_data);
}

OrgaSpace *
orga_client_get_invitation_finish (OrgaClient            *self,
                                   GAsyncResult          *result,
                                   OrgaInvitationStatus  *status,
                                   GError               **error)
{
  InvitationInfo *info = finish_pointer (self, result, orga_client_get_invitation_async, error);
  OrgaSpace *space;

  if (info == NULL)
    return NULL;
  if (status != NULL)
    *status = info->status;
  space = g_steal_pointer (&info->space);
  invitation_info_free (info);
  return space;
}

void
orga_client_accept_invitation_async (OrgaClient          *self,
                                     const char          *invitation_id,
                                     const char          *code,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data)
{
  g_autofree char *id = escape (invitation_id);
  g_autofree char *path = g_strdup_printf ("/organization-invitations/%s/accept", id);
  g_autoptr(JsonNode) body = object_of_strings ("code", code, NULL);

  g_return_if_fail (ORGA_IS_CLIENT (self));
  send_request (self, "POST", path, body, parse_membership, orga_client_accept_invitation_async,
                cancellable, callback, user_data);
}

OrgaSpace *
orga_client_accept_invitation_finish (OrgaClient    *self,
                                      GAsyncResult  *result,
                                      GError       **error)
{
  return finish_pointer (self, result, orga_client_accept_invitation_async, error);
}

void
orga_client_get_team_async (OrgaClient          *self,
                            const char          *organization_id,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  g_autofree char *org = escape (organization_id);
  g_autofree char *path = g_strdup_printf ("/organizations/%s/team", org);

  g_return_if_fail (ORGA_IS_CLIENT (self));
  send_request (self, "GET", path, NULL, parse_team, orga_client_get_team_async,
                cancellable, callback, user_data);
}

OrgaTeam *
orga_client_get_team_finish (OrgaClient    *self,
                             GAsyncResult  *result,
                             GError       **error)
{
  return finish_pointer (self, result, orga_client_get_team_async, error);
}

void
orga_client_invite_async (OrgaClient          *self,
                          const char          *organization_id,
                          const char * const  *emails,
                          OrgaMemberRole       role,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  g_autofree char *org = escape (organization_id);
  g_autofree char *path = g_strdup_printf ("/organizations/%s/invitations", org);
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) body = NULL;

  g_return_if_fail (ORGA_IS_CLIENT (self));
  g_return_if_fail (emails != NULL);

  /* One string, as typed: the server splits, trims and deduplicates. */
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "emails");
  json_builder_begin_array (builder);
  for (guint i = 0; emails[i] != NULL; i++)
    {
      g_auto(GStrv) parts = g_strsplit (emails[i], ",", -1);

      for (guint j = 0; parts[j] != NULL; j++)
        {
          g_strstrip (parts[j]);
          if (*parts[j] != '\0')
            json_builder_add_string_value (builder, parts[j]);
        }
    }
  json_builder_end_array (builder);
  if (role != ORGA_MEMBER_ROLE_NONE)
    {
      json_builder_set_member_name (builder, "role");
      json_builder_add_string_value (builder, orga_member_role_to_string (role));
    }
  json_builder_end_object (builder);
  body = json_builder_get_root (builder);

  send_request (self, "POST", path, body, parse_invite, orga_client_invite_async,
                cancellable, callback, user_data);
}

char *
orga_client_invite_finish (OrgaClient    *self,
                           GAsyncResult  *result,
                           GPtrArray    **invitations,
                           GError       **error)
{
  InviteResult *invite = finish_pointer (self, result, orga_client_invite_async, error);
  char *message;

  if (invite == NULL)
    return NULL;
  if (invitations != NULL)
    *invitations = g_steal_pointer (&invite->invitations);
  message = g_steal_pointer (&invite->message);
  invite_result_free (invite);
  return message;
}

static void
send_on_organization (OrgaClient          *self,
                      const char          *method,
                      const char          *organization_id,
                      const char          *what,
                      const char          *id,
                      const char          *tail,
                      JsonNode            *body,
                      gpointer             source_tag,
                      GCancellable        *cancellable,
                      GAsyncReadyCallback  callback,
                      gpointer             user_data)
{
  g_autofree char *org = escape (organization_id);
  g_autofree char *item = id != NULL ? escape (id) : NULL;
  g_autofree char *path = g_strconcat ("/organizations/", org, "/", what,
                                       item != NULL ? "/" : "", item != NULL ? item : "",
                                       tail != NULL ? tail : "", NULL);

  send_request (self, method, path, body, parse_message, source_tag, cancellable, callback, user_data);
}

void
orga_client_resend_invitation_async (OrgaClient          *self,
                                     const char          *organization_id,
                                     const char          *invitation_id,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data)
{
  g_return_if_fail (ORGA_IS_CLIENT (self));
  send_on_organization (self, "POST", organization_id, "invitations", invitation_id, "/resend", NULL,
                        orga_client_resend_invitation_async, cancellable, callback, user_data);
}

char *
orga_client_resend_invitation_finish (OrgaClient    *self,
                                      GAsyncResult  *result,
                                      GError       **error)
{
  return finish_pointer (self, result, orga_client_resend_invitation_async, error);
}

void
orga_client_cancel_invitation_async (OrgaClient          *self,
                                     const char          *organization_id,
                                     const char          *invitation_id,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data)
{
  g_return_if_fail (ORGA_IS_CLIENT (self));
  send_on_organization (self, "DELETE", organization_id, "invitations", invitation_id, NULL, NULL,
                        orga_client_cancel_invitation_async, cancellable, callback, user_data);
}

char *
orga_client_cancel_invitation_finish (OrgaClient    *self,
                                      GAsyncResult  *result,
                                      GError       **error)
{
  return finish_pointer (self, result, orga_client_cancel_invitation_async, error);
}

void
orga_client_set_member_role_async (OrgaClient          *self,
                                   const char          *organization_id,
                                   const char          *user_id,
                                   OrgaMemberRole       role,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  g_autoptr(JsonNode) body = object_of_strings ("role", orga_member_role_to_string (role), NULL);

  g_return_if_fail (ORGA_IS_CLIENT (self));
  send_on_organization (self, "PATCH", organization_id, "members", user_id, NULL, body,
                        orga_client_set_member_role_async, cancellable, callback, user_data);
}

char *
orga_client_set_member_role_finish (OrgaClient    *self,
                                    GAsyncResult  *result,
                                    GError       **error)
{
  return finish_pointer (self, result, orga_client_set_member_role_async, error);
}

void
orga_client_remove_member_async (OrgaClient          *self,
                                 const char          *organization_id,
                                 const char          *user_id,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  g_return_if_fail (ORGA_IS_CLIENT (self));
  send_on_organization (self, "DELETE", organization_id, "members", user_id, NULL, NULL,
                        orga_client_remove_member_async, cancellable, callback, user_data);
}

char *
orga_client_remove_member_finish (OrgaClient    *self,
                                  GAsyncResult  *result,
                                  GError       **error)
{
  return finish_pointer (self, result, orga_client_remove_member_async, error);
}

void
orga_client_leave_async (OrgaClient          *self,
                         const char          *organization_id,
                         GCancellable        *cancellable,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  g_return_if_fail (ORGA_IS_CLIENT (self));
  send_on_organization (self, "POST", organization_id, "leave", NULL, NULL, NULL,
                        orga_client_leave_async, cancellable, callback, user_data);
}

char *
orga_client_leave_finish (OrgaClient    *self,
                          GAsyncResult  *result,
                          GError       **error)
{
  return finish_pointer (self, result, orga_client_leave_async, error);
}

/* ---- students' accounts ----------------------------------------------- */

static gpointer
parse_student_accounts (OrgaClient      *self,
                        JsonNode        *root,
                        GDestroyNotify  *destroy,
                        GError         **error)
{
  *destroy = (GDestroyNotify) g_ptr_array_unref;
  return orga_student_accounts_from_json (root, error);
}

static gpointer
parse_student_credentials (OrgaClient      *self,
                           JsonNode        *root,
                           GDestroyNotify  *destroy,
                           GError         **error)
{
  *destroy = (GDestroyNotify) orga_student_credentials_free;
  return orga_student_credentials_from_json (root, error);
}

static gpointer
parse_student_credentials_list (OrgaClient      *self,
                                JsonNode        *root,
                                GDestroyNotify  *destroy,
                                GError         **error)
{
  *destroy = (GDestroyNotify) g_ptr_array_unref;
  return orga_student_credentials_list_from_json (root, error);
}

void
orga_client_get_student_accounts_async (OrgaClient          *self,
                                        const char          *organization_id,
                                        GCancellable        *cancellable,
                                        GAsyncReadyCallback  callback,
                                        gpointer             user_data)
{
  g_autofree char *org = escape (organization_id);
  g_autofree char *path = g_strdup_printf ("/organizations/%s/students/accounts", org);

  g_return_if_fail (ORGA_IS_CLIENT (self));
  send_request (self, "GET", path, NULL, parse_student_accounts, orga_client_get_student_accounts_async,
                cancellable, callback, user_data);
}

GPtrArray *
orga_client_get_student_accounts_finish (OrgaClient    *self,
                                         GAsyncResult  *result,
                                         GError       **error)
{
  return finish_pointer (self, result, orga_client_get_student_accounts_async, error);
}

static void
send_on_student (OrgaClient          *self,
                 const char          *organization_id,
                 const char          *learner_uuid,
                 const char          *tail,
                 gpointer             source_tag,
                 GCancellable        *cancellable,
                 GAsyncReadyCallback  callback,
                 gpointer             user_data)
{
  g_autofree char *org = escape (organization_id);
  g_autofree char *learner = escape (learner_uuid);
  g_autofree char *path = g_strdup_printf ("/organizations/%s/students/%s/%s", org, learner, tail);

  send_request (self, "POST", path, NULL, parse_student_credentials, source_tag,
                cancellable, callback, user_data);
}

void
orga_client_add_student_username_async (OrgaClient          *self,
                                        const char          *organization_id,
                                        const char          *learner_uuid,
                                        GCancellable        *cancellable,
                                        GAsyncReadyCallback  callback,
                                        gpointer             user_data)
{
  g_return_if_fail (ORGA_IS_CLIENT (self));
  send_on_student (self, organization_id, learner_uuid, "username",
                   orga_client_add_student_username_async, cancellable, callback, user_data);
}

OrgaStudentCredentials *
orga_client_add_student_username_finish (OrgaClient    *self,
                                         GAsyncResult  *result,
                                         GError       **error)
{
  return finish_pointer (self, result, orga_client_add_student_username_async, error);
}

void
orga_client_reset_student_password_async (OrgaClient          *self,
                                          const char          *organization_id,
                                          const char          *learner_uuid,
                                          GCancellable        *cancellable,
                                          GAsyncReadyCallback  callback,
                                          gpointer             user_data)
{
  g_return_if_fail (ORGA_IS_CLIENT (self));
  send_on_student (self, organization_id, learner_uuid, "password-reset",
                   orga_client_reset_student_password_async, cancellable, callback, user_data);
}

OrgaStudentCredentials *
orga_client_reset_student_password_finish (OrgaClient    *self,
                                           GAsyncResult  *result,
                                           GError       **error)
{
  return finish_pointer (self, result, orga_client_reset_student_password_async, error);
}

void
orga_client_reset_student_passwords_async (OrgaClient          *self,
                                           const char          *organization_id,
                                           const char * const  *learner_uuids,
                                           GCancellable        *cancellable,
                                           GAsyncReadyCallback  callback,
                                           gpointer             user_data)
{
  g_autofree char *org = escape (organization_id);
  g_autofree char *path = g_strdup_printf ("/organizations/%s/students/password-reset", org);
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) body = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autofree char *text = NULL;
  gsize length;

  g_return_if_fail (ORGA_IS_CLIENT (self));
  g_return_if_fail (learner_uuids != NULL);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "learners");
  json_builder_begin_array (builder);
  for (guint i = 0; learner_uuids[i] != NULL; i++)
    json_builder_add_string_value (builder, learner_uuids[i]);
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  body = json_builder_get_root (builder);
  text = orga_json_to_data (body, FALSE);
  length = strlen (text);
  bytes = g_bytes_new_take (g_steal_pointer (&text), length);

  if (self->slow_session == NULL)
    self->slow_session = soup_session_new_with_options ("user-agent", "PixOrga/" PACKAGE_VERSION,
                                                        "timeout", SLOW_TIMEOUT,
                                                        "idle-timeout", 60,
                                                        NULL);
  send_bytes_on (self, self->slow_session, "POST", path, bytes, parse_student_credentials_list,
                 orga_client_reset_student_passwords_async, cancellable, callback, user_data);
}

GPtrArray *
orga_client_reset_student_passwords_finish (OrgaClient    *self,
                                            GAsyncResult  *result,
                                            GError       **error)
{
  return finish_pointer (self, result, orga_client_reset_student_passwords_async, error);
}

/* ---- sync ------------------------------------------------------------- */

void
orga_client_sync_push_async (OrgaClient          *self,
                             const char          *organization_id,
                             GBytes              *body,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_autofree char *org = escape (organization_id);
  g_autofree char *path = g_strdup_printf ("/organizations/%s/sync/push", org);

  g_return_if_fail (ORGA_IS_CLIENT (self));
  g_return_if_fail (body != NULL);

  send_bytes (self, "POST", path, body, NULL, orga_client_sync_push_async,
              cancellable, callback, user_data);
}

GBytes *
orga_client_sync_push_finish (OrgaClient    *self,
                              GAsyncResult  *result,
                              GError       **error)
{
  return finish_pointer (self, result, orga_client_sync_push_async, error);
}

void
orga_client_sync_changes_async (OrgaClient          *self,
                                const char          *organization_id,
                                gint64               after,
                                guint                limit,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  g_autofree char *org = escape (organization_id);
  g_autofree char *path = NULL;

  g_return_if_fail (ORGA_IS_CLIENT (self));

  if (limit > 0)
    path = g_strdup_printf ("/organizations/%s/sync/changes?protocol=%d&after=%" G_GINT64_FORMAT "&limit=%u",
                            org, ORGA_SYNC_PROTOCOL, after, limit);
  else
    path = g_strdup_printf ("/organizations/%s/sync/changes?protocol=%d&after=%" G_GINT64_FORMAT,
                            org, ORGA_SYNC_PROTOCOL, after);
  send_bytes (self, "GET", path, NULL, NULL, orga_client_sync_changes_async,
              cancellable, callback, user_data);
}

GBytes *
orga_client_sync_changes_finish (OrgaClient    *self,
                                 GAsyncResult  *result,
                                 GError       **error)
{
  return finish_pointer (self, result, orga_client_sync_changes_async, error);
}

GBytes *
orga_client_sync_changes_finish_with_next (OrgaClient    *self,
                                           GAsyncResult  *result,
                                           gint64        *next_after,
                                           GError       **error)
{
  Request *request;
  const char *value;
  char *end = NULL;
  gint64 parsed;

  g_return_val_if_fail (next_after != NULL, NULL);

  *next_after = -1;
  request = g_task_get_task_data (G_TASK (result));
  value = request && request->message
          ? soup_message_headers_get_one (soup_message_get_response_headers (request->message),
                                          ORGA_SYNC_NEXT_HEADER)
          : NULL;
  if (value != NULL && g_ascii_isdigit (*value))
    {
      parsed = g_ascii_strtoll (value, &end, 10);
      if (end != NULL && *end == '\0' && parsed > 0)
        *next_after = parsed;
    }
  return orga_client_sync_changes_finish (self, result, error);
}

JsonNode *
orga_client_sync_parse_answer (GBytes      *body,
                               const char  *server_url,
                               GError     **error)
{
  g_autoptr(JsonNode) root = NULL;
  JsonNode *protocol;
  gsize length = 0;
  const char *data;

  g_return_val_if_fail (body != NULL, NULL);

  data = g_bytes_get_data (body, &length);
  if (length > 0)
    root = orga_json_parse (data, length, NULL);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    goto not_the_api;

  protocol = json_object_get_member (json_node_get_object (root), "protocol");
  if (protocol == NULL || !JSON_NODE_HOLDS_VALUE (protocol) ||
      json_node_get_value_type (protocol) != G_TYPE_INT64)
    goto not_the_api;

  /* Nothing of an answer of another protocol is read further. */
  if (json_node_get_int (protocol) != ORGA_SYNC_PROTOCOL)
    {
      int theirs = (int) CLAMP (json_node_get_int (protocol), G_MININT, G_MAXINT);

      if (theirs > ORGA_SYNC_PROTOCOL)
        g_set_error (error, ORGA_CLIENT_ERROR, ORGA_CLIENT_ERROR_SYNC_PROTOCOL,
                     _("This computer uses version %d of the sync protocol and the server version %d: update PixOrga."), ORGA_SYNC_PROTOCOL, theirs);
      else
        g_set_error (error, ORGA_CLIENT_ERROR, ORGA_CLIENT_ERROR_SYNC_PROTOCOL,
                     _("This computer uses version %d of the sync protocol and the server version %d: update the server."), ORGA_SYNC_PROTOCOL, theirs);
      return NULL;
    }

  return g_steal_pointer (&root);

not_the_api:
  g_set_error (error, ORGA_CLIENT_ERROR, ORGA_CLIENT_ERROR_PROTOCOL,
               _("The server %s did not answer as a PixOrga server."), server_url != NULL ? server_url : "");
  return NULL;
}

/* ---- links ------------------------------------------------------------ */

gboolean
orga_client_parse_invitation_link (const char  *link,
                                   char       **server_url,
                                   char       **invitation_id,
                                   char       **code,
                                   GError     **error)
{
  g_autoptr(GUri) uri = NULL;
  g_autoptr(GHashTable) params = NULL;
  g_autofree char *scheme = NULL;
  g_autofree char *server = NULL;
  const char *id, *c;

  if (link != NULL)
    uri = g_uri_parse (link, G_URI_FLAGS_ENCODED_QUERY, NULL);
  if (uri == NULL || g_uri_get_query (uri) == NULL)
    goto invalid;

  params = g_uri_parse_params (g_uri_get_query (uri), -1, "&", G_URI_PARAMS_NONE, NULL);
  if (params == NULL)
    goto invalid;
  id = g_hash_table_lookup (params, "invitationId");
  c = g_hash_table_lookup (params, "code");
  if (id == NULL || *id == '\0' || c == NULL || *c == '\0')
    goto invalid;

  scheme = g_ascii_strdown (g_uri_get_scheme (uri), -1);
  if (g_str_equal (scheme, "pixorga"))
    {
      if (g_strcmp0 (g_uri_get_host (uri), "rejoindre") != 0)
        goto invalid;
      server = orga_server_url_normalize (g_hash_table_lookup (params, "server"));
    }
  else if (g_str_equal (scheme, "http") || g_str_equal (scheme, "https"))
    {
      const char *path = g_uri_get_path (uri);
      g_autofree char *prefix = NULL;
      g_autoptr(GUri) base = NULL;
      g_autofree char *base_text = NULL;

      if (!g_str_has_suffix (path, "/rejoindre"))
        goto invalid;
      prefix = g_strndup (path, strlen (path) - strlen ("/rejoindre"));
      base = g_uri_build (G_URI_FLAGS_NONE, scheme, NULL, g_uri_get_host (uri), g_uri_get_port (uri),
                          prefix, NULL, NULL);
      base_text = g_uri_to_string (base);
      server = orga_server_url_normalize (base_text);
    }
  if (server == NULL)
    goto invalid;

  *server_url = g_steal_pointer (&server);
  *invitation_id = g_strdup (id);
  *code = g_strdup (c);
  return TRUE;

invalid:
  g_set_error (error, ORGA_CLIENT_ERROR, ORGA_CLIENT_ERROR_REFUSED,
               _("“%s” is not an invitation link of Pix Orga."), link != NULL ? link : "");
  return FALSE;
}
