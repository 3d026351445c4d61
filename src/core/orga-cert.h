/* orga-cert.h: the certification's rules (../shared/spec/certification.md)
 *
 * Pure functions and plain structures, GLib only: the desktop, the CLI,
 * the server and the renderer all check, score and write certification
 * data through this one file. docs/certification.md is its prose (the
 * scoring and publication rules are ours, written there).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define ORGA_CERT_ERROR (orga_cert_error_quark ())
GQuark orga_cert_error_quark (void);

typedef enum
{
  ORGA_CERT_ERROR_INVALID,   /* a field breaks a rule: the message names it, in French */
  ORGA_CERT_ERROR_REFUSED,   /* the action is refused in this state (spec §2.5 rules) */
} OrgaCertError;

/* ---- codes (spec §2.1, §6) ---- */

#define ORGA_CERT_CODE_LETTERS "BCDFGHJKMPQRTVWXY"
#define ORGA_CERT_CODE_DIGITS  "2346789"
/* digits then letters: the supervisor password's and verification code's set */
#define ORGA_CERT_CODE_CHARS   "2346789BCDFGHJKMPQRTVWXY"

/* Newly allocated, drawn with g_random (tests may g_random_set_seed). */
char     *orga_cert_generate_access_code          (void);   /* "BCDF23" */
char     *orga_cert_generate_supervisor_password  (void);   /* "C7KQ2" */
char     *orga_cert_generate_verification_code    (void);   /* "P-BBBCCCDD" */
gboolean  orga_cert_access_code_is_valid          (const char *code);
gboolean  orga_cert_supervisor_password_is_valid  (const char *password);
/* Strict on what we generate; case-insensitive on what a person types
 * (the API accepts ^P-[a-zA-Z0-9]{8}$): is_valid accepts that typed form
 * (any letter or digit, "p-" too); the generated codes only ever use
 * ORGA_CERT_CODE_CHARS. */
gboolean  orga_cert_verification_code_is_valid    (const char *code);
/* Upper-cased and trimmed, "P-" added when typed without; NULL if invalid. */
char     *orga_cert_verification_code_normalize   (const char *typed);

/* ---- competences (spec §3.2) ---- */

#define ORGA_CERT_N_COMPETENCES 16
#define ORGA_CERT_PIX_BY_LEVEL  8
#define ORGA_CERT_MIN_COMPETENCES_FOR_CERTIFIABILITY 5
/* Thin views over orga-framework.h (the one referential: never a second
 * table of names). "1.1" … "5.2", framework order. */
const char *orga_cert_competence_code (guint index);
/* "Mener une recherche et une veille d'information", French, as in the framework */
const char *orga_cert_competence_name (guint index);
/* "1" … "5" */
const char *orga_cert_area_code       (guint area_index);
const char *orga_cert_area_name       (guint area_index);  /* "Information et données" (the framework's) */
guint       orga_cert_competence_area (guint index);       /* 0 … 4 */

/* The levels column of the wire and the stores: 16 comma-separated
 * integers (-1 not certified), or "" while unscored. Returns FALSE on
 * anything else. */
gboolean  orga_cert_levels_parse   (const char *text,
                                    int         levels[ORGA_CERT_N_COMPETENCES]);
char     *orga_cert_levels_format  (const int   levels[ORGA_CERT_N_COMPETENCES]);

/* The V3 global level (spec §5): 0 … 8 from a pix score. */
guint       orga_cert_mesh_index   (int pix_score);
#define ORGA_CERT_MAX_REACHABLE_SCORE 895
#define ORGA_CERT_MAX_REACHABLE_LEVEL 7     /* levels shown "sur 7" */

/* ---- sessions (spec §2.1, §2.4) ---- */

typedef enum
{
  ORGA_CERT_SESSION_CREATED,      /* "Créée" */
  ORGA_CERT_SESSION_FINALIZED,    /* "Finalisée" */
  ORGA_CERT_SESSION_PUBLISHED,    /* "Résultats transmis" */
} OrgaCertSessionStatus;

OrgaCertSessionStatus orga_cert_session_status (const char *finalized_at,
                                                const char *published_at);
/* The French label ("Créée", "Finalisée", "Résultats transmis"), as the
 * attendance sheet and the CLI print it; the app translates its own. */
const char *orga_cert_session_status_label (OrgaCertSessionStatus status);

