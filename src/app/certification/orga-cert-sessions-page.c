/* orga-cert-sessions-page.c: "Sessions", the certification sessions
 *
 * The list of Pix Certif (spec §2.1: N°, site, salle, date, heure,
 * surveillant(s), candidats inscrits, certifications passées, statut),
 * and a session's page (OrgaCertSessionPage) in an inner leaflet. A
 * school has a few sessions a year: they are read at once, on the main
 * thread, into a GListStore, again on every certification change of the
 * store, keeping the row selected and the session shown.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "orga-cert-sessions-page"

#include "config.h"

#include <glib/gi18n.h>

#include "orga-cert-session-dialog.h"
#include "orga-cert-session-page.h"
#include "orga-cert-session-util.h"
#include "orga-cert-sessions-page.h"
#include "orga-store-cert.h"
#include "orga-widget-util.h"

struct _OrgaCertSessionsPage
{
  AdwBin               parent_instance;

  /* template widgets */
  AdwLeaflet          *leaflet;
  GtkStack            *content_stack;
  GtkButton           *empty_create_button;
  GtkButton           *create_button;
  GtkLabel            *count_label;
  GtkColumnView       *column_view;
  OrgaCertSessionPage *session_page;

  /* owned */
  OrgaContext         *context;
  GListStore          *sessions;     /* of OrgaCertSession, newest date first */
  GtkSingleSelection  *selection;
  GtkWindow           *dialog;       /* weak */
};

G_DEFINE_FINAL_TYPE (OrgaCertSessionsPage, orga_cert_sessions_page, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_CONTEXT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* ------------------------------------------------------------------------
 * Loading
 * ------------------------------------------------------------------------ */

static gboolean
has_school (OrgaCertSessionsPage *self)
{
  return self->context != NULL && orga_context_get_organization (self->context) != NULL;
}

static gint64
selected_id (OrgaCertSessionsPage *self)
{
  OrgaCertSession *session = gtk_single_selection_get_selected_item (self->selection);

  return session != NULL ? orga_cert_session_get_id (session) : 0;
}

static guint
position_of (OrgaCertSessionsPage *self,
             gint64                id)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->sessions));

  for (guint i = 0; i < n && id != 0; i++)
    {
      g_autoptr(OrgaCertSession) session = g_list_model_get_item (G_LIST_MODEL (self->sessions), i);

      if (orga_cert_session_get_id (session) == id)
        return i;
    }

  return GTK_INVALID_LIST_POSITION;
}

static void
update_state (OrgaCertSessionsPage *self)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->sessions));
  g_autofree char *count = g_strdup_printf (ngettext ("%u session", "%u sessions", n), n);

  gtk_label_set_label (self->count_label, count);
  gtk_stack_set_visible_child_name (self->content_stack, n > 0 ? "list" : "empty");
  orga_widget_action_set_enabled (GTK_WIDGET (self), "sessions.create", has_school (self));
}

/* Reads the sessions again; the selected row and the session shown stay. */
static void
reload (OrgaCertSessionsPage *self)
{
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(GError) error = NULL;
  OrgaCertSession *shown = orga_cert_session_page_get_session (self->session_page);
  gint64 shown_id = shown != NULL ? orga_cert_session_get_id (shown) : 0;
  gint64 selected = selected_id (self);
  guint position;

  if (has_school (self))
    list = orga_store_list_cert_sessions (orga_context_get_store (self->context),
                                          orga_context_get_organization (self->context), &error);
  if (list == NULL)
    {
      if (error != NULL)
        g_warning ("Could not list the certification sessions: %s", error->message);
      list = g_ptr_array_new_with_free_func (g_object_unref);
    }

  g_list_store_splice (self->sessions, 0, g_list_model_get_n_items (G_LIST_MODEL (self->sessions)),
                       list->pdata, list->len);

  position = position_of (self, selected);
  gtk_single_selection_set_selected (self->selection, position);

  /* The session shown follows the store; gone (deleted), back to the list. */
  if (shown_id != 0)
    {
      position = position_of (self, shown_id);
      if (position == GTK_INVALID_LIST_POSITION)
        {
          orga_cert_session_page_set_session (self->session_page, NULL);
          adw_leaflet_set_visible_child_name (self->leaflet, "list");
        }
      else
        {
          g_autoptr(OrgaCertSession) session = g_list_model_get_item (G_LIST_MODEL (self->sessions), position);

          orga_cert_session_page_set_session (self->session_page, session);
        }
    }

  update_state (self);
}

