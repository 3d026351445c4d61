/* orga-store-cert.c: certification in the local store (issue 12)
 *
 * Sessions and candidates are written here and pushed; courses and
 * reports come from the server (orga-store-sync.c applies them), but
 * for the finalization's reports, end-screen flags and abort reasons
 * and the demonstration data. Every write is one transaction, or a
 * savepoint of the caller's, and queues its change for a bound school
 * in that transaction; demonstration rows never are.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "orga-store"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "orga-cert-session-private.h"
#include "orga-framework.h"
#include "orga-store-cert.h"
#include "orga-store-private.h"
#include "orga-sync-wire.h"
#include "orga-text.h"

/* The push's members (docs/sync.md, "What a push says"). */
#define M_CERT_SESSION    "cert_session"
#define M_CERT_CANDIDATES "cert_candidates"
#define M_CERT_CANDIDATE  "cert_candidate"
#define M_FIELDS          "fields"
#define M_COURSES         "courses"
#define M_COURSE          "course"
#define M_REPORTS         "reports"

/* ---- small helpers ---------------------------------------------------- */

static gboolean
rollback (OrgaStore *self)
{
  orga_store_rollback (self);
  return FALSE;
}

/* The day a person sees on the school's clock: the form refuses a date
 * before it, the readiness view counts from it. */
static char *
dup_today (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();

  return g_date_time_format (now, "%Y-%m-%d");
}

/* What users type, as it is stored: without white space at either end;
 * NULL when nothing is left. */
static char *
dup_stripped (const char *text)
{
  char *copy;

  if (text == NULL)
    return NULL;
  copy = g_strstrip (g_utf8_make_valid (text, -1));
  if (*copy == '\0')
    g_clear_pointer (&copy, g_free);
  return copy;
}

static gboolean
set_not_found (GError    **error,
               const char *message)
{
  g_set_error_literal (error, ORGA_STORE_ERROR, ORGA_STORE_ERROR_NOT_FOUND, message);
  return FALSE;
}

static gboolean
set_refused (GError    **error,
             const char *message)
{
  g_set_error_literal (error, ORGA_CERT_ERROR, ORGA_CERT_ERROR_REFUSED, message);
  return FALSE;
}

static gboolean
session_not_found (GError **error)
{
  return set_not_found (error, _("This certification session does not exist."));
}

static gboolean
session_finalized (GError **error)
{
  return set_refused (error, _("This session is finalized: it can no longer be changed."));
}

/* A session as the writes check it. */
typedef struct
{
  gint64    organization_id;
  char     *uuid;
  gboolean  finalized;
  gboolean  is_demo;
} SessionState;

