/* pixorga-cli.c: the core's engine for scripts, IT staff and benchmarks
 *
 * The commands and their options are a contract other tools rely on:
 *   pixorga-cli [--db PATH] init --uai UAI --name NAME [--kind sco|agri]
 *   pixorga-cli [--db PATH] import [--json] [--dry-run] FILE
 *   pixorga-cli [--db PATH] students [--json] [--all] [--division CLASS]
 *   pixorga-cli [--db PATH] imports [--json]
 *   pixorga-cli profiles [--json]
 *   pixorga-cli [--db PATH] campaigns [--json] [--archived]
 *   pixorga-cli [--db PATH] campaign create --name NAME --profile ID
 *               [--type assessment|profiles] [--multiple-sendings] [--title TITLE]
 *               [--owner NAME] [--json]
 *   pixorga-cli [--db PATH] campaign export CODE [-o FILE]
 *   pixorga-cli [--db PATH] demo [--seed N]
 * and, with a server (pixorga-cli-account.c, pixorga-cli-team.c):
 *   pixorga-cli activate --server URL --uai UAI --first-name F --last-name L
 *   pixorga-cli signup --server URL --email E --first-name F --last-name L --accept-terms
 *   pixorga-cli [--db PATH] join URL --email E
 *   pixorga-cli [--db PATH] login --server URL --email E [--uai UAI]
 *   pixorga-cli [--db PATH] logout
 *   pixorga-cli [--db PATH] team [--json]
 *   pixorga-cli [--db PATH] invite EMAIL… | --cancel EMAIL | --resend EMAIL
 *   pixorga-cli [--db PATH] member role EMAIL admin|member | remove EMAIL
 *   pixorga-cli [--db PATH] leave
 *   pixorga-cli [--db PATH] spaces [--json]
 *   pixorga-cli [--db PATH] switch UAI
 *   pixorga-cli [--db PATH] sync [--json]   (pixorga-cli-sync.c; exit 0
 *               synced, 2 some changes refused, 1 could not sync)
 * and the certification (pixorga-cli-cert.c):
 *   pixorga-cli [--db PATH] cert sessions [--json]
 *   pixorga-cli [--db PATH] cert results --division CLASS [-o FILE]
 *   pixorga-cli [--db PATH] cert attestations --division CLASS -o FILE.pdf
 *   pixorga-cli [--db PATH] cert lsu -o FILE.json
 *   pixorga-cli [--db PATH] archive -o FILE.zip
 * Exit codes: 0 success, 2 input refused and nothing changed (a rejected
 * file, a campaign that breaks a rule, an unknown code, a class without
 * certification results), 1 usage or internal error (an unknown class).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <gio/gunixoutputstream.h>
#include <glib/gi18n-lib.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "orga-campaign-export.h"
#include "orga-demo.h"
#include "orga-format.h"
#include "orga-i18n.h"
#include "orga-identity.h"
#include "orga-importer.h"
#include "orga-json.h"
#include "orga-store.h"
#include "orga-store-campaigns.h"
#include "orga-target-profile.h"
#include "pixorga-cli-private.h"

int
usage_error (GOptionContext *context,
             const char     *message)
{
  g_autofree char *help = g_option_context_get_help (context, TRUE, NULL);

  g_printerr ("%s\n\n%s", message, help);
  return EXIT_FAILURE_;
}

/* Every command sets up and parses its options the same way, then wants
 * exactly @n_operands words after them (FILE, CODE) and refuses the rest
 * with @operands_message. On FALSE the usage has been printed and @status
 * holds the exit code. */
gboolean
parse_command (GOptionContext      *context,
               const char          *summary,
               const GOptionEntry  *entries,
               int                  n_operands,
               const char          *operands_message,
               int                 *argc,
               char              ***argv,
               int                 *status)
{
  g_autoptr(GError) error = NULL;

  g_option_context_set_summary (context, summary);
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, argc, argv, &error))
    {
      *status = usage_error (context, error->message);
      return FALSE;
    }

  /* argv[0], the command's name, stays. */
  if (*argc != n_operands + 1)
    {
      *status = usage_error (context, operands_message);
      return FALSE;
    }

  return TRUE;
}

/* The end of most failed steps: Pix's or the store's message, as is. */
int
print_error (const GError *error,
             int           status)
{
  g_printerr ("%s\n", error->message);
  return status;
}

OrgaStore *
open_store (Cli *cli)
{
  g_autoptr(GError) error = NULL;
  OrgaStore *store = orga_store_open (cli->db_path, &error);

  if (store == NULL)
    g_printerr ("%s\n", error->message);

  return store;
}

static OrgaOrganization *
require_organization (OrgaStore *store)
{
  g_autoptr(GError) error = NULL;
  OrgaOrganization *organization = orga_store_get_organization (store, &error);

  if (organization == NULL && error == NULL)
    g_printerr ("%s\n", _("No school is set up in this database yet. Run “pixorga-cli init --uai UAI --name NAME” first."));
  else if (organization == NULL)
    g_printerr ("%s\n", error->message);

  return organization;
}

void
school_clear (School *school)
{
  g_clear_object (&school->organization);
  g_clear_object (&school->store);
}

