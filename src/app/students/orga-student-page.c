/* orga-student-page.c
 *
 * Pix Orga's "Activité de l'élève" (spec §2.4): the "Évaluations" and
 * "Collectes de profil" cards, the list of all the student's
 * participations, each a link to its result; then what SIECLE or Fregata
 * says about the student. Demonstration participations are listed as
 * such and counted apart from the real ones.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "orga-student-page"

#include "config.h"

#include <glib/gi18n.h>

#include "orga-format.h"
#include "orga-store-campaigns.h"
#include "orga-student-page.h"
#include "orga-text.h"

/* INSEE country code of France, without SIECLE's "99" prefix. */
#define FRANCE_COUNTRY_CODE "100"

enum {
  ROW_LAST_NAME,
  ROW_PREFERRED_LAST_NAME,
  ROW_FIRST_NAMES,
  ROW_SEX,
  ROW_BIRTHDATE,
  ROW_BIRTH_CITY,
  ROW_BIRTH_PROVINCE,
  ROW_BIRTH_COUNTRY,
  ROW_INE,
  ROW_DIVISION,
  ROW_MEF,
  ROW_STATUS,
  N_ROWS
};

struct _OrgaStudentPage
{
  AdwBin              parent_instance;

  /* template widgets */
  GtkLabel           *name_label;
  GtkLabel           *summary_label;
  GtkButton          *manage_account_button;
  AdwPreferencesPage *preferences_page;
  AdwActionRow       *last_name_row;
  AdwActionRow       *preferred_last_name_row;
  AdwActionRow       *first_names_row;
  AdwActionRow       *sex_row;
  AdwActionRow       *birthdate_row;
  AdwActionRow       *birth_city_row;
  AdwActionRow       *birth_province_row;
  AdwActionRow       *birth_country_row;
  AdwActionRow       *ine_row;
  AdwActionRow       *division_row;
  AdwActionRow       *mef_row;
  AdwActionRow       *status_row;
  AdwPreferencesGroup *participations_group;
  AdwActionRow       *no_participations_row;
  GtkLabel           *assessments_started_label;
  GtkLabel           *assessments_to_share_label;
  GtkLabel           *assessments_shared_label;
  GtkLabel           *profiles_to_share_label;
  GtkLabel           *profiles_shared_label;
  GtkLabel           *demo_label;

  /* the value shown at the end of each row */
  GtkLabel           *values[N_ROWS];

  /* owned */
  OrgaLearner        *learner;
  GPtrArray          *participation_rows;   /* AdwActionRow, in the group */
};

G_DEFINE_FINAL_TYPE (OrgaStudentPage, orga_student_page, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_LEARNER,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static gboolean
is_blank (const char *text)
{
  return text == NULL || *text == '\0';
}

static void
set_value (OrgaStudentPage *self,
           guint            row,
           const char      *value)
{
  /* An empty field is shown as such, not hidden: the head compares with
   * SIECLE, where it is empty too. */
  gtk_label_set_label (self->values[row], is_blank (value) ? "–" : value);
}

static char *
dup_first_names (OrgaLearner *learner)
{
  const char *names[] = {
    orga_learner_get_first_name (learner),
    orga_learner_get_middle_name (learner),
    orga_learner_get_third_name (learner),
  };
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) strv = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    if (!is_blank (names[i]))
      g_strv_builder_add (builder, names[i]);

  strv = g_strv_builder_end (builder);
  return g_strjoinv (", ", strv);
}

static const char *
sex_text (const char *sex)
{
  if (g_strcmp0 (sex, "M") == 0)
    return _("Male");
  if (g_strcmp0 (sex, "F") == 0)
    return _("Female");
  return sex;
}

static char *
dup_birth_city (OrgaLearner *learner)
{
  const char *city = orga_learner_get_birth_city (learner);
  const char *code = orga_learner_get_birth_city_code (learner);

  if (!is_blank (city) && !is_blank (code))
    return g_strdup_printf ("%s (%s)", city, code);
  if (!is_blank (city))
    return g_strdup (city);
  if (!is_blank (code))
    /* TRANSLATORS: the INSEE code of the town of birth, when its name is not known */
    return g_strdup_printf (_("INSEE code %s"), code);

  return NULL;
}

