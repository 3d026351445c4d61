/* orga-lazy.c: modules loaded on their first use
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <gmodule.h>

#include "orga-lazy.h"

/* PIXORGA_MODULE_DIR points at a build tree's modules, as
 * PIXORGA_LOCALEDIR does at its translations, so that the app runs
 * before it is installed. */
static char *
module_path (const char *name)
{
  const char *dir = g_getenv ("PIXORGA_MODULE_DIR");
  g_autofree char *file = g_strdup_printf ("lib%s.so", name);

  return g_build_filename (dir != NULL && *dir != '\0' ? dir : PIXORGA_MODULE_DIR, file, NULL);
}

static GModule *
load (OrgaLazyModule *module)
{
  if (g_once_init_enter (&module->loaded))
    {
      g_autofree char *path = module_path (module->name);
      /* Local: the module's libraries (libsoup…) stay out of the search
       * of every later symbol lookup. Lazy: only what runs is bound. */
      GModule *handle = g_module_open (path, G_MODULE_BIND_LAZY | G_MODULE_BIND_LOCAL);

      /* Not something a user can mend from the window: the installation
       * is broken. Say which file, and stop. */
      if (handle == NULL)
        g_error ("PixOrga is not installed correctly: %s", g_module_error ());

      g_module_make_resident (handle);
      module->handle = handle;
      g_once_init_leave (&module->loaded, 1);
    }

  return module->handle;
}

/**
 * orga_lazy_symbol:
 * @module: the module, loaded at the first call
 * @symbol: a function of the module
 * @cache: where the forwarder keeps the address between calls
 *
 * Returns: the address of @symbol
 */
gpointer
orga_lazy_symbol (OrgaLazyModule *module,
                  const char     *symbol,
                  gpointer       *cache)
{
  gpointer address = g_atomic_pointer_get (cache);

  if (address != NULL)
    return address;

  if (!g_module_symbol (load (module), symbol, &address) || address == NULL)
    g_error ("PixOrga is not installed correctly: %s", g_module_error ());

  g_atomic_pointer_set (cache, address);

  return address;
}
