/* orga-print.c: printing pages drawn by a function, A4 portrait
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "orga-print"

#include "config.h"

#include "orga-print.h"

typedef struct
{
  guint              n_pages;
  OrgaPrintDrawFunc  draw;
  gpointer           user_data;
} PrintJob;

static void
begin_print_cb (GtkPrintOperation *operation,
                GtkPrintContext   *context,
                PrintJob          *job)
{
  gtk_print_operation_set_n_pages (operation, MAX (job->n_pages, 1));
}

static void
draw_page_cb (GtkPrintOperation *operation,
              GtkPrintContext   *context,
              int                page,
              PrintJob          *job)
{
  job->draw (gtk_print_context_get_cairo_context (context),
             gtk_print_context_get_width (context),
             gtk_print_context_get_height (context),
             (guint) page, job->user_data);
}

gboolean
orga_print_pages (GtkWindow         *parent,
                  const char        *job_name,
                  guint              n_pages,
                  OrgaPrintDrawFunc  draw,
                  gpointer           user_data,
                  const char        *export_filename,
                  GError           **error)
{
  g_autoptr(GtkPrintOperation) operation = gtk_print_operation_new ();
  g_autoptr(GtkPageSetup) setup = gtk_page_setup_new ();
  g_autoptr(GtkPaperSize) a4 = gtk_paper_size_new (GTK_PAPER_NAME_A4);
  PrintJob job = { n_pages, draw, user_data };
  GtkPrintOperationAction action = GTK_PRINT_OPERATION_ACTION_PRINT_DIALOG;
  GtkPrintOperationResult result;

  g_return_val_if_fail (draw != NULL, FALSE);

  gtk_page_setup_set_paper_size (setup, a4);
  gtk_page_setup_set_orientation (setup, GTK_PAGE_ORIENTATION_PORTRAIT);
  gtk_print_operation_set_default_page_setup (operation, setup);
  /* The pages have their own margins, with the page's edges as cut lines
   * for the slips: the printer's margins would shift them. */
  gtk_print_operation_set_use_full_page (operation, TRUE);
  gtk_print_operation_set_unit (operation, GTK_UNIT_POINTS);
  if (job_name != NULL)
    gtk_print_operation_set_job_name (operation, job_name);
  if (export_filename != NULL)
    {
      gtk_print_operation_set_export_filename (operation, export_filename);
      action = GTK_PRINT_OPERATION_ACTION_EXPORT;
    }
  g_signal_connect (operation, "begin-print", G_CALLBACK (begin_print_cb), &job);
  g_signal_connect (operation, "draw-page", G_CALLBACK (draw_page_cb), &job);

  /* Synchronous: the job and what it draws live on this stack. */
  result = gtk_print_operation_run (operation, action, parent, error);
  return result != GTK_PRINT_OPERATION_RESULT_ERROR;
}
