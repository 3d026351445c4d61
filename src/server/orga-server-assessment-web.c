/* orga-server-assessment-web.c: /campagnes/{CODE}/evaluation (issue 11)
 *
 * The student's test in plain HTML forms (no JavaScript needed): the
 * start page, one page a question, the results with "J’envoie mes
 * résultats", the retry offer. Every POST answers with a redirect to the
 * GET of the same address (post/redirect/get), so that reloading a page
 * never sends an answer twice; the POST of an answer carries its
 * position, and a position already answered stores nothing.
 *
 * The pages never hold an answer: what a question page shows is built
 * from orga_item_get_* (question, choices, image, attachment), and the
 * files of a question are served only while it is the student's current
 * one.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "orga-server"

#include "config.h"

#include <string.h>

#include "orga-format.h"
#include "orga-server-assessment.h"
#include "orga-server-html.h"
#include "orga-server-routes.h"
#include "orga-server-students.h"

#define PAGE_TITLE "Mon parcours"
#define MSG_NOT_FOUND "Ce code de campagne n’existe pas. Vérifiez-le auprès de votre enseignant."
#define MSG_DELETED "Cette campagne a été supprimée par votre établissement : vous ne pouvez plus y participer."
#define MSG_ARCHIVED "Cette campagne est archivée : vous ne pouvez plus y participer."
#define MSG_ARCHIVED_SHARE "Cette campagne est archivée : vous ne pouvez plus envoyer vos résultats."
#define MSG_ALREADY "Vous avez déjà participé à cette campagne."
#define MSG_PARTICIPATION_DELETED "Votre participation à cette campagne a été supprimée par votre établissement : " \
                                  "vous ne pouvez plus y participer."
#define MSG_LEARNER_DISABLED "Vous n’êtes plus inscrit dans cet établissement : vous ne pouvez pas participer " \
                             "à cette campagne."
#define MSG_FORM "Ce formulaire a expiré ou ne vient pas de Pix Orga. Rechargez la page et recommencez."
#define MSG_INTERNAL "Une erreur est survenue. Réessayez dans un instant."
#define MSG_NO_ANSWER "Choisissez ou écrivez une réponse, ou cliquez sur « Je passe »."
#define CERTIFIABLE_HELP "La certificabilité signifie que le participant a atteint le niveau 1 dans au moins " \
                         "5 compétences différentes."

/* The few rules the students' pages add to orga-server-html's. */
static const char page_style[] =
  "<style>"
  ".barre{height:.75rem;background:#d5d9e0;border-radius:6px;overflow:hidden;margin:.25rem 0 1rem}"
  ".barre div{height:100%;background:#3d68ff}"
  ".enonce p{margin:.5rem 0}.enonce img{max-width:100%;height:auto;display:block;margin:1rem 0}"
  "fieldset{border:0;margin:0;padding:0}legend{font-weight:700;padding:0;margin:1rem 0 .25rem}"
  ".case input[type=radio]{width:1.375rem;height:1.375rem;margin:.125rem 0 0;flex:none}"
  "button.secondaire{background:#fff;color:#253858;border:2px solid #253858}"
  "table{border-collapse:collapse;width:100%;margin:.5rem 0;font-size:.875rem}"
  "th,td{text-align:left;padding:.375rem .125rem;border-bottom:1px solid #d5d9e0;vertical-align:top}"
  "thead th{font-size:.8125rem}"
  "td.nombre,th.nombre{text-align:right;white-space:nowrap}"
  ".chiffre{font-size:2rem;font-weight:700;margin:.25rem 0}"
  ".etoiles{font-size:1.75rem;color:#b07d00;letter-spacing:.125rem}"
  "@media (prefers-color-scheme:dark){button.secondaire{background:#20242c;color:#e7e9ee;border-color:#e7e9ee}"
  ".barre{background:#3a404c}th,td{border-color:#3a404c}.etoiles{color:#ffbf47}}"
  "</style>\n";

typedef struct
{
  OrgaServer *server;
  SoupServerMessage *msg;
  OrgaStudentRunCampaign *campaign;
  OrgaStudentRun *run;
  char *csrf;
  char *self_path;          /* "/campagnes/CODE/evaluation" */
} Page;

