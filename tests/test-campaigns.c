/* test-campaigns.c: campaign codes and rules, campaigns and participations
 * in the store, and the migration of a version-1 database
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <sqlite3.h>
#include <string.h>

#include "orga-campaign.h"
#include "orga-store-campaigns.h"
#include "orga-store-private.h"
#include "orga-test-util.h"

#define UAI "0330001A"
#define PROFILE "rentree-6e"

/* ------------------------------------------------------------------ */
/* helpers                                                              */
/* ------------------------------------------------------------------ */

typedef struct
{
  char             *path;
  OrgaStore        *store;
  OrgaOrganization *organization;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->path = orga_test_new_school_db (UAI, ORGA_ORGANIZATION_KIND_SCO);
  f->store = orga_store_open (f->path, &error);
  g_assert_no_error (error);
  f->organization = orga_store_get_organization (f->store, &error);
  g_assert_no_error (error);
  g_assert_nonnull (f->organization);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_clear_object (&f->organization);
  g_assert_finalize_object (f->store);
  g_clear_pointer (&f->path, g_free);
}

static void
exec_sql (OrgaStore  *store,
          const char *sql)
{
  g_autoptr(GError) error = NULL;

  _orga_store_exec (store, sql, &error);
  g_assert_no_error (error);
}

static char *
sql_text (OrgaStore  *store,
          const char *sql)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(sqlite3_stmt) stmt = _orga_store_prepare (store, sql, &error);

  g_assert_no_error (error);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  return g_strdup ((const char *) sqlite3_column_text (stmt, 0));
}

static gint64
sql_int (OrgaStore  *store,
         const char *sql)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(sqlite3_stmt) stmt = _orga_store_prepare (store, sql, &error);

  g_assert_no_error (error);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  return sqlite3_column_int64 (stmt, 0);
}

/* @n learners "NOM%05d Prénom" in classes 6A … 6D; returns the first id. */
static gint64
add_learners (OrgaStore *store,
              gint64     organization_id,
              guint      n)
{
  g_autofree char *sql = NULL;
  gint64 before = sql_int (store, "SELECT IFNULL (MAX (id), 0) FROM learners");

  sql = g_strdup_printf ("WITH RECURSIVE n (i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < %u) "
                         "INSERT INTO learners (uuid, organization_id, ine, last_name, first_name, division, "
                         "  name_key, created_at, updated_at) "
                         "SELECT printf ('uuid-%" G_GINT64_FORMAT "-%%d', i), %" G_GINT64_FORMAT ", "
                         "  printf ('%" G_GINT64_FORMAT "%%09dA', i), printf ('NOM%%05d', i), 'Prénom', "
                         "  '6' || char (65 + i %% 4), printf ('nom%%05d prenom', i), "
                         "  '2026-09-01T08:00:00.000000Z', '2026-09-01T08:00:00.000000Z' FROM n",
                         n, organization_id, organization_id, organization_id);
  exec_sql (store, sql);

  return before + 1;
}

static OrgaCampaignSpec
base_spec (void)
{
  OrgaCampaignSpec spec = { 0 };

  spec.name = "Rentrée 6e";
  spec.type = ORGA_CAMPAIGN_TYPE_ASSESSMENT;
  spec.target_profile_id = PROFILE;
  spec.owner = "Claire Martin";
  spec.creator = "Claire Martin";
  return spec;
}

static OrgaCampaign *
create (Fixture                *f,
        const OrgaCampaignSpec *spec)
{
  g_autoptr(GError) error = NULL;
  OrgaCampaign *campaign = orga_store_create_campaign (f->store, f->organization, spec, &error);

  g_assert_no_error (error);
  g_assert_nonnull (campaign);
  return campaign;
}

static OrgaCampaign *
create_named (Fixture    *f,
              const char *name,
              const char *owner)
{
  OrgaCampaignSpec spec = base_spec ();

  spec.name = name;
  spec.owner = owner;
  return create (f, &spec);
}

static OrgaCampaign *
reload (Fixture      *f,
        OrgaCampaign *campaign)
{
  g_autoptr(GError) error = NULL;
  OrgaCampaign *fresh = orga_store_get_campaign (f->store, orga_campaign_get_id (campaign), &error);

  g_assert_no_error (error);
  return fresh;
}

/* The names of a list, "|"-separated, to compare in one assertion. */
static char *
list_names (Fixture                 *f,
            const OrgaCampaignQuery *query)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) list = orga_store_list_campaigns (f->store, f->organization, query, &error);
  g_autoptr(GString) out = g_string_new (NULL);

  g_assert_no_error (error);
  for (guint i = 0; i < list->len; i++)
    {
      if (i > 0)
        g_string_append_c (out, '|');
      g_string_append (out, orga_campaign_get_name (g_ptr_array_index (list, i)));
    }
  return g_string_free (g_steal_pointer (&out), FALSE);
}

/* Checks the names of a list, as list_names() joins them. */
static void
assert_listed (Fixture                 *f,
               const OrgaCampaignQuery *query,
               const char              *expected)
{
  g_autofree char *names = list_names (f, query);

  g_assert_cmpstr (names, ==, expected);
}

/* Checks that a call failed with @code, and clears @error for the next. */
static void
assert_campaign_error (GError           **error,
                       OrgaCampaignError  code)
{
  g_assert_error (*error, ORGA_CAMPAIGN_ERROR, (int) code);
  g_clear_error (error);
}

static OrgaParticipation
participation (gint64                  learner_id,
               OrgaParticipationStatus status,
               gint64                  created_at,
               double                  mastery)
{
  OrgaParticipation p = { 0 };

  p.learner_id = learner_id;
  p.status = status;
  p.created_at = created_at;
  p.shared_at = status == ORGA_PARTICIPATION_SHARED ? created_at + 3600 : 0;
  p.mastery_rate = mastery;
  p.progression = status == ORGA_PARTICIPATION_STARTED ? 0.5 : 1.0;
  p.is_certifiable = -1;
  return p;
}

/* ------------------------------------------------------------------ */
/* codes                                                                */
/* ------------------------------------------------------------------ */

static void
test_code_alphabet (void)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (20260901);
  g_autoptr(GRegex) shape = g_regex_new ("^[A-HJ-NP-Z]{6}[1-9]{3}$", 0, 0, NULL);
  gboolean letter_seen[26] = { FALSE };
  gboolean digit_seen[10] = { FALSE };

  for (guint i = 0; i < 100000; i++)
    {
      g_autofree char *code = orga_campaign_code_generate (rand);

      g_assert_true (orga_campaign_code_is_valid (code));
      if (!g_regex_match (shape, code, 0, NULL))
        g_error ("code %s is not 6 letters without I and O then 3 digits without 0", code);
      for (guint c = 0; c < 6; c++)
        letter_seen[code[c] - 'A'] = TRUE;
      for (guint c = 6; c < 9; c++)
        digit_seen[code[c] - '0'] = TRUE;
    }

  for (guint c = 0; c < 26; c++)
    g_assert_cmpint (letter_seen[c], ==, c != 'I' - 'A' && c != 'O' - 'A');
  for (guint d = 0; d < 10; d++)
    g_assert_cmpint (digit_seen[d], ==, d != 0);

  /* And with the global generator. */
  {
    g_autofree char *code = orga_campaign_code_generate (NULL);
    g_assert_true (g_regex_match (shape, code, 0, NULL));
  }
}

static void
test_code_is_valid (void)
{
  g_assert_true (orga_campaign_code_is_valid ("ABCDEF123"));
  g_assert_true (orga_campaign_code_is_valid ("QWERTY456"));
  /* Pix's check is ^[A-Z0-9]{9}$: the old alphabet still passes. */
  g_assert_true (orga_campaign_code_is_valid ("ABCDE1234"));
  g_assert_true (orga_campaign_code_is_valid ("OIOIOI000"));
  g_assert_false (orga_campaign_code_is_valid ("abcdef123"));
  g_assert_false (orga_campaign_code_is_valid ("ABCDEF12"));
  g_assert_false (orga_campaign_code_is_valid ("ABCDEF1234"));
  g_assert_false (orga_campaign_code_is_valid ("ABC-EF123"));
  g_assert_false (orga_campaign_code_is_valid ("ABCDÉF12"));
  g_assert_false (orga_campaign_code_is_valid (""));
  g_assert_false (orga_campaign_code_is_valid (NULL));
}

/* The store draws again when the code is taken, by any campaign ever
 * created, deleted ones included. */
