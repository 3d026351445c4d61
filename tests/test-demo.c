/* test-demo.c: demonstration participations (deterministic, marked,
 * plausible, consistent, replaced on each run) and the class × competence
 * heat map computed on them
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <sqlite3.h>

#include <math.h>
#include <string.h>

#include "orga-campaign-data.h"
#include "orga-campaign-stats.h"
#include "orga-class-heat-map.h"
#include "orga-demo.h"
#include "orga-importer.h"
#include "orga-learner-list.h"
#include "orga-store.h"
#include "orga-store-campaigns.h"
#include "orga-test-util.h"

#define UAI "0330001A"
#define N_STUDENTS 600
/* A fixed "today" so that a seed gives the same dates: 2026-11-20 10:00 UTC. */
#define NOW ((gint64)1795168800)
#define DAY ((gint64)86400)

/* ------------------------------------------------------------------ */
/* The school                                                           */
/* ------------------------------------------------------------------ */

typedef struct
{
  char             *db;
  OrgaStore        *store;
  OrgaOrganization *org;
  OrgaCampaign     *rentree;      /* assessment, rentrée 6e, one sending */
  OrgaCampaign     *protection;   /* assessment for everyone, multiple sendings, external id */
  OrgaCampaign     *profiles;     /* profiles collection, multiple sendings */
  OrgaCampaign     *archived;     /* archived: no demonstration data */
} School;

static char *
generate_students (guint count)
{
  const char *gen = g_getenv ("PIXORGA_GEN_SIECLE");
  g_autofree char *count_text = g_strdup_printf ("%u", count);
  g_autofree char *name = g_strdup_printf ("demo-%u.xml", count);
  g_autoptr(GError) error = NULL;
  char *path;
  int status = 0;

  g_assert_nonnull (gen);
  path = orga_test_write_temp_file (name, "", 0);
  {
    const char *argv[] = { "python3", gen, count_text, "--seed", "7", "-o", path, NULL };

    g_spawn_sync (NULL, (char **)argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDOUT_TO_DEV_NULL,
                  NULL, NULL, NULL, NULL, &status, &error);
  }
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));

  return path;
}

static void
import_students (const char *db)
{
  static char *file;
  g_autoptr(OrgaImporter) importer = NULL;
  g_autoptr(OrgaImportReport) report = NULL;
  g_autoptr(GError) error = NULL;

  if (file == NULL)
    file = generate_students (N_STUDENTS);

  importer = orga_importer_new (db, file);
  report = orga_importer_run (importer, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (orga_import_report_get_status (report), ==, ORGA_IMPORT_STATUS_IMPORTED);
}

static OrgaCampaign *
create_campaign (School             *school,
                 const char         *name,
                 OrgaCampaignType    type,
                 const char         *profile,
                 gboolean            multiple_sendings,
                 OrgaExternalIdType  external_id_type)
{
  g_autoptr(GError) error = NULL;
  OrgaCampaignSpec spec = {
    .name = name,
    .type = type,
    .target_profile_id = profile,
    .owner = "Claire Directrice",
    .creator = "Claire Directrice",
    .multiple_sendings = multiple_sendings,
    .external_id_type = external_id_type,
    .external_id_label = external_id_type != ORGA_EXTERNAL_ID_NONE ? "Numéro" : NULL,
  };
  OrgaCampaign *campaign = orga_store_create_campaign (school->store, school->org, &spec, &error);

  g_assert_no_error (error);
  g_assert_nonnull (campaign);
  return campaign;
}

static void
school_open (School   *school,
             gboolean  with_students,
             gboolean  with_campaigns)
{
  g_autoptr(GError) error = NULL;

  school->db = orga_test_new_school_db (UAI, ORGA_ORGANIZATION_KIND_SCO);
  if (with_students)
    import_students (school->db);

  school->store = orga_store_open (school->db, &error);
  g_assert_no_error (error);
  school->org = orga_store_get_organization (school->store, &error);
  g_assert_no_error (error);

  if (!with_campaigns)
    return;

  school->archived = create_campaign (school, "Ancienne campagne", ORGA_CAMPAIGN_TYPE_ASSESSMENT,
                                      "rentree-5e", FALSE, ORGA_EXTERNAL_ID_NONE);
  g_assert_true (orga_store_archive_campaign (school->store, orga_campaign_get_id (school->archived),
                                              "Claire Directrice", &error));
  g_assert_no_error (error);
  school->rentree = create_campaign (school, "Rentrée des 6e", ORGA_CAMPAIGN_TYPE_ASSESSMENT,
                                     "rentree-6e", FALSE, ORGA_EXTERNAL_ID_NONE);
  school->protection = create_campaign (school, "Protection et sécurité", ORGA_CAMPAIGN_TYPE_ASSESSMENT,
                                        "protection-securite", TRUE, ORGA_EXTERNAL_ID_STRING);
  school->profiles = create_campaign (school, "Profils", ORGA_CAMPAIGN_TYPE_PROFILES_COLLECTION,
                                      NULL, TRUE, ORGA_EXTERNAL_ID_NONE);
}

static void
school_close (School *school)
{
  g_clear_object (&school->rentree);
  g_clear_object (&school->protection);
  g_clear_object (&school->profiles);
  g_clear_object (&school->archived);
  g_clear_object (&school->org);
  g_clear_object (&school->store);
  g_clear_pointer (&school->db, g_free);
}

static OrgaParticipationSet *
load_all (School       *school,
          OrgaCampaign *campaign)
{
  g_autoptr(GError) error = NULL;
  OrgaParticipationSet *set = orga_store_load_participations (school->store, campaign, TRUE, &error);

  g_assert_no_error (error);
  g_assert_nonnull (set);
  return set;
}

static void
fill (School         *school,
      guint32         seed,
      OrgaDemoResult *result)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (orga_demo_fill_at (school->store, school->org, seed, NOW, result, &error));
  g_assert_no_error (error);
}

