/* test-export.c: "Exporter les résultats (.csv)" against Pix's format
 *
 * The two golden files under tests/golden were written by hand from spec
 * §6; tests/golden/README.md explains every value. The campaigns and
 * participations below are the ones described there.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <gio/gio.h>
#include <stdlib.h>
#include <string.h>

#include "orga-campaign-export.h"
#include "orga-framework.h"
#include "orga-importer.h"
#include "orga-store-campaigns.h"
#include "orga-test-util.h"

/* ------------------------------------------------------------------ */
/* values                                                               */
/* ------------------------------------------------------------------ */

static char *
string_value (const char *value)
{
  GString *line = g_string_new (NULL);

  orga_csv_append_string (line, value);
  return g_string_free (line, FALSE);
}

static char *
number_value (double value,
              int    decimals)
{
  GString *line = g_string_new (NULL);

  orga_csv_append_number (line, value, decimals);
  return g_string_free (line, FALSE);
}

#define assert_string_value(value, expected) G_STMT_START { \
    g_autofree char *s_ = string_value (value);              \
    g_assert_cmpstr (s_, ==, expected);                      \
  } G_STMT_END

#define assert_number_value(value, decimals, expected) G_STMT_START { \
    g_autofree char *s_ = number_value (value, decimals);             \
    g_assert_cmpstr (s_, ==, expected);                               \
  } G_STMT_END

static void
test_strings (void)
{
  /* The spec's examples. */
  assert_string_value ("2019-03-01", "2019-03-01");
  assert_string_value ("=Bono", "\"'=Bono\"");
  assert_string_value ("@Jean", "\"'@Jean\"");
  assert_string_value ("Observatoire de Pix", "\"Observatoire de Pix\"");
  assert_string_value ("@Campagne de Test N°2", "\"'@Campagne de Test N°2\"");

  /* The four formula characters, and only at the start. */
  assert_string_value ("-x", "\"'-x\"");
  assert_string_value ("+y", "\"'+y\"");
  assert_string_value ("a=b", "\"a=b\"");
  assert_string_value ("'deja", "\"'deja\"");

  /* Digits and "-" only: bare, even a lone "-" (Pix's /^[0-9-]+$/). */
  assert_string_value ("12345", "12345");
  assert_string_value ("-12", "-12");
  assert_string_value ("-", "-");
  assert_string_value ("601", "601");
  assert_string_value ("6-1", "6-1");
  assert_string_value ("12.5", "\"12.5\"");
  assert_string_value ("1 2", "\"1 2\"");

  /* Quotes doubled; ";" and new lines stay inside the quotes. */
  assert_string_value ("Lefèvre \"Lulu\"", "\"Lefèvre \"\"Lulu\"\"\"");
  assert_string_value ("\"", "\"\"\"\"");
  assert_string_value ("a;b\nc", "\"a;b\nc\"");

  /* Empty and missing values. */
  assert_string_value ("", "\"\"");
  assert_string_value (NULL, "\"\"");
  assert_string_value ("3e Européenne", "\"3e Européenne\"");
}

static void
test_numbers (void)
{
  /* The spec's example and integers. */
  assert_number_value (0.75, -1, "0,75");
  assert_number_value (0.75, 2, "0,75");
  assert_number_value (1.0, -1, "1");
  assert_number_value (1.0, 2, "1");
  assert_number_value (0.0, 2, "0");
  assert_number_value (-0.0, -1, "0");
  assert_number_value (40.0, -1, "40");
  assert_number_value (100.0, 2, "100");
  assert_number_value (123456789012.0, -1, "123456789012");

  /* JavaScript's shortest text. */
  assert_number_value (0.5, -1, "0,5");
  assert_number_value (0.67, -1, "0,67");
  assert_number_value (2.0 / 3.0, -1, "0,6666666666666666");
  assert_number_value (0.1 + 0.2, -1, "0,30000000000000004");
  assert_number_value (1.5, -1, "1,5");
  assert_number_value (-2.25, -1, "-2,25");
  assert_number_value (0.000001, -1, "0,000001");
  assert_number_value (1e-7, -1, "1e-7");
  assert_number_value (1.5e-7, -1, "1,5e-7");
  assert_number_value (1e21, -1, "1e+21");
  assert_number_value (1.25e21, -1, "1,25e+21");
  assert_number_value (123456789012345680000.0, -1, "123456789012345680000");

  /* lodash's _.round: 2 decimals, trailing zeros dropped. */
  assert_number_value (2.0 / 3.0, 2, "0,67");
  assert_number_value (5.0 / 6.0, 2, "0,83");
  assert_number_value (1.0 / 17.0, 2, "0,06");
  assert_number_value (12.0 / 17.0, 2, "0,71");
  assert_number_value (0.8, 2, "0,8");
  assert_number_value (0.1, 3, "0,1");
  assert_number_value (7.0 / 17.0, 3, "0,412");
  assert_number_value (0.0005, 3, "0,001");
  assert_number_value (0.0004, 3, "0");
  assert_number_value (1.0 / 8.0, 2, "0,13");
  assert_number_value (5.0 / 8.0, 2, "0,63");
  /* 0.285 and 1.005 are stored just below the half: lodash rounds their
   * text, so up; a plain ×100 would round down. */
  assert_number_value (0.285, 2, "0,29");
  assert_number_value (1.005, 2, "1,01");
  assert_number_value (57.0 / 200.0, 2, "0,29");
  /* Math.round: halves toward +∞. */
  assert_number_value (12.5, 0, "13");
  assert_number_value (-2.5, 0, "-2");
  assert_number_value (-0.001, 2, "0");
  assert_number_value (0.125, 6, "0,125");
}

