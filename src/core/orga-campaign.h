/* orga-campaign.h: a test campaign, its code and its rules
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

#include "orga-target-profile.h"

G_BEGIN_DECLS

typedef enum
{
  ORGA_CAMPAIGN_TYPE_ASSESSMENT,          /* "ASSESSMENT" */
  ORGA_CAMPAIGN_TYPE_PROFILES_COLLECTION, /* "PROFILES_COLLECTION" */
} OrgaCampaignType;

typedef enum
{
  ORGA_EXTERNAL_ID_NONE,
  ORGA_EXTERNAL_ID_STRING,                /* "STRING" */
  ORGA_EXTERNAL_ID_EMAIL,                 /* "EMAIL" */
} OrgaExternalIdType;

const char *orga_campaign_type_to_string        (OrgaCampaignType    type);
gboolean    orga_campaign_type_from_string      (const char         *text,
                                                 OrgaCampaignType   *type);
/* "Évaluation" / "Collecte de profil" (translated). */
const char *orga_campaign_type_get_label        (OrgaCampaignType    type);
const char *orga_external_id_type_to_string     (OrgaExternalIdType  type);
gboolean    orga_external_id_type_from_string   (const char         *text,
                                                 OrgaExternalIdType *type);

/* Codes: 6 letters then 3 digits from Pix's readable alphabet (A–Z without
 * I and O, 1–9). @rand may be NULL for the global generator. */
#define ORGA_CAMPAIGN_CODE_LETTERS "ABCDEFGHJKLMNPQRSTUVWXYZ"
#define ORGA_CAMPAIGN_CODE_DIGITS  "123456789"
char       *orga_campaign_code_generate         (GRand              *rand);
/* Pix's validation: ^[A-Z0-9]{9}$. */
gboolean    orga_campaign_code_is_valid         (const char         *code);

#define ORGA_CAMPAIGN_TITLE_MAX          50
#define ORGA_CAMPAIGN_LANDING_TEXT_MAX   5000
#define ORGA_CAMPAIGN_EXTERNAL_LABEL_MAX 255

#define ORGA_CAMPAIGN_ERROR (orga_campaign_error_quark ())

/* The creation and edit rules, with Pix's messages in French. */
typedef enum
{
  ORGA_CAMPAIGN_ERROR_NAME_REQUIRED,      /* "Veuillez donner un nom à votre campagne." */
  ORGA_CAMPAIGN_ERROR_OWNER_REQUIRED,
  ORGA_CAMPAIGN_ERROR_PROFILE_REQUIRED,   /* "Veuillez sélectionner un parcours pour votre campagne." */
  ORGA_CAMPAIGN_ERROR_PROFILE_UNKNOWN,
  ORGA_CAMPAIGN_ERROR_PROFILE_FORBIDDEN,  /* profiles collection with a profile */
  ORGA_CAMPAIGN_ERROR_TITLE_TOO_LONG,
  ORGA_CAMPAIGN_ERROR_TITLE_FORBIDDEN,    /* a title on a profiles collection */
  ORGA_CAMPAIGN_ERROR_LANDING_TOO_LONG,
  ORGA_CAMPAIGN_ERROR_EXTERNAL_ID_TYPE_REQUIRED,
  ORGA_CAMPAIGN_ERROR_EXTERNAL_ID_LABEL_REQUIRED,
  ORGA_CAMPAIGN_ERROR_EXTERNAL_ID_LABEL_TOO_LONG,
  ORGA_CAMPAIGN_ERROR_ALREADY_ARCHIVED,
  ORGA_CAMPAIGN_ERROR_NOT_ARCHIVED,
  ORGA_CAMPAIGN_ERROR_ARCHIVED,           /* an archived campaign cannot be edited */
  ORGA_CAMPAIGN_ERROR_NOT_FOUND,
  /* Without multiple sendings, one participation per learner (Pix). */
  ORGA_CAMPAIGN_ERROR_ALREADY_PARTICIPATED,
} OrgaCampaignError;

