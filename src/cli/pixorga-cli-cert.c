/* pixorga-cli-cert.c: the certification's commands (issue 12, item 8)
 *
 *   pixorga-cli [--db PATH] cert sessions [--json]
 *   pixorga-cli [--db PATH] cert results --division CLASS [-o FILE]
 *   pixorga-cli [--db PATH] cert attestations --division CLASS -o FILE.pdf
 *   pixorga-cli [--db PATH] cert lsu -o FILE.json
 *   pixorga-cli [--db PATH] archive -o FILE.zip
 *
 * The files are the app's, byte for byte: both write them through
 * orga-cert-export.h and orga-year-archive.h (src/render). A class the
 * school does not have is a usage error (exit 1, the class named); a class
 * without results or attestations exits 2 with the spec's message; a file
 * written prints its path, alone, for scripts.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <glib/gi18n-lib.h>
#include <stdio.h>
#include <string.h>

#include "orga-cert-export.h"
#include "orga-format.h"
#include "orga-identity.h"
#include "orga-store-cert.h"
#include "orga-year-archive.h"
#include "pixorga-cli-private.h"

/* ---- cert sessions ---------------------------------------------------- */

/* The JSON's status: the enum's name, as scripts compare it. */
static const char *
session_status_key (OrgaCertSessionStatus status)
{
  switch (status)
    {
    case ORGA_CERT_SESSION_FINALIZED: return "finalized";
    case ORGA_CERT_SESSION_PUBLISHED: return "published";
    case ORGA_CERT_SESSION_CREATED:
    default: return "created";
    }
}

static const char *
session_status_label (OrgaCertSessionStatus status)
{
  switch (status)
    {
    case ORGA_CERT_SESSION_FINALIZED: return C_("cert session status", "Finalized");
    case ORGA_CERT_SESSION_PUBLISHED: return C_("cert session status", "Results sent");
    case ORGA_CERT_SESSION_CREATED:
    default: return C_("cert session status", "Created");
    }
}

static void
add_string_or_null (JsonBuilder *builder,
                    const char  *name,
                    const char  *value)
{
  json_builder_set_member_name (builder, name);
  if (value != NULL)
    json_builder_add_string_value (builder, value);
  else
    json_builder_add_null_value (builder);
}

/* The wire's cert_sessions fields the session holds (docs/sync.md), its
 * counts and its status. */
static void
add_session_json (JsonBuilder     *builder,
                  OrgaCertSession *session)
{
  gint64 number = orga_cert_session_get_number (session);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "id");
  json_builder_add_int_value (builder, orga_cert_session_get_id (session));
  add_string_or_null (builder, "uuid", orga_cert_session_get_uuid (session));
  json_builder_set_member_name (builder, "number");
  if (number > 0)
    json_builder_add_int_value (builder, number);
  else
    json_builder_add_null_value (builder);
  add_string_or_null (builder, "address", orga_cert_session_get_address (session));
  add_string_or_null (builder, "room", orga_cert_session_get_room (session));
  add_string_or_null (builder, "examiner", orga_cert_session_get_examiner (session));
  add_string_or_null (builder, "date", orga_cert_session_get_date (session));
  add_string_or_null (builder, "time", orga_cert_session_get_time (session));
  add_string_or_null (builder, "description", orga_cert_session_get_description (session));
  add_string_or_null (builder, "access_code", orga_cert_session_get_access_code (session));
  add_string_or_null (builder, "supervisor_password", orga_cert_session_get_supervisor_password (session));
  add_string_or_null (builder, "certification_center", orga_cert_session_get_certification_center (session));
  add_string_or_null (builder, "finalized_at", orga_cert_session_get_finalized_at (session));
  add_string_or_null (builder, "examiner_global_comment", orga_cert_session_get_examiner_global_comment (session));
  json_builder_set_member_name (builder, "has_incident");
  json_builder_add_boolean_value (builder, orga_cert_session_get_has_incident (session));
  json_builder_set_member_name (builder, "has_joining_issue");
  json_builder_add_boolean_value (builder, orga_cert_session_get_has_joining_issue (session));
  add_string_or_null (builder, "published_at", orga_cert_session_get_published_at (session));
  json_builder_set_member_name (builder, "n_candidates");
  json_builder_add_int_value (builder, orga_cert_session_get_n_candidates (session));
  json_builder_set_member_name (builder, "n_started");
  json_builder_add_int_value (builder, orga_cert_session_get_n_started (session));
  json_builder_set_member_name (builder, "status");
  json_builder_add_string_value (builder, session_status_key (orga_cert_session_get_status (session)));
  json_builder_set_member_name (builder, "is_demo");
  json_builder_add_boolean_value (builder, orga_cert_session_get_is_demo (session));
  json_builder_end_object (builder);
}

