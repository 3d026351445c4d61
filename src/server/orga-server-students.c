/* orga-server-students.c: students' accounts, sessions, reconciliation and
 * the teachers' API on them
 *
 * The rules are spec §2.5's (usernames, one-time passwords, bulk reset)
 * and the reconciliation of §1.1 (orga-student-rules.h). Passwords are
 * hashed with argon2id in the server's hashing threads
 * (orga_server_hash_password_async()); a bulk reset hashes every one-time
 * password there, side by side, then writes every row in one transaction.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "orga-server"

#include "config.h"

#include <sodium.h>
#include <string.h>

#include "orga-server-html.h"
#include "orga-server-routes.h"
#include "orga-server-students.h"
#include "orga-student-rules.h"

#define CODE_LENGTH 9
#define MAX_BULK 2000

/* Campaigns */

void
orga_joinable_campaign_free (OrgaJoinableCampaign *campaign)
{
  if (campaign == NULL)
    return;
  g_free (campaign->code);
  g_free (campaign->uuid);
  g_free (campaign->organization_id);
  g_free (campaign->organization_name);
  g_free (campaign->organization_uai);
  g_free (campaign->name);
  g_free (campaign->title);
  g_free (campaign->landing_text);
  g_free (campaign->type);
  g_free (campaign);
}

char *
orga_student_normalize_code (const char *text)
{
  GString *code;

  if (text == NULL || !g_utf8_validate (text, -1, NULL))
    return NULL;

  /* Read aloud in class, typed on a phone: "abc def 123" is a code. */
  code = g_string_new (NULL);
  for (const char *p = text; *p; p++)
    {
      if (g_ascii_isspace (*p))
        continue;
      if (!g_ascii_isalnum (*p) || code->len >= CODE_LENGTH)
        {
          g_string_free (code, TRUE);
          return NULL;
        }
      g_string_append_c (code, g_ascii_toupper (*p));
    }
  if (code->len != CODE_LENGTH)
    {
      g_string_free (code, TRUE);
      return NULL;
    }
  return g_string_free (code, FALSE);
}

OrgaJoinableCampaign *
orga_server_student_find_campaign (OrgaServer  *self,
                                   const char  *code,
                                   GError     **error)
{
  g_autofree char *normalized = orga_student_normalize_code (code);
  g_autoptr(OrgaServerRows) rows = NULL;
  OrgaJoinableCampaign *campaign;

  if (normalized == NULL)
    return (orga_server_set_error (error, ORGA_SERVER_ERROR_CAMPAIGN_CODE_INVALID, NULL), NULL);

  rows = orga_server_db_queryv (orga_server_get_db (self), error,
                                "SELECT c.uuid, c.organization_id, o.name, o.uai, c.name, c.title,"
                                " c.landing_text, c.type, c.multiple_sendings,"
                                " c.archived_at, c.deleted_at, o.archived_at"
                                " FROM sync_campaigns c JOIN organizations o ON o.id = c.organization_id"
                                " WHERE c.code = $1",
                                normalized, ORGA_SERVER_DB_END);
  if (rows == NULL)
    return NULL;
  if (orga_server_rows_get_n_rows (rows) == 0)
    return (orga_server_set_error (error, ORGA_SERVER_ERROR_CAMPAIGN_CODE_UNKNOWN, normalized), NULL);
  /* A deletion wins over an archive (spec §3.4). */
  if (orga_server_rows_get (rows, 0, 10) != NULL)
    return (orga_server_set_error (error, ORGA_SERVER_ERROR_CAMPAIGN_DELETED, NULL), NULL);
  if (orga_server_rows_get (rows, 0, 9) != NULL || orga_server_rows_get (rows, 0, 11) != NULL)
    return (orga_server_set_error (error, ORGA_SERVER_ERROR_CAMPAIGN_ARCHIVED, NULL), NULL);

  campaign = g_new0 (OrgaJoinableCampaign, 1);
  campaign->code = g_steal_pointer (&normalized);
  campaign->uuid = g_strdup (orga_server_rows_get (rows, 0, 0));
  campaign->organization_id = g_strdup (orga_server_rows_get (rows, 0, 1));
  campaign->organization_name = g_strdup (orga_server_rows_get (rows, 0, 2));
  campaign->organization_uai = g_strdup (orga_server_rows_get (rows, 0, 3));
  campaign->name = g_strdup (orga_server_rows_get (rows, 0, 4));
  campaign->title = g_strdup (orga_server_rows_get (rows, 0, 5));
  campaign->landing_text = g_strdup (orga_server_rows_get (rows, 0, 6));
  campaign->type = g_strdup (orga_server_rows_get (rows, 0, 7));
  campaign->multiple_sendings = orga_server_rows_get_int (rows, 0, 8) != 0;
  return campaign;
}

/* Sessions */

void
orga_student_account_free (OrgaStudentAccount *account)
{
  if (account == NULL)
    return;
  g_free (account->id);
  g_free (account->first_name);
  g_free (account->last_name);
  g_free (account->email);
  g_free (account->username);
  g_free (account);
}

