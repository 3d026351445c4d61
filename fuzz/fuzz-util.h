/* fuzz-util.h: what the libFuzzer targets share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>
#include <stdint.h>

/* The import source only opens paths, so each input goes through one file in
 * a directory made once per process, on tmpfs when there is one. */
const char *fuzz_write_input (const uint8_t *data,
                              size_t         size);

/* The UAI of the shared fixtures. */
#define FUZZ_UAI "123ABC"
