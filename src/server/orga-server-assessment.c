/* orga-server-assessment.c: a student's attempts at a campaign (issue 11)
 *
 * See orga-server-assessment.h. Dates are the server's clock
 * (orga_server_now, which the tests move forward).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "orga-server"

#include "config.h"

#include <string.h>

#include "orga-server-assessment.h"
#include "orga-server-routes.h"
#include "orga-server-students.h"
#include "orga-server-sync.h"

/* Campaigns */

void
orga_student_run_campaign_free (OrgaStudentRunCampaign *self)
{
  if (self == NULL)
    return;
  g_free (self->org_id);
  g_free (self->uuid);
  g_free (self->code);
  g_free (self->name);
  g_free (self->title);
  g_free (self->external_id_label);
  g_free (self);
}

#define CAMPAIGN_COLUMNS \
  "c.organization_id, c.uuid, c.code, c.name, c.type, c.target_profile_id, c.title, " \
  "c.external_id_label, c.multiple_sendings, c.archived_at, c.deleted_at"
#define N_CAMPAIGN_COLUMNS 11

/* The campaign of the first row of a SELECT of CAMPAIGN_COLUMNS: NULL
 * when there is none or its target profile is not in the catalogue. */
static OrgaStudentRunCampaign *
campaign_from_rows (OrgaServerRows *rows)
{
  g_autoptr(OrgaStudentRunCampaign) campaign = NULL;
  const char *type;
  const char *profile_id;

  if (orga_server_rows_get_n_rows (rows) == 0)
    return NULL;

  campaign = g_new0 (OrgaStudentRunCampaign, 1);
  campaign->org_id = g_strdup (orga_server_rows_get (rows, 0, 0));
  campaign->uuid = g_strdup (orga_server_rows_get (rows, 0, 1));
  campaign->code = g_strdup (orga_server_rows_get (rows, 0, 2));
  campaign->name = g_strdup (orga_server_rows_get (rows, 0, 3));
  type = orga_server_rows_get (rows, 0, 4);
  profile_id = orga_server_rows_get (rows, 0, 5);
  campaign->title = g_strdup (orga_server_rows_get (rows, 0, 6));
  campaign->external_id_label = g_strdup (orga_server_rows_get (rows, 0, 7));
  campaign->multiple_sendings = orga_server_rows_get_int (rows, 0, 8) != 0;
  campaign->archived = orga_server_rows_get (rows, 0, 9) != NULL;
  campaign->deleted = orga_server_rows_get (rows, 0, 10) != NULL;
  campaign->profiles_collection = g_strcmp0 (type, "PROFILES_COLLECTION") == 0;
  if (campaign->external_id_label != NULL && *campaign->external_id_label == '\0')
    g_clear_pointer (&campaign->external_id_label, g_free);

  if (!campaign->profiles_collection)
    {
      campaign->profile = profile_id ? orga_target_profile_find (profile_id) : NULL;
      /* A profile this server does not know: no test can run. */
      if (campaign->profile == NULL)
        {
          g_warning ("campaign %s: unknown target profile", campaign->uuid);
          return NULL;
        }
    }
  campaign->run = orga_assessment_profile_for (campaign->profile);
  return g_steal_pointer (&campaign);
}

OrgaStudentRunCampaign *
orga_student_run_campaign_load (OrgaServerDb  *db,
                            const char    *code,
                            GError       **error)
{
  g_autofree char *upper = g_ascii_strup (code, -1);
  g_autoptr(OrgaServerRows) rows = NULL;

  rows = orga_server_db_queryv (db, error,
                                "SELECT " CAMPAIGN_COLUMNS " FROM sync_campaigns c WHERE c.code = $1",
                                upper, ORGA_SERVER_DB_END);
  if (rows == NULL)
    return NULL;
  return campaign_from_rows (rows);
}