static void
page_clear (Page *page)
{
  g_clear_pointer (&page->run, orga_student_run_free);
  g_clear_pointer (&page->campaign, orga_student_run_campaign_free);
  g_clear_pointer (&page->csrf, g_free);
  g_clear_pointer (&page->self_path, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Page, page_clear)

static void
redirect (SoupServerMessage *msg,
          const char        *path)
{
  soup_message_headers_replace (soup_server_message_get_response_headers (msg), "Cache-Control", "no-store");
  soup_server_message_set_redirect (msg, SOUP_STATUS_SEE_OTHER, path);
}

static void
reply_internal (SoupServerMessage *msg,
                const char        *what,
                const GError      *error)
{
  orga_server_log_db_error (what, error);
  orga_html_reply_message_page (msg, SOUP_STATUS_INTERNAL_SERVER_ERROR, PAGE_TITLE, MSG_INTERNAL);
}

/* "6 décembre 2026 à 15 h 30", "1er septembre 2026 à 8 h 00", in Paris. */
static char *
french_date_time (gint64 unix_time)
{
  g_autoptr(GTimeZone) tz = g_time_zone_new_identifier ("Europe/Paris");
  g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (unix_time);
  g_autoptr(GDateTime) t = NULL;
  g_autofree char *day = NULL;

  if (tz == NULL)
    tz = g_time_zone_new_utc ();
  t = g_date_time_to_timezone (utc, tz);
  day = orga_format_day_month (t, TRUE, TRUE);
  return g_strdup_printf ("%s à %d h %02d", day, g_date_time_get_hour (t), g_date_time_get_minute (t));
}

static gint64
iso_to_unix (const char *iso)
{
  g_autoptr(GDateTime) t = iso ? g_date_time_new_from_iso8601 (iso, NULL) : NULL;

  return t ? g_date_time_to_unix (t) : 0;
}

static GString *
page_begin (Page       *page,
            const char *title)
{
  GString *out = orga_html_page_begin (title);

  g_string_append (out, page_style);
  g_string_append (out, "<p class=\"aide\">Campagne « ");
  orga_html_append_escaped (out, page->campaign->title ? page->campaign->title : page->campaign->name);
  g_string_append (out, " »</p>\n");
  return out;
}

static void
form_begin (Page    *page,
            GString *out)
{
  g_string_append (out, "<form method=\"post\" action=\"");
  orga_html_append_escaped (out, page->self_path);
  g_string_append (out, "\">\n");
  orga_html_append_hidden (out, ORGA_HTML_CSRF_FIELD, page->csrf);
}

/* The text of an item, one paragraph a line. */
static void
append_paragraphs (GString    *out,
                   const char *text)
{
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);

  for (guint i = 0; lines[i] != NULL; i++)
    {
      if (*g_strstrip (lines[i]) == '\0')
        continue;
      g_string_append (out, "<p>");
      orga_html_append_escaped (out, lines[i]);
      g_string_append (out, "</p>\n");
    }
}

/* The start page */

static void
reply_start (Page           *page,
             guint           status,
             OrgaHtmlErrors *errors,
             const char     *external_id)
{
  GString *out = page_begin (page, PAGE_TITLE);
  const OrgaTargetProfile *run = page->campaign->run;

  orga_html_append_error_summary (out, errors);
  g_string_append (out, "<div class=\"carte\">\n");
  if (page->campaign->profiles_collection)
    g_string_append (out, "<p>Cette campagne recueille votre profil Pix : quelques questions dans chacune "
                          "des 16 compétences, puis vous envoyez votre profil à votre établissement.</p>\n");
  else
    {
      g_string_append (out, "<p>Parcours « ");
      orga_html_append_escaped (out, run->name);
      g_string_append (out, " »</p>\n");
      if (run->description != NULL)
        {
          g_string_append (out, "<p class=\"aide\">");
          orga_html_append_escaped (out, run->description);
          g_string_append (out, "</p>\n");
        }
    }
  g_string_append (out, "<p>Les questions deviennent plus difficiles quand vous réussissez. Si vous ne "
                        "savez pas répondre, cliquez sur « Je passe ». Vous pouvez fermer la page et "
                        "reprendre plus tard là où vous en étiez.</p>\n");
  form_begin (page, out);
  if (page->campaign->external_id_label != NULL)
    orga_html_append_input (out, errors, "identifiant", page->campaign->external_id_label, "text", "off",
                            external_id, NULL);
  orga_html_append_hidden (out, "action", "commencer");
  g_string_append (out, "<button type=\"submit\">Je commence</button>\n</form>\n</div>\n");
  orga_html_set_page (page->msg, status, orga_html_page_end (out));
}

/* The question page */