/* The token of the cookie, or NULL. */
static char *
session_token (SoupServerMessage *msg)
{
  const char *cookie = soup_message_headers_get_one (soup_server_message_get_request_headers (msg),
                                                     "Cookie");
  g_auto(GStrv) parts = NULL;
  static const char prefix[] = ORGA_STUDENT_COOKIE "=";

  if (cookie == NULL)
    return NULL;
  parts = g_strsplit (cookie, ";", -1);
  for (guint i = 0; parts[i] != NULL; i++)
    {
      const char *part = g_strstrip (parts[i]);

      if (g_str_has_prefix (part, prefix) && strlen (part + strlen (prefix)) == 43)
        return g_strdup (part + strlen (prefix));
    }
  return NULL;
}

char *
orga_server_student_session_hash (SoupServerMessage *msg)
{
  g_autofree char *token = session_token (msg);

  return token ? orga_server_hash_token (token) : NULL;
}

OrgaStudentAccount *
orga_server_student_session_account (OrgaServer        *self,
                                     SoupServerMessage *msg)
{
  g_autofree char *hash = orga_server_student_session_hash (msg);
  g_autofree char *now = NULL;
  g_autoptr(OrgaServerRows) rows = NULL;
  g_autoptr(GError) error = NULL;
  OrgaStudentAccount *account;

  if (hash == NULL)
    return NULL;
  now = orga_server_now ();
  rows = orga_server_db_queryv (orga_server_get_db (self), &error,
                                "SELECT a.id, a.first_name, a.last_name, a.email, a.username,"
                                " a.should_change_password"
                                " FROM student_sessions s JOIN student_accounts a ON a.id = s.account_id"
                                " WHERE " ORGA_STUDENT_SESSION_SQL ("$1", "$2"),
                                hash, now, ORGA_SERVER_DB_END);
  if (rows == NULL)
    {
      orga_server_log_db_error ("student session", error);
      return NULL;
    }
  if (orga_server_rows_get_n_rows (rows) == 0)
    return NULL;

  account = g_new0 (OrgaStudentAccount, 1);
  account->id = g_strdup (orga_server_rows_get (rows, 0, 0));
  account->first_name = g_strdup (orga_server_rows_get (rows, 0, 1));
  account->last_name = g_strdup (orga_server_rows_get (rows, 0, 2));
  account->email = g_strdup (orga_server_rows_get (rows, 0, 3));
  account->username = g_strdup (orga_server_rows_get (rows, 0, 4));
  account->should_change_password = orga_server_rows_get_int (rows, 0, 5) != 0;
  return account;
}

char *
orga_server_student_from_request (OrgaServer        *self,
                                  SoupServerMessage *msg)
{
  g_autoptr(OrgaStudentAccount) account = NULL;

  g_return_val_if_fail (ORGA_IS_SERVER (self), NULL);
  g_return_val_if_fail (SOUP_IS_SERVER_MESSAGE (msg), NULL);

  account = orga_server_student_session_account (self, msg);
  if (account == NULL || account->should_change_password)
    return NULL;
  return g_steal_pointer (&account->id);
}

char *
orga_server_student_get_learner (OrgaServer  *self,
                                 const char  *account_id,
                                 const char  *organization_id,
                                 GError     **error)
{
  g_autoptr(OrgaServerRows) rows = NULL;

  g_return_val_if_fail (ORGA_IS_SERVER (self), NULL);

  if (account_id == NULL || organization_id == NULL)
    return NULL;
  rows = orga_server_db_queryv (orga_server_get_db (self), error,
                                ORGA_STUDENT_LEARNER_SQL ("$1", "$2"),
                                account_id, organization_id, ORGA_SERVER_DB_END);
  if (rows == NULL || orga_server_rows_get_n_rows (rows) == 0)
    return NULL;
  return g_strdup (orga_server_rows_get (rows, 0, 0));
}

gboolean
orga_server_student_start_session (OrgaServer         *self,
                                   SoupServerMessage  *msg,
                                   const char         *account_id,
                                   GError            **error)
{
  g_autofree char *token = orga_server_random_token ();
  g_autofree char *hash = orga_server_hash_token (token);
  g_autofree char *now = orga_server_now ();
  g_autofree char *expiry = orga_server_time_after ((gint64) ORGA_SESSION_DAYS * 24 * 3600);
  g_autofree char *cookie = NULL;

  if (!orga_server_db_execv (orga_server_get_db (self), NULL, error,
                             "INSERT INTO student_sessions (token_hash, account_id, created_at, expires_at)"
                             " VALUES ($1, $2, $3, $4)",
                             hash, account_id, now, expiry, ORGA_SERVER_DB_END))
    return FALSE;

  /* Lax, not Strict: the link of a campaign comes from another site (the
   * school's ENT, a mail) and must open signed in. Appended: the CSRF
   * cookie of the same answer is another Set-Cookie. */
  cookie = g_strdup_printf (ORGA_STUDENT_COOKIE "=%s; Path=/; Max-Age=%d; HttpOnly; SameSite=Lax%s",
                            token, ORGA_SESSION_DAYS * 24 * 3600,
                            orga_html_is_https (self) ? "; Secure" : "");
  soup_message_headers_append (soup_server_message_get_response_headers (msg), "Set-Cookie", cookie);
  return TRUE;
}

