/* orga-json.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "orga-json"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "orga-json.h"
#include "orga-json-private.h"

G_DEFINE_QUARK (orga-json-error-quark, orga_json_error)

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

void
_orga_json_add_string (JsonBuilder *builder,
                       const char  *name,
                       const char  *value)
{
  json_builder_set_member_name (builder, name);
  if (value != NULL)
    json_builder_add_string_value (builder, value);
  else
    json_builder_add_null_value (builder);
}

void
_orga_json_add_int (JsonBuilder *builder,
                    const char  *name,
                    gint64       value)
{
  json_builder_set_member_name (builder, name);
  json_builder_add_int_value (builder, value);
}

void
_orga_json_add_boolean (JsonBuilder *builder,
                        const char  *name,
                        gboolean     value)
{
  json_builder_set_member_name (builder, name);
  json_builder_add_boolean_value (builder, value);
}

void
_orga_json_add_double (JsonBuilder *builder,
                       const char  *name,
                       double       value)
{
  json_builder_set_member_name (builder, name);
  json_builder_add_double_value (builder, value);
}

void
_orga_json_add_unix_time (JsonBuilder *builder,
                          const char  *name,
                          gint64       unix_time)
{
  g_autoptr(GDateTime) time = unix_time != 0 ? g_date_time_new_from_unix_utc (unix_time) : NULL;
  g_autofree char *text = time != NULL ? g_date_time_format_iso8601 (time) : NULL;

  _orga_json_add_string (builder, name, text);
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
gboolean
_orga_json_invalid (GError     **error,
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

JsonObject *
_orga_json_get_object (JsonNode    *node,
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
JsonNode *
_orga_json_get_member (JsonObject *object,
                       const char *name)
{
  return json_object_has_member (object, name) ? json_object_get_member (object, name) : NULL;
}

gboolean
_orga_json_read_string (JsonObject  *object,
                        const char  *what,
                        const char  *name,
                        gboolean     nullable,
                        const char **value,
                        GError     **error)
{
  JsonNode *node = _orga_json_get_member (object, name);

  *value = NULL;
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return nullable || _orga_json_invalid (error, what, _("“%s” is missing."), name);

  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return _orga_json_invalid (error, what, _("“%s” must be text."), name);

  *value = json_node_get_string (node);
  if (!nullable && **value == '\0')
    return _orga_json_invalid (error, what, _("“%s” is missing."), name);

  return TRUE;
}

gboolean
_orga_json_read_int (JsonObject  *object,
                     const char  *what,
                     const char  *name,
                     gint64       min,
                     gint64       max,
                     gint64      *value,
                     GError     **error)
{
  JsonNode *node = _orga_json_get_member (object, name);

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return _orga_json_invalid (error, what, _("“%s” is missing."), name);

  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_INT64)
    return _orga_json_invalid (error, what, _("“%s” must be a whole number."), name);

  *value = json_node_get_int (node);
  if (*value < min || *value > max)
    return _orga_json_invalid (error, what, _("“%s” is out of range."), name);

  return TRUE;
}

gboolean
_orga_json_read_uint (JsonObject  *object,
                      const char  *what,
                      const char  *name,
                      guint       *value,
                      GError     **error)
{
  gint64 v;

  if (!_orga_json_read_int (object, what, name, 0, G_MAXUINT, &v, error))
    return FALSE;

  *value = (guint) v;
  return TRUE;
}

gboolean
_orga_json_read_boolean (JsonObject  *object,
                         const char  *what,
                         const char  *name,
                         gboolean    *value,
                         GError     **error)
{
  JsonNode *node = _orga_json_get_member (object, name);

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return _orga_json_invalid (error, what, _("“%s” is missing."), name);

  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_BOOLEAN)
    return _orga_json_invalid (error, what, _("“%s” must be true or false."), name);

  *value = json_node_get_boolean (node);
  return TRUE;
}

/* A rate or a progression: 0 … 1, integers accepted (0 and 1). */
gboolean
_orga_json_read_ratio (JsonObject  *object,
                       const char  *what,
                       const char  *name,
                       double      *value,
                       GError     **error)
{
  JsonNode *node = _orga_json_get_member (object, name);
  GType type;

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return _orga_json_invalid (error, what, _("“%s” is missing."), name);

  type = JSON_NODE_HOLDS_VALUE (node) ? json_node_get_value_type (node) : G_TYPE_INVALID;
  if (type != G_TYPE_DOUBLE && type != G_TYPE_INT64)
    return _orga_json_invalid (error, what, _("“%s” must be a number."), name);

  *value = json_node_get_double (node);
  if (!(*value >= 0.0 && *value <= 1.0))
    return _orga_json_invalid (error, what, _("“%s” must be between 0 and 1."), name);

  return TRUE;
}

