/* test-sync.c: desktops that converge through a real pixorga-server
 *
 * OrgaSync over real HTTP on loopback against the real binary
 * ($PIXORGA_SERVER), on SQLite, and on PostgreSQL under tests/orga-pg.py
 * (sync-pg). The server, spaces and desktops come from the shared
 * harness (tests/sync-test-util.h). Each test has a space of its own: a
 * school with an administrator and a member, and desktop databases bound
 * to it; what they end with is compared row by row with the server's
 * state (the harness's dumps).
 *
 * The desktop's reaction to a server of another protocol version, or of
 * before the sync, is checked against a stand-in SoupServer that answers
 * as such a server would: no build of pixorga-server speaks another
 * version. The real server's own refusal of another version is checked
 * with a raw request.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <libsoup/soup.h>
#include <string.h>

#include "orga-importer.h"
#include "orga-json.h"
#include "orga-store-campaigns.h"
#include "orga-store-sync.h"
#include "orga-sync.h"
#include "orga-target-profile.h"
#include "sync-test-util.h"

#define PROFILE "rentree-6e"

#define MSG_MEMBER_IMPORT "Seuls les administrateurs de l'espace peuvent importer la liste des élèves."
#define MSG_OVERRIDDEN "Un import plus récent a été fait sur un autre poste le "
#define MSG_DELETED_SUFFIX "a été supprimée sur un autre poste : votre modification n'a pas été enregistrée."
#define MSG_NEWER_SERVER "Ce poste utilise la version 1 du protocole de synchronisation et le serveur la version 2 : mettez à jour PixOrga."
#define MSG_UNSUPPORTED "Ce serveur ne sait pas encore synchroniser : mettez-le à jour."

static SyncTestServer *server;

/* ------------------------------------------------------------------------
 * Helpers
 */

typedef struct
{
  const char *ine;
  const char *last_name;
  const char *first_name;
  const char *division;
} Student;

static const Student first_list[] = {
  { "1234567890A", "MARTIN", "Emma", "6A" },
  { "1234567891B", "BERNARD", "Léo", "6A" },
  { "1234567892C", "DUBOIS", "Chloé", "6B" },
};

/* The next year: one left, one new, one changed class. */
static const Student second_list[] = {
  { "1234567890A", "MARTIN", "Emma", "5A" },
  { "1234567891B", "BERNARD", "Léo", "6A" },
  { "1234567893D", "THOMAS", "Jules", "6B" },
};

static const Student other_list[] = {
  { "1234567894E", "PETIT", "Inès", "4C" },
  { "1234567890A", "MARTIN", "Emma", "4C" },
};

static char *
write_siecle (const char    *uai,
              const Student *students,
              guint          n)
{
  static guint counter;
  g_autoptr(GString) d = g_string_new (NULL);
  g_autofree char *name = g_strdup_printf ("sync-%u.xml", ++counter);
  g_autofree char *path = g_build_filename (sync_test_get_temp_dir (), name, NULL);
  g_autoptr(GError) error = NULL;

  g_string_append_printf (d, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<BEE_ELEVES VERSION=\"2.1\">\n"
                             "<PARAMETRES><UAJ>%s</UAJ></PARAMETRES>\n<DONNEES>\n<ELEVES>\n", uai);
  for (guint i = 0; i < n; i++)
    g_string_append_printf (d,
                            "<ELEVE ELEVE_ID=\"%u\">\n"
                            "<ID_NATIONAL>%s</ID_NATIONAL>\n"
                            "<NOM_DE_FAMILLE>%s</NOM_DE_FAMILLE>\n"
                            "<PRENOM>%s</PRENOM>\n"
                            "<CODE_SEXE>2</CODE_SEXE>\n"
                            "<DATE_NAISS>05/03/2012</DATE_NAISS>\n"
                            "<CODE_PAYS>100</CODE_PAYS>\n"
                            "<CODE_DEPARTEMENT_NAISS>033</CODE_DEPARTEMENT_NAISS>\n"
                            "<CODE_COMMUNE_INSEE_NAISS>33318</CODE_COMMUNE_INSEE_NAISS>\n"
                            "<CODE_MEF>10010012110</CODE_MEF>\n"
                            "<CODE_STATUT>ST</CODE_STATUT>\n"
                            "</ELEVE>\n",
                            1000 + i, students[i].ine, students[i].last_name, students[i].first_name);
  g_string_append (d, "</ELEVES>\n<STRUCTURES>\n");
  for (guint i = 0; i < n; i++)
    g_string_append_printf (d,
                            "<STRUCTURES_ELEVE ELEVE_ID=\"%u\"><STRUCTURE><CODE_STRUCTURE>%s</CODE_STRUCTURE>"
                            "<TYPE_STRUCTURE>D</TYPE_STRUCTURE></STRUCTURE></STRUCTURES_ELEVE>\n",
                            1000 + i, students[i].division);
  g_string_append (d, "</STRUCTURES>\n</DONNEES>\n</BEE_ELEVES>\n");

  g_file_set_contents (path, d->str, d->len, &error);
  g_assert_no_error (error);
  return g_steal_pointer (&path);
}

/* An import through the real importer, as the app and the CLI make it;
 * returns its local id. */
