/* orga-student-account-dialog.h: "Gérer le compte" of one student
 *
 * "Gestion du compte Pix de l’élève" (spec §2.5): the student's login
 * methods as last listed, the e-mail and the username to copy, the
 * username to add, the password to reset to a one-time one. Every change
 * is the server's: offline or signed out, the dialog says so and changes
 * nothing.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "orga-connection.h"
#include "orga-learner.h"

G_BEGIN_DECLS

#define ORGA_TYPE_STUDENT_ACCOUNT_DIALOG (orga_student_account_dialog_get_type ())

G_DECLARE_FINAL_TYPE (OrgaStudentAccountDialog, orga_student_account_dialog, ORGA, STUDENT_ACCOUNT_DIALOG, AdwMessageDialog)

/* @connection may be NULL (no server: the dialog only shows). */
GtkWidget *orga_student_account_dialog_new          (GtkWindow      *parent,
                                                     OrgaConnection *connection,
                                                     OrgaLearner    *learner);
/* Whether a request to the server is under way (for tests). */
gboolean   orga_student_account_dialog_get_busy     (OrgaStudentAccountDialog *self);

G_END_DECLS
