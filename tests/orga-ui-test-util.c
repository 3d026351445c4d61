/* orga-ui-test-util.c: shared set-up of the widget tests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>
#include <gio/gio.h>
#include <glib/gstdio.h>

#include "orga-ui-test-util.h"
#include "orga-students-page.h"

/* A timeout that keeps g_main_context_iteration (…, TRUE) from blocking
 * when nothing else is pending, so that the deadlines are looked at. */
static gboolean
wake_cb (gpointer data)
{
  return G_SOURCE_CONTINUE;
}

void
orga_ui_test_wait_until (OrgaUiTestCondition condition,
                         gpointer            data)
{
  gint64 deadline = g_get_monotonic_time () + 60 * G_USEC_PER_SEC;
  guint wake = g_timeout_add (20, wake_cb, NULL);

  while (!condition (data))
    {
      if (g_get_monotonic_time () > deadline)
        g_error ("Timed out waiting");
      g_main_context_iteration (NULL, TRUE);
    }

  g_source_remove (wake);
}

void
orga_ui_test_spin (guint ms)
{
  gint64 end = g_get_monotonic_time () + ms * 1000;
  guint wake = g_timeout_add (10, wake_cb, NULL);

  while (g_get_monotonic_time () < end)
    g_main_context_iteration (NULL, TRUE);
  while (g_main_context_iteration (NULL, FALSE))
    ;

  g_source_remove (wake);
}

GtkWindow *
orga_ui_test_find_toplevel (GType type)
{
  g_autoptr(GList) toplevels = gtk_window_list_toplevels ();

  for (GList *l = toplevels; l != NULL; l = l->next)
    if (G_TYPE_CHECK_INSTANCE_TYPE (l->data, type) && gtk_widget_get_visible (l->data))
      return l->data;

  return NULL;
}

GtkWidget *
orga_ui_test_find_descendant (GtkWidget *widget,
                              GType      type)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (widget, type))
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = orga_ui_test_find_descendant (child, type);

      if (found != NULL)
        return found;
    }
  return NULL;
}

gpointer
orga_ui_test_students_page_child (GtkWidget  *page,
                                  const char *id)
{
  GObject *object = gtk_widget_get_template_child (page, ORGA_TYPE_STUDENTS_PAGE, id);

  if (object == NULL)
    object = orga_students_page_get_part_object (ORGA_STUDENTS_PAGE (page), id);
  return object;
}

GtkCheckButton *
orga_ui_test_popover_check (GtkWidget  *menu_button,
                            const char *label)
{
  GtkPopover *popover;
  GtkWidget *check;

  gtk_menu_button_popup (GTK_MENU_BUTTON (menu_button));
  orga_ui_test_spin (20);
  popover = gtk_menu_button_get_popover (GTK_MENU_BUTTON (menu_button));
  g_assert_nonnull (popover);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (popover)));

  check = orga_ui_test_find_descendant (GTK_WIDGET (popover), GTK_TYPE_CHECK_BUTTON);
  while (label != NULL && check != NULL &&
         g_strcmp0 (gtk_check_button_get_label (GTK_CHECK_BUTTON (check)), label) != 0)
    check = gtk_widget_get_next_sibling (check);
  g_assert_nonnull (check);
  return GTK_CHECK_BUTTON (check);
}

GtkWindow *
orga_ui_test_present (GtkWidget *child,
                      int        width,
                      int        height)
{
  GtkWindow *window = GTK_WINDOW (gtk_window_new ());

  gtk_window_set_default_size (window, width, height);
  gtk_window_set_child (window, child);
  gtk_window_present (window);
  return window;
}

void
orga_ui_test_close_dialogs (GtkWindow *window)
{
  g_autoptr(GList) toplevels = gtk_window_list_toplevels ();

  for (GList *l = toplevels; l != NULL; l = l->next)
    if (l->data != window)
      gtk_window_destroy (l->data);
}

char *
orga_ui_test_copy_db (const char *base_db,
                      const char *dir)
{
  /* One name per test of the program: a test never sees the database
   * another one changed. */
  static guint counter;
  g_autoptr(GFile) source = g_file_new_for_path (base_db);
  g_autoptr(GFile) target = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *name = g_strdup_printf ("test-%u.db", ++counter);
  char *path = g_build_filename (dir, name, NULL);

  target = g_file_new_for_path (path);
  g_file_copy (source, target, G_FILE_COPY_OVERWRITE, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  return path;
}

void
orga_ui_test_generate_siecle (const char *path,
                              const char *uai,
                              const char *args)
{
  const char *generator = g_getenv ("PIXORGA_GEN_SIECLE");
  g_autofree char *command = NULL;
  g_autofree char *err = NULL;
  g_autoptr(GError) error = NULL;
  int status;

  g_assert_nonnull (generator);
  command = g_strdup_printf ("python3 %s %s --uai %s -o %s", generator, args, uai, path);
  g_spawn_command_line_sync (command, NULL, &err, &status, &error);
  g_assert_no_error (error);
  if (!g_spawn_check_wait_status (status, &error))
    g_error ("%s: %s", command, err);
}

void
orga_ui_test_remove_dir (const char *dir)
{
  g_autoptr(GDir) handle = g_dir_open (dir, 0, NULL);
  const char *name;

  while (handle != NULL && (name = g_dir_read_name (handle)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);
      g_unlink (path);
    }
  g_rmdir (dir);
}

static void
shoot_one (GtkWindow  *window,
           const char *dir,
           const char *name)
{
  g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new (GTK_WIDGET (window));
  g_autoptr(GtkSnapshot) snapshot = gtk_snapshot_new ();
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autofree char *path = g_strdup_printf ("%s/%s.png", dir, name);
  int width = gtk_widget_get_width (GTK_WIDGET (window));
  int height = gtk_widget_get_height (GTK_WIDGET (window));

  gdk_paintable_snapshot (paintable, GDK_SNAPSHOT (snapshot), width, height);
  node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
  texture = gsk_renderer_render_texture (gtk_native_get_renderer (GTK_NATIVE (window)), node,
                                         &GRAPHENE_RECT_INIT (0, 0, width, height));
  g_assert_true (gdk_texture_save_to_png (texture, path));
  g_print ("# wrote %s\n", path);
}

void
orga_ui_test_shoot (GtkWindow  *window,
                    const char *name)
{
  const char *dir = g_getenv ("PIXORGA_SCREENSHOT_DIR");
  AdwStyleManager *style = adw_style_manager_get_default ();
  g_autofree char *dark = g_strdup_printf ("%s-dark", name);

  if (dir == NULL)
    return;

  orga_ui_test_spin (600);
  shoot_one (window, dir, name);
  adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_FORCE_DARK);
  orga_ui_test_spin (600);
  shoot_one (window, dir, dark);
  adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_DEFAULT);
  orga_ui_test_spin (300);
}
