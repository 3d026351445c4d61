/* orga-server-sync.c: the sync of a space's students, campaigns and
 * participations (docs/sync.md, "Sync of students, campaigns and
 * participations")
 *
 * A push applies its changes in order, each in its own transaction with
 * its idempotency row (sync_changes): a change already known is answered
 * from that row and never applied twice. Each transaction first takes
 * the space's counter row (organizations.sync_seq), which serialises the
 * writers of a space on PostgreSQL, and raises it by the number of rows
 * it wrote: every row carries the seq it was last written with. A pull
 * reads the rows above a cursor, kind by kind, merged by seq.
 *
 * The rows cross as the wire tables of orga-sync-wire.c say: the server's
 * columns bear the wire names, and every statement here that reads or
 * writes a whole row is built from those tables.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "orga-server"

#include "config.h"

#include <math.h>
#include <string.h>

#include "orga-format.h"
#include "orga-json.h"
#include "orga-server-routes.h"
#include "orga-server-sync.h"
#include "orga-sync-wire.h"

#define MAX_FIELDS 24
/* Rows a statement writes at most: one statement for many rows costs far
 * less than one each, on PostgreSQL a round trip each. SQLite has no
 * round trip to save, and finds a statement's parameters by a linear
 * scan: its batches stay small. */
static const guint batch_sizes[] = { 256, 64, 16, 4, 1 };
#define SQLITE_MAX_BATCH 16
/* A change that lost a race (a code taken by another space meanwhile, a
 * serialization failure) is tried again from the start. */
#define MAX_ATTEMPTS 3
#define MAX_ID_LENGTH 100

#define MSG_MALFORMED_CHANGE "Le serveur n’a pas pu lire cette modification : elle n’a pas été enregistrée."
#define MSG_IMPORT_FORBIDDEN "Seuls les administrateurs de l'espace peuvent importer la liste des élèves."
#define MSG_IMPORT_NOT_FOUND "Cet import n’existe pas sur le serveur : il ne peut pas être annulé."
#define MSG_CAMPAIGN_FORBIDDEN "Seul le propriétaire de la campagne ou un administrateur peut la modifier."
#define MSG_CAMPAIGN_NOT_FOUND "Cette campagne n’existe pas sur le serveur : votre modification n’a pas été enregistrée."

static const char * const tables[ORGA_WIRE_N_KINDS] = {
  [ORGA_WIRE_IMPORTS] = "sync_imports",
  [ORGA_WIRE_LEARNERS] = "sync_learners",
  [ORGA_WIRE_CAMPAIGNS] = "sync_campaigns",
  [ORGA_WIRE_PARTICIPATIONS] = "sync_participations",
};

/* Wire rows: one text a field, in the order of the wire table (NULL for
 * null); "seq" is the last one. */

typedef struct
{
  char *v[MAX_FIELDS];
} WireRow;

static WireRow *
wire_row_new (void)
{
  return g_new0 (WireRow, 1);
}

static void
wire_row_free (WireRow *row)
{
  if (row == NULL)
    return;
  for (guint i = 0; i < MAX_FIELDS; i++)
    g_free (row->v[i]);
  g_free (row);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (WireRow, wire_row_free)

static WireRow *
wire_row_copy (const WireRow *row)
{
  WireRow *copy = wire_row_new ();

  for (guint i = 0; i < MAX_FIELDS; i++)
    copy->v[i] = g_strdup (row->v[i]);
  return copy;
}

static int
field_index (OrgaWireKind  kind,
             const char   *name)
{
  int i = orga_sync_wire_field_index (kind, name);

  g_assert (i >= 0);
  return i;
}

static const char *
wire_row_get (const WireRow *row,
              OrgaWireKind   kind,
              const char    *name)
{
  return row->v[field_index (kind, name)];
}

static void
wire_row_set (WireRow      *row,
              OrgaWireKind  kind,
              const char   *name,
              const char   *value)
{
  int i = field_index (kind, name);

  if (row->v[i] == value)
    return;
  g_free (row->v[i]);
  row->v[i] = g_strdup (value);
}

static void
wire_row_set_int (WireRow      *row,
                  OrgaWireKind  kind,
                  const char   *name,
                  gint64        value)
{
  g_autofree char *text = g_strdup_printf ("%" G_GINT64_FORMAT, value);

  wire_row_set (row, kind, name, text);
}

static guint
n_fields_of (OrgaWireKind kind)
{
  guint n;

  orga_sync_wire_fields (kind, &n);
  g_assert (n <= MAX_FIELDS);
  return n;
}

/* "uuid, created_at, …, seq": every column of @kind, in wire order. */
static const char *
columns_of (OrgaWireKind kind)
{
  static char *columns[ORGA_WIRE_N_KINDS];
  static gsize initialized;

  if (g_once_init_enter (&initialized))
    {
      for (guint k = 0; k < ORGA_WIRE_N_KINDS; k++)
        {
          guint n;
          const OrgaWireField *fields = orga_sync_wire_fields (k, &n);
          GString *text = g_string_new (NULL);

          for (guint i = 0; i < n; i++)
            g_string_append_printf (text, "%s%s", i ? ", " : "", fields[i].name);
          columns[k] = g_string_free (text, FALSE);
        }
      g_once_init_leave (&initialized, 1);
    }
  return columns[kind];
}

static WireRow *
wire_row_from_db (OrgaServerRows *rows,
                  guint           row,
                  OrgaWireKind    kind)
{
  WireRow *wire = wire_row_new ();
  guint n = n_fields_of (kind);

  for (guint i = 0; i < n; i++)
    wire->v[i] = g_strdup (orga_server_rows_get (rows, row, i));
  return wire;
}

/* The shortest text that reads back as @value. */
static char *
format_real (double value)
{
  char buffer[G_ASCII_DTOSTR_BUF_SIZE];

  for (int digits = 15; digits <= 17; digits++)
    {
      char format[8];

      g_snprintf (format, sizeof format, "%%.%dg", digits);
      g_ascii_formatd (buffer, sizeof buffer, format, value);
      if (g_ascii_strtod (buffer, NULL) == value)
        break;
    }
  return g_strdup (buffer);
}

/* A JSON value of @field as the column's text; FALSE for a value of the
 * wrong type. Null and absent give NULL (the caller checks what may not
 * be null once the server has filled in its own fields). */
static gboolean
wire_value_from_json (const OrgaWireField  *field,
                      JsonNode             *node,
                      char                **out)
{
  GType type;

  *out = NULL;
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;
  if (!JSON_NODE_HOLDS_VALUE (node))
    return FALSE;

  type = json_node_get_value_type (node);
  switch (field->type)
    {
    case ORGA_WIRE_TEXT:
    case ORGA_WIRE_BASE64:
      if (type != G_TYPE_STRING || !g_utf8_validate (json_node_get_string (node), -1, NULL))
        return FALSE;
      *out = g_strdup (json_node_get_string (node));
      return TRUE;

    case ORGA_WIRE_INT:
      if (type != G_TYPE_INT64)
        return FALSE;
      *out = g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (node));
      return TRUE;

    case ORGA_WIRE_REAL:
      {
        double value;

        if (type == G_TYPE_INT64)
          value = (double) json_node_get_int (node);
        else if (type == G_TYPE_DOUBLE)
          value = json_node_get_double (node);
        else
          return FALSE;
        if (!isfinite (value))
          return FALSE;
        *out = format_real (value);
        return TRUE;
      }

    case ORGA_WIRE_BOOL:
      if (type != G_TYPE_BOOLEAN)
        return FALSE;
      *out = g_strdup (json_node_get_boolean (node) ? "1" : "0");
      return TRUE;

    default:
      g_assert_not_reached ();
    }
}

/* Every field of @kind but seq, read from @object; NULL when @object is
 * not an object or a field has the wrong type. */
static WireRow *
wire_row_from_json (OrgaWireKind  kind,
                    JsonNode     *node)
{
  g_autoptr(WireRow) row = wire_row_new ();
  guint n;
  const OrgaWireField *fields = orga_sync_wire_fields (kind, &n);
  JsonObject *object;

  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    return NULL;
  object = json_node_get_object (node);

  for (guint i = 0; i + 1 < n; i++)
    if (!wire_value_from_json (&fields[i], json_object_get_member (object, fields[i].name), &row->v[i]))
      return NULL;
  return g_steal_pointer (&row);
}

/* Whether every field of @row that may not be null has a value (seq
 * aside). */
static gboolean
wire_row_is_complete (const WireRow *row,
                      OrgaWireKind   kind)
{
  guint n;
  const OrgaWireField *fields = orga_sync_wire_fields (kind, &n);

  for (guint i = 0; i + 1 < n; i++)
    if (!fields[i].nullable && row->v[i] == NULL)
      return FALSE;
  return TRUE;
}

