/* test-net.c: orga-net's pieces that need no PixOrga server
 *
 * Invitation links, the token files, and how OrgaClient reads what is not
 * a PixOrga answer (nothing listening, an HTML error page, a 5xx): the
 * API itself is driven end to end by tests/test-cli-server.py against
 * the real pixorga-server.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <libsoup/soup.h>
#include <sys/stat.h>

#include "orga-client.h"
#include "orga-test-util.h"
#include "orga-token-store.h"

static void
test_invitation_links (void)
{
  static const struct {
    const char *link, *server, *id, *code;
  } good[] = {
    { "https://orga.example.fr/rejoindre?invitationId=abc-123&code=ABCDEF1234",
      "https://orga.example.fr", "abc-123", "ABCDEF1234" },
    { "http://127.0.0.1:8080/rejoindre?code=C0DE&invitationId=i%2D1",
      "http://127.0.0.1:8080", "i-1", "C0DE" },
    { "https://example.fr/pix/orga/rejoindre?invitationId=x&code=y",
      "https://example.fr/pix/orga", "x", "y" },
    { "pixorga://rejoindre?server=https%3A%2F%2Forga.example.fr%2F&invitationId=abc&code=XYZ",
      "https://orga.example.fr", "abc", "XYZ" },
    { "pixorga://rejoindre?server=http://127.0.0.1:9000&invitationId=abc&code=XYZ",
      "http://127.0.0.1:9000", "abc", "XYZ" },
  };
  static const char *bad[] = {
    "",
    "rejoindre?invitationId=a&code=b",
    "https://orga.example.fr/autre?invitationId=a&code=b",
    "https://orga.example.fr/rejoindre?invitationId=a",
    "https://orga.example.fr/rejoindre?invitationId=&code=b",
    "pixorga://rejoindre?invitationId=a&code=b",
    "pixorga://autre?server=https://x.fr&invitationId=a&code=b",
    "pixorga://rejoindre?server=ftp://x.fr&invitationId=a&code=b",
    "ftp://orga.example.fr/rejoindre?invitationId=a&code=b",
  };

  for (guint i = 0; i < G_N_ELEMENTS (good); i++)
    {
      g_autofree char *server = NULL, *id = NULL, *code = NULL;
      g_autoptr(GError) error = NULL;

      g_assert_true (orga_client_parse_invitation_link (good[i].link, &server, &id, &code, &error));
      g_assert_no_error (error);
      g_assert_cmpstr (server, ==, good[i].server);
      g_assert_cmpstr (id, ==, good[i].id);
      g_assert_cmpstr (code, ==, good[i].code);
    }

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autofree char *server = NULL, *id = NULL, *code = NULL;
      g_autoptr(GError) error = NULL;

      g_assert_false (orga_client_parse_invitation_link (bad[i], &server, &id, &code, &error));
      g_assert_error (error, ORGA_CLIENT_ERROR, ORGA_CLIENT_ERROR_REFUSED);
      g_assert_true (orga_client_error_is_refusal (error));
    }
}

static void
test_token_files (void)
{
  g_autofree char *dir = g_dir_make_tmp ("test-net-XXXXXX", NULL);
  g_autofree char *tokens_dir = g_build_filename (dir, "tokens", NULL);
  g_autoptr(OrgaTokenStore) store = orga_token_store_new_for_directory (tokens_dir);
  g_autoptr(GError) error = NULL;
  g_autoptr(GDir) listing = NULL;
  g_autofree char *path = NULL;
  g_autofree char *token = NULL;
  g_autofree char *missing = NULL;
  const char *name;
  struct stat st;

  g_assert_cmpint (orga_token_store_get_backend (store), ==, ORGA_TOKEN_STORE_BACKEND_FILE);
  missing = orga_token_store_lookup (store, "https://orga.example.fr", "anne@ac.fr", NULL, &error);
  g_assert_no_error (error);
  g_assert_null (missing);

  g_assert_true (orga_token_store_save (store, "HTTPS://orga.example.fr/", "anne@ac.fr", "t0ken-A", NULL, &error));
  g_assert_no_error (error);
  g_assert_true (orga_token_store_save (store, "https://orga.example.fr", "bob@ac.fr", "t0ken-B", NULL, &error));

  /* The folder and the files are the user's only; the names say
   * nothing of the address. */
  g_assert_cmpint (g_stat (tokens_dir, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0700);
  listing = g_dir_open (tokens_dir, 0, &error);
  g_assert_no_error (error);
  while ((name = g_dir_read_name (listing)) != NULL)
    {
      g_clear_pointer (&path, g_free);
      path = g_build_filename (tokens_dir, name, NULL);
      g_assert_cmpint (g_stat (path, &st), ==, 0);
      g_assert_cmpint (st.st_mode & 0777, ==, 0600);
      g_assert_null (strstr (name, "anne"));
      g_assert_cmpuint (strlen (name), ==, 64);
    }

  /* The server's address is compared normalized. */
  token = orga_token_store_lookup (store, "https://orga.example.fr", "anne@ac.fr", NULL, &error);
  g_assert_cmpstr (token, ==, "t0ken-A");
  g_clear_pointer (&token, g_free);

  g_assert_true (orga_token_store_save (store, "https://orga.example.fr", "anne@ac.fr", "t0ken-A2", NULL, &error));
  token = orga_token_store_lookup (store, "https://orga.example.fr", "anne@ac.fr", NULL, &error);
  g_assert_cmpstr (token, ==, "t0ken-A2");
  g_clear_pointer (&token, g_free);

  g_assert_true (orga_token_store_clear (store, "https://orga.example.fr", "anne@ac.fr", NULL, &error));
  g_assert_true (orga_token_store_clear (store, "https://orga.example.fr", "anne@ac.fr", NULL, &error));
  g_assert_no_error (error);
  token = orga_token_store_lookup (store, "https://orga.example.fr", "anne@ac.fr", NULL, &error);
  g_assert_null (token);
  token = orga_token_store_lookup (store, "https://orga.example.fr", "bob@ac.fr", NULL, &error);
  g_assert_cmpstr (token, ==, "t0ken-B");
  g_clear_pointer (&token, g_free);
  g_assert_true (orga_token_store_clear (store, "https://orga.example.fr", "bob@ac.fr", NULL, &error));
  g_assert_cmpint (g_rmdir (tokens_dir), ==, 0);
  g_assert_cmpint (g_rmdir (dir), ==, 0);
}

