/* test-item-bank.c: loading and checking the item bank, checking answers
 *
 * tests/data/items-sample/ is a small bank in the real format; the other
 * banks are written into temporary folders by the tests themselves.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <string.h>

#include "orga-framework-private.h"
#include "orga-item-bank.h"
#include "orga-target-profile.h"
#include "orga-test-util.h"

static OrgaItemBank *
load_sample (void)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "items-sample", NULL);
  g_autoptr(GError) error = NULL;
  OrgaItemBank *bank = orga_item_bank_new_from_dir (path, &error);

  g_assert_no_error (error);
  g_assert_nonnull (bank);
  return bank;
}

/* A temporary folder of bank files, removed by remove_bank_dir. */
static char *
write_bank_dir (const char * const *names_and_texts)
{
  g_autoptr(GError) error = NULL;
  char *dir = g_dir_make_tmp ("pixorga-items-XXXXXX", &error);

  g_assert_no_error (error);
  for (guint i = 0; names_and_texts[i] != NULL; i += 2)
    {
      g_autofree char *path = g_build_filename (dir, names_and_texts[i], NULL);
      g_autofree char *parent = g_path_get_dirname (path);

      g_assert_cmpint (g_mkdir_with_parents (parent, 0700), ==, 0);
      g_file_set_contents (path, names_and_texts[i + 1], -1, &error);
      g_assert_no_error (error);
    }
  return dir;
}

static void
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR))
        remove_tree (child);
      else
        g_assert_cmpint (g_unlink (child), ==, 0);
    }
  g_assert_cmpint (g_rmdir (path), ==, 0);
}

/* ------------------------------------------------------------------ */
/* loading                                                              */
/* ------------------------------------------------------------------ */

static void
test_load_sample (void)
{
  OrgaItemBank *bank = load_sample ();
  const OrgaItem *const *items;
  const OrgaItem *item;
  guint n;

  /* 1.1.json then 1.3.json, each in its order. */
  g_assert_cmpuint (orga_item_bank_get_n_items (bank), ==, 6);
  g_assert_cmpstr (orga_item_get_id (orga_item_bank_get_nth (bank, 0)), ==, "rechercheWeb1-a");
  g_assert_cmpstr (orga_item_get_id (orga_item_bank_get_nth (bank, 5)), ==, "tableur1-b");

  items = orga_item_bank_get_for_skill (bank, ORGA_TUBE_RECHERCHE_WEB, 1, &n);
  g_assert_cmpuint (n, ==, 2);
  g_assert_cmpstr (orga_item_get_id (items[0]), ==, "rechercheWeb1-a");
  g_assert_cmpstr (orga_item_get_id (items[1]), ==, "rechercheWeb1-b");
  g_assert_null (orga_item_bank_get_for_skill (bank, ORGA_TUBE_RECHERCHE_WEB, 3, &n));
  g_assert_cmpuint (n, ==, 0);
  g_assert_null (orga_item_bank_get_for_skill (bank, ORGA_TUBE_RECHERCHE_WEB, 0, &n));
  g_assert_null (orga_item_bank_get_for_skill (bank, ORGA_TUBE_RECHERCHE_WEB, 9, &n));
  g_assert_null (orga_item_bank_get_for_skill (bank, 10000, 1, &n));
  g_assert_cmpuint (n, ==, 0);

  item = orga_item_bank_find (bank, "rechercheWeb2-a");
  g_assert_nonnull (item);
  g_assert_cmpint (orga_item_get_kind (item), ==, ORGA_ITEM_MULTIPLE);
  g_assert_cmpuint (orga_item_get_tube (item), ==, ORGA_TUBE_RECHERCHE_WEB);
  g_assert_cmpuint (orga_item_get_difficulty (item), ==, 2);
  g_assert_true (g_str_has_prefix (orga_item_get_question (item), "Lesquels de ces mots-clés"));
  g_assert_cmpuint (g_strv_length ((char **) orga_item_get_choices (item)), ==, 4);
  g_assert_cmpstr (orga_item_get_choices (item)[2], ==, "Brest");
  g_assert_true (g_str_has_suffix (orga_item_get_image_path (item), "/files/resultats.svg"));
  g_assert_true (g_file_test (orga_item_get_image_path (item), G_FILE_TEST_IS_REGULAR));
  g_assert_cmpstr (orga_item_get_image_alt (item), ==, "Une page de résultats avec trois liens.");
  g_assert_null (orga_item_get_attachment_path (item));
  g_assert_null (orga_item_get_attachment_label (item));

  item = orga_item_bank_find (bank, "sourcesInfo2-a");
  g_assert_true (g_str_has_suffix (orga_item_get_attachment_path (item), "/files/page.csv"));
  g_assert_cmpstr (orga_item_get_attachment_label (item), ==, "La page, en tableau");
  g_assert_null (orga_item_get_image_path (item));

  item = orga_item_bank_find (bank, "rechercheWeb1-b");
  g_assert_cmpint (orga_item_get_kind (item), ==, ORGA_ITEM_SHORT);
  g_assert_null (orga_item_get_choices (item));
  /* "\n" in JSON: paragraphs of the question. */
  g_assert_nonnull (strchr (orga_item_get_question (item), '\n'));

  g_assert_null (orga_item_bank_find (bank, "nope"));
  g_assert_null (orga_item_bank_find (bank, NULL));

  orga_item_bank_free (bank);
}

