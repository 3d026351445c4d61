/* orga-server-web.c: the HTML pages (/rejoindre, /mot-de-passe)
 *
 * Every page is one string built with orga-server-html.h.
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

#include "orga-server-cert-web.h"
#include "orga-server-html.h"
#include "orga-server-private.h"
#include "orga-server-students.h"
#include "orga-server-web.h"
#include "orga-server-assessment.h"

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
  orga_html_append_escaped (out, invitation->organization_name);
  if (invitation->organization_uai != NULL && *invitation->organization_uai != '\0')
    {
      g_string_append (out, " (");
      orga_html_append_escaped (out, invitation->organization_uai);
      g_string_append (out, ")");
    }
  g_string_append (out, "</strong>");
}

static char *
join_link (Join       *join,
           const char *mode)
{
  GString *link = g_string_new ("?");

  orga_html_append_param (link, "invitationId", join->invitation_id);
  orga_html_append_param (link, "code", join->code);
  if (mode != NULL)
    orga_html_append_param (link, "mode", mode);
  return g_string_free (link, FALSE);
}

static char *
join_form_page (Join   *join,
                OrgaHtmlErrors *errors)
{
  GString *out = orga_html_page_begin ("Rejoindre Pix Orga");
  g_autofree char *other = join_link (join, join->sign_in ? "inscription" : "connexion");

  g_string_append (out, "<p>Vous êtes invité à rejoindre l’espace Pix Orga de ");
  append_school (out, join->invitation);
  if (g_strcmp0 (join->invitation->role, "ADMIN") == 0)
    g_string_append (out, " en tant qu’administrateur");
  g_string_append (out, ".</p>\n");
  orga_html_append_error_summary (out, errors);

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
  orga_html_append_hidden (out, "invitationId", join->invitation_id);
  orga_html_append_hidden (out, "code", join->code);
  orga_html_append_hidden (out, "mode", join->sign_in ? "connexion" : "inscription");
  orga_html_append_hidden (out, ORGA_HTML_CSRF_FIELD, join->csrf);

  if (join->sign_in)
    {
      g_string_append (out, "<h2>Connectez-vous avec votre compte Pix</h2>\n");
      orga_html_append_input (out, errors, "email", "Adresse e-mail", "email", "username", join->email, NULL);
      orga_html_append_input (out, errors, "mot-de-passe", "Mot de passe", "password", "current-password", NULL, NULL);
      g_string_append (out, "<p class=\"aide\"><a href=\"mot-de-passe\">Mot de passe oublié ?</a></p>\n");
    }
  else
    {
      g_string_append (out, "<h2>Créez votre compte Pix</h2>\n");
      orga_html_append_input (out, errors, "prenom", "Prénom", "text", "given-name", join->first_name, NULL);
      orga_html_append_input (out, errors, "nom", "Nom", "text", "family-name", join->last_name, NULL);
      orga_html_append_input (out, errors, "email", "Adresse e-mail", "email", "email", join->email, NULL);
      orga_html_append_input (out, errors, "mot-de-passe", "Mot de passe", "password", "new-password", NULL,
                    MSG_PASSWORD_RULE);
      orga_html_append_checkbox (out, errors, "cgu-pix",
                       "J’accepte les <a href=\"" PIX_CGU_URL "\">conditions d’utilisation de Pix</a>",
                       join->pix_terms, TRUE);
    }
  orga_html_append_checkbox (out, errors, "cgu-orga",
                   "J’accepte les <a href=\"" PIX_ORGA_CGU_URL "\">conditions d’utilisation de Pix Orga</a>",
                   join->orga_terms, !join->sign_in);
  if (join->sign_in)
    g_string_append (out, "<p class=\"aide\">Inutile de cocher cette case si vous les avez déjà acceptées.</p>\n");
  g_string_append_printf (out, "<button type=\"submit\">%s</button>\n</form>\n</div>\n",
                          join->sign_in ? "Je me connecte et je rejoins l’espace"
                                        : "Je m’inscris et je rejoins l’espace");
  return orga_html_page_end (out);
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
  orga_html_reply_message_page (join->msg, status, "Rejoindre Pix Orga",
                      status >= 500 ? MSG_INTERNAL : error->message);
  return FALSE;
}

static void
join_reply_form (Join   *join,
                 guint   status,
                 OrgaHtmlErrors *errors)
{
  orga_html_set_page (join->msg, status, join_form_page (join, errors));
}

static void
join_reply_error (Join         *join,
                  const GError *error)
{
  g_auto(OrgaHtmlErrors) errors = { NULL };
  guint status = orga_server_error_status (error);
  guint retry = orga_server_error_retry_after (error);

  orga_html_errors_init (&errors);
  if (status >= 500)
    g_warning ("/rejoindre: %s", error->message);
  orga_html_errors_add (&errors, orga_html_field_of_error (error), status >= 500 ? MSG_INTERNAL : error->message);
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
  GString *out = orga_html_page_begin ("Bienvenue dans Pix Orga");
  GString *link = g_string_new ("pixorga://rejoindre?");

  orga_html_append_param (link, "server", orga_server_get_public_url (join->server));
  orga_html_append_param (link, "invitationId", join->invitation_id);
  orga_html_append_param (link, "code", join->code);

  g_string_append (out, "<div class=\"succes\" role=\"status\"><p>");
  if (notice != NULL)
    {
      orga_html_append_escaped (out, notice);
      g_string_append (out, "</p><p>");
    }
  g_string_append_printf (out, "Vous êtes maintenant %s de l’espace Pix Orga de ",
                          g_strcmp0 (role, "ADMIN") == 0 ? "administrateur" : "membre");
  append_school (out, join->invitation);
  g_string_append (out, ".</p></div>\n<p>Ouvrez PixOrga sur votre ordinateur pour retrouver cet espace.</p>\n"
                        "<a class=\"bouton\" href=\"");
  orga_html_append_escaped (out, link->str);
  g_string_append (out, "\">Ouvrir PixOrga</a>\n<p class=\"aide\">Si PixOrga ne s’ouvre pas, lancez-le, "
                        "choisissez « Se connecter à un serveur », saisissez l’adresse <strong>");
  orga_html_append_escaped (out, orga_server_get_public_url (join->server));
  g_string_append (out, "</strong> puis votre adresse e-mail et votre mot de passe.</p>\n");
  g_string_free (link, TRUE);
  orga_html_set_page (join->msg, SOUP_STATUS_OK, orga_html_page_end (out));
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
      g_auto(OrgaHtmlErrors) errors = { NULL };

      orga_html_errors_init (&errors);
      orga_html_errors_add (&errors, "cgu-orga", MSG_ORGA_TERMS);
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
          orga_html_reply_message_page (join->msg, status, "Rejoindre Pix Orga",
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
          orga_html_reply_message_page (join->msg, SOUP_STATUS_INTERNAL_SERVER_ERROR, "Rejoindre Pix Orga", MSG_INTERNAL);
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
  g_auto(OrgaHtmlErrors) errors = { NULL };
  g_autofree char *normalized = NULL;

  orga_html_errors_init (&errors);
  join->first_name = g_strstrip (g_strdup (orga_html_form_get (form, "prenom")));
  join->last_name = g_strstrip (g_strdup (orga_html_form_get (form, "nom")));
  join->email = g_strstrip (g_strdup (orga_html_form_get (form, "email")));
  join->password = g_strdup (orga_html_form_get (form, "mot-de-passe"));
  join->pix_terms = *orga_html_form_get (form, "cgu-pix") != '\0';
  join->orga_terms = *orga_html_form_get (form, "cgu-orga") != '\0';

  if (!orga_html_csrf_valid (join->server, join->msg, form))
    {
      orga_html_errors_add (&errors, NULL, MSG_CSRF);
      join_reply_form (join, SOUP_STATUS_FORBIDDEN, &errors);
      return FALSE;
    }

  if (!join->sign_in)
    {
      g_autoptr(GError) error = NULL;

      if (*join->first_name == '\0')
        {
          orga_server_set_error (&error, ORGA_SERVER_ERROR_FIRST_NAME_MISSING, NULL);
          orga_html_errors_add (&errors, "prenom", error->message);
          g_clear_error (&error);
        }
      if (*join->last_name == '\0')
        {
          orga_server_set_error (&error, ORGA_SERVER_ERROR_LAST_NAME_MISSING, NULL);
          orga_html_errors_add (&errors, "nom", error->message);
          g_clear_error (&error);
        }
    }
  if (*join->email == '\0')
    orga_html_errors_add (&errors, "email", MSG_EMAIL_MISSING);
  else if (!join->sign_in && (normalized = orga_server_normalize_email (join->email)) == NULL)
    {
      g_autoptr(GError) error = NULL;

      orga_server_set_error (&error, ORGA_SERVER_ERROR_INVALID_EMAIL, NULL);
      orga_html_errors_add (&errors, "email", error->message);
    }
  if (*join->password == '\0')
    orga_html_errors_add (&errors, "mot-de-passe", MSG_PASSWORD_MISSING);
  else if (!join->sign_in && !orga_server_password_is_valid (join->password))
    orga_html_errors_add (&errors, "mot-de-passe", MSG_PASSWORD_RULE);
  if (!join->sign_in && !join->pix_terms)
    orga_html_errors_add (&errors, "cgu-pix", MSG_PIX_TERMS);
  if (!join->sign_in && !join->orga_terms)
    orga_html_errors_add (&errors, "cgu-orga", MSG_ORGA_TERMS);

  if (orga_html_errors_any (&errors))
    {
      join_reply_form (join, 422, &errors);
      return FALSE;
    }

  if (!join->sign_in)
    {
      g_autofree char *address = orga_server_get_client_address (join->server, join->msg);
      g_autoptr(GError) error = NULL;

      /* The form was checked above: a sign-up that would go through. */
      if (!orga_server_count_sign_up (join->server, address, &error))
        {
          join_reply_error (join, error);
          return FALSE;
        }
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
      form = orga_html_decode_form (msg);
      if (form == NULL)
        {
          orga_html_reply_message_page (msg, SOUP_STATUS_BAD_REQUEST, "Rejoindre Pix Orga", MSG_MALFORMED);
          return;
        }
    }
  fields = post ? form : query;

  join->server = g_object_ref (self);
  join->msg = g_object_ref (msg);
  join->invitation_id = g_strdup (fields ? orga_html_form_get (fields, "invitationId") : "");
  join->code = g_strdup (fields ? orga_html_form_get (fields, "code") : "");
  join->sign_in = fields != NULL && g_str_equal (orga_html_form_get (fields, "mode"), "connexion");
  if (!g_utf8_validate (join->invitation_id, -1, NULL) || !g_utf8_validate (join->code, -1, NULL))
    {
      orga_html_reply_message_page (msg, SOUP_STATUS_BAD_REQUEST, "Rejoindre Pix Orga", MSG_MALFORMED);
      return;
    }
  join->csrf = orga_html_csrf_token (self, msg);

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
                    OrgaHtmlErrors *errors)
{
  GString *out = orga_html_page_begin ("Mot de passe oublié");

  orga_html_append_error_summary (out, errors);
  g_string_append (out, "<p>Saisissez l’adresse e-mail de votre compte Pix : vous recevrez un lien pour "
                        "choisir un nouveau mot de passe.</p>\n<div class=\"carte\">\n"
                        "<form method=\"post\" action=\"mot-de-passe\" novalidate>\n");
  orga_html_append_hidden (out, "etape", "demande");
  orga_html_append_hidden (out, ORGA_HTML_CSRF_FIELD, reset->csrf);
  orga_html_append_input (out, errors, "email", "Adresse e-mail", "email", "username", reset->email, NULL);
  g_string_append (out, "<button type=\"submit\">Recevoir un lien</button>\n</form>\n</div>\n");
  orga_html_set_page (reset->msg, status, orga_html_page_end (out));
}

