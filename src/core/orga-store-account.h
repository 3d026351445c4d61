/* orga-store-account.h: the account and the spaces of a local database
 *
 * A database is bound to at most one account on one server; each school
 * row in it is one space of that account (its server id), or a space made
 * offline on this computer (no server id). One school is the current one:
 * orga_store_get_organization() returns it, and the app follows a switch
 * through the change feed (ORGA_STORE_CHANGE_ORGANIZATION).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "orga-account.h"
#include "orga-space.h"
#include "orga-store.h"
#include "orga-team.h"

G_BEGIN_DECLS

/* Errors of the binding are ORGA_STORE_ERROR:
 *   OTHER_ACCOUNT       the database is bound to another account or server
 *   OTHER_ORGANIZATION  the space's UAI is not the offline school's
 *   NOT_A_MEMBER        the account has no space (the spec §1.3 message)
 *   CHOOSE_SPACE        several spaces and none chosen (lists them)
 *   NOT_FOUND           no space of the account has that UAI
 *   NOT_BOUND           no account signed in on this database
 * with a message for the user (through gettext). */

/* (nullable): the account this database is bound to, NULL when none. */
OrgaAccount      *orga_store_get_account             (OrgaStore    *self,
                                                      GError      **error);

/* Which of @spaces (element-type OrgaSpace) `login` binds: the one of
 * UAI @uai when given; else the one of the database's current school's
 * UAI; else the only one; else refused (CHOOSE_SPACE, listing "Name
 * (UAI)"). No space at all is NOT_A_MEMBER. (transfer full) */
OrgaSpace        *orga_store_pick_space              (OrgaStore    *self,
                                                      GPtrArray    *spaces,
                                                      const char   *uai,
                                                      GError      **error);

/* Binds the database to @account and makes @space's school the current
 * one, in one transaction: the school of that space if the database has
 * it; else an offline school of the same UAI, adopted; else a new school
 * (an empty database, or another space of the account already bound).
 * An offline school of another UAI is refused (OTHER_ORGANIZATION, naming
 * both), as is a database bound to another account (OTHER_ACCOUNT);
 * nothing changes then. Returns the school (transfer full). */
OrgaOrganization *orga_store_bind                    (OrgaStore    *self,
                                                      OrgaAccount  *account,
                                                      OrgaSpace    *space,
                                                      GError      **error);
/* Whether orga_store_bind() would accept @account and @space, changing
 * nothing: what `join` asks before accepting the invitation. */
gboolean          orga_store_can_bind                (OrgaStore    *self,
                                                      OrgaAccount  *account,
                                                      OrgaSpace    *space,
                                                      GError      **error);
/* Signs the database out: the account row goes, the schools, students,
 * campaigns and caches stay (signing in again as the same account finds
 * them). No account is no error. */
gboolean          orga_store_unbind                  (OrgaStore    *self,
                                                      GError      **error);

/* The school bound to the space of server id @space_id, NULL without
 * error when there is none. */
OrgaOrganization *orga_store_find_organization_by_space (OrgaStore *self,
                                                      const char   *space_id,
                                                      GError      **error);
/* The space id of @organization's school; NULL for an offline school. */
char             *orga_store_dup_space_id            (OrgaStore    *self,
                                                      OrgaOrganization *organization,
                                                      GError      **error);
/* Every school of the database, current or not, by id
 * (element-type OrgaOrganization). */
GPtrArray        *orga_store_list_organizations      (OrgaStore    *self,
                                                      GError      **error);

/* Makes @space the current school (created if the database lacks it:
 * `switch` to a space never opened here). The account must be bound. */
OrgaOrganization *orga_store_set_current_space       (OrgaStore    *self,
                                                      OrgaSpace    *space,
                                                      GError      **error);
/* Makes the school of local id @organization_id the current one. */
gboolean          orga_store_set_current_organization (OrgaStore   *self,
                                                      gint64        organization_id,
                                                      GError      **error);

/* The last team fetched for a school, shown offline. Loading gives NULL
 * without error when none was kept; the team returned is flagged offline. */
gboolean          orga_store_save_team_cache         (OrgaStore    *self,
                                                      OrgaOrganization *organization,
                                                      OrgaTeam     *team,
                                                      GError      **error);
OrgaTeam         *orga_store_load_team_cache         (OrgaStore    *self,
                                                      OrgaOrganization *organization,
                                                      GError      **error);

/* The account's spaces as last listed (element-type OrgaSpace), sorted;
 * an empty array when none was kept. */
gboolean          orga_store_save_spaces             (OrgaStore    *self,
                                                      GPtrArray    *spaces,
                                                      GError      **error);
GPtrArray        *orga_store_load_spaces             (OrgaStore    *self,
                                                      GError      **error);

G_END_DECLS
