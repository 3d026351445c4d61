/* orga-demo.h: believable demonstration participations
 *
 * An explicit action (pixorga-cli demo, or a menu item), never automatic.
 * Every row it writes is marked as demonstration data, shown as such, and
 * removed by the next run before new ones are drawn.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "orga-store.h"

G_BEGIN_DECLS

typedef struct
{
  guint campaigns;        /* campaigns that received participations */
  guint participations;   /* rows written, improved attempts included */
} OrgaDemoResult;

/* For each active campaign, draws participations of the school's active
 * students with @seed (same seed, same data): statuses, dates spread over
 * the weeks since the campaign was created, better results in higher
 * classes and some classes ahead of others, a few second attempts with
 * multiple sendings. Fails with ORGA_STORE_ERROR_NOT_FOUND, changing
 * nothing, when there is no campaign or no student, or when no
 * participation could be drawn (the message says why). */
gboolean orga_demo_fill (OrgaStore         *store,
                         OrgaOrganization  *organization,
                         guint32            seed,
                         OrgaDemoResult    *result,
                         GError           **error);

/* The same with @now (Unix time, seconds) as today: the dates are drawn
 * before it, so a seed and a @now always give the same rows. */
gboolean orga_demo_fill_at (OrgaStore         *store,
                            OrgaOrganization  *organization,
                            guint32            seed,
                            gint64             now,
                            OrgaDemoResult    *result,
                            GError           **error);

G_END_DECLS
