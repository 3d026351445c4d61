/* orga-import-errors-dialog.c
 *
 * A refused file is corrected in SIECLE or Fregata, often by someone else:
 * every problem is listed, in a text the head can select, or copy at once
 * to send by mail.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "orga-import-errors-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "orga-import-errors-dialog.h"

struct _OrgaImportErrorsDialog
{
  AdwMessageDialog  parent_instance;

  /* template widgets */
  GtkLabel         *count_label;
  GtkTextView      *text_view;
};

G_DEFINE_FINAL_TYPE (OrgaImportErrorsDialog, orga_import_errors_dialog, ADW_TYPE_MESSAGE_DIALOG)

static void
orga_import_errors_dialog_response (AdwMessageDialog *dialog,
                                    const char       *response)
{
  OrgaImportErrorsDialog *self = ORGA_IMPORT_ERRORS_DIALOG (dialog);

  /* The dialog closes after any response; the clipboard outlives it. */
  if (g_strcmp0 (response, "copy") == 0)
    {
      g_autofree char *text = orga_import_errors_dialog_dup_text (self);

      gdk_clipboard_set_text (gtk_widget_get_clipboard (GTK_WIDGET (self)), text);
    }
}

static void
orga_import_errors_dialog_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), ORGA_TYPE_IMPORT_ERRORS_DIALOG);

  G_OBJECT_CLASS (orga_import_errors_dialog_parent_class)->dispose (object);
}

static void
orga_import_errors_dialog_class_init (OrgaImportErrorsDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  AdwMessageDialogClass *dialog_class = ADW_MESSAGE_DIALOG_CLASS (klass);

  object_class->dispose = orga_import_errors_dialog_dispose;
  dialog_class->response = orga_import_errors_dialog_response;

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/pixorga/PixOrga/ui/orga-import-errors-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, OrgaImportErrorsDialog, count_label);
  gtk_widget_class_bind_template_child (widget_class, OrgaImportErrorsDialog, text_view);
}

static void
orga_import_errors_dialog_init (OrgaImportErrorsDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

OrgaImportErrorsDialog *
orga_import_errors_dialog_new (GtkWindow        *parent,
                               OrgaImportReport *report)
{
  OrgaImportErrorsDialog *self;
  GPtrArray *errors;
  g_autoptr(GString) text = g_string_new (NULL);
  g_autofree char *heading = NULL;
  g_autofree char *count = NULL;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (ORGA_IS_IMPORT_REPORT (report), NULL);

  self = g_object_new (ORGA_TYPE_IMPORT_ERRORS_DIALOG,
                       "transient-for", parent,
                       NULL);

  heading = g_strdup_printf (_("The file “%s” was not imported"), orga_import_report_get_file_name (report));
  adw_message_dialog_set_heading (ADW_MESSAGE_DIALOG (self), heading);

  errors = orga_import_report_get_errors (report);
  count = g_strdup_printf (ngettext ("%u problem:", "%u problems:", errors->len), errors->len);
  gtk_label_set_label (self->count_label, count);

  /* The messages already say where (line, student): one per line. */
  for (guint i = 0; i < errors->len; i++)
    {
      const OrgaImportError *error = g_ptr_array_index (errors, i);

      if (i > 0)
        g_string_append_c (text, '\n');
      g_string_append (text, error->message);
    }
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->text_view), text->str, text->len);

  return self;
}

/* Every message, one per line, as "Copy" puts them on the clipboard. */
char *
orga_import_errors_dialog_dup_text (OrgaImportErrorsDialog *self)
{
  GtkTextBuffer *buffer;
  GtkTextIter start, end;

  g_return_val_if_fail (ORGA_IS_IMPORT_ERRORS_DIALOG (self), NULL);

  buffer = gtk_text_view_get_buffer (self->text_view);
  gtk_text_buffer_get_bounds (buffer, &start, &end);

  return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
}
