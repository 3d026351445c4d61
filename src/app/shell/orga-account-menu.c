/* orga-account-menu.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "orga-account-menu"

#include "config.h"

#include <glib/gi18n.h>

#include "orga-account-menu.h"
#include "orga-widget-util.h"

struct _OrgaAccountMenu
{
  AdwBin          parent_instance;

  /* template widgets */
  GtkMenuButton  *button;

  /* the popover's, NULL until it is first opened */
  GtkBuilder     *builder;
  GtkPopover     *popover;
  GtkLabel       *name_label;
  GtkLabel       *space_label;
  GtkWidget      *switcher_box;
  GtkListBox     *spaces_list;
  GtkWidget      *sign_in_button;
  GtkWidget      *sign_out_button;

  /* owned */
  OrgaConnection *connection;
};

G_DEFINE_FINAL_TYPE (OrgaAccountMenu, orga_account_menu, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_CONNECTION,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void update_popover (OrgaAccountMenu *self);

static GtkWidget *
create_space_row (gpointer item,
                  gpointer user_data)
{
  OrgaAccountMenu *self = user_data;
  OrgaSpace *space = item;
  OrgaSpace *current = orga_connection_get_current_space (self->connection);
  g_autofree char *title = orga_space_dup_title (space);
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *label = gtk_label_new (title);
  GtkWidget *check = gtk_image_new_from_icon_name ("object-select-symbolic");

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_widget_set_hexpand (label, TRUE);
  gtk_box_append (GTK_BOX (box), label);
  gtk_box_append (GTK_BOX (box), check);
  gtk_widget_set_opacity (check, current != NULL && g_strcmp0 (orga_space_get_id (current), orga_space_get_id (space)) == 0);
  gtk_accessible_update_property (GTK_ACCESSIBLE (check), GTK_ACCESSIBLE_PROPERTY_LABEL, "", -1);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_LABEL, title, -1);
  g_object_set_data_full (G_OBJECT (row), "space", g_object_ref (space), g_object_unref);
  return row;
}

static void
update (OrgaAccountMenu *self)
{
  /* The tooltip names who is signed in; the rest waits for the popover. */
  OrgaAccount *account = self->connection ? orga_connection_get_account (self->connection) : NULL;
  g_autofree char *name = account ? orga_account_dup_display_name (account) : NULL;
  g_autofree char *tooltip = name ? g_strdup_printf (_("Account: %s"), name) : g_strdup (_("Account"));

  gtk_widget_set_tooltip_text (GTK_WIDGET (self->button), tooltip);
  if (self->popover != NULL)
    update_popover (self);
}

static void
update_popover (OrgaAccountMenu *self)
{
  OrgaAccount *account = self->connection ? orga_connection_get_account (self->connection) : NULL;
  OrgaContext *context = self->connection ? orga_connection_get_context (self->connection) : NULL;
  OrgaOrganization *organization = context ? orga_context_get_organization (context) : NULL;
  GListModel *spaces = self->connection ? orga_connection_get_spaces (self->connection) : NULL;
  g_autofree char *name = account ? orga_account_dup_display_name (account) : NULL;
  g_autofree char *space = organization ? orga_organization_dup_title (organization) : NULL;

  gtk_label_set_label (self->name_label, name ? name : _("Not signed in"));
  if (account == NULL && space != NULL)
    {
      g_autofree char *text = g_strdup_printf (_("%s, on this computer only"), space);
      gtk_label_set_label (self->space_label, text);
    }
  else
    gtk_label_set_label (self->space_label, space ? space : "");
  gtk_widget_set_visible (GTK_WIDGET (self->space_label), space != NULL);

  /* The switcher only when there is something to switch to. */
  gtk_widget_set_visible (self->switcher_box,
                          account != NULL && spaces != NULL && g_list_model_get_n_items (spaces) > 1);
  if (self->connection != NULL)
    gtk_list_box_bind_model (self->spaces_list, spaces, create_space_row, self, NULL);

  gtk_widget_set_visible (self->sign_in_button, account == NULL);
  gtk_widget_set_visible (self->sign_out_button, account != NULL);
}

static void
space_activated_cb (OrgaAccountMenu *self,
                    GtkListBoxRow   *row)
{
  OrgaSpace *space = g_object_get_data (G_OBJECT (row), "space");
  g_autoptr(GError) error = NULL;

  gtk_popover_popdown (self->popover);
  if (space == NULL || self->connection == NULL)
    return;

  if (!orga_connection_switch_space (self->connection, space, &error))
    orga_widget_show_message (GTK_WIDGET (self), _("The space could not be opened"), error->message);
}