static void
reply_question (Page           *page,
                guint           status,
                OrgaHtmlErrors *errors)
{
  g_autoptr(GError) error = NULL;
  const OrgaItem *item = NULL;
  guint tube, difficulty;
  guint position = page->run->n_answers + 1;
  guint percent;
  const char *described;
  GString *out;
  g_autofree char *title = NULL;

  if (!orga_student_run_current (page->run, &tube, &difficulty, &item, &error) || item == NULL)
    {
      if (error == NULL)
        g_set_error_literal (&error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND, "no item for the skill");
      reply_internal (page->msg, "question", error);
      return;
    }

  percent = (guint) orga_format_round_scaled (orga_student_run_progression (page->run), 2);
  title = g_strdup_printf ("Question %u", position);
  out = page_begin (page, title);
  orga_html_append_error_summary (out, errors);
  g_string_append_printf (out, "<p id=\"avancement-texte\">Avancement : %u\u202f%%</p>\n"
                               "<div class=\"barre\" role=\"progressbar\" aria-labelledby=\"avancement-texte\" "
                               "aria-valuemin=\"0\" aria-valuemax=\"100\" aria-valuenow=\"%u\" "
                               "aria-valuetext=\"Question %u, %u\u202f%% du parcours\">"
                               "<div style=\"width:%u%%\"></div></div>\n",
                          percent, percent, position, percent, percent);

  g_string_append (out, "<div class=\"carte\">\n<div class=\"enonce\" id=\"enonce\">\n");
  append_paragraphs (out, orga_item_get_question (item));
  if (orga_item_get_image_path (item) != NULL)
    {
      g_autofree char *name = g_path_get_basename (orga_item_get_image_path (item));

      g_string_append (out, "<img src=\"");
      orga_html_append_escaped (out, page->self_path);
      g_string_append (out, "/fichiers/");
      orga_html_append_escaped (out, name);
      g_string_append (out, "\" alt=\"");
      orga_html_append_escaped (out, orga_item_get_image_alt (item) ? orga_item_get_image_alt (item) : "");
      g_string_append (out, "\">\n");
    }
  if (orga_item_get_attachment_path (item) != NULL)
    {
      g_autofree char *name = g_path_get_basename (orga_item_get_attachment_path (item));
      const char *label = orga_item_get_attachment_label (item);

      g_string_append (out, "<p><a download href=\"");
      orga_html_append_escaped (out, page->self_path);
      g_string_append (out, "/fichiers/");
      orga_html_append_escaped (out, name);
      g_string_append (out, "\">");
      orga_html_append_escaped (out, label ? label : "Télécharger le fichier");
      g_string_append (out, "</a></p>\n");
    }
  g_string_append (out, "</div>\n");

  form_begin (page, out);
  g_string_append_printf (out, "<input type=\"hidden\" name=\"position\" value=\"%u\">\n", position);
  orga_html_append_hidden (out, "question", orga_item_get_id (item));
  described = orga_html_errors_for (errors, "reponse") ? " aria-describedby=\"enonce reponse-erreur\""
                                                         : " aria-describedby=\"enonce\"";
  if (orga_item_get_kind (item) == ORGA_ITEM_SHORT)
    {
      if (orga_html_errors_for (errors, "reponse") != NULL)
        {
          g_string_append (out, "<p class=\"erreur-champ\" id=\"reponse-erreur\">");
          orga_html_append_escaped (out, orga_html_errors_for (errors, "reponse"));
          g_string_append (out, "</p>\n");
        }
      g_string_append_printf (out, "<label for=\"reponse\">Votre réponse</label>\n"
                                   "<input type=\"text\" id=\"reponse\" name=\"reponse\" autocomplete=\"off\" "
                                   "spellcheck=\"false\"%s>\n", described);
    }
  else
    {
      const char *const *choices = orga_item_get_choices (item);
      gboolean multiple = orga_item_get_kind (item) == ORGA_ITEM_MULTIPLE;

      g_string_append_printf (out, "<fieldset id=\"reponse\"%s>\n<legend>%s</legend>\n", described,
                              multiple ? "Cochez toutes les bonnes réponses" : "Choisissez une réponse");
      if (orga_html_errors_for (errors, "reponse") != NULL)
        {
          g_string_append (out, "<p class=\"erreur-champ\" id=\"reponse-erreur\">");
          orga_html_append_escaped (out, orga_html_errors_for (errors, "reponse"));
          g_string_append (out, "</p>\n");
        }
      for (guint i = 0; choices != NULL && choices[i] != NULL; i++)
        {
          if (multiple)
            g_string_append_printf (out, "<div class=\"case\"><input type=\"checkbox\" id=\"reponse-%u\" "
                                         "name=\"reponse-%u\" value=\"1\">", i, i);
          else
            g_string_append_printf (out, "<div class=\"case\"><input type=\"radio\" id=\"reponse-%u\" "
                                         "name=\"reponse\" value=\"%u\">", i, i);
          g_string_append_printf (out, "<label for=\"reponse-%u\">", i);
          orga_html_append_escaped (out, choices[i]);
          g_string_append (out, "</label></div>\n");
        }
      g_string_append (out, "</fieldset>\n");
    }
  g_string_append (out, "<button type=\"submit\" name=\"action\" value=\"valider\">Je valide</button>\n"
                        "<button type=\"submit\" name=\"action\" value=\"passer\" class=\"secondaire\" "
                        "formnovalidate>Je passe</button>\n</form>\n</div>\n");
  orga_html_set_page (page->msg, status, orga_html_page_end (out));
}

