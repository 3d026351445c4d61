/* orga-cert-results-view.c: Certifications › Résultats (spec §3.3, §4)
 *
 * A class chosen in a searchable list shows its results (the rows of
 * Pix Orga's CSV: published courses, the latest of each student). From
 * there the head teacher saves the class's CSV and attestations, previews
 * and prints the attestations, and for the whole school saves the livret
 * scolaire's file and the year's archive. Every file comes from the same
 * core function as `pixorga-cli` (orga-cert-export.h, orga-year-archive.h)
 * so that the app and the command line give the same bytes, and the
 * preview and the print draw with the one page renderer
 * (orga_cert_draw_attestation).
 *
 * The results are read in a store job (a connection of its own) and
 * follow the store's change feed, keeping the class.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "orga-cert-results"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "orga-cert-export.h"
#include "orga-cert-pages.h"
#include "orga-cert-result-row.h"
#include "orga-cert-results-view.h"
#include "orga-format.h"
#include "orga-print.h"
#include "orga-status-page.h"
#include "orga-store-cert.h"
#include "orga-file-chooser.h"
#include "orga-widget-util.h"
#include "orga-wrap-box.h"
#include "orga-year-archive.h"

typedef void (*SaveFunc) (OrgaCertResultsView *self,
                          GFile               *file);

struct _OrgaCertResultsView
{
  AdwBin                parent_instance;

  OrgaContext          *context;

  /* The class shown and its results: the CSV's rows (the table) and the
   * validated ones (the attestations), NULL until read. */
  char                 *division;
  OrgaCertResultSet    *results;
  OrgaCertResultSet    *attestations;
  gboolean              loaded;
  GCancellable         *load_cancellable;

  GCancellable         *archive_cancellable;   /* non-NULL while archiving */
  guint                 page;                  /* of the preview, from 0 */

  GtkFileChooserNative *chooser;
  SaveFunc              pending_save;
  GFile                *test_file;
  gboolean              updating_divisions;

  /* template */
  GtkStack             *mode_stack;
  GtkStack             *content_stack;
  GtkDropDown          *class_dropdown;
  GtkStringList        *divisions;
  GtkNoSelection       *selection;
  OrgaStatusPage       *error_page;
  GtkLabel             *page_label;
  GtkDrawingArea       *preview_area;
  GtkSpinner           *archive_spinner;
  GtkLabel             *archive_label;
  /* for the tests */
  GtkColumnView        *column_view;
  GtkButton            *export_button;
  GtkButton            *attestations_button;
  GtkButton            *preview_button;
  GtkButton            *previous_button;
  GtkButton            *next_button;
  GtkButton            *print_button;
  GtkButton            *lsu_button;
  GtkButton            *archive_button;
};

G_DEFINE_FINAL_TYPE (OrgaCertResultsView, orga_cert_results_view, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_CONTEXT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void load_results (OrgaCertResultsView *self);

/* ------------------------------------------------------------------------
 * Helpers
 * ------------------------------------------------------------------------ */

static OrgaStore *
get_store (OrgaCertResultsView *self)
{
  return self->context != NULL ? orga_context_get_store (self->context) : NULL;
}

static OrgaOrganization *
get_organization (OrgaCertResultsView *self)
{
  return self->context != NULL ? orga_context_get_organization (self->context) : NULL;
}

static guint
n_attestations (OrgaCertResultsView *self)
{
  return self->attestations != NULL ? orga_cert_result_set_get_n (self->attestations) : 0;
}

static void
update_actions (OrgaCertResultsView *self)
{
  GtkWidget *widget = GTK_WIDGET (self);
  gboolean has_school = get_organization (self) != NULL;
  gboolean has_results = self->loaded && self->results != NULL && orga_cert_result_set_get_n (self->results) > 0;
  gboolean idle = self->archive_cancellable == NULL;
  guint n_pages = n_attestations (self);

  /* Attestations stay clickable with results but none validated: the
   * click says why there is nothing to print rather than a dead button. */
  orga_widget_action_set_enabled (widget, "results.export-csv", has_results);
  orga_widget_action_set_enabled (widget, "results.attestations", has_results);
  orga_widget_action_set_enabled (widget, "results.preview", has_results);
  orga_widget_action_set_enabled (widget, "results.print", n_pages > 0);
  orga_widget_action_set_enabled (widget, "results.previous-page", self->page > 0);
  orga_widget_action_set_enabled (widget, "results.next-page", self->page + 1 < n_pages);
  orga_widget_action_set_enabled (widget, "results.lsu", has_school && idle);
  orga_widget_action_set_enabled (widget, "results.archive", has_school && idle);
}

static void
update_preview (OrgaCertResultsView *self)
{
  guint n = n_attestations (self);
  g_autofree char *label = NULL;

  if (n == 0)
    {
      /* The class lost its last validated result while shown. */
      self->page = 0;
      gtk_stack_set_visible_child_name (self->mode_stack, "results");
    }
  else if (self->page >= n)
    self->page = n - 1;

  /* TRANSLATORS: the attestation shown in the preview, "Page 2 of 14" */
  label = g_strdup_printf (_("Page %u of %u"), self->page + 1, MAX (n, 1));
  gtk_label_set_text (self->page_label, label);
  gtk_widget_queue_draw (GTK_WIDGET (self->preview_area));
  update_actions (self);
}

/* Asks where to save (a save dialog suggesting @name), then @save. */
static void
chooser_response_cb (OrgaCertResultsView  *self,
                     int                   response,
                     GtkFileChooserNative *chooser)
{
  SaveFunc save = self->pending_save;

  self->pending_save = NULL;
  if (response == GTK_RESPONSE_ACCEPT && save != NULL)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));

      if (file != NULL)
        save (self, file);
    }
  g_clear_object (&self->chooser);
}

