/* orga-json-participations.c: the JSON of participations (orga-json.h)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "orga-json"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "orga-json.h"
#include "orga-json-private.h"

/* ---- participations --------------------------------------------------- */

void
orga_json_build_participation (JsonBuilder             *builder,
                               const OrgaParticipation *p,
                               guint                    results_size)
{
  g_return_if_fail (JSON_IS_BUILDER (builder));
  g_return_if_fail (p != NULL);

  json_builder_begin_object (builder);
  _orga_json_add_int (builder, "id", p->id);
  _orga_json_add_int (builder, "learner_id", p->learner_id);
  _orga_json_add_string (builder, "last_name", p->last_name);
  _orga_json_add_string (builder, "first_name", p->first_name);
  _orga_json_add_string (builder, "division", p->division);
  _orga_json_add_string (builder, "external_id", p->external_id);
  _orga_json_add_string (builder, "status", orga_participation_status_to_string (p->status));
  _orga_json_add_unix_time (builder, "created_at", p->created_at);
  _orga_json_add_unix_time (builder, "shared_at", p->shared_at);
  _orga_json_add_double (builder, "mastery_rate", p->mastery_rate);
  _orga_json_add_double (builder, "progression", p->progression);
  _orga_json_add_int (builder, "pix_score", p->pix_score);
  _orga_json_add_int (builder, "validated_skills", p->validated_skills);
  json_builder_set_member_name (builder, "is_certifiable");
  if (p->is_certifiable < 0)
    json_builder_add_null_value (builder);
  else
    json_builder_add_boolean_value (builder, p->is_certifiable != 0);
  _orga_json_add_boolean (builder, "is_improved", p->is_improved);
  _orga_json_add_boolean (builder, "is_demo", p->is_demo);
  _orga_json_add_int (builder, "attempt", p->attempt);
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

  if ((object = _orga_json_get_object (node, what, error)) == NULL ||
      !_orga_json_read_int (object, what, "id", 0, G_MAXINT64, &p.id, error) ||
      !_orga_json_read_int (object, what, "learner_id", 0, G_MAXINT64, &p.learner_id, error) ||
      !_orga_json_read_string (object, what, "last_name", TRUE, &p.last_name, error) ||
      !_orga_json_read_string (object, what, "first_name", TRUE, &p.first_name, error) ||
      !_orga_json_read_string (object, what, "division", TRUE, &p.division, error) ||
      !_orga_json_read_string (object, what, "external_id", TRUE, &p.external_id, error) ||
      !_orga_json_read_string (object, what, "status", FALSE, &status_text, error) ||
      !_orga_json_read_unix_time (object, what, "created_at", FALSE, &p.created_at, error) ||
      !_orga_json_read_unix_time (object, what, "shared_at", TRUE, &p.shared_at, error) ||
      !_orga_json_read_ratio (object, what, "mastery_rate", &p.mastery_rate, error) ||
      !_orga_json_read_ratio (object, what, "progression", &p.progression, error) ||
      !_orga_json_read_uint (object, what, "pix_score", &p.pix_score, error) ||
      !_orga_json_read_uint (object, what, "validated_skills", &p.validated_skills, error) ||
      !_orga_json_read_boolean (object, what, "is_improved", &p.is_improved, error) ||
      !_orga_json_read_boolean (object, what, "is_demo", &p.is_demo, error) ||
      !_orga_json_read_int (object, what, "attempt", 1, G_MAXUINT, &attempt, error))
    return FALSE;

  if (!orga_participation_status_from_string (status_text, &p.status))
    return _orga_json_unknown_value (error, what, "status");
  if ((p.status == ORGA_PARTICIPATION_SHARED) != (p.shared_at != 0))
    return _orga_json_invalid (error, what, _("“%s” contradicts “status”."), "shared_at");
  p.attempt = (guint) attempt;
  if (p.division == NULL)
    p.division = "";

  p.is_certifiable = -1;
  certifiable = _orga_json_get_member (object, "is_certifiable");
  if (certifiable != NULL && !JSON_NODE_HOLDS_NULL (certifiable))
    {
      gboolean value;

      if (!_orga_json_read_boolean (object, what, "is_certifiable", &value, error))
        return FALSE;
      p.is_certifiable = value ? 1 : 0;
    }

  results_node = _orga_json_get_member (object, "results");
  if (results_node == NULL || !JSON_NODE_HOLDS_ARRAY (results_node))
    return _orga_json_invalid (error, what, _("“%s” must be a list."), "results");
  array = json_node_get_array (results_node);
  if (json_array_get_length (array) != results_size)
    return _orga_json_invalid (error, what, _("“%s” does not have the size of the target profile."), "results");
  for (guint i = 0; i < results_size; i++)
    {
      JsonNode *byte = json_array_get_element (array, i);

      if (!JSON_NODE_HOLDS_VALUE (byte) || json_node_get_value_type (byte) != G_TYPE_INT64 ||
          json_node_get_int (byte) < 0 || json_node_get_int (byte) > 255)
        return _orga_json_invalid (error, what, _("“%s” must hold numbers from 0 to 255."), "results");
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

