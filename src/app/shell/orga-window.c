/* orga-window.c: the school's space, a sidebar of pages as in Pix Orga
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "orga-window"

#include "config.h"

#include <glib/gi18n.h>

#include "orga-account-menu.h"
#include "orga-campaigns-page.h"
#include "orga-certifications-page.h"
#include "orga-documentation-page.h"
#include "orga-store-campaigns.h"
#include "orga-students-page.h"
#include "orga-sync-controller.h"
#include "orga-sync-indicator.h"
#include "orga-team-page.h"
#include "orga-join-dialog.h"
#include "orga-preferences-window.h"
#include "orga-welcome-page.h"
#include "orga-widget-util.h"
#include "orga-window.h"

struct _OrgaWindow
{
  AdwApplicationWindow  parent_instance;

  /* template widgets */
  GtkMenuButton        *menu_button;
  GMenuModel           *primary_menu;
  GtkRevealer          *drop_revealer;
  GtkStack             *main_stack;
  GtkWidget            *welcome_box;
  AdwBin               *welcome_bin;
  AdwLeaflet           *leaflet;
  GtkListBox           *sidebar_list;
  GtkLabel             *space_subtitle;
  AdwWindowTitle       *page_title;
  GtkStack             *pages;
  OrgaStudentsPage     *students_page;
  OrgaAccountMenu      *account_menu;
  OrgaSyncIndicator    *sync_indicator;

  /* owned */
  OrgaContext          *context;
  OrgaConnection       *connection;
  OrgaSyncController   *sync_controller;

  /* weak: the shortcuts window while it is open */
  GtkWindow            *shortcuts_window;
};

G_DEFINE_FINAL_TYPE (OrgaWindow, orga_window, ADW_TYPE_APPLICATION_WINDOW)

enum {
  PROP_0,
  PROP_CONTEXT,
  PROP_CONNECTION,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
welcome_created_cb (OrgaWindow       *self,
                    OrgaOrganization *organization)
{
  orga_window_show_page (self, "students");
}

/* Only a first run shows the welcome page: it is built then, and so is
 * its header bar, which cost 1.3 M instructions before every first frame
 * when the template made it. */
static void
ensure_welcome_page (OrgaWindow *self)
{
  GtkWidget *header_bar;
  GtkWidget *page;

  if (adw_bin_get_child (self->welcome_bin) != NULL)
    return;

  header_bar = adw_header_bar_new ();
  adw_header_bar_set_title_widget (ADW_HEADER_BAR (header_bar), adw_window_title_new ("PixOrga", NULL));
  gtk_box_prepend (GTK_BOX (self->welcome_box), header_bar);

  page = g_object_new (ORGA_TYPE_WELCOME_PAGE, "context", self->context,
                       "connection", self->connection, NULL);
  g_signal_connect_object (page, "created", G_CALLBACK (welcome_created_cb), self, G_CONNECT_SWAPPED);
  adw_bin_set_child (self->welcome_bin, page);
}

static void
update_space (OrgaWindow *self)
{
  OrgaOrganization *organization = self->context ? orga_context_get_organization (self->context) : NULL;
  g_autofree char *title = NULL;

  /* The welcome page's header bar is hidden but on a first run: a stack
   * page not shown still has its styles computed for the first frame. The
   * stack switches to no hidden page, and keeps a picture of the one it
   * leaves for its crossfade. */
  if (organization == NULL)
    {
      ensure_welcome_page (self);
      gtk_widget_set_visible (self->welcome_box, TRUE);
      gtk_stack_set_visible_child_name (self->main_stack, "welcome");
      return;
    }

  title = orga_organization_dup_title (organization);
  gtk_label_set_label (self->space_subtitle, title);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->space_subtitle), title);
  gtk_widget_set_visible (GTK_WIDGET (self->space_subtitle), TRUE);
  gtk_stack_set_visible_child_name (self->main_stack, "space");
  gtk_widget_set_visible (self->welcome_box, FALSE);
}

/* The pages but Élèves are built when first shown, each in the empty
 * AdwBin that holds its place in the stack: the first frame shows the
 * Élèves page alone, and many days no other page is opened. */