static void
choose_file (OrgaCertResultsView *self,
             const char          *title,
             const char          *name,
             SaveFunc             save)
{
  if (self->test_file != NULL)
    {
      save (self, self->test_file);
      return;
    }

  if (self->chooser != NULL)
    gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
  g_clear_object (&self->chooser);

  self->chooser = gtk_file_chooser_native_new (title, orga_widget_get_window (GTK_WIDGET (self)),
                                               GTK_FILE_CHOOSER_ACTION_SAVE, _("_Save"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (self->chooser), TRUE);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (self->chooser), name);
  orga_file_chooser_start_in (GTK_FILE_CHOOSER (self->chooser),
                              self->context ? orga_context_get_settings (self->context) : NULL,
                              ORGA_FOLDER_EXPORT);
  self->pending_save = save;
  g_signal_connect_object (self->chooser, "response", G_CALLBACK (chooser_response_cb), self, G_CONNECT_SWAPPED);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

/* Takes @title. */
static void
toast (OrgaCertResultsView *self,
       char                *title)
{
  orga_widget_add_toast (GTK_WIDGET (self), adw_toast_new (title));
  g_free (title);
}

/* The PDF and zip writers take a path: a save target without one (a
 * remote location) is refused with a message rather than lost. */
static char *
local_path (OrgaCertResultsView *self,
            GFile               *file)
{
  char *path = g_file_get_path (file);

  if (path == NULL)
    orga_widget_show_message (GTK_WIDGET (self), _("The file could not be saved"),
                              _("Choose a folder on this computer."));
  return path;
}

static void
show_no_attestation (OrgaCertResultsView *self)
{
  g_autofree char *body = g_strdup_printf (_("No student of the class %s has a validated certification: there is no attestation to print."),
                                           self->division != NULL ? self->division : "");

  orga_widget_show_message (GTK_WIDGET (self), _("No attestation"), body);
}

/* ------------------------------------------------------------------------
 * Loading
 * ------------------------------------------------------------------------ */

typedef struct
{
  OrgaOrganization  *organization;
  char              *division;
} LoadJob;

typedef struct
{
  OrgaCertResultSet *results;
  OrgaCertResultSet *attestations;
} Loaded;

static void
load_job_free (LoadJob *job)
{
  g_clear_object (&job->organization);
  g_free (job->division);
  g_free (job);
}

static void
loaded_free (Loaded *loaded)
{
  g_clear_pointer (&loaded->results, orga_cert_result_set_unref);
  g_clear_pointer (&loaded->attestations, orga_cert_result_set_unref);
  g_free (loaded);
}

/* In the job's thread, on its own connection. */
static gpointer
load_job (OrgaStore     *store,
          gpointer       task_data,
          GCancellable  *cancellable,
          GError       **error)
{
  LoadJob *job = task_data;
  Loaded *loaded = g_new0 (Loaded, 1);

  loaded->results = orga_store_load_cert_results (store, job->organization, job->division,
                                                  ORGA_CERT_RESULTS_CSV, error);
  if (loaded->results != NULL)
    loaded->attestations = orga_store_load_cert_results (store, job->organization, job->division,
                                                         ORGA_CERT_RESULTS_ATTESTATIONS, error);
  if (loaded->attestations == NULL)
    {
      loaded_free (loaded);
      return NULL;
    }
  return loaded;
}

static void
load_done_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  OrgaCertResultsView *self;
  g_autoptr(GError) error = NULL;
  Loaded *loaded;
  g_autoptr(GListModel) rows = NULL;

  loaded = orga_store_run_job_finish (result, &error);
  /* Cancelled: a newer load replaced this one, or the view is gone
   * (and @user_data with it). */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  self = ORGA_CERT_RESULTS_VIEW (user_data);
  g_clear_object (&self->load_cancellable);
  self->loaded = TRUE;
  g_clear_pointer (&self->results, orga_cert_result_set_unref);
  g_clear_pointer (&self->attestations, orga_cert_result_set_unref);

  if (loaded == NULL)
    {
      orga_status_page_set_description (self->error_page, error->message);
      gtk_stack_set_visible_child_name (self->content_stack, "error");
      gtk_no_selection_set_model (self->selection, NULL);
      update_preview (self);
      return;
    }

  self->results = g_steal_pointer (&loaded->results);
  self->attestations = g_steal_pointer (&loaded->attestations);
  loaded_free (loaded);

  rows = orga_cert_result_rows_new (self->results);
  gtk_no_selection_set_model (self->selection, rows);
  gtk_stack_set_visible_child_name (self->content_stack,
                                    g_list_model_get_n_items (rows) > 0 ? "table" : "empty");
  update_preview (self);
}

