/* pixorga-cli-account.c: activate, signup, join, login, logout, spaces,
 * switch
 *
 * A database is bound to one account on one server (orga_store_bind());
 * the token goes to the keyring or its 0600 file, never to the database
 * nor the terminal.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "orga-json-team.h"
#include "orga-store-account.h"
#include "pixorga-cli-private.h"

static OrgaClient *
new_client (const char *server)
{
  g_autoptr(GError) error = NULL;
  OrgaClient *client = orga_client_new (server, &error);

  if (client == NULL)
    g_printerr ("%s\n", error->message);
  return client;
}

static gboolean
require (GOptionContext *context,
         const char     *value,
         const char     *message,
         int            *status)
{
  if (value != NULL && *g_strstrip ((char *) value) != '\0')
    return TRUE;
  *status = usage_error (context, message);
  return FALSE;
}

/* After signing in: the token kept, the database bound to @space, the
 * spaces listed for the switcher, the server told which space is open.
 * The token is revoked if the database refuses the binding, so that no
 * session is left behind. */
static OrgaOrganization *
bind_session (OrgaStore         *store,
              OrgaClient        *client,
              OrgaClientSession *session,
              OrgaSpace         *space,
              GError           **error)
{
  g_autoptr(OrgaTokenStore) tokens = orga_token_store_new ();
  g_autoptr(OrgaOrganization) organization = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) local_error = NULL;

  organization = orga_store_bind (store, session->account, space, error);
  if (organization == NULL)
    return NULL;

  if (!orga_token_store_save (tokens, orga_client_get_server_url (client),
                              orga_account_get_email (session->account),
                              orga_client_get_token (client), NULL, error))
    {
      orga_store_unbind (store, NULL);
      return NULL;
    }

  if (!orga_store_save_spaces (store, session->spaces, &local_error))
    {
      g_warning ("%s", local_error->message);
      g_clear_error (&local_error);
    }

  orga_client_set_current_organization_async (client, orga_space_get_id (space), NULL,
                                              cli_net_result_cb, &result);
  if (!orga_client_set_current_organization_finish (client, cli_net_wait (&result), &local_error))
    g_debug ("The server could not be told the current space: %s", local_error->message);

  return g_steal_pointer (&organization);
}

/* The session this command opened and will not use: revoked. */
static void
sign_out_quietly (OrgaClient *client)
{
  g_autoptr(GAsyncResult) result = NULL;

  if (orga_client_get_token (client) == NULL)
    return;
  orga_client_sign_out_async (client, NULL, cli_net_result_cb, &result);
  orga_client_sign_out_finish (client, cli_net_wait (&result), NULL);
}

static void
print_bound (OrgaClientSession *session,
             OrgaOrganization  *organization,
             const char        *server)
{
  g_autofree char *name = orga_account_dup_display_name (session->account);
  g_autofree char *title = orga_organization_dup_title (organization);

  g_print (_("Signed in as %s (%s) on %s.\n"), name, orga_account_get_email (session->account), server);
  g_print (_("This database is bound to the space of %s.\n"), title);
}

/* ---- activate --------------------------------------------------------- */

int
command_activate (Cli   *cli,
                  int    argc,
                  char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (NULL);
  g_auto(CliNet) net = { 0 };
  g_autoptr(OrgaClient) client = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *server = NULL;
  g_autofree char *uai = NULL;
  g_autofree char *first_name = NULL;
  g_autofree char *last_name = NULL;
  g_autofree char *message = NULL;
  g_autofree char *normalized = NULL;
  int status = EXIT_OK;
  const GOptionEntry entries[] = {
    { "server", 0, 0, G_OPTION_ARG_STRING, &server, N_("The PixOrga server’s address"), "URL" },
    { "uai", 0, 0, G_OPTION_ARG_STRING, &uai, N_("The school’s UAI, e.g. 0330001A"), "UAI" },
    { "first-name", 0, 0, G_OPTION_ARG_STRING, &first_name, N_("Your first name"), N_("FIRST-NAME") },
    { "last-name", 0, 0, G_OPTION_ARG_STRING, &last_name, N_("Your last name"), N_("LAST-NAME") },
    { NULL }
  };

  if (!parse_command (context, _("Asks for the activation of the school’s Pix Orga space: the server mails a link to the school’s own address."),
                      entries, 0, _("activate takes no file."), &argc, &argv, &status) ||
      !require (context, server, _("The server is required (--server)."), &status) ||
      !require (context, uai, _("The UAI is required (--uai)."), &status))
    return status;

  cli_net_begin (&net);
  if ((client = new_client (server)) == NULL)
    return EXIT_FAILURE_;

  /* The form's checks are the server's, with their messages (§1.2). */
  normalized = orga_uai_normalize (uai);
  orga_client_activate_async (client, normalized, first_name != NULL ? g_strstrip (first_name) : "",
                              last_name != NULL ? g_strstrip (last_name) : "", NULL,
                              cli_net_result_cb, &result);
  message = orga_client_activate_finish (client, cli_net_wait (&result), &error);
  if (message == NULL)
    return cli_fail (error);

  g_print ("%s\n", message);
  return EXIT_OK;
}