/* ------------------------------------------------------------------ */
/* campaigns                                                            */
/* ------------------------------------------------------------------ */

static OrgaOrganization *
new_school (void)
{
  return orga_organization_new (1, "0190b3c2-0000-7000-8000-000000000001", "0330001A",
                                "Collège Jean Moulin", ORGA_ORGANIZATION_KIND_SCO);
}

static OrgaCampaign *
new_campaign (gint64            id,
              const char       *code,
              const char       *name,
              OrgaCampaignType  type,
              const char       *profile_id,
              const char       *external_id_label)
{
  OrgaCampaignRow row = { 0 };

  row.id = id;
  row.uuid = "0190b3c2-0000-7000-8000-000000000042";
  row.code = code;
  row.spec.name = name;
  row.spec.type = type;
  row.spec.target_profile_id = profile_id;
  row.spec.owner = "Claire Moreau";
  row.spec.creator = "Claire Moreau";
  row.spec.external_id_type = external_id_label ? ORGA_EXTERNAL_ID_STRING : ORGA_EXTERNAL_ID_NONE;
  row.spec.external_id_label = external_id_label;
  row.spec.multiple_sendings = TRUE;
  row.created_at = "2024-01-05T08:00:00.000000Z";

  return orga_campaign_new_from_row (&row);
}

/* Unix time of a UTC date. */
static gint64
utc (int year,
     int month,
     int day,
     int hour,
     int minute)
{
  g_autoptr(GDateTime) date = g_date_time_new_utc (year, month, day, hour, minute, 0);

  return g_date_time_to_unix (date);
}

/* The profile of tests/golden/README.md: six sujets found by name, so
 * that the golden file does not depend on the tubes' positions. */
static OrgaProfileTube test_tubes[6];

static const OrgaStage test_stages[] = {
  { 0, "Maîtrise insuffisante", "" },
  { 21, "Maîtrise fragile", "" },
  { 51, "Maîtrise satisfaisante", "" },
  { 81, "Très bonne maîtrise", "" },
};

static OrgaTargetProfile test_profile = {
  "test-essai", "Parcours d'essai", "", ORGA_PROFILE_CATEGORY_OTHER, FALSE, TRUE,
  test_tubes, G_N_ELEMENTS (test_tubes), test_stages, G_N_ELEMENTS (test_stages),
};

static void
set_test_tube (guint       i,
               const char *name,
               const char *competence,
               guint       max_level,
               guint8      targeted)
{
  int tube = orga_framework_find_tube (name);

  /* What the golden file assumes of the framework. */
  g_assert_cmpint (tube, >=, 0);
  g_assert_cmpint (orga_framework_get_tube (tube)->competence, ==, orga_framework_find_competence (competence));
  test_tubes[i].tube = (guint16) tube;
  test_tubes[i].max_level = (guint8) max_level;
  g_assert_cmphex (orga_target_profile_tube_skills (&test_profile, i), ==, targeted);
}

static const OrgaTargetProfile *
get_test_profile (void)
{
  set_test_tube (0, "@rechercheWeb", "1.1", 3, 0x07);
  set_test_tube (1, "@navigateur", "1.1", 2, 0x03);
  set_test_tube (2, "@tableur", "1.3", 4, 0x0f);
  set_test_tube (3, "@motDePasse", "4.1", 3, 0x07);
  set_test_tube (4, "@hameconnage", "4.1", 4, 0x0e);
  set_test_tube (5, "@donneesPerso", "4.2", 2, 0x03);
  g_assert_cmpuint (orga_target_profile_count_skills (&test_profile), ==, 17);

  return &test_profile;
}

static void
add (OrgaParticipationSet    *set,
     gint64                   learner,
     const char              *last_name,
     const char              *first_name,
     const char              *division,
     const char              *external_id,
     OrgaParticipationStatus  status,
     gint64                   created_at,
     gint64                   shared_at,
     double                   mastery,
     double                   progression,
     guint                    validated,
     gboolean                 improved,
     const guint8            *results)
{
  OrgaParticipation p = { 0 };

  p.id = orga_participation_set_get_n (set) + 1;
  p.learner_id = learner;
  p.last_name = last_name;
  p.first_name = first_name;
  p.division = division;
  p.external_id = external_id;
  p.status = status;
  p.created_at = created_at;
  p.shared_at = shared_at;
  p.mastery_rate = mastery;
  p.progression = progression;
  p.validated_skills = validated;
  p.is_improved = improved;
  p.attempt = 1;
  p.results = results;
  orga_participation_set_add (set, &p);
}

static OrgaParticipationSet *
new_assessment_participations (void)
{
  static const guint8 bono[6] = { 0x07, 0x01, 0x03, 0x07, 0x06, 0x01 };
  static const guint8 started[6] = { 0x01, 0x00, 0x01, 0x00, 0x00, 0x00 };
  static const guint8 nothing[6] = { 0 };
  static const guint8 first[6] = { 0x01, 0, 0, 0, 0, 0 };
  static const guint8 all[6] = { 0x07, 0x03, 0x0f, 0x07, 0x0e, 0x03 };
  OrgaParticipationSet *set = orga_participation_set_new (6);

  add (set, 1, "=Bono", "@Jean", "4e A", "12345", ORGA_PARTICIPATION_SHARED,
       utc (2024, 3, 30, 23, 30), utc (2024, 3, 31, 1, 30), 12.0 / 17, 1.0, 12, FALSE, bono);
  add (set, 2, "-x", "+y", "", NULL, ORGA_PARTICIPATION_TO_SHARE,
       utc (2024, 10, 27, 0, 30), 0, 0.0, 1.0, 0, FALSE, nothing);
  add (set, 3, "Lefèvre \"Lulu\"", "Léa", "3e Européenne", "A-12", ORGA_PARTICIPATION_STARTED,
       utc (2024, 10, 27, 1, 30), 0, 0.0, 7.0 / 17, 0, FALSE, started);
  add (set, 4, "Martin", "Zoé", "601", "98765", ORGA_PARTICIPATION_SHARED,
       utc (2024, 1, 8, 7, 5), utc (2024, 1, 8, 7, 45), 1.0 / 17, 1.0, 1, TRUE, first);
  add (set, 4, "Martin", "Zoé", "601", "98765", ORGA_PARTICIPATION_SHARED,
       utc (2024, 1, 15, 13, 0), utc (2024, 7, 1, 12, 0), 1.0, 1.0, 17, FALSE, all);

  return set;
}

