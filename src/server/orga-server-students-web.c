/* orga-server-students-web.c: the students' pages (/campagnes)
 *
 *   /campagnes                 the code entry ("Saisissez votre code")
 *   /campagnes/{CODE}          the campaign's landing, then in turn: sign
 *                              in or sign up, the change of a one-time
 *                              password, the reconciliation; then off to
 *                              /campagnes/{CODE}/evaluation
 *   /campagnes/deconnexion     sign out (POST)
 *
 * Phones first, no JavaScript, French; the pieces are orga-server-html.h's
 * and the work is the domain's (orga-server-students.h). Every POST
 * answers with a redirection when it succeeds (the page then reloads
 * without resending a form), or with its form and the errors.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "orga-server"

#include "config.h"

#include <sodium.h>
#include <string.h>

#include "orga-server-html.h"
#include "orga-server-private.h"
#include "orga-server-students.h"

#define PIX_CGU_URL "https://pix.fr/conditions-generales-d-utilisation"

#define MSG_MALFORMED "La requête n’est pas valide."
#define MSG_CSRF "Ce formulaire a expiré ou ne vient pas de ce site. Rechargez la page et recommencez."
#define MSG_NOT_FOUND "La page demandée n’existe pas."
#define MSG_INTERNAL "Une erreur est survenue sur le serveur. Réessayez plus tard."
#define MSG_CODE_MISSING "Saisissez le code de la campagne donné par votre enseignant."
#define MSG_IDENTIFIER_MISSING "Votre adresse e-mail ou votre identifiant n’est pas renseigné."
#define MSG_EMAIL_MISSING "Votre adresse e-mail n’est pas renseignée."
#define MSG_PASSWORD_MISSING "Votre mot de passe n’est pas renseigné."
#define MSG_PASSWORD_RULE "Votre mot de passe doit contenir 8 caractères au minimum et comporter au moins une majuscule, une minuscule et un chiffre."
#define MSG_PASSWORDS_DIFFER "Les deux mots de passe ne sont pas identiques."
#define MSG_SIGNED_OUT "Vous êtes déconnecté(e)."

/* What orga-server-html.c's sheet has not: the date's three fields side
 * by side, the account line and its sign-out button as a link. */
static const char extra_style[] =
  "<style>"
  "fieldset{border:0;margin:1rem 0 0;padding:0}"
  "legend{font-weight:600;padding:0}"
  ".date{display:flex;gap:.75rem}.date div{flex:1}.date div.annee{flex:1.6}"
  ".date label{font-weight:400;margin:.25rem 0}"
  ".compte{display:flex;flex-wrap:wrap;gap:.5rem;align-items:baseline;justify-content:space-between;"
  "font-size:.9375rem;margin:0 0 1rem}"
  ".compte form{margin:0}"
  "button.lien{display:inline;width:auto;margin:0;padding:0;background:none;color:#2044c9;"
  "font-weight:400;text-decoration:underline}"
  ".ecole{font-weight:700;margin:0}.accueil{white-space:pre-line}"
  "@media (prefers-color-scheme:dark){button.lien{color:#9db4ff}}"
  "</style>\n";

/* Answers */

/* A relative Location: behind a proxy the request's own host may not be
 * the one the browser knows. */
static void
redirect (SoupServerMessage *msg,
          const char        *location)
{
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (msg);

  soup_server_message_set_status (msg, SOUP_STATUS_SEE_OTHER, NULL);
  soup_message_headers_replace (headers, "Location", location);
  soup_message_headers_replace (headers, "Cache-Control", "no-store");
  soup_server_message_set_response (msg, "text/plain; charset=utf-8", SOUP_MEMORY_STATIC, "", 0);
}

static void
reply_message (SoupServerMessage *msg,
               guint              status,
               const char        *title,
               const char        *message,
               gboolean           back_to_code)
{
  GString *out = orga_html_page_begin (title);

  orga_html_append_alert (out, message);
  if (back_to_code)
    g_string_append (out, "<p><a href=\"/campagnes\">Saisir un autre code</a></p>\n");
  orga_html_set_page (msg, status, orga_html_page_end (out));
}

