/* orga-test-util.h: shared helpers for the unit tests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "orga-learner-set.h"
#include "orga-organization.h"
#include "orga-store.h"
#include "orga-store-cert.h"

G_BEGIN_DECLS

/* Initialises GTest and French messages from the build tree. */
void        orga_test_init              (int         *argc,
                                         char      ***argv);
/* Path of a file in ../shared/fixtures (PIXORGA_FIXTURES); free with g_free. */
char       *orga_test_fixture_path      (const char  *subdir,
                                         const char  *name);
/* Whether @set has an error with @code (and @line if non-zero). */
gboolean    orga_test_has_error         (OrgaLearnerSet *set,
                                         OrgaImportCode  code,
                                         guint           line);
/* The first kept learner whose INE is @ine, or NULL. */
const OrgaLearnerFields *
            orga_test_find_learner      (OrgaLearnerSet *set,
                                         const char     *ine);
/* Writes @len bytes to a new file in a temporary folder removed at exit. */
char       *orga_test_write_temp_file   (const char  *name,
                                         const void  *data,
                                         gssize       len);

/* Runs `pixorga-cli --db @db_path @args…` ($PIXORGA_CLI) to the end; fails
 * the test with its message if it does not succeed. */
void        orga_test_run_cli           (const char  *db_path,
                                         const char **args);

/* A path for a new database in the temporary folder (not created). */
char       *orga_test_new_db_path       (void);
/* A new database holding one school with @uai and @kind. */
char       *orga_test_new_school_db     (const char            *uai,
                                         OrgaOrganizationKind   kind);

/* A certification session of tomorrow at 09:00 in @organization, made
 * by "Anne Proviseur", with no candidate. */
OrgaCertSession *orga_test_new_cert_session_tomorrow (OrgaStore        *store,
                                                      OrgaOrganization *organization);

/* A mail's text, quoted-printable ("=3D" for "=", "=\r\n" where a line
 * was folded), decoded. */
char       *orga_test_decode_quoted_printable (const char *text);

G_END_DECLS
