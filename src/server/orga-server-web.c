/* orga-server-web.c: the HTML pages (/rejoindre, /mot-de-passe)
 *
 * Every page is built here as one string: a small fixed layout, inline
 * CSS (the Content-Security-Policy allows nothing else), every value that
 * came from a user or the database escaped. A form that fails comes back
 * with its fields filled (never the password) and an error summary that
 * screen readers announce (role="alert") and that links to the fields.
 *
 * The links of the mails are opened from a mail client, on any device:
 * the page must work without JavaScript, on a narrow screen, and must not
 * leak the code or the token of its address (Referrer-Policy).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "orga-server"

#include "config.h"

#include <sodium.h>
#include <string.h>

#include "orga-server-private.h"
#include "orga-server-web.h"

#define CSRF_COOKIE "orga_csrf"
#define CSRF_FIELD "jeton"

#define PIX_CGU_URL "https://pix.fr/conditions-generales-d-utilisation"
#define PIX_ORGA_CGU_URL "https://orga.pix.fr/cgu"

#define MSG_MALFORMED "La requête n’est pas valide."
#define MSG_CSRF "Ce formulaire a expiré ou ne vient pas de ce site. Rechargez la page et recommencez."
#define MSG_NOT_FOUND "La page demandée n’existe pas."
#define MSG_PASSWORDS_DIFFER "Les deux mots de passe ne sont pas identiques."
#define MSG_PASSWORD_RULE "Votre mot de passe doit contenir 8 caractères au minimum et comporter au moins une majuscule, une minuscule et un chiffre."
#define MSG_ORGA_TERMS "Vous devez accepter les conditions d’utilisation de Pix Orga."
#define MSG_PIX_TERMS "Vous devez accepter les conditions d’utilisation de Pix pour créer un compte."
#define MSG_EMAIL_MISSING "Votre adresse e-mail n’est pas renseignée."
#define MSG_PASSWORD_MISSING "Votre mot de passe n’est pas renseigné."
#define MSG_INTERNAL "Une erreur est survenue sur le serveur. Réessayez plus tard."

/* Escaping */

char *
orga_server_web_escape (const char *text)
{
  g_autofree char *valid = NULL;

  if (text == NULL)
    return g_strdup ("");
  if (!g_utf8_validate (text, -1, NULL))
    text = valid = g_utf8_make_valid (text, -1);
  /* Escapes & < > ' and ", enough for text and quoted attributes. */
  return g_markup_escape_text (text, -1);
}

static void
append_escaped (GString    *out,
                const char *text)
{
  g_autofree char *escaped = orga_server_web_escape (text);

  g_string_append (out, escaped);
}

/* A query parameter, percent-encoded. */
static void
append_param (GString    *out,
              const char *name,
              const char *value)
{
  g_autofree char *escaped = g_uri_escape_string (value ? value : "", NULL, FALSE);

  if (out->len > 0 && out->str[out->len - 1] != '?')
    g_string_append_c (out, '&');
  g_string_append_printf (out, "%s=%s", name, escaped);
}

/* Pages */

static const char page_style[] =
  "*{box-sizing:border-box}"
  "html{font-size:100%;-webkit-text-size-adjust:100%}"
  "body{margin:0;font-family:system-ui,-apple-system,'Segoe UI',Roboto,Cantarell,sans-serif;"
  "line-height:1.5;color:#1f2430;background:#f4f5f7}"
  "header{background:#253858;color:#fff;padding:.75rem 1rem}"
  "header p{margin:0;font-weight:700;font-size:1.125rem}"
  "main{max-width:34rem;margin:0 auto;padding:1rem 1rem 3rem}"
  "h1{font-size:1.5rem;line-height:1.25;margin:1rem 0}"
  "h2{font-size:1.125rem;margin:1.5rem 0 .5rem}.carte form>h2{margin-top:0}"
  ".carte{background:#fff;border:1px solid #d5d9e0;border-radius:8px;padding:1rem 1.25rem;margin:1rem 0}"
  "label{display:block;font-weight:600;margin:1rem 0 .25rem}"
  ".aide{color:#4a5263;font-size:.9375rem;margin:.25rem 0}"
  "input[type=text],input[type=email],input[type=password]{display:block;width:100%;font:inherit;"
  "padding:.625rem .75rem;border:1px solid #6b7385;border-radius:6px;background:#fff;color:inherit}"
  "input:focus,a:focus,button:focus{outline:3px solid #ffbf47;outline-offset:2px}"
  "input[aria-invalid=true]{border:2px solid #b3261e}"
  ".case{display:flex;gap:.625rem;align-items:flex-start;margin:1rem 0}"
  ".case input{width:1.375rem;height:1.375rem;margin:.125rem 0 0;flex:none}"
  ".case label{margin:0;font-weight:400}"
  "button,.bouton{display:block;width:100%;font:inherit;font-weight:700;text-align:center;"
  "padding:.75rem 1rem;margin:1.5rem 0 .5rem;border:0;border-radius:6px;background:#3d68ff;"
  "color:#fff;text-decoration:none;cursor:pointer}"
  ".erreurs{border:2px solid #b3261e;background:#fdeceb;border-radius:8px;padding:.75rem 1rem;margin:1rem 0}"
  ".erreurs h2{margin:0 0 .25rem;font-size:1rem;color:#8c1d18}"
  ".erreurs ul{margin:0;padding-left:1.25rem}"
  ".erreurs a{color:#8c1d18}"
  ".erreur-champ{color:#b3261e;font-weight:600;margin:.25rem 0}"
  ".succes{border:2px solid #1e7b34;background:#e8f5eb;border-radius:8px;padding:.75rem 1rem;margin:1rem 0}"
  ".onglets{display:flex;gap:.5rem;margin:1rem 0 0;padding:0;list-style:none}"
  ".onglets li{flex:1}"
  ".onglets a,.onglets span{display:block;text-align:center;padding:.5rem;border-radius:6px 6px 0 0;"
  "border:1px solid #d5d9e0;border-bottom:0;color:#253858}"
  ".onglets span{background:#fff;font-weight:700}"
  ".onglets + .carte{margin-top:0;border-top-left-radius:0;border-top-right-radius:0}"
  "a{color:#2044c9}"
  "@media (prefers-color-scheme:dark){body{background:#15181e;color:#e7e9ee}"
  ".carte,.onglets span{background:#20242c;border-color:#3a404c}"
  "input[type=text],input[type=email],input[type=password]{background:#15181e;border-color:#8a92a3}"
  ".aide{color:#b5bccb}a{color:#9db4ff}.onglets a{color:#9db4ff}"
  ".erreurs{background:#3a1715}.erreurs h2,.erreurs a{color:#ffb4ab}.erreur-champ{color:#ffb4ab}"
  ".succes{background:#12301a}}";

