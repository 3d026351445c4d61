/* orga-import-report.h: what an import did, or would do
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

#include "orga-learner-set.h"

G_BEGIN_DECLS

typedef enum
{
  ORGA_IMPORT_STATUS_IMPORTED,
  ORGA_IMPORT_STATUS_REJECTED,
  ORGA_IMPORT_STATUS_PREVIEW,    /* dry run: nothing was written */
} OrgaImportStatus;

const char *orga_import_status_to_string (OrgaImportStatus status);

typedef enum
{
  ORGA_IMPORT_CHANGE_NEW,
  ORGA_IMPORT_CHANGE_CLASS,      /* present before, class differs */
  ORGA_IMPORT_CHANGE_RETURNING,  /* disabled before, back in the file */
  ORGA_IMPORT_CHANGE_LEAVING,    /* active before, absent from the file */
  ORGA_IMPORT_CHANGE_IGNORED,    /* in the file, not imported */
} OrgaImportChangeKind;

typedef struct
{
  OrgaImportChangeKind kind;
  OrgaIgnoreReason     reason;         /* for IGNORED */
  const char          *ine;
  const char          *last_name;
  const char          *first_name;
  const char          *old_division;
  const char          *new_division;
} OrgaImportChange;

typedef struct
{
  guint created;
  guint updated;         /* existing students whose data changed, returning ones included */
  guint unchanged;
  guint disabled;
  guint ignored;
  guint class_changed;
  guint returning;
} OrgaImportCounts;

#define ORGA_TYPE_IMPORT_REPORT (orga_import_report_get_type ())

G_DECLARE_FINAL_TYPE (OrgaImportReport, orga_import_report, ORGA, IMPORT_REPORT, GObject)

OrgaImportReport       *orga_import_report_new             (const char          *file_name,
                                                            OrgaLearnerSet      *set);
OrgaImportStatus        orga_import_report_get_status      (OrgaImportReport    *self);
void                    orga_import_report_set_status      (OrgaImportReport    *self,
                                                            OrgaImportStatus     status);
const char             *orga_import_report_get_file_name   (OrgaImportReport    *self);
OrgaImportFormat        orga_import_report_get_format      (OrgaImportReport    *self);
const char             *orga_import_report_get_encoding    (OrgaImportReport    *self);
GPtrArray              *orga_import_report_get_errors      (OrgaImportReport    *self);
guint                   orga_import_report_count_errors    (OrgaImportReport    *self);
OrgaImportCounts       *orga_import_report_get_counts      (OrgaImportReport    *self);
OrgaLearnerSet         *orga_import_report_get_learner_set (OrgaImportReport    *self);
void                    orga_import_report_add_change      (OrgaImportReport    *self,
                                                            OrgaImportChangeKind kind,
                                                            const char          *ine,
                                                            const char          *last_name,
                                                            const char          *first_name,
                                                            const char          *old_division,
                                                            const char          *new_division);
GArray                 *orga_import_report_get_changes     (OrgaImportReport    *self);
gint64                  orga_import_report_get_import_id   (OrgaImportReport    *self);
void                    orga_import_report_set_import_id   (OrgaImportReport    *self,
                                                            gint64               import_id);
char                   *orga_import_report_errors_to_json  (OrgaImportReport    *self);

G_END_DECLS