/* The results page */

static guint
percent_of (guint validated,
            guint targeted)
{
  return targeted == 0 ? 0 : (guint) orga_format_round_scaled ((double) validated / targeted, 2);
}

static void
append_results (Page    *page,
                GString *out)
{
  const OrgaStudentRunCampaign *campaign = page->campaign;
  const OrgaTargetProfile *run = campaign->run;
  OrgaKnowledge knowledge;
  OrgaAssessmentScore score;
  guint targeted[ORGA_FRAMEWORK_N_COMPETENCES] = { 0 };
  guint validated[ORGA_FRAMEWORK_N_COMPETENCES] = { 0 };

  orga_student_run_knowledge (page->run, &knowledge);
  orga_assessment_score (campaign->profile, &knowledge, &score, NULL);

  g_string_append (out, "<div class=\"carte\">\n");
  if (!campaign->profiles_collection)
    {
      /* Pix's rounding (orga-format.h), the French narrow space. */
      double rate = orga_format_round_scaled (score.mastery_rate, 2);

      g_string_append_printf (out, "<h2>Taux de réussite</h2>\n<p class=\"chiffre\">%.0f\u202f%%</p>\n"
                                   "<p>Vous avez validé %u acquis sur %u.</p>\n",
                              rate, score.validated_skills, score.targeted_skills);
      if (run->n_stages > 0)
        {
          guint stage = MIN (score.reached_stage, run->n_stages - 1);

          g_string_append (out, "<h2>Palier atteint</h2>\n");
          if (run->sco_stages)
            {
              g_string_append (out, "<p class=\"chiffre\">");
              orga_html_append_escaped (out, run->stages[stage].title);
              g_string_append (out, "</p>\n");
            }
          else
            {
              guint total = run->n_stages - 1;

              g_string_append_printf (out, "<p class=\"etoiles\" aria-hidden=\"true\">");
              for (guint i = 0; i < total; i++)
                g_string_append (out, i < stage ? "★" : "☆");
              g_string_append_printf (out, "</p>\n<p>%u étoile%s sur %u</p>\n", stage, stage > 1 ? "s" : "", total);
            }
        }
    }
  g_string_append_printf (out, "<h2>Score Pix</h2>\n<p class=\"chiffre\">%u pix</p>\n", score.pix_score);
  if (campaign->profiles_collection)
    {
      g_string_append_printf (out, "<h2>Certificabilité</h2>\n<p>%s (%u compétence%s au niveau 1 ou plus).</p>\n"
                                   "<p class=\"aide\">%s</p>\n",
                              score.is_certifiable ? "Vous êtes certifiable" : "Vous n’êtes pas encore certifiable",
                              score.certifiable_competences, score.certifiable_competences > 1 ? "s" : "",
                              CERTIFIABLE_HELP);
    }
  g_string_append (out, "</div>\n");

  /* Per competence: the targeted skills validated, pix and level. */
  for (guint i = 0; i < run->n_tubes; i++)
    {
      const OrgaTube *tube = orga_framework_get_tube (run->tubes[i].tube);
      guint8 mask = orga_target_profile_tube_skills (run, i);

      targeted[tube->competence] += (guint) __builtin_popcount (mask);
      validated[tube->competence] += (guint) __builtin_popcount (mask & knowledge.validated[run->tubes[i].tube]);
    }
  g_string_append (out, "<div class=\"carte\">\n<h2>Résultats par compétence</h2>\n<table>\n"
                        "<thead><tr><th scope=\"col\">Compétence</th><th scope=\"col\" class=\"nombre\">Réussite</th>"
                        "<th scope=\"col\" class=\"nombre\">Pix</th><th scope=\"col\" class=\"nombre\">Niveau</th>"
                        "</tr></thead>\n<tbody>\n");
  for (guint c = 0; c < ORGA_FRAMEWORK_N_COMPETENCES; c++)
    {
      const OrgaCompetence *competence = orga_framework_get_competence (c);

      if (targeted[c] == 0)
        continue;
      g_string_append (out, "<tr><th scope=\"row\">");
      orga_html_append_escaped (out, competence->index);
      g_string_append (out, " ");
      orga_html_append_escaped (out, competence->name);
      g_string_append_printf (out, "</th><td class=\"nombre\">%u\u202f%%</td><td class=\"nombre\">%u</td>"
                                   "<td class=\"nombre\">%u</td></tr>\n",
                              percent_of (validated[c], targeted[c]), score.pix[c], score.level[c]);
    }
  g_string_append (out, "</tbody>\n</table>\n</div>\n");

  g_string_append (out, "<div class=\"carte\">\n<h2>Résultats par sujet</h2>\n<table>\n"
                        "<thead><tr><th scope=\"col\">Sujet</th><th scope=\"col\" class=\"nombre\">Acquis validés</th>"
                        "</tr></thead>\n<tbody>\n");
  for (guint i = 0; i < run->n_tubes; i++)
    {
      const OrgaTube *tube = orga_framework_get_tube (run->tubes[i].tube);
      guint8 mask = orga_target_profile_tube_skills (run, i);

      g_string_append (out, "<tr><th scope=\"row\">");
      orga_html_append_escaped (out, tube->title);
      g_string_append_printf (out, "</th><td class=\"nombre\">%d sur %d</td></tr>\n",
                              __builtin_popcount (mask & knowledge.validated[run->tubes[i].tube]),
                              __builtin_popcount (mask));
    }
  g_string_append (out, "</tbody>\n</table>\n</div>\n");
}

