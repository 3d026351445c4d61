/* orga-store-student-accounts.h: the students' accounts kept offline
 *
 * What the server last listed of the students' Pix accounts (schema 006),
 * for the "Méthode(s) de connexion" column and filter and the "Gérer le
 * compte" dialog while offline. OrgaSync replaces the list after each
 * successful cycle; the dialog records what it made at once.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "orga-organization.h"
#include "orga-store.h"
#include "orga-student-account.h"

G_BEGIN_DECLS

/* Replaces the school's accounts with @accounts (element-type
 * OrgaStudentAccount) in one transaction. Announces LEARNERS only when
 * something differs, so that a sync that brings nothing new reloads no
 * list. */
gboolean            orga_store_replace_student_accounts (OrgaStore           *self,
                                                         OrgaOrganization    *organization,
                                                         GPtrArray           *accounts,
                                                         GError             **error);
/* Adds or replaces one student's account. */
gboolean            orga_store_save_student_account    (OrgaStore           *self,
                                                         OrgaOrganization    *organization,
                                                         const OrgaStudentAccount *account,
                                                         GError             **error);
/* The account of learner @learner_uuid; NULL without error when there
 * is none. */
OrgaStudentAccount *orga_store_get_student_account     (OrgaStore           *self,
                                                         OrgaOrganization    *organization,
                                                         const char          *learner_uuid,
                                                         GError             **error);
/* learner id (gint64 *) → GUINT_TO_POINTER (OrgaLoginMethods | 1 << 8)
 * for the school's students that have an account (the list's filter). */
#define ORGA_STUDENT_ACCOUNT_LINKED (1 << 8)
GHashTable         *orga_store_login_methods_by_learner (OrgaStore          *self,
                                                         OrgaOrganization    *organization,
                                                         GError             **error);

G_END_DECLS
