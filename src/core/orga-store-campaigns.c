/* orga-store-campaigns.c: campaigns, participations and demonstration data
 *
 * Every write is one transaction. Participations are written and read in
 * bulk: a campaign of a large lycée network can hold 100,000 of them, so
 * one prepared statement is reused for the whole set and the checks that
 * need the other rows (the learner belongs to the school, earlier
 * attempts) are answered from sorted arrays read once.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "orga-store"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "orga-store-campaigns.h"
#include "orga-store-private.h"
#include "orga-sync-wire.h"
#include "orga-text.h"

#define CODE_RAND_KEY "orga-campaign-code-rand"

/* ---- small helpers ---------------------------------------------------- */

/* Each operation is a transaction of its own, or a savepoint when the
 * caller groups several (orga_store_begin(): the demonstration data). */
static gboolean
begin (OrgaStore  *self,
       GError    **error)
{
  return orga_store_begin (self, error);
}

static gboolean
commit (OrgaStore  *self,
        GError    **error)
{
  return orga_store_commit (self, error);
}

/* Always returns FALSE, so that failures read `return rollback (self);`. */
static gboolean
rollback (OrgaStore *self)
{
  orga_store_rollback (self);
  return FALSE;
}

/* What users type, as it is stored: valid UTF-8 without white space at
 * either end (the same trimming as the validation); NULL when nothing is
 * left. */
static char *
dup_trimmed (const char *text)
{
  g_autofree char *valid = NULL;
  const char *start;
  const char *end;

  if (text == NULL)
    return NULL;

  valid = g_utf8_make_valid (text, -1);
  start = valid;
  while (*start && g_unichar_isspace (g_utf8_get_char (start)))
    start = g_utf8_next_char (start);
  end = start + strlen (start);
  while (end > start)
    {
      const char *prev = g_utf8_prev_char (end);

      if (!g_unichar_isspace (g_utf8_get_char (prev)))
        break;
      end = prev;
    }

  return end > start ? g_strndup (start, end - start) : NULL;
}

/* name_key and owner_key: what users type, trimmed as it is stored,
 * folded for an accent- and case-insensitive search. Also the keys of
 * the campaigns a sync pulls (orga-store-sync.c). */
char *
_orga_store_campaign_key (const char *text)
{
  g_autofree char *trimmed = dup_trimmed (text);

  return orga_text_fold (trimmed);
}

/* The key a search term is looked up with: folded like name_key, without
 * the trailing space folding keeps; NULL for a blank term. */
static char *
search_key (const char *text)
{
  g_autofree char *trimmed = dup_trimmed (text);
  char *key;

  if (trimmed == NULL)
    return NULL;
  key = orga_text_fold (trimmed);
  g_strchomp (key);
  if (*key == '\0')
    {
      g_free (key);
      return NULL;
    }
  return key;
}

/* Participations carry Unix seconds; the store keeps the same text as
 * orga_store_now() so that every timestamp sorts alike. */
static void
format_unix_time (gint64  t,
                  char    out[64])
{
  time_t tt = (time_t) t;
  struct tm tm;

  if (gmtime_r (&tt, &tm) == NULL)
    memset (&tm, 0, sizeof tm);
  snprintf (out, 64, "%04d-%02d-%02dT%02d:%02d:%02d.000000Z",
            tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec);
}

static gint64
days_from_civil (gint64 y,
                 guint  m,
                 guint  d)
{
  gint64 era;
  guint yoe, doy, doe;

  y -= m <= 2;
  era = (y >= 0 ? y : y - 399) / 400;
  yoe = (guint) (y - era * 400);
  doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
  doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;

  return era * 146097 + (gint64) doe - 719468;
}

static gboolean
read_digits (const char *p,
             guint       n,
             guint      *value)
{
  *value = 0;
  for (guint i = 0; i < n; i++)
    {
      if (!g_ascii_isdigit (p[i]))
        return FALSE;
      *value = *value * 10 + (p[i] - '0');
    }
  return TRUE;
}

/* "2026-09-14T08:05:00.000000Z" → Unix seconds; 0 for NULL. The store
 * writes this one shape, read 100,000 times per campaign: parsed by hand,
 * with GDateTime for anything else. */
static gint64
parse_time (const char *text)
{
  guint y, mo, d, h, mi, s;

  if (text == NULL)
    return 0;

  if (strlen (text) >= 20 &&
      read_digits (text, 4, &y) && text[4] == '-' &&
      read_digits (text + 5, 2, &mo) && text[7] == '-' &&
      read_digits (text + 8, 2, &d) && text[10] == 'T' &&
      read_digits (text + 11, 2, &h) && text[13] == ':' &&
      read_digits (text + 14, 2, &mi) && text[16] == ':' &&
      read_digits (text + 17, 2, &s) &&
      text[strlen (text) - 1] == 'Z' &&
      mo >= 1 && mo <= 12 && d >= 1 && d <= 31)
    return days_from_civil (y, mo, d) * 86400 + h * 3600 + mi * 60 + s;

  {
    g_autoptr(GDateTime) dt = g_date_time_new_from_iso8601 (text, NULL);

    return dt != NULL ? g_date_time_to_unix (dt) : 0;
  }
}

static int
compare_int64 (const void *a,
               const void *b)
{
  gint64 x = *(const gint64 *)a;
  gint64 y = *(const gint64 *)b;

  return (x > y) - (x < y);
}

/* ---- campaigns -------------------------------------------------------- */

#define CAMPAIGN_COLUMNS \
  "c.id, c.uuid, c.code, c.name, c.type, c.target_profile_id, c.owner, c.creator, c.title, " \
  "c.landing_text, c.external_id_type, c.external_id_label, c.multiple_sendings, c.created_at, " \
  "c.archived_at, c.archived_by"

/* Participants and results received of one campaign, from the covering
 * index participations_by_campaign. */
#define CAMPAIGN_COUNTS \
  "(SELECT COUNT(*) FROM participations p " \
  "   WHERE p.campaign_id = c.id AND p.is_improved = 0 AND p.deleted_at IS NULL), " \
  "(SELECT COUNT(*) FROM participations p " \
  "   WHERE p.campaign_id = c.id AND p.is_improved = 0 AND p.status = 'SHARED' AND p.deleted_at IS NULL)"

static OrgaCampaign *
campaign_from_stmt (sqlite3_stmt *stmt)
{
  OrgaCampaignRow row = { 0 };

  row.id = sqlite3_column_int64 (stmt, 0);
  row.uuid = orga_db_column_text (stmt, 1);
  row.code = orga_db_column_text (stmt, 2);
  row.spec.name = orga_db_column_text (stmt, 3);
  if (!orga_campaign_type_from_string (orga_db_column_text (stmt, 4), &row.spec.type))
    row.spec.type = ORGA_CAMPAIGN_TYPE_ASSESSMENT;
  row.spec.target_profile_id = orga_db_column_text (stmt, 5);
  row.spec.owner = orga_db_column_text (stmt, 6);
  row.spec.creator = orga_db_column_text (stmt, 7);
  row.spec.title = orga_db_column_text (stmt, 8);
  row.spec.landing_text = orga_db_column_text (stmt, 9);
  if (!orga_external_id_type_from_string (orga_db_column_text (stmt, 10), &row.spec.external_id_type))
    row.spec.external_id_type = ORGA_EXTERNAL_ID_NONE;
  row.spec.external_id_label = orga_db_column_text (stmt, 11);
  row.spec.multiple_sendings = sqlite3_column_int (stmt, 12) != 0;
  row.created_at = orga_db_column_text (stmt, 13);
  row.archived_at = orga_db_column_text (stmt, 14);
  row.archived_by = orga_db_column_text (stmt, 15);
  row.participants = (guint) sqlite3_column_int64 (stmt, 16);
  row.shared = (guint) sqlite3_column_int64 (stmt, 17);

  return orga_campaign_new_from_row (&row);
}