static gint64
desktop_import (SyncTestDesktop *desktop,
                const Student   *students,
                guint            n)
{
  g_autofree char *file = write_siecle (desktop->space->uai, students, n);
  g_autoptr(OrgaImporter) importer = orga_importer_new (desktop->path, file);
  g_autoptr(OrgaImportReport) report = NULL;
  g_autoptr(GError) error = NULL;

  orga_importer_set_user_name (importer, desktop->name);
  /* Timestamps have microseconds; a pause makes every import's differ. */
  g_usleep (2000);
  report = orga_importer_run (importer, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (orga_import_report_get_status (report), ==, ORGA_IMPORT_STATUS_IMPORTED);
  return orga_import_report_get_import_id (report);
}

static guint
count_students (SyncTestDesktop *desktop)
{
  g_autoptr(GError) error = NULL;
  guint n = orga_store_count_learners (desktop->store, desktop->school, FALSE, &error);

  g_assert_no_error (error);
  return n;
}

typedef struct
{
  const char *ine;
  char       *division;
  char       *uuid;
} FindLearner;

static gboolean
find_learner_cb (const OrgaLearnerRow *row,
                 gpointer              user_data)
{
  FindLearner *find = user_data;

  if (g_strcmp0 (row->fields.ine, find->ine) != 0)
    return TRUE;
  find->division = g_strdup (row->fields.division);
  find->uuid = g_strdup (row->uuid);
  return FALSE;
}

/* The class of the active student @ine; NULL when there is none. */
static char *
dup_division (SyncTestDesktop *desktop,
              const char      *ine,
              char           **uuid)
{
  FindLearner find = { ine, NULL, NULL };
  OrgaLearnerQuery query = { FALSE, NULL };
  g_autoptr(GError) error = NULL;

  orga_store_foreach_learner (desktop->store, desktop->school, &query, find_learner_cb, &find, &error);
  g_assert_no_error (error);
  if (uuid != NULL)
    *uuid = find.uuid;
  else
    g_free (find.uuid);
  return find.division;
}

static OrgaCampaign *
create_campaign (SyncTestDesktop *desktop,
                 const char      *name)
{
  OrgaCampaignSpec spec = { 0 };
  g_autoptr(GError) error = NULL;
  OrgaCampaign *campaign;

  spec.name = name;
  spec.type = ORGA_CAMPAIGN_TYPE_ASSESSMENT;
  spec.target_profile_id = PROFILE;
  spec.owner = desktop->name;
  spec.creator = desktop->name;
  campaign = orga_store_create_campaign (desktop->store, desktop->school, &spec, &error);
  g_assert_no_error (error);
  return campaign;
}

/* The campaign of @code, active or archived; NULL when the desktop has
 * none (never had it, or deleted). */
static OrgaCampaign *
find_campaign (SyncTestDesktop *desktop,
               const char      *code)
{
  for (guint archived = 0; archived < 2; archived++)
    {
      OrgaCampaignQuery query = { archived, NULL, NULL, NULL };
      g_autoptr(GError) error = NULL;
      g_autoptr(GPtrArray) campaigns = orga_store_list_campaigns (desktop->store, desktop->school,
                                                                  &query, &error);

      g_assert_no_error (error);
      for (guint i = 0; i < campaigns->len; i++)
        if (g_str_equal (orga_campaign_get_code (g_ptr_array_index (campaigns, i)), code))
          return g_object_ref (g_ptr_array_index (campaigns, i));
    }
  return NULL;
}

static guint
count_campaigns (SyncTestDesktop *desktop)
{
  guint n = 0;

  for (guint archived = 0; archived < 2; archived++)
    {
      OrgaCampaignQuery query = { archived, NULL, NULL, NULL };
      g_autoptr(GError) error = NULL;
      g_autoptr(GPtrArray) campaigns = orga_store_list_campaigns (desktop->store, desktop->school,
                                                                  &query, &error);

      g_assert_no_error (error);
      n += campaigns->len;
    }
  return n;
}

/* Changes one field of the campaign of @code, the others as they are. */
static void
edit_campaign (SyncTestDesktop *desktop,
               const char      *code,
               const char      *name,
               const char      *title)
{
  g_autoptr(OrgaCampaign) campaign = find_campaign (desktop, code);
  g_autoptr(GError) error = NULL;

  g_assert_nonnull (campaign);
  orga_store_update_campaign (desktop->store, orga_campaign_get_id (campaign),
                              name != NULL ? name : orga_campaign_get_name (campaign),
                              title != NULL ? title : orga_campaign_get_title (campaign),
                              orga_campaign_get_landing_text (campaign),
                              orga_campaign_get_owner (campaign), &error);
  g_assert_no_error (error);
}

/* One run that must succeed with nothing refused. */
static OrgaSyncReport *
sync_ok (SyncTestDesktop *desktop)
{
  OrgaSyncReport *report = sync_test_desktop_sync (desktop);

  if (report->status != ORGA_SYNC_STATUS_OK)
    g_error ("%s: sync %s: %s", desktop->name, orga_sync_status_to_string (report->status),
             report->error_message);
  g_assert_null (report->error_message);
  g_assert_cmpuint (report->refused->len, ==, 0);
  g_assert_cmpuint (sync_test_desktop_count_outbox (desktop), ==, 0);
  return report;
}

static void
sync_quietly (SyncTestDesktop *desktop)
{
  g_autoptr(OrgaSyncReport) report = sync_ok (desktop);
}

/* Every desktop of @desktops (NULL-terminated) as the server. */
static void
assert_converged (SyncTestSpace    *space,
                  SyncTestDesktop **desktops)
{
  g_autofree char *expected = sync_test_server_dump (space);

  for (guint i = 0; desktops[i] != NULL; i++)
    {
      g_autofree char *actual = sync_test_desktop_dump (desktops[i]);

      sync_test_assert_same_dump (desktops[i]->name, expected, actual);
    }
}

static gboolean
has_notice (GPtrArray  *notices,
            const char *prefix)
{
  for (guint i = 0; notices != NULL && i < notices->len; i++)
    {
      OrgaSyncNotice *notice = g_ptr_array_index (notices, i);

      if (strstr (notice->message, prefix) != NULL)
        return TRUE;
    }
  /* Said, to see what came instead. */
  for (guint i = 0; notices != NULL && i < notices->len; i++)
    g_test_message ("notice %u: %s", i, ((OrgaSyncNotice *) g_ptr_array_index (notices, i))->message);
  g_test_message ("(%u notices, none with “%s”)", notices != NULL ? notices->len : 0, prefix);
  return FALSE;
}

static GPtrArray *
list_notices (SyncTestDesktop *desktop)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *notices = orga_store_sync_list_notices (desktop->store, desktop->school, &error);

  g_assert_no_error (error);
  return notices;
}

/* ------------------------------------------------------------------------
 * Two desktops converge
 */

