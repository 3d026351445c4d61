/* test-cert-results.c: the division CSV, its file names and the livret
 * scolaire's JSON (orga-cert-results.c)
 *
 * The CSVs are compared byte for byte with tests/golden/cert/ (*.csv),
 * written by hand from the spec (tests/golden/cert/README.md).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <json-glib/json-glib.h>
#include <string.h>

#include "orga-cert.h"
#include "orga-test-util.h"

#define REJECTED_COMMENT \
  "Le candidat a répondu faux à plus de 50% des questions posées, cela a invalidé " \
  "l'ensemble de sa certification, et a donc entraîné un score de 0 pix"

static void
set_levels (OrgaCertResult *result,
            const int       levels[ORGA_CERT_N_COMPETENCES],
            const gboolean  tested[ORGA_CERT_N_COMPETENCES])
{
  memcpy (result->levels, levels, sizeof result->levels);
  memcpy (result->tested, tested, sizeof result->tested);
}

/* The spec's example: 1.1 = 0, 1.2 = 1, 1.3 = 5, 5.1 and 5.2 not certified. */
static OrgaCertResult
example_result (void)
{
  static const int levels[ORGA_CERT_N_COMPETENCES] = {
    0, 1, 5, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1
  };
  static const gboolean tested[ORGA_CERT_N_COMPETENCES] = {
    TRUE, TRUE, TRUE, FALSE, FALSE, FALSE, FALSE, FALSE,
    FALSE, FALSE, FALSE, FALSE, FALSE, FALSE, TRUE, TRUE
  };
  OrgaCertResult result = {
    .number = 123,
    .first_name = "Lili",
    .last_name = "Oxford",
    .birthdate = "1990-01-04",
    .birthplace = "Torreilles",
    .external_id = "LOLORD",
    .division = "3A",
    .status = ORGA_CERT_STATUS_VALIDATED,
    .published = TRUE,
    .pix_score = 55,
    .jury_comment = "RAS",
    .session_number = 777,
    .session_date = "2020-01-01",
    .started_at = "2020-01-01T09:00:00Z",
    .published_at = "2020-01-15T10:00:00Z",
    .certification_center = "Collège Jean Moulin",
    .verification_code = "P-BBBCCCDD",
  };

  set_levels (&result, levels, tested);
  return result;
}

