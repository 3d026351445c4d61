/* sync-bench.c: the sync's figures (issue 10, item 7)
 *
 *   sync-bench [--no-big]
 *
 * Against the real pixorga-server ($PIXORGA_SERVER) on loopback, on
 * SQLite, or on PostgreSQL when PIXORGA_TEST_PG_URI is set (the harness
 * of tests/sync-test-util.c starts it):
 *
 * 1. Pushing a 2,000-student import: the push built from the outbox,
 *    sent, and its answer applied (then the run that pulls its rows back).
 * 2. Pulling 10,000 participations (2,000 students × 5 campaigns) into a
 *    desktop database that already has the students and campaigns, with
 *    OrgaSync as the app does; against inserting the same rows locally in
 *    one transaction (orga_store_add_participations()) into a copy of the
 *    same database, in the same run. Median of 3; targets ≤ 1 s and
 *    ≤ 3 × the local insert.
 * 3. One server holding 1,000 schools of 1,000 students (generated
 *    straight into its database, the server stopped meanwhile): the p99
 *    of a pull with nothing new and of a pull of one class's
 *    participations, over 300 requests each.
 *
 * A measurement, not a test: it prints PASS/FAIL against the targets and
 * succeeds whenever it could measure.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <libsoup/soup.h>
#include <stdio.h>
#include <string.h>

#include "orga-importer.h"
#include "orga-json.h"
#include "orga-server-db.h"
#include "orga-store-campaigns.h"
#include "orga-store-sync.h"
#include "orga-sync.h"
#include "orga-target-profile.h"
#include "sync-test-util.h"

#define PROFILE "rentree-6e"
#define N_STUDENTS 2000
#define N_CAMPAIGNS 5
#define REPEAT 3
#define N_SCHOOLS 1000
#define N_PER_SCHOOL 1000
#define N_CLASSES 33          /* ~30 students a class */
#define N_REQUESTS 300

static double
now_ms (void)
{
  return g_get_monotonic_time () / 1000.0;
}

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return x < y ? -1 : x > y;
}

static double
median (double *values,
        guint   n)
{
  qsort (values, n, sizeof (double), compare_doubles);
  return values[n / 2];
}

/* ---- a school's list and campaigns --------------------------------------- */

static char *
write_siecle (const char *uai,
              guint       n)
{
  static const char * const last[] = { "MARTIN", "BERNARD", "DUBOIS", "THOMAS", "ROBERT", "PETIT",
                                       "DURAND", "LEROY", "MOREAU", "SIMON", "LAURENT", "LEFÈVRE" };
  static const char * const first[] = { "Emma", "Léo", "Chloé", "Jules", "Inès", "Hugo", "Zoé",
                                        "Noé", "Anaïs", "Maël", "Éloïse", "Théo" };
  g_autoptr(GString) d = g_string_new (NULL);
  g_autofree char *path = g_build_filename (sync_test_get_temp_dir (), "bench.xml", NULL);
  g_autoptr(GError) error = NULL;

  g_string_append_printf (d, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<BEE_ELEVES VERSION=\"2.1\">\n"
                             "<PARAMETRES><UAJ>%s</UAJ></PARAMETRES>\n<DONNEES>\n<ELEVES>\n", uai);
  for (guint i = 0; i < n; i++)
    g_string_append_printf (d,
                            "<ELEVE ELEVE_ID=\"%u\"><ID_NATIONAL>%010u%c</ID_NATIONAL>"
                            "<NOM_DE_FAMILLE>%s</NOM_DE_FAMILLE><PRENOM>%s</PRENOM><CODE_SEXE>%u</CODE_SEXE>"
                            "<DATE_NAISS>05/03/2012</DATE_NAISS><CODE_PAYS>100</CODE_PAYS>"
                            "<CODE_DEPARTEMENT_NAISS>033</CODE_DEPARTEMENT_NAISS>"
                            "<CODE_COMMUNE_INSEE_NAISS>33318</CODE_COMMUNE_INSEE_NAISS>"
                            "<CODE_MEF>10010012110</CODE_MEF><CODE_STATUT>ST</CODE_STATUT></ELEVE>\n",
                            1000 + i, 1234500000 + i, "ABCDEFGHJKLMNPRSTUVWXYZ"[i % 23],
                            last[i % G_N_ELEMENTS (last)], first[(i / 7) % G_N_ELEMENTS (first)], 1 + i % 2);
  g_string_append (d, "</ELEVES>\n<STRUCTURES>\n");
  for (guint i = 0; i < n; i++)
    g_string_append_printf (d,
                            "<STRUCTURES_ELEVE ELEVE_ID=\"%u\"><STRUCTURE><CODE_STRUCTURE>%u%c</CODE_STRUCTURE>"
                            "<TYPE_STRUCTURE>D</TYPE_STRUCTURE></STRUCTURE></STRUCTURES_ELEVE>\n",
                            1000 + i, 6 - (i / 500) % 4, 'A' + (char) ((i / 28) % 8));
  g_string_append (d, "</STRUCTURES>\n</DONNEES>\n</BEE_ELEVES>\n");

  g_file_set_contents (path, d->str, d->len, &error);
  g_assert_no_error (error);
  return g_steal_pointer (&path);
}

