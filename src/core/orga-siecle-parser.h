/* orga-siecle-parser.h: SIECLE "BEE_ELEVES" XML export
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "orga-import-source.h"
#include "orga-learner-set.h"

G_BEGIN_DECLS

/* Streams @source once through libxml2 (SAX2, no tree). Problems with the
 * file land in @set as OrgaImportErrors; the only GError is cancellation.
 * @expected_uai may be NULL to skip the establishment check. */
gboolean orga_siecle_parser_parse (OrgaLearnerSet    *set,
                                   OrgaImportSource  *source,
                                   const char        *expected_uai,
                                   GCancellable      *cancellable,
                                   GError           **error);

/* "DD/MM/YYYY" (a real calendar date) to "YYYY-MM-DD" in @iso (11 bytes). */
gboolean orga_siecle_convert_date (const char *text,
                                   char        iso[11]);

G_END_DECLS
