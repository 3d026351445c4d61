/* orga-store-cert.h: certification in the local store (issue 12)
 *
 * Part of OrgaStore (orga-store-cert.c); all SQL stays in the store.
 * Schema 007-certification.sql adds cert_sessions, cert_candidates,
 * cert_courses, cert_reports and cert_archives, shaped as the wire kinds
 * of orga-sync-wire.c. Writes of a bound school queue their change in
 * the sync outbox in the same transaction (docs/sync.md, "Certification").
 * Rules come from orga-cert.h; this file only stores and reads.
 *
 * Errors: a rule broken by the input is ORGA_CERT_ERROR_INVALID, an
 * action refused in this state ORGA_CERT_ERROR_REFUSED (both with the
 * message to show), an unknown or deleted session or candidate
 * ORGA_STORE_ERROR_NOT_FOUND. A failed write changes nothing. "Today"
 * is the local date of the machine (g_date_time_new_now_local()).
 * Every write announces ORGA_STORE_CHANGE_CERTIFICATION.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "orga-cert.h"
#include "orga-cert-session.h"
#include "orga-store.h"

G_BEGIN_DECLS

/* ---- sessions ---- */

/* Checks @form (orga_cert_session_form_check, today's date; the text
 * fields stored trimmed), draws the access code and the supervisor
 * password, inserts. The number stays 0 until the server gives it; the
 * certification centre is the school's name. */
OrgaCertSession *orga_store_create_cert_session (OrgaStore                 *self,
                                                 OrgaOrganization          *organization,
                                                 const OrgaCertSessionForm *form,
                                                 const char                *created_by,
                                                 GError                   **error);
/* Only while created (not finalized); same checks. Only the fields that
 * changed are written and pushed; an edit changing nothing writes
 * nothing. */
gboolean   orga_store_update_cert_session (OrgaStore                 *self,
                                           gint64                     session_id,
                                           const OrgaCertSessionForm *form,
                                           GError                   **error);
/* Refused once a candidate has joined or a course exists (spec §2.1).
 * Kept as a tombstone (deleted_at) until the server has it. */
gboolean   orga_store_delete_cert_session (OrgaStore  *self,
                                           gint64      session_id,
                                           GError    **error);
/* Newest date first, deleted ones left out. (element-type OrgaCertSession) */
GPtrArray *orga_store_list_cert_sessions  (OrgaStore         *self,
                                           OrgaOrganization  *organization,
                                           GError           **error);
OrgaCertSession *orga_store_get_cert_session (OrgaStore  *self,
                                              gint64      session_id,
                                              GError    **error);
/* The date (YYYY-MM-DD) of the next created session from @today on, or
 * NULL: the readiness view's urgency. */
char      *orga_store_next_cert_session_date (OrgaStore        *self,
                                              OrgaOrganization *organization,
                                              const char       *today,
                                              GError          **error);

/* ---- candidates ---- */

typedef struct
{
  gint64      id;
  char       *uuid;
  gint64      learner_id;     /* 0 if the student is gone from the store */
  char       *first_name;
  char       *last_name;
  char       *birthdate;      /* YYYY-MM-DD */
  char       *birth_city;
  char       *division;       /* the learner's class now, else NULL */
  char       *external_id;
  char       *ine;
  int         extra_time_percentage;   /* 0: none */
  gboolean    authorized_to_start;
  char       *joined_at;
  /* the candidate's course, if the test started */
  char       *course_uuid;
  gint64      course_number;
  char       *course_status;  /* started, validated, … or NULL */
  char       *completed_at;
  char       *ended_by_supervisor_at;
  /* as the finalization stored them (spec §2.5) */
  gboolean    has_seen_end_test_screen;
  char       *abort_reason;   /* "candidate" | "technical" | NULL */
} OrgaCertCandidate;

void orga_cert_candidate_free (OrgaCertCandidate *candidate);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (OrgaCertCandidate, orga_cert_candidate_free)

/* The session's candidates (not removed), by last then first name.
 * (element-type OrgaCertCandidate) */
GPtrArray *orga_store_list_cert_candidates (OrgaStore  *self,
                                            gint64      session_id,
                                            GError    **error);

/* A student of the enrolment dialog (spec §2.2 StudentForEnrolment). */
typedef struct
{
  gint64       learner_id;
  char        *first_name;
  char        *last_name;
  char        *birthdate;
  char        *division;
  gboolean     is_enrolled;        /* in this session already */
  int          certifiable;        /* 1, 0, -1 unknown (orga_store_certifiability_by_learner) */
} OrgaCertEnrolmentRow;

void orga_cert_enrolment_row_free (OrgaCertEnrolmentRow *row);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (OrgaCertEnrolmentRow, orga_cert_enrolment_row_free)

/* The school's active students, @division only unless NULL, by name.
 * (element-type OrgaCertEnrolmentRow) */
GPtrArray *orga_store_list_cert_enrolment (OrgaStore  *self,
                                           gint64      session_id,
                                           const char *division,
                                           GError    **error);
/* The school's classes that have active students, in class order. */
GStrv      orga_store_list_cert_divisions (OrgaStore        *self,
                                           OrgaOrganization *organization,
                                           GError          **error);
/* Enrols each learner (already enrolled ones skipped), copying the
 * identity (spec §2.2; birth country "99" + code). All or nothing:
 * refused on a finalized session or a learner of another school.
 * Returns how many were added in @n_added. A learner without birth date
 * (a candidate needs one) is ORGA_CERT_ERROR_INVALID naming the student.
 * The candidate's external_id stays NULL (the INE is not it); a learner
 * id given twice is enrolled once. */
gboolean   orga_store_enrol_cert_candidates (OrgaStore     *self,
                                             gint64         session_id,
                                             const gint64  *learner_ids,
                                             guint          n_learners,
                                             guint         *n_added,
                                             GError       **error);