static void
session_state_clear (SessionState *state)
{
  g_clear_pointer (&state->uuid, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (SessionState, session_state_clear)

/* FALSE with NOT_FOUND when @session_id is no session (or a deleted one). */
static gboolean
read_session_state (OrgaStore     *self,
                    gint64         session_id,
                    SessionState  *state,
                    GError       **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  stmt = _orga_store_prepare (self,
                              "SELECT organization_id, uuid, finalized_at IS NOT NULL, is_demo "
                              "FROM cert_sessions WHERE id = ?1 AND deleted_at IS NULL",
                              error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, session_id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_DONE)
    return session_not_found (error);
  if (rc != SQLITE_ROW)
    return _orga_store_set_error (self, "cert_sessions", error);

  state->organization_id = sqlite3_column_int64 (stmt, 0);
  state->uuid = g_strdup (orga_db_column_text (stmt, 1));
  state->finalized = sqlite3_column_int (stmt, 2) != 0;
  state->is_demo = sqlite3_column_int (stmt, 3) != 0;
  return TRUE;
}

/* Queues @data (consumed) unless the rows are demonstration ones. */
static gboolean
queue (OrgaStore   *self,
       gboolean     is_demo,
       gint64       organization_id,
       const char  *kind,
       const char  *subject,
       JsonObject  *data,
       GError     **error)
{
  g_autoptr(JsonObject) owned = data;

  if (is_demo)
    return TRUE;
  return _orga_store_sync_queue_cert (self, organization_id, kind, subject, g_steal_pointer (&owned), error);
}

/* ---- sessions --------------------------------------------------------- */

#define SESSION_COLUMNS \
  "s.id, s.uuid, s.number, s.address, s.room, s.examiner, s.date, s.time, s.description, " \
  "s.access_code, s.supervisor_password, s.certification_center, s.finalized_at, s.published_at, " \
  "s.examiner_global_comment, s.has_incident, s.has_joining_issue, s.is_demo, " \
  "(SELECT count(*) FROM cert_candidates c WHERE c.session_id = s.id AND c.removed_at IS NULL), " \
  "(SELECT count(*) FROM cert_courses k WHERE k.session_id = s.id) "

static OrgaCertSession *
session_from_row (sqlite3_stmt *stmt)
{
  OrgaCertSessionData data = {
    .id = sqlite3_column_int64 (stmt, 0),
    .uuid = orga_db_column_text (stmt, 1),
    .number = sqlite3_column_int64 (stmt, 2),
    .address = orga_db_column_text (stmt, 3),
    .room = orga_db_column_text (stmt, 4),
    .examiner = orga_db_column_text (stmt, 5),
    .date = orga_db_column_text (stmt, 6),
    .time = orga_db_column_text (stmt, 7),
    .description = orga_db_column_text (stmt, 8),
    .access_code = orga_db_column_text (stmt, 9),
    .supervisor_password = orga_db_column_text (stmt, 10),
    .certification_center = orga_db_column_text (stmt, 11),
    .finalized_at = orga_db_column_text (stmt, 12),
    .published_at = orga_db_column_text (stmt, 13),
    .examiner_global_comment = orga_db_column_text (stmt, 14),
    .has_incident = sqlite3_column_int (stmt, 15) != 0,
    .has_joining_issue = sqlite3_column_int (stmt, 16) != 0,
    .is_demo = sqlite3_column_int (stmt, 17) != 0,
    .n_candidates = (guint) sqlite3_column_int (stmt, 18),
    .n_started = (guint) sqlite3_column_int (stmt, 19),
  };

  return _orga_cert_session_new (&data);
}

OrgaCertSession *
orga_store_get_cert_session (OrgaStore  *self,
                             gint64      session_id,
                             GError    **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  g_return_val_if_fail (ORGA_IS_STORE (self), NULL);

  stmt = _orga_store_prepare (self,
                              "SELECT " SESSION_COLUMNS "FROM cert_sessions s WHERE s.id = ?1 AND s.deleted_at IS NULL",
                              error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, session_id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    return session_from_row (stmt);
  if (rc == SQLITE_DONE)
    session_not_found (error);
  else
    _orga_store_set_error (self, "cert_sessions", error);
  return NULL;
}

GPtrArray *
orga_store_list_cert_sessions (OrgaStore         *self,
                               OrgaOrganization  *organization,
                               GError           **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GPtrArray) sessions = g_ptr_array_new_with_free_func (g_object_unref);
  int rc;

  g_return_val_if_fail (ORGA_IS_STORE (self), NULL);
  g_return_val_if_fail (ORGA_IS_ORGANIZATION (organization), NULL);

  stmt = _orga_store_prepare (self,
                              "SELECT " SESSION_COLUMNS "FROM cert_sessions s "
                              "WHERE s.organization_id = ?1 AND s.deleted_at IS NULL "
                              "ORDER BY s.date DESC, s.time DESC, s.id DESC",
                              error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, orga_organization_get_id (organization));
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (sessions, session_from_row (stmt));
  if (rc != SQLITE_DONE)
    {
      _orga_store_set_error (self, "cert_sessions", error);
      return NULL;
    }
  return g_steal_pointer (&sessions);
}

char *
orga_store_next_cert_session_date (OrgaStore        *self,
                                   OrgaOrganization *organization,
                                   const char       *today,
                                   GError          **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  g_return_val_if_fail (ORGA_IS_STORE (self), NULL);
  g_return_val_if_fail (ORGA_IS_ORGANIZATION (organization), NULL);
  g_return_val_if_fail (today != NULL, NULL);

  stmt = _orga_store_prepare (self,
                              "SELECT min(date) FROM cert_sessions "
                              "WHERE organization_id = ?1 AND deleted_at IS NULL AND finalized_at IS NULL "
                              "AND date >= ?2",
                              error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, orga_organization_get_id (organization));
  orga_db_bind_text (stmt, 2, today);
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW)
    {
      _orga_store_set_error (self, "cert_sessions", error);
      return NULL;
    }
  return g_strdup (orga_db_column_text (stmt, 0));
}

/* The form as it is stored: trimmed; @stripped's strings are owned. */
typedef struct
{
  char *address, *room, *examiner, *date, *time, *description;
} StrippedForm;

static void
stripped_form_clear (StrippedForm *f)
{
  g_free (f->address);
  g_free (f->room);
  g_free (f->examiner);
  g_free (f->date);
  g_free (f->time);
  g_free (f->description);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (StrippedForm, stripped_form_clear)

/* Fills @stripped and @checked (pointing into @stripped) from @form. */
static gboolean
check_form (const OrgaCertSessionForm *form,
            StrippedForm              *stripped,
            OrgaCertSessionForm       *checked,
            GError                   **error)
{
  g_autofree char *today = dup_today ();

  stripped->address = dup_stripped (form->address);
  stripped->room = dup_stripped (form->room);
  stripped->examiner = dup_stripped (form->examiner);
  stripped->date = dup_stripped (form->date);
  stripped->time = dup_stripped (form->time);
  stripped->description = dup_stripped (form->description);
  *checked = (OrgaCertSessionForm) {
    .address = stripped->address,
    .room = stripped->room,
    .examiner = stripped->examiner,
    .date = stripped->date,
    .time = stripped->time,
    .description = stripped->description,
  };
  return orga_cert_session_form_check (checked, today, NULL, error);
}

/* Writes a new session, its codes drawn; its id, 0 on failure. */
static gint64
insert_session (OrgaStore                 *self,
                gint64                     organization_id,
                const char                *center,
                const OrgaCertSessionForm *form,
                const char          *created_by,
                const char          *created_at,
                gboolean             is_demo,
                char               **out_uuid,
                GError             **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *uuid = orga_store_new_uuid ();
  g_autofree char *access_code = orga_cert_generate_access_code ();
  g_autofree char *password = orga_cert_generate_supervisor_password ();

  stmt = _orga_store_prepare (self,
                              "INSERT INTO cert_sessions (uuid, organization_id, address, room, examiner, date, time, "
                              "description, access_code, supervisor_password, certification_center, created_at, "
                              "created_by, updated_at, is_demo) "
                              "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?12, ?14)",
                              error);
  if (stmt == NULL)
    return 0;
  orga_db_bind_text (stmt, 1, uuid);
  sqlite3_bind_int64 (stmt, 2, organization_id);
  orga_db_bind_text (stmt, 3, form->address);
  orga_db_bind_text (stmt, 4, form->room);
  orga_db_bind_text (stmt, 5, form->examiner);
  orga_db_bind_text (stmt, 6, form->date);
  orga_db_bind_text (stmt, 7, form->time);
  orga_db_bind_text (stmt, 8, form->description);
  orga_db_bind_text (stmt, 9, access_code);
  orga_db_bind_text (stmt, 10, password);
  orga_db_bind_text (stmt, 11, center);
  orga_db_bind_text (stmt, 12, created_at);
  orga_db_bind_text (stmt, 13, created_by != NULL && *created_by != '\0' ? created_by : "");
  sqlite3_bind_int (stmt, 14, is_demo ? 1 : 0);
  if (!_orga_store_step_done (self, stmt, "cert_sessions", error))
    return 0;

  if (out_uuid != NULL)
    *out_uuid = g_steal_pointer (&uuid);
  _orga_store_mark (self, ORGA_STORE_CHANGE_CERTIFICATION, 0);
  return sqlite3_last_insert_rowid (_orga_store_get_db (self));
}

static gboolean
organization_exists (OrgaStore  *self,
                     gint64      organization_id,
                     GError    **error)
{
  g_autoptr(OrgaOrganization) found = _orga_store_get_organization_by_id (self, organization_id, error);

  if (found != NULL)
    return TRUE;
  if (error == NULL || *error == NULL)
    g_set_error_literal (error, ORGA_STORE_ERROR, ORGA_STORE_ERROR_NO_ORGANIZATION,
                         _("This school is not in this database."));
  return FALSE;
}

OrgaCertSession *
orga_store_create_cert_session (OrgaStore                 *self,
                                OrgaOrganization          *organization,
                                const OrgaCertSessionForm *form,
                                const char                *created_by,
                                GError                   **error)
{
  g_auto(StrippedForm) stripped = { 0 };
  g_autofree char *now = orga_store_now ();
  g_autofree char *uuid = NULL;
  OrgaCertSessionForm checked;
  gint64 organization_id;
  gint64 id;

  g_return_val_if_fail (ORGA_IS_STORE (self), NULL);
  g_return_val_if_fail (ORGA_IS_ORGANIZATION (organization), NULL);
  g_return_val_if_fail (form != NULL, NULL);

  organization_id = orga_organization_get_id (organization);
  if (!organization_exists (self, organization_id, error) ||
      !check_form (form, &stripped, &checked, error))
    return NULL;

  if (!orga_store_begin (self, error))
    return NULL;
  id = insert_session (self, organization_id, orga_organization_get_name (organization), &checked,
                       created_by, now, FALSE, &uuid, error);
  if (id == 0)
    {
      orga_store_rollback (self);
      return NULL;
    }

  {
    JsonObject *data = json_object_new ();
    JsonObject *row = _orga_store_sync_read_cert_row (self, ORGA_WIRE_CERT_SESSIONS, id, error);

    if (row == NULL)
      {
        json_object_unref (data);
        orga_store_rollback (self);
        return NULL;
      }
    json_object_set_object_member (data, M_CERT_SESSION, row);
    if (!queue (self, FALSE, organization_id, ORGA_SYNC_CERT_SESSION_CREATE, uuid, data, error))
      {
        orga_store_rollback (self);
        return NULL;
      }
  }

  if (!orga_store_commit (self, error))
    return NULL;
  return orga_store_get_cert_session (self, id, error);
}

gboolean
orga_store_update_cert_session (OrgaStore                 *self,
                                gint64                     session_id,
                                const OrgaCertSessionForm *form,
                                GError                   **error)
{
  static const char * const names[] = { "address", "room", "examiner", "date", "time", "description" };
  g_auto(SessionState) state = { 0 };
  g_auto(StrippedForm) stripped = { 0 };
  OrgaCertSessionForm checked;
  g_autoptr(sqlite3_stmt) read = NULL;
  g_autoptr(sqlite3_stmt) write = NULL;
  g_autoptr(JsonObject) fields = json_object_new ();
  g_autofree char *now = orga_store_now ();
  const char *values[G_N_ELEMENTS (names)];
  JsonObject *data;

  g_return_val_if_fail (ORGA_IS_STORE (self), FALSE);
  g_return_val_if_fail (form != NULL, FALSE);

  if (!read_session_state (self, session_id, &state, error))
    return FALSE;
  if (state.finalized)
    return session_finalized (error);
  if (!check_form (form, &stripped, &checked, error))
    return FALSE;

  values[0] = stripped.address;
  values[1] = stripped.room;
  values[2] = stripped.examiner;
  values[3] = stripped.date;
  values[4] = stripped.time;
  values[5] = stripped.description;

  read = _orga_store_prepare (self,
                              "SELECT address, room, examiner, date, time, description FROM cert_sessions WHERE id = ?1",
                              error);
  if (read == NULL)
    return FALSE;
  sqlite3_bind_int64 (read, 1, session_id);
  if (sqlite3_step (read) != SQLITE_ROW)
    return _orga_store_set_error (self, "cert_sessions", error);
  /* Only what changed goes: the server merges edits field by field, and
   * an edit that changes nothing writes nothing. */
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    if (g_strcmp0 (orga_db_column_text (read, (int) i), values[i]) != 0)
      {
        if (values[i] != NULL)
          json_object_set_string_member (fields, names[i], values[i]);
        else
          json_object_set_null_member (fields, names[i]);
      }
  if (json_object_get_size (fields) == 0)
    return TRUE;

  if (!orga_store_begin (self, error))
    return FALSE;
  write = _orga_store_prepare (self,
                               "UPDATE cert_sessions SET address = ?2, room = ?3, examiner = ?4, date = ?5, time = ?6, "
                               "description = ?7, updated_at = ?8 WHERE id = ?1",
                               error);
  if (write == NULL)
    return rollback (self);
  sqlite3_bind_int64 (write, 1, session_id);
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    orga_db_bind_text (write, (int) i + 2, values[i]);
  orga_db_bind_text (write, 8, now);
  if (!_orga_store_step_done (self, write, "cert_sessions", error))
    return rollback (self);
  _orga_store_mark (self, ORGA_STORE_CHANGE_CERTIFICATION, 0);

  data = json_object_new ();
  json_object_set_string_member (data, M_CERT_SESSION, state.uuid);
  json_object_set_object_member (data, M_FIELDS, g_steal_pointer (&fields));
  if (!queue (self, state.is_demo, state.organization_id, ORGA_SYNC_CERT_SESSION_UPDATE, state.uuid, data, error))
    return rollback (self);
  return orga_store_commit (self, error);
}

/* Whether a candidate of the session has joined it, or a test started. */
static gboolean
session_started (OrgaStore  *self,
                 gint64      session_id,
                 gboolean   *started,
                 GError    **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  stmt = _orga_store_prepare (self,
                              "SELECT EXISTS (SELECT 1 FROM cert_candidates WHERE session_id = ?1 "
                              "                 AND removed_at IS NULL AND joined_at IS NOT NULL) "
                              "    OR EXISTS (SELECT 1 FROM cert_courses WHERE session_id = ?1)",
                              error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, session_id);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    return _orga_store_set_error (self, "cert_candidates", error);
  *started = sqlite3_column_int (stmt, 0) != 0;
  return TRUE;
}

gboolean
orga_store_delete_cert_session (OrgaStore  *self,
                                gint64      session_id,
                                GError    **error)
{
  g_auto(SessionState) state = { 0 };
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *now = orga_store_now ();
  gboolean started = FALSE;
  JsonObject *data;

  g_return_val_if_fail (ORGA_IS_STORE (self), FALSE);

  if (!read_session_state (self, session_id, &state, error) ||
      !session_started (self, session_id, &started, error))
    return FALSE;
  if (started)
    return set_refused (error, _("A candidate has already joined this session: it can no longer be deleted."));

  if (!orga_store_begin (self, error))
    return FALSE;
  /* Kept as a tombstone until the server has it; a demonstration one is
   * invented and goes outright. */
  stmt = _orga_store_prepare (self,
                              state.is_demo ? "DELETE FROM cert_sessions WHERE id = ?1"
                                            : "UPDATE cert_sessions SET deleted_at = ?2, updated_at = ?2 WHERE id = ?1",
                              error);
  if (stmt == NULL)
    return rollback (self);
  sqlite3_bind_int64 (stmt, 1, session_id);
  if (!state.is_demo)
    orga_db_bind_text (stmt, 2, now);
  if (!_orga_store_step_done (self, stmt, "cert_sessions", error))
    return rollback (self);
  _orga_store_mark (self, ORGA_STORE_CHANGE_CERTIFICATION, 0);

  data = json_object_new ();
  json_object_set_string_member (data, M_CERT_SESSION, state.uuid);
  if (!queue (self, state.is_demo, state.organization_id, ORGA_SYNC_CERT_SESSION_DELETE, state.uuid, data, error))
    return rollback (self);
  return orga_store_commit (self, error);
}

/* ---- candidates ------------------------------------------------------- */

void
orga_cert_candidate_free (OrgaCertCandidate *candidate)
{
  if (candidate == NULL)
    return;
  g_free (candidate->uuid);
  g_free (candidate->first_name);
  g_free (candidate->last_name);
  g_free (candidate->birthdate);
  g_free (candidate->birth_city);
  g_free (candidate->division);
  g_free (candidate->external_id);
  g_free (candidate->ine);
  g_free (candidate->joined_at);
  g_free (candidate->course_uuid);
  g_free (candidate->course_status);
  g_free (candidate->completed_at);
  g_free (candidate->ended_by_supervisor_at);
  g_free (candidate->abort_reason);
  g_free (candidate);
}

/* Rows sorted by a folded name key: "É" sorts with "E", as the student
 * list does. */
typedef struct
{
  char     *key;
  gint64    tie;
  gpointer  row;
} Keyed;

static int
compare_keyed (gconstpointer a,
               gconstpointer b)
{
  const Keyed *x = a;
  const Keyed *y = b;
  int cmp = strcmp (x->key, y->key);

  if (cmp != 0)
    return cmp;
  return (x->tie > y->tie) - (x->tie < y->tie);
}

/* Sorts @rows (their free function kept) by @keys, given in the same
 * order; frees the keys. */
static void
sort_by_keys (GPtrArray *rows,
              GArray    *keys)
{
  g_array_sort (keys, compare_keyed);
  for (guint i = 0; i < keys->len; i++)
    {
      Keyed *k = &g_array_index (keys, Keyed, i);

      rows->pdata[i] = k->row;
      g_free (k->key);
    }
}

static void
add_key (GArray     *keys,
         GString    *buffer,
         const char *last_name,
         const char *first_name,
         gint64      tie,
         gpointer    row)
{
  Keyed k;

  _orga_store_learner_name_key (buffer, last_name, first_name);
  k.key = g_strdup (buffer->str);
  k.tie = tie;
  k.row = row;
  g_array_append_val (keys, k);
}

GPtrArray *
orga_store_list_cert_candidates (OrgaStore  *self,
                                 gint64      session_id,
                                 GError    **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GPtrArray) candidates = g_ptr_array_new_with_free_func ((GDestroyNotify) orga_cert_candidate_free);
  g_autoptr(GArray) keys = g_array_new (FALSE, FALSE, sizeof (Keyed));
  g_autoptr(GString) buffer = g_string_new (NULL);
  int rc;

  g_return_val_if_fail (ORGA_IS_STORE (self), NULL);

  stmt = _orga_store_prepare (self,
                              "SELECT c.id, c.uuid, c.learner_id, c.first_name, c.last_name, c.birthdate, c.birth_city, "
                              "  l.division, c.external_id, l.ine, c.extra_time_percentage, c.authorized_to_start, "
                              "  c.joined_at, k.uuid, k.number, k.status, k.completed_at, k.ended_by_supervisor_at, "
                              "  k.has_seen_end_test_screen, k.abort_reason "
                              "FROM cert_candidates c "
                              "LEFT JOIN learners l ON l.id = c.learner_id "
                              "LEFT JOIN cert_courses k ON k.candidate_id = c.id "
                              "WHERE c.session_id = ?1 AND c.removed_at IS NULL",
                              error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, session_id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      OrgaCertCandidate *c = g_new0 (OrgaCertCandidate, 1);

      c->id = sqlite3_column_int64 (stmt, 0);
      c->uuid = g_strdup (orga_db_column_text (stmt, 1));
      c->learner_id = sqlite3_column_int64 (stmt, 2);
      c->first_name = g_strdup (orga_db_column_text (stmt, 3));
      c->last_name = g_strdup (orga_db_column_text (stmt, 4));
      c->birthdate = g_strdup (orga_db_column_text (stmt, 5));
      c->birth_city = g_strdup (orga_db_column_text (stmt, 6));
      c->division = g_strdup (orga_db_column_text (stmt, 7));
      c->external_id = g_strdup (orga_db_column_text (stmt, 8));
      c->ine = g_strdup (orga_db_column_text (stmt, 9));
      c->extra_time_percentage = sqlite3_column_int (stmt, 10);
      c->authorized_to_start = sqlite3_column_int (stmt, 11) != 0;
      c->joined_at = g_strdup (orga_db_column_text (stmt, 12));
      c->course_uuid = g_strdup (orga_db_column_text (stmt, 13));
      c->course_number = sqlite3_column_int64 (stmt, 14);
      c->course_status = g_strdup (orga_db_column_text (stmt, 15));
      c->completed_at = g_strdup (orga_db_column_text (stmt, 16));
      c->ended_by_supervisor_at = g_strdup (orga_db_column_text (stmt, 17));
      c->has_seen_end_test_screen = sqlite3_column_int (stmt, 18) != 0;
      c->abort_reason = g_strdup (orga_db_column_text (stmt, 19));
      g_ptr_array_add (candidates, c);
      add_key (keys, buffer, c->last_name, c->first_name, c->id, c);
    }
  if (rc != SQLITE_DONE)
    {
      _orga_store_set_error (self, "cert_candidates", error);
      return NULL;
    }
  sort_by_keys (candidates, keys);
  return g_steal_pointer (&candidates);
}

void
orga_cert_enrolment_row_free (OrgaCertEnrolmentRow *row)
{
  if (row == NULL)
    return;
  g_free (row->first_name);
  g_free (row->last_name);
  g_free (row->birthdate);
  g_free (row->division);
  g_free (row);
}

/* 1, 0 or -1 (no profile received) from orga_store_certifiability_by_learner(). */
static int
certifiable_of (GHashTable *certifiabilities,
                gint64      learner_id)
{
  gpointer value;

  if (!g_hash_table_lookup_extended (certifiabilities, &learner_id, NULL, &value))
    return -1;
  return GPOINTER_TO_UINT (value) == ORGA_CERTIFIABILITY_ELIGIBLE ? 1 : 0;
}

GPtrArray *
orga_store_list_cert_enrolment (OrgaStore  *self,
                                gint64      session_id,
                                const char *division,
                                GError    **error)
{
  g_auto(SessionState) state = { 0 };
  g_autoptr(OrgaOrganization) organization = NULL;
  g_autoptr(GHashTable) certifiabilities = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) orga_cert_enrolment_row_free);
  int rc;

  g_return_val_if_fail (ORGA_IS_STORE (self), NULL);

  if (!read_session_state (self, session_id, &state, error))
    return NULL;
  organization = _orga_store_get_organization_by_id (self, state.organization_id, error);
  if (organization == NULL)
    return NULL;
  certifiabilities = orga_store_certifiability_by_learner (self, organization, error);
  if (certifiabilities == NULL)
    return NULL;

  stmt = _orga_store_prepare (self,
                              "SELECT l.id, l.first_name, l.last_name, l.birthdate, l.division, "
                              "  EXISTS (SELECT 1 FROM cert_candidates c WHERE c.session_id = ?2 "
                              "          AND c.learner_id = l.id AND c.removed_at IS NULL) "
                              "FROM learners l "
                              "WHERE l.organization_id = ?1 AND l.disabled_at IS NULL "
                              "AND (?3 IS NULL OR l.division = ?3) "
                              "ORDER BY l.name_key, l.ine",
                              error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, state.organization_id);
  sqlite3_bind_int64 (stmt, 2, session_id);
  orga_db_bind_text (stmt, 3, division);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      OrgaCertEnrolmentRow *row = g_new0 (OrgaCertEnrolmentRow, 1);

      row->learner_id = sqlite3_column_int64 (stmt, 0);
      row->first_name = g_strdup (orga_db_column_text (stmt, 1));
      row->last_name = g_strdup (orga_db_column_text (stmt, 2));
      row->birthdate = g_strdup (orga_db_column_text (stmt, 3));
      row->division = g_strdup (orga_db_column_text (stmt, 4));
      row->is_enrolled = sqlite3_column_int (stmt, 5) != 0;
      row->certifiable = certifiable_of (certifiabilities, row->learner_id);
      g_ptr_array_add (rows, row);
    }
  if (rc != SQLITE_DONE)
    {
      _orga_store_set_error (self, "learners", error);
      return NULL;
    }
  return g_steal_pointer (&rows);
}

