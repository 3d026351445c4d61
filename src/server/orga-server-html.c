/* orga-server-html.c: the building blocks of the server's HTML pages
 *
 * One layout, one stylesheet, the form fields with their errors, the
 * answer headers (CSP, no-store) and the cross-site request check, shared
 * by the staff's pages (orga-server-web.c) and the students' pages.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "orga-server"

#include "config.h"

#include <sodium.h>
#include <string.h>

#include "orga-server-html.h"
#include "orga-server-private.h"
#include "orga-server-web.h"

#define CSRF_COOKIE "orga_csrf"

void
orga_html_append_escaped (GString    *out,
                const char *text)
{
  g_autofree char *escaped = orga_server_web_escape (text);

  g_string_append (out, escaped);
}

/* A query parameter, percent-encoded. */
void
orga_html_append_param (GString    *out,
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

void
orga_html_field_error_clear (OrgaHtmlFieldError *e)
{
  g_free (e->message);
}

void
orga_html_errors_init (OrgaHtmlErrors *errors)
{
  errors->errors = g_array_new (FALSE, TRUE, sizeof (OrgaHtmlFieldError));
  g_array_set_clear_func (errors->errors, (GDestroyNotify) orga_html_field_error_clear);
}

void
orga_html_errors_clear (OrgaHtmlErrors *errors)
{
  g_clear_pointer (&errors->errors, g_array_unref);
}


void
orga_html_errors_add (OrgaHtmlErrors     *errors,
            const char *field,
            const char *message)
{
  OrgaHtmlFieldError e = { field, g_strdup (message) };

  g_array_append_val (errors->errors, e);
}

const char *
orga_html_errors_for (OrgaHtmlErrors     *errors,
            const char *field)
{
  if (errors == NULL || errors->errors == NULL)
    return NULL;
  for (guint i = 0; i < errors->errors->len; i++)
    {
      OrgaHtmlFieldError *e = &g_array_index (errors->errors, OrgaHtmlFieldError, i);
      if (e->field != NULL && g_str_equal (e->field, field))
        return e->message;
    }
  return NULL;
}

gboolean
orga_html_errors_any (OrgaHtmlErrors *errors)
{
  return errors != NULL && errors->errors != NULL && errors->errors->len > 0;
}

GString *
orga_html_page_begin (const char *title)
{
  GString *out = g_string_new ("<!DOCTYPE html>\n<html lang=\"fr\">\n<head>\n<meta charset=\"utf-8\">\n"
                               "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
                               "<meta name=\"referrer\" content=\"same-origin\">\n<title>");
  orga_html_append_escaped (out, title);
  g_string_append (out, " – Pix Orga</title>\n<style>");
  g_string_append (out, page_style);
  g_string_append (out, "</style>\n</head>\n<body>\n<header><p>Pix Orga</p></header>\n<main>\n<h1>");
  orga_html_append_escaped (out, title);
  g_string_append (out, "</h1>\n");
  return out;
}

char *
orga_html_page_end (GString *out)
{
  g_string_append (out, "</main>\n</body>\n</html>\n");
  return g_string_free (out, FALSE);
}

/* The summary of a form's errors, first in the page: announced, and each
 * message a link to its field. */
void
orga_html_append_error_summary (GString *out,
                      OrgaHtmlErrors  *errors)
{
  if (!orga_html_errors_any (errors))
    return;

  g_string_append (out, "<div class=\"erreurs\" role=\"alert\" id=\"erreurs\" tabindex=\"-1\">\n"
                        "<h2>");
  g_string_append (out, errors->errors->len > 1 ? "Le formulaire contient des erreurs"
                                                : "Le formulaire contient une erreur");
  g_string_append (out, "</h2>\n<ul>\n");
  for (guint i = 0; i < errors->errors->len; i++)
    {
      OrgaHtmlFieldError *e = &g_array_index (errors->errors, OrgaHtmlFieldError, i);

      g_string_append (out, "<li>");
      if (e->field != NULL)
        g_string_append_printf (out, "<a href=\"#%s\">", e->field);
      orga_html_append_escaped (out, e->message);
      if (e->field != NULL)
        g_string_append (out, "</a>");
      g_string_append (out, "</li>\n");
    }
  g_string_append (out, "</ul>\n</div>\n");
}

/* A message alone on its page, for a link that cannot be used. */
void
orga_html_append_alert (GString    *out,
              const char *message)
{
  g_string_append (out, "<div class=\"erreurs\" role=\"alert\"><p>");
  orga_html_append_escaped (out, message);
  g_string_append (out, "</p></div>\n");
}

void
orga_html_append_input (GString    *out,
              OrgaHtmlErrors     *errors,
              const char *id,
              const char *label,
              const char *type,
              const char *autocomplete,
              const char *value,
              const char *help)
{
  const char *error = orga_html_errors_for (errors, id);
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
  orga_html_append_escaped (out, label);
  g_string_append (out, "</label>\n");
  if (help != NULL)
    {
      g_string_append_printf (out, "<p class=\"aide\" id=\"%s-aide\">", id);
      orga_html_append_escaped (out, help);
      g_string_append (out, "</p>\n");
    }
  if (error != NULL)
    {
      g_string_append_printf (out, "<p class=\"erreur-champ\" id=\"%s-erreur\">", id);
      orga_html_append_escaped (out, error);
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
      orga_html_append_escaped (out, value);
      g_string_append (out, "\"");
    }
  g_string_append (out, ">\n");
}

/* @label_html is trusted markup (our own links). */
void
orga_html_append_checkbox (GString    *out,
                 OrgaHtmlErrors     *errors,
                 const char *id,
                 const char *label_html,
                 gboolean    checked,
                 gboolean    required)
{
  const char *error = orga_html_errors_for (errors, id);

  if (error != NULL)
    {
      g_string_append_printf (out, "<p class=\"erreur-champ\" id=\"%s-erreur\">", id);
      orga_html_append_escaped (out, error);
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

void
orga_html_append_hidden (GString    *out,
               const char *name,
               const char *value)
{
  g_string_append_printf (out, "<input type=\"hidden\" name=\"%s\" value=\"", name);
  orga_html_append_escaped (out, value);
  g_string_append (out, "\">\n");
}

/* Answers */

void
orga_html_set_page (SoupServerMessage *msg,
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

void
orga_html_reply_message_page (SoupServerMessage *msg,
                    guint              status,
                    const char        *title,
                    const char        *message)
{
  GString *out = orga_html_page_begin (title);

  orga_html_append_alert (out, message);
  orga_html_set_page (msg, status, orga_html_page_end (out));
}

gboolean
orga_html_is_https (OrgaServer *self)
{
  return g_str_has_prefix (orga_server_get_public_url (self), "https:");
}

/* CSRF: the token of the cookie if there is a usable one, or a new one,
 * set on the answer. */
char *
orga_html_csrf_token (OrgaServer        *self,
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
                            token, orga_html_is_https (self) ? "; Secure" : "");
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

gboolean
orga_html_csrf_valid (OrgaServer        *self,
            SoupServerMessage *msg,
            GHashTable        *form)
{
  SoupMessageHeaders *request = soup_server_message_get_request_headers (msg);
  const char *cookie = soup_message_headers_get_one (request, "Cookie");
  const char *field = g_hash_table_lookup (form, ORGA_HTML_CSRF_FIELD);
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
GHashTable *
orga_html_decode_form (SoupServerMessage *msg)
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

const char *
orga_html_form_get (GHashTable *form,
          const char *name)
{
  const char *value = g_hash_table_lookup (form, name);

  return value ? value : "";
}

const char *
orga_html_field_of_error (const GError *error)
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
    case ORGA_SERVER_ERROR_BIRTHDATE_INVALID:
      return "jour";
    default:
      return NULL;
    }
}
