/* orga-store-sync.c: the desktop's side of the sync, in the store
 *
 * Part of OrgaStore (orga-store-private.h). Three things:
 *
 *   - the outbox: the store functions that change something of a school
 *     bound to a space queue the change here, in their own transaction
 *     (_orga_store_sync_queue_*), and a push reads it back;
 *   - the server's answers to a push: applied changes leave the outbox,
 *     refused ones are rolled back and kept as notices;
 *   - the pull: each page applied in one transaction with its cursor,
 *     every row an upsert by uuid, and the resync's sweep.
 *
 * The rows go between SQLite and JSON through the tables of
 * orga-sync-wire.c, where a wire field and its local column share their
 * name: no field name of a row is written here but the few that need a
 * rule of their own (a reference to another row, "removed"). Rows applied
 * from the server are written by this file's own statements, never by
 * the store functions that queue changes.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "orga-store"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "orga-format.h"
#include "orga-json.h"
#include "orga-json-writer.h"
#include "orga-learner-set.h"
#include "orga-store-account.h"
#include "orga-store-private.h"
#include "orga-store-sync.h"
#include "orga-sync-page.h"
#include "orga-text.h"

/* The members around the rows: a push, its answer, a page
 * (docs/sync.md, "Endpoints"). */
#define M_PROTOCOL  "protocol"
#define M_DEVICE    "device"
#define M_CHANGES   "changes"
#define M_ID        "id"
#define M_KIND      "kind"
#define M_AT        "at"
#define M_BASE      "base"
#define M_DATA      "data"
#define M_RESULTS   "results"
#define M_STATUS    "status"
#define M_ERROR     "error"
#define M_MESSAGE   "message"
#define M_CURRENT   "current"
#define M_AFTER     "after"
#define M_CURSOR    "cursor"
#define M_MORE      "more"
#define M_RESET     "reset"
/* In a change's data. */
#define M_IMPORT    "import"
#define M_LEARNERS  "learners"
#define M_CAMPAIGN  "campaign"
#define M_PARTICIPATION "participation"
#define M_FIELDS    "fields"
#define M_ARCHIVED  "archived"
#define M_SEED      "seed"

#define STATUS_APPLIED "applied"
#define STATUS_REFUSED "refused"

#define NOTICE_IMPORT_OVERRIDDEN "import.overridden"

/* A push stays well under the server's 32 MiB body limit: the changes
 * after this many bytes of data wait for the next one. */
#define PUSH_DATA_BUDGET (16 * 1024 * 1024)

void
orga_sync_notice_free (OrgaSyncNotice *notice)
{
  if (notice == NULL)
    return;

  g_free (notice->change);
  g_free (notice->kind);
  g_free (notice->message);
  g_free (notice->created_at);
  g_free (notice);
}

static gboolean protocol_error (GError **error, const char *format, ...) G_GNUC_PRINTF (2, 3);

/* An answer or a page that is not the protocol's. Always returns FALSE. */
static gboolean
protocol_error (GError     **error,
                const char  *format,
                ...)
{
  g_autofree char *detail = NULL;
  va_list args;

  va_start (args, format);
  detail = g_strdup_vprintf (format, args);
  va_end (args);

  g_set_error (error, ORGA_STORE_ERROR, ORGA_STORE_ERROR_PROTOCOL,
               _("The server’s answer does not follow the sync protocol (%s)."), detail);
  return FALSE;
}

/* Runs @sql with ?1 = @organization_id; its changes. -1 on error. */
static int
exec_for_school (OrgaStore   *self,
                 const char  *sql,
                 gint64       organization_id,
                 gint64       value,
                 GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = _orga_store_prepare (self, sql, error);

  if (stmt == NULL)
    return -1;
  sqlite3_bind_int64 (stmt, 1, organization_id);
  if (sqlite3_bind_parameter_count (stmt) >= 2)
    sqlite3_bind_int64 (stmt, 2, value);
  if (!_orga_store_step_done (self, stmt, "sync", error))
    return -1;
  return sqlite3_changes (_orga_store_get_db (self));
}

/* ---- rows between SQLite and JSON -------------------------------------- */

/* The local table of each kind of row. */
static const char * const kind_tables[ORGA_WIRE_N_KINDS] = {
  [ORGA_WIRE_IMPORTS] = "imports",
  [ORGA_WIRE_LEARNERS] = "learners",
  [ORGA_WIRE_CAMPAIGNS] = "campaigns",
  [ORGA_WIRE_PARTICIPATIONS] = "participations",
  [ORGA_WIRE_CERT_SESSIONS] = "cert_sessions",
  [ORGA_WIRE_CERT_CANDIDATES] = "cert_candidates",
  [ORGA_WIRE_CERT_COURSES] = "cert_courses",
  [ORGA_WIRE_CERT_REPORTS] = "cert_reports",
};

/* The certification's references: a uuid on the wire, the local id of
 * the row of @kind in @column here. */
typedef struct
{
  OrgaWireKind  kind;      /* of the row holding the reference */
  const char   *field;     /* its wire name */
  OrgaWireKind  target;    /* of the row referred to */
  const char   *column;    /* the local column */
  gboolean      required;  /* a row that names an unknown one is not the protocol's */
} CertReference;

static const CertReference cert_references[] = {
  { ORGA_WIRE_CERT_CANDIDATES, "session", ORGA_WIRE_CERT_SESSIONS, "session_id", TRUE },
  { ORGA_WIRE_CERT_CANDIDATES, "learner", ORGA_WIRE_LEARNERS, "learner_id", FALSE },
  { ORGA_WIRE_CERT_COURSES, "session", ORGA_WIRE_CERT_SESSIONS, "session_id", TRUE },
  { ORGA_WIRE_CERT_COURSES, "candidate", ORGA_WIRE_CERT_CANDIDATES, "candidate_id", TRUE },
  { ORGA_WIRE_CERT_COURSES, "learner", ORGA_WIRE_LEARNERS, "learner_id", FALSE },
  { ORGA_WIRE_CERT_REPORTS, "course", ORGA_WIRE_CERT_COURSES, "course_id", TRUE },
};

static const CertReference *
cert_reference (OrgaWireKind  kind,
                const char   *field)
{
  for (guint i = 0; i < G_N_ELEMENTS (cert_references); i++)
    if (cert_references[i].kind == kind && g_str_equal (cert_references[i].field, field))
      return &cert_references[i];
  return NULL;
}

static gboolean
is_cert_kind (OrgaWireKind kind)
{
  return kind == ORGA_WIRE_CERT_SESSIONS || kind == ORGA_WIRE_CERT_CANDIDATES ||
         kind == ORGA_WIRE_CERT_COURSES || kind == ORGA_WIRE_CERT_REPORTS;
}

/* The fields with a rule of their own: references by uuid to rows of an
 * earlier kind, and a learner's tombstone. Every other field but "seq"
 * is the local column of the same name. */
typedef struct
{
  int learner_import;          /* learners → imports */
  int learner_removed;
  int participation_campaign;  /* participations → campaigns */
  int participation_learner;   /* participations → learners */
  int learner_ine;
  int learner_last_name;
  int learner_first_name;
  int learner_division;
  int campaign_code;
  int campaign_name;
  int campaign_owner;
  int campaign_archived_at;
  int import_overrode;
  int import_created_at;
  int import_created_by;
} WireIndexes;

static const WireIndexes *
wire_indexes (void)
{
  static WireIndexes indexes;
  static gsize done;

  if (g_once_init_enter (&done))
    {
      indexes.learner_import = orga_sync_wire_field_index (ORGA_WIRE_LEARNERS, "import");
      indexes.learner_removed = orga_sync_wire_field_index (ORGA_WIRE_LEARNERS, "removed");
      indexes.participation_campaign = orga_sync_wire_field_index (ORGA_WIRE_PARTICIPATIONS, "campaign");
      indexes.participation_learner = orga_sync_wire_field_index (ORGA_WIRE_PARTICIPATIONS, "learner");
      indexes.learner_ine = orga_sync_wire_field_index (ORGA_WIRE_LEARNERS, "ine");
      indexes.learner_last_name = orga_sync_wire_field_index (ORGA_WIRE_LEARNERS, "last_name");
      indexes.learner_first_name = orga_sync_wire_field_index (ORGA_WIRE_LEARNERS, "first_name");
      indexes.learner_division = orga_sync_wire_field_index (ORGA_WIRE_LEARNERS, "division");
      indexes.campaign_code = orga_sync_wire_field_index (ORGA_WIRE_CAMPAIGNS, "code");
      indexes.campaign_name = orga_sync_wire_field_index (ORGA_WIRE_CAMPAIGNS, "name");
      indexes.campaign_owner = orga_sync_wire_field_index (ORGA_WIRE_CAMPAIGNS, "owner");
      indexes.campaign_archived_at = orga_sync_wire_field_index (ORGA_WIRE_CAMPAIGNS, "archived_at");
      indexes.import_overrode = orga_sync_wire_field_index (ORGA_WIRE_IMPORTS, "overrode");
      indexes.import_created_at = orga_sync_wire_field_index (ORGA_WIRE_IMPORTS, "created_at");
      indexes.import_created_by = orga_sync_wire_field_index (ORGA_WIRE_IMPORTS, "created_by");
      g_assert (indexes.learner_import > 0 && indexes.learner_removed > 0 &&
                indexes.participation_campaign > 0 && indexes.participation_learner > 0 &&
                indexes.learner_ine > 0 && indexes.learner_division > 0 && indexes.campaign_code > 0 &&
                indexes.campaign_owner > 0 && indexes.import_overrode > 0);
      g_once_init_leave (&done, 1);
    }

  return &indexes;
}

static gboolean
compute_is_column (OrgaWireKind kind,
                   guint        i)
{
  const WireIndexes *w = wire_indexes ();
  guint n_fields;
  const OrgaWireField *fields = orga_sync_wire_fields (kind, &n_fields);

  if (i + 1 == n_fields || g_str_equal (fields[i].name, "seq"))
    return FALSE;
  switch (kind)
    {
    case ORGA_WIRE_LEARNERS:
      return (int) i != w->learner_import && (int) i != w->learner_removed;
    case ORGA_WIRE_PARTICIPATIONS:
      return (int) i != w->participation_campaign && (int) i != w->participation_learner;
    case ORGA_WIRE_CERT_SESSIONS:
    case ORGA_WIRE_CERT_CANDIDATES:
    case ORGA_WIRE_CERT_COURSES:
    case ORGA_WIRE_CERT_REPORTS:
      return cert_reference (kind, fields[i].name) == NULL;
    case ORGA_WIRE_IMPORTS:
    case ORGA_WIRE_CAMPAIGNS:
    case ORGA_WIRE_N_KINDS:
    default:
      return TRUE;
    }
}

#define MAX_WIRE_FIELDS 64

/* Whether field @i of @kind is the local column of the same name: asked
 * for every field of every row pulled, so answered from a table. */
static gboolean
is_column (OrgaWireKind kind,
           guint        i)
{
  static gboolean columns[ORGA_WIRE_N_KINDS][MAX_WIRE_FIELDS];
  static gsize done;

  if (g_once_init_enter (&done))
    {
      for (guint k = 0; k < ORGA_WIRE_N_KINDS; k++)
        {
          guint n_fields;

          orga_sync_wire_fields (k, &n_fields);
          g_assert (n_fields <= MAX_WIRE_FIELDS);
          for (guint f = 0; f < n_fields; f++)
            columns[k][f] = compute_is_column (k, f);
        }
      g_once_init_leave (&done, 1);
    }

  return columns[kind][i];
}

/* "a, b, c": the fields [0, @end) of @kind, which are all columns but
 * the certification's references, read as the uuids they name. */
static void
append_field_names (GString      *sql,
                    OrgaWireKind  kind,
                    guint         end)
{
  const OrgaWireField *fields = orga_sync_wire_fields (kind, NULL);

  for (guint i = 0; i < end; i++)
    {
      const CertReference *ref = is_column (kind, i) ? NULL : cert_reference (kind, fields[i].name);

      g_assert (is_column (kind, i) || ref != NULL);
      if (i > 0)
        g_string_append (sql, ", ");
      if (ref != NULL)
        g_string_append_printf (sql, "(SELECT r.uuid FROM %s r WHERE r.id = %s.%s)",
                                kind_tables[ref->target], kind_tables[kind], ref->column);
      else
        g_string_append (sql, fields[i].name);
    }
}

static void
set_member_from_column (JsonObject          *object,
                        const OrgaWireField *field,
                        sqlite3_stmt        *stmt,
                        int                  column)
{
  if (sqlite3_column_type (stmt, column) == SQLITE_NULL)
    {
      json_object_set_null_member (object, field->name);
      return;
    }

  switch (field->type)
    {
    case ORGA_WIRE_TEXT:
      json_object_set_string_member (object, field->name, orga_db_column_text (stmt, column));
      break;
    case ORGA_WIRE_INT:
      json_object_set_int_member (object, field->name, sqlite3_column_int64 (stmt, column));
      break;
    case ORGA_WIRE_REAL:
      json_object_set_double_member (object, field->name, sqlite3_column_double (stmt, column));
      break;
    case ORGA_WIRE_BOOL:
      json_object_set_boolean_member (object, field->name, sqlite3_column_int (stmt, column) != 0);
      break;
    case ORGA_WIRE_BASE64:
    default:
      {
        const guchar *blob = sqlite3_column_blob (stmt, column);
        int size = sqlite3_column_bytes (stmt, column);
        g_autofree char *text = g_base64_encode (blob, size);

        json_object_set_string_member (object, field->name, text);
      }
      break;
    }
}

/* The object of fields [0, @end) of @kind read from the row @id of its
 * table; NULL without error when there is none. */
static JsonObject *
read_row (OrgaStore     *self,
          OrgaWireKind   kind,
          gint64         id,
          guint          end,
          GError       **error)
{
  const OrgaWireField *fields = orga_sync_wire_fields (kind, NULL);
  g_autoptr(GString) sql = g_string_new ("SELECT ");
  g_autoptr(sqlite3_stmt) stmt = NULL;
  JsonObject *object;
  int rc;

  append_field_names (sql, kind, end);
  g_string_append_printf (sql, " FROM %s WHERE id = ?1", kind_tables[kind]);
  stmt = _orga_store_prepare (self, sql->str, error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, id);

  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW)
    {
      if (rc != SQLITE_DONE)
        _orga_store_set_error (self, kind_tables[kind], error);
      return NULL;
    }

  object = json_object_new ();
  for (guint i = 0; i < end; i++)
    set_member_from_column (object, &fields[i], stmt, (int) i);
  return object;
}

