/* test-server-org-tool.c: `--db LOCATION org …` without the HTTP server,
 * for test-server-org.py where pixorga-server is not built (the tests
 * run the real pixorga-server when it is).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <locale.h>
#include <stdio.h>
#include <string.h>

#include "orga-server-admin.h"

int
main (int   argc,
      char *argv[])
{
  g_autoptr(OrgaServerDb) db = NULL;
  g_autoptr(GError) error = NULL;

  setlocale (LC_ALL, "");
  if (argc < 4 || strcmp (argv[1], "--db") != 0 || strcmp (argv[3], "org") != 0)
    {
      fprintf (stderr, "usage: %s --db LOCATION org …\n", argv[0]);
      return 2;
    }

  db = orga_server_db_open (argv[2], &error);
  if (db == NULL)
    {
      fprintf (stderr, "pixorga-server: %s\n", error->message);
      return 1;
    }

  return orga_server_admin_run (db, argc - 3, argv + 3);
}