static void
load_results (OrgaCertResultsView *self)
{
  LoadJob *job;

  g_cancellable_cancel (self->load_cancellable);
  g_clear_object (&self->load_cancellable);
  self->loaded = FALSE;

  if (self->division == NULL || get_organization (self) == NULL)
    {
      g_clear_pointer (&self->results, orga_cert_result_set_unref);
      g_clear_pointer (&self->attestations, orga_cert_result_set_unref);
      gtk_no_selection_set_model (self->selection, NULL);
      gtk_stack_set_visible_child_name (self->content_stack, "no-students");
      update_preview (self);
      return;
    }

  /* A refresh keeps the table shown until the new rows come: no flicker
   * when another page writes. */
  if (self->results == NULL)
    gtk_stack_set_visible_child_name (self->content_stack, "loading");

  job = g_new0 (LoadJob, 1);
  job->organization = g_object_ref (get_organization (self));
  job->division = g_strdup (self->division);
  self->load_cancellable = g_cancellable_new ();
  orga_store_run_job_async (get_store (self), load_job, job, (GDestroyNotify) load_job_free,
                            (GDestroyNotify) loaded_free, self->load_cancellable, load_done_cb, self);
  update_actions (self);
}

/* The school's classes; the class shown stays if the school still has it. */
static void
reload_divisions (OrgaCertResultsView *self)
{
  g_auto(GStrv) divisions = NULL;
  g_autofree char *kept = g_steal_pointer (&self->division);
  guint n_old = g_list_model_get_n_items (G_LIST_MODEL (self->divisions));
  guint selected = 0;

  if (get_organization (self) != NULL)
    {
      divisions = orga_store_list_cert_divisions (get_store (self), get_organization (self), NULL);
      /* At first, the class with the latest results rather than the
       * first class, which may have none yet. */
      if (kept == NULL)
        kept = orga_store_latest_cert_result_division (get_store (self), get_organization (self), NULL);
    }

  self->updating_divisions = TRUE;
  gtk_string_list_splice (self->divisions, 0, n_old, (const char * const *) divisions);
  for (guint i = 0; divisions != NULL && divisions[i] != NULL; i++)
    if (kept != NULL && g_strcmp0 (divisions[i], kept) == 0)
      selected = i;
  if (divisions != NULL && divisions[0] != NULL)
    {
      gtk_drop_down_set_selected (self->class_dropdown, selected);
      self->division = g_strdup (divisions[selected]);
    }
  self->updating_divisions = FALSE;

  /* Another class: its rows replace the old ones at once. */
  if (g_strcmp0 (kept, self->division) != 0)
    {
      g_clear_pointer (&self->results, orga_cert_result_set_unref);
      g_clear_pointer (&self->attestations, orga_cert_result_set_unref);
    }
  load_results (self);
}

static void
class_selected_cb (OrgaCertResultsView *self)
{
  GtkStringObject *item;

  if (self->updating_divisions)
    return;

  item = gtk_drop_down_get_selected_item (self->class_dropdown);
  if (item == NULL || g_strcmp0 (gtk_string_object_get_string (item), self->division) == 0)
    return;

  g_free (self->division);
  self->division = g_strdup (gtk_string_object_get_string (item));
  g_clear_pointer (&self->results, orga_cert_result_set_unref);
  g_clear_pointer (&self->attestations, orga_cert_result_set_unref);
  load_results (self);
}

