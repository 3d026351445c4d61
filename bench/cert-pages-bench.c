/* cert-pages-bench.c: a year group's attestations (issue 12 item 10)
 *
 * Writes the attestations of a 300-student year group into one PDF
 * (orga_cert_write_attestations_pdf), and as its floor, in the same run,
 * 300 bare cairo PDF pages of one line of text each: what any PDF of that
 * many pages costs here. Three rounds, alternately; the medians are
 * printed, their ratio, and PASS/FAIL against ≥ 200 attestation pages/s.
 * The first round includes loading the fonts, as the app's first export
 * does. A measurement, not a test: it succeeds whenever it could measure.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <cairo-pdf.h>
#include <glib.h>
#include <glib/gstdio.h>
#include <stdio.h>
#include <stdlib.h>

#include "orga-cert-pages.h"

/* Overridden by the arguments (under callgrind: `cert-pages-bench 30 1`). */
static guint N_STUDENTS = 300;
static guint N_ROUNDS = 3;
#define TARGET_PAGES_PER_SECOND 200.0

static const char *const first_names[] = {
  "Élodie", "Noé", "Anaïs", "Léo", "Zoé", "Maël", "Chloé", "Inès", "Théo", "Jules",
  "Lucie", "Hugo", "Léna", "Nathan", "Manon", "Raphaël", "Jade", "Gabriel", "Louise", "Adèle",
};
static const char *const last_names[] = {
  "Lefèvre-Müller", "Dupont", "N'Diaye", "Martin", "Bénard", "Caron", "Da Silva", "Étienne",
  "Fournier", "Gaillard", "Hébert", "Joly", "Lemaître", "Oliveira", "Pérez", "Roussel",
  "Séguin", "Nguyen", "Moreau", "Girard", "Bonnet", "François", "Mercier", "Blanc",
};
static const char *const places[] = {
  "Saint-Étienne", "Lyon", "Créteil", NULL, "Besançon", "Pointe-à-Pitre", "Nîmes",
};

static double
time_attestations (const char           *path,
                   const OrgaCertResult *results)
{
  g_autoptr(GError) error = NULL;
  gint64 start = g_get_monotonic_time ();

  if (!orga_cert_write_attestations_pdf (path, results, N_STUDENTS, &error))
    g_error ("attestations: %s", error->message);
  return (g_get_monotonic_time () - start) / 1000.0;
}

/* The floor: the same number of PDF pages, one line of cairo's toy text
 * each, written to a file. */
static double
time_floor (const char *path)
{
  gint64 start = g_get_monotonic_time ();
  cairo_surface_t *surface = cairo_pdf_surface_create (path, ORGA_CERT_PAGE_WIDTH, ORGA_CERT_PAGE_HEIGHT);
  cairo_t *cr = cairo_create (surface);

  cairo_select_font_face (cr, "Sans", CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_NORMAL);
  cairo_set_font_size (cr, 12);
  for (guint i = 0; i < N_STUDENTS; i++)
    {
      char line[64];

      g_snprintf (line, sizeof line, "Attestation de certification Pix n° %u", i + 1);
      cairo_move_to (cr, 56, 80);
      cairo_show_text (cr, line);
      cairo_show_page (cr);
    }
  cairo_destroy (cr);
  cairo_surface_finish (surface);
  if (cairo_surface_status (surface) != CAIRO_STATUS_SUCCESS)
    g_error ("floor: %s", cairo_status_to_string (cairo_surface_status (surface)));
  cairo_surface_destroy (surface);
  return (g_get_monotonic_time () - start) / 1000.0;
}

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return (x > y) - (x < y);
}