static const char *
shown_message (const GError *error,
               const char   *where)
{
  if (orga_server_error_status (error) >= 500)
    {
      g_warning ("%s: %s", where, error->message);
      return MSG_INTERNAL;
    }
  return error->message;
}

/* /campagnes: the code */

static void
reply_code_form (SoupServerMessage *msg,
                 guint              status,
                 const char        *code,
                 OrgaHtmlErrors    *errors,
                 const char        *notice)
{
  GString *out = orga_html_page_begin ("Saisissez votre code");

  if (notice != NULL)
    {
      g_string_append (out, "<div class=\"succes\" role=\"status\"><p>");
      orga_html_append_escaped (out, notice);
      g_string_append (out, "</p></div>\n");
    }
  orga_html_append_error_summary (out, errors);
  g_string_append (out, "<p>Votre enseignant vous a donné le code d’une campagne : saisissez-le pour "
                        "commencer.</p>\n<div class=\"carte\">\n"
                        "<form method=\"get\" action=\"/campagnes\" novalidate>\n");
  orga_html_append_input (out, errors, "code", "Code de la campagne", "text", "off", code,
                          "9 lettres et chiffres, par exemple ABCDEF123.");
  g_string_append (out, "<button type=\"submit\">Accéder au parcours</button>\n</form>\n</div>\n");
  orga_html_set_page (msg, status, orga_html_page_end (out));
}

static void
handle_code (OrgaServer        *self,
             SoupServerMessage *msg,
             GHashTable        *query)
{
  const char *code = query ? g_hash_table_lookup (query, "code") : NULL;
  g_auto(OrgaHtmlErrors) errors = { NULL };
  g_autoptr(OrgaJoinableCampaign) campaign = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *location = NULL;

  orga_server_set_route (msg, "GET /campagnes");
  orga_html_errors_init (&errors);

  if (code == NULL)
    {
      reply_code_form (msg, SOUP_STATUS_OK, NULL, NULL,
                       query && g_hash_table_contains (query, "deconnecte") ? MSG_SIGNED_OUT : NULL);
      return;
    }
  if (!g_utf8_validate (code, -1, NULL))
    code = "";
  if (strspn (code, " \t\r\n") == strlen (code))
    {
      orga_html_errors_add (&errors, "code", MSG_CODE_MISSING);
      reply_code_form (msg, 422, NULL, &errors, NULL);
      return;
    }

  campaign = orga_server_student_find_campaign (self, code, &error);
  if (campaign == NULL)
    {
      orga_html_errors_add (&errors, "code", shown_message (error, "/campagnes"));
      reply_code_form (msg, orga_server_error_status (error), code, &errors, NULL);
      return;
    }
  location = g_strconcat ("/campagnes/", campaign->code, NULL);
  redirect (msg, location);
}

/* /campagnes/{CODE} */

typedef enum
{
  STEP_SIGN_UP,
  STEP_SIGN_IN,
  STEP_PASSWORD,
  STEP_RECONCILE,
} Step;

typedef struct
{
  OrgaServer *server;
  SoupServerMessage *msg;
  OrgaJoinableCampaign *campaign;
  OrgaStudentAccount *account;     /* NULL when signed out */
  Step step;
  char *csrf;
  /* The form, kept for its second showing (never a password). */
  char *first_name;
  char *last_name;
  char *email;
  char *identifier;
  char *day;
  char *month;
  char *year;
  gboolean pix_terms;
} Visit;

static void
visit_free (Visit *visit)
{
  g_clear_object (&visit->server);
  g_clear_object (&visit->msg);
  g_clear_pointer (&visit->campaign, orga_joinable_campaign_free);
  g_clear_pointer (&visit->account, orga_student_account_free);
  g_free (visit->csrf);
  g_free (visit->first_name);
  g_free (visit->last_name);
  g_free (visit->email);
  g_free (visit->identifier);
  g_free (visit->day);
  g_free (visit->month);
  g_free (visit->year);
  g_free (visit);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Visit, visit_free)

