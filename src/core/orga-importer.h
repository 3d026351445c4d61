/* orga-importer.h: one student-list import, from a file to the store
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "orga-import-report.h"

G_BEGIN_DECLS

#define ORGA_TYPE_IMPORTER (orga_importer_get_type ())

G_DECLARE_FINAL_TYPE (OrgaImporter, orga_importer, ORGA, IMPORTER, GObject)

OrgaImporter     *orga_importer_new           (const char           *db_path,
                                               const char           *file_path);
void              orga_importer_set_dry_run   (OrgaImporter         *self,
                                               gboolean              dry_run);
gboolean          orga_importer_get_dry_run   (OrgaImporter         *self);
/* Who imports, as the history records it; by default (NULL) the person
 * at this computer (orga_identity_dup_display_name()). */
void              orga_importer_set_user_name (OrgaImporter         *self,
                                               const char           *user_name);
double            orga_importer_get_fraction  (OrgaImporter         *self);
OrgaImportReport *orga_importer_run           (OrgaImporter         *self,
                                               GCancellable         *cancellable,
                                               GError              **error);
void              orga_importer_run_async     (OrgaImporter         *self,
                                               GCancellable         *cancellable,
                                               GAsyncReadyCallback   callback,
                                               gpointer              user_data);
OrgaImportReport *orga_importer_run_finish    (OrgaImporter         *self,
                                               GAsyncResult         *result,
                                               GError              **error);

G_END_DECLS