static char *
dup_birth_country (OrgaLearner *learner)
{
  const char *code = orga_learner_get_birth_country_code (learner);

  if (is_blank (code))
    return NULL;
  if (g_str_equal (code, FRANCE_COUNTRY_CODE))
    return g_strdup_printf (_("France (%s)"), code);

  /* Other countries by their INSEE code, as SIECLE gives them. */
  return g_strdup_printf (_("INSEE code %s"), code);
}

static const char *
status_text (const char *status)
{
  /* SIECLE's codes: ST for school students, AP for apprentices. */
  if (g_strcmp0 (status, "ST") == 0)
    return _("School student (ST)");
  if (g_strcmp0 (status, "AP") == 0)
    return _("Apprentice (AP)");
  return status;
}

static void
update (OrgaStudentPage *self)
{
  OrgaLearner *learner = self->learner;
  g_autofree char *full_name = NULL;
  g_autofree char *first_names = NULL;
  g_autofree char *birth_city = NULL;
  g_autofree char *birth_country = NULL;
  g_autofree char *summary = NULL;
  const char *division;

  if (learner == NULL)
    {
      gtk_label_set_label (self->name_label, "");
      gtk_label_set_label (self->summary_label, "");
      for (guint i = 0; i < N_ROWS; i++)
        set_value (self, i, NULL);
      return;
    }

  full_name = orga_learner_dup_full_name (learner);
  gtk_label_set_label (self->name_label, full_name);
  gtk_actionable_set_action_target_value (GTK_ACTIONABLE (self->manage_account_button),
                                          g_variant_new_int64 (orga_learner_get_id (learner)));
  gtk_actionable_set_action_name (GTK_ACTIONABLE (self->manage_account_button), "students.manage-account");

  division = orga_learner_get_division (learner);
  if (orga_learner_get_disabled (learner))
    summary = g_strdup (_("No longer in the school"));
  else if (!is_blank (division))
    summary = g_strdup_printf (_("Class %s"), division);
  gtk_label_set_label (self->summary_label, summary ? summary : "");
  gtk_widget_set_visible (GTK_WIDGET (self->summary_label), summary != NULL);

  first_names = dup_first_names (learner);
  birth_city = dup_birth_city (learner);
  birth_country = dup_birth_country (learner);

  set_value (self, ROW_LAST_NAME, orga_learner_get_last_name (learner));
  set_value (self, ROW_PREFERRED_LAST_NAME, orga_learner_get_preferred_last_name (learner));
  set_value (self, ROW_FIRST_NAMES, first_names);
  set_value (self, ROW_SEX, sex_text (orga_learner_get_sex (learner)));
  set_value (self, ROW_BIRTHDATE, orga_learner_get_birthdate_display (learner));
  set_value (self, ROW_BIRTH_CITY, birth_city);
  set_value (self, ROW_BIRTH_PROVINCE, orga_learner_get_birth_province_code (learner));
  set_value (self, ROW_BIRTH_COUNTRY, birth_country);
  set_value (self, ROW_INE, orga_learner_get_ine (learner));
  set_value (self, ROW_DIVISION, division);
  set_value (self, ROW_MEF, orga_learner_get_mef_code (learner));
  set_value (self, ROW_STATUS, status_text (orga_learner_get_status (learner)));

  gtk_accessible_update_property (GTK_ACCESSIBLE (self->name_label),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, full_name, -1);

  {
    const char *first = orga_learner_get_first_name (learner);
    const char *last = orga_learner_get_last_name (learner);
    g_autofree char *empty = NULL;

    /* TRANSLATORS: Pix Orga's empty activity, with the student's first and last names */
    empty = g_strdup_printf (_("Send a campaign to %s %s and start following their progress."),
                             first ? first : "", last ? last : "");
    adw_action_row_set_subtitle (self->no_participations_row, empty);
  }
}

