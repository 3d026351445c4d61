/* test-format.c: one rule for figures and dates (orga-format)
 *
 * Registered twice in tests/meson.build: under LC_ALL=C.UTF-8 and under
 * LC_ALL=fr_FR.UTF-8, with a French interface both times, and every
 * answer must be the same.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <locale.h>
#include <math.h>
#include <string.h>

#include "orga-campaign-export.h"
#include "orga-format.h"
#include "orga-test-util.h"

/* "1,5" from "1.5" with the separator the rule picks. */
static char *
with_separator (const char *text)
{
  g_auto(GStrv) parts = g_strsplit (text, ".", 2);

  return g_strjoinv (orga_format_get_decimal_separator (), parts);
}

static void
assert_decimal (double      value,
                int         digits,
                const char *expected)
{
  g_autofree char *text = orga_format_decimal (value, digits);
  g_autofree char *want = with_separator (expected);

  g_assert_cmpstr (text, ==, want);
}

static void
assert_percent (double      ratio,
                int         digits,
                const char *number)
{
  g_autofree char *text = orga_format_percent (ratio, digits);
  g_autofree char *with = with_separator (number);
  g_autofree char *want = g_strdup_printf (C_("percentage", "%s%%"), with);

  g_assert_cmpstr (text, ==, want);
}

/* Takes @text. */
static void
assert_none (char *text)
{
  g_autofree char *owned = text;

  g_assert_cmpstr (owned, ==, ORGA_FORMAT_NONE);
}

static void
test_separator (void)
{
  /* The interface is French in both runs: by the locale (fr_FR) or, under
   * C, by the translation. Never the C locale's point in a French text. */
  g_assert_cmpstr (orga_format_get_decimal_separator (), ==, ",");
}

static void
test_round (void)
{
  /* Pix's rounding of the shortest text: just-below halves go up. */
  g_assert_cmpfloat (orga_format_round_scaled (0.285, 2), ==, 29);
  g_assert_cmpfloat (orga_format_round_scaled (1.005, 2), ==, 101);
  g_assert_cmpfloat (orga_format_round_scaled (57.0 / 200.0, 2), ==, 29);
  g_assert_cmpfloat (orga_format_round_scaled (0.125, 2), ==, 13);
  g_assert_cmpfloat (orga_format_round_scaled (0.5, 0), ==, 1);
  g_assert_cmpfloat (orga_format_round_scaled (2.5, 0), ==, 3);
  g_assert_cmpfloat (orga_format_round_scaled (0.4999999999999999, 0), ==, 0);
  g_assert_cmpfloat (orga_format_round_scaled (0.0005, 3), ==, 1);
  g_assert_cmpfloat (orga_format_round_scaled (0.0004, 3), ==, 0);
  /* Halves toward +∞, as Math.round. */
  g_assert_cmpfloat (orga_format_round_scaled (-2.5, 0), ==, -2);
  g_assert_cmpfloat (orga_format_round_scaled (-2.6, 0), ==, -3);
  /* Never -0. */
  g_assert_false (signbit (orga_format_round_scaled (-0.5, 0)));
  g_assert_false (signbit (orga_format_round_scaled (-0.001, 2)));
  g_assert_false (signbit (orga_format_round_scaled (-0.0, 2)));
  /* What does not exist stays so. */
  g_assert_true (isnan (orga_format_round_scaled (NAN, 2)));
  g_assert_true (isinf (orga_format_round_scaled (INFINITY, 2)));
}