/* Refused once the candidate joined or has a course (spec §2.2), and on
 * a finalized session. */
gboolean   orga_store_remove_cert_candidate (OrgaStore  *self,
                                             gint64      candidate_id,
                                             GError    **error);

/* ---- finalization ---- */

/* Checks with orga_cert_finalization_check (the courses as stored), then
 * stores the reports, end-screen flags, abort reasons, the comment and
 * the two checkboxes and sets finalized_at: one transaction, queued as
 * one cert_session.finalize change. @finalization's course_uuid name the
 * stored courses (one of another session: REFUSED); its already_finalized
 * and is_completed are ignored, read from the store; a stored course the
 * form does not name is checked as having no end screen, abort reason
 * or report. */
gboolean   orga_store_finalize_cert_session (OrgaStore                  *self,
                                             gint64                      session_id,
                                             const OrgaCertFinalization *finalization,
                                             const char                 *finalized_by,
                                             GError                    **error);
/* The stored reports of a course, for a finalized session's read-only
 * view. (element-type OrgaCertReport, strings owned by the array: free
 * with g_ptr_array_unref) */
GPtrArray *orga_store_list_cert_reports     (OrgaStore  *self,
                                             const char *course_uuid,
                                             GError    **error);

/* ---- results (spec §3.3) ---- */

/* Owns the strings its OrgaCertResult rows point to. */
typedef struct _OrgaCertResultSet OrgaCertResultSet;

OrgaCertResultSet    *orga_cert_result_set_ref   (OrgaCertResultSet *set);
void                  orga_cert_result_set_unref (OrgaCertResultSet *set);
guint                 orga_cert_result_set_get_n (OrgaCertResultSet *set);
const OrgaCertResult *orga_cert_result_set_get   (OrgaCertResultSet *set,
                                                  guint              i);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (OrgaCertResultSet, orga_cert_result_set_unref)

typedef enum
{
  ORGA_CERT_RESULTS_CSV,           /* published courses, latest per student */
  ORGA_CERT_RESULTS_ATTESTATIONS,  /* …and validated only */
  ORGA_CERT_RESULTS_LSU,           /* latest non-cancelled, published or not */
} OrgaCertResultsFor;

/* The rows of @division (case-insensitive; NULL: every class) of the
 * active students of the school, by last name, first name (folded as the
 * student list), number. An empty set is not an error: the caller says
 * "Aucun résultat…". One row per student, the latest course (started_at,
 * then number) among those kept: CSV, the published ones; attestations,
 * the published validated ones (Pix's certificate query filters before
 * picking the latest); LSU, the non-cancelled ones, published or not.
 * Names, birth date and place are the candidate's (the identity at
 * enrolment), INE, middle and third names and division the learner's
 * now. tested[i] is levels[i] >= 0 (-1: not asked); unscored levels
 * ("") read as all -1. session_date is the course's start day (UTC). */
OrgaCertResultSet *orga_store_load_cert_results (OrgaStore          *self,
                                                 OrgaOrganization   *organization,
                                                 const char         *division,
                                                 OrgaCertResultsFor  what,
                                                 GError            **error);

/* The class of the active student whose published result came last, or
 * NULL when no result is published: where the results view opens. */
char              *orga_store_latest_cert_result_division (OrgaStore         *self,
                                                           OrgaOrganization  *organization,
                                                           GError           **error);

/* ---- readiness (issue 12, item 1) ---- */

typedef struct
{
  gint64  learner_id;
  char   *first_name;
  char   *last_name;
  char   *division;
  int     certifiable;          /* 1, 0, -1 unknown */
  guint   competences_at_level_1;  /* from the latest shared profile; 0 if none */
  char   *certifiable_at;       /* YYYY-MM-DD of that profile, or NULL */
  gboolean enrolled;            /* in a session not finalized */
} OrgaCertReadinessRow;

void orga_cert_readiness_row_free (OrgaCertReadinessRow *row);

/* Every active student of @division (NULL: all), sorted by urgency:
 * not yet certifiable first, then unknown, then certifiable; within
 * each, those not enrolled before those enrolled, then fewest
 * competences first, then by name. certifiable is
 * orga_store_certifiability_by_learner()'s; the competences are those at
 * level 1 or more (orga_framework_level_for_pix) in the same latest
 * shared profiles collection.
 * (element-type OrgaCertReadinessRow) */
GPtrArray *orga_store_load_cert_readiness (OrgaStore        *self,
                                           OrgaOrganization *organization,
                                           const char       *division,
                                           GError          **error);

/* ---- yearly archive ---- */

/* Records that an archive was written (its path, when, by whom). */
gboolean   orga_store_note_archive          (OrgaStore        *self,
                                             OrgaOrganization *organization,
                                             const char       *path,
                                             const char       *created_by,
                                             GError          **error);
/* How many published results were received since the last archive:
 * a new student import warns first when this is not 0. The courses of
 * sessions published after the last archive was noted (all published
 * ones without archive); demonstration ones never count. 0 on error. */
guint      orga_store_count_unarchived_cert_results (OrgaStore        *self,
                                                     OrgaOrganization *organization,
                                                     GError          **error);

/* ---- demonstration ---- */

/* Adds, for the demonstration school, two sessions (one published with
 * results for most enrolled students, one created for the next month),
 * marked is_demo, never synced. An earlier run's are replaced; the
 * students are those of the fullest class; a school with no student who
 * has a birth date gets none (not an error). orga_demo_fill() calls it,
 * orga_store_delete_demo_data() removes them. */
gboolean   orga_store_add_demo_cert_data    (OrgaStore        *self,
                                             OrgaOrganization *organization,
                                             GError          **error);

G_END_DECLS
