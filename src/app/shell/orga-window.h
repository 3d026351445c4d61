/* orga-window.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "orga-connection.h"
#include "orga-context.h"
#include "orga-sync-controller.h"
#include "orga-sync-indicator.h"

G_BEGIN_DECLS

#define ORGA_TYPE_WINDOW (orga_window_get_type ())

G_DECLARE_FINAL_TYPE (OrgaWindow, orga_window, ORGA, WINDOW, AdwApplicationWindow)

OrgaWindow  *orga_window_new          (AdwApplication *application,
                                       OrgaContext    *context);
/* The application's: one connection for its windows and dialogs. */
OrgaWindow  *orga_window_new_with_connection (AdwApplication *application,
                                              OrgaConnection *connection);
OrgaContext *orga_window_get_context  (OrgaWindow     *self);
OrgaConnection *orga_window_get_connection (OrgaWindow *self);
/* The window's sync and its status in the header (tests, screenshots). */
OrgaSyncController *orga_window_get_sync_controller (OrgaWindow *self);
OrgaSyncIndicator  *orga_window_get_sync_indicator  (OrgaWindow *self);
void         orga_window_open_invitation (OrgaWindow  *self,
                                          const char  *link);
void         orga_window_show_page    (OrgaWindow     *self,
                                       const char     *name);
void         orga_window_import_file  (OrgaWindow     *self,
                                       GFile          *file);

G_END_DECLS