GStrv
orga_store_list_cert_divisions (OrgaStore        *self,
                                OrgaOrganization *organization,
                                GError          **error)
{
  /* The classes of the active students, in class order: the student
   * list's own. */
  return orga_store_list_divisions (self, organization, error);
}

/* The columns of the candidate a learner makes (spec §2.2). */
typedef struct
{
  gint64  learner_id;
  gint64  organization_id;
  char   *first_name;
  char   *last_name;
  char   *birthdate;
  char   *sex;
  char   *birth_city;
  char   *birth_insee_code;
  char   *birth_country;
  gboolean disabled;            /* left the school (a later import) */
} Identity;

static void
identity_clear (Identity *id)
{
  g_free (id->first_name);
  g_free (id->last_name);
  g_free (id->birthdate);
  g_free (id->sex);
  g_free (id->birth_city);
  g_free (id->birth_insee_code);
  g_free (id->birth_country);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Identity, identity_clear)

/* FALSE without error when the learner does not exist. */
static gboolean
read_identity (OrgaStore     *self,
               sqlite3_stmt  *stmt,
               gint64         learner_id,
               Identity      *id,
               GError       **error)
{
  const char *country;
  int rc;

  sqlite3_reset (stmt);
  sqlite3_bind_int64 (stmt, 1, learner_id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_DONE)
    return FALSE;
  if (rc != SQLITE_ROW)
    return _orga_store_set_error (self, "learners", error);

  id->learner_id = learner_id;
  id->organization_id = sqlite3_column_int64 (stmt, 0);
  id->first_name = dup_stripped (orga_db_column_text (stmt, 1));
  id->last_name = dup_stripped (orga_db_column_text (stmt, 2));
  id->birthdate = g_strdup (orga_db_column_text (stmt, 3));
  id->sex = g_strdup (orga_db_column_text (stmt, 4));
  id->birth_city = g_strdup (orga_db_column_text (stmt, 5));
  id->birth_insee_code = g_strdup (orga_db_column_text (stmt, 6));
  /* Pix looks the country up by its INSEE code, "99" + SIECLE's. */
  country = orga_db_column_text (stmt, 7);
  id->birth_country = country != NULL && *country != '\0' ? g_strconcat ("99", country, NULL) : NULL;
  id->disabled = sqlite3_column_int (stmt, 8) != 0;
  return TRUE;
}

