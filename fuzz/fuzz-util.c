/* fuzz-util.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <stdlib.h>

#include "fuzz-util.h"

static char *input_dir;
static char *input_path;

static void
remove_input_dir (void)
{
  g_unlink (input_path);
  g_rmdir (input_dir);
}

const char *
fuzz_write_input (const uint8_t *data,
                  size_t         size)
{
  g_autoptr(GError) error = NULL;

  if (input_path == NULL)
    {
      const char *base = g_file_test ("/dev/shm", G_FILE_TEST_IS_DIR) ? "/dev/shm" : g_get_tmp_dir ();
      g_autofree char *template = g_build_filename (base, "pixorga-fuzz-XXXXXX", NULL);

      input_dir = g_mkdtemp (g_steal_pointer (&template));
      if (input_dir == NULL)
        g_error ("cannot make the fuzz input directory: %s", g_strerror (errno));
      input_path = g_build_filename (input_dir, "input", NULL);
      atexit (remove_input_dir);
    }

  if (!g_file_set_contents (input_path, (const char *)data, size, &error))
    g_error ("cannot write the fuzz input: %s", error->message);

  return input_path;
}