/* PIXORGA_TOKEN_STORE=file: the files under $XDG_DATA_HOME, through the
 * async calls the app uses. */
static void
save_done_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  GAsyncResult **slot = user_data;

  *slot = g_object_ref (result);
}

static GAsyncResult *
wait_result (GAsyncResult **slot)
{
  while (*slot == NULL)
    g_main_context_iteration (NULL, TRUE);
  return *slot;
}

static void
test_token_store_env (void)
{
  g_autofree char *dir = g_dir_make_tmp ("test-net-XXXXXX", NULL);
  g_autofree char *expected_dir = NULL;
  g_autoptr(OrgaTokenStore) store = NULL;
  g_autoptr(GAsyncResult) saved = NULL;
  g_autoptr(GAsyncResult) found = NULL;
  g_autoptr(GAsyncResult) cleared = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *token = NULL;

  if (g_test_subprocess ())
    {
      g_setenv ("PIXORGA_TOKEN_STORE", "file", TRUE);
      store = orga_token_store_new ();
      orga_token_store_save_async (store, "https://orga.example.fr", "anne@ac.fr", "t0ken", NULL,
                                   save_done_cb, &saved);
      g_assert_true (orga_token_store_save_finish (store, wait_result (&saved), &error));
      g_assert_no_error (error);
      g_assert_cmpint (orga_token_store_get_backend (store), ==, ORGA_TOKEN_STORE_BACKEND_FILE);

      expected_dir = g_build_filename (g_get_user_data_dir (), "pixorga", "tokens", NULL);
      g_assert_true (g_file_test (expected_dir, G_FILE_TEST_IS_DIR));

      orga_token_store_lookup_async (store, "https://orga.example.fr", "anne@ac.fr", NULL, save_done_cb, &found);
      token = orga_token_store_lookup_finish (store, wait_result (&found), &error);
      g_assert_cmpstr (token, ==, "t0ken");
      orga_token_store_clear_async (store, "https://orga.example.fr", "anne@ac.fr", NULL, save_done_cb, &cleared);
      g_assert_true (orga_token_store_clear_finish (store, wait_result (&cleared), &error));
      return;
    }

  /* GTest runs the subprocess with our environment: set it for it. */
  {
    g_autofree char *env_dir = g_build_filename (dir, "data", NULL);
    g_setenv ("XDG_DATA_HOME", env_dir, TRUE);
    g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_INHERIT_STDERR);
    g_test_trap_assert_passed ();
    g_unsetenv ("XDG_DATA_HOME");
  }

  {
    g_autofree char *tokens = g_build_filename (dir, "data", "pixorga", "tokens", NULL);
    g_autofree char *pixorga = g_build_filename (dir, "data", "pixorga", NULL);
    g_autofree char *data = g_build_filename (dir, "data", NULL);

    g_assert_cmpint (g_rmdir (tokens), ==, 0);
    g_assert_cmpint (g_rmdir (pixorga), ==, 0);
    g_assert_cmpint (g_rmdir (data), ==, 0);
    g_assert_cmpint (g_rmdir (dir), ==, 0);
  }
}

