/* orga-format.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <locale.h>
#include <math.h>   /* isnan, isfinite, fabs: no libm needed */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "orga-format.h"
#include "orga-format-private.h"

/* ---- rounding --------------------------------------------------------- */

/* The core links no libm: powers of ten and floor of our own. */
double
_orga_format_power_of_ten (int n)
{
  double p = 1.0;

  /* Exact up to 10^22. */
  for (int i = 0; i < n; i++)
    p *= 10.0;
  return p;
}

double
_orga_format_floor (double x)
{
  gint64 i;

  /* Beyond 2^52 every double is a whole number. */
  if (!(x > -4503599627370496.0 && x < 4503599627370496.0))
    return x;

  i = (gint64) x;
  if ((double) i > x)
    i--;
  return (double) i;
}

int
orga_format_shortest_digits (double  value,
                             char    digits[24],
                             int    *point)
{
  char text[40];
  const char *e;
  int n = 0;

  g_return_val_if_fail (value > 0 && isfinite (value), 0);

  /* printf and strtod agree on the separator whatever the locale, and
   * only the digits and the exponent are read back. */
  for (int precision = 1; precision <= 17; precision++)
    {
      snprintf (text, sizeof text, "%.*e", precision - 1, value);
      if (strtod (text, NULL) == value)
        break;
    }

  /* "d.ddde±x" */
  e = strchr (text, 'e');
  for (const char *c = text; c < e; c++)
    if (g_ascii_isdigit (*c))
      digits[n++] = *c;
  while (n > 1 && digits[n - 1] == '0')
    n--;
  digits[n] = '\0';
  *point = atoi (e + 1) + 1;

  return n;
}

/* lodash shifts the decimal point in the number's shortest text and calls
 * Math.round, so 0.285 (stored as 0.28499999999999998) rounds to 0.29 at
 * 2 decimals, where a plain multiplication would give 0.28. Only values
 * next to a half need that exactness; the others take the quick road. */
double
orga_format_round_scaled (double value,
                          int    decimals)
{
  double scaled, whole, fraction;

  if (!isfinite (value))
    return value;

  decimals = CLAMP (decimals, 0, 22);
  scaled = value * _orga_format_power_of_ten (decimals);
  whole = _orga_format_floor (scaled);
  fraction = scaled - whole;

  if (fabs (fraction - 0.5) > 1e-9 * MAX (1.0, fabs (scaled)))
    whole = fraction > 0.5 ? whole + 1 : whole;
  else if (value != 0)
    {
      char digits[24];
      char text[64];
      int point;

      orga_format_shortest_digits (fabs (value), digits, &point);
      /* 0.digits × 10^point × 10^decimals */
      g_snprintf (text, sizeof text, "%s0.%se%d", value < 0 ? "-" : "", digits, point + decimals);
      scaled = g_ascii_strtod (text, NULL);

      /* Math.round: half toward +∞. */
      whole = _orga_format_floor (scaled);
      whole = scaled - whole >= 0.5 ? whole + 1 : whole;
    }

  /* Never -0. */
  return whole == 0 ? 0 : whole;
}

/* ---- numbers ---------------------------------------------------------- */

/* GNOME lets the language and the formats differ (Settings › Region &
 * Language), and a French LC_NUMERIC asks for "42,5". A C or POSIX
 * LC_NUMERIC states no preference, though: it is what a session without
 * LANG, the tests and scripts get, while the interface may still be
 * French. Then the separator follows the language of the interface:
 * translators give it under the "decimal separator" context (French ","). */
const char *
orga_format_get_decimal_separator (void)
{
  const char *numeric = setlocale (LC_NUMERIC, NULL);

  if (numeric == NULL || g_str_equal (numeric, "C") || g_str_equal (numeric, "POSIX") ||
      g_str_has_prefix (numeric, "C."))
    return C_("decimal separator", ".");

  return localeconv ()->decimal_point;
}

