/* orga-welcome-page.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "orga-welcome-page"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "orga-account-form.h"
#include "orga-activation-form.h"
#include "orga-welcome-page.h"

struct _OrgaWelcomePage
{
  AdwBin        parent_instance;

  /* template widgets */
  GtkStack     *stack;
  GtkWidget    *server_choice;
  GtkWidget    *activate_choice;
  OrgaAccountForm *account_form;
  AdwEntryRow  *uai_row;
  AdwEntryRow  *name_row;
  AdwComboRow  *kind_row;
  GtkLabel     *error_label;
  GtkButton    *create_button;

  /* owned */
  OrgaContext  *context;
  OrgaConnection *connection;
};

G_DEFINE_FINAL_TYPE (OrgaWelcomePage, orga_welcome_page, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_CONTEXT,
  PROP_CONNECTION,
  N_PROPS
};

enum {
  CREATED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void
show_error (OrgaWelcomePage *self,
            const char      *message)
{
  gtk_label_set_label (self->error_label, message);
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), message != NULL);
}

static char *
dup_uai (OrgaWelcomePage *self)
{
  return orga_uai_normalize (gtk_editable_get_text (GTK_EDITABLE (self->uai_row)));
}

static void
entry_changed_cb (OrgaWelcomePage *self)
{
  g_autofree char *uai = dup_uai (self);
  g_autofree char *name = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->name_row))));
  g_autoptr(GError) error = NULL;

  /* Say what is wrong while typing only once the UAI is complete. */
  if (strlen (uai) >= 8 && !orga_uai_check (uai, &error))
    {
      gtk_widget_add_css_class (GTK_WIDGET (self->uai_row), "error");
      show_error (self, error->message);
    }
  else
    {
      gtk_widget_remove_css_class (GTK_WIDGET (self->uai_row), "error");
      show_error (self, NULL);
    }

  gtk_widget_set_sensitive (GTK_WIDGET (self->create_button),
                            orga_uai_is_valid (uai) && *name != '\0');
}

static void
create_cb (OrgaWelcomePage *self)
{
  g_autoptr(OrgaOrganization) organization = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *uai = dup_uai (self);
  g_autofree char *name = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->name_row))));
  OrgaOrganizationKind kind = adw_combo_row_get_selected (self->kind_row) == 1
                              ? ORGA_ORGANIZATION_KIND_AGRI : ORGA_ORGANIZATION_KIND_SCO;

  g_return_if_fail (self->context != NULL);

  if (!orga_uai_check (uai, &error))
    {
      gtk_widget_add_css_class (GTK_WIDGET (self->uai_row), "error");
      show_error (self, error->message);
      gtk_widget_grab_focus (GTK_WIDGET (self->uai_row));
      return;
    }
  if (*name == '\0')
    {
      show_error (self, _("Enter the name of the school."));
      gtk_widget_grab_focus (GTK_WIDGET (self->name_row));
      return;
    }

  organization = orga_store_create_organization (orga_context_get_store (self->context), uai, name, kind, &error);
  if (organization == NULL)
    {
      show_error (self, error->message);
      return;
    }

  /* The context may have it already, from the store's change feed;
   * either way "created" follows from notify::organization. */
  orga_context_set_organization (self->context, organization);
}

/* The context has a school: made here (create_cb()) or by another program
 * (pixorga-cli init) while this page waited; the window goes on. */
static void
organization_cb (OrgaWelcomePage *self)
{
  OrgaOrganization *organization = orga_context_get_organization (self->context);

  if (organization != NULL)
    g_signal_emit (self, signals[CREATED], 0, organization);
}

static void
choice_activated_cb (OrgaWelcomePage *self,
                     GtkListBoxRow   *row)
{
  if (GTK_WIDGET (row) == self->server_choice)
    gtk_stack_set_visible_child_name (self->stack, "server");
  else if (GTK_WIDGET (row) == self->activate_choice)
    gtk_stack_set_visible_child_name (self->stack, "activate");
}

/* The space is bound: the context's new school shows the window's pages
 * (organization_cb()). */
static void
signed_in_cb (OrgaWelcomePage  *self,
              OrgaOrganization *organization)
{
  gtk_stack_set_visible_child_name (self->stack, "choices");
}

static void
back_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  gtk_stack_set_visible_child_name (ORGA_WELCOME_PAGE (widget)->stack, "choices");
}

/* The keyboard starts in the UAI of the offline space, as it did before
 * the server's choices came above it: typing a UAI is the quickest start. */
