/* orga-import-errors-dialog.h: why a file was refused, every reason of it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "orga-import-report.h"

G_BEGIN_DECLS

#define ORGA_TYPE_IMPORT_ERRORS_DIALOG (orga_import_errors_dialog_get_type ())

G_DECLARE_FINAL_TYPE (OrgaImportErrorsDialog, orga_import_errors_dialog, ORGA, IMPORT_ERRORS_DIALOG, AdwMessageDialog)

OrgaImportErrorsDialog *orga_import_errors_dialog_new      (GtkWindow              *parent,
                                                            OrgaImportReport       *report);
char                   *orga_import_errors_dialog_dup_text (OrgaImportErrorsDialog *self);

G_END_DECLS
