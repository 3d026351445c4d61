/* orga-import-preview-dialog.c
 *
 * The result of a dry run: how many students each kind of change concerns
 * and, on demand, who. Nothing is written until "Import"; the dialog only
 * answers with the "response" signal ("import" or "cancel"), the page does
 * the rest.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "orga-import-preview-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "orga-import-preview-dialog.h"
#include "orga-widget-util.h"

/* One line of the preview: the changes of one kind. Only the first
 * ORGA_IMPORT_PREVIEW_MAX_NAMES are kept; the rows are created the first
 * time the line is expanded, so a 100,000-student file opens at once. */
typedef struct
{
  AdwExpanderRow *row;
  GtkLabel       *count_label;
  GPtrArray      *changes;      /* const OrgaImportChange *, owned by the report */
  guint           total;
  gboolean        populated;
} PreviewLine;

struct _OrgaImportPreviewDialog
{
  AdwWindow         parent_instance;

  /* template widgets */
  AdwWindowTitle   *window_title;
  GtkLabel         *summary_label;
  GtkButton        *import_button;
  AdwExpanderRow   *new_row;
  AdwExpanderRow   *class_row;
  AdwExpanderRow   *returning_row;
  AdwExpanderRow   *leaving_row;
  AdwExpanderRow   *ignored_row;
  GtkLabel         *new_count;
  GtkLabel         *class_count;
  GtkLabel         *returning_count;
  GtkLabel         *leaving_count;
  GtkLabel         *ignored_count;
  GtkLabel         *unchanged_count;

  /* owned */
  OrgaImportReport *report;
  PreviewLine       lines[ORGA_IMPORT_CHANGE_IGNORED + 1];
  gboolean          responded;
};

G_DEFINE_FINAL_TYPE (OrgaImportPreviewDialog, orga_import_preview_dialog, ADW_TYPE_WINDOW)

enum {
  RESPONSE,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static const char *
ignore_reason_text (OrgaIgnoreReason reason)
{
  switch (reason)
    {
    case ORGA_IGNORE_LEFT_SCHOOL:
      return _("left the school");
    case ORGA_IGNORE_NO_INE:
      return _("no INE");
    case ORGA_IGNORE_NO_DIVISION:
      return _("no class");
    case ORGA_IGNORE_NONE:
    default:
      return "";
    }
}

static char *
change_title (const OrgaImportChange *change)
{
  /* As Pix Orga writes names: family name first. */
  const char *last = change->last_name != NULL && *change->last_name != '\0' ? change->last_name : NULL;
  const char *first = change->first_name != NULL && *change->first_name != '\0' ? change->first_name : NULL;

  if (last != NULL && first != NULL)
    return g_strdup_printf ("%s %s", last, first);
  if (last != NULL || first != NULL)
    return g_strdup (last != NULL ? last : first);

  return g_strdup (_("Name missing"));
}

static char *
change_subtitle (const OrgaImportChange *change)
{
  GString *text = g_string_new (NULL);

  switch (change->kind)
    {
    case ORGA_IMPORT_CHANGE_CLASS:
      /* TRANSLATORS: a class change, "6A → 5B" */
      g_string_printf (text, _("%s → %s"),
                       change->old_division ? change->old_division : "–",
                       change->new_division ? change->new_division : "–");
      break;
    case ORGA_IMPORT_CHANGE_IGNORED:
      g_string_append (text, ignore_reason_text (change->reason));
      break;
    case ORGA_IMPORT_CHANGE_NEW:
    case ORGA_IMPORT_CHANGE_RETURNING:
      if (change->new_division != NULL)
        g_string_printf (text, _("Class %s"), change->new_division);
      break;
    case ORGA_IMPORT_CHANGE_LEAVING:
      if (change->old_division != NULL)
        g_string_printf (text, _("Class %s"), change->old_division);
      break;
    default:
      g_assert_not_reached ();
    }

  if (change->ine != NULL && *change->ine != '\0')
    {
      if (text->len > 0)
        g_string_append (text, " · ");
      g_string_append_printf (text, _("INE %s"), change->ine);
    }

  return g_string_free (text, FALSE);
}

static void
populate_line (PreviewLine *line)
{
  if (line->populated)
    return;
  line->populated = TRUE;

  for (guint i = 0; i < line->changes->len; i++)
    {
      const OrgaImportChange *change = g_ptr_array_index (line->changes, i);
      g_autofree char *title = change_title (change);
      g_autofree char *subtitle = change_subtitle (change);
      GtkWidget *row = adw_action_row_new ();

      /* Names come from a file: never markup. */
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
      adw_expander_row_add_row (line->row, row);
    }

  if (line->total > line->changes->len)
    {
      guint more = line->total - line->changes->len;
      g_autofree char *title = g_strdup_printf (ngettext ("… and %'u more student",
                                                          "… and %'u more students", more), more);
      GtkWidget *row = adw_action_row_new ();

      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
      gtk_widget_add_css_class (row, "dim-label");
      adw_expander_row_add_row (line->row, row);
    }
}

static void
row_expanded_cb (OrgaImportPreviewDialog *self,
                 GParamSpec              *pspec,
                 AdwExpanderRow          *row)
{
  if (!adw_expander_row_get_expanded (row))
    return;

  for (guint i = 0; i < G_N_ELEMENTS (self->lines); i++)
    if (self->lines[i].row == row)
      populate_line (&self->lines[i]);
}

static void
respond (OrgaImportPreviewDialog *self,
         const char              *response)
{
  /* Closing the window after a button answers must not answer twice. */
  if (self->responded)
    return;
  self->responded = TRUE;

  g_signal_emit (self, signals[RESPONSE], g_quark_from_string (response), response);
  gtk_window_destroy (GTK_WINDOW (self));
}

static void
import_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  respond (ORGA_IMPORT_PREVIEW_DIALOG (widget), "import");
}