static void
set_not_found (GError **error)
{
  g_set_error_literal (error, ORGA_CAMPAIGN_ERROR, ORGA_CAMPAIGN_ERROR_NOT_FOUND,
                       _("This campaign does not exist or has been deleted."));
}

/* Binds @campaign_id to ?1 of @stmt, a query of the campaign's row that
 * leaves deleted campaigns out, and steps to that row: "not found" when
 * there is none. */
static gboolean
step_campaign_row (OrgaStore     *self,
                   sqlite3_stmt  *stmt,
                   gint64         campaign_id,
                   GError       **error)
{
  int rc;

  sqlite3_bind_int64 (stmt, 1, campaign_id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_DONE)
    {
      set_not_found (error);
      return FALSE;
    }
  if (rc != SQLITE_ROW)
    return _orga_store_set_error (self, "campaigns", error);

  return TRUE;
}

void
_orga_store_set_campaign_code_rand (OrgaStore *self,
                                    GRand     *rand)
{
  g_return_if_fail (ORGA_IS_STORE (self));

  g_object_set_data_full (G_OBJECT (self), CODE_RAND_KEY, rand, (GDestroyNotify) g_rand_free);
}

/* A code no campaign has ever had, deleted ones included (Pix's
 * isCodeAvailable); called inside the creating transaction so that
 * another process cannot take it meanwhile. */
static char *
draw_free_code (OrgaStore  *self,
                GError    **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  GRand *rand = g_object_get_data (G_OBJECT (self), CODE_RAND_KEY);

  stmt = _orga_store_prepare (self, "SELECT 1 FROM campaigns WHERE code = ?1", error);
  if (stmt == NULL)
    return NULL;

  /* 24⁶ × 9³ ≈ 1.4 × 10¹¹ codes: a collision is rare and a long run of
   * them means something else is wrong. */
  for (guint attempt = 0; attempt < 1000; attempt++)
    {
      g_autofree char *code = orga_campaign_code_generate (rand);
      int rc;

      sqlite3_reset (stmt);
      orga_db_bind_text (stmt, 1, code);
      rc = sqlite3_step (stmt);
      if (rc == SQLITE_DONE)
        return g_steal_pointer (&code);
      if (rc != SQLITE_ROW)
        {
          _orga_store_set_error (self, "campaign code", error);
          return NULL;
        }
    }

  g_set_error_literal (error, ORGA_STORE_ERROR, ORGA_STORE_ERROR_FAILED,
                       _("No free campaign code could be found."));
  return NULL;
}

OrgaCampaign *
orga_store_create_campaign (OrgaStore               *self,
                            OrgaOrganization        *organization,
                            const OrgaCampaignSpec  *spec,
                            GError                 **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *name = NULL;
  g_autofree char *name_key = NULL;
  g_autofree char *owner = NULL;
  g_autofree char *owner_key = NULL;
  g_autofree char *creator = NULL;
  g_autofree char *title = NULL;
  g_autofree char *landing_text = NULL;
  g_autofree char *label = NULL;
  g_autofree char *uuid = NULL;
  g_autofree char *now = NULL;
  g_autofree char *code = NULL;
  g_autofree char *owner_id = NULL;
  gint64 id;

  g_return_val_if_fail (ORGA_IS_STORE (self), NULL);
  g_return_val_if_fail (ORGA_IS_ORGANIZATION (organization), NULL);
  g_return_val_if_fail (spec != NULL, NULL);

  if (!orga_campaign_spec_validate (spec, error))
    return NULL;

  name = dup_trimmed (spec->name);
  name_key = _orga_store_campaign_key (name);
  owner = dup_trimmed (spec->owner);
  owner_key = _orga_store_campaign_key (owner);
  creator = dup_trimmed (spec->creator);
  if (creator == NULL)
    creator = g_strdup (owner);
  title = dup_trimmed (spec->title);
  landing_text = dup_trimmed (spec->landing_text);
  label = dup_trimmed (spec->external_id_label);
  uuid = orga_store_new_uuid ();
  now = orga_store_now ();
  owner_id = _orga_store_sync_dup_owner_id (self, owner);

  if (!begin (self, error))
    return NULL;

  code = draw_free_code (self, error);
  if (code == NULL)
    {
      rollback (self);
      return NULL;
    }

  stmt = _orga_store_prepare (self,
                              "INSERT INTO campaigns (uuid, organization_id, code, name, name_key, type, "
                              "  target_profile_id, owner, owner_key, creator, title, landing_text, "
                              "  external_id_type, external_id_label, multiple_sendings, created_at, updated_at, owner_id) "
                              "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?16, ?17)",
                              error);
  if (stmt == NULL)
    {
      rollback (self);
      return NULL;
    }

  orga_db_bind_text (stmt, 1, uuid);
  sqlite3_bind_int64 (stmt, 2, orga_organization_get_id (organization));
  orga_db_bind_text (stmt, 3, code);
  orga_db_bind_text (stmt, 4, name);
  orga_db_bind_text (stmt, 5, name_key);
  orga_db_bind_text (stmt, 6, orga_campaign_type_to_string (spec->type));
  orga_db_bind_text (stmt, 7, spec->type == ORGA_CAMPAIGN_TYPE_ASSESSMENT ? spec->target_profile_id : NULL);
  orga_db_bind_text (stmt, 8, owner);
  orga_db_bind_text (stmt, 9, owner_key);
  orga_db_bind_text (stmt, 10, creator);
  orga_db_bind_text (stmt, 11, title);
  orga_db_bind_text (stmt, 12, landing_text);
  orga_db_bind_text (stmt, 13, label != NULL ? orga_external_id_type_to_string (spec->external_id_type) : NULL);
  orga_db_bind_text (stmt, 14, label);
  sqlite3_bind_int (stmt, 15, spec->multiple_sendings ? 1 : 0);
  orga_db_bind_text (stmt, 16, now);
  orga_db_bind_text (stmt, 17, owner_id);

  if (!_orga_store_step_done (self, stmt, "campaigns", error))
    {
      rollback (self);
      return NULL;
    }
  id = sqlite3_last_insert_rowid (_orga_store_get_db (self));
  if (!_orga_store_sync_queue_campaign (self, id, ORGA_SYNC_CAMPAIGN_CREATE, NULL, now, error))
    {
      rollback (self);
      return NULL;
    }
  _orga_store_mark (self, ORGA_STORE_CHANGE_CAMPAIGNS, id);

  if (!commit (self, error))
    return NULL;

  return orga_store_get_campaign (self, id, error);
}

