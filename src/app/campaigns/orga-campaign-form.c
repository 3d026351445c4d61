/* orga-campaign-form.c
 *
 * "Création d'une campagne", Pix Orga's form in a modal window: the name,
 * the goal (assessment or profiles collection), the target profile, the
 * owner, the title and landing text with their character counters, the
 * external identifier and multiple sendings. The same form duplicates a
 * campaign (pre-filled, "Copie de …") and edits one ("Modification d'une
 * campagne": only the name, title, landing text and owner can change;
 * the rest is shown, insensitive).
 *
 * Rules are the core's (orga_campaign_spec_validate, with Pix's
 * messages): the first broken one is shown under its field, which gets
 * the focus; nothing typed is ever cleared.
 *
 * Multiple sendings are offered for assessments too: PixOrga behaves as a
 * Pix Orga organization with the MULTIPLE_SENDING_ASSESSMENT feature on,
 * which a school would ask Pix for anyway to let its students retake a
 * back-to-school profile.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "orga-campaign-form"

#include "config.h"

#include <glib/gi18n.h>

#include "orga-campaign-form.h"
#include "orga-context.h"
#include "orga-profile-picker.h"
#include "orga-store-campaigns.h"
#include "orga-widget-util.h"

typedef enum
{
  FIELD_NONE,
  FIELD_NAME,
  FIELD_OWNER,
  FIELD_PROFILE,
  FIELD_TITLE,
  FIELD_LANDING,
  FIELD_EXTERNAL,
  N_FIELDS
} Field;

struct _OrgaCampaignForm
{
  AdwWindow             parent_instance;

  /* template widgets */
  AdwWindowTitle       *window_title;
  GtkButton            *save_button;
  AdwPreferencesPage   *page;
  AdwEntryRow          *name_row;
  GtkLabel             *name_error;
  AdwPreferencesGroup  *type_group;
  GtkCheckButton       *assessment_check;
  GtkCheckButton       *profiles_check;
  AdwPreferencesGroup  *profile_group;
  OrgaProfilePicker    *profile_picker;
  GtkLabel             *profile_error;
  AdwEntryRow          *owner_row;
  GtkLabel             *owner_error;
  AdwPreferencesGroup  *title_group;
  AdwEntryRow          *title_row;
  GtkLabel             *title_counter;
  GtkLabel             *title_error;
  GtkTextView          *landing_view;
  GtkLabel             *landing_counter;
  GtkLabel             *landing_error;
  AdwPreferencesGroup  *external_group;
  GtkCheckButton       *external_yes;
  GtkCheckButton       *external_no;
  AdwActionRow         *external_type_row;
  GtkCheckButton       *external_email;
  GtkCheckButton       *external_string;
  AdwEntryRow          *external_label_row;
  GtkLabel             *external_hint;
  GtkLabel             *external_warning;
  GtkLabel             *external_error;
  AdwPreferencesGroup  *multiple_group;
  AdwActionRow         *multiple_row;
  GtkCheckButton       *multiple_yes;
  GtkCheckButton       *multiple_no;

  /* owned */
  OrgaContext          *context;
  OrgaCampaign         *campaign;    /* duplicated or edited */
  OrgaCampaignFormMode  mode;
};

G_DEFINE_FINAL_TYPE (OrgaCampaignForm, orga_campaign_form, ADW_TYPE_WINDOW)

