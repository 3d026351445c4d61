/* orga-cert.c: the certification's rules (../shared/spec/certification.md)
 *
 * Everything here is pure: no store, no clock but the one the caller
 * gives, g_random for the codes. The French texts are Pix's where the
 * spec quotes them and ours otherwise (docs/certification.md); they are
 * not translated: the server's pages, the printed sheets and the CLI show
 * them as they are, and the app shows the error messages as they come.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "orga-cert"

#include "config.h"

#include <string.h>

#include "orga-cert.h"
#include "orga-framework.h"

G_DEFINE_QUARK (orga-cert-error-quark, orga_cert_error)

/* ---- codes ------------------------------------------------------------- */

#define ACCESS_CODE_LETTERS 4
#define ACCESS_CODE_DIGITS  2
#define SUPERVISOR_PASSWORD_LENGTH 5
#define VERIFICATION_CODE_LENGTH 8

static void
append_random (GString    *out,
               const char *alphabet,
               guint       n)
{
  gint32 size = (gint32) strlen (alphabet);

  for (guint i = 0; i < n; i++)
    g_string_append_c (out, alphabet[g_random_int_range (0, size)]);
}

char *
orga_cert_generate_access_code (void)
{
  GString *code = g_string_sized_new (ACCESS_CODE_LETTERS + ACCESS_CODE_DIGITS + 1);

  append_random (code, ORGA_CERT_CODE_LETTERS, ACCESS_CODE_LETTERS);
  append_random (code, ORGA_CERT_CODE_DIGITS, ACCESS_CODE_DIGITS);
  return g_string_free (code, FALSE);
}

char *
orga_cert_generate_supervisor_password (void)
{
  GString *password = g_string_sized_new (SUPERVISOR_PASSWORD_LENGTH + 1);

  append_random (password, ORGA_CERT_CODE_CHARS, SUPERVISOR_PASSWORD_LENGTH);
  return g_string_free (password, FALSE);
}

char *
orga_cert_generate_verification_code (void)
{
  GString *code = g_string_sized_new (2 + VERIFICATION_CODE_LENGTH + 1);

  g_string_append (code, "P-");
  append_random (code, ORGA_CERT_CODE_CHARS, VERIFICATION_CODE_LENGTH);
  return g_string_free (code, FALSE);
}

/* Whether the first @n characters of @text are of @alphabet (the caller
 * has checked the length: strchr would accept the terminator). */
static gboolean
starts_drawn_from (const char *text,
                   const char *alphabet,
                   gsize       n)
{
  for (gsize i = 0; i < n; i++)
    if (text[i] == '\0' || strchr (alphabet, text[i]) == NULL)
      return FALSE;
  return TRUE;
}

gboolean
orga_cert_access_code_is_valid (const char *code)
{
  return code != NULL
         && strlen (code) == ACCESS_CODE_LETTERS + ACCESS_CODE_DIGITS
         && starts_drawn_from (code, ORGA_CERT_CODE_LETTERS, ACCESS_CODE_LETTERS)
         && starts_drawn_from (code + ACCESS_CODE_LETTERS, ORGA_CERT_CODE_DIGITS, ACCESS_CODE_DIGITS);
}

gboolean
orga_cert_supervisor_password_is_valid (const char *password)
{
  return password != NULL
         && strlen (password) == SUPERVISOR_PASSWORD_LENGTH
         && starts_drawn_from (password, ORGA_CERT_CODE_CHARS, SUPERVISOR_PASSWORD_LENGTH);
}

gboolean
orga_cert_verification_code_is_valid (const char *code)
{
  if (code == NULL || strlen (code) != 2 + VERIFICATION_CODE_LENGTH)
    return FALSE;
  if (g_ascii_toupper (code[0]) != 'P' || code[1] != '-')
    return FALSE;
  /* What a person types may be any letter or digit, in any case (the
   * API's ^P-[a-zA-Z0-9]{8}$): the lookup then simply finds nothing. */
  for (guint i = 2; code[i] != '\0'; i++)
    if (!g_ascii_isalnum (code[i]))
      return FALSE;
  return TRUE;
}

