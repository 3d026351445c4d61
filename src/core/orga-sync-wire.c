/* orga-sync-wire.c: the sync protocol's rows
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "orga-sync-wire.h"

#define T ORGA_WIRE_TEXT
#define I ORGA_WIRE_INT
#define R ORGA_WIRE_REAL
#define B ORGA_WIRE_BOOL
#define X ORGA_WIRE_BASE64

/* "import" (learners), "campaign" and "learner" (participations) are the
 * uuids of the rows referred to. "removed": a learner an undone import had
 * created, deleted on the desktops; the server keeps it as a tombstone so
 * that a pull tells the desktops. "overrode": the import of another
 * desktop that this one replaced without its desktop having seen it
 * (docs/sync.md, "Two imports"). */
static const OrgaWireField import_fields[] = {
  { "uuid", T, FALSE },
  { "created_at", T, FALSE },
  { "created_by", T, FALSE },
  { "device", T, TRUE },
  { "file_name", T, FALSE },
  { "format", T, FALSE },
  { "encoding", T, TRUE },
  { "status", T, FALSE },
  { "created", I, FALSE },
  { "updated", I, FALSE },
  { "unchanged", I, FALSE },
  { "disabled", I, FALSE },
  { "ignored", I, FALSE },
  { "errors", T, FALSE },
  { "overrode", T, TRUE },
  { "seq", I, FALSE },
};

static const OrgaWireField learner_fields[] = {
  { "uuid", T, FALSE },
  { "ine", T, FALSE },
  { "last_name", T, FALSE },
  { "preferred_last_name", T, TRUE },
  { "first_name", T, FALSE },
  { "middle_name", T, TRUE },
  { "third_name", T, TRUE },
  { "sex", T, TRUE },
  { "birthdate", T, TRUE },
  { "birth_country_code", T, TRUE },
  { "birth_province_code", T, TRUE },
  { "birth_city_code", T, TRUE },
  { "birth_city", T, TRUE },
  { "mef_code", T, TRUE },
  { "status", T, TRUE },
  { "division", T, TRUE },
  { "disabled_at", T, TRUE },
  { "created_at", T, FALSE },
  { "updated_at", T, FALSE },
  { "import", T, TRUE },
  { "removed", B, FALSE },
  { "seq", I, FALSE },
};

static const OrgaWireField campaign_fields[] = {
  { "uuid", T, FALSE },
  { "code", T, FALSE },
  { "name", T, FALSE },
  { "type", T, FALSE },
  { "target_profile_id", T, TRUE },
  { "owner", T, FALSE },
  { "owner_id", T, TRUE },
  { "creator", T, FALSE },
  { "title", T, TRUE },
  { "landing_text", T, TRUE },
  { "external_id_type", T, TRUE },
  { "external_id_label", T, TRUE },
  { "multiple_sendings", B, FALSE },
  { "created_at", T, FALSE },
  { "updated_at", T, FALSE },
  { "archived_at", T, TRUE },
  { "archived_by", T, TRUE },
  { "deleted_at", T, TRUE },
  { "deleted_by", T, TRUE },
  { "seq", I, FALSE },
};

static const OrgaWireField participation_fields[] = {
  { "uuid", T, FALSE },
  { "campaign", T, FALSE },
  { "learner", T, TRUE },
  { "status", T, FALSE },
  { "created_at", T, FALSE },
  { "shared_at", T, TRUE },
  { "mastery_rate", R, FALSE },
  { "progression", R, FALSE },
  { "pix_score", I, FALSE },
  { "validated_skills", I, FALSE },
  { "is_certifiable", B, TRUE },
  { "is_improved", B, FALSE },
  { "attempt", I, FALSE },
  { "external_id", T, TRUE },
  { "deleted_at", T, TRUE },
  { "deleted_by", T, TRUE },
  { "results", X, TRUE },
  { "seq", I, FALSE },
};

/* Certification (issue 12). "number" (sessions and courses) is given by
 * the server when it applies the create: NULL on a desktop until then.
 * "session", "candidate", "course" and "learner" are uuids. "levels":
 * the 16 competence levels in framework order (1.1 … 5.2), comma
 * separated, -1 for a competence not certified ("" while unscored).
 * A session's status is not stored: finalized_at and published_at say
 * it (spec §2.4). The supervisor's password never leaves the space. */
static const OrgaWireField cert_session_fields[] = {
  { "uuid", T, FALSE },
  { "number", I, TRUE },
  { "address", T, FALSE },
  { "room", T, FALSE },
  { "examiner", T, FALSE },
  { "date", T, FALSE },
  { "time", T, FALSE },
  { "description", T, TRUE },
  { "access_code", T, FALSE },
  { "supervisor_password", T, FALSE },
  { "certification_center", T, FALSE },
  { "created_at", T, FALSE },
  { "created_by", T, FALSE },
  { "updated_at", T, FALSE },
  { "finalized_at", T, TRUE },
  { "finalized_by", T, TRUE },
  { "examiner_global_comment", T, TRUE },
  { "has_incident", B, FALSE },
  { "has_joining_issue", B, FALSE },
  { "published_at", T, TRUE },
  { "deleted_at", T, TRUE },
  { "seq", I, FALSE },
};