static void
add_wire_value (JsonBuilder         *builder,
                const OrgaWireField *field,
                const char          *text)
{
  json_builder_set_member_name (builder, field->name);
  if (text == NULL)
    {
      json_builder_add_null_value (builder);
      return;
    }

  switch (field->type)
    {
    case ORGA_WIRE_TEXT:
    case ORGA_WIRE_BASE64:
      json_builder_add_string_value (builder, text);
      break;
    case ORGA_WIRE_INT:
      json_builder_add_int_value (builder, g_ascii_strtoll (text, NULL, 10));
      break;
    case ORGA_WIRE_REAL:
      json_builder_add_double_value (builder, g_ascii_strtod (text, NULL));
      break;
    case ORGA_WIRE_BOOL:
      /* 0/1 in either database; "t" should a column ever be boolean. */
      json_builder_add_boolean_value (builder, text[0] == '1' || text[0] == 't');
      break;
    default:
      g_assert_not_reached ();
    }
}

static void
build_wire_row (JsonBuilder   *builder,
                OrgaWireKind   kind,
                const WireRow *row,
                gboolean       with_seq)
{
  guint n;
  const OrgaWireField *fields = orga_sync_wire_fields (kind, &n);

  json_builder_begin_object (builder);
  for (guint i = 0; i < n; i++)
    if (with_seq || i + 1 < n)
      add_wire_value (builder, &fields[i], row->v[i]);
  json_builder_end_object (builder);
}

static char *
wire_row_to_text (OrgaWireKind   kind,
                  const WireRow *row)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) node = NULL;

  build_wire_row (builder, kind, row, FALSE);
  node = json_builder_get_root (builder);
  return orga_json_to_data (node, FALSE);
}

/* Statements over many rows */

/* Runs "@prefix ($1, $k…), ($1, …) @suffix" over @values (@n_cols texts
 * a row, row after row; $1 is @shared in every row), as few statements
 * as the batch sizes allow. */
static gboolean
exec_batched (OrgaServerDb        *db,
              const char          *prefix,
              const char          *suffix,
              const char          *shared,
              guint                n_cols,
              const char * const  *values,
              guint                n_rows,
              GError             **error)
{
  guint done = 0;

  while (done < n_rows)
    {
      g_autoptr(GString) sql = g_string_new (prefix);
      g_autoptr(GPtrArray) params = g_ptr_array_new ();
      guint size = 1;
      guint p = 2;

      for (guint i = 0; i < G_N_ELEMENTS (batch_sizes); i++)
        if (batch_sizes[i] <= n_rows - done
            && (orga_server_db_is_postgres (db) || batch_sizes[i] <= SQLITE_MAX_BATCH))
          {
            size = batch_sizes[i];
            break;
          }

      g_ptr_array_add (params, (gpointer) shared);
      for (guint r = 0; r < size; r++)
        {
          g_string_append (sql, r ? ", ($1" : " ($1");
          for (guint c = 0; c < n_cols; c++)
            {
              g_string_append_printf (sql, ", $%u", p++);
              g_ptr_array_add (params, (gpointer) values[(gsize) (done + r) * n_cols + c]);
            }
          g_string_append_c (sql, ')');
        }
      g_string_append (sql, suffix);

      if (!orga_server_db_exec (db, sql->str, (const char * const *) params->pdata, params->len,
                                NULL, error))
        return FALSE;
      done += size;
    }
  return TRUE;
}

/* Writes @rows (WireRow, seq set) into the table of @kind: new rows
 * inserted, rows of a known uuid replaced. */
static gboolean
upsert_rows (OrgaServerDb  *db,
             OrgaWireKind   kind,
             const char    *org_id,
             GPtrArray     *rows,
             GError       **error)
{
  guint n;
  const OrgaWireField *fields = orga_sync_wire_fields (kind, &n);
  g_autofree char *prefix = g_strdup_printf ("INSERT INTO %s (organization_id, %s) VALUES",
                                             tables[kind], columns_of (kind));
  g_autoptr(GString) suffix = g_string_new (" ON CONFLICT (organization_id, uuid) DO UPDATE SET ");
  g_autofree const char **values = NULL;

  if (rows->len == 0)
    return TRUE;

  for (guint i = 1; i < n; i++)
    g_string_append_printf (suffix, "%s%s = excluded.%s", i > 1 ? ", " : "", fields[i].name, fields[i].name);

  values = g_new (const char *, (gsize) rows->len * n);
  for (guint r = 0; r < rows->len; r++)
    {
      WireRow *row = g_ptr_array_index (rows, r);

      for (guint i = 0; i < n; i++)
        values[(gsize) r * n + i] = row->v[i];
    }

  return exec_batched (db, prefix, suffix->str, org_id, n, values, rows->len, error);
}

/* Every row of @kind of the space (the whole table, for a school: a few
 * thousand students at most), by uuid. */
static GHashTable *
load_rows (OrgaServerDb  *db,
           OrgaWireKind   kind,
           const char    *org_id,
           GError       **error)
{
  g_autofree char *sql = g_strdup_printf ("SELECT %s FROM %s WHERE organization_id = $1",
                                          columns_of (kind), tables[kind]);
  g_autoptr(OrgaServerRows) rows = orga_server_db_queryv (db, error, sql, org_id, ORGA_SERVER_DB_END);
  GHashTable *by_uuid;

  if (rows == NULL)
    return NULL;

  by_uuid = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, (GDestroyNotify) wire_row_free);
  for (guint r = 0; r < orga_server_rows_get_n_rows (rows); r++)
    {
      WireRow *row = wire_row_from_db (rows, r, kind);

      g_hash_table_replace (by_uuid, row->v[0], row);
    }
  return by_uuid;
}

static WireRow *
load_row (OrgaServerDb  *db,
          OrgaWireKind   kind,
          const char    *org_id,
          const char    *uuid,
          GError       **error)
{
  g_autofree char *sql = g_strdup_printf ("SELECT %s FROM %s WHERE organization_id = $1 AND uuid = $2",
                                          columns_of (kind), tables[kind]);
  g_autoptr(OrgaServerRows) rows = orga_server_db_queryv (db, error, sql, org_id, uuid, ORGA_SERVER_DB_END);

  if (rows == NULL || orga_server_rows_get_n_rows (rows) == 0)
    return NULL;
  return wire_row_from_db (rows, 0, kind);
}

/* Changes */

typedef enum
{
  APPLY_APPLIED,
  APPLY_REFUSED,
  APPLY_MALFORMED,
  APPLY_FAILED,      /* the database: see the error */
} ApplyResult;

typedef struct
{
  OrgaServerDb *db;
  const char *org_id;
  const char *user_id;
  gboolean admin;
  const char *user_name;
  const char *device;

  /* The change */
  const char *id;
  const char *kind;
  const char *at;
  gint64 base;
  JsonNode *data;

  /* While applying: the counter when the change began, the seqs taken
   * since. */
  gint64 seq0;
  gint64 n_seqs;

  /* A refusal */
  const char *code;
  char *message;
  JsonNode *current;
} Change;

static void
change_clear (Change *c)
{
  g_clear_pointer (&c->message, g_free);
  g_clear_pointer (&c->current, json_node_unref);
  c->code = NULL;
  c->n_seqs = 0;
}

static char *
take_seq (Change *c)
{
  return g_strdup_printf ("%" G_GINT64_FORMAT, c->seq0 + ++c->n_seqs);
}

/* {"<kind>": [row]} or {"<kind>": []}: the server's rows of what a
 * refused change touched. */
static JsonNode *
current_node (OrgaWireKind   kind,
              const WireRow *row)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, orga_sync_wire_kind_name (kind));
  json_builder_begin_array (builder);
  if (row != NULL)
    build_wire_row (builder, kind, row, TRUE);
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

static ApplyResult
refuse (Change     *c,
        const char *code,
        char       *message,
        JsonNode   *current)
{
  c->code = code;
  c->message = message;
  c->current = current;
  return APPLY_REFUSED;
}

static JsonObject *
data_object (Change *c)
{
  return c->data != NULL && JSON_NODE_HOLDS_OBJECT (c->data) ? json_node_get_object (c->data) : NULL;
}

/* A string member of @object, or NULL. */
static const char *
string_member (JsonObject *object,
               const char *name)
{
  JsonNode *node = object ? json_object_get_member (object, name) : NULL;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  if (!g_utf8_validate (json_node_get_string (node), -1, NULL) || json_node_get_string (node)[0] == '\0')
    return NULL;
  return json_node_get_string (node);
}

/* The fields a file sets on a student: every learner field but the
 * server's own (identity, state, history). */
static gboolean
is_imported_field (const char *name)
{
  static const char * const own[] = {
    "uuid", "disabled_at", "created_at", "updated_at", "import", "removed", "seq",
  };

  for (guint i = 0; i < G_N_ELEMENTS (own); i++)
    if (g_str_equal (own[i], name))
      return FALSE;
  return TRUE;
}