/* ---- signup ----------------------------------------------------------- */

int
command_signup (Cli   *cli,
                int    argc,
                char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (NULL);
  g_auto(CliNet) net = { 0 };
  g_autoptr(OrgaClient) client = NULL;
  g_autoptr(OrgaAccount) account = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *server = NULL;
  g_autofree char *email = NULL;
  g_autofree char *first_name = NULL;
  g_autofree char *last_name = NULL;
  g_autofree char *password = NULL;
  g_autofree char *name = NULL;
  gboolean accept_terms = FALSE;
  int status = EXIT_OK;
  const GOptionEntry entries[] = {
    { "server", 0, 0, G_OPTION_ARG_STRING, &server, N_("The PixOrga server’s address"), "URL" },
    { "email", 0, 0, G_OPTION_ARG_STRING, &email, N_("Your e-mail address"), N_("EMAIL") },
    { "first-name", 0, 0, G_OPTION_ARG_STRING, &first_name, N_("Your first name"), N_("FIRST-NAME") },
    { "last-name", 0, 0, G_OPTION_ARG_STRING, &last_name, N_("Your last name"), N_("LAST-NAME") },
    { "accept-terms", 0, 0, G_OPTION_ARG_NONE, &accept_terms, N_("Accept Pix’s terms of use"), NULL },
    { NULL }
  };

  if (!parse_command (context, _("Creates a Pix account on the server. The password is read from the standard input."),
                      entries, 0, _("signup takes no file."), &argc, &argv, &status) ||
      !require (context, server, _("The server is required (--server)."), &status) ||
      !require (context, email, _("The e-mail address is required (--email)."), &status))
    return status;

  cli_net_begin (&net);
  if ((client = new_client (server)) == NULL)
    return EXIT_FAILURE_;
  if ((password = cli_read_password (_("Password: "))) == NULL)
    return EXIT_FAILURE_;

  orga_client_sign_up_async (client, email, password, first_name != NULL ? g_strstrip (first_name) : "",
                             last_name != NULL ? g_strstrip (last_name) : "", accept_terms, NULL,
                             cli_net_result_cb, &result);
  memset (password, 0, strlen (password));
  account = orga_client_sign_up_finish (client, cli_net_wait (&result), &error);
  if (account == NULL)
    return cli_fail (error);

  name = orga_account_dup_display_name (account);
  g_print (_("The account of %s (%s) is created on %s.\n"), name, orga_account_get_email (account),
           orga_client_get_server_url (client));
  return EXIT_OK;
}

/* ---- sign in ---------------------------------------------------------- */

static OrgaClientSession *
sign_in (OrgaClient  *client,
         const char  *email,
         GError     **error)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autofree char *password = cli_read_password (_("Password: "));

  if (password == NULL)
    {
      /* Already said why. */
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "");
      return NULL;
    }

  orga_client_sign_in_async (client, email, password, NULL, cli_net_result_cb, &result);
  memset (password, 0, strlen (password));
  return orga_client_sign_in_finish (client, cli_net_wait (&result), error);
}

static int
sign_in_failed (const GError *error)
{
  if (error->domain == G_IO_ERROR && *error->message == '\0')
    return EXIT_FAILURE_;
  return cli_fail (error);
}

/* ---- join ------------------------------------------------------------- */

static OrgaSpace *
find_space_by_id (GPtrArray  *spaces,
                  const char *id)
{
  for (guint i = 0; spaces != NULL && i < spaces->len; i++)
    if (g_strcmp0 (orga_space_get_id (g_ptr_array_index (spaces, i)), id) == 0)
      return g_ptr_array_index (spaces, i);
  return NULL;
}

/* The spaces again, now that the account has one more. */
static void
refresh_spaces (OrgaClient        *client,
                OrgaClientSession *session)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(OrgaClientSession) me = NULL;

  orga_client_get_me_async (client, NULL, cli_net_result_cb, &result);
  me = orga_client_get_me_finish (client, cli_net_wait (&result), NULL);
  if (me != NULL)
    {
      g_clear_pointer (&session->spaces, g_ptr_array_unref);
      session->spaces = g_ptr_array_ref (me->spaces);
    }
}