/* On failure the reason has been printed. */
gboolean
open_school (Cli    *cli,
             School *school)
{
  school->store = open_store (cli);
  if (school->store == NULL)
    return FALSE;

  school->organization = require_organization (school->store);
  return school->organization != NULL;
}

void
print_json (JsonBuilder *builder)
{
  g_autoptr(JsonNode) root = json_builder_get_root (builder);
  g_autofree char *text = orga_json_to_data (root, TRUE);

  g_print ("%s\n", text);
}

/* "2026-11-24T08:05:00Z" shown as local "24/11/2026 09:05"; what is not a
 * timestamp as it is. */
static char *
format_local_time (const char *iso)
{
  char *text = orga_format_iso_date_time (iso, NULL);

  return text != NULL ? text : g_strdup (iso ? iso : "");
}

/* "1994-12-31" shown as "31/12/1994". */
static char *
format_birthdate (const char *iso)
{
  char *text = orga_format_day (iso);

  return text != NULL ? text : g_strdup ("");
}

/* printf's widths count bytes; names have accents. */
static void
print_padded (GString    *out,
              const char *text,
              guint       width)
{
  glong len;

  if (text == NULL)
    text = "";
  len = g_utf8_strlen (text, -1);
  g_string_append (out, text);
  for (glong i = len; i < (glong)width; i++)
    g_string_append_c (out, ' ');
  g_string_append (out, "  ");
}

/* Table cells: all but the last padded to @widths, the last (may be "")
 * as is, then the end of the line. */
void
append_row (GString            *out,
            const guint        *widths,
            guint               n_widths,
            const char * const *cells)
{
  for (guint i = 0; i < n_widths; i++)
    print_padded (out, cells[i], widths[i]);
  g_string_append (out, cells[n_widths]);
  g_string_append_c (out, '\n');
}

void
write_out (GString *out)
{
  fwrite (out->str, 1, out->len, stdout);
  g_string_truncate (out, 0);
}

/* Large lists stream out instead of growing one string. */
static void
flush_if_large (GString *out)
{
  if (out->len >= 64 * 1024)
    write_out (out);
}

typedef void (*AddJsonFunc) (JsonBuilder *builder,
                             gpointer     item);

static void
print_json_array (GPtrArray   *items,
                  AddJsonFunc  add)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_array (builder);
  for (guint i = 0; i < items->len; i++)
    add (builder, g_ptr_array_index (items, i));
  json_builder_end_array (builder);
  print_json (builder);
}

/* ---- init ------------------------------------------------------------ */

static int
command_init (Cli   *cli,
              int    argc,
              char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (NULL);
  g_autoptr(OrgaStore) store = NULL;
  g_autoptr(OrgaOrganization) organization = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *uai = NULL;
  g_autofree char *name = NULL;
  g_autofree char *kind_text = NULL;
  g_autofree char *title = NULL;
  OrgaOrganizationKind kind = ORGA_ORGANIZATION_KIND_SCO;
  int status = EXIT_OK;
  const GOptionEntry entries[] = {
    { "uai", 0, 0, G_OPTION_ARG_STRING, &uai, N_("The school’s UAI, e.g. 0330001A"), "UAI" },
    { "name", 0, 0, G_OPTION_ARG_STRING, &name, N_("The school’s name"), N_("NAME") },
    { "kind", 0, 0, G_OPTION_ARG_STRING, &kind_text, N_("sco (collège or lycée, SIECLE) or agri (agricultural, Fregata)"), "sco|agri" },
    { NULL }
  };

  if (!parse_command (context, _("Creates the school’s space in the local database."), entries,
                      0, _("init takes no file."), &argc, &argv, &status))
    return status;

  if (uai != NULL)
    {
      g_autofree char *typed = g_steal_pointer (&uai);

      uai = orga_uai_normalize (typed);
    }
  if (name != NULL)
    g_strstrip (name);
  if (uai == NULL || *uai == '\0')
    return usage_error (context, _("The UAI is required (--uai)."));
  if (name == NULL || *name == '\0')
    return usage_error (context, _("The school’s name is required (--name)."));
  if (kind_text != NULL && !orga_organization_kind_from_string (kind_text, &kind))
    return usage_error (context, _("--kind must be “sco” or “agri”."));

  /* As the app: refused before the database is even created. */
  if (!orga_uai_check (uai, &error))
    return print_error (error, EXIT_REJECTED);

  store = open_store (cli);
  if (store == NULL)
    return EXIT_FAILURE_;

  organization = orga_store_create_organization (store, uai, name, kind, &error);
  if (organization == NULL)
    return print_error (error, EXIT_FAILURE_);

  title = orga_organization_dup_title (organization);
  g_print (_("The space of %s is ready (%s).\n"), title,
           kind == ORGA_ORGANIZATION_KIND_AGRI ? _("agricultural school, Fregata import")
                                               : _("collège or lycée, SIECLE import"));
  return EXIT_OK;
}

/* ---- import ---------------------------------------------------------- */

static const char *
ignore_reason_text (OrgaIgnoreReason reason)
{
  switch (reason)
    {
    case ORGA_IGNORE_LEFT_SCHOOL: return _("has left the school");
    case ORGA_IGNORE_NO_INE: return _("has no INE");
    case ORGA_IGNORE_NO_DIVISION: return _("has no class");
    case ORGA_IGNORE_NONE:
    default: return "";
    }
}

