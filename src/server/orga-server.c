/* orga-server.c: pixorga-server, the HTTP side
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "orga-server"

#include "config.h"

#include <errno.h>
#include <sodium.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>

#include "orga-json.h"
#include "orga-server-routes.h"

#define API_PREFIX "/api/v1"
#define MAX_BODY (64 * 1024)
/* A push carries a whole student list (docs/sync.md). */
#define MAX_PUSH_BODY (32 * 1024 * 1024)

struct _OrgaServer
{
  GObject parent_instance;

  OrgaServerDb *db;
  OrgaMailer *mailer;
  char *public_url;
  char *trusted_proxy;
  SoupServer *soup;
  gboolean https;

  guint outbox_source;
  guint mail_retry_s;
  gint64 last_clean_up;

  guint64 next_request;
  guint worker;           /* 1…N under --workers, else 0 */
  gboolean reuse_port;
  guint in_flight;
  gboolean stopping;

  /* PostgreSQL: requests of a space waiting for their access check. */
  GPtrArray *deferred;
  guint deferred_source;
};

G_DEFINE_FINAL_TYPE (OrgaServer, orga_server, G_TYPE_OBJECT)

/* Errors */

typedef struct
{
  guint status;
  const char *name;
  const char *message;
} ErrorInfo;

static const ErrorInfo errors[] = {
  [ORGA_SERVER_ERROR_MALFORMED_REQUEST] = { 400, "MALFORMED_REQUEST", "La requête n’est pas valide." },
  [ORGA_SERVER_ERROR_INVALID_EMAIL] = { 400, "INVALID_EMAIL", "Le format de l'adresse e-mail est incorrect." },
  [ORGA_SERVER_ERROR_PASSWORD_RESET_INVALID] = { 400, "PASSWORD_RESET_INVALID", "Nous sommes désolés, mais votre demande de réinitialisation de mot de passe a déjà été utilisée ou est expirée. Merci de recommencer." },
  [ORGA_SERVER_ERROR_UNAUTHENTICATED] = { 401, "UNAUTHENTICATED", "Votre session a expiré. Connectez-vous à nouveau." },
  [ORGA_SERVER_ERROR_INVALID_CREDENTIALS] = { 401, "INVALID_CREDENTIALS", "L'adresse e-mail et/ou le mot de passe saisis sont incorrects." },
  [ORGA_SERVER_ERROR_STUDENT_INVALID_CREDENTIALS] = { 401, "STUDENT_INVALID_CREDENTIALS", "L'adresse e-mail ou l'identifiant et/ou le mot de passe saisis sont incorrects." },
  [ORGA_SERVER_ERROR_FORBIDDEN] = { 403, "FORBIDDEN", "Vous n’avez pas les droits nécessaires pour effectuer cette action." },
  [ORGA_SERVER_ERROR_NOT_A_MEMBER] = { 403, "NOT_A_MEMBER", "L'accès à Pix Orga est limité aux membres invités. Chaque espace est géré par un administrateur Pix Orga propre à l'organisation qui l'utilise. Contactez-le pour qu'il vous y invite." },
  [ORGA_SERVER_ERROR_ORGA_TERMS_NOT_ACCEPTED] = { 403, "ORGA_TERMS_NOT_ACCEPTED", "Vous devez accepter les conditions d’utilisation de Pix Orga." },
  [ORGA_SERVER_ERROR_ORGANIZATION_ARCHIVED] = { 403, "ORGANIZATION_ARCHIVED", "Cet espace Pix Orga est archivé." },
  [ORGA_SERVER_ERROR_CAMPAIGN_ARCHIVED] = { 403, "CAMPAIGN_ARCHIVED", "Cette campagne est archivée : elle n’accepte plus de participants. Contactez votre enseignant." },
  [ORGA_SERVER_ERROR_NOT_FOUND] = { 404, "NOT_FOUND", "La ressource demandée n’existe pas." },
  [ORGA_SERVER_ERROR_UAI_NOT_RECOGNIZED] = { 404, "UAI_NOT_RECOGNIZED", "L'UAI/RNE {} de l'établissement n’est pas reconnu." },
  [ORGA_SERVER_ERROR_INVITATION_NOT_FOUND] = { 404, "INVITATION_NOT_FOUND", "Cette invitation n’existe pas." },
  [ORGA_SERVER_ERROR_CAMPAIGN_CODE_UNKNOWN] = { 404, "CAMPAIGN_CODE_UNKNOWN", "Le code {} ne correspond à aucune campagne. Vérifiez-le ou contactez votre enseignant." },
  [ORGA_SERVER_ERROR_LEARNER_NOT_FOUND] = { 404, "LEARNER_NOT_FOUND", "Un ou plusieurs élèves ne font pas partie de cet espace Pix Orga." },
  [ORGA_SERVER_ERROR_METHOD_NOT_ALLOWED] = { 405, "METHOD_NOT_ALLOWED", "Cette méthode n’est pas permise pour cette adresse." },
  [ORGA_SERVER_ERROR_UAI_SEVERAL_SCHOOLS] = { 409, "UAI_SEVERAL_SCHOOLS", "Plusieurs établissements de type SCO ont été retrouvés pour L'UAI/RNE {}." },
  [ORGA_SERVER_ERROR_INVITATION_ACCEPTED] = { 409, "INVITATION_ACCEPTED", "Cette invitation a déjà été acceptée. Connectez-vous ou contactez l'administrateur de votre espace Pix Orga." },
  [ORGA_SERVER_ERROR_EMAIL_TAKEN] = { 409, "EMAIL_TAKEN", "Cette adresse e-mail est déjà utilisée." },
  /* The message names both versions: orga-server-sync.c writes it. */
  [ORGA_SERVER_ERROR_SYNC_PROTOCOL] = { 409, "SYNC_PROTOCOL", "Ce poste et le serveur n’utilisent pas la même version du protocole de synchronisation." },
  /* {}: " (identifiant j***.d***0703)" or nothing; never the e-mail. */
  [ORGA_SERVER_ERROR_LEARNER_ALREADY_LINKED] = { 409, "LEARNER_ALREADY_LINKED", "Cet élève est déjà associé à un autre compte Pix{}. Connectez-vous avec ce compte, ou demandez à un enseignant de réinitialiser son mot de passe." },
  [ORGA_SERVER_ERROR_ACCOUNT_ALREADY_LINKED] = { 409, "ACCOUNT_ALREADY_LINKED", "Votre compte Pix est déjà associé à un autre élève de cet établissement. Contactez un enseignant." },
  [ORGA_SERVER_ERROR_STUDENT_HAS_USERNAME] = { 409, "STUDENT_HAS_USERNAME", "Cet élève a déjà un identifiant : {}." },
  [ORGA_SERVER_ERROR_INVITATION_CANCELLED] = { 410, "INVITATION_CANCELLED", "Cette invitation n’est plus valide. Contactez l’administrateur de votre espace Pix Orga." },
  [ORGA_SERVER_ERROR_CAMPAIGN_DELETED] = { 410, "CAMPAIGN_DELETED", "Cette campagne a été supprimée : elle n’accepte plus de participants. Contactez votre enseignant." },
  [ORGA_SERVER_ERROR_ALREADY_MEMBER] = { 412, "ALREADY_MEMBER", "Ce membre a déjà été ajouté." },
  [ORGA_SERVER_ERROR_PAYLOAD_TOO_LARGE] = { 413, "PAYLOAD_TOO_LARGE", "La requête est trop volumineuse." },
  [ORGA_SERVER_ERROR_INVALID_UAI] = { 422, "INVALID_UAI", "L'UAI n'est pas correct." },
  [ORGA_SERVER_ERROR_FIRST_NAME_MISSING] = { 422, "FIRST_NAME_MISSING", "Votre prénom n’est pas renseigné." },
  [ORGA_SERVER_ERROR_LAST_NAME_MISSING] = { 422, "LAST_NAME_MISSING", "Votre nom n’est pas renseigné." },
  [ORGA_SERVER_ERROR_INVALID_PASSWORD] = { 422, "INVALID_PASSWORD", "Votre mot de passe doit contenir 8 caractères au minimum et comporter au moins une majuscule, une minuscule et un chiffre." },
  [ORGA_SERVER_ERROR_TERMS_NOT_ACCEPTED] = { 422, "TERMS_NOT_ACCEPTED", "Vous devez accepter les conditions d’utilisation de Pix pour créer un compte." },
  [ORGA_SERVER_ERROR_NO_SCHOOL_EMAIL] = { 422, "NO_SCHOOL_EMAIL", "Nous n’avons pas d’adresse e-mail de contact associée à votre établissement." },
  [ORGA_SERVER_ERROR_INVITATION_NOT_PENDING] = { 422, "INVITATION_NOT_PENDING", "Cette invitation ne peut plus être supprimée." },
  [ORGA_SERVER_ERROR_LAST_ADMIN] = { 422, "LAST_ADMIN", "Vous êtes le seul administrateur de cet espace Pix Orga : nommez un autre administrateur avant de le quitter." },
  [ORGA_SERVER_ERROR_OWN_MEMBERSHIP] = { 422, "OWN_MEMBERSHIP", "Vous ne pouvez pas modifier votre propre rôle ni vous supprimer vous-même." },
  [ORGA_SERVER_ERROR_INVALID_ROLE] = { 422, "INVALID_ROLE", "Le rôle doit être Administrateur ou Membre." },
  [ORGA_SERVER_ERROR_CAMPAIGN_CODE_INVALID] = { 422, "CAMPAIGN_CODE_INVALID", "Le code de campagne est composé de 9 lettres et chiffres, par exemple ABCDEF123." },
  [ORGA_SERVER_ERROR_BIRTHDATE_INVALID] = { 422, "BIRTHDATE_INVALID", "Votre date de naissance n’est pas valide : saisissez le jour, le mois et l’année, par exemple 07 03 2010." },
  [ORGA_SERVER_ERROR_RECONCILE_NO_MATCH] = { 422, "RECONCILE_NO_MATCH", "Vérifiez vos informations (prénom, nom et date de naissance) ou contactez un enseignant." },
  [ORGA_SERVER_ERROR_STUDENT_NO_ACCOUNT] = { 422, "STUDENT_NO_ACCOUNT", "Cet élève n’a pas encore de compte Pix : ajoutez-lui d’abord un identifiant." },
  [ORGA_SERVER_ERROR_STUDENT_BIRTHDATE_MISSING] = { 422, "STUDENT_BIRTHDATE_MISSING", "La date de naissance de cet élève n’est pas connue : son identifiant ne peut pas être créé." },
  [ORGA_SERVER_ERROR_USERNAME_IMPOSSIBLE] = { 422, "USERNAME_IMPOSSIBLE", "L’identifiant de cet élève ne peut pas être créé à partir de son prénom, de son nom et de sa date de naissance : vérifiez-les dans la liste des élèves." },
  [ORGA_SERVER_ERROR_TOO_MANY_ATTEMPTS] = { 429, "TOO_MANY_ATTEMPTS", "Trop de tentatives de connexion. Réessayez dans {} secondes." },
  [ORGA_SERVER_ERROR_TOO_MANY_SIGN_UPS] = { 429, "TOO_MANY_SIGN_UPS", "Trop de comptes créés depuis cette adresse. Réessayez dans {} secondes." },
  [ORGA_SERVER_ERROR_MAIL_FAILED] = { 502, "MAIL_FAILED", "L'envoi d'e-mail pour l'adresse {} a échoué. Réessayez plus tard." },
  [ORGA_SERVER_ERROR_STOPPING] = { 503, "SERVER_STOPPING", "Le serveur redémarre. Réessayez dans quelques secondes." },
  [ORGA_SERVER_ERROR_BUSY] = { 503, "SERVER_BUSY", "Le serveur est très sollicité. Réessayez dans {} secondes." },
  [ORGA_SERVER_ERROR_INTERNAL] = { 500, "INTERNAL", "Une erreur est survenue sur le serveur. Réessayez plus tard." },
};