enum {
  SAVED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* ------------------------------------------------------------------------
 * Errors under the fields
 * ------------------------------------------------------------------------ */

static GtkLabel *
field_error_label (OrgaCampaignForm *self,
                   Field             field)
{
  switch (field)
    {
    case FIELD_NAME: return self->name_error;
    case FIELD_OWNER: return self->owner_error;
    case FIELD_PROFILE: return self->profile_error;
    case FIELD_TITLE: return self->title_error;
    case FIELD_LANDING: return self->landing_error;
    case FIELD_EXTERNAL: return self->external_error;
    case FIELD_NONE:
    case N_FIELDS:
    default:
      return NULL;
    }
}

/* The widget a screen reader is on when the message matters. */
static GtkWidget *
field_widget (OrgaCampaignForm *self,
              Field             field)
{
  switch (field)
    {
    case FIELD_NAME: return GTK_WIDGET (self->name_row);
    case FIELD_OWNER: return GTK_WIDGET (self->owner_row);
    case FIELD_PROFILE: return GTK_WIDGET (self->profile_picker);
    case FIELD_TITLE: return GTK_WIDGET (self->title_row);
    case FIELD_LANDING: return GTK_WIDGET (self->landing_view);
    case FIELD_EXTERNAL: return GTK_WIDGET (self->external_label_row);
    case FIELD_NONE:
    case N_FIELDS:
    default:
      return NULL;
    }
}

static void
clear_error (OrgaCampaignForm *self,
             Field             field)
{
  GtkLabel *label = field_error_label (self, field);
  GtkWidget *widget = field_widget (self, field);

  if (label == NULL || !gtk_widget_get_visible (GTK_WIDGET (label)))
    return;

  gtk_widget_set_visible (GTK_WIDGET (label), FALSE);
  gtk_label_set_label (label, "");
  gtk_widget_remove_css_class (widget, "error");
  gtk_accessible_reset_state (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_STATE_INVALID);
  gtk_accessible_reset_property (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION);
}

static void
clear_errors (OrgaCampaignForm *self)
{
  for (Field field = FIELD_NAME; field < N_FIELDS; field++)
    clear_error (self, field);
}

static Field
field_for_error (const GError *error)
{
  if (error->domain != ORGA_CAMPAIGN_ERROR)
    return FIELD_NONE;

  switch ((OrgaCampaignError) error->code)
    {
    case ORGA_CAMPAIGN_ERROR_NAME_REQUIRED:
      return FIELD_NAME;
    case ORGA_CAMPAIGN_ERROR_OWNER_REQUIRED:
      return FIELD_OWNER;
    case ORGA_CAMPAIGN_ERROR_PROFILE_REQUIRED:
    case ORGA_CAMPAIGN_ERROR_PROFILE_UNKNOWN:
    case ORGA_CAMPAIGN_ERROR_PROFILE_FORBIDDEN:
      return FIELD_PROFILE;
    case ORGA_CAMPAIGN_ERROR_TITLE_TOO_LONG:
    case ORGA_CAMPAIGN_ERROR_TITLE_FORBIDDEN:
      return FIELD_TITLE;
    case ORGA_CAMPAIGN_ERROR_LANDING_TOO_LONG:
      return FIELD_LANDING;
    case ORGA_CAMPAIGN_ERROR_EXTERNAL_ID_TYPE_REQUIRED:
    case ORGA_CAMPAIGN_ERROR_EXTERNAL_ID_LABEL_REQUIRED:
    case ORGA_CAMPAIGN_ERROR_EXTERNAL_ID_LABEL_TOO_LONG:
      return FIELD_EXTERNAL;
    case ORGA_CAMPAIGN_ERROR_ALREADY_ARCHIVED:
    case ORGA_CAMPAIGN_ERROR_NOT_ARCHIVED:
    case ORGA_CAMPAIGN_ERROR_ARCHIVED:
    case ORGA_CAMPAIGN_ERROR_NOT_FOUND:
    default:
      return FIELD_NONE;
    }
}

static void
show_error (OrgaCampaignForm *self,
            Field             field,
            const char       *message)
{
  GtkLabel *label = field_error_label (self, field);
  GtkWidget *widget = field_widget (self, field);

  gtk_label_set_label (label, message);
  gtk_widget_set_visible (GTK_WIDGET (label), TRUE);
  gtk_widget_add_css_class (widget, "error");
  gtk_accessible_update_state (GTK_ACCESSIBLE (widget),
                               GTK_ACCESSIBLE_STATE_INVALID, GTK_ACCESSIBLE_INVALID_TRUE,
                               -1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (widget),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, message,
                                  -1);

  switch (field)
    {
    case FIELD_PROFILE:
      orga_profile_picker_focus (self->profile_picker);
      break;
    case FIELD_EXTERNAL:
      if (gtk_check_button_get_active (self->external_email) || gtk_check_button_get_active (self->external_string))
        gtk_widget_grab_focus (GTK_WIDGET (self->external_label_row));
      else
        gtk_widget_grab_focus (GTK_WIDGET (self->external_email));
      break;
    case FIELD_NAME:
    case FIELD_OWNER:
    case FIELD_TITLE:
    case FIELD_LANDING:
    case FIELD_NONE:
    case N_FIELDS:
    default:
      /* The page scrolls to what has the focus. */
      gtk_widget_grab_focus (widget);
      break;
    }
}

static void
show_failure (OrgaCampaignForm *self,
              const char       *message)
{
  orga_widget_show_message (GTK_WIDGET (self),
                            self->mode == ORGA_CAMPAIGN_FORM_EDIT
                            ? _("The Changes Could Not Be Saved")
                            : _("The Campaign Could Not Be Created"),
                            message);
}

/* ------------------------------------------------------------------------
 * Fields
 * ------------------------------------------------------------------------ */

static gboolean
is_assessment (OrgaCampaignForm *self)
{
  return gtk_check_button_get_active (self->assessment_check);
}

static void
update_counter (GtkLabel   *counter,
                const char *text,
                guint       max)
{
  glong length = g_utf8_strlen (text, -1);
  g_autofree char *label = g_strdup_printf ("%ld / %u", length, max);
  g_autofree char *description = NULL;

  gtk_label_set_label (counter, label);

  /* Over the limit the counter says so in colour, and the error in
   * words when the form is sent. */
  if (length > (glong) max)
    gtk_widget_add_css_class (GTK_WIDGET (counter), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (counter), "error");

  /* TRANSLATORS: the character counter of a field, read by screen readers */
  description = g_strdup_printf (_("%ld characters out of %u"), length, max);
  gtk_accessible_update_property (GTK_ACCESSIBLE (counter),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, description,
                                  -1);
}

static char *
dup_landing_text (OrgaCampaignForm *self)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->landing_view);
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
}