static void
flush_json (GString  *out,
            gpointer  user_data)
{
  write_out (out);
}

static void
print_import_json (OrgaImportReport *report)
{
  g_autoptr(GString) out = g_string_new (NULL);

  orga_json_write_import_report (out, report, flush_json, NULL);
  write_out (out);
}

static void
print_change_section (GArray               *changes,
                      OrgaImportChangeKind  kind,
                      const char           *title)
{
  const guint max_lines = 50;
  guint n = 0;

  for (guint i = 0; i < changes->len; i++)
    n += g_array_index (changes, OrgaImportChange, i).kind == kind;
  if (n == 0)
    return;

  g_print ("\n%s (%u)\n", title, n);
  for (guint i = 0, shown = 0; i < changes->len && shown < max_lines; i++)
    {
      const OrgaImportChange *c = &g_array_index (changes, OrgaImportChange, i);
      g_autofree char *detail = NULL;

      if (c->kind != kind)
        continue;
      shown++;

      switch (kind)
        {
        case ORGA_IMPORT_CHANGE_CLASS:
        case ORGA_IMPORT_CHANGE_RETURNING:
          detail = g_strdup_printf ("%s → %s", c->old_division ? c->old_division : "–", c->new_division);
          break;
        case ORGA_IMPORT_CHANGE_IGNORED:
          detail = g_strdup (ignore_reason_text (c->reason));
          break;
        case ORGA_IMPORT_CHANGE_NEW:
        case ORGA_IMPORT_CHANGE_LEAVING:
        default:
          detail = g_strdup (c->new_division ? c->new_division : c->old_division);
          break;
        }

      g_print ("  %s %s (%s) — %s\n", c->last_name ? c->last_name : "", c->first_name ? c->first_name : "",
               c->ine ? c->ine : _("no INE"), detail ? detail : "");
    }
  if (n > max_lines)
    g_print (_("  … and %u more\n"), n - max_lines);
}

static void
print_import_text (OrgaImportReport *report)
{
  const OrgaImportCounts *counts = orga_import_report_get_counts (report);
  OrgaImportStatus status = orga_import_report_get_status (report);
  GPtrArray *errors = orga_import_report_get_errors (report);

  if (status == ORGA_IMPORT_STATUS_REJECTED)
    {
      guint total = orga_import_report_count_errors (report);

      g_print (g_dngettext (GETTEXT_PACKAGE,
                            "The file “%s” was rejected; nothing was changed. %u problem:\n",
                            "The file “%s” was rejected; nothing was changed. %u problems:\n", total),
               orga_import_report_get_file_name (report), total);
      for (guint i = 0; i < errors->len; i++)
        g_print ("  %s\n", ((OrgaImportError *)g_ptr_array_index (errors, i))->message);
      if (total > errors->len)
        g_print (_("  … and %u more\n"), total - errors->len);
      return;
    }

  if (status == ORGA_IMPORT_STATUS_PREVIEW)
    g_print (_("Preview of the import of “%s” (nothing was changed):\n"), orga_import_report_get_file_name (report));
  else
    g_print (_("The list was imported successfully from “%s”.\n"), orga_import_report_get_file_name (report));

  g_print (_("  %u new, %u updated (%u changing class, %u returning), %u unchanged, %u disabled (left the school), %u ignored.\n"),
           counts->created, counts->updated, counts->class_changed, counts->returning,
           counts->unchanged, counts->disabled, counts->ignored);

  if (status == ORGA_IMPORT_STATUS_PREVIEW)
    {
      GArray *changes = orga_import_report_get_changes (report);

      print_change_section (changes, ORGA_IMPORT_CHANGE_NEW, _("New students"));
      print_change_section (changes, ORGA_IMPORT_CHANGE_CLASS, _("Class changes"));
      print_change_section (changes, ORGA_IMPORT_CHANGE_RETURNING, _("Returning students"));
      print_change_section (changes, ORGA_IMPORT_CHANGE_LEAVING, _("Students leaving (they will be disabled)"));
      print_change_section (changes, ORGA_IMPORT_CHANGE_IGNORED, _("Students not imported"));
    }
}

static int
command_import (Cli   *cli,
                int    argc,
                char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (_("FILE"));
  g_autoptr(OrgaImporter) importer = NULL;
  g_autoptr(OrgaImportReport) report = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *db_path = NULL;
  gboolean json = FALSE;
  gboolean dry_run = FALSE;
  int status = EXIT_OK;
  const GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print the result as JSON"), NULL },
    { "dry-run", 0, 0, G_OPTION_ARG_NONE, &dry_run, N_("Show what would change, without writing anything"), NULL },
    { NULL }
  };

  if (!parse_command (context, _("Imports the student list from a SIECLE export (.zip or .xml) or a Fregata export (.csv)."),
                      entries, 1, _("Give exactly one file to import."), &argc, &argv, &status))
    return status;

  /* The importer opens its own connection; make sure the database exists
   * and is migrated first, with the same messages as the other commands. */
  {
    g_auto(School) school = { 0 };

    if (!open_school (cli, &school))
      return EXIT_FAILURE_;
    db_path = g_strdup (orga_store_get_path (school.store));
  }

  importer = orga_importer_new (db_path, argv[1]);
  orga_importer_set_dry_run (importer, dry_run);

  report = orga_importer_run (importer, NULL, &error);
  if (report == NULL)
    return print_error (error, EXIT_FAILURE_);

  if (json)
    print_import_json (report);
  else
    print_import_text (report);

  return orga_import_report_get_status (report) == ORGA_IMPORT_STATUS_REJECTED ? EXIT_REJECTED : EXIT_OK;
}

