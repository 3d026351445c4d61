/* orga-server-cert.c: the certification's rows on the server
 *
 * The changes of a push about certification (docs/sync.md,
 * "Certification": one function a kind, called by the table of
 * orga-server-sync-rules.c inside the change's transaction) and the
 * writes of the candidates' and supervisor's pages (orga-server-cert.h).
 * Sessions and candidates come from the desktops; courses from the
 * pages, and from the finalization here, which ends the courses still
 * running, scores them, plays the jury and publishes the session.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "orga-server"

#include "config.h"

#include <gio/gio.h>
#include <string.h>

#include "orga-cert.h"
#include "orga-server-cert.h"
#include "orga-server-sync-private.h"

#define MSG_FORBIDDEN "Seuls les administrateurs de l'espace peuvent gérer les sessions de certification."
#define MSG_SESSION_NOT_FOUND "Cette session de certification n’existe pas sur le serveur : votre modification n’a pas été enregistrée."
#define MSG_SESSION_FINALIZED "Cette session est finalisée : elle ne peut plus être modifiée."
#define MSG_SESSION_STARTED "Un candidat a déjà rejoint cette session : elle ne peut plus être supprimée."
#define MSG_CANDIDATE_JOINED "Ce candidat a déjà rejoint la session : il ne peut plus être retiré."

#define S ORGA_WIRE_CERT_SESSIONS
#define C ORGA_WIRE_CERT_CANDIDATES
#define K ORGA_WIRE_CERT_COURSES
#define R ORGA_WIRE_CERT_REPORTS

/* Reading */

static JsonObject *
data_object (OrgaSyncChange *c)
{
  return c->data != NULL && JSON_NODE_HOLDS_OBJECT (c->data) ? json_node_get_object (c->data) : NULL;
}

static gboolean
is_id (const char *text)
{
  return text != NULL && strlen (text) <= MAX_ID_LENGTH;
}

static gboolean
is_timestamp (const char *text)
{
  g_autoptr(GDateTime) time = NULL;

  if (text == NULL || strlen (text) > 40)
    return FALSE;
  time = g_date_time_new_from_iso8601 (text, NULL);
  return time != NULL;
}

/* The row of @kind of @uuid: FALSE on a database failure; *@row NULL
 * when the space has none. */
static gboolean
load_row (OrgaServerDb  *db,
          OrgaWireKind   kind,
          const char    *org_id,
          const char    *uuid,
          OrgaSyncRow  **row,
          GError       **error)
{
  g_autoptr(GError) local_error = NULL;

  *row = _orga_sync_load_row (db, kind, org_id, uuid, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  return TRUE;
}

/* The rows of @kind of the space WHERE @where ($2 is @param), by seq. */
static GPtrArray *
load_rows_where (OrgaServerDb  *db,
                 OrgaWireKind   kind,
                 const char    *org_id,
                 const char    *where,
                 const char    *param,
                 GError       **error)
{
  g_autofree char *sql = g_strdup_printf ("SELECT %s FROM %s WHERE organization_id = $1 AND %s ORDER BY seq",
                                          _orga_sync_columns (kind), _orga_sync_table (kind), where);
  g_autoptr(OrgaServerRows) rows = orga_server_db_queryv (db, error, sql, org_id, param, ORGA_SERVER_DB_END);
  GPtrArray *result;

  if (rows == NULL)
    return NULL;
  result = g_ptr_array_new_with_free_func ((GDestroyNotify) _orga_sync_row_free);
  for (guint r = 0; r < orga_server_rows_get_n_rows (rows); r++)
    g_ptr_array_add (result, _orga_sync_row_from_db (rows, r, kind));
  return result;
}

/* Everything of a session: itself, its candidates, courses and reports
 * (what a refusal that touched the whole session puts back). */
typedef struct
{
  GPtrArray *rows[ORGA_WIRE_N_KINDS];
} Current;

static void
current_clear (Current *cur)
{
  for (guint k = 0; k < ORGA_WIRE_N_KINDS; k++)
    g_clear_pointer (&cur->rows[k], g_ptr_array_unref);
}

static void
current_add (Current           *cur,
             OrgaWireKind       kind,
             const OrgaSyncRow *row)
{
  if (cur->rows[kind] == NULL)
    cur->rows[kind] = g_ptr_array_new_with_free_func ((GDestroyNotify) _orga_sync_row_free);
  if (row != NULL)
    g_ptr_array_add (cur->rows[kind], _orga_sync_row_copy (row));
}

/* {"cert_sessions": […], …}: the kinds added, each a list (maybe empty). */
static JsonNode *
current_build (Current *cur)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  for (guint k = 0; k < ORGA_WIRE_N_KINDS; k++)
    {
      if (cur->rows[k] == NULL)
        continue;
      json_builder_set_member_name (builder, orga_sync_wire_kind_name (k));
      json_builder_begin_array (builder);
      for (guint i = 0; i < cur->rows[k]->len; i++)
        _orga_sync_row_build (builder, k, g_ptr_array_index (cur->rows[k], i), TRUE);
      json_builder_end_array (builder);
    }
  json_builder_end_object (builder);
  current_clear (cur);
  return json_builder_get_root (builder);
}

static gboolean
load_session_rows (OrgaServerDb  *db,
                   const char    *org_id,
                   const char    *session,
                   Current       *cur,
                   GError       **error)
{
  static const char *const where[ORGA_WIRE_N_KINDS] = {
    [C] = "session = $2",
    [K] = "session = $2",
    [R] = "course IN (SELECT uuid FROM sync_cert_courses WHERE organization_id = $1 AND session = $2)",
  };

  for (guint k = C; k <= R; k++)
    {
      GPtrArray *rows = load_rows_where (db, k, org_id, where[k], session, error);

      if (rows == NULL)
        return FALSE;
      g_clear_pointer (&cur->rows[k], g_ptr_array_unref);
      cur->rows[k] = rows;
    }
  return TRUE;
}

static OrgaSyncOutcome
refuse (OrgaSyncChange *c,
        const char     *code,
        char           *message,
        Current        *cur)
{
  c->code = code;
  c->message = message;
  c->current = current_build (cur);
  return ORGA_SYNC_REFUSED;
}

/* A refusal with the session (and its rows when @whole) as the server
 * has it: FAILED when they cannot be read. */