/* @units counts 10^-@digits; the text has exactly @digits decimals. */
static char *
format_units (double units,
              int    digits)
{
  GString *out = g_string_new (NULL);
  guint64 scale = (guint64) _orga_format_power_of_ten (digits);
  guint64 n;

  if (units < 0)
    {
      g_string_append_c (out, '-');
      units = -units;
    }

  /* Beyond what a guint64 holds (no figure of ours), printf's digits,
   * still without the locale's say. */
  if (units >= 1.8e19)
    {
      char format[8];
      char text[512];
      char *point;

      g_snprintf (format, sizeof format, "%%.%df", digits);
      g_ascii_formatd (text, sizeof text, format, units / (double) scale);
      point = strchr (text, '.');
      if (point != NULL)
        *point = '\0';
      g_string_append (out, text);
      if (point != NULL)
        g_string_append_printf (out, "%s%s", orga_format_get_decimal_separator (), point + 1);
      return g_string_free (out, FALSE);
    }

  n = (guint64) units;
  g_string_append_printf (out, "%" G_GUINT64_FORMAT, n / scale);
  if (digits > 0)
    g_string_append_printf (out, "%s%0*" G_GUINT64_FORMAT,
                            orga_format_get_decimal_separator (), digits, n % scale);

  return g_string_free (out, FALSE);
}

char *
orga_format_decimal (double value,
                     int    digits)
{
  if (!isfinite (value))
    return g_strdup (ORGA_FORMAT_NONE);

  digits = CLAMP (digits, 0, 6);
  return format_units (orga_format_round_scaled (value, digits), digits);
}

char *
orga_format_percent (double ratio,
                     int    digits)
{
  g_autofree char *number = NULL;

  if (!isfinite (ratio))
    return g_strdup (ORGA_FORMAT_NONE);

  /* Rounded as a ratio, at two more decimals: 0.285 is 29 %, as the
   * export's 0,29 says. */
  digits = CLAMP (digits, 0, 6);
  number = format_units (orga_format_round_scaled (ratio, digits + 2), digits);

  /* TRANSLATORS: a percentage, "%s" is the number ("42" or "42.5");
   * French puts a narrow no-break space before the sign. */
  return g_strdup_printf (C_("percentage", "%s%%"), number);
}

/* ---- dates ------------------------------------------------------------ */

/* Whole numbers without printf: a 100,000-line export writes millions of
 * them, and vfprintf was its largest cost. @min_digits pads with zeros. */
void
_orga_format_append_unsigned (GString *out,
                              guint64  value,
                              int      min_digits)
{
  char digits[24];
  int n = 0;

  do
    {
      digits[n++] = (char) ('0' + value % 10);
      value /= 10;
    }
  while (value != 0 || n < min_digits);

  while (n > 0)
    g_string_append_c (out, digits[--n]);
}

static void
append_date (GString   *out,
             GDateTime *time)
{
  _orga_format_append_unsigned (out, (guint) g_date_time_get_day_of_month (time), 2);
  g_string_append_c (out, '/');
  _orga_format_append_unsigned (out, (guint) g_date_time_get_month (time), 2);
  g_string_append_c (out, '/');
  _orga_format_append_unsigned (out, (guint) g_date_time_get_year (time), 4);
}

static void
append_time (GString   *out,
             GDateTime *time)
{
  _orga_format_append_unsigned (out, (guint) g_date_time_get_hour (time), 2);
  g_string_append_c (out, ':');
  _orga_format_append_unsigned (out, (guint) g_date_time_get_minute (time), 2);
}

void
orga_format_append_date_time (GString   *out,
                              GDateTime *time)
{
  g_return_if_fail (out != NULL);
  g_return_if_fail (time != NULL);

  append_date (out, time);
  g_string_append_c (out, ' ');
  append_time (out, time);
}

typedef enum
{
  PART_DATE = 1 << 0,
  PART_TIME = 1 << 1,
} Parts;

static char *
format_utc (GDateTime *utc,
            GTimeZone *tz,
            Parts      parts)
{
  g_autoptr(GDateTime) local = NULL;
  GString *out;

  if (utc == NULL)
    return NULL;

  local = tz != NULL ? g_date_time_to_timezone (utc, tz) : g_date_time_to_local (utc);
  if (local == NULL)
    return NULL;

  out = g_string_sized_new (16);
  if (parts & PART_DATE)
    append_date (out, local);
  if (parts == (PART_DATE | PART_TIME))
    g_string_append_c (out, ' ');
  if (parts & PART_TIME)
    append_time (out, local);

  return g_string_free (out, FALSE);
}

static char *
format_unix (gint64     unix_time,
             GTimeZone *tz,
             Parts      parts)
{
  g_autoptr(GDateTime) utc = NULL;

  if (unix_time <= 0)
    return NULL;

  utc = g_date_time_new_from_unix_utc (unix_time);
  return format_utc (utc, tz, parts);
}