char *
orga_cert_verification_code_normalize (const char *typed)
{
  g_autofree char *text = NULL;
  g_autofree char *upper = NULL;
  g_autofree char *full = NULL;

  if (typed == NULL)
    return NULL;

  text = g_strstrip (g_strdup (typed));
  upper = g_ascii_strup (text, -1);
  /* "Y468ACDE" and "PY468ACDE": the dash, or the whole prefix, forgotten. */
  if (strlen (upper) == VERIFICATION_CODE_LENGTH)
    full = g_strconcat ("P-", upper, NULL);
  else if (strlen (upper) == VERIFICATION_CODE_LENGTH + 1 && upper[0] == 'P')
    full = g_strconcat ("P-", upper + 1, NULL);
  else
    full = g_steal_pointer (&upper);

  if (!orga_cert_verification_code_is_valid (full))
    return NULL;
  return g_steal_pointer (&full);
}

/* ---- competences ------------------------------------------------------- */

G_STATIC_ASSERT (ORGA_CERT_N_COMPETENCES == ORGA_FRAMEWORK_N_COMPETENCES);
G_STATIC_ASSERT (ORGA_CERT_PIX_BY_LEVEL == ORGA_PIX_PER_LEVEL);
G_STATIC_ASSERT (ORGA_CERT_MAX_REACHABLE_LEVEL == ORGA_MAX_REACHABLE_LEVEL);
G_STATIC_ASSERT (ORGA_CERT_MIN_COMPETENCES_FOR_CERTIFIABILITY == ORGA_CERTIFIABLE_MIN_COMPETENCES);

const char *
orga_cert_competence_code (guint index)
{
  g_return_val_if_fail (index < ORGA_CERT_N_COMPETENCES, NULL);

  return orga_framework_get_competence (index)->index;
}

const char *
orga_cert_competence_name (guint index)
{
  g_return_val_if_fail (index < ORGA_CERT_N_COMPETENCES, NULL);

  return orga_framework_get_competence (index)->name;
}

const char *
orga_cert_area_code (guint area_index)
{
  g_return_val_if_fail (area_index < ORGA_FRAMEWORK_N_AREAS, NULL);

  return orga_framework_get_area (area_index)->code;
}

const char *
orga_cert_area_name (guint area_index)
{
  g_return_val_if_fail (area_index < ORGA_FRAMEWORK_N_AREAS, NULL);

  return orga_framework_get_area (area_index)->title;
}

guint
orga_cert_competence_area (guint index)
{
  g_return_val_if_fail (index < ORGA_CERT_N_COMPETENCES, 0);

  return orga_framework_get_competence (index)->area;
}

gboolean
orga_cert_levels_parse (const char *text,
                        int         levels[ORGA_CERT_N_COMPETENCES])
{
  int parsed[ORGA_CERT_N_COMPETENCES];
  const char *c = text;

  if (text == NULL)
    return FALSE;

  /* Unscored: every competence not certified. */
  if (*text == '\0')
    {
      for (guint i = 0; i < ORGA_CERT_N_COMPETENCES; i++)
        levels[i] = -1;
      return TRUE;
    }

  for (guint i = 0; i < ORGA_CERT_N_COMPETENCES; i++)
    {
      gboolean negative = FALSE;
      int value = 0;
      guint digits = 0;

      if (*c == '-')
        {
          negative = TRUE;
          c++;
        }
      for (; g_ascii_isdigit (*c) && digits < 3; c++, digits++)
        value = value * 10 + (*c - '0');
      if (digits == 0 || (negative && value != 1) || value > ORGA_FRAMEWORK_MAX_DIFFICULTY)
        return FALSE;
      parsed[i] = negative ? -1 : value;

      if (i + 1 < ORGA_CERT_N_COMPETENCES)
        {
          if (*c != ',')
            return FALSE;
          c++;
        }
    }
  if (*c != '\0')
    return FALSE;

  memcpy (levels, parsed, sizeof parsed);
  return TRUE;
}

char *
orga_cert_levels_format (const int levels[ORGA_CERT_N_COMPETENCES])
{
  GString *text = g_string_sized_new (ORGA_CERT_N_COMPETENCES * 3);

  for (guint i = 0; i < ORGA_CERT_N_COMPETENCES; i++)
    {
      int level = CLAMP (levels[i], -1, ORGA_FRAMEWORK_MAX_DIFFICULTY);

      if (i > 0)
        g_string_append_c (text, ',');
      g_string_append_printf (text, "%d", level);
    }
  return g_string_free (text, FALSE);
}

