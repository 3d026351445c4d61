/* orga-cert-results.c: a division's certification results, as Pix Orga
 * writes them (spec §3.3), and the livret scolaire's JSON (spec §4)
 *
 * The CSV is json2csv's, as Pix calls it (write-csv-utils.js: delimiter
 * ";", eol "\n", withBOM, nothing else), which is not the campaign
 * export's serializer (orga-campaign-export.c):
 *   - every string is quoted, inner quotes doubled, nothing else escaped:
 *     no apostrophe before "=", digits-only strings still quoted;
 *   - numbers are bare; a missing value (NULL) is an empty cell, "" is "";
 *   - "\n" between lines, none after the last one.
 * The value rules per status are the ones of Pix's integration tests
 * (spec §3.3); a started result, which Pix leaves to its formatter's
 * null, reads "-" like a cancelled one here (docs/certification.md).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "orga-cert"

#include "config.h"

#include <string.h>

#include "orga-cert.h"
#include "orga-campaign-export.h"
#include "orga-format.h"
#include "orga-format-private.h"
#include "orga-framework.h"
#include "orga-json-writer.h"

#define BOM "\xef\xbb\xbf"
#define NONE_CELL "\"-\""

static const char * const header_labels[] = {
  "Numéro de certification",
  "Prénom",
  "Nom",
  "Date de naissance",
  "Lieu de naissance",
  "Identifiant Externe",
  "Statut",
  "Nombre de Pix",
  /* the 16 competence codes come here, from the framework */
  "Commentaire jury pour l’organisation",
  "Session",
  "Date de passage de la certification",
};
#define N_LABELS_BEFORE_COMPETENCES 8

/* ---- values ------------------------------------------------------------ */

/* A json2csv string: quoted, inner quotes doubled; NULL is an empty cell. */
static void
append_string (GString    *line,
               const char *value)
{
  const char *run;
  const char *quote;

  if (value == NULL)
    return;

  g_string_append_c (line, '"');
  for (run = value; (quote = strchr (run, '"')) != NULL; run = quote + 1)
    {
      g_string_append_len (line, run, quote - run + 1);
      g_string_append_c (line, '"');
    }
  g_string_append (line, run);
  g_string_append_c (line, '"');
}

/* Without printf: a class's file writes some twenty per line. */
static void
append_number (GString *line,
               gint64   value)
{
  if (value < 0)
    {
      g_string_append_c (line, '-');
      _orga_format_append_unsigned (line, 0 - (guint64) value, 1);
      return;
    }
  _orga_format_append_unsigned (line, (guint64) value, 1);
}

/* "DD/MM/YYYY" of a day (YYYY-MM-DD) or of a timestamp's day in
 * Europe/Paris; anything else as it is, a string all the same. */
static void
append_day (GString    *line,
            const char *value)
{
  char day[ORGA_FORMAT_DAY_SIZE];
  g_autofree char *from_time = NULL;

  if (value == NULL)
    return;
  if (orga_format_day_to_buffer (value, day))
    {
      append_string (line, day);
      return;
    }
  from_time = orga_format_iso_date (value, orga_format_paris_time_zone ());
  append_string (line, from_time != NULL ? from_time : value);
}

static void
append_header (GString *out)
{
  for (guint i = 0; i < G_N_ELEMENTS (header_labels); i++)
    {
      if (i > 0)
        g_string_append_c (out, ';');
      if (i == N_LABELS_BEFORE_COMPETENCES)
        for (guint c = 0; c < ORGA_CERT_N_COMPETENCES; c++)
          {
            append_string (out, orga_cert_competence_code (c));
            g_string_append_c (out, ';');
          }
      append_string (out, header_labels[i]);
    }
}

