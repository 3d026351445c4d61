/* orga-json.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "orga-json"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "orga-json.h"

G_DEFINE_QUARK (orga-json-error-quark, orga_json_error)

#define FLUSH_SIZE (64 * 1024)

/* ---- text ------------------------------------------------------------- */

char *
orga_json_to_data (JsonNode *node,
                   gboolean  pretty)
{
  g_autoptr(JsonGenerator) generator = json_generator_new ();

  g_return_val_if_fail (node != NULL, NULL);

  json_generator_set_root (generator, node);
  json_generator_set_pretty (generator, pretty);
  return json_generator_to_data (generator, NULL);
}

JsonNode *
orga_json_parse (const char  *text,
                 gssize       length,
                 GError     **error)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  g_autoptr(GError) parse_error = NULL;
  JsonNode *root;

  g_return_val_if_fail (text != NULL, NULL);

  if (!json_parser_load_from_data (parser, text, length, &parse_error))
    {
      g_set_error (error, ORGA_JSON_ERROR, ORGA_JSON_ERROR_SYNTAX,
                   _("The data is not valid JSON: %s"), parse_error->message);
      return NULL;
    }

  root = json_parser_get_root (parser);
  if (root == NULL)
    {
      g_set_error_literal (error, ORGA_JSON_ERROR, ORGA_JSON_ERROR_SYNTAX, _("The data is empty."));
      return NULL;
    }

  return json_node_copy (root);
}

/* ---- writing ---------------------------------------------------------- */

static void
add_string (JsonBuilder *builder,
            const char  *name,
            const char  *value)
{
  json_builder_set_member_name (builder, name);
  if (value != NULL)
    json_builder_add_string_value (builder, value);
  else
    json_builder_add_null_value (builder);
}

static void
add_int (JsonBuilder *builder,
         const char  *name,
         gint64       value)
{
  json_builder_set_member_name (builder, name);
  json_builder_add_int_value (builder, value);
}

static void
add_boolean (JsonBuilder *builder,
             const char  *name,
             gboolean     value)
{
  json_builder_set_member_name (builder, name);
  json_builder_add_boolean_value (builder, value);
}

static void
add_double (JsonBuilder *builder,
            const char  *name,
            double       value)
{
  json_builder_set_member_name (builder, name);
  json_builder_add_double_value (builder, value);
}

static void
add_unix_time (JsonBuilder *builder,
               const char  *name,
               gint64       unix_time)
{
  g_autoptr(GDateTime) time = unix_time != 0 ? g_date_time_new_from_unix_utc (unix_time) : NULL;
  g_autofree char *text = time != NULL ? g_date_time_format_iso8601 (time) : NULL;

  add_string (builder, name, text);
}

static JsonNode *
build_one (gpointer  item,
           void    (*build) (JsonBuilder *, gpointer))
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  build (builder, item);
  return json_builder_get_root (builder);
}

/* ---- reading ---------------------------------------------------------- */

/* Each reader names the value it reads ("Student") and the member, so
 * that the sentence says where the problem is. */
static gboolean invalid (GError     **error,
                         const char  *what,
                         const char  *format,
                         ...) G_GNUC_PRINTF (3, 4);

static gboolean
invalid (GError     **error,
         const char  *what,
         const char  *format,
         ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  /* TRANSLATORS: "Student: “birthdate” is not a valid date." */
  g_set_error (error, ORGA_JSON_ERROR, ORGA_JSON_ERROR_INVALID, _("%s: %s"), what, message);
  return FALSE;
}

static JsonObject *
get_object (JsonNode    *node,
            const char  *what,
            GError     **error)
{
  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    {
      g_set_error (error, ORGA_JSON_ERROR, ORGA_JSON_ERROR_INVALID,
                   _("%s: an object was expected."), what);
      return NULL;
    }

  return json_node_get_object (node);
}

/* A member that is absent reads as null. */
static JsonNode *
get_member (JsonObject *object,
            const char *name)
{
  return json_object_has_member (object, name) ? json_object_get_member (object, name) : NULL;
}

static gboolean
read_string (JsonObject  *object,
             const char  *what,
             const char  *name,
             gboolean     nullable,
             const char **value,
             GError     **error)
{
  JsonNode *node = get_member (object, name);

  *value = NULL;
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return nullable || invalid (error, what, _("“%s” is missing."), name);

  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return invalid (error, what, _("“%s” must be text."), name);

  *value = json_node_get_string (node);
  if (!nullable && **value == '\0')
    return invalid (error, what, _("“%s” is missing."), name);

  return TRUE;
}

