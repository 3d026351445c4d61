/* sync-test-util.c: a real pixorga-server, spaces and desktops for the
 * sync tests (see the header)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <fcntl.h>
#include <glib/gstdio.h>
#include <libsoup/soup.h>
#include <signal.h>
#include <sqlite3.h>
#include <string.h>
#include <sys/prctl.h>

#include "orga-store-campaigns.h"
#include "orga-store-account.h"
#include "orga-store-sync.h"
#include "orga-sync-wire.h"
#include "orga-test-util.h"
#include "orga-token-store.h"
#include "sync-test-util.h"

static char *temp_dir;
static OrgaTokenStore *token_store;
static guint counter;

static void
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR) && !g_file_test (child, G_FILE_TEST_IS_SYMLINK))
        remove_tree (child);
      else
        g_unlink (child);
    }
  g_rmdir (path);
}

static void
remove_temp_dir (void)
{
  if (temp_dir != NULL && g_getenv ("PIXORGA_TEST_KEEP") == NULL)
    remove_tree (temp_dir);
  g_clear_pointer (&temp_dir, g_free);
  g_clear_object (&token_store);
}

/* A failed assertion aborts, and meson's timeout sends SIGTERM:
 * atexit() does not run then, and a folder left in /dev/shm would hold
 * memory until the next reboot. */
static void
remove_temp_dir_on_abort (int signum)
{
  remove_temp_dir ();
  signal (signum, SIG_DFL);
  raise (signum);
}

void
sync_test_init (int    *argc,
                char ***argv)
{
  g_autofree char *data_home = NULL;
  g_autofree char *tokens = NULL;

  orga_test_init (argc, argv);
  /* In memory where there is such a folder: the databases fsync every
   * commit, which only a power cut would need, and a SIGKILL does not. */
  {
    const char *base = g_getenv ("PIXORGA_TEST_TMPDIR");
    g_autofree char *template = NULL;

    if (base == NULL && g_access ("/dev/shm", W_OK) == 0)
      base = "/dev/shm";
    if (base == NULL)
      base = g_get_tmp_dir ();
    template = g_build_filename (base, "pixorga-sync-test-XXXXXX", NULL);
    temp_dir = g_mkdtemp_full (template, 0700);
    g_assert_nonnull (temp_dir);
    temp_dir = g_strdup (temp_dir);
  }
  atexit (remove_temp_dir);
  signal (SIGABRT, remove_temp_dir_on_abort);
  signal (SIGTERM, remove_temp_dir_on_abort);

  /* The pixorga-cli children find the tokens the harness files. */
  data_home = g_build_filename (temp_dir, "data", NULL);
  tokens = g_build_filename (data_home, "pixorga", "tokens", NULL);
  g_mkdir_with_parents (tokens, 0700);
  g_setenv ("XDG_DATA_HOME", data_home, TRUE);
  g_setenv ("PIXORGA_TOKEN_STORE", "file", TRUE);
  token_store = orga_token_store_new_for_directory (tokens);
}

const char *
sync_test_get_temp_dir (void)
{
  g_assert_nonnull (temp_dir);
  return temp_dir;
}

gboolean
sync_test_is_postgres (void)
{
  const char *uri = g_getenv ("PIXORGA_TEST_PG_URI");

  return uri != NULL && *uri != '\0';
}

/* ---- waiting ------------------------------------------------------------ */

void
sync_test_result_cb (GObject      *source,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  GAsyncResult **slot = user_data;

  *slot = g_object_ref (result);
}

static gboolean
timed_out_cb (gpointer data)
{
  *(gboolean *) data = TRUE;
  return G_SOURCE_REMOVE;
}

GAsyncResult *
sync_test_wait (GAsyncResult **slot,
                guint          timeout_ms)
{
  gboolean timed_out = FALSE;
  guint source = g_timeout_add (timeout_ms, timed_out_cb, &timed_out);

  while (*slot == NULL && !timed_out)
    g_main_context_iteration (NULL, TRUE);
  if (*slot == NULL)
    g_error ("no answer within %u ms", timeout_ms);
  g_source_remove (source);
  return *slot;
}

/* ---- the server --------------------------------------------------------- */

struct _SyncTestServer
{
  char        *binary;
  char        *folder;
  char        *db;
  char        *mail_dir;
  char        *log;
  char        *url;
  guint        port;
  GSubprocess *process;
};

static void
die_with_parent (gpointer data)
{
  /* A test that aborts takes its server with it. */
  prctl (PR_SET_PDEATHSIG, SIGKILL);
}