/* A row to push: every field but seq. */
static guint
fields_without_seq (OrgaWireKind kind)
{
  guint n_fields;

  orga_sync_wire_fields (kind, &n_fields);
  return n_fields - 1;
}

/* @node as the applier reads a field: a page read as JSON gives its rows'
 * members this way, one read by orga_sync_page_parse() gives them so. */
static void
value_from_node (JsonNode      *node,
                 OrgaWireValue *value)
{
  value->type = ORGA_WIRE_VALUE_NULL;
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return;
  value->type = ORGA_WIRE_VALUE_OTHER;
  if (!JSON_NODE_HOLDS_VALUE (node))
    return;
  switch (json_node_get_value_type (node))
    {
    case G_TYPE_STRING:
      value->type = ORGA_WIRE_VALUE_STRING;
      value->s = json_node_get_string (node);
      break;
    case G_TYPE_INT64:
      value->type = ORGA_WIRE_VALUE_INT;
      value->i = json_node_get_int (node);
      break;
    case G_TYPE_DOUBLE:
      value->type = ORGA_WIRE_VALUE_DOUBLE;
      value->d = json_node_get_double (node);
      break;
    case G_TYPE_BOOLEAN:
      value->type = ORGA_WIRE_VALUE_BOOL;
      value->b = json_node_get_boolean (node);
      break;
    default:
      break;
    }
}

/* @value of @field checked against its type: null (or absent) allowed
 * only when nullable. */
static gboolean
check_value (OrgaWireKind          kind,
             const OrgaWireField  *field,
             const OrgaWireValue  *value,
             GError              **error)
{
  switch (value->type)
    {
    case ORGA_WIRE_VALUE_NULL:
      if (!field->nullable)
        return protocol_error (error, "%s.%s missing", orga_sync_wire_kind_name (kind), field->name);
      return TRUE;
    case ORGA_WIRE_VALUE_OTHER:
      return protocol_error (error, "%s.%s not a value", orga_sync_wire_kind_name (kind), field->name);
    case ORGA_WIRE_VALUE_STRING:
    case ORGA_WIRE_VALUE_INT:
    case ORGA_WIRE_VALUE_DOUBLE:
    case ORGA_WIRE_VALUE_BOOL:
    default:
      break;
    }

  switch (field->type)
    {
    case ORGA_WIRE_TEXT:
    case ORGA_WIRE_BASE64:
      if (value->type == ORGA_WIRE_VALUE_STRING)
        return TRUE;
      break;
    case ORGA_WIRE_INT:
      if (value->type == ORGA_WIRE_VALUE_INT)
        return TRUE;
      break;
    case ORGA_WIRE_REAL:
      if (value->type == ORGA_WIRE_VALUE_INT || value->type == ORGA_WIRE_VALUE_DOUBLE)
        return TRUE;
      break;
    case ORGA_WIRE_BOOL:
    default:
      if (value->type == ORGA_WIRE_VALUE_BOOL)
        return TRUE;
      break;
    }
  return protocol_error (error, "%s.%s of the wrong type", orga_sync_wire_kind_name (kind), field->name);
}

/* A text field already checked, or NULL. */
static const char *
value_text (const OrgaWireValue *value)
{
  return value->type == ORGA_WIRE_VALUE_STRING ? value->s : NULL;
}

static void
bind_value (sqlite3_stmt         *stmt,
            int                   index,
            const OrgaWireField  *field,
            const OrgaWireValue  *value)
{
  if (value->type == ORGA_WIRE_VALUE_NULL)
    {
      sqlite3_bind_null (stmt, index);
      return;
    }

  switch (field->type)
    {
    case ORGA_WIRE_TEXT:
      sqlite3_bind_text (stmt, index, value->s, -1, SQLITE_STATIC);
      break;
    case ORGA_WIRE_INT:
      sqlite3_bind_int64 (stmt, index, value->i);
      break;
    case ORGA_WIRE_REAL:
      sqlite3_bind_double (stmt, index, value->type == ORGA_WIRE_VALUE_INT ? (double) value->i : value->d);
      break;
    case ORGA_WIRE_BOOL:
      sqlite3_bind_int (stmt, index, value->b ? 1 : 0);
      break;
    case ORGA_WIRE_BASE64:
    default:
      {
        gsize size = 0;
        guchar *bytes = g_base64_decode (value->s, &size);

        if (size == 0)
          {
            g_free (bytes);
            sqlite3_bind_zeroblob (stmt, index, 0);
          }
        else
          sqlite3_bind_blob64 (stmt, index, bytes, size, g_free);
      }
      break;
    }
}

/* ---- the outbox ------------------------------------------------------- */

static gboolean
school_syncs (OrgaStore  *self,
              gint64      organization_id,
              gboolean   *syncs,
              GError    **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  *syncs = FALSE;
  stmt = _orga_store_prepare (self, "SELECT server_id IS NOT NULL FROM organizations WHERE id = ?1", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, organization_id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    *syncs = sqlite3_column_int (stmt, 0) != 0;
  else if (rc != SQLITE_DONE)
    return _orga_store_set_error (self, "organization", error);
  return TRUE;
}

static gint64
read_cursor (OrgaStore  *self,
             gint64      organization_id,
             GError    **error)
{
  g_autoptr(sqlite3_stmt) stmt = _orga_store_prepare (self, "SELECT cursor FROM sync_state WHERE organization_id = ?1", error);
  int rc;

  if (stmt == NULL)
    return -1;
  sqlite3_bind_int64 (stmt, 1, organization_id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    return sqlite3_column_int64 (stmt, 0);
  if (rc != SQLITE_DONE)
    {
      _orga_store_set_error (self, "sync state", error);
      return -1;
    }
  return 0;
}

/* The one way a change enters the outbox, in the caller's transaction:
 * @data (consumed) becomes the change's, @subject the uuid of the row it
 * is about, @at its time (NULL: now). */
static gboolean
queue_change_text (OrgaStore   *self,
                   gint64       organization_id,
                   const char  *kind,
                   const char  *subject,
                   const char  *text,
                   const char  *at,
                   GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *uuid = orga_store_new_uuid ();
  g_autofree char *now = at == NULL ? orga_store_now () : g_strdup (at);
  gint64 base = read_cursor (self, organization_id, error);

  if (base < 0)
    return FALSE;

  stmt = _orga_store_prepare (self,
                              "INSERT INTO sync_outbox (uuid, organization_id, kind, subject, data, base, created_at) "
                              "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)", error);
  if (stmt == NULL)
    return FALSE;
  orga_db_bind_text (stmt, 1, uuid);
  sqlite3_bind_int64 (stmt, 2, organization_id);
  orga_db_bind_text (stmt, 3, kind);
  orga_db_bind_text (stmt, 4, subject);
  orga_db_bind_text (stmt, 5, text);
  sqlite3_bind_int64 (stmt, 6, base);
  orga_db_bind_text (stmt, 7, now);
  if (!_orga_store_step_done (self, stmt, "sync outbox", error))
    return FALSE;

  _orga_store_mark (self, ORGA_STORE_CHANGE_SYNC, 0);
  return TRUE;
}

static gboolean
queue_change (OrgaStore   *self,
              gint64       organization_id,
              const char  *kind,
              const char  *subject,
              JsonObject  *data,
              const char  *at,
              GError     **error)
{
  g_autoptr(JsonObject) owned = data;
  g_autoptr(JsonNode) node = json_node_init_object (json_node_alloc (), owned);
  g_autofree char *text = orga_json_to_data (node, FALSE);

  return queue_change_text (self, organization_id, kind, subject, text, at, error);
}

/* Writes the columns [0, @end) of @stmt's row as the object of the
 * fields of the same index: an import of 100,000 students is not worth a
 * tree. */
static void
write_row (OrgaJsonWriter      *writer,
           const OrgaWireField *fields,
           sqlite3_stmt        *stmt,
           guint                end)
{
  orga_json_writer_begin_object (writer);
  for (guint i = 0; i < end; i++)
    {
      int column = (int) i;

      orga_json_writer_member (writer, fields[i].name);
      if (sqlite3_column_type (stmt, column) == SQLITE_NULL)
        {
          orga_json_writer_null (writer);
          continue;
        }
      switch (fields[i].type)
        {
        case ORGA_WIRE_TEXT:
          orga_json_writer_string (writer, orga_db_column_text (stmt, column));
          break;
        case ORGA_WIRE_INT:
          orga_json_writer_int (writer, sqlite3_column_int64 (stmt, column));
          break;
        case ORGA_WIRE_REAL:
          orga_json_writer_double (writer, sqlite3_column_double (stmt, column));
          break;
        case ORGA_WIRE_BOOL:
          orga_json_writer_boolean (writer, sqlite3_column_int (stmt, column) != 0);
          break;
        case ORGA_WIRE_BASE64:
        default:
          {
            g_autofree char *text = g_base64_encode (sqlite3_column_blob (stmt, column),
                                                     sqlite3_column_bytes (stmt, column));
            orga_json_writer_string (writer, text);
          }
          break;
        }
    }
  orga_json_writer_end_object (writer);
}

/* Writes the rows of @sql (?1 bound to @id) as objects of the fields
 * [0, @end) of @kind: one object, or a list when @list. */
static gboolean
write_rows (OrgaStore       *self,
            OrgaJsonWriter  *writer,
            OrgaWireKind     kind,
            guint            end,
            const char      *where,
            gint64           id,
            gboolean         list,
            GError         **error)
{
  const OrgaWireField *fields = orga_sync_wire_fields (kind, NULL);
  g_autoptr(GString) sql = g_string_new ("SELECT ");
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  append_field_names (sql, kind, end);
  g_string_append_printf (sql, " FROM %s %s", kind_tables[kind], where);
  stmt = _orga_store_prepare (self, sql->str, error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, id);

  if (list)
    orga_json_writer_begin_array (writer);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      write_row (writer, fields, stmt, end);
      if (!list)
        break;
    }
  if (rc != SQLITE_DONE && rc != SQLITE_ROW)
    return _orga_store_set_error (self, kind_tables[kind], error);
  if (list)
    orga_json_writer_end_array (writer);
  return TRUE;
}

/* An import.apply of the school's active students: after an import
 * they are exactly the file's that were not ignored (the others were
 * disabled), each with the uuid it has or got. The record is import
 * @import_id, or, when 0, one made up with @subject as its uuid (a seed
 * of students with no import record left). A @seed goes first in the
 * data, where the server and a rollback read it. */
static gboolean
queue_import_apply (OrgaStore   *self,
                    gint64       organization_id,
                    gint64       import_id,
                    const char  *subject,
                    gboolean     seed,
                    GError     **error)
{
  g_autoptr(GString) text = g_string_new (NULL);
  OrgaJsonWriter writer = ORGA_JSON_WRITER_INIT (text);

  orga_json_writer_begin_object (&writer);
  if (seed)
    orga_json_writer_add_boolean (&writer, M_SEED, TRUE);
  orga_json_writer_member (&writer, M_IMPORT);
  if (import_id != 0)
    {
      if (!write_rows (self, &writer, ORGA_WIRE_IMPORTS, fields_without_seq (ORGA_WIRE_IMPORTS),
                       "WHERE id = ?1", import_id, FALSE, error))
        return FALSE;
    }
  else
    {
      g_autofree char *now = orga_store_now ();

      /* The server sets who, from where, the status and the counts. */
      orga_json_writer_begin_object (&writer);
      orga_json_writer_add_string (&writer, "uuid", subject);
      orga_json_writer_add_string (&writer, "created_at", now);
      orga_json_writer_add_string (&writer, "file_name", _("List made offline"));
      orga_json_writer_add_string (&writer, "format", orga_import_format_to_string (ORGA_IMPORT_FORMAT_UNKNOWN));
      orga_json_writer_end_object (&writer);
    }
  orga_json_writer_member (&writer, M_LEARNERS);
  if (!write_rows (self, &writer, ORGA_WIRE_LEARNERS, wire_indexes ()->learner_division + 1,
                   "WHERE organization_id = ?1 AND disabled_at IS NULL ORDER BY ine", organization_id,
                   TRUE, error))
    return FALSE;
  orga_json_writer_end_object (&writer);
  return queue_change_text (self, organization_id, ORGA_SYNC_IMPORT_APPLY, subject, text->str, NULL, error);
}

gboolean
_orga_store_sync_queue_import (OrgaStore   *self,
                               gint64       organization_id,
                               gint64       import_id,
                               const char  *kind,
                               GError     **error)
{
  g_autoptr(JsonObject) row = NULL;
  g_autoptr(JsonObject) data = json_object_new ();
  g_autofree char *subject = NULL;
  gboolean syncs;

  if (!school_syncs (self, organization_id, &syncs, error))
    return FALSE;
  if (!syncs)
    return TRUE;

  row = read_row (self, ORGA_WIRE_IMPORTS, import_id, fields_without_seq (ORGA_WIRE_IMPORTS), error);
  if (row == NULL)
    {
      if (error != NULL && *error == NULL)
        g_set_error (error, ORGA_STORE_ERROR, ORGA_STORE_ERROR_NOT_FOUND, "import %" G_GINT64_FORMAT, import_id);
      return FALSE;
    }
  subject = g_strdup (json_object_get_string_member (row, orga_sync_wire_fields (ORGA_WIRE_IMPORTS, NULL)[0].name));

  if (g_str_equal (kind, ORGA_SYNC_IMPORT_UNDO))
    json_object_set_string_member (data, M_IMPORT, subject);
  else
    json_object_set_object_member (data, M_IMPORT, json_object_ref (row));

  if (g_str_equal (kind, ORGA_SYNC_IMPORT_APPLY))
    return queue_import_apply (self, organization_id, import_id, subject, FALSE, error);

  return queue_change (self, organization_id, kind, subject, g_steal_pointer (&data), NULL, error);
}

static gint64
campaign_organization (OrgaStore  *self,
                       gint64      campaign_id,
                       char      **uuid,
                       GError    **error)
{
  g_autoptr(sqlite3_stmt) stmt = _orga_store_prepare (self, "SELECT organization_id, uuid FROM campaigns WHERE id = ?1", error);
  int rc;

  if (stmt == NULL)
    return -1;
  sqlite3_bind_int64 (stmt, 1, campaign_id);
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW)
    {
      if (rc == SQLITE_DONE)
        g_set_error (error, ORGA_STORE_ERROR, ORGA_STORE_ERROR_NOT_FOUND, "campaign %" G_GINT64_FORMAT, campaign_id);
      else
        _orga_store_set_error (self, "campaigns", error);
      return -1;
    }
  *uuid = g_strdup (orga_db_column_text (stmt, 1));
  return sqlite3_column_int64 (stmt, 0);
}

