/* test-account.c: the account, spaces and team of a local database
 *
 * The binding rules of issue 9 (item 6), the current school, the caches
 * kept for offline, and the JSON of the server's objects, on real SQLite
 * databases.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <sqlite3.h>

#include "orga-test-util.h"
#include "orga-json-team.h"
#include "orga-store-account.h"
#include "orga-store-private.h"

#define SERVER "https://orga.example.fr"
#define OTHER_SERVER "https://orga.autre.fr"

static gint64
sql_int (OrgaStore  *store,
         const char *sql)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  g_assert_cmpint (sqlite3_prepare_v2 (_orga_store_get_db (store), sql, -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  return sqlite3_column_int64 (stmt, 0);
}

static char *
sql_text (OrgaStore  *store,
          const char *sql)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  g_assert_cmpint (sqlite3_prepare_v2 (_orga_store_get_db (store), sql, -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  return g_strdup ((const char *) sqlite3_column_text (stmt, 0));
}

static OrgaStore *
new_store (void)
{
  g_autofree char *path = orga_test_new_db_path ();
  g_autoptr(GError) error = NULL;
  OrgaStore *store = orga_store_open (path, &error);

  g_assert_no_error (error);
  return store;
}

static OrgaAccount *
anne (void)
{
  return orga_account_new (SERVER "/", "user-anne", "anne@ac.fr", "Anne", "Proviseur");
}

static OrgaSpace *
space (const char *id,
       const char *uai,
       const char *name)
{
  return orga_space_new (id, uai, name, ORGA_ORGANIZATION_KIND_SCO, FALSE, ORGA_MEMBER_ROLE_ADMIN);
}

static void
test_server_url (void)
{
  static const struct { const char *in, *out; } cases[] = {
    { "https://orga.example.fr", "https://orga.example.fr" },
    { "  HTTPS://Orga.Example.FR/ ", "https://orga.example.fr" },
    { "orga.example.fr", "https://orga.example.fr" },
    { "http://127.0.0.1:8080/", "http://127.0.0.1:8080" },
    { "https://example.fr/pix/orga//", "https://example.fr/pix/orga" },
    { "https://example.fr/?a=b#c", "https://example.fr" },
    { "ftp://example.fr", NULL },
    { "https://user:pw@example.fr", NULL },
    { "", NULL },
    { "http://", NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *out = orga_server_url_normalize (cases[i].in);

      g_assert_cmpstr (out, ==, cases[i].out);
    }
  g_assert_null (orga_server_url_normalize (NULL));
}

/* A database of before the account keeps its school, now offline and
 * current. */