static gboolean
spawn_server (SyncTestServer     *self,
              const char * const *env)
{
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE);
  g_autoptr(GDataInputStream) out = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *listen = g_strdup_printf ("127.0.0.1:%u", self->port);
  g_autofree char *line = NULL;
  const char *argv[] = { self->binary, "--db", self->db, "--listen", listen,
                         "--public-url", "http://orga.test", "--mail-dir", self->mail_dir, NULL };

  g_subprocess_launcher_set_child_setup (launcher, die_with_parent, NULL, NULL);
  {
    /* Appended: a restart keeps what the killed one said. */
    int fd = g_open (self->log, O_WRONLY | O_CREAT | O_APPEND, 0600);

    g_assert_cmpint (fd, >=, 0);
    g_subprocess_launcher_take_stderr_fd (launcher, fd);
  }
  for (guint i = 0; env != NULL && env[i] != NULL; i++)
    {
      g_auto(GStrv) pair = g_strsplit (env[i], "=", 2);

      g_assert_nonnull (pair[1]);
      g_subprocess_launcher_setenv (launcher, pair[0], pair[1], TRUE);
    }

  self->process = g_subprocess_launcher_spawnv (launcher, argv, &error);
  g_assert_no_error (error);

  /* "listening on http://127.0.0.1:PORT" once the socket is bound. */
  out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (self->process));
  line = g_data_input_stream_read_line_utf8 (out, NULL, NULL, &error);
  g_assert_no_error (error);
  if (line == NULL || !g_str_has_prefix (line, "listening on "))
    {
      /* Most likely the port was not free yet: the caller tries again. */
      g_subprocess_wait (self->process, NULL, NULL);
      g_clear_object (&self->process);
      return FALSE;
    }

  if (self->port == 0)
    {
      g_autoptr(GUri) uri = g_uri_parse (line + strlen ("listening on "), G_URI_FLAGS_NONE, &error);

      g_assert_no_error (error);
      self->port = g_uri_get_port (uri);
      self->url = g_strdup_printf ("http://127.0.0.1:%u", self->port);
    }
  return TRUE;
}

SyncTestServer *
sync_test_server_start (const char * const *env)
{
  SyncTestServer *self = g_new0 (SyncTestServer, 1);
  const char *binary = g_getenv ("PIXORGA_SERVER");

  g_assert_nonnull (binary);
  self->binary = g_strdup (binary);
  self->folder = g_build_filename (sync_test_get_temp_dir (), "server", NULL);
  g_assert_cmpint (g_mkdir_with_parents (self->folder, 0700), ==, 0);
  self->mail_dir = g_build_filename (self->folder, "mail", NULL);
  g_assert_cmpint (g_mkdir_with_parents (self->mail_dir, 0700), ==, 0);
  self->log = g_build_filename (self->folder, "server.log", NULL);
  if (sync_test_is_postgres ())
    self->db = g_strdup (g_getenv ("PIXORGA_TEST_PG_URI"));
  else
    self->db = g_build_filename (self->folder, "server.db", NULL);

  if (!spawn_server (self, env))
    {
      g_autofree char *log = NULL;

      g_file_get_contents (self->log, &log, NULL, NULL);
      g_error ("pixorga-server did not start: %s", log);
    }
  return self;
}

const char *
sync_test_server_get_url (SyncTestServer *self)
{
  return self->url;
}

const char *
sync_test_server_get_db (SyncTestServer *self)
{
  return self->db;
}

gboolean
sync_test_server_is_running (SyncTestServer *self)
{
  return self->process != NULL;
}

void
sync_test_server_kill (SyncTestServer *self)
{
  g_assert_nonnull (self->process);
  g_subprocess_force_exit (self->process);
  g_subprocess_wait (self->process, NULL, NULL);
  g_clear_object (&self->process);
}

void
sync_test_server_restart (SyncTestServer     *self,
                          const char * const *env)
{
  g_assert_null (self->process);
  /* The port is the one the clients know: wait for it to be free. */
  for (guint i = 0; i < 100; i++)
    {
      if (spawn_server (self, env))
        return;
      g_usleep (50000);
    }
  g_error ("pixorga-server did not start again on port %u (see %s)", self->port, self->log);
}

void
sync_test_server_free (SyncTestServer *self)
{
  if (self == NULL)
    return;
  if (self->process != NULL)
    {
      g_subprocess_send_signal (self->process, SIGTERM);
      g_subprocess_wait (self->process, NULL, NULL);
      g_clear_object (&self->process);
    }
  g_free (self->binary);
  g_free (self->folder);
  g_free (self->db);
  g_free (self->mail_dir);
  g_free (self->log);
  g_free (self->url);
  g_free (self);
}

char *
sync_test_server_admin (SyncTestServer     *self,
                        const char * const *args)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;

  g_ptr_array_add (argv, self->binary);
  g_ptr_array_add (argv, (gpointer) "--db");
  g_ptr_array_add (argv, self->db);
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (gpointer) args[i]);
  g_ptr_array_add (argv, NULL);

  process = g_subprocess_newv ((const char * const *) argv->pdata,
                               G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (process, NULL, NULL, &out, &err, &error);
  g_assert_no_error (error);
  if (!g_subprocess_get_successful (process))
    g_error ("pixorga-server %s %s failed: %s%s", args[0], args[1] != NULL ? args[1] : "", out, err);
  return g_steal_pointer (&out);
}