static void
landing_changed_cb (OrgaCampaignForm *self)
{
  g_autofree char *text = dup_landing_text (self);

  update_counter (self->landing_counter, text, ORGA_CAMPAIGN_LANDING_TEXT_MAX);
  clear_error (self, FIELD_LANDING);
}

static void
name_changed_cb (OrgaCampaignForm *self)
{
  clear_error (self, FIELD_NAME);
}

static void
owner_changed_cb (OrgaCampaignForm *self)
{
  clear_error (self, FIELD_OWNER);
}

static void
title_changed_cb (OrgaCampaignForm *self)
{
  update_counter (self->title_counter, gtk_editable_get_text (GTK_EDITABLE (self->title_row)),
                  ORGA_CAMPAIGN_TITLE_MAX);
  clear_error (self, FIELD_TITLE);
}

static void
external_label_changed_cb (OrgaCampaignForm *self)
{
  clear_error (self, FIELD_EXTERNAL);
}

static void
external_type_toggled_cb (OrgaCampaignForm *self)
{
  clear_error (self, FIELD_EXTERNAL);
}

static void
profile_changed_cb (OrgaCampaignForm *self)
{
  const OrgaTargetProfile *profile = orga_profile_picker_get_profile (self->profile_picker);
  GString *help = g_string_new (NULL);

  if (profile != NULL)
    clear_error (self, FIELD_PROFILE);

  /* Pix's help text, by type; "Remise à zéro" adds its sentence. */
  if (is_assessment (self))
    {
      g_string_append (help, _("If you choose “Yes”, participants can take the campaign again 4 days later and send their results several times. You will see their latest participation."));
      if (profile != NULL && profile->resettable)
        {
          g_string_append_c (help, ' ');
          g_string_append (help, _("They can try to improve their results by answering all the questions of the target profile again."));
        }
    }
  else
    g_string_append (help, _("If you choose “Yes”, participants can send their profile several times by entering the campaign code again. You will find the latest profile sent."));

  adw_action_row_set_subtitle (self->multiple_row, help->str);
  g_string_free (help, TRUE);
}

static void
type_toggled_cb (OrgaCampaignForm *self)
{
  gboolean assessment = is_assessment (self);

  /* A profiles collection tests nothing and shows no title: the profile
   * and the title typed so far stay, in case the head goes back. */
  gtk_widget_set_visible (GTK_WIDGET (self->profile_group), assessment);
  gtk_widget_set_visible (GTK_WIDGET (self->title_group), assessment);
  if (!assessment)
    {
      clear_error (self, FIELD_PROFILE);
      clear_error (self, FIELD_TITLE);
    }

  profile_changed_cb (self);
}

static void
external_toggled_cb (OrgaCampaignForm *self)
{
  gboolean ask = gtk_check_button_get_active (self->external_yes);

  gtk_widget_set_visible (GTK_WIDGET (self->external_type_row), ask);
  gtk_widget_set_visible (GTK_WIDGET (self->external_label_row), ask);
  gtk_widget_set_visible (GTK_WIDGET (self->external_hint), ask);
  gtk_widget_set_visible (GTK_WIDGET (self->external_warning), ask);
  if (!ask)
    clear_error (self, FIELD_EXTERNAL);
}

