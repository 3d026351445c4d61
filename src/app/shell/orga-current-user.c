/* orga-current-user.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "orga-current-user.h"

/* The account's full name, else its login, as the importer records who
 * imported a file (orga-importer.c): both name the same person in the
 * history. */
char *
orga_context_dup_user_name (OrgaContext *context)
{
  const char *name = g_get_real_name ();

  g_return_val_if_fail (context == NULL || ORGA_IS_CONTEXT (context), NULL);

  if (name == NULL || *name == '\0' || g_str_equal (name, "Unknown"))
    name = g_get_user_name ();

  return g_strdup (name);
}