void
orga_server_student_end_session (OrgaServer        *self,
                                 SoupServerMessage *msg)
{
  g_autofree char *token = session_token (msg);
  g_autofree char *cookie = NULL;

  if (token != NULL)
    {
      g_autofree char *hash = orga_server_hash_token (token);
      g_autofree char *now = orga_server_now ();
      g_autoptr(GError) error = NULL;

      if (!orga_server_db_execv (orga_server_get_db (self), NULL, &error,
                                 "UPDATE student_sessions SET revoked_at = $2"
                                 " WHERE token_hash = $1 AND revoked_at IS NULL",
                                 hash, now, ORGA_SERVER_DB_END))
        orga_server_log_db_error ("student sign-out", error);
    }
  cookie = g_strdup_printf (ORGA_STUDENT_COOKIE "=; Path=/; Max-Age=0; HttpOnly; SameSite=Lax%s",
                            orga_html_is_https (self) ? "; Secure" : "");
  soup_message_headers_append (soup_server_message_get_response_headers (msg), "Set-Cookie", cookie);
}

/* Accounts */

typedef struct
{
  char *account_id;
  char *first_name;
  char *last_name;
  char *email;
  char *password;
} StudentData;

static void
student_data_free (StudentData *data)
{
  g_free (data->account_id);
  g_free (data->first_name);
  g_free (data->last_name);
  g_free (data->email);
  if (data->password != NULL)
    sodium_memzero (data->password, strlen (data->password));
  g_free (data->password);
  g_free (data);
}