G_DEFINE_QUARK (orga-server-error-quark, orga_server_error)

static const ErrorInfo *
error_info (const GError *error)
{
  if (error != NULL && error->domain == ORGA_SERVER_ERROR
      && error->code >= 0 && (gsize) error->code < G_N_ELEMENTS (errors))
    return &errors[error->code];
  return &errors[ORGA_SERVER_ERROR_INTERNAL];
}

const char *
orga_server_error_name (const GError *error)
{
  return error_info (error)->name;
}

guint
orga_server_error_status (const GError *error)
{
  return error_info (error)->status;
}

gboolean
orga_server_set_error (GError          **error,
                       OrgaServerError   code,
                       const char       *argument)
{
  const char *message = errors[code].message;
  const char *hole = strstr (message, "{}");

  if (hole == NULL)
    {
      g_set_error_literal (error, ORGA_SERVER_ERROR, code, message);
      return FALSE;
    }

  g_set_error (error, ORGA_SERVER_ERROR, code, "%.*s%s%s",
               (int) (hole - message), message, argument ? argument : "", hole + 2);
  return FALSE;
}

guint
orga_server_error_retry_after (const GError *error)
{
  const char *p;

  if (!g_error_matches (error, ORGA_SERVER_ERROR, ORGA_SERVER_ERROR_TOO_MANY_ATTEMPTS)
      && !g_error_matches (error, ORGA_SERVER_ERROR, ORGA_SERVER_ERROR_TOO_MANY_SIGN_UPS)
      && !g_error_matches (error, ORGA_SERVER_ERROR, ORGA_SERVER_ERROR_BUSY))
    return 0;
  /* The delay is the only number of the message. */
  for (p = error->message; *p && !g_ascii_isdigit (*p); p++)
    ;
  return (guint) g_ascii_strtoull (p, NULL, 10);
}

/* Small shared helpers */

/* The test clock: tests move the server's time forward (a retry 4 days
 * later, spec §4.2) by writing a number of seconds into the file named by
 * PIXORGA_SERVER_CLOCK_FILE. Read again when its mtime changes; without
 * the variable (production) the offset is 0 and no file is looked at. */
static gint64
clock_offset (void)
{
  static GMutex lock;
  static gint64 offset;
  static gint64 seen_mtime = G_MININT64;
  static gsize checked;
  static const char *path;
  g_autoptr(GFile) file = NULL;
  g_autoptr(GFileInfo) info = NULL;
  g_autofree char *text = NULL;
  gint64 mtime;
  gint64 result;

  if (g_once_init_enter (&checked))
    {
      path = g_getenv ("PIXORGA_SERVER_CLOCK_FILE");
      if (path != NULL && *path == '\0')
        path = NULL;
      g_once_init_leave (&checked, 1);
    }
  if (path == NULL)
    return 0;

  file = g_file_new_for_path (path);
  info = g_file_query_info (file, G_FILE_ATTRIBUTE_TIME_MODIFIED "," G_FILE_ATTRIBUTE_TIME_MODIFIED_USEC,
                            G_FILE_QUERY_INFO_NONE, NULL, NULL);
  /* A missing file is no offset. */
  mtime = info ? (gint64) g_file_info_get_attribute_uint64 (info, G_FILE_ATTRIBUTE_TIME_MODIFIED) * G_USEC_PER_SEC
                 + g_file_info_get_attribute_uint32 (info, G_FILE_ATTRIBUTE_TIME_MODIFIED_USEC)
               : -1;

  g_mutex_lock (&lock);
  if (mtime != seen_mtime)
    {
      seen_mtime = mtime;
      offset = 0;
      if (mtime >= 0 && g_file_get_contents (path, &text, NULL, NULL))
        offset = g_ascii_strtoll (g_strstrip (text), NULL, 10);
    }
  result = offset;
  g_mutex_unlock (&lock);
  return result;
}

gint64
orga_server_unix_now (void)
{
  return g_get_real_time () / G_USEC_PER_SEC + clock_offset ();
}

char *
orga_server_now (void)
{
  return orga_server_time_after (0);
}

/* By hand rather than through GDateTime and printf: the access check of
 * every request asks for the time. */
char *
orga_server_time_after (gint64 seconds)
{
  gint64 us = g_get_real_time () + (seconds + clock_offset ()) * G_USEC_PER_SEC;
  time_t t = (time_t) (us / G_USEC_PER_SEC);
  int ms = (int) ((us % G_USEC_PER_SEC) / 1000);
  struct tm tm;
  char *text = g_malloc (25);

  if (us < 0 || gmtime_r (&t, &tm) == NULL || tm.tm_year + 1900 > 9999)
    {
      g_free (text);
      return g_strdup ("1970-01-01T00:00:00.000Z");
    }
#define TWO(p, v) ((p)[0] = (char) ('0' + (v) / 10), (p)[1] = (char) ('0' + (v) % 10))
  {
    int year = tm.tm_year + 1900;

    TWO (text, year / 100);
    TWO (text + 2, year % 100);
  }
  text[4] = '-';
  TWO (text + 5, tm.tm_mon + 1);
  text[7] = '-';
  TWO (text + 8, tm.tm_mday);
  text[10] = 'T';
  TWO (text + 11, tm.tm_hour);
  text[13] = ':';
  TWO (text + 14, tm.tm_min);
  text[16] = ':';
  TWO (text + 17, MIN (tm.tm_sec, 59));
  text[19] = '.';
  text[20] = (char) ('0' + ms / 100);
  TWO (text + 21, ms % 100);
  text[23] = 'Z';
  text[24] = '\0';
#undef TWO
  return text;
}