/* ---- students -------------------------------------------------------- */

typedef struct
{
  JsonBuilder *builder;
  GString     *text;
  guint        count;
} StudentsOutput;

static gboolean
add_student_json (const OrgaLearnerRow *row,
                  gpointer              user_data)
{
  StudentsOutput *out = user_data;

  orga_json_build_learner_row (out->builder, row);
  out->count++;
  return TRUE;
}

static const guint student_widths[] = { 24, 18, 10, 10, 12 };

static gboolean
add_student_text (const OrgaLearnerRow *row,
                  gpointer              user_data)
{
  StudentsOutput *out = user_data;
  const OrgaLearnerFields *f = &row->fields;
  g_autofree char *birthdate = format_birthdate (f->birthdate);
  const char *cells[] = {
    f->last_name, f->first_name, birthdate, f->division, f->ine,
    row->disabled_at != NULL ? _("disabled") : "",
  };

  append_row (out->text, student_widths, G_N_ELEMENTS (student_widths), cells);
  flush_if_large (out->text);

  out->count++;
  return TRUE;
}

static int
command_students (Cli   *cli,
                  int    argc,
                  char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (NULL);
  g_auto(School) school = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) text = NULL;
  g_autofree char *division = NULL;
  gboolean json = FALSE;
  gboolean all = FALSE;
  int status = EXIT_OK;
  StudentsOutput out = { 0 };
  OrgaLearnerQuery query = { 0 };
  const GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print the list as JSON"), NULL },
    { "all", 0, 0, G_OPTION_ARG_NONE, &all, N_("Include the students who have left (disabled)"), NULL },
    { "division", 0, 0, G_OPTION_ARG_STRING, &division, N_("Only this class"), N_("CLASS") },
    { NULL }
  };

  if (!parse_command (context, _("Lists the school’s students, by name."), entries,
                      0, _("students takes no argument."), &argc, &argv, &status))
    return status;

  if (!open_school (cli, &school))
    return EXIT_FAILURE_;

  query.include_disabled = all;
  query.division = division;

  if (json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();

      out.builder = builder;
      json_builder_begin_array (builder);
      if (!orga_store_foreach_learner (school.store, school.organization, &query, add_student_json, &out, &error))
        return print_error (error, EXIT_FAILURE_);
      json_builder_end_array (builder);
      print_json (builder);
      return EXIT_OK;
    }

  {
    const char *header[] = { _("Last name"), _("First name"), _("Born on"), _("Class"), "INE", "" };

    text = g_string_new (NULL);
    append_row (text, student_widths, G_N_ELEMENTS (student_widths), header);
  }

  out.text = text;
  if (!orga_store_foreach_learner (school.store, school.organization, &query, add_student_text, &out, &error))
    return print_error (error, EXIT_FAILURE_);

  write_out (text);
  g_print (g_dngettext (GETTEXT_PACKAGE, "%u student\n", "%u students\n", out.count), out.count);

  return EXIT_OK;
}

/* ---- imports --------------------------------------------------------- */

static void
add_import_json (JsonBuilder *builder,
                 gpointer     item)
{
  orga_json_build_import_record (builder, item);
}

static int
command_imports (Cli   *cli,
                 int    argc,
                 char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (NULL);
  g_auto(School) school = { 0 };
  g_autoptr(GPtrArray) records = NULL;
  g_autoptr(GError) error = NULL;
  gboolean json = FALSE;
  int status = EXIT_OK;
  const GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print the history as JSON"), NULL },
    { NULL }
  };

  if (!parse_command (context, _("Lists the imports of student lists, newest first."), entries,
                      0, _("imports takes no argument."), &argc, &argv, &status))
    return status;

  if (!open_school (cli, &school))
    return EXIT_FAILURE_;

  records = orga_store_list_imports (school.store, school.organization, &error);
  if (records == NULL)
    return print_error (error, EXIT_FAILURE_);

  if (json)
    {
      print_json_array (records, add_import_json);
      return EXIT_OK;
    }

  if (records->len == 0)
    {
      g_print ("%s\n", _("No student list has been imported yet."));
      return EXIT_OK;
    }

  for (guint i = 0; i < records->len; i++)
    {
      const OrgaImportRecord *r = g_ptr_array_index (records, i);
      g_autofree char *when = format_local_time (r->created_at);

      if (g_strcmp0 (r->status, "imported") == 0)
        g_print (_("%s  imported  %s, by %s: %u new, %u updated, %u unchanged, %u disabled, %u ignored\n"),
                 when, r->file_name, r->created_by, r->created, r->updated, r->unchanged, r->disabled, r->ignored);
      else
        g_print (_("%s  rejected  %s, by %s\n"), when, r->file_name, r->created_by);
    }

  return EXIT_OK;
}

