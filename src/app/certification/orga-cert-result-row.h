/* orga-cert-result-row.h: one certification result as a list item
 *
 * A row of the results table (OrgaCertResultsView): a reference on the
 * store's OrgaCertResultSet and the result's index in it, so that the
 * rows share the set's strings instead of copying them.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "orga-store-cert.h"

G_BEGIN_DECLS

#define ORGA_TYPE_CERT_RESULT_ROW (orga_cert_result_row_get_type ())
G_DECLARE_FINAL_TYPE (OrgaCertResultRow, orga_cert_result_row, ORGA, CERT_RESULT_ROW, GObject)

OrgaCertResultRow    *orga_cert_result_row_new        (OrgaCertResultSet *set,
                                                       guint              index);
const OrgaCertResult *orga_cert_result_row_get_result (OrgaCertResultRow *self);

/* A new list of one row per result of @set, in its order. */
GListModel           *orga_cert_result_rows_new       (OrgaCertResultSet *set);

G_END_DECLS
