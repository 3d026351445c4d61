/* orga-server-cert-web.c: the certification's pages (issue 12, item 3)
 *
 * The supervisor's space, the candidate's entry and test, the public
 * verification of a code: French, phones first, no JavaScript needed
 * (every tick, every answer is a form; a waiting page reloads itself by
 * the Refresh header and has its "Actualiser" button). Every POST that
 * succeeds answers with a redirection to a GET (post/redirect/get).
 *
 * Who is who (docs/certification.md, "Surveillance"): a supervisor is
 * whoever has the session's number and password (no PixOrga account: the
 * teacher on duty may have none); the cookie "orga_surveillant" then keeps
 * them in that one session, until it is finalized. A candidate is whoever
 * gives the session's number and access code and the identity of one of
 * its candidates; the cookie "orga_candidat" is that browser. A test runs
 * in ONE browser session (cert_tests.entry): a candidate who comes back
 * in another (closed window, other computer) waits until the supervisor
 * clicks "Autoriser la reprise".
 *
 * The rows the desktops pull (sync_cert_candidates, sync_cert_courses)
 * are written only by the few functions of "Writes" below, each taking
 * the space's next seq.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "orga-server"

#include "config.h"

#include <string.h>

#include "orga-assessment.h"
#include "orga-cert.h"
#include "orga-format.h"
#include "orga-framework.h"
#include "orga-item-bank.h"
#include "orga-student-rules.h"
#include "orga-text.h"
#include "orga-server-cert.h"
#include "orga-server-cert-web.h"
#include "orga-server-html.h"
#include "orga-server-private.h"
#include "orga-server-routes.h"

#define COOKIE_SECONDS (12 * 3600)
#define N_QUESTIONS (ORGA_CERT_N_COMPETENCES * ORGA_CERT_QUESTIONS_PER_COMPETENCE)
/* Failed tries allowed per session number in the window: a supervisor's
 * password (5 characters); a candidate's access code, where a whole room
 * types at once and some mistype. Either way a guesser gets nowhere. */
#define MAX_SUPERVISOR_FAILURES 10
#define MAX_CANDIDATE_FAILURES 60
#define FAILURE_WINDOW (15 * 60)
#define WAIT_REFRESH_SECONDS "10"

#define SUPERVISOR_TITLE "Espace surveillant"
#define CANDIDATE_TITLE "Certification Pix"
#define VERIFY_TITLE "Vérifier un certificat Pix"

#define MSG_SUPERVISOR_WRONG "Le numéro de session et/ou le mot de passe saisis sont incorrects."
#define MSG_SUPERVISOR_FINALIZED "Cette session est finalisée : son espace surveillant est fermé."
#define MSG_TOO_MANY "Trop de tentatives pour cette session. Réessayez dans 15 minutes."
#define MSG_CANDIDATE_TOO_MANY "Trop de tentatives pour cette session. Demandez le code d’accès à votre " \
                               "surveillant et réessayez dans 15 minutes."
#define MSG_CANDIDATE_WRONG "Le numéro de session et/ou le code d’accès saisis sont incorrects."
#define MSG_IDENTITY "Nous ne vous trouvons pas parmi les candidats de cette session. Vérifiez vos " \
                     "informations ou prévenez votre surveillant."
#define MSG_FINALIZED "Cette session est finalisée : il n’est plus possible d’y passer un test."
#define MSG_CSRF "Ce formulaire a expiré ou ne vient pas de ce site. Rechargez la page et recommencez."
#define MSG_INTERNAL "Une erreur est survenue sur le serveur. Réessayez dans un instant."
#define MSG_NO_ANSWER "Choisissez ou écrivez une réponse, ou cliquez sur « Je passe »."
#define MSG_NO_CERTIFICATE "Aucune certification ne correspond à ce code."
#define MSG_END "Votre test de certification est terminé"

static const char page_style[] =
  "<style>"
  "dl.entete{display:grid;grid-template-columns:auto 1fr;gap:.25rem .75rem;margin:0}"
  "dl.entete dt{font-weight:600}dl.entete dd{margin:0}"
  ".code{font-family:monospace;font-size:1.25rem;letter-spacing:.125rem;white-space:nowrap}"
  "ul.candidats{list-style:none;padding:0;margin:0}"
  "ul.candidats li{border-top:1px solid #d5d9e0;padding:.75rem 0}"
  "ul.candidats h3{font-size:1rem;margin:0 0 .25rem}"
  ".ligne{display:flex;flex-wrap:wrap;gap:.5rem;align-items:center}"
  ".ligne form{margin:0}.ligne button{width:auto;margin:.25rem 0}"
  ".etat{display:inline-block;padding:.125rem .5rem;border-radius:1rem;background:#e8ecf5;font-weight:600}"
  "button.presence[aria-pressed=true]{background:#1e7b34}"
  "button.secondaire{background:#fff;color:#253858;border:2px solid #253858}"
  "button.danger{background:#b3261e}"
  ".barre{height:.75rem;background:#d5d9e0;border-radius:6px;overflow:hidden;margin:.25rem 0 1rem}"
  ".barre div{height:100%;background:#3d68ff}"
  ".enonce p{margin:.5rem 0}.enonce img{max-width:100%;height:auto;display:block;margin:1rem 0}"
  "fieldset{border:0;margin:0;padding:0}legend{font-weight:700;padding:0;margin:1rem 0 .25rem}"
  ".date{display:flex;gap:.75rem}.date div{flex:1}.date div.annee{flex:1.6}"
  ".date label{font-weight:400;margin:.25rem 0}"
  "table{border-collapse:collapse;width:100%;margin:.5rem 0;font-size:.875rem}"
  "th,td{text-align:left;padding:.375rem .125rem;border-bottom:1px solid #d5d9e0;vertical-align:top}"
  "td.nombre{text-align:right;white-space:nowrap}"
  ".chiffre{font-size:2rem;font-weight:700;margin:.25rem 0}"
  "@media (prefers-color-scheme:dark){button.secondaire{background:#20242c;color:#e7e9ee;border-color:#e7e9ee}"
  ".etat{background:#3a404c}ul.candidats li,th,td{border-color:#3a404c}.barre{background:#3a404c}}"
  "</style>\n";

/* Answers */

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
reply_internal (SoupServerMessage *msg,
                const char        *what,
                const GError      *error)
{
  orga_server_log_db_error (what, error);
  orga_html_reply_message_page (msg, SOUP_STATUS_INTERNAL_SERVER_ERROR, CANDIDATE_TITLE, MSG_INTERNAL);
}

static GString *
page_begin (const char *title)
{
  GString *out = orga_html_page_begin (title);

  g_string_append (out, page_style);
  return out;
}

static void
form_begin (GString    *out,
            const char *action,
            const char *csrf)
{
  g_string_append (out, "<form method=\"post\" action=\"");
  orga_html_append_escaped (out, action);
  g_string_append (out, "\">\n");
  orga_html_append_hidden (out, ORGA_HTML_CSRF_FIELD, csrf);
}

/* Cookies */

/* The token of cookie @name, or NULL. */
static char *
cookie_token (SoupServerMessage *msg,
              const char        *name)
{
  const char *cookie = soup_message_headers_get_one (soup_server_message_get_request_headers (msg), "Cookie");
  g_auto(GStrv) parts = NULL;
  g_autofree char *prefix = g_strconcat (name, "=", NULL);

  if (cookie == NULL)
    return NULL;
  parts = g_strsplit (cookie, ";", -1);
  for (guint i = 0; parts[i] != NULL; i++)
    {
      const char *part = g_strstrip (parts[i]);

      if (g_str_has_prefix (part, prefix) && strlen (part + strlen (prefix)) == 43)
        return g_strdup (part + strlen (prefix));
    }
  return NULL;
}

static char *
cookie_hash (SoupServerMessage *msg,
             const char        *name)
{
  g_autofree char *token = cookie_token (msg, name);

  return token ? orga_server_hash_token (token) : NULL;
}

/* Strict: nothing links to these pages from another site. Appended: the
 * CSRF cookie of the same answer is another Set-Cookie. */
static void
set_cookie (OrgaServer        *self,
            SoupServerMessage *msg,
            const char        *name,
            const char        *token)
{
  g_autofree char *cookie = g_strdup_printf ("%s=%s; Path=/; Max-Age=%d; HttpOnly; SameSite=Strict%s",
                                             name, token ? token : "", token ? COOKIE_SECONDS : 0,
                                             orga_html_is_https (self) ? "; Secure" : "");

  soup_message_headers_append (soup_server_message_get_response_headers (msg), "Set-Cookie", cookie);
}

/* A new browser session in @table for (@org, @column = @value), its
 * cookie set. */
static gboolean
start_browser_session (OrgaServer        *self,
                       SoupServerMessage *msg,
                       const char        *cookie,
                       const char        *table,
                       const char        *column,
                       const char        *org,
                       const char        *value,
                       GError           **error)
{
  g_autofree char *token = orga_server_random_token ();
  g_autofree char *hash = orga_server_hash_token (token);
  g_autofree char *now = orga_server_now ();
  g_autofree char *expiry = orga_server_time_after (COOKIE_SECONDS);
  g_autofree char *sql = g_strdup_printf ("INSERT INTO %s (token_hash, organization_id, %s, created_at, expires_at)"
                                          " VALUES ($1, $2, $3, $4, $5)", table, column);

  if (!orga_server_db_execv (orga_server_get_db (self), NULL, error, sql, hash, org, value, now, expiry,
                             ORGA_SERVER_DB_END))
    return FALSE;
  set_cookie (self, msg, cookie, token);
  return TRUE;
}

/* Sessions */

typedef struct
{
  char *org;
  char *uuid;
  gint64 number;
  char *address;
  char *room;
  char *examiner;
  char *access_code;
  char *center;
  char *finalized_at;
  char *published_at;
} CertSession;

#define SESSION_COLUMNS "s.organization_id, s.uuid, s.number, s.address, s.room, s.examiner, s.access_code," \
                        " s.certification_center, s.finalized_at, s.published_at"
#define N_SESSION_COLUMNS 10

static void
cert_session_free (CertSession *s)
{
  if (s == NULL)
    return;
  g_free (s->org);
  g_free (s->uuid);
  g_free (s->address);
  g_free (s->room);
  g_free (s->examiner);
  g_free (s->access_code);
  g_free (s->center);
  g_free (s->finalized_at);
  g_free (s->published_at);
  g_free (s);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CertSession, cert_session_free)

