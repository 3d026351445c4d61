/* orga-invitation.h: an invitation to join a Pix Orga space
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

#include "orga-member.h"

G_BEGIN_DECLS

typedef enum
{
  ORGA_INVITATION_STATUS_PENDING,
  ORGA_INVITATION_STATUS_ACCEPTED,
  ORGA_INVITATION_STATUS_CANCELLED,
} OrgaInvitationStatus;

/* "pending", "accepted", "cancelled": the API's spelling. */
const char           *orga_invitation_status_to_string   (OrgaInvitationStatus  status);
gboolean              orga_invitation_status_from_string (const char           *text,
                                                          OrgaInvitationStatus *status);

#define ORGA_TYPE_INVITATION (orga_invitation_get_type ())

G_DECLARE_FINAL_TYPE (OrgaInvitation, orga_invitation, ORGA, INVITATION, GObject)

/* @created_at and @updated_at are referenced; @role is NONE when the
 * invitation names no role. */
OrgaInvitation       *orga_invitation_new                (const char           *id,
                                                          const char           *email,
                                                          OrgaInvitationStatus  status,
                                                          OrgaMemberRole        role,
                                                          GDateTime            *created_at,
                                                          GDateTime            *updated_at);
const char           *orga_invitation_get_id             (OrgaInvitation       *self);
const char           *orga_invitation_get_email          (OrgaInvitation       *self);
OrgaInvitationStatus  orga_invitation_get_status         (OrgaInvitation       *self);
OrgaMemberRole        orga_invitation_get_role           (OrgaInvitation       *self);
/* (nullable) */
GDateTime            *orga_invitation_get_created_at     (OrgaInvitation       *self);
/* When it was sent last (a resend updates it); what "Invitations (n)"
 * shows as "Date de dernier envoi". */
GDateTime            *orga_invitation_get_updated_at     (OrgaInvitation       *self);

G_END_DECLS
