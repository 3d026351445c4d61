/* orga-json-imports.c: the JSON of imports: their errors, the history's records and the reports of a run (orga-json.h)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "orga-json"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "orga-json.h"
#include "orga-json-private.h"
#include "orga-json-writer.h"

#define FLUSH_SIZE (64 * 1024)

/* ---- imports ---------------------------------------------------------- */

static void
build_import_error (JsonBuilder           *builder,
                    const OrgaImportError *e)
{
  json_builder_begin_object (builder);
  _orga_json_add_string (builder, "code", orga_import_code_to_string (e->code));
  json_builder_set_member_name (builder, "line");
  if (e->line > 0)
    json_builder_add_int_value (builder, e->line);
  else
    json_builder_add_null_value (builder);
  _orga_json_add_string (builder, "field", e->field);
  _orga_json_add_string (builder, "ine", e->ine);
  _orga_json_add_string (builder, "message", e->message);
  json_builder_end_object (builder);
}

char *
orga_json_import_errors_to_string (GPtrArray *errors)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;

  g_return_val_if_fail (errors != NULL, NULL);

  json_builder_begin_array (builder);
  for (guint i = 0; i < errors->len; i++)
    build_import_error (builder, g_ptr_array_index (errors, i));
  json_builder_end_array (builder);

  root = json_builder_get_root (builder);
  return json_to_string (root, FALSE);
}

static gboolean
import_code_from_string (const char     *text,
                         OrgaImportCode *code)
{
  for (OrgaImportCode c = ORGA_IMPORT_CODE_INVALID_FILE; c <= ORGA_IMPORT_CODE_IDENTIFIER_UNIQUE; c++)
    if (g_str_equal (text, orga_import_code_to_string (c)))
      {
        *code = c;
        return TRUE;
      }

  return FALSE;
}

static gboolean
import_format_from_string (const char       *text,
                           OrgaImportFormat *format)
{
  for (OrgaImportFormat f = ORGA_IMPORT_FORMAT_SIECLE_XML; f <= ORGA_IMPORT_FORMAT_FREGATA_CSV; f++)
    if (g_str_equal (text, orga_import_format_to_string (f)))
      {
        *format = f;
        return TRUE;
      }

  return FALSE;
}

/* Checks an array of import errors; with @set, adds them to it. */
static gboolean
read_import_errors (JsonNode        *node,
                    OrgaLearnerSet  *set,
                    GError         **error)
{
  const char *what = C_("json", "Import error");
  JsonArray *array;

  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    {
      g_set_error (error, ORGA_JSON_ERROR, ORGA_JSON_ERROR_INVALID, _("%s: a list was expected."), what);
      return FALSE;
    }

  array = json_node_get_array (node);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonObject *object = _orga_json_get_object (json_array_get_element (array, i), what, error);
      JsonNode *line_node;
      const char *code_text, *field, *ine, *message;
      OrgaImportCode code;
      gint64 line = 0;

      if (object == NULL ||
          !_orga_json_read_string (object, what, "code", FALSE, &code_text, error) ||
          !_orga_json_read_string (object, what, "field", TRUE, &field, error) ||
          !_orga_json_read_string (object, what, "ine", TRUE, &ine, error) ||
          !_orga_json_read_string (object, what, "message", FALSE, &message, error))
        return FALSE;
      if (!import_code_from_string (code_text, &code))
        return _orga_json_unknown_value (error, what, "code");

      /* null for a problem of the whole file. */
      line_node = _orga_json_get_member (object, "line");
      if (line_node != NULL && !JSON_NODE_HOLDS_NULL (line_node) &&
          !_orga_json_read_int (object, what, "line", 1, G_MAXUINT, &line, error))
        return FALSE;

      if (set != NULL)
        orga_learner_set_add_error (set, code, (guint) line, field, ine, "%s", message);
    }

  return TRUE;
}