static void
ensure_popover (OrgaAccountMenu *self)
{
  if (self->popover != NULL)
    return;

  self->builder = gtk_builder_new_from_resource ("/io/github/pixorga/PixOrga/ui/orga-account-popover.ui");
  self->popover = GTK_POPOVER (gtk_builder_get_object (self->builder, "popover"));
  self->name_label = GTK_LABEL (gtk_builder_get_object (self->builder, "name_label"));
  self->space_label = GTK_LABEL (gtk_builder_get_object (self->builder, "space_label"));
  self->switcher_box = GTK_WIDGET (gtk_builder_get_object (self->builder, "switcher_box"));
  self->spaces_list = GTK_LIST_BOX (gtk_builder_get_object (self->builder, "spaces_list"));
  self->sign_in_button = GTK_WIDGET (gtk_builder_get_object (self->builder, "sign_in_button"));
  self->sign_out_button = GTK_WIDGET (gtk_builder_get_object (self->builder, "sign_out_button"));
  g_signal_connect_object (self->spaces_list, "row-activated", G_CALLBACK (space_activated_cb),
                           self, G_CONNECT_SWAPPED);
  gtk_menu_button_set_popover (self->button, GTK_WIDGET (self->popover));
  update_popover (self);
}

static void
create_popup_cb (GtkMenuButton *button,
                 gpointer       user_data)
{
  ensure_popover (ORGA_ACCOUNT_MENU (user_data));
}

static void
orga_account_menu_dispose (GObject *object)
{
  OrgaAccountMenu *self = (OrgaAccountMenu *)object;

  if (self->connection != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->connection, self);
      g_signal_handlers_disconnect_by_data (orga_connection_get_context (self->connection), self);
    }
  /* The bin's child is a template child: out of the bin first, or the
   * bin unparents it again once the template has let it go. */
  adw_bin_set_child (ADW_BIN (self), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), ORGA_TYPE_ACCOUNT_MENU);
  g_clear_object (&self->connection);
  g_clear_object (&self->builder);
  self->popover = NULL;

  G_OBJECT_CLASS (orga_account_menu_parent_class)->dispose (object);
}

static void
orga_account_menu_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  OrgaAccountMenu *self = ORGA_ACCOUNT_MENU (object);

  switch (prop_id)
    {
    case PROP_CONNECTION:
      g_value_set_object (value, self->connection);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
orga_account_menu_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  OrgaAccountMenu *self = ORGA_ACCOUNT_MENU (object);

  switch (prop_id)
    {
    case PROP_CONNECTION:
      orga_account_menu_set_connection (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
orga_account_menu_class_init (OrgaAccountMenuClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = orga_account_menu_dispose;
  object_class->get_property = orga_account_menu_get_property;
  object_class->set_property = orga_account_menu_set_property;

  properties[PROP_CONNECTION] =
    g_param_spec_object ("connection", NULL, NULL, ORGA_TYPE_CONNECTION,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/pixorga/PixOrga/ui/orga-account-menu.ui");
  gtk_widget_class_bind_template_child (widget_class, OrgaAccountMenu, button);
}

static void
orga_account_menu_init (OrgaAccountMenu *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  /* The button is part of the menu: it never outlives it. */
  gtk_menu_button_set_create_popup_func (self->button, create_popup_cb, self, NULL);
  update (self);
}

void
orga_account_menu_set_connection (OrgaAccountMenu *self,
                                  OrgaConnection  *connection)
{
  g_return_if_fail (ORGA_IS_ACCOUNT_MENU (self));

  if (self->connection == connection)
    return;

  if (self->connection != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->connection, self);
      g_signal_handlers_disconnect_by_data (orga_connection_get_context (self->connection), self);
    }
  g_set_object (&self->connection, connection);
  if (self->connection != NULL)
    {
      g_signal_connect_object (self->connection, "notify::account", G_CALLBACK (update), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (self->connection, "notify::current-space", G_CALLBACK (update), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (orga_connection_get_context (self->connection), "notify::organization",
                               G_CALLBACK (update), self, G_CONNECT_SWAPPED);
    }
  update (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CONNECTION]);
}

void
orga_account_menu_popup (OrgaAccountMenu *self)
{
  g_return_if_fail (ORGA_IS_ACCOUNT_MENU (self));
  gtk_menu_button_popup (self->button);
}

GObject *
orga_account_menu_get_popover_object (OrgaAccountMenu *self,
                                      const char      *id)
{
  g_return_val_if_fail (ORGA_IS_ACCOUNT_MENU (self), NULL);

  ensure_popover (self);
  return gtk_builder_get_object (self->builder, id);
}
