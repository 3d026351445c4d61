/* orga-application.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define ORGA_TYPE_APPLICATION (orga_application_get_type ())

G_DECLARE_FINAL_TYPE (OrgaApplication, orga_application, ORGA, APPLICATION, AdwApplication)

OrgaApplication *orga_application_new (void);

G_END_DECLS