GPtrArray *
orga_store_list_campaigns (OrgaStore               *self,
                           OrgaOrganization        *organization,
                           const OrgaCampaignQuery *query,
                           GError                 **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GPtrArray) campaigns = NULL;
  g_autofree char *name_key = NULL;
  g_autofree char *owner_key = NULL;
  int rc;

  g_return_val_if_fail (ORGA_IS_STORE (self), NULL);
  g_return_val_if_fail (ORGA_IS_ORGANIZATION (organization), NULL);

  /* One pass over the participations index counts every campaign at once,
   * instead of two lookups per listed campaign. */
  stmt = _orga_store_prepare (self,
                              "SELECT " CAMPAIGN_COLUMNS ", IFNULL (n.participants, 0), IFNULL (n.shared, 0) "
                              "FROM campaigns c "
                              "LEFT JOIN (SELECT campaign_id, COUNT(*) AS participants, "
                              "                  SUM (status = 'SHARED') AS shared "
                              "           FROM participations "
                              "           WHERE is_improved = 0 AND deleted_at IS NULL "
                              "           GROUP BY campaign_id) n ON n.campaign_id = c.id "
                              "WHERE c.organization_id = ?1 AND c.deleted_at IS NULL "
                              "  AND (c.archived_at IS NOT NULL) = ?2 "
                              "  AND (?3 IS NULL OR c.owner = ?3) "
                              "  AND (?4 IS NULL OR instr (c.name_key, ?4) > 0) "
                              "  AND (?5 IS NULL OR instr (c.owner_key, ?5) > 0) "
                              "ORDER BY c.created_at DESC, c.id DESC",
                              error);
  if (stmt == NULL)
    return NULL;

  if (query != NULL)
    {
      name_key = search_key (query->search);
      owner_key = search_key (query->owner_search);
    }

  sqlite3_bind_int64 (stmt, 1, orga_organization_get_id (organization));
  sqlite3_bind_int (stmt, 2, query != NULL && query->archived ? 1 : 0);
  orga_db_bind_text (stmt, 3, query != NULL ? query->owner : NULL);
  orga_db_bind_text (stmt, 4, name_key);
  orga_db_bind_text (stmt, 5, owner_key);

  campaigns = g_ptr_array_new_with_free_func (g_object_unref);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (campaigns, campaign_from_stmt (stmt));

  if (rc != SQLITE_DONE)
    {
      _orga_store_set_error (self, "campaigns", error);
      return NULL;
    }

  return g_steal_pointer (&campaigns);
}

OrgaCampaign *
orga_store_get_campaign (OrgaStore  *self,
                         gint64      campaign_id,
                         GError    **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  g_return_val_if_fail (ORGA_IS_STORE (self), NULL);

  stmt = _orga_store_prepare (self,
                              "SELECT " CAMPAIGN_COLUMNS ", " CAMPAIGN_COUNTS " FROM campaigns c "
                              "WHERE c.id = ?1 AND c.deleted_at IS NULL",
                              error);
  if (stmt == NULL)
    return NULL;

  if (!step_campaign_row (self, stmt, campaign_id, error))
    return NULL;

  return campaign_from_stmt (stmt);
}

OrgaCampaign *
orga_store_find_campaign_by_code (OrgaStore         *self,
                                  OrgaOrganization  *organization,
                                  const char        *code,
                                  GError           **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *trimmed = NULL;
  g_autofree char *upper = NULL;
  int rc;

  g_return_val_if_fail (ORGA_IS_STORE (self), NULL);
  g_return_val_if_fail (ORGA_IS_ORGANIZATION (organization), NULL);

  /* Codes are read aloud and typed in any case: "abcdef123" is ABCDEF123. */
  trimmed = dup_trimmed (code);
  upper = trimmed != NULL ? g_ascii_strup (trimmed, -1) : g_strdup ("");

  stmt = _orga_store_prepare (self,
                              "SELECT " CAMPAIGN_COLUMNS ", " CAMPAIGN_COUNTS " FROM campaigns c "
                              "WHERE c.organization_id = ?1 AND c.code = ?2 AND c.deleted_at IS NULL",
                              error);
  if (stmt == NULL)
    return NULL;

  sqlite3_bind_int64 (stmt, 1, orga_organization_get_id (organization));
  orga_db_bind_text (stmt, 2, upper);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    return campaign_from_stmt (stmt);
  if (rc == SQLITE_DONE)
    g_set_error (error, ORGA_CAMPAIGN_ERROR, ORGA_CAMPAIGN_ERROR_NOT_FOUND,
                 _("No campaign has the code “%s”."), upper);
  else
    _orga_store_set_error (self, "campaigns", error);

  return NULL;
}

gboolean
orga_store_update_campaign (OrgaStore   *self,
                            gint64       campaign_id,
                            const char  *name,
                            const char  *title,
                            const char  *landing_text,
                            const char  *owner,
                            GError     **error)
{
  g_autoptr(OrgaCampaign) campaign = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *new_name = NULL;
  g_autofree char *name_key = NULL;
  g_autofree char *new_owner = NULL;
  g_autofree char *owner_key = NULL;
  g_autofree char *new_title = NULL;
  g_autofree char *new_landing = NULL;
  g_autofree char *now = NULL;
  g_autofree char *owner_id = NULL;
  g_autoptr(JsonObject) before = NULL;
  OrgaCampaignSpec spec;

  g_return_val_if_fail (ORGA_IS_STORE (self), FALSE);

  if (!begin (self, error))
    return FALSE;

  /* Read inside the transaction: the fixed fields checked below are those
   * the update is written over. */
  campaign = orga_store_get_campaign (self, campaign_id, error);
  if (campaign == NULL)
    return rollback (self);

  /* The type, target profile, external id and multiple sendings are fixed
   * once created; the rest is validated as at creation. Archived
   * campaigns stay editable, as in Pix Orga. */
  orga_campaign_to_spec (campaign, &spec);
  spec.name = name;
  spec.title = title;
  spec.landing_text = landing_text;
  spec.owner = owner;
  if (!orga_campaign_spec_validate (&spec, error))
    return rollback (self);

  new_name = dup_trimmed (name);
  name_key = _orga_store_campaign_key (new_name);
  new_owner = dup_trimmed (owner);
  owner_key = _orga_store_campaign_key (new_owner);
  new_title = dup_trimmed (title);
  new_landing = dup_trimmed (landing_text);
  now = orga_store_now ();
  owner_id = _orga_store_sync_dup_owner_id (self, new_owner);

  /* The same values: nothing to write, not even the time, which would
   * then differ from the other desktops' for no change they could see. */
  if (g_strcmp0 (new_name, orga_campaign_get_name (campaign)) == 0 &&
      g_strcmp0 (new_title, orga_campaign_get_title (campaign)) == 0 &&
      g_strcmp0 (new_landing, orga_campaign_get_landing_text (campaign)) == 0 &&
      g_strcmp0 (new_owner, orga_campaign_get_owner (campaign)) == 0)
    return commit (self, error);

  /* What it was, so that the sync sends only the fields that changed. */
  before = _orga_store_sync_read_campaign (self, campaign_id, error);
  if (before == NULL)
    return rollback (self);

  /* The owner's user id follows a new owner only. */
  stmt = _orga_store_prepare (self,
                              "UPDATE campaigns SET name = ?2, name_key = ?3, title = ?4, landing_text = ?5, "
                              "  owner_id = CASE WHEN owner IS ?6 THEN owner_id ELSE ?9 END, "
                              "  owner = ?6, owner_key = ?7, updated_at = ?8 "
                              "WHERE id = ?1",
                              error);
  if (stmt == NULL)
    return rollback (self);
  orga_db_bind_text (stmt, 9, owner_id);

  sqlite3_bind_int64 (stmt, 1, campaign_id);
  orga_db_bind_text (stmt, 2, new_name);
  orga_db_bind_text (stmt, 3, name_key);
  orga_db_bind_text (stmt, 4, new_title);
  orga_db_bind_text (stmt, 5, new_landing);
  orga_db_bind_text (stmt, 6, new_owner);
  orga_db_bind_text (stmt, 7, owner_key);
  orga_db_bind_text (stmt, 8, now);
  if (!_orga_store_step_done (self, stmt, "campaigns", error) ||
      !_orga_store_sync_queue_campaign (self, campaign_id, ORGA_SYNC_CAMPAIGN_UPDATE, before, now, error))
    return rollback (self);
  _orga_store_mark (self, ORGA_STORE_CHANGE_CAMPAIGNS, campaign_id);

  return commit (self, error);
}

