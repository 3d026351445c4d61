/* main.c: pixorga-server
 *
 *   pixorga-server --db PATH|postgresql://… --listen HOST:PORT --public-url URL
 *                  [--mail-dir DIR | --sendmail COMMAND] [--tls-cert FILE --tls-key FILE]
 *                  [--trusted-proxy ADDRESS] [--mail-from ADDRESS] [--mail-retry SECONDS]
 *                  [--workers N]
 *   pixorga-server --db … org add|import|list|archive …
 *   pixorga-server --db … participations import ORG_ID FILE.json
 *   pixorga-server --db … cert import ORG_ID FILE.json
 *
 * `participations import` upserts a JSON array of participation rows
 * (orga-sync-wire.c, without seq) into a space, each with the space's
 * next seq, as the students' pages will: for tests and benchmarks.
 * `cert import` does the same for what the certification's pages write,
 * through orga-server-cert.h: {"candidates": [{"uuid", "joined_at",
 * "authorized_to_start"}], "courses": [course rows]}, in one
 * transaction, the candidates first; it prints each course's number.
 *
 * Serving, it prints `listening on http://HOST:PORT` on stdout once the
 * socket is bound (with the port chosen when given 0), logs one line a
 * request on stderr, and stops cleanly on SIGTERM or SIGINT: no new
 * request, the ones in flight finish, the database is closed, exit 0.
 * With --workers N, N such processes share the port (orga-server-workers.c)
 * and this one supervises them.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "orga-server"

#include "config.h"

#include <glib-unix.h>
#include <locale.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>

#include "orga-mailer.h"
#include "orga-server.h"
#include "orga-server-db.h"
#include "orga-server-admin.h"
#include "orga-server-cert.h"
#include "orga-server-sync.h"
#include "orga-server-workers.h"

#define SHUTDOWN_TIMEOUT_MS 10000

static GMainLoop *loop;
static gboolean stopping;

static void
stopped (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  orga_server_shutdown_finish (ORGA_SERVER (object), result);
  g_main_loop_quit (loop);
}

static gboolean
on_signal (gpointer user_data)
{
  OrgaServer *server = user_data;

  if (!stopping)
    {
      stopping = TRUE;
      g_message ("stopping: finishing the requests in flight");
      orga_server_shutdown_async (server, SHUTDOWN_TIMEOUT_MS, stopped, NULL);
    }
  return G_SOURCE_CONTINUE;
}

static int
fail (const char *format,
      ...) G_GNUC_PRINTF (1, 2);

static int
fail (const char *format,
      ...)
{
  va_list args;
  g_autofree char *text = NULL;

  va_start (args, format);
  text = g_strdup_vprintf (format, args);
  va_end (args);
  fprintf (stderr, "pixorga-server : %s\n", text);
  return 2;
}

/* participations import ORG_ID FILE.json: 0 done, 2 refused (the
 * command line, the file, the space), 1 the database. */
static int
import_participations (OrgaServerDb  *db,
                       int            argc,
                       char         **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(OrgaServerRows) space = NULL;
  JsonNode *root;
  gint64 last_seq = 0;

  if (argc != 4 || !g_str_equal (argv[1], "import"))
    return fail ("usage : pixorga-server --db … participations import ORG_ID FICHIER.json");

  if (!json_parser_load_from_file (parser, argv[3], &error))
    return fail ("%s : %s", argv[3], error->message);
  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_ARRAY (root))
    return fail ("%s : le fichier doit être un tableau JSON de participations", argv[3]);

  space = orga_server_db_queryv (db, &error, "SELECT 1 FROM organizations WHERE id = $1",
                                 argv[2], ORGA_SERVER_DB_END);
  if (space == NULL)
    {
      fprintf (stderr, "pixorga-server : %s\n", error->message);
      return 1;
    }
  if (orga_server_rows_get_n_rows (space) == 0)
    return fail ("l’espace %s n’existe pas", argv[2]);

  if (!orga_server_sync_upsert_participations (db, argv[2], json_node_get_array (root), &last_seq, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA))
        return fail ("%s : %s", argv[3], error->message);
      fprintf (stderr, "pixorga-server : %s\n", error->message);
      return 1;
    }

  printf ("%u participations importées, seq %" G_GINT64_FORMAT "\n",
          json_array_get_length (json_node_get_array (root)), last_seq);
  return 0;
}

static gboolean
holds (JsonNode *node,
       GType     type)
{
  return node != NULL && JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == type;
}