JsonObject *
_orga_store_sync_read_campaign (OrgaStore  *self,
                                gint64      campaign_id,
                                GError    **error)
{
  JsonObject *row = read_row (self, ORGA_WIRE_CAMPAIGNS, campaign_id, fields_without_seq (ORGA_WIRE_CAMPAIGNS), error);

  if (row == NULL && error != NULL && *error == NULL)
    g_set_error (error, ORGA_STORE_ERROR, ORGA_STORE_ERROR_NOT_FOUND, "campaign %" G_GINT64_FORMAT, campaign_id);
  return row;
}

static gboolean
same_member (JsonObject *a,
             JsonObject *b,
             const char *name)
{
  JsonNode *x = json_object_get_member (a, name);
  JsonNode *y = json_object_get_member (b, name);

  if (x == NULL || y == NULL)
    return x == y;
  return json_node_equal (x, y);
}

gboolean
_orga_store_sync_queue_campaign (OrgaStore   *self,
                                 gint64       campaign_id,
                                 const char  *kind,
                                 JsonObject  *before,
                                 const char  *at,
                                 GError     **error)
{
  g_autoptr(JsonObject) data = json_object_new ();
  g_autofree char *uuid = NULL;
  gint64 organization_id;
  gboolean syncs;

  organization_id = campaign_organization (self, campaign_id, &uuid, error);
  if (organization_id < 0)
    return FALSE;
  if (!school_syncs (self, organization_id, &syncs, error))
    return FALSE;
  if (!syncs)
    return TRUE;

  if (g_str_equal (kind, ORGA_SYNC_CAMPAIGN_CREATE))
    {
      JsonObject *row = _orga_store_sync_read_campaign (self, campaign_id, error);

      if (row == NULL)
        return FALSE;
      json_object_set_object_member (data, M_CAMPAIGN, row);
      return queue_change (self, organization_id, kind, uuid, g_steal_pointer (&data), at, error);
    }

  json_object_set_string_member (data, M_CAMPAIGN, uuid);

  if (g_str_equal (kind, ORGA_SYNC_CAMPAIGN_UPDATE))
    {
      g_autoptr(JsonObject) after = _orga_store_sync_read_campaign (self, campaign_id, error);
      JsonObject *fields;
      const OrgaWireField *wire;
      guint n_fields;

      g_return_val_if_fail (before != NULL, FALSE);
      if (after == NULL)
        return FALSE;

      /* Only what changed: the server merges edits field by field. */
      fields = json_object_new ();
      json_object_set_object_member (data, M_FIELDS, fields);
      wire = orga_sync_wire_fields (ORGA_WIRE_CAMPAIGNS, &n_fields);
      for (guint i = 0; i < n_fields; i++)
        if (orga_sync_wire_campaign_field_is_editable (wire[i].name) &&
            !same_member (before, after, wire[i].name))
          json_object_set_member (fields, wire[i].name, json_object_dup_member (after, wire[i].name));
      if (json_object_get_size (fields) == 0)
        return TRUE;
    }
  else if (g_str_equal (kind, ORGA_SYNC_CAMPAIGN_ARCHIVE))
    {
      g_autoptr(JsonObject) after = _orga_store_sync_read_campaign (self, campaign_id, error);
      const OrgaWireField *wire = orga_sync_wire_fields (ORGA_WIRE_CAMPAIGNS, NULL);

      if (after == NULL)
        return FALSE;
      json_object_set_boolean_member (data, M_ARCHIVED,
                                      !json_object_get_null_member (after, wire[wire_indexes ()->campaign_archived_at].name));
    }
  else
    g_return_val_if_fail (g_str_equal (kind, ORGA_SYNC_CAMPAIGN_DELETE), FALSE);

  return queue_change (self, organization_id, kind, uuid, g_steal_pointer (&data), at, error);
}

gboolean
_orga_store_sync_queue_participation_delete (OrgaStore   *self,
                                             gint64       organization_id,
                                             const char  *uuid,
                                             const char  *at,
                                             GError     **error)
{
  g_autoptr(JsonObject) data = json_object_new ();
  gboolean syncs;

  if (!school_syncs (self, organization_id, &syncs, error))
    return FALSE;
  if (!syncs)
    return TRUE;

  json_object_set_string_member (data, M_PARTICIPATION, uuid);
  return queue_change (self, organization_id, ORGA_SYNC_PARTICIPATION_DELETE, uuid, g_steal_pointer (&data), at, error);
}

JsonObject *
_orga_store_sync_read_cert_row (OrgaStore     *self,
                                OrgaWireKind   kind,
                                gint64         id,
                                GError       **error)
{
  JsonObject *row;

  g_return_val_if_fail (is_cert_kind (kind), NULL);

  row = read_row (self, kind, id, fields_without_seq (kind), error);
  if (row == NULL && (error == NULL || *error == NULL))
    g_set_error (error, ORGA_STORE_ERROR, ORGA_STORE_ERROR_NOT_FOUND, "%s %" G_GINT64_FORMAT, kind_tables[kind], id);
  return row;
}

gboolean
_orga_store_sync_queue_cert (OrgaStore   *self,
                             gint64       organization_id,
                             const char  *kind,
                             const char  *subject,
                             JsonObject  *data,
                             GError     **error)
{
  g_autoptr(JsonObject) owned = data;
  gboolean syncs;

  if (!school_syncs (self, organization_id, &syncs, error))
    return FALSE;
  if (!syncs)
    return TRUE;
  return queue_change (self, organization_id, kind, subject, g_steal_pointer (&owned), NULL, error);
}

/* The sessions made offline and not finalized (none can be: courses come
 * from the server), each as a cert_session.create followed by the
 * enrolment of its candidates. Demonstration ones never. */
static gboolean
queue_cert_seed (OrgaStore  *self,
                 gint64      organization_id,
                 GError    **error)
{
  g_autoptr(sqlite3_stmt) sessions = NULL;
  g_autoptr(sqlite3_stmt) candidates = NULL;
  int rc;

  sessions = _orga_store_prepare (self,
                                  "SELECT id, uuid FROM cert_sessions WHERE organization_id = ?1 AND is_demo = 0 "
                                  "AND sync_gen = 0 AND deleted_at IS NULL AND finalized_at IS NULL ORDER BY id",
                                  error);
  candidates = sessions != NULL ? _orga_store_prepare (self,
                                                       "SELECT id FROM cert_candidates WHERE session_id = ?1 "
                                                       "AND removed_at IS NULL ORDER BY id",
                                                       error) : NULL;
  if (candidates == NULL)
    return FALSE;
  sqlite3_bind_int64 (sessions, 1, organization_id);
  while ((rc = sqlite3_step (sessions)) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (sessions, 0);
      g_autofree char *uuid = g_strdup (orga_db_column_text (sessions, 1));
      g_autoptr(JsonObject) create = json_object_new ();
      g_autoptr(JsonObject) enrol = json_object_new ();
      JsonObject *row = read_row (self, ORGA_WIRE_CERT_SESSIONS, id, fields_without_seq (ORGA_WIRE_CERT_SESSIONS), error);
      JsonArray *rows = json_array_new ();
      int crc;

      json_object_set_string_member (enrol, "cert_session", uuid);
      json_object_set_array_member (enrol, "cert_candidates", rows);
      if (row == NULL)
        return FALSE;
      json_object_set_object_member (create, "cert_session", row);
      if (!queue_change (self, organization_id, ORGA_SYNC_CERT_SESSION_CREATE, uuid, g_steal_pointer (&create), NULL, error))
        return FALSE;

      sqlite3_reset (candidates);
      sqlite3_bind_int64 (candidates, 1, id);
      while ((crc = sqlite3_step (candidates)) == SQLITE_ROW)
        {
          JsonObject *candidate = read_row (self, ORGA_WIRE_CERT_CANDIDATES, sqlite3_column_int64 (candidates, 0),
                                            fields_without_seq (ORGA_WIRE_CERT_CANDIDATES), error);

          if (candidate == NULL)
            return FALSE;
          json_array_add_object_element (rows, candidate);
        }
      if (crc != SQLITE_DONE)
        return _orga_store_set_error (self, "cert_candidates", error);
      if (json_array_get_length (rows) > 0 &&
          !queue_change (self, organization_id, ORGA_SYNC_CERT_CANDIDATES_ENROL, uuid, g_steal_pointer (&enrol), NULL, error))
        return FALSE;
    }
  if (rc != SQLITE_DONE)
    return _orga_store_set_error (self, "cert_sessions", error);
  return TRUE;
}

/* What a school made offline holds, queued when a space adopts it
 * (docs/sync.md, "Adopting a school made offline"): its active students
 * as one import.apply flagged as a seed, which the server applies only
 * to a space without a list; each campaign as a campaign.create (its
 * archive in the row, which the server honours) followed, for one
 * deleted here, by its campaign.delete, so that its code stays taken on
 * the server too. Participations never: only demonstration ones can be
 * made here. In the caller's transaction, the school already bound. */
gboolean
_orga_store_sync_queue_seed (OrgaStore  *self,
                             gint64      organization_id,
                             GError    **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  gint64 n_active;
  int rc;

  stmt = _orga_store_prepare (self,
                              "SELECT coalesce ((SELECT active FROM learner_counts WHERE organization_id = ?1), 0), "
                              "       (SELECT id FROM imports WHERE organization_id = ?1 AND status = 'imported' "
                              "        ORDER BY created_at DESC, id DESC LIMIT 1), "
                              "       (SELECT uuid FROM imports WHERE organization_id = ?1 AND status = 'imported' "
                              "        ORDER BY created_at DESC, id DESC LIMIT 1)", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, organization_id);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    return _orga_store_set_error (self, "learners", error);
  n_active = sqlite3_column_int64 (stmt, 0);
  if (n_active > 0)
    {
      gint64 import_id = sqlite3_column_int64 (stmt, 1);
      g_autofree char *subject = import_id != 0 ? g_strdup (orga_db_column_text (stmt, 2)) : orga_store_new_uuid ();

      if (!queue_import_apply (self, organization_id, import_id, subject, TRUE, error))
        return FALSE;
    }
  g_clear_pointer (&stmt, sqlite3_finalize);

  /* What the offline imports overwrote is no state the space will know:
   * undoing the seed's import is the server's (it created every student
   * of an empty space), and the pull brings its result. */
  if (exec_for_school (self,
                       "DELETE FROM learners_before_import WHERE import_id IN "
                       "(SELECT id FROM imports WHERE organization_id = ?1)",
                       organization_id, 0, error) < 0)
    return FALSE;

  stmt = _orga_store_prepare (self,
                              "SELECT id, deleted_at FROM campaigns WHERE organization_id = ?1 ORDER BY created_at, id",
                              error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, organization_id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);
      g_autofree char *deleted_at = g_strdup (orga_db_column_text (stmt, 1));

      if (!_orga_store_sync_queue_campaign (self, id, ORGA_SYNC_CAMPAIGN_CREATE, NULL, NULL, error))
        return FALSE;
      if (deleted_at != NULL &&
          !_orga_store_sync_queue_campaign (self, id, ORGA_SYNC_CAMPAIGN_DELETE, NULL, deleted_at, error))
        return FALSE;
    }
  if (rc != SQLITE_DONE)
    return _orga_store_set_error (self, "campaigns", error);
  return queue_cert_seed (self, organization_id, error);
}

char *
_orga_store_sync_dup_owner_id (OrgaStore  *self,
                               const char *owner)
{
  g_autoptr(OrgaAccount) account = orga_store_get_account (self, NULL);
  g_autofree char *name = NULL;

  if (account == NULL || owner == NULL)
    return NULL;
  name = orga_account_dup_display_name (account);
  if (!g_str_equal (name, owner))
    return NULL;
  return g_strdup (orga_account_get_user_id (account));
}

gboolean
_orga_store_sync_forget (OrgaStore  *self,
                         gint64      organization_id,
                         GError    **error)
{
  static const char * const steps[] = {
    "DELETE FROM sync_outbox WHERE ?1 = 0 OR organization_id = ?1",
    "DELETE FROM sync_state WHERE ?1 = 0 OR organization_id = ?1",
    "DELETE FROM sync_notices WHERE ?1 = 0 OR organization_id = ?1",
    "UPDATE participations SET sync_gen = 0 WHERE sync_gen <> 0 "
    "AND (?1 = 0 OR campaign_id IN (SELECT id FROM campaigns WHERE organization_id = ?1))",
    "UPDATE learners SET sync_gen = 0 WHERE sync_gen <> 0 AND (?1 = 0 OR organization_id = ?1)",
    "UPDATE imports SET sync_gen = 0 WHERE sync_gen <> 0 AND (?1 = 0 OR organization_id = ?1)",
    "UPDATE campaigns SET sync_gen = 0 WHERE sync_gen <> 0 AND (?1 = 0 OR organization_id = ?1)",
    "UPDATE cert_sessions SET sync_gen = 0 WHERE sync_gen <> 0 AND (?1 = 0 OR organization_id = ?1)",
    "UPDATE cert_candidates SET sync_gen = 0 WHERE sync_gen <> 0 AND (?1 = 0 OR organization_id = ?1)",
    "UPDATE cert_courses SET sync_gen = 0 WHERE sync_gen <> 0 AND (?1 = 0 OR organization_id = ?1)",
    "UPDATE cert_reports SET sync_gen = 0 WHERE sync_gen <> 0 AND (?1 = 0 OR organization_id = ?1)",
  };
  int changed = 0;

  for (guint i = 0; i < G_N_ELEMENTS (steps); i++)
    {
      int n = exec_for_school (self, steps[i], organization_id, 0, error);

      if (n < 0)
        return FALSE;
      changed += n;
    }
  if (changed > 0)
    _orga_store_mark (self, ORGA_STORE_CHANGE_SYNC, 0);
  return TRUE;
}