static void
organization_changed_cb (OrgaCertResultsView *self)
{
  gtk_stack_set_visible_child_name (self->mode_stack, "results");
  g_clear_pointer (&self->division, g_free);
  reload_divisions (self);
}

/* Sessions published, results received, a student import: the classes
 * and the rows follow, keeping the class shown. */
static void
store_changed_cb (OrgaCertResultsView *self,
                  OrgaStoreChanges    *changes)
{
  if (get_organization (self) == NULL)
    return;
  if (orga_store_changes_has (changes, ORGA_STORE_CHANGE_CERTIFICATION | ORGA_STORE_CHANGE_LEARNERS))
    reload_divisions (self);
}

/* ------------------------------------------------------------------------
 * The table
 * ------------------------------------------------------------------------ */

static void
setup_cell_cb (OrgaCertResultsView *self,
               GtkListItem         *item)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  /* Shortened, but never to nothing: in a narrow window the table
   * scrolls sideways instead. */
  gtk_label_set_width_chars (GTK_LABEL (label), 6);
  gtk_list_item_set_child (item, label);
}

/* The student's name, first, is never shortened: a narrow window scrolls
 * the table sideways instead. */
static void
setup_name_cell_cb (OrgaCertResultsView *self,
                    GtkListItem         *item)
{
  setup_cell_cb (self, item);
  gtk_label_set_ellipsize (GTK_LABEL (gtk_list_item_get_child (item)), PANGO_ELLIPSIZE_NONE);
}

static const OrgaCertResult *
item_result (GtkListItem *item)
{
  return orga_cert_result_row_get_result (ORGA_CERT_RESULT_ROW (gtk_list_item_get_item (item)));
}

static void
bind_name_cb (OrgaCertResultsView *self,
              GtkListItem         *item)
{
  const OrgaCertResult *result = item_result (item);
  g_autofree char *name = g_strdup_printf ("%s %s", result->last_name != NULL ? result->last_name : "",
                                           result->first_name != NULL ? result->first_name : "");

  gtk_label_set_text (GTK_LABEL (gtk_list_item_get_child (item)), g_strstrip (name));
}

static void
bind_status_cb (OrgaCertResultsView *self,
                GtkListItem         *item)
{
  /* Pix's own words, as in the CSV the head teacher will open. */
  gtk_label_set_text (GTK_LABEL (gtk_list_item_get_child (item)),
                      orga_cert_status_csv_label (item_result (item)->status));
}

static void
bind_score_cb (OrgaCertResultsView *self,
               GtkListItem         *item)
{
  const OrgaCertResult *result = item_result (item);
  g_autofree char *score = NULL;

  /* As the CSV: a score for validated and rejected (0), none otherwise. */
  if (result->status == ORGA_CERT_STATUS_VALIDATED || result->status == ORGA_CERT_STATUS_REJECTED)
    score = g_strdup_printf ("%d", result->status == ORGA_CERT_STATUS_VALIDATED ? result->pix_score : 0);
  gtk_label_set_text (GTK_LABEL (gtk_list_item_get_child (item)), score != NULL ? score : "–");
}

static void
bind_date_cb (OrgaCertResultsView *self,
              GtkListItem         *item)
{
  g_autofree char *date = orga_format_day (item_result (item)->session_date);

  gtk_label_set_text (GTK_LABEL (gtk_list_item_get_child (item)), date != NULL ? date : "");
}

static void
bind_code_cb (OrgaCertResultsView *self,
              GtkListItem         *item)
{
  const OrgaCertResult *result = item_result (item);

  /* Only a validated certification is verifiable (spec §6). */
  gtk_label_set_text (GTK_LABEL (gtk_list_item_get_child (item)),
                      result->status == ORGA_CERT_STATUS_VALIDATED && result->verification_code != NULL
                      ? result->verification_code : "");
}

/* ------------------------------------------------------------------------
 * Saving the class's files
 * ------------------------------------------------------------------------ */

static void
save_csv (OrgaCertResultsView *self,
          GFile               *file)
{
  g_autoptr(GBytes) csv = NULL;
  g_autoptr(GError) error = NULL;
  guint n_results = 0;
  gconstpointer data;
  gsize size;

  csv = orga_cert_export_results_csv (get_store (self), get_organization (self), self->division,
                                      &n_results, &error);
  if (csv == NULL)
    {
      g_autofree char *body = error == NULL
        ? g_strdup_printf (_("No certification result for the class %s."), self->division) : NULL;

      orga_widget_show_message (GTK_WIDGET (self), _("The results could not be exported"),
                                error != NULL ? error->message : body);
      return;
    }

  data = g_bytes_get_data (csv, &size);
  if (!g_file_replace_contents (file, data, size, NULL, FALSE, G_FILE_CREATE_REPLACE_DESTINATION,
                                NULL, NULL, &error))
    {
      orga_widget_show_message (GTK_WIDGET (self), _("The results could not be exported"), error->message);
      return;
    }

  {
    g_autofree char *name = g_file_get_basename (file);

    toast (self, g_strdup_printf (_("Results saved in “%s”"), name));
  }
}

