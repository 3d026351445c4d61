/* orga-mailer.h: the server's mail, composed and delivered
 *
 * A message is RFC 5322 in French: UTF-8, headers encoded as RFC 2047
 * words, multipart/alternative with a text part and an HTML part. It is
 * delivered either into a folder, one .eml file per message written
 * atomically (a temporary file, then a rename), or piped to a mail
 * transfer agent's command such as `/usr/sbin/sendmail -t -i`.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define ORGA_TYPE_MAILER (orga_mailer_get_type ())

G_DECLARE_FINAL_TYPE (OrgaMailer, orga_mailer, ORGA, MAILER, GObject)

/* The folder is created (0700) if missing. */
OrgaMailer   *orga_mailer_new_for_directory  (const char           *directory,
                                              GError              **error);
/* @command is a shell-like command line (g_shell_parse_argv()); the
 * message goes to its standard input; a non-zero exit is a failure. */
OrgaMailer   *orga_mailer_new_for_command    (const char           *command,
                                              GError              **error);

/* The From address, "no-reply@HOST" by default. */
void          orga_mailer_set_from_address   (OrgaMailer           *self,
                                              const char           *address);
const char   *orga_mailer_get_from_address   (OrgaMailer           *self);

/* The whole message, CRLF line ends. From is
 * "Pix Orga - Ne pas répondre" <from address>. */
char         *orga_mailer_compose            (OrgaMailer           *self,
                                              const char           *to,
                                              const char           *subject,
                                              const char           *text,
                                              const char           *html);

void          orga_mailer_deliver_async      (OrgaMailer           *self,
                                              const char           *recipient,
                                              const char           *message,
                                              GCancellable         *cancellable,
                                              GAsyncReadyCallback   callback,
                                              gpointer              user_data);
gboolean      orga_mailer_deliver_finish     (OrgaMailer           *self,
                                              GAsyncResult         *result,
                                              GError              **error);

G_END_DECLS
