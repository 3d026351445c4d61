/* orga-cert-enrol-dialog.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "orga-context.h"

G_BEGIN_DECLS

#define ORGA_TYPE_CERT_ENROL_DIALOG (orga_cert_enrol_dialog_get_type ())

G_DECLARE_FINAL_TYPE (OrgaCertEnrolDialog, orga_cert_enrol_dialog, ORGA, CERT_ENROL_DIALOG, AdwWindow)

/* Enrols students of the school in session @session_id; emits
 * "enrolled" with how many were added, then closes. */
OrgaCertEnrolDialog *orga_cert_enrol_dialog_new         (GtkWindow           *parent,
                                                         OrgaContext         *context,
                                                         gint64               session_id);
/* Shows the students of @division; FALSE if the school has no such class. */
gboolean             orga_cert_enrol_dialog_set_division (OrgaCertEnrolDialog *self,
                                                          const char          *division);
/* Ticks or unticks a student, as the row's check button does. */
void                 orga_cert_enrol_dialog_set_checked  (OrgaCertEnrolDialog *self,
                                                          gint64               learner_id,
                                                          gboolean             checked);
guint                orga_cert_enrol_dialog_get_n_checked (OrgaCertEnrolDialog *self);

G_END_DECLS
