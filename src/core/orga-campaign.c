/* orga-campaign.c: a test campaign, its code and its rules
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "orga-campaign"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "orga-campaign.h"

struct _OrgaCampaign
{
  GObject             parent_instance;

  gint64              id;
  char               *uuid;
  char               *code;
  char               *name;
  OrgaCampaignType    type;
  char               *target_profile_id;
  char               *owner;
  char               *creator;
  char               *title;
  char               *landing_text;
  OrgaExternalIdType  external_id_type;
  char               *external_id_label;
  gboolean            multiple_sendings;
  char               *created_at;
  char               *archived_at;
  char               *archived_by;
  guint               participants;
  guint               shared;
};

G_DEFINE_FINAL_TYPE (OrgaCampaign, orga_campaign, G_TYPE_OBJECT)

G_DEFINE_QUARK (orga-campaign-error-quark, orga_campaign_error)

enum {
  PROP_0,
  PROP_ID,
  PROP_UUID,
  PROP_CODE,
  PROP_NAME,
  PROP_TYPE,
  PROP_TARGET_PROFILE_ID,
  PROP_OWNER,
  PROP_CREATOR,
  PROP_TITLE,
  PROP_LANDING_TEXT,
  PROP_EXTERNAL_ID_TYPE,
  PROP_EXTERNAL_ID_LABEL,
  PROP_MULTIPLE_SENDINGS,
  PROP_CREATED_AT,
  PROP_ARCHIVED_AT,
  PROP_ARCHIVED_BY,
  PROP_PARTICIPANTS,
  PROP_SHARED,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* ---- enums ------------------------------------------------------------ */

const char *
orga_campaign_type_to_string (OrgaCampaignType type)
{
  switch (type)
    {
    case ORGA_CAMPAIGN_TYPE_ASSESSMENT: return "ASSESSMENT";
    case ORGA_CAMPAIGN_TYPE_PROFILES_COLLECTION: return "PROFILES_COLLECTION";
    default: return NULL;
    }
}

gboolean
orga_campaign_type_from_string (const char       *text,
                                OrgaCampaignType *type)
{
  OrgaCampaignType found;

  if (g_strcmp0 (text, "ASSESSMENT") == 0)
    found = ORGA_CAMPAIGN_TYPE_ASSESSMENT;
  else if (g_strcmp0 (text, "PROFILES_COLLECTION") == 0)
    found = ORGA_CAMPAIGN_TYPE_PROFILES_COLLECTION;
  else
    return FALSE;

  if (type != NULL)
    *type = found;
  return TRUE;
}

const char *
orga_campaign_type_get_label (OrgaCampaignType type)
{
  switch (type)
    {
    case ORGA_CAMPAIGN_TYPE_ASSESSMENT: return C_("campaign type", "Assessment");
    case ORGA_CAMPAIGN_TYPE_PROFILES_COLLECTION: return C_("campaign type", "Profiles collection");
    default: return "";
    }
}

const char *
orga_external_id_type_to_string (OrgaExternalIdType type)
{
  switch (type)
    {
    case ORGA_EXTERNAL_ID_STRING: return "STRING";
    case ORGA_EXTERNAL_ID_EMAIL: return "EMAIL";
    case ORGA_EXTERNAL_ID_NONE:
    default: return NULL;
    }
}

gboolean
orga_external_id_type_from_string (const char         *text,
                                   OrgaExternalIdType *type)
{
  OrgaExternalIdType found;

  if (text == NULL)
    found = ORGA_EXTERNAL_ID_NONE;
  else if (strcmp (text, "STRING") == 0)
    found = ORGA_EXTERNAL_ID_STRING;
  else if (strcmp (text, "EMAIL") == 0)
    found = ORGA_EXTERNAL_ID_EMAIL;
  else
    return FALSE;

  if (type != NULL)
    *type = found;
  return TRUE;
}

/* ---- codes ------------------------------------------------------------ */

char *
orga_campaign_code_generate (GRand *rand)
{
  static const char letters[] = ORGA_CAMPAIGN_CODE_LETTERS;
  static const char digits[] = ORGA_CAMPAIGN_CODE_DIGITS;
  char *code = g_malloc (10);

  for (guint i = 0; i < 6; i++)
    {
      gint32 r = rand ? g_rand_int_range (rand, 0, sizeof letters - 1)
                      : g_random_int_range (0, sizeof letters - 1);
      code[i] = letters[r];
    }
  for (guint i = 6; i < 9; i++)
    {
      gint32 r = rand ? g_rand_int_range (rand, 0, sizeof digits - 1)
                      : g_random_int_range (0, sizeof digits - 1);
      code[i] = digits[r];
    }
  code[9] = '\0';

  return code;
}

