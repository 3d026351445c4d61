/* orga-sync-indicator.h: the sync's status in the header bar
 *
 * "À jour", "Synchronisation…", "Hors ligne" or "Erreur" with the time of
 * the last successful sync; its popover has the details, the notices not
 * yet seen and "Synchroniser maintenant" (or "Réessayer"). Hidden while
 * the school does not sync. The notices of a run also come as toasts.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "orga-sync-controller.h"

G_BEGIN_DECLS

#define ORGA_TYPE_SYNC_INDICATOR (orga_sync_indicator_get_type ())

G_DECLARE_FINAL_TYPE (OrgaSyncIndicator, orga_sync_indicator, ORGA, SYNC_INDICATOR, AdwBin)

OrgaSyncController *orga_sync_indicator_get_controller (OrgaSyncIndicator  *self);
void                orga_sync_indicator_set_controller (OrgaSyncIndicator  *self,
                                                        OrgaSyncController *controller);
/* Opens the popover (the toasts' "Détails", tests, screenshots). */
void                orga_sync_indicator_popup          (OrgaSyncIndicator  *self);
void                orga_sync_indicator_popdown        (OrgaSyncIndicator  *self);
/* What the button says ("À jour"…), and the popover's details (tests). */
const char         *orga_sync_indicator_get_label      (OrgaSyncIndicator  *self);
const char         *orga_sync_indicator_get_details    (OrgaSyncIndicator  *self);
/* How many notices the popover lists (tests). */
guint               orga_sync_indicator_get_n_notices  (OrgaSyncIndicator  *self);
/* An object of the popover by its id in orga-sync-indicator-popover.ui,
 * the popover built if it was not yet (tests). */
GObject            *orga_sync_indicator_get_popover_object (OrgaSyncIndicator *self,
                                                            const char        *id);

/* "Dernière synchronisation à 14 h 32", or "… le 3 septembre à 14 h 32"
 * when not today (@now, local). */
char               *orga_sync_indicator_format_last_success (GDateTime *time,
                                                             GDateTime *now);

G_END_DECLS