static void
test_converge (void)
{
  g_autoptr(SyncTestSpace) space = sync_test_space_new (server);
  g_autoptr(SyncTestDesktop) office = sync_test_desktop_new (space, "secrétariat", TRUE);
  g_autoptr(SyncTestDesktop) room = sync_test_desktop_new (space, "salle info", FALSE);
  SyncTestDesktop *both[] = { office, room, NULL };
  g_autoptr(OrgaSyncReport) first = NULL;
  g_autoptr(OrgaSyncReport) pulled = NULL;
  g_autoptr(OrgaCampaign) kept = NULL;
  g_autoptr(OrgaCampaign) dropped = NULL;
  g_autoptr(OrgaCampaign) seen = NULL;
  g_autofree char *division = NULL;
  gint64 second_import;
  g_autoptr(GError) error = NULL;

  /* An import in the office reaches the computer room. */
  desktop_import (office, first_list, G_N_ELEMENTS (first_list));
  first = sync_ok (office);
  g_assert_cmpuint (first->pushed, ==, 1);
  pulled = sync_ok (room);
  g_assert_cmpuint (pulled->pushed, ==, 0);
  g_assert_cmpuint (pulled->pulled, >=, G_N_ELEMENTS (first_list) + 1);
  g_assert_cmpint (pulled->cursor, >, 0);
  g_assert_cmpint (pulled->cursor, ==, sync_test_desktop_get_cursor (room));
  g_assert_cmpuint (count_students (room), ==, 3);
  assert_converged (space, both);

  /* The next year's list, then undone. */
  second_import = desktop_import (office, second_list, G_N_ELEMENTS (second_list));
  sync_quietly (office);
  sync_quietly (room);
  division = dup_division (room, "1234567890A", NULL);
  g_assert_cmpstr (division, ==, "5A");
  g_clear_pointer (&division, g_free);
  division = dup_division (room, "1234567892C", NULL);
  g_assert_null (division);
  assert_converged (space, both);

  orga_store_undo_import (office->store, office->school, second_import, &error);
  g_assert_no_error (error);
  sync_quietly (office);
  sync_quietly (room);
  division = dup_division (room, "1234567890A", NULL);
  g_assert_cmpstr (division, ==, "6A");
  g_clear_pointer (&division, g_free);
  division = dup_division (room, "1234567893D", NULL);
  g_assert_null (division);
  g_assert_cmpuint (count_students (room), ==, 3);
  assert_converged (space, both);

  /* A campaign made in the computer room by the member, edited by the
   * administrator, archived by its owner; another made and deleted. */
  kept = create_campaign (room, "Rentrée 6e");
  dropped = create_campaign (office, "Essai");
  sync_quietly (room);
  sync_quietly (office);
  g_assert_cmpuint (count_campaigns (office), ==, 2);
  g_assert_cmpuint (count_campaigns (room), ==, 1);
  sync_quietly (room);
  g_assert_cmpuint (count_campaigns (room), ==, 2);
  assert_converged (space, both);

  edit_campaign (office, orga_campaign_get_code (kept), "Rentrée des 6e", "Bienvenue");
  sync_quietly (office);
  sync_quietly (room);
  seen = find_campaign (room, orga_campaign_get_code (kept));
  g_assert_cmpstr (orga_campaign_get_name (seen), ==, "Rentrée des 6e");
  g_assert_cmpstr (orga_campaign_get_title (seen), ==, "Bienvenue");
  g_clear_object (&seen);

  orga_store_archive_campaign (room->store, orga_campaign_get_id (seen = find_campaign (room, orga_campaign_get_code (kept))),
                               room->name, &error);
  g_assert_no_error (error);
  g_clear_object (&seen);
  sync_quietly (room);
  sync_quietly (office);
  seen = find_campaign (office, orga_campaign_get_code (kept));
  g_assert_true (orga_campaign_is_archived (seen));
  g_clear_object (&seen);
  assert_converged (space, both);

  {
    g_autoptr(OrgaCampaign) local = find_campaign (office, orga_campaign_get_code (dropped));
    gint64 id = orga_campaign_get_id (local);

    orga_store_delete_campaigns (office->store, &id, 1, office->name, &error);
    g_assert_no_error (error);
  }
  sync_quietly (office);
  sync_quietly (room);
  g_assert_null (seen = find_campaign (room, orga_campaign_get_code (dropped)));
  g_assert_cmpuint (count_campaigns (room), ==, 1);
  assert_converged (space, both);
}

/* ------------------------------------------------------------------------
 * Participations written on the server reach every desktop
 */

static void
add_participation (JsonBuilder *builder,
                   const char  *campaign,
                   const char  *learner,
                   const char  *status,
                   double       mastery)
{
  const OrgaTargetProfile *profile = orga_target_profile_find (PROFILE);
  g_autofree guint8 *results = g_new0 (guint8, profile->n_tubes);
  g_autofree char *results64 = NULL;
  g_autofree char *uuid = g_uuid_string_random ();

  for (guint i = 0; i < profile->n_tubes; i++)
    results[i] = orga_target_profile_tube_skills (profile, i) & 0x3;
  results64 = g_base64_encode (results, profile->n_tubes);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "uuid");
  json_builder_add_string_value (builder, uuid);
  json_builder_set_member_name (builder, "campaign");
  json_builder_add_string_value (builder, campaign);
  json_builder_set_member_name (builder, "learner");
  json_builder_add_string_value (builder, learner);
  json_builder_set_member_name (builder, "status");
  json_builder_add_string_value (builder, status);
  json_builder_set_member_name (builder, "created_at");
  json_builder_add_string_value (builder, "2026-09-14T08:30:00.000000Z");
  json_builder_set_member_name (builder, "shared_at");
  if (g_str_equal (status, "SHARED"))
    json_builder_add_string_value (builder, "2026-09-14T09:10:00.000000Z");
  else
    json_builder_add_null_value (builder);
  json_builder_set_member_name (builder, "mastery_rate");
  json_builder_add_double_value (builder, mastery);
  json_builder_set_member_name (builder, "progression");
  json_builder_add_double_value (builder, g_str_equal (status, "STARTED") ? 0.4 : 1.0);
  json_builder_set_member_name (builder, "pix_score");
  json_builder_add_int_value (builder, 42);
  json_builder_set_member_name (builder, "validated_skills");
  json_builder_add_int_value (builder, 7);
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

static guint
count_participations (SyncTestDesktop *desktop,
                      const char      *code)
{
  g_autoptr(OrgaCampaign) campaign = find_campaign (desktop, code);
  g_autoptr(OrgaParticipationSet) set = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_nonnull (campaign);
  set = orga_store_load_participations (desktop->store, campaign, TRUE, &error);
  g_assert_no_error (error);
  return orga_participation_set_get_n (set);
}