static void
reply_results (Page       *page,
               guint       status,
               const char *alert)
{
  OrgaStudentParticipation *p = page->run->participation;
  gboolean shared = g_strcmp0 (p->status, "SHARED") == 0;
  const char *send = page->campaign->profiles_collection ? "J’envoie mon profil" : "J’envoie mes résultats";
  GString *out = page_begin (page, "Mes résultats");

  if (alert != NULL)
    orga_html_append_alert (out, alert);

  if (shared)
    {
      g_autofree char *when = french_date_time (iso_to_unix (p->shared_at));

      g_string_append_printf (out, "<div class=\"succes\" role=\"status\"><p>%s envoyé%s à votre établissement "
                                   "le %s.</p></div>\n",
                              page->campaign->profiles_collection ? "Votre profil a été" : "Vos résultats ont été",
                              page->campaign->profiles_collection ? "" : "s", when);
    }
  else
    g_string_append (out, "<p>Vous avez terminé votre parcours. Vos résultats ne sont pas encore envoyés : "
                          "votre établissement les recevra quand vous cliquerez sur le bouton en bas de la page.</p>\n");

  append_results (page, out);

  if (!shared)
    {
      if (page->campaign->archived)
        orga_html_append_alert (out, MSG_ARCHIVED_SHARE);
      else
        {
          form_begin (page, out);
          orga_html_append_hidden (out, "action", "envoyer");
          g_string_append_printf (out, "<button type=\"submit\">%s</button>\n</form>\n", send);
        }
    }
  else
    {
      gint64 remaining = 0;
      OrgaRetryVerdict verdict = orga_student_run_retry_check (page->run, &remaining);

      if (verdict == ORGA_RETRY_ALLOWED)
        {
          g_string_append (out, "<div class=\"carte\">\n<p>Vous pouvez repasser ce parcours : seules les "
                                "questions que vous avez manquées ou passées vous seront posées.</p>\n");
          form_begin (page, out);
          orga_html_append_hidden (out, "action", "repasser");
          g_string_append (out, "<button type=\"submit\">Repasser mon parcours</button>\n</form>\n</div>\n");
        }
      else if (verdict == ORGA_RETRY_TOO_EARLY)
        {
          g_autofree char *when = french_date_time (orga_server_unix_now () + remaining);

          g_string_append (out, "<div class=\"carte\"><p>Vous pourrez repasser ce parcours à partir du ");
          orga_html_append_escaped (out, when);
          g_string_append (out, ".</p></div>\n");
        }
    }
  orga_html_set_page (page->msg, status, orga_html_page_end (out));
}

