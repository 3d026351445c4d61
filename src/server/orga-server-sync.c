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
 * columns bear the wire names, and every statement that reads or writes a
 * whole row is built from those tables (orga-server-sync-rows.c). What
 * each kind of change does is orga-server-sync-rules.c.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "orga-server"

#include "config.h"

#include <string.h>

#include "orga-json.h"
#include "orga-json-writer.h"
#include "orga-server-routes.h"
#include "orga-server-sync.h"
#include "orga-server-sync-private.h"

/* A change that lost a race (a code taken by another space meanwhile, a
 * serialization failure) is tried again from the start. */
#define MAX_ATTEMPTS 3

#define MSG_MALFORMED_CHANGE "Le serveur n’a pas pu lire cette modification : elle n’a pas été enregistrée."

/* The push */

static JsonNode *
result_node (const char *id,
             const char *status,
             gint64      seq,
             const char *code,
             const char *message,
             JsonNode   *current)
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
    }
  /* None for a change the server could not read (nothing says what it
   * touched), nor for most applied ones. */
  if (current != NULL)
    {
      json_builder_set_member_name (builder, "current");
      json_builder_add_value (builder, json_node_copy (current));
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

/* "2026-09-03T17:12:00.123456Z": what the change's `at` must be, since it
 * becomes the rows' timestamps. */
static gboolean
is_timestamp (const char *text)
{
  g_autoptr(GDateTime) time = NULL;

  if (text == NULL || strlen (text) > 40)
    return FALSE;
  time = g_date_time_new_from_iso8601 (text, NULL);
  return time != NULL;
}

/* One change, in its own transaction: the result to answer, or NULL with
 * @error when the database failed. */
static JsonNode *
push_one (OrgaSyncChange  *c,
          JsonNode        *node,
          GError         **error)
{
  JsonObject *object = node && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
  JsonNode *base = object ? json_object_get_member (object, "base") : NULL;

  c->id = _orga_sync_string_member (object, "id");
  c->kind = _orga_sync_string_member (object, "kind");
  c->at = _orga_sync_string_member (object, "at");
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
      OrgaSyncOutcome applied = ORGA_SYNC_FAILED;

      _orga_sync_change_clear (c);
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

      if (c->kind == NULL || !is_timestamp (c->at) || c->data == NULL || !JSON_NODE_HOLDS_OBJECT (c->data)
          || (base != NULL && !JSON_NODE_HOLDS_NULL (base)
              && (!JSON_NODE_HOLDS_VALUE (base) || json_node_get_value_type (base) != G_TYPE_INT64)))
        applied = ORGA_SYNC_MALFORMED;
      else
        {
          if (base != NULL && !JSON_NODE_HOLDS_NULL (base))
            c->base = json_node_get_int (base);
          applied = _orga_sync_apply_change (c, &local_error);
        }

      if (applied == ORGA_SYNC_MALFORMED)
        {
          orga_server_db_rollback (c->db);
          return malformed_result (c->id);
        }
      if (applied == ORGA_SYNC_FAILED)
        goto failed;

      if (applied == ORGA_SYNC_APPLIED)
        {
          if (!allocate_seqs (c->db, c->org_id, c->seq0, c->n_seqs, &local_error))
            goto failed;
          result = result_node (c->id, "applied", c->seq0 + c->n_seqs, NULL, NULL, c->current);
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
                                   applied == ORGA_SYNC_APPLIED ? "applied" : "refused", seq_text, text, now,
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

/* The protocol a request says it speaks, which must be ours. */
static gboolean
check_protocol (gint64   protocol,
                GError **error)
{
  if (protocol == ORGA_SYNC_PROTOCOL)
    return TRUE;

  g_set_error (error, ORGA_SERVER_ERROR, ORGA_SERVER_ERROR_SYNC_PROTOCOL,
               "Ce poste utilise la version %" G_GINT64_FORMAT " du protocole de synchronisation "
               "et le serveur la version %d : mettez à jour %s.",
               protocol, ORGA_SYNC_PROTOCOL, protocol < ORGA_SYNC_PROTOCOL ? "PixOrga" : "le serveur");
  return FALSE;
}

/* A push's "protocol": an integer, ours. */
static gboolean
check_body_protocol (JsonNode  *node,
                     GError   **error)
{
  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_INT64)
    return orga_server_set_error (error, ORGA_SERVER_ERROR_MALFORMED_REQUEST, NULL);
  return check_protocol (json_node_get_int (node), error);
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
  OrgaSyncChange c = { 0 };

  if (!check_body_protocol (json_object_get_member (req->body, "protocol"), &error)
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

      _orga_sync_change_clear (&c);
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

/* A row of the database as its wire object: a page may hold thousands,
 * written straight into the answer. */
static void
write_row (OrgaJsonWriter *writer,
           OrgaWireKind    kind,
           OrgaServerRows *rows,
           guint           row)
{
  guint n;
  const OrgaWireField *fields = orga_sync_wire_fields (kind, &n);

  orga_json_writer_begin_object (writer);
  for (guint i = 0; i < n; i++)
    {
      const char *text = orga_server_rows_get (rows, row, i);

      orga_json_writer_member (writer, fields[i].name);
      if (text == NULL)
        {
          orga_json_writer_null (writer);
          continue;
        }
      switch (fields[i].type)
        {
        case ORGA_WIRE_TEXT:
        case ORGA_WIRE_BASE64:
          orga_json_writer_string (writer, text);
          break;
        case ORGA_WIRE_INT:
          orga_json_writer_int (writer, g_ascii_strtoll (text, NULL, 10));
          break;
        case ORGA_WIRE_REAL:
          orga_json_writer_double (writer, g_ascii_strtod (text, NULL));
          break;
        case ORGA_WIRE_BOOL:
          orga_json_writer_boolean (writer, text[0] == '1' || text[0] == 't');
          break;
        default:
          g_assert_not_reached ();
        }
    }
  orga_json_writer_end_object (writer);
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
                                          _orga_sync_columns (kind), _orga_sync_table (kind), refs);

  return orga_server_db_queryv (db, error, sql, org_id, after, cursor, ORGA_SERVER_DB_END);
}

void
orga_server_handle_sync_changes (OrgaRequest *req)
{
  g_autoptr(GError) error = NULL;
  GString *out = NULL;
  OrgaJsonWriter writer;
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
  if (!check_protocol (protocol, &error))
    {
      orga_request_reply_error (req, error);
      return;
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
                                              _orga_sync_columns (k), _orga_sync_table (k));
      guint seq_column = _orga_sync_n_fields (k) - 1;

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
   * now. Participations → campaigns and learners; certification
   * reports → courses, courses → candidates, both → sessions, and
   * candidates → learners; learners (the page's and those) → imports.
   * Each subquery gives uuids over $1 space, $2 after, $3 cursor. */
  if (kept > 0)
    {
#define IN_PAGE "organization_id = $1 AND seq > $2 AND seq <= $3"
#define REFERRED(kind_refs) "(" IN_PAGE ") OR (organization_id = $1 AND seq > $3 AND uuid IN (" kind_refs "))"
#define COURSES_OF_PAGE "SELECT course FROM sync_cert_reports WHERE " IN_PAGE
#define CANDIDATES_OF_PAGE "SELECT candidate FROM sync_cert_courses WHERE " REFERRED (COURSES_OF_PAGE)
#define SESSIONS_OF_PAGE "SELECT session FROM sync_cert_candidates WHERE " REFERRED (CANDIDATES_OF_PAGE) \
        " UNION SELECT session FROM sync_cert_courses WHERE " REFERRED (COURSES_OF_PAGE)
#define LEARNERS_OF_PAGE "SELECT learner FROM sync_participations WHERE " IN_PAGE \
        " UNION SELECT learner FROM sync_cert_candidates WHERE " REFERRED (CANDIDATES_OF_PAGE) \
        " UNION SELECT learner FROM sync_cert_courses WHERE " REFERRED (COURSES_OF_PAGE)
      static const char *const of_page[ORGA_WIRE_N_KINDS] = {
        [ORGA_WIRE_CAMPAIGNS] = "SELECT campaign FROM sync_participations WHERE " IN_PAGE,
        [ORGA_WIRE_LEARNERS] = LEARNERS_OF_PAGE,
        [ORGA_WIRE_IMPORTS] = "SELECT import FROM sync_learners WHERE " REFERRED (LEARNERS_OF_PAGE),
        [ORGA_WIRE_CERT_COURSES] = COURSES_OF_PAGE,
        [ORGA_WIRE_CERT_CANDIDATES] = CANDIDATES_OF_PAGE,
        [ORGA_WIRE_CERT_SESSIONS] = SESSIONS_OF_PAGE,
      };
#undef IN_PAGE
#undef REFERRED
#undef COURSES_OF_PAGE
#undef CANDIDATES_OF_PAGE
#undef SESSIONS_OF_PAGE
#undef LEARNERS_OF_PAGE

      for (guint k = 0; k < ORGA_WIRE_N_KINDS; k++)
        {
          if (of_page[k] == NULL)
            continue;
          refs[k] = query_references (req->db, k, of_page[k], req->org_id, after_text, cursor_text, &error);
          if (refs[k] == NULL)
            goto failed;
        }
    }

  out = g_string_sized_new (4096);
  orga_json_writer_init (&writer, out);
  orga_json_writer_begin_object (&writer);
  orga_json_writer_add_int (&writer, "protocol", ORGA_SYNC_PROTOCOL);
  orga_json_writer_add_int (&writer, "after", after);
  orga_json_writer_add_int (&writer, "cursor", cursor);
  orga_json_writer_add_boolean (&writer, "more", more);
  orga_json_writer_add_boolean (&writer, "reset", reset);
  for (guint k = 0; k < ORGA_WIRE_N_KINDS; k++)
    {
      orga_json_writer_member (&writer, orga_sync_wire_kind_name (k));
      orga_json_writer_begin_array (&writer);
      /* Each kind's rows come sorted by seq: the kept ones are a prefix. */
      for (guint i = 0; i < kept; i++)
        {
          PageEntry *entry = &g_array_index (entries, PageEntry, i);

          if (entry->kind == k)
            write_row (&writer, k, rows[k], entry->row);
        }
      for (guint r = 0; refs[k] != NULL && r < orga_server_rows_get_n_rows (refs[k]); r++)
        write_row (&writer, k, refs[k], r);
      orga_json_writer_end_array (&writer);
    }
  orga_json_writer_end_object (&writer);

  for (guint k = 0; k < ORGA_WIRE_N_KINDS; k++)
    {
      g_clear_pointer (&rows[k], orga_server_rows_free);
      g_clear_pointer (&refs[k], orga_server_rows_free);
    }
  /* The next page's cursor in a header too: a desktop asks for it as soon
   * as the headers are in, while it is still parsing this one. */
  if (more && !reset)
    {
      g_autofree char *next = g_strdup_printf ("%" G_GINT64_FORMAT, cursor);

      soup_message_headers_replace (soup_server_message_get_response_headers (req->msg),
                                    ORGA_SYNC_NEXT_HEADER, next);
    }
  orga_request_reply_text (req, SOUP_STATUS_OK, out);
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

/* A student's answer writes one or two rows: past this many, the space's
 * campaigns, students and deletions are read at once rather than asked
 * row by row. */
#define FEW_PARTICIPATIONS 32

static GHashTable *
load_deleted (OrgaServerDb  *db,
              const char    *organization_id,
              GError       **error)
{
  g_autoptr(OrgaServerRows) rows = NULL;
  GHashTable *deleted;

  rows = orga_server_db_queryv (db, error,
                                "SELECT uuid, deleted_at, deleted_by FROM sync_participations"
                                " WHERE organization_id = $1 AND deleted_at IS NOT NULL",
                                organization_id, ORGA_SERVER_DB_END);
  if (rows == NULL)
    return NULL;
  deleted = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) g_strfreev);
  for (guint r = 0; r < orga_server_rows_get_n_rows (rows); r++)
    {
      char **pair = g_new0 (char *, 3);

      pair[0] = g_strdup (orga_server_rows_get (rows, r, 1));
      pair[1] = g_strdup (orga_server_rows_get (rows, r, 2));
      g_hash_table_replace (deleted, g_strdup (orga_server_rows_get (rows, r, 0)), pair);
    }
  return deleted;
}

/* The rows of @json, parsed: NULL with the error a malformed row or a
 * repeated uuid gives. */
static GPtrArray *
parse_participations (JsonArray  *json,
                      GError    **error)
{
  const OrgaWireKind K = ORGA_WIRE_PARTICIPATIONS;
  g_autoptr(GPtrArray) written = g_ptr_array_new_with_free_func ((GDestroyNotify) _orga_sync_row_free);
  g_autoptr(GHashTable) uuids = g_hash_table_new (g_str_hash, g_str_equal);

  for (guint i = 0; i < json_array_get_length (json); i++)
    {
      OrgaSyncRow *row = _orga_sync_row_from_json (K, json_array_get_element (json, i));

      if (row == NULL || !_orga_sync_row_is_complete (row, K))
        {
          _orga_sync_row_free (row);
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                       "participation n° %u : un champ manque ou n’a pas le bon type", i + 1);
          return NULL;
        }
      g_ptr_array_add (written, row);
      if (!g_hash_table_add (uuids, (gpointer) _orga_sync_row_get (row, K, "uuid")))
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                       "participation n° %u : l’uuid %s figure deux fois", i + 1, _orga_sync_row_get (row, K, "uuid"));
          return NULL;
        }
    }
  return g_steal_pointer (&written);
}