static void
orga_student_page_dispose (GObject *object)
{
  OrgaStudentPage *self = (OrgaStudentPage *)object;

  gtk_widget_dispose_template (GTK_WIDGET (self), ORGA_TYPE_STUDENT_PAGE);
  g_clear_object (&self->learner);
  g_clear_pointer (&self->participation_rows, g_ptr_array_unref);

  G_OBJECT_CLASS (orga_student_page_parent_class)->dispose (object);
}

static void
orga_student_page_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  OrgaStudentPage *self = ORGA_STUDENT_PAGE (object);

  switch (prop_id)
    {
    case PROP_LEARNER:
      g_value_set_object (value, self->learner);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
orga_student_page_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  OrgaStudentPage *self = ORGA_STUDENT_PAGE (object);

  switch (prop_id)
    {
    case PROP_LEARNER:
      orga_student_page_set_learner (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
orga_student_page_class_init (OrgaStudentPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = orga_student_page_dispose;
  object_class->get_property = orga_student_page_get_property;
  object_class->set_property = orga_student_page_set_property;

  properties[PROP_LEARNER] =
    g_param_spec_object ("learner", NULL, NULL, ORGA_TYPE_LEARNER,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/pixorga/PixOrga/ui/orga-student-page.ui");
  gtk_widget_class_bind_template_child (widget_class, OrgaStudentPage, name_label);
  gtk_widget_class_bind_template_child (widget_class, OrgaStudentPage, summary_label);
  gtk_widget_class_bind_template_child (widget_class, OrgaStudentPage, manage_account_button);
  gtk_widget_class_bind_template_child (widget_class, OrgaStudentPage, preferences_page);
  gtk_widget_class_bind_template_child (widget_class, OrgaStudentPage, last_name_row);
  gtk_widget_class_bind_template_child (widget_class, OrgaStudentPage, preferred_last_name_row);
  gtk_widget_class_bind_template_child (widget_class, OrgaStudentPage, first_names_row);
  gtk_widget_class_bind_template_child (widget_class, OrgaStudentPage, sex_row);
  gtk_widget_class_bind_template_child (widget_class, OrgaStudentPage, birthdate_row);
  gtk_widget_class_bind_template_child (widget_class, OrgaStudentPage, birth_city_row);
  gtk_widget_class_bind_template_child (widget_class, OrgaStudentPage, birth_province_row);
  gtk_widget_class_bind_template_child (widget_class, OrgaStudentPage, birth_country_row);
  gtk_widget_class_bind_template_child (widget_class, OrgaStudentPage, ine_row);
  gtk_widget_class_bind_template_child (widget_class, OrgaStudentPage, division_row);
  gtk_widget_class_bind_template_child (widget_class, OrgaStudentPage, mef_row);
  gtk_widget_class_bind_template_child (widget_class, OrgaStudentPage, status_row);
  gtk_widget_class_bind_template_child (widget_class, OrgaStudentPage, participations_group);
  gtk_widget_class_bind_template_child (widget_class, OrgaStudentPage, no_participations_row);
  gtk_widget_class_bind_template_child (widget_class, OrgaStudentPage, assessments_started_label);
  gtk_widget_class_bind_template_child (widget_class, OrgaStudentPage, assessments_to_share_label);
  gtk_widget_class_bind_template_child (widget_class, OrgaStudentPage, assessments_shared_label);
  gtk_widget_class_bind_template_child (widget_class, OrgaStudentPage, profiles_to_share_label);
  gtk_widget_class_bind_template_child (widget_class, OrgaStudentPage, profiles_shared_label);
  gtk_widget_class_bind_template_child (widget_class, OrgaStudentPage, demo_label);
}

static void
orga_student_page_init (OrgaStudentPage *self)
{
  AdwActionRow *rows[N_ROWS];

  gtk_widget_init_template (GTK_WIDGET (self));

  rows[ROW_LAST_NAME] = self->last_name_row;
  rows[ROW_PREFERRED_LAST_NAME] = self->preferred_last_name_row;
  rows[ROW_FIRST_NAMES] = self->first_names_row;
  rows[ROW_SEX] = self->sex_row;
  rows[ROW_BIRTHDATE] = self->birthdate_row;
  rows[ROW_BIRTH_CITY] = self->birth_city_row;
  rows[ROW_BIRTH_PROVINCE] = self->birth_province_row;
  rows[ROW_BIRTH_COUNTRY] = self->birth_country_row;
  rows[ROW_INE] = self->ine_row;
  rows[ROW_DIVISION] = self->division_row;
  rows[ROW_MEF] = self->mef_row;
  rows[ROW_STATUS] = self->status_row;

  /* Twelve rows alike: the values are made here rather than spelled out
   * twelve times in the template. Selectable, to copy an INE. */
  for (guint i = 0; i < N_ROWS; i++)
    {
      GtkWidget *label = gtk_label_new (NULL);

      gtk_label_set_selectable (GTK_LABEL (label), TRUE);
      gtk_label_set_xalign (GTK_LABEL (label), 1);
      gtk_widget_set_valign (label, GTK_ALIGN_CENTER);
      gtk_accessible_update_relation (GTK_ACCESSIBLE (label),
                                      GTK_ACCESSIBLE_RELATION_LABELLED_BY, rows[i], NULL,
                                      -1);
      adw_action_row_add_suffix (rows[i], label);
      self->values[i] = GTK_LABEL (label);
    }

  update (self);
  orga_student_page_set_participations (self, NULL);
}

OrgaLearner *
orga_student_page_get_learner (OrgaStudentPage *self)
{
  g_return_val_if_fail (ORGA_IS_STUDENT_PAGE (self), NULL);
  return self->learner;
}

void
orga_student_page_set_learner (OrgaStudentPage *self,
                               OrgaLearner     *learner)
{
  g_return_if_fail (ORGA_IS_STUDENT_PAGE (self));
  g_return_if_fail (learner == NULL || ORGA_IS_LEARNER (learner));

  if (!g_set_object (&self->learner, learner))
    return;

  update (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LEARNER]);
}

static const char *
participation_status_text (const OrgaLearnerParticipation *p)
{
  switch (p->status)
    {
    case ORGA_PARTICIPATION_STARTED:
      return _("In progress");
    case ORGA_PARTICIPATION_TO_SHARE:
      return _("Waiting to be sent");
    case ORGA_PARTICIPATION_SHARED:
    default:
      return p->campaign_type == ORGA_CAMPAIGN_TYPE_PROFILES_COLLECTION ? _("Profile received") : _("Results received");
    }
}

/* The cards count each campaign once (its latest attempt), as the list
 * shows it. */
static void set_count (GtkLabel *label, const char *format, ...) G_GNUC_PRINTF (2, 3);

static void
set_count (GtkLabel   *label,
           const char *format,
           ...)
{
  g_autofree char *text = NULL;
  va_list args;

  va_start (args, format);
  text = g_strdup_vprintf (format, args);
  va_end (args);
  gtk_label_set_label (label, text);
}

static void
update_cards (OrgaStudentPage *self,
              GPtrArray       *participations)
{
  guint assessments[3] = { 0 }, profiles[3] = { 0 }, demo = 0;

  for (guint i = 0; participations != NULL && i < participations->len; i++)
    {
      const OrgaLearnerParticipation *p = participations->pdata[i];

      if (p->is_demo)
        demo++;
      else if (p->campaign_type == ORGA_CAMPAIGN_TYPE_PROFILES_COLLECTION)
        profiles[p->status]++;
      else
        assessments[p->status]++;
    }

  /* TRANSLATORS: Pix Orga's cards on a student's page: "En cours : 2" */
  set_count (self->assessments_started_label, _("In progress: %u"), assessments[ORGA_PARTICIPATION_STARTED]);
  set_count (self->assessments_to_share_label, _("Waiting: %u"), assessments[ORGA_PARTICIPATION_TO_SHARE]);
  set_count (self->assessments_shared_label, _("Sent: %u"), assessments[ORGA_PARTICIPATION_SHARED]);
  /* A profiles collection is never "in progress": Pix counts it waiting. */
  set_count (self->profiles_to_share_label, _("Waiting: %u"),
             profiles[ORGA_PARTICIPATION_TO_SHARE] + profiles[ORGA_PARTICIPATION_STARTED]);
  set_count (self->profiles_shared_label, _("Sent: %u"), profiles[ORGA_PARTICIPATION_SHARED]);

  gtk_widget_set_visible (GTK_WIDGET (self->demo_label), demo > 0);
  if (demo > 0)
    {
      g_autofree char *text = g_strdup_printf (ngettext ("Not counted above: %u participation of demonstration data, "
                                                         "made up by PixOrga to try the app out.",
                                                         "Not counted above: %u participations of demonstration data, "
                                                         "made up by PixOrga to try the app out.", demo),
                                               demo);

      gtk_label_set_label (self->demo_label, text);
    }
}

/**
 * orga_student_page_set_participations:
 * @participations: (element-type OrgaLearnerParticipation) (nullable): the
 *   student's participations, newest first
 *
 * Pix Orga's cards and "Liste de toutes les participations": one row per
 * campaign, with its type, dates, status and the number of attempts,
 * which opens the participation's result ("win.show-participation").
 */
void
orga_student_page_set_participations (OrgaStudentPage *self,
                                      GPtrArray       *participations)
{
  guint n = participations != NULL ? participations->len : 0;
  gint64 learner_id = self->learner != NULL ? orga_learner_get_id (self->learner) : 0;

  g_return_if_fail (ORGA_IS_STUDENT_PAGE (self));

  if (self->participation_rows != NULL)
    for (guint i = 0; i < self->participation_rows->len; i++)
      adw_preferences_group_remove (self->participations_group, self->participation_rows->pdata[i]);
  g_clear_pointer (&self->participation_rows, g_ptr_array_unref);
  self->participation_rows = g_ptr_array_new ();

  gtk_widget_set_visible (GTK_WIDGET (self->no_participations_row), n == 0);
  update_cards (self, participations);

  for (guint i = 0; i < n; i++)
    {
      const OrgaLearnerParticipation *p = participations->pdata[i];
      g_autofree char *started = orga_format_iso_date (p->created_at, NULL);
      g_autofree char *sent = orga_format_iso_date (p->shared_at, NULL);
      g_autofree char *subtitle = NULL;
      g_autofree char *suffix = NULL;
      const char *type = p->campaign_type == ORGA_CAMPAIGN_TYPE_PROFILES_COLLECTION
                           ? _("Profiles collection") : _("Assessment");
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *status;

      if (sent != NULL)
        /* TRANSLATORS: type of campaign, day started, day sent */
        subtitle = g_strdup_printf (_("%s · started on %s · sent on %s"), type, started ? started : "–", sent);
      else
        /* TRANSLATORS: type of campaign, day started */
        subtitle = g_strdup_printf (_("%s · started on %s"), type, started ? started : "–");

      if (p->attempts > 1)
        suffix = g_strdup_printf (ngettext ("%s (%u participation)", "%s (%u participations)", p->attempts),
                                  participation_status_text (p), p->attempts);
      else
        suffix = g_strdup (participation_status_text (p));

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), p->campaign_name ? p->campaign_name : "");
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);

      /* Never mixed with real results without a word. */
      if (p->is_demo)
        {
          GtkWidget *tag = gtk_label_new (_("Demonstration"));

          gtk_widget_add_css_class (tag, "caption");
          gtk_widget_add_css_class (tag, "warning");
          gtk_widget_set_valign (tag, GTK_ALIGN_CENTER);
          adw_action_row_add_suffix (ADW_ACTION_ROW (row), tag);
        }
      status = gtk_label_new (suffix);
      gtk_widget_add_css_class (status, "dim-label");
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), status);

      /* Each row links to the participation's result, in its campaign. */
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), gtk_image_new_from_icon_name ("go-next-symbolic"));
      gtk_actionable_set_action_name (GTK_ACTIONABLE (row), "win.show-participation");
      gtk_actionable_set_action_target (GTK_ACTIONABLE (row), "(xx)", p->campaign_id, learner_id);
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);

      adw_preferences_group_add (self->participations_group, row);
      g_ptr_array_add (self->participation_rows, row);
    }
}
