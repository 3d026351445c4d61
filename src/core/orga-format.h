/* orga-format.h: figures and dates as a French reader sees them, one rule
 *
 * Every figure the app shows, the CLI prints and the CSV exports write is
 * rounded here, so that one result never reads 28 % on screen and 0,29 in
 * the export:
 *   - rounding is Pix's (lodash's _.round): the value's shortest decimal
 *     text is rounded, halves toward +∞, so 0.285 (stored just below)
 *     gives 0.29 and 28.5 % gives 29 %;
 *   - a value that rounds to zero is "0", never "-0";
 *   - NaN and ±∞, a figure that does not exist, read ORGA_FORMAT_NONE;
 *   - the digits never depend on the locale; the separator on screen is
 *     the locale's when it states one (LC_NUMERIC), else the interface
 *     language's, so "42,5 %" never mixes a French sentence with a point.
 *     The CSV exports always write Pix's comma (orga-campaign-export.c).
 * Dates are days and times of a stored UTC timestamp in a time zone:
 * the computer's (NULL), or the one given (the exports: Europe/Paris).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* An en dash: what a figure that does not exist shows. */
#define ORGA_FORMAT_NONE "–"

/* @value × 10^@decimals rounded by the rule above: a whole number, 0 for
 * -0. NaN and ±∞ come back as they are. */
double      orga_format_round_scaled          (double       value,
                                               int          decimals);
/* The digits of the shortest decimal text that reads back as @value
 * (> 0, finite), as JavaScript picks them, without trailing zeros, and
 * @point such that value = 0.digits × 10^point. Returns the digit count. */
int         orga_format_shortest_digits       (double       value,
                                               char         digits[24],
                                               int         *point);

/* "," or "." (see above). */
const char *orga_format_get_decimal_separator (void);
/* "1,8": exactly @digits decimals (0 … 6). */
char       *orga_format_decimal               (double       value,
                                               int          digits);
/* "42 %" for 0.42 (the percent sign as the interface language writes it). */
char       *orga_format_percent               (double       ratio,
                                               int          digits);

/* "15/07/2024", "14:30", "15/07/2024 14:30" in @tz (NULL: the computer's
 * zone). NULL for a time at or before the epoch: never set. */
/* Europe/Paris, where Pix's dates are written; the computer's own zone
 * when the system has no time zone data (in France, the same). Owned by
 * the process: do not unref. */
GTimeZone  *orga_format_paris_time_zone       (void);
char       *orga_format_date                  (gint64       unix_time,
                                               GTimeZone   *tz);
char       *orga_format_time                  (gint64       unix_time,
                                               GTimeZone   *tz);
char       *orga_format_date_time             (gint64       unix_time,
                                               GTimeZone   *tz);
/* The same from a stored ISO 8601 timestamp; NULL if @iso is NULL or not
 * a timestamp. */
char       *orga_format_iso_date              (const char  *iso,
                                               GTimeZone   *tz);
char       *orga_format_iso_date_time         (const char  *iso,
                                               GTimeZone   *tz);
/* Appends "15/07/2024 14:30" of @time in its own zone, without printf:
 * exports write it on every line. */
void        orga_format_append_date_time      (GString     *out,
                                               GDateTime   *time);

/* "3 septembre", "1er septembre" (and with @year, "1er septembre 2026")
 * in the interface's language whatever LC_TIME says, or in French when
 * @french (the server's pages and messages, files that must be French). */
char       *orga_format_day_month             (GDateTime   *time,
                                               gboolean     year,
                                               gboolean     french);

/* A calendar day without a time or a zone, a birth date: "1994-12-31"
 * shown as "31/12/1994". FALSE, or NULL, when @iso is not of that form. */
#define ORGA_FORMAT_DAY_SIZE 11
gboolean    orga_format_day_to_buffer         (const char  *iso,
                                               char         out[ORGA_FORMAT_DAY_SIZE]);
char       *orga_format_day                   (const char  *iso);

G_END_DECLS