static OrgaSyncOutcome
refuse_with_session (OrgaSyncChange     *c,
                     const char         *code,
                     char               *message,
                     const OrgaSyncRow  *session,
                     gboolean            whole,
                     GError            **error)
{
  Current cur = { { NULL } };

  current_add (&cur, S, session);
  if (whole && session != NULL
      && !load_session_rows (c->db, c->org_id, _orga_sync_row_get (session, S, "uuid"), &cur, error))
    {
      g_free (message);
      current_clear (&cur);
      return ORGA_SYNC_FAILED;
    }
  return refuse (c, code, message, &cur);
}

/* Writing */

static char *
take_seq (OrgaSyncChange *c)
{
  return g_strdup_printf ("%" G_GINT64_FORMAT, c->seq0 + ++c->n_seqs);
}

static OrgaSyncOutcome
write_rows (OrgaSyncChange  *c,
            OrgaWireKind     kind,
            GPtrArray       *rows,
            GError         **error)
{
  for (guint i = 0; i < rows->len; i++)
    {
      g_autofree char *seq = take_seq (c);

      _orga_sync_row_set (g_ptr_array_index (rows, i), kind, "seq", seq);
    }
  return _orga_sync_upsert_rows (c->db, kind, c->org_id, rows, error) ? ORGA_SYNC_APPLIED : ORGA_SYNC_FAILED;
}

static OrgaSyncOutcome
write_row (OrgaSyncChange  *c,
           OrgaWireKind     kind,
           OrgaSyncRow     *row,
           GError         **error)
{
  g_autoptr(GPtrArray) rows = g_ptr_array_new ();

  g_ptr_array_add (rows, row);
  return write_rows (c, kind, rows, error);
}

/* The next number of @counter ('session', 'course'): server-wide, as
 * Pix's database ids. The counter's row is held until the commit. */
static gboolean
next_number (OrgaServerDb  *db,
             const char    *counter,
             char         **number,
             GError       **error)
{
  g_autoptr(OrgaServerRows) rows = orga_server_db_queryv (db, error,
                                                          "UPDATE cert_counters SET value = value + 1 WHERE name = $1"
                                                          " RETURNING value",
                                                          counter, ORGA_SERVER_DB_END);

  if (rows == NULL)
    return FALSE;
  if (orga_server_rows_get_n_rows (rows) != 1)
    {
      g_set_error (error, ORGA_SERVER_DB_ERROR, ORGA_SERVER_DB_ERROR_FAILED, "no counter %s", counter);
      return FALSE;
    }
  *number = g_strdup (orga_server_rows_get (rows, 0, 0));
  return TRUE;
}

/* Sessions */

/* The session's form fields as the rules read them. */
static gboolean
check_form (const OrgaSyncRow  *row,
            GError            **error)
{
  OrgaCertSessionForm form = {
    .address = _orga_sync_row_get (row, S, "address"),
    .room = _orga_sync_row_get (row, S, "room"),
    .examiner = _orga_sync_row_get (row, S, "examiner"),
    .date = _orga_sync_row_get (row, S, "date"),
    .time = _orga_sync_row_get (row, S, "time"),
    .description = _orga_sync_row_get (row, S, "description"),
  };

  /* No "today": a session made offline reaches the server days later;
   * the desktop refused a past date when it was typed. */
  return orga_cert_session_form_check (&form, NULL, NULL, error);
}

static OrgaSyncOutcome
refuse_invalid (OrgaSyncChange     *c,
                const GError       *invalid,
                const OrgaSyncRow  *session)
{
  Current cur = { { NULL } };

  current_add (&cur, S, session);
  return refuse (c, "INVALID_CERT_SESSION", g_strdup (invalid->message), &cur);
}

OrgaSyncOutcome
_orga_sync_apply_cert_session_create (OrgaSyncChange  *c,
                                      GError         **error)
{
  JsonObject *data = data_object (c);
  g_autoptr(OrgaSyncRow) row = NULL;
  g_autoptr(OrgaSyncRow) known = NULL;
  g_autoptr(GError) invalid = NULL;
  g_autofree char *number = NULL;
  Current cur = { { NULL } };
  OrgaSyncOutcome outcome;

  if (data == NULL || (row = _orga_sync_row_from_json (S, json_object_get_member (data, "cert_session"))) == NULL)
    return ORGA_SYNC_MALFORMED;
  if (!is_id (_orga_sync_row_get (row, S, "uuid")))
    return ORGA_SYNC_MALFORMED;

  /* What the server says rather than the desktop. */
  _orga_sync_row_set (row, S, "created_by", c->user_name);
  if (_orga_sync_row_get (row, S, "created_at") == NULL)
    _orga_sync_row_set (row, S, "created_at", c->at);
  if (_orga_sync_row_get (row, S, "updated_at") == NULL)
    _orga_sync_row_set (row, S, "updated_at", c->at);
  for (guint i = 0; i < 2; i++)
    if (_orga_sync_row_get (row, S, i ? "has_joining_issue" : "has_incident") == NULL)
      _orga_sync_row_set (row, S, i ? "has_joining_issue" : "has_incident", "0");
  _orga_sync_row_set (row, S, "number", "0");
  if (!_orga_sync_row_is_complete (row, S)
      || !orga_cert_access_code_is_valid (_orga_sync_row_get (row, S, "access_code"))
      || !orga_cert_supervisor_password_is_valid (_orga_sync_row_get (row, S, "supervisor_password")))
    return ORGA_SYNC_MALFORMED;

  if (!c->admin)
    {
      current_add (&cur, S, NULL);
      return refuse (c, "FORBIDDEN", g_strdup (MSG_FORBIDDEN), &cur);
    }

  /* Known: applied once already (an outbox pushed again after a lost
   * answer under another id); its number answered again. */
  if (!load_row (c->db, S, c->org_id, _orga_sync_row_get (row, S, "uuid"), &known, error))
    return ORGA_SYNC_FAILED;
  if (known != NULL)
    {
      current_add (&cur, S, known);
      c->current = current_build (&cur);
      return ORGA_SYNC_APPLIED;
    }

  if (!check_form (row, &invalid))
    return refuse_invalid (c, invalid, NULL);

  _orga_sync_row_set (row, S, "finalized_at", NULL);
  _orga_sync_row_set (row, S, "finalized_by", NULL);
  _orga_sync_row_set (row, S, "examiner_global_comment", NULL);
  _orga_sync_row_set (row, S, "has_incident", "0");
  _orga_sync_row_set (row, S, "has_joining_issue", "0");
  _orga_sync_row_set (row, S, "published_at", NULL);
  _orga_sync_row_set (row, S, "deleted_at", NULL);
  if (!next_number (c->db, "session", &number, error))
    return ORGA_SYNC_FAILED;
  _orga_sync_row_set (row, S, "number", number);

  outcome = write_row (c, S, row, error);
  if (outcome != ORGA_SYNC_APPLIED)
    return outcome;
  /* The desktop learns its number from the answer. */
  current_add (&cur, S, row);
  c->current = current_build (&cur);
  return ORGA_SYNC_APPLIED;
}

