/* orga-server.h: pixorga-server, the HTTP side
 *
 * One OrgaServer a process: a SoupServer answering the JSON API under
 * /api/v1 (docs/api.md) and the HTML pages, over one OrgaServerDb. It
 * keeps no state of its own outside the database, so any number of
 * processes can serve one PostgreSQL database.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "orga-mailer.h"
#include "orga-server-db.h"

G_BEGIN_DECLS

#define ORGA_TYPE_SERVER (orga_server_get_type ())

G_DECLARE_FINAL_TYPE (OrgaServer, orga_server, ORGA, SERVER, GObject)

/* @public_url is where the links of the mails point, e.g.
 * "https://orga.example.fr". */
OrgaServer   *orga_server_new                (OrgaServerDb         *db,
                                              OrgaMailer           *mailer,
                                              const char           *public_url);
/* The X-Forwarded-For of requests from @address (a reverse proxy) names
 * the client; NULL trusts nobody. */
void          orga_server_set_trusted_proxy  (OrgaServer           *self,
                                              const char           *address);
/* Mail left undelivered in mail_outbox is tried again @seconds after it
 * was written (60 by default), then at 2, 4, 8… times that age, 5
 * attempts in all. Before orga_server_listen(). */
void          orga_server_set_mail_retry     (OrgaServer           *self,
                                              guint                 seconds);
/* @host_port is "HOST:PORT" ("[::1]:8080" for IPv6); port 0 picks a free
 * one. HTTPS when @certificate is given. */
gboolean      orga_server_listen             (OrgaServer           *self,
                                              const char           *host_port,
                                              GTlsCertificate      *certificate,
                                              GError              **error);
/* Worker @worker (1…N) of `--workers N`: its socket shares the port with
 * the other workers' (SO_REUSEPORT) and its log's request ids carry its
 * number. Before orga_server_listen(). */
void          orga_server_set_worker         (OrgaServer           *self,
                                              guint                 worker);
/* For `--workers`: binds @host_port (port 0: a free one) without
 * listening, so that the port is held for the workers, which bind it
 * too; sets @bound_host_port to the address and port bound. */
GSocket      *orga_server_reserve_port       (const char           *host_port,
                                              char                **bound_host_port,
                                              GError              **error);
/* "http://127.0.0.1:41234", once listening. */
char         *orga_server_get_uri            (OrgaServer           *self);
/* Stops listening, lets the requests in flight finish (at most
 * @timeout_ms), then closes the connections. */
void          orga_server_shutdown_async     (OrgaServer           *self,
                                              guint                 timeout_ms,
                                              GAsyncReadyCallback   callback,
                                              gpointer              user_data);
void          orga_server_shutdown_finish    (OrgaServer           *self,
                                              GAsyncResult         *result);

G_END_DECLS