static void
reply_choose_form (Reset  *reset,
                   guint   status,
                   OrgaHtmlErrors *errors)
{
  GString *out = orga_html_page_begin ("Choisissez un nouveau mot de passe");

  orga_html_append_error_summary (out, errors);
  g_string_append (out, "<div class=\"carte\">\n<form method=\"post\" action=\"mot-de-passe\" novalidate>\n");
  orga_html_append_hidden (out, "etape", "choix");
  orga_html_append_hidden (out, "token", reset->token);
  orga_html_append_hidden (out, ORGA_HTML_CSRF_FIELD, reset->csrf);
  orga_html_append_input (out, errors, "mot-de-passe", "Nouveau mot de passe", "password", "new-password", NULL,
                MSG_PASSWORD_RULE);
  orga_html_append_input (out, errors, "confirmation", "Confirmez le nouveau mot de passe", "password",
                "new-password", NULL, NULL);
  g_string_append (out, "<button type=\"submit\">Enregistrer le mot de passe</button>\n</form>\n</div>\n");
  orga_html_set_page (reset->msg, status, orga_html_page_end (out));
}

static void
reply_reset_invalid (Reset        *reset,
                     const GError *error)
{
  GString *out = orga_html_page_begin ("Choisissez un nouveau mot de passe");
  guint status = orga_server_error_status (error);

  if (status >= 500)
    g_warning ("/mot-de-passe: %s", error->message);
  orga_html_append_alert (out, status >= 500 ? MSG_INTERNAL : error->message);
  g_string_append (out, "<p><a href=\"mot-de-passe\">Demander un nouveau lien</a></p>\n");
  orga_html_set_page (reset->msg, status, orga_html_page_end (out));
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
      g_auto(OrgaHtmlErrors) errors = { NULL };
      guint status = orga_server_error_status (error);

      orga_html_errors_init (&errors);
      if (status >= 500)
        g_warning ("/mot-de-passe: %s", error->message);
      orga_html_errors_add (&errors, orga_html_field_of_error (error), status >= 500 ? MSG_INTERNAL : error->message);
      reply_request_form (reset, status, &errors);
    }
  else
    {
      GString *out = orga_html_page_begin ("Mot de passe oublié");

      g_string_append (out, "<div class=\"succes\" role=\"status\"><p>Si un compte existe pour l’adresse "
                            "<strong>");
      orga_html_append_escaped (out, reset->email);
      g_string_append (out, "</strong>, un e-mail contenant un lien pour choisir un nouveau mot de passe "
                            "vient d’y être envoyé. Ce lien est à usage unique et valable une heure.</p></div>\n");
      orga_html_set_page (reset->msg, SOUP_STATUS_OK, orga_html_page_end (out));
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
          g_auto(OrgaHtmlErrors) errors = { NULL };

          orga_html_errors_init (&errors);
          orga_html_errors_add (&errors, "mot-de-passe", error->message);
          reply_choose_form (reset, orga_server_error_status (error), &errors);
        }
      else
        reply_reset_invalid (reset, error);
    }
  else
    {
      GString *out = orga_html_page_begin ("Mot de passe modifié");

      g_string_append (out, "<div class=\"succes\" role=\"status\"><p>Votre mot de passe a bien été modifié.</p></div>\n"
                            "<p>Connectez-vous à PixOrga avec votre nouveau mot de passe. Pour votre sécurité, "
                            "vos sessions ouvertes ailleurs ont été fermées.</p>\n");
      orga_html_set_page (reset->msg, SOUP_STATUS_OK, orga_html_page_end (out));
    }
  soup_server_message_unpause (reset->msg);
}

