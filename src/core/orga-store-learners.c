/* orga-store-learners.c: the students, as the lists read them
 *
 * Part of OrgaStore (orga-store-private.h). Classes sort as a French
 * reader expects ("6e2" before "6e10"), here and in every list.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "orga-store"

#include "config.h"

#include <string.h>

#include "orga-store.h"
#include "orga-store-private.h"
#include "orga-text.h"

/* The next character of a class name as a reader compares it: a run of
 * blanks is one space, trailing blanks nothing, letters lower-case; -1 at
 * the end. */
static int
next_compared_byte (const guchar **p,
                    const guchar  *end)
{
  if (*p == end)
    return -1;

  if (g_ascii_isspace (**p))
    {
      while (*p < end && g_ascii_isspace (**p))
        (*p)++;
      return *p == end ? -1 : ' ';
    }

  return g_ascii_tolower (*(*p)++);
}

/* Compares folded text with runs of digits as numbers, so that "6e2" comes
 * before "6e10". Leading zeros do not count: "6e01" ties with "6e1". */
static int
compare_natural_folded (const char *a,
                        gsize       len_a,
                        const char *b,
                        gsize       len_b)
{
  const guchar *pa = (const guchar *)a, *end_a = pa + len_a;
  const guchar *pb = (const guchar *)b, *end_b = pb + len_b;

  while (pa < end_a && g_ascii_isspace (*pa))
    pa++;
  while (pb < end_b && g_ascii_isspace (*pb))
    pb++;

  for (;;)
    {
      int ca, cb;

      if (pa < end_a && pb < end_b && g_ascii_isdigit (*pa) && g_ascii_isdigit (*pb))
        {
          const guchar *start_a, *start_b;
          gsize digits_a, digits_b;
          int cmp;

          while (pa < end_a && *pa == '0')
            pa++;
          while (pb < end_b && *pb == '0')
            pb++;
          for (start_a = pa; pa < end_a && g_ascii_isdigit (*pa); pa++)
            ;
          for (start_b = pb; pb < end_b && g_ascii_isdigit (*pb); pb++)
            ;
          digits_a = pa - start_a;
          digits_b = pb - start_b;
          if (digits_a != digits_b)
            return digits_a < digits_b ? -1 : 1;
          cmp = memcmp (start_a, start_b, digits_a);
          if (cmp != 0)
            return cmp < 0 ? -1 : 1;
          continue;
        }

      ca = next_compared_byte (&pa, end_a);
      cb = next_compared_byte (&pb, end_b);
      if (ca != cb)
        return ca < cb ? -1 : 1;
      if (ca == -1)
        return 0;
    }
}

static gboolean
has_non_ascii (const char *text)
{
  for (const char *c = text; *c; c++)
    if ((guchar)*c >= 0x80)
      return TRUE;

  return FALSE;
}

/**
 * orga_store_compare_divisions:
 *
 * Orders class names as a French reader does, and as the store sorts them:
 * case and accents ignored, numbers by value ("6e2" before "6e10"). Names
 * that read the same ("6A", "6a") still compare unequal, in a fixed order.
 */
int
orga_store_compare_divisions (const char *a,
                              const char *b)
{
  int cmp;

  if (a == NULL || b == NULL)
    return a == b ? 0 : a == NULL ? -1 : 1;

  /* Class names are nearly always ASCII: only accents need the full fold. */
  if (has_non_ascii (a) || has_non_ascii (b))
    {
      g_autofree char *folded_a = orga_text_fold (a);
      g_autofree char *folded_b = orga_text_fold (b);

      cmp = compare_natural_folded (folded_a, strlen (folded_a), folded_b, strlen (folded_b));
    }
  else
    {
      cmp = compare_natural_folded (a, strlen (a), b, strlen (b));
    }
  if (cmp != 0)
    return cmp;

  cmp = strcmp (a, b);
  return cmp < 0 ? -1 : cmp > 0;
}