/* ------------------------------------------------------------------------
 * Filling and reading
 * ------------------------------------------------------------------------ */

static void
fill (OrgaCampaignForm       *self,
      const OrgaCampaignSpec *spec)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->landing_view);
  gboolean external = spec->external_id_type != ORGA_EXTERNAL_ID_NONE || spec->external_id_label != NULL;

  gtk_editable_set_text (GTK_EDITABLE (self->name_row), spec->name ? spec->name : "");
  gtk_check_button_set_active (spec->type == ORGA_CAMPAIGN_TYPE_PROFILES_COLLECTION
                               ? self->profiles_check : self->assessment_check, TRUE);
  orga_profile_picker_set_profile_id (self->profile_picker, spec->target_profile_id);
  gtk_editable_set_text (GTK_EDITABLE (self->owner_row), spec->owner ? spec->owner : "");
  gtk_editable_set_text (GTK_EDITABLE (self->title_row), spec->title ? spec->title : "");
  gtk_text_buffer_set_text (buffer, spec->landing_text ? spec->landing_text : "", -1);

  gtk_check_button_set_active (external ? self->external_yes : self->external_no, TRUE);
  if (spec->external_id_type == ORGA_EXTERNAL_ID_EMAIL)
    gtk_check_button_set_active (self->external_email, TRUE);
  else if (spec->external_id_type == ORGA_EXTERNAL_ID_STRING)
    gtk_check_button_set_active (self->external_string, TRUE);
  gtk_editable_set_text (GTK_EDITABLE (self->external_label_row),
                         spec->external_id_label ? spec->external_id_label : "");

  gtk_check_button_set_active (spec->multiple_sendings ? self->multiple_yes : self->multiple_no, TRUE);
}

/* NULL for blank: optional fields are absent rather than empty. */
static char *
dup_trimmed (const char *text)
{
  char *copy = g_strstrip (g_strdup (text ? text : ""));

  if (*copy == '\0')
    g_clear_pointer (&copy, g_free);

  return copy;
}

typedef struct
{
  OrgaCampaignSpec  spec;
  char             *name;
  char             *owner;
  char             *creator;
  char             *title;
  char             *landing_text;
  char             *external_id_label;
} FormValues;

