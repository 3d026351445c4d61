/* orga-store-private.h: what the other parts of OrgaStore share
 *
 * OrgaStore spreads over orga-store.c (connection, migrations, learners,
 * imports) and orga-store-campaigns.c (campaigns, participations); they
 * share the connection and its helpers through these functions. Not for
 * use outside src/core, except by the tests.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <sqlite3.h>

#include "orga-store.h"

G_BEGIN_DECLS

G_DEFINE_AUTOPTR_CLEANUP_FUNC (sqlite3_stmt, sqlite3_finalize)

sqlite3      *_orga_store_get_db              (OrgaStore   *self);
/* Runs one or more statements with no result rows. */
gboolean      _orga_store_exec                (OrgaStore   *self,
                                               const char  *sql,
                                               GError     **error);
/* A statement prepared for reuse; NULL with @error set on failure. */
sqlite3_stmt *_orga_store_prepare             (OrgaStore   *self,
                                               const char  *sql,
                                               GError     **error);
/* Sets @error from the connection's last error; always returns FALSE. */
gboolean      _orga_store_set_error           (OrgaStore   *self,
                                               const char  *what,
                                               GError     **error);

/* The migrations: _orga_store_get_migration (v) moves the schema from
 * version v to v + 1 (for the tests, which build old databases). */
guint         _orga_store_get_n_migrations    (void);
const char   *_orga_store_get_migration       (guint        version);

/* Tests only: campaign codes are drawn from @rand (owned by the store)
 * instead of the global generator. */
void          _orga_store_set_campaign_code_rand (OrgaStore *self,
                                                  GRand     *rand);

/* The change feed (orga-store-changes.c). Write points call
 * _orga_store_mark() with what they change; begin, commit and rollback
 * call the _orga_store_feed_ hooks once their SQL succeeded. */
typedef struct _OrgaStoreFeed OrgaStoreFeed;

void           _orga_store_feed_class_init (GObjectClass        *klass);
OrgaStoreFeed *_orga_store_feed_new        (OrgaStore           *store);
void           _orga_store_feed_free       (OrgaStoreFeed       *feed);
/* Once the connection is open. */
void           _orga_store_feed_opened     (OrgaStore           *self);
OrgaStoreFeed *_orga_store_get_feed        (OrgaStore           *self);
void           _orga_store_feed_begin      (OrgaStore           *self);
void           _orga_store_feed_commit     (OrgaStore           *self);
void           _orga_store_feed_rollback   (OrgaStore           *self);
/* @campaign_id: the campaign changed, or 0 when none or unknown. */
void           _orga_store_mark            (OrgaStore           *self,
                                            OrgaStoreChangeKind  kinds,
                                            gint64               campaign_id);

G_END_DECLS