/* What a person types in the creation form. */
typedef struct
{
  const char *address;       /* Nom du site, required */
  const char *room;          /* Nom de la salle, required */
  const char *examiner;      /* Surveillant(s), required */
  const char *date;          /* YYYY-MM-DD, required */
  const char *time;          /* HH:MM, 00:00–23:59, required */
  const char *description;   /* Observations, optional, ≤ 500 characters */
} OrgaCertSessionForm;

/* Checks every field; on failure sets ORGA_CERT_ERROR_INVALID with a
 * French message naming the field ("Le nom du site est obligatoire.") and
 * *field (if not NULL) to the failing field's name ("address", …).
 * @today (YYYY-MM-DD) refuses a date in the past; NULL skips that check. */
gboolean orga_cert_session_form_check (const OrgaCertSessionForm  *form,
                                       const char                 *today,
                                       const char                **field,
                                       GError                    **error);

/* The supervisors needed for @n_candidates: one per 20, at least 1. */
guint    orga_cert_supervisors_needed (guint n_candidates);
/* How many names the Surveillant(s) field holds: split on ",", ";", "/",
 * " et " and new lines, blanks dropped. */
guint    orga_cert_count_supervisors  (const char *examiner);

/* ---- finalization (spec §2.5) ---- */

typedef enum
{
  ORGA_CERT_FIELD_NONE        = 0,
  ORGA_CERT_FIELD_SUBCATEGORY = 1 << 0,
  ORGA_CERT_FIELD_DESCRIPTION = 1 << 1,
  ORGA_CERT_FIELD_QUESTION    = 1 << 2,   /* question number 1 … 500 */
} OrgaCertReportFields;

typedef struct
{
  const char           *category;      /* API value, "IN_CHALLENGE" */
  const char           *subcategory;   /* API value or NULL for a category row */
  const char           *code;          /* "E1", "C1-C2" */
  const char           *label;         /* French, as in the spec */
  const char           *description_hint; /* "Renseignez les informations correctes" or NULL */
  OrgaCertReportFields  required;
  gboolean              deprecated;    /* refused on creation, shown in old data */
  gboolean              v3;            /* allowed in a V3 session */
} OrgaCertReportKind;

/* Every category then its subcategories, in the spec's order,
 * deprecated ones last; @n set. */
const OrgaCertReportKind *orga_cert_report_kinds (guint *n);
/* The kind of a (category, subcategory) pair, or NULL. */
const OrgaCertReportKind *orga_cert_report_kind_lookup (const char *category,
                                                        const char *subcategory);

typedef struct
{
  const char *category;
  const char *subcategory;
  const char *description;
  int         question_number;  /* 0: none */
} OrgaCertReport;

gboolean orga_cert_report_check (const OrgaCertReport *report,
                                 GError              **error);

/* One course as the finalization form fills it. */
typedef struct
{
  const char      *course_uuid;
  const char      *candidate_name;      /* "Prénom Nom", for messages */
  gboolean         is_completed;        /* completed_at set, not ended by the supervisor */
  gboolean         has_seen_end_test_screen;
  const char      *abort_reason;        /* "candidate" | "technical" | NULL */
  const OrgaCertReport *reports;
  guint            n_reports;
} OrgaCertCourseReport;

typedef struct
{
  gboolean                     already_finalized;
  const OrgaCertCourseReport  *courses;   /* the courses started in the session */
  guint                        n_courses;
  const char                  *examiner_global_comment;   /* ≤ 500 characters */
  gboolean                     has_incident;
  gboolean                     has_joining_issue;
} OrgaCertFinalization;

/* The spec's refusal rules, in its order: already finalized, no
 * certification started, an unfinished course without abort reason, an
 * abort reason given for a completed one, a report breaking its kind's
 * rules, a comment over 500 characters. The French message names the
 * candidate and the field. The first two are ORGA_CERT_ERROR_REFUSED,
 * the others ORGA_CERT_ERROR_INVALID. */
gboolean orga_cert_finalization_check (const OrgaCertFinalization *finalization,
                                       GError                    **error);

/* ---- the test and its scoring (docs/certification.md) ---- */

/* One answered question of a certification test. */
typedef struct
{
  guint    competence;   /* 0 … 15 */
  int      skill_level;  /* the level (1 … 8) of the skill the question tests */
  gboolean ok;           /* answered right (a skipped question is wrong) */
} OrgaCertAnswer;

/* The questions a certification test asks per competence. */
#define ORGA_CERT_QUESTIONS_PER_COMPETENCE 3

typedef struct
{
  char *status;          /* "validated" | "rejected"; the jury may make it "cancelled" */
  int   pix_score;       /* 0 when rejected */
  int   levels[ORGA_CERT_N_COMPETENCES];   /* -1: not certified */
  char *jury_comment;    /* NULL, or the automatic French comment */
} OrgaCertScore;