guint
orga_cert_mesh_index (int pix_score)
{
  /* The lower bound of each band (spec §5): 64, 64, then 128 wide. */
  static const int starts[] = { 0, 64, 128, 256, 384, 512, 640, 768, 896 };
  guint index = 0;

  for (guint i = 1; i < G_N_ELEMENTS (starts); i++)
    if (pix_score >= starts[i])
      index = i;
  return index;
}

/* ---- sessions ---------------------------------------------------------- */

static gboolean
is_set (const char *text)
{
  return text != NULL && *text != '\0';
}

OrgaCertSessionStatus
orga_cert_session_status (const char *finalized_at,
                          const char *published_at)
{
  /* Publication implies finalization (docs/certification.md): a
   * published_at alone still reads as published. */
  if (is_set (published_at))
    return ORGA_CERT_SESSION_PUBLISHED;
  if (is_set (finalized_at))
    return ORGA_CERT_SESSION_FINALIZED;
  return ORGA_CERT_SESSION_CREATED;
}

const char *
orga_cert_session_status_label (OrgaCertSessionStatus status)
{
  switch (status)
    {
    case ORGA_CERT_SESSION_CREATED: return "Créée";
    case ORGA_CERT_SESSION_FINALIZED: return "Finalisée";
    case ORGA_CERT_SESSION_PUBLISHED: return "Résultats transmis";
    default: return "Créée";
    }
}

/* A copy of @text without blanks around, "" for NULL. */
static char *
dup_trimmed (const char *text)
{
  return g_strstrip (g_strdup (text != NULL ? text : ""));
}

static gboolean
fail_field (const char  *name,
            const char **field,
            GError     **error,
            const char  *message)
{
  if (field != NULL)
    *field = name;
  g_set_error_literal (error, ORGA_CERT_ERROR, ORGA_CERT_ERROR_INVALID, message);
  return FALSE;
}

/* A real calendar day written YYYY-MM-DD. */
static gboolean
parse_day (const char *text,
           guint      *year,
           guint      *month,
           guint      *day)
{
  static const int at[] = { 0, 1, 2, 3, 5, 6, 8, 9 };

  if (strlen (text) != 10 || text[4] != '-' || text[7] != '-')
    return FALSE;
  for (guint i = 0; i < G_N_ELEMENTS (at); i++)
    if (!g_ascii_isdigit (text[at[i]]))
      return FALSE;

  *year = (guint) g_ascii_strtoull (text, NULL, 10);
  *month = (guint) g_ascii_strtoull (text + 5, NULL, 10);
  *day = (guint) g_ascii_strtoull (text + 8, NULL, 10);
  return *year >= 1 && g_date_valid_dmy (*day, *month, *year);
}

static gboolean
time_is_valid (const char *text)
{
  if (strlen (text) != 5 || text[2] != ':'
      || !g_ascii_isdigit (text[0]) || !g_ascii_isdigit (text[1])
      || !g_ascii_isdigit (text[3]) || !g_ascii_isdigit (text[4]))
    return FALSE;
  return (text[0] - '0') * 10 + (text[1] - '0') <= 23
         && (text[3] - '0') * 10 + (text[4] - '0') <= 59;
}

#define MAX_DESCRIPTION 500

gboolean
orga_cert_session_form_check (const OrgaCertSessionForm  *form,
                              const char                 *today,
                              const char                **field,
                              GError                    **error)
{
  g_autofree char *address = NULL;
  g_autofree char *room = NULL;
  g_autofree char *examiner = NULL;
  g_autofree char *date = NULL;
  g_autofree char *time = NULL;
  g_autofree char *description = NULL;
  guint y, m, d;

  g_return_val_if_fail (form != NULL, FALSE);

  if (field != NULL)
    *field = NULL;

  address = dup_trimmed (form->address);
  room = dup_trimmed (form->room);
  examiner = dup_trimmed (form->examiner);
  date = dup_trimmed (form->date);
  time = dup_trimmed (form->time);
  description = dup_trimmed (form->description);

  if (*address == '\0')
    return fail_field ("address", field, error, "Le nom du site est obligatoire.");
  if (*room == '\0')
    return fail_field ("room", field, error, "Le nom de la salle est obligatoire.");
  if (*examiner == '\0')
    return fail_field ("examiner", field, error, "Le nom du ou des surveillants est obligatoire.");
  if (*date == '\0')
    return fail_field ("date", field, error, "La date de début est obligatoire.");
  if (!parse_day (date, &y, &m, &d))
    return fail_field ("date", field, error,
                       "La date de début n’est pas une date valide (AAAA-MM-JJ).");
  /* Same-width ISO days compare as text. */
  if (today != NULL && strcmp (date, today) < 0)
    return fail_field ("date", field, error, "La date de début est déjà passée.");
  if (*time == '\0')
    return fail_field ("time", field, error, "L’heure de début est obligatoire.");
  if (!time_is_valid (time))
    return fail_field ("time", field, error,
                       "L’heure de début doit être au format HH:MM, entre 00:00 et 23:59.");
  if (!g_utf8_validate (description, -1, NULL)
      || g_utf8_strlen (description, -1) > MAX_DESCRIPTION)
    return fail_field ("description", field, error,
                       "Les observations ne doivent pas dépasser 500 caractères.");

  return TRUE;
}

