/* test-json.c: the wire format, both ways, and what it refuses
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "orga-json.h"
#include "orga-json-writer.h"
#include "orga-test-util.h"

/* Text → node → object, then object → text again: the same bytes. */
static JsonNode *
parse (const char *text)
{
  g_autoptr(GError) error = NULL;
  JsonNode *node = orga_json_parse (text, -1, &error);

  g_assert_no_error (error);
  g_assert_nonnull (node);
  return node;
}

static void
assert_refused (GError     *error,
                const char *member)
{
  g_assert_error (error, ORGA_JSON_ERROR, ORGA_JSON_ERROR_INVALID);
  g_test_message ("%s", error->message);
  /* The sentence names the member at fault. */
  if (member != NULL)
    g_assert_nonnull (strstr (error->message, member));
}

/* ---- students ------------------------------------------------------- */

static OrgaLearner *
sample_learner (void)
{
  OrgaLearnerRow row = {
    .id = 7,
    .uuid = "0190f0a0-0000-7000-8000-000000000007",
    .fields = {
      .ine = "123456789AB",
      .last_name = "L'HÔPITAL \"dit\" \\ Œuf",
      .first_name = "Éloïse\tTab",
      .middle_name = "",
      .sex = "F",
      .birthdate = "2012-02-29",
      .birth_country_code = "100",
      .birth_city_code = "33318",
      .mef_code = "10010012110",
      .status = "ST",
      .division = "6A",
    },
    .disabled_at = "2024-07-15T08:05:00.000000Z",
    .created_at = "2024-01-02T10:00:00.123456Z",
    .updated_at = "2024-07-15T08:05:00.000000Z",
  };

  return orga_learner_new_from_row (&row);
}

static void
test_learner_round_trip (void)
{
  g_autoptr(OrgaLearner) learner = sample_learner ();
  g_autoptr(JsonNode) node = orga_json_learner_to_node (learner);
  g_autofree char *text = orga_json_to_data (node, FALSE);
  g_autoptr(JsonNode) parsed = parse (text);
  g_autoptr(GError) error = NULL;
  g_autoptr(OrgaLearner) back = orga_json_learner_from_node (parsed, &error);
  g_autoptr(JsonNode) again = NULL;
  g_autofree char *text_again = NULL;

  g_assert_no_error (error);
  g_assert_cmpstr (orga_learner_get_last_name (back), ==, "L'HÔPITAL \"dit\" \\ Œuf");
  g_assert_cmpstr (orga_learner_get_middle_name (back), ==, "");
  g_assert_null (orga_learner_get_third_name (back));
  g_assert_true (orga_learner_get_disabled (back));
  again = orga_json_learner_to_node (back);
  text_again = orga_json_to_data (again, FALSE);
  g_assert_cmpstr (text_again, ==, text);

  /* The keys and their order are the CLI's contract. */
  g_assert_true (g_str_has_prefix (text, "{\"ine\":\"123456789AB\",\"last_name\":"));
  g_assert_nonnull (strstr (text, "\"division\":\"6A\",\"disabled\":true,\"uuid\":"));
}

