/* test-cert-pages.c: the printed pages of the certification (orga-render)
 *
 * The PDFs are read back as a person would read them, with poppler-utils
 * (pdfinfo, pdftotext -layout): one page per result given, in order, the
 * names with their accents, the score, the code, each competence's level
 * on its line, greyed levels without a number, the attendance sheet's
 * header and rows paged 20 by 20.
 *
 * With PIXORGA_SCREENSHOT_DIR set, /cert-pages/screenshot also renders
 * the first attestation with pdftoppm into that folder's attestation.png
 * (tests/e2e/shoot-attestation.sh).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <cairo.h>
#include <gio/gio.h>
#include <glib/gstdio.h>
#include <stdlib.h>
#include <string.h>

#include "orga-cert-pages.h"
#include "orga-format.h"
#include "orga-framework.h"
#include "orga-test-util.h"

/* ---- the data: a 3e class's results ---- */

static void
set_levels (OrgaCertResult *result,
            const int       levels[ORGA_CERT_N_COMPETENCES])
{
  for (guint i = 0; i < ORGA_CERT_N_COMPETENCES; i++)
    {
      result->levels[i] = levels[i];
      result->tested[i] = levels[i] >= 0;
    }
}

/* Three validated results, then one whose every level is ≤ 0 (the
 * writer prints what it is given: choosing is the store's job). */
static void
fill_results (OrgaCertResult results[4])
{
  static const int elodie[ORGA_CERT_N_COMPETENCES] = { 3, 2, 3, 2, 3, 1, 2, 1, 2, 0, -1, 3, 2, 2, 3, 2 };
  static const int noe[ORGA_CERT_N_COMPETENCES] = { 2, 1, 1, 2, 2, 1, 0, 1, 1, 1, 0, 2, 1, 1, 2, 1 };
  static const int anais[ORGA_CERT_N_COMPETENCES] = { 4, 3, 4, 3, 4, 3, 2, 4, 3, 3, 2, 4, 3, 4, 3, 4 };
  static const int leo[ORGA_CERT_N_COMPETENCES] = { 0, -1, 0, 0, -1, -1, 0, 0, 0, -1, -1, 0, 0, 0, -1, 0 };

  memset (results, 0, 4 * sizeof (OrgaCertResult));

  results[0] = (OrgaCertResult) {
    .number = 104857, .first_name = "Élodie", .last_name = "Lefèvre-Müller",
    .birthdate = "2011-04-14", .birthplace = "Saint-Étienne", .external_id = "1234567A",
    .division = "3e A", .status = ORGA_CERT_STATUS_VALIDATED, .published = TRUE,
    .pix_score = 312, .session_number = 4021, .session_date = "2026-05-28",
    .published_at = "2026-06-15T08:30:00Z", .certification_center = "Collège Jean-Moulin",
    .verification_code = "P-7KQ2BCDF",
  };
  set_levels (&results[0], elodie);

  results[1] = (OrgaCertResult) {
    .number = 104858, .first_name = "Noé", .last_name = "Dupont",
    .birthdate = "2011-09-01", .birthplace = "Lyon", .division = "3e A",
    .status = ORGA_CERT_STATUS_VALIDATED, .published = TRUE, .pix_score = 187,
    .session_number = 4021, .published_at = "2026-06-15T08:30:00Z",
    .certification_center = "Collège Jean-Moulin", .verification_code = "P-GHJ34MPQ",
  };
  set_levels (&results[1], noe);

  /* No birthplace; published just after midnight in Paris (still the
   * 30th in UTC): the day printed is Paris's. */
  results[2] = (OrgaCertResult) {
    .number = 104859, .first_name = "Anaïs", .last_name = "N'Diaye",
    .birthdate = "2010-12-31", .division = "3e A",
    .status = ORGA_CERT_STATUS_VALIDATED, .published = TRUE, .pix_score = 452,
    .session_number = 4021, .published_at = "2026-06-30T22:30:00Z",
    .certification_center = "Collège Jean-Moulin", .verification_code = "P-RTVW7892",
  };
  set_levels (&results[2], anais);

  results[3] = (OrgaCertResult) {
    .number = 104860, .first_name = "Léo", .last_name = "Martin",
    .birthdate = "2011-02-03", .birthplace = "Créteil", .division = "3e A",
    .status = ORGA_CERT_STATUS_REJECTED, .pix_score = 40,
    .session_number = 4021, .published_at = "2026-06-15T08:30:00Z",
    .certification_center = "Collège Jean-Moulin", .verification_code = "P-XY99BBCC",
  };
  set_levels (&results[3], leo);
}