static CertSession *
cert_session_from_rows (OrgaServerRows *rows,
                        guint           row)
{
  CertSession *s = g_new0 (CertSession, 1);

  s->org = g_strdup (orga_server_rows_get (rows, row, 0));
  s->uuid = g_strdup (orga_server_rows_get (rows, row, 1));
  s->number = orga_server_rows_get_int (rows, row, 2);
  s->address = g_strdup (orga_server_rows_get (rows, row, 3));
  s->room = g_strdup (orga_server_rows_get (rows, row, 4));
  s->examiner = g_strdup (orga_server_rows_get (rows, row, 5));
  s->access_code = g_strdup (orga_server_rows_get (rows, row, 6));
  s->center = g_strdup (orga_server_rows_get (rows, row, 7));
  s->finalized_at = g_strdup (orga_server_rows_get (rows, row, 8));
  s->published_at = g_strdup (orga_server_rows_get (rows, row, 9));
  return s;
}

/* The live session numbered @typed ("1001", spaces allowed), or NULL
 * without an error. */
static CertSession *
find_session (OrgaServerDb  *db,
              const char    *typed,
              GError       **error)
{
  g_autofree char *number = g_strstrip (g_strdup (typed));
  g_autoptr(OrgaServerRows) rows = NULL;
  gint64 n;

  if (!g_ascii_string_to_signed (number, 10, 1, G_MAXINT64, &n, NULL))
    return NULL;
  rows = orga_server_db_queryv (db, error,
                                "SELECT " SESSION_COLUMNS " FROM sync_cert_sessions s"
                                " WHERE s.number = $1 AND s.deleted_at IS NULL",
                                number, ORGA_SERVER_DB_END);
  if (rows == NULL || orga_server_rows_get_n_rows (rows) == 0)
    return NULL;
  return cert_session_from_rows (rows, 0);
}

/* What a person typed as a code: trimmed, upper case, inner spaces out. */
static char *
typed_code (const char *text)
{
  GString *out = g_string_new (NULL);

  for (const char *p = text; *p != '\0'; p++)
    if (!g_ascii_isspace (*p))
      g_string_append_c (out, g_ascii_toupper (*p));
  return g_string_free (out, FALSE);
}

/* Writes: every row the desktops pull goes through orga-server-cert.h
 * (the one writer of the sync_cert_* rows outside a push). */

/* The course row of @course as the wire has it, to write it back changed. */
static JsonObject *
load_course (OrgaServerDb  *db,
             const char    *org,
             const char    *course,
             GError       **error)
{
  g_autoptr(OrgaServerRows) rows = NULL;
  static const char *const names[] = { "uuid", "number", "session", "candidate", "learner", "started_at",
                                       "completed_at", "ended_by_supervisor_at", "has_seen_end_test_screen",
                                       "abort_reason", "status", "pix_score", "levels", "verification_code",
                                       "jury_comment" };
  JsonObject *object;

  rows = orga_server_db_queryv (db, error,
                                "SELECT uuid, number, session, candidate, learner, started_at, completed_at,"
                                " ended_by_supervisor_at, has_seen_end_test_screen, abort_reason, status,"
                                " pix_score, levels, verification_code, jury_comment"
                                " FROM sync_cert_courses WHERE organization_id = $1 AND uuid = $2",
                                org, course, ORGA_SERVER_DB_END);
  if (rows == NULL)
    return NULL;
  if (orga_server_rows_get_n_rows (rows) != 1)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND, "no such course");
      return NULL;
    }
  object = json_object_new ();
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      const char *value = orga_server_rows_get (rows, 0, i);

      if (value == NULL)
        json_object_set_null_member (object, names[i]);
      else if (i == 1 || i == 11)
        json_object_set_int_member (object, names[i], orga_server_rows_get_int (rows, 0, i));
      else if (i == 8)
        json_object_set_boolean_member (object, names[i], orga_server_rows_get_int (rows, 0, i) != 0);
      else
        json_object_set_string_member (object, names[i], value);
    }
  return object;
}

static gboolean
write_course_start (OrgaServerDb  *db,
                    const char    *org,
                    const char    *uuid,
                    const char    *session,
                    const char    *candidate,
                    const char    *started_at,
                    GError       **error)
{
  g_autoptr(JsonObject) course = json_object_new ();

  json_object_set_string_member (course, "uuid", uuid);
  json_object_set_int_member (course, "number", 0);
  json_object_set_string_member (course, "session", session);
  json_object_set_string_member (course, "candidate", candidate);
  json_object_set_null_member (course, "learner");
  json_object_set_string_member (course, "started_at", started_at);
  json_object_set_null_member (course, "completed_at");
  json_object_set_null_member (course, "ended_by_supervisor_at");
  json_object_set_boolean_member (course, "has_seen_end_test_screen", FALSE);
  json_object_set_null_member (course, "abort_reason");
  json_object_set_string_member (course, "status", orga_cert_status_to_string (ORGA_CERT_STATUS_STARTED));
  json_object_set_int_member (course, "pix_score", 0);
  json_object_set_string_member (course, "levels", "");
  json_object_set_null_member (course, "verification_code");
  json_object_set_null_member (course, "jury_comment");
  return orga_server_cert_upsert_course (db, org, course, NULL, NULL, error);
}

/* The test */

/* The candidate's Pix profile when this server knows it: the knowledge
 * of the student account linked to the candidate's learner (their
 * campaigns here), as a profiles collection scores it. FALSE when
 * unknown: no linked account, or no competence at level 1. */
static gboolean
profile_of (OrgaServerDb  *db,
            const char    *org,
            const char    *learner,
            int            levels[ORGA_CERT_N_COMPETENCES],
            GError       **error)
{
  g_autoptr(OrgaServerRows) rows = NULL;
  OrgaKnowledge knowledge;
  OrgaAssessmentScore score;
  gboolean known = FALSE;

  memset (levels, 0, sizeof (int) * ORGA_CERT_N_COMPETENCES);
  if (learner == NULL)
    return TRUE;
  rows = orga_server_db_queryv (db, error,
                                "SELECT k.skill, k.status FROM student_links l"
                                " JOIN student_knowledge k ON k.account_id = l.account_id"
                                " WHERE l.organization_id = $1 AND l.learner = $2",
                                org, learner, ORGA_SERVER_DB_END);
  if (rows == NULL)
    return FALSE;
  orga_knowledge_init (&knowledge);
  for (guint i = 0; i < orga_server_rows_get_n_rows (rows); i++)
    {
      g_autofree char *skill = g_strdup (orga_server_rows_get (rows, i, 0));
      gsize len = strlen (skill);
      int tube;
      guint difficulty;

      if (len < 2 || !g_ascii_isdigit (skill[len - 1]))
        continue;
      difficulty = (guint) (skill[len - 1] - '0');
      skill[len - 1] = '\0';
      tube = orga_framework_find_tube (skill);
      if (tube < 0 || difficulty < 1 || difficulty > ORGA_FRAMEWORK_MAX_DIFFICULTY)
        continue;
      orga_knowledge_set (&knowledge, (guint) tube, difficulty,
                          g_strcmp0 (orga_server_rows_get (rows, i, 1), "validated") == 0);
    }
  orga_assessment_score (NULL, &knowledge, &score, NULL);
  for (guint c = 0; c < ORGA_CERT_N_COMPETENCES; c++)
    {
      levels[c] = score.level[c];
      known = known || levels[c] >= 1;
    }
  if (!known)
    memset (levels, 0, sizeof (int) * ORGA_CERT_N_COMPETENCES);
  return TRUE;
}

/* The questions of a new test (docs/certification.md): with a known
 * profile, ORGA_CERT_QUESTIONS_PER_COMPETENCE in each competence at level
 * 1 or more, at and just below that level (L, L − 1, L); with none, in
 * all 16 competences at levels 2, 3, 2. Framework order; each question
 * from another sujet when the bank allows; among equals, at random. */
static char *
draw_items (const int profile_levels[ORGA_CERT_N_COMPETENCES])
{
  OrgaItemBank *bank = orga_item_bank_get_default ();
  guint n_items = orga_item_bank_get_n_items (bank);
  GString *out = g_string_new (NULL);
  gboolean known = FALSE;

  for (guint c = 0; c < ORGA_CERT_N_COMPETENCES; c++)
    known = known || profile_levels[c] >= 1;
  for (guint c = 0; c < ORGA_CERT_N_COMPETENCES; c++)
    {
      g_autoptr(GPtrArray) chosen = g_ptr_array_new ();
      int level = CLAMP (profile_levels[c], 0, ORGA_FRAMEWORK_MAX_DIFFICULTY);

      if (known && level < 1)
        continue;
      for (guint q = 0; q < ORGA_CERT_QUESTIONS_PER_COMPETENCE; q++)
        {
          int want = known ? MAX (level - (int) (q % 2), 1) : 2 + (int) (q % 2);
          const OrgaItem *best = NULL;
          guint best_cost = G_MAXUINT;
          guint ties = 0;

          for (guint i = 0; i < n_items; i++)
            {
              const OrgaItem *item = orga_item_bank_get_nth (bank, i);
              const OrgaTube *tube = orga_framework_get_tube (orga_item_get_tube (item));
              int difficulty = (int) orga_item_get_difficulty (item);
              guint cost;
              gboolean taken = FALSE;

              if (tube->competence != c)
                continue;
              /* Above the profile's level costs more than below it. */
              cost = 4 * (guint) ABS (difficulty - want) + (known && difficulty > level ? 16 : 0);
              for (guint k = 0; k < chosen->len; k++)
                {
                  const OrgaItem *other = g_ptr_array_index (chosen, k);

                  if (orga_item_get_tube (other) != orga_item_get_tube (item))
                    continue;
                  if (other == item || orga_item_get_difficulty (other) == orga_item_get_difficulty (item))
                    taken = TRUE;
                  cost += 1;
                }
              if (taken)
                continue;
              if (cost < best_cost)
                {
                  best = item;
                  best_cost = cost;
                  ties = 1;
                }
              else if (cost == best_cost && g_random_int_range (0, (gint32) ++ties) == 0)
                best = item;   /* reservoir sampling: each equal as likely */
            }
          if (best == NULL)
            continue;   /* a competence without items: the bank's check forbids it */
          g_ptr_array_add (chosen, (gpointer) best);
          if (out->len > 0)
            g_string_append_c (out, ',');
          g_string_append (out, orga_item_get_id (best));
        }
    }
  return g_string_free (out, FALSE);
}

/* The one scoring of a test (orga-server-cert.h): its answers as
 * stored, every question asked and not answered wrong; a "Je passe"
 * counts as answered (the candidate saw the question). */