static void
test_participations (void)
{
  g_autoptr(SyncTestSpace) space = sync_test_space_new (server);
  g_autoptr(SyncTestDesktop) office = sync_test_desktop_new (space, "secrétariat", TRUE);
  g_autoptr(SyncTestDesktop) room = sync_test_desktop_new (space, "salle info", FALSE);
  SyncTestDesktop *both[] = { office, room, NULL };
  g_autoptr(OrgaCampaign) campaign = NULL;
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) rows = NULL;
  g_autoptr(OrgaSyncReport) report = NULL;
  g_autoptr(OrgaSyncReport) again = NULL;
  g_autofree char *emma = NULL, *leo = NULL, *chloe = NULL;
  g_autofree char *division = NULL;

  desktop_import (office, first_list, G_N_ELEMENTS (first_list));
  campaign = create_campaign (office, "Rentrée 6e");
  sync_quietly (office);
  sync_quietly (room);

  division = dup_division (room, "1234567890A", &emma);
  g_clear_pointer (&division, g_free);
  division = dup_division (room, "1234567891B", &leo);
  g_clear_pointer (&division, g_free);
  division = dup_division (room, "1234567892C", &chloe);
  g_assert_nonnull (emma);
  g_assert_nonnull (chloe);

  json_builder_begin_array (builder);
  add_participation (builder, orga_campaign_get_uuid (campaign), emma, "SHARED", 0.75);
  add_participation (builder, orga_campaign_get_uuid (campaign), leo, "STARTED", 0.2);
  add_participation (builder, orga_campaign_get_uuid (campaign), chloe, "TO_SHARE", 0.5);
  json_builder_end_array (builder);
  rows = json_builder_get_root (builder);
  sync_test_server_import_participations (space, json_node_get_array (rows));

  report = sync_ok (room);
  g_assert_cmpuint (report->pulled, >=, 3);
  g_assert_cmpuint (count_participations (room, orga_campaign_get_code (campaign)), ==, 3);
  sync_quietly (office);
  g_assert_cmpuint (count_participations (office, orga_campaign_get_code (campaign)), ==, 3);
  assert_converged (space, both);

  /* Up to date: nothing more comes, nothing is applied twice. */
  again = sync_ok (room);
  g_assert_cmpuint (again->pulled, ==, 0);
  g_assert_cmpint (again->cursor, ==, report->cursor);
  g_assert_cmpuint (count_participations (room, orga_campaign_get_code (campaign)), ==, 3);

  /* A desktop that comes late takes the whole space in pages of two
   * rows (one asked for while the one before is applied). */
  {
    g_autoptr(SyncTestDesktop) late = sync_test_desktop_new (space, "arrivé tard", FALSE);
    SyncTestDesktop *all[] = { office, room, late, NULL };
    g_autoptr(OrgaSyncReport) first = NULL;

    g_setenv ("PIXORGA_SYNC_PAGE_LIMIT", "2", TRUE);
    first = sync_ok (late);
    g_unsetenv ("PIXORGA_SYNC_PAGE_LIMIT");
    g_assert_cmpint (first->cursor, ==, report->cursor);
    g_assert_cmpuint (count_participations (late, orga_campaign_get_code (campaign)), ==, 3);
    g_assert_cmpuint (count_students (late), ==, 3);
    assert_converged (space, all);
  }
}

/* ------------------------------------------------------------------------
 * Offline
 */

static void
test_offline (void)
{
  g_autoptr(SyncTestSpace) space = sync_test_space_new (server);
  g_autoptr(SyncTestDesktop) laptop = sync_test_desktop_new (space, "portable", TRUE);
  g_autoptr(SyncTestDesktop) room = sync_test_desktop_new (space, "salle info", FALSE);
  SyncTestDesktop *both[] = { laptop, room, NULL };
  g_autoptr(OrgaCampaign) campaign = NULL;
  g_autoptr(OrgaSyncReport) offline = NULL;
  g_autoptr(OrgaSyncReport) still = NULL;
  g_autoptr(OrgaSyncReport) back = NULL;
  g_autoptr(OrgaSyncReport) then = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *last_success = NULL;
  guint queued;

  sync_quietly (laptop);
  last_success = orga_store_sync_dup_last_success (laptop->store, laptop->school, &error);
  g_assert_no_error (error);
  g_assert_nonnull (last_success);

  /* Without a network the desktop keeps working; the changes wait. */
  sync_test_desktop_set_online (laptop, FALSE);
  desktop_import (laptop, first_list, G_N_ELEMENTS (first_list));
  campaign = create_campaign (laptop, "Hors ligne");
  edit_campaign (laptop, orga_campaign_get_code (campaign), NULL, "Titre");
  queued = sync_test_desktop_count_outbox (laptop);
  g_assert_cmpuint (queued, >=, 2);

  offline = sync_test_desktop_sync (laptop);
  g_assert_cmpint (offline->status, ==, ORGA_SYNC_STATUS_OFFLINE);
  g_assert_nonnull (offline->error_message);
  g_assert_true (g_str_has_prefix (offline->error_message, "Impossible de joindre le serveur"));
  g_assert_cmpuint (offline->pushed, ==, 0);
  g_assert_cmpuint (sync_test_desktop_count_outbox (laptop), ==, queued);
  still = sync_test_desktop_sync (laptop);
  g_assert_cmpint (still->status, ==, ORGA_SYNC_STATUS_OFFLINE);
  g_assert_cmpuint (sync_test_desktop_count_outbox (laptop), ==, queued);
  g_assert_cmpuint (count_students (laptop), ==, 3);

  /* The last success is still the one before. */
  {
    g_autofree char *kept = orga_store_sync_dup_last_success (laptop->store, laptop->school, &error);

    g_assert_no_error (error);
    g_assert_cmpstr (kept, ==, last_success);
  }

  /* Back online: pushed once. */
  sync_test_desktop_set_online (laptop, TRUE);
  back = sync_ok (laptop);
  g_assert_cmpuint (back->pushed, ==, queued);
  then = sync_ok (laptop);
  g_assert_cmpuint (then->pushed, ==, 0);
  g_assert_cmpuint (then->pulled, ==, 0);

  sync_quietly (room);
  g_assert_cmpuint (count_campaigns (room), ==, 1);
  g_assert_cmpuint (count_students (room), ==, 3);
  assert_converged (space, both);
}

/* ------------------------------------------------------------------------
 * The same push twice
 */

static GBytes *
post_push (SyncTestDesktop *desktop,
           GBytes          *body)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  GBytes *answer;

  orga_client_sync_push_async (desktop->client, desktop->space->space_id, body, NULL,
                               sync_test_result_cb, &result);
  answer = orga_client_sync_push_finish (desktop->client, sync_test_wait (&result, 30000), &error);
  g_assert_no_error (error);
  return answer;
}

/* The results of a push answer as "id status seq" lines. */
static char *
describe_results (GBytes *answer)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) root = orga_client_sync_parse_answer (answer, NULL, &error);
  GString *text = g_string_new (NULL);
  JsonArray *results;

  g_assert_no_error (error);
  results = json_object_get_array_member (json_node_get_object (root), "results");
  for (guint i = 0; i < json_array_get_length (results); i++)
    {
      JsonObject *result = json_array_get_object_element (results, i);

      g_string_append_printf (text, "%s %s %" G_GINT64_FORMAT "\n",
                              json_object_get_string_member (result, "id"),
                              json_object_get_string_member (result, "status"),
                              json_object_get_int_member_with_default (result, "seq", -1));
    }
  return g_string_free (text, FALSE);
}

