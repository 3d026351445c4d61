/* test-change-feed.c: OrgaStore::changed, for the store's own commits and
 * for those of another connection or process on the same file
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "orga-campaign.h"
#include "orga-context.h"
#include "orga-store-campaigns.h"
#include "orga-store-private.h"
#include "orga-test-util.h"

#define UAI "0330001A"
#define PROFILE "rentree-6e"

typedef struct
{
  char             *path;
  OrgaStore        *store;
  OrgaOrganization *organization;
  GPtrArray        *seen;          /* OrgaStoreChanges */
  GThread          *thread;        /* where the last was seen */
} Fixture;

static void
changed_cb (OrgaStore        *store,
            OrgaStoreChanges *changes,
            Fixture          *f)
{
  g_ptr_array_add (f->seen, orga_store_changes_copy (changes));
  f->thread = g_thread_self ();
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->path = orga_test_new_school_db (UAI, ORGA_ORGANIZATION_KIND_SCO);
  f->store = orga_store_open (f->path, &error);
  g_assert_no_error (error);
  f->organization = orga_store_get_organization (f->store, &error);
  g_assert_no_error (error);
  f->seen = g_ptr_array_new_with_free_func ((GDestroyNotify)orga_store_changes_free);
  g_signal_connect (f->store, "changed", G_CALLBACK (changed_cb), f);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_clear_object (&f->organization);
  g_assert_finalize_object (f->store);
  g_clear_pointer (&f->seen, g_ptr_array_unref);
  g_clear_pointer (&f->path, g_free);
}

static OrgaCampaign *
create_campaign (OrgaStore        *store,
                 OrgaOrganization *organization,
                 const char       *name)
{
  OrgaCampaignSpec spec = {
    .type = ORGA_CAMPAIGN_TYPE_ASSESSMENT,
    .name = name,
    .target_profile_id = PROFILE,
    .owner = "Marie Curie",
  };
  g_autoptr(GError) error = NULL;
  OrgaCampaign *campaign = orga_store_create_campaign (store, organization, &spec, &error);

  g_assert_no_error (error);
  g_assert_nonnull (campaign);
  return campaign;
}

/* Runs the main loop until a change was seen, or @ms passed. */
static void
wait_for_changes (Fixture *f,
                  guint    ms)
{
  gint64 end = g_get_monotonic_time () + ms * G_TIME_SPAN_MILLISECOND;

  while (f->seen->len == 0 && g_get_monotonic_time () < end)
    g_main_context_iteration (NULL, FALSE) || (g_usleep (2000), TRUE);
}

static void
spin (guint ms)
{
  gint64 end = g_get_monotonic_time () + ms * G_TIME_SPAN_MILLISECOND;

  while (g_get_monotonic_time () < end)
    g_main_context_iteration (NULL, FALSE) || (g_usleep (2000), TRUE);
}

static OrgaStoreChanges *
only_change (Fixture *f)
{
  g_assert_cmpuint (f->seen->len, ==, 1);
  return g_ptr_array_index (f->seen, 0);
}

static void
test_commit_emits_once (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(OrgaCampaign) campaign = create_campaign (f->store, f->organization, "Rentrée 6e");
  OrgaStoreChanges *changes = only_change (f);
  const gint64 *ids;
  guint n_ids;

  g_assert_cmpint (orga_store_changes_get_kinds (changes), ==, ORGA_STORE_CHANGE_CAMPAIGNS);
  g_assert_false (orga_store_changes_is_external (changes));
  ids = orga_store_changes_get_campaign_ids (changes, &n_ids);
  g_assert_cmpuint (n_ids, ==, 1);
  g_assert_cmpint (ids[0], ==, orga_campaign_get_id (campaign));
  g_assert_true (orga_store_changes_has_campaign (changes, orga_campaign_get_id (campaign)));
  g_assert_false (orga_store_changes_has_campaign (changes, orga_campaign_get_id (campaign) + 1));
  g_assert_false (orga_store_changes_has (changes, ORGA_STORE_CHANGE_LEARNERS));
}