/* The rows of golden/cert/division.csv, in its order. */
static GArray *
division_results (void)
{
  GArray *rows = g_array_new (FALSE, TRUE, sizeof (OrgaCertResult));
  OrgaCertResult row;

  row = example_result ();
  g_array_append_val (rows, row);

  {
    static const int levels[ORGA_CERT_N_COMPETENCES] = {
      3, -1, 2, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1
    };
    static const gboolean tested[ORGA_CERT_N_COMPETENCES] = { TRUE, TRUE, TRUE };

    row = (OrgaCertResult) {
      .number = 124, .first_name = "Jean", .last_name = "Dupont",
      .birthdate = "2009-12-31", .birthplace = "Lyon", .external_id = "A-12",
      .status = ORGA_CERT_STATUS_REJECTED, .published = TRUE, .pix_score = 0,
      .jury_comment = REJECTED_COMMENT, .session_number = 777, .session_date = "2026-06-02",
    };
    set_levels (&row, levels, tested);
    g_array_append_val (rows, row);
  }

  {
    /* Tested and scored before the jury cancelled it: still all "-". */
    static const int levels[ORGA_CERT_N_COMPETENCES] = { 4, 4, 4, 4 };
    static const gboolean tested[ORGA_CERT_N_COMPETENCES] = { TRUE, TRUE, TRUE, TRUE };

    row = (OrgaCertResult) {
      .number = 125, .first_name = "Zoé", .last_name = "Martin",
      .birthdate = "2010-02-01", .birthplace = "Paris 15e Arrondissement", .external_id = "",
      .status = ORGA_CERT_STATUS_CANCELLED, .published = TRUE, .pix_score = 120,
      .jury_comment = "Suspicion de fraude", .session_number = 778, .session_date = "2026-06-03",
    };
    set_levels (&row, levels, tested);
    g_array_append_val (rows, row);
  }

  {
    static const gboolean tested[ORGA_CERT_N_COMPETENCES] = { TRUE };

    row = (OrgaCertResult) {
      .number = 126, .first_name = "Léa", .last_name = "Lefèvre \"Lulu\"",
      .birthdate = "2009-07-14", .birthplace = NULL, .external_id = NULL,
      .status = ORGA_CERT_STATUS_ERROR, .published = TRUE, .pix_score = 30,
      .jury_comment = NULL, .session_number = 778, .session_date = "2026-06-03",
    };
    memcpy (row.tested, tested, sizeof row.tested);
    g_array_append_val (rows, row);
  }

  row = (OrgaCertResult) {
    .number = 127, .first_name = "Noé; Jr", .last_name = "Petit;Roux",
    .birthdate = "2008-02-29", .birthplace = "Nice", .external_id = "12345",
    .status = ORGA_CERT_STATUS_STARTED, .published = TRUE,
    .session_number = 779, .session_date = "2026-06-03T22:30:00Z",
  };
  g_array_append_val (rows, row);

  {
    static const int levels[ORGA_CERT_N_COMPETENCES] = {
      7, 6, 5, 4, 3, 2, 1, 0, -1, 1, 2, 3, 4, 5, 6, 7
    };
    gboolean tested[ORGA_CERT_N_COMPETENCES];

    for (guint c = 0; c < ORGA_CERT_N_COMPETENCES; c++)
      tested[c] = TRUE;
    row = (OrgaCertResult) {
      .number = 128, .first_name = "=Bono", .last_name = "O'Brien",
      .birthdate = "2010-05-05", .birthplace = "Saint-Étienne", .external_id = "00042",
      .status = ORGA_CERT_STATUS_VALIDATED, .published = TRUE, .pix_score = 400,
      .jury_comment = "Ligne 1\nLigne 2", .session_number = 780, .session_date = "2026-06-05",
    };
    set_levels (&row, levels, tested);
    g_array_append_val (rows, row);
  }

  return rows;
}

static void
assert_golden (GBytes     *bytes,
               const char *name)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "golden", "cert", name, NULL);
  g_autofree char *expected = NULL;
  g_autoptr(GError) error = NULL;
  gsize expected_len;
  gsize len;
  const char *data = g_bytes_get_data (bytes, &len);

  g_file_get_contents (path, &expected, &expected_len, &error);
  g_assert_no_error (error);

  if (len != expected_len || memcmp (data, expected, len) != 0)
    {
      g_autofree char *got = g_strndup (data, len);

      g_assert_cmpstr (got, ==, expected);
    }
}

static void
test_csv_example (void)
{
  OrgaCertResult result = example_result ();
  g_autoptr(GBytes) csv = orga_cert_results_csv (&result, 1);

  assert_golden (csv, "example.csv");
}

static void
test_csv_division (void)
{
  g_autoptr(GArray) rows = division_results ();
  g_autoptr(GBytes) csv = orga_cert_results_csv ((OrgaCertResult *) rows->data, rows->len);
  gsize len;
  const char *data = g_bytes_get_data (csv, &len);

  assert_golden (csv, "division.csv");
  /* The rules the golden file holds, read once more from PixOrga's bytes. */
  g_assert_true (len > 3 && memcmp (data, "\xef\xbb\xbf", 3) == 0);
  g_assert_cmpint (data[len - 1], !=, '\n');
}

static void
test_csv_empty (void)
{
  g_autoptr(GBytes) csv = orga_cert_results_csv (NULL, 0);

  assert_golden (csv, "empty.csv");
}

