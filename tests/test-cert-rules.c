/* test-cert-rules.c: the certification's pure rules (orga-cert.c)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "orga-cert.h"
#include "orga-framework.h"
#include "orga-test-util.h"

#define DRAWS 2000

/* ---- codes ------------------------------------------------------------- */

static void
assert_matches (const char *pattern,
                const char *text)
{
  g_assert_true (g_regex_match_simple (pattern, text, 0, 0));
}

/* Every character of @alphabet comes out over the draws, and nothing else. */
static void
assert_covers (const GString *seen,
               const char    *alphabet)
{
  for (const char *c = alphabet; *c != '\0'; c++)
    g_assert_nonnull (strchr (seen->str, *c));
  for (const char *c = seen->str; *c != '\0'; c++)
    g_assert_nonnull (strchr (alphabet, *c));
}

static void
remember (GString    *seen,
          const char *text)
{
  for (const char *c = text; *c != '\0'; c++)
    if (strchr (seen->str, *c) == NULL)
      g_string_append_c (seen, *c);
}

static void
test_codes_generated (void)
{
  g_autoptr(GString) letters = g_string_new (NULL);
  g_autoptr(GString) digits = g_string_new (NULL);
  g_autoptr(GString) password_chars = g_string_new (NULL);
  g_autoptr(GString) verification_chars = g_string_new (NULL);
  g_autoptr(GHashTable) distinct = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  g_random_set_seed (12);
  for (guint i = 0; i < DRAWS; i++)
    {
      g_autofree char *access = orga_cert_generate_access_code ();
      g_autofree char *password = orga_cert_generate_supervisor_password ();
      g_autofree char *verification = orga_cert_generate_verification_code ();
      g_autofree char *access_letters = g_strndup (access, 4);

      assert_matches ("^[BCDFGHJKMPQRTVWXY]{4}[2346789]{2}$", access);
      assert_matches ("^[2346789BCDFGHJKMPQRTVWXY]{5}$", password);
      assert_matches ("^P-[2346789BCDFGHJKMPQRTVWXY]{8}$", verification);
      g_assert_true (orga_cert_access_code_is_valid (access));
      g_assert_true (orga_cert_supervisor_password_is_valid (password));
      g_assert_true (orga_cert_verification_code_is_valid (verification));

      remember (letters, access_letters);
      remember (digits, access + 4);
      remember (password_chars, password);
      remember (verification_chars, verification + 2);
      g_hash_table_add (distinct, g_steal_pointer (&verification));
    }

  assert_covers (letters, ORGA_CERT_CODE_LETTERS);
  assert_covers (digits, ORGA_CERT_CODE_DIGITS);
  assert_covers (password_chars, ORGA_CERT_CODE_CHARS);
  assert_covers (verification_chars, ORGA_CERT_CODE_CHARS);
  /* 24^8 codes: 2,000 draws never repeat one. */
  g_assert_cmpuint (g_hash_table_size (distinct), ==, DRAWS);
}

static void
test_codes_alphabets (void)
{
  /* No 0, 1, 5, vowel, L, N, S, Z: nothing a pupil misreads. */
  for (const char *c = "015AEIOULNSZ"; *c != '\0'; c++)
    g_assert_null (strchr (ORGA_CERT_CODE_CHARS, *c));
  g_assert_cmpuint (strlen (ORGA_CERT_CODE_LETTERS), ==, 17);
  g_assert_cmpuint (strlen (ORGA_CERT_CODE_DIGITS), ==, 7);
  g_assert_cmpuint (strlen (ORGA_CERT_CODE_CHARS), ==, 24);
}

static void
test_codes_validation (void)
{
  static const char * const bad_access[] = {
    "", "BCDF2", "BCDF234", "BCD234", "BCDFG2", "bcdf23", "ACDF23", "BCDF25",
    "BCDF 3", "23BCDF", "BCDF23\n",
  };
  static const char * const bad_passwords[] = {
    "", "C7KQ", "C7KQ22", "c7kq2", "C7KQ0", "C7KQA", "C-7KQ", " C7KQ",
  };
  static const char * const bad_verifications[] = {
    "", "P-", "P-BBBCCCD", "P-BBBCCCDDD", "PBBBCCCDD", "Q-BBBCCCDD", "P_BBBCCCDD",
    "P-BBBC CDD", "P-BBBCCC-D", "P-BBBCCCDÉ",
  };

  g_assert_true (orga_cert_access_code_is_valid ("BCDF23"));
  g_assert_true (orga_cert_access_code_is_valid ("YYYY99"));
  g_assert_false (orga_cert_access_code_is_valid (NULL));
  for (guint i = 0; i < G_N_ELEMENTS (bad_access); i++)
    g_assert_false (orga_cert_access_code_is_valid (bad_access[i]));

  g_assert_true (orga_cert_supervisor_password_is_valid ("C7KQ2"));
  g_assert_false (orga_cert_supervisor_password_is_valid (NULL));
  for (guint i = 0; i < G_N_ELEMENTS (bad_passwords); i++)
    g_assert_false (orga_cert_supervisor_password_is_valid (bad_passwords[i]));

  g_assert_true (orga_cert_verification_code_is_valid ("P-BBBCCCDD"));
  /* What a person types: any letter or digit, any case (the API's rule). */
  g_assert_true (orga_cert_verification_code_is_valid ("P-abcd0155"));
  g_assert_false (orga_cert_verification_code_is_valid (NULL));
  for (guint i = 0; i < G_N_ELEMENTS (bad_verifications); i++)
    g_assert_false (orga_cert_verification_code_is_valid (bad_verifications[i]));
}

static void
assert_normalized (const char *typed,
                   const char *expected)
{
  g_autofree char *code = orga_cert_verification_code_normalize (typed);

  g_assert_cmpstr (code, ==, expected);
}

static void
test_codes_normalize (void)
{
  assert_normalized ("P-BBBCCCDD", "P-BBBCCCDD");
  assert_normalized ("  p-bbbcccdd\n", "P-BBBCCCDD");
  assert_normalized ("bbbcccdd", "P-BBBCCCDD");
  assert_normalized (" Y468acde ", "P-Y468ACDE");
  assert_normalized ("pY468ACDE", "P-Y468ACDE");
  assert_normalized ("QY468ACDE", NULL);
  assert_normalized ("P-Y468", NULL);
  assert_normalized ("P-BBBCCC", NULL);
  assert_normalized ("BBBCCCD", NULL);
  assert_normalized ("P-BBBCCC!D", NULL);
  assert_normalized ("X-BBBCCCDD", NULL);
  assert_normalized ("", NULL);
  assert_normalized (NULL, NULL);
}