/* libsodium's SHA-256, the same lower-case hex as GChecksum's, without
 * its allocations. */
char *
orga_server_hash_token (const char *token)
{
  unsigned char digest[crypto_hash_sha256_BYTES];
  char *hex = g_malloc (crypto_hash_sha256_BYTES * 2 + 1);

  crypto_hash_sha256 (digest, (const unsigned char *) token, strlen (token));
  sodium_bin2hex (hex, crypto_hash_sha256_BYTES * 2 + 1, digest, sizeof digest);
  return hex;
}

char *
orga_server_random_token (void)
{
  guchar bytes[32];
  char text[sodium_base64_ENCODED_LEN (32, sodium_base64_VARIANT_URLSAFE_NO_PADDING)];

  randombytes_buf (bytes, sizeof bytes);
  sodium_bin2base64 (text, sizeof text, bytes, sizeof bytes, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
  sodium_memzero (bytes, sizeof bytes);
  return g_strdup (text);
}

void
orga_server_log_db_error (const char   *what,
                          const GError *error)
{
  /* A constraint's message may quote the row (PostgreSQL's DETAIL does):
   * only its kind goes to the log. */
  if (g_error_matches (error, ORGA_SERVER_DB_ERROR, ORGA_SERVER_DB_ERROR_CONSTRAINT))
    g_warning ("%s: a constraint refused the change", what);
  else
    g_warning ("%s: %s", what, error ? error->message : "unknown error");
}

void
orga_server_add_string (JsonBuilder *builder,
                        const char  *name,
                        const char  *value)
{
  json_builder_set_member_name (builder, name);
  if (value != NULL)
    json_builder_add_string_value (builder, value);
  else
    json_builder_add_null_value (builder);
}

JsonNode *
orga_server_message_node (const char *message)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  orga_server_add_string (builder, "message", message);
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

char *
orga_server_escape_html (const char *text)
{
  return g_markup_escape_text (text ? text : "", -1);
}

void
orga_server_build_organization (OrgaJsonWriter *writer,
                                const char     *id,
                                const char     *uai,
                                const char     *name,
                                const char     *kind,
                                gboolean        archived)
{
  orga_json_writer_begin_object (writer);
  orga_json_writer_add_string (writer, "id", id);
  orga_json_writer_add_string (writer, "uai", uai);
  orga_json_writer_add_string (writer, "name", name);
  orga_json_writer_add_string (writer, "kind", kind);
  orga_json_writer_add_boolean (writer, "archived", archived);
  orga_json_writer_end_object (writer);
}

gboolean
orga_server_password_is_valid (const char *password)
{
  gboolean lower = FALSE, upper = FALSE, digit = FALSE;

  if (password == NULL || !g_utf8_validate (password, -1, NULL)
      || g_utf8_strlen (password, -1) < 8)
    return FALSE;

  for (const char *p = password; *p; p++)
    {
      lower |= g_ascii_islower (*p);
      upper |= g_ascii_isupper (*p);
      digit |= g_ascii_isdigit (*p);
    }
  return lower && upper && digit;
}

static gboolean
is_atext (char c)
{
  return g_ascii_isalnum (c) || strchr ("!#$%&'*+-/=?^_`{|}~.", c) != NULL;
}

char *
orga_server_normalize_email (const char *email)
{
  g_autofree char *trimmed = NULL;
  const char *at;
  const char *domain;
  gsize length;

  if (email == NULL || !g_utf8_validate (email, -1, NULL))
    return NULL;

  trimmed = g_strstrip (g_strdup (email));
  length = strlen (trimmed);
  if (length < 3 || length > 254)
    return NULL;

  at = strchr (trimmed, '@');
  if (at == NULL || at == trimmed || strchr (at + 1, '@') != NULL)
    return NULL;

  /* The local part: atoms and dots, no leading, trailing or double dot.
   * Only ASCII: the address goes into mail headers as it is. */
  for (const char *p = trimmed; p < at; p++)
    if (!is_atext (*p))
      return NULL;
  if (trimmed[0] == '.' || at[-1] == '.' || g_strstr_len (trimmed, at - trimmed, "..") != NULL)
    return NULL;

  /* The domain: labels of letters, digits and hyphens, at least two,
   * a top-level label of two letters or more. */
  domain = at + 1;
  {
    g_auto(GStrv) labels = g_strsplit (domain, ".", -1);
    guint n = g_strv_length (labels);

    if (n < 2)
      return NULL;
    for (guint i = 0; i < n; i++)
      {
        gsize label_length = strlen (labels[i]);

        if (label_length == 0 || label_length > 63
            || labels[i][0] == '-' || labels[i][label_length - 1] == '-')
          return NULL;
        for (const char *p = labels[i]; *p; p++)
          if (!g_ascii_isalnum (*p) && *p != '-')
            return NULL;
      }
    if (strlen (labels[n - 1]) < 2)
      return NULL;
    for (const char *p = labels[n - 1]; *p; p++)
      if (!g_ascii_isalpha (*p))
        return NULL;
  }

  return g_ascii_strdown (trimmed, -1);
}

/* Requests */

OrgaRequest *
orga_request_ref (OrgaRequest *req)
{
  g_atomic_ref_count_inc (&req->ref_count);
  return req;
}

void
orga_request_unref (OrgaRequest *req)
{
  if (!g_atomic_ref_count_dec (&req->ref_count))
    return;

  if (!req->answered)
    {
      /* A handler that forgot to answer must not leave the client
       * hanging. */
      g_critical ("a handler did not answer");
      orga_request_reply_code (req, ORGA_SERVER_ERROR_INTERNAL, NULL);
    }

  g_clear_object (&req->server);
  g_clear_object (&req->msg);
  g_clear_pointer (&req->body, json_object_unref);
  g_clear_pointer (&req->query, g_hash_table_unref);
  g_strfreev (req->params);
  g_free (req->user_id);
  g_free (req->org_id);
  g_free (req->org_name);
  g_free (req->org_uai);
  g_free (req->org_kind);
  g_free (req->role);
  g_free (req->membership_id);
  for (guint i = 0; i < G_N_ELEMENTS (req->prefetched); i++)
    g_clear_pointer (&req->prefetched[i], orga_server_rows_free);
  g_free (req);
}

void
orga_request_pause (OrgaRequest *req)
{
  g_return_if_fail (!req->paused);

  req->paused = TRUE;
  soup_server_message_pause (req->msg);
  orga_request_ref (req);
}

static void
set_response (SoupServerMessage *msg,
              guint              status,
              JsonNode          *node)
{
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (msg);

  soup_server_message_set_status (msg, status, NULL);
  soup_message_headers_replace (headers, "Cache-Control", "no-store");
  soup_message_headers_replace (headers, "X-Content-Type-Options", "nosniff");
  if (node != NULL)
    {
      char *text = orga_json_to_data (node, FALSE);
      soup_server_message_set_response (msg, "application/json; charset=utf-8",
                                        SOUP_MEMORY_TAKE, text, strlen (text));
    }
}

static void
finish_answer (OrgaRequest *req)
{
  req->answered = TRUE;
  if (req->paused)
    {
      req->paused = FALSE;
      soup_server_message_unpause (req->msg);
      orga_request_unref (req);
    }
}

void
orga_request_reply_json (OrgaRequest *req,
                         guint        status,
                         JsonNode    *node)
{
  g_return_if_fail (!req->answered);

  set_response (req->msg, status, node);
  json_node_unref (node);
  finish_answer (req);
}

void
orga_request_reply_text (OrgaRequest *req,
                         guint        status,
                         GString     *json)
{
  gsize length = json->len;

  g_return_if_fail (!req->answered);

  set_response (req->msg, status, NULL);
  soup_server_message_set_response (req->msg, "application/json; charset=utf-8",
                                    SOUP_MEMORY_TAKE, g_string_free (json, FALSE), length);
  finish_answer (req);
}

void
orga_request_reply_empty (OrgaRequest *req,
                          guint        status)
{
  g_return_if_fail (!req->answered);

  set_response (req->msg, status, NULL);
  finish_answer (req);
}

static JsonNode *
error_node (const char *name,
            const char *message)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "error");
  json_builder_begin_object (builder);
  orga_server_add_string (builder, "code", name);
  orga_server_add_string (builder, "message", message);
  json_builder_end_object (builder);
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

static void
set_error_response (SoupServerMessage *msg,
                    const GError      *error)
{
  const ErrorInfo *info = error_info (error);
  g_autoptr(JsonNode) node = NULL;
  guint retry_after;

  if (error == NULL || error->domain != ORGA_SERVER_ERROR)
    {
      if (error != NULL && error->domain == ORGA_SERVER_DB_ERROR)
        orga_server_log_db_error ("database", error);
      else
        g_warning ("internal error: %s", error ? error->message : "unknown");
      node = error_node (info->name, info->message);
    }
  else
    node = error_node (info->name, error->message);

  set_response (msg, info->status, node);
  retry_after = orga_server_error_retry_after (error);
  if (retry_after > 0)
    {
      char text[16];
      g_snprintf (text, sizeof text, "%u", retry_after);
      soup_message_headers_replace (soup_server_message_get_response_headers (msg), "Retry-After", text);
    }
}