OrgaStudentRunCampaign *
orga_student_run_enter (OrgaServerDb  *db,
                        const char    *code,
                        const char    *session_hash,
                        char         **account_id,
                        char         **learner,
                        GError       **error)
{
  g_autofree char *upper = g_ascii_strup (code, -1);
  g_autofree char *now = orga_server_now ();
  g_autoptr(OrgaServerRows) rows = NULL;
  OrgaStudentRunCampaign *campaign;

  *account_id = NULL;
  *learner = NULL;
  /* The session and the link as orga_server_student_from_request() and
   * orga_server_student_get_learner() read them. */
  rows = orga_server_db_queryv (db, error,
                                "SELECT " CAMPAIGN_COLUMNS ", a.id, a.should_change_password, "
                                "(" ORGA_STUDENT_LEARNER_SQL ("a.id", "c.organization_id") " LIMIT 1) "
                                "FROM sync_campaigns c "
                                "LEFT JOIN student_sessions s ON " ORGA_STUDENT_SESSION_SQL ("$2", "$3") " "
                                "LEFT JOIN student_accounts a ON a.id = s.account_id "
                                "WHERE c.code = $1",
                                upper, session_hash, now, ORGA_SERVER_DB_END);
  if (rows == NULL)
    return NULL;
  campaign = campaign_from_rows (rows);
  if (campaign == NULL)
    return NULL;
  if (orga_server_rows_get (rows, 0, N_CAMPAIGN_COLUMNS) != NULL
      && orga_server_rows_get_int (rows, 0, N_CAMPAIGN_COLUMNS + 1) == 0)
    {
      *account_id = g_strdup (orga_server_rows_get (rows, 0, N_CAMPAIGN_COLUMNS));
      *learner = g_strdup (orga_server_rows_get (rows, 0, N_CAMPAIGN_COLUMNS + 2));
    }
  return campaign;
}

/* Participations */