GQuark orga_campaign_error_quark (void);

/* What a campaign is created from; also what the form edits. Strings are
 * borrowed. */
typedef struct
{
  const char         *name;
  OrgaCampaignType    type;
  const char         *target_profile_id;   /* NULL for profiles collections */
  const char         *owner;               /* a member's display name */
  const char         *creator;             /* who created it */
  const char         *title;               /* NULL or ≤ 50 characters */
  const char         *landing_text;        /* NULL or ≤ 5000 characters */
  OrgaExternalIdType  external_id_type;
  const char         *external_id_label;   /* required with a type */
  gboolean            multiple_sendings;
} OrgaCampaignSpec;

/* Checks every rule; the first broken one is returned in @error
 * (ORGA_CAMPAIGN_ERROR), with its French message. Lengths are in
 * characters, after trimming. */
gboolean    orga_campaign_spec_validate         (const OrgaCampaignSpec *spec,
                                                 GError                **error);

#define ORGA_TYPE_CAMPAIGN (orga_campaign_get_type ())

G_DECLARE_FINAL_TYPE (OrgaCampaign, orga_campaign, ORGA, CAMPAIGN, GObject)

/* Campaigns are read from the store (orga-store-campaigns.h); the object
 * is an immutable snapshot, with its counts of participations at the time
 * it was read. Properties: "id", "uuid", "code", "name", "type",
 * "target-profile-id", "owner", "creator", "title", "landing-text",
 * "external-id-type", "external-id-label", "multiple-sendings",
 * "created-at", "archived-at", "archived-by", "participants", "shared". */
gint64                    orga_campaign_get_id                (OrgaCampaign *self);
const char               *orga_campaign_get_uuid              (OrgaCampaign *self);
const char               *orga_campaign_get_code              (OrgaCampaign *self);
const char               *orga_campaign_get_name              (OrgaCampaign *self);
OrgaCampaignType          orga_campaign_get_campaign_type     (OrgaCampaign *self);
const char               *orga_campaign_get_target_profile_id (OrgaCampaign *self);
/* NULL for profiles collections. */
const OrgaTargetProfile  *orga_campaign_get_target_profile    (OrgaCampaign *self);
const char               *orga_campaign_get_owner             (OrgaCampaign *self);
const char               *orga_campaign_get_creator           (OrgaCampaign *self);
const char               *orga_campaign_get_title             (OrgaCampaign *self);
const char               *orga_campaign_get_landing_text      (OrgaCampaign *self);
OrgaExternalIdType        orga_campaign_get_external_id_type  (OrgaCampaign *self);
const char               *orga_campaign_get_external_id_label (OrgaCampaign *self);
gboolean                  orga_campaign_get_multiple_sendings (OrgaCampaign *self);
const char               *orga_campaign_get_created_at        (OrgaCampaign *self); /* ISO 8601 UTC */
const char               *orga_campaign_get_archived_at       (OrgaCampaign *self); /* NULL if active */
const char               *orga_campaign_get_archived_by       (OrgaCampaign *self);
gboolean                  orga_campaign_is_archived           (OrgaCampaign *self);
/* Non-improved, non-deleted participations, and those of them shared. */
guint                     orga_campaign_get_participants      (OrgaCampaign *self);
guint                     orga_campaign_get_shared            (OrgaCampaign *self);
/* Fills @spec from the campaign (borrowed strings), e.g. to duplicate. */
void                      orga_campaign_to_spec               (OrgaCampaign     *self,
                                                               OrgaCampaignSpec *spec);

/* For the store only. */
typedef struct
{
  gint64              id;
  const char         *uuid;
  const char         *code;
  OrgaCampaignSpec    spec;
  const char         *created_at;
  const char         *archived_at;
  const char         *archived_by;
  guint               participants;
  guint               shared;
} OrgaCampaignRow;

OrgaCampaign             *orga_campaign_new_from_row          (const OrgaCampaignRow *row);

G_END_DECLS