static gint64
insert_candidate (OrgaStore       *self,
                  sqlite3_stmt    *stmt,
                  gint64           session_id,
                  const Identity  *id,
                  const char      *created_at,
                  gboolean         is_demo,
                  GError         **error)
{
  g_autofree char *uuid = orga_store_new_uuid ();

  sqlite3_reset (stmt);
  orga_db_bind_text (stmt, 1, uuid);
  sqlite3_bind_int64 (stmt, 2, id->organization_id);
  sqlite3_bind_int64 (stmt, 3, session_id);
  sqlite3_bind_int64 (stmt, 4, id->learner_id);
  orga_db_bind_text (stmt, 5, id->first_name);
  orga_db_bind_text (stmt, 6, id->last_name);
  orga_db_bind_text (stmt, 7, id->birthdate);
  orga_db_bind_text (stmt, 8, id->sex);
  orga_db_bind_text (stmt, 9, id->birth_city);
  orga_db_bind_text (stmt, 10, id->birth_insee_code);
  orga_db_bind_text (stmt, 11, id->birth_country);
  orga_db_bind_text (stmt, 12, created_at);
  sqlite3_bind_int (stmt, 13, is_demo ? 1 : 0);
  if (!_orga_store_step_done (self, stmt, "cert_candidates", error))
    return 0;
  return sqlite3_last_insert_rowid (_orga_store_get_db (self));
}

#define INSERT_CANDIDATE_SQL \
  "INSERT INTO cert_candidates (uuid, organization_id, session_id, learner_id, first_name, last_name, " \
  "birthdate, sex, birth_city, birth_insee_code, birth_country, created_at, is_demo) " \
  "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)"

#define READ_IDENTITY_SQL \
  "SELECT organization_id, first_name, last_name, birthdate, sex, birth_city, birth_city_code, " \
  "birth_country_code, disabled_at IS NOT NULL FROM learners WHERE id = ?1"

/* Enrols @learner_ids in the caller's transaction; the ids of the
 * candidates added go to @added. */
static gboolean
enrol_locked (OrgaStore     *self,
              gint64         session_id,
              gint64         organization_id,
              const gint64  *learner_ids,
              guint          n_learners,
              gboolean       is_demo,
              GArray        *added,
              GError       **error)
{
  g_autoptr(sqlite3_stmt) read = _orga_store_prepare (self, READ_IDENTITY_SQL, error);
  g_autoptr(sqlite3_stmt) enrolled = NULL;
  g_autoptr(sqlite3_stmt) insert = NULL;
  g_autofree char *now = orga_store_now ();

  if (read == NULL)
    return FALSE;
  enrolled = _orga_store_prepare (self,
                                  "SELECT 1 FROM cert_candidates WHERE session_id = ?1 AND learner_id = ?2 "
                                  "AND removed_at IS NULL",
                                  error);
  insert = enrolled != NULL ? _orga_store_prepare (self, INSERT_CANDIDATE_SQL, error) : NULL;
  if (insert == NULL)
    return FALSE;

  for (guint i = 0; i < n_learners; i++)
    {
      g_auto(Identity) id = { 0 };
      g_autoptr(GError) local_error = NULL;
      gint64 candidate_id;
      int rc;

      if (!read_identity (self, read, learner_ids[i], &id, &local_error))
        {
          if (local_error != NULL)
            {
              g_propagate_error (error, g_steal_pointer (&local_error));
              return FALSE;
            }
          id.organization_id = -1;
        }
      if (id.organization_id != organization_id)
        return set_refused (error, _("A student to enrol is not one of this school’s students."));
      /* Pix enrols only the school's current students (spec §2.2). */
      if (id.disabled)
        {
          g_set_error (error, ORGA_CERT_ERROR, ORGA_CERT_ERROR_REFUSED,
                       _("%s %s has left the school: they cannot be enrolled."),
                       id.first_name != NULL ? id.first_name : "", id.last_name != NULL ? id.last_name : "");
          return FALSE;
        }
      if (id.birthdate == NULL || id.first_name == NULL || id.last_name == NULL)
        {
          g_set_error (error, ORGA_CERT_ERROR, ORGA_CERT_ERROR_INVALID,
                       _("%s %s has no birth date: they cannot be enrolled."),
                       id.first_name != NULL ? id.first_name : "", id.last_name != NULL ? id.last_name : "");
          return FALSE;
        }

      /* Already enrolled (or twice in @learner_ids): skipped. */
      sqlite3_reset (enrolled);
      sqlite3_bind_int64 (enrolled, 1, session_id);
      sqlite3_bind_int64 (enrolled, 2, learner_ids[i]);
      rc = sqlite3_step (enrolled);
      if (rc == SQLITE_ROW)
        continue;
      if (rc != SQLITE_DONE)
        return _orga_store_set_error (self, "cert_candidates", error);

      candidate_id = insert_candidate (self, insert, session_id, &id, now, is_demo, error);
      if (candidate_id == 0)
        return FALSE;
      g_array_append_val (added, candidate_id);
    }
  return TRUE;
}

gboolean
orga_store_enrol_cert_candidates (OrgaStore     *self,
                                  gint64         session_id,
                                  const gint64  *learner_ids,
                                  guint          n_learners,
                                  guint         *n_added,
                                  GError       **error)
{
  g_auto(SessionState) state = { 0 };
  g_autoptr(GArray) added = g_array_new (FALSE, FALSE, sizeof (gint64));

  g_return_val_if_fail (ORGA_IS_STORE (self), FALSE);
  g_return_val_if_fail (learner_ids != NULL || n_learners == 0, FALSE);

  if (n_added != NULL)
    *n_added = 0;
  if (!read_session_state (self, session_id, &state, error))
    return FALSE;
  if (state.finalized)
    return session_finalized (error);

  if (!orga_store_begin (self, error))
    return FALSE;
  if (!enrol_locked (self, session_id, state.organization_id, learner_ids, n_learners, state.is_demo, added, error))
    return rollback (self);

  if (added->len > 0)
    {
      JsonObject *data = json_object_new ();
      JsonArray *rows = json_array_new ();

      json_object_set_string_member (data, M_CERT_SESSION, state.uuid);
      json_object_set_array_member (data, M_CERT_CANDIDATES, rows);
      for (guint i = 0; i < added->len; i++)
        {
          JsonObject *row = _orga_store_sync_read_cert_row (self, ORGA_WIRE_CERT_CANDIDATES,
                                                            g_array_index (added, gint64, i), error);

          if (row == NULL)
            {
              json_object_unref (data);
              return rollback (self);
            }
          json_array_add_object_element (rows, row);
        }
      if (!queue (self, state.is_demo, state.organization_id, ORGA_SYNC_CERT_CANDIDATES_ENROL, state.uuid, data, error))
        return rollback (self);
      _orga_store_mark (self, ORGA_STORE_CHANGE_CERTIFICATION, 0);
    }

  if (!orga_store_commit (self, error))
    return FALSE;
  if (n_added != NULL)
    *n_added = added->len;
  return TRUE;
}

gboolean
orga_store_remove_cert_candidate (OrgaStore  *self,
                                  gint64      candidate_id,
                                  GError    **error)
{
  g_auto(SessionState) state = { 0 };
  g_autoptr(sqlite3_stmt) read = NULL;
  g_autoptr(sqlite3_stmt) write = NULL;
  g_autofree char *uuid = NULL;
  g_autofree char *now = orga_store_now ();
  gint64 session_id;
  gboolean joined, is_demo;
  JsonObject *data;
  int rc;

  g_return_val_if_fail (ORGA_IS_STORE (self), FALSE);

  read = _orga_store_prepare (self,
                              "SELECT c.uuid, c.session_id, c.joined_at IS NOT NULL "
                              "  OR EXISTS (SELECT 1 FROM cert_courses k WHERE k.candidate_id = c.id), c.is_demo "
                              "FROM cert_candidates c WHERE c.id = ?1 AND c.removed_at IS NULL",
                              error);
  if (read == NULL)
    return FALSE;
  sqlite3_bind_int64 (read, 1, candidate_id);
  rc = sqlite3_step (read);
  if (rc == SQLITE_DONE)
    return set_not_found (error, _("This candidate is not enrolled in the session."));
  if (rc != SQLITE_ROW)
    return _orga_store_set_error (self, "cert_candidates", error);
  uuid = g_strdup (orga_db_column_text (read, 0));
  session_id = sqlite3_column_int64 (read, 1);
  joined = sqlite3_column_int (read, 2) != 0;
  is_demo = sqlite3_column_int (read, 3) != 0;

  if (!read_session_state (self, session_id, &state, error))
    return FALSE;
  if (joined)
    return set_refused (error, _("This candidate has already joined the session: they can no longer be removed."));
  if (state.finalized)
    return session_finalized (error);

  if (!orga_store_begin (self, error))
    return FALSE;
  write = _orga_store_prepare (self,
                               is_demo ? "DELETE FROM cert_candidates WHERE id = ?1"
                                       : "UPDATE cert_candidates SET removed_at = ?2 WHERE id = ?1",
                               error);
  if (write == NULL)
    return rollback (self);
  sqlite3_bind_int64 (write, 1, candidate_id);
  if (!is_demo)
    orga_db_bind_text (write, 2, now);
  if (!_orga_store_step_done (self, write, "cert_candidates", error))
    return rollback (self);
  _orga_store_mark (self, ORGA_STORE_CHANGE_CERTIFICATION, 0);

  data = json_object_new ();
  json_object_set_string_member (data, M_CERT_CANDIDATE, uuid);
  if (!queue (self, is_demo, state.organization_id, ORGA_SYNC_CERT_CANDIDATE_REMOVE, uuid, data, error))
    return rollback (self);
  return orga_store_commit (self, error);
}

