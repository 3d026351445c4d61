/* orga-ui-test-util.h: shared set-up of the widget tests (a main loop to
 * wait on, a window for the page, a school database to copy)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

typedef gboolean (*OrgaUiTestCondition) (gpointer data);

/* Runs the main loop until @condition holds; fails after 60 s. */
void       orga_ui_test_wait_until      (OrgaUiTestCondition  condition,
                                         gpointer             data);
/* Lets pending idles and timeouts (search delays) run for @ms. */
void       orga_ui_test_spin            (guint                ms);
/* The first visible toplevel of @type, or NULL. */
GtkWindow *orga_ui_test_find_toplevel   (GType                type);
/* The first widget of @type under @widget (itself included), depth first,
 * or NULL. */
GtkWidget *orga_ui_test_find_descendant (GtkWidget           *widget,
                                         GType                type);
/* An object of the Élèves page (an OrgaStudentsPage) by its id: of its
 * template, or of a part built when first needed (its list when the school
 * first has students, its import's banner); NULL if there is none (yet). */
gpointer   orga_ui_test_students_page_child (GtkWidget       *page,
                                             const char      *id);
/* The check box labelled @label (the first one when %NULL) in the popover
 * of @menu_button, popped up first: the Élèves page's filter bar makes its
 * popovers when they first pop up. */
GtkCheckButton *orga_ui_test_popover_check (GtkWidget  *menu_button,
                                            const char *label);
/* A new window of @width × @height holding @child, presented. */
GtkWindow *orga_ui_test_present         (GtkWidget           *child,
                                         int                  width,
                                         int                  height);
/* Destroys every toplevel but @window: the dialogs a test left open. */
void       orga_ui_test_close_dialogs   (GtkWindow           *window);
/* A fresh copy of @base_db in @dir, test-N.db; free with g_free. */
char      *orga_ui_test_copy_db         (const char          *base_db,
                                         const char          *dir);
/* Writes a SIECLE export of school @uai to @path with
 * $PIXORGA_GEN_SIECLE; @args are the generator's (a count, options). */
void       orga_ui_test_generate_siecle (const char          *path,
                                         const char          *uai,
                                         const char          *args);
/* With $PIXORGA_SCREENSHOT_DIR set, saves @window as <dir>/@name.png,
 * then in the dark style as <dir>/@name-dark.png; otherwise nothing. */
void       orga_ui_test_shoot           (GtkWindow           *window,
                                         const char          *name);
/* Removes the files in @dir, then @dir. */
void       orga_ui_test_remove_dir      (const char          *dir);

G_END_DECLS