void
_orga_store_fields_from_row (OrgaLearnerFields *f,
                             sqlite3_stmt      *stmt,
                             int                first)
{
  f->ine = orga_db_column_text (stmt, first + 0);
  f->last_name = orga_db_column_text (stmt, first + 1);
  f->preferred_last_name = orga_db_column_text (stmt, first + 2);
  f->first_name = orga_db_column_text (stmt, first + 3);
  f->middle_name = orga_db_column_text (stmt, first + 4);
  f->third_name = orga_db_column_text (stmt, first + 5);
  f->sex = orga_db_column_text (stmt, first + 6);
  f->birthdate = orga_db_column_text (stmt, first + 7);
  f->birth_country_code = orga_db_column_text (stmt, first + 8);
  f->birth_province_code = orga_db_column_text (stmt, first + 9);
  f->birth_city_code = orga_db_column_text (stmt, first + 10);
  f->birth_city = orga_db_column_text (stmt, first + 11);
  f->mef_code = orga_db_column_text (stmt, first + 12);
  f->status = orga_db_column_text (stmt, first + 13);
  f->division = orga_db_column_text (stmt, first + 14);
}

/* The order of every list of students: by folded name, then by INE,
 * unique in a school. The learners_by_name index (schema 005) follows it,
 * and so does OrgaLearnerList's compare_entries(), in C. */
#define LIST_ORDER "name_key, ine"

#define ROW_COLUMNS "id, uuid, " LEARNER_COLUMNS ", disabled_at, created_at, updated_at"

static void
row_from_stmt (OrgaLearnerRow *row,
               sqlite3_stmt   *stmt)
{
  row->id = sqlite3_column_int64 (stmt, 0);
  row->uuid = orga_db_column_text (stmt, 1);
  _orga_store_fields_from_row (&row->fields, stmt, 2);
  row->disabled_at = orga_db_column_text (stmt, 2 + N_LEARNER_COLUMNS);
  row->created_at = orga_db_column_text (stmt, 3 + N_LEARNER_COLUMNS);
  row->updated_at = orga_db_column_text (stmt, 4 + N_LEARNER_COLUMNS);
}

gboolean
orga_store_foreach_learner (OrgaStore              *self,
                            OrgaOrganization       *organization,
                            const OrgaLearnerQuery *query,
                            OrgaLearnerFunc         func,
                            gpointer                user_data,
                            GError                **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  g_return_val_if_fail (ORGA_IS_STORE (self), FALSE);
  g_return_val_if_fail (ORGA_IS_ORGANIZATION (organization), FALSE);
  g_return_val_if_fail (func != NULL, FALSE);

  stmt = _orga_store_prepare (self,
                              "SELECT " ROW_COLUMNS " "
                              "FROM learners WHERE organization_id = ?1 "
                              "AND (?2 OR disabled_at IS NULL) AND (?3 IS NULL OR division = ?3) "
                              "ORDER BY " LIST_ORDER, error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, orga_organization_get_id (organization));
  sqlite3_bind_int (stmt, 2, query != NULL && query->include_disabled);
  orga_db_bind_text (stmt, 3, query != NULL ? query->division : NULL);

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      OrgaLearnerRow row = { 0 };

      row_from_stmt (&row, stmt);
      if (!func (&row, user_data))
        return TRUE;
    }

  if (rc != SQLITE_DONE)
    return _orga_store_set_error (self, "learners", error);

  return TRUE;
}

/**
 * orga_store_foreach_learner_key:
 *
 * Calls @func for each active student, in no particular order, with what a
 * list needs to search, filter and sort without asking the database again:
 * one pass, read once per list and kept in memory. Sorting is left to the
 * caller: SQLite's sort of 50,000 unindexed rows took as long as the scan.
 */
gboolean
orga_store_foreach_learner_key (OrgaStore          *self,
                                OrgaOrganization   *organization,
                                OrgaLearnerKeyFunc  func,
                                gpointer            user_data,
                                GError            **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  g_return_val_if_fail (ORGA_IS_STORE (self), FALSE);
  g_return_val_if_fail (ORGA_IS_ORGANIZATION (organization), FALSE);
  g_return_val_if_fail (func != NULL, FALSE);

  stmt = _orga_store_prepare (self,
                              "SELECT id, name_key, division, ine FROM learners "
                              "WHERE organization_id = ?1 AND disabled_at IS NULL",
                              error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, orga_organization_get_id (organization));
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    if (!func (sqlite3_column_int64 (stmt, 0), orga_db_column_text (stmt, 1), orga_db_column_text (stmt, 2),
               orga_db_column_text (stmt, 3), user_data))
      return TRUE;

  if (rc != SQLITE_DONE)
    return _orga_store_set_error (self, "learners", error);

  return TRUE;
}