/* ---- public: device, outbox, push ------------------------------------- */

char *
orga_store_sync_dup_device (OrgaStore  *self,
                            GError    **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *uuid = NULL;
  int rc;

  g_return_val_if_fail (ORGA_IS_STORE (self), NULL);

  if (!orga_store_begin (self, error))
    return NULL;
  stmt = _orga_store_prepare (self, "SELECT uuid FROM sync_device WHERE id = 1", error);
  if (stmt == NULL)
    goto failed;
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    uuid = g_strdup (orga_db_column_text (stmt, 0));
  else if (rc != SQLITE_DONE)
    {
      _orga_store_set_error (self, "sync device", error);
      goto failed;
    }
  else
    {
      g_clear_pointer (&stmt, sqlite3_finalize);
      uuid = orga_store_new_uuid ();
      stmt = _orga_store_prepare (self, "INSERT INTO sync_device (id, uuid) VALUES (1, ?1)", error);
      if (stmt == NULL)
        goto failed;
      orga_db_bind_text (stmt, 1, uuid);
      if (!_orga_store_step_done (self, stmt, "sync device", error))
        goto failed;
    }
  if (!orga_store_commit (self, error))
    return NULL;
  return g_steal_pointer (&uuid);

failed:
  orga_store_rollback (self);
  return NULL;
}

gboolean
orga_store_sync_is_enabled (OrgaStore        *self,
                            OrgaOrganization *organization)
{
  gboolean syncs = FALSE;

  g_return_val_if_fail (ORGA_IS_STORE (self), FALSE);
  g_return_val_if_fail (ORGA_IS_ORGANIZATION (organization), FALSE);

  return school_syncs (self, orga_organization_get_id (organization), &syncs, NULL) && syncs;
}

guint
orga_store_sync_count_outbox (OrgaStore         *self,
                              OrgaOrganization  *organization,
                              GError           **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  g_return_val_if_fail (ORGA_IS_STORE (self), 0);
  g_return_val_if_fail (ORGA_IS_ORGANIZATION (organization), 0);

  stmt = _orga_store_prepare (self, "SELECT count(*) FROM sync_outbox WHERE organization_id = ?1", error);
  if (stmt == NULL)
    return 0;
  sqlite3_bind_int64 (stmt, 1, orga_organization_get_id (organization));
  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      _orga_store_set_error (self, "sync outbox", error);
      return 0;
    }
  return (guint) sqlite3_column_int64 (stmt, 0);
}

JsonNode *
orga_store_sync_build_push (OrgaStore         *self,
                            OrgaOrganization  *organization,
                            guint              max_changes,
                            GError           **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(JsonObject) body = NULL;
  g_autofree char *device = NULL;
  JsonArray *changes;
  gsize bytes = 0;
  int rc;

  g_return_val_if_fail (ORGA_IS_STORE (self), NULL);
  g_return_val_if_fail (ORGA_IS_ORGANIZATION (organization), NULL);

  max_changes = CLAMP (max_changes, 1, ORGA_SYNC_PUSH_MAX);
  device = orga_store_sync_dup_device (self, error);
  if (device == NULL)
    return NULL;

  stmt = _orga_store_prepare (self,
                              "SELECT uuid, kind, created_at, base, data FROM sync_outbox "
                              "WHERE organization_id = ?1 ORDER BY id LIMIT ?2", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, orga_organization_get_id (organization));
  sqlite3_bind_int (stmt, 2, (int) max_changes);

  body = json_object_new ();
  json_object_set_int_member (body, M_PROTOCOL, ORGA_SYNC_PROTOCOL);
  json_object_set_string_member (body, M_DEVICE, device);
  changes = json_array_new ();
  json_object_set_array_member (body, M_CHANGES, changes);

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *data_text = orga_db_column_text (stmt, 4);
      gsize size = (gsize) sqlite3_column_bytes (stmt, 4);
      g_autoptr(JsonNode) data = NULL;
      JsonObject *change;

      /* A large import may fill a push alone; it always goes first. */
      if (json_array_get_length (changes) > 0 && bytes + size > PUSH_DATA_BUDGET)
        break;
      bytes += size;

      data = orga_json_parse (data_text, -1, error);
      if (data == NULL)
        return NULL;
      change = json_object_new ();
      json_object_set_string_member (change, M_ID, orga_db_column_text (stmt, 0));
      json_object_set_string_member (change, M_KIND, orga_db_column_text (stmt, 1));
      json_object_set_string_member (change, M_AT, orga_db_column_text (stmt, 2));
      json_object_set_int_member (change, M_BASE, sqlite3_column_int64 (stmt, 3));
      json_object_set_member (change, M_DATA, g_steal_pointer (&data));
      json_array_add_object_element (changes, change);
    }
  if (rc != SQLITE_DONE && rc != SQLITE_ROW)
    {
      _orga_store_set_error (self, "sync outbox", error);
      return NULL;
    }

  if (json_array_get_length (changes) == 0)
    return NULL;
  return json_node_init_object (json_node_alloc (), body);
}

/* ---- the state: cursor, gen, resync ------------------------------------ */

typedef struct
{
  gint64   cursor;
  gint64   gen;
  gboolean resync;
} SyncState;

static gboolean
read_state (OrgaStore   *self,
            gint64       organization_id,
            SyncState   *state,
            GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  if (exec_for_school (self, "INSERT INTO sync_state (organization_id) VALUES (?1) ON CONFLICT DO NOTHING",
                       organization_id, 0, error) < 0)
    return FALSE;
  stmt = _orga_store_prepare (self, "SELECT cursor, gen, resync FROM sync_state WHERE organization_id = ?1", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, organization_id);
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW)
    return _orga_store_set_error (self, "sync state", error);
  state->cursor = sqlite3_column_int64 (stmt, 0);
  state->gen = sqlite3_column_int64 (stmt, 1);
  state->resync = sqlite3_column_int (stmt, 2) != 0;
  return TRUE;
}

/* Inside the caller's transaction. */
static gboolean
start_resync (OrgaStore  *self,
              gint64      organization_id,
              GError    **error)
{
  SyncState state;

  if (!read_state (self, organization_id, &state, error))
    return FALSE;
  if (exec_for_school (self, "UPDATE sync_state SET cursor = 0, gen = gen + 1, resync = 1 WHERE organization_id = ?1",
                       organization_id, 0, error) < 0)
    return FALSE;
  _orga_store_mark (self, ORGA_STORE_CHANGE_SYNC, 0);
  return TRUE;
}

gint64
orga_store_sync_get_cursor (OrgaStore         *self,
                            OrgaOrganization  *organization,
                            GError           **error)
{
  g_return_val_if_fail (ORGA_IS_STORE (self), 0);
  g_return_val_if_fail (ORGA_IS_ORGANIZATION (organization), 0);

  return MAX (read_cursor (self, orga_organization_get_id (organization), error), 0);
}

gboolean
orga_store_sync_start_resync (OrgaStore         *self,
                              OrgaOrganization  *organization,
                              GError           **error)
{
  g_return_val_if_fail (ORGA_IS_STORE (self), FALSE);
  g_return_val_if_fail (ORGA_IS_ORGANIZATION (organization), FALSE);

  if (!orga_store_begin (self, error))
    return FALSE;
  if (!start_resync (self, orga_organization_get_id (organization), error))
    {
      orga_store_rollback (self);
      return FALSE;
    }
  return orga_store_commit (self, error);
}

/* ---- notices ---------------------------------------------------------- */

static gboolean
add_notice (OrgaStore   *self,
            gint64       organization_id,
            const char  *change,
            const char  *kind,
            const char  *message,
            GPtrArray   *notices,
            GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *now = orga_store_now ();

  stmt = _orga_store_prepare (self,
                              "INSERT INTO sync_notices (organization_id, change, kind, message, created_at) "
                              "VALUES (?1, ?2, ?3, ?4, ?5)", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, organization_id);
  orga_db_bind_text (stmt, 2, change);
  orga_db_bind_text (stmt, 3, kind);
  orga_db_bind_text (stmt, 4, message);
  orga_db_bind_text (stmt, 5, now);
  if (!_orga_store_step_done (self, stmt, "sync notices", error))
    return FALSE;
  _orga_store_mark (self, ORGA_STORE_CHANGE_SYNC, 0);

  if (notices != NULL)
    {
      OrgaSyncNotice *notice = g_new0 (OrgaSyncNotice, 1);

      notice->change = g_strdup (change);
      notice->kind = g_strdup (kind);
      notice->message = g_strdup (message);
      notice->created_at = g_steal_pointer (&now);
      g_ptr_array_add (notices, notice);
    }
  return TRUE;
}

GPtrArray *
orga_store_sync_list_notices (OrgaStore         *self,
                              OrgaOrganization  *organization,
                              GError           **error)
{
  g_autoptr(GPtrArray) notices = g_ptr_array_new_with_free_func ((GDestroyNotify) orga_sync_notice_free);
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  g_return_val_if_fail (ORGA_IS_STORE (self), NULL);
  g_return_val_if_fail (ORGA_IS_ORGANIZATION (organization), NULL);

  stmt = _orga_store_prepare (self,
                              "SELECT change, kind, message, created_at FROM sync_notices "
                              "WHERE organization_id = ?1 AND seen_at IS NULL ORDER BY id", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, orga_organization_get_id (organization));
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      OrgaSyncNotice *notice = g_new0 (OrgaSyncNotice, 1);

      notice->change = g_strdup (orga_db_column_text (stmt, 0));
      notice->kind = g_strdup (orga_db_column_text (stmt, 1));
      notice->message = g_strdup (orga_db_column_text (stmt, 2));
      notice->created_at = g_strdup (orga_db_column_text (stmt, 3));
      g_ptr_array_add (notices, notice);
    }
  if (rc != SQLITE_DONE)
    {
      _orga_store_set_error (self, "sync notices", error);
      return NULL;
    }
  return g_steal_pointer (&notices);
}

gboolean
orga_store_sync_mark_notices_seen (OrgaStore         *self,
                                   OrgaOrganization  *organization,
                                   GError           **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *now = orga_store_now ();

  g_return_val_if_fail (ORGA_IS_STORE (self), FALSE);
  g_return_val_if_fail (ORGA_IS_ORGANIZATION (organization), FALSE);

  if (!orga_store_begin (self, error))
    return FALSE;
  stmt = _orga_store_prepare (self, "UPDATE sync_notices SET seen_at = ?2 WHERE organization_id = ?1 AND seen_at IS NULL",
                              error);
  if (stmt != NULL)
    {
      sqlite3_bind_int64 (stmt, 1, orga_organization_get_id (organization));
      orga_db_bind_text (stmt, 2, now);
    }
  if (stmt == NULL || !_orga_store_step_done (self, stmt, "sync notices", error))
    {
      orga_store_rollback (self);
      return FALSE;
    }
  if (sqlite3_changes (_orga_store_get_db (self)) > 0)
    _orga_store_mark (self, ORGA_STORE_CHANGE_SYNC, 0);
  return orga_store_commit (self, error);
}

/* ---- the last run ----------------------------------------------------- */

gboolean
orga_store_sync_record_run (OrgaStore         *self,
                            OrgaOrganization  *organization,
                            const char        *error_message,
                            GError           **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *now = orga_store_now ();
  SyncState state;
  gint64 organization_id;

  g_return_val_if_fail (ORGA_IS_STORE (self), FALSE);
  g_return_val_if_fail (ORGA_IS_ORGANIZATION (organization), FALSE);

  organization_id = orga_organization_get_id (organization);
  if (!orga_store_begin (self, error))
    return FALSE;
  if (!read_state (self, organization_id, &state, error))
    goto failed;
  stmt = _orga_store_prepare (self,
                              "UPDATE sync_state SET last_error = ?2, "
                              "last_success_at = CASE WHEN ?2 IS NULL THEN ?3 ELSE last_success_at END "
                              "WHERE organization_id = ?1", error);
  if (stmt == NULL)
    goto failed;
  sqlite3_bind_int64 (stmt, 1, organization_id);
  orga_db_bind_text (stmt, 2, error_message);
  orga_db_bind_text (stmt, 3, now);
  if (!_orga_store_step_done (self, stmt, "sync state", error))
    goto failed;
  _orga_store_mark (self, ORGA_STORE_CHANGE_SYNC, 0);
  return orga_store_commit (self, error);

failed:
  orga_store_rollback (self);
  return FALSE;
}

char *
orga_store_sync_dup_last_success (OrgaStore         *self,
                                  OrgaOrganization  *organization,
                                  GError           **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  g_return_val_if_fail (ORGA_IS_STORE (self), NULL);
  g_return_val_if_fail (ORGA_IS_ORGANIZATION (organization), NULL);

  stmt = _orga_store_prepare (self, "SELECT last_success_at FROM sync_state WHERE organization_id = ?1", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, orga_organization_get_id (organization));
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    return g_strdup (orga_db_column_text (stmt, 0));
  if (rc != SQLITE_DONE)
    _orga_store_set_error (self, "sync state", error);
  return NULL;
}

/* ---- applying the server's rows --------------------------------------- */

#define PARTICIPATION_BATCH 32

/* The statements a page may need: most pages hold participations only. */
enum
{
  STATEMENT_UPSERT,                                   /* + the kind */
  STATEMENT_FIND = STATEMENT_UPSERT + ORGA_WIRE_N_KINDS,  /* + the kind */
  STATEMENT_PARTICIPATION_BATCH = STATEMENT_FIND + ORGA_WIRE_N_KINDS,
  STATEMENT_REMOVE_LEARNER,
  STATEMENT_FIND_OWN_IMPORT,
  STATEMENT_FIND_LEARNERS,
  N_STATEMENTS
};