/* The session a change names: NULL with the refusal (or failure) set
 * when it is unknown or deleted, or finalized and @finalized_refused. */
static OrgaSyncRow *
session_to_manage (OrgaSyncChange   *c,
                   const char       *uuid,
                   gboolean          finalized_refused,
                   OrgaSyncOutcome  *outcome,
                   GError          **error)
{
  g_autoptr(OrgaSyncRow) row = NULL;

  if (!load_row (c->db, S, c->org_id, uuid, &row, error))
    {
      *outcome = ORGA_SYNC_FAILED;
      return NULL;
    }
  if (!c->admin)
    {
      *outcome = refuse_with_session (c, "FORBIDDEN", g_strdup (MSG_FORBIDDEN), row, TRUE, error);
      return NULL;
    }
  if (row == NULL)
    {
      *outcome = refuse_with_session (c, "CERT_SESSION_NOT_FOUND", g_strdup (MSG_SESSION_NOT_FOUND), NULL, FALSE, error);
      return NULL;
    }
  if (_orga_sync_row_get (row, S, "deleted_at") != NULL)
    {
      *outcome = refuse_with_session (c, "CERT_SESSION_DELETED",
                                      g_strdup_printf ("La session n° %s a été supprimée sur un autre poste : "
                                                       "votre modification n’a pas été enregistrée.",
                                                       _orga_sync_row_get (row, S, "number")),
                                      row, TRUE, error);
      return NULL;
    }
  if (finalized_refused && _orga_sync_row_get (row, S, "finalized_at") != NULL)
    {
      *outcome = refuse_with_session (c, "CERT_SESSION_FINALIZED", g_strdup (MSG_SESSION_FINALIZED), row, TRUE, error);
      return NULL;
    }
  *outcome = ORGA_SYNC_APPLIED;
  return g_steal_pointer (&row);
}

static gboolean
is_editable_session_field (const char *name)
{
  static const char *const editable[] = { "address", "room", "examiner", "date", "time", "description" };

  for (guint i = 0; i < G_N_ELEMENTS (editable); i++)
    if (g_strcmp0 (editable[i], name) == 0)
      return TRUE;
  return FALSE;
}

OrgaSyncOutcome
_orga_sync_apply_cert_session_update (OrgaSyncChange  *c,
                                      GError         **error)
{
  const OrgaWireField *fields = orga_sync_wire_fields (S, NULL);
  JsonObject *data = data_object (c);
  const char *uuid = _orga_sync_string_member (data, "cert_session");
  JsonNode *fields_node = data ? json_object_get_member (data, "fields") : NULL;
  g_autoptr(OrgaSyncRow) changed = _orga_sync_row_new ();
  g_autoptr(OrgaSyncRow) row = NULL;
  g_autoptr(GList) names = NULL;
  g_autoptr(GError) invalid = NULL;
  OrgaSyncOutcome outcome;

  if (!is_id (uuid) || fields_node == NULL || !JSON_NODE_HOLDS_OBJECT (fields_node))
    return ORGA_SYNC_MALFORMED;
  names = json_object_get_members (json_node_get_object (fields_node));
  if (names == NULL)
    return ORGA_SYNC_MALFORMED;
  for (GList *l = names; l != NULL; l = l->next)
    {
      int i = orga_sync_wire_field_index (S, l->data);

      if (!is_editable_session_field (l->data) || i < 0
          || !_orga_sync_value_from_json (&fields[i], json_object_get_member (json_node_get_object (fields_node), l->data),
                                          &changed->v[i]))
        return ORGA_SYNC_MALFORMED;
    }

  row = session_to_manage (c, uuid, TRUE, &outcome, error);
  if (row == NULL)
    return outcome;

  /* Last writer wins, field by field, and the whole form must hold. */
  for (GList *l = names; l != NULL; l = l->next)
    {
      int i = orga_sync_wire_field_index (S, l->data);

      g_free (row->v[i]);
      row->v[i] = g_strdup (changed->v[i]);
    }
  if (!check_form (row, &invalid))
    {
      g_autoptr(OrgaSyncRow) stored = NULL;

      if (!load_row (c->db, S, c->org_id, uuid, &stored, error))
        return ORGA_SYNC_FAILED;
      return refuse_invalid (c, invalid, stored);
    }
  _orga_sync_row_set (row, S, "updated_at", c->at);
  return write_row (c, S, row, error);
}

OrgaSyncOutcome
_orga_sync_apply_cert_session_delete (OrgaSyncChange  *c,
                                      GError         **error)
{
  const char *uuid = _orga_sync_string_member (data_object (c), "cert_session");
  g_autoptr(OrgaSyncRow) row = NULL;
  g_autoptr(GPtrArray) candidates = NULL;
  OrgaSyncOutcome outcome;

  if (!is_id (uuid))
    return ORGA_SYNC_MALFORMED;

  row = session_to_manage (c, uuid, FALSE, &outcome, error);
  if (row == NULL)
    {
      /* Nothing to delete: what was asked is done. */
      if (outcome == ORGA_SYNC_REFUSED
          && (g_strcmp0 (c->code, "CERT_SESSION_NOT_FOUND") == 0 || g_strcmp0 (c->code, "CERT_SESSION_DELETED") == 0))
        {
          _orga_sync_change_clear (c);
          return ORGA_SYNC_APPLIED;
        }
      return outcome;
    }

  candidates = load_rows_where (c->db, C, c->org_id, "session = $2", uuid, error);
  if (candidates == NULL)
    return ORGA_SYNC_FAILED;
  for (guint i = 0; i < candidates->len; i++)
    if (_orga_sync_row_get (g_ptr_array_index (candidates, i), C, "joined_at") != NULL)
      return refuse_with_session (c, "CERT_SESSION_STARTED", g_strdup (MSG_SESSION_STARTED), row, TRUE, error);

  _orga_sync_row_set (row, S, "deleted_at", c->at);
  _orga_sync_row_set (row, S, "updated_at", c->at);
  outcome = write_row (c, S, row, error);
  if (outcome != ORGA_SYNC_APPLIED)
    return outcome;

  /* Its candidates go with it, each with a seq, so that every desktop
   * drops them. */
  for (guint i = candidates->len; i-- > 0; )
    if (_orga_sync_row_get (g_ptr_array_index (candidates, i), C, "removed_at") != NULL)
      g_ptr_array_remove_index (candidates, i);
  for (guint i = 0; i < candidates->len; i++)
    _orga_sync_row_set (g_ptr_array_index (candidates, i), C, "removed_at", c->at);
  return write_rows (c, C, candidates, error);
}

