/* orga-sync.h: one sync of a space with pixorga-server
 *
 * Push the outbox, then pull pages until the space is up to date
 * (docs/sync.md, "The desktop's side"). The HTTP requests run on the
 * caller's main context through OrgaClient; every database step (building
 * a push, applying an answer, parsing and applying a page) runs as a
 * store job on a connection of its own in a thread, so neither the
 * window nor the network waits on the other.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "orga-client.h"
#include "orga-organization.h"
#include "orga-store.h"
#include "orga-store-sync.h"

G_BEGIN_DECLS

typedef enum
{
  ORGA_SYNC_STATUS_OK,        /* everything pushed and pulled */
  ORGA_SYNC_STATUS_OFFLINE,   /* the server could not be reached */
  ORGA_SYNC_STATUS_ERROR,     /* anything else: see the error */
} OrgaSyncStatus;

const char *orga_sync_status_to_string (OrgaSyncStatus status);   /* "ok", "offline", "error" */

/* What one run did. */
typedef struct
{
  OrgaSyncStatus status;
  guint pushed;           /* changes the server applied */
  guint pulled;           /* rows applied from pages */
  gint64 cursor;          /* after the run */
  GPtrArray *refused;     /* OrgaSyncNotice: changes refused in this run */
  GPtrArray *notices;     /* OrgaSyncNotice: overridden imports seen in this run */
  char *error_message;    /* French; NULL when status is OK */
} OrgaSyncReport;

#define ORGA_TYPE_SYNC_REPORT (orga_sync_report_get_type ())
GType           orga_sync_report_get_type (void) G_GNUC_CONST;
OrgaSyncReport *orga_sync_report_copy     (const OrgaSyncReport *self);
void            orga_sync_report_free     (OrgaSyncReport       *self);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (OrgaSyncReport, orga_sync_report_free)

#define ORGA_TYPE_SYNC (orga_sync_get_type ())
G_DECLARE_FINAL_TYPE (OrgaSync, orga_sync, ORGA, SYNC, GObject)

/* @client carries the server and the token. */
OrgaSync       *orga_sync_new             (OrgaStore           *store,
                                           OrgaClient          *client);

/* One run for @organization (bound to a space). Always succeeds with a
 * report, whose status says how it went, unless @cancellable was
 * cancelled (G_IO_ERROR_CANCELLED): nothing half-applied either way. */
void            orga_sync_run_async       (OrgaSync            *self,
                                           OrgaOrganization    *organization,
                                           GCancellable        *cancellable,
                                           GAsyncReadyCallback  callback,
                                           gpointer             user_data);
OrgaSyncReport *orga_sync_run_finish      (OrgaSync            *self,
                                           GAsyncResult        *result,
                                           GError             **error);

G_END_DECLS