/* ---- poppler-utils ---- */

static char *
run_tool (const char *const *argv)
{
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(GError) error = NULL;
  int status = 0;

  g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL,
                               &out, &err, &status, &error));
  g_assert_no_error (error);
  if (!g_spawn_check_wait_status (status, NULL))
    g_error ("%s failed: %s", argv[0], err);
  return g_steal_pointer (&out);
}

static guint
pdf_pages (const char *path)
{
  const char *argv[] = { "pdfinfo", path, NULL };
  g_autofree char *info = run_tool (argv);
  const char *pages = strstr (info, "Pages:");

  g_assert_nonnull (pages);
  return atoi (pages + strlen ("Pages:"));
}

static char *
pdf_info_field (const char *path,
                const char *field)
{
  const char *argv[] = { "pdfinfo", path, NULL };
  g_autofree char *info = run_tool (argv);
  g_auto(GStrv) lines = g_strsplit (info, "\n", -1);

  for (guint i = 0; lines[i] != NULL; i++)
    if (g_str_has_prefix (lines[i], field) && lines[i][strlen (field)] == ':')
      return g_strstrip (g_strdup (lines[i] + strlen (field) + 1));
  return NULL;
}

/* The text of page @page (1-based), laid out as printed. */
static char *
pdf_page_text (const char *path,
               guint       page)
{
  g_autofree char *number = g_strdup_printf ("%u", page);
  const char *argv[] = { "pdftotext", "-layout", "-f", number, "-l", number, path, "-", NULL };

  return run_tool (argv);
}

static char *
temp_pdf_path (const char *name)
{
  g_autofree char *path = orga_test_write_temp_file (name, "", 0);

  g_assert_cmpint (g_unlink (path), ==, 0);
  return g_steal_pointer (&path);
}

static void
assert_contains (const char *text,
                 const char *needle)
{
  if (strstr (text, needle) == NULL)
    g_error ("“%s” not found in:\n%s", needle, text);
}

static void
assert_lacks (const char *text,
              const char *needle)
{
  if (strstr (text, needle) != NULL)
    g_error ("“%s” found in:\n%s", needle, text);
}

/* The line of @text holding @needle. */
static char *
line_of (const char *text,
         const char *needle)
{
  const char *found = strstr (text, needle);
  const char *start, *end;

  if (found == NULL)
    g_error ("“%s” not found in:\n%s", needle, text);
  for (start = found; start > text && start[-1] != '\n'; start--)
    ;
  end = strchr (found, '\n');
  return g_strndup (start, end != NULL ? (gsize) (end - start) : strlen (start));
}

/* What follows the name of competence @c on its line, stripped: the
 * level printed in its badge, or "" when there is none. */
static char *
level_after_name (const char *text,
                  guint       c)
{
  const char *name = orga_framework_get_competence (c)->name;
  const char *found = strstr (text, name);
  const char *end;

  if (found == NULL)
    g_error ("competence “%s” not on the page:\n%s", name, text);
  found += strlen (name);
  end = strchr (found, '\n');
  return g_strstrip (g_strndup (found, end != NULL ? (gsize) (end - found) : strlen (found)));
}

/* ---- the attestations ---- */

