/* orga-server-sync-rules.c: what each change of a push does
 *
 * Part of the sync (orga-server-sync-private.h): the rules of docs/sync.md's
 * table, one function a kind, run inside the change's transaction once
 * the space's counter is taken. Each reads the change's data through the
 * wire tables, checks the rights from the request's role and user, and
 * writes its rows with the seqs it takes, or says why it refuses with the
 * server's rows of what it touched.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "orga-server"

#include "config.h"

#include <string.h>

#include "orga-format.h"
#include "orga-json.h"
#include "orga-server-sync-private.h"

#define MSG_IMPORT_FORBIDDEN "Seuls les administrateurs de l'espace peuvent importer la liste des élèves."
#define MSG_IMPORT_NOT_FOUND "Cet import n’existe pas sur le serveur : il ne peut pas être annulé."
#define MSG_CAMPAIGN_FORBIDDEN "Seul le propriétaire de la campagne ou un administrateur peut la modifier."
#define MSG_PARTICIPATION_FORBIDDEN "Seul le propriétaire de la campagne ou un administrateur peut supprimer une participation."
#define MSG_CAMPAIGN_NOT_FOUND "Cette campagne n’existe pas sur le serveur : votre modification n’a pas été enregistrée."

void
_orga_sync_change_clear (OrgaSyncChange *c)
{
  g_clear_pointer (&c->message, g_free);
  g_clear_pointer (&c->current, json_node_unref);
  c->code = NULL;
  c->n_seqs = 0;
}

static char *
take_seq (OrgaSyncChange *c)
{
  return g_strdup_printf ("%" G_GINT64_FORMAT, c->seq0 + ++c->n_seqs);
}

/* {"<kind>": [row]} or {"<kind>": []}: the server's rows of what a
 * refused change touched. */
static JsonNode *
current_node (OrgaWireKind       kind,
              const OrgaSyncRow *row)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, orga_sync_wire_kind_name (kind));
  json_builder_begin_array (builder);
  if (row != NULL)
    _orga_sync_row_build (builder, kind, row, TRUE);
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

static OrgaSyncOutcome
refuse (OrgaSyncChange *c,
        const char     *code,
        char           *message,
        JsonNode       *current)
{
  c->code = code;
  c->message = message;
  c->current = current;
  return ORGA_SYNC_REFUSED;
}

