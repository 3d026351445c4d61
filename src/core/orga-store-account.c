/* orga-store-account.c: the account a database is bound to, its spaces
 *
 * The binding rules of issue 9 (item 6), in one place for the app and
 * pixorga-cli: a database belongs to one account on one server; a school
 * made offline is adopted by the space of the same UAI and never silently
 * merged into another; signing out keeps everything.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "orga-store"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "orga-json-team.h"
#include "orga-store-account.h"
#include "orga-store-private.h"

/* The account row, signed in or out. */
typedef struct
{
  gboolean  exists;
  gboolean  signed_out;
  char     *server_url;
  char     *user_id;
  char     *email;
  char     *first_name;
  char     *last_name;
} AccountRow;

static void
account_row_clear (AccountRow *row)
{
  g_clear_pointer (&row->server_url, g_free);
  g_clear_pointer (&row->user_id, g_free);
  g_clear_pointer (&row->email, g_free);
  g_clear_pointer (&row->first_name, g_free);
  g_clear_pointer (&row->last_name, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (AccountRow, account_row_clear)

static gboolean
read_account_row (OrgaStore   *self,
                  AccountRow  *row,
                  GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  stmt = _orga_store_prepare (self,
                              "SELECT server_url, user_id, email, first_name, last_name, "
                              "signed_out_at IS NOT NULL FROM account WHERE id = 1", error);
  if (stmt == NULL)
    return FALSE;

  rc = sqlite3_step (stmt);
  if (rc == SQLITE_DONE)
    return TRUE;
  if (rc != SQLITE_ROW)
    return _orga_store_set_error (self, "account", error);

  row->exists = TRUE;
  row->server_url = g_strdup (orga_db_column_text (stmt, 0));
  row->user_id = g_strdup (orga_db_column_text (stmt, 1));
  row->email = g_strdup (orga_db_column_text (stmt, 2));
  row->first_name = g_strdup (orga_db_column_text (stmt, 3));
  row->last_name = g_strdup (orga_db_column_text (stmt, 4));
  row->signed_out = sqlite3_column_int (stmt, 5);
  return TRUE;
}

OrgaAccount *
orga_store_get_account (OrgaStore  *self,
                        GError    **error)
{
  g_auto(AccountRow) row = { 0 };

  g_return_val_if_fail (ORGA_IS_STORE (self), NULL);

  if (!read_account_row (self, &row, error) || !row.exists || row.signed_out)
    return NULL;

  return orga_account_new (row.server_url, row.user_id, row.email, row.first_name, row.last_name);
}

static void
set_not_a_member (GError **error)
{
  /* TRANSLATORS: the spec's message (§1.3), word for word. */
  g_set_error_literal (error, ORGA_STORE_ERROR, ORGA_STORE_ERROR_NOT_A_MEMBER,
                       _("Access to Pix Orga is limited to invited members. Each space is managed by a "
                         "Pix Orga administrator of the organization that uses it. Contact them so that "
                         "they invite you."));
}

static OrgaSpace *
find_space_by_uai (GPtrArray  *spaces,
                   const char *uai)
{
  g_autofree char *wanted = orga_uai_normalize (uai);

  for (guint i = 0; i < spaces->len; i++)
    if (g_ascii_strcasecmp (orga_space_get_uai (g_ptr_array_index (spaces, i)), wanted) == 0)
      return g_ptr_array_index (spaces, i);

  return NULL;
}

OrgaSpace *
orga_store_pick_space (OrgaStore   *self,
                       GPtrArray   *spaces,
                       const char  *uai,
                       GError     **error)
{
  g_autoptr(OrgaOrganization) current = NULL;
  g_autoptr(GPtrArray) sorted = NULL;
  g_autoptr(GString) list = NULL;
  GError *local_error = NULL;
  OrgaSpace *space;

  g_return_val_if_fail (ORGA_IS_STORE (self), NULL);
  g_return_val_if_fail (spaces != NULL, NULL);

  if (spaces->len == 0)
    {
      set_not_a_member (error);
      return NULL;
    }

  if (uai != NULL)
    {
      g_autofree char *normalized = orga_uai_normalize (uai);

      if ((space = find_space_by_uai (spaces, normalized)) != NULL)
        return g_object_ref (space);
      g_set_error (error, ORGA_STORE_ERROR, ORGA_STORE_ERROR_NOT_FOUND,
                   _("This account is not a member of a Pix Orga space with the UAI %s."), normalized);
      return NULL;
    }

  current = orga_store_get_organization (self, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, local_error);
      return NULL;
    }
  if (current != NULL && (space = find_space_by_uai (spaces, orga_organization_get_uai (current))) != NULL)
    return g_object_ref (space);

  if (spaces->len == 1)
    return g_object_ref (g_ptr_array_index (spaces, 0));

  sorted = g_ptr_array_copy (spaces, (GCopyFunc) (void (*) (void)) g_object_ref, NULL);
  g_ptr_array_set_free_func (sorted, g_object_unref);
  orga_space_sort (sorted);
  list = g_string_new (NULL);
  for (guint i = 0; i < sorted->len; i++)
    {
      g_autofree char *title = orga_space_dup_title (g_ptr_array_index (sorted, i));

      if (i > 0)
        g_string_append (list, ", ");
      g_string_append (list, title);
    }
  g_set_error (error, ORGA_STORE_ERROR, ORGA_STORE_ERROR_CHOOSE_SPACE,
               _("This account is a member of several Pix Orga spaces: %s. Choose one by its UAI."),
               list->str);
  return NULL;
}

/* The local id of the school of @sql's single parameter, 0 when none. */
static gboolean
find_school (OrgaStore   *self,
             const char  *sql,
             const char  *value,
             gint64      *id,
             char       **server_id,
             GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = _orga_store_prepare (self, sql, error);
  int rc;

  *id = 0;
  if (server_id != NULL)
    *server_id = NULL;
  if (stmt == NULL)
    return FALSE;
  orga_db_bind_text (stmt, 1, value);

  rc = sqlite3_step (stmt);
  if (rc == SQLITE_DONE)
    return TRUE;
  if (rc != SQLITE_ROW)
    return _orga_store_set_error (self, "organization", error);

  *id = sqlite3_column_int64 (stmt, 0);
  if (server_id != NULL)
    *server_id = g_strdup (orga_db_column_text (stmt, 1));
  return TRUE;
}

static gboolean
find_school_by_server_id (OrgaStore   *self,
                          const char  *server_id,
                          gint64      *id,
                          GError     **error)
{
  return find_school (self, "SELECT id, server_id FROM organizations WHERE server_id = ?1",
                      server_id, id, NULL, error);
}

static gboolean
find_school_by_uai (OrgaStore   *self,
                    const char  *uai,
                    gint64      *id,
                    char       **server_id,
                    GError     **error)
{
  return find_school (self, "SELECT id, server_id FROM organizations WHERE uai = ?1",
                      uai, id, server_id, error);
}

/* Makes school @id (0: a new one) @space's: its server id, role, name
 * and kind as the server says. Sets @id to the school's. */
static gboolean
write_school (OrgaStore  *self,
              OrgaSpace  *space,
              gint64     *id,
              GError    **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *now = orga_store_now ();
  g_autofree char *uuid = NULL;   /* bound: lives until the step */
  const char *kind = orga_organization_kind_to_string (orga_space_get_kind (space));

  if (*id != 0)
    {
      g_autofree char *previous = NULL;
      g_autoptr(OrgaOrganization) school = _orga_store_get_organization_by_id (self, *id, error);

      if (school == NULL)
        return FALSE;
      previous = orga_store_dup_space_id (self, school, NULL);
      /* Another space than the one it synced with: its cursor, outbox
       * and marks mean nothing there. */
      if (previous != NULL && !g_str_equal (previous, orga_space_get_id (space)) &&
          !_orga_store_sync_forget (self, *id, error))
        return FALSE;

      stmt = _orga_store_prepare (self,
                                  "UPDATE organizations SET server_id = ?1, role = ?2, name = ?3, kind = ?4, "
                                  "updated_at = ?5 WHERE id = ?6", error);
      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_int64 (stmt, 6, *id);
    }
  else
    {
      uuid = orga_store_new_uuid ();
      stmt = _orga_store_prepare (self,
                                  "INSERT INTO organizations (server_id, role, name, kind, created_at, updated_at, uuid, uai) "
                                  "VALUES (?1, ?2, ?3, ?4, ?5, ?5, ?6, ?7)", error);
      if (stmt == NULL)
        return FALSE;
      orga_db_bind_text (stmt, 6, uuid);
      orga_db_bind_text (stmt, 7, orga_space_get_uai (space));
    }
  orga_db_bind_text (stmt, 1, orga_space_get_id (space));
  orga_db_bind_text (stmt, 2, orga_member_role_to_string (orga_space_get_role (space)));
  orga_db_bind_text (stmt, 3, orga_space_get_name (space));
  orga_db_bind_text (stmt, 4, kind);
  orga_db_bind_text (stmt, 5, now);

  if (!_orga_store_step_done (self, stmt, "organization", error))
    return FALSE;
  if (*id == 0)
    *id = sqlite3_last_insert_rowid (_orga_store_get_db (self));
  return TRUE;
}

static gboolean
set_current (OrgaStore  *self,
             gint64      id,
             GError    **error)
{
  g_autoptr(sqlite3_stmt) stmt = _orga_store_prepare (self,
                                                      "UPDATE account SET current_organization_id = ?1 WHERE id = 1",
                                                      error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, id);
  if (!_orga_store_step_done (self, stmt, "account", error))
    return FALSE;
  if (sqlite3_changes (_orga_store_get_db (self)) == 0)
    {
      g_set_error_literal (error, ORGA_STORE_ERROR, ORGA_STORE_ERROR_NOT_BOUND,
                           _("No Pix Orga account is signed in on this database."));
      return FALSE;
    }
  _orga_store_mark (self, ORGA_STORE_CHANGE_ORGANIZATION, 0);
  return TRUE;
}

static gboolean
bind_locked (OrgaStore    *self,
             OrgaAccount  *account,
             OrgaSpace    *space,
             gint64       *school,
             GError      **error)
{
  g_auto(AccountRow) row = { 0 };
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *now = orga_store_now ();
  g_autofree char *uai_server_id = NULL;
  g_autofree char *uai = orga_uai_normalize (orga_space_get_uai (space));
  gint64 by_uai = 0;
  gboolean same;
  gboolean bound_already;
  gboolean adopted;

  if (!read_account_row (self, &row, error))
    return FALSE;

  same = row.exists &&
         g_strcmp0 (row.server_url, orga_account_get_server_url (account)) == 0 &&
         g_strcmp0 (row.user_id, orga_account_get_user_id (account)) == 0;

  if (row.exists && !row.signed_out && !same)
    {
      g_set_error (error, ORGA_STORE_ERROR, ORGA_STORE_ERROR_OTHER_ACCOUNT,
                   _("This database is signed in to Pix Orga as %s on %s. Sign out first."),
                   row.email, row.server_url);
      return FALSE;
    }

  *school = 0;
  /* The server ids of another account's (or server's) spaces mean
   * nothing to this one: its schools count as made offline. */
  if (same && !find_school_by_server_id (self, orga_space_get_id (space), school, error))
    return FALSE;
  bound_already = *school != 0;

  if (*school == 0)
    {
      if (!find_school_by_uai (self, uai, &by_uai, &uai_server_id, error))
        return FALSE;
      *school = by_uai;
    }

  if (*school == 0 && !same)
    {
      g_autoptr(OrgaOrganization) current = NULL;
      GError *local_error = NULL;

      current = orga_store_get_organization (self, &local_error);
      if (local_error != NULL)
        {
          g_propagate_error (error, local_error);
          return FALSE;
        }
      if (current != NULL)
        {
          g_autofree char *ours = orga_organization_dup_title (current);
          g_autofree char *theirs = orga_space_dup_title (space);

          g_set_error (error, ORGA_STORE_ERROR, ORGA_STORE_ERROR_OTHER_ORGANIZATION,
                       _("This computer holds the space of %s, made offline; it cannot be joined to the "
                         "space of %s on the server. Sign in to the space of the same school, or use "
                         "another database."),
                       ours, theirs);
          return FALSE;
        }
    }

  if (!same)
    {
      /* Nor does what the schools synced with them. */
      if (!_orga_store_exec (self,
                             "UPDATE organizations SET server_id = NULL, role = NULL; "
                             "DELETE FROM team_cache; DELETE FROM spaces_cache;", error) ||
          !_orga_store_sync_forget (self, 0, error))
        return FALSE;
    }
  else if (*school != 0 && uai_server_id != NULL && !g_str_equal (uai_server_id, orga_space_get_id (space)))
    {
      /* The same UAI under another id: the server re-created the
       * school; the row follows the server. */
      g_debug ("School %s moves to a new server id", uai);
    }

  /* A school that did not sync with this space (made offline, or its
   * sync forgotten above) brings what it holds to it. */
  adopted = *school != 0 && !bound_already;

  if (!write_school (self, space, school, error))
    return FALSE;
  if (adopted && !_orga_store_sync_queue_seed (self, *school, error))
    return FALSE;

  stmt = _orga_store_prepare (self,
                              "INSERT INTO account (id, server_url, user_id, email, first_name, last_name, "
                              "current_organization_id, signed_in_at, signed_out_at) "
                              "VALUES (1, ?1, ?2, ?3, ?4, ?5, ?6, ?7, NULL) "
                              "ON CONFLICT (id) DO UPDATE SET server_url = ?1, user_id = ?2, email = ?3, "
                              "first_name = ?4, last_name = ?5, current_organization_id = ?6, "
                              "signed_in_at = ?7, signed_out_at = NULL", error);
  if (stmt == NULL)
    return FALSE;
  orga_db_bind_text (stmt, 1, orga_account_get_server_url (account));
  orga_db_bind_text (stmt, 2, orga_account_get_user_id (account));
  orga_db_bind_text (stmt, 3, orga_account_get_email (account));
  orga_db_bind_text (stmt, 4, orga_account_get_first_name (account));
  orga_db_bind_text (stmt, 5, orga_account_get_last_name (account));
  sqlite3_bind_int64 (stmt, 6, *school);
  orga_db_bind_text (stmt, 7, now);
  if (!_orga_store_step_done (self, stmt, "account", error))
    return FALSE;

  _orga_store_mark (self, ORGA_STORE_CHANGE_ORGANIZATION | ORGA_STORE_CHANGE_ACCOUNT, 0);
  return TRUE;
}

OrgaOrganization *
orga_store_bind (OrgaStore    *self,
                 OrgaAccount  *account,
                 OrgaSpace    *space,
                 GError      **error)
{
  gint64 school = 0;

  g_return_val_if_fail (ORGA_IS_STORE (self), NULL);
  g_return_val_if_fail (ORGA_IS_ACCOUNT (account), NULL);
  g_return_val_if_fail (ORGA_IS_SPACE (space), NULL);

  if (!orga_store_begin (self, error))
    return NULL;
  if (!bind_locked (self, account, space, &school, error))
    {
      orga_store_rollback (self);
      return NULL;
    }
  if (!orga_store_commit (self, error))
    return NULL;

  return _orga_store_get_organization_by_id (self, school, error);
}

gboolean
orga_store_can_bind (OrgaStore    *self,
                     OrgaAccount  *account,
                     OrgaSpace    *space,
                     GError      **error)
{
  gint64 school = 0;
  gboolean ok;

  g_return_val_if_fail (ORGA_IS_STORE (self), FALSE);
  g_return_val_if_fail (ORGA_IS_ACCOUNT (account), FALSE);
  g_return_val_if_fail (ORGA_IS_SPACE (space), FALSE);

  if (!orga_store_begin (self, error))
    return FALSE;
  ok = bind_locked (self, account, space, &school, error);
  orga_store_rollback (self);
  return ok;
}

gboolean
orga_store_unbind (OrgaStore  *self,
                   GError    **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *now = orga_store_now ();

  g_return_val_if_fail (ORGA_IS_STORE (self), FALSE);

  if (!orga_store_begin (self, error))
    return FALSE;
  stmt = _orga_store_prepare (self,
                              "UPDATE account SET signed_out_at = ?1 WHERE id = 1 AND signed_out_at IS NULL",
                              error);
  if (stmt != NULL)
    orga_db_bind_text (stmt, 1, now);
  if (!_orga_store_step_done (self, stmt, "account", error))
    {
      orga_store_rollback (self);
      return FALSE;
    }
  if (sqlite3_changes (_orga_store_get_db (self)) > 0)
    _orga_store_mark (self, ORGA_STORE_CHANGE_ACCOUNT, 0);

  return orga_store_commit (self, error);
}

OrgaOrganization *
orga_store_find_organization_by_space (OrgaStore   *self,
                                       const char  *space_id,
                                       GError     **error)
{
  gint64 id = 0;

  g_return_val_if_fail (ORGA_IS_STORE (self), NULL);
  g_return_val_if_fail (space_id != NULL, NULL);

  if (!find_school_by_server_id (self, space_id, &id, error) || id == 0)
    return NULL;

  return _orga_store_get_organization_by_id (self, id, error);
}

char *
orga_store_dup_space_id (OrgaStore         *self,
                         OrgaOrganization  *organization,
                         GError           **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  g_return_val_if_fail (ORGA_IS_STORE (self), NULL);
  g_return_val_if_fail (ORGA_IS_ORGANIZATION (organization), NULL);

  stmt = _orga_store_prepare (self, "SELECT server_id FROM organizations WHERE id = ?1", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, orga_organization_get_id (organization));

  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    return g_strdup (orga_db_column_text (stmt, 0));
  if (rc != SQLITE_DONE)
    _orga_store_set_error (self, "organization", error);
  return NULL;
}

GPtrArray *
orga_store_list_organizations (OrgaStore  *self,
                               GError    **error)
{
  g_autoptr(GPtrArray) list = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  int rc;

  g_return_val_if_fail (ORGA_IS_STORE (self), NULL);

  stmt = _orga_store_prepare (self, "SELECT id FROM organizations ORDER BY id", error);
  if (stmt == NULL)
    return NULL;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);
      g_array_append_val (ids, id);
    }
  if (rc != SQLITE_DONE)
    {
      _orga_store_set_error (self, "organization", error);
      return NULL;
    }

  for (guint i = 0; i < ids->len; i++)
    {
      OrgaOrganization *organization = _orga_store_get_organization_by_id (self, g_array_index (ids, gint64, i), error);

      if (organization == NULL)
        return NULL;
      g_ptr_array_add (list, organization);
    }

  return g_steal_pointer (&list);
}