gboolean
orga_server_cert_score_test (OrgaServerDb  *db,
                             const char    *organization_id,
                             const char    *course,
                             gboolean       completed,
                             OrgaCertScore *score,
                             guint         *n_answered,
                             guint         *n_asked,
                             GError       **error)
{
  OrgaItemBank *bank = orga_item_bank_get_default ();
  g_autoptr(OrgaServerRows) test = NULL;
  g_autoptr(OrgaServerRows) answers = NULL;
  g_autofree OrgaCertAnswer *scored = NULL;
  int profile[ORGA_CERT_N_COMPETENCES] = { 0 };
  guint n = 0;

  g_return_val_if_fail (ORGA_IS_SERVER_DB (db), FALSE);
  g_return_val_if_fail (score != NULL && n_answered != NULL && n_asked != NULL, FALSE);

  *n_answered = 0;
  *n_asked = 0;
  test = orga_server_db_queryv (db, error, "SELECT profile_levels, items FROM cert_tests"
                                           " WHERE organization_id = $1 AND course = $2",
                                organization_id, course, ORGA_SERVER_DB_END);
  if (test == NULL)
    return FALSE;
  if (orga_server_rows_get_n_rows (test) == 1)
    {
      g_auto(GStrv) items = g_strsplit (orga_server_rows_get (test, 0, 1), ",", -1);

      if (!orga_cert_levels_parse (orga_server_rows_get (test, 0, 0), profile))
        memset (profile, 0, sizeof profile);
      *n_asked = g_strv_length (items);
    }
  answers = orga_server_db_queryv (db, error, "SELECT item, ok FROM cert_answers"
                                              " WHERE organization_id = $1 AND course = $2 ORDER BY position",
                                   organization_id, course, ORGA_SERVER_DB_END);
  if (answers == NULL)
    return FALSE;
  scored = g_new0 (OrgaCertAnswer, MAX (1, orga_server_rows_get_n_rows (answers)));
  for (guint i = 0; i < orga_server_rows_get_n_rows (answers); i++)
    {
      const OrgaItem *item = orga_item_bank_find (bank, orga_server_rows_get (answers, i, 0));

      if (item == NULL)
        continue;   /* an item since removed from the bank: not counted */
      scored[n].competence = orga_framework_get_tube (orga_item_get_tube (item))->competence;
      scored[n].skill_level = (int) orga_item_get_difficulty (item);
      scored[n].ok = orga_server_rows_get_int (answers, i, 1) != 0;
      n++;
    }
  *n_answered = orga_server_rows_get_n_rows (answers);
  orga_cert_score (scored, n, profile, completed, score);
  return TRUE;
}

/* Ends @course (completed, or by the supervisor) and writes its score;
 * a course already ended is left as it is. */
static gboolean
end_course (OrgaServerDb  *db,
            const char    *org,
            const char    *course,
            gboolean       completed,
            GError       **error)
{
  g_autoptr(JsonObject) row = load_course (db, org, course, error);
  g_autofree char *now = orga_server_now ();
  g_autofree char *levels = NULL;
  OrgaCertScore score = { 0 };
  guint n_answered, n_asked;
  gboolean ok;

  if (row == NULL)
    return FALSE;
  if (!json_object_get_null_member (row, "completed_at") || !json_object_get_null_member (row, "ended_by_supervisor_at"))
    return TRUE;
  if (!orga_server_cert_score_test (db, org, course, completed, &score, &n_answered, &n_asked, error))
    return FALSE;
  levels = orga_cert_levels_format (score.levels);
  json_object_set_string_member (row, completed ? "completed_at" : "ended_by_supervisor_at", now);
  json_object_set_string_member (row, "status", score.status);
  json_object_set_int_member (row, "pix_score", score.pix_score);
  json_object_set_string_member (row, "levels", levels);
  if (score.jury_comment != NULL)
    json_object_set_string_member (row, "jury_comment", score.jury_comment);
  else
    json_object_set_null_member (row, "jury_comment");
  ok = orga_server_cert_upsert_course (db, org, row, NULL, NULL, error);
  orga_cert_score_clear (&score);
  return ok;
}

/* The supervisor's space */

typedef struct
{
  OrgaServer *server;
  SoupServerMessage *msg;
  OrgaServerDb *db;
  char *csrf;
  CertSession *session;     /* NULL: not signed in */
  char *hash;               /* the cookie's */
} Supervisor;

static void
supervisor_clear (Supervisor *sup)
{
  g_clear_pointer (&sup->csrf, g_free);
  g_clear_pointer (&sup->session, cert_session_free);
  g_clear_pointer (&sup->hash, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Supervisor, supervisor_clear)

static void
reply_supervisor_login (Supervisor     *sup,
                        guint           status,
                        OrgaHtmlErrors *errors,
                        const char     *number)
{
  GString *out = page_begin (SUPERVISOR_TITLE);

  orga_html_append_error_summary (out, errors);
  g_string_append (out, "<div class=\"carte\">\n<h2>Surveiller une session</h2>\n");
  form_begin (out, "/surveillance", sup->csrf);
  orga_html_append_hidden (out, "action", "connexion");
  orga_html_append_input (out, errors, "numero", "Numéro de la session", "text", "off", number, NULL);
  orga_html_append_input (out, errors, "mot-de-passe", "Mot de passe de la session", "password", "off", NULL,
                          "Donné par le chef d’établissement, sur la convocation du surveillant.");
  g_string_append (out, "<button type=\"submit\">Surveiller la session</button>\n</form>\n</div>\n");
  orga_html_set_page (sup->msg, status, orga_html_page_end (out));
}

/* The session of the supervisor's cookie, if live and not finalized. */
static gboolean
supervisor_load (Supervisor  *sup,
                 gboolean    *finalized,
                 GError     **error)
{
  g_autoptr(OrgaServerRows) rows = NULL;
  g_autofree char *now = orga_server_now ();

  *finalized = FALSE;
  sup->hash = cookie_hash (sup->msg, ORGA_CERT_SUPERVISOR_COOKIE);
  if (sup->hash == NULL)
    return TRUE;
  rows = orga_server_db_queryv (sup->db, error,
                                "SELECT " SESSION_COLUMNS " FROM cert_supervisor_sessions v"
                                " JOIN sync_cert_sessions s ON s.organization_id = v.organization_id"
                                " AND s.uuid = v.session"
                                " WHERE v.token_hash = $1 AND v.expires_at > $2 AND s.deleted_at IS NULL",
                                sup->hash, now, ORGA_SERVER_DB_END);
  if (rows == NULL)
    return FALSE;
  if (orga_server_rows_get_n_rows (rows) == 0)
    return TRUE;
  sup->session = cert_session_from_rows (rows, 0);
  if (sup->session->finalized_at != NULL)
    {
      *finalized = TRUE;
      g_clear_pointer (&sup->session, cert_session_free);
    }
  return TRUE;
}

static const char *
candidate_state (OrgaServerRows *rows,
                 guint           i)
{
  if (orga_server_rows_get (rows, i, 6) == NULL)
    return NULL;
  if (orga_server_rows_get (rows, i, 8) != NULL || orga_server_rows_get (rows, i, 9) != NULL)
    return "Terminé";
  if (orga_server_rows_get_int (rows, i, 10) != 0)
    return "Autorisé à reprendre";
  return "En cours";
}

static OrgaServerRows *
supervisor_candidates (Supervisor  *sup,
                       GError     **error)
{
  return orga_server_db_queryv (sup->db, error,
                                "SELECT c.uuid, c.first_name, c.last_name, c.birthdate, c.extra_time_percentage,"
                                " c.authorized_to_start, co.uuid, co.started_at, co.completed_at,"
                                " co.ended_by_supervisor_at, t.resume_authorized"
                                " FROM sync_cert_candidates c"
                                " LEFT JOIN sync_cert_courses co ON co.organization_id = c.organization_id"
                                " AND co.candidate = c.uuid"
                                " LEFT JOIN cert_tests t ON t.organization_id = co.organization_id"
                                " AND t.course = co.uuid"
                                " WHERE c.organization_id = $1 AND c.session = $2 AND c.removed_at IS NULL"
                                " ORDER BY c.last_name, c.first_name, c.uuid",
                                sup->session->org, sup->session->uuid, ORGA_SERVER_DB_END);
}

static void
append_candidate_button (GString    *out,
                         Supervisor *sup,
                         const char *candidate,
                         const char *action,
                         const char *css,
                         const char *attributes,
                         const char *label,
                         const char *accessible)
{
  form_begin (out, "/surveillance", sup->csrf);
  orga_html_append_hidden (out, "candidat", candidate);
  orga_html_append_hidden (out, "action", action);
  g_string_append_printf (out, "<button type=\"submit\" class=\"%s\"%s aria-label=\"", css, attributes);
  orga_html_append_escaped (out, accessible);
  g_string_append_printf (out, "\">%s</button>\n</form>\n", label);
}

static void
reply_supervisor_page (Supervisor *sup,
                       const char *search)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(OrgaServerRows) rows = supervisor_candidates (sup, &error);
  g_autoptr(GTimeZone) tz = g_time_zone_new_identifier ("Europe/Paris");
  g_autofree char *folded_search = orga_text_fold (search ? search : "");
  g_autofree char *title = NULL;
  guint n = 0, n_ticked = 0;
  GString *out;

  if (rows == NULL)
    {
      reply_internal (sup->msg, "supervisor candidates", error);
      return;
    }
  if (tz == NULL)
    tz = g_time_zone_new_utc ();
  n = orga_server_rows_get_n_rows (rows);
  for (guint i = 0; i < n; i++)
    if (orga_server_rows_get_int (rows, i, 5) != 0)
      n_ticked++;

  title = g_strdup_printf ("Session %" G_GINT64_FORMAT, sup->session->number);
  out = page_begin (title);
  g_string_append (out, "<div class=\"carte\">\n<dl class=\"entete\">\n<dt>Nom du site</dt><dd>");
  orga_html_append_escaped (out, sup->session->address);
  g_string_append (out, "</dd>\n<dt>Salle</dt><dd>");
  orga_html_append_escaped (out, sup->session->room);
  g_string_append (out, "</dd>\n<dt>Surveillant(s)</dt><dd>");
  orga_html_append_escaped (out, sup->session->examiner);
  g_string_append (out, "</dd>\n<dt>Code d’accès (candidats)</dt><dd class=\"code\">");
  orga_html_append_escaped (out, sup->session->access_code);
  g_string_append (out, "</dd>\n</dl>\n</div>\n");

  g_string_append (out, "<form method=\"get\" action=\"/surveillance\" role=\"search\">\n"
                        "<label for=\"recherche\">Rechercher un candidat</label>\n"
                        "<input type=\"text\" id=\"recherche\" name=\"recherche\" autocomplete=\"off\" value=\"");
  orga_html_append_escaped (out, search ? search : "");
  g_string_append (out, "\">\n<button type=\"submit\" class=\"secondaire\">Rechercher</button>\n</form>\n");

  g_string_append (out, "<h2>Candidats</h2>\n<p>Cochez chaque candidat présent dans la salle de test pour "
                        "l’autoriser à commencer son test de certification.</p>\n");
  g_string_append_printf (out, "<p id=\"compteur\" role=\"status\"><strong>%u/%u candidats sélectionnés</strong></p>\n",
                          n_ticked, n);
  g_string_append (out, "<ul class=\"candidats\">\n");
  for (guint i = 0; i < n; i++)
    {
      const char *uuid = orga_server_rows_get (rows, i, 0);
      const char *first = orga_server_rows_get (rows, i, 1);
      const char *last = orga_server_rows_get (rows, i, 2);
      gboolean ticked = orga_server_rows_get_int (rows, i, 5) != 0;
      const char *state = candidate_state (rows, i);
      g_autofree char *name = g_strdup_printf ("%s %s", last, first);
      g_autofree char *folded = orga_text_fold (name);
      g_autofree char *folded_rev = NULL;
      g_autofree char *born = orga_format_day (orga_server_rows_get (rows, i, 3));
      g_autofree char *accessible = NULL;

      if (*folded_search != '\0')
        {
          g_autofree char *reversed = g_strdup_printf ("%s %s", first, last);

          folded_rev = orga_text_fold (reversed);
          if (strstr (folded, folded_search) == NULL && strstr (folded_rev, folded_search) == NULL)
            continue;
        }
      g_string_append (out, "<li>\n<h3>");
      orga_html_append_escaped (out, name);
      g_string_append (out, "</h3>\n<p class=\"aide\">Né(e) le ");
      orga_html_append_escaped (out, born ? born : orga_server_rows_get (rows, i, 3));
      if (orga_server_rows_get (rows, i, 4) != NULL && orga_server_rows_get_int (rows, i, 4) > 0)
        g_string_append_printf (out, " · Temps majoré : %" G_GINT64_FORMAT "\u202f%%",
                                orga_server_rows_get_int (rows, i, 4));
      if (orga_server_rows_get (rows, i, 7) != NULL)
        {
          g_autoptr(GDateTime) started = g_date_time_new_from_iso8601 (orga_server_rows_get (rows, i, 7), NULL);
          g_autofree char *at = started ? orga_format_time (g_date_time_to_unix (started), tz) : NULL;

          if (at != NULL)
            g_string_append_printf (out, " · Début : %s", at);
        }
      g_string_append (out, "</p>\n<div class=\"ligne\">\n");
      if (state != NULL)
        g_string_append_printf (out, "<span class=\"etat\">%s</span>\n", state);
      if (state == NULL)
        {
          accessible = g_strdup_printf ("%s %s présent(e)", ticked ? "Décocher" : "Cocher", name);
          append_candidate_button (out, sup, uuid, ticked ? "retirer" : "autoriser", "presence",
                                   ticked ? " aria-pressed=\"true\"" : " aria-pressed=\"false\"",
                                   ticked ? "☑ Présent" : "☐ Présent", accessible);
        }
      else if (g_str_equal (state, "En cours"))
        {
          accessible = g_strdup_printf ("Autoriser la reprise du test de %s", name);
          append_candidate_button (out, sup, uuid, "reprise", "secondaire", "", "Autoriser la reprise", accessible);
          g_free (accessible);
          accessible = g_strdup_printf ("Terminer le test de %s", name);
          append_candidate_button (out, sup, uuid, "terminer", "danger", "", "Terminer le test", accessible);
        }
      else if (g_str_equal (state, "Autorisé à reprendre"))
        {
          accessible = g_strdup_printf ("Terminer le test de %s", name);
          append_candidate_button (out, sup, uuid, "terminer", "danger", "", "Terminer le test", accessible);
        }
      g_string_append (out, "</div>\n</li>\n");
    }
  g_string_append (out, "</ul>\n");
  form_begin (out, "/surveillance", sup->csrf);
  orga_html_append_hidden (out, "action", "deconnexion");
  g_string_append (out, "<button type=\"submit\" class=\"secondaire\">Quitter l’espace surveillant</button>\n"
                        "</form>\n");
  orga_html_set_page (sup->msg, SOUP_STATUS_OK, orga_html_page_end (out));
}