/* ---- finalization ----------------------------------------------------- */

/* A course of the session as stored, with what the form says of it. */
typedef struct
{
  gint64                       id;
  char                        *uuid;
  char                        *candidate_name;
  gboolean                     is_completed;
  const OrgaCertCourseReport  *given;     /* @finalization's, or NULL */
} StoredCourse;

static void
stored_course_clear (gpointer data)
{
  StoredCourse *c = data;

  g_free (c->uuid);
  g_free (c->candidate_name);
}

static GArray *
read_courses (OrgaStore  *self,
              gint64      session_id,
              GError    **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GArray) courses = g_array_new (FALSE, TRUE, sizeof (StoredCourse));
  int rc;

  g_array_set_clear_func (courses, stored_course_clear);
  stmt = _orga_store_prepare (self,
                              "SELECT k.id, k.uuid, c.first_name || ' ' || c.last_name, "
                              "  k.completed_at IS NOT NULL AND k.ended_by_supervisor_at IS NULL "
                              "FROM cert_courses k JOIN cert_candidates c ON c.id = k.candidate_id "
                              "WHERE k.session_id = ?1 ORDER BY c.last_name, c.first_name, k.number",
                              error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, session_id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      StoredCourse c = { 0 };

      c.id = sqlite3_column_int64 (stmt, 0);
      c.uuid = g_strdup (orga_db_column_text (stmt, 1));
      c.candidate_name = g_strdup (orga_db_column_text (stmt, 2));
      c.is_completed = sqlite3_column_int (stmt, 3) != 0;
      g_array_append_val (courses, c);
    }
  if (rc != SQLITE_DONE)
    {
      _orga_store_set_error (self, "cert_courses", error);
      return NULL;
    }
  return g_steal_pointer (&courses);
}

/* The stored course of @uuid in @courses, or NULL. */
static StoredCourse *
find_course (GArray     *courses,
             const char *uuid)
{
  for (guint i = 0; uuid != NULL && i < courses->len; i++)
    if (g_str_equal (g_array_index (courses, StoredCourse, i).uuid, uuid))
      return &g_array_index (courses, StoredCourse, i);
  return NULL;
}

static gboolean
write_finalization (OrgaStore                  *self,
                    gint64                      session_id,
                    gint64                      organization_id,
                    gboolean                    is_demo,
                    GArray                     *courses,
                    const OrgaCertFinalization *finalization,
                    const char                 *finalized_by,
                    const char                 *now,
                    JsonArray                  *pushed,
                    GError                    **error)
{
  g_autoptr(sqlite3_stmt) course = NULL;
  g_autoptr(sqlite3_stmt) report = NULL;
  g_autoptr(sqlite3_stmt) session = NULL;
  g_autofree char *comment = dup_stripped (finalization->examiner_global_comment);

  course = _orga_store_prepare (self,
                                "UPDATE cert_courses SET has_seen_end_test_screen = ?2, abort_reason = ?3 WHERE id = ?1",
                                error);
  report = course != NULL ? _orga_store_prepare (self,
                                                 "INSERT INTO cert_reports (uuid, organization_id, course_id, category, "
                                                 "subcategory, description, question_number, is_demo) "
                                                 "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
                                                 error) : NULL;
  if (report == NULL)
    return FALSE;

  for (guint i = 0; i < courses->len; i++)
    {
      StoredCourse *c = &g_array_index (courses, StoredCourse, i);
      const OrgaCertCourseReport *given = c->given;
      JsonObject *entry = json_object_new ();
      JsonArray *reports = json_array_new ();

      json_array_add_object_element (pushed, entry);
      json_object_set_string_member (entry, M_COURSE, c->uuid);
      json_object_set_boolean_member (entry, "has_seen_end_test_screen",
                                      given != NULL && given->has_seen_end_test_screen);
      if (given != NULL && given->abort_reason != NULL)
        json_object_set_string_member (entry, "abort_reason", given->abort_reason);
      else
        json_object_set_null_member (entry, "abort_reason");
      json_object_set_array_member (entry, M_REPORTS, reports);

      sqlite3_reset (course);
      sqlite3_bind_int64 (course, 1, c->id);
      sqlite3_bind_int (course, 2, given != NULL && given->has_seen_end_test_screen);
      orga_db_bind_text (course, 3, given != NULL ? given->abort_reason : NULL);
      if (!_orga_store_step_done (self, course, "cert_courses", error))
        return FALSE;

      for (guint r = 0; given != NULL && r < given->n_reports; r++)
        {
          const OrgaCertReport *rep = &given->reports[r];
          g_autofree char *uuid = orga_store_new_uuid ();
          g_autofree char *description = dup_stripped (rep->description);
          JsonObject *row;

          sqlite3_reset (report);
          orga_db_bind_text (report, 1, uuid);
          sqlite3_bind_int64 (report, 2, organization_id);
          sqlite3_bind_int64 (report, 3, c->id);
          orga_db_bind_text (report, 4, rep->category);
          orga_db_bind_text (report, 5, rep->subcategory);
          orga_db_bind_text (report, 6, description);
          if (rep->question_number > 0)
            sqlite3_bind_int (report, 7, rep->question_number);
          else
            sqlite3_bind_null (report, 7);
          sqlite3_bind_int (report, 8, is_demo ? 1 : 0);
          if (!_orga_store_step_done (self, report, "cert_reports", error))
            return FALSE;
          row = _orga_store_sync_read_cert_row (self, ORGA_WIRE_CERT_REPORTS,
                                                sqlite3_last_insert_rowid (_orga_store_get_db (self)), error);
          if (row == NULL)
            return FALSE;
          json_array_add_object_element (reports, row);
        }
    }

  session = _orga_store_prepare (self,
                                 "UPDATE cert_sessions SET finalized_at = ?2, finalized_by = ?3, "
                                 "examiner_global_comment = ?4, has_incident = ?5, has_joining_issue = ?6, "
                                 "updated_at = ?2 WHERE id = ?1",
                                 error);
  if (session == NULL)
    return FALSE;
  sqlite3_bind_int64 (session, 1, session_id);
  orga_db_bind_text (session, 2, now);
  orga_db_bind_text (session, 3, finalized_by != NULL ? finalized_by : "");
  orga_db_bind_text (session, 4, comment);
  sqlite3_bind_int (session, 5, finalization->has_incident ? 1 : 0);
  sqlite3_bind_int (session, 6, finalization->has_joining_issue ? 1 : 0);
  if (!_orga_store_step_done (self, session, "cert_sessions", error))
    return FALSE;
  _orga_store_mark (self, ORGA_STORE_CHANGE_CERTIFICATION, 0);
  return TRUE;
}

gboolean
orga_store_finalize_cert_session (OrgaStore                  *self,
                                  gint64                      session_id,
                                  const OrgaCertFinalization *finalization,
                                  const char                 *finalized_by,
                                  GError                    **error)
{
  g_auto(SessionState) state = { 0 };
  g_autoptr(GArray) courses = NULL;
  g_autofree OrgaCertCourseReport *checked = NULL;
  g_autofree char *now = orga_store_now ();
  OrgaCertFinalization check;
  JsonObject *data;
  JsonArray *pushed;

  g_return_val_if_fail (ORGA_IS_STORE (self), FALSE);
  g_return_val_if_fail (finalization != NULL, FALSE);
  g_return_val_if_fail (finalization->courses != NULL || finalization->n_courses == 0, FALSE);

  if (!read_session_state (self, session_id, &state, error))
    return FALSE;
  courses = read_courses (self, session_id, error);
  if (courses == NULL)
    return FALSE;

  /* The form speaks of the stored courses only: what it says of another
   * session's would be written nowhere. */
  for (guint i = 0; i < finalization->n_courses; i++)
    {
      StoredCourse *c = find_course (courses, finalization->courses[i].course_uuid);

      if (c == NULL)
        return set_refused (error, _("A course of the finalization is not one of this session’s."));
      c->given = &finalization->courses[i];
    }

  /* The rules read the courses as stored (completed or not), with what
   * the form says of each. */
  checked = g_new0 (OrgaCertCourseReport, MAX (courses->len, 1));
  for (guint i = 0; i < courses->len; i++)
    {
      StoredCourse *c = &g_array_index (courses, StoredCourse, i);

      checked[i].course_uuid = c->uuid;
      checked[i].candidate_name = c->candidate_name;
      checked[i].is_completed = c->is_completed;
      if (c->given != NULL)
        {
          checked[i].has_seen_end_test_screen = c->given->has_seen_end_test_screen;
          checked[i].abort_reason = c->given->abort_reason;
          checked[i].reports = c->given->reports;
          checked[i].n_reports = c->given->n_reports;
        }
    }
  check = *finalization;
  check.already_finalized = state.finalized;
  check.courses = checked;
  check.n_courses = courses->len;
  if (!orga_cert_finalization_check (&check, error))
    return FALSE;

  if (!orga_store_begin (self, error))
    return FALSE;
  pushed = json_array_new ();
  if (!write_finalization (self, session_id, state.organization_id, state.is_demo, courses, finalization,
                           finalized_by, now, pushed, error))
    {
      json_array_unref (pushed);
      return rollback (self);
    }

  data = json_object_new ();
  json_object_set_string_member (data, M_CERT_SESSION, state.uuid);
  json_object_set_string_member (data, "finalized_at", now);
  {
    g_autofree char *comment = dup_stripped (finalization->examiner_global_comment);

    if (comment != NULL)
      json_object_set_string_member (data, "examiner_global_comment", comment);
    else
      json_object_set_null_member (data, "examiner_global_comment");
  }
  json_object_set_boolean_member (data, "has_incident", finalization->has_incident);
  json_object_set_boolean_member (data, "has_joining_issue", finalization->has_joining_issue);
  json_object_set_array_member (data, M_COURSES, pushed);
  if (!queue (self, state.is_demo, state.organization_id, ORGA_SYNC_CERT_SESSION_FINALIZE, state.uuid, data, error))
    return rollback (self);
  return orga_store_commit (self, error);
}

