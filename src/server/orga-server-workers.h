/* orga-server-workers.h: `pixorga-server --workers N`
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Set in a worker's environment: its number (1…N) and the HOST:PORT the
 * supervisor holds for it. */
#define ORGA_SERVER_WORKER_ENV        "PIXORGA_SERVER_WORKER"
#define ORGA_SERVER_WORKER_LISTEN_ENV "PIXORGA_SERVER_WORKER_LISTEN"

/* Runs @n_workers copies of this program with @argv, each a whole server
 * on its own database connection, listening on @host_port with
 * SO_REUSEPORT (the caller holds the port bound), and supervises them:
 * prints `listening on URI` once all are listening, restarts one that
 * dies, and on SIGTERM or SIGINT passes it on and waits for all. Returns
 * the exit status. */
int orga_server_workers_run (char       **argv,
                             const char  *host_port,
                             guint        n_workers);

G_END_DECLS