void
orga_request_reply_error (OrgaRequest  *req,
                          const GError *error)
{
  g_return_if_fail (!req->answered);

  set_error_response (req->msg, error);
  finish_answer (req);
}

void
orga_request_reply_code (OrgaRequest     *req,
                         OrgaServerError  code,
                         const char      *argument)
{
  g_autoptr(GError) error = NULL;

  orga_server_set_error (&error, code, argument);
  orga_request_reply_error (req, error);
}

gboolean
orga_request_get_string (OrgaRequest  *req,
                         const char   *name,
                         const char  **value,
                         GError      **error)
{
  JsonNode *node;

  *value = NULL;
  if (req->body == NULL)
    return TRUE;
  node = json_object_get_member (req->body, name);
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return orga_server_set_error (error, ORGA_SERVER_ERROR_MALFORMED_REQUEST, NULL);
  /* json-glib turns a lone surrogate (\ud800) into bytes that are not
   * UTF-8. */
  if (!g_utf8_validate (json_node_get_string (node), -1, NULL))
    return orga_server_set_error (error, ORGA_SERVER_ERROR_MALFORMED_REQUEST, NULL);
  *value = json_node_get_string (node);
  return TRUE;
}

gboolean
orga_request_get_boolean (OrgaRequest  *req,
                          const char   *name,
                          gboolean     *value,
                          GError      **error)
{
  JsonNode *node;

  *value = FALSE;
  if (req->body == NULL)
    return TRUE;
  node = json_object_get_member (req->body, name);
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_BOOLEAN)
    return orga_server_set_error (error, ORGA_SERVER_ERROR_MALFORMED_REQUEST, NULL);
  *value = json_node_get_boolean (node);
  return TRUE;
}

/* Logs: one line a request, with its id, its route (a template, never a
 * value of the request), its status and its duration. */

typedef struct
{
  char id[40];
  const char *route;
  gint64 started;
  gboolean counted;
  guint status;      /* answered outside SoupServer (413) */
} RequestLog;

static RequestLog *
request_log (SoupServerMessage *msg)
{
  return g_object_get_data (G_OBJECT (msg), "orga-request-log");
}

void
orga_server_set_route (SoupServerMessage *msg,
                       const char        *route)
{
  RequestLog *log = request_log (msg);

  if (log != NULL)
    log->route = route;
}

static void on_got_headers (SoupServerMessage *msg,
                            OrgaServer        *self);

static void
on_request_started (SoupServer        *soup,
                    SoupServerMessage *msg,
                    OrgaServer        *self)
{
  RequestLog *log = g_new0 (RequestLog, 1);
  guint32 random = randombytes_random ();

  /* Under --workers, the worker's number keeps the ids of the processes
   * sharing one log apart and says which one answered. */
  if (self->worker > 0)
    g_snprintf (log->id, sizeof log->id, "%08x-w%u-%" G_GUINT64_FORMAT, random, self->worker, ++self->next_request);
  else
    g_snprintf (log->id, sizeof log->id, "%08x-%" G_GUINT64_FORMAT, random, ++self->next_request);
  log->route = "-";
  g_object_set_data_full (G_OBJECT (msg), "orga-request-log", log, g_free);
  g_signal_connect (msg, "got-headers", G_CALLBACK (on_got_headers), self);
}

static void
log_request_end (OrgaServer        *self,
                 SoupServerMessage *msg,
                 gboolean           aborted)
{
  RequestLog *log = request_log (msg);

  if (log == NULL || log->started == 0)
    return;

  if (log->counted)
    {
      log->counted = FALSE;
      self->in_flight--;
    }

  if (aborted && log->status == 0)
    g_message ("request %s %s aborted %.1f ms", log->id, log->route,
               (g_get_monotonic_time () - log->started) / 1000.0);
  else
    g_message ("request %s %s %u %.1f ms", log->id, log->route,
               log->status ? log->status : soup_server_message_get_status (msg),
               (g_get_monotonic_time () - log->started) / 1000.0);
  log->started = 0;
}

static void
on_request_finished (SoupServer        *soup,
                     SoupServerMessage *msg,
                     OrgaServer        *self)
{
  log_request_end (self, msg, FALSE);
}

/* The client went away before the answer. */
static void
on_request_aborted (SoupServer        *soup,
                    SoupServerMessage *msg,
                    OrgaServer        *self)
{
  log_request_end (self, msg, TRUE);
}

/* The largest body a request may carry: the sync's push has its own
 * limit, every other route the common one. Decided from the request
 * line, before the body is read. */
static goffset
body_limit (SoupServerMessage *msg)
{
  static const char prefix[] = API_PREFIX "/organizations/";
  const char *path = g_uri_get_path (soup_server_message_get_uri (msg));
  const char *slash;

  if (g_strcmp0 (soup_server_message_get_method (msg), "POST") != 0
      || path == NULL || !g_str_has_prefix (path, prefix))
    return MAX_BODY;
  path += strlen (prefix);
  slash = strchr (path, '/');
  if (slash == NULL || slash == path || !g_str_equal (slash, "/sync/push"))
    return MAX_BODY;
  return MAX_PUSH_BODY;
}

/* A body beyond the limit is never read: SoupServer would read it all
 * before any handler could answer, so the answer is written on the
 * socket here and the connection closed. Over TLS the socket carries
 * ciphertext: the connection is only closed. */
static void
refuse_too_large (SoupServerMessage *msg)
{
  GSocket *socket = soup_server_message_get_socket (msg);
  RequestLog *log = request_log (msg);
  GUri *uri = soup_server_message_get_uri (msg);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_autofree char *body = NULL;
  g_autofree char *answer = NULL;

  if (log != NULL)
    log->status = SOUP_STATUS_REQUEST_ENTITY_TOO_LARGE;
  if (socket == NULL)
    return;

  if (uri == NULL || g_strcmp0 (g_uri_get_scheme (uri), "https") != 0)
    {
      orga_server_set_error (&error, ORGA_SERVER_ERROR_PAYLOAD_TOO_LARGE, NULL);
      node = error_node (errors[ORGA_SERVER_ERROR_PAYLOAD_TOO_LARGE].name, error->message);
      body = orga_json_to_data (node, FALSE);
      answer = g_strdup_printf ("HTTP/1.1 413 Request Entity Too Large\r\n"
                                "Content-Type: application/json; charset=utf-8\r\n"
                                "Content-Length: %zu\r\n"
                                "X-Request-Id: %s\r\n"
                                "Connection: close\r\n\r\n%s",
                                strlen (body), log ? log->id : "-", body);
      g_socket_set_blocking (socket, TRUE);
      g_socket_set_timeout (socket, 2);
      g_socket_send (socket, answer, strlen (answer), NULL, NULL);
    }
  g_socket_shutdown (socket, TRUE, TRUE, NULL);
}

/* A chunked body has no length to check first: it is counted as it
 * comes. */
static void
on_got_chunk (SoupServerMessage *msg,
              GBytes            *chunk,
              gpointer           user_data)
{
  SoupMessageBody *body = soup_server_message_get_request_body (msg);
  RequestLog *log = request_log (msg);

  if (body->length > body_limit (msg) && (log == NULL || log->status == 0))
    refuse_too_large (msg);
}

/* Every request, whatever its path (the pages' too): SoupServer's early
 * handlers go by path, this signal does not. */
static void
on_got_headers (SoupServerMessage *msg,
                OrgaServer        *self)
{
  RequestLog *log = request_log (msg);
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
  goffset length = soup_message_headers_get_content_length (headers);

  if (log != NULL)
    {
      log->started = g_get_monotonic_time ();
      log->counted = TRUE;
      self->in_flight++;
      soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                    "X-Request-Id", log->id);
    }

  if (self->stopping)
    {
      SoupMessageHeaders *answer_headers = soup_server_message_get_response_headers (msg);
      g_autoptr(JsonNode) node = error_node (errors[ORGA_SERVER_ERROR_STOPPING].name,
                                             errors[ORGA_SERVER_ERROR_STOPPING].message);

      /* A client retries another process behind the proxy, or this one
       * once it is back: say when, and why, in the usual error form. */
      soup_message_headers_replace (answer_headers, "Connection", "close");
      soup_message_headers_replace (answer_headers, "Retry-After", "2");
      set_response (msg, SOUP_STATUS_SERVICE_UNAVAILABLE, node);
      return;
    }

  if (length > body_limit (msg))
    {
      refuse_too_large (msg);
      return;
    }

  if (soup_message_headers_get_encoding (headers) == SOUP_ENCODING_CHUNKED)
    g_signal_connect (msg, "got-chunk", G_CALLBACK (on_got_chunk), NULL);
}