int
command_join (Cli   *cli,
              int    argc,
              char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (_("URL"));
  g_auto(CliNet) net = { 0 };
  g_autoptr(OrgaStore) store = NULL;
  g_autoptr(OrgaClient) client = NULL;
  g_autoptr(OrgaClientSession) session = NULL;
  g_autoptr(OrgaSpace) invited = NULL;
  g_autoptr(OrgaSpace) joined = NULL;
  g_autoptr(OrgaOrganization) organization = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *email = NULL;
  g_autofree char *server = NULL;
  g_autofree char *invitation_id = NULL;
  g_autofree char *code = NULL;
  OrgaInvitationStatus invitation_status;
  OrgaSpace *member_of;
  int status = EXIT_OK;
  const GOptionEntry entries[] = {
    { "email", 0, 0, G_OPTION_ARG_STRING, &email, N_("The e-mail address of your Pix account"), N_("EMAIL") },
    { NULL }
  };

  if (!parse_command (context, _("Joins the space of an invitation link (the mailed one, or pixorga://rejoindre?…) with an existing account, and binds this database to it. The password is read from the standard input."),
                      entries, 1, _("join takes the invitation link."), &argc, &argv, &status) ||
      !require (context, email, _("The e-mail address is required (--email)."), &status))
    return status;

  if (!orga_client_parse_invitation_link (argv[1], &server, &invitation_id, &code, &error))
    return cli_fail (error);

  cli_net_begin (&net);
  if ((store = open_store (cli)) == NULL || (client = new_client (server)) == NULL)
    return EXIT_FAILURE_;

  /* What the link is for, before anything changes. */
  {
    g_autoptr(GAsyncResult) result = NULL;

    orga_client_get_invitation_async (client, invitation_id, code, NULL, cli_net_result_cb, &result);
    invited = orga_client_get_invitation_finish (client, cli_net_wait (&result), &invitation_status, &error);
    if (invited == NULL)
      return cli_fail (error);
  }

  session = sign_in (client, email, &error);
  if (session == NULL)
    return sign_in_failed (error);

  /* Already a member (the link used once on the web page): only the
   * binding is left. A cancelled or used invitation is refused by accept,
   * in the server's words (§1.4). */
  member_of = find_space_by_id (session->spaces, orga_space_get_id (invited));

  /* The database must be able to take this space before the account
   * joins it. */
  if (!orga_store_can_bind (store, session->account, member_of != NULL ? member_of : invited, &error))
    {
      sign_out_quietly (client);
      return cli_fail (error);
    }

  if (member_of == NULL)
    {
      g_autoptr(GAsyncResult) terms = NULL;
      g_autoptr(GAsyncResult) accepted = NULL;

      orga_client_accept_orga_terms_async (client, NULL, cli_net_result_cb, &terms);
      if (!orga_client_accept_orga_terms_finish (client, cli_net_wait (&terms), &error))
        {
          sign_out_quietly (client);
          return cli_fail (error);
        }
      g_print ("%s\n", _("You have accepted the Pix Orga terms of use."));

      orga_client_accept_invitation_async (client, invitation_id, code, NULL, cli_net_result_cb, &accepted);
      joined = orga_client_accept_invitation_finish (client, cli_net_wait (&accepted), &error);
      if (joined == NULL)
        {
          sign_out_quietly (client);
          return cli_fail (error);
        }
      refresh_spaces (client, session);
    }
  else
    joined = g_object_ref (member_of);

  organization = bind_session (store, client, session, joined, &error);
  if (organization == NULL)
    {
      sign_out_quietly (client);
      return cli_fail (error);
    }

  {
    g_autofree char *title = orga_space_dup_title (joined);

    g_print (_("You are a member of the Pix Orga space of %s (%s).\n"), title,
             orga_member_role_get_label (orga_space_get_role (joined)));
  }
  print_bound (session, organization, orga_client_get_server_url (client));
  return EXIT_OK;
}

/* ---- login ------------------------------------------------------------ */