gboolean
orga_campaign_code_is_valid (const char *code)
{
  if (code == NULL || strlen (code) != 9)
    return FALSE;

  for (guint i = 0; i < 9; i++)
    if (!g_ascii_isupper (code[i]) && !g_ascii_isdigit (code[i]))
      return FALSE;

  return TRUE;
}

/* ---- validation ------------------------------------------------------- */

/* Characters of @text without its leading and trailing white space; a
 * stray invalid byte counts as one character instead of derailing the
 * count. */
static glong
trimmed_length (const char *text)
{
  const char *p;
  glong n = 0;
  glong trailing = 0;
  gboolean started = FALSE;

  if (text == NULL)
    return 0;

  for (p = text; *p; )
    {
      gunichar ch = g_utf8_get_char_validated (p, -1);
      gboolean blank;

      if (ch >= 0x110000)
        {
          blank = FALSE;
          p++;
        }
      else
        {
          blank = g_unichar_isspace (ch);
          p = g_utf8_next_char (p);
        }

      if (!started && blank)
        continue;
      started = TRUE;
      n++;
      trailing = blank ? trailing + 1 : 0;
    }

  return n - trailing;
}

gboolean
orga_campaign_spec_validate (const OrgaCampaignSpec  *spec,
                             GError                 **error)
{
  gboolean has_label;

  g_return_val_if_fail (spec != NULL, FALSE);

  if (trimmed_length (spec->name) == 0)
    {
      g_set_error_literal (error, ORGA_CAMPAIGN_ERROR, ORGA_CAMPAIGN_ERROR_NAME_REQUIRED,
                           _("Please give your campaign a name."));
      return FALSE;
    }

  if (trimmed_length (spec->owner) == 0)
    {
      g_set_error_literal (error, ORGA_CAMPAIGN_ERROR, ORGA_CAMPAIGN_ERROR_OWNER_REQUIRED,
                           _("Please choose the owner of your campaign."));
      return FALSE;
    }

  if (spec->type == ORGA_CAMPAIGN_TYPE_ASSESSMENT)
    {
      if (spec->target_profile_id == NULL || *spec->target_profile_id == '\0')
        {
          g_set_error_literal (error, ORGA_CAMPAIGN_ERROR, ORGA_CAMPAIGN_ERROR_PROFILE_REQUIRED,
                               _("Please select a target profile for your campaign."));
          return FALSE;
        }
      if (orga_target_profile_find (spec->target_profile_id) == NULL)
        {
          g_autofree char *shown = g_utf8_make_valid (spec->target_profile_id, -1);

          g_set_error (error, ORGA_CAMPAIGN_ERROR, ORGA_CAMPAIGN_ERROR_PROFILE_UNKNOWN,
                       _("The target profile “%s” does not exist."), shown);
          return FALSE;
        }
      if (trimmed_length (spec->title) > ORGA_CAMPAIGN_TITLE_MAX)
        {
          g_set_error (error, ORGA_CAMPAIGN_ERROR, ORGA_CAMPAIGN_ERROR_TITLE_TOO_LONG,
                       _("The title of the target profile must not exceed %u characters."),
                       (guint) ORGA_CAMPAIGN_TITLE_MAX);
          return FALSE;
        }
    }
  else if (spec->type == ORGA_CAMPAIGN_TYPE_PROFILES_COLLECTION)
    {
      if (spec->target_profile_id != NULL && *spec->target_profile_id != '\0')
        {
          g_set_error_literal (error, ORGA_CAMPAIGN_ERROR, ORGA_CAMPAIGN_ERROR_PROFILE_FORBIDDEN,
                               _("A profiles collection campaign has no target profile."));
          return FALSE;
        }
      if (trimmed_length (spec->title) > 0)
        {
          g_set_error_literal (error, ORGA_CAMPAIGN_ERROR, ORGA_CAMPAIGN_ERROR_TITLE_FORBIDDEN,
                               _("A profiles collection campaign has no target profile title."));
          return FALSE;
        }
    }
  else
    {
      /* Only code can pass another value; the form offers the two. */
      g_set_error_literal (error, ORGA_CAMPAIGN_ERROR, ORGA_CAMPAIGN_ERROR_PROFILE_REQUIRED,
                           _("Please select a target profile for your campaign."));
      return FALSE;
    }

  if (trimmed_length (spec->landing_text) > ORGA_CAMPAIGN_LANDING_TEXT_MAX)
    {
      g_set_error (error, ORGA_CAMPAIGN_ERROR, ORGA_CAMPAIGN_ERROR_LANDING_TOO_LONG,
                   _("The text of the landing page must not exceed %u characters."),
                   (guint) ORGA_CAMPAIGN_LANDING_TEXT_MAX);
      return FALSE;
    }

  has_label = trimmed_length (spec->external_id_label) > 0;
  if (has_label && spec->external_id_type == ORGA_EXTERNAL_ID_NONE)
    {
      g_set_error_literal (error, ORGA_CAMPAIGN_ERROR, ORGA_CAMPAIGN_ERROR_EXTERNAL_ID_TYPE_REQUIRED,
                           _("Please choose the type of the external identifier."));
      return FALSE;
    }
  if (!has_label && spec->external_id_type != ORGA_EXTERNAL_ID_NONE)
    {
      g_set_error_literal (error, ORGA_CAMPAIGN_ERROR, ORGA_CAMPAIGN_ERROR_EXTERNAL_ID_LABEL_REQUIRED,
                           _("Please give the label of the external identifier."));
      return FALSE;
    }
  if (trimmed_length (spec->external_id_label) > ORGA_CAMPAIGN_EXTERNAL_LABEL_MAX)
    {
      g_set_error (error, ORGA_CAMPAIGN_ERROR, ORGA_CAMPAIGN_ERROR_EXTERNAL_ID_LABEL_TOO_LONG,
                   _("The label of the external identifier must not exceed %u characters."),
                   (guint) ORGA_CAMPAIGN_EXTERNAL_LABEL_MAX);
      return FALSE;
    }

  return TRUE;
}