/**
 * orga_store_first_learner_ids:
 * @limit: how many ids at most
 * @ids: (element-type gint64): where the ids are appended
 * @total: (out): how many active students the school has
 *
 * The ids of the school's first @limit active students, in the order of
 * the lists, and their count: what a window shows first, read through the
 * learners_by_name index without sorting the whole school, the count from
 * learner_counts (orga_store_count_learners()).
 */
gboolean
orga_store_first_learner_ids (OrgaStore         *self,
                              OrgaOrganization  *organization,
                              guint              limit,
                              GArray            *ids,
                              guint             *total,
                              GError           **error)
{
  g_autoptr(sqlite3_stmt) first = NULL;
  g_autoptr(GError) local_error = NULL;
  int rc;

  g_return_val_if_fail (ORGA_IS_STORE (self), FALSE);
  g_return_val_if_fail (ORGA_IS_ORGANIZATION (organization), FALSE);
  g_return_val_if_fail (ids != NULL, FALSE);
  g_return_val_if_fail (total != NULL, FALSE);

  /* "disabled_at IS NULL" as the index's own WHERE says it, so that
   * SQLite takes the index. */
  first = _orga_store_prepare (self,
                               "SELECT id FROM learners WHERE organization_id = ?1 AND disabled_at IS NULL "
                               "ORDER BY " LIST_ORDER " LIMIT ?2",
                               error);
  if (first == NULL)
    return FALSE;

  sqlite3_bind_int64 (first, 1, orga_organization_get_id (organization));
  sqlite3_bind_int64 (first, 2, limit);
  while ((rc = sqlite3_step (first)) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (first, 0);

      g_array_append_val (ids, id);
    }
  if (rc != SQLITE_DONE)
    return _orga_store_set_error (self, "learners", error);

  *total = orga_store_count_learners (self, organization, FALSE, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  return TRUE;
}

/**
 * orga_store_count_participations_by_learner:
 *
 * How many participations count for each student of the school who has
 * any (latest attempt per campaign, not deleted): for sorting the list.
 *
 * Returns: (transfer full): learner id (gint64 *) → count (GUINT_TO_POINTER)
 */
GHashTable *
orga_store_count_participations_by_learner (OrgaStore         *self,
                                            OrgaOrganization  *organization,
                                            GError           **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GHashTable) counts = NULL;
  int rc;

  g_return_val_if_fail (ORGA_IS_STORE (self), NULL);
  g_return_val_if_fail (ORGA_IS_ORGANIZATION (organization), NULL);

  stmt = _orga_store_prepare (self,
                              "SELECT p.learner_id, count(*) FROM participations p "
                              "JOIN learners l ON l.id = p.learner_id "
                              "WHERE l.organization_id = ?1 AND p.deleted_at IS NULL AND p.is_improved = 0 "
                              "GROUP BY p.learner_id",
                              error);
  if (stmt == NULL)
    return NULL;

  sqlite3_bind_int64 (stmt, 1, orga_organization_get_id (organization));
  counts = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 *id = g_new (gint64, 1);

      *id = sqlite3_column_int64 (stmt, 0);
      g_hash_table_insert (counts, id, GUINT_TO_POINTER (sqlite3_column_int (stmt, 1)));
    }

  if (rc != SQLITE_DONE)
    {
      _orga_store_set_error (self, "participations", error);
      return NULL;
    }

  return g_steal_pointer (&counts);
}

/**
 * orga_store_rank_last_participations:
 *
 * For each student of the school who has a participation that counts (the
 * one "Dernière participation" shows, as orga_store_fetch_learners_by_id()
 * reads it), the rank of its date among theirs: 1 for the oldest, the same
 * rank for the same instant. For sorting the list.
 *
 * Returns: (transfer full): learner id (gint64 *) → rank (GUINT_TO_POINTER)
 */
