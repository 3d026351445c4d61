/* orga-store-student-accounts.c: the students' accounts kept offline
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "orga-store"

#include "config.h"

#include <sqlite3.h>

#include "orga-store-private.h"
#include "orga-store-student-accounts.h"

static gboolean
same_account (const OrgaStudentAccount *a,
              const OrgaStudentAccount *b)
{
  return a->methods == b->methods &&
         g_strcmp0 (a->email, b->email) == 0 &&
         g_strcmp0 (a->username, b->username) == 0;
}

static GHashTable *
load_accounts (OrgaStore         *self,
               OrgaOrganization  *organization,
               GError           **error)
{
  g_autoptr(GHashTable) accounts = g_hash_table_new_full (g_str_hash, g_str_equal, NULL,
                                                          (GDestroyNotify) orga_student_account_free);
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  stmt = _orga_store_prepare (self,
                              "SELECT learner_uuid, methods, email, username FROM student_accounts "
                              "WHERE organization_id = ?1", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, orga_organization_get_id (organization));
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      OrgaStudentAccount *account = orga_student_account_new (orga_db_column_text (stmt, 0),
                                                              sqlite3_column_int (stmt, 1),
                                                              orga_db_column_text (stmt, 2),
                                                              orga_db_column_text (stmt, 3));

      g_hash_table_replace (accounts, account->learner, account);
    }
  if (rc != SQLITE_DONE)
    {
      _orga_store_set_error (self, "student accounts", error);
      return NULL;
    }
  return g_steal_pointer (&accounts);
}

static gboolean
write_account (OrgaStore                *self,
               OrgaOrganization         *organization,
               const OrgaStudentAccount *account,
               const char               *now,
               GError                  **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  stmt = _orga_store_prepare (self,
                              "INSERT INTO student_accounts (organization_id, learner_uuid, methods, email, username, updated_at) "
                              "VALUES (?1, ?2, ?3, ?4, ?5, ?6) "
                              "ON CONFLICT (learner_uuid, organization_id) DO UPDATE SET "
                              "methods = ?3, email = ?4, username = ?5, updated_at = ?6", error);
  if (stmt != NULL)
    {
      sqlite3_bind_int64 (stmt, 1, orga_organization_get_id (organization));
      orga_db_bind_text (stmt, 2, account->learner);
      sqlite3_bind_int (stmt, 3, account->methods & ORGA_LOGIN_METHODS_ALL);
      orga_db_bind_text (stmt, 4, account->email);
      orga_db_bind_text (stmt, 5, account->username);
      orga_db_bind_text (stmt, 6, now);
    }
  return _orga_store_step_done (self, stmt, "student accounts", error);
}

gboolean
orga_store_replace_student_accounts (OrgaStore         *self,
                                     OrgaOrganization  *organization,
                                     GPtrArray         *accounts,
                                     GError           **error)
{
  g_autoptr(GHashTable) before = NULL;
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  g_autofree char *now = orga_store_now ();
  gboolean changed = FALSE;
  GHashTableIter iter;
  const char *uuid;

  g_return_val_if_fail (ORGA_IS_STORE (self), FALSE);
  g_return_val_if_fail (ORGA_IS_ORGANIZATION (organization), FALSE);
  g_return_val_if_fail (accounts != NULL, FALSE);

  if (!orga_store_begin (self, error))
    return FALSE;

  before = load_accounts (self, organization, error);
  if (before == NULL)
    goto failed;

  for (guint i = 0; i < accounts->len; i++)
    {
      const OrgaStudentAccount *account = g_ptr_array_index (accounts, i);
      const OrgaStudentAccount *old;

      if (account->learner == NULL)
        continue;
      g_hash_table_add (seen, account->learner);
      old = g_hash_table_lookup (before, account->learner);
      if (old != NULL && same_account (old, account))
        continue;
      if (!write_account (self, organization, account, now, error))
        goto failed;
      changed = TRUE;
    }

  /* Accounts no longer listed: unlinked on the server. */
  g_hash_table_iter_init (&iter, before);
  while (g_hash_table_iter_next (&iter, (gpointer *) &uuid, NULL))
    {
      g_autoptr(sqlite3_stmt) stmt = NULL;

      if (g_hash_table_contains (seen, uuid))
        continue;
      stmt = _orga_store_prepare (self,
                                  "DELETE FROM student_accounts WHERE organization_id = ?1 AND learner_uuid = ?2",
                                  error);
      if (stmt != NULL)
        {
          sqlite3_bind_int64 (stmt, 1, orga_organization_get_id (organization));
          orga_db_bind_text (stmt, 2, uuid);
        }
      if (!_orga_store_step_done (self, stmt, "student accounts", error))
        goto failed;
      changed = TRUE;
    }

  if (changed)
    _orga_store_mark (self, ORGA_STORE_CHANGE_LEARNERS, 0);
  return orga_store_commit (self, error);

