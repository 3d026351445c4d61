/* orga-store-imports.c: applying a student list, and its history
 *
 * Part of OrgaStore (orga-store-private.h). Every import is applied in one
 * transaction, so that a crash or a cancel leaves the previous list; what
 * it overwrote is kept until the next one, so that it can be undone.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "orga-store"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "orga-identity.h"
#include "orga-store.h"
#include "orga-store-private.h"
#include "orga-store-sync.h"
#include "orga-text.h"

G_DEFINE_BOXED_TYPE (OrgaImportRecord, orga_import_record,
                     orga_import_record_copy, orga_import_record_free)

static void
bind_fields (sqlite3_stmt            *stmt,
             int                      first,
             const OrgaLearnerFields *f)
{
  orga_db_bind_text (stmt, first + 0, f->ine);
  orga_db_bind_text (stmt, first + 1, f->last_name);
  orga_db_bind_text (stmt, first + 2, f->preferred_last_name);
  orga_db_bind_text (stmt, first + 3, f->first_name);
  orga_db_bind_text (stmt, first + 4, f->middle_name);
  orga_db_bind_text (stmt, first + 5, f->third_name);
  orga_db_bind_text (stmt, first + 6, f->sex);
  orga_db_bind_text (stmt, first + 7, f->birthdate);
  orga_db_bind_text (stmt, first + 8, f->birth_country_code);
  orga_db_bind_text (stmt, first + 9, f->birth_province_code);
  orga_db_bind_text (stmt, first + 10, f->birth_city_code);
  orga_db_bind_text (stmt, first + 11, f->birth_city);
  orga_db_bind_text (stmt, first + 12, f->mef_code);
  orga_db_bind_text (stmt, first + 13, f->status);
  orga_db_bind_text (stmt, first + 14, f->division);
}

static gboolean
fields_equal (const OrgaLearnerFields *a,
              const OrgaLearnerFields *b)
{
  return g_strcmp0 (a->last_name, b->last_name) == 0 &&
         g_strcmp0 (a->preferred_last_name, b->preferred_last_name) == 0 &&
         g_strcmp0 (a->first_name, b->first_name) == 0 &&
         g_strcmp0 (a->middle_name, b->middle_name) == 0 &&
         g_strcmp0 (a->third_name, b->third_name) == 0 &&
         g_strcmp0 (a->sex, b->sex) == 0 &&
         g_strcmp0 (a->birthdate, b->birthdate) == 0 &&
         g_strcmp0 (a->birth_country_code, b->birth_country_code) == 0 &&
         g_strcmp0 (a->birth_province_code, b->birth_province_code) == 0 &&
         g_strcmp0 (a->birth_city_code, b->birth_city_code) == 0 &&
         g_strcmp0 (a->birth_city, b->birth_city) == 0 &&
         g_strcmp0 (a->mef_code, b->mef_code) == 0 &&
         g_strcmp0 (a->status, b->status) == 0 &&
         g_strcmp0 (a->division, b->division) == 0;
}

static gint64
insert_import_record (OrgaStore        *self,
                      OrgaOrganization *organization,
                      OrgaImportReport *report,
                      const char       *status,
                      const char       *user_name,
                      const char       *now,
                      GError          **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *uuid = orga_store_new_uuid ();
  g_autofree char *errors_json = orga_import_report_errors_to_json (report);
  const OrgaImportCounts *counts = orga_import_report_get_counts (report);
  /* No name, or a blank one (the CLI, the importer's default): the person
   * at this computer, by the one rule. */
  g_autofree char *me = orga_identity_dup_display_name ();
  const char *who = orga_identity_choose_display_name (user_name, me);
  /* Which desktop made it: the sync tells this one when another's import
   * replaced it (docs/sync.md, "Two imports"). */
  g_autofree char *device = orga_store_sync_dup_device (self, error);

  if (device == NULL)
    return 0;
  stmt = _orga_store_prepare (self,
                              "INSERT INTO imports (uuid, organization_id, created_at, created_by, file_name, format, "
                              "encoding, status, created, updated, unchanged, disabled, ignored, errors, device) "
                              "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15)", error);
  if (stmt == NULL)
    return 0;
  orga_db_bind_text (stmt, 15, device);

  orga_db_bind_text (stmt, 1, uuid);
  sqlite3_bind_int64 (stmt, 2, orga_organization_get_id (organization));
  orga_db_bind_text (stmt, 3, now);
  orga_db_bind_text (stmt, 4, who);
  orga_db_bind_text (stmt, 5, orga_import_report_get_file_name (report));
  orga_db_bind_text (stmt, 6, orga_import_format_to_string (orga_import_report_get_format (report)));
  orga_db_bind_text (stmt, 7, orga_import_report_get_encoding (report));
  orga_db_bind_text (stmt, 8, status);
  sqlite3_bind_int (stmt, 9, counts->created);
  sqlite3_bind_int (stmt, 10, counts->updated);
  sqlite3_bind_int (stmt, 11, counts->unchanged);
  sqlite3_bind_int (stmt, 12, counts->disabled);
  sqlite3_bind_int (stmt, 13, counts->ignored);
  orga_db_bind_text (stmt, 14, errors_json);

  if (sqlite3_step (stmt) != SQLITE_DONE)
    {
      _orga_store_set_error (self, "import record", error);
      return 0;
    }

  return sqlite3_last_insert_rowid (_orga_store_get_db (self));
}

