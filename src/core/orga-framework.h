/* orga-framework.h: the Pix competence framework (CRCN), bundled as data
 *
 * Areas → competences → sujets (tubes) → acquis (skills). Everything is
 * addressed by its position in the static tables, which never change order
 * once released: stored participations refer to tubes by position in their
 * target profile, and exports list competences in framework order.
 *
 * The area and competence names are the framework's own French names; the
 * sujets and their skills are PixOrga's own content, in French.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define ORGA_FRAMEWORK_N_AREAS          5
#define ORGA_FRAMEWORK_N_COMPETENCES    16
#define ORGA_FRAMEWORK_MAX_DIFFICULTY   8   /* skills are @sujet1 … @sujet8 */
#define ORGA_PIX_PER_LEVEL              8
/* Pix's MAX_REACHABLE_LEVEL in production; levels and pix above are capped. */
#define ORGA_MAX_REACHABLE_LEVEL        7
#define ORGA_MAX_PIX_PER_COMPETENCE     (ORGA_MAX_REACHABLE_LEVEL * ORGA_PIX_PER_LEVEL)
#define ORGA_MAX_PIX_SCORE              (ORGA_FRAMEWORK_N_COMPETENCES * ORGA_MAX_PIX_PER_COMPETENCE)
/* Certificability: at least 5 competences at level 1 or more. */
#define ORGA_CERTIFIABLE_MIN_COMPETENCES 5

typedef struct
{
  const char *code;         /* "1" … "5" */
  const char *title;        /* "Information et données" */
  const char *color;        /* "#f1a141": the area colour for charts */
  const char *color_key;    /* Pix's key: "jaffa", "emerald", … */
} OrgaArea;

typedef struct
{
  const char *index;        /* "1.1" */
  const char *name;         /* "Mener une recherche et une veille d’information" */
  guint       area;         /* position in the areas table */
} OrgaCompetence;

typedef struct
{
  const char *name;         /* "@rechercheWeb": skills are name + difficulty */
  const char *title;        /* practical title shown as the sujet */
  const char *description;  /* one sentence for the teacher */
  guint       competence;   /* position in the competences table */
  guint8      skills;       /* bit d-1 set when the skill of difficulty d
                             * exists (d = 1 … 8) */
  gboolean    smartphone;   /* "Compatible smartphone" */
  gboolean    tablet;
} OrgaTube;

const OrgaArea       *orga_framework_get_area         (guint        i);
const OrgaCompetence *orga_framework_get_competence   (guint        i);
guint                 orga_framework_get_n_tubes      (void);
const OrgaTube       *orga_framework_get_tube         (guint        i);
/* -1 when unknown. */
int                   orga_framework_find_tube        (const char  *name);
int                   orga_framework_find_competence  (const char  *index);

/* Level from pix in a competence: floor(pix / 8), capped at the reachable
 * maximum; pix are capped the same way. */
guint                 orga_framework_level_for_pix    (guint        pix);
guint                 orga_framework_cap_pix          (guint        pix);

/* The skills of @tube up to @max_level that exist, as a bit mask. */
guint8                orga_tube_skills_up_to          (const OrgaTube *tube,
                                                       guint           max_level);
/* "@rechercheWeb3". */
char                 *orga_tube_dup_skill_name        (const OrgaTube *tube,
                                                       guint           difficulty);

G_END_DECLS
