/* orga-class-heat-map.h: average mastery per class and competence
 *
 * Beyond Pix: across the shared, current assessment participations of
 * every campaign of the school (archived ones too, deleted ones not), the
 * average share of targeted skills validated, per class and competence.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "orga-framework.h"
#include "orga-store.h"

G_BEGIN_DECLS

typedef struct
{
  GStrv  classes;     /* natural order (orga_store_compare_divisions) */
  guint  n_classes;
  double *values;     /* n_classes × ORGA_FRAMEWORK_N_COMPETENCES, row-major:
                       * 0 … 1, NAN where no participation counts */
  guint  *counts;     /* participations counted per cell */
} OrgaClassHeatMap;

/* The classes are those of the active students plus any class seen in a
 * participation; a class without results is a row of NAN. */
OrgaClassHeatMap *orga_class_heat_map_compute (OrgaStore         *store,
                                               OrgaOrganization  *organization,
                                               GCancellable      *cancellable,
                                               GError           **error);
/* The same on a connection of its own, in a thread (the heat-map page). */
void              orga_class_heat_map_compute_async  (OrgaStore           *store,
                                                      OrgaOrganization    *organization,
                                                      GCancellable        *cancellable,
                                                      GAsyncReadyCallback  callback,
                                                      gpointer             user_data);
OrgaClassHeatMap *orga_class_heat_map_compute_finish (GAsyncResult        *result,
                                                      GError             **error);
void              orga_class_heat_map_free    (OrgaClassHeatMap  *self);

/* The cell of @klass (a row) and @competence; NAN when no data. */
static inline double
orga_class_heat_map_get (const OrgaClassHeatMap *self,
                         guint                   klass,
                         guint                   competence)
{
  return self->values[klass * ORGA_FRAMEWORK_N_COMPETENCES + competence];
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (OrgaClassHeatMap, orga_class_heat_map_free)

G_END_DECLS