/* An ISO 8601 timestamp with its zone, as the store writes them. */
gboolean
_orga_json_read_timestamp (JsonObject  *object,
                           const char  *what,
                           const char  *name,
                           gboolean     nullable,
                           const char **value,
                           GError     **error)
{
  g_autoptr(GTimeZone) utc = g_time_zone_new_utc ();
  g_autoptr(GDateTime) time = NULL;

  if (!_orga_json_read_string (object, what, name, nullable, value, error))
    return FALSE;
  if (*value == NULL)
    return TRUE;

  time = g_date_time_new_from_iso8601 (*value, utc);
  if (time == NULL)
    return _orga_json_invalid (error, what, _("“%s” is not a valid date."), name);

  return TRUE;
}

gboolean
_orga_json_read_unix_time (JsonObject  *object,
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
  if (!_orga_json_read_timestamp (object, what, name, nullable, &text, error))
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

  if (!_orga_json_read_string (object, what, name, TRUE, value, error))
    return FALSE;
  if (*value == NULL)
    return TRUE;

  t = *value;
  for (guint i = 0; i < 10; i++)
    {
      gboolean dash = i == 4 || i == 7;

      if (dash ? t[i] != '-' : !g_ascii_isdigit (t[i]))
        return _orga_json_invalid (error, what, _("“%s” is not a valid date."), name);
      if (!dash)
        {
          guint *part = i < 4 ? &year : i < 7 ? &month : &day;
          *part = *part * 10 + (guint) (t[i] - '0');
        }
    }

  if (t[10] != '\0' || !g_date_valid_dmy ((GDateDay) day, (GDateMonth) month, (GDateYear) year))
    return _orga_json_invalid (error, what, _("“%s” is not a valid date."), name);

  return TRUE;
}

gboolean
_orga_json_unknown_value (GError     **error,
                          const char  *what,
                          const char  *name)
{
  return _orga_json_invalid (error, what, _("“%s” has an unknown value."), name);
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
  _orga_json_add_string (builder, "ine", f->ine);
  _orga_json_add_string (builder, "last_name", f->last_name);
  _orga_json_add_string (builder, "preferred_last_name", f->preferred_last_name);
  _orga_json_add_string (builder, "first_name", f->first_name);
  _orga_json_add_string (builder, "middle_name", f->middle_name);
  _orga_json_add_string (builder, "third_name", f->third_name);
  _orga_json_add_string (builder, "sex", f->sex);
  _orga_json_add_string (builder, "birthdate", f->birthdate);
  _orga_json_add_string (builder, "birth_country_code", f->birth_country_code);
  _orga_json_add_string (builder, "birth_province_code", f->birth_province_code);
  _orga_json_add_string (builder, "birth_city_code", f->birth_city_code);
  _orga_json_add_string (builder, "birth_city", f->birth_city);
  _orga_json_add_string (builder, "mef_code", f->mef_code);
  _orga_json_add_string (builder, "status", f->status);
  _orga_json_add_string (builder, "division", f->division);
  _orga_json_add_boolean (builder, "disabled", row->disabled_at != NULL);
  _orga_json_add_string (builder, "uuid", row->uuid);
  _orga_json_add_string (builder, "disabled_at", row->disabled_at);
  _orga_json_add_string (builder, "created_at", row->created_at);
  _orga_json_add_string (builder, "updated_at", row->updated_at);
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

  if ((object = _orga_json_get_object (node, what, error)) == NULL)
    return NULL;

  for (guint i = 0; i < G_N_ELEMENTS (strings); i++)
    if (!_orga_json_read_string (object, what, strings[i].name, strings[i].nullable,
                      G_STRUCT_MEMBER_P (f, strings[i].offset), error))
      return NULL;

  if (!_orga_json_read_string (object, what, "sex", TRUE, &f->sex, error))
    return NULL;
  if (f->sex != NULL && !g_str_equal (f->sex, "M") && !g_str_equal (f->sex, "F"))
    return _orga_json_unknown_value (error, what, "sex"), NULL;

  if (!read_day (object, what, "birthdate", &f->birthdate, error) ||
      !_orga_json_read_string (object, what, "uuid", TRUE, &row.uuid, error) ||
      !_orga_json_read_boolean (object, what, "disabled", &disabled, error) ||
      !_orga_json_read_timestamp (object, what, "disabled_at", TRUE, &row.disabled_at, error) ||
      !_orga_json_read_timestamp (object, what, "created_at", TRUE, &row.created_at, error) ||
      !_orga_json_read_timestamp (object, what, "updated_at", TRUE, &row.updated_at, error))
    return NULL;

  /* "disabled" only repeats whether "disabled_at" is set. */
  if (disabled != (row.disabled_at != NULL))
    return _orga_json_invalid (error, what, _("“%s” contradicts “disabled_at”."), "disabled"), NULL;

  return orga_learner_new_from_row (&row);
}

/* ---- campaigns -------------------------------------------------------- */

