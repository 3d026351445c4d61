/* pixorga-cli-sync.c: sync
 *
 * One run of OrgaSync for the current school, the contract of issue 10:
 * `--json` prints {"status": "ok"|"offline"|"error", "pushed", "pulled",
 * "cursor", "refused": [{"id", "message"}]} whatever happened, the
 * reason of a failure on the standard error; exit 0 synced, 2 some
 * changes refused (the rest synced), 1 could not sync.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "orga-sync.h"
#include "pixorga-cli-private.h"

static void
print_report_json (const OrgaSyncReport *report)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "status");
  json_builder_add_string_value (builder, orga_sync_status_to_string (report->status));
  json_builder_set_member_name (builder, "pushed");
  json_builder_add_int_value (builder, report->pushed);
  json_builder_set_member_name (builder, "pulled");
  json_builder_add_int_value (builder, report->pulled);
  json_builder_set_member_name (builder, "cursor");
  json_builder_add_int_value (builder, report->cursor);
  json_builder_set_member_name (builder, "refused");
  json_builder_begin_array (builder);
  for (guint i = 0; report->refused != NULL && i < report->refused->len; i++)
    {
      const OrgaSyncNotice *notice = g_ptr_array_index (report->refused, i);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "id");
      json_builder_add_string_value (builder, notice->change);
      json_builder_set_member_name (builder, "message");
      json_builder_add_string_value (builder, notice->message);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);

  print_json (builder);
}

static void
print_report_text (const OrgaSyncReport *report)
{
  switch (report->status)
    {
    case ORGA_SYNC_STATUS_OK:
      g_print ("%s\n", _("Synchronised with the server."));
      g_print (g_dngettext (GETTEXT_PACKAGE, "%u change sent.\n", "%u changes sent.\n", report->pushed),
               report->pushed);
      g_print (g_dngettext (GETTEXT_PACKAGE, "%u row received.\n", "%u rows received.\n", report->pulled),
               report->pulled);
      break;
    case ORGA_SYNC_STATUS_OFFLINE:
      g_print ("%s\n", _("Offline: the changes made on this computer wait for the next synchronisation."));
      break;
    case ORGA_SYNC_STATUS_ERROR:
    default:
      break;
    }

  for (guint i = 0; i < report->refused->len; i++)
    {
      const OrgaSyncNotice *notice = g_ptr_array_index (report->refused, i);

      g_print (_("Refused by the server and undone on this computer: %s\n"), notice->message);
    }
  for (guint i = 0; i < report->notices->len; i++)
    {
      const OrgaSyncNotice *notice = g_ptr_array_index (report->notices, i);

      g_print ("%s\n", notice->message);
    }
}

/* A run that could not even start (no account, no space): reported as
 * one that failed, so that --json always prints the contract. */
static int
fail_before_run (const GError *error,
                 gboolean      json)
{
  g_autoptr(OrgaSyncReport) report = g_new0 (OrgaSyncReport, 1);

  report->status = ORGA_SYNC_STATUS_ERROR;
  report->refused = g_ptr_array_new ();
  report->notices = g_ptr_array_new ();
  if (json)
    print_report_json (report);
  g_printerr ("%s\n", error->message);
  return EXIT_FAILURE_;
}

int
command_sync (Cli   *cli,
              int    argc,
              char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (NULL);
  g_auto(CliNet) net = { 0 };
  g_auto(CliSession) session = { 0 };
  g_autoptr(OrgaSync) sync = NULL;
  g_autoptr(OrgaSyncReport) report = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  gboolean json = FALSE;
  int status = EXIT_OK;
  const GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print the result as JSON"), NULL },
    { NULL }
  };

  if (!parse_command (context, _("Sends the changes made on this computer to the server of the current space, and receives the others’."),
                      entries, 0, _("sync takes no argument."), &argc, &argv, &status))
    return status;

  cli_net_begin (&net);
  if (!cli_session_open_quiet (cli, &session, TRUE, &error))
    return fail_before_run (error, json);

  sync = orga_sync_new (session.store, session.client);
  orga_sync_run_async (sync, session.organization, NULL, cli_net_result_cb, &result);
  report = orga_sync_run_finish (sync, cli_net_wait (&result), &error);
  /* Not cancellable: a run always ends with a report. */
  g_assert (report != NULL);

  if (json)
    {
      print_report_json (report);
      /* Overridden imports are no part of the contract: said aside. */
      for (guint i = 0; i < report->notices->len; i++)
        g_printerr ("%s\n", ((OrgaSyncNotice *) g_ptr_array_index (report->notices, i))->message);
    }
  else
    print_report_text (report);

  if (report->status != ORGA_SYNC_STATUS_OK)
    {
      g_printerr ("%s\n", report->error_message);
      return EXIT_FAILURE_;
    }
  return report->refused->len > 0 ? EXIT_REJECTED : EXIT_OK;
}