static void
test_attestations (void)
{
  OrgaCertResult results[4];
  g_autofree char *path = temp_pdf_path ("attestations.pdf");
  g_autofree char *title = NULL;
  g_autofree char *creator = NULL;
  g_autoptr(GError) error = NULL;

  fill_results (results);
  g_assert_true (orga_cert_write_attestations_pdf (path, results, G_N_ELEMENTS (results), &error));
  g_assert_no_error (error);

  /* Exactly the pages given, the rejected one too, in order. */
  g_assert_cmpuint (pdf_pages (path), ==, 4);
  title = pdf_info_field (path, "Title");
  g_assert_cmpstr (title, ==, "Attestations de certification Pix");
  creator = pdf_info_field (path, "Creator");
  g_assert_true (g_str_has_prefix (creator, "PixOrga"));

  for (guint p = 0; p < G_N_ELEMENTS (results); p++)
    {
      const OrgaCertResult *result = &results[p];
      g_autofree char *text = pdf_page_text (path, p + 1);
      g_autofree char *name = g_strdup_printf ("%s %s", result->first_name, result->last_name);
      g_autofree char *score = g_strdup_printf ("%d", result->pix_score);
      g_autofree char *code = g_strdup_printf ("Code de vérification : %s", result->verification_code);

      assert_contains (text, "Attestation de certification Pix");
      assert_contains (text, name);
      assert_contains (text, score);
      assert_contains (text, "/ 895*");
      assert_contains (text, "(niveaux sur 7)");
      assert_contains (text, code);
      assert_contains (text, "Centre de certification : Collège Jean-Moulin");
      assert_contains (text, "le nombre maximum de pix atteignable était de 895, correspondant au");
      for (guint i = 0; i < ORGA_FRAMEWORK_N_AREAS; i++)
        assert_contains (text, orga_framework_get_area (i)->title);
      for (guint p2 = 0; p2 < G_N_ELEMENTS (results); p2++)
        if (p2 != p)
          assert_lacks (text, results[p2].verification_code);

      /* Each competence's level on its line; ≤ 0 greyed, no number. */
      for (guint c = 0; c < ORGA_CERT_N_COMPETENCES; c++)
        {
          g_autofree char *level = level_after_name (text, c);
          g_autofree char *expected = result->levels[c] > 0 ? g_strdup_printf ("%d", result->levels[c])
                                                            : g_strdup ("");

          if (g_strcmp0 (level, expected) != 0)
            g_error ("page %u, %s: level “%s”, expected “%s”", p + 1,
                     orga_framework_get_competence (c)->index, level, expected);
        }
    }

  {
    g_autofree char *first = pdf_page_text (path, 1);
    g_autofree char *second = pdf_page_text (path, 2);
    g_autofree char *third = pdf_page_text (path, 3);
    g_autofree char *fourth = pdf_page_text (path, 4);

    /* Long French dates, "1er" included; the delivery day in Paris. */
    assert_contains (first, "Né(e) le 14 avril 2011 à Saint-Étienne");
    assert_contains (first, "Date de délivrance : 15 juin 2026");
    assert_contains (second, "Né(e) le 1er septembre 2011 à Lyon");
    {
      g_autofree char *birth = line_of (third, "Né(e) le 31 décembre 2010");

      /* No birthplace: no " à ". */
      assert_lacks (birth, " à ");
    }
    assert_contains (third, "Date de délivrance : 1er juillet 2026");

    /* The global level (spec §5) when its index is over 0. */
    assert_contains (first, "Indépendant 3");
    assert_contains (second, "Débutant 2");
    assert_contains (third, "Indépendant 4");
    assert_contains (first, "NIVEAU GLOBAL");
    assert_lacks (fourth, "NIVEAU GLOBAL");
  }
}

