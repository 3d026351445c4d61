/* orga-cert-enrol-dialog.c: "Inscrire des élèves"
 *
 * Candidates of a school are picked from its imported students, class by
 * class (spec §2.2): a class selector with search, the students with
 * check buttons, those already enrolled ticked and insensitive ("Déjà
 * inscrit"), the ones not certifiable or of unknown certifiability
 * flagged but still enrollable (the head decides). The ticks survive a
 * change of class, so that several classes go in at once.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "orga-cert-enrol-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "orga-cert-enrol-dialog.h"
#include "orga-format.h"
#include "orga-store-cert.h"
#include "orga-widget-util.h"

struct _OrgaCertEnrolDialog
{
  AdwWindow       parent_instance;

  /* template widgets */
  GtkButton      *enrol_button;
  GtkDropDown    *class_dropdown;
  GtkButton      *select_all_button;
  GtkLabel       *error_label;
  GtkListBox     *students_list;

  /* owned */
  OrgaContext    *context;
  gint64          session_id;
  GtkStringList  *divisions;
  GPtrArray      *students;      /* of OrgaCertEnrolmentRow, the class shown */
  GHashTable     *checked;       /* learner ids (gint64 *) ticked, any class */
};

G_DEFINE_FINAL_TYPE (OrgaCertEnrolDialog, orga_cert_enrol_dialog, ADW_TYPE_WINDOW)

enum {
  ENROLLED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static GQuark learner_quark;

static void
update_count (OrgaCertEnrolDialog *self)
{
  guint n = g_hash_table_size (self->checked);
  /* TRANSLATORS: the button that enrols the students ticked */
  g_autofree char *label = g_strdup_printf (_("_Enrol (%u)"), n);

  gtk_button_set_label (self->enrol_button, label);
  orga_widget_action_set_enabled (GTK_WIDGET (self), "enrol.enrol", n > 0);
}

static void
check_toggled_cb (GtkCheckButton      *check,
                  OrgaCertEnrolDialog *self)
{
  gint64 *id = g_object_get_qdata (G_OBJECT (check), learner_quark);

  if (gtk_check_button_get_active (check))
    {
      if (!g_hash_table_contains (self->checked, id))
        g_hash_table_add (self->checked, g_memdup2 (id, sizeof *id));
    }
  else
    g_hash_table_remove (self->checked, id);

  update_count (self);
}

static GtkWidget *
tag (const char *text,
     const char *style)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_widget_set_valign (label, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (label, "caption-heading");
  gtk_widget_add_css_class (label, style);
  return label;
}

static GtkWidget *
student_row (OrgaCertEnrolDialog        *self,
             const OrgaCertEnrolmentRow *student)
{
  g_autofree char *name = g_strdup_printf ("%s %s", student->last_name, student->first_name);
  g_autofree char *birthdate = orga_format_day (student->birthdate);
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *check = gtk_check_button_new_with_label (name);
  GtkWidget *date = gtk_label_new (birthdate != NULL ? birthdate : "");
  GtkWidget *row = gtk_list_box_row_new ();

  gtk_widget_set_margin_top (box, 6);
  gtk_widget_set_margin_bottom (box, 6);
  gtk_widget_set_margin_start (box, 12);
  gtk_widget_set_margin_end (box, 12);
  gtk_widget_set_hexpand (check, TRUE);
  gtk_widget_add_css_class (date, "dim-label");
  gtk_widget_add_css_class (date, "numeric");
  g_object_set_qdata_full (G_OBJECT (check), learner_quark,
                           g_memdup2 (&student->learner_id, sizeof student->learner_id), g_free);

  gtk_box_append (GTK_BOX (box), check);
  if (student->is_enrolled)
    {
      gtk_check_button_set_active (GTK_CHECK_BUTTON (check), TRUE);
      gtk_widget_set_sensitive (check, FALSE);
      gtk_box_append (GTK_BOX (box), tag (_("Already enrolled"), "accent"));
    }
  else
    {
      gtk_check_button_set_active (GTK_CHECK_BUTTON (check),
                                   g_hash_table_contains (self->checked, &student->learner_id));
      g_signal_connect_object (check, "toggled", G_CALLBACK (check_toggled_cb), self, 0);
    }
  /* Flagged, not refused: the profile may be shared in time. */
  if (student->certifiable == 0)
    gtk_box_append (GTK_BOX (box), tag (_("Not certifiable"), "warning"));
  else if (student->certifiable < 0)
    gtk_box_append (GTK_BOX (box), tag (_("Certifiability unknown"), "dim-label"));
  gtk_box_append (GTK_BOX (box), date);

  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
  return row;
}

static const char *
current_division (OrgaCertEnrolDialog *self)
{
  guint selected = gtk_drop_down_get_selected (self->class_dropdown);

  if (selected == GTK_INVALID_LIST_POSITION)
    return NULL;
  return gtk_string_list_get_string (self->divisions, selected);
}

static void
load_students (OrgaCertEnrolDialog *self)
{
  g_autoptr(GError) error = NULL;
  const char *division = current_division (self);
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->students_list))) != NULL)
    gtk_list_box_remove (self->students_list, child);
  g_clear_pointer (&self->students, g_ptr_array_unref);

  if (division == NULL)
    return;

  self->students = orga_store_list_cert_enrolment (orga_context_get_store (self->context), self->session_id,
                                                   division, &error);
  if (self->students == NULL)
    {
      gtk_label_set_label (self->error_label, error->message);
      gtk_widget_set_visible (GTK_WIDGET (self->error_label), TRUE);
      return;
    }

  for (guint i = 0; i < self->students->len; i++)
    gtk_list_box_append (self->students_list, student_row (self, g_ptr_array_index (self->students, i)));
}