static gboolean
imported_fields_equal (const WireRow *a,
                       const WireRow *b)
{
  guint n;
  const OrgaWireField *fields = orga_sync_wire_fields (ORGA_WIRE_LEARNERS, &n);

  for (guint i = 0; i < n; i++)
    if (is_imported_field (fields[i].name) && g_strcmp0 (a->v[i], b->v[i]) != 0)
      return FALSE;
  return TRUE;
}

static void
copy_imported_fields (WireRow       *to,
                      const WireRow *from)
{
  guint n;
  const OrgaWireField *fields = orga_sync_wire_fields (ORGA_WIRE_LEARNERS, &n);

  for (guint i = 0; i < n; i++)
    if (is_imported_field (fields[i].name))
      {
        g_free (to->v[i]);
        to->v[i] = g_strdup (from->v[i]);
      }
}

static gboolean
is_true (const char *text)
{
  return text != NULL && (text[0] == '1' || text[0] == 't');
}

static int
compare_by_ine (gconstpointer a,
                gconstpointer b)
{
  const WireRow *ra = *(const WireRow * const *) a;
  const WireRow *rb = *(const WireRow * const *) b;
  int ine = field_index (ORGA_WIRE_LEARNERS, "ine");

  return strcmp (ra->v[ine], rb->v[ine]);
}

/* The import row of @c's data with the server's own fields: who, from
 * which device, the status; NULL when it cannot be read. */
static WireRow *
read_import_row (Change     *c,
                 const char *status)
{
  JsonObject *data = data_object (c);
  g_autoptr(WireRow) row = NULL;
  const OrgaWireKind K = ORGA_WIRE_IMPORTS;
  static const char * const counts[] = { "created", "updated", "unchanged", "disabled", "ignored" };

  if (data == NULL || (row = wire_row_from_json (K, json_object_get_member (data, "import"))) == NULL)
    return NULL;
  if (wire_row_get (row, K, "uuid") == NULL || strlen (wire_row_get (row, K, "uuid")) > MAX_ID_LENGTH)
    return NULL;

  wire_row_set (row, K, "created_by", c->user_name);
  wire_row_set (row, K, "device", c->device);
  wire_row_set (row, K, "status", status);
  wire_row_set (row, K, "overrode", NULL);
  if (wire_row_get (row, K, "created_at") == NULL)
    wire_row_set (row, K, "created_at", c->at);
  if (wire_row_get (row, K, "errors") == NULL)
    wire_row_set (row, K, "errors", "[]");
  for (guint i = 0; i < G_N_ELEMENTS (counts); i++)
    if (wire_row_get (row, K, counts[i]) == NULL)
      wire_row_set (row, K, counts[i], "0");
  return g_steal_pointer (&row);
}

static ApplyResult
import_exists (Change      *c,
               const char  *uuid,
               gboolean    *exists,
               GError     **error)
{
  g_autoptr(OrgaServerRows) rows = orga_server_db_queryv (c->db, error,
                                                          "SELECT 1 FROM sync_imports WHERE organization_id = $1 AND uuid = $2",
                                                          c->org_id, uuid, ORGA_SERVER_DB_END);

  if (rows == NULL)
    return APPLY_FAILED;
  *exists = orga_server_rows_get_n_rows (rows) > 0;
  return APPLY_APPLIED;
}

static ApplyResult
apply_import (Change  *c,
              GError **error)
{
  const OrgaWireKind K = ORGA_WIRE_LEARNERS;
  JsonObject *data = data_object (c);
  JsonNode *learners_node = data ? json_object_get_member (data, "learners") : NULL;
  g_autoptr(WireRow) import = NULL;
  g_autoptr(GPtrArray) file = g_ptr_array_new_with_free_func ((GDestroyNotify) wire_row_free);
  g_autoptr(GHashTable) known = NULL;
  g_autoptr(GHashTable) by_ine = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) file_ines = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) file_uuids = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GPtrArray) written = g_ptr_array_new_with_free_func ((GDestroyNotify) wire_row_free);
  g_autoptr(GPtrArray) before = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(OrgaServerRows) latest = NULL;
  g_autofree char *import_seq = NULL;
  g_autofree const char **before_values = NULL;
  gint64 created = 0, updated = 0, unchanged = 0, disabled = 0;
  const char *import_uuid;
  gboolean exists;
  GHashTableIter iter;
  gpointer value;

  import = read_import_row (c, "imported");
  if (import == NULL || learners_node == NULL || !JSON_NODE_HOLDS_ARRAY (learners_node))
    return APPLY_MALFORMED;
  import_uuid = wire_row_get (import, ORGA_WIRE_IMPORTS, "uuid");

  /* The file's students: each readable, none twice. */
  for (guint i = 0; i < json_array_get_length (json_node_get_array (learners_node)); i++)
    {
      WireRow *row = wire_row_from_json (K, json_array_get_element (json_node_get_array (learners_node), i));
      const char *ine;
      const char *uuid;

      if (row == NULL)
        return APPLY_MALFORMED;
      g_ptr_array_add (file, row);
      ine = wire_row_get (row, K, "ine");
      uuid = wire_row_get (row, K, "uuid");
      if (uuid == NULL || ine == NULL || wire_row_get (row, K, "last_name") == NULL
          || wire_row_get (row, K, "first_name") == NULL || strlen (uuid) > MAX_ID_LENGTH
          || !g_hash_table_add (file_ines, (gpointer) ine) || !g_hash_table_add (file_uuids, (gpointer) uuid))
        return APPLY_MALFORMED;
    }

  if (!c->admin)
    return refuse (c, "FORBIDDEN", g_strdup (MSG_IMPORT_FORBIDDEN), current_node (ORGA_WIRE_IMPORTS, NULL));

  if (import_exists (c, import_uuid, &exists, error) == APPLY_FAILED)
    return APPLY_FAILED;
  if (exists)
    return APPLY_MALFORMED;

  /* "Two imports": the latest applied one, made elsewhere after what this
   * desktop had seen, is overridden. */
  latest = orga_server_db_queryv (c->db, error,
                                  "SELECT uuid, seq, device FROM sync_imports"
                                  " WHERE organization_id = $1 AND status = 'imported'"
                                  " ORDER BY seq DESC LIMIT 1",
                                  c->org_id, ORGA_SERVER_DB_END);
  if (latest == NULL)
    return APPLY_FAILED;
  if (orga_server_rows_get_n_rows (latest) > 0
      && c->base < orga_server_rows_get_int (latest, 0, 1)
      && g_strcmp0 (orga_server_rows_get (latest, 0, 2), c->device) != 0)
    wire_row_set (import, ORGA_WIRE_IMPORTS, "overrode", orga_server_rows_get (latest, 0, 0));

  known = load_rows (c->db, K, c->org_id, error);
  if (known == NULL)
    return APPLY_FAILED;
  g_hash_table_iter_init (&iter, known);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    g_hash_table_insert (by_ine, (gpointer) wire_row_get (value, K, "ine"), value);

  /* The record first, so that the students it writes come after it. */
  import_seq = take_seq (c);
  wire_row_set (import, ORGA_WIRE_IMPORTS, "seq", import_seq);

  /* In INE order, as the desktop applies it. */
  g_ptr_array_sort (file, compare_by_ine);
  for (guint i = 0; i < file->len; i++)
    {
      WireRow *f = g_ptr_array_index (file, i);
      WireRow *old = g_hash_table_lookup (by_ine, wire_row_get (f, K, "ine"));
      WireRow *row;
      g_autofree char *seq = NULL;

      if (old != NULL && !is_true (wire_row_get (old, K, "removed"))
          && wire_row_get (old, K, "disabled_at") == NULL && imported_fields_equal (old, f))
        {
          unchanged++;
          continue;
        }

      if (old == NULL || is_true (wire_row_get (old, K, "removed")))
        {
          /* Unknown (or a tombstone: the desktops have forgotten it):
           * created. A tombstone keeps its uuid, so the row is one; a new
           * student keeps the desktop's, unless the space has it. */
          created++;
          row = old != NULL ? wire_row_copy (old) : wire_row_copy (f);
          if (old == NULL && g_hash_table_contains (known, wire_row_get (f, K, "uuid")))
            {
              g_autofree char *uuid = g_uuid_string_random ();
              wire_row_set (row, K, "uuid", uuid);
            }
          copy_imported_fields (row, f);
          wire_row_set (row, K, "created_at", c->at);
          g_ptr_array_add (before, g_strdup (wire_row_get (row, K, "uuid")));
          g_ptr_array_add (before, NULL);
        }
      else
        {
          updated++;
          row = wire_row_copy (old);
          copy_imported_fields (row, f);
          g_ptr_array_add (before, g_strdup (wire_row_get (old, K, "uuid")));
          g_ptr_array_add (before, wire_row_to_text (K, old));
        }

      wire_row_set (row, K, "disabled_at", NULL);
      wire_row_set (row, K, "updated_at", c->at);
      wire_row_set (row, K, "import", import_uuid);
      wire_row_set (row, K, "removed", "0");
      seq = take_seq (c);
      wire_row_set (row, K, "seq", seq);
      g_ptr_array_add (written, row);
    }

  /* Active students absent from the file have left: disabled, never
   * deleted. In INE order too, for the same seqs on every run. */
  {
    g_autoptr(GPtrArray) leaving = g_ptr_array_new ();

    g_hash_table_iter_init (&iter, known);
    while (g_hash_table_iter_next (&iter, NULL, &value))
      if (!is_true (wire_row_get (value, K, "removed")) && wire_row_get (value, K, "disabled_at") == NULL
          && !g_hash_table_contains (file_ines, wire_row_get (value, K, "ine")))
        g_ptr_array_add (leaving, value);
    g_ptr_array_sort (leaving, compare_by_ine);

    for (guint i = 0; i < leaving->len; i++)
      {
        WireRow *old = g_ptr_array_index (leaving, i);
        WireRow *row = wire_row_copy (old);
        g_autofree char *seq = take_seq (c);

        disabled++;
        g_ptr_array_add (before, g_strdup (wire_row_get (old, K, "uuid")));
        g_ptr_array_add (before, wire_row_to_text (K, old));
        wire_row_set (row, K, "disabled_at", c->at);
        wire_row_set (row, K, "updated_at", c->at);
        wire_row_set (row, K, "seq", seq);
        g_ptr_array_add (written, row);
      }
  }

  wire_row_set_int (import, ORGA_WIRE_IMPORTS, "created", created);
  wire_row_set_int (import, ORGA_WIRE_IMPORTS, "updated", updated);
  wire_row_set_int (import, ORGA_WIRE_IMPORTS, "unchanged", unchanged);
  wire_row_set_int (import, ORGA_WIRE_IMPORTS, "disabled", disabled);
  if (!wire_row_is_complete (import, ORGA_WIRE_IMPORTS))
    return APPLY_MALFORMED;

  {
    g_autoptr(GPtrArray) imports = g_ptr_array_new ();

    g_ptr_array_add (imports, import);
    if (!upsert_rows (c->db, ORGA_WIRE_IMPORTS, c->org_id, imports, error))
      return APPLY_FAILED;
  }

  /* Only the latest import can be undone: the others' states go. */
  if (!orga_server_db_execv (c->db, NULL, error,
                             "DELETE FROM sync_learners_before_import WHERE organization_id = $1",
                             c->org_id, ORGA_SERVER_DB_END))
    return APPLY_FAILED;
  before_values = g_new (const char *, before->len / 2 * 3 + 1);
  for (guint i = 0; i < before->len / 2; i++)
    {
      before_values[i * 3] = import_uuid;
      before_values[i * 3 + 1] = g_ptr_array_index (before, i * 2);
      before_values[i * 3 + 2] = g_ptr_array_index (before, i * 2 + 1);
    }
  if (!exec_batched (c->db, "INSERT INTO sync_learners_before_import (organization_id, import, learner, previous) VALUES",
                     "", c->org_id, 3, before_values, before->len / 2, error)
      || !upsert_rows (c->db, K, c->org_id, written, error))
    return APPLY_FAILED;

  return APPLY_APPLIED;
}

