/* pixorga-cli-net.c: what the server's commands share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <stdio.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "orga-store-account.h"
#include "pixorga-cli-private.h"

void
cli_net_begin (CliNet *net)
{
  net->context = g_main_context_new ();
  g_main_context_push_thread_default (net->context);
}

void
cli_net_end (CliNet *net)
{
  if (net->context == NULL)
    return;

  g_main_context_pop_thread_default (net->context);
  g_clear_pointer (&net->context, g_main_context_unref);
}

void
cli_net_result_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  GAsyncResult **slot = user_data;

  *slot = g_object_ref (result);
}

GAsyncResult *
cli_net_wait (GAsyncResult **slot)
{
  GMainContext *context = g_main_context_get_thread_default ();

  while (*slot == NULL)
    g_main_context_iteration (context, TRUE);

  return *slot;
}

char *
cli_read_password (const char *prompt)
{
  gboolean tty = isatty (STDIN_FILENO);
  struct termios saved, quiet;
  gboolean echo_off = FALSE;
  g_autoptr(GString) line = g_string_new (NULL);
  int c;

  /* The echo goes off before the prompt shows, and nothing typed ahead
   * is discarded (TCSANOW, not TCSAFLUSH). */
  if (tty)
    {
      if (tcgetattr (STDIN_FILENO, &saved) == 0)
        {
          quiet = saved;
          quiet.c_lflag &= ~(ECHO);
          quiet.c_lflag |= ECHONL;
          echo_off = tcsetattr (STDIN_FILENO, TCSANOW, &quiet) == 0;
        }
      fprintf (stderr, "%s", prompt);
      fflush (stderr);
    }

  while ((c = getchar ()) != EOF && c != '\n')
    g_string_append_c (line, (char) c);

  if (echo_off)
    tcsetattr (STDIN_FILENO, TCSANOW, &saved);

  if (line->len > 0 && line->str[line->len - 1] == '\r')
    g_string_truncate (line, line->len - 1);

  if (line->len == 0)
    {
      g_printerr ("%s\n", _("No password was given on the standard input."));
      return NULL;
    }

  return g_string_free (g_steal_pointer (&line), FALSE);
}

int
cli_fail (const GError *error)
{
  gboolean rule = orga_client_error_is_refusal (error);

  if (error->domain == ORGA_STORE_ERROR)
    rule = error->code == ORGA_STORE_ERROR_OTHER_ACCOUNT ||
           error->code == ORGA_STORE_ERROR_OTHER_ORGANIZATION ||
           error->code == ORGA_STORE_ERROR_NOT_A_MEMBER ||
           error->code == ORGA_STORE_ERROR_CHOOSE_SPACE ||
           error->code == ORGA_STORE_ERROR_NOT_FOUND;

  return print_error (error, rule ? EXIT_REJECTED : EXIT_FAILURE_);
}

void
cli_session_clear (CliSession *session)
{
  g_clear_object (&session->store);
  g_clear_object (&session->account);
  g_clear_object (&session->client);
  g_clear_object (&session->tokens);
  g_clear_object (&session->organization);
  g_clear_pointer (&session->space_id, g_free);
}

gboolean
cli_session_open (Cli        *cli,
                  CliSession *session,
                  gboolean    need_space,
                  int        *status)
{
  g_autoptr(GError) error = NULL;

  if (!cli_session_open_quiet (cli, session, need_space, &error))
    {
      *status = print_error (error, EXIT_FAILURE_);
      return FALSE;
    }

  *status = EXIT_OK;
  return TRUE;
}

gboolean
cli_session_open_quiet (Cli         *cli,
                        CliSession  *session,
                        gboolean     need_space,
                        GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autofree char *token = NULL;

  session->store = orga_store_open (cli->db_path, error);
  if (session->store == NULL)
    return FALSE;

  session->account = orga_store_get_account (session->store, &local_error);
  if (session->account == NULL)
    {
      if (local_error != NULL)
        g_propagate_error (error, g_steal_pointer (&local_error));
      else
        g_set_error_literal (error, ORGA_STORE_ERROR, ORGA_STORE_ERROR_NOT_BOUND,
                             _("This database is not signed in to a server. Run “pixorga-cli login --server URL --email E” first."));
      return FALSE;
    }

  session->tokens = orga_token_store_new ();
  token = orga_token_store_lookup (session->tokens, orga_account_get_server_url (session->account),
                                   orga_account_get_email (session->account), NULL, &local_error);
  if (token == NULL)
    {
      if (local_error != NULL)
        g_propagate_error (error, g_steal_pointer (&local_error));
      else
        g_set_error_literal (error, ORGA_STORE_ERROR, ORGA_STORE_ERROR_NOT_BOUND,
                             _("The session of this account was not kept on this computer. Run “pixorga-cli login” again."));
      return FALSE;
    }

  session->client = orga_client_new (orga_account_get_server_url (session->account), error);
  if (session->client == NULL)
    return FALSE;
  orga_client_set_token (session->client, token);
  memset (token, 0, strlen (token));

  session->organization = orga_store_get_organization (session->store, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  if (session->organization != NULL)
    {
      session->space_id = orga_store_dup_space_id (session->store, session->organization, &local_error);
      if (local_error != NULL)
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }
    }

  if (need_space && session->space_id == NULL)
    {
      g_set_error_literal (error, ORGA_STORE_ERROR, ORGA_STORE_ERROR_NOT_BOUND,
                           _("The school open in this database is not a space of the server. Choose one with “pixorga-cli switch UAI”."));
      return FALSE;
    }

  return TRUE;
}