static void
append_row (GString              *out,
            const OrgaCertResult *result)
{
  OrgaCertStatus status = result->status;
  gboolean scored = status == ORGA_CERT_STATUS_VALIDATED || status == ORGA_CERT_STATUS_REJECTED;

  append_number (out, result->number);
  g_string_append_c (out, ';');
  append_string (out, result->first_name);
  g_string_append_c (out, ';');
  append_string (out, result->last_name);
  g_string_append_c (out, ';');
  append_day (out, result->birthdate);
  g_string_append_c (out, ';');
  append_string (out, result->birthplace);
  g_string_append_c (out, ';');
  append_string (out, result->external_id);
  g_string_append_c (out, ';');
  append_string (out, orga_cert_status_csv_label (status));
  g_string_append_c (out, ';');

  /* A rejected score is the string "0" (Pix's notCertifiedPixScore). */
  if (status == ORGA_CERT_STATUS_VALIDATED)
    append_number (out, MAX (result->pix_score, 0));
  else if (status == ORGA_CERT_STATUS_REJECTED)
    g_string_append (out, "\"0\"");
  else
    g_string_append (out, NONE_CELL);

  for (guint c = 0; c < ORGA_CERT_N_COMPETENCES; c++)
    {
      g_string_append_c (out, ';');
      if (!scored || !result->tested[c])
        g_string_append (out, NONE_CELL);
      else if (status == ORGA_CERT_STATUS_REJECTED || result->levels[c] <= 0)
        g_string_append_c (out, '0');
      else
        append_number (out, result->levels[c]);
    }

  g_string_append_c (out, ';');
  append_string (out, result->jury_comment);
  g_string_append_c (out, ';');
  append_number (out, result->session_number);
  g_string_append_c (out, ';');
  append_day (out, result->session_date);
}

GBytes *
orga_cert_results_csv (const OrgaCertResult *results,
                       guint                 n_results)
{
  /* A row is about 200 bytes: one allocation for a class. */
  GString *out = g_string_sized_new (512 + (gsize) n_results * 256);

  g_return_val_if_fail (results != NULL || n_results == 0, NULL);

  g_string_append (out, BOM);
  append_header (out);
  for (guint i = 0; i < n_results; i++)
    {
      g_string_append_c (out, '\n');
      append_row (out, &results[i]);
    }

  return g_string_free_to_bytes (out);
}

/* ---- file names -------------------------------------------------------- */

/* "YYYYMMDD_<kind>_<division>.<extension>", the division cleaned by the
 * campaign export's rule; the date in front keeps "." or ".." from being
 * a path. */
static char *
division_file_name (const char *kind,
                    const char *division,
                    GDateTime  *date,
                    const char *extension)
{
  g_autoptr(GDateTime) now = NULL;
  g_autofree char *stamp = NULL;
  g_autofree char *trimmed = g_strstrip (g_strdup (division != NULL ? division : ""));
  GString *name;

  if (date == NULL)
    date = now = g_date_time_new_now (orga_format_paris_time_zone ());
  stamp = g_date_time_format (date, "%Y%m%d");

  name = g_string_new (stamp);
  g_string_append_printf (name, "_%s_", kind);
  orga_export_append_file_name_part (name, trimmed);
  g_string_append_printf (name, ".%s", extension);

  return g_string_free (name, FALSE);
}

char *
orga_cert_results_file_name (const char *division,
                             GDateTime  *date)
{
  return division_file_name ("resultats", division, date, "csv");
}

char *
orga_cert_attestations_file_name (const char *division,
                                  GDateTime  *date)
{
  return division_file_name ("attestations", division, date, "pdf");
}

/* ---- the livret scolaire ----------------------------------------------- */

static void
write_certification (OrgaJsonWriter       *writer,
                     const OrgaCertResult *result)
{
  /* Score and competences only once published and validated (spec §4). */
  gboolean shown = result->published && result->status == ORGA_CERT_STATUS_VALIDATED;
  const char *status;

  if (!result->published)
    status = "pending";
  else if (result->status == ORGA_CERT_STATUS_VALIDATED)
    status = "validated";
  else
    status = "rejected";

  orga_json_writer_begin_object (writer);
  orga_json_writer_add_int (writer, "id", result->number);
  orga_json_writer_add_string (writer, "firstName", result->first_name);
  orga_json_writer_add_string (writer, "middleName", result->middle_name);
  orga_json_writer_add_string (writer, "thirdName", result->third_name);
  orga_json_writer_add_string (writer, "lastName", result->last_name);
  orga_json_writer_add_string (writer, "birthdate", result->birthdate);
  orga_json_writer_add_string (writer, "nationalStudentId", result->ine);
  orga_json_writer_add_string (writer, "status", status);
  orga_json_writer_add_int (writer, "pixScore", shown ? MAX (result->pix_score, 0) : 0);
  orga_json_writer_add_string (writer, "verificationCode", result->verification_code);
  orga_json_writer_add_string (writer, "date", result->started_at);
  orga_json_writer_add_string (writer, "deliveredAt", result->published_at);
  orga_json_writer_add_string (writer, "certificationCenter", result->certification_center);
  orga_json_writer_member (writer, "competenceResults");
  orga_json_writer_begin_array (writer);
  /* The framework's order is the codes' order. */
  for (guint c = 0; shown && c < ORGA_CERT_N_COMPETENCES; c++)
    {
      if (!result->tested[c])
        continue;
      orga_json_writer_begin_object (writer);
      orga_json_writer_add_string (writer, "competenceId", orga_cert_competence_code (c));
      orga_json_writer_add_int (writer, "level", result->levels[c]);
      orga_json_writer_end_object (writer);
    }
  orga_json_writer_end_array (writer);
  orga_json_writer_end_object (writer);
}