/* Our scoring rule (docs/certification.md): from the answers and the
 * candidate's profile levels at the start (@profile_levels, 0 for a
 * competence not positioned). Never fails; rejected under 50 % right. */
void orga_cert_score (const OrgaCertAnswer *answers,
                      guint                 n_answers,
                      const int             profile_levels[ORGA_CERT_N_COMPETENCES],
                      gboolean              completed,
                      OrgaCertScore        *out);
void orga_cert_score_clear (OrgaCertScore *score);

/* The automatic jury the server plays at finalization (Pix's jury is not
 * part of PixOrga; docs/certification.md, "Jury and publication"): from
 * the course's score, how it ended and its reports, the final status and
 * jury comment. A FRAUD report, a course under half answered, an abort
 * reason: each has its written outcome. @score is updated in place. */
void orga_cert_apply_jury (OrgaCertScore        *score,
                           guint                 n_answered,
                           guint                 n_asked,
                           const char           *abort_reason,
                           const OrgaCertReport *reports,
                           guint                 n_reports);

/* ---- results (spec §3) ---- */

typedef enum
{
  ORGA_CERT_STATUS_STARTED,
  ORGA_CERT_STATUS_VALIDATED,
  ORGA_CERT_STATUS_REJECTED,
  ORGA_CERT_STATUS_CANCELLED,
  ORGA_CERT_STATUS_ERROR,
} OrgaCertStatus;

OrgaCertStatus orga_cert_status_from_string (const char *text);  /* unknown → ERROR */
const char    *orga_cert_status_to_string   (OrgaCertStatus status);
/* "Validée", "Rejetée", "Annulée", "En erreur", "Démarrée": French
 * always, as in Pix's CSV. */
const char    *orga_cert_status_csv_label   (OrgaCertStatus status);

/* One certification result, as the CSV, the attestations and the livret
 * scolaire read it. Strings are borrowed from whoever fills it. */
typedef struct
{
  gint64          number;               /* Numéro de certification */
  const char     *first_name;
  const char     *middle_name;          /* LSU only, may be NULL */
  const char     *third_name;           /* LSU only, may be NULL */
  const char     *last_name;
  const char     *birthdate;            /* YYYY-MM-DD */
  const char     *birthplace;           /* may be NULL */
  const char     *external_id;          /* may be NULL */
  const char     *ine;                  /* nationalStudentId, may be NULL */
  const char     *division;
  OrgaCertStatus  status;
  gboolean        published;
  int             pix_score;
  int             levels[ORGA_CERT_N_COMPETENCES];   /* -1 not certified */
  gboolean        tested[ORGA_CERT_N_COMPETENCES];   /* asked in the test */
  const char     *jury_comment;         /* may be NULL */
  gint64          session_number;
  const char     *session_date;         /* YYYY-MM-DD: "Date de passage" (course start) */
  const char     *started_at;           /* ISO date-time */
  const char     *published_at;         /* ISO date-time: deliveredAt, may be NULL */
  const char     *certification_center;
  const char     *verification_code;
} OrgaCertResult;

/* The division CSV (spec §3.3), byte for byte: BOM, ";", "\n" between
 * lines and none at the end. Rows are written in the order given. A NULL
 * string is an empty cell (json2csv's null), "" is ""; a started result
 * reads "-" like a cancelled one; a session_date that is a timestamp is
 * read in Europe/Paris. */
GBytes *orga_cert_results_csv       (const OrgaCertResult *results,
                                     guint                 n_results);
/* "20261202_resultats_3A.csv" for @date's day in its own zone (NULL:
 * today in Europe/Paris); / \ : * ? " < > | and controls in the division
 * become "_" ("3e/A" → "3e_A"). */
char   *orga_cert_results_file_name (const char *division,
                                     GDateTime  *date);
/* "20261202_attestations_3A.pdf" */
char   *orga_cert_attestations_file_name (const char *division,
                                          GDateTime  *date);

/* The livret scolaire's JSON (spec §4): the JSON:API document of
 * GET /api/organizations/{uai}/certifications, for every result given
 * (the caller picks the latest non-cancelled course per student and
 * the order), with the referential in "included". competenceResults
 * lists the tested competences (level -1 when not certified), only for a
 * published and validated result. */
char   *orga_cert_lsu_json          (const char           *uai,
                                     const OrgaCertResult *results,
                                     guint                 n_results);

G_END_DECLS