/* ---- profiles -------------------------------------------------------- */

/* How the results of a campaign on @profile are shown, as the JSON's
 * "results_shown" says it (orga-json.c). */
static const char *
profile_results_label (const OrgaTargetProfile *profile)
{
  if (profile->n_stages == 0)
    return _("as a percentage");
  return profile->sco_stages ? _("by stage") : _("in stars");
}

/* The bundled catalogue; needs no database. */
static int
command_profiles (Cli   *cli,
                  int    argc,
                  char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (NULL);
  gboolean json = FALSE;
  int status = EXIT_OK;
  guint n = orga_target_profile_get_n_profiles ();
  const GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print the catalogue as JSON"), NULL },
    { NULL }
  };

  if (!parse_command (context, _("Lists the target profiles a campaign can test."), entries,
                      0, _("profiles takes no argument."), &argc, &argv, &status))
    return status;

  if (json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();

      json_builder_begin_array (builder);
      for (guint i = 0; i < n; i++)
        orga_json_build_target_profile (builder, orga_target_profile_get_nth (i));
      json_builder_end_array (builder);
      print_json (builder);
      return EXIT_OK;
    }

  {
    static const guint widths[] = { 22, 38, 24, 6, 6, 7 };
    g_autoptr(GString) out = g_string_new (NULL);
    const char *header[] = {
      C_("cli column", "Id"), C_("cli column", "Target profile"), C_("cli column", "Category"),
      C_("cli column", "Topics"), C_("cli column", "Skills"), C_("cli column", "Stages"),
      C_("cli column", "Results shown"),
    };

    append_row (out, widths, G_N_ELEMENTS (widths), header);
    for (guint i = 0; i < n; i++)
      {
        const OrgaTargetProfile *profile = orga_target_profile_get_nth (i);
        g_autofree char *tubes = g_strdup_printf ("%u", profile->n_tubes);
        g_autofree char *skills = g_strdup_printf ("%u", orga_target_profile_count_skills (profile));
        g_autofree char *stages = g_strdup_printf ("%u", profile->n_stages);
        const char *cells[] = {
          profile->id, profile->name, orga_profile_category_get_label (profile->category),
          tubes, skills, stages, profile_results_label (profile),
        };

        append_row (out, widths, G_N_ELEMENTS (widths), cells);
      }

    write_out (out);
    g_print (g_dngettext (GETTEXT_PACKAGE, "%u target profile\n", "%u target profiles\n", n), n);
  }

  return EXIT_OK;
}

/* ---- campaigns ------------------------------------------------------- */

static void
add_campaign_json (JsonBuilder *builder,
                   gpointer     item)
{
  orga_json_build_campaign (builder, item);
}

static int
command_campaigns (Cli   *cli,
                   int    argc,
                   char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (NULL);
  g_auto(School) school = { 0 };
  g_autoptr(GPtrArray) campaigns = NULL;
  g_autoptr(GError) error = NULL;
  gboolean json = FALSE;
  gboolean archived = FALSE;
  int status = EXIT_OK;
  OrgaCampaignQuery query = { 0 };
  const GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print the list as JSON"), NULL },
    { "archived", 0, 0, G_OPTION_ARG_NONE, &archived, N_("List the archived campaigns instead of the active ones"), NULL },
    { NULL }
  };

  if (!parse_command (context, _("Lists the school’s campaigns, newest first."), entries,
                      0, _("campaigns takes no argument."), &argc, &argv, &status))
    return status;

  if (!open_school (cli, &school))
    return EXIT_FAILURE_;

  query.archived = archived;
  campaigns = orga_store_list_campaigns (school.store, school.organization, &query, &error);
  if (campaigns == NULL)
    return print_error (error, EXIT_FAILURE_);

  if (json)
    {
      print_json_array (campaigns, add_campaign_json);
      return EXIT_OK;
    }

  if (campaigns->len == 0)
    {
      g_print ("%s\n", archived ? _("No archived campaign.") : _("No campaign yet."));
      return EXIT_OK;
    }

  {
    static const guint widths[] = { 9, 32, 19, 22, 10, 12 };
    g_autoptr(GString) out = g_string_new (NULL);
    const char *header[] = {
      C_("cli column", "Code"), C_("cli column", "Campaign name"), C_("cli column", "Type"),
      C_("cli column", "Owner"), C_("cli column", "Created on"), C_("cli column", "Participants"),
      C_("cli column", "Results received"),
    };

    append_row (out, widths, G_N_ELEMENTS (widths), header);
    for (guint i = 0; i < campaigns->len; i++)
      {
        OrgaCampaign *campaign = g_ptr_array_index (campaigns, i);
        g_autofree char *created = format_local_time (orga_campaign_get_created_at (campaign));
        g_autofree char *participants = g_strdup_printf ("%u", orga_campaign_get_participants (campaign));
        g_autofree char *shared = g_strdup_printf ("%u", orga_campaign_get_shared (campaign));
        const char *cells[] = {
          orga_campaign_get_code (campaign), orga_campaign_get_name (campaign),
          orga_campaign_type_get_label (orga_campaign_get_campaign_type (campaign)),
          orga_campaign_get_owner (campaign), created, participants, shared,
        };

        /* The date only: "24/11/2026". */
        if (strlen (created) > 10)
          created[10] = '\0';

        append_row (out, widths, G_N_ELEMENTS (widths), cells);
      }

    write_out (out);
    g_print (g_dngettext (GETTEXT_PACKAGE, "%u campaign\n", "%u campaigns\n", campaigns->len), campaigns->len);
  }

  return EXIT_OK;
}