#define N_SESSION_COLUMNS 9

/* A row of the table: N°, site, salle, date, heure, surveillant(s),
 * candidats inscrits, certifications passées, statut (issue 12). */
static char **
session_cells (OrgaCertSession *session)
{
  gint64 number = orga_cert_session_get_number (session);
  const char *label = session_status_label (orga_cert_session_get_status (session));
  char *date = orga_format_day (orga_cert_session_get_date (session));
  char **cells = g_new0 (char *, N_SESSION_COLUMNS + 1);

  cells[0] = number > 0 ? g_strdup_printf ("%" G_GINT64_FORMAT, number)
                        : g_strdup (C_("cert session number", "pending"));
  cells[1] = g_strdup (orga_cert_session_get_address (session));
  cells[2] = g_strdup (orga_cert_session_get_room (session));
  cells[3] = date != NULL ? date : g_strdup (orga_cert_session_get_date (session));
  cells[4] = g_strdup (orga_cert_session_get_time (session));
  cells[5] = g_strdup (orga_cert_session_get_examiner (session));
  cells[6] = g_strdup_printf ("%u", orga_cert_session_get_n_candidates (session));
  cells[7] = g_strdup_printf ("%u", orga_cert_session_get_n_started (session));
  cells[8] = orga_cert_session_get_is_demo (session)
             /* TRANSLATORS: a session's status, then that it is demonstration data */
             ? g_strdup_printf (_("%s (demonstration)"), label)
             : g_strdup (label);

  /* A table cell is one line. */
  for (guint c = 0; c < N_SESSION_COLUMNS; c++)
    {
      if (cells[c] == NULL)
        cells[c] = g_strdup ("");
      g_strdelimit (cells[c], "\n\r\t", ' ');
    }

  return cells;
}

static int
command_cert_sessions (Cli   *cli,
                       int    argc,
                       char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (NULL);
  g_auto(School) school = { 0 };
  g_autoptr(GPtrArray) sessions = NULL;
  g_autoptr(GError) error = NULL;
  gboolean json = FALSE;
  int status = EXIT_OK;
  const GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print the list as JSON"), NULL },
    { NULL }
  };

  if (!parse_command (context, _("Lists the school’s certification sessions, newest date first."), entries,
                      0, _("cert sessions takes no argument."), &argc, &argv, &status))
    return status;

  if (!open_school (cli, &school))
    return EXIT_FAILURE_;

  sessions = orga_store_list_cert_sessions (school.store, school.organization, &error);
  if (sessions == NULL)
    return print_error (error, EXIT_FAILURE_);

  if (json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();

      json_builder_begin_array (builder);
      for (guint i = 0; i < sessions->len; i++)
        add_session_json (builder, g_ptr_array_index (sessions, i));
      json_builder_end_array (builder);
      print_json (builder);
      return EXIT_OK;
    }

  if (sessions->len == 0)
    {
      g_print ("%s\n", _("No certification session yet."));
      return EXIT_OK;
    }

  {
    g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
    g_autoptr(GString) out = g_string_new (NULL);
    guint widths[N_SESSION_COLUMNS - 1] = { 0 };
    const char *header[N_SESSION_COLUMNS + 1] = {
      C_("cli column", "No."), C_("cli column", "Site"), C_("cli column", "Room"),
      C_("cli column", "Date"), C_("cli column", "Time"), C_("cli column", "Supervisors"),
      C_("cli column", "Enrolled"), C_("cli column", "Taken"), C_("cli column", "Status"), NULL,
    };

    g_ptr_array_add (rows, g_strdupv ((char **) header));
    for (guint i = 0; i < sessions->len; i++)
      g_ptr_array_add (rows, session_cells (g_ptr_array_index (sessions, i)));

    /* A session's site or supervisors may be long or short: the columns
     * fit what they hold. */
    for (guint r = 0; r < rows->len; r++)
      {
        char **cells = g_ptr_array_index (rows, r);

        for (guint c = 0; c < G_N_ELEMENTS (widths); c++)
          widths[c] = MAX (widths[c], (guint) g_utf8_strlen (cells[c], -1));
      }
    for (guint r = 0; r < rows->len; r++)
      append_row (out, widths, G_N_ELEMENTS (widths), (const char * const *) g_ptr_array_index (rows, r));

    write_out (out);
    g_print (g_dngettext (GETTEXT_PACKAGE, "%u session\n", "%u sessions\n", sessions->len), sessions->len);
  }

  return EXIT_OK;
}