char *
sync_test_closed_url (void)
{
  g_autoptr(GSocket) socket = NULL;
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) bound = NULL;
  g_autoptr(GError) error = NULL;
  guint port;

  socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, &error);
  g_assert_no_error (error);
  g_assert_true (g_socket_bind (socket, address, FALSE, &error));
  bound = g_socket_get_local_address (socket, &error);
  g_assert_no_error (error);
  port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));
  g_socket_close (socket, NULL);
  return g_strdup_printf ("http://127.0.0.1:%u", port);
}

/* ---- mails -------------------------------------------------------------- */

/* The invitation of the mail to @address: its id and code. The mail is
 * removed, so that the next one to the same address is not confused
 * with it. Waits for it (the server may send it after answering). */
static void
take_invitation (SyncTestServer  *server,
                 const char      *address,
                 char           **id,
                 char           **code)
{
  g_autoptr(GRegex) regex = g_regex_new ("invitationId=([A-Za-z0-9-]+)&(?:amp;)?code=([A-Z0-9]+)", 0, 0, NULL);
  /* The server writes addresses in lower case. */
  g_autofree char *wanted = g_ascii_strdown (address, -1);

  for (guint attempt = 0; attempt < 1000; attempt++)
    {
      g_autoptr(GDir) dir = g_dir_open (server->mail_dir, 0, NULL);
      const char *name;

      while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
        {
          g_autofree char *path = g_build_filename (server->mail_dir, name, NULL);
          g_autofree char *raw = NULL;
          g_autofree char *text = NULL;
          g_autoptr(GMatchInfo) match = NULL;

          if (!g_str_has_suffix (name, ".eml") || !g_file_get_contents (path, &raw, NULL, NULL))
            continue;
          text = orga_test_decode_quoted_printable (raw);
          if (strstr (text, wanted) == NULL || !g_regex_match (regex, text, 0, &match))
            continue;
          *id = g_match_info_fetch (match, 1);
          *code = g_match_info_fetch (match, 2);
          g_unlink (path);
          return;
        }
      g_usleep (10000);
    }
  g_error ("no invitation mailed to %s", address);
}

/* ---- a space ------------------------------------------------------------ */

static OrgaClient *
new_client (const char *url)
{
  g_autoptr(GError) error = NULL;
  OrgaClient *client = orga_client_new (url, &error);

  g_assert_no_error (error);
  return client;
}

/* Signs up @email, signs in, accepts Pix Orga's terms and the invitation
 * @id/@code: the account, its membership and its token. */
static void
join_space (SyncTestServer  *server,
            const char      *email,
            const char      *first_name,
            const char      *last_name,
            const char      *id,
            const char      *code,
            OrgaAccount    **account,
            OrgaSpace      **space,
            char           **token)
{
  g_autoptr(OrgaClient) client = new_client (server->url);
  g_autoptr(GError) error = NULL;
  g_autoptr(OrgaClientSession) session = NULL;

  {
    g_autoptr(GAsyncResult) result = NULL;
    g_autoptr(OrgaAccount) made = NULL;

    orga_client_sign_up_async (client, email, SYNC_TEST_PASSWORD, first_name, last_name, TRUE, NULL,
                               sync_test_result_cb, &result);
    made = orga_client_sign_up_finish (client, sync_test_wait (&result, 60000), &error);
    g_assert_no_error (error);
  }
  {
    g_autoptr(GAsyncResult) result = NULL;

    orga_client_sign_in_async (client, email, SYNC_TEST_PASSWORD, NULL, sync_test_result_cb, &result);
    session = orga_client_sign_in_finish (client, sync_test_wait (&result, 60000), &error);
    g_assert_no_error (error);
  }
  {
    g_autoptr(GAsyncResult) result = NULL;

    orga_client_accept_orga_terms_async (client, NULL, sync_test_result_cb, &result);
    g_assert_true (orga_client_accept_orga_terms_finish (client, sync_test_wait (&result, 60000), &error));
    g_assert_no_error (error);
  }
  {
    g_autoptr(GAsyncResult) result = NULL;

    orga_client_accept_invitation_async (client, id, code, NULL, sync_test_result_cb, &result);
    *space = orga_client_accept_invitation_finish (client, sync_test_wait (&result, 60000), &error);
    g_assert_no_error (error);
  }

  *account = g_object_ref (session->account);
  *token = g_strdup (orga_client_get_token (client));
  g_assert_nonnull (*token);
  /* For the pixorga-cli children. */
  g_assert_true (orga_token_store_save (token_store, server->url, email, *token, NULL, &error));
  g_assert_no_error (error);
}

