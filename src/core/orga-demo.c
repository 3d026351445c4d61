/* orga-demo.c: believable demonstration participations
 *
 * The story the numbers tell: each class takes a campaign in one session
 * on a school day, most students finish and send their results within
 * the hour, a few come back later; higher grades and some classes do
 * better than others; with multiple sendings a few students try again
 * four days or more after sending. Everything is drawn from one GRand so
 * a seed always gives the same data for the same school.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "orga-demo"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "orga-demo.h"
#include "orga-store-cert.h"
#include "orga-store-campaigns.h"

#define HOUR   ((gint64)3600)
#define DAY    (24 * HOUR)
#define UNKNOWN_GRADE 3   /* a class whose name says nothing: mid-range */

typedef struct
{
  gint64      id;
  const char *last_name;
  const char *first_name;
  guint       klass;      /* position in DemoSchool.classes */
  double      ability;    /* 0 … 1: about the share of a profile mastered */
} DemoStudent;

typedef struct
{
  const char *division;
  int         grade;      /* 0 = 6e … 6 = Tle, -1 when unknown */
  GArray     *students;   /* of guint, positions in DemoSchool.students */
} DemoClass;

typedef struct
{
  GStringChunk *strings;
  GArray       *students; /* of DemoStudent, by id */
  GArray       *classes;  /* of DemoClass */
  GHashTable   *by_name;  /* division → position + 1 */
  GRand        *rand;
  GTimeZone    *paris;
  gint64        now;
  /* why nothing may have been drawn */
  guint         no_profile;      /* campaigns whose profile left the catalogue */
  guint         could_take_part; /* students with no real participation yet */
} DemoSchool;