/* GET */

static void
reply_page (Page *page)
{
  OrgaStudentRun *run = page->run;

  if (run->assessment_id == NULL)
    {
      if (run->other_participation)
        orga_html_reply_message_page (page->msg, SOUP_STATUS_CONFLICT, PAGE_TITLE, MSG_ALREADY);
      else if (page->campaign->archived)
        orga_html_reply_message_page (page->msg, SOUP_STATUS_FORBIDDEN, PAGE_TITLE, MSG_ARCHIVED);
      else if (!run->learner_active)
        orga_html_reply_message_page (page->msg, SOUP_STATUS_FORBIDDEN, PAGE_TITLE, MSG_LEARNER_DISABLED);
      else
        reply_start (page, SOUP_STATUS_OK, NULL, NULL);
      return;
    }
  if (run->participation->deleted_at != NULL)
    {
      orga_html_reply_message_page (page->msg, SOUP_STATUS_GONE, PAGE_TITLE, MSG_PARTICIPATION_DELETED);
      return;
    }
  if (!run->completed)
    {
      if (page->campaign->archived)
        orga_html_reply_message_page (page->msg, SOUP_STATUS_FORBIDDEN, PAGE_TITLE, MSG_ARCHIVED);
      else
        reply_question (page, SOUP_STATUS_OK, NULL);
      return;
    }
  reply_results (page, SOUP_STATUS_OK, NULL);
}

/* The files of the current question, and only them. */
static void
reply_file (Page       *page,
            const char *name)
{
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (page->msg);
  const OrgaItem *item = NULL;
  const char *path = NULL;
  guint tube, difficulty;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autofree char *type = NULL;
  g_autofree char *mime = NULL;
  gboolean attachment = FALSE;
  gsize size = 0;
  const guint8 *data;

  if (page->run->participation != NULL && page->run->participation->deleted_at == NULL
      && !page->campaign->archived
      && orga_student_run_current (page->run, &tube, &difficulty, &item, &error) && item != NULL)
    {
      const char *image = orga_item_get_image_path (item);
      const char *attached = orga_item_get_attachment_path (item);
      g_autofree char *image_name = image ? g_path_get_basename (image) : NULL;
      g_autofree char *attached_name = attached ? g_path_get_basename (attached) : NULL;

      if (image_name != NULL && g_str_equal (image_name, name))
        path = image;
      else if (attached_name != NULL && g_str_equal (attached_name, name))
        {
          path = attached;
          attachment = TRUE;
        }
    }
  if (path != NULL)
    bytes = g_resources_lookup_data (path, G_RESOURCE_LOOKUP_FLAGS_NONE, NULL);
  if (bytes == NULL)
    {
      orga_html_reply_message_page (page->msg, SOUP_STATUS_NOT_FOUND, "Page introuvable",
                                    "Ce fichier n’est pas celui de votre question.");
      return;
    }

  data = g_bytes_get_data (bytes, &size);
  type = g_content_type_guess (name, data, size, NULL);
  mime = g_content_type_get_mime_type (type);
  soup_server_message_set_status (page->msg, SOUP_STATUS_OK, NULL);
  soup_message_headers_replace (headers, "Cache-Control", "no-store");
  soup_message_headers_replace (headers, "X-Content-Type-Options", "nosniff");
  soup_message_headers_replace (headers, "Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'");
  if (attachment)
    {
      g_autofree char *disposition = g_strdup_printf ("attachment; filename=\"%s\"", name);

      soup_message_headers_replace (headers, "Content-Disposition", disposition);
    }
  soup_server_message_set_response (page->msg, mime ? mime : "application/octet-stream", SOUP_MEMORY_COPY,
                                    (const char *) data, size);
}

/* POST */

/* The answer as orga_item_check_answer reads it: "2", "0,2" or the text;
 * NULL when nothing was chosen. */
