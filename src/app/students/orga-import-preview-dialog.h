/* orga-import-preview-dialog.h: what an import would change, before it does
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "orga-import-report.h"

G_BEGIN_DECLS

#define ORGA_TYPE_IMPORT_PREVIEW_DIALOG (orga_import_preview_dialog_get_type ())

G_DECLARE_FINAL_TYPE (OrgaImportPreviewDialog, orga_import_preview_dialog, ORGA, IMPORT_PREVIEW_DIALOG, AdwWindow)

/* How many students a line lists before "… and N more". */
#define ORGA_IMPORT_PREVIEW_MAX_NAMES 200

OrgaImportPreviewDialog *orga_import_preview_dialog_new        (OrgaImportReport        *report);
OrgaImportReport        *orga_import_preview_dialog_get_report (OrgaImportPreviewDialog *self);

G_END_DECLS
