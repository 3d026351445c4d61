/* orga-campaigns-page.c
 *
 * "Campagnes": the school's campaigns as Pix Orga lists them, "Mes
 * campagnes" (the user owns them) or "Toutes les campagnes", active or
 * archived, searched by name and by owner; the columns of Pix Orga,
 * sortable; the campaigns ticked can be deleted. A row opens the page of
 * its campaign in an inner leaflet.
 *
 * This page owns what changes a campaign: creating, editing and
 * duplicating through OrgaCampaignForm, archiving, unarchiving and
 * deleting, as "campaigns.*" actions that the campaign's page (its
 * "Paramètres" tab and its header) activates on the campaign shown.
 *
 * A school has a few hundred campaigns at most: they are read at once
 * into a GListStore, sorted in memory by the column view's sorter.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "orga-campaigns-page"

#include "config.h"

#include <glib/gi18n.h>

#include "orga-campaign-form.h"
#include "orga-campaign-page.h"
#include "orga-campaign-util.h"
#include "orga-campaigns-page.h"
#include "orga-context.h"
#include "orga-format.h"
#include "orga-store-campaigns.h"
#include "orga-widget-util.h"
#include "orga-wrap-box.h"

/* A toast's button looks its action up from the toast overlay, above this
 * page: the toast actions live in a group inserted on the window. */
#define TOAST_ACTIONS_PREFIX "campaigns-page"

struct _OrgaCampaignsPage
{
  AdwBin               parent_instance;

  /* template widgets */
  AdwLeaflet          *leaflet;
  GtkStack            *content_stack;
  GtkRevealer         *demo_revealer;
  GtkButton           *empty_create_button;
  GtkButton           *create_button;
  GtkToggleButton     *mine_button;
  GtkToggleButton     *all_button;
  GtkToggleButton     *active_button;
  GtkToggleButton     *archived_button;
  GtkSearchEntry      *name_search;
  GtkSearchEntry      *owner_search;
  GtkButton           *clear_button;
  GtkButton           *delete_button;
  GtkLabel            *count_label;
  GtkStack            *results_stack;
  GtkColumnView       *column_view;
  GtkColumnViewColumn *name_column;
  GtkColumnViewColumn *code_column;
  GtkColumnViewColumn *owner_column;
  GtkColumnViewColumn *created_column;
  GtkColumnViewColumn *participants_column;
  GtkColumnViewColumn *shared_column;
  AdwStatusPage       *no_results_page;
  GtkButton           *no_results_button;
  AdwBin              *campaign_slot;
  OrgaCampaignPage    *campaign_page;      /* in campaign_slot, once needed */

  /* owned */
  OrgaContext         *context;
  GListStore          *campaigns;       /* of OrgaCampaign, newest first */
  GHashTable          *checked;         /* ids (gint64 *) of the rows ticked */
  OrgaCampaign        *campaign;        /* the one whose page is shown */
  GSimpleActionGroup  *toast_actions;
  GtkWidget           *toast_actions_root;  /* weak */
  GtkWindow           *form;                /* weak */
  gboolean             has_campaigns;   /* any at all, whatever the filters */
  gboolean             updating_filters;
};

G_DEFINE_FINAL_TYPE (OrgaCampaignsPage, orga_campaigns_page, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_CONTEXT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static GQuark cell_kind_quark;

static void reload (OrgaCampaignsPage *self);

/* ------------------------------------------------------------------------
 * Messages
 * ------------------------------------------------------------------------ */

/* Takes @toast. Widget tests have no OrgaWindow, hence no toast overlay:
 * the last title is kept on the page for them. */
static void
show_toast (OrgaCampaignsPage *self,
            AdwToast          *toast)
{
  g_object_set_data_full (G_OBJECT (self), "last-toast", g_strdup (adw_toast_get_title (toast)), g_free);
  orga_widget_add_toast (GTK_WIDGET (self), toast);
}

static char *
dup_user (OrgaCampaignsPage *self)
{
  return orga_context_dup_user_name (self->context);
}

/* ------------------------------------------------------------------------
 * State
 * ------------------------------------------------------------------------ */

static gboolean
has_school (OrgaCampaignsPage *self)
{
  return self->context != NULL && orga_context_get_organization (self->context) != NULL;
}

static gboolean
searching (OrgaCampaignsPage *self)
{
  const char *name = gtk_editable_get_text (GTK_EDITABLE (self->name_search));
  const char *owner = gtk_editable_get_text (GTK_EDITABLE (self->owner_search));

  return (name != NULL && *name != '\0') || (owner != NULL && *owner != '\0');
}

static gboolean
filters_active (OrgaCampaignsPage *self)
{
  return searching (self) || gtk_toggle_button_get_active (self->archived_button);
}

static void
update_actions (OrgaCampaignsPage *self)
{
  GtkWidget *widget = GTK_WIDGET (self);
  gboolean shown = self->campaign != NULL;
  gboolean archived = shown && orga_campaign_is_archived (self->campaign);

  orga_widget_action_set_enabled (widget, "campaigns.create", has_school (self));
  /* An archived campaign is read-only until it is unarchived. */
  orga_widget_action_set_enabled (widget, "campaigns.edit", shown && !archived);
  orga_widget_action_set_enabled (widget, "campaigns.duplicate", shown);
  orga_widget_action_set_enabled (widget, "campaigns.archive", shown && !archived);
  orga_widget_action_set_enabled (widget, "campaigns.unarchive", archived);
  orga_widget_action_set_enabled (widget, "campaigns.delete", shown);
  orga_widget_action_set_enabled (widget, "campaigns.delete-selected", g_hash_table_size (self->checked) > 0);
  orga_widget_action_set_enabled (widget, "campaigns.clear-filters", filters_active (self));
}

static void
update_checked (OrgaCampaignsPage *self)
{
  guint n = g_hash_table_size (self->checked);

  if (n > 0)
    {
      /* TRANSLATORS: the button that deletes the campaigns ticked in the list */
      g_autofree char *label = g_strdup_printf (_("_Delete (%u)"), n);

      gtk_button_set_label (self->delete_button, label);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->delete_button), n > 0);

  update_actions (self);
}