/* TRUE when the answer waits: @reset then belongs to the callback. */
static gboolean
reset_post (Reset      *reset,
            GHashTable *form)
{
  g_auto(OrgaHtmlErrors) errors = { NULL };
  gboolean choose = g_str_equal (orga_html_form_get (form, "etape"), "choix");

  orga_html_errors_init (&errors);
  reset->email = g_strstrip (g_strdup (orga_html_form_get (form, "email")));
  reset->token = g_strdup (orga_html_form_get (form, "token"));

  if (!orga_html_csrf_valid (reset->server, reset->msg, form))
    {
      orga_html_errors_add (&errors, NULL, MSG_CSRF);
      if (choose)
        reply_choose_form (reset, SOUP_STATUS_FORBIDDEN, &errors);
      else
        reply_request_form (reset, SOUP_STATUS_FORBIDDEN, &errors);
      return FALSE;
    }

  if (choose)
    {
      const char *password = orga_html_form_get (form, "mot-de-passe");

      if (!orga_server_password_is_valid (password))
        orga_html_errors_add (&errors, "mot-de-passe", MSG_PASSWORD_RULE);
      else if (!g_str_equal (password, orga_html_form_get (form, "confirmation")))
        orga_html_errors_add (&errors, "confirmation", MSG_PASSWORDS_DIFFER);
      if (orga_html_errors_any (&errors))
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
    orga_html_errors_add (&errors, "email", MSG_EMAIL_MISSING);
  else
    {
      g_autofree char *normalized = orga_server_normalize_email (reset->email);

      if (normalized == NULL)
        {
          g_autoptr(GError) error = NULL;

          orga_server_set_error (&error, ORGA_SERVER_ERROR_INVALID_EMAIL, NULL);
          orga_html_errors_add (&errors, "email", error->message);
        }
    }
  if (orga_html_errors_any (&errors))
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
      form = orga_html_decode_form (msg);
      if (form == NULL)
        {
          orga_html_reply_message_page (msg, SOUP_STATUS_BAD_REQUEST, "Mot de passe oublié", MSG_MALFORMED);
          return;
        }
    }
  reset->server = g_object_ref (self);
  reset->msg = g_object_ref (msg);
  reset->csrf = orga_html_csrf_token (self, msg);

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

  /* The students' pages: the test's (orga-server-assessment-web.c), then
   * the rest of /campagnes (orga-server-students-web.c). */
  if (orga_server_assessment_handle (self, msg, path, query)
      || orga_server_students_handle (self, msg, path, query))
    return;
  /* The certification's pages (orga-server-cert-web.c). */
  if (orga_server_cert_handle (self, msg, path, query))
    return;

  if (!join && !reset)
    {
      orga_server_set_route (msg, "- (page)");
      orga_html_reply_message_page (msg, SOUP_STATUS_NOT_FOUND, "Page introuvable", MSG_NOT_FOUND);
      return;
    }
  if (!g_str_equal (method, "GET") && !g_str_equal (method, "HEAD") && !g_str_equal (method, "POST"))
    {
      orga_server_set_route (msg, join ? "- /rejoindre" : "- /mot-de-passe");
      soup_message_headers_replace (soup_server_message_get_response_headers (msg), "Allow", "GET, HEAD, POST");
      orga_html_reply_message_page (msg, SOUP_STATUS_METHOD_NOT_ALLOWED, "Pix Orga",
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
  soup_server_add_handler (server, "/campagnes", web_handler, self, NULL);
  soup_server_add_handler (server, "/surveillance", web_handler, self, NULL);
  soup_server_add_handler (server, "/certification", web_handler, self, NULL);
  soup_server_add_handler (server, "/verification-certificat", web_handler, self, NULL);
}
