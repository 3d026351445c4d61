/* orga-students-page-import.c
 *
 * The Élèves page's import of the SIECLE or Fregata export: a dry run
 * first, a preview of what would change, then the real import in a worker
 * thread with a progress banner, and a toast that can undo it. The file
 * comes from the chooser, a drop on the window or "Open with".
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "orga-students-page"

#include "config.h"

#include <glib/gi18n.h>

#include "orga-import-errors-dialog.h"
#include "orga-import-preview-dialog.h"
#include "orga-store-cert.h"
#include "orga-students-page-private.h"
#include "orga-file-chooser.h"
#include "orga-widget-util.h"

/* Long enough to read the toast and change one's mind. */
#define UNDO_TOAST_TIMEOUT 10

/* ------------------------------------------------------------------------
 * Import
 * ------------------------------------------------------------------------ */

static void import_done_cb (GObject      *source,
                            GAsyncResult *result,
                            gpointer      user_data);

static void
stop_importer (OrgaStudentsPage *self)
{
  g_clear_pointer (&self->fraction_binding, g_binding_unbind);
  g_clear_object (&self->importer);
  g_clear_object (&self->cancellable);
}

static void
start_importer (OrgaStudentsPage *self,
                gboolean          dry_run)
{
  OrgaStore *store = orga_context_get_store (self->context);

  g_assert (self->importer == NULL);
  g_assert (self->import_path != NULL);

  /* The importer opens its own connection to the database, in its thread. */
  self->importer = orga_importer_new (orga_store_get_path (store), self->import_path);
  orga_importer_set_dry_run (self->importer, dry_run);
  self->cancellable = g_cancellable_new ();
  /* The banner is built when first shown: the state first. */
  _orga_students_page_set_state (self, dry_run ? IMPORT_CHECKING : IMPORT_RUNNING);
  self->fraction_binding = g_object_bind_property (self->importer, "fraction",
                                                   self->progress_bar, "fraction",
                                                   G_BINDING_SYNC_CREATE);

  orga_importer_run_async (self->importer, self->cancellable, import_done_cb, g_object_ref (self));
}

static void
show_rejected (OrgaStudentsPage *self,
               OrgaImportReport *report)
{
  OrgaImportErrorsDialog *dialog = orga_import_errors_dialog_new (orga_widget_get_window (GTK_WIDGET (self)), report);

  gtk_window_present (GTK_WINDOW (dialog));
}

static void
preview_response_cb (OrgaStudentsPage        *self,
                     const char              *response,
                     OrgaImportPreviewDialog *dialog)
{
  if (self->state != IMPORT_PREVIEW)
    return;

  _orga_students_page_set_state (self, IMPORT_IDLE);

  if (g_strcmp0 (response, "import") != 0)
    {
      g_clear_pointer (&self->import_path, g_free);
      return;
    }

  start_importer (self, FALSE);
}

static void
show_preview (OrgaStudentsPage *self,
              OrgaImportReport *report)
{
  OrgaImportPreviewDialog *dialog = orga_import_preview_dialog_new (report);

  gtk_window_set_transient_for (GTK_WINDOW (dialog), orga_widget_get_window (GTK_WIDGET (self)));
  g_signal_connect_object (dialog, "response", G_CALLBACK (preview_response_cb), self, G_CONNECT_SWAPPED);
  _orga_students_page_set_state (self, IMPORT_PREVIEW);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
show_imported (OrgaStudentsPage *self,
               OrgaImportReport *report)
{
  AdwToast *toast = adw_toast_new (_("The list was imported successfully."));
  gint64 import_id = orga_import_report_get_import_id (report);

  if (import_id > 0)
    {
      adw_toast_set_button_label (toast, _("_Undo"));
      adw_toast_set_action_name (toast, TOAST_ACTIONS_PREFIX ".undo-import");
      adw_toast_set_action_target_value (toast, g_variant_new_int64 (import_id));
      adw_toast_set_timeout (toast, UNDO_TOAST_TIMEOUT);
    }

  orga_widget_add_toast (GTK_WIDGET (self), toast);
}

static void
import_done_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(OrgaStudentsPage) self = user_data;
  OrgaImporter *importer = ORGA_IMPORTER (source);
  g_autoptr(OrgaImportReport) report = NULL;
  g_autoptr(GError) error = NULL;
  gboolean dry_run = orga_importer_get_dry_run (importer);

  report = orga_importer_run_finish (importer, result, &error);

  /* Not ours any more: the page went away and cancelled it. */
  if (importer != self->importer)
    return;

  stop_importer (self);
  _orga_students_page_set_state (self, IMPORT_IDLE);

  if (error != NULL)
    {
      g_clear_pointer (&self->import_path, g_free);

      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        orga_widget_add_toast (GTK_WIDGET (self), adw_toast_new (_("Import cancelled; nothing was changed.")));
      else
        orga_widget_show_message (GTK_WIDGET (self), _("The Students Could Not Be Imported"), error->message);
      return;
    }

  if (orga_import_report_get_status (report) == ORGA_IMPORT_STATUS_REJECTED)
    {
      g_clear_pointer (&self->import_path, g_free);
      show_rejected (self, report);
      return;
    }

  if (dry_run)
    {
      show_preview (self, report);
      return;
    }

  g_clear_pointer (&self->import_path, g_free);
  _orga_students_page_refresh (self, TRUE);
  show_imported (self, report);
}