static void
participation_free (OrgaStudentParticipation *p)
{
  if (p == NULL)
    return;
  g_free (p->uuid);
  g_free (p->status);
  g_free (p->created_at);
  g_free (p->shared_at);
  g_free (p->external_id);
  g_free (p->deleted_at);
  g_free (p->deleted_by);
  g_free (p);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (OrgaStudentParticipation, participation_free)

static gboolean write_participations (OrgaStudentRun           *self,
                                      OrgaStudentParticipation *current,
                                      OrgaStudentParticipation *previous,
                                      gboolean                  in_transaction,
                                      GError                  **error);

/* Row @i of a SELECT of the participation's uuid, status, created_at,
 * shared_at, is_certifiable, is_improved, attempt, external_id,
 * deleted_at, deleted_by, mastery_rate, from column @c on. */
static OrgaStudentParticipation *
participation_from_rows (OrgaServerRows *rows,
                         guint           i,
                         guint           c)
{
  OrgaStudentParticipation *p = g_new0 (OrgaStudentParticipation, 1);

  p->uuid = g_strdup (orga_server_rows_get (rows, i, c + 0));
  p->status = g_strdup (orga_server_rows_get (rows, i, c + 1));
  p->created_at = g_strdup (orga_server_rows_get (rows, i, c + 2));
  p->shared_at = g_strdup (orga_server_rows_get (rows, i, c + 3));
  p->is_certifiable = orga_server_rows_get (rows, i, c + 4) == NULL ? -1 : orga_server_rows_get_int (rows, i, c + 4) != 0;
  p->is_improved = orga_server_rows_get_int (rows, i, c + 5) != 0;
  p->attempt = orga_server_rows_get_int (rows, i, c + 6);
  p->external_id = g_strdup (orga_server_rows_get (rows, i, c + 7));
  p->deleted_at = g_strdup (orga_server_rows_get (rows, i, c + 8));
  p->deleted_by = g_strdup (orga_server_rows_get (rows, i, c + 9));
  p->mastery_rate = g_ascii_strtod (orga_server_rows_get (rows, i, c + 10), NULL);
  return p;
}

/* A name-based uuid (the layout of version 8): the same attempt of the
 * same learner at the same campaign always gets the same ids, so two
 * starts at once (a double click, two tabs) make one attempt, not two:
 * the second insert meets the first's key. */
static char *
attempt_uuid (const char *what,
              const char *campaign,
              const char *learner,
              gint64      attempt)
{
  g_autofree char *name = g_strdup_printf ("%s/%s/%s/%" G_GINT64_FORMAT, what, campaign, learner, attempt);
  g_autoptr(GChecksum) sum = g_checksum_new (G_CHECKSUM_SHA256);
  guint8 b[32];
  gsize len = sizeof b;

  g_checksum_update (sum, (const guchar *) name, -1);
  g_checksum_get_digest (sum, b, &len);
  b[6] = (b[6] & 0x0f) | 0x80;
  b[8] = (b[8] & 0x3f) | 0x80;
  return g_strdup_printf ("%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x",
                          b[0], b[1], b[2], b[3], b[4], b[5], b[6], b[7], b[8], b[9],
                          b[10], b[11], b[12], b[13], b[14], b[15]);
}

/* Knowledge */

/* "@rechercheWeb3" → its framework tube and difficulty. */
static gboolean
parse_skill (const char *skill,
             guint      *tube,
             guint      *difficulty)
{
  gsize len = skill ? strlen (skill) : 0;
  g_autofree char *name = NULL;
  int t;

  if (len < 3 || !g_ascii_isdigit (skill[len - 1]) || g_ascii_isdigit (skill[len - 2]))
    return FALSE;
  name = g_strndup (skill, len - 1);
  t = orga_framework_find_tube (name);
  if (t < 0 || t >= ORGA_N_TUBES_MAX)
    return FALSE;
  *tube = (guint) t;
  *difficulty = (guint) (skill[len - 1] - '0');
  return *difficulty >= 1 && *difficulty <= ORGA_FRAMEWORK_MAX_DIFFICULTY;
}

static char *
skill_name (guint tube,
            guint difficulty)
{
  return orga_tube_dup_skill_name (orga_framework_get_tube (tube), difficulty);
}

void
orga_student_run_free (OrgaStudentRun *self)
{
  if (self == NULL)
    return;
  g_free (self->account_id);
  g_free (self->learner);
  g_free (self->assessment_id);
  participation_free (self->participation);
  g_clear_pointer (&self->answered, g_hash_table_unref);
  g_free (self->assessment_account);
  g_free (self);
}

typedef struct
{
  gint64 position;
  guint tube;
  guint difficulty;
  gboolean right;
} Answer;

static int
answer_cmp (gconstpointer a,
            gconstpointer b)
{
  gint64 pa = ((const Answer *) a)->position;
  gint64 pb = ((const Answer *) b)->position;

  return pa < pb ? -1 : pa > pb;
}

/* The account's validated knowledge, but the skills the attempt asked
 * (those are in @asked), and how many times the account answered each
 * skill in its other attempts (orga_student_run_current): one query,
 * three kinds of rows, none sorted nor grouped by the database (which
 * costs SQLite more than the few rows cost here). */
static gboolean
load_knowledge (OrgaStudentRun  *self,
                GError         **error)
{
  g_autoptr(OrgaServerRows) rows = NULL;
  g_autoptr(GArray) answers = g_array_new (FALSE, FALSE, sizeof (Answer));
  OrgaKnowledge validated;

  orga_knowledge_init (&self->kept);
  orga_knowledge_init (&self->asked);
  orga_knowledge_init (&validated);
  self->n_answers = 0;
  self->current_known = FALSE;
  if (self->answered == NULL)
    self->answered = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_hash_table_remove_all (self->answered);

  rows = orga_server_db_queryv (self->db, error,
                                "SELECT 0, skill, NULL, 0 FROM student_knowledge "
                                "WHERE account_id = $1 AND status = 'validated' "
                                "UNION ALL "
                                "SELECT 1, skill, result, position FROM student_answers WHERE assessment_id = $2 "
                                "UNION ALL "
                                "SELECT 2, a.skill, NULL, 0 FROM student_answers a "
                                "JOIN student_assessments s ON s.id = a.assessment_id "
                                "WHERE s.account_id = $1 AND s.id <> $2",
                                self->account_id, self->assessment_id ? self->assessment_id : "",
                                ORGA_SERVER_DB_END);
  if (rows == NULL)
    return FALSE;
  for (guint i = 0; i < orga_server_rows_get_n_rows (rows); i++)
    {
      const char *skill = orga_server_rows_get (rows, i, 1);
      gint64 kind = orga_server_rows_get_int (rows, i, 0);
      Answer answer = { 0 };

      if (kind == 2 || (kind == 1 && g_strcmp0 (self->assessment_account, self->account_id) == 0))
        g_hash_table_replace (self->answered, g_strdup (skill),
                              GUINT_TO_POINTER (GPOINTER_TO_UINT (g_hash_table_lookup (self->answered, skill)) + 1));
      if (kind == 1)
        self->n_answers++;
      if (kind == 2 || !parse_skill (skill, &answer.tube, &answer.difficulty))
        continue;
      if (kind == 0)
        {
          orga_knowledge_set (&validated, answer.tube, answer.difficulty, TRUE);
          continue;
        }
      answer.position = orga_server_rows_get_int (rows, i, 3);
      answer.right = g_strcmp0 (orga_server_rows_get (rows, i, 2), "ok") == 0;
      g_array_append_val (answers, answer);
    }
  /* In the order of the test, should a skill have been asked twice. */
  g_array_sort (answers, answer_cmp);
  for (guint i = 0; i < answers->len; i++)
    {
      const Answer *answer = &g_array_index (answers, Answer, i);

      orga_knowledge_set (&self->asked, answer->tube, answer->difficulty, answer->right);
      /* Asked in this attempt: not kept from before. */
      validated.validated[answer->tube] &= (guint8) ~(1u << (answer->difficulty - 1));
    }

  self->kept = validated;
  memset (self->kept.invalidated, 0, sizeof self->kept.invalidated);
  return TRUE;
}

OrgaStudentRun *
orga_student_run_load (OrgaServerDb         *db,
                       OrgaStudentRunCampaign  *campaign,
                       const char           *account_id,
                       const char           *learner,
                       GError              **error)
{
  g_autoptr(OrgaStudentRun) self = g_new0 (OrgaStudentRun, 1);
  g_autoptr(OrgaServerRows) rows = NULL;

  self->db = db;
  self->campaign = campaign;
  self->account_id = g_strdup (account_id);
  self->learner = g_strdup (learner);

  /* The learner's latest attempt, whichever account took it: one learner,
   * one participation at a time (§4.2); with its participation, and
   * whether the learner is still the school's. Only without an attempt,
   * whether another participation exists. */
  rows = orga_server_db_queryv (db, error,
                                "SELECT s.id, s.participation, s.state, s.attempt, s.created_at, "
                                "(SELECT CASE WHEN disabled_at IS NULL AND removed = 0 THEN 1 ELSE 0 END "
                                " FROM sync_learners WHERE organization_id = $1 AND uuid = $3), "
                                "CASE WHEN s.id IS NULL THEN (SELECT count(*) FROM sync_participations "
                                " WHERE organization_id = $1 AND campaign = $2 AND learner = $3) ELSE 0 END, "
                                "p.uuid, p.status, p.created_at, p.shared_at, p.is_certifiable, p.is_improved, "
                                "p.attempt, p.external_id, p.deleted_at, p.deleted_by, p.mastery_rate, s.account_id "
                                "FROM (SELECT 1 AS one) x "
                                "LEFT JOIN student_assessments s ON s.id = "
                                " (SELECT id FROM student_assessments "
                                "  WHERE organization_id = $1 AND campaign = $2 AND learner = $3 "
                                "  ORDER BY attempt DESC LIMIT 1) "
                                "LEFT JOIN sync_participations p ON p.organization_id = $1 AND p.uuid = s.participation",
                                campaign->org_id, campaign->uuid, learner, ORGA_SERVER_DB_END);
  if (rows == NULL)
    return NULL;
  self->learner_active = orga_server_rows_get_int (rows, 0, 5) == 1;
  if (orga_server_rows_get (rows, 0, 0) != NULL)
    {
      self->assessment_id = g_strdup (orga_server_rows_get (rows, 0, 0));
      self->assessment_account = g_strdup (orga_server_rows_get (rows, 0, 18));
      self->completed = g_strcmp0 (orga_server_rows_get (rows, 0, 2), "completed") == 0;
      if (orga_server_rows_get (rows, 0, 7) != NULL)
        self->participation = participation_from_rows (rows, 0, 7);
    }
  else
    self->other_participation = orga_server_rows_get_int (rows, 0, 6) > 0;

  if (!load_knowledge (self, error))
    return NULL;

  /* A crash between two writes of a step: the attempt without its
   * participation, or a run over but not marked so. Put right now. */
  if (self->assessment_id != NULL && self->participation == NULL)
    {
      OrgaStudentParticipation *p = g_new0 (OrgaStudentParticipation, 1);

      p->uuid = g_strdup (orga_server_rows_get (rows, 0, 1));
      p->status = g_strdup (self->completed ? "TO_SHARE" : "STARTED");
      p->created_at = g_strdup (orga_server_rows_get (rows, 0, 4));
      p->is_certifiable = -1;
      p->attempt = orga_server_rows_get_int (rows, 0, 3);
      self->participation = p;
      if (!write_participations (self, p, NULL, FALSE, error))
        return NULL;
    }
  if (self->completed && g_strcmp0 (self->participation->status, "STARTED") == 0)
    {
      g_free (self->participation->status);
      self->participation->status = g_strdup ("TO_SHARE");
      if (!write_participations (self, self->participation, NULL, FALSE, error))
        return NULL;
    }
  if (self->assessment_id != NULL && !self->completed)
    {
      guint tube, difficulty;

      if (!orga_assessment_next_skill (campaign->run, &self->kept, &self->asked, &tube, &difficulty))
        {
          g_autofree char *now = orga_server_now ();

          if (!orga_server_db_execv (db, NULL, error,
                                     "UPDATE student_assessments SET state = 'completed', completed_at = $2 "
                                     "WHERE id = $1",
                                     self->assessment_id, now, ORGA_SERVER_DB_END))
            return NULL;
          self->completed = TRUE;
          g_free (self->participation->status);
          self->participation->status = g_strdup ("TO_SHARE");
          if (!write_participations (self, self->participation, NULL, FALSE, error))
            return NULL;
        }
    }
  return g_steal_pointer (&self);
}

void
orga_student_run_knowledge (OrgaStudentRun *self,
                            OrgaKnowledge  *knowledge)
{
  *knowledge = self->kept;
  for (guint t = 0; t < ORGA_N_TUBES_MAX; t++)
    for (guint d = 1; d <= ORGA_FRAMEWORK_MAX_DIFFICULTY; d++)
      {
        guint8 bit = (guint8) (1u << (d - 1));

        if (self->asked.validated[t] & bit)
          orga_knowledge_set (knowledge, t, d, TRUE);
        else if (self->asked.invalidated[t] & bit)
          orga_knowledge_set (knowledge, t, d, FALSE);
      }
}

double
orga_student_run_progression (OrgaStudentRun *self)
{
  if (self->completed)
    return 1.0;
  return orga_assessment_progression (self->campaign->run, &self->kept, &self->asked);
}

/* Items */

gboolean
orga_student_run_current (OrgaStudentRun  *self,
                          guint           *tube,
                          guint           *difficulty,
                          const OrgaItem **item,
                          GError         **error)
{
  const OrgaItem *const *items;
  g_autofree char *skill = NULL;
  guint n_items = 0;
  guint count;

  (void) error;
  *item = NULL;
  if (self->completed || self->assessment_id == NULL)
    return FALSE;
  /* A POST asks twice (the form's answer, then the answer's check). */
  if (self->current_known)
    {
      *tube = self->current_tube;
      *difficulty = self->current_difficulty;
      *item = self->current_item;
      return TRUE;
    }
  if (!orga_assessment_next_skill (self->campaign->run, &self->kept, &self->asked, tube, difficulty))
    return FALSE;

  skill = skill_name (*tube, *difficulty);
  items = orga_item_bank_get_for_skill (orga_item_bank_get_default (), *tube, *difficulty, &n_items);
  if (n_items == 0)
    g_warning ("no question in the bank for %s", skill);
  else
    {
      /* How many times the account answered the skill before, in any
       * attempt (load_knowledge): the item shown is the next one of the
       * skill's, so a retry may show another question, while a page
       * shown again shows the same. The account's own starting point,
       * so that a class does not see the same question at once on every
       * screen. */
      count = GPOINTER_TO_UINT (g_hash_table_lookup (self->answered, skill));
      *item = items[(g_str_hash (self->account_id) + count) % n_items];
    }
  self->current_known = TRUE;
  self->current_tube = *tube;
  self->current_difficulty = *difficulty;
  self->current_item = *item;
  return TRUE;
}

/* Writing the participation */

static void
add_nullable (JsonBuilder *b,
              const char  *name,
              const char  *value)
{
  json_builder_set_member_name (b, name);
  if (value != NULL)
    json_builder_add_string_value (b, value);
  else
    json_builder_add_null_value (b);
}

/* The participation row of @p with the run's live results. */
static JsonNode *
participation_row (OrgaStudentRun           *self,
                   OrgaStudentParticipation *p)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  OrgaKnowledge knowledge;
  OrgaAssessmentScore score;
  guint size = orga_assessment_results_size (self->campaign->profile);
  g_autofree guint8 *results = g_malloc0 (MAX (size, 1));
  g_autofree char *encoded = NULL;

  orga_student_run_knowledge (self, &knowledge);
  orga_assessment_score (self->campaign->profile, &knowledge, &score, results);
  encoded = g_base64_encode (results, size);

  json_builder_begin_object (b);
  add_nullable (b, "uuid", p->uuid);
  add_nullable (b, "campaign", self->campaign->uuid);
  add_nullable (b, "learner", self->learner);
  add_nullable (b, "status", p->status);
  add_nullable (b, "created_at", p->created_at);
  add_nullable (b, "shared_at", p->shared_at);
  json_builder_set_member_name (b, "mastery_rate");
  json_builder_add_double_value (b, score.mastery_rate);
  json_builder_set_member_name (b, "progression");
  json_builder_add_double_value (b, orga_student_run_progression (self));
  json_builder_set_member_name (b, "pix_score");
  json_builder_add_int_value (b, score.pix_score);
  json_builder_set_member_name (b, "validated_skills");
  json_builder_add_int_value (b, score.validated_skills);
  json_builder_set_member_name (b, "is_certifiable");
  if (p->is_certifiable < 0)
    json_builder_add_null_value (b);
  else
    json_builder_add_boolean_value (b, p->is_certifiable != 0);
  json_builder_set_member_name (b, "is_improved");
  json_builder_add_boolean_value (b, p->is_improved);
  json_builder_set_member_name (b, "attempt");
  json_builder_add_int_value (b, p->attempt);
  add_nullable (b, "external_id", p->external_id);
  add_nullable (b, "deleted_at", p->deleted_at);
  add_nullable (b, "deleted_by", p->deleted_by);
  add_nullable (b, "results", encoded);
  json_builder_end_object (b);

  p->mastery_rate = score.mastery_rate;
  return json_builder_get_root (b);
}