/* cert import ORG_ID FILE.json: 0 done, 2 refused, 1 the database. */
static int
import_cert (OrgaServerDb  *db,
             int            argc,
             char         **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonNode *root;
  JsonObject *object;
  JsonArray *candidates = NULL;
  JsonArray *courses = NULL;

  if (argc != 4 || !g_str_equal (argv[1], "import"))
    return fail ("usage : pixorga-server --db … cert import ORG_ID FICHIER.json");
  if (!json_parser_load_from_file (parser, argv[3], &error))
    return fail ("%s : %s", argv[3], error->message);
  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    return fail ("%s : le fichier doit être un objet JSON", argv[3]);
  object = json_node_get_object (root);
  for (guint i = 0; i < 2; i++)
    {
      JsonNode *member = json_object_get_member (object, i ? "courses" : "candidates");

      if (member == NULL)
        continue;
      if (!JSON_NODE_HOLDS_ARRAY (member))
        return fail ("%s : « %s » doit être un tableau", argv[3], i ? "courses" : "candidates");
      *(i ? &courses : &candidates) = json_node_get_array (member);
    }

  if (!orga_server_db_begin (db, &error))
    goto failed;
  for (guint i = 0; candidates != NULL && i < json_array_get_length (candidates); i++)
    {
      JsonNode *element = json_array_get_element (candidates, i);
      JsonObject *candidate = JSON_NODE_HOLDS_OBJECT (element) ? json_node_get_object (element) : NULL;
      JsonNode *uuid = candidate ? json_object_get_member (candidate, "uuid") : NULL;
      JsonNode *joined = candidate ? json_object_get_member (candidate, "joined_at") : NULL;
      JsonNode *authorized = candidate ? json_object_get_member (candidate, "authorized_to_start") : NULL;

      if (!holds (uuid, G_TYPE_STRING)
          || (joined != NULL && !JSON_NODE_HOLDS_NULL (joined) && !holds (joined, G_TYPE_STRING))
          || (authorized != NULL && !holds (authorized, G_TYPE_BOOLEAN)))
        {
          orga_server_db_rollback (db);
          return fail ("%s : candidat n° %u illisible", argv[3], i + 1);
        }
      if (!orga_server_cert_update_candidate (db, argv[2], json_node_get_string (uuid),
                                              joined != NULL && !JSON_NODE_HOLDS_NULL (joined)
                                              ? json_node_get_string (joined) : NULL,
                                              authorized != NULL && json_node_get_boolean (authorized),
                                              NULL, &error))
        goto failed;
    }
  for (guint i = 0; courses != NULL && i < json_array_get_length (courses); i++)
    {
      JsonNode *element = json_array_get_element (courses, i);
      JsonObject *course = JSON_NODE_HOLDS_OBJECT (element) ? json_node_get_object (element) : NULL;
      gint64 number = 0;

      if (course == NULL)
        {
          orga_server_db_rollback (db);
          return fail ("%s : test n° %u illisible", argv[3], i + 1);
        }
      if (!orga_server_cert_upsert_course (db, argv[2], course, &number, NULL, &error))
        goto failed;
      printf ("%" G_GINT64_FORMAT "\n", number);
    }
  if (!orga_server_db_commit (db, &error))
    goto failed;
  return 0;

failed:
  orga_server_db_rollback (db);
  if (error->domain != ORGA_SERVER_DB_ERROR)
    return fail ("%s : %s", argv[3], error->message);
  fprintf (stderr, "pixorga-server : %s\n", error->message);
  return 1;
}

