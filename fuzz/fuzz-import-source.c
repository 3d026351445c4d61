/* fuzz-import-source.c: libFuzzer target for the import source (libzip)
 *
 * Each input is a file handed to the importer: the source sniffs it (bare
 * XML, CSV or a ZIP archive whose single .xml entry it streams), then the
 * whole content is read back the way the importer reads a CSV file, which
 * drives the zip entry's inflation and the limits against lying archives.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "fuzz-util.h"
#include "orga-import-source.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

/* Far above any input the fuzzer writes (-max_len), far below the memory
 * limit: a small archive that inflates past it is stopped by the source. */
#define MAX_READ (64 * 1024 * 1024)

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(OrgaImportError) problem = NULL;
  g_autoptr(OrgaImportSource) source = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;
  const guint8 *head;
  gsize head_len;

  source = orga_import_source_open (fuzz_write_input (data, size), &problem);
  if (source == NULL)
    {
      g_assert (problem != NULL);
      return 0;
    }
  g_assert (problem == NULL);

  head = orga_import_source_peek_head (source, &head_len);
  g_assert (head != NULL && head_len <= 4096);

  bytes = orga_import_source_read_all (source, MAX_READ, NULL, &error);
  g_assert ((bytes == NULL) == (error != NULL));
  (void) orga_import_source_get_fraction (source);

  /* A bare file comes back byte for byte, its sniffed head included. */
  if (bytes != NULL && orga_import_source_get_format (source) != ORGA_IMPORT_FORMAT_SIECLE_ZIP)
    g_assert (g_bytes_get_size (bytes) == size &&
              memcmp (g_bytes_get_data (bytes, NULL), data, size) == 0);

  return 0;
}