static ApplyResult
apply_reject (Change  *c,
              GError **error)
{
  g_autoptr(WireRow) import = read_import_row (c, "rejected");
  g_autoptr(GPtrArray) imports = g_ptr_array_new ();
  g_autofree char *seq = NULL;
  gboolean exists;

  if (import == NULL || !wire_row_is_complete (import, ORGA_WIRE_IMPORTS))
    return APPLY_MALFORMED;
  if (!c->admin)
    return refuse (c, "FORBIDDEN", g_strdup (MSG_IMPORT_FORBIDDEN), current_node (ORGA_WIRE_IMPORTS, NULL));
  if (import_exists (c, wire_row_get (import, ORGA_WIRE_IMPORTS, "uuid"), &exists, error) == APPLY_FAILED)
    return APPLY_FAILED;
  if (exists)
    return APPLY_MALFORMED;

  seq = take_seq (c);
  wire_row_set (import, ORGA_WIRE_IMPORTS, "seq", seq);
  g_ptr_array_add (imports, import);
  return upsert_rows (c->db, ORGA_WIRE_IMPORTS, c->org_id, imports, error) ? APPLY_APPLIED : APPLY_FAILED;
}

static char *
format_paris (const char *iso)
{
  g_autoptr(GTimeZone) paris = g_time_zone_new_identifier ("Europe/Paris");
  char *text = orga_format_iso_date_time (iso, paris);

  return text != NULL ? text : g_strdup (iso);
}

static ApplyResult
apply_undo (Change  *c,
            GError **error)
{
  const OrgaWireKind K = ORGA_WIRE_LEARNERS;
  JsonObject *data = data_object (c);
  const char *uuid = string_member (data, "import");
  g_autoptr(WireRow) import = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autoptr(OrgaServerRows) later = NULL;
  g_autoptr(OrgaServerRows) saved = NULL;
  g_autoptr(GHashTable) known = NULL;
  g_autoptr(GPtrArray) written = g_ptr_array_new_with_free_func ((GDestroyNotify) wire_row_free);
  g_autoptr(GPtrArray) imports = g_ptr_array_new ();
  g_autofree char *import_seq = NULL;
  const char *status;

  if (uuid == NULL)
    return APPLY_MALFORMED;
  if (!c->admin)
    return refuse (c, "FORBIDDEN", g_strdup (MSG_IMPORT_FORBIDDEN), current_node (ORGA_WIRE_IMPORTS, NULL));

  import = load_row (c->db, ORGA_WIRE_IMPORTS, c->org_id, uuid, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return APPLY_FAILED;
    }
  status = import ? wire_row_get (import, ORGA_WIRE_IMPORTS, "status") : NULL;
  if (import == NULL || g_strcmp0 (status, "rejected") == 0)
    return refuse (c, "IMPORT_NOT_FOUND", g_strdup (MSG_IMPORT_NOT_FOUND),
                   current_node (ORGA_WIRE_IMPORTS, import));
  /* Undone already (by another desktop): what was asked is done. */
  if (g_strcmp0 (status, "undone") == 0)
    return APPLY_APPLIED;

  later = orga_server_db_queryv (c->db, error,
                                 "SELECT created_at, created_by FROM sync_imports"
                                 " WHERE organization_id = $1 AND status <> 'rejected' AND seq > $2"
                                 " ORDER BY seq DESC LIMIT 1",
                                 c->org_id, wire_row_get (import, ORGA_WIRE_IMPORTS, "seq"),
                                 ORGA_SERVER_DB_END);
  if (later == NULL)
    return APPLY_FAILED;
  if (orga_server_rows_get_n_rows (later) > 0)
    {
      g_autofree char *date = format_paris (orga_server_rows_get (later, 0, 0));

      return refuse (c, "IMPORT_NOT_LAST",
                     g_strdup_printf ("Un import plus récent a été fait sur un autre poste le %s par %s : "
                                      "cet import ne peut plus être annulé.",
                                      date, orga_server_rows_get (later, 0, 1)),
                     current_node (ORGA_WIRE_IMPORTS, import));
    }

  saved = orga_server_db_queryv (c->db, error,
                                 "SELECT learner, previous FROM sync_learners_before_import"
                                 " WHERE organization_id = $1 AND import = $2 ORDER BY learner",
                                 c->org_id, uuid, ORGA_SERVER_DB_END);
  known = saved ? load_rows (c->db, K, c->org_id, error) : NULL;
  if (known == NULL)
    return APPLY_FAILED;

  import_seq = take_seq (c);
  wire_row_set (import, ORGA_WIRE_IMPORTS, "status", "undone");
  wire_row_set (import, ORGA_WIRE_IMPORTS, "seq", import_seq);

  for (guint i = 0; i < orga_server_rows_get_n_rows (saved); i++)
    {
      const char *previous = orga_server_rows_get (saved, i, 1);
      WireRow *now = g_hash_table_lookup (known, orga_server_rows_get (saved, i, 0));
      WireRow *row;
      g_autofree char *seq = NULL;

      if (now == NULL)
        continue;
      if (previous == NULL)
        {
          /* It created the student: a tombstone, so that a pull tells the
           * desktops to delete theirs. */
          row = wire_row_copy (now);
          wire_row_set (row, K, "removed", "1");
          wire_row_set (row, K, "updated_at", c->at);
        }
      else
        {
          g_autoptr(JsonNode) node = orga_json_parse (previous, -1, NULL);

          row = wire_row_from_json (K, node);
          if (row == NULL)
            {
              g_set_error (error, ORGA_SERVER_DB_ERROR, ORGA_SERVER_DB_ERROR_FAILED,
                           "unreadable state before an import");
              return APPLY_FAILED;
            }
        }
      seq = take_seq (c);
      wire_row_set (row, K, "seq", seq);
      g_ptr_array_add (written, row);
    }

  g_ptr_array_add (imports, import);
  if (!upsert_rows (c->db, ORGA_WIRE_IMPORTS, c->org_id, imports, error)
      || !upsert_rows (c->db, K, c->org_id, written, error)
      || !orga_server_db_execv (c->db, NULL, error,
                                "DELETE FROM sync_learners_before_import WHERE organization_id = $1 AND import = $2",
                                c->org_id, uuid, ORGA_SERVER_DB_END))
    return APPLY_FAILED;
  return APPLY_APPLIED;
}