static void
store_changed_cb (OrgaCertSessionsPage *self,
                  OrgaStoreChanges     *changes)
{
  /* Candidates and the students' names change the counts and the
   * session's page too. */
  if (orga_store_changes_has (changes, ORGA_STORE_CHANGE_CERTIFICATION | ORGA_STORE_CHANGE_LEARNERS))
    reload (self);
}

static void
organization_changed_cb (OrgaCertSessionsPage *self)
{
  orga_cert_session_page_set_session (self->session_page, NULL);
  adw_leaflet_set_visible_child_name (self->leaflet, "list");
  gtk_single_selection_set_selected (self->selection, GTK_INVALID_LIST_POSITION);
  reload (self);
}

/* ------------------------------------------------------------------------
 * Cells
 * ------------------------------------------------------------------------ */

/* Free text (site, room, supervisors): ellipsized, but never narrower
 * than a school's usual names, which the column view would otherwise
 * squeeze to a few letters. */
static void
setup_cell_cb (OrgaCertSessionsPage *self,
               GtkListItem          *item)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_label_set_width_chars (GTK_LABEL (label), 8);
  gtk_list_item_set_child (item, label);
}

/* Numbers, dates, times and statuses: short, always whole. */
static void
setup_short_cell_cb (OrgaCertSessionsPage *self,
                     GtkListItem          *item)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_list_item_set_child (item, label);
}

static void
set_cell (GtkListItem *item,
          const char  *text)
{
  GtkLabel *label = GTK_LABEL (gtk_list_item_get_child (item));

  gtk_label_set_label (label, text != NULL ? text : "");
  /* A name cut short stays readable under the pointer. */
  if (gtk_label_get_ellipsize (label) != PANGO_ELLIPSIZE_NONE)
    gtk_widget_set_tooltip_text (GTK_WIDGET (label), text != NULL && *text != '\0' ? text : NULL);
}

#define ITEM_SESSION(item) ORGA_CERT_SESSION (gtk_list_item_get_item (item))

static void
bind_number_cb (OrgaCertSessionsPage *self,
                GtkListItem          *item)
{
  g_autofree char *text = orga_cert_session_dup_number_text (ITEM_SESSION (item));

  set_cell (item, text);
}

static void
bind_address_cb (OrgaCertSessionsPage *self,
                 GtkListItem          *item)
{
  set_cell (item, orga_cert_session_get_address (ITEM_SESSION (item)));
}

static void
bind_room_cb (OrgaCertSessionsPage *self,
              GtkListItem          *item)
{
  set_cell (item, orga_cert_session_get_room (ITEM_SESSION (item)));
}

static void
bind_date_cb (OrgaCertSessionsPage *self,
              GtkListItem          *item)
{
  g_autofree char *text = orga_cert_session_dup_date_text (ITEM_SESSION (item));

  set_cell (item, text);
}

static void
bind_time_cb (OrgaCertSessionsPage *self,
              GtkListItem          *item)
{
  set_cell (item, orga_cert_session_get_time (ITEM_SESSION (item)));
}

static void
bind_examiner_cb (OrgaCertSessionsPage *self,
                  GtkListItem          *item)
{
  set_cell (item, orga_cert_session_get_examiner (ITEM_SESSION (item)));
}

static void
bind_candidates_cb (OrgaCertSessionsPage *self,
                    GtkListItem          *item)
{
  g_autofree char *text = g_strdup_printf ("%u", orga_cert_session_get_n_candidates (ITEM_SESSION (item)));

  set_cell (item, text);
}

static void
bind_started_cb (OrgaCertSessionsPage *self,
                 GtkListItem          *item)
{
  g_autofree char *text = g_strdup_printf ("%u", orga_cert_session_get_n_started (ITEM_SESSION (item)));

  set_cell (item, text);
}

static void
bind_status_cb (OrgaCertSessionsPage *self,
                GtkListItem          *item)
{
  set_cell (item, orga_cert_session_status_text (orga_cert_session_get_status (ITEM_SESSION (item))));
}

/* ------------------------------------------------------------------------
 * Actions
 * ------------------------------------------------------------------------ */

