/* orga-server-admin.h: the operator's commands on the directory of schools
 *
 *   pixorga-server --db … org add --uai UAI --name NAME --email SCHOOL_ADDRESS
 *                                 [--kind sco|agri] [--allow-duplicate]
 *   pixorga-server --db … org import FILE.csv   (uai;name;email;kind)
 *   pixorga-server --db … org list [--json]
 *   pixorga-server --db … org archive --uai UAI | --id ID
 *
 * Messages are French, on stderr (results on stdout), in UTF-8 whatever
 * the locale. Exit status: 0 done, 2 refused (a bad UAI, a duplicate, a
 * bad file, a bad command line), 1 anything else (the database).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "orga-server-db.h"

G_BEGIN_DECLS

/* @argv starts at "org"; @db is open and migrated. */
int orga_server_admin_run (OrgaServerDb  *db,
                           int            argc,
                           char         **argv);

G_END_DECLS