/* @in_transaction: in the caller's (orga_server_db_begin() done), else
 * in its own. */
static gboolean
write_participations (OrgaStudentRun            *self,
                      OrgaStudentParticipation  *current,
                      OrgaStudentParticipation  *previous,
                      gboolean                   in_transaction,
                      GError                   **error)
{
  g_autoptr(JsonArray) rows = json_array_new ();

  /* The previous attempt keeps the results it had: only its flags change,
   * so its row is written from what the database holds. */
  if (previous != NULL)
    {
      g_autoptr(OrgaServerRows) r = NULL;
      g_autoptr(JsonBuilder) b = json_builder_new ();
      const char *names[] = { "uuid", "campaign", "learner", "status", "created_at", "shared_at",
                              "mastery_rate", "progression", "pix_score", "validated_skills",
                              "is_certifiable", "is_improved", "attempt", "external_id",
                              "deleted_at", "deleted_by", "results" };

      r = orga_server_db_queryv (self->db, error,
                                 "SELECT uuid, campaign, learner, status, created_at, shared_at, "
                                 "mastery_rate, progression, pix_score, validated_skills, is_certifiable, "
                                 "is_improved, attempt, external_id, deleted_at, deleted_by, results "
                                 "FROM sync_participations WHERE organization_id = $1 AND uuid = $2",
                                 self->campaign->org_id, previous->uuid, ORGA_SERVER_DB_END);
      if (r == NULL)
        return FALSE;
      if (orga_server_rows_get_n_rows (r) == 1)
        {
          json_builder_begin_object (b);
          for (guint i = 0; i < G_N_ELEMENTS (names); i++)
            {
              const char *v = orga_server_rows_get (r, 0, i);

              json_builder_set_member_name (b, names[i]);
              if (i == 11)
                json_builder_add_boolean_value (b, TRUE);
              else if (v == NULL)
                json_builder_add_null_value (b);
              else if (i == 6 || i == 7)
                json_builder_add_double_value (b, g_ascii_strtod (v, NULL));
              else if (i == 8 || i == 9 || i == 12)
                json_builder_add_int_value (b, g_ascii_strtoll (v, NULL, 10));
              else if (i == 10)
                json_builder_add_boolean_value (b, g_ascii_strtoll (v, NULL, 10) != 0);
              else
                json_builder_add_string_value (b, v);
            }
          json_builder_end_object (b);
          json_array_add_element (rows, json_builder_get_root (b));
        }
    }
  json_array_add_element (rows, participation_row (self, current));

  if (in_transaction)
    return orga_server_sync_upsert_participations_in (self->db, self->campaign->org_id, rows, NULL, error);
  return orga_server_sync_upsert_participations (self->db, self->campaign->org_id, rows, NULL, error);
}

