/* fuzz-fregata.c: libFuzzer target for the Fregata CSV parser
 *
 * The parser takes the whole file in memory: each input goes straight in.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "fuzz-util.h"
#include "orga-fregata-parser.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(OrgaLearnerSet) set = orga_learner_set_new ();

  orga_fregata_parser_parse (set, data, size);

  return 0;
}