static gboolean
is_postgres (const char *location)
{
  return g_str_has_prefix (location, "postgresql://") || g_str_has_prefix (location, "postgres://");
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *db_location = NULL;
  g_autofree char *listen = NULL;
  g_autofree char *public_url = NULL;
  g_autofree char *mail_dir = NULL;
  g_autofree char *sendmail = NULL;
  g_autofree char *tls_cert = NULL;
  g_autofree char *tls_key = NULL;
  g_autofree char *trusted_proxy = NULL;
  g_autofree char *mail_from = NULL;
  int mail_retry = 60;
  int workers = 1;
  const char *worker_env = g_getenv (ORGA_SERVER_WORKER_ENV);
  guint64 worker = 0;
  g_auto(GStrv) original_argv = g_strdupv (argv);
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(OrgaServerDb) db = NULL;
  g_autoptr(OrgaMailer) mailer = NULL;
  g_autoptr(OrgaServer) server = NULL;
  g_autoptr(GTlsCertificate) certificate = NULL;
  g_autofree char *uri = NULL;
  GOptionEntry entries[] = {
    { "db", 0, 0, G_OPTION_ARG_FILENAME, &db_location, "La base : un fichier SQLite ou une URI postgresql://", "PATH|URI" },
    { "listen", 0, 0, G_OPTION_ARG_STRING, &listen, "L’adresse et le port d’écoute (port 0 : un port libre)", "HOST:PORT" },
    { "public-url", 0, 0, G_OPTION_ARG_STRING, &public_url, "L’adresse publique du serveur, pour les liens des e-mails", "URL" },
    { "mail-dir", 0, 0, G_OPTION_ARG_FILENAME, &mail_dir, "Écrire chaque e-mail dans ce dossier (un fichier .eml)", "DIR" },
    { "sendmail", 0, 0, G_OPTION_ARG_STRING, &sendmail, "Passer chaque e-mail à cette commande (p. ex. « /usr/sbin/sendmail -t -i »)", "COMMAND" },
    { "tls-cert", 0, 0, G_OPTION_ARG_FILENAME, &tls_cert, "Le certificat TLS (PEM) : HTTPS", "FILE" },
    { "tls-key", 0, 0, G_OPTION_ARG_FILENAME, &tls_key, "La clé privée TLS (PEM)", "FILE" },
    { "trusted-proxy", 0, 0, G_OPTION_ARG_STRING, &trusted_proxy, "L’adresse IP du proxy dont on croit l’en-tête X-Forwarded-For", "ADDRESS" },
    { "mail-retry", 0, 0, G_OPTION_ARG_INT, &mail_retry, "Réessayer un e-mail non parti après tant de secondes, puis 2, 4, 8… fois plus (60)", "SECONDS" },
    { "mail-from", 0, 0, G_OPTION_ARG_STRING, &mail_from, "L’adresse d’expédition (no-reply@ l’hôte de --public-url par défaut)", "ADDRESS" },
    { "workers", 0, 0, G_OPTION_ARG_INT, &workers, "Servir avec N processus sur le même port (1 par défaut ; au plus 64)", "N" },
    { NULL }
  };

  setlocale (LC_ALL, "");

  context = g_option_context_new ("[org add|import|list|archive … | participations import ORG_ID FICHIER.json"
                                   " | cert import ORG_ID FICHIER.json]");
  g_option_context_set_summary (context, "Le serveur central de PixOrga.");
  g_option_context_add_main_entries (context, entries, NULL);
  /* Options after "org" belong to the org command. */
  g_option_context_set_strict_posix (context, TRUE);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    return fail ("%s", error->message);

  if (db_location == NULL)
    return fail ("--db est obligatoire : un fichier SQLite (par exemple /var/lib/pixorga-server/pixorga.db) "
                 "ou une URI postgresql://");

  if (argc > 1 && g_str_equal (argv[1], "org"))
    {
      db = orga_server_db_open (db_location, &error);
      if (db == NULL)
        {
          fprintf (stderr, "pixorga-server : %s\n", error->message);
          return 1;
        }
      return orga_server_admin_run (db, argc - 1, argv + 1);
    }
  if (argc > 1 && g_str_equal (argv[1], "participations"))
    {
      db = orga_server_db_open (db_location, &error);
      if (db == NULL)
        {
          fprintf (stderr, "pixorga-server : %s\n", error->message);
          return 1;
        }
      return import_participations (db, argc - 1, argv + 1);
    }
  if (argc > 1 && g_str_equal (argv[1], "cert"))
    {
      db = orga_server_db_open (db_location, &error);
      if (db == NULL)
        {
          fprintf (stderr, "pixorga-server : %s\n", error->message);
          return 1;
        }
      return import_cert (db, argc - 1, argv + 1);
    }
  if (argc > 1)
    return fail ("commande inconnue : %s (seules « org », « participations » et « cert » existent)", argv[1]);

  /* A worker of --workers: the supervisor holds the port, here already
   * chosen when --listen gave 0. */
  if (worker_env != NULL)
    {
      if (!g_ascii_string_to_unsigned (worker_env, 10, 1, 64, &worker, NULL)
          || g_getenv (ORGA_SERVER_WORKER_LISTEN_ENV) == NULL)
        return fail ("%s : un numéro de processus entre 1 et 64 attendu", ORGA_SERVER_WORKER_ENV);
      g_free (listen);
      listen = g_strdup (g_getenv (ORGA_SERVER_WORKER_LISTEN_ENV));
      workers = 1;
    }
  if (workers < 1 || workers > 64)
    return fail ("--workers attend un nombre de processus entre 1 et 64");

  if (listen == NULL)
    return fail ("--listen HOST:PORT est obligatoire, par exemple --listen 127.0.0.1:8080");
  {
    const char *colon = strrchr (listen, ':');
    guint64 port;

    if (colon == NULL || colon == listen
        || !g_ascii_string_to_unsigned (colon + 1, 10, 0, 65535, &port, NULL))
      return fail ("--listen attend HÔTE:PORT, par exemple 127.0.0.1:8080, et non « %s »", listen);
  }
  if (public_url == NULL)
    return fail ("--public-url est obligatoire : l’adresse où les navigateurs joignent ce serveur, "
                 "par exemple https://orga.example.fr");
  {
    g_autoptr(GUri) parsed = g_uri_parse (public_url, G_URI_FLAGS_NONE, NULL);

    if (parsed == NULL || g_uri_get_host (parsed) == NULL
        || (g_strcmp0 (g_uri_get_scheme (parsed), "http") != 0
            && g_strcmp0 (g_uri_get_scheme (parsed), "https") != 0))
      return fail ("--public-url doit être une adresse http:// ou https://, et non « %s »", public_url);
    if (mail_from == NULL)
      mail_from = g_strdup_printf ("no-reply@%s", g_uri_get_host (parsed));
  }
  if (mail_retry < 1 || mail_retry > 24 * 3600)
    return fail ("--mail-retry attend un nombre de secondes entre 1 et 86400");
  if (mail_dir != NULL && sendmail != NULL)
    return fail ("--mail-dir et --sendmail s’excluent");
  if ((tls_cert == NULL) != (tls_key == NULL))
    return fail ("--tls-cert et --tls-key vont ensemble");

  /* A laptop's SQLite file keeps its mail beside it; PostgreSQL serves
   * several processes, possibly on several machines: say where. */
  if (mail_dir == NULL && sendmail == NULL)
    {
      g_autofree char *folder = NULL;

      if (is_postgres (db_location))
        return fail ("avec PostgreSQL, --mail-dir DIR ou --sendmail COMMAND est obligatoire");
      folder = g_path_get_dirname (db_location);
      mail_dir = g_build_filename (folder, "mail", NULL);
    }

  if (tls_cert != NULL)
    {
      certificate = g_tls_certificate_new_from_files (tls_cert, tls_key, &error);
      if (certificate == NULL)
        return fail ("certificat TLS illisible : %s", error->message);
    }

  mailer = mail_dir != NULL ? orga_mailer_new_for_directory (mail_dir, &error)
                            : orga_mailer_new_for_command (sendmail, &error);
  if (mailer == NULL)
    return fail ("%s", error->message);
  orga_mailer_set_from_address (mailer, mail_from);

  db = orga_server_db_open (db_location, &error);
  if (db == NULL)
    {
      fprintf (stderr, "pixorga-server : %s\n", error->message);
      return 1;
    }

  if (workers > 1)
    {
      g_autoptr(GSocket) reserved = NULL;
      g_autofree char *bound = NULL;

      /* The schema is migrated (above) once, before the workers start. */
      g_clear_object (&db);
      g_clear_object (&mailer);
      reserved = orga_server_reserve_port (listen, &bound, &error);
      if (reserved == NULL)
        {
          fprintf (stderr, "pixorga-server : impossible d’écouter sur %s : %s\n", listen, error->message);
          return 1;
        }
      signal (SIGPIPE, SIG_IGN);
      return orga_server_workers_run (original_argv, bound, (guint) workers);
    }

  server = orga_server_new (db, mailer, public_url);
  orga_server_set_worker (server, (guint) worker);
  orga_server_set_trusted_proxy (server, trusted_proxy);
  orga_server_set_mail_retry (server, (guint) mail_retry);
  if (!orga_server_listen (server, listen, certificate, &error))
    {
      fprintf (stderr, "pixorga-server : impossible d’écouter sur %s : %s\n", listen, error->message);
      return 1;
    }

  /* A client that goes away mid-answer must not kill the process. */
  signal (SIGPIPE, SIG_IGN);

  loop = g_main_loop_new (NULL, FALSE);
  g_unix_signal_add (SIGTERM, on_signal, server);
  g_unix_signal_add (SIGINT, on_signal, server);

  uri = orga_server_get_uri (server);
  printf ("listening on %s\n", uri);
  fflush (stdout);

  g_main_loop_run (loop);
  g_main_loop_unref (loop);

  g_clear_object (&server);
  g_clear_object (&db);
  g_message ("stopped");
  return 0;
}
