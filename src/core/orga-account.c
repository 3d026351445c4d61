/* orga-account.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "orga-account.h"

struct _OrgaAccount
{
  GObject  parent_instance;

  char    *server_url;
  char    *user_id;
  char    *email;
  char    *first_name;
  char    *last_name;
};

G_DEFINE_FINAL_TYPE (OrgaAccount, orga_account, G_TYPE_OBJECT)

static void
orga_account_finalize (GObject *object)
{
  OrgaAccount *self = (OrgaAccount *)object;

  g_free (self->server_url);
  g_free (self->user_id);
  g_free (self->email);
  g_free (self->first_name);
  g_free (self->last_name);

  G_OBJECT_CLASS (orga_account_parent_class)->finalize (object);
}

static void
orga_account_class_init (OrgaAccountClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = orga_account_finalize;
}

static void
orga_account_init (OrgaAccount *self)
{
}

OrgaAccount *
orga_account_new (const char *server_url,
                  const char *user_id,
                  const char *email,
                  const char *first_name,
                  const char *last_name)
{
  OrgaAccount *self;
  g_autofree char *url = orga_server_url_normalize (server_url);

  g_return_val_if_fail (url != NULL, NULL);
  g_return_val_if_fail (user_id != NULL, NULL);
  g_return_val_if_fail (email != NULL, NULL);

  self = g_object_new (ORGA_TYPE_ACCOUNT, NULL);
  self->server_url = g_steal_pointer (&url);
  self->user_id = g_strdup (user_id);
  self->email = g_strdup (email);
  self->first_name = g_strdup (first_name != NULL ? first_name : "");
  self->last_name = g_strdup (last_name != NULL ? last_name : "");
  return self;
}

const char *
orga_account_get_server_url (OrgaAccount *self)
{
  g_return_val_if_fail (ORGA_IS_ACCOUNT (self), NULL);
  return self->server_url;
}

const char *
orga_account_get_user_id (OrgaAccount *self)
{
  g_return_val_if_fail (ORGA_IS_ACCOUNT (self), NULL);
  return self->user_id;
}

const char *
orga_account_get_email (OrgaAccount *self)
{
  g_return_val_if_fail (ORGA_IS_ACCOUNT (self), NULL);
  return self->email;
}

const char *
orga_account_get_first_name (OrgaAccount *self)
{
  g_return_val_if_fail (ORGA_IS_ACCOUNT (self), NULL);
  return self->first_name;
}

const char *
orga_account_get_last_name (OrgaAccount *self)
{
  g_return_val_if_fail (ORGA_IS_ACCOUNT (self), NULL);
  return self->last_name;
}

char *
orga_account_dup_display_name (OrgaAccount *self)
{
  g_return_val_if_fail (ORGA_IS_ACCOUNT (self), NULL);

  if (*self->first_name == '\0')
    return g_strdup (*self->last_name != '\0' ? self->last_name : self->email);
  if (*self->last_name == '\0')
    return g_strdup (self->first_name);
  return g_strdup_printf ("%s %s", self->first_name, self->last_name);
}

gboolean
orga_account_equal (OrgaAccount *a,
                    OrgaAccount *b)
{
  g_return_val_if_fail (ORGA_IS_ACCOUNT (a), FALSE);
  g_return_val_if_fail (ORGA_IS_ACCOUNT (b), FALSE);

  return g_str_equal (a->server_url, b->server_url) && g_str_equal (a->user_id, b->user_id);
}

char *
orga_server_url_normalize (const char *text)
{
  g_autofree char *copy = NULL;
  g_autofree char *with_scheme = NULL;
  g_autoptr(GUri) uri = NULL;
  g_autofree char *scheme = NULL;
  g_autofree char *host = NULL;
  g_autoptr(GString) path = NULL;

  if (text == NULL)
    return NULL;

  copy = g_strstrip (g_strdup (text));
  if (*copy == '\0')
    return NULL;

  /* "orga.example.fr" as typed in a form means https. */
  scheme = g_uri_parse_scheme (copy);
  if (scheme == NULL)
    with_scheme = g_strconcat ("https://", copy, NULL);

  uri = g_uri_parse (with_scheme != NULL ? with_scheme : copy, G_URI_FLAGS_NONE, NULL);
  if (uri == NULL || g_uri_get_host (uri) == NULL || *g_uri_get_host (uri) == '\0')
    return NULL;

  g_clear_pointer (&scheme, g_free);
  scheme = g_ascii_strdown (g_uri_get_scheme (uri), -1);
  if (!g_str_equal (scheme, "http") && !g_str_equal (scheme, "https"))
    return NULL;
  if (g_uri_get_userinfo (uri) != NULL)
    return NULL;

  host = g_ascii_strdown (g_uri_get_host (uri), -1);
  path = g_string_new (g_uri_get_path (uri));
  while (path->len > 0 && path->str[path->len - 1] == '/')
    g_string_truncate (path, path->len - 1);

  {
    g_autoptr(GUri) clean = g_uri_build (G_URI_FLAGS_NONE, scheme, NULL, host,
                                         g_uri_get_port (uri), path->str, NULL, NULL);
    return g_uri_to_string (clean);
  }
}