int
command_login (Cli   *cli,
               int    argc,
               char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (NULL);
  g_auto(CliNet) net = { 0 };
  g_autoptr(OrgaStore) store = NULL;
  g_autoptr(OrgaClient) client = NULL;
  g_autoptr(OrgaClientSession) session = NULL;
  g_autoptr(OrgaSpace) space = NULL;
  g_autoptr(OrgaOrganization) organization = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *server = NULL;
  g_autofree char *email = NULL;
  g_autofree char *uai = NULL;
  int status = EXIT_OK;
  const GOptionEntry entries[] = {
    { "server", 0, 0, G_OPTION_ARG_STRING, &server, N_("The PixOrga server’s address"), "URL" },
    { "email", 0, 0, G_OPTION_ARG_STRING, &email, N_("The e-mail address of your Pix account"), N_("EMAIL") },
    { "uai", 0, 0, G_OPTION_ARG_STRING, &uai, N_("The space to open, by its school’s UAI"), "UAI" },
    { NULL }
  };

  if (!parse_command (context, _("Signs in and binds this database to a space of the account. The password is read from the standard input."),
                      entries, 0, _("login takes no file."), &argc, &argv, &status) ||
      !require (context, server, _("The server is required (--server)."), &status) ||
      !require (context, email, _("The e-mail address is required (--email)."), &status))
    return status;

  cli_net_begin (&net);
  if ((store = open_store (cli)) == NULL || (client = new_client (server)) == NULL)
    return EXIT_FAILURE_;

  session = sign_in (client, email, &error);
  if (session == NULL)
    return sign_in_failed (error);

  /* No membership (spec §1.3), several and none chosen, or not this UAI. */
  space = orga_store_pick_space (store, session->spaces, uai, &error);
  if (space == NULL)
    {
      sign_out_quietly (client);
      return cli_fail (error);
    }

  organization = bind_session (store, client, session, space, &error);
  if (organization == NULL)
    {
      sign_out_quietly (client);
      return cli_fail (error);
    }

  print_bound (session, organization, orga_client_get_server_url (client));
  return EXIT_OK;
}

/* ---- logout ----------------------------------------------------------- */

int
command_logout (Cli   *cli,
                int    argc,
                char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (NULL);
  g_auto(CliNet) net = { 0 };
  g_autoptr(OrgaStore) store = NULL;
  g_autoptr(OrgaAccount) account = NULL;
  g_autoptr(OrgaTokenStore) tokens = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *token = NULL;
  int status = EXIT_OK;
  const GOptionEntry entries[] = { { NULL } };

  if (!parse_command (context, _("Signs out of the server. The students, campaigns and team stay on this computer."),
                      entries, 0, _("logout takes no argument."), &argc, &argv, &status))
    return status;

  cli_net_begin (&net);
  if ((store = open_store (cli)) == NULL)
    return EXIT_FAILURE_;

  account = orga_store_get_account (store, &error);
  if (account == NULL)
    {
      if (error != NULL)
        return print_error (error, EXIT_FAILURE_);
      g_print ("%s\n", _("This database is not signed in to a server."));
      return EXIT_OK;
    }

  tokens = orga_token_store_new ();
  token = orga_token_store_lookup (tokens, orga_account_get_server_url (account),
                                   orga_account_get_email (account), NULL, NULL);
  if (token != NULL)
    {
      g_autoptr(OrgaClient) client = orga_client_new (orga_account_get_server_url (account), NULL);
      g_autoptr(GAsyncResult) result = NULL;
      g_autoptr(GError) revoke_error = NULL;

      /* Revoked on the server when it answers; signed out here anyway. */
      orga_client_set_token (client, token);
      memset (token, 0, strlen (token));
      orga_client_sign_out_async (client, NULL, cli_net_result_cb, &result);
      if (!orga_client_sign_out_finish (client, cli_net_wait (&result), &revoke_error) &&
          !g_error_matches (revoke_error, ORGA_CLIENT_ERROR, ORGA_CLIENT_ERROR_UNAUTHENTICATED))
        g_printerr ("%s\n", revoke_error->message);
    }

  if (!orga_token_store_clear (tokens, orga_account_get_server_url (account),
                               orga_account_get_email (account), NULL, &error) ||
      !orga_store_unbind (store, &error))
    return print_error (error, EXIT_FAILURE_);

  g_print (_("Signed out of %s. The data stays on this computer.\n"), orga_account_get_server_url (account));
  return EXIT_OK;
}

/* ---- spaces ----------------------------------------------------------- */

/* The account's spaces from the server, kept for offline; the last ones
 * kept when it cannot be reached (*offline_error set then). */
static GPtrArray *
load_spaces (CliSession  *session,
             GError     **offline_error,
             GError     **error)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(OrgaClientSession) me = NULL;
  g_autoptr(GError) local_error = NULL;

  orga_client_get_me_async (session->client, NULL, cli_net_result_cb, &result);
  me = orga_client_get_me_finish (session->client, cli_net_wait (&result), &local_error);
  if (me != NULL)
    {
      if (!orga_store_save_spaces (session->store, me->spaces, error))
        return NULL;
      return g_ptr_array_ref (me->spaces);
    }

  if (!g_error_matches (local_error, ORGA_CLIENT_ERROR, ORGA_CLIENT_ERROR_NETWORK))
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }

  g_propagate_error (offline_error, g_steal_pointer (&local_error));
  return orga_store_load_spaces (session->store, error);
}

