/* orga-identity.h: who is acting, until the team's accounts exist
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The one rule for the name of the person acting: the account's full
 * name, else its login. A full name that is missing, blank or GLib's
 * "Unknown" (no GECOS entry) does not name anyone. The importer records
 * it as who imported a file, campaigns as their owner and creator, and
 * the app's "Mes campagnes" filters on it: all must name the same person. */
const char *orga_identity_choose_display_name (const char *real_name,
                                               const char *user_name);
/* The rule applied to this process's account. Never NULL nor empty. */
char       *orga_identity_dup_display_name    (void);

G_END_DECLS