static void
test_push_twice (void)
{
  g_autoptr(SyncTestSpace) space = sync_test_space_new (server);
  g_autoptr(SyncTestDesktop) office = sync_test_desktop_new (space, "secrétariat", TRUE);
  g_autoptr(SyncTestDesktop) room = sync_test_desktop_new (space, "salle info", FALSE);
  SyncTestDesktop *both[] = { office, room, NULL };
  g_autoptr(OrgaCampaign) campaign = NULL;
  g_autoptr(JsonNode) push = NULL;
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GBytes) once = NULL;
  g_autoptr(GBytes) twice = NULL;
  g_autofree char *first = NULL;
  g_autofree char *second = NULL;
  g_autofree char *text = NULL;
  g_autoptr(OrgaSyncReport) report = NULL;
  g_autoptr(OrgaSyncReport) pulled = NULL;
  g_autoptr(GError) error = NULL;

  desktop_import (office, first_list, G_N_ELEMENTS (first_list));
  campaign = create_campaign (office, "Deux fois");

  /* The push as OrgaSync would send it, sent twice, its answers lost. */
  push = orga_store_sync_build_push (office->store, office->school, ORGA_SYNC_PUSH_MAX, &error);
  g_assert_no_error (error);
  g_assert_nonnull (push);
  text = orga_json_to_data (push, FALSE);
  body = g_bytes_new (text, strlen (text));
  once = post_push (office, body);
  twice = post_push (office, body);
  first = describe_results (once);
  second = describe_results (twice);
  g_assert_cmpstr (strstr (first, " applied "), !=, NULL);
  g_assert_cmpstr (first, ==, second);

  /* The run sends them a third time: answered from the idempotency
   * rows, the outbox empties, and the server has each change once. */
  g_assert_cmpuint (sync_test_desktop_count_outbox (office), ==, 2);
  report = sync_ok (office);
  g_assert_cmpuint (report->pushed, ==, 2);
  pulled = sync_ok (room);
  g_assert_cmpuint (count_campaigns (room), ==, 1);
  g_assert_cmpuint (count_students (room), ==, 3);
  assert_converged (space, both);
}

/* ------------------------------------------------------------------------
 * Concurrent edits
 */

static void
test_concurrent (void)
{
  g_autoptr(SyncTestSpace) space = sync_test_space_new (server);
  g_autoptr(SyncTestDesktop) office = sync_test_desktop_new (space, "secrétariat", TRUE);
  g_autoptr(SyncTestDesktop) head = sync_test_desktop_new (space, "direction", TRUE);
  g_autoptr(SyncTestDesktop) room = sync_test_desktop_new (space, "salle info", FALSE);
  SyncTestDesktop *all[] = { office, head, room, NULL };
  g_autoptr(OrgaCampaign) campaign = NULL;
  g_autoptr(OrgaCampaign) seen = NULL;
  g_autoptr(OrgaSyncReport) refused = NULL;
  g_autoptr(OrgaSyncReport) overridden = NULL;
  g_autoptr(GPtrArray) notices = NULL;
  g_autofree char *division = NULL;
  const char *code;

  campaign = create_campaign (room, "Rentrée 6e");
  code = orga_campaign_get_code (campaign);
  sync_quietly (room);
  sync_quietly (office);
  sync_quietly (head);

  /* Two fields edited offline on two desktops: both kept. */
  sync_test_desktop_set_online (office, FALSE);
  sync_test_desktop_set_online (room, FALSE);
  edit_campaign (office, code, "Rentrée des 6e", NULL);
  edit_campaign (room, code, NULL, "Bienvenue en 6e");
  sync_test_desktop_set_online (office, TRUE);
  sync_test_desktop_set_online (room, TRUE);
  sync_quietly (office);
  sync_quietly (room);
  sync_quietly (office);
  seen = find_campaign (office, code);
  g_assert_cmpstr (orga_campaign_get_name (seen), ==, "Rentrée des 6e");
  g_assert_cmpstr (orga_campaign_get_title (seen), ==, "Bienvenue en 6e");
  g_clear_object (&seen);

  /* One field edited on both: the last the server receives wins. */
  sync_test_desktop_set_online (office, FALSE);
  edit_campaign (office, code, "Nom du secrétariat", NULL);
  edit_campaign (room, code, "Nom de la salle", NULL);
  sync_quietly (room);
  sync_test_desktop_set_online (office, TRUE);
  sync_quietly (office);
  sync_quietly (room);
  seen = find_campaign (room, code);
  g_assert_cmpstr (orga_campaign_get_name (seen), ==, "Nom du secrétariat");
  g_clear_object (&seen);
  seen = find_campaign (office, code);
  g_assert_cmpstr (orga_campaign_get_name (seen), ==, "Nom du secrétariat");
  g_clear_object (&seen);

  /* A delete wins over an edit received after it: the edit is refused,
   * undone, and said. */
  sync_test_desktop_set_online (room, FALSE);
  edit_campaign (room, code, "Trop tard", NULL);
  {
    g_autoptr(OrgaCampaign) local = find_campaign (office, code);
    gint64 id = orga_campaign_get_id (local);
    g_autoptr(GError) error = NULL;

    orga_store_delete_campaigns (office->store, &id, 1, office->name, &error);
    g_assert_no_error (error);
  }
  sync_quietly (office);
  sync_test_desktop_set_online (room, TRUE);
  refused = sync_test_desktop_sync (room);
  g_assert_cmpint (refused->status, ==, ORGA_SYNC_STATUS_OK);
  g_assert_cmpuint (refused->refused->len, ==, 1);
  g_assert_true (has_notice (refused->refused, MSG_DELETED_SUFFIX));
  g_assert_nonnull (((OrgaSyncNotice *) g_ptr_array_index (refused->refused, 0))->change);
  g_assert_null (seen = find_campaign (room, code));
  g_assert_cmpuint (sync_test_desktop_count_outbox (room), ==, 0);
  notices = list_notices (room);
  g_assert_true (has_notice (notices, MSG_DELETED_SUFFIX));
  g_clear_pointer (&notices, g_ptr_array_unref);

  /* Two imports that did not see each other: the later one received
   * wins, applied over the earlier; the earlier's desktop is told. */
  sync_quietly (head);
  sync_test_desktop_set_online (office, FALSE);
  sync_test_desktop_set_online (head, FALSE);
  desktop_import (office, first_list, G_N_ELEMENTS (first_list));
  desktop_import (head, other_list, G_N_ELEMENTS (other_list));
  sync_test_desktop_set_online (office, TRUE);
  sync_test_desktop_set_online (head, TRUE);
  sync_quietly (office);
  sync_quietly (head);
  overridden = sync_ok (office);
  g_assert_true (has_notice (overridden->notices, MSG_OVERRIDDEN));
  notices = list_notices (office);
  g_assert_true (has_notice (notices, MSG_OVERRIDDEN));
  sync_quietly (room);

  /* The head's list, over the office's: PETIT and MARTIN (in 4C) active. */
  g_assert_cmpuint (count_students (office), ==, 2);
  division = dup_division (office, "1234567890A", NULL);
  g_assert_cmpstr (division, ==, "4C");
  g_clear_pointer (&division, g_free);
  division = dup_division (room, "1234567894E", NULL);
  g_assert_cmpstr (division, ==, "4C");
  assert_converged (space, all);
}