/* The status of a row alone decides its score and competence cells. */
static void
test_csv_status_rules (void)
{
  OrgaCertResult result = example_result ();
  static const struct
  {
    OrgaCertStatus status;
    const char *cells;
  } cases[] = {
    { ORGA_CERT_STATUS_VALIDATED, "\"Validée\";55;0;1;5;\"-\"" },
    { ORGA_CERT_STATUS_REJECTED, "\"Rejetée\";\"0\";0;0;0;\"-\"" },
    { ORGA_CERT_STATUS_CANCELLED, "\"Annulée\";\"-\";\"-\";\"-\";\"-\";\"-\"" },
    { ORGA_CERT_STATUS_ERROR, "\"En erreur\";\"-\";\"-\";\"-\";\"-\";\"-\"" },
    { ORGA_CERT_STATUS_STARTED, "\"Démarrée\";\"-\";\"-\";\"-\";\"-\";\"-\"" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GBytes) csv = NULL;
      g_autofree char *text = NULL;

      result.status = cases[i].status;
      csv = orga_cert_results_csv (&result, 1);
      text = g_strndup (g_bytes_get_data (csv, NULL), g_bytes_get_size (csv));
      g_assert_nonnull (strstr (text, cases[i].cells));
    }
}

static void
test_file_names (void)
{
  g_autoptr(GTimeZone) utc = g_time_zone_new_utc ();
  g_autoptr(GDateTime) day = g_date_time_new (utc, 2026, 12, 2, 23, 59, 0);
  g_autofree char *csv = orga_cert_results_file_name ("3A", day);
  g_autofree char *pdf = orga_cert_attestations_file_name ("3A", day);
  g_autofree char *slash = orga_cert_results_file_name ("3e/A", day);
  g_autofree char *slash_pdf = orga_cert_attestations_file_name ("3e/A", day);
  g_autofree char *odd = orga_cert_results_file_name ("..\\x:y*?\"<>|\n", day);
  g_autofree char *dots = orga_cert_results_file_name ("..", day);
  g_autofree char *accents = orga_cert_results_file_name (" 3e Européenne ", day);
  g_autofree char *none = orga_cert_results_file_name (NULL, day);
  g_autofree char *today = orga_cert_results_file_name ("3A", NULL);

  g_assert_cmpstr (csv, ==, "20261202_resultats_3A.csv");
  g_assert_cmpstr (pdf, ==, "20261202_attestations_3A.pdf");
  g_assert_cmpstr (slash, ==, "20261202_resultats_3e_A.csv");
  g_assert_cmpstr (slash_pdf, ==, "20261202_attestations_3e_A.pdf");
  g_assert_cmpstr (odd, ==, "20261202_resultats_.._x_y______.csv");
  g_assert_cmpstr (dots, ==, "20261202_resultats_...csv");
  g_assert_cmpstr (accents, ==, "20261202_resultats_3e Européenne.csv");
  g_assert_cmpstr (none, ==, "20261202_resultats_.csv");
  g_assert_true (g_str_has_suffix (today, "_resultats_3A.csv"));
  g_assert_cmpuint (strlen (today), ==, strlen ("20261202_resultats_3A.csv"));
}

/* ---- the livret scolaire ----------------------------------------------- */

static JsonObject *
parse_document (const char  *text,
                JsonParser **parser)
{
  g_autoptr(GError) error = NULL;

  *parser = json_parser_new ();
  json_parser_load_from_data (*parser, text, -1, &error);
  g_assert_no_error (error);
  return json_node_get_object (json_parser_get_root (*parser));
}