static ApplyResult
apply_campaign_create (Change  *c,
                       GError **error)
{
  const OrgaWireKind K = ORGA_WIRE_CAMPAIGNS;
  JsonObject *data = data_object (c);
  g_autoptr(WireRow) row = NULL;
  g_autoptr(OrgaServerRows) taken = NULL;
  g_autoptr(GPtrArray) rows = g_ptr_array_new ();
  g_autofree char *seq = NULL;
  const char *uuid;

  if (data == NULL || (row = wire_row_from_json (K, json_object_get_member (data, "campaign"))) == NULL)
    return APPLY_MALFORMED;
  uuid = wire_row_get (row, K, "uuid");
  if (uuid == NULL || strlen (uuid) > MAX_ID_LENGTH)
    return APPLY_MALFORMED;

  /* What the server says rather than the desktop: who owns it when the
   * desktop did not say, who archived it, and never deleted at birth. */
  if (wire_row_get (row, K, "owner_id") == NULL)
    wire_row_set (row, K, "owner_id", c->user_id);
  if (wire_row_get (row, K, "owner") == NULL)
    wire_row_set (row, K, "owner", c->user_name);
  if (wire_row_get (row, K, "creator") == NULL)
    wire_row_set (row, K, "creator", c->user_name);
  if (wire_row_get (row, K, "multiple_sendings") == NULL)
    wire_row_set (row, K, "multiple_sendings", "0");
  if (wire_row_get (row, K, "created_at") == NULL)
    wire_row_set (row, K, "created_at", c->at);
  if (wire_row_get (row, K, "updated_at") == NULL)
    wire_row_set (row, K, "updated_at", c->at);
  if (wire_row_get (row, K, "archived_at") != NULL)
    wire_row_set (row, K, "archived_by", c->user_name);
  else
    wire_row_set (row, K, "archived_by", NULL);
  wire_row_set (row, K, "deleted_at", NULL);
  wire_row_set (row, K, "deleted_by", NULL);
  if (!wire_row_is_complete (row, K))
    return APPLY_MALFORMED;

  taken = orga_server_db_queryv (c->db, error,
                                 "SELECT organization_id, uuid FROM sync_campaigns"
                                 " WHERE code = $1 OR (organization_id = $2 AND uuid = $3)",
                                 wire_row_get (row, K, "code"), c->org_id, uuid, ORGA_SERVER_DB_END);
  if (taken == NULL)
    return APPLY_FAILED;
  if (orga_server_rows_get_n_rows (taken) > 0)
    {
      g_autoptr(WireRow) same = NULL;
      g_autoptr(GError) local_error = NULL;

      same = load_row (c->db, K, c->org_id, uuid, &local_error);
      if (local_error != NULL)
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return APPLY_FAILED;
        }
      return refuse (c, "CAMPAIGN_CODE_TAKEN",
                     g_strdup_printf ("Le code %s est déjà pris sur le serveur : la campagne « %s » n'a pas été créée. "
                                      "Créez-la de nouveau pour recevoir un autre code.",
                                      wire_row_get (row, K, "code"), wire_row_get (row, K, "name")),
                     current_node (K, same));
    }

  seq = take_seq (c);
  wire_row_set (row, K, "seq", seq);
  g_ptr_array_add (rows, row);
  return upsert_rows (c->db, K, c->org_id, rows, error) ? APPLY_APPLIED : APPLY_FAILED;
}

/* The campaign an update, an archive or a delete names, with the rights
 * and the delete checked: NULL with the refusal (or the failure) set. */
static WireRow *
campaign_to_manage (Change       *c,
                    gboolean      deleted_is_refused,
                    ApplyResult  *result,
                    GError      **error)
{
  const OrgaWireKind K = ORGA_WIRE_CAMPAIGNS;
  const char *uuid = string_member (data_object (c), "campaign");
  g_autoptr(WireRow) row = NULL;
  g_autoptr(GError) local_error = NULL;

  if (uuid == NULL)
    {
      *result = APPLY_MALFORMED;
      return NULL;
    }

  row = load_row (c->db, K, c->org_id, uuid, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      *result = APPLY_FAILED;
      return NULL;
    }
  if (row == NULL)
    {
      *result = refuse (c, "CAMPAIGN_NOT_FOUND", g_strdup (MSG_CAMPAIGN_NOT_FOUND), current_node (K, NULL));
      return NULL;
    }
  if (!c->admin && g_strcmp0 (wire_row_get (row, K, "owner_id"), c->user_id) != 0)
    {
      *result = refuse (c, "FORBIDDEN", g_strdup (MSG_CAMPAIGN_FORBIDDEN), current_node (K, row));
      return NULL;
    }
  if (deleted_is_refused && wire_row_get (row, K, "deleted_at") != NULL)
    {
      *result = refuse (c, "CAMPAIGN_DELETED",
                        g_strdup_printf ("La campagne « %s » a été supprimée sur un autre poste : "
                                         "votre modification n'a pas été enregistrée.",
                                         wire_row_get (row, K, "name")),
                        current_node (K, row));
      return NULL;
    }

  *result = APPLY_APPLIED;
  return g_steal_pointer (&row);
}

static ApplyResult
write_campaign (Change   *c,
                WireRow  *row,
                GError  **error)
{
  g_autoptr(GPtrArray) rows = g_ptr_array_new ();
  g_autofree char *seq = take_seq (c);

  wire_row_set (row, ORGA_WIRE_CAMPAIGNS, "seq", seq);
  g_ptr_array_add (rows, row);
  return upsert_rows (c->db, ORGA_WIRE_CAMPAIGNS, c->org_id, rows, error) ? APPLY_APPLIED : APPLY_FAILED;
}

static ApplyResult
apply_campaign_update (Change  *c,
                       GError **error)
{
  const OrgaWireKind K = ORGA_WIRE_CAMPAIGNS;
  const OrgaWireField *fields = orga_sync_wire_fields (K, NULL);
  JsonObject *data = data_object (c);
  JsonNode *fields_node = data ? json_object_get_member (data, "fields") : NULL;
  g_autoptr(WireRow) changed = wire_row_new ();
  g_autoptr(WireRow) row = NULL;
  g_autoptr(GList) names = NULL;
  ApplyResult result;

  /* Readable first: a broken change is dropped whoever sends it. */
  if (fields_node == NULL || !JSON_NODE_HOLDS_OBJECT (fields_node))
    return APPLY_MALFORMED;
  names = json_object_get_members (json_node_get_object (fields_node));
  if (names == NULL)
    return APPLY_MALFORMED;
  for (GList *l = names; l != NULL; l = l->next)
    {
      int i = orga_sync_wire_field_index (K, l->data);

      if (!orga_sync_wire_campaign_field_is_editable (l->data) || i < 0
          || !wire_value_from_json (&fields[i], json_object_get_member (json_node_get_object (fields_node), l->data),
                                    &changed->v[i])
          || (changed->v[i] == NULL && !fields[i].nullable))
        return APPLY_MALFORMED;
    }

  row = campaign_to_manage (c, TRUE, &result, error);
  if (row == NULL)
    return result;

  /* Last writer wins, field by field: only the fields sent. */
  for (GList *l = names; l != NULL; l = l->next)
    {
      int i = orga_sync_wire_field_index (K, l->data);

      g_free (row->v[i]);
      row->v[i] = g_strdup (changed->v[i]);
    }
  wire_row_set (row, K, "updated_at", c->at);
  return write_campaign (c, row, error);
}

static ApplyResult
apply_campaign_archive (Change  *c,
                        GError **error)
{
  const OrgaWireKind K = ORGA_WIRE_CAMPAIGNS;
  JsonObject *data = data_object (c);
  JsonNode *archived = data ? json_object_get_member (data, "archived") : NULL;
  g_autoptr(WireRow) row = NULL;
  ApplyResult result;

  if (archived == NULL || !JSON_NODE_HOLDS_VALUE (archived) || json_node_get_value_type (archived) != G_TYPE_BOOLEAN)
    return APPLY_MALFORMED;

  row = campaign_to_manage (c, TRUE, &result, error);
  if (row == NULL)
    return result;

  if (json_node_get_boolean (archived))
    {
      wire_row_set (row, K, "archived_at", c->at);
      wire_row_set (row, K, "archived_by", c->user_name);
    }
  else
    {
      wire_row_set (row, K, "archived_at", NULL);
      wire_row_set (row, K, "archived_by", NULL);
    }
  return write_campaign (c, row, error);
}