static void
test_migration (void)
{
  g_autofree char *path = orga_test_new_school_db ("0330001A", ORGA_ORGANIZATION_KIND_SCO);
  g_autoptr(OrgaStore) store = NULL;
  g_autoptr(OrgaOrganization) school = NULL;
  g_autoptr(OrgaAccount) account = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *space_id = NULL;

  store = orga_store_open (path, &error);
  g_assert_no_error (error);
  g_assert_cmpint (sql_int (store, "PRAGMA user_version"), ==, ORGA_STORE_SCHEMA_VERSION);
  g_assert_cmpint (ORGA_STORE_SCHEMA_VERSION, >=, 3);

  school = orga_store_get_organization (store, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (orga_organization_get_uai (school), ==, "0330001A");
  space_id = orga_store_dup_space_id (store, school, &error);
  g_assert_no_error (error);
  g_assert_null (space_id);

  account = orga_store_get_account (store, &error);
  g_assert_no_error (error);
  g_assert_null (account);
}

static void
test_bind_empty (void)
{
  g_autoptr(OrgaStore) store = new_store ();
  g_autoptr(OrgaAccount) account = anne ();
  g_autoptr(OrgaSpace) hugo = space ("org-hugo", "0331111A", "Collège Victor Hugo");
  g_autoptr(OrgaOrganization) school = NULL;
  g_autoptr(OrgaOrganization) current = NULL;
  g_autoptr(OrgaAccount) bound = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *space_id = NULL;
  g_autofree char *role = NULL;

  g_assert_true (orga_store_can_bind (store, account, hugo, &error));
  g_assert_no_error (error);
  g_assert_cmpint (sql_int (store, "SELECT count(*) FROM organizations"), ==, 0);

  school = orga_store_bind (store, account, hugo, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (orga_organization_get_uai (school), ==, "0331111A");
  g_assert_cmpstr (orga_organization_get_name (school), ==, "Collège Victor Hugo");

  current = orga_store_get_organization (store, &error);
  g_assert_cmpint (orga_organization_get_id (current), ==, orga_organization_get_id (school));
  space_id = orga_store_dup_space_id (store, school, &error);
  g_assert_cmpstr (space_id, ==, "org-hugo");
  role = sql_text (store, "SELECT role FROM organizations");
  g_assert_cmpstr (role, ==, "ADMIN");

  bound = orga_store_get_account (store, &error);
  g_assert_no_error (error);
  g_assert_nonnull (bound);
  g_assert_true (orga_account_equal (bound, account));
  g_assert_cmpstr (orga_account_get_server_url (bound), ==, SERVER);
  g_assert_cmpstr (orga_account_get_email (bound), ==, "anne@ac.fr");
}

/* A space made offline with the same UAI is kept: same row, same uuid,
 * its students still there. */
static void
test_bind_adopts_offline_school (void)
{
  g_autofree char *path = orga_test_new_school_db ("0331111A", ORGA_ORGANIZATION_KIND_SCO);
  g_autoptr(OrgaStore) store = NULL;
  g_autoptr(OrgaAccount) account = anne ();
  g_autoptr(OrgaSpace) hugo = space ("org-hugo", "0331111a", "Collège Victor Hugo");
  g_autoptr(OrgaOrganization) before = NULL;
  g_autoptr(OrgaOrganization) school = NULL;
  g_autoptr(GError) error = NULL;

  store = orga_store_open (path, &error);
  g_assert_no_error (error);
  before = orga_store_get_organization (store, &error);
  g_assert_true (_orga_store_exec (store,
                                   "INSERT INTO learners (uuid, organization_id, ine, last_name, first_name, "
                                   "name_key, created_at, updated_at) VALUES ('l-1', 1, '0123456789A', "
                                   "'DUPONT', 'Léa', 'dupont lea', '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z')",
                                   &error));

  school = orga_store_bind (store, account, hugo, &error);
  g_assert_no_error (error);
  g_assert_cmpint (orga_organization_get_id (school), ==, orga_organization_get_id (before));
  g_assert_cmpstr (orga_organization_get_uuid (school), ==, orga_organization_get_uuid (before));
  g_assert_cmpstr (orga_organization_get_name (school), ==, "Collège Victor Hugo");
  g_assert_cmpint (sql_int (store, "SELECT count(*) FROM organizations"), ==, 1);
  g_assert_cmpint (orga_store_count_learners (store, school, TRUE, &error), ==, 1);
}

/* Another UAI is refused, naming both schools; nothing changes. */
static void
test_bind_refuses_other_uai (void)
{
  g_autofree char *path = orga_test_new_school_db ("0335555E", ORGA_ORGANIZATION_KIND_SCO);
  g_autoptr(OrgaStore) store = NULL;
  g_autoptr(OrgaAccount) account = anne ();
  g_autoptr(OrgaSpace) hugo = space ("org-hugo", "0331111A", "Collège Victor Hugo");
  g_autoptr(OrgaOrganization) school = NULL;
  g_autoptr(OrgaOrganization) current = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *mine = NULL;

  store = orga_store_open (path, &error);
  g_assert_no_error (error);
  current = orga_store_get_organization (store, &error);
  mine = orga_organization_dup_title (current);

  g_assert_false (orga_store_can_bind (store, account, hugo, &error));
  g_assert_error (error, ORGA_STORE_ERROR, ORGA_STORE_ERROR_OTHER_ORGANIZATION);
  g_clear_error (&error);

  school = orga_store_bind (store, account, hugo, &error);
  g_assert_null (school);
  g_assert_error (error, ORGA_STORE_ERROR, ORGA_STORE_ERROR_OTHER_ORGANIZATION);
  g_assert_nonnull (strstr (error->message, mine));
  g_assert_nonnull (strstr (error->message, "Collège Victor Hugo (0331111A)"));

  g_assert_cmpint (sql_int (store, "SELECT count(*) FROM organizations"), ==, 1);
  g_assert_cmpint (sql_int (store, "SELECT count(*) FROM organizations WHERE server_id IS NOT NULL"), ==, 0);
  g_assert_cmpint (sql_int (store, "SELECT count(*) FROM account"), ==, 0);
}

/* Bound to one account on one server until signed out; signing out
 * keeps the data and the same account finds its schools again. */
static void
test_bind_other_account (void)
{
  g_autoptr(OrgaStore) store = new_store ();
  g_autoptr(OrgaAccount) account = anne ();
  g_autoptr(OrgaAccount) bob = orga_account_new (SERVER, "user-bob", "bob@ac.fr", "Bob", "Bernard");
  g_autoptr(OrgaAccount) elsewhere = orga_account_new (OTHER_SERVER, "user-anne", "anne@ac.fr", "Anne", "Proviseur");
  g_autoptr(OrgaSpace) hugo = space ("org-hugo", "0331111A", "Collège Victor Hugo");
  g_autoptr(OrgaSpace) hugo_elsewhere = space ("other-hugo", "0331111A", "Collège Victor Hugo");
  g_autoptr(OrgaOrganization) school = NULL;
  g_autoptr(OrgaOrganization) again = NULL;
  g_autoptr(OrgaAccount) none = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *space_id = NULL;

  school = orga_store_bind (store, account, hugo, &error);
  g_assert_no_error (error);

  g_assert_null (orga_store_bind (store, bob, hugo, &error));
  g_assert_error (error, ORGA_STORE_ERROR, ORGA_STORE_ERROR_OTHER_ACCOUNT);
  g_assert_nonnull (strstr (error->message, "anne@ac.fr"));
  g_clear_error (&error);
  g_assert_null (orga_store_bind (store, elsewhere, hugo_elsewhere, &error));
  g_assert_error (error, ORGA_STORE_ERROR, ORGA_STORE_ERROR_OTHER_ACCOUNT);
  g_clear_error (&error);

  g_assert_true (orga_store_unbind (store, &error));
  g_assert_no_error (error);
  none = orga_store_get_account (store, &error);
  g_assert_null (none);
  g_assert_true (orga_store_unbind (store, &error));
  g_assert_cmpint (sql_int (store, "SELECT count(*) FROM organizations"), ==, 1);

  /* The same account again: the same row. */
  again = orga_store_bind (store, account, hugo, &error);
  g_assert_no_error (error);
  g_assert_cmpint (orga_organization_get_id (again), ==, orga_organization_get_id (school));
  g_assert_true (orga_store_unbind (store, &error));
  g_clear_object (&again);

  /* Another server, the same school: adopted, the old id forgotten. */
  again = orga_store_bind (store, elsewhere, hugo_elsewhere, &error);
  g_assert_no_error (error);
  g_assert_cmpint (orga_organization_get_id (again), ==, orga_organization_get_id (school));
  space_id = orga_store_dup_space_id (store, again, &error);
  g_assert_cmpstr (space_id, ==, "other-hugo");
}

static void
count_changes_cb (OrgaStore        *store,
                  OrgaStoreChanges *changes,
                  guint            *kinds)
{
  *kinds |= orga_store_changes_get_kinds (changes);
}

/* Two spaces in one database: the current school follows a switch and
 * the change feed says so. */
static void
test_current_space (void)
{
  g_autoptr(OrgaStore) store = new_store ();
  g_autoptr(OrgaAccount) account = anne ();
  g_autoptr(OrgaSpace) hugo = space ("org-hugo", "0331111A", "Collège Victor Hugo");
  g_autoptr(OrgaSpace) camus = space ("org-camus", "0332222B", "Lycée Albert Camus");
  g_autoptr(OrgaOrganization) first = NULL;
  g_autoptr(OrgaOrganization) second = NULL;
  g_autoptr(OrgaOrganization) current = NULL;
  g_autoptr(OrgaOrganization) found = NULL;
  g_autoptr(GPtrArray) all = NULL;
  g_autoptr(GError) error = NULL;
  guint kinds = 0;

  first = orga_store_bind (store, account, hugo, &error);
  g_assert_no_error (error);
  /* Another space of the account bound here: one more school. */
  second = orga_store_bind (store, account, camus, &error);
  g_assert_no_error (error);
  g_assert_cmpint (orga_organization_get_id (second), !=, orga_organization_get_id (first));
  current = orga_store_get_organization (store, &error);
  g_assert_cmpint (orga_organization_get_id (current), ==, orga_organization_get_id (second));
  g_clear_object (&current);

  g_signal_connect (store, "changed", G_CALLBACK (count_changes_cb), &kinds);
  g_clear_object (&current);
  current = orga_store_set_current_space (store, hugo, &error);
  g_assert_no_error (error);
  g_assert_cmpint (orga_organization_get_id (current), ==, orga_organization_get_id (first));
  g_clear_object (&current);
  current = orga_store_get_organization (store, &error);
  g_assert_cmpint (orga_organization_get_id (current), ==, orga_organization_get_id (first));
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_assert_true (kinds & ORGA_STORE_CHANGE_ORGANIZATION);

  g_assert_true (orga_store_set_current_organization (store, orga_organization_get_id (second), &error));
  g_clear_object (&current);
  current = orga_store_get_organization (store, &error);
  g_assert_cmpint (orga_organization_get_id (current), ==, orga_organization_get_id (second));
  g_assert_false (orga_store_set_current_organization (store, 999, &error));
  g_assert_error (error, ORGA_STORE_ERROR, ORGA_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);

  found = orga_store_find_organization_by_space (store, "org-hugo", &error);
  g_assert_cmpint (orga_organization_get_id (found), ==, orga_organization_get_id (first));
  all = orga_store_list_organizations (store, &error);
  g_assert_cmpuint (all->len, ==, 2);

  /* Signed out, the database remembers which school is open. */
  g_assert_true (orga_store_unbind (store, &error));
  g_clear_object (&current);
  current = orga_store_get_organization (store, &error);
  g_assert_cmpint (orga_organization_get_id (current), ==, orga_organization_get_id (second));
  g_assert_null (orga_store_set_current_space (store, hugo, &error));
  g_assert_error (error, ORGA_STORE_ERROR, ORGA_STORE_ERROR_NOT_BOUND);
}

static GPtrArray *
three_spaces (void)
{
  GPtrArray *spaces = g_ptr_array_new_with_free_func (g_object_unref);

  g_ptr_array_add (spaces, space ("org-camus", "0332222B", "Lycée Albert Camus"));
  g_ptr_array_add (spaces, space ("org-ecole", "0333333C", "École Jules Ferry"));
  g_ptr_array_add (spaces, space ("org-hugo", "0331111A", "Collège Victor Hugo"));
  return spaces;
}

static void
test_pick_space (void)
{
  g_autoptr(OrgaStore) store = new_store ();
  g_autoptr(GPtrArray) spaces = three_spaces ();
  g_autoptr(GPtrArray) none = g_ptr_array_new ();
  g_autoptr(GPtrArray) one = g_ptr_array_new ();
  g_autoptr(OrgaSpace) picked = NULL;
  g_autoptr(OrgaOrganization) school = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_null (orga_store_pick_space (store, none, NULL, &error));
  g_assert_error (error, ORGA_STORE_ERROR, ORGA_STORE_ERROR_NOT_A_MEMBER);
  g_assert_cmpstr (error->message, ==,
                   "L'accès à Pix Orga est limité aux membres invités. Chaque espace est géré par un "
                   "administrateur Pix Orga propre à l'organisation qui l'utilise. Contactez-le pour "
                   "qu'il vous y invite.");
  g_clear_error (&error);

  /* Several and none chosen: refused, listing them in the switcher's order. */
  g_assert_null (orga_store_pick_space (store, spaces, NULL, &error));
  g_assert_error (error, ORGA_STORE_ERROR, ORGA_STORE_ERROR_CHOOSE_SPACE);
  g_assert_nonnull (strstr (error->message, "Collège Victor Hugo (0331111A), École Jules Ferry (0333333C), "
                                            "Lycée Albert Camus (0332222B)"));
  g_clear_error (&error);

  picked = orga_store_pick_space (store, spaces, " 0332222b ", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (orga_space_get_id (picked), ==, "org-camus");
  g_clear_object (&picked);

  g_assert_null (orga_store_pick_space (store, spaces, "0339999Z", &error));
  g_assert_error (error, ORGA_STORE_ERROR, ORGA_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);

  g_ptr_array_add (one, g_ptr_array_index (spaces, 1));
  picked = orga_store_pick_space (store, one, NULL, &error);
  g_assert_cmpstr (orga_space_get_id (picked), ==, "org-ecole");
  g_clear_object (&picked);

  /* The database's current school decides when it is one of them. */
  school = orga_store_create_organization (store, "0331111A", "Mon collège", ORGA_ORGANIZATION_KIND_SCO, &error);
  g_assert_no_error (error);
  picked = orga_store_pick_space (store, spaces, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (orga_space_get_id (picked), ==, "org-hugo");
}

static const char team_json[] =
  "{\"organization\": {\"id\": \"org-hugo\", \"uai\": \"0331111A\", \"name\": \"Collège Victor Hugo\","
  "  \"kind\": \"sco\", \"archived\": false},"
  " \"role\": \"ADMIN\","
  " \"members\": ["
  "  {\"user_id\": \"u-2\", \"email\": \"bob@ac.fr\", \"first_name\": \"Bob\", \"last_name\": \"Bernard\", \"role\": \"MEMBER\"},"
  "  {\"user_id\": \"u-1\", \"email\": \"anne@ac.fr\", \"first_name\": \"Anne\", \"last_name\": \"Proviseur\", \"role\": \"ADMIN\"}],"
  " \"invitations\": ["
  "  {\"id\": \"i-1\", \"email\": \"carl@ac.fr\", \"status\": \"pending\", \"role\": null,"
  "   \"created_at\": \"2026-11-30T08:00:00.000Z\", \"updated_at\": \"2026-12-02T07:30:00.125Z\"}]}";

static OrgaTeam *
parse_team (const char  *text,
            GError     **error)
{
  g_autoptr(JsonNode) node = orga_json_parse (text, -1, error);

  return node != NULL ? orga_json_team_from_node (node, error) : NULL;
}

static void
test_team_json (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(OrgaTeam) team = parse_team (team_json, &error);
  g_autoptr(OrgaTeam) again = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(JsonNode) node_again = NULL;
  g_autofree char *text = NULL;
  g_autofree char *text_again = NULL;
  g_autoptr(OrgaMember) bob = NULL;
  g_autoptr(OrgaInvitation) carl = NULL;
  GDateTime *updated;

  g_assert_no_error (error);
  g_assert_cmpstr (orga_team_get_organization_id (team), ==, "org-hugo");
  g_assert_cmpstr (orga_team_get_uai (team), ==, "0331111A");
  g_assert_true (orga_team_viewer_is_admin (team));
  g_assert_cmpuint (g_list_model_get_n_items (orga_team_get_members (team)), ==, 2);
  g_assert_cmpuint (orga_team_count_admins (team), ==, 1);
  g_assert_false (orga_team_get_offline (team));

  bob = g_list_model_get_item (orga_team_get_members (team), 0);
  g_assert_cmpstr (orga_member_get_user_id (bob), ==, "u-2");
  g_assert_cmpint (orga_member_get_role (bob), ==, ORGA_MEMBER_ROLE_MEMBER);
  g_assert_true (orga_team_find_member (team, "ANNE@ac.fr") != NULL);
  g_assert_null (orga_team_find_member (team, "carl@ac.fr"));

  carl = g_object_ref (orga_team_find_invitation (team, "carl@ac.fr"));
  g_assert_cmpint (orga_invitation_get_role (carl), ==, ORGA_MEMBER_ROLE_NONE);
  g_assert_cmpint (orga_invitation_get_status (carl), ==, ORGA_INVITATION_STATUS_PENDING);
  updated = orga_invitation_get_updated_at (carl);
  g_assert_cmpint (g_date_time_get_day_of_month (updated), ==, 2);
  g_assert_cmpint (g_date_time_get_microsecond (updated), ==, 125000);

  /* Written and read again: the same team. */
  node = orga_json_team_to_node (team);
  text = orga_json_to_data (node, FALSE);
  again = parse_team (text, &error);
  g_assert_no_error (error);
  node_again = orga_json_team_to_node (again);
  text_again = orga_json_to_data (node_again, FALSE);
  g_assert_cmpstr (text, ==, text_again);
  g_assert_nonnull (strstr (text, "\"updated_at\":\"2026-12-02T07:30:00.125Z\""));
  g_assert_true (g_date_time_equal (orga_team_get_fetched_at (team), orga_team_get_fetched_at (again)));
}

static void
test_team_json_refused (void)
{
  static const char *bad[] = {
    "[]",
    "{\"organization\": {\"id\": \"o\", \"uai\": \"U\", \"name\": \"N\"}, \"role\": \"OWNER\", \"members\": [], \"invitations\": []}",
    "{\"organization\": {\"id\": \"o\", \"uai\": \"U\", \"name\": \"N\"}, \"role\": \"admin\", \"members\": [], \"invitations\": []}",
    "{\"organization\": {\"id\": \"o\", \"uai\": \"U\", \"name\": \"N\"}, \"role\": \"ADMIN\", \"members\": {}, \"invitations\": []}",
    "{\"organization\": {\"id\": \"o\", \"uai\": \"U\", \"name\": \"N\", \"kind\": \"x\"}, \"role\": \"ADMIN\", \"members\": [], \"invitations\": []}",
    "{\"organization\": {\"id\": \"o\", \"uai\": \"U\", \"name\": \"N\"}, \"role\": \"ADMIN\", \"members\": [{\"user_id\": 3}], \"invitations\": []}",
    "{\"organization\": {\"id\": \"o\", \"uai\": \"U\", \"name\": \"N\"}, \"role\": \"ADMIN\", \"members\": [], "
    " \"invitations\": [{\"id\": \"i\", \"email\": \"e\", \"status\": \"pending\", \"updated_at\": \"hier\"}]}",
    "{\"organization\": null, \"role\": \"ADMIN\", \"members\": [], \"invitations\": []}",
  };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(OrgaTeam) team = parse_team (bad[i], &error);

      g_assert_null (team);
      g_assert_error (error, ORGA_JSON_ERROR, ORGA_JSON_ERROR_INVALID);
    }
}

/* Mutated answers (fixed seed): read or refused, never a crash nor a
 * half-read team. */
static void
test_team_json_mutations (void)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (20261202);
  static const char alphabet[] = "{}[]\":,0123456789 truefalsenull\\\xc3\xa9" "ADMINMEMBER";
  guint read = 0, refused = 0;

  for (guint i = 0; i < 3000; i++)
    {
      g_autofree char *text = g_strdup (team_json);
      gsize len = strlen (text);
      guint n = g_rand_int_range (rand, 1, 6);
      g_autoptr(GError) error = NULL;
      g_autoptr(OrgaTeam) team = NULL;

      for (guint j = 0; j < n; j++)
        {
          gsize at = g_rand_int_range (rand, 0, (gint32) len);

          switch (g_rand_int_range (rand, 0, 3))
            {
            case 0:   /* replace a byte */
              text[at] = alphabet[g_rand_int_range (rand, 0, sizeof alphabet - 1)];
              break;
            case 1:   /* cut the text */
              text[at] = '\0';
              len = at > 0 ? at : 1;
              break;
            default:  /* drop a byte */
              memmove (text + at, text + at + 1, len - at);
              len = len > 1 ? len - 1 : 1;
              break;
            }
        }

      team = parse_team (text, &error);
      if (team != NULL)
        {
          g_autoptr(JsonNode) node = orga_json_team_to_node (team);

          g_assert_no_error (error);
          g_assert_nonnull (node);
          read++;
        }
      else
        {
          g_assert_nonnull (error);
          g_assert_true (error->domain == ORGA_JSON_ERROR);
          refused++;
        }
    }

  g_assert_cmpuint (read, >, 0);
  g_assert_cmpuint (refused, >, 0);
}

static void
test_caches (void)
{
  g_autoptr(OrgaStore) store = new_store ();
  g_autoptr(OrgaAccount) account = anne ();
  g_autoptr(OrgaSpace) hugo = space ("org-hugo", "0331111A", "Collège Victor Hugo");
  g_autoptr(OrgaOrganization) school = NULL;
  g_autoptr(OrgaTeam) team = NULL;
  g_autoptr(OrgaTeam) cached = NULL;
  g_autoptr(GPtrArray) spaces = three_spaces ();
  g_autoptr(GPtrArray) loaded = NULL;
  g_autoptr(GError) error = NULL;

  school = orga_store_bind (store, account, hugo, &error);
  g_assert_no_error (error);

  cached = orga_store_load_team_cache (store, school, &error);
  g_assert_no_error (error);
  g_assert_null (cached);
  loaded = orga_store_load_spaces (store, &error);
  g_assert_cmpuint (loaded->len, ==, 0);
  g_clear_pointer (&loaded, g_ptr_array_unref);

  team = parse_team (team_json, &error);
  g_assert_true (orga_store_save_team_cache (store, school, team, &error));
  g_assert_no_error (error);
  cached = orga_store_load_team_cache (store, school, &error);
  g_assert_no_error (error);
  g_assert_true (orga_team_get_offline (cached));
  g_assert_cmpuint (g_list_model_get_n_items (orga_team_get_members (cached)), ==, 2);
  g_assert_cmpuint (g_list_model_get_n_items (orga_team_get_invitations (cached)), ==, 1);
  g_assert_true (g_date_time_equal (orga_team_get_fetched_at (team), orga_team_get_fetched_at (cached)));

  g_assert_true (orga_store_save_spaces (store, spaces, &error));
  loaded = orga_store_load_spaces (store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (loaded->len, ==, 3);
  /* Sorted as the switcher shows them, accents ignored. */
  g_assert_cmpstr (orga_space_get_uai (g_ptr_array_index (loaded, 0)), ==, "0331111A");
  g_assert_cmpstr (orga_space_get_uai (g_ptr_array_index (loaded, 1)), ==, "0333333C");
  g_assert_cmpstr (orga_space_get_uai (g_ptr_array_index (loaded, 2)), ==, "0332222B");
  g_assert_cmpint (orga_space_get_role (g_ptr_array_index (loaded, 0)), ==, ORGA_MEMBER_ROLE_ADMIN);

  /* Logout keeps them (the data stays on this computer). */
  g_assert_true (orga_store_unbind (store, &error));
  g_clear_object (&cached);
  cached = orga_store_load_team_cache (store, school, &error);
  g_assert_nonnull (cached);
}

static void
test_roles (void)
{
  OrgaMemberRole role = ORGA_MEMBER_ROLE_NONE;
  OrgaInvitationStatus status;

  g_assert_true (orga_member_role_from_string ("admin", &role));
  g_assert_cmpint (role, ==, ORGA_MEMBER_ROLE_ADMIN);
  g_assert_true (orga_member_role_from_string ("MEMBER", &role));
  g_assert_cmpint (role, ==, ORGA_MEMBER_ROLE_MEMBER);
  g_assert_false (orga_member_role_from_string ("owner", &role));
  g_assert_false (orga_member_role_from_string (NULL, &role));
  g_assert_cmpstr (orga_member_role_to_string (ORGA_MEMBER_ROLE_ADMIN), ==, "ADMIN");
  g_assert_null (orga_member_role_to_string (ORGA_MEMBER_ROLE_NONE));
  g_assert_cmpstr (orga_member_role_get_label (ORGA_MEMBER_ROLE_ADMIN), ==, "Administrateur");
  g_assert_cmpstr (orga_member_role_get_label (ORGA_MEMBER_ROLE_MEMBER), ==, "Membre");
  g_assert_true (orga_invitation_status_from_string ("cancelled", &status));
  g_assert_cmpint (status, ==, ORGA_INVITATION_STATUS_CANCELLED);
  g_assert_false (orga_invitation_status_from_string ("canceled", &status));
}

int
main (int   argc,
      char *argv[])
{
  orga_test_init (&argc, &argv);

  g_test_add_func ("/account/server-url", test_server_url);
  g_test_add_func ("/account/roles", test_roles);
  g_test_add_func ("/account/migration", test_migration);
  g_test_add_func ("/account/bind/empty", test_bind_empty);
  g_test_add_func ("/account/bind/adopts-offline-school", test_bind_adopts_offline_school);
  g_test_add_func ("/account/bind/refuses-other-uai", test_bind_refuses_other_uai);
  g_test_add_func ("/account/bind/other-account", test_bind_other_account);
  g_test_add_func ("/account/current-space", test_current_space);
  g_test_add_func ("/account/pick-space", test_pick_space);
  g_test_add_func ("/account/team-json", test_team_json);
  g_test_add_func ("/account/team-json-refused", test_team_json_refused);
  g_test_add_func ("/account/team-json-mutations", test_team_json_mutations);
  g_test_add_func ("/account/caches", test_caches);

  return g_test_run ();
}
