/* orga-server-workers.c: `pixorga-server --workers N`
 *
 * One process answers one request at a time: on PostgreSQL it waits for
 * each round trip, and one core stays idle. The server keeps no state of
 * its own, so N copies of it serve one database as N machines behind a
 * load balancer would, with the kernel as the balancer: each worker
 * listens on the same port (SO_REUSEPORT) and gets its share of the
 * connections. The workers are this program again (exec, not a bare
 * fork: GLib's threads and the database connection do not survive a
 * fork), told by their environment that they are workers.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "orga-server"

#include "config.h"

#include <gio/gio.h>
#include <gio/gunixoutputstream.h>
#include <glib-unix.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>

#include "orga-server-workers.h"

/* More restarts than this in RESTART_WINDOW_S: something is wrong with
 * the set-up (the database went away…), not with one worker. */
#define MAX_RESTARTS     5
#define RESTART_WINDOW_S 60

typedef struct
{
  char **argv;
  char *exe;
  char *host_port;
  GPtrArray *workers;     /* Worker* */
  GMainLoop *loop;
  GOutputStream *out;
  char *uri;              /* the first worker's */
  gboolean stopping;
  gboolean failed;
  guint running;
  gint64 restarts[MAX_RESTARTS];
  guint n_restarts;
} Supervisor;

typedef struct
{
  Supervisor *sup;
  guint number;
  GSubprocess *process;
} Worker;

static void spawn (Worker *worker, gboolean wait_until_listening);

static void
die_with_parent (gpointer user_data)
{
  /* A supervisor killed outright must not leave its workers serving. */
  prctl (PR_SET_PDEATHSIG, SIGTERM);
}

static void
stop_all (Supervisor *sup)
{
  sup->stopping = TRUE;
  for (guint i = 0; i < sup->workers->len; i++)
    {
      Worker *worker = g_ptr_array_index (sup->workers, i);

      if (worker->process != NULL)
        g_subprocess_send_signal (worker->process, SIGTERM);
    }
  if (sup->running == 0)
    g_main_loop_quit (sup->loop);
}

static gboolean
on_signal (gpointer user_data)
{
  stop_all (user_data);
  return G_SOURCE_CONTINUE;
}

static gboolean
restart_cb (gpointer user_data)
{
  Worker *worker = user_data;

  if (!worker->sup->stopping)
    spawn (worker, FALSE);
  return G_SOURCE_REMOVE;
}

/* Too many restarts lately? */
static gboolean
restarting_too_often (Supervisor *sup)
{
  gint64 now = g_get_monotonic_time ();
  guint recent = 0;

  sup->restarts[sup->n_restarts++ % MAX_RESTARTS] = now;
  for (guint i = 0; i < MIN (sup->n_restarts, MAX_RESTARTS); i++)
    if (now - sup->restarts[i] < RESTART_WINDOW_S * G_USEC_PER_SEC)
      recent++;
  return recent >= MAX_RESTARTS;
}

static void
exited_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  Worker *worker = user_data;
  Supervisor *sup = worker->sup;
  GSubprocess *process = G_SUBPROCESS (source);
  gboolean clean;

  g_subprocess_wait_finish (process, result, NULL);
  /* Stopped by our SIGTERM before it could handle it (still starting):
   * as clean as an exit 0. */
  clean = (g_subprocess_get_if_exited (process) && g_subprocess_get_exit_status (process) == 0)
          || (sup->stopping && g_subprocess_get_if_signaled (process)
              && g_subprocess_get_term_sig (process) == SIGTERM);
  if (worker->process == process)
    g_clear_object (&worker->process);
  sup->running--;

  if (sup->stopping)
    {
      if (!clean)
        sup->failed = TRUE;
      if (sup->running == 0)
        g_main_loop_quit (sup->loop);
      return;
    }

  if (restarting_too_often (sup))
    {
      g_warning ("le processus %u s’est encore arrêté : %u arrêts en %d s, le serveur s’arrête",
                 worker->number, MAX_RESTARTS, RESTART_WINDOW_S);
      sup->failed = TRUE;
      stop_all (sup);
      return;
    }
  g_warning ("le processus %u s’est arrêté, il est relancé dans 1 s", worker->number);
  g_timeout_add_seconds (1, restart_cb, worker);
}

