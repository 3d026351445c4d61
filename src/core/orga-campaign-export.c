/* orga-campaign-export.c: "Exporter les résultats (.csv)", as Pix Orga
 *
 * The bytes follow Pix's serializer (api/src/shared/infrastructure/
 * serializers/csv/csv-serializer.js) and its two result-line builders, so
 * that a file from PixOrga opens in a spreadsheet, or in a script written
 * for Pix's export, exactly as Pix's own file does:
 *   - a BOM, ";" between values, "\n" after every line, header included;
 *   - numbers are JavaScript's Number#toString with the first "." turned
 *     into ",": 0.75 → 0,75, 1 → 1;
 *   - strings are quoted with inner quotes doubled, an apostrophe goes
 *     before a leading - @ = + (formula injection), and a string made only
 *     of digits and "-" is written bare;
 *   - the header row goes through the same rule: every Pix label is a
 *     string, hence quoted.
 *
 * Lines are built one at a time into a 64 KiB buffer that is written to the
 * stream whenever it fills: 100,000 lines never sit in memory together.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "orga-export"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>   /* isnan, isinf, isfinite, fabs: no libm needed */
#include <stdlib.h>
#include <string.h>

#include "orga-campaign-export.h"
#include "orga-format.h"
#include "orga-format-private.h"
#include "orga-framework.h"

#define NOT_AVAILABLE  "NA"
#define YES            "Oui"
#define NO             "Non"
#define FLUSH_SIZE     (64 * 1024)
#define CANCEL_EVERY   1000

/* ---- values ------------------------------------------------------------ */

void
orga_csv_append_string (GString    *line,
                        const char *value)
{
  const char *c;

  g_return_if_fail (line != NULL);

  /* Pix writes a missing value (an external id never given) as "". */
  if (value == NULL)
    value = "";

  /* /^[0-9-]+$/: dates of the old exports, numeric class names and ids
   * stay bare so that a spreadsheet reads them as before. */
  for (c = value; *c != '\0' && (g_ascii_isdigit (*c) || *c == '-'); c++)
    ;
  if (*c == '\0' && c != value)
    {
      g_string_append (line, value);
      return;
    }

  g_string_append_c (line, '"');
  /* (strchr would also find the terminator of "") */
  if (value[0] != '\0' && strchr ("-@=+", value[0]) != NULL)
    g_string_append_c (line, '\'');
  for (c = value; *c != '\0'; c++)
    {
      if (*c == '"')
        g_string_append_c (line, '"');
      g_string_append_c (line, *c);
    }
  g_string_append_c (line, '"');
}

/* Number::toString(10) of ECMAScript for a finite @value, with the decimal
 * comma. */
static void
append_js_number (GString *line,
                  double   value)
{
  char digits[24];
  int k, n;

  if (isnan (value))
    {
      g_string_append (line, "NaN");
      return;
    }
  if (value == 0.0)
    {
      /* -0 too */
      g_string_append_c (line, '0');
      return;
    }
  if (value < 0)
    {
      g_string_append_c (line, '-');
      value = -value;
    }
  if (isinf (value))
    {
      g_string_append (line, "Infinity");
      return;
    }

  /* Counts and pix: the common case, without the digit search. */
  if (value < 1e15 && value == _orga_format_floor (value))
    {
      _orga_format_append_unsigned (line, (guint64) value, 1);
      return;
    }

  k = orga_format_shortest_digits (value, digits, &n);

  if (k <= n && n <= 21)
    {
      g_string_append (line, digits);
      for (int i = k; i < n; i++)
        g_string_append_c (line, '0');
    }
  else if (0 < n && n <= 21)
    {
      g_string_append_len (line, digits, n);
      g_string_append_c (line, ',');
      g_string_append (line, digits + n);
    }
  else if (-6 < n && n <= 0)
    {
      g_string_append (line, "0,");
      for (int i = n; i < 0; i++)
        g_string_append_c (line, '0');
      g_string_append (line, digits);
    }
  else
    {
      g_string_append_c (line, digits[0]);
      if (k > 1)
        {
          g_string_append_c (line, ',');
          g_string_append (line, digits + 1);
        }
      g_string_append_printf (line, "e%c%d", n - 1 >= 0 ? '+' : '-', abs (n - 1));
    }
}

