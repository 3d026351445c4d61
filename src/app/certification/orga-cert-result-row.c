/* orga-cert-result-row.c: one certification result as a list item
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "orga-cert-result-row.h"

struct _OrgaCertResultRow
{
  GObject            parent_instance;

  OrgaCertResultSet *set;
  guint              index;
};

G_DEFINE_FINAL_TYPE (OrgaCertResultRow, orga_cert_result_row, G_TYPE_OBJECT)

static void
orga_cert_result_row_finalize (GObject *object)
{
  OrgaCertResultRow *self = ORGA_CERT_RESULT_ROW (object);

  g_clear_pointer (&self->set, orga_cert_result_set_unref);

  G_OBJECT_CLASS (orga_cert_result_row_parent_class)->finalize (object);
}

static void
orga_cert_result_row_class_init (OrgaCertResultRowClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = orga_cert_result_row_finalize;
}

static void
orga_cert_result_row_init (OrgaCertResultRow *self)
{
}

OrgaCertResultRow *
orga_cert_result_row_new (OrgaCertResultSet *set,
                          guint              index)
{
  OrgaCertResultRow *self;

  g_return_val_if_fail (set != NULL, NULL);
  g_return_val_if_fail (index < orga_cert_result_set_get_n (set), NULL);

  self = g_object_new (ORGA_TYPE_CERT_RESULT_ROW, NULL);
  self->set = orga_cert_result_set_ref (set);
  self->index = index;
  return self;
}

const OrgaCertResult *
orga_cert_result_row_get_result (OrgaCertResultRow *self)
{
  g_return_val_if_fail (ORGA_IS_CERT_RESULT_ROW (self), NULL);

  return orga_cert_result_set_get (self->set, self->index);
}

GListModel *
orga_cert_result_rows_new (OrgaCertResultSet *set)
{
  GListStore *store = g_list_store_new (ORGA_TYPE_CERT_RESULT_ROW);
  guint n = set != NULL ? orga_cert_result_set_get_n (set) : 0;
  g_autoptr(GPtrArray) rows = g_ptr_array_new_full (n, g_object_unref);

  for (guint i = 0; i < n; i++)
    g_ptr_array_add (rows, orga_cert_result_row_new (set, i));
  g_list_store_splice (store, 0, 0, rows->pdata, rows->len);
  return G_LIST_MODEL (store);
}
