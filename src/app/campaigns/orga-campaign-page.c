/* orga-campaign-page.c
 *
 * The page of one campaign (spec §3.4, §4.4, §5): what identifies it, its
 * tabs, a participant's page, and "Exporter les résultats (.csv)". The
 * participations (every attempt) and every figure are read once per
 * campaign in a thread (OrgaCampaignData) and handed to the tabs; the
 * export writes from the same set in another thread.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "orga-campaign-page"

#include "config.h"

#include <glib/gi18n.h>

#include "orga-campaign-activity.h"
#include "orga-campaign-analysis.h"
#include "orga-campaign-export.h"
#include "orga-campaign-page.h"
#include "orga-campaign-results.h"
#include "orga-campaign-settings.h"
#include "orga-campaign-util.h"
#include "orga-format.h"
#include "orga-participant-page.h"
#include "orga-store-campaigns.h"
#include "orga-file-chooser.h"
#include "orga-widget-util.h"
#include "orga-wrap-box.h"

struct _OrgaCampaignPage
{
  AdwBin                 parent_instance;

  /* template widgets */
  GtkRevealer           *archived_revealer;
  GtkRevealer           *demo_revealer;
  AdwLeaflet            *leaflet;
  GtkLabel              *name_label;
  GtkLabel              *type_label;
  GtkLabel              *code_label;
  GtkLabel              *owner_label;
  GtkLabel              *created_label;
  GtkLabel              *multiple_label;
  GtkRevealer           *loading_revealer;
  GtkSpinner            *spinner;
  AdwViewStack          *view_stack;
  AdwViewStackPage      *results_page;
  AdwViewStackPage      *analysis_page;
  OrgaCampaignActivity  *activity;
  OrgaCampaignResults   *results;
  OrgaCampaignAnalysis  *analysis;
  OrgaCampaignSettings  *settings;
  OrgaParticipantPage   *participant_page;
  /* The student whose result to show once the participations are read
   * (orga_campaign_page_show_learner()); 0 for none. */
  gint64                 pending_learner;

  /* owned */
  OrgaContext           *context;
  OrgaCampaign          *campaign;
  OrgaCampaignData      *data;
  GCancellable          *load_cancellable;
  GCancellable          *export_cancellable;
  GFile                 *export_file;       /* being written */
  GtkNativeDialog       *chooser;
};

G_DEFINE_FINAL_TYPE (OrgaCampaignPage, orga_campaign_page, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_CONTEXT,
  PROP_CAMPAIGN,
  PROP_BUSY,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* ------------------------------------------------------------------------
 * State
 * ------------------------------------------------------------------------ */

/* Spec §4.1: the owner of the campaign or an administrator. */
static gboolean
can_delete (OrgaCampaignPage *self)
{
  return self->data != NULL && self->context != NULL &&
         orga_store_can_delete_participations (orga_context_get_store (self->context),
                                               orga_campaign_get_id (self->campaign));
}

static void
update_actions (OrgaCampaignPage *self)
{
  orga_widget_action_set_enabled (GTK_WIDGET (self), "campaign.export",
                                 self->data != NULL && self->export_cancellable == NULL);
  orga_widget_action_set_enabled (GTK_WIDGET (self), "campaign.copy-code", self->campaign != NULL);
  orga_widget_action_set_enabled (GTK_WIDGET (self), "campaign.copy-link", self->campaign != NULL);
  orga_widget_action_set_enabled (GTK_WIDGET (self), "campaign.show-participant", self->data != NULL);
  orga_widget_action_set_enabled (GTK_WIDGET (self), "campaign.delete-participation", can_delete (self));
  orga_campaign_activity_set_can_delete (self->activity, can_delete (self));
}

static void
notify_busy (OrgaCampaignPage *self)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
}

/* ------------------------------------------------------------------------
 * Header
 * ------------------------------------------------------------------------ */