static void
update_state (OrgaCampaignsPage *self)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->campaigns));
  gboolean all = gtk_toggle_button_get_active (self->all_button);
  g_autofree char *count = g_strdup_printf (ngettext ("%u campaign", "%u campaigns", n), n);

  gtk_label_set_label (self->count_label, count);
  gtk_column_view_column_set_visible (self->owner_column, all);

  gtk_stack_set_visible_child_name (self->content_stack, self->has_campaigns ? "list" : "empty");
  gtk_stack_set_visible_child_name (self->results_stack, n > 0 ? "list" : "no-results");

  /* Nothing shown: say why, and offer the way out. */
  if (n == 0 && !filters_active (self) && !all)
    {
      adw_status_page_set_icon_name (self->no_results_page, "avatar-default-symbolic");
      adw_status_page_set_title (self->no_results_page, _("You Own No Campaign"));
      adw_status_page_set_description (self->no_results_page,
                                       _("The campaigns of your colleagues are under “All Campaigns”."));
      gtk_button_set_label (self->no_results_button, _("_Show All Campaigns"));
      gtk_actionable_set_action_name (GTK_ACTIONABLE (self->no_results_button), "campaigns.show-all");
    }
  else if (n == 0)
    {
      adw_status_page_set_icon_name (self->no_results_page, "edit-find-symbolic");
      if (searching (self))
        {
          adw_status_page_set_title (self->no_results_page, _("No Matching Campaigns"));
          adw_status_page_set_description (self->no_results_page,
                                           _("No campaign matches the search and the filters."));
        }
      else
        {
          adw_status_page_set_title (self->no_results_page, _("No Archived Campaigns"));
          adw_status_page_set_description (self->no_results_page,
                                           _("Archived campaigns are listed here; active ones are under “Active”."));
        }
      gtk_button_set_label (self->no_results_button, _("C_lear Filters"));
      gtk_actionable_set_action_name (GTK_ACTIONABLE (self->no_results_button), "campaigns.clear-filters");
    }

  update_checked (self);
}

/* ------------------------------------------------------------------------
 * Loading
 * ------------------------------------------------------------------------ */

static GPtrArray *
list_campaigns (OrgaCampaignsPage       *self,
                const OrgaCampaignQuery *query)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *list;

  list = orga_store_list_campaigns (orga_context_get_store (self->context),
                                    orga_context_get_organization (self->context),
                                    query, &error);
  if (list == NULL)
    {
      g_warning ("Could not list the campaigns: %s", error->message);
      list = g_ptr_array_new_with_free_func (g_object_unref);
    }

  return list;
}

static const char *
text_or_null (GtkSearchEntry *entry)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (entry));

  return text != NULL && *text != '\0' ? text : NULL;
}

static void
reload (OrgaCampaignsPage *self)
{
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(GHashTable) ids = NULL;
  g_autofree char *user = NULL;
  OrgaCampaignQuery query = { 0 };
  GHashTableIter iter;
  gpointer key;

  if (!has_school (self))
    {
      g_list_store_remove_all (self->campaigns);
      g_hash_table_remove_all (self->checked);
      self->has_campaigns = FALSE;
      gtk_revealer_set_reveal_child (self->demo_revealer, FALSE);
      update_state (self);
      return;
    }

  gtk_revealer_set_reveal_child (self->demo_revealer,
                                 orga_store_has_demo_data (orga_context_get_store (self->context),
                                                           orga_context_get_organization (self->context)));

  user = dup_user (self);
  query.archived = gtk_toggle_button_get_active (self->archived_button);
  query.owner = gtk_toggle_button_get_active (self->mine_button) ? user : NULL;
  query.search = text_or_null (self->name_search);
  query.owner_search = text_or_null (self->owner_search);

  list = list_campaigns (self, &query);
  g_list_store_splice (self->campaigns, 0, g_list_model_get_n_items (G_LIST_MODEL (self->campaigns)),
                       list->pdata, list->len);

  /* The first-time state needs to know whether there is any campaign at
   * all, in either tab. */
  self->has_campaigns = list->len > 0;
  for (guint archived = 0; archived < 2 && !self->has_campaigns; archived++)
    {
      OrgaCampaignQuery any = { .archived = archived };
      g_autoptr(GPtrArray) all = list_campaigns (self, &any);

      self->has_campaigns = all->len > 0;
    }

  /* A ticked row that the filters hide is no longer ticked: "Supprimer"
   * only deletes what can be seen. */
  ids = g_hash_table_new (g_int64_hash, g_int64_equal);
  for (guint i = 0; i < list->len; i++)
    {
      OrgaCampaign *campaign = g_ptr_array_index (list, i);
      gint64 id = orga_campaign_get_id (campaign);

      if (g_hash_table_lookup_extended (self->checked, &id, &key, NULL))
        g_hash_table_add (ids, key);
    }
  g_hash_table_iter_init (&iter, self->checked);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    if (!g_hash_table_contains (ids, key))
      g_hash_table_iter_remove (&iter);

  update_state (self);
}

static void
filters_changed_cb (OrgaCampaignsPage *self)
{
  if (self->updating_filters)
    return;

  reload (self);
}

static void
clear_filters_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  OrgaCampaignsPage *self = ORGA_CAMPAIGNS_PAGE (widget);

  /* One reload for all the filters. */
  self->updating_filters = TRUE;
  gtk_editable_set_text (GTK_EDITABLE (self->name_search), "");
  gtk_editable_set_text (GTK_EDITABLE (self->owner_search), "");
  gtk_toggle_button_set_active (self->active_button, TRUE);
  self->updating_filters = FALSE;

  reload (self);
}

static void
show_all_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  OrgaCampaignsPage *self = ORGA_CAMPAIGNS_PAGE (widget);

  gtk_toggle_button_set_active (self->all_button, TRUE);
}

static void
focus_search_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  OrgaCampaignsPage *self = ORGA_CAMPAIGNS_PAGE (widget);

  adw_leaflet_set_visible_child_name (self->leaflet, "list");
  gtk_widget_grab_focus (GTK_WIDGET (self->name_search));
}

