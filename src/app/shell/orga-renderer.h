/* orga-renderer.h: which GTK renderer the app asks for, before GTK starts
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

void orga_renderer_choose (void);

G_END_DECLS