/* Candidates */

OrgaSyncOutcome
_orga_sync_apply_cert_candidates_enrol (OrgaSyncChange  *c,
                                        GError         **error)
{
  JsonObject *data = data_object (c);
  const char *session_uuid = _orga_sync_string_member (data, "cert_session");
  JsonNode *list = data ? json_object_get_member (data, "cert_candidates") : NULL;
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) _orga_sync_row_free);
  g_autoptr(GPtrArray) written = g_ptr_array_new ();
  g_autoptr(GHashTable) uuids = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) learners = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) known_learners = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GPtrArray) enrolled = NULL;
  g_autoptr(OrgaSyncRow) session = NULL;
  g_autoptr(GString) sql = NULL;
  g_autoptr(GPtrArray) params = NULL;
  g_autoptr(OrgaServerRows) found = NULL;
  OrgaSyncOutcome outcome;

  if (!is_id (session_uuid) || list == NULL || !JSON_NODE_HOLDS_ARRAY (list)
      || json_array_get_length (json_node_get_array (list)) == 0)
    return ORGA_SYNC_MALFORMED;

  for (guint i = 0; i < json_array_get_length (json_node_get_array (list)); i++)
    {
      OrgaSyncRow *row = _orga_sync_row_from_json (C, json_array_get_element (json_node_get_array (list), i));

      if (row == NULL)
        return ORGA_SYNC_MALFORMED;
      g_ptr_array_add (rows, row);
      _orga_sync_row_set (row, C, "session", session_uuid);
      _orga_sync_row_set (row, C, "authorized_to_start", "0");
      _orga_sync_row_set (row, C, "joined_at", NULL);
      _orga_sync_row_set (row, C, "removed_at", NULL);
      if (_orga_sync_row_get (row, C, "created_at") == NULL)
        _orga_sync_row_set (row, C, "created_at", c->at);
      if (!_orga_sync_row_is_complete (row, C) || !is_id (_orga_sync_row_get (row, C, "uuid"))
          || !is_id (_orga_sync_row_get (row, C, "learner"))
          || !g_hash_table_add (uuids, (gpointer) _orga_sync_row_get (row, C, "uuid"))
          || !g_hash_table_add (learners, (gpointer) _orga_sync_row_get (row, C, "learner")))
        return ORGA_SYNC_MALFORMED;
    }

  session = session_to_manage (c, session_uuid, TRUE, &outcome, error);
  if (session == NULL)
    return outcome;

  /* The space's students among those named, in one statement. */
  sql = g_string_new ("SELECT uuid FROM sync_learners WHERE organization_id = $1 AND removed = 0 AND uuid IN (");
  params = g_ptr_array_new ();
  g_ptr_array_add (params, (gpointer) c->org_id);
  for (guint i = 0; i < rows->len; i++)
    {
      g_ptr_array_add (params, (gpointer) _orga_sync_row_get (g_ptr_array_index (rows, i), C, "learner"));
      g_string_append_printf (sql, "%s$%u", i ? ", " : "", params->len);
    }
  g_string_append_c (sql, ')');
  found = orga_server_db_query (c->db, sql->str, (const char * const *) params->pdata, params->len, error);
  if (found == NULL)
    return ORGA_SYNC_FAILED;
  for (guint r = 0; r < orga_server_rows_get_n_rows (found); r++)
    g_hash_table_add (known_learners, g_strdup (orga_server_rows_get (found, r, 0)));

  enrolled = load_rows_where (c->db, C, c->org_id, "session = $2", session_uuid, error);
  if (enrolled == NULL)
    return ORGA_SYNC_FAILED;

  /* All or nothing: the first refused student refuses the change, and
   * `current` holds the session and its candidates as the server has
   * them (none of those sent), which the desktop puts back. */
  for (guint i = 0; i < rows->len; i++)
    {
      OrgaSyncRow *row = g_ptr_array_index (rows, i);
      const char *uuid = _orga_sync_row_get (row, C, "uuid");
      const char *learner = _orga_sync_row_get (row, C, "learner");
      g_autofree char *name = g_strdup_printf ("%s %s", _orga_sync_row_get (row, C, "first_name"),
                                               _orga_sync_row_get (row, C, "last_name"));
      gboolean again = FALSE;

      if (!g_hash_table_contains (known_learners, learner))
        return refuse_with_session (c, "UNKNOWN_LEARNER",
                                    g_strdup_printf ("%s ne fait pas partie des élèves de l’espace : "
                                                     "aucun candidat n’a été inscrit.", name),
                                    session, TRUE, error);

      for (guint e = 0; e < enrolled->len; e++)
        {
          OrgaSyncRow *other = g_ptr_array_index (enrolled, e);

          if (g_strcmp0 (_orga_sync_row_get (other, C, "uuid"), uuid) == 0)
            again = TRUE;
          else if (_orga_sync_row_get (other, C, "removed_at") == NULL
                   && g_strcmp0 (_orga_sync_row_get (other, C, "learner"), learner) == 0)
            return refuse_with_session (c, "CERT_CANDIDATE_ENROLLED",
                                        g_strdup_printf ("%s est déjà inscrit(e) à cette session depuis un autre poste : "
                                                         "aucun candidat n’a été inscrit.", name),
                                        session, TRUE, error);
        }
      if (!again)
        {
          g_autoptr(OrgaSyncRow) elsewhere = NULL;

          /* A uuid of another session (or of a removed candidate) is not
           * an enrolment. */
          if (!load_row (c->db, C, c->org_id, uuid, &elsewhere, error))
            return ORGA_SYNC_FAILED;
          if (elsewhere != NULL)
            return ORGA_SYNC_MALFORMED;
          g_ptr_array_add (written, row);
        }
    }

  if (written->len == 0)
    return ORGA_SYNC_APPLIED;
  return write_rows (c, C, written, error);
}

