/* orga-widget-util.h: toasts and messages from any widget
 *
 * A page shows a toast through the nearest AdwToastOverlay above it (the
 * main window's, or the heat map window's) rather than by asking its window
 * by type: the pages need not know the window, which knows them.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

/* Takes @toast. Dropped when no overlay is above @widget (widget tests
 * show a page in a bare window). */
void       orga_widget_add_toast    (GtkWidget  *widget,
                                     AdwToast   *toast);
/* The window @widget is in, or NULL while it is in none. */
GtkWindow *orga_widget_get_window   (GtkWidget  *widget);
/* A modal message over @widget's window with a "Close" button. */
void       orga_widget_show_message (GtkWidget  *widget,
                                     const char *heading,
                                     const char *body);
/* From now on, @dialog opens no larger than its transient parent is
 * then: a dialog's default size (a .ui's 620 × 680) is for a wide
 * screen, and on a phone (360 × 640) it would open wider and taller
 * than the window it belongs to. Nothing changes when the parent is
 * larger than the default size. Call it once, from the dialog's init:
 * the size is clamped when the dialog is realized, once its parent is
 * known. */
void       orga_widget_fit_to_parent (GtkWindow *dialog);
/* Names the search of a window GTK 4.8 or libadwaita 1.2 builds without
 * one (GtkShortcutsWindow's search toggle and entry, AdwPreferencesWindow's
 * entry): a screen reader read "GtkImage" or "GtkSearchEntry". Every
 * GtkSearchEntry under @window and the edit-find toggle button are named
 * @label. */
void       orga_widget_name_search  (GtkWidget  *window,
                                     const char *label);

/* A page's actions that its toasts' buttons name: a toast looks its
 * action up from the toast overlay, above the page, and AdwToast 1.2 has
 * no "button-clicked" signal. So @group goes on @widget's root while the
 * page is rooted: call the first from the page's root vfunc, the second
 * from its unroot vfunc. @root keeps where it went (weak). */
void       orga_widget_root_toast_actions   (GtkWidget    *widget,
                                             const char   *prefix,
                                             GActionGroup *group,
                                             GtkWidget   **root);
void       orga_widget_unroot_toast_actions (const char   *prefix,
                                             GtkWidget   **root);

/* gtk_widget_action_set_enabled(), only when the state changes. GTK 4.8
 * tells every observer of the action each time, changed or not: for an
 * action each row of a long list uses, some 80 M instructions a call
 * (the students page's three were 74 % of a search keystroke with
 * 50,000 students).
 * Use it for all the calls on one widget's action, or none. */
void       orga_widget_action_set_enabled   (GtkWidget    *widget,
                                             const char   *action_name,
                                             gboolean      enabled);

G_END_DECLS