/* A new attempt: its student_assessments row (once, by its key), then its
 * participation. */
static gboolean
start_attempt (OrgaStudentRun            *self,
               gint64                     attempt,
               const char                *external_id,
               OrgaStudentParticipation  *previous,
               GError                   **error)
{
  g_autofree char *id = attempt_uuid ("assessment", self->campaign->uuid, self->learner, attempt);
  g_autofree char *participation = attempt_uuid ("participation", self->campaign->uuid, self->learner, attempt);
  g_autofree char *now = orga_server_now ();
  g_autofree char *attempt_text = g_strdup_printf ("%" G_GINT64_FORMAT, attempt);
  OrgaStudentParticipation *p;
  gint64 changes = 0;

  if (!orga_server_db_execv (self->db, &changes, error,
                             "INSERT INTO student_assessments (id, organization_id, participation, campaign, "
                             "account_id, learner, attempt, state, created_at) "
                             "VALUES ($1, $2, $3, $4, $5, $6, $7, 'started', $8) "
                             "ON CONFLICT DO NOTHING",
                             id, self->campaign->org_id, participation, self->campaign->uuid,
                             self->account_id, self->learner, attempt_text, now, ORGA_SERVER_DB_END))
    return FALSE;
  if (changes == 0)
    return TRUE;   /* the other click made it */

  /* §4.2: failed and skipped answers forgotten, validated kept. */
  if (attempt > 1
      && !orga_server_db_execv (self->db, NULL, error,
                                "DELETE FROM student_knowledge WHERE account_id = $1 AND status = 'invalidated'",
                                self->account_id, ORGA_SERVER_DB_END))
    return FALSE;

  g_free (self->assessment_id);
  self->assessment_id = g_steal_pointer (&id);
  g_free (self->assessment_account);
  self->assessment_account = g_strdup (self->account_id);
  self->completed = FALSE;
  if (!load_knowledge (self, error))
    return FALSE;

  p = g_new0 (OrgaStudentParticipation, 1);
  p->uuid = g_steal_pointer (&participation);
  p->status = g_strdup ("STARTED");
  p->created_at = g_strdup (now);
  p->is_certifiable = -1;
  p->attempt = attempt;
  p->external_id = g_strdup (external_id);
  participation_free (self->participation);
  self->participation = p;
  return write_participations (self, p, previous, FALSE, error);
}