static void
write_referential (OrgaJsonWriter *writer)
{
  for (guint a = 0; a < ORGA_FRAMEWORK_N_AREAS; a++)
    {
      orga_json_writer_begin_object (writer);
      orga_json_writer_add_string (writer, "type", "areas");
      orga_json_writer_add_string (writer, "id", orga_cert_area_code (a));
      orga_json_writer_member (writer, "attributes");
      orga_json_writer_begin_object (writer);
      orga_json_writer_add_string (writer, "name", orga_cert_area_name (a));
      orga_json_writer_end_object (writer);
      orga_json_writer_end_object (writer);
    }

  for (guint c = 0; c < ORGA_CERT_N_COMPETENCES; c++)
    {
      orga_json_writer_begin_object (writer);
      orga_json_writer_add_string (writer, "type", "competences");
      orga_json_writer_add_string (writer, "id", orga_cert_competence_code (c));
      orga_json_writer_member (writer, "attributes");
      orga_json_writer_begin_object (writer);
      orga_json_writer_add_string (writer, "name", orga_cert_competence_name (c));
      orga_json_writer_end_object (writer);
      orga_json_writer_member (writer, "relationships");
      orga_json_writer_begin_object (writer);
      orga_json_writer_member (writer, "area");
      orga_json_writer_begin_object (writer);
      orga_json_writer_member (writer, "data");
      orga_json_writer_begin_object (writer);
      orga_json_writer_add_string (writer, "type", "areas");
      orga_json_writer_add_string (writer, "id", orga_cert_area_code (orga_cert_competence_area (c)));
      orga_json_writer_end_object (writer);
      orga_json_writer_end_object (writer);
      orga_json_writer_end_object (writer);
      orga_json_writer_end_object (writer);
    }
}

char *
orga_cert_lsu_json (const char           *uai,
                    const OrgaCertResult *results,
                    guint                 n_results)
{
  GString *out = g_string_sized_new (4096 + (gsize) n_results * 512);
  OrgaJsonWriter writer;

  g_return_val_if_fail (results != NULL || n_results == 0, NULL);

  orga_json_writer_init (&writer, out);
  orga_json_writer_begin_object (&writer);

  orga_json_writer_member (&writer, "data");
  orga_json_writer_begin_object (&writer);
  orga_json_writer_add_string (&writer, "type", "certificationsResults");
  orga_json_writer_add_string (&writer, "id", uai != NULL ? uai : "");
  orga_json_writer_member (&writer, "attributes");
  orga_json_writer_begin_object (&writer);
  orga_json_writer_member (&writer, "certifications");
  orga_json_writer_begin_array (&writer);
  for (guint i = 0; i < n_results; i++)
    write_certification (&writer, &results[i]);
  orga_json_writer_end_array (&writer);
  orga_json_writer_end_object (&writer);

  orga_json_writer_member (&writer, "relationships");
  orga_json_writer_begin_object (&writer);
  orga_json_writer_member (&writer, "competences");
  orga_json_writer_begin_object (&writer);
  orga_json_writer_member (&writer, "data");
  orga_json_writer_begin_array (&writer);
  for (guint c = 0; c < ORGA_CERT_N_COMPETENCES; c++)
    {
      orga_json_writer_begin_object (&writer);
      orga_json_writer_add_string (&writer, "id", orga_cert_competence_code (c));
      orga_json_writer_add_string (&writer, "type", "competences");
      orga_json_writer_end_object (&writer);
    }
  orga_json_writer_end_array (&writer);
  orga_json_writer_end_object (&writer);
  orga_json_writer_end_object (&writer);
  orga_json_writer_end_object (&writer);

  orga_json_writer_member (&writer, "included");
  orga_json_writer_begin_array (&writer);
  write_referential (&writer);
  orga_json_writer_end_array (&writer);

  orga_json_writer_end_object (&writer);
  return g_string_free (out, FALSE);
}