static void
test_nested_emits_once (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(OrgaCampaign) first = NULL;
  g_autoptr(OrgaCampaign) second = NULL;
  OrgaStoreChanges *changes;
  guint n_ids;

  g_assert_true (orga_store_begin (f->store, &error));
  first = create_campaign (f->store, f->organization, "Première");
  g_assert_true (orga_store_begin (f->store, &error));
  second = create_campaign (f->store, f->organization, "Seconde");
  g_assert_true (orga_store_archive_campaign (f->store, orga_campaign_get_id (second), "Marie Curie", &error));
  g_assert_true (orga_store_commit (f->store, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (f->seen->len, ==, 0);

  g_assert_true (orga_store_commit (f->store, &error));
  g_assert_no_error (error);

  changes = only_change (f);
  g_assert_cmpint (orga_store_changes_get_kinds (changes), ==, ORGA_STORE_CHANGE_CAMPAIGNS);
  orga_store_changes_get_campaign_ids (changes, &n_ids);
  g_assert_cmpuint (n_ids, ==, 2);
  g_assert_true (orga_store_changes_has_campaign (changes, orga_campaign_get_id (first)));
  g_assert_true (orga_store_changes_has_campaign (changes, orga_campaign_get_id (second)));
}

static void
test_rollback_emits_nothing (Fixture       *f,
                             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(OrgaCampaign) kept = NULL;
  g_autoptr(OrgaCampaign) dropped = NULL;
  g_autoptr(OrgaCampaign) lost = NULL;
  guint n_ids;

  /* Everything rolled back: no signal. */
  g_assert_true (orga_store_begin (f->store, &error));
  lost = create_campaign (f->store, f->organization, "Perdue");
  orga_store_rollback (f->store);
  g_assert_cmpuint (f->seen->len, ==, 0);

  /* A savepoint rolled back: its marks go, its parent's stay. */
  g_assert_true (orga_store_begin (f->store, &error));
  kept = create_campaign (f->store, f->organization, "Gardée");
  g_assert_true (orga_store_begin (f->store, &error));
  dropped = create_campaign (f->store, f->organization, "Abandonnée");
  orga_store_rollback (f->store);
  g_assert_true (orga_store_commit (f->store, &error));
  g_assert_no_error (error);

  orga_store_changes_get_campaign_ids (only_change (f), &n_ids);
  g_assert_cmpuint (n_ids, ==, 1);
  g_assert_true (orga_store_changes_has_campaign (only_change (f), orga_campaign_get_id (kept)));
  g_assert_false (orga_store_changes_has_campaign (only_change (f), orga_campaign_get_id (dropped)));

  /* A failed operation rolls back its own transaction. */
  g_ptr_array_set_size (f->seen, 0);
  g_assert_false (orga_store_archive_campaign (f->store, 424242, "Marie Curie", &error));
  g_assert_nonnull (error);
  g_assert_cmpuint (f->seen->len, ==, 0);
}

static void
test_nothing_changed (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) campaigns = NULL;
  OrgaCampaignQuery query = { 0 };

  /* A transaction that only reads, and reads outside any. */
  g_assert_true (orga_store_begin (f->store, &error));
  campaigns = orga_store_list_campaigns (f->store, f->organization, &query, &error);
  g_assert_no_error (error);
  g_assert_true (orga_store_commit (f->store, &error));
  g_assert_cmpuint (orga_store_count_learners (f->store, f->organization, TRUE, &error), ==, 0);

  /* A write that finds nothing to change. */
  g_assert_true (orga_store_delete_demo_data (f->store, f->organization, &error));
  g_assert_no_error (error);

  /* Even watched, our own commits and reads are not taken for another
   * writer's. */
  orga_store_watch (f->store);
  g_assert_true (orga_store_begin (f->store, &error));
  g_assert_true (orga_store_commit (f->store, &error));
  spin (400);
  g_assert_cmpuint (f->seen->len, ==, 0);

  /* One own write: exactly one signal, not a second one from the file. */
  {
    g_autoptr(OrgaCampaign) campaign = create_campaign (f->store, f->organization, "Rentrée 6e");
  }
  spin (400);
  g_assert_cmpuint (f->seen->len, ==, 1);
  g_assert_false (orga_store_changes_is_external (only_change (f)));
}

static void
test_other_connection (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(OrgaStore) other = NULL;
  g_autoptr(OrgaCampaign) campaign = NULL;
  OrgaStoreChanges *changes;
  gint64 start;

  start = g_get_monotonic_time ();
  orga_store_watch (f->store);
  g_test_message ("orga_store_watch: %" G_GINT64_FORMAT " µs", g_get_monotonic_time () - start);
  spin (100);   /* the monitor starts at low priority */

  other = orga_store_open (f->path, &error);
  g_assert_no_error (error);
  start = g_get_monotonic_time ();
  campaign = create_campaign (other, f->organization, "D’ailleurs");

  wait_for_changes (f, 2000);
  g_test_message ("seen after %" G_GINT64_FORMAT " ms", (g_get_monotonic_time () - start) / 1000);

  /* A connection of this process says what it changed. */
  changes = only_change (f);
  g_assert_true (orga_store_changes_is_external (changes));
  g_assert_cmpint (orga_store_changes_get_kinds (changes), ==, ORGA_STORE_CHANGE_CAMPAIGNS);
  g_assert_true (orga_store_changes_has_campaign (changes, orga_campaign_get_id (campaign)));

  /* Once: the file's check takes it as explained. */
  spin (300);
  g_assert_cmpuint (f->seen->len, ==, 1);
}

/* What another connection wrote, unknown to this process (written by hand
 * here, as another program would): every kind. */
static void
test_unknown_writer (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(OrgaStore) other = NULL;
  OrgaStoreChanges *changes;

  orga_store_watch (f->store);
  spin (100);

  other = orga_store_open (f->path, &error);
  g_assert_no_error (error);
  g_assert_true (_orga_store_exec (other, "UPDATE organizations SET name = 'Collège Marie Curie'", &error));
  g_assert_no_error (error);

  wait_for_changes (f, 2000);
  changes = only_change (f);
  g_assert_true (orga_store_changes_is_external (changes));
  g_assert_cmpint (orga_store_changes_get_kinds (changes), ==, ORGA_STORE_CHANGE_ALL);
  g_assert_true (orga_store_changes_has_campaign (changes, 1));
  g_assert_null (orga_store_changes_get_campaign_ids (changes, NULL));

  spin (300);
  g_assert_cmpuint (f->seen->len, ==, 1);
}

/* Another thread of this process, on its own connection. */
static gpointer
write_in_thread (gpointer user_data)
{
  Fixture *f = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(OrgaStore) other = orga_store_open (f->path, &error);
  g_autoptr(OrgaCampaign) campaign = NULL;

  g_assert_no_error (error);
  campaign = create_campaign (other, f->organization, "Du fil");
  return NULL;
}

static void
test_other_thread (Fixture       *f,
                   gconstpointer  data)
{
  GThread *thread;

  orga_store_watch (f->store);
  spin (100);

  thread = g_thread_new ("writer", write_in_thread, f);
  g_thread_join (thread);

  /* Told from the thread's commit, on this thread. */
  wait_for_changes (f, 2000);
  g_assert_true (orga_store_changes_is_external (only_change (f)));
  g_assert_cmpint (orga_store_changes_get_kinds (only_change (f)), ==, ORGA_STORE_CHANGE_CAMPAIGNS);
  g_assert_true (g_thread_self () == f->thread);

  spin (300);
  g_assert_cmpuint (f->seen->len, ==, 1);
}

static void
test_cli (Fixture       *f,
          gconstpointer  data)
{
  const char *create[] = { "campaign", "create", "--name", "Depuis la ligne de commande",
                           "--profile", PROFILE, NULL };
  OrgaStoreChanges *changes;
  gint64 start;

  if (g_getenv ("PIXORGA_CLI") == NULL)
    {
      g_test_skip ("PIXORGA_CLI is not set");
      return;
    }

  orga_store_watch (f->store);
  spin (100);

  start = g_get_monotonic_time ();
  orga_test_run_cli (f->path, create);
  wait_for_changes (f, 2000);
  g_test_message ("seen %" G_GINT64_FORMAT " ms after the CLI started",
                  (g_get_monotonic_time () - start) / 1000);

  changes = only_change (f);
  g_assert_true (orga_store_changes_is_external (changes));
  g_assert_cmpint (orga_store_changes_get_kinds (changes), ==, ORGA_STORE_CHANGE_ALL);
}

static void
test_outside_transaction (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(OrgaOrganization) organization = NULL;

  /* A statement that commits on its own. */
  organization = orga_store_create_organization (f->store, UAI, "Collège Marie Curie",
                                                 ORGA_ORGANIZATION_KIND_SCO, &error);
  g_assert_no_error (error);
  g_assert_cmpint (orga_store_changes_get_kinds (only_change (f)), ==, ORGA_STORE_CHANGE_ORGANIZATION);
}

static void
test_changes_box (void)
{
  g_autoptr(OrgaStoreChanges) a = orga_store_changes_new ();
  g_autoptr(OrgaStoreChanges) b = orga_store_changes_new ();
  g_autoptr(OrgaStoreChanges) copy = NULL;
  const gint64 *ids;
  guint n_ids;

  g_assert_true (orga_store_changes_is_empty (a));
  orga_store_changes_add (a, ORGA_STORE_CHANGE_PARTICIPATIONS, 7);
  orga_store_changes_add (a, ORGA_STORE_CHANGE_CAMPAIGNS, 3);
  orga_store_changes_add (a, ORGA_STORE_CHANGE_CAMPAIGNS, 7);
  orga_store_changes_add (b, ORGA_STORE_CHANGE_LEARNERS, 0);
  orga_store_changes_merge (b, a);

  ids = orga_store_changes_get_campaign_ids (b, &n_ids);
  g_assert_cmpuint (n_ids, ==, 2);
  g_assert_cmpint (ids[0], ==, 3);
  g_assert_cmpint (ids[1], ==, 7);
  g_assert_true (orga_store_changes_has (b, ORGA_STORE_CHANGE_LEARNERS));
  g_assert_false (orga_store_changes_has (b, ORGA_STORE_CHANGE_IMPORTS));

  /* A learner change says nothing of campaigns. */
  {
    g_autoptr(OrgaStoreChanges) learners = orga_store_changes_new ();

    orga_store_changes_add (learners, ORGA_STORE_CHANGE_LEARNERS, 0);
    g_assert_false (orga_store_changes_has_campaign (learners, 3));
  }
  copy = orga_store_changes_copy (b);
  orga_store_changes_add (copy, ORGA_STORE_CHANGE_PARTICIPATIONS, 0);
  g_assert_true (orga_store_changes_has_campaign (copy, 99));
  g_assert_false (orga_store_changes_has_campaign (b, 99));
  g_assert_null (orga_store_changes_get_campaign_ids (copy, &n_ids));
  g_assert_cmpuint (n_ids, ==, 0);
}

static void
count_notify_cb (GObject    *object,
                 GParamSpec *pspec,
                 guint      *count)
{
  (*count)++;
}

/* The context follows the school renamed by another program (pixorga-cli
 * init again): one notify::organization, and none for the same school
 * read again. */
static void
test_context_follows_school (Fixture       *f,
                             gconstpointer  data)
{
  g_autoptr(OrgaContext) context = orga_context_new (f->store, NULL);
  g_autoptr(OrgaStore) other = NULL;
  g_autoptr(OrgaOrganization) renamed = NULL;
  g_autoptr(OrgaOrganization) again = NULL;
  g_autoptr(GError) error = NULL;
  guint notified = 0;

  orga_context_set_organization (context, f->organization);
  g_signal_connect (context, "notify::organization", G_CALLBACK (count_notify_cb), &notified);
  spin (100);   /* the monitor starts at low priority */

  other = orga_store_open (f->path, &error);
  g_assert_no_error (error);
  renamed = orga_store_create_organization (other, UAI, "Collège Jean Moulin (nouveau nom)",
                                            ORGA_ORGANIZATION_KIND_SCO, &error);
  g_assert_no_error (error);

  wait_for_changes (f, 2000);
  spin (100);
  g_assert_cmpuint (notified, ==, 1);
  g_assert_cmpstr (orga_organization_get_name (orga_context_get_organization (context)), ==,
                   "Collège Jean Moulin (nouveau nom)");

  /* The same school, another object: nothing for the pages to redo. */
  again = orga_store_get_organization (f->store, &error);
  g_assert_no_error (error);
  orga_context_set_organization (context, again);
  g_assert_cmpuint (notified, ==, 1);
}

int
main (int   argc,
      char *argv[])
{
  orga_test_init (&argc, &argv);

  g_test_add_func ("/change-feed/changes", test_changes_box);
#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/change-feed/commit-emits-once", test_commit_emits_once);
  ADD ("/change-feed/nested-emits-once", test_nested_emits_once);
  ADD ("/change-feed/rollback-emits-nothing", test_rollback_emits_nothing);
  ADD ("/change-feed/nothing-changed", test_nothing_changed);
  ADD ("/change-feed/outside-transaction", test_outside_transaction);
  ADD ("/change-feed/other-connection", test_other_connection);
  ADD ("/change-feed/other-thread", test_other_thread);
  ADD ("/change-feed/unknown-writer", test_unknown_writer);
  ADD ("/change-feed/cli", test_cli);
  ADD ("/change-feed/context-follows-school", test_context_follows_school);
#undef ADD

  return g_test_run ();
}