#define CANDIDATES_PER_SUPERVISOR 20

guint
orga_cert_supervisors_needed (guint n_candidates)
{
  return MAX (1, (n_candidates + CANDIDATES_PER_SUPERVISOR - 1) / CANDIDATES_PER_SUPERVISOR);
}

guint
orga_cert_count_supervisors (const char *examiner)
{
  g_autoptr(GRegex) separators = NULL;
  g_auto(GStrv) names = NULL;
  guint n = 0;

  if (examiner == NULL)
    return 0;

  /* " et " between two names, whatever the case ("Mme Roux ET M. Petit"). */
  separators = g_regex_new ("[,;/\\n\\r]|\\s+et\\s+", G_REGEX_CASELESS, 0, NULL);
  names = g_regex_split (separators, examiner, 0);
  for (guint i = 0; names[i] != NULL; i++)
    {
      g_strstrip (names[i]);
      if (names[i][0] != '\0')
        n++;
    }
  return n;
}

/* ---- report kinds ------------------------------------------------------ */

#define F_SUB  ORGA_CERT_FIELD_SUBCATEGORY
#define F_DESC ORGA_CERT_FIELD_DESCRIPTION
#define F_Q    ORGA_CERT_FIELD_QUESTION

/* The spec's table (§2.5). A category row carries what the category
 * needs; a subcategory row what it adds. */