static ApplyResult
apply_campaign_delete (Change  *c,
                       GError **error)
{
  const OrgaWireKind K = ORGA_WIRE_CAMPAIGNS;
  g_autoptr(WireRow) row = NULL;
  g_autoptr(OrgaServerRows) count = NULL;
  g_autofree char *first = NULL;
  ApplyResult result;

  row = campaign_to_manage (c, FALSE, &result, error);
  if (row == NULL)
    {
      /* Nothing to delete: what was asked is done. */
      if (result == APPLY_REFUSED && g_strcmp0 (c->code, "CAMPAIGN_NOT_FOUND") == 0)
        {
          change_clear (c);
          return APPLY_APPLIED;
        }
      return result;
    }
  if (wire_row_get (row, K, "deleted_at") != NULL)
    return APPLY_APPLIED;

  wire_row_set (row, K, "deleted_at", c->at);
  wire_row_set (row, K, "deleted_by", c->user_name);
  result = write_campaign (c, row, error);
  if (result != APPLY_APPLIED)
    return result;

  /* Its participations anonymised, each with a seq of its own, in one
   * statement whatever their number. */
  count = orga_server_db_queryv (c->db, error,
                                 "SELECT count(*) FROM sync_participations WHERE organization_id = $1 AND campaign = $2",
                                 c->org_id, wire_row_get (row, K, "uuid"), ORGA_SERVER_DB_END);
  if (count == NULL)
    return APPLY_FAILED;
  first = g_strdup_printf ("%" G_GINT64_FORMAT, c->seq0 + c->n_seqs);
  if (!orga_server_db_execv (c->db, NULL, error,
                             "UPDATE sync_participations SET learner = NULL, external_id = NULL, seq = r.n + $3"
                             " FROM (SELECT uuid, row_number() OVER (ORDER BY seq) AS n FROM sync_participations"
                             "       WHERE organization_id = $1 AND campaign = $2) AS r"
                             " WHERE sync_participations.organization_id = $1 AND sync_participations.uuid = r.uuid",
                             c->org_id, wire_row_get (row, K, "uuid"), first, ORGA_SERVER_DB_END))
    return APPLY_FAILED;
  c->n_seqs += orga_server_rows_get_int (count, 0, 0);
  return APPLY_APPLIED;
}

static ApplyResult
apply_change (Change  *c,
              GError **error)
{
  static const struct
  {
    const char *kind;
    ApplyResult (*apply) (Change *c, GError **error);
  } kinds[] = {
    { ORGA_SYNC_IMPORT_APPLY, apply_import },
    { ORGA_SYNC_IMPORT_REJECT, apply_reject },
    { ORGA_SYNC_IMPORT_UNDO, apply_undo },
    { ORGA_SYNC_CAMPAIGN_CREATE, apply_campaign_create },
    { ORGA_SYNC_CAMPAIGN_UPDATE, apply_campaign_update },
    { ORGA_SYNC_CAMPAIGN_ARCHIVE, apply_campaign_archive },
    { ORGA_SYNC_CAMPAIGN_DELETE, apply_campaign_delete },
  };

  for (guint i = 0; i < G_N_ELEMENTS (kinds); i++)
    if (g_strcmp0 (kinds[i].kind, c->kind) == 0)
      return kinds[i].apply (c, error);
  return APPLY_MALFORMED;
}

/* The push */

static JsonNode *
result_node (const char  *id,
             const char  *status,
             gint64       seq,
             const char  *code,
             const char  *message,
             JsonNode    *current)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  orga_server_add_string (builder, "id", id);
  orga_server_add_string (builder, "status", status);
  if (code == NULL)
    {
      json_builder_set_member_name (builder, "seq");
      json_builder_add_int_value (builder, seq);
    }
  else
    {
      json_builder_set_member_name (builder, "error");
      json_builder_begin_object (builder);
      orga_server_add_string (builder, "code", code);
      orga_server_add_string (builder, "message", message);
      json_builder_end_object (builder);
      json_builder_set_member_name (builder, "current");
      if (current != NULL)
        json_builder_add_value (builder, json_node_copy (current));
      else
        {
          json_builder_begin_object (builder);
          json_builder_end_object (builder);
        }
    }
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

static JsonNode *
malformed_result (const char *id)
{
  return result_node (id, "refused", 0, "MALFORMED_CHANGE", MSG_MALFORMED_CHANGE, NULL);
}

/* Takes the space's counter row for the transaction: *@seq gets it. */
static gboolean
lock_space (OrgaServerDb  *db,
            const char    *org_id,
            gint64        *seq,
            GError       **error)
{
  g_autoptr(OrgaServerRows) rows = orga_server_db_queryv (db, error,
                                                          "UPDATE organizations SET sync_seq = sync_seq WHERE id = $1"
                                                          " RETURNING sync_seq",
                                                          org_id, ORGA_SERVER_DB_END);

  if (rows == NULL)
    return FALSE;
  if (orga_server_rows_get_n_rows (rows) != 1)
    {
      g_set_error (error, ORGA_SERVER_DB_ERROR, ORGA_SERVER_DB_ERROR_FAILED, "no such space");
      return FALSE;
    }
  *seq = orga_server_rows_get_int (rows, 0, 0);
  return TRUE;
}

/* Raises the counter by the @n seqs the transaction has given out. */
static gboolean
allocate_seqs (OrgaServerDb  *db,
               const char    *org_id,
               gint64         seq0,
               gint64         n,
               GError       **error)
{
  g_autofree char *n_text = g_strdup_printf ("%" G_GINT64_FORMAT, n);
  g_autoptr(OrgaServerRows) rows = NULL;

  if (n == 0)
    return TRUE;
  rows = orga_server_db_queryv (db, error,
                                "UPDATE organizations SET sync_seq = sync_seq + $2 WHERE id = $1 RETURNING sync_seq",
                                org_id, n_text, ORGA_SERVER_DB_END);
  if (rows == NULL)
    return FALSE;
  /* The row was ours since the lock: nobody else can have moved it. */
  g_assert (orga_server_rows_get_int (rows, 0, 0) == seq0 + n);
  return TRUE;
}

static gboolean
is_retryable (const GError *error)
{
  return g_error_matches (error, ORGA_SERVER_DB_ERROR, ORGA_SERVER_DB_ERROR_CONSTRAINT)
         || g_error_matches (error, ORGA_SERVER_DB_ERROR, ORGA_SERVER_DB_ERROR_BUSY);
}

/* One change, in its own transaction: the result to answer, or NULL with
 * @error when the database failed. */
static JsonNode *
push_one (Change    *c,
          JsonNode  *node,
          GError   **error)
{
  JsonObject *object = node && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
  JsonNode *base = object ? json_object_get_member (object, "base") : NULL;

  c->id = string_member (object, "id");
  c->kind = string_member (object, "kind");
  c->at = string_member (object, "at");
  c->data = object ? json_object_get_member (object, "data") : NULL;
  c->base = 0;

  if (c->id == NULL || strlen (c->id) > MAX_ID_LENGTH)
    return malformed_result (NULL);

  for (guint attempt = 1; ; attempt++)
    {
      g_autoptr(GError) local_error = NULL;
      g_autoptr(OrgaServerRows) stored = NULL;
      g_autoptr(JsonNode) result = NULL;
      g_autofree char *text = NULL;
      g_autofree char *seq_text = NULL;
      ApplyResult applied = APPLY_FAILED;

      change_clear (c);
      if (!orga_server_db_begin (c->db, &local_error)
          || !lock_space (c->db, c->org_id, &c->seq0, &local_error))
        goto failed;

      stored = orga_server_db_queryv (c->db, &local_error,
                                      "SELECT result FROM sync_changes WHERE organization_id = $1 AND id = $2",
                                      c->org_id, c->id, ORGA_SERVER_DB_END);
      if (stored == NULL)
        goto failed;
      if (orga_server_rows_get_n_rows (stored) > 0)
        {
          /* Known: answered as the first time, nothing applied. */
          orga_server_db_rollback (c->db);
          result = orga_json_parse (orga_server_rows_get (stored, 0, 0), -1, NULL);
          return result ? g_steal_pointer (&result) : malformed_result (c->id);
        }

      if (c->kind == NULL || c->at == NULL || c->data == NULL || !JSON_NODE_HOLDS_OBJECT (c->data)
          || (base != NULL && !JSON_NODE_HOLDS_NULL (base)
              && (!JSON_NODE_HOLDS_VALUE (base) || json_node_get_value_type (base) != G_TYPE_INT64)))
        applied = APPLY_MALFORMED;
      else
        {
          if (base != NULL && !JSON_NODE_HOLDS_NULL (base))
            c->base = json_node_get_int (base);
          applied = apply_change (c, &local_error);
        }

      if (applied == APPLY_MALFORMED)
        {
          orga_server_db_rollback (c->db);
          return malformed_result (c->id);
        }
      if (applied == APPLY_FAILED)
        goto failed;

      if (applied == APPLY_APPLIED)
        {
          if (!allocate_seqs (c->db, c->org_id, c->seq0, c->n_seqs, &local_error))
            goto failed;
          result = result_node (c->id, "applied", c->seq0 + c->n_seqs, NULL, NULL, NULL);
          seq_text = g_strdup_printf ("%" G_GINT64_FORMAT, c->seq0 + c->n_seqs);
        }
      else
        result = result_node (c->id, "refused", 0, c->code, c->message, c->current);

      text = orga_json_to_data (result, FALSE);
      {
        g_autofree char *now = orga_server_now ();

        if (!orga_server_db_execv (c->db, NULL, &local_error,
                                   "INSERT INTO sync_changes (organization_id, id, user_id, kind, status, seq, result, created_at)"
                                   " VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
                                   c->org_id, c->id, c->user_id, c->kind,
                                   applied == APPLY_APPLIED ? "applied" : "refused", seq_text, text, now,
                                   ORGA_SERVER_DB_END))
          goto failed;
      }
      if (!orga_server_db_commit (c->db, &local_error))
        goto failed;
      return g_steal_pointer (&result);

    failed:
      orga_server_db_rollback (c->db);
      if (attempt < MAX_ATTEMPTS && is_retryable (local_error))
        continue;
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }
}