static void
reply_end_confirmation (Supervisor *sup,
                        const char *candidate,
                        const char *name)
{
  GString *out = page_begin ("Terminer le test");

  g_string_append (out, "<div class=\"carte\">\n<p>Vous allez terminer le test de certification de <strong>");
  orga_html_append_escaped (out, name);
  g_string_append (out, "</strong>.</p>\n<p>Cette action est irréversible : le candidat ne pourra plus répondre "
                        "et son test sera noté avec les réponses déjà données.</p>\n");
  form_begin (out, "/surveillance", sup->csrf);
  orga_html_append_hidden (out, "candidat", candidate);
  orga_html_append_hidden (out, "action", "terminer-confirme");
  g_string_append (out, "<button type=\"submit\" class=\"danger\">Oui, terminer le test</button>\n</form>\n"
                        "<p><a href=\"/surveillance\">Annuler</a></p>\n</div>\n");
  orga_html_set_page (sup->msg, SOUP_STATUS_OK, orga_html_page_end (out));
}

/* Whether @key (a session number as typed, bounded) has had @max failed
 * tries in the window; a database error counts as not blocked, logged. */
static gboolean
too_many_failures (OrgaServerDb *db,
                   const char   *key,
                   guint         max)
{
  g_autofree char *since = orga_server_time_after (-FAILURE_WINDOW);
  g_autoptr(OrgaServerRows) rows = NULL;
  g_autoptr(GError) error = NULL;

  rows = orga_server_db_queryv (db, &error, "SELECT count(*) FROM cert_supervisor_failures"
                                            " WHERE number = $1 AND at > $2",
                                key, since, ORGA_SERVER_DB_END);
  if (rows == NULL)
    {
      orga_server_log_db_error ("failure count", error);
      return FALSE;
    }
  return orga_server_rows_get_int (rows, 0, 0) >= max;
}

/* Notes a failed try on @key, forgetting that key's tries older than the
 * window so that the table stays small. */
static void
note_failure (OrgaServerDb *db,
              const char   *key)
{
  g_autofree char *now = orga_server_now ();
  g_autofree char *since = orga_server_time_after (-FAILURE_WINDOW);
  g_autoptr(GError) error = NULL;

  if (!orga_server_db_execv (db, NULL, &error, "DELETE FROM cert_supervisor_failures WHERE number = $1 AND at <= $2",
                             key, since, ORGA_SERVER_DB_END)
      || !orga_server_db_execv (db, NULL, &error, "INSERT INTO cert_supervisor_failures (number, at) VALUES ($1, $2)",
                                key, now, ORGA_SERVER_DB_END))
    orga_server_log_db_error ("failure", error);
}

static void
supervisor_sign_in (Supervisor *sup,
                    GHashTable *form)
{
  g_autoptr(GError) error = NULL;
  g_auto(OrgaHtmlErrors) errors = { NULL };
  g_autofree char *number = g_strstrip (g_strdup (orga_html_form_get (form, "numero")));
  g_autofree char *password = typed_code (orga_html_form_get (form, "mot-de-passe"));
  g_autoptr(CertSession) session = NULL;
  g_autoptr(OrgaServerRows) password_rows = NULL;
  const char *given = password;

  orga_html_errors_init (&errors);
  if (*number == '\0')
    orga_html_errors_add (&errors, "numero", "Le numéro de la session n’est pas renseigné.");
  if (*password == '\0')
    orga_html_errors_add (&errors, "mot-de-passe", "Le mot de passe de la session n’est pas renseigné.");
  if (orga_html_errors_any (&errors))
    {
      reply_supervisor_login (sup, 422, &errors, number);
      return;
    }
  /* The convocation may print it "C-12345". */
  if (g_str_has_prefix (given, "C-"))
    given += 2;

  if (strlen (number) <= 20 && too_many_failures (sup->db, number, MAX_SUPERVISOR_FAILURES))
    {
      orga_html_errors_add (&errors, NULL, MSG_TOO_MANY);
      reply_supervisor_login (sup, 429, &errors, number);
      return;
    }
  session = find_session (sup->db, number, &error);
  if (error != NULL)
    {
      reply_internal (sup->msg, "supervisor sign-in", error);
      return;
    }
  if (session != NULL)
    password_rows = orga_server_db_queryv (sup->db, &error, "SELECT supervisor_password FROM sync_cert_sessions"
                                                            " WHERE organization_id = $1 AND uuid = $2",
                                           session->org, session->uuid, ORGA_SERVER_DB_END);
  if (error != NULL)
    {
      reply_internal (sup->msg, "supervisor sign-in", error);
      return;
    }
  if (password_rows == NULL || orga_server_rows_get_n_rows (password_rows) != 1
      || g_strcmp0 (orga_server_rows_get (password_rows, 0, 0), given) != 0)
    {
      if (strlen (number) <= 20)
        note_failure (sup->db, number);
      orga_html_errors_add (&errors, NULL, MSG_SUPERVISOR_WRONG);
      reply_supervisor_login (sup, 422, &errors, number);
      return;
    }
  if (session->finalized_at != NULL)
    {
      orga_html_errors_add (&errors, NULL, MSG_SUPERVISOR_FINALIZED);
      reply_supervisor_login (sup, SOUP_STATUS_FORBIDDEN, &errors, number);
      return;
    }
  if (!start_browser_session (sup->server, sup->msg, ORGA_CERT_SUPERVISOR_COOKIE, "cert_supervisor_sessions",
                              "session", session->org, session->uuid, &error))
    {
      reply_internal (sup->msg, "supervisor session", error);
      return;
    }
  redirect (sup->msg, "/surveillance");
}

/* An action on one candidate of the signed-in supervisor's session. */
static void
supervisor_act (Supervisor *sup,
                const char *action,
                const char *candidate)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(OrgaServerRows) rows = supervisor_candidates (sup, &error);
  OrgaServerDb *db = sup->db;
  const char *org = sup->session->org;
  const char *state;
  int found = -1;

  if (rows == NULL)
    {
      reply_internal (sup->msg, "supervisor action", error);
      return;
    }
  for (guint i = 0; i < orga_server_rows_get_n_rows (rows); i++)
    if (g_str_equal (orga_server_rows_get (rows, i, 0), candidate))
      found = (int) i;
  if (found < 0)
    {
      redirect (sup->msg, "/surveillance");
      return;
    }
  state = candidate_state (rows, (guint) found);

  if (g_str_equal (action, "terminer"))
    {
      g_autofree char *name = g_strdup_printf ("%s %s", orga_server_rows_get (rows, found, 1),
                                               orga_server_rows_get (rows, found, 2));

      if (state != NULL && !g_str_equal (state, "Terminé"))
        reply_end_confirmation (sup, candidate, name);
      else
        redirect (sup->msg, "/surveillance");
      return;
    }

  if (!orga_server_db_begin (db, &error))
    {
      reply_internal (sup->msg, "supervisor action", error);
      return;
    }
  if ((g_str_equal (action, "autoriser") || g_str_equal (action, "retirer")) && state == NULL)
    orga_server_cert_update_candidate (db, org, candidate, NULL, g_str_equal (action, "autoriser"), NULL, &error);
  else if (g_str_equal (action, "reprise") && g_strcmp0 (state, "En cours") == 0)
    orga_server_db_execv (db, NULL, &error, "UPDATE cert_tests SET resume_authorized = 1"
                                            " WHERE organization_id = $1 AND course = $2",
                          org, orga_server_rows_get (rows, found, 6), ORGA_SERVER_DB_END);
  else if (g_str_equal (action, "terminer-confirme") && state != NULL && !g_str_equal (state, "Terminé"))
    end_course (db, org, orga_server_rows_get (rows, found, 6), FALSE, &error);
  if (error != NULL || !orga_server_db_commit (db, &error))
    {
      orga_server_db_rollback (db);
      reply_internal (sup->msg, "supervisor action", error);
      return;
    }
  redirect (sup->msg, "/surveillance");
}

