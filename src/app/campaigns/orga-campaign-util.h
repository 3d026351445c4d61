/* orga-campaign-util.h: what the campaign page's tabs share
 *
 * Not a public API: helpers for orga-campaign-*.c, orga-campaigns-page.c,
 * orga-participant-page.c and orga-heat-map-page.c, hence the underscores.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "orga-campaign-data.h"
#include "orga-campaign.h"
#include "orga-participation-set.h"

G_BEGIN_DECLS

/* Figures and dates: orga-format.h. "05/09/2024 à 14:30" in local time;
 * NULL for 0. */
char        *_orga_campaign_format_date_time (gint64                   unix_time);

/* "En cours", "En attente d'envoi", "Résultats reçus" / "Profil reçu". */
const char  *_orga_campaign_status_label     (OrgaCampaignType         type,
                                              OrgaParticipationStatus  status);
/* "https://app.pix.fr/campagnes/QWERTY456": Pix's "Lien direct". */
char        *_orga_campaign_dup_direct_link  (OrgaCampaign            *campaign);

/* The colour of an area of the framework as a CSS colour, lighter in the
 * dark style so that the darkest (5, "Environnement numérique") stays
 * visible on a dark background. */
char        *_orga_campaign_dup_area_color   (guint                    area);

/* "Oui" / "Non". */
const char  *_orga_campaign_yes_no           (gboolean                 value);

/* A cell of a column view: a GtkInscription sized in characters, as the
 * Élèves page makes them (no text layout until drawn). */
GtkWidget   *_orga_campaign_make_cell        (GtkListItem             *item,
                                              guint                    min_chars,
                                              guint                    nat_chars,
                                              gboolean                 numeric);

/* A cell as above that remembers which of the view's columns it is in:
 * the tabs bind every column with one callback that switches on @kind. */
GtkWidget   *_orga_campaign_make_kind_cell   (GtkListItem             *item,
                                              guint                    kind,
                                              guint                    min_chars,
                                              guint                    nat_chars,
                                              gboolean                 numeric);
guint        _orga_campaign_cell_get_kind    (GtkWidget               *cell);

/* GTK 4.8 cannot say which column a column view sorts by: each column's
 * GtkCustomSorter records its key in *@probed when asked to compare, and
 * one comparison of two dummies tells the column and the order (see
 * orga-students-page.c). */
void         _orga_campaign_column_set_probe (GtkColumnViewColumn     *column,
                                              int                      key,
                                              int                     *probed);
gboolean     _orga_campaign_column_view_get_sort (GtkColumnView       *view,
                                                  int                 *probed,
                                                  int                 *key,
                                                  gboolean            *descending);

/* The Activité and Résultats lists, an OrgaResultList each. */
/* Shows @list (or nothing for NULL) with no row selected: a row is
 * activated to open the participant, never kept selected. */
void         _orga_campaign_column_view_set_list (GtkColumnView       *view,
                                                  OrgaResultList      *list);
/* Sorts @list (if any) as the view's columns say, by name when they say
 * nothing. */
void         _orga_campaign_sort_list        (GtkColumnView           *view,
                                              int                     *probed,
                                              OrgaResultList          *list);
/* Opens the participant at @position in @list ("campaign.show-participant"). */
void         _orga_campaign_activate_row     (GtkWidget               *widget,
                                              OrgaResultList          *list,
                                              guint                    position);

/* The dispose of those two tabs, AdwBins whose child is a template child:
 * leaves the view's sorter, has the bin unparent the child before the
 * template lets go of it, and drops the data. */
void         _orga_campaign_list_tab_dispose (AdwBin                  *bin,
                                              GType                    type,
                                              GtkColumnView           *view,
                                              OrgaCampaignData       **data);

/* Replaces the reference in *@slot by one to @data; FALSE if *@slot held
 * @data already (nothing to update). */
gboolean     _orga_campaign_data_replace     (OrgaCampaignData       **slot,
                                              OrgaCampaignData        *data);

/* A card with a big number and its caption, as Pix Orga's "Total de
 * participants". */
GtkWidget   *_orga_campaign_card_new         (const char              *caption,
                                              GtkLabel               **value_label);

G_END_DECLS