static char *
campaign_path (Visit      *visit,
               const char *suffix)
{
  return g_strconcat ("/campagnes/", visit->campaign->code, suffix, NULL);
}

static const char *
campaign_title (OrgaJoinableCampaign *campaign)
{
  return campaign->title != NULL && *campaign->title != '\0' ? campaign->title : campaign->name;
}

/* The school and the campaign, on every step; the landing text on the
 * first. */
static GString *
visit_page_begin (Visit      *visit,
                  const char *title,
                  gboolean    landing)
{
  GString *out = orga_html_page_begin (title);

  g_string_append (out, extra_style);
  if (visit->account != NULL)
    {
      g_autofree char *back = campaign_path (visit, "");

      g_string_append (out, "<div class=\"compte\"><span>Connecté(e) : ");
      orga_html_append_escaped (out, visit->account->first_name);
      g_string_append_c (out, ' ');
      orga_html_append_escaped (out, visit->account->last_name);
      g_string_append (out, "</span>\n<form method=\"post\" action=\"/campagnes/deconnexion\">\n");
      orga_html_append_hidden (out, ORGA_HTML_CSRF_FIELD, visit->csrf);
      g_string_append (out, "<button type=\"submit\" class=\"lien\">Se déconnecter</button>\n</form></div>\n");
    }
  g_string_append (out, "<div class=\"carte\"><p class=\"ecole\">");
  orga_html_append_escaped (out, visit->campaign->organization_name);
  g_string_append (out, "</p>\n<p>");
  orga_html_append_escaped (out, campaign_title (visit->campaign));
  g_string_append (out, "</p>\n");
  if (landing && visit->campaign->landing_text != NULL && *visit->campaign->landing_text != '\0')
    {
      g_string_append (out, "<p class=\"accueil\">");
      orga_html_append_escaped (out, visit->campaign->landing_text);
      g_string_append (out, "</p>\n");
    }
  g_string_append (out, "</div>\n");
  return out;
}

static void
append_form_start (GString    *out,
                   Visit      *visit,
                   const char *step)
{
  g_autofree char *action = campaign_path (visit, "");

  g_string_append (out, "<form method=\"post\" action=\"");
  orga_html_append_escaped (out, action);
  g_string_append (out, "\" novalidate>\n");
  orga_html_append_hidden (out, "etape", step);
  orga_html_append_hidden (out, ORGA_HTML_CSRF_FIELD, visit->csrf);
}