/* A sync as sync_test_desktop_sync() runs it, with more than its minute:
 * under valgrind (--tool=callgrind, the steady figures) a pull of 10,000
 * rows takes that long. */
static OrgaSyncReport *
sync_ok (SyncTestDesktop *desktop)
{
  g_autoptr(OrgaSync) sync = orga_sync_new (desktop->store, desktop->client);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  OrgaSyncReport *report;

  orga_sync_run_async (sync, desktop->school, NULL, sync_test_result_cb, &result);
  report = orga_sync_run_finish (sync, sync_test_wait (&result, 30 * 60 * 1000), &error);
  g_assert_no_error (error);
  if (report->status != ORGA_SYNC_STATUS_OK)
    g_error ("%s: %s", desktop->name, report->error_message);
  return report;
}

typedef struct
{
  GHashTable *ids;      /* uuid → local id */
  GPtrArray  *uuids;
} Learners;

static gboolean
collect_learner (const OrgaLearnerRow *row,
                 gpointer              user_data)
{
  Learners *learners = user_data;

  g_hash_table_insert (learners->ids, g_strdup (row->uuid), GINT_TO_POINTER ((int) row->id));
  g_ptr_array_add (learners->uuids, g_strdup (row->uuid));
  return TRUE;
}

static void
load_learners (SyncTestDesktop *desktop,
               Learners        *learners)
{
  OrgaLearnerQuery query = { FALSE, NULL };
  g_autoptr(GError) error = NULL;

  learners->ids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  learners->uuids = g_ptr_array_new_with_free_func (g_free);
  orga_store_foreach_learner (desktop->store, desktop->school, &query, collect_learner, learners, &error);
  g_assert_no_error (error);
}

static GPtrArray *
list_campaigns (SyncTestDesktop *desktop)
{
  OrgaCampaignQuery query = { FALSE, NULL, NULL, NULL };
  g_autoptr(GError) error = NULL;
  GPtrArray *campaigns = orga_store_list_campaigns (desktop->store, desktop->school, &query, &error);

  g_assert_no_error (error);
  return campaigns;
}

/* The participation of student @i in campaign @c, the same in both
 * forms. */
static void
fill_participation (guint              i,
                    guint              c,
                    OrgaParticipation *p,
                    guint8            *results,
                    guint              n_results)
{
  const OrgaTargetProfile *profile = orga_target_profile_find (PROFILE);

  memset (p, 0, sizeof *p);
  p->status = (i + c) % 5 == 0 ? ORGA_PARTICIPATION_STARTED : ORGA_PARTICIPATION_SHARED;
  p->created_at = 1788000000 + i * 60 + c;
  p->shared_at = p->status == ORGA_PARTICIPATION_SHARED ? p->created_at + 1800 : 0;
  p->mastery_rate = ((i * 7 + c * 13) % 100) / 100.0;
  p->progression = p->status == ORGA_PARTICIPATION_SHARED ? 1.0 : 0.5;
  p->pix_score = (i + c) % 300;
  p->validated_skills = (i + c) % 40;
  p->is_certifiable = -1;
  p->attempt = 1;
  for (guint t = 0; t < n_results; t++)
    results[t] = orga_target_profile_tube_skills (profile, t) & (guint8) ((i + t) % 8);
  p->results = results;
}

