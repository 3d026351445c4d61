/* orga-store-changes.h: what a commit changed, as OrgaStore::changed says
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

/* What a commit touched. Team, sync and certification take the next bits. */
typedef enum
{
  ORGA_STORE_CHANGE_ORGANIZATION   = 1 << 0,
  ORGA_STORE_CHANGE_LEARNERS       = 1 << 1,
  ORGA_STORE_CHANGE_IMPORTS        = 1 << 2,
  ORGA_STORE_CHANGE_CAMPAIGNS      = 1 << 3,
  ORGA_STORE_CHANGE_PARTICIPATIONS = 1 << 4,
  ORGA_STORE_CHANGE_ACCOUNT        = 1 << 5,   /* the account bound, the spaces listed */
  ORGA_STORE_CHANGE_TEAM           = 1 << 6,   /* the team kept offline */
  ORGA_STORE_CHANGE_SYNC           = 1 << 7,   /* the outbox, the cursor, the notices */
  ORGA_STORE_CHANGE_CERTIFICATION  = 1 << 8,   /* sessions, candidates, courses, reports, archives */
} OrgaStoreChangeKind;

#define ORGA_STORE_CHANGE_ALL (ORGA_STORE_CHANGE_ORGANIZATION | ORGA_STORE_CHANGE_LEARNERS | \
                               ORGA_STORE_CHANGE_IMPORTS | ORGA_STORE_CHANGE_CAMPAIGNS | \
                               ORGA_STORE_CHANGE_PARTICIPATIONS | ORGA_STORE_CHANGE_ACCOUNT | \
                               ORGA_STORE_CHANGE_TEAM | ORGA_STORE_CHANGE_SYNC | \
                               ORGA_STORE_CHANGE_CERTIFICATION)

typedef struct _OrgaStoreChanges OrgaStoreChanges;

#define ORGA_TYPE_STORE_CHANGES (orga_store_changes_get_type ())

GType               orga_store_changes_get_type         (void) G_GNUC_CONST;
OrgaStoreChanges   *orga_store_changes_new              (void);
OrgaStoreChanges   *orga_store_changes_copy             (const OrgaStoreChanges *self);
void                orga_store_changes_free             (OrgaStoreChanges       *self);

/* Records a change; @campaign_id is 0 when the change is not about one
 * campaign, or when which campaigns changed is not known. */
void                orga_store_changes_add              (OrgaStoreChanges       *self,
                                                         OrgaStoreChangeKind     kinds,
                                                         gint64                  campaign_id);
void                orga_store_changes_merge            (OrgaStoreChanges       *self,
                                                         const OrgaStoreChanges *other);
gboolean            orga_store_changes_is_empty         (const OrgaStoreChanges *self);

OrgaStoreChangeKind orga_store_changes_get_kinds        (const OrgaStoreChanges *self);
/* Whether any of @kinds changed. */
gboolean            orga_store_changes_has              (const OrgaStoreChanges *self,
                                                         OrgaStoreChangeKind     kinds);
/* Made by another connection: another process, whose content is unknown
 * (every kind then), or another thread of this one, which says what it
 * changed. */
gboolean            orga_store_changes_is_external      (const OrgaStoreChanges *self);
void                orga_store_changes_set_external     (OrgaStoreChanges       *self,
                                                         gboolean                external);
/* Whether the campaign or its participations may have changed: TRUE when
 * it is named, or when campaigns changed without saying which. */
gboolean            orga_store_changes_has_campaign     (const OrgaStoreChanges *self,
                                                         gint64                  campaign_id);
/* The campaigns named, sorted, or NULL when they are not known. */
const gint64       *orga_store_changes_get_campaign_ids (const OrgaStoreChanges *self,
                                                         guint                  *n_ids);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (OrgaStoreChanges, orga_store_changes_free)

G_END_DECLS
