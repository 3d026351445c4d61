/* orga-documentation-page.c: the guide to the school year, in place of
 * the PDF deployment guides: each step says what to do and why, opens
 * the right page through the window's actions, and shows what the school
 * has already done this year (orga-guide-progress.h)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "orga-documentation-page"

#include "config.h"

#include <glib/gi18n.h>

#include "orga-documentation-page.h"

typedef enum
{
  SECTION_RENTREE,
  SECTION_YEAR,
  SECTION_CERTIFICATION,
  SECTION_END,
} Section;

typedef struct
{
  Section     section;
  const char *title;
  const char *explanation;
  const char *button;        /* unique on the page: the e2e test finds it by name */
  const char *action;
  const char *target;        /* a string parameter, or NULL */
} StepInfo;

/* The school year, in the order of the enum OrgaGuideStep. */
static const StepInfo steps[ORGA_GUIDE_N_STEPS] = {
  [ORGA_GUIDE_STEP_ACTIVATION] = {
    SECTION_RENTREE,
    N_("Activate the school’s space"),
    N_("The head teacher activates the school’s space once, with the code received from Pix. "
       "Linked to Pix Orga, the space is shared with your team and kept in sync; without that link, "
       "it stays on this computer only."),
    N_("Link to Pix Orga…"), "win.sign-in", NULL },
  [ORGA_GUIDE_STEP_IMPORT] = {
    SECTION_RENTREE,
    N_("Import the student list"),
    N_("At the start of the year, export the student list from SIECLE (the ElevesSansAdresses file) "
       "for a collège or a lycée, or from Fregata for an agricultural school, then import it here. "
       "PixOrga adds the new students, updates the classes and sets aside those who left. "
       "Import again whenever the list changes: nothing is lost."),
    N_("Import the List…"), "win.import", NULL },
  [ORGA_GUIDE_STEP_TEAM] = {
    SECTION_RENTREE,
    N_("Invite your team"),
    N_("Invite the teachers and the Pix referent who will follow the campaigns with you. "
       "Every member sees the school’s students and campaigns; only administrators manage the team."),
    N_("Open the Team"), "win.show-page", "team" },
  [ORGA_GUIDE_STEP_CAMPAIGNS] = {
    SECTION_RENTREE,
    N_("Launch the back-to-school campaigns"),
    N_("A back-to-school assessment campaign shows where each class stands in digital skills. "
       "Create it with the target profile of the class’s level, then give its code to the students: "
       "they take the test on pix.fr with their own account."),
    N_("Create a Campaign…"), "win.create-campaign", NULL },
  [ORGA_GUIDE_STEP_PALIERS] = {
    SECTION_YEAR,
    N_("Read the stages"),
    N_("As the students share their results, each campaign sorts them by stage: how many students "
       "reached each level of the target profile. Compare the classes, and spot early the students "
       "who need help before the certification."),
    N_("See the Campaigns"), "win.show-page", "campaigns" },
  [ORGA_GUIDE_STEP_PROFILES] = {
    SECTION_YEAR,
    N_("Collect the profiles and check certifiability"),
    N_("A profiles collection campaign asks the students to send their Pix profile. "
       "A student with at least five competences at level 1 or more is certifiable: "
       "PixOrga shows it in the student list and in the certification’s preparation."),
    N_("See Who Is Certifiable"), "win.show-cert-view", "readiness" },
  [ORGA_GUIDE_STEP_ACCOUNTS] = {
    SECTION_YEAR,
    N_("Student accounts and login slips"),
    N_("Every student needs a Pix account to take part. From the student list, reset the password "
       "of those who lost theirs and print the login slips, one per student, to hand out in class."),
    N_("Open the Students"), "win.show-page", "students" },
  [ORGA_GUIDE_STEP_PREPARATION] = {
    SECTION_CERTIFICATION,
    N_("Prepare the certification"),
    N_("In 3e and in terminale, the students take the Pix certification. The Preparation view "
       "lists them from the most urgent: first those not yet certifiable, then those enrolled in "
       "no session. Print it for the form teachers."),
    N_("Open the Preparation"), "win.show-cert-view", "readiness" },
  [ORGA_GUIDE_STEP_SESSIONS] = {
    SECTION_CERTIFICATION,
    N_("Create the sessions"),
    N_("A session is a room, a day and an examiner. Create it, then enrol the candidates class by "
       "class: each one needs a birth date, taken from the student list."),
    N_("Open the Sessions"), "win.show-cert-view", "sessions" },
  [ORGA_GUIDE_STEP_SUPERVISION] = {
    SECTION_CERTIFICATION,
    N_("Supervise the session"),
    N_("On the day, give the students the session number and its access code, and give the examiner "
       "the supervisor password: all are on the session’s page. Print the attendance sheet "
       "beforehand and have it signed."),
    N_("See the Session Codes"), "win.show-cert-view", "sessions" },
  [ORGA_GUIDE_STEP_FINALIZATION] = {
    SECTION_CERTIFICATION,
    N_("Finalize the session"),
    N_("After the session, finalize it, the same day if you can: say which candidates saw the end "
       "screen, and note the incidents and the reports. Pix processes the results only once the "
       "session is finalized."),
    N_("Finalize a Session…"), "win.show-cert-view", "sessions" },
  [ORGA_GUIDE_STEP_RESULTS] = {
    SECTION_CERTIFICATION,
    N_("Read the results and print the attestations"),
    N_("When Pix publishes the results, the Results view shows them class by class. Export them as "
       "CSV, and print the attestations of the certified students to hand them out."),
    N_("See the Results"), "win.show-cert-view", "results" },
  [ORGA_GUIDE_STEP_LIVRET] = {
    SECTION_END,
    N_("Fill in the livret scolaire"),
    N_("The levels reached at the certification go into the livret scolaire (LSU). From the Results "
       "view, export the file for the LSU, then import it into the livret scolaire application."),
    N_("Export for the Livret…"), "win.show-cert-view", "results" },
  [ORGA_GUIDE_STEP_ARCHIVE] = {
    SECTION_END,
    N_("Archive the school year"),
    N_("Before importing next year’s list, archive the year: one file keeps the results, the "
       "attestations and the campaigns. Keep it safe: once the students have left, it is the "
       "school’s record of their year."),
    N_("Archive the Year…"), "win.show-cert-results", NULL },
};