static void
orga_welcome_page_map (GtkWidget *widget)
{
  OrgaWelcomePage *self = ORGA_WELCOME_PAGE (widget);

  GTK_WIDGET_CLASS (orga_welcome_page_parent_class)->map (widget);
  gtk_widget_grab_focus (GTK_WIDGET (self->uai_row));
}

static void
orga_welcome_page_dispose (GObject *object)
{
  OrgaWelcomePage *self = (OrgaWelcomePage *)object;

  if (self->context != NULL)
    g_signal_handlers_disconnect_by_data (self->context, self);

  /* The bin's child is a template child: out of the bin first, or the
   * bin unparents it again once the template has let it go. */
  adw_bin_set_child (ADW_BIN (self), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), ORGA_TYPE_WELCOME_PAGE);
  g_clear_object (&self->context);
  g_clear_object (&self->connection);

  G_OBJECT_CLASS (orga_welcome_page_parent_class)->dispose (object);
}

static void
orga_welcome_page_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  OrgaWelcomePage *self = ORGA_WELCOME_PAGE (object);

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
orga_welcome_page_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  OrgaWelcomePage *self = ORGA_WELCOME_PAGE (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      orga_welcome_page_set_context (self, g_value_get_object (value));
      break;
    case PROP_CONNECTION:
      if (g_set_object (&self->connection, g_value_get_object (value)))
        {
          orga_account_form_set_connection (self->account_form, self->connection);
          g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CONNECTION]);
        }
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
orga_welcome_page_class_init (OrgaWelcomePageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = orga_welcome_page_dispose;
  object_class->get_property = orga_welcome_page_get_property;
  object_class->set_property = orga_welcome_page_set_property;
  widget_class->map = orga_welcome_page_map;

  properties[PROP_CONTEXT] =
    g_param_spec_object ("context", NULL, NULL, ORGA_TYPE_CONTEXT,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_CONNECTION] =
    g_param_spec_object ("connection", NULL, NULL, ORGA_TYPE_CONNECTION,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * OrgaWelcomePage::created:
   * @organization: the school's new space
   */
  signals[CREATED] = g_signal_new ("created", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL, G_TYPE_NONE, 1, ORGA_TYPE_ORGANIZATION);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/pixorga/PixOrga/ui/orga-welcome-page.ui");
  g_type_ensure (ORGA_TYPE_ACCOUNT_FORM);
  g_type_ensure (ORGA_TYPE_ACTIVATION_FORM);

  gtk_widget_class_bind_template_child (widget_class, OrgaWelcomePage, stack);
  gtk_widget_class_bind_template_child (widget_class, OrgaWelcomePage, server_choice);
  gtk_widget_class_bind_template_child (widget_class, OrgaWelcomePage, activate_choice);
  gtk_widget_class_bind_template_child (widget_class, OrgaWelcomePage, account_form);
  gtk_widget_class_bind_template_child (widget_class, OrgaWelcomePage, uai_row);
  gtk_widget_class_bind_template_child (widget_class, OrgaWelcomePage, name_row);
  gtk_widget_class_bind_template_child (widget_class, OrgaWelcomePage, kind_row);
  gtk_widget_class_bind_template_child (widget_class, OrgaWelcomePage, error_label);
  gtk_widget_class_bind_template_child (widget_class, OrgaWelcomePage, create_button);
  gtk_widget_class_bind_template_callback (widget_class, entry_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, create_cb);
  gtk_widget_class_bind_template_callback (widget_class, choice_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, signed_in_cb);

  gtk_widget_class_install_action (widget_class, "welcome.back", NULL, back_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "welcome.back", NULL);
}

static void
orga_welcome_page_init (OrgaWelcomePage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_widget_set_sensitive (GTK_WIDGET (self->create_button), FALSE);
}

OrgaContext *
orga_welcome_page_get_context (OrgaWelcomePage *self)
{
  g_return_val_if_fail (ORGA_IS_WELCOME_PAGE (self), NULL);
  return self->context;
}

void
orga_welcome_page_set_context (OrgaWelcomePage *self,
                               OrgaContext     *context)
{
  g_return_if_fail (ORGA_IS_WELCOME_PAGE (self));

  if (self->context == context)
    return;

  if (self->context != NULL)
    g_signal_handlers_disconnect_by_data (self->context, self);
  g_set_object (&self->context, context);
  if (self->context != NULL)
    g_signal_connect_object (self->context, "notify::organization",
                             G_CALLBACK (organization_cb), self, G_CONNECT_SWAPPED);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CONTEXT]);
}
