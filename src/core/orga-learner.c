/* orga-learner.c
 *
 * An immutable snapshot of one row of the learners table. Lists create them
 * on demand for the rows on screen, so every string lives in one block: a
 * learner costs two allocations, not twenty.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include <string.h>

#include "orga-format.h"
#include "orga-learner.h"
#include "orga-text.h"

enum {
  PROP_0,
  PROP_ID,
  PROP_DISABLED,
  PROP_PARTICIPATION_COUNT,
  PROP_CERTIFIABILITY,
  /* The string properties, in the order of the strings array. */
  PROP_UUID,
  PROP_INE,
  PROP_LAST_NAME,
  PROP_PREFERRED_LAST_NAME,
  PROP_FIRST_NAME,
  PROP_MIDDLE_NAME,
  PROP_THIRD_NAME,
  PROP_SEX,
  PROP_BIRTHDATE,
  PROP_BIRTHDATE_DISPLAY,
  PROP_BIRTH_COUNTRY_CODE,
  PROP_BIRTH_PROVINCE_CODE,
  PROP_BIRTH_CITY_CODE,
  PROP_BIRTH_CITY,
  PROP_MEF_CODE,
  PROP_STATUS,
  PROP_DIVISION,
  PROP_DISABLED_AT,
  PROP_CREATED_AT,
  PROP_UPDATED_AT,
  PROP_LAST_PARTICIPATION,
  PROP_LAST_PARTICIPATION_DETAILS,
  PROP_CERTIFIABLE,
  N_PROPS
};

#define FIRST_STRING_PROP PROP_UUID
#define N_STRINGS (N_PROPS - FIRST_STRING_PROP)
#define STR(prop) ((prop) - FIRST_STRING_PROP)

struct _OrgaLearner
{
  GObject     parent_instance;

  gint64      id;
  guint       participation_count;
  guint       certifiability;       /* OrgaCertifiability, never 0 */
  guint       login_methods;        /* OrgaLoginMethods */
  const char *strings[N_STRINGS];   /* point into block; NULL when absent */
  char       *block;
};

G_DEFINE_FINAL_TYPE (OrgaLearner, orga_learner, G_TYPE_OBJECT)

static GParamSpec *properties[N_PROPS];

static void
orga_learner_finalize (GObject *object)
{
  OrgaLearner *self = (OrgaLearner *)object;

  g_clear_pointer (&self->block, g_free);

  G_OBJECT_CLASS (orga_learner_parent_class)->finalize (object);
}

static void
orga_learner_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  OrgaLearner *self = ORGA_LEARNER (object);

  if (prop_id >= FIRST_STRING_PROP && prop_id < N_PROPS)
    {
      g_value_set_string (value, self->strings[STR (prop_id)]);
      return;
    }

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_int64 (value, self->id);
      break;

    case PROP_DISABLED:
      g_value_set_boolean (value, orga_learner_get_disabled (self));
      break;

    case PROP_PARTICIPATION_COUNT:
      g_value_set_uint (value, self->participation_count);
      break;

    case PROP_CERTIFIABILITY:
      g_value_set_uint (value, self->certifiability);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
