/* test-store-sync.c: the desktop's side of the sync in the store
 *
 * The outbox written by the store's own writes, in their transaction; the
 * push built from it; the server's answers (applied, refused and rolled
 * back); the pulled pages (upserts, fallbacks, references, the resync).
 * Pages and answers are built here through orga-sync-wire's tables, as
 * the server builds them.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "orga-json.h"
#include "orga-store.h"
#include "orga-store-account.h"
#include "orga-store-campaigns.h"
#include "orga-store-cert.h"
#include "orga-store-private.h"
#include "orga-store-sync.h"
#include "orga-test-util.h"
#include "orga-text.h"

#define UAI "0330001A"
#define SPACE_ID "org-1"
#define PROFILE "rentree-6e"

/* ---- fixtures ---------------------------------------------------------- */

typedef struct
{
  char             *path;
  OrgaStore        *store;
  OrgaOrganization *school;
  GPtrArray        *seen;     /* OrgaStoreChanges */
} Fixture;

static void
changed_cb (OrgaStore        *store,
            OrgaStoreChanges *changes,
            Fixture          *f)
{
  g_ptr_array_add (f->seen, orga_store_changes_copy (changes));
}

static void
open_fixture (Fixture  *f,
              gboolean  bound)
{
  g_autoptr(GError) error = NULL;

  f->path = orga_test_new_school_db (UAI, ORGA_ORGANIZATION_KIND_SCO);
  f->store = orga_store_open (f->path, &error);
  g_assert_no_error (error);

  if (bound)
    {
      g_autoptr(OrgaAccount) anne = orga_account_new ("https://pix.example", "user-anne", "anne@ac.fr",
                                                      "Anne", "Proviseur");
      g_autoptr(OrgaSpace) space = orga_space_new (SPACE_ID, UAI, "Collège Victor Hugo",
                                                   ORGA_ORGANIZATION_KIND_SCO, FALSE, ORGA_MEMBER_ROLE_ADMIN);

      f->school = orga_store_bind (f->store, anne, space, &error);
    }
  else
    f->school = orga_store_get_organization (f->store, &error);
  g_assert_no_error (error);
  g_assert_nonnull (f->school);

  f->seen = g_ptr_array_new_with_free_func ((GDestroyNotify) orga_store_changes_free);
  g_signal_connect (f->store, "changed", G_CALLBACK (changed_cb), f);
}

static void
set_up_bound (Fixture       *f,
              gconstpointer  data)
{
  open_fixture (f, TRUE);
}

static void
set_up_offline (Fixture       *f,
                gconstpointer  data)
{
  open_fixture (f, FALSE);
}

static void
tear_down (Fixture       *f,
           gconstpointer  data)
{
  g_clear_object (&f->school);
  g_assert_finalize_object (f->store);
  g_clear_pointer (&f->seen, g_ptr_array_unref);
  g_clear_pointer (&f->path, g_free);
}

static gint64
sql_int (Fixture    *f,
         const char *sql)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  g_assert_cmpint (sqlite3_prepare_v2 (_orga_store_get_db (f->store), sql, -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  return sqlite3_column_int64 (stmt, 0);
}

/* The first column of the first row as text, NULL for SQL NULL or no row. */
static char *
sql_text (Fixture    *f,
          const char *sql)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  g_assert_cmpint (sqlite3_prepare_v2 (_orga_store_get_db (f->store), sql, -1, &stmt, NULL), ==, SQLITE_OK);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    return NULL;
  return g_strdup ((const char *) sqlite3_column_text (stmt, 0));
}

static void
sql_exec (Fixture    *f,
          const char *sql)
{
  g_assert_cmpint (sqlite3_exec (_orga_store_get_db (f->store), sql, NULL, NULL, NULL), ==, SQLITE_OK);
}

/* Every column of every row of @sql, for comparing states. */
static char *
dump (Fixture    *f,
      const char *sql)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  GString *s = g_string_new (NULL);

  g_assert_cmpint (sqlite3_prepare_v2 (_orga_store_get_db (f->store), sql, -1, &stmt, NULL), ==, SQLITE_OK);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      for (int c = 0; c < sqlite3_column_count (stmt); c++)
        {
          const char *v = (const char *) sqlite3_column_text (stmt, c);
          g_string_append_printf (s, "%s=%s|", sqlite3_column_name (stmt, c), v ? v : "<null>");
        }
      g_string_append_c (s, '\n');
    }
  return g_string_free (s, FALSE);
}

static guint
count_outbox (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  guint n = orga_store_sync_count_outbox (f->store, f->school, &error);

  g_assert_no_error (error);
  return n;
}

/* The data of the newest outbox row, whose kind must be @kind. */
static JsonObject *
last_change (Fixture    *f,
             const char *kind)
{
  g_autofree char *got_kind = sql_text (f, "SELECT kind FROM sync_outbox ORDER BY id DESC LIMIT 1");
  g_autofree char *data = sql_text (f, "SELECT data FROM sync_outbox ORDER BY id DESC LIMIT 1");
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = NULL;

  g_assert_cmpstr (got_kind, ==, kind);
  node = orga_json_parse (data, -1, &error);
  g_assert_no_error (error);
  return json_object_ref (json_node_get_object (node));
}

/* ---- the school's writes ----------------------------------------------- */

typedef struct
{
  const char *ine;
  const char *last_name;
  const char *first_name;
  const char *division;
  gboolean    ignored;
} Student;

static OrgaImportReport *
make_report (const Student *students,
             guint          n)
{
  g_autoptr(OrgaLearnerSet) set = orga_learner_set_new ();

  orga_learner_set_set_format (set, ORGA_IMPORT_FORMAT_SIECLE_XML);
  for (guint i = 0; i < n; i++)
    {
      guint k = orga_learner_set_append (set);
      OrgaLearnerFields *l = orga_learner_set_peek (set, k);

      l->ine = orga_learner_set_intern (set, students[i].ine, -1);
      l->last_name = orga_learner_set_intern (set, students[i].last_name, -1);
      l->first_name = orga_learner_set_intern (set, students[i].first_name, -1);
      l->division = orga_learner_set_intern (set, students[i].division, -1);
      l->birthdate = orga_learner_set_intern (set, "2012-03-05", -1);
      l->sex = orga_learner_set_intern (set, "F", -1);
      l->line = i + 1;
      l->ignored = students[i].ignored ? ORGA_IGNORE_LEFT_SCHOOL : ORGA_IGNORE_NONE;
    }
  {
    OrgaImportReport *report = orga_import_report_new ("eleves.xml", set);

    orga_import_report_get_counts (report)->ignored = orga_learner_set_count_ignored (set);
    return report;
  }
}

static gint64
import (Fixture       *f,
        const Student *students,
        guint          n)
{
  g_autoptr(OrgaImportReport) report = make_report (students, n);
  g_autoptr(GError) error = NULL;

  g_assert_true (orga_store_apply_learner_set (f->store, f->school, report, "Anne Proviseur", FALSE, NULL, &error));
  g_assert_no_error (error);
  return orga_import_report_get_import_id (report);
}

static const Student class_6a[] = {
  { "1234567890A", "Dupont", "Léa", "6A", FALSE },
  { "1234567890B", "Martin", "Hugo", "6A", FALSE },
  { "1234567890C", "Bernard", "Zoé", "6B", FALSE },
  { "1234567890D", "Parti", "Jean", "6B", TRUE },
};

static OrgaCampaign *
create_campaign (Fixture    *f,
                 const char *name,
                 const char *owner)
{
  OrgaCampaignSpec spec = {
    .type = ORGA_CAMPAIGN_TYPE_ASSESSMENT,
    .name = name,
    .target_profile_id = PROFILE,
    .owner = owner,
  };
  g_autoptr(GError) error = NULL;
  OrgaCampaign *campaign = orga_store_create_campaign (f->store, f->school, &spec, &error);

  g_assert_no_error (error);
  g_assert_nonnull (campaign);
  return campaign;
}

/* ---- rows, pages and answers, through orga-sync-wire's tables ---------- */

/* A row of @kind with every field at a plain default, then "name",
 * "value" pairs (NULL-terminated; a NULL value is JSON null), each value
 * read as its field's type. */
static JsonObject *
make_row (OrgaWireKind kind,
          ...)
{
  guint n_fields;
  const OrgaWireField *fields = orga_sync_wire_fields (kind, &n_fields);
  JsonObject *row = json_object_new ();
  const char *name;
  va_list args;

  for (guint i = 0; i < n_fields; i++)
    {
      if (fields[i].nullable)
        json_object_set_null_member (row, fields[i].name);
      else
        switch (fields[i].type)
          {
          case ORGA_WIRE_TEXT:
          case ORGA_WIRE_BASE64:
            json_object_set_string_member (row, fields[i].name, "");
            break;
          case ORGA_WIRE_INT:
            json_object_set_int_member (row, fields[i].name, 0);
            break;
          case ORGA_WIRE_REAL:
            json_object_set_double_member (row, fields[i].name, 0);
            break;
          case ORGA_WIRE_BOOL:
          default:
            json_object_set_boolean_member (row, fields[i].name, FALSE);
            break;
          }
    }

  va_start (args, kind);
  while ((name = va_arg (args, const char *)) != NULL)
    {
      const char *value = va_arg (args, const char *);
      int i = orga_sync_wire_field_index (kind, name);

      g_assert_cmpint (i, >=, 0);
      if (value == NULL)
        json_object_set_null_member (row, name);
      else
        switch (fields[i].type)
          {
          case ORGA_WIRE_TEXT:
          case ORGA_WIRE_BASE64:
            json_object_set_string_member (row, name, value);
            break;
          case ORGA_WIRE_INT:
            json_object_set_int_member (row, name, g_ascii_strtoll (value, NULL, 10));
            break;
          case ORGA_WIRE_REAL:
            json_object_set_double_member (row, name, g_ascii_strtod (value, NULL));
            break;
          case ORGA_WIRE_BOOL:
          default:
            json_object_set_boolean_member (row, name, g_str_equal (value, "true"));
            break;
          }
    }
  va_end (args);
  return row;
}

#define T0 "2026-09-03T08:05:00.000000Z"

#define IMPORT_1 "0190d000-0000-7000-8000-000000000001"
#define LEARNER_1 "0190d000-0000-7000-8000-000000000101"
#define LEARNER_2 "0190d000-0000-7000-8000-000000000102"
#define CAMPAIGN_1 "0190d000-0000-7000-8000-000000000201"
#define PARTICIPATION_1 "0190d000-0000-7000-8000-000000000301"
#define PARTICIPATION_2 "0190d000-0000-7000-8000-000000000302"

static JsonObject *
import_row (const char *uuid,
            const char *device,
            const char *overrode,
            const char *seq)
{
  return make_row (ORGA_WIRE_IMPORTS, "uuid", uuid, "created_at", T0, "created_by", "Mme Martin",
                   "device", device, "file_name", "eleves.xml", "format", "SIECLE_XML", "status", "imported",
                   "errors", "[]", "overrode", overrode, "seq", seq, NULL);
}

static JsonObject *
learner_row (const char *uuid,
             const char *ine,
             const char *last_name,
             const char *first_name,
             const char *import,
             const char *seq)
{
  return make_row (ORGA_WIRE_LEARNERS, "uuid", uuid, "ine", ine, "last_name", last_name,
                   "first_name", first_name, "division", "6A", "created_at", T0, "updated_at", T0,
                   "import", import, "seq", seq, NULL);
}

static JsonObject *
campaign_row (const char *uuid,
              const char *code,
              const char *name,
              const char *seq)
{
  return make_row (ORGA_WIRE_CAMPAIGNS, "uuid", uuid, "code", code, "name", name, "type", "ASSESSMENT",
                   "target_profile_id", PROFILE, "owner", "Élise Dürer", "owner_id", "user-elise",
                   "creator", "Élise Dürer", "created_at", T0, "updated_at", T0, "seq", seq, NULL);
}

static JsonObject *
participation_row (const char *uuid,
                   const char *campaign,
                   const char *learner,
                   const char *seq)
{
  return make_row (ORGA_WIRE_PARTICIPATIONS, "uuid", uuid, "campaign", campaign, "learner", learner,
                   "status", "SHARED", "created_at", T0, "shared_at", T0, "mastery_rate", "0.5",
                   "progression", "1", "pix_score", "42", "validated_skills", "7", "attempt", "1",
                   "results", "AQID", "seq", seq, NULL);
}

/* A page: @after, @cursor, @more, then rows as (kind, JsonObject *) pairs
 * ending with -1. */
static JsonNode *
make_page (gint64   after,
           gint64   cursor,
           gboolean more,
           ...)
{
  JsonObject *page = json_object_new ();
  va_list args;
  int kind;

  json_object_set_int_member (page, "protocol", ORGA_SYNC_PROTOCOL);
  json_object_set_int_member (page, "after", after);
  json_object_set_int_member (page, "cursor", cursor);
  json_object_set_boolean_member (page, "more", more);
  json_object_set_boolean_member (page, "reset", FALSE);
  for (guint k = 0; k < ORGA_WIRE_N_KINDS; k++)
    json_object_set_array_member (page, orga_sync_wire_kind_name (k), json_array_new ());

  va_start (args, more);
  while ((kind = va_arg (args, int)) >= 0)
    {
      JsonObject *row = va_arg (args, JsonObject *);
      json_array_add_object_element (json_object_get_array_member (page, orga_sync_wire_kind_name (kind)), row);
    }
  va_end (args);

  {
    JsonNode *node = json_node_init_object (json_node_alloc (), page);

    json_object_unref (page);
    return node;
  }
}

static void
apply_page_ok (Fixture  *f,
               JsonNode *page,
               guint     expected_rows)
{
  g_autoptr(GError) error = NULL;
  guint n_rows = G_MAXUINT;

  g_assert_true (orga_store_sync_apply_page (f->store, f->school, page, &n_rows, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n_rows, ==, expected_rows);
}

/* An answer to a push: (id, "applied" | error code, message, current
 * JsonObject * or NULL) quadruples ending with NULL. */
static JsonNode *
make_answer (const char *id,
             ...)
{
  JsonObject *answer = json_object_new ();
  JsonArray *results = json_array_new ();
  va_list args;

  json_object_set_int_member (answer, "protocol", ORGA_SYNC_PROTOCOL);
  json_object_set_array_member (answer, "results", results);

  va_start (args, id);
  for (; id != NULL; id = va_arg (args, const char *))
    {
      const char *code = va_arg (args, const char *);
      const char *message = va_arg (args, const char *);
      JsonObject *current = va_arg (args, JsonObject *);
      JsonObject *result = json_object_new ();

      json_object_set_string_member (result, "id", id);
      if (g_str_equal (code, "applied"))
        {
          json_object_set_string_member (result, "status", "applied");
          json_object_set_int_member (result, "seq", 100);
        }
      else
        {
          JsonObject *e = json_object_new ();

          json_object_set_string_member (result, "status", "refused");
          json_object_set_string_member (e, "code", code);
          json_object_set_string_member (e, "message", message);
          json_object_set_object_member (result, "error", e);
          if (current != NULL)
            json_object_set_object_member (result, "current", current);
        }
      json_array_add_object_element (results, result);
    }
  va_end (args);

  {
    JsonNode *node = json_node_init_object (json_node_alloc (), answer);

    json_object_unref (answer);
    return node;
  }
}

/* {"campaigns": [@row]} or {"campaigns": []} when @row is NULL. */
static JsonObject *
current_campaigns (JsonObject *row)
{
  JsonObject *current = json_object_new ();
  JsonArray *rows = json_array_new ();

  if (row != NULL)
    json_array_add_object_element (rows, row);
  json_object_set_array_member (current, orga_sync_wire_kind_name (ORGA_WIRE_CAMPAIGNS), rows);
  return current;
}

static char *
outbox_id (Fixture    *f,
           const char *kind)
{
  g_autofree char *sql = g_strdup_printf ("SELECT uuid FROM sync_outbox WHERE kind = '%s' ORDER BY id DESC", kind);

  return sql_text (f, sql);
}

/* The kinds in the outbox, oldest first, "+seed" after a seed. */
static void
assert_outbox_kinds (Fixture    *f,
                     const char *expected)
{
  g_autofree char *kinds = sql_text (f, "SELECT group_concat (k, ' ') FROM "
                                        "(SELECT kind || CASE WHEN json_extract (data, '$.seed') IS 1 "
                                        "THEN '+seed' ELSE '' END AS k FROM sync_outbox ORDER BY id)");

  g_assert_cmpstr (kinds, ==, expected);
}

static OrgaStoreChangeKind
seen_kinds (Fixture *f)
{
  OrgaStoreChangeKind kinds = 0;

  for (guint i = 0; i < f->seen->len; i++)
    kinds |= orga_store_changes_get_kinds (g_ptr_array_index (f->seen, i));
  return kinds;
}

/* ---- the outbox -------------------------------------------------------- */

static void
test_queue_import (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(JsonObject) change = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *device = NULL;
  g_autofree char *import_uuid = NULL;
  JsonObject *record;
  JsonArray *learners;
  gint64 import_id;

  /* base is the cursor when the change was made. */
  {
    g_autoptr(JsonNode) page = make_page (0, 7, FALSE, -1);
    apply_page_ok (f, page, 0);
  }
  g_ptr_array_set_size (f->seen, 0);

  import_id = import (f, class_6a, G_N_ELEMENTS (class_6a));
  g_assert_cmpuint (count_outbox (f), ==, 1);
  g_assert_true (seen_kinds (f) & ORGA_STORE_CHANGE_SYNC);
  g_assert_cmpint (sql_int (f, "SELECT base FROM sync_outbox"), ==, 7);

  change = last_change (f, ORGA_SYNC_IMPORT_APPLY);
  record = json_object_get_object_member (change, "import");
  import_uuid = sql_text (f, "SELECT uuid FROM imports");
  g_assert_cmpstr (json_object_get_string_member (record, "uuid"), ==, import_uuid);
  g_assert_cmpint (json_object_get_int_member (record, "created"), ==, 3);
  g_assert_cmpint (json_object_get_int_member (record, "ignored"), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (record, "status"), ==, "imported");
  g_assert_false (json_object_has_member (record, "seq"));
  device = orga_store_sync_dup_device (f->store, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (json_object_get_string_member (record, "device"), ==, device);

  /* The file's students but the ignored one, with the uuids they got. */
  learners = json_object_get_array_member (change, "learners");
  g_assert_cmpuint (json_array_get_length (learners), ==, 3);
  for (guint i = 0; i < 3; i++)
    {
      JsonObject *l = json_array_get_object_element (learners, i);
      g_autofree char *sql = g_strdup_printf ("SELECT uuid FROM learners WHERE ine = '%s'",
                                              json_object_get_string_member (l, "ine"));
      g_autofree char *uuid = sql_text (f, sql);

      g_assert_cmpstr (json_object_get_string_member (l, "uuid"), ==, uuid);
      g_assert_cmpstr (json_object_get_string_member (l, "ine"), !=, "1234567890D");
      g_assert_true (json_object_has_member (l, "division"));
      g_assert_false (json_object_has_member (l, "disabled_at"));
    }

  /* A rejected file: the record only. */
  {
    g_autoptr(OrgaImportReport) report = make_report (class_6a, 1);
    g_autoptr(JsonObject) reject = NULL;

    g_assert_true (orga_store_record_rejected_import (f->store, f->school, report, "Anne Proviseur", &error));
    g_assert_no_error (error);
    reject = last_change (f, ORGA_SYNC_IMPORT_REJECT);
    g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (reject, "import"), "status"),
                     ==, "rejected");
    g_assert_false (json_object_has_member (reject, "learners"));
  }

  /* An undo: the import's uuid. */
  {
    g_autoptr(JsonObject) undo = NULL;

    g_assert_true (orga_store_undo_import (f->store, f->school, import_id, &error));
    g_assert_no_error (error);
    undo = last_change (f, ORGA_SYNC_IMPORT_UNDO);
    g_assert_cmpstr (json_object_get_string_member (undo, "import"), ==, import_uuid);
    g_assert_cmpuint (count_outbox (f), ==, 3);
  }
}