OrgaSyncOutcome
_orga_sync_apply_cert_candidate_remove (OrgaSyncChange  *c,
                                        GError         **error)
{
  const char *uuid = _orga_sync_string_member (data_object (c), "cert_candidate");
  g_autoptr(OrgaSyncRow) row = NULL;
  g_autoptr(OrgaSyncRow) session = NULL;
  OrgaSyncOutcome outcome;
  Current cur = { { NULL } };

  if (!is_id (uuid))
    return ORGA_SYNC_MALFORMED;
  if (!load_row (c->db, C, c->org_id, uuid, &row, error))
    return ORGA_SYNC_FAILED;
  if (!c->admin)
    {
      current_add (&cur, C, row);
      return refuse (c, "FORBIDDEN", g_strdup (MSG_FORBIDDEN), &cur);
    }
  if (row == NULL || _orga_sync_row_get (row, C, "removed_at") != NULL)
    return ORGA_SYNC_APPLIED;

  session = session_to_manage (c, _orga_sync_row_get (row, C, "session"), TRUE, &outcome, error);
  if (session == NULL)
    {
      /* Its session deleted: the candidate went with it. */
      if (outcome == ORGA_SYNC_REFUSED && g_strcmp0 (c->code, "CERT_SESSION_DELETED") == 0)
        {
          _orga_sync_change_clear (c);
          return ORGA_SYNC_APPLIED;
        }
      return outcome;
    }
  if (_orga_sync_row_get (row, C, "joined_at") != NULL)
    {
      current_add (&cur, C, row);
      return refuse (c, "CERT_CANDIDATE_JOINED", g_strdup (MSG_CANDIDATE_JOINED), &cur);
    }

  _orga_sync_row_set (row, C, "removed_at", c->at);
  return write_row (c, C, row, error);
}

/* Finalization */

typedef struct
{
  OrgaSyncRow *course;            /* the server's row, borrowed */
  const OrgaSyncRow *candidate;   /* borrowed, may be NULL */
  gboolean has_seen_end_test_screen;
  char *abort_reason;
  GPtrArray *reports;             /* OrgaSyncRow */
  OrgaCertReport *cert_reports;
  char *name;
} FinalCourse;

static FinalCourse *
final_course_new (void)
{
  FinalCourse *f = g_new0 (FinalCourse, 1);

  f->reports = g_ptr_array_new_with_free_func ((GDestroyNotify) _orga_sync_row_free);
  return f;
}

static void
final_course_free (gpointer data)
{
  FinalCourse *f = data;

  g_free (f->abort_reason);
  g_clear_pointer (&f->reports, g_ptr_array_unref);
  g_free (f->cert_reports);
  g_free (f->name);
  g_free (f);
}

static gboolean
read_bool (JsonObject *object,
           const char *name,
           gboolean   *value)
{
  JsonNode *node = json_object_get_member (object, name);

  *value = FALSE;
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_BOOLEAN)
    return FALSE;
  *value = json_node_get_boolean (node);
  return TRUE;
}

/* A nullable string member: FALSE when present with another type. */
static gboolean
read_text (JsonObject  *object,
           const char  *name,
           const char **value)
{
  JsonNode *node = json_object_get_member (object, name);

  *value = NULL;
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING
      || !g_utf8_validate (json_node_get_string (node), -1, NULL))
    return FALSE;
  *value = json_node_get_string (node);
  return TRUE;
}

/* The desktop's word on each course, by course uuid: FALSE when it
 * cannot be read. Its reports get their course from where they are. */
static gboolean
read_final_courses (JsonNode   *node,
                    GHashTable *by_course)
{
  JsonArray *array;
  g_autoptr(GHashTable) report_uuids = g_hash_table_new (g_str_hash, g_str_equal);

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;
  if (!JSON_NODE_HOLDS_ARRAY (node))
    return FALSE;
  array = json_node_get_array (node);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *element = json_array_get_element (array, i);
      JsonObject *object = JSON_NODE_HOLDS_OBJECT (element) ? json_node_get_object (element) : NULL;
      const char *course = _orga_sync_string_member (object, "course");
      const char *abort_reason;
      JsonNode *reports;
      FinalCourse *f;

      if (!is_id (course) || g_hash_table_contains (by_course, course))
        return FALSE;
      f = final_course_new ();
      g_hash_table_insert (by_course, g_strdup (course), f);
      if (!read_bool (object, "has_seen_end_test_screen", &f->has_seen_end_test_screen)
          || !read_text (object, "abort_reason", &abort_reason))
        return FALSE;
      f->abort_reason = g_strdup (abort_reason);

      reports = json_object_get_member (object, "reports");
      if (reports != NULL && !JSON_NODE_HOLDS_NULL (reports))
        {
          if (!JSON_NODE_HOLDS_ARRAY (reports))
            return FALSE;
          for (guint r = 0; r < json_array_get_length (json_node_get_array (reports)); r++)
            {
              OrgaSyncRow *report;

              /* "course" may be left out: it is where the report is. */
              if (!JSON_NODE_HOLDS_OBJECT (json_array_get_element (json_node_get_array (reports), r)))
                return FALSE;
              report = _orga_sync_row_from_json (R, json_array_get_element (json_node_get_array (reports), r));
              if (report == NULL)
                return FALSE;
              g_ptr_array_add (f->reports, report);
              _orga_sync_row_set (report, R, "course", course);
              if (!_orga_sync_row_is_complete (report, R) || !is_id (_orga_sync_row_get (report, R, "uuid"))
                  || !g_hash_table_add (report_uuids, (gpointer) _orga_sync_row_get (report, R, "uuid")))
                return FALSE;
            }
        }
    }
  return TRUE;
}