static const OrgaCertReportKind report_kinds[] = {
  { "CANDIDATE_INFORMATIONS_CHANGES", NULL, "C1-C2", "Modification infos candidat",
    NULL, F_SUB | F_DESC, FALSE, TRUE },
  { "CANDIDATE_INFORMATIONS_CHANGES", "NAME_OR_BIRTHDATE", "C1",
    "Modification des prénom/nom/date de naissance",
    "Renseignez les informations correctes", F_DESC, FALSE, TRUE },
  { "CANDIDATE_INFORMATIONS_CHANGES", "EXTRA_TIME_PERCENTAGE", "C2",
    "Ajout/modification du temps majoré",
    "Précisez le temps majoré", F_DESC, FALSE, TRUE },
  { "SIGNATURE_ISSUE", NULL, "C4",
    "Était présent(e) mais a oublié de signer, ou a signé sur la mauvaise ligne",
    NULL, F_DESC, FALSE, TRUE },
  { "FRAUD", NULL, "C6", "Suspicion de fraude", NULL, 0, FALSE, TRUE },
  { "NON_BLOCKING_TECHNICAL_ISSUE", NULL, "C7", "Incident technique non bloquant",
    NULL, F_DESC, FALSE, TRUE },
  { "NON_BLOCKING_CANDIDATE_ISSUE", NULL, "C8", "Incident lié au candidat non bloquant",
    NULL, F_DESC, FALSE, TRUE },
  { "IN_CHALLENGE", NULL, "E1-E12", "Problème technique sur une question",
    NULL, F_SUB | F_Q, FALSE, FALSE },
  { "IN_CHALLENGE", "IMAGE_NOT_DISPLAYING", "E1", "L'image ne s'affiche pas",
    NULL, F_Q, FALSE, FALSE },
  { "IN_CHALLENGE", "EMBED_NOT_WORKING", "E2", "Le simulateur/l'application ne s'affiche pas",
    NULL, F_Q, FALSE, FALSE },
  { "IN_CHALLENGE", "FILE_NOT_OPENING", "E3",
    "Le fichier à télécharger ne se télécharge pas ou ne s'ouvre pas", NULL, F_Q, FALSE, FALSE },
  { "IN_CHALLENGE", "WEBSITE_UNAVAILABLE", "E4",
    "Le site à visiter est indisponible/en maintenance/inaccessible", NULL, F_Q, FALSE, FALSE },
  { "IN_CHALLENGE", "WEBSITE_BLOCKED", "E5",
    "Le site est bloqué par les restrictions réseau de l'établissement (réseaux sociaux par ex.)",
    NULL, F_Q, FALSE, FALSE },
  { "IN_CHALLENGE", "EXTRA_TIME_EXCEEDED", "E8",
    "Le candidat bénéficie d'un temps majoré et n'a pas pu répondre à la question dans le temps imparti",
    NULL, F_Q, FALSE, FALSE },
  { "IN_CHALLENGE", "SOFTWARE_NOT_WORKING", "E9",
    "Le logiciel installé sur l'ordinateur n'a pas fonctionné", NULL, F_Q, FALSE, FALSE },
  { "IN_CHALLENGE", "UNINTENTIONAL_FOCUS_OUT", "E10",
    "Le candidat a été contraint de cliquer en dehors du cadre autorisé pour une question en mode focus",
    NULL, F_Q, FALSE, FALSE },
  { "IN_CHALLENGE", "SKIP_ON_OOPS", "E11",
    "Une page « Oups une erreur est survenue » ou tout autre problème technique lié à la plateforme a empêché le candidat de répondre à la question",
    NULL, F_Q, FALSE, FALSE },
  { "IN_CHALLENGE", "ACCESSIBILITY_ISSUE", "E12",
    "Problème avec l'accessibilité de la question (ex : daltonisme)", NULL, F_Q, FALSE, FALSE },

  /* Deprecated: refused on creation, read in old data. The spec gives
   * only some of their labels; the others are ours. */
  { "TECHNICAL_PROBLEM", NULL, "A1", "Problème technique non bloquant",
    NULL, F_DESC, TRUE, FALSE },
  { "OTHER", NULL, "A2", "Autre incident", NULL, F_DESC, TRUE, FALSE },
  { "LATE_OR_LEAVING", NULL, "C3-C4", "Retard, absence ou départ",
    NULL, F_SUB | F_DESC, TRUE, FALSE },
  { "LATE_OR_LEAVING", "LEFT_EXAM_ROOM", "C3",
    "A quitté la salle d'examen sans l'accord du surveillant", NULL, F_DESC, TRUE, FALSE },
  { "CONNECTION_OR_END_SCREEN", NULL, "C5", "Écran de fin de test non vu",
    NULL, 0, TRUE, FALSE },
  { "IN_CHALLENGE", "LINK_NOT_WORKING", "E6", "Le lien ne fonctionne pas",
    NULL, F_Q, TRUE, FALSE },
  { "IN_CHALLENGE", "OTHER", "E7", "Autre problème sur une question",
    NULL, F_Q, TRUE, FALSE },
};

const OrgaCertReportKind *
orga_cert_report_kinds (guint *n)
{
  if (n != NULL)
    *n = G_N_ELEMENTS (report_kinds);
  return report_kinds;
}

const OrgaCertReportKind *
orga_cert_report_kind_lookup (const char *category,
                              const char *subcategory)
{
  if (category == NULL)
    return NULL;

  for (guint i = 0; i < G_N_ELEMENTS (report_kinds); i++)
    {
      const OrgaCertReportKind *kind = &report_kinds[i];

      if (strcmp (kind->category, category) == 0
          && g_strcmp0 (kind->subcategory, subcategory) == 0)
        return kind;
    }
  return NULL;
}

#define MAX_QUESTION 500