static void
test_decimal (void)
{
  assert_decimal (1.5, 1, "1.5");
  assert_decimal (1.0, 1, "1.0");
  assert_decimal (42.0, 0, "42");
  assert_decimal (1234.56, 1, "1234.6");
  assert_decimal (2.25, 1, "2.3");
  assert_decimal (0.05, 1, "0.1");
  assert_decimal (2.5, 0, "3");
  assert_decimal (0.125, 2, "0.13");
  /* -0: neither "-0" nor "-0,0". */
  assert_decimal (-0.0, 0, "0");
  assert_decimal (-0.04, 1, "0.0");
  assert_decimal (-0.4, 0, "0");
  assert_decimal (-1.25, 1, "-1.2");
  /* Past 2^64 hundredths, still the same form. */
  assert_decimal (1e20, 2, "100000000000000000000.00");
  assert_decimal (-1e20, 0, "-100000000000000000000");
  /* Digits are 0 … 6. */
  assert_decimal (1.0 / 3.0, 9, "0.333333");
  assert_decimal (1.6, -1, "2");
  /* No figure. */
  assert_none (orga_format_decimal (NAN, 1));
  assert_none (orga_format_decimal (INFINITY, 1));
  assert_none (orga_format_decimal (-INFINITY, 0));
}

static void
test_percent (void)
{
  assert_percent (0.42, 0, "42");
  assert_percent (0.285, 0, "29");
  assert_percent (0.125, 0, "13");
  assert_percent (0.005, 0, "1");
  assert_percent (0.0049, 0, "0");
  assert_percent (1.0 / 3.0, 1, "33.3");
  assert_percent (2.0 / 7.0, 1, "28.6");
  assert_percent (0.3, 1, "30.0");
  assert_percent (1.0, 0, "100");
  assert_percent (0.0, 0, "0");
  assert_percent (-0.0, 1, "0.0");
  assert_percent (-0.001, 0, "0");
  assert_none (orga_format_percent (NAN, 0));
  assert_none (orga_format_percent (0.0 / 0.0, 1));
}

/* The export writes a rate at 2 decimals, the screen as a whole
 * percentage: for every rate, the same figure. */
static void
test_percent_matches_export (void)
{
  for (guint denominator = 1; denominator <= 200; denominator++)
    for (guint numerator = 0; numerator <= denominator; numerator++)
      {
        double rate = (double) numerator / denominator;
        g_autoptr(GString) csv = g_string_new (NULL);
        g_autofree char *screen = orga_format_percent (rate, 0);
        g_autofree char *expected = NULL;
        g_autofree char *whole = NULL;
        double exported;

        orga_csv_append_number (csv, rate, 2);
        g_strdelimit (csv->str, ",", '.');
        exported = g_ascii_strtod (csv->str, NULL);
        /* 0.29 → 29: non-negative, a hundredth at most (the core has no libm) */
        whole = g_strdup_printf ("%d", (int) (exported * 100 + 0.5));
        expected = g_strdup_printf (C_("percentage", "%s%%"), whole);
        if (g_strcmp0 (screen, expected) != 0)
          g_error ("%u/%u: %s on screen, %s in the export", numerator, denominator, screen, csv->str);
      }
}

/* The digits never follow LC_NUMERIC, only the separator may. */
static void
test_locale_independence (void)
{
  g_autofree char *saved = g_strdup (setlocale (LC_NUMERIC, NULL));
  const char *locales[] = { "C.UTF-8", "fr_FR.UTF-8", "C" };
  g_autofree char *reference = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (locales); i++)
    {
      g_autoptr(GString) csv = g_string_new (NULL);
      g_autofree char *decimal = NULL;
      g_autofree char *date = NULL;
      g_autofree char *all = NULL;
      char digits[24];
      int point;

      if (setlocale (LC_NUMERIC, locales[i]) == NULL)
        {
          g_test_message ("locale %s is not installed", locales[i]);
          continue;
        }

      orga_csv_append_number (csv, 0.285, 2);
      g_string_append_c (csv, ';');
      orga_csv_append_number (csv, 2.0 / 3.0, -1);
      g_assert_cmpstr (csv->str, ==, "0,29;0,6666666666666666");
      orga_format_shortest_digits (0.285, digits, &point);
      g_assert_cmpstr (digits, ==, "285");
      g_assert_cmpint (point, ==, 0);
      g_assert_cmpfloat (orga_format_round_scaled (1.005, 2), ==, 101);

      decimal = orga_format_decimal (1234.56, 1);
      date = orga_format_iso_date_time ("2024-07-14T22:30:00Z", NULL);
      g_assert_true (g_str_has_prefix (decimal, "1234"));
      g_assert_true (g_str_has_suffix (decimal, "6"));
      all = g_strconcat (csv->str, " ", decimal + 4, " ", date, NULL);
      if (reference == NULL)
        reference = g_steal_pointer (&all);
      /* "C" states no separator: the interface's (French) one then. */
      else
        g_assert_cmpstr (all, ==, reference);
    }

  setlocale (LC_NUMERIC, saved);
}