/* Whether the campaign exists (not deleted) and is archived, read inside
 * the caller's transaction. */
static gboolean
read_archived (OrgaStore  *self,
               gint64      campaign_id,
               gboolean   *archived,
               GError    **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  stmt = _orga_store_prepare (self,
                              "SELECT archived_at IS NOT NULL FROM campaigns "
                              "WHERE id = ?1 AND deleted_at IS NULL",
                              error);
  if (stmt == NULL)
    return FALSE;

  if (!step_campaign_row (self, stmt, campaign_id, error))
    return FALSE;

  *archived = sqlite3_column_int (stmt, 0) != 0;
  return TRUE;
}

static gboolean
set_archived (OrgaStore   *self,
              gint64       campaign_id,
              const char  *archived_by,
              gboolean     archive,
              GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *now = orga_store_now ();
  g_autofree char *by = NULL;
  gboolean archived = FALSE;

  if (!begin (self, error))
    return FALSE;

  if (!read_archived (self, campaign_id, &archived, error))
    return rollback (self);

  if (archive && archived)
    {
      g_set_error_literal (error, ORGA_CAMPAIGN_ERROR, ORGA_CAMPAIGN_ERROR_ALREADY_ARCHIVED,
                           _("This campaign is already archived."));
      return rollback (self);
    }
  if (!archive && !archived)
    {
      g_set_error_literal (error, ORGA_CAMPAIGN_ERROR, ORGA_CAMPAIGN_ERROR_NOT_ARCHIVED,
                           _("This campaign is not archived."));
      return rollback (self);
    }

  by = dup_trimmed (archived_by);
  stmt = _orga_store_prepare (self,
                              "UPDATE campaigns SET archived_at = ?2, archived_by = ?3, updated_at = ?4 "
                              "WHERE id = ?1",
                              error);
  if (stmt == NULL)
    return rollback (self);

  sqlite3_bind_int64 (stmt, 1, campaign_id);
  orga_db_bind_text (stmt, 2, archive ? now : NULL);
  orga_db_bind_text (stmt, 3, archive ? by : NULL);
  orga_db_bind_text (stmt, 4, now);
  /* The change's time is the archive's: the server sets archived_at
   * from it. */
  if (!_orga_store_step_done (self, stmt, "campaigns", error) ||
      !_orga_store_sync_queue_campaign (self, campaign_id, ORGA_SYNC_CAMPAIGN_ARCHIVE, NULL, now, error))
    return rollback (self);
  _orga_store_mark (self, ORGA_STORE_CHANGE_CAMPAIGNS, campaign_id);

  return commit (self, error);
}

gboolean
orga_store_archive_campaign (OrgaStore   *self,
                             gint64       campaign_id,
                             const char  *archived_by,
                             GError     **error)
{
  g_return_val_if_fail (ORGA_IS_STORE (self), FALSE);

  return set_archived (self, campaign_id, archived_by, TRUE, error);
}

gboolean
orga_store_unarchive_campaign (OrgaStore  *self,
                               gint64      campaign_id,
                               GError    **error)
{
  g_return_val_if_fail (ORGA_IS_STORE (self), FALSE);

  return set_archived (self, campaign_id, NULL, FALSE, error);
}

gboolean
orga_store_delete_campaigns (OrgaStore     *self,
                             const gint64  *campaign_ids,
                             guint          n_ids,
                             const char    *deleted_by,
                             GError       **error)
{
  g_autoptr(sqlite3_stmt) campaign_stmt = NULL;
  g_autoptr(sqlite3_stmt) participation_stmt = NULL;
  g_autofree char *now = orga_store_now ();
  g_autofree char *by = dup_trimmed (deleted_by);

  g_return_val_if_fail (ORGA_IS_STORE (self), FALSE);
  g_return_val_if_fail (campaign_ids != NULL || n_ids == 0, FALSE);

  if (!begin (self, error))
    return FALSE;

  campaign_stmt = _orga_store_prepare (self,
                                       "UPDATE campaigns SET deleted_at = ?2, deleted_by = ?3, updated_at = ?2 "
                                       "WHERE id = ?1 AND deleted_at IS NULL",
                                       error);
  if (campaign_stmt == NULL)
    return rollback (self);

  /* Pix keeps the rows for its statistics but nothing that names the
   * student: the learner is detached and the external id erased, also on
   * participations that were already deleted one by one. */
  participation_stmt = _orga_store_prepare (self,
                                            "UPDATE participations SET deleted_at = IFNULL (deleted_at, ?2), "
                                            "  deleted_by = IFNULL (deleted_by, ?3), learner_id = NULL, external_id = NULL "
                                            "WHERE campaign_id = ?1",
                                            error);
  if (participation_stmt == NULL)
    return rollback (self);

  for (guint i = 0; i < n_ids; i++)
    {
      sqlite3_reset (campaign_stmt);
      sqlite3_bind_int64 (campaign_stmt, 1, campaign_ids[i]);
      orga_db_bind_text (campaign_stmt, 2, now);
      orga_db_bind_text (campaign_stmt, 3, by);
      if (!_orga_store_step_done (self, campaign_stmt, "campaigns", error))
        return rollback (self);
      if (sqlite3_changes (_orga_store_get_db (self)) != 1)
        {
          set_not_found (error);
          return rollback (self);
        }

      sqlite3_reset (participation_stmt);
      sqlite3_bind_int64 (participation_stmt, 1, campaign_ids[i]);
      orga_db_bind_text (participation_stmt, 2, now);
      orga_db_bind_text (participation_stmt, 3, by);
      if (!_orga_store_step_done (self, participation_stmt, "participations", error) ||
          !_orga_store_sync_queue_campaign (self, campaign_ids[i], ORGA_SYNC_CAMPAIGN_DELETE, NULL, now, error))
        return rollback (self);
      _orga_store_mark (self, ORGA_STORE_CHANGE_CAMPAIGNS | ORGA_STORE_CHANGE_PARTICIPATIONS, campaign_ids[i]);
    }

  return commit (self, error);
}

