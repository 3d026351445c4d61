/* orga-import-error.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "orga-import-error.h"

G_DEFINE_BOXED_TYPE (OrgaImportError, orga_import_error,
                     orga_import_error_copy, orga_import_error_free)

static const char * const code_names[] = {
  [ORGA_IMPORT_CODE_INVALID_FILE] = "INVALID_FILE",
  [ORGA_IMPORT_CODE_INVALID_FILE_FORMAT] = "INVALID_FILE_FORMAT",
  [ORGA_IMPORT_CODE_ENCODING_NOT_SUPPORTED] = "ENCODING_NOT_SUPPORTED",
  [ORGA_IMPORT_CODE_UAI_MISMATCHED] = "UAI_MISMATCHED",
  [ORGA_IMPORT_CODE_EMPTY] = "EMPTY",
  [ORGA_IMPORT_CODE_BAD_CSV_FORMAT] = "BAD_CSV_FORMAT",
  [ORGA_IMPORT_CODE_HEADER_REQUIRED] = "HEADER_REQUIRED",
  [ORGA_IMPORT_CODE_HEADER_UNKNOWN] = "HEADER_UNKNOWN",
  [ORGA_IMPORT_CODE_BIRTH_CITY_CODE_REQUIRED_FOR_FR_STUDENT] = "BIRTH_CITY_CODE_REQUIRED_FOR_FR_STUDENT",
  [ORGA_IMPORT_CODE_SEX_CODE_REQUIRED] = "SEX_CODE_REQUIRED",
  [ORGA_IMPORT_CODE_BIRTHDATE_REQUIRED] = "BIRTHDATE_REQUIRED",
  [ORGA_IMPORT_CODE_INVALID_BIRTHDATE_FORMAT] = "INVALID_BIRTHDATE_FORMAT",
  [ORGA_IMPORT_CODE_INE_REQUIRED] = "INE_REQUIRED",
  [ORGA_IMPORT_CODE_INE_UNIQUE] = "INE_UNIQUE",
  [ORGA_IMPORT_CODE_LAST_NAME_REQUIRED] = "LAST_NAME_REQUIRED",
  [ORGA_IMPORT_CODE_FIRST_NAME_REQUIRED] = "FIRST_NAME_REQUIRED",
  [ORGA_IMPORT_CODE_INVALID_CHAR_DETECTED] = "INVALID_CHAR_DETECTED",
  [ORGA_IMPORT_CODE_FIELD_REQUIRED] = "FIELD_REQUIRED",
  [ORGA_IMPORT_CODE_FIELD_MAX_LENGTH] = "FIELD_MAX_LENGTH",
  [ORGA_IMPORT_CODE_FIELD_MIN_LENGTH] = "FIELD_MIN_LENGTH",
  [ORGA_IMPORT_CODE_FIELD_LENGTH] = "FIELD_LENGTH",
  [ORGA_IMPORT_CODE_INSEE_CODE_INVALID] = "INSEE_CODE_INVALID",
  [ORGA_IMPORT_CODE_FIELD_DATE_FORMAT] = "FIELD_DATE_FORMAT",
  [ORGA_IMPORT_CODE_FIELD_BAD_VALUES] = "FIELD_BAD_VALUES",
  [ORGA_IMPORT_CODE_IDENTIFIER_UNIQUE] = "IDENTIFIER_UNIQUE",
};

const char *
orga_import_code_to_string (OrgaImportCode code)
{
  g_return_val_if_fail (code < G_N_ELEMENTS (code_names), "INVALID_FILE");

  return code_names[code];
}

OrgaImportError *
orga_import_error_new (OrgaImportCode  code,
                       guint           line,
                       const char     *field,
                       const char     *ine,
                       const char     *message)
{
  OrgaImportError *self = g_new0 (OrgaImportError, 1);

  self->code = code;
  self->line = line;
  self->field = g_strdup (field);
  self->ine = g_strdup (ine);
  self->message = g_strdup (message);

  return self;
}

OrgaImportError *
orga_import_error_copy (const OrgaImportError *self)
{
  return orga_import_error_new (self->code, self->line, self->field, self->ine, self->message);
}

void
orga_import_error_free (OrgaImportError *self)
{
  if (self == NULL)
    return;

  g_free (self->field);
  g_free (self->ine);
  g_free (self->message);
  g_free (self);
}