static void
show_session (OrgaCertSessionsPage *self,
              guint                 position)
{
  g_autoptr(OrgaCertSession) session = g_list_model_get_item (G_LIST_MODEL (self->sessions), position);

  if (session == NULL)
    return;

  gtk_single_selection_set_selected (self->selection, position);
  orga_cert_session_page_set_session (self->session_page, session);
  adw_leaflet_set_visible_child_name (self->leaflet, "session");
}

static void
row_activated_cb (OrgaCertSessionsPage *self,
                  guint                 position)
{
  show_session (self, position);
}

static void
dialog_saved_cb (OrgaCertSessionsPage *self,
                 gint64                id)
{
  /* The store's change feed already reloaded the list: the new session
   * opens, so that the next step, enrolling, is at hand. */
  orga_cert_sessions_page_open (self, id);
}

static void
create_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  OrgaCertSessionsPage *self = ORGA_CERT_SESSIONS_PAGE (widget);
  OrgaCertSessionDialog *dialog;

  if (!has_school (self))
    return;
  if (self->dialog != NULL)
    {
      gtk_window_present (self->dialog);
      return;
    }

  dialog = orga_cert_session_dialog_new (orga_widget_get_window (widget), self->context, NULL);
  self->dialog = GTK_WINDOW (dialog);
  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *)&self->dialog);
  g_signal_connect_object (dialog, "saved", G_CALLBACK (dialog_saved_cb), self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
back_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  OrgaCertSessionsPage *self = ORGA_CERT_SESSIONS_PAGE (widget);

  adw_leaflet_set_visible_child_name (self->leaflet, "list");
}

/* ------------------------------------------------------------------------
 * GObject
 * ------------------------------------------------------------------------ */

static void
orga_cert_sessions_page_dispose (GObject *object)
{
  OrgaCertSessionsPage *self = ORGA_CERT_SESSIONS_PAGE (object);

  if (self->dialog != NULL)
    {
      g_object_remove_weak_pointer (G_OBJECT (self->dialog), (gpointer *)&self->dialog);
      gtk_window_destroy (self->dialog);
      self->dialog = NULL;
    }
  if (self->context != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->context, self);
      g_signal_handlers_disconnect_by_data (orga_context_get_store (self->context), self);
    }

  /* The leaflet is both the bin's child and a template child. */
  adw_bin_set_child (ADW_BIN (self), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), ORGA_TYPE_CERT_SESSIONS_PAGE);

  g_clear_object (&self->selection);
  g_clear_object (&self->sessions);
  g_clear_object (&self->context);

  G_OBJECT_CLASS (orga_cert_sessions_page_parent_class)->dispose (object);
}