/* A participation read and checked, waiting for its batch. */
typedef struct
{
  gint64    campaign_id;
  gint64    learner_id;
  OrgaWireValue values[MAX_WIRE_FIELDS];   /* strings: the page's */
} PendingParticipation;

/* What one page (or one refusal's current rows) needs: statements
 * prepared once, uuid → id of the rows referred to, what changed. */
typedef struct
{
  OrgaStore           *self;
  gint64               organization_id;
  gint64               gen;
  char                *device;
  GPtrArray           *notices;         /* the caller's, or NULL */
  guint                n_rows;
  OrgaStoreChangeKind  kinds;
  GHashTable          *marked;          /* campaign ids marked in the feed */
  GHashTable          *ids[ORGA_WIRE_N_KINDS];   /* uuid → local id */
  sqlite3_stmt        *statements[N_STATEMENTS];  /* each prepared at its first use */
  GString             *key;

  /* Participations go in by PARTICIPATION_BATCH rows a statement. */
  guint                participation_params;
  PendingParticipation pending[PARTICIPATION_BATCH];
  guint                n_pending;
} Applier;

static void
applier_clear (Applier *ap)
{
  for (guint k = 0; k < ORGA_WIRE_N_KINDS; k++)
    g_clear_pointer (&ap->ids[k], g_hash_table_unref);
  for (guint i = 0; i < N_STATEMENTS; i++)
    g_clear_pointer (&ap->statements[i], sqlite3_finalize);
  g_clear_pointer (&ap->marked, g_hash_table_unref);
  g_clear_pointer (&ap->device, g_free);
  if (ap->key != NULL)
    g_string_free (g_steal_pointer (&ap->key), TRUE);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Applier, applier_clear)

/* The columns a row's fields do not give, computed as the local writes
 * compute them, and the column of the row it belongs to. */
static const char *
owner_column (OrgaWireKind kind)
{
  return kind == ORGA_WIRE_PARTICIPATIONS ? "campaign_id" : "organization_id";
}

static const char * const *
extra_columns (OrgaWireKind kind)
{
  static const char * const none[] = { NULL };
  static const char * const learners[] = { "name_key", "import_id", NULL };
  static const char * const campaigns[] = { "name_key", "owner_key", NULL };
  static const char * const participations[] = { "learner_id", NULL };
  static const char * const cert_candidates[] = { "session_id", "learner_id", NULL };
  static const char * const cert_courses[] = { "session_id", "candidate_id", "learner_id", NULL };
  static const char * const cert_reports[] = { "course_id", NULL };

  switch (kind)
    {
    case ORGA_WIRE_LEARNERS:
      return learners;
    case ORGA_WIRE_CAMPAIGNS:
      return campaigns;
    case ORGA_WIRE_PARTICIPATIONS:
      return participations;
    case ORGA_WIRE_CERT_CANDIDATES:
      return cert_candidates;
    case ORGA_WIRE_CERT_COURSES:
      return cert_courses;
    case ORGA_WIRE_CERT_REPORTS:
      return cert_reports;
    case ORGA_WIRE_CERT_SESSIONS:
    case ORGA_WIRE_IMPORTS:
    case ORGA_WIRE_N_KINDS:
    default:
      return none;
    }
}

/* INSERT … ON CONFLICT (uuid) DO UPDATE …: ?1 the owner column, ?2
 * sync_gen, then the extra columns, then the fields that are columns in
 * the wire order. A learner unknown by uuid but known by INE, or a
 * campaign known by code, takes the server's uuid. */
static char *
upsert_sql (OrgaWireKind kind,
            guint        n_rows)
{
  static const char * const fallbacks[ORGA_WIRE_N_KINDS] = {
    [ORGA_WIRE_LEARNERS] = "organization_id, ine",
    [ORGA_WIRE_CAMPAIGNS] = "code",
  };
  const char * const *extras = extra_columns (kind);
  const OrgaWireField *fields;
  g_autoptr(GString) set = g_string_new ("sync_gen = excluded.sync_gen");
  GString *sql = g_string_new (NULL);
  guint n_fields;

  fields = orga_sync_wire_fields (kind, &n_fields);
  g_string_append_printf (sql, "INSERT INTO %s (%s, sync_gen", kind_tables[kind], owner_column (kind));
  if (kind == ORGA_WIRE_PARTICIPATIONS)
    g_string_append (set, ", campaign_id = excluded.campaign_id");
  for (guint i = 0; extras[i] != NULL; i++)
    {
      g_string_append_printf (sql, ", %s", extras[i]);
      g_string_append_printf (set, ", %s = excluded.%s", extras[i], extras[i]);
    }
  for (guint i = 0; i < n_fields; i++)
    if (is_column (kind, i))
      {
        g_string_append_printf (sql, ", %s", fields[i].name);
        g_string_append_printf (set, ", %s = excluded.%s", fields[i].name, fields[i].name);
      }
  g_string_append (sql, ") VALUES ");
  for (guint r = 0, param = 1; r < n_rows; r++)
    {
      g_string_append_printf (sql, "%s(?%d, ?%d", r > 0 ? ", " : "", param, param + 1);
      param += 2;
      for (guint i = 0; extras[i] != NULL; i++)
        g_string_append_printf (sql, ", ?%d", param++);
      for (guint i = 0; i < n_fields; i++)
        if (is_column (kind, i))
          g_string_append_printf (sql, ", ?%d", param++);
      g_string_append_c (sql, ')');
    }
  g_string_append_printf (sql, " ON CONFLICT (uuid) DO UPDATE SET %s", set->str);
  if (fallbacks[kind] != NULL)
    g_string_append_printf (sql, " ON CONFLICT (%s) DO UPDATE SET %s", fallbacks[kind], set->str);
  if (kind != ORGA_WIRE_PARTICIPATIONS)
    g_string_append (sql, " RETURNING id");

  return g_string_free (sql, FALSE);
}

static gboolean
applier_init (Applier           *ap,
              OrgaStore         *self,
              gint64             organization_id,
              gint64             gen,
              GPtrArray         *notices,
              GError           **error)
{
  ap->self = self;
  ap->organization_id = organization_id;
  ap->gen = gen;
  ap->notices = notices;
  ap->key = g_string_sized_new (64);
  ap->marked = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  ap->device = orga_store_sync_dup_device (self, error);
  if (ap->device == NULL)
    return FALSE;

  for (guint k = 0; k < ORGA_WIRE_N_KINDS; k++)
    ap->ids[k] = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  {
    guint n_fields;

    orga_sync_wire_fields (ORGA_WIRE_PARTICIPATIONS, &n_fields);
    ap->participation_params = 3;
    for (guint i = 0; i < n_fields; i++)
      ap->participation_params += is_column (ORGA_WIRE_PARTICIPATIONS, i);
  }
  return TRUE;
}

static char *
statement_sql (guint which)
{
  if (which < STATEMENT_FIND)
    return upsert_sql (which - STATEMENT_UPSERT, 1);
  if (which < STATEMENT_PARTICIPATION_BATCH)
    return g_strdup_printf ("SELECT id FROM %s WHERE uuid = ?1 AND organization_id = ?2",
                            kind_tables[which - STATEMENT_FIND]);
  switch (which)
    {
    case STATEMENT_PARTICIPATION_BATCH:
      return upsert_sql (ORGA_WIRE_PARTICIPATIONS, PARTICIPATION_BATCH);
    case STATEMENT_REMOVE_LEARNER:
      return g_strdup ("DELETE FROM learners WHERE uuid = ?1 AND organization_id = ?2");
    case STATEMENT_FIND_LEARNERS:
      {
        /* "+": by the uuids' index, not by the school's (which would
         * read the whole school for every batch). */
        GString *sql = g_string_new ("SELECT uuid, id FROM learners WHERE +organization_id = ?1 AND uuid IN (?2");

        for (guint i = 1; i < PARTICIPATION_BATCH; i++)
          g_string_append_printf (sql, ", ?%u", i + 2);
        g_string_append_c (sql, ')');
        return g_string_free (sql, FALSE);
      }
    case STATEMENT_FIND_OWN_IMPORT:
    default:
      return g_strdup ("SELECT 1 FROM imports WHERE uuid = ?1 AND organization_id = ?2 AND device = ?3");
    }
}

/* Statement @which, prepared at its first use in the page; reset. Its
 * text is written once a process: every page asks for it again. */
static sqlite3_stmt *
get_statement (Applier  *ap,
               guint     which,
               GError  **error)
{
  static char *texts[N_STATEMENTS];
  static gsize done[N_STATEMENTS];

  if (ap->statements[which] == NULL)
    {
      if (g_once_init_enter (&done[which]))
        {
          texts[which] = statement_sql (which);
          g_once_init_leave (&done[which], 1);
        }
      ap->statements[which] = _orga_store_prepare (ap->self, texts[which], error);
    }
  else
    sqlite3_reset (ap->statements[which]);
  return ap->statements[which];
}