static void
reply_sign_form (Visit          *visit,
                 guint           status,
                 OrgaHtmlErrors *errors)
{
  gboolean sign_in = visit->step == STEP_SIGN_IN;
  GString *out = visit_page_begin (visit, "Rejoindre la campagne", TRUE);
  g_autofree char *self_path = campaign_path (visit, "");

  orga_html_append_error_summary (out, errors);
  g_string_append (out, "<p>Pour participer, connectez-vous à votre compte Pix ou créez-en un.</p>\n"
                        "<ul class=\"onglets\">\n");
  if (sign_in)
    g_string_append_printf (out, "<li><a href=\"%s\">Je m’inscris</a></li>\n"
                                 "<li><span aria-current=\"page\">J’ai déjà un compte Pix</span></li>\n",
                            self_path);
  else
    g_string_append_printf (out, "<li><span aria-current=\"page\">Je m’inscris</span></li>\n"
                                 "<li><a href=\"%s?mode=connexion\">J’ai déjà un compte Pix</a></li>\n",
                            self_path);
  g_string_append (out, "</ul>\n<div class=\"carte\">\n");
  append_form_start (out, visit, sign_in ? "connexion" : "inscription");
  if (sign_in)
    {
      g_string_append (out, "<h2>Connectez-vous</h2>\n");
      orga_html_append_input (out, errors, "identifiant", "Adresse e-mail ou identifiant", "text",
                              "username", visit->identifier,
                              "L’identifiant donné par votre établissement, par exemple jean.dupont0107.");
      orga_html_append_input (out, errors, "mot-de-passe", "Mot de passe", "password", "current-password",
                              NULL, NULL);
      g_string_append (out, "<p class=\"aide\">Mot de passe oublié ? Demandez à un enseignant de le "
                            "réinitialiser.</p>\n<button type=\"submit\">Je me connecte</button>\n");
    }
  else
    {
      g_string_append (out, "<h2>Créez votre compte Pix</h2>\n");
      orga_html_append_input (out, errors, "prenom", "Prénom", "text", "given-name", visit->first_name, NULL);
      orga_html_append_input (out, errors, "nom", "Nom", "text", "family-name", visit->last_name, NULL);
      orga_html_append_input (out, errors, "email", "Adresse e-mail", "email", "email", visit->email, NULL);
      orga_html_append_input (out, errors, "mot-de-passe", "Mot de passe", "password", "new-password", NULL,
                              MSG_PASSWORD_RULE);
      orga_html_append_checkbox (out, errors, "cgu-pix",
                                 "J’accepte les <a href=\"" PIX_CGU_URL "\">conditions d’utilisation de Pix</a>",
                                 visit->pix_terms, TRUE);
      g_string_append (out, "<button type=\"submit\">Je m’inscris</button>\n");
    }
  g_string_append (out, "</form>\n</div>\n");
  orga_html_set_page (visit->msg, status, orga_html_page_end (out));
}

static void
reply_password_form (Visit          *visit,
                     guint           status,
                     OrgaHtmlErrors *errors)
{
  GString *out = visit_page_begin (visit, "Changez votre mot de passe", FALSE);

  orga_html_append_error_summary (out, errors);
  g_string_append (out, "<p>Vous vous êtes connecté(e) avec un mot de passe à usage unique. "
                        "Choisissez maintenant votre propre mot de passe : il vous servira les "
                        "prochaines fois.</p>\n<div class=\"carte\">\n");
  append_form_start (out, visit, "mot-de-passe");
  orga_html_append_input (out, errors, "mot-de-passe", "Nouveau mot de passe", "password", "new-password",
                          NULL, MSG_PASSWORD_RULE);
  orga_html_append_input (out, errors, "confirmation", "Confirmez le nouveau mot de passe", "password",
                          "new-password", NULL, NULL);
  g_string_append (out, "<button type=\"submit\">Enregistrer mon mot de passe</button>\n</form>\n</div>\n");
  orga_html_set_page (visit->msg, status, orga_html_page_end (out));
}

static void
append_date_field (GString        *out,
                   OrgaHtmlErrors *errors,
                   const char     *id,
                   const char     *label,
                   const char     *autocomplete,
                   const char     *value,
                   guint           length,
                   gboolean        invalid)
{
  g_string_append_printf (out, "<div class=\"%s\"><label for=\"%s\">%s</label>"
                               "<input type=\"text\" inputmode=\"numeric\" id=\"%s\" name=\"%s\""
                               " autocomplete=\"%s\" maxlength=\"%u\" required aria-describedby=\"date-aide%s\"",
                          id, id, label, id, id, autocomplete, length,
                          invalid ? " date-erreur" : "");
  if (invalid)
    g_string_append (out, " aria-invalid=\"true\"");
  if (value != NULL && *value != '\0')
    {
      g_string_append (out, " value=\"");
      orga_html_append_escaped (out, value);
      g_string_append (out, "\"");
    }
  g_string_append (out, "></div>\n");
}