/* ---- participations --------------------------------------------------- */

/**
 * orga_store_can_delete_participations:
 *
 * Whether this desktop's user may delete the participations of the
 * campaign (spec §4.1, "Supprimer la participation"): the school is
 * offline (its only user runs it), or the account administers the space,
 * or owns the campaign. The server checks the same when the change comes.
 */
gboolean
orga_store_can_delete_participations (OrgaStore *self,
                                      gint64     campaign_id)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  g_return_val_if_fail (ORGA_IS_STORE (self), FALSE);

  stmt = _orga_store_prepare (self,
                              "SELECT o.server_id IS NULL OR o.role = 'ADMIN' "
                              "  OR c.owner_id = (SELECT user_id FROM account WHERE id = 1 AND signed_out_at IS NULL) "
                              "FROM campaigns c JOIN organizations o ON o.id = c.organization_id "
                              "WHERE c.id = ?1 AND c.deleted_at IS NULL",
                              NULL);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, campaign_id);
  return sqlite3_step (stmt) == SQLITE_ROW && sqlite3_column_int (stmt, 0) != 0;
}

/**
 * orga_store_delete_participation:
 * @participation_id: a participation of a campaign not deleted
 * @deleted_by: who deletes it
 *
 * Deletes the participation and every other attempt of its student in
 * the campaign, as Pix does: soft-deleted (deleted_at, deleted_by), so
 * that the lists and statistics drop them. In the same transaction the
 * deletion is queued for the space (docs/sync.md), except for
 * demonstration data, which the server never had. Deleted already is
 * ORGA_STORE_ERROR_NOT_FOUND.
 */
gboolean
orga_store_delete_participation (OrgaStore   *self,
                                 gint64       participation_id,
                                 const char  *deleted_by,
                                 GError     **error)
{
  g_autoptr(sqlite3_stmt) read = NULL;
  g_autoptr(sqlite3_stmt) update = NULL;
  g_autofree char *now = orga_store_now ();
  g_autofree char *by = dup_trimmed (deleted_by);
  g_autofree char *uuid = NULL;
  gint64 campaign_id, organization_id;
  gboolean has_learner, is_demo;

  g_return_val_if_fail (ORGA_IS_STORE (self), FALSE);

  if (!begin (self, error))
    return FALSE;

  read = _orga_store_prepare (self,
                              "SELECT p.uuid, p.campaign_id, c.organization_id, p.learner_id IS NOT NULL, p.is_demo "
                              "FROM participations p JOIN campaigns c ON c.id = p.campaign_id "
                              "WHERE p.id = ?1 AND p.deleted_at IS NULL AND c.deleted_at IS NULL",
                              error);
  if (read == NULL)
    return rollback (self);
  sqlite3_bind_int64 (read, 1, participation_id);
  if (sqlite3_step (read) != SQLITE_ROW)
    {
      g_set_error_literal (error, ORGA_STORE_ERROR, ORGA_STORE_ERROR_NOT_FOUND,
                           _("This participation does not exist or has been deleted."));
      return rollback (self);
    }
  uuid = g_strdup (orga_db_column_text (read, 0));
  campaign_id = sqlite3_column_int64 (read, 1);
  organization_id = sqlite3_column_int64 (read, 2);
  has_learner = sqlite3_column_int (read, 3) != 0;
  is_demo = sqlite3_column_int (read, 4) != 0;

  /* Every attempt of the student in the campaign: an earlier one left
   * alone would become their current participation again. */
  update = _orga_store_prepare (self,
                                "UPDATE participations SET deleted_at = ?2, deleted_by = ?3 "
                                "WHERE deleted_at IS NULL AND (id = ?1 OR (?4 AND campaign_id = ?5 "
                                "  AND learner_id = (SELECT learner_id FROM participations WHERE id = ?1)))",
                                error);
  if (update == NULL)
    return rollback (self);
  sqlite3_bind_int64 (update, 1, participation_id);
  orga_db_bind_text (update, 2, now);
  orga_db_bind_text (update, 3, by);
  sqlite3_bind_int (update, 4, has_learner);
  sqlite3_bind_int64 (update, 5, campaign_id);
  if (!_orga_store_step_done (self, update, "participations", error))
    return rollback (self);

  if (!is_demo && !_orga_store_sync_queue_participation_delete (self, organization_id, uuid, now, error))
    return rollback (self);

  _orga_store_mark (self, ORGA_STORE_CHANGE_PARTICIPATIONS, campaign_id);
  return commit (self, error);
}

/* Bytes of results per participation of @campaign (orga-participation-set.h). */
static guint
results_size_for (OrgaCampaign *campaign)
{
  const OrgaTargetProfile *profile;

  if (orga_campaign_get_campaign_type (campaign) == ORGA_CAMPAIGN_TYPE_PROFILES_COLLECTION)
    return ORGA_FRAMEWORK_N_COMPETENCES;

  profile = orga_campaign_get_target_profile (campaign);
  return profile != NULL ? profile->n_tubes : 0;
}