static void
test_learner_refused (void)
{
  static const struct {
    const char *json;
    const char *member;
  } cases[] = {
    { "{\"first_name\":\"A\",\"disabled\":false}", "last_name" },
    { "{\"last_name\":\"\",\"first_name\":\"A\",\"disabled\":false}", "last_name" },
    { "{\"last_name\":42,\"first_name\":\"A\",\"disabled\":false}", "last_name" },
    { "{\"last_name\":\"B\",\"first_name\":\"A\",\"sex\":\"X\",\"disabled\":false}", "sex" },
    { "{\"last_name\":\"B\",\"first_name\":\"A\",\"birthdate\":\"2013-02-29\",\"disabled\":false}", "birthdate" },
    { "{\"last_name\":\"B\",\"first_name\":\"A\",\"birthdate\":\"15/07/2012\",\"disabled\":false}", "birthdate" },
    { "{\"last_name\":\"B\",\"first_name\":\"A\",\"disabled\":\"no\"}", "disabled" },
    { "{\"last_name\":\"B\",\"first_name\":\"A\",\"disabled\":true}", "disabled" },
    { "{\"last_name\":\"B\",\"first_name\":\"A\",\"disabled\":false,\"created_at\":\"yesterday\"}", "created_at" },
    { "[]", NULL },
    { "\"B\"", NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(JsonNode) node = parse (cases[i].json);
      g_autoptr(GError) error = NULL;
      g_autoptr(OrgaLearner) learner = orga_json_learner_from_node (node, &error);

      g_test_message ("%s", cases[i].json);
      g_assert_null (learner);
      assert_refused (error, cases[i].member);
    }

  /* The smallest valid student. */
  {
    g_autoptr(JsonNode) node = parse ("{\"last_name\":\"B\",\"first_name\":\"A\",\"disabled\":false}");
    g_autoptr(GError) error = NULL;
    g_autoptr(OrgaLearner) learner = orga_json_learner_from_node (node, &error);

    g_assert_no_error (error);
    g_assert_cmpstr (orga_learner_get_first_name (learner), ==, "A");
  }
}

static void
test_syntax (void)
{
  const char *broken[] = { "{", "", "{\"a\":}", "[1,]" };

  for (guint i = 0; i < G_N_ELEMENTS (broken); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(JsonNode) node = orga_json_parse (broken[i], -1, &error);

      g_assert_null (node);
      g_assert_error (error, ORGA_JSON_ERROR, ORGA_JSON_ERROR_SYNTAX);
    }
}

/* ---- imports -------------------------------------------------------- */

static void
test_import_record_round_trip (void)
{
  OrgaImportRecord record = {
    .uuid = "0190f0a0-0000-7000-8000-000000000001",
    .created_at = "2024-07-15T08:05:00.000000Z",
    .created_by = "Mme Martin",
    .file_name = "ElevesSansAdresses.zip",
    .format = "siecle-zip",
    .encoding = "ISO-8859-15",
    .status = "rejected",
    .errors_json = "[{\"code\":\"SEX_CODE_REQUIRED\",\"line\":13,\"field\":\"CODE_SEXE\",\"ine\":\"0123456789A\",\"message\":\"Ligne 13 : le champ sexe est vide.\"},"
                   "{\"code\":\"UAI_MISMATCHED\",\"line\":null,\"field\":null,\"ine\":null,\"message\":\"Mauvais UAI.\"}]",
  };
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) node = NULL;
  g_autofree char *text = NULL;
  g_autoptr(JsonNode) parsed = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(OrgaImportRecord) back = NULL;
  g_autoptr(JsonBuilder) builder_again = json_builder_new ();
  g_autoptr(JsonNode) again = NULL;
  g_autofree char *text_again = NULL;

  orga_json_build_import_record (builder, &record);
  node = json_builder_get_root (builder);
  text = orga_json_to_data (node, TRUE);
  parsed = parse (text);
  back = orga_json_import_record_from_node (parsed, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (back->errors_json, ==, record.errors_json);
  g_assert_cmpstr (back->created_by, ==, "Mme Martin");

  orga_json_build_import_record (builder_again, back);
  again = json_builder_get_root (builder_again);
  text_again = orga_json_to_data (again, TRUE);
  g_assert_cmpstr (text_again, ==, text);
}

static void
test_import_record_refused (void)
{
  static const struct {
    const char *json;
    const char *member;
  } cases[] = {
    { "{\"uuid\":\"u\",\"created_at\":\"2024-07-15T08:05:00Z\",\"status\":\"done\",\"created\":0,\"updated\":0,\"unchanged\":0,\"disabled\":0,\"ignored\":0}", "status" },
    { "{\"uuid\":\"u\",\"created_at\":\"2024-07-15T08:05:00Z\",\"status\":\"imported\",\"created\":-1,\"updated\":0,\"unchanged\":0,\"disabled\":0,\"ignored\":0}", "created" },
    { "{\"uuid\":\"u\",\"created_at\":\"2024-07-15T08:05:00Z\",\"status\":\"imported\",\"created\":1.5,\"updated\":0,\"unchanged\":0,\"disabled\":0,\"ignored\":0}", "created" },
    { "{\"uuid\":\"u\",\"created_at\":\"2024-07-15T08:05:00Z\",\"status\":\"imported\",\"format\":\"pdf\",\"created\":0,\"updated\":0,\"unchanged\":0,\"disabled\":0,\"ignored\":0}", "format" },
    { "{\"uuid\":\"u\",\"status\":\"imported\",\"created\":0,\"updated\":0,\"unchanged\":0,\"disabled\":0,\"ignored\":0}", "created_at" },
    { "{\"uuid\":\"u\",\"created_at\":\"2024-07-15T08:05:00Z\",\"status\":\"rejected\",\"created\":0,\"updated\":0,\"unchanged\":0,\"disabled\":0,\"ignored\":0,\"errors\":{}}", NULL },
    { "{\"uuid\":\"u\",\"created_at\":\"2024-07-15T08:05:00Z\",\"status\":\"rejected\",\"created\":0,\"updated\":0,\"unchanged\":0,\"disabled\":0,\"ignored\":0,\"errors\":[{\"code\":\"OOPS\",\"message\":\"m\"}]}", "code" },
    { "{\"uuid\":\"u\",\"created_at\":\"2024-07-15T08:05:00Z\",\"status\":\"rejected\",\"created\":0,\"updated\":0,\"unchanged\":0,\"disabled\":0,\"ignored\":0,\"errors\":[{\"code\":\"EMPTY\",\"line\":0,\"message\":\"m\"}]}", "line" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(JsonNode) node = parse (cases[i].json);
      g_autoptr(GError) error = NULL;
      g_autoptr(OrgaImportRecord) record = orga_json_import_record_from_node (node, &error);

      g_test_message ("%s", cases[i].json);
      g_assert_null (record);
      assert_refused (error, cases[i].member);
    }
}

static char *
write_report (OrgaImportReport *report)
{
  g_autoptr(GString) out = g_string_new (NULL);

  orga_json_write_import_report (out, report, NULL, NULL);
  return g_string_free (g_steal_pointer (&out), FALSE);
}

static OrgaImportReport *
read_report (const char  *text,
             GError     **error)
{
  g_autoptr(JsonNode) node = parse (text);

  return orga_json_import_report_from_node (node, error);
}

static void
test_import_report_round_trip (void)
{
  g_autoptr(OrgaLearnerSet) set = orga_learner_set_new ();
  g_autoptr(OrgaImportReport) preview = NULL;
  g_autoptr(OrgaImportReport) rejected = NULL;
  g_autoptr(OrgaLearnerSet) bad = orga_learner_set_new ();
  OrgaImportCounts *counts;
  GArray *changes;
  g_autofree char *text = NULL;
  g_autofree char *text_again = NULL;
  g_autofree char *rejected_text = NULL;
  g_autofree char *rejected_again = NULL;
  g_autoptr(OrgaImportReport) back = NULL;
  g_autoptr(OrgaImportReport) rejected_back = NULL;
  g_autoptr(GError) error = NULL;

  orga_learner_set_set_format (set, ORGA_IMPORT_FORMAT_SIECLE_XML);
  orga_learner_set_set_encoding (set, "ISO-8859-15");
  preview = orga_import_report_new ("élèves \"2024\".xml", set);
  counts = orga_import_report_get_counts (preview);
  counts->created = 2;
  counts->updated = 1;
  counts->class_changed = 1;
  counts->ignored = 1;
  orga_import_report_add_change (preview, ORGA_IMPORT_CHANGE_NEW, "111", "DUPONT", "Léa", NULL, "6A");
  orga_import_report_add_change (preview, ORGA_IMPORT_CHANGE_CLASS, "222", "MARTIN", "Paul\\", "6A", "6B");
  orga_import_report_add_change (preview, ORGA_IMPORT_CHANGE_IGNORED, NULL, "SANS", "Ine", NULL, NULL);
  changes = orga_import_report_get_changes (preview);
  g_array_index (changes, OrgaImportChange, 2).reason = ORGA_IGNORE_NO_INE;

  text = write_report (preview);
  g_assert_true (g_str_has_prefix (text, "{\n  \"status\" : \"imported\",\n  \"dry_run\" : true,\n  \"format\" : \"siecle-xml\",\n"));
  g_assert_nonnull (strstr (text, "\"reason\" : \"no-ine\" }\n  ]\n}\n"));
  back = read_report (text, &error);
  g_assert_no_error (error);
  g_assert_cmpint (orga_import_report_get_status (back), ==, ORGA_IMPORT_STATUS_PREVIEW);
  text_again = write_report (back);
  g_assert_cmpstr (text_again, ==, text);

  orga_learner_set_add_error (bad, ORGA_IMPORT_CODE_SEX_CODE_REQUIRED, 13, "CODE_SEXE", "0123456789A",
                              "%s", "Ligne 13 : le champ sexe est vide (DUPONT Léa).");
  orga_learner_set_add_error (bad, ORGA_IMPORT_CODE_UAI_MISMATCHED, 0, NULL, NULL, "%s", "L’UAI diffère.");
  rejected = orga_import_report_new ("eleves.xml", bad);
  rejected_text = write_report (rejected);
  g_assert_null (strstr (rejected_text, "changes"));
  rejected_back = read_report (rejected_text, &error);
  g_assert_no_error (error);
  g_assert_cmpint (orga_import_report_get_status (rejected_back), ==, ORGA_IMPORT_STATUS_REJECTED);
  g_assert_cmpuint (orga_import_report_count_errors (rejected_back), ==, 2);
  rejected_again = write_report (rejected_back);
  g_assert_cmpstr (rejected_again, ==, rejected_text);
}

static void
test_import_report_refused (void)
{
#define HEAD \
    "{\"status\":\"%s\",\"dry_run\":true,\"format\":%s,\"encoding\":null,\"file_name\":\"f\"," \
    "\"created\":0,\"updated\":0,\"disabled\":0,\"ignored\":0,\"unchanged\":0,\"class_changed\":0," \
    "\"returning\":0,\"error_count\":%s,\"errors\":%s%s}"
  static const struct {
    const char *status, *format, *count, *errors, *changes, *member;
  } cases[] = {
    { "rejected", "null", "0", "[]", "", "status" },
    { "imported", "null", "1", "[{\"code\":\"EMPTY\",\"message\":\"m\"}]", "", "status" },
    { "imported", "null", "0", "[]", ",\"changes\":[{\"kind\":\"moved\"}]", "kind" },
    { "imported", "null", "0", "[]", ",\"changes\":[{\"kind\":\"ignored\"}]", "reason" },
    { "imported", "null", "0", "[]", ",\"changes\":{}", "changes" },
    { "imported", "\"xls\"", "0", "[]", "", "format" },
    { "imported", "null", "0", "null", "", NULL },
    { "maybe", "null", "0", "[]", "", "status" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *json = g_strdup_printf (HEAD, cases[i].status, cases[i].format, cases[i].count,
                                               cases[i].errors, cases[i].changes);
      g_autoptr(GError) error = NULL;
      g_autoptr(OrgaImportReport) report = read_report (json, &error);

      g_test_message ("%s", json);
      g_assert_null (report);
      assert_refused (error, cases[i].member);
    }
}

/* ---- campaigns ------------------------------------------------------ */

static OrgaCampaign *
sample_campaign (void)
{
  OrgaCampaignRow row = {
    .id = 3,
    .uuid = "0190f0a0-0000-7000-8000-000000000003",
    .code = "KFMEUD142",
    .spec = {
      .name = "Rentrée 6e \"A\"",
      .type = ORGA_CAMPAIGN_TYPE_ASSESSMENT,
      .target_profile_id = "rentree-6e",
      .owner = "Mme Durand",
      .creator = "M. Petit",
      .title = "Ton profil",
      .landing_text = "Bonjour\nà tous",
      .external_id_type = ORGA_EXTERNAL_ID_EMAIL,
      .external_id_label = "Adresse",
      .multiple_sendings = TRUE,
    },
    .created_at = "2024-09-02T07:30:00.000000Z",
    .archived_at = "2025-06-30T16:00:00.000000Z",
    .archived_by = "Mme Durand",
    .participants = 120,
    .shared = 98,
  };

  return orga_campaign_new_from_row (&row);
}

static void
test_campaign_round_trip (void)
{
  g_autoptr(OrgaCampaign) campaign = sample_campaign ();
  g_autoptr(JsonNode) node = orga_json_campaign_to_node (campaign);
  g_autofree char *text = orga_json_to_data (node, TRUE);
  g_autoptr(JsonNode) parsed = parse (text);
  g_autoptr(GError) error = NULL;
  g_autoptr(OrgaCampaign) back = orga_json_campaign_from_node (parsed, &error);
  g_autoptr(JsonNode) again = NULL;
  g_autofree char *text_again = NULL;

  g_assert_no_error (error);
  g_assert_cmpint (orga_campaign_get_external_id_type (back), ==, ORGA_EXTERNAL_ID_EMAIL);
  g_assert_true (orga_campaign_is_archived (back));
  again = orga_json_campaign_to_node (back);
  text_again = orga_json_to_data (again, TRUE);
  g_assert_cmpstr (text_again, ==, text);
  g_assert_true (g_str_has_prefix (text, "{\n  \"id\" : 3,\n  \"uuid\" : "));
}

static void
test_campaign_refused (void)
{
  g_autoptr(OrgaCampaign) campaign = sample_campaign ();
  static const struct {
    const char *member;
    const char *value;     /* JSON text put in place */
    gboolean    rule;      /* refused by Pix's creation rules */
  } cases[] = {
    { "code", "\"kfm\"", FALSE },
    { "type", "\"EXAM\"", FALSE },
    { "external_id_type", "\"PHONE\"", FALSE },
    { "shared", "121", FALSE },
    { "id", "\"3\"", FALSE },
    { "multiple_sendings", "1", FALSE },
    { "created_at", "null", FALSE },
    { "name", "\"\"", TRUE },
    { "target_profile_id", "\"no-such-profile\"", TRUE },
    { "title", "\"123456789012345678901234567890123456789012345678901\"", TRUE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(JsonNode) node = orga_json_campaign_to_node (campaign);
      g_autoptr(JsonNode) value = parse (cases[i].value);
      g_autoptr(GError) error = NULL;
      g_autoptr(OrgaCampaign) back = NULL;

      json_object_set_member (json_node_get_object (node), cases[i].member, g_steal_pointer (&value));
      back = orga_json_campaign_from_node (node, &error);
      g_test_message ("%s = %s", cases[i].member, cases[i].value);
      g_assert_null (back);
      if (cases[i].rule)
        g_assert_true (error->domain == ORGA_CAMPAIGN_ERROR);
      else
        assert_refused (error, cases[i].member);
    }
}

/* ---- participations ------------------------------------------------- */

static OrgaParticipationSet *
sample_participations (void)
{
  OrgaParticipationSet *set = orga_participation_set_new (3);
  const guint8 first[3] = { 0x07, 0x00, 0xff };
  const guint8 second[3] = { 0x01, 0x03, 0x00 };
  OrgaParticipation shared = {
    .id = 10, .learner_id = 7, .last_name = "DUPONT", .first_name = "Léa", .division = "6A",
    .external_id = "lea@example.org", .status = ORGA_PARTICIPATION_SHARED,
    .created_at = 1725262200, .shared_at = 1725265800, .mastery_rate = 0.285, .progression = 1,
    .pix_score = 123, .validated_skills = 9, .is_certifiable = 1, .is_improved = TRUE,
    .is_demo = TRUE, .attempt = 1, .results = first,
  };
  OrgaParticipation started = {
    .id = 11, .learner_id = 7, .last_name = "DUPONT", .first_name = "Léa", .division = "",
    .status = ORGA_PARTICIPATION_STARTED, .created_at = 1725352200, .mastery_rate = 0,
    .progression = 0.5, .is_certifiable = -1, .attempt = 2, .results = second,
  };

  orga_participation_set_add (set, &shared);
  orga_participation_set_add (set, &started);
  return set;
}

static void
test_participations_round_trip (void)
{
  g_autoptr(OrgaParticipationSet) set = sample_participations ();
  g_autoptr(JsonNode) node = orga_json_participation_set_to_node (set);
  g_autofree char *text = orga_json_to_data (node, FALSE);
  g_autoptr(JsonNode) parsed = parse (text);
  g_autoptr(GError) error = NULL;
  g_autoptr(OrgaParticipationSet) back = orga_json_participation_set_from_node (parsed, 3, &error);
  g_autoptr(JsonNode) again = NULL;
  g_autofree char *text_again = NULL;
  const OrgaParticipation *p;

  g_assert_no_error (error);
  g_assert_cmpuint (orga_participation_set_get_n (back), ==, 2);
  p = orga_participation_set_get (back, 0);
  g_assert_cmpint (p->created_at, ==, 1725262200);
  g_assert_cmpint (p->shared_at, ==, 1725265800);
  g_assert_cmpfloat (p->mastery_rate, ==, 0.285);
  g_assert_cmpint (p->is_certifiable, ==, 1);
  g_assert_cmpmem (p->results, 3, ((const guint8[]) { 0x07, 0x00, 0xff }), 3);
  p = orga_participation_set_get (back, 1);
  g_assert_cmpint (p->is_certifiable, ==, -1);
  g_assert_null (p->external_id);
  again = orga_json_participation_set_to_node (back);
  text_again = orga_json_to_data (again, FALSE);
  g_assert_cmpstr (text_again, ==, text);
  g_assert_nonnull (strstr (text, "\"created_at\":\"2024-09-02T07:30:00Z\""));
}

static void
test_participations_refused (void)
{
  g_autoptr(OrgaParticipationSet) set = sample_participations ();
  static const struct {
    const char *member;
    const char *value;
  } cases[] = {
    { "results", "[1,2]" },
    { "results", "[1,2,300]" },
    { "results", "[1,2,\"3\"]" },
    { "mastery_rate", "1.5" },
    { "mastery_rate", "-0.1" },
    { "progression", "\"half\"" },
    { "status", "\"DONE\"" },
    { "shared_at", "null" },
    { "created_at", "\"2024-13-01T00:00:00Z\"" },
    { "attempt", "0" },
    { "is_certifiable", "\"yes\"" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(JsonNode) node = orga_json_participation_set_to_node (set);
      g_autoptr(JsonNode) value = parse (cases[i].value);
      g_autoptr(GError) error = NULL;
      g_autoptr(OrgaParticipationSet) back = NULL;
      JsonObject *first = json_array_get_object_element (json_node_get_array (node), 0);

      json_object_set_member (first, cases[i].member, g_steal_pointer (&value));
      back = orga_json_participation_set_from_node (node, 3, &error);
      g_test_message ("%s = %s", cases[i].member, cases[i].value);
      g_assert_null (back);
      /* "shared_at": null on a shared participation contradicts its status. */
      assert_refused (error, cases[i].member);
    }

  /* Not a list at all. */
  {
    g_autoptr(JsonNode) node = parse ("{}");
    g_autoptr(GError) error = NULL;
    g_autoptr(OrgaParticipationSet) back = orga_json_participation_set_from_node (node, 3, &error);

    g_assert_null (back);
    assert_refused (error, NULL);
  }
}


/* The writer gives json-glib's compact output byte for byte: the server
 * answers with one and the desktop's tests compare with the other. */
static void
test_writer_matches_json_glib (void)
{
  static const char *const strings[] = {
    "", "plain", "Élève « Dupré »", "quote \" and \\ backslash", "tab\tnew\nline\rcr",
    "\b\f\x01\x1e\x7f end", "/slash/", "日本",
  };
  static const double doubles[] = { 0.0, 1.0, -2.5, 0.1, 1.0 / 3.0, 1e300, -0.0, 12345678.0 };
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(GString) out = g_string_new (NULL);
  OrgaJsonWriter writer = ORGA_JSON_WRITER_INIT (out);
  g_autofree char *expected = NULL;
  g_autoptr(JsonNode) root = NULL;

  json_builder_begin_object (builder);
  orga_json_writer_begin_object (&writer);
  json_builder_set_member_name (builder, "strings");
  orga_json_writer_member (&writer, "strings");
  json_builder_begin_array (builder);
  orga_json_writer_begin_array (&writer);
  for (guint i = 0; i < G_N_ELEMENTS (strings); i++)
    {
      json_builder_add_string_value (builder, strings[i]);
      orga_json_writer_string (&writer, strings[i]);
    }
  json_builder_add_null_value (builder);
  orga_json_writer_string (&writer, NULL);
  json_builder_end_array (builder);
  orga_json_writer_end_array (&writer);
  json_builder_set_member_name (builder, "doubles");
  orga_json_writer_member (&writer, "doubles");
  json_builder_begin_array (builder);
  orga_json_writer_begin_array (&writer);
  for (guint i = 0; i < G_N_ELEMENTS (doubles); i++)
    {
      json_builder_add_double_value (builder, doubles[i]);
      orga_json_writer_double (&writer, doubles[i]);
    }
  json_builder_end_array (builder);
  orga_json_writer_end_array (&writer);
  json_builder_set_member_name (builder, "n\u00e9ant \"x\"");
  orga_json_writer_member (&writer, "n\u00e9ant \"x\"");
  json_builder_begin_object (builder);
  orga_json_writer_begin_object (&writer);
  json_builder_end_object (builder);
  orga_json_writer_end_object (&writer);
  json_builder_set_member_name (builder, "int");
  json_builder_add_int_value (builder, G_MININT64);
  orga_json_writer_add_int (&writer, "int", G_MININT64);
  json_builder_set_member_name (builder, "yes");
  json_builder_add_boolean_value (builder, TRUE);
  orga_json_writer_add_boolean (&writer, "yes", TRUE);
  json_builder_set_member_name (builder, "empty");
  json_builder_begin_array (builder);
  json_builder_end_array (builder);
  orga_json_writer_member (&writer, "empty");
  orga_json_writer_begin_array (&writer);
  orga_json_writer_end_array (&writer);
  json_builder_set_member_name (builder, "nothing");
  json_builder_add_null_value (builder);
  orga_json_writer_member (&writer, "nothing");
  orga_json_writer_null (&writer);
  json_builder_end_object (builder);
  orga_json_writer_end_object (&writer);

  root = json_builder_get_root (builder);
  expected = orga_json_to_data (root, FALSE);
  g_assert_cmpstr (out->str, ==, expected);

  /* json-glib 1.6 leaves U+001F raw, which JSON forbids: escaped here. */
  g_string_truncate (out, 0);
  orga_json_append_string (out, "a\x1f");
  g_assert_cmpstr (out->str, ==, "\"a\\u001f\"");

  /* A value written before by another writer goes in whole, with the
   * commas of its place (the server's kept team, orga-server-team.c). */
  g_string_truncate (out, 0);
  orga_json_writer_init (&writer, out);
  orga_json_writer_begin_object (&writer);
  orga_json_writer_add_int (&writer, "a", 1);
  orga_json_writer_member (&writer, "kept");
  orga_json_writer_raw (&writer, "[{\"x\":1},2]", 11);
  orga_json_writer_member (&writer, "list");
  orga_json_writer_begin_array (&writer);
  orga_json_writer_raw (&writer, "[]", 2);
  orga_json_writer_raw (&writer, "{}xyz", 2);
  orga_json_writer_end_array (&writer);
  orga_json_writer_end_object (&writer);
  g_assert_cmpstr (out->str, ==, "{\"a\":1,\"kept\":[{\"x\":1},2],\"list\":[[],{}]}");
}

int
main (int    argc,
      char **argv)
{
  orga_test_init (&argc, &argv);

  g_test_add_func ("/json/syntax", test_syntax);
  g_test_add_func ("/json/writer/matches-json-glib", test_writer_matches_json_glib);
  g_test_add_func ("/json/learner/round-trip", test_learner_round_trip);
  g_test_add_func ("/json/learner/refused", test_learner_refused);
  g_test_add_func ("/json/import-record/round-trip", test_import_record_round_trip);
  g_test_add_func ("/json/import-record/refused", test_import_record_refused);
  g_test_add_func ("/json/import-report/round-trip", test_import_report_round_trip);
  g_test_add_func ("/json/import-report/refused", test_import_report_refused);
  g_test_add_func ("/json/campaign/round-trip", test_campaign_round_trip);
  g_test_add_func ("/json/campaign/refused", test_campaign_refused);
  g_test_add_func ("/json/participations/round-trip", test_participations_round_trip);
  g_test_add_func ("/json/participations/refused", test_participations_refused);

  return g_test_run ();
}