static void
test_attestation_bad_input (void)
{
  OrgaCertResult results[4];
  OrgaCertResult empty = { 0 };
  g_autofree char *path = temp_pdf_path ("bad.pdf");
  g_autofree char *missing = NULL;
  g_autofree char *text = NULL;
  g_autofree char *before = NULL;
  gsize length = 0;
  g_autoptr(GError) error = NULL;

  fill_results (results);

  /* Nothing to write: an error and no file. */
  g_assert_false (orga_cert_write_attestations_pdf (path, results, 0, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));

  /* A folder that does not exist: an error. */
  missing = g_build_filename (g_get_tmp_dir (), "pixorga-no-such-dir-XXXXXX", "a.pdf", NULL);
  g_assert_false (orga_cert_write_attestations_pdf (missing, results, 1, &error));
  g_assert_nonnull (error);
  g_clear_error (&error);

  /* Every string missing, a birth date and a delivery date that are
   * not dates, levels out of range: a page, no crash. */
  empty.birthdate = "2011-02-30";
  empty.published_at = "hier";
  empty.pix_score = -5;
  for (guint i = 0; i < ORGA_CERT_N_COMPETENCES; i++)
    empty.levels[i] = i == 0 ? 99 : -7;
  g_assert_true (orga_cert_write_attestations_pdf (path, &empty, 1, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (pdf_pages (path), ==, 1);
  text = pdf_page_text (path, 1);
  assert_lacks (text, "Né(e)");
  assert_lacks (text, "Date de délivrance");
  assert_lacks (text, "NIVEAU GLOBAL");
  assert_contains (text, "Code de vérification :");

  /* A failed write leaves the file that was there. */
  g_assert_true (g_file_get_contents (path, &before, &length, NULL));
  g_assert_false (orga_cert_write_attestations_pdf (path, results, 0, &error));
  g_clear_error (&error);
  {
    g_autofree char *after = NULL;
    gsize after_length = 0;

    g_assert_true (g_file_get_contents (path, &after, &after_length, NULL));
    g_assert_cmpmem (before, length, after, after_length);
  }
}

/* The draw function scales the page into any area (the app's preview):
 * the title's ink lands in the scaled page, nothing outside it. */
static void
test_draw_scaled (void)
{
  OrgaCertResult results[4];
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, 400, 300);
  cairo_t *cr = cairo_create (surface);
  const unsigned char *data;
  int stride;
  double page_width = 300 * ORGA_CERT_PAGE_WIDTH / ORGA_CERT_PAGE_HEIGHT;
  double left = (400 - page_width) / 2;
  guint dark_inside = 0, painted_outside = 0;

  fill_results (results);
  cairo_set_source_rgb (cr, 0, 0, 0);
  cairo_paint (cr);
  orga_cert_draw_attestation (cr, &results[0], 400, 300);
  cairo_destroy (cr);
  cairo_surface_flush (surface);

  data = cairo_image_surface_get_data (surface);
  stride = cairo_image_surface_get_stride (surface);
  for (int y = 0; y < 300; y++)
    for (int x = 0; x < 400; x++)
      {
        guint32 pixel = *(const guint32 *) (data + y * stride + x * 4) & 0xffffff;
        gboolean inside = x >= left + 1 && x < left + page_width - 1;

        if (inside && pixel != 0xffffff && (pixel & 0xff) < 0x80)
          dark_inside++;
        if (!inside && x < left - 1 && pixel != 0)
          painted_outside++;
      }
  cairo_surface_destroy (surface);
  g_assert_cmpuint (dark_inside, >, 100);
  g_assert_cmpuint (painted_outside, ==, 0);
}

/* ---- the attendance sheet ---- */

static const char *const last_names[] = {
  "Bénard", "Caron", "Da Silva", "Étienne", "Fournier", "Gaillard", "Hébert", "Joly", "Lemaître",
  "Müller", "N'Guyen", "Oliveira", "Pérez", "Roussel", "Séguin",
};
static const char *const first_names[] = {
  "Zoé", "Inès", "Maël", "Chloé", "Noah", "Léna", "Théo", "Anaïs", "Jules",
};

static void
test_attendance (void)
{
  g_autofree char *path = temp_pdf_path ("emargement.pdf");
  g_autoptr(GPtrArray) strings = g_ptr_array_new_with_free_func (g_free);
  OrgaCertSheetRow rows[45];
  OrgaCertSheetHeader header = {
    .number = 4021, .address = "Collège Jean-Moulin, bâtiment B", .room = "Salle informatique 2",
    .date = "2026-05-28", .time = "14:00", .examiner = "Mme Rousseau, M. Benali",
    .certification_center = "Collège Jean-Moulin",
  };
  g_autoptr(GError) error = NULL;
  g_autofree char *title = NULL;

  g_assert_cmpuint (orga_cert_attendance_n_pages (0), ==, 1);
  g_assert_cmpuint (orga_cert_attendance_n_pages (20), ==, 1);
  g_assert_cmpuint (orga_cert_attendance_n_pages (21), ==, 2);
  g_assert_cmpuint (orga_cert_attendance_n_pages (45), ==, 3);

  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    {
      char *last = g_strdup_printf ("%s%02u", last_names[i % G_N_ELEMENTS (last_names)], i);
      char *birth = g_strdup_printf ("2011-%02u-%02u", i % 12 + 1, i % 28 + 1);
      char *id = g_strdup_printf ("ID%05u", i);

      g_ptr_array_add (strings, last);
      g_ptr_array_add (strings, birth);
      g_ptr_array_add (strings, id);
      rows[i] = (OrgaCertSheetRow) {
        .last_name = last, .first_name = first_names[i % G_N_ELEMENTS (first_names)],
        .birthdate = birth, .external_id = i % 7 == 3 ? NULL : id,
        .division = i < 30 ? "3e A" : "3e B",
      };
    }

  g_assert_true (orga_cert_write_attendance_pdf (path, &header, rows, G_N_ELEMENTS (rows), &error));
  g_assert_no_error (error);
  g_assert_cmpuint (pdf_pages (path), ==, 3);
  title = pdf_info_field (path, "Title");
  g_assert_cmpstr (title, ==, "Feuille d'émargement — session 4021");

  for (guint page = 0; page < 3; page++)
    {
      g_autofree char *text = pdf_page_text (path, page + 1);
      g_autofree char *numbering = g_strdup_printf ("Page %u / 3", page + 1);
      static const char *const heads[] = {
        "Nom de naissance", "Prénom", "Identifiant local", "Classe", "Signature",
        "La session de certification", "N° de session", "Nom du site", "Nom de la salle",
        "Heure locale (début)", "Surveillé par", "Liste des candidats",
      };

      for (guint i = 0; i < G_N_ELEMENTS (heads); i++)
        assert_contains (text, heads[i]);
      assert_contains (text, "4021");
      assert_contains (text, "Collège Jean-Moulin, bâtiment B");
      assert_contains (text, "Salle informatique 2");
      assert_contains (text, "28/05/2026");
      assert_contains (text, "14:00");
      assert_contains (text, "Mme Rousseau, M. Benali");
      assert_contains (text, numbering);

      /* Rows 20 by 20: this page's, none of the others'. */
      for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
        {
          char birth[ORGA_FORMAT_DAY_SIZE];

          if (i / 20 == page)
            {
              g_assert_true (orga_format_day_to_buffer (rows[i].birthdate, birth));
              assert_contains (text, rows[i].last_name);
              assert_contains (text, rows[i].first_name);
              assert_contains (text, birth);
              if (rows[i].external_id != NULL)
                assert_contains (text, rows[i].external_id);
            }
          else
            {
              assert_lacks (text, rows[i].last_name);
            }
        }
    }
}

static void
test_attendance_pending_number (void)
{
  g_autofree char *path = temp_pdf_path ("emargement-vide.pdf");
  g_autofree char *text = NULL;
  OrgaCertSheetHeader header = { .number = 0, .date = "pas une date" };
  g_autoptr(GError) error = NULL;

  /* No candidates, a session without its number yet: one page. */
  g_assert_true (orga_cert_write_attendance_pdf (path, &header, NULL, 0, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (pdf_pages (path), ==, 1);
  text = pdf_page_text (path, 1);
  assert_contains (text, "en attente");
  assert_contains (text, "pas une date");
  assert_contains (text, "Page 1 / 1");
}

/* ---- the readiness list ---- */

static void
assert_matches (const char *text,
                const char *pattern)
{
  if (!g_regex_match_simple (pattern, text, 0, 0))
    g_error ("/%s/ does not match:\n%s", pattern, text);
}

static void
test_readiness (void)
{
  g_autofree char *path = temp_pdf_path ("preparation.pdf");
  g_autoptr(GPtrArray) strings = g_ptr_array_new_with_free_func (g_free);
  OrgaCertReadinessSheetRow rows[40];
  OrgaCertReadinessHeader header = { .division = "3e A", .next_session = "2027-01-14" };
  g_autoptr(GError) error = NULL;
  g_autofree char *title = NULL;
  g_autofree char *first = NULL;
  g_autofree char *second = NULL;
  g_autofree char *expected = NULL;

  g_assert_cmpuint (orga_cert_readiness_n_pages (0), ==, 1);
  g_assert_cmpuint (orga_cert_readiness_n_pages (30), ==, 1);
  g_assert_cmpuint (orga_cert_readiness_n_pages (31), ==, 2);

  /* 10 not yet (0 … 9 competences mod 5), 20 unknown, 10 certifiable. */
  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    {
      char *last = g_strdup_printf ("%s%02u", last_names[i % G_N_ELEMENTS (last_names)], i);

      g_ptr_array_add (strings, last);
      rows[i] = (OrgaCertReadinessSheetRow) {
        .last_name = last, .first_name = first_names[i % G_N_ELEMENTS (first_names)],
        .division = "3e A", .certifiable = i < 10 ? 0 : i < 30 ? -1 : 1,
        .competences_at_level_1 = i < 10 ? i % 5 : i >= 30 ? 7 : 0, .enrolled = i == 3,
      };
    }

  g_assert_true (orga_cert_write_readiness_pdf (path, &header, rows, G_N_ELEMENTS (rows), &error));
  g_assert_no_error (error);
  g_assert_cmpuint (pdf_pages (path), ==, 2);
  title = pdf_info_field (path, "Title");
  g_assert_cmpstr (title, ==, "Préparation à la certification — 3e A");

  first = pdf_page_text (path, 1);
  second = pdf_page_text (path, 2);
  assert_contains (first, "Préparation à la certification");
  assert_contains (first, "Classe 3e A — Prochaine session : 14 janvier 2027");
  assert_contains (first, "10 certifiables · 10 pas encore · 20 inconnus");
  assert_contains (first, "Compétences");
  assert_contains (first, "Page 1 / 2");
  assert_contains (second, "Page 2 / 2");
  /* Each row on its page, its status and, not yet certifiable, how many
   * competences of the rule's number. */
  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    assert_contains (i < 30 ? first : second, rows[i].last_name);
  assert_lacks (first, rows[35].last_name);
  expected = g_strdup_printf ("%s.*Pas encore *3 */ *%d *Oui", rows[3].last_name,
                              ORGA_CERT_MIN_COMPETENCES_FOR_CERTIFIABILITY);
  assert_matches (first, expected);
  assert_matches (first, "Bénard00 .*Pas encore *0 */ *5");
  assert_matches (first, "Inconnu");
  assert_contains (second, "Certifiable");
  g_assert_false (g_regex_match_simple ("Certifiable *7", second, 0, 0));
}

static void
test_readiness_empty (void)
{
  g_autofree char *path = temp_pdf_path ("preparation-vide.pdf");
  g_autofree char *text = NULL;
  OrgaCertReadinessHeader header = { NULL, NULL };
  g_autoptr(GError) error = NULL;

  g_assert_true (orga_cert_write_readiness_pdf (path, &header, NULL, 0, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (pdf_pages (path), ==, 1);
  text = pdf_page_text (path, 1);
  assert_contains (text, "Toutes les classes — Aucune session prévue");
  assert_contains (text, "0 certifiable · 0 pas encore · 0 inconnu");
}

/* ---- the screenshot (data/screenshots/attestation.png) ---- */

static void
test_screenshot (void)
{
  const char *dir = g_getenv ("PIXORGA_SCREENSHOT_DIR");
  OrgaCertResult results[4];
  g_autofree char *path = NULL;
  g_autofree char *base = NULL;
  g_autofree char *png = NULL;
  g_autoptr(GError) error = NULL;

  if (dir == NULL)
    {
      g_test_skip ("PIXORGA_SCREENSHOT_DIR not set");
      return;
    }

  fill_results (results);
  path = temp_pdf_path ("screenshot.pdf");
  g_assert_true (orga_cert_write_attestations_pdf (path, results, 1, &error));
  g_assert_no_error (error);
  base = g_build_filename (dir, "attestation", NULL);
  {
    const char *argv[] = { "pdftoppm", "-png", "-r", "110", "-singlefile", path, base, NULL };
    g_autofree char *out = run_tool (argv);
  }
  png = g_strconcat (base, ".png", NULL);
  g_assert_true (g_file_test (png, G_FILE_TEST_IS_REGULAR));
}

int
main (int   argc,
      char *argv[])
{
  orga_test_init (&argc, &argv);

  g_test_add_func ("/cert-pages/attestations", test_attestations);
  g_test_add_func ("/cert-pages/attestation-bad-input", test_attestation_bad_input);
  g_test_add_func ("/cert-pages/draw-scaled", test_draw_scaled);
  g_test_add_func ("/cert-pages/attendance", test_attendance);
  g_test_add_func ("/cert-pages/attendance-pending-number", test_attendance_pending_number);
  g_test_add_func ("/cert-pages/readiness", test_readiness);
  g_test_add_func ("/cert-pages/readiness-empty", test_readiness_empty);
  g_test_add_func ("/cert-pages/screenshot", test_screenshot);

  return g_test_run ();
}