/* ------------------------------------------------------------------------
 * Cells
 * ------------------------------------------------------------------------ */

typedef enum
{
  CELL_CHECK,
  CELL_NAME,
  CELL_CODE,
  CELL_OWNER,
  CELL_CREATED,
  CELL_PARTICIPANTS,
  CELL_SHARED,
} CellKind;

static void
check_toggled_cb (OrgaCampaignsPage *self,
                  GtkCheckButton    *check)
{
  OrgaCampaign *campaign = g_object_get_data (G_OBJECT (check), "campaign");
  gint64 id;

  if (campaign == NULL)
    return;

  id = orga_campaign_get_id (campaign);
  if (gtk_check_button_get_active (check))
    {
      if (!g_hash_table_contains (self->checked, &id))
        g_hash_table_add (self->checked, g_memdup2 (&id, sizeof id));
    }
  else
    g_hash_table_remove (self->checked, &id);

  update_checked (self);
}

static GtkWidget *
make_label (GtkListItem *item,
            CellKind     kind,
            float        xalign)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), xalign);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  g_object_set_qdata (G_OBJECT (label), cell_kind_quark, GUINT_TO_POINTER (kind));
  gtk_list_item_set_child (item, label);

  return label;
}

static void
setup_check_cb (OrgaCampaignsPage        *self,
                GtkListItem              *item,
                GtkSignalListItemFactory *factory)
{
  GtkWidget *check = gtk_check_button_new ();

  g_object_set_qdata (G_OBJECT (check), cell_kind_quark, GUINT_TO_POINTER (CELL_CHECK));
  g_signal_connect_object (check, "toggled", G_CALLBACK (check_toggled_cb), self, G_CONNECT_SWAPPED);
  gtk_list_item_set_child (item, check);
}

/* The name, and under it what the campaign is: "Évaluation · Parcours de
 * rentrée 6e", which Pix Orga shows as an icon. */
static void
setup_name_cb (OrgaCampaignsPage        *self,
               GtkListItem              *item,
               GtkSignalListItemFactory *factory)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *name = gtk_label_new (NULL);
  GtkWidget *summary = gtk_label_new (NULL);

  gtk_widget_set_margin_top (box, 6);
  gtk_widget_set_margin_bottom (box, 6);
  gtk_label_set_xalign (GTK_LABEL (name), 0);
  gtk_label_set_ellipsize (GTK_LABEL (name), PANGO_ELLIPSIZE_END);
  gtk_label_set_width_chars (GTK_LABEL (name), 16);
  gtk_label_set_max_width_chars (GTK_LABEL (name), 48);
  gtk_label_set_xalign (GTK_LABEL (summary), 0);
  gtk_label_set_ellipsize (GTK_LABEL (summary), PANGO_ELLIPSIZE_END);
  gtk_widget_add_css_class (summary, "caption");
  gtk_widget_add_css_class (summary, "dim-label");
  gtk_box_append (GTK_BOX (box), name);
  gtk_box_append (GTK_BOX (box), summary);

  g_object_set_qdata (G_OBJECT (box), cell_kind_quark, GUINT_TO_POINTER (CELL_NAME));
  gtk_list_item_set_child (item, box);
}

static void
setup_code_cb (OrgaCampaignsPage        *self,
               GtkListItem              *item,
               GtkSignalListItemFactory *factory)
{
  GtkWidget *label = make_label (item, CELL_CODE, 0);

  /* The code is read aloud to a class and typed by students: in a fixed
   * width font, selectable for a copy. */
  gtk_widget_add_css_class (label, "monospace");
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_NONE);
}

static void
setup_owner_cb (OrgaCampaignsPage        *self,
                GtkListItem              *item,
                GtkSignalListItemFactory *factory)
{
  gtk_label_set_width_chars (GTK_LABEL (make_label (item, CELL_OWNER, 0)), 10);
}

static void
setup_created_cb (OrgaCampaignsPage        *self,
                  GtkListItem              *item,
                  GtkSignalListItemFactory *factory)
{
  gtk_widget_add_css_class (make_label (item, CELL_CREATED, 0), "numeric");
}

static void
setup_participants_cb (OrgaCampaignsPage        *self,
                       GtkListItem              *item,
                       GtkSignalListItemFactory *factory)
{
  gtk_widget_add_css_class (make_label (item, CELL_PARTICIPANTS, 0), "numeric");
}

static void
setup_shared_cb (OrgaCampaignsPage        *self,
                 GtkListItem              *item,
                 GtkSignalListItemFactory *factory)
{
  gtk_widget_add_css_class (make_label (item, CELL_SHARED, 0), "numeric");
}

/* What the campaign tests: its target profile, or "Collecte de profil". */
static const char *
get_type_summary (OrgaCampaign *campaign)
{
  const OrgaTargetProfile *profile = orga_campaign_get_target_profile (campaign);

  if (profile != NULL)
    return profile->name;

  return orga_campaign_type_get_label (orga_campaign_get_campaign_type (campaign));
}