/* On a real secret service (tests/test-net-keyring.sh starts one): the
 * token goes to the keyring, no file is written, and clearing removes it. */
static void
test_keyring (void)
{
  g_autoptr(OrgaTokenStore) store = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *token = NULL;
  g_autofree char *tokens_dir = NULL;

  if (g_getenv ("PIXORGA_TEST_KEYRING") == NULL)
    {
      g_test_skip ("needs a secret service: run through tests/test-net-keyring.sh");
      return;
    }

  g_unsetenv ("PIXORGA_TOKEN_STORE");
  store = orga_token_store_new ();
  g_assert_true (orga_token_store_save (store, "https://orga.example.fr", "anne@ac.fr", "t0ken-K", NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (orga_token_store_get_backend (store), ==, ORGA_TOKEN_STORE_BACKEND_SECRET_SERVICE);
  tokens_dir = g_build_filename (g_get_user_data_dir (), "pixorga", "tokens", NULL);
  if (g_file_test (tokens_dir, G_FILE_TEST_IS_DIR))
    {
      g_autoptr(GDir) dir = g_dir_open (tokens_dir, 0, NULL);
      g_assert_null (g_dir_read_name (dir));
    }

  token = orga_token_store_lookup (store, "https://orga.example.fr/", "anne@ac.fr", NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (token, ==, "t0ken-K");
  g_assert_cmpint (orga_token_store_get_backend (store), ==, ORGA_TOKEN_STORE_BACKEND_SECRET_SERVICE);
  g_clear_pointer (&token, g_free);

  g_assert_true (orga_token_store_clear (store, "https://orga.example.fr", "anne@ac.fr", NULL, &error));
  token = orga_token_store_lookup (store, "https://orga.example.fr", "anne@ac.fr", NULL, &error);
  g_assert_no_error (error);
  g_assert_null (token);
}

/* ---- the client against what is no PixOrga server ---------------------- */

static void
odd_server_cb (SoupServer        *server,
               SoupServerMessage *msg,
               const char        *path,
               GHashTable        *query,
               gpointer           user_data)
{
  if (g_str_has_suffix (path, "/health"))
    {
      soup_server_message_set_status (msg, 200, NULL);
      soup_server_message_set_response (msg, "text/html", SOUP_MEMORY_STATIC, "<html>It works!</html>", 22);
    }
  else if (g_str_has_suffix (path, "/sessions"))
    soup_server_message_set_status (msg, 503, NULL);
  else if (g_str_has_suffix (path, "/me"))
    {
      static const char body[] = "{\"error\": {\"code\": \"UNAUTHENTICATED\", \"message\": \"Votre session a expiré. Connectez-vous à nouveau.\"}}";
      soup_server_message_set_status (msg, 401, NULL);
      soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_STATIC, body, strlen (body));
    }
  else if (g_str_has_suffix (path, "/leave"))
    {
      static const char body[] = "{\"error\": {\"code\": \"SOMETHING_NEW\", \"message\": \"Une règle nouvelle.\"}}";
      soup_server_message_set_status (msg, 422, NULL);
      soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_STATIC, body, strlen (body));
    }
  else if (g_str_has_suffix (path, "/password-resets"))
    {
      /* 20 MiB of spaces: more than any answer of the API. */
      gsize size = 20 * 1024 * 1024;
      char *body = g_malloc (size);

      memset (body, ' ', size);
      soup_server_message_set_status (msg, 202, NULL);
      soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_TAKE, body, size);
    }
  else if (g_str_has_suffix (path, "/team"))
    {
      /* A 200 whose JSON is not a team. */
      static const char body[] = "{\"members\": 3}";
      soup_server_message_set_status (msg, 200, NULL);
      soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_STATIC, body, strlen (body));
    }
  else
    soup_server_message_set_status (msg, 404, NULL);
}