static char *
iso_time (gint64 unix_seconds)
{
  g_autoptr(GDateTime) time = g_date_time_new_from_unix_utc (unix_seconds);

  return g_date_time_format (time, "%Y-%m-%dT%H:%M:%S.000000Z");
}

static JsonNode *
participation_rows (GPtrArray *campaign_uuids,
                    GPtrArray *learner_uuids)
{
  const OrgaTargetProfile *profile = orga_target_profile_find (PROFILE);
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autofree guint8 *results = g_new0 (guint8, profile->n_tubes);

  json_builder_begin_array (builder);
  for (guint c = 0; c < campaign_uuids->len; c++)
    for (guint i = 0; i < learner_uuids->len; i++)
      {
        OrgaParticipation p;
        g_autofree char *uuid = g_uuid_string_random ();
        g_autofree char *created_at = NULL;
        g_autofree char *results64 = NULL;

        fill_participation (i, c, &p, results, profile->n_tubes);
        created_at = iso_time (p.created_at);
        results64 = g_base64_encode (results, profile->n_tubes);

        json_builder_begin_object (builder);
        json_builder_set_member_name (builder, "uuid");
        json_builder_add_string_value (builder, uuid);
        json_builder_set_member_name (builder, "campaign");
        json_builder_add_string_value (builder, g_ptr_array_index (campaign_uuids, c));
        json_builder_set_member_name (builder, "learner");
        json_builder_add_string_value (builder, g_ptr_array_index (learner_uuids, i));
        json_builder_set_member_name (builder, "status");
        json_builder_add_string_value (builder, orga_participation_status_to_string (p.status));
        json_builder_set_member_name (builder, "created_at");
        json_builder_add_string_value (builder, created_at);
        json_builder_set_member_name (builder, "shared_at");
        if (p.shared_at != 0)
          {
            g_autofree char *shared_at = iso_time (p.shared_at);

            json_builder_add_string_value (builder, shared_at);
          }
        else
          json_builder_add_null_value (builder);
        json_builder_set_member_name (builder, "mastery_rate");
        json_builder_add_double_value (builder, p.mastery_rate);
        json_builder_set_member_name (builder, "progression");
        json_builder_add_double_value (builder, p.progression);
        json_builder_set_member_name (builder, "pix_score");
        json_builder_add_int_value (builder, p.pix_score);
        json_builder_set_member_name (builder, "validated_skills");
        json_builder_add_int_value (builder, p.validated_skills);
        json_builder_set_member_name (builder, "is_certifiable");
        json_builder_add_null_value (builder);
        json_builder_set_member_name (builder, "is_improved");
        json_builder_add_boolean_value (builder, FALSE);
        json_builder_set_member_name (builder, "attempt");
        json_builder_add_int_value (builder, 1);
        json_builder_set_member_name (builder, "external_id");
        json_builder_add_null_value (builder);
        json_builder_set_member_name (builder, "deleted_at");
        json_builder_add_null_value (builder);
        json_builder_set_member_name (builder, "deleted_by");
        json_builder_add_null_value (builder);
        json_builder_set_member_name (builder, "results");
        json_builder_add_string_value (builder, results64);
        json_builder_end_object (builder);
      }
  json_builder_end_array (builder);
  return json_builder_get_root (builder);
}

/* The same rows inserted locally, in one transaction. Not inlined, nor
 * the pull: callgrind's --dump-before/--dump-after=<function> count each
 * alone. */