static void
report_free (gpointer data)
{
  OrgaCertReport *report = data;

  g_free ((char *) report->category);
  g_free ((char *) report->subcategory);
  g_free ((char *) report->description);
  g_free (report);
}

GPtrArray *
orga_store_list_cert_reports (OrgaStore  *self,
                              const char *course_uuid,
                              GError    **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GPtrArray) reports = g_ptr_array_new_with_free_func (report_free);
  int rc;

  g_return_val_if_fail (ORGA_IS_STORE (self), NULL);
  g_return_val_if_fail (course_uuid != NULL, NULL);

  stmt = _orga_store_prepare (self,
                              "SELECT r.category, r.subcategory, r.description, r.question_number "
                              "FROM cert_reports r JOIN cert_courses k ON k.id = r.course_id "
                              "WHERE k.uuid = ?1 ORDER BY r.id",
                              error);
  if (stmt == NULL)
    return NULL;
  orga_db_bind_text (stmt, 1, course_uuid);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      OrgaCertReport *report = g_new0 (OrgaCertReport, 1);

      report->category = g_strdup (orga_db_column_text (stmt, 0));
      report->subcategory = g_strdup (orga_db_column_text (stmt, 1));
      report->description = g_strdup (orga_db_column_text (stmt, 2));
      report->question_number = sqlite3_column_int (stmt, 3);
      g_ptr_array_add (reports, report);
    }
  if (rc != SQLITE_DONE)
    {
      _orga_store_set_error (self, "cert_reports", error);
      return NULL;
    }
  return g_steal_pointer (&reports);
}

/* ---- results (spec §3.3) ---------------------------------------------- */

struct _OrgaCertResultSet
{
  gatomicrefcount  ref_count;
  GArray          *rows;      /* OrgaCertResult */
  GStringChunk    *strings;
};

OrgaCertResultSet *
orga_cert_result_set_ref (OrgaCertResultSet *set)
{
  g_return_val_if_fail (set != NULL, NULL);

  g_atomic_ref_count_inc (&set->ref_count);
  return set;
}

void
orga_cert_result_set_unref (OrgaCertResultSet *set)
{
  g_return_if_fail (set != NULL);

  if (!g_atomic_ref_count_dec (&set->ref_count))
    return;
  g_array_unref (set->rows);
  g_string_chunk_free (set->strings);
  g_free (set);
}

guint
orga_cert_result_set_get_n (OrgaCertResultSet *set)
{
  g_return_val_if_fail (set != NULL, 0);

  return set->rows->len;
}

const OrgaCertResult *
orga_cert_result_set_get (OrgaCertResultSet *set,
                          guint              i)
{
  g_return_val_if_fail (set != NULL, NULL);
  g_return_val_if_fail (i < set->rows->len, NULL);

  return &g_array_index (set->rows, OrgaCertResult, i);
}

static const char *
keep (OrgaCertResultSet *set,
      sqlite3_stmt      *stmt,
      int                column)
{
  const char *text = orga_db_column_text (stmt, column);

  return text != NULL ? g_string_chunk_insert (set->strings, text) : NULL;
}

/* A course's levels as results read them; "" (unscored) or anything
 * broken reads as nothing certified. A competence is tested when it has
 * a level, 0 included (docs/certification.md: -1 is "not asked"). */
static void
levels_from_text (const char *text,
                  int         levels[ORGA_CERT_N_COMPETENCES],
                  gboolean    tested[ORGA_CERT_N_COMPETENCES])
{
  if (text == NULL || !orga_cert_levels_parse (text, levels))
    for (guint i = 0; i < ORGA_CERT_N_COMPETENCES; i++)
      levels[i] = -1;
  for (guint i = 0; i < ORGA_CERT_N_COMPETENCES; i++)
    tested[i] = levels[i] >= 0;
}

/* The latest course per student among those @what keeps (the window's
 * order: started_at, then number, newest first). Attestations keep the
 * latest validated one, as Pix's certificate repository filters before
 * picking. */
static const char *
results_filter (OrgaCertResultsFor what)
{
  switch (what)
    {
    case ORGA_CERT_RESULTS_ATTESTATIONS:
      return "AND s.published_at IS NOT NULL AND k.status = 'validated' ";
    case ORGA_CERT_RESULTS_LSU:
      return "AND k.status <> 'cancelled' ";
    case ORGA_CERT_RESULTS_CSV:
    default:
      return "AND s.published_at IS NOT NULL ";
    }
}

char *
orga_store_latest_cert_result_division (OrgaStore         *self,
                                        OrgaOrganization  *organization,
                                        GError           **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  g_return_val_if_fail (ORGA_IS_STORE (self), NULL);
  g_return_val_if_fail (ORGA_IS_ORGANIZATION (organization), NULL);

  stmt = _orga_store_prepare (self,
                              "SELECT l.division FROM cert_courses k "
                              "JOIN cert_candidates c ON c.id = k.candidate_id "
                              "JOIN cert_sessions s ON s.id = k.session_id "
                              "JOIN learners l ON l.id = c.learner_id "
                              "WHERE s.organization_id = ?1 AND l.organization_id = ?1 AND l.disabled_at IS NULL "
                              "AND s.deleted_at IS NULL AND s.published_at IS NOT NULL AND l.division IS NOT NULL "
                              "ORDER BY s.published_at DESC, k.number DESC LIMIT 1",
                              error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, orga_organization_get_id (organization));
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    return g_strdup (orga_db_column_text (stmt, 0));
  if (rc != SQLITE_DONE)
    _orga_store_set_error (self, "cert_courses", error);
  return NULL;
}

OrgaCertResultSet *
orga_store_load_cert_results (OrgaStore          *self,
                              OrgaOrganization   *organization,
                              const char         *division,
                              OrgaCertResultsFor  what,
                              GError            **error)
{
  g_autoptr(OrgaCertResultSet) set = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GString) sql = NULL;
  g_autoptr(GArray) keys = g_array_new (FALSE, FALSE, sizeof (Keyed));
  g_autoptr(GString) buffer = g_string_new (NULL);
  g_autoptr(GArray) sorted = NULL;
  int rc;

  g_return_val_if_fail (ORGA_IS_STORE (self), NULL);
  g_return_val_if_fail (ORGA_IS_ORGANIZATION (organization), NULL);

  sql = g_string_new ("SELECT * FROM ("
                      " SELECT k.number, c.first_name, l.middle_name, l.third_name, c.last_name, c.birthdate, "
                      "  c.birth_city, c.external_id, l.ine, l.division, k.status, s.published_at IS NOT NULL, "
                      "  k.pix_score, k.levels, k.jury_comment, s.number, substr (k.started_at, 1, 10), "
                      "  k.started_at, s.published_at, s.certification_center, k.verification_code, "
                      "  row_number () OVER (PARTITION BY l.id ORDER BY k.started_at DESC, k.number DESC) AS latest "
                      " FROM cert_courses k "
                      " JOIN cert_candidates c ON c.id = k.candidate_id "
                      " JOIN cert_sessions s ON s.id = k.session_id "
                      " JOIN learners l ON l.id = c.learner_id "
                      " WHERE s.organization_id = ?1 AND l.organization_id = ?1 AND l.disabled_at IS NULL "
                      " AND s.deleted_at IS NULL AND (?2 IS NULL OR l.division = ?2 COLLATE NOCASE) ");
  g_string_append (sql, results_filter (what));
  g_string_append (sql, ") WHERE latest = 1");

  stmt = _orga_store_prepare (self, sql->str, error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, orga_organization_get_id (organization));
  orga_db_bind_text (stmt, 2, division);

  set = g_new0 (OrgaCertResultSet, 1);
  g_atomic_ref_count_init (&set->ref_count);
  set->rows = g_array_new (FALSE, TRUE, sizeof (OrgaCertResult));
  set->strings = g_string_chunk_new (4096);

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      OrgaCertResult r = { 0 };

      r.number = sqlite3_column_int64 (stmt, 0);
      r.first_name = keep (set, stmt, 1);
      r.middle_name = keep (set, stmt, 2);
      r.third_name = keep (set, stmt, 3);
      r.last_name = keep (set, stmt, 4);
      r.birthdate = keep (set, stmt, 5);
      r.birthplace = keep (set, stmt, 6);
      r.external_id = keep (set, stmt, 7);
      r.ine = keep (set, stmt, 8);
      r.division = keep (set, stmt, 9);
      r.status = orga_cert_status_from_string (orga_db_column_text (stmt, 10));
      r.published = sqlite3_column_int (stmt, 11) != 0;
      r.pix_score = sqlite3_column_int (stmt, 12);
      levels_from_text (orga_db_column_text (stmt, 13), r.levels, r.tested);
      r.jury_comment = keep (set, stmt, 14);
      r.session_number = sqlite3_column_int64 (stmt, 15);
      r.session_date = keep (set, stmt, 16);
      r.started_at = keep (set, stmt, 17);
      r.published_at = keep (set, stmt, 18);
      r.certification_center = keep (set, stmt, 19);
      r.verification_code = keep (set, stmt, 20);
      g_array_append_val (set->rows, r);
    }
  if (rc != SQLITE_DONE)
    {
      _orga_store_set_error (self, "cert_courses", error);
      return NULL;
    }

  /* By last name, first name (folded, as the student list), number. */
  for (guint i = 0; i < set->rows->len; i++)
    {
      OrgaCertResult *r = &g_array_index (set->rows, OrgaCertResult, i);

      add_key (keys, buffer, r->last_name, r->first_name, r->number, GUINT_TO_POINTER (i));
    }
  g_array_sort (keys, compare_keyed);
  sorted = g_array_sized_new (FALSE, FALSE, sizeof (OrgaCertResult), set->rows->len);
  for (guint i = 0; i < keys->len; i++)
    {
      Keyed *k = &g_array_index (keys, Keyed, i);

      g_array_append_val (sorted, g_array_index (set->rows, OrgaCertResult, GPOINTER_TO_UINT (k->row)));
      g_free (k->key);
    }
  g_array_unref (set->rows);
  set->rows = g_steal_pointer (&sorted);

  return g_steal_pointer (&set);
}