/* ------------------------------------------------------------------------
 * A member's import
 */

static void
test_member_import_refused (void)
{
  g_autoptr(SyncTestSpace) space = sync_test_space_new (server);
  g_autoptr(SyncTestDesktop) office = sync_test_desktop_new (space, "secrétariat", TRUE);
  g_autoptr(SyncTestDesktop) room = sync_test_desktop_new (space, "salle info", FALSE);
  SyncTestDesktop *both[] = { office, room, NULL };
  g_autoptr(OrgaSyncReport) report = NULL;
  g_autoptr(GPtrArray) notices = NULL;
  OrgaSyncNotice *notice;

  desktop_import (office, first_list, G_N_ELEMENTS (first_list));
  sync_quietly (office);
  sync_quietly (room);

  /* Locally the member may import; the server says no, and the desktop
   * goes back to the space's list. */
  desktop_import (room, other_list, G_N_ELEMENTS (other_list));
  g_assert_cmpuint (count_students (room), ==, 2);
  report = sync_test_desktop_sync (room);
  g_assert_cmpint (report->status, ==, ORGA_SYNC_STATUS_OK);
  g_assert_cmpuint (report->pushed, ==, 0);
  g_assert_cmpuint (report->refused->len, ==, 1);
  notice = g_ptr_array_index (report->refused, 0);
  g_assert_cmpstr (notice->message, ==, MSG_MEMBER_IMPORT);
  g_assert_nonnull (notice->change);
  g_assert_cmpuint (sync_test_desktop_count_outbox (room), ==, 0);
  g_assert_cmpuint (count_students (room), ==, 3);

  notices = list_notices (room);
  g_assert_cmpuint (notices->len, ==, 1);
  g_assert_cmpstr (((OrgaSyncNotice *) g_ptr_array_index (notices, 0))->message, ==, MSG_MEMBER_IMPORT);
  g_assert_cmpstr (((OrgaSyncNotice *) g_ptr_array_index (notices, 0))->change, ==, notice->change);

  sync_quietly (office);
  g_assert_cmpuint (count_students (office), ==, 3);
  assert_converged (space, both);
}

/* ------------------------------------------------------------------------
 * Versions: a stand-in for a server of another protocol, or older
 */

typedef struct
{
  int         protocol;    /* of the pages it answers; 0: 409 SYNC_PROTOCOL */
  gboolean    no_sync;     /* 404 on the sync routes, as before issue 10 */
  gint64      next_header; /* ORGA_SYNC_NEXT_HEADER on its pages; 0: none */
  guint       requests;
} StandIn;

static void
stand_in_cb (SoupServer        *soup,
             SoupServerMessage *msg,
             const char        *path,
             GHashTable        *query,
             gpointer           user_data)
{
  StandIn *stand_in = user_data;
  g_autofree char *body = NULL;
  guint status = 200;

  stand_in->requests++;
  if (g_str_has_suffix (path, "/team"))
    body = g_strdup ("{\"organization\": {}}");
  else if (stand_in->no_sync)
    {
      status = 404;
      body = g_strdup ("{\"error\": {\"code\": \"NOT_FOUND\", \"message\": \"La ressource demandée n’existe pas.\"}}");
    }
  else if (stand_in->protocol == 0)
    {
      status = 409;
      body = g_strdup ("{\"error\": {\"code\": \"SYNC_PROTOCOL\", \"message\": \"Ce poste utilise la version 1 "
                       "du protocole de synchronisation et le serveur la version 2 : mettez à jour PixOrga.\"}}");
    }
  else
    body = g_strdup_printf ("{\"protocol\": %d, \"after\": 0, \"cursor\": 5, \"more\": false, \"reset\": false,"
                            " \"imports\": [], \"learners\": [], \"campaigns\": [], \"participations\": [],"
                            " \"results\": []}", stand_in->protocol);

  if (stand_in->next_header > 0)
    {
      g_autofree char *next = g_strdup_printf ("%" G_GINT64_FORMAT, stand_in->next_header);

      soup_message_headers_replace (soup_server_message_get_response_headers (msg), ORGA_SYNC_NEXT_HEADER, next);
    }
  soup_server_message_set_status (msg, status, NULL);
  soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_COPY, body, strlen (body));
}

static OrgaSyncReport *
sync_with_stand_in (SyncTestDesktop *desktop,
                    StandIn         *stand_in)
{
  g_autoptr(SoupServer) soup = soup_server_new (NULL, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(OrgaClient) client = NULL;
  g_autoptr(OrgaSync) sync = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GSList) uris = NULL;
  g_autofree char *url = NULL;
  OrgaSyncReport *report;

  soup_server_add_handler (soup, NULL, stand_in_cb, stand_in, NULL);
  soup_server_listen_local (soup, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error);
  g_assert_no_error (error);
  uris = soup_server_get_uris (soup);
  url = g_uri_to_string (uris->data);
  g_slist_free_full (g_steal_pointer (&uris), (GDestroyNotify) g_uri_unref);

  client = orga_client_new (url, &error);
  g_assert_no_error (error);
  orga_client_set_token (client, orga_client_get_token (desktop->client));
  sync = orga_sync_new (desktop->store, client);
  orga_sync_run_async (sync, desktop->school, NULL, sync_test_result_cb, &result);
  report = orga_sync_run_finish (sync, sync_test_wait (&result, 30000), &error);
  g_assert_no_error (error);
  return report;
}

/* A page whose header announces a next page its body does not: not
 * applied, and the run says the server is not one of ours. */
