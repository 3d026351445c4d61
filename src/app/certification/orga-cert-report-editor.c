/* orga-cert-report-editor.c: one "signalement" of the incident report
 *
 * The kinds, their labels and what each requires are orga-cert.h's table
 * (spec §2.5): this window only shows them. A category with
 * subcategories (C1-C2, E1-E12) asks for one; the description and the
 * question number appear when the chosen kind requires them.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "orga-cert-report-editor.h"
#include "orga-widget-util.h"

struct _OrgaCertReportEditor
{
  AdwWindow          parent_instance;

  AdwWindowTitle    *window_title;
  AdwComboRow       *category_row;
  AdwComboRow       *subcategory_row;
  AdwEntryRow       *description_row;
  AdwActionRow      *question_row;
  GtkSpinButton     *question_spin;
  GtkLabel          *error_label;

  /* the kinds the two rows offer, in their order (borrowed from the table) */
  GPtrArray         *categories;
  GPtrArray         *subcategories;

  OrgaCertReport     report;
  char              *description;
};

G_DEFINE_FINAL_TYPE (OrgaCertReportEditor, orga_cert_report_editor, ADW_TYPE_WINDOW)

enum {
  SAVED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* "C7 · Incident technique non bloquant": the code is what the paper
 * incident report (PV) and Pix's staff use. */
static char *
kind_title (const OrgaCertReportKind *kind)
{
  return g_strdup_printf ("%s · %s", kind->code, kind->label);
}

static const OrgaCertReportKind *
selected_kind (AdwComboRow *row,
               GPtrArray   *kinds)
{
  guint selected = adw_combo_row_get_selected (row);

  if (selected == GTK_INVALID_LIST_POSITION || selected >= kinds->len)
    return NULL;
  return g_ptr_array_index (kinds, selected);
}

static OrgaCertReportFields
required_fields (OrgaCertReportEditor *self)
{
  const OrgaCertReportKind *category = selected_kind (self->category_row, self->categories);
  const OrgaCertReportKind *subcategory = selected_kind (self->subcategory_row, self->subcategories);
  OrgaCertReportFields fields = ORGA_CERT_FIELD_NONE;

  if (category != NULL)
    fields |= category->required;
  if (subcategory != NULL && (fields & ORGA_CERT_FIELD_SUBCATEGORY) != 0)
    fields |= subcategory->required;
  return fields;
}

static void
update_fields (OrgaCertReportEditor *self)
{
  const OrgaCertReportKind *category = selected_kind (self->category_row, self->categories);
  const OrgaCertReportKind *subcategory = selected_kind (self->subcategory_row, self->subcategories);
  OrgaCertReportFields fields = required_fields (self);
  const char *hint = NULL;

  gtk_widget_set_visible (GTK_WIDGET (self->subcategory_row), (fields & ORGA_CERT_FIELD_SUBCATEGORY) != 0);
  gtk_widget_set_visible (GTK_WIDGET (self->description_row), (fields & ORGA_CERT_FIELD_DESCRIPTION) != 0);
  gtk_widget_set_visible (GTK_WIDGET (self->question_row), (fields & ORGA_CERT_FIELD_QUESTION) != 0);

  /* C1 and C2 say what to write ("Précisez le temps majoré"). */
  if ((fields & ORGA_CERT_FIELD_SUBCATEGORY) != 0 && subcategory != NULL)
    hint = subcategory->description_hint;
  else if (category != NULL)
    hint = category->description_hint;
  if (hint != NULL)
    {
      /* The hint becomes the title; the access key stays on "Description". */
      g_autofree char *title = g_strdup_printf (_("_Description: %s"), hint);

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->description_row), title);
    }
  else
    adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->description_row), _("_Report description"));
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), FALSE);
}

/* A refusal no longer holds once the field is changed: "Ajouter" checks
 * again. */
static void
field_changed_cb (OrgaCertReportEditor *self)
{
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), FALSE);
}

static void
subcategory_changed_cb (OrgaCertReportEditor *self)
{
  update_fields (self);
}

/* The subcategories of the chosen category, afresh. */
static void
category_changed_cb (OrgaCertReportEditor *self)
{
  const OrgaCertReportKind *category = selected_kind (self->category_row, self->categories);
  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);
  const OrgaCertReportKind *kinds;
  guint n;

  g_ptr_array_set_size (self->subcategories, 0);
  kinds = orga_cert_report_kinds (&n);
  for (guint i = 0; i < n && category != NULL; i++)
    {
      g_autofree char *title = NULL;

      if (kinds[i].deprecated || kinds[i].subcategory == NULL ||
          g_strcmp0 (kinds[i].category, category->category) != 0)
        continue;
      title = kind_title (&kinds[i]);
      g_ptr_array_add (self->subcategories, (gpointer) &kinds[i]);
      gtk_string_list_append (names, title);
    }
  adw_combo_row_set_model (self->subcategory_row, G_LIST_MODEL (names));
  update_fields (self);
}

static void
show_error (OrgaCertReportEditor *self,
            const char           *message)
{
  gtk_label_set_label (self->error_label, message);
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), TRUE);
}