static void
fill_cert_reports (FinalCourse *f)
{
  f->cert_reports = g_new0 (OrgaCertReport, MAX (f->reports->len, 1));
  for (guint r = 0; r < f->reports->len; r++)
    {
      OrgaSyncRow *row = g_ptr_array_index (f->reports, r);
      const char *question = _orga_sync_row_get (row, R, "question_number");

      f->cert_reports[r].category = _orga_sync_row_get (row, R, "category");
      f->cert_reports[r].subcategory = _orga_sync_row_get (row, R, "subcategory");
      f->cert_reports[r].description = _orga_sync_row_get (row, R, "description");
      f->cert_reports[r].question_number = question != NULL ? (int) CLAMP (g_ascii_strtoll (question, NULL, 10), -1, G_MAXINT) : 0;
    }
}

static gboolean
course_is_completed (const OrgaSyncRow *course)
{
  return _orga_sync_row_get (course, K, "completed_at") != NULL
         && _orga_sync_row_get (course, K, "ended_by_supervisor_at") == NULL;
}

/* The course's result once the session is finalized: the test's score
 * (its own when it was already scored at its end), then the jury. */
static gboolean
score_course (OrgaSyncChange  *c,
              FinalCourse     *f,
              GError         **error)
{
  OrgaSyncRow *course = f->course;
  OrgaCertScore score = { 0 };
  guint n_answered = 0, n_asked = 0;
  g_autofree char *levels = NULL;
  g_autofree char *pix = NULL;

  if (!orga_server_cert_score_test (c->db, c->org_id, _orga_sync_row_get (course, K, "uuid"),
                                    course_is_completed (course), &score, &n_answered, &n_asked, error))
    return FALSE;

  if (orga_cert_status_from_string (_orga_sync_row_get (course, K, "status")) != ORGA_CERT_STATUS_STARTED
      && orga_cert_levels_parse (_orga_sync_row_get (course, K, "levels"), score.levels))
    {
      g_free (score.status);
      score.status = g_strdup (_orga_sync_row_get (course, K, "status"));
      score.pix_score = (int) g_ascii_strtoll (_orga_sync_row_get (course, K, "pix_score"), NULL, 10);
      g_free (score.jury_comment);
      score.jury_comment = g_strdup (_orga_sync_row_get (course, K, "jury_comment"));
    }

  orga_cert_apply_jury (&score, n_answered, n_asked, f->abort_reason, f->cert_reports, f->reports->len);

  levels = orga_cert_levels_format (score.levels);
  pix = g_strdup_printf ("%d", score.pix_score);
  _orga_sync_row_set (course, K, "status", score.status);
  _orga_sync_row_set (course, K, "pix_score", pix);
  _orga_sync_row_set (course, K, "levels", levels);
  _orga_sync_row_set (course, K, "jury_comment", score.jury_comment);
  orga_cert_score_clear (&score);
  return TRUE;
}

OrgaSyncOutcome
_orga_sync_apply_cert_session_finalize (OrgaSyncChange  *c,
                                        GError         **error)
{
  JsonObject *data = data_object (c);
  const char *uuid = _orga_sync_string_member (data, "cert_session");
  g_autoptr(GHashTable) by_course = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, final_course_free);
  g_autoptr(GArray) checked = g_array_new (FALSE, TRUE, sizeof (OrgaCertCourseReport));
  g_autoptr(GPtrArray) written_reports = g_ptr_array_new ();
  g_autoptr(GPtrArray) written_courses = g_ptr_array_new ();
  g_autoptr(OrgaSyncRow) session = NULL;
  g_autoptr(GPtrArray) courses = NULL;
  g_autoptr(GPtrArray) candidates = NULL;
  g_autoptr(GError) refused = NULL;
  const char *comment = NULL;
  const char *finalized_at = NULL;
  gboolean has_incident = FALSE, has_joining_issue = FALSE;
  OrgaCertFinalization finalization = { 0 };
  OrgaSyncOutcome outcome;

  if (!is_id (uuid)
      || !read_text (data, "examiner_global_comment", &comment)
      || !read_text (data, "finalized_at", &finalized_at)
      || !read_bool (data, "has_incident", &has_incident)
      || !read_bool (data, "has_joining_issue", &has_joining_issue)
      || !read_final_courses (json_object_get_member (data, "courses"), by_course))
    return ORGA_SYNC_MALFORMED;
  /* The user's time when the desktop says it, else the change's. */
  if (!is_timestamp (finalized_at))
    finalized_at = c->at;

  session = session_to_manage (c, uuid, FALSE, &outcome, error);
  if (session == NULL)
    return outcome;

  courses = load_rows_where (c->db, K, c->org_id, "session = $2", uuid, error);
  if (courses == NULL)
    return ORGA_SYNC_FAILED;
  candidates = load_rows_where (c->db, C, c->org_id, "session = $2", uuid, error);
  if (candidates == NULL)
    return ORGA_SYNC_FAILED;

  /* A course the desktop names must be one of the session's (it cannot
   * make one); a course it does not name has no report. */
  if (g_hash_table_size (by_course) > courses->len)
    return ORGA_SYNC_MALFORMED;
  for (guint i = 0; i < courses->len; i++)
    {
      OrgaSyncRow *course = g_ptr_array_index (courses, i);
      const char *course_uuid = _orga_sync_row_get (course, K, "uuid");
      FinalCourse *f = g_hash_table_lookup (by_course, course_uuid);

      if (f == NULL)
        {
          f = final_course_new ();
          g_hash_table_insert (by_course, g_strdup (course_uuid), f);
        }
      f->course = course;
      for (guint j = 0; j < candidates->len; j++)
        if (g_strcmp0 (_orga_sync_row_get (g_ptr_array_index (candidates, j), C, "uuid"),
                       _orga_sync_row_get (course, K, "candidate")) == 0)
          f->candidate = g_ptr_array_index (candidates, j);
    }
  {
    GHashTableIter iter;
    gpointer value;

    g_hash_table_iter_init (&iter, by_course);
    while (g_hash_table_iter_next (&iter, NULL, &value))
      if (((FinalCourse *) value)->course == NULL)
        return ORGA_SYNC_MALFORMED;
  }

  /* The spec's rules on the server's courses, in their order. */
  for (guint i = 0; i < courses->len; i++)
    {
      OrgaSyncRow *course = g_ptr_array_index (courses, i);
      FinalCourse *f = g_hash_table_lookup (by_course, _orga_sync_row_get (course, K, "uuid"));
      OrgaCertCourseReport report = { 0 };

      fill_cert_reports (f);
      f->name = f->candidate != NULL
                ? g_strdup_printf ("%s %s", _orga_sync_row_get (f->candidate, C, "first_name"),
                                   _orga_sync_row_get (f->candidate, C, "last_name"))
                : g_strdup_printf ("n° %s", _orga_sync_row_get (course, K, "number"));
      report.course_uuid = _orga_sync_row_get (course, K, "uuid");
      report.candidate_name = f->name;
      report.is_completed = course_is_completed (course);
      report.has_seen_end_test_screen = f->has_seen_end_test_screen;
      report.abort_reason = f->abort_reason;
      report.reports = f->cert_reports;
      report.n_reports = f->reports->len;
      g_array_append_val (checked, report);
    }
  finalization.already_finalized = _orga_sync_row_get (session, S, "finalized_at") != NULL;
  finalization.courses = (const OrgaCertCourseReport *) checked->data;
  finalization.n_courses = checked->len;
  finalization.examiner_global_comment = comment;
  finalization.has_incident = has_incident;
  finalization.has_joining_issue = has_joining_issue;
  if (!orga_cert_finalization_check (&finalization, &refused))
    return refuse_with_session (c, "CERT_FINALIZATION_REFUSED", g_strdup (refused->message), session, TRUE, error);

  /* Reports, flags and abort reasons as the desktop gave them; the
   * courses still running end now, by the supervisor; every course is
   * scored and judged; then the session is published. */
  for (guint i = 0; i < courses->len; i++)
    {
      OrgaSyncRow *course = g_ptr_array_index (courses, i);
      FinalCourse *f = g_hash_table_lookup (by_course, _orga_sync_row_get (course, K, "uuid"));

      for (guint r = 0; r < f->reports->len; r++)
        {
          g_autoptr(OrgaSyncRow) known = NULL;

          if (!load_row (c->db, R, c->org_id, _orga_sync_row_get (g_ptr_array_index (f->reports, r), R, "uuid"),
                         &known, error))
            return ORGA_SYNC_FAILED;
          if (known != NULL)
            return ORGA_SYNC_MALFORMED;
          g_ptr_array_add (written_reports, g_ptr_array_index (f->reports, r));
        }

      _orga_sync_row_set (course, K, "has_seen_end_test_screen", f->has_seen_end_test_screen ? "1" : "0");
      _orga_sync_row_set (course, K, "abort_reason", f->abort_reason);
      if (_orga_sync_row_get (course, K, "completed_at") == NULL
          && _orga_sync_row_get (course, K, "ended_by_supervisor_at") == NULL)
        _orga_sync_row_set (course, K, "ended_by_supervisor_at", finalized_at);
      if (!score_course (c, f, error))
        return ORGA_SYNC_FAILED;
      g_ptr_array_add (written_courses, course);
    }

  _orga_sync_row_set (session, S, "finalized_at", finalized_at);
  _orga_sync_row_set (session, S, "finalized_by", c->user_name);
  _orga_sync_row_set (session, S, "examiner_global_comment", comment);
  _orga_sync_row_set (session, S, "has_incident", has_incident ? "1" : "0");
  _orga_sync_row_set (session, S, "has_joining_issue", has_joining_issue ? "1" : "0");
  _orga_sync_row_set (session, S, "published_at", finalized_at);
  _orga_sync_row_set (session, S, "updated_at", c->at);

  outcome = write_row (c, S, session, error);
  if (outcome == ORGA_SYNC_APPLIED)
    outcome = write_rows (c, K, written_courses, error);
  if (outcome == ORGA_SYNC_APPLIED)
    outcome = write_rows (c, R, written_reports, error);
  return outcome;
}

