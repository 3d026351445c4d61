/* orga-i18n.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

void orga_i18n_init (gboolean prefer_french);

G_END_DECLS