/**
 * orga_store_record_rejected_import:
 *
 * Keeps a trace of a refused file (who, when, which errors); students are
 * not touched.
 */
gboolean
orga_store_record_rejected_import (OrgaStore         *self,
                                   OrgaOrganization  *organization,
                                   OrgaImportReport  *report,
                                   const char        *user_name,
                                   GError           **error)
{
  g_autofree char *now = orga_store_now ();
  gint64 id;

  g_return_val_if_fail (ORGA_IS_STORE (self), FALSE);

  if (!orga_store_begin (self, error))
    return FALSE;
  id = insert_import_record (self, organization, report, "rejected", user_name, now, error);
  if (id == 0 ||
      !_orga_store_sync_queue_import (self, orga_organization_get_id (organization), id,
                                      ORGA_SYNC_IMPORT_REJECT, error))
    {
      orga_store_rollback (self);
      return FALSE;
    }
  _orga_store_mark (self, ORGA_STORE_CHANGE_IMPORTS, 0);
  if (!orga_store_commit (self, error))
    return FALSE;

  orga_import_report_set_import_id (report, id);
  return TRUE;
}

#define INSERT_BATCH 32
#define INSERT_ROW_VALUES "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
#define INSERT_ROW_PARAMS 21

typedef struct
{
  sqlite3_stmt *find;
  gboolean      none_known;  /* the school has no learner yet: find finds none */
  sqlite3_stmt *insert;
  sqlite3_stmt *update;
  sqlite3_stmt *disable;
  sqlite3_stmt *save;      /* keeps a learner's row before it is overwritten */
  GString      *key;
  GRand        *rand;      /* g_random_int() takes a global lock per call */

  /* New students are inserted INSERT_BATCH at a time: one statement for
   * many rows costs far less than one each. */
  sqlite3_stmt *insert_batch;
  const OrgaLearnerFields *pending[INSERT_BATCH];
  GString      *pending_keys[INSERT_BATCH];
  char          pending_uuids[INSERT_BATCH][37];
  guint         n_pending;
} ApplyStatements;

static void
apply_statements_clear (ApplyStatements *st)
{
  g_clear_pointer (&st->find, sqlite3_finalize);
  g_clear_pointer (&st->insert, sqlite3_finalize);
  g_clear_pointer (&st->update, sqlite3_finalize);
  g_clear_pointer (&st->disable, sqlite3_finalize);
  g_clear_pointer (&st->save, sqlite3_finalize);
  g_clear_pointer (&st->insert_batch, sqlite3_finalize);
  for (guint i = 0; i < INSERT_BATCH; i++)
    if (st->pending_keys[i] != NULL)
      g_string_free (g_steal_pointer (&st->pending_keys[i]), TRUE);
  if (st->key != NULL)
    g_string_free (g_steal_pointer (&st->key), TRUE);
  g_clear_pointer (&st->rand, g_rand_free);
}

void
_orga_store_learner_name_key (GString    *out,
                              const char *last_name,
                              const char *first_name)
{
  g_string_truncate (out, 0);
  orga_text_append_fold (out, last_name);
  g_string_append_c (out, ' ');
  orga_text_append_fold (out, first_name);
}

static const char *
name_key (ApplyStatements         *st,
          const OrgaLearnerFields *f)
{
  _orga_store_learner_name_key (st->key, f->last_name, f->first_name);

  return st->key->str;
}

static gboolean
save_previous_state (OrgaStore        *self,
                     ApplyStatements  *st,
                     gint64            import_id,
                     gint64            learner_id,
                     GError          **error)
{
  sqlite3_reset (st->save);
  sqlite3_bind_int64 (st->save, 1, import_id);
  sqlite3_bind_int64 (st->save, 2, learner_id);
  if (sqlite3_step (st->save) != SQLITE_DONE)
    return _orga_store_set_error (self, "save learner", error);

  return TRUE;
}

/* Students who were active and are not in the file: they have left. They
 * are disabled, never deleted, so their results stay. */
static gboolean
disable_leavers (OrgaStore         *self,
                 ApplyStatements   *st,
                 gint64             organization_id,
                 gint64             import_id,
                 OrgaImportReport  *report,
                 gboolean           dry_run,
                 const char        *now,
                 GError           **error)
{
  OrgaLearnerSet *set = orga_import_report_get_learner_set (report);
  OrgaImportCounts *counts = orga_import_report_get_counts (report);
  g_autoptr(sqlite3_stmt) active = NULL;
  g_autoptr(GArray) leaving = g_array_new (FALSE, FALSE, sizeof (gint64));
  int rc;

  active = _orga_store_prepare (self,
                                "SELECT id, ine, last_name, first_name, division FROM learners "
                                "WHERE organization_id = ?1 AND disabled_at IS NULL", error);
  if (active == NULL)
    return FALSE;
  sqlite3_bind_int64 (active, 1, organization_id);

  while ((rc = sqlite3_step (active)) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (active, 0);
      const char *ine = orga_db_column_text (active, 1);

      if (orga_learner_set_contains_ine (set, ine))
        continue;

      g_array_append_val (leaving, id);
      if (dry_run)
        orga_import_report_add_change (report, ORGA_IMPORT_CHANGE_LEAVING, ine,
                                       orga_db_column_text (active, 2), orga_db_column_text (active, 3),
                                       orga_db_column_text (active, 4), NULL);
    }
  if (rc != SQLITE_DONE)
    return _orga_store_set_error (self, "leaving students", error);

  counts->disabled = leaving->len;
  if (dry_run)
    return TRUE;

  for (guint i = 0; i < leaving->len; i++)
    {
      gint64 id = g_array_index (leaving, gint64, i);

      if (!save_previous_state (self, st, import_id, id, error))
        return FALSE;

      sqlite3_reset (st->disable);
      orga_db_bind_text (st->disable, 1, now);
      sqlite3_bind_int64 (st->disable, 2, id);
      if (sqlite3_step (st->disable) != SQLITE_DONE)
        return _orga_store_set_error (self, "disable", error);
    }

  return TRUE;
}