static void
bind_cell_cb (OrgaCampaignsPage        *self,
              GtkListItem              *item,
              GtkSignalListItemFactory *factory)
{
  GtkWidget *cell = gtk_list_item_get_child (item);
  OrgaCampaign *campaign = gtk_list_item_get_item (item);
  CellKind kind = GPOINTER_TO_UINT (g_object_get_qdata (G_OBJECT (cell), cell_kind_quark));
  g_autofree char *owned = NULL;
  const char *text = NULL;

  switch (kind)
    {
    case CELL_CHECK:
      {
        gint64 id = orga_campaign_get_id (campaign);
        /* TRANSLATORS: the tick box of a row of the campaign list, for screen readers */
        g_autofree char *label = g_strdup_printf (_("Select “%s”"), orga_campaign_get_name (campaign));

        /* The campaign first: the toggle handler reads it. */
        g_object_set_data_full (G_OBJECT (cell), "campaign", g_object_ref (campaign), g_object_unref);
        gtk_check_button_set_active (GTK_CHECK_BUTTON (cell), g_hash_table_contains (self->checked, &id));
        gtk_accessible_update_property (GTK_ACCESSIBLE (cell), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
        gtk_widget_set_tooltip_text (cell, label);
      }
      return;
    case CELL_NAME:
      {
        GtkWidget *name = gtk_widget_get_first_child (cell);

        gtk_label_set_label (GTK_LABEL (name), orga_campaign_get_name (campaign));
        gtk_widget_set_tooltip_text (name, orga_campaign_get_name (campaign));
        gtk_label_set_label (GTK_LABEL (gtk_widget_get_last_child (cell)), get_type_summary (campaign));
      }
      return;
    case CELL_CODE:
      text = orga_campaign_get_code (campaign);
      break;
    case CELL_OWNER:
      text = orga_campaign_get_owner (campaign);
      gtk_widget_set_tooltip_text (cell, text);
      break;
    case CELL_CREATED:
      text = owned = orga_format_iso_date (orga_campaign_get_created_at (campaign), NULL);
      break;
    case CELL_PARTICIPANTS:
      text = owned = g_strdup_printf ("%u", orga_campaign_get_participants (campaign));
      break;
    case CELL_SHARED:
      /* Pix Orga's dash for "none yet". */
      if (orga_campaign_get_shared (campaign) > 0)
        text = owned = g_strdup_printf ("%u", orga_campaign_get_shared (campaign));
      break;
    default:
      g_assert_not_reached ();
    }

  gtk_label_set_label (GTK_LABEL (cell), text != NULL && *text != '\0' ? text : "–");
}

/* The sorters compare the campaigns' properties; before any click the list
 * keeps the store's order, newest first. */
static void
setup_sorters (OrgaCampaignsPage *self)
{
  struct {
    GtkColumnViewColumn *column;
    const char          *property;
    gboolean             numeric;
  } sorters[] = {
    { self->name_column, "name", FALSE },
    { self->code_column, "code", FALSE },
    { self->owner_column, "owner", FALSE },
    { self->created_column, "created-at", FALSE },
    { self->participants_column, "participants", TRUE },
    { self->shared_column, "shared", TRUE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (sorters); i++)
    {
      GtkExpression *expression = gtk_property_expression_new (ORGA_TYPE_CAMPAIGN, NULL, sorters[i].property);
      g_autoptr(GtkSorter) sorter = NULL;

      if (sorters[i].numeric)
        sorter = GTK_SORTER (gtk_numeric_sorter_new (expression));
      else
        sorter = GTK_SORTER (gtk_string_sorter_new (expression));
      gtk_column_view_column_set_sorter (sorters[i].column, sorter);
    }
}

/* ------------------------------------------------------------------------
 * A campaign's page
 * ------------------------------------------------------------------------ */

static OrgaCampaignPage *
ensure_campaign_page (OrgaCampaignsPage *self)
{
  if (self->campaign_page == NULL)
    {
      self->campaign_page = g_object_new (ORGA_TYPE_CAMPAIGN_PAGE, NULL);
      orga_campaign_page_set_context (self->campaign_page, self->context);
      adw_bin_set_child (self->campaign_slot, GTK_WIDGET (self->campaign_page));
    }

  return self->campaign_page;
}

static void
set_campaign (OrgaCampaignsPage *self,
              OrgaCampaign      *campaign)
{
  g_set_object (&self->campaign, campaign);
  if (campaign != NULL)
    ensure_campaign_page (self);
  if (self->campaign_page != NULL)
    orga_campaign_page_set_campaign (self->campaign_page, campaign);
  update_actions (self);
}

void
orga_campaigns_page_show_campaign (OrgaCampaignsPage *self,
                                   OrgaCampaign      *campaign)
{
  g_return_if_fail (ORGA_IS_CAMPAIGNS_PAGE (self));
  g_return_if_fail (ORGA_IS_CAMPAIGN (campaign));

  set_campaign (self, campaign);
  adw_leaflet_set_visible_child_name (self->leaflet, "campaign");
}

/**
 * orga_campaigns_page_show_participation:
 *
 * The campaign's page on the result of @learner_id's participation: what
 * a row of the student's page links to.
 */
void
orga_campaigns_page_show_participation (OrgaCampaignsPage *self,
                                        OrgaCampaign      *campaign,
                                        gint64             learner_id)
{
  g_return_if_fail (ORGA_IS_CAMPAIGNS_PAGE (self));
  g_return_if_fail (ORGA_IS_CAMPAIGN (campaign));

  orga_campaigns_page_show_campaign (self, campaign);
  orga_campaign_page_show_learner (self->campaign_page, learner_id);
}

static void
row_activated_cb (OrgaCampaignsPage *self,
                  guint              position,
                  GtkColumnView     *view)
{
  g_autoptr(OrgaCampaign) campaign = g_list_model_get_item (G_LIST_MODEL (gtk_column_view_get_model (view)), position);

  if (campaign != NULL)
    orga_campaigns_page_show_campaign (self, campaign);
}

static void
back_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  OrgaCampaignsPage *self = ORGA_CAMPAIGNS_PAGE (widget);

  adw_leaflet_set_visible_child_name (self->leaflet, "list");
}

static void
leaflet_child_cb (OrgaCampaignsPage *self)
{
  /* Back in the list (button, swipe or Alt+Left): the campaign is done. */
  if (self->leaflet != NULL &&
      g_strcmp0 (adw_leaflet_get_visible_child_name (self->leaflet), "list") == 0 &&
      !adw_leaflet_get_child_transition_running (self->leaflet))
    set_campaign (self, NULL);
}

/* After any change: the list again, and the campaign shown as stored now. */
static void
campaign_changed (OrgaCampaignsPage *self,
                  gint64             campaign_id)
{
  g_autoptr(OrgaCampaign) campaign = NULL;
  g_autoptr(GError) error = NULL;

  reload (self);

  if (self->campaign == NULL || orga_campaign_get_id (self->campaign) != campaign_id)
    return;

  campaign = orga_store_get_campaign (orga_context_get_store (self->context), campaign_id, &error);
  if (campaign == NULL)
    {
      g_warning ("Could not read the campaign again: %s", error->message);
      adw_leaflet_set_visible_child_name (self->leaflet, "list");
      return;
    }

  set_campaign (self, campaign);
}

/* ------------------------------------------------------------------------
 * Create, duplicate, edit
 * ------------------------------------------------------------------------ */

static void
form_saved_cb (OrgaCampaignsPage *self,
               OrgaCampaign      *campaign,
               OrgaCampaignForm  *form)
{
  AdwToast *toast;

  /* The list and the campaign shown followed the store (store_changed_cb). */
  if (orga_campaign_form_get_mode (form) == ORGA_CAMPAIGN_FORM_EDIT)
    {
      show_toast (self, adw_toast_new (_("The changes were saved.")));
      return;
    }

  /* A new campaign is in "Mes campagnes" (or with its owner under "Toutes
   * les campagnes"), active, and opens at once. */
  orga_campaigns_page_show_campaign (self, campaign);

  {
    /* TRANSLATORS: the toast after creating a campaign, with its code */
    g_autofree char *title = g_strdup_printf (_("The campaign was created. Its code is %s."),
                                              orga_campaign_get_code (campaign));

    toast = adw_toast_new (title);
  }
  adw_toast_set_button_label (toast, _("_Copy the Code"));
  adw_toast_set_action_name (toast, TOAST_ACTIONS_PREFIX ".copy-code");
  adw_toast_set_action_target_value (toast, g_variant_new_string (orga_campaign_get_code (campaign)));
  adw_toast_set_timeout (toast, 10);
  show_toast (self, toast);
}

static void
open_form (OrgaCampaignsPage    *self,
           OrgaCampaignFormMode  mode,
           OrgaCampaign         *campaign)
{
  OrgaCampaignForm *form;

  if (!has_school (self))
    return;

  /* One form at a time; it is modal anyway. */
  if (self->form != NULL)
    {
      gtk_window_present (self->form);
      return;
    }

  form = orga_campaign_form_new (orga_widget_get_window (GTK_WIDGET (self)), self->context, mode, campaign);
  g_signal_connect_object (form, "saved", G_CALLBACK (form_saved_cb), self, G_CONNECT_SWAPPED);
  self->form = GTK_WINDOW (form);
  g_object_add_weak_pointer (G_OBJECT (form), (gpointer *)&self->form);
  gtk_window_present (GTK_WINDOW (form));
}

static void
create_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  open_form (ORGA_CAMPAIGNS_PAGE (widget), ORGA_CAMPAIGN_FORM_CREATE, NULL);
}