static void
cancel_import_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  OrgaStudentsPage *self = ORGA_STUDENTS_PAGE (widget);

  /* The import rolls back and reports G_IO_ERROR_CANCELLED. */
  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
}

static void
chooser_response_cb (OrgaStudentsPage *self,
                     int               response,
                     GtkNativeDialog  *chooser)
{
  g_autoptr(GFile) file = NULL;
  g_autoptr(GFile) folder = NULL;
  GSettings *settings;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));

  if (chooser == self->chooser)
    g_clear_object (&self->chooser);

  if (file == NULL)
    return;

  folder = g_file_get_parent (file);
  settings = self->context ? orga_context_get_settings (self->context) : NULL;
  if (folder != NULL && settings != NULL && g_file_is_native (folder))
    {
      g_autofree char *path = g_file_get_path (folder);

      g_settings_set_string (settings, "last-folder", path);
    }

  orga_students_page_import_file (self, file);
}

static void
add_filter (GtkFileChooser *chooser,
            const char     *name,
            const char     *suffixes[])
{
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();

  gtk_file_filter_set_name (filter, name);
  for (guint i = 0; suffixes[i] != NULL; i++)
    gtk_file_filter_add_suffix (filter, suffixes[i]);

  gtk_file_chooser_add_filter (chooser, filter);
}

static void
import_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  OrgaStudentsPage *self = ORGA_STUDENTS_PAGE (widget);
  const char *all[] = { "zip", "xml", "csv", NULL };
  const char *zip[] = { "zip", NULL };
  const char *xml[] = { "xml", NULL };
  const char *csv[] = { "csv", NULL };
  GSettings *settings = self->context ? orga_context_get_settings (self->context) : NULL;
  GtkFileChooserNative *chooser;

  if (self->chooser != NULL)
    {
      gtk_native_dialog_show (self->chooser);
      return;
    }

  chooser = gtk_file_chooser_native_new (_("Import the Student List"),
                                         orga_widget_get_window (GTK_WIDGET (self)),
                                         GTK_FILE_CHOOSER_ACTION_OPEN,
                                         _("_Import"),
                                         _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);

  /* The first filter is the one selected. */
  add_filter (GTK_FILE_CHOOSER (chooser), _("SIECLE or Fregata export (.zip, .xml, .csv)"), all);
  add_filter (GTK_FILE_CHOOSER (chooser), _("SIECLE export, zipped (.zip)"), zip);
  add_filter (GTK_FILE_CHOOSER (chooser), _("SIECLE export (.xml)"), xml);
  add_filter (GTK_FILE_CHOOSER (chooser), _("Fregata export (.csv)"), csv);

  orga_file_chooser_start_in (GTK_FILE_CHOOSER (chooser), settings, ORGA_FOLDER_IMPORT);

  g_signal_connect_object (chooser, "response", G_CALLBACK (chooser_response_cb), self, G_CONNECT_SWAPPED);
  self->chooser = GTK_NATIVE_DIALOG (chooser);
  gtk_native_dialog_show (self->chooser);
}

/* ------------------------------------------------------------------------
 * Undo
 * ------------------------------------------------------------------------ */

static void
undo_done_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(OrgaStudentsPage) self = user_data;
  g_autoptr(GError) error = NULL;

  _orga_students_page_set_state (self, IMPORT_IDLE);

  if (!orga_store_undo_import_finish (ORGA_STORE (source), result, &error))
    {
      orga_widget_show_message (GTK_WIDGET (self), _("The Import Could Not Be Undone"), error->message);
      return;
    }

  _orga_students_page_refresh (self, TRUE);
  orga_widget_add_toast (GTK_WIDGET (self), adw_toast_new (_("Import undone")));
}

static void
undo_import_activated (GSimpleAction *action,
                       GVariant      *parameter,
                       gpointer       user_data)
{
  OrgaStudentsPage *self = ORGA_STUDENTS_PAGE (user_data);
  OrgaOrganization *organization;

  if (self->context == NULL || self->state != IMPORT_IDLE)
    return;

  organization = orga_context_get_organization (self->context);
  if (organization == NULL)
    return;

  /* A whole import to roll back may be 100,000 rows: in a thread, on a
   * connection of its own. The page is kept until it is done. */
  _orga_students_page_set_state (self, IMPORT_UNDOING);
  orga_store_undo_import_async (orga_context_get_store (self->context), organization,
                                g_variant_get_int64 (parameter), NULL, undo_done_cb, g_object_ref (self));
}

/* ------------------------------------------------------------------------
 * Set-up
 * ------------------------------------------------------------------------ */