static gboolean
row_refs_error (guint        i,
                OrgaSyncRow *row,
                gboolean     has_campaign,
                gboolean     has_learner,
                GError     **error)
{
  const OrgaWireKind K = ORGA_WIRE_PARTICIPATIONS;

  if (!has_campaign)
    g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                 "participation n° %u : la campagne %s n’est pas de cet espace", i + 1,
                 _orga_sync_row_get (row, K, "campaign"));
  else if (!has_learner)
    g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                 "participation n° %u : l’élève %s n’est pas de cet espace", i + 1,
                 _orga_sync_row_get (row, K, "learner"));
  return !has_campaign || !has_learner;
}

/* A student's step (one row, two on a retry): on PostgreSQL every
 * statement is a round trip, so one statement takes the space's counter
 * with the seqs of the rows and, for each row, says whether its campaign
 * and its learner are the space's and what deletion it must keep. */
static gboolean
prepare_few (OrgaServerDb  *db,
             const char    *organization_id,
             GPtrArray     *written,
             gint64        *seq0,
             GError       **error)
{
  const OrgaWireKind K = ORGA_WIRE_PARTICIPATIONS;
  g_autoptr(GString) sql = g_string_new ("UPDATE organizations SET sync_seq = sync_seq + $2 WHERE id = $1"
                                         " RETURNING sync_seq");
  g_autoptr(GPtrArray) params = g_ptr_array_new ();
  g_autofree char *n_text = g_strdup_printf ("%u", written->len);
  g_autoptr(OrgaServerRows) result = NULL;

  g_ptr_array_add (params, (gpointer) organization_id);
  g_ptr_array_add (params, n_text);
  for (guint i = 0; i < written->len; i++)
    {
      OrgaSyncRow *row = g_ptr_array_index (written, i);
      const char *learner = _orga_sync_row_get (row, K, "learner");

      g_ptr_array_add (params, (gpointer) _orga_sync_row_get (row, K, "campaign"));
      g_string_append_printf (sql, ", (SELECT count(*) FROM sync_campaigns WHERE organization_id = $1 AND uuid = $%u)",
                              params->len);
      if (learner != NULL)
        {
          g_ptr_array_add (params, (gpointer) learner);
          g_string_append_printf (sql, ", (SELECT count(*) FROM sync_learners WHERE organization_id = $1"
                                       " AND uuid = $%u)", params->len);
        }
      else
        g_string_append (sql, ", 1");
      g_ptr_array_add (params, (gpointer) _orga_sync_row_get (row, K, "uuid"));
      g_string_append_printf (sql, ", (SELECT deleted_at FROM sync_participations WHERE organization_id = $1"
                                   " AND uuid = $%u AND deleted_at IS NOT NULL)"
                                   ", (SELECT deleted_by FROM sync_participations WHERE organization_id = $1"
                                   " AND uuid = $%u AND deleted_at IS NOT NULL)", params->len, params->len);
    }

  result = orga_server_db_query (db, sql->str, (const char * const *) params->pdata, params->len, error);
  if (result == NULL)
    return FALSE;
  if (orga_server_rows_get_n_rows (result) != 1)
    {
      g_set_error (error, ORGA_SERVER_DB_ERROR, ORGA_SERVER_DB_ERROR_FAILED, "no such space");
      return FALSE;
    }
  *seq0 = orga_server_rows_get_int (result, 0, 0) - written->len;
  for (guint i = 0; i < written->len; i++)
    {
      OrgaSyncRow *row = g_ptr_array_index (written, i);
      guint c = 1 + 4 * i;

      if (row_refs_error (i, row, orga_server_rows_get_int (result, 0, c) > 0,
                          orga_server_rows_get_int (result, 0, c + 1) > 0, error))
        return FALSE;
      /* A participation a desktop deleted stays deleted whatever a
       * student's page, loaded before the deletion, writes after it. */
      if (orga_server_rows_get (result, 0, c + 2) != NULL)
        {
          _orga_sync_row_set (row, K, "deleted_at", orga_server_rows_get (result, 0, c + 2));
          _orga_sync_row_set (row, K, "deleted_by", orga_server_rows_get (result, 0, c + 3));
        }
      _orga_sync_row_set_int (row, K, "seq", *seq0 + i + 1);
    }
  return TRUE;
}