static void
update_header (OrgaCampaignPage *self)
{
  OrgaCampaign *campaign = self->campaign;
  g_autofree char *created = NULL;
  gboolean assessment;

  if (campaign == NULL)
    {
      gtk_label_set_label (self->name_label, "");
      gtk_label_set_label (self->type_label, "");
      gtk_label_set_label (self->code_label, "");
      gtk_label_set_label (self->owner_label, "");
      gtk_label_set_label (self->created_label, "");
      gtk_label_set_label (self->multiple_label, "");
      gtk_revealer_set_reveal_child (self->archived_revealer, FALSE);
      return;
    }

  assessment = orga_campaign_get_campaign_type (campaign) == ORGA_CAMPAIGN_TYPE_ASSESSMENT;
  created = orga_format_iso_date (orga_campaign_get_created_at (campaign), NULL);

  gtk_label_set_label (self->name_label, orga_campaign_get_name (campaign));
  /* Pix's detail labels: "Campagne d'évaluation", "Campagne de collecte
   * de profils". */
  gtk_label_set_label (self->type_label, assessment ? _("Assessment campaign") : _("Profiles collection campaign"));
  gtk_label_set_label (self->code_label, orga_campaign_get_code (campaign));
  gtk_label_set_label (self->owner_label, orga_campaign_get_owner (campaign));
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->owner_label), orga_campaign_get_owner (campaign));
  gtk_label_set_label (self->created_label, created ? created : "–");
  gtk_label_set_label (self->multiple_label, _orga_campaign_yes_no (orga_campaign_get_multiple_sendings (campaign)));
  gtk_revealer_set_reveal_child (self->archived_revealer, orga_campaign_is_archived (campaign));

  /* "Analyse" is for assessments only. */
  adw_view_stack_page_set_visible (self->analysis_page, assessment);
}

static void
update_results_title (OrgaCampaignPage *self)
{
  g_autofree char *title = NULL;

  if (self->data != NULL)
    /* TRANSLATORS: the tab, with the number of results received */
    title = g_strdup_printf (_("Results (%'u)"), self->data->status_counts[ORGA_PARTICIPATION_SHARED]);
  else if (self->campaign != NULL)
    title = g_strdup_printf (_("Results (%'u)"), orga_campaign_get_shared (self->campaign));
  else
    title = g_strdup (_("Results"));

  adw_view_stack_page_set_title (self->results_page, title);
}

/* ------------------------------------------------------------------------
 * Loading
 * ------------------------------------------------------------------------ */

static void
set_data (OrgaCampaignPage *self,
          OrgaCampaignData *data)
{
  _orga_campaign_data_replace (&self->data, data);

  orga_campaign_activity_set_data (self->activity, self->data);
  orga_campaign_results_set_data (self->results, self->data);
  orga_campaign_analysis_set_data (self->analysis, self->data);

  gtk_revealer_set_reveal_child (self->demo_revealer, self->data != NULL && self->data->is_demo);
  update_results_title (self);
  update_actions (self);
}

static void
stop_loading (OrgaCampaignPage *self)
{
  if (self->load_cancellable != NULL)
    g_cancellable_cancel (self->load_cancellable);
  g_clear_object (&self->load_cancellable);

  gtk_spinner_stop (self->spinner);
  gtk_revealer_set_reveal_child (self->loading_revealer, FALSE);
}

static void
load_done_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(OrgaCampaignPage) self = user_data;
  g_autoptr(OrgaCampaignData) data = NULL;
  g_autoptr(GError) error = NULL;

  data = orga_campaign_data_load_finish (result, &error);

  /* Superseded by another campaign or a refresh, or the page went away. */
  if (g_task_get_cancellable (G_TASK (result)) != self->load_cancellable)
    return;

  stop_loading (self);

  if (data == NULL)
    {
      g_autofree char *heading = NULL;

      if (self->campaign != NULL)
        heading = g_strdup_printf (_("The participations of “%s” could not be read"),
                                   orga_campaign_get_name (self->campaign));
      orga_widget_show_message (GTK_WIDGET (self), heading ? heading : _("The participations could not be read"),
                                error->message);
      notify_busy (self);
      return;
    }

  set_data (self, data);
  notify_busy (self);

  if (self->pending_learner != 0)
    {
      gint64 learner = self->pending_learner;

      self->pending_learner = 0;
      orga_campaign_page_show_learner (self, learner);
      return;
    }

  /* The participant shown may have sent new results: show them. */
  if (g_strcmp0 (adw_leaflet_get_visible_child_name (self->leaflet), "participant") == 0)
    orga_participant_page_refresh (self->participant_page, self->data);
}

