/* server-floor.c: the floor of bench-server
 *
 * A bare SoupServer on loopback answering every request with the same
 * bytes (of the file given, by default a small JSON object; JSON unless a
 * content type follows: bench-students gives a question page), on one
 * main loop like pixorga-server: what libsoup alone costs on this
 * machine. server-bench.py measures it in the same run as the real
 * server; the real server's authenticated reads are reported as a ratio
 * of it.
 *
 *   server-floor [FILE [CONTENT-TYPE]]   prints "listening on http://127.0.0.1:PORT"
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib-unix.h>
#include <libsoup/soup.h>
#include <stdio.h>
#include <string.h>

static GBytes *body;
static const char *content_type = "application/json; charset=utf-8";

static void
handler (SoupServer        *server,
         SoupServerMessage *msg,
         const char        *path,
         GHashTable        *query,
         gpointer           user_data)
{
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (msg);

  soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
  /* The same headers as the real answers. */
  soup_message_headers_replace (headers, "Cache-Control", "no-store");
  soup_message_headers_replace (headers, "X-Content-Type-Options", "nosniff");
  soup_server_message_set_response (msg, content_type, SOUP_MEMORY_COPY,
                                    g_bytes_get_data (body, NULL), g_bytes_get_size (body));
}

static gboolean
on_term (gpointer loop)
{
  g_main_loop_quit (loop);
  return G_SOURCE_REMOVE;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(SoupServer) server = NULL;
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GError) error = NULL;
  g_autoptr(GSocket) listener = NULL;
  g_autoslist(GUri) uris = NULL;
  g_autofree char *uri = NULL;

  if (argc > 1)
    {
      char *data;
      gsize len;

      if (!g_file_get_contents (argv[1], &data, &len, &error))
        {
          fprintf (stderr, "server-floor: %s\n", error->message);
          return 1;
        }
      body = g_bytes_new_take (data, len);
      if (argc > 2)
        content_type = argv[2];
    }
  else
    body = g_bytes_new_static ("{\"status\":\"ok\"}", 15);

  server = soup_server_new ("server-header", "server-floor", NULL);
  soup_server_add_handler (server, NULL, handler, NULL, NULL);
  /* The same backlog as pixorga-server's (orga-server.c), not GLib's 10. */
  listener = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, &error);
  if (listener != NULL)
    g_socket_set_listen_backlog (listener, 1024);
  if (listener == NULL
      || !g_socket_bind (listener, address, TRUE, &error) || !g_socket_listen (listener, &error)
      || !soup_server_listen_socket (server, listener, 0, &error))
    {
      fprintf (stderr, "server-floor: %s\n", error->message);
      return 1;
    }
  uris = soup_server_get_uris (server);
  uri = g_uri_to_string (uris->data);
  if (g_str_has_suffix (uri, "/"))
    uri[strlen (uri) - 1] = '\0';
  printf ("listening on %s\n", uri);
  fflush (stdout);

  g_unix_signal_add (SIGTERM, on_term, loop);
  g_unix_signal_add (SIGINT, on_term, loop);
  g_main_loop_run (loop);
  g_bytes_unref (body);
  return 0;
}