/* "protocol": an integer that must be ours. */
static gboolean
check_protocol (JsonNode  *node,
                GError   **error)
{
  gint64 protocol;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_INT64)
    return orga_server_set_error (error, ORGA_SERVER_ERROR_MALFORMED_REQUEST, NULL);
  protocol = json_node_get_int (node);
  if (protocol == ORGA_SYNC_PROTOCOL)
    return TRUE;

  g_set_error (error, ORGA_SERVER_ERROR, ORGA_SERVER_ERROR_SYNC_PROTOCOL,
               "Ce poste utilise la version %" G_GINT64_FORMAT " du protocole de synchronisation "
               "et le serveur la version %d : mettez à jour %s.",
               protocol, ORGA_SYNC_PROTOCOL, protocol < ORGA_SYNC_PROTOCOL ? "PixOrga" : "le serveur");
  return FALSE;
}

static char *
user_name (OrgaServerDb  *db,
           const char    *user_id,
           GError       **error)
{
  g_autoptr(OrgaServerRows) rows = orga_server_db_queryv (db, error,
                                                          "SELECT first_name, last_name FROM users WHERE id = $1",
                                                          user_id, ORGA_SERVER_DB_END);

  if (rows == NULL)
    return NULL;
  if (orga_server_rows_get_n_rows (rows) == 0)
    return g_strdup ("");
  return g_strdup_printf ("%s %s", orga_server_rows_get (rows, 0, 0), orga_server_rows_get (rows, 0, 1));
}

static guint
push_delay_ms (void)
{
  const char *text = g_getenv ("PIXORGA_SERVER_PUSH_DELAY_MS");

  return text != NULL ? (guint) g_ascii_strtoull (text, NULL, 10) : 0;
}

void
orga_server_handle_sync_push (OrgaRequest *req)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autofree char *name = NULL;
  JsonNode *changes_node = json_object_get_member (req->body, "changes");
  JsonArray *changes;
  const char *device = NULL;
  guint delay = push_delay_ms ();
  Change c = { 0 };

  if (!check_protocol (json_object_get_member (req->body, "protocol"), &error)
      || !orga_request_get_string (req, "device", &device, &error))
    {
      orga_request_reply_error (req, error);
      return;
    }
  if (device == NULL || device[0] == '\0' || strlen (device) > MAX_ID_LENGTH
      || changes_node == NULL || !JSON_NODE_HOLDS_ARRAY (changes_node)
      || json_array_get_length (json_node_get_array (changes_node)) > ORGA_SYNC_PUSH_MAX)
    {
      orga_request_reply_code (req, ORGA_SERVER_ERROR_MALFORMED_REQUEST, NULL);
      return;
    }
  if (req->org_archived)
    {
      orga_request_reply_code (req, ORGA_SERVER_ERROR_ORGANIZATION_ARCHIVED, NULL);
      return;
    }

  name = user_name (req->db, req->user_id, &error);
  if (name == NULL)
    {
      orga_request_reply_error (req, error);
      return;
    }

  c.db = req->db;
  c.org_id = req->org_id;
  c.user_id = req->user_id;
  c.admin = g_strcmp0 (req->role, "ADMIN") == 0;
  c.user_name = name;
  c.device = device;

  changes = json_node_get_array (changes_node);
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "protocol");
  json_builder_add_int_value (builder, ORGA_SYNC_PROTOCOL);
  json_builder_set_member_name (builder, "results");
  json_builder_begin_array (builder);
  for (guint i = 0; i < json_array_get_length (changes); i++)
    {
      JsonNode *result = push_one (&c, json_array_get_element (changes, i), &error);

      change_clear (&c);
      if (result == NULL)
        {
          /* What was committed stays: the desktop pushes the same ids
           * again and gets their stored results. */
          orga_request_reply_error (req, error);
          return;
        }
      json_builder_add_value (builder, result);

      /* Tests only: a window in which to kill the server mid-push. */
      if (delay > 0)
        g_usleep ((gulong) delay * 1000);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);

  orga_request_reply_json (req, SOUP_STATUS_OK, json_builder_get_root (builder));
}

/* The pull */

/* A query parameter as a number in [@min, @max], @fallback when absent. */
static gboolean
query_int (OrgaRequest  *req,
           const char   *name,
           gint64        min,
           gint64        max,
           gint64        fallback,
           gint64       *value,
           GError      **error)
{
  const char *text = req->query ? g_hash_table_lookup (req->query, name) : NULL;

  *value = fallback;
  if (text == NULL)
    return TRUE;
  if (!g_ascii_string_to_signed (text, 10, min, max, value, NULL))
    return orga_server_set_error (error, ORGA_SERVER_ERROR_MALFORMED_REQUEST, NULL);
  return TRUE;
}

typedef struct
{
  gint64 seq;
  OrgaWireKind kind;
  guint row;
} PageEntry;

static int
compare_entries (gconstpointer a,
                 gconstpointer b)
{
  const PageEntry *ea = a;
  const PageEntry *eb = b;

  return ea->seq < eb->seq ? -1 : ea->seq > eb->seq;
}

static void
build_rows (JsonBuilder    *builder,
            OrgaWireKind    kind,
            OrgaServerRows *rows,
            guint           row)
{
  guint n;
  const OrgaWireField *fields = orga_sync_wire_fields (kind, &n);

  json_builder_begin_object (builder);
  for (guint i = 0; i < n; i++)
    add_wire_value (builder, &fields[i], orga_server_rows_get (rows, row, i));
  json_builder_end_object (builder);
}

/* The rows of @kind with a seq above the page's that rows of the page
 * refer to (@refs: a subquery of their uuids over $1 space, $2 after,
 * $3 cursor). */
static OrgaServerRows *
query_references (OrgaServerDb  *db,
                  OrgaWireKind   kind,
                  const char    *refs,
                  const char    *org_id,
                  const char    *after,
                  const char    *cursor,
                  GError       **error)
{
  g_autofree char *sql = g_strdup_printf ("SELECT %s FROM %s WHERE organization_id = $1 AND seq > $3"
                                          " AND uuid IN (%s) ORDER BY seq",
                                          columns_of (kind), tables[kind], refs);

  return orga_server_db_queryv (db, error, sql, org_id, after, cursor, ORGA_SERVER_DB_END);
}

