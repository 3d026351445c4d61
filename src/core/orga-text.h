/* orga-text.h: text helpers shared by the store and the views
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Lower-case, without accents, spaces collapsed: "Lefèvre  Éloïse" and
 * "LEFEVRE eloise" give the same key, so sorting and searching ignore case
 * and accents the way a French reader expects. */
void  orga_text_append_fold (GString    *out,
                             const char *text);
char *orga_text_fold        (const char *text);

G_END_DECLS