static void
class_changed_cb (OrgaCertEnrolDialog *self)
{
  if (self->context != NULL)
    load_students (self);
}

static void
select_all_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  OrgaCertEnrolDialog *self = ORGA_CERT_ENROL_DIALOG (widget);

  for (guint i = 0; self->students != NULL && i < self->students->len; i++)
    {
      const OrgaCertEnrolmentRow *student = g_ptr_array_index (self->students, i);

      if (!student->is_enrolled)
        orga_cert_enrol_dialog_set_checked (self, student->learner_id, TRUE);
    }
}

static void
enrol_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  OrgaCertEnrolDialog *self = ORGA_CERT_ENROL_DIALOG (widget);
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GError) error = NULL;
  GHashTableIter iter;
  gpointer key;
  guint n_added = 0;

  g_hash_table_iter_init (&iter, self->checked);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    g_array_append_val (ids, *(gint64 *) key);
  if (ids->len == 0)
    return;

  gtk_widget_set_visible (GTK_WIDGET (self->error_label), FALSE);
  /* All or nothing: on an error (a student without birth date…) nothing
   * was enrolled and the ticks stay, for the head to untick that one. */
  if (!orga_store_enrol_cert_candidates (orga_context_get_store (self->context), self->session_id,
                                         (const gint64 *) ids->data, ids->len, &n_added, &error))
    {
      gtk_label_set_label (self->error_label, error->message);
      gtk_widget_set_visible (GTK_WIDGET (self->error_label), TRUE);
      return;
    }

  g_signal_emit (self, signals[ENROLLED], 0, n_added);
  gtk_window_destroy (GTK_WINDOW (self));
}

static void
orga_cert_enrol_dialog_dispose (GObject *object)
{
  OrgaCertEnrolDialog *self = ORGA_CERT_ENROL_DIALOG (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), ORGA_TYPE_CERT_ENROL_DIALOG);
  g_clear_object (&self->context);
  g_clear_object (&self->divisions);
  g_clear_pointer (&self->students, g_ptr_array_unref);
  g_clear_pointer (&self->checked, g_hash_table_unref);

  G_OBJECT_CLASS (orga_cert_enrol_dialog_parent_class)->dispose (object);
}