static void
bind_insert_row (sqlite3_stmt            *stmt,
                 int                      first,
                 const char              *uuid,
                 gint64                   organization_id,
                 const OrgaLearnerFields *f,
                 const char              *key,
                 const char              *now,
                 gint64                   import_id)
{
  orga_db_bind_text (stmt, first, uuid);
  sqlite3_bind_int64 (stmt, first + 1, organization_id);
  bind_fields (stmt, first + 2, f);
  orga_db_bind_text (stmt, first + 2 + N_LEARNER_COLUMNS, key);
  orga_db_bind_text (stmt, first + 3 + N_LEARNER_COLUMNS, now);
  orga_db_bind_text (stmt, first + 4 + N_LEARNER_COLUMNS, now);
  if (import_id > 0)
    sqlite3_bind_int64 (stmt, first + 5 + N_LEARNER_COLUMNS, import_id);
  else
    sqlite3_bind_null (stmt, first + 5 + N_LEARNER_COLUMNS);
}

static gboolean
flush_inserts (OrgaStore        *self,
               ApplyStatements  *st,
               gint64            organization_id,
               gint64            import_id,
               const char       *now,
               GError          **error)
{
  gboolean full = st->n_pending == INSERT_BATCH;
  sqlite3_stmt *stmt = full ? st->insert_batch : st->insert;

  /* A full batch goes in one statement; a last partial one row by row.
   * Binding a statement that has run but was not reset fails. */
  if (full)
    sqlite3_reset (stmt);
  for (guint k = 0; k < st->n_pending; k++)
    {
      if (!full)
        sqlite3_reset (stmt);
      bind_insert_row (stmt, full ? 1 + k * INSERT_ROW_PARAMS : 1, st->pending_uuids[k], organization_id,
                       st->pending[k], st->pending_keys[k]->str, now, import_id);
      if (!full && sqlite3_step (stmt) != SQLITE_DONE)
        return _orga_store_set_error (self, "insert learner", error);
    }

  if (full && sqlite3_step (stmt) != SQLITE_DONE)
    return _orga_store_set_error (self, "insert learners", error);

  st->n_pending = 0;
  return TRUE;
}

static gboolean
upsert_learner (OrgaStore               *self,
                ApplyStatements         *st,
                gint64                   organization_id,
                gint64                   import_id,
                const OrgaLearnerFields *f,
                OrgaImportReport        *report,
                gboolean                 dry_run,
                const char              *now,
                GError                 **error)
{
  OrgaImportCounts *counts = orga_import_report_get_counts (report);
  int rc;

  if (st->none_known)
    rc = SQLITE_DONE;
  else
    {
      sqlite3_reset (st->find);
      sqlite3_bind_int64 (st->find, 1, organization_id);
      orga_db_bind_text (st->find, 2, f->ine);
      rc = sqlite3_step (st->find);
    }

  if (rc == SQLITE_DONE)
    {
      counts->created++;
      if (dry_run)
        {
          orga_import_report_add_change (report, ORGA_IMPORT_CHANGE_NEW, f->ine, f->last_name,
                                         f->first_name, NULL, f->division);
          return TRUE;
        }

      {
        guint k = st->n_pending++;

        st->pending[k] = f;
        _orga_store_uuid7_fill (st->pending_uuids[k], st->rand);
        g_string_assign (st->pending_keys[k], name_key (st, f));
        if (st->n_pending == INSERT_BATCH)
          return flush_inserts (self, st, organization_id, import_id, now, error);
      }
      return TRUE;
    }

  if (rc != SQLITE_ROW)
    return _orga_store_set_error (self, "find learner", error);

  {
    OrgaLearnerFields old = { 0 };
    gint64 id = sqlite3_column_int64 (st->find, 0);
    gboolean was_disabled = sqlite3_column_type (st->find, 1 + N_LEARNER_COLUMNS) != SQLITE_NULL;
    gboolean class_changed;

    _orga_store_fields_from_row (&old, st->find, 1);
    class_changed = g_strcmp0 (old.division, f->division) != 0;

    if (!was_disabled && fields_equal (&old, f))
      {
        counts->unchanged++;
        return TRUE;
      }

    counts->updated++;
    if (was_disabled)
      counts->returning++;
    if (class_changed)
      counts->class_changed++;

    if (dry_run)
      {
        if (was_disabled)
          orga_import_report_add_change (report, ORGA_IMPORT_CHANGE_RETURNING, f->ine, f->last_name,
                                         f->first_name, old.division, f->division);
        else if (class_changed)
          orga_import_report_add_change (report, ORGA_IMPORT_CHANGE_CLASS, f->ine, f->last_name,
                                         f->first_name, old.division, f->division);
        return TRUE;
      }

    if (!save_previous_state (self, st, import_id, id, error))
      return FALSE;

    /* Pix overwrites every imported column and re-enables the student; the
     * class simply takes the new value. */
    sqlite3_reset (st->update);
    bind_fields (st->update, 1, f);
    orga_db_bind_text (st->update, 1 + N_LEARNER_COLUMNS, name_key (st, f));
    orga_db_bind_text (st->update, 2 + N_LEARNER_COLUMNS, now);
    if (import_id > 0)
      sqlite3_bind_int64 (st->update, 3 + N_LEARNER_COLUMNS, import_id);
    else
      sqlite3_bind_null (st->update, 3 + N_LEARNER_COLUMNS);
    sqlite3_bind_int64 (st->update, 4 + N_LEARNER_COLUMNS, id);
    if (sqlite3_step (st->update) != SQLITE_DONE)
      return _orga_store_set_error (self, "update learner", error);
  }

  return TRUE;
}