typedef struct
{
  const char *field;         /* the id of the input, NULL for the whole form */
  char *message;
} FieldError;

static void
field_error_clear (FieldError *e)
{
  g_free (e->message);
}

typedef struct
{
  GArray *errors;            /* FieldError */
} Errors;

static void
errors_init (Errors *errors)
{
  errors->errors = g_array_new (FALSE, TRUE, sizeof (FieldError));
  g_array_set_clear_func (errors->errors, (GDestroyNotify) field_error_clear);
}

static void
errors_clear (Errors *errors)
{
  g_clear_pointer (&errors->errors, g_array_unref);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Errors, errors_clear)

static void
errors_add (Errors     *errors,
            const char *field,
            const char *message)
{
  FieldError e = { field, g_strdup (message) };

  g_array_append_val (errors->errors, e);
}

static const char *
errors_for (Errors     *errors,
            const char *field)
{
  if (errors == NULL || errors->errors == NULL)
    return NULL;
  for (guint i = 0; i < errors->errors->len; i++)
    {
      FieldError *e = &g_array_index (errors->errors, FieldError, i);
      if (e->field != NULL && g_str_equal (e->field, field))
        return e->message;
    }
  return NULL;
}

static gboolean
errors_any (Errors *errors)
{
  return errors != NULL && errors->errors != NULL && errors->errors->len > 0;
}

static GString *
page_begin (const char *title)
{
  GString *out = g_string_new ("<!DOCTYPE html>\n<html lang=\"fr\">\n<head>\n<meta charset=\"utf-8\">\n"
                               "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
                               "<meta name=\"referrer\" content=\"same-origin\">\n<title>");
  append_escaped (out, title);
  g_string_append (out, " – Pix Orga</title>\n<style>");
  g_string_append (out, page_style);
  g_string_append (out, "</style>\n</head>\n<body>\n<header><p>Pix Orga</p></header>\n<main>\n<h1>");
  append_escaped (out, title);
  g_string_append (out, "</h1>\n");
  return out;
}

static char *
page_end (GString *out)
{
  g_string_append (out, "</main>\n</body>\n</html>\n");
  return g_string_free (out, FALSE);
}

/* The summary of a form's errors, first in the page: announced, and each
 * message a link to its field. */
static void
append_error_summary (GString *out,
                      Errors  *errors)
{
  if (!errors_any (errors))
    return;

  g_string_append (out, "<div class=\"erreurs\" role=\"alert\" id=\"erreurs\" tabindex=\"-1\">\n"
                        "<h2>");
  g_string_append (out, errors->errors->len > 1 ? "Le formulaire contient des erreurs"
                                                : "Le formulaire contient une erreur");
  g_string_append (out, "</h2>\n<ul>\n");
  for (guint i = 0; i < errors->errors->len; i++)
    {
      FieldError *e = &g_array_index (errors->errors, FieldError, i);

      g_string_append (out, "<li>");
      if (e->field != NULL)
        g_string_append_printf (out, "<a href=\"#%s\">", e->field);
      append_escaped (out, e->message);
      if (e->field != NULL)
        g_string_append (out, "</a>");
      g_string_append (out, "</li>\n");
    }
  g_string_append (out, "</ul>\n</div>\n");
}

/* A message alone on its page, for a link that cannot be used. */
static void
append_alert (GString    *out,
              const char *message)
{
  g_string_append (out, "<div class=\"erreurs\" role=\"alert\"><p>");
  append_escaped (out, message);
  g_string_append (out, "</p></div>\n");
}

static void
append_input (GString    *out,
              Errors     *errors,
              const char *id,
              const char *label,
              const char *type,
              const char *autocomplete,
              const char *value,
              const char *help)
{
  const char *error = errors_for (errors, id);
  g_autofree char *described = NULL;

  /* The rule refused is said once, as the error. */
  if (help != NULL && error != NULL && g_str_equal (help, error))
    help = NULL;
  if (help != NULL && error != NULL)
    described = g_strdup_printf ("%s-aide %s-erreur", id, id);
  else if (help != NULL)
    described = g_strdup_printf ("%s-aide", id);
  else if (error != NULL)
    described = g_strdup_printf ("%s-erreur", id);

  g_string_append_printf (out, "<label for=\"%s\">", id);
  append_escaped (out, label);
  g_string_append (out, "</label>\n");
  if (help != NULL)
    {
      g_string_append_printf (out, "<p class=\"aide\" id=\"%s-aide\">", id);
      append_escaped (out, help);
      g_string_append (out, "</p>\n");
    }
  if (error != NULL)
    {
      g_string_append_printf (out, "<p class=\"erreur-champ\" id=\"%s-erreur\">", id);
      append_escaped (out, error);
      g_string_append (out, "</p>\n");
    }
  g_string_append_printf (out, "<input type=\"%s\" id=\"%s\" name=\"%s\" autocomplete=\"%s\" required",
                          type, id, id, autocomplete);
  if (g_str_equal (type, "email"))
    g_string_append (out, " inputmode=\"email\" spellcheck=\"false\" autocapitalize=\"off\"");
  if (described != NULL)
    g_string_append_printf (out, " aria-describedby=\"%s\"", described);
  if (error != NULL)
    g_string_append (out, " aria-invalid=\"true\"");
  if (value != NULL && *value != '\0')
    {
      g_string_append (out, " value=\"");
      append_escaped (out, value);
      g_string_append (out, "\"");
    }
  g_string_append (out, ">\n");
}