static void
start_loading (OrgaCampaignPage *self)
{
  OrgaStore *store;

  stop_loading (self);

  if (self->campaign == NULL || self->context == NULL)
    return;

  store = orga_context_get_store (self->context);
  self->load_cancellable = g_cancellable_new ();

  /* A refresh keeps the figures shown until the new ones arrive. */
  if (self->data == NULL)
    {
      gtk_spinner_start (self->spinner);
      gtk_revealer_set_reveal_child (self->loading_revealer, TRUE);
    }

  orga_campaign_data_load_async (store, orga_campaign_get_id (self->campaign),
                                 self->load_cancellable, load_done_cb, g_object_ref (self));
  notify_busy (self);
}

/* ------------------------------------------------------------------------
 * Actions
 * ------------------------------------------------------------------------ */

static void
copy_code_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  OrgaCampaignPage *self = ORGA_CAMPAIGN_PAGE (widget);

  if (self->campaign == NULL)
    return;

  gdk_clipboard_set_text (gtk_widget_get_clipboard (widget), orga_campaign_get_code (self->campaign));
  orga_widget_add_toast (widget, adw_toast_new (_("Code copied")));
}

static void
copy_link_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  OrgaCampaignPage *self = ORGA_CAMPAIGN_PAGE (widget);
  g_autofree char *link = NULL;

  if (self->campaign == NULL)
    return;

  link = _orga_campaign_dup_direct_link (self->campaign);
  gdk_clipboard_set_text (gtk_widget_get_clipboard (widget), link);
  orga_widget_add_toast (widget, adw_toast_new (_("Direct link copied")));
}

static void
show_participant_action (GtkWidget  *widget,
                         const char *action_name,
                         GVariant   *parameter)
{
  orga_campaign_page_show_participant (ORGA_CAMPAIGN_PAGE (widget), g_variant_get_uint32 (parameter));
}

static void
delete_participation_response_cb (OrgaCampaignPage *self,
                                  const char       *response,
                                  AdwMessageDialog *dialog)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *user = NULL;
  gint64 id = GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (dialog), "participation"));

  if (g_strcmp0 (response, "delete") != 0 || self->context == NULL)
    return;

  user = orga_context_dup_user_name (self->context);
  if (!orga_store_delete_participation (orga_context_get_store (self->context), id, user, &error))
    {
      orga_widget_show_message (GTK_WIDGET (self), _("The participation could not be deleted"), error->message);
      return;
    }

  /* The change feed reads the campaign again; its participant is gone. */
  adw_leaflet_set_visible_child_name (self->leaflet, "campaign");
  orga_widget_add_toast (GTK_WIDGET (self), adw_toast_new (_("Participation deleted")));
}

/* Pix Orga's confirmation ("delete-participation-modal"): whose, what the
 * status means for them, and that it cannot be undone. The parameter is
 * the participation's position in the set. */