static void
reply_reconcile_form (Visit          *visit,
                      guint           status,
                      OrgaHtmlErrors *errors)
{
  GString *out = visit_page_begin (visit, "Un tout petit détail !", FALSE);
  const char *date_error = orga_html_errors_for (errors, "jour");

  orga_html_append_error_summary (out, errors);
  g_string_append (out, "<p>Remplissez les informations manquantes : elles permettent à votre "
                        "établissement de retrouver vos résultats.</p>\n<div class=\"carte\">\n");
  append_form_start (out, visit, "reconciliation");
  orga_html_append_input (out, errors, "prenom", "Prénom", "text", "given-name",
                          visit->first_name ? visit->first_name : visit->account->first_name, NULL);
  orga_html_append_input (out, errors, "nom", "Nom", "text", "family-name",
                          visit->last_name ? visit->last_name : visit->account->last_name, NULL);
  g_string_append (out, "<fieldset>\n<legend>Date de naissance</legend>\n"
                        "<p class=\"aide\" id=\"date-aide\">Par exemple : 07 03 2010</p>\n");
  if (date_error != NULL)
    {
      g_string_append (out, "<p class=\"erreur-champ\" id=\"date-erreur\">");
      orga_html_append_escaped (out, date_error);
      g_string_append (out, "</p>\n");
    }
  g_string_append (out, "<div class=\"date\">\n");
  append_date_field (out, errors, "jour", "Jour", "bday-day", visit->day, 2, date_error != NULL);
  append_date_field (out, errors, "mois", "Mois", "bday-month", visit->month, 2, date_error != NULL);
  append_date_field (out, errors, "annee", "Année", "bday-year", visit->year, 4, date_error != NULL);
  g_string_append (out, "</div>\n</fieldset>\n<button type=\"submit\">C’est parti !</button>\n</form>\n</div>\n");
  orga_html_set_page (visit->msg, status, orga_html_page_end (out));
}

/* The step the visitor is at, shown (or the test, when linked). */
static void
visit_show (Visit      *visit,
            GHashTable *query)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *learner = NULL;

  if (visit->account == NULL)
    {
      visit->step = query != NULL && g_strcmp0 (g_hash_table_lookup (query, "mode"), "connexion") == 0
                    ? STEP_SIGN_IN : STEP_SIGN_UP;
      reply_sign_form (visit, SOUP_STATUS_OK, NULL);
      return;
    }
  if (visit->account->should_change_password)
    {
      reply_password_form (visit, SOUP_STATUS_OK, NULL);
      return;
    }
  learner = orga_server_student_get_learner (visit->server, visit->account->id,
                                             visit->campaign->organization_id, &error);
  if (error != NULL)
    {
      reply_message (visit->msg, SOUP_STATUS_INTERNAL_SERVER_ERROR, "Rejoindre la campagne",
                     shown_message (error, "/campagnes/{code}"), FALSE);
      return;
    }
  if (learner != NULL)
    {
      g_autofree char *location = campaign_path (visit, "/evaluation");
      redirect (visit->msg, location);
      return;
    }
  reply_reconcile_form (visit, SOUP_STATUS_OK, NULL);
}

static void
visit_reply_errors (Visit          *visit,
                    guint           status,
                    OrgaHtmlErrors *errors)
{
  switch (visit->step)
    {
    case STEP_SIGN_UP:
    case STEP_SIGN_IN:
      reply_sign_form (visit, status, errors);
      break;
    case STEP_PASSWORD:
      reply_password_form (visit, status, errors);
      break;
    case STEP_RECONCILE:
      reply_reconcile_form (visit, status, errors);
      break;
    default:
      g_assert_not_reached ();
    }
}

static void
visit_reply_error (Visit        *visit,
                   const GError *error)
{
  g_auto(OrgaHtmlErrors) errors = { NULL };
  guint retry = orga_server_error_retry_after (error);

  orga_html_errors_init (&errors);
  orga_html_errors_add (&errors, orga_html_field_of_error (error), shown_message (error, "/campagnes/{code}"));
  if (retry > 0)
    {
      g_autofree char *seconds = g_strdup_printf ("%u", retry);
      soup_message_headers_replace (soup_server_message_get_response_headers (visit->msg),
                                    "Retry-After", seconds);
    }
  visit_reply_errors (visit, orga_server_error_status (error), &errors);
}