gboolean
orga_student_run_start (OrgaStudentRun  *self,
                        const char      *external_id,
                        GError         **error)
{
  g_return_val_if_fail (self->assessment_id == NULL, FALSE);

  return start_attempt (self, 1, external_id, NULL, error);
}

gboolean
orga_student_run_answer (OrgaStudentRun  *self,
                         guint            position,
                         const char      *item_id,
                         const char      *value,
                         gboolean        *stored,
                         GError         **error)
{
  const OrgaItem *item = NULL;
  guint tube = 0, difficulty = 0;
  g_autofree char *skill = NULL;
  g_autofree char *now = orga_server_now ();
  g_autofree char *position_text = g_strdup_printf ("%u", position);
  gboolean right;
  const char *result;
  gint64 changes = 0;

  *stored = FALSE;
  if (self->participation == NULL || position != self->n_answers + 1)
    return TRUE;
  if (!orga_student_run_current (self, &tube, &difficulty, &item, error))
    return error == NULL || *error == NULL;
  /* A page older than the question: nothing to record. */
  if (item == NULL || g_strcmp0 (orga_item_get_id (item), item_id) != 0)
    return TRUE;

  skill = skill_name (tube, difficulty);
  right = value != NULL && orga_item_check_answer (item, value);
  result = value == NULL ? "skipped" : right ? "ok" : "ko";

  if (!orga_server_db_begin (self->db, error))
    return FALSE;
  if (!orga_server_db_execv (self->db, &changes, error,
                             "INSERT INTO student_answers (assessment_id, position, item, skill, value, result, created_at) "
                             "VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT DO NOTHING",
                             self->assessment_id, position_text, item_id, skill, value, result, now,
                             ORGA_SERVER_DB_END))
    goto failed;
  if (changes == 0)
    {
      /* The same POST twice, at once: the first stored it. */
      orga_server_db_rollback (self->db);
      return TRUE;
    }
  if (!orga_server_db_execv (self->db, NULL, error,
                             "INSERT INTO student_knowledge (account_id, skill, status, updated_at) "
                             "VALUES ($1, $2, $3, $4) ON CONFLICT (account_id, skill) DO UPDATE "
                             "SET status = excluded.status, updated_at = excluded.updated_at",
                             self->account_id, skill, right ? "validated" : "invalidated", now,
                             ORGA_SERVER_DB_END))
    goto failed;

  orga_knowledge_set (&self->asked, tube, difficulty, right);
  self->kept.validated[tube] &= (guint8) ~(1u << (difficulty - 1));
  self->n_answers++;
  self->current_known = FALSE;
  if (g_strcmp0 (self->assessment_account, self->account_id) == 0)
    g_hash_table_replace (self->answered, g_strdup (skill),
                          GUINT_TO_POINTER (GPOINTER_TO_UINT (g_hash_table_lookup (self->answered, skill)) + 1));
  if (!orga_assessment_next_skill (self->campaign->run, &self->kept, &self->asked, &tube, &difficulty))
    {
      self->completed = TRUE;
      if (!orga_server_db_execv (self->db, NULL, error,
                                 "UPDATE student_assessments SET state = 'completed', completed_at = $2 WHERE id = $1",
                                 self->assessment_id, now, ORGA_SERVER_DB_END))
        goto failed;
      g_free (self->participation->status);
      self->participation->status = g_strdup ("TO_SHARE");
    }
  /* The live results, for the Activité tab, in the same commit: one
   * round trip less each way, and never an answer without them. */
  if (!write_participations (self, self->participation, NULL, TRUE, error)
      || !orga_server_db_commit (self->db, error))
    goto failed;
  *stored = TRUE;
  return TRUE;

failed:
  orga_server_db_rollback (self->db);
  return FALSE;
}

