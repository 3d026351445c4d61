/* cert-csv-bench.c: the division CSV of certification results
 *
 *   cert-csv-bench [RUNS]
 *
 * Writes the "Exporter les résultats" CSV (orga_cert_results_csv) of a
 * 35-student class and of a 300-student year group, with names that need
 * quoting, every status and a mix of tested competences; and, in the same
 * run, its floor: the same bytes appended line by line to a GString that
 * already holds every line (what no CSV writer can beat). Prints the
 * median of RUNS (default 201) runs of each and the ratio.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "orga-cert.h"

#define DEFAULT_RUNS 201

static const char * const last_names[] = {
  "MARTIN", "BERNARD", "THOMAS", "PETIT", "ROBERT", "RICHARD", "DURAND", "DUBOIS",
  "MOREAU", "LAURENT", "SIMON", "MICHEL", "LEFÈVRE", "LEROY", "ROUX", "DAVID",
  "O'BRIEN", "MOREL", "FOURNIER \"Fifi\"", "GIRARD", "BONNET; DUPONT",
};

static const char * const first_names[] = {
  "Léa", "Hugo", "Chloé", "Lucas", "Emma", "Louis", "Inès", "Gabriel", "Jade", "Raphaël",
  "Louise", "Arthur", "Zoé", "Jules", "Alice", "Adam", "Éloïse", "Maël", "Lina", "Noé",
};

static OrgaCertResult *
make_results (guint n)
{
  OrgaCertResult *results = g_new0 (OrgaCertResult, n);

  for (guint i = 0; i < n; i++)
    {
      OrgaCertResult *r = &results[i];
      static const OrgaCertStatus statuses[] = {
        ORGA_CERT_STATUS_VALIDATED, ORGA_CERT_STATUS_VALIDATED, ORGA_CERT_STATUS_VALIDATED,
        ORGA_CERT_STATUS_VALIDATED, ORGA_CERT_STATUS_VALIDATED, ORGA_CERT_STATUS_VALIDATED,
        ORGA_CERT_STATUS_REJECTED, ORGA_CERT_STATUS_CANCELLED, ORGA_CERT_STATUS_ERROR,
        ORGA_CERT_STATUS_STARTED,
      };

      r->number = 100000 + i;
      r->first_name = first_names[i % G_N_ELEMENTS (first_names)];
      r->last_name = last_names[(i * 7) % G_N_ELEMENTS (last_names)];
      r->birthdate = "2011-03-14";
      r->birthplace = i % 5 == 0 ? NULL : "Saint-Étienne";
      r->external_id = i % 3 == 0 ? NULL : "A12345";
      r->division = "3e A";
      r->status = statuses[i % G_N_ELEMENTS (statuses)];
      r->published = TRUE;
      r->pix_score = (int) (120 + (i * 37) % 400);
      for (guint c = 0; c < ORGA_CERT_N_COMPETENCES; c++)
        {
          r->tested[c] = (c + i) % 3 != 0;
          r->levels[c] = (int) ((c * 5 + i) % 9) - 1;
        }
      r->jury_comment = i % 10 == 6 ? "Le candidat a répondu faux à plus de 50% des questions posées, "
                                      "cela a invalidé l'ensemble de sa certification, et a donc "
                                      "entraîné un score de 0 pix" : NULL;
      r->session_number = 4242;
      r->session_date = "2026-05-20";
    }
  return results;
}

static int
compare_doubles (const void *a,
                 const void *b)
{
  double x = *(const double *) a;
  double y = *(const double *) b;

  return x < y ? -1 : x > y;
}

static double
median (double *values,
        guint   n)
{
  qsort (values, n, sizeof *values, compare_doubles);
  return values[n / 2];
}

static void
measure (guint n_students,
         guint runs)
{
  g_autofree OrgaCertResult *results = make_results (n_students);
  g_autoptr(GBytes) reference = orga_cert_results_csv (results, n_students);
  g_autofree double *csv_us = g_new (double, runs);
  g_autofree double *floor_us = g_new (double, runs);
  g_auto(GStrv) lines = NULL;
  gsize size;
  g_autofree char *text = g_strndup (g_bytes_get_data (reference, &size), size);
  double csv_median, floor_median;

  lines = g_strsplit (text, "\n", -1);

  /* Alternately, so that both see the same machine. */
  for (guint run = 0; run < runs; run++)
    {
      gint64 start = g_get_monotonic_time ();
      g_autoptr(GBytes) csv = orga_cert_results_csv (results, n_students);
      gint64 middle = g_get_monotonic_time ();
      GString *plain = g_string_sized_new (size);

      for (guint i = 0; lines[i] != NULL; i++)
        {
          if (i > 0)
            g_string_append_c (plain, '\n');
          g_string_append (plain, lines[i]);
        }
      g_bytes_unref (g_string_free_to_bytes (plain));
      floor_us[run] = (double) (g_get_monotonic_time () - middle);
      csv_us[run] = (double) (middle - start);

      if (g_bytes_get_size (csv) != size)
        g_error ("the CSV changed between runs");
    }

  csv_median = median (csv_us, runs);
  floor_median = median (floor_us, runs);
  printf ("%4u students, %7zu bytes: CSV %8.1f µs, floor (GString of the same bytes) %8.1f µs, ratio %.1f\n",
          n_students, size, csv_median, floor_median,
          floor_median > 0 ? csv_median / floor_median : 0.0);
}

int
main (int   argc,
      char *argv[])
{
  guint runs = argc > 1 ? (guint) g_ascii_strtoull (argv[1], NULL, 10) : DEFAULT_RUNS;

  if (runs == 0)
    runs = 1;

  measure (35, runs);
  measure (300, runs);
  return 0;
}