void
orga_csv_append_number (GString *line,
                        double   value,
                        int      decimals)
{
  double units;

  g_return_if_fail (line != NULL);

  if (decimals < 0 || !isfinite (value))
    {
      append_js_number (line, value);
      return;
    }

  /* Pix's rounding is the one rule of orga-format.c (lodash's _.round). */
  units = orga_format_round_scaled (value, decimals);

  /* units × 10^-decimals has at most 15 significant digits here, so its
   * shortest text is its decimal text without trailing zeros. */
  if (decimals <= 6 && fabs (units) < 1e15)
    {
      guint64 n;
      guint64 scale = (guint64) _orga_format_power_of_ten (decimals);

      if (units == 0)
        {
          g_string_append_c (line, '0');
          return;
        }
      if (units < 0)
        {
          g_string_append_c (line, '-');
          units = -units;
        }

      n = (guint64) units;
      _orga_format_append_unsigned (line, n / scale, 1);
      n %= scale;
      /* The fraction without its trailing zeros. */
      while (decimals > 0 && n % 10 == 0)
        {
          n /= 10;
          decimals--;
        }
      if (decimals > 0)
        {
          g_string_append_c (line, ',');
          _orga_format_append_unsigned (line, n, decimals);
        }
      return;
    }

  append_js_number (line, units / _orga_format_power_of_ten (decimals));
}

static void
append_separator (GString *line)
{
  g_string_append_c (line, ';');
}

static void
append_field (GString    *line,
              const char *value)
{
  append_separator (line);
  orga_csv_append_string (line, value);
}

static void
append_number_field (GString *line,
                     double   value,
                     int      decimals)
{
  append_separator (line);
  orga_csv_append_number (line, value, decimals);
}

static void
append_na (GString *line,
           guint    n)
{
  for (guint i = 0; i < n; i++)
    g_string_append (line, ";\"" NOT_AVAILABLE "\"");
}

/* ---- dates ------------------------------------------------------------- */

/* "DD/MM/YYYY HH:mm" in Europe/Paris, as dayjs formats it. */
static void
append_date_field (GString   *line,
                   GTimeZone *tz,
                   gint64     unix_time)
{
  g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (unix_time);
  g_autoptr(GDateTime) local = NULL;

  if (utc == NULL)
    {
      append_na (line, 1);
      return;
    }

  /* Always quoted by the string rule: it has "/", ":" and a space. */
  local = g_date_time_to_timezone (utc, tz);
  g_string_append (line, ";\"");
  orga_format_append_date_time (line, local);
  g_string_append_c (line, '"');
}

/* ---- file name --------------------------------------------------------- */

void
orga_export_append_file_name_part (GString    *name,
                                   const char *text)
{
  g_return_if_fail (name != NULL);

  /* What Windows, macOS or Linux refuse in a file name, or a spreadsheet
   * in a sheet name, becomes "_"; accents stay. */
  for (const char *c = text; c != NULL && *c != '\0'; c++)
    {
      if ((guchar) *c < 0x20 || *c == 0x7f || strchr ("/\\:*?\"<>|[]", *c) != NULL)
        g_string_append_c (name, '_');
      else
        g_string_append_c (name, *c);
    }
}

char *
orga_campaign_export_file_name (OrgaCampaign         *campaign,
                                OrgaParticipationSet *participations,
                                GDateTime            *now)
{
  GTimeZone *tz;
  g_autoptr(GDateTime) local = NULL;
  g_autofree char *stamp = NULL;
  GString *name;

  g_return_val_if_fail (ORGA_IS_CAMPAIGN (campaign), NULL);
  g_return_val_if_fail (ORGA_IS_PARTICIPATION_SET (participations), NULL);
  g_return_val_if_fail (now != NULL, NULL);

  tz = orga_format_paris_time_zone ();
  local = g_date_time_to_timezone (now, tz);
  stamp = g_date_time_format (local, "%Y-%m-%d-%H%M");

  /* In front, where nobody misses it, and French whatever the locale as
   * Pix's part; a script that looks for "Resultats-*" leaves it alone. */
  name = g_string_new (orga_participation_set_has_demo (participations) ? "DEMONSTRATION-Resultats-" : "Resultats-");
  orga_export_append_file_name_part (name, orga_campaign_get_name (campaign));
  g_string_append_printf (name, "-%" G_GINT64_FORMAT "-%s.csv",
                          orga_campaign_get_id (campaign), stamp);

  return g_string_free (name, FALSE);
}

/* ---- the export -------------------------------------------------------- */

