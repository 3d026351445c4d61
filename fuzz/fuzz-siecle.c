/* fuzz-siecle.c: libFuzzer target for the SIECLE XML reader
 *
 * Each input is a bare XML file (or anything the import source sniffs as
 * XML or ZIP) streamed through orga_siecle_parser_parse(). Nothing may
 * crash, hang or leak; what the parser reports does not matter here.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "fuzz-util.h"
#include "orga-import-source.h"
#include "orga-siecle-parser.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(OrgaImportError) problem = NULL;
  g_autoptr(OrgaImportSource) source = NULL;
  g_autoptr(OrgaLearnerSet) set = NULL;
  g_autoptr(GError) error = NULL;
  OrgaImportFormat format;

  source = orga_import_source_open (fuzz_write_input (data, size), &problem);
  if (source == NULL)
    return 0;

  format = orga_import_source_get_format (source);
  if (format != ORGA_IMPORT_FORMAT_SIECLE_XML && format != ORGA_IMPORT_FORMAT_SIECLE_ZIP)
    return 0;

  set = orga_learner_set_new ();
  /* Only cancellation fails; there is no cancellable here. */
  if (!orga_siecle_parser_parse (set, source, FUZZ_UAI, NULL, &error))
    g_error ("the SIECLE parser failed without cancellation: %s", error->message);

  return 0;
}