SyncTestSpace *
sync_test_space_new (SyncTestServer *server)
{
  SyncTestSpace *self = g_new0 (SyncTestSpace, 1);
  guint n = ++counter;
  g_autofree char *name = g_strdup_printf ("Collège n° %u", n);
  g_autofree char *school_email = NULL;
  g_autofree char *admin_email = g_strdup_printf ("admin-%u@ac-test.fr", n);
  g_autofree char *member_email = g_strdup_printf ("member-%u@ac-test.fr", n);
  g_autofree char *admin_last_name = g_strdup_printf ("Admin %u", n);
  g_autofree char *id = NULL;
  g_autofree char *code = NULL;
  g_autofree char *out = NULL;
  g_autoptr(OrgaClient) anonymous = new_client (server->url);
  g_autoptr(GError) error = NULL;

  self->server = server;
  self->uai = g_strdup_printf ("0339%03uS", n);
  school_email = g_strdup_printf ("ce.%s@ac-test.fr", self->uai);
  {
    const char *add[] = { "org", "add", "--uai", self->uai, "--name", name, "--email", school_email, NULL };

    out = sync_test_server_admin (server, add);
  }

  /* Activation: the link goes to the school's address. */
  {
    g_autoptr(GAsyncResult) result = NULL;
    g_autofree char *message = NULL;

    orga_client_activate_async (anonymous, self->uai, "Anne", "Admin", NULL, sync_test_result_cb, &result);
    message = orga_client_activate_finish (anonymous, sync_test_wait (&result, 60000), &error);
    g_assert_no_error (error);
  }
  take_invitation (server, school_email, &id, &code);
  join_space (server, admin_email, "Anne", admin_last_name, id, code,
              &self->admin, &self->admin_space, &self->admin_token);
  g_assert_cmpint (orga_space_get_role (self->admin_space), ==, ORGA_MEMBER_ROLE_ADMIN);
  self->space_id = g_strdup (orga_space_get_id (self->admin_space));

  /* The administrator invites the member. */
  {
    g_autoptr(OrgaClient) client = new_client (server->url);
    g_autoptr(GAsyncResult) result = NULL;
    g_autofree char *message = NULL;
    const char *emails[] = { member_email, NULL };

    orga_client_set_token (client, self->admin_token);
    orga_client_invite_async (client, self->space_id, emails, ORGA_MEMBER_ROLE_MEMBER, NULL,
                              sync_test_result_cb, &result);
    message = orga_client_invite_finish (client, sync_test_wait (&result, 60000), NULL, &error);
    g_assert_no_error (error);
  }
  g_clear_pointer (&id, g_free);
  g_clear_pointer (&code, g_free);
  take_invitation (server, member_email, &id, &code);
  join_space (server, member_email, "Marc", "Membre", id, code,
              &self->member, &self->member_space, &self->member_token);
  g_assert_cmpint (orga_space_get_role (self->member_space), ==, ORGA_MEMBER_ROLE_MEMBER);
  g_assert_cmpstr (orga_space_get_id (self->member_space), ==, self->space_id);

  return self;
}

void
sync_test_space_free (SyncTestSpace *self)
{
  if (self == NULL)
    return;
  g_free (self->uai);
  g_free (self->space_id);
  g_clear_object (&self->admin);
  g_clear_object (&self->admin_space);
  g_free (self->admin_token);
  g_clear_object (&self->member);
  g_clear_object (&self->member_space);
  g_free (self->member_token);
  g_free (self);
}

void
sync_test_server_import_participations (SyncTestSpace *space,
                                        JsonArray     *participations)
{
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = json_node_new (JSON_NODE_ARRAY);
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  g_autofree char *file = NULL;
  g_autofree char *out = NULL;

  /* The file is the array of rows. */
  json_node_set_array (root, participations);
  json_generator_set_root (generator, root);
  text = json_generator_to_data (generator, NULL);
  file = g_build_filename (sync_test_get_temp_dir (), "participations.json", NULL);
  g_assert_true (g_file_set_contents (file, text, -1, &error));
  g_assert_no_error (error);
  {
    const char *args[] = { "participations", "import", space->space_id, file, NULL };

    out = sync_test_server_admin (space->server, args);
  }
  g_unlink (file);
}