typedef struct
{
  OrgaOrganization        *organization;
  OrgaCampaign            *campaign;
  const OrgaTargetProfile *profile;
  OrgaParticipationSet    *participations;
  GOutputStream           *out;
  GCancellable            *cancellable;
  GTimeZone               *tz;
  GString                 *buffer;
  gboolean                 has_external_id;

  /* Assessments: for each tube of the profile its competence and
   * targeted skills; the competences and areas the profile targets, in
   * framework order, with their targeted skill counts. */
  guint8                  *tube_competence;
  guint8                  *tube_mask;
  guint                    targeted[ORGA_FRAMEWORK_N_COMPETENCES];
  guint                    area_targeted[ORGA_FRAMEWORK_N_AREAS];
} Export;

static gboolean
flush_buffer (Export   *self,
              gboolean  force,
              GError  **error)
{
  if (self->buffer->len == 0 || (!force && self->buffer->len < FLUSH_SIZE))
    return TRUE;

  if (!g_output_stream_write_all (self->out, self->buffer->str, self->buffer->len,
                                  NULL, self->cancellable, error))
    return FALSE;

  g_string_truncate (self->buffer, 0);
  return TRUE;
}

static void
append_common_start (Export                  *self,
                     GString                 *line,
                     const OrgaParticipation *p)
{
  orga_csv_append_string (line, orga_organization_get_name (self->organization));
  append_number_field (line, (double) orga_campaign_get_id (self->campaign), -1);
  append_field (line, orga_campaign_get_code (self->campaign));
  append_field (line, orga_campaign_get_name (self->campaign));
  if (self->profile != NULL)
    append_field (line, self->profile->name);
  append_field (line, p->last_name);
  append_field (line, p->first_name);
  append_field (line, p->division);
  if (self->has_external_id)
    append_field (line, p->external_id);
}

static void
append_header_start (Export  *self,
                     GString *line)
{
  orga_csv_append_string (line, "Nom de l'organisation");
  append_field (line, "ID Campagne");
  append_field (line, "Code");
  append_field (line, "Nom de la campagne");
  if (self->profile != NULL)
    append_field (line, "Parcours");
  append_field (line, "Nom du Participant");
  append_field (line, "Prénom du Participant");
  /* PixOrga's schools are SCO schools managing their students. */
  append_field (line, "Classe");
  if (self->has_external_id)
    append_field (line, orga_campaign_get_external_id_label (self->campaign));
}

static void
append_assessment_header (Export  *self,
                          GString *line)
{
  const OrgaTargetProfile *profile = self->profile;

  append_header_start (self, line);
  append_field (line, "% de progression");
  append_field (line, "Date et heure de début (Europe/Paris)");
  append_field (line, "Partage (O/N)");
  append_field (line, "Date et heure du partage (Europe/Paris)");
  if (profile->n_stages > 0)
    {
      g_autofree char *stage = g_strdup_printf ("Palier obtenu (/%u)", profile->n_stages - 1);
      append_field (line, stage);
    }
  append_field (line, "% maitrise de l'ensemble des acquis du profil");

  for (guint c = 0; c < ORGA_FRAMEWORK_N_COMPETENCES; c++)
    {
      const char *name = orga_framework_get_competence (c)->name;
      g_autofree char *rate = NULL;
      g_autofree char *targeted = NULL;
      g_autofree char *validated = NULL;

      if (self->targeted[c] == 0)
        continue;

      rate = g_strconcat ("% de maitrise des acquis de la compétence ", name, NULL);
      targeted = g_strconcat ("Nombre d'acquis du profil cible dans la compétence ", name, NULL);
      validated = g_strconcat ("Acquis maitrisés dans la compétence ", name, NULL);
      append_field (line, rate);
      append_field (line, targeted);
      append_field (line, validated);
    }

  for (guint a = 0; a < ORGA_FRAMEWORK_N_AREAS; a++)
    {
      const char *title = orga_framework_get_area (a)->title;
      g_autofree char *rate = NULL;
      g_autofree char *targeted = NULL;
      g_autofree char *validated = NULL;

      if (self->area_targeted[a] == 0)
        continue;

      rate = g_strconcat ("% de maitrise des acquis du domaine ", title, NULL);
      targeted = g_strconcat ("Nombre d'acquis du profil cible du domaine ", title, NULL);
      validated = g_strconcat ("Acquis maitrisés du domaine ", title, NULL);
      append_field (line, rate);
      append_field (line, targeted);
      append_field (line, validated);
    }

  g_string_append_c (line, '\n');
}