static void
duplicate_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  OrgaCampaignsPage *self = ORGA_CAMPAIGNS_PAGE (widget);

  if (self->campaign != NULL)
    open_form (self, ORGA_CAMPAIGN_FORM_DUPLICATE, self->campaign);
}

static void
edit_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  OrgaCampaignsPage *self = ORGA_CAMPAIGNS_PAGE (widget);

  if (self->campaign != NULL && !orga_campaign_is_archived (self->campaign))
    open_form (self, ORGA_CAMPAIGN_FORM_EDIT, self->campaign);
}

static void
copy_code_activated (GSimpleAction *action,
                     GVariant      *parameter,
                     gpointer       user_data)
{
  OrgaCampaignsPage *self = ORGA_CAMPAIGNS_PAGE (user_data);

  gdk_clipboard_set_text (gtk_widget_get_clipboard (GTK_WIDGET (self)), g_variant_get_string (parameter, NULL));
  show_toast (self, adw_toast_new (_("The code was copied.")));
}

/* ------------------------------------------------------------------------
 * Archive
 * ------------------------------------------------------------------------ */

static void
archive_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  OrgaCampaignsPage *self = ORGA_CAMPAIGNS_PAGE (widget);
  gboolean archive = g_str_equal (action_name, "campaigns.archive");
  g_autoptr(GError) error = NULL;
  g_autofree char *user = NULL;
  gint64 id;
  gboolean ok;

  if (self->campaign == NULL)
    return;

  id = orga_campaign_get_id (self->campaign);
  user = dup_user (self);
  if (archive)
    ok = orga_store_archive_campaign (orga_context_get_store (self->context), id, user, &error);
  else
    ok = orga_store_unarchive_campaign (orga_context_get_store (self->context), id, &error);

  if (!ok)
    {
      orga_widget_show_message (GTK_WIDGET (self),
                                archive ? _("The Campaign Could Not Be Archived") : _("The Campaign Could Not Be Unarchived"),
                                error->message);
      return;
    }

  /* The list and the campaign shown followed the store (store_changed_cb). */
  show_toast (self, adw_toast_new (archive ? _("The campaign was archived.") : _("The campaign was unarchived.")));
}

/* ------------------------------------------------------------------------
 * Delete
 * ------------------------------------------------------------------------ */

static void
delete_confirmed (OrgaCampaignsPage *self,
                  GArray            *ids)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *user = dup_user (self);
  g_autofree char *message = NULL;
  gboolean shown_deleted = FALSE;

  if (!orga_store_delete_campaigns (orga_context_get_store (self->context),
                                    (const gint64 *)(gpointer) ids->data, ids->len, user, &error))
    {
      orga_widget_show_message (GTK_WIDGET (self),
                                ngettext ("The Campaign Could Not Be Deleted",
                                          "The Campaigns Could Not Be Deleted", ids->len),
                                error->message);
      return;
    }

  for (guint i = 0; i < ids->len; i++)
    {
      gint64 id = g_array_index (ids, gint64, i);

      g_hash_table_remove (self->checked, &id);
      if (self->campaign != NULL && orga_campaign_get_id (self->campaign) == id)
        shown_deleted = TRUE;
    }

  if (shown_deleted)
    {
      adw_leaflet_set_visible_child_name (self->leaflet, "list");
      set_campaign (self, NULL);
    }

  message = g_strdup_printf (ngettext ("The campaign was deleted.", "%u campaigns were deleted.", ids->len),
                             ids->len);
  show_toast (self, adw_toast_new (message));
}

