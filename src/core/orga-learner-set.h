/* orga-learner-set.h: the students read from one file, before they reach the store
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

#include "orga-import-error.h"

G_BEGIN_DECLS

typedef enum
{
  ORGA_IMPORT_FORMAT_UNKNOWN,
  ORGA_IMPORT_FORMAT_SIECLE_XML,
  ORGA_IMPORT_FORMAT_SIECLE_ZIP,
  ORGA_IMPORT_FORMAT_FREGATA_CSV,
} OrgaImportFormat;

const char *orga_import_format_to_string (OrgaImportFormat format);

typedef enum
{
  ORGA_IGNORE_NONE,
  ORGA_IGNORE_LEFT_SCHOOL,   /* SIECLE DATE_SORTIE present */
  ORGA_IGNORE_NO_INE,        /* SIECLE ID_NATIONAL element absent */
  ORGA_IGNORE_NO_DIVISION,   /* no class, only groups, or "Inactifs" */
} OrgaIgnoreReason;

/* Strings belong to the set (they live in its string chunk); NULL means the
 * value is absent, "" that it was present but empty, as Pix distinguishes. */
typedef struct
{
  const char      *ine;
  const char      *last_name;
  const char      *preferred_last_name;
  const char      *first_name;
  const char      *middle_name;
  const char      *third_name;
  const char      *sex;                  /* "M", "F" or NULL once validated */
  const char      *birthdate;            /* "YYYY-MM-DD" once validated */
  const char      *birth_country_code;   /* INSEE code without the 99 prefix: "100" */
  const char      *birth_province_code;
  const char      *birth_city_code;
  const char      *birth_city;
  const char      *mef_code;
  const char      *status;
  const char      *division;
  guint            line;                 /* where the student starts in the file */
  OrgaIgnoreReason ignored;
} OrgaLearnerFields;

#define ORGA_TYPE_LEARNER_SET (orga_learner_set_get_type ())

G_DECLARE_FINAL_TYPE (OrgaLearnerSet, orga_learner_set, ORGA, LEARNER_SET, GObject)

OrgaLearnerSet    *orga_learner_set_new              (void);
const char        *orga_learner_set_intern           (OrgaLearnerSet   *self,
                                                      const char       *text,
                                                      gssize            len);
guint              orga_learner_set_append           (OrgaLearnerSet   *self);
void               orga_learner_set_truncate         (OrgaLearnerSet   *self,
                                                      guint             size);
OrgaLearnerFields *orga_learner_set_peek             (OrgaLearnerSet   *self,
                                                      guint             index);
const OrgaLearnerFields *
                   orga_learner_set_get              (OrgaLearnerSet   *self,
                                                      guint             index);
guint              orga_learner_set_get_size         (OrgaLearnerSet   *self);
guint              orga_learner_set_count_kept       (OrgaLearnerSet   *self);
guint              orga_learner_set_count_ignored    (OrgaLearnerSet   *self);
gboolean           orga_learner_set_contains_ine     (OrgaLearnerSet   *self,
                                                      const char       *ine);

void               orga_learner_set_add_error        (OrgaLearnerSet   *self,
                                                      OrgaImportCode    code,
                                                      guint             line,
                                                      const char       *field,
                                                      const char       *ine,
                                                      const char       *format,
                                                      ...) G_GNUC_PRINTF (6, 7);
void               orga_learner_set_clear_errors     (OrgaLearnerSet   *self);
GPtrArray         *orga_learner_set_get_errors       (OrgaLearnerSet   *self);
guint              orga_learner_set_count_errors     (OrgaLearnerSet   *self);
gboolean           orga_learner_set_has_errors       (OrgaLearnerSet   *self);

OrgaImportFormat   orga_learner_set_get_format       (OrgaLearnerSet   *self);
void               orga_learner_set_set_format       (OrgaLearnerSet   *self,
                                                      OrgaImportFormat  format);
const char        *orga_learner_set_get_encoding     (OrgaLearnerSet   *self);
void               orga_learner_set_set_encoding     (OrgaLearnerSet   *self,
                                                      const char       *encoding);

G_END_DECLS
