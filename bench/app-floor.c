/* app-floor.c: the floor under app-bench's "start to first frame"
 *
 *   app-floor
 *
 * A bare libadwaita window with what the app's first frame has in common
 * with any libadwaita app: an AdwApplicationWindow of the app's default
 * size, an AdwLeaflet with a sidebar (its header bar and a
 * navigation-sidebar list of 5 rows) and a content pane (its header bar
 * and a label). Timed exactly as app-bench.c times the app: from the
 * process's start to the end of its first painted frame, with the same
 * renderer. The app cannot start faster than this on the same machine;
 * bench/app-bench.py runs both alternately and prints the ratio.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <adwaita.h>
#include <locale.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "bench-clock.h"
#include "orga-renderer.h"

typedef struct
{
  GMainLoop *loop;
  double     first_frame_ms;
  double     first_frame_cpu_ms;
} Floor;

static void
after_paint_cb (GdkFrameClock *clock,
                Floor         *f)
{
  if (f->first_frame_ms >= 0)
    return;

  f->first_frame_ms = bench_ms_since_process_start ();
  f->first_frame_cpu_ms = bench_process_cpu_ms ();

  /* As app-bench.c: a count of instructions stops at the first frame. */
  if (g_getenv ("APP_BENCH_FIRST_FRAME_ONLY") != NULL)
    {
      printf ("start to first frame: %.1f ms\nCPU to first frame: %.1f ms\n",
              f->first_frame_ms, f->first_frame_cpu_ms);
      fflush (stdout);
      _exit (0);
    }

  g_main_loop_quit (f->loop);
}

static void
realize_cb (GtkWidget *window,
            Floor     *f)
{
  g_signal_connect (gtk_widget_get_frame_clock (window), "after-paint", G_CALLBACK (after_paint_cb), f);
}

static GtkWidget *
sidebar_row (const char *icon_name,
             const char *title)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *label = gtk_label_new (title);

  gtk_widget_set_margin_start (box, 6);
  gtk_widget_set_margin_end (box, 6);
  gtk_widget_set_margin_top (box, 6);
  gtk_widget_set_margin_bottom (box, 6);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_box_append (GTK_BOX (box), gtk_image_new_from_icon_name (icon_name));
  gtk_box_append (GTK_BOX (box), label);

  return box;
}

static GtkWidget *
build_window (void)
{
  static const char * const rows[][2] = {
    { "view-list-bullet-symbolic", "Campagnes" },
    { "starred-symbolic", "Certifications" },
    { "system-users-symbolic", "Élèves" },
    { "avatar-default-symbolic", "Équipe" },
    { "help-browser-symbolic", "Documentation" },
  };
  GtkWidget *window = adw_application_window_new (NULL);
  GtkWidget *leaflet = adw_leaflet_new ();
  GtkWidget *sidebar = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *sidebar_header = adw_header_bar_new ();
  GtkWidget *scrolled = gtk_scrolled_window_new ();
  GtkWidget *list = gtk_list_box_new ();
  GtkWidget *separator = gtk_separator_new (GTK_ORIENTATION_VERTICAL);
  GtkWidget *content = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *content_header = adw_header_bar_new ();
  GtkWidget *label = gtk_label_new ("Élèves (50 000)");

  gtk_window_set_title (GTK_WINDOW (window), "PixOrga");
  gtk_window_set_default_size (GTK_WINDOW (window), 1100, 720);

  gtk_widget_set_size_request (sidebar, 260, -1);
  adw_header_bar_set_title_widget (ADW_HEADER_BAR (sidebar_header), adw_window_title_new ("PixOrga", "Lycée"));
  adw_header_bar_set_show_end_title_buttons (ADW_HEADER_BAR (sidebar_header), FALSE);
  gtk_box_append (GTK_BOX (sidebar), sidebar_header);
  gtk_widget_add_css_class (list, "navigation-sidebar");
  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    gtk_list_box_append (GTK_LIST_BOX (list), sidebar_row (rows[i][0], rows[i][1]));
  gtk_list_box_select_row (GTK_LIST_BOX (list), gtk_list_box_get_row_at_index (GTK_LIST_BOX (list), 2));
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scrolled), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), list);
  gtk_widget_set_vexpand (scrolled, TRUE);
  gtk_box_append (GTK_BOX (sidebar), scrolled);

  gtk_widget_add_css_class (separator, "sidebar");

  gtk_widget_set_hexpand (content, TRUE);
  adw_header_bar_set_title_widget (ADW_HEADER_BAR (content_header), adw_window_title_new ("Élèves", NULL));
  adw_header_bar_set_show_start_title_buttons (ADW_HEADER_BAR (content_header), FALSE);
  gtk_box_append (GTK_BOX (content), content_header);
  gtk_widget_set_vexpand (label, TRUE);
  gtk_box_append (GTK_BOX (content), label);

  adw_leaflet_append (ADW_LEAFLET (leaflet), sidebar);
  adw_leaflet_page_set_navigatable (adw_leaflet_append (ADW_LEAFLET (leaflet), separator), FALSE);
  adw_leaflet_append (ADW_LEAFLET (leaflet), content);
  adw_leaflet_set_visible_child (ADW_LEAFLET (leaflet), content);
  adw_application_window_set_content (ADW_APPLICATION_WINDOW (window), leaflet);

  return window;
}

int
main (int    argc,
      char **argv)
{
  Floor f = { .first_frame_ms = -1 };
  GtkWidget *window;

  setlocale (LC_ALL, "");
  /* The renderer the app picks: a floor drawn with another would measure
   * that instead. */
  orga_renderer_choose ();
  adw_init ();

  f.loop = g_main_loop_new (NULL, FALSE);
  window = build_window ();
  g_signal_connect (window, "realize", G_CALLBACK (realize_cb), &f);
  gtk_window_present (GTK_WINDOW (window));

  g_main_loop_run (f.loop);

  printf ("start to first frame: %.1f ms\n", f.first_frame_ms);
  printf ("CPU to first frame: %.1f ms\n", f.first_frame_cpu_ms);

  gtk_window_destroy (GTK_WINDOW (window));
  g_main_loop_unref (f.loop);
  return 0;
}