static gboolean
read_int (JsonObject  *object,
          const char  *what,
          const char  *name,
          gint64       min,
          gint64       max,
          gint64      *value,
          GError     **error)
{
  JsonNode *node = get_member (object, name);

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return invalid (error, what, _("“%s” is missing."), name);

  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_INT64)
    return invalid (error, what, _("“%s” must be a whole number."), name);

  *value = json_node_get_int (node);
  if (*value < min || *value > max)
    return invalid (error, what, _("“%s” is out of range."), name);

  return TRUE;
}

static gboolean
read_uint (JsonObject  *object,
           const char  *what,
           const char  *name,
           guint       *value,
           GError     **error)
{
  gint64 v;

  if (!read_int (object, what, name, 0, G_MAXUINT, &v, error))
    return FALSE;

  *value = (guint) v;
  return TRUE;
}

static gboolean
read_boolean (JsonObject  *object,
              const char  *what,
              const char  *name,
              gboolean    *value,
              GError     **error)
{
  JsonNode *node = get_member (object, name);

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return invalid (error, what, _("“%s” is missing."), name);

  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_BOOLEAN)
    return invalid (error, what, _("“%s” must be true or false."), name);

  *value = json_node_get_boolean (node);
  return TRUE;
}

/* A rate or a progression: 0 … 1, integers accepted (0 and 1). */
static gboolean
read_ratio (JsonObject  *object,
            const char  *what,
            const char  *name,
            double      *value,
            GError     **error)
{
  JsonNode *node = get_member (object, name);
  GType type;

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return invalid (error, what, _("“%s” is missing."), name);

  type = JSON_NODE_HOLDS_VALUE (node) ? json_node_get_value_type (node) : G_TYPE_INVALID;
  if (type != G_TYPE_DOUBLE && type != G_TYPE_INT64)
    return invalid (error, what, _("“%s” must be a number."), name);

  *value = json_node_get_double (node);
  if (!(*value >= 0.0 && *value <= 1.0))
    return invalid (error, what, _("“%s” must be between 0 and 1."), name);

  return TRUE;
}

/* An ISO 8601 timestamp with its zone, as the store writes them. */
static gboolean
read_timestamp (JsonObject  *object,
                const char  *what,
                const char  *name,
                gboolean     nullable,
                const char **value,
                GError     **error)
{
  g_autoptr(GTimeZone) utc = g_time_zone_new_utc ();
  g_autoptr(GDateTime) time = NULL;

  if (!read_string (object, what, name, nullable, value, error))
    return FALSE;
  if (*value == NULL)
    return TRUE;

  time = g_date_time_new_from_iso8601 (*value, utc);
  if (time == NULL)
    return invalid (error, what, _("“%s” is not a valid date."), name);

  return TRUE;
}

static gboolean
read_unix_time (JsonObject  *object,
                const char  *what,
                const char  *name,
                gboolean     nullable,
                gint64      *value,
                GError     **error)
{
  g_autoptr(GTimeZone) utc = g_time_zone_new_utc ();
  g_autoptr(GDateTime) time = NULL;
  const char *text;

  *value = 0;
  if (!read_timestamp (object, what, name, nullable, &text, error))
    return FALSE;
  if (text == NULL)
    return TRUE;

  time = g_date_time_new_from_iso8601 (text, utc);
  *value = g_date_time_to_unix (time);
  return TRUE;
}

/* "YYYY-MM-DD", a real day. */
static gboolean
read_day (JsonObject  *object,
          const char  *what,
          const char  *name,
          const char **value,
          GError     **error)
{
  const char *t;
  guint year = 0, month = 0, day = 0;

  if (!read_string (object, what, name, TRUE, value, error))
    return FALSE;
  if (*value == NULL)
    return TRUE;

  t = *value;
  for (guint i = 0; i < 10; i++)
    {
      gboolean dash = i == 4 || i == 7;

      if (dash ? t[i] != '-' : !g_ascii_isdigit (t[i]))
        return invalid (error, what, _("“%s” is not a valid date."), name);
      if (!dash)
        {
          guint *part = i < 4 ? &year : i < 7 ? &month : &day;
          *part = *part * 10 + (guint) (t[i] - '0');
        }
    }

  if (t[10] != '\0' || !g_date_valid_dmy ((GDateDay) day, (GDateMonth) month, (GDateYear) year))
    return invalid (error, what, _("“%s” is not a valid date."), name);

  return TRUE;
}

static gboolean
unknown_value (GError     **error,
               const char  *what,
               const char  *name)
{
  return invalid (error, what, _("“%s” has an unknown value."), name);
}

/* ---- students --------------------------------------------------------- */