OrgaParticipationSet *
orga_store_load_participations (OrgaStore     *self,
                                OrgaCampaign  *campaign,
                                gboolean       include_improved,
                                GError       **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(OrgaParticipationSet) set = NULL;
  g_autofree guint8 *padded = NULL;
  guint results_size;
  int rc;

  g_return_val_if_fail (ORGA_IS_STORE (self), NULL);
  g_return_val_if_fail (ORGA_IS_CAMPAIGN (campaign), NULL);

  results_size = results_size_for (campaign);
  set = orga_participation_set_new (results_size);
  padded = g_malloc0 (MAX (results_size, 1));

  /* The learner is joined for the names and class; ties between
   * namesakes are kept apart by the learner id, so that a learner's
   * attempts stay together. */
  stmt = _orga_store_prepare (self,
                              "SELECT p.id, p.learner_id, l.last_name, l.first_name, l.division, p.external_id, "
                              "  p.status, p.created_at, p.shared_at, p.mastery_rate, p.progression, p.pix_score, "
                              "  p.validated_skills, p.is_certifiable, p.is_improved, p.is_demo, p.attempt, p.results "
                              "FROM participations p LEFT JOIN learners l ON l.id = p.learner_id "
                              "WHERE p.campaign_id = ?1 AND p.deleted_at IS NULL AND (?2 OR p.is_improved = 0) "
                              "ORDER BY l.name_key, p.learner_id, p.attempt, p.id",
                              error);
  if (stmt == NULL)
    return NULL;

  sqlite3_bind_int64 (stmt, 1, orga_campaign_get_id (campaign));
  sqlite3_bind_int (stmt, 2, include_improved ? 1 : 0);

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      OrgaParticipation p = { 0 };
      const guint8 *blob;
      int blob_size;

      p.id = sqlite3_column_int64 (stmt, 0);
      p.learner_id = sqlite3_column_int64 (stmt, 1);
      p.last_name = orga_db_column_text (stmt, 2);
      p.first_name = orga_db_column_text (stmt, 3);
      p.division = orga_db_column_text (stmt, 4);
      p.external_id = orga_db_column_text (stmt, 5);
      if (!orga_participation_status_from_string (orga_db_column_text (stmt, 6), &p.status))
        p.status = ORGA_PARTICIPATION_STARTED;
      p.created_at = parse_time (orga_db_column_text (stmt, 7));
      p.shared_at = parse_time (orga_db_column_text (stmt, 8));
      p.mastery_rate = sqlite3_column_double (stmt, 9);
      p.progression = sqlite3_column_double (stmt, 10);
      p.pix_score = (guint) sqlite3_column_int (stmt, 11);
      p.validated_skills = (guint) sqlite3_column_int (stmt, 12);
      p.is_certifiable = sqlite3_column_type (stmt, 13) == SQLITE_NULL ? -1 : sqlite3_column_int (stmt, 13) != 0;
      p.is_improved = sqlite3_column_int (stmt, 14) != 0;
      p.is_demo = sqlite3_column_int (stmt, 15) != 0;
      p.attempt = (guint) sqlite3_column_int (stmt, 16);

      blob = sqlite3_column_blob (stmt, 17);
      blob_size = sqlite3_column_bytes (stmt, 17);
      if (blob_size == (int) results_size)
        p.results = blob;
      else
        {
          /* Written for another shape of the profile: what fits, the rest
           * not validated. */
          memset (padded, 0, results_size);
          if (blob != NULL)
            memcpy (padded, blob, MIN ((guint) blob_size, results_size));
          p.results = padded;
        }

      orga_participation_set_add (set, &p);
    }

  if (rc != SQLITE_DONE)
    {
      _orga_store_set_error (self, "participations", error);
      return NULL;
    }

  return g_steal_pointer (&set);
}

/* Sorted ids of the school's learners, to check a participation's learner
 * without a query per row. */
static GArray *
read_learner_ids (OrgaStore  *self,
                  gint64      organization_id,
                  GError    **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  int rc;

  stmt = _orga_store_prepare (self, "SELECT id FROM learners WHERE organization_id = ?1 ORDER BY id", error);
  if (stmt == NULL)
    return NULL;

  sqlite3_bind_int64 (stmt, 1, organization_id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);
      g_array_append_val (ids, id);
    }
  if (rc != SQLITE_DONE)
    {
      _orga_store_set_error (self, "learners", error);
      return NULL;
    }

  return g_steal_pointer (&ids);
}

typedef struct
{
  gint64 learner_id;
  guint  last_attempt;
} PreviousAttempts;

/* Each learner's last attempt already in the campaign, by learner id. */
static GArray *
read_previous_attempts (OrgaStore  *self,
                        gint64      campaign_id,
                        GError    **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GArray) previous = g_array_new (FALSE, FALSE, sizeof (PreviousAttempts));
  int rc;

  stmt = _orga_store_prepare (self,
                              "SELECT learner_id, MAX (attempt) FROM participations "
                              "WHERE campaign_id = ?1 AND learner_id IS NOT NULL AND deleted_at IS NULL "
                              "GROUP BY learner_id ORDER BY learner_id",
                              error);
  if (stmt == NULL)
    return NULL;

  sqlite3_bind_int64 (stmt, 1, campaign_id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      PreviousAttempts p = { sqlite3_column_int64 (stmt, 0), (guint) sqlite3_column_int (stmt, 1) };
      g_array_append_val (previous, p);
    }
  if (rc != SQLITE_DONE)
    {
      _orga_store_set_error (self, "participations", error);
      return NULL;
    }

  return g_steal_pointer (&previous);
}

/* Positions in the set, to walk a learner's rows together and in order. */
typedef struct
{
  gint64 learner_id;
  guint  position;
} RowRef;

static int
compare_row_refs (const void *a,
                  const void *b)
{
  const RowRef *x = a;
  const RowRef *y = b;

  if (x->learner_id != y->learner_id)
    return (x->learner_id > y->learner_id) - (x->learner_id < y->learner_id);
  return (x->position > y->position) - (x->position < y->position);
}

static gboolean
read_campaign_for_write (OrgaStore         *self,
                         OrgaCampaign      *campaign,
                         gint64            *organization_id,
                         gboolean          *multiple_sendings,
                         GError           **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  stmt = _orga_store_prepare (self,
                              "SELECT organization_id, multiple_sendings FROM campaigns "
                              "WHERE id = ?1 AND deleted_at IS NULL",
                              error);
  if (stmt == NULL)
    return FALSE;

  if (!step_campaign_row (self, stmt, orga_campaign_get_id (campaign), error))
    return FALSE;

  *organization_id = sqlite3_column_int64 (stmt, 0);
  *multiple_sendings = sqlite3_column_int (stmt, 1) != 0;
  return TRUE;
}

#define INSERT_BATCH 32
#define N_INSERT_COLUMNS 16

static char *
insert_sql (guint rows)
{
  GString *sql = g_string_new ("INSERT INTO participations (uuid, campaign_id, learner_id, status, created_at, "
                               "shared_at, mastery_rate, progression, pix_score, validated_skills, is_certifiable, "
                               "is_improved, attempt, external_id, is_demo, results) VALUES ");

  for (guint r = 0; r < rows; r++)
    g_string_append (sql, r == 0 ? "(?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)" : ",(?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)");
  return g_string_free (sql, FALSE);
}

