/* orga-server-students.h: students' accounts, sessions and links
 *
 * A student's Pix account (student_accounts, schema 004) is apart from
 * the staff's users: a student may have no e-mail at all, only the
 * username and one-time password a teacher printed (spec §2.5). A
 * student signs in on the pages of /campagnes (orga-server-students-web.c)
 * and keeps a browser session in the cookie "orga_eleve" (a random token;
 * the table keeps its SHA-256). Reconciliation links the account to one
 * of the space's imported learners (student_links), after which the
 * student may take that space's campaigns.
 *
 * The refusals are GErrors of ORGA_SERVER_ERROR (orga-server-private.h)
 * whose message is the French sentence to show.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <libsoup/soup.h>

#include "orga-server.h"

G_BEGIN_DECLS

#define ORGA_STUDENT_COOKIE "orga_eleve"

/* The two functions the test's pages (/campagnes/{CODE}/evaluation) use. */

/* The account id of the signed-in student (a valid "orga_eleve" cookie),
 * or NULL: no cookie, an unknown, revoked or expired session, or a
 * one-time password still to change (the student must first go through
 * /campagnes/{CODE}). */
char     *orga_server_student_from_request  (OrgaServer         *self,
                                             SoupServerMessage  *msg);
/* The uuid of the learner of @organization_id that @account_id is linked
 * to, or NULL (no error) when there is none or that learner is no longer
 * active (disabled, or removed by an undone import): the student then goes
 * back to /campagnes/{CODE}. An error only when the database fails. */
char     *orga_server_student_get_learner   (OrgaServer         *self,
                                             const char         *account_id,
                                             const char         *organization_id,
                                             GError            **error);

/* For a page that reads the session, the link and its own rows in one
 * query (on PostgreSQL each query is a round trip): the SHA-256 of the
 * cookie's token (NULL: none), and the SQL of the two functions above.
 * ORGA_STUDENT_SESSION_SQL: the condition on student_sessions s of a live
 * session of token hash @hash at time @now (SQL expressions); the student
 * is signed in when their account's should_change_password is 0 too.
 * ORGA_STUDENT_LEARNER_SQL: the query of the active learner of space @org
 * linked to @account. */
char     *orga_server_student_session_hash  (SoupServerMessage  *msg);
#define ORGA_STUDENT_SESSION_SQL(hash, now) \
  "s.token_hash = " hash " AND s.revoked_at IS NULL AND s.expires_at > " now
#define ORGA_STUDENT_LEARNER_SQL(account, org) \
  "SELECT l.learner FROM student_links l" \
  " JOIN sync_learners sl ON sl.organization_id = l.organization_id AND sl.uuid = l.learner" \
  " WHERE l.account_id = " account " AND l.organization_id = " org \
  " AND sl.removed = 0 AND sl.disabled_at IS NULL"

/* A campaign found by its code, with its space. */
typedef struct
{
  char *code;
  char *uuid;
  char *organization_id;
  char *organization_name;
  char *organization_uai;
  char *name;
  char *title;               /* may be NULL */
  char *landing_text;        /* may be NULL */
  char *type;                /* "ASSESSMENT", "PROFILES_COLLECTION" */
  gboolean multiple_sendings;
} OrgaJoinableCampaign;

void      orga_joinable_campaign_free        (OrgaJoinableCampaign *campaign);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (OrgaJoinableCampaign, orga_joinable_campaign_free)

/* "abc def 123 " → "ABCDEF123": whitespace removed, upper case; NULL when
 * the result is not 9 letters and digits. */
char     *orga_student_normalize_code       (const char         *text);
/* The campaign that students may join with @code (normalised first).
 * Errors: CAMPAIGN_CODE_INVALID, CAMPAIGN_CODE_UNKNOWN, CAMPAIGN_ARCHIVED
 * (the campaign or its space), CAMPAIGN_DELETED. */
OrgaJoinableCampaign *orga_server_student_find_campaign (OrgaServer  *self,
                                                        const char  *code,
                                                        GError     **error);

/* Accounts */

