/* pixorga-cli-team.c: team, invite, member, leave
 *
 * Each works on the current school's space on the server. Members and
 * invitations are named by e-mail: the team is fetched first to find
 * their ids, and kept for the offline view.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "orga-format.h"
#include "orga-json-team.h"
#include "orga-store-account.h"
#include "pixorga-cli-private.h"

/* The team from the server, kept for offline; NULL with @error set. */
static OrgaTeam *
fetch_team (CliSession  *session,
            GError     **error)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(OrgaTeam) team = NULL;
  g_autoptr(GError) cache_error = NULL;

  orga_client_get_team_async (session->client, session->space_id, NULL, cli_net_result_cb, &result);
  team = orga_client_get_team_finish (session->client, cli_net_wait (&result), error);
  if (team == NULL)
    return NULL;

  if (!orga_store_save_team_cache (session->store, session->organization, team, &cache_error))
    g_warning ("%s", cache_error->message);

  return g_steal_pointer (&team);
}

static char *
format_api_time (GDateTime *time)
{
  g_autoptr(GDateTime) utc = NULL;
  g_autofree char *seconds = NULL;

  if (time == NULL)
    return NULL;
  utc = g_date_time_to_utc (time);
  seconds = g_date_time_format (utc, "%Y-%m-%dT%H:%M:%S");
  return g_strdup_printf ("%s.%03dZ", seconds, g_date_time_get_microsecond (utc) / 1000);
}

static void
print_team_json (OrgaTeam *team)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  GListModel *members = orga_team_get_members (team);
  GListModel *invitations = orga_team_get_invitations (team);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "members");
  json_builder_begin_array (builder);
  for (guint i = 0; i < g_list_model_get_n_items (members); i++)
    {
      g_autoptr(OrgaMember) member = g_list_model_get_item (members, i);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "email");
      json_builder_add_string_value (builder, orga_member_get_email (member));
      json_builder_set_member_name (builder, "first_name");
      json_builder_add_string_value (builder, orga_member_get_first_name (member));
      json_builder_set_member_name (builder, "last_name");
      json_builder_add_string_value (builder, orga_member_get_last_name (member));
      json_builder_set_member_name (builder, "role");
      json_builder_add_string_value (builder, orga_member_role_to_string (orga_member_get_role (member)));
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);

  json_builder_set_member_name (builder, "invitations");
  json_builder_begin_array (builder);
  for (guint i = 0; i < g_list_model_get_n_items (invitations); i++)
    {
      g_autoptr(OrgaInvitation) invitation = g_list_model_get_item (invitations, i);
      g_autofree char *updated_at = format_api_time (orga_invitation_get_updated_at (invitation));

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "email");
      json_builder_add_string_value (builder, orga_invitation_get_email (invitation));
      json_builder_set_member_name (builder, "updated_at");
      if (updated_at != NULL)
        json_builder_add_string_value (builder, updated_at);
      else
        json_builder_add_null_value (builder);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);

  print_json (builder);
}

static void
print_team_text (OrgaTeam *team)
{
  GListModel *members = orga_team_get_members (team);
  GListModel *invitations = orga_team_get_invitations (team);
  g_autofree char *title = orga_space_dup_title (orga_team_get_space (team));

  g_print ("%s\n\n", title);
  g_print (_("Members (%u)\n"), g_list_model_get_n_items (members));
  for (guint i = 0; i < g_list_model_get_n_items (members); i++)
    {
      g_autoptr(OrgaMember) member = g_list_model_get_item (members, i);
      g_autofree char *name = g_strdup_printf ("%s %s", orga_member_get_last_name (member),
                                               orga_member_get_first_name (member));

      g_print ("  %-32s  %-36s  %s\n", name, orga_member_get_email (member),
               orga_member_role_get_label (orga_member_get_role (member)));
    }

  /* A member who is no admin sees no invitation (the server sends none). */
  if (!orga_team_viewer_is_admin (team))
    return;

  g_print ("\n");
  g_print (_("Invitations (%u)\n"), g_list_model_get_n_items (invitations));
  for (guint i = 0; i < g_list_model_get_n_items (invitations); i++)
    {
      g_autoptr(OrgaInvitation) invitation = g_list_model_get_item (invitations, i);
      g_autofree char *iso = format_api_time (orga_invitation_get_updated_at (invitation));
      g_autofree char *when = iso != NULL ? orga_format_iso_date_time (iso, NULL) : NULL;

      g_print ("  %-36s  %s\n", orga_invitation_get_email (invitation),
               when != NULL ? when : (iso != NULL ? iso : ""));
    }
}

