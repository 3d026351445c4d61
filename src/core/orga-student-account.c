/* orga-student-account.c: a student's Pix account as the teacher sees it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "orga-student-account"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "orga-campaign-export.h"
#include "orga-json-private.h"
#include "orga-json.h"
#include "orga-student-account.h"

/* ---- methods ------------------------------------------------------------ */

char *
orga_login_methods_to_text (OrgaLoginMethods  methods,
                            const char       *separator)
{
  g_autoptr(GPtrArray) names = g_ptr_array_new ();

  /* Pix's order: the e-mail, the username, the GAR. */
  if (methods & ORGA_LOGIN_METHOD_EMAIL)
    g_ptr_array_add (names, (gpointer) _("E-mail Address"));
  if (methods & ORGA_LOGIN_METHOD_USERNAME)
    g_ptr_array_add (names, (gpointer) _("Username"));
  if (methods & ORGA_LOGIN_METHOD_MEDIACENTRE)
    g_ptr_array_add (names, (gpointer) _("Mediacentre"));
  if (names->len == 0)
    return g_strdup (C_("login methods", "None"));

  g_ptr_array_add (names, NULL);
  return g_strjoinv (separator != NULL ? separator : "\n", (char **) names->pdata);
}

gboolean
orga_login_methods_match (OrgaLoginMethods    methods,
                          const char * const *values)
{
  if (values == NULL || values[0] == NULL)
    return TRUE;

  for (guint i = 0; values[i] != NULL; i++)
    {
      const char *value = values[i];

      if ((g_str_equal (value, "none") && methods == ORGA_LOGIN_METHOD_NONE) ||
          (g_str_equal (value, "identifiant") && (methods & ORGA_LOGIN_METHOD_USERNAME)) ||
          (g_str_equal (value, "email") && (methods & ORGA_LOGIN_METHOD_EMAIL)) ||
          (g_str_equal (value, "mediacentre") && (methods & ORGA_LOGIN_METHOD_MEDIACENTRE)) ||
          (g_str_equal (value, "without_mediacentre") && !(methods & ORGA_LOGIN_METHOD_MEDIACENTRE)))
        return TRUE;
    }

  return FALSE;
}

/* ---- accounts ----------------------------------------------------------- */

G_DEFINE_BOXED_TYPE (OrgaStudentAccount, orga_student_account,
                     orga_student_account_copy, orga_student_account_free)

OrgaStudentAccount *
orga_student_account_new (const char       *learner,
                          OrgaLoginMethods  methods,
                          const char       *email,
                          const char       *username)
{
  OrgaStudentAccount *self = g_new0 (OrgaStudentAccount, 1);

  self->learner = g_strdup (learner);
  self->methods = methods & ORGA_LOGIN_METHODS_ALL;
  self->email = g_strdup (email);
  self->username = g_strdup (username);
  return self;
}

OrgaStudentAccount *
orga_student_account_copy (const OrgaStudentAccount *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return orga_student_account_new (self->learner, self->methods, self->email, self->username);
}

void
orga_student_account_free (OrgaStudentAccount *self)
{
  if (self == NULL)
    return;
  g_free (self->learner);
  g_free (self->email);
  g_free (self->username);
  g_free (self);
}

static JsonArray *
get_array (JsonNode    *root,
           const char  *name,
           const char  *what,
           GError     **error)
{
  JsonObject *object = _orga_json_get_object (root, what, error);
  JsonNode *node;

  if (object == NULL)
    return NULL;
  node = _orga_json_get_member (object, name);
  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    {
      _orga_json_invalid (error, what, _("“%s” is not a list."), name);
      return NULL;
    }
  return json_node_get_array (node);
}

GPtrArray *
orga_student_accounts_from_json (JsonNode  *root,
                                 GError   **error)
{
  const char *what = _("Student account");
  g_autoptr(GPtrArray) accounts = g_ptr_array_new_with_free_func ((GDestroyNotify) orga_student_account_free);
  JsonArray *array = get_array (root, "accounts", what, error);

  if (array == NULL)
    return NULL;

  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonObject *object = _orga_json_get_object (json_array_get_element (array, i), what, error);
      const char *learner = NULL, *email = NULL, *username = NULL;
      OrgaLoginMethods methods = ORGA_LOGIN_METHOD_NONE;
      JsonNode *node;

      if (object == NULL ||
          !_orga_json_read_string (object, what, "learner", FALSE, &learner, error) ||
          !_orga_json_read_string (object, what, "email", TRUE, &email, error) ||
          !_orga_json_read_string (object, what, "username", TRUE, &username, error))
        return NULL;

      node = _orga_json_get_member (object, "methods");
      if (node != NULL && JSON_NODE_HOLDS_ARRAY (node))
        {
          JsonArray *list = json_node_get_array (node);

          for (guint j = 0; j < json_array_get_length (list); j++)
            {
              JsonNode *one = json_array_get_element (list, j);
              const char *name;

              if (!JSON_NODE_HOLDS_VALUE (one) || json_node_get_value_type (one) != G_TYPE_STRING)
                continue;
              name = json_node_get_string (one);
              if (g_str_equal (name, "email"))
                methods |= ORGA_LOGIN_METHOD_EMAIL;
              else if (g_str_equal (name, "username"))
                methods |= ORGA_LOGIN_METHOD_USERNAME;
              else if (g_str_equal (name, "mediacentre"))
                methods |= ORGA_LOGIN_METHOD_MEDIACENTRE;
            }
        }
      else if (node != NULL && !JSON_NODE_HOLDS_NULL (node))
        {
          _orga_json_invalid (error, what, _("“%s” is not a list."), "methods");
          return NULL;
        }

      g_ptr_array_add (accounts, orga_student_account_new (learner, methods, email, username));
    }

  return g_steal_pointer (&accounts);
}