/* The pages' writes (orga-server-cert.h) */

/* The space's next seq, in the caller's transaction. */
static gboolean
next_seq (OrgaServerDb  *db,
          const char    *org_id,
          char         **seq,
          GError       **error)
{
  g_autoptr(OrgaServerRows) rows = orga_server_db_queryv (db, error,
                                                          "UPDATE organizations SET sync_seq = sync_seq + 1 WHERE id = $1"
                                                          " RETURNING sync_seq",
                                                          org_id, ORGA_SERVER_DB_END);

  if (rows == NULL)
    return FALSE;
  if (orga_server_rows_get_n_rows (rows) != 1)
    {
      g_set_error (error, ORGA_SERVER_DB_ERROR, ORGA_SERVER_DB_ERROR_FAILED, "no such space");
      return FALSE;
    }
  *seq = g_strdup (orga_server_rows_get (rows, 0, 0));
  return TRUE;
}

static gboolean
write_one (OrgaServerDb  *db,
           OrgaWireKind   kind,
           const char    *org_id,
           OrgaSyncRow   *row,
           gint64        *seq,
           GError       **error)
{
  g_autoptr(GPtrArray) rows = g_ptr_array_new ();
  g_autofree char *text = NULL;

  if (!next_seq (db, org_id, &text, error))
    return FALSE;
  _orga_sync_row_set (row, kind, "seq", text);
  g_ptr_array_add (rows, row);
  if (!_orga_sync_upsert_rows (db, kind, org_id, rows, error))
    return FALSE;
  if (seq != NULL)
    *seq = g_ascii_strtoll (text, NULL, 10);
  return TRUE;
}

/* Takes the space's counter row before anything is read, so that a
 * page's write and a finalization (which takes it too) do not
 * interleave: whatever is read next is what the write is checked
 * against. */
static gboolean
lock_space (OrgaServerDb  *db,
            const char    *org_id,
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
  return TRUE;
}

/* The session of a page's write, which must still run. */
static gboolean
check_session_open (OrgaServerDb  *db,
                    const char    *org_id,
                    const char    *uuid,
                    GError       **error)
{
  g_autoptr(OrgaSyncRow) session = NULL;

  if (!load_row (db, S, org_id, uuid, &session, error))
    return FALSE;
  if (session == NULL || _orga_sync_row_get (session, S, "deleted_at") != NULL)
    {
      g_set_error (error, ORGA_CERT_ERROR, ORGA_CERT_ERROR_REFUSED, "Cette session de certification n’existe plus.");
      return FALSE;
    }
  if (_orga_sync_row_get (session, S, "finalized_at") != NULL)
    {
      g_set_error (error, ORGA_CERT_ERROR, ORGA_CERT_ERROR_REFUSED,
                   "La session n° %s est finalisée : elle ne peut plus être modifiée.",
                   _orga_sync_row_get (session, S, "number"));
      return FALSE;
    }
  return TRUE;
}