static char *
form_answer (GHashTable     *form,
             const OrgaItem *item)
{
  if (item == NULL)
    return NULL;
  if (orga_item_get_kind (item) == ORGA_ITEM_MULTIPLE)
    {
      const char *const *choices = orga_item_get_choices (item);
      GString *value = g_string_new (NULL);

      for (guint i = 0; choices != NULL && choices[i] != NULL; i++)
        {
          g_autofree char *name = g_strdup_printf ("reponse-%u", i);

          if (g_hash_table_contains (form, name))
            g_string_append_printf (value, "%s%u", value->len ? "," : "", i);
        }
      if (value->len == 0)
        {
          g_string_free (value, TRUE);
          return NULL;
        }
      return g_string_free (value, FALSE);
    }
  {
    g_autofree char *text = g_strdup (orga_html_form_get (form, "reponse"));

    if (*g_strstrip (text) == '\0')
      return NULL;
    return g_strdup (orga_html_form_get (form, "reponse"));
  }
}

static void
handle_post (Page       *page,
             GHashTable *form)
{
  OrgaStudentRun *run = page->run;
  const char *action = orga_html_form_get (form, "action");
  g_autoptr(GError) error = NULL;

  if (g_str_equal (action, "commencer"))
    {
      const char *external_id = orga_html_form_get (form, "identifiant");

      if (run->assessment_id != NULL || run->other_participation || page->campaign->archived
          || !run->learner_active)
        {
          redirect (page->msg, page->self_path);
          return;
        }
      if (page->campaign->external_id_label != NULL)
        {
          g_autofree char *trimmed = g_strstrip (g_strdup (external_id));

          if (*trimmed == '\0' || g_utf8_strlen (trimmed, -1) > 255)
            {
              g_auto(OrgaHtmlErrors) errors;
              g_autofree char *message = g_strdup_printf ("Veuillez saisir votre %s (255 caractères au plus).",
                                                          page->campaign->external_id_label);

              orga_html_errors_init (&errors);
              orga_html_errors_add (&errors, "identifiant", message);
              reply_start (page, 422, &errors, external_id);
              return;
            }
          if (!orga_student_run_start (run, trimmed, &error))
            {
              reply_internal (page->msg, "start", error);
              return;
            }
        }
      else if (!orga_student_run_start (run, NULL, &error))
        {
          reply_internal (page->msg, "start", error);
          return;
        }
    }
  else if (g_str_equal (action, "valider") || g_str_equal (action, "passer"))
    {
      gboolean skip = g_str_equal (action, "passer");
      guint64 position = 0;
      const OrgaItem *item = NULL;
      guint tube, difficulty;
      g_autofree char *value = NULL;
      gboolean stored = FALSE;

      if (run->participation == NULL || run->completed || page->campaign->archived
          || run->participation->deleted_at != NULL)
        {
          redirect (page->msg, page->self_path);
          return;
        }
      if (!g_ascii_string_to_unsigned (orga_html_form_get (form, "position"), 10, 1, G_MAXUINT, &position, NULL))
        {
          redirect (page->msg, page->self_path);
          return;
        }
      if (!orga_student_run_current (run, &tube, &difficulty, &item, &error))
        {
          if (error != NULL)
            reply_internal (page->msg, "answer", error);
          else
            redirect (page->msg, page->self_path);
          return;
        }
      value = skip ? NULL : form_answer (form, item);
      /* "Je valide" with nothing chosen: the same question again, said. */
      if (!skip && value == NULL && position == run->n_answers + 1 && item != NULL
          && g_str_equal (orga_html_form_get (form, "question"), orga_item_get_id (item)))
        {
          g_auto(OrgaHtmlErrors) errors;

          orga_html_errors_init (&errors);
          orga_html_errors_add (&errors, "reponse", MSG_NO_ANSWER);
          reply_question (page, 422, &errors);
          return;
        }
      if (!orga_student_run_answer (run, (guint) position, orga_html_form_get (form, "question"), value,
                                    &stored, &error))
        {
          reply_internal (page->msg, "answer", error);
          return;
        }
    }
  else if (g_str_equal (action, "envoyer"))
    {
      if (run->participation != NULL && run->completed && g_strcmp0 (run->participation->status, "TO_SHARE") == 0
          && run->participation->deleted_at == NULL)
        {
          if (page->campaign->archived)
            {
              reply_results (page, SOUP_STATUS_FORBIDDEN, MSG_ARCHIVED_SHARE);
              return;
            }
          if (!orga_student_run_share (run, &error))
            {
              reply_internal (page->msg, "share", error);
              return;
            }
        }
    }
  else if (g_str_equal (action, "repasser"))
    {
      if (run->participation != NULL && run->completed
          && orga_student_run_retry_check (run, NULL) == ORGA_RETRY_ALLOWED
          && !orga_student_run_retry (run, &error))
        {
          reply_internal (page->msg, "retry", error);
          return;
        }
    }
  redirect (page->msg, page->self_path);
}