static JsonObject *
data_object (OrgaSyncChange *c)
{
  return c->data != NULL && JSON_NODE_HOLDS_OBJECT (c->data) ? json_node_get_object (c->data) : NULL;
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
imported_fields_equal (const OrgaSyncRow *a,
                       const OrgaSyncRow *b)
{
  guint n;
  const OrgaWireField *fields = orga_sync_wire_fields (ORGA_WIRE_LEARNERS, &n);

  for (guint i = 0; i < n; i++)
    if (is_imported_field (fields[i].name) && g_strcmp0 (a->v[i], b->v[i]) != 0)
      return FALSE;
  return TRUE;
}

static void
copy_imported_fields (OrgaSyncRow       *to,
                      const OrgaSyncRow *from)
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

static int
compare_by_ine (gconstpointer a,
                gconstpointer b)
{
  const OrgaSyncRow *ra = *(const OrgaSyncRow * const *) a;
  const OrgaSyncRow *rb = *(const OrgaSyncRow * const *) b;
  int ine = _orga_sync_field_index (ORGA_WIRE_LEARNERS, "ine");

  return strcmp (ra->v[ine], rb->v[ine]);
}

/* The import row of @c's data with the server's own fields: who, from
 * which device, the status; NULL when it cannot be read. */
static OrgaSyncRow *
read_import_row (OrgaSyncChange *c,
                 const char     *status)
{
  JsonObject *data = data_object (c);
  g_autoptr(OrgaSyncRow) row = NULL;
  const OrgaWireKind K = ORGA_WIRE_IMPORTS;
  static const char * const counts[] = { "created", "updated", "unchanged", "disabled", "ignored" };

  if (data == NULL || (row = _orga_sync_row_from_json (K, json_object_get_member (data, "import"))) == NULL)
    return NULL;
  if (_orga_sync_row_get (row, K, "uuid") == NULL || strlen (_orga_sync_row_get (row, K, "uuid")) > MAX_ID_LENGTH)
    return NULL;

  _orga_sync_row_set (row, K, "created_by", c->user_name);
  _orga_sync_row_set (row, K, "device", c->device);
  _orga_sync_row_set (row, K, "status", status);
  _orga_sync_row_set (row, K, "overrode", NULL);
  if (_orga_sync_row_get (row, K, "created_at") == NULL)
    _orga_sync_row_set (row, K, "created_at", c->at);
  if (_orga_sync_row_get (row, K, "errors") == NULL)
    _orga_sync_row_set (row, K, "errors", "[]");
  for (guint i = 0; i < G_N_ELEMENTS (counts); i++)
    if (_orga_sync_row_get (row, K, counts[i]) == NULL)
      _orga_sync_row_set (row, K, counts[i], "0");
  return g_steal_pointer (&row);
}

static OrgaSyncOutcome
import_exists (OrgaSyncChange  *c,
               const char      *uuid,
               gboolean        *exists,
               GError         **error)
{
  g_autoptr(OrgaServerRows) rows = orga_server_db_queryv (c->db, error,
                                                          "SELECT 1 FROM sync_imports WHERE organization_id = $1 AND uuid = $2",
                                                          c->org_id, uuid, ORGA_SERVER_DB_END);

  if (rows == NULL)
    return ORGA_SYNC_FAILED;
  *exists = orga_server_rows_get_n_rows (rows) > 0;
  return ORGA_SYNC_APPLIED;
}

static char *
format_paris (const char *iso)
{
  g_autoptr(GTimeZone) paris = g_time_zone_new_identifier ("Europe/Paris");
  char *text = orga_format_iso_date_time (iso, paris);

  return text != NULL ? text : g_strdup (iso);
}

/* A seed (the list of a school made offline, sent when its desktop was
 * bound to the space) never overwrites a shared list: refused when the
 * space has an applied import; APPLIED when it may go on. */
static OrgaSyncOutcome
refuse_seed (OrgaSyncChange  *c,
             GError         **error)
{
  g_autoptr(OrgaServerRows) latest = NULL;
  g_autofree char *date = NULL;

  latest = orga_server_db_queryv (c->db, error,
                                  "SELECT created_at, created_by FROM sync_imports"
                                  " WHERE organization_id = $1 AND status = 'imported'"
                                  " ORDER BY seq DESC LIMIT 1",
                                  c->org_id, ORGA_SERVER_DB_END);
  if (latest == NULL)
    return ORGA_SYNC_FAILED;
  if (orga_server_rows_get_n_rows (latest) == 0)
    return ORGA_SYNC_APPLIED;

  date = format_paris (orga_server_rows_get (latest, 0, 0));
  return refuse (c, "SEED_IGNORED",
                 g_strdup_printf ("Ce poste avait sa propre liste d'élèves avant d'être relié à l'espace : "
                                  "la liste de l'espace (importée le %s par %s) a été gardée.",
                                  date, orga_server_rows_get (latest, 0, 1)),
                 current_node (ORGA_WIRE_IMPORTS, NULL));
}

static OrgaSyncOutcome
apply_import (OrgaSyncChange  *c,
              GError         **error)
{
  const OrgaWireKind K = ORGA_WIRE_LEARNERS;
  JsonObject *data = data_object (c);
  JsonNode *learners_node = data ? json_object_get_member (data, "learners") : NULL;
  g_autoptr(OrgaSyncRow) import = NULL;
  g_autoptr(GPtrArray) file = g_ptr_array_new_with_free_func ((GDestroyNotify) _orga_sync_row_free);
  g_autoptr(GHashTable) known = NULL;
  g_autoptr(GHashTable) by_ine = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) file_ines = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) file_uuids = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GPtrArray) written = g_ptr_array_new_with_free_func ((GDestroyNotify) _orga_sync_row_free);
  g_autoptr(GPtrArray) before = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(OrgaServerRows) latest = NULL;
  g_autofree char *import_seq = NULL;
  g_autofree const char **before_values = NULL;
  gint64 created = 0, updated = 0, unchanged = 0, disabled = 0;
  const char *import_uuid;
  JsonNode *seed_node;
  gboolean seed = FALSE;
  gboolean exists;
  GHashTableIter iter;
  gpointer value;

  import = read_import_row (c, "imported");
  if (import == NULL || learners_node == NULL || !JSON_NODE_HOLDS_ARRAY (learners_node))
    return ORGA_SYNC_MALFORMED;
  seed_node = json_object_get_member (data, "seed");
  if (seed_node != NULL && !JSON_NODE_HOLDS_NULL (seed_node))
    {
      if (!JSON_NODE_HOLDS_VALUE (seed_node) || json_node_get_value_type (seed_node) != G_TYPE_BOOLEAN)
        return ORGA_SYNC_MALFORMED;
      seed = json_node_get_boolean (seed_node);
    }
  import_uuid = _orga_sync_row_get (import, ORGA_WIRE_IMPORTS, "uuid");

  /* The file's students: each readable, none twice. */
  for (guint i = 0; i < json_array_get_length (json_node_get_array (learners_node)); i++)
    {
      OrgaSyncRow *row = _orga_sync_row_from_json (K, json_array_get_element (json_node_get_array (learners_node), i));
      const char *ine;
      const char *uuid;

      if (row == NULL)
        return ORGA_SYNC_MALFORMED;
      g_ptr_array_add (file, row);
      ine = _orga_sync_row_get (row, K, "ine");
      uuid = _orga_sync_row_get (row, K, "uuid");
      if (uuid == NULL || ine == NULL || _orga_sync_row_get (row, K, "last_name") == NULL
          || _orga_sync_row_get (row, K, "first_name") == NULL || strlen (uuid) > MAX_ID_LENGTH
          || !g_hash_table_add (file_ines, (gpointer) ine) || !g_hash_table_add (file_uuids, (gpointer) uuid))
        return ORGA_SYNC_MALFORMED;
    }

  if (!c->admin)
    return refuse (c, "FORBIDDEN", g_strdup (MSG_IMPORT_FORBIDDEN), current_node (ORGA_WIRE_IMPORTS, NULL));

  if (import_exists (c, import_uuid, &exists, error) == ORGA_SYNC_FAILED)
    return ORGA_SYNC_FAILED;
  if (exists)
    return ORGA_SYNC_MALFORMED;

  if (seed)
    {
      OrgaSyncOutcome outcome = refuse_seed (c, error);

      if (outcome != ORGA_SYNC_APPLIED)
        return outcome;
    }

  /* "Two imports": the latest applied one, made elsewhere after what this
   * desktop had seen, is overridden. */
  latest = orga_server_db_queryv (c->db, error,
                                  "SELECT uuid, seq, device FROM sync_imports"
                                  " WHERE organization_id = $1 AND status = 'imported'"
                                  " ORDER BY seq DESC LIMIT 1",
                                  c->org_id, ORGA_SERVER_DB_END);
  if (latest == NULL)
    return ORGA_SYNC_FAILED;
  if (orga_server_rows_get_n_rows (latest) > 0
      && c->base < orga_server_rows_get_int (latest, 0, 1)
      && g_strcmp0 (orga_server_rows_get (latest, 0, 2), c->device) != 0)
    _orga_sync_row_set (import, ORGA_WIRE_IMPORTS, "overrode", orga_server_rows_get (latest, 0, 0));

  known = _orga_sync_load_rows (c->db, K, c->org_id, error);
  if (known == NULL)
    return ORGA_SYNC_FAILED;
  g_hash_table_iter_init (&iter, known);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    g_hash_table_insert (by_ine, (gpointer) _orga_sync_row_get (value, K, "ine"), value);

  /* The record first, so that the students it writes come after it. */
  import_seq = take_seq (c);
  _orga_sync_row_set (import, ORGA_WIRE_IMPORTS, "seq", import_seq);

  /* In INE order, as the desktop applies it. */
  g_ptr_array_sort (file, compare_by_ine);
  for (guint i = 0; i < file->len; i++)
    {
      OrgaSyncRow *f = g_ptr_array_index (file, i);
      OrgaSyncRow *old = g_hash_table_lookup (by_ine, _orga_sync_row_get (f, K, "ine"));
      OrgaSyncRow *row;
      g_autofree char *seq = NULL;

      if (old != NULL && !_orga_sync_is_true (_orga_sync_row_get (old, K, "removed"))
          && _orga_sync_row_get (old, K, "disabled_at") == NULL && imported_fields_equal (old, f))
        {
          unchanged++;
          continue;
        }

      if (old == NULL || _orga_sync_is_true (_orga_sync_row_get (old, K, "removed")))
        {
          /* Unknown (or a tombstone: the desktops have forgotten it):
           * created. A tombstone keeps its uuid, so the row is one; a new
           * student keeps the desktop's, unless the space has it. */
          created++;
          row = old != NULL ? _orga_sync_row_copy (old) : _orga_sync_row_copy (f);
          if (old == NULL && g_hash_table_contains (known, _orga_sync_row_get (f, K, "uuid")))
            {
              g_autofree char *uuid = g_uuid_string_random ();
              _orga_sync_row_set (row, K, "uuid", uuid);
            }
          copy_imported_fields (row, f);
          _orga_sync_row_set (row, K, "created_at", c->at);
          g_ptr_array_add (before, g_strdup (_orga_sync_row_get (row, K, "uuid")));
          g_ptr_array_add (before, NULL);
        }
      else
        {
          updated++;
          row = _orga_sync_row_copy (old);
          copy_imported_fields (row, f);
          g_ptr_array_add (before, g_strdup (_orga_sync_row_get (old, K, "uuid")));
          g_ptr_array_add (before, _orga_sync_row_to_text (K, old));
        }

      _orga_sync_row_set (row, K, "disabled_at", NULL);
      _orga_sync_row_set (row, K, "updated_at", c->at);
      _orga_sync_row_set (row, K, "import", import_uuid);
      _orga_sync_row_set (row, K, "removed", "0");
      seq = take_seq (c);
      _orga_sync_row_set (row, K, "seq", seq);
      g_ptr_array_add (written, row);
    }

  /* Active students absent from the file have left: disabled, never
   * deleted. In INE order too, for the same seqs on every run. */
  {
    g_autoptr(GPtrArray) leaving = g_ptr_array_new ();

    g_hash_table_iter_init (&iter, known);
    while (g_hash_table_iter_next (&iter, NULL, &value))
      if (!_orga_sync_is_true (_orga_sync_row_get (value, K, "removed")) && _orga_sync_row_get (value, K, "disabled_at") == NULL
          && !g_hash_table_contains (file_ines, _orga_sync_row_get (value, K, "ine")))
        g_ptr_array_add (leaving, value);
    g_ptr_array_sort (leaving, compare_by_ine);

    for (guint i = 0; i < leaving->len; i++)
      {
        OrgaSyncRow *old = g_ptr_array_index (leaving, i);
        OrgaSyncRow *row = _orga_sync_row_copy (old);
        g_autofree char *seq = take_seq (c);

        disabled++;
        g_ptr_array_add (before, g_strdup (_orga_sync_row_get (old, K, "uuid")));
        g_ptr_array_add (before, _orga_sync_row_to_text (K, old));
        _orga_sync_row_set (row, K, "disabled_at", c->at);
        _orga_sync_row_set (row, K, "updated_at", c->at);
        _orga_sync_row_set (row, K, "seq", seq);
        g_ptr_array_add (written, row);
      }
  }

  _orga_sync_row_set_int (import, ORGA_WIRE_IMPORTS, "created", created);
  _orga_sync_row_set_int (import, ORGA_WIRE_IMPORTS, "updated", updated);
  _orga_sync_row_set_int (import, ORGA_WIRE_IMPORTS, "unchanged", unchanged);
  _orga_sync_row_set_int (import, ORGA_WIRE_IMPORTS, "disabled", disabled);
  if (!_orga_sync_row_is_complete (import, ORGA_WIRE_IMPORTS))
    return ORGA_SYNC_MALFORMED;

  {
    g_autoptr(GPtrArray) imports = g_ptr_array_new ();

    g_ptr_array_add (imports, import);
    if (!_orga_sync_upsert_rows (c->db, ORGA_WIRE_IMPORTS, c->org_id, imports, error))
      return ORGA_SYNC_FAILED;
  }

  /* Only the latest import can be undone: the others' states go. */
  if (!orga_server_db_execv (c->db, NULL, error,
                             "DELETE FROM sync_learners_before_import WHERE organization_id = $1",
                             c->org_id, ORGA_SERVER_DB_END))
    return ORGA_SYNC_FAILED;
  before_values = g_new (const char *, before->len / 2 * 3 + 1);
  for (guint i = 0; i < before->len / 2; i++)
    {
      before_values[i * 3] = import_uuid;
      before_values[i * 3 + 1] = g_ptr_array_index (before, i * 2);
      before_values[i * 3 + 2] = g_ptr_array_index (before, i * 2 + 1);
    }
  if (!_orga_sync_exec_batched (c->db, "INSERT INTO sync_learners_before_import (organization_id, import, learner, previous) VALUES",
                                "", c->org_id, 3, before_values, before->len / 2, error)
      || !_orga_sync_upsert_rows (c->db, K, c->org_id, written, error))
    return ORGA_SYNC_FAILED;

  return ORGA_SYNC_APPLIED;
}

