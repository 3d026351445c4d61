/* orga-lazy.h: modules loaded on their first use
 *
 * The app calls the network client and the file formats through
 * forwarders (src/gen-lazy-forwarders.py) that load the module holding
 * the real code the first time one of them runs. The module leaves the core's symbols
 * undefined: they resolve to the executable's own, so that there is one
 * copy of each type and of the store. docs/architecture.md, "Modules".
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct
{
  const char *name;     /* "pixorga-net": the file is libpixorga-net.so */
  gsize       loaded;   /* g_once_init_*() */
  gpointer    handle;   /* GModule */
} OrgaLazyModule;

#define ORGA_LAZY_MODULE_INIT(name) { (name), 0, NULL }

gpointer     orga_lazy_symbol        (OrgaLazyModule *module,
                                      const char     *symbol,
                                      gpointer       *cache);

G_END_DECLS
