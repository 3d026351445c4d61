/* orga-certifications-page.c: Certifications, the head teacher's year peak
 *
 * Three views in the order the work runs (issue 12): Préparation (who is
 * certifiable, per class), Sessions (plan, enrol, supervise, finalize),
 * Résultats (CSV, attestations, the livret scolaire and the archive).
 * Each view is built when first shown, as the window does for its pages.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "orga-cert-readiness-view.h"
#include "orga-cert-sessions-page.h"
#include "orga-certifications-page.h"
#include "orga-cert-results-view.h"

#include <glib/gi18n.h>

#include "orga-cert-finalize-dialog.h"
#include "orga-widget-util.h"

struct _OrgaCertificationsPage
{
  AdwBin          parent_instance;

  OrgaContext    *context;

  AdwViewStack   *stack;
};

G_DEFINE_FINAL_TYPE (OrgaCertificationsPage, orga_certifications_page, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_CONTEXT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
orga_certifications_page_dispose (GObject *object)
{
  OrgaCertificationsPage *self = ORGA_CERTIFICATIONS_PAGE (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), ORGA_TYPE_CERTIFICATIONS_PAGE);
  g_clear_object (&self->context);

  G_OBJECT_CLASS (orga_certifications_page_parent_class)->dispose (object);
}

static void
orga_certifications_page_get_property (GObject    *object,
                                       guint       prop_id,
                                       GValue     *value,
                                       GParamSpec *pspec)
{
  OrgaCertificationsPage *self = ORGA_CERTIFICATIONS_PAGE (object);

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
orga_certifications_page_set_property (GObject      *object,
                                       guint         prop_id,
                                       const GValue *value,
                                       GParamSpec   *pspec)
{
  OrgaCertificationsPage *self = ORGA_CERTIFICATIONS_PAGE (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      if (g_set_object (&self->context, g_value_get_object (value)))
        g_object_notify_by_pspec (object, pspec);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

/* Widget tests have no OrgaWindow, hence no toast overlay: the last title
 * is kept on the page for them. */
static void
show_toast (OrgaCertificationsPage *self,
            AdwToast               *toast)
{
  g_object_set_data_full (G_OBJECT (self), "last-toast", g_strdup (adw_toast_get_title (toast)), g_free);
  orga_widget_add_toast (GTK_WIDGET (self), toast);
}

static void
session_finalized_cb (OrgaCertificationsPage *self)
{
  show_toast (self, adw_toast_new (_("Session finalized")));
}

/* certifications.finalize(x): the finalization of a session, or its
 * read-only incident report once finalized (the sessions view's button). */
static void
finalize_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  OrgaCertificationsPage *self = ORGA_CERTIFICATIONS_PAGE (widget);
  GtkWidget *dialog;
  GtkRoot *root;

  if (self->context == NULL)
    return;

  dialog = orga_cert_finalize_dialog_new (self->context, g_variant_get_int64 (parameter));
  g_signal_connect_object (dialog, "finalized", G_CALLBACK (session_finalized_cb), self, G_CONNECT_SWAPPED);
  root = gtk_widget_get_root (widget);
  if (GTK_IS_WINDOW (root))
    gtk_window_set_transient_for (GTK_WINDOW (dialog), GTK_WINDOW (root));
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
orga_certifications_page_class_init (OrgaCertificationsPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = orga_certifications_page_dispose;
  object_class->get_property = orga_certifications_page_get_property;
  object_class->set_property = orga_certifications_page_set_property;

  properties[PROP_CONTEXT] =
    g_param_spec_object ("context", NULL, NULL, ORGA_TYPE_CONTEXT,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (ORGA_TYPE_CERT_READINESS_VIEW);
  g_type_ensure (ORGA_TYPE_CERT_RESULTS_VIEW);
  g_type_ensure (ORGA_TYPE_CERT_SESSIONS_PAGE);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/pixorga/PixOrga/ui/orga-certifications-page.ui");
  gtk_widget_class_bind_template_child (widget_class, OrgaCertificationsPage, stack);

  gtk_widget_class_install_action (widget_class, "certifications.finalize", "x", finalize_action);
}

static void
orga_certifications_page_init (OrgaCertificationsPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

AdwViewStack *
orga_certifications_page_get_stack (OrgaCertificationsPage *self)
{
  g_return_val_if_fail (ORGA_IS_CERTIFICATIONS_PAGE (self), NULL);

  return self->stack;
}