/* The local id of the row of @kind with @uuid in the school, 0 when none. */
static gboolean
lookup_id (Applier       *ap,
           OrgaWireKind   kind,
           const char    *uuid,
           gint64        *id,
           GError       **error)
{
  gpointer cached;
  sqlite3_stmt *find;
  int rc;

  if (g_hash_table_lookup_extended (ap->ids[kind], uuid, NULL, &cached))
    {
      *id = (gint64) GPOINTER_TO_SIZE (cached);
      return TRUE;
    }

  find = get_statement (ap, STATEMENT_FIND + kind, error);
  if (find == NULL)
    return FALSE;
  sqlite3_bind_text (find, 1, uuid, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (find, 2, ap->organization_id);
  rc = sqlite3_step (find);
  *id = 0;
  if (rc == SQLITE_ROW)
    *id = sqlite3_column_int64 (find, 0);
  else if (rc != SQLITE_DONE)
    return _orga_store_set_error (ap->self, kind_tables[kind], error);
  sqlite3_reset (find);

  if (*id != 0)
    g_hash_table_insert (ap->ids[kind], g_strdup (uuid), GSIZE_TO_POINTER ((gsize) *id));
  return TRUE;
}

static void
applier_mark (Applier             *ap,
              OrgaStoreChangeKind  kind,
              gint64               campaign_id)
{
  gboolean about_campaigns = (kind & (ORGA_STORE_CHANGE_CAMPAIGNS | ORGA_STORE_CHANGE_PARTICIPATIONS)) != 0;

  if (about_campaigns && campaign_id > 0)
    {
      /* Once per campaign and kind: a page may hold 10,000 rows of one. */
      gint64 key = campaign_id * 2 + (kind == ORGA_STORE_CHANGE_PARTICIPATIONS);

      if (g_hash_table_contains (ap->marked, &key))
        return;
      g_hash_table_add (ap->marked, g_memdup2 (&key, sizeof key));
    }
  else if (!about_campaigns && (ap->kinds & kind) == kind)
    return;

  ap->kinds |= kind;
  _orga_store_mark (ap->self, kind, campaign_id);
}

/* The notice of an import of this desktop that another one replaced
 * without having seen it (docs/sync.md, "Two imports"). */
static gboolean
notice_override (Applier              *ap,
                 const OrgaWireValue  *row,
                 GError              **error)
{
  const WireIndexes *w = wire_indexes ();
  const char *overrode = value_text (&row[w->import_overrode]);
  sqlite3_stmt *find;
  g_autofree char *date = NULL;
  g_autofree char *message = NULL;
  int rc;

  if (overrode == NULL)
    return TRUE;

  find = get_statement (ap, STATEMENT_FIND_OWN_IMPORT, error);
  if (find == NULL)
    return FALSE;
  sqlite3_bind_text (find, 1, overrode, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (find, 2, ap->organization_id);
  orga_db_bind_text (find, 3, ap->device);
  rc = sqlite3_step (find);
  sqlite3_reset (find);
  if (rc == SQLITE_DONE)
    return TRUE;
  if (rc != SQLITE_ROW)
    return _orga_store_set_error (ap->self, "imports", error);

  date = orga_format_iso_date_time (value_text (&row[w->import_created_at]), NULL);
  /* TRANSLATORS: the first %s is a date and time ("15/07/2024 14:30"),
   * the second a person's name. */
  message = g_strdup_printf (_("A more recent import was made on another computer on %s by %s."),
                             date != NULL ? date : "?", value_text (&row[w->import_created_by]));
  return add_notice (ap->self, ap->organization_id, NULL, NOTICE_IMPORT_OVERRIDDEN, message, ap->notices, error);
}

/* Every field of @row, checked. */
static gboolean
check_values (OrgaWireKind          kind,
              const OrgaWireValue  *row,
              GError              **error)
{
  guint n_fields;
  const OrgaWireField *fields = orga_sync_wire_fields (kind, &n_fields);

  for (guint i = 0; i < n_fields; i++)
    if (!check_value (kind, &fields[i], &row[i], error))
      return FALSE;
  return TRUE;
}

/* The members of @object that are fields of @kind, by index. */
static void
values_from_object (OrgaWireKind   kind,
                    JsonObject    *object,
                    OrgaWireValue *row)
{
  guint n_fields;
  const OrgaWireField *fields = orga_sync_wire_fields (kind, &n_fields);

  for (guint i = 0; i < n_fields; i++)
    value_from_node (json_object_get_member (object, fields[i].name), &row[i]);
}

/* Binds the @values that are columns from parameter @first on. */
static void
bind_values (sqlite3_stmt         *stmt,
             int                   first,
             OrgaWireKind          kind,
             const OrgaWireValue  *values)
{
  /* The fields that are columns, in order, and how many: a row binds
   * them all, a page binds 1,000 rows. */
  static guint8 columns[ORGA_WIRE_N_KINDS][MAX_WIRE_FIELDS];
  static guint n_columns[ORGA_WIRE_N_KINDS];
  static gsize done;
  const OrgaWireField *fields = orga_sync_wire_fields (kind, NULL);

  if (g_once_init_enter (&done))
    {
      for (guint k = 0; k < ORGA_WIRE_N_KINDS; k++)
        {
          guint n_fields;

          orga_sync_wire_fields (k, &n_fields);
          for (guint i = 0; i < n_fields; i++)
            if (is_column (k, i))
              columns[k][n_columns[k]++] = (guint8) i;
        }
      g_once_init_leave (&done, 1);
    }

  for (guint c = 0; c < n_columns[kind]; c++)
    bind_value (stmt, first + (int) c, &fields[columns[kind][c]], &values[columns[kind][c]]);
}

/* Binds one participation from parameter @base + 1 on: its campaign,
 * the gen, its learner, its fields (upsert_sql()'s order). */
static void
bind_participation (Applier             *ap,
                    sqlite3_stmt        *stmt,
                    int                  base,
                    PendingParticipation *p)
{
  sqlite3_bind_int64 (stmt, base + 1, p->campaign_id);
  sqlite3_bind_int64 (stmt, base + 2, ap->gen);
  if (p->learner_id != 0)
    sqlite3_bind_int64 (stmt, base + 3, p->learner_id);
  else
    sqlite3_bind_null (stmt, base + 3);
  bind_values (stmt, base + 4, ORGA_WIRE_PARTICIPATIONS, p->values);
}

/* The learners of the participations waiting, found by one statement
 * (0: none in the school, gone meanwhile). The rows of a page name a
 * student each, seldom twice: a cache per page hardly ever hits, and one
 * statement a batch costs a little less than one a row (the index seeks
 * are most of it either way). */
static gboolean
resolve_learners (Applier  *ap,
                  GError  **error)
{
  const WireIndexes *w = wire_indexes ();
  sqlite3_stmt *find = get_statement (ap, STATEMENT_FIND_LEARNERS, error);
  int rc;

  if (find == NULL)
    return FALSE;
  sqlite3_bind_int64 (find, 1, ap->organization_id);
  for (guint k = 0; k < PARTICIPATION_BATCH; k++)
    {
      const OrgaWireValue *learner = k < ap->n_pending ? &ap->pending[k].values[w->participation_learner] : NULL;

      if (learner != NULL && learner->type == ORGA_WIRE_VALUE_STRING)
        sqlite3_bind_text (find, (int) k + 2, learner->s, -1, SQLITE_STATIC);
      else
        sqlite3_bind_null (find, (int) k + 2);
      if (k < ap->n_pending)
        ap->pending[k].learner_id = 0;
    }

  while ((rc = sqlite3_step (find)) == SQLITE_ROW)
    {
      const char *uuid = (const char *) sqlite3_column_text (find, 0);
      gint64 id = sqlite3_column_int64 (find, 1);

      /* A student may have several attempts in the batch. */
      for (guint k = 0; k < ap->n_pending; k++)
        {
          const OrgaWireValue *learner = &ap->pending[k].values[w->participation_learner];

          if (learner->type == ORGA_WIRE_VALUE_STRING && strcmp (learner->s, uuid) == 0)
            ap->pending[k].learner_id = id;
        }
    }
  if (rc != SQLITE_DONE)
    return _orga_store_set_error (ap->self, "learners", error);
  sqlite3_reset (find);
  return TRUE;
}

/* Writes the participations waiting: PARTICIPATION_BATCH rows in one
 * statement, as the local insert does; fewer one by one. */
static gboolean
flush_participations (Applier  *ap,
                      GError  **error)
{
  gboolean full = ap->n_pending == PARTICIPATION_BATCH;
  sqlite3_stmt *stmt;

  if (ap->n_pending == 0)
    return TRUE;
  if (!resolve_learners (ap, error))
    return FALSE;
  stmt = get_statement (ap, full ? STATEMENT_PARTICIPATION_BATCH : STATEMENT_UPSERT + ORGA_WIRE_PARTICIPATIONS, error);
  if (stmt == NULL)
    return FALSE;
  for (guint k = 0; k < ap->n_pending; k++)
    {
      if (!full)
        sqlite3_reset (stmt);
      bind_participation (ap, stmt, full ? (int) (k * ap->participation_params) : 0, &ap->pending[k]);
      if (!full && !_orga_store_step_done (ap->self, stmt, "participations", error))
        return FALSE;
    }
  if (full && !_orga_store_step_done (ap->self, stmt, "participations", error))
    return FALSE;

  ap->n_pending = 0;
  return TRUE;
}

/* A participation: checked and its campaign resolved now, its learner
 * and itself with its batch. */
static gboolean
queue_participation (Applier              *ap,
                     const OrgaWireValue  *row,
                     GError              **error)
{
  const WireIndexes *w = wire_indexes ();
  PendingParticipation *p = &ap->pending[ap->n_pending];
  const char *campaign;
  guint n_fields;

  orga_sync_wire_fields (ORGA_WIRE_PARTICIPATIONS, &n_fields);
  memcpy (p->values, row, n_fields * sizeof (OrgaWireValue));
  campaign = value_text (&row[w->participation_campaign]);

  if (!lookup_id (ap, ORGA_WIRE_CAMPAIGNS, campaign, &p->campaign_id, error))
    return FALSE;
  if (p->campaign_id == 0)
    return protocol_error (error, "participation %s of an unknown campaign %s",
                           value_text (&row[0]), campaign);
  applier_mark (ap, ORGA_STORE_CHANGE_PARTICIPATIONS, p->campaign_id);

  ap->n_rows++;
  if (++ap->n_pending == PARTICIPATION_BATCH)
    return flush_participations (ap, error);
  return TRUE;
}

/* A certification row's references, resolved by uuid in the school,
 * bound as its extra columns (upsert_sql()'s order, from ?3). A student
 * gone from the store leaves NULL; a session, candidate or course
 * unknown makes the page not the protocol's (a page carries the rows its
 * rows refer to). */
static gboolean
bind_cert_references (Applier              *ap,
                      sqlite3_stmt         *stmt,
                      OrgaWireKind          kind,
                      const OrgaWireValue  *row,
                      GError              **error)
{
  const char * const *extras = extra_columns (kind);
  guint n_fields;
  const OrgaWireField *fields = orga_sync_wire_fields (kind, &n_fields);

  for (guint e = 0; extras[e] != NULL; e++)
    for (guint i = 0; i < n_fields; i++)
      {
        const CertReference *ref = cert_reference (kind, fields[i].name);
        const char *uuid;
        gint64 id = 0;

        if (ref == NULL || !g_str_equal (ref->column, extras[e]))
          continue;
        uuid = value_text (&row[i]);
        if (uuid != NULL && !lookup_id (ap, ref->target, uuid, &id, error))
          return FALSE;
        if (id == 0 && ref->required)
          return protocol_error (error, "%s %s of an unknown %s %s", kind_tables[kind], value_text (&row[0]),
                                 fields[i].name, uuid != NULL ? uuid : "(null)");
        if (id != 0)
          sqlite3_bind_int64 (stmt, 3 + (int) e, id);
        else
          sqlite3_bind_null (stmt, 3 + (int) e);
      }
  return TRUE;
}

/* One row of @kind, its fields already checked. */
static gboolean
apply_row (Applier              *ap,
           OrgaWireKind          kind,
           const OrgaWireValue  *row,
           GError              **error)
{
  const WireIndexes *w = wire_indexes ();
  sqlite3_stmt *stmt;
  const char *uuid;
  gint64 id = 0;
  int rc;

  if (kind == ORGA_WIRE_PARTICIPATIONS)
    return queue_participation (ap, row, error);

  stmt = get_statement (ap, STATEMENT_UPSERT + kind, error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_clear_bindings (stmt);
  bind_values (stmt, 3 + (int) g_strv_length ((char **) extra_columns (kind)), kind, row);
  uuid = value_text (&row[0]);

  switch (kind)
    {
    case ORGA_WIRE_IMPORTS:
      if (!lookup_id (ap, kind, uuid, &id, error))
        return FALSE;
      if (id == 0 && !notice_override (ap, row, error))
        return FALSE;
      sqlite3_bind_int64 (stmt, 1, ap->organization_id);
      applier_mark (ap, ORGA_STORE_CHANGE_IMPORTS, 0);
      break;

    case ORGA_WIRE_LEARNERS:
      {
        const char *import = value_text (&row[w->learner_import]);
        gint64 import_id = 0;

        applier_mark (ap, ORGA_STORE_CHANGE_LEARNERS, 0);
        if (row[w->learner_removed].b)
          {
            /* An undone import's creation: gone on every desktop. */
            sqlite3_stmt *remove = get_statement (ap, STATEMENT_REMOVE_LEARNER, error);

            ap->n_rows++;
            g_hash_table_remove (ap->ids[kind], uuid);
            if (remove == NULL)
              return FALSE;
            sqlite3_bind_text (remove, 1, uuid, -1, SQLITE_STATIC);
            sqlite3_bind_int64 (remove, 2, ap->organization_id);
            return _orga_store_step_done (ap->self, remove, "learners", error);
          }

        if (import != NULL && !lookup_id (ap, ORGA_WIRE_IMPORTS, import, &import_id, error))
          return FALSE;
        _orga_store_learner_name_key (ap->key, value_text (&row[w->learner_last_name]),
                                      value_text (&row[w->learner_first_name]));
        sqlite3_bind_int64 (stmt, 1, ap->organization_id);
        sqlite3_bind_text (stmt, 3, ap->key->str, (int) ap->key->len, SQLITE_TRANSIENT);
        if (import_id != 0)
          sqlite3_bind_int64 (stmt, 4, import_id);
      }
      break;

    case ORGA_WIRE_CAMPAIGNS:
      {
        g_autofree char *name_key = _orga_store_campaign_key (value_text (&row[w->campaign_name]));
        g_autofree char *owner_key = _orga_store_campaign_key (value_text (&row[w->campaign_owner]));

        sqlite3_bind_int64 (stmt, 1, ap->organization_id);
        sqlite3_bind_text (stmt, 3, name_key, -1, SQLITE_TRANSIENT);
        sqlite3_bind_text (stmt, 4, owner_key, -1, SQLITE_TRANSIENT);
      }
      break;

    case ORGA_WIRE_CERT_SESSIONS:
    case ORGA_WIRE_CERT_CANDIDATES:
    case ORGA_WIRE_CERT_COURSES:
    case ORGA_WIRE_CERT_REPORTS:
      if (!bind_cert_references (ap, stmt, kind, row, error))
        return FALSE;
      sqlite3_bind_int64 (stmt, 1, ap->organization_id);
      applier_mark (ap, ORGA_STORE_CHANGE_CERTIFICATION, 0);
      break;

    case ORGA_WIRE_PARTICIPATIONS:
    case ORGA_WIRE_N_KINDS:
    default:
      g_assert_not_reached ();
    }
  sqlite3_bind_int64 (stmt, 2, ap->gen);

  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      id = sqlite3_column_int64 (stmt, 0);
      sqlite3_reset (stmt);
      g_hash_table_insert (ap->ids[kind], g_strdup (uuid), GSIZE_TO_POINTER ((gsize) id));
      if (kind == ORGA_WIRE_CAMPAIGNS)
        applier_mark (ap, ORGA_STORE_CHANGE_CAMPAIGNS, id);
    }
  else if (rc != SQLITE_DONE)
    return _orga_store_set_error (ap->self, kind_tables[kind], error);
  else
    sqlite3_reset (stmt);

  ap->n_rows++;
  return TRUE;
}

/* The rows of each kind @object carries, in the wire order. */
static gboolean
apply_rows (Applier     *ap,
            JsonObject  *object,
            GError     **error)
{
  for (guint k = 0; k < ORGA_WIRE_N_KINDS; k++)
    {
      JsonNode *node = json_object_get_member (object, orga_sync_wire_kind_name (k));
      JsonArray *rows;
      guint n;

      if (node == NULL || JSON_NODE_HOLDS_NULL (node))
        continue;
      if (!JSON_NODE_HOLDS_ARRAY (node))
        return protocol_error (error, "%s is not a list", orga_sync_wire_kind_name (k));

      rows = json_node_get_array (node);
      n = json_array_get_length (rows);
      for (guint i = 0; i < n; i++)
        {
          JsonNode *row = json_array_get_element (rows, i);
          OrgaWireValue values[MAX_WIRE_FIELDS];

          if (!JSON_NODE_HOLDS_OBJECT (row))
            return protocol_error (error, "%s[%u] is not an object", orga_sync_wire_kind_name (k), i);
          values_from_object (k, json_node_get_object (row), values);
          if (!check_values (k, values, error) || !apply_row (ap, k, values, error))
            return FALSE;
        }
    }
  return flush_participations (ap, error);
}

/* The same, from a page read by orga_sync_page_parse(). */
static gboolean
apply_page_rows (Applier             *ap,
                 const OrgaSyncPage  *page,
                 GError             **error)
{
  for (guint k = 0; k < ORGA_WIRE_N_KINDS; k++)
    {
      guint n_fields;

      orga_sync_wire_fields (k, &n_fields);
      for (guint i = 0; i < page->n_rows[k]; i++)
        {
          const OrgaWireValue *row = &page->rows[k][i * n_fields];

          if (!check_values (k, row, error) || !apply_row (ap, k, row, error))
            return FALSE;
        }
    }
  return flush_participations (ap, error);
}

/* The end of a resync: the rows pulled before it (gen below the current
 * one) that it did not see again are gone from the server; rows never
 * pulled (gen 0: made here, demonstration data) and those a queued change
 * is about stay. */
static gboolean
sweep (Applier  *ap,
       GError  **error)
{
  static const char * const steps[] = {
    /* The certification's rows, children first; a session a queued
     * change is about keeps its candidates, courses and reports. */
    "DELETE FROM cert_reports WHERE organization_id = ?1 AND sync_gen > 0 AND sync_gen < ?2",
    "DELETE FROM cert_courses WHERE organization_id = ?1 AND sync_gen > 0 AND sync_gen < ?2",
    "DELETE FROM cert_candidates WHERE organization_id = ?1 AND sync_gen > 0 AND sync_gen < ?2 "
    "AND uuid NOT IN (SELECT subject FROM sync_outbox WHERE organization_id = ?1 AND subject IS NOT NULL) "
    "AND session_id NOT IN (SELECT s.id FROM cert_sessions s JOIN sync_outbox o ON o.subject = s.uuid "
    "                       WHERE o.organization_id = ?1)",
    "DELETE FROM cert_sessions WHERE organization_id = ?1 AND sync_gen > 0 AND sync_gen < ?2 "
    "AND uuid NOT IN (SELECT subject FROM sync_outbox WHERE organization_id = ?1 AND subject IS NOT NULL)",
    "DELETE FROM participations WHERE sync_gen > 0 AND sync_gen < ?2 "
    "AND campaign_id IN (SELECT id FROM campaigns WHERE organization_id = ?1 "
    "                    AND uuid NOT IN (SELECT subject FROM sync_outbox WHERE organization_id = ?1 AND subject IS NOT NULL))",
    "DELETE FROM learners WHERE organization_id = ?1 AND sync_gen > 0 AND sync_gen < ?2 "
    "AND (import_id IS NULL OR import_id NOT IN (SELECT i.id FROM imports i JOIN sync_outbox o ON o.subject = i.uuid "
    "                                            WHERE o.organization_id = ?1))",
    "DELETE FROM campaigns WHERE organization_id = ?1 AND sync_gen > 0 AND sync_gen < ?2 "
    "AND uuid NOT IN (SELECT subject FROM sync_outbox WHERE organization_id = ?1 AND subject IS NOT NULL)",
    "DELETE FROM imports WHERE organization_id = ?1 AND sync_gen > 0 AND sync_gen < ?2 "
    "AND uuid NOT IN (SELECT subject FROM sync_outbox WHERE organization_id = ?1 AND subject IS NOT NULL)",
  };
  int changed = 0;

  for (guint i = 0; i < G_N_ELEMENTS (steps); i++)
    {
      int n = exec_for_school (ap->self, steps[i], ap->organization_id, ap->gen, error);

      if (n < 0)
        return FALSE;
      changed += n;
    }
  if (changed > 0)
    applier_mark (ap, ORGA_STORE_CHANGE_LEARNERS | ORGA_STORE_CHANGE_IMPORTS |
                      ORGA_STORE_CHANGE_CAMPAIGNS | ORGA_STORE_CHANGE_PARTICIPATIONS |
                      ORGA_STORE_CHANGE_CERTIFICATION, 0);
  return exec_for_school (ap->self, "UPDATE sync_state SET resync = 0 WHERE organization_id = ?1",
                          ap->organization_id, 0, error) >= 0;
}

static gboolean
get_int_member (JsonObject  *object,
                const char  *name,
                gint64      *value,
                GError     **error)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_INT64)
    return protocol_error (error, "%s is not a number", name);
  *value = json_node_get_int (node);
  return TRUE;
}