/* ---- the class of results and attestations ----------------------------- */

/* The class typed, as the school spells it; NULL when it has no such
 * class, the reason printed and *status set. */
static char *
find_division (School         *school,
               const char     *division,
               int            *status)
{
  g_autoptr(GError) error = NULL;
  char *found;

  found = orga_cert_export_find_division (school->store, school->organization, division, &error);
  if (found != NULL)
    return found;

  if (error != NULL)
    {
      *status = print_error (error, EXIT_FAILURE_);
      return NULL;
    }

  {
    g_auto(GStrv) divisions = orga_store_list_cert_divisions (school->store, school->organization, NULL);
    g_autofree char *list = divisions != NULL ? g_strjoinv (", ", divisions) : NULL;

    if (list != NULL && *list != '\0')
      g_printerr (_("The school has no class “%s”. Its classes: %s.\n"), division, list);
    else
      g_printerr (_("The school has no class “%s”: import the student list first.\n"), division);
  }
  *status = EXIT_FAILURE_;
  return NULL;
}

/* ---- cert results ----------------------------------------------------- */

static int
command_cert_results (Cli   *cli,
                      int    argc,
                      char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (NULL);
  g_auto(School) school = { 0 };
  g_autoptr(GBytes) csv = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *division = NULL;
  g_autofree char *output = NULL;
  g_autofree char *class_name = NULL;
  const char *data;
  gsize size;
  guint n_results = 0;
  int status = EXIT_OK;
  const GOptionEntry entries[] = {
    { "division", 0, 0, G_OPTION_ARG_STRING, &division, N_("The class (required, case-insensitive)"), N_("CLASS") },
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output, N_("Write to FILE instead of the standard output"), N_("FILE") },
    { NULL }
  };

  if (!parse_command (context, _("Writes the certification results of a class as Pix Orga’s CSV file (published results, the latest of each student)."),
                      entries, 0, _("cert results takes no argument."), &argc, &argv, &status))
    return status;
  if (division == NULL || *g_strstrip (division) == '\0')
    return usage_error (context, _("The class is required (--division)."));

  if (!open_school (cli, &school))
    return EXIT_FAILURE_;

  class_name = find_division (&school, division, &status);
  if (class_name == NULL)
    return status;

  csv = orga_cert_export_results_csv (school.store, school.organization, class_name, &n_results, &error);
  if (error != NULL)
    return print_error (error, EXIT_FAILURE_);
  if (csv == NULL)
    {
      g_printerr (_("No certification result for the class %s.\n"), class_name);
      return EXIT_REJECTED;
    }

  data = g_bytes_get_data (csv, &size);
  if (output == NULL || strcmp (output, "-") == 0)
    {
      if (fwrite (data, 1, size, stdout) != size || fflush (stdout) != 0)
        {
          g_printerr (_("Could not write the standard output: %s\n"), g_strerror (errno));
          return EXIT_FAILURE_;
        }
      return EXIT_OK;
    }

  /* Beside and renamed: a failed write leaves any earlier file as it was. */
  if (!g_file_set_contents (output, data, size, &error))
    return print_error (error, EXIT_FAILURE_);

  g_print ("%s\n", output);
  return EXIT_OK;
}

/* ---- cert attestations ------------------------------------------------ */

static int
command_cert_attestations (Cli   *cli,
                           int    argc,
                           char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (NULL);
  g_auto(School) school = { 0 };
  g_autoptr(GError) error = NULL;
  g_autofree char *division = NULL;
  g_autofree char *output = NULL;
  g_autofree char *class_name = NULL;
  guint n_pages = 0;
  int status = EXIT_OK;
  const GOptionEntry entries[] = {
    { "division", 0, 0, G_OPTION_ARG_STRING, &division, N_("The class (required, case-insensitive)"), N_("CLASS") },
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output, N_("The PDF file to write (required)"), N_("FILE") },
    { NULL }
  };

  if (!parse_command (context, _("Writes the certification attestations of a class as one PDF, a page for each student whose certification is validated."),
                      entries, 0, _("cert attestations takes no argument."), &argc, &argv, &status))
    return status;
  if (division == NULL || *g_strstrip (division) == '\0')
    return usage_error (context, _("The class is required (--division)."));
  if (output == NULL || *output == '\0')
    return usage_error (context, _("The PDF file is required (-o FILE)."));

  if (!open_school (cli, &school))
    return EXIT_FAILURE_;

  class_name = find_division (&school, division, &status);
  if (class_name == NULL)
    return status;

  if (!orga_cert_export_attestations (school.store, school.organization, class_name, output, &n_pages, &error))
    return print_error (error, EXIT_FAILURE_);
  if (n_pages == 0)
    {
      g_printerr (_("No certification attestation for the class %s.\n"), class_name);
      return EXIT_REJECTED;
    }

  g_print ("%s\n", output);
  return EXIT_OK;
}