/* Routing */

typedef enum
{
  AUTH_NONE,
  AUTH_USER,
  AUTH_MEMBER,
  AUTH_MEMBER_WRITE,   /* a member, in a space that is not archived */
  AUTH_ADMIN,
} Auth;

typedef void (*Handler) (OrgaRequest *req);

typedef struct
{
  const char *method;
  const char *pattern;     /* segments after /api/v1/, "*" for a variable */
  const char *route;       /* for the logs */
  Auth auth;
  gboolean body;
  Handler handler;
  OrgaPrefetch prefetch;   /* reads sent with the access check */
} Route;

static void handle_health (OrgaRequest *req);

static const Route routes[] = {
  { "GET", "health", "GET /health", AUTH_NONE, FALSE, handle_health },
  { "POST", "users", "POST /users", AUTH_NONE, TRUE, orga_server_handle_sign_up },
  { "POST", "sessions", "POST /sessions", AUTH_NONE, TRUE, orga_server_handle_sign_in },
  { "DELETE", "sessions/current", "DELETE /sessions/current", AUTH_USER, FALSE, orga_server_handle_sign_out },
  { "GET", "me", "GET /me", AUTH_USER, FALSE, orga_server_handle_me },
  { "POST", "me/orga-terms", "POST /me/orga-terms", AUTH_USER, FALSE, orga_server_handle_orga_terms },
  { "PUT", "me/current-organization", "PUT /me/current-organization", AUTH_USER, TRUE, orga_server_handle_current_org },
  { "POST", "password-resets", "POST /password-resets", AUTH_NONE, TRUE, orga_server_handle_password_reset },
  { "POST", "password-resets/confirm", "POST /password-resets/confirm", AUTH_NONE, TRUE, orga_server_handle_password_confirm },
  { "POST", "organization-invitations/sco", "POST /organization-invitations/sco", AUTH_NONE, TRUE, orga_server_handle_activate },
  { "GET", "organization-invitations/*", "GET /organization-invitations/{id}", AUTH_NONE, FALSE, orga_server_handle_get_invitation },
  { "POST", "organization-invitations/*/accept", "POST /organization-invitations/{id}/accept", AUTH_USER, TRUE, orga_server_handle_accept_invitation },
  { "GET", "organizations/*/team", "GET /organizations/{org}/team", AUTH_MEMBER, FALSE, orga_server_handle_team, orga_server_team_prefetch },
  { "POST", "organizations/*/invitations", "POST /organizations/{org}/invitations", AUTH_ADMIN, TRUE, orga_server_handle_invite },
  { "POST", "organizations/*/invitations/*/resend", "POST /organizations/{org}/invitations/{id}/resend", AUTH_ADMIN, FALSE, orga_server_handle_resend },
  { "DELETE", "organizations/*/invitations/*", "DELETE /organizations/{org}/invitations/{id}", AUTH_ADMIN, FALSE, orga_server_handle_cancel_invitation },
  { "PATCH", "organizations/*/members/*", "PATCH /organizations/{org}/members/{user}", AUTH_ADMIN, TRUE, orga_server_handle_change_role },
  { "DELETE", "organizations/*/members/*", "DELETE /organizations/{org}/members/{user}", AUTH_ADMIN, FALSE, orga_server_handle_remove_member },
  { "POST", "organizations/*/leave", "POST /organizations/{org}/leave", AUTH_MEMBER, FALSE, orga_server_handle_leave },
  { "POST", "organizations/*/sync/push", "POST /organizations/{org}/sync/push", AUTH_MEMBER_WRITE, TRUE, orga_server_handle_sync_push },
  { "GET", "organizations/*/sync/changes", "GET /organizations/{org}/sync/changes", AUTH_MEMBER, FALSE, orga_server_handle_sync_changes },
  { "GET", "organizations/*/students/accounts", "GET /organizations/{org}/students/accounts", AUTH_MEMBER, FALSE, orga_server_handle_student_accounts },
  { "POST", "organizations/*/students/password-reset", "POST /organizations/{org}/students/password-reset", AUTH_MEMBER_WRITE, TRUE, orga_server_handle_students_reset },
  { "POST", "organizations/*/students/*/username", "POST /organizations/{org}/students/{learner}/username", AUTH_MEMBER_WRITE, FALSE, orga_server_handle_student_username },
  { "POST", "organizations/*/students/*/password-reset", "POST /organizations/{org}/students/{learner}/password-reset", AUTH_MEMBER_WRITE, FALSE, orga_server_handle_student_reset },
};

static void
handle_health (OrgaRequest *req)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  orga_server_add_string (builder, "status", "ok");
  json_builder_end_object (builder);
  orga_request_reply_json (req, SOUP_STATUS_OK, json_builder_get_root (builder));
}

/* The segments of @pattern against @segments; the variables into
 * @params. Walks the pattern in place: this runs for every route of
 * every request. */
static gboolean
route_matches (const char  *pattern,
               char       **segments,
               GPtrArray   *params)
{
  const char *part = pattern;
  guint i = 0;

  for (;; i++)
    {
      const char *slash = strchr (part, '/');
      gsize length = slash ? (gsize) (slash - part) : strlen (part);

      if (segments[i] == NULL)
        return FALSE;
      if (length == 1 && part[0] == '*')
        {
          if (segments[i][0] == '\0')
            return FALSE;
        }
      else if (strlen (segments[i]) != length || memcmp (segments[i], part, length) != 0)
        return FALSE;

      if (slash == NULL)
        break;
      part = slash + 1;
    }
  if (segments[i + 1] != NULL)
    return FALSE;

  /* Only a match keeps the variables. */
  part = pattern;
  for (i = 0; ; i++)
    {
      const char *slash = strchr (part, '/');

      if (part[0] == '*' && (part[1] == '/' || part[1] == '\0'))
        g_ptr_array_add (params, g_strdup (segments[i]));
      if (slash == NULL)
        break;
      part = slash + 1;
    }
  return TRUE;
}

char *
orga_server_authenticate (OrgaServer  *self,
                          const char  *token,
                          GError     **error)
{
  g_autoptr(OrgaServerRows) rows = NULL;
  g_autofree char *hash = NULL;
  g_autofree char *now = NULL;
  g_autoptr(GError) db_error = NULL;

  if (token == NULL || strlen (token) != 43)
    return (orga_server_set_error (error, ORGA_SERVER_ERROR_UNAUTHENTICATED, NULL), NULL);

  hash = orga_server_hash_token (token);
  now = orga_server_now ();
  rows = orga_server_db_queryv (self->db, &db_error,
                                "SELECT user_id FROM sessions"
                                " WHERE token_hash = $1 AND revoked_at IS NULL AND expires_at > $2",
                                hash, now, ORGA_SERVER_DB_END);
  if (rows == NULL)
    {
      g_propagate_error (error, g_steal_pointer (&db_error));
      return NULL;
    }
  if (orga_server_rows_get_n_rows (rows) == 0)
    return (orga_server_set_error (error, ORGA_SERVER_ERROR_UNAUTHENTICATED, NULL), NULL);

  return g_strdup (orga_server_rows_get (rows, 0, 0));
}

static const char *
bearer_token (SoupServerMessage *msg)
{
  const char *value = soup_message_headers_get_one (soup_server_message_get_request_headers (msg),
                                                    "Authorization");

  if (value == NULL || g_ascii_strncasecmp (value, "Bearer ", 7) != 0)
    return NULL;
  value += 7;
  while (*value == ' ')
    value++;
  return value;
}

/* The access check of a space's route: the statement's parameters live
 * here until its round trip. */
typedef struct
{
  char *hash;
  char *now;
  const char *params[3];
} AccessCheck;