/* ---- competences and levels ------------------------------------------- */

static void
test_competences (void)
{
  static const char * const codes[] = {
    "1.1", "1.2", "1.3", "2.1", "2.2", "2.3", "2.4", "3.1",
    "3.2", "3.3", "3.4", "4.1", "4.2", "4.3", "5.1", "5.2",
  };

  for (guint c = 0; c < ORGA_CERT_N_COMPETENCES; c++)
    {
      const OrgaCompetence *competence = orga_framework_get_competence (c);
      guint area = orga_cert_competence_area (c);

      g_assert_cmpstr (orga_cert_competence_code (c), ==, codes[c]);
      /* The framework's own strings, not a copy. */
      g_assert_true (orga_cert_competence_name (c) == competence->name);
      g_assert_cmpuint (area, ==, (guint) (codes[c][0] - '1'));
      g_assert_true (g_str_has_prefix (codes[c], orga_cert_area_code (area)));
    }
  g_assert_cmpstr (orga_cert_competence_name (0), ==, orga_framework_get_competence (0)->name);
  for (guint a = 0; a < ORGA_FRAMEWORK_N_AREAS; a++)
    {
      char code[2] = { (char) ('1' + a), '\0' };

      g_assert_cmpstr (orga_cert_area_code (a), ==, code);
      g_assert_true (orga_cert_area_name (a) == orga_framework_get_area (a)->title);
    }
}

static void
test_levels_text (void)
{
  static const int levels[ORGA_CERT_N_COMPETENCES] = {
    0, 1, 5, -1, -1, 7, 8, 2, 3, 4, 6, -1, 0, 0, 1, 2
  };
  static const char * const bad[] = {
    "0,1,5,-1,-1,7,8,2,3,4,6,-1,0,0,1",          /* 15 */
    "0,1,5,-1,-1,7,8,2,3,4,6,-1,0,0,1,2,3",      /* 17 */
    "0,1,5,-1,-1,7,8,2,3,4,6,-1,0,0,1,2,",
    "0,1,5,-2,-1,7,8,2,3,4,6,-1,0,0,1,2",
    "0,1,5,-1,-1,7,9,2,3,4,6,-1,0,0,1,2",
    "0,1,5,-1,-1,7,8,2,3,4,6,-1,0,0,1,a",
    "0, 1,5,-1,-1,7,8,2,3,4,6,-1,0,0,1,2",
    "-,1,5,-1,-1,7,8,2,3,4,6,-1,0,0,1,2",
    "-0,1,5,-1,-1,7,8,2,3,4,6,-1,0,0,1,2",
    "0001,1,5,-1,-1,7,8,2,3,4,6,-1,0,0,1,2",
    " ",
  };
  int parsed[ORGA_CERT_N_COMPETENCES];
  int untouched[ORGA_CERT_N_COMPETENCES];
  g_autofree char *text = orga_cert_levels_format (levels);

  g_assert_cmpstr (text, ==, "0,1,5,-1,-1,7,8,2,3,4,6,-1,0,0,1,2");
  g_assert_true (orga_cert_levels_parse (text, parsed));
  g_assert_cmpmem (parsed, sizeof parsed, levels, sizeof levels);

  /* Unscored: all not certified. */
  g_assert_true (orga_cert_levels_parse ("", parsed));
  for (guint c = 0; c < ORGA_CERT_N_COMPETENCES; c++)
    g_assert_cmpint (parsed[c], ==, -1);

  /* Bad text changes nothing. */
  memcpy (untouched, parsed, sizeof parsed);
  g_assert_false (orga_cert_levels_parse (NULL, parsed));
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_assert_false (orga_cert_levels_parse (bad[i], parsed));
      g_assert_cmpmem (parsed, sizeof parsed, untouched, sizeof untouched);
    }
}

