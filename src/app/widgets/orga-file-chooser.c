/* orga-file-chooser.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "orga-file-chooser"

#include "config.h"

#include "orga-file-chooser.h"

/* A folder of @key that still exists; a removed USB key or a renamed
 * folder falls through to the next choice rather than an error. */
static GFile *
existing_folder (GSettings  *settings,
                 const char *key)
{
  g_autofree char *path = g_settings_get_string (settings, key);

  if (path == NULL || *path == '\0' || !g_file_test (path, G_FILE_TEST_IS_DIR))
    return NULL;
  return g_file_new_for_path (path);
}

GFile *
orga_file_chooser_dup_start_folder (GSettings         *settings,
                                    OrgaFolderPurpose  purpose)
{
  GFile *folder;

  if (settings == NULL)
    return NULL;

  folder = existing_folder (settings, purpose == ORGA_FOLDER_IMPORT ? "import-folder" : "export-folder");
  if (folder != NULL)
    return folder;

  /* Where the head last took the SIECLE export from: usually the folder
   * of school documents, for exports too. */
  return existing_folder (settings, "last-folder");
}

gboolean
orga_file_chooser_start_in (GtkFileChooser    *chooser,
                            GSettings         *settings,
                            OrgaFolderPurpose  purpose)
{
  g_autoptr(GFile) folder = NULL;
  g_autoptr(GError) error = NULL;

  g_return_val_if_fail (GTK_IS_FILE_CHOOSER (chooser), FALSE);
  g_return_val_if_fail (settings == NULL || G_IS_SETTINGS (settings), FALSE);

  folder = orga_file_chooser_dup_start_folder (settings, purpose);
  if (folder == NULL)
    return FALSE;

  if (!gtk_file_chooser_set_current_folder (chooser, folder, &error))
    {
      g_debug ("Could not open the chooser in its folder: %s", error->message);
      return FALSE;
    }
  return TRUE;
}