static int
compare_by_ine (gconstpointer a,
                gconstpointer b)
{
  const OrgaLearnerFields *fa = *(const OrgaLearnerFields * const *)a;
  const OrgaLearnerFields *fb = *(const OrgaLearnerFields * const *)b;

  /* SQLite's BINARY collation is memcmp order, which strcmp matches. */
  return strcmp (fa->ine, fb->ine);
}

static gboolean
apply_in_transaction (OrgaStore         *self,
                      ApplyStatements   *st,
                      OrgaOrganization  *organization,
                      OrgaImportReport  *report,
                      const char        *user_name,
                      gboolean           dry_run,
                      const char        *now,
                      GCancellable      *cancellable,
                      GError           **error)
{
  OrgaLearnerSet *set = orga_import_report_get_learner_set (report);
  gint64 organization_id = orga_organization_get_id (organization);
  guint n = orga_learner_set_get_size (set);
  g_autoptr(GArray) order = NULL;
  gint64 import_id = 0;

  /* The record comes first so that each learner can point at the import
   * that last wrote it; its counts are filled in at the end. */
  if (!dry_run)
    {
      /* Only the latest import can be undone: what the earlier ones
       * overwrote is no longer needed, but for an import the server has
       * not accepted yet: refused, it is undone here (orga-store-sync.c). */
      g_autoptr(sqlite3_stmt) forget = _orga_store_prepare (self,
                                                            "DELETE FROM learners_before_import WHERE import_id IN "
                                                            "(SELECT id FROM imports WHERE organization_id = ?1 "
                                                            " AND uuid NOT IN (SELECT subject FROM sync_outbox "
                                                            "  WHERE organization_id = ?1 AND kind = ?2))", error);

      if (forget == NULL)
        return FALSE;
      sqlite3_bind_int64 (forget, 1, organization_id);
      orga_db_bind_text (forget, 2, ORGA_SYNC_IMPORT_APPLY);
      if (sqlite3_step (forget) != SQLITE_DONE)
        return _orga_store_set_error (self, "forget previous import", error);

      import_id = insert_import_record (self, organization, report, "imported", user_name, now, error);
      if (import_id == 0)
        return FALSE;
    }

  if (!disable_leavers (self, st, organization_id, import_id, report, dry_run, now, error))
    return FALSE;

  /* A first import looks up each of its students for nothing: the INEs of
   * a file are unique, so none it inserts is looked up again. */
  {
    g_autoptr(sqlite3_stmt) any = _orga_store_prepare (self, "SELECT 1 FROM learners WHERE organization_id = ?1 LIMIT 1", error);

    if (any == NULL)
      return FALSE;
    sqlite3_bind_int64 (any, 1, organization_id);
    switch (sqlite3_step (any))
      {
      case SQLITE_ROW:
        break;
      case SQLITE_DONE:
        st->none_known = TRUE;
        break;
      default:
        return _orga_store_set_error (self, "known learners", error);
      }
  }

  /* In INE order every insert lands at the end of the (organization, INE)
   * index, which is several times faster than scattering them. */
  order = g_array_sized_new (FALSE, FALSE, sizeof (const OrgaLearnerFields *), n);
  for (guint i = 0; i < n; i++)
    {
      const OrgaLearnerFields *f = orga_learner_set_get (set, i);

      if (f->ignored == ORGA_IGNORE_NONE)
        g_array_append_val (order, f);
    }
  g_array_sort (order, compare_by_ine);

  for (guint i = 0; i < order->len; i++)
    {
      const OrgaLearnerFields *f = g_array_index (order, const OrgaLearnerFields *, i);

      if ((i & 1023) == 0 && g_cancellable_set_error_if_cancelled (cancellable, error))
        return FALSE;

      if (!upsert_learner (self, st, organization_id, import_id, f, report, dry_run, now, error))
        return FALSE;
    }

  if (!flush_inserts (self, st, organization_id, import_id, now, error))
    return FALSE;

  if (dry_run)
    {
      for (guint i = 0; i < n; i++)
        {
          const OrgaLearnerFields *f = orga_learner_set_get (set, i);
          OrgaImportChange *change;
          GArray *changes;

          if (f->ignored == ORGA_IGNORE_NONE)
            continue;

          orga_import_report_add_change (report, ORGA_IMPORT_CHANGE_IGNORED, f->ine, f->last_name,
                                         f->first_name, NULL, f->division);
          changes = orga_import_report_get_changes (report);
          change = &g_array_index (changes, OrgaImportChange, changes->len - 1);
          change->reason = f->ignored;
        }
      return TRUE;
    }

  {
    g_autoptr(sqlite3_stmt) counts_stmt = NULL;
    const OrgaImportCounts *counts = orga_import_report_get_counts (report);

    counts_stmt = _orga_store_prepare (self,
                                       "UPDATE imports SET created = ?1, updated = ?2, unchanged = ?3, disabled = ?4, "
                                       "ignored = ?5 WHERE id = ?6", error);
    if (counts_stmt == NULL)
      return FALSE;
    sqlite3_bind_int (counts_stmt, 1, counts->created);
    sqlite3_bind_int (counts_stmt, 2, counts->updated);
    sqlite3_bind_int (counts_stmt, 3, counts->unchanged);
    sqlite3_bind_int (counts_stmt, 4, counts->disabled);
    sqlite3_bind_int (counts_stmt, 5, counts->ignored);
    sqlite3_bind_int64 (counts_stmt, 6, import_id);
    if (sqlite3_step (counts_stmt) != SQLITE_DONE)
      return _orga_store_set_error (self, "import record", error);
  }

  orga_import_report_set_import_id (report, import_id);
  return TRUE;
}