void
_orga_students_page_class_init_import (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "students.import", NULL, import_action);
  gtk_widget_class_install_action (widget_class, "students.cancel-import", NULL, cancel_import_action);
}

void
_orga_students_page_init_import (OrgaStudentsPage *self)
{
  static const GActionEntry toast_entries[] = {
    { "undo-import", undo_import_activated, "x" },
  };

  self->toast_actions = g_simple_action_group_new ();
  g_action_map_add_action_entries (G_ACTION_MAP (self->toast_actions), toast_entries,
                                   G_N_ELEMENTS (toast_entries), self);
}

void
_orga_students_page_dispose_import (OrgaStudentsPage *self)
{
  /* A running import rolls back; its callback sees it is no longer ours. */
  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  stop_importer (self);

  if (self->chooser != NULL)
    gtk_native_dialog_destroy (self->chooser);
  g_clear_object (&self->chooser);
}

/* ------------------------------------------------------------------------
 * Unarchived certification results
 * ------------------------------------------------------------------------ */

static void
unarchived_response_cb (OrgaStudentsPage *self,
                        const char       *response,
                        AdwMessageDialog *dialog)
{
  const char *path = g_object_get_data (G_OBJECT (dialog), "path");

  if (g_strcmp0 (response, "archive") == 0)
    {
      /* The window's Certifications page, Résultats view, where
       * "Archiver l'année scolaire" is. */
      gtk_widget_activate_action (GTK_WIDGET (self), "win.show-cert-results", NULL);
      return;
    }

  if (g_strcmp0 (response, "import") != 0 || path == NULL || self->context == NULL
      || orga_context_get_organization (self->context) == NULL)
    return;

  if (self->state != IMPORT_IDLE)
    {
      orga_widget_add_toast (GTK_WIDGET (self), adw_toast_new (_("Wait for the current import to finish.")));
      return;
    }

  adw_leaflet_set_visible_child_name (self->leaflet, "list");
  g_free (self->import_path);
  self->import_path = g_strdup (path);
  start_importer (self, TRUE);
}

/* The guides' warning: a new year's student list overwrites the old
 * data, and with it what the certification results and attestations are
 * made from. While published results have not gone into a yearly
 * archive, the head is asked first. Returns TRUE to import now; FALSE
 * when the dialog asks (it imports @path if told so). */
static gboolean
confirm_unarchived (OrgaStudentsPage *self,
                    const char       *path)
{
  OrgaOrganization *organization = orga_context_get_organization (self->context);
  g_autofree char *body = NULL;
  GtkWidget *dialog;
  guint n;

  /* A count: on the main thread, as the page's other small reads. */
  n = orga_store_count_unarchived_cert_results (orga_context_get_store (self->context), organization, NULL);
  if (n == 0)
    return TRUE;

  body = g_strdup_printf (ngettext ("%u certification result of this school year is not archived yet. "
                                    "Importing a new student list overwrites the old data: archive the "
                                    "school year first to keep the results and the attestations.",
                                    "%u certification results of this school year are not archived yet. "
                                    "Importing a new student list overwrites the old data: archive the "
                                    "school year first to keep the results and the attestations.", n), n);
  dialog = adw_message_dialog_new (orga_widget_get_window (GTK_WIDGET (self)),
                                   _("Certification Results Not Archived"), body);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "import", _("_Import Anyway"),
                                    "archive", _("_Archive First"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "import", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "archive", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "archive");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_object_set_data_full (G_OBJECT (dialog), "path", g_strdup (path), g_free);
  g_signal_connect_object (dialog, "response", G_CALLBACK (unarchived_response_cb), self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
  return FALSE;
}

/**
 * orga_students_page_import_file:
 *
 * Checks @file, shows what importing it would change, and imports it if
 * the head agrees. From the file chooser, a drop on the window, or "Open
 * with".
 */
void
orga_students_page_import_file (OrgaStudentsPage *self,
                                GFile            *file)
{
  g_autofree char *path = NULL;

  g_return_if_fail (ORGA_IS_STUDENTS_PAGE (self));
  g_return_if_fail (G_IS_FILE (file));

  if (self->context == NULL || orga_context_get_organization (self->context) == NULL)
    return;

  if (self->state != IMPORT_IDLE)
    {
      orga_widget_add_toast (GTK_WIDGET (self), adw_toast_new (_("Wait for the current import to finish.")));
      return;
    }

  path = g_file_get_path (file);
  if (path == NULL)
    {
      g_autofree char *name = g_file_get_basename (file);
      g_autofree char *heading = g_strdup_printf (_("The file “%s” was not imported"), name);

      orga_widget_show_message (GTK_WIDGET (self), heading, _("Only a file on this computer can be imported: save it in a folder first."));
      return;
    }

  if (!confirm_unarchived (self, path))
    return;

  adw_leaflet_set_visible_child_name (self->leaflet, "list");
  self->import_path = g_steal_pointer (&path);
  start_importer (self, TRUE);
}