static void
cancel_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  respond (ORGA_IMPORT_PREVIEW_DIALOG (widget), "cancel");
}

static gboolean
orga_import_preview_dialog_close_request (GtkWindow *window)
{
  OrgaImportPreviewDialog *self = ORGA_IMPORT_PREVIEW_DIALOG (window);

  if (!self->responded)
    {
      self->responded = TRUE;
      g_signal_emit (self, signals[RESPONSE], g_quark_from_static_string ("cancel"), "cancel");
    }

  return GTK_WINDOW_CLASS (orga_import_preview_dialog_parent_class)->close_request (window);
}

static void
set_count (GtkLabel *label,
           guint     count)
{
  g_autofree char *text = g_strdup_printf ("%'u", count);

  gtk_label_set_label (label, text);
}

static void
fill (OrgaImportPreviewDialog *self)
{
  const OrgaImportCounts *counts = orga_import_report_get_counts (self->report);
  GArray *changes = orga_import_report_get_changes (self->report);
  const char *file_name = orga_import_report_get_file_name (self->report);
  guint in_file;
  g_autofree char *summary = NULL;

  adw_window_title_set_subtitle (self->window_title, file_name);

  /* One pass over the changes, keeping the first names of each kind. */
  for (guint i = 0; i < changes->len; i++)
    {
      const OrgaImportChange *change = &g_array_index (changes, OrgaImportChange, i);
      PreviewLine *line;

      if ((guint)change->kind >= G_N_ELEMENTS (self->lines))
        continue;

      line = &self->lines[change->kind];
      line->total++;
      if (line->changes->len < ORGA_IMPORT_PREVIEW_MAX_NAMES)
        g_ptr_array_add (line->changes, (gpointer)change);
    }

  /* The counts are the importer's; the change list says who. */
  self->lines[ORGA_IMPORT_CHANGE_NEW].total = MAX (self->lines[ORGA_IMPORT_CHANGE_NEW].total, counts->created);
  self->lines[ORGA_IMPORT_CHANGE_CLASS].total = MAX (self->lines[ORGA_IMPORT_CHANGE_CLASS].total, counts->class_changed);
  self->lines[ORGA_IMPORT_CHANGE_RETURNING].total = MAX (self->lines[ORGA_IMPORT_CHANGE_RETURNING].total, counts->returning);
  self->lines[ORGA_IMPORT_CHANGE_LEAVING].total = MAX (self->lines[ORGA_IMPORT_CHANGE_LEAVING].total, counts->disabled);
  self->lines[ORGA_IMPORT_CHANGE_IGNORED].total = MAX (self->lines[ORGA_IMPORT_CHANGE_IGNORED].total, counts->ignored);

  for (guint i = 0; i < G_N_ELEMENTS (self->lines); i++)
    {
      PreviewLine *line = &self->lines[i];

      set_count (line->count_label, line->total);
      /* Nothing to show: the line stays, the arrow goes. */
      adw_expander_row_set_enable_expansion (line->row, line->changes->len > 0);
      gtk_widget_set_sensitive (GTK_WIDGET (line->row), line->total > 0);
    }
  set_count (self->unchanged_count, counts->unchanged);

  in_file = counts->created + counts->updated + counts->unchanged;
  summary = g_strdup_printf (ngettext ("The file lists %'u student to import.",
                                       "The file lists %'u students to import.", in_file),
                             in_file);
  gtk_label_set_label (self->summary_label, summary);
}

static void
orga_import_preview_dialog_dispose (GObject *object)
{
  OrgaImportPreviewDialog *self = (OrgaImportPreviewDialog *)object;

  gtk_widget_dispose_template (GTK_WIDGET (self), ORGA_TYPE_IMPORT_PREVIEW_DIALOG);

  G_OBJECT_CLASS (orga_import_preview_dialog_parent_class)->dispose (object);
}