gboolean
orga_cert_report_check (const OrgaCertReport *report,
                        GError              **error)
{
  const OrgaCertReportKind *category;
  const OrgaCertReportKind *kind;
  OrgaCertReportFields required;
  const char *subcategory;

  g_return_val_if_fail (report != NULL, FALSE);

  category = orga_cert_report_kind_lookup (report->category, NULL);
  if (category == NULL)
    {
      g_set_error_literal (error, ORGA_CERT_ERROR, ORGA_CERT_ERROR_INVALID,
                           "La catégorie du signalement est inconnue.");
      return FALSE;
    }
  if (category->deprecated)
    {
      g_set_error (error, ORGA_CERT_ERROR, ORGA_CERT_ERROR_INVALID,
                   "La catégorie « %s » (%s) n’est plus acceptée.",
                   category->label, category->code);
      return FALSE;
    }

  subcategory = is_set (report->subcategory) ? report->subcategory : NULL;
  kind = category;
  if (category->required & ORGA_CERT_FIELD_SUBCATEGORY)
    {
      if (subcategory == NULL)
        {
          g_set_error (error, ORGA_CERT_ERROR, ORGA_CERT_ERROR_INVALID,
                       "La sous-catégorie du signalement « %s » est obligatoire.",
                       category->label);
          return FALSE;
        }
      kind = orga_cert_report_kind_lookup (report->category, subcategory);
      if (kind == NULL)
        {
          g_set_error (error, ORGA_CERT_ERROR, ORGA_CERT_ERROR_INVALID,
                       "La sous-catégorie du signalement « %s » est inconnue.",
                       category->label);
          return FALSE;
        }
      if (kind->deprecated)
        {
          g_set_error (error, ORGA_CERT_ERROR, ORGA_CERT_ERROR_INVALID,
                       "La sous-catégorie « %s » (%s) n’est plus acceptée.",
                       kind->label, kind->code);
          return FALSE;
        }
    }
  else if (subcategory != NULL)
    {
      g_set_error (error, ORGA_CERT_ERROR, ORGA_CERT_ERROR_INVALID,
                   "Le signalement « %s » n’a pas de sous-catégorie.", category->label);
      return FALSE;
    }

  required = category->required | kind->required;
  if (required & ORGA_CERT_FIELD_DESCRIPTION)
    {
      g_autofree char *description = dup_trimmed (report->description);

      if (*description == '\0')
        {
          g_set_error (error, ORGA_CERT_ERROR, ORGA_CERT_ERROR_INVALID,
                       "La description du signalement « %s » est obligatoire.", kind->label);
          return FALSE;
        }
    }
  if ((required & ORGA_CERT_FIELD_QUESTION)
      && (report->question_number < 1 || report->question_number > MAX_QUESTION))
    {
      g_set_error (error, ORGA_CERT_ERROR, ORGA_CERT_ERROR_INVALID,
                   "Le numéro de la question du signalement « %s » doit être compris entre 1 et 500.",
                   kind->label);
      return FALSE;
    }

  return TRUE;
}

/* ---- finalization ------------------------------------------------------ */

#define MAX_GLOBAL_COMMENT 500

static const char *
candidate_of (const OrgaCertCourseReport *course)
{
  return is_set (course->candidate_name) ? course->candidate_name : "un candidat";
}

static gboolean
is_abort_reason (const char *reason)
{
  return g_strcmp0 (reason, "candidate") == 0 || g_strcmp0 (reason, "technical") == 0;
}

gboolean
orga_cert_finalization_check (const OrgaCertFinalization *finalization,
                              GError                    **error)
{
  const char *comment;

  g_return_val_if_fail (finalization != NULL, FALSE);

  if (finalization->already_finalized)
    {
      g_set_error_literal (error, ORGA_CERT_ERROR, ORGA_CERT_ERROR_REFUSED,
                           "La session a déjà été finalisée.");
      return FALSE;
    }
  if (finalization->n_courses == 0 || finalization->courses == NULL)
    {
      g_set_error_literal (error, ORGA_CERT_ERROR, ORGA_CERT_ERROR_REFUSED,
                           "Aucune certification n’a été démarrée dans cette session : "
                           "elle ne peut pas être finalisée.");
      return FALSE;
    }

  for (guint i = 0; i < finalization->n_courses; i++)
    {
      const OrgaCertCourseReport *course = &finalization->courses[i];

      if (course->is_completed)
        continue;
      if (!is_set (course->abort_reason))
        {
          g_set_error (error, ORGA_CERT_ERROR, ORGA_CERT_ERROR_INVALID,
                       "La raison de l’abandon de %s est obligatoire : "
                       "son test n’est pas terminé.", candidate_of (course));
          return FALSE;
        }
      if (!is_abort_reason (course->abort_reason))
        {
          g_set_error (error, ORGA_CERT_ERROR, ORGA_CERT_ERROR_INVALID,
                       "La raison de l’abandon de %s est inconnue.", candidate_of (course));
          return FALSE;
        }
    }

  for (guint i = 0; i < finalization->n_courses; i++)
    {
      const OrgaCertCourseReport *course = &finalization->courses[i];

      if (course->is_completed && is_set (course->abort_reason))
        {
          g_set_error (error, ORGA_CERT_ERROR, ORGA_CERT_ERROR_INVALID,
                       "%s a terminé son test : il ne peut pas y avoir de raison de l’abandon.",
                       candidate_of (course));
          return FALSE;
        }
    }

  for (guint i = 0; i < finalization->n_courses; i++)
    {
      const OrgaCertCourseReport *course = &finalization->courses[i];

      for (guint j = 0; j < course->n_reports && course->reports != NULL; j++)
        {
          g_autoptr(GError) local = NULL;

          if (!orga_cert_report_check (&course->reports[j], &local))
            {
              g_set_error (error, ORGA_CERT_ERROR, ORGA_CERT_ERROR_INVALID,
                           "Signalement de %s : %s", candidate_of (course), local->message);
              return FALSE;
            }
        }
    }

  comment = finalization->examiner_global_comment;
  if (comment != NULL
      && (!g_utf8_validate (comment, -1, NULL) || g_utf8_strlen (comment, -1) > MAX_GLOBAL_COMMENT))
    {
      g_set_error_literal (error, ORGA_CERT_ERROR, ORGA_CERT_ERROR_INVALID,
                           "Le commentaire global de la session ne doit pas dépasser 500 caractères.");
      return FALSE;
    }

  return TRUE;
}