int
command_spaces (Cli   *cli,
                int    argc,
                char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (NULL);
  g_auto(CliNet) net = { 0 };
  g_auto(CliSession) session = { 0 };
  g_autoptr(GPtrArray) spaces = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) offline = NULL;
  gboolean json = FALSE;
  int status = EXIT_OK;
  const GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print the list as JSON"), NULL },
    { NULL }
  };

  if (!parse_command (context, _("Lists the Pix Orga spaces of the account, “Name (UAI)” in alphabetical order; * marks the current one."),
                      entries, 0, _("spaces takes no argument."), &argc, &argv, &status))
    return status;

  cli_net_begin (&net);
  if (!cli_session_open (cli, &session, FALSE, &status))
    return status;

  spaces = load_spaces (&session, &offline, &error);
  if (spaces == NULL)
    return cli_fail (error);
  orga_space_sort (spaces);

  if (json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();

      json_builder_begin_array (builder);
      for (guint i = 0; i < spaces->len; i++)
        {
          OrgaSpace *space = g_ptr_array_index (spaces, i);

          json_builder_begin_object (builder);
          json_builder_set_member_name (builder, "id");
          json_builder_add_string_value (builder, orga_space_get_id (space));
          json_builder_set_member_name (builder, "uai");
          json_builder_add_string_value (builder, orga_space_get_uai (space));
          json_builder_set_member_name (builder, "name");
          json_builder_add_string_value (builder, orga_space_get_name (space));
          json_builder_set_member_name (builder, "kind");
          json_builder_add_string_value (builder, orga_organization_kind_to_string (orga_space_get_kind (space)));
          json_builder_set_member_name (builder, "role");
          json_builder_add_string_value (builder, orga_member_role_to_string (orga_space_get_role (space)));
          json_builder_set_member_name (builder, "current");
          json_builder_add_boolean_value (builder, g_strcmp0 (session.space_id, orga_space_get_id (space)) == 0);
          json_builder_end_object (builder);
        }
      json_builder_end_array (builder);
      print_json (builder);
    }
  else
    for (guint i = 0; i < spaces->len; i++)
      {
        OrgaSpace *space = g_ptr_array_index (spaces, i);
        g_autofree char *title = orga_space_dup_title (space);

        g_print ("%s %s\n", g_strcmp0 (session.space_id, orga_space_get_id (space)) == 0 ? "*" : " ", title);
      }

  if (offline != NULL)
    {
      g_printerr ("%s\n", offline->message);
      g_printerr ("%s\n", _("The list above is the one last known on this computer."));
      return EXIT_FAILURE_;
    }
  return EXIT_OK;
}

/* ---- switch ----------------------------------------------------------- */

int
command_switch (Cli   *cli,
                int    argc,
                char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (_("UAI"));
  g_auto(CliNet) net = { 0 };
  g_auto(CliSession) session = { 0 };
  g_autoptr(GPtrArray) spaces = NULL;
  g_autoptr(OrgaSpace) space = NULL;
  g_autoptr(OrgaOrganization) organization = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) offline = NULL;
  g_autofree char *title = NULL;
  int status = EXIT_OK;
  const GOptionEntry entries[] = { { NULL } };

  if (!parse_command (context, _("Opens another Pix Orga space of the account in this database."),
                      entries, 1, _("switch takes the UAI of the space to open."), &argc, &argv, &status))
    return status;

  cli_net_begin (&net);
  if (!cli_session_open (cli, &session, FALSE, &status))
    return status;

  spaces = load_spaces (&session, &offline, &error);
  if (spaces == NULL)
    return cli_fail (error);
  if (offline != NULL)
    return cli_fail (offline);

  space = orga_store_pick_space (session.store, spaces, argv[1], &error);
  if (space == NULL)
    return cli_fail (error);

  organization = orga_store_set_current_space (session.store, space, &error);
  if (organization == NULL)
    return cli_fail (error);

  orga_client_set_current_organization_async (session.client, orga_space_get_id (space), NULL,
                                              cli_net_result_cb, &result);
  if (!orga_client_set_current_organization_finish (session.client, cli_net_wait (&result), &error))
    g_debug ("The server could not be told the current space: %s", error->message);

  title = orga_space_dup_title (space);
  g_print (_("The space of %s is open.\n"), title);
  return EXIT_OK;
}