static void
orga_import_preview_dialog_finalize (GObject *object)
{
  OrgaImportPreviewDialog *self = (OrgaImportPreviewDialog *)object;

  /* The lines point into the report: drop them first. */
  for (guint i = 0; i < G_N_ELEMENTS (self->lines); i++)
    g_clear_pointer (&self->lines[i].changes, g_ptr_array_unref);
  g_clear_object (&self->report);

  G_OBJECT_CLASS (orga_import_preview_dialog_parent_class)->finalize (object);
}

static void
orga_import_preview_dialog_class_init (OrgaImportPreviewDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = orga_import_preview_dialog_dispose;
  object_class->finalize = orga_import_preview_dialog_finalize;
  window_class->close_request = orga_import_preview_dialog_close_request;

  /**
   * OrgaImportPreviewDialog::response:
   * @response: "import" or "cancel"
   *
   * Emitted once, when the user decides; the dialog then closes itself.
   */
  signals[RESPONSE] = g_signal_new ("response",
                                    G_TYPE_FROM_CLASS (klass),
                                    G_SIGNAL_RUN_LAST | G_SIGNAL_DETAILED,
                                    0, NULL, NULL, NULL,
                                    G_TYPE_NONE, 1, G_TYPE_STRING);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/pixorga/PixOrga/ui/orga-import-preview-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, OrgaImportPreviewDialog, window_title);
  gtk_widget_class_bind_template_child (widget_class, OrgaImportPreviewDialog, summary_label);
  gtk_widget_class_bind_template_child (widget_class, OrgaImportPreviewDialog, import_button);
  gtk_widget_class_bind_template_child (widget_class, OrgaImportPreviewDialog, new_row);
  gtk_widget_class_bind_template_child (widget_class, OrgaImportPreviewDialog, class_row);
  gtk_widget_class_bind_template_child (widget_class, OrgaImportPreviewDialog, returning_row);
  gtk_widget_class_bind_template_child (widget_class, OrgaImportPreviewDialog, leaving_row);
  gtk_widget_class_bind_template_child (widget_class, OrgaImportPreviewDialog, ignored_row);
  gtk_widget_class_bind_template_child (widget_class, OrgaImportPreviewDialog, new_count);
  gtk_widget_class_bind_template_child (widget_class, OrgaImportPreviewDialog, class_count);
  gtk_widget_class_bind_template_child (widget_class, OrgaImportPreviewDialog, returning_count);
  gtk_widget_class_bind_template_child (widget_class, OrgaImportPreviewDialog, leaving_count);
  gtk_widget_class_bind_template_child (widget_class, OrgaImportPreviewDialog, ignored_count);
  gtk_widget_class_bind_template_child (widget_class, OrgaImportPreviewDialog, unchanged_count);
  gtk_widget_class_bind_template_callback (widget_class, row_expanded_cb);

  gtk_widget_class_install_action (widget_class, "preview.import", NULL, import_action);
  gtk_widget_class_install_action (widget_class, "preview.cancel", NULL, cancel_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "preview.cancel", NULL);
}

static void
orga_import_preview_dialog_init (OrgaImportPreviewDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  orga_widget_fit_to_parent (GTK_WINDOW (self));

  self->lines[ORGA_IMPORT_CHANGE_NEW] = (PreviewLine) { self->new_row, self->new_count };
  self->lines[ORGA_IMPORT_CHANGE_CLASS] = (PreviewLine) { self->class_row, self->class_count };
  self->lines[ORGA_IMPORT_CHANGE_RETURNING] = (PreviewLine) { self->returning_row, self->returning_count };
  self->lines[ORGA_IMPORT_CHANGE_LEAVING] = (PreviewLine) { self->leaving_row, self->leaving_count };
  self->lines[ORGA_IMPORT_CHANGE_IGNORED] = (PreviewLine) { self->ignored_row, self->ignored_count };
  for (guint i = 0; i < G_N_ELEMENTS (self->lines); i++)
    self->lines[i].changes = g_ptr_array_new ();

  gtk_window_set_default_widget (GTK_WINDOW (self), GTK_WIDGET (self->import_button));
}

OrgaImportPreviewDialog *
orga_import_preview_dialog_new (OrgaImportReport *report)
{
  OrgaImportPreviewDialog *self;

  g_return_val_if_fail (ORGA_IS_IMPORT_REPORT (report), NULL);

  self = g_object_new (ORGA_TYPE_IMPORT_PREVIEW_DIALOG, NULL);
  self->report = g_object_ref (report);
  fill (self);

  return self;
}

OrgaImportReport *
orga_import_preview_dialog_get_report (OrgaImportPreviewDialog *self)
{
  g_return_val_if_fail (ORGA_IS_IMPORT_PREVIEW_DIALOG (self), NULL);
  return self->report;
}