/* @label_html is trusted markup (our own links). */
static void
append_checkbox (GString    *out,
                 Errors     *errors,
                 const char *id,
                 const char *label_html,
                 gboolean    checked,
                 gboolean    required)
{
  const char *error = errors_for (errors, id);

  if (error != NULL)
    {
      g_string_append_printf (out, "<p class=\"erreur-champ\" id=\"%s-erreur\">", id);
      append_escaped (out, error);
      g_string_append (out, "</p>\n");
    }
  g_string_append_printf (out, "<div class=\"case\"><input type=\"checkbox\" id=\"%s\" name=\"%s\" value=\"1\"%s",
                          id, id, required ? " required" : "");
  if (checked)
    g_string_append (out, " checked");
  if (error != NULL)
    g_string_append_printf (out, " aria-invalid=\"true\" aria-describedby=\"%s-erreur\"", id);
  g_string_append_printf (out, "><label for=\"%s\">%s</label></div>\n", id, label_html);
}

static void
append_hidden (GString    *out,
               const char *name,
               const char *value)
{
  g_string_append_printf (out, "<input type=\"hidden\" name=\"%s\" value=\"", name);
  append_escaped (out, value);
  g_string_append (out, "\">\n");
}

/* Answers */

static void
set_page (SoupServerMessage *msg,
          guint              status,
          char              *html)
{
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (msg);

  soup_server_message_set_status (msg, status, NULL);
  soup_message_headers_replace (headers, "Cache-Control", "no-store");
  soup_message_headers_replace (headers, "X-Content-Type-Options", "nosniff");
  soup_message_headers_replace (headers, "X-Frame-Options", "DENY");
  /* The address holds the invitation's code or the reset token: never
   * to another site. (Not "no-referrer": browsers then send the forms
   * with "Origin: null", which the check of the origin must refuse.) */
  soup_message_headers_replace (headers, "Referrer-Policy", "same-origin");
  soup_message_headers_replace (headers, "Content-Security-Policy",
                                "default-src 'none'; style-src 'unsafe-inline'; img-src 'self'; "
                                "form-action 'self'; frame-ancestors 'none'; base-uri 'none'");
  soup_server_message_set_response (msg, "text/html; charset=utf-8", SOUP_MEMORY_TAKE,
                                    html, strlen (html));
}

static void
reply_message_page (SoupServerMessage *msg,
                    guint              status,
                    const char        *title,
                    const char        *message)
{
  GString *out = page_begin (title);

  append_alert (out, message);
  set_page (msg, status, page_end (out));
}

static gboolean
is_https (OrgaServer *self)
{
  return g_str_has_prefix (orga_server_get_public_url (self), "https:");
}

/* CSRF: the token of the cookie if there is a usable one, or a new one,
 * set on the answer. */
