/* orga-student-account.h: a student's Pix account as the teacher sees it
 *
 * The ways a student signs in (spec §2.1 "Méthode(s) de connexion", §2.5)
 * as the server lists them, what the teacher is handed back when a
 * username is made or a password reset, and the CSV of a bulk reset
 * ("Classe;Nom;Prénom;Identifiant;Mot de passe").
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* As stored in student_accounts.methods (schema 006): keep the values. */
typedef enum
{
  ORGA_LOGIN_METHOD_NONE        = 0,
  ORGA_LOGIN_METHOD_EMAIL       = 1 << 0,
  ORGA_LOGIN_METHOD_USERNAME    = 1 << 1,
  ORGA_LOGIN_METHOD_MEDIACENTRE = 1 << 2,
} OrgaLoginMethods;

#define ORGA_LOGIN_METHODS_ALL (ORGA_LOGIN_METHOD_EMAIL | ORGA_LOGIN_METHOD_USERNAME | \
                                ORGA_LOGIN_METHOD_MEDIACENTRE)

/* The column's text: one translated name per method in Pix's order
 * ("Adresse e-mail", "Identifiant", "Mediacentre") joined by @separator,
 * or "Aucune" (no account linked). */
char       *orga_login_methods_to_text   (OrgaLoginMethods  methods,
                                          const char       *separator);
/* The filter's values (spec §2.1): "none", "identifiant", "email",
 * "mediacentre", "without_mediacentre". Whether @methods (of a student
 * with an account; NONE for one without) matches any of @values (OR);
 * TRUE when @values is NULL or empty. Unknown values match nothing. */
gboolean    orga_login_methods_match     (OrgaLoginMethods    methods,
                                          const char * const *values);

/* One student's account, as GET …/students/accounts lists it. */
typedef struct
{
  char             *learner;    /* the desktop learner's uuid */
  OrgaLoginMethods  methods;
  char             *email;      /* nullable */
  char             *username;   /* nullable */
} OrgaStudentAccount;

#define ORGA_TYPE_STUDENT_ACCOUNT (orga_student_account_get_type ())
GType               orga_student_account_get_type (void) G_GNUC_CONST;
OrgaStudentAccount *orga_student_account_new      (const char               *learner,
                                                   OrgaLoginMethods          methods,
                                                   const char               *email,
                                                   const char               *username);
OrgaStudentAccount *orga_student_account_copy     (const OrgaStudentAccount *self);
void                orga_student_account_free     (OrgaStudentAccount       *self);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (OrgaStudentAccount, orga_student_account_free)

/* {"accounts":[{"learner","methods":[…],"email","username"}]}:
 * (element-type OrgaStudentAccount), NULL with ORGA_JSON_ERROR for
 * anything else. Unknown methods are skipped (a newer server). */
GPtrArray          *orga_student_accounts_from_json (JsonNode  *root,
                                                     GError   **error);

/* What the teacher is handed back for one student: a username made and a
 * one-time password, or a password reset. The password is wiped from
 * memory when freed. */
typedef struct
{
  char *learner;      /* nullable but in a bulk reset */
  char *division;     /* bulk reset only */
  char *last_name;    /* bulk reset only */
  char *first_name;   /* bulk reset only */
  char *username;     /* nullable: an e-mail account's reset */
  char *password;
} OrgaStudentCredentials;

#define ORGA_TYPE_STUDENT_CREDENTIALS (orga_student_credentials_get_type ())
GType                   orga_student_credentials_get_type (void) G_GNUC_CONST;
OrgaStudentCredentials *orga_student_credentials_copy     (const OrgaStudentCredentials *self);
void                    orga_student_credentials_free     (OrgaStudentCredentials       *self);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (OrgaStudentCredentials, orga_student_credentials_free)

/* {"username","password"} (username may be null); NULL with
 * ORGA_JSON_ERROR when there is no password. */
OrgaStudentCredentials *orga_student_credentials_from_json (JsonNode  *root,
                                                            GError   **error);
/* {"accounts":[{"learner","division","last_name","first_name",
 * "username","password"}]}: (element-type OrgaStudentCredentials). */
GPtrArray              *orga_student_credentials_list_from_json (JsonNode  *root,
                                                                 GError   **error);

/* The bulk reset's file (spec §2.5, §6.0): the BOM, the header
 * "Classe";"Nom";"Prénom";"Identifiant";"Mot de passe" (French whatever
 * the locale, as Pix writes it), one line per student in @credentials'
 * order, values written by orga_csv_append_string(), ";" between them
 * and "\n" after each line. */
GBytes                 *orga_student_credentials_to_csv    (GPtrArray *credentials);

G_END_DECLS