/* ---- cert lsu --------------------------------------------------------- */

static int
command_cert_lsu (Cli   *cli,
                  int    argc,
                  char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (NULL);
  g_auto(School) school = { 0 };
  g_autoptr(GError) error = NULL;
  g_autofree char *output = NULL;
  g_autofree char *json = NULL;
  int status = EXIT_OK;
  const GOptionEntry entries[] = {
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output, N_("The JSON file to write (required)"), N_("FILE") },
    { NULL }
  };

  if (!parse_command (context, _("Writes the livret scolaire’s file: the school’s certifications (the latest of each student, not cancelled) as the JSON the livret scolaire reads from Pix."),
                      entries, 0, _("cert lsu takes no argument."), &argc, &argv, &status))
    return status;
  if (output == NULL || *output == '\0')
    return usage_error (context, _("The JSON file is required (-o FILE)."));

  if (!open_school (cli, &school))
    return EXIT_FAILURE_;

  /* No certification is still an answer: Pix gives an empty list. */
  json = orga_cert_export_lsu_json (school.store, school.organization, NULL, &error);
  if (json == NULL)
    return print_error (error, EXIT_FAILURE_);

  if (strcmp (output, "-") == 0)
    {
      g_print ("%s", json);
      return EXIT_OK;
    }
  if (!g_file_set_contents (output, json, -1, &error))
    return print_error (error, EXIT_FAILURE_);

  g_print ("%s\n", output);
  return EXIT_OK;
}

/* ---- cert ------------------------------------------------------------- */

static const struct {
  const char  *name;
  CommandFunc  func;
} cert_commands[] = {
  { "sessions", command_cert_sessions },
  { "results", command_cert_results },
  { "attestations", command_cert_attestations },
  { "lsu", command_cert_lsu },
};

int
command_cert (Cli   *cli,
              int    argc,
              char **argv)
{
  if (argc >= 2)
    for (guint c = 0; c < G_N_ELEMENTS (cert_commands); c++)
      if (strcmp (argv[1], cert_commands[c].name) == 0)
        {
          g_autofree char *prgname = g_strdup_printf ("pixorga-cli cert %s", cert_commands[c].name);

          g_set_prgname (prgname);
          return cert_commands[c].func (cli, argc - 1, argv + 1);
        }

  if (argc >= 2)
    g_printerr (_("Unknown cert command: %s\n"), argv[1]);
  g_printerr ("%s", _("Usage: pixorga-cli cert SUBCOMMAND …\n"));
  for (guint c = 0; c < G_N_ELEMENTS (cert_commands); c++)
    g_printerr ("  pixorga-cli cert %s --help\n", cert_commands[c].name);
  return EXIT_FAILURE_;
}

/* ---- archive ---------------------------------------------------------- */

int
command_archive (Cli   *cli,
                 int    argc,
                 char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (NULL);
  g_auto(School) school = { 0 };
  g_autoptr(GError) error = NULL;
  g_autofree char *output = NULL;
  g_autofree char *me = orga_identity_dup_display_name ();
  int status = EXIT_OK;
  const GOptionEntry entries[] = {
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output, N_("The zip file to write (required)"), N_("FILE") },
    { NULL }
  };

  if (!parse_command (context, _("Archives the school year in one zip: each class’s certification results (CSV) and attestations (PDF), each campaign’s results export (CSV) and a README."),
                      entries, 0, _("archive takes no argument."), &argc, &argv, &status))
    return status;
  if (output == NULL || *output == '\0')
    return usage_error (context, _("The zip file is required (-o FILE)."));

  if (!open_school (cli, &school))
    return EXIT_FAILURE_;

  if (!orga_year_archive_write (school.store, school.organization, output, me, NULL, NULL, NULL, &error))
    return print_error (error, EXIT_FAILURE_);

  g_print ("%s\n", output);
  return EXIT_OK;
}