/* ---- team ------------------------------------------------------------- */

int
command_team (Cli   *cli,
              int    argc,
              char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (NULL);
  g_auto(CliNet) net = { 0 };
  g_auto(CliSession) session = { 0 };
  g_autoptr(OrgaTeam) team = NULL;
  g_autoptr(GError) error = NULL;
  gboolean json = FALSE;
  int status = EXIT_OK;
  const GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print the team as JSON"), NULL },
    { NULL }
  };

  if (!parse_command (context, _("Lists the members of the current Pix Orga space and its pending invitations."),
                      entries, 0, _("team takes no argument."), &argc, &argv, &status))
    return status;

  cli_net_begin (&net);
  if (!cli_session_open (cli, &session, TRUE, &status))
    return status;

  team = fetch_team (&session, &error);
  if (team == NULL && g_error_matches (error, ORGA_CLIENT_ERROR, ORGA_CLIENT_ERROR_NETWORK))
    {
      g_autoptr(GError) cache_error = NULL;
      g_autoptr(OrgaTeam) cached = orga_store_load_team_cache (session.store, session.organization, &cache_error);

      /* Offline: the last known team, said as such, and still a failure
       * for scripts. */
      if (cached != NULL)
        {
          g_autofree char *iso = format_api_time (orga_team_get_fetched_at (cached));
          g_autofree char *when = orga_format_iso_date_time (iso, NULL);

          if (json)
            print_team_json (cached);
          else
            print_team_text (cached);
          g_printerr ("%s\n", error->message);
          g_printerr (_("Offline: the team as it was on %s.\n"), when != NULL ? when : iso);
          return EXIT_FAILURE_;
        }
    }
  if (team == NULL)
    return cli_fail (error);

  if (json)
    print_team_json (team);
  else
    print_team_text (team);
  return EXIT_OK;
}

/* ---- invite ----------------------------------------------------------- */

static int
invitation_action (CliSession *session,
                   const char *email,
                   gboolean    cancel)
{
  g_autoptr(OrgaTeam) team = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;
  OrgaInvitation *invitation;

  team = fetch_team (session, &error);
  if (team == NULL)
    return cli_fail (error);

  invitation = orga_team_find_invitation (team, email);
  if (invitation == NULL)
    {
      g_printerr (_("There is no pending invitation for %s.\n"), email);
      return EXIT_REJECTED;
    }

  if (cancel)
    {
      orga_client_cancel_invitation_async (session->client, session->space_id, orga_invitation_get_id (invitation),
                                           NULL, cli_net_result_cb, &result);
      message = orga_client_cancel_invitation_finish (session->client, cli_net_wait (&result), &error);
    }
  else
    {
      orga_client_resend_invitation_async (session->client, session->space_id, orga_invitation_get_id (invitation),
                                           NULL, cli_net_result_cb, &result);
      message = orga_client_resend_invitation_finish (session->client, cli_net_wait (&result), &error);
    }
  if (message == NULL)
    return cli_fail (error);

  g_print ("%s\n", message);
  return EXIT_OK;
}