static void
export_csv_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  OrgaCertResultsView *self = ORGA_CERT_RESULTS_VIEW (widget);
  g_autofree char *name = NULL;

  if (self->division == NULL)
    return;

  name = orga_cert_results_file_name (self->division, NULL);
  choose_file (self, _("Export the Results"), name, save_csv);
}

static void
save_attestations (OrgaCertResultsView *self,
                   GFile               *file)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = local_path (self, file);
  guint n_pages = 0;

  if (path == NULL)
    return;

  if (!orga_cert_export_attestations (get_store (self), get_organization (self), self->division,
                                      path, &n_pages, &error))
    {
      orga_widget_show_message (GTK_WIDGET (self), _("The attestations could not be saved"), error->message);
      return;
    }
  /* Validations withdrawn since the rows were read: nothing was written. */
  if (n_pages == 0)
    {
      show_no_attestation (self);
      return;
    }

  {
    g_autofree char *name = g_file_get_basename (file);

    toast (self, g_strdup_printf (_("Attestations saved in “%s”"), name));
  }
}

static void
attestations_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  OrgaCertResultsView *self = ORGA_CERT_RESULTS_VIEW (widget);
  g_autofree char *name = NULL;

  if (self->division == NULL)
    return;
  if (n_attestations (self) == 0)
    {
      show_no_attestation (self);
      return;
    }

  name = orga_cert_attestations_file_name (self->division, NULL);
  choose_file (self, _("Download the Attestations"), name, save_attestations);
}

/* ------------------------------------------------------------------------
 * Preview and print
 * ------------------------------------------------------------------------ */

static void
draw_preview (GtkDrawingArea *area,
              cairo_t        *cr,
              int             width,
              int             height,
              gpointer        user_data)
{
  OrgaCertResultsView *self = ORGA_CERT_RESULTS_VIEW (user_data);
  const double margin = 12;

  if (self->page >= n_attestations (self) || width <= 2 * margin || height <= 2 * margin)
    return;

  /* The page keeps its proportions, centred: the renderer fits it. */
  cairo_translate (cr, margin, margin);
  orga_cert_draw_attestation (cr, orga_cert_result_set_get (self->attestations, self->page),
                              width - 2 * margin, height - 2 * margin);
}

static void
preview_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  OrgaCertResultsView *self = ORGA_CERT_RESULTS_VIEW (widget);

  if (n_attestations (self) == 0)
    {
      show_no_attestation (self);
      return;
    }

  self->page = 0;
  gtk_stack_set_visible_child_name (self->mode_stack, "preview");
  update_preview (self);
}

static void
close_preview_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  OrgaCertResultsView *self = ORGA_CERT_RESULTS_VIEW (widget);

  gtk_stack_set_visible_child_name (self->mode_stack, "results");
}

static void
turn_page_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  OrgaCertResultsView *self = ORGA_CERT_RESULTS_VIEW (widget);

  if (g_str_equal (action_name, "results.next-page"))
    {
      if (self->page + 1 < n_attestations (self))
        self->page++;
    }
  else if (self->page > 0)
    self->page--;

  update_preview (self);
}

static void
draw_print_page (cairo_t  *cr,
                 double    width,
                 double    height,
                 guint     page,
                 gpointer  user_data)
{
  OrgaCertResultSet *set = user_data;

  orga_cert_draw_attestation (cr, orga_cert_result_set_get (set, page), width, height);
}

static void
print_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  OrgaCertResultsView *self = ORGA_CERT_RESULTS_VIEW (widget);
  /* The print dialog runs the main loop: the window may close meanwhile. */
  g_autoptr(GtkWidget) hold = g_object_ref (widget);
  /* …and a store change replace the set: print what was previewed. */
  g_autoptr(OrgaCertResultSet) set = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *export_path = NULL;
  g_autofree char *job_name = NULL;

  if (n_attestations (self) == 0)
    {
      show_no_attestation (self);
      return;
    }

  set = orga_cert_result_set_ref (self->attestations);
  if (self->test_file != NULL)
    export_path = g_file_get_path (self->test_file);
  /* TRANSLATORS: the print job's name, with the class */
  job_name = g_strdup_printf (_("Certification attestations %s"), self->division);

  if (!orga_print_pages (orga_widget_get_window (widget), job_name, orga_cert_result_set_get_n (set),
                         draw_print_page, set, export_path, &error))
    orga_widget_show_message (widget, _("The attestations could not be printed"), error->message);
}