/* Every field of every row but ids, in load order. */
static char *
dump_campaign (School       *school,
               OrgaCampaign *campaign)
{
  g_autoptr(OrgaParticipationSet) set = load_all (school, campaign);
  GString *s = g_string_new (NULL);
  guint size = orga_participation_set_get_results_size (set);

  for (guint i = 0; i < orga_participation_set_get_n (set); i++)
    {
      const OrgaParticipation *p = orga_participation_set_get (set, i);

      g_string_append_printf (s, "%" G_GINT64_FORMAT "|%s|%s|%s|%s|%d|%" G_GINT64_FORMAT "|%" G_GINT64_FORMAT
                              "|%.6f|%.3f|%u|%u|%d|%d|%d|%u|",
                              p->learner_id, p->last_name, p->first_name, p->division,
                              p->external_id ? p->external_id : "-", p->status, p->created_at, p->shared_at,
                              p->mastery_rate, p->progression, p->pix_score, p->validated_skills,
                              p->is_certifiable, p->is_improved, p->is_demo, p->attempt);
      for (guint k = 0; k < size; k++)
        g_string_append_printf (s, "%02x", p->results[k]);
      g_string_append_c (s, '\n');
    }

  return g_string_free (s, FALSE);
}

static char *
dump_school (School *school)
{
  g_autofree char *a = dump_campaign (school, school->rentree);
  g_autofree char *b = dump_campaign (school, school->protection);
  g_autofree char *c = dump_campaign (school, school->profiles);
  g_autofree char *d = dump_campaign (school, school->archived);

  return g_strconcat (a, "--\n", b, "--\n", c, "--\n", d, NULL);
}

/* ------------------------------------------------------------------ */
/* Tests                                                                */
/* ------------------------------------------------------------------ */

static void
test_no_campaign (void)
{
  School school = { 0 };
  g_autoptr(GError) error = NULL;
  OrgaDemoResult result = { 7, 7 };

  school_open (&school, TRUE, FALSE);
  g_assert_false (orga_demo_fill (school.store, school.org, 1, &result, &error));
  g_assert_error (error, ORGA_STORE_ERROR, ORGA_STORE_ERROR_NOT_FOUND);
  g_assert_cmpuint (result.campaigns, ==, 0);
  g_assert_cmpuint (result.participations, ==, 0);

  school_close (&school);
}

static void
test_no_student (void)
{
  School school = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(OrgaParticipationSet) set = NULL;

  school_open (&school, FALSE, TRUE);
  g_assert_false (orga_demo_fill (school.store, school.org, 1, NULL, &error));
  g_assert_error (error, ORGA_STORE_ERROR, ORGA_STORE_ERROR_NOT_FOUND);
  set = load_all (&school, school.rentree);
  g_assert_cmpuint (orga_participation_set_get_n (set), ==, 0);

  school_close (&school);
}

static void
test_deterministic_and_replaced (void)
{
  School school = { 0 };
  OrgaDemoResult first = { 0 };
  OrgaDemoResult second = { 0 };
  OrgaDemoResult other = { 0 };
  g_autofree char *dump1 = NULL;
  g_autofree char *dump2 = NULL;
  g_autofree char *dump3 = NULL;
  g_autofree char *dump4 = NULL;
  guint rows = 0;

  school_open (&school, TRUE, TRUE);

  fill (&school, 42, &first);
  dump1 = dump_school (&school);
  /* The archived campaign is left alone; the three others are filled. */
  g_assert_cmpuint (first.campaigns, ==, 3);
  for (const char *c = dump1; *c; c++)
    rows += *c == '\n';
  g_assert_cmpuint (first.participations, ==, rows - 3);
  g_assert_true (g_str_has_suffix (dump1, "--\n"));

  /* Same seed, same rows; the second run replaces, it does not add. */
  fill (&school, 42, &second);
  dump2 = dump_school (&school);
  g_assert_cmpuint (second.participations, ==, first.participations);
  g_assert_cmpuint (second.campaigns, ==, first.campaigns);
  g_assert_cmpstr (dump1, ==, dump2);

  /* Another seed, other rows, still as many campaigns. */
  fill (&school, 43, &other);
  dump3 = dump_school (&school);
  g_assert_cmpstr (dump1, !=, dump3);
  g_assert_cmpuint (other.campaigns, ==, 3);

  fill (&school, 42, NULL);
  dump4 = dump_school (&school);
  g_assert_cmpstr (dump1, ==, dump4);

  g_assert_true (orga_store_has_demo_data (school.store, school.org));

  school_close (&school);
}