int
command_invite (Cli   *cli,
                int    argc,
                char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (_("EMAIL…"));
  g_auto(CliNet) net = { 0 };
  g_auto(CliSession) session = { 0 };
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) invitations = NULL;
  g_autofree char *cancel = NULL;
  g_autofree char *resend = NULL;
  g_autofree char *message = NULL;
  g_autofree char *role_text = NULL;
  OrgaMemberRole role = ORGA_MEMBER_ROLE_NONE;
  const GOptionEntry entries[] = {
    { "cancel", 0, 0, G_OPTION_ARG_STRING, &cancel, N_("Cancel the pending invitation of this address"), N_("EMAIL") },
    { "resend", 0, 0, G_OPTION_ARG_STRING, &resend, N_("Send the pending invitation of this address again"), N_("EMAIL") },
    { "role", 0, 0, G_OPTION_ARG_STRING, &role_text, N_("The role given on acceptance (default: the server’s rule)"), "admin|member" },
    { NULL }
  };

  g_option_context_set_summary (context, _("Invites members to the current Pix Orga space by e-mail (several addresses at once), or cancels or resends an invitation."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    return usage_error (context, error->message);

  if (cancel != NULL && resend != NULL)
    return usage_error (context, _("--cancel and --resend go alone."));
  if ((cancel != NULL || resend != NULL) && argc != 1)
    return usage_error (context, _("--cancel and --resend take one address and nothing else."));
  if (cancel == NULL && resend == NULL && argc < 2)
    return usage_error (context, _("invite takes at least one e-mail address."));
  if (role_text != NULL && !orga_member_role_from_string (role_text, &role))
    return usage_error (context, _("The role must be “admin” or “member”."));

  cli_net_begin (&net);
  {
    int status;

    if (!cli_session_open (cli, &session, TRUE, &status))
      return status;
  }

  if (cancel != NULL || resend != NULL)
    return invitation_action (&session, cancel != NULL ? cancel : resend, cancel != NULL);

  orga_client_invite_async (session.client, session.space_id, (const char * const *) argv + 1, role, NULL,
                            cli_net_result_cb, &result);
  message = orga_client_invite_finish (session.client, cli_net_wait (&result), &invitations, &error);
  if (message == NULL)
    return cli_fail (error);

  g_print ("%s\n", message);
  return EXIT_OK;
}

/* ---- member ----------------------------------------------------------- */

int
command_member (Cli   *cli,
                int    argc,
                char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (_("role EMAIL admin|member | remove EMAIL"));
  g_auto(CliNet) net = { 0 };
  g_auto(CliSession) session = { 0 };
  g_autoptr(OrgaTeam) team = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;
  OrgaMemberRole role = ORGA_MEMBER_ROLE_NONE;
  OrgaMember *member;
  gboolean remove;
  int status = EXIT_OK;
  const GOptionEntry entries[] = { { NULL } };

  g_option_context_set_summary (context, _("Changes the role of a member of the current Pix Orga space, or removes the member."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    return usage_error (context, error->message);

  if (argc == 4 && g_str_equal (argv[1], "role"))
    {
      remove = FALSE;
      if (!orga_member_role_from_string (argv[3], &role) || g_ascii_isupper (argv[3][0]))
        return usage_error (context, _("The role must be “admin” or “member”."));
    }
  else if (argc == 3 && g_str_equal (argv[1], "remove"))
    remove = TRUE;
  else
    return usage_error (context, _("member takes “role EMAIL admin|member” or “remove EMAIL”."));

  cli_net_begin (&net);
  if (!cli_session_open (cli, &session, TRUE, &status))
    return status;

  team = fetch_team (&session, &error);
  if (team == NULL)
    return cli_fail (error);

  member = orga_team_find_member (team, argv[2]);
  if (member == NULL)
    {
      g_printerr (_("%s is not a member of this space.\n"), argv[2]);
      return EXIT_REJECTED;
    }

  if (remove)
    {
      orga_client_remove_member_async (session.client, session.space_id, orga_member_get_user_id (member),
                                       NULL, cli_net_result_cb, &result);
      message = orga_client_remove_member_finish (session.client, cli_net_wait (&result), &error);
    }
  else
    {
      orga_client_set_member_role_async (session.client, session.space_id, orga_member_get_user_id (member),
                                         role, NULL, cli_net_result_cb, &result);
      message = orga_client_set_member_role_finish (session.client, cli_net_wait (&result), &error);
    }
  if (message == NULL)
    return cli_fail (error);

  g_print ("%s\n", message);
  return EXIT_OK;
}

/* ---- leave ------------------------------------------------------------ */

int
command_leave (Cli   *cli,
               int    argc,
               char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (NULL);
  g_auto(CliNet) net = { 0 };
  g_auto(CliSession) session = { 0 };
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GAsyncResult) me_result = NULL;
  g_autoptr(OrgaClientSession) me = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;
  int status = EXIT_OK;
  const GOptionEntry entries[] = { { NULL } };

  if (!parse_command (context, _("Leaves the current Pix Orga space. Refused for its last administrator."),
                      entries, 0, _("leave takes no argument."), &argc, &argv, &status))
    return status;

  cli_net_begin (&net);
  if (!cli_session_open (cli, &session, TRUE, &status))
    return status;

  orga_client_leave_async (session.client, session.space_id, NULL, cli_net_result_cb, &result);
  message = orga_client_leave_finish (session.client, cli_net_wait (&result), &error);
  if (message == NULL)
    return cli_fail (error);
  g_print ("%s\n", message);

  /* The switcher loses that space; the school's data stays here. */
  orga_client_get_me_async (session.client, NULL, cli_net_result_cb, &me_result);
  me = orga_client_get_me_finish (session.client, cli_net_wait (&me_result), NULL);
  if (me != NULL && !orga_store_save_spaces (session.store, me->spaces, &error))
    return print_error (error, EXIT_FAILURE_);

  return EXIT_OK;
}