/* ------------------------------------------------------------------------
 * The whole school: livret scolaire and archive
 * ------------------------------------------------------------------------ */

static void
save_lsu (OrgaCertResultsView *self,
          GFile               *file)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *json = NULL;

  /* No certification is still a file: Pix answers an empty list. */
  json = orga_cert_export_lsu_json (get_store (self), get_organization (self), NULL, &error);
  if (json == NULL ||
      !g_file_replace_contents (file, json, strlen (json), NULL, FALSE, G_FILE_CREATE_REPLACE_DESTINATION,
                                NULL, NULL, &error))
    {
      orga_widget_show_message (GTK_WIDGET (self), _("The livret scolaire file could not be saved"), error->message);
      return;
    }

  {
    g_autofree char *name = g_file_get_basename (file);

    toast (self, g_strdup_printf (_("Livret scolaire file saved in “%s”"), name));
  }
}

static void
lsu_action (GtkWidget  *widget,
            const char *action_name,
            GVariant   *parameter)
{
  OrgaCertResultsView *self = ORGA_CERT_RESULTS_VIEW (widget);
  OrgaOrganization *organization = get_organization (self);
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *day = NULL;
  g_autofree char *name = NULL;

  if (organization == NULL)
    return;

  /* The results' naming (date first), with the school's UAI: Pix has no
   * file for this, the livret scolaire pulls the JSON from its API. */
  day = g_date_time_format (now, "%Y%m%d");
  name = g_strdup_printf ("%s_livret_scolaire_%s.json", day, orga_organization_get_uai (organization));
  choose_file (self, _("Save the Livret Scolaire File"), name, save_lsu);
}

static void
set_archiving (OrgaCertResultsView *self,
               gboolean             archiving)
{
  gtk_widget_set_visible (GTK_WIDGET (self->archive_spinner), archiving);
  gtk_spinner_set_spinning (self->archive_spinner, archiving);
  gtk_widget_set_visible (GTK_WIDGET (self->archive_label), archiving);
  if (!archiving)
    g_clear_object (&self->archive_cancellable);
  update_actions (self);
}

typedef struct
{
  OrgaCertResultsView *self;
  GFile               *file;
} ArchiveData;

static void
archive_done_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  ArchiveData *data = user_data;
  OrgaCertResultsView *self = data->self;
  g_autoptr(GFile) file = data->file;
  g_autoptr(GError) error = NULL;
  OrgaYearArchiveSummary summary = { 0 };
  gboolean ok;

  g_free (data);
  ok = orga_year_archive_write_finish (result, &summary, &error);
  /* Cancelled: the view is gone (its dispose cancels). */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  set_archiving (self, FALSE);
  if (!ok)
    {
      orga_widget_show_message (GTK_WIDGET (self), _("The school year could not be archived"), error->message);
      return;
    }

  /* orga_year_archive_write() noted the archive in the store: a new
   * student import no longer warns about these results. */
  {
    g_autofree char *name = g_file_get_basename (file);

    toast (self, g_strdup_printf (_("School year archived in “%s”"), name));
  }
}

static void
save_archive (OrgaCertResultsView *self,
              GFile               *file)
{
  g_autofree char *path = local_path (self, file);
  g_autofree char *user = NULL;
  ArchiveData *data;

  if (path == NULL || self->archive_cancellable != NULL)
    return;

  user = orga_context_dup_user_name (self->context);
  self->archive_cancellable = g_cancellable_new ();
  set_archiving (self, TRUE);

  data = g_new0 (ArchiveData, 1);
  data->self = self;
  data->file = g_object_ref (file);
  /* Seconds for a big school: in a job, the buttons insensitive meanwhile. */
  orga_year_archive_write_async (get_store (self), get_organization (self), path, user,
                                 self->archive_cancellable, archive_done_cb, data);
}

static void
archive_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  OrgaCertResultsView *self = ORGA_CERT_RESULTS_VIEW (widget);
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *name = NULL;

  if (get_organization (self) == NULL || self->archive_cancellable != NULL)
    return;

  name = orga_year_archive_file_name (get_organization (self), now);
  choose_file (self, _("Archive the School Year"), name, save_archive);
}