static guint8
targeted_mask (const OrgaTargetProfile *profile,
               guint                    tube)
{
  return orga_target_profile_tube_skills (profile, tube);
}

/* Every row consistent with itself and with Pix's rules. */
static void
check_campaign (School       *school,
                OrgaCampaign *campaign,
                guint         status_counts[3],
                guint        *n_improved)
{
  g_autoptr(OrgaParticipationSet) set = load_all (school, campaign);
  const OrgaTargetProfile *profile = orga_campaign_get_target_profile (campaign);
  gboolean assessment = orga_campaign_get_campaign_type (campaign) == ORGA_CAMPAIGN_TYPE_ASSESSMENT;
  guint n = orga_participation_set_get_n (set);
  guint n_targeted = profile != NULL ? orga_target_profile_count_skills (profile) : 0;
  g_autoptr(GHashTable) current = g_hash_table_new (g_int64_hash, g_int64_equal);

  memset (status_counts, 0, 3 * sizeof (guint));
  *n_improved = 0;

  for (guint i = 0; i < n; i++)
    {
      const OrgaParticipation *p = orga_participation_set_get (set, i);

      g_assert_true (p->is_demo);
      g_assert_cmpint (p->created_at, <=, NOW);
      /* Spread over the weeks before today: the campaign was created
       * today, so over 3 to 6 weeks. */
      g_assert_cmpint (p->created_at, >=, NOW - 43 * DAY);

      if (p->status == ORGA_PARTICIPATION_SHARED)
        {
          g_assert_cmpint (p->shared_at, >=, p->created_at);
          g_assert_cmpint (p->shared_at, <=, NOW);
        }
      else
        g_assert_cmpint (p->shared_at, ==, 0);

      if (p->is_improved)
        {
          const OrgaParticipation *next;

          (*n_improved)++;
          /* Only a shared attempt can be improved, and the next one comes
           * four days or more after it was sent. */
          g_assert_true (orga_campaign_get_multiple_sendings (campaign));
          g_assert_cmpint (p->status, ==, ORGA_PARTICIPATION_SHARED);
          g_assert_cmpuint (i + 1, <, n);
          next = orga_participation_set_get (set, i + 1);
          g_assert_cmpint (next->learner_id, ==, p->learner_id);
          g_assert_cmpuint (next->attempt, ==, p->attempt + 1);
          g_assert_cmpint (next->created_at, >=, p->shared_at + 4 * DAY);
          if (assessment)
            {
              /* A retry keeps what was validated, and there is none after
               * a perfect score. */
              g_assert_cmpuint (p->validated_skills, <, n_targeted);
              for (guint t = 0; t < profile->n_tubes; t++)
                g_assert_cmphex (p->results[t] & next->results[t], ==, p->results[t]);
            }
        }
      else
        {
          /* One current attempt per learner. */
          g_assert_false (g_hash_table_contains (current, &p->learner_id));
          g_hash_table_add (current, (gpointer)&p->learner_id);
          status_counts[p->status]++;
        }

      if (assessment)
        {
          guint validated = 0;

          for (guint t = 0; t < profile->n_tubes; t++)
            {
              g_assert_cmphex (p->results[t] & ~targeted_mask (profile, t), ==, 0);
              validated += (guint)__builtin_popcount (p->results[t]);
            }
          g_assert_cmpuint (p->validated_skills, ==, validated);
          g_assert_cmpfloat_with_epsilon (p->mastery_rate, (double)validated / n_targeted, 1e-9);
          if (p->status == ORGA_PARTICIPATION_STARTED)
            {
              g_assert_cmpfloat (p->progression, >, 0.0);
              g_assert_cmpfloat (p->progression, <, 1.0);
            }
          else
            g_assert_cmpfloat (p->progression, ==, 1.0);
          g_assert_cmpint (p->is_certifiable, ==, -1);
        }
      else
        {
          guint pix = 0;
          guint certifiable = 0;

          g_assert_cmpint (p->status, !=, ORGA_PARTICIPATION_STARTED);
          for (guint c = 0; c < ORGA_FRAMEWORK_N_COMPETENCES; c++)
            {
              g_assert_cmpuint (p->results[c], <=, ORGA_MAX_PIX_PER_COMPETENCE);
              pix += p->results[c];
              certifiable += orga_framework_level_for_pix (p->results[c]) >= 1;
            }
          g_assert_cmpuint (p->pix_score, ==, pix);
          g_assert_cmpuint (certifiable, ==, orga_stats_certifiable_competences (p));
          g_assert_cmpfloat_with_epsilon (p->mastery_rate, (double)pix / ORGA_MAX_PIX_SCORE, 1e-9);
          g_assert_cmpfloat (p->progression, ==, 1.0);
          if (p->status == ORGA_PARTICIPATION_SHARED)
            g_assert_cmpint (p->is_certifiable, ==, certifiable >= ORGA_CERTIFIABLE_MIN_COMPETENCES);
          else
            g_assert_cmpint (p->is_certifiable, ==, -1);
        }
    }

  g_assert_cmpuint (g_hash_table_size (current), ==, orga_participation_set_count_current (set));
}