/* ---- campaign create ------------------------------------------------- */

/* Prints the new campaign's code; the last line of the human output is the
 * bare code, for scripts (`tail -1`). Broken rules exit with 2 and Pix's
 * message. */
static int
command_campaign_create (Cli   *cli,
                         int    argc,
                         char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (NULL);
  g_auto(School) school = { 0 };
  g_autoptr(OrgaCampaign) campaign = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *name = NULL;
  g_autofree char *profile = NULL;
  g_autofree char *type_text = NULL;
  g_autofree char *title = NULL;
  g_autofree char *owner = NULL;
  g_autofree char *me = orga_identity_dup_display_name ();
  gboolean multiple_sendings = FALSE;
  gboolean json = FALSE;
  int status = EXIT_OK;
  OrgaCampaignSpec spec = { 0 };
  const GOptionEntry entries[] = {
    { "name", 0, 0, G_OPTION_ARG_STRING, &name, N_("The campaign’s name"), N_("NAME") },
    { "profile", 0, 0, G_OPTION_ARG_STRING, &profile, N_("The target profile to test (see “pixorga-cli profiles”); not for a profiles collection"), "ID" },
    { "type", 0, 0, G_OPTION_ARG_STRING, &type_text, N_("assessment (the default) or profiles (collect the students’ Pix profiles)"), "assessment|profiles" },
    { "multiple-sendings", 0, 0, G_OPTION_ARG_NONE, &multiple_sendings, N_("Let students take the campaign again and send their results several times"), NULL },
    { "title", 0, 0, G_OPTION_ARG_STRING, &title, N_("The title of the target profile shown to students (50 characters at most)"), N_("TITLE") },
    { "owner", 0, 0, G_OPTION_ARG_STRING, &owner, N_("The campaign’s owner (default: you)"), N_("NAME") },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print the new campaign as JSON"), NULL },
    { NULL }
  };

  if (!parse_command (context, _("Creates a campaign and prints its code."), entries,
                      0, _("campaign create takes no argument."), &argc, &argv, &status))
    return status;

  spec.type = ORGA_CAMPAIGN_TYPE_ASSESSMENT;
  if (type_text != NULL)
    {
      if (g_ascii_strcasecmp (type_text, "assessment") == 0)
        spec.type = ORGA_CAMPAIGN_TYPE_ASSESSMENT;
      else if (g_ascii_strcasecmp (type_text, "profiles") == 0 ||
               g_ascii_strcasecmp (type_text, "profiles_collection") == 0)
        spec.type = ORGA_CAMPAIGN_TYPE_PROFILES_COLLECTION;
      else
        return usage_error (context, _("--type must be “assessment” or “profiles”."));
    }

  spec.name = name;
  spec.target_profile_id = profile;
  spec.title = title;
  spec.owner = owner != NULL ? owner : me;
  spec.creator = me;
  spec.multiple_sendings = multiple_sendings;

  /* Checked before the database is opened: a broken rule is the user's
   * input, whatever the state of the database. */
  if (!orga_campaign_spec_validate (&spec, &error))
    return print_error (error, EXIT_REJECTED);

  if (!open_school (cli, &school))
    return EXIT_FAILURE_;

  campaign = orga_store_create_campaign (school.store, school.organization, &spec, &error);
  if (campaign == NULL)
    return print_error (error, error->domain == ORGA_CAMPAIGN_ERROR ? EXIT_REJECTED : EXIT_FAILURE_);

  if (json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();

      add_campaign_json (builder, campaign);
      print_json (builder);
      return EXIT_OK;
    }

  g_print (_("The campaign “%s” was created (%s). Code to give to the students:\n"),
           orga_campaign_get_name (campaign),
           orga_campaign_type_get_label (orga_campaign_get_campaign_type (campaign)));
  g_print ("%s\n", orga_campaign_get_code (campaign));
  return EXIT_OK;
}

/* ---- campaign export ------------------------------------------------- */

/* "Exporter les résultats (.csv)": the file Pix Orga would give, to FILE,
 * to stdout with "-o -", or under Pix's file name in the current folder.
 * The path written is the only thing printed, for scripts. */
