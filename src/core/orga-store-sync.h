/* orga-store-sync.h: the desktop's side of the sync, in the store
 *
 * The outbox is written by the store functions themselves, in the
 * transaction of the change (docs/sync.md, "The desktop's side"); what
 * is here reads it for a push, applies the server's answers and pages,
 * and keeps the cursor and the notices. Every function runs on the
 * store's own connection: OrgaSync calls them from a job
 * (orga_store_run_job_async()), never on the main thread.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

#include "orga-organization.h"
#include "orga-store.h"
#include "orga-sync-page.h"
#include "orga-sync-wire.h"

G_BEGIN_DECLS

/* One change the server refused, or an import overridden. */
typedef struct
{
  char *change;     /* the change's uuid; NULL for an overridden import */
  char *kind;       /* ORGA_SYNC_* or "import.overridden" */
  char *message;    /* French, as shown to the user */
  char *created_at;
} OrgaSyncNotice;

void            orga_sync_notice_free          (OrgaSyncNotice *notice);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (OrgaSyncNotice, orga_sync_notice_free)

/* This database's device id, made at the first call. */
char           *orga_store_sync_dup_device     (OrgaStore         *self,
                                                GError           **error);

/* Whether @organization syncs: bound to a space. */
gboolean        orga_store_sync_is_enabled     (OrgaStore         *self,
                                                OrgaOrganization  *organization);

/* How many changes wait in the outbox of @organization. */
guint           orga_store_sync_count_outbox   (OrgaStore         *self,
                                                OrgaOrganization  *organization,
                                                GError           **error);

/* The body of the next push (protocol, device, changes), the oldest
 * changes first, at most @max_changes; NULL with no error when the
 * outbox is empty. */
JsonNode       *orga_store_sync_build_push     (OrgaStore         *self,
                                                OrgaOrganization  *organization,
                                                guint              max_changes,
                                                GError           **error);

/* Applies the server's answer to a push built by build_push, in one
 * transaction: applied changes leave the outbox; refused ones leave it
 * too, are rolled back and become notices, added to @refused (element
 * type OrgaSyncNotice) when not NULL. *@n_applied counts the applied
 * ones. A result for an id not in the outbox is ignored (answered
 * twice). Sets *@needs_resync when a rollback needs a resync. */
gboolean        orga_store_sync_apply_push_answer (OrgaStore       *self,
                                                OrgaOrganization  *organization,
                                                JsonNode          *answer,
                                                guint             *n_applied,
                                                GPtrArray         *refused,
                                                gboolean          *needs_resync,
                                                GError           **error);

/* The last seq pulled, 0 before the first sync. */
gint64          orga_store_sync_get_cursor     (OrgaStore         *self,
                                                OrgaOrganization  *organization,
                                                GError           **error);

/* Starts a resync: cursor 0, a new generation. */
gboolean        orga_store_sync_start_resync   (OrgaStore         *self,
                                                OrgaOrganization  *organization,
                                                GError           **error);

/* Applies one page of GET …/sync/changes in one transaction together with
 * its cursor; *@n_rows counts the rows applied. When @page says "reset",
 * starts a resync instead and applies nothing. When it is the last page
 * of a resync, deletes what the resync did not see. Notices for
 * overridden imports are added to @notices when not NULL. On any error
 * nothing is changed, the cursor included. */
gboolean        orga_store_sync_apply_page     (OrgaStore         *self,
                                                OrgaOrganization  *organization,
                                                JsonNode          *page,
                                                guint             *n_rows,
                                                GPtrArray         *notices,
                                                GError           **error);

/* The same for a page read by orga_sync_page_parse(): the pull's way,
 * without a JSON tree. */
gboolean        orga_store_sync_apply_parsed_page (OrgaStore          *self,
                                                OrgaOrganization   *organization,
                                                const OrgaSyncPage *page,
                                                guint              *n_rows,
                                                GPtrArray          *notices,
                                                GError            **error);

/* Records the end of a sync: @error_message NULL for a success. */
gboolean        orga_store_sync_record_run     (OrgaStore         *self,
                                                OrgaOrganization  *organization,
                                                const char        *error_message,
                                                GError           **error);
/* The time of the last successful sync (ISO 8601 UTC), or NULL. */
char           *orga_store_sync_dup_last_success (OrgaStore       *self,
                                                OrgaOrganization  *organization,
                                                GError           **error);

/* The notices not yet seen, oldest first (element type OrgaSyncNotice). */
GPtrArray      *orga_store_sync_list_notices   (OrgaStore         *self,
                                                OrgaOrganization  *organization,
                                                GError           **error);
gboolean        orga_store_sync_mark_notices_seen (OrgaStore       *self,
                                                OrgaOrganization  *organization,
                                                GError           **error);

G_END_DECLS