OrgaOrganization *
orga_store_set_current_space (OrgaStore  *self,
                              OrgaSpace  *space,
                              GError    **error)
{
  g_autofree char *uai = NULL;
  g_autofree char *uai_server_id = NULL;
  gint64 school = 0;

  g_return_val_if_fail (ORGA_IS_STORE (self), NULL);
  g_return_val_if_fail (ORGA_IS_SPACE (space), NULL);

  uai = orga_uai_normalize (orga_space_get_uai (space));
  if (!orga_store_begin (self, error))
    return NULL;

  {
    g_autoptr(OrgaAccount) account = NULL;
    GError *local_error = NULL;

    account = orga_store_get_account (self, &local_error);
    if (account == NULL)
      {
        if (local_error != NULL)
          g_propagate_error (error, local_error);
        else
          g_set_error_literal (error, ORGA_STORE_ERROR, ORGA_STORE_ERROR_NOT_BOUND,
                               _("No Pix Orga account is signed in on this database."));
        goto failed;
      }
  }

  if (!find_school_by_server_id (self, orga_space_get_id (space), &school, error))
    goto failed;
  if (school == 0 && !find_school_by_uai (self, uai, &school, &uai_server_id, error))
    goto failed;
  if (!write_school (self, space, &school, error) ||
      !set_current (self, school, error))
    goto failed;

  if (!orga_store_commit (self, error))
    return NULL;
  return _orga_store_get_organization_by_id (self, school, error);

failed:
  orga_store_rollback (self);
  return NULL;
}