static void
demo_school_clear (DemoSchool *school)
{
  if (school->classes != NULL)
    for (guint i = 0; i < school->classes->len; i++)
      g_array_unref (g_array_index (school->classes, DemoClass, i).students);

  g_clear_pointer (&school->strings, g_string_chunk_free);
  g_clear_pointer (&school->students, g_array_unref);
  g_clear_pointer (&school->classes, g_array_unref);
  g_clear_pointer (&school->by_name, g_hash_table_unref);
  g_clear_pointer (&school->rand, g_rand_free);
  g_clear_pointer (&school->paris, g_time_zone_unref);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (DemoSchool, demo_school_clear)

/* ------------------------------------------------------------------ */
/* Random helpers                                                       */
/* ------------------------------------------------------------------ */

static inline double
uniform (GRand *rand)
{
  return g_rand_double (rand);
}

/* Roughly normal, mean 0 and standard deviation 1: the sum of three
 * uniforms is close enough for believable noise and needs no libm. */
static inline double
bell (GRand *rand)
{
  return (g_rand_double (rand) + g_rand_double (rand) + g_rand_double (rand) - 1.5) * 2.0;
}

static inline gint64
between (GRand  *rand,
         gint64  low,
         gint64  high)
{
  if (high <= low)
    return low;

  return low + (gint64)(uniform (rand) * (double)(high - low));
}

/* ------------------------------------------------------------------ */
/* The school                                                           */
/* ------------------------------------------------------------------ */

/* The grade a SIECLE class name starts with: "6A", "601" → 6e; "2GT1",
 * "1G3", "TSTMG2" → lycée. */
static int
grade_of_division (const char *division)
{
  switch (division[0])
    {
    case '6': return 0;
    case '5': return 1;
    case '4': return 2;
    case '3': return 3;
    case '2': return 4;
    case '1': return 5;
    case 'T': case 't': return 6;
    default: return -1;
    }
}

/* The grade a back-to-school profile is made for, -1 for the others. */
static int
grade_of_profile (const char *profile_id)
{
  static const char *const suffixes[] = { "6e", "5e", "4e", "3e", "2de", "1re", "tle" };

  if (profile_id == NULL || !g_str_has_prefix (profile_id, "rentree-"))
    return -1;

  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    if (strcmp (profile_id + strlen ("rentree-"), suffixes[i]) == 0)
      return (int)i;

  return -1;
}

static gboolean
collect_student (const OrgaLearnerRow *row,
                 gpointer              user_data)
{
  DemoSchool *school = user_data;
  const char *division = row->fields.division != NULL ? row->fields.division : "";
  DemoStudent student = { 0 };
  guint klass;

  klass = GPOINTER_TO_UINT (g_hash_table_lookup (school->by_name, division));
  if (klass == 0)
    {
      DemoClass c = { 0 };

      c.division = g_string_chunk_insert_const (school->strings, division);
      c.grade = grade_of_division (division);
      c.students = g_array_new (FALSE, FALSE, sizeof (guint));
      g_array_append_val (school->classes, c);
      klass = school->classes->len;
      g_hash_table_insert (school->by_name, (gpointer)c.division, GUINT_TO_POINTER (klass));
    }

  student.id = row->id;
  student.last_name = g_string_chunk_insert_const (school->strings, row->fields.last_name ? row->fields.last_name : "");
  student.first_name = g_string_chunk_insert_const (school->strings, row->fields.first_name ? row->fields.first_name : "");
  student.klass = klass - 1;
  g_array_append_val (school->students, student);

  return TRUE;
}

static int
compare_students (gconstpointer a,
                  gconstpointer b)
{
  const DemoStudent *x = a;
  const DemoStudent *y = b;

  return (x->id > y->id) - (x->id < y->id);
}

static int
compare_classes (gconstpointer a,
                 gconstpointer b)
{
  return orga_store_compare_divisions (((const DemoClass *)a)->division, ((const DemoClass *)b)->division);
}

/* Students in id order and classes in natural order, whatever order the
 * store returned them in, so that a seed always draws the same. */
static void
prepare_school (DemoSchool *school)
{
  g_autofree guint *renumber = NULL;
  g_autofree double *effects = NULL;

  g_array_sort (school->students, compare_students);

  /* Sort the classes, then point the students at their new positions. */
  for (guint i = 0; i < school->classes->len; i++)
    g_hash_table_insert (school->by_name,
                         (gpointer)g_array_index (school->classes, DemoClass, i).division,
                         GUINT_TO_POINTER (i + 1));
  g_array_sort (school->classes, compare_classes);
  renumber = g_new (guint, school->classes->len);
  for (guint i = 0; i < school->classes->len; i++)
    {
      guint old = GPOINTER_TO_UINT (g_hash_table_lookup (school->by_name,
                                                         g_array_index (school->classes, DemoClass, i).division)) - 1;
      renumber[old] = i;
    }

  /* Some classes are ahead of others, whatever their grade. */
  effects = g_new (double, school->classes->len);
  for (guint i = 0; i < school->classes->len; i++)
    effects[i] = 0.045 * bell (school->rand);

  for (guint i = 0; i < school->students->len; i++)
    {
      DemoStudent *s = &g_array_index (school->students, DemoStudent, i);
      DemoClass *c;
      int grade;

      s->klass = renumber[s->klass];
      c = &g_array_index (school->classes, DemoClass, s->klass);
      g_array_append_val (c->students, i);

      /* Older students know more: 6e around 38 %, Tle around 65 %. */
      grade = c->grade >= 0 ? c->grade : UNKNOWN_GRADE;
      s->ability = CLAMP (0.38 + 0.045 * grade + effects[s->klass] + 0.16 * bell (school->rand), 0.02, 0.99);
    }
}

/* ------------------------------------------------------------------ */
/* Dates                                                                */
/* ------------------------------------------------------------------ */

/* A class's session: @time moved to a weekday, at a school hour in Paris. */
static gint64
school_session (DemoSchool *school,
                gint64      time)
{
  g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (time);
  g_autoptr(GDateTime) local = NULL;
  g_autoptr(GDateTime) day = NULL;
  g_autoptr(GDateTime) session = NULL;
  int weekday;

  if (utc == NULL)
    return time;

  local = g_date_time_to_timezone (utc, school->paris);
  weekday = g_date_time_get_day_of_week (local);
  day = g_date_time_add_days (local, weekday == 6 ? 2 : weekday == 7 ? 1 : 0);
  session = g_date_time_new (school->paris,
                             g_date_time_get_year (day),
                             g_date_time_get_month (day),
                             g_date_time_get_day_of_month (day),
                             g_rand_int_range (school->rand, 8, 16),
                             g_rand_int_range (school->rand, 0, 4) * 15,
                             0);

  return session != NULL ? g_date_time_to_unix (session) : time;
}

static gint64
parse_iso (const char *text,
           gint64      fallback)
{
  g_autoptr(GDateTime) dt = text != NULL ? g_date_time_new_from_iso8601 (text, NULL) : NULL;

  return dt != NULL ? g_date_time_to_unix (dt) : fallback;
}

/* ------------------------------------------------------------------ */
/* Results                                                              */
/* ------------------------------------------------------------------ */

typedef struct
{
  OrgaCampaign            *campaign;
  OrgaCampaignType         type;
  const OrgaTargetProfile *profile;    /* NULL for profiles collections */
  guint                    results_size;
  guint8                  *masks;      /* targeted skills per tube */
  double                  *ease;       /* per tube: its competence's ease, in levels */
  guint                    n_targeted;
  guint                    max_difficulty;
  gboolean                 multiple_sendings;
  OrgaExternalIdType       external_id_type;
} DemoCampaign;

/* Some competences are harder for everyone (programming, technical
 * problems), others familiar (interacting, searching). In levels. */
static const double competence_ease[ORGA_FRAMEWORK_N_COMPETENCES] = {
  0.6, 0.1, -0.3, 0.7, 0.3, 0.2, 0.0, 0.3, 0.0, -0.2, -0.8, -0.2, 0.2, 0.1, -0.5, -0.4,
};

/* Per tube, the student reaches about ability × (highest difficulty + 1),
 * give or take; skills up to there are mostly validated, the next one
 * sometimes, beyond rarely. Low difficulties come first, with noise. */
static guint
draw_assessment (GRand              *rand,
                 const DemoCampaign *c,
                 double              ability,
                 guint8             *results)
{
  guint validated = 0;

  for (guint t = 0; t < c->results_size; t++)
    {
      double reach = ability * (c->max_difficulty + 1.0) + c->ease[t] + 0.8 * bell (rand);
      guint8 done = 0;

      for (guint d = 1; d <= ORGA_FRAMEWORK_MAX_DIFFICULTY; d++)
        {
          double p;

          if (!(c->masks[t] & (1u << (d - 1))))
            continue;

          p = d <= reach ? 0.93 : d <= reach + 1 ? 0.25 : 0.03;
          if (uniform (rand) < p)
            done |= (guint8)(1u << (d - 1));
        }

      results[t] |= done;
      validated += (guint)__builtin_popcount (results[t]);
    }

  return validated;
}

static guint
draw_profile (GRand  *rand,
              double  ability,
              guint8 *results)
{
  guint total = 0;

  for (guint c = 0; c < ORGA_FRAMEWORK_N_COMPETENCES; c++)
    {
      double level = ability * 4.5 + competence_ease[c] + 0.9 * bell (rand);
      int pix = level > 0 ? (int)(level * ORGA_PIX_PER_LEVEL) : 0;

      /* A competence never touched is common for weak profiles. */
      if (uniform (rand) > 0.25 + ability)
        pix = 0;

      results[c] = (guint8)orga_framework_cap_pix ((guint)CLAMP (pix, 0, 255));
      total += results[c];
    }

  return total;
}

static guint
count_certifiable (const guint8 *pix)
{
  guint n = 0;

  for (guint c = 0; c < ORGA_FRAMEWORK_N_COMPETENCES; c++)
    if (orga_framework_level_for_pix (pix[c]) >= 1)
      n++;

  return n;
}

/* Fills the results, rates and scores of @p for its status; @results
 * holds the results so far (a retry keeps what was validated). */
static void
draw_results (GRand              *rand,
              const DemoCampaign *c,
              double              ability,
              OrgaParticipation  *p,
              guint8             *results)
{
  if (c->type == ORGA_CAMPAIGN_TYPE_PROFILES_COLLECTION)
    {
      p->pix_score = draw_profile (rand, ability, results);
      p->mastery_rate = (double)p->pix_score / ORGA_MAX_PIX_SCORE;
      p->progression = 1.0;
      p->validated_skills = 0;
      /* Pix decides certifiability when the profile is sent. */
      if (p->status == ORGA_PARTICIPATION_SHARED)
        p->is_certifiable = count_certifiable (results) >= ORGA_CERTIFIABLE_MIN_COMPETENCES;
      else
        p->is_certifiable = -1;
      return;
    }

  draw_assessment (rand, c, ability, results);

  if (p->status == ORGA_PARTICIPATION_STARTED)
    {
      /* Half-way: only part of the skills asked, so part of what would be
       * validated is validated so far. */
      p->progression = (double)(100 + g_rand_int_range (rand, 0, 800)) / 1000.0;
      for (guint t = 0; t < c->results_size; t++)
        for (guint d = 0; d < ORGA_FRAMEWORK_MAX_DIFFICULTY; d++)
          if ((results[t] & (1u << d)) && uniform (rand) > p->progression)
            results[t] &= (guint8)~(1u << d);
    }
  else
    p->progression = 1.0;

  p->validated_skills = 0;
  for (guint t = 0; t < c->results_size; t++)
    p->validated_skills += (guint)__builtin_popcount (results[t] & c->masks[t]);
  p->mastery_rate = c->n_targeted > 0 ? (double)p->validated_skills / c->n_targeted : 0;
  p->pix_score = 0;
  p->is_certifiable = -1;
}

static OrgaParticipationStatus
draw_status (GRand              *rand,
             const DemoCampaign *c)
{
  double u = uniform (rand);

  if (c->type == ORGA_CAMPAIGN_TYPE_PROFILES_COLLECTION)
    return u < 0.12 ? ORGA_PARTICIPATION_TO_SHARE : ORGA_PARTICIPATION_SHARED;

  return u < 0.12 ? ORGA_PARTICIPATION_STARTED
       : u < 0.21 ? ORGA_PARTICIPATION_TO_SHARE
       : ORGA_PARTICIPATION_SHARED;
}

/* Sent in the session most of the time, otherwise hours to days later,
 * never in the future. */
static gint64
draw_shared_at (GRand  *rand,
                gint64  created_at,
                gint64  now)
{
  gint64 shared_at;

  if (uniform (rand) < 0.7)
    shared_at = created_at + between (rand, 12 * 60, 55 * 60);
  else
    shared_at = created_at + between (rand, 2 * HOUR, 5 * DAY);

  return MIN (shared_at, now);
}

static char *
external_id_for (const DemoCampaign *c,
                 const DemoStudent  *s)
{
  g_autofree char *first = NULL;
  g_autofree char *last = NULL;

  switch (c->external_id_type)
    {
    case ORGA_EXTERNAL_ID_STRING:
      return g_strdup_printf ("E%06" G_GINT64_FORMAT, s->id);
    case ORGA_EXTERNAL_ID_EMAIL:
      first = g_str_to_ascii (s->first_name, "C");
      last = g_str_to_ascii (s->last_name, "C");
      g_strdelimit (g_ascii_strdown (first, -1), " '", '-');
      g_strdelimit (g_ascii_strdown (last, -1), " '", '-');
      return g_strdup_printf ("%s.%s@exemple.fr", first, last);
    case ORGA_EXTERNAL_ID_NONE:
    default:
      return NULL;
    }
}

/* ------------------------------------------------------------------ */
/* One campaign                                                         */
/* ------------------------------------------------------------------ */

static void
demo_campaign_clear (DemoCampaign *c)
{
  g_clear_pointer (&c->masks, g_free);
  g_clear_pointer (&c->ease, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (DemoCampaign, demo_campaign_clear)

/* Learners who already took part for real: the demonstration leaves them
 * alone (a campaign without multiple sendings would refuse a second
 * participation, and their real results must stay the latest). */
static GHashTable *
real_participants (OrgaStore     *store,
                   OrgaCampaign  *campaign,
                   GError       **error)
{
  g_autoptr(OrgaParticipationSet) set = NULL;
  GHashTable *ids;
  guint n;

  set = orga_store_load_participations (store, campaign, FALSE, error);
  if (set == NULL)
    return NULL;

  ids = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  n = orga_participation_set_get_n (set);
  for (guint i = 0; i < n; i++)
    {
      const OrgaParticipation *p = orga_participation_set_get (set, i);

      if (!p->is_demo)
        g_hash_table_add (ids, g_memdup2 (&p->learner_id, sizeof p->learner_id));
    }

  return ids;
}

static gboolean
fill_campaign (DemoSchool    *school,
               OrgaStore     *store,
               OrgaCampaign  *campaign,
               guint         *n_written,
               GError       **error)
{
  g_auto(DemoCampaign) c = { 0 };
  g_autoptr(OrgaParticipationSet) set = NULL;
  g_autoptr(GHashTable) skip = NULL;
  g_autofree guint8 *results = NULL;
  gint64 created, end, start;
  int profile_grade;
  gboolean grade_present = FALSE;

  c.campaign = campaign;
  c.type = orga_campaign_get_campaign_type (campaign);
  c.multiple_sendings = orga_campaign_get_multiple_sendings (campaign);
  c.external_id_type = orga_campaign_get_external_id_type (campaign);

  if (c.type == ORGA_CAMPAIGN_TYPE_ASSESSMENT)
    {
      c.profile = orga_campaign_get_target_profile (campaign);
      if (c.profile == NULL || c.profile->n_tubes == 0)
        {
          school->no_profile++;
          return TRUE;   /* a profile no longer in the catalogue */
        }

      c.results_size = c.profile->n_tubes;
      c.masks = g_new (guint8, c.results_size);
      c.ease = g_new0 (double, c.results_size);
      for (guint t = 0; t < c.results_size; t++)
        {
          const OrgaTube *tube = orga_framework_get_tube (c.profile->tubes[t].tube);

          if (tube != NULL && tube->competence < ORGA_FRAMEWORK_N_COMPETENCES)
            c.ease[t] = competence_ease[tube->competence];
          c.masks[t] = orga_target_profile_tube_skills (c.profile, t);
          c.n_targeted += (guint)__builtin_popcount (c.masks[t]);
        }
      c.max_difficulty = orga_target_profile_max_difficulty (c.profile);
    }
  else
    c.results_size = ORGA_FRAMEWORK_N_COMPETENCES;

  skip = real_participants (store, campaign, error);
  if (skip == NULL)
    return FALSE;

  /* The weeks since the campaign was created; a campaign created today
   * still gets a few weeks of history so the charts have a shape. Its
   * own creation date is left as it is. */
  end = school->now - HOUR;
  created = parse_iso (orga_campaign_get_created_at (campaign), end);
  start = MIN (created, end);
  if (end - start < 21 * DAY)
    start = end - between (school->rand, 21 * DAY, 42 * DAY);

  /* A back-to-school profile goes to its own grade when the school has
   * it. */
  profile_grade = c.profile != NULL ? grade_of_profile (c.profile->id) : -1;
  for (guint k = 0; k < school->classes->len; k++)
    if (profile_grade >= 0 && g_array_index (school->classes, DemoClass, k).grade == profile_grade)
      grade_present = TRUE;

  set = orga_participation_set_new (c.results_size);
  results = g_malloc0 (c.results_size);

  for (guint k = 0; k < school->classes->len; k++)
    {
      const DemoClass *klass = &g_array_index (school->classes, DemoClass, k);
      double share = 0.70 + 0.25 * uniform (school->rand);
      gint64 session;

      if (grade_present && klass->grade != profile_grade)
        continue;

      /* Sessions fall in the first two thirds of the period. */
      session = school_session (school, start + (gint64)(uniform (school->rand) * 0.66 * (end - start)));
      session = MIN (session, end);

      for (guint i = 0; i < klass->students->len; i++)
        {
          const DemoStudent *s = &g_array_index (school->students, DemoStudent,
                                                 g_array_index (klass->students, guint, i));
          g_autofree char *external_id = NULL;
          OrgaParticipation p = { 0 };

          /* Counted before the draw, which must stay as it is for a
           * seed to give the same data. */
          if (!g_hash_table_contains (skip, &s->id))
            school->could_take_part++;

          if (uniform (school->rand) > share)
            continue;
          if (g_hash_table_contains (skip, &s->id))
            continue;

          external_id = external_id_for (&c, s);
          p.learner_id = s->id;
          p.external_id = external_id;
          p.is_demo = TRUE;
          p.attempt = 1;
          p.status = draw_status (school->rand, &c);

          /* Most during the class session, some catching up later. */
          if (uniform (school->rand) < 0.82)
            p.created_at = session + between (school->rand, 0, 40 * 60);
          else
            p.created_at = between (school->rand, session, end);
          p.created_at = MIN (p.created_at, end);

          memset (results, 0, c.results_size);
          p.results = results;

          /* A first attempt sent, then a second at least four days later
           * (Pix's delay), when there is room before today. The retry
           * keeps what was validated and usually does a little better. */
          if (c.multiple_sendings && p.status == ORGA_PARTICIPATION_SHARED &&
              uniform (school->rand) < 0.12)
            {
              OrgaParticipation first = p;
              gint64 earliest;

              draw_results (school->rand, &c, s->ability, &first, results);
              first.shared_at = draw_shared_at (school->rand, first.created_at, end);
              earliest = first.shared_at + 4 * DAY;

              /* Pix offers no retry after a perfect assessment. */
              if (earliest < end &&
                  !(c.type == ORGA_CAMPAIGN_TYPE_ASSESSMENT && first.validated_skills >= c.n_targeted))
                {
                  orga_participation_set_add (set, &first);

                  p.created_at = between (school->rand, earliest, end);
                  p.status = uniform (school->rand) < 0.85 ? ORGA_PARTICIPATION_SHARED : ORGA_PARTICIPATION_TO_SHARE;
                  draw_results (school->rand, &c, MIN (s->ability + 0.05 + 0.1 * uniform (school->rand), 0.99), &p, results);
                  if (p.status == ORGA_PARTICIPATION_SHARED)
                    p.shared_at = draw_shared_at (school->rand, p.created_at, school->now);
                  orga_participation_set_add (set, &p);
                  continue;
                }

              memset (results, 0, c.results_size);
            }

          draw_results (school->rand, &c, s->ability, &p, results);
          if (p.status == ORGA_PARTICIPATION_SHARED)
            p.shared_at = draw_shared_at (school->rand, p.created_at, school->now);

          orga_participation_set_add (set, &p);
        }
    }

  if (orga_participation_set_get_n (set) == 0)
    return TRUE;

  if (!orga_store_add_participations (store, campaign, set, error))
    return FALSE;

  *n_written += orga_participation_set_get_n (set);
  return TRUE;
}

/* ------------------------------------------------------------------ */
/* Entry points                                                         */
/* ------------------------------------------------------------------ */

static int
compare_campaigns (gconstpointer a,
                   gconstpointer b)
{
  gint64 x = orga_campaign_get_id (*(OrgaCampaign * const *)a);
  gint64 y = orga_campaign_get_id (*(OrgaCampaign * const *)b);

  return (x > y) - (x < y);
}

gboolean
orga_demo_fill_at (OrgaStore         *store,
                   OrgaOrganization  *organization,
                   guint32            seed,
                   gint64             now,
                   OrgaDemoResult    *result,
                   GError           **error)
{
  g_auto(DemoSchool) school = { 0 };
  g_autoptr(GPtrArray) campaigns = NULL;
  OrgaCampaignQuery active = { .archived = FALSE };
  OrgaLearnerQuery learners = { .include_disabled = FALSE };
  OrgaDemoResult written = { 0 };

  g_return_val_if_fail (ORGA_IS_STORE (store), FALSE);
  g_return_val_if_fail (ORGA_IS_ORGANIZATION (organization), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (result != NULL)
    *result = written;

  campaigns = orga_store_list_campaigns (store, organization, &active, error);
  if (campaigns == NULL)
    return FALSE;
  if (campaigns->len == 0)
    {
      g_set_error_literal (error, ORGA_STORE_ERROR, ORGA_STORE_ERROR_NOT_FOUND,
                           _("There is no active campaign to fill with demonstration data: create a campaign first."));
      return FALSE;
    }

  school.strings = g_string_chunk_new (64 * 1024);
  school.students = g_array_new (FALSE, FALSE, sizeof (DemoStudent));
  school.classes = g_array_new (FALSE, FALSE, sizeof (DemoClass));
  school.by_name = g_hash_table_new (g_str_hash, g_str_equal);
  school.rand = g_rand_new_with_seed (seed);
  school.paris = g_time_zone_new_identifier ("Europe/Paris");
  if (school.paris == NULL)
    school.paris = g_time_zone_new_local ();
  school.now = now;

  if (!orga_store_foreach_learner (store, organization, &learners, collect_student, &school, error))
    return FALSE;
  if (school.students->len == 0)
    {
      g_set_error_literal (error, ORGA_STORE_ERROR, ORGA_STORE_ERROR_NOT_FOUND,
                           _("There is no active student to fill campaigns with demonstration data: import the student list first."));
      return FALSE;
    }

  prepare_school (&school);

  /* All or nothing: the old demonstration data stays until the new is
   * written, and a failure half-way leaves the database as it was. */
  if (!orga_store_begin (store, error))
    return FALSE;

  /* Nothing is removed before we know there is something to draw. */
  if (!orga_store_delete_demo_data (store, organization, error))
    {
      orga_store_rollback (store);
      return FALSE;
    }

  /* Oldest first, whatever order the list gives, for the same draws. */
  g_ptr_array_sort (campaigns, compare_campaigns);
  for (guint i = 0; i < campaigns->len; i++)
    {
      guint before = written.participations;

      if (!fill_campaign (&school, store, g_ptr_array_index (campaigns, i), &written.participations, error))
        {
          orga_store_rollback (store);
          return FALSE;
        }
      if (written.participations > before)
        written.campaigns++;
    }

  /* Nothing drawn: the earlier demonstration data stays, and the head
   * learns why rather than reading "0 participations written". */
  if (written.participations == 0)
    {
      const char *why;

      if (school.no_profile == campaigns->len)
        why = _("No demonstration participation was written: the target profiles of the active campaigns are no longer in the catalogue. Nothing was changed.");
      else if (school.could_take_part == 0)
        why = _("No demonstration participation was written: the students of the active campaigns have all taken part for real already. Nothing was changed.");
      else
        why = _("No demonstration participation was written: no student was drawn with this seed; try another one. Nothing was changed.");

      orga_store_rollback (store);
      g_set_error_literal (error, ORGA_STORE_ERROR, ORGA_STORE_ERROR_NOT_FOUND, why);
      return FALSE;
    }

  /* The certification's views too: a published session with results
   * and one to come with its candidates (orga-store-cert.h). */
  if (!orga_store_add_demo_cert_data (store, organization, error))
    {
      orga_store_rollback (store);
      return FALSE;
    }

  if (!orga_store_commit (store, error))
    return FALSE;

  if (result != NULL)
    *result = written;

  return TRUE;
}

gboolean
orga_demo_fill (OrgaStore         *store,
                OrgaOrganization  *organization,
                guint32            seed,
                OrgaDemoResult    *result,
                GError           **error)
{
  return orga_demo_fill_at (store, organization, seed, g_get_real_time () / G_USEC_PER_SEC, result, error);
}
