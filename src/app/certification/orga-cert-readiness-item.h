/* orga-cert-readiness-item.h: one student of the readiness view
 *
 * A GObject over the store's OrgaCertReadinessRow, so that a GtkListView
 * can show 2,000 of them by recycling a screenful of rows.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

#include "orga-store-cert.h"

G_BEGIN_DECLS

#define ORGA_TYPE_CERT_READINESS_ITEM (orga_cert_readiness_item_get_type ())

G_DECLARE_FINAL_TYPE (OrgaCertReadinessItem, orga_cert_readiness_item, ORGA, CERT_READINESS_ITEM, GObject)

/* Keeps @rows (a reference) for the row at @index: the rows of one load
 * share their array. */
OrgaCertReadinessItem      *orga_cert_readiness_item_new     (GPtrArray             *rows,
                                                              guint                  index);
const OrgaCertReadinessRow *orga_cert_readiness_item_get_row (OrgaCertReadinessItem *self);

G_END_DECLS