static void
handle_supervisor (OrgaServer        *self,
                   SoupServerMessage *msg,
                   GHashTable        *query,
                   gboolean           post)
{
  g_auto(Supervisor) sup = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(GHashTable) form = NULL;
  gboolean finalized = FALSE;
  const char *action;

  sup.server = self;
  sup.msg = msg;
  sup.db = orga_server_get_db (self);
  sup.csrf = orga_html_csrf_token (self, msg);
  if (!supervisor_load (&sup, &finalized, &error))
    {
      reply_internal (msg, "supervisor", error);
      return;
    }

  if (!post)
    {
      if (sup.session != NULL)
        reply_supervisor_page (&sup, query ? g_hash_table_lookup (query, "recherche") : NULL);
      else if (finalized)
        {
          g_auto(OrgaHtmlErrors) errors = { NULL };

          orga_html_errors_init (&errors);
          orga_html_errors_add (&errors, NULL, MSG_SUPERVISOR_FINALIZED);
          set_cookie (self, msg, ORGA_CERT_SUPERVISOR_COOKIE, NULL);
          reply_supervisor_login (&sup, SOUP_STATUS_FORBIDDEN, &errors, NULL);
        }
      else
        reply_supervisor_login (&sup, SOUP_STATUS_OK, NULL, NULL);
      return;
    }

  form = orga_html_decode_form (msg);
  if (form == NULL || !orga_html_csrf_valid (self, msg, form))
    {
      orga_html_reply_message_page (msg, SOUP_STATUS_FORBIDDEN, SUPERVISOR_TITLE, MSG_CSRF);
      return;
    }
  action = orga_html_form_get (form, "action");
  if (g_str_equal (action, "connexion"))
    {
      supervisor_sign_in (&sup, form);
      return;
    }
  if (g_str_equal (action, "deconnexion"))
    {
      if (sup.hash != NULL
          && !orga_server_db_execv (sup.db, NULL, &error, "DELETE FROM cert_supervisor_sessions WHERE token_hash = $1",
                                    sup.hash, ORGA_SERVER_DB_END))
        orga_server_log_db_error ("supervisor sign-out", error);
      set_cookie (self, msg, ORGA_CERT_SUPERVISOR_COOKIE, NULL);
      redirect (msg, "/surveillance");
      return;
    }
  if (sup.session == NULL)
    {
      /* Finalized meanwhile, or the cookie expired: the GET says which. */
      redirect (msg, "/surveillance");
      return;
    }
  supervisor_act (&sup, action, orga_html_form_get (form, "candidat"));
}

/* The candidate's entry */

typedef struct
{
  char *number;
  char *code;
  char *first_name;
  char *last_name;
  char *day;
  char *month;
  char *year;
} Entry;

static void
entry_clear (Entry *e)
{
  g_free (e->number);
  g_free (e->code);
  g_free (e->first_name);
  g_free (e->last_name);
  g_free (e->day);
  g_free (e->month);
  g_free (e->year);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Entry, entry_clear)

static void
reply_entry_session (SoupServerMessage *msg,
                     const char        *csrf,
                     guint              status,
                     OrgaHtmlErrors    *errors,
                     const Entry       *e)
{
  GString *out = page_begin (CANDIDATE_TITLE);

  orga_html_append_error_summary (out, errors);
  g_string_append (out, "<div class=\"carte\">\n<h2>Rejoindre une session de certification</h2>\n"
                        "<p>Saisissez les informations données par votre surveillant.</p>\n");
  form_begin (out, "/certification", csrf);
  orga_html_append_hidden (out, "etape", "session");
  orga_html_append_input (out, errors, "numero", "Numéro de session", "text", "off", e ? e->number : NULL, NULL);
  orga_html_append_input (out, errors, "code", "Code d’accès", "text", "off", e ? e->code : NULL,
                          "6 caractères, par exemple : BCDF23");
  g_string_append (out, "<button type=\"submit\">Continuer</button>\n</form>\n</div>\n");
  orga_html_set_page (msg, status, orga_html_page_end (out));
}