/* ---- readiness -------------------------------------------------------- */

void
orga_cert_readiness_row_free (OrgaCertReadinessRow *row)
{
  if (row == NULL)
    return;
  g_free (row->first_name);
  g_free (row->last_name);
  g_free (row->division);
  g_free (row->certifiable_at);
  g_free (row);
}

typedef struct
{
  guint  competences;
  char  *day;
} Profile;

static void
profile_free (gpointer data)
{
  Profile *p = data;

  g_free (p->day);
  g_free (p);
}

/* learner id → Profile: the latest shared profile's competences at level
 * 1 or more, and its day. */
static GHashTable *
read_latest_profiles (OrgaStore  *self,
                      gint64      organization_id,
                      GError    **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GHashTable) profiles = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, profile_free);
  int rc;

  stmt = _orga_store_prepare (self,
                              "SELECT p.learner_id, max(p.shared_at), p.results " ORGA_STORE_LATEST_PROFILE_FROM
                              "AND p.learner_id IN (SELECT id FROM learners WHERE organization_id = ?1) "
                              "GROUP BY p.learner_id",
                              error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, organization_id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      /* A profiles collection's results: the pix of each competence. */
      const guint8 *pix = sqlite3_column_blob (stmt, 2);
      int size = sqlite3_column_bytes (stmt, 2);
      const char *shared_at = orga_db_column_text (stmt, 1);
      Profile *p = g_new0 (Profile, 1);
      gint64 *id = g_new (gint64, 1);

      *id = sqlite3_column_int64 (stmt, 0);
      for (int i = 0; pix != NULL && i < MIN (size, ORGA_FRAMEWORK_N_COMPETENCES); i++)
        if (orga_framework_level_for_pix (pix[i]) >= 1)
          p->competences++;
      p->day = shared_at != NULL ? g_strndup (shared_at, 10) : NULL;
      g_hash_table_insert (profiles, id, p);
    }
  if (rc != SQLITE_DONE)
    {
      _orga_store_set_error (self, "participations", error);
      return NULL;
    }
  return g_steal_pointer (&profiles);
}

/* Not yet certifiable first, then unknown, then certifiable. */
static int
readiness_group (const OrgaCertReadinessRow *row)
{
  return row->certifiable == 0 ? 0 : row->certifiable < 0 ? 1 : 2;
}

GPtrArray *
orga_store_load_cert_readiness (OrgaStore        *self,
                                OrgaOrganization *organization,
                                const char       *division,
                                GError          **error)
{
  g_autoptr(GHashTable) certifiabilities = NULL;
  g_autoptr(GHashTable) profiles = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) orga_cert_readiness_row_free);
  g_autoptr(GArray) keys = g_array_new (FALSE, FALSE, sizeof (Keyed));
  g_autoptr(GString) buffer = g_string_new (NULL);
  gint64 organization_id;
  int rc;

  g_return_val_if_fail (ORGA_IS_STORE (self), NULL);
  g_return_val_if_fail (ORGA_IS_ORGANIZATION (organization), NULL);

  organization_id = orga_organization_get_id (organization);
  certifiabilities = orga_store_certifiability_by_learner (self, organization, error);
  if (certifiabilities == NULL)
    return NULL;
  profiles = read_latest_profiles (self, organization_id, error);
  if (profiles == NULL)
    return NULL;

  stmt = _orga_store_prepare (self,
                              "SELECT l.id, l.first_name, l.last_name, l.division, "
                              "  EXISTS (SELECT 1 FROM cert_candidates c JOIN cert_sessions s ON s.id = c.session_id "
                              "          WHERE c.learner_id = l.id AND c.removed_at IS NULL "
                              "          AND s.finalized_at IS NULL AND s.deleted_at IS NULL) "
                              "FROM learners l WHERE l.organization_id = ?1 AND l.disabled_at IS NULL "
                              "AND (?2 IS NULL OR l.division = ?2)",
                              error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, organization_id);
  orga_db_bind_text (stmt, 2, division);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      OrgaCertReadinessRow *row = g_new0 (OrgaCertReadinessRow, 1);
      Profile *profile;
      g_autofree char *name_key = NULL;

      row->learner_id = sqlite3_column_int64 (stmt, 0);
      row->first_name = g_strdup (orga_db_column_text (stmt, 1));
      row->last_name = g_strdup (orga_db_column_text (stmt, 2));
      row->division = g_strdup (orga_db_column_text (stmt, 3));
      row->enrolled = sqlite3_column_int (stmt, 4) != 0;
      row->certifiable = certifiable_of (certifiabilities, row->learner_id);
      profile = g_hash_table_lookup (profiles, &row->learner_id);
      if (profile != NULL)
        {
          row->competences_at_level_1 = profile->competences;
          row->certifiable_at = g_strdup (profile->day);
        }
      g_ptr_array_add (rows, row);

      /* The urgency as a sortable prefix: group, enrolled (those waiting
       * for a session come first), competences; then the name. */
      _orga_store_learner_name_key (buffer, row->last_name, row->first_name);
      name_key = g_strdup_printf ("%d%d%02u%s", readiness_group (row), row->enrolled ? 1 : 0,
                                  MIN (row->competences_at_level_1, 99u), buffer->str);
      g_array_append_vals (keys, &(Keyed) { g_steal_pointer (&name_key), row->learner_id, row }, 1);
    }
  if (rc != SQLITE_DONE)
    {
      _orga_store_set_error (self, "learners", error);
      return NULL;
    }
  sort_by_keys (rows, keys);
  return g_steal_pointer (&rows);
}

/* ---- yearly archive --------------------------------------------------- */

gboolean
orga_store_note_archive (OrgaStore        *self,
                         OrgaOrganization *organization,
                         const char       *path,
                         const char       *created_by,
                         GError          **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *now = orga_store_now ();

  g_return_val_if_fail (ORGA_IS_STORE (self), FALSE);
  g_return_val_if_fail (ORGA_IS_ORGANIZATION (organization), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  if (!orga_store_begin (self, error))
    return FALSE;
  stmt = _orga_store_prepare (self,
                              "INSERT INTO cert_archives (organization_id, path, created_at, created_by) "
                              "VALUES (?1, ?2, ?3, ?4)",
                              error);
  if (stmt == NULL)
    return rollback (self);
  sqlite3_bind_int64 (stmt, 1, orga_organization_get_id (organization));
  orga_db_bind_text (stmt, 2, path);
  orga_db_bind_text (stmt, 3, now);
  orga_db_bind_text (stmt, 4, created_by != NULL ? created_by : "");
  if (!_orga_store_step_done (self, stmt, "cert_archives", error))
    return rollback (self);
  _orga_store_mark (self, ORGA_STORE_CHANGE_CERTIFICATION, 0);
  return orga_store_commit (self, error);
}

guint
orga_store_count_unarchived_cert_results (OrgaStore        *self,
                                          OrgaOrganization *organization,
                                          GError          **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  g_return_val_if_fail (ORGA_IS_STORE (self), 0);
  g_return_val_if_fail (ORGA_IS_ORGANIZATION (organization), 0);

  /* Demonstration results are invented: nothing to keep of them. */
  stmt = _orga_store_prepare (self,
                              "SELECT count(*) FROM cert_courses k JOIN cert_sessions s ON s.id = k.session_id "
                              "WHERE s.organization_id = ?1 AND s.deleted_at IS NULL AND s.is_demo = 0 "
                              "AND s.published_at IS NOT NULL "
                              "AND s.published_at > coalesce ((SELECT max (created_at) FROM cert_archives "
                              "                                WHERE organization_id = ?1), '')",
                              error);
  if (stmt == NULL)
    return 0;
  sqlite3_bind_int64 (stmt, 1, orga_organization_get_id (organization));
  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      _orga_store_set_error (self, "cert_courses", error);
      return 0;
    }
  return (guint) sqlite3_column_int (stmt, 0);
}

/* ---- demonstration ---------------------------------------------------- */

/* The day @days from today, as YYYY-MM-DD. */
static char *
dup_day_from_today (int days)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GDateTime) day = g_date_time_add_days (now, days);

  return g_date_time_format (day, "%Y-%m-%d");
}

/* One demonstration course: validated with plausible levels for most,
 * the @outcome's otherwise. */