static void
test_next_header (void)
{
  g_autoptr(SyncTestSpace) space = sync_test_space_new (server);
  g_autoptr(SyncTestDesktop) office = sync_test_desktop_new (space, "secrétariat", TRUE);
  g_autoptr(OrgaSyncReport) report = NULL;
  StandIn stand_in = { .protocol = 1 };
  gint64 cursor;

  sync_quietly (office);
  g_assert_cmpuint (sync_test_desktop_count_outbox (office), ==, 0);
  cursor = sync_test_desktop_get_cursor (office);

  stand_in.next_header = cursor + 100;
  report = sync_with_stand_in (office, &stand_in);
  g_assert_cmpint (report->status, ==, ORGA_SYNC_STATUS_ERROR);
  /* The tests run in French (LANGUAGE=fr). */
  g_assert_true (g_str_has_suffix (report->error_message, " n’a pas répondu comme un serveur PixOrga."));
  g_assert_cmpint (sync_test_desktop_get_cursor (office), ==, cursor);
}

static void
test_protocol (void)
{
  g_autoptr(SyncTestSpace) space = sync_test_space_new (server);
  g_autoptr(SyncTestDesktop) office = sync_test_desktop_new (space, "secrétariat", TRUE);
  g_autoptr(OrgaSyncReport) newer = NULL;
  g_autoptr(OrgaSyncReport) refused = NULL;
  g_autoptr(OrgaSyncReport) older = NULL;
  g_autoptr(OrgaCampaign) campaign = NULL;
  StandIn stand_in = { 0 };
  gint64 cursor;

  sync_quietly (office);
  campaign = create_campaign (office, "Attend");
  cursor = sync_test_desktop_get_cursor (office);

  /* The real server refuses a desktop of another version, clearly. */
  {
    g_autoptr(SoupSession) session = soup_session_new ();
    g_autofree char *url = g_strdup_printf ("%s/api/v1/organizations/%s/sync/changes?protocol=2&after=0",
                                            sync_test_server_get_url (server), space->space_id);
    g_autoptr(SoupMessage) msg = soup_message_new ("GET", url);
    g_autofree char *authorization = g_strconcat ("Bearer ", space->admin_token, NULL);
    g_autoptr(GBytes) body = NULL;
    g_autoptr(GError) error = NULL;
    g_autoptr(JsonNode) root = NULL;
    JsonObject *e;

    soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization", authorization);
    body = soup_session_send_and_read (session, msg, NULL, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (soup_message_get_status (msg), ==, 409);
    root = orga_json_parse (g_bytes_get_data (body, NULL), g_bytes_get_size (body), &error);
    g_assert_no_error (error);
    e = json_object_get_object_member (json_node_get_object (root), "error");
    g_assert_cmpstr (json_object_get_string_member (e, "code"), ==, "SYNC_PROTOCOL");
    g_assert_cmpstr (json_object_get_string_member (e, "message"), ==,
                     "Ce poste utilise la version 2 du protocole de synchronisation et le serveur la version 1 : "
                     "mettez à jour le serveur.");
  }

  /* A newer server's answers are not applied: the push's changes stay
   * queued, the cursor stays. */
  stand_in.protocol = 2;
  newer = sync_with_stand_in (office, &stand_in);
  g_assert_cmpint (newer->status, ==, ORGA_SYNC_STATUS_ERROR);
  g_assert_cmpstr (newer->error_message, ==, MSG_NEWER_SERVER);
  g_assert_cmpuint (stand_in.requests, ==, 1);
  g_assert_cmpuint (newer->pushed, ==, 0);
  g_assert_cmpuint (sync_test_desktop_count_outbox (office), ==, 1);
  g_assert_cmpint (sync_test_desktop_get_cursor (office), ==, cursor);

  /* Its refusal, the same way. */
  stand_in.protocol = 0;
  refused = sync_with_stand_in (office, &stand_in);
  g_assert_cmpint (refused->status, ==, ORGA_SYNC_STATUS_ERROR);
  g_assert_cmpstr (refused->error_message, ==, MSG_NEWER_SERVER);
  g_assert_cmpuint (sync_test_desktop_count_outbox (office), ==, 1);

  /* A server of before the sync: its team answers, its sync does not. */
  stand_in.no_sync = TRUE;
  older = sync_with_stand_in (office, &stand_in);
  g_assert_cmpint (older->status, ==, ORGA_SYNC_STATUS_ERROR);
  g_assert_cmpstr (older->error_message, ==, MSG_UNSUPPORTED);
  g_assert_cmpuint (sync_test_desktop_count_outbox (office), ==, 1);
  g_assert_cmpint (sync_test_desktop_get_cursor (office), ==, cursor);

  /* And the real server takes the change that waited. */
  sync_quietly (office);
}

/* A space this account is not (any more) a member of: a 404 too, but
 * not an old server. */
static void
test_space_gone (void)
{
  g_autoptr(SyncTestSpace) space = sync_test_space_new (server);
  g_autoptr(SyncTestSpace) other = sync_test_space_new (server);
  g_autoptr(SyncTestDesktop) office = sync_test_desktop_new (space, "secrétariat", TRUE);
  g_autoptr(OrgaClient) client = NULL;
  g_autoptr(OrgaSync) sync = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(OrgaSyncReport) report = NULL;
  g_autoptr(GError) error = NULL;

  /* The other space's administrator's token on this desktop's space. */
  client = orga_client_new (sync_test_server_get_url (server), &error);
  g_assert_no_error (error);
  orga_client_set_token (client, other->admin_token);
  sync = orga_sync_new (office->store, client);
  orga_sync_run_async (sync, office->school, NULL, sync_test_result_cb, &result);
  report = orga_sync_run_finish (sync, sync_test_wait (&result, 30000), &error);
  g_assert_no_error (error);
  g_assert_cmpint (report->status, ==, ORGA_SYNC_STATUS_ERROR);
  g_assert_cmpstr (report->error_message, ==,
                   "Cet espace n’existe plus sur le serveur, ou vous n’en êtes plus membre.");

  /* A school made offline, bound to no space: nothing to sync, said. */
  {
    g_autofree char *path = g_build_filename (sync_test_get_temp_dir (), "offline-school.db", NULL);
    g_autoptr(OrgaStore) store = orga_store_open (path, &error);
    g_autoptr(OrgaOrganization) school = NULL;
    g_autoptr(OrgaSync) local = NULL;
    g_autoptr(GAsyncResult) done = NULL;
    g_autoptr(OrgaSyncReport) unbound = NULL;

    g_assert_no_error (error);
    school = orga_store_create_organization (store, "0330001A", "Hors ligne", ORGA_ORGANIZATION_KIND_SCO, &error);
    g_assert_no_error (error);
    local = orga_sync_new (store, client);
    orga_sync_run_async (local, school, NULL, sync_test_result_cb, &done);
    unbound = orga_sync_run_finish (local, sync_test_wait (&done, 30000), &error);
    g_assert_no_error (error);
    g_assert_cmpint (unbound->status, ==, ORGA_SYNC_STATUS_ERROR);
    g_assert_cmpstr (unbound->error_message, ==,
                     "Cet établissement n’est lié à aucun espace d’un serveur Pix Orga : connectez-vous pour le synchroniser.");
    g_assert_cmpuint (unbound->pushed + unbound->pulled, ==, 0);
  }
}

/* ------------------------------------------------------------------------
 * Runs asked for at once, and cancelled
 */

static void
test_queue_and_cancel (void)
{
  g_autoptr(SyncTestSpace) space = sync_test_space_new (server);
  g_autoptr(SyncTestDesktop) office = sync_test_desktop_new (space, "secrétariat", TRUE);
  g_autoptr(OrgaSync) sync = orga_sync_new (office->store, office->client);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GAsyncResult) first = NULL;
  g_autoptr(GAsyncResult) cancelled = NULL;
  g_autoptr(GAsyncResult) second = NULL;
  g_autoptr(OrgaSyncReport) report1 = NULL;
  g_autoptr(OrgaSyncReport) report3 = NULL;
  g_autoptr(OrgaSyncReport) none = NULL;
  g_autoptr(OrgaCampaign) campaign = NULL;
  g_autoptr(GError) error = NULL;

  desktop_import (office, first_list, G_N_ELEMENTS (first_list));
  campaign = create_campaign (office, "File d’attente");

  /* Three runs asked for at once: they go one after the other; the one
   * cancelled while waiting says so and changes nothing. */
  orga_sync_run_async (sync, office->school, NULL, sync_test_result_cb, &first);
  orga_sync_run_async (sync, office->school, cancellable, sync_test_result_cb, &cancelled);
  orga_sync_run_async (sync, office->school, NULL, sync_test_result_cb, &second);
  g_cancellable_cancel (cancellable);

  report1 = orga_sync_run_finish (sync, sync_test_wait (&first, 30000), &error);
  g_assert_no_error (error);
  g_assert_cmpint (report1->status, ==, ORGA_SYNC_STATUS_OK);
  g_assert_cmpuint (report1->pushed, ==, 2);

  none = orga_sync_run_finish (sync, sync_test_wait (&cancelled, 30000), &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_null (none);
  g_clear_error (&error);

  report3 = orga_sync_run_finish (sync, sync_test_wait (&second, 30000), &error);
  g_assert_no_error (error);
  g_assert_cmpint (report3->status, ==, ORGA_SYNC_STATUS_OK);
  g_assert_cmpuint (report3->pushed, ==, 0);
  g_assert_cmpuint (report3->pulled, ==, 0);
  g_assert_cmpint (report3->cursor, ==, report1->cursor);
  g_assert_cmpuint (sync_test_desktop_count_outbox (office), ==, 0);
}

/* ------------------------------------------------------------------------
 * A server restored from a backup
 */

static void
copy_file (const char *from,
           const char *to)
{
  g_autofree char *data = NULL;
  gsize length = 0;
  g_autoptr(GError) error = NULL;

  if (!g_file_get_contents (from, &data, &length, NULL))
    {
      g_unlink (to);
      return;
    }
  g_file_set_contents (to, data, length, &error);
  g_assert_no_error (error);
}

/* The server's SQLite files (the database and its WAL) copied from
 * @from's names to @to's. */
static void
copy_database (const char *from,
               const char *to)
{
  static const char * const suffixes[] = { "", "-wal", "-shm" };

  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *a = g_strconcat (from, suffixes[i], NULL);
      g_autofree char *b = g_strconcat (to, suffixes[i], NULL);

      copy_file (a, b);
    }
}

