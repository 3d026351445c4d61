/* orga-activation-form.h: "Activez ou récupérez votre espace Pix Orga"
 * (spec §1.2): UAI/RNE, first and last name, sent to the server, which
 * mails the link to the school's own address
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define ORGA_TYPE_ACTIVATION_FORM (orga_activation_form_get_type ())

G_DECLARE_FINAL_TYPE (OrgaActivationForm, orga_activation_form, ORGA, ACTIVATION_FORM, AdwBin)

void     orga_activation_form_set_server_url (OrgaActivationForm *self,
                                              const char         *server_url);
gboolean orga_activation_form_get_busy       (OrgaActivationForm *self);

G_END_DECLS
