/* test-fuzz-regressions.c: the fuzzers' crashers, under the normal test suite
 *
 * Every file of tests/data/fuzz-regressions/<target>/ once made a libFuzzer
 * target of fuzz/ crash, leak or hang. They go through the very same harness
 * code (the targets' LLVMFuzzerTestOneInput, renamed below), so CI checks
 * them without clang; the sanitizers of an -Db_sanitize build catch the
 * leaks. The shared fixtures go through every harness as well, so the
 * harnesses' own checks (a bare file reads back byte for byte, the parser
 * fails only on cancellation) run even where a directory is empty.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "orga-test-util.h"

#define LLVMFuzzerTestOneInput fuzz_siecle_one_input
#include "fuzz-siecle.c"
#undef LLVMFuzzerTestOneInput

#define LLVMFuzzerTestOneInput fuzz_fregata_one_input
#include "fuzz-fregata.c"
#undef LLVMFuzzerTestOneInput

#define LLVMFuzzerTestOneInput fuzz_import_source_one_input
#include "fuzz-import-source.c"
#undef LLVMFuzzerTestOneInput

typedef int (*FuzzOneInput) (const uint8_t *data, size_t size);

static const struct
{
  const char   *name;
  FuzzOneInput  run;
} targets[] = {
  { "fuzz-siecle", fuzz_siecle_one_input },
  { "fuzz-fregata", fuzz_fregata_one_input },
  { "fuzz-import-source", fuzz_import_source_one_input },
};

typedef struct
{
  FuzzOneInput  run;
  char         *path;
} Case;

static void
case_free (gpointer data)
{
  Case *c = data;

  g_free (c->path);
  g_free (c);
}

static void
test_input (gconstpointer data)
{
  const Case *c = data;
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  gsize len;

  g_assert_true (g_file_get_contents (c->path, &contents, &len, &error));
  g_assert_no_error (error);

  /* Whatever the harness finds wrong aborts the test program. */
  g_assert_cmpint (c->run ((const uint8_t *)contents, len), ==, 0);
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(char * const *)a, *(char * const *)b);
}

static guint
add_dir (const char   *test_prefix,
         FuzzOneInput  run,
         const char   *dir)
{
  g_autoptr(GDir) listing = g_dir_open (dir, 0, NULL);
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  const char *name;

  if (listing == NULL)
    return 0;

  while ((name = g_dir_read_name (listing)) != NULL)
    if (name[0] != '.' && !g_str_has_prefix (name, "README"))
      g_ptr_array_add (names, g_strdup (name));
  g_ptr_array_sort (names, compare_names);

  for (guint i = 0; i < names->len; i++)
    {
      Case *c = g_new0 (Case, 1);
      g_autofree char *test_path = NULL;

      c->run = run;
      c->path = g_build_filename (dir, g_ptr_array_index (names, i), NULL);
      test_path = g_strdup_printf ("%s/%s", test_prefix, (const char *)g_ptr_array_index (names, i));
      g_test_add_data_func_full (test_path, c, test_input, case_free);
    }

  return names->len;
}

int
main (int   argc,
      char *argv[])
{
  const char *fixtures = g_getenv ("PIXORGA_FIXTURES");
  guint n_regressions = 0;
  guint n_fixtures = 0;

  orga_test_init (&argc, &argv);

  g_assert_nonnull (fixtures);

  for (guint i = 0; i < G_N_ELEMENTS (targets); i++)
    {
      g_autofree char *dir = g_test_build_filename (G_TEST_DIST, "data", "fuzz-regressions",
                                                    targets[i].name, NULL);
      g_autofree char *prefix = g_strdup_printf ("/fuzz-regressions/%s", targets[i].name);
      const char *subdirs[] = { "siecle", "fregata" };

      /* The directory itself must be there: a rename would silently drop
       * every regression input otherwise. */
      g_assert_true (g_file_test (dir, G_FILE_TEST_IS_DIR));
      n_regressions += add_dir (prefix, targets[i].run, dir);

      for (guint j = 0; j < G_N_ELEMENTS (subdirs); j++)
        {
          g_autofree char *fixture_dir = g_build_filename (fixtures, subdirs[j], NULL);
          g_autofree char *fixture_prefix = g_strdup_printf ("/fuzz-fixtures/%s/%s", targets[i].name, subdirs[j]);

          n_fixtures += add_dir (fixture_prefix, targets[i].run, fixture_dir);
        }
    }

  g_assert_cmpuint (n_fixtures, >, 0);
  g_test_message ("%u regression inputs, %u fixtures", n_regressions, n_fixtures);

  return g_test_run ();
}