gboolean
orga_student_run_share (OrgaStudentRun  *self,
                        GError         **error)
{
  OrgaStudentParticipation *p = self->participation;

  g_return_val_if_fail (p != NULL && g_str_equal (p->status, "TO_SHARE"), FALSE);

  g_free (p->status);
  p->status = g_strdup ("SHARED");
  g_free (p->shared_at);
  p->shared_at = orga_server_now ();
  /* §2.3: a profiles collection states certifiability when it is sent. */
  if (self->campaign->profiles_collection)
    {
      OrgaKnowledge knowledge;
      OrgaAssessmentScore score;

      orga_student_run_knowledge (self, &knowledge);
      orga_assessment_score (NULL, &knowledge, &score, NULL);
      p->is_certifiable = score.is_certifiable;
    }
  return write_participations (self, p, NULL, FALSE, error);
}

static gint64
parse_time (const char *iso)
{
  g_autoptr(GDateTime) t = iso ? g_date_time_new_from_iso8601 (iso, NULL) : NULL;

  return t ? g_date_time_to_unix (t) : 0;
}

OrgaRetryVerdict
orga_student_run_retry_check (OrgaStudentRun *self,
                              gint64         *remaining_seconds)
{
  OrgaStudentParticipation *p = self->participation;
  OrgaRetryFacts facts = { 0 };

  g_return_val_if_fail (p != NULL, ORGA_RETRY_NOT_SHARED);

  facts.multiple_sendings = self->campaign->multiple_sendings;
  facts.campaign_closed = self->campaign->archived || self->campaign->deleted;
  facts.is_assessment = !self->campaign->profiles_collection;
  facts.learner_active = self->learner_active;
  facts.previous_shared = g_strcmp0 (p->status, "SHARED") == 0;
  facts.previous_deleted = p->deleted_at != NULL;
  facts.previous_mastery_rate = p->mastery_rate;
  facts.previous_shared_at = parse_time (p->shared_at);
  return orga_retry_check (&facts, orga_server_unix_now (), remaining_seconds);
}

gboolean
orga_student_run_retry (OrgaStudentRun  *self,
                        GError         **error)
{
  g_autoptr(OrgaStudentParticipation) previous = NULL;
  gint64 attempt;
  char *external_id;

  g_return_val_if_fail (self->participation != NULL, FALSE);

  previous = g_steal_pointer (&self->participation);
  attempt = previous->attempt + 1;
  external_id = previous->external_id;
  return start_attempt (self, attempt, external_id, previous, error);
}