static GTimeZone *
zone (const char *identifier)
{
  GTimeZone *tz = g_time_zone_new_identifier (identifier);

  if (tz == NULL)
    g_test_skip ("no time zone data");
  return tz;
}

static void
test_dates_across_zones (void)
{
  g_autoptr(GTimeZone) paris = zone ("Europe/Paris");
  g_autoptr(GTimeZone) cayenne = zone ("America/Cayenne");
  g_autoptr(GTimeZone) auckland = zone ("Pacific/Auckland");
  g_autoptr(GTimeZone) utc = g_time_zone_new_utc ();
  const char *late_evening = "2024-07-14T22:30:00Z";
  static const struct {
    const char *iso;
    const char *paris, *cayenne, *auckland, *utc;
  } cases[] = {
    /* Summer: Paris is UTC+2, already the 15th. */
    { "2024-07-14T22:30:00Z", "15/07/2024 00:30", "14/07/2024 19:30", "15/07/2024 10:30", "14/07/2024 22:30" },
    /* Winter: UTC+1. */
    { "2024-01-15T23:30:00.123456Z", "16/01/2024 00:30", "15/01/2024 20:30", "16/01/2024 12:30", "15/01/2024 23:30" },
    /* The night Paris changes to summer time. */
    { "2024-03-31T01:30:00Z", "31/03/2024 03:30", "30/03/2024 22:30", "31/03/2024 14:30", "31/03/2024 01:30" },
    /* New Year's Eve, written with an offset. */
    { "2024-12-31T23:59:00+00:00", "01/01/2025 00:59", "31/12/2024 20:59", "01/01/2025 12:59", "31/12/2024 23:59" },
  };

  if (paris == NULL || cayenne == NULL || auckland == NULL)
    return;

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      GTimeZone *zones[] = { paris, cayenne, auckland, utc };
      const char *expected[] = { cases[i].paris, cases[i].cayenne, cases[i].auckland, cases[i].utc };

      for (guint z = 0; z < G_N_ELEMENTS (zones); z++)
        {
          g_autofree char *date_time = orga_format_iso_date_time (cases[i].iso, zones[z]);
          g_autofree char *date = orga_format_iso_date (cases[i].iso, zones[z]);
          g_autoptr(GDateTime) parsed = g_date_time_new_from_iso8601 (cases[i].iso, NULL);
          gint64 unix_time = g_date_time_to_unix (parsed);
          g_autofree char *from_unix = orga_format_date_time (unix_time, zones[z]);
          g_autofree char *day = orga_format_date (unix_time, zones[z]);
          g_autofree char *time = orga_format_time (unix_time, zones[z]);
          g_autofree char *joined = g_strconcat (day, " ", time, NULL);
          g_autoptr(GDateTime) local = g_date_time_to_timezone (parsed, zones[z]);
          g_autoptr(GString) appended = g_string_new (NULL);

          g_assert_cmpstr (date_time, ==, expected[z]);
          g_assert_true (strncmp (date, expected[z], 10) == 0 && strlen (date) == 10);
          g_assert_cmpstr (from_unix, ==, expected[z]);
          g_assert_cmpstr (joined, ==, expected[z]);
          orga_format_append_date_time (appended, local);
          g_assert_cmpstr (appended->str, ==, expected[z]);
        }
    }

  /* The computer's zone when none is given. */
  {
    g_autoptr(GTimeZone) local = g_time_zone_new_local ();
    g_autoptr(GDateTime) parsed = g_date_time_new_from_iso8601 (late_evening, NULL);
    g_autoptr(GDateTime) there = g_date_time_to_timezone (parsed, local);
    g_autofree char *expected = g_date_time_format (there, "%d/%m/%Y");
    g_autofree char *date = orga_format_iso_date (late_evening, NULL);

    g_assert_cmpstr (date, ==, expected);
  }

  /* Nothing, or not a timestamp. */
  g_assert_null (orga_format_iso_date (NULL, paris));
  g_assert_null (orga_format_iso_date ("", paris));
  g_assert_null (orga_format_iso_date ("15/07/2024", paris));
  g_assert_null (orga_format_iso_date_time ("yesterday", NULL));
  g_assert_null (orga_format_date (0, paris));
  g_assert_null (orga_format_date (-1, paris));
  g_assert_null (orga_format_date_time (0, NULL));
}