static void
form_values_clear (FormValues *values)
{
  g_free (values->name);
  g_free (values->owner);
  g_free (values->creator);
  g_free (values->title);
  g_free (values->landing_text);
  g_free (values->external_id_label);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (FormValues, form_values_clear)

static void
read_values (OrgaCampaignForm *self,
             FormValues       *values)
{
  gboolean assessment = is_assessment (self);
  g_autofree char *landing = dup_landing_text (self);

  values->name = dup_trimmed (gtk_editable_get_text (GTK_EDITABLE (self->name_row)));
  values->owner = dup_trimmed (gtk_editable_get_text (GTK_EDITABLE (self->owner_row)));
  values->creator = orga_context_dup_user_name (self->context);
  values->title = assessment ? dup_trimmed (gtk_editable_get_text (GTK_EDITABLE (self->title_row))) : NULL;
  values->landing_text = dup_trimmed (landing);

  values->spec.name = values->name;
  values->spec.type = assessment ? ORGA_CAMPAIGN_TYPE_ASSESSMENT : ORGA_CAMPAIGN_TYPE_PROFILES_COLLECTION;
  values->spec.target_profile_id = assessment ? orga_profile_picker_get_profile_id (self->profile_picker) : NULL;
  values->spec.owner = values->owner;
  values->spec.creator = values->creator;
  values->spec.title = values->title;
  values->spec.landing_text = values->landing_text;
  values->spec.external_id_type = ORGA_EXTERNAL_ID_NONE;
  values->spec.multiple_sendings = gtk_check_button_get_active (self->multiple_yes);

  if (gtk_check_button_get_active (self->external_yes))
    {
      if (gtk_check_button_get_active (self->external_email))
        values->spec.external_id_type = ORGA_EXTERNAL_ID_EMAIL;
      else if (gtk_check_button_get_active (self->external_string))
        values->spec.external_id_type = ORGA_EXTERNAL_ID_STRING;
      values->external_id_label = dup_trimmed (gtk_editable_get_text (GTK_EDITABLE (self->external_label_row)));
      values->spec.external_id_label = values->external_id_label;
    }
}

/* ------------------------------------------------------------------------
 * Saving
 * ------------------------------------------------------------------------ */

static gboolean
check (OrgaCampaignForm *self,
       const FormValues *values)
{
  g_autoptr(GError) error = NULL;

  if (!orga_campaign_spec_validate (&values->spec, &error))
    {
      Field field = field_for_error (error);

      if (field == FIELD_NONE)
        show_failure (self, error->message);
      else
        show_error (self, field, error->message);
      return FALSE;
    }

  /* "Oui" with neither a type nor a label: the core sees no identifier,
   * the head asked for one. */
  if (gtk_check_button_get_active (self->external_yes) && values->spec.external_id_type == ORGA_EXTERNAL_ID_NONE)
    {
      show_error (self, FIELD_EXTERNAL, _("Please choose the type of the identifier."));
      return FALSE;
    }

  return TRUE;
}

static OrgaCampaign *
write_campaign (OrgaCampaignForm  *self,
                const FormValues  *values,
                GError           **error)
{
  OrgaStore *store = orga_context_get_store (self->context);

  if (self->mode != ORGA_CAMPAIGN_FORM_EDIT)
    return orga_store_create_campaign (store, orga_context_get_organization (self->context),
                                       &values->spec, error);

  if (!orga_store_update_campaign (store, orga_campaign_get_id (self->campaign),
                                   values->spec.name, values->spec.title,
                                   values->spec.landing_text, values->spec.owner, error))
    return NULL;

  return orga_store_get_campaign (store, orga_campaign_get_id (self->campaign), error);
}

gboolean
orga_campaign_form_save (OrgaCampaignForm *self)
{
  g_auto(FormValues) values = { { 0 } };
  g_autoptr(OrgaCampaign) saved = NULL;
  g_autoptr(GError) error = NULL;

  g_return_val_if_fail (ORGA_IS_CAMPAIGN_FORM (self), FALSE);

  if (self->context == NULL || orga_context_get_organization (self->context) == NULL)
    return FALSE;

  clear_errors (self);
  read_values (self, &values);

  if (self->mode == ORGA_CAMPAIGN_FORM_EDIT)
    {
      OrgaCampaignSpec fixed;

      /* What cannot change is checked as stored, not as shown. */
      orga_campaign_to_spec (self->campaign, &fixed);
      values.spec.type = fixed.type;
      values.spec.target_profile_id = fixed.target_profile_id;
      values.spec.external_id_type = fixed.external_id_type;
      values.spec.external_id_label = fixed.external_id_label;
      values.spec.multiple_sendings = fixed.multiple_sendings;
      values.spec.creator = fixed.creator;
      if (fixed.type != ORGA_CAMPAIGN_TYPE_ASSESSMENT)
        values.spec.title = NULL;
    }

  if (!check (self, &values))
    return FALSE;

  saved = write_campaign (self, &values, &error);
  if (saved == NULL)
    {
      Field field = field_for_error (error);

      g_warning ("Could not save the campaign: %s", error->message);
      if (field == FIELD_NONE)
        show_failure (self, error->message);
      else
        show_error (self, field, error->message);
      return FALSE;
    }

  /* The handler may open the campaign's page: the form goes afterwards. */
  g_object_ref (self);
  g_signal_emit (self, signals[SAVED], 0, saved);
  gtk_window_destroy (GTK_WINDOW (self));
  g_object_unref (self);

  return TRUE;
}

/* Enter in a line of the form sends it, as "Créer la campagne" does. */
static void
entry_activated_cb (OrgaCampaignForm *self)
{
  orga_campaign_form_save (self);
}

static void
save_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  orga_campaign_form_save (ORGA_CAMPAIGN_FORM (widget));
}

static void
cancel_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  gtk_window_destroy (GTK_WINDOW (widget));
}

/* ------------------------------------------------------------------------
 * Modes
 * ------------------------------------------------------------------------ */