typedef struct
{
  char *id;
  char *first_name;
  char *last_name;
  char *email;               /* may be NULL */
  char *username;            /* may be NULL */
  gboolean should_change_password;
} OrgaStudentAccount;

void      orga_student_account_free         (OrgaStudentAccount *account);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (OrgaStudentAccount, orga_student_account_free)

/* The account of the session of @msg, even while its password must be
 * changed; NULL without a valid session. */
OrgaStudentAccount *orga_server_student_session_account (OrgaServer        *self,
                                                         SoupServerMessage *msg);

/* Creates an account; the finish returns its id. Errors:
 * FIRST_NAME_MISSING, LAST_NAME_MISSING, INVALID_EMAIL, INVALID_PASSWORD,
 * TERMS_NOT_ACCEPTED, EMAIL_TAKEN. */
void      orga_server_student_sign_up_async  (OrgaServer          *self,
                                              const char          *first_name,
                                              const char          *last_name,
                                              const char          *email,
                                              const char          *password,
                                              gboolean             accept_terms,
                                              GAsyncReadyCallback  callback,
                                              gpointer             user_data);
char     *orga_server_student_sign_up_finish (OrgaServer          *self,
                                              GAsyncResult        *result,
                                              GError             **error);

/* @identifier: the e-mail address or the username. Throttled like the
 * staff's sign-ins (docs/api.md). The finish returns the account id.
 * Errors: STUDENT_INVALID_CREDENTIALS, TOO_MANY_ATTEMPTS. */
void      orga_server_student_sign_in_async  (OrgaServer          *self,
                                              const char          *identifier,
                                              const char          *password,
                                              const char          *client_address,
                                              GAsyncReadyCallback  callback,
                                              gpointer             user_data);
char     *orga_server_student_sign_in_finish (OrgaServer          *self,
                                              GAsyncResult        *result,
                                              GError             **error);

/* A new session (30 days) for @account_id, its cookie set on @msg. */
gboolean  orga_server_student_start_session  (OrgaServer          *self,
                                              SoupServerMessage   *msg,
                                              const char          *account_id,
                                              GError             **error);
/* Revokes the session of @msg, if any, and clears its cookie. */
void      orga_server_student_end_session    (OrgaServer          *self,
                                              SoupServerMessage   *msg);

/* The student's own new password (the end of a one-time password):
 * INVALID_PASSWORD. */
void      orga_server_student_change_password_async  (OrgaServer          *self,
                                                      const char          *account_id,
                                                      const char          *password,
                                                      GAsyncReadyCallback  callback,
                                                      gpointer             user_data);
gboolean  orga_server_student_change_password_finish (OrgaServer          *self,
                                                      GAsyncResult        *result,
                                                      GError             **error);

/* Reconciliation: links @account_id to the one active learner of
 * @organization_id that matches (orga_reconcile_matches()); returns its
 * uuid (the linked one at once if the account already is). Errors:
 * FIRST_NAME_MISSING, LAST_NAME_MISSING, BIRTHDATE_INVALID,
 * RECONCILE_NO_MATCH (none, or several), LEARNER_ALREADY_LINKED (to
 * another account: its username masked in the message, never its
 * e-mail), ACCOUNT_ALREADY_LINKED (to another learner of the space). */
char     *orga_server_student_reconcile      (OrgaServer          *self,
                                              const char          *account_id,
                                              const char          *organization_id,
                                              const char          *first_name,
                                              const char          *last_name,
                                              const char          *birthdate,
                                              GError             **error);

/* "jeanedouard.legall0703" → "j***.l***0703". */
char     *orga_student_mask_username         (const char          *username);

/* The pages of /campagnes (orga-server-students-web.c), called by the
 * handler of orga-server-web.c: TRUE when @path is one of them (then
 * answered). The test's pages, /campagnes/{CODE}/evaluation…, are not:
 * orga-server-web.c asks theirs first. */
gboolean  orga_server_students_handle        (OrgaServer          *self,
                                              SoupServerMessage   *msg,
                                              const char          *path,
                                              GHashTable          *query);

G_END_DECLS