static OrgaSyncOutcome
apply_reject (OrgaSyncChange  *c,
              GError         **error)
{
  g_autoptr(OrgaSyncRow) import = read_import_row (c, "rejected");
  g_autoptr(GPtrArray) imports = g_ptr_array_new ();
  g_autofree char *seq = NULL;
  gboolean exists;

  if (import == NULL || !_orga_sync_row_is_complete (import, ORGA_WIRE_IMPORTS))
    return ORGA_SYNC_MALFORMED;
  if (!c->admin)
    return refuse (c, "FORBIDDEN", g_strdup (MSG_IMPORT_FORBIDDEN), current_node (ORGA_WIRE_IMPORTS, NULL));
  if (import_exists (c, _orga_sync_row_get (import, ORGA_WIRE_IMPORTS, "uuid"), &exists, error) == ORGA_SYNC_FAILED)
    return ORGA_SYNC_FAILED;
  if (exists)
    return ORGA_SYNC_MALFORMED;

  seq = take_seq (c);
  _orga_sync_row_set (import, ORGA_WIRE_IMPORTS, "seq", seq);
  g_ptr_array_add (imports, import);
  return _orga_sync_upsert_rows (c->db, ORGA_WIRE_IMPORTS, c->org_id, imports, error) ? ORGA_SYNC_APPLIED : ORGA_SYNC_FAILED;
}