JsonObject *
sync_test_participation_row (const char *campaign,
                             const char *learner,
                             gboolean    shared,
                             double      mastery_rate)
{
  g_autofree char *uuid = orga_store_new_uuid ();
  g_autofree char *now = orga_store_now ();
  JsonObject *row = json_object_new ();

  json_object_set_string_member (row, "uuid", uuid);
  json_object_set_string_member (row, "campaign", campaign);
  json_object_set_string_member (row, "learner", learner);
  json_object_set_string_member (row, "status", shared ? "SHARED" : "STARTED");
  json_object_set_string_member (row, "created_at", now);
  if (shared)
    json_object_set_string_member (row, "shared_at", now);
  else
    json_object_set_null_member (row, "shared_at");
  json_object_set_double_member (row, "mastery_rate", shared ? mastery_rate : 0.0);
  json_object_set_double_member (row, "progression", shared ? 1.0 : 0.5);
  json_object_set_int_member (row, "pix_score", shared ? (gint64) (mastery_rate * 300) : 0);
  json_object_set_int_member (row, "validated_skills", shared ? (gint64) (mastery_rate * 20) : 0);
  json_object_set_null_member (row, "is_certifiable");
  json_object_set_boolean_member (row, "is_improved", FALSE);
  json_object_set_int_member (row, "attempt", 1);
  json_object_set_null_member (row, "external_id");
  json_object_set_null_member (row, "deleted_at");
  json_object_set_null_member (row, "deleted_by");
  json_object_set_null_member (row, "results");
  return row;
}

JsonNode *
sync_test_space_fetch_page (SyncTestSpace *self,
                            gint64         after,
                            guint          limit)
{
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autoptr(SoupMessage) message = NULL;
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *url = g_strdup_printf ("%s/api/v1/organizations/%s/sync/changes?protocol=%d&after=%"
                                          G_GINT64_FORMAT "&limit=%u",
                                          self->server->url, self->space_id, ORGA_SYNC_PROTOCOL,
                                          after, limit);
  g_autofree char *bearer = g_strdup_printf ("Bearer %s", self->admin_token);
  JsonNode *node;

  message = soup_message_new ("GET", url);
  soup_message_headers_replace (soup_message_get_request_headers (message), "Authorization", bearer);
  body = soup_session_send_and_read (session, message, NULL, &error);
  g_assert_no_error (error);
  if (soup_message_get_status (message) != 200)
    g_error ("GET %s: %u %.*s", url, soup_message_get_status (message),
             (int) g_bytes_get_size (body), (const char *) g_bytes_get_data (body, NULL));
  node = json_from_string (g_bytes_get_data (body, NULL), &error);
  g_assert_no_error (error);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (node));
  return node;
}

/* ---- a desktop ---------------------------------------------------------- */

SyncTestDesktop *
sync_test_desktop_new (SyncTestSpace *space,
                       const char    *name,
                       gboolean       admin)
{
  SyncTestDesktop *self = g_new0 (SyncTestDesktop, 1);
  g_autofree char *file = g_strdup_printf ("desktop-%u-%s.db", ++counter, name);
  g_autoptr(GError) error = NULL;

  self->space = space;
  self->name = g_strdup (name);
  self->admin = admin;
  self->path = g_build_filename (sync_test_get_temp_dir (), file, NULL);
  self->account = g_object_ref (admin ? space->admin : space->member);
  self->store = orga_store_open (self->path, &error);
  g_assert_no_error (error);
  self->school = orga_store_bind (self->store, self->account,
                                  admin ? space->admin_space : space->member_space, &error);
  g_assert_no_error (error);
  g_assert_nonnull (self->school);
  g_assert_true (orga_store_sync_is_enabled (self->store, self->school));
  sync_test_desktop_set_online (self, TRUE);
  return self;
}

void
sync_test_desktop_free (SyncTestDesktop *self)
{
  if (self == NULL)
    return;
  g_clear_object (&self->client);
  g_clear_object (&self->school);
  g_clear_object (&self->store);
  g_clear_object (&self->account);
  /* A long run makes many: their files go as they do. */
  if (g_getenv ("PIXORGA_TEST_KEEP") == NULL)
    {
      g_autofree char *wal = g_strconcat (self->path, "-wal", NULL);
      g_autofree char *shm = g_strconcat (self->path, "-shm", NULL);

      g_unlink (self->path);
      g_unlink (wal);
      g_unlink (shm);
    }
  g_free (self->path);
  g_free (self->name);
  g_free (self);
}

void
sync_test_desktop_set_online (SyncTestDesktop *self,
                              gboolean         online)
{
  g_autofree char *closed = online ? NULL : sync_test_closed_url ();

  g_clear_object (&self->client);
  self->client = new_client (online ? self->space->server->url : closed);
  orga_client_set_token (self->client, self->admin ? self->space->admin_token : self->space->member_token);
  /* A killed server must not hold a test for the default 30 s. */
  orga_client_set_timeout (self->client, 20);
  self->online = online;
}