static void
orga_cert_sessions_page_get_property (GObject    *object,
                                      guint       prop_id,
                                      GValue     *value,
                                      GParamSpec *pspec)
{
  OrgaCertSessionsPage *self = ORGA_CERT_SESSIONS_PAGE (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      g_value_set_object (value, self->context);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
orga_cert_sessions_page_set_property (GObject      *object,
                                      guint         prop_id,
                                      const GValue *value,
                                      GParamSpec   *pspec)
{
  OrgaCertSessionsPage *self = ORGA_CERT_SESSIONS_PAGE (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      orga_cert_sessions_page_set_context (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
orga_cert_sessions_page_class_init (OrgaCertSessionsPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = orga_cert_sessions_page_dispose;
  object_class->get_property = orga_cert_sessions_page_get_property;
  object_class->set_property = orga_cert_sessions_page_set_property;

  properties[PROP_CONTEXT] =
    g_param_spec_object ("context", NULL, NULL, ORGA_TYPE_CONTEXT,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (ORGA_TYPE_CERT_SESSION_PAGE);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/pixorga/PixOrga/ui/orga-cert-sessions-page.ui");
  gtk_widget_class_bind_template_child (widget_class, OrgaCertSessionsPage, leaflet);
  gtk_widget_class_bind_template_child (widget_class, OrgaCertSessionsPage, content_stack);
  gtk_widget_class_bind_template_child (widget_class, OrgaCertSessionsPage, empty_create_button);
  gtk_widget_class_bind_template_child (widget_class, OrgaCertSessionsPage, create_button);
  gtk_widget_class_bind_template_child (widget_class, OrgaCertSessionsPage, count_label);
  gtk_widget_class_bind_template_child (widget_class, OrgaCertSessionsPage, column_view);
  gtk_widget_class_bind_template_child (widget_class, OrgaCertSessionsPage, session_page);
  gtk_widget_class_bind_template_callback (widget_class, row_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, setup_cell_cb);
  gtk_widget_class_bind_template_callback (widget_class, setup_short_cell_cb);
  gtk_widget_class_bind_template_callback (widget_class, bind_number_cb);
  gtk_widget_class_bind_template_callback (widget_class, bind_address_cb);
  gtk_widget_class_bind_template_callback (widget_class, bind_room_cb);
  gtk_widget_class_bind_template_callback (widget_class, bind_date_cb);
  gtk_widget_class_bind_template_callback (widget_class, bind_time_cb);
  gtk_widget_class_bind_template_callback (widget_class, bind_examiner_cb);
  gtk_widget_class_bind_template_callback (widget_class, bind_candidates_cb);
  gtk_widget_class_bind_template_callback (widget_class, bind_started_cb);
  gtk_widget_class_bind_template_callback (widget_class, bind_status_cb);

  gtk_widget_class_install_action (widget_class, "sessions.create", NULL, create_action);
  /* The session's page goes back through it. */
  gtk_widget_class_install_action (widget_class, "sessions.back", NULL, back_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_n, GDK_CONTROL_MASK, "sessions.create", NULL);
}

static void
orga_cert_sessions_page_init (OrgaCertSessionsPage *self)
{
  self->sessions = g_list_store_new (ORGA_TYPE_CERT_SESSION);

  gtk_widget_init_template (GTK_WIDGET (self));

  self->selection = gtk_single_selection_new (G_LIST_MODEL (g_object_ref (self->sessions)));
  gtk_single_selection_set_autoselect (self->selection, FALSE);
  gtk_single_selection_set_can_unselect (self->selection, TRUE);
  gtk_single_selection_set_selected (self->selection, GTK_INVALID_LIST_POSITION);
  gtk_column_view_set_model (self->column_view, GTK_SELECTION_MODEL (self->selection));

  update_state (self);
}

OrgaContext *
orga_cert_sessions_page_get_context (OrgaCertSessionsPage *self)
{
  g_return_val_if_fail (ORGA_IS_CERT_SESSIONS_PAGE (self), NULL);

  return self->context;
}

void
orga_cert_sessions_page_set_context (OrgaCertSessionsPage *self,
                                     OrgaContext          *context)
{
  g_return_if_fail (ORGA_IS_CERT_SESSIONS_PAGE (self));
  g_return_if_fail (context == NULL || ORGA_IS_CONTEXT (context));

  if (self->context == context)
    return;

  if (self->context != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->context, self);
      g_signal_handlers_disconnect_by_data (orga_context_get_store (self->context), self);
    }
  g_set_object (&self->context, context);
  orga_cert_session_page_set_context (self->session_page, context);
  if (self->context != NULL)
    {
      g_signal_connect_object (self->context, "notify::organization", G_CALLBACK (organization_changed_cb),
                               self, G_CONNECT_SWAPPED);
      g_signal_connect_object (orga_context_get_store (self->context), "changed", G_CALLBACK (store_changed_cb),
                               self, G_CONNECT_SWAPPED);
    }

  organization_changed_cb (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CONTEXT]);
}

GListModel *
orga_cert_sessions_page_get_model (OrgaCertSessionsPage *self)
{
  g_return_val_if_fail (ORGA_IS_CERT_SESSIONS_PAGE (self), NULL);

  return G_LIST_MODEL (self->sessions);
}

gboolean
orga_cert_sessions_page_open (OrgaCertSessionsPage *self,
                              gint64                id)
{
  guint position;

  g_return_val_if_fail (ORGA_IS_CERT_SESSIONS_PAGE (self), FALSE);

  position = position_of (self, id);
  if (position == GTK_INVALID_LIST_POSITION)
    return FALSE;

  show_session (self, position);
  return TRUE;
}

OrgaCertSession *
orga_cert_sessions_page_get_session (OrgaCertSessionsPage *self)
{
  g_return_val_if_fail (ORGA_IS_CERT_SESSIONS_PAGE (self), NULL);

  return orga_cert_session_page_get_session (self->session_page);
}