static void
ensure_page (OrgaWindow *self)
{
  GtkWidget *bin = gtk_stack_get_visible_child (self->pages);
  const char *name = gtk_stack_get_visible_child_name (self->pages);
  GtkWidget *page = NULL;

  if (bin == NULL || G_OBJECT_TYPE (bin) != ADW_TYPE_BIN || adw_bin_get_child (ADW_BIN (bin)) != NULL)
    return;

  if (g_strcmp0 (name, "campaigns") == 0)
    page = g_object_new (ORGA_TYPE_CAMPAIGNS_PAGE, "context", self->context, NULL);
  else if (g_strcmp0 (name, "certifications") == 0)
    page = g_object_new (ORGA_TYPE_CERTIFICATIONS_PAGE, "context", self->context, NULL);
  else if (g_strcmp0 (name, "team") == 0)
    page = g_object_new (ORGA_TYPE_TEAM_PAGE, "connection", self->connection, NULL);
  else if (g_strcmp0 (name, "documentation") == 0)
    page = g_object_new (ORGA_TYPE_DOCUMENTATION_PAGE, "context", self->context, NULL);
  g_return_if_fail (page != NULL);

  adw_bin_set_child (ADW_BIN (bin), page);
}

static void
update_page_title (OrgaWindow *self)
{
  GtkWidget *child = gtk_stack_get_visible_child (self->pages);
  GtkStackPage *page = child ? gtk_stack_get_page (self->pages, child) : NULL;

  adw_window_title_set_title (self->page_title, page ? gtk_stack_page_get_title (page) : "");
}

static GtkWidget *
create_sidebar_row (GtkStackPage *page)
{
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *icon = gtk_image_new_from_icon_name (gtk_stack_page_get_icon_name (page));
  GtkWidget *label = gtk_label_new (gtk_stack_page_get_title (page));

  gtk_widget_set_margin_start (box, 6);
  gtk_widget_set_margin_end (box, 6);
  gtk_widget_set_margin_top (box, 6);
  gtk_widget_set_margin_bottom (box, 6);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_accessible_update_property (GTK_ACCESSIBLE (icon), GTK_ACCESSIBLE_PROPERTY_LABEL, "", -1);
  gtk_box_append (GTK_BOX (box), icon);
  gtk_box_append (GTK_BOX (box), label);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  gtk_stack_page_get_title (page), -1);
  g_object_set_data_full (G_OBJECT (row), "page-name", g_strdup (gtk_stack_page_get_name (page)), g_free);

  return row;
}

static void
sidebar_row_activated_cb (OrgaWindow    *self,
                          GtkListBoxRow *row)
{
  const char *name = g_object_get_data (G_OBJECT (row), "page-name");

  gtk_stack_set_visible_child_name (self->pages, name);
  adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_FORWARD);
}

static void
select_sidebar_row (OrgaWindow *self,
                    const char *name)
{
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->sidebar_list));
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      if (GTK_IS_LIST_BOX_ROW (child) &&
          g_strcmp0 (g_object_get_data (G_OBJECT (child), "page-name"), name) == 0)
        {
          gtk_list_box_select_row (self->sidebar_list, GTK_LIST_BOX_ROW (child));
          return;
        }
    }
}

static void
back_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  adw_leaflet_navigate (ORGA_WINDOW (widget)->leaflet, ADW_NAVIGATION_DIRECTION_BACK);
}

static void
import_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  OrgaWindow *self = ORGA_WINDOW (widget);

  if (orga_context_get_organization (self->context) == NULL)
    return;

  orga_window_show_page (self, "students");
  gtk_widget_activate_action (GTK_WIDGET (self->students_page), "students.import", NULL);
}

/* Alt+1…5, F1 and the guide's buttons: a page of the sidebar by its
 * name in the stack ("students", "campaigns", "team"…). Not before the
 * school exists: the welcome page has no sidebar. */
static void
show_page_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  OrgaWindow *self = ORGA_WINDOW (widget);
  const char *name = g_variant_get_string (parameter, NULL);

  if (orga_context_get_organization (self->context) == NULL)
    return;
  g_return_if_fail (gtk_stack_get_child_by_name (self->pages, name) != NULL);

  orga_window_show_page (self, name);
}

static void
preferences_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  OrgaWindow *self = ORGA_WINDOW (widget);

  gtk_window_present (GTK_WINDOW (orga_preferences_window_new (GTK_WINDOW (self), self->connection)));
}