/* ---- object ----------------------------------------------------------- */

static void
orga_campaign_finalize (GObject *object)
{
  OrgaCampaign *self = (OrgaCampaign *)object;

  g_clear_pointer (&self->uuid, g_free);
  g_clear_pointer (&self->code, g_free);
  g_clear_pointer (&self->name, g_free);
  g_clear_pointer (&self->target_profile_id, g_free);
  g_clear_pointer (&self->owner, g_free);
  g_clear_pointer (&self->creator, g_free);
  g_clear_pointer (&self->title, g_free);
  g_clear_pointer (&self->landing_text, g_free);
  g_clear_pointer (&self->external_id_label, g_free);
  g_clear_pointer (&self->created_at, g_free);
  g_clear_pointer (&self->archived_at, g_free);
  g_clear_pointer (&self->archived_by, g_free);

  G_OBJECT_CLASS (orga_campaign_parent_class)->finalize (object);
}

static void
orga_campaign_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  OrgaCampaign *self = ORGA_CAMPAIGN (object);

  switch (prop_id)
    {
    case PROP_ID: g_value_set_int64 (value, self->id); break;
    case PROP_UUID: g_value_set_string (value, self->uuid); break;
    case PROP_CODE: g_value_set_string (value, self->code); break;
    case PROP_NAME: g_value_set_string (value, self->name); break;
    case PROP_TYPE: g_value_set_int (value, self->type); break;
    case PROP_TARGET_PROFILE_ID: g_value_set_string (value, self->target_profile_id); break;
    case PROP_OWNER: g_value_set_string (value, self->owner); break;
    case PROP_CREATOR: g_value_set_string (value, self->creator); break;
    case PROP_TITLE: g_value_set_string (value, self->title); break;
    case PROP_LANDING_TEXT: g_value_set_string (value, self->landing_text); break;
    case PROP_EXTERNAL_ID_TYPE: g_value_set_int (value, self->external_id_type); break;
    case PROP_EXTERNAL_ID_LABEL: g_value_set_string (value, self->external_id_label); break;
    case PROP_MULTIPLE_SENDINGS: g_value_set_boolean (value, self->multiple_sendings); break;
    case PROP_CREATED_AT: g_value_set_string (value, self->created_at); break;
    case PROP_ARCHIVED_AT: g_value_set_string (value, self->archived_at); break;
    case PROP_ARCHIVED_BY: g_value_set_string (value, self->archived_by); break;
    case PROP_PARTICIPANTS: g_value_set_uint (value, self->participants); break;
    case PROP_SHARED: g_value_set_uint (value, self->shared); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static GParamSpec *
string_property (const char *name)
{
  return g_param_spec_string (name, NULL, NULL, NULL, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
}

static void
orga_campaign_class_init (OrgaCampaignClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags flags = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS;

  object_class->finalize = orga_campaign_finalize;
  object_class->get_property = orga_campaign_get_property;

  properties[PROP_ID] = g_param_spec_int64 ("id", NULL, NULL, 0, G_MAXINT64, 0, flags);
  properties[PROP_UUID] = string_property ("uuid");
  properties[PROP_CODE] = string_property ("code");
  properties[PROP_NAME] = string_property ("name");
  /* OrgaCampaignType and OrgaExternalIdType are plain C enums. */
  properties[PROP_TYPE] = g_param_spec_int ("type", NULL, NULL, 0, G_MAXINT, 0, flags);
  properties[PROP_TARGET_PROFILE_ID] = string_property ("target-profile-id");
  properties[PROP_OWNER] = string_property ("owner");
  properties[PROP_CREATOR] = string_property ("creator");
  properties[PROP_TITLE] = string_property ("title");
  properties[PROP_LANDING_TEXT] = string_property ("landing-text");
  properties[PROP_EXTERNAL_ID_TYPE] = g_param_spec_int ("external-id-type", NULL, NULL, 0, G_MAXINT, 0, flags);
  properties[PROP_EXTERNAL_ID_LABEL] = string_property ("external-id-label");
  properties[PROP_MULTIPLE_SENDINGS] = g_param_spec_boolean ("multiple-sendings", NULL, NULL, FALSE, flags);
  properties[PROP_CREATED_AT] = string_property ("created-at");
  properties[PROP_ARCHIVED_AT] = string_property ("archived-at");
  properties[PROP_ARCHIVED_BY] = string_property ("archived-by");
  properties[PROP_PARTICIPANTS] = g_param_spec_uint ("participants", NULL, NULL, 0, G_MAXUINT, 0, flags);
  properties[PROP_SHARED] = g_param_spec_uint ("shared", NULL, NULL, 0, G_MAXUINT, 0, flags);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
orga_campaign_init (OrgaCampaign *self)
{
}

OrgaCampaign *
orga_campaign_new_from_row (const OrgaCampaignRow *row)
{
  OrgaCampaign *self;

  g_return_val_if_fail (row != NULL, NULL);

  self = g_object_new (ORGA_TYPE_CAMPAIGN, NULL);
  self->id = row->id;
  self->uuid = g_strdup (row->uuid);
  self->code = g_strdup (row->code);
  self->name = g_strdup (row->spec.name);
  self->type = row->spec.type;
  self->target_profile_id = g_strdup (row->spec.target_profile_id);
  self->owner = g_strdup (row->spec.owner);
  self->creator = g_strdup (row->spec.creator);
  self->title = g_strdup (row->spec.title);
  self->landing_text = g_strdup (row->spec.landing_text);
  self->external_id_type = row->spec.external_id_type;
  self->external_id_label = g_strdup (row->spec.external_id_label);
  self->multiple_sendings = !!row->spec.multiple_sendings;
  self->created_at = g_strdup (row->created_at);
  self->archived_at = g_strdup (row->archived_at);
  self->archived_by = g_strdup (row->archived_by);
  self->participants = row->participants;
  self->shared = row->shared;

  return self;
}

gint64
orga_campaign_get_id (OrgaCampaign *self)
{
  g_return_val_if_fail (ORGA_IS_CAMPAIGN (self), 0);
  return self->id;
}

const char *
orga_campaign_get_uuid (OrgaCampaign *self)
{
  g_return_val_if_fail (ORGA_IS_CAMPAIGN (self), NULL);
  return self->uuid;
}

const char *
orga_campaign_get_code (OrgaCampaign *self)
{
  g_return_val_if_fail (ORGA_IS_CAMPAIGN (self), NULL);
  return self->code;
}

const char *
orga_campaign_get_name (OrgaCampaign *self)
{
  g_return_val_if_fail (ORGA_IS_CAMPAIGN (self), NULL);
  return self->name;
}

OrgaCampaignType
orga_campaign_get_campaign_type (OrgaCampaign *self)
{
  g_return_val_if_fail (ORGA_IS_CAMPAIGN (self), ORGA_CAMPAIGN_TYPE_ASSESSMENT);
  return self->type;
}

const char *
orga_campaign_get_target_profile_id (OrgaCampaign *self)
{
  g_return_val_if_fail (ORGA_IS_CAMPAIGN (self), NULL);
  return self->target_profile_id;
}

const OrgaTargetProfile *
orga_campaign_get_target_profile (OrgaCampaign *self)
{
  g_return_val_if_fail (ORGA_IS_CAMPAIGN (self), NULL);

  if (self->type != ORGA_CAMPAIGN_TYPE_ASSESSMENT)
    return NULL;
  return orga_target_profile_find (self->target_profile_id);
}

const char *
orga_campaign_get_owner (OrgaCampaign *self)
{
  g_return_val_if_fail (ORGA_IS_CAMPAIGN (self), NULL);
  return self->owner;
}

const char *
orga_campaign_get_creator (OrgaCampaign *self)
{
  g_return_val_if_fail (ORGA_IS_CAMPAIGN (self), NULL);
  return self->creator;
}

const char *
orga_campaign_get_title (OrgaCampaign *self)
{
  g_return_val_if_fail (ORGA_IS_CAMPAIGN (self), NULL);
  return self->title;
}

const char *
orga_campaign_get_landing_text (OrgaCampaign *self)
{
  g_return_val_if_fail (ORGA_IS_CAMPAIGN (self), NULL);
  return self->landing_text;
}

OrgaExternalIdType
orga_campaign_get_external_id_type (OrgaCampaign *self)
{
  g_return_val_if_fail (ORGA_IS_CAMPAIGN (self), ORGA_EXTERNAL_ID_NONE);
  return self->external_id_type;
}

const char *
orga_campaign_get_external_id_label (OrgaCampaign *self)
{
  g_return_val_if_fail (ORGA_IS_CAMPAIGN (self), NULL);
  return self->external_id_label;
}

gboolean
orga_campaign_get_multiple_sendings (OrgaCampaign *self)
{
  g_return_val_if_fail (ORGA_IS_CAMPAIGN (self), FALSE);
  return self->multiple_sendings;
}

const char *
orga_campaign_get_created_at (OrgaCampaign *self)
{
  g_return_val_if_fail (ORGA_IS_CAMPAIGN (self), NULL);
  return self->created_at;
}

const char *
orga_campaign_get_archived_at (OrgaCampaign *self)
{
  g_return_val_if_fail (ORGA_IS_CAMPAIGN (self), NULL);
  return self->archived_at;
}

const char *
orga_campaign_get_archived_by (OrgaCampaign *self)
{
  g_return_val_if_fail (ORGA_IS_CAMPAIGN (self), NULL);
  return self->archived_by;
}

gboolean
orga_campaign_is_archived (OrgaCampaign *self)
{
  g_return_val_if_fail (ORGA_IS_CAMPAIGN (self), FALSE);
  return self->archived_at != NULL;
}

guint
orga_campaign_get_participants (OrgaCampaign *self)
{
  g_return_val_if_fail (ORGA_IS_CAMPAIGN (self), 0);
  return self->participants;
}

guint
orga_campaign_get_shared (OrgaCampaign *self)
{
  g_return_val_if_fail (ORGA_IS_CAMPAIGN (self), 0);
  return self->shared;
}

void
orga_campaign_to_spec (OrgaCampaign     *self,
                       OrgaCampaignSpec *spec)
{
  g_return_if_fail (ORGA_IS_CAMPAIGN (self));
  g_return_if_fail (spec != NULL);

  memset (spec, 0, sizeof *spec);
  spec->name = self->name;
  spec->type = self->type;
  spec->target_profile_id = self->target_profile_id;
  spec->owner = self->owner;
  spec->creator = self->creator;
  spec->title = self->title;
  spec->landing_text = self->landing_text;
  spec->external_id_type = self->external_id_type;
  spec->external_id_label = self->external_id_label;
  spec->multiple_sendings = self->multiple_sendings;
}
