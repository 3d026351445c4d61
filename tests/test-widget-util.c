/* test-widget-util.c: toasts and messages from any widget reach the
 * nearest toast overlay and window, with no window type to know
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>

#include "orga-ui-test-util.h"
#include "orga-widget-util.h"

/* The toasts @overlay shows: libadwaita 1.2 gives each a child widget. */
static guint
count_toasts (AdwToastOverlay *overlay)
{
  guint n = 0;

  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (overlay));
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (g_str_equal (G_OBJECT_TYPE_NAME (child), "AdwToastWidget"))
      n++;

  return n;
}

static void
test_toast_nearest_overlay (void)
{
  AdwToastOverlay *outer = ADW_TOAST_OVERLAY (adw_toast_overlay_new ());
  AdwToastOverlay *inner = ADW_TOAST_OVERLAY (adw_toast_overlay_new ());
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *label = gtk_label_new ("page");
  GtkWidget *beside = gtk_label_new ("beside");
  GtkWindow *window;

  gtk_box_append (GTK_BOX (box), GTK_WIDGET (inner));
  gtk_box_append (GTK_BOX (box), beside);
  adw_toast_overlay_set_child (inner, label);
  adw_toast_overlay_set_child (outer, box);
  window = orga_ui_test_present (GTK_WIDGET (outer), 400, 300);

  g_assert_true (orga_widget_get_window (label) == window);

  /* The nearest overlay above the widget shows the toast… */
  orga_widget_add_toast (label, adw_toast_new ("near"));
  orga_ui_test_spin (50);
  g_assert_cmpuint (count_toasts (inner), ==, 1);
  g_assert_cmpuint (count_toasts (outer), ==, 0);

  /* …and a widget outside it reaches the one above both. */
  orga_widget_add_toast (beside, adw_toast_new ("far"));
  orga_ui_test_spin (50);
  g_assert_cmpuint (count_toasts (outer), ==, 1);

  gtk_window_destroy (window);
}

static void
test_toast_no_overlay (void)
{
  GtkWidget *label = g_object_ref_sink (gtk_label_new ("alone"));
  AdwToast *toast = adw_toast_new ("lost");

  /* No window, no overlay: dropped, not leaked, no warning. */
  g_object_add_weak_pointer (G_OBJECT (toast), (gpointer *)&toast);
  g_assert_null (orga_widget_get_window (label));
  orga_widget_add_toast (label, toast);
  g_assert_null (toast);

  g_assert_finalize_object (label);
}

static void
test_message (void)
{
  GtkWidget *label = gtk_label_new ("page");
  GtkWindow *window = orga_ui_test_present (label, 400, 300);
  GtkWindow *dialog;

  orga_widget_show_message (label, "Heading", "Body");
  orga_ui_test_spin (50);

  dialog = orga_ui_test_find_toplevel (ADW_TYPE_MESSAGE_DIALOG);
  g_assert_nonnull (dialog);
  g_assert_true (gtk_window_get_transient_for (dialog) == window);
  g_assert_true (gtk_window_get_modal (dialog));
  g_assert_cmpstr (adw_message_dialog_get_heading (ADW_MESSAGE_DIALOG (dialog)), ==, "Heading");
  g_assert_cmpstr (adw_message_dialog_get_body (ADW_MESSAGE_DIALOG (dialog)), ==, "Body");

  orga_ui_test_close_dialogs (window);
  gtk_window_destroy (window);
}

/* A window of @width × @height over @parent, fitted, shown. */
static GtkWindow *
present_fitted (GtkWindow *parent,
                int        width,
                int        height)
{
  GtkWindow *dialog = GTK_WINDOW (gtk_window_new ());

  gtk_window_set_default_size (dialog, width, height);
  orga_widget_fit_to_parent (dialog);
  gtk_window_set_transient_for (dialog, parent);
  gtk_window_present (dialog);
  orga_ui_test_spin (100);
  return dialog;
}

/* Larger than its parent, a dialog opens as large as the parent; smaller,
 * or with no parent, at its own size. */
static void
test_fit_to_parent (void)
{
  GtkWindow *window = orga_ui_test_present (gtk_label_new ("page"), 400, 300);
  GtkWindow *dialog;
  int width, height;

  orga_ui_test_spin (100);
  dialog = present_fitted (window, 800, 600);
  g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (dialog)), <=, gtk_widget_get_width (GTK_WIDGET (window)));
  g_assert_cmpint (gtk_widget_get_height (GTK_WIDGET (dialog)), <=, gtk_widget_get_height (GTK_WIDGET (window)));
  gtk_window_destroy (dialog);

  /* Only the larger side shrinks. */
  dialog = present_fitted (window, 200, 600);
  gtk_window_get_default_size (dialog, &width, &height);
  g_assert_cmpint (width, ==, 200);
  g_assert_cmpint (height, <=, gtk_widget_get_height (GTK_WIDGET (window)));
  gtk_window_destroy (dialog);

  dialog = present_fitted (window, 300, 200);
  gtk_window_get_default_size (dialog, &width, &height);
  g_assert_cmpint (width, ==, 300);
  g_assert_cmpint (height, ==, 200);
  gtk_window_destroy (dialog);

  dialog = present_fitted (NULL, 800, 600);
  gtk_window_get_default_size (dialog, &width, &height);
  g_assert_cmpint (width, ==, 800);
  g_assert_cmpint (height, ==, 600);
  gtk_window_destroy (dialog);

  gtk_window_destroy (window);
}

static void
activated_cb (GSimpleAction *action,
              GVariant      *parameter,
              gpointer       user_data)
{
  (*(guint *)user_data)++;
}

static void
test_toast_actions (void)
{
  GtkWidget *label = gtk_label_new ("page");
  g_autoptr(GSimpleActionGroup) group = g_simple_action_group_new ();
  g_autoptr(GSimpleAction) action = g_simple_action_new ("undo", NULL);
  GtkWidget *root = NULL;
  GtkWindow *window;
  guint activated = 0;

  g_signal_connect (action, "activate", G_CALLBACK (activated_cb), &activated);
  g_action_map_add_action (G_ACTION_MAP (group), G_ACTION (action));
  window = orga_ui_test_present (label, 400, 300);

  /* Rooted: the window itself (where a toast overlay looks) finds it. */
  orga_widget_root_toast_actions (label, "page", G_ACTION_GROUP (group), &root);
  g_assert_true (root == GTK_WIDGET (window));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "page.undo", NULL));
  g_assert_cmpuint (activated, ==, 1);

  /* Unrooted: gone from the window, and the pointer cleared. */
  orga_widget_unroot_toast_actions ("page", &root);
  g_assert_null (root);
  g_assert_false (gtk_widget_activate_action (GTK_WIDGET (window), "page.undo", NULL));
  g_assert_cmpuint (activated, ==, 1);
  /* Twice is harmless (unroot after a failed root). */
  orga_widget_unroot_toast_actions ("page", &root);

  gtk_window_destroy (window);
}

int
main (int   argc,
      char *argv[])
{
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  g_test_add_func ("/widget-util/toast/nearest-overlay", test_toast_nearest_overlay);
  g_test_add_func ("/widget-util/toast/no-overlay", test_toast_no_overlay);
  g_test_add_func ("/widget-util/message", test_message);
  g_test_add_func ("/widget-util/toast-actions", test_toast_actions);
  g_test_add_func ("/widget-util/fit-to-parent", test_fit_to_parent);

  return g_test_run ();
}