static void
test_code_unique (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GRand) reference = g_rand_new_with_seed (7);
  g_autofree char *first = orga_campaign_code_generate (reference);
  g_autofree char *second = orga_campaign_code_generate (reference);
  g_autofree char *third = orga_campaign_code_generate (reference);
  g_autoptr(OrgaCampaign) a = NULL;
  g_autoptr(OrgaCampaign) b = NULL;
  g_autoptr(OrgaCampaign) c = NULL;
  g_autoptr(GError) error = NULL;
  gint64 id;

  g_assert_cmpstr (first, !=, second);

  _orga_store_set_campaign_code_rand (f->store, g_rand_new_with_seed (7));
  a = create_named (f, "A", "Claire Martin");
  g_assert_cmpstr (orga_campaign_get_code (a), ==, first);

  /* Same seed: the first draw collides, the second is free. */
  _orga_store_set_campaign_code_rand (f->store, g_rand_new_with_seed (7));
  b = create_named (f, "B", "Claire Martin");
  g_assert_cmpstr (orga_campaign_get_code (b), ==, second);

  id = orga_campaign_get_id (a);
  g_assert_true (orga_store_delete_campaigns (f->store, &id, 1, "Claire Martin", &error));
  g_assert_no_error (error);

  _orga_store_set_campaign_code_rand (f->store, g_rand_new_with_seed (7));
  c = create_named (f, "C", "Claire Martin");
  g_assert_cmpstr (orga_campaign_get_code (c), ==, third);
}

/* ------------------------------------------------------------------ */
/* validation                                                           */
/* ------------------------------------------------------------------ */

typedef struct
{
  const char          *what;
  void               (*mutate) (OrgaCampaignSpec *spec);
  OrgaCampaignError    code;
  const char          *message;
} RuleCase;

static char *long_text (guint n, const char *unit);

static void no_name (OrgaCampaignSpec *s) { s->name = NULL; }
static void blank_name (OrgaCampaignSpec *s) { s->name = " \t\u00a0 "; }
static void no_owner (OrgaCampaignSpec *s) { s->owner = "  "; }
static void no_profile (OrgaCampaignSpec *s) { s->target_profile_id = NULL; }
static void empty_profile (OrgaCampaignSpec *s) { s->target_profile_id = ""; }
static void unknown_profile (OrgaCampaignSpec *s) { s->target_profile_id = "rentree-7e"; }
static void collection_with_profile (OrgaCampaignSpec *s) { s->type = ORGA_CAMPAIGN_TYPE_PROFILES_COLLECTION; }
static void collection_with_title (OrgaCampaignSpec *s)
{
  s->type = ORGA_CAMPAIGN_TYPE_PROFILES_COLLECTION;
  s->target_profile_id = NULL;
  s->title = "Mon titre";
}
static char *title_51;
static void long_title (OrgaCampaignSpec *s) { s->title = title_51; }
static char *landing_5001;
static void long_landing (OrgaCampaignSpec *s) { s->landing_text = landing_5001; }
static void label_without_type (OrgaCampaignSpec *s) { s->external_id_label = "Numéro de l’étudiant"; }
static void type_without_label (OrgaCampaignSpec *s) { s->external_id_type = ORGA_EXTERNAL_ID_EMAIL; s->external_id_label = " "; }
static char *label_256;
static void long_label (OrgaCampaignSpec *s) { s->external_id_type = ORGA_EXTERNAL_ID_STRING; s->external_id_label = label_256; }

static const RuleCase rule_cases[] = {
  { "no name", no_name, ORGA_CAMPAIGN_ERROR_NAME_REQUIRED, "Veuillez donner un nom à votre campagne." },
  { "blank name", blank_name, ORGA_CAMPAIGN_ERROR_NAME_REQUIRED, "Veuillez donner un nom à votre campagne." },
  { "no owner", no_owner, ORGA_CAMPAIGN_ERROR_OWNER_REQUIRED, "Veuillez choisir le propriétaire de votre campagne." },
  { "no profile", no_profile, ORGA_CAMPAIGN_ERROR_PROFILE_REQUIRED, "Veuillez sélectionner un parcours pour votre campagne." },
  { "empty profile", empty_profile, ORGA_CAMPAIGN_ERROR_PROFILE_REQUIRED, "Veuillez sélectionner un parcours pour votre campagne." },
  { "unknown profile", unknown_profile, ORGA_CAMPAIGN_ERROR_PROFILE_UNKNOWN, "Le parcours « rentree-7e » n’existe pas." },
  { "collection with a profile", collection_with_profile, ORGA_CAMPAIGN_ERROR_PROFILE_FORBIDDEN,
    "Une campagne de collecte de profils ne peut pas avoir de parcours." },
  { "collection with a title", collection_with_title, ORGA_CAMPAIGN_ERROR_TITLE_FORBIDDEN,
    "Une campagne de collecte de profils ne peut pas avoir de titre de parcours." },
  { "title of 51", long_title, ORGA_CAMPAIGN_ERROR_TITLE_TOO_LONG, "Le titre du parcours ne doit pas dépasser 50 caractères." },
  { "landing text of 5001", long_landing, ORGA_CAMPAIGN_ERROR_LANDING_TOO_LONG,
    "Le texte de la page d’accueil ne doit pas dépasser 5000 caractères." },
  { "label without type", label_without_type, ORGA_CAMPAIGN_ERROR_EXTERNAL_ID_TYPE_REQUIRED,
    "Veuillez choisir le type de l’identifiant externe." },
  { "type without label", type_without_label, ORGA_CAMPAIGN_ERROR_EXTERNAL_ID_LABEL_REQUIRED,
    "Veuillez renseigner le libellé de l’identifiant externe." },
  { "label of 256", long_label, ORGA_CAMPAIGN_ERROR_EXTERNAL_ID_LABEL_TOO_LONG,
    "Le libellé de l’identifiant externe ne doit pas dépasser 255 caractères." },
};

static char *
long_text (guint       n,
           const char *unit)
{
  g_autoptr(GString) out = g_string_new (NULL);

  for (guint i = 0; i < n; i++)
    g_string_append (out, unit);
  return g_string_free (g_steal_pointer (&out), FALSE);
}

static void
test_validate_rules (void)
{
  OrgaCampaignSpec spec = base_spec ();
  g_autoptr(GError) error = NULL;

  title_51 = long_text (51, "é");
  landing_5001 = long_text (5001, "à");
  label_256 = long_text (256, "ï");

  g_assert_true (orga_campaign_spec_validate (&spec, &error));
  g_assert_no_error (error);

  for (guint i = 0; i < G_N_ELEMENTS (rule_cases); i++)
    {
      const RuleCase *c = &rule_cases[i];

      spec = base_spec ();
      c->mutate (&spec);
      g_test_message ("rule: %s", c->what);
      g_assert_false (orga_campaign_spec_validate (&spec, &error));
      g_assert_error (error, ORGA_CAMPAIGN_ERROR, (int) c->code);
      g_assert_cmpstr (error->message, ==, c->message);
      g_clear_error (&error);
    }

  g_clear_pointer (&title_51, g_free);
  g_clear_pointer (&landing_5001, g_free);
  g_clear_pointer (&label_256, g_free);
}

/* Lengths are characters (not bytes) after trimming; the limits are
 * inclusive. */
static void
test_validate_lengths (void)
{
  g_autofree char *title_50 = long_text (50, "é");
  g_autofree char *padded_title = g_strconcat ("   ", title_50, " \n", NULL);
  g_autofree char *landing_5000 = long_text (5000, "œ");
  g_autofree char *label_255 = long_text (255, "É");
  OrgaCampaignSpec spec = base_spec ();
  g_autoptr(GError) error = NULL;

  spec.title = padded_title;
  spec.landing_text = landing_5000;
  spec.external_id_type = ORGA_EXTERNAL_ID_STRING;
  spec.external_id_label = label_255;
  g_assert_true (orga_campaign_spec_validate (&spec, &error));
  g_assert_no_error (error);

  /* A profiles collection needs neither profile nor title; blank ones are
   * no title. */
  spec = base_spec ();
  spec.type = ORGA_CAMPAIGN_TYPE_PROFILES_COLLECTION;
  spec.target_profile_id = NULL;
  spec.title = "  ";
  spec.multiple_sendings = TRUE;
  g_assert_true (orga_campaign_spec_validate (&spec, &error));
  g_assert_no_error (error);

  /* The first broken rule is the one reported. */
  spec = base_spec ();
  spec.name = "";
  spec.target_profile_id = NULL;
  g_assert_false (orga_campaign_spec_validate (&spec, &error));
  assert_campaign_error (&error, ORGA_CAMPAIGN_ERROR_NAME_REQUIRED);
}