static void
access_check_clear (AccessCheck *check)
{
  g_clear_pointer (&check->hash, g_free);
  g_clear_pointer (&check->now, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (AccessCheck, access_check_clear)

/* The token, the user and the membership in one statement: the reads of
 * a space are the most frequent requests. On PostgreSQL the route's own
 * reads go in the same round trip. Into @queries (1 + the prefetch's at
 * most); returns how many, 0 when the token is refused at once. */
static guint
access_queries (OrgaRequest       *req,
                const Route       *route,
                AccessCheck       *check,
                OrgaServerDbQuery *queries,
                GError           **error)
{
  const char *token = bearer_token (req->msg);
  guint n_queries = 1;

  if (token == NULL || strlen (token) != 43)
    return (orga_server_set_error (error, ORGA_SERVER_ERROR_UNAUTHENTICATED, NULL), 0);
  check->hash = orga_server_hash_token (token);
  check->now = orga_server_now ();
  check->params[0] = check->hash;
  check->params[1] = check->now;
  check->params[2] = req->params[0];
  queries[0] = (OrgaServerDbQuery) {
    "SELECT u.pix_orga_terms_accepted, o.id, o.uai, o.name, o.kind,"
    " o.archived_at, m.role, m.id, u.id, o.team_version"
    " FROM sessions s JOIN users u ON u.id = s.user_id"
    " LEFT JOIN memberships m ON m.user_id = u.id"
    "  AND m.organization_id = $3 AND m.disabled_at IS NULL"
    " LEFT JOIN organizations o ON o.id = m.organization_id"
    /* One row at most: a token is one session (its key), of one user,
     * with one active membership of a space (memberships_one_active,
     * schema 002): no ORDER BY, no sort. */
    " WHERE s.token_hash = $1 AND s.revoked_at IS NULL AND s.expires_at > $2",
    check->params, 3 };
  if (route->prefetch != NULL && orga_server_db_is_postgres (req->db))
    n_queries += route->prefetch (req, queries + 1);
  return n_queries;
}

/* The answer of access_queries() (@results: takes them). */
static gboolean
access_granted (OrgaRequest     *req,
                const Route     *route,
                OrgaServerRows **results,
                guint            n_results,
                GError         **error)
{
  g_autoptr(OrgaServerRows) rows = results[0];

  for (guint i = 1; i < n_results; i++)
    req->prefetched[i - 1] = results[i];
  if (orga_server_rows_get_n_rows (rows) == 0)
    return orga_server_set_error (error, ORGA_SERVER_ERROR_UNAUTHENTICATED, NULL);
  req->user_id = g_strdup (orga_server_rows_get (rows, 0, 8));

  if (orga_server_rows_get_int (rows, 0, 0) == 0)
    return orga_server_set_error (error, ORGA_SERVER_ERROR_ORGA_TERMS_NOT_ACCEPTED, NULL);

  /* Not a member: the same answer as a space that does not exist. */
  if (orga_server_rows_get (rows, 0, 1) == NULL)
    return orga_server_set_error (error, ORGA_SERVER_ERROR_NOT_FOUND, NULL);

  req->org_id = g_strdup (orga_server_rows_get (rows, 0, 1));
  req->org_uai = g_strdup (orga_server_rows_get (rows, 0, 2));
  req->org_name = g_strdup (orga_server_rows_get (rows, 0, 3));
  req->org_kind = g_strdup (orga_server_rows_get (rows, 0, 4));
  req->org_archived = orga_server_rows_get (rows, 0, 5) != NULL;
  req->role = g_strdup (orga_server_rows_get (rows, 0, 6));
  req->membership_id = g_strdup (orga_server_rows_get (rows, 0, 7));
  req->team_version = orga_server_rows_get_int (rows, 0, 9);

  if (route->auth == AUTH_MEMBER_WRITE && req->org_archived)
    return orga_server_set_error (error, ORGA_SERVER_ERROR_ORGANIZATION_ARCHIVED, NULL);
  if (route->auth == AUTH_ADMIN)
    {
      if (!g_str_equal (req->role, "ADMIN"))
        return orga_server_set_error (error, ORGA_SERVER_ERROR_FORBIDDEN, NULL);
      if (req->org_archived)
        return orga_server_set_error (error, ORGA_SERVER_ERROR_ORGANIZATION_ARCHIVED, NULL);
    }

  return TRUE;
}

/* Signed in, terms accepted, member, admin: what @route asks. */
static gboolean
check_access (OrgaRequest  *req,
              const Route  *route,
              GError      **error)
{
  g_auto(AccessCheck) check = { 0 };
  OrgaServerDbQuery queries[1 + G_N_ELEMENTS (req->prefetched)];
  OrgaServerRows *results[1 + G_N_ELEMENTS (req->prefetched)];
  guint n_queries;

  if (route->auth == AUTH_NONE)
    return TRUE;

  if (route->auth == AUTH_USER)
    {
      req->user_id = orga_server_authenticate (req->server, bearer_token (req->msg), error);
      return req->user_id != NULL;
    }

  n_queries = access_queries (req, route, &check, queries, error);
  if (n_queries == 0 || !orga_server_db_query_batch (req->db, n_queries, queries, results, error))
    return FALSE;
  return access_granted (req, route, results, n_queries, error);
}

/* "\u0000" in a JSON string would end the C string there: "a\u0000b"
 * must be refused, not stored as "a". */
static gboolean
has_escaped_nul (const char *data,
                 gsize       length)
{
  for (gsize i = 0; i + 6 <= length; i++)
    {
      gsize backslashes = 0;

      if (data[i] != '\\' || g_ascii_strncasecmp (data + i + 1, "u0000", 5) != 0)
        continue;
      for (gsize j = i; j > 0 && data[j - 1] == '\\'; j--)
        backslashes++;
      if (backslashes % 2 == 0)
        return TRUE;
    }
  return FALSE;
}

static gboolean
read_body (OrgaRequest  *req,
           GError      **error)
{
  SoupMessageBody *body = soup_server_message_get_request_body (req->msg);
  g_autoptr(GBytes) bytes = soup_message_body_flatten (body);
  g_autoptr(JsonNode) node = NULL;
  gsize length;
  const char *data = g_bytes_get_data (bytes, &length);

  if ((goffset) length > body_limit (req->msg))
    return orga_server_set_error (error, ORGA_SERVER_ERROR_PAYLOAD_TOO_LARGE, NULL);
  if (length == 0 || !g_utf8_validate (data, length, NULL) || memchr (data, '\0', length) != NULL
      || has_escaped_nul (data, length))
    return orga_server_set_error (error, ORGA_SERVER_ERROR_MALFORMED_REQUEST, NULL);

  node = orga_json_parse (data, length, NULL);
  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    return orga_server_set_error (error, ORGA_SERVER_ERROR_MALFORMED_REQUEST, NULL);

  req->body = json_object_ref (json_node_get_object (node));
  return TRUE;
}

/* After the access check: the body, then the handler. */
static void
serve (OrgaRequest *req,
       const Route *route)
{
  g_autoptr(GError) error = NULL;

  if (route->body && !read_body (req, &error))
    {
      orga_request_reply_error (req, error);
      return;
    }
  route->handler (req);
}

/* Access checks in one round trip
 *
 * On PostgreSQL, a statement's round trip costs the server and the
 * database more CPU than reading a session and a membership does. The
 * requests of spaces that came in while the earlier ones were served
 * wait, paused, until the main loop has nothing else to read; then their
 * access checks (and their routes' prefetches) go in one pipelined round
 * trip, and each request goes on alone, as it would have. A check still
 * reads the database after its request came in, so a token revoked or a
 * member removed before is refused as before. */

typedef struct
{
  OrgaRequest *req;
  const Route *route;
} Deferred;

/* Its queries and their rows stay far below the sockets' buffers: a
 * pipeline in blocking mode must never wait on a full one. */
#define DEFERRED_MAX 32

static void
deferred_free (gpointer data)
{
  Deferred *deferred = data;

  orga_request_unref (deferred->req);
  g_free (deferred);
}

static gboolean
run_deferred (gpointer user_data)
{
  OrgaServer *self = user_data;
  guint n = MIN (self->deferred->len, DEFERRED_MAX);
  guint per_request = 1 + G_N_ELEMENTS (((OrgaRequest *) NULL)->prefetched);
  g_autoptr(GPtrArray) batch = g_ptr_array_new_full (n, deferred_free);
  g_autofree AccessCheck *checks = g_new0 (AccessCheck, n);
  g_autofree OrgaServerDbQuery *queries = g_new0 (OrgaServerDbQuery, n * per_request);
  g_autofree OrgaServerRows **results = g_new0 (OrgaServerRows *, n * per_request);
  g_autofree guint *first = g_new0 (guint, n + 1);
  g_autofree GError **refusals = g_new0 (GError *, n);
  guint n_queries = 0;
  gboolean together;

  for (guint i = 0; i < n; i++)
    g_ptr_array_add (batch, self->deferred->pdata[i]);
  g_ptr_array_remove_range (self->deferred, 0, n);

  for (guint i = 0; i < n; i++)
    {
      Deferred *deferred = batch->pdata[i];

      first[i] = n_queries;
      n_queries += access_queries (deferred->req, deferred->route, &checks[i],
                                   queries + n_queries, &refusals[i]);
    }
  first[n] = n_queries;

  /* A statement that fails fails the round trip: then each request
   * checks alone, and gets its own answer. */
  together = n_queries > 0
             && orga_server_db_query_batch (self->db, n_queries, queries, results, NULL);
  if (together && n > 1)
    g_debug ("access checks: %u requests in one round trip", n);

  for (guint i = 0; i < n; i++)
    {
      Deferred *deferred = batch->pdata[i];
      g_autoptr(GError) error = g_steal_pointer (&refusals[i]);
      guint n_results = first[i + 1] - first[i];
      gboolean granted;

      if (n_results == 0)
        granted = FALSE;
      else if (together)
        granted = access_granted (deferred->req, deferred->route, results + first[i], n_results, &error);
      else
        granted = check_access (deferred->req, deferred->route, &error);
      access_check_clear (&checks[i]);

      if (granted)
        serve (deferred->req, deferred->route);
      else
        orga_request_reply_error (deferred->req, error);
      /* Answered, or paused again by its handler (a mail to send). */
      if (!deferred->req->paused)
        soup_server_message_unpause (deferred->req->msg);
    }

  if (self->deferred->len > 0)
    return G_SOURCE_CONTINUE;
  self->deferred_source = 0;
  return G_SOURCE_REMOVE;
}

static void
defer_access_check (OrgaServer  *self,
                    OrgaRequest *req,
                    const Route *route)
{
  Deferred *deferred = g_new0 (Deferred, 1);

  deferred->req = orga_request_ref (req);
  deferred->route = route;
  soup_server_message_pause (req->msg);
  if (self->deferred == NULL)
    self->deferred = g_ptr_array_new ();
  g_ptr_array_add (self->deferred, deferred);
  /* Below the sockets' priority: after every request already read. */
  if (self->deferred_source == 0)
    self->deferred_source = g_idle_add_full (G_PRIORITY_DEFAULT_IDLE, run_deferred,
                                             g_object_ref (self), g_object_unref);
}

static void
api_handler (SoupServer        *soup,
             SoupServerMessage *msg,
             const char        *path,
             GHashTable        *query,
             gpointer           user_data)
{
  OrgaServer *self = user_data;
  g_autoptr(OrgaRequest) req = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) params = NULL;
  g_auto(GStrv) segments = NULL;
  const char *method = soup_server_message_get_method (msg);
  const char *rest;
  const Route *route = NULL;
  gboolean path_known = FALSE;

  if (soup_server_message_get_status (msg) != 0)
    return;   /* answered when the headers came */

  req = g_new0 (OrgaRequest, 1);
  g_atomic_ref_count_init (&req->ref_count);
  req->server = g_object_ref (self);
  req->db = self->db;
  req->msg = g_object_ref (msg);
  req->query = query ? g_hash_table_ref (query) : NULL;

  orga_server_set_route (msg, "? /api/v1");

  rest = path + strlen (API_PREFIX);
  if (*rest != '/' && *rest != '\0')
    {
      orga_request_reply_code (req, ORGA_SERVER_ERROR_NOT_FOUND, NULL);
      return;
    }
  if (*rest == '/')
    rest++;

  segments = g_strsplit (rest, "/", -1);
  for (guint i = 0; segments[i] != NULL; i++)
    {
      char *decoded = g_uri_unescape_string (segments[i], NULL);

      if (decoded == NULL || !g_utf8_validate (decoded, -1, NULL))
        {
          g_free (decoded);
          orga_request_reply_code (req, ORGA_SERVER_ERROR_NOT_FOUND, NULL);
          return;
        }
      g_free (segments[i]);
      segments[i] = decoded;
    }

  /* One array for every pattern: route_matches() adds only on a match. */
  params = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; i < G_N_ELEMENTS (routes); i++)
    {
      if (!route_matches (routes[i].pattern, segments, params))
        continue;
      path_known = TRUE;
      if (g_str_equal (routes[i].method, method))
        {
          route = &routes[i];
          break;
        }
      g_ptr_array_set_size (params, 0);
    }

  if (route == NULL)
    {
      orga_request_reply_code (req, path_known ? ORGA_SERVER_ERROR_METHOD_NOT_ALLOWED
                                               : ORGA_SERVER_ERROR_NOT_FOUND, NULL);
      return;
    }

  orga_server_set_route (msg, route->route);
  g_ptr_array_add (params, NULL);
  req->params = (char **) g_ptr_array_free (g_steal_pointer (&params), FALSE);

  if (route->auth >= AUTH_MEMBER && orga_server_db_is_postgres (self->db))
    {
      defer_access_check (self, req, route);
      return;
    }

  if (!check_access (req, route, &error))
    {
      orga_request_reply_error (req, error);
      return;
    }
  serve (req, route);
}