/* ---- scoring and jury (docs/certification.md) -------------------------- */

/* The automatic comments, for the organisation. The first is Pix's older
 * automatic text (spec §3.1); the others are ours. */
#define COMMENT_INSUFFICIENT_CORRECT_ANSWERS \
  "Le candidat a répondu faux à plus de 50% des questions posées, cela a invalidé " \
  "l'ensemble de sa certification, et a donc entraîné un score de 0 pix"
#define COMMENT_FRAUD \
  "Une suspicion de fraude a été signalée sur le PV d’incident : " \
  "la certification du candidat est annulée."
#define COMMENT_CANCELLED_TECHNICAL \
  "Un problème technique a empêché le candidat de répondre à la moitié des questions : " \
  "la certification est annulée, le candidat peut la repasser."
#define COMMENT_LACK_OF_ANSWERS \
  "Le candidat n’a pas répondu à au moins la moitié des questions posées : " \
  "sa certification est rejetée, avec un score de 0 pix."

/* A right answer adds a pix inside its level's band (8 pix): the level
 * read back from the pix is the certified one. */
#define PIX_PER_RIGHT_ANSWER 1

static void
score_reset (OrgaCertScore *out,
             const char    *status,
             const char    *comment)
{
  g_free (out->status);
  g_free (out->jury_comment);
  out->status = g_strdup (status);
  out->jury_comment = g_strdup (comment);
  out->pix_score = 0;
  for (guint i = 0; i < ORGA_CERT_N_COMPETENCES; i++)
    out->levels[i] = -1;
}