static void
test_day (void)
{
  g_autofree char *day = orga_format_day ("1994-12-31");
  char buffer[ORGA_FORMAT_DAY_SIZE];

  /* A birth date has no zone: never shifted. */
  g_assert_cmpstr (day, ==, "31/12/1994");
  g_assert_true (orga_format_day_to_buffer ("2012-02-29", buffer));
  g_assert_cmpstr (buffer, ==, "29/02/2012");
  g_assert_null (orga_format_day (NULL));
  g_assert_null (orga_format_day ("1994-12-3"));
  g_assert_null (orga_format_day ("31/12/1994"));
  g_assert_false (orga_format_day_to_buffer ("1994-12-310", buffer));
}

static void
test_day_month (void)
{
  g_autoptr(GTimeZone) paris = g_time_zone_new_identifier ("Europe/Paris");
  g_autoptr(GDateTime) first = g_date_time_new (paris, 2026, 9, 1, 8, 0, 0);
  g_autoptr(GDateTime) third = g_date_time_new (paris, 2026, 9, 3, 8, 0, 0);
  g_autoptr(GDateTime) august = g_date_time_new (paris, 2027, 8, 31, 23, 59, 0);
  const gboolean french_ui[] = { FALSE, TRUE };

  /* The interface is French in both runs; the forced French as well. */
  for (guint i = 0; i < G_N_ELEMENTS (french_ui); i++)
    {
      g_autofree char *a = orga_format_day_month (first, FALSE, french_ui[i]);
      g_autofree char *b = orga_format_day_month (third, FALSE, french_ui[i]);
      g_autofree char *c = orga_format_day_month (first, TRUE, french_ui[i]);
      g_autofree char *d = orga_format_day_month (august, TRUE, french_ui[i]);

      g_assert_cmpstr (a, ==, "1er septembre");
      g_assert_cmpstr (b, ==, "3 septembre");
      g_assert_cmpstr (c, ==, "1er septembre 2026");
      g_assert_cmpstr (d, ==, "31 août 2027");
    }
}

int
main (int    argc,
      char **argv)
{
  orga_test_init (&argc, &argv);

  g_test_add_func ("/format/separator", test_separator);
  g_test_add_func ("/format/round", test_round);
  g_test_add_func ("/format/decimal", test_decimal);
  g_test_add_func ("/format/percent", test_percent);
  g_test_add_func ("/format/percent-matches-export", test_percent_matches_export);
  g_test_add_func ("/format/locale-independence", test_locale_independence);
  g_test_add_func ("/format/dates-across-zones", test_dates_across_zones);
  g_test_add_func ("/format/day", test_day);
  g_test_add_func ("/format/day-month", test_day_month);

  return g_test_run ();
}