struct _OrgaDocumentationPage
{
  AdwBin                parent_instance;

  /* template widgets */
  AdwPreferencesGroup  *intro_group;
  AdwActionRow         *next_row;
  GtkButton            *next_button;
  AdwPreferencesGroup  *rentree_group;
  AdwPreferencesGroup  *year_group;
  AdwPreferencesGroup  *cert_group;
  AdwPreferencesGroup  *end_group;

  AdwActionRow         *rows[ORGA_GUIDE_N_STEPS];
  GtkImage             *icons[ORGA_GUIDE_N_STEPS];
  GtkButton            *buttons[ORGA_GUIDE_N_STEPS];

  OrgaContext          *context;
  OrgaGuideStep         next;
  gboolean              stale;     /* the store changed while hidden */
};

G_DEFINE_FINAL_TYPE (OrgaDocumentationPage, orga_documentation_page, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_CONTEXT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
set_button_action (GtkButton      *button,
                   const StepInfo *info)
{
  /* The target before the name: the action is checked against both. */
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), NULL);
  gtk_actionable_set_action_target_value (GTK_ACTIONABLE (button),
                                          info->target != NULL ? g_variant_new_string (info->target) : NULL);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), info->action);
}

/* Done or to do says itself in words and an icon, not in colour only. */
static void
show_step (OrgaDocumentationPage   *self,
           OrgaGuideStep            step,
           const OrgaGuideProgress *progress)
{
  const StepInfo *info = &steps[step];
  OrgaGuideState state = progress != NULL ? progress->states[step] : ORGA_GUIDE_STATE_UNTRACKED;
  const char *text = progress != NULL ? progress->statuses[step] : NULL;
  g_autofree char *status = NULL;
  g_autofree char *subtitle = NULL;
  const char *icon = "radio-symbolic";
  const char *icon_label = _("To do");

  switch (state)
    {
    case ORGA_GUIDE_STATE_DONE:
      /* Translators: a step of the guide, and what was done */
      status = g_strdup_printf (_("Done: %s"), text);
      icon = "emblem-ok-symbolic";
      icon_label = _("Done");
      break;
    case ORGA_GUIDE_STATE_TO_DO:
      /* Translators: a step of the guide, and where the school is */
      status = g_strdup_printf (_("To do: %s"), text);
      break;
    case ORGA_GUIDE_STATE_UNTRACKED:
    default:
      status = g_strdup (text != NULL ? text : "");
      icon = "dialog-information-symbolic";
      icon_label = _("Not tracked");
      break;
    }

  subtitle = g_markup_printf_escaped ("<b>%s</b>\n%s", status, _(info->explanation));
  adw_action_row_set_subtitle (self->rows[step], subtitle);
  gtk_image_set_from_icon_name (self->icons[step], icon);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->icons[step]), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  icon_label, -1);
  if (state == ORGA_GUIDE_STATE_DONE)
    gtk_widget_add_css_class (GTK_WIDGET (self->icons[step]), "success");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->icons[step]), "success");
}

