/* orga-learner-list.h: the active students of the school as a GListModel
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "orga-learner.h"
#include "orga-organization.h"
#include "orga-store.h"

G_BEGIN_DECLS

#define ORGA_TYPE_LEARNER_LIST (orga_learner_list_get_type ())

G_DECLARE_FINAL_TYPE (OrgaLearnerList, orga_learner_list, ORGA, LEARNER_LIST, GObject)

OrgaLearnerList    *orga_learner_list_new            (OrgaStore          *store,
                                                      OrgaOrganization   *organization);
OrgaLearnerList    *orga_learner_list_new_first_rows (OrgaStore          *store,
                                                      OrgaOrganization   *organization);
void                orga_learner_list_load_rest      (OrgaLearnerList    *self);
gboolean            orga_learner_list_get_complete   (OrgaLearnerList    *self);
OrgaStore          *orga_learner_list_get_store      (OrgaLearnerList    *self);
OrgaOrganization   *orga_learner_list_get_organization (OrgaLearnerList  *self);

void                orga_learner_list_set_search     (OrgaLearnerList    *self,
                                                      const char         *text);
const char         *orga_learner_list_get_search     (OrgaLearnerList    *self);
void                orga_learner_list_set_divisions  (OrgaLearnerList    *self,
                                                      const char * const *divisions);
const char * const *orga_learner_list_get_divisions  (OrgaLearnerList    *self);
void                orga_learner_list_set_certifiability (OrgaLearnerList *self,
                                                      guint               certifiability);
guint               orga_learner_list_get_certifiability (OrgaLearnerList *self);
void                orga_learner_list_set_login_methods (OrgaLearnerList *self,
                                                      const char * const *values);
const char * const *orga_learner_list_get_login_methods (OrgaLearnerList *self);
void                orga_learner_list_set_sort       (OrgaLearnerList    *self,
                                                      OrgaLearnerSort     sort,
                                                      gboolean            descending);
OrgaLearnerSort     orga_learner_list_get_sort       (OrgaLearnerList    *self,
                                                      gboolean           *descending);
gboolean            orga_learner_list_reload         (OrgaLearnerList    *self,
                                                      GError            **error);
gboolean            orga_learner_list_reload_participations (OrgaLearnerList *self,
                                                             GError         **error);
guint               orga_learner_list_get_total      (OrgaLearnerList    *self);
gboolean            orga_learner_list_get_filtered   (OrgaLearnerList    *self);
GStrv               orga_learner_list_dup_divisions  (OrgaLearnerList    *self);

G_END_DECLS