static int
command_campaign_export (Cli   *cli,
                         int    argc,
                         char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (_("CODE"));
  g_auto(School) school = { 0 };
  g_autoptr(OrgaCampaign) campaign = NULL;
  g_autoptr(OrgaParticipationSet) participations = NULL;
  g_autoptr(GFile) file = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *output = NULL;
  g_autofree char *path = NULL;
  int status = EXIT_OK;
  const GOptionEntry entries[] = {
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output, N_("Write to FILE (“-” for the standard output) instead of Pix’s file name in the current folder"), N_("FILE") },
    { NULL }
  };

  if (!parse_command (context, _("Exports the results of a campaign as Pix Orga’s CSV file."), entries,
                      1, _("Give exactly one campaign code."), &argc, &argv, &status))
    return status;

  if (!open_school (cli, &school))
    return EXIT_FAILURE_;

  campaign = orga_store_find_campaign_by_code (school.store, school.organization, argv[1], &error);
  if (campaign == NULL)
    return print_error (error, g_error_matches (error, ORGA_CAMPAIGN_ERROR, ORGA_CAMPAIGN_ERROR_NOT_FOUND)
                                 ? EXIT_REJECTED : EXIT_FAILURE_);

  /* Pix's export has a line for every attempt, improved ones included. */
  participations = orga_store_load_participations (school.store, campaign, TRUE, &error);
  if (participations == NULL)
    return print_error (error, EXIT_FAILURE_);

  if (g_strcmp0 (output, "-") == 0)
    {
      g_autoptr(GOutputStream) stdout_stream = g_unix_output_stream_new (STDOUT_FILENO, FALSE);

      fflush (stdout);
      if (!orga_campaign_export_csv (school.organization, campaign, participations, stdout_stream, NULL, &error))
        return print_error (error, EXIT_FAILURE_);
      return EXIT_OK;
    }

  if (output != NULL)
    path = g_steal_pointer (&output);
  else
    {
      g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
      path = orga_campaign_export_file_name (campaign, participations, now);
    }

  /* Written beside and renamed at the end: an export that fails leaves any
   * earlier file with that name untouched. */
  file = g_file_new_for_commandline_arg (path);
  if (!orga_campaign_export_to_file (school.organization, campaign, participations, file, NULL, &error))
    return print_error (error, EXIT_FAILURE_);

  g_print ("%s\n", path);
  return EXIT_OK;
}

/* ---- campaign -------------------------------------------------------- */

static const struct {
  const char  *name;
  CommandFunc  func;
} campaign_commands[] = {
  { "create", command_campaign_create },
  { "export", command_campaign_export },
};

static int
command_campaign (Cli   *cli,
                  int    argc,
                  char **argv)
{
  if (argc >= 2)
    for (guint c = 0; c < G_N_ELEMENTS (campaign_commands); c++)
      if (strcmp (argv[1], campaign_commands[c].name) == 0)
        {
          g_autofree char *prgname = g_strdup_printf ("pixorga-cli campaign %s", campaign_commands[c].name);

          g_set_prgname (prgname);
          return campaign_commands[c].func (cli, argc - 1, argv + 1);
        }

  if (argc >= 2)
    g_printerr (_("Unknown campaign command: %s\n"), argv[1]);
  g_printerr ("%s", _("Usage: pixorga-cli campaign SUBCOMMAND …\n"));
  for (guint c = 0; c < G_N_ELEMENTS (campaign_commands); c++)
    g_printerr ("  pixorga-cli campaign %s --help\n", campaign_commands[c].name);
  return EXIT_FAILURE_;
}

/* ---- demo ------------------------------------------------------------ */

/* Fills the active campaigns with demonstration participations, replacing
 * those of an earlier run. Explicit, never automatic; the rows are marked
 * as demonstration data wherever they show. */
static int
command_demo (Cli   *cli,
              int    argc,
              char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (NULL);
  g_auto(School) school = { 0 };
  g_autoptr(GError) error = NULL;
  g_autofree char *seed_text = NULL;
  g_autofree char *participations = NULL;
  g_autofree char *campaigns = NULL;
  OrgaDemoResult result = { 0 };
  guint64 seed = 1;
  int status = EXIT_OK;
  const GOptionEntry entries[] = {
    { "seed", 0, 0, G_OPTION_ARG_STRING, &seed_text, N_("Draw with this seed (0 to 4294967295, default 1): the same seed gives the same data"), "N" },
    { NULL }
  };

  if (!parse_command (context, _("Fills the active campaigns with demonstration participations of the school’s students, replacing those of an earlier run."),
                      entries, 0, _("demo takes no argument."), &argc, &argv, &status))
    return status;
  if (seed_text != NULL &&
      !g_ascii_string_to_unsigned (seed_text, 10, 0, G_MAXUINT32, &seed, NULL))
    return usage_error (context, _("The seed must be a whole number from 0 to 4294967295."));

  if (!open_school (cli, &school))
    return EXIT_FAILURE_;

  if (!orga_demo_fill (school.store, school.organization, (guint32)seed, &result, &error))
    return print_error (error, g_error_matches (error, ORGA_STORE_ERROR, ORGA_STORE_ERROR_NOT_FOUND)
                                 ? EXIT_REJECTED : EXIT_FAILURE_);

  participations = g_strdup_printf (ngettext ("%u participation written", "%u participations written", result.participations),
                                    result.participations);
  campaigns = g_strdup_printf (ngettext ("in %u campaign", "in %u campaigns", result.campaigns), result.campaigns);
  /* TRANSLATORS: "Demonstration data: 1234 participations written in 3 campaigns." */
  g_print (_("Demonstration data: %s %s.\n"), participations, campaigns);
  g_print ("%s\n", _("They are marked as such and replaced by the next “pixorga-cli demo”."));

  return EXIT_OK;
}

/* ---- main ------------------------------------------------------------ */

