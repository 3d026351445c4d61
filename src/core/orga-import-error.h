/* orga-import-error.h: one problem found in a student-list file
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

/* Pix's error codes (spec/import-formats.md), plus the few this project adds
 * (INVALID_FILE_FORMAT). The string form is the Pix code verbatim. */
typedef enum
{
  /* whole-file problems */
  ORGA_IMPORT_CODE_INVALID_FILE,
  ORGA_IMPORT_CODE_INVALID_FILE_FORMAT,
  ORGA_IMPORT_CODE_ENCODING_NOT_SUPPORTED,
  ORGA_IMPORT_CODE_UAI_MISMATCHED,
  ORGA_IMPORT_CODE_EMPTY,
  ORGA_IMPORT_CODE_BAD_CSV_FORMAT,
  ORGA_IMPORT_CODE_HEADER_REQUIRED,
  ORGA_IMPORT_CODE_HEADER_UNKNOWN,
  /* SIECLE XML, per student */
  ORGA_IMPORT_CODE_BIRTH_CITY_CODE_REQUIRED_FOR_FR_STUDENT,
  ORGA_IMPORT_CODE_SEX_CODE_REQUIRED,
  ORGA_IMPORT_CODE_BIRTHDATE_REQUIRED,
  ORGA_IMPORT_CODE_INVALID_BIRTHDATE_FORMAT,
  ORGA_IMPORT_CODE_INE_REQUIRED,
  ORGA_IMPORT_CODE_INE_UNIQUE,
  ORGA_IMPORT_CODE_LAST_NAME_REQUIRED,
  ORGA_IMPORT_CODE_FIRST_NAME_REQUIRED,
  ORGA_IMPORT_CODE_INVALID_CHAR_DETECTED,
  /* Fregata CSV, per row */
  ORGA_IMPORT_CODE_FIELD_REQUIRED,
  ORGA_IMPORT_CODE_FIELD_MAX_LENGTH,
  ORGA_IMPORT_CODE_FIELD_MIN_LENGTH,
  ORGA_IMPORT_CODE_FIELD_LENGTH,
  ORGA_IMPORT_CODE_INSEE_CODE_INVALID,
  ORGA_IMPORT_CODE_FIELD_DATE_FORMAT,
  ORGA_IMPORT_CODE_FIELD_BAD_VALUES,
  ORGA_IMPORT_CODE_IDENTIFIER_UNIQUE,
} OrgaImportCode;

const char *orga_import_code_to_string (OrgaImportCode code);

typedef struct
{
  OrgaImportCode code;
  guint          line;     /* 1-based; 0 when the problem concerns the whole file */
  char          *field;    /* SIECLE element name or CSV header text; NULL if none */
  char          *ine;      /* the student's INE when known, else NULL */
  char          *message;  /* a complete sentence for a head teacher, line included */
} OrgaImportError;

#define ORGA_TYPE_IMPORT_ERROR (orga_import_error_get_type ())

GType            orga_import_error_get_type (void) G_GNUC_CONST;
OrgaImportError *orga_import_error_new      (OrgaImportCode         code,
                                             guint                  line,
                                             const char            *field,
                                             const char            *ine,
                                             const char            *message);
OrgaImportError *orga_import_error_copy     (const OrgaImportError *self);
void             orga_import_error_free     (OrgaImportError       *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (OrgaImportError, orga_import_error_free)

G_END_DECLS
