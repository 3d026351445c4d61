/* test-sync-page.c: a pull page read straight into rows
 *
 * orga_sync_page_parse() must read a plain page exactly as json-glib
 * does (every field of every row compared with json-glib's reading of
 * the same text), and give up (NULL, never a crash) on anything else,
 * which the pull then reads as JSON.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "orga-json.h"
#include "orga-sync-page.h"

/* A page of every kind, with the texts that need escapes, as the server
 * writes them: fields in the wire order, with their seq. */
static const char page_text[] =
  "{\"protocol\":1,\"after\":12,\"cursor\":17,\"more\":true,\"reset\":false,"
  "\"imports\":[],"
  "\"learners\":[{\"uuid\":\"l-1\",\"ine\":\"123456789AB\",\"last_name\":\"L\\u00c9GER \\\"dit\\\" \\\\ Jo\","
  "\"preferred_last_name\":null,\"first_name\":\"Zo\xc3\xa9 \\ud83d\\ude00\",\"middle_name\":null,"
  "\"third_name\":null,\"sex\":\"F\",\"birthdate\":\"2012-03-05\",\"birth_country_code\":\"100\","
  "\"birth_province_code\":null,\"birth_city_code\":null,\"birth_city\":\"Bordeaux\\n\\t\\/\","
  "\"mef_code\":null,\"status\":\"ST\",\"division\":\"6A\",\"disabled_at\":null,"
  "\"created_at\":\"2026-09-01T08:00:00Z\",\"updated_at\":\"2026-09-01T08:00:00Z\",\"import\":null,"
  "\"removed\":false,\"seq\":13}],"
  "\"campaigns\":null,"
  "\"participations\":["
  "{\"uuid\":\"p-1\",\"campaign\":\"c-1\",\"learner\":\"l-1\",\"status\":\"SHARED\","
  "\"created_at\":\"2026-09-02T08:00:00.000000Z\",\"shared_at\":\"2026-09-02T08:30:00.000000Z\","
  "\"mastery_rate\":0.57,\"progression\":1,\"pix_score\":-0,\"validated_skills\":12,"
  "\"is_certifiable\":null,\"is_improved\":false,\"attempt\":1,\"external_id\":null,"
  "\"deleted_at\":null,\"deleted_by\":null,\"results\":\"AQIDBA==\",\"seq\":16},\n"
  /* Out of the wire order, absent fields, members of no field. */
  "  { \"seq\" : 17 , \"learner\" : null, \"uuid\" : \"p-2\", \"later\": {\"a\": [1, 2.5e3, {\"b\": null}]},"
  "\"campaign\":\"c-1\",\"mastery_rate\":1.5E-2,\"pix_score\":9007199254740993,\"is_improved\":true,"
  "\"status\":\"STARTED\",\"created_at\":\"x\",\"progression\":0,\"validated_skills\":0,\"attempt\":2,"
  "\"also\":[]}\n"
  "],\"server\":\"pixorga\"}\n";

static void
assert_same_value (const OrgaWireValue *value,
                   JsonNode            *node,
                   const char          *where)
{
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    {
      if (value->type != ORGA_WIRE_VALUE_NULL)
        g_error ("%s: %d, not null", where, value->type);
      return;
    }
  g_assert_true (JSON_NODE_HOLDS_VALUE (node));
  switch (json_node_get_value_type (node))
    {
    case G_TYPE_STRING:
      g_assert_cmpint (value->type, ==, ORGA_WIRE_VALUE_STRING);
      g_assert_cmpstr (value->s, ==, json_node_get_string (node));
      break;
    case G_TYPE_INT64:
      g_assert_cmpint (value->type, ==, ORGA_WIRE_VALUE_INT);
      g_assert_cmpint (value->i, ==, json_node_get_int (node));
      break;
    case G_TYPE_DOUBLE:
      g_assert_cmpint (value->type, ==, ORGA_WIRE_VALUE_DOUBLE);
      g_assert_cmpfloat (value->d, ==, json_node_get_double (node));
      break;
    case G_TYPE_BOOLEAN:
      g_assert_cmpint (value->type, ==, ORGA_WIRE_VALUE_BOOL);
      g_assert_cmpint (value->b, ==, json_node_get_boolean (node));
      break;
    default:
      g_assert_not_reached ();
    }
}

