/* orga-server-sync-rows.c: the sync's rows, as the wire tables say
 *
 * Part of the sync (orga-server-sync-private.h): a row of any kind as
 * texts in wire order, read from the database or from a pushed JSON
 * object, written back as JSON, and written into its table many rows a
 * statement.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "orga-server"

#include "config.h"

#include <math.h>
#include <string.h>

#include "orga-json.h"
#include "orga-server-sync-private.h"

/* Rows a statement writes at most: one statement for many rows costs far
 * less than one each, on PostgreSQL a round trip each. SQLite has no
 * round trip to save, and finds a statement's parameters by a linear
 * scan: its batches stay small. */
static const guint batch_sizes[] = { 256, 64, 16, 4, 1 };
#define SQLITE_MAX_BATCH 16

static const char * const tables[ORGA_WIRE_N_KINDS] = {
  [ORGA_WIRE_IMPORTS] = "sync_imports",
  [ORGA_WIRE_LEARNERS] = "sync_learners",
  [ORGA_WIRE_CAMPAIGNS] = "sync_campaigns",
  [ORGA_WIRE_PARTICIPATIONS] = "sync_participations",
  [ORGA_WIRE_CERT_SESSIONS] = "sync_cert_sessions",
  [ORGA_WIRE_CERT_CANDIDATES] = "sync_cert_candidates",
  [ORGA_WIRE_CERT_COURSES] = "sync_cert_courses",
  [ORGA_WIRE_CERT_REPORTS] = "sync_cert_reports",
};

const char *
_orga_sync_table (OrgaWireKind kind)
{
  g_assert (kind < ORGA_WIRE_N_KINDS);
  return tables[kind];
}

gboolean
_orga_sync_is_true (const char *text)
{
  return text != NULL && (text[0] == '1' || text[0] == 't');
}

OrgaSyncRow *
_orga_sync_row_new (void)
{
  return g_new0 (OrgaSyncRow, 1);
}

void
_orga_sync_row_free (OrgaSyncRow *row)
{
  if (row == NULL)
    return;
  for (guint i = 0; i < MAX_FIELDS; i++)
    g_free (row->v[i]);
  g_free (row);
}

OrgaSyncRow *
_orga_sync_row_copy (const OrgaSyncRow *row)
{
  OrgaSyncRow *copy = _orga_sync_row_new ();

  for (guint i = 0; i < MAX_FIELDS; i++)
    copy->v[i] = g_strdup (row->v[i]);
  return copy;
}

int
_orga_sync_field_index (OrgaWireKind  kind,
                        const char   *name)
{
  int i = orga_sync_wire_field_index (kind, name);

  g_assert (i >= 0);
  return i;
}

const char *
_orga_sync_row_get (const OrgaSyncRow *row,
                    OrgaWireKind       kind,
                    const char        *name)
{
  return row->v[_orga_sync_field_index (kind, name)];
}

void
_orga_sync_row_set (OrgaSyncRow  *row,
                    OrgaWireKind  kind,
                    const char   *name,
                    const char   *value)
{
  int i = _orga_sync_field_index (kind, name);

  if (row->v[i] == value)
    return;
  g_free (row->v[i]);
  row->v[i] = g_strdup (value);
}

void
_orga_sync_row_set_int (OrgaSyncRow  *row,
                        OrgaWireKind  kind,
                        const char   *name,
                        gint64        value)
{
  g_autofree char *text = g_strdup_printf ("%" G_GINT64_FORMAT, value);

  _orga_sync_row_set (row, kind, name, text);
}

guint
_orga_sync_n_fields (OrgaWireKind kind)
{
  guint n;

  orga_sync_wire_fields (kind, &n);
  g_assert (n <= MAX_FIELDS);
  return n;
}

/* "uuid, created_at, …, seq": every column of @kind, in wire order. */
const char *
_orga_sync_columns (OrgaWireKind kind)
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

