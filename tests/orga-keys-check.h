/* orga-keys-check.h: what stops a person at the keyboard in a dialog
 * (issue 13, item 4): access keys, Enter and Escape, the first focus
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

typedef enum
{
  ORGA_KEYS_FOCUS_FIELD,   /* a form: the first field */
  ORGA_KEYS_FOCUS_SAFE,    /* nothing Enter would regret: a button that
                            * destroys nothing, or the content to read
                            * (libadwaita 1.2's message dialogs focus
                            * their extra child first) */
  ORGA_KEYS_FOCUS_ANSWER,  /* a message dialog: the button of its close
                            * response ("Annuler", "Fermer") or of its
                            * default one, not a destructive one */
} OrgaKeysFocus;

/* The problems of @dialog, presented, one a line (see orga-keys-check.c),
 * or NULL when there is none; free with g_free. @summary, if not NULL,
 * gets the access keys taken and the number of fields. */
char *orga_keys_check_dialog (GtkWidget      *dialog,
                              OrgaKeysFocus   focus,
                              char          **summary);

G_END_DECLS