/* The object */

static void
orga_server_dispose (GObject *object)
{
  OrgaServer *self = ORGA_SERVER (object);

  g_clear_handle_id (&self->outbox_source, g_source_remove);
  if (self->soup != NULL)
    soup_server_disconnect (self->soup);
  g_clear_object (&self->soup);

  G_OBJECT_CLASS (orga_server_parent_class)->dispose (object);
}

static void
orga_server_finalize (GObject *object)
{
  OrgaServer *self = ORGA_SERVER (object);

  g_clear_pointer (&self->deferred, g_ptr_array_unref);
  g_clear_object (&self->db);
  g_clear_object (&self->mailer);
  g_free (self->public_url);
  g_free (self->trusted_proxy);

  G_OBJECT_CLASS (orga_server_parent_class)->finalize (object);
}

static void
orga_server_class_init (OrgaServerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = orga_server_dispose;
  object_class->finalize = orga_server_finalize;
}

static void
orga_server_init (OrgaServer *self)
{
  self->mail_retry_s = 60;
}

OrgaServer *
orga_server_new (OrgaServerDb *db,
                 OrgaMailer   *mailer,
                 const char   *public_url)
{
  OrgaServer *self;

  g_return_val_if_fail (ORGA_IS_SERVER_DB (db), NULL);
  g_return_val_if_fail (ORGA_IS_MAILER (mailer), NULL);
  g_return_val_if_fail (public_url != NULL, NULL);

  if (sodium_init () < 0)
    g_error ("libsodium cannot start");

  self = g_object_new (ORGA_TYPE_SERVER, NULL);
  self->db = g_object_ref (db);
  self->mailer = g_object_ref (mailer);
  self->public_url = g_strdup (public_url);
  while (g_str_has_suffix (self->public_url, "/"))
    self->public_url[strlen (self->public_url) - 1] = '\0';

  return self;
}

void
orga_server_set_trusted_proxy (OrgaServer *self,
                               const char *address)
{
  g_return_if_fail (ORGA_IS_SERVER (self));

  g_free (self->trusted_proxy);
  self->trusted_proxy = g_strdup (address);
}

void
orga_server_set_mail_retry (OrgaServer *self,
                            guint       seconds)
{
  g_return_if_fail (ORGA_IS_SERVER (self));
  g_return_if_fail (self->soup == NULL);

  self->mail_retry_s = MAX (seconds, 1);
}

OrgaServerDb *
orga_server_get_db (OrgaServer *self)
{
  return self->db;
}

OrgaMailer *
orga_server_get_mailer (OrgaServer *self)
{
  return self->mailer;
}

const char *
orga_server_get_public_url (OrgaServer *self)
{
  return self->public_url;
}

char *
orga_server_get_client_address (OrgaServer        *self,
                                SoupServerMessage *msg)
{
  const char *peer = soup_server_message_get_remote_host (msg);
  const char *forwarded;

  if (peer == NULL)
    peer = "unknown";

  if (self->trusted_proxy == NULL || !g_str_equal (peer, self->trusted_proxy))
    return g_strdup (peer);

  /* The proxy appends the address it saw: the last hop is the one to
   * believe, the others came from the client. */
  forwarded = soup_message_headers_get_list (soup_server_message_get_request_headers (msg),
                                             "X-Forwarded-For");
  if (forwarded != NULL)
    {
      const char *last = strrchr (forwarded, ',');
      g_autofree char *hop = g_strstrip (g_strdup (last ? last + 1 : forwarded));
      g_autoptr(GInetAddress) address = g_inet_address_new_from_string (hop);

      if (address != NULL)
        return g_inet_address_to_string (address);
    }
  return g_strdup (peer);
}

/* What nobody will read again: expired sessions and reset links (a day
 * after their end, for the record), failure counts past their window. */
static void
clean_up (OrgaServer *self)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *day_ago = orga_server_time_after (-24 * 3600);
  g_autofree char *now = orga_server_now ();
  g_autofree char *window_start = orga_server_time_after (-15 * 60);

  if (!orga_server_db_execv (self->db, NULL, &error,
                             "DELETE FROM sessions WHERE expires_at < $1 OR revoked_at < $1",
                             day_ago, ORGA_SERVER_DB_END)
      || !orga_server_db_execv (self->db, NULL, &error,
                                "DELETE FROM password_resets WHERE expires_at < $1",
                                day_ago, ORGA_SERVER_DB_END)
      || !orga_server_db_execv (self->db, NULL, &error,
                                "DELETE FROM student_sessions WHERE expires_at < $1 OR revoked_at < $1",
                                day_ago, ORGA_SERVER_DB_END)
      || !orga_server_db_execv (self->db, NULL, &error,
                                "DELETE FROM sign_in_failures WHERE first_failure_at < $1"
                                " AND (blocked_until IS NULL OR blocked_until < $2)",
                                window_start, now, ORGA_SERVER_DB_END))
    orga_server_log_db_error ("clean-up", error);
}