static void
spawn (Worker   *worker,
       gboolean  wait_until_listening)
{
  Supervisor *sup = worker->sup;
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE);
  g_autoptr(GError) error = NULL;
  g_autoptr(GDataInputStream) stdout_lines = NULL;
  g_autofree char *number = g_strdup_printf ("%u", worker->number);
  g_autofree char *line = NULL;

  g_subprocess_launcher_setenv (launcher, ORGA_SERVER_WORKER_ENV, number, TRUE);
  g_subprocess_launcher_setenv (launcher, ORGA_SERVER_WORKER_LISTEN_ENV, sup->host_port, TRUE);
  g_subprocess_launcher_set_child_setup (launcher, die_with_parent, NULL, NULL);
  worker->process = g_subprocess_launcher_spawnv (launcher, (const char * const *) sup->argv, &error);
  if (worker->process == NULL)
    {
      g_warning ("le processus %u n’a pas pu démarrer : %s", worker->number, error->message);
      sup->failed = TRUE;
      stop_all (sup);
      return;
    }
  sup->running++;

  /* Its `listening on` line says it is ready; its stdout then goes on
   * to ours. */
  stdout_lines = g_data_input_stream_new (g_subprocess_get_stdout_pipe (worker->process));
  if (wait_until_listening)
    {
      line = g_data_input_stream_read_line_utf8 (stdout_lines, NULL, NULL, NULL);
      if (line == NULL || !g_str_has_prefix (line, "listening on "))
        sup->failed = TRUE;
      else if (sup->uri == NULL)
        sup->uri = g_strdup (line + strlen ("listening on "));
    }
  g_output_stream_splice_async (sup->out, G_INPUT_STREAM (stdout_lines), G_OUTPUT_STREAM_SPLICE_CLOSE_SOURCE,
                                G_PRIORITY_DEFAULT, NULL, NULL, NULL);
  g_subprocess_wait_async (worker->process, NULL, exited_cb, worker);
}

int
orga_server_workers_run (char       **argv,
                         const char  *host_port,
                         guint        n_workers)
{
  Supervisor sup = { 0 };
  g_autoptr(GError) error = NULL;

  sup.exe = g_file_read_link ("/proc/self/exe", &error);
  if (sup.exe == NULL)
    {
      fprintf (stderr, "pixorga-server : %s\n", error->message);
      return 1;
    }
  sup.argv = g_strdupv (argv);
  g_free (sup.argv[0]);
  sup.argv[0] = g_strdup (sup.exe);
  sup.host_port = g_strdup (host_port);
  sup.loop = g_main_loop_new (NULL, FALSE);
  sup.out = g_unix_output_stream_new (STDOUT_FILENO, FALSE);
  sup.workers = g_ptr_array_new_with_free_func (g_free);

  g_unix_signal_add (SIGTERM, on_signal, &sup);
  g_unix_signal_add (SIGINT, on_signal, &sup);

  for (guint i = 0; i < n_workers && !sup.failed; i++)
    {
      Worker *worker = g_new0 (Worker, 1);

      worker->sup = &sup;
      worker->number = i + 1;
      g_ptr_array_add (sup.workers, worker);
      spawn (worker, TRUE);
    }

  if (sup.failed)
    stop_all (&sup);
  else
    {
      printf ("listening on %s\n", sup.uri);
      fflush (stdout);
      g_message ("%u processus servent %s", n_workers, sup.uri);
    }

  if (sup.running > 0)
    g_main_loop_run (sup.loop);

  g_main_loop_unref (sup.loop);
  g_object_unref (sup.out);
  g_ptr_array_unref (sup.workers);
  g_strfreev (sup.argv);
  g_free (sup.host_port);
  g_free (sup.uri);
  g_free (sup.exe);
  g_message ("stopped");
  return sup.failed ? 1 : 0;
}