/**
 * orga_store_apply_learner_set:
 * @dry_run: compute the counts and the list of changes, write nothing
 *
 * Applies a validated file in one transaction: new students inserted,
 * known ones (matched by INE) updated and re-enabled, absent ones disabled,
 * and an import record written. On any error or cancellation nothing is
 * changed.
 */
gboolean
orga_store_apply_learner_set (OrgaStore         *self,
                              OrgaOrganization  *organization,
                              OrgaImportReport  *report,
                              const char        *user_name,
                              gboolean           dry_run,
                              GCancellable      *cancellable,
                              GError           **error)
{
  ApplyStatements st = { 0 };
  g_autofree char *now = orga_store_now ();
  gboolean ok;

  g_return_val_if_fail (ORGA_IS_STORE (self), FALSE);
  g_return_val_if_fail (ORGA_IS_ORGANIZATION (organization), FALSE);
  g_return_val_if_fail (ORGA_IS_IMPORT_REPORT (report), FALSE);
  g_return_val_if_fail (!orga_learner_set_has_errors (orga_import_report_get_learner_set (report)), FALSE);

  st.key = g_string_sized_new (128);
  st.rand = g_rand_new ();
  st.find = _orga_store_prepare (self,
                                 "SELECT id, " LEARNER_COLUMNS ", disabled_at FROM learners "
                                 "WHERE organization_id = ?1 AND ine = ?2", error);
  {
    g_autoptr(GString) sql = g_string_new ("INSERT INTO learners (uuid, organization_id, " LEARNER_COLUMNS
                                           ", name_key, created_at, updated_at, import_id) VALUES ");
    gsize single_len;

    g_string_append (sql, INSERT_ROW_VALUES);
    single_len = sql->len;
    for (guint k = 1; k < INSERT_BATCH; k++)
      g_string_append (sql, ", " INSERT_ROW_VALUES);

    st.insert_batch = st.find ? _orga_store_prepare (self, sql->str, error) : NULL;
    g_string_truncate (sql, single_len);
    st.insert = st.insert_batch ? _orga_store_prepare (self, sql->str, error) : NULL;
  }
  for (guint k = 0; k < INSERT_BATCH; k++)
    st.pending_keys[k] = g_string_sized_new (64);
  st.update = st.insert ? _orga_store_prepare (self,
                                               "UPDATE learners SET ine = ?1, last_name = ?2, preferred_last_name = ?3, "
                                               "first_name = ?4, middle_name = ?5, third_name = ?6, sex = ?7, birthdate = ?8, "
                                               "birth_country_code = ?9, birth_province_code = ?10, birth_city_code = ?11, "
                                               "birth_city = ?12, mef_code = ?13, status = ?14, division = ?15, name_key = ?16, "
                                               "disabled_at = NULL, updated_at = ?17, import_id = ?18 WHERE id = ?19", error) : NULL;
  st.disable = st.update ? _orga_store_prepare (self,
                                                "UPDATE learners SET disabled_at = ?1, updated_at = ?1 WHERE id = ?2", error) : NULL;
  /* OR IGNORE: were a learner written twice by one import, the state to
   * restore is the one before the first write. */
  st.save = st.disable ? _orga_store_prepare (self,
                                              "INSERT OR IGNORE INTO learners_before_import (import_id, learner_id, uuid, "
                                              "organization_id, " LEARNER_COLUMNS ", name_key, disabled_at, created_at, "
                                              "updated_at, previous_import_id) "
                                              "SELECT ?1, id, uuid, organization_id, " LEARNER_COLUMNS ", name_key, "
                                              "disabled_at, created_at, updated_at, import_id FROM learners WHERE id = ?2",
                                              error) : NULL;
  if (st.save == NULL)
    {
      apply_statements_clear (&st);
      return FALSE;
    }

  /* A dry run still reads in one transaction, for a consistent picture,
   * without the write lock a real import takes. */
  if (dry_run)
    {
      if (!_orga_store_exec (self, "BEGIN DEFERRED", error))
        {
          apply_statements_clear (&st);
          return FALSE;
        }
      ok = apply_in_transaction (self, &st, organization, report, user_name, TRUE, now, cancellable, error);
      apply_statements_clear (&st);
      _orga_store_exec (self, "ROLLBACK", NULL);
      if (ok)
        orga_import_report_set_status (report, ORGA_IMPORT_STATUS_PREVIEW);
      return ok;
    }

  /* Through the store's transactions: the change feed sees the import,
   * and a caller may group it with other writes. */
  if (!orga_store_begin (self, error))
    {
      apply_statements_clear (&st);
      return FALSE;
    }

  ok = apply_in_transaction (self, &st, organization, report, user_name, FALSE, now, cancellable, error) &&
       _orga_store_sync_queue_import (self, orga_organization_get_id (organization),
                                      orga_import_report_get_import_id (report), ORGA_SYNC_IMPORT_APPLY, error);
  apply_statements_clear (&st);
  if (!ok)
    {
      orga_store_rollback (self);
      return FALSE;
    }

  _orga_store_mark (self, ORGA_STORE_CHANGE_LEARNERS | ORGA_STORE_CHANGE_IMPORTS, 0);
  if (!orga_store_commit (self, error))
    return FALSE;

  orga_import_report_set_status (report, ORGA_IMPORT_STATUS_IMPORTED);
  return TRUE;
}