static char *
csrf_token (OrgaServer        *self,
            SoupServerMessage *msg)
{
  SoupMessageHeaders *request = soup_server_message_get_request_headers (msg);
  const char *cookie = soup_message_headers_get_one (request, "Cookie");
  g_autofree char *token = NULL;
  g_autofree char *header = NULL;

  if (cookie != NULL)
    {
      g_auto(GStrv) parts = g_strsplit (cookie, ";", -1);
      for (guint i = 0; parts[i] != NULL; i++)
        {
          const char *part = g_strstrip (parts[i]);
          if (g_str_has_prefix (part, CSRF_COOKIE "=") && strlen (part) == strlen (CSRF_COOKIE "=") + 43)
            {
              token = g_strdup (part + strlen (CSRF_COOKIE "="));
              break;
            }
        }
    }
  if (token != NULL)
    {
      for (const char *p = token; *p; p++)
        if (!g_ascii_isalnum (*p) && *p != '-' && *p != '_')
          g_clear_pointer (&token, g_free);
    }
  if (token == NULL)
    {
      guint8 raw[32];
      char b64[64];

      randombytes_buf (raw, sizeof raw);
      sodium_bin2base64 (b64, sizeof b64, raw, sizeof raw, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
      token = g_strdup (b64);
    }

  header = g_strdup_printf (CSRF_COOKIE "=%s; Path=/; HttpOnly; SameSite=Strict%s",
                            token, is_https (self) ? "; Secure" : "");
  soup_message_headers_replace (soup_server_message_get_response_headers (msg), "Set-Cookie", header);
  return g_steal_pointer (&token);
}

static gboolean
origin_allowed (OrgaServer        *self,
                SoupServerMessage *msg)
{
  SoupMessageHeaders *request = soup_server_message_get_request_headers (msg);
  const char *origin = soup_message_headers_get_one (request, "Origin");
  const char *host = soup_message_headers_get_one (request, "Host");
  const char *public_url = orga_server_get_public_url (self);
  const char *after_scheme;
  gsize public_origin_len;

  /* Browsers send Origin with every cross-site POST; a request without
   * one is no browser's cross-site form (and the cookie is checked). */
  if (origin == NULL)
    return TRUE;
  /* "null" comes from privacy settings as well as from sandboxed frames:
   * the browser's own Sec-Fetch-Site tells. */
  if (g_str_equal (origin, "null"))
    return g_strcmp0 (soup_message_headers_get_one (request, "Sec-Fetch-Site"), "same-origin") == 0;

  after_scheme = strstr (public_url, "://");
  if (after_scheme != NULL)
    {
      const char *slash = strchr (after_scheme + 3, '/');
      public_origin_len = slash ? (gsize) (slash - public_url) : strlen (public_url);
      if (strlen (origin) == public_origin_len && strncmp (origin, public_url, public_origin_len) == 0)
        return TRUE;
    }

  /* Behind a proxy or on a test port, the page's own host. */
  if (host != NULL)
    {
      const char *o = strstr (origin, "://");
      if (o != NULL && g_str_equal (o + 3, host)
          && (g_str_has_prefix (origin, "http://") || g_str_has_prefix (origin, "https://")))
        return TRUE;
    }
  return FALSE;
}

static gboolean
csrf_valid (OrgaServer        *self,
            SoupServerMessage *msg,
            GHashTable        *form)
{
  SoupMessageHeaders *request = soup_server_message_get_request_headers (msg);
  const char *cookie = soup_message_headers_get_one (request, "Cookie");
  const char *field = g_hash_table_lookup (form, CSRF_FIELD);
  gboolean found = FALSE;

  if (!origin_allowed (self, msg))
    return FALSE;
  if (cookie == NULL || field == NULL || strlen (field) != 43)
    return FALSE;

  {
    g_auto(GStrv) parts = g_strsplit (cookie, ";", -1);
    for (guint i = 0; parts[i] != NULL; i++)
      {
        const char *part = g_strstrip (parts[i]);
        if (g_str_has_prefix (part, CSRF_COOKIE "=")
            && strlen (part + strlen (CSRF_COOKIE "=")) == 43
            && sodium_memcmp (part + strlen (CSRF_COOKIE "="), field, 43) == 0)
          found = TRUE;
      }
  }
  return found;
}

/* The form's fields, or NULL when the body is no form or not UTF-8. */
static GHashTable *
decode_form (SoupServerMessage *msg)
{
  SoupMessageHeaders *request = soup_server_message_get_request_headers (msg);
  const char *type = soup_message_headers_get_content_type (request, NULL);
  SoupMessageBody *body = soup_server_message_get_request_body (msg);
  g_autoptr(GBytes) bytes = NULL;
  g_autofree char *text = NULL;
  gsize len;
  GHashTable *form;
  GHashTableIter iter;
  gpointer key, value;

  if (type == NULL || g_ascii_strcasecmp (type, "application/x-www-form-urlencoded") != 0)
    return NULL;
  bytes = soup_message_body_flatten (body);
  len = g_bytes_get_size (bytes);
  /* An empty body has no data pointer at all. */
  text = len > 0 ? g_strndup (g_bytes_get_data (bytes, NULL), len) : g_strdup ("");
  if (strlen (text) != len)
    return NULL;   /* a NUL byte */
  form = soup_form_decode (text);
  g_hash_table_iter_init (&iter, form);
  while (g_hash_table_iter_next (&iter, &key, &value))
    if (!g_utf8_validate (key, -1, NULL) || !g_utf8_validate (value, -1, NULL))
      {
        g_hash_table_unref (form);
        return NULL;
      }
  return form;
}

static const char *
form_get (GHashTable *form,
          const char *name)
{
  const char *value = g_hash_table_lookup (form, name);

  return value ? value : "";
}

/* /rejoindre */

typedef struct
{
  OrgaServer *server;
  SoupServerMessage *msg;
  OrgaServerInvitation *invitation;
  char *invitation_id;
  char *code;
  gboolean sign_in;           /* "J'ai déjà un compte Pix" */
  char *first_name;
  char *last_name;
  char *email;
  char *password;
  gboolean pix_terms;
  gboolean orga_terms;
  char *csrf;
} Join;

static void
join_free (Join *join)
{
  g_clear_object (&join->server);
  g_clear_object (&join->msg);
  g_clear_pointer (&join->invitation, orga_server_invitation_free);
  g_free (join->invitation_id);
  g_free (join->code);
  g_free (join->first_name);
  g_free (join->last_name);
  g_free (join->email);
  if (join->password != NULL)
    sodium_memzero (join->password, strlen (join->password));
  g_free (join->password);
  g_free (join->csrf);
  g_free (join);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Join, join_free)

static void
append_school (GString              *out,
               OrgaServerInvitation *invitation)
{
  g_string_append (out, "<strong>");
  append_escaped (out, invitation->organization_name);
  if (invitation->organization_uai != NULL && *invitation->organization_uai != '\0')
    {
      g_string_append (out, " (");
      append_escaped (out, invitation->organization_uai);
      g_string_append (out, ")");
    }
  g_string_append (out, "</strong>");
}

static char *
join_link (Join       *join,
           const char *mode)
{
  GString *link = g_string_new ("?");

  append_param (link, "invitationId", join->invitation_id);
  append_param (link, "code", join->code);
  if (mode != NULL)
    append_param (link, "mode", mode);
  return g_string_free (link, FALSE);
}

static char *
join_form_page (Join   *join,
                Errors *errors)
{
  GString *out = page_begin ("Rejoindre Pix Orga");
  g_autofree char *other = join_link (join, join->sign_in ? "inscription" : "connexion");

  g_string_append (out, "<p>Vous êtes invité à rejoindre l’espace Pix Orga de ");
  append_school (out, join->invitation);
  if (g_strcmp0 (join->invitation->role, "ADMIN") == 0)
    g_string_append (out, " en tant qu’administrateur");
  g_string_append (out, ".</p>\n");
  append_error_summary (out, errors);

  g_string_append (out, "<ul class=\"onglets\">\n");
  if (join->sign_in)
    g_string_append_printf (out, "<li><a href=\"%s\">Je m’inscris</a></li>\n"
                                 "<li><span aria-current=\"page\">J'ai déjà un compte Pix</span></li>\n",
                            other);
  else
    g_string_append_printf (out, "<li><span aria-current=\"page\">Je m’inscris</span></li>\n"
                                 "<li><a href=\"%s\">J'ai déjà un compte Pix</a></li>\n",
                            other);
  g_string_append (out, "</ul>\n<div class=\"carte\">\n<form method=\"post\" action=\"rejoindre\" novalidate>\n");
  append_hidden (out, "invitationId", join->invitation_id);
  append_hidden (out, "code", join->code);
  append_hidden (out, "mode", join->sign_in ? "connexion" : "inscription");
  append_hidden (out, CSRF_FIELD, join->csrf);

  if (join->sign_in)
    {
      g_string_append (out, "<h2>Connectez-vous avec votre compte Pix</h2>\n");
      append_input (out, errors, "email", "Adresse e-mail", "email", "username", join->email, NULL);
      append_input (out, errors, "mot-de-passe", "Mot de passe", "password", "current-password", NULL, NULL);
      g_string_append (out, "<p class=\"aide\"><a href=\"mot-de-passe\">Mot de passe oublié ?</a></p>\n");
    }
  else
    {
      g_string_append (out, "<h2>Créez votre compte Pix</h2>\n");
      append_input (out, errors, "prenom", "Prénom", "text", "given-name", join->first_name, NULL);
      append_input (out, errors, "nom", "Nom", "text", "family-name", join->last_name, NULL);
      append_input (out, errors, "email", "Adresse e-mail", "email", "email", join->email, NULL);
      append_input (out, errors, "mot-de-passe", "Mot de passe", "password", "new-password", NULL,
                    MSG_PASSWORD_RULE);
      append_checkbox (out, errors, "cgu-pix",
                       "J’accepte les <a href=\"" PIX_CGU_URL "\">conditions d’utilisation de Pix</a>",
                       join->pix_terms, TRUE);
    }
  append_checkbox (out, errors, "cgu-orga",
                   "J’accepte les <a href=\"" PIX_ORGA_CGU_URL "\">conditions d’utilisation de Pix Orga</a>",
                   join->orga_terms, !join->sign_in);
  if (join->sign_in)
    g_string_append (out, "<p class=\"aide\">Inutile de cocher cette case si vous les avez déjà acceptées.</p>\n");
  g_string_append_printf (out, "<button type=\"submit\">%s</button>\n</form>\n</div>\n",
                          join->sign_in ? "Je me connecte et je rejoins l’espace"
                                        : "Je m’inscris et je rejoins l’espace");
  return page_end (out);
}

/* The invitation behind the link, or the page saying why it cannot be
 * used (and FALSE). */
static gboolean
join_load_invitation (Join *join)
{
  g_autoptr(GError) error = NULL;
  OrgaServerError refusal;
  guint status;

  if (*join->invitation_id == '\0' || *join->code == '\0')
    orga_server_set_error (&error, ORGA_SERVER_ERROR_INVITATION_NOT_FOUND, NULL);
  else
    join->invitation = orga_server_get_invitation (join->server, join->invitation_id, join->code, &error);

  if (join->invitation != NULL)
    {
      if (g_str_equal (join->invitation->status, "pending") && !join->invitation->organization_archived)
        return TRUE;
      if (g_str_equal (join->invitation->status, "accepted"))
        refusal = ORGA_SERVER_ERROR_INVITATION_ACCEPTED;
      else if (g_str_equal (join->invitation->status, "cancelled"))
        refusal = ORGA_SERVER_ERROR_INVITATION_CANCELLED;
      else
        refusal = ORGA_SERVER_ERROR_ORGANIZATION_ARCHIVED;
      orga_server_set_error (&error, refusal, NULL);
    }

  status = orga_server_error_status (error);
  if (status >= 500)
    g_warning ("/rejoindre: %s", error->message);
  reply_message_page (join->msg, status, "Rejoindre Pix Orga",
                      status >= 500 ? MSG_INTERNAL : error->message);
  return FALSE;
}

static void
join_reply_form (Join   *join,
                 guint   status,
                 Errors *errors)
{
  set_page (join->msg, status, join_form_page (join, errors));
}

/* Which field a refusal of the domain is about. */
static const char *
field_of_error (const GError *error)
{
  if (error->domain != ORGA_SERVER_ERROR)
    return NULL;
  switch (error->code)
    {
    case ORGA_SERVER_ERROR_FIRST_NAME_MISSING:
      return "prenom";
    case ORGA_SERVER_ERROR_LAST_NAME_MISSING:
      return "nom";
    case ORGA_SERVER_ERROR_INVALID_EMAIL:
    case ORGA_SERVER_ERROR_EMAIL_TAKEN:
      return "email";
    case ORGA_SERVER_ERROR_INVALID_PASSWORD:
      return "mot-de-passe";
    case ORGA_SERVER_ERROR_TERMS_NOT_ACCEPTED:
      return "cgu-pix";
    case ORGA_SERVER_ERROR_ORGA_TERMS_NOT_ACCEPTED:
      return "cgu-orga";
    default:
      return NULL;
    }
}

static void
join_reply_error (Join         *join,
                  const GError *error)
{
  g_auto(Errors) errors = { NULL };
  guint status = orga_server_error_status (error);
  guint retry = orga_server_error_retry_after (error);

  errors_init (&errors);
  if (status >= 500)
    g_warning ("/rejoindre: %s", error->message);
  errors_add (&errors, field_of_error (error), status >= 500 ? MSG_INTERNAL : error->message);
  if (retry > 0)
    {
      g_autofree char *seconds = g_strdup_printf ("%u", retry);
      soup_message_headers_replace (soup_server_message_get_response_headers (join->msg),
                                    "Retry-After", seconds);
    }
  join_reply_form (join, status, &errors);
}

static gboolean
user_accepted_orga_terms (OrgaServer *self,
                          const char *user_id)
{
  g_autoptr(OrgaServerRows) rows = NULL;

  rows = orga_server_db_queryv (orga_server_get_db (self), NULL,
                                "SELECT pix_orga_terms_accepted FROM users WHERE id = $1",
                                user_id, ORGA_SERVER_DB_END);
  return rows != NULL && orga_server_rows_get_n_rows (rows) == 1
         && orga_server_rows_get_int (rows, 0, 0) != 0;
}

static void
join_success_page (Join       *join,
                   const char *role,
                   const char *notice)
{
  GString *out = page_begin ("Bienvenue dans Pix Orga");
  GString *link = g_string_new ("pixorga://rejoindre?");

  append_param (link, "server", orga_server_get_public_url (join->server));
  append_param (link, "invitationId", join->invitation_id);
  append_param (link, "code", join->code);

  g_string_append (out, "<div class=\"succes\" role=\"status\"><p>");
  if (notice != NULL)
    {
      append_escaped (out, notice);
      g_string_append (out, "</p><p>");
    }
  g_string_append_printf (out, "Vous êtes maintenant %s de l’espace Pix Orga de ",
                          g_strcmp0 (role, "ADMIN") == 0 ? "administrateur" : "membre");
  append_school (out, join->invitation);
  g_string_append (out, ".</p></div>\n<p>Ouvrez PixOrga sur votre ordinateur pour retrouver cet espace.</p>\n"
                        "<a class=\"bouton\" href=\"");
  append_escaped (out, link->str);
  g_string_append (out, "\">Ouvrir PixOrga</a>\n<p class=\"aide\">Si PixOrga ne s’ouvre pas, lancez-le, "
                        "choisissez « Se connecter à un serveur », saisissez l’adresse <strong>");
  append_escaped (out, orga_server_get_public_url (join->server));
  g_string_append (out, "</strong> puis votre adresse e-mail et votre mot de passe.</p>\n");
  g_string_free (link, TRUE);
  set_page (join->msg, SOUP_STATUS_OK, page_end (out));
}

/* Signed in or signed up as @user_id: the invitation accepted, the terms
 * recorded, the page of success. */
static void
join_finish (Join       *join,
             const char *user_id)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *organization_id = NULL;
  g_autofree char *role = NULL;
  const char *notice = NULL;

  if (!join->orga_terms && !user_accepted_orga_terms (join->server, user_id))
    {
      g_auto(Errors) errors = { NULL };

      errors_init (&errors);
      errors_add (&errors, "cgu-orga", MSG_ORGA_TERMS);
      join_reply_form (join, 422, &errors);
      return;
    }

  if (!orga_server_accept_invitation (join->server, user_id, join->invitation_id, join->code,
                                      &organization_id, &role, &error))
    {
      if (!g_error_matches (error, ORGA_SERVER_ERROR, ORGA_SERVER_ERROR_ALREADY_MEMBER))
        {
          guint status = orga_server_error_status (error);

          if (status >= 500)
            g_warning ("/rejoindre: %s", error->message);
          reply_message_page (join->msg, status, "Rejoindre Pix Orga",
                              status >= 500 ? MSG_INTERNAL : error->message);
          return;
        }
      /* Already a member: the link did its work all the same. */
      notice = error->message;
    }

  if (join->orga_terms)
    {
      g_autoptr(GError) terms_error = NULL;

      if (!orga_server_accept_orga_terms (join->server, user_id, &terms_error))
        {
          g_warning ("/rejoindre: %s", terms_error->message);
          reply_message_page (join->msg, SOUP_STATUS_INTERNAL_SERVER_ERROR, "Rejoindre Pix Orga", MSG_INTERNAL);
          return;
        }
    }
  join_success_page (join, role, notice);
}