gboolean
orga_store_set_current_organization (OrgaStore  *self,
                                     gint64      organization_id,
                                     GError    **error)
{
  g_autoptr(OrgaOrganization) organization = NULL;
  GError *local_error = NULL;

  g_return_val_if_fail (ORGA_IS_STORE (self), FALSE);

  organization = _orga_store_get_organization_by_id (self, organization_id, &local_error);
  if (organization == NULL)
    {
      if (local_error != NULL)
        g_propagate_error (error, local_error);
      else
        g_set_error_literal (error, ORGA_STORE_ERROR, ORGA_STORE_ERROR_NOT_FOUND,
                             _("This school is not in this database."));
      return FALSE;
    }

  if (!orga_store_begin (self, error))
    return FALSE;
  if (!set_current (self, organization_id, error))
    {
      orga_store_rollback (self);
      return FALSE;
    }
  return orga_store_commit (self, error);
}

/* ---- caches ----------------------------------------------------------- */

gboolean
orga_store_save_team_cache (OrgaStore         *self,
                            OrgaOrganization  *organization,
                            OrgaTeam          *team,
                            GError           **error)
{
  g_autoptr(JsonNode) node = NULL;
  g_autofree char *json = NULL;
  g_autofree char *now = orga_store_now ();
  g_autoptr(sqlite3_stmt) stmt = NULL;

  g_return_val_if_fail (ORGA_IS_STORE (self), FALSE);
  g_return_val_if_fail (ORGA_IS_ORGANIZATION (organization), FALSE);
  g_return_val_if_fail (ORGA_IS_TEAM (team), FALSE);

  node = orga_json_team_to_node (team);
  json = orga_json_to_data (node, FALSE);

  if (!orga_store_begin (self, error))
    return FALSE;
  stmt = _orga_store_prepare (self,
                              "INSERT INTO team_cache (organization_id, json, fetched_at) VALUES (?1, ?2, ?3) "
                              "ON CONFLICT (organization_id) DO UPDATE SET json = ?2, fetched_at = ?3", error);
  if (stmt != NULL)
    {
      sqlite3_bind_int64 (stmt, 1, orga_organization_get_id (organization));
      orga_db_bind_text (stmt, 2, json);
      orga_db_bind_text (stmt, 3, now);
    }
  if (!_orga_store_step_done (self, stmt, "team", error))
    {
      orga_store_rollback (self);
      return FALSE;
    }
  _orga_store_mark (self, ORGA_STORE_CHANGE_TEAM, 0);
  return orga_store_commit (self, error);
}