GHashTable *
orga_store_rank_last_participations (OrgaStore         *self,
                                     OrgaOrganization  *organization,
                                     GError           **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GHashTable) ranks = NULL;
  g_autofree char *previous = NULL;
  guint rank = 0;
  int rc;

  g_return_val_if_fail (ORGA_IS_STORE (self), NULL);
  g_return_val_if_fail (ORGA_IS_ORGANIZATION (organization), NULL);

  /* ISO 8601 UTC timestamps of one format: text order is time order. */
  stmt = _orga_store_prepare (self,
                              "SELECT p.learner_id, max(p.created_at) AS last FROM participations p "
                              "JOIN learners l ON l.id = p.learner_id "
                              "WHERE l.organization_id = ?1 AND p.deleted_at IS NULL AND p.is_improved = 0 "
                              "GROUP BY p.learner_id ORDER BY last",
                              error);
  if (stmt == NULL)
    return NULL;

  sqlite3_bind_int64 (stmt, 1, orga_organization_get_id (organization));
  ranks = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *last = orga_db_column_text (stmt, 1);
      gint64 *id = g_new (gint64, 1);

      if (rank == 0 || g_strcmp0 (last, previous) != 0)
        {
          rank++;
          g_free (previous);
          previous = g_strdup (last);
        }

      *id = sqlite3_column_int64 (stmt, 0);
      g_hash_table_insert (ranks, id, GUINT_TO_POINTER (rank));
    }

  if (rc != SQLITE_DONE)
    {
      _orga_store_set_error (self, "participations", error);
      return NULL;
    }

  return g_steal_pointer (&ranks);
}

/* Spec §2.3: a student's certifiability is the is_certifiable of their
 * latest shared participation (by shared_at) in a profiles collection
 * that is not deleted, improved or not: a retry not sent yet leaves the
 * status its previous sending gave. With a single max(), SQLite takes
 * is_certifiable from that row. The list's rows and its filter read it
 * through this one clause, on the participations_by_learner index. */
#define CERTIFIABILITY_SELECT \
  "SELECT p.learner_id, max(p.shared_at), p.is_certifiable " ORGA_STORE_LATEST_PROFILE_FROM

/**
 * orga_store_certifiability_by_learner:
 *
 * The certifiability of each student of the school whose profile was
 * received (spec §2.3), for the list's filter: the students absent from
 * the table have none ("Non communiqué").
 *
 * Returns: (transfer full): learner id (gint64 *) → #OrgaCertifiability
 *   (GUINT_TO_POINTER)
 */
GHashTable *
orga_store_certifiability_by_learner (OrgaStore         *self,
                                      OrgaOrganization  *organization,
                                      GError           **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GHashTable) statuses = NULL;
  int rc;

  g_return_val_if_fail (ORGA_IS_STORE (self), NULL);
  g_return_val_if_fail (ORGA_IS_ORGANIZATION (organization), NULL);

  stmt = _orga_store_prepare (self,
                              CERTIFIABILITY_SELECT
                              "AND p.learner_id IN (SELECT id FROM learners WHERE organization_id = ?1) "
                              "GROUP BY p.learner_id",
                              error);
  if (stmt == NULL)
    return NULL;

  sqlite3_bind_int64 (stmt, 1, orga_organization_get_id (organization));
  statuses = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 *id;
      OrgaCertifiability status;

      if (sqlite3_column_type (stmt, 2) == SQLITE_NULL)
        continue;
      status = sqlite3_column_int (stmt, 2) != 0 ? ORGA_CERTIFIABILITY_ELIGIBLE : ORGA_CERTIFIABILITY_NON_ELIGIBLE;
      id = g_new (gint64, 1);
      *id = sqlite3_column_int64 (stmt, 0);
      g_hash_table_insert (statuses, id, GUINT_TO_POINTER (status));
    }

  if (rc != SQLITE_DONE)
    {
      _orga_store_set_error (self, "participations", error);
      return NULL;
    }

  return g_steal_pointer (&statuses);
}

/* Enough for a screenful in one statement, well under SQLite's limit on
 * parameters. */
#define FETCH_CHUNK 256

typedef struct
{
  gint64      learner_id;
  guint       count;
  const char *created_at;
  const char *campaign;
  const char *type;
  const char *status;
  guint       certifiability;   /* OrgaCertifiability; 0 when none received */
  const char *certifiable_at;
} ParticipationSummary;

static ParticipationSummary *
lookup_summary (GHashTable *summaries,
                gint64      learner_id)
{
  ParticipationSummary *one = g_hash_table_lookup (summaries, &learner_id);

  if (one == NULL)
    {
      one = g_new0 (ParticipationSummary, 1);
      one->learner_id = learner_id;
      g_hash_table_insert (summaries, &one->learner_id, one);
    }
  return one;
}