/* ---- credentials -------------------------------------------------------- */

G_DEFINE_BOXED_TYPE (OrgaStudentCredentials, orga_student_credentials,
                     orga_student_credentials_copy, orga_student_credentials_free)

OrgaStudentCredentials *
orga_student_credentials_copy (const OrgaStudentCredentials *self)
{
  OrgaStudentCredentials *copy;

  g_return_val_if_fail (self != NULL, NULL);

  copy = g_new0 (OrgaStudentCredentials, 1);
  copy->learner = g_strdup (self->learner);
  copy->division = g_strdup (self->division);
  copy->last_name = g_strdup (self->last_name);
  copy->first_name = g_strdup (self->first_name);
  copy->username = g_strdup (self->username);
  copy->password = g_strdup (self->password);
  return copy;
}

void
orga_student_credentials_free (OrgaStudentCredentials *self)
{
  if (self == NULL)
    return;

  /* A password: no copy of it lingers in freed memory. */
  if (self->password != NULL)
    memset (self->password, 0, strlen (self->password));
  g_free (self->password);
  g_free (self->learner);
  g_free (self->division);
  g_free (self->last_name);
  g_free (self->first_name);
  g_free (self->username);
  g_free (self);
}

static OrgaStudentCredentials *
credentials_from_object (JsonObject  *object,
                         gboolean     bulk,
                         GError     **error)
{
  const char *what = _("Student account");
  g_autoptr(OrgaStudentCredentials) self = g_new0 (OrgaStudentCredentials, 1);
  const char *learner = NULL, *division = NULL, *last_name = NULL, *first_name = NULL;
  const char *username = NULL, *password = NULL;

  if (!_orga_json_read_string (object, what, "username", !bulk, &username, error) ||
      !_orga_json_read_string (object, what, "password", FALSE, &password, error))
    return NULL;
  if (bulk &&
      (!_orga_json_read_string (object, what, "learner", FALSE, &learner, error) ||
       !_orga_json_read_string (object, what, "division", TRUE, &division, error) ||
       !_orga_json_read_string (object, what, "last_name", TRUE, &last_name, error) ||
       !_orga_json_read_string (object, what, "first_name", TRUE, &first_name, error)))
    return NULL;

  self->learner = g_strdup (learner);
  self->division = g_strdup (division);
  self->last_name = g_strdup (last_name);
  self->first_name = g_strdup (first_name);
  self->username = g_strdup (username);
  self->password = g_strdup (password);
  return g_steal_pointer (&self);
}

OrgaStudentCredentials *
orga_student_credentials_from_json (JsonNode  *root,
                                    GError   **error)
{
  JsonObject *object = _orga_json_get_object (root, _("Student account"), error);

  if (object == NULL)
    return NULL;
  return credentials_from_object (object, FALSE, error);
}

GPtrArray *
orga_student_credentials_list_from_json (JsonNode  *root,
                                         GError   **error)
{
  const char *what = _("Student account");
  g_autoptr(GPtrArray) list = g_ptr_array_new_with_free_func ((GDestroyNotify) orga_student_credentials_free);
  JsonArray *array = get_array (root, "accounts", what, error);

  if (array == NULL)
    return NULL;

  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonObject *object = _orga_json_get_object (json_array_get_element (array, i), what, error);
      OrgaStudentCredentials *one;

      if (object == NULL)
        return NULL;
      one = credentials_from_object (object, TRUE, error);
      if (one == NULL)
        return NULL;
      g_ptr_array_add (list, one);
    }

  return g_steal_pointer (&list);
}

GBytes *
orga_student_credentials_to_csv (GPtrArray *credentials)
{
  /* Pix's headers, whatever the interface language: the file goes to
   * French schools' spreadsheets and scripts. */
  static const char * const headers[] = { "Classe", "Nom", "Prénom", "Identifiant", "Mot de passe" };
  g_autoptr(GString) out = g_string_new ("\xef\xbb\xbf");

  g_return_val_if_fail (credentials != NULL, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (headers); i++)
    {
      if (i > 0)
        g_string_append_c (out, ';');
      orga_csv_append_string (out, headers[i]);
    }
  g_string_append_c (out, '\n');

  for (guint i = 0; i < credentials->len; i++)
    {
      const OrgaStudentCredentials *c = g_ptr_array_index (credentials, i);

      orga_csv_append_string (out, c->division);
      g_string_append_c (out, ';');
      orga_csv_append_string (out, c->last_name);
      g_string_append_c (out, ';');
      orga_csv_append_string (out, c->first_name);
      g_string_append_c (out, ';');
      orga_csv_append_string (out, c->username);
      g_string_append_c (out, ';');
      orga_csv_append_string (out, c->password);
      g_string_append_c (out, '\n');
    }

  return g_string_free_to_bytes (g_steal_pointer (&out));
}