G_GNUC_NO_INLINE static double
insert_locally (SyncTestDesktop *desktop,
                GPtrArray       *learner_uuids)
{
  const OrgaTargetProfile *profile = orga_target_profile_find (PROFILE);
  g_autoptr(GPtrArray) campaigns = list_campaigns (desktop);
  g_autofree guint8 *results = g_new0 (guint8, profile->n_tubes);
  g_autoptr(GPtrArray) sets = g_ptr_array_new_with_free_func (g_object_unref);
  Learners learners;
  g_autoptr(GError) error = NULL;
  double start, end;

  load_learners (desktop, &learners);
  g_assert_cmpuint (campaigns->len, ==, N_CAMPAIGNS);

  /* The sets are built before the clock starts: the store's work only. */
  for (guint c = 0; c < campaigns->len; c++)
    {
      OrgaParticipationSet *set = orga_participation_set_new (profile->n_tubes);

      for (guint i = 0; i < learner_uuids->len; i++)
        {
          OrgaParticipation p;

          fill_participation (i, c, &p, results, profile->n_tubes);
          p.learner_id = GPOINTER_TO_INT (g_hash_table_lookup (learners.ids, g_ptr_array_index (learner_uuids, i)));
          g_assert_cmpint (p.learner_id, >, 0);
          orga_participation_set_add (set, &p);
        }
      g_ptr_array_add (sets, set);
    }

  start = now_ms ();
  g_assert_true (orga_store_begin (desktop->store, &error));
  for (guint c = 0; c < campaigns->len; c++)
    {
      orga_store_add_participations (desktop->store, g_ptr_array_index (campaigns, c),
                                     g_ptr_array_index (sets, c), &error);
      g_assert_no_error (error);
    }
  g_assert_true (orga_store_commit (desktop->store, &error));
  end = now_ms ();

  g_hash_table_unref (learners.ids);
  g_ptr_array_unref (learners.uuids);
  return end - start;
}

G_GNUC_NO_INLINE static OrgaSyncReport *
pull_measured (SyncTestDesktop *desktop)
{
  return sync_ok (desktop);
}