/* round(validated / targeted, 2); targeted; validated */
static void
append_stats (GString *line,
              guint    validated,
              guint    targeted)
{
  append_number_field (line, (double) validated / targeted, 2);
  append_separator (line);
  _orga_format_append_unsigned (line, targeted, 1);
  append_separator (line);
  _orga_format_append_unsigned (line, validated, 1);
}

static void
append_assessment_line (Export                  *self,
                        GString                 *line,
                        const OrgaParticipation *p)
{
  const OrgaTargetProfile *profile = self->profile;
  gboolean shared = p->status == ORGA_PARTICIPATION_SHARED;
  guint validated[ORGA_FRAMEWORK_N_COMPETENCES] = { 0 };
  guint area_validated[ORGA_FRAMEWORK_N_AREAS] = { 0 };
  guint n_competences = 0;
  guint n_areas = 0;

  append_common_start (self, line, p);

  /* Pix: 1 once the assessment is completed, else round(assessed /
   * targeted, 3). */
  append_number_field (line, p->status == ORGA_PARTICIPATION_STARTED ? p->progression : 1.0, 3);
  append_date_field (line, self->tz, p->created_at);
  append_field (line, shared ? YES : NO);
  if (shared)
    append_date_field (line, self->tz, p->shared_at);
  else
    append_na (line, 1);

  if (profile->n_stages > 0)
    {
      if (shared)
        append_number_field (line, orga_target_profile_reached_stage (profile, p->mastery_rate,
                                                                     p->validated_skills), -1);
      else
        append_na (line, 1);
    }

  for (guint c = 0; c < ORGA_FRAMEWORK_N_COMPETENCES; c++)
    n_competences += self->targeted[c] > 0;
  for (guint a = 0; a < ORGA_FRAMEWORK_N_AREAS; a++)
    n_areas += self->area_targeted[a] > 0;

  if (!shared)
    {
      append_na (line, 1 + 3 * (n_competences + n_areas));
      g_string_append_c (line, '\n');
      return;
    }

  /* Pix stores the rate in a numeric(3,2) column: 2 decimals, half away
   * from zero, which for a rate ≥ 0 is lodash's rounding too. */
  append_number_field (line, p->mastery_rate, 2);

  for (guint i = 0; i < profile->n_tubes; i++)
    validated[self->tube_competence[i]] += (guint) __builtin_popcount (p->results[i] & self->tube_mask[i]);

  for (guint c = 0; c < ORGA_FRAMEWORK_N_COMPETENCES; c++)
    {
      if (self->targeted[c] == 0)
        continue;
      append_stats (line, validated[c], self->targeted[c]);
      area_validated[orga_framework_get_competence (c)->area] += validated[c];
    }

  for (guint a = 0; a < ORGA_FRAMEWORK_N_AREAS; a++)
    if (self->area_targeted[a] > 0)
      append_stats (line, area_validated[a], self->area_targeted[a]);

  g_string_append_c (line, '\n');
}

static void
append_profiles_header (Export  *self,
                        GString *line)
{
  append_header_start (self, line);
  append_field (line, "Envoi (O/N)");
  append_field (line, "Date et heure de l'envoi (Europe/Paris)");
  append_field (line, "Nombre de pix total");
  append_field (line, "Certifiable (O/N)");
  append_field (line, "Nombre de compétences certifiables");

  for (guint c = 0; c < ORGA_FRAMEWORK_N_COMPETENCES; c++)
    {
      const char *name = orga_framework_get_competence (c)->name;
      g_autofree char *level = g_strconcat ("Niveau pour la compétence ", name, NULL);
      g_autofree char *pix = g_strconcat ("Nombre de pix pour la compétence ", name, NULL);

      append_field (line, level);
      append_field (line, pix);
    }

  g_string_append_c (line, '\n');
}