static void
confirm_toggled_cb (GtkCheckButton   *check,
                    AdwMessageDialog *dialog)
{
  adw_message_dialog_set_response_enabled (dialog, "delete", gtk_check_button_get_active (check));
}

static void
delete_response_cb (OrgaCampaignsPage *self,
                    const char        *response,
                    AdwMessageDialog  *dialog)
{
  GArray *ids = g_object_get_data (G_OBJECT (dialog), "ids");

  if (g_strcmp0 (response, "delete") == 0 && ids != NULL && has_school (self))
    delete_confirmed (self, ids);
}

/* Pix Orga's confirmation: what goes, that it cannot be undone, and a
 * box to tick before the button works. */
static void
confirm_delete (OrgaCampaignsPage *self,
                GArray            *ids,
                const char        *name)
{
  guint n = ids->len;
  GtkWidget *dialog;
  GtkWidget *check;
  g_autofree char *heading = NULL;
  g_autofree char *what = NULL;
  g_autofree char *body = NULL;
  g_autofree char *confirm = NULL;

  heading = g_strdup_printf (ngettext ("Are you sure you want to delete this campaign?",
                                       "Are you sure you want to delete these %u campaigns?", n), n);
  if (n == 1 && name != NULL)
    what = g_markup_printf_escaped (_("The campaign “%s” will no longer be visible in PixOrga. All the participations in this campaign and their results will be deleted."), name);
  else
    what = g_markup_printf_escaped (ngettext ("The campaign will no longer be visible in PixOrga. All the participations in this campaign and their results will be deleted.",
                                              "These %u campaigns will no longer be visible in PixOrga. All the participations in these campaigns and their results will be deleted.", n), n);
  body = g_strdup_printf ("%s\n\n<b>%s</b>", what, _("Warning: this action cannot be undone."));

  dialog = adw_message_dialog_new (orga_widget_get_window (GTK_WIDGET (self)), heading, NULL);
  adw_message_dialog_set_body_use_markup (ADW_MESSAGE_DIALOG (dialog), TRUE);
  adw_message_dialog_set_body (ADW_MESSAGE_DIALOG (dialog), body);

  confirm = g_strdup_printf (ngettext ("I _confirm I have understood the impact of the deletion",
                                       "I _confirm I have understood the impact of the %u deletions", n), n);
  check = gtk_check_button_new_with_mnemonic (confirm);
  gtk_widget_set_halign (check, GTK_ALIGN_CENTER);
  /* The label is long: it wraps instead of widening the dialog. */
  if (GTK_IS_LABEL (gtk_widget_get_last_child (check)))
    gtk_label_set_wrap (GTK_LABEL (gtk_widget_get_last_child (check)), TRUE);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), check);

  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "delete", _("_Delete"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "delete", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_response_enabled (ADW_MESSAGE_DIALOG (dialog), "delete", FALSE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");

  g_signal_connect_object (check, "toggled", G_CALLBACK (confirm_toggled_cb), dialog, 0);
  g_object_set_data_full (G_OBJECT (dialog), "ids", g_array_ref (ids), (GDestroyNotify)g_array_unref);
  g_signal_connect_object (dialog, "response", G_CALLBACK (delete_response_cb), self, G_CONNECT_SWAPPED);

  gtk_window_present (GTK_WINDOW (dialog));
  /* The focus on "Annuler" (the default response's button), not on the
   * box, which libadwaita 1.2 focuses first: nothing to regret at a key
   * pressed too soon; the box keeps its access key. */
  if (gtk_window_get_default_widget (GTK_WINDOW (dialog)) != NULL)
    gtk_widget_grab_focus (gtk_window_get_default_widget (GTK_WINDOW (dialog)));
}

/* The single user of the desktop app administers the space: Pix's rule
 * (an admin, or the owner of every campaign) always holds until the team
 * page brings members. */
static void
delete_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  OrgaCampaignsPage *self = ORGA_CAMPAIGNS_PAGE (widget);
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  const char *name = NULL;

  if (g_str_equal (action_name, "campaigns.delete"))
    {
      gint64 id;

      if (self->campaign == NULL)
        return;
      id = orga_campaign_get_id (self->campaign);
      g_array_append_val (ids, id);
      name = orga_campaign_get_name (self->campaign);
    }
  else
    {
      guint n = g_list_model_get_n_items (G_LIST_MODEL (self->campaigns));

      /* In the list's order, and the name when there is one. */
      for (guint i = 0; i < n; i++)
        {
          g_autoptr(OrgaCampaign) campaign = g_list_model_get_item (G_LIST_MODEL (self->campaigns), i);
          gint64 id = orga_campaign_get_id (campaign);

          if (!g_hash_table_contains (self->checked, &id))
            continue;
          g_array_append_val (ids, id);
          if (ids->len == 1)
            name = orga_campaign_get_name (campaign);
        }
    }

  if (ids->len == 0)
    return;

  confirm_delete (self, ids, ids->len == 1 ? name : NULL);
}

/* ------------------------------------------------------------------------
 * GObject
 * ------------------------------------------------------------------------ */

static void
organization_changed_cb (OrgaCampaignsPage *self)
{
  adw_leaflet_set_visible_child_name (self->leaflet, "list");
  set_campaign (self, NULL);
  g_hash_table_remove_all (self->checked);
  reload (self);
}

/* The selected row's campaign, or 0. */
static gint64
get_selected_id (OrgaCampaignsPage *self)
{
  GtkSingleSelection *selection = GTK_SINGLE_SELECTION (gtk_column_view_get_model (self->column_view));
  OrgaCampaign *campaign = gtk_single_selection_get_selected_item (selection);

  return campaign != NULL ? orga_campaign_get_id (campaign) : 0;
}

static void
select_id (OrgaCampaignsPage *self,
           gint64             id)
{
  GListModel *model = G_LIST_MODEL (gtk_column_view_get_model (self->column_view));
  guint n = g_list_model_get_n_items (model);

  for (guint i = 0; i < n && id != 0; i++)
    {
      g_autoptr(OrgaCampaign) campaign = g_list_model_get_item (model, i);

      if (orga_campaign_get_id (campaign) == id)
        {
          gtk_single_selection_set_selected (GTK_SINGLE_SELECTION (model), i);
          return;
        }
    }
}