failed:
  orga_store_rollback (self);
  return FALSE;
}

gboolean
orga_store_save_student_account (OrgaStore                *self,
                                 OrgaOrganization         *organization,
                                 const OrgaStudentAccount *account,
                                 GError                  **error)
{
  g_autofree char *now = orga_store_now ();

  g_return_val_if_fail (ORGA_IS_STORE (self), FALSE);
  g_return_val_if_fail (ORGA_IS_ORGANIZATION (organization), FALSE);
  g_return_val_if_fail (account != NULL && account->learner != NULL, FALSE);

  if (!orga_store_begin (self, error))
    return FALSE;
  if (!write_account (self, organization, account, now, error))
    {
      orga_store_rollback (self);
      return FALSE;
    }
  _orga_store_mark (self, ORGA_STORE_CHANGE_LEARNERS, 0);
  return orga_store_commit (self, error);
}

OrgaStudentAccount *
orga_store_get_student_account (OrgaStore         *self,
                                OrgaOrganization  *organization,
                                const char        *learner_uuid,
                                GError           **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  g_return_val_if_fail (ORGA_IS_STORE (self), NULL);
  g_return_val_if_fail (ORGA_IS_ORGANIZATION (organization), NULL);

  if (learner_uuid == NULL)
    return NULL;

  stmt = _orga_store_prepare (self,
                              "SELECT learner_uuid, methods, email, username FROM student_accounts "
                              "WHERE organization_id = ?1 AND learner_uuid = ?2", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, orga_organization_get_id (organization));
  orga_db_bind_text (stmt, 2, learner_uuid);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    return orga_student_account_new (orga_db_column_text (stmt, 0), sqlite3_column_int (stmt, 1),
                                     orga_db_column_text (stmt, 2), orga_db_column_text (stmt, 3));
  if (rc != SQLITE_DONE)
    _orga_store_set_error (self, "student accounts", error);
  return NULL;
}

GHashTable *
orga_store_login_methods_by_learner (OrgaStore         *self,
                                     OrgaOrganization  *organization,
                                     GError           **error)
{
  g_autoptr(GHashTable) methods = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  g_return_val_if_fail (ORGA_IS_STORE (self), NULL);
  g_return_val_if_fail (ORGA_IS_ORGANIZATION (organization), NULL);

  stmt = _orga_store_prepare (self,
                              "SELECT l.id, a.methods FROM student_accounts a "
                              "JOIN learners l ON l.uuid = a.learner_uuid AND l.organization_id = a.organization_id "
                              "WHERE a.organization_id = ?1", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, orga_organization_get_id (organization));
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 *id = g_new (gint64, 1);
      guint value = (sqlite3_column_int (stmt, 1) & ORGA_LOGIN_METHODS_ALL) | ORGA_STUDENT_ACCOUNT_LINKED;

      *id = sqlite3_column_int64 (stmt, 0);
      g_hash_table_insert (methods, id, GUINT_TO_POINTER (value));
    }
  if (rc != SQLITE_DONE)
    {
      _orga_store_set_error (self, "student accounts", error);
      return NULL;
    }
  return g_steal_pointer (&methods);
}