static gboolean
insert_demo_course (OrgaStore    *self,
                    sqlite3_stmt *stmt,
                    GRand        *rand,
                    gint64        organization_id,
                    gint64        session_id,
                    gint64        candidate_id,
                    gint64        number,
                    const char   *day,
                    OrgaCertStatus outcome,
                    GError      **error)
{
  g_autofree char *uuid = orga_store_new_uuid ();
  g_autofree char *code = orga_cert_generate_verification_code ();
  g_autofree char *started_at = g_strdup_printf ("%sT08:%02d:00.000000Z", day, g_rand_int_range (rand, 5, 20));
  g_autofree char *completed_at = g_strdup_printf ("%sT09:%02d:00.000000Z", day, g_rand_int_range (rand, 0, 40));
  g_autofree char *levels_text = NULL;
  int levels[ORGA_CERT_N_COMPETENCES];
  int pix = 0;
  const char *jury_comment = NULL;

  for (guint i = 0; i < ORGA_CERT_N_COMPETENCES; i++)
    {
      switch (outcome)
        {
        case ORGA_CERT_STATUS_VALIDATED:
          /* A third-year student: mostly levels 1 to 3, a few 4. */
          levels[i] = g_rand_int_range (rand, 0, 10) == 0 ? 0 : g_rand_int_range (rand, 1, 5);
          pix += levels[i] * ORGA_CERT_PIX_BY_LEVEL + (levels[i] > 0 ? g_rand_int_range (rand, 0, ORGA_CERT_PIX_BY_LEVEL) : 0);
          break;
        case ORGA_CERT_STATUS_REJECTED:
          levels[i] = 0;
          break;
        case ORGA_CERT_STATUS_CANCELLED:
        case ORGA_CERT_STATUS_STARTED:
        case ORGA_CERT_STATUS_ERROR:
        default:
          levels[i] = -1;
          break;
        }
    }
  levels_text = outcome == ORGA_CERT_STATUS_CANCELLED ? g_strdup ("") : orga_cert_levels_format (levels);
  if (outcome == ORGA_CERT_STATUS_REJECTED)
    jury_comment = "Le candidat n’a pas répondu correctement à assez de questions pour obtenir une certification.";
  else if (outcome == ORGA_CERT_STATUS_CANCELLED)
    jury_comment = "La certification a été annulée à la suite d’un problème technique signalé par le surveillant.";

  sqlite3_reset (stmt);
  orga_db_bind_text (stmt, 1, uuid);
  sqlite3_bind_int64 (stmt, 2, organization_id);
  sqlite3_bind_int64 (stmt, 3, number);
  sqlite3_bind_int64 (stmt, 4, session_id);
  sqlite3_bind_int64 (stmt, 5, candidate_id);
  orga_db_bind_text (stmt, 6, started_at);
  orga_db_bind_text (stmt, 7, completed_at);
  orga_db_bind_text (stmt, 8, orga_cert_status_to_string (outcome));
  sqlite3_bind_int (stmt, 9, pix);
  orga_db_bind_text (stmt, 10, levels_text);
  orga_db_bind_text (stmt, 11, code);
  orga_db_bind_text (stmt, 12, jury_comment);
  return _orga_store_step_done (self, stmt, "cert_courses", error);
}

/* The published session: its candidates joined and sat the test, the
 * session was finalized the same day and published a week later. */
static gboolean
add_demo_published (OrgaStore    *self,
                    gint64        organization_id,
                    gint64        session_id,
                    const char   *day,
                    GRand        *rand,
                    GError      **error)
{
  g_autoptr(sqlite3_stmt) candidates = NULL;
  g_autoptr(sqlite3_stmt) course = NULL;
  g_autoptr(sqlite3_stmt) session = NULL;
  g_autofree char *finalized_at = g_strdup_printf ("%sT10:30:00.000000Z", day);
  g_autoptr(GDate) date = g_date_new ();
  char published[64];
  gint64 number = 100001;
  guint i = 0;
  int rc;

  g_date_set_parse (date, day);
  if (!g_date_valid (date))
    return _orga_store_set_error (self, "demo", error);
  g_date_add_days (date, 7);
  g_snprintf (published, sizeof published, "%04d-%02d-%02dT15:00:00.000000Z",
              g_date_get_year (date), g_date_get_month (date), g_date_get_day (date));

  candidates = _orga_store_prepare (self,
                                    "UPDATE cert_candidates SET joined_at = ?2 || 'T08:00:00.000000Z', "
                                    "authorized_to_start = 1 WHERE session_id = ?1 RETURNING id",
                                    error);
  course = _orga_store_prepare (self,
                                "INSERT INTO cert_courses (uuid, organization_id, number, session_id, candidate_id, "
                                "started_at, completed_at, has_seen_end_test_screen, status, pix_score, levels, "
                                "verification_code, jury_comment, is_demo) "
                                "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, 1, ?8, ?9, ?10, ?11, ?12, 1)",
                                error);
  if (candidates == NULL || course == NULL)
    return FALSE;

  sqlite3_bind_int64 (candidates, 1, session_id);
  orga_db_bind_text (candidates, 2, day);
  {
    g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));

    while ((rc = sqlite3_step (candidates)) == SQLITE_ROW)
      {
        gint64 id = sqlite3_column_int64 (candidates, 0);

        g_array_append_val (ids, id);
      }
    if (rc != SQLITE_DONE)
      return _orga_store_set_error (self, "cert_candidates", error);

    for (i = 0; i < ids->len; i++)
      {
        /* One rejected, one cancelled: the results view shows each. */
        OrgaCertStatus outcome = i == 1 ? ORGA_CERT_STATUS_REJECTED
                                 : i == 3 ? ORGA_CERT_STATUS_CANCELLED
                                 : ORGA_CERT_STATUS_VALIDATED;

        if (!insert_demo_course (self, course, rand, organization_id, session_id,
                                 g_array_index (ids, gint64, i), number + i, day, outcome, error))
          return FALSE;
      }
  }

  session = _orga_store_prepare (self,
                                 "UPDATE cert_sessions SET number = 9001, finalized_at = ?2, finalized_by = 'Démonstration', "
                                 "published_at = ?3, updated_at = ?3 WHERE id = ?1",
                                 error);
  if (session == NULL)
    return FALSE;
  sqlite3_bind_int64 (session, 1, session_id);
  orga_db_bind_text (session, 2, finalized_at);
  orga_db_bind_text (session, 3, published);
  return _orga_store_step_done (self, session, "cert_sessions", error);
}

static gboolean
add_demo_locked (OrgaStore         *self,
                 OrgaOrganization  *organization,
                 GError           **error)
{
  g_autoptr(sqlite3_stmt) clear = NULL;
  g_autoptr(sqlite3_stmt) students = NULL;
  g_autoptr(sqlite3_stmt) count = NULL;
  g_autoptr(GArray) first = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GArray) second = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GRand) rand = g_rand_new_with_seed (2026);
  g_auto(GStrv) divisions = NULL;
  g_autofree char *past = dup_day_from_today (-30);
  g_autofree char *next = dup_day_from_today (30);
  g_autofree char *now = orga_store_now ();
  g_autoptr(GArray) added = g_array_new (FALSE, FALSE, sizeof (gint64));
  gint64 organization_id = orga_organization_get_id (organization);
  const char *division = NULL;
  int best = 0;
  OrgaCertSessionForm published_form = {
    .address = orga_organization_get_name (organization),
    .room = "CDI",
    .examiner = "Mme Durand, M. Petit",
    .date = past,
    .time = "09:00",
    .description = "Session de démonstration",
  };
  OrgaCertSessionForm created_form = published_form;
  gint64 session_id;
  int rc;

  /* An earlier run's rows go first: the candidates, courses and reports
   * with their sessions. */
  clear = _orga_store_prepare (self, "DELETE FROM cert_sessions WHERE organization_id = ?1 AND is_demo = 1", error);
  if (clear == NULL)
    return FALSE;
  sqlite3_bind_int64 (clear, 1, organization_id);
  if (!_orga_store_step_done (self, clear, "cert_sessions", error))
    return FALSE;

  /* The fullest class, the last in class order among equals (3e in a
   * collège): those who sit the certification. */
  divisions = orga_store_list_divisions (self, organization, error);
  count = _orga_store_prepare (self,
                               "SELECT count(*) FROM learners WHERE organization_id = ?1 AND disabled_at IS NULL "
                               "AND division = ?2 AND birthdate IS NOT NULL",
                               error);
  if (divisions == NULL || count == NULL)
    return FALSE;
  for (guint i = 0; divisions[i] != NULL; i++)
    {
      sqlite3_reset (count);
      sqlite3_bind_int64 (count, 1, organization_id);
      orga_db_bind_text (count, 2, divisions[i]);
      if (sqlite3_step (count) != SQLITE_ROW)
        return _orga_store_set_error (self, "learners", error);
      if (sqlite3_column_int (count, 0) > 0 && sqlite3_column_int (count, 0) >= best)
        {
          best = sqlite3_column_int (count, 0);
          division = divisions[i];
        }
    }
  /* No student who could be enrolled (no birth date known): no session
   * either, and the campaigns' demonstration data still goes in. */
  if (division == NULL)
    return TRUE;

  students = _orga_store_prepare (self,
                                  "SELECT id FROM learners WHERE organization_id = ?1 AND disabled_at IS NULL "
                                  "AND division = ?2 AND birthdate IS NOT NULL ORDER BY name_key, ine",
                                  error);
  if (students == NULL)
    return FALSE;
  sqlite3_bind_int64 (students, 1, organization_id);
  orga_db_bind_text (students, 2, division);
  while ((rc = sqlite3_step (students)) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (students, 0);

      /* Two students in three sat the published session; most of the
       * others are enrolled in the next one. */
      if (first->len + second->len < 24)
        g_array_append_val ((first->len + second->len) % 3 == 2 ? second : first, id);
    }
  if (rc != SQLITE_DONE)
    return _orga_store_set_error (self, "learners", error);

  session_id = insert_session (self, organization_id, orga_organization_get_name (organization), &published_form,
                               "Démonstration", now, TRUE, NULL, error);
  if (session_id == 0 ||
      !enrol_locked (self, session_id, organization_id, (const gint64 *) first->data, first->len, TRUE, added, error) ||
      !add_demo_published (self, organization_id, session_id, past, rand, error))
    return FALSE;

  created_form.date = next;
  created_form.time = "14:00";
  created_form.room = "Salle informatique 2";
  session_id = insert_session (self, organization_id, orga_organization_get_name (organization), &created_form,
                               "Démonstration", now, TRUE, NULL, error);
  if (session_id == 0 ||
      !enrol_locked (self, session_id, organization_id, (const gint64 *) second->data, second->len, TRUE, added, error))
    return FALSE;

  _orga_store_mark (self, ORGA_STORE_CHANGE_CERTIFICATION, 0);
  return TRUE;
}

gboolean
orga_store_add_demo_cert_data (OrgaStore         *self,
                               OrgaOrganization  *organization,
                               GError           **error)
{
  g_return_val_if_fail (ORGA_IS_STORE (self), FALSE);
  g_return_val_if_fail (ORGA_IS_ORGANIZATION (organization), FALSE);

  if (!orga_store_begin (self, error))
    return FALSE;
  if (!add_demo_locked (self, organization, error))
    return rollback (self);
  return orga_store_commit (self, error);
}