static char *
start_odd_server (SoupServer **server)
{
  g_autoptr(GError) error = NULL;
  GSList *uris;
  char *text;

  *server = soup_server_new (NULL, NULL);
  soup_server_add_handler (*server, NULL, odd_server_cb, NULL, NULL);
  g_assert_true (soup_server_listen_local (*server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error));
  g_assert_no_error (error);
  uris = soup_server_get_uris (*server);
  text = g_strdup_printf ("http://127.0.0.1:%d", g_uri_get_port (uris->data));
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);
  return text;
}

/* The client first, so that its connections close, then the server;
 * the main context runs what their closing left to do. */
static void
stop_odd_server (SoupServer *server,
                 OrgaClient *client)
{
  g_object_unref (client);
  soup_server_disconnect (server);
  for (int i = 0; i < 100 && g_main_context_iteration (NULL, FALSE); i++)
    ;
  g_object_unref (server);
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

static void
test_client_errors (void)
{
  SoupServer *server = NULL;
  g_autofree char *url = start_odd_server (&server);
  OrgaClient *client = orga_client_new (url, NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *expected = NULL;

  g_assert_nonnull (client);
  g_assert_cmpstr (orga_client_get_server_url (client), ==, url);

  {
    g_autoptr(GAsyncResult) result = NULL;

    orga_client_health_async (client, NULL, save_done_cb, &result);
    g_assert_false (orga_client_health_finish (client, wait_result (&result), &error));
    g_assert_error (error, ORGA_CLIENT_ERROR, ORGA_CLIENT_ERROR_PROTOCOL);
    g_assert_false (orga_client_error_is_refusal (error));
    g_clear_error (&error);
  }
  {
    g_autoptr(GAsyncResult) result = NULL;
    g_autoptr(OrgaClientSession) session = NULL;

    orga_client_sign_in_async (client, "a@b.fr", "Secret123", NULL, save_done_cb, &result);
    session = orga_client_sign_in_finish (client, wait_result (&result), &error);
    g_assert_null (session);
    g_assert_error (error, ORGA_CLIENT_ERROR, ORGA_CLIENT_ERROR_SERVER);
    g_assert_nonnull (strstr (error->message, "503"));
    g_assert_false (orga_client_error_is_refusal (error));
    g_assert_null (orga_client_get_token (client));
    g_clear_error (&error);
  }
  {
    g_autoptr(GAsyncResult) result = NULL;
    g_autoptr(OrgaClientSession) me = NULL;

    orga_client_set_token (client, "abc");
    orga_client_get_me_async (client, NULL, save_done_cb, &result);
    me = orga_client_get_me_finish (client, wait_result (&result), &error);
    g_assert_error (error, ORGA_CLIENT_ERROR, ORGA_CLIENT_ERROR_UNAUTHENTICATED);
    g_assert_cmpstr (error->message, ==, "Votre session a expiré. Connectez-vous à nouveau.");
    g_assert_cmpstr (orga_client_error_get_api_code (error), ==, "UNAUTHENTICATED");
    g_assert_true (orga_client_error_is_refusal (error));
    g_clear_error (&error);
  }
  {
    g_autoptr(GAsyncResult) result = NULL;
    g_autofree char *message = NULL;

    /* A code this client does not know: REFUSED, the server's words. */
    orga_client_leave_async (client, "org 1", NULL, save_done_cb, &result);
    message = orga_client_leave_finish (client, wait_result (&result), &error);
    g_assert_null (message);
    g_assert_error (error, ORGA_CLIENT_ERROR, ORGA_CLIENT_ERROR_REFUSED);
    g_assert_cmpstr (error->message, ==, "Une règle nouvelle.");
    g_assert_null (orga_client_error_get_api_code (error));
    g_clear_error (&error);
  }
  {
    g_autoptr(GAsyncResult) result = NULL;
    g_autoptr(OrgaTeam) team = NULL;

    orga_client_get_team_async (client, "org", NULL, save_done_cb, &result);
    team = orga_client_get_team_finish (client, wait_result (&result), &error);
    g_assert_null (team);
    g_assert_error (error, ORGA_CLIENT_ERROR, ORGA_CLIENT_ERROR_PROTOCOL);
    g_clear_error (&error);
  }
  {
    g_autoptr(GAsyncResult) result = NULL;
    g_autofree char *message = NULL;

    orga_client_activate_async (client, "0330001A", "A", "B", NULL, save_done_cb, &result);
    message = orga_client_activate_finish (client, wait_result (&result), &error);
    g_assert_error (error, ORGA_CLIENT_ERROR, ORGA_CLIENT_ERROR_PROTOCOL);
    g_clear_error (&error);
  }

  {
    g_autoptr(GAsyncResult) result = NULL;

    /* Refused past 16 MiB, not read whole. */
    orga_client_request_password_reset_async (client, "a@b.fr", NULL, save_done_cb, &result);
    g_assert_false (orga_client_request_password_reset_finish (client, wait_result (&result), &error));
    g_assert_error (error, ORGA_CLIENT_ERROR, ORGA_CLIENT_ERROR_PROTOCOL);
    g_clear_error (&error);
  }

  /* Nothing listening any more: NETWORK, with the sentence the CLI shows. */
  soup_server_disconnect (server);
  {
    g_autoptr(GAsyncResult) result = NULL;

    orga_client_health_async (client, NULL, save_done_cb, &result);
    g_assert_false (orga_client_health_finish (client, wait_result (&result), &error));
    g_assert_error (error, ORGA_CLIENT_ERROR, ORGA_CLIENT_ERROR_NETWORK);
    expected = g_strdup_printf ("Impossible de joindre le serveur %s.", url);
    g_assert_cmpstr (error->message, ==, expected);
    g_clear_error (&error);
  }

  g_assert_null (orga_client_new ("ftp://example.fr", &error));
  g_assert_error (error, ORGA_CLIENT_ERROR, ORGA_CLIENT_ERROR_REFUSED);
  stop_odd_server (server, client);
}

/* A request cancelled ends with G_IO_ERROR_CANCELLED, not NETWORK. */
static void
test_client_cancel (void)
{
  SoupServer *server = NULL;
  g_autofree char *url = start_odd_server (&server);
  OrgaClient *client = orga_client_new (url, NULL);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  orga_client_health_async (client, cancellable, save_done_cb, &result);
  g_cancellable_cancel (cancellable);
  g_assert_false (orga_client_health_finish (client, wait_result (&result), &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_object (&result);
  stop_odd_server (server, client);
}

int
main (int   argc,
      char *argv[])
{
  orga_test_init (&argc, &argv);

  g_test_add_func ("/net/invitation-links", test_invitation_links);
  g_test_add_func ("/net/token-files", test_token_files);
  g_test_add_func ("/net/token-store-env", test_token_store_env);
  g_test_add_func ("/net/keyring", test_keyring);
  g_test_add_func ("/net/client-errors", test_client_errors);
  g_test_add_func ("/net/client-cancel", test_client_cancel);

  return g_test_run ();
}