static void
append_profiles_line (Export                  *self,
                      GString                 *line,
                      const OrgaParticipation *p)
{
  guint certifiable = 0;

  append_common_start (self, line, p);

  if (p->status != ORGA_PARTICIPATION_SHARED)
    {
      append_field (line, NO);
      append_na (line, 4 + 2 * ORGA_FRAMEWORK_N_COMPETENCES);
      g_string_append_c (line, '\n');
      return;
    }

  /* As Pix, the certifiability written is the placement profile's (≥ 5
   * competences at level 1 or more), computed from the pix of the
   * snapshot, not a stored flag. */
  for (guint c = 0; c < ORGA_FRAMEWORK_N_COMPETENCES; c++)
    certifiable += orga_framework_level_for_pix (p->results[c]) >= 1;

  append_field (line, YES);
  append_date_field (line, self->tz, p->shared_at);
  append_separator (line);
  _orga_format_append_unsigned (line, p->pix_score, 1);
  append_field (line, certifiable >= ORGA_CERTIFIABLE_MIN_COMPETENCES ? YES : NO);
  append_separator (line);
  _orga_format_append_unsigned (line, certifiable, 1);

  for (guint c = 0; c < ORGA_FRAMEWORK_N_COMPETENCES; c++)
    {
      append_separator (line);
      _orga_format_append_unsigned (line, orga_framework_level_for_pix (p->results[c]), 1);
      append_separator (line);
      _orga_format_append_unsigned (line, orga_framework_cap_pix (p->results[c]), 1);
    }

  g_string_append_c (line, '\n');
}

gboolean
orga_campaign_export_csv_with_profile (OrgaOrganization         *organization,
                                       OrgaCampaign             *campaign,
                                       const OrgaTargetProfile  *profile,
                                       OrgaParticipationSet     *participations,
                                       GOutputStream            *out,
                                       GCancellable             *cancellable,
                                       GError                  **error)
{
  GTimeZone *tz;
  g_autoptr(GString) buffer = NULL;
  g_autofree guint8 *tube_competence = NULL;
  g_autofree guint8 *tube_mask = NULL;
  const char *label;
  gboolean assessment;
  guint n;
  Export self = { 0 };

  g_return_val_if_fail (ORGA_IS_ORGANIZATION (organization), FALSE);
  g_return_val_if_fail (ORGA_IS_CAMPAIGN (campaign), FALSE);
  g_return_val_if_fail (ORGA_IS_PARTICIPATION_SET (participations), FALSE);
  g_return_val_if_fail (G_IS_OUTPUT_STREAM (out), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  assessment = orga_campaign_get_campaign_type (campaign) == ORGA_CAMPAIGN_TYPE_ASSESSMENT;

  if (assessment && profile == NULL)
    {
      g_set_error (error, ORGA_CAMPAIGN_ERROR, ORGA_CAMPAIGN_ERROR_PROFILE_UNKNOWN,
                   _("The target profile “%s” of this campaign is not in the catalogue."),
                   orga_campaign_get_target_profile_id (campaign) ? orga_campaign_get_target_profile_id (campaign) : "");
      return FALSE;
    }
  if (!assessment)
    profile = NULL;

  /* The results of a participation are read by position: a set loaded for
   * another profile or campaign type must not be read past its end. */
  if (orga_participation_set_get_results_size (participations) !=
      (assessment ? profile->n_tubes : ORGA_FRAMEWORK_N_COMPETENCES))
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                           _("The results of this campaign do not match its target profile."));
      return FALSE;
    }

  label = orga_campaign_get_external_id_label (campaign);
  tz = orga_format_paris_time_zone ();
  buffer = g_string_sized_new (FLUSH_SIZE + 4096);

  self.organization = organization;
  self.campaign = campaign;
  self.profile = profile;
  self.participations = participations;
  self.out = out;
  self.cancellable = cancellable;
  self.tz = tz;
  self.buffer = buffer;
  self.has_external_id = label != NULL && *label != '\0';

  if (assessment)
    {
      tube_competence = g_new0 (guint8, MAX (profile->n_tubes, 1));
      tube_mask = g_new0 (guint8, MAX (profile->n_tubes, 1));

      for (guint i = 0; i < profile->n_tubes; i++)
        {
          const OrgaTube *tube = orga_framework_get_tube (profile->tubes[i].tube);

          g_assert (tube != NULL && tube->competence < ORGA_FRAMEWORK_N_COMPETENCES);
          tube_competence[i] = (guint8) tube->competence;
          tube_mask[i] = orga_target_profile_tube_skills (profile, i);
          self.targeted[tube->competence] += (guint) __builtin_popcount (tube_mask[i]);
        }
      for (guint c = 0; c < ORGA_FRAMEWORK_N_COMPETENCES; c++)
        self.area_targeted[orga_framework_get_competence (c)->area] += self.targeted[c];

      self.tube_competence = tube_competence;
      self.tube_mask = tube_mask;
    }

  /* The UTF-8 BOM, so that a spreadsheet reads the accents right. */
  g_string_append (buffer, "\xEF\xBB\xBF");
  if (assessment)
    append_assessment_header (&self, buffer);
  else
    append_profiles_header (&self, buffer);

  n = orga_participation_set_get_n (participations);
  for (guint i = 0; i < n; i++)
    {
      const OrgaParticipation *p = orga_participation_set_get (participations, i);

      if (i % CANCEL_EVERY == 0 && g_cancellable_set_error_if_cancelled (cancellable, error))
        return FALSE;

      if (assessment)
        append_assessment_line (&self, buffer, p);
      else
        append_profiles_line (&self, buffer, p);

      if (!flush_buffer (&self, FALSE, error))
        return FALSE;
    }

  if (!flush_buffer (&self, TRUE, error))
    return FALSE;

  return g_output_stream_flush (out, cancellable, error);
}

