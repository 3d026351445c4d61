/* orga-renderer.c
 *
 * GLib only: the start-up floor of bench/ (app-floor.c) compiles this file
 * too, so that it draws with the renderer the app picks.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <glib.h>

#include "orga-renderer.h"

/**
 * orga_renderer_choose:
 *
 * To call before GTK starts. Without a GPU (no DRI render node: a virtual
 * machine, an old school PC on a framebuffer driver, Xvfb), GTK 4.8 would
 * still draw with OpenGL, emulated on the CPU by llvmpipe, several times
 * slower than its cairo renderer: a frame of the student list took 40 ms
 * instead of 10, and starting GL alone 30 ms. A renderer chosen by the
 * user (GSK_RENDERER, GDK_DEBUG) is left alone.
 */
void
orga_renderer_choose (void)
{
  g_autoptr(GDir) dir = NULL;
  const char *name;

  if (g_getenv ("GSK_RENDERER") != NULL || g_getenv ("GDK_DEBUG") != NULL)
    return;

  dir = g_dir_open ("/dev/dri", 0, NULL);
  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    if (g_str_has_prefix (name, "renderD"))
      return;

  /* Both: the first keeps GDK from starting GL at all, the second keeps
   * GSK from trying it (and saying so on every start). */
  g_setenv ("GDK_DEBUG", "gl-disable", FALSE);
  g_setenv ("GSK_RENDERER", "cairo", FALSE);
}