static void
test_server_restored (void)
{
  g_autoptr(SyncTestServer) own = NULL;
  g_autoptr(SyncTestSpace) space = NULL;
  g_autoptr(SyncTestDesktop) office = NULL;
  g_autoptr(OrgaCampaign) kept = NULL;
  g_autoptr(OrgaCampaign) lost = NULL;
  g_autoptr(OrgaCampaign) seen = NULL;
  g_autoptr(OrgaSyncReport) report = NULL;
  g_autofree char *backup = NULL;
  gint64 before;

  if (sync_test_is_postgres ())
    {
      g_test_skip ("a backup is copied as SQLite files");
      return;
    }

  own = sync_test_server_start (NULL);
  space = sync_test_space_new (own);
  office = sync_test_desktop_new (space, "secrétariat", TRUE);
  backup = g_build_filename (sync_test_get_temp_dir (), "backup.db", NULL);

  desktop_import (office, first_list, G_N_ELEMENTS (first_list));
  kept = create_campaign (office, "Gardée");
  sync_quietly (office);
  sync_test_server_kill (own);
  copy_database (sync_test_server_get_db (own), backup);
  sync_test_server_restart (own, NULL);

  lost = create_campaign (office, "Perdue");
  sync_quietly (office);
  before = sync_test_desktop_get_cursor (office);

  /* The server goes back to the backup: its counter is behind the
   * desktop's cursor. The desktop starts again from 0. */
  sync_test_server_kill (own);
  copy_database (backup, sync_test_server_get_db (own));
  sync_test_server_restart (own, NULL);

  report = sync_ok (office);
  g_assert_cmpint (report->cursor, <, before);
  g_assert_cmpint (report->cursor, ==, sync_test_desktop_get_cursor (office));
  g_assert_nonnull (seen = find_campaign (office, orga_campaign_get_code (kept)));
  g_clear_object (&seen);
  g_assert_null (seen = find_campaign (office, orga_campaign_get_code (lost)));
  g_assert_cmpuint (count_students (office), ==, 3);
  {
    SyncTestDesktop *one[] = { office, NULL };

    assert_converged (space, one);
  }
}

int
main (int    argc,
      char **argv)
{
  int status;

  sync_test_init (&argc, &argv);
  server = sync_test_server_start (NULL);

  g_test_add_func ("/sync/converge", test_converge);
  g_test_add_func ("/sync/participations", test_participations);
  g_test_add_func ("/sync/offline", test_offline);
  g_test_add_func ("/sync/push-twice", test_push_twice);
  g_test_add_func ("/sync/concurrent", test_concurrent);
  g_test_add_func ("/sync/member-import-refused", test_member_import_refused);
  g_test_add_func ("/sync/protocol", test_protocol);
  g_test_add_func ("/sync/next-header", test_next_header);
  g_test_add_func ("/sync/space-gone", test_space_gone);
  g_test_add_func ("/sync/queue-and-cancel", test_queue_and_cancel);
  g_test_add_func ("/sync/server-restored", test_server_restored);

  status = g_test_run ();
  g_clear_pointer (&server, sync_test_server_free);
  return status;
}