static gboolean
get_bool_member (JsonObject  *object,
                 const char  *name,
                 gboolean    *value,
                 GError     **error)
{
  JsonNode *node = json_object_get_member (object, name);

  *value = FALSE;
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_BOOLEAN)
    return protocol_error (error, "%s is not a boolean", name);
  *value = json_node_get_boolean (node);
  return TRUE;
}

/* A message of this protocol: nothing of another is applied, the newer
 * end is the one to follow. */
static gboolean
check_protocol (gint64    protocol,
                GError  **error)
{
  if (protocol == ORGA_SYNC_PROTOCOL)
    return TRUE;
  if (protocol > ORGA_SYNC_PROTOCOL)
    g_set_error (error, ORGA_STORE_ERROR, ORGA_STORE_ERROR_PROTOCOL,
                 _("This computer uses version %d of the sync protocol and the server version %d: update PixOrga."),
                 ORGA_SYNC_PROTOCOL, (int) protocol);
  else
    g_set_error (error, ORGA_STORE_ERROR, ORGA_STORE_ERROR_PROTOCOL,
                 _("This computer uses version %d of the sync protocol and the server version %d: update the server."),
                 ORGA_SYNC_PROTOCOL, (int) protocol);
  return FALSE;
}

/* The object of an answer or a page, of this protocol. */
static JsonObject *
get_message (JsonNode  *node,
             GError   **error)
{
  JsonObject *object;
  gint64 protocol;

  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    {
      protocol_error (error, "not an object");
      return NULL;
    }
  object = json_node_get_object (node);
  if (!get_int_member (object, M_PROTOCOL, &protocol, error) ||
      !check_protocol (protocol, error))
    return NULL;
  return object;
}

/* What a page says besides its rows. */
typedef struct
{
  gint64   after;
  gint64   cursor;
  gboolean more;
  gboolean reset;
} PageHeader;

/* The rows of @object (a page read as JSON) or of @rows. */
static gboolean
apply_page_locked (OrgaStore           *self,
                   gint64               organization_id,
                   const PageHeader    *header,
                   JsonObject          *object,
                   const OrgaSyncPage  *rows,
                   guint               *n_rows,
                   GPtrArray           *notices,
                   GError             **error)
{
  g_auto(Applier) ap = { 0 };
  SyncState state;
  gint64 after = header->after, cursor = header->cursor;

  if (!read_state (self, organization_id, &state, error))
    return FALSE;

  if (header->reset)
    return start_resync (self, organization_id, error);

  /* A page after a greater cursor than ours would move the cursor over
   * rows never applied. One read again from an earlier cursor (two syncs
   * at once) changes nothing: its rows are upserts, and the cursor never
   * goes back. */
  if (after > state.cursor)
    return protocol_error (error, "a page after %" G_GINT64_FORMAT " for the cursor %" G_GINT64_FORMAT,
                           after, state.cursor);
  if (cursor < after)
    return protocol_error (error, "the cursor goes back from %" G_GINT64_FORMAT " to %" G_GINT64_FORMAT,
                           after, cursor);

  if (!applier_init (&ap, self, organization_id, state.gen, notices, error))
    return FALSE;
  if (!(object != NULL ? apply_rows (&ap, object, error) : apply_page_rows (&ap, rows, error)))
    return FALSE;
  if (state.resync && !header->more && !sweep (&ap, error))
    return FALSE;

  if (cursor > state.cursor)
    {
      if (exec_for_school (self, "UPDATE sync_state SET cursor = ?2 WHERE organization_id = ?1",
                           organization_id, cursor, error) < 0)
        return FALSE;
      _orga_store_mark (self, ORGA_STORE_CHANGE_SYNC, 0);
    }

  *n_rows = ap.n_rows;
  return TRUE;
}

/* One transaction: the page and its cursor, or nothing. */
static gboolean
apply_page (OrgaStore           *self,
            OrgaOrganization    *organization,
            const PageHeader    *header,
            JsonObject          *object,
            const OrgaSyncPage  *rows,
            guint               *n_rows,
            GPtrArray           *notices,
            GError             **error)
{
  guint n = 0;
  guint n_notices = notices != NULL ? notices->len : 0;

  if (!orga_store_begin (self, error))
    return FALSE;
  if (!apply_page_locked (self, orga_organization_get_id (organization), header, object, rows, &n, notices, error))
    {
      orga_store_rollback (self);
      if (notices != NULL)
        g_ptr_array_set_size (notices, n_notices);
      return FALSE;
    }
  if (!orga_store_commit (self, error))
    {
      if (notices != NULL)
        g_ptr_array_set_size (notices, n_notices);
      return FALSE;
    }

  if (n_rows != NULL)
    *n_rows = n;
  return TRUE;
}

gboolean
orga_store_sync_apply_page (OrgaStore         *self,
                            OrgaOrganization  *organization,
                            JsonNode          *page,
                            guint             *n_rows,
                            GPtrArray         *notices,
                            GError           **error)
{
  JsonObject *object;
  PageHeader header;

  g_return_val_if_fail (ORGA_IS_STORE (self), FALSE);
  g_return_val_if_fail (ORGA_IS_ORGANIZATION (organization), FALSE);

  object = get_message (page, error);
  if (object == NULL ||
      !get_int_member (object, M_AFTER, &header.after, error) ||
      !get_int_member (object, M_CURSOR, &header.cursor, error) ||
      !get_bool_member (object, M_MORE, &header.more, error) ||
      !get_bool_member (object, M_RESET, &header.reset, error))
    return FALSE;

  return apply_page (self, organization, &header, object, NULL, n_rows, notices, error);
}

gboolean
orga_store_sync_apply_parsed_page (OrgaStore           *self,
                                   OrgaOrganization    *organization,
                                   const OrgaSyncPage  *page,
                                   guint               *n_rows,
                                   GPtrArray           *notices,
                                   GError             **error)
{
  PageHeader header;

  g_return_val_if_fail (ORGA_IS_STORE (self), FALSE);
  g_return_val_if_fail (ORGA_IS_ORGANIZATION (organization), FALSE);
  g_return_val_if_fail (page != NULL, FALSE);

  if (!check_protocol (page->protocol, error))
    return FALSE;
  header.after = page->after;
  header.cursor = page->cursor;
  header.more = page->more;
  header.reset = page->reset;

  return apply_page (self, organization, &header, NULL, page, n_rows, notices, error);
}

/* ---- the answer to a push --------------------------------------------- */

typedef struct
{
  char     *kind;
  char     *subject;
  gboolean  seed;      /* an import.apply of a school adopted */
} OutboxRow;

/* The outbox row @uuid of the school, deleted; FALSE in *found when it is
 * not there (a result answered twice). */
static gboolean
take_outbox_row (OrgaStore   *self,
                 gint64       organization_id,
                 const char  *uuid,
                 gboolean    *found,
                 OutboxRow   *row,
                 GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  *found = FALSE;
  stmt = _orga_store_prepare (self,
                              "DELETE FROM sync_outbox WHERE uuid = ?1 AND organization_id = ?2 "
                              "RETURNING kind, subject, "
                              "kind = '" ORGA_SYNC_IMPORT_APPLY "' AND json_extract (data, '$." M_SEED "') IS 1",
                              error);
  if (stmt == NULL)
    return FALSE;
  orga_db_bind_text (stmt, 1, uuid);
  sqlite3_bind_int64 (stmt, 2, organization_id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_DONE)
    return TRUE;
  if (rc != SQLITE_ROW)
    return _orga_store_set_error (self, "sync outbox", error);

  *found = TRUE;
  row->kind = g_strdup (orga_db_column_text (stmt, 0));
  row->subject = g_strdup (orga_db_column_text (stmt, 1));
  row->seed = sqlite3_column_int (stmt, 2) != 0;
  if (sqlite3_step (stmt) != SQLITE_DONE)
    return _orga_store_set_error (self, "sync outbox", error);
  _orga_store_mark (self, ORGA_STORE_CHANGE_SYNC, 0);
  return TRUE;
}

/* A change the server accepted: what it made here is now the space's,
 * which a resync's sweep may check against the server. */
static gboolean
mark_accepted (Applier     *ap,
               OutboxRow   *row,
               GError     **error)
{
  const char *sql = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;

  if (row->subject == NULL)
    return TRUE;
  if (g_str_equal (row->kind, ORGA_SYNC_CAMPAIGN_CREATE))
    sql = "UPDATE campaigns SET sync_gen = ?3 WHERE uuid = ?1 AND organization_id = ?2 AND sync_gen = 0";
  else if (g_str_equal (row->kind, ORGA_SYNC_IMPORT_APPLY) || g_str_equal (row->kind, ORGA_SYNC_IMPORT_REJECT))
    sql = "UPDATE imports SET sync_gen = ?3 WHERE uuid = ?1 AND organization_id = ?2 AND sync_gen = 0";
  else if (g_str_equal (row->kind, ORGA_SYNC_CERT_SESSION_CREATE))
    sql = "UPDATE cert_sessions SET sync_gen = ?3 WHERE uuid = ?1 AND organization_id = ?2 AND sync_gen = 0";
  else if (g_str_equal (row->kind, ORGA_SYNC_CERT_CANDIDATES_ENROL))
    sql = "UPDATE cert_candidates SET sync_gen = ?3 WHERE organization_id = ?2 AND sync_gen = 0 "
          "AND session_id = (SELECT id FROM cert_sessions WHERE uuid = ?1 AND organization_id = ?2) "
          "AND uuid NOT IN (SELECT json_extract (j.value, '$.uuid') FROM sync_outbox o, "
          "                   json_each (o.data, '$.cert_candidates') j "
          "                 WHERE o.organization_id = ?2 AND o.kind = '" ORGA_SYNC_CERT_CANDIDATES_ENROL "')";
  if (sql == NULL)
    return TRUE;

  stmt = _orga_store_prepare (ap->self, sql, error);
  if (stmt == NULL)
    return FALSE;
  orga_db_bind_text (stmt, 1, row->subject);
  sqlite3_bind_int64 (stmt, 2, ap->organization_id);
  sqlite3_bind_int64 (stmt, 3, ap->gen);
  return _orga_store_step_done (ap->self, stmt, "sync", error);
}

