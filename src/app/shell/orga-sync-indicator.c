/* orga-sync-indicator.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "orga-sync-indicator"

#include "config.h"

#include <glib/gi18n.h>

#include "orga-format.h"
#include "orga-store-sync.h"
#include "orga-sync-indicator.h"
#include "orga-widget-util.h"

/* Long enough to read a refusal and reach "Détails". */
#define NOTICE_TOAST_TIMEOUT 10

struct _OrgaSyncIndicator
{
  AdwBin              parent_instance;

  /* template widgets */
  GtkMenuButton      *button;
  GtkStack           *icon_stack;
  GtkImage           *icon;
  GtkSpinner         *spinner;
  GtkLabel           *state_label;

  /* orga-sync-indicator-popover.ui, built when the popover first opens
   * (ensure_popover()); NULL until then */
  GtkBuilder         *builder;
  GtkPopover         *popover;
  GtkLabel           *title_label;
  GtkLabel           *last_label;
  GtkLabel           *details_label;
  GtkWidget          *notices_box;
  GtkListBox         *notices_list;
  GtkButton          *sync_button;

  /* owned */
  OrgaSyncController *controller;
  char               *details;
};

G_DEFINE_FINAL_TYPE (OrgaSyncIndicator, orga_sync_indicator, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_CONTROLLER,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

char *
orga_sync_indicator_format_last_success (GDateTime *time,
                                         GDateTime *now)
{
  g_autofree char *clock = NULL;
  g_autofree char *day = NULL;

  g_return_val_if_fail (time != NULL, NULL);

  /* As every time the window shows, the notices' beside it included. */
  clock = orga_format_time (g_date_time_to_unix (time), g_date_time_get_timezone (time));
  if (now != NULL &&
      g_date_time_get_year (time) == g_date_time_get_year (now) &&
      g_date_time_get_day_of_year (time) == g_date_time_get_day_of_year (now))
    /* TRANSLATORS: %s is a time of day, "14:32" */
    return g_strdup_printf (_("Last synced at %s"), clock);

  if (now != NULL && g_date_time_get_year (time) == g_date_time_get_year (now))
    day = orga_format_day_month (time, FALSE, FALSE);
  else
    day = orga_format_date (g_date_time_to_unix (time), NULL);

  /* TRANSLATORS: "Last synced on September 3 at 14:32" */
  return g_strdup_printf (_("Last synced on %s at %s"), day, clock);
}

static GtkWidget *
create_notice_row (const OrgaSyncNotice *notice)
{
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 3);
  GtkWidget *message = gtk_label_new (notice->message);
  g_autofree char *when = orga_format_iso_date_time (notice->created_at, NULL);
  GtkWidget *date = gtk_label_new (when);

  gtk_widget_set_margin_start (box, 9);
  gtk_widget_set_margin_end (box, 9);
  gtk_widget_set_margin_top (box, 6);
  gtk_widget_set_margin_bottom (box, 6);
  gtk_label_set_xalign (GTK_LABEL (message), 0);
  gtk_label_set_wrap (GTK_LABEL (message), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (message), PANGO_WRAP_WORD_CHAR);
  /* Narrower than the popover, or the list is measured for a wider
   * label than it shows, and the last line is cut. */
  gtk_label_set_max_width_chars (GTK_LABEL (message), 32);
  gtk_label_set_xalign (GTK_LABEL (date), 0);
  gtk_widget_add_css_class (date, "dim-label");
  gtk_widget_add_css_class (date, "caption");
  gtk_widget_set_visible (date, when != NULL);
  gtk_box_append (GTK_BOX (box), message);
  gtk_box_append (GTK_BOX (box), date);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_LABEL, notice->message, -1);
  return row;
}

static void
update_notices (OrgaSyncIndicator *self)
{
  GPtrArray *notices = self->controller ? orga_sync_controller_get_notices (self->controller) : NULL;
  GtkWidget *child;

  if (self->popover == NULL)
    return;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->notices_list))) != NULL)
    gtk_list_box_remove (self->notices_list, child);

  /* The newest first: the one the toast just told of. */
  for (guint i = notices ? notices->len : 0; i > 0; i--)
    gtk_list_box_append (self->notices_list, create_notice_row (g_ptr_array_index (notices, i - 1)));
  gtk_widget_set_visible (self->notices_box, notices != NULL && notices->len > 0);
}