static void
assert_referential (JsonObject *document)
{
  JsonObject *data = json_object_get_object_member (document, "data");
  JsonArray *links = json_object_get_array_member (
    json_object_get_object_member (json_object_get_object_member (data, "relationships"),
                                   "competences"), "data");
  JsonArray *included = json_object_get_array_member (document, "included");
  guint n_areas = 0;
  guint n_competences = 0;

  g_assert_cmpstr (json_object_get_string_member (data, "type"), ==, "certificationsResults");
  g_assert_cmpuint (json_array_get_length (links), ==, 16);
  for (guint c = 0; c < 16; c++)
    {
      JsonObject *link = json_array_get_object_element (links, c);

      g_assert_cmpstr (json_object_get_string_member (link, "id"), ==, orga_cert_competence_code (c));
      g_assert_cmpstr (json_object_get_string_member (link, "type"), ==, "competences");
    }

  g_assert_cmpuint (json_array_get_length (included), ==, 5 + 16);
  for (guint i = 0; i < json_array_get_length (included); i++)
    {
      JsonObject *item = json_array_get_object_element (included, i);
      const char *type = json_object_get_string_member (item, "type");
      const char *id = json_object_get_string_member (item, "id");
      const char *name = json_object_get_string_member (
        json_object_get_object_member (item, "attributes"), "name");

      if (g_str_equal (type, "areas"))
        {
          g_assert_cmpstr (id, ==, orga_cert_area_code (n_areas));
          g_assert_cmpstr (name, ==, orga_cert_area_name (n_areas));
          n_areas++;
        }
      else
        {
          JsonObject *area;

          g_assert_cmpstr (type, ==, "competences");
          g_assert_cmpstr (id, ==, orga_cert_competence_code (n_competences));
          g_assert_cmpstr (name, ==, orga_cert_competence_name (n_competences));
          area = json_object_get_object_member (
            json_object_get_object_member (
              json_object_get_object_member (item, "relationships"), "area"), "data");
          g_assert_cmpstr (json_object_get_string_member (area, "type"), ==, "areas");
          /* "1.3" belongs to area "1" */
          g_assert_true (g_str_has_prefix (id, json_object_get_string_member (area, "id")));
          n_competences++;
        }
    }
  g_assert_cmpuint (n_areas, ==, 5);
  g_assert_cmpuint (n_competences, ==, 16);
}

static JsonArray *
certifications_of (JsonObject *document)
{
  return json_object_get_array_member (
    json_object_get_object_member (json_object_get_object_member (document, "data"),
                                   "attributes"), "certifications");
}

static void
test_lsu_empty (void)
{
  g_autofree char *text = orga_cert_lsu_json ("0751234A", NULL, 0);
  g_autoptr(JsonParser) parser = NULL;
  JsonObject *document = parse_document (text, &parser);

  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (document, "data"), "id"),
                   ==, "0751234A");
  g_assert_cmpuint (json_array_get_length (certifications_of (document)), ==, 0);
  assert_referential (document);
}