static OrgaSyncOutcome
apply_undo (OrgaSyncChange  *c,
            GError         **error)
{
  const OrgaWireKind K = ORGA_WIRE_LEARNERS;
  JsonObject *data = data_object (c);
  const char *uuid = _orga_sync_string_member (data, "import");
  g_autoptr(OrgaSyncRow) import = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autoptr(OrgaServerRows) later = NULL;
  g_autoptr(OrgaServerRows) saved = NULL;
  g_autoptr(GHashTable) known = NULL;
  g_autoptr(GPtrArray) written = g_ptr_array_new_with_free_func ((GDestroyNotify) _orga_sync_row_free);
  g_autoptr(GPtrArray) imports = g_ptr_array_new ();
  g_autofree char *import_seq = NULL;
  const char *status;

  if (uuid == NULL)
    return ORGA_SYNC_MALFORMED;
  if (!c->admin)
    return refuse (c, "FORBIDDEN", g_strdup (MSG_IMPORT_FORBIDDEN), current_node (ORGA_WIRE_IMPORTS, NULL));

  import = _orga_sync_load_row (c->db, ORGA_WIRE_IMPORTS, c->org_id, uuid, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return ORGA_SYNC_FAILED;
    }
  status = import ? _orga_sync_row_get (import, ORGA_WIRE_IMPORTS, "status") : NULL;
  if (import == NULL || g_strcmp0 (status, "rejected") == 0)
    return refuse (c, "IMPORT_NOT_FOUND", g_strdup (MSG_IMPORT_NOT_FOUND),
                   current_node (ORGA_WIRE_IMPORTS, import));
  /* Undone already (by another desktop): what was asked is done. */
  if (g_strcmp0 (status, "undone") == 0)
    return ORGA_SYNC_APPLIED;

  later = orga_server_db_queryv (c->db, error,
                                 "SELECT created_at, created_by FROM sync_imports"
                                 " WHERE organization_id = $1 AND status <> 'rejected' AND seq > $2"
                                 " ORDER BY seq DESC LIMIT 1",
                                 c->org_id, _orga_sync_row_get (import, ORGA_WIRE_IMPORTS, "seq"),
                                 ORGA_SERVER_DB_END);
  if (later == NULL)
    return ORGA_SYNC_FAILED;
  if (orga_server_rows_get_n_rows (later) > 0)
    {
      g_autofree char *date = format_paris (orga_server_rows_get (later, 0, 0));

      return refuse (c, "IMPORT_NOT_LAST",
                     g_strdup_printf ("Un import plus récent a été fait sur un autre poste le %s par %s : "
                                      "cet import ne peut plus être annulé.",
                                      date, orga_server_rows_get (later, 0, 1)),
                     current_node (ORGA_WIRE_IMPORTS, import));
    }

  /* Removing the students it created would orphan their results: the
   * desktop's own rule (orga-store-imports.c). */
  {
    g_autoptr(OrgaServerRows) taking_part = NULL;
    gint64 n;

    taking_part = orga_server_db_queryv (c->db, error,
                                         "SELECT count(DISTINCT p.learner) FROM sync_participations p"
                                         " JOIN sync_learners_before_import b"
                                         "  ON b.organization_id = p.organization_id AND b.learner = p.learner"
                                         " WHERE p.organization_id = $1 AND b.import = $2 AND b.previous IS NULL"
                                         " AND p.deleted_at IS NULL",
                                         c->org_id, uuid, ORGA_SERVER_DB_END);
    if (taking_part == NULL)
      return ORGA_SYNC_FAILED;
    n = orga_server_rows_get_int (taking_part, 0, 0);
    if (n > 0)
      return refuse (c, "IMPORT_HAS_PARTICIPATIONS",
                     n == 1 ? g_strdup ("Cet import ne peut plus être annulé : 1 élève qu’il a ajouté a participé "
                                        "à une campagne depuis.")
                            : g_strdup_printf ("Cet import ne peut plus être annulé : %" G_GINT64_FORMAT " élèves "
                                               "qu’il a ajoutés ont participé à des campagnes depuis.", n),
                     current_node (ORGA_WIRE_IMPORTS, import));
  }

  saved = orga_server_db_queryv (c->db, error,
                                 "SELECT learner, previous FROM sync_learners_before_import"
                                 " WHERE organization_id = $1 AND import = $2 ORDER BY learner",
                                 c->org_id, uuid, ORGA_SERVER_DB_END);
  known = saved ? _orga_sync_load_rows (c->db, K, c->org_id, error) : NULL;
  if (known == NULL)
    return ORGA_SYNC_FAILED;

  import_seq = take_seq (c);
  _orga_sync_row_set (import, ORGA_WIRE_IMPORTS, "status", "undone");
  _orga_sync_row_set (import, ORGA_WIRE_IMPORTS, "seq", import_seq);

  for (guint i = 0; i < orga_server_rows_get_n_rows (saved); i++)
    {
      const char *previous = orga_server_rows_get (saved, i, 1);
      OrgaSyncRow *now = g_hash_table_lookup (known, orga_server_rows_get (saved, i, 0));
      OrgaSyncRow *row;
      g_autofree char *seq = NULL;

      if (now == NULL)
        continue;
      if (previous == NULL)
        {
          /* It created the student: a tombstone, so that a pull tells the
           * desktops to delete theirs. */
          row = _orga_sync_row_copy (now);
          _orga_sync_row_set (row, K, "removed", "1");
          _orga_sync_row_set (row, K, "updated_at", c->at);
        }
      else
        {
          g_autoptr(JsonNode) node = orga_json_parse (previous, -1, NULL);

          row = _orga_sync_row_from_json (K, node);
          if (row == NULL)
            {
              g_set_error (error, ORGA_SERVER_DB_ERROR, ORGA_SERVER_DB_ERROR_FAILED,
                           "unreadable state before an import");
              return ORGA_SYNC_FAILED;
            }
        }
      seq = take_seq (c);
      _orga_sync_row_set (row, K, "seq", seq);
      g_ptr_array_add (written, row);
      g_hash_table_remove (known, orga_server_rows_get (saved, i, 0));
    }

  /* Every other student of the space is sent again as it is. The desktop
   * that asked undid the import on its own list first, from what it had
   * then; that list may have missed a change made meanwhile by another
   * desktop, so that it restored students this undo does not touch here.
   * Undoing is rare and a school is a few thousand students: resending
   * the list is how every desktop ends on the server's. */
  {
    GHashTableIter iter;
    gpointer value;

    g_hash_table_iter_init (&iter, known);
    while (g_hash_table_iter_next (&iter, NULL, &value))
      {
        OrgaSyncRow *row = _orga_sync_row_copy (value);
        g_autofree char *seq = take_seq (c);

        _orga_sync_row_set (row, K, "seq", seq);
        g_ptr_array_add (written, row);
      }
  }

  g_ptr_array_add (imports, import);
  if (!_orga_sync_upsert_rows (c->db, ORGA_WIRE_IMPORTS, c->org_id, imports, error)
      || !_orga_sync_upsert_rows (c->db, K, c->org_id, written, error)
      || !orga_server_db_execv (c->db, NULL, error,
                                "DELETE FROM sync_learners_before_import WHERE organization_id = $1 AND import = $2",
                                c->org_id, uuid, ORGA_SERVER_DB_END))
    return ORGA_SYNC_FAILED;
  return ORGA_SYNC_APPLIED;
}