/* Built on demand and destroyed when closed, unlike GtkApplication's help
 * overlay: see the note in pixorga.gresource.xml. */
static void
show_help_overlay_action (GtkWidget  *widget,
                          const char *action_name,
                          GVariant   *parameter)
{
  OrgaWindow *self = ORGA_WINDOW (widget);
  g_autoptr(GtkBuilder) builder = NULL;

  if (self->shortcuts_window == NULL)
    {
      builder = gtk_builder_new_from_resource ("/io/github/pixorga/PixOrga/ui/orga-shortcuts-window.ui");
      self->shortcuts_window = GTK_WINDOW (gtk_builder_get_object (builder, "help_overlay"));
      g_object_add_weak_pointer (G_OBJECT (self->shortcuts_window), (gpointer *) &self->shortcuts_window);
      gtk_window_set_transient_for (self->shortcuts_window, GTK_WINDOW (self));
      orga_widget_fit_to_parent (self->shortcuts_window);
      gtk_window_set_destroy_with_parent (self->shortcuts_window, TRUE);
      orga_widget_name_search (GTK_WIDGET (self->shortcuts_window), _("Search Shortcuts"));
    }

  gtk_window_present (self->shortcuts_window);
}

static void
sign_in_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  OrgaWindow *self = ORGA_WINDOW (widget);

  gtk_window_present (GTK_WINDOW (orga_join_dialog_new (GTK_WINDOW (self), self->connection, NULL)));
}

static void
sign_out_done_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(OrgaWindow) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!orga_connection_sign_out_finish (ORGA_CONNECTION (source), result, &error))
    orga_widget_show_message (GTK_WIDGET (self), _("Could not sign out"), error->message);
  else
    orga_widget_add_toast (GTK_WIDGET (self), adw_toast_new (_("You are signed out. The space stays on this computer.")));
}

static void
sign_out_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  OrgaWindow *self = ORGA_WINDOW (widget);

  if (orga_connection_get_account (self->connection) == NULL)
    return;
  orga_connection_sign_out_async (self->connection, NULL, sign_out_done_cb, g_object_ref (self));
}

static void
sync_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  OrgaWindow *self = ORGA_WINDOW (widget);

  if (self->sync_controller != NULL)
    orga_sync_controller_request (self->sync_controller);
}

static void
sync_state_changed_cb (OrgaWindow *self)
{
  gboolean applicable = orga_sync_controller_get_state (self->sync_controller) != ORGA_SYNC_STATE_NOT_APPLICABLE;

  orga_widget_action_set_enabled (GTK_WIDGET (self), "win.sync", applicable);
  orga_widget_action_set_enabled (GTK_WIDGET (self), "win.sync-details", applicable);
}

/* A sync toast's "Détails": the status's popover, in the content's
 * header, which a folded window shows once a page is open. */
static void
sync_details_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  OrgaWindow *self = ORGA_WINDOW (widget);

  if (!gtk_widget_get_visible (GTK_WIDGET (self->sync_indicator)))
    return;
  adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_FORWARD);
  orga_sync_indicator_popup (self->sync_indicator);
}

/* The drop zone is made when a file is first dragged over the window:
 * built with the window, its status page cost some instructions before
 * the first frame that most days never shows it. */
static void
ensure_drop_zone (OrgaWindow *self)
{
  GtkWidget *page;

  if (gtk_revealer_get_child (self->drop_revealer) != NULL)
    return;

  page = adw_status_page_new ();
  adw_status_page_set_icon_name (ADW_STATUS_PAGE (page), "document-send-symbolic");
  adw_status_page_set_title (ADW_STATUS_PAGE (page), _("Drop the File to Import the Students"));
  adw_status_page_set_description (ADW_STATUS_PAGE (page), _("SIECLE export (.zip or .xml) or Fregata export (.csv)"));
  gtk_widget_add_css_class (page, "drop-zone");
  gtk_revealer_set_child (self->drop_revealer, page);
}

static GdkDragAction
drop_enter_cb (OrgaWindow     *self,
               double          x,
               double          y,
               GtkDropTarget  *target)
{
  if (orga_context_get_organization (self->context) == NULL)
    return 0;

  ensure_drop_zone (self);
  gtk_widget_set_visible (GTK_WIDGET (self->drop_revealer), TRUE);
  gtk_revealer_set_reveal_child (self->drop_revealer, TRUE);
  return GDK_ACTION_COPY;
}