static void
on_signed (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(Visit) visit = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *account_id = NULL;

  if (visit->step == STEP_SIGN_IN)
    account_id = orga_server_student_sign_in_finish (visit->server, result, &error);
  else
    account_id = orga_server_student_sign_up_finish (visit->server, result, &error);

  if (account_id == NULL
      || !orga_server_student_start_session (visit->server, visit->msg, account_id, &error))
    visit_reply_error (visit, error);
  else
    {
      g_autofree char *location = campaign_path (visit, "");
      redirect (visit->msg, location);
    }
  soup_server_message_unpause (visit->msg);
}

static void
on_password_changed (GObject      *source,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(Visit) visit = user_data;
  g_autoptr(GError) error = NULL;

  if (!orga_server_student_change_password_finish (visit->server, result, &error))
    visit_reply_error (visit, error);
  else
    {
      g_autofree char *location = campaign_path (visit, "");
      redirect (visit->msg, location);
    }
  soup_server_message_unpause (visit->msg);
}

/* "7", "3", "2010" → "2010-03-07"; NULL when not a date's numbers. */
static char *
form_birthdate (Visit *visit)
{
  guint64 day, month, year;

  if (!g_ascii_string_to_unsigned (visit->day, 10, 1, 31, &day, NULL)
      || !g_ascii_string_to_unsigned (visit->month, 10, 1, 12, &month, NULL)
      || !g_ascii_string_to_unsigned (visit->year, 10, 1900, 2200, &year, NULL)
      || strlen (visit->year) != 4)
    return NULL;
  return g_strdup_printf ("%04u-%02u-%02u", (guint) year, (guint) month, (guint) day);
}