static void
update (OrgaSyncIndicator *self)
{
  OrgaSyncState state = self->controller ? orga_sync_controller_get_state (self->controller)
                                         : ORGA_SYNC_STATE_NOT_APPLICABLE;
  GDateTime *last = self->controller ? orga_sync_controller_get_last_success (self->controller) : NULL;
  const char *error = self->controller ? orga_sync_controller_get_error_message (self->controller) : NULL;
  GPtrArray *notices = self->controller ? orga_sync_controller_get_notices (self->controller) : NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *last_text = NULL;
  g_autofree char *tooltip = NULL;
  g_autofree char *accessible = NULL;
  const char *label = "";
  const char *icon = "emblem-ok-symbolic";
  const char *details = NULL;
  gboolean retry = FALSE;

  switch (state)
    {
    case ORGA_SYNC_STATE_UP_TO_DATE:
      label = _("Up to Date");
      details = _("This computer has the school's latest changes, and the server has this computer's.");
      break;
    case ORGA_SYNC_STATE_SYNCING:
      label = _("Syncing…");
      details = _("Sending this computer's changes and receiving the others'.");
      break;
    case ORGA_SYNC_STATE_OFFLINE:
      label = _("Offline");
      icon = "network-offline-symbolic";
      details = _("The server cannot be reached. You can keep working: your changes are kept on this computer and will be sent when the network is back.");
      retry = TRUE;
      break;
    case ORGA_SYNC_STATE_ERROR:
      label = _("Error");
      icon = "dialog-warning-symbolic";
      details = error ? error : _("The sync failed.");
      retry = TRUE;
      break;
    case ORGA_SYNC_STATE_NOT_APPLICABLE:
    default:
      break;
    }

  gtk_widget_set_visible (GTK_WIDGET (self), state != ORGA_SYNC_STATE_NOT_APPLICABLE);

  if (state == ORGA_SYNC_STATE_SYNCING)
    {
      gtk_stack_set_visible_child_name (self->icon_stack, "spinner");
      gtk_spinner_start (self->spinner);
    }
  else
    {
      gtk_spinner_stop (self->spinner);
      gtk_image_set_from_icon_name (self->icon, icon);
      gtk_stack_set_visible_child_name (self->icon_stack, "icon");
    }
  /* A notice not yet seen shows on the button too, not by colour alone. */
  if (notices != NULL && notices->len > 0 && state != ORGA_SYNC_STATE_SYNCING)
    gtk_image_set_from_icon_name (self->icon, "dialog-warning-symbolic");

  gtk_label_set_label (self->state_label, label);

  last_text = last ? orga_sync_indicator_format_last_success (last, now)
                   : g_strdup (_("Never synced on this computer"));
  g_free (self->details);
  self->details = g_strdup (details);

  if (self->popover != NULL)
    {
      gtk_label_set_label (self->title_label, label);
      gtk_label_set_label (self->last_label, last_text);
      gtk_label_set_label (self->details_label, details ? details : "");
      gtk_widget_set_visible (GTK_WIDGET (self->details_label), details != NULL);

      gtk_button_set_label (self->sync_button, retry ? _("_Retry") : _("_Sync Now"));
      /* "Réessayer" is what to do next; "Synchroniser maintenant" is rarely needed. */
      if (retry)
        {
          gtk_widget_remove_css_class (GTK_WIDGET (self->sync_button), "flat");
          gtk_widget_add_css_class (GTK_WIDGET (self->sync_button), "suggested-action");
        }
      else
        {
          gtk_widget_remove_css_class (GTK_WIDGET (self->sync_button), "suggested-action");
          gtk_widget_add_css_class (GTK_WIDGET (self->sync_button), "flat");
        }
    }
  orga_widget_action_set_enabled (GTK_WIDGET (self), "sync.now", state != ORGA_SYNC_STATE_SYNCING &&
                                 state != ORGA_SYNC_STATE_NOT_APPLICABLE);

  /* TRANSLATORS: the sync button's tooltip, "Up to Date. Last synced at 14:32" */
  tooltip = g_strdup_printf (_("%s. %s"), label, last_text);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->button), tooltip);
  /* TRANSLATORS: the sync button's name for a screen reader, "Sync: Up to Date" */
  accessible = g_strdup_printf (_("Sync: %s"), label);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, accessible,
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, last_text,
                                  -1);
}