static void
show_next (OrgaDocumentationPage *self)
{
  g_autofree char *title = NULL;
  g_autofree char *label = NULL;

  if (self->next >= ORGA_GUIDE_N_STEPS)
    {
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->next_row),
                                     _("Everything is done for this school year"));
      adw_action_row_set_subtitle (self->next_row, _("Well done, and thank you. The guide stays here for next year."));
      gtk_widget_set_visible (GTK_WIDGET (self->next_button), FALSE);
      return;
    }

  title = g_markup_escape_text (_(steps[self->next].title), -1);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->next_row), title);
  adw_action_row_set_subtitle (self->next_row, _(steps[self->next].explanation));
  set_button_action (self->next_button, &steps[self->next]);
  /* Translators: the accessible name of the "Commencer" button */
  label = g_strdup_printf (_("Next step: %s"), _(steps[self->next].title));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->next_button), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->next_button), label);
  gtk_widget_set_visible (GTK_WIDGET (self->next_button), TRUE);
}

/* Reads the school's year again; the rows stay, so the page keeps its
 * scroll and focus. */
void
orga_documentation_page_reload (OrgaDocumentationPage *self)
{
  OrgaOrganization *organization;
  g_autoptr(OrgaGuideProgress) progress = NULL;
  g_autoptr(GDateTime) now = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *year = NULL;

  g_return_if_fail (ORGA_IS_DOCUMENTATION_PAGE (self));

  self->stale = FALSE;
  organization = self->context != NULL ? orga_context_get_organization (self->context) : NULL;
  if (organization == NULL)
    return;

  now = g_date_time_new_now_local ();
  progress = orga_guide_progress_load (orga_context_get_store (self->context), organization, now, &error);
  if (progress == NULL)
    {
      /* The store's message is French already. */
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->next_row),
                                     _("The school’s progress could not be read"));
      adw_action_row_set_subtitle (self->next_row, error->message);
      gtk_widget_set_visible (GTK_WIDGET (self->next_button), FALSE);
      return;
    }

  /* Translators: the school year, 2026-2027 */
  year = g_strdup_printf (_("School Year %s"), progress->school_year);
  adw_preferences_group_set_title (self->intro_group, year);
  for (guint i = 0; i < ORGA_GUIDE_N_STEPS; i++)
    show_step (self, i, progress);
  self->next = orga_guide_progress_get_next (progress);
  show_next (self);
}

static void
store_changed_cb (OrgaDocumentationPage *self,
                  OrgaStoreChanges      *changes)
{
  /* The outbox and the cursor say nothing of the year. */
  if (!orga_store_changes_has (changes, ORGA_STORE_CHANGE_ALL & ~ORGA_STORE_CHANGE_SYNC))
    return;

  /* A sync writes often while the page is hidden: it reads once shown. */
  if (!gtk_widget_get_mapped (GTK_WIDGET (self)))
    {
      self->stale = TRUE;
      return;
    }
  orga_documentation_page_reload (self);
}

static void
orga_documentation_page_map (GtkWidget *widget)
{
  OrgaDocumentationPage *self = ORGA_DOCUMENTATION_PAGE (widget);

  GTK_WIDGET_CLASS (orga_documentation_page_parent_class)->map (widget);

  if (self->stale)
    orga_documentation_page_reload (self);
}

static void
build_steps (OrgaDocumentationPage *self)
{
  AdwPreferencesGroup *groups[] = {
    [SECTION_RENTREE] = self->rentree_group,
    [SECTION_YEAR] = self->year_group,
    [SECTION_CERTIFICATION] = self->cert_group,
    [SECTION_END] = self->end_group,
  };

  for (guint i = 0; i < ORGA_GUIDE_N_STEPS; i++)
    {
      const StepInfo *info = &steps[i];
      /* "3. Inviter votre équipe": the year reads in order. */
      g_autofree char *numbered = g_strdup_printf ("%u. %s", i + 1, _(info->title));
      g_autofree char *title = g_markup_escape_text (numbered, -1);
      AdwActionRow *row = ADW_ACTION_ROW (adw_action_row_new ());
      GtkWidget *icon = gtk_image_new ();
      GtkWidget *button = gtk_button_new_with_label (_(info->button));

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
      adw_action_row_set_subtitle_lines (row, 0);
      adw_action_row_add_prefix (row, icon);
      gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
      set_button_action (GTK_BUTTON (button), info);
      adw_action_row_add_suffix (row, button);
      adw_preferences_group_add (groups[info->section], GTK_WIDGET (row));

      self->rows[i] = row;
      self->icons[i] = GTK_IMAGE (icon);
      self->buttons[i] = GTK_BUTTON (button);
      show_step (self, i, NULL);
    }
}