static gboolean
delete_subject (Applier       *ap,
                OrgaWireKind   kind,
                const char    *uuid,
                GError       **error)
{
  g_autofree char *sql = g_strdup_printf ("DELETE FROM %s WHERE uuid = ?1 AND organization_id = ?2 RETURNING id",
                                          kind_tables[kind]);
  g_autoptr(sqlite3_stmt) stmt = _orga_store_prepare (ap->self, sql, error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  orga_db_bind_text (stmt, 1, uuid);
  sqlite3_bind_int64 (stmt, 2, ap->organization_id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    applier_mark (ap, kind == ORGA_WIRE_CAMPAIGNS ? ORGA_STORE_CHANGE_CAMPAIGNS | ORGA_STORE_CHANGE_PARTICIPATIONS
                      : is_cert_kind (kind) ? ORGA_STORE_CHANGE_CERTIFICATION
                      : ORGA_STORE_CHANGE_IMPORTS,
                  is_cert_kind (kind) ? 0 : sqlite3_column_int64 (stmt, 0));
  if (rc != SQLITE_DONE)
    return _orga_store_set_error (ap->self, kind_tables[kind], error);
  g_hash_table_remove (ap->ids[kind], uuid);
  return TRUE;
}

/* Whether @current (the server's rows of what the change touched) holds
 * a row of @kind with @uuid. */
static gboolean
current_has (JsonObject   *current,
             OrgaWireKind  kind,
             const char   *uuid)
{
  JsonArray *rows;
  const char *uuid_name = orga_sync_wire_fields (kind, NULL)[0].name;

  if (current == NULL || !json_object_has_member (current, orga_sync_wire_kind_name (kind)))
    return FALSE;
  rows = json_object_get_array_member (current, orga_sync_wire_kind_name (kind));
  for (guint i = 0; rows != NULL && i < json_array_get_length (rows); i++)
    {
      JsonObject *row = json_array_get_object_element (rows, i);

      if (row != NULL && g_strcmp0 (json_object_get_string_member_with_default (row, uuid_name, NULL), uuid) == 0)
        return TRUE;
    }
  return FALSE;
}

/* A seed refused (the space has its list: SEED_IGNORED; a member:
 * FORBIDDEN): the list made offline gives way to the space's. Its
 * students and imports are marked as pulled long ago and the space is
 * resynced: the sweep removes those the server does not have, and a
 * student of the same INE takes the server's uuid and fields and stays. */
static gboolean
drop_seed (Applier   *ap,
           gboolean  *needs_resync,
           GError   **error)
{
  *needs_resync = TRUE;
  return exec_for_school (ap->self, "UPDATE learners SET sync_gen = 1 WHERE organization_id = ?1 AND sync_gen = 0",
                          ap->organization_id, 0, error) >= 0 &&
         exec_for_school (ap->self, "UPDATE imports SET sync_gen = 1 WHERE organization_id = ?1 AND sync_gen = 0",
                          ap->organization_id, 0, error) >= 0;
}

/* A refused certification change, @current's rows already applied:
 * what the server has is back. What it never had goes: a session it did
 * not create (with the changes to it still queued), the candidates of a
 * refused enrolment, the reports of a refused finalization. */
static gboolean
roll_back_cert (Applier     *ap,
                OutboxRow   *row,
                JsonObject  *current,
                gboolean    *needs_resync,
                GError     **error)
{
  const char *kind = row->kind;
  const char *sql = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;

  if (current == NULL)
    {
      /* Refused unread (MALFORMED_CHANGE): nothing says the rows. */
      *needs_resync = TRUE;
      return TRUE;
    }

  if (g_str_equal (kind, ORGA_SYNC_CERT_CANDIDATE_REMOVE))
    {
      if (!current_has (current, ORGA_WIRE_CERT_CANDIDATES, row->subject))
        *needs_resync = TRUE;
      return TRUE;
    }

  if (!current_has (current, ORGA_WIRE_CERT_SESSIONS, row->subject))
    {
      g_autoptr(sqlite3_stmt) drop = NULL;

      /* The server has no such session: the later changes to it would
       * only be refused again. */
      drop = _orga_store_prepare (ap->self, "DELETE FROM sync_outbox WHERE subject = ?1 AND organization_id = ?2", error);
      if (drop == NULL)
        return FALSE;
      orga_db_bind_text (drop, 1, row->subject);
      sqlite3_bind_int64 (drop, 2, ap->organization_id);
      if (!_orga_store_step_done (ap->self, drop, "sync outbox", error))
        return FALSE;
      applier_mark (ap, ORGA_STORE_CHANGE_CERTIFICATION, 0);
      return delete_subject (ap, ORGA_WIRE_CERT_SESSIONS, row->subject, error);
    }

  if (g_str_equal (kind, ORGA_SYNC_CERT_CANDIDATES_ENROL))
    /* Made here (never pulled), and not in another enrolment waiting. */
    sql = "DELETE FROM cert_candidates WHERE organization_id = ?2 AND sync_gen = 0 "
          "AND session_id = (SELECT id FROM cert_sessions WHERE uuid = ?1 AND organization_id = ?2) "
          "AND uuid NOT IN (SELECT json_extract (j.value, '$.uuid') FROM sync_outbox o, "
          "                   json_each (o.data, '$.cert_candidates') j "
          "                 WHERE o.organization_id = ?2 AND o.kind = '" ORGA_SYNC_CERT_CANDIDATES_ENROL "')";
  else if (g_str_equal (kind, ORGA_SYNC_CERT_SESSION_FINALIZE))
    sql = "DELETE FROM cert_reports WHERE organization_id = ?2 AND sync_gen = 0 "
          "AND course_id IN (SELECT k.id FROM cert_courses k JOIN cert_sessions s ON s.id = k.session_id "
          "                  WHERE s.uuid = ?1 AND s.organization_id = ?2)";
  if (sql == NULL)
    return TRUE;

  stmt = _orga_store_prepare (ap->self, sql, error);
  if (stmt == NULL)
    return FALSE;
  orga_db_bind_text (stmt, 1, row->subject);
  sqlite3_bind_int64 (stmt, 2, ap->organization_id);
  if (!_orga_store_step_done (ap->self, stmt, "certification", error))
    return FALSE;
  applier_mark (ap, ORGA_STORE_CHANGE_CERTIFICATION, 0);
  return TRUE;
}

/* Rolls back a refused change (docs/sync.md, "Rolling back"). */
static gboolean
roll_back (Applier     *ap,
           OutboxRow   *row,
           JsonObject  *current,
           GPtrArray   *refused_imports,
           gboolean    *needs_resync,
           GError     **error)
{
  const char *kind = row->kind;

  if (current != NULL && !apply_rows (ap, current, error))
    return FALSE;
  if (row->subject == NULL)
    {
      *needs_resync = TRUE;
      return TRUE;
    }

  if (g_str_equal (kind, ORGA_SYNC_IMPORT_APPLY) && row->seed)
    return drop_seed (ap, needs_resync, error);

  if (g_str_equal (kind, ORGA_SYNC_IMPORT_APPLY))
    {
      /* Once every result is read: see undo_refused_imports(). */
      if (!current_has (current, ORGA_WIRE_IMPORTS, row->subject))
        g_ptr_array_add (refused_imports, g_strdup (row->subject));
      return TRUE;
    }

  if (g_str_equal (kind, ORGA_SYNC_IMPORT_REJECT))
    return current_has (current, ORGA_WIRE_IMPORTS, row->subject) ||
           delete_subject (ap, ORGA_WIRE_IMPORTS, row->subject, error);

  if (g_str_equal (kind, ORGA_SYNC_IMPORT_UNDO))
    {
      /* The students it put back are the server's to say again. */
      *needs_resync = TRUE;
      return TRUE;
    }

  if (g_str_equal (kind, ORGA_SYNC_CAMPAIGN_CREATE) ||
      g_str_equal (kind, ORGA_SYNC_CAMPAIGN_UPDATE) ||
      g_str_equal (kind, ORGA_SYNC_CAMPAIGN_ARCHIVE) ||
      g_str_equal (kind, ORGA_SYNC_CAMPAIGN_DELETE))
    {
      if (current == NULL)
        {
          /* Refused unread (MALFORMED_CHANGE): nothing says the rows. */
          *needs_resync = TRUE;
          return TRUE;
        }
      if (!current_has (current, ORGA_WIRE_CAMPAIGNS, row->subject))
        {
          g_autoptr(sqlite3_stmt) drop = NULL;

          /* The server has no such campaign: the later changes to it
           * would only be refused again. */
          drop = _orga_store_prepare (ap->self, "DELETE FROM sync_outbox WHERE subject = ?1 AND organization_id = ?2", error);
          if (drop == NULL)
            return FALSE;
          orga_db_bind_text (drop, 1, row->subject);
          sqlite3_bind_int64 (drop, 2, ap->organization_id);
          if (!_orga_store_step_done (ap->self, drop, "sync outbox", error))
            return FALSE;
          return delete_subject (ap, ORGA_WIRE_CAMPAIGNS, row->subject, error);
        }
      /* A delete refused: its participations were anonymised here. */
      if (g_str_equal (kind, ORGA_SYNC_CAMPAIGN_DELETE))
        *needs_resync = TRUE;
      return TRUE;
    }

  if (g_str_has_prefix (kind, "cert_"))
    return roll_back_cert (ap, row, current, needs_resync, error);

  /* Deleting a participation refused: the server's rows of the student's
   * attempts, applied above, have put them back. */
  if (g_str_equal (kind, ORGA_SYNC_PARTICIPATION_DELETE) &&
      current_has (current, ORGA_WIRE_PARTICIPATIONS, row->subject))
    return TRUE;

  *needs_resync = TRUE;
  return TRUE;
}

/* The refused imports (@subjects, in the order they were made), undone
 * here newest first: each is then this desktop's latest, whose
 * before-state was kept while it was queued. One that cannot be undone
 * so (another desktop's import pulled since, a student it created has a
 * participation) waits for a resync, its record and the students only it
 * created marked as pulled long ago: the sweep removes them unless the
 * server has them too. */
static gboolean
undo_refused_imports (Applier    *ap,
                      GPtrArray  *subjects,
                      gboolean   *needs_resync,
                      GError    **error)
{
  for (guint i = subjects->len; i-- > 0; )
    {
      const char *uuid = g_ptr_array_index (subjects, i);
      g_autoptr(GError) local_error = NULL;
      gint64 import_id = 0;

      if (!lookup_id (ap, ORGA_WIRE_IMPORTS, uuid, &import_id, error))
        return FALSE;
      if (import_id == 0)
        continue;

      if (_orga_store_undo_import_unqueued (ap->self, ap->organization_id, import_id, &local_error))
        {
          applier_mark (ap, ORGA_STORE_CHANGE_LEARNERS, 0);
          if (!delete_subject (ap, ORGA_WIRE_IMPORTS, uuid, error))
            return FALSE;
          continue;
        }
      if (!g_error_matches (local_error, ORGA_STORE_ERROR, ORGA_STORE_ERROR_CANNOT_UNDO))
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }

      *needs_resync = TRUE;
      if (exec_for_school (ap->self,
                           "UPDATE learners SET sync_gen = 1 WHERE organization_id = ?1 AND import_id = ?2 "
                           "AND sync_gen = 0",
                           ap->organization_id, import_id, error) < 0 ||
          exec_for_school (ap->self, "UPDATE imports SET sync_gen = 1 WHERE organization_id = ?1 AND id = ?2",
                           ap->organization_id, import_id, error) < 0)
        return FALSE;
    }
  return TRUE;
}

static gboolean
apply_answer_locked (OrgaStore   *self,
                     gint64       organization_id,
                     JsonObject  *answer,
                     guint       *n_applied,
                     GPtrArray   *refused,
                     gboolean    *needs_resync,
                     GError     **error)
{
  g_auto(Applier) ap = { 0 };
  g_autoptr(GPtrArray) refused_imports = g_ptr_array_new_with_free_func (g_free);
  SyncState state;
  JsonNode *results_node = json_object_get_member (answer, M_RESULTS);
  JsonArray *results;

  if (results_node == NULL || !JSON_NODE_HOLDS_ARRAY (results_node))
    return protocol_error (error, "%s is not a list", M_RESULTS);
  results = json_node_get_array (results_node);

  if (!read_state (self, organization_id, &state, error) ||
      !applier_init (&ap, self, organization_id, state.gen, NULL, error))
    return FALSE;

  for (guint i = 0; i < json_array_get_length (results); i++)
    {
      JsonNode *node = json_array_get_element (results, i);
      JsonObject *result = JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
      const char *id = result != NULL ? json_object_get_string_member_with_default (result, M_ID, NULL) : NULL;
      const char *status = result != NULL ? json_object_get_string_member_with_default (result, M_STATUS, NULL) : NULL;
      OutboxRow row = { 0 };
      gboolean found = FALSE;
      gboolean ok;

      if (id == NULL || status == NULL ||
          (!g_str_equal (status, STATUS_APPLIED) && !g_str_equal (status, STATUS_REFUSED)))
        return protocol_error (error, "%s[%u]", M_RESULTS, i);

      if (!take_outbox_row (self, organization_id, id, &found, &row, error))
        return FALSE;
      if (!found)
        continue;

      if (g_str_equal (status, STATUS_APPLIED))
        {
          ok = mark_accepted (&ap, &row, error);
          (*n_applied)++;
        }
      else
        {
          JsonNode *error_node = json_object_get_member (result, M_ERROR);
          JsonNode *current_node = json_object_get_member (result, M_CURRENT);
          JsonObject *current = current_node != NULL && JSON_NODE_HOLDS_OBJECT (current_node)
                                ? json_node_get_object (current_node) : NULL;
          const char *message = NULL;

          if (error_node != NULL && JSON_NODE_HOLDS_OBJECT (error_node))
            message = json_object_get_string_member_with_default (json_node_get_object (error_node), M_MESSAGE, NULL);
          if (message == NULL || *message == '\0')
            message = _("The server refused this change.");

          ok = roll_back (&ap, &row, current, refused_imports, needs_resync, error) &&
               add_notice (self, organization_id, id, row.kind, message, refused, error);
        }
      g_free (row.kind);
      g_free (row.subject);
      if (!ok)
        return FALSE;
    }

  if (!undo_refused_imports (&ap, refused_imports, needs_resync, error))
    return FALSE;

  /* In this transaction: were the desktop stopped now, the resync would
   * still happen. */
  if (*needs_resync && !start_resync (self, organization_id, error))
    return FALSE;
  return TRUE;
}

gboolean
orga_store_sync_apply_push_answer (OrgaStore         *self,
                                   OrgaOrganization  *organization,
                                   JsonNode          *answer,
                                   guint             *n_applied,
                                   GPtrArray         *refused,
                                   gboolean          *needs_resync,
                                   GError           **error)
{
  JsonObject *object;
  guint applied = 0;
  gboolean resync = FALSE;
  guint n_refused = refused != NULL ? refused->len : 0;

  g_return_val_if_fail (ORGA_IS_STORE (self), FALSE);
  g_return_val_if_fail (ORGA_IS_ORGANIZATION (organization), FALSE);

  object = get_message (answer, error);
  if (object == NULL)
    return FALSE;

  if (!orga_store_begin (self, error))
    return FALSE;
  if (!apply_answer_locked (self, orga_organization_get_id (organization), object, &applied, refused, &resync, error))
    {
      orga_store_rollback (self);
      if (refused != NULL)
        g_ptr_array_set_size (refused, n_refused);
      return FALSE;
    }
  if (!orga_store_commit (self, error))
    {
      if (refused != NULL)
        g_ptr_array_set_size (refused, n_refused);
      return FALSE;
    }

  if (n_applied != NULL)
    *n_applied = applied;
  if (needs_resync != NULL)
    *needs_resync = resync;
  return TRUE;
}