static void
test_plausible (void)
{
  School school = { 0 };
  g_autoptr(OrgaParticipationSet) rentree = NULL;
  g_autoptr(OrgaParticipationSet) protection = NULL;
  g_autoptr(OrgaParticipationSet) profiles = NULL;
  guint counts[3];
  guint improved;
  guint n_sixth = 0;
  double by_grade[2] = { 0, 0 };
  guint n_by_grade[2] = { 0, 0 };
  g_auto(GStrv) divisions = NULL;
  g_autoptr(GError) error = NULL;
  guint total = 0;

  school_open (&school, TRUE, TRUE);
  fill (&school, 2024, NULL);

  /* Rentrée 6e: only the 6e classes; one sending, so no improved rows;
   * some of each status. */
  check_campaign (&school, school.rentree, counts, &improved);
  g_assert_cmpuint (improved, ==, 0);
  g_assert_cmpuint (counts[ORGA_PARTICIPATION_STARTED], >, 0);
  g_assert_cmpuint (counts[ORGA_PARTICIPATION_TO_SHARE], >, 0);
  g_assert_cmpuint (counts[ORGA_PARTICIPATION_SHARED], >, counts[ORGA_PARTICIPATION_STARTED] + counts[ORGA_PARTICIPATION_TO_SHARE]);

  rentree = load_all (&school, school.rentree);
  for (guint i = 0; i < orga_participation_set_get_n (rentree); i++)
    g_assert_true (orga_participation_set_get (rentree, i)->division[0] == '6');

  /* 70–95 % of the 6e students in each class: overall well within. */
  divisions = orga_store_list_divisions (school.store, school.org, &error);
  g_assert_no_error (error);
  for (guint d = 0; divisions[d]; d++)
    if (divisions[d][0] == '6')
      {
        const char *const only[] = { divisions[d], NULL };
        g_autoptr(OrgaLearnerList) list = orga_learner_list_new (school.store, school.org);

        orga_learner_list_set_divisions (list, only);
        total += g_list_model_get_n_items (G_LIST_MODEL (list));
      }
  n_sixth = orga_participation_set_get_n (rentree);
  g_assert_cmpuint (total, >, 0);
  g_assert_cmpfloat ((double)n_sixth / total, >=, 0.6);
  g_assert_cmpfloat ((double)n_sixth / total, <=, 0.97);

  /* Protection: every class, multiple sendings: a few improved rows. */
  check_campaign (&school, school.protection, counts, &improved);
  g_assert_cmpuint (improved, >, 0);
  g_assert_cmpuint (improved, <, counts[ORGA_PARTICIPATION_SHARED] / 4);
  g_assert_cmpuint (counts[ORGA_PARTICIPATION_STARTED], >, 0);
  g_assert_cmpuint (counts[ORGA_PARTICIPATION_TO_SHARE], >, 0);

  /* External ids are filled when the campaign asks for one. */
  protection = load_all (&school, school.protection);
  for (guint i = 0; i < orga_participation_set_get_n (protection); i++)
    {
      const OrgaParticipation *p = orga_participation_set_get (protection, i);

      g_assert_nonnull (p->external_id);
      g_assert_cmpuint (strlen (p->external_id), >, 0);
      if (!p->is_improved && p->status == ORGA_PARTICIPATION_SHARED)
        {
          int k = p->division[0] == '6' ? 0 : p->division[0] == '3' ? 1 : -1;

          if (k >= 0)
            {
              by_grade[k] += p->mastery_rate;
              n_by_grade[k]++;
            }
        }
    }
  /* Older students do better on the same campaign. */
  g_assert_cmpuint (n_by_grade[0], >, 20);
  g_assert_cmpuint (n_by_grade[1], >, 20);
  g_assert_cmpfloat (by_grade[1] / n_by_grade[1], >, by_grade[0] / n_by_grade[0] + 0.03);

  /* Profiles: no STARTED, some waiting, some improved. */
  check_campaign (&school, school.profiles, counts, &improved);
  g_assert_cmpuint (counts[ORGA_PARTICIPATION_STARTED], ==, 0);
  g_assert_cmpuint (counts[ORGA_PARTICIPATION_TO_SHARE], >, 0);
  g_assert_cmpuint (counts[ORGA_PARTICIPATION_SHARED], >, 0);
  g_assert_cmpuint (improved, >, 0);
  profiles = load_all (&school, school.profiles);
  {
    guint certifiable = 0, not_certifiable = 0;

    for (guint i = 0; i < orga_participation_set_get_n (profiles); i++)
      {
        const OrgaParticipation *p = orga_participation_set_get (profiles, i);

        certifiable += p->is_certifiable == 1;
        not_certifiable += p->is_certifiable == 0;
      }
    /* Both kinds occur. */
    g_assert_cmpuint (certifiable, >, 0);
    g_assert_cmpuint (not_certifiable, >, 0);
  }

  /* The charts have something to show: results spread over several bars. */
  {
    guint buckets[ORGA_STATS_N_BUCKETS];
    guint used = 0;

    orga_stats_distribution (protection, buckets);
    for (guint b = 0; b < ORGA_STATS_N_BUCKETS; b++)
      used += buckets[b] > 0;
    g_assert_cmpuint (used, >=, 5);
  }

  school_close (&school);
}

