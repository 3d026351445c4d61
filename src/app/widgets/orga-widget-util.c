/* orga-widget-util.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "orga-widget"

#include "config.h"

#include <glib/gi18n.h>

#include "orga-widget-util.h"

void
orga_widget_add_toast (GtkWidget *widget,
                       AdwToast  *toast)
{
  g_return_if_fail (GTK_IS_WIDGET (widget));
  g_return_if_fail (ADW_IS_TOAST (toast));

  g_debug ("Toast: %s", adw_toast_get_title (toast));

  for (GtkWidget *w = widget; w != NULL; w = gtk_widget_get_parent (w))
    {
      if (ADW_IS_TOAST_OVERLAY (w))
        {
          adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (w), toast);
          return;
        }
    }

  g_object_unref (toast);
}

GtkWindow *
orga_widget_get_window (GtkWidget *widget)
{
  GtkRoot *root;

  g_return_val_if_fail (GTK_IS_WIDGET (widget), NULL);

  root = gtk_widget_get_root (widget);
  return GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL;
}

void
orga_widget_show_message (GtkWidget  *widget,
                          const char *heading,
                          const char *body)
{
  GtkWidget *dialog;

  g_return_if_fail (GTK_IS_WIDGET (widget));

  dialog = adw_message_dialog_new (orga_widget_get_window (widget), heading, body);
  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
  /* Enter closes it as Escape does: there is nothing else to answer. */
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "close");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "close");
  gtk_window_set_modal (GTK_WINDOW (dialog), TRUE);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* Before the window is mapped: GTK reads the default size when it first
 * maps the window. */
static void
fit_to_parent_cb (GtkWindow *dialog)
{
  GtkWindow *parent = gtk_window_get_transient_for (dialog);
  int width = -1, height = -1, parent_width, parent_height;

  if (parent == NULL || !gtk_widget_get_mapped (GTK_WIDGET (parent)))
    return;

  parent_width = gtk_widget_get_width (GTK_WIDGET (parent));
  parent_height = gtk_widget_get_height (GTK_WIDGET (parent));
  gtk_window_get_default_size (dialog, &width, &height);
  /* -1 is the dialog's natural size, which it sizes itself. */
  if (width > parent_width || height > parent_height)
    gtk_window_set_default_size (dialog, MIN (width, parent_width), MIN (height, parent_height));
}

void
orga_widget_fit_to_parent (GtkWindow *dialog)
{
  g_return_if_fail (GTK_IS_WINDOW (dialog));

  g_signal_connect (dialog, "realize", G_CALLBACK (fit_to_parent_cb), NULL);
}

void
orga_widget_name_search (GtkWidget  *window,
                         const char *label)
{
  g_return_if_fail (GTK_IS_WIDGET (window));

  for (GtkWidget *child = gtk_widget_get_first_child (window); child != NULL; child = gtk_widget_get_next_sibling (child))
    {
      if (GTK_IS_SEARCH_ENTRY (child) ||
          (GTK_IS_TOGGLE_BUTTON (child) &&
           g_strcmp0 (gtk_button_get_icon_name (GTK_BUTTON (child)), "edit-find-symbolic") == 0))
        gtk_accessible_update_property (GTK_ACCESSIBLE (child), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
      orga_widget_name_search (child, label);
    }
}

void
orga_widget_root_toast_actions (GtkWidget    *widget,
                                const char   *prefix,
                                GActionGroup *group,
                                GtkWidget   **root)
{
  g_return_if_fail (GTK_IS_WIDGET (widget));
  g_return_if_fail (root != NULL);

  *root = GTK_WIDGET (gtk_widget_get_root (widget));
  if (*root != NULL)
    gtk_widget_insert_action_group (*root, prefix, group);
}

void
orga_widget_unroot_toast_actions (const char  *prefix,
                                  GtkWidget  **root)
{
  g_return_if_fail (root != NULL);

  if (*root != NULL)
    gtk_widget_insert_action_group (*root, prefix, NULL);
  *root = NULL;
}

void
orga_widget_action_set_enabled (GtkWidget  *widget,
                                const char *action_name,
                                gboolean    enabled)
{
  static GQuark states_quark;
  GHashTable *states;
  gpointer state = GINT_TO_POINTER (enabled ? 2 : 1);

  g_return_if_fail (GTK_IS_WIDGET (widget));
  g_return_if_fail (action_name != NULL);

  if (G_UNLIKELY (states_quark == 0))
    states_quark = g_quark_from_static_string ("orga-widget-action-states");

  states = g_object_get_qdata (G_OBJECT (widget), states_quark);
  if (states == NULL)
    {
      states = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
      g_object_set_qdata_full (G_OBJECT (widget), states_quark, states, (GDestroyNotify) g_hash_table_unref);
    }
  if (g_hash_table_lookup (states, action_name) == state)
    return;

  g_hash_table_insert (states, g_strdup (action_name), state);
  gtk_widget_action_set_enabled (widget, action_name, enabled);
}