void
orga_json_build_learner_row (JsonBuilder          *builder,
                             const OrgaLearnerRow *row)
{
  const OrgaLearnerFields *f;

  g_return_if_fail (JSON_IS_BUILDER (builder));
  g_return_if_fail (row != NULL);

  f = &row->fields;
  json_builder_begin_object (builder);
  add_string (builder, "ine", f->ine);
  add_string (builder, "last_name", f->last_name);
  add_string (builder, "preferred_last_name", f->preferred_last_name);
  add_string (builder, "first_name", f->first_name);
  add_string (builder, "middle_name", f->middle_name);
  add_string (builder, "third_name", f->third_name);
  add_string (builder, "sex", f->sex);
  add_string (builder, "birthdate", f->birthdate);
  add_string (builder, "birth_country_code", f->birth_country_code);
  add_string (builder, "birth_province_code", f->birth_province_code);
  add_string (builder, "birth_city_code", f->birth_city_code);
  add_string (builder, "birth_city", f->birth_city);
  add_string (builder, "mef_code", f->mef_code);
  add_string (builder, "status", f->status);
  add_string (builder, "division", f->division);
  add_boolean (builder, "disabled", row->disabled_at != NULL);
  add_string (builder, "uuid", row->uuid);
  add_string (builder, "disabled_at", row->disabled_at);
  add_string (builder, "created_at", row->created_at);
  add_string (builder, "updated_at", row->updated_at);
  json_builder_end_object (builder);
}

JsonNode *
orga_json_learner_to_node (OrgaLearner *learner)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  OrgaLearnerRow row = { 0 };
  OrgaLearnerFields *f = &row.fields;

  g_return_val_if_fail (ORGA_IS_LEARNER (learner), NULL);

  row.id = orga_learner_get_id (learner);
  row.uuid = orga_learner_get_uuid (learner);
  f->ine = orga_learner_get_ine (learner);
  f->last_name = orga_learner_get_last_name (learner);
  f->preferred_last_name = orga_learner_get_preferred_last_name (learner);
  f->first_name = orga_learner_get_first_name (learner);
  f->middle_name = orga_learner_get_middle_name (learner);
  f->third_name = orga_learner_get_third_name (learner);
  f->sex = orga_learner_get_sex (learner);
  f->birthdate = orga_learner_get_birthdate (learner);
  f->birth_country_code = orga_learner_get_birth_country_code (learner);
  f->birth_province_code = orga_learner_get_birth_province_code (learner);
  f->birth_city_code = orga_learner_get_birth_city_code (learner);
  f->birth_city = orga_learner_get_birth_city (learner);
  f->mef_code = orga_learner_get_mef_code (learner);
  f->status = orga_learner_get_status (learner);
  f->division = orga_learner_get_division (learner);
  row.disabled_at = orga_learner_get_disabled_at (learner);
  row.created_at = orga_learner_get_created_at (learner);
  row.updated_at = orga_learner_get_updated_at (learner);

  orga_json_build_learner_row (builder, &row);
  return json_builder_get_root (builder);
}