OrgaSyncReport *
sync_test_desktop_sync (SyncTestDesktop *self)
{
  g_autoptr(OrgaSync) sync = orga_sync_new (self->store, self->client);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  OrgaSyncReport *report;

  orga_sync_run_async (sync, self->school, NULL, sync_test_result_cb, &result);
  report = orga_sync_run_finish (sync, sync_test_wait (&result, 60000), &error);
  g_assert_no_error (error);
  g_assert_nonnull (report);
  return report;
}

guint
sync_test_desktop_count_outbox (SyncTestDesktop *self)
{
  g_autoptr(GError) error = NULL;
  guint n = orga_store_sync_count_outbox (self->store, self->school, &error);

  g_assert_no_error (error);
  return n;
}

gint64
sync_test_desktop_get_cursor (SyncTestDesktop *self)
{
  g_autoptr(GError) error = NULL;
  gint64 cursor = orga_store_sync_get_cursor (self->store, self->school, &error);

  g_assert_no_error (error);
  return cursor;
}

GSubprocess *
sync_test_desktop_spawn_cli (SyncTestDesktop    *self,
                             const char * const *env,
                             const char * const *args)
{
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                                                       G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  const char *cli = g_getenv ("PIXORGA_CLI");
  GSubprocess *process;

  g_assert_nonnull (cli);
  g_subprocess_launcher_set_child_setup (launcher, die_with_parent, NULL, NULL);
  for (guint i = 0; env != NULL && env[i] != NULL; i++)
    {
      g_auto(GStrv) pair = g_strsplit (env[i], "=", 2);

      g_assert_nonnull (pair[1]);
      g_subprocess_launcher_setenv (launcher, pair[0], pair[1], TRUE);
    }
  g_ptr_array_add (argv, (gpointer) cli);
  g_ptr_array_add (argv, (gpointer) "--db");
  g_ptr_array_add (argv, self->path);
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (gpointer) args[i]);
  g_ptr_array_add (argv, NULL);
  process = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata, &error);
  g_assert_no_error (error);
  return process;
}

/* Coprime lengths: the pairs repeat only after 19 × 20 students. */
static const char * const last_names[] = {
  "MARTIN", "BERNARD", "DUBOIS", "THOMAS", "ROBERT", "RICHARD", "PETIT", "DURAND", "LEROY", "MOREAU",
  "SIMON", "LAURENT", "LEFÈVRE", "MICHEL", "GARCIA", "DAVID", "BERTRAND", "ROUX", "VINCENT",
};
/* Even: girls, odd: boys, as f->sex. */
static const char * const first_names[] = {
  "Léa", "Hugo", "Chloé", "Louis", "Emma", "Jules", "Inès", "Gabriel", "Zoé", "Nathan",
  "Manon", "Lucas", "Camille", "Théo", "Jade", "Arthur", "Louise", "Raphaël", "Alice", "Adam",
};

OrgaImportReport *
sync_test_desktop_import (SyncTestDesktop *self,
                          guint            first,
                          guint            n,
                          const char      *division)
{
  g_autoptr(OrgaLearnerSet) set = orga_learner_set_new ();
  g_autoptr(OrgaImportReport) report = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *file_name = g_strdup_printf ("eleves-%u.xml", ++counter);

  orga_learner_set_set_format (set, ORGA_IMPORT_FORMAT_SIECLE_XML);
  orga_learner_set_set_encoding (set, "UTF-8");
  for (guint i = first; i < first + n; i++)
    {
      OrgaLearnerFields *f = orga_learner_set_peek (set, orga_learner_set_append (set));
      char text[32];

      g_snprintf (text, sizeof text, "%09uAB", 100000 + i);
      f->ine = orga_learner_set_intern (set, text, -1);
      /* Names a school has, so that the screenshots taken from these
       * tests look like one; the INE is what tells students apart. */
      f->last_name = last_names[i % G_N_ELEMENTS (last_names)];
      f->first_name = first_names[i % G_N_ELEMENTS (first_names)];
      f->sex = i % 2 ? "M" : "F";
      g_snprintf (text, sizeof text, "2012-%02u-%02u", 1 + i % 12, 1 + i % 28);
      f->birthdate = orga_learner_set_intern (set, text, -1);
      f->birth_country_code = "100";
      f->birth_city_code = "33063";
      f->mef_code = "10010012110";
      f->status = "ST";
      f->division = orga_learner_set_intern (set, division, -1);
      f->line = i + 1;
      f->ignored = ORGA_IGNORE_NONE;
    }
  report = orga_import_report_new (file_name, set);
  g_assert_true (orga_store_apply_learner_set (self->store, self->school, report, NULL, FALSE, NULL, &error));
  g_assert_no_error (error);
  return g_steal_pointer (&report);
}