install_string (guint       prop_id,
                const char *name)
{
  properties[prop_id] = g_param_spec_string (name, NULL, NULL, NULL,
                                             G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
}

static void
orga_learner_class_init (OrgaLearnerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = orga_learner_finalize;
  object_class->get_property = orga_learner_get_property;

  /* Read-only: the views bind to them with GtkExpressions; a learner is a
   * snapshot, replaced as a whole when the list is reloaded. */
  properties[PROP_ID] =
    g_param_spec_int64 ("id", NULL, NULL, 0, G_MAXINT64, 0,
                        G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_DISABLED] =
    g_param_spec_boolean ("disabled", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_PARTICIPATION_COUNT] =
    g_param_spec_uint ("participation-count", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  /* An OrgaCertifiability: one flag of the filter's. */
  properties[PROP_CERTIFIABILITY] =
    g_param_spec_uint ("certifiability", NULL, NULL, 0, G_MAXUINT, ORGA_CERTIFIABILITY_NOT_AVAILABLE,
                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  install_string (PROP_UUID, "uuid");
  install_string (PROP_INE, "ine");
  install_string (PROP_LAST_NAME, "last-name");
  install_string (PROP_PREFERRED_LAST_NAME, "preferred-last-name");
  install_string (PROP_FIRST_NAME, "first-name");
  install_string (PROP_MIDDLE_NAME, "middle-name");
  install_string (PROP_THIRD_NAME, "third-name");
  install_string (PROP_SEX, "sex");
  install_string (PROP_BIRTHDATE, "birthdate");
  install_string (PROP_BIRTHDATE_DISPLAY, "birthdate-display");
  install_string (PROP_BIRTH_COUNTRY_CODE, "birth-country-code");
  install_string (PROP_BIRTH_PROVINCE_CODE, "birth-province-code");
  install_string (PROP_BIRTH_CITY_CODE, "birth-city-code");
  install_string (PROP_BIRTH_CITY, "birth-city");
  install_string (PROP_MEF_CODE, "mef-code");
  install_string (PROP_STATUS, "status");
  install_string (PROP_DIVISION, "division");
  install_string (PROP_DISABLED_AT, "disabled-at");
  install_string (PROP_CREATED_AT, "created-at");
  install_string (PROP_UPDATED_AT, "updated-at");
  install_string (PROP_LAST_PARTICIPATION, "last-participation");
  install_string (PROP_LAST_PARTICIPATION_DETAILS, "last-participation-details");
  install_string (PROP_CERTIFIABLE, "certifiable");

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
orga_learner_init (OrgaLearner *self)
{
}

/* "1994-12-31" -> "31/12/1994"; anything else is shown as stored. */
static const char *
format_birthdate (const char *iso,
                  char        out[ORGA_FORMAT_DAY_SIZE])
{
  return orga_format_day_to_buffer (iso, out) ? out : iso;
}

/* Pix Orga's tooltip on the last participation: campaign, type, status. */
static char *
format_participation_details (const OrgaLearnerRow *row)
{
  gboolean profiles = g_strcmp0 (row->last_participation_type, "PROFILES_COLLECTION") == 0;
  const char *type = profiles ? _("Profiles collection") : _("Assessment");
  const char *status;
  g_autofree char *campaign_line = NULL;
  g_autofree char *type_line = NULL;
  g_autofree char *status_line = NULL;

  if (g_strcmp0 (row->last_participation_status, "SHARED") == 0)
    status = _("Received");
  else if (g_strcmp0 (row->last_participation_status, "TO_SHARE") == 0)
    status = _("Waiting to be sent");
  else
    status = _("In progress");

  /* TRANSLATORS: tooltip of a student's last participation, one line each */
  campaign_line = g_strdup_printf (_("Campaign: %s"), row->last_participation_campaign ? row->last_participation_campaign : "");
  type_line = g_strdup_printf (_("Type: %s"), type);
  status_line = g_strdup_printf (_("Status: %s"), status);

  return g_strjoin ("\n", campaign_line, type_line, status_line, NULL);
}

/**
 * orga_learner_new_from_row:
 * @row: a row read by the store; its strings are copied
 */
OrgaLearner *
orga_learner_new_from_row (const OrgaLearnerRow *row)
{
  OrgaLearner *self;
  const OrgaLearnerFields *f;
  const char *values[N_STRINGS] = { NULL };
  g_autofree char *last_date = NULL;
  g_autofree char *last_details = NULL;
  g_autofree char *certifiable = NULL;
  char birthdate[ORGA_FORMAT_DAY_SIZE];
  gsize lengths[N_STRINGS];
  gsize total = 0;
  char *p;

  g_return_val_if_fail (row != NULL, NULL);

  self = g_object_new (ORGA_TYPE_LEARNER, NULL);
  f = &row->fields;
  self->id = row->id;

  values[STR (PROP_UUID)] = row->uuid;
  values[STR (PROP_INE)] = f->ine;
  values[STR (PROP_LAST_NAME)] = f->last_name;
  values[STR (PROP_PREFERRED_LAST_NAME)] = f->preferred_last_name;
  values[STR (PROP_FIRST_NAME)] = f->first_name;
  values[STR (PROP_MIDDLE_NAME)] = f->middle_name;
  values[STR (PROP_THIRD_NAME)] = f->third_name;
  values[STR (PROP_SEX)] = f->sex;
  values[STR (PROP_BIRTHDATE)] = f->birthdate;
  values[STR (PROP_BIRTHDATE_DISPLAY)] = format_birthdate (f->birthdate, birthdate);
  values[STR (PROP_BIRTH_COUNTRY_CODE)] = f->birth_country_code;
  values[STR (PROP_BIRTH_PROVINCE_CODE)] = f->birth_province_code;
  values[STR (PROP_BIRTH_CITY_CODE)] = f->birth_city_code;
  values[STR (PROP_BIRTH_CITY)] = f->birth_city;
  values[STR (PROP_MEF_CODE)] = f->mef_code;
  values[STR (PROP_STATUS)] = f->status;
  values[STR (PROP_DIVISION)] = f->division;
  values[STR (PROP_DISABLED_AT)] = row->disabled_at;
  values[STR (PROP_CREATED_AT)] = row->created_at;
  values[STR (PROP_UPDATED_AT)] = row->updated_at;
  self->participation_count = row->participation_count;
  self->login_methods = row->login_methods;
  if (row->last_participation_at != NULL)
    {
      last_date = orga_format_iso_date (row->last_participation_at, NULL);
      last_details = format_participation_details (row);
      values[STR (PROP_LAST_PARTICIPATION)] = last_date;
      values[STR (PROP_LAST_PARTICIPATION_DETAILS)] = last_details;
    }
  /* Spec §2.3: the status and the day it was received. */
  self->certifiability = row->certifiability != 0 ? row->certifiability : ORGA_CERTIFIABILITY_NOT_AVAILABLE;
  if (self->certifiability != ORGA_CERTIFIABILITY_NOT_AVAILABLE)
    {
      const char *status = self->certifiability == ORGA_CERTIFIABILITY_ELIGIBLE ? _("Certifiable") : C_("certifiability", "Not certifiable");
      g_autofree char *day = orga_format_iso_date (row->certifiable_at, NULL);

      /* TRANSLATORS: a student's certifiability and the day it was received */
      certifiable = day != NULL ? g_strdup_printf (_("%s · %s"), status, day) : g_strdup (status);
    }
  /* NULL otherwise: "Non communiqué" is the views' to say. */
  values[STR (PROP_CERTIFIABLE)] = certifiable;

  for (guint i = 0; i < N_STRINGS; i++)
    {
      lengths[i] = values[i] != NULL ? strlen (values[i]) + 1 : 0;
      total += lengths[i];
    }

  p = self->block = g_malloc (MAX (total, 1));
  for (guint i = 0; i < N_STRINGS; i++)
    {
      if (values[i] == NULL)
        continue;
      memcpy (p, values[i], lengths[i]);
      self->strings[i] = p;
      p += lengths[i];
    }

  return self;
}

gint64
orga_learner_get_id (OrgaLearner *self)
{
  g_return_val_if_fail (ORGA_IS_LEARNER (self), 0);
  return self->id;
}

#define STRING_GETTER(name, prop)                       \
  const char *                                          \
  orga_learner_get_##name (OrgaLearner *self)           \
  {                                                     \
    g_return_val_if_fail (ORGA_IS_LEARNER (self), NULL); \
    return self->strings[STR (prop)];                   \
  }

STRING_GETTER (uuid, PROP_UUID)
STRING_GETTER (ine, PROP_INE)
STRING_GETTER (last_name, PROP_LAST_NAME)
STRING_GETTER (preferred_last_name, PROP_PREFERRED_LAST_NAME)
STRING_GETTER (first_name, PROP_FIRST_NAME)
STRING_GETTER (middle_name, PROP_MIDDLE_NAME)
STRING_GETTER (third_name, PROP_THIRD_NAME)
STRING_GETTER (sex, PROP_SEX)
STRING_GETTER (birthdate, PROP_BIRTHDATE)
STRING_GETTER (birthdate_display, PROP_BIRTHDATE_DISPLAY)
STRING_GETTER (birth_country_code, PROP_BIRTH_COUNTRY_CODE)
STRING_GETTER (birth_province_code, PROP_BIRTH_PROVINCE_CODE)
STRING_GETTER (birth_city_code, PROP_BIRTH_CITY_CODE)
STRING_GETTER (birth_city, PROP_BIRTH_CITY)
STRING_GETTER (mef_code, PROP_MEF_CODE)
STRING_GETTER (status, PROP_STATUS)
STRING_GETTER (division, PROP_DIVISION)
STRING_GETTER (disabled_at, PROP_DISABLED_AT)
STRING_GETTER (created_at, PROP_CREATED_AT)
STRING_GETTER (updated_at, PROP_UPDATED_AT)
STRING_GETTER (last_participation, PROP_LAST_PARTICIPATION)
STRING_GETTER (last_participation_details, PROP_LAST_PARTICIPATION_DETAILS)
STRING_GETTER (certifiable, PROP_CERTIFIABLE)

#undef STRING_GETTER

gboolean
orga_learner_get_disabled (OrgaLearner *self)
{
  g_return_val_if_fail (ORGA_IS_LEARNER (self), FALSE);
  return self->strings[STR (PROP_DISABLED_AT)] != NULL;
}

/**
 * orga_learner_get_certifiability:
 *
 * Returns: the #OrgaCertifiability of the student: one flag, never 0
 */
guint
orga_learner_get_certifiability (OrgaLearner *self)
{
  g_return_val_if_fail (ORGA_IS_LEARNER (self), ORGA_CERTIFIABILITY_NOT_AVAILABLE);
  return self->certifiability;
}

guint
orga_learner_get_participation_count (OrgaLearner *self)
{
  g_return_val_if_fail (ORGA_IS_LEARNER (self), 0);
  return self->participation_count;
}

/* The OrgaLoginMethods of the student's Pix account, as last listed by
 * the server (0: none). */
guint
orga_learner_get_login_methods (OrgaLearner *self)
{
  g_return_val_if_fail (ORGA_IS_LEARNER (self), 0);
  return self->login_methods;
}

/**
 * orga_learner_dup_full_name:
 *
 * Returns: (transfer full): "LAST First", as Pix Orga shows a student
 */
char *
orga_learner_dup_full_name (OrgaLearner *self)
{
  const char *last, *first;

  g_return_val_if_fail (ORGA_IS_LEARNER (self), NULL);

  last = self->strings[STR (PROP_LAST_NAME)];
  first = self->strings[STR (PROP_FIRST_NAME)];

  if (last == NULL || *last == '\0')
    return g_strdup (first != NULL ? first : "");
  if (first == NULL || *first == '\0')
    return g_strdup (last);

  return g_strconcat (last, " ", first, NULL);
}