void
orga_json_build_import_record (JsonBuilder            *builder,
                               const OrgaImportRecord *r)
{
  g_autoptr(JsonParser) parser = json_parser_new ();

  g_return_if_fail (JSON_IS_BUILDER (builder));
  g_return_if_fail (r != NULL);

  json_builder_begin_object (builder);
  _orga_json_add_string (builder, "uuid", r->uuid);
  _orga_json_add_string (builder, "created_at", r->created_at);
  _orga_json_add_string (builder, "created_by", r->created_by);
  _orga_json_add_string (builder, "file_name", r->file_name);
  _orga_json_add_string (builder, "format", r->format);
  _orga_json_add_string (builder, "encoding", r->encoding);
  _orga_json_add_string (builder, "status", r->status);
  _orga_json_add_int (builder, "created", r->created);
  _orga_json_add_int (builder, "updated", r->updated);
  _orga_json_add_int (builder, "unchanged", r->unchanged);
  _orga_json_add_int (builder, "disabled", r->disabled);
  _orga_json_add_int (builder, "ignored", r->ignored);
  /* Kept as text by the store; null if that text was ever damaged. */
  json_builder_set_member_name (builder, "errors");
  if (r->errors_json != NULL && json_parser_load_from_data (parser, r->errors_json, -1, NULL))
    json_builder_add_value (builder, json_node_copy (json_parser_get_root (parser)));
  else
    json_builder_add_null_value (builder);
  json_builder_end_object (builder);
}

OrgaImportRecord *
orga_json_import_record_from_node (JsonNode  *node,
                                   GError   **error)
{
  const char *what = C_("json", "Import");
  g_autoptr(OrgaImportRecord) record = g_new0 (OrgaImportRecord, 1);
  const char *uuid, *created_at, *created_by, *file_name, *format, *encoding, *status;
  OrgaImportFormat known_format;
  JsonObject *object;
  JsonNode *errors;

  if ((object = _orga_json_get_object (node, what, error)) == NULL)
    return NULL;

  if (!_orga_json_read_string (object, what, "uuid", FALSE, &uuid, error) ||
      !_orga_json_read_timestamp (object, what, "created_at", FALSE, &created_at, error) ||
      !_orga_json_read_string (object, what, "created_by", TRUE, &created_by, error) ||
      !_orga_json_read_string (object, what, "file_name", TRUE, &file_name, error) ||
      !_orga_json_read_string (object, what, "format", TRUE, &format, error) ||
      !_orga_json_read_string (object, what, "encoding", TRUE, &encoding, error) ||
      !_orga_json_read_string (object, what, "status", FALSE, &status, error) ||
      !_orga_json_read_uint (object, what, "created", &record->created, error) ||
      !_orga_json_read_uint (object, what, "updated", &record->updated, error) ||
      !_orga_json_read_uint (object, what, "unchanged", &record->unchanged, error) ||
      !_orga_json_read_uint (object, what, "disabled", &record->disabled, error) ||
      !_orga_json_read_uint (object, what, "ignored", &record->ignored, error))
    return NULL;

  /* The store writes "unknown" for a file it could not recognise. */
  if (format != NULL && !g_str_equal (format, "unknown") && !import_format_from_string (format, &known_format))
    return _orga_json_unknown_value (error, what, "format"), NULL;
  if (!g_str_equal (status, "imported") && !g_str_equal (status, "rejected"))
    return _orga_json_unknown_value (error, what, "status"), NULL;

  errors = _orga_json_get_member (object, "errors");
  if (errors != NULL && !JSON_NODE_HOLDS_NULL (errors))
    {
      if (!read_import_errors (errors, NULL, error))
        return NULL;
      record->errors_json = json_to_string (errors, FALSE);
    }

  record->uuid = g_strdup (uuid);
  record->created_at = g_strdup (created_at);
  record->created_by = g_strdup (created_by);
  record->file_name = g_strdup (file_name);
  record->format = g_strdup (format);
  record->encoding = g_strdup (encoding);
  record->status = g_strdup (status);

  return g_steal_pointer (&record);
}

/* Names of OrgaImportChangeKind and OrgaIgnoreReason on the wire. */
static const char * const change_kinds[] = { "new", "class", "returning", "leaving", "ignored" };
static const char * const ignore_reasons[] = { NULL, "left-school", "no-ine", "no-division" };

static void
append_member (GString    *out,
               const char *name,
               const char *value,
               gboolean    last)
{
  g_string_append_printf (out, "\"%s\" : ", name);
  orga_json_append_string (out, value);
  g_string_append (out, last ? "" : ", ");
}