static OrgaSyncOutcome
apply_campaign_create (OrgaSyncChange  *c,
                       GError         **error)
{
  const OrgaWireKind K = ORGA_WIRE_CAMPAIGNS;
  JsonObject *data = data_object (c);
  g_autoptr(OrgaSyncRow) row = NULL;
  g_autoptr(OrgaServerRows) taken = NULL;
  g_autoptr(GPtrArray) rows = g_ptr_array_new ();
  g_autofree char *seq = NULL;
  const char *uuid;

  if (data == NULL || (row = _orga_sync_row_from_json (K, json_object_get_member (data, "campaign"))) == NULL)
    return ORGA_SYNC_MALFORMED;
  uuid = _orga_sync_row_get (row, K, "uuid");
  if (uuid == NULL || strlen (uuid) > MAX_ID_LENGTH)
    return ORGA_SYNC_MALFORMED;

  /* What the server says rather than the desktop: who owns it when the
   * desktop did not say, who archived it, and never deleted at birth. */
  if (_orga_sync_row_get (row, K, "owner_id") == NULL)
    _orga_sync_row_set (row, K, "owner_id", c->user_id);
  if (_orga_sync_row_get (row, K, "owner") == NULL)
    _orga_sync_row_set (row, K, "owner", c->user_name);
  if (_orga_sync_row_get (row, K, "creator") == NULL)
    _orga_sync_row_set (row, K, "creator", c->user_name);
  if (_orga_sync_row_get (row, K, "multiple_sendings") == NULL)
    _orga_sync_row_set (row, K, "multiple_sendings", "0");
  if (_orga_sync_row_get (row, K, "created_at") == NULL)
    _orga_sync_row_set (row, K, "created_at", c->at);
  if (_orga_sync_row_get (row, K, "updated_at") == NULL)
    _orga_sync_row_set (row, K, "updated_at", c->at);
  if (_orga_sync_row_get (row, K, "archived_at") != NULL)
    _orga_sync_row_set (row, K, "archived_by", c->user_name);
  else
    _orga_sync_row_set (row, K, "archived_by", NULL);
  _orga_sync_row_set (row, K, "deleted_at", NULL);
  _orga_sync_row_set (row, K, "deleted_by", NULL);
  if (!_orga_sync_row_is_complete (row, K))
    return ORGA_SYNC_MALFORMED;

  /* Its uuid, then its code: a campaign the space has already is a
   * broken change, a code any space has is taken. */
  taken = orga_server_db_queryv (c->db, error,
                                 "SELECT organization_id = $2 AND uuid = $3 FROM sync_campaigns"
                                 " WHERE code = $1 OR (organization_id = $2 AND uuid = $3)",
                                 _orga_sync_row_get (row, K, "code"), c->org_id, uuid, ORGA_SERVER_DB_END);
  if (taken == NULL)
    return ORGA_SYNC_FAILED;
  for (guint i = 0; i < orga_server_rows_get_n_rows (taken); i++)
    if (_orga_sync_is_true (orga_server_rows_get (taken, i, 0)))
      return ORGA_SYNC_MALFORMED;
  if (orga_server_rows_get_n_rows (taken) > 0)
    return refuse (c, "CAMPAIGN_CODE_TAKEN",
                   g_strdup_printf ("Le code %s est déjà pris sur le serveur : la campagne « %s » n'a pas été créée. "
                                    "Créez-la de nouveau pour recevoir un autre code.",
                                    _orga_sync_row_get (row, K, "code"), _orga_sync_row_get (row, K, "name")),
                   current_node (K, NULL));

  seq = take_seq (c);
  _orga_sync_row_set (row, K, "seq", seq);
  g_ptr_array_add (rows, row);
  return _orga_sync_upsert_rows (c->db, K, c->org_id, rows, error) ? ORGA_SYNC_APPLIED : ORGA_SYNC_FAILED;
}