OrgaCampaign *
sync_test_desktop_create_campaign (SyncTestDesktop *self,
                                   const char      *name)
{
  g_autofree char *owner = orga_account_dup_display_name (self->account);
  g_autoptr(GError) error = NULL;
  OrgaCampaignSpec spec = { 0 };
  OrgaCampaign *campaign;

  spec.name = name;
  spec.type = ORGA_CAMPAIGN_TYPE_PROFILES_COLLECTION;
  spec.owner = owner;
  spec.creator = owner;
  campaign = orga_store_create_campaign (self->store, self->school, &spec, &error);
  g_assert_no_error (error);
  return campaign;
}

/* ---- dumps -------------------------------------------------------------- */

/* One value as the dump prints it, by the field's wire type, so that the
 * desktop's SQLite and the server's SQLite or PostgreSQL print the same
 * text: NULL, integers and booleans as numbers, reals with every digit,
 * texts quoted, bytes in base64. */
void
sync_test_dump_append_value (GString             *dump,
              const OrgaWireField *field,
              const char          *text)
{
  if (text == NULL)
    {
      g_string_append (dump, "NULL");
      return;
    }
  switch (field->type)
    {
    case ORGA_WIRE_INT:
    case ORGA_WIRE_BOOL:
      g_string_append_printf (dump, "%" G_GINT64_FORMAT, g_ascii_strtoll (text, NULL, 10));
      break;
    case ORGA_WIRE_REAL:
      {
        char buffer[G_ASCII_DTOSTR_BUF_SIZE];

        g_string_append (dump, g_ascii_dtostr (buffer, sizeof buffer, g_ascii_strtod (text, NULL)));
      }
      break;
    case ORGA_WIRE_TEXT:
    case ORGA_WIRE_BASE64:
    default:
      g_string_append_printf (dump, "'%s'", text);
      break;
    }
}

/* Whether a field is dumped: seq differs between the ends by nature;
 * "removed" learners are deleted on the desktops, never there. */
gboolean
sync_test_dump_has_field (OrgaWireKind         kind,
        const OrgaWireField *field)
{
  return !g_str_equal (field->name, "seq") &&
         !(kind == ORGA_WIRE_LEARNERS && g_str_equal (field->name, "removed"));
}

/* The SQL reading one kind of row of a school (?1, its local id) from
 * the desktop's tables, a column per dumped field of the wire table: a
 * field the desktop lacks fails loudly. References are uuids. */
static char *
desktop_dump_query (OrgaWireKind kind)
{
  g_autoptr(GString) sql = g_string_new ("SELECT t.uuid");
  const OrgaWireField *fields;
  guint n_fields;

  fields = orga_sync_wire_fields (kind, &n_fields);
  for (guint i = 1; i < n_fields; i++)
    {
      const char *name = fields[i].name;

      if (!sync_test_dump_has_field (kind, &fields[i]))
        continue;
      if (kind == ORGA_WIRE_LEARNERS && g_str_equal (name, "import"))
        g_string_append (sql, ", (SELECT i.uuid FROM imports i WHERE i.id = t.import_id)");
      else if (kind == ORGA_WIRE_PARTICIPATIONS && g_str_equal (name, "campaign"))
        g_string_append (sql, ", c.uuid");
      else if (g_str_equal (name, "learner"))
        g_string_append (sql, ", (SELECT l.uuid FROM learners l WHERE l.id = t.learner_id)");
      else if (g_str_equal (name, "session"))
        g_string_append (sql, ", (SELECT s.uuid FROM cert_sessions s WHERE s.id = t.session_id)");
      else if (g_str_equal (name, "candidate"))
        g_string_append (sql, ", (SELECT k.uuid FROM cert_candidates k WHERE k.id = t.candidate_id)");
      else if (g_str_equal (name, "course"))
        g_string_append (sql, ", (SELECT o.uuid FROM cert_courses o WHERE o.id = t.course_id)");
      else
        g_string_append_printf (sql, ", t.%s", name);
    }

  switch (kind)
    {
    case ORGA_WIRE_IMPORTS:
      g_string_append (sql, " FROM imports t WHERE t.organization_id = ?1");
      break;
    case ORGA_WIRE_LEARNERS:
      g_string_append (sql, " FROM learners t WHERE t.organization_id = ?1");
      break;
    case ORGA_WIRE_CAMPAIGNS:
      g_string_append (sql, " FROM campaigns t WHERE t.organization_id = ?1");
      break;
    case ORGA_WIRE_PARTICIPATIONS:
      g_string_append (sql, " FROM participations t JOIN campaigns c ON c.id = t.campaign_id "
                            "WHERE c.organization_id = ?1 AND t.is_demo = 0");
      break;
    case ORGA_WIRE_CERT_SESSIONS:
      g_string_append (sql, " FROM cert_sessions t WHERE t.organization_id = ?1 AND t.is_demo = 0");
      break;
    case ORGA_WIRE_CERT_CANDIDATES:
      g_string_append (sql, " FROM cert_candidates t WHERE t.organization_id = ?1 AND t.is_demo = 0");
      break;
    case ORGA_WIRE_CERT_COURSES:
      g_string_append (sql, " FROM cert_courses t WHERE t.organization_id = ?1 AND t.is_demo = 0");
      break;
    case ORGA_WIRE_CERT_REPORTS:
      g_string_append (sql, " FROM cert_reports t WHERE t.organization_id = ?1 AND t.is_demo = 0");
      break;
    case ORGA_WIRE_N_KINDS:
    default:
      g_assert_not_reached ();
    }
  g_string_append (sql, " ORDER BY t.uuid");
  return g_string_free (g_steal_pointer (&sql), FALSE);
}