static void
delete_participation_action (GtkWidget  *widget,
                             const char *action_name,
                             GVariant   *parameter)
{
  OrgaCampaignPage *self = ORGA_CAMPAIGN_PAGE (widget);
  guint index = g_variant_get_uint32 (parameter);
  const OrgaParticipation *p;
  g_autoptr(GArray) attempts = NULL;
  g_autofree char *who = NULL;
  g_autofree char *body = NULL;
  const char *consequence;
  gboolean profiles;
  GtkWidget *dialog;

  if (self->data == NULL || index >= orga_participation_set_get_n (self->data->participations) || !can_delete (self))
    return;

  p = orga_participation_set_get (self->data->participations, index);
  profiles = orga_campaign_get_campaign_type (self->campaign) == ORGA_CAMPAIGN_TYPE_PROFILES_COLLECTION;
  attempts = orga_campaign_data_get_attempts (self->data, p->learner_id);

  /* TRANSLATORS: first name, last name, campaign */
  who = g_strdup_printf (_("You are about to delete the participation of %s %s in the campaign “%s”."),
                         p->first_name, p->last_name, orga_campaign_get_name (self->campaign));
  if (p->status == ORGA_PARTICIPATION_STARTED)
    consequence = _("The participant will no longer be able to continue their test.");
  else if (p->status == ORGA_PARTICIPATION_TO_SHARE)
    consequence = _("The participant will no longer be able to send their results.");
  else if (profiles)
    consequence = _("Their profile will no longer appear in the Results tab nor in the exports, and no longer "
                    "counts for their certifiability.");
  else
    consequence = _("Their results will no longer appear in the Results and Analysis tabs nor in the exports.");

  if (attempts->len > 1)
    {
      g_autofree char *all = g_strdup_printf (ngettext ("Their %u participation in this campaign is deleted.",
                                                        "Their %u participations in this campaign are all deleted.",
                                                        attempts->len), attempts->len);

      body = g_strdup_printf ("%s\n\n%s %s %s\n\n%s", who, consequence, all,
                              _("The participant will not be able to take part in this campaign again."),
                              _("Warning: this action cannot be undone."));
    }
  else
    body = g_strdup_printf ("%s\n\n%s %s\n\n%s", who, consequence,
                            _("The participant will not be able to take part in this campaign again."),
                            _("Warning: this action cannot be undone."));

  dialog = adw_message_dialog_new (orga_widget_get_window (widget), _("Delete the Participation?"), body);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "delete", _("Yes, _Delete It"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "delete", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_object_set_data (G_OBJECT (dialog), "participation", GSIZE_TO_POINTER ((gsize) p->id));
  g_signal_connect_object (dialog, "response", G_CALLBACK (delete_participation_response_cb), self, G_CONNECT_SWAPPED);

  gtk_window_present (GTK_WINDOW (dialog));
}

static void
show_campaign_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  OrgaCampaignPage *self = ORGA_CAMPAIGN_PAGE (widget);

  adw_leaflet_set_visible_child_name (self->leaflet, "campaign");
}

static void
leaflet_child_cb (OrgaCampaignPage *self)
{
  /* Back on the campaign (button, swipe or Alt+Left): the participant is
   * done. */
  if (g_strcmp0 (adw_leaflet_get_visible_child_name (self->leaflet), "campaign") == 0 &&
      !adw_leaflet_get_child_transition_running (self->leaflet))
    orga_participant_page_set_participation (self->participant_page, NULL, 0);
}

/* ------------------------------------------------------------------------
 * Export
 * ------------------------------------------------------------------------ */

static void
export_done_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(OrgaCampaignPage) self = user_data;
  g_autoptr(GFile) file = g_steal_pointer (&self->export_file);
  g_autoptr(GError) error = NULL;

  if (g_task_get_cancellable (G_TASK (result)) == self->export_cancellable)
    g_clear_object (&self->export_cancellable);
  update_actions (self);
  notify_busy (self);

  if (!orga_campaign_export_to_file_finish (result, &error))
    {
      g_autofree char *name = NULL;
      g_autofree char *body = NULL;

      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) || file == NULL)
        return;

      name = g_file_get_basename (file);
      body = g_strdup_printf (_("The file “%s” could not be written: %s"), name, error->message);
      orga_widget_show_message (GTK_WIDGET (self), _("The Results Could Not Be Exported"), body);
      return;
    }

  orga_widget_add_toast (GTK_WIDGET (self), adw_toast_new (_("The results were exported.")));
}

void
orga_campaign_page_export (OrgaCampaignPage *self,
                           GFile            *file)
{
  g_return_if_fail (ORGA_IS_CAMPAIGN_PAGE (self));
  g_return_if_fail (G_IS_FILE (file));

  if (self->data == NULL || self->export_cancellable != NULL)
    return;

  /* The set is read-only once loaded: the export reads the page's copy,
   * no second query. It is written beside the file and renamed at the
   * end, so that a failure leaves an earlier export as it was. */
  self->export_cancellable = g_cancellable_new ();
  g_set_object (&self->export_file, file);
  orga_campaign_export_to_file_async (self->data->organization, self->data->campaign, self->data->participations,
                                      file, self->export_cancellable, export_done_cb, g_object_ref (self));

  update_actions (self);
  notify_busy (self);
}