OrgaImportRecord *
orga_import_record_copy (const OrgaImportRecord *self)
{
  OrgaImportRecord *copy = g_memdup2 (self, sizeof *self);

  copy->uuid = g_strdup (self->uuid);
  copy->created_at = g_strdup (self->created_at);
  copy->created_by = g_strdup (self->created_by);
  copy->file_name = g_strdup (self->file_name);
  copy->format = g_strdup (self->format);
  copy->encoding = g_strdup (self->encoding);
  copy->status = g_strdup (self->status);
  copy->errors_json = g_strdup (self->errors_json);

  return copy;
}

void
orga_import_record_free (OrgaImportRecord *self)
{
  if (self == NULL)
    return;

  g_free (self->uuid);
  g_free (self->created_at);
  g_free (self->created_by);
  g_free (self->file_name);
  g_free (self->format);
  g_free (self->encoding);
  g_free (self->status);
  g_free (self->errors_json);
  g_free (self);
}

#define IMPORT_COLUMNS \
  "id, uuid, created_at, created_by, file_name, format, encoding, status, " \
  "created, updated, unchanged, disabled, ignored, errors"

static OrgaImportRecord *
import_record_from_stmt (sqlite3_stmt *stmt)
{
  OrgaImportRecord *r = g_new0 (OrgaImportRecord, 1);

  r->id = sqlite3_column_int64 (stmt, 0);
  r->uuid = g_strdup (orga_db_column_text (stmt, 1));
  r->created_at = g_strdup (orga_db_column_text (stmt, 2));
  r->created_by = g_strdup (orga_db_column_text (stmt, 3));
  r->file_name = g_strdup (orga_db_column_text (stmt, 4));
  r->format = g_strdup (orga_db_column_text (stmt, 5));
  r->encoding = g_strdup (orga_db_column_text (stmt, 6));
  r->status = g_strdup (orga_db_column_text (stmt, 7));
  r->created = sqlite3_column_int (stmt, 8);
  r->updated = sqlite3_column_int (stmt, 9);
  r->unchanged = sqlite3_column_int (stmt, 10);
  r->disabled = sqlite3_column_int (stmt, 11);
  r->ignored = sqlite3_column_int (stmt, 12);
  r->errors_json = g_strdup (orga_db_column_text (stmt, 13));

  return r;
}

/**
 * orga_store_list_imports:
 *
 * Returns: (transfer container) (element-type OrgaImportRecord): newest first
 */
GPtrArray *
orga_store_list_imports (OrgaStore         *self,
                         OrgaOrganization  *organization,
                         GError           **error)
{
  g_autoptr(GPtrArray) records = g_ptr_array_new_with_free_func ((GDestroyNotify)orga_import_record_free);
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  g_return_val_if_fail (ORGA_IS_STORE (self), NULL);
  g_return_val_if_fail (ORGA_IS_ORGANIZATION (organization), NULL);

  stmt = _orga_store_prepare (self,
                              "SELECT " IMPORT_COLUMNS " FROM imports "
                              "WHERE organization_id = ?1 ORDER BY created_at DESC, id DESC", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, orga_organization_get_id (organization));

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (records, import_record_from_stmt (stmt));

  if (rc != SQLITE_DONE)
    {
      _orga_store_set_error (self, "imports", error);
      return NULL;
    }

  return g_steal_pointer (&records);
}

/**
 * orga_store_get_last_import:
 * @successful_only: skip rejected and undone imports: the one whose list is
 *   in effect
 *
 * The latest import in the order they were applied.
 *
 * Returns: (transfer full) (nullable): the import, or %NULL without error
 *   when there is none
 */
OrgaImportRecord *
orga_store_get_last_import (OrgaStore         *self,
                            OrgaOrganization  *organization,
                            gboolean           successful_only,
                            GError           **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  g_return_val_if_fail (ORGA_IS_STORE (self), NULL);
  g_return_val_if_fail (ORGA_IS_ORGANIZATION (organization), NULL);

  /* By id rather than created_at: ids follow the order in which imports
   * were written even if the clock went back. */
  stmt = _orga_store_prepare (self,
                              "SELECT " IMPORT_COLUMNS " FROM imports "
                              "WHERE organization_id = ?1 AND (NOT ?2 OR status = 'imported') "
                              "ORDER BY id DESC LIMIT 1", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, orga_organization_get_id (organization));
  sqlite3_bind_int (stmt, 2, successful_only);

  rc = sqlite3_step (stmt);
  if (rc == SQLITE_DONE)
    return NULL;
  if (rc != SQLITE_ROW)
    {
      _orga_store_set_error (self, "imports", error);
      return NULL;
    }

  return import_record_from_stmt (stmt);
}