static OrgaParticipationSet *
new_profiles_participations (void)
{
  static const guint8 chloe[ORGA_FRAMEWORK_N_COMPETENCES] = { 12, 40, 8, 7, 16, 0, 0, 24, 0, 0, 0, 60, 0, 0, 3, 9 };
  static const guint8 noe[ORGA_FRAMEWORK_N_COMPETENCES] = { 8, 8, 8, 8, 7 };
  static const guint8 ines[ORGA_FRAMEWORK_N_COMPETENCES] = { 0 };
  OrgaParticipationSet *set = orga_participation_set_new (ORGA_FRAMEWORK_N_COMPETENCES);
  OrgaParticipation p = { 0 };

  add (set, 1, "Bernard", "Chloé", "2nde 3", NULL, ORGA_PARTICIPATION_SHARED,
       utc (2019, 2, 20, 10, 0), utc (2019, 3, 1, 23, 4), 175.0 / 896, 1.0, 0, FALSE, chloe);
  add (set, 2, "Petit", "=Noé", "2nde 3", NULL, ORGA_PARTICIPATION_SHARED,
       utc (2024, 10, 20, 10, 0), utc (2024, 10, 27, 1, 30), 39.0 / 896, 1.0, 0, FALSE, noe);
  add (set, 3, "Roux", "Inès", "", NULL, ORGA_PARTICIPATION_TO_SHARE,
       utc (2024, 10, 21, 10, 0), 0, 0.0, 1.0, 0, FALSE, ines);

  /* pix_score is not a parameter of add(): set it on copies. */
  {
    g_autoptr(OrgaParticipationSet) scored = orga_participation_set_new (ORGA_FRAMEWORK_N_COMPETENCES);
    static const guint scores[] = { 175, 39, 0 };

    for (guint i = 0; i < orga_participation_set_get_n (set); i++)
      {
        p = *orga_participation_set_get (set, i);
        p.pix_score = scores[i];
        p.is_certifiable = i == 0;
        orga_participation_set_add (scored, &p);
      }

    g_object_unref (set);
    return g_steal_pointer (&scored);
  }
}

static char *
golden_path (const char *name)
{
  return g_test_build_filename (G_TEST_DIST, "golden", name, NULL);
}