static void
chooser_response_cb (OrgaCampaignPage *self,
                     int               response,
                     GtkNativeDialog  *chooser)
{
  g_autoptr(GFile) file = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
  if (chooser == self->chooser)
    g_clear_object (&self->chooser);

  if (file != NULL)
    orga_campaign_page_export (self, file);
}

static void
export_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  OrgaCampaignPage *self = ORGA_CAMPAIGN_PAGE (widget);
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *name = NULL;
  GtkFileChooserNative *chooser;

  if (self->data == NULL)
    return;

  if (self->chooser != NULL)
    {
      gtk_native_dialog_show (self->chooser);
      return;
    }

  /* Demonstration data makes a file just like Pix's: the dialog says what
   * it holds (a native dialog takes no extra widget; its title is the
   * line it shows above the file name). */
  chooser = gtk_file_chooser_native_new (self->data->is_demo ? _("Export the Results — Demonstration Data")
                                                             : _("Export the Results"),
                                         orga_widget_get_window (widget),
                                         GTK_FILE_CHOOSER_ACTION_SAVE, _("_Export"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);

  gtk_file_filter_set_name (filter, _("Spreadsheet (.csv)"));
  gtk_file_filter_add_suffix (filter, "csv");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), filter);

  /* Pix's name: "Resultats-{name}-{id}-{date}.csv", "DEMONSTRATION-…"
   * for demonstration data. */
  name = orga_campaign_export_file_name (self->data->campaign, self->data->participations, now);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), name);

  orga_file_chooser_start_in (GTK_FILE_CHOOSER (chooser),
                              self->context ? orga_context_get_settings (self->context) : NULL,
                              ORGA_FOLDER_EXPORT);

  g_signal_connect_object (chooser, "response", G_CALLBACK (chooser_response_cb), self, G_CONNECT_SWAPPED);
  self->chooser = GTK_NATIVE_DIALOG (chooser);
  gtk_native_dialog_show (self->chooser);
}

/* ------------------------------------------------------------------------
 * GObject
 * ------------------------------------------------------------------------ */

static void
orga_campaign_page_dispose (GObject *object)
{
  OrgaCampaignPage *self = ORGA_CAMPAIGN_PAGE (object);

  stop_loading (self);
  if (self->export_cancellable != NULL)
    g_cancellable_cancel (self->export_cancellable);
  g_clear_object (&self->export_cancellable);
  g_clear_object (&self->export_file);

  if (self->chooser != NULL)
    gtk_native_dialog_destroy (self->chooser);
  g_clear_object (&self->chooser);

  gtk_widget_dispose_template (GTK_WIDGET (self), ORGA_TYPE_CAMPAIGN_PAGE);

  g_clear_pointer (&self->data, orga_campaign_data_unref);
  g_clear_object (&self->campaign);
  g_clear_object (&self->context);

  G_OBJECT_CLASS (orga_campaign_page_parent_class)->dispose (object);
}

