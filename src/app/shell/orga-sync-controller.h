/* orga-sync-controller.h: when the window syncs its school, and how it went
 *
 * Owns one OrgaSync for the context's store and the connection's client,
 * and runs it for the current school while that school is bound to a
 * space and the account is signed in: at start, every minute (the
 * preferences' sync interval), two seconds after a local change queued
 * in the outbox, and on demand. One run at a
 * time: a request during a run makes one more run after it. The window
 * owns one; the status in the header (OrgaSyncIndicator) shows its
 * properties. No widget here: the tests drive it as it is.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "orga-connection.h"

G_BEGIN_DECLS

typedef enum
{
  ORGA_SYNC_STATE_NOT_APPLICABLE,   /* no school bound to a space, or not signed in */
  ORGA_SYNC_STATE_UP_TO_DATE,
  ORGA_SYNC_STATE_SYNCING,
  ORGA_SYNC_STATE_OFFLINE,
  ORGA_SYNC_STATE_ERROR,
} OrgaSyncState;

#define ORGA_TYPE_SYNC_STATE (orga_sync_state_get_type ())
GType orga_sync_state_get_type (void) G_GNUC_CONST;

#define ORGA_TYPE_SYNC_CONTROLLER (orga_sync_controller_get_type ())

G_DECLARE_FINAL_TYPE (OrgaSyncController, orga_sync_controller, ORGA, SYNC_CONTROLLER, GObject)

OrgaSyncController *orga_sync_controller_new               (OrgaConnection     *connection);
OrgaConnection     *orga_sync_controller_get_connection    (OrgaSyncController *self);
OrgaSyncState       orga_sync_controller_get_state         (OrgaSyncController *self);
/* (nullable): the end of the last successful sync, local time. */
GDateTime          *orga_sync_controller_get_last_success  (OrgaSyncController *self);
/* (nullable): French, the last run's when it failed. */
const char         *orga_sync_controller_get_error_message (OrgaSyncController *self);
/* The notices not yet seen (OrgaSyncNotice), oldest first; never NULL. */
GPtrArray          *orga_sync_controller_get_notices       (OrgaSyncController *self);
/* The user saw the notices: they leave the list. */
void                orga_sync_controller_mark_notices_seen (OrgaSyncController *self);
/* Syncs now, or once more after the current run. */
void                orga_sync_controller_request           (OrgaSyncController *self);
/* Whether a run is going on (tests). */
gboolean            orga_sync_controller_get_running       (OrgaSyncController *self);
/* How many runs finished, cancelled ones excluded (tests). */
guint               orga_sync_controller_get_n_runs        (OrgaSyncController *self);

G_END_DECLS