/* Every field of every row as json-glib reads it. */
static void
test_same_as_json (void)
{
  g_autoptr(OrgaSyncPage) page = orga_sync_page_parse (page_text, strlen (page_text));
  g_autoptr(JsonNode) root = orga_json_parse (page_text, -1, NULL);
  JsonObject *object;
  guint n_checked = 0;

  g_assert_nonnull (page);
  g_assert_nonnull (root);
  object = json_node_get_object (root);
  g_assert_cmpint (page->protocol, ==, 1);
  g_assert_cmpint (page->after, ==, 12);
  g_assert_cmpint (page->cursor, ==, 17);
  g_assert_true (page->more);
  g_assert_false (page->reset);

  for (guint k = 0; k < ORGA_WIRE_N_KINDS; k++)
    {
      JsonNode *node = json_object_get_member (object, orga_sync_wire_kind_name (k));
      guint n_fields;
      const OrgaWireField *fields = orga_sync_wire_fields (k, &n_fields);
      JsonArray *rows = node != NULL && JSON_NODE_HOLDS_ARRAY (node) ? json_node_get_array (node) : NULL;

      g_assert_cmpuint (page->n_rows[k], ==, rows != NULL ? json_array_get_length (rows) : 0);
      for (guint i = 0; i < page->n_rows[k]; i++)
        for (guint f = 0; f < n_fields; f++)
          {
            g_autofree char *where = g_strdup_printf ("%s[%u].%s", orga_sync_wire_kind_name (k), i, fields[f].name);
            JsonObject *row = json_array_get_object_element (rows, i);

            assert_same_value (&page->rows[k][i * n_fields + f], json_object_get_member (row, fields[f].name), where);
            n_checked++;
          }
    }
  /* A learner and two participations, field by field. */
  g_assert_cmpuint (n_checked, ==, 22 + 2 * 18);
  g_assert_cmpstr (page->rows[ORGA_WIRE_LEARNERS][2].s, ==, "LÉGER \"dit\" \\ Jo");
  g_assert_cmpstr (page->rows[ORGA_WIRE_LEARNERS][4].s, ==, "Zoé 😀");
}

/* A page without rows, and one saying reset. */
static void
test_small_pages (void)
{
  static const char empty[] = " {\"protocol\":1,\"after\":0,\"cursor\":0} ";
  static const char reset[] = "{\"protocol\":2,\"after\":5,\"cursor\":5,\"more\":null,\"reset\":true}";
  g_autoptr(OrgaSyncPage) a = orga_sync_page_parse (empty, strlen (empty));
  g_autoptr(OrgaSyncPage) b = orga_sync_page_parse (reset, strlen (reset));

  g_assert_nonnull (a);
  g_assert_false (a->more);
  for (guint k = 0; k < ORGA_WIRE_N_KINDS; k++)
    g_assert_cmpuint (a->n_rows[k], ==, 0);
  /* Another protocol is read: the caller tells the user. */
  g_assert_nonnull (b);
  g_assert_cmpint (b->protocol, ==, 2);
  g_assert_false (b->more);
  g_assert_true (b->reset);
}