OrgaLearner *
orga_json_learner_from_node (JsonNode  *node,
                             GError   **error)
{
  const char *what = C_("json", "Student");
  OrgaLearnerRow row = { 0 };
  OrgaLearnerFields *f = &row.fields;
  JsonObject *object;
  gboolean disabled;
  static const struct {
    const char *name;
    gsize       offset;
    gboolean    nullable;
  } strings[] = {
    { "ine", G_STRUCT_OFFSET (OrgaLearnerFields, ine), TRUE },
    { "last_name", G_STRUCT_OFFSET (OrgaLearnerFields, last_name), FALSE },
    { "preferred_last_name", G_STRUCT_OFFSET (OrgaLearnerFields, preferred_last_name), TRUE },
    { "first_name", G_STRUCT_OFFSET (OrgaLearnerFields, first_name), FALSE },
    { "middle_name", G_STRUCT_OFFSET (OrgaLearnerFields, middle_name), TRUE },
    { "third_name", G_STRUCT_OFFSET (OrgaLearnerFields, third_name), TRUE },
    { "birth_country_code", G_STRUCT_OFFSET (OrgaLearnerFields, birth_country_code), TRUE },
    { "birth_province_code", G_STRUCT_OFFSET (OrgaLearnerFields, birth_province_code), TRUE },
    { "birth_city_code", G_STRUCT_OFFSET (OrgaLearnerFields, birth_city_code), TRUE },
    { "birth_city", G_STRUCT_OFFSET (OrgaLearnerFields, birth_city), TRUE },
    { "mef_code", G_STRUCT_OFFSET (OrgaLearnerFields, mef_code), TRUE },
    { "status", G_STRUCT_OFFSET (OrgaLearnerFields, status), TRUE },
    { "division", G_STRUCT_OFFSET (OrgaLearnerFields, division), TRUE },
  };

  if ((object = get_object (node, what, error)) == NULL)
    return NULL;

  for (guint i = 0; i < G_N_ELEMENTS (strings); i++)
    if (!read_string (object, what, strings[i].name, strings[i].nullable,
                      G_STRUCT_MEMBER_P (f, strings[i].offset), error))
      return NULL;

  if (!read_string (object, what, "sex", TRUE, &f->sex, error))
    return NULL;
  if (f->sex != NULL && !g_str_equal (f->sex, "M") && !g_str_equal (f->sex, "F"))
    return unknown_value (error, what, "sex"), NULL;

  if (!read_day (object, what, "birthdate", &f->birthdate, error) ||
      !read_string (object, what, "uuid", TRUE, &row.uuid, error) ||
      !read_boolean (object, what, "disabled", &disabled, error) ||
      !read_timestamp (object, what, "disabled_at", TRUE, &row.disabled_at, error) ||
      !read_timestamp (object, what, "created_at", TRUE, &row.created_at, error) ||
      !read_timestamp (object, what, "updated_at", TRUE, &row.updated_at, error))
    return NULL;

  /* "disabled" only repeats whether "disabled_at" is set. */
  if (disabled != (row.disabled_at != NULL))
    return invalid (error, what, _("“%s” contradicts “disabled_at”."), "disabled"), NULL;

  return orga_learner_new_from_row (&row);
}

/* ---- imports ---------------------------------------------------------- */