static void
add_action (GtkWidget  *widget,
            const char *action_name,
            GVariant   *parameter)
{
  OrgaCertReportEditor *self = ORGA_CERT_REPORT_EDITOR (widget);
  const OrgaCertReportKind *category = selected_kind (self->category_row, self->categories);
  const OrgaCertReportKind *subcategory = selected_kind (self->subcategory_row, self->subcategories);
  OrgaCertReportFields fields = required_fields (self);
  g_autoptr(GError) error = NULL;

  if (category == NULL)
    {
      show_error (self, _("Choose a category."));
      return;
    }

  /* Only what the kind asks for: a field hidden by a change of category
   * must not slip into the report. */
  g_clear_pointer (&self->description, g_free);
  if ((fields & ORGA_CERT_FIELD_DESCRIPTION) != 0)
    self->description = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->description_row))));
  self->report = (OrgaCertReport) {
    .category = category->category,
    .subcategory = (fields & ORGA_CERT_FIELD_SUBCATEGORY) != 0 && subcategory != NULL ? subcategory->subcategory : NULL,
    .description = self->description != NULL && self->description[0] != '\0' ? self->description : NULL,
    .question_number = (fields & ORGA_CERT_FIELD_QUESTION) != 0 ? gtk_spin_button_get_value_as_int (self->question_spin) : 0,
  };

  /* The rule's own French message ("La description est obligatoire…"). */
  if (!orga_cert_report_check (&self->report, &error))
    {
      show_error (self, error->message);
      return;
    }

  g_signal_emit (self, signals[SAVED], 0);
  gtk_window_destroy (GTK_WINDOW (self));
}

static void
cancel_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  gtk_window_destroy (GTK_WINDOW (widget));
}

static void
orga_cert_report_editor_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), ORGA_TYPE_CERT_REPORT_EDITOR);

  G_OBJECT_CLASS (orga_cert_report_editor_parent_class)->dispose (object);
}

static void
orga_cert_report_editor_finalize (GObject *object)
{
  OrgaCertReportEditor *self = ORGA_CERT_REPORT_EDITOR (object);

  g_clear_pointer (&self->categories, g_ptr_array_unref);
  g_clear_pointer (&self->subcategories, g_ptr_array_unref);
  g_clear_pointer (&self->description, g_free);

  G_OBJECT_CLASS (orga_cert_report_editor_parent_class)->finalize (object);
}

static void
orga_cert_report_editor_class_init (OrgaCertReportEditorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = orga_cert_report_editor_dispose;
  object_class->finalize = orga_cert_report_editor_finalize;

  /* The report is read with orga_cert_report_editor_get_report(). */
  signals[SAVED] = g_signal_new ("saved", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                 0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/pixorga/PixOrga/ui/orga-cert-report-editor.ui");
  gtk_widget_class_bind_template_child (widget_class, OrgaCertReportEditor, window_title);
  gtk_widget_class_bind_template_child (widget_class, OrgaCertReportEditor, category_row);
  gtk_widget_class_bind_template_child (widget_class, OrgaCertReportEditor, subcategory_row);
  gtk_widget_class_bind_template_child (widget_class, OrgaCertReportEditor, description_row);
  gtk_widget_class_bind_template_child (widget_class, OrgaCertReportEditor, question_row);
  gtk_widget_class_bind_template_child (widget_class, OrgaCertReportEditor, question_spin);
  gtk_widget_class_bind_template_child (widget_class, OrgaCertReportEditor, error_label);
  gtk_widget_class_bind_template_callback (widget_class, category_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, subcategory_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, field_changed_cb);

  gtk_widget_class_install_action (widget_class, "editor.add", NULL, add_action);
  gtk_widget_class_install_action (widget_class, "editor.cancel", NULL, cancel_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "editor.cancel", NULL);
}

static void
orga_cert_report_editor_init (OrgaCertReportEditor *self)
{
  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);
  const OrgaCertReportKind *kinds;
  guint n;

  self->categories = g_ptr_array_new ();
  self->subcategories = g_ptr_array_new ();

  gtk_widget_init_template (GTK_WIDGET (self));
  orga_widget_fit_to_parent (GTK_WINDOW (self));

  /* Every category still accepted, in the spec's order. */
  kinds = orga_cert_report_kinds (&n);
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *title = NULL;

      if (kinds[i].deprecated || kinds[i].subcategory != NULL)
        continue;
      title = kind_title (&kinds[i]);
      g_ptr_array_add (self->categories, (gpointer) &kinds[i]);
      gtk_string_list_append (names, title);
    }
  adw_combo_row_set_model (self->category_row, G_LIST_MODEL (names));
  category_changed_cb (self);
}

char *
orga_cert_report_editor_dup_kind_title (const char *category,
                                        const char *subcategory)
{
  const OrgaCertReportKind *kind = orga_cert_report_kind_lookup (category, subcategory);

  if (kind != NULL)
    return kind_title (kind);
  return subcategory != NULL ? g_strdup_printf ("%s · %s", category, subcategory) : g_strdup (category);
}

GtkWidget *
orga_cert_report_editor_new (const char *candidate_name)
{
  OrgaCertReportEditor *self = g_object_new (ORGA_TYPE_CERT_REPORT_EDITOR, NULL);

  adw_window_title_set_subtitle (self->window_title, candidate_name);
  /* The category first, as the form reads; not the header bar's button. */
  gtk_widget_grab_focus (GTK_WIDGET (self->category_row));
  return GTK_WIDGET (self);
}

const OrgaCertReport *
orga_cert_report_editor_get_report (OrgaCertReportEditor *self)
{
  g_return_val_if_fail (ORGA_IS_CERT_REPORT_EDITOR (self), NULL);

  return &self->report;
}