static void
test_lsu_statuses (void)
{
  OrgaCertResult results[4];
  g_autofree char *text = NULL;
  g_autoptr(JsonParser) parser = NULL;
  JsonObject *document;
  JsonArray *certifications;
  JsonObject *validated, *pending, *rejected, *unpublished_rejected;
  JsonArray *competences;

  results[0] = example_result ();
  results[0].middle_name = "Marie";
  results[0].ine = "123456789AB";

  results[1] = example_result ();
  results[1].number = 200;
  results[1].published = FALSE;
  results[1].published_at = NULL;

  results[2] = example_result ();
  results[2].number = 201;
  results[2].status = ORGA_CERT_STATUS_REJECTED;
  results[2].pix_score = 0;

  /* Not published: pending whatever its status. */
  results[3] = example_result ();
  results[3].number = 202;
  results[3].status = ORGA_CERT_STATUS_REJECTED;
  results[3].published = FALSE;

  text = orga_cert_lsu_json ("0751234A", results, G_N_ELEMENTS (results));
  document = parse_document (text, &parser);
  assert_referential (document);
  certifications = certifications_of (document);
  g_assert_cmpuint (json_array_get_length (certifications), ==, 4);

  validated = json_array_get_object_element (certifications, 0);
  g_assert_cmpint (json_object_get_int_member (validated, "id"), ==, 123);
  g_assert_cmpstr (json_object_get_string_member (validated, "firstName"), ==, "Lili");
  g_assert_cmpstr (json_object_get_string_member (validated, "middleName"), ==, "Marie");
  g_assert_true (json_object_has_member (validated, "thirdName"));
  g_assert_true (json_object_get_null_member (validated, "thirdName"));
  g_assert_cmpstr (json_object_get_string_member (validated, "lastName"), ==, "Oxford");
  g_assert_cmpstr (json_object_get_string_member (validated, "birthdate"), ==, "1990-01-04");
  g_assert_cmpstr (json_object_get_string_member (validated, "nationalStudentId"), ==, "123456789AB");
  g_assert_cmpstr (json_object_get_string_member (validated, "status"), ==, "validated");
  g_assert_cmpint (json_object_get_int_member (validated, "pixScore"), ==, 55);
  g_assert_cmpstr (json_object_get_string_member (validated, "verificationCode"), ==, "P-BBBCCCDD");
  g_assert_cmpstr (json_object_get_string_member (validated, "date"), ==, "2020-01-01T09:00:00Z");
  g_assert_cmpstr (json_object_get_string_member (validated, "deliveredAt"), ==, "2020-01-15T10:00:00Z");
  g_assert_cmpstr (json_object_get_string_member (validated, "certificationCenter"), ==,
                   "Collège Jean Moulin");
  /* The tested competences, by code: 1.1, 1.2, 1.3, 5.1, 5.2. */
  competences = json_object_get_array_member (validated, "competenceResults");
  g_assert_cmpuint (json_array_get_length (competences), ==, 5);
  {
    static const char * const ids[] = { "1.1", "1.2", "1.3", "5.1", "5.2" };
    static const int levels[] = { 0, 1, 5, -1, -1 };

    for (guint i = 0; i < 5; i++)
      {
        JsonObject *mark = json_array_get_object_element (competences, i);

        g_assert_cmpstr (json_object_get_string_member (mark, "competenceId"), ==, ids[i]);
        g_assert_cmpint (json_object_get_int_member (mark, "level"), ==, levels[i]);
      }
  }

  pending = json_array_get_object_element (certifications, 1);
  g_assert_cmpstr (json_object_get_string_member (pending, "status"), ==, "pending");
  g_assert_cmpint (json_object_get_int_member (pending, "pixScore"), ==, 0);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (pending, "competenceResults")), ==, 0);
  g_assert_true (json_object_get_null_member (pending, "deliveredAt"));
  g_assert_true (json_object_get_null_member (pending, "nationalStudentId"));

  rejected = json_array_get_object_element (certifications, 2);
  g_assert_cmpstr (json_object_get_string_member (rejected, "status"), ==, "rejected");
  g_assert_cmpint (json_object_get_int_member (rejected, "pixScore"), ==, 0);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (rejected, "competenceResults")), ==, 0);

  unpublished_rejected = json_array_get_object_element (certifications, 3);
  g_assert_cmpstr (json_object_get_string_member (unpublished_rejected, "status"), ==, "pending");
}

/* Names that JSON must escape come back as they were. */
static void
test_lsu_escaping (void)
{
  OrgaCertResult result = example_result ();
  g_autofree char *text = NULL;
  g_autoptr(JsonParser) parser = NULL;
  JsonObject *certification;

  result.first_name = "Zoé \"Zaza\"\\";
  result.last_name = "Ligne\nDeux\t";
  text = orga_cert_lsu_json ("0751234A", &result, 1);
  certification = json_array_get_object_element (certifications_of (parse_document (text, &parser)), 0);
  g_assert_cmpstr (json_object_get_string_member (certification, "firstName"), ==, "Zoé \"Zaza\"\\");
  g_assert_cmpstr (json_object_get_string_member (certification, "lastName"), ==, "Ligne\nDeux\t");
}

int
main (int   argc,
      char *argv[])
{
  orga_test_init (&argc, &argv);

  g_test_add_func ("/cert-results/csv/example", test_csv_example);
  g_test_add_func ("/cert-results/csv/division", test_csv_division);
  g_test_add_func ("/cert-results/csv/empty", test_csv_empty);
  g_test_add_func ("/cert-results/csv/status-rules", test_csv_status_rules);
  g_test_add_func ("/cert-results/file-names", test_file_names);
  g_test_add_func ("/cert-results/lsu/empty", test_lsu_empty);
  g_test_add_func ("/cert-results/lsu/statuses", test_lsu_statuses);
  g_test_add_func ("/cert-results/lsu/escaping", test_lsu_escaping);

  return g_test_run ();
}