static void
test_enums (void)
{
  OrgaCampaignType type = ORGA_CAMPAIGN_TYPE_ASSESSMENT;
  OrgaExternalIdType ext = ORGA_EXTERNAL_ID_STRING;

  g_assert_cmpstr (orga_campaign_type_to_string (ORGA_CAMPAIGN_TYPE_ASSESSMENT), ==, "ASSESSMENT");
  g_assert_cmpstr (orga_campaign_type_to_string (ORGA_CAMPAIGN_TYPE_PROFILES_COLLECTION), ==, "PROFILES_COLLECTION");
  g_assert_true (orga_campaign_type_from_string ("PROFILES_COLLECTION", &type));
  g_assert_cmpint (type, ==, ORGA_CAMPAIGN_TYPE_PROFILES_COLLECTION);
  g_assert_false (orga_campaign_type_from_string ("EXAM", &type));
  g_assert_false (orga_campaign_type_from_string (NULL, &type));
  g_assert_cmpstr (orga_campaign_type_get_label (ORGA_CAMPAIGN_TYPE_ASSESSMENT), ==, "Évaluation");
  g_assert_cmpstr (orga_campaign_type_get_label (ORGA_CAMPAIGN_TYPE_PROFILES_COLLECTION), ==, "Collecte de profil");

  g_assert_cmpstr (orga_external_id_type_to_string (ORGA_EXTERNAL_ID_EMAIL), ==, "EMAIL");
  g_assert_null (orga_external_id_type_to_string (ORGA_EXTERNAL_ID_NONE));
  g_assert_true (orga_external_id_type_from_string (NULL, &ext));
  g_assert_cmpint (ext, ==, ORGA_EXTERNAL_ID_NONE);
  g_assert_true (orga_external_id_type_from_string ("STRING", &ext));
  g_assert_cmpint (ext, ==, ORGA_EXTERNAL_ID_STRING);
  g_assert_false (orga_external_id_type_from_string ("PHONE", &ext));
}

/* ------------------------------------------------------------------ */
/* campaigns in the store                                               */
/* ------------------------------------------------------------------ */

