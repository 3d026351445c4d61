/* main.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "orga-application.h"
#include "orga-renderer.h"
#include "orga-i18n.h"

int
main (int    argc,
      char **argv)
{
  g_autoptr(OrgaApplication) app = NULL;

  orga_i18n_init (FALSE);
  textdomain (GETTEXT_PACKAGE);
  orga_renderer_choose ();

  app = orga_application_new ();
  return g_application_run (G_APPLICATION (app), argc, argv);
}