static void
test_real_participations_kept (void)
{
  School school = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(OrgaParticipationSet) real = NULL;
  g_autoptr(OrgaParticipationSet) after = NULL;
  g_autoptr(OrgaLearnerList) list = NULL;
  g_autoptr(OrgaLearner) last = NULL;
  guint8 results[64] = { 0 };
  OrgaParticipation p = { 0 };
  guint found = 0;

  school_open (&school, TRUE, TRUE);

  /* A real, finished participation of one 6e student. */
  list = orga_learner_list_new (school.store, school.org);
  orga_learner_list_set_sort (list, ORGA_LEARNER_SORT_DIVISION, TRUE);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), >, 0);
  last = g_list_model_get_item (G_LIST_MODEL (list), g_list_model_get_n_items (G_LIST_MODEL (list)) - 1);
  real = orga_participation_set_new (orga_campaign_get_target_profile (school.rentree)->n_tubes);
  p.learner_id = orga_learner_get_id (last);
  p.status = ORGA_PARTICIPATION_SHARED;
  p.created_at = NOW - 10 * DAY;
  p.shared_at = NOW - 10 * DAY + 1800;
  p.progression = 1;
  p.is_certifiable = -1;
  p.results = results;
  orga_participation_set_add (real, &p);
  g_assert_true (orga_store_add_participations (school.store, school.rentree, real, &error));
  g_assert_no_error (error);

  /* Twice, since the second run first removes the first's rows. */
  fill (&school, 5, NULL);
  fill (&school, 6, NULL);

  after = load_all (&school, school.rentree);
  for (guint i = 0; i < orga_participation_set_get_n (after); i++)
    {
      const OrgaParticipation *q = orga_participation_set_get (after, i);

      if (q->learner_id != p.learner_id)
        continue;
      found++;
      g_assert_false (q->is_demo);
      g_assert_false (q->is_improved);
      g_assert_cmpint (q->created_at, ==, p.created_at);
    }
  g_assert_cmpuint (found, ==, 1);

  school_close (&school);
}

/* Nothing to draw: refused with the reason, and the database as it was
 * (the earlier demonstration data kept). */
static void
assert_nothing_drawn (School     *school,
                      guint32     seed,
                      const char *reason)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *before = dump_school (school);
  g_autofree char *after = NULL;
  OrgaDemoResult result = { 7, 7 };

  g_assert_false (orga_demo_fill_at (school->store, school->org, seed, NOW, &result, &error));
  g_assert_error (error, ORGA_STORE_ERROR, ORGA_STORE_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, reason));
  g_assert_cmpuint (result.participations, ==, 0);
  after = dump_school (school);
  g_assert_cmpstr (after, ==, before);
}