static void
on_join_signed (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(Join) join = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *user_id = NULL;

  if (join->sign_in)
    user_id = orga_server_sign_in_finish (join->server, result, &error);
  else
    user_id = orga_server_sign_up_finish (join->server, result, &error);

  if (user_id == NULL)
    join_reply_error (join, error);
  else
    join_finish (join, user_id);
  soup_server_message_unpause (join->msg);
}

/* TRUE when the answer waits for a password hash: @join then belongs to
 * the callback. */
static gboolean
join_post (Join       *join,
           GHashTable *form)
{
  g_auto(Errors) errors = { NULL };
  g_autofree char *normalized = NULL;

  errors_init (&errors);
  join->first_name = g_strstrip (g_strdup (form_get (form, "prenom")));
  join->last_name = g_strstrip (g_strdup (form_get (form, "nom")));
  join->email = g_strstrip (g_strdup (form_get (form, "email")));
  join->password = g_strdup (form_get (form, "mot-de-passe"));
  join->pix_terms = *form_get (form, "cgu-pix") != '\0';
  join->orga_terms = *form_get (form, "cgu-orga") != '\0';

  if (!csrf_valid (join->server, join->msg, form))
    {
      errors_add (&errors, NULL, MSG_CSRF);
      join_reply_form (join, SOUP_STATUS_FORBIDDEN, &errors);
      return FALSE;
    }

  if (!join->sign_in)
    {
      g_autoptr(GError) error = NULL;

      if (*join->first_name == '\0')
        {
          orga_server_set_error (&error, ORGA_SERVER_ERROR_FIRST_NAME_MISSING, NULL);
          errors_add (&errors, "prenom", error->message);
          g_clear_error (&error);
        }
      if (*join->last_name == '\0')
        {
          orga_server_set_error (&error, ORGA_SERVER_ERROR_LAST_NAME_MISSING, NULL);
          errors_add (&errors, "nom", error->message);
          g_clear_error (&error);
        }
    }
  if (*join->email == '\0')
    errors_add (&errors, "email", MSG_EMAIL_MISSING);
  else if (!join->sign_in && (normalized = orga_server_normalize_email (join->email)) == NULL)
    {
      g_autoptr(GError) error = NULL;

      orga_server_set_error (&error, ORGA_SERVER_ERROR_INVALID_EMAIL, NULL);
      errors_add (&errors, "email", error->message);
    }
  if (*join->password == '\0')
    errors_add (&errors, "mot-de-passe", MSG_PASSWORD_MISSING);
  else if (!join->sign_in && !orga_server_password_is_valid (join->password))
    errors_add (&errors, "mot-de-passe", MSG_PASSWORD_RULE);
  if (!join->sign_in && !join->pix_terms)
    errors_add (&errors, "cgu-pix", MSG_PIX_TERMS);
  if (!join->sign_in && !join->orga_terms)
    errors_add (&errors, "cgu-orga", MSG_ORGA_TERMS);

  if (errors_any (&errors))
    {
      join_reply_form (join, 422, &errors);
      return FALSE;
    }

  soup_server_message_pause (join->msg);
  if (join->sign_in)
    {
      g_autofree char *address = orga_server_get_client_address (join->server, join->msg);

      orga_server_sign_in_async (join->server, join->email, join->password, address, NULL,
                                 on_join_signed, join);
    }
  else
    orga_server_sign_up_async (join->server, join->first_name, join->last_name, join->email,
                               join->password, join->pix_terms, NULL, on_join_signed, join);
  return TRUE;
}