/* TRUE when the answer waits: @visit then belongs to the callback. */
static gboolean
visit_post (Visit      *visit,
            GHashTable *form)
{
  const char *step = orga_html_form_get (form, "etape");
  const char *password = orga_html_form_get (form, "mot-de-passe");
  g_auto(OrgaHtmlErrors) errors = { NULL };
  g_autoptr(GError) error = NULL;

  orga_html_errors_init (&errors);
  visit->first_name = g_strstrip (g_strdup (orga_html_form_get (form, "prenom")));
  visit->last_name = g_strstrip (g_strdup (orga_html_form_get (form, "nom")));
  visit->email = g_strstrip (g_strdup (orga_html_form_get (form, "email")));
  visit->identifier = g_strstrip (g_strdup (orga_html_form_get (form, "identifiant")));
  visit->day = g_strstrip (g_strdup (orga_html_form_get (form, "jour")));
  visit->month = g_strstrip (g_strdup (orga_html_form_get (form, "mois")));
  visit->year = g_strstrip (g_strdup (orga_html_form_get (form, "annee")));
  visit->pix_terms = *orga_html_form_get (form, "cgu-pix") != '\0';

  /* The step is the session's, whatever the form says: a student whose
   * password must change cannot reconcile first. */
  if (visit->account == NULL)
    visit->step = g_str_equal (step, "connexion") ? STEP_SIGN_IN : STEP_SIGN_UP;
  else if (visit->account->should_change_password)
    visit->step = STEP_PASSWORD;
  else
    visit->step = STEP_RECONCILE;

  if (!orga_html_csrf_valid (visit->server, visit->msg, form))
    {
      orga_html_errors_add (&errors, NULL, MSG_CSRF);
      visit_reply_errors (visit, SOUP_STATUS_FORBIDDEN, &errors);
      return FALSE;
    }

  switch (visit->step)
    {
    case STEP_SIGN_UP:
      if (*visit->first_name == '\0')
        orga_html_errors_add (&errors, "prenom", "Votre prénom n’est pas renseigné.");
      if (*visit->last_name == '\0')
        orga_html_errors_add (&errors, "nom", "Votre nom n’est pas renseigné.");
      if (*visit->email == '\0')
        orga_html_errors_add (&errors, "email", MSG_EMAIL_MISSING);
      else
        {
          g_autofree char *normalized = orga_server_normalize_email (visit->email);

          if (normalized == NULL)
            orga_html_errors_add (&errors, "email", "Le format de l'adresse e-mail est incorrect.");
        }
      if (*password == '\0')
        orga_html_errors_add (&errors, "mot-de-passe", MSG_PASSWORD_MISSING);
      else if (!orga_server_password_is_valid (password))
        orga_html_errors_add (&errors, "mot-de-passe", MSG_PASSWORD_RULE);
      if (!visit->pix_terms)
        orga_html_errors_add (&errors, "cgu-pix",
                              "Vous devez accepter les conditions d’utilisation de Pix pour créer un compte.");
      if (orga_html_errors_any (&errors))
        {
          reply_sign_form (visit, 422, &errors);
          return FALSE;
        }
      soup_server_message_pause (visit->msg);
      orga_server_student_sign_up_async (visit->server, visit->first_name, visit->last_name, visit->email,
                                         password, visit->pix_terms, on_signed, visit);
      return TRUE;

    case STEP_SIGN_IN:
      if (*visit->identifier == '\0')
        orga_html_errors_add (&errors, "identifiant", MSG_IDENTIFIER_MISSING);
      if (*password == '\0')
        orga_html_errors_add (&errors, "mot-de-passe", MSG_PASSWORD_MISSING);
      if (orga_html_errors_any (&errors))
        {
          reply_sign_form (visit, 422, &errors);
          return FALSE;
        }
      {
        g_autofree char *address = orga_server_get_client_address (visit->server, visit->msg);

        soup_server_message_pause (visit->msg);
        orga_server_student_sign_in_async (visit->server, visit->identifier, password, address,
                                           on_signed, visit);
      }
      return TRUE;

    case STEP_PASSWORD:
      if (!orga_server_password_is_valid (password))
        orga_html_errors_add (&errors, "mot-de-passe", MSG_PASSWORD_RULE);
      else if (!g_str_equal (password, orga_html_form_get (form, "confirmation")))
        orga_html_errors_add (&errors, "confirmation", MSG_PASSWORDS_DIFFER);
      if (orga_html_errors_any (&errors))
        {
          reply_password_form (visit, 422, &errors);
          return FALSE;
        }
      soup_server_message_pause (visit->msg);
      orga_server_student_change_password_async (visit->server, visit->account->id, password,
                                                 on_password_changed, visit);
      return TRUE;

    case STEP_RECONCILE:
      {
        g_autofree char *birthdate = form_birthdate (visit);
        g_autofree char *learner = NULL;

        learner = orga_server_student_reconcile (visit->server, visit->account->id,
                                                 visit->campaign->organization_id,
                                                 visit->first_name, visit->last_name,
                                                 birthdate ? birthdate : "", &error);
        if (learner == NULL)
          visit_reply_error (visit, error);
        else
          {
            g_autofree char *location = campaign_path (visit, "/evaluation");
            redirect (visit->msg, location);
          }
      }
      return FALSE;

    default:
      g_assert_not_reached ();
    }
  return FALSE;
}

static void
handle_campaign (OrgaServer        *self,
                 SoupServerMessage *msg,
                 const char        *code,
                 GHashTable        *query)
{
  gboolean post = g_str_equal (soup_server_message_get_method (msg), "POST");
  g_autoptr(Visit) visit = g_new0 (Visit, 1);
  g_autoptr(GHashTable) form = NULL;
  g_autoptr(GError) error = NULL;

  orga_server_set_route (msg, post ? "POST /campagnes/{code}" : "GET /campagnes/{code}");
  if (post && (form = orga_html_decode_form (msg)) == NULL)
    {
      reply_message (msg, SOUP_STATUS_BAD_REQUEST, "Rejoindre la campagne", MSG_MALFORMED, FALSE);
      return;
    }

  visit->server = g_object_ref (self);
  visit->msg = g_object_ref (msg);
  visit->campaign = orga_server_student_find_campaign (self, code, &error);
  if (visit->campaign == NULL)
    {
      reply_message (msg, orga_server_error_status (error), "Rejoindre la campagne",
                     shown_message (error, "/campagnes/{code}"), TRUE);
      return;
    }
  /* "abcdef123" or "ABC DEF 123" in the address: the canonical one. */
  if (!g_str_equal (code, visit->campaign->code) && !post)
    {
      g_autofree char *location = campaign_path (visit, "");
      redirect (msg, location);
      return;
    }
  /* Set first: the session's cookie is appended after it. */
  visit->csrf = orga_html_csrf_token (self, msg);
  visit->account = orga_server_student_session_account (self, msg);

  if (!post)
    {
      visit_show (visit, query);
      return;
    }
  if (visit_post (visit, form))
    g_steal_pointer (&visit);
}