static void
notices_changed_cb (OrgaSyncIndicator *self)
{
  update_notices (self);
  update (self);
}

static void
notice_cb (OrgaSyncIndicator    *self,
           const OrgaSyncNotice *notice)
{
  AdwToast *toast;

  /* The toast says what happened; the message itself, long, waits in
   * the popover until seen. */
  if (g_strcmp0 (notice->kind, "import.overridden") == 0)
    toast = adw_toast_new (_("A more recent import was made on another computer"));
  else
    toast = adw_toast_new (_("The server refused a change"));
  adw_toast_set_button_label (toast, _("_Details"));
  adw_toast_set_action_name (toast, "win.sync-details");
  adw_toast_set_timeout (toast, NOTICE_TOAST_TIMEOUT);
  orga_widget_add_toast (GTK_WIDGET (self), toast);
}

/* Closing the popover is having seen its notices. */
static void
popover_closed_cb (OrgaSyncIndicator *self)
{
  if (self->controller != NULL)
    orga_sync_controller_mark_notices_seen (self->controller);
}

/* The popover is built when it first opens: the window's first frame has
 * no use for it, nor has a school that does not sync. */
static void
ensure_popover (OrgaSyncIndicator *self)
{
  if (self->popover != NULL)
    return;

  self->builder = gtk_builder_new_from_resource ("/io/github/pixorga/PixOrga/ui/orga-sync-indicator-popover.ui");
  self->popover = GTK_POPOVER (gtk_builder_get_object (self->builder, "popover"));
  self->title_label = GTK_LABEL (gtk_builder_get_object (self->builder, "title_label"));
  self->last_label = GTK_LABEL (gtk_builder_get_object (self->builder, "last_label"));
  self->details_label = GTK_LABEL (gtk_builder_get_object (self->builder, "details_label"));
  self->notices_box = GTK_WIDGET (gtk_builder_get_object (self->builder, "notices_box"));
  self->notices_list = GTK_LIST_BOX (gtk_builder_get_object (self->builder, "notices_list"));
  self->sync_button = GTK_BUTTON (gtk_builder_get_object (self->builder, "sync_button"));
  g_signal_connect_object (self->popover, "closed", G_CALLBACK (popover_closed_cb), self, G_CONNECT_SWAPPED);
  gtk_menu_button_set_popover (self->button, GTK_WIDGET (self->popover));
  update_notices (self);
  update (self);
}

static void
create_popup_cb (GtkMenuButton *button,
                 gpointer       user_data)
{
  ensure_popover (ORGA_SYNC_INDICATOR (user_data));
}

static void
sync_now_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  OrgaSyncIndicator *self = ORGA_SYNC_INDICATOR (widget);

  if (self->controller != NULL)
    orga_sync_controller_request (self->controller);
}

static void
orga_sync_indicator_dispose (GObject *object)
{
  OrgaSyncIndicator *self = (OrgaSyncIndicator *)object;

  if (self->controller != NULL)
    g_signal_handlers_disconnect_by_data (self->controller, self);
  /* The bin's child is a template child: out of the bin first. */
  adw_bin_set_child (ADW_BIN (self), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), ORGA_TYPE_SYNC_INDICATOR);
  self->popover = NULL;
  g_clear_object (&self->builder);
  g_clear_object (&self->controller);
  g_clear_pointer (&self->details, g_free);

  G_OBJECT_CLASS (orga_sync_indicator_parent_class)->dispose (object);
}