gboolean
orga_server_cert_upsert_course (OrgaServerDb  *db,
                                const char    *organization_id,
                                JsonObject    *course,
                                gint64        *number,
                                gint64        *seq,
                                GError       **error)
{
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(OrgaSyncRow) row = NULL;
  g_autoptr(OrgaSyncRow) known = NULL;
  g_autoptr(OrgaSyncRow) candidate = NULL;
  const char *uuid;

  g_return_val_if_fail (ORGA_IS_SERVER_DB (db), FALSE);
  g_return_val_if_fail (organization_id != NULL, FALSE);
  g_return_val_if_fail (course != NULL, FALSE);

  if (!lock_space (db, organization_id, error))
    return FALSE;
  node = json_node_init_object (json_node_alloc (), course);
  row = _orga_sync_row_from_json (K, node);
  uuid = row != NULL ? _orga_sync_row_get (row, K, "uuid") : NULL;
  if (!is_id (uuid))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   "Ce test de certification ne peut pas être enregistré : un champ manque ou n’a pas le bon type.");
      return FALSE;
    }

  if (!load_row (db, K, organization_id, uuid, &known, error))
    return FALSE;
  if (known != NULL)
    {
      /* Who, where and which: fixed at the start of the test. */
      static const char *const fixed[] = { "number", "session", "candidate", "learner", "verification_code" };

      for (guint i = 0; i < G_N_ELEMENTS (fixed); i++)
        _orga_sync_row_set (row, K, fixed[i], _orga_sync_row_get (known, K, fixed[i]));
    }
  else
    {
      _orga_sync_row_set (row, K, "number", "0");
      if (_orga_sync_row_get (row, K, "verification_code") == NULL)
        {
          g_autofree char *code = orga_cert_generate_verification_code ();

          _orga_sync_row_set (row, K, "verification_code", code);
        }
    }
  if (_orga_sync_row_get (row, K, "has_seen_end_test_screen") == NULL)
    _orga_sync_row_set (row, K, "has_seen_end_test_screen", "0");
  if (_orga_sync_row_get (row, K, "pix_score") == NULL)
    _orga_sync_row_set (row, K, "pix_score", "0");
  if (_orga_sync_row_get (row, K, "levels") == NULL)
    _orga_sync_row_set (row, K, "levels", "");
  if (_orga_sync_row_get (row, K, "status") == NULL)
    _orga_sync_row_set (row, K, "status", "started");
  if (_orga_sync_row_get (row, K, "candidate") == NULL
      || !load_row (db, C, organization_id, _orga_sync_row_get (row, K, "candidate"), &candidate, error))
    {
      if (error == NULL || *error == NULL)
        g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                     "Ce test de certification ne peut pas être enregistré : il ne dit pas de quel candidat il est.");
      return FALSE;
    }
  if (candidate == NULL || _orga_sync_row_get (candidate, C, "removed_at") != NULL
      || g_strcmp0 (_orga_sync_row_get (candidate, C, "session"), _orga_sync_row_get (row, K, "session")) != 0)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   "Le candidat %s n’est pas inscrit à cette session de certification.",
                   _orga_sync_row_get (row, K, "candidate"));
      return FALSE;
    }
  if (_orga_sync_row_get (row, K, "learner") == NULL)
    _orga_sync_row_set (row, K, "learner", _orga_sync_row_get (candidate, C, "learner"));
  if (!_orga_sync_row_is_complete (row, K))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   "Ce test de certification ne peut pas être enregistré : un champ manque ou n’a pas le bon type.");
      return FALSE;
    }
  if (!check_session_open (db, organization_id, _orga_sync_row_get (row, K, "session"), error))
    return FALSE;

  if (known == NULL)
    {
      g_autoptr(GPtrArray) other = load_rows_where (db, K, organization_id, "candidate = $2",
                                                    _orga_sync_row_get (row, K, "candidate"), error);
      g_autofree char *given = NULL;

      if (other == NULL)
        return FALSE;
      if (other->len > 0)
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                       "Le candidat %s a déjà un test de certification.", _orga_sync_row_get (row, K, "candidate"));
          return FALSE;
        }
      if (!next_number (db, "course", &given, error))
        return FALSE;
      _orga_sync_row_set (row, K, "number", given);
    }

  if (!write_one (db, K, organization_id, row, seq, error))
    return FALSE;
  if (number != NULL)
    *number = g_ascii_strtoll (_orga_sync_row_get (row, K, "number"), NULL, 10);
  return TRUE;
}

gboolean
orga_server_cert_update_candidate (OrgaServerDb  *db,
                                   const char    *organization_id,
                                   const char    *candidate,
                                   const char    *joined_at,
                                   gboolean       authorized_to_start,
                                   gint64        *seq,
                                   GError       **error)
{
  g_autoptr(OrgaSyncRow) row = NULL;
  gboolean changed = FALSE;

  g_return_val_if_fail (ORGA_IS_SERVER_DB (db), FALSE);
  g_return_val_if_fail (organization_id != NULL, FALSE);
  g_return_val_if_fail (candidate != NULL, FALSE);

  if (seq != NULL)
    *seq = 0;
  if (!lock_space (db, organization_id, error)
      || !load_row (db, C, organization_id, candidate, &row, error))
    return FALSE;
  if (row == NULL || _orga_sync_row_get (row, C, "removed_at") != NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND, "Ce candidat n’est pas (ou plus) inscrit à la session.");
      return FALSE;
    }
  if (!check_session_open (db, organization_id, _orga_sync_row_get (row, C, "session"), error))
    return FALSE;

  if (joined_at != NULL && _orga_sync_row_get (row, C, "joined_at") == NULL)
    {
      _orga_sync_row_set (row, C, "joined_at", joined_at);
      changed = TRUE;
    }
  if (_orga_sync_is_true (_orga_sync_row_get (row, C, "authorized_to_start")) != !!authorized_to_start)
    {
      _orga_sync_row_set (row, C, "authorized_to_start", authorized_to_start ? "1" : "0");
      changed = TRUE;
    }
  if (!changed)
    return TRUE;
  return write_one (db, C, organization_id, row, seq, error);
}