/* Many rows (`participations import`): the space's campaigns, students
 * and deletions read at once. */
static gboolean
prepare_many (OrgaServerDb  *db,
              const char    *organization_id,
              GPtrArray     *written,
              gint64        *seq0,
              GError       **error)
{
  const OrgaWireKind K = ORGA_WIRE_PARTICIPATIONS;
  g_autoptr(GHashTable) campaigns = NULL;
  g_autoptr(GHashTable) learners = NULL;
  g_autoptr(GHashTable) deleted = NULL;

  if (!lock_space (db, organization_id, seq0, error)
      || (campaigns = _orga_sync_load_rows (db, ORGA_WIRE_CAMPAIGNS, organization_id, error)) == NULL
      || (learners = _orga_sync_load_rows (db, ORGA_WIRE_LEARNERS, organization_id, error)) == NULL
      || (deleted = load_deleted (db, organization_id, error)) == NULL)
    return FALSE;

  for (guint i = 0; i < written->len; i++)
    {
      OrgaSyncRow *row = g_ptr_array_index (written, i);
      const char *learner = _orga_sync_row_get (row, K, "learner");
      const char *const *pair = g_hash_table_lookup (deleted, _orga_sync_row_get (row, K, "uuid"));

      if (row_refs_error (i, row, g_hash_table_contains (campaigns, _orga_sync_row_get (row, K, "campaign")),
                          learner == NULL || g_hash_table_contains (learners, learner), error))
        return FALSE;
      if (pair != NULL)
        {
          _orga_sync_row_set (row, K, "deleted_at", pair[0]);
          _orga_sync_row_set (row, K, "deleted_by", pair[1]);
        }
      _orga_sync_row_set_int (row, K, "seq", *seq0 + i + 1);
    }
  return allocate_seqs (db, organization_id, *seq0, written->len, error);
}

