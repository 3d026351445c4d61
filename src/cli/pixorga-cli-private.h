/* pixorga-cli-private.h: what the files of pixorga-cli share
 *
 *   pixorga-cli.c          main, the local commands (init, import, …)
 *   pixorga-cli-net.c      talking to a server from a command: the
 *                          private main context, the password, the
 *                          signed-in session, the exit code of an error
 *   pixorga-cli-account.c  activate, signup, join, login, logout,
 *                          spaces, switch
 *   pixorga-cli-team.c     team, invite, member, leave
 *   pixorga-cli-sync.c     sync
 *   pixorga-cli-cert.c     cert sessions|results|attestations|lsu, archive
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

#include "orga-client.h"
#include "orga-store.h"
#include "orga-token-store.h"

G_BEGIN_DECLS

enum {
  EXIT_OK = 0,
  EXIT_FAILURE_ = 1,
  EXIT_REJECTED = 2,
};

typedef struct
{
  const char *db_path;
} Cli;

typedef int (*CommandFunc) (Cli *cli, int argc, char **argv);

int        usage_error    (GOptionContext      *context,
                           const char          *message);
gboolean   parse_command  (GOptionContext      *context,
                           const char          *summary,
                           const GOptionEntry  *entries,
                           int                  n_operands,
                           const char          *operands_message,
                           int                 *argc,
                           char              ***argv,
                           int                 *status);
int        print_error    (const GError        *error,
                           int                  status);
OrgaStore *open_store     (Cli                 *cli);
void       print_json     (JsonBuilder         *builder);

/* The database and its school, which every command but init and profiles
 * works on; one g_auto() local instead of two in each of them. */
typedef struct
{
  OrgaStore        *store;
  OrgaOrganization *organization;
} School;

void       school_clear   (School              *school);
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (School, school_clear)
/* On failure the reason has been printed. */
gboolean   open_school    (Cli                 *cli,
                           School              *school);

/* Table cells: all but the last padded to @widths (in characters), the
 * last (may be "") as is, then the end of the line. */
void       append_row     (GString             *out,
                           const guint         *widths,
                           guint                n_widths,
                           const char * const  *cells);
/* Writes @out to the standard output and empties it. */
void       write_out      (GString             *out);

/* ---- pixorga-cli-net.c ------------------------------------------------ */

/* A command that talks to a server runs its requests on a main context
 * of its own, pushed for the command's life: cli_net_begin() at its
 * start, the g_auto cleanup pops it. */
typedef struct
{
  GMainContext *context;
} CliNet;

void          cli_net_begin        (CliNet        *net);
void          cli_net_end          (CliNet        *net);
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (CliNet, cli_net_end)

/* The callback of every async call: keeps the result in *user_data. */
void          cli_net_result_cb    (GObject       *source,
                                    GAsyncResult  *result,
                                    gpointer       user_data);
/* Iterates the context until *slot holds the result; returns it. */
GAsyncResult *cli_net_wait         (GAsyncResult **slot);

/* One line of the standard input, without its end; no echo when it is a
 * terminal (after printing @prompt to the standard error). NULL with the
 * reason printed when there is none. */
char         *cli_read_password    (const char    *prompt);

/* The exit code of a failed step, after printing its message: 2 for a
 * rule (the server's refusals, the binding rules), 1 for the rest. */
int           cli_fail             (const GError  *error);

/* The database, its account, the token, the current school and its
 * space on the server: what team, invite, member, leave, spaces and
 * switch work on. */
typedef struct
{
  OrgaStore        *store;
  OrgaAccount      *account;
  OrgaClient       *client;
  OrgaTokenStore   *tokens;
  OrgaOrganization *organization;   /* the current school, may be NULL */
  char             *space_id;       /* its id on the server, NULL offline */
} CliSession;

void          cli_session_clear    (CliSession    *session);
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (CliSession, cli_session_clear)

/* Opens the session; with @need_space, the current school must be a
 * space of the server. FALSE with the reason printed and *status set. */
gboolean      cli_session_open     (Cli           *cli,
                                    CliSession    *session,
                                    gboolean       need_space,
                                    int           *status);
/* The same, the reason in @error instead of printed. */
gboolean      cli_session_open_quiet (Cli         *cli,
                                    CliSession    *session,
                                    gboolean       need_space,
                                    GError       **error);

/* ---- the commands ----------------------------------------------------- */

int command_activate (Cli *cli, int argc, char **argv);
int command_signup   (Cli *cli, int argc, char **argv);
int command_join     (Cli *cli, int argc, char **argv);
int command_login    (Cli *cli, int argc, char **argv);
int command_logout   (Cli *cli, int argc, char **argv);
int command_spaces   (Cli *cli, int argc, char **argv);
int command_switch   (Cli *cli, int argc, char **argv);
int command_team     (Cli *cli, int argc, char **argv);
int command_invite   (Cli *cli, int argc, char **argv);
int command_member   (Cli *cli, int argc, char **argv);
int command_leave    (Cli *cli, int argc, char **argv);
int command_sync     (Cli *cli, int argc, char **argv);
int command_cert     (Cli *cli, int argc, char **argv);
int command_archive  (Cli *cli, int argc, char **argv);

G_END_DECLS