/* Binds one row at parameters @base + 1 … @base + N_INSERT_COLUMNS. */
static gboolean
bind_participation (sqlite3_stmt             *stmt,
                    int                       base,
                    gint64                    campaign_id,
                    const OrgaParticipation  *p,
                    guint                     position,
                    gboolean                  improved,
                    guint                     attempt,
                    guint                     results_size,
                    GError                  **error)
{
  const char *status = orga_participation_status_to_string (p->status);
  char uuid[37];
  char created_at[64];
  char shared_at[64];

  if (status == NULL)
    {
      g_set_error (error, ORGA_STORE_ERROR, ORGA_STORE_ERROR_FAILED,
                   "participation %u: unknown status %d", position, (int) p->status);
      return FALSE;
    }

  {
    g_autofree char *fresh = orga_store_new_uuid ();
    memcpy (uuid, fresh, sizeof uuid);
  }
  format_unix_time (p->created_at, created_at);
  format_unix_time (p->shared_at, shared_at);

  /* The text lives on this stack frame: copied by SQLite. */
  sqlite3_bind_text (stmt, base + 1, uuid, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, base + 2, campaign_id);
  sqlite3_bind_int64 (stmt, base + 3, p->learner_id);
  orga_db_bind_text (stmt, base + 4, status);
  sqlite3_bind_text (stmt, base + 5, created_at, -1, SQLITE_TRANSIENT);
  if (p->shared_at != 0)
    sqlite3_bind_text (stmt, base + 6, shared_at, -1, SQLITE_TRANSIENT);
  else
    sqlite3_bind_null (stmt, base + 6);
  sqlite3_bind_double (stmt, base + 7, p->mastery_rate);
  sqlite3_bind_double (stmt, base + 8, p->progression);
  sqlite3_bind_int64 (stmt, base + 9, p->pix_score);
  sqlite3_bind_int64 (stmt, base + 10, p->validated_skills);
  if (p->is_certifiable < 0)
    sqlite3_bind_null (stmt, base + 11);
  else
    sqlite3_bind_int (stmt, base + 11, p->is_certifiable != 0);
  sqlite3_bind_int (stmt, base + 12, improved ? 1 : 0);
  sqlite3_bind_int (stmt, base + 13, (int) attempt);
  orga_db_bind_text (stmt, base + 14, p->external_id);
  sqlite3_bind_int (stmt, base + 15, p->is_demo ? 1 : 0);
  /* The set keeps its results until the statement is reset. */
  if (results_size > 0 && p->results != NULL)
    sqlite3_bind_blob (stmt, base + 16, p->results, (int) results_size, SQLITE_STATIC);
  else
    sqlite3_bind_zeroblob (stmt, base + 16, (int) results_size);

  return TRUE;
}

static gboolean
add_participations_in_transaction (OrgaStore             *self,
                                   OrgaCampaign          *campaign,
                                   OrgaParticipationSet  *set,
                                   GError               **error)
{
  g_autoptr(GArray) learner_ids = NULL;
  g_autoptr(GArray) previous = NULL;
  g_autoptr(sqlite3_stmt) improve = NULL;
  g_autoptr(sqlite3_stmt) batch = NULL;
  g_autoptr(sqlite3_stmt) single = NULL;
  g_autofree RowRef *refs = NULL;
  g_autofree guint *attempts = NULL;
  g_autofree gboolean *improved = NULL;
  gint64 campaign_id = orga_campaign_get_id (campaign);
  gint64 organization_id = 0;
  gboolean multiple_sendings = FALSE;
  guint n = orga_participation_set_get_n (set);
  guint results_size = orga_participation_set_get_results_size (set);

  if (!read_campaign_for_write (self, campaign, &organization_id, &multiple_sendings, error))
    return FALSE;

  if (results_size != results_size_for (campaign))
    {
      g_set_error (error, ORGA_STORE_ERROR, ORGA_STORE_ERROR_FAILED,
                   "participations with %u bytes of results for a campaign that has %u",
                   results_size, results_size_for (campaign));
      return FALSE;
    }

  learner_ids = read_learner_ids (self, organization_id, error);
  if (learner_ids == NULL)
    return FALSE;
  previous = read_previous_attempts (self, campaign_id, error);
  if (previous == NULL)
    return FALSE;

  /* Attempts first, for the whole set: a refused row must leave nothing
   * written, and each learner's last row must be known before inserting. */
  refs = g_new (RowRef, MAX (n, 1));
  attempts = g_new0 (guint, MAX (n, 1));
  improved = g_new0 (gboolean, MAX (n, 1));
  for (guint i = 0; i < n; i++)
    {
      refs[i].learner_id = orga_participation_set_get (set, i)->learner_id;
      refs[i].position = i;
    }
  qsort (refs, n, sizeof *refs, compare_row_refs);

  improve = _orga_store_prepare (self,
                                 "UPDATE participations SET is_improved = 1 "
                                 "WHERE learner_id = ?2 AND is_improved = 0 AND deleted_at IS NULL "
                                 "  AND campaign_id = ?1",
                                 error);
  if (improve == NULL)
    return FALSE;

  for (guint i = 0; i < n; )
    {
      gint64 learner_id = refs[i].learner_id;
      const PreviousAttempts *prev;
      guint last = 0;
      guint j;

      if (learner_ids->len == 0 ||
          bsearch (&learner_id, learner_ids->data, learner_ids->len, sizeof (gint64), compare_int64) == NULL)
        {
          g_set_error (error, ORGA_STORE_ERROR, ORGA_STORE_ERROR_OTHER_ORGANIZATION,
                       _("Student no. %lld is not a student of the campaign’s school."),
                       (long long) learner_id);
          return FALSE;
        }

      /* PreviousAttempts starts with the learner id: bsearch on it. */
      prev = previous->len == 0 ? NULL
           : bsearch (&learner_id, previous->data, previous->len, sizeof (PreviousAttempts), compare_int64);
      if (prev != NULL)
        last = prev->last_attempt;

      for (j = i; j < n && refs[j].learner_id == learner_id; j++)
        {
          attempts[refs[j].position] = ++last;
          improved[refs[j].position] = TRUE;
        }
      improved[refs[j - 1].position] = FALSE;

      if (!multiple_sendings && (prev != NULL || j - i > 1))
        {
          const OrgaParticipation *p = orga_participation_set_get (set, refs[i].position);

          g_set_error (error, ORGA_CAMPAIGN_ERROR, ORGA_CAMPAIGN_ERROR_ALREADY_PARTICIPATED,
                       _("%s %s has already taken part in this campaign, which does not allow multiple sendings."),
                       p->first_name ? p->first_name : "", p->last_name ? p->last_name : "");
          return FALSE;
        }

      if (prev != NULL)
        {
          sqlite3_reset (improve);
          sqlite3_bind_int64 (improve, 1, campaign_id);
          sqlite3_bind_int64 (improve, 2, learner_id);
          if (!_orga_store_step_done (self, improve, "participations", error))
            return FALSE;
        }

      i = j;
    }

  /* Rows go in by statements of INSERT_BATCH rows: a third less time
   * than one statement per row for a large set. */
  {
    g_autofree char *sql = insert_sql (INSERT_BATCH);

    batch = _orga_store_prepare (self, sql, error);
    if (batch == NULL)
      return FALSE;
    g_free (sql);
    sql = insert_sql (1);
    single = _orga_store_prepare (self, sql, error);
    if (single == NULL)
      return FALSE;
  }

  for (guint i = 0; i < n; )
    {
      sqlite3_stmt *insert = n - i >= INSERT_BATCH ? batch : single;
      guint rows = insert == batch ? INSERT_BATCH : 1;

      sqlite3_reset (insert);
      for (guint r = 0; r < rows; r++, i++)
        if (!bind_participation (insert, r * N_INSERT_COLUMNS, campaign_id,
                                 orga_participation_set_get (set, i), i,
                                 improved[i], attempts[i], results_size, error))
          return FALSE;

      if (!_orga_store_step_done (self, insert, "participations", error))
        return FALSE;
    }

  return TRUE;
}