static char *
format_iso (const char *iso,
            GTimeZone  *tz,
            Parts       parts)
{
  g_autoptr(GTimeZone) utc_zone = NULL;
  g_autoptr(GDateTime) utc = NULL;

  if (iso == NULL)
    return NULL;

  /* Stored timestamps say "Z"; one without a zone is UTC as well. */
  utc_zone = g_time_zone_new_utc ();
  utc = g_date_time_new_from_iso8601 (iso, utc_zone);
  return format_utc (utc, tz, parts);
}

GTimeZone *
orga_format_paris_time_zone (void)
{
  static GTimeZone *paris;

  if (g_once_init_enter (&paris))
    {
      GTimeZone *tz = g_time_zone_new_identifier ("Europe/Paris");

      if (tz == NULL)
        {
          g_warning ("No time zone data for Europe/Paris; using local time");
          tz = g_time_zone_new_local ();
        }
      g_once_init_leave (&paris, tz);
    }

  return paris;
}

char *
orga_format_date (gint64     unix_time,
                  GTimeZone *tz)
{
  return format_unix (unix_time, tz, PART_DATE);
}

char *
orga_format_time (gint64     unix_time,
                  GTimeZone *tz)
{
  return format_unix (unix_time, tz, PART_TIME);
}

char *
orga_format_date_time (gint64     unix_time,
                       GTimeZone *tz)
{
  return format_unix (unix_time, tz, PART_DATE | PART_TIME);
}

char *
orga_format_iso_date (const char *iso,
                      GTimeZone  *tz)
{
  return format_iso (iso, tz, PART_DATE);
}

char *
orga_format_iso_date_time (const char *iso,
                           GTimeZone  *tz)
{
  return format_iso (iso, tz, PART_DATE | PART_TIME);
}

static const char *const months_en[12] = {
  NC_("month", "January"), NC_("month", "February"), NC_("month", "March"),
  NC_("month", "April"), NC_("month", "May"), NC_("month", "June"),
  NC_("month", "July"), NC_("month", "August"), NC_("month", "September"),
  NC_("month", "October"), NC_("month", "November"), NC_("month", "December"),
};

static const char *const months_fr[12] = {
  "janvier", "février", "mars", "avril", "mai", "juin",
  "juillet", "août", "septembre", "octobre", "novembre", "décembre",
};

char *
orga_format_day_month (GDateTime *time,
                       gboolean   year,
                       gboolean   french)
{
  int day, month;
  const char *name;

  g_return_val_if_fail (time != NULL, NULL);

  day = g_date_time_get_day_of_month (time);
  month = g_date_time_get_month (time) - 1;

  /* Not g_date_time_format ("%B"): it follows LC_TIME, which may not be
   * the interface's language, and French writes the first "1er". */
  if (french)
    {
      const char *first = day == 1 ? "er" : "";

      name = months_fr[month];
      return year ? g_strdup_printf ("%d%s %s %d", day, first, name, g_date_time_get_year (time))
                  : g_strdup_printf ("%d%s %s", day, first, name);
    }

  name = g_dpgettext2 (GETTEXT_PACKAGE, "month", months_en[month]);
  if (day == 1)
    /* TRANSLATORS: the first day of a month, %1$s the month's name:
     * "September 1" (French: "1er %1$s") */
    return year ? g_strdup_printf (C_("day", "%1$s 1, %2$d"), name, g_date_time_get_year (time))
                : g_strdup_printf (C_("day", "%1$s 1"), name);
  /* TRANSLATORS: %1$s a month's name, %2$d the day: "September 3"
   * (French: "%2$d %1$s") */
  return year ? g_strdup_printf (C_("day", "%1$s %2$d, %3$d"), name, day, g_date_time_get_year (time))
              : g_strdup_printf (C_("day", "%1$s %2$d"), name, day);
}

gboolean
orga_format_day_to_buffer (const char *iso,
                           char        out[ORGA_FORMAT_DAY_SIZE])
{
  if (iso == NULL || strlen (iso) != 10 || iso[4] != '-' || iso[7] != '-')
    return FALSE;

  out[0] = iso[8];
  out[1] = iso[9];
  out[2] = '/';
  out[3] = iso[5];
  out[4] = iso[6];
  out[5] = '/';
  memcpy (out + 6, iso, 4);
  out[10] = '\0';
  return TRUE;
}

char *
orga_format_day (const char *iso)
{
  char out[ORGA_FORMAT_DAY_SIZE];

  return orga_format_day_to_buffer (iso, out) ? g_strdup (out) : NULL;
}