/* The drop zone is hidden once faded out, so that no frame measures it. */
static void
drop_revealed_cb (OrgaWindow *self)
{
  if (!gtk_revealer_get_reveal_child (self->drop_revealer) &&
      !gtk_revealer_get_child_revealed (self->drop_revealer))
    gtk_widget_set_visible (GTK_WIDGET (self->drop_revealer), FALSE);
}

static void
drop_leave_cb (OrgaWindow    *self,
               GtkDropTarget *target)
{
  gtk_revealer_set_reveal_child (self->drop_revealer, FALSE);
}

static gboolean
drop_cb (OrgaWindow    *self,
         const GValue  *value,
         double         x,
         double         y,
         GtkDropTarget *target)
{
  GSList *files;

  gtk_revealer_set_reveal_child (self->drop_revealer, FALSE);

  if (!G_VALUE_HOLDS (value, GDK_TYPE_FILE_LIST) || orga_context_get_organization (self->context) == NULL)
    return FALSE;

  files = gdk_file_list_get_files (g_value_get_boxed (value));
  if (files == NULL)
    return FALSE;

  /* One list at a time: the first file is the export. */
  orga_window_import_file (self, files->data);
  g_slist_free (files);
  return TRUE;
}

static gboolean
orga_window_close_request (GtkWindow *window)
{
  OrgaWindow *self = ORGA_WINDOW (window);
  GSettings *settings = self->context ? orga_context_get_settings (self->context) : NULL;

  if (settings != NULL)
    {
      int width, height;

      gtk_window_get_default_size (window, &width, &height);
      g_settings_set_int (settings, "window-width", width);
      g_settings_set_int (settings, "window-height", height);
      g_settings_set_boolean (settings, "window-maximized", gtk_window_is_maximized (window));
    }

  return GTK_WINDOW_CLASS (orga_window_parent_class)->close_request (window);
}

static void
orga_window_constructed (GObject *object)
{
  OrgaWindow *self = (OrgaWindow *)object;
  GSettings *settings = orga_context_get_settings (self->context);

  G_OBJECT_CLASS (orga_window_parent_class)->constructed (object);

  /* A window made without one (tests): the token in the keyring. */
  if (self->connection == NULL)
    {
      self->connection = orga_connection_new (self->context, NULL);
      g_object_notify_by_pspec (object, properties[PROP_CONNECTION]);
    }

  /* Syncs the school while the window is open; stops with it. */
  self->sync_controller = orga_sync_controller_new (self->connection);
  orga_sync_indicator_set_controller (self->sync_indicator, self->sync_controller);
  g_signal_connect_object (self->sync_controller, "notify::state", G_CALLBACK (sync_state_changed_cb),
                           self, G_CONNECT_SWAPPED);
  sync_state_changed_cb (self);

  if (settings != NULL)
    {
      gtk_window_set_default_size (GTK_WINDOW (self),
                                   g_settings_get_int (settings, "window-width"),
                                   g_settings_get_int (settings, "window-height"));
      if (g_settings_get_boolean (settings, "window-maximized"))
        gtk_window_maximize (GTK_WINDOW (self));
    }

  g_signal_connect_object (self->context, "notify::organization", G_CALLBACK (update_space),
                           self, G_CONNECT_SWAPPED);
  update_space (self);
}

static void
orga_window_dispose (GObject *object)
{
  OrgaWindow *self = (OrgaWindow *)object;

  if (self->sync_indicator != NULL)
    orga_sync_indicator_set_controller (self->sync_indicator, NULL);
  /* Its run is cancelled: nothing of it reaches a window going away. */
  g_clear_object (&self->sync_controller);
  if (self->shortcuts_window != NULL)
    {
      GtkWindow *shortcuts = g_steal_pointer (&self->shortcuts_window);

      g_object_remove_weak_pointer (G_OBJECT (shortcuts), (gpointer *) &self->shortcuts_window);
      gtk_window_destroy (shortcuts);
    }
  gtk_widget_dispose_template (GTK_WIDGET (self), ORGA_TYPE_WINDOW);
  g_clear_object (&self->context);
  g_clear_object (&self->connection);

  G_OBJECT_CLASS (orga_window_parent_class)->dispose (object);
}