static void
orga_cert_enrol_dialog_class_init (OrgaCertEnrolDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = orga_cert_enrol_dialog_dispose;

  learner_quark = g_quark_from_static_string ("orga-cert-enrol-learner");

  signals[ENROLLED] = g_signal_new ("enrolled", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                    0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_UINT);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/pixorga/PixOrga/ui/orga-cert-enrol-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, OrgaCertEnrolDialog, enrol_button);
  gtk_widget_class_bind_template_child (widget_class, OrgaCertEnrolDialog, class_dropdown);
  gtk_widget_class_bind_template_child (widget_class, OrgaCertEnrolDialog, select_all_button);
  gtk_widget_class_bind_template_child (widget_class, OrgaCertEnrolDialog, error_label);
  gtk_widget_class_bind_template_child (widget_class, OrgaCertEnrolDialog, students_list);
  gtk_widget_class_bind_template_callback (widget_class, class_changed_cb);

  gtk_widget_class_install_action (widget_class, "enrol.select-all", NULL, select_all_action);
  gtk_widget_class_install_action (widget_class, "enrol.enrol", NULL, enrol_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
orga_cert_enrol_dialog_init (OrgaCertEnrolDialog *self)
{
  g_autoptr(GtkExpression) expression = NULL;

  self->checked = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  self->divisions = gtk_string_list_new (NULL);

  gtk_widget_init_template (GTK_WIDGET (self));
  orga_widget_fit_to_parent (GTK_WINDOW (self));

  /* The search of the drop-down matches the class names. */
  expression = gtk_property_expression_new (GTK_TYPE_STRING_OBJECT, NULL, "string");
  gtk_drop_down_set_expression (self->class_dropdown, expression);
  gtk_drop_down_set_model (self->class_dropdown, G_LIST_MODEL (self->divisions));
  update_count (self);
}

OrgaCertEnrolDialog *
orga_cert_enrol_dialog_new (GtkWindow   *parent,
                            OrgaContext *context,
                            gint64       session_id)
{
  OrgaCertEnrolDialog *self;
  g_auto(GStrv) divisions = NULL;
  g_autoptr(GError) error = NULL;

  g_return_val_if_fail (ORGA_IS_CONTEXT (context), NULL);

  self = g_object_new (ORGA_TYPE_CERT_ENROL_DIALOG, "transient-for", parent, NULL);
  self->context = g_object_ref (context);
  self->session_id = session_id;

  divisions = orga_store_list_cert_divisions (orga_context_get_store (context),
                                              orga_context_get_organization (context), &error);
  if (divisions == NULL && error != NULL)
    {
      gtk_label_set_label (self->error_label, error->message);
      gtk_widget_set_visible (GTK_WIDGET (self->error_label), TRUE);
    }
  else if (divisions == NULL || divisions[0] == NULL)
    {
      gtk_label_set_label (self->error_label, _("The school has no students yet: import the students list first."));
      gtk_widget_set_visible (GTK_WIDGET (self->error_label), TRUE);
    }
  if (divisions != NULL && divisions[0] != NULL)
    {
      gtk_string_list_splice (self->divisions, 0, 0, (const char * const *) divisions);
      gtk_drop_down_set_selected (self->class_dropdown, 0);
    }
  orga_widget_action_set_enabled (GTK_WIDGET (self), "enrol.select-all", divisions != NULL && divisions[0] != NULL);

  load_students (self);
  /* The class first: choosing it is what the dialog starts with. */
  gtk_widget_grab_focus (GTK_WIDGET (self->class_dropdown));
  return self;
}

gboolean
orga_cert_enrol_dialog_set_division (OrgaCertEnrolDialog *self,
                                     const char          *division)
{
  guint n;

  g_return_val_if_fail (ORGA_IS_CERT_ENROL_DIALOG (self), FALSE);

  n = g_list_model_get_n_items (G_LIST_MODEL (self->divisions));
  for (guint i = 0; i < n; i++)
    if (g_strcmp0 (gtk_string_list_get_string (self->divisions, i), division) == 0)
      {
        gtk_drop_down_set_selected (self->class_dropdown, i);
        return TRUE;
      }

  return FALSE;
}

void
orga_cert_enrol_dialog_set_checked (OrgaCertEnrolDialog *self,
                                    gint64               learner_id,
                                    gboolean             checked)
{
  GtkWidget *row;

  g_return_if_fail (ORGA_IS_CERT_ENROL_DIALOG (self));

  /* Through the row's check button when shown, as a click. */
  for (row = gtk_widget_get_first_child (GTK_WIDGET (self->students_list)); row != NULL;
       row = gtk_widget_get_next_sibling (row))
    {
      GtkWidget *box = gtk_list_box_row_get_child (GTK_LIST_BOX_ROW (row));
      GtkWidget *check = gtk_widget_get_first_child (box);
      gint64 *id = g_object_get_qdata (G_OBJECT (check), learner_quark);

      if (id != NULL && *id == learner_id)
        {
          if (gtk_widget_get_sensitive (check))
            gtk_check_button_set_active (GTK_CHECK_BUTTON (check), checked);
          return;
        }
    }

  if (checked && !g_hash_table_contains (self->checked, &learner_id))
    g_hash_table_add (self->checked, g_memdup2 (&learner_id, sizeof learner_id));
  else if (!checked)
    g_hash_table_remove (self->checked, &learner_id);
  update_count (self);
}

guint
orga_cert_enrol_dialog_get_n_checked (OrgaCertEnrolDialog *self)
{
  g_return_val_if_fail (ORGA_IS_CERT_ENROL_DIALOG (self), 0);

  return g_hash_table_size (self->checked);
}