static void
setup_mode (OrgaCampaignForm *self)
{
  g_autofree char *user = orga_context_dup_user_name (self->context);
  gboolean editing = self->mode == ORGA_CAMPAIGN_FORM_EDIT;

  if (self->campaign != NULL)
    {
      OrgaCampaignSpec spec;
      g_autofree char *copy_name = NULL;

      orga_campaign_to_spec (self->campaign, &spec);
      if (self->mode == ORGA_CAMPAIGN_FORM_DUPLICATE)
        {
          /* TRANSLATORS: the name of a duplicated campaign, "Copie de Rentrée 6e" */
          copy_name = g_strdup_printf (_("Copy of %s"), spec.name);
          spec.name = copy_name;
          /* Who duplicates owns the copy. */
          spec.owner = user;
        }
      fill (self, &spec);
      adw_window_title_set_subtitle (self->window_title, orga_campaign_get_name (self->campaign));
    }
  else
    gtk_editable_set_text (GTK_EDITABLE (self->owner_row), user);

  if (editing)
    {
      gtk_window_set_title (GTK_WINDOW (self), _("Edit the Campaign"));
      gtk_button_set_label (self->save_button, _("_Save"));
    }
  else
    {
      gtk_window_set_title (GTK_WINDOW (self), _("Create a Campaign"));
      gtk_button_set_label (self->save_button, _("_Create the Campaign"));
    }
  adw_window_title_set_title (self->window_title, gtk_window_get_title (GTK_WINDOW (self)));

  /* Only the name, title, landing text and owner can change once a
   * campaign exists: the rest is shown as it is, insensitive. */
  gtk_widget_set_sensitive (GTK_WIDGET (self->assessment_check), !editing);
  gtk_widget_set_sensitive (GTK_WIDGET (self->profiles_check), !editing);
  gtk_widget_set_sensitive (GTK_WIDGET (self->profile_picker), !editing);
  gtk_widget_set_sensitive (GTK_WIDGET (self->external_group), !editing);
  gtk_widget_set_sensitive (GTK_WIDGET (self->multiple_group), !editing);
  if (editing)
    {
      adw_preferences_group_set_description (self->type_group, _("The goal, the target profile, the external identifier and multiple sendings cannot be changed once the campaign is created."));
      adw_preferences_group_set_description (self->profile_group, NULL);
    }

  type_toggled_cb (self);
  external_toggled_cb (self);
  title_changed_cb (self);
  landing_changed_cb (self);
  clear_errors (self);
}

/* ------------------------------------------------------------------------
 * GObject
 * ------------------------------------------------------------------------ */

static void
orga_campaign_form_dispose (GObject *object)
{
  OrgaCampaignForm *self = (OrgaCampaignForm *)object;

  gtk_widget_dispose_template (GTK_WIDGET (self), ORGA_TYPE_CAMPAIGN_FORM);
  g_clear_object (&self->campaign);
  g_clear_object (&self->context);

  G_OBJECT_CLASS (orga_campaign_form_parent_class)->dispose (object);
}