static void
orga_window_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  OrgaWindow *self = ORGA_WINDOW (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      g_value_set_object (value, self->context);
      break;
    case PROP_CONNECTION:
      g_value_set_object (value, self->connection);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
orga_window_set_property (GObject      *object,
                          guint         prop_id,
                          const GValue *value,
                          GParamSpec   *pspec)
{
  OrgaWindow *self = ORGA_WINDOW (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      self->context = g_value_dup_object (value);
      break;
    case PROP_CONNECTION:
      self->connection = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

/* A row of a student's page: the campaign's page, on the result of the
 * student's participation. Parameter (campaign id, learner id). */
static void
show_participation_action (GtkWidget  *widget,
                           const char *action_name,
                           GVariant   *parameter)
{
  OrgaWindow *self = ORGA_WINDOW (widget);
  g_autoptr(OrgaCampaign) campaign = NULL;
  g_autoptr(GError) error = NULL;
  GtkWidget *bin;
  gint64 campaign_id, learner_id;

  g_variant_get (parameter, "(xx)", &campaign_id, &learner_id);
  campaign = orga_store_get_campaign (orga_context_get_store (self->context), campaign_id, &error);
  if (campaign == NULL)
    {
      orga_widget_show_message (widget, _("This participation cannot be shown"), error->message);
      return;
    }

  /* Showing the page builds it (ensure_page()). */
  orga_window_show_page (self, "campaigns");
  bin = gtk_stack_get_child_by_name (self->pages, "campaigns");
  g_return_if_fail (ADW_IS_BIN (bin) && ORGA_IS_CAMPAIGNS_PAGE (adw_bin_get_child (ADW_BIN (bin))));
  orga_campaigns_page_show_participation (ORGA_CAMPAIGNS_PAGE (adw_bin_get_child (ADW_BIN (bin))), campaign, learner_id);
}

/* The page @name, built if need be (ensure_page()), or NULL. */
static GtkWidget *
show_built_page (OrgaWindow *self,
                 const char *name)
{
  GtkWidget *bin = gtk_stack_get_child_by_name (self->pages, name);

  if (bin == NULL)
    return NULL;
  orga_window_show_page (self, name);
  if (bin == GTK_WIDGET (self->students_page))
    return bin;
  g_return_val_if_fail (ADW_IS_BIN (bin), NULL);
  return adw_bin_get_child (ADW_BIN (bin));
}

/* A view of the Certifications page: "readiness", "sessions" or
 * "results". */
static void
show_cert_view (OrgaWindow *self,
                const char *view)
{
  GtkWidget *page = show_built_page (self, "certifications");
  AdwViewStack *stack;

  g_return_if_fail (ORGA_IS_CERTIFICATIONS_PAGE (page));
  stack = orga_certifications_page_get_stack (ORGA_CERTIFICATIONS_PAGE (page));
  if (adw_view_stack_get_child_by_name (stack, view) != NULL)
    adw_view_stack_set_visible_child_name (stack, view);
}

/* "Archiver d'abord" of the import warning: the Certifications page's
 * Résultats view, where "Archiver l'année scolaire" is. */
static void
show_cert_results_action (GtkWidget  *widget,
                          const char *action_name,
                          GVariant   *parameter)
{
  show_cert_view (ORGA_WINDOW (widget), "results");
}

/* The guide's buttons: "readiness", "sessions" or "results". */
static void
show_cert_view_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  show_cert_view (ORGA_WINDOW (widget), g_variant_get_string (parameter, NULL));
}

/* The guide's back-to-school step: the Campagnes page's creation form. */
static void
create_campaign_action (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  OrgaWindow *self = ORGA_WINDOW (widget);
  GtkWidget *page;

  if (orga_context_get_organization (self->context) == NULL)
    return;
  page = show_built_page (self, "campaigns");
  g_return_if_fail (ORGA_IS_CAMPAIGNS_PAGE (page));
  gtk_widget_activate_action (page, "campaigns.create", NULL);
}

static void
orga_window_class_init (OrgaWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->constructed = orga_window_constructed;
  object_class->dispose = orga_window_dispose;
  object_class->get_property = orga_window_get_property;
  object_class->set_property = orga_window_set_property;
  window_class->close_request = orga_window_close_request;

  properties[PROP_CONTEXT] =
    g_param_spec_object ("context", NULL, NULL, ORGA_TYPE_CONTEXT,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_CONNECTION] =
    g_param_spec_object ("connection", NULL, NULL, ORGA_TYPE_CONNECTION,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (ORGA_TYPE_STUDENTS_PAGE);
  g_type_ensure (ORGA_TYPE_ACCOUNT_MENU);
  g_type_ensure (ORGA_TYPE_SYNC_INDICATOR);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/pixorga/PixOrga/ui/orga-window.ui");
  gtk_widget_class_bind_template_child (widget_class, OrgaWindow, menu_button);
  gtk_widget_class_bind_template_child (widget_class, OrgaWindow, primary_menu);
  gtk_widget_class_bind_template_child (widget_class, OrgaWindow, drop_revealer);
  gtk_widget_class_bind_template_child (widget_class, OrgaWindow, main_stack);
  gtk_widget_class_bind_template_child (widget_class, OrgaWindow, welcome_box);
  gtk_widget_class_bind_template_child (widget_class, OrgaWindow, welcome_bin);
  gtk_widget_class_bind_template_child (widget_class, OrgaWindow, leaflet);
  gtk_widget_class_bind_template_child (widget_class, OrgaWindow, sidebar_list);
  gtk_widget_class_bind_template_child (widget_class, OrgaWindow, space_subtitle);
  gtk_widget_class_bind_template_child (widget_class, OrgaWindow, page_title);
  gtk_widget_class_bind_template_child (widget_class, OrgaWindow, pages);
  gtk_widget_class_bind_template_child (widget_class, OrgaWindow, students_page);
  gtk_widget_class_bind_template_child (widget_class, OrgaWindow, account_menu);
  gtk_widget_class_bind_template_child (widget_class, OrgaWindow, sync_indicator);
  gtk_widget_class_bind_template_callback (widget_class, sidebar_row_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, drop_revealed_cb);

  gtk_widget_class_install_action (widget_class, "win.back", NULL, back_action);
  gtk_widget_class_install_action (widget_class, "win.import", NULL, import_action);
  gtk_widget_class_install_action (widget_class, "win.sign-in", NULL, sign_in_action);
  gtk_widget_class_install_action (widget_class, "win.sign-out", NULL, sign_out_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_o, GDK_CONTROL_MASK, "win.import", NULL);
  gtk_widget_class_install_action (widget_class, "win.sync", NULL, sync_action);
  gtk_widget_class_install_action (widget_class, "win.sync-details", NULL, sync_details_action);
  gtk_widget_class_install_action (widget_class, "win.show-participation", "(xx)", show_participation_action);
  gtk_widget_class_install_action (widget_class, "win.show-cert-results", NULL, show_cert_results_action);
  gtk_widget_class_install_action (widget_class, "win.show-cert-view", "s", show_cert_view_action);
  gtk_widget_class_install_action (widget_class, "win.create-campaign", NULL, create_campaign_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_r, GDK_CONTROL_MASK, "win.sync", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F5, 0, "win.sync", NULL);

  /* The sidebar's pages in its order; the shortcuts window (orga-shortcuts-window.ui)
   * lists these. */
  gtk_widget_class_install_action (widget_class, "win.show-page", "s", show_page_action);
  gtk_widget_class_install_action (widget_class, "win.preferences", NULL, preferences_action);
  gtk_widget_class_install_action (widget_class, "win.show-help-overlay", NULL, show_help_overlay_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_1, GDK_ALT_MASK, "win.show-page", "s", "campaigns");
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_2, GDK_ALT_MASK, "win.show-page", "s", "certifications");
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_3, GDK_ALT_MASK, "win.show-page", "s", "students");
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_4, GDK_ALT_MASK, "win.show-page", "s", "team");
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_5, GDK_ALT_MASK, "win.show-page", "s", "documentation");
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F1, 0, "win.show-page", "s", "documentation");
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_comma, GDK_CONTROL_MASK, "win.preferences", NULL);
}