static const struct {
  const char  *name;
  CommandFunc  func;
  const char  *summary;
} commands[] = {
  { "init", command_init, N_("Create the school’s space (--uai UAI --name NAME [--kind sco|agri])") },
  { "import", command_import, N_("Import a SIECLE (.zip, .xml) or Fregata (.csv) file ([--json] [--dry-run] FILE)") },
  { "students", command_students, N_("List the students ([--json] [--all] [--division CLASS])") },
  { "imports", command_imports, N_("List past imports ([--json])") },
  { "profiles", command_profiles, N_("List the target profiles ([--json])") },
  { "campaigns", command_campaigns, N_("List the campaigns ([--json] [--archived])") },
  { "campaign", command_campaign, N_("Create a campaign (create --name NAME --profile ID …) or export its results as Pix’s CSV (export CODE [-o FILE])") },
  { "demo", command_demo, N_("Fill the active campaigns with demonstration participations ([--seed N])") },
  /* The certification (pixorga-cli-cert.c). */
  { "cert", command_cert, N_("Certification: list the sessions (sessions [--json]), write a class’s results CSV (results --division CLASS [-o FILE]) or attestations PDF (attestations --division CLASS -o FILE.pdf), the livret scolaire’s JSON (lsu -o FILE.json)") },
  { "archive", command_archive, N_("Archive the school year: results, attestations and campaign exports in one zip (-o FILE.zip)") },
  /* The server (pixorga-cli-account.c, pixorga-cli-team.c). */
  { "activate", command_activate, N_("Ask for the activation of the school’s Pix Orga space (--server URL --uai UAI --first-name F --last-name L)") },
  { "signup", command_signup, N_("Create a Pix account on a server; the password is read from the standard input (--server URL --email E --first-name F --last-name L --accept-terms)") },
  { "join", command_join, N_("Join the space of an invitation link and bind this database to it (URL --email E)") },
  { "login", command_login, N_("Sign in and bind this database to one of the account’s spaces (--server URL --email E [--uai UAI])") },
  { "logout", command_logout, N_("Sign out; the data stays on this computer") },
  { "team", command_team, N_("List the members and pending invitations of the current space ([--json])") },
  { "invite", command_invite, N_("Invite members by e-mail (EMAIL…), or cancel or resend an invitation (--cancel EMAIL, --resend EMAIL)") },
  { "member", command_member, N_("Change a member’s role (role EMAIL admin|member) or remove a member (remove EMAIL)") },
  { "leave", command_leave, N_("Leave the current space") },
  { "spaces", command_spaces, N_("List the account’s spaces, the current one marked ([--json])") },
  { "switch", command_switch, N_("Open another space of the account (UAI)") },
  { "sync", command_sync, N_("Send this computer’s changes to the space’s server and receive the others’ ([--json]; exit 0 synced, 2 some changes refused, 1 could not sync)") },
};

static void
print_help (FILE *stream)
{
  fprintf (stream, "%s\n\n", _("Usage: pixorga-cli [--db PATH] COMMAND [OPTIONS]"));
  fprintf (stream, "%s\n", _("Commands:"));
  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    fprintf (stream, "  %-9s %s\n", commands[i].name, _(commands[i].summary));
  fprintf (stream, "\n%s\n", _("Options:"));
  fprintf (stream, "  --db PATH  %s\n", _("The database (default: $PIXORGA_DB, else ~/.local/share/pixorga/pixorga.db)"));
  fprintf (stream, "  --version  %s\n", _("Print the version"));
  fprintf (stream, "\n%s\n", _("Exit status: 0 success, 2 input refused (a rejected file, a broken rule, an unknown code, a class without certification results; nothing changed), 1 usage or internal error."));
}

int
main (int    argc,
      char **argv)
{
  Cli cli = { 0 };
  int i = 1;

  orga_i18n_init (TRUE);
  textdomain (GETTEXT_PACKAGE);

  /* Global options come before the command, each command parses the rest. */
  for (; i < argc && argv[i][0] == '-'; i++)
    {
      if (strcmp (argv[i], "--db") == 0 && i + 1 < argc)
        cli.db_path = argv[++i];
      else if (g_str_has_prefix (argv[i], "--db="))
        cli.db_path = argv[i] + strlen ("--db=");
      else if (strcmp (argv[i], "--help") == 0 || strcmp (argv[i], "-h") == 0)
        {
          print_help (stdout);
          return EXIT_OK;
        }
      else if (strcmp (argv[i], "--version") == 0)
        {
          g_print ("pixorga-cli %s\n", PACKAGE_VERSION);
          return EXIT_OK;
        }
      else
        {
          g_printerr (_("Unknown option: %s\n\n"), argv[i]);
          print_help (stderr);
          return EXIT_FAILURE_;
        }
    }

  if (i >= argc)
    {
      print_help (stderr);
      return EXIT_FAILURE_;
    }

  for (guint c = 0; c < G_N_ELEMENTS (commands); c++)
    {
      if (strcmp (argv[i], commands[c].name) == 0)
        {
          g_autofree char *prgname = g_strdup_printf ("pixorga-cli %s", commands[c].name);

          g_set_prgname (prgname);
          return commands[c].func (&cli, argc - i, argv + i);
        }
    }

  g_printerr (_("Unknown command: %s\n\n"), argv[i]);
  print_help (stderr);
  return EXIT_FAILURE_;
}