/* A candidate is a copy of the learner's identity at enrolment (spec
 * §2.2): later imports do not change who sat the test. */
static const OrgaWireField cert_candidate_fields[] = {
  { "uuid", T, FALSE },
  { "session", T, FALSE },
  { "learner", T, FALSE },
  { "first_name", T, FALSE },
  { "last_name", T, FALSE },
  { "birthdate", T, FALSE },
  { "sex", T, TRUE },
  { "birth_city", T, TRUE },
  { "birth_insee_code", T, TRUE },
  { "birth_country", T, TRUE },
  { "external_id", T, TRUE },
  { "extra_time_percentage", I, TRUE },
  { "authorized_to_start", B, FALSE },
  { "joined_at", T, TRUE },
  { "created_at", T, FALSE },
  { "removed_at", T, TRUE },
  { "seq", I, FALSE },
};

/* A certification course: one candidate's test and its result. Written
 * only by the server (the candidate's test, the supervisor, the
 * finalization, the publication); a desktop pulls it. "status":
 * started, validated, rejected, cancelled, error (spec §3.1);
 * "abort_reason": candidate or technical. */
static const OrgaWireField cert_course_fields[] = {
  { "uuid", T, FALSE },
  { "number", I, FALSE },
  { "session", T, FALSE },
  { "candidate", T, FALSE },
  { "learner", T, TRUE },
  { "started_at", T, FALSE },
  { "completed_at", T, TRUE },
  { "ended_by_supervisor_at", T, TRUE },
  { "has_seen_end_test_screen", B, FALSE },
  { "abort_reason", T, TRUE },
  { "status", T, FALSE },
  { "pix_score", I, FALSE },
  { "levels", T, FALSE },
  { "verification_code", T, FALSE },
  { "jury_comment", T, TRUE },
  { "seq", I, FALSE },
};

/* A report (signalement) of the incident report, spec §2.5. */
static const OrgaWireField cert_report_fields[] = {
  { "uuid", T, FALSE },
  { "course", T, FALSE },
  { "category", T, FALSE },
  { "subcategory", T, TRUE },
  { "description", T, TRUE },
  { "question_number", I, TRUE },
  { "seq", I, FALSE },
};

static const struct
{
  const char *name;
  const OrgaWireField *fields;
  guint n_fields;
} kinds[ORGA_WIRE_N_KINDS] = {
  [ORGA_WIRE_IMPORTS] = { "imports", import_fields, G_N_ELEMENTS (import_fields) },
  [ORGA_WIRE_LEARNERS] = { "learners", learner_fields, G_N_ELEMENTS (learner_fields) },
  [ORGA_WIRE_CAMPAIGNS] = { "campaigns", campaign_fields, G_N_ELEMENTS (campaign_fields) },
  [ORGA_WIRE_PARTICIPATIONS] = { "participations", participation_fields, G_N_ELEMENTS (participation_fields) },
  [ORGA_WIRE_CERT_SESSIONS] = { "cert_sessions", cert_session_fields, G_N_ELEMENTS (cert_session_fields) },
  [ORGA_WIRE_CERT_CANDIDATES] = { "cert_candidates", cert_candidate_fields, G_N_ELEMENTS (cert_candidate_fields) },
  [ORGA_WIRE_CERT_COURSES] = { "cert_courses", cert_course_fields, G_N_ELEMENTS (cert_course_fields) },
  [ORGA_WIRE_CERT_REPORTS] = { "cert_reports", cert_report_fields, G_N_ELEMENTS (cert_report_fields) },
};

const char *
orga_sync_wire_kind_name (OrgaWireKind kind)
{
  g_return_val_if_fail (kind < ORGA_WIRE_N_KINDS, NULL);

  return kinds[kind].name;
}

const OrgaWireField *
orga_sync_wire_fields (OrgaWireKind  kind,
                       guint        *n_fields)
{
  g_return_val_if_fail (kind < ORGA_WIRE_N_KINDS, NULL);

  if (n_fields != NULL)
    *n_fields = kinds[kind].n_fields;
  return kinds[kind].fields;
}

int
orga_sync_wire_field_index (OrgaWireKind  kind,
                            const char   *name)
{
  g_return_val_if_fail (kind < ORGA_WIRE_N_KINDS, -1);

  for (guint i = 0; i < kinds[kind].n_fields; i++)
    if (strcmp (kinds[kind].fields[i].name, name) == 0)
      return (int) i;
  return -1;
}

gboolean
orga_sync_wire_campaign_field_is_editable (const char *name)
{
  static const char *const editable[] = {
    "name", "title", "landing_text", "owner", "owner_id",
  };

  for (guint i = 0; i < G_N_ELEMENTS (editable); i++)
    if (g_strcmp0 (editable[i], name) == 0)
      return TRUE;
  return FALSE;
}