static void
handle_sign_out (OrgaServer        *self,
                 SoupServerMessage *msg)
{
  g_autoptr(GHashTable) form = NULL;

  orga_server_set_route (msg, "POST /campagnes/deconnexion");
  if (!g_str_equal (soup_server_message_get_method (msg), "POST"))
    {
      soup_message_headers_replace (soup_server_message_get_response_headers (msg), "Allow", "POST");
      reply_message (msg, SOUP_STATUS_METHOD_NOT_ALLOWED, "Pix Orga",
                     "Cette méthode n’est pas permise pour cette adresse.", FALSE);
      return;
    }
  form = orga_html_decode_form (msg);
  if (form == NULL || !orga_html_csrf_valid (self, msg, form))
    {
      reply_message (msg, SOUP_STATUS_FORBIDDEN, "Se déconnecter", MSG_CSRF, TRUE);
      return;
    }
  orga_server_student_end_session (self, msg);
  redirect (msg, "/campagnes?deconnecte=1");
}

/* Routing */

gboolean
orga_server_students_handle (OrgaServer        *self,
                             SoupServerMessage *msg,
                             const char        *path,
                             GHashTable        *query)
{
  const char *method = soup_server_message_get_method (msg);
  const char *rest;
  const char *slash;
  g_autofree char *code = NULL;

  if (!g_str_has_prefix (path, "/campagnes") || (path[10] != '\0' && path[10] != '/'))
    return FALSE;

  if (!g_str_equal (method, "GET") && !g_str_equal (method, "HEAD") && !g_str_equal (method, "POST"))
    {
      orga_server_set_route (msg, "- /campagnes");
      soup_message_headers_replace (soup_server_message_get_response_headers (msg), "Allow", "GET, HEAD, POST");
      reply_message (msg, SOUP_STATUS_METHOD_NOT_ALLOWED, "Pix Orga",
                     "Cette méthode n’est pas permise pour cette adresse.", FALSE);
      return TRUE;
    }

  rest = path + strlen ("/campagnes");
  if (*rest == '/')
    rest++;
  if (*rest == '\0')
    {
      if (g_str_equal (method, "POST"))
        {
          orga_server_set_route (msg, "POST /campagnes");
          soup_message_headers_replace (soup_server_message_get_response_headers (msg), "Allow", "GET, HEAD");
          reply_message (msg, SOUP_STATUS_METHOD_NOT_ALLOWED, "Pix Orga",
                         "Cette méthode n’est pas permise pour cette adresse.", FALSE);
          return TRUE;
        }
      handle_code (self, msg, query);
      return TRUE;
    }
  if (g_str_equal (rest, "deconnexion"))
    {
      handle_sign_out (self, msg);
      return TRUE;
    }

  slash = strchr (rest, '/');
  code = slash ? g_strndup (rest, slash - rest) : g_strdup (rest);
  if (slash == NULL || slash[1] == '\0')
    {
      handle_campaign (self, msg, code, query);
      return TRUE;
    }
  orga_server_set_route (msg, "- /campagnes");
  reply_message (msg, SOUP_STATUS_NOT_FOUND, "Page introuvable", MSG_NOT_FOUND, TRUE);
  return TRUE;
}