int
main (int   argc,
      char *argv[])
{
  OrgaCertResult *results;
  g_autoptr(GPtrArray) strings = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("pixorga-cert-bench-XXXXXX", &error);
  g_autofree char *path = NULL;
  g_autofree char *floor_path = NULL;
  g_autofree double *ours = NULL;
  g_autofree double *floors = NULL;
  double ours_ms, floor_ms, pages_per_second;
  GRand *rand = g_rand_new_with_seed (12);

  if (dir == NULL)
    g_error ("%s", error->message);
  if (argc > 1)
    N_STUDENTS = CLAMP (atoi (argv[1]), 1, 100000);
  if (argc > 2)
    N_ROUNDS = CLAMP (atoi (argv[2]), 1, 100);
  results = g_new0 (OrgaCertResult, N_STUDENTS);
  ours = g_new0 (double, N_ROUNDS);
  floors = g_new0 (double, N_ROUNDS);
  path = g_build_filename (dir, "attestations.pdf", NULL);
  floor_path = g_build_filename (dir, "floor.pdf", NULL);

  /* A year group of 12 classes of 25, scores spread over the range. */
  for (guint i = 0; i < N_STUDENTS; i++)
    {
      OrgaCertResult *r = &results[i];
      char *birth = g_strdup_printf ("2011-%02d-%02d", g_rand_int_range (rand, 1, 13), g_rand_int_range (rand, 1, 29));
      char *division = g_strdup_printf ("3e %c", 'A' + i / 25);
      char *code = g_strdup_printf ("P-%08X", g_rand_int (rand));

      g_ptr_array_add (strings, birth);
      g_ptr_array_add (strings, division);
      g_ptr_array_add (strings, code);
      r->number = 200000 + i;
      r->first_name = first_names[g_rand_int_range (rand, 0, G_N_ELEMENTS (first_names))];
      r->last_name = last_names[g_rand_int_range (rand, 0, G_N_ELEMENTS (last_names))];
      r->birthdate = birth;
      r->birthplace = places[g_rand_int_range (rand, 0, G_N_ELEMENTS (places))];
      r->division = division;
      r->status = ORGA_CERT_STATUS_VALIDATED;
      r->published = TRUE;
      r->session_number = 4021 + i / 25;
      r->published_at = "2026-06-15T08:30:00Z";
      r->certification_center = "Collège Jean-Moulin";
      r->verification_code = code;
      r->pix_score = 0;
      for (guint c = 0; c < ORGA_CERT_N_COMPETENCES; c++)
        {
          r->levels[c] = g_rand_int_range (rand, -1, 6);
          r->tested[c] = r->levels[c] >= 0;
          r->pix_score += MAX (0, r->levels[c]) * ORGA_CERT_PIX_BY_LEVEL + (r->levels[c] > 0 ? g_rand_int_range (rand, 0, 8) : 0);
        }
    }

  for (guint round = 0; round < N_ROUNDS; round++)
    {
      floors[round] = time_floor (floor_path);
      ours[round] = time_attestations (path, results);
      g_unlink (floor_path);
      g_unlink (path);
    }

  printf ("round  attestations (ms)  floor (ms)\n");
  for (guint round = 0; round < N_ROUNDS; round++)
    printf ("%5u  %17.1f  %10.1f\n", round + 1, ours[round], floors[round]);

  qsort (ours, N_ROUNDS, sizeof (double), compare_doubles);
  qsort (floors, N_ROUNDS, sizeof (double), compare_doubles);
  ours_ms = ours[N_ROUNDS / 2];
  floor_ms = floors[N_ROUNDS / 2];
  pages_per_second = N_STUDENTS / (ours_ms / 1000.0);

  printf ("attestations: %u pages in %.1f ms (median): %.0f pages/s\n", N_STUDENTS, ours_ms, pages_per_second);
  printf ("floor (bare cairo PDF, one line a page): %u pages in %.1f ms: %.0f pages/s\n",
          N_STUDENTS, floor_ms, N_STUDENTS / (floor_ms / 1000.0));
  printf ("ratio attestations / floor: %.1f x the floor's time\n", ours_ms / floor_ms);
  printf ("%s: %.0f pages/s (target >= %.0f pages/s)\n",
          pages_per_second >= TARGET_PAGES_PER_SECOND ? "PASS" : "FAIL",
          pages_per_second, TARGET_PAGES_PER_SECOND);

  g_rmdir (dir);
  g_rand_free (rand);
  g_free (results);
  return 0;
}