static void
test_load_errors (void)
{
  g_autoptr(GError) error = NULL;
  const char *broken[] = {
    "1.1.json", "{\"competence\": \"1.1\", \"items\": []}",
    "1.2.json", "{\"competence\": \"1.2\", \"items\": [",
    NULL,
  };
  g_autofree char *dir = write_bank_dir (broken);

  /* A file that is not JSON: the whole load fails, naming the file. */
  g_assert_null (orga_item_bank_new_from_dir (dir, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
  g_assert_nonnull (strstr (error->message, "1.2.json: does not parse"));
  g_clear_error (&error);
  remove_tree (dir);

  /* No such folder. */
  g_assert_null (orga_item_bank_new_from_dir ("/nonexistent/pixorga-items", &error));
  g_assert_nonnull (error);
}

/* Every kind of problem in one bank: each reported on its own line with
 * file and item, and the broken items left out. */
static void
test_check_problems (void)
{
  const char *files[] = {
    "1.1.json",
    "{\"competence\": \"1.1\", \"items\": ["
    " {\"id\": \"good-1\", \"skill\": \"@rechercheWeb1\", \"kind\": \"single\", \"question\": \"Q ?\","
    "  \"choices\": [\"a\", \"b\"], \"answer\": [1]},"
    " {\"id\": \"good-1\", \"skill\": \"@rechercheWeb1\", \"kind\": \"single\", \"question\": \"Q ?\","
    "  \"choices\": [\"a\", \"b\"], \"answer\": [0]},"
    " {\"id\": \"unknown-skill\", \"skill\": \"@rechercheWeb9\", \"kind\": \"single\", \"question\": \"Q ?\","
    "  \"choices\": [\"a\", \"b\"], \"answer\": [0]},"
    " {\"id\": \"missing-skill\", \"skill\": \"@sourcesInfo1\", \"kind\": \"single\", \"question\": \"Q ?\","
    "  \"choices\": [\"a\", \"b\"], \"answer\": [0]},"
    " {\"id\": \"other-competence\", \"skill\": \"@tableur1\", \"kind\": \"single\", \"question\": \"Q ?\","
    "  \"choices\": [\"a\", \"b\"], \"answer\": [0]},"
    " {\"id\": \"bad-index\", \"skill\": \"@rechercheWeb1\", \"kind\": \"single\", \"question\": \"Q ?\","
    "  \"choices\": [\"a\", \"b\"], \"answer\": [2]},"
    " {\"id\": \"two-answers\", \"skill\": \"@rechercheWeb1\", \"kind\": \"single\", \"question\": \"Q ?\","
    "  \"choices\": [\"a\", \"b\"], \"answer\": [0, 1]},"
    " {\"id\": \"repeated\", \"skill\": \"@rechercheWeb1\", \"kind\": \"multiple\", \"question\": \"Q ?\","
    "  \"choices\": [\"a\", \"b\"], \"answer\": [0, 0]},"
    " {\"id\": \"one-choice\", \"skill\": \"@rechercheWeb1\", \"kind\": \"single\", \"question\": \"Q ?\","
    "  \"choices\": [\"a\"], \"answer\": [0]},"
    " {\"id\": \"seven-choices\", \"skill\": \"@rechercheWeb1\", \"kind\": \"single\", \"question\": \"Q ?\","
    "  \"choices\": [\"a\", \"b\", \"c\", \"d\", \"e\", \"f\", \"g\"], \"answer\": [0]},"
    " {\"id\": \"float-index\", \"skill\": \"@rechercheWeb1\", \"kind\": \"single\", \"question\": \"Q ?\","
    "  \"choices\": [\"a\", \"b\"], \"answer\": [1.0]},"
    " {\"id\": \"no-question\", \"skill\": \"@rechercheWeb1\", \"kind\": \"short\", \"question\": \" \","
    "  \"answers\": [\"x\"]},"
    " {\"id\": \"empty-answer\", \"skill\": \"@rechercheWeb1\", \"kind\": \"short\", \"question\": \"Q ?\","
    "  \"answers\": [\" . \"]},"
    " {\"id\": \"bad-kind\", \"skill\": \"@rechercheWeb1\", \"kind\": \"essay\", \"question\": \"Q ?\"},"
    " {\"id\": \"no-image\", \"skill\": \"@rechercheWeb1\", \"kind\": \"short\", \"question\": \"Q ?\","
    "  \"answers\": [\"x\"], \"image\": {\"file\": \"absent.png\", \"alt\": \"x\"}},"
    " {\"id\": \"escape\", \"skill\": \"@rechercheWeb1\", \"kind\": \"short\", \"question\": \"Q ?\","
    "  \"answers\": [\"x\"], \"attachment\": {\"file\": \"../1.1.json\", \"label\": \"x\"}},"
    " {\"id\": \"typo\", \"skill\": \"@rechercheWeb1\", \"kind\": \"short\", \"question\": \"Q ?\","
    "  \"answers\": [\"x\"], \"anwser\": 1},"
    " {\"id\": \"bad id!\", \"skill\": \"@rechercheWeb1\", \"kind\": \"short\", \"question\": \"Q ?\","
    "  \"answers\": [\"x\"]},"
    " 42"
    "]}",
    "9.9.json", "{\"competence\": \"9.9\", \"items\": []}",
    "1.2.json", "{\"competence\": \"1.3\", \"items\": []}",
    "1.3.json", "[]",
    NULL,
  };
  static const char * const expected[] = {
    "1.1.json: item good-1: duplicated id",
    "1.1.json: item unknown-skill: unknown skill \"@rechercheWeb9\"",
    "1.1.json: item missing-skill: unknown skill \"@sourcesInfo1\"",
    "1.1.json: item other-competence: skill @tableur1 belongs to competence 1.3, not 1.1",
    "1.1.json: item bad-index: answer index 2 out of range (0 … 1)",
    "1.1.json: item two-answers: a single item has exactly one answer index, not 2",
    "1.1.json: item repeated: an answer index is repeated",
    "1.1.json: item one-choice: 1 choices: 2 to 6 expected",
    "1.1.json: item seven-choices: 7 choices: 2 to 6 expected",
    "1.1.json: item float-index: \"answer\" must be a non-empty list of choice indices",
    "1.1.json: item no-question: \"question\" must be a non-empty string",
    "1.1.json: item empty-answer: accepted answer \" . \" is empty once normalised",
    "1.1.json: item bad-kind: \"kind\" must be",
    "1.1.json: item no-image: image file absent.png is missing from",
    "1.1.json: item escape: attachment file \"../1.1.json\": a plain file name is expected",
    "1.1.json: item typo: unknown key \"anwser\"",
    "1.1.json: item #17: \"id\" must be a non-empty string",
    "1.1.json: item #18: not an object",
    "9.9.json: \"competence\" is not a competence of the framework",
    "1.2.json: the file of competence 1.3 must be named 1.3.json",
    "1.3.json: the top level is not an object",
    /* Coverage: the catalogue targets @rechercheWeb1 (rentrée 6e). */
    "1.1.json: skill @rechercheWeb1 has 1 item(s), 2 needed",
    "4.1.json: skill @hameconnage6 has 0 item(s), 2 needed",
  };
  g_autofree char *dir = write_bank_dir (files);
  g_autoptr(GError) error = NULL;
  OrgaItemBank *bank = orga_item_bank_new_from_dir (dir, &error);
  g_auto(GStrv) lines = NULL;

  g_assert_no_error (error);
  /* Only the first good-1 is served. */
  g_assert_cmpuint (orga_item_bank_get_n_items (bank), ==, 1);
  g_assert_cmpstr (orga_item_get_id (orga_item_bank_get_nth (bank, 0)), ==, "good-1");
  g_assert_true (orga_item_check_answer (orga_item_bank_find (bank, "good-1"), "1"));
  g_assert_null (orga_item_bank_find (bank, "bad-index"));

  g_assert_false (orga_item_bank_check (bank, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
  lines = g_strsplit (error->message, "\n", -1);
  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      gboolean found = FALSE;

      for (guint j = 0; lines[j] != NULL && !found; j++)
        found = g_str_has_prefix (lines[j], expected[i]);
      if (!found)
        g_error ("Not reported: %s\nReport:\n%s", expected[i], error->message);
    }
  /* Nothing in French in a developer's report. */
  g_assert_null (strstr (error->message, "compétence"));

  orga_item_bank_free (bank);
  remove_tree (dir);
}

/* A bank with exactly 2 items for every targeted skill of the catalogue
 * passes; one item fewer and that skill is named. */
static char *
complete_bank_text (guint competence,
                    const char *skip_id)
{
  g_autoptr(GString) text = g_string_new (NULL);
  g_autofree guint8 *targeted = g_new0 (guint8, orga_framework_get_n_tubes ());
  gboolean first = TRUE;

  for (guint p = 0; p < orga_target_profile_get_n_profiles (); p++)
    {
      const OrgaTargetProfile *profile = orga_target_profile_get_nth (p);

      for (guint i = 0; i < profile->n_tubes; i++)
        targeted[profile->tubes[i].tube] |= orga_target_profile_tube_skills (profile, i);
    }

  g_string_append_printf (text, "{\"competence\": \"%s\", \"items\": [",
                          orga_framework_get_competence (competence)->index);
  for (guint t = 0; t < orga_framework_get_n_tubes (); t++)
    {
      if (orga_framework_get_tube (t)->competence != competence)
        continue;
      for (guint d = 1; d <= 8; d++)
        for (guint copy = 0; copy < 2 && (targeted[t] & (1u << (d - 1))); copy++)
          {
            g_autofree char *skill = orga_tube_dup_skill_name (orga_framework_get_tube (t), d);
            g_autofree char *id = g_strdup_printf ("%s-%u", skill + 1, copy);

            if (g_strcmp0 (id, skip_id) == 0)
              continue;
            g_string_append_printf (text, "%s{\"id\": \"%s\", \"skill\": \"%s\", \"kind\": \"single\","
                                    " \"question\": \"Q ?\", \"choices\": [\"a\", \"b\"], \"answer\": [0]}",
                                    first ? "" : ",", id, skill);
            first = FALSE;
          }
    }
  g_string_append (text, "]}");

  return g_string_free (g_steal_pointer (&text), FALSE);
}

static void
test_check_complete (void)
{
  for (guint round = 0; round < 2; round++)
    {
      g_autoptr(GPtrArray) files = g_ptr_array_new_with_free_func (g_free);
      g_autoptr(GError) error = NULL;
      g_autofree char *dir = NULL;
      OrgaItemBank *bank;

      for (guint c = 0; c < ORGA_FRAMEWORK_N_COMPETENCES; c++)
        {
          g_ptr_array_add (files, g_strdup_printf ("%s.json", orga_framework_get_competence (c)->index));
          /* The second time, one of the two items of @veille4 is missing. */
          g_ptr_array_add (files, complete_bank_text (c, round == 1 ? "veille4-1" : NULL));
        }
      g_ptr_array_add (files, NULL);
      dir = write_bank_dir ((const char * const *) files->pdata);
      bank = orga_item_bank_new_from_dir (dir, &error);
      g_assert_no_error (error);

      if (round == 0)
        {
          orga_item_bank_check (bank, &error);
          g_assert_no_error (error);
          /* 2 per skill targeted by the catalogue. */
          g_assert_cmpuint (orga_item_bank_get_n_items (bank) % 2, ==, 0);
          /* 227 skills targeted by the catalogue (check-items.py finds the
           * same number: tests/test-check-items.py). */
          g_assert_cmpuint (orga_item_bank_get_n_items (bank), ==, 2 * 227);
        }
      else
        {
          g_assert_false (orga_item_bank_check (bank, &error));
          g_assert_cmpstr (error->message, ==,
                           "1 problem(s) in the item bank:\n"
                           "1.1.json: skill @veille4 has 1 item(s), 2 needed");
        }

      orga_item_bank_free (bank);
      remove_tree (dir);
    }
}

/* The bundled bank loads (whatever its coverage: item-bank-bundled
 * checks that), once, and its items are well formed. */
static void
test_bundled_loads (void)
{
  OrgaItemBank *bank = orga_item_bank_get_default ();

  g_assert_nonnull (bank);
  g_assert_true (orga_item_bank_get_default () == bank);
  for (guint i = 0; i < orga_item_bank_get_n_items (bank); i++)
    {
      const OrgaItem *item = orga_item_bank_get_nth (bank, i);
      const char *image = orga_item_get_image_path (item);

      g_assert_true (orga_item_bank_find (bank, orga_item_get_id (item)) == item);
      if (image != NULL)
        g_assert_true (g_str_has_prefix (image, "/io/github/pixorga/PixOrga/core/items/files/"));
    }
}

/* ------------------------------------------------------------------ */
/* answers                                                              */
/* ------------------------------------------------------------------ */

static const char * const malformed_values[] = {
  "", " ", "9", "6", "-1", "-0", "+1", "01", "1.0", "1 ", " 1", "a", "0,", ",0", "0,,1",
  "0;1", "0 ,1", "99999999999999999999999999999999", "4294967296", "0x1", "１", NULL,
};

static void
test_check_single (void)
{
  OrgaItemBank *bank = load_sample ();
  const OrgaItem *item = orga_item_bank_find (bank, "sourcesInfo2-a");   /* answer 2 of 3 */

  g_assert_true (orga_item_check_answer (item, "2"));
  g_assert_false (orga_item_check_answer (item, "0"));
  g_assert_false (orga_item_check_answer (item, "1"));
  g_assert_false (orga_item_check_answer (item, "3"));      /* no such choice */
  g_assert_false (orga_item_check_answer (item, "2,2"));
  g_assert_false (orga_item_check_answer (item, "0,2"));
  g_assert_false (orga_item_check_answer (item, NULL));
  for (guint i = 0; malformed_values[i] != NULL; i++)
    g_assert_false (orga_item_check_answer (item, malformed_values[i]));

  orga_item_bank_free (bank);
}

static void
test_check_multiple (void)
{
  OrgaItemBank *bank = load_sample ();
  const OrgaItem *item = orga_item_bank_find (bank, "rechercheWeb2-a");   /* 0, 1, 2 of 4 */

  g_assert_true (orga_item_check_answer (item, "0,1,2"));
  g_assert_true (orga_item_check_answer (item, "2,0,1"));
  g_assert_false (orga_item_check_answer (item, "0,1"));          /* one missing */
  g_assert_false (orga_item_check_answer (item, "0,1,2,3"));      /* one too many */
  g_assert_false (orga_item_check_answer (item, "0,1,2,2"));      /* repeated */
  g_assert_false (orga_item_check_answer (item, "0,0,1,2"));
  g_assert_false (orga_item_check_answer (item, "0,1,2,"));
  g_assert_false (orga_item_check_answer (item, "0,1,9"));
  g_assert_false (orga_item_check_answer (item, "0, 1, 2"));
  g_assert_false (orga_item_check_answer (item, "3"));
  for (guint i = 0; malformed_values[i] != NULL; i++)
    g_assert_false (orga_item_check_answer (item, malformed_values[i]));

  orga_item_bank_free (bank);
}

static void
test_check_short (void)
{
  OrgaItemBank *bank = load_sample ();
  const OrgaItem *item = orga_item_bank_find (bank, "rechercheWeb1-b");
  const OrgaItem *equals = orga_item_bank_find (bank, "tableur1-a");
  g_autofree char *huge = g_strnfill (100000, 'a');

  g_assert_true (orga_item_check_answer (item, "moteur de recherche"));
  g_assert_true (orga_item_check_answer (item, "  Moteur   de\tRECHERCHE. "));
  g_assert_true (orga_item_check_answer (item, "Un moteur de recherche."));
  g_assert_true (orga_item_check_answer (item, "moteur\xc2\xa0" "de recherche"));   /* no-break space */
  g_assert_true (orga_item_check_answer (item, "mote\xcc\x81ur de recherche"));   /* accents ignored */
  g_assert_false (orga_item_check_answer (item, "moteurderecherche"));
  g_assert_false (orga_item_check_answer (item, "moteur de recherches"));
  g_assert_false (orga_item_check_answer (item, "moteur de recherche.."));
  g_assert_false (orga_item_check_answer (item, ""));
  g_assert_false (orga_item_check_answer (item, "."));
  g_assert_false (orga_item_check_answer (item, huge));
  g_assert_false (orga_item_check_answer (item, "moteur de \xff recherche"));   /* not UTF-8 */

  g_assert_true (orga_item_check_answer (equals, "="));
  g_assert_true (orga_item_check_answer (equals, " = "));
  g_assert_false (orga_item_check_answer (equals, "=="));
  g_assert_false (orga_item_check_answer (equals, "0"));

  orga_item_bank_free (bank);
}

static void
assert_normalized (const char *text,
                   const char *expected)
{
  g_autofree char *normalized = orga_item_normalize_short_answer (text);

  g_assert_cmpstr (normalized, ==, expected);
}

static void
test_normalize_short_answer (void)
{
  assert_normalized ("Paris", "paris");
  assert_normalized ("  Île-de-France  ", "ile-de-france");
  assert_normalized ("ÉCRAN\t\tVERROUILLÉ", "ecran verrouille");
  assert_normalized ("mot\n de  passe", "mot de passe");
  assert_normalized ("Cœur.", "coeur");
  assert_normalized ("fin .", "fin");
  assert_normalized ("etc..", "etc.");
  assert_normalized ("3.5", "3.5");
  assert_normalized ("e\xcc\x81" "cole", "ecole");              /* decomposed é */
  assert_normalized ("a\xe2\x80\xaf:\xc2\xa0" "b", "a : b");   /* narrow and plain no-break spaces */
  /* A phone's apostrophe is a keyboard's. */
  assert_normalized ("d\xe2\x80\x99" "auteur", "d'auteur");
  assert_normalized ("l\xca\xbc" "ecole", "l'ecole");
  assert_normalized ("", "");
  assert_normalized ("   ", "");
  assert_normalized (".", "");
  assert_normalized (NULL, "");
}

int
main (int   argc,
      char *argv[])
{
  orga_test_init (&argc, &argv);

  g_test_add_func ("/item-bank/load/sample", test_load_sample);
  g_test_add_func ("/item-bank/load/errors", test_load_errors);
  g_test_add_func ("/item-bank/check/problems", test_check_problems);
  g_test_add_func ("/item-bank/check/complete", test_check_complete);
  g_test_add_func ("/item-bank/bundled/loads", test_bundled_loads);
  g_test_add_func ("/item-bank/answer/single", test_check_single);
  g_test_add_func ("/item-bank/answer/multiple", test_check_multiple);
  g_test_add_func ("/item-bank/answer/short", test_check_short);
  g_test_add_func ("/item-bank/answer/normalize", test_normalize_short_answer);

  return g_test_run ();
}