/* What is left to JSON: bad JSON, and pages of an unexpected shape. */
static void
test_gives_up (void)
{
  static const char * const texts[] = {
    "",
    "[]",
    "{\"protocol\":1,\"after\":0,\"cursor\":0}x",
    "{\"protocol\":1,\"after\":0,\"cursor\":0,}",
    "{\"protocol\":1,\"after\":0}",
    "{\"protocol\":1,\"after\":0,\"cursor\":\"3\"}",
    "{\"protocol\":1.0,\"after\":0,\"cursor\":3}",
    "{\"protocol\":1,\"after\":0,\"cursor\":3,\"more\":1}",
    "{\"protocol\":1,\"after\":0,\"cursor\":3,\"cursor\":4}",
    "{\"protocol\":1,\"after\":0,\"cursor\":3,\"participations\":{}}",
    "{\"protocol\":1,\"after\":0,\"cursor\":3,\"participations\":[1]}",
    "{\"protocol\":1,\"after\":0,\"cursor\":3,\"participations\":[],\"participations\":[]}",
    "{\"protocol\":1,\"after\":0,\"cursor\":3,\"participations\":[{\"uuid\":{}}]}",
    "{\"protocol\":1,\"after\":0,\"cursor\":3,\"participations\":[{\"uuid\":\"a\",\"uuid\":\"b\"}]}",
    "{\"protocol\":1,\"after\":0,\"cursor\":3,\"participations\":[{\"uuid\":\"a\\x\"}]}",
    "{\"protocol\":1,\"after\":0,\"cursor\":3,\"participations\":[{\"uuid\":\"a\\u0000\"}]}",
    "{\"protocol\":1,\"after\":0,\"cursor\":3,\"participations\":[{\"uuid\":\"\\ud83d\"}]}",
    "{\"protocol\":1,\"after\":0,\"cursor\":3,\"participations\":[{\"uuid\":\"\\ude00\"}]}",
    "{\"protocol\":1,\"after\":0,\"cursor\":3,\"participations\":[{\"uuid\":\"a\tb\"}]}",
    "{\"protocol\":1,\"after\":0,\"cursor\":3,\"participations\":[{\"attempt\":01}]}",
    "{\"protocol\":1,\"after\":0,\"cursor\":3,\"participations\":[{\"attempt\":1.}]}",
    "{\"protocol\":1,\"after\":0,\"cursor\":3,\"participations\":[{\"attempt\":-}]}",
    "{\"protocol\":1,\"after\":0,\"cursor\":3,\"participations\":[{\"attempt\":99999999999999999999}]}",
    "{\"protocol\":1,\"after\":0,\"cursor\":3,\"participations\":[{\"attempt\":tru}]}",
    "{\"protocol\":1,\"after\":0,\"cursor\":3,\"x\":[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[["
    "]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]}",
    "{\"protocol\":1,\"after\":0,\"cursor\":3,\"x\":\"\xc3\x28\"}",
    "{\"protocol\":1,\"after\":0,\"cursor\":3,\"participations\":[{\"uuid\":\"a\xc3\"}]}",
    "{\"protocol\":1,\"after\":0,\"cursor\":3,\"participations\":[{\"uuid\":\"a\xc3\\u00a9\"}]}",
    "{\"protocol\":1,\"after\":0,\"cursor\":3,\"participations\":[{\"uuid\":\"\xed\xa0\x80\"}]}",
    "{\"protocol\":1,\"after\":0,\"cursor\":3\xc2\xa0}",
  };

  for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
    {
      g_autoptr(OrgaSyncPage) page = orga_sync_page_parse (texts[i], strlen (texts[i]));

      if (page != NULL)
        g_error ("read: %s", texts[i]);
    }

  /* A NUL inside the body. */
  {
    static const char with_nul[] = "{\"protocol\":1,\"after\":0,\"cursor\":3,\"x\":\"a\0b\"}";

    g_assert_null (orga_sync_page_parse (with_nul, sizeof with_nul - 1));
  }
}

/* A page cut anywhere (a body that stopped short) is never read, and
 * never read past its end. */
static void
test_cut_short (void)
{
  gsize length = strlen (page_text);

  /* The whole text ends with "}\n": cut before its last brace. */
  for (gsize n = 0; n + 2 < length; n++)
    {
      g_autofree char *copy = g_memdup2 (page_text, n);
      g_autoptr(OrgaSyncPage) page = orga_sync_page_parse (copy, n);

      if (page != NULL)
        g_error ("read when cut at %" G_GSIZE_FORMAT, n);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/sync-page/same-as-json", test_same_as_json);
  g_test_add_func ("/sync-page/small-pages", test_small_pages);
  g_test_add_func ("/sync-page/gives-up", test_gives_up);
  g_test_add_func ("/sync-page/cut-short", test_cut_short);

  return g_test_run ();
}