/* ------------------------------------------------------------------------
 * GObject
 * ------------------------------------------------------------------------ */

static void
orga_cert_results_view_dispose (GObject *object)
{
  OrgaCertResultsView *self = ORGA_CERT_RESULTS_VIEW (object);

  g_cancellable_cancel (self->load_cancellable);
  g_clear_object (&self->load_cancellable);
  g_cancellable_cancel (self->archive_cancellable);
  g_clear_object (&self->archive_cancellable);
  if (self->chooser != NULL)
    gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
  g_clear_object (&self->chooser);
  if (self->context != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->context, self);
      g_signal_handlers_disconnect_by_data (orga_context_get_store (self->context), self);
    }
  g_clear_object (&self->context);

  /* mode_stack is the bin's child: unparented once, by the bin. */
  adw_bin_set_child (ADW_BIN (self), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), ORGA_TYPE_CERT_RESULTS_VIEW);

  G_OBJECT_CLASS (orga_cert_results_view_parent_class)->dispose (object);
}

static void
orga_cert_results_view_finalize (GObject *object)
{
  OrgaCertResultsView *self = ORGA_CERT_RESULTS_VIEW (object);

  g_free (self->division);
  g_clear_pointer (&self->results, orga_cert_result_set_unref);
  g_clear_pointer (&self->attestations, orga_cert_result_set_unref);
  g_clear_object (&self->test_file);

  G_OBJECT_CLASS (orga_cert_results_view_parent_class)->finalize (object);
}

