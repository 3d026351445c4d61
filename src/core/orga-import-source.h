/* orga-import-source.h: the bytes of a student-list file, bare or zipped
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "orga-learner-set.h"

G_BEGIN_DECLS

#define ORGA_TYPE_IMPORT_SOURCE (orga_import_source_get_type ())

G_DECLARE_FINAL_TYPE (OrgaImportSource, orga_import_source, ORGA, IMPORT_SOURCE, GObject)

OrgaImportSource *orga_import_source_open          (const char        *path,
                                                    OrgaImportError  **problem);
OrgaImportFormat  orga_import_source_get_format    (OrgaImportSource  *self);
const char       *orga_import_source_get_path      (OrgaImportSource  *self);
const char       *orga_import_source_get_basename  (OrgaImportSource  *self);
const guint8     *orga_import_source_peek_head     (OrgaImportSource  *self,
                                                    gsize             *len);
gssize            orga_import_source_read          (OrgaImportSource  *self,
                                                    guint8            *buffer,
                                                    gsize              len,
                                                    GCancellable      *cancellable,
                                                    GError           **error);
GBytes           *orga_import_source_read_all      (OrgaImportSource  *self,
                                                    gsize              max_size,
                                                    GCancellable      *cancellable,
                                                    GError           **error);
double            orga_import_source_get_fraction  (OrgaImportSource  *self);

/* Limits against hostile archives; exposed for tests. */
#define ORGA_IMPORT_SOURCE_MAX_INFLATED   (G_GUINT64_CONSTANT (1) << 30)
#define ORGA_IMPORT_SOURCE_MAX_RATIO      200

G_END_DECLS
