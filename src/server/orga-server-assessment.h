/* orga-server-assessment.h: a student's attempts at a campaign (issue 11)
 *
 * The domain of /campagnes/{CODE}/evaluation, without HTTP: a campaign
 * found by its code, the signed-in student's latest attempt at it (a
 * student_assessments row and its sync_participations row), and the steps
 * of a test: start, answer, share, retry (spec §2.3, §4.1–§4.3).
 *
 * Every answer is one student_answers row (its key, the position, makes a
 * repeated POST harmless) and updates the account's student_knowledge;
 * the participation, the row the desktops pull, is written after each
 * step through orga_server_sync_upsert_participations() with its live
 * results, so the Activité tab sees a test while it runs.
 *
 * The knowledge a run starts from ("kept") is the account's validated
 * knowledge, whatever campaign validated it; the answers of the attempt
 * are "asked". A retry forgets the failed and skipped skills (§4.2), so
 * only those are asked again.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <libsoup/soup.h>

#include "orga-assessment.h"
#include "orga-item-bank.h"
#include "orga-server.h"
#include "orga-server-db.h"
#include "orga-student-rules.h"

G_BEGIN_DECLS

typedef struct
{
  char *org_id;
  char *uuid;
  char *code;
  char *name;
  char *title;                          /* may be NULL */
  char *external_id_label;              /* may be NULL: none asked */
  gboolean multiple_sendings;
  gboolean archived;
  gboolean deleted;
  gboolean profiles_collection;
  const OrgaTargetProfile *profile;     /* NULL: a profiles collection */
  const OrgaTargetProfile *run;         /* what the test runs over */
} OrgaStudentRunCampaign;

void                 orga_student_run_campaign_free (OrgaStudentRunCampaign *self);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (OrgaStudentRunCampaign, orga_student_run_campaign_free)

/* The campaign of @code (any case), deleted ones too; NULL without an
 * error when there is none (or its target profile is not in the
 * catalogue). */
OrgaStudentRunCampaign *orga_student_run_campaign_load (OrgaServerDb   *db,
                                                 const char     *code,
                                                 GError        **error);

/* The campaign of @code as orga_student_run_campaign_load() finds it,
 * and in the same query the student signed in with the session of
 * @session_hash (nullable: orga_server_student_session_hash()) and the
 * learner that student is linked to in the campaign's space, as
 * orga_server_student_from_request() and orga_server_student_get_learner()
 * say: *@account_id and *@learner NULL when there is none. */
OrgaStudentRunCampaign *orga_student_run_enter  (OrgaServerDb   *db,
                                                 const char     *code,
                                                 const char     *session_hash,
                                                 char          **account_id,
                                                 char          **learner,
                                                 GError        **error);

/* The sync_participations row, as the wire has it. */
typedef struct
{
  char *uuid;
  char *status;               /* "STARTED", "TO_SHARE", "SHARED" */
  char *created_at;
  char *shared_at;
  int is_certifiable;         /* -1: null */
  gboolean is_improved;
  gint64 attempt;
  char *external_id;
  char *deleted_at;
  char *deleted_by;
  double mastery_rate;
} OrgaStudentParticipation;

typedef struct
{
  OrgaServerDb *db;
  OrgaStudentRunCampaign *campaign;        /* borrowed */
  char *account_id;
  char *learner;
  gboolean learner_active;

  /* The latest attempt of the learner at the campaign: NULL when none. */
  char *assessment_id;
  gboolean completed;
  OrgaStudentParticipation *participation;   /* NULL: none, or lost */
  /* A participation of the learner at the campaign that no test of this
   * server made (`participations import`): it counts as having taken
   * part. */
  gboolean other_participation;

  OrgaKnowledge kept;
  OrgaKnowledge asked;
  guint n_answers;

  /* Private: the account that took the attempt, how many times this
   * account answered each skill ("@skill" → count), and the current
   * question once known. */
  char *assessment_account;
  GHashTable *answered;
  gboolean current_known;
  guint current_tube;
  guint current_difficulty;
  const OrgaItem *current_item;
} OrgaStudentRun;

void            orga_student_run_free       (OrgaStudentRun       *self);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (OrgaStudentRun, orga_student_run_free)

OrgaStudentRun *orga_student_run_load       (OrgaServerDb         *db,
                                             OrgaStudentRunCampaign  *campaign,
                                             const char           *account_id,
                                             const char           *learner,
                                             GError              **error);

/* The question at position n_answers + 1: FALSE when the run is over.
 * @item NULL with TRUE: the bank has no question for the skill. Reads
 * nothing (orga_student_run_load() did): @error is never set. */
gboolean        orga_student_run_current    (OrgaStudentRun       *self,
                                             guint                *tube,
                                             guint                *difficulty,
                                             const OrgaItem      **item,
                                             GError              **error);

/* Starts attempt 1 (no participation yet): @external_id may be NULL. */
gboolean        orga_student_run_start      (OrgaStudentRun       *self,
                                             const char           *external_id,
                                             GError              **error);
/* The answer to the question at @position (1 …) whose item is @item_id:
 * @value NULL for "Je passe". A position already answered, or a page
 * older than the current question, stores nothing (*@stored FALSE). */
gboolean        orga_student_run_answer     (OrgaStudentRun       *self,
                                             guint                 position,
                                             const char           *item_id,
                                             const char           *value,
                                             gboolean             *stored,
                                             GError              **error);
/* TO_SHARE → SHARED, with shared_at (and is_certifiable for a profiles
 * collection). */
gboolean        orga_student_run_share      (OrgaStudentRun       *self,
                                             GError              **error);
/* §4.2, from the latest attempt (which must exist). */
OrgaRetryVerdict orga_student_run_retry_check (OrgaStudentRun     *self,
                                               gint64             *remaining_seconds);
/* Starts attempt n + 1 (the check must allow it). */
gboolean        orga_student_run_retry      (OrgaStudentRun       *self,
                                             GError              **error);

/* The knowledge the results count: kept and asked. */
void            orga_student_run_knowledge  (OrgaStudentRun       *self,
                                             OrgaKnowledge        *knowledge);
double          orga_student_run_progression (OrgaStudentRun      *self);

/* The pages (orga-server-assessment-web.c), asked first by the handler
 * of orga-server-web.c: TRUE when @path is /campagnes/{CODE}/evaluation
 * or one of its /fichiers/{name} (then answered). */
gboolean        orga_server_assessment_handle (OrgaServer         *self,
                                               SoupServerMessage  *msg,
                                               const char         *path,
                                               GHashTable         *query);

G_END_DECLS