gboolean
orga_campaign_export_csv (OrgaOrganization      *organization,
                          OrgaCampaign          *campaign,
                          OrgaParticipationSet  *participations,
                          GOutputStream         *out,
                          GCancellable          *cancellable,
                          GError               **error)
{
  g_return_val_if_fail (ORGA_IS_CAMPAIGN (campaign), FALSE);

  return orga_campaign_export_csv_with_profile (organization, campaign,
                                                orga_campaign_get_target_profile (campaign),
                                                participations, out, cancellable, error);
}

/* ---- into a file ------------------------------------------------------- */

gboolean
orga_campaign_export_to_file (OrgaOrganization      *organization,
                              OrgaCampaign          *campaign,
                              OrgaParticipationSet  *participations,
                              GFile                 *file,
                              GCancellable          *cancellable,
                              GError               **error)
{
  g_autoptr(GFileOutputStream) out = NULL;
  g_autoptr(GCancellable) abandon = NULL;
  gboolean existed;

  g_return_val_if_fail (G_IS_FILE (file), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  /* GIO writes beside an existing file and renames at the end, but
   * straight into a new one. */
  existed = g_file_query_exists (file, NULL);
  out = g_file_replace (file, NULL, FALSE, G_FILE_CREATE_NONE, cancellable, error);
  if (out == NULL)
    return FALSE;

  if (orga_campaign_export_csv (organization, campaign, participations, G_OUTPUT_STREAM (out), cancellable, error) &&
      g_output_stream_close (G_OUTPUT_STREAM (out), cancellable, error))
    return TRUE;

  /* Closing with a cancelled cancellable drops the temporary file instead
   * of renaming it over the old one. */
  abandon = g_cancellable_new ();
  g_cancellable_cancel (abandon);
  g_output_stream_close (G_OUTPUT_STREAM (out), abandon, NULL);

  /* No half-written file where there was none. */
  if (!existed)
    g_file_delete (file, NULL, NULL);

  return FALSE;
}

typedef struct
{
  OrgaOrganization     *organization;
  OrgaCampaign         *campaign;
  OrgaParticipationSet *participations;
  GFile                *file;
} ExportTask;

static void
export_task_free (ExportTask *task)
{
  g_clear_object (&task->organization);
  g_clear_object (&task->campaign);
  g_clear_object (&task->participations);
  g_clear_object (&task->file);
  g_free (task);
}

static void
export_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  ExportTask *data = task_data;
  GError *error = NULL;

  if (orga_campaign_export_to_file (data->organization, data->campaign, data->participations,
                                    data->file, cancellable, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

void
orga_campaign_export_to_file_async (OrgaOrganization     *organization,
                                    OrgaCampaign         *campaign,
                                    OrgaParticipationSet *participations,
                                    GFile                *file,
                                    GCancellable         *cancellable,
                                    GAsyncReadyCallback   callback,
                                    gpointer              user_data)
{
  g_autoptr(GTask) task = NULL;
  ExportTask *data;

  g_return_if_fail (ORGA_IS_ORGANIZATION (organization));
  g_return_if_fail (ORGA_IS_CAMPAIGN (campaign));
  g_return_if_fail (ORGA_IS_PARTICIPATION_SET (participations));
  g_return_if_fail (G_IS_FILE (file));

  data = g_new0 (ExportTask, 1);
  data->organization = g_object_ref (organization);
  data->campaign = g_object_ref (campaign);
  data->participations = g_object_ref (participations);
  data->file = g_object_ref (file);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, orga_campaign_export_to_file_async);
  g_task_set_task_data (task, data, (GDestroyNotify) export_task_free);
  g_task_run_in_thread (task, export_thread);
}

gboolean
orga_campaign_export_to_file_finish (GAsyncResult  *result,
                                     GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == orga_campaign_export_to_file_async, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