static void
handle_join (OrgaServer        *self,
             SoupServerMessage *msg,
             GHashTable        *query)
{
  const char *method = soup_server_message_get_method (msg);
  gboolean post = g_str_equal (method, "POST");
  g_autoptr(Join) join = g_new0 (Join, 1);
  g_autoptr(GHashTable) form = NULL;
  GHashTable *fields;

  orga_server_set_route (msg, post ? "POST /rejoindre" : "GET /rejoindre");
  if (post)
    {
      form = decode_form (msg);
      if (form == NULL)
        {
          reply_message_page (msg, SOUP_STATUS_BAD_REQUEST, "Rejoindre Pix Orga", MSG_MALFORMED);
          return;
        }
    }
  fields = post ? form : query;

  join->server = g_object_ref (self);
  join->msg = g_object_ref (msg);
  join->invitation_id = g_strdup (fields ? form_get (fields, "invitationId") : "");
  join->code = g_strdup (fields ? form_get (fields, "code") : "");
  join->sign_in = fields != NULL && g_str_equal (form_get (fields, "mode"), "connexion");
  if (!g_utf8_validate (join->invitation_id, -1, NULL) || !g_utf8_validate (join->code, -1, NULL))
    {
      reply_message_page (msg, SOUP_STATUS_BAD_REQUEST, "Rejoindre Pix Orga", MSG_MALFORMED);
      return;
    }
  join->csrf = csrf_token (self, msg);

  if (!join_load_invitation (join))
    return;

  if (!post)
    {
      join_reply_form (join, SOUP_STATUS_OK, NULL);
      return;
    }
  if (join_post (join, form))
    g_steal_pointer (&join);
}