static void
test_queue_campaigns (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(OrgaCampaign) mine = create_campaign (f, "Rentrée 6e", "Anne Proviseur");
  g_autoptr(OrgaCampaign) theirs = NULL;
  g_autoptr(JsonObject) create = last_change (f, ORGA_SYNC_CAMPAIGN_CREATE);
  g_autoptr(GError) error = NULL;
  JsonObject *row = json_object_get_object_member (create, "campaign");
  gint64 ids[2];

  g_assert_cmpstr (json_object_get_string_member (row, "uuid"), ==, orga_campaign_get_uuid (mine));
  g_assert_cmpstr (json_object_get_string_member (row, "code"), ==, orga_campaign_get_code (mine));
  g_assert_cmpstr (json_object_get_string_member (row, "owner_id"), ==, "user-anne");
  g_assert_false (json_object_has_member (row, "seq"));
  g_assert_false (json_object_get_boolean_member (row, "multiple_sendings"));

  /* An owner typed freely is nobody's account. */
  theirs = create_campaign (f, "Rentrée 5e", "M. Durand");
  {
    g_autoptr(JsonObject) other = last_change (f, ORGA_SYNC_CAMPAIGN_CREATE);
    g_assert_true (json_object_get_null_member (json_object_get_object_member (other, "campaign"), "owner_id"));
  }

  /* Only what changed. */
  g_assert_true (orga_store_update_campaign (f->store, orga_campaign_get_id (mine), "Rentrée 6e bis",
                                             NULL, NULL, "Anne Proviseur", &error));
  g_assert_no_error (error);
  {
    g_autoptr(JsonObject) update = last_change (f, ORGA_SYNC_CAMPAIGN_UPDATE);
    JsonObject *fields = json_object_get_object_member (update, "fields");

    g_assert_cmpstr (json_object_get_string_member (update, "campaign"), ==, orga_campaign_get_uuid (mine));
    g_assert_cmpuint (json_object_get_size (fields), ==, 1);
    g_assert_cmpstr (json_object_get_string_member (fields, "name"), ==, "Rentrée 6e bis");
  }
  g_assert_true (orga_store_update_campaign (f->store, orga_campaign_get_id (mine), "Rentrée 6e bis",
                                             NULL, NULL, "M. Durand", &error));
  g_assert_no_error (error);
  {
    g_autoptr(JsonObject) update = last_change (f, ORGA_SYNC_CAMPAIGN_UPDATE);
    JsonObject *fields = json_object_get_object_member (update, "fields");

    g_assert_cmpuint (json_object_get_size (fields), ==, 2);
    g_assert_cmpstr (json_object_get_string_member (fields, "owner"), ==, "M. Durand");
    g_assert_true (json_object_get_null_member (fields, "owner_id"));
  }
  /* Nothing changed, nothing queued, nothing written: not even the time,
   * which the other desktops would never see. */
  {
    guint n = count_outbox (f);
    g_autofree char *before = sql_text (f, "SELECT updated_at FROM campaigns ORDER BY id");
    g_autofree char *after = NULL;

    g_assert_true (orga_store_update_campaign (f->store, orga_campaign_get_id (mine), " Rentrée 6e bis ",
                                               NULL, NULL, "M. Durand", &error));
    g_assert_cmpuint (count_outbox (f), ==, n);
    after = sql_text (f, "SELECT updated_at FROM campaigns ORDER BY id");
    g_assert_cmpstr (after, ==, before);
  }

  g_assert_true (orga_store_archive_campaign (f->store, orga_campaign_get_id (mine), "Anne Proviseur", &error));
  g_assert_no_error (error);
  {
    g_autoptr(JsonObject) archive = last_change (f, ORGA_SYNC_CAMPAIGN_ARCHIVE);
    g_autofree char *at = sql_text (f, "SELECT created_at FROM sync_outbox ORDER BY id DESC");
    g_autofree char *archived_at = sql_text (f, "SELECT archived_at FROM campaigns WHERE archived_at IS NOT NULL");

    g_assert_true (json_object_get_boolean_member (archive, "archived"));
    /* The server sets archived_at from the change's time. */
    g_assert_cmpstr (at, ==, archived_at);
  }
  g_assert_true (orga_store_unarchive_campaign (f->store, orga_campaign_get_id (mine), &error));
  g_assert_no_error (error);
  {
    g_autoptr(JsonObject) archive = last_change (f, ORGA_SYNC_CAMPAIGN_ARCHIVE);
    g_assert_false (json_object_get_boolean_member (archive, "archived"));
  }

  ids[0] = orga_campaign_get_id (mine);
  ids[1] = orga_campaign_get_id (theirs);
  g_assert_true (orga_store_delete_campaigns (f->store, ids, 2, "Anne Proviseur", &error));
  g_assert_no_error (error);
  g_assert_cmpint (sql_int (f, "SELECT count(*) FROM sync_outbox WHERE kind = 'campaign.delete'"), ==, 2);
  {
    g_autoptr(JsonObject) del = last_change (f, ORGA_SYNC_CAMPAIGN_DELETE);
    g_assert_cmpstr (json_object_get_string_member (del, "campaign"), ==, orga_campaign_get_uuid (theirs));
  }
  g_assert_cmpuint (count_outbox (f), ==, 8);
}

/* The outbox row shares the change's transaction: both or neither. */
static void
test_queue_transaction (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(OrgaCampaign) campaign = NULL;
  OrgaCampaignSpec spec = {
    .type = ORGA_CAMPAIGN_TYPE_ASSESSMENT,
    .name = "Rentrée 6e",
    .target_profile_id = PROFILE,
    .owner = "Anne Proviseur",
  };

  /* The caller's rollback takes both back. */
  g_assert_true (orga_store_begin (f->store, &error));
  campaign = orga_store_create_campaign (f->store, f->school, &spec, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (count_outbox (f), ==, 1);
  orga_store_rollback (f->store);
  g_assert_cmpuint (count_outbox (f), ==, 0);
  g_assert_cmpint (sql_int (f, "SELECT count(*) FROM campaigns"), ==, 0);

  /* An outbox that cannot be written leaves no change either. */
  sql_exec (f, "CREATE TEMP TRIGGER no_outbox BEFORE INSERT ON sync_outbox BEGIN SELECT RAISE (ABORT, 'full'); END");
  g_clear_object (&campaign);
  campaign = orga_store_create_campaign (f->store, f->school, &spec, &error);
  g_assert_null (campaign);
  g_assert_nonnull (error);
  g_clear_error (&error);
  g_assert_cmpint (sql_int (f, "SELECT count(*) FROM campaigns"), ==, 0);

  {
    g_autoptr(OrgaImportReport) report = make_report (class_6a, 3);

    g_assert_false (orga_store_apply_learner_set (f->store, f->school, report, NULL, FALSE, NULL, &error));
    g_assert_nonnull (error);
    g_clear_error (&error);
    g_assert_cmpint (sql_int (f, "SELECT count(*) FROM learners"), ==, 0);
    g_assert_cmpint (sql_int (f, "SELECT count(*) FROM imports"), ==, 0);
    g_assert_false (orga_store_record_rejected_import (f->store, f->school, report, NULL, &error));
    g_assert_nonnull (error);
    g_clear_error (&error);
    g_assert_cmpint (sql_int (f, "SELECT count(*) FROM imports"), ==, 0);
  }
  sql_exec (f, "DROP TRIGGER no_outbox");
  g_assert_cmpuint (count_outbox (f), ==, 0);
}

/* An offline school queues nothing. */
static void
test_queue_offline (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(OrgaCampaign) campaign = NULL;
  g_autoptr(GError) error = NULL;
  gint64 import_id;

  g_assert_false (orga_store_sync_is_enabled (f->store, f->school));
  import_id = import (f, class_6a, 3);
  campaign = create_campaign (f, "Rentrée 6e", "Anne Proviseur");
  g_assert_true (orga_store_update_campaign (f->store, orga_campaign_get_id (campaign), "Autre", NULL, NULL,
                                             "Anne Proviseur", &error));
  g_assert_true (orga_store_archive_campaign (f->store, orga_campaign_get_id (campaign), NULL, &error));
  g_assert_true (orga_store_undo_import (f->store, f->school, import_id, &error));
  g_assert_no_error (error);
  g_assert_cmpint (sql_int (f, "SELECT count(*) FROM sync_outbox"), ==, 0);
  g_assert_null (orga_store_sync_build_push (f->store, f->school, ORGA_SYNC_PUSH_MAX, &error));
  g_assert_no_error (error);
}

/* Demonstration data never syncs. */
static void
test_queue_demo (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(OrgaCampaign) campaign = NULL;
  g_autoptr(OrgaParticipationSet) set = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree guint8 *results = NULL;
  OrgaParticipation p = { 0 };
  guint n;

  import (f, class_6a, 3);
  campaign = create_campaign (f, "Rentrée 6e", "Anne Proviseur");
  n = count_outbox (f);
  g_assert_cmpuint (n, ==, 2);

  set = orga_participation_set_new (orga_campaign_get_target_profile (campaign)->n_tubes);
  results = g_malloc0 (orga_campaign_get_target_profile (campaign)->n_tubes);
  p.learner_id = sql_int (f, "SELECT min(id) FROM learners");
  p.status = ORGA_PARTICIPATION_SHARED;
  p.created_at = 1756886400;
  p.shared_at = 1756886400;
  p.is_certifiable = -1;
  p.is_demo = TRUE;
  p.results = results;
  orga_participation_set_add (set, &p);
  g_assert_true (orga_store_add_participations (f->store, campaign, set, &error));
  g_assert_no_error (error);
  g_assert_true (orga_store_has_demo_data (f->store, f->school));
  g_assert_cmpuint (count_outbox (f), ==, n);

  g_assert_true (orga_store_delete_demo_data (f->store, f->school, &error));
  g_assert_no_error (error);
  g_assert_false (orga_store_has_demo_data (f->store, f->school));
  g_assert_cmpuint (count_outbox (f), ==, n);
}

/* ---- the push ---------------------------------------------------------- */

static void
test_build_push (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) push = NULL;
  g_autofree char *device = NULL;
  g_autofree char *first = NULL;
  JsonObject *body;
  JsonArray *changes;

  g_assert_null (orga_store_sync_build_push (f->store, f->school, ORGA_SYNC_PUSH_MAX, &error));
  g_assert_no_error (error);

  for (guint i = 0; i < 5; i++)
    {
      g_autofree char *name = g_strdup_printf ("Campagne %u", i);
      g_autoptr(OrgaCampaign) campaign = create_campaign (f, name, "Anne Proviseur");
    }
  first = sql_text (f, "SELECT uuid FROM sync_outbox ORDER BY id");

  push = orga_store_sync_build_push (f->store, f->school, 2, &error);
  g_assert_no_error (error);
  g_assert_nonnull (push);
  body = json_node_get_object (push);
  device = orga_store_sync_dup_device (f->store, &error);
  g_assert_cmpint (json_object_get_int_member (body, "protocol"), ==, ORGA_SYNC_PROTOCOL);
  g_assert_cmpstr (json_object_get_string_member (body, "device"), ==, device);
  changes = json_object_get_array_member (body, "changes");
  g_assert_cmpuint (json_array_get_length (changes), ==, 2);
  {
    JsonObject *change = json_array_get_object_element (changes, 0);
    JsonObject *second = json_array_get_object_element (changes, 1);

    /* Oldest first, each with its id, kind, time, base and data. */
    g_assert_cmpstr (json_object_get_string_member (change, "id"), ==, first);
    g_assert_cmpstr (json_object_get_string_member (change, "kind"), ==, ORGA_SYNC_CAMPAIGN_CREATE);
    g_assert_nonnull (json_object_get_string_member (change, "at"));
    g_assert_cmpint (json_object_get_int_member (change, "base"), ==, 0);
    g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (
                       json_object_get_object_member (change, "data"), "campaign"), "name"), ==, "Campagne 0");
    g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (
                       json_object_get_object_member (second, "data"), "campaign"), "name"), ==, "Campagne 1");
  }
  /* Building changes nothing. */
  g_assert_cmpuint (count_outbox (f), ==, 5);
  g_clear_pointer (&push, json_node_unref);
  push = orga_store_sync_build_push (f->store, f->school, ORGA_SYNC_PUSH_MAX, &error);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (json_node_get_object (push), "changes")),
                    ==, 5);
}