/* The campaign an update, an archive or a delete names, with the rights
 * and the delete checked: NULL with the refusal (or the failure) set. */
static OrgaSyncRow *
campaign_to_manage (OrgaSyncChange   *c,
                    gboolean          deleted_is_refused,
                    OrgaSyncOutcome  *result,
                    GError          **error)
{
  const OrgaWireKind K = ORGA_WIRE_CAMPAIGNS;
  const char *uuid = _orga_sync_string_member (data_object (c), "campaign");
  g_autoptr(OrgaSyncRow) row = NULL;
  g_autoptr(GError) local_error = NULL;

  if (uuid == NULL)
    {
      *result = ORGA_SYNC_MALFORMED;
      return NULL;
    }

  row = _orga_sync_load_row (c->db, K, c->org_id, uuid, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      *result = ORGA_SYNC_FAILED;
      return NULL;
    }
  if (row == NULL)
    {
      *result = refuse (c, "CAMPAIGN_NOT_FOUND", g_strdup (MSG_CAMPAIGN_NOT_FOUND), current_node (K, NULL));
      return NULL;
    }
  if (!c->admin && g_strcmp0 (_orga_sync_row_get (row, K, "owner_id"), c->user_id) != 0)
    {
      *result = refuse (c, "FORBIDDEN", g_strdup (MSG_CAMPAIGN_FORBIDDEN), current_node (K, row));
      return NULL;
    }
  if (deleted_is_refused && _orga_sync_row_get (row, K, "deleted_at") != NULL)
    {
      *result = refuse (c, "CAMPAIGN_DELETED",
                        g_strdup_printf ("La campagne « %s » a été supprimée sur un autre poste : "
                                         "votre modification n'a pas été enregistrée.",
                                         _orga_sync_row_get (row, K, "name")),
                        current_node (K, row));
      return NULL;
    }

  *result = ORGA_SYNC_APPLIED;
  return g_steal_pointer (&row);
}

static OrgaSyncOutcome
write_campaign (OrgaSyncChange  *c,
                OrgaSyncRow     *row,
                GError         **error)
{
  g_autoptr(GPtrArray) rows = g_ptr_array_new ();
  g_autofree char *seq = take_seq (c);

  _orga_sync_row_set (row, ORGA_WIRE_CAMPAIGNS, "seq", seq);
  g_ptr_array_add (rows, row);
  return _orga_sync_upsert_rows (c->db, ORGA_WIRE_CAMPAIGNS, c->org_id, rows, error) ? ORGA_SYNC_APPLIED : ORGA_SYNC_FAILED;
}