/* Routing */

gboolean
orga_server_assessment_handle (OrgaServer        *self,
                               SoupServerMessage *msg,
                               const char        *path,
                               GHashTable        *query)
{
  const char *method = soup_server_message_get_method (msg);
  gboolean post = g_str_equal (method, "POST");
  g_auto(GStrv) parts = g_strsplit (path, "/", -1);
  guint n = g_strv_length (parts);
  gboolean file;
  g_auto(Page) page = { 0 };
  g_autoptr(GError) error = NULL;
  g_autofree char *session_hash = NULL;
  g_autofree char *account = NULL;
  g_autofree char *learner = NULL;
  g_autoptr(GHashTable) form = NULL;

  (void) query;
  /* "", "campagnes", CODE, "evaluation" [, "fichiers", NAME] */
  if (n < 4 || !g_str_equal (parts[1], "campagnes") || *parts[2] == '\0' || !g_str_equal (parts[3], "evaluation"))
    return FALSE;
  file = n == 6 && g_str_equal (parts[4], "fichiers") && *parts[5] != '\0';
  if (n != 4 && !file)
    return FALSE;

  orga_server_set_route (msg, file ? (post ? "POST /campagnes/{code}/evaluation/fichiers"
                                           : "GET /campagnes/{code}/evaluation/fichiers")
                                   : (post ? "POST /campagnes/{code}/evaluation"
                                           : "GET /campagnes/{code}/evaluation"));
  if (!g_str_equal (method, "GET") && !g_str_equal (method, "HEAD") && !(post && !file))
    {
      soup_message_headers_replace (soup_server_message_get_response_headers (msg), "Allow",
                                    file ? "GET, HEAD" : "GET, HEAD, POST");
      orga_html_reply_message_page (msg, SOUP_STATUS_METHOD_NOT_ALLOWED, PAGE_TITLE,
                                    "Cette méthode n’est pas permise pour cette adresse.");
      return TRUE;
    }
  if (strlen (parts[2]) > 32 || !g_utf8_validate (parts[2], -1, NULL))
    {
      orga_html_reply_message_page (msg, SOUP_STATUS_NOT_FOUND, "Campagne introuvable", MSG_NOT_FOUND);
      return TRUE;
    }

  page.server = self;
  page.msg = msg;
  /* The campaign, the student signed in and their learner in the
   * campaign's school: one query. */
  session_hash = orga_server_student_session_hash (msg);
  page.campaign = orga_student_run_enter (orga_server_get_db (self), parts[2], session_hash, &account, &learner,
                                          &error);
  if (page.campaign == NULL)
    {
      if (error != NULL)
        reply_internal (msg, "campaign", error);
      else
        orga_html_reply_message_page (msg, SOUP_STATUS_NOT_FOUND, "Campagne introuvable", MSG_NOT_FOUND);
      return TRUE;
    }
  page.self_path = g_strdup_printf ("/campagnes/%s/evaluation", page.campaign->code);

  /* Signed in and linked to a student of the campaign's school, or back
   * to the campaign's page, which does both. */
  if (account == NULL || learner == NULL)
    {
      g_autofree char *back = g_strdup_printf ("/campagnes/%s", page.campaign->code);

      redirect (msg, back);
      return TRUE;
    }
  if (page.campaign->deleted)
    {
      orga_html_reply_message_page (msg, SOUP_STATUS_GONE, PAGE_TITLE, MSG_DELETED);
      return TRUE;
    }

  page.run = orga_student_run_load (orga_server_get_db (self), page.campaign, account, learner, &error);
  if (page.run == NULL)
    {
      reply_internal (msg, "assessment", error);
      return TRUE;
    }
  page.csrf = orga_html_csrf_token (self, msg);

  if (file)
    {
      reply_file (&page, parts[5]);
      return TRUE;
    }
  if (!post)
    {
      reply_page (&page);
      return TRUE;
    }

  form = orga_html_decode_form (msg);
  if (form == NULL || !orga_html_csrf_valid (self, msg, form))
    {
      orga_html_reply_message_page (msg, SOUP_STATUS_FORBIDDEN, PAGE_TITLE, MSG_FORM);
      return TRUE;
    }
  handle_post (&page, form);
  return TRUE;
}