static void
orga_cert_results_view_get_property (GObject    *object,
                                     guint       prop_id,
                                     GValue     *value,
                                     GParamSpec *pspec)
{
  OrgaCertResultsView *self = ORGA_CERT_RESULTS_VIEW (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      g_value_set_object (value, self->context);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
orga_cert_results_view_set_property (GObject      *object,
                                     guint         prop_id,
                                     const GValue *value,
                                     GParamSpec   *pspec)
{
  OrgaCertResultsView *self = ORGA_CERT_RESULTS_VIEW (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      orga_cert_results_view_set_context (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
orga_cert_results_view_class_init (OrgaCertResultsViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = orga_cert_results_view_dispose;
  object_class->finalize = orga_cert_results_view_finalize;
  object_class->get_property = orga_cert_results_view_get_property;
  object_class->set_property = orga_cert_results_view_set_property;

  properties[PROP_CONTEXT] =
    g_param_spec_object ("context", NULL, NULL, ORGA_TYPE_CONTEXT,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (ORGA_TYPE_STATUS_PAGE);

  g_type_ensure (ORGA_TYPE_WRAP_BOX);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/pixorga/PixOrga/ui/orga-cert-results-view.ui");
  gtk_widget_class_bind_template_child (widget_class, OrgaCertResultsView, mode_stack);
  gtk_widget_class_bind_template_child (widget_class, OrgaCertResultsView, content_stack);
  gtk_widget_class_bind_template_child (widget_class, OrgaCertResultsView, class_dropdown);
  gtk_widget_class_bind_template_child (widget_class, OrgaCertResultsView, divisions);
  gtk_widget_class_bind_template_child (widget_class, OrgaCertResultsView, selection);
  gtk_widget_class_bind_template_child (widget_class, OrgaCertResultsView, error_page);
  gtk_widget_class_bind_template_child (widget_class, OrgaCertResultsView, page_label);
  gtk_widget_class_bind_template_child (widget_class, OrgaCertResultsView, preview_area);
  gtk_widget_class_bind_template_child (widget_class, OrgaCertResultsView, archive_spinner);
  gtk_widget_class_bind_template_child (widget_class, OrgaCertResultsView, archive_label);
  gtk_widget_class_bind_template_child (widget_class, OrgaCertResultsView, column_view);
  gtk_widget_class_bind_template_child (widget_class, OrgaCertResultsView, export_button);
  gtk_widget_class_bind_template_child (widget_class, OrgaCertResultsView, attestations_button);
  gtk_widget_class_bind_template_child (widget_class, OrgaCertResultsView, preview_button);
  gtk_widget_class_bind_template_child (widget_class, OrgaCertResultsView, previous_button);
  gtk_widget_class_bind_template_child (widget_class, OrgaCertResultsView, next_button);
  gtk_widget_class_bind_template_child (widget_class, OrgaCertResultsView, print_button);
  gtk_widget_class_bind_template_child (widget_class, OrgaCertResultsView, lsu_button);
  gtk_widget_class_bind_template_child (widget_class, OrgaCertResultsView, archive_button);
  gtk_widget_class_bind_template_callback (widget_class, class_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, setup_cell_cb);
  gtk_widget_class_bind_template_callback (widget_class, setup_name_cell_cb);
  gtk_widget_class_bind_template_callback (widget_class, bind_name_cb);
  gtk_widget_class_bind_template_callback (widget_class, bind_status_cb);
  gtk_widget_class_bind_template_callback (widget_class, bind_score_cb);
  gtk_widget_class_bind_template_callback (widget_class, bind_date_cb);
  gtk_widget_class_bind_template_callback (widget_class, bind_code_cb);

  gtk_widget_class_install_action (widget_class, "results.export-csv", NULL, export_csv_action);
  gtk_widget_class_install_action (widget_class, "results.attestations", NULL, attestations_action);
  gtk_widget_class_install_action (widget_class, "results.preview", NULL, preview_action);
  gtk_widget_class_install_action (widget_class, "results.close-preview", NULL, close_preview_action);
  gtk_widget_class_install_action (widget_class, "results.previous-page", NULL, turn_page_action);
  gtk_widget_class_install_action (widget_class, "results.next-page", NULL, turn_page_action);
  gtk_widget_class_install_action (widget_class, "results.print", NULL, print_action);
  gtk_widget_class_install_action (widget_class, "results.lsu", NULL, lsu_action);
  gtk_widget_class_install_action (widget_class, "results.archive", NULL, archive_action);
}

static void
orga_cert_results_view_init (OrgaCertResultsView *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_drawing_area_set_draw_func (self->preview_area, draw_preview, self, NULL);
  update_preview (self);
}

GtkWidget *
orga_cert_results_view_new (OrgaContext *context)
{
  return g_object_new (ORGA_TYPE_CERT_RESULTS_VIEW, "context", context, NULL);
}

OrgaContext *
orga_cert_results_view_get_context (OrgaCertResultsView *self)
{
  g_return_val_if_fail (ORGA_IS_CERT_RESULTS_VIEW (self), NULL);

  return self->context;
}

void
orga_cert_results_view_set_context (OrgaCertResultsView *self,
                                    OrgaContext         *context)
{
  g_return_if_fail (ORGA_IS_CERT_RESULTS_VIEW (self));
  g_return_if_fail (context == NULL || ORGA_IS_CONTEXT (context));

  if (self->context == context)
    return;

  if (self->context != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->context, self);
      g_signal_handlers_disconnect_by_data (orga_context_get_store (self->context), self);
    }
  g_set_object (&self->context, context);
  if (self->context != NULL)
    {
      g_signal_connect_object (self->context, "notify::organization", G_CALLBACK (organization_changed_cb),
                               self, G_CONNECT_SWAPPED);
      g_signal_connect_object (orga_context_get_store (self->context), "changed", G_CALLBACK (store_changed_cb),
                               self, G_CONNECT_SWAPPED);
    }

  organization_changed_cb (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CONTEXT]);
}

const char *
orga_cert_results_view_get_division (OrgaCertResultsView *self)
{
  g_return_val_if_fail (ORGA_IS_CERT_RESULTS_VIEW (self), NULL);

  return self->division;
}

gboolean
orga_cert_results_view_set_division (OrgaCertResultsView *self,
                                     const char          *division)
{
  GListModel *model;
  guint n;

  g_return_val_if_fail (ORGA_IS_CERT_RESULTS_VIEW (self), FALSE);
  g_return_val_if_fail (division != NULL, FALSE);

  model = G_LIST_MODEL (self->divisions);
  n = g_list_model_get_n_items (model);
  for (guint i = 0; i < n; i++)
    if (g_strcmp0 (gtk_string_list_get_string (self->divisions, i), division) == 0)
      {
        /* As a user's pick: class_selected_cb loads the rows. */
        gtk_drop_down_set_selected (self->class_dropdown, i);
        return TRUE;
      }
  return FALSE;
}

gboolean
orga_cert_results_view_is_loaded (OrgaCertResultsView *self)
{
  g_return_val_if_fail (ORGA_IS_CERT_RESULTS_VIEW (self), FALSE);

  return self->loaded;
}

gboolean
orga_cert_results_view_is_idle (OrgaCertResultsView *self)
{
  g_return_val_if_fail (ORGA_IS_CERT_RESULTS_VIEW (self), FALSE);

  return self->archive_cancellable == NULL;
}

void
orga_cert_results_view_set_test_file (OrgaCertResultsView *self,
                                      GFile               *file)
{
  g_return_if_fail (ORGA_IS_CERT_RESULTS_VIEW (self));
  g_return_if_fail (file == NULL || G_IS_FILE (file));

  g_set_object (&self->test_file, file);
}
