/* orga-preferences-window.h: the server, the sync interval, the default
 * folders
 *
 * The server is the bound account's (the store's account row, written by
 * signing in through OrgaJoinDialog): the window shows it, and typing
 * another one signs in there. The interval and the folders are the
 * app's GSettings (sync-interval, import-folder, export-folder), which
 * OrgaSyncController and orga-file-chooser.h read.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "orga-connection.h"

G_BEGIN_DECLS

#define ORGA_TYPE_PREFERENCES_WINDOW (orga_preferences_window_get_type ())

G_DECLARE_FINAL_TYPE (OrgaPreferencesWindow, orga_preferences_window, ORGA, PREFERENCES_WINDOW, AdwPreferencesWindow)

OrgaPreferencesWindow *orga_preferences_window_new (GtkWindow      *parent,
                                                    OrgaConnection *connection);
/* (nullable): the folder chooser open, if any (tests). */
GtkNativeDialog       *orga_preferences_window_get_folder_chooser (OrgaPreferencesWindow *self);

G_END_DECLS