static void
orga_campaign_page_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  OrgaCampaignPage *self = ORGA_CAMPAIGN_PAGE (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      g_value_set_object (value, self->context);
      break;
    case PROP_CAMPAIGN:
      g_value_set_object (value, self->campaign);
      break;
    case PROP_BUSY:
      g_value_set_boolean (value, orga_campaign_page_get_busy (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
orga_campaign_page_set_property (GObject      *object,
                                 guint         prop_id,
                                 const GValue *value,
                                 GParamSpec   *pspec)
{
  OrgaCampaignPage *self = ORGA_CAMPAIGN_PAGE (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      orga_campaign_page_set_context (self, g_value_get_object (value));
      break;
    case PROP_CAMPAIGN:
      orga_campaign_page_set_campaign (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
orga_campaign_page_class_init (OrgaCampaignPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = orga_campaign_page_dispose;
  object_class->get_property = orga_campaign_page_get_property;
  object_class->set_property = orga_campaign_page_set_property;

  properties[PROP_CONTEXT] =
    g_param_spec_object ("context", NULL, NULL, ORGA_TYPE_CONTEXT,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_CAMPAIGN] =
    g_param_spec_object ("campaign", NULL, NULL, ORGA_TYPE_CAMPAIGN,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /**
   * OrgaCampaignPage:busy:
   *
   * Whether participations are being read or exported.
   */
  properties[PROP_BUSY] =
    g_param_spec_boolean ("busy", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (ORGA_TYPE_CAMPAIGN_ACTIVITY);
  g_type_ensure (ORGA_TYPE_CAMPAIGN_RESULTS);
  g_type_ensure (ORGA_TYPE_CAMPAIGN_ANALYSIS);
  g_type_ensure (ORGA_TYPE_CAMPAIGN_SETTINGS);
  g_type_ensure (ORGA_TYPE_PARTICIPANT_PAGE);

  g_type_ensure (ORGA_TYPE_WRAP_BOX);
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/pixorga/PixOrga/ui/orga-campaign-page.ui");
  gtk_widget_class_bind_template_child (widget_class, OrgaCampaignPage, archived_revealer);
  gtk_widget_class_bind_template_child (widget_class, OrgaCampaignPage, demo_revealer);
  gtk_widget_class_bind_template_child (widget_class, OrgaCampaignPage, leaflet);
  gtk_widget_class_bind_template_child (widget_class, OrgaCampaignPage, name_label);
  gtk_widget_class_bind_template_child (widget_class, OrgaCampaignPage, type_label);
  gtk_widget_class_bind_template_child (widget_class, OrgaCampaignPage, code_label);
  gtk_widget_class_bind_template_child (widget_class, OrgaCampaignPage, owner_label);
  gtk_widget_class_bind_template_child (widget_class, OrgaCampaignPage, created_label);
  gtk_widget_class_bind_template_child (widget_class, OrgaCampaignPage, multiple_label);
  gtk_widget_class_bind_template_child (widget_class, OrgaCampaignPage, loading_revealer);
  gtk_widget_class_bind_template_child (widget_class, OrgaCampaignPage, spinner);
  gtk_widget_class_bind_template_child (widget_class, OrgaCampaignPage, view_stack);
  gtk_widget_class_bind_template_child (widget_class, OrgaCampaignPage, results_page);
  gtk_widget_class_bind_template_child (widget_class, OrgaCampaignPage, analysis_page);
  gtk_widget_class_bind_template_child (widget_class, OrgaCampaignPage, activity);
  gtk_widget_class_bind_template_child (widget_class, OrgaCampaignPage, results);
  gtk_widget_class_bind_template_child (widget_class, OrgaCampaignPage, analysis);
  gtk_widget_class_bind_template_child (widget_class, OrgaCampaignPage, settings);
  gtk_widget_class_bind_template_child (widget_class, OrgaCampaignPage, participant_page);
  gtk_widget_class_bind_template_callback (widget_class, leaflet_child_cb);

  gtk_widget_class_install_action (widget_class, "campaign.export", NULL, export_action);
  gtk_widget_class_install_action (widget_class, "campaign.copy-code", NULL, copy_code_action);
  gtk_widget_class_install_action (widget_class, "campaign.copy-link", NULL, copy_link_action);
  gtk_widget_class_install_action (widget_class, "campaign.show-participant", "u", show_participant_action);
  gtk_widget_class_install_action (widget_class, "campaign.delete-participation", "u", delete_participation_action);
  gtk_widget_class_install_action (widget_class, "campaign.show-campaign", NULL, show_campaign_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_e, GDK_CONTROL_MASK, "campaign.export", NULL);
}

static void
load_css (GtkWidget *widget)
{
  static gboolean loaded;
  g_autoptr(GtkCssProvider) provider = NULL;

  if (loaded)
    return;
  loaded = TRUE;

  provider = gtk_css_provider_new ();
  gtk_css_provider_load_from_resource (provider, "/io/github/pixorga/PixOrga/orga-campaign.css");
  gtk_style_context_add_provider_for_display (gtk_widget_get_display (widget), GTK_STYLE_PROVIDER (provider),
                                              GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
}

static void
orga_campaign_page_init (OrgaCampaignPage *self)
{
  load_css (GTK_WIDGET (self));
  gtk_widget_init_template (GTK_WIDGET (self));

  update_header (self);
  update_results_title (self);
  update_actions (self);
}

OrgaCampaignPage *
orga_campaign_page_new (OrgaContext *context)
{
  return g_object_new (ORGA_TYPE_CAMPAIGN_PAGE, "context", context, NULL);
}

OrgaContext *
orga_campaign_page_get_context (OrgaCampaignPage *self)
{
  g_return_val_if_fail (ORGA_IS_CAMPAIGN_PAGE (self), NULL);
  return self->context;
}

void
orga_campaign_page_set_context (OrgaCampaignPage *self,
                                OrgaContext      *context)
{
  g_return_if_fail (ORGA_IS_CAMPAIGN_PAGE (self));
  g_return_if_fail (context == NULL || ORGA_IS_CONTEXT (context));

  if (!g_set_object (&self->context, context))
    return;

  start_loading (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CONTEXT]);
}

void
orga_campaign_page_set_campaign (OrgaCampaignPage *self,
                                 OrgaCampaign     *campaign)
{
  gboolean same;

  g_return_if_fail (ORGA_IS_CAMPAIGN_PAGE (self));
  g_return_if_fail (campaign == NULL || ORGA_IS_CAMPAIGN (campaign));

  same = campaign != NULL && self->campaign != NULL &&
         orga_campaign_get_id (campaign) == orga_campaign_get_id (self->campaign);

  if (campaign != NULL)
    g_object_ref (campaign);
  g_clear_object (&self->campaign);
  self->campaign = campaign;

  if (!same)
    {
      /* Another campaign: nothing of the previous one stays in view. */
      self->pending_learner = 0;
      stop_loading (self);
      set_data (self, NULL);
      adw_leaflet_set_visible_child_name (self->leaflet, "campaign");
      adw_view_stack_set_visible_child_name (self->view_stack, "activity");
    }

  update_header (self);
  update_results_title (self);
  orga_campaign_settings_set_campaign (self->settings, self->campaign);
  update_actions (self);
  start_loading (self);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CAMPAIGN]);
}

OrgaCampaign *
orga_campaign_page_get_campaign (OrgaCampaignPage *self)
{
  g_return_val_if_fail (ORGA_IS_CAMPAIGN_PAGE (self), NULL);
  return self->campaign;
}

OrgaCampaignData *
orga_campaign_page_get_data (OrgaCampaignPage *self)
{
  g_return_val_if_fail (ORGA_IS_CAMPAIGN_PAGE (self), NULL);
  return self->data;
}

gboolean
orga_campaign_page_get_busy (OrgaCampaignPage *self)
{
  g_return_val_if_fail (ORGA_IS_CAMPAIGN_PAGE (self), FALSE);
  return self->load_cancellable != NULL || self->export_cancellable != NULL;
}

void
orga_campaign_page_set_tab (OrgaCampaignPage *self,
                            const char       *name)
{
  g_return_if_fail (ORGA_IS_CAMPAIGN_PAGE (self));

  adw_leaflet_set_visible_child_name (self->leaflet, "campaign");
  adw_view_stack_set_visible_child_name (self->view_stack, name);
}

void
orga_campaign_page_show_participant (OrgaCampaignPage *self,
                                     guint             index)
{
  g_return_if_fail (ORGA_IS_CAMPAIGN_PAGE (self));

  if (self->data == NULL || index >= orga_participation_set_get_n (self->data->participations))
    return;

  orga_participant_page_set_participation (self->participant_page, self->data, index);
  adw_leaflet_set_visible_child_name (self->leaflet, "participant");
}

/**
 * orga_campaign_page_show_learner:
 * @learner_id: a student of the school
 *
 * The result of the student's latest participation in the campaign (the
 * student's page links there): at once when the participations are read,
 * else when they are. Nothing when the student has none here.
 */
void
orga_campaign_page_show_learner (OrgaCampaignPage *self,
                                 gint64            learner_id)
{
  g_autoptr(GArray) attempts = NULL;

  g_return_if_fail (ORGA_IS_CAMPAIGN_PAGE (self));

  if (self->data == NULL || self->load_cancellable != NULL)
    {
      self->pending_learner = learner_id;
      return;
    }

  attempts = orga_campaign_data_get_attempts (self->data, learner_id);
  if (attempts->len > 0)
    orga_campaign_page_show_participant (self, g_array_index (attempts, guint, attempts->len - 1));
}
