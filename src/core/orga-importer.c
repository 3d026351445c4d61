/* orga-importer.c
 *
 * The file is read and validated completely before the store is touched;
 * then it is applied in one transaction. A rejected file, a cancel or a
 * crash at any point leaves the previous list as it was.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "orga-importer"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "orga-fregata-parser.h"
#include "orga-identity.h"
#include "orga-import-source.h"
#include "orga-importer.h"
#include "orga-siecle-parser.h"
#include "orga-store.h"

/* Fregata files are decoded whole, as Pix does; a real one is a few
 * hundred kilobytes. */
#define MAX_CSV_SIZE (64 * 1024 * 1024)

/* Reading and checking the file is most of the work; writing the rest. */
#define PARSE_SHARE 0.8

struct _OrgaImporter
{
  GObject           parent_instance;

  char             *db_path;
  char             *file_path;
  char             *user_name;
  gboolean          dry_run;

  GMutex            source_lock;    /* the worker sets it, any thread reads it */
  OrgaImportSource *source;
  gint              fraction_ppm;   /* atomic */
  guint             notify_source;  /* main-context timeout while running async */
};

G_DEFINE_FINAL_TYPE (OrgaImporter, orga_importer, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_FRACTION,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
orga_importer_finalize (GObject *object)
{
  OrgaImporter *self = (OrgaImporter *)object;

  g_clear_handle_id (&self->notify_source, g_source_remove);
  g_clear_object (&self->source);
  g_mutex_clear (&self->source_lock);
  g_clear_pointer (&self->db_path, g_free);
  g_clear_pointer (&self->file_path, g_free);
  g_clear_pointer (&self->user_name, g_free);

  G_OBJECT_CLASS (orga_importer_parent_class)->finalize (object);
}

static void
orga_importer_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  OrgaImporter *self = ORGA_IMPORTER (object);

  switch (prop_id)
    {
    case PROP_FRACTION:
      g_value_set_double (value, orga_importer_get_fraction (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
orga_importer_class_init (OrgaImporterClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = orga_importer_finalize;
  object_class->get_property = orga_importer_get_property;

  /**
   * OrgaImporter:fraction:
   *
   * How far the import is, from 0 to 1. While orga_importer_run_async()
   * runs, changes are notified on the caller's main context a few times a
   * second.
   */
  properties[PROP_FRACTION] = g_param_spec_double ("fraction", NULL, NULL, 0.0, 1.0, 0.0,
                                                   G_PARAM_READABLE | G_PARAM_STATIC_STRINGS |
                                                   G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
orga_importer_init (OrgaImporter *self)
{
  g_mutex_init (&self->source_lock);
}

OrgaImporter *
orga_importer_new (const char *db_path,
                   const char *file_path)
{
  OrgaImporter *self;

  g_return_val_if_fail (file_path != NULL, NULL);

  self = g_object_new (ORGA_TYPE_IMPORTER, NULL);
  self->db_path = g_strdup (db_path);
  self->file_path = g_strdup (file_path);

  return self;
}

void
orga_importer_set_dry_run (OrgaImporter *self,
                           gboolean      dry_run)
{
  g_return_if_fail (ORGA_IS_IMPORTER (self));
  self->dry_run = !!dry_run;
}

gboolean
orga_importer_get_dry_run (OrgaImporter *self)
{
  g_return_val_if_fail (ORGA_IS_IMPORTER (self), FALSE);
  return self->dry_run;
}

void
orga_importer_set_user_name (OrgaImporter *self,
                             const char   *user_name)
{
  g_return_if_fail (ORGA_IS_IMPORTER (self));
  g_free (self->user_name);
  self->user_name = g_strdup (user_name);
}

/* Safe to call from any thread. */
double
orga_importer_get_fraction (OrgaImporter *self)
{
  OrgaImportSource *source;
  double fraction;

  g_return_val_if_fail (ORGA_IS_IMPORTER (self), 0.0);

  fraction = g_atomic_int_get (&self->fraction_ppm) / 1e6;
  g_mutex_lock (&self->source_lock);
  source = self->source;
  if (source != NULL && fraction < PARSE_SHARE)
    fraction = MAX (fraction, orga_import_source_get_fraction (source) * PARSE_SHARE);
  g_mutex_unlock (&self->source_lock);

  return fraction;
}

static void
set_fraction (OrgaImporter *self,
              double        fraction)
{
  g_atomic_int_set (&self->fraction_ppm, (gint)(fraction * 1e6));
}

static OrgaImportReport *
reject (const char      *file_name,
        OrgaImportError *problem)
{
  g_autoptr(OrgaLearnerSet) set = orga_learner_set_new ();
  g_autoptr(OrgaImportError) owned = problem;

  orga_learner_set_add_error (set, problem->code, problem->line, problem->field, problem->ine,
                              "%s", problem->message);
  return orga_import_report_new (file_name, set);
}

static OrgaLearnerSet *
parse_file (OrgaImporter      *self,
            OrgaImportSource  *source,
            OrgaOrganization  *organization,
            GCancellable      *cancellable,
            GError           **error)
{
  g_autoptr(OrgaLearnerSet) set = orga_learner_set_new ();
  OrgaImportFormat format = orga_import_source_get_format (source);
  gboolean agri = orga_organization_get_kind (organization) == ORGA_ORGANIZATION_KIND_AGRI;

  orga_learner_set_set_format (set, format);

  /* Pix only offers Fregata to agricultural schools, SIECLE to the others. */
  if (format == ORGA_IMPORT_FORMAT_FREGATA_CSV && !agri)
    {
      orga_learner_set_add_error (set, ORGA_IMPORT_CODE_INVALID_FILE_FORMAT, 0, NULL, NULL, "%s",
                                  _("This file is not a SIECLE export: it looks like a CSV file. Your school imports the “Élèves sans adresses” export from SIECLE (.zip or .xml)."));
      return g_steal_pointer (&set);
    }
  if (format != ORGA_IMPORT_FORMAT_FREGATA_CSV && agri)
    {
      orga_learner_set_add_error (set, ORGA_IMPORT_CODE_INVALID_FILE_FORMAT, 0, NULL, NULL, "%s",
                                  _("This file is a SIECLE export, but your agricultural school imports its students from Fregata (.csv file)."));
      return g_steal_pointer (&set);
    }

  if (format == ORGA_IMPORT_FORMAT_FREGATA_CSV)
    {
      g_autoptr(GBytes) bytes = NULL;
      g_autoptr(GError) read_error = NULL;
      gsize len;
      const guint8 *data;

      bytes = orga_import_source_read_all (source, MAX_CSV_SIZE, cancellable, &read_error);
      if (bytes == NULL)
        {
          if (g_error_matches (read_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
            {
              g_propagate_error (error, g_steal_pointer (&read_error));
              return NULL;
            }
          orga_learner_set_add_error (set, ORGA_IMPORT_CODE_INVALID_FILE, 0, NULL, NULL, "%s", read_error->message);
          return g_steal_pointer (&set);
        }

      data = g_bytes_get_data (bytes, &len);
      orga_fregata_parser_parse (set, data, len);
      if (!orga_learner_set_has_errors (set) && orga_learner_set_count_kept (set) == 0)
        orga_learner_set_add_error (set, ORGA_IMPORT_CODE_EMPTY, 0, NULL, NULL, "%s",
                                    _("The file contains no student, only column headers."));
      return g_steal_pointer (&set);
    }

  if (!orga_siecle_parser_parse (set, source, orga_organization_get_uai (organization), cancellable, error))
    return NULL;

  return g_steal_pointer (&set);
}

/**
 * orga_importer_run:
 *
 * Blocking; may run in a worker thread. A file that cannot be imported is
 * not an error: the report says "rejected" and lists why. Errors are for
 * cancellation, a missing school, or the database itself.
 */
OrgaImportReport *
orga_importer_run (OrgaImporter  *self,
                   GCancellable  *cancellable,
                   GError       **error)
{
  g_autoptr(OrgaStore) store = NULL;
  g_autoptr(OrgaOrganization) organization = NULL;
  g_autoptr(OrgaImportSource) source = NULL;
  g_autoptr(OrgaLearnerSet) set = NULL;
  g_autoptr(OrgaImportReport) report = NULL;
  g_autofree char *file_name = NULL;
  OrgaImportError *problem = NULL;
  GError *local_error = NULL;

  g_return_val_if_fail (ORGA_IS_IMPORTER (self), NULL);

  /* The same importer runs twice for "preview, then import". */
  set_fraction (self, 0.0);
  g_mutex_lock (&self->source_lock);
  g_clear_object (&self->source);
  g_mutex_unlock (&self->source_lock);
  file_name = g_path_get_basename (self->file_path);

  /* The importer's own connection: a long write must not block, nor be
   * seen half-done by, the connection the UI reads with. */
  store = orga_store_open (self->db_path, error);
  if (store == NULL)
    return NULL;

  organization = orga_store_get_organization (store, &local_error);
  if (organization == NULL)
    {
      if (local_error == NULL)
        local_error = g_error_new_literal (ORGA_STORE_ERROR, ORGA_STORE_ERROR_NO_ORGANIZATION,
                                           _("No school is set up yet: create the school’s space before importing students."));
      g_propagate_error (error, local_error);
      return NULL;
    }

  source = orga_import_source_open (self->file_path, &problem);
  if (source == NULL)
    {
      report = reject (file_name, problem);
    }
  else
    {
      g_mutex_lock (&self->source_lock);
      g_set_object (&self->source, source);
      g_mutex_unlock (&self->source_lock);
      set = parse_file (self, source, organization, cancellable, error);
      if (set == NULL)
        return NULL;
      report = orga_import_report_new (file_name, set);
    }

  set_fraction (self, PARSE_SHARE);

  if (orga_import_report_get_status (report) == ORGA_IMPORT_STATUS_REJECTED)
    {
      g_autoptr(GError) record_error = NULL;

      /* The trace of a refused file is a convenience: failing to write it
       * must not hide the reasons of the refusal. */
      if (!self->dry_run &&
          !orga_store_record_rejected_import (store, organization, report,
                                              self->user_name,
                                              &record_error))
        g_warning ("Could not record the rejected import: %s", record_error->message);

      set_fraction (self, 1.0);
      return g_steal_pointer (&report);
    }

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return NULL;

  if (!orga_store_apply_learner_set (store, organization, report,
                                     self->user_name,
                                     self->dry_run, cancellable, error))
    return NULL;

  set_fraction (self, 1.0);
  return g_steal_pointer (&report);
}

static gboolean
notify_fraction_cb (gpointer data)
{
  g_object_notify_by_pspec (G_OBJECT (data), properties[PROP_FRACTION]);
  return G_SOURCE_CONTINUE;
}

static void
run_thread (GTask        *task,
            gpointer      source_object,
            gpointer      task_data,
            GCancellable *cancellable)
{
  OrgaImporter *self = source_object;
  GError *error = NULL;
  OrgaImportReport *report;

  report = orga_importer_run (self, cancellable, &error);
  if (report == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, report, g_object_unref);
}

void
orga_importer_run_async (OrgaImporter        *self,
                         GCancellable        *cancellable,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GSource) timeout = NULL;

  g_return_if_fail (ORGA_IS_IMPORTER (self));
  g_return_if_fail (self->notify_source == 0);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, orga_importer_run_async);
  /* A cancel that comes after the commit must not report "cancelled" for
   * a list that was replaced: the worker's own result is what happened. */
  g_task_set_check_cancellable (task, FALSE);

  /* Progress reaches the caller's thread by polling the atomic counters,
   * so the worker never emits signals. */
  timeout = g_timeout_source_new (100);
  g_source_set_callback (timeout, notify_fraction_cb, self, NULL);
  g_source_set_static_name (timeout, "[orga] import progress");
  self->notify_source = g_source_attach (timeout, g_main_context_get_thread_default ());

  g_task_run_in_thread (task, run_thread);
}

OrgaImportReport *
orga_importer_run_finish (OrgaImporter  *self,
                          GAsyncResult  *result,
                          GError       **error)
{
  g_return_val_if_fail (ORGA_IS_IMPORTER (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  g_clear_handle_id (&self->notify_source, g_source_remove);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FRACTION]);

  return g_task_propagate_pointer (G_TASK (result), error);
}