/* Another program or page wrote: the list (counts, demonstration banner)
 * and the campaign shown follow, keeping the row selected and the tab. */
static void
store_changed_cb (OrgaCampaignsPage *self,
                  OrgaStoreChanges  *changes)
{
  gint64 selected;

  if (!has_school (self))
    return;

  if (orga_store_changes_has (changes, ORGA_STORE_CHANGE_CAMPAIGNS | ORGA_STORE_CHANGE_PARTICIPATIONS))
    {
      selected = get_selected_id (self);
      reload (self);
      select_id (self, selected);
    }

  /* Names and classes of participants come from the students. */
  if (self->campaign != NULL &&
      (orga_store_changes_has_campaign (changes, orga_campaign_get_id (self->campaign)) ||
       orga_store_changes_has (changes, ORGA_STORE_CHANGE_LEARNERS)))
    {
      g_autoptr(OrgaCampaign) campaign = NULL;

      campaign = orga_store_get_campaign (orga_context_get_store (self->context),
                                          orga_campaign_get_id (self->campaign), NULL);
      if (campaign == NULL)
        adw_leaflet_set_visible_child_name (self->leaflet, "list");   /* deleted */
      else
        set_campaign (self, campaign);
    }
}

static void
orga_campaigns_page_root (GtkWidget *widget)
{
  OrgaCampaignsPage *self = ORGA_CAMPAIGNS_PAGE (widget);

  GTK_WIDGET_CLASS (orga_campaigns_page_parent_class)->root (widget);

  orga_widget_root_toast_actions (widget, TOAST_ACTIONS_PREFIX, G_ACTION_GROUP (self->toast_actions),
                                  &self->toast_actions_root);
}

static void
orga_campaigns_page_unroot (GtkWidget *widget)
{
  OrgaCampaignsPage *self = ORGA_CAMPAIGNS_PAGE (widget);

  orga_widget_unroot_toast_actions (TOAST_ACTIONS_PREFIX, &self->toast_actions_root);

  GTK_WIDGET_CLASS (orga_campaigns_page_parent_class)->unroot (widget);
}

static void
orga_campaigns_page_dispose (GObject *object)
{
  OrgaCampaignsPage *self = (OrgaCampaignsPage *)object;

  if (self->form != NULL)
    {
      g_object_remove_weak_pointer (G_OBJECT (self->form), (gpointer *)&self->form);
      gtk_window_destroy (self->form);
      self->form = NULL;
    }
  if (self->context != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->context, self);
      g_signal_handlers_disconnect_by_data (orga_context_get_store (self->context), self);
    }

  /* The leaflet is both the bin's child and a template child: the bin lets
   * it go first, or both would unparent it. */
  adw_bin_set_child (ADW_BIN (self), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), ORGA_TYPE_CAMPAIGNS_PAGE);

  g_clear_object (&self->campaign);
  g_clear_object (&self->campaigns);
  g_clear_object (&self->context);
  g_clear_object (&self->toast_actions);

  G_OBJECT_CLASS (orga_campaigns_page_parent_class)->dispose (object);
}

static void
orga_campaigns_page_finalize (GObject *object)
{
  OrgaCampaignsPage *self = (OrgaCampaignsPage *)object;

  g_clear_pointer (&self->checked, g_hash_table_unref);

  G_OBJECT_CLASS (orga_campaigns_page_parent_class)->finalize (object);
}