/* The main menu's popover is made when it first opens: made with the
 * window, it cost some 4 M instructions before the first frame. */
static void
create_primary_menu_cb (GtkMenuButton *button,
                        gpointer       user_data)
{
  OrgaWindow *self = user_data;

  if (gtk_menu_button_get_menu_model (button) == NULL)
    gtk_menu_button_set_menu_model (button, self->primary_menu);
}

static void
orga_window_init (OrgaWindow *self)
{
  GtkDropTarget *target;
  guint n_pages;
  g_autoptr(GtkSelectionModel) pages = NULL;

  gtk_widget_init_template (GTK_WIDGET (self));
  /* The button is part of the window: it never outlives it. */
  gtk_menu_button_set_create_popup_func (self->menu_button, create_primary_menu_cb, self, NULL);

  /* The sidebar lists the stack's pages, in Pix Orga's order. */
  pages = gtk_stack_get_pages (self->pages);
  n_pages = g_list_model_get_n_items (G_LIST_MODEL (pages));
  for (guint i = 0; i < n_pages; i++)
    {
      g_autoptr(GObject) page = g_list_model_get_item (G_LIST_MODEL (pages), i);

      gtk_list_box_append (self->sidebar_list, create_sidebar_row (GTK_STACK_PAGE (page)));
    }

  g_signal_connect_object (self->pages, "notify::visible-child", G_CALLBACK (ensure_page),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->pages, "notify::visible-child", G_CALLBACK (update_page_title),
                           self, G_CONNECT_SWAPPED);
  orga_window_show_page (self, "students");

  target = gtk_drop_target_new (GDK_TYPE_FILE_LIST, GDK_ACTION_COPY);
  g_signal_connect_object (target, "enter", G_CALLBACK (drop_enter_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (target, "leave", G_CALLBACK (drop_leave_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (target, "drop", G_CALLBACK (drop_cb), self, G_CONNECT_SWAPPED);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (target));
}

OrgaWindow *
orga_window_new (AdwApplication *application,
                 OrgaContext    *context)
{
  return g_object_new (ORGA_TYPE_WINDOW, "application", application, "context", context, NULL);
}

OrgaWindow *
orga_window_new_with_connection (AdwApplication *application,
                                 OrgaConnection *connection)
{
  g_return_val_if_fail (ORGA_IS_CONNECTION (connection), NULL);

  return g_object_new (ORGA_TYPE_WINDOW, "application", application,
                       "context", orga_connection_get_context (connection),
                       "connection", connection, NULL);
}

OrgaSyncController *
orga_window_get_sync_controller (OrgaWindow *self)
{
  g_return_val_if_fail (ORGA_IS_WINDOW (self), NULL);
  return self->sync_controller;
}

OrgaSyncIndicator *
orga_window_get_sync_indicator (OrgaWindow *self)
{
  g_return_val_if_fail (ORGA_IS_WINDOW (self), NULL);
  return self->sync_indicator;
}

OrgaConnection *
orga_window_get_connection (OrgaWindow *self)
{
  g_return_val_if_fail (ORGA_IS_WINDOW (self), NULL);
  return self->connection;
}

/* pixorga://rejoindre?…: the invitation's dialog over the window. */
void
orga_window_open_invitation (OrgaWindow *self,
                             const char *link)
{
  g_return_if_fail (ORGA_IS_WINDOW (self));
  g_return_if_fail (link != NULL);

  gtk_window_present (GTK_WINDOW (orga_join_dialog_new (GTK_WINDOW (self), self->connection, link)));
}

OrgaContext *
orga_window_get_context (OrgaWindow *self)
{
  g_return_val_if_fail (ORGA_IS_WINDOW (self), NULL);
  return self->context;
}

void
orga_window_show_page (OrgaWindow *self,
                       const char *name)
{
  g_return_if_fail (ORGA_IS_WINDOW (self));

  gtk_stack_set_visible_child_name (self->pages, name);
  select_sidebar_row (self, name);
  update_page_title (self);
  adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_FORWARD);
}

/* From the command line, "Open with", or a drop on the window. */
void
orga_window_import_file (OrgaWindow *self,
                         GFile      *file)
{
  g_return_if_fail (ORGA_IS_WINDOW (self));
  g_return_if_fail (G_IS_FILE (file));

  if (orga_context_get_organization (self->context) == NULL)
    return;

  orga_window_show_page (self, "students");
  orga_students_page_import_file (self->students_page, file);
}
