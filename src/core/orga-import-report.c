/* orga-import-report.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"


#include "orga-import-report.h"
#include "orga-json.h"

struct _OrgaImportReport
{
  GObject           parent_instance;

  char             *file_name;
  OrgaLearnerSet   *set;
  OrgaImportStatus  status;
  OrgaImportCounts  counts;
  GArray           *changes;
  GStringChunk     *strings;   /* for changes that do not come from the set */
  gint64            import_id;
};

G_DEFINE_FINAL_TYPE (OrgaImportReport, orga_import_report, G_TYPE_OBJECT)

const char *
orga_import_status_to_string (OrgaImportStatus status)
{
  switch (status)
    {
    case ORGA_IMPORT_STATUS_IMPORTED: return "imported";
    case ORGA_IMPORT_STATUS_REJECTED: return "rejected";
    case ORGA_IMPORT_STATUS_PREVIEW:
    default: return "preview";
    }
}

static void
orga_import_report_finalize (GObject *object)
{
  OrgaImportReport *self = (OrgaImportReport *)object;

  g_clear_pointer (&self->file_name, g_free);
  g_clear_object (&self->set);
  g_clear_pointer (&self->changes, g_array_unref);
  g_clear_pointer (&self->strings, g_string_chunk_free);

  G_OBJECT_CLASS (orga_import_report_parent_class)->finalize (object);
}

static void
orga_import_report_class_init (OrgaImportReportClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = orga_import_report_finalize;
}

static void
orga_import_report_init (OrgaImportReport *self)
{
  self->changes = g_array_new (FALSE, TRUE, sizeof (OrgaImportChange));
  self->strings = g_string_chunk_new (4096);
}

OrgaImportReport *
orga_import_report_new (const char     *file_name,
                        OrgaLearnerSet *set)
{
  OrgaImportReport *self;

  g_return_val_if_fail (ORGA_IS_LEARNER_SET (set), NULL);

  self = g_object_new (ORGA_TYPE_IMPORT_REPORT, NULL);
  self->file_name = g_strdup (file_name);
  self->set = g_object_ref (set);
  self->status = orga_learner_set_has_errors (set) ? ORGA_IMPORT_STATUS_REJECTED : ORGA_IMPORT_STATUS_PREVIEW;
  /* A rejected file imports nothing, so it ignores nothing either. */
  if (self->status != ORGA_IMPORT_STATUS_REJECTED)
    self->counts.ignored = orga_learner_set_count_ignored (set);

  return self;
}

OrgaImportStatus
orga_import_report_get_status (OrgaImportReport *self)
{
  g_return_val_if_fail (ORGA_IS_IMPORT_REPORT (self), ORGA_IMPORT_STATUS_REJECTED);
  return self->status;
}

void
orga_import_report_set_status (OrgaImportReport *self,
                               OrgaImportStatus  status)
{
  g_return_if_fail (ORGA_IS_IMPORT_REPORT (self));
  self->status = status;
}

const char *
orga_import_report_get_file_name (OrgaImportReport *self)
{
  g_return_val_if_fail (ORGA_IS_IMPORT_REPORT (self), NULL);
  return self->file_name;
}

OrgaImportFormat
orga_import_report_get_format (OrgaImportReport *self)
{
  g_return_val_if_fail (ORGA_IS_IMPORT_REPORT (self), ORGA_IMPORT_FORMAT_UNKNOWN);
  return orga_learner_set_get_format (self->set);
}

const char *
orga_import_report_get_encoding (OrgaImportReport *self)
{
  g_return_val_if_fail (ORGA_IS_IMPORT_REPORT (self), NULL);
  return orga_learner_set_get_encoding (self->set);
}

GPtrArray *
orga_import_report_get_errors (OrgaImportReport *self)
{
  g_return_val_if_fail (ORGA_IS_IMPORT_REPORT (self), NULL);
  return orga_learner_set_get_errors (self->set);
}

/* May exceed the length of the error list, which is bounded. */
guint
orga_import_report_count_errors (OrgaImportReport *self)
{
  g_return_val_if_fail (ORGA_IS_IMPORT_REPORT (self), 0);
  return orga_learner_set_count_errors (self->set);
}

OrgaImportCounts *
orga_import_report_get_counts (OrgaImportReport *self)
{
  g_return_val_if_fail (ORGA_IS_IMPORT_REPORT (self), NULL);
  return &self->counts;
}

OrgaLearnerSet *
orga_import_report_get_learner_set (OrgaImportReport *self)
{
  g_return_val_if_fail (ORGA_IS_IMPORT_REPORT (self), NULL);
  return self->set;
}

/* Strings are copied: they may come from a database row that goes away.
 * Plain inserts, not interning: the hash of 100,000 names costs more than
 * the few duplicates save. */
void
orga_import_report_add_change (OrgaImportReport     *self,
                               OrgaImportChangeKind  kind,
                               const char           *ine,
                               const char           *last_name,
                               const char           *first_name,
                               const char           *old_division,
                               const char           *new_division)
{
  OrgaImportChange change = {
    .kind = kind,
    .ine = ine ? g_string_chunk_insert (self->strings, ine) : NULL,
    .last_name = last_name ? g_string_chunk_insert (self->strings, last_name) : NULL,
    .first_name = first_name ? g_string_chunk_insert (self->strings, first_name) : NULL,
    .old_division = old_division ? g_string_chunk_insert (self->strings, old_division) : NULL,
    .new_division = new_division ? g_string_chunk_insert (self->strings, new_division) : NULL,
  };

  g_return_if_fail (ORGA_IS_IMPORT_REPORT (self));

  g_array_append_val (self->changes, change);
}

/* Every change, with the students the file ignores listed last. */
GArray *
orga_import_report_get_changes (OrgaImportReport *self)
{
  g_return_val_if_fail (ORGA_IS_IMPORT_REPORT (self), NULL);
  return self->changes;
}

gint64
orga_import_report_get_import_id (OrgaImportReport *self)
{
  g_return_val_if_fail (ORGA_IS_IMPORT_REPORT (self), 0);
  return self->import_id;
}

void
orga_import_report_set_import_id (OrgaImportReport *self,
                                  gint64            import_id)
{
  g_return_if_fail (ORGA_IS_IMPORT_REPORT (self));
  self->import_id = import_id;
}

/* [{"code", "line", "field", "ine", "message"}], as `import --json` prints
 * them and the import record keeps them (orga-json.c). */
char *
orga_import_report_errors_to_json (OrgaImportReport *self)
{
  g_return_val_if_fail (ORGA_IS_IMPORT_REPORT (self), NULL);

  return orga_json_import_errors_to_string (orga_learner_set_get_errors (self->set));
}