static gboolean
retry_mail_cb (gpointer user_data)
{
  OrgaServer *self = user_data;
  gint64 now = g_get_monotonic_time ();

  if (self->stopping)
    return G_SOURCE_CONTINUE;

  orga_server_retry_mail (self, self->mail_retry_s);
  if (now - self->last_clean_up > (gint64) G_USEC_PER_SEC * 3600)
    {
      self->last_clean_up = now;
      clean_up (self);
    }
  return G_SOURCE_CONTINUE;
}

/* GLib listens with a backlog of 10: a class clicking "C'est parti !" at
 * once, or a burst while the loop commits, overflows it and the kernel
 * resets the connections it cannot queue. The kernel caps this at
 * net.core.somaxconn. */
#define LISTEN_BACKLOG 1024

static GSocketAddress *
parse_host_port (const char  *host_port,
                 GError     **error)
{
  g_autoptr(GSocketAddress) address = NULL;
  g_autofree char *host = NULL;
  const char *colon;
  guint64 port = 0;

  colon = strrchr (host_port, ':');
  if (colon == NULL || colon == host_port
      || !g_ascii_string_to_unsigned (colon + 1, 10, 0, 65535, &port, NULL))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   "--listen attend HÔTE:PORT, par exemple 127.0.0.1:8080, et non « %s »", host_port);
      return NULL;
    }
  host = g_strndup (host_port, colon - host_port);
  if (host[0] == '[' && host[strlen (host) - 1] == ']')
    {
      memmove (host, host + 1, strlen (host));
      host[strlen (host) - 1] = '\0';
    }
  if (g_str_equal (host, "localhost"))
    {
      g_free (host);
      host = g_strdup ("127.0.0.1");
    }

  address = g_inet_socket_address_new_from_string (host, (guint) port);
  if (address == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   "--listen : « %s » n’est pas une adresse IP", host);
      return NULL;
    }
  return g_steal_pointer (&address);
}

/* Bound, listening when @listen. With @reuse_port, other sockets of this
 * user may bind the same port and the kernel spreads the connections
 * among the listening ones (--workers). */
static GSocket *
bind_socket (GSocketAddress  *address,
             gboolean         reuse_port,
             gboolean         listen,
             GError         **error)
{
  g_autoptr(GSocket) socket = g_socket_new (g_socket_address_get_family (address), G_SOCKET_TYPE_STREAM,
                                            G_SOCKET_PROTOCOL_TCP, error);

  if (socket == NULL)
    return NULL;
  g_socket_set_listen_backlog (socket, LISTEN_BACKLOG);
  if (reuse_port)
    {
      struct sockaddr_storage native;
      gssize size = g_socket_address_get_native_size (address);

      /* Not g_socket_bind(): it turns SO_REUSEPORT off on TCP sockets. */
      if (!g_socket_set_option (socket, SOL_SOCKET, SO_REUSEADDR, 1, error)
          || !g_socket_set_option (socket, SOL_SOCKET, SO_REUSEPORT, 1, error)
          || !g_socket_address_to_native (address, &native, sizeof native, error))
        return NULL;
      if (bind (g_socket_get_fd (socket), (struct sockaddr *) &native, (socklen_t) size) != 0)
        {
          int saved = errno;

          g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved), "%s", g_strerror (saved));
          return NULL;
        }
    }
  else if (!g_socket_bind (socket, address, TRUE, error))
    return NULL;
  if (listen && !g_socket_listen (socket, error))
    return NULL;
  return g_steal_pointer (&socket);
}

GSocket *
orga_server_reserve_port (const char  *host_port,
                          char       **bound_host_port,
                          GError     **error)
{
  g_autoptr(GSocketAddress) address = parse_host_port (host_port, error);
  g_autoptr(GSocket) socket = NULL;
  g_autoptr(GSocketAddress) local = NULL;
  g_autofree char *host = NULL;

  if (address == NULL)
    return NULL;
  socket = bind_socket (address, TRUE, FALSE, error);
  if (socket == NULL)
    return NULL;
  local = g_socket_get_local_address (socket, error);
  if (local == NULL)
    return NULL;
  host = g_inet_address_to_string (g_inet_socket_address_get_address (G_INET_SOCKET_ADDRESS (local)));
  *bound_host_port = g_strdup_printf (strchr (host, ':') ? "[%s]:%u" : "%s:%u", host,
                                      g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (local)));
  return g_steal_pointer (&socket);
}

void
orga_server_set_worker (OrgaServer *self,
                        guint       worker)
{
  g_return_if_fail (ORGA_IS_SERVER (self));
  g_return_if_fail (self->soup == NULL);

  self->worker = worker;
  self->reuse_port = worker > 0;
}

gboolean
orga_server_listen (OrgaServer       *self,
                    const char       *host_port,
                    GTlsCertificate  *certificate,
                    GError          **error)
{
  g_autoptr(GSocketAddress) address = NULL;
  g_autoptr(GSocket) socket = NULL;

  g_return_val_if_fail (ORGA_IS_SERVER (self), FALSE);
  g_return_val_if_fail (self->soup == NULL, FALSE);

  address = parse_host_port (host_port, error);
  if (address == NULL)
    return FALSE;

  self->soup = g_object_new (SOUP_TYPE_SERVER,
                             "server-header", "pixorga-server",
                             "tls-certificate", certificate,
                             NULL);
  self->https = certificate != NULL;

  g_signal_connect (self->soup, "request-started", G_CALLBACK (on_request_started), self);
  g_signal_connect (self->soup, "request-finished", G_CALLBACK (on_request_finished), self);
  g_signal_connect (self->soup, "request-aborted", G_CALLBACK (on_request_aborted), self);

  soup_server_add_handler (self->soup, API_PREFIX, api_handler, self, NULL);
  orga_server_web_register (self, self->soup);

  socket = bind_socket (address, self->reuse_port, TRUE, error);
  if (socket == NULL
      || !soup_server_listen_socket (self->soup, socket, certificate ? SOUP_SERVER_LISTEN_HTTPS : 0, error))
    {
      g_clear_object (&self->soup);
      return FALSE;
    }

  self->last_clean_up = g_get_monotonic_time ();
  clean_up (self);
  self->outbox_source = g_timeout_add_seconds (self->mail_retry_s, retry_mail_cb, self);

  return TRUE;
}

char *
orga_server_get_uri (OrgaServer *self)
{
  GSList *uris;
  char *text = NULL;

  g_return_val_if_fail (ORGA_IS_SERVER (self), NULL);

  if (self->soup == NULL)
    return NULL;

  uris = soup_server_get_uris (self->soup);
  if (uris != NULL)
    {
      GUri *uri = uris->data;
      const char *host = g_uri_get_host (uri);

      text = g_strdup_printf (strchr (host, ':') ? "%s://[%s]:%d" : "%s://%s:%d",
                              g_uri_get_scheme (uri), host, g_uri_get_port (uri));
    }
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);
  return text;
}

typedef struct
{
  gint64 deadline;
} ShutdownData;

static gboolean
shutdown_poll (gpointer user_data)
{
  GTask *task = user_data;
  OrgaServer *self = g_task_get_source_object (task);
  ShutdownData *data = g_task_get_task_data (task);

  if (self->in_flight > 0 && g_get_monotonic_time () < data->deadline)
    return G_SOURCE_CONTINUE;

  if (self->soup != NULL)
    soup_server_disconnect (self->soup);
  g_task_return_boolean (task, TRUE);
  return G_SOURCE_REMOVE;
}

void
orga_server_shutdown_async (OrgaServer          *self,
                            guint                timeout_ms,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  GTask *task;
  ShutdownData *data;

  g_return_if_fail (ORGA_IS_SERVER (self));

  task = g_task_new (self, NULL, callback, user_data);
  data = g_new0 (ShutdownData, 1);
  data->deadline = g_get_monotonic_time () + (gint64) timeout_ms * 1000;
  g_task_set_task_data (task, data, g_free);

  /* New requests get 503 and their connection closed; the ones in
   * flight finish. */
  self->stopping = TRUE;
  g_clear_handle_id (&self->outbox_source, g_source_remove);
  g_timeout_add_full (G_PRIORITY_DEFAULT, 20, shutdown_poll, task, g_object_unref);
}

void
orga_server_shutdown_finish (OrgaServer   *self,
                             GAsyncResult *result)
{
  g_task_propagate_boolean (G_TASK (result), NULL);
}