void
orga_json_write_import_report (GString           *out,
                               OrgaImportReport  *report,
                               OrgaJsonFlushFunc  flush,
                               gpointer           user_data)
{
  g_autofree char *errors_json = NULL;
  const OrgaImportCounts *counts;
  OrgaImportStatus status;
  OrgaImportFormat format;
  GArray *changes;

  g_return_if_fail (out != NULL);
  g_return_if_fail (ORGA_IS_IMPORT_REPORT (report));

  errors_json = orga_json_import_errors_to_string (orga_import_report_get_errors (report));
  counts = orga_import_report_get_counts (report);
  status = orga_import_report_get_status (report);
  format = orga_import_report_get_format (report);
  changes = orga_import_report_get_changes (report);

  /* A dry run that would succeed says "imported", as the contract has only
   * two statuses; "dry_run" tells the two apart. */
  g_string_append (out, "{\n");
  g_string_append_printf (out, "  \"status\" : \"%s\",\n",
                          status == ORGA_IMPORT_STATUS_REJECTED ? "rejected" : "imported");
  g_string_append_printf (out, "  \"dry_run\" : %s,\n", status == ORGA_IMPORT_STATUS_PREVIEW ? "true" : "false");
  g_string_append (out, "  \"format\" : ");
  orga_json_append_string (out, format == ORGA_IMPORT_FORMAT_UNKNOWN ? NULL : orga_import_format_to_string (format));
  g_string_append (out, ",\n  \"encoding\" : ");
  orga_json_append_string (out, orga_import_report_get_encoding (report));
  g_string_append (out, ",\n  \"file_name\" : ");
  orga_json_append_string (out, orga_import_report_get_file_name (report));
  g_string_append_printf (out,
                          ",\n  \"created\" : %u,\n  \"updated\" : %u,\n  \"disabled\" : %u,\n"
                          "  \"ignored\" : %u,\n  \"unchanged\" : %u,\n  \"class_changed\" : %u,\n"
                          "  \"returning\" : %u,\n  \"error_count\" : %u,\n",
                          counts->created, counts->updated, counts->disabled, counts->ignored,
                          counts->unchanged, counts->class_changed, counts->returning,
                          orga_import_report_count_errors (report));
  g_string_append_printf (out, "  \"errors\" : %s", errors_json);

  if (status == ORGA_IMPORT_STATUS_PREVIEW)
    {
      g_string_append (out, ",\n  \"changes\" : [");
      for (guint i = 0; i < changes->len; i++)
        {
          const OrgaImportChange *c = &g_array_index (changes, OrgaImportChange, i);
          gboolean ignored = c->kind == ORGA_IMPORT_CHANGE_IGNORED;

          g_string_append (out, i == 0 ? "\n    { " : ",\n    { ");
          append_member (out, "kind", change_kinds[c->kind], FALSE);
          append_member (out, "ine", c->ine, FALSE);
          append_member (out, "last_name", c->last_name, FALSE);
          append_member (out, "first_name", c->first_name, FALSE);
          append_member (out, "old_division", c->old_division, FALSE);
          append_member (out, "new_division", c->new_division, !ignored);
          if (ignored)
            append_member (out, "reason", c->reason < G_N_ELEMENTS (ignore_reasons) ? ignore_reasons[c->reason] : NULL, TRUE);
          g_string_append (out, " }");
          if (flush != NULL && out->len >= FLUSH_SIZE)
            flush (out, user_data);
        }
      g_string_append (out, changes->len > 0 ? "\n  ]" : "]");
    }

  g_string_append (out, "\n}\n");
}

static gboolean
read_change (JsonNode          *node,
             OrgaImportReport  *report,
             GError           **error)
{
  const char *what = C_("json", "Change");
  const char *kind_text, *reason_text, *ine, *last_name, *first_name, *old_division, *new_division;
  OrgaImportChange *change;
  JsonObject *object;
  guint kind, reason = ORGA_IGNORE_NONE;
  GArray *changes;

  if ((object = _orga_json_get_object (node, what, error)) == NULL ||
      !_orga_json_read_string (object, what, "kind", FALSE, &kind_text, error) ||
      !_orga_json_read_string (object, what, "ine", TRUE, &ine, error) ||
      !_orga_json_read_string (object, what, "last_name", TRUE, &last_name, error) ||
      !_orga_json_read_string (object, what, "first_name", TRUE, &first_name, error) ||
      !_orga_json_read_string (object, what, "old_division", TRUE, &old_division, error) ||
      !_orga_json_read_string (object, what, "new_division", TRUE, &new_division, error) ||
      !_orga_json_read_string (object, what, "reason", TRUE, &reason_text, error))
    return FALSE;

  for (kind = 0; kind < G_N_ELEMENTS (change_kinds); kind++)
    if (g_str_equal (kind_text, change_kinds[kind]))
      break;
  if (kind == G_N_ELEMENTS (change_kinds))
    return _orga_json_unknown_value (error, what, "kind");

  if (kind == ORGA_IMPORT_CHANGE_IGNORED)
    {
      for (reason = 1; reason_text != NULL && reason < G_N_ELEMENTS (ignore_reasons); reason++)
        if (g_str_equal (reason_text, ignore_reasons[reason]))
          break;
      if (reason_text == NULL || reason == G_N_ELEMENTS (ignore_reasons))
        return _orga_json_unknown_value (error, what, "reason");
    }

  orga_import_report_add_change (report, kind, ine, last_name, first_name, old_division, new_division);
  changes = orga_import_report_get_changes (report);
  change = &g_array_index (changes, OrgaImportChange, changes->len - 1);
  change->reason = reason;
  return TRUE;
}

