/* orga-cert-readiness-item.c: one student of the readiness view
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "orga-cert-readiness-item.h"

struct _OrgaCertReadinessItem
{
  GObject    parent_instance;

  GPtrArray *rows;
  guint      index;
};

G_DEFINE_FINAL_TYPE (OrgaCertReadinessItem, orga_cert_readiness_item, G_TYPE_OBJECT)

static void
orga_cert_readiness_item_finalize (GObject *object)
{
  OrgaCertReadinessItem *self = ORGA_CERT_READINESS_ITEM (object);

  g_clear_pointer (&self->rows, g_ptr_array_unref);

  G_OBJECT_CLASS (orga_cert_readiness_item_parent_class)->finalize (object);
}

static void
orga_cert_readiness_item_class_init (OrgaCertReadinessItemClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = orga_cert_readiness_item_finalize;
}

static void
orga_cert_readiness_item_init (OrgaCertReadinessItem *self)
{
}

OrgaCertReadinessItem *
orga_cert_readiness_item_new (GPtrArray *rows,
                              guint      index)
{
  OrgaCertReadinessItem *self;

  g_return_val_if_fail (rows != NULL, NULL);
  g_return_val_if_fail (index < rows->len, NULL);

  self = g_object_new (ORGA_TYPE_CERT_READINESS_ITEM, NULL);
  self->rows = g_ptr_array_ref (rows);
  self->index = index;
  return self;
}

const OrgaCertReadinessRow *
orga_cert_readiness_item_get_row (OrgaCertReadinessItem *self)
{
  g_return_val_if_fail (ORGA_IS_CERT_READINESS_ITEM (self), NULL);

  return g_ptr_array_index (self->rows, self->index);
}