static void
test_create (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(OrgaCampaign) campaign = NULL;
  g_autoptr(OrgaCampaign) found = NULL;
  g_autoptr(OrgaCampaign) collection = NULL;
  g_autoptr(GRegex) iso = g_regex_new ("^\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{6}Z$", 0, 0, NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *lower = NULL;
  g_autofree char *typed = NULL;
  OrgaCampaignSpec spec = base_spec ();
  g_autofree char *name = NULL;

  spec.name = "  Rentrée   6e  ";
  spec.owner = " Claire Martin ";
  spec.creator = NULL;
  spec.title = " Parcours de rentrée ";
  spec.landing_text = "Bienvenue !\nBon courage.";
  spec.external_id_type = ORGA_EXTERNAL_ID_STRING;
  spec.external_id_label = "Numéro de l’élève";
  spec.multiple_sendings = TRUE;
  campaign = create (f, &spec);

  g_assert_cmpint (orga_campaign_get_id (campaign), >, 0);
  g_assert_cmpuint (strlen (orga_campaign_get_uuid (campaign)), ==, 36);
  g_assert_cmpint (orga_campaign_get_uuid (campaign)[14], ==, '7');
  g_assert_true (orga_campaign_code_is_valid (orga_campaign_get_code (campaign)));
  /* Trimmed at both ends, the inside kept as typed. */
  g_assert_cmpstr (orga_campaign_get_name (campaign), ==, "Rentrée   6e");
  g_assert_cmpint (orga_campaign_get_campaign_type (campaign), ==, ORGA_CAMPAIGN_TYPE_ASSESSMENT);
  g_assert_cmpstr (orga_campaign_get_target_profile_id (campaign), ==, PROFILE);
  g_assert_nonnull (orga_campaign_get_target_profile (campaign));
  g_assert_cmpstr (orga_campaign_get_target_profile (campaign)->id, ==, PROFILE);
  g_assert_cmpstr (orga_campaign_get_owner (campaign), ==, "Claire Martin");
  /* No creator given: the owner created it. */
  g_assert_cmpstr (orga_campaign_get_creator (campaign), ==, "Claire Martin");
  g_assert_cmpstr (orga_campaign_get_title (campaign), ==, "Parcours de rentrée");
  g_assert_cmpstr (orga_campaign_get_landing_text (campaign), ==, "Bienvenue !\nBon courage.");
  g_assert_cmpint (orga_campaign_get_external_id_type (campaign), ==, ORGA_EXTERNAL_ID_STRING);
  g_assert_cmpstr (orga_campaign_get_external_id_label (campaign), ==, "Numéro de l’élève");
  g_assert_true (orga_campaign_get_multiple_sendings (campaign));
  g_assert_true (g_regex_match (iso, orga_campaign_get_created_at (campaign), 0, NULL));
  g_assert_null (orga_campaign_get_archived_at (campaign));
  g_assert_false (orga_campaign_is_archived (campaign));
  g_assert_cmpuint (orga_campaign_get_participants (campaign), ==, 0);
  g_assert_cmpuint (orga_campaign_get_shared (campaign), ==, 0);

  /* Properties give the same. */
  g_object_get (campaign, "name", &name, NULL);
  g_assert_cmpstr (name, ==, "Rentrée   6e");

  /* Found by its code in any case, with stray blanks. */
  lower = g_ascii_strdown (orga_campaign_get_code (campaign), -1);
  typed = g_strdup_printf ("  %s ", lower);
  found = orga_store_find_campaign_by_code (f->store, f->organization, typed, &error);
  g_assert_no_error (error);
  g_assert_cmpint (orga_campaign_get_id (found), ==, orga_campaign_get_id (campaign));

  g_assert_null (orga_store_find_campaign_by_code (f->store, f->organization, "ZZZZZZ999", &error));
  g_assert_error (error, ORGA_CAMPAIGN_ERROR, ORGA_CAMPAIGN_ERROR_NOT_FOUND);
  g_assert_cmpstr (error->message, ==, "Aucune campagne n’a le code « ZZZZZZ999 ».");
  g_clear_error (&error);

  g_assert_null (orga_store_get_campaign (f->store, 424242, &error));
  g_assert_error (error, ORGA_CAMPAIGN_ERROR, ORGA_CAMPAIGN_ERROR_NOT_FOUND);
  g_assert_cmpstr (error->message, ==, "Cette campagne n’existe pas ou a été supprimée.");
  g_clear_error (&error);

  /* A refused spec writes nothing. */
  spec = base_spec ();
  spec.target_profile_id = "inconnu";
  g_assert_null (orga_store_create_campaign (f->store, f->organization, &spec, &error));
  assert_campaign_error (&error, ORGA_CAMPAIGN_ERROR_PROFILE_UNKNOWN);
  g_assert_cmpint (sql_int (f->store, "SELECT COUNT(*) FROM campaigns"), ==, 1);

  /* A profiles collection stores no profile and no external id type
   * without its label. */
  spec = base_spec ();
  spec.type = ORGA_CAMPAIGN_TYPE_PROFILES_COLLECTION;
  spec.target_profile_id = NULL;
  collection = create (f, &spec);
  g_assert_cmpint (orga_campaign_get_campaign_type (collection), ==, ORGA_CAMPAIGN_TYPE_PROFILES_COLLECTION);
  g_assert_null (orga_campaign_get_target_profile_id (collection));
  g_assert_null (orga_campaign_get_target_profile (collection));
  g_assert_null (orga_campaign_get_title (collection));
  g_assert_cmpint (orga_campaign_get_external_id_type (collection), ==, ORGA_EXTERNAL_ID_NONE);
  g_assert_cmpstr (orga_campaign_get_code (collection), !=, orga_campaign_get_code (campaign));
}

static void
test_list (Fixture       *f,
           gconstpointer  data)
{
  g_autoptr(OrgaCampaign) a = create_named (f, "Évaluation de rentrée 6e", "Mme DUPONT Élise");
  g_autoptr(OrgaCampaign) b = create_named (f, "Protection des données", "M. Léger");
  g_autoptr(OrgaCampaign) c = create_named (f, "EVALUATION finale", "Claire Martin");
  g_autoptr(OrgaCampaign) d = create_named (f, "Collecte de profils", "Claire Martin");
  g_autoptr(GError) error = NULL;
  OrgaCampaignQuery query = { 0 };
  gint64 d_id = orga_campaign_get_id (d);

  /* Newest first. */
  assert_listed (f, NULL, "Collecte de profils|EVALUATION finale|Protection des données|Évaluation de rentrée 6e");

  /* Name search ignores accents and case. */
  query.search = " evaluation ";
  assert_listed (f, &query, "EVALUATION finale|Évaluation de rentrée 6e");

  query.search = "RENTRÉE";
  assert_listed (f, &query, "Évaluation de rentrée 6e");

  query.search = "données";
  query.owner_search = "leger";
  assert_listed (f, &query, "Protection des données");

  query.search = "données";
  query.owner_search = "dupont";
  assert_listed (f, &query, "");

  query.search = NULL;
  query.owner_search = "ELISE";
  assert_listed (f, &query, "Évaluation de rentrée 6e");

  /* "Mes campagnes": exactly this owner. */
  query.owner_search = NULL;
  query.owner = "Claire Martin";
  assert_listed (f, &query, "Collecte de profils|EVALUATION finale");

  query.owner = "claire martin";
  assert_listed (f, &query, "");

  /* Archived campaigns are on their own tab. */
  g_assert_true (orga_store_archive_campaign (f->store, orga_campaign_get_id (b), "Claire Martin", &error));
  g_assert_no_error (error);
  assert_listed (f, NULL, "Collecte de profils|EVALUATION finale|Évaluation de rentrée 6e");
  query = (OrgaCampaignQuery) { .archived = TRUE };
  assert_listed (f, &query, "Protection des données");

  /* Deleted ones on none. */
  g_assert_true (orga_store_delete_campaigns (f->store, &d_id, 1, "Claire Martin", &error));
  g_assert_no_error (error);
  assert_listed (f, NULL, "EVALUATION finale|Évaluation de rentrée 6e");
  assert_listed (f, &query, "Protection des données");
}

static void
test_update (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(OrgaCampaign) campaign = create_named (f, "Rentrée 6e", "Claire Martin");
  g_autoptr(OrgaCampaign) after = NULL;
  g_autoptr(OrgaCampaign) collection = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *long_title_text = long_text (51, "x");
  OrgaCampaignSpec spec = base_spec ();
  OrgaCampaignQuery query = { .search = "sixieme" };
  gint64 id = orga_campaign_get_id (campaign);

  g_assert_true (orga_store_update_campaign (f->store, id, " Rentrée des sixièmes ", "Mon parcours",
                                             "Texte d’accueil", "Paul Durand", &error));
  g_assert_no_error (error);
  after = reload (f, campaign);
  g_assert_cmpstr (orga_campaign_get_name (after), ==, "Rentrée des sixièmes");
  g_assert_cmpstr (orga_campaign_get_title (after), ==, "Mon parcours");
  g_assert_cmpstr (orga_campaign_get_landing_text (after), ==, "Texte d’accueil");
  g_assert_cmpstr (orga_campaign_get_owner (after), ==, "Paul Durand");
  /* The rest is fixed. */
  g_assert_cmpstr (orga_campaign_get_code (after), ==, orga_campaign_get_code (campaign));
  g_assert_cmpstr (orga_campaign_get_creator (after), ==, "Claire Martin");
  g_assert_cmpstr (orga_campaign_get_target_profile_id (after), ==, PROFILE);
  g_assert_cmpstr (orga_campaign_get_created_at (after), ==, orga_campaign_get_created_at (campaign));
  g_clear_object (&after);

  /* The search keys follow the new name and owner. */
  assert_listed (f, &query, "Rentrée des sixièmes");
  query = (OrgaCampaignQuery) { .owner_search = "durand" };
  assert_listed (f, &query, "Rentrée des sixièmes");

  /* NULL title and text clear them. */
  g_assert_true (orga_store_update_campaign (f->store, id, "Rentrée 6e", NULL, NULL, "Paul Durand", &error));
  g_assert_no_error (error);
  after = reload (f, campaign);
  g_assert_null (orga_campaign_get_title (after));
  g_assert_null (orga_campaign_get_landing_text (after));
  g_clear_object (&after);

  /* Validated as at creation; a refusal changes nothing. */
  g_assert_false (orga_store_update_campaign (f->store, id, "  ", NULL, NULL, "Paul Durand", &error));
  assert_campaign_error (&error, ORGA_CAMPAIGN_ERROR_NAME_REQUIRED);
  g_assert_false (orga_store_update_campaign (f->store, id, "Nouveau nom", long_title_text, NULL, "Paul Durand", &error));
  assert_campaign_error (&error, ORGA_CAMPAIGN_ERROR_TITLE_TOO_LONG);
  g_assert_false (orga_store_update_campaign (f->store, id, "Nouveau nom", NULL, NULL, NULL, &error));
  assert_campaign_error (&error, ORGA_CAMPAIGN_ERROR_OWNER_REQUIRED);
  after = reload (f, campaign);
  g_assert_cmpstr (orga_campaign_get_name (after), ==, "Rentrée 6e");
  g_clear_object (&after);

  /* A profiles collection still takes no title. */
  spec.type = ORGA_CAMPAIGN_TYPE_PROFILES_COLLECTION;
  spec.target_profile_id = NULL;
  collection = create (f, &spec);
  g_assert_false (orga_store_update_campaign (f->store, orga_campaign_get_id (collection), "Collecte",
                                              "Un titre", NULL, "Claire Martin", &error));
  assert_campaign_error (&error, ORGA_CAMPAIGN_ERROR_TITLE_FORBIDDEN);

  /* Archived: still editable. */
  g_assert_true (orga_store_archive_campaign (f->store, id, "Claire Martin", &error));
  g_assert_no_error (error);
  g_assert_true (orga_store_update_campaign (f->store, id, "Rentrée 6e (archivée)", NULL, NULL, "Paul Durand", &error));
  g_assert_no_error (error);

  /* Deleted: gone. */
  g_assert_true (orga_store_delete_campaigns (f->store, &id, 1, "Claire Martin", &error));
  g_assert_no_error (error);
  g_assert_false (orga_store_update_campaign (f->store, id, "Encore", NULL, NULL, "Paul Durand", &error));
  assert_campaign_error (&error, ORGA_CAMPAIGN_ERROR_NOT_FOUND);
  g_assert_false (orga_store_update_campaign (f->store, 999999, "Encore", NULL, NULL, "Paul Durand", &error));
  assert_campaign_error (&error, ORGA_CAMPAIGN_ERROR_NOT_FOUND);
}

static void
test_archive (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(OrgaCampaign) campaign = create_named (f, "Rentrée 6e", "Claire Martin");
  g_autoptr(OrgaCampaign) after = NULL;
  g_autoptr(GError) error = NULL;
  gint64 id = orga_campaign_get_id (campaign);

  g_assert_false (orga_store_unarchive_campaign (f->store, id, &error));
  g_assert_error (error, ORGA_CAMPAIGN_ERROR, ORGA_CAMPAIGN_ERROR_NOT_ARCHIVED);
  g_assert_cmpstr (error->message, ==, "Cette campagne n’est pas archivée.");
  g_clear_error (&error);

  g_assert_true (orga_store_archive_campaign (f->store, id, "Paul Durand", &error));
  g_assert_no_error (error);
  after = reload (f, campaign);
  g_assert_true (orga_campaign_is_archived (after));
  g_assert_nonnull (orga_campaign_get_archived_at (after));
  g_assert_cmpstr (orga_campaign_get_archived_by (after), ==, "Paul Durand");
  g_assert_cmpstr (orga_campaign_get_archived_at (after), >=, orga_campaign_get_created_at (after));
  g_clear_object (&after);

  g_assert_false (orga_store_archive_campaign (f->store, id, "Paul Durand", &error));
  g_assert_error (error, ORGA_CAMPAIGN_ERROR, ORGA_CAMPAIGN_ERROR_ALREADY_ARCHIVED);
  g_assert_cmpstr (error->message, ==, "Cette campagne est déjà archivée.");
  g_clear_error (&error);

  g_assert_true (orga_store_unarchive_campaign (f->store, id, &error));
  g_assert_no_error (error);
  after = reload (f, campaign);
  g_assert_false (orga_campaign_is_archived (after));
  g_assert_null (orga_campaign_get_archived_at (after));
  g_assert_null (orga_campaign_get_archived_by (after));
  g_clear_object (&after);

  g_assert_false (orga_store_archive_campaign (f->store, 31337, "Paul Durand", &error));
  assert_campaign_error (&error, ORGA_CAMPAIGN_ERROR_NOT_FOUND);
  g_assert_false (orga_store_unarchive_campaign (f->store, 31337, &error));
  assert_campaign_error (&error, ORGA_CAMPAIGN_ERROR_NOT_FOUND);
}

/* "Dupliquer" pre-fills the form from the campaign; the UI adds "Copie de". */
static void
test_duplicate (Fixture       *f,
                gconstpointer  data)
{
  OrgaCampaignSpec spec = base_spec ();
  g_autoptr(OrgaCampaign) original = NULL;
  g_autoptr(OrgaCampaign) copy = NULL;
  g_autofree char *copy_name = NULL;
  OrgaCampaignSpec back;

  spec.title = "Titre";
  spec.landing_text = "Accueil";
  spec.external_id_type = ORGA_EXTERNAL_ID_EMAIL;
  spec.external_id_label = "Adresse e-mail professionnelle";
  spec.multiple_sendings = TRUE;
  spec.creator = "Paul Durand";
  original = create (f, &spec);

  orga_campaign_to_spec (original, &back);
  g_assert_cmpstr (back.name, ==, spec.name);
  g_assert_cmpint (back.type, ==, spec.type);
  g_assert_cmpstr (back.target_profile_id, ==, spec.target_profile_id);
  g_assert_cmpstr (back.owner, ==, spec.owner);
  g_assert_cmpstr (back.creator, ==, "Paul Durand");
  g_assert_cmpstr (back.title, ==, spec.title);
  g_assert_cmpstr (back.landing_text, ==, spec.landing_text);
  g_assert_cmpint (back.external_id_type, ==, ORGA_EXTERNAL_ID_EMAIL);
  g_assert_cmpstr (back.external_id_label, ==, spec.external_id_label);
  g_assert_true (back.multiple_sendings);
  g_assert_true (orga_campaign_spec_validate (&back, NULL));

  copy_name = g_strdup_printf ("Copie de %s", back.name);
  back.name = copy_name;
  copy = create (f, &back);
  g_assert_cmpstr (orga_campaign_get_name (copy), ==, "Copie de Rentrée 6e");
  g_assert_cmpstr (orga_campaign_get_code (copy), !=, orga_campaign_get_code (original));
  g_assert_cmpint (orga_campaign_get_id (copy), !=, orga_campaign_get_id (original));
  g_assert_cmpstr (orga_campaign_get_external_id_label (copy), ==, "Adresse e-mail professionnelle");
  g_assert_true (orga_campaign_get_multiple_sendings (copy));
}

/* ------------------------------------------------------------------ */
/* participations                                                       */
/* ------------------------------------------------------------------ */

#define DAY 86400
#define T0 1788220800 /* 2026-09-01T00:00:00Z */

static void
test_participations (Fixture       *f,
                     gconstpointer  data)
{
  OrgaCampaignSpec spec = base_spec ();
  g_autoptr(OrgaCampaign) campaign = NULL;
  g_autoptr(OrgaCampaign) counted = NULL;
  g_autoptr(OrgaParticipationSet) set = NULL;
  g_autoptr(OrgaParticipationSet) current = NULL;
  g_autoptr(OrgaParticipationSet) all = NULL;
  g_autoptr(OrgaParticipationSet) again = NULL;
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree guint8 *results = NULL;
  gint64 first;
  guint n_tubes;
  OrgaParticipation p;

  spec.multiple_sendings = TRUE;
  campaign = create (f, &spec);
  n_tubes = orga_target_profile_find (PROFILE)->n_tubes;
  first = add_learners (f->store, orga_organization_get_id (f->organization), 4);
  results = g_malloc0 (n_tubes);

  /* Learners first … first+3 are NOM00001 … NOM00004. The set is given in
   * no particular order: NOM00003 took it twice (the second attempt in a
   * later row), NOM00001 once, NOM00002 once (started). */
  set = orga_participation_set_new (n_tubes);
  p = participation (first + 2, ORGA_PARTICIPATION_SHARED, T0, 0.25);
  p.external_id = "ext-3";
  p.is_certifiable = 1;
  results[0] = 0x03;
  p.results = results;
  orga_participation_set_add (set, &p);
  p = participation (first, ORGA_PARTICIPATION_SHARED, T0 + DAY, 0.5);
  p.pix_score = 42;
  p.validated_skills = 7;
  p.is_demo = TRUE;
  p.is_certifiable = 0;
  orga_participation_set_add (set, &p);
  p = participation (first + 1, ORGA_PARTICIPATION_STARTED, T0 + 2 * DAY, 0.1);
  orga_participation_set_add (set, &p);
  p = participation (first + 2, ORGA_PARTICIPATION_TO_SHARE, T0 + 5 * DAY, 0.75);
  p.is_improved = TRUE; /* ignored: the store decides */
  p.attempt = 9;        /* ignored too */
  orga_participation_set_add (set, &p);

  g_assert_true (orga_store_add_participations (f->store, campaign, set, &error));
  g_assert_no_error (error);

  /* Participants and shared count only the latest attempts: 3 learners,
   * 1 shared (NOM00003's shared attempt is superseded by its TO_SHARE). */
  counted = reload (f, campaign);
  g_assert_cmpuint (orga_campaign_get_participants (counted), ==, 3);
  g_assert_cmpuint (orga_campaign_get_shared (counted), ==, 1);
  list = orga_store_list_campaigns (f->store, f->organization, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (orga_campaign_get_participants (g_ptr_array_index (list, 0)), ==, 3);
  g_assert_cmpuint (orga_campaign_get_shared (g_ptr_array_index (list, 0)), ==, 1);
  g_clear_pointer (&list, g_ptr_array_unref);
  g_clear_object (&counted);

  current = orga_store_load_participations (f->store, campaign, FALSE, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (orga_participation_set_get_results_size (current), ==, n_tubes);
  g_assert_cmpuint (orga_participation_set_get_n (current), ==, 3);
  g_assert_cmpuint (orga_participation_set_count_current (current), ==, 3);
  {
    const OrgaParticipation *a = orga_participation_set_get (current, 0);
    const OrgaParticipation *b = orga_participation_set_get (current, 1);
    const OrgaParticipation *c = orga_participation_set_get (current, 2);

    /* Name order. */
    g_assert_cmpint (a->learner_id, ==, first);
    g_assert_cmpstr (a->last_name, ==, "NOM00001");
    g_assert_cmpstr (a->first_name, ==, "Prénom");
    g_assert_cmpstr (a->division, ==, "6B");
    g_assert_cmpint (a->status, ==, ORGA_PARTICIPATION_SHARED);
    g_assert_cmpint (a->created_at, ==, T0 + DAY);
    g_assert_cmpint (a->shared_at, ==, T0 + DAY + 3600);
    g_assert_cmpfloat (a->mastery_rate, ==, 0.5);
    g_assert_cmpfloat (a->progression, ==, 1.0);
    g_assert_cmpuint (a->pix_score, ==, 42);
    g_assert_cmpuint (a->validated_skills, ==, 7);
    g_assert_cmpint (a->is_certifiable, ==, 0);
    g_assert_true (a->is_demo);
    g_assert_false (a->is_improved);
    g_assert_cmpuint (a->attempt, ==, 1);
    g_assert_null (a->external_id);
    g_assert_cmpint (a->id, >, 0);

    g_assert_cmpint (b->learner_id, ==, first + 1);
    g_assert_cmpint (b->status, ==, ORGA_PARTICIPATION_STARTED);
    g_assert_cmpint (b->shared_at, ==, 0);
    g_assert_cmpint (b->is_certifiable, ==, -1);

    g_assert_cmpint (c->learner_id, ==, first + 2);
    g_assert_cmpint (c->status, ==, ORGA_PARTICIPATION_TO_SHARE);
    g_assert_cmpuint (c->attempt, ==, 2);
    g_assert_false (c->is_improved);
    g_assert_cmpint (c->created_at, ==, T0 + 5 * DAY);
  }

  all = orga_store_load_participations (f->store, campaign, TRUE, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (orga_participation_set_get_n (all), ==, 4);
  g_assert_cmpuint (orga_participation_set_count_current (all), ==, 3);
  g_assert_cmpuint (orga_participation_set_count_shared_attempts (all, first + 2), ==, 1);
  {
    const OrgaParticipation *old = orga_participation_set_get (all, 2);
    const OrgaParticipation *latest = orga_participation_set_get (all, 3);

    g_assert_cmpint (old->learner_id, ==, first + 2);
    g_assert_cmpuint (old->attempt, ==, 1);
    g_assert_true (old->is_improved);
    g_assert_cmpstr (old->external_id, ==, "ext-3");
    g_assert_cmpint (old->is_certifiable, ==, 1);
    g_assert_cmpint (old->results[0], ==, 0x03);
    for (guint i = 1; i < n_tubes; i++)
      g_assert_cmpint (old->results[i], ==, 0);
    g_assert_cmpuint (latest->attempt, ==, 2);
    g_assert_false (latest->is_improved);
  }

  /* A third attempt later supersedes the second. */
  again = orga_participation_set_new (n_tubes);
  p = participation (first + 2, ORGA_PARTICIPATION_SHARED, T0 + 10 * DAY, 0.9);
  orga_participation_set_add (again, &p);
  g_assert_true (orga_store_add_participations (f->store, campaign, again, &error));
  g_assert_no_error (error);
  counted = reload (f, campaign);
  g_assert_cmpuint (orga_campaign_get_participants (counted), ==, 3);
  g_assert_cmpuint (orga_campaign_get_shared (counted), ==, 2);
  g_clear_object (&counted);
  {
    g_autofree char *sql = g_strdup_printf ("SELECT group_concat (attempt || ':' || is_improved, ',') FROM "
                                            "(SELECT attempt, is_improved FROM participations "
                                            " WHERE learner_id = %" G_GINT64_FORMAT " ORDER BY attempt)",
                                            first + 2);
    g_autofree char *attempts = sql_text (f->store, sql);

    g_assert_cmpstr (attempts, ==, "1:1,2:1,3:0");
  }

  /* The student's page: the latest attempt per campaign, with the count. */
  list = orga_store_list_learner_participations (f->store, first + 2, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (list->len, ==, 1);
  {
    const OrgaLearnerParticipation *lp = g_ptr_array_index (list, 0);

    g_assert_cmpint (lp->campaign_id, ==, orga_campaign_get_id (campaign));
    g_assert_cmpstr (lp->campaign_name, ==, "Rentrée 6e");
    g_assert_cmpint (lp->campaign_type, ==, ORGA_CAMPAIGN_TYPE_ASSESSMENT);
    g_assert_cmpint (lp->status, ==, ORGA_PARTICIPATION_SHARED);
    g_assert_cmpuint (lp->attempts, ==, 3);
    g_assert_cmpfloat (lp->mastery_rate, ==, 0.9);
    g_assert_cmpstr (lp->created_at, ==, "2026-09-11T00:00:00.000000Z");
    g_assert_cmpstr (lp->shared_at, ==, "2026-09-11T01:00:00.000000Z");
    g_assert_false (lp->is_demo);
  }
  g_clear_pointer (&list, g_ptr_array_unref);

  list = orga_store_list_learner_participations (f->store, first + 3, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (list->len, ==, 0);
}

static void
test_participation_rules (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(OrgaCampaign) single = create_named (f, "Une seule fois", "Claire Martin");
  g_autoptr(OrgaCampaign) counted = NULL;
  g_autoptr(OrgaParticipationSet) set = NULL;
  g_autoptr(GError) error = NULL;
  guint n_tubes = orga_target_profile_find (PROFILE)->n_tubes;
  gint64 first = add_learners (f->store, orga_organization_get_id (f->organization), 3);
  gint64 stranger;
  OrgaParticipation p;

  exec_sql (f->store, "INSERT INTO organizations (uuid, uai, name, kind, created_at, updated_at) "
                      "VALUES ('other', '0750001B', 'Autre collège', 'sco', '2026-01-01T00:00:00.000000Z', "
                      "'2026-01-01T00:00:00.000000Z')");
  stranger = add_learners (f->store, sql_int (f->store, "SELECT id FROM organizations WHERE uai = '0750001B'"), 1);

  /* Two attempts in one set without multiple sendings: refused whole. */
  set = orga_participation_set_new (n_tubes);
  p = participation (first, ORGA_PARTICIPATION_SHARED, T0, 0.5);
  orga_participation_set_add (set, &p);
  p = participation (first + 1, ORGA_PARTICIPATION_SHARED, T0, 0.5);
  p.first_name = "Léa";
  p.last_name = "MARTIN";
  orga_participation_set_add (set, &p);
  orga_participation_set_add (set, &p);
  g_assert_false (orga_store_add_participations (f->store, single, set, &error));
  g_assert_error (error, ORGA_CAMPAIGN_ERROR, ORGA_CAMPAIGN_ERROR_ALREADY_PARTICIPATED);
  g_assert_cmpstr (error->message, ==, "Léa MARTIN a déjà participé à cette campagne, qui n’autorise pas l’envoi multiple.");
  g_clear_error (&error);
  g_assert_cmpint (sql_int (f->store, "SELECT COUNT(*) FROM participations"), ==, 0);
  g_clear_object (&set);

  /* One each is fine; a second one later is refused. */
  set = orga_participation_set_new (n_tubes);
  p = participation (first, ORGA_PARTICIPATION_SHARED, T0, 0.5);
  orga_participation_set_add (set, &p);
  g_assert_true (orga_store_add_participations (f->store, single, set, &error));
  g_assert_no_error (error);
  g_assert_false (orga_store_add_participations (f->store, single, set, &error));
  assert_campaign_error (&error, ORGA_CAMPAIGN_ERROR_ALREADY_PARTICIPATED);
  g_assert_cmpint (sql_int (f->store, "SELECT COUNT(*) FROM participations"), ==, 1);
  g_clear_object (&set);

  /* A student of another school. */
  set = orga_participation_set_new (n_tubes);
  p = participation (first + 2, ORGA_PARTICIPATION_SHARED, T0, 0.5);
  orga_participation_set_add (set, &p);
  p = participation (stranger, ORGA_PARTICIPATION_SHARED, T0, 0.5);
  orga_participation_set_add (set, &p);
  g_assert_false (orga_store_add_participations (f->store, single, set, &error));
  g_assert_error (error, ORGA_STORE_ERROR, ORGA_STORE_ERROR_OTHER_ORGANIZATION);
  g_clear_error (&error);
  g_assert_cmpint (sql_int (f->store, "SELECT COUNT(*) FROM participations"), ==, 1);
  g_clear_object (&set);

  /* Results of the wrong size for the profile. */
  set = orga_participation_set_new (n_tubes + 1);
  p = participation (first + 2, ORGA_PARTICIPATION_SHARED, T0, 0.5);
  orga_participation_set_add (set, &p);
  g_assert_false (orga_store_add_participations (f->store, single, set, &error));
  g_assert_error (error, ORGA_STORE_ERROR, ORGA_STORE_ERROR_FAILED);
  g_clear_error (&error);
  g_clear_object (&set);

  counted = reload (f, single);
  g_assert_cmpuint (orga_campaign_get_participants (counted), ==, 1);
  g_assert_cmpuint (orga_campaign_get_shared (counted), ==, 1);
}

static void
test_profiles_collection (Fixture       *f,
                          gconstpointer  data)
{
  OrgaCampaignSpec spec = base_spec ();
  g_autoptr(OrgaCampaign) campaign = NULL;
  g_autoptr(OrgaParticipationSet) set = NULL;
  g_autoptr(OrgaParticipationSet) loaded = NULL;
  g_autoptr(GError) error = NULL;
  guint8 pix[ORGA_FRAMEWORK_N_COMPETENCES];
  gint64 first = add_learners (f->store, orga_organization_get_id (f->organization), 1);
  OrgaParticipation p;

  spec.type = ORGA_CAMPAIGN_TYPE_PROFILES_COLLECTION;
  spec.target_profile_id = NULL;
  campaign = create (f, &spec);

  for (guint i = 0; i < G_N_ELEMENTS (pix); i++)
    pix[i] = i * 3;
  set = orga_participation_set_new (ORGA_FRAMEWORK_N_COMPETENCES);
  p = participation (first, ORGA_PARTICIPATION_SHARED, T0, 360.0 / ORGA_MAX_PIX_SCORE);
  p.pix_score = 360;
  p.is_certifiable = 1;
  p.results = pix;
  orga_participation_set_add (set, &p);
  g_assert_true (orga_store_add_participations (f->store, campaign, set, &error));
  g_assert_no_error (error);

  loaded = orga_store_load_participations (f->store, campaign, FALSE, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (orga_participation_set_get_results_size (loaded), ==, ORGA_FRAMEWORK_N_COMPETENCES);
  g_assert_cmpuint (orga_participation_set_get_n (loaded), ==, 1);
  g_assert_cmpmem (orga_participation_set_get (loaded, 0)->results, ORGA_FRAMEWORK_N_COMPETENCES,
                   pix, sizeof pix);
  g_assert_cmpuint (orga_participation_set_get (loaded, 0)->pix_score, ==, 360);
  g_assert_cmpint (orga_participation_set_get (loaded, 0)->is_certifiable, ==, 1);
}

static void
test_delete (Fixture       *f,
             gconstpointer  data)
{
  OrgaCampaignSpec spec = base_spec ();
  g_autoptr(OrgaCampaign) doomed = NULL;
  g_autoptr(OrgaCampaign) kept = NULL;
  g_autoptr(OrgaParticipationSet) set = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *code = NULL;
  guint n_tubes = orga_target_profile_find (PROFILE)->n_tubes;
  gint64 first = add_learners (f->store, orga_organization_get_id (f->organization), 2);
  gint64 ids[2];
  OrgaParticipation p;

  spec.multiple_sendings = TRUE;
  doomed = create (f, &spec);
  kept = create_named (f, "Gardée", "Claire Martin");
  code = g_strdup (orga_campaign_get_code (doomed));

  set = orga_participation_set_new (n_tubes);
  p = participation (first, ORGA_PARTICIPATION_SHARED, T0, 0.5);
  p.external_id = "eleve-1@example.org";
  orga_participation_set_add (set, &p);
  orga_participation_set_add (set, &p);
  p = participation (first + 1, ORGA_PARTICIPATION_STARTED, T0, 0.5);
  orga_participation_set_add (set, &p);
  g_assert_true (orga_store_add_participations (f->store, doomed, set, &error));
  g_assert_no_error (error);
  g_clear_object (&set);
  set = orga_participation_set_new (n_tubes);
  p = participation (first, ORGA_PARTICIPATION_SHARED, T0, 0.5);
  orga_participation_set_add (set, &p);
  g_assert_true (orga_store_add_participations (f->store, kept, set, &error));
  g_assert_no_error (error);

  /* One unknown id and nothing is deleted. */
  ids[0] = orga_campaign_get_id (doomed);
  ids[1] = 987654;
  g_assert_false (orga_store_delete_campaigns (f->store, ids, 2, "Claire Martin", &error));
  assert_campaign_error (&error, ORGA_CAMPAIGN_ERROR_NOT_FOUND);
  g_assert_cmpint (sql_int (f->store, "SELECT COUNT(*) FROM campaigns WHERE deleted_at IS NULL"), ==, 2);
  g_assert_cmpint (sql_int (f->store, "SELECT COUNT(*) FROM participations WHERE deleted_at IS NULL"), ==, 4);

  g_assert_true (orga_store_delete_campaigns (f->store, ids, 1, "Claire Martin", &error));
  g_assert_no_error (error);

  /* Gone from every read. */
  g_assert_null (orga_store_get_campaign (f->store, ids[0], &error));
  assert_campaign_error (&error, ORGA_CAMPAIGN_ERROR_NOT_FOUND);
  g_assert_null (orga_store_find_campaign_by_code (f->store, f->organization, code, &error));
  assert_campaign_error (&error, ORGA_CAMPAIGN_ERROR_NOT_FOUND);
  assert_listed (f, NULL, "Gardée");
  {
    g_autoptr(GPtrArray) list = orga_store_list_learner_participations (f->store, first, &error);

    g_assert_no_error (error);
    g_assert_cmpuint (list->len, ==, 1);
    g_assert_cmpstr (((OrgaLearnerParticipation *) g_ptr_array_index (list, 0))->campaign_name, ==, "Gardée");
  }

  /* Rows kept, but deleted and anonymised; the other campaign untouched. */
  g_assert_cmpint (sql_int (f->store, "SELECT COUNT(*) FROM participations WHERE deleted_at IS NOT NULL "
                                      "AND deleted_by = 'Claire Martin' AND learner_id IS NULL AND external_id IS NULL"), ==, 3);
  g_assert_cmpint (sql_int (f->store, "SELECT COUNT(*) FROM participations WHERE deleted_at IS NULL "
                                      "AND learner_id IS NOT NULL"), ==, 1);
  g_assert_cmpint (sql_int (f->store, "SELECT COUNT(*) FROM campaigns WHERE deleted_by = 'Claire Martin'"), ==, 1);

  /* Deleting twice: not found. */
  g_assert_false (orga_store_delete_campaigns (f->store, ids, 1, "Claire Martin", &error));
  assert_campaign_error (&error, ORGA_CAMPAIGN_ERROR_NOT_FOUND);
  g_assert_false (orga_store_archive_campaign (f->store, ids[0], "Claire Martin", &error));
  assert_campaign_error (&error, ORGA_CAMPAIGN_ERROR_NOT_FOUND);
  {
    g_autoptr(OrgaParticipationSet) more = orga_participation_set_new (n_tubes);

    p = participation (first + 1, ORGA_PARTICIPATION_SHARED, T0, 0.5);
    orga_participation_set_add (more, &p);
    g_assert_false (orga_store_add_participations (f->store, doomed, more, &error));
    assert_campaign_error (&error, ORGA_CAMPAIGN_ERROR_NOT_FOUND);
  }
}

static void
test_demo_data (Fixture       *f,
                gconstpointer  data)
{
  OrgaCampaignSpec spec = base_spec ();
  g_autoptr(OrgaCampaign) campaign = NULL;
  g_autoptr(OrgaCampaign) counted = NULL;
  g_autoptr(OrgaParticipationSet) real = NULL;
  g_autoptr(OrgaParticipationSet) demo = NULL;
  g_autoptr(OrgaParticipationSet) loaded = NULL;
  g_autoptr(GError) error = NULL;
  guint n_tubes = orga_target_profile_find (PROFILE)->n_tubes;
  gint64 first = add_learners (f->store, orga_organization_get_id (f->organization), 3);
  OrgaParticipation p;

  spec.multiple_sendings = TRUE;
  campaign = create (f, &spec);
  g_assert_false (orga_store_has_demo_data (f->store, f->organization));

  real = orga_participation_set_new (n_tubes);
  p = participation (first, ORGA_PARTICIPATION_SHARED, T0, 0.5);
  orga_participation_set_add (real, &p);
  g_assert_true (orga_store_add_participations (f->store, campaign, real, &error));
  g_assert_no_error (error);
  g_assert_false (orga_store_has_demo_data (f->store, f->organization));

  /* Demonstration data: a second attempt over the real one, and others. */
  demo = orga_participation_set_new (n_tubes);
  p = participation (first, ORGA_PARTICIPATION_STARTED, T0 + 5 * DAY, 0.1);
  p.is_demo = TRUE;
  orga_participation_set_add (demo, &p);
  p.learner_id = first + 1;
  orga_participation_set_add (demo, &p);
  p.learner_id = first + 2;
  p.status = ORGA_PARTICIPATION_SHARED;
  p.shared_at = T0 + 6 * DAY;
  orga_participation_set_add (demo, &p);
  g_assert_true (orga_store_add_participations (f->store, campaign, demo, &error));
  g_assert_no_error (error);
  g_assert_true (orga_store_has_demo_data (f->store, f->organization));
  counted = reload (f, campaign);
  g_assert_cmpuint (orga_campaign_get_participants (counted), ==, 3);
  g_assert_cmpuint (orga_campaign_get_shared (counted), ==, 1);
  g_clear_object (&counted);

  g_assert_true (orga_store_delete_demo_data (f->store, f->organization, &error));
  g_assert_no_error (error);
  g_assert_false (orga_store_has_demo_data (f->store, f->organization));

  /* The real participation is the latest again. */
  counted = reload (f, campaign);
  g_assert_cmpuint (orga_campaign_get_participants (counted), ==, 1);
  g_assert_cmpuint (orga_campaign_get_shared (counted), ==, 1);
  loaded = orga_store_load_participations (f->store, campaign, TRUE, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (orga_participation_set_get_n (loaded), ==, 1);
  g_assert_false (orga_participation_set_get (loaded, 0)->is_improved);
  g_assert_false (orga_participation_set_get (loaded, 0)->is_demo);
  g_assert_cmpint (orga_participation_set_get (loaded, 0)->learner_id, ==, first);
}

/* 100,000 participations of 50,000 students (every other one twice):
 * written and read back in well under the 2 s budget on the build
 * machine; the times are reported, and checked loosely so that a
 * sanitizer build passes. */
static void
test_bulk (Fixture       *f,
           gconstpointer  data)
{
  const guint n_learners = 50000;
  OrgaCampaignSpec spec = base_spec ();
  g_autoptr(OrgaCampaign) campaign = NULL;
  g_autoptr(OrgaCampaign) counted = NULL;
  g_autoptr(OrgaParticipationSet) set = NULL;
  g_autoptr(OrgaParticipationSet) current = NULL;
  g_autoptr(OrgaParticipationSet) all = NULL;
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GTimer) timer = g_timer_new ();
  g_autofree guint8 *results = NULL;
  guint n_tubes = orga_target_profile_find (PROFILE)->n_tubes;
  gint64 first = add_learners (f->store, orga_organization_get_id (f->organization), n_learners);
  double add_s, load_s, load_all_s, list_s;
  guint expected_shared = 0;

  spec.multiple_sendings = TRUE;
  campaign = create (f, &spec);
  results = g_malloc0 (n_tubes);

  set = orga_participation_set_new (n_tubes);
  for (guint round = 0; round < 2; round++)
    for (guint i = 0; i < n_learners; i++)
      {
        OrgaParticipation p;
        /* Round 0: everyone; round 1: odd learners again, later. */
        OrgaParticipationStatus status = (i % 3 == 0) ? ORGA_PARTICIPATION_STARTED : ORGA_PARTICIPATION_SHARED;

        if (round == 1 && i % 2 == 0)
          continue;
        if (round == 0 && i % 2 == 1)
          status = ORGA_PARTICIPATION_SHARED;
        p = participation (first + i, status, T0 + round * 10 * DAY + i, (i % 101) / 100.0);
        results[i % n_tubes] = (guint8) (i & 0x7F);
        p.results = results;
        orga_participation_set_add (set, &p);
        results[i % n_tubes] = 0;
      }
  /* Round 1 adds 25,000 second attempts; pad to exactly 100,000 with third
   * attempts for the first 25,000 odd learners. */
  for (guint i = 1; orga_participation_set_get_n (set) < 100000; i += 2)
    {
      OrgaParticipation p = participation (first + i, ORGA_PARTICIPATION_SHARED, T0 + 20 * DAY + i, 0.5);
      orga_participation_set_add (set, &p);
    }
  g_assert_cmpuint (orga_participation_set_get_n (set), ==, 100000);

  /* The latest attempt of each learner: even ones their only one (shared
   * unless i % 3 == 0); odd ones their last, shared either way. */
  for (guint i = 0; i < n_learners; i++)
    expected_shared += (i % 2 == 1) || (i % 3 != 0);

  g_timer_start (timer);
  g_assert_true (orga_store_add_participations (f->store, campaign, set, &error));
  g_assert_no_error (error);
  add_s = g_timer_elapsed (timer, NULL);

  g_timer_start (timer);
  current = orga_store_load_participations (f->store, campaign, FALSE, &error);
  g_assert_no_error (error);
  load_s = g_timer_elapsed (timer, NULL);

  g_timer_start (timer);
  all = orga_store_load_participations (f->store, campaign, TRUE, &error);
  g_assert_no_error (error);
  load_all_s = g_timer_elapsed (timer, NULL);

  g_timer_start (timer);
  list = orga_store_list_campaigns (f->store, f->organization, NULL, &error);
  g_assert_no_error (error);
  list_s = g_timer_elapsed (timer, NULL);

  g_test_message ("100,000 participations: add %.3f s, load latest (%u) %.3f s, load all %.3f s, campaign list %.4f s",
                  add_s, orga_participation_set_get_n (current), load_s, load_all_s, list_s);
  g_printerr ("# 100,000 participations: add %.3f s, load latest (%u) %.3f s, load all %.3f s, campaign list %.4f s\n",
              add_s, orga_participation_set_get_n (current), load_s, load_all_s, list_s);

  g_assert_cmpuint (orga_participation_set_get_n (all), ==, 100000);
  g_assert_cmpuint (orga_participation_set_get_n (current), ==, n_learners);
  g_assert_cmpuint (orga_participation_set_count_current (all), ==, n_learners);
  counted = g_object_ref (g_ptr_array_index (list, 0));
  g_assert_cmpuint (orga_campaign_get_participants (counted), ==, n_learners);
  g_assert_cmpuint (orga_campaign_get_shared (counted), ==, expected_shared);

  /* In name order, a learner's attempts together and in order. */
  for (guint i = 1; i < orga_participation_set_get_n (all); i++)
    {
      const OrgaParticipation *a = orga_participation_set_get (all, i - 1);
      const OrgaParticipation *b = orga_participation_set_get (all, i);

      g_assert_cmpstr (a->last_name, <=, b->last_name);
      if (a->learner_id == b->learner_id)
        {
          g_assert_cmpuint (b->attempt, ==, a->attempt + 1);
          g_assert_true (a->is_improved);
        }
      else
        g_assert_false (a->is_improved);
    }
  /* Learner 1 (odd, index 1): three attempts. */
  g_assert_cmpuint (orga_participation_set_get (all, 1)->attempt, ==, 1);
  g_assert_cmpuint (orga_participation_set_get (all, 3)->attempt, ==, 3);
  g_assert_cmpint (orga_participation_set_get (all, 3)->created_at, ==, T0 + 20 * DAY + 1);
  g_assert_cmpuint (n_tubes, >, 1);
  g_assert_cmpint (orga_participation_set_get (all, 1)->results[1], ==, 1);
  g_assert_cmpint (orga_participation_set_get (all, 1)->results[0], ==, 0);

  /* Generous bounds: a sanitizer build is several times slower. */
  g_assert_cmpfloat (add_s, <, 20.0);
  g_assert_cmpfloat (load_s + load_all_s, <, 20.0);
}

/* ------------------------------------------------------------------ */
/* migration                                                            */
/* ------------------------------------------------------------------ */

static void
test_migration_from_v1 (void)
{
  g_autofree char *path = orga_test_new_db_path ();
  g_autoptr(OrgaStore) store = NULL;
  g_autoptr(OrgaOrganization) organization = NULL;
  g_autoptr(OrgaCampaign) campaign = NULL;
  g_autoptr(GError) error = NULL;
  OrgaCampaignSpec spec = base_spec ();
  sqlite3 *db = NULL;
  char *message = NULL;

  g_assert_cmpuint (_orga_store_get_n_migrations (), ==, ORGA_STORE_SCHEMA_VERSION);

  /* A database as PixOrga 1 left it: its schema, a school, two students. */
  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, _orga_store_get_migration (0), NULL, NULL, &message), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db,
                                 "INSERT INTO organizations (uuid, uai, name, kind, created_at, updated_at) "
                                 "VALUES ('u-org', '" UAI "', 'Collège Jean Moulin', 'sco', "
                                 "'2025-09-01T08:00:00.000000Z', '2025-09-01T08:00:00.000000Z');"
                                 "INSERT INTO learners (uuid, organization_id, ine, last_name, first_name, division, "
                                 "name_key, created_at, updated_at) VALUES "
                                 "('u-1', 1, '0123456789A', 'DUPONT', 'Léa', '6A', 'dupont lea', "
                                 "'2025-09-01T08:00:00.000000Z', '2025-09-01T08:00:00.000000Z'),"
                                 "('u-2', 1, '0123456789B', 'MARTIN', 'Hugo', '6B', 'martin hugo', "
                                 "'2025-09-01T08:00:00.000000Z', '2025-09-01T08:00:00.000000Z');"
                                 "PRAGMA user_version = 1;",
                                 NULL, NULL, &message), ==, SQLITE_OK);
  g_assert_null (message);
  sqlite3_close (db);

  store = orga_store_open (path, &error);
  g_assert_no_error (error);
  g_assert_nonnull (store);
  g_assert_cmpint (sql_int (store, "PRAGMA user_version"), ==, ORGA_STORE_SCHEMA_VERSION);
  g_assert_cmpint (sql_int (store, "SELECT COUNT(*) FROM learners"), ==, 2);
  g_assert_cmpint (sql_int (store, "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' "
                                   "AND name IN ('campaigns', 'participations')"), ==, 2);
  g_assert_cmpint (sql_int (store, "SELECT COUNT(*) FROM pragma_foreign_key_check"), ==, 0);
  g_assert_cmpint (sql_int (store, "SELECT COUNT(*) FROM pragma_integrity_check WHERE integrity_check = 'ok'"), ==, 1);

  organization = orga_store_get_organization (store, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (orga_organization_get_uai (organization), ==, UAI);

  campaign = orga_store_create_campaign (store, organization, &spec, &error);
  g_assert_no_error (error);
  {
    g_autoptr(OrgaParticipationSet) set = orga_participation_set_new (orga_target_profile_find (PROFILE)->n_tubes);
    OrgaParticipation p = participation (2, ORGA_PARTICIPATION_SHARED, T0, 0.5);

    orga_participation_set_add (set, &p);
    g_assert_true (orga_store_add_participations (store, campaign, set, &error));
    g_assert_no_error (error);
  }
  g_clear_object (&campaign);
  g_clear_object (&organization);
  g_assert_finalize_object (g_steal_pointer (&store));

  /* Opening again changes nothing. */
  store = orga_store_open (path, &error);
  g_assert_no_error (error);
  g_assert_cmpint (sql_int (store, "PRAGMA user_version"), ==, ORGA_STORE_SCHEMA_VERSION);
  g_assert_cmpint (sql_int (store, "SELECT COUNT(*) FROM participations"), ==, 1);
}

/* ------------------------------------------------------------------ */

int
main (int   argc,
      char *argv[])
{
  /* French messages from the catalogue built with the app (po/fr.po). */
  orga_test_init (&argc, &argv);

  g_test_add_func ("/campaign/code/alphabet", test_code_alphabet);
  g_test_add_func ("/campaign/code/is-valid", test_code_is_valid);
  g_test_add ("/campaign/code/unique", Fixture, NULL, fixture_set_up, test_code_unique, fixture_tear_down);
  g_test_add_func ("/campaign/validate/rules", test_validate_rules);
  g_test_add_func ("/campaign/validate/lengths", test_validate_lengths);
  g_test_add_func ("/campaign/enums", test_enums);
  g_test_add ("/store/campaigns/create", Fixture, NULL, fixture_set_up, test_create, fixture_tear_down);
  g_test_add ("/store/campaigns/list", Fixture, NULL, fixture_set_up, test_list, fixture_tear_down);
  g_test_add ("/store/campaigns/update", Fixture, NULL, fixture_set_up, test_update, fixture_tear_down);
  g_test_add ("/store/campaigns/archive", Fixture, NULL, fixture_set_up, test_archive, fixture_tear_down);
  g_test_add ("/store/campaigns/duplicate", Fixture, NULL, fixture_set_up, test_duplicate, fixture_tear_down);
  g_test_add ("/store/campaigns/delete", Fixture, NULL, fixture_set_up, test_delete, fixture_tear_down);
  g_test_add ("/store/participations/attempts", Fixture, NULL, fixture_set_up, test_participations, fixture_tear_down);
  g_test_add ("/store/participations/rules", Fixture, NULL, fixture_set_up, test_participation_rules, fixture_tear_down);
  g_test_add ("/store/participations/profiles-collection", Fixture, NULL, fixture_set_up,
              test_profiles_collection, fixture_tear_down);
  g_test_add ("/store/participations/demo", Fixture, NULL, fixture_set_up, test_demo_data, fixture_tear_down);
  g_test_add ("/store/participations/bulk-100k", Fixture, NULL, fixture_set_up, test_bulk, fixture_tear_down);
  g_test_add_func ("/store/migration/from-v1", test_migration_from_v1);

  return g_test_run ();
}
