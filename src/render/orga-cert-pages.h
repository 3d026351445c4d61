/* orga-cert-pages.h: the certification's printed pages (issue 12)
 *
 * One renderer, cairo and Pango only (library orga-render: no GTK), for
 * every page the certification prints: the attestation (one page per
 * validated student, spec §3.3 "PDF attestations"), the attendance sheet
 * (feuille d'émargement, spec §2.1), the readiness list (Préparation,
 * issue 12 item 1). The app's preview draws a page into
 * its widget, GtkPrintOperation into the printer's context, and the PDF
 * writers into a cairo PDF surface, all through the same draw functions.
 * Pages are A4 portrait in points (595.28 × 841.89); the draw functions
 * scale to any width × height given, centred, on a white page.
 *
 * Decisions (cert-render):
 *   - the text is French and drawn in the generic "Sans" family (no
 *     bundled font), unhinted, so that the preview, the printer and the
 *     PDF break lines alike;
 *   - the PDF writers build the file in memory and write it whole
 *     (g_file_set_contents): a failure leaves @path as it was. Errors:
 *     G_IO_ERROR_INVALID_ARGUMENT when there is no attestation to write,
 *     G_IO_ERROR_FAILED when cairo fails, G_FILE_ERROR_* when writing;
 *   - the writers shape the fixed texts once per document; a draw
 *     function called alone (a preview) sets up its fonts each call;
 *   - the global level (spec §5) is printed when orga_cert_mesh_index ()
 *     of the score is over 0, as "Débutant 1" … "Expert 8";
 *   - a date that is not a date is left out (attestation) or printed as
 *     given (attendance sheet); a missing string prints nothing.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <cairo.h>
#include <glib.h>

#include "orga-cert.h"

G_BEGIN_DECLS

#define ORGA_CERT_PAGE_WIDTH  595.28
#define ORGA_CERT_PAGE_HEIGHT 841.89

/* Draws the attestation of @result on a page of @width × @height (in
 * the user units of @cr; the page is scaled to fit). */
void     orga_cert_draw_attestation     (cairo_t              *cr,
                                         const OrgaCertResult *result,
                                         double                width,
                                         double                height);

/* Writes one page per result, in order (the caller gives the validated
 * ones: orga_store_load_cert_results (…, ORGA_CERT_RESULTS_ATTESTATIONS)).
 * The PDF's title and metadata are set. */
gboolean orga_cert_write_attestations_pdf (const char           *path,
                                           const OrgaCertResult *results,
                                           guint                 n_results,
                                           GError              **error);

/* The attendance sheet: header (session number, site, room, date, hour,
 * "Surveillé par") and the candidates' table (Nom de naissance, Prénom,
 * Date de naissance, Identifiant local, Classe, Signature), as many
 * pages as needed. */
typedef struct
{
  const char *last_name;
  const char *first_name;
  const char *birthdate;     /* YYYY-MM-DD */
  const char *external_id;   /* may be NULL */
  const char *division;      /* may be NULL */
} OrgaCertSheetRow;

typedef struct
{
  gint64      number;        /* 0: not yet given (written "en attente") */
  const char *address;
  const char *room;
  const char *date;          /* YYYY-MM-DD */
  const char *time;          /* HH:MM */
  const char *examiner;
  const char *certification_center;
} OrgaCertSheetHeader;

guint    orga_cert_attendance_n_pages   (guint n_rows);
void     orga_cert_draw_attendance_page (cairo_t                   *cr,
                                         const OrgaCertSheetHeader *header,
                                         const OrgaCertSheetRow    *rows,
                                         guint                      n_rows,
                                         guint                      page,
                                         double                     width,
                                         double                     height);
gboolean orga_cert_write_attendance_pdf (const char                *path,
                                         const OrgaCertSheetHeader *header,
                                         const OrgaCertSheetRow    *rows,
                                         guint                      n_rows,
                                         GError                   **error);

/* The readiness list (issue 12, item 1): who is certifiable, per class,
 * in the order given (the store's urgency order); a header with the
 * class, the next session and the counts, then a table (Nom, Prénom,
 * Classe, Statut, Compétences niveau 1+ as "3 / 5" for a student not yet
 * certifiable, Inscrit), as many pages as needed. */
typedef struct
{
  const char *last_name;
  const char *first_name;
  const char *division;
  int         certifiable;              /* 1, 0, -1 unknown */
  guint       competences_at_level_1;
  gboolean    enrolled;
} OrgaCertReadinessSheetRow;

typedef struct
{
  const char *division;      /* NULL: every class */
  const char *next_session;  /* YYYY-MM-DD, or NULL: none planned */
} OrgaCertReadinessHeader;

guint    orga_cert_readiness_n_pages    (guint n_rows);
void     orga_cert_draw_readiness_page  (cairo_t                         *cr,
                                         const OrgaCertReadinessHeader   *header,
                                         const OrgaCertReadinessSheetRow *rows,
                                         guint                            n_rows,
                                         guint                            page,
                                         double                           width,
                                         double                           height);
gboolean orga_cert_write_readiness_pdf  (const char                      *path,
                                         const OrgaCertReadinessHeader   *header,
                                         const OrgaCertReadinessSheetRow *rows,
                                         guint                            n_rows,
                                         GError                         **error);

G_END_DECLS