static void
build_import_error (JsonBuilder           *builder,
                    const OrgaImportError *e)
{
  json_builder_begin_object (builder);
  add_string (builder, "code", orga_import_code_to_string (e->code));
  json_builder_set_member_name (builder, "line");
  if (e->line > 0)
    json_builder_add_int_value (builder, e->line);
  else
    json_builder_add_null_value (builder);
  add_string (builder, "field", e->field);
  add_string (builder, "ine", e->ine);
  add_string (builder, "message", e->message);
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
      JsonObject *object = get_object (json_array_get_element (array, i), what, error);
      JsonNode *line_node;
      const char *code_text, *field, *ine, *message;
      OrgaImportCode code;
      gint64 line = 0;

      if (object == NULL ||
          !read_string (object, what, "code", FALSE, &code_text, error) ||
          !read_string (object, what, "field", TRUE, &field, error) ||
          !read_string (object, what, "ine", TRUE, &ine, error) ||
          !read_string (object, what, "message", FALSE, &message, error))
        return FALSE;
      if (!import_code_from_string (code_text, &code))
        return unknown_value (error, what, "code");

      /* null for a problem of the whole file. */
      line_node = get_member (object, "line");
      if (line_node != NULL && !JSON_NODE_HOLDS_NULL (line_node) &&
          !read_int (object, what, "line", 1, G_MAXUINT, &line, error))
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
  add_string (builder, "uuid", r->uuid);
  add_string (builder, "created_at", r->created_at);
  add_string (builder, "created_by", r->created_by);
  add_string (builder, "file_name", r->file_name);
  add_string (builder, "format", r->format);
  add_string (builder, "encoding", r->encoding);
  add_string (builder, "status", r->status);
  add_int (builder, "created", r->created);
  add_int (builder, "updated", r->updated);
  add_int (builder, "unchanged", r->unchanged);
  add_int (builder, "disabled", r->disabled);
  add_int (builder, "ignored", r->ignored);
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

  if ((object = get_object (node, what, error)) == NULL)
    return NULL;

  if (!read_string (object, what, "uuid", FALSE, &uuid, error) ||
      !read_timestamp (object, what, "created_at", FALSE, &created_at, error) ||
      !read_string (object, what, "created_by", TRUE, &created_by, error) ||
      !read_string (object, what, "file_name", TRUE, &file_name, error) ||
      !read_string (object, what, "format", TRUE, &format, error) ||
      !read_string (object, what, "encoding", TRUE, &encoding, error) ||
      !read_string (object, what, "status", FALSE, &status, error) ||
      !read_uint (object, what, "created", &record->created, error) ||
      !read_uint (object, what, "updated", &record->updated, error) ||
      !read_uint (object, what, "unchanged", &record->unchanged, error) ||
      !read_uint (object, what, "disabled", &record->disabled, error) ||
      !read_uint (object, what, "ignored", &record->ignored, error))
    return NULL;

  /* The store writes "unknown" for a file it could not recognise. */
  if (format != NULL && !g_str_equal (format, "unknown") && !import_format_from_string (format, &known_format))
    return unknown_value (error, what, "format"), NULL;
  if (!g_str_equal (status, "imported") && !g_str_equal (status, "rejected"))
    return unknown_value (error, what, "status"), NULL;

  errors = get_member (object, "errors");
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

/* JSON strings escaped as json-glib escapes them, so that the streamed
 * report reads like the rest of the output. */
static void
append_string (GString    *out,
               const char *text)
{
  if (text == NULL)
    {
      g_string_append (out, "null");
      return;
    }

  g_string_append_c (out, '"');
  for (const guchar *c = (const guchar *)text; *c; c++)
    {
      switch (*c)
        {
        case '"': g_string_append (out, "\\\""); break;
        case '\\': g_string_append (out, "\\\\"); break;
        case '\n': g_string_append (out, "\\n"); break;
        case '\r': g_string_append (out, "\\r"); break;
        case '\t': g_string_append (out, "\\t"); break;
        default:
          if (*c < 0x20)
            g_string_append_printf (out, "\\u%04x", *c);
          else
            g_string_append_c (out, *c);
        }
    }
  g_string_append_c (out, '"');
}

static void
append_member (GString    *out,
               const char *name,
               const char *value,
               gboolean    last)
{
  g_string_append_printf (out, "\"%s\" : ", name);
  append_string (out, value);
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
  append_string (out, format == ORGA_IMPORT_FORMAT_UNKNOWN ? NULL : orga_import_format_to_string (format));
  g_string_append (out, ",\n  \"encoding\" : ");
  append_string (out, orga_import_report_get_encoding (report));
  g_string_append (out, ",\n  \"file_name\" : ");
  append_string (out, orga_import_report_get_file_name (report));
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

  if ((object = get_object (node, what, error)) == NULL ||
      !read_string (object, what, "kind", FALSE, &kind_text, error) ||
      !read_string (object, what, "ine", TRUE, &ine, error) ||
      !read_string (object, what, "last_name", TRUE, &last_name, error) ||
      !read_string (object, what, "first_name", TRUE, &first_name, error) ||
      !read_string (object, what, "old_division", TRUE, &old_division, error) ||
      !read_string (object, what, "new_division", TRUE, &new_division, error) ||
      !read_string (object, what, "reason", TRUE, &reason_text, error))
    return FALSE;

  for (kind = 0; kind < G_N_ELEMENTS (change_kinds); kind++)
    if (g_str_equal (kind_text, change_kinds[kind]))
      break;
  if (kind == G_N_ELEMENTS (change_kinds))
    return unknown_value (error, what, "kind");

  if (kind == ORGA_IMPORT_CHANGE_IGNORED)
    {
      for (reason = 1; reason_text != NULL && reason < G_N_ELEMENTS (ignore_reasons); reason++)
        if (g_str_equal (reason_text, ignore_reasons[reason]))
          break;
      if (reason_text == NULL || reason == G_N_ELEMENTS (ignore_reasons))
        return unknown_value (error, what, "reason");
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

  if ((object = get_object (node, what, error)) == NULL)
    return NULL;

  if (!read_string (object, what, "status", FALSE, &status, error) ||
      !read_boolean (object, what, "dry_run", &dry_run, error) ||
      !read_string (object, what, "format", TRUE, &format, error) ||
      !read_string (object, what, "encoding", TRUE, &encoding, error) ||
      !read_string (object, what, "file_name", TRUE, &file_name, error) ||
      !read_uint (object, what, "created", &counts.created, error) ||
      !read_uint (object, what, "updated", &counts.updated, error) ||
      !read_uint (object, what, "disabled", &counts.disabled, error) ||
      !read_uint (object, what, "ignored", &counts.ignored, error) ||
      !read_uint (object, what, "unchanged", &counts.unchanged, error) ||
      !read_uint (object, what, "class_changed", &counts.class_changed, error) ||
      !read_uint (object, what, "returning", &counts.returning, error) ||
      !read_uint (object, what, "error_count", &error_count, error))
    return NULL;

  if (!g_str_equal (status, "imported") && !g_str_equal (status, "rejected"))
    return unknown_value (error, what, "status"), NULL;
  if (format != NULL && !import_format_from_string (format, &known_format))
    return unknown_value (error, what, "format"), NULL;

  if (!read_import_errors (get_member (object, "errors"), set, error))
    return NULL;
  /* The list of errors is bounded; the count is not. */
  if (error_count < orga_learner_set_count_errors (set))
    return invalid (error, what, _("“%s” is out of range."), "error_count"), NULL;
  if (g_str_equal (status, "rejected") != (error_count > 0))
    return invalid (error, what, _("“%s” contradicts “errors”."), "status"), NULL;

  orga_learner_set_set_format (set, known_format);
  orga_learner_set_set_encoding (set, encoding);
  report = orga_import_report_new (file_name, set);
  *orga_import_report_get_counts (report) = counts;

  if (g_str_equal (status, "rejected"))
    orga_import_report_set_status (report, ORGA_IMPORT_STATUS_REJECTED);
  else
    orga_import_report_set_status (report, dry_run ? ORGA_IMPORT_STATUS_PREVIEW : ORGA_IMPORT_STATUS_IMPORTED);

  changes = get_member (object, "changes");
  if (changes != NULL && !JSON_NODE_HOLDS_NULL (changes))
    {
      JsonArray *array;

      if (!JSON_NODE_HOLDS_ARRAY (changes))
        return invalid (error, what, _("“%s” must be a list."), "changes"), NULL;

      array = json_node_get_array (changes);
      for (guint i = 0; i < json_array_get_length (array); i++)
        if (!read_change (json_array_get_element (array, i), report, error))
          return NULL;
    }

  return g_steal_pointer (&report);
}

/* ---- campaigns -------------------------------------------------------- */

void
orga_json_build_campaign (JsonBuilder  *builder,
                          OrgaCampaign *campaign)
{
  g_return_if_fail (JSON_IS_BUILDER (builder));
  g_return_if_fail (ORGA_IS_CAMPAIGN (campaign));

  json_builder_begin_object (builder);
  add_int (builder, "id", orga_campaign_get_id (campaign));
  add_string (builder, "uuid", orga_campaign_get_uuid (campaign));
  add_string (builder, "code", orga_campaign_get_code (campaign));
  add_string (builder, "name", orga_campaign_get_name (campaign));
  add_string (builder, "type", orga_campaign_type_to_string (orga_campaign_get_campaign_type (campaign)));
  add_string (builder, "target_profile_id", orga_campaign_get_target_profile_id (campaign));
  add_string (builder, "owner", orga_campaign_get_owner (campaign));
  add_string (builder, "creator", orga_campaign_get_creator (campaign));
  add_string (builder, "title", orga_campaign_get_title (campaign));
  add_string (builder, "landing_text", orga_campaign_get_landing_text (campaign));
  add_string (builder, "external_id_type",
              orga_external_id_type_to_string (orga_campaign_get_external_id_type (campaign)));
  add_string (builder, "external_id_label", orga_campaign_get_external_id_label (campaign));
  add_boolean (builder, "multiple_sendings", orga_campaign_get_multiple_sendings (campaign));
  add_string (builder, "created_at", orga_campaign_get_created_at (campaign));
  add_string (builder, "archived_at", orga_campaign_get_archived_at (campaign));
  add_string (builder, "archived_by", orga_campaign_get_archived_by (campaign));
  add_int (builder, "participants", orga_campaign_get_participants (campaign));
  add_int (builder, "shared", orga_campaign_get_shared (campaign));
  json_builder_end_object (builder);
}

JsonNode *
orga_json_campaign_to_node (OrgaCampaign *campaign)
{
  g_return_val_if_fail (ORGA_IS_CAMPAIGN (campaign), NULL);

  return build_one (campaign, (void (*) (JsonBuilder *, gpointer)) orga_json_build_campaign);
}

OrgaCampaign *
orga_json_campaign_from_node (JsonNode  *node,
                              GError   **error)
{
  const char *what = C_("json", "Campaign");
  OrgaCampaignRow row = { 0 };
  const char *type_text, *external_text;
  JsonObject *object;

  if ((object = get_object (node, what, error)) == NULL)
    return NULL;

  if (!read_int (object, what, "id", 0, G_MAXINT64, &row.id, error) ||
      !read_string (object, what, "uuid", FALSE, &row.uuid, error) ||
      !read_string (object, what, "code", FALSE, &row.code, error) ||
      !read_string (object, what, "name", TRUE, &row.spec.name, error) ||
      !read_string (object, what, "type", FALSE, &type_text, error) ||
      !read_string (object, what, "target_profile_id", TRUE, &row.spec.target_profile_id, error) ||
      !read_string (object, what, "owner", TRUE, &row.spec.owner, error) ||
      !read_string (object, what, "creator", TRUE, &row.spec.creator, error) ||
      !read_string (object, what, "title", TRUE, &row.spec.title, error) ||
      !read_string (object, what, "landing_text", TRUE, &row.spec.landing_text, error) ||
      !read_string (object, what, "external_id_type", TRUE, &external_text, error) ||
      !read_string (object, what, "external_id_label", TRUE, &row.spec.external_id_label, error) ||
      !read_boolean (object, what, "multiple_sendings", &row.spec.multiple_sendings, error) ||
      !read_timestamp (object, what, "created_at", FALSE, &row.created_at, error) ||
      !read_timestamp (object, what, "archived_at", TRUE, &row.archived_at, error) ||
      !read_string (object, what, "archived_by", TRUE, &row.archived_by, error) ||
      !read_uint (object, what, "participants", &row.participants, error) ||
      !read_uint (object, what, "shared", &row.shared, error))
    return NULL;

  if (!orga_campaign_code_is_valid (row.code))
    return invalid (error, what, _("“%s” is not a valid campaign code."), "code"), NULL;
  if (!orga_campaign_type_from_string (type_text, &row.spec.type))
    return unknown_value (error, what, "type"), NULL;
  row.spec.external_id_type = ORGA_EXTERNAL_ID_NONE;
  if (external_text != NULL && !orga_external_id_type_from_string (external_text, &row.spec.external_id_type))
    return unknown_value (error, what, "external_id_type"), NULL;
  if (row.shared > row.participants)
    return invalid (error, what, _("“%s” is out of range."), "shared"), NULL;

  if (!orga_campaign_spec_validate (&row.spec, error))
    return NULL;

  return orga_campaign_new_from_row (&row);
}

/* ---- participations --------------------------------------------------- */

void
orga_json_build_participation (JsonBuilder             *builder,
                               const OrgaParticipation *p,
                               guint                    results_size)
{
  g_return_if_fail (JSON_IS_BUILDER (builder));
  g_return_if_fail (p != NULL);

  json_builder_begin_object (builder);
  add_int (builder, "id", p->id);
  add_int (builder, "learner_id", p->learner_id);
  add_string (builder, "last_name", p->last_name);
  add_string (builder, "first_name", p->first_name);
  add_string (builder, "division", p->division);
  add_string (builder, "external_id", p->external_id);
  add_string (builder, "status", orga_participation_status_to_string (p->status));
  add_unix_time (builder, "created_at", p->created_at);
  add_unix_time (builder, "shared_at", p->shared_at);
  add_double (builder, "mastery_rate", p->mastery_rate);
  add_double (builder, "progression", p->progression);
  add_int (builder, "pix_score", p->pix_score);
  add_int (builder, "validated_skills", p->validated_skills);
  json_builder_set_member_name (builder, "is_certifiable");
  if (p->is_certifiable < 0)
    json_builder_add_null_value (builder);
  else
    json_builder_add_boolean_value (builder, p->is_certifiable != 0);
  add_boolean (builder, "is_improved", p->is_improved);
  add_boolean (builder, "is_demo", p->is_demo);
  add_int (builder, "attempt", p->attempt);
  json_builder_set_member_name (builder, "results");
  json_builder_begin_array (builder);
  for (guint i = 0; i < results_size; i++)
    json_builder_add_int_value (builder, p->results != NULL ? p->results[i] : 0);
  json_builder_end_array (builder);
  json_builder_end_object (builder);
}

JsonNode *
orga_json_participation_set_to_node (OrgaParticipationSet *set)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  guint results_size;

  g_return_val_if_fail (ORGA_IS_PARTICIPATION_SET (set), NULL);

  results_size = orga_participation_set_get_results_size (set);
  json_builder_begin_array (builder);
  for (guint i = 0; i < orga_participation_set_get_n (set); i++)
    orga_json_build_participation (builder, orga_participation_set_get (set, i), results_size);
  json_builder_end_array (builder);
  return json_builder_get_root (builder);
}

static gboolean
read_participation (JsonNode              *node,
                    OrgaParticipationSet  *set,
                    guint                  results_size,
                    GError               **error)
{
  const char *what = C_("json", "Participation");
  g_autofree guint8 *results = g_malloc0 (MAX (results_size, 1));
  OrgaParticipation p = { 0 };
  const char *status_text;
  JsonObject *object;
  JsonNode *certifiable, *results_node;
  JsonArray *array;
  gint64 attempt;

  if ((object = get_object (node, what, error)) == NULL ||
      !read_int (object, what, "id", 0, G_MAXINT64, &p.id, error) ||
      !read_int (object, what, "learner_id", 0, G_MAXINT64, &p.learner_id, error) ||
      !read_string (object, what, "last_name", TRUE, &p.last_name, error) ||
      !read_string (object, what, "first_name", TRUE, &p.first_name, error) ||
      !read_string (object, what, "division", TRUE, &p.division, error) ||
      !read_string (object, what, "external_id", TRUE, &p.external_id, error) ||
      !read_string (object, what, "status", FALSE, &status_text, error) ||
      !read_unix_time (object, what, "created_at", FALSE, &p.created_at, error) ||
      !read_unix_time (object, what, "shared_at", TRUE, &p.shared_at, error) ||
      !read_ratio (object, what, "mastery_rate", &p.mastery_rate, error) ||
      !read_ratio (object, what, "progression", &p.progression, error) ||
      !read_uint (object, what, "pix_score", &p.pix_score, error) ||
      !read_uint (object, what, "validated_skills", &p.validated_skills, error) ||
      !read_boolean (object, what, "is_improved", &p.is_improved, error) ||
      !read_boolean (object, what, "is_demo", &p.is_demo, error) ||
      !read_int (object, what, "attempt", 1, G_MAXUINT, &attempt, error))
    return FALSE;

  if (!orga_participation_status_from_string (status_text, &p.status))
    return unknown_value (error, what, "status");
  if ((p.status == ORGA_PARTICIPATION_SHARED) != (p.shared_at != 0))
    return invalid (error, what, _("“%s” contradicts “status”."), "shared_at");
  p.attempt = (guint) attempt;
  if (p.division == NULL)
    p.division = "";

  p.is_certifiable = -1;
  certifiable = get_member (object, "is_certifiable");
  if (certifiable != NULL && !JSON_NODE_HOLDS_NULL (certifiable))
    {
      gboolean value;

      if (!read_boolean (object, what, "is_certifiable", &value, error))
        return FALSE;
      p.is_certifiable = value ? 1 : 0;
    }

  results_node = get_member (object, "results");
  if (results_node == NULL || !JSON_NODE_HOLDS_ARRAY (results_node))
    return invalid (error, what, _("“%s” must be a list."), "results");
  array = json_node_get_array (results_node);
  if (json_array_get_length (array) != results_size)
    return invalid (error, what, _("“%s” does not have the size of the target profile."), "results");
  for (guint i = 0; i < results_size; i++)
    {
      JsonNode *byte = json_array_get_element (array, i);

      if (!JSON_NODE_HOLDS_VALUE (byte) || json_node_get_value_type (byte) != G_TYPE_INT64 ||
          json_node_get_int (byte) < 0 || json_node_get_int (byte) > 255)
        return invalid (error, what, _("“%s” must hold numbers from 0 to 255."), "results");
      results[i] = (guint8) json_node_get_int (byte);
    }
  p.results = results;

  orga_participation_set_add (set, &p);
  return TRUE;
}

OrgaParticipationSet *
orga_json_participation_set_from_node (JsonNode  *node,
                                       guint      results_size,
                                       GError   **error)
{
  g_autoptr(OrgaParticipationSet) set = orga_participation_set_new (results_size);
  JsonArray *array;

  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    {
      g_set_error (error, ORGA_JSON_ERROR, ORGA_JSON_ERROR_INVALID,
                   _("%s: a list was expected."), C_("json", "Participation"));
      return NULL;
    }

  array = json_node_get_array (node);
  for (guint i = 0; i < json_array_get_length (array); i++)
    if (!read_participation (json_array_get_element (array, i), set, results_size, error))
      return NULL;

  return g_steal_pointer (&set);
}

/* ---- target profiles -------------------------------------------------- */

/* How the results of a campaign on @profile are shown: by the names of its
 * stages (the rentrée profiles), in stars, or in percentage. */
static const char *
profile_results_code (const OrgaTargetProfile *profile)
{
  if (profile->n_stages == 0)
    return "percentage";
  return profile->sco_stages ? "stages" : "stars";
}

void
orga_json_build_target_profile (JsonBuilder             *builder,
                                const OrgaTargetProfile *profile)
{
  g_return_if_fail (JSON_IS_BUILDER (builder));
  g_return_if_fail (profile != NULL);

  json_builder_begin_object (builder);
  add_string (builder, "id", profile->id);
  add_string (builder, "name", profile->name);
  add_string (builder, "category", orga_profile_category_to_string (profile->category));
  add_int (builder, "tubes", profile->n_tubes);
  add_int (builder, "skills", orga_target_profile_count_skills (profile));
  add_int (builder, "stages", profile->n_stages);
  add_string (builder, "results_shown", profile_results_code (profile));
  add_boolean (builder, "resettable", profile->resettable);
  add_string (builder, "description", profile->description);
  json_builder_end_object (builder);
}