static GBytes *
export_to_bytes (OrgaCampaign            *campaign,
                 const OrgaTargetProfile *profile,
                 OrgaParticipationSet    *set)
{
  g_autoptr(OrgaOrganization) school = new_school ();
  g_autoptr(GOutputStream) out = g_memory_output_stream_new_resizable ();
  g_autoptr(GError) error = NULL;

  g_assert_true (orga_campaign_export_csv_with_profile (school, campaign, profile, set, out, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (g_output_stream_close (out, NULL, NULL));

  return g_memory_output_stream_steal_as_bytes (G_MEMORY_OUTPUT_STREAM (out));
}

/* Byte for byte; on a difference, the first differing line in the log. */
static void
assert_golden (GBytes     *bytes,
               const char *name)
{
  g_autofree char *path = golden_path (name);
  g_autofree char *expected = NULL;
  g_autoptr(GError) error = NULL;
  gsize expected_len;
  gsize len;
  const char *actual = g_bytes_get_data (bytes, &len);

  g_file_get_contents (path, &expected, &expected_len, &error);
  g_assert_no_error (error);

  if (len != expected_len || memcmp (actual, expected, len) != 0)
    {
      g_auto(GStrv) want = g_strsplit (expected, "\n", -1);
      g_autofree char *text = g_strndup (actual, len);
      g_auto(GStrv) got = g_strsplit (text, "\n", -1);

      for (guint i = 0; want[i] != NULL && got[i] != NULL; i++)
        if (strcmp (want[i], got[i]) != 0)
          {
            g_test_message ("line %u differs:\n  expected %s\n  got      %s", i + 1, want[i], got[i]);
            break;
          }
      g_test_message ("%s: %" G_GSIZE_FORMAT " bytes expected, %" G_GSIZE_FORMAT " written", name, expected_len, len);
      g_assert_not_reached ();
    }
}

static void
test_golden_assessment (void)
{
  g_autoptr(OrgaCampaign) campaign = new_campaign (42, "QWERTY456", "Rentrée 4e / 2024",
                                                   ORGA_CAMPAIGN_TYPE_ASSESSMENT, "test-essai",
                                                   "Numéro de l'élève");
  g_autoptr(OrgaParticipationSet) set = new_assessment_participations ();
  g_autoptr(GBytes) bytes = export_to_bytes (campaign, get_test_profile (), set);

  assert_golden (bytes, "export-assessment.csv");
}

static void
test_golden_profiles (void)
{
  g_autoptr(OrgaCampaign) campaign = new_campaign (7, "KPRFLM789", "@Collecte N°2",
                                                   ORGA_CAMPAIGN_TYPE_PROFILES_COLLECTION, NULL, NULL);
  g_autoptr(OrgaParticipationSet) set = new_profiles_participations ();
  g_autoptr(GBytes) bytes = export_to_bytes (campaign, NULL, set);

  assert_golden (bytes, "export-profiles.csv");
}

/* A profile of the catalogue, through the public entry point: one column
 * per targeted competence and area, the same count on every line. */
static void
test_catalogue_profile (void)
{
  g_autoptr(OrgaOrganization) school = new_school ();
  g_autoptr(OrgaCampaign) campaign = NULL;
  g_autoptr(OrgaParticipationSet) set = NULL;
  g_autoptr(GOutputStream) out = g_memory_output_stream_new_resizable ();
  g_autoptr(GError) error = NULL;
  g_autofree guint8 *results = NULL;
  g_autofree char *text = NULL;
  g_auto(GStrv) lines = NULL;
  const OrgaTargetProfile *profile;
  guint counts[ORGA_FRAMEWORK_N_COMPETENCES];
  gboolean areas[ORGA_FRAMEWORK_N_AREAS] = { 0 };
  guint n_competences = 0, n_areas = 0, n_columns;

  profile = orga_target_profile_find ("rentree-6e");
  g_assert_nonnull (profile);
  orga_target_profile_count_by_competence (profile, counts);
  for (guint c = 0; c < ORGA_FRAMEWORK_N_COMPETENCES; c++)
    if (counts[c] > 0)
      {
        n_competences++;
        areas[orga_framework_get_competence (c)->area] = TRUE;
      }
  for (guint a = 0; a < ORGA_FRAMEWORK_N_AREAS; a++)
    n_areas += areas[a];

  campaign = new_campaign (3, "ABCDEF123", "Rentrée 6e", ORGA_CAMPAIGN_TYPE_ASSESSMENT, "rentree-6e", NULL);
  g_assert_true (orga_campaign_get_target_profile (campaign) == profile);

  results = g_new0 (guint8, profile->n_tubes);
  for (guint i = 0; i < profile->n_tubes; i++)
    results[i] = orga_target_profile_tube_skills (profile, i);
  set = orga_participation_set_new (profile->n_tubes);
  add (set, 1, "Durand", "Jade", "6e B", NULL, ORGA_PARTICIPATION_SHARED,
       utc (2024, 9, 2, 8, 0), utc (2024, 9, 2, 9, 0), 1.0, 1.0,
       orga_target_profile_count_skills (profile), FALSE, results);
  add (set, 2, "Durand", "Léo", "6e B", NULL, ORGA_PARTICIPATION_STARTED,
       utc (2024, 9, 2, 8, 0), 0, 0.0, 0.25, 0, FALSE, results);

  g_assert_true (orga_campaign_export_csv (school, campaign, set, out, NULL, &error));
  g_assert_no_error (error);
  g_output_stream_close (out, NULL, NULL);
  text = g_strndup (g_memory_output_stream_get_data (G_MEMORY_OUTPUT_STREAM (out)),
                    g_memory_output_stream_get_data_size (G_MEMORY_OUTPUT_STREAM (out)));

  g_assert_true (g_str_has_prefix (text, "\xEF\xBB\xBF\"Nom de l'organisation\";\"ID Campagne\";"));
  g_assert_true (g_str_has_suffix (text, "\n"));
  lines = g_strsplit (text, "\n", -1);
  g_assert_cmpuint (g_strv_length (lines), ==, 4);   /* header, 2 lines, "" */

  /* 8 common columns, no external id, 4 dates/progress, the stage if any,
   * the mastery, then 3 per competence and per area. */
  n_columns = 8 + 4 + (profile->n_stages > 0) + 1 + 3 * (n_competences + n_areas);
  for (guint i = 0; i < 3; i++)
    {
      g_auto(GStrv) fields = g_strsplit (lines[i], ";", -1);
      g_assert_cmpuint (g_strv_length (fields), ==, n_columns);
    }
  g_assert_true (strstr (lines[1], "\"Oui\"") != NULL);

  /* Everything validated: every rate is 1, every validated count equals
   * its targeted count. */
  {
    g_auto(GStrv) fields = g_strsplit (lines[1], ";", -1);
    guint first = n_columns - 3 * (n_competences + n_areas);

    g_assert_cmpstr (fields[first - 1], ==, "1");
    for (guint i = first; i < n_columns; i += 3)
      {
        g_assert_cmpstr (fields[i], ==, "1");
        g_assert_cmpuint (atoi (fields[i + 1]), >, 0);
        g_assert_cmpstr (fields[i + 1], ==, fields[i + 2]);
      }
  }
  g_assert_true (strstr (lines[2], ";0,25;\"02/09/2024 10:00\";\"Non\";\"NA\"") != NULL);
}

static void
test_errors (void)
{
  g_autoptr(OrgaOrganization) school = new_school ();
  g_autoptr(OrgaCampaign) unknown = new_campaign (5, "ABCDEF123", "X", ORGA_CAMPAIGN_TYPE_ASSESSMENT,
                                                  "no-such-profile", NULL);
  g_autoptr(OrgaCampaign) profiles = new_campaign (6, "ABCDEF124", "Y", ORGA_CAMPAIGN_TYPE_PROFILES_COLLECTION,
                                                   NULL, NULL);
  g_autoptr(OrgaParticipationSet) wrong_size = orga_participation_set_new (3);
  g_autoptr(OrgaParticipationSet) set = new_profiles_participations ();
  g_autoptr(GOutputStream) out = g_memory_output_stream_new_resizable ();
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;

  g_assert_false (orga_campaign_export_csv (school, unknown, wrong_size, out, NULL, &error));
  g_assert_error (error, ORGA_CAMPAIGN_ERROR, ORGA_CAMPAIGN_ERROR_PROFILE_UNKNOWN);
  g_assert_nonnull (strstr (error->message, "no-such-profile"));
  g_clear_error (&error);

  /* Results of another shape are refused, never read past their end. */
  g_assert_false (orga_campaign_export_csv (school, profiles, wrong_size, out, NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
  g_clear_error (&error);

  g_cancellable_cancel (cancellable);
  g_assert_false (orga_campaign_export_csv (school, profiles, set, out, cancellable, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&error);

  /* A closed stream: the write error comes back. */
  g_assert_true (g_output_stream_close (out, NULL, NULL));
  g_assert_false (orga_campaign_export_csv (school, profiles, set, out, NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CLOSED);
}

/* ------------------------------------------------------------------ */
/* from the store                                                       */
/* ------------------------------------------------------------------ */

static gboolean
collect_learner_id (const OrgaLearnerRow *row,
                    gpointer              user_data)
{
  g_hash_table_insert (user_data, g_strdup (row->fields.last_name), GINT_TO_POINTER ((int) row->id));
  return TRUE;
}

/* Students imported for real, a campaign created in the store, attempts
 * added there: the export has every attempt, the improved one included,
 * with the learners' names and classes from the store. */
static void
test_from_store (void)
{
  static const char xml[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<BEE_ELEVES VERSION=\"2.1\">\n"
    "<PARAMETRES><UAJ>0330001A</UAJ></PARAMETRES>\n<DONNEES>\n<ELEVES>\n"
    "<ELEVE ELEVE_ID=\"1\"><ID_NATIONAL>111111111AA</ID_NATIONAL><NOM_DE_FAMILLE>=Bono</NOM_DE_FAMILLE>"
    "<PRENOM>@Jean</PRENOM><CODE_SEXE>1</CODE_SEXE><DATE_NAISS>05/03/2012</DATE_NAISS><CODE_PAYS>100</CODE_PAYS>"
    "<CODE_DEPARTEMENT_NAISS>033</CODE_DEPARTEMENT_NAISS><CODE_COMMUNE_INSEE_NAISS>33318</CODE_COMMUNE_INSEE_NAISS>"
    "<CODE_MEF>10010012110</CODE_MEF><CODE_STATUT>ST</CODE_STATUT></ELEVE>\n"
    "<ELEVE ELEVE_ID=\"2\"><ID_NATIONAL>222222222BB</ID_NATIONAL><NOM_DE_FAMILLE>Martin</NOM_DE_FAMILLE>"
    "<PRENOM>Zoé</PRENOM><CODE_SEXE>2</CODE_SEXE><DATE_NAISS>05/03/2012</DATE_NAISS><CODE_PAYS>100</CODE_PAYS>"
    "<CODE_DEPARTEMENT_NAISS>033</CODE_DEPARTEMENT_NAISS><CODE_COMMUNE_INSEE_NAISS>33318</CODE_COMMUNE_INSEE_NAISS>"
    "<CODE_MEF>10010012110</CODE_MEF><CODE_STATUT>ST</CODE_STATUT></ELEVE>\n"
    "</ELEVES>\n<STRUCTURES>\n"
    "<STRUCTURES_ELEVE ELEVE_ID=\"1\"><STRUCTURE><CODE_STRUCTURE>4e A</CODE_STRUCTURE><TYPE_STRUCTURE>D</TYPE_STRUCTURE></STRUCTURE></STRUCTURES_ELEVE>\n"
    "<STRUCTURES_ELEVE ELEVE_ID=\"2\"><STRUCTURE><CODE_STRUCTURE>601</CODE_STRUCTURE><TYPE_STRUCTURE>D</TYPE_STRUCTURE></STRUCTURE></STRUCTURES_ELEVE>\n"
    "</STRUCTURES>\n</DONNEES>\n</BEE_ELEVES>\n";
  g_autofree char *db = orga_test_new_school_db ("0330001A", ORGA_ORGANIZATION_KIND_SCO);
  g_autofree char *file = orga_test_write_temp_file ("export-eleves.xml", xml, sizeof xml - 1);
  g_autoptr(OrgaImporter) importer = orga_importer_new (db, file);
  g_autoptr(OrgaImportReport) report = NULL;
  g_autoptr(OrgaStore) store = NULL;
  g_autoptr(OrgaOrganization) school = NULL;
  g_autoptr(OrgaCampaign) campaign = NULL;
  g_autoptr(OrgaCampaign) found = NULL;
  g_autoptr(OrgaParticipationSet) added = NULL;
  g_autoptr(OrgaParticipationSet) loaded = NULL;
  g_autoptr(GHashTable) ids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GOutputStream) out = g_memory_output_stream_new_resizable ();
  g_autoptr(GError) error = NULL;
  g_autofree guint8 *results = NULL;
  g_autofree char *text = NULL;
  g_auto(GStrv) lines = NULL;
  const OrgaTargetProfile *profile;
  OrgaLearnerQuery query = { 0 };
  OrgaCampaignSpec spec = { 0 };
  gint64 bono, martin;

  report = orga_importer_run (importer, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (orga_import_report_get_status (report), ==, ORGA_IMPORT_STATUS_IMPORTED);

  store = orga_store_open (db, &error);
  g_assert_no_error (error);
  school = orga_store_get_organization (store, &error);
  g_assert_no_error (error);
  g_assert_true (orga_store_foreach_learner (store, school, &query, collect_learner_id, ids, &error));
  bono = GPOINTER_TO_INT (g_hash_table_lookup (ids, "=Bono"));
  martin = GPOINTER_TO_INT (g_hash_table_lookup (ids, "Martin"));
  g_assert_cmpint (bono, >, 0);
  g_assert_cmpint (martin, >, 0);

  spec.name = "Rentrée 6e";
  spec.type = ORGA_CAMPAIGN_TYPE_ASSESSMENT;
  spec.target_profile_id = "rentree-6e";
  spec.owner = "Claire Moreau";
  spec.creator = "Claire Moreau";
  spec.external_id_type = ORGA_EXTERNAL_ID_STRING;
  spec.external_id_label = "Identifiant ENT";
  spec.multiple_sendings = TRUE;
  campaign = orga_store_create_campaign (store, school, &spec, &error);
  g_assert_no_error (error);
  profile = orga_campaign_get_target_profile (campaign);
  g_assert_nonnull (profile);

  results = g_new0 (guint8, profile->n_tubes);
  results[0] = orga_target_profile_tube_skills (profile, 0);
  added = orga_participation_set_new (profile->n_tubes);
  add (added, martin, "", "", "", "zoe.martin", ORGA_PARTICIPATION_SHARED,
       utc (2024, 9, 2, 8, 0), utc (2024, 9, 2, 9, 0), 0.1, 1.0, 1, FALSE, results);
  add (added, martin, "", "", "", "zoe.martin", ORGA_PARTICIPATION_STARTED,
       utc (2024, 9, 9, 8, 0), 0, 0.0, 0.5, 0, FALSE, results);
  add (added, bono, "", "", "", NULL, ORGA_PARTICIPATION_TO_SHARE,
       utc (2024, 9, 3, 8, 0), 0, 0.0, 1.0, 0, FALSE, results);
  g_assert_true (orga_store_add_participations (store, campaign, added, &error));
  g_assert_no_error (error);

  /* Read back as the CLI and the app do. */
  found = orga_store_find_campaign_by_code (store, school, orga_campaign_get_code (campaign), &error);
  g_assert_no_error (error);
  loaded = orga_store_load_participations (store, found, TRUE, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (orga_participation_set_get_n (loaded), ==, 3);

  g_assert_true (orga_campaign_export_csv (school, found, loaded, out, NULL, &error));
  g_assert_no_error (error);
  g_output_stream_close (out, NULL, NULL);
  text = g_strndup (g_memory_output_stream_get_data (G_MEMORY_OUTPUT_STREAM (out)),
                    g_memory_output_stream_get_data_size (G_MEMORY_OUTPUT_STREAM (out)));
  lines = g_strsplit (text, "\n", -1);
  g_assert_cmpuint (g_strv_length (lines), ==, 5);
  g_assert_nonnull (strstr (lines[0], ";\"Classe\";\"Identifiant ENT\";\"% de progression\";"));

  /* Every line names the learner from the store, in the store's order
   * (name, then attempt). */
  {
    g_autofree char *prefix = g_strdup_printf ("\"Collège Jean Moulin\";%" G_GINT64_FORMAT ";\"%s\";\"Rentrée 6e\";\"%s\";",
                                               orga_campaign_get_id (found), orga_campaign_get_code (found), profile->name);

    for (guint i = 1; i <= 3; i++)
      g_assert_true (g_str_has_prefix (lines[i], prefix));
    g_assert_nonnull (strstr (lines[1], ";\"'=Bono\";\"'@Jean\";\"4e A\";\"\";1;\"03/09/2024 10:00\";\"Non\";\"NA\";"));
    g_assert_nonnull (strstr (lines[2], ";\"Martin\";\"Zoé\";601;\"zoe.martin\";1;\"02/09/2024 10:00\";\"Oui\";\"02/09/2024 11:00\";"));
    g_assert_nonnull (strstr (lines[3], ";\"Martin\";\"Zoé\";601;\"zoe.martin\";0,5;\"09/09/2024 10:00\";\"Non\";\"NA\";"));
  }
}

/* ------------------------------------------------------------------ */
/* into a file                                                          */
/* ------------------------------------------------------------------ */

typedef struct
{
  gboolean  done;
  gboolean  ok;
  GError   *error;
} Exported;

static void
on_exported (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  Exported *exported = user_data;

  exported->ok = orga_campaign_export_to_file_finish (result, &exported->error);
  exported->done = TRUE;
}

static void
wait_for (Exported *exported)
{
  while (!exported->done)
    g_main_context_iteration (NULL, TRUE);
}

/* The async export, then a failed and a cancelled one that must leave the
 * file as it was. */
static void
test_to_file (void)
{
  g_autoptr(OrgaOrganization) school = new_school ();
  g_autoptr(OrgaCampaign) campaign = new_campaign (7, "KPRFLM789", "@Collecte N°2",
                                                   ORGA_CAMPAIGN_TYPE_PROFILES_COLLECTION, NULL, NULL);
  g_autoptr(OrgaCampaign) unknown = new_campaign (5, "ABCDEF123", "X", ORGA_CAMPAIGN_TYPE_ASSESSMENT,
                                                  "no-such-profile", NULL);
  g_autoptr(OrgaParticipationSet) set = new_profiles_participations ();
  g_autofree char *path = orga_test_write_temp_file ("Resultats-export.csv", "old", 3);
  g_autofree char *golden = golden_path ("export-profiles.csv");
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *expected = NULL;
  g_autofree char *written = NULL;
  Exported first = { 0 };
  Exported cancelled = { 0 };

  g_assert_true (g_file_get_contents (golden, &expected, NULL, NULL));

  orga_campaign_export_to_file_async (school, campaign, set, file, NULL, on_exported, &first);
  wait_for (&first);
  g_assert_no_error (first.error);
  g_assert_true (first.ok);
  g_assert_true (g_file_get_contents (path, &written, NULL, NULL));
  g_assert_cmpstr (written, ==, expected);
  g_clear_pointer (&written, g_free);

  g_assert_false (orga_campaign_export_to_file (school, unknown, set, file, NULL, &error));
  g_assert_error (error, ORGA_CAMPAIGN_ERROR, ORGA_CAMPAIGN_ERROR_PROFILE_UNKNOWN);
  g_clear_error (&error);
  g_assert_true (g_file_get_contents (path, &written, NULL, NULL));
  g_assert_cmpstr (written, ==, expected);
  g_clear_pointer (&written, g_free);

  g_cancellable_cancel (cancellable);
  orga_campaign_export_to_file_async (school, campaign, set, file, cancellable, on_exported, &cancelled);
  wait_for (&cancelled);
  g_assert_false (cancelled.ok);
  g_assert_error (cancelled.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&cancelled.error);
  g_assert_true (g_file_get_contents (path, &written, NULL, NULL));
  g_assert_cmpstr (written, ==, expected);

  /* And no temporary file left beside it. */
  {
    g_autofree char *folder = g_path_get_dirname (path);
    g_autoptr(GDir) dir = g_dir_open (folder, 0, NULL);
    const char *name;

    g_assert_nonnull (dir);
    while ((name = g_dir_read_name (dir)) != NULL)
      g_assert_false (g_str_has_prefix (name, ".goutputstream"));
  }
}

/* A failed export, in the worker as the page runs it, leaves the earlier
 * file untouched, and no file at all where there was none. */
static void
test_to_file_failed (void)
{
  g_autoptr(OrgaOrganization) school = new_school ();
  g_autoptr(OrgaCampaign) unknown = new_campaign (5, "ABCDEF123", "X", ORGA_CAMPAIGN_TYPE_ASSESSMENT,
                                                  "no-such-profile", NULL);
  g_autoptr(OrgaParticipationSet) set = new_profiles_participations ();
  g_autofree char *path = orga_test_write_temp_file ("Resultats-earlier.csv", "earlier;export\n", -1);
  g_autofree char *folder = g_path_get_dirname (path);
  g_autofree char *new_path = g_build_filename (folder, "Resultats-new.csv", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GFile) new_file = g_file_new_for_path (new_path);
  g_autoptr(GError) error = NULL;
  g_autofree char *written = NULL;
  Exported failed = { 0 };
  Exported failed_new = { 0 };

  orga_campaign_export_to_file_async (school, unknown, set, file, NULL, on_exported, &failed);
  wait_for (&failed);
  g_assert_false (failed.ok);
  g_assert_error (failed.error, ORGA_CAMPAIGN_ERROR, ORGA_CAMPAIGN_ERROR_PROFILE_UNKNOWN);
  g_clear_error (&failed.error);
  g_assert_true (g_file_get_contents (path, &written, NULL, NULL));
  g_assert_cmpstr (written, ==, "earlier;export\n");

  g_assert_false (g_file_test (new_path, G_FILE_TEST_EXISTS));
  orga_campaign_export_to_file_async (school, unknown, set, new_file, NULL, on_exported, &failed_new);
  wait_for (&failed_new);
  g_assert_false (failed_new.ok);
  g_assert_error (failed_new.error, ORGA_CAMPAIGN_ERROR, ORGA_CAMPAIGN_ERROR_PROFILE_UNKNOWN);
  g_clear_error (&failed_new.error);
  g_assert_false (g_file_test (new_path, G_FILE_TEST_EXISTS));

  /* Nor a temporary file beside them. */
  {
    g_autoptr(GDir) dir = g_dir_open (folder, 0, NULL);
    const char *name;

    g_assert_nonnull (dir);
    while ((name = g_dir_read_name (dir)) != NULL)
      g_assert_false (g_str_has_prefix (name, ".goutputstream"));
  }
}

/* ------------------------------------------------------------------ */
/* file name                                                            */
/* ------------------------------------------------------------------ */

static void
test_file_name (void)
{
  g_autoptr(OrgaCampaign) campaign = new_campaign (42, "QWERTY456", "Rentrée 4e / 2024",
                                                   ORGA_CAMPAIGN_TYPE_ASSESSMENT, "test-essai", NULL);
  g_autoptr(OrgaCampaign) odd = new_campaign (9, "QWERTY457", "Bilan: \"6e\\A\" <*?|>",
                                              ORGA_CAMPAIGN_TYPE_ASSESSMENT, "test-essai", NULL);
  /* 01:30 UTC on the last Sunday of March is 03:30 in Paris (CEST). */
  g_autoptr(GDateTime) spring = g_date_time_new_utc (2024, 3, 31, 1, 30, 0);
  g_autoptr(GDateTime) winter = g_date_time_new_utc (2024, 1, 8, 7, 5, 0);
  g_autoptr(GTimeZone) tokyo = g_time_zone_new_identifier ("Asia/Tokyo");
  g_autoptr(GDateTime) from_tokyo = NULL;
  g_autoptr(OrgaParticipationSet) real = orga_participation_set_new (6);
  g_autoptr(OrgaParticipationSet) demo = orga_participation_set_new (6);
  g_autofree char *a = orga_campaign_export_file_name (campaign, real, spring);
  g_autofree char *b = orga_campaign_export_file_name (campaign, real, winter);
  g_autofree char *c = orga_campaign_export_file_name (odd, real, winter);
  g_autofree char *d = NULL;
  g_autofree char *e = NULL;
  guint8 results[6] = { 0 };
  OrgaParticipation p = { .learner_id = 1, .results = results, .is_certifiable = -1 };

  g_assert_cmpstr (a, ==, "Resultats-Rentrée 4e _ 2024-42-2024-03-31-0330.csv");
  g_assert_cmpstr (b, ==, "Resultats-Rentrée 4e _ 2024-42-2024-01-08-0805.csv");
  g_assert_cmpstr (c, ==, "Resultats-Bilan_ _6e_A_ _____-9-2024-01-08-0805.csv");

  /* The time is Paris time whatever zone @now is in. */
  g_assert_nonnull (tokyo);
  from_tokyo = g_date_time_to_timezone (winter, tokyo);
  d = orga_campaign_export_file_name (campaign, real, from_tokyo);
  g_assert_cmpstr (d, ==, b);

  /* Demonstration data, even one row among real ones, says so first. */
  orga_participation_set_add (real, &p);
  p.learner_id = 2;
  p.is_demo = TRUE;
  orga_participation_set_add (demo, &p);
  g_clear_pointer (&d, g_free);
  d = orga_campaign_export_file_name (campaign, real, winter);
  g_assert_cmpstr (d, ==, b);
  orga_participation_set_add (real, &p);
  g_assert_true (orga_participation_set_has_demo (real));
  e = orga_campaign_export_file_name (campaign, real, winter);
  g_assert_cmpstr (e, ==, "DEMONSTRATION-Resultats-Rentrée 4e _ 2024-42-2024-01-08-0805.csv");
  g_clear_pointer (&e, g_free);
  e = orga_campaign_export_file_name (campaign, demo, winter);
  g_assert_cmpstr (e, ==, "DEMONSTRATION-Resultats-Rentrée 4e _ 2024-42-2024-01-08-0805.csv");
}

/* ------------------------------------------------------------------ */
/* size                                                                 */
/* ------------------------------------------------------------------ */

/* A GOutputStream that only counts, so that the measure is the export's. */
typedef struct
{
  GOutputStream parent_instance;
  gsize         bytes;
  guint         lines;
  guint         writes;
} CountingStream;

typedef GOutputStreamClass CountingStreamClass;

static GType counting_stream_get_type (void);
G_DEFINE_TYPE (CountingStream, counting_stream, G_TYPE_OUTPUT_STREAM)

static gssize
counting_stream_write (GOutputStream  *stream,
                       const void     *buffer,
                       gsize           count,
                       GCancellable   *cancellable,
                       GError        **error)
{
  CountingStream *self = (CountingStream *) stream;
  const char *p = buffer;

  for (gsize i = 0; i < count; i++)
    self->lines += p[i] == '\n';
  self->bytes += count;
  self->writes++;
  return (gssize) count;
}

static void
counting_stream_class_init (CountingStreamClass *klass)
{
  klass->write_fn = counting_stream_write;
}

static void
counting_stream_init (CountingStream *self)
{
}

static void
test_hundred_thousand (void)
{
  g_autoptr(OrgaOrganization) school = new_school ();
  g_autoptr(OrgaCampaign) campaign = new_campaign (42, "QWERTY456", "Rentrée 4e / 2024",
                                                   ORGA_CAMPAIGN_TYPE_ASSESSMENT, "test-essai",
                                                   "Numéro de l'élève");
  g_autoptr(OrgaParticipationSet) set = orga_participation_set_new (6);
  g_autoptr(GError) error = NULL;
  CountingStream *out = g_object_new (counting_stream_get_type (), NULL);
  const OrgaTargetProfile *profile = get_test_profile ();
  const guint n = 100000;
  gint64 start;
  double seconds;

  for (guint i = 0; i < n; i++)
    {
      guint8 results[6];
      char last[32], ext[16];
      guint validated = 0;

      for (guint t = 0; t < 6; t++)
        {
          results[t] = (guint8) (g_test_rand_int () & orga_target_profile_tube_skills (profile, t));
          validated += (guint) __builtin_popcount (results[t]);
        }
      g_snprintf (last, sizeof last, "Élève %u", i);
      g_snprintf (ext, sizeof ext, "%u", 100000 + i);
      add (set, i, last, "Prénom", i % 2 ? "4e A" : "4e B", ext,
           i % 5 == 0 ? ORGA_PARTICIPATION_STARTED : ORGA_PARTICIPATION_SHARED,
           1700000000 + i * 60, 1700003600 + i * 60, validated / 17.0, (i % 17) / 17.0,
           validated, FALSE, results);
    }

  start = g_get_monotonic_time ();
  g_assert_true (orga_campaign_export_csv_with_profile (school, ORGA_CAMPAIGN (campaign), profile, set,
                                                        G_OUTPUT_STREAM (out), NULL, &error));
  seconds = (g_get_monotonic_time () - start) / 1e6;
  g_assert_no_error (error);

  g_test_message ("100,000 lines: %.3f s, %.1f MB in %u writes",
                  seconds, out->bytes / 1e6, out->writes);
  g_assert_cmpuint (out->lines, ==, n + 1);
  /* Streamed: written in pieces of about 64 KiB, not in one go. */
  g_assert_cmpuint (out->writes, >, out->bytes / (128 * 1024));
#if !defined(__SANITIZE_ADDRESS__)
  g_assert_cmpfloat (seconds, <, 2.0);
#endif

  g_object_unref (out);
}

int
main (int    argc,
      char **argv)
{
  orga_test_init (&argc, &argv);

  g_test_add_func ("/export/strings", test_strings);
  g_test_add_func ("/export/numbers", test_numbers);
  g_test_add_func ("/export/file-name", test_file_name);
  g_test_add_func ("/export/golden-assessment", test_golden_assessment);
  g_test_add_func ("/export/golden-profiles", test_golden_profiles);
  g_test_add_func ("/export/catalogue-profile", test_catalogue_profile);
  g_test_add_func ("/export/errors", test_errors);
  g_test_add_func ("/export/from-store", test_from_store);
  g_test_add_func ("/export/to-file", test_to_file);
  g_test_add_func ("/export/to-file-failed", test_to_file_failed);
  g_test_add_func ("/export/hundred-thousand", test_hundred_thousand);

  return g_test_run ();
}