OrgaTeam *
orga_store_load_team_cache (OrgaStore         *self,
                            OrgaOrganization  *organization,
                            GError           **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(JsonNode) node = NULL;
  OrgaTeam *team;
  int rc;

  g_return_val_if_fail (ORGA_IS_STORE (self), NULL);
  g_return_val_if_fail (ORGA_IS_ORGANIZATION (organization), NULL);

  stmt = _orga_store_prepare (self, "SELECT json FROM team_cache WHERE organization_id = ?1", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, orga_organization_get_id (organization));

  rc = sqlite3_step (stmt);
  if (rc == SQLITE_DONE)
    return NULL;
  if (rc != SQLITE_ROW)
    {
      _orga_store_set_error (self, "team", error);
      return NULL;
    }

  node = orga_json_parse (orga_db_column_text (stmt, 0), -1, error);
  if (node == NULL)
    return NULL;
  team = orga_json_team_from_node (node, error);
  if (team != NULL)
    orga_team_set_offline (team, TRUE);
  return team;
}

gboolean
orga_store_save_spaces (OrgaStore  *self,
                        GPtrArray  *spaces,
                        GError    **error)
{
  g_autoptr(JsonNode) node = NULL;
  g_autofree char *json = NULL;
  g_autofree char *now = orga_store_now ();
  g_autoptr(sqlite3_stmt) stmt = NULL;

  g_return_val_if_fail (ORGA_IS_STORE (self), FALSE);
  g_return_val_if_fail (spaces != NULL, FALSE);

  node = orga_json_spaces_to_node (spaces);
  json = orga_json_to_data (node, FALSE);

  if (!orga_store_begin (self, error))
    return FALSE;
  stmt = _orga_store_prepare (self,
                              "INSERT INTO spaces_cache (id, json, fetched_at) VALUES (1, ?1, ?2) "
                              "ON CONFLICT (id) DO UPDATE SET json = ?1, fetched_at = ?2", error);
  if (stmt != NULL)
    {
      orga_db_bind_text (stmt, 1, json);
      orga_db_bind_text (stmt, 2, now);
    }
  if (!_orga_store_step_done (self, stmt, "spaces", error))
    {
      orga_store_rollback (self);
      return FALSE;
    }
  _orga_store_mark (self, ORGA_STORE_CHANGE_ACCOUNT, 0);
  return orga_store_commit (self, error);
}

GPtrArray *
orga_store_load_spaces (OrgaStore  *self,
                        GError    **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(JsonNode) node = NULL;
  int rc;

  g_return_val_if_fail (ORGA_IS_STORE (self), NULL);

  stmt = _orga_store_prepare (self, "SELECT json FROM spaces_cache WHERE id = 1", error);
  if (stmt == NULL)
    return NULL;

  rc = sqlite3_step (stmt);
  if (rc == SQLITE_DONE)
    return g_ptr_array_new_with_free_func (g_object_unref);
  if (rc != SQLITE_ROW)
    {
      _orga_store_set_error (self, "spaces", error);
      return NULL;
    }

  node = orga_json_parse (orga_db_column_text (stmt, 0), -1, error);
  if (node == NULL)
    return NULL;
  return orga_json_spaces_from_node (node, error);
}
