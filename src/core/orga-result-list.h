/* orga-result-list.h: a campaign's participations as a filtered GListModel
 *
 * The "Liste des participants" of the Activité tab and the "Liste des
 * résultats reçus" / "Liste des profils reçus" of the Résultats tab: the
 * latest attempt of each learner, filtered and sorted over the set's
 * arrays into an array of positions; rows are made only for what a view
 * shows, so 100,000 participations filter in a few milliseconds.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "orga-participation-set.h"
#include "orga-result-row.h"
#include "orga-target-profile.h"

G_BEGIN_DECLS

/* No bucket: the participation is not shared. */
#define ORGA_RESULT_NO_BUCKET 0xff

typedef struct
{
  const char         *search;       /* as typed: folded, split into words, each
                                     * a substring of "last first"; NULL or
                                     * blank for everyone */
  const char * const *divisions;    /* NULL or empty for every class */
  guint               statuses;     /* 1 << OrgaParticipationStatus; 0 for all */
  int                 bucket;       /* 0 … 9 (0–10 %, …, 91–100 %); -1 for all */
  guint               stages;       /* 1 << reached stage; 0 for all */
  int                 certifiable;  /* 0 or 1; -1 for all */
} OrgaResultFilter;

/* Bucket and stage filters let only shared participations through. */
#define ORGA_RESULT_FILTER_INIT { NULL, NULL, 0, -1, 0, -1 }

typedef enum
{
  ORGA_RESULT_SORT_NAME,       /* last name, first name (the set's order) */
  ORGA_RESULT_SORT_DIVISION,   /* class in natural order, then name */
  ORGA_RESULT_SORT_STATUS,     /* En cours, En attente d'envoi, reçus */
  ORGA_RESULT_SORT_RESULT,     /* mastery rate; not shared first */
  ORGA_RESULT_SORT_PIX,        /* pix score; not shared first */
  ORGA_RESULT_SORT_SHARED_AT,  /* date sent; not shared first */
  ORGA_RESULT_SORT_ATTEMPTS,   /* shared attempts */
} OrgaResultSort;

#define ORGA_TYPE_RESULT_LIST (orga_result_list_get_type ())

G_DECLARE_FINAL_TYPE (OrgaResultList, orga_result_list, ORGA, RESULT_LIST, GObject)

/* Reads every participation of @set once (folded names, classes, buckets,
 * stages with @profile, which may be NULL): call it in the worker thread
 * that loaded the set. Shows every current participation at first. */
OrgaResultList       *orga_result_list_new            (OrgaParticipationSet    *set,
                                                       const OrgaTargetProfile *profile);
/* Another list over the same participations, sharing what was read; no
 * filter. */
OrgaResultList       *orga_result_list_new_sibling    (OrgaResultList          *other);

OrgaParticipationSet *orga_result_list_get_set        (OrgaResultList          *self);
/* The classes of the participants, in natural order (6A, 6B, …, 5A). */
const char * const   *orga_result_list_get_divisions  (OrgaResultList          *self);
/* Current (not improved) participations, filtered or not. */
guint                 orga_result_list_get_total      (OrgaResultList          *self);

void                  orga_result_list_set_filter     (OrgaResultList          *self,
                                                       const OrgaResultFilter  *filter);
gboolean              orga_result_list_get_filtered   (OrgaResultList          *self);
void                  orga_result_list_set_sort       (OrgaResultList          *self,
                                                       OrgaResultSort           sort,
                                                       gboolean                 descending);
OrgaResultSort        orga_result_list_get_sort       (OrgaResultList          *self,
                                                       gboolean                *descending);

/* The position in the set of the row at @position, without making it. */
guint                 orga_result_list_get_set_index  (OrgaResultList          *self,
                                                       guint                    position);

G_END_DECLS