static void
orga_campaign_form_class_init (OrgaCampaignFormClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = orga_campaign_form_dispose;

  /**
   * OrgaCampaignForm::saved:
   * @campaign: the campaign created or edited, as stored
   */
  signals[SAVED] =
    g_signal_new ("saved", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, ORGA_TYPE_CAMPAIGN);

  g_type_ensure (ORGA_TYPE_PROFILE_PICKER);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/pixorga/PixOrga/ui/orga-campaign-form.ui");
  gtk_widget_class_bind_template_child (widget_class, OrgaCampaignForm, window_title);
  gtk_widget_class_bind_template_child (widget_class, OrgaCampaignForm, save_button);
  gtk_widget_class_bind_template_child (widget_class, OrgaCampaignForm, page);
  gtk_widget_class_bind_template_child (widget_class, OrgaCampaignForm, name_row);
  gtk_widget_class_bind_template_child (widget_class, OrgaCampaignForm, name_error);
  gtk_widget_class_bind_template_child (widget_class, OrgaCampaignForm, type_group);
  gtk_widget_class_bind_template_child (widget_class, OrgaCampaignForm, assessment_check);
  gtk_widget_class_bind_template_child (widget_class, OrgaCampaignForm, profiles_check);
  gtk_widget_class_bind_template_child (widget_class, OrgaCampaignForm, profile_group);
  gtk_widget_class_bind_template_child (widget_class, OrgaCampaignForm, profile_picker);
  gtk_widget_class_bind_template_child (widget_class, OrgaCampaignForm, profile_error);
  gtk_widget_class_bind_template_child (widget_class, OrgaCampaignForm, owner_row);
  gtk_widget_class_bind_template_child (widget_class, OrgaCampaignForm, owner_error);
  gtk_widget_class_bind_template_child (widget_class, OrgaCampaignForm, title_group);
  gtk_widget_class_bind_template_child (widget_class, OrgaCampaignForm, title_row);
  gtk_widget_class_bind_template_child (widget_class, OrgaCampaignForm, title_counter);
  gtk_widget_class_bind_template_child (widget_class, OrgaCampaignForm, title_error);
  gtk_widget_class_bind_template_child (widget_class, OrgaCampaignForm, landing_view);
  gtk_widget_class_bind_template_child (widget_class, OrgaCampaignForm, landing_counter);
  gtk_widget_class_bind_template_child (widget_class, OrgaCampaignForm, landing_error);
  gtk_widget_class_bind_template_child (widget_class, OrgaCampaignForm, external_group);
  gtk_widget_class_bind_template_child (widget_class, OrgaCampaignForm, external_yes);
  gtk_widget_class_bind_template_child (widget_class, OrgaCampaignForm, external_no);
  gtk_widget_class_bind_template_child (widget_class, OrgaCampaignForm, external_type_row);
  gtk_widget_class_bind_template_child (widget_class, OrgaCampaignForm, external_email);
  gtk_widget_class_bind_template_child (widget_class, OrgaCampaignForm, external_string);
  gtk_widget_class_bind_template_child (widget_class, OrgaCampaignForm, external_label_row);
  gtk_widget_class_bind_template_child (widget_class, OrgaCampaignForm, external_hint);
  gtk_widget_class_bind_template_child (widget_class, OrgaCampaignForm, external_warning);
  gtk_widget_class_bind_template_child (widget_class, OrgaCampaignForm, external_error);
  gtk_widget_class_bind_template_child (widget_class, OrgaCampaignForm, multiple_group);
  gtk_widget_class_bind_template_child (widget_class, OrgaCampaignForm, multiple_row);
  gtk_widget_class_bind_template_child (widget_class, OrgaCampaignForm, multiple_yes);
  gtk_widget_class_bind_template_child (widget_class, OrgaCampaignForm, multiple_no);
  gtk_widget_class_bind_template_callback (widget_class, name_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, owner_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, title_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, type_toggled_cb);
  gtk_widget_class_bind_template_callback (widget_class, profile_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, external_toggled_cb);
  gtk_widget_class_bind_template_callback (widget_class, external_type_toggled_cb);
  gtk_widget_class_bind_template_callback (widget_class, external_label_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, entry_activated_cb);

  gtk_widget_class_install_action (widget_class, "form.save", NULL, save_action);
  gtk_widget_class_install_action (widget_class, "form.cancel", NULL, cancel_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "form.cancel", NULL);
}

static void
orga_campaign_form_init (OrgaCampaignForm *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  orga_widget_fit_to_parent (GTK_WINDOW (self));

  g_signal_connect_object (gtk_text_view_get_buffer (self->landing_view), "changed",
                           G_CALLBACK (landing_changed_cb), self, G_CONNECT_SWAPPED);
}

OrgaCampaignForm *
orga_campaign_form_new (GtkWindow            *parent,
                        OrgaContext          *context,
                        OrgaCampaignFormMode  mode,
                        OrgaCampaign         *campaign)
{
  OrgaCampaignForm *self;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (ORGA_IS_CONTEXT (context), NULL);
  g_return_val_if_fail (campaign == NULL || ORGA_IS_CAMPAIGN (campaign), NULL);
  g_return_val_if_fail ((mode == ORGA_CAMPAIGN_FORM_CREATE) == (campaign == NULL), NULL);

  self = g_object_new (ORGA_TYPE_CAMPAIGN_FORM,
                       "transient-for", parent,
                       NULL);
  self->context = g_object_ref (context);
  self->mode = mode;
  self->campaign = campaign ? g_object_ref (campaign) : NULL;
  setup_mode (self);

  /* Where a head starts typing. */
  gtk_widget_grab_focus (GTK_WIDGET (self->name_row));

  return self;
}

OrgaCampaignFormMode
orga_campaign_form_get_mode (OrgaCampaignForm *self)
{
  g_return_val_if_fail (ORGA_IS_CAMPAIGN_FORM (self), ORGA_CAMPAIGN_FORM_CREATE);

  return self->mode;
}

OrgaCampaign *
orga_campaign_form_get_campaign (OrgaCampaignForm *self)
{
  g_return_val_if_fail (ORGA_IS_CAMPAIGN_FORM (self), NULL);

  return self->campaign;
}
