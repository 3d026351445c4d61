/* orga-json.h: the wire format, domain objects to JSON and back
 *
 * One place for the JSON of students, imports, campaigns and
 * participations: `pixorga-cli --json` prints it, and the server and the
 * sync client will exchange it. Keys are snake_case; timestamps are ISO
 * 8601 in UTC as the store keeps them; a value that is absent is null.
 *
 * Reading validates every member (type, range, enum, date) and refuses
 * the whole value with ORGA_JSON_ERROR and a French sentence naming the
 * member; nothing partial is returned.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

#include "orga-campaign.h"
#include "orga-import-report.h"
#include "orga-learner.h"
#include "orga-participation-set.h"
#include "orga-store.h"
#include "orga-target-profile.h"

G_BEGIN_DECLS

#define ORGA_JSON_ERROR (orga_json_error_quark ())

typedef enum
{
  ORGA_JSON_ERROR_SYNTAX,    /* not JSON at all */
  ORGA_JSON_ERROR_INVALID,   /* JSON, but not the value expected */
} OrgaJsonError;

GQuark            orga_json_error_quark              (void);

/* Text: json-glib's generator, two-space indents when @pretty (what the
 * CLI prints), one line otherwise. */
char             *orga_json_to_data                  (JsonNode               *node,
                                                      gboolean                pretty);
JsonNode         *orga_json_parse                    (const char             *text,
                                                      gssize                  length,
                                                      GError                **error);

/* Students: {"ine", "last_name", "preferred_last_name", "first_name",
 * "middle_name", "third_name", "sex", "birthdate", "birth_country_code",
 * "birth_province_code", "birth_city_code", "birth_city", "mef_code",
 * "status", "division", "disabled", "uuid", "disabled_at", "created_at",
 * "updated_at"}. The builder form takes the store's rows, for lists. */
void              orga_json_build_learner_row        (JsonBuilder            *builder,
                                                      const OrgaLearnerRow   *row);
JsonNode         *orga_json_learner_to_node          (OrgaLearner            *learner);
OrgaLearner      *orga_json_learner_from_node        (JsonNode               *node,
                                                      GError                **error);

/* Import records, the history: {"uuid", "created_at", "created_by",
 * "file_name", "format", "encoding", "status", "created", "updated",
 * "unchanged", "disabled", "ignored", "errors"}. */
void              orga_json_build_import_record      (JsonBuilder            *builder,
                                                      const OrgaImportRecord *record);
OrgaImportRecord *orga_json_import_record_from_node  (JsonNode               *node,
                                                      GError                **error);

/* The errors of an import, [{"code", "line", "field", "ine", "message"}],
 * on one line: what the import record keeps. (element-type OrgaImportError) */
char             *orga_json_import_errors_to_string  (GPtrArray              *errors);

/* What an import did or would do, as `import --json` prints it: written
 * as it goes into @out, which @flush (may be NULL) empties whenever it
 * holds more than 64 KiB, because the preview of 100,000 new students
 * would make a json-glib tree four times the size of the import itself. */
typedef void (*OrgaJsonFlushFunc) (GString  *out,
                                   gpointer  user_data);

void              orga_json_write_import_report      (GString                *out,
                                                      OrgaImportReport       *report,
                                                      OrgaJsonFlushFunc       flush,
                                                      gpointer                user_data);
OrgaImportReport *orga_json_import_report_from_node  (JsonNode               *node,
                                                      GError                **error);

/* Campaigns: {"id", "uuid", "code", "name", "type", "target_profile_id",
 * "owner", "creator", "title", "landing_text", "external_id_type",
 * "external_id_label", "multiple_sendings", "created_at", "archived_at",
 * "archived_by", "participants", "shared"}. Reading applies Pix's
 * creation rules too (orga_campaign_spec_validate()), whose errors keep
 * their ORGA_CAMPAIGN_ERROR. */
void              orga_json_build_campaign           (JsonBuilder            *builder,
                                                      OrgaCampaign           *campaign);
JsonNode         *orga_json_campaign_to_node         (OrgaCampaign           *campaign);
OrgaCampaign     *orga_json_campaign_from_node       (JsonNode               *node,
                                                      GError                **error);

/* Participations: an array of {"id", "learner_id", "last_name",
 * "first_name", "division", "external_id", "status", "created_at",
 * "shared_at", "mastery_rate", "progression", "pix_score",
 * "validated_skills", "is_certifiable" (null when unknown), "is_improved",
 * "is_demo", "attempt", "results" (the bytes, as numbers)}. Every
 * "results" must hold @results_size bytes. */
void              orga_json_build_participation      (JsonBuilder            *builder,
                                                      const OrgaParticipation *participation,
                                                      guint                   results_size);
JsonNode         *orga_json_participation_set_to_node (OrgaParticipationSet  *set);
OrgaParticipationSet *orga_json_participation_set_from_node (JsonNode        *node,
                                                      guint                   results_size,
                                                      GError                **error);

/* The bundled catalogue, as `profiles --json` prints it (written only). */
void              orga_json_build_target_profile     (JsonBuilder            *builder,
                                                      const OrgaTargetProfile *profile);

G_END_DECLS