static void
sign_up_hashed (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  OrgaServer *self = ORGA_SERVER (object);
  g_autoptr(GTask) task = user_data;
  StudentData *data = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autofree char *hash = orga_server_hash_password_finish (self, result, &error);
  g_autofree char *id = NULL;
  g_autofree char *now = NULL;

  if (hash == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  id = g_uuid_string_random ();
  now = orga_server_now ();
  if (!orga_server_db_execv (orga_server_get_db (self), NULL, &error,
                             "INSERT INTO student_accounts (id, first_name, last_name, email, username,"
                             " password_hash, should_change_password, pix_terms_accepted, created_at, updated_at)"
                             " VALUES ($1, $2, $3, $4, NULL, $5, 0, 1, $6, $6)",
                             id, data->first_name, data->last_name, data->email, hash, now,
                             ORGA_SERVER_DB_END))
    {
      /* Taken between the check and now, by another request. */
      if (g_error_matches (error, ORGA_SERVER_DB_ERROR, ORGA_SERVER_DB_ERROR_CONSTRAINT))
        {
          g_clear_error (&error);
          orga_server_set_error (&error, ORGA_SERVER_ERROR_EMAIL_TAKEN, NULL);
        }
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  g_task_return_pointer (task, g_steal_pointer (&id), g_free);
}

void
orga_server_student_sign_up_async (OrgaServer          *self,
                                   const char          *first_name,
                                   const char          *last_name,
                                   const char          *email,
                                   const char          *password,
                                   gboolean             accept_terms,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (self, NULL, callback, user_data);
  g_autoptr(GError) error = NULL;
  g_autoptr(OrgaServerRows) rows = NULL;
  StudentData *data = g_new0 (StudentData, 1);

  g_task_set_source_tag (task, orga_server_student_sign_up_async);
  g_task_set_task_data (task, data, (GDestroyNotify) student_data_free);

  /* The staff's rules and order (POST /users). */
  if (!orga_server_check_sign_up (first_name, last_name, email, password, accept_terms,
                                  &data->first_name, &data->last_name, &data->email, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  rows = orga_server_db_queryv (orga_server_get_db (self), &error,
                                "SELECT id FROM student_accounts WHERE email = $1",
                                data->email, ORGA_SERVER_DB_END);
  if (rows == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  if (orga_server_rows_get_n_rows (rows) > 0)
    {
      orga_server_set_error (&error, ORGA_SERVER_ERROR_EMAIL_TAKEN, NULL);
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  orga_server_hash_password_async (self, password, sign_up_hashed, g_steal_pointer (&task));
}

char *
orga_server_student_sign_up_finish (OrgaServer    *self,
                                    GAsyncResult  *result,
                                    GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
sign_in_checked (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  StudentData *data = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;

  if (!orga_server_check_student_password_finish (ORGA_SERVER (object), result, &error))
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, g_steal_pointer (&data->account_id), g_free);
}

void
orga_server_student_sign_in_async (OrgaServer          *self,
                                   const char          *identifier,
                                   const char          *password,
                                   const char          *client_address,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (self, NULL, callback, user_data);
  g_autoptr(GError) error = NULL;
  g_autoptr(OrgaServerRows) rows = NULL;
  g_autofree char *key = orga_server_trimmed (identifier);
  StudentData *data = g_new0 (StudentData, 1);
  const char *hash = NULL;

  g_task_set_source_tag (task, orga_server_student_sign_in_async);
  g_task_set_task_data (task, data, (GDestroyNotify) student_data_free);

  if (!g_utf8_validate (key, -1, NULL))
    {
      g_free (key);
      key = g_strdup ("");
    }
  {
    char *lower = g_utf8_strdown (key, -1);
    g_free (key);
    key = lower;
  }

  /* An address has an "@", a username never. */
  if (*key != '\0')
    {
      rows = orga_server_db_queryv (orga_server_get_db (self), &error,
                                    strchr (key, '@') != NULL
                                    ? "SELECT id, password_hash FROM student_accounts WHERE email = $1"
                                    : "SELECT id, password_hash FROM student_accounts WHERE username = $1",
                                    key, ORGA_SERVER_DB_END);
      if (rows == NULL)
        {
          g_task_return_error (task, g_steal_pointer (&error));
          return;
        }
      if (orga_server_rows_get_n_rows (rows) > 0)
        {
          data->account_id = g_strdup (orga_server_rows_get (rows, 0, 0));
          hash = orga_server_rows_get (rows, 0, 1);
        }
    }

  orga_server_check_student_password_async (self, key, hash, password, client_address,
                                            sign_in_checked, g_steal_pointer (&task));
}

char *
orga_server_student_sign_in_finish (OrgaServer    *self,
                                    GAsyncResult  *result,
                                    GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
change_hashed (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  OrgaServer *self = ORGA_SERVER (object);
  g_autoptr(GTask) task = user_data;
  StudentData *data = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autofree char *hash = orga_server_hash_password_finish (self, result, &error);
  g_autofree char *now = orga_server_now ();

  if (hash == NULL
      || !orga_server_db_execv (orga_server_get_db (self), NULL, &error,
                                "UPDATE student_accounts SET password_hash = $2,"
                                " should_change_password = 0, updated_at = $3 WHERE id = $1",
                                data->account_id, hash, now, ORGA_SERVER_DB_END))
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_boolean (task, TRUE);
}

void
orga_server_student_change_password_async (OrgaServer          *self,
                                           const char          *account_id,
                                           const char          *password,
                                           GAsyncReadyCallback  callback,
                                           gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (self, NULL, callback, user_data);
  StudentData *data = g_new0 (StudentData, 1);

  g_task_set_source_tag (task, orga_server_student_change_password_async);
  g_task_set_task_data (task, data, (GDestroyNotify) student_data_free);
  data->account_id = g_strdup (account_id);

  if (!orga_server_password_is_valid (password) || strlen (password) > 1024)
    {
      g_autoptr(GError) error = NULL;

      orga_server_set_error (&error, ORGA_SERVER_ERROR_INVALID_PASSWORD, NULL);
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  orga_server_hash_password_async (self, password, change_hashed, g_steal_pointer (&task));
}

gboolean
orga_server_student_change_password_finish (OrgaServer    *self,
                                            GAsyncResult  *result,
                                            GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* Reconciliation */

char *
orga_student_mask_username (const char *username)
{
  GString *out = g_string_new (NULL);
  gboolean start = TRUE;

  /* The first letter of each part and the digits: enough to recognise
   * one's own, not to sign in with it. */
  for (const char *p = username ? username : ""; *p; p++)
    {
      if (*p == '.')
        {
          g_string_append_c (out, '.');
          start = TRUE;
        }
      else if (g_ascii_isdigit (*p))
        g_string_append_c (out, *p);
      else if (start)
        {
          g_string_append_c (out, *p);
          g_string_append (out, "***");
          start = FALSE;
        }
    }
  return g_string_free (out, FALSE);
}

static gboolean
birthdate_is_valid (const char *birthdate)
{
  guint64 year, month, day;
  g_auto(GStrv) parts = NULL;

  if (birthdate == NULL || strlen (birthdate) != 10 || birthdate[4] != '-' || birthdate[7] != '-')
    return FALSE;
  parts = g_strsplit (birthdate, "-", 3);
  if (!g_ascii_string_to_unsigned (parts[0], 10, 1900, 2200, &year, NULL)
      || !g_ascii_string_to_unsigned (parts[1], 10, 1, 12, &month, NULL)
      || !g_ascii_string_to_unsigned (parts[2], 10, 1, 31, &day, NULL))
    return FALSE;
  return g_date_valid_dmy ((GDateDay) day, (GDateMonth) month, (GDateYear) year);
}

char *
orga_server_student_reconcile (OrgaServer  *self,
                               const char  *account_id,
                               const char  *organization_id,
                               const char  *first_name,
                               const char  *last_name,
                               const char  *birthdate,
                               GError     **error)
{
  OrgaServerDb *db = orga_server_get_db (self);
  g_autofree char *first = orga_server_trimmed (first_name);
  g_autofree char *last = orga_server_trimmed (last_name);
  g_autofree char *linked = NULL;
  g_autofree char *now = NULL;
  g_autoptr(OrgaServerRows) learners = NULL;
  g_autoptr(OrgaServerRows) links = NULL;
  g_autoptr(GError) db_error = NULL;
  const char *match = NULL;
  guint n_matches = 0;

  if (!orga_server_name_is_valid (first))
    return (orga_server_set_error (error, ORGA_SERVER_ERROR_FIRST_NAME_MISSING, NULL), NULL);
  if (!orga_server_name_is_valid (last))
    return (orga_server_set_error (error, ORGA_SERVER_ERROR_LAST_NAME_MISSING, NULL), NULL);
  if (!birthdate_is_valid (birthdate))
    return (orga_server_set_error (error, ORGA_SERVER_ERROR_BIRTHDATE_INVALID, NULL), NULL);

  linked = orga_server_student_get_learner (self, account_id, organization_id, &db_error);
  if (db_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&db_error));
      return NULL;
    }
  if (linked != NULL)
    return g_steal_pointer (&linked);

  /* Only the students the school has now: not a disabled one (who left),
   * nor one an undone import took back. The birth date narrows in SQL;
   * the names are compared with the rule's tolerance. */
  learners = orga_server_db_queryv (db, error,
                                    "SELECT uuid, first_name, middle_name, third_name, last_name,"
                                    " preferred_last_name, birthdate FROM sync_learners"
                                    " WHERE organization_id = $1 AND birthdate = $2"
                                    "  AND removed = 0 AND disabled_at IS NULL",
                                    organization_id, birthdate, ORGA_SERVER_DB_END);
  if (learners == NULL)
    return NULL;
  for (guint i = 0; i < orga_server_rows_get_n_rows (learners); i++)
    {
      OrgaReconcileCandidate candidate = {
        .first_name = orga_server_rows_get (learners, i, 1),
        .middle_name = orga_server_rows_get (learners, i, 2),
        .third_name = orga_server_rows_get (learners, i, 3),
        .last_name = orga_server_rows_get (learners, i, 4),
        .preferred_last_name = orga_server_rows_get (learners, i, 5),
        .birthdate = orga_server_rows_get (learners, i, 6),
      };

      if (candidate.first_name == NULL || candidate.last_name == NULL)
        continue;
      if (orga_reconcile_matches (&candidate, first, last, birthdate))
        {
          match = orga_server_rows_get (learners, i, 0);
          n_matches++;
        }
    }
  /* Two students alike: which one is for a teacher to say. */
  if (n_matches != 1)
    return (orga_server_set_error (error, ORGA_SERVER_ERROR_RECONCILE_NO_MATCH, NULL), NULL);

  links = orga_server_db_queryv (db, error,
                                 "SELECT l.account_id, a.username FROM student_links l"
                                 " JOIN student_accounts a ON a.id = l.account_id"
                                 " WHERE l.organization_id = $1 AND l.learner = $2",
                                 organization_id, match, ORGA_SERVER_DB_END);
  if (links == NULL)
    return NULL;
  if (orga_server_rows_get_n_rows (links) > 0)
    {
      const char *username = orga_server_rows_get (links, 0, 1);
      g_autofree char *masked = NULL;
      g_autofree char *argument = NULL;

      if (g_strcmp0 (orga_server_rows_get (links, 0, 0), account_id) == 0)
        return g_strdup (match);   /* a learner no longer active came back */
      if (username != NULL)
        {
          masked = orga_student_mask_username (username);
          argument = g_strdup_printf (" (identifiant %s)", masked);
        }
      return (orga_server_set_error (error, ORGA_SERVER_ERROR_LEARNER_ALREADY_LINKED, argument), NULL);
    }

  now = orga_server_now ();
  if (!orga_server_db_execv (db, NULL, &db_error,
                             "INSERT INTO student_links (organization_id, learner, account_id, created_at)"
                             " VALUES ($1, $2, $3, $4)",
                             organization_id, match, account_id, now, ORGA_SERVER_DB_END))
    {
      if (!g_error_matches (db_error, ORGA_SERVER_DB_ERROR, ORGA_SERVER_DB_ERROR_CONSTRAINT))
        {
          g_propagate_error (error, g_steal_pointer (&db_error));
          return NULL;
        }
      /* Either key: the learner taken meanwhile, or this account linked
       * to another learner of the space. */
      g_clear_pointer (&links, orga_server_rows_free);
      links = orga_server_db_queryv (db, error,
                                     "SELECT account_id FROM student_links"
                                     " WHERE organization_id = $1 AND learner = $2",
                                     organization_id, match, ORGA_SERVER_DB_END);
      if (links == NULL)
        return NULL;
      if (orga_server_rows_get_n_rows (links) > 0
          && g_strcmp0 (orga_server_rows_get (links, 0, 0), account_id) != 0)
        return (orga_server_set_error (error, ORGA_SERVER_ERROR_LEARNER_ALREADY_LINKED, NULL), NULL);
      return (orga_server_set_error (error, ORGA_SERVER_ERROR_ACCOUNT_ALREADY_LINKED, NULL), NULL);
    }
  return g_strdup (match);
}

/* The teachers' API (spec §2.5) */

typedef enum
{
  JOB_USERNAME,        /* POST …/students/{learner}/username */
  JOB_RESET,           /* POST …/students/{learner}/password-reset */
  JOB_BULK,            /* POST …/students/password-reset */
} JobKind;

typedef struct
{
  char *learner;
  char *first_name;
  char *last_name;
  char *birthdate;
  char *division;
  char *account_id;    /* NULL: an account is created */
  char *old_username;
  char *username;      /* after: the account's username, NULL if none */
  char *password;
  char *hash;
} JobItem;

static void
job_item_free (JobItem *item)
{
  g_free (item->learner);
  g_free (item->first_name);
  g_free (item->last_name);
  g_free (item->birthdate);
  g_free (item->division);
  g_free (item->account_id);
  g_free (item->old_username);
  g_free (item->username);
  if (item->password != NULL)
    sodium_memzero (item->password, strlen (item->password));
  g_free (item->password);
  g_free (item->hash);
  g_free (item);
}

typedef struct
{
  OrgaRequest *req;
  JobKind kind;
  GPtrArray *items;    /* JobItem */
  guint pending;
  GError *error;
} Job;

static void
job_free (Job *job)
{
  orga_request_unref (job->req);
  g_ptr_array_unref (job->items);
  g_clear_error (&job->error);
  g_free (job);
}

/* The learner of the request's space, active, with its account if any;
 * NULL with LEARNER_NOT_FOUND. */
static JobItem *
load_item (OrgaRequest  *req,
           const char   *learner,
           GError      **error)
{
  g_autoptr(OrgaServerRows) rows = NULL;
  JobItem *item;

  rows = orga_server_db_queryv (req->db, error,
                                "SELECT sl.uuid, sl.first_name, sl.last_name, sl.birthdate, sl.division,"
                                " a.id, a.username"
                                " FROM sync_learners sl"
                                " LEFT JOIN student_links l ON l.organization_id = sl.organization_id"
                                "  AND l.learner = sl.uuid"
                                " LEFT JOIN student_accounts a ON a.id = l.account_id"
                                " WHERE sl.organization_id = $1 AND sl.uuid = $2"
                                "  AND sl.removed = 0 AND sl.disabled_at IS NULL",
                                req->org_id, learner, ORGA_SERVER_DB_END);
  if (rows == NULL)
    return NULL;
  if (orga_server_rows_get_n_rows (rows) == 0)
    return (orga_server_set_error (error, ORGA_SERVER_ERROR_LEARNER_NOT_FOUND, NULL), NULL);

  item = g_new0 (JobItem, 1);
  item->learner = g_strdup (orga_server_rows_get (rows, 0, 0));
  item->first_name = g_strdup (orga_server_rows_get (rows, 0, 1));
  item->last_name = g_strdup (orga_server_rows_get (rows, 0, 2));
  item->birthdate = g_strdup (orga_server_rows_get (rows, 0, 3));
  item->division = g_strdup (orga_server_rows_get (rows, 0, 4));
  item->account_id = g_strdup (orga_server_rows_get (rows, 0, 5));
  item->old_username = g_strdup (orga_server_rows_get (rows, 0, 6));
  item->username = g_strdup (item->old_username);
  return item;
}

typedef struct
{
  OrgaServerDb *db;
  GHashTable *batch;   /* the usernames given earlier in the same request */
  gboolean failed;
} TakenCheck;

static gboolean
username_taken (const char *username,
                gpointer    user_data)
{
  TakenCheck *check = user_data;
  g_autoptr(OrgaServerRows) rows = NULL;
  g_autoptr(GError) error = NULL;

  if (g_hash_table_contains (check->batch, username))
    return TRUE;
  rows = orga_server_db_queryv (check->db, &error,
                                "SELECT 1 FROM student_accounts WHERE username = $1",
                                username, ORGA_SERVER_DB_END);
  if (rows == NULL)
    {
      /* Taken, as far as we know: the loop stops on its own. */
      orga_server_log_db_error ("username check", error);
      check->failed = TRUE;
      return TRUE;
    }
  return orga_server_rows_get_n_rows (rows) > 0;
}

/* §2.5: the learner's names and birth date, and the collision rule. */
static gboolean
give_username (JobItem     *item,
               TakenCheck  *check,
               GError     **error)
{
  if (item->birthdate == NULL || *item->birthdate == '\0')
    return orga_server_set_error (error, ORGA_SERVER_ERROR_STUDENT_BIRTHDATE_MISSING, NULL);

  item->username = orga_username_generate_free (item->first_name, item->last_name, item->birthdate,
                                                username_taken, check, NULL);
  if (check->failed)
    return orga_server_set_error (error, ORGA_SERVER_ERROR_INTERNAL, NULL);
  if (item->username == NULL)
    return orga_server_set_error (error, ORGA_SERVER_ERROR_USERNAME_IMPOSSIBLE, NULL);
  g_hash_table_add (check->batch, g_strdup (item->username));
  return TRUE;
}

static int
compare_items (gconstpointer a,
               gconstpointer b)
{
  const JobItem *x = *(JobItem **) a;
  const JobItem *y = *(JobItem **) b;
  int c;

  if ((c = g_strcmp0 (x->division, y->division)) != 0)
    return c;
  if ((c = g_utf8_collate (x->last_name, y->last_name)) != 0)
    return c;
  return g_utf8_collate (x->first_name, y->first_name);
}

static void
job_reply (Job *job)
{
  g_autoptr(GString) out = g_string_sized_new (256 + job->items->len * 160);
  OrgaJsonWriter writer = ORGA_JSON_WRITER_INIT (out);

  orga_json_writer_begin_object (&writer);
  if (job->kind != JOB_BULK)
    {
      JobItem *item = g_ptr_array_index (job->items, 0);

      orga_json_writer_add_string (&writer, "username", item->username);
      orga_json_writer_add_string (&writer, "password", item->password);
    }
  else
    {
      /* The slips are handed out class by class. */
      g_ptr_array_sort (job->items, compare_items);
      orga_json_writer_member (&writer, "accounts");
      orga_json_writer_begin_array (&writer);
      for (guint i = 0; i < job->items->len; i++)
        {
          JobItem *item = g_ptr_array_index (job->items, i);

          orga_json_writer_begin_object (&writer);
          orga_json_writer_add_string (&writer, "learner", item->learner);
          orga_json_writer_add_string (&writer, "division", item->division);
          orga_json_writer_add_string (&writer, "last_name", item->last_name);
          orga_json_writer_add_string (&writer, "first_name", item->first_name);
          orga_json_writer_add_string (&writer, "username", item->username);
          orga_json_writer_add_string (&writer, "password", item->password);
          orga_json_writer_end_object (&writer);
        }
      orga_json_writer_end_array (&writer);
    }
  orga_json_writer_end_object (&writer);
  orga_request_reply_text (job->req, SOUP_STATUS_OK, g_steal_pointer (&out));
}

/* Every row in one transaction: all or nothing. */
static gboolean
job_apply (Job     *job,
           GError **error)
{
  OrgaServerDb *db = job->req->db;
  g_autofree char *now = orga_server_now ();

  if (!orga_server_db_begin (db, error))
    return FALSE;

  for (guint i = 0; i < job->items->len; i++)
    {
      JobItem *item = g_ptr_array_index (job->items, i);
      gint64 changes = 0;

      if (item->account_id == NULL)
        {
          item->account_id = g_uuid_string_random ();
          if (!orga_server_db_execv (db, NULL, error,
                                     "INSERT INTO student_accounts (id, first_name, last_name, email,"
                                     " username, password_hash, should_change_password, pix_terms_accepted,"
                                     " created_at, updated_at)"
                                     " VALUES ($1, $2, $3, NULL, $4, $5, 1, 0, $6, $6)",
                                     item->account_id, item->first_name, item->last_name, item->username,
                                     item->hash, now, ORGA_SERVER_DB_END)
              || !orga_server_db_execv (db, NULL, error,
                                        "INSERT INTO student_links (organization_id, learner, account_id, created_at)"
                                        " VALUES ($1, $2, $3, $4)",
                                        job->req->org_id, item->learner, item->account_id, now,
                                        ORGA_SERVER_DB_END))
            goto failed;
          continue;
        }

      /* The new password ends the sessions opened with the old one. */
      if (!orga_server_db_execv (db, &changes, error,
                                 "UPDATE student_accounts SET username = $2, password_hash = $3,"
                                 " should_change_password = 1, updated_at = $4 WHERE id = $1",
                                 item->account_id, item->username, item->hash, now, ORGA_SERVER_DB_END)
          || !orga_server_db_execv (db, NULL, error,
                                    "UPDATE student_sessions SET revoked_at = $2"
                                    " WHERE account_id = $1 AND revoked_at IS NULL",
                                    item->account_id, now, ORGA_SERVER_DB_END))
        goto failed;
      if (item->username != NULL)
        {
          g_autofree char *key = g_strconcat ("student:", item->username, NULL);

          if (!orga_server_db_execv (db, NULL, error, "DELETE FROM sign_in_failures WHERE key = $1",
                                     key, ORGA_SERVER_DB_END))
            goto failed;
        }
    }

  if (!orga_server_db_commit (db, error))
    goto failed;
  return TRUE;

failed:
  orga_server_db_rollback (db);
  return FALSE;
}

typedef struct
{
  Job *job;
  JobItem *item;
} JobHash;

static void
job_hashed (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autofree JobHash *hash_data = user_data;
  Job *job = hash_data->job;
  g_autoptr(GError) error = NULL;

  hash_data->item->hash = orga_server_hash_password_finish (ORGA_SERVER (object), result, &error);
  if (hash_data->item->hash == NULL && job->error == NULL)
    job->error = g_steal_pointer (&error);
  if (--job->pending > 0)
    return;

  if (job->error == NULL)
    job_apply (job, &job->error);
  if (job->error != NULL)
    {
      if (g_error_matches (job->error, ORGA_SERVER_DB_ERROR, ORGA_SERVER_DB_ERROR_CONSTRAINT))
        {
          /* Another request gave the same username or linked the learner
           * between our checks and our write: nothing was written. */
          orga_server_log_db_error ("students' accounts", job->error);
          orga_request_reply_code (job->req, ORGA_SERVER_ERROR_INTERNAL, NULL);
        }
      else
        orga_request_reply_error (job->req, job->error);
    }
  else
    job_reply (job);
  job_free (job);
}

/* Checks and prepares every item, then hashes the passwords side by side
 * in the hashing threads; the last hash applies them all. */
static void
job_run (OrgaRequest *req,
         JobKind      kind,
         GPtrArray   *learners)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  TakenCheck check = { req->db, g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL), FALSE };
  Job *job = g_new0 (Job, 1);

  job->req = orga_request_ref (req);
  job->kind = kind;
  job->items = g_ptr_array_new_with_free_func ((GDestroyNotify) job_item_free);

  for (guint i = 0; i < learners->len; i++)
    {
      const char *learner = g_ptr_array_index (learners, i);
      JobItem *item;

      if (!g_hash_table_add (seen, (gpointer) learner))
        continue;
      item = load_item (req, learner, &error);
      if (item == NULL)
        goto refused;
      g_ptr_array_add (job->items, item);
    }

  for (guint i = 0; i < job->items->len; i++)
    {
      JobItem *item = g_ptr_array_index (job->items, i);

      if (kind == JOB_USERNAME && item->old_username != NULL)
        {
          orga_server_set_error (&error, ORGA_SERVER_ERROR_STUDENT_HAS_USERNAME, item->old_username);
          goto refused;
        }
      if (kind == JOB_RESET && item->account_id == NULL)
        {
          orga_server_set_error (&error, ORGA_SERVER_ERROR_STUDENT_NO_ACCOUNT, NULL);
          goto refused;
        }
      /* A reset of one leaves an e-mail-only account as it is; the bulk
       * reset gives every selected learner a username (§2.5). */
      if (item->username == NULL && kind != JOB_RESET && !give_username (item, &check, &error))
        goto refused;
      item->password = orga_one_time_password_generate (NULL);
    }
  g_hash_table_unref (check.batch);

  orga_request_pause (req);
  job->pending = job->items->len;
  for (guint i = 0; i < job->items->len; i++)
    {
      JobHash *hash_data = g_new0 (JobHash, 1);

      hash_data->job = job;
      hash_data->item = g_ptr_array_index (job->items, i);
      orga_server_hash_password_async (req->server, hash_data->item->password, job_hashed, hash_data);
    }
  return;

refused:
  g_hash_table_unref (check.batch);
  orga_request_reply_error (req, error);
  job_free (job);
}

void
orga_server_handle_student_accounts (OrgaRequest *req)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(OrgaServerRows) rows = NULL;
  g_autoptr(GString) out = NULL;
  OrgaJsonWriter writer;
  guint n;

  rows = orga_server_db_queryv (req->db, &error,
                                "SELECT l.learner, a.email, a.username FROM student_links l"
                                " JOIN student_accounts a ON a.id = l.account_id"
                                " WHERE l.organization_id = $1 ORDER BY l.learner",
                                req->org_id, ORGA_SERVER_DB_END);
  if (rows == NULL)
    {
      orga_request_reply_error (req, error);
      return;
    }

  n = orga_server_rows_get_n_rows (rows);
  out = g_string_sized_new (64 + n * 128);
  writer = (OrgaJsonWriter) ORGA_JSON_WRITER_INIT (out);
  orga_json_writer_begin_object (&writer);
  orga_json_writer_member (&writer, "accounts");
  orga_json_writer_begin_array (&writer);
  for (guint i = 0; i < n; i++)
    {
      const char *email = orga_server_rows_get (rows, i, 1);
      const char *username = orga_server_rows_get (rows, i, 2);

      orga_json_writer_begin_object (&writer);
      orga_json_writer_add_string (&writer, "learner", orga_server_rows_get (rows, i, 0));
      orga_json_writer_member (&writer, "methods");
      orga_json_writer_begin_array (&writer);
      if (email != NULL)
        orga_json_writer_string (&writer, "email");
      if (username != NULL)
        orga_json_writer_string (&writer, "username");
      orga_json_writer_end_array (&writer);
      orga_json_writer_add_string (&writer, "email", email);
      orga_json_writer_add_string (&writer, "username", username);
      orga_json_writer_end_object (&writer);
    }
  orga_json_writer_end_array (&writer);
  orga_json_writer_end_object (&writer);
  orga_request_reply_text (req, SOUP_STATUS_OK, g_steal_pointer (&out));
}

static void
handle_one (OrgaRequest *req,
            JobKind      kind)
{
  g_autoptr(GPtrArray) learners = g_ptr_array_new ();

  g_ptr_array_add (learners, req->params[1]);
  job_run (req, kind, learners);
}

void
orga_server_handle_student_username (OrgaRequest *req)
{
  handle_one (req, JOB_USERNAME);
}

void
orga_server_handle_student_reset (OrgaRequest *req)
{
  handle_one (req, JOB_RESET);
}

void
orga_server_handle_students_reset (OrgaRequest *req)
{
  g_autoptr(GPtrArray) learners = g_ptr_array_new ();
  JsonNode *node = json_object_get_member (req->body, "learners");
  JsonArray *array;

  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    {
      orga_request_reply_code (req, ORGA_SERVER_ERROR_MALFORMED_REQUEST, NULL);
      return;
    }
  array = json_node_get_array (node);
  if (json_array_get_length (array) == 0 || json_array_get_length (array) > MAX_BULK)
    {
      orga_request_reply_code (req, ORGA_SERVER_ERROR_MALFORMED_REQUEST, NULL);
      return;
    }
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *element = json_array_get_element (array, i);

      if (!JSON_NODE_HOLDS_VALUE (element) || json_node_get_value_type (element) != G_TYPE_STRING
          || !g_utf8_validate (json_node_get_string (element), -1, NULL))
        {
          orga_request_reply_code (req, ORGA_SERVER_ERROR_MALFORMED_REQUEST, NULL);
          return;
        }
      g_ptr_array_add (learners, (gpointer) json_node_get_string (element));
    }
  job_run (req, JOB_BULK, learners);
}