static void
orga_sync_indicator_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  OrgaSyncIndicator *self = ORGA_SYNC_INDICATOR (object);

  switch (prop_id)
    {
    case PROP_CONTROLLER:
      g_value_set_object (value, self->controller);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
orga_sync_indicator_set_property (GObject      *object,
                                  guint         prop_id,
                                  const GValue *value,
                                  GParamSpec   *pspec)
{
  OrgaSyncIndicator *self = ORGA_SYNC_INDICATOR (object);

  switch (prop_id)
    {
    case PROP_CONTROLLER:
      orga_sync_indicator_set_controller (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
orga_sync_indicator_class_init (OrgaSyncIndicatorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = orga_sync_indicator_dispose;
  object_class->get_property = orga_sync_indicator_get_property;
  object_class->set_property = orga_sync_indicator_set_property;

  properties[PROP_CONTROLLER] =
    g_param_spec_object ("controller", NULL, NULL, ORGA_TYPE_SYNC_CONTROLLER,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/pixorga/PixOrga/ui/orga-sync-indicator.ui");
  gtk_widget_class_bind_template_child (widget_class, OrgaSyncIndicator, button);
  gtk_widget_class_bind_template_child (widget_class, OrgaSyncIndicator, icon_stack);
  gtk_widget_class_bind_template_child (widget_class, OrgaSyncIndicator, icon);
  gtk_widget_class_bind_template_child (widget_class, OrgaSyncIndicator, spinner);
  gtk_widget_class_bind_template_child (widget_class, OrgaSyncIndicator, state_label);

  gtk_widget_class_install_action (widget_class, "sync.now", NULL, sync_now_action);
}

static void
orga_sync_indicator_init (OrgaSyncIndicator *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_menu_button_set_create_popup_func (self->button, create_popup_cb, self, NULL);
  update (self);
}

OrgaSyncController *
orga_sync_indicator_get_controller (OrgaSyncIndicator *self)
{
  g_return_val_if_fail (ORGA_IS_SYNC_INDICATOR (self), NULL);
  return self->controller;
}

void
orga_sync_indicator_set_controller (OrgaSyncIndicator  *self,
                                    OrgaSyncController *controller)
{
  g_return_if_fail (ORGA_IS_SYNC_INDICATOR (self));
  g_return_if_fail (controller == NULL || ORGA_IS_SYNC_CONTROLLER (controller));

  if (self->controller == controller)
    return;

  if (self->controller != NULL)
    g_signal_handlers_disconnect_by_data (self->controller, self);
  g_set_object (&self->controller, controller);
  if (controller != NULL)
    {
      g_signal_connect_object (controller, "notify::state", G_CALLBACK (update), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (controller, "notify::last-success", G_CALLBACK (update), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (controller, "notify::error-message", G_CALLBACK (update), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (controller, "notify::notices", G_CALLBACK (notices_changed_cb), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (controller, "notice", G_CALLBACK (notice_cb), self, G_CONNECT_SWAPPED);
    }
  update_notices (self);
  update (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CONTROLLER]);
}

void
orga_sync_indicator_popup (OrgaSyncIndicator *self)
{
  g_return_if_fail (ORGA_IS_SYNC_INDICATOR (self));
  gtk_menu_button_popup (self->button);
}

void
orga_sync_indicator_popdown (OrgaSyncIndicator *self)
{
  g_return_if_fail (ORGA_IS_SYNC_INDICATOR (self));
  gtk_menu_button_popdown (self->button);
}

const char *
orga_sync_indicator_get_label (OrgaSyncIndicator *self)
{
  g_return_val_if_fail (ORGA_IS_SYNC_INDICATOR (self), NULL);
  return gtk_label_get_label (self->state_label);
}

const char *
orga_sync_indicator_get_details (OrgaSyncIndicator *self)
{
  g_return_val_if_fail (ORGA_IS_SYNC_INDICATOR (self), NULL);
  return self->details;
}

guint
orga_sync_indicator_get_n_notices (OrgaSyncIndicator *self)
{
  guint n = 0;

  g_return_val_if_fail (ORGA_IS_SYNC_INDICATOR (self), 0);

  /* Not built yet: what it will list once built. */
  if (self->popover == NULL)
    {
      GPtrArray *notices = self->controller ? orga_sync_controller_get_notices (self->controller) : NULL;

      return notices != NULL ? notices->len : 0;
    }

  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->notices_list));
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    n += GTK_IS_LIST_BOX_ROW (child);
  return n;
}

GObject *
orga_sync_indicator_get_popover_object (OrgaSyncIndicator *self,
                                        const char        *id)
{
  g_return_val_if_fail (ORGA_IS_SYNC_INDICATOR (self), NULL);

  ensure_popover (self);
  return gtk_builder_get_object (self->builder, id);
}