static void
test_nothing_drawn (void)
{
  School school = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(OrgaParticipationSet) real = NULL;
  g_autoptr(OrgaLearnerList) list = NULL;
  g_autoptr(OrgaLearner) only = NULL;
  g_autofree char *file = generate_students (1);
  g_autofree char *update = NULL;
  g_autoptr(OrgaImporter) importer = NULL;
  g_autoptr(OrgaImportReport) report = NULL;
  g_autofree guint8 *results = NULL;
  OrgaParticipation p = { 0 };
  guint32 empty_seed = 0;
  guint drawn = 0;
  sqlite3 *db = NULL;

  /* One student and one active campaign, so that some seeds draw nobody. */
  school_open (&school, FALSE, TRUE);
  g_assert_true (orga_store_archive_campaign (school.store, orga_campaign_get_id (school.protection),
                                              "Claire Directrice", &error));
  g_assert_true (orga_store_archive_campaign (school.store, orga_campaign_get_id (school.profiles),
                                              "Claire Directrice", &error));
  g_assert_no_error (error);
  importer = orga_importer_new (school.db, file);
  report = orga_importer_run (importer, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (orga_import_report_get_status (report), ==, ORGA_IMPORT_STATUS_IMPORTED);

  for (guint32 seed = 1; seed <= 200 && (empty_seed == 0 || drawn == 0); seed++)
    {
      g_autoptr(GError) seed_error = NULL;

      if (orga_demo_fill_at (school.store, school.org, seed, NOW, NULL, &seed_error))
        drawn++;
      else if (empty_seed == 0)
        empty_seed = seed;
    }
  g_assert_cmpuint (drawn, >, 0);
  g_assert_cmpuint (empty_seed, >, 0);
  assert_nothing_drawn (&school, empty_seed, "aucun élève n’a été tiré au sort avec cette graine");

  /* The student took part for real in the active campaign (after the
   * demonstration, which Pix would refuse in a campaign of one sending). */
  g_assert_true (orga_store_delete_demo_data (school.store, school.org, &error));
  g_assert_no_error (error);
  list = orga_learner_list_new (school.store, school.org);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 1);
  only = g_list_model_get_item (G_LIST_MODEL (list), 0);
  results = g_malloc0 (orga_campaign_get_target_profile (school.rentree)->n_tubes);
  p.learner_id = orga_learner_get_id (only);
  p.status = ORGA_PARTICIPATION_STARTED;
  p.created_at = NOW - 10 * DAY;
  p.is_certifiable = -1;
  p.results = results;
  real = orga_participation_set_new (orga_campaign_get_target_profile (school.rentree)->n_tubes);
  orga_participation_set_add (real, &p);
  g_assert_true (orga_store_add_participations (school.store, school.rentree, real, &error));
  g_assert_no_error (error);
  for (guint32 seed = 1; seed <= 20; seed++)
    assert_nothing_drawn (&school, seed, "ont tous déjà participé pour de vrai");

  /* The campaign's profile gone from the catalogue. */
  g_assert_cmpint (sqlite3_open (school.db, &db), ==, SQLITE_OK);
  update = g_strdup_printf ("UPDATE campaigns SET target_profile_id = 'gone' WHERE id = %" G_GINT64_FORMAT,
                            orga_campaign_get_id (school.rentree));
  g_assert_cmpint (sqlite3_exec (db, update, NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);
  assert_nothing_drawn (&school, 1, "ne sont plus au catalogue");

  school_close (&school);
}

/* ------------------------------------------------------------------ */
/* Heat map                                                             */
/* ------------------------------------------------------------------ */

/* The heat map's cell recomputed from the loaded participations. */
static double
expected_cell (School     *school,
               const char *division,
               guint       competence,
               guint      *count)
{
  OrgaCampaign *campaigns[] = { school->rentree, school->protection };
  double sum = 0;

  *count = 0;
  for (guint k = 0; k < G_N_ELEMENTS (campaigns); k++)
    {
      g_autoptr(OrgaParticipationSet) set = load_all (school, campaigns[k]);
      const OrgaTargetProfile *profile = orga_campaign_get_target_profile (campaigns[k]);

      for (guint i = 0; i < orga_participation_set_get_n (set); i++)
        {
          const OrgaParticipation *p = orga_participation_set_get (set, i);
          guint validated[ORGA_FRAMEWORK_N_COMPETENCES];
          guint targeted[ORGA_FRAMEWORK_N_COMPETENCES];

          if (p->is_improved || p->status != ORGA_PARTICIPATION_SHARED || strcmp (p->division, division) != 0)
            continue;
          orga_stats_participation_competences (profile, p, validated, targeted);
          if (targeted[competence] == 0)
            continue;
          sum += (double)validated[competence] / targeted[competence];
          (*count)++;
        }
    }

  return *count > 0 ? sum / *count : NAN;
}

static void
test_heat_map (void)
{
  School school = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(OrgaClassHeatMap) empty = NULL;
  g_autoptr(OrgaClassHeatMap) map = NULL;
  g_autoptr(OrgaClassHeatMap) archived = NULL;
  g_autoptr(OrgaClassHeatMap) deleted = NULL;
  g_auto(GStrv) divisions = NULL;
  guint targeted_rentree[ORGA_FRAMEWORK_N_COMPETENCES];
  guint targeted_protection[ORGA_FRAMEWORK_N_COMPETENCES];
  guint n_values = 0;
  gint64 protection_id;

  school_open (&school, TRUE, TRUE);

  /* Before any participation: every class, nothing but NAN. */
  empty = orga_class_heat_map_compute (school.store, school.org, NULL, &error);
  g_assert_no_error (error);
  divisions = orga_store_list_divisions (school.store, school.org, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (empty->n_classes, ==, g_strv_length (divisions));
  for (guint i = 0; i < empty->n_classes * ORGA_FRAMEWORK_N_COMPETENCES; i++)
    {
      g_assert_true (isnan (empty->values[i]));
      g_assert_cmpuint (empty->counts[i], ==, 0);
    }

  fill (&school, 77, NULL);
  map = orga_class_heat_map_compute (school.store, school.org, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (map->n_classes, ==, g_strv_length (divisions));
  g_assert_null (map->classes[map->n_classes]);

  orga_target_profile_count_by_competence (orga_campaign_get_target_profile (school.rentree), targeted_rentree);
  orga_target_profile_count_by_competence (orga_campaign_get_target_profile (school.protection), targeted_protection);

  for (guint k = 0; k < map->n_classes; k++)
    {
      /* Natural order: 6A, 6B, … as the store sorts classes. */
      if (k > 0)
        g_assert_cmpint (orga_store_compare_divisions (map->classes[k - 1], map->classes[k]), <, 0);
      g_assert_cmpstr (map->classes[k], ==, divisions[k]);

      for (guint c = 0; c < ORGA_FRAMEWORK_N_COMPETENCES; c++)
        {
          double v = orga_class_heat_map_get (map, k, c);
          gboolean assessed = targeted_protection[c] > 0 || (map->classes[k][0] == '6' && targeted_rentree[c] > 0);

          if (!assessed)
            {
              /* No assessment of this competence for this class (the
               * profiles collection does not count). */
              g_assert_true (isnan (v));
              g_assert_cmpuint (map->counts[k * ORGA_FRAMEWORK_N_COMPETENCES + c], ==, 0);
              continue;
            }

          g_assert_false (isnan (v));
          g_assert_cmpfloat (v, >=, 0.0);
          g_assert_cmpfloat (v, <=, 1.0);
          g_assert_cmpuint (map->counts[k * ORGA_FRAMEWORK_N_COMPETENCES + c], >, 0);
          n_values++;
        }
    }
  g_assert_cmpuint (n_values, >, 0);

  /* A few cells recomputed from the participations. */
  for (guint k = 0; k < map->n_classes; k += 7)
    for (guint c = 0; c < ORGA_FRAMEWORK_N_COMPETENCES; c++)
      {
        guint count;
        double v = expected_cell (&school, map->classes[k], c, &count);

        g_assert_cmpuint (map->counts[k * ORGA_FRAMEWORK_N_COMPETENCES + c], ==, count);
        if (isnan (v))
          g_assert_true (isnan (orga_class_heat_map_get (map, k, c)));
        else
          g_assert_cmpfloat_with_epsilon (orga_class_heat_map_get (map, k, c), v, 1e-9);
      }

  /* An archived campaign still counts. */
  protection_id = orga_campaign_get_id (school.protection);
  g_assert_true (orga_store_archive_campaign (school.store, protection_id, "Claire Directrice", &error));
  g_assert_no_error (error);
  archived = orga_class_heat_map_compute (school.store, school.org, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (archived->n_classes, ==, map->n_classes);
  g_assert_cmpmem (archived->counts, map->n_classes * ORGA_FRAMEWORK_N_COMPETENCES * sizeof (guint),
                   map->counts, map->n_classes * ORGA_FRAMEWORK_N_COMPETENCES * sizeof (guint));

  /* A deleted one does not: only the 6e rows of rentrée 6e remain. */
  g_assert_true (orga_store_delete_campaigns (school.store, &protection_id, 1, "Claire Directrice", &error));
  g_assert_no_error (error);
  deleted = orga_class_heat_map_compute (school.store, school.org, NULL, &error);
  g_assert_no_error (error);
  for (guint k = 0; k < deleted->n_classes; k++)
    for (guint c = 0; c < ORGA_FRAMEWORK_N_COMPETENCES; c++)
      {
        double v = orga_class_heat_map_get (deleted, k, c);

        if (deleted->classes[k][0] == '6' && targeted_rentree[c] > 0)
          g_assert_false (isnan (v));
        else
          g_assert_true (isnan (v));
      }

  school_close (&school);
}

static void
test_cancelled_heat_map (void)
{
  School school = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  OrgaClassHeatMap *map;

  school_open (&school, TRUE, TRUE);
  g_cancellable_cancel (cancellable);
  map = orga_class_heat_map_compute (school.store, school.org, cancellable, &error);
  g_assert_null (map);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);

  school_close (&school);
}

typedef struct
{
  gboolean  done;
  gpointer  result;
  GError   *error;
} Loaded;

static void
heat_map_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  Loaded *loaded = user_data;

  loaded->result = orga_class_heat_map_compute_finish (result, &loaded->error);
  loaded->done = TRUE;
}

static void
campaign_data_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  Loaded *loaded = user_data;

  loaded->result = orga_campaign_data_load_finish (result, &loaded->error);
  loaded->done = TRUE;
}

static void
wait_loaded (Loaded *loaded)
{
  g_assert_false (loaded->done);
  while (!loaded->done)
    g_main_context_iteration (NULL, TRUE);
}

/* The heat-map page's computation, in a thread on a connection of its
 * own: the same map as on the caller's connection. */
static void
test_heat_map_async (void)
{
  School school = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(OrgaClassHeatMap) map = NULL;
  g_autoptr(OrgaClassHeatMap) async_map = NULL;
  Loaded loaded = { 0 };
  Loaded cancelled = { 0 };
  gsize cells;

  school_open (&school, TRUE, TRUE);
  fill (&school, 77, NULL);
  map = orga_class_heat_map_compute (school.store, school.org, NULL, &error);
  g_assert_no_error (error);

  orga_class_heat_map_compute_async (school.store, school.org, NULL, heat_map_cb, &loaded);
  wait_loaded (&loaded);
  g_assert_no_error (loaded.error);
  async_map = loaded.result;
  g_assert_nonnull (async_map);
  g_assert_cmpuint (async_map->n_classes, ==, map->n_classes);
  g_assert_cmpuint (map->n_classes, >, 0);
  cells = map->n_classes * ORGA_FRAMEWORK_N_COMPETENCES;
  g_assert_cmpmem (async_map->counts, cells * sizeof (guint), map->counts, cells * sizeof (guint));
  for (guint k = 0; k < map->n_classes; k++)
    g_assert_cmpstr (async_map->classes[k], ==, map->classes[k]);
  for (gsize i = 0; i < cells; i++)
    g_assert_true ((isnan (async_map->values[i]) && isnan (map->values[i])) ||
                   async_map->values[i] == map->values[i]);

  g_cancellable_cancel (cancellable);
  orga_class_heat_map_compute_async (school.store, school.org, cancellable, heat_map_cb, &cancelled);
  wait_loaded (&cancelled);
  g_assert_null (cancelled.result);
  g_assert_error (cancelled.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&cancelled.error);

  school_close (&school);
}

/* A campaign's page loads its data the same way: the figures of the
 * synchronous load; a campaign that is not there is an error. */
static void
test_campaign_data_async (void)
{
  School school = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(OrgaCampaignData) data = NULL;
  g_autoptr(OrgaCampaignData) async_data = NULL;
  Loaded loaded = { 0 };
  Loaded missing = { 0 };

  school_open (&school, TRUE, TRUE);
  fill (&school, 77, NULL);
  data = orga_campaign_data_new (school.store, school.protection, NULL, &error);
  g_assert_no_error (error);

  orga_campaign_data_load_async (school.store, orga_campaign_get_id (school.protection), NULL,
                                 campaign_data_cb, &loaded);
  wait_loaded (&loaded);
  g_assert_no_error (loaded.error);
  async_data = loaded.result;
  g_assert_nonnull (async_data);
  g_assert_cmpint (orga_campaign_get_id (async_data->campaign), ==, orga_campaign_get_id (school.protection));
  g_assert_cmpuint (async_data->n_participants, >, 0);
  g_assert_cmpuint (async_data->n_participants, ==, data->n_participants);
  g_assert_cmpmem (async_data->status_counts, sizeof data->status_counts,
                   data->status_counts, sizeof data->status_counts);
  g_assert_cmpuint (orga_participation_set_get_n (async_data->participations), ==,
                    orga_participation_set_get_n (data->participations));
  g_assert_true (async_data->is_demo);

  orga_campaign_data_load_async (school.store, 999999, NULL, campaign_data_cb, &missing);
  wait_loaded (&missing);
  g_assert_null (missing.result);
  g_assert_error (missing.error, ORGA_CAMPAIGN_ERROR, ORGA_CAMPAIGN_ERROR_NOT_FOUND);
  g_clear_error (&missing.error);

  school_close (&school);
}

/* A failure while the new data is written (here the profiles collection,
 * refused by a trigger) leaves the database exactly as it was: the old
 * demonstration data is still there, nothing new. */
static void
test_all_or_nothing (void)
{
  School school = { 0 };
  g_autoptr(GError) error = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autofree char *trigger = NULL;
  sqlite3 *db = NULL;

  school_open (&school, TRUE, TRUE);
  fill (&school, 1, NULL);
  before = dump_school (&school);

  g_assert_cmpint (sqlite3_open (school.db, &db), ==, SQLITE_OK);
  trigger = g_strdup_printf ("CREATE TRIGGER refuse BEFORE INSERT ON participations "
                             "WHEN NEW.campaign_id = %" G_GINT64_FORMAT " "
                             "BEGIN SELECT RAISE (ABORT, 'refused'); END;",
                             orga_campaign_get_id (school.profiles));
  g_assert_cmpint (sqlite3_exec (db, trigger, NULL, NULL, NULL), ==, SQLITE_OK);

  g_assert_false (orga_demo_fill_at (school.store, school.org, 2, NOW, NULL, &error));
  g_assert_nonnull (error);
  after = dump_school (&school);
  g_assert_cmpstr (after, ==, before);

  /* And the store is usable again: the same run, unhindered, succeeds. */
  g_assert_cmpint (sqlite3_exec (db, "DROP TRIGGER refuse", NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);
  fill (&school, 2, NULL);
  g_clear_pointer (&after, g_free);
  after = dump_school (&school);
  g_assert_cmpstr (after, !=, before);

  school_close (&school);
}

int
main (int   argc,
      char *argv[])
{
  orga_test_init (&argc, &argv);

  g_test_add_func ("/demo/no-campaign", test_no_campaign);
  g_test_add_func ("/demo/no-student", test_no_student);
  g_test_add_func ("/demo/deterministic-and-replaced", test_deterministic_and_replaced);
  g_test_add_func ("/demo/plausible", test_plausible);
  g_test_add_func ("/demo/real-participations-kept", test_real_participations_kept);
  g_test_add_func ("/demo/all-or-nothing", test_all_or_nothing);
  g_test_add_func ("/demo/nothing-drawn", test_nothing_drawn);
  g_test_add_func ("/heat-map/values", test_heat_map);
  g_test_add_func ("/heat-map/cancelled", test_cancelled_heat_map);
  g_test_add_func ("/heat-map/async", test_heat_map_async);
  g_test_add_func ("/campaign-data/async", test_campaign_data_async);

  return g_test_run ();
}
