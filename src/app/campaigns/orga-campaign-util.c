/* orga-campaign-util.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "orga-campaign"

#include "config.h"

#include <glib/gi18n.h>

#include "orga-campaign-util.h"
#include "orga-format.h"
#include "orga-framework.h"

char *
_orga_campaign_format_date_time (gint64 unix_time)
{
  g_autofree char *date = orga_format_date (unix_time, NULL);
  g_autofree char *time = orga_format_time (unix_time, NULL);

  if (date == NULL || time == NULL)
    return NULL;

  /* TRANSLATORS: "05/09/2024 at 14:30" */
  return g_strdup_printf (_("%s at %s"), date, time);
}

const char *
_orga_campaign_status_label (OrgaCampaignType        type,
                             OrgaParticipationStatus status)
{
  switch (status)
    {
    case ORGA_PARTICIPATION_STARTED:
      return _("In progress");
    case ORGA_PARTICIPATION_TO_SHARE:
      return _("Waiting to be sent");
    case ORGA_PARTICIPATION_SHARED:
      return type == ORGA_CAMPAIGN_TYPE_PROFILES_COLLECTION ? _("Profile received") : _("Results received");
    default:
      return "";
    }
}

/* Where students open a campaign without typing its code. */
#define PIX_APP_CAMPAIGN_URL "https://app.pix.fr/campagnes/"

char *
_orga_campaign_dup_direct_link (OrgaCampaign *campaign)
{
  return g_strconcat (PIX_APP_CAMPAIGN_URL, orga_campaign_get_code (campaign), NULL);
}

char *
_orga_campaign_dup_area_color (guint area)
{
  const OrgaArea *info = orga_framework_get_area (area);
  GdkRGBA color;

  if (info == NULL || !gdk_rgba_parse (&color, info->color))
    return g_strdup ("#888888");
  if (!adw_style_manager_get_dark (adw_style_manager_get_default ()))
    return g_strdup (info->color);

  /* A third of the way to white. */
  color.red += (1 - color.red) / 3;
  color.green += (1 - color.green) / 3;
  color.blue += (1 - color.blue) / 3;
  return g_strdup_printf ("#%02x%02x%02x", (guint)(color.red * 255 + .5),
                          (guint)(color.green * 255 + .5), (guint)(color.blue * 255 + .5));
}

const char *
_orga_campaign_yes_no (gboolean value)
{
  return value ? _("Yes") : _("No");
}

GtkWidget *
_orga_campaign_make_cell (GtkListItem *item,
                          guint        min_chars,
                          guint        nat_chars,
                          gboolean     numeric)
{
  GtkWidget *cell = gtk_inscription_new (NULL);

  gtk_inscription_set_min_chars (GTK_INSCRIPTION (cell), min_chars);
  gtk_inscription_set_nat_chars (GTK_INSCRIPTION (cell), nat_chars);
  gtk_inscription_set_text_overflow (GTK_INSCRIPTION (cell), GTK_INSCRIPTION_OVERFLOW_ELLIPSIZE_END);
  if (numeric)
    gtk_widget_add_css_class (cell, "numeric");
  gtk_list_item_set_child (item, cell);

  return cell;
}

static GQuark
cell_kind_quark (void)
{
  static GQuark quark;

  if (G_UNLIKELY (quark == 0))
    quark = g_quark_from_static_string ("orga-campaign-cell-kind");
  return quark;
}

GtkWidget *
_orga_campaign_make_kind_cell (GtkListItem *item,
                               guint        kind,
                               guint        min_chars,
                               guint        nat_chars,
                               gboolean     numeric)
{
  GtkWidget *cell = _orga_campaign_make_cell (item, min_chars, nat_chars, numeric);

  g_object_set_qdata (G_OBJECT (cell), cell_kind_quark (), GUINT_TO_POINTER (kind));
  return cell;
}

guint
_orga_campaign_cell_get_kind (GtkWidget *cell)
{
  return GPOINTER_TO_UINT (g_object_get_qdata (G_OBJECT (cell), cell_kind_quark ()));
}

typedef struct
{
  int *probed;
  int  key;
} Probe;

static int
probe_cb (gconstpointer a,
          gconstpointer b,
          gpointer      user_data)
{
  Probe *probe = user_data;

  *probe->probed = probe->key;
  return 1;
}

void
_orga_campaign_column_set_probe (GtkColumnViewColumn *column,
                                 int                  key,
                                 int                 *probed)
{
  GtkSorter *sorter = gtk_column_view_column_get_sorter (column);
  Probe *probe = g_new (Probe, 1);

  g_return_if_fail (GTK_IS_CUSTOM_SORTER (sorter));

  probe->probed = probed;
  probe->key = key;
  gtk_custom_sorter_set_sort_func (GTK_CUSTOM_SORTER (sorter), probe_cb, probe, g_free);
}