void
orga_json_build_campaign (JsonBuilder  *builder,
                          OrgaCampaign *campaign)
{
  g_return_if_fail (JSON_IS_BUILDER (builder));
  g_return_if_fail (ORGA_IS_CAMPAIGN (campaign));

  json_builder_begin_object (builder);
  _orga_json_add_int (builder, "id", orga_campaign_get_id (campaign));
  _orga_json_add_string (builder, "uuid", orga_campaign_get_uuid (campaign));
  _orga_json_add_string (builder, "code", orga_campaign_get_code (campaign));
  _orga_json_add_string (builder, "name", orga_campaign_get_name (campaign));
  _orga_json_add_string (builder, "type", orga_campaign_type_to_string (orga_campaign_get_campaign_type (campaign)));
  _orga_json_add_string (builder, "target_profile_id", orga_campaign_get_target_profile_id (campaign));
  _orga_json_add_string (builder, "owner", orga_campaign_get_owner (campaign));
  _orga_json_add_string (builder, "creator", orga_campaign_get_creator (campaign));
  _orga_json_add_string (builder, "title", orga_campaign_get_title (campaign));
  _orga_json_add_string (builder, "landing_text", orga_campaign_get_landing_text (campaign));
  _orga_json_add_string (builder, "external_id_type",
              orga_external_id_type_to_string (orga_campaign_get_external_id_type (campaign)));
  _orga_json_add_string (builder, "external_id_label", orga_campaign_get_external_id_label (campaign));
  _orga_json_add_boolean (builder, "multiple_sendings", orga_campaign_get_multiple_sendings (campaign));
  _orga_json_add_string (builder, "created_at", orga_campaign_get_created_at (campaign));
  _orga_json_add_string (builder, "archived_at", orga_campaign_get_archived_at (campaign));
  _orga_json_add_string (builder, "archived_by", orga_campaign_get_archived_by (campaign));
  _orga_json_add_int (builder, "participants", orga_campaign_get_participants (campaign));
  _orga_json_add_int (builder, "shared", orga_campaign_get_shared (campaign));
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

  if ((object = _orga_json_get_object (node, what, error)) == NULL)
    return NULL;

  if (!_orga_json_read_int (object, what, "id", 0, G_MAXINT64, &row.id, error) ||
      !_orga_json_read_string (object, what, "uuid", FALSE, &row.uuid, error) ||
      !_orga_json_read_string (object, what, "code", FALSE, &row.code, error) ||
      !_orga_json_read_string (object, what, "name", TRUE, &row.spec.name, error) ||
      !_orga_json_read_string (object, what, "type", FALSE, &type_text, error) ||
      !_orga_json_read_string (object, what, "target_profile_id", TRUE, &row.spec.target_profile_id, error) ||
      !_orga_json_read_string (object, what, "owner", TRUE, &row.spec.owner, error) ||
      !_orga_json_read_string (object, what, "creator", TRUE, &row.spec.creator, error) ||
      !_orga_json_read_string (object, what, "title", TRUE, &row.spec.title, error) ||
      !_orga_json_read_string (object, what, "landing_text", TRUE, &row.spec.landing_text, error) ||
      !_orga_json_read_string (object, what, "external_id_type", TRUE, &external_text, error) ||
      !_orga_json_read_string (object, what, "external_id_label", TRUE, &row.spec.external_id_label, error) ||
      !_orga_json_read_boolean (object, what, "multiple_sendings", &row.spec.multiple_sendings, error) ||
      !_orga_json_read_timestamp (object, what, "created_at", FALSE, &row.created_at, error) ||
      !_orga_json_read_timestamp (object, what, "archived_at", TRUE, &row.archived_at, error) ||
      !_orga_json_read_string (object, what, "archived_by", TRUE, &row.archived_by, error) ||
      !_orga_json_read_uint (object, what, "participants", &row.participants, error) ||
      !_orga_json_read_uint (object, what, "shared", &row.shared, error))
    return NULL;

  if (!orga_campaign_code_is_valid (row.code))
    return _orga_json_invalid (error, what, _("“%s” is not a valid campaign code."), "code"), NULL;
  if (!orga_campaign_type_from_string (type_text, &row.spec.type))
    return _orga_json_unknown_value (error, what, "type"), NULL;
  row.spec.external_id_type = ORGA_EXTERNAL_ID_NONE;
  if (external_text != NULL && !orga_external_id_type_from_string (external_text, &row.spec.external_id_type))
    return _orga_json_unknown_value (error, what, "external_id_type"), NULL;
  if (row.shared > row.participants)
    return _orga_json_invalid (error, what, _("“%s” is out of range."), "shared"), NULL;

  if (!orga_campaign_spec_validate (&row.spec, error))
    return NULL;

  return orga_campaign_new_from_row (&row);
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
  _orga_json_add_string (builder, "id", profile->id);
  _orga_json_add_string (builder, "name", profile->name);
  _orga_json_add_string (builder, "category", orga_profile_category_to_string (profile->category));
  _orga_json_add_int (builder, "tubes", profile->n_tubes);
  _orga_json_add_int (builder, "skills", orga_target_profile_count_skills (profile));
  _orga_json_add_int (builder, "stages", profile->n_stages);
  _orga_json_add_string (builder, "results_shown", profile_results_code (profile));
  _orga_json_add_boolean (builder, "resettable", profile->resettable);
  _orga_json_add_string (builder, "description", profile->description);
  json_builder_end_object (builder);
}