/* /mot-de-passe */

typedef struct
{
  OrgaServer *server;
  SoupServerMessage *msg;
  char *email;
  char *token;
  char *csrf;
} Reset;

static void
reset_free (Reset *reset)
{
  g_clear_object (&reset->server);
  g_clear_object (&reset->msg);
  g_free (reset->email);
  g_free (reset->token);
  g_free (reset->csrf);
  g_free (reset);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Reset, reset_free)

static void
reply_request_form (Reset  *reset,
                    guint   status,
                    Errors *errors)
{
  GString *out = page_begin ("Mot de passe oublié");

  append_error_summary (out, errors);
  g_string_append (out, "<p>Saisissez l’adresse e-mail de votre compte Pix : vous recevrez un lien pour "
                        "choisir un nouveau mot de passe.</p>\n<div class=\"carte\">\n"
                        "<form method=\"post\" action=\"mot-de-passe\" novalidate>\n");
  append_hidden (out, "etape", "demande");
  append_hidden (out, CSRF_FIELD, reset->csrf);
  append_input (out, errors, "email", "Adresse e-mail", "email", "username", reset->email, NULL);
  g_string_append (out, "<button type=\"submit\">Recevoir un lien</button>\n</form>\n</div>\n");
  set_page (reset->msg, status, page_end (out));
}

static void
reply_choose_form (Reset  *reset,
                   guint   status,
                   Errors *errors)
{
  GString *out = page_begin ("Choisissez un nouveau mot de passe");

  append_error_summary (out, errors);
  g_string_append (out, "<div class=\"carte\">\n<form method=\"post\" action=\"mot-de-passe\" novalidate>\n");
  append_hidden (out, "etape", "choix");
  append_hidden (out, "token", reset->token);
  append_hidden (out, CSRF_FIELD, reset->csrf);
  append_input (out, errors, "mot-de-passe", "Nouveau mot de passe", "password", "new-password", NULL,
                MSG_PASSWORD_RULE);
  append_input (out, errors, "confirmation", "Confirmez le nouveau mot de passe", "password",
                "new-password", NULL, NULL);
  g_string_append (out, "<button type=\"submit\">Enregistrer le mot de passe</button>\n</form>\n</div>\n");
  set_page (reset->msg, status, page_end (out));
}

static void
reply_reset_invalid (Reset        *reset,
                     const GError *error)
{
  GString *out = page_begin ("Choisissez un nouveau mot de passe");
  guint status = orga_server_error_status (error);

  if (status >= 500)
    g_warning ("/mot-de-passe: %s", error->message);
  append_alert (out, status >= 500 ? MSG_INTERNAL : error->message);
  g_string_append (out, "<p><a href=\"mot-de-passe\">Demander un nouveau lien</a></p>\n");
  set_page (reset->msg, status, page_end (out));
}

static void
on_reset_requested (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(Reset) reset = user_data;
  g_autoptr(GError) error = NULL;

  if (!orga_server_request_password_reset_finish (reset->server, result, &error))
    {
      g_auto(Errors) errors = { NULL };
      guint status = orga_server_error_status (error);

      errors_init (&errors);
      if (status >= 500)
        g_warning ("/mot-de-passe: %s", error->message);
      errors_add (&errors, field_of_error (error), status >= 500 ? MSG_INTERNAL : error->message);
      reply_request_form (reset, status, &errors);
    }
  else
    {
      GString *out = page_begin ("Mot de passe oublié");

      g_string_append (out, "<div class=\"succes\" role=\"status\"><p>Si un compte existe pour l’adresse "
                            "<strong>");
      append_escaped (out, reset->email);
      g_string_append (out, "</strong>, un e-mail contenant un lien pour choisir un nouveau mot de passe "
                            "vient d’y être envoyé. Ce lien est à usage unique et valable une heure.</p></div>\n");
      set_page (reset->msg, SOUP_STATUS_OK, page_end (out));
    }
  soup_server_message_unpause (reset->msg);
}

static void
on_password_reset (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(Reset) reset = user_data;
  g_autoptr(GError) error = NULL;

  if (!orga_server_reset_password_finish (reset->server, result, &error))
    {
      if (g_error_matches (error, ORGA_SERVER_ERROR, ORGA_SERVER_ERROR_INVALID_PASSWORD))
        {
          g_auto(Errors) errors = { NULL };

          errors_init (&errors);
          errors_add (&errors, "mot-de-passe", error->message);
          reply_choose_form (reset, orga_server_error_status (error), &errors);
        }
      else
        reply_reset_invalid (reset, error);
    }
  else
    {
      GString *out = page_begin ("Mot de passe modifié");

      g_string_append (out, "<div class=\"succes\" role=\"status\"><p>Votre mot de passe a bien été modifié.</p></div>\n"
                            "<p>Connectez-vous à PixOrga avec votre nouveau mot de passe. Pour votre sécurité, "
                            "vos sessions ouvertes ailleurs ont été fermées.</p>\n");
      set_page (reset->msg, SOUP_STATUS_OK, page_end (out));
    }
  soup_server_message_unpause (reset->msg);
}