/* Whether @import_id is the organization's latest applied import and still
 * in effect: the only one whose saved rows describe the current list. */
static gboolean
check_undoable (OrgaStore  *self,
                gint64      organization_id,
                gint64      import_id,
                gboolean    remote,
                GError    **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  const char *status;
  int rc;

  stmt = _orga_store_prepare (self,
                              "SELECT status, id = (SELECT max(id) FROM imports "
                              "                     WHERE organization_id = ?1 AND status <> 'rejected') "
                              "FROM imports WHERE id = ?2 AND organization_id = ?1", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, organization_id);
  sqlite3_bind_int64 (stmt, 2, import_id);

  rc = sqlite3_step (stmt);
  if (rc == SQLITE_DONE)
    {
      g_set_error (error, ORGA_STORE_ERROR, ORGA_STORE_ERROR_NOT_FOUND,
                   _("This import does not exist in the space of this school."));
      return FALSE;
    }
  if (rc != SQLITE_ROW)
    return _orga_store_set_error (self, "imports", error);

  status = orga_db_column_text (stmt, 0);
  if (g_strcmp0 (status, "rejected") == 0)
    {
      g_set_error (error, ORGA_STORE_ERROR, ORGA_STORE_ERROR_CANNOT_UNDO,
                   _("This file was rejected and changed nothing: there is nothing to undo."));
      return FALSE;
    }
  if (g_strcmp0 (status, "undone") == 0)
    {
      g_set_error (error, ORGA_STORE_ERROR, ORGA_STORE_ERROR_CANNOT_UNDO,
                   _("This import has already been undone."));
      return FALSE;
    }
  if (!sqlite3_column_int (stmt, 1))
    {
      g_set_error (error, ORGA_STORE_ERROR, ORGA_STORE_ERROR_CANNOT_UNDO,
                   _("Only the latest import can be undone; another list was imported since."));
      return FALSE;
    }

  /* Another desktop's import: what it created and overwrote is the
   * server's to know. */
  if (remote)
    return TRUE;

  /* Removing the students it created would orphan their results. */
  g_clear_pointer (&stmt, sqlite3_finalize);
  stmt = _orga_store_prepare (self,
                              "SELECT count(DISTINCT p.learner_id) FROM participations p "
                              "JOIN learners l ON l.id = p.learner_id "
                              "WHERE l.organization_id = ?1 AND l.import_id = ?2 AND p.deleted_at IS NULL "
                              "AND l.id NOT IN (SELECT learner_id FROM learners_before_import WHERE import_id = ?2)",
                              error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, organization_id);
  sqlite3_bind_int64 (stmt, 2, import_id);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    return _orga_store_set_error (self, "participations", error);
  if (sqlite3_column_int (stmt, 0) > 0)
    {
      guint n = sqlite3_column_int (stmt, 0);

      g_set_error (error, ORGA_STORE_ERROR, ORGA_STORE_ERROR_CANNOT_UNDO,
                   ngettext ("This import can no longer be undone: %u student it added has taken part in a campaign since.",
                             "This import can no longer be undone: %u students it added have taken part in campaigns since.", n),
                   n);
      return FALSE;
    }

  return TRUE;
}

static gboolean
run_undo (OrgaStore  *self,
          gint64      organization_id,
          gint64      import_id,
          GError    **error)
{
  static const char * const steps[] = {
    /* The learners it created: its own, with no earlier state. */
    "DELETE FROM learners WHERE organization_id = ?1 AND import_id = ?2 "
    "AND id NOT IN (SELECT learner_id FROM learners_before_import WHERE import_id = ?2)",
    /* Every column back, the uuid and timestamps included. */
    "UPDATE learners SET uuid = b.uuid, ine = b.ine, last_name = b.last_name, "
    "preferred_last_name = b.preferred_last_name, first_name = b.first_name, "
    "middle_name = b.middle_name, third_name = b.third_name, sex = b.sex, birthdate = b.birthdate, "
    "birth_country_code = b.birth_country_code, birth_province_code = b.birth_province_code, "
    "birth_city_code = b.birth_city_code, birth_city = b.birth_city, mef_code = b.mef_code, "
    "status = b.status, division = b.division, name_key = b.name_key, disabled_at = b.disabled_at, "
    "created_at = b.created_at, updated_at = b.updated_at, import_id = b.previous_import_id "
    "FROM learners_before_import AS b "
    "WHERE b.import_id = ?2 AND learners.id = b.learner_id AND learners.organization_id = ?1",
    "DELETE FROM learners_before_import WHERE import_id = ?2",
    "UPDATE imports SET status = 'undone' WHERE id = ?2 AND organization_id = ?1",
  };

  for (guint i = 0; i < G_N_ELEMENTS (steps); i++)
    {
      g_autoptr(sqlite3_stmt) stmt = _orga_store_prepare (self, steps[i], error);

      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_int64 (stmt, 1, organization_id);
      sqlite3_bind_int64 (stmt, 2, import_id);
      if (sqlite3_step (stmt) != SQLITE_DONE)
        return _orga_store_set_error (self, "undo import", error);
    }

  return TRUE;
}

/* Whether @import_id was made on another desktop (and pulled): its
 * device is another's, or unknown on a row pulled from the server.
 * Imports made here before the sync have no device and were never
 * pulled. */