static void
orga_documentation_page_dispose (GObject *object)
{
  OrgaDocumentationPage *self = ORGA_DOCUMENTATION_PAGE (object);

  orga_documentation_page_set_context (self, NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), ORGA_TYPE_DOCUMENTATION_PAGE);

  G_OBJECT_CLASS (orga_documentation_page_parent_class)->dispose (object);
}

static void
orga_documentation_page_get_property (GObject    *object,
                                      guint       prop_id,
                                      GValue     *value,
                                      GParamSpec *pspec)
{
  OrgaDocumentationPage *self = ORGA_DOCUMENTATION_PAGE (object);

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
orga_documentation_page_set_property (GObject      *object,
                                      guint         prop_id,
                                      const GValue *value,
                                      GParamSpec   *pspec)
{
  OrgaDocumentationPage *self = ORGA_DOCUMENTATION_PAGE (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      orga_documentation_page_set_context (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
orga_documentation_page_class_init (OrgaDocumentationPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = orga_documentation_page_dispose;
  object_class->get_property = orga_documentation_page_get_property;
  object_class->set_property = orga_documentation_page_set_property;
  widget_class->map = orga_documentation_page_map;

  properties[PROP_CONTEXT] =
    g_param_spec_object ("context", NULL, NULL, ORGA_TYPE_CONTEXT,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/pixorga/PixOrga/ui/orga-documentation-page.ui");
  gtk_widget_class_bind_template_child (widget_class, OrgaDocumentationPage, intro_group);
  gtk_widget_class_bind_template_child (widget_class, OrgaDocumentationPage, next_row);
  gtk_widget_class_bind_template_child (widget_class, OrgaDocumentationPage, next_button);
  gtk_widget_class_bind_template_child (widget_class, OrgaDocumentationPage, rentree_group);
  gtk_widget_class_bind_template_child (widget_class, OrgaDocumentationPage, year_group);
  gtk_widget_class_bind_template_child (widget_class, OrgaDocumentationPage, cert_group);
  gtk_widget_class_bind_template_child (widget_class, OrgaDocumentationPage, end_group);
}

static void
orga_documentation_page_init (OrgaDocumentationPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->next = ORGA_GUIDE_N_STEPS;
  build_steps (self);
}

OrgaContext *
orga_documentation_page_get_context (OrgaDocumentationPage *self)
{
  g_return_val_if_fail (ORGA_IS_DOCUMENTATION_PAGE (self), NULL);
  return self->context;
}

void
orga_documentation_page_set_context (OrgaDocumentationPage *self,
                                     OrgaContext           *context)
{
  g_return_if_fail (ORGA_IS_DOCUMENTATION_PAGE (self));
  g_return_if_fail (context == NULL || ORGA_IS_CONTEXT (context));

  if (self->context == context)
    return;

  if (self->context != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->context, self);
      g_signal_handlers_disconnect_by_data (orga_context_get_store (self->context), self);
    }
  g_set_object (&self->context, context);
  if (self->context != NULL)
    {
      g_signal_connect_object (self->context, "notify::organization",
                               G_CALLBACK (orga_documentation_page_reload), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (orga_context_get_store (self->context), "changed", G_CALLBACK (store_changed_cb),
                               self, G_CONNECT_SWAPPED);
      orga_documentation_page_reload (self);
    }
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CONTEXT]);
}

AdwActionRow *
orga_documentation_page_get_step_row (OrgaDocumentationPage *self,
                                      OrgaGuideStep          step)
{
  g_return_val_if_fail (ORGA_IS_DOCUMENTATION_PAGE (self), NULL);
  g_return_val_if_fail (step < ORGA_GUIDE_N_STEPS, NULL);
  return self->rows[step];
}

GtkButton *
orga_documentation_page_get_step_button (OrgaDocumentationPage *self,
                                         OrgaGuideStep          step)
{
  g_return_val_if_fail (ORGA_IS_DOCUMENTATION_PAGE (self), NULL);
  g_return_val_if_fail (step < ORGA_GUIDE_N_STEPS, NULL);
  return self->buttons[step];
}

AdwActionRow *
orga_documentation_page_get_next_row (OrgaDocumentationPage *self)
{
  g_return_val_if_fail (ORGA_IS_DOCUMENTATION_PAGE (self), NULL);
  return self->next_row;
}

GtkButton *
orga_documentation_page_get_next_button (OrgaDocumentationPage *self)
{
  g_return_val_if_fail (ORGA_IS_DOCUMENTATION_PAGE (self), NULL);
  return self->next_button;
}

OrgaGuideStep
orga_documentation_page_get_next_step (OrgaDocumentationPage *self)
{
  g_return_val_if_fail (ORGA_IS_DOCUMENTATION_PAGE (self), ORGA_GUIDE_N_STEPS);
  return self->next;
}
