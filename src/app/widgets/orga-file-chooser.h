/* orga-file-chooser.h: where the file choosers open
 *
 * One rule for every GtkFileChooserNative of the app: an import opens in
 * the default folder for imports of the preferences, an export (or any
 * saved document) in the default folder for exports; without one, or
 * when it is gone, in the folder a file was last imported from.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

typedef enum
{
  ORGA_FOLDER_IMPORT,
  ORGA_FOLDER_EXPORT,
} OrgaFolderPurpose;

/* (transfer full) (nullable): the folder a chooser for @purpose opens
 * in, read from @settings (the app's, may be NULL: then NULL). */
GFile   *orga_file_chooser_dup_start_folder (GSettings         *settings,
                                             OrgaFolderPurpose  purpose);
/* Opens @chooser in that folder; whether there was one. */
gboolean orga_file_chooser_start_in         (GtkFileChooser    *chooser,
                                             GSettings         *settings,
                                             OrgaFolderPurpose  purpose);

G_END_DECLS
