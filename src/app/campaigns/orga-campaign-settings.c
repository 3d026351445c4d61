/* orga-campaign-settings.c
 *
 * "Paramètres" (spec §3.4): every setting of the campaign as Pix Orga
 * lists them, and the buttons of the Campagnes page's actions.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "orga-campaign-settings"

#include "config.h"

#include <glib/gi18n.h>

#include "orga-campaign-settings.h"
#include "orga-campaign-util.h"
#include "orga-wrap-box.h"

struct _OrgaCampaignSettings
{
  AdwBin        parent_instance;

  /* template widgets */
  AdwActionRow *type_row;
  AdwActionRow *profile_row;
  AdwActionRow *profile_description_row;
  AdwActionRow *title_row;
  AdwActionRow *external_id_row;
  AdwActionRow *landing_row;
  AdwActionRow *multiple_row;
  AdwActionRow *reset_row;
  AdwActionRow *code_row;
  AdwActionRow *link_row;
  GtkWidget    *edit_button;
  GtkWidget    *archive_button;
  GtkWidget    *unarchive_button;

  /* owned */
  OrgaCampaign *campaign;
};

G_DEFINE_FINAL_TYPE (OrgaCampaignSettings, orga_campaign_settings, ADW_TYPE_BIN)

static void
set_value (AdwActionRow *row,
           const char   *value)
{
  /* Subtitles are markup in libadwaita 1.2 unless told otherwise: a
   * landing text may hold "<" and "&". */
  g_autofree char *escaped = g_markup_escape_text (value != NULL && *value != '\0' ? value : "–", -1);

  adw_action_row_set_subtitle (row, escaped);
}

static void
update (OrgaCampaignSettings *self)
{
  OrgaCampaign *campaign = self->campaign;
  const OrgaTargetProfile *profile;
  gboolean assessment;
  gboolean archived;
  g_autofree char *link = NULL;
  g_autofree char *external = NULL;

  if (campaign == NULL)
    return;

  profile = orga_campaign_get_target_profile (campaign);
  assessment = orga_campaign_get_campaign_type (campaign) == ORGA_CAMPAIGN_TYPE_ASSESSMENT;
  archived = orga_campaign_is_archived (campaign);

  set_value (self->type_row, assessment ? _("Assessment campaign") : _("Profiles collection campaign"));

  gtk_widget_set_visible (GTK_WIDGET (self->profile_row), assessment);
  gtk_widget_set_visible (GTK_WIDGET (self->profile_description_row), assessment && profile != NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->title_row), assessment);
  gtk_widget_set_visible (GTK_WIDGET (self->reset_row), assessment);
  if (assessment)
    {
      set_value (self->profile_row, profile ? profile->name : orga_campaign_get_target_profile_id (campaign));
      set_value (self->profile_description_row, profile ? profile->description : NULL);
      set_value (self->title_row, orga_campaign_get_title (campaign));
      set_value (self->reset_row, _orga_campaign_yes_no (profile != NULL && profile->resettable));
    }

  if (orga_campaign_get_external_id_type (campaign) == ORGA_EXTERNAL_ID_EMAIL)
    /* TRANSLATORS: the identifier label and its kind: "Adresse e-mail professionnelle (adresse e-mail)" */
    external = g_strdup_printf (_("%s (e-mail address)"), orga_campaign_get_external_id_label (campaign));
  else if (orga_campaign_get_external_id_type (campaign) == ORGA_EXTERNAL_ID_STRING)
    external = g_strdup (orga_campaign_get_external_id_label (campaign));
  set_value (self->external_id_row, external ? external : _("None: students are not asked for one"));

  set_value (self->landing_row, orga_campaign_get_landing_text (campaign));
  set_value (self->multiple_row, _orga_campaign_yes_no (orga_campaign_get_multiple_sendings (campaign)));
  set_value (self->code_row, orga_campaign_get_code (campaign));

  link = _orga_campaign_dup_direct_link (campaign);
  set_value (self->link_row, link);

  /* An archived campaign is unarchived first, then edited. */
  gtk_widget_set_visible (self->archive_button, !archived);
  gtk_widget_set_visible (self->unarchive_button, archived);
  gtk_widget_set_visible (self->edit_button, !archived);
}

static void
orga_campaign_settings_dispose (GObject *object)
{
  OrgaCampaignSettings *self = ORGA_CAMPAIGN_SETTINGS (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), ORGA_TYPE_CAMPAIGN_SETTINGS);
  g_clear_object (&self->campaign);

  G_OBJECT_CLASS (orga_campaign_settings_parent_class)->dispose (object);
}

static void
orga_campaign_settings_class_init (OrgaCampaignSettingsClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = orga_campaign_settings_dispose;

  g_type_ensure (ORGA_TYPE_WRAP_BOX);
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/pixorga/PixOrga/ui/orga-campaign-settings.ui");
  gtk_widget_class_bind_template_child (widget_class, OrgaCampaignSettings, type_row);
  gtk_widget_class_bind_template_child (widget_class, OrgaCampaignSettings, profile_row);
  gtk_widget_class_bind_template_child (widget_class, OrgaCampaignSettings, profile_description_row);
  gtk_widget_class_bind_template_child (widget_class, OrgaCampaignSettings, title_row);
  gtk_widget_class_bind_template_child (widget_class, OrgaCampaignSettings, external_id_row);
  gtk_widget_class_bind_template_child (widget_class, OrgaCampaignSettings, landing_row);
  gtk_widget_class_bind_template_child (widget_class, OrgaCampaignSettings, multiple_row);
  gtk_widget_class_bind_template_child (widget_class, OrgaCampaignSettings, reset_row);
  gtk_widget_class_bind_template_child (widget_class, OrgaCampaignSettings, code_row);
  gtk_widget_class_bind_template_child (widget_class, OrgaCampaignSettings, link_row);
  gtk_widget_class_bind_template_child (widget_class, OrgaCampaignSettings, edit_button);
  gtk_widget_class_bind_template_child (widget_class, OrgaCampaignSettings, archive_button);
  gtk_widget_class_bind_template_child (widget_class, OrgaCampaignSettings, unarchive_button);
}

static void
orga_campaign_settings_init (OrgaCampaignSettings *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

void
orga_campaign_settings_set_campaign (OrgaCampaignSettings *self,
                                     OrgaCampaign         *campaign)
{
  g_return_if_fail (ORGA_IS_CAMPAIGN_SETTINGS (self));

  g_set_object (&self->campaign, campaign);
  update (self);
}
