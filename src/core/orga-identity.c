/* orga-identity.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "orga-identity.h"

static gboolean
names_someone (const char *name)
{
  if (name == NULL)
    return FALSE;

  while (g_ascii_isspace (*name))
    name++;

  return *name != '\0' && !g_str_equal (name, "Unknown");
}

/* GLib answers "Unknown" when the account has no full name, and the login
 * "somebody" when it cannot read it; the last fallback only guards a
 * caller passing nothing. */
const char *
orga_identity_choose_display_name (const char *real_name,
                                   const char *user_name)
{
  if (names_someone (real_name))
    return real_name;
  if (names_someone (user_name))
    return user_name;
  return "Unknown";
}

char *
orga_identity_dup_display_name (void)
{
  return g_strdup (orga_identity_choose_display_name (g_get_real_name (), g_get_user_name ()));
}