gboolean
orga_store_add_participations (OrgaStore             *self,
                               OrgaCampaign          *campaign,
                               OrgaParticipationSet  *participations,
                               GError               **error)
{
  g_return_val_if_fail (ORGA_IS_STORE (self), FALSE);
  g_return_val_if_fail (ORGA_IS_CAMPAIGN (campaign), FALSE);
  g_return_val_if_fail (ORGA_IS_PARTICIPATION_SET (participations), FALSE);

  if (!begin (self, error))
    return FALSE;

  if (!add_participations_in_transaction (self, campaign, participations, error))
    return rollback (self);
  _orga_store_mark (self, ORGA_STORE_CHANGE_PARTICIPATIONS, orga_campaign_get_id (campaign));

  return commit (self, error);
}

gboolean
orga_store_has_demo_data (OrgaStore        *self,
                          OrgaOrganization *organization)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  g_return_val_if_fail (ORGA_IS_STORE (self), FALSE);
  g_return_val_if_fail (ORGA_IS_ORGANIZATION (organization), FALSE);

  stmt = _orga_store_prepare (self,
                              "SELECT EXISTS (SELECT 1 FROM participations p "
                              "  JOIN campaigns c ON c.id = p.campaign_id "
                              "  WHERE c.organization_id = ?1 AND c.deleted_at IS NULL "
                              "    AND p.is_demo = 1 AND p.deleted_at IS NULL)",
                              NULL);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, orga_organization_get_id (organization));
  return sqlite3_step (stmt) == SQLITE_ROW && sqlite3_column_int (stmt, 0) != 0;
}

gboolean
orga_store_delete_demo_data (OrgaStore         *self,
                             OrgaOrganization  *organization,
                             GError           **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(sqlite3_stmt) restore = NULL;
  int changed;

  g_return_val_if_fail (ORGA_IS_STORE (self), FALSE);
  g_return_val_if_fail (ORGA_IS_ORGANIZATION (organization), FALSE);

  if (!begin (self, error))
    return FALSE;

  /* Demonstration rows are invented: removed outright, even those of
   * deleted campaigns. */
  stmt = _orga_store_prepare (self,
                              "DELETE FROM participations WHERE is_demo = 1 "
                              "  AND campaign_id IN (SELECT id FROM campaigns WHERE organization_id = ?1)",
                              error);
  if (stmt == NULL)
    return rollback (self);
  sqlite3_bind_int64 (stmt, 1, orga_organization_get_id (organization));
  if (!_orga_store_step_done (self, stmt, "participations", error))
    return rollback (self);
  changed = sqlite3_changes (_orga_store_get_db (self));

  /* A real participation that a demonstration attempt had superseded is
   * the latest again. */
  restore = _orga_store_prepare (self,
                                 "UPDATE participations SET is_improved = 0 "
                                 "WHERE is_improved = 1 AND deleted_at IS NULL AND learner_id IS NOT NULL "
                                 "  AND campaign_id IN (SELECT id FROM campaigns WHERE organization_id = ?1) "
                                 "  AND NOT EXISTS (SELECT 1 FROM participations q "
                                 "    WHERE q.learner_id = participations.learner_id AND q.is_improved = 0 "
                                 "      AND q.deleted_at IS NULL AND q.campaign_id = participations.campaign_id) "
                                 "  AND attempt = (SELECT MAX (q.attempt) FROM participations q "
                                 "    WHERE q.learner_id = participations.learner_id AND q.deleted_at IS NULL "
                                 "      AND q.campaign_id = participations.campaign_id)",
                                 error);
  if (restore == NULL)
    return rollback (self);
  sqlite3_bind_int64 (restore, 1, orga_organization_get_id (organization));
  if (!_orga_store_step_done (self, restore, "participations", error))
    return rollback (self);
  /* Which campaigns had demonstration rows is not worth a query. */
  if (changed + sqlite3_changes (_orga_store_get_db (self)) > 0)
    _orga_store_mark (self, ORGA_STORE_CHANGE_PARTICIPATIONS, 0);

  /* The certification's demonstration sessions, with their candidates,
   * courses and reports (orga-store-cert.c). */
  {
    g_autoptr(sqlite3_stmt) cert = _orga_store_prepare (self,
                                                        "DELETE FROM cert_sessions WHERE is_demo = 1 AND organization_id = ?1",
                                                        error);
    if (cert == NULL)
      return rollback (self);
    sqlite3_bind_int64 (cert, 1, orga_organization_get_id (organization));
    if (!_orga_store_step_done (self, cert, "cert_sessions", error))
      return rollback (self);
    if (sqlite3_changes (_orga_store_get_db (self)) > 0)
      _orga_store_mark (self, ORGA_STORE_CHANGE_CERTIFICATION, 0);
  }

  return commit (self, error);
}

void
orga_learner_participation_free (OrgaLearnerParticipation *self)
{
  if (self == NULL)
    return;

  g_free (self->campaign_name);
  g_free (self->created_at);
  g_free (self->shared_at);
  g_free (self);
}

GPtrArray *
orga_store_list_learner_participations (OrgaStore  *self,
                                        gint64      learner_id,
                                        GError    **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GPtrArray) list = NULL;
  int rc;

  g_return_val_if_fail (ORGA_IS_STORE (self), NULL);

  stmt = _orga_store_prepare (self,
                              "SELECT p.campaign_id, c.name, c.type, p.status, p.created_at, p.shared_at, "
                              "  p.mastery_rate, p.is_demo, "
                              "  (SELECT COUNT(*) FROM participations q WHERE q.learner_id = p.learner_id "
                              "     AND q.campaign_id = p.campaign_id AND q.deleted_at IS NULL) "
                              "FROM participations p JOIN campaigns c ON c.id = p.campaign_id "
                              "WHERE p.learner_id = ?1 AND p.is_improved = 0 AND p.deleted_at IS NULL "
                              "  AND c.deleted_at IS NULL "
                              "ORDER BY p.created_at DESC, p.id DESC",
                              error);
  if (stmt == NULL)
    return NULL;

  sqlite3_bind_int64 (stmt, 1, learner_id);
  list = g_ptr_array_new_with_free_func ((GDestroyNotify) orga_learner_participation_free);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      OrgaLearnerParticipation *lp = g_new0 (OrgaLearnerParticipation, 1);

      lp->campaign_id = sqlite3_column_int64 (stmt, 0);
      lp->campaign_name = g_strdup (orga_db_column_text (stmt, 1));
      if (!orga_campaign_type_from_string (orga_db_column_text (stmt, 2), &lp->campaign_type))
        lp->campaign_type = ORGA_CAMPAIGN_TYPE_ASSESSMENT;
      if (!orga_participation_status_from_string (orga_db_column_text (stmt, 3), &lp->status))
        lp->status = ORGA_PARTICIPATION_STARTED;
      lp->created_at = g_strdup (orga_db_column_text (stmt, 4));
      lp->shared_at = g_strdup (orga_db_column_text (stmt, 5));
      lp->mastery_rate = sqlite3_column_double (stmt, 6);
      lp->is_demo = sqlite3_column_int (stmt, 7) != 0;
      lp->attempts = (guint) sqlite3_column_int (stmt, 8);
      g_ptr_array_add (list, lp);
    }
  if (rc != SQLITE_DONE)
    {
      _orga_store_set_error (self, "participations", error);
      return NULL;
    }

  return g_steal_pointer (&list);
}