/* TRUE when the answer waits: @reset then belongs to the callback. */
static gboolean
reset_post (Reset      *reset,
            GHashTable *form)
{
  g_auto(Errors) errors = { NULL };
  gboolean choose = g_str_equal (form_get (form, "etape"), "choix");

  errors_init (&errors);
  reset->email = g_strstrip (g_strdup (form_get (form, "email")));
  reset->token = g_strdup (form_get (form, "token"));

  if (!csrf_valid (reset->server, reset->msg, form))
    {
      errors_add (&errors, NULL, MSG_CSRF);
      if (choose)
        reply_choose_form (reset, SOUP_STATUS_FORBIDDEN, &errors);
      else
        reply_request_form (reset, SOUP_STATUS_FORBIDDEN, &errors);
      return FALSE;
    }

  if (choose)
    {
      const char *password = form_get (form, "mot-de-passe");

      if (!orga_server_password_is_valid (password))
        errors_add (&errors, "mot-de-passe", MSG_PASSWORD_RULE);
      else if (!g_str_equal (password, form_get (form, "confirmation")))
        errors_add (&errors, "confirmation", MSG_PASSWORDS_DIFFER);
      if (errors_any (&errors))
        {
          g_autoptr(GError) error = NULL;

          /* A spent link says so at once rather than after a retry. */
          if (!orga_server_check_password_reset (reset->server, reset->token, &error))
            reply_reset_invalid (reset, error);
          else
            reply_choose_form (reset, 422, &errors);
          return FALSE;
        }
      soup_server_message_pause (reset->msg);
      orga_server_reset_password_async (reset->server, reset->token, password, NULL,
                                        on_password_reset, reset);
      return TRUE;
    }

  if (*reset->email == '\0')
    errors_add (&errors, "email", MSG_EMAIL_MISSING);
  else
    {
      g_autofree char *normalized = orga_server_normalize_email (reset->email);

      if (normalized == NULL)
        {
          g_autoptr(GError) error = NULL;

          orga_server_set_error (&error, ORGA_SERVER_ERROR_INVALID_EMAIL, NULL);
          errors_add (&errors, "email", error->message);
        }
    }
  if (errors_any (&errors))
    {
      reply_request_form (reset, 422, &errors);
      return FALSE;
    }
  soup_server_message_pause (reset->msg);
  orga_server_request_password_reset_async (reset->server, reset->email, NULL, on_reset_requested, reset);
  return TRUE;
}

static void
handle_reset (OrgaServer        *self,
              SoupServerMessage *msg,
              GHashTable        *query)
{
  const char *method = soup_server_message_get_method (msg);
  gboolean post = g_str_equal (method, "POST");
  g_autoptr(Reset) reset = g_new0 (Reset, 1);
  g_autoptr(GHashTable) form = NULL;
  const char *token;

  orga_server_set_route (msg, post ? "POST /mot-de-passe" : "GET /mot-de-passe");
  if (post)
    {
      form = decode_form (msg);
      if (form == NULL)
        {
          reply_message_page (msg, SOUP_STATUS_BAD_REQUEST, "Mot de passe oublié", MSG_MALFORMED);
          return;
        }
    }
  reset->server = g_object_ref (self);
  reset->msg = g_object_ref (msg);
  reset->csrf = csrf_token (self, msg);

  if (post)
    {
      if (reset_post (reset, form))
        g_steal_pointer (&reset);
      return;
    }

  token = query ? g_hash_table_lookup (query, "token") : NULL;
  if (token == NULL || *token == '\0')
    {
      reply_request_form (reset, SOUP_STATUS_OK, NULL);
      return;
    }
  reset->token = g_strdup (token);
  {
    g_autoptr(GError) error = NULL;

    if (!g_utf8_validate (token, -1, NULL))
      orga_server_set_error (&error, ORGA_SERVER_ERROR_PASSWORD_RESET_INVALID, NULL);
    if (error != NULL || !orga_server_check_password_reset (self, token, &error))
      reply_reset_invalid (reset, error);
    else
      reply_choose_form (reset, SOUP_STATUS_OK, NULL);
  }
}

/* Routing */

static void
web_handler (SoupServer        *soup,
             SoupServerMessage *msg,
             const char        *path,
             GHashTable        *query,
             gpointer           user_data)
{
  OrgaServer *self = user_data;
  const char *method = soup_server_message_get_method (msg);
  gboolean join = g_str_equal (path, "/rejoindre");
  gboolean reset = g_str_equal (path, "/mot-de-passe");

  if (soup_server_message_get_status (msg) != 0)
    return;   /* answered by the early handler (too large, stopping) */

  if (!join && !reset)
    {
      orga_server_set_route (msg, "- (page)");
      reply_message_page (msg, SOUP_STATUS_NOT_FOUND, "Page introuvable", MSG_NOT_FOUND);
      return;
    }
  if (!g_str_equal (method, "GET") && !g_str_equal (method, "HEAD") && !g_str_equal (method, "POST"))
    {
      orga_server_set_route (msg, join ? "- /rejoindre" : "- /mot-de-passe");
      soup_message_headers_replace (soup_server_message_get_response_headers (msg), "Allow", "GET, HEAD, POST");
      reply_message_page (msg, SOUP_STATUS_METHOD_NOT_ALLOWED, "Pix Orga",
                          "Cette méthode n’est pas permise pour cette adresse.");
      return;
    }

  if (join)
    handle_join (self, msg, query);
  else
    handle_reset (self, msg, query);
}

void
orga_server_web_register (OrgaServer *self,
                          SoupServer *server)
{
  soup_server_add_handler (server, "/rejoindre", web_handler, self, NULL);
  soup_server_add_handler (server, "/mot-de-passe", web_handler, self, NULL);
}