static OrgaSyncOutcome
apply_campaign_update (OrgaSyncChange  *c,
                       GError         **error)
{
  const OrgaWireKind K = ORGA_WIRE_CAMPAIGNS;
  const OrgaWireField *fields = orga_sync_wire_fields (K, NULL);
  JsonObject *data = data_object (c);
  JsonNode *fields_node = data ? json_object_get_member (data, "fields") : NULL;
  g_autoptr(OrgaSyncRow) changed = _orga_sync_row_new ();
  g_autoptr(OrgaSyncRow) row = NULL;
  g_autoptr(GList) names = NULL;
  OrgaSyncOutcome result;

  /* Readable first: a broken change is dropped whoever sends it. */
  if (fields_node == NULL || !JSON_NODE_HOLDS_OBJECT (fields_node))
    return ORGA_SYNC_MALFORMED;
  names = json_object_get_members (json_node_get_object (fields_node));
  if (names == NULL)
    return ORGA_SYNC_MALFORMED;
  for (GList *l = names; l != NULL; l = l->next)
    {
      int i = orga_sync_wire_field_index (K, l->data);

      if (!orga_sync_wire_campaign_field_is_editable (l->data) || i < 0
          || !_orga_sync_value_from_json (&fields[i], json_object_get_member (json_node_get_object (fields_node), l->data),
                                          &changed->v[i])
          || (changed->v[i] == NULL && !fields[i].nullable))
        return ORGA_SYNC_MALFORMED;
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
  _orga_sync_row_set (row, K, "updated_at", c->at);
  return write_campaign (c, row, error);
}

static OrgaSyncOutcome
apply_campaign_archive (OrgaSyncChange  *c,
                        GError         **error)
{
  const OrgaWireKind K = ORGA_WIRE_CAMPAIGNS;
  JsonObject *data = data_object (c);
  JsonNode *archived = data ? json_object_get_member (data, "archived") : NULL;
  g_autoptr(OrgaSyncRow) row = NULL;
  OrgaSyncOutcome result;

  if (archived == NULL || !JSON_NODE_HOLDS_VALUE (archived) || json_node_get_value_type (archived) != G_TYPE_BOOLEAN)
    return ORGA_SYNC_MALFORMED;

  row = campaign_to_manage (c, TRUE, &result, error);
  if (row == NULL)
    return result;

  if (json_node_get_boolean (archived))
    {
      _orga_sync_row_set (row, K, "archived_at", c->at);
      _orga_sync_row_set (row, K, "archived_by", c->user_name);
    }
  else
    {
      _orga_sync_row_set (row, K, "archived_at", NULL);
      _orga_sync_row_set (row, K, "archived_by", NULL);
    }
  return write_campaign (c, row, error);
}

static OrgaSyncOutcome
apply_campaign_delete (OrgaSyncChange  *c,
                       GError         **error)
{
  const OrgaWireKind K = ORGA_WIRE_CAMPAIGNS;
  g_autoptr(OrgaSyncRow) row = NULL;
  g_autoptr(OrgaServerRows) count = NULL;
  g_autofree char *first = NULL;
  OrgaSyncOutcome result;

  row = campaign_to_manage (c, FALSE, &result, error);
  if (row == NULL)
    {
      /* Nothing to delete: what was asked is done. */
      if (result == ORGA_SYNC_REFUSED && g_strcmp0 (c->code, "CAMPAIGN_NOT_FOUND") == 0)
        {
          _orga_sync_change_clear (c);
          return ORGA_SYNC_APPLIED;
        }
      return result;
    }
  if (_orga_sync_row_get (row, K, "deleted_at") != NULL)
    return ORGA_SYNC_APPLIED;

  _orga_sync_row_set (row, K, "deleted_at", c->at);
  _orga_sync_row_set (row, K, "deleted_by", c->user_name);
  result = write_campaign (c, row, error);
  if (result != ORGA_SYNC_APPLIED)
    return result;

  /* Its participations anonymised, each with a seq of its own, in one
   * statement whatever their number. */
  count = orga_server_db_queryv (c->db, error,
                                 "SELECT count(*) FROM sync_participations WHERE organization_id = $1 AND campaign = $2",
                                 c->org_id, _orga_sync_row_get (row, K, "uuid"), ORGA_SERVER_DB_END);
  if (count == NULL)
    return ORGA_SYNC_FAILED;
  first = g_strdup_printf ("%" G_GINT64_FORMAT, c->seq0 + c->n_seqs);
  if (!orga_server_db_execv (c->db, NULL, error,
                             "UPDATE sync_participations SET learner = NULL, external_id = NULL, seq = r.n + $3"
                             " FROM (SELECT uuid, row_number() OVER (ORDER BY seq) AS n FROM sync_participations"
                             "       WHERE organization_id = $1 AND campaign = $2) AS r"
                             " WHERE sync_participations.organization_id = $1 AND sync_participations.uuid = r.uuid",
                             c->org_id, _orga_sync_row_get (row, K, "uuid"), first, ORGA_SERVER_DB_END))
    return ORGA_SYNC_FAILED;
  c->n_seqs += orga_server_rows_get_int (count, 0, 0);
  return ORGA_SYNC_APPLIED;
}

/* participation.delete (spec §4.1): the participation and the other
 * attempts of its student in the campaign, as Pix deletes them, each
 * with a seq so that every desktop pulls the deletion. Only the owner
 * of the campaign or an administrator; nothing to delete is done. */
static OrgaSyncOutcome
apply_participation_delete (OrgaSyncChange  *c,
                            GError         **error)
{
  const OrgaWireKind K = ORGA_WIRE_PARTICIPATIONS;
  const char *uuid = _orga_sync_string_member (data_object (c), "participation");
  g_autoptr(OrgaSyncRow) row = NULL;
  g_autoptr(OrgaSyncRow) campaign = NULL;
  g_autoptr(OrgaServerRows) attempts = NULL;
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) _orga_sync_row_free);
  g_autoptr(GError) local_error = NULL;
  g_autoptr(JsonBuilder) builder = NULL;

  if (uuid == NULL || strlen (uuid) > MAX_ID_LENGTH)
    return ORGA_SYNC_MALFORMED;

  row = _orga_sync_load_row (c->db, K, c->org_id, uuid, &local_error);
  if (row != NULL)
    campaign = _orga_sync_load_row (c->db, ORGA_WIRE_CAMPAIGNS, c->org_id, _orga_sync_row_get (row, K, "campaign"),
                                    &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return ORGA_SYNC_FAILED;
    }
  if (row == NULL || campaign == NULL)
    return ORGA_SYNC_APPLIED;

  /* The student's attempts in the campaign, this one among them. */
  attempts = orga_server_db_queryv (c->db, error,
                                    "SELECT uuid FROM sync_participations"
                                    " WHERE organization_id = $1 AND (uuid = $2 OR (campaign = $3 AND learner = $4))"
                                    " ORDER BY seq",
                                    c->org_id, uuid, _orga_sync_row_get (row, K, "campaign"),
                                    _orga_sync_row_get (row, K, "learner"), ORGA_SERVER_DB_END);
  if (attempts == NULL)
    return ORGA_SYNC_FAILED;
  for (guint i = 0; i < orga_server_rows_get_n_rows (attempts); i++)
    {
      OrgaSyncRow *attempt = _orga_sync_load_row (c->db, K, c->org_id, orga_server_rows_get (attempts, i, 0), &local_error);

      if (local_error != NULL)
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return ORGA_SYNC_FAILED;
        }
      if (attempt != NULL)
        g_ptr_array_add (rows, attempt);
    }

  if (!c->admin && g_strcmp0 (_orga_sync_row_get (campaign, ORGA_WIRE_CAMPAIGNS, "owner_id"), c->user_id) != 0)
    {
      builder = json_builder_new ();
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, orga_sync_wire_kind_name (K));
      json_builder_begin_array (builder);
      for (guint i = 0; i < rows->len; i++)
        _orga_sync_row_build (builder, K, g_ptr_array_index (rows, i), TRUE);
      json_builder_end_array (builder);
      json_builder_end_object (builder);
      return refuse (c, "FORBIDDEN", g_strdup (MSG_PARTICIPATION_FORBIDDEN), json_builder_get_root (builder));
    }

  /* Deleted already (by another desktop): left as it was. */
  for (guint i = rows->len; i-- > 0; )
    if (_orga_sync_row_get (g_ptr_array_index (rows, i), K, "deleted_at") != NULL)
      g_ptr_array_remove_index (rows, i);
  for (guint i = 0; i < rows->len; i++)
    {
      OrgaSyncRow *attempt = g_ptr_array_index (rows, i);
      g_autofree char *seq = take_seq (c);

      _orga_sync_row_set (attempt, K, "deleted_at", c->at);
      _orga_sync_row_set (attempt, K, "deleted_by", c->user_name);
      _orga_sync_row_set (attempt, K, "seq", seq);
    }
  if (rows->len == 0)
    return ORGA_SYNC_APPLIED;
  return _orga_sync_upsert_rows (c->db, K, c->org_id, rows, error) ? ORGA_SYNC_APPLIED : ORGA_SYNC_FAILED;
}

