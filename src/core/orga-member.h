/* orga-member.h: a member of a Pix Orga space (the team)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

/* A member's role; NONE is for an invitation that names none (the §1.4
 * rule picks it at acceptance). */
typedef enum
{
  ORGA_MEMBER_ROLE_NONE,
  ORGA_MEMBER_ROLE_MEMBER,
  ORGA_MEMBER_ROLE_ADMIN,
} OrgaMemberRole;

/* "ADMIN", "MEMBER", NULL for NONE: the API's and the JSON's spelling. */
const char     *orga_member_role_to_string   (OrgaMemberRole  role);
/* Accepts "ADMIN"/"MEMBER", and "admin"/"member" (the CLI's words);
 * FALSE for anything else. */
gboolean        orga_member_role_from_string (const char     *text,
                                              OrgaMemberRole *role);
/* "Administrateur" / "Membre" (translated), what the views show. */
const char     *orga_member_role_get_label   (OrgaMemberRole  role);

#define ORGA_TYPE_MEMBER (orga_member_get_type ())

G_DECLARE_FINAL_TYPE (OrgaMember, orga_member, ORGA, MEMBER, GObject)

OrgaMember     *orga_member_new              (const char     *user_id,
                                              const char     *email,
                                              const char     *first_name,
                                              const char     *last_name,
                                              OrgaMemberRole  role);
const char     *orga_member_get_user_id      (OrgaMember     *self);
const char     *orga_member_get_email        (OrgaMember     *self);
const char     *orga_member_get_first_name   (OrgaMember     *self);
const char     *orga_member_get_last_name    (OrgaMember     *self);
OrgaMemberRole  orga_member_get_role         (OrgaMember     *self);
/* "Prénom Nom". */
char           *orga_member_dup_display_name (OrgaMember     *self);

G_END_DECLS