/**
 * orga_store_fetch_learners_by_id:
 * @ids: (array length=n_ids): learner ids
 *
 * Calls @func for each learner of @ids that exists, active or not, in no
 * particular order; ids that are not found are skipped.
 */
gboolean
orga_store_fetch_learners_by_id (OrgaStore        *self,
                                 const gint64     *ids,
                                 guint             n_ids,
                                 OrgaLearnerFunc   func,
                                 gpointer          user_data,
                                 GError          **error)
{
  g_return_val_if_fail (ORGA_IS_STORE (self), FALSE);
  g_return_val_if_fail (ids != NULL || n_ids == 0, FALSE);
  g_return_val_if_fail (func != NULL, FALSE);

  for (guint start = 0; start < n_ids; start += FETCH_CHUNK)
    {
      g_autoptr(GString) sql = g_string_new ("SELECT " ROW_COLUMNS ", "
                                             "(SELECT a.methods FROM student_accounts a WHERE a.learner_uuid = learners.uuid "
                                             "AND a.organization_id = learners.organization_id) "
                                             "FROM learners WHERE id IN (?");
      g_autoptr(GString) summary_sql = NULL;
      g_autoptr(sqlite3_stmt) stmt = NULL;
      g_autoptr(sqlite3_stmt) summary = NULL;
      g_autoptr(GString) certifiability_sql = NULL;
      g_autoptr(sqlite3_stmt) certifiability = NULL;
      g_autoptr(GHashTable) summaries = g_hash_table_new_full (g_int64_hash, g_int64_equal, NULL, g_free);
      g_autoptr(GStringChunk) strings = g_string_chunk_new (1024);
      ParticipationSummary *one;
      guint n = MIN (FETCH_CHUNK, n_ids - start);
      int rc;

      for (guint i = 1; i < n; i++)
        g_string_append (sql, ", ?");
      g_string_append_c (sql, ')');

      /* Each student's participations that count, and the latest of them:
       * with a single max(), SQLite takes the other columns from that row. */
      summary_sql = g_string_new ("SELECT p.learner_id, count(*), max(p.created_at), c.name, c.type, p.status "
                                  "FROM participations p JOIN campaigns c ON c.id = p.campaign_id "
                                  "WHERE p.deleted_at IS NULL AND p.is_improved = 0 AND p.learner_id IN (?");
      for (guint i = 1; i < n; i++)
        g_string_append (summary_sql, ", ?");
      g_string_append (summary_sql, ") GROUP BY p.learner_id");

      /* Their certifiability, from the same students' participations
       * on the same index: one more statement a page, not one a row. */
      certifiability_sql = g_string_new (CERTIFIABILITY_SELECT "AND p.learner_id IN (?");
      for (guint i = 1; i < n; i++)
        g_string_append (certifiability_sql, ", ?");
      g_string_append (certifiability_sql, ") GROUP BY p.learner_id");

      if (sqlite3_prepare_v2 (_orga_store_get_db (self), sql->str, -1, &stmt, NULL) != SQLITE_OK ||
          sqlite3_prepare_v2 (_orga_store_get_db (self), summary_sql->str, -1, &summary, NULL) != SQLITE_OK ||
          sqlite3_prepare_v2 (_orga_store_get_db (self), certifiability_sql->str, -1, &certifiability, NULL) != SQLITE_OK)
        return _orga_store_set_error (self, "prepare", error);
      for (guint i = 0; i < n; i++)
        {
          sqlite3_bind_int64 (stmt, i + 1, ids[start + i]);
          sqlite3_bind_int64 (summary, i + 1, ids[start + i]);
          sqlite3_bind_int64 (certifiability, i + 1, ids[start + i]);
        }

      while ((rc = sqlite3_step (summary)) == SQLITE_ROW)
        {
          ParticipationSummary *read = lookup_summary (summaries, sqlite3_column_int64 (summary, 0));

          read->count = sqlite3_column_int (summary, 1);
          read->created_at = g_string_chunk_insert (strings, orga_db_column_text (summary, 2));
          read->campaign = g_string_chunk_insert (strings, orga_db_column_text (summary, 3) ?: "");
          read->type = g_string_chunk_insert (strings, orga_db_column_text (summary, 4) ?: "");
          read->status = g_string_chunk_insert (strings, orga_db_column_text (summary, 5) ?: "");
        }
      if (rc != SQLITE_DONE)
        return _orga_store_set_error (self, "participations", error);

      while ((rc = sqlite3_step (certifiability)) == SQLITE_ROW)
        {
          ParticipationSummary *read;

          if (sqlite3_column_type (certifiability, 2) == SQLITE_NULL)
            continue;
          read = lookup_summary (summaries, sqlite3_column_int64 (certifiability, 0));
          read->certifiability = sqlite3_column_int (certifiability, 2) != 0 ? ORGA_CERTIFIABILITY_ELIGIBLE
                                                                               : ORGA_CERTIFIABILITY_NON_ELIGIBLE;
          read->certifiable_at = g_string_chunk_insert (strings, orga_db_column_text (certifiability, 1));
        }
      if (rc != SQLITE_DONE)
        return _orga_store_set_error (self, "participations", error);

      while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
        {
          OrgaLearnerRow row = { 0 };

          row_from_stmt (&row, stmt);
          /* The account's methods, after ROW_COLUMNS (schema 006). */
          row.login_methods = sqlite3_column_int (stmt, 2 + N_LEARNER_COLUMNS + 3);
          one = g_hash_table_lookup (summaries, &row.id);
          if (one != NULL)
            {
              row.participation_count = one->count;
              row.last_participation_at = one->created_at;
              row.last_participation_campaign = one->campaign;
              row.last_participation_type = one->type;
              row.last_participation_status = one->status;
              row.certifiability = one->certifiability;
              row.certifiable_at = one->certifiable_at;
            }
          if (!func (&row, user_data))
            return TRUE;
        }

      if (rc != SQLITE_DONE)
        return _orga_store_set_error (self, "learners", error);
    }

  return TRUE;
}