OrgaSyncOutcome
_orga_sync_apply_change (OrgaSyncChange  *c,
                         GError         **error)
{
  static const struct
  {
    const char *kind;
    OrgaSyncOutcome (*apply) (OrgaSyncChange *c, GError **error);
  } kinds[] = {
    { ORGA_SYNC_IMPORT_APPLY, apply_import },
    { ORGA_SYNC_IMPORT_REJECT, apply_reject },
    { ORGA_SYNC_IMPORT_UNDO, apply_undo },
    { ORGA_SYNC_CAMPAIGN_CREATE, apply_campaign_create },
    { ORGA_SYNC_CAMPAIGN_UPDATE, apply_campaign_update },
    { ORGA_SYNC_CAMPAIGN_ARCHIVE, apply_campaign_archive },
    { ORGA_SYNC_CAMPAIGN_DELETE, apply_campaign_delete },
    { ORGA_SYNC_PARTICIPATION_DELETE, apply_participation_delete },
    { ORGA_SYNC_CERT_SESSION_CREATE, _orga_sync_apply_cert_session_create },
    { ORGA_SYNC_CERT_SESSION_UPDATE, _orga_sync_apply_cert_session_update },
    { ORGA_SYNC_CERT_SESSION_DELETE, _orga_sync_apply_cert_session_delete },
    { ORGA_SYNC_CERT_CANDIDATES_ENROL, _orga_sync_apply_cert_candidates_enrol },
    { ORGA_SYNC_CERT_CANDIDATE_REMOVE, _orga_sync_apply_cert_candidate_remove },
    { ORGA_SYNC_CERT_SESSION_FINALIZE, _orga_sync_apply_cert_session_finalize },
  };

  for (guint i = 0; i < G_N_ELEMENTS (kinds); i++)
    if (g_strcmp0 (kinds[i].kind, c->kind) == 0)
      return kinds[i].apply (c, error);
  return ORGA_SYNC_MALFORMED;
}