static void
test_push_applied (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(OrgaCampaign) a = create_campaign (f, "A", "Anne Proviseur");
  g_autoptr(OrgaCampaign) b = create_campaign (f, "B", "Anne Proviseur");
  g_autofree char *id_a = sql_text (f, "SELECT uuid FROM sync_outbox ORDER BY id");
  g_autofree char *id_b = sql_text (f, "SELECT uuid FROM sync_outbox ORDER BY id DESC");
  g_autoptr(JsonNode) answer = make_answer (id_a, "applied", NULL, NULL, "not-in-the-outbox", "applied", NULL, NULL, NULL);
  g_autoptr(GPtrArray) refused = g_ptr_array_new_with_free_func ((GDestroyNotify) orga_sync_notice_free);
  g_autoptr(GError) error = NULL;
  gboolean resync = TRUE;
  guint n_applied = 0;

  g_ptr_array_set_size (f->seen, 0);
  g_assert_true (orga_store_sync_apply_push_answer (f->store, f->school, answer, &n_applied, refused, &resync, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n_applied, ==, 1);
  g_assert_false (resync);
  g_assert_cmpuint (refused->len, ==, 0);
  g_assert_cmpuint (count_outbox (f), ==, 1);
  g_assert_true (seen_kinds (f) & ORGA_STORE_CHANGE_SYNC);
  {
    g_autofree char *left = sql_text (f, "SELECT uuid FROM sync_outbox");
    g_assert_cmpstr (left, ==, id_b);
  }

  /* The same answer again (a retried push): nothing more. */
  g_assert_true (orga_store_sync_apply_push_answer (f->store, f->school, answer, &n_applied, refused, &resync, &error));
  g_assert_cmpuint (n_applied, ==, 0);
  g_assert_cmpuint (count_outbox (f), ==, 1);
  g_assert_cmpint (sql_int (f, "SELECT count(*) FROM campaigns"), ==, 2);

  /* An answer of another protocol, or not one at all, changes nothing,
   * its readable results included. */
  {
    g_autoptr(JsonNode) other = make_answer (id_b, "applied", NULL, NULL, id_b, "applied", NULL, NULL, NULL);

    json_object_set_int_member (json_node_get_object (other), "protocol", ORGA_SYNC_PROTOCOL + 1);
    g_assert_false (orga_store_sync_apply_push_answer (f->store, f->school, other, &n_applied, refused, &resync, &error));
    g_assert_error (error, ORGA_STORE_ERROR, ORGA_STORE_ERROR_PROTOCOL);
    g_clear_error (&error);
    json_object_set_int_member (json_node_get_object (other), "protocol", ORGA_SYNC_PROTOCOL);
    json_object_set_string_member (json_array_get_object_element (
                                     json_object_get_array_member (json_node_get_object (other), "results"), 1),
                                   "status", "maybe");
    g_assert_false (orga_store_sync_apply_push_answer (f->store, f->school, other, &n_applied, refused, &resync, &error));
    g_assert_error (error, ORGA_STORE_ERROR, ORGA_STORE_ERROR_PROTOCOL);
    g_assert_cmpuint (count_outbox (f), ==, 1);
  }
}

static void
assert_one_notice (Fixture    *f,
                   GPtrArray  *refused,
                   const char *change,
                   const char *kind,
                   const char *message)
{
  g_autoptr(GPtrArray) notices = NULL;
  g_autoptr(GError) error = NULL;
  OrgaSyncNotice *notice;

  g_assert_cmpuint (refused->len, ==, 1);
  notice = g_ptr_array_index (refused, 0);
  g_assert_cmpstr (notice->change, ==, change);
  g_assert_cmpstr (notice->kind, ==, kind);
  g_assert_cmpstr (notice->message, ==, message);

  notices = orga_store_sync_list_notices (f->store, f->school, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (notices->len, ==, 1);
  notice = g_ptr_array_index (notices, 0);
  g_assert_cmpstr (notice->change, ==, change);
  g_assert_cmpstr (notice->message, ==, message);
}

#define TAKEN "Le code est déjà pris sur le serveur."

static void
test_refused_create (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(OrgaCampaign) campaign = create_campaign (f, "Rentrée 6e", "Anne Proviseur");
  g_autofree char *id = outbox_id (f, ORGA_SYNC_CAMPAIGN_CREATE);
  g_autoptr(GPtrArray) refused = g_ptr_array_new_with_free_func ((GDestroyNotify) orga_sync_notice_free);
  g_autoptr(JsonNode) answer = NULL;
  g_autoptr(GError) error = NULL;
  gboolean resync = TRUE;
  guint n_applied = 0;

  /* An edit queued after it would be refused too: it goes with it. */
  g_assert_true (orga_store_update_campaign (f->store, orga_campaign_get_id (campaign), "Autre", NULL, NULL,
                                             "Anne Proviseur", &error));
  g_assert_cmpuint (count_outbox (f), ==, 2);

  answer = make_answer (id, "CAMPAIGN_CODE_TAKEN", TAKEN, current_campaigns (NULL), NULL);
  g_ptr_array_set_size (f->seen, 0);
  g_assert_true (orga_store_sync_apply_push_answer (f->store, f->school, answer, &n_applied, refused, &resync, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n_applied, ==, 0);
  g_assert_false (resync);
  g_assert_cmpint (sql_int (f, "SELECT count(*) FROM campaigns"), ==, 0);
  g_assert_cmpuint (count_outbox (f), ==, 0);
  assert_one_notice (f, refused, id, ORGA_SYNC_CAMPAIGN_CREATE, TAKEN);
  g_assert_true (seen_kinds (f) & ORGA_STORE_CHANGE_SYNC);
  g_assert_true (orga_store_changes_has_campaign (g_ptr_array_index (f->seen, 0), orga_campaign_get_id (campaign)));

  /* Seen: the notices go. */
  g_assert_true (orga_store_sync_mark_notices_seen (f->store, f->school, &error));
  {
    g_autoptr(GPtrArray) notices = orga_store_sync_list_notices (f->store, f->school, &error);
    g_assert_cmpuint (notices->len, ==, 0);
  }
}

static void
test_refused_update (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(OrgaCampaign) campaign = create_campaign (f, "Rentrée 6e", "Anne Proviseur");
  g_autofree char *create_id = outbox_id (f, ORGA_SYNC_CAMPAIGN_CREATE);
  g_autofree char *update_id = NULL;
  g_autoptr(GPtrArray) refused = g_ptr_array_new_with_free_func ((GDestroyNotify) orga_sync_notice_free);
  g_autoptr(JsonNode) answer = NULL;
  g_autoptr(GError) error = NULL;
  gboolean resync = TRUE;
  guint n_applied = 0;
  JsonObject *server_row;

  g_assert_true (orga_store_update_campaign (f->store, orga_campaign_get_id (campaign), "Mon nom", NULL, NULL,
                                             "Anne Proviseur", &error));
  update_id = outbox_id (f, ORGA_SYNC_CAMPAIGN_UPDATE);

  /* The server's row as it is: the create applied, the edit not. */
  server_row = campaign_row (orga_campaign_get_uuid (campaign), orga_campaign_get_code (campaign), "Nom du serveur", "3");
  answer = make_answer (create_id, "applied", NULL, NULL,
                        update_id, "FORBIDDEN", "Seul le propriétaire de la campagne ou un administrateur peut la modifier.",
                        current_campaigns (server_row), NULL);
  g_assert_true (orga_store_sync_apply_push_answer (f->store, f->school, answer, &n_applied, refused, &resync, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n_applied, ==, 1);
  g_assert_false (resync);
  {
    g_autofree char *name = sql_text (f, "SELECT name FROM campaigns");
    g_autofree char *name_key = sql_text (f, "SELECT name_key FROM campaigns");
    g_autofree char *folded = orga_text_fold ("Nom du serveur");

    g_assert_cmpstr (name, ==, "Nom du serveur");
    g_assert_cmpstr (name_key, ==, folded);
  }
  assert_one_notice (f, refused, update_id, ORGA_SYNC_CAMPAIGN_UPDATE,
                     "Seul le propriétaire de la campagne ou un administrateur peut la modifier.");
  g_assert_cmpuint (count_outbox (f), ==, 0);
}

static const Student class_6a_later[] = {
  { "1234567890A", "Dupont", "Léa", "5A", FALSE },
  { "1234567890C", "Bernard", "Zoé", "5B", FALSE },
  { "1234567890E", "Nouveau", "Paul", "5A", FALSE },
};

#define MEMBER_IMPORT "Seuls les administrateurs de l'espace peuvent importer la liste des élèves."

/* A refused import, this desktop's latest, is undone here; what an
 * import overwrote is kept while it is queued, so that the one before it
 * can be undone in turn. */
static void
refuse (Fixture    *f,
        const char *id)
{
  g_autoptr(GPtrArray) refused = g_ptr_array_new_with_free_func ((GDestroyNotify) orga_sync_notice_free);
  g_autoptr(JsonNode) answer = make_answer (id, "FORBIDDEN", MEMBER_IMPORT, NULL, NULL);
  g_autoptr(GError) error = NULL;
  gboolean resync = TRUE;
  guint n_applied = 9;
  OrgaSyncNotice *notice;

  g_assert_true (orga_store_sync_apply_push_answer (f->store, f->school, answer, &n_applied, refused, &resync, &error));
  g_assert_no_error (error);
  g_assert_false (resync);
  g_assert_cmpuint (n_applied, ==, 0);
  g_assert_cmpuint (refused->len, ==, 1);
  notice = g_ptr_array_index (refused, 0);
  g_assert_cmpstr (notice->change, ==, id);
  g_assert_cmpstr (notice->kind, ==, ORGA_SYNC_IMPORT_APPLY);
  g_assert_cmpstr (notice->message, ==, MEMBER_IMPORT);
}

static void
test_refused_import (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) first_answer = NULL;
  g_autoptr(GPtrArray) notices = NULL;
  g_autofree char *first_id = NULL;
  g_autofree char *second_id = NULL;
  g_autofree char *third_id = NULL;
  g_autofree char *after_first = NULL;
  g_autofree char *after_second = NULL;
  g_autofree char *now = NULL;
  const char *learners = "SELECT * FROM learners ORDER BY id";

  import (f, class_6a, 3);
  first_id = outbox_id (f, ORGA_SYNC_IMPORT_APPLY);
  first_answer = make_answer (first_id, "applied", NULL, NULL, NULL);
  g_assert_true (orga_store_sync_apply_push_answer (f->store, f->school, first_answer, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  after_first = dump (f, learners);

  import (f, class_6a_later, G_N_ELEMENTS (class_6a_later));
  second_id = outbox_id (f, ORGA_SYNC_IMPORT_APPLY);
  after_second = dump (f, learners);
  import (f, class_6a, 3);
  third_id = outbox_id (f, ORGA_SYNC_IMPORT_APPLY);
  g_assert_cmpint (sql_int (f, "SELECT count(DISTINCT import_id) FROM learners_before_import"), ==, 2);
  g_assert_cmpuint (count_outbox (f), ==, 2);

  refuse (f, third_id);
  now = dump (f, learners);
  g_assert_cmpstr (now, ==, after_second);
  g_clear_pointer (&now, g_free);

  refuse (f, second_id);
  now = dump (f, learners);
  g_assert_cmpstr (now, ==, after_first);
  g_clear_pointer (&now, g_free);

  /* No trace of them but the notices. */
  g_assert_cmpint (sql_int (f, "SELECT count(*) FROM imports"), ==, 1);
  g_assert_cmpuint (count_outbox (f), ==, 0);
  notices = orga_store_sync_list_notices (f->store, f->school, &error);
  g_assert_cmpuint (notices->len, ==, 2);

  /* Once accepted, the rule of the latest import alone stands again. */
  import (f, class_6a_later, G_N_ELEMENTS (class_6a_later));
  {
    g_autofree char *id = outbox_id (f, ORGA_SYNC_IMPORT_APPLY);
    g_autoptr(JsonNode) answer = make_answer (id, "applied", NULL, NULL, NULL);

    g_assert_true (orga_store_sync_apply_push_answer (f->store, f->school, answer, NULL, NULL, NULL, &error));
  }
  import (f, class_6a, 3);
  g_assert_cmpint (sql_int (f, "SELECT count(DISTINCT import_id) FROM learners_before_import"), ==, 1);
  g_clear_pointer (&after_first, g_free);
  after_first = dump (f, learners);

  /* Both refused in one answer, oldest first: undone newest first, each
   * then the latest. */
  import (f, class_6a_later, G_N_ELEMENTS (class_6a_later));
  g_clear_pointer (&second_id, g_free);
  second_id = outbox_id (f, ORGA_SYNC_IMPORT_APPLY);
  import (f, class_6a, 3);
  g_clear_pointer (&third_id, g_free);
  third_id = outbox_id (f, ORGA_SYNC_IMPORT_APPLY);
  {
    g_autoptr(JsonNode) answer = make_answer (second_id, "FORBIDDEN", MEMBER_IMPORT, NULL,
                                              third_id, "FORBIDDEN", MEMBER_IMPORT, NULL, NULL);
    g_autoptr(GPtrArray) refused = g_ptr_array_new_with_free_func ((GDestroyNotify) orga_sync_notice_free);
    gboolean resync = TRUE;

    g_assert_true (orga_store_sync_apply_push_answer (f->store, f->school, answer, NULL, refused, &resync, &error));
    g_assert_no_error (error);
    g_assert_false (resync);
    g_assert_cmpuint (refused->len, ==, 2);
  }
  now = dump (f, learners);
  g_assert_cmpstr (now, ==, after_first);
  g_assert_cmpuint (count_outbox (f), ==, 1);
}

/* A refused import that is no longer this desktop's latest: resync. */
static void
test_refused_import_resync (Fixture       *f,
                            gconstpointer  data)
{
  g_autoptr(GPtrArray) refused = g_ptr_array_new_with_free_func ((GDestroyNotify) orga_sync_notice_free);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) answer = NULL;
  g_autofree char *id = NULL;
  gboolean resync = FALSE;
  guint n_applied = 0;

  {
    g_autoptr(JsonNode) page = make_page (0, 5, FALSE, -1);
    apply_page_ok (f, page, 0);
  }
  import (f, class_6a, 3);
  id = outbox_id (f, ORGA_SYNC_IMPORT_APPLY);
  /* Another desktop's import pulled since. */
  {
    g_autoptr(JsonNode) page = make_page (5, 9, FALSE, ORGA_WIRE_IMPORTS,
                                          import_row ("0190d000-0000-7000-8000-00000000000a", "other-device", NULL, "9"),
                                          -1);
    apply_page_ok (f, page, 1);
  }

  answer = make_answer (id, "FORBIDDEN", MEMBER_IMPORT, NULL, NULL);
  g_assert_true (orga_store_sync_apply_push_answer (f->store, f->school, answer, &n_applied, refused, &resync, &error));
  g_assert_no_error (error);
  g_assert_true (resync);
  g_assert_cmpuint (refused->len, ==, 1);
  g_assert_cmpint (sql_int (f, "SELECT cursor FROM sync_state"), ==, 0);
  g_assert_cmpint (sql_int (f, "SELECT resync FROM sync_state"), ==, 1);
  g_assert_cmpint (orga_store_sync_get_cursor (f->store, f->school, &error), ==, 0);

  /* The resync's last page: the server has the other import and one of
   * the students, under its own uuid. The refused import and the
   * students only it created go. */
  {
    g_autoptr(JsonNode) page = make_page (0, 9, FALSE,
                                          ORGA_WIRE_IMPORTS,
                                          import_row ("0190d000-0000-7000-8000-00000000000a", "other-device", NULL, "9"),
                                          ORGA_WIRE_LEARNERS,
                                          learner_row (LEARNER_1, "1234567890A", "Dupont", "Léa", NULL, "8"),
                                          -1);

    apply_page_ok (f, page, 2);
  }
  g_assert_cmpint (sql_int (f, "SELECT count(*) FROM imports"), ==, 1);
  g_assert_cmpint (sql_int (f, "SELECT count(*) FROM learners"), ==, 1);
  g_assert_cmpint (sql_int (f, "SELECT count(*) FROM learners WHERE uuid = '" LEARNER_1 "'"), ==, 1);
  g_assert_cmpint (sql_int (f, "SELECT resync FROM sync_state"), ==, 0);
}

/* ---- the pull ---------------------------------------------------------- */


static JsonNode *
first_page (void)
{
  /* Out of order within each kind on purpose: a row refers only to
   * kinds before its own. */
  return make_page (0, 6, FALSE,
                    ORGA_WIRE_PARTICIPATIONS, participation_row (PARTICIPATION_1, CAMPAIGN_1, LEARNER_1, "6"),
                    ORGA_WIRE_PARTICIPATIONS, participation_row (PARTICIPATION_2, CAMPAIGN_1, NULL, "5"),
                    ORGA_WIRE_CAMPAIGNS, campaign_row (CAMPAIGN_1, "QWERTY123", "Évaluation de rentrée", "4"),
                    ORGA_WIRE_LEARNERS, learner_row (LEARNER_1, "1234567890A", "Dupont", "Léa", IMPORT_1, "2"),
                    ORGA_WIRE_LEARNERS, learner_row (LEARNER_2, "1234567890B", "Élève", "Éric", IMPORT_1, "3"),
                    ORGA_WIRE_IMPORTS, import_row (IMPORT_1, "other-device", NULL, "1"),
                    -1);
}

static void
test_apply_page (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(JsonNode) page = first_page ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) key = g_string_new (NULL);
  g_autofree char *name_key = NULL;
  g_autofree char *owner_key = NULL;
  g_autofree char *folded = NULL;
  g_autofree char *results = NULL;
  g_autofree char *first_dump = NULL;
  g_autofree char *second_dump = NULL;
  const char *all = "SELECT 'l', id, uuid, ine, name_key, import_id, sync_gen FROM learners UNION ALL "
                    "SELECT 'c', id, uuid, code, name_key, owner_key, owner_id FROM campaigns UNION ALL "
                    "SELECT 'p', id, uuid, campaign_id, learner_id, status, hex (results) FROM participations UNION ALL "
                    "SELECT 'i', id, uuid, device, status, created, sync_gen FROM imports ORDER BY 1, 2";

  g_ptr_array_set_size (f->seen, 0);
  apply_page_ok (f, page, 6);
  g_assert_cmpint (orga_store_sync_get_cursor (f->store, f->school, &error), ==, 6);

  g_assert_cmpint (sql_int (f, "SELECT count(*) FROM learners"), ==, 2);
  g_assert_cmpint (sql_int (f, "SELECT count(*) FROM learners l JOIN imports i ON i.id = l.import_id "
                               "WHERE i.uuid = '" IMPORT_1 "'"), ==, 2);
  /* Keys computed as a local import computes them. */
  _orga_store_learner_name_key (key, "Élève", "Éric");
  name_key = sql_text (f, "SELECT name_key FROM learners WHERE uuid = '" LEARNER_2 "'");
  g_assert_cmpstr (name_key, ==, key->str);
  g_clear_pointer (&name_key, g_free);
  name_key = sql_text (f, "SELECT name_key FROM campaigns");
  folded = orga_text_fold ("Évaluation de rentrée");
  g_assert_cmpstr (name_key, ==, folded);
  g_clear_pointer (&folded, g_free);
  owner_key = sql_text (f, "SELECT owner_key FROM campaigns");
  folded = orga_text_fold ("Élise Dürer");
  g_assert_cmpstr (owner_key, ==, folded);

  /* Participations on the local ids; base64 results as bytes. */
  g_assert_cmpint (sql_int (f, "SELECT count(*) FROM participations p JOIN campaigns c ON c.id = p.campaign_id "
                               "JOIN learners l ON l.id = p.learner_id WHERE p.uuid = '" PARTICIPATION_1 "' "
                               "AND c.uuid = '" CAMPAIGN_1 "' AND l.uuid = '" LEARNER_1 "'"), ==, 1);
  g_assert_cmpint (sql_int (f, "SELECT count(*) FROM participations WHERE uuid = '" PARTICIPATION_2 "' "
                               "AND learner_id IS NULL AND is_demo = 0 AND pix_score = 42"), ==, 1);
  results = sql_text (f, "SELECT hex (results) FROM participations WHERE uuid = '" PARTICIPATION_1 "'");
  g_assert_cmpstr (results, ==, "010203");

  /* The change feed says what changed, the campaign by its id. */
  {
    OrgaStoreChangeKind kinds = seen_kinds (f);
    gint64 campaign_id = sql_int (f, "SELECT id FROM campaigns");

    g_assert_cmpuint (f->seen->len, ==, 1);
    g_assert_true (kinds & ORGA_STORE_CHANGE_LEARNERS);
    g_assert_true (kinds & ORGA_STORE_CHANGE_IMPORTS);
    g_assert_true (kinds & ORGA_STORE_CHANGE_CAMPAIGNS);
    g_assert_true (kinds & ORGA_STORE_CHANGE_PARTICIPATIONS);
    g_assert_true (kinds & ORGA_STORE_CHANGE_SYNC);
    g_assert_true (orga_store_changes_has_campaign (g_ptr_array_index (f->seen, 0), campaign_id));
    g_assert_false (orga_store_changes_has_campaign (g_ptr_array_index (f->seen, 0), campaign_id + 1));
  }

  /* Rows pulled are never queued. */
  g_assert_cmpuint (count_outbox (f), ==, 0);

  /* The same page again changes nothing, the cursor included. */
  first_dump = dump (f, all);
  apply_page_ok (f, page, 6);
  second_dump = dump (f, all);
  g_assert_cmpstr (first_dump, ==, second_dump);
  g_assert_cmpint (orga_store_sync_get_cursor (f->store, f->school, &error), ==, 6);

  /* An upsert updates. */
  {
    g_autoptr(JsonNode) next = make_page (6, 8, FALSE,
                                          ORGA_WIRE_CAMPAIGNS, campaign_row (CAMPAIGN_1, "QWERTY123", "Renommée", "7"),
                                          ORGA_WIRE_LEARNERS, make_row (ORGA_WIRE_LEARNERS, "uuid", LEARNER_1,
                                                                        "ine", "1234567890A", "last_name", "Dupont",
                                                                        "first_name", "Léa", "division", "5A",
                                                                        "disabled_at", T0, "created_at", T0,
                                                                        "updated_at", T0, "seq", "8", NULL),
                                          -1);
    g_autofree char *name = NULL;
    g_autofree char *division = NULL;

    apply_page_ok (f, next, 2);
    name = sql_text (f, "SELECT name FROM campaigns");
    division = sql_text (f, "SELECT division FROM learners WHERE uuid = '" LEARNER_1 "' AND disabled_at IS NOT NULL "
                            "AND import_id IS NULL");
    g_assert_cmpstr (name, ==, "Renommée");
    g_assert_cmpstr (division, ==, "5A");
    g_assert_cmpint (sql_int (f, "SELECT count(*) FROM learners"), ==, 2);
    g_assert_cmpint (sql_int (f, "SELECT count(*) FROM campaigns"), ==, 1);
  }

  /* A page after a cursor this desktop never reached is refused. */
  {
    g_autoptr(JsonNode) ahead = make_page (20, 30, FALSE, -1);

    g_assert_false (orga_store_sync_apply_page (f->store, f->school, ahead, NULL, NULL, &error));
    g_assert_error (error, ORGA_STORE_ERROR, ORGA_STORE_ERROR_PROTOCOL);
    g_assert_cmpint (orga_store_sync_get_cursor (f->store, f->school, NULL), ==, 8);
  }
}

/* Students two desktops created offline meet by INE; campaigns by code. */
static void
test_fallbacks (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(OrgaCampaign) campaign = NULL;
  g_autoptr(JsonNode) page = NULL;
  g_autofree char *code = NULL;
  g_autofree char *uuid = NULL;
  gint64 learner_id, campaign_id;

  import (f, class_6a, 3);
  campaign = create_campaign (f, "Rentrée 6e", "Anne Proviseur");
  learner_id = sql_int (f, "SELECT id FROM learners WHERE ine = '1234567890A'");
  campaign_id = orga_campaign_get_id (campaign);
  code = g_strdup (orga_campaign_get_code (campaign));

  page = make_page (0, 3, FALSE,
                    ORGA_WIRE_LEARNERS, learner_row (LEARNER_1, "1234567890A", "Dupond", "Léa", NULL, "1"),
                    ORGA_WIRE_CAMPAIGNS, campaign_row (CAMPAIGN_1, code, "Nom du serveur", "2"),
                    ORGA_WIRE_PARTICIPATIONS, participation_row (PARTICIPATION_1, CAMPAIGN_1, LEARNER_1, "3"),
                    -1);
  apply_page_ok (f, page, 3);

  g_assert_cmpint (sql_int (f, "SELECT count(*) FROM learners"), ==, 3);
  g_assert_cmpint (sql_int (f, "SELECT id FROM learners WHERE uuid = '" LEARNER_1 "'"), ==, learner_id);
  uuid = sql_text (f, "SELECT last_name FROM learners WHERE uuid = '" LEARNER_1 "'");
  g_assert_cmpstr (uuid, ==, "Dupond");
  g_assert_cmpint (sql_int (f, "SELECT count(*) FROM campaigns"), ==, 1);
  g_assert_cmpint (sql_int (f, "SELECT id FROM campaigns WHERE uuid = '" CAMPAIGN_1 "'"), ==, campaign_id);
  g_assert_cmpint (sql_int (f, "SELECT campaign_id FROM participations"), ==, campaign_id);
  g_assert_cmpint (sql_int (f, "SELECT learner_id FROM participations"), ==, learner_id);
}

static void
test_removed (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(JsonNode) page = first_page ();
  g_autoptr(JsonNode) next = NULL;

  apply_page_ok (f, page, 6);
  next = make_page (6, 7, FALSE,
                    ORGA_WIRE_LEARNERS, make_row (ORGA_WIRE_LEARNERS, "uuid", LEARNER_2, "ine", "1234567890B",
                                                  "last_name", "Élève", "first_name", "Éric", "created_at", T0,
                                                  "updated_at", T0, "removed", "true", "seq", "7", NULL),
                    -1);
  apply_page_ok (f, next, 1);
  g_assert_cmpint (sql_int (f, "SELECT count(*) FROM learners WHERE uuid = '" LEARNER_2 "'"), ==, 0);
  g_assert_cmpint (sql_int (f, "SELECT count(*) FROM learners"), ==, 1);
  /* Again: nothing left to remove, no error. */
  apply_page_ok (f, next, 1);
}

/* A page's participations find their students by batches of rows (one
 * statement a batch): a student twice in a batch, one the school does not
 * have and none at all, in a full batch and in the rows after it; read
 * as the pull reads a page (orga_sync_page_parse()). */
static void
test_batch_learners (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(JsonNode) first = make_page (0, 14, TRUE, ORGA_WIRE_CAMPAIGNS,
                                         campaign_row (CAMPAIGN_1, "QWERTY123", "Lots", "1"), -1);
  g_autoptr(JsonNode) page = make_page (14, 54, FALSE, -1);
  g_autoptr(OrgaSyncPage) parsed = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  JsonArray *rows = json_object_get_array_member (json_node_get_object (first), "learners");
  guint n_rows = 0;

  for (guint i = 0; i < 13; i++)
    {
      g_autofree char *uuid = g_strdup_printf ("0190d000-0000-7000-8000-%012u", i);
      g_autofree char *ine = g_strdup_printf ("%010uA", 2000000 + i);
      g_autofree char *seq = g_strdup_printf ("%u", i + 2);

      json_array_add_object_element (rows, learner_row (uuid, ine, "Nom", "Prénom", NULL, seq));
    }
  apply_page_ok (f, first, 14);

  rows = json_object_get_array_member (json_node_get_object (page), "participations");
  for (guint k = 0; k < 40; k++)
    {
      g_autofree char *uuid = g_strdup_printf ("0190d001-0000-7000-8000-%012u", k);
      g_autofree char *learner = k == 5 ? g_strdup ("0190d000-0000-7000-8000-999999999999")
                               : k == 7 || k == 35 ? NULL
                               : g_strdup_printf ("0190d000-0000-7000-8000-%012u", k % 13);
      g_autofree char *seq = g_strdup_printf ("%u", k + 15);

      json_array_add_object_element (rows, participation_row (uuid, CAMPAIGN_1, learner, seq));
    }
  text = orga_json_to_data (page, FALSE);
  parsed = orga_sync_page_parse (text, strlen (text));
  g_assert_nonnull (parsed);
  g_assert_true (orga_store_sync_apply_parsed_page (f->store, f->school, parsed, &n_rows, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n_rows, ==, 40);

  for (guint k = 0; k < 40; k++)
    {
      g_autofree char *sql = g_strdup_printf ("SELECT l.uuid FROM participations p LEFT JOIN learners l "
                                              "ON l.id = p.learner_id WHERE p.uuid = '0190d001-0000-7000-8000-%012u'", k);
      g_autofree char *expected = k == 5 || k == 7 || k == 35 ? NULL
                                : g_strdup_printf ("0190d000-0000-7000-8000-%012u", k % 13);
      g_autofree char *found = sql_text (f, sql);

      g_assert_cmpstr (found, ==, expected);
    }
  g_assert_cmpint (orga_store_sync_get_cursor (f->store, f->school, NULL), ==, 54);
}

/* A failing page changes nothing, the cursor included. */
static void
test_failing_page (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autoptr(GPtrArray) notices = g_ptr_array_new_with_free_func ((GDestroyNotify) orga_sync_notice_free);
  const char *all = "SELECT (SELECT count(*) FROM learners), (SELECT count(*) FROM imports), "
                    "(SELECT count(*) FROM campaigns), (SELECT count(*) FROM participations), "
                    "(SELECT group_concat (cursor) FROM sync_state), (SELECT count(*) FROM sync_notices)";

  {
    g_autoptr(JsonNode) page = make_page (0, 2, FALSE, -1);
    apply_page_ok (f, page, 0);
  }
  before = dump (f, all);

  /* A participation of a campaign nobody knows. */
  {
    g_autoptr(JsonNode) page = make_page (2, 9, FALSE,
                                          ORGA_WIRE_IMPORTS, import_row (IMPORT_1, "x", NULL, "3"),
                                          ORGA_WIRE_LEARNERS, learner_row (LEARNER_1, "1234567890A", "Dupont", "Léa", NULL, "4"),
                                          ORGA_WIRE_PARTICIPATIONS, participation_row (PARTICIPATION_1, CAMPAIGN_1, LEARNER_1, "9"),
                                          -1);

    g_assert_false (orga_store_sync_apply_page (f->store, f->school, page, NULL, notices, &error));
    g_assert_error (error, ORGA_STORE_ERROR, ORGA_STORE_ERROR_PROTOCOL);
    g_clear_error (&error);
  }
  /* A field missing, a field of the wrong type, a row that is no object,
   * a value the schema refuses, another protocol. */
  {
    JsonObject *missing = learner_row (LEARNER_1, "1234567890A", "Dupont", "Léa", NULL, "4");
    JsonObject *wrong = campaign_row (CAMPAIGN_1, "QWERTY123", "Nom", "5");
    JsonObject *bad_status = import_row (IMPORT_1, "x", NULL, "3");
    g_autoptr(JsonNode) page1 = NULL;
    g_autoptr(JsonNode) page2 = NULL;
    g_autoptr(JsonNode) page3 = NULL;
    g_autoptr(JsonNode) page4 = NULL;
    g_autoptr(JsonNode) page5 = NULL;

    json_object_remove_member (missing, "ine");
    json_object_set_string_member (wrong, "multiple_sendings", "yes");
    json_object_set_string_member (bad_status, "status", "maybe");
    page1 = make_page (2, 9, FALSE, ORGA_WIRE_IMPORTS, import_row (IMPORT_1, "x", NULL, "3"),
                       ORGA_WIRE_LEARNERS, missing, -1);
    page2 = make_page (2, 9, FALSE, ORGA_WIRE_IMPORTS, import_row (IMPORT_1, "x", NULL, "3"),
                       ORGA_WIRE_CAMPAIGNS, wrong, -1);
    page3 = make_page (2, 9, FALSE, ORGA_WIRE_IMPORTS, import_row (IMPORT_1, "x", NULL, "3"), -1);
    json_array_add_int_element (json_object_get_array_member (json_node_get_object (page3), "learners"), 3);
    page4 = make_page (2, 9, FALSE, ORGA_WIRE_IMPORTS, bad_status, -1);
    page5 = make_page (2, 9, FALSE, ORGA_WIRE_IMPORTS, import_row (IMPORT_1, "x", NULL, "3"), -1);
    json_object_set_int_member (json_node_get_object (page5), "protocol", 99);

    g_assert_false (orga_store_sync_apply_page (f->store, f->school, page1, NULL, notices, &error));
    g_assert_error (error, ORGA_STORE_ERROR, ORGA_STORE_ERROR_PROTOCOL);
    g_clear_error (&error);
    g_assert_false (orga_store_sync_apply_page (f->store, f->school, page2, NULL, notices, &error));
    g_assert_error (error, ORGA_STORE_ERROR, ORGA_STORE_ERROR_PROTOCOL);
    g_clear_error (&error);
    g_assert_false (orga_store_sync_apply_page (f->store, f->school, page3, NULL, notices, &error));
    g_assert_error (error, ORGA_STORE_ERROR, ORGA_STORE_ERROR_PROTOCOL);
    g_clear_error (&error);
    g_assert_false (orga_store_sync_apply_page (f->store, f->school, page4, NULL, notices, &error));
    g_assert_nonnull (error);
    g_clear_error (&error);
    g_assert_false (orga_store_sync_apply_page (f->store, f->school, page5, NULL, notices, &error));
    g_assert_error (error, ORGA_STORE_ERROR, ORGA_STORE_ERROR_PROTOCOL);
    g_assert_nonnull (strstr (error->message, "PixOrga"));
    g_clear_error (&error);
  }

  after = dump (f, all);
  g_assert_cmpstr (after, ==, before);
  g_assert_cmpuint (notices->len, ==, 0);
}

/* A reset starts a resync; its last page sweeps what it did not see, but
 * rows never pulled and rows a queued change is about. */
static void
test_reset_and_sweep (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(JsonNode) page = first_page ();
  g_autoptr(JsonNode) reset = make_page (6, 6, FALSE, -1);
  g_autoptr(JsonNode) again = NULL;
  g_autoptr(OrgaCampaign) local = NULL;
  g_autoptr(GError) error = NULL;
  guint n_rows = 99;
  gint64 campaign_id;

  apply_page_ok (f, page, 6);
  import (f, class_6a + 2, 1);   /* a student made here, queued */
  local = create_campaign (f, "Locale", "Anne Proviseur");
  g_assert_cmpint (sql_int (f, "SELECT count(*) FROM learners"), ==, 3);

  json_object_set_boolean_member (json_node_get_object (reset), "reset", TRUE);
  g_assert_true (orga_store_sync_apply_page (f->store, f->school, reset, &n_rows, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n_rows, ==, 0);
  g_assert_cmpint (orga_store_sync_get_cursor (f->store, f->school, NULL), ==, 0);
  g_assert_cmpint (sql_int (f, "SELECT resync FROM sync_state"), ==, 1);

  /* The campaign pulled is edited here, and queued: it stays. */
  campaign_id = sql_int (f, "SELECT id FROM campaigns WHERE uuid = '" CAMPAIGN_1 "'");
  g_assert_true (orga_store_update_campaign (f->store, campaign_id, "Éditée ici", NULL, NULL, "Élise Dürer", &error));
  g_assert_no_error (error);

  /* The server now has the import and one student; two pages. */
  {
    g_autoptr(JsonNode) first = make_page (0, 1, TRUE, ORGA_WIRE_IMPORTS, import_row (IMPORT_1, "other-device", NULL, "1"), -1);

    apply_page_ok (f, first, 1);
    /* Not the last page: nothing swept yet. */
    g_assert_cmpint (sql_int (f, "SELECT count(*) FROM learners"), ==, 3);
  }
  g_ptr_array_set_size (f->seen, 0);
  again = make_page (1, 12, FALSE,
                     ORGA_WIRE_LEARNERS, learner_row (LEARNER_1, "1234567890A", "Dupont", "Léa", IMPORT_1, "12"),
                     -1);
  apply_page_ok (f, again, 1);

  g_assert_cmpint (sql_int (f, "SELECT resync FROM sync_state"), ==, 0);
  g_assert_cmpint (orga_store_sync_get_cursor (f->store, f->school, NULL), ==, 12);
  g_assert_cmpint (sql_int (f, "SELECT count(*) FROM learners WHERE uuid = '" LEARNER_1 "'"), ==, 1);
  g_assert_cmpint (sql_int (f, "SELECT count(*) FROM learners WHERE uuid = '" LEARNER_2 "'"), ==, 0);
  g_assert_cmpint (sql_int (f, "SELECT count(*) FROM learners WHERE ine = '1234567890C'"), ==, 1);
  g_assert_cmpint (sql_int (f, "SELECT count(*) FROM campaigns WHERE uuid = '" CAMPAIGN_1 "'"), ==, 1);
  g_assert_cmpint (sql_int (f, "SELECT count(*) FROM campaigns"), ==, 2);
  g_assert_cmpint (sql_int (f, "SELECT count(*) FROM participations"), ==, 2);
  g_assert_cmpint (sql_int (f, "SELECT count(*) FROM imports"), ==, 2);
  g_assert_true (seen_kinds (f) & ORGA_STORE_CHANGE_LEARNERS);

  /* Once the queued edit is accepted, a second resync sweeps the
   * campaign the server no longer has, and its participations. */
  {
    g_autofree char *id = outbox_id (f, ORGA_SYNC_CAMPAIGN_UPDATE);
    g_autoptr(JsonNode) answer = make_answer (id, "applied", NULL, NULL, NULL);
    g_autoptr(JsonNode) last = make_page (0, 12, FALSE,
                                          ORGA_WIRE_IMPORTS, import_row (IMPORT_1, "other-device", NULL, "1"),
                                          ORGA_WIRE_LEARNERS, learner_row (LEARNER_1, "1234567890A", "Dupont", "Léa", IMPORT_1, "12"),
                                          -1);

    g_assert_true (orga_store_sync_apply_push_answer (f->store, f->school, answer, NULL, NULL, NULL, &error));
    g_assert_no_error (error);
    g_assert_true (orga_store_sync_start_resync (f->store, f->school, &error));
    apply_page_ok (f, last, 2);
    g_assert_cmpint (sql_int (f, "SELECT count(*) FROM campaigns WHERE uuid = '" CAMPAIGN_1 "'"), ==, 0);
    g_assert_cmpint (sql_int (f, "SELECT count(*) FROM participations"), ==, 0);
    /* The local campaign is still queued: it stays. */
    g_assert_cmpint (sql_int (f, "SELECT count(*) FROM campaigns"), ==, 1);
  }
}

static void
test_override_notice (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(GPtrArray) notices = g_ptr_array_new_with_free_func ((GDestroyNotify) orga_sync_notice_free);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) page = NULL;
  g_autofree char *mine = NULL;
  g_autofree char *device = NULL;
  guint n_rows = 0;
  OrgaSyncNotice *notice;

  import (f, class_6a, 3);
  mine = sql_text (f, "SELECT uuid FROM imports");
  device = orga_store_sync_dup_device (f->store, &error);

  /* Our own import back from the server replaced nothing of ours. */
  {
    g_autoptr(JsonNode) own = make_page (0, 1, FALSE, ORGA_WIRE_IMPORTS, import_row (mine, device, NULL, "1"), -1);
    apply_page_ok (f, own, 1);
  }
  page = make_page (1, 2, FALSE,
                    ORGA_WIRE_IMPORTS, import_row (IMPORT_1, "other-device", mine, "2"),
                    -1);
  g_ptr_array_set_size (f->seen, 0);
  g_assert_true (orga_store_sync_apply_page (f->store, f->school, page, &n_rows, notices, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (notices->len, ==, 1);
  notice = g_ptr_array_index (notices, 0);
  g_assert_null (notice->change);
  g_assert_cmpstr (notice->kind, ==, "import.overridden");
  g_assert_cmpstr (notice->message, ==,
                   "Un import plus récent a été fait sur un autre poste le 03/09/2026 08:05 par Mme Martin.");
  g_assert_true (seen_kinds (f) & ORGA_STORE_CHANGE_SYNC);

  /* Kept until seen, and not twice for the same page. */
  g_assert_true (orga_store_sync_apply_page (f->store, f->school, page, &n_rows, notices, &error));
  g_assert_cmpuint (notices->len, ==, 1);
  g_clear_pointer (&notices, g_ptr_array_unref);
  notices = orga_store_sync_list_notices (f->store, f->school, &error);
  g_assert_cmpuint (notices->len, ==, 1);

  /* Another desktop's import overriding another desktop's: none here. */
  {
    g_autoptr(JsonNode) others = make_page (2, 3, FALSE,
                                            ORGA_WIRE_IMPORTS, import_row ("0190d000-0000-7000-8000-00000000000b",
                                                                           "third-device", IMPORT_1, "3"),
                                            -1);
    apply_page_ok (f, others, 1);
    g_clear_pointer (&notices, g_ptr_array_unref);
    notices = orga_store_sync_list_notices (f->store, f->school, &error);
    g_assert_cmpuint (notices->len, ==, 1);
  }
}

/* An import pulled from another desktop is undone by the server: here it
 * only says so, and queues the undo. */
static void
test_undo_remote_import (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(JsonNode) page = first_page ();
  g_autoptr(GError) error = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  gint64 import_id;

  apply_page_ok (f, page, 6);
  before = dump (f, "SELECT * FROM learners ORDER BY id");
  import_id = sql_int (f, "SELECT id FROM imports");
  g_assert_true (orga_store_undo_import (f->store, f->school, import_id, &error));
  g_assert_no_error (error);
  after = dump (f, "SELECT * FROM learners ORDER BY id");
  g_assert_cmpstr (after, ==, before);
  {
    g_autofree char *status = sql_text (f, "SELECT status FROM imports");
    g_autoptr(JsonObject) undo = last_change (f, ORGA_SYNC_IMPORT_UNDO);

    g_assert_cmpstr (status, ==, "undone");
    g_assert_cmpstr (json_object_get_string_member (undo, "import"), ==, IMPORT_1);
  }
}

/* A refused delete puts the campaign back and resyncs for its
 * participations; a change refused unread (no current) resyncs. */
static void
test_refused_delete (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(JsonNode) page = first_page ();
  g_autoptr(GPtrArray) refused = g_ptr_array_new_with_free_func ((GDestroyNotify) orga_sync_notice_free);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) answer = NULL;
  g_autofree char *id = NULL;
  gboolean resync = FALSE;
  guint n_applied = 0;
  gint64 campaign_id;

  apply_page_ok (f, page, 6);
  campaign_id = sql_int (f, "SELECT id FROM campaigns");
  g_assert_true (orga_store_delete_campaigns (f->store, &campaign_id, 1, "Anne Proviseur", &error));
  g_assert_no_error (error);
  g_assert_cmpint (sql_int (f, "SELECT count(*) FROM participations WHERE learner_id IS NOT NULL"), ==, 0);
  id = outbox_id (f, ORGA_SYNC_CAMPAIGN_DELETE);

  answer = make_answer (id, "FORBIDDEN", "Seul le propriétaire de la campagne ou un administrateur peut la modifier.",
                        current_campaigns (campaign_row (CAMPAIGN_1, "QWERTY123", "Évaluation de rentrée", "4")), NULL);
  g_assert_true (orga_store_sync_apply_push_answer (f->store, f->school, answer, &n_applied, refused, &resync, &error));
  g_assert_no_error (error);
  g_assert_true (resync);
  g_assert_cmpuint (refused->len, ==, 1);
  g_assert_cmpint (sql_int (f, "SELECT count(*) FROM campaigns WHERE deleted_at IS NULL"), ==, 1);
  g_assert_cmpint (sql_int (f, "SELECT resync FROM sync_state"), ==, 1);

  /* The resync's pages bring the participations back as they are. */
  {
    g_autoptr(JsonNode) again = first_page ();

    apply_page_ok (f, again, 6);
    g_assert_cmpint (sql_int (f, "SELECT count(*) FROM participations WHERE learner_id IS NOT NULL "
                                 "AND deleted_at IS NULL"), ==, 1);
    g_assert_cmpint (sql_int (f, "SELECT resync FROM sync_state"), ==, 0);
  }

  /* Refused unread: nothing says what to put back. */
  g_assert_true (orga_store_archive_campaign (f->store, campaign_id, "Anne Proviseur", &error));
  g_assert_no_error (error);
  g_clear_pointer (&id, g_free);
  id = outbox_id (f, ORGA_SYNC_CAMPAIGN_ARCHIVE);
  g_clear_pointer (&answer, json_node_unref);
  answer = make_answer (id, "MALFORMED_CHANGE", "Modification illisible.", NULL, NULL);
  resync = FALSE;
  g_assert_true (orga_store_sync_apply_push_answer (f->store, f->school, answer, &n_applied, refused, &resync, &error));
  g_assert_no_error (error);
  g_assert_true (resync);
  g_assert_cmpuint (refused->len, ==, 2);
  g_assert_cmpuint (count_outbox (f), ==, 0);
  g_assert_cmpint (orga_store_sync_get_cursor (f->store, f->school, NULL), ==, 0);
}

/* Another account, or the school's space re-created under another id:
 * what the school synced with its old space is forgotten, its rows count
 * as made offline. */
static void
test_forget_space (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(JsonNode) page = first_page ();
  g_autoptr(OrgaCampaign) campaign = NULL;
  g_autoptr(OrgaAccount) anne = orga_account_new ("https://pix.example", "user-anne", "anne@ac.fr", "Anne", "Proviseur");
  g_autoptr(OrgaAccount) bob = orga_account_new ("https://pix.example", "user-bob", "bob@ac.fr", "Bob", "Bernard");
  g_autoptr(OrgaSpace) same = orga_space_new (SPACE_ID, UAI, "Collège Victor Hugo", ORGA_ORGANIZATION_KIND_SCO, FALSE,
                                              ORGA_MEMBER_ROLE_ADMIN);
  g_autoptr(OrgaSpace) recreated = orga_space_new ("org-2", UAI, "Collège Victor Hugo", ORGA_ORGANIZATION_KIND_SCO,
                                                   FALSE, ORGA_MEMBER_ROLE_ADMIN);
  g_autoptr(GError) error = NULL;

  apply_page_ok (f, page, 6);
  campaign = create_campaign (f, "Locale", "Anne Proviseur");

  /* Signing in again to the same space keeps everything. */
  g_clear_object (&f->school);
  f->school = orga_store_bind (f->store, anne, same, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (count_outbox (f), ==, 1);
  g_assert_cmpint (orga_store_sync_get_cursor (f->store, f->school, NULL), ==, 6);

  /* The same UAI under a new id. */
  g_clear_object (&f->school);
  f->school = orga_store_bind (f->store, anne, recreated, &error);
  g_assert_no_error (error);
  /* What the school holds goes to its new space as a seed. */
  assert_outbox_kinds (f, "import.apply+seed campaign.create campaign.create");
  g_assert_cmpint (orga_store_sync_get_cursor (f->store, f->school, NULL), ==, 0);
  g_assert_cmpint (sql_int (f, "SELECT count(*) FROM learners WHERE sync_gen <> 0"), ==, 0);
  g_assert_cmpint (sql_int (f, "SELECT count(*) FROM participations WHERE sync_gen <> 0"), ==, 0);
  g_assert_cmpint (sql_int (f, "SELECT count(*) FROM learners"), ==, 2);

  /* Another account after signing out. */
  {
    g_autoptr(JsonNode) again = make_page (0, 3, FALSE, -1);

    apply_page_ok (f, again, 0);
    g_clear_object (&campaign);
    campaign = create_campaign (f, "Locale 2", "Anne Proviseur");
    g_assert_cmpuint (count_outbox (f), ==, 4);
  }
  g_assert_true (orga_store_unbind (f->store, &error));
  g_clear_object (&f->school);
  f->school = orga_store_bind (f->store, bob, recreated, &error);
  g_assert_no_error (error);
  assert_outbox_kinds (f, "import.apply+seed campaign.create campaign.create campaign.create");
  g_assert_cmpint (orga_store_sync_get_cursor (f->store, f->school, NULL), ==, 0);
}

/* ---- adopting a school made offline ------------------------------------ */

static OrgaSpace *
the_space (void)
{
  return orga_space_new (SPACE_ID, UAI, "Collège Victor Hugo", ORGA_ORGANIZATION_KIND_SCO, FALSE,
                         ORGA_MEMBER_ROLE_ADMIN);
}

static OrgaAccount *
anne (void)
{
  return orga_account_new ("https://pix.example", "user-anne", "anne@ac.fr", "Anne", "Proviseur");
}

static void
add_demo (Fixture      *f,
          OrgaCampaign *campaign)
{
  g_autoptr(OrgaParticipationSet) set = orga_participation_set_new (orga_campaign_get_target_profile (campaign)->n_tubes);
  g_autofree guint8 *results = g_malloc0 (orga_campaign_get_target_profile (campaign)->n_tubes);
  g_autoptr(GError) error = NULL;
  OrgaParticipation p = { 0 };

  p.learner_id = sql_int (f, "SELECT min(id) FROM learners");
  p.status = ORGA_PARTICIPATION_SHARED;
  p.created_at = 1756886400;
  p.shared_at = 1756886400;
  p.is_certifiable = -1;
  p.is_demo = TRUE;
  p.results = results;
  orga_participation_set_add (set, &p);
  g_assert_true (orga_store_add_participations (f->store, campaign, set, &error));
  g_assert_no_error (error);
}

/* An offline school with two imports, three campaigns (one archived, one
 * deleted) and demonstration participations. */
static void
fill_offline_school (Fixture *f)
{
  g_autoptr(OrgaCampaign) plain = NULL;
  g_autoptr(OrgaCampaign) archived = NULL;
  g_autoptr(OrgaCampaign) deleted = NULL;
  g_autoptr(GError) error = NULL;
  gint64 id;

  import (f, class_6a, G_N_ELEMENTS (class_6a));
  import (f, class_6a_later, G_N_ELEMENTS (class_6a_later));
  plain = create_campaign (f, "Rentrée 5e", "Anne Proviseur");
  archived = create_campaign (f, "Ancienne", "Anne Proviseur");
  deleted = create_campaign (f, "Supprimée", "Anne Proviseur");
  g_assert_true (orga_store_archive_campaign (f->store, orga_campaign_get_id (archived), "Anne Proviseur", &error));
  g_assert_no_error (error);
  id = orga_campaign_get_id (deleted);
  g_assert_true (orga_store_delete_campaigns (f->store, &id, 1, "Anne Proviseur", &error));
  g_assert_no_error (error);
  add_demo (f, plain);
  g_assert_true (orga_store_has_demo_data (f->store, f->school));
  g_assert_cmpint (sql_int (f, "SELECT count(*) FROM sync_outbox"), ==, 0);
}

static void
bind_ok (Fixture     *f,
         OrgaAccount *account)
{
  g_autoptr(OrgaSpace) space = the_space ();
  g_autoptr(GError) error = NULL;

  g_clear_object (&f->school);
  f->school = orga_store_bind (f->store, account, space, &error);
  g_assert_no_error (error);
  g_assert_nonnull (f->school);
}

/* Rule 3 of the binding: what the school made offline holds is queued,
 * in the bind's transaction. */
static void
test_adopt_queues (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(OrgaAccount) account = anne ();
  g_autoptr(OrgaSpace) space = the_space ();
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_autofree char *text = NULL;
  g_autofree char *latest = NULL;
  g_autofree char *deleted_at = NULL;
  g_autofree char *delete_at = NULL;
  JsonObject *seed;
  JsonArray *learners;
  guint n_archived = 0;

  fill_offline_school (f);

  /* Asking whether it may bind writes nothing. */
  g_assert_true (orga_store_can_bind (f->store, account, space, &error));
  g_assert_no_error (error);
  g_assert_cmpint (sql_int (f, "SELECT count(*) FROM sync_outbox"), ==, 0);

  /* One write failing takes the whole binding back. */
  sql_exec (f, "CREATE TEMP TRIGGER no_delete BEFORE INSERT ON sync_outbox WHEN NEW.kind = 'campaign.delete' "
               "BEGIN SELECT RAISE (ABORT, 'full'); END");
  g_assert_null (orga_store_bind (f->store, account, space, &error));
  g_assert_nonnull (error);
  g_clear_error (&error);
  sql_exec (f, "DROP TRIGGER no_delete");
  g_assert_cmpint (sql_int (f, "SELECT count(*) FROM sync_outbox"), ==, 0);
  g_assert_cmpint (sql_int (f, "SELECT count(*) FROM organizations WHERE server_id IS NOT NULL"), ==, 0);
  g_assert_null (orga_store_get_account (f->store, NULL));

  g_assert_cmpint (sql_int (f, "SELECT count(*) FROM learners_before_import"), >, 0);
  g_ptr_array_set_size (f->seen, 0);
  bind_ok (f, account);
  g_assert_true (seen_kinds (f) & ORGA_STORE_CHANGE_SYNC);
  /* The offline imports' before-states are not the space's. */
  g_assert_cmpint (sql_int (f, "SELECT count(*) FROM learners_before_import"), ==, 0);
  /* Each campaign once, in the order made, the deleted one deleted after
   * its creation; nothing for the demonstration participations. */
  assert_outbox_kinds (f, "import.apply+seed campaign.create campaign.create campaign.create campaign.delete");

  /* The seed: the latest import's record and the active students, with
   * their uuids. */
  text = sql_text (f, "SELECT data FROM sync_outbox WHERE kind = 'import.apply'");
  node = orga_json_parse (text, -1, &error);
  g_assert_no_error (error);
  seed = json_node_get_object (node);
  g_assert_true (json_object_get_boolean_member (seed, "seed"));
  latest = sql_text (f, "SELECT uuid FROM imports ORDER BY id DESC LIMIT 1");
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (seed, "import"), "uuid"), ==, latest);
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (seed, "import"), "file_name"), ==,
                   "eleves.xml");
  {
    g_autofree char *subject = sql_text (f, "SELECT subject FROM sync_outbox WHERE kind = 'import.apply'");
    g_assert_cmpstr (subject, ==, latest);
  }
  learners = json_object_get_array_member (seed, "learners");
  g_assert_cmpuint (json_array_get_length (learners), ==, 3);
  g_assert_cmpint (sql_int (f, "SELECT count(*) FROM learners WHERE disabled_at IS NULL"), ==, 3);
  for (guint i = 0; i < json_array_get_length (learners); i++)
    {
      JsonObject *l = json_array_get_object_element (learners, i);
      g_autofree char *sql = g_strdup_printf ("SELECT uuid FROM learners WHERE ine = '%s' AND disabled_at IS NULL",
                                              json_object_get_string_member (l, "ine"));
      g_autofree char *uuid = sql_text (f, sql);

      g_assert_nonnull (uuid);
      g_assert_cmpstr (json_object_get_string_member (l, "uuid"), ==, uuid);
    }

  /* The archive rides in the creation's row; the delete keeps its time. */
  {
    g_autoptr(sqlite3_stmt) stmt = NULL;

    g_assert_cmpint (sqlite3_prepare_v2 (_orga_store_get_db (f->store),
                                         "SELECT data FROM sync_outbox WHERE kind = 'campaign.create'", -1, &stmt,
                                         NULL), ==, SQLITE_OK);
    while (sqlite3_step (stmt) == SQLITE_ROW)
      {
        g_autoptr(JsonNode) c = orga_json_parse ((const char *) sqlite3_column_text (stmt, 0), -1, &error);
        JsonObject *row = json_object_get_object_member (json_node_get_object (c), "campaign");

        g_assert_no_error (error);
        n_archived += !json_object_get_null_member (row, "archived_at");
      }
  }
  g_assert_cmpuint (n_archived, ==, 1);
  deleted_at = sql_text (f, "SELECT deleted_at FROM campaigns WHERE deleted_at IS NOT NULL");
  delete_at = sql_text (f, "SELECT created_at FROM sync_outbox WHERE kind = 'campaign.delete'");
  g_assert_nonnull (deleted_at);
  g_assert_cmpstr (delete_at, ==, deleted_at);

  /* Signing in again to the same space queues nothing more. */
  g_assert_true (orga_store_unbind (f->store, &error));
  g_assert_no_error (error);
  bind_ok (f, account);
  g_assert_cmpuint (count_outbox (f), ==, 5);
}

/* A school with campaigns only: no import; one with nothing: nothing. */
static void
test_adopt_no_students (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(OrgaAccount) account = anne ();
  g_autoptr(OrgaCampaign) campaign = create_campaign (f, "Rentrée 5e", "Anne Proviseur");

  bind_ok (f, account);
  assert_outbox_kinds (f, "campaign.create");
}

static void
test_adopt_empty (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(OrgaAccount) account = anne ();

  bind_ok (f, account);
  g_assert_true (orga_store_sync_is_enabled (f->store, f->school));
  g_assert_cmpuint (count_outbox (f), ==, 0);
}

#define SEED_IGNORED_MESSAGE "Ce poste avait sa propre liste d'élèves avant d'être relié à l'espace : " \
                             "la liste de l'espace (importée le 03/09/2026 à 10:05 par Mme Martin) a été gardée."

/* The server kept its list: the list made offline gives way to it
 * through a resync; the campaigns stay; the notice is kept. */
static void
test_adopt_seed_ignored (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(OrgaAccount) account = anne ();
  g_autoptr(GPtrArray) refused = g_ptr_array_new_with_free_func ((GDestroyNotify) orga_sync_notice_free);
  g_autoptr(GPtrArray) notices = NULL;
  g_autoptr(JsonNode) answer = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *seed_id = NULL;
  g_autofree char *create_id = NULL;
  gboolean resync = FALSE;
  guint n_applied = 0;

  import (f, class_6a, G_N_ELEMENTS (class_6a));
  {
    g_autoptr(OrgaCampaign) campaign = create_campaign (f, "Rentrée 5e", "Anne Proviseur");
  }
  bind_ok (f, account);
  seed_id = outbox_id (f, ORGA_SYNC_IMPORT_APPLY);
  create_id = outbox_id (f, ORGA_SYNC_CAMPAIGN_CREATE);

  {
    JsonObject *current = json_object_new ();

    json_object_set_array_member (current, "imports", json_array_new ());
    answer = make_answer (seed_id, "SEED_IGNORED", SEED_IGNORED_MESSAGE, current,
                          create_id, "applied", NULL, NULL, NULL);
  }
  g_assert_true (orga_store_sync_apply_push_answer (f->store, f->school, answer, &n_applied, refused, &resync, &error));
  g_assert_no_error (error);
  g_assert_true (resync);
  g_assert_cmpuint (n_applied, ==, 1);
  g_assert_cmpuint (refused->len, ==, 1);
  g_assert_cmpstr (((OrgaSyncNotice *) g_ptr_array_index (refused, 0))->message, ==, SEED_IGNORED_MESSAGE);
  g_assert_cmpuint (count_outbox (f), ==, 0);
  /* Not undone here: the students wait for the resync. */
  g_assert_cmpint (sql_int (f, "SELECT count(*) FROM learners"), ==, 3);
  g_assert_cmpint (sql_int (f, "SELECT resync FROM sync_state"), ==, 1);

  /* The space's list: one student of the same INE under the server's
   * uuid, and another. */
  {
    g_autofree char *uuid = sql_text (f, "SELECT uuid FROM campaigns");
    g_autofree char *code = sql_text (f, "SELECT code FROM campaigns");
    g_autoptr(JsonNode) page = make_page (0, 9, FALSE,
                                          ORGA_WIRE_IMPORTS, import_row (IMPORT_1, "other-device", NULL, "1"),
                                          ORGA_WIRE_LEARNERS,
                                          learner_row (LEARNER_1, "1234567890A", "Dupont", "Léa", IMPORT_1, "2"),
                                          ORGA_WIRE_LEARNERS,
                                          learner_row (LEARNER_2, "9999999999Z", "Élève", "Éric", IMPORT_1, "3"),
                                          ORGA_WIRE_CAMPAIGNS, campaign_row (uuid, code, "Rentrée 5e", "4"),
                                          -1);

    apply_page_ok (f, page, 4);
  }
  g_assert_cmpint (sql_int (f, "SELECT count(*) FROM imports"), ==, 1);
  g_assert_cmpint (sql_int (f, "SELECT count(*) FROM imports WHERE uuid = '" IMPORT_1 "'"), ==, 1);
  g_assert_cmpint (sql_int (f, "SELECT count(*) FROM learners"), ==, 2);
  g_assert_cmpint (sql_int (f, "SELECT count(*) FROM learners WHERE uuid IN ('" LEARNER_1 "', '" LEARNER_2 "')"),
                   ==, 2);
  /* The campaign the server accepted stays. */
  g_assert_cmpint (sql_int (f, "SELECT count(*) FROM campaigns"), ==, 1);

  notices = orga_store_sync_list_notices (f->store, f->school, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (notices->len, ==, 1);
  g_assert_cmpstr (((OrgaSyncNotice *) g_ptr_array_index (notices, 0))->message, ==, SEED_IGNORED_MESSAGE);
}

/* A seed the server applied: the record is the space's, the students stay. */
static void
test_adopt_seed_applied (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(OrgaAccount) account = anne ();
  g_autoptr(JsonNode) answer = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *seed_id = NULL;

  import (f, class_6a, G_N_ELEMENTS (class_6a));
  bind_ok (f, account);
  seed_id = outbox_id (f, ORGA_SYNC_IMPORT_APPLY);
  answer = make_answer (seed_id, "applied", NULL, NULL, NULL);
  g_assert_true (orga_store_sync_apply_push_answer (f->store, f->school, answer, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (count_outbox (f), ==, 0);
  g_assert_cmpint (sql_int (f, "SELECT count(*) FROM imports WHERE sync_gen > 0"), ==, 1);
  g_assert_cmpint (sql_int (f, "SELECT count(*) FROM learners WHERE disabled_at IS NULL"), ==, 3);
}

/* Pulling 10,000 participations costs at most three times inserting them
 * here in one transaction. */
static void
test_speed (Fixture       *f,
            gconstpointer  data)
{
  const guint n = 10000;
  g_autoptr(JsonNode) page = NULL;
  g_autoptr(OrgaCampaign) local = NULL;
  g_autoptr(OrgaParticipationSet) set = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree guint8 *results = NULL;
  g_autoptr(GArray) learner_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GTimer) timer = g_timer_new ();
  JsonArray *rows;
  double pull_s, local_s;
  guint n_tubes;

  /* 1,000 students, a campaign of each kind of row. */
  {
    g_autoptr(GPtrArray) learners = g_ptr_array_new ();
    JsonArray *array;

    page = make_page (0, 1, TRUE, ORGA_WIRE_CAMPAIGNS, campaign_row (CAMPAIGN_1, "QWERTY123", "Grande", "1"), -1);
    array = json_object_get_array_member (json_node_get_object (page), "learners");
    for (guint i = 0; i < 1000; i++)
      {
        g_autofree char *uuid = g_strdup_printf ("0190d000-0000-7000-8000-%012u", 100000 + i);
        g_autofree char *ine = g_strdup_printf ("%010uA", 1000000 + i);

        json_array_add_object_element (array, learner_row (uuid, ine, "Nom", "Prénom", NULL, "1"));
      }
    apply_page_ok (f, page, 1001);
    g_clear_pointer (&page, json_node_unref);
  }

  page = make_page (1, 2, FALSE, -1);
  rows = json_object_get_array_member (json_node_get_object (page), "participations");
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *uuid = g_strdup_printf ("0190d001-0000-7000-8000-%012u", i);
      g_autofree char *learner = g_strdup_printf ("0190d000-0000-7000-8000-%012u", 100000 + i % 1000);

      json_array_add_object_element (rows, participation_row (uuid, CAMPAIGN_1, learner, "2"));
    }

  g_timer_start (timer);
  apply_page_ok (f, page, n);
  pull_s = g_timer_elapsed (timer, NULL);
  g_assert_cmpint (sql_int (f, "SELECT count(*) FROM participations WHERE learner_id IS NOT NULL"), ==, n);

  /* The same rows made here, in one transaction. */
  local = create_campaign (f, "Locale", "Anne Proviseur");
  sql_exec (f, "UPDATE campaigns SET multiple_sendings = 1");
  n_tubes = orga_campaign_get_target_profile (local)->n_tubes;
  set = orga_participation_set_new (n_tubes);
  results = g_malloc0 (n_tubes);
  {
    g_autoptr(sqlite3_stmt) stmt = NULL;

    g_assert_cmpint (sqlite3_prepare_v2 (_orga_store_get_db (f->store), "SELECT id FROM learners ORDER BY id",
                                         -1, &stmt, NULL), ==, SQLITE_OK);
    while (sqlite3_step (stmt) == SQLITE_ROW)
      {
        gint64 id = sqlite3_column_int64 (stmt, 0);
        g_array_append_val (learner_ids, id);
      }
  }
  for (guint i = 0; i < n; i++)
    {
      OrgaParticipation p = { 0 };

      p.learner_id = g_array_index (learner_ids, gint64, i % learner_ids->len);
      p.status = ORGA_PARTICIPATION_SHARED;
      p.created_at = 1756886400;
      p.shared_at = 1756886400;
      p.mastery_rate = 0.5;
      p.progression = 1;
      p.pix_score = 42;
      p.is_certifiable = -1;
      p.results = results;
      orga_participation_set_add (set, &p);
    }
  g_timer_start (timer);
  g_assert_true (orga_store_add_participations (f->store, local, set, &error));
  g_assert_no_error (error);
  local_s = g_timer_elapsed (timer, NULL);

  g_test_message ("10,000 participations: pulled in %.3f s, inserted locally in %.3f s (%.2f×)",
                  pull_s, local_s, pull_s / local_s);
  /* The figures hold for an optimised build; under AddressSanitizer
   * every allocation of this code (and none of SQLite's inner loop) pays
   * several times over, which says nothing of the pull. */
#if defined (__OPTIMIZE__) && !defined (__SANITIZE_ADDRESS__)
  g_assert_cmpfloat (pull_s, <=, 3 * local_s);
  g_assert_cmpfloat (pull_s, <, 1.0);
#endif
}

/* ---- deleting a participation (spec §4.1) ------------------------------ */

#define PARTICIPATION_3 "0190d000-0000-7000-8000-000000000303"
#define T1 "2026-09-10T08:05:00.000000Z"

/* The pulled campaign (owned by user-elise) with two attempts of Léa:
 * PARTICIPATION_3 improved, then PARTICIPATION_1, and one of Éric's. */
static void
pull_attempts (Fixture *f)
{
  JsonObject *improved = participation_row (PARTICIPATION_3, CAMPAIGN_1, LEARNER_1, "7");
  JsonObject *other = participation_row (PARTICIPATION_2, CAMPAIGN_1, LEARNER_2, "5");
  g_autoptr(JsonNode) page = NULL;

  json_object_set_boolean_member (improved, "is_improved", TRUE);
  page = make_page (0, 7, FALSE,
                    ORGA_WIRE_PARTICIPATIONS, participation_row (PARTICIPATION_1, CAMPAIGN_1, LEARNER_1, "6"),
                    ORGA_WIRE_PARTICIPATIONS, improved,
                    ORGA_WIRE_PARTICIPATIONS, other,
                    ORGA_WIRE_CAMPAIGNS, campaign_row (CAMPAIGN_1, "QWERTY123", "Évaluation de rentrée", "4"),
                    ORGA_WIRE_LEARNERS, learner_row (LEARNER_1, "1234567890A", "Dupont", "Léa", IMPORT_1, "2"),
                    ORGA_WIRE_LEARNERS, learner_row (LEARNER_2, "1234567890B", "Élève", "Éric", IMPORT_1, "3"),
                    ORGA_WIRE_IMPORTS, import_row (IMPORT_1, "other-device", NULL, "1"),
                    -1);
  apply_page_ok (f, page, 7);
}

static void
test_delete_participation (Fixture       *f,
                           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) change = NULL;
  g_autoptr(JsonNode) answer = NULL;
  g_autoptr(GPtrArray) refused = g_ptr_array_new_with_free_func ((GDestroyNotify) orga_sync_notice_free);
  g_autofree char *id = NULL;
  g_autofree char *by = NULL;
  gint64 campaign_id, p1;
  guint n_applied = 0;
  gboolean resync = TRUE;

  pull_attempts (f);
  campaign_id = sql_int (f, "SELECT id FROM campaigns");
  p1 = sql_int (f, "SELECT id FROM participations WHERE uuid = '" PARTICIPATION_1 "'");

  /* Anne administers the space; a member may only if she owns it. */
  g_assert_true (orga_store_can_delete_participations (f->store, campaign_id));
  sql_exec (f, "UPDATE organizations SET role = 'MEMBER'");
  g_assert_false (orga_store_can_delete_participations (f->store, campaign_id));
  sql_exec (f, "UPDATE campaigns SET owner_id = 'user-anne'");
  g_assert_true (orga_store_can_delete_participations (f->store, campaign_id));
  sql_exec (f, "UPDATE organizations SET role = 'ADMIN'; UPDATE campaigns SET owner_id = 'user-elise'");

  /* Both attempts of Léa go, Éric's stays; queued in the same
   * transaction, about the participation chosen. */
  g_ptr_array_set_size (f->seen, 0);
  g_assert_true (orga_store_delete_participation (f->store, p1, "Anne Proviseur", &error));
  g_assert_no_error (error);
  g_assert_cmpint (sql_int (f, "SELECT count(*) FROM participations WHERE deleted_at IS NOT NULL "
                               "AND deleted_by = 'Anne Proviseur' AND uuid IN ('" PARTICIPATION_1 "', '" PARTICIPATION_3 "')"),
                   ==, 2);
  g_assert_cmpint (sql_int (f, "SELECT count(*) FROM participations WHERE deleted_at IS NULL"), ==, 1);
  g_assert_true (seen_kinds (f) & ORGA_STORE_CHANGE_PARTICIPATIONS);
  assert_outbox_kinds (f, ORGA_SYNC_PARTICIPATION_DELETE);
  change = last_change (f, ORGA_SYNC_PARTICIPATION_DELETE);
  g_assert_cmpstr (json_object_get_string_member (change, "participation"), ==, PARTICIPATION_1);
  by = sql_text (f, "SELECT subject FROM sync_outbox");
  g_assert_cmpstr (by, ==, PARTICIPATION_1);

  /* Deleted already: not found, nothing more queued. */
  g_assert_false (orga_store_delete_participation (f->store, p1, "Anne Proviseur", &error));
  g_assert_error (error, ORGA_STORE_ERROR, ORGA_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_cmpuint (count_outbox (f), ==, 1);

  /* Refused (the server's rights): its rows, not deleted, put both
   * attempts back, with a notice and no resync. */
  {
    JsonObject *current = json_object_new ();
    JsonArray *rows = json_array_new ();
    JsonObject *improved = participation_row (PARTICIPATION_3, CAMPAIGN_1, LEARNER_1, "7");

    json_object_set_boolean_member (improved, "is_improved", TRUE);
    json_array_add_object_element (rows, participation_row (PARTICIPATION_1, CAMPAIGN_1, LEARNER_1, "6"));
    json_array_add_object_element (rows, improved);
    json_object_set_array_member (current, orga_sync_wire_kind_name (ORGA_WIRE_PARTICIPATIONS), rows);
    id = outbox_id (f, ORGA_SYNC_PARTICIPATION_DELETE);
    answer = make_answer (id, "FORBIDDEN", "Seul le propriétaire de la campagne ou un administrateur peut "
                          "supprimer une participation.", current, NULL);
  }
  g_assert_true (orga_store_sync_apply_push_answer (f->store, f->school, answer, &n_applied, refused, &resync, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n_applied, ==, 0);
  g_assert_false (resync);
  assert_one_notice (f, refused, id, ORGA_SYNC_PARTICIPATION_DELETE,
                     "Seul le propriétaire de la campagne ou un administrateur peut supprimer une participation.");
  g_assert_cmpint (sql_int (f, "SELECT count(*) FROM participations WHERE deleted_at IS NULL"), ==, 3);
  g_assert_cmpuint (count_outbox (f), ==, 0);

  /* Deleted again and accepted: gone for good, nothing left to push. */
  g_clear_pointer (&id, g_free);
  g_clear_pointer (&answer, json_node_unref);
  g_assert_true (orga_store_delete_participation (f->store, p1, "Anne Proviseur", &error));
  g_assert_no_error (error);
  id = outbox_id (f, ORGA_SYNC_PARTICIPATION_DELETE);
  answer = make_answer (id, "applied", NULL, NULL, NULL);
  g_assert_true (orga_store_sync_apply_push_answer (f->store, f->school, answer, &n_applied, NULL, &resync, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n_applied, ==, 1);
  g_assert_false (resync);
  g_assert_cmpint (sql_int (f, "SELECT count(*) FROM participations WHERE deleted_at IS NULL"), ==, 1);
  g_assert_cmpuint (count_outbox (f), ==, 0);

  /* Another desktop's deletion arrives with a pull. */
  {
    JsonObject *row = participation_row (PARTICIPATION_2, CAMPAIGN_1, LEARNER_2, "8");
    g_autoptr(JsonNode) page = NULL;

    json_object_set_string_member (row, "deleted_at", T1);
    json_object_set_string_member (row, "deleted_by", "Élise Dürer");
    page = make_page (7, 8, FALSE, ORGA_WIRE_PARTICIPATIONS, row, -1);
    apply_page_ok (f, page, 1);
    g_assert_cmpint (sql_int (f, "SELECT count(*) FROM participations WHERE deleted_at IS NULL"), ==, 0);
  }
}

/* A demonstration participation is this desktop's alone: deleted here,
 * never pushed. */
static void
test_delete_demo_participation (Fixture       *f,
                                gconstpointer  data)
{
  g_autoptr(OrgaCampaign) campaign = NULL;
  g_autoptr(OrgaParticipationSet) set = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree guint8 *results = NULL;
  OrgaParticipation p = { 0 };
  guint n;

  import (f, class_6a, 3);
  campaign = create_campaign (f, "Rentrée 6e", "Anne Proviseur");
  n = count_outbox (f);
  set = orga_participation_set_new (orga_campaign_get_target_profile (campaign)->n_tubes);
  results = g_malloc0 (orga_campaign_get_target_profile (campaign)->n_tubes);
  p.learner_id = sql_int (f, "SELECT min(id) FROM learners");
  p.status = ORGA_PARTICIPATION_STARTED;
  p.created_at = 1756886400;
  p.is_certifiable = -1;
  p.is_demo = TRUE;
  p.results = results;
  orga_participation_set_add (set, &p);
  g_assert_true (orga_store_add_participations (f->store, campaign, set, &error));
  g_assert_no_error (error);

  g_assert_true (orga_store_delete_participation (f->store, sql_int (f, "SELECT id FROM participations"), "Anne", &error));
  g_assert_no_error (error);
  g_assert_cmpint (sql_int (f, "SELECT count(*) FROM participations WHERE deleted_at IS NULL"), ==, 0);
  g_assert_cmpuint (count_outbox (f), ==, n);
}

/* Spec §2.3 from pulled rows: the latest shared profiles collection by
 * its shared_at, deleted ones and assessments aside; the list's rows and
 * its filter agree. */
static gboolean
certifiability_row_cb (const OrgaLearnerRow *row,
                       gpointer              user_data)
{
  GHashTable *seen = user_data;

  g_hash_table_insert (seen, g_strdup (row->uuid),
                       g_strdup_printf ("%u %s", row->certifiability, row->certifiable_at ? row->certifiable_at : "-"));
  return TRUE;
}

static void
test_certifiability (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autoptr(GHashTable) map = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) page = NULL;
  JsonObject *collection = campaign_row ("0190d000-0000-7000-8000-000000000202", "PROFIL123", "Collecte", "5");
  JsonObject *rows[5];
  gint64 ids[2];

#define SHARED_PROFILE(i, uuid, learner, shared_at, certifiable, seq) \
  rows[i] = participation_row (uuid, "0190d000-0000-7000-8000-000000000202", learner, seq); \
  json_object_set_string_member (rows[i], "shared_at", shared_at); \
  json_object_set_boolean_member (rows[i], "is_certifiable", certifiable)

  json_object_set_string_member (collection, "type", "PROFILES_COLLECTION");
  json_object_set_null_member (collection, "target_profile_id");
  /* Léa: not certifiable in September, certifiable in October (older
   * row first in seq order, newer by date: the date decides). */
  SHARED_PROFILE (0, "0190d000-0000-7000-8000-000000000311", LEARNER_1, "2026-10-01T08:00:00.000000Z", TRUE, "6");
  SHARED_PROFILE (1, "0190d000-0000-7000-8000-000000000312", LEARNER_1, "2026-09-01T08:00:00.000000Z", FALSE, "7");
  /* Éric: certifiable once, but that participation was deleted; not
   * certifiable later; an assessment says nothing. */
  SHARED_PROFILE (2, "0190d000-0000-7000-8000-000000000313", LEARNER_2, "2026-11-01T08:00:00.000000Z", TRUE, "8");
  json_object_set_string_member (rows[2], "deleted_at", T1);
  SHARED_PROFILE (3, "0190d000-0000-7000-8000-000000000314", LEARNER_2, "2026-09-15T08:00:00.000000Z", FALSE, "9");
  rows[4] = participation_row ("0190d000-0000-7000-8000-000000000315", CAMPAIGN_1, LEARNER_2, "10");
  json_object_set_string_member (rows[4], "shared_at", "2026-12-01T08:00:00.000000Z");
  json_object_set_boolean_member (rows[4], "is_certifiable", TRUE);
#undef SHARED_PROFILE

  page = make_page (0, 10, FALSE,
                    ORGA_WIRE_PARTICIPATIONS, rows[0], ORGA_WIRE_PARTICIPATIONS, rows[1],
                    ORGA_WIRE_PARTICIPATIONS, rows[2], ORGA_WIRE_PARTICIPATIONS, rows[3],
                    ORGA_WIRE_PARTICIPATIONS, rows[4],
                    ORGA_WIRE_CAMPAIGNS, campaign_row (CAMPAIGN_1, "QWERTY123", "Évaluation de rentrée", "4"),
                    ORGA_WIRE_CAMPAIGNS, collection,
                    ORGA_WIRE_LEARNERS, learner_row (LEARNER_1, "1234567890A", "Dupont", "Léa", IMPORT_1, "2"),
                    ORGA_WIRE_LEARNERS, learner_row (LEARNER_2, "1234567890B", "Élève", "Éric", IMPORT_1, "3"),
                    ORGA_WIRE_IMPORTS, import_row (IMPORT_1, "other-device", NULL, "1"),
                    -1);
  apply_page_ok (f, page, 10);

  ids[0] = sql_int (f, "SELECT id FROM learners WHERE uuid = '" LEARNER_1 "'");
  ids[1] = sql_int (f, "SELECT id FROM learners WHERE uuid = '" LEARNER_2 "'");
  g_assert_true (orga_store_fetch_learners_by_id (f->store, ids, 2, certifiability_row_cb, seen, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (g_hash_table_lookup (seen, LEARNER_1), ==, "2 2026-10-01T08:00:00.000000Z");
  g_assert_cmpstr (g_hash_table_lookup (seen, LEARNER_2), ==, "4 2026-09-15T08:00:00.000000Z");

  map = orga_store_certifiability_by_learner (f->store, f->school, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (GPOINTER_TO_UINT (g_hash_table_lookup (map, &ids[0])), ==, ORGA_CERTIFIABILITY_ELIGIBLE);
  g_assert_cmpuint (GPOINTER_TO_UINT (g_hash_table_lookup (map, &ids[1])), ==, ORGA_CERTIFIABILITY_NON_ELIGIBLE);

  /* Éric's last profile deleted: nothing said any more. */
  g_hash_table_remove_all (seen);
  sql_exec (f, "UPDATE participations SET deleted_at = '" T1 "' WHERE uuid = '0190d000-0000-7000-8000-000000000314'");
  g_assert_true (orga_store_fetch_learners_by_id (f->store, &ids[1], 1, certifiability_row_cb, seen, &error));
  g_assert_cmpstr (g_hash_table_lookup (seen, LEARNER_2), ==, "0 -");
  g_clear_pointer (&map, g_hash_table_unref);
  map = orga_store_certifiability_by_learner (f->store, f->school, &error);
  g_assert_false (g_hash_table_contains (map, &ids[1]));
}

/* ---- certification (issue 12) ------------------------------------------ */

static char *
cert_day (int days)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GDateTime) day = g_date_time_add_days (now, days);

  return g_date_time_format (day, "%Y-%m-%d");
}

static OrgaCertSession *
create_cert_session (Fixture *f)
{
  g_autofree char *date = cert_day (12);
  OrgaCertSessionForm form = { .address = "Collège", .room = "CDI", .examiner = "Mme Durand",
                               .date = date, .time = "09:00" };
  g_autoptr(GError) error = NULL;
  OrgaCertSession *session = orga_store_create_cert_session (f->store, f->school, &form, "Anne Proviseur", &error);

  g_assert_no_error (error);
  g_assert_nonnull (session);
  return session;
}

/* Each write of a bound school queues its change, in its transaction. */
static void
test_queue_cert (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(OrgaCertSession) session = NULL;
  g_autoptr(JsonObject) change = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *date = cert_day (14);
  g_autofree char *learner_uuid = NULL;
  OrgaCertSessionForm form = { .address = "Collège", .room = "Salle 12", .examiner = "Mme Durand",
                               .date = date, .time = "09:00" };
  gint64 id, candidate;
  JsonObject *row;
  JsonArray *rows;

  import (f, class_6a, G_N_ELEMENTS (class_6a));
  sql_exec (f, "DELETE FROM sync_outbox");

  session = create_cert_session (f);
  id = orga_cert_session_get_id (session);
  change = last_change (f, ORGA_SYNC_CERT_SESSION_CREATE);
  row = json_object_get_object_member (change, "cert_session");
  g_assert_cmpstr (json_object_get_string_member (row, "uuid"), ==, orga_cert_session_get_uuid (session));
  g_assert_true (json_object_get_null_member (row, "number"));
  g_assert_true (json_object_get_null_member (row, "finalized_at"));
  g_assert_cmpstr (json_object_get_string_member (row, "access_code"), ==, orga_cert_session_get_access_code (session));
  g_assert_cmpstr (json_object_get_string_member (row, "created_by"), ==, "Anne Proviseur");
  g_assert_false (json_object_has_member (row, "seq"));
  g_clear_pointer (&change, json_object_unref);

  /* Only the fields that changed. */
  g_assert_true (orga_store_update_cert_session (f->store, id, &form, &error));
  g_assert_no_error (error);
  change = last_change (f, ORGA_SYNC_CERT_SESSION_UPDATE);
  g_assert_cmpstr (json_object_get_string_member (change, "cert_session"), ==, orga_cert_session_get_uuid (session));
  row = json_object_get_object_member (change, "fields");
  g_assert_cmpuint (json_object_get_size (row), ==, 2);
  g_assert_cmpstr (json_object_get_string_member (row, "room"), ==, "Salle 12");
  g_assert_cmpstr (json_object_get_string_member (row, "date"), ==, date);
  g_clear_pointer (&change, json_object_unref);

  {
    gint64 ids[] = { sql_int (f, "SELECT id FROM learners WHERE ine = '1234567890A'"),
                     sql_int (f, "SELECT id FROM learners WHERE ine = '1234567890B'") };

    g_assert_true (orga_store_enrol_cert_candidates (f->store, id, ids, 2, NULL, &error));
    g_assert_no_error (error);
  }
  learner_uuid = sql_text (f, "SELECT uuid FROM learners WHERE ine = '1234567890A'");
  change = last_change (f, ORGA_SYNC_CERT_CANDIDATES_ENROL);
  g_assert_cmpstr (json_object_get_string_member (change, "cert_session"), ==, orga_cert_session_get_uuid (session));
  rows = json_object_get_array_member (change, "cert_candidates");
  g_assert_cmpuint (json_array_get_length (rows), ==, 2);
  row = json_array_get_object_element (rows, 0);
  g_assert_cmpstr (json_object_get_string_member (row, "session"), ==, orga_cert_session_get_uuid (session));
  g_assert_cmpstr (json_object_get_string_member (row, "learner"), ==, learner_uuid);
  g_assert_cmpstr (json_object_get_string_member (row, "last_name"), ==, "Dupont");
  g_assert_cmpstr (json_object_get_string_member (row, "birthdate"), ==, "2012-03-05");
  g_assert_true (json_object_get_null_member (row, "external_id"));
  g_clear_pointer (&change, json_object_unref);

  candidate = sql_int (f, "SELECT max(id) FROM cert_candidates");
  g_assert_true (orga_store_remove_cert_candidate (f->store, candidate, &error));
  g_assert_no_error (error);
  change = last_change (f, ORGA_SYNC_CERT_CANDIDATE_REMOVE);
  {
    g_autofree char *uuid = sql_text (f, "SELECT uuid FROM cert_candidates WHERE removed_at IS NOT NULL");

    g_assert_cmpstr (json_object_get_string_member (change, "cert_candidate"), ==, uuid);
  }
  g_clear_pointer (&change, json_object_unref);

  /* A refused write queues nothing. */
  form.time = "99:99";
  g_assert_false (orga_store_update_cert_session (f->store, id, &form, &error));
  g_clear_error (&error);
  assert_outbox_kinds (f, ORGA_SYNC_CERT_SESSION_CREATE " " ORGA_SYNC_CERT_SESSION_UPDATE " "
                          ORGA_SYNC_CERT_CANDIDATES_ENROL " " ORGA_SYNC_CERT_CANDIDATE_REMOVE);

  /* The course the server started, then the finalization. */
  sql_exec (f, "INSERT INTO cert_courses (uuid, organization_id, number, session_id, candidate_id, started_at, "
               "completed_at, status, verification_code) SELECT 'course-1', organization_id, 100001, session_id, id, "
               "'2026-01-01T08:00:00.000000Z', '2026-01-01T09:00:00.000000Z', 'started', 'P-BCDFGHJK' "
               "FROM cert_candidates WHERE removed_at IS NULL");
  {
    OrgaCertReport report = { .category = "NON_BLOCKING_TECHNICAL_ISSUE", .description = "Coupure réseau" };
    OrgaCertCourseReport course = { .course_uuid = "course-1", .has_seen_end_test_screen = TRUE,
                                    .reports = &report, .n_reports = 1 };
    OrgaCertFinalization finalization = { .courses = &course, .n_courses = 1, .has_joining_issue = TRUE };

    g_assert_true (orga_store_finalize_cert_session (f->store, id, &finalization, "Anne Proviseur", &error));
    g_assert_no_error (error);
  }
  change = last_change (f, ORGA_SYNC_CERT_SESSION_FINALIZE);
  g_assert_false (json_object_get_null_member (change, "finalized_at"));
  g_assert_true (json_object_get_boolean_member (change, "has_joining_issue"));
  g_assert_false (json_object_get_boolean_member (change, "has_incident"));
  rows = json_object_get_array_member (change, "courses");
  g_assert_cmpuint (json_array_get_length (rows), ==, 1);
  row = json_array_get_object_element (rows, 0);
  g_assert_cmpstr (json_object_get_string_member (row, "course"), ==, "course-1");
  g_assert_true (json_object_get_boolean_member (row, "has_seen_end_test_screen"));
  g_assert_true (json_object_get_null_member (row, "abort_reason"));
  rows = json_object_get_array_member (row, "reports");
  g_assert_cmpuint (json_array_get_length (rows), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (rows, 0), "course"), ==, "course-1");
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (rows, 0), "description"), ==,
                   "Coupure réseau");
  g_clear_pointer (&change, json_object_unref);

  /* A second session, deleted. */
  {
    g_autoptr(OrgaCertSession) other = create_cert_session (f);

    g_assert_true (orga_store_delete_cert_session (f->store, orga_cert_session_get_id (other), &error));
    g_assert_no_error (error);
    change = last_change (f, ORGA_SYNC_CERT_SESSION_DELETE);
    g_assert_cmpstr (json_object_get_string_member (change, "cert_session"), ==, orga_cert_session_get_uuid (other));
  }
}

/* Offline and demonstration rows: nothing queued. */
static void
test_queue_cert_offline (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(OrgaCertSession) session = create_cert_session (f);

  g_assert_nonnull (session);
  g_assert_cmpint (sql_int (f, "SELECT count(*) FROM sync_outbox"), ==, 0);
}

static void
test_queue_cert_demo (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) sessions = NULL;
  gint64 created;

  import (f, class_6a, G_N_ELEMENTS (class_6a));
  sql_exec (f, "DELETE FROM sync_outbox");
  g_assert_true (orga_store_add_demo_cert_data (f->store, f->school, &error));
  g_assert_no_error (error);
  g_assert_cmpint (sql_int (f, "SELECT count(*) FROM cert_sessions WHERE is_demo = 1"), ==, 2);

  /* Nor do the writes to demonstration rows. */
  sessions = orga_store_list_cert_sessions (f->store, f->school, &error);
  created = orga_cert_session_get_id (g_ptr_array_index (sessions, 0));
  {
    gint64 ids[] = { sql_int (f, "SELECT id FROM learners WHERE ine = '1234567890C'") };

    g_assert_true (orga_store_enrol_cert_candidates (f->store, created, ids, 1, NULL, &error));
    g_assert_no_error (error);
  }
  g_assert_true (orga_store_delete_cert_session (f->store, created, &error));
  g_assert_no_error (error);
  g_assert_cmpint (sql_int (f, "SELECT count(*) FROM sync_outbox"), ==, 0);
}

#define CERT_SESSION_1 "0190d000-0000-7000-8000-000000000401"
#define CERT_CANDIDATE_1 "0190d000-0000-7000-8000-000000000501"
#define CERT_CANDIDATE_2 "0190d000-0000-7000-8000-000000000502"
#define CERT_COURSE_1 "0190d000-0000-7000-8000-000000000601"
#define CERT_COURSE_2 "0190d000-0000-7000-8000-000000000602"
#define CERT_REPORT_1 "0190d000-0000-7000-8000-000000000701"

static JsonObject *
cert_session_row (const char *seq,
                  const char *published_at)
{
  return make_row (ORGA_WIRE_CERT_SESSIONS, "uuid", CERT_SESSION_1, "number", "1001", "address", "Collège",
                   "room", "CDI", "examiner", "Mme Durand", "date", "2026-11-20", "time", "09:00",
                   "access_code", "BCDF23", "supervisor_password", "C7KQ2", "certification_center", "Collège Victor Hugo",
                   "created_at", T0, "created_by", "Autre poste", "updated_at", T0,
                   "finalized_at", "2026-11-20T11:00:00.000000Z", "published_at", published_at, "seq", seq, NULL);
}

static JsonObject *
cert_candidate_row (const char *uuid,
                    const char *learner,
                    const char *last_name,
                    const char *seq)
{
  return make_row (ORGA_WIRE_CERT_CANDIDATES, "uuid", uuid, "session", CERT_SESSION_1, "learner", learner,
                   "first_name", "Léa", "last_name", last_name, "birthdate", "2012-03-05",
                   "joined_at", "2026-11-20T08:00:00.000000Z", "created_at", T0, "seq", seq, NULL);
}

static JsonObject *
cert_course_row (const char *uuid,
                 const char *candidate,
                 const char *learner,
                 const char *number,
                 const char *status,
                 const char *seq)
{
  return make_row (ORGA_WIRE_CERT_COURSES, "uuid", uuid, "number", number, "session", CERT_SESSION_1,
                   "candidate", candidate, "learner", learner, "started_at", "2026-11-20T08:10:00.000000Z",
                   "completed_at", "2026-11-20T09:00:00.000000Z", "status", status, "pix_score", "256",
                   "levels", "2,2,2,2,2,2,2,2,2,2,2,2,2,2,2,2", "verification_code", "P-BCDFGHJK",
                   "seq", seq, NULL);
}

/* Pulled sessions, candidates, courses and reports: upserts by uuid,
 * references resolved by uuid, the number the server's. */
static void
test_pull_cert (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(JsonNode) page = NULL;
  g_autoptr(JsonNode) again = NULL;
  g_autoptr(GPtrArray) sessions = NULL;
  g_autoptr(GPtrArray) candidates = NULL;
  g_autoptr(GPtrArray) reports = NULL;
  g_autoptr(OrgaCertResultSet) results = NULL;
  g_autoptr(GError) error = NULL;
  OrgaCertSession *session;

  page = make_page (0, 10, FALSE,
                    ORGA_WIRE_IMPORTS, import_row (IMPORT_1, "other-device", NULL, "1"),
                    ORGA_WIRE_LEARNERS, learner_row (LEARNER_1, "1234567890A", "Dupont", "Léa", IMPORT_1, "2"),
                    ORGA_WIRE_LEARNERS, learner_row (LEARNER_2, "1234567890B", "Martin", "Hugo", IMPORT_1, "3"),
                    ORGA_WIRE_CERT_SESSIONS, cert_session_row ("4", "2026-11-27T15:00:00.000000Z"),
                    ORGA_WIRE_CERT_CANDIDATES, cert_candidate_row (CERT_CANDIDATE_1, LEARNER_1, "Dupont", "5"),
                    /* A student this desktop does not know (yet): no link. */
                    ORGA_WIRE_CERT_CANDIDATES, cert_candidate_row (CERT_CANDIDATE_2, "0190d000-0000-7000-8000-00000000ffff",
                                                                   "Inconnu", "6"),
                    ORGA_WIRE_CERT_COURSES, cert_course_row (CERT_COURSE_1, CERT_CANDIDATE_1, LEARNER_1, "100001",
                                                             "validated", "7"),
                    ORGA_WIRE_CERT_COURSES, cert_course_row (CERT_COURSE_2, CERT_CANDIDATE_2, NULL, "100002",
                                                             "rejected", "8"),
                    ORGA_WIRE_CERT_REPORTS, make_row (ORGA_WIRE_CERT_REPORTS, "uuid", CERT_REPORT_1,
                                                      "course", CERT_COURSE_1, "category", "FRAUD",
                                                      "description", "Téléphone", "seq", "9", NULL),
                    -1);
  g_ptr_array_set_size (f->seen, 0);
  apply_page_ok (f, page, 9);
  g_assert_true (seen_kinds (f) & ORGA_STORE_CHANGE_CERTIFICATION);

  sessions = orga_store_list_cert_sessions (f->store, f->school, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (sessions->len, ==, 1);
  session = g_ptr_array_index (sessions, 0);
  g_assert_cmpint (orga_cert_session_get_number (session), ==, 1001);
  g_assert_cmpint (orga_cert_session_get_status (session), ==, ORGA_CERT_SESSION_PUBLISHED);
  g_assert_cmpuint (orga_cert_session_get_n_candidates (session), ==, 2);
  g_assert_cmpuint (orga_cert_session_get_n_started (session), ==, 2);

  candidates = orga_store_list_cert_candidates (f->store, orga_cert_session_get_id (session), &error);
  g_assert_cmpuint (candidates->len, ==, 2);
  {
    OrgaCertCandidate *c = g_ptr_array_index (candidates, 0);

    g_assert_cmpstr (c->last_name, ==, "Dupont");
    g_assert_cmpint (c->learner_id, ==, sql_int (f, "SELECT id FROM learners WHERE uuid = '" LEARNER_1 "'"));
    g_assert_cmpstr (c->course_uuid, ==, CERT_COURSE_1);
    g_assert_cmpint (c->course_number, ==, 100001);
    g_assert_cmpstr (c->course_status, ==, "validated");
    g_assert_cmpint (((OrgaCertCandidate *) g_ptr_array_index (candidates, 1))->learner_id, ==, 0);
  }

  reports = orga_store_list_cert_reports (f->store, CERT_COURSE_1, &error);
  g_assert_cmpuint (reports->len, ==, 1);
  g_assert_cmpstr (((OrgaCertReport *) g_ptr_array_index (reports, 0))->category, ==, "FRAUD");

  /* The school's results read them: the student known only. */
  results = orga_store_load_cert_results (f->store, f->school, "6A", ORGA_CERT_RESULTS_CSV, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (orga_cert_result_set_get_n (results), ==, 1);
  g_assert_cmpint (orga_cert_result_set_get (results, 0)->number, ==, 100001);
  g_assert_cmpint (orga_cert_result_set_get (results, 0)->session_number, ==, 1001);

  /* Pulled again, changed: updated in place, nothing queued. */
  again = make_page (10, 11, FALSE,
                     ORGA_WIRE_CERT_SESSIONS, cert_session_row ("11", NULL),
                     -1);
  apply_page_ok (f, again, 1);
  g_assert_cmpint (sql_int (f, "SELECT count(*) FROM cert_sessions"), ==, 1);
  g_assert_cmpint (sql_int (f, "SELECT count(*) FROM cert_sessions WHERE published_at IS NULL"), ==, 1);
  g_assert_cmpint (sql_int (f, "SELECT count(*) FROM cert_candidates"), ==, 2);
  g_assert_cmpuint (count_outbox (f), ==, 0);

  /* A course of a session the page neither carries nor we know: not the
   * protocol's, nothing applied. */
  {
    g_autoptr(JsonNode) broken = NULL;
    JsonObject *course = cert_course_row ("0190d000-0000-7000-8000-000000000603", "no-such-candidate", NULL,
                                          "100003", "validated", "12");

    broken = make_page (11, 12, FALSE, ORGA_WIRE_CERT_COURSES, course, -1);
    g_assert_false (orga_store_sync_apply_page (f->store, f->school, broken, NULL, NULL, &error));
    g_assert_error (error, ORGA_STORE_ERROR, ORGA_STORE_ERROR_PROTOCOL);
    g_assert_cmpint (sql_int (f, "SELECT count(*) FROM cert_courses"), ==, 2);
  }
}

/* A refused creation whose current lacks the session: gone here, with
 * the changes queued after it; a refused removal puts the candidate back. */
static void
test_refused_cert (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(OrgaCertSession) session = NULL;
  g_autoptr(GPtrArray) refused = g_ptr_array_new_with_free_func ((GDestroyNotify) orga_sync_notice_free);
  g_autoptr(JsonNode) answer = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *create_id = NULL;
  JsonObject *current;
  gboolean resync = FALSE;
  guint n_applied = 0;

  import (f, class_6a, G_N_ELEMENTS (class_6a));
  sql_exec (f, "DELETE FROM sync_outbox");
  session = create_cert_session (f);
  {
    gint64 ids[] = { sql_int (f, "SELECT id FROM learners WHERE ine = '1234567890A'") };

    g_assert_true (orga_store_enrol_cert_candidates (f->store, orga_cert_session_get_id (session), ids, 1, NULL, &error));
  }
  create_id = outbox_id (f, ORGA_SYNC_CERT_SESSION_CREATE);
  current = json_object_new ();
  json_object_set_array_member (current, "cert_sessions", json_array_new ());
  answer = make_answer (create_id, "INVALID_CERT_SESSION", "Le nom du site est obligatoire.", current, NULL);
  g_assert_true (orga_store_sync_apply_push_answer (f->store, f->school, answer, &n_applied, refused, &resync, &error));
  g_assert_no_error (error);
  g_assert_false (resync);
  g_assert_cmpint (sql_int (f, "SELECT count(*) FROM cert_sessions"), ==, 0);
  g_assert_cmpint (sql_int (f, "SELECT count(*) FROM cert_candidates"), ==, 0);
  g_assert_cmpuint (count_outbox (f), ==, 0);
  g_assert_cmpuint (refused->len, ==, 1);

  /* The server's session comes back, with its candidate; the removal is
   * refused (joined there): the candidate is back. */
  {
    g_autoptr(JsonNode) page = make_page (0, 5, FALSE,
                                          ORGA_WIRE_IMPORTS, import_row (IMPORT_1, "other-device", NULL, "1"),
                                          ORGA_WIRE_LEARNERS, learner_row (LEARNER_1, "1234567890Z", "Durand", "Lou", IMPORT_1, "2"),
                                          ORGA_WIRE_CERT_SESSIONS, cert_session_row ("3", NULL),
                                          ORGA_WIRE_CERT_CANDIDATES, cert_candidate_row (CERT_CANDIDATE_1, LEARNER_1, "Durand", "4"),
                                          -1);
    g_autoptr(JsonNode) refusal = NULL;
    g_autofree char *remove_id = NULL;
    JsonArray *rows = json_array_new ();

    apply_page_ok (f, page, 4);
    sql_exec (f, "UPDATE cert_sessions SET finalized_at = NULL");
    sql_exec (f, "UPDATE cert_candidates SET joined_at = NULL");
    g_assert_true (orga_store_remove_cert_candidate (f->store, sql_int (f, "SELECT id FROM cert_candidates"), &error));
    g_assert_no_error (error);
    g_assert_cmpint (sql_int (f, "SELECT count(*) FROM cert_candidates WHERE removed_at IS NULL"), ==, 0);
    remove_id = outbox_id (f, ORGA_SYNC_CERT_CANDIDATE_REMOVE);

    current = json_object_new ();
    json_array_add_object_element (rows, cert_candidate_row (CERT_CANDIDATE_1, LEARNER_1, "Durand", "4"));
    json_object_set_array_member (current, "cert_candidates", rows);
    refusal = make_answer (remove_id, "CERT_CANDIDATE_JOINED", "Ce candidat a déjà rejoint la session.", current, NULL);
    g_assert_true (orga_store_sync_apply_push_answer (f->store, f->school, refusal, &n_applied, refused, &resync, &error));
    g_assert_no_error (error);
    g_assert_false (resync);
    g_assert_cmpint (sql_int (f, "SELECT count(*) FROM cert_candidates WHERE removed_at IS NULL"), ==, 1);
  }
}

/* Adopting a school made offline queues its sessions still to come
 * (creation, then enrolment), never the demonstration ones nor those
 * deleted. */
static void
test_adopt_cert (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(OrgaAccount) account = anne ();
  g_autoptr(OrgaCertSession) session = NULL;
  g_autoptr(OrgaCertSession) deleted = NULL;
  g_autoptr(JsonObject) change = NULL;
  g_autoptr(GError) error = NULL;

  import (f, class_6a, G_N_ELEMENTS (class_6a));
  g_assert_true (orga_store_add_demo_cert_data (f->store, f->school, &error));
  session = create_cert_session (f);
  deleted = create_cert_session (f);
  g_assert_true (orga_store_delete_cert_session (f->store, orga_cert_session_get_id (deleted), &error));
  {
    gint64 ids[] = { sql_int (f, "SELECT id FROM learners WHERE ine = '1234567890B'") };

    g_assert_true (orga_store_enrol_cert_candidates (f->store, orga_cert_session_get_id (session), ids, 1, NULL, &error));
    g_assert_no_error (error);
  }
  g_assert_cmpint (sql_int (f, "SELECT count(*) FROM sync_outbox"), ==, 0);

  bind_ok (f, account);
  assert_outbox_kinds (f, ORGA_SYNC_IMPORT_APPLY "+seed " ORGA_SYNC_CERT_SESSION_CREATE " " ORGA_SYNC_CERT_CANDIDATES_ENROL);
  change = last_change (f, ORGA_SYNC_CERT_CANDIDATES_ENROL);
  g_assert_cmpstr (json_object_get_string_member (change, "cert_session"), ==, orga_cert_session_get_uuid (session));
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (change, "cert_candidates")), ==, 1);
}

int
main (int   argc,
      char *argv[])
{
  /* The notices' dates in a known zone. */
  g_setenv ("TZ", "UTC", TRUE);
  orga_test_init (&argc, &argv);

#define BOUND(path, func) g_test_add (path, Fixture, NULL, set_up_bound, func, tear_down)
#define OFFLINE(path, func) g_test_add (path, Fixture, NULL, set_up_offline, func, tear_down)
  BOUND ("/store-sync/queue/import", test_queue_import);
  BOUND ("/store-sync/queue/campaigns", test_queue_campaigns);
  BOUND ("/store-sync/queue/transaction", test_queue_transaction);
  OFFLINE ("/store-sync/queue/offline", test_queue_offline);
  BOUND ("/store-sync/queue/demo", test_queue_demo);
  BOUND ("/store-sync/push/build", test_build_push);
  BOUND ("/store-sync/push/applied", test_push_applied);
  BOUND ("/store-sync/push/refused-create", test_refused_create);
  BOUND ("/store-sync/push/refused-update", test_refused_update);
  BOUND ("/store-sync/push/refused-import", test_refused_import);
  BOUND ("/store-sync/push/refused-import-resync", test_refused_import_resync);
  BOUND ("/store-sync/push/refused-delete", test_refused_delete);
  BOUND ("/store-sync/participation/delete", test_delete_participation);
  BOUND ("/store-sync/participation/delete-demo", test_delete_demo_participation);
  BOUND ("/store-sync/participation/certifiability", test_certifiability);
  BOUND ("/store-sync/pull/page", test_apply_page);
  BOUND ("/store-sync/pull/fallbacks", test_fallbacks);
  BOUND ("/store-sync/pull/removed", test_removed);
  BOUND ("/store-sync/pull/batch-learners", test_batch_learners);
  BOUND ("/store-sync/pull/failing", test_failing_page);
  BOUND ("/store-sync/pull/reset-and-sweep", test_reset_and_sweep);
  BOUND ("/store-sync/pull/override-notice", test_override_notice);
  BOUND ("/store-sync/pull/undo-remote-import", test_undo_remote_import);
  BOUND ("/store-sync/pull/forget-space", test_forget_space);
  BOUND ("/store-sync/pull/speed", test_speed);
  OFFLINE ("/store-sync/adopt/queues", test_adopt_queues);
  OFFLINE ("/store-sync/adopt/no-students", test_adopt_no_students);
  OFFLINE ("/store-sync/adopt/empty", test_adopt_empty);
  OFFLINE ("/store-sync/adopt/seed-ignored", test_adopt_seed_ignored);
  OFFLINE ("/store-sync/adopt/seed-applied", test_adopt_seed_applied);
  BOUND ("/store-sync/cert/queue", test_queue_cert);
  OFFLINE ("/store-sync/cert/queue-offline", test_queue_cert_offline);
  BOUND ("/store-sync/cert/queue-demo", test_queue_cert_demo);
  BOUND ("/store-sync/cert/pull", test_pull_cert);
  BOUND ("/store-sync/cert/refused", test_refused_cert);
  OFFLINE ("/store-sync/cert/adopt", test_adopt_cert);

  return g_test_run ();
}