static int
compare_division_pointers (gconstpointer a,
                           gconstpointer b)
{
  return orga_store_compare_divisions (*(const char * const *)a, *(const char * const *)b);
}

/**
 * orga_store_list_divisions:
 *
 * Returns: (transfer full): the classes of the active students, in the
 *   order of orga_store_compare_divisions()
 */
GStrv
orga_store_list_divisions (OrgaStore         *self,
                           OrgaOrganization  *organization,
                           GError           **error)
{
  g_autoptr(GPtrArray) divisions = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  g_return_val_if_fail (ORGA_IS_STORE (self), NULL);
  g_return_val_if_fail (ORGA_IS_ORGANIZATION (organization), NULL);

  stmt = _orga_store_prepare (self,
                              "SELECT DISTINCT division FROM learners "
                              "WHERE organization_id = ?1 AND disabled_at IS NULL AND division IS NOT NULL", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, orga_organization_get_id (organization));

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (divisions, g_strdup (orga_db_column_text (stmt, 0)));

  if (rc != SQLITE_DONE)
    {
      _orga_store_set_error (self, "divisions", error);
      return NULL;
    }

  g_ptr_array_sort (divisions, compare_division_pointers);
  g_ptr_array_add (divisions, NULL);

  return (GStrv)g_ptr_array_free (g_steal_pointer (&divisions), FALSE);
}

guint
orga_store_count_learners (OrgaStore         *self,
                           OrgaOrganization  *organization,
                           gboolean           include_disabled,
                           GError           **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  g_return_val_if_fail (ORGA_IS_STORE (self), 0);
  g_return_val_if_fail (ORGA_IS_ORGANIZATION (organization), 0);

  /* The active ones are counted as they are written (schema/008): no
   * school's students are read for it. */
  if (include_disabled)
    stmt = _orga_store_prepare (self, "SELECT count(*) FROM learners WHERE organization_id = ?1", error);
  else
    stmt = _orga_store_prepare (self, "SELECT active FROM learner_counts WHERE organization_id = ?1", error);
  if (stmt == NULL)
    return 0;

  sqlite3_bind_int64 (stmt, 1, orga_organization_get_id (organization));

  rc = sqlite3_step (stmt);
  if (rc == SQLITE_DONE)
    return 0;
  if (rc != SQLITE_ROW)
    {
      _orga_store_set_error (self, "count", error);
      return 0;
    }

  return sqlite3_column_int (stmt, 0);
}