static void
orga_campaigns_page_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  OrgaCampaignsPage *self = ORGA_CAMPAIGNS_PAGE (object);

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
orga_campaigns_page_set_property (GObject      *object,
                                  guint         prop_id,
                                  const GValue *value,
                                  GParamSpec   *pspec)
{
  OrgaCampaignsPage *self = ORGA_CAMPAIGNS_PAGE (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      orga_campaigns_page_set_context (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
orga_campaigns_page_class_init (OrgaCampaignsPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = orga_campaigns_page_dispose;
  object_class->finalize = orga_campaigns_page_finalize;
  object_class->get_property = orga_campaigns_page_get_property;
  object_class->set_property = orga_campaigns_page_set_property;
  widget_class->root = orga_campaigns_page_root;
  widget_class->unroot = orga_campaigns_page_unroot;

  properties[PROP_CONTEXT] =
    g_param_spec_object ("context", NULL, NULL, ORGA_TYPE_CONTEXT,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  cell_kind_quark = g_quark_from_static_string ("orga-campaigns-page-cell-kind");
  g_type_ensure (ORGA_TYPE_CAMPAIGN);
  g_type_ensure (ORGA_TYPE_CAMPAIGN_PAGE);

  g_type_ensure (ORGA_TYPE_WRAP_BOX);
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/pixorga/PixOrga/ui/orga-campaigns-page.ui");
  gtk_widget_class_bind_template_child (widget_class, OrgaCampaignsPage, leaflet);
  gtk_widget_class_bind_template_child (widget_class, OrgaCampaignsPage, content_stack);
  gtk_widget_class_bind_template_child (widget_class, OrgaCampaignsPage, demo_revealer);
  gtk_widget_class_bind_template_child (widget_class, OrgaCampaignsPage, empty_create_button);
  gtk_widget_class_bind_template_child (widget_class, OrgaCampaignsPage, create_button);
  gtk_widget_class_bind_template_child (widget_class, OrgaCampaignsPage, mine_button);
  gtk_widget_class_bind_template_child (widget_class, OrgaCampaignsPage, all_button);
  gtk_widget_class_bind_template_child (widget_class, OrgaCampaignsPage, active_button);
  gtk_widget_class_bind_template_child (widget_class, OrgaCampaignsPage, archived_button);
  gtk_widget_class_bind_template_child (widget_class, OrgaCampaignsPage, name_search);
  gtk_widget_class_bind_template_child (widget_class, OrgaCampaignsPage, owner_search);
  gtk_widget_class_bind_template_child (widget_class, OrgaCampaignsPage, clear_button);
  gtk_widget_class_bind_template_child (widget_class, OrgaCampaignsPage, delete_button);
  gtk_widget_class_bind_template_child (widget_class, OrgaCampaignsPage, count_label);
  gtk_widget_class_bind_template_child (widget_class, OrgaCampaignsPage, results_stack);
  gtk_widget_class_bind_template_child (widget_class, OrgaCampaignsPage, column_view);
  gtk_widget_class_bind_template_child (widget_class, OrgaCampaignsPage, name_column);
  gtk_widget_class_bind_template_child (widget_class, OrgaCampaignsPage, code_column);
  gtk_widget_class_bind_template_child (widget_class, OrgaCampaignsPage, owner_column);
  gtk_widget_class_bind_template_child (widget_class, OrgaCampaignsPage, created_column);
  gtk_widget_class_bind_template_child (widget_class, OrgaCampaignsPage, participants_column);
  gtk_widget_class_bind_template_child (widget_class, OrgaCampaignsPage, shared_column);
  gtk_widget_class_bind_template_child (widget_class, OrgaCampaignsPage, no_results_page);
  gtk_widget_class_bind_template_child (widget_class, OrgaCampaignsPage, no_results_button);
  gtk_widget_class_bind_template_child (widget_class, OrgaCampaignsPage, campaign_slot);
  gtk_widget_class_bind_template_callback (widget_class, filters_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, row_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, leaflet_child_cb);
  gtk_widget_class_bind_template_callback (widget_class, setup_check_cb);
  gtk_widget_class_bind_template_callback (widget_class, setup_name_cb);
  gtk_widget_class_bind_template_callback (widget_class, setup_code_cb);
  gtk_widget_class_bind_template_callback (widget_class, setup_owner_cb);
  gtk_widget_class_bind_template_callback (widget_class, setup_created_cb);
  gtk_widget_class_bind_template_callback (widget_class, setup_participants_cb);
  gtk_widget_class_bind_template_callback (widget_class, setup_shared_cb);
  gtk_widget_class_bind_template_callback (widget_class, bind_cell_cb);

  /* What the campaign's page (its header and "Paramètres" tab) uses, on
   * the campaign shown. */
  gtk_widget_class_install_action (widget_class, "campaigns.create", NULL, create_action);
  gtk_widget_class_install_action (widget_class, "campaigns.edit", NULL, edit_action);
  gtk_widget_class_install_action (widget_class, "campaigns.duplicate", NULL, duplicate_action);
  gtk_widget_class_install_action (widget_class, "campaigns.archive", NULL, archive_action);
  gtk_widget_class_install_action (widget_class, "campaigns.unarchive", NULL, archive_action);
  gtk_widget_class_install_action (widget_class, "campaigns.delete", NULL, delete_action);
  gtk_widget_class_install_action (widget_class, "campaigns.back", NULL, back_action);
  /* The list's own. */
  gtk_widget_class_install_action (widget_class, "campaigns.delete-selected", NULL, delete_action);
  gtk_widget_class_install_action (widget_class, "campaigns.clear-filters", NULL, clear_filters_action);
  gtk_widget_class_install_action (widget_class, "campaigns.show-all", NULL, show_all_action);
  gtk_widget_class_install_action (widget_class, "campaigns.focus-search", NULL, focus_search_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_f, GDK_CONTROL_MASK, "campaigns.focus-search", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_n, GDK_CONTROL_MASK, "campaigns.create", NULL);
}

static void
orga_campaigns_page_init (OrgaCampaignsPage *self)
{
  static const GActionEntry toast_entries[] = {
    { "copy-code", copy_code_activated, "s" },
  };
  g_autoptr(GtkSingleSelection) selection = NULL;
  GtkSortListModel *sorted;

  self->checked = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  self->campaigns = g_list_store_new (ORGA_TYPE_CAMPAIGN);

  gtk_widget_init_template (GTK_WIDGET (self));

  self->toast_actions = g_simple_action_group_new ();
  g_action_map_add_action_entries (G_ACTION_MAP (self->toast_actions), toast_entries,
                                   G_N_ELEMENTS (toast_entries), self);

  setup_sorters (self);
  sorted = gtk_sort_list_model_new (G_LIST_MODEL (g_object_ref (self->campaigns)),
                                    g_object_ref (gtk_column_view_get_sorter (self->column_view)));
  /* Single selection so that the keyboard focus shows; nothing is
   * selected until asked. */
  selection = gtk_single_selection_new (G_LIST_MODEL (sorted));
  gtk_single_selection_set_autoselect (selection, FALSE);
  gtk_single_selection_set_can_unselect (selection, TRUE);
  gtk_single_selection_set_selected (selection, GTK_INVALID_LIST_POSITION);
  gtk_column_view_set_model (self->column_view, GTK_SELECTION_MODEL (selection));

  update_state (self);
}

OrgaContext *
orga_campaigns_page_get_context (OrgaCampaignsPage *self)
{
  g_return_val_if_fail (ORGA_IS_CAMPAIGNS_PAGE (self), NULL);

  return self->context;
}

void
orga_campaigns_page_set_context (OrgaCampaignsPage *self,
                                 OrgaContext       *context)
{
  g_return_if_fail (ORGA_IS_CAMPAIGNS_PAGE (self));
  g_return_if_fail (context == NULL || ORGA_IS_CONTEXT (context));

  if (self->context == context)
    return;

  if (self->context != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->context, self);
      g_signal_handlers_disconnect_by_data (orga_context_get_store (self->context), self);
    }
  g_set_object (&self->context, context);
  if (self->campaign_page != NULL)
    orga_campaign_page_set_context (self->campaign_page, context);
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

void
orga_campaigns_page_reload (OrgaCampaignsPage *self)
{
  g_return_if_fail (ORGA_IS_CAMPAIGNS_PAGE (self));

  if (self->campaign != NULL)
    campaign_changed (self, orga_campaign_get_id (self->campaign));
  else
    reload (self);
}

OrgaCampaign *
orga_campaigns_page_get_campaign (OrgaCampaignsPage *self)
{
  g_return_val_if_fail (ORGA_IS_CAMPAIGNS_PAGE (self), NULL);

  return self->campaign;
}