OrgaImportReport *
orga_json_import_report_from_node (JsonNode  *node,
                                   GError   **error)
{
  const char *what = C_("json", "Import");
  g_autoptr(OrgaLearnerSet) set = orga_learner_set_new ();
  g_autoptr(OrgaImportReport) report = NULL;
  const char *status, *format, *encoding, *file_name;
  OrgaImportFormat known_format = ORGA_IMPORT_FORMAT_UNKNOWN;
  OrgaImportCounts counts = { 0 };
  gboolean dry_run;
  guint error_count;
  JsonObject *object;
  JsonNode *changes;

  if ((object = _orga_json_get_object (node, what, error)) == NULL)
    return NULL;

  if (!_orga_json_read_string (object, what, "status", FALSE, &status, error) ||
      !_orga_json_read_boolean (object, what, "dry_run", &dry_run, error) ||
      !_orga_json_read_string (object, what, "format", TRUE, &format, error) ||
      !_orga_json_read_string (object, what, "encoding", TRUE, &encoding, error) ||
      !_orga_json_read_string (object, what, "file_name", TRUE, &file_name, error) ||
      !_orga_json_read_uint (object, what, "created", &counts.created, error) ||
      !_orga_json_read_uint (object, what, "updated", &counts.updated, error) ||
      !_orga_json_read_uint (object, what, "disabled", &counts.disabled, error) ||
      !_orga_json_read_uint (object, what, "ignored", &counts.ignored, error) ||
      !_orga_json_read_uint (object, what, "unchanged", &counts.unchanged, error) ||
      !_orga_json_read_uint (object, what, "class_changed", &counts.class_changed, error) ||
      !_orga_json_read_uint (object, what, "returning", &counts.returning, error) ||
      !_orga_json_read_uint (object, what, "error_count", &error_count, error))
    return NULL;

  if (!g_str_equal (status, "imported") && !g_str_equal (status, "rejected"))
    return _orga_json_unknown_value (error, what, "status"), NULL;
  if (format != NULL && !import_format_from_string (format, &known_format))
    return _orga_json_unknown_value (error, what, "format"), NULL;

  if (!read_import_errors (_orga_json_get_member (object, "errors"), set, error))
    return NULL;
  /* The list of errors is bounded; the count is not. */
  if (error_count < orga_learner_set_count_errors (set))
    return _orga_json_invalid (error, what, _("“%s” is out of range."), "error_count"), NULL;
  if (g_str_equal (status, "rejected") != (error_count > 0))
    return _orga_json_invalid (error, what, _("“%s” contradicts “errors”."), "status"), NULL;

  orga_learner_set_set_format (set, known_format);
  orga_learner_set_set_encoding (set, encoding);
  report = orga_import_report_new (file_name, set);
  *orga_import_report_get_counts (report) = counts;

  if (g_str_equal (status, "rejected"))
    orga_import_report_set_status (report, ORGA_IMPORT_STATUS_REJECTED);
  else
    orga_import_report_set_status (report, dry_run ? ORGA_IMPORT_STATUS_PREVIEW : ORGA_IMPORT_STATUS_IMPORTED);

  changes = _orga_json_get_member (object, "changes");
  if (changes != NULL && !JSON_NODE_HOLDS_NULL (changes))
    {
      JsonArray *array;

      if (!JSON_NODE_HOLDS_ARRAY (changes))
        return _orga_json_invalid (error, what, _("“%s” must be a list."), "changes"), NULL;

      array = json_node_get_array (changes);
      for (guint i = 0; i < json_array_get_length (array); i++)
        if (!read_change (json_array_get_element (array, i), report, error))
          return NULL;
    }

  return g_steal_pointer (&report);
}