void
orga_cert_score (const OrgaCertAnswer *answers,
                 guint                 n_answers,
                 const int             profile_levels[ORGA_CERT_N_COMPETENCES],
                 gboolean              completed,
                 OrgaCertScore        *out)
{
  guint asked[ORGA_CERT_N_COMPETENCES] = { 0 };
  guint right[ORGA_CERT_N_COMPETENCES] = { 0 };
  int highest_skill[ORGA_CERT_N_COMPETENCES] = { 0 };
  guint n_right = 0;
  guint n_counted = 0;
  guint planned = 0;
  int total = 0;

  g_return_if_fail (out != NULL);

  memset (out, 0, sizeof *out);

  for (guint i = 0; i < n_answers && answers != NULL; i++)
    {
      const OrgaCertAnswer *answer = &answers[i];

      /* An answer to no competence counts against the rate, nowhere else. */
      n_counted++;
      if (answer->competence >= ORGA_CERT_N_COMPETENCES)
        continue;
      asked[answer->competence]++;
      highest_skill[answer->competence] = MAX (highest_skill[answer->competence],
                                               CLAMP (answer->skill_level, 0,
                                                      ORGA_FRAMEWORK_MAX_DIFFICULTY));
      if (answer->ok)
        {
          right[answer->competence]++;
          n_right++;
        }
    }

  /* An unfinished test: the questions it never asked count as wrong. The
   * test asks ORGA_CERT_QUESTIONS_PER_COMPETENCE questions in every
   * competence the profile puts at level 1 or more. */
  if (!completed && profile_levels != NULL)
    {
      for (guint c = 0; c < ORGA_CERT_N_COMPETENCES; c++)
        if (profile_levels[c] >= 1)
          planned += ORGA_CERT_QUESTIONS_PER_COMPETENCE;
      n_counted = MAX (n_counted, planned);
    }

  /* Under 50 % right (MINIMUM_REPRODUCTIBILITY_RATE): nothing certified. */
  if (n_counted == 0 || n_right * 2 < n_counted)
    {
      score_reset (out, "rejected", COMMENT_INSUFFICIENT_CORRECT_ANSWERS);
      return;
    }

  out->status = g_strdup ("validated");
  for (guint c = 0; c < ORGA_CERT_N_COMPETENCES; c++)
    {
      int reference;
      int level;

      out->levels[c] = -1;
      if (asked[c] == 0)
        continue;

      /* The profile's level, or for a competence the profile did not
       * position the highest skill asked in it. */
      reference = profile_levels != NULL && profile_levels[c] >= 1
                  ? profile_levels[c] : highest_skill[c];
      reference = MIN (reference, ORGA_CERT_MAX_REACHABLE_LEVEL);

      if (right[c] >= 2)
        level = reference;
      else if (right[c] == 1)
        level = MAX (reference - 1, 0);
      else
        level = -1;
      out->levels[c] = level;

      if (level >= 1)
        total += level * ORGA_CERT_PIX_BY_LEVEL + (int) right[c] * PIX_PER_RIGHT_ANSWER;
    }
  out->pix_score = MIN (total, ORGA_CERT_MAX_REACHABLE_SCORE);
}

void
orga_cert_score_clear (OrgaCertScore *score)
{
  if (score == NULL)
    return;
  g_clear_pointer (&score->status, g_free);
  g_clear_pointer (&score->jury_comment, g_free);
}

void
orga_cert_apply_jury (OrgaCertScore        *score,
                      guint                 n_answered,
                      guint                 n_asked,
                      const char           *abort_reason,
                      const OrgaCertReport *reports,
                      guint                 n_reports)
{
  g_return_if_fail (score != NULL);

  for (guint i = 0; i < n_reports && reports != NULL; i++)
    if (g_strcmp0 (reports[i].category, "FRAUD") == 0)
      {
        score_reset (score, "cancelled", COMMENT_FRAUD);
        return;
      }

  if (n_asked == 0 || n_answered * 2 >= n_asked)
    return;

  if (g_strcmp0 (abort_reason, "technical") == 0)
    score_reset (score, "cancelled", COMMENT_CANCELLED_TECHNICAL);
  else if (g_strcmp0 (abort_reason, "candidate") == 0)
    score_reset (score, "rejected", COMMENT_LACK_OF_ANSWERS);
}

/* ---- result statuses --------------------------------------------------- */

static const struct
{
  const char *value;
  const char *csv_label;
} statuses[] = {
  [ORGA_CERT_STATUS_STARTED] = { "started", "Démarrée" },
  [ORGA_CERT_STATUS_VALIDATED] = { "validated", "Validée" },
  [ORGA_CERT_STATUS_REJECTED] = { "rejected", "Rejetée" },
  [ORGA_CERT_STATUS_CANCELLED] = { "cancelled", "Annulée" },
  [ORGA_CERT_STATUS_ERROR] = { "error", "En erreur" },
};

OrgaCertStatus
orga_cert_status_from_string (const char *text)
{
  for (guint i = 0; i < G_N_ELEMENTS (statuses); i++)
    if (g_strcmp0 (statuses[i].value, text) == 0)
      return (OrgaCertStatus) i;
  return ORGA_CERT_STATUS_ERROR;
}

const char *
orga_cert_status_to_string (OrgaCertStatus status)
{
  if ((guint) status >= G_N_ELEMENTS (statuses))
    status = ORGA_CERT_STATUS_ERROR;
  return statuses[status].value;
}

const char *
orga_cert_status_csv_label (OrgaCertStatus status)
{
  if ((guint) status >= G_N_ELEMENTS (statuses))
    status = ORGA_CERT_STATUS_ERROR;
  return statuses[status].csv_label;
}
