/* orga-print.h: printing pages drawn by a function, A4 portrait
 *
 * The one GtkPrintOperation set-up of the app (the account slips, the
 * certification's attestations): the caller's draw function renders a
 * page on the printer's cairo context, as its preview and PDF do, so that
 * what is printed is what was shown.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* Draws page @page (from 0) on @cr, @width × @height points. */
typedef void (*OrgaPrintDrawFunc) (cairo_t  *cr,
                                   double    width,
                                   double    height,
                                   guint     page,
                                   gpointer  user_data);

/* Prints @n_pages pages (A4, portrait, full page: the drawings have their
 * own margins), synchronously: @user_data lives no longer than the call.
 * With @export_filename, writes a PDF there without a dialog (tests, and a
 * print to file); otherwise the print dialog. Returns FALSE with @error
 * set when printing failed (a cancelled dialog is not a failure). */
gboolean orga_print_pages (GtkWindow         *parent,
                           const char        *job_name,
                           guint              n_pages,
                           OrgaPrintDrawFunc  draw,
                           gpointer           user_data,
                           const char        *export_filename,
                           GError           **error);

G_END_DECLS