char *
sync_test_dump_database (const char *path,
                         const char *space_id)
{
  g_autoptr(GString) dump = g_string_new (NULL);
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  gint64 organization_id;

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  sqlite3_busy_timeout (db, 10000);
  /* One snapshot for every kind. */
  g_assert_cmpint (sqlite3_exec (db, "BEGIN", NULL, NULL, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT id FROM organizations WHERE server_id = ?1", -1, &stmt, NULL),
                   ==, SQLITE_OK);
  sqlite3_bind_text (stmt, 1, space_id, -1, SQLITE_TRANSIENT);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  organization_id = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);

  for (OrgaWireKind kind = 0; kind < ORGA_WIRE_N_KINDS; kind++)
    {
      g_autofree char *sql = desktop_dump_query (kind);
      const OrgaWireField *fields;
      guint n_fields;
      int rc;

      fields = orga_sync_wire_fields (kind, &n_fields);
      if (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL) != SQLITE_OK)
        g_error ("%s: %s (%s)", path, sqlite3_errmsg (db), sql);
      sqlite3_bind_int64 (stmt, 1, organization_id);
      while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
        {
          int column = 1;

          g_string_append_printf (dump, "%s %s", orga_sync_wire_kind_name (kind),
                                  (const char *) sqlite3_column_text (stmt, 0));
          for (guint f = 1; f < n_fields; f++)
            {
              g_autofree char *encoded = NULL;
              const char *text;

              if (!sync_test_dump_has_field (kind, &fields[f]))
                continue;
              if (sqlite3_column_type (stmt, column) == SQLITE_NULL)
                text = NULL;
              else if (fields[f].type == ORGA_WIRE_BASE64 && sqlite3_column_type (stmt, column) == SQLITE_BLOB)
                text = encoded = g_base64_encode (sqlite3_column_blob (stmt, column),
                                                  sqlite3_column_bytes (stmt, column));
              else
                text = (const char *) sqlite3_column_text (stmt, column);
              g_string_append_printf (dump, " %s=", fields[f].name);
              sync_test_dump_append_value (dump, &fields[f], text);
              column++;
            }
          g_string_append_c (dump, '\n');
        }
      g_assert_cmpint (rc, ==, SQLITE_DONE);
      sqlite3_finalize (stmt);
    }
  sqlite3_exec (db, "COMMIT", NULL, NULL, NULL);
  sqlite3_close (db);
  return g_string_free (g_steal_pointer (&dump), FALSE);
}

char *
sync_test_desktop_dump (SyncTestDesktop *self)
{
  return sync_test_dump_database (self->path, self->space->space_id);
}

char *
sync_test_server_dump (SyncTestSpace *space)
{
  g_autoptr(SyncTestDesktop) fresh = sync_test_desktop_new (space, "fresh", TRUE);
  g_autoptr(OrgaSyncReport) report = sync_test_desktop_sync (fresh);

  if (report->status != ORGA_SYNC_STATUS_OK)
    g_error ("a fresh desktop's pull: %s", report->error_message);
  g_assert_cmpuint (report->pushed, ==, 0);
  return sync_test_desktop_dump (fresh);
}

void
sync_test_assert_same_dump (const char *what,
                            const char *expected,
                            const char *actual)
{
  if (!sync_test_same_dump (what, expected, actual))
    g_error ("%s: the dumps differ", what);
}

gboolean
sync_test_same_dump (const char *what,
                     const char *expected,
                     const char *actual)
{
  g_auto(GStrv) a = NULL;
  g_auto(GStrv) b = NULL;
  guint i;

  if (g_strcmp0 (expected, actual) == 0)
    return TRUE;

  a = g_strsplit (expected, "\n", -1);
  b = g_strsplit (actual, "\n", -1);
  for (i = 0; a[i] != NULL && b[i] != NULL && g_str_equal (a[i], b[i]); i++)
    ;
  g_printerr ("%s differ at line %u (%u and %u lines):\n- %s\n+ %s\n", what, i + 1,
              g_strv_length (a), g_strv_length (b), a[i] != NULL ? a[i] : "(end)",
              b[i] != NULL ? b[i] : "(end)");
  return FALSE;
}
