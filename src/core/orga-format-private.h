/* orga-format-private.h: what orga-format shares with the CSV export
 *
 * The core links no libm; these two are exact where the rounding rule of
 * orga-format.c needs them. Not for use outside src/core.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* 10^@n, exact up to 10^22. */
double _orga_format_power_of_ten (int    n);
/* The largest whole number not above @x (@x itself beyond 2^52). */
double _orga_format_floor        (double x);
/* @value in decimal, padded with zeros to @min_digits, without printf. */
void   _orga_format_append_unsigned (GString *out,
                                     guint64  value,
                                     int      min_digits);

G_END_DECLS
