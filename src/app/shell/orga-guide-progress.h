/* orga-guide-progress.h: what the school has done of its year, for the
 * guide (the Documentation page), read from the store
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "orga-store.h"

G_BEGIN_DECLS

/* The steps of the school year, in the guide's order. */
typedef enum
{
  ORGA_GUIDE_STEP_ACTIVATION,
  ORGA_GUIDE_STEP_IMPORT,
  ORGA_GUIDE_STEP_TEAM,
  ORGA_GUIDE_STEP_CAMPAIGNS,
  ORGA_GUIDE_STEP_PALIERS,
  ORGA_GUIDE_STEP_PROFILES,
  ORGA_GUIDE_STEP_ACCOUNTS,
  ORGA_GUIDE_STEP_PREPARATION,
  ORGA_GUIDE_STEP_SESSIONS,
  ORGA_GUIDE_STEP_SUPERVISION,
  ORGA_GUIDE_STEP_FINALIZATION,
  ORGA_GUIDE_STEP_RESULTS,
  ORGA_GUIDE_STEP_LIVRET,
  ORGA_GUIDE_STEP_ARCHIVE,
  ORGA_GUIDE_N_STEPS
} OrgaGuideStep;

typedef enum
{
  ORGA_GUIDE_STATE_TO_DO,
  ORGA_GUIDE_STATE_DONE,
  /* Nothing in the store says whether it was done (the livret scolaire
   * export): never suggested as the next step. */
  ORGA_GUIDE_STATE_UNTRACKED,
} OrgaGuideState;

typedef struct
{
  char           *school_year;                  /* "2026-2027" */
  OrgaGuideState  states[ORGA_GUIDE_N_STEPS];
  /* What is done, in the interface's language: "Liste des élèves
   * importée le 03/09/2026", "3 campagnes cette année"… */
  char           *statuses[ORGA_GUIDE_N_STEPS];
} OrgaGuideProgress;

void               orga_guide_progress_free (OrgaGuideProgress *self);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (OrgaGuideProgress, orga_guide_progress_free)

/* The school year of @now runs from 1 August: an import of late August
 * already prepares the new year. Returns its first day, YYYY-08-01. */
char              *orga_guide_school_year_start (GDateTime *now);

/* Reads the school's year of @now (local time) from the store: every
 * count is of this school year only. NULL with @error on a store error. */
OrgaGuideProgress *orga_guide_progress_load (OrgaStore         *store,
                                             OrgaOrganization  *organization,
                                             GDateTime         *now,
                                             GError           **error);

/* The first step to do, or ORGA_GUIDE_N_STEPS when all is done. */
OrgaGuideStep      orga_guide_progress_get_next (const OrgaGuideProgress *self);

G_END_DECLS