static gboolean
is_remote (OrgaStore  *self,
           gint64      import_id,
           gboolean   *remote,
           GError    **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *device = NULL;
  int rc;

  *remote = FALSE;
  stmt = _orga_store_prepare (self, "SELECT device, sync_gen > 0 FROM imports WHERE id = ?1", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, import_id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_DONE)
    return TRUE;
  if (rc != SQLITE_ROW)
    return _orga_store_set_error (self, "imports", error);
  if (sqlite3_column_type (stmt, 0) == SQLITE_NULL)
    {
      *remote = sqlite3_column_int (stmt, 1) != 0;
      return TRUE;
    }

  device = orga_store_sync_dup_device (self, error);
  if (device == NULL)
    return FALSE;
  *remote = g_strcmp0 (device, orga_db_column_text (stmt, 0)) != 0;
  return TRUE;
}

static gboolean
mark_undone (OrgaStore  *self,
             gint64      organization_id,
             gint64      import_id,
             GError    **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  stmt = _orga_store_prepare (self, "UPDATE imports SET status = 'undone' WHERE id = ?2 AND organization_id = ?1", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, organization_id);
  sqlite3_bind_int64 (stmt, 2, import_id);
  if (sqlite3_step (stmt) != SQLITE_DONE)
    return _orga_store_set_error (self, "undo import", error);
  return TRUE;
}

/**
 * orga_store_undo_import:
 *
 * Puts the list back exactly as it was before @import_id: the students it
 * created are removed, those it updated or disabled get every column back.
 * Only the organization's latest successful import can be undone, once;
 * it is then marked "undone". All or nothing, in one transaction.
 */
gboolean
orga_store_undo_import (OrgaStore         *self,
                        OrgaOrganization  *organization,
                        gint64             import_id,
                        GError           **error)
{
  gint64 organization_id;
  gboolean remote = FALSE;

  g_return_val_if_fail (ORGA_IS_STORE (self), FALSE);
  g_return_val_if_fail (ORGA_IS_ORGANIZATION (organization), FALSE);

  organization_id = orga_organization_get_id (organization);

  /* An immediate transaction: no import may slip in between the check
   * and the undo. */
  if (!orga_store_begin (self, error))
    return FALSE;

  if (!is_remote (self, import_id, &remote, error))
    goto failed;

  if (remote)
    {
      gboolean syncs = orga_store_sync_is_enabled (self, organization);

      /* Made on another desktop and pulled: this one never kept what it
       * overwrote. The server undoes it, and the next pull brings the
       * list back; meanwhile the record says it is undone. */
      if (!syncs)
        {
          g_set_error_literal (error, ORGA_STORE_ERROR, ORGA_STORE_ERROR_CANNOT_UNDO,
                               _("This import was made on another computer: it can only be undone while this "
                                 "school is linked to its space on the server."));
          goto failed;
        }
      if (!check_undoable (self, organization_id, import_id, TRUE, error) ||
          !mark_undone (self, organization_id, import_id, error))
        goto failed;
      _orga_store_mark (self, ORGA_STORE_CHANGE_IMPORTS, 0);
    }
  else
    {
      if (!check_undoable (self, organization_id, import_id, FALSE, error) ||
          !run_undo (self, organization_id, import_id, error))
        goto failed;
      _orga_store_mark (self, ORGA_STORE_CHANGE_LEARNERS | ORGA_STORE_CHANGE_IMPORTS, 0);
    }

  if (!_orga_store_sync_queue_import (self, organization_id, import_id, ORGA_SYNC_IMPORT_UNDO, error))
    goto failed;

  return orga_store_commit (self, error);

failed:
  orga_store_rollback (self);
  return FALSE;
}

gboolean
_orga_store_undo_import_unqueued (OrgaStore  *self,
                                  gint64      organization_id,
                                  gint64      import_id,
                                  GError    **error)
{
  if (!check_undoable (self, organization_id, import_id, FALSE, error) ||
      !run_undo (self, organization_id, import_id, error))
    return FALSE;

  _orga_store_mark (self, ORGA_STORE_CHANGE_LEARNERS | ORGA_STORE_CHANGE_IMPORTS, 0);
  return TRUE;
}

typedef struct
{
  OrgaOrganization *organization;
  gint64            import_id;
} UndoJob;

static void
undo_job_free (UndoJob *job)
{
  g_clear_object (&job->organization);
  g_free (job);
}

static gpointer
undo_job (OrgaStore     *store,
          gpointer       task_data,
          GCancellable  *cancellable,
          GError       **error)
{
  UndoJob *job = task_data;

  if (!orga_store_undo_import (store, job->organization, job->import_id, error))
    return NULL;

  return GINT_TO_POINTER (TRUE);
}

void
orga_store_undo_import_async (OrgaStore           *self,
                              OrgaOrganization    *organization,
                              gint64               import_id,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  UndoJob *job;

  g_return_if_fail (ORGA_IS_STORE (self));
  g_return_if_fail (ORGA_IS_ORGANIZATION (organization));

  /* The organization is only read for its id, which never changes. */
  job = g_new0 (UndoJob, 1);
  job->organization = g_object_ref (organization);
  job->import_id = import_id;
  orga_store_run_job_async (self, undo_job, job, (GDestroyNotify)undo_job_free, NULL,
                            cancellable, callback, user_data);
}

gboolean
orga_store_undo_import_finish (OrgaStore     *self,
                               GAsyncResult  *result,
                               GError       **error)
{
  g_return_val_if_fail (ORGA_IS_STORE (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return orga_store_run_job_finish (result, error) != NULL;
}