gboolean
_orga_campaign_column_view_get_sort (GtkColumnView *view,
                                     int           *probed,
                                     int           *key,
                                     gboolean      *descending)
{
  GtkSorter *sorter = gtk_column_view_get_sorter (view);
  GtkOrdering order;

  /* The view's sorter asks the primary column's sorter first and inverts
   * its answer when descending. */
  *probed = -1;
  order = gtk_sorter_compare (sorter, view, view);
  if (*probed < 0)
    return FALSE;

  *key = *probed;
  *descending = order == GTK_ORDERING_SMALLER;
  return TRUE;
}

void
_orga_campaign_column_view_set_list (GtkColumnView  *view,
                                     OrgaResultList *list)
{
  g_autoptr(GtkSingleSelection) selection = NULL;

  if (list != NULL)
    {
      selection = gtk_single_selection_new (g_object_ref (G_LIST_MODEL (list)));
      gtk_single_selection_set_autoselect (selection, FALSE);
      gtk_single_selection_set_can_unselect (selection, TRUE);
      gtk_single_selection_set_selected (selection, GTK_INVALID_LIST_POSITION);
    }
  gtk_column_view_set_model (view, GTK_SELECTION_MODEL (selection));
}

void
_orga_campaign_sort_list (GtkColumnView  *view,
                          int            *probed,
                          OrgaResultList *list)
{
  int key = ORGA_RESULT_SORT_NAME;
  gboolean descending = FALSE;

  if (!_orga_campaign_column_view_get_sort (view, probed, &key, &descending))
    {
      key = ORGA_RESULT_SORT_NAME;
      descending = FALSE;
    }

  if (list != NULL)
    orga_result_list_set_sort (list, key, descending);
}

void
_orga_campaign_activate_row (GtkWidget      *widget,
                             OrgaResultList *list,
                             guint           position)
{
  guint index;

  if (list == NULL || position >= g_list_model_get_n_items (G_LIST_MODEL (list)))
    return;

  index = orga_result_list_get_set_index (list, position);
  gtk_widget_activate_action (widget, "campaign.show-participant", "u", index);
}

void
_orga_campaign_list_tab_dispose (AdwBin            *bin,
                                 GType              type,
                                 GtkColumnView     *view,
                                 OrgaCampaignData **data)
{
  if (view != NULL)
    g_signal_handlers_disconnect_by_data (gtk_column_view_get_sorter (view), bin);

  /* The bin's child is a template child too: unparented once, by the
   * bin, before the template lets go of it. */
  adw_bin_set_child (bin, NULL);
  gtk_widget_dispose_template (GTK_WIDGET (bin), type);
  g_clear_pointer (data, orga_campaign_data_unref);
}

gboolean
_orga_campaign_data_replace (OrgaCampaignData **slot,
                             OrgaCampaignData  *data)
{
  if (*slot == data)
    return FALSE;

  g_clear_pointer (slot, orga_campaign_data_unref);
  if (data != NULL)
    *slot = orga_campaign_data_ref (data);
  return TRUE;
}

GtkWidget *
_orga_campaign_card_new (const char  *caption,
                         GtkLabel   **value_label)
{
  GtkWidget *card = gtk_box_new (GTK_ORIENTATION_VERTICAL, 4);
  GtkWidget *value = gtk_label_new ("–");
  GtkWidget *label = gtk_label_new (caption);

  gtk_widget_add_css_class (card, "card");
  gtk_widget_set_hexpand (card, TRUE);
  gtk_widget_set_margin_start (value, 18);
  gtk_widget_set_margin_end (value, 18);
  gtk_widget_set_margin_top (value, 14);
  gtk_widget_set_margin_start (label, 18);
  gtk_widget_set_margin_end (label, 18);
  gtk_widget_set_margin_bottom (label, 14);
  gtk_label_set_xalign (GTK_LABEL (value), 0);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_widget_add_css_class (value, "title-1");
  gtk_widget_add_css_class (value, "numeric");
  gtk_widget_add_css_class (label, "dim-label");
  gtk_box_append (GTK_BOX (card), value);
  gtk_box_append (GTK_BOX (card), label);

  /* Read as "Total de participants: 42". */
  gtk_accessible_update_relation (GTK_ACCESSIBLE (value),
                                  GTK_ACCESSIBLE_RELATION_LABELLED_BY, label, NULL, -1);

  if (value_label != NULL)
    *value_label = GTK_LABEL (value);
  return card;
}