static void
append_date_field (GString    *out,
                   const char *id,
                   const char *label,
                   const char *autocomplete,
                   const char *value,
                   guint       length,
                   gboolean    invalid)
{
  g_string_append_printf (out, "<div class=\"%s\"><label for=\"%s\">%s</label>"
                               "<input type=\"text\" inputmode=\"numeric\" id=\"%s\" name=\"%s\""
                               " autocomplete=\"%s\" maxlength=\"%u\" required aria-describedby=\"date-aide%s\"",
                          id, id, label, id, id, autocomplete, length, invalid ? " date-erreur" : "");
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
reply_entry_identity (SoupServerMessage *msg,
                      const char        *csrf,
                      guint              status,
                      OrgaHtmlErrors    *errors,
                      const Entry       *e,
                      const CertSession *session)
{
  GString *out = page_begin (CANDIDATE_TITLE);
  const char *date_error = orga_html_errors_for (errors, "jour");

  orga_html_append_error_summary (out, errors);
  g_string_append_printf (out, "<p class=\"aide\">Session %" G_GINT64_FORMAT " · ", session->number);
  orga_html_append_escaped (out, session->address);
  g_string_append (out, "</p>\n<div class=\"carte\">\n<h2>Votre identité</h2>\n"
                        "<p>Saisissez vos prénom, nom et date de naissance tels qu’ils sont connus de votre "
                        "établissement.</p>\n");
  form_begin (out, "/certification", csrf);
  orga_html_append_hidden (out, "etape", "identite");
  orga_html_append_hidden (out, "numero", e->number);
  orga_html_append_hidden (out, "code", e->code);
  orga_html_append_input (out, errors, "prenom", "Prénom", "text", "given-name", e->first_name, NULL);
  orga_html_append_input (out, errors, "nom", "Nom", "text", "family-name", e->last_name, NULL);
  g_string_append (out, "<fieldset>\n<legend>Date de naissance</legend>\n"
                        "<p class=\"aide\" id=\"date-aide\">Par exemple : 07 03 2010</p>\n");
  if (date_error != NULL)
    {
      g_string_append (out, "<p class=\"erreur-champ\" id=\"date-erreur\">");
      orga_html_append_escaped (out, date_error);
      g_string_append (out, "</p>\n");
    }
  g_string_append (out, "<div class=\"date\">\n");
  append_date_field (out, "jour", "Jour", "bday-day", e->day, 2, date_error != NULL);
  append_date_field (out, "mois", "Mois", "bday-month", e->month, 2, date_error != NULL);
  append_date_field (out, "annee", "Année", "bday-year", e->year, 4, date_error != NULL);
  g_string_append (out, "</div>\n</fieldset>\n<button type=\"submit\">Je rejoins la session</button>\n"
                        "</form>\n</div>\n");
  orga_html_set_page (msg, status, orga_html_page_end (out));
}

/* "7", "3", "2010" → "2010-03-07"; NULL when not a date's numbers. */
static char *
entry_birthdate (const Entry *e)
{
  guint64 day, month, year;

  if (!g_ascii_string_to_unsigned (e->day, 10, 1, 31, &day, NULL)
      || !g_ascii_string_to_unsigned (e->month, 10, 1, 12, &month, NULL)
      || !g_ascii_string_to_unsigned (e->year, 10, 1900, 2200, &year, NULL)
      || strlen (e->year) != 4)
    return NULL;
  return g_strdup_printf ("%04u-%02u-%02u", (guint) year, (guint) month, (guint) day);
}

static void
handle_entry (OrgaServer        *self,
              SoupServerMessage *msg,
              gboolean           post)
{
  OrgaServerDb *db = orga_server_get_db (self);
  g_autofree char *csrf = orga_html_csrf_token (self, msg);
  g_autoptr(GHashTable) form = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(CertSession) session = NULL;
  g_autoptr(OrgaServerRows) candidates = NULL;
  g_auto(OrgaHtmlErrors) errors = { NULL };
  g_auto(Entry) e = { 0 };
  g_autofree char *code = NULL;
  g_autofree char *failure_key = NULL;
  g_autofree char *birthdate = NULL;
  g_autofree char *now = NULL;
  int found = -1;

  if (!post)
    {
      reply_entry_session (msg, csrf, SOUP_STATUS_OK, NULL, NULL);
      return;
    }
  form = orga_html_decode_form (msg);
  if (form == NULL || !orga_html_csrf_valid (self, msg, form))
    {
      orga_html_reply_message_page (msg, SOUP_STATUS_FORBIDDEN, CANDIDATE_TITLE, MSG_CSRF);
      return;
    }
  orga_html_errors_init (&errors);
  e.number = g_strstrip (g_strdup (orga_html_form_get (form, "numero")));
  e.code = g_strstrip (g_strdup (orga_html_form_get (form, "code")));
  e.first_name = g_strstrip (g_strdup (orga_html_form_get (form, "prenom")));
  e.last_name = g_strstrip (g_strdup (orga_html_form_get (form, "nom")));
  e.day = g_strstrip (g_strdup (orga_html_form_get (form, "jour")));
  e.month = g_strstrip (g_strdup (orga_html_form_get (form, "mois")));
  e.year = g_strstrip (g_strdup (orga_html_form_get (form, "annee")));

  if (*e.number == '\0')
    orga_html_errors_add (&errors, "numero", "Le numéro de session n’est pas renseigné.");
  if (*e.code == '\0')
    orga_html_errors_add (&errors, "code", "Le code d’accès n’est pas renseigné.");
  if (orga_html_errors_any (&errors))
    {
      reply_entry_session (msg, csrf, 422, &errors, &e);
      return;
    }
  failure_key = strlen (e.number) <= 20 ? g_strconcat ("candidat:", e.number, NULL) : NULL;
  if (failure_key != NULL && too_many_failures (db, failure_key, MAX_CANDIDATE_FAILURES))
    {
      orga_html_errors_add (&errors, NULL, MSG_CANDIDATE_TOO_MANY);
      reply_entry_session (msg, csrf, 429, &errors, &e);
      return;
    }
  code = typed_code (e.code);
  session = find_session (db, e.number, &error);
  if (error != NULL)
    {
      reply_internal (msg, "candidate entry", error);
      return;
    }
  if (session == NULL || !g_str_equal (session->access_code, code))
    {
      if (failure_key != NULL)
        note_failure (db, failure_key);
      orga_html_errors_add (&errors, NULL, MSG_CANDIDATE_WRONG);
      reply_entry_session (msg, csrf, 422, &errors, &e);
      return;
    }
  if (!g_str_equal (orga_html_form_get (form, "etape"), "identite"))
    {
      reply_entry_identity (msg, csrf, SOUP_STATUS_OK, NULL, &e, session);
      return;
    }

  if (*e.first_name == '\0')
    orga_html_errors_add (&errors, "prenom", "Votre prénom n’est pas renseigné.");
  if (*e.last_name == '\0')
    orga_html_errors_add (&errors, "nom", "Votre nom n’est pas renseigné.");
  birthdate = entry_birthdate (&e);
  if (birthdate == NULL)
    orga_html_errors_add (&errors, "jour", "Votre date de naissance n’est pas valide.");
  if (orga_html_errors_any (&errors))
    {
      reply_entry_identity (msg, csrf, 422, &errors, &e, session);
      return;
    }

  candidates = orga_server_db_queryv (db, &error,
                                      "SELECT c.uuid, c.first_name, c.last_name, c.birthdate, co.uuid,"
                                      " c.authorized_to_start"
                                      " FROM sync_cert_candidates c"
                                      " LEFT JOIN sync_cert_courses co ON co.organization_id = c.organization_id"
                                      " AND co.candidate = c.uuid"
                                      " WHERE c.organization_id = $1 AND c.session = $2 AND c.removed_at IS NULL",
                                      session->org, session->uuid, ORGA_SERVER_DB_END);
  if (candidates == NULL)
    {
      reply_internal (msg, "candidate entry", error);
      return;
    }
  for (guint i = 0; i < orga_server_rows_get_n_rows (candidates); i++)
    {
      OrgaReconcileCandidate c = {
        .first_name = orga_server_rows_get (candidates, i, 1),
        .last_name = orga_server_rows_get (candidates, i, 2),
        .birthdate = orga_server_rows_get (candidates, i, 3),
      };

      if (!orga_reconcile_matches (&c, e.first_name, e.last_name, birthdate))
        continue;
      /* Two candidates alike: neither is taken, the supervisor sorts it out. */
      found = found == -1 ? (int) i : -2;
    }
  if (found < 0)
    {
      orga_html_errors_add (&errors, NULL, MSG_IDENTITY);
      reply_entry_identity (msg, csrf, 422, &errors, &e, session);
      return;
    }
  if (session->finalized_at != NULL && orga_server_rows_get (candidates, found, 4) == NULL)
    {
      orga_html_reply_message_page (msg, SOUP_STATUS_FORBIDDEN, CANDIDATE_TITLE, MSG_FINALIZED);
      return;
    }

  now = orga_server_now ();
  if (!orga_server_db_begin (db, &error))
    {
      reply_internal (msg, "candidate entry", error);
      return;
    }
  if (!start_browser_session (self, msg, ORGA_CERT_CANDIDATE_COOKIE, "cert_candidate_sessions", "candidate",
                              session->org, orga_server_rows_get (candidates, found, 0), &error)
      || (session->finalized_at == NULL
          && !orga_server_cert_update_candidate (db, session->org, orga_server_rows_get (candidates, found, 0), now,
                                                 orga_server_rows_get_int (candidates, found, 5) != 0, NULL,
                                                 &error))
      || !orga_server_db_commit (db, &error))
    {
      orga_server_db_rollback (db);
      reply_internal (msg, "candidate entry", error);
      return;
    }
  redirect (msg, "/certification/test");
}

/* The candidate's test */

typedef struct
{
  OrgaServer *server;
  SoupServerMessage *msg;
  OrgaServerDb *db;
  char *csrf;
  char *hash;
  OrgaServerRows *rows;     /* the one row of RUN_SQL */
  CertSession *session;
  char **items;             /* NULL: no test yet */
  guint n_items;
  guint n_answers;
} Run;

#define RUN_SQL \
  "SELECT " SESSION_COLUMNS ", c.uuid, c.first_name, c.last_name, c.authorized_to_start, c.learner," \
  " co.uuid, co.started_at, co.completed_at, co.ended_by_supervisor_at, co.status, co.pix_score," \
  " co.verification_code, t.items, t.entry, t.resume_authorized," \
  " (SELECT count(*) FROM cert_answers a WHERE a.organization_id = co.organization_id AND a.course = co.uuid)" \
  " FROM cert_candidate_sessions x" \
  " JOIN sync_cert_candidates c ON c.organization_id = x.organization_id AND c.uuid = x.candidate" \
  " JOIN sync_cert_sessions s ON s.organization_id = c.organization_id AND s.uuid = c.session" \
  " LEFT JOIN sync_cert_courses co ON co.organization_id = c.organization_id AND co.candidate = c.uuid" \
  " LEFT JOIN cert_tests t ON t.organization_id = co.organization_id AND t.course = co.uuid" \
  " WHERE x.token_hash = $1 AND x.expires_at > $2 AND c.removed_at IS NULL AND s.deleted_at IS NULL"

enum
{
  RUN_CANDIDATE = N_SESSION_COLUMNS,
  RUN_FIRST_NAME,
  RUN_LAST_NAME,
  RUN_AUTHORIZED,
  RUN_LEARNER,
  RUN_COURSE,
  RUN_STARTED_AT,
  RUN_COMPLETED_AT,
  RUN_ENDED_AT,
  RUN_STATUS,
  RUN_PIX_SCORE,
  RUN_VERIFICATION_CODE,
  RUN_ITEMS,
  RUN_ENTRY,
  RUN_RESUME,
  RUN_N_ANSWERS,
};

static void
run_clear (Run *run)
{
  g_clear_pointer (&run->csrf, g_free);
  g_clear_pointer (&run->hash, g_free);
  g_clear_pointer (&run->rows, orga_server_rows_free);
  g_clear_pointer (&run->session, cert_session_free);
  g_clear_pointer (&run->items, g_strfreev);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Run, run_clear)

static const char *
run_get (Run *run,
         int  column)
{
  return orga_server_rows_get (run->rows, 0, (guint) column);
}

/* FALSE on a database error; run->rows NULL without a live cookie. */
static gboolean
run_load (Run     *run,
          GError **error)
{
  g_autofree char *now = orga_server_now ();

  run->hash = cookie_hash (run->msg, ORGA_CERT_CANDIDATE_COOKIE);
  if (run->hash == NULL)
    return TRUE;
  run->rows = orga_server_db_queryv (run->db, error, RUN_SQL, run->hash, now, ORGA_SERVER_DB_END);
  if (run->rows == NULL)
    return FALSE;
  if (orga_server_rows_get_n_rows (run->rows) == 0)
    {
      g_clear_pointer (&run->rows, orga_server_rows_free);
      return TRUE;
    }
  run->session = cert_session_from_rows (run->rows, 0);
  if (run_get (run, RUN_ITEMS) != NULL)
    {
      run->items = g_strsplit (run_get (run, RUN_ITEMS), ",", -1);
      run->n_items = g_strv_length (run->items);
    }
  run->n_answers = (guint) orga_server_rows_get_int (run->rows, 0, RUN_N_ANSWERS);
  return TRUE;
}

static gboolean
run_started (Run *run)
{
  return run_get (run, RUN_COURSE) != NULL;
}

static gboolean
run_ended (Run *run)
{
  return run_get (run, RUN_COMPLETED_AT) != NULL || run_get (run, RUN_ENDED_AT) != NULL;
}

static gboolean
run_is_mine (Run *run)
{
  return g_strcmp0 (run_get (run, RUN_ENTRY), run->hash) == 0;
}

static const OrgaItem *
run_current_item (Run *run)
{
  if (run->items == NULL || run->n_answers >= run->n_items)
    return NULL;
  return orga_item_bank_find (orga_item_bank_get_default (), run->items[run->n_answers]);
}

static GString *
run_page_begin (Run        *run,
                const char *title)
{
  GString *out = page_begin (title);

  g_string_append (out, "<p class=\"aide\">");
  orga_html_append_escaped (out, run_get (run, RUN_FIRST_NAME));
  g_string_append_c (out, ' ');
  orga_html_append_escaped (out, run_get (run, RUN_LAST_NAME));
  g_string_append_printf (out, " · Session %" G_GINT64_FORMAT "</p>\n", run->session->number);
  return out;
}

/* A page that reloads itself while the candidate waits for the supervisor. */
static void
reply_waiting (Run        *run,
               const char *message)
{
  GString *out = run_page_begin (run, "En attente de votre surveillant");

  soup_message_headers_replace (soup_server_message_get_response_headers (run->msg), "Refresh",
                                WAIT_REFRESH_SECONDS);
  g_string_append (out, "<div class=\"carte\" role=\"status\">\n<p>");
  orga_html_append_escaped (out, message);
  g_string_append (out, "</p>\n<p class=\"aide\">Cette page se met à jour toute seule. Vous pouvez aussi cliquer "
                        "sur « Actualiser ».</p>\n"
                        "<form method=\"get\" action=\"/certification/test\">"
                        "<button type=\"submit\">Actualiser</button></form>\n</div>\n");
  orga_html_set_page (run->msg, SOUP_STATUS_OK, orga_html_page_end (out));
}

static void
reply_go (Run        *run,
          const char *title,
          const char *message,
          const char *action,
          const char *button)
{
  GString *out = run_page_begin (run, title);

  g_string_append (out, "<div class=\"carte\">\n<p>");
  orga_html_append_escaped (out, message);
  g_string_append (out, "</p>\n");
  form_begin (out, "/certification/test", run->csrf);
  orga_html_append_hidden (out, "action", action);
  g_string_append_printf (out, "<button type=\"submit\">%s</button>\n</form>\n</div>\n", button);
  orga_html_set_page (run->msg, SOUP_STATUS_OK, orga_html_page_end (out));
}

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

static void
reply_question (Run            *run,
                guint           status,
                OrgaHtmlErrors *errors)
{
  const OrgaItem *item = run_current_item (run);
  guint position = run->n_answers + 1;
  guint percent = run->n_items ? (run->n_answers * 100) / run->n_items : 0;
  g_autofree char *title = NULL;
  const char *error_text = orga_html_errors_for (errors, "reponse");
  const char *described = error_text ? " aria-describedby=\"enonce reponse-erreur\"" : " aria-describedby=\"enonce\"";
  GString *out;

  if (item == NULL)
    {
      g_autoptr(GError) error = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_NOT_FOUND, "no item in the bank");

      reply_internal (run->msg, "certification question", error);
      return;
    }
  title = g_strdup_printf ("Question %u sur %u", position, run->n_items);
  out = run_page_begin (run, title);
  orga_html_append_error_summary (out, errors);
  g_string_append_printf (out, "<p id=\"avancement-texte\">Avancement : %u\u202f%%</p>\n"
                               "<div class=\"barre\" role=\"progressbar\" aria-labelledby=\"avancement-texte\" "
                               "aria-valuemin=\"0\" aria-valuemax=\"100\" aria-valuenow=\"%u\" "
                               "aria-valuetext=\"Question %u sur %u\"><div style=\"width:%u%%\"></div></div>\n",
                          percent, percent, position, run->n_items, percent);
  g_string_append (out, "<div class=\"carte\">\n<div class=\"enonce\" id=\"enonce\">\n");
  append_paragraphs (out, orga_item_get_question (item));
  if (orga_item_get_image_path (item) != NULL)
    {
      g_autofree char *name = g_path_get_basename (orga_item_get_image_path (item));

      g_string_append (out, "<img src=\"/certification/test/fichiers/");
      orga_html_append_escaped (out, name);
      g_string_append (out, "\" alt=\"");
      orga_html_append_escaped (out, orga_item_get_image_alt (item) ? orga_item_get_image_alt (item) : "");
      g_string_append (out, "\">\n");
    }
  if (orga_item_get_attachment_path (item) != NULL)
    {
      g_autofree char *name = g_path_get_basename (orga_item_get_attachment_path (item));
      const char *label = orga_item_get_attachment_label (item);

      g_string_append (out, "<p><a download href=\"/certification/test/fichiers/");
      orga_html_append_escaped (out, name);
      g_string_append (out, "\">");
      orga_html_append_escaped (out, label ? label : "Télécharger le fichier");
      g_string_append (out, "</a></p>\n");
    }
  g_string_append (out, "</div>\n");
  form_begin (out, "/certification/test", run->csrf);
  g_string_append_printf (out, "<input type=\"hidden\" name=\"position\" value=\"%u\">\n", position);
  orga_html_append_hidden (out, "question", orga_item_get_id (item));
  if (orga_item_get_kind (item) == ORGA_ITEM_SHORT)
    {
      if (error_text != NULL)
        {
          g_string_append (out, "<p class=\"erreur-champ\" id=\"reponse-erreur\">");
          orga_html_append_escaped (out, error_text);
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
      if (error_text != NULL)
        {
          g_string_append (out, "<p class=\"erreur-champ\" id=\"reponse-erreur\">");
          orga_html_append_escaped (out, error_text);
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
  orga_html_set_page (run->msg, status, orga_html_page_end (out));
}

static void
reply_end (Run *run)
{
  GString *out = run_page_begin (run, MSG_END);
  OrgaCertStatus status = orga_cert_status_from_string (run_get (run, RUN_STATUS));

  if (run->session->published_at == NULL)
    g_string_append (out, "<div class=\"carte\" role=\"status\">\n<p>Vos réponses sont enregistrées. "
                          "Vous pouvez fermer cette page.</p>\n<p>Vos résultats seront visibles ici quand "
                          "votre établissement les aura publiés : revenez alors sur cette page avec le numéro "
                          "de session, le code d’accès et votre identité.</p>\n</div>\n");
  else
    {
      g_string_append (out, "<div class=\"carte\">\n<h2>Vos résultats</h2>\n<p>Statut : <strong>");
      orga_html_append_escaped (out, orga_cert_status_csv_label (status));
      g_string_append (out, "</strong></p>\n");
      if (status == ORGA_CERT_STATUS_VALIDATED)
        {
          g_string_append_printf (out, "<p class=\"chiffre\">%s pix</p>\n",
                                  run_get (run, RUN_PIX_SCORE) ? run_get (run, RUN_PIX_SCORE) : "0");
          g_string_append (out, "<p>Code de vérification : <strong class=\"code\">");
          orga_html_append_escaped (out, run_get (run, RUN_VERIFICATION_CODE));
          g_string_append (out, "</strong></p>\n<p class=\"aide\">Ce code permet à qui vous le donnez de "
                                "vérifier votre certificat sur <a href=\"/verification-certificat\">la page de "
                                "vérification</a>.</p>\n");
        }
      g_string_append (out, "</div>\n");
    }
  orga_html_set_page (run->msg, SOUP_STATUS_OK, orga_html_page_end (out));
}

static void
reply_run (Run *run)
{
  if (!run_started (run))
    {
      if (run->session->finalized_at != NULL)
        orga_html_reply_message_page (run->msg, SOUP_STATUS_FORBIDDEN, CANDIDATE_TITLE, MSG_FINALIZED);
      else if (orga_server_rows_get_int (run->rows, 0, RUN_AUTHORIZED) != 0)
        {
          g_autofree char *message = g_strdup_printf ("Votre surveillant vous a autorisé(e) à commencer. Le test "
                                                      "compte %u questions, sur les 16 compétences. Si vous ne "
                                                      "savez pas répondre, cliquez sur « Je passe ».",
                                                      (guint) N_QUESTIONS);

          reply_go (run, "Votre test de certification", message, "commencer", "Commencer mon test");
        }
      else
        reply_waiting (run, "Vous êtes bien inscrit(e) dans cette session. Attendez que votre surveillant "
                            "vous autorise à commencer votre test.");
      return;
    }
  if (run_ended (run) || run->session->finalized_at != NULL)
    reply_end (run);
  else if (run_is_mine (run))
    reply_question (run, SOUP_STATUS_OK, NULL);
  else if (orga_server_rows_get_int (run->rows, 0, RUN_RESUME) != 0)
    reply_go (run, "Reprendre votre test", "Votre surveillant a autorisé la reprise de votre test : vous "
                                           "reprendrez là où vous en étiez.", "reprendre", "Reprendre mon test");
  else
    reply_waiting (run, "Votre test a été interrompu. Prévenez votre surveillant : il doit autoriser la "
                        "reprise de votre test.");
}

/* The files of the current question, and only them. */
static void
reply_file (Run        *run,
            const char *name)
{
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (run->msg);
  const OrgaItem *item = run_started (run) && !run_ended (run) && run_is_mine (run) ? run_current_item (run) : NULL;
  const char *path = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autofree char *type = NULL;
  g_autofree char *mime = NULL;
  gsize size = 0;
  const guint8 *data;

  if (item != NULL)
    {
      const char *image = orga_item_get_image_path (item);
      const char *attached = orga_item_get_attachment_path (item);
      g_autofree char *image_name = image ? g_path_get_basename (image) : NULL;
      g_autofree char *attached_name = attached ? g_path_get_basename (attached) : NULL;

      if (g_strcmp0 (image_name, name) == 0)
        path = image;
      else if (g_strcmp0 (attached_name, name) == 0)
        path = attached;
    }
  if (path != NULL)
    bytes = g_resources_lookup_data (path, G_RESOURCE_LOOKUP_FLAGS_NONE, NULL);
  if (bytes == NULL)
    {
      orga_html_reply_message_page (run->msg, SOUP_STATUS_NOT_FOUND, "Page introuvable",
                                    "Ce fichier n’est pas celui de votre question.");
      return;
    }
  data = g_bytes_get_data (bytes, &size);
  type = g_content_type_guess (name, data, size, NULL);
  mime = g_content_type_get_mime_type (type);
  soup_server_message_set_status (run->msg, SOUP_STATUS_OK, NULL);
  soup_message_headers_replace (headers, "Cache-Control", "no-store");
  soup_message_headers_replace (headers, "X-Content-Type-Options", "nosniff");
  soup_message_headers_replace (headers, "Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'");
  if (path == orga_item_get_attachment_path (item))
    {
      g_autofree char *disposition = g_strdup_printf ("attachment; filename=\"%s\"", name);

      soup_message_headers_replace (headers, "Content-Disposition", disposition);
    }
  soup_server_message_set_response (run->msg, mime ? mime : "application/octet-stream", SOUP_MEMORY_COPY,
                                    (const char *) data, size);
}

/* The answer as orga_item_check_answer reads it; NULL when none. */
static char *
form_answer (GHashTable     *form,
             const OrgaItem *item)
{
  g_autofree char *text = NULL;

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
        return (g_string_free (value, TRUE), NULL);
      return g_string_free (value, FALSE);
    }
  text = g_strstrip (g_strdup (orga_html_form_get (form, "reponse")));
  return *text == '\0' ? NULL : g_strdup (orga_html_form_get (form, "reponse"));
}

static gboolean
run_start (Run     *run,
           GError **error)
{
  g_autofree char *uuid = g_uuid_string_random ();
  g_autofree char *now = orga_server_now ();
  g_autofree char *items = NULL;
  g_autofree char *profile_text = NULL;
  int profile[ORGA_CERT_N_COMPETENCES] = { 0 };

  if (!profile_of (run->db, run->session->org, run_get (run, RUN_LEARNER), profile, error))
    return FALSE;
  profile_text = orga_cert_levels_format (profile);
  items = draw_items (profile);
  return write_course_start (run->db, run->session->org, uuid, run->session->uuid, run_get (run, RUN_CANDIDATE),
                             now, error)
         && orga_server_db_execv (run->db, NULL, error,
                                  "INSERT INTO cert_tests (organization_id, course, items, profile_levels, entry)"
                                  " VALUES ($1, $2, $3, $4, $5)",
                                  run->session->org, uuid, items, profile_text, run->hash, ORGA_SERVER_DB_END);
}

/* Stores the answer at @position (nothing if taken), ends the test after
 * the last one. */
static gboolean
run_answer (Run            *run,
            guint           position,
            const OrgaItem *item,
            const char     *value,
            GError        **error)
{
  g_autofree char *now = orga_server_now ();
  g_autofree char *pos = g_strdup_printf ("%u", position);
  gint64 changes = 0;

  if (!orga_server_db_execv (run->db, &changes, error,
                             "INSERT INTO cert_answers (organization_id, course, position, item, value, ok, answered_at)"
                             " VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT DO NOTHING",
                             run->session->org, run_get (run, RUN_COURSE), pos, orga_item_get_id (item), value,
                             value != NULL && orga_item_check_answer (item, value) ? "1" : "0", now,
                             ORGA_SERVER_DB_END))
    return FALSE;
  if (changes == 1 && position == run->n_items)
    return end_course (run->db, run->session->org, run_get (run, RUN_COURSE), TRUE, error);
  return TRUE;
}

static void
run_post (Run        *run,
          GHashTable *form)
{
  const char *action = orga_html_form_get (form, "action");
  g_autoptr(GError) error = NULL;
  gboolean live = run->session->finalized_at == NULL;

  if (!orga_server_db_begin (run->db, &error))
    {
      reply_internal (run->msg, "certification", error);
      return;
    }
  if (g_str_equal (action, "commencer"))
    {
      if (live && !run_started (run) && orga_server_rows_get_int (run->rows, 0, RUN_AUTHORIZED) != 0)
        run_start (run, &error);
    }
  else if (g_str_equal (action, "reprendre"))
    {
      if (live && run_started (run) && !run_ended (run) && !run_is_mine (run))
        orga_server_db_execv (run->db, NULL, &error,
                              "UPDATE cert_tests SET entry = $3, resume_authorized = 0"
                              " WHERE organization_id = $1 AND course = $2 AND resume_authorized = 1",
                              run->session->org, run_get (run, RUN_COURSE), run->hash, ORGA_SERVER_DB_END);
    }
  else if (g_str_equal (action, "valider") || g_str_equal (action, "passer"))
    {
      const OrgaItem *item = run_current_item (run);
      guint64 position = 0;

      if (live && run_started (run) && !run_ended (run) && run_is_mine (run) && item != NULL
          && g_ascii_string_to_unsigned (orga_html_form_get (form, "position"), 10, 1, G_MAXUINT, &position, NULL)
          && position == run->n_answers + 1
          && g_str_equal (orga_html_form_get (form, "question"), orga_item_get_id (item)))
        {
          g_autofree char *value = g_str_equal (action, "passer") ? NULL : form_answer (form, item);

          if (value == NULL && g_str_equal (action, "valider"))
            {
              g_auto(OrgaHtmlErrors) errors = { NULL };

              orga_server_db_rollback (run->db);
              orga_html_errors_init (&errors);
              orga_html_errors_add (&errors, "reponse", MSG_NO_ANSWER);
              reply_question (run, 422, &errors);
              return;
            }
          run_answer (run, (guint) position, item, value, &error);
        }
    }
  if (error != NULL || !orga_server_db_commit (run->db, &error))
    {
      orga_server_db_rollback (run->db);
      /* A double click on "Commencer": the other one started it. */
      if (!g_error_matches (error, ORGA_SERVER_DB_ERROR, ORGA_SERVER_DB_ERROR_CONSTRAINT))
        {
          reply_internal (run->msg, "certification", error);
          return;
        }
    }
  redirect (run->msg, "/certification/test");
}

static void
handle_run (OrgaServer        *self,
            SoupServerMessage *msg,
            const char        *file,
            gboolean           post)
{
  g_auto(Run) run = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(GHashTable) form = NULL;

  run.server = self;
  run.msg = msg;
  run.db = orga_server_get_db (self);
  run.csrf = orga_html_csrf_token (self, msg);
  if (!run_load (&run, &error))
    {
      reply_internal (msg, "certification", error);
      return;
    }
  if (run.rows == NULL)
    {
      redirect (msg, "/certification");
      return;
    }
  if (file != NULL)
    {
      reply_file (&run, file);
      return;
    }
  if (!post)
    {
      reply_run (&run);
      return;
    }
  form = orga_html_decode_form (msg);
  if (form == NULL || !orga_html_csrf_valid (self, msg, form))
    {
      orga_html_reply_message_page (msg, SOUP_STATUS_FORBIDDEN, CANDIDATE_TITLE, MSG_CSRF);
      return;
    }
  run_post (&run, form);
}

/* The public verification */

static void
reply_verify_form (SoupServerMessage *msg,
                   guint              status,
                   OrgaHtmlErrors    *errors,
                   const char        *code)
{
  GString *out = page_begin (VERIFY_TITLE);

  orga_html_append_error_summary (out, errors);
  g_string_append (out, "<div class=\"carte\">\n<form method=\"get\" action=\"/verification-certificat\">\n");
  orga_html_append_input (out, errors, "code", "Code de vérification", "text", "off", code,
                          "Il figure sur le certificat : P- suivi de 8 caractères, par exemple P-BBBCCCDD.");
  g_string_append (out, "<button type=\"submit\">Vérifier</button>\n</form>\n</div>\n");
  orga_html_set_page (msg, status, orga_html_page_end (out));
}

static void
handle_verify (OrgaServer        *self,
               SoupServerMessage *msg,
               GHashTable        *query)
{
  const char *typed = query ? g_hash_table_lookup (query, "code") : NULL;
  g_autofree char *code = NULL;
  g_autoptr(OrgaServerRows) rows = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(OrgaHtmlErrors) errors = { NULL };
  g_autofree char *born = NULL;
  g_autofree char *date = NULL;
  g_autoptr(GTimeZone) paris = NULL;
  int levels[ORGA_CERT_N_COMPETENCES];
  guint mesh;
  GString *out;

  if (typed == NULL)
    {
      reply_verify_form (msg, SOUP_STATUS_OK, NULL, NULL);
      return;
    }
  orga_html_errors_init (&errors);
  code = g_utf8_validate (typed, -1, NULL) ? orga_cert_verification_code_normalize (typed) : NULL;
  if (code != NULL)
    rows = orga_server_db_queryv (orga_server_get_db (self), &error,
                                  "SELECT c.first_name, c.last_name, c.birthdate, c.birth_city, co.started_at,"
                                  " s.certification_center, co.pix_score, co.levels"
                                  " FROM sync_cert_courses co"
                                  " JOIN sync_cert_sessions s ON s.organization_id = co.organization_id"
                                  " AND s.uuid = co.session"
                                  " JOIN sync_cert_candidates c ON c.organization_id = co.organization_id"
                                  " AND c.uuid = co.candidate"
                                  " WHERE co.verification_code = $1 AND co.status = $2"
                                  " AND s.published_at IS NOT NULL AND s.deleted_at IS NULL",
                                  code, orga_cert_status_to_string (ORGA_CERT_STATUS_VALIDATED), ORGA_SERVER_DB_END);
  if (error != NULL)
    {
      reply_internal (msg, "verification", error);
      return;
    }
  if (rows == NULL || orga_server_rows_get_n_rows (rows) == 0
      || !orga_cert_levels_parse (orga_server_rows_get (rows, 0, 7), levels))
    {
      orga_html_errors_add (&errors, "code", MSG_NO_CERTIFICATE);
      reply_verify_form (msg, SOUP_STATUS_NOT_FOUND, &errors, typed);
      return;
    }

  born = orga_format_day (orga_server_rows_get (rows, 0, 2));
  paris = g_time_zone_new_identifier ("Europe/Paris");
  date = orga_format_iso_date (orga_server_rows_get (rows, 0, 4), paris);
  mesh = orga_cert_mesh_index ((int) orga_server_rows_get_int (rows, 0, 6));
  out = page_begin ("Certificat Pix");
  g_string_append (out, "<div class=\"carte\">\n<h2>");
  orga_html_append_escaped (out, orga_server_rows_get (rows, 0, 0));
  g_string_append_c (out, ' ');
  orga_html_append_escaped (out, orga_server_rows_get (rows, 0, 1));
  g_string_append (out, "</h2>\n<dl class=\"entete\">\n<dt>Né(e) le</dt><dd>");
  orga_html_append_escaped (out, born ? born : orga_server_rows_get (rows, 0, 2));
  if (orga_server_rows_get (rows, 0, 3) != NULL)
    {
      g_string_append (out, " à ");
      orga_html_append_escaped (out, orga_server_rows_get (rows, 0, 3));
    }
  g_string_append (out, "</dd>\n<dt>Date de passage</dt><dd>");
  orga_html_append_escaped (out, date ? date : "");
  g_string_append (out, "</dd>\n<dt>Centre de certification</dt><dd>");
  orga_html_append_escaped (out, orga_server_rows_get (rows, 0, 5));
  g_string_append (out, "</dd>\n<dt>Code de vérification</dt><dd class=\"code\">");
  orga_html_append_escaped (out, code);
  g_string_append_printf (out, "</dd>\n</dl>\n<p class=\"chiffre\">%" G_GINT64_FORMAT " pix</p>\n"
                               "<p class=\"aide\">sur %d pix atteignables</p>\n",
                          orga_server_rows_get_int (rows, 0, 6), ORGA_CERT_MAX_REACHABLE_SCORE);
  /* Index 0: no global level on the certificate (spec §5). */
  if (mesh > 0)
    g_string_append_printf (out, "<p>Niveau global : <strong>%u</strong></p>\n", mesh);
  g_string_append (out, "</div>\n<div class=\"carte\">\n<h2>Niveaux par compétence</h2>\n<table>\n"
                        "<thead><tr><th scope=\"col\">Compétence</th><th scope=\"col\" class=\"nombre\">Niveau</th>"
                        "</tr></thead>\n<tbody>\n");
  for (guint i = 0; i < ORGA_CERT_N_COMPETENCES; i++)
    {
      g_string_append (out, "<tr><td>");
      orga_html_append_escaped (out, orga_cert_competence_code (i));
      g_string_append_c (out, ' ');
      orga_html_append_escaped (out, orga_cert_competence_name (i));
      if (levels[i] > 0)
        g_string_append_printf (out, "</td><td class=\"nombre\">%d</td></tr>\n", levels[i]);
      else
        g_string_append (out, "</td><td class=\"nombre\">–</td></tr>\n");
    }
  g_string_append (out, "</tbody>\n</table>\n</div>\n"
                        "<p><a href=\"/verification-certificat\">Vérifier un autre code</a></p>\n");
  orga_html_set_page (msg, SOUP_STATUS_OK, orga_html_page_end (out));
}

/* Routing */

gboolean
orga_server_cert_handle (OrgaServer        *self,
                         SoupServerMessage *msg,
                         const char        *path,
                         GHashTable        *query)
{
  const char *method = soup_server_message_get_method (msg);
  gboolean post = g_str_equal (method, "POST");
  gboolean get = g_str_equal (method, "GET") || g_str_equal (method, "HEAD");
  const char *file = NULL;
  const char *route;
  gboolean postable = TRUE;

  if (g_str_equal (path, "/surveillance"))
    route = post ? "POST /surveillance" : "GET /surveillance";
  else if (g_str_equal (path, "/certification"))
    route = post ? "POST /certification" : "GET /certification";
  else if (g_str_equal (path, "/certification/test"))
    route = post ? "POST /certification/test" : "GET /certification/test";
  else if (g_str_has_prefix (path, "/certification/test/fichiers/") && strchr (path + 29, '/') == NULL
           && path[29] != '\0')
    {
      route = "GET /certification/test/fichiers";
      file = path + 29;
      postable = FALSE;
    }
  else if (g_str_equal (path, "/verification-certificat"))
    {
      route = "GET /verification-certificat";
      postable = FALSE;
    }
  else
    return FALSE;

  orga_server_set_route (msg, route);
  if (!get && !(post && postable))
    {
      soup_message_headers_replace (soup_server_message_get_response_headers (msg), "Allow",
                                    postable ? "GET, HEAD, POST" : "GET, HEAD");
      orga_html_reply_message_page (msg, SOUP_STATUS_METHOD_NOT_ALLOWED, CANDIDATE_TITLE,
                                    "Cette méthode n’est pas permise pour cette adresse.");
      return TRUE;
    }

  if (g_str_equal (path, "/surveillance"))
    handle_supervisor (self, msg, query, post);
  else if (g_str_equal (path, "/certification"))
    handle_entry (self, msg, post);
  else if (g_str_equal (path, "/verification-certificat"))
    handle_verify (self, msg, query);
  else
    handle_run (self, msg, file, post);
  return TRUE;
}