static void
test_mesh (void)
{
  static const struct { int score; guint index; } cases[] = {
    { -10, 0 }, { 0, 0 }, { 63, 0 }, { 64, 1 }, { 127, 1 }, { 128, 2 },
    { 255, 2 }, { 256, 3 }, { 383, 3 }, { 384, 4 }, { 511, 4 }, { 512, 5 },
    { 639, 5 }, { 640, 6 }, { 767, 6 }, { 768, 7 }, { 895, 7 }, { 896, 8 },
    { 1023, 8 }, { 5000, 8 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    g_assert_cmpuint (orga_cert_mesh_index (cases[i].score), ==, cases[i].index);
  g_assert_cmpuint (orga_cert_mesh_index (ORGA_CERT_MAX_REACHABLE_SCORE), ==, 7);
}

/* ---- sessions ---------------------------------------------------------- */

static void
test_session_status (void)
{
  g_assert_cmpint (orga_cert_session_status (NULL, NULL), ==, ORGA_CERT_SESSION_CREATED);
  g_assert_cmpint (orga_cert_session_status ("", ""), ==, ORGA_CERT_SESSION_CREATED);
  g_assert_cmpint (orga_cert_session_status ("2026-12-02T10:00:00Z", NULL), ==,
                   ORGA_CERT_SESSION_FINALIZED);
  g_assert_cmpint (orga_cert_session_status ("2026-12-02T10:00:00Z", ""), ==,
                   ORGA_CERT_SESSION_FINALIZED);
  g_assert_cmpint (orga_cert_session_status ("2026-12-02T10:00:00Z", "2026-12-02T10:00:00Z"), ==,
                   ORGA_CERT_SESSION_PUBLISHED);
  g_assert_cmpint (orga_cert_session_status (NULL, "2026-12-02T10:00:00Z"), ==,
                   ORGA_CERT_SESSION_PUBLISHED);

  g_assert_cmpstr (orga_cert_session_status_label (ORGA_CERT_SESSION_CREATED), ==, "Créée");
  g_assert_cmpstr (orga_cert_session_status_label (ORGA_CERT_SESSION_FINALIZED), ==, "Finalisée");
  g_assert_cmpstr (orga_cert_session_status_label (ORGA_CERT_SESSION_PUBLISHED), ==,
                   "Résultats transmis");
}

static OrgaCertSessionForm
valid_form (void)
{
  return (OrgaCertSessionForm) {
    .address = "Collège Jean Moulin",
    .room = "Salle informatique B12",
    .examiner = "Mme Roux, M. Petit",
    .date = "2026-12-15",
    .time = "09:30",
    .description = NULL,
  };
}

static void
assert_form_fails (const OrgaCertSessionForm *form,
                   const char                *today,
                   const char                *field,
                   const char                *message)
{
  g_autoptr(GError) error = NULL;
  const char *failing = "unset";

  g_assert_false (orga_cert_session_form_check (form, today, &failing, &error));
  g_assert_error (error, ORGA_CERT_ERROR, ORGA_CERT_ERROR_INVALID);
  g_assert_cmpstr (error->message, ==, message);
  g_assert_cmpstr (failing, ==, field);
}

static void
assert_form_passes (const OrgaCertSessionForm *form,
                    const char                *today)
{
  g_autoptr(GError) error = NULL;
  const char *failing = "unset";

  g_assert_true (orga_cert_session_form_check (form, today, &failing, &error));
  g_assert_no_error (error);
  g_assert_null (failing);
}

static void
test_session_form (void)
{
  OrgaCertSessionForm form = valid_form ();
  g_autoptr(GString) long_text = g_string_new (NULL);

  assert_form_passes (&form, NULL);
  assert_form_passes (&form, "2026-12-02");
  /* The day itself is not past. */
  assert_form_passes (&form, "2026-12-15");
  g_assert_true (orga_cert_session_form_check (&form, NULL, NULL, NULL));

  form.address = NULL;
  assert_form_fails (&form, NULL, "address", "Le nom du site est obligatoire.");
  form.address = " \t ";
  assert_form_fails (&form, NULL, "address", "Le nom du site est obligatoire.");
  form = valid_form ();
  form.room = "";
  assert_form_fails (&form, NULL, "room", "Le nom de la salle est obligatoire.");
  form = valid_form ();
  form.examiner = "\n";
  assert_form_fails (&form, NULL, "examiner", "Le nom du ou des surveillants est obligatoire.");

  form = valid_form ();
  form.date = NULL;
  assert_form_fails (&form, NULL, "date", "La date de début est obligatoire.");
  {
    static const char * const bad_dates[] = {
      "15/12/2026", "2026-2-03", "2026-02-30", "2023-02-29", "2026-13-01", "2026-00-10",
      "2026-12-00", "0000-01-01", "2026-12-1a", "2026-12-155", "demain",
    };

    for (guint i = 0; i < G_N_ELEMENTS (bad_dates); i++)
      {
        form.date = bad_dates[i];
        assert_form_fails (&form, NULL, "date",
                           "La date de début n’est pas une date valide (AAAA-MM-JJ).");
      }
  }
  form.date = "2024-02-29";
  assert_form_passes (&form, NULL);
  form.date = "2026-12-01";
  assert_form_fails (&form, "2026-12-02", "date", "La date de début est déjà passée.");
  assert_form_passes (&form, NULL);
  form.date = " 2026-12-15 ";
  assert_form_passes (&form, "2026-12-02");

  form = valid_form ();
  form.time = "  ";
  assert_form_fails (&form, NULL, "time", "L’heure de début est obligatoire.");
  {
    static const char * const bad_times[] = {
      "24:00", "9:30", "09:60", "09h30", "0930", "09:30:00", "-1:30", "ab:cd",
    };
    static const char * const good_times[] = { "00:00", "23:59", "12:00", " 08:05 " };

    for (guint i = 0; i < G_N_ELEMENTS (bad_times); i++)
      {
        form.time = bad_times[i];
        assert_form_fails (&form, NULL, "time",
                           "L’heure de début doit être au format HH:MM, entre 00:00 et 23:59.");
      }
    for (guint i = 0; i < G_N_ELEMENTS (good_times); i++)
      {
        form.time = good_times[i];
        assert_form_passes (&form, NULL);
      }
  }

  /* 500 characters (1,000 bytes) pass, 501 do not. */
  form = valid_form ();
  for (guint i = 0; i < 500; i++)
    g_string_append (long_text, "é");
  form.description = long_text->str;
  assert_form_passes (&form, NULL);
  g_string_append_c (long_text, 'x');
  form.description = long_text->str;
  assert_form_fails (&form, NULL, "description",
                     "Les observations ne doivent pas dépasser 500 caractères.");
  /* Blanks around do not count. */
  g_string_truncate (long_text, 1000);
  g_string_append (long_text, "   \n");
  form.description = long_text->str;
  assert_form_passes (&form, NULL);

  /* The first failing field is the one named. */
  form = valid_form ();
  form.room = NULL;
  form.time = "25:00";
  assert_form_fails (&form, NULL, "room", "Le nom de la salle est obligatoire.");
}

static void
test_supervisors (void)
{
  static const struct { guint candidates; guint needed; } needed[] = {
    { 0, 1 }, { 1, 1 }, { 19, 1 }, { 20, 1 }, { 21, 2 }, { 40, 2 }, { 41, 3 }, { 300, 15 },
  };
  static const struct { const char *examiner; guint n; } counted[] = {
    { NULL, 0 },
    { "", 0 },
    { " , ; / \n", 0 },
    { "Mme Roux", 1 },
    { "Bernadette Lefèvre", 1 },           /* "et" inside a name */
    { "Mme Roux, M. Petit", 2 },
    { "Mme Roux ET M. Petit", 2 },
    { "Mme Roux et M. Petit et Mme Blanc", 3 },
    { "Mme Roux, M. Petit; Mme Leroy / M. Durand et Mme Blanc\nM. Noir", 6 },
    { "Mme Roux,,\r\n\r\nM. Petit", 2 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (needed); i++)
    g_assert_cmpuint (orga_cert_supervisors_needed (needed[i].candidates), ==, needed[i].needed);
  for (guint i = 0; i < G_N_ELEMENTS (counted); i++)
    g_assert_cmpuint (orga_cert_count_supervisors (counted[i].examiner), ==, counted[i].n);
}

/* ---- report kinds ------------------------------------------------------ */

typedef struct
{
  const char *category;
  const char *subcategory;
  const char *code;
  const char *label;
  OrgaCertReportFields required;
  gboolean deprecated;
  gboolean v3;
} ExpectedKind;

/* The spec's table (§2.5), written again from it. */
static const ExpectedKind expected_kinds[] = {
  { "CANDIDATE_INFORMATIONS_CHANGES", NULL, "C1-C2", "Modification infos candidat",
    ORGA_CERT_FIELD_SUBCATEGORY | ORGA_CERT_FIELD_DESCRIPTION, FALSE, TRUE },
  { "CANDIDATE_INFORMATIONS_CHANGES", "NAME_OR_BIRTHDATE", "C1",
    "Modification des prénom/nom/date de naissance", ORGA_CERT_FIELD_DESCRIPTION, FALSE, TRUE },
  { "CANDIDATE_INFORMATIONS_CHANGES", "EXTRA_TIME_PERCENTAGE", "C2",
    "Ajout/modification du temps majoré", ORGA_CERT_FIELD_DESCRIPTION, FALSE, TRUE },
  { "SIGNATURE_ISSUE", NULL, "C4",
    "Était présent(e) mais a oublié de signer, ou a signé sur la mauvaise ligne",
    ORGA_CERT_FIELD_DESCRIPTION, FALSE, TRUE },
  { "FRAUD", NULL, "C6", "Suspicion de fraude", ORGA_CERT_FIELD_NONE, FALSE, TRUE },
  { "NON_BLOCKING_TECHNICAL_ISSUE", NULL, "C7", "Incident technique non bloquant",
    ORGA_CERT_FIELD_DESCRIPTION, FALSE, TRUE },
  { "NON_BLOCKING_CANDIDATE_ISSUE", NULL, "C8", "Incident lié au candidat non bloquant",
    ORGA_CERT_FIELD_DESCRIPTION, FALSE, TRUE },
  { "IN_CHALLENGE", NULL, "E1-E12", "Problème technique sur une question",
    ORGA_CERT_FIELD_SUBCATEGORY | ORGA_CERT_FIELD_QUESTION, FALSE, FALSE },
  { "IN_CHALLENGE", "IMAGE_NOT_DISPLAYING", "E1", "L'image ne s'affiche pas",
    ORGA_CERT_FIELD_QUESTION, FALSE, FALSE },
  { "IN_CHALLENGE", "EMBED_NOT_WORKING", "E2", "Le simulateur/l'application ne s'affiche pas",
    ORGA_CERT_FIELD_QUESTION, FALSE, FALSE },
  { "IN_CHALLENGE", "FILE_NOT_OPENING", "E3",
    "Le fichier à télécharger ne se télécharge pas ou ne s'ouvre pas",
    ORGA_CERT_FIELD_QUESTION, FALSE, FALSE },
  { "IN_CHALLENGE", "WEBSITE_UNAVAILABLE", "E4",
    "Le site à visiter est indisponible/en maintenance/inaccessible",
    ORGA_CERT_FIELD_QUESTION, FALSE, FALSE },
  { "IN_CHALLENGE", "WEBSITE_BLOCKED", "E5",
    "Le site est bloqué par les restrictions réseau de l'établissement (réseaux sociaux par ex.)",
    ORGA_CERT_FIELD_QUESTION, FALSE, FALSE },
  { "IN_CHALLENGE", "EXTRA_TIME_EXCEEDED", "E8",
    "Le candidat bénéficie d'un temps majoré et n'a pas pu répondre à la question dans le temps imparti",
    ORGA_CERT_FIELD_QUESTION, FALSE, FALSE },
  { "IN_CHALLENGE", "SOFTWARE_NOT_WORKING", "E9",
    "Le logiciel installé sur l'ordinateur n'a pas fonctionné",
    ORGA_CERT_FIELD_QUESTION, FALSE, FALSE },
  { "IN_CHALLENGE", "UNINTENTIONAL_FOCUS_OUT", "E10",
    "Le candidat a été contraint de cliquer en dehors du cadre autorisé pour une question en mode focus",
    ORGA_CERT_FIELD_QUESTION, FALSE, FALSE },
  { "IN_CHALLENGE", "SKIP_ON_OOPS", "E11",
    "Une page « Oups une erreur est survenue » ou tout autre problème technique lié à la plateforme a empêché le candidat de répondre à la question",
    ORGA_CERT_FIELD_QUESTION, FALSE, FALSE },
  { "IN_CHALLENGE", "ACCESSIBILITY_ISSUE", "E12",
    "Problème avec l'accessibilité de la question (ex : daltonisme)",
    ORGA_CERT_FIELD_QUESTION, FALSE, FALSE },
};

static const struct
{
  const char *category;
  const char *subcategory;
  const char *code;
} expected_deprecated[] = {
  { "TECHNICAL_PROBLEM", NULL, "A1" },
  { "OTHER", NULL, "A2" },
  { "LATE_OR_LEAVING", NULL, "C3-C4" },
  { "LATE_OR_LEAVING", "LEFT_EXAM_ROOM", "C3" },
  { "CONNECTION_OR_END_SCREEN", NULL, "C5" },
  { "IN_CHALLENGE", "LINK_NOT_WORKING", "E6" },
  { "IN_CHALLENGE", "OTHER", "E7" },
};

static void
test_report_kinds (void)
{
  guint n = 0;
  const OrgaCertReportKind *kinds = orga_cert_report_kinds (&n);
  gboolean seen_deprecated = FALSE;

  g_assert_cmpuint (n, ==, G_N_ELEMENTS (expected_kinds) + G_N_ELEMENTS (expected_deprecated));

  /* The current ones first, in the spec's order. */
  for (guint i = 0; i < G_N_ELEMENTS (expected_kinds); i++)
    {
      const ExpectedKind *want = &expected_kinds[i];
      const OrgaCertReportKind *kind = &kinds[i];

      g_assert_cmpstr (kind->category, ==, want->category);
      g_assert_cmpstr (kind->subcategory, ==, want->subcategory);
      g_assert_cmpstr (kind->code, ==, want->code);
      g_assert_cmpstr (kind->label, ==, want->label);
      g_assert_cmpint (kind->required, ==, want->required);
      g_assert_false (kind->deprecated);
      g_assert_cmpint (kind->v3, ==, want->v3);
      g_assert_true (orga_cert_report_kind_lookup (want->category, want->subcategory) == kind);
    }
  g_assert_cmpstr (kinds[1].description_hint, ==, "Renseignez les informations correctes");
  g_assert_cmpstr (kinds[2].description_hint, ==, "Précisez le temps majoré");
  g_assert_null (kinds[4].description_hint);

  for (guint i = 0; i < G_N_ELEMENTS (expected_deprecated); i++)
    {
      const OrgaCertReportKind *kind = orga_cert_report_kind_lookup (expected_deprecated[i].category,
                                                                     expected_deprecated[i].subcategory);

      g_assert_nonnull (kind);
      g_assert_cmpstr (kind->code, ==, expected_deprecated[i].code);
      g_assert_true (kind->deprecated);
      g_assert_false (kind->v3);
      g_assert_nonnull (kind->label);
    }

  /* Deprecated ones last. */
  for (guint i = 0; i < n; i++)
    {
      if (kinds[i].deprecated)
        seen_deprecated = TRUE;
      else
        g_assert_false (seen_deprecated);
    }

  g_assert_null (orga_cert_report_kind_lookup ("FRAUD", "IMAGE_NOT_DISPLAYING"));
  g_assert_null (orga_cert_report_kind_lookup ("IN_CHALLENGE", "NAME_OR_BIRTHDATE"));
  g_assert_null (orga_cert_report_kind_lookup ("fraud", NULL));
  g_assert_null (orga_cert_report_kind_lookup (NULL, NULL));
  g_assert_true (orga_cert_report_kinds (NULL) == kinds);
}

static void
assert_report_fails (const char *category,
                     const char *subcategory,
                     const char *description,
                     int         question,
                     const char *message)
{
  OrgaCertReport report = { category, subcategory, description, question };
  g_autoptr(GError) error = NULL;

  g_assert_false (orga_cert_report_check (&report, &error));
  g_assert_error (error, ORGA_CERT_ERROR, ORGA_CERT_ERROR_INVALID);
  g_assert_cmpstr (error->message, ==, message);
}

static void
assert_report_passes (const char *category,
                      const char *subcategory,
                      const char *description,
                      int         question)
{
  OrgaCertReport report = { category, subcategory, description, question };
  g_autoptr(GError) error = NULL;

  g_assert_true (orga_cert_report_check (&report, &error));
  g_assert_no_error (error);
}

static void
test_report_check (void)
{
  assert_report_passes ("FRAUD", NULL, NULL, 0);
  assert_report_passes ("SIGNATURE_ISSUE", NULL, "A signé ligne 12", 0);
  assert_report_passes ("NON_BLOCKING_TECHNICAL_ISSUE", NULL, "Coupure réseau 2 min", 0);
  assert_report_passes ("NON_BLOCKING_CANDIDATE_ISSUE", NULL, "Malaise", 0);
  assert_report_passes ("CANDIDATE_INFORMATIONS_CHANGES", "NAME_OR_BIRTHDATE", "Né le 12/03/2010", 0);
  assert_report_passes ("CANDIDATE_INFORMATIONS_CHANGES", "EXTRA_TIME_PERCENTAGE", "33 %", 0);
  assert_report_passes ("IN_CHALLENGE", "IMAGE_NOT_DISPLAYING", NULL, 1);
  assert_report_passes ("IN_CHALLENGE", "ACCESSIBILITY_ISSUE", "daltonisme", 500);

  assert_report_fails (NULL, NULL, NULL, 0, "La catégorie du signalement est inconnue.");
  assert_report_fails ("BOGUS", NULL, "x", 0, "La catégorie du signalement est inconnue.");
  assert_report_fails ("TECHNICAL_PROBLEM", NULL, "x", 0,
                       "La catégorie « Problème technique non bloquant » (A1) n’est plus acceptée.");
  assert_report_fails ("CONNECTION_OR_END_SCREEN", NULL, NULL, 0,
                       "La catégorie « Écran de fin de test non vu » (C5) n’est plus acceptée.");
  assert_report_fails ("IN_CHALLENGE", "LINK_NOT_WORKING", NULL, 3,
                       "La sous-catégorie « Le lien ne fonctionne pas » (E6) n’est plus acceptée.");
  assert_report_fails ("CANDIDATE_INFORMATIONS_CHANGES", NULL, "x", 0,
                       "La sous-catégorie du signalement « Modification infos candidat » est obligatoire.");
  assert_report_fails ("IN_CHALLENGE", "", NULL, 3,
                       "La sous-catégorie du signalement « Problème technique sur une question » est obligatoire.");
  assert_report_fails ("IN_CHALLENGE", "NAME_OR_BIRTHDATE", NULL, 3,
                       "La sous-catégorie du signalement « Problème technique sur une question » est inconnue.");
  assert_report_fails ("FRAUD", "IMAGE_NOT_DISPLAYING", NULL, 0,
                       "Le signalement « Suspicion de fraude » n’a pas de sous-catégorie.");
  assert_report_fails ("SIGNATURE_ISSUE", NULL, "  \n", 0,
                       "La description du signalement « Était présent(e) mais a oublié de signer, ou a signé sur la mauvaise ligne » est obligatoire.");
  assert_report_fails ("CANDIDATE_INFORMATIONS_CHANGES", "NAME_OR_BIRTHDATE", NULL, 0,
                       "La description du signalement « Modification des prénom/nom/date de naissance » est obligatoire.");
  assert_report_fails ("IN_CHALLENGE", "IMAGE_NOT_DISPLAYING", NULL, 0,
                       "Le numéro de la question du signalement « L'image ne s'affiche pas » doit être compris entre 1 et 500.");
  assert_report_fails ("IN_CHALLENGE", "IMAGE_NOT_DISPLAYING", NULL, 501,
                       "Le numéro de la question du signalement « L'image ne s'affiche pas » doit être compris entre 1 et 500.");
  assert_report_fails ("IN_CHALLENGE", "IMAGE_NOT_DISPLAYING", NULL, -4,
                       "Le numéro de la question du signalement « L'image ne s'affiche pas » doit être compris entre 1 et 500.");
}

/* ---- finalization ------------------------------------------------------ */

static void
assert_finalization_fails (const OrgaCertFinalization *finalization,
                           int                         code,
                           const char                 *message)
{
  g_autoptr(GError) error = NULL;

  g_assert_false (orga_cert_finalization_check (finalization, &error));
  g_assert_error (error, ORGA_CERT_ERROR, code);
  g_assert_cmpstr (error->message, ==, message);
}

static void
test_finalization (void)
{
  OrgaCertReport good_reports[] = {
    { "FRAUD", NULL, NULL, 0 },
    { "IN_CHALLENGE", "EMBED_NOT_WORKING", NULL, 12 },
  };
  OrgaCertReport bad_reports[] = {
    { "NON_BLOCKING_TECHNICAL_ISSUE", NULL, "Coupure", 0 },
    { "IN_CHALLENGE", "EMBED_NOT_WORKING", NULL, 0 },
  };
  OrgaCertCourseReport courses[] = {
    { "uuid-1", "Léa Martin", TRUE, TRUE, NULL, good_reports, G_N_ELEMENTS (good_reports) },
    { "uuid-2", "Hugo Petit", FALSE, FALSE, "technical", NULL, 0 },
    { "uuid-3", "Zoé Roux", FALSE, FALSE, "candidate", NULL, 0 },
  };
  OrgaCertFinalization finalization = {
    .courses = courses,
    .n_courses = G_N_ELEMENTS (courses),
    .examiner_global_comment = "RAS",
  };
  g_autoptr(GString) comment = g_string_new (NULL);
  g_autoptr(GError) error = NULL;

  g_assert_true (orga_cert_finalization_check (&finalization, &error));
  g_assert_no_error (error);

  /* Each refusal, and the earlier rule wins when several break. */
  finalization.already_finalized = TRUE;
  courses[1].abort_reason = NULL;
  assert_finalization_fails (&finalization, ORGA_CERT_ERROR_REFUSED, "La session a déjà été finalisée.");
  finalization.already_finalized = FALSE;

  finalization.n_courses = 0;
  assert_finalization_fails (&finalization, ORGA_CERT_ERROR_REFUSED,
                             "Aucune certification n’a été démarrée dans cette session : "
                             "elle ne peut pas être finalisée.");
  finalization.n_courses = G_N_ELEMENTS (courses);

  /* An abort reason missing on the third course comes before an abort
   * reason given for the first: the rules go one after the other. */
  courses[1].abort_reason = "technical";
  courses[2].abort_reason = "";
  courses[0].abort_reason = "candidate";
  assert_finalization_fails (&finalization, ORGA_CERT_ERROR_INVALID,
                             "La raison de l’abandon de Zoé Roux est obligatoire : "
                             "son test n’est pas terminé.");
  courses[2].abort_reason = "sieste";
  assert_finalization_fails (&finalization, ORGA_CERT_ERROR_INVALID,
                             "La raison de l’abandon de Zoé Roux est inconnue.");
  courses[2].abort_reason = "candidate";
  assert_finalization_fails (&finalization, ORGA_CERT_ERROR_INVALID,
                             "Léa Martin a terminé son test : il ne peut pas y avoir de raison de l’abandon.");
  courses[0].abort_reason = NULL;

  courses[2].reports = bad_reports;
  courses[2].n_reports = G_N_ELEMENTS (bad_reports);
  assert_finalization_fails (&finalization, ORGA_CERT_ERROR_INVALID,
                             "Signalement de Zoé Roux : Le numéro de la question du signalement "
                             "« Le simulateur/l'application ne s'affiche pas » doit être compris entre 1 et 500.");
  bad_reports[1].question_number = 7;
  g_assert_true (orga_cert_finalization_check (&finalization, NULL));

  for (guint i = 0; i < 500; i++)
    g_string_append (comment, "à");
  finalization.examiner_global_comment = comment->str;
  g_assert_true (orga_cert_finalization_check (&finalization, NULL));
  g_string_append_c (comment, '!');
  finalization.examiner_global_comment = comment->str;
  assert_finalization_fails (&finalization, ORGA_CERT_ERROR_INVALID,
                             "Le commentaire global de la session ne doit pas dépasser 500 caractères.");

  /* A nameless candidate still gets a sentence. */
  finalization.examiner_global_comment = NULL;
  courses[1].candidate_name = NULL;
  courses[1].abort_reason = NULL;
  assert_finalization_fails (&finalization, ORGA_CERT_ERROR_INVALID,
                             "La raison de l’abandon de un candidat est obligatoire : "
                             "son test n’est pas terminé.");
}

/* ---- scoring (docs/certification.md's worked examples) ----------------- */

#define REJECTED_COMMENT \
  "Le candidat a répondu faux à plus de 50% des questions posées, cela a invalidé " \
  "l'ensemble de sa certification, et a donc entraîné un score de 0 pix"

/* Three answers in @competence at @skill, the first @n_right right. */
static void
add_answers (GArray *answers,
             guint   competence,
             int     skill,
             guint   n_asked,
             guint   n_right)
{
  for (guint i = 0; i < n_asked; i++)
    {
      OrgaCertAnswer answer = { competence, skill, i < n_right };

      g_array_append_val (answers, answer);
    }
}

static void
assert_levels (const OrgaCertScore *score,
               const int            expected[ORGA_CERT_N_COMPETENCES])
{
  for (guint c = 0; c < ORGA_CERT_N_COMPETENCES; c++)
    g_assert_cmpint (score->levels[c], ==, expected[c]);
}

static const int all_uncertified[ORGA_CERT_N_COMPETENCES] = {
  -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1
};

/* Léa: the documentation's first example. */
static void
test_score_example (void)
{
  static const int profile[ORGA_CERT_N_COMPETENCES] = { 3, 2, 4, 1, 5 };
  static const int levels[ORGA_CERT_N_COMPETENCES] = {
    3, 2, 3, 0, 5, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1
  };
  g_autoptr(GArray) answers = g_array_new (FALSE, FALSE, sizeof (OrgaCertAnswer));
  OrgaCertScore score;

  add_answers (answers, 0, 3, 3, 3);   /* 1.1: 3/3 → 3, 24 + 3 */
  add_answers (answers, 1, 2, 3, 2);   /* 1.2: 2/3 → 2, 16 + 2 */
  add_answers (answers, 2, 4, 3, 1);   /* 1.3: 1/3 → 3, 24 + 1 */
  add_answers (answers, 3, 1, 3, 1);   /* 2.1: 1/3 → 0, no pix */
  add_answers (answers, 4, 5, 3, 2);   /* 2.2: 2/3 → 5, 40 + 2 */

  orga_cert_score ((OrgaCertAnswer *) answers->data, answers->len, profile, TRUE, &score);
  g_assert_cmpstr (score.status, ==, "validated");
  g_assert_cmpint (score.pix_score, ==, 27 + 18 + 25 + 0 + 42);
  g_assert_cmpint (score.pix_score, ==, 112);
  assert_levels (&score, levels);
  g_assert_null (score.jury_comment);
  g_assert_cmpuint (orga_cert_mesh_index (score.pix_score), ==, 1);
  orga_cert_score_clear (&score);
  g_assert_null (score.status);
}

/* Hugo: 7 right of 15 (46 %): rejected, 0 pix. A competence at 0/3
 * would be -1 anyway. */
static void
test_score_rejected (void)
{
  static const int profile[ORGA_CERT_N_COMPETENCES] = { 3, 2, 4, 1, 5 };
  g_autoptr(GArray) answers = g_array_new (FALSE, FALSE, sizeof (OrgaCertAnswer));
  OrgaCertScore score;

  add_answers (answers, 0, 3, 3, 3);
  add_answers (answers, 1, 2, 3, 2);
  add_answers (answers, 2, 4, 3, 1);
  add_answers (answers, 3, 1, 3, 1);
  add_answers (answers, 4, 5, 3, 0);

  orga_cert_score ((OrgaCertAnswer *) answers->data, answers->len, profile, TRUE, &score);
  g_assert_cmpstr (score.status, ==, "rejected");
  g_assert_cmpint (score.pix_score, ==, 0);
  assert_levels (&score, all_uncertified);
  g_assert_cmpstr (score.jury_comment, ==, REJECTED_COMMENT);
  orga_cert_score_clear (&score);

  /* No answer at all: nothing to certify. */
  orga_cert_score (NULL, 0, profile, TRUE, &score);
  g_assert_cmpstr (score.status, ==, "rejected");
  g_assert_cmpint (score.pix_score, ==, 0);
  orga_cert_score_clear (&score);
}

/* Exactly half right is enough (the rate must reach 50 %). */
static void
test_score_half (void)
{
  static const int profile[ORGA_CERT_N_COMPETENCES] = { 2, 2, 2, 2 };
  static const int levels[ORGA_CERT_N_COMPETENCES] = {
    2, 1, 1, 1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1
  };
  g_autoptr(GArray) answers = g_array_new (FALSE, FALSE, sizeof (OrgaCertAnswer));
  OrgaCertScore score;

  add_answers (answers, 0, 2, 3, 3);   /* 2, 16 + 3 */
  add_answers (answers, 1, 2, 3, 1);   /* 1, 8 + 1 */
  add_answers (answers, 2, 2, 3, 1);   /* 1, 8 + 1 */
  add_answers (answers, 3, 2, 3, 1);   /* 1, 8 + 1: 6 of 12 */

  orga_cert_score ((OrgaCertAnswer *) answers->data, answers->len, profile, TRUE, &score);
  g_assert_cmpstr (score.status, ==, "validated");
  g_assert_cmpint (score.pix_score, ==, 19 + 9 + 9 + 9);
  assert_levels (&score, levels);
  orga_cert_score_clear (&score);

  /* One wrong answer more: 6 of 13, under half. */
  add_answers (answers, 3, 2, 1, 0);
  orga_cert_score ((OrgaCertAnswer *) answers->data, answers->len, profile, TRUE, &score);
  g_assert_cmpstr (score.status, ==, "rejected");
  g_assert_cmpint (score.pix_score, ==, 0);
  orga_cert_score_clear (&score);
}

/* An unfinished test: the questions never asked count as wrong. */
static void
test_score_unfinished (void)
{
  /* 5 competences at level ≥ 1: the test plans 15 questions. */
  static const int profile[ORGA_CERT_N_COMPETENCES] = { 3, 2, 4, 1, 5 };
  g_autoptr(GArray) answers = g_array_new (FALSE, FALSE, sizeof (OrgaCertAnswer));
  OrgaCertScore score;

  add_answers (answers, 0, 3, 3, 3);
  add_answers (answers, 1, 2, 3, 3);
  add_answers (answers, 2, 4, 2, 2);   /* 8 right, the test stopped there */

  orga_cert_score ((OrgaCertAnswer *) answers->data, answers->len, profile, FALSE, &score);
  g_assert_cmpstr (score.status, ==, "validated");        /* 8 of 15 */
  g_assert_cmpint (score.levels[2], ==, 4);
  g_assert_cmpint (score.levels[3], ==, -1);
  g_assert_cmpint (score.pix_score, ==, 27 + 19 + 34);
  orga_cert_score_clear (&score);

  g_array_set_size (answers, 7);                           /* 7 of 15 */
  orga_cert_score ((OrgaCertAnswer *) answers->data, answers->len, profile, FALSE, &score);
  g_assert_cmpstr (score.status, ==, "rejected");
  orga_cert_score_clear (&score);

  /* The same 7 answers of a completed test: 7 of 7. */
  orga_cert_score ((OrgaCertAnswer *) answers->data, answers->len, profile, TRUE, &score);
  g_assert_cmpstr (score.status, ==, "validated");
  orga_cert_score_clear (&score);
}

/* Everything right at level 8 in the profile: levels capped at 7, the
 * score at 895. */
static void
test_score_caps (void)
{
  int profile[ORGA_CERT_N_COMPETENCES];
  g_autoptr(GArray) answers = g_array_new (FALSE, FALSE, sizeof (OrgaCertAnswer));
  OrgaCertScore score;
  OrgaCertAnswer stray = { 99, 3, TRUE };

  for (guint c = 0; c < ORGA_CERT_N_COMPETENCES; c++)
    {
      profile[c] = 8;
      add_answers (answers, c, 7, ORGA_CERT_QUESTIONS_PER_COMPETENCE, 3);
    }
  orga_cert_score ((OrgaCertAnswer *) answers->data, answers->len, profile, TRUE, &score);
  g_assert_cmpstr (score.status, ==, "validated");
  for (guint c = 0; c < ORGA_CERT_N_COMPETENCES; c++)
    g_assert_cmpint (score.levels[c], ==, ORGA_CERT_MAX_REACHABLE_LEVEL);
  /* 16 × (56 + 3) = 944 */
  g_assert_cmpint (score.pix_score, ==, ORGA_CERT_MAX_REACHABLE_SCORE);
  orga_cert_score_clear (&score);

  /* A competence the profile did not position: the highest skill asked. */
  g_array_set_size (answers, 0);
  memset (profile, 0, sizeof profile);
  add_answers (answers, 6, 4, 3, 2);
  g_array_append_val (answers, stray);   /* a competence out of range: ignored but counted */
  orga_cert_score ((OrgaCertAnswer *) answers->data, answers->len, profile, TRUE, &score);
  g_assert_cmpstr (score.status, ==, "validated");
  g_assert_cmpint (score.levels[6], ==, 4);
  g_assert_cmpint (score.pix_score, ==, 32 + 2);
  orga_cert_score_clear (&score);

  /* No profile at all. */
  orga_cert_score ((OrgaCertAnswer *) answers->data, answers->len, NULL, FALSE, &score);
  g_assert_cmpint (score.levels[6], ==, 4);
  orga_cert_score_clear (&score);
}

/* ---- jury -------------------------------------------------------------- */

static void
validated_score (OrgaCertScore *score)
{
  static const int profile[ORGA_CERT_N_COMPETENCES] = { 3, 2, 4, 1, 5 };
  g_autoptr(GArray) answers = g_array_new (FALSE, FALSE, sizeof (OrgaCertAnswer));

  for (guint c = 0; c < 5; c++)
    add_answers (answers, c, profile[c], 3, 3);
  orga_cert_score ((OrgaCertAnswer *) answers->data, answers->len, profile, TRUE, score);
  g_assert_cmpstr (score->status, ==, "validated");
}

static void
test_jury (void)
{
  OrgaCertReport fraud[] = {
    { "NON_BLOCKING_TECHNICAL_ISSUE", NULL, "Coupure", 0 },
    { "FRAUD", NULL, NULL, 0 },
  };
  OrgaCertReport harmless[] = {
    { "NON_BLOCKING_TECHNICAL_ISSUE", NULL, "Coupure", 0 },
  };
  OrgaCertScore score;
  OrgaCertScore before;
  int pix;

  /* Fraud cancels, whatever else. */
  validated_score (&score);
  orga_cert_apply_jury (&score, 15, 15, NULL, fraud, G_N_ELEMENTS (fraud));
  g_assert_cmpstr (score.status, ==, "cancelled");
  g_assert_cmpint (score.pix_score, ==, 0);
  assert_levels (&score, all_uncertified);
  g_assert_cmpstr (score.jury_comment, ==,
                   "Une suspicion de fraude a été signalée sur le PV d’incident : "
                   "la certification du candidat est annulée.");
  orga_cert_score_clear (&score);

  /* Under half answered after a technical problem: cancelled. */
  validated_score (&score);
  orga_cert_apply_jury (&score, 7, 15, "technical", harmless, G_N_ELEMENTS (harmless));
  g_assert_cmpstr (score.status, ==, "cancelled");
  g_assert_cmpstr (score.jury_comment, ==,
                   "Un problème technique a empêché le candidat de répondre à la moitié des questions : "
                   "la certification est annulée, le candidat peut la repasser.");
  orga_cert_score_clear (&score);

  /* ... after the candidate left: rejected for lack of answers. */
  validated_score (&score);
  orga_cert_apply_jury (&score, 7, 15, "candidate", NULL, 0);
  g_assert_cmpstr (score.status, ==, "rejected");
  g_assert_cmpint (score.pix_score, ==, 0);
  assert_levels (&score, all_uncertified);
  g_assert_cmpstr (score.jury_comment, ==,
                   "Le candidat n’a pas répondu à au moins la moitié des questions posées : "
                   "sa certification est rejetée, avec un score de 0 pix.");
  orga_cert_score_clear (&score);

  /* Unchanged: half answered, no abort reason, nothing asked, a harmless report. */
  validated_score (&before);
  pix = before.pix_score;
  {
    static const struct { guint answered; guint asked; const char *reason; } same[] = {
      { 8, 16, "candidate" }, { 8, 16, "technical" }, { 3, 15, NULL }, { 0, 0, "technical" },
      { 15, 15, "technical" },
    };

    for (guint i = 0; i < G_N_ELEMENTS (same); i++)
      {
        validated_score (&score);
        orga_cert_apply_jury (&score, same[i].answered, same[i].asked, same[i].reason,
                              harmless, G_N_ELEMENTS (harmless));
        g_assert_cmpstr (score.status, ==, "validated");
        g_assert_cmpint (score.pix_score, ==, pix);
        g_assert_cmpmem (score.levels, sizeof score.levels, before.levels, sizeof before.levels);
        g_assert_null (score.jury_comment);
        orga_cert_score_clear (&score);
      }
  }
  orga_cert_score_clear (&before);
}

/* ---- result statuses --------------------------------------------------- */

static void
test_result_statuses (void)
{
  static const struct { OrgaCertStatus status; const char *value; const char *label; } cases[] = {
    { ORGA_CERT_STATUS_STARTED, "started", "Démarrée" },
    { ORGA_CERT_STATUS_VALIDATED, "validated", "Validée" },
    { ORGA_CERT_STATUS_REJECTED, "rejected", "Rejetée" },
    { ORGA_CERT_STATUS_CANCELLED, "cancelled", "Annulée" },
    { ORGA_CERT_STATUS_ERROR, "error", "En erreur" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_assert_cmpstr (orga_cert_status_to_string (cases[i].status), ==, cases[i].value);
      g_assert_cmpint (orga_cert_status_from_string (cases[i].value), ==, cases[i].status);
      g_assert_cmpstr (orga_cert_status_csv_label (cases[i].status), ==, cases[i].label);
    }
  g_assert_cmpint (orga_cert_status_from_string (NULL), ==, ORGA_CERT_STATUS_ERROR);
  g_assert_cmpint (orga_cert_status_from_string ("Validated"), ==, ORGA_CERT_STATUS_ERROR);
  g_assert_cmpint (orga_cert_status_from_string ("pending"), ==, ORGA_CERT_STATUS_ERROR);
  g_assert_cmpstr (orga_cert_status_to_string ((OrgaCertStatus) 42), ==, "error");
  g_assert_cmpstr (orga_cert_status_csv_label ((OrgaCertStatus) 42), ==, "En erreur");
}

int
main (int   argc,
      char *argv[])
{
  orga_test_init (&argc, &argv);

  g_test_add_func ("/cert-rules/codes/generated", test_codes_generated);
  g_test_add_func ("/cert-rules/codes/alphabets", test_codes_alphabets);
  g_test_add_func ("/cert-rules/codes/validation", test_codes_validation);
  g_test_add_func ("/cert-rules/codes/normalize", test_codes_normalize);
  g_test_add_func ("/cert-rules/competences", test_competences);
  g_test_add_func ("/cert-rules/levels-text", test_levels_text);
  g_test_add_func ("/cert-rules/mesh", test_mesh);
  g_test_add_func ("/cert-rules/session/status", test_session_status);
  g_test_add_func ("/cert-rules/session/form", test_session_form);
  g_test_add_func ("/cert-rules/session/supervisors", test_supervisors);
  g_test_add_func ("/cert-rules/reports/kinds", test_report_kinds);
  g_test_add_func ("/cert-rules/reports/check", test_report_check);
  g_test_add_func ("/cert-rules/finalization", test_finalization);
  g_test_add_func ("/cert-rules/score/example", test_score_example);
  g_test_add_func ("/cert-rules/score/rejected", test_score_rejected);
  g_test_add_func ("/cert-rules/score/half", test_score_half);
  g_test_add_func ("/cert-rules/score/unfinished", test_score_unfinished);
  g_test_add_func ("/cert-rules/score/caps", test_score_caps);
  g_test_add_func ("/cert-rules/jury", test_jury);
  g_test_add_func ("/cert-rules/result-statuses", test_result_statuses);

  return g_test_run ();
}