static void
bench_push_and_pull (SyncTestServer *server)
{
  g_autoptr(SyncTestSpace) space = sync_test_space_new (server);
  g_autoptr(SyncTestDesktop) office = sync_test_desktop_new (space, "secrétariat", TRUE);
  SyncTestDesktop *pullers[REPEAT], *inserters[REPEAT];
  g_autofree char *file = write_siecle (space->uai, N_STUDENTS);
  g_autoptr(OrgaImporter) importer = orga_importer_new (office->path, file);
  g_autoptr(OrgaImportReport) imported = NULL;
  g_autoptr(OrgaSyncReport) pulled_back = NULL;
  g_autoptr(JsonNode) push = NULL;
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GBytes) answer = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GPtrArray) campaigns = NULL;
  g_autoptr(GPtrArray) campaign_uuids = g_ptr_array_new ();
  g_autoptr(JsonNode) rows = NULL;
  Learners learners;
  double t0, t_build, t_post, t_apply, t_run;
  double pull_ms[REPEAT], insert_ms[REPEAT], ratio[REPEAT];
  guint n_applied = 0;
  gboolean needs_resync = FALSE;
  g_autoptr(GError) error = NULL;
  char *text;

  /* 1. The push of a 2,000-student import, step by step as OrgaSync
   * makes it (the build and the apply are store jobs there). */
  imported = orga_importer_run (importer, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (orga_import_report_get_status (imported), ==, ORGA_IMPORT_STATUS_IMPORTED);

  t0 = now_ms ();
  push = orga_store_sync_build_push (office->store, office->school, ORGA_SYNC_PUSH_MAX, &error);
  g_assert_no_error (error);
  text = orga_json_to_data (push, FALSE);
  body = g_bytes_new_take (text, strlen (text));
  t_build = now_ms () - t0;

  t0 = now_ms ();
  orga_client_sync_push_async (office->client, space->space_id, body, NULL, sync_test_result_cb, &result);
  answer = orga_client_sync_push_finish (office->client, sync_test_wait (&result, 120000), &error);
  g_assert_no_error (error);
  t_post = now_ms () - t0;

  t0 = now_ms ();
  {
    g_autoptr(JsonNode) root = orga_client_sync_parse_answer (answer, NULL, &error);

    g_assert_no_error (error);
    orga_store_sync_apply_push_answer (office->store, office->school, root, &n_applied, NULL, &needs_resync, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (n_applied, ==, 1);
  }
  t_apply = now_ms () - t0;

  t0 = now_ms ();
  pulled_back = sync_ok (office);
  t_run = now_ms () - t0;

  printf ("Push of a %u-student import (%.1f KiB): %.0f ms (build %.0f, send and server %.0f, apply the answer %.0f)\n",
          N_STUDENTS, g_bytes_get_size (body) / 1024.0, t_build + t_post + t_apply, t_build, t_post, t_apply);
  printf ("  then the run that pulls its %u rows back: %.0f ms\n", pulled_back->pulled, t_run);

  /* 2. Campaigns, then desktops that have everything but the
   * participations. */
  for (guint c = 0; c < N_CAMPAIGNS; c++)
    {
      OrgaCampaignSpec spec = { 0 };
      g_autofree char *name = g_strdup_printf ("Campagne %u", c + 1);
      g_autoptr(OrgaCampaign) campaign = NULL;

      spec.name = name;
      spec.type = ORGA_CAMPAIGN_TYPE_ASSESSMENT;
      spec.target_profile_id = PROFILE;
      spec.owner = "Anne Proviseur";
      spec.creator = "Anne Proviseur";
      campaign = orga_store_create_campaign (office->store, office->school, &spec, &error);
      g_assert_no_error (error);
    }
  orga_sync_report_free (sync_ok (office));

  for (guint r = 0; r < REPEAT; r++)
    {
      g_autofree char *a = g_strdup_printf ("pull-%u", r);
      g_autofree char *b = g_strdup_printf ("insert-%u", r);

      pullers[r] = sync_test_desktop_new (space, a, TRUE);
      inserters[r] = sync_test_desktop_new (space, b, TRUE);
      orga_sync_report_free (sync_ok (pullers[r]));
      orga_sync_report_free (sync_ok (inserters[r]));
    }

  load_learners (office, &learners);
  campaigns = list_campaigns (office);
  for (guint c = 0; c < campaigns->len; c++)
    g_ptr_array_add (campaign_uuids, (gpointer) orga_campaign_get_uuid (g_ptr_array_index (campaigns, c)));
  rows = participation_rows (campaign_uuids, learners.uuids);
  t0 = now_ms ();
  sync_test_server_import_participations (space, json_node_get_array (rows));
  printf ("(%u participations put on the server by `participations import` in %.0f ms)\n",
          json_array_get_length (json_node_get_array (rows)), now_ms () - t0);

  for (guint r = 0; r < REPEAT; r++)
    {
      g_autoptr(OrgaSyncReport) report = NULL;

      t0 = now_ms ();
      report = pull_measured (pullers[r]);
      pull_ms[r] = now_ms () - t0;
      g_assert_cmpuint (report->pulled, >=, N_STUDENTS * N_CAMPAIGNS);

      insert_ms[r] = insert_locally (inserters[r], learners.uuids);
      ratio[r] = pull_ms[r] / insert_ms[r];
      printf ("  round %u: pull of %u rows %.0f ms, local insert %.0f ms, ratio %.2f\n",
              r + 1, report->pulled, pull_ms[r], insert_ms[r], ratio[r]);
    }

  {
    double pull = median (pull_ms, REPEAT), insert = median (insert_ms, REPEAT), r = median (ratio, REPEAT);

    printf ("Pull of %u participations: %.0f ms (target <= 1000 ms: %s); local insert in one transaction: %.0f ms; "
            "ratio %.2f (target <= 3: %s)\n",
            N_STUDENTS * N_CAMPAIGNS, pull, pull <= 1000 ? "PASS" : "FAIL", insert, r, r <= 3 ? "PASS" : "FAIL");
  }

  for (guint r = 0; r < REPEAT; r++)
    {
      sync_test_desktop_free (pullers[r]);
      sync_test_desktop_free (inserters[r]);
    }
  g_hash_table_unref (learners.ids);
  g_ptr_array_unref (learners.uuids);
}

/* ---- 3. a server of 1,000 schools ---------------------------------------- */

static void
exec_sql (OrgaServerDb *db,
          const char   *sql,
          const char   *space_id)
{
  g_autoptr(GError) error = NULL;
  const char *params[] = { space_id };

  orga_server_db_exec (db, sql, params, space_id != NULL ? 1 : 0, NULL, &error);
  if (error != NULL)
    g_error ("%s\n%s", sql, error->message);
}

/* 999 more schools, 1,000 students each in every school of the bench
 * (the measured space included), a campaign each, and one class's
 * participations in the measured space, after everything else. */
static void
generate_schools (SyncTestServer *server,
                  const char     *space_id)
{
  g_autoptr(OrgaServerDb) db = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *schools = NULL;
  g_autofree char *learners = NULL;
  g_autofree char *campaigns = NULL;
  g_autofree char *seqs = NULL;
  double t0 = now_ms ();

  db = orga_server_db_open (sync_test_server_get_db (server), &error);
  g_assert_no_error (error);
  g_assert_true (orga_server_db_begin (db, &error));

  schools = g_strdup_printf (
    "INSERT INTO organizations (id, uai, name, email, kind, created_at, updated_at) "
    "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < %d) "
    "SELECT 'bench-school-' || i, 'B' || (1000000 + i), 'École ' || i, NULL, 'sco', "
    "'2026-09-01T08:00:00.000000Z', '2026-09-01T08:00:00.000000Z' FROM n", N_SCHOOLS - 1);
  exec_sql (db, schools, NULL);

  learners = g_strdup_printf (
    "INSERT INTO sync_learners (organization_id, uuid, ine, last_name, first_name, sex, birthdate, "
    "  mef_code, status, division, created_at, updated_at, removed, seq) "
    "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < %d) "
    "SELECT o.id, o.id || '-learner-' || n.i, 'I' || (100000000 + n.i), 'NOM' || n.i, 'Prénom' || n.i, "
    "  'F', '2012-03-05', '10010012110', 'ST', 'C' || (n.i %% %d), "
    "  '2026-09-01T08:00:00.000000Z', '2026-09-01T08:00:00.000000Z', 0, n.i "
    "FROM organizations o CROSS JOIN n WHERE o.id LIKE 'bench-school-%%' OR o.id = $1",
    N_PER_SCHOOL, N_CLASSES);
  exec_sql (db, learners, space_id);

  campaigns = g_strdup_printf (
    "INSERT INTO sync_campaigns (organization_id, uuid, code, name, type, target_profile_id, owner, "
    "  creator, multiple_sendings, created_at, updated_at, seq) "
    "SELECT o.id, o.id || '-campaign', 'BENCH' || o.uai, 'Rentrée', 'ASSESSMENT', '" PROFILE "', "
    "  'Anne Proviseur', 'Anne Proviseur', 0, '2026-09-02T08:00:00.000000Z', '2026-09-02T08:00:00.000000Z', %d "
    "FROM organizations o WHERE o.id LIKE 'bench-school-%%' OR o.id = $1", N_PER_SCHOOL + 1);
  exec_sql (db, campaigns, space_id);

  /* One class (C7) of the measured space took the campaign. */
  exec_sql (db,
            "INSERT INTO sync_participations (organization_id, uuid, campaign, learner, status, created_at, "
            "  shared_at, mastery_rate, progression, pix_score, validated_skills, is_certifiable, is_improved, "
            "  attempt, seq) "
            "SELECT l.organization_id, l.uuid || '-participation', l.organization_id || '-campaign', l.uuid, "
            "  'SHARED', '2026-09-14T08:30:00.000000Z', '2026-09-14T09:00:00.000000Z', 0.5, 1.0, 42, 12, "
            "  NULL, 0, 1, 2000 + l.seq "
            "FROM sync_learners l WHERE l.organization_id = $1 AND l.division = 'C7'",
            space_id);

  seqs = g_strdup_printf ("UPDATE organizations SET sync_seq = CASE WHEN id = $1 THEN 2000 + %d ELSE %d END "
                          "WHERE id LIKE 'bench-school-%%' OR id = $1", N_PER_SCHOOL, N_PER_SCHOOL + 1);
  exec_sql (db, seqs, space_id);

  g_assert_true (orga_server_db_commit (db, &error));
  {
    g_autoptr(OrgaServerRows) rows = orga_server_db_queryv (db, &error,
                                                            "SELECT count(*), count(DISTINCT organization_id) FROM sync_learners",
                                                            ORGA_SERVER_DB_END);

    g_assert_no_error (error);
    printf ("(%" G_GINT64_FORMAT " students in %" G_GINT64_FORMAT " schools generated in the server's database in %.1f s)\n",
            orga_server_rows_get_int (rows, 0, 0), orga_server_rows_get_int (rows, 0, 1), (now_ms () - t0) / 1000.0);
    g_assert_cmpint (orga_server_rows_get_int (rows, 0, 1), >=, N_SCHOOLS);
  }
}

/* The p99 of @n GET …/sync/changes?after=@after; checks each answer's
 * number of participations. */
static double
p99_of_pulls (SyncTestSpace *space,
              gint64         after,
              guint          expected_participations,
              double        *median_ms)
{
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autofree char *url = g_strdup_printf ("%s/api/v1/organizations/%s/sync/changes?protocol=%d&after=%" G_GINT64_FORMAT,
                                          sync_test_server_get_url (space->server), space->space_id,
                                          ORGA_SYNC_PROTOCOL, after);
  g_autofree char *authorization = g_strconcat ("Bearer ", space->admin_token, NULL);
  g_autofree double *times = g_new0 (double, N_REQUESTS);

  for (guint i = 0; i < N_REQUESTS + 10; i++)
    {
      g_autoptr(SoupMessage) msg = soup_message_new ("GET", url);
      g_autoptr(GBytes) body = NULL;
      g_autoptr(JsonNode) page = NULL;
      g_autoptr(GError) error = NULL;
      double t0 = now_ms ();

      soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization", authorization);
      body = soup_session_send_and_read (session, msg, NULL, &error);
      g_assert_no_error (error);
      g_assert_cmpuint (soup_message_get_status (msg), ==, 200);
      /* The first ten warm the connection and the caches. */
      if (i >= 10)
        times[i - 10] = now_ms () - t0;

      page = orga_client_sync_parse_answer (body, NULL, &error);
      g_assert_no_error (error);
      g_assert_cmpuint (json_array_get_length (json_object_get_array_member (json_node_get_object (page), "participations")),
                        ==, expected_participations);
    }

  qsort (times, N_REQUESTS, sizeof (double), compare_doubles);
  *median_ms = times[N_REQUESTS / 2];
  return times[(N_REQUESTS * 99) / 100];
}

static void
bench_big_server (SyncTestServer *server)
{
  g_autoptr(SyncTestSpace) space = sync_test_space_new (server);
  guint class_size = 0;
  double p99, med;

  sync_test_server_kill (server);
  generate_schools (server, space->space_id);
  sync_test_server_restart (server, NULL);

  for (guint i = 1; i <= N_PER_SCHOOL; i++)
    class_size += i % N_CLASSES == 7;

  p99 = p99_of_pulls (space, 2000 + N_PER_SCHOOL, 0, &med);
  printf ("%d schools of %d students: pull with nothing new: p99 %.1f ms (median %.1f ms) over %d requests\n",
          N_SCHOOLS, N_PER_SCHOOL, p99, med, N_REQUESTS);
  p99 = p99_of_pulls (space, N_PER_SCHOOL + 1, class_size, &med);
  printf ("%d schools of %d students: pull of one class's %u participations: p99 %.1f ms (median %.1f ms) over %d requests\n",
          N_SCHOOLS, N_PER_SCHOOL, class_size, p99, med, N_REQUESTS);
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(SyncTestServer) server = NULL;
  gboolean big = TRUE;

  for (int i = 1; i < argc; i++)
    if (g_str_equal (argv[i], "--no-big"))
      big = FALSE;
  argc = 1;
  sync_test_init (&argc, &argv);

  printf ("pixorga sync bench, server on %s\n", sync_test_is_postgres () ? "PostgreSQL" : "SQLite");
  server = sync_test_server_start (NULL);
  bench_push_and_pull (server);
  if (big)
    bench_big_server (server);
  return 0;
}