gboolean
orga_server_sync_upsert_participations_in (OrgaServerDb  *db,
                                           const char    *organization_id,
                                           JsonArray     *rows,
                                           gint64        *last_seq,
                                           GError       **error)
{
  g_autoptr(GPtrArray) written = NULL;
  gint64 seq0 = 0;

  g_return_val_if_fail (ORGA_IS_SERVER_DB (db), FALSE);
  g_return_val_if_fail (organization_id != NULL, FALSE);
  g_return_val_if_fail (rows != NULL, FALSE);

  written = parse_participations (rows, error);
  if (written == NULL)
    return FALSE;
  if (written->len <= FEW_PARTICIPATIONS
      ? !prepare_few (db, organization_id, written, &seq0, error)
      : !prepare_many (db, organization_id, written, &seq0, error))
    return FALSE;
  if (!_orga_sync_upsert_rows (db, ORGA_WIRE_PARTICIPATIONS, organization_id, written, error))
    return FALSE;
  if (last_seq != NULL)
    *last_seq = seq0 + written->len;
  return TRUE;
}

gboolean
orga_server_sync_upsert_participations (OrgaServerDb  *db,
                                        const char    *organization_id,
                                        JsonArray     *rows,
                                        gint64        *last_seq,
                                        GError       **error)
{
  g_return_val_if_fail (ORGA_IS_SERVER_DB (db), FALSE);

  if (!orga_server_db_begin (db, error))
    return FALSE;
  if (!orga_server_sync_upsert_participations_in (db, organization_id, rows, last_seq, error)
      || !orga_server_db_commit (db, error))
    {
      orga_server_db_rollback (db);
      return FALSE;
    }
  return TRUE;
}
