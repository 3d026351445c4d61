/* orga-profile-picker.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "orga-target-profile.h"

G_BEGIN_DECLS

#define ORGA_TYPE_PROFILE_PICKER (orga_profile_picker_get_type ())

G_DECLARE_FINAL_TYPE (OrgaProfilePicker, orga_profile_picker, ORGA, PROFILE_PICKER, AdwBin)

GtkWidget               *orga_profile_picker_new            (void);
/* The chosen profile's id, or NULL. */
const char              *orga_profile_picker_get_profile_id (OrgaProfilePicker *self);
/* Chooses the profile with @profile_id (NULL or unknown: none). */
void                     orga_profile_picker_set_profile_id (OrgaProfilePicker *self,
                                                             const char        *profile_id);
const OrgaTargetProfile *orga_profile_picker_get_profile    (OrgaProfilePicker *self);
/* Narrows the list as the search and the category filter do. */
void                     orga_profile_picker_set_search     (OrgaProfilePicker *self,
                                                             const char        *search);
/* The number of profiles the filters leave visible. */
guint                    orga_profile_picker_get_n_visible  (OrgaProfilePicker *self);
/* Moves the keyboard focus to the chosen profile, else to the search. */
void                     orga_profile_picker_focus          (OrgaProfilePicker *self);

G_END_DECLS