OrgaSyncRow *
_orga_sync_row_from_db (OrgaServerRows *rows,
                        guint           row,
                        OrgaWireKind    kind)
{
  OrgaSyncRow *wire = _orga_sync_row_new ();
  guint n = _orga_sync_n_fields (kind);

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
gboolean
_orga_sync_value_from_json (const OrgaWireField  *field,
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
OrgaSyncRow *
_orga_sync_row_from_json (OrgaWireKind  kind,
                          JsonNode     *node)
{
  g_autoptr(OrgaSyncRow) row = _orga_sync_row_new ();
  guint n;
  const OrgaWireField *fields = orga_sync_wire_fields (kind, &n);
  JsonObject *object;

  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    return NULL;
  object = json_node_get_object (node);

  for (guint i = 0; i + 1 < n; i++)
    if (!_orga_sync_value_from_json (&fields[i], json_object_get_member (object, fields[i].name), &row->v[i]))
      return NULL;
  return g_steal_pointer (&row);
}

/* Whether every field of @row that may not be null has a value (seq
 * aside). */
gboolean
_orga_sync_row_is_complete (const OrgaSyncRow *row,
                            OrgaWireKind       kind)
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

void
_orga_sync_row_build (JsonBuilder       *builder,
                      OrgaWireKind       kind,
                      const OrgaSyncRow *row,
                      gboolean           with_seq)
{
  guint n;
  const OrgaWireField *fields = orga_sync_wire_fields (kind, &n);

  json_builder_begin_object (builder);
  for (guint i = 0; i < n; i++)
    if (with_seq || i + 1 < n)
      add_wire_value (builder, &fields[i], row->v[i]);
  json_builder_end_object (builder);
}

char *
_orga_sync_row_to_text (OrgaWireKind       kind,
                        const OrgaSyncRow *row)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) node = NULL;

  _orga_sync_row_build (builder, kind, row, FALSE);
  node = json_builder_get_root (builder);
  return orga_json_to_data (node, FALSE);
}

/* Statements over many rows */

/* Runs "@prefix ($1, $k…), ($1, …) @suffix" over @values (@n_cols texts
 * a row, row after row; $1 is @shared in every row), as few statements
 * as the batch sizes allow. */
gboolean
_orga_sync_exec_batched (OrgaServerDb        *db,
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

/* Writes @rows (OrgaSyncRow, seq set) into the table of @kind: new rows
 * inserted, rows of a known uuid replaced. */
gboolean
_orga_sync_upsert_rows (OrgaServerDb  *db,
                        OrgaWireKind   kind,
                        const char    *org_id,
                        GPtrArray     *rows,
                        GError       **error)
{
  guint n;
  const OrgaWireField *fields = orga_sync_wire_fields (kind, &n);
  g_autofree char *prefix = g_strdup_printf ("INSERT INTO %s (organization_id, %s) VALUES",
                                             tables[kind], _orga_sync_columns (kind));
  g_autoptr(GString) suffix = g_string_new (" ON CONFLICT (organization_id, uuid) DO UPDATE SET ");
  g_autofree const char **values = NULL;

  if (rows->len == 0)
    return TRUE;

  for (guint i = 1; i < n; i++)
    g_string_append_printf (suffix, "%s%s = excluded.%s", i > 1 ? ", " : "", fields[i].name, fields[i].name);

  values = g_new (const char *, (gsize) rows->len * n);
  for (guint r = 0; r < rows->len; r++)
    {
      OrgaSyncRow *row = g_ptr_array_index (rows, r);

      for (guint i = 0; i < n; i++)
        values[(gsize) r * n + i] = row->v[i];
    }

  return _orga_sync_exec_batched (db, prefix, suffix->str, org_id, n, values, rows->len, error);
}

/* Every row of @kind of the space (the whole table, for a school: a few
 * thousand students at most), by uuid. */
GHashTable *
_orga_sync_load_rows (OrgaServerDb  *db,
                      OrgaWireKind   kind,
                      const char    *org_id,
                      GError       **error)
{
  g_autofree char *sql = g_strdup_printf ("SELECT %s FROM %s WHERE organization_id = $1",
                                          _orga_sync_columns (kind), tables[kind]);
  g_autoptr(OrgaServerRows) rows = orga_server_db_queryv (db, error, sql, org_id, ORGA_SERVER_DB_END);
  GHashTable *by_uuid;

  if (rows == NULL)
    return NULL;

  by_uuid = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, (GDestroyNotify) _orga_sync_row_free);
  for (guint r = 0; r < orga_server_rows_get_n_rows (rows); r++)
    {
      OrgaSyncRow *row = _orga_sync_row_from_db (rows, r, kind);

      g_hash_table_replace (by_uuid, row->v[0], row);
    }
  return by_uuid;
}

OrgaSyncRow *
_orga_sync_load_row (OrgaServerDb  *db,
                     OrgaWireKind   kind,
                     const char    *org_id,
                     const char    *uuid,
                     GError       **error)
{
  g_autofree char *sql = g_strdup_printf ("SELECT %s FROM %s WHERE organization_id = $1 AND uuid = $2",
                                          _orga_sync_columns (kind), tables[kind]);
  g_autoptr(OrgaServerRows) rows = orga_server_db_queryv (db, error, sql, org_id, uuid, ORGA_SERVER_DB_END);

  if (rows == NULL || orga_server_rows_get_n_rows (rows) == 0)
    return NULL;
  return _orga_sync_row_from_db (rows, 0, kind);
}

const char *
_orga_sync_string_member (JsonObject *object,
                          const char *name)
{
  JsonNode *node = object ? json_object_get_member (object, name) : NULL;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  if (!g_utf8_validate (json_node_get_string (node), -1, NULL) || json_node_get_string (node)[0] == '\0')
    return NULL;
  return json_node_get_string (node);
}