void
orga_server_handle_sync_changes (OrgaRequest *req)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(OrgaServerRows) counter = NULL;
  g_autoptr(GArray) entries = g_array_new (FALSE, FALSE, sizeof (PageEntry));
  g_autofree char *after_text = NULL;
  g_autofree char *top_text = NULL;
  g_autofree char *limit_text = NULL;
  g_autofree char *cursor_text = NULL;
  OrgaServerRows *rows[ORGA_WIRE_N_KINDS] = { NULL };
  OrgaServerRows *refs[ORGA_WIRE_N_KINDS] = { NULL };
  gint64 protocol, after, limit, top, cursor;
  gboolean reset, more;
  guint kept;

  if (!query_int (req, "protocol", G_MININT64, G_MAXINT64, -1, &protocol, &error)
      || !query_int (req, "after", 0, G_MAXINT64, 0, &after, &error)
      || !query_int (req, "limit", 1, G_MAXINT64, ORGA_SYNC_PAGE_DEFAULT, &limit, &error))
    {
      orga_request_reply_error (req, error);
      return;
    }
  if (req->query == NULL || g_hash_table_lookup (req->query, "protocol") == NULL)
    {
      orga_request_reply_code (req, ORGA_SERVER_ERROR_MALFORMED_REQUEST, NULL);
      return;
    }
  {
    g_autoptr(JsonNode) node = json_node_init_int (json_node_alloc (), protocol);

    if (!check_protocol (node, &error))
      {
        orga_request_reply_error (req, error);
        return;
      }
  }
  limit = MIN (limit, ORGA_SYNC_PAGE_MAX);

  counter = orga_server_db_queryv (req->db, &error, "SELECT sync_seq FROM organizations WHERE id = $1",
                                   req->org_id, ORGA_SERVER_DB_END);
  if (counter == NULL || orga_server_rows_get_n_rows (counter) != 1)
    {
      orga_request_reply_error (req, error);
      return;
    }
  top = orga_server_rows_get_int (counter, 0, 0);
  reset = after > top;
  cursor = reset ? 0 : after;
  more = FALSE;
  kept = 0;

  /* Rows up to the counter read first only: every seq up to it is
   * committed (the writers of a space take turns on its row), so no row
   * of the range can still appear below the cursor. */
  after_text = g_strdup_printf ("%" G_GINT64_FORMAT, after);
  top_text = g_strdup_printf ("%" G_GINT64_FORMAT, top);
  limit_text = g_strdup_printf ("%" G_GINT64_FORMAT, limit + 1);
  for (guint k = 0; k < ORGA_WIRE_N_KINDS && !reset; k++)
    {
      g_autofree char *sql = g_strdup_printf ("SELECT %s FROM %s WHERE organization_id = $1 AND seq > $2"
                                              " AND seq <= $3 ORDER BY seq LIMIT $4",
                                              columns_of (k), tables[k]);
      guint seq_column = n_fields_of (k) - 1;

      rows[k] = orga_server_db_queryv (req->db, &error, sql, req->org_id, after_text, top_text, limit_text,
                                       ORGA_SERVER_DB_END);
      if (rows[k] == NULL)
        goto failed;
      for (guint r = 0; r < orga_server_rows_get_n_rows (rows[k]); r++)
        {
          PageEntry entry = { orga_server_rows_get_int (rows[k], r, seq_column), k, r };

          g_array_append_val (entries, entry);
        }
    }

  /* Up to L of each kind, merged by seq, the first L kept: every row
   * below the cursor is in the page. */
  g_array_sort (entries, compare_entries);
  kept = MIN (entries->len, (guint) limit);
  more = entries->len > kept;
  if (kept > 0)
    cursor = g_array_index (entries, PageEntry, kept - 1).seq;
  cursor_text = g_strdup_printf ("%" G_GINT64_FORMAT, cursor);

  /* The rows the page refers to that have moved on since: as they are
   * now. Participations → campaigns and learners; learners (the page's
   * and those) → imports. */
  if (kept > 0)
    {
      static const char learners_of_page[] = "SELECT learner FROM sync_participations"
        " WHERE organization_id = $1 AND seq > $2 AND seq <= $3";
      static const char campaigns_of_page[] = "SELECT campaign FROM sync_participations"
        " WHERE organization_id = $1 AND seq > $2 AND seq <= $3";
      static const char imports_of_page[] = "SELECT import FROM sync_learners"
        " WHERE organization_id = $1 AND ((seq > $2 AND seq <= $3) OR (seq > $3 AND uuid IN"
        " (SELECT learner FROM sync_participations WHERE organization_id = $1 AND seq > $2 AND seq <= $3)))";

      refs[ORGA_WIRE_CAMPAIGNS] = query_references (req->db, ORGA_WIRE_CAMPAIGNS, campaigns_of_page,
                                                    req->org_id, after_text, cursor_text, &error);
      if (refs[ORGA_WIRE_CAMPAIGNS] != NULL)
        refs[ORGA_WIRE_LEARNERS] = query_references (req->db, ORGA_WIRE_LEARNERS, learners_of_page,
                                                     req->org_id, after_text, cursor_text, &error);
      if (refs[ORGA_WIRE_LEARNERS] != NULL)
        refs[ORGA_WIRE_IMPORTS] = query_references (req->db, ORGA_WIRE_IMPORTS, imports_of_page,
                                                    req->org_id, after_text, cursor_text, &error);
      if (refs[ORGA_WIRE_IMPORTS] == NULL)
        goto failed;
    }

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "protocol");
  json_builder_add_int_value (builder, ORGA_SYNC_PROTOCOL);
  json_builder_set_member_name (builder, "after");
  json_builder_add_int_value (builder, after);
  json_builder_set_member_name (builder, "cursor");
  json_builder_add_int_value (builder, cursor);
  json_builder_set_member_name (builder, "more");
  json_builder_add_boolean_value (builder, more);
  json_builder_set_member_name (builder, "reset");
  json_builder_add_boolean_value (builder, reset);
  for (guint k = 0; k < ORGA_WIRE_N_KINDS; k++)
    {
      json_builder_set_member_name (builder, orga_sync_wire_kind_name (k));
      json_builder_begin_array (builder);
      /* Each kind's rows come sorted by seq: the kept ones are a prefix. */
      for (guint i = 0; i < kept; i++)
        {
          PageEntry *entry = &g_array_index (entries, PageEntry, i);

          if (entry->kind == k)
            build_rows (builder, k, rows[k], entry->row);
        }
      for (guint r = 0; refs[k] != NULL && r < orga_server_rows_get_n_rows (refs[k]); r++)
        build_rows (builder, k, refs[k], r);
      json_builder_end_array (builder);
    }
  json_builder_end_object (builder);

  for (guint k = 0; k < ORGA_WIRE_N_KINDS; k++)
    {
      g_clear_pointer (&rows[k], orga_server_rows_free);
      g_clear_pointer (&refs[k], orga_server_rows_free);
    }
  orga_request_reply_json (req, SOUP_STATUS_OK, json_builder_get_root (builder));
  return;

failed:
  for (guint k = 0; k < ORGA_WIRE_N_KINDS; k++)
    {
      g_clear_pointer (&rows[k], orga_server_rows_free);
      g_clear_pointer (&refs[k], orga_server_rows_free);
    }
  orga_request_reply_error (req, error);
}

/* Participations, written by the server */

gboolean
orga_server_sync_upsert_participations (OrgaServerDb  *db,
                                        const char    *organization_id,
                                        JsonArray     *rows,
                                        gint64        *last_seq,
                                        GError       **error)
{
  const OrgaWireKind K = ORGA_WIRE_PARTICIPATIONS;
  g_autoptr(GPtrArray) written = g_ptr_array_new_with_free_func ((GDestroyNotify) wire_row_free);
  g_autoptr(GHashTable) uuids = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) campaigns = NULL;
  g_autoptr(GHashTable) learners = NULL;
  gint64 seq0 = 0;

  g_return_val_if_fail (ORGA_IS_SERVER_DB (db), FALSE);
  g_return_val_if_fail (organization_id != NULL, FALSE);
  g_return_val_if_fail (rows != NULL, FALSE);

  if (!orga_server_db_begin (db, error))
    return FALSE;
  if (!lock_space (db, organization_id, &seq0, error)
      || (campaigns = load_rows (db, ORGA_WIRE_CAMPAIGNS, organization_id, error)) == NULL
      || (learners = load_rows (db, ORGA_WIRE_LEARNERS, organization_id, error)) == NULL)
    goto failed;

  for (guint i = 0; i < json_array_get_length (rows); i++)
    {
      WireRow *row = wire_row_from_json (K, json_array_get_element (rows, i));
      const char *learner;

      if (row == NULL || !wire_row_is_complete (row, K))
        {
          wire_row_free (row);
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                       "participation n° %u : un champ manque ou n’a pas le bon type", i + 1);
          goto failed;
        }
      g_ptr_array_add (written, row);
      learner = wire_row_get (row, K, "learner");
      if (!g_hash_table_add (uuids, (gpointer) wire_row_get (row, K, "uuid")))
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                       "participation n° %u : l’uuid %s figure deux fois", i + 1, wire_row_get (row, K, "uuid"));
          goto failed;
        }
      if (!g_hash_table_contains (campaigns, wire_row_get (row, K, "campaign")))
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                       "participation n° %u : la campagne %s n’est pas de cet espace", i + 1,
                       wire_row_get (row, K, "campaign"));
          goto failed;
        }
      if (learner != NULL && !g_hash_table_contains (learners, learner))
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                       "participation n° %u : l’élève %s n’est pas de cet espace", i + 1, learner);
          goto failed;
        }
      wire_row_set_int (row, K, "seq", seq0 + i + 1);
    }

  if (!upsert_rows (db, K, organization_id, written, error)
      || !allocate_seqs (db, organization_id, seq0, written->len, error)
      || !orga_server_db_commit (db, error))
    goto failed;

  if (last_seq != NULL)
    *last_seq = seq0 + written->len;
  return TRUE;

failed:
  orga_server_db_rollback (db);
  return FALSE;
}
