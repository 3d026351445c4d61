/* orga-cert-readiness-view.c: Préparation, who is certifiable, per class
 *
 * Issue 12, item 1: a class (or every class), the next session, the
 * counts, and the students sorted by urgency against that session (the
 * store's order: orga_store_load_cert_readiness). A not-yet student shows
 * how many competences are at level 1 or more out of the rule's number.
 * The rows are read in a store job, on a connection of their own, and
 * read again when the store says students, profiles or certification
 * changed; the class chosen stays. A GtkColumnView recycles a screenful
 * of rows: a 2,000-student school costs what 30 rows cost.
 *
 * "Créer une collecte de profils" creates, through the store's campaign
 * creation, a profiles collection for the class; "Imprimer en PDF" draws
 * the list with orga-render's page renderer, in a thread.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "orga-cert-readiness-view"

#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>

#include "orga-campaign.h"
#include "orga-cert-pages.h"
#include "orga-cert-readiness-item.h"
#include "orga-cert-readiness-view.h"
#include "orga-format.h"
#include "orga-store-campaigns.h"
#include "orga-store-cert.h"
#include "orga-file-chooser.h"
#include "orga-widget-util.h"
#include "orga-wrap-box.h"

struct _OrgaCertReadinessView
{
  AdwBin          parent_instance;

  /* template widgets */
  GtkDropDown    *class_dropdown;
  GtkStringList  *classes;
  GtkLabel       *session_label;
  GtkButton      *create_button;
  GtkButton      *print_button;
  GtkLabel       *certifiable_label;
  GtkLabel       *not_yet_label;
  GtkLabel       *unknown_label;
  GtkStack       *content_stack;
  GtkSpinner     *spinner;
  GtkColumnView  *column_view;

  /* owned */
  OrgaContext    *context;
  GListStore     *items;
  GPtrArray      *rows;           /* of the last load (OrgaCertReadinessRow) */
  char           *division;       /* the class shown; NULL: every class */
  char           *next_session;   /* YYYY-MM-DD or NULL */
  GStrv           divisions;      /* the classes offered */
  GCancellable   *load_cancellable;
  GCancellable   *print_cancellable;
  GtkNativeDialog *chooser;
  gboolean        reload_pending; /* the store changed during a load */
  gboolean        updating_classes;
};

G_DEFINE_FINAL_TYPE (OrgaCertReadinessView, orga_cert_readiness_view, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_CONTEXT,
  PROP_BUSY,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void start_loading (OrgaCertReadinessView *self);

/* ------------------------------------------------------------------------
 * State
 * ------------------------------------------------------------------------ */

static OrgaOrganization *
get_school (OrgaCertReadinessView *self)
{
  return self->context != NULL ? orga_context_get_organization (self->context) : NULL;
}

static void
update_actions (OrgaCertReadinessView *self)
{
  gboolean has_school = get_school (self) != NULL;

  /* A collection is for one class: "Toutes les classes" would make one
   * for the whole school, not what the button says. */
  orga_widget_action_set_enabled (GTK_WIDGET (self), "readiness.create-campaign",
                                 has_school && self->division != NULL);
  orga_widget_action_set_enabled (GTK_WIDGET (self), "readiness.print",
                                 has_school && self->rows != NULL && self->rows->len > 0
                                 && self->print_cancellable == NULL);
}

static void
notify_busy (OrgaCertReadinessView *self)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
}

/* ------------------------------------------------------------------------
 * The rows' cells
 * ------------------------------------------------------------------------ */

static const OrgaCertReadinessRow *
item_row (GtkListItem *list_item)
{
  OrgaCertReadinessItem *item = gtk_list_item_get_item (list_item);

  return item != NULL ? orga_cert_readiness_item_get_row (item) : NULL;
}

static void
setup_label_cb (OrgaCertReadinessView *self,
                GtkListItem           *list_item,
                GtkListItemFactory    *factory)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  /* Shortened, but never to nothing: in a narrow window the table
   * scrolls sideways instead. */
  gtk_label_set_width_chars (GTK_LABEL (label), 6);
  gtk_list_item_set_child (list_item, label);
}

static void
setup_name_cb (OrgaCertReadinessView *self,
               GtkListItem           *list_item,
               GtkListItemFactory    *factory)
{
  setup_label_cb (self, list_item, factory);
  gtk_widget_add_css_class (gtk_list_item_get_child (list_item), "heading");
  /* The name, first, is never shortened: a narrow window scrolls the
   * table sideways instead. */
  gtk_label_set_ellipsize (GTK_LABEL (gtk_list_item_get_child (list_item)), PANGO_ELLIPSIZE_NONE);
}

static void
set_cell (GtkListItem *list_item,
          const char  *text)
{
  gtk_label_set_label (GTK_LABEL (gtk_list_item_get_child (list_item)), text != NULL ? text : "");
}

static void
bind_last_name_cb (OrgaCertReadinessView *self,
                   GtkListItem           *list_item,
                   GtkListItemFactory    *factory)
{
  const OrgaCertReadinessRow *row = item_row (list_item);

  set_cell (list_item, row ? row->last_name : NULL);
}

static void
bind_first_name_cb (OrgaCertReadinessView *self,
                    GtkListItem           *list_item,
                    GtkListItemFactory    *factory)
{
  const OrgaCertReadinessRow *row = item_row (list_item);

  set_cell (list_item, row ? row->first_name : NULL);
}

static void
bind_division_cb (OrgaCertReadinessView *self,
                  GtkListItem           *list_item,
                  GtkListItemFactory    *factory)
{
  const OrgaCertReadinessRow *row = item_row (list_item);

  set_cell (list_item, row ? row->division : NULL);
}

static void
bind_status_cb (OrgaCertReadinessView *self,
                GtkListItem           *list_item,
                GtkListItemFactory    *factory)
{
  const OrgaCertReadinessRow *row = item_row (list_item);
  GtkWidget *label = gtk_list_item_get_child (list_item);
  static const char *const styles[] = { "success", "warning", "dim-label" };
  guint style;

  if (row == NULL)
    return;

  /* The word, not the colour alone, says the status. */
  if (row->certifiable > 0)
    {
      set_cell (list_item, C_("readiness status", "Certifiable"));
      style = 0;
    }
  else if (row->certifiable == 0)
    {
      set_cell (list_item, C_("readiness status", "Not Yet"));
      style = 1;
    }
  else
    {
      set_cell (list_item, C_("readiness status", "Unknown"));
      style = 2;
    }
  for (guint i = 0; i < G_N_ELEMENTS (styles); i++)
    {
      if (i == style)
        gtk_widget_add_css_class (label, styles[i]);
      else
        gtk_widget_remove_css_class (label, styles[i]);
    }
}

static void
bind_competences_cb (OrgaCertReadinessView *self,
                     GtkListItem           *list_item,
                     GtkListItemFactory    *factory)
{
  const OrgaCertReadinessRow *row = item_row (list_item);
  char text[32] = "";

  /* How far a not-yet student is from the rule's number: "3 / 5". */
  if (row != NULL && row->certifiable == 0)
    g_snprintf (text, sizeof text, C_("competences at level 1 out of the needed", "%u / %d"),
                row->competences_at_level_1, ORGA_CERT_MIN_COMPETENCES_FOR_CERTIFIABILITY);
  set_cell (list_item, text);
}

static void
bind_enrolled_cb (OrgaCertReadinessView *self,
                  GtkListItem           *list_item,
                  GtkListItemFactory    *factory)
{
  const OrgaCertReadinessRow *row = item_row (list_item);

  set_cell (list_item, row != NULL && row->enrolled ? C_("readiness", "Enrolled") : "");
}

/* ------------------------------------------------------------------------
 * Loading
 * ------------------------------------------------------------------------ */

typedef struct
{
  OrgaOrganization *organization;
  char             *division;
  char             *today;
} LoadJob;

typedef struct
{
  GStrv      divisions;
  char      *division;      /* as loaded: NULL if the class is gone */
  char      *next_session;
  GPtrArray *rows;
} LoadResult;

static void
load_job_free (LoadJob *job)
{
  g_clear_object (&job->organization);
  g_free (job->division);
  g_free (job->today);
  g_free (job);
}

static void
load_result_free (LoadResult *result)
{
  g_strfreev (result->divisions);
  g_free (result->division);
  g_free (result->next_session);
  g_clear_pointer (&result->rows, g_ptr_array_unref);
  g_free (result);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LoadResult, load_result_free)

/* In the job's thread, on its own store. */
static gpointer
load_job (OrgaStore     *store,
          gpointer       task_data,
          GCancellable  *cancellable,
          GError       **error)
{
  LoadJob *job = task_data;
  g_autoptr(LoadResult) result = g_new0 (LoadResult, 1);
  g_autoptr(GError) local_error = NULL;

  result->divisions = orga_store_list_cert_divisions (store, job->organization, error);
  if (result->divisions == NULL)
    return NULL;

  /* A class emptied since (a new import): every class rather than none. */
  if (job->division != NULL && g_strv_contains ((const char * const *) result->divisions, job->division))
    result->division = g_strdup (job->division);

  result->next_session = orga_store_next_cert_session_date (store, job->organization, job->today, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return NULL;

  result->rows = orga_store_load_cert_readiness (store, job->organization, result->division, error);
  if (result->rows == NULL)
    return NULL;

  return g_steal_pointer (&result);
}

static void
stop_loading (OrgaCertReadinessView *self)
{
  if (self->load_cancellable != NULL)
    g_cancellable_cancel (self->load_cancellable);
  g_clear_object (&self->load_cancellable);
  /* Also from dispose, maybe after the template is gone. */
  if (self->spinner != NULL)
    gtk_spinner_stop (self->spinner);
}

/* The dropdown: "Toutes les classes", then the classes; the one shown
 * selected. Rebuilt only when the classes changed, so that a refresh
 * leaves an open popover and its search alone. */
static void
update_classes (OrgaCertReadinessView *self,
                GStrv                  divisions)
{
  guint selected = 0;

  self->updating_classes = TRUE;

  if (self->divisions == NULL || g_list_model_get_n_items (G_LIST_MODEL (self->classes)) == 0
      || !g_strv_equal ((const char * const *) self->divisions, (const char * const *) divisions))
    {
      guint n = g_list_model_get_n_items (G_LIST_MODEL (self->classes));
      g_autoptr(GPtrArray) strings = g_ptr_array_new ();

      g_ptr_array_add (strings, (gpointer) C_("readiness", "All Classes"));
      for (guint i = 0; divisions[i] != NULL; i++)
        g_ptr_array_add (strings, divisions[i]);
      g_ptr_array_add (strings, NULL);
      gtk_string_list_splice (self->classes, 0, n, (const char * const *) strings->pdata);
      g_strfreev (self->divisions);
      self->divisions = g_strdupv (divisions);
    }

  for (guint i = 0; self->division != NULL && self->divisions[i] != NULL; i++)
    if (g_strcmp0 (self->divisions[i], self->division) == 0)
      selected = i + 1;
  gtk_drop_down_set_selected (self->class_dropdown, selected);

  self->updating_classes = FALSE;
}

static void
update_counts (OrgaCertReadinessView *self)
{
  guint n_yes = 0, n_no = 0, n_unknown = 0;
  g_autofree char *yes = NULL;
  g_autofree char *no = NULL;
  g_autofree char *unknown = NULL;

  for (guint i = 0; self->rows != NULL && i < self->rows->len; i++)
    {
      const OrgaCertReadinessRow *row = g_ptr_array_index (self->rows, i);

      if (row->certifiable > 0)
        n_yes++;
      else if (row->certifiable == 0)
        n_no++;
      else
        n_unknown++;
    }

  yes = g_strdup_printf (ngettext ("%u certifiable", "%u certifiable", n_yes), n_yes);
  no = g_strdup_printf (ngettext ("%u not yet certifiable", "%u not yet certifiable", n_no), n_no);
  unknown = g_strdup_printf (ngettext ("%u unknown", "%u unknown", n_unknown), n_unknown);
  gtk_label_set_label (self->certifiable_label, yes);
  gtk_label_set_label (self->not_yet_label, no);
  gtk_label_set_label (self->unknown_label, unknown);
}

static void
update_session_label (OrgaCertReadinessView *self)
{
  g_autofree char *text = NULL;

  if (self->next_session != NULL)
    {
      g_autoptr(GDateTime) time = NULL;
      g_autofree char *date = NULL;
      int year, month, day;

      /* The store's YYYY-MM-DD, a day of the school's calendar. */
      if (sscanf (self->next_session, "%4d-%2d-%2d", &year, &month, &day) == 3
          && g_date_valid_dmy (day, month, year))
        time = g_date_time_new_local (year, month, day, 12, 0, 0);
      date = time != NULL ? orga_format_day_month (time, TRUE, FALSE) : g_strdup (self->next_session);
      text = g_strdup_printf (C_("readiness", "Next session: %s"), date);
    }
  else
    {
      text = g_strdup (C_("readiness", "No session planned"));
    }
  gtk_label_set_label (self->session_label, text);
}

static void
set_rows (OrgaCertReadinessView *self,
          GPtrArray             *rows)
{
  g_autoptr(GPtrArray) items = g_ptr_array_new_full (rows != NULL ? rows->len : 0, g_object_unref);

  g_clear_pointer (&self->rows, g_ptr_array_unref);
  if (rows != NULL)
    self->rows = g_ptr_array_ref (rows);

  for (guint i = 0; rows != NULL && i < rows->len; i++)
    g_ptr_array_add (items, orga_cert_readiness_item_new (rows, i));
  g_list_store_splice (self->items, 0, g_list_model_get_n_items (G_LIST_MODEL (self->items)),
                       items->pdata, items->len);

  update_counts (self);
}

static void
load_done_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(OrgaCertReadinessView) self = user_data;
  g_autoptr(LoadResult) loaded = NULL;
  g_autoptr(GError) error = NULL;

  loaded = orga_store_run_job_finish (result, &error);

  /* Superseded by another class or a refresh, or the view went away. */
  if (g_task_get_cancellable (G_TASK (result)) != self->load_cancellable)
    return;

  stop_loading (self);

  if (loaded == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        orga_widget_show_message (GTK_WIDGET (self), _("The readiness could not be read"), error->message);
      gtk_stack_set_visible_child_name (self->content_stack, self->rows != NULL ? "list" : "empty");
      update_actions (self);
      notify_busy (self);
      return;
    }

  g_free (self->division);
  self->division = g_strdup (loaded->division);
  g_free (self->next_session);
  self->next_session = g_strdup (loaded->next_session);

  update_classes (self, loaded->divisions);
  update_session_label (self);
  set_rows (self, loaded->rows);
  gtk_stack_set_visible_child_name (self->content_stack, loaded->rows->len > 0 ? "list" : "empty");
  update_actions (self);
  notify_busy (self);

  /* The store changed while reading: once more, with what is there now. */
  if (self->reload_pending)
    start_loading (self);
}

static void
start_loading (OrgaCertReadinessView *self)
{
  OrgaOrganization *school = get_school (self);
  g_autoptr(GDateTime) now = NULL;
  LoadJob *job;

  stop_loading (self);
  self->reload_pending = FALSE;

  if (school == NULL)
    {
      set_rows (self, NULL);
      gtk_stack_set_visible_child_name (self->content_stack, "no-school");
      gtk_label_set_label (self->session_label, "");
      update_actions (self);
      notify_busy (self);
      return;
    }

  now = g_date_time_new_now_local ();
  job = g_new0 (LoadJob, 1);
  job->organization = g_object_ref (school);
  job->division = g_strdup (self->division);
  job->today = g_date_time_format (now, "%Y-%m-%d");

  /* A refresh keeps the rows shown until the new ones arrive. */
  if (self->rows == NULL)
    {
      gtk_stack_set_visible_child_name (self->content_stack, "loading");
      gtk_spinner_start (self->spinner);
    }

  self->load_cancellable = g_cancellable_new ();
  orga_store_run_job_async (orga_context_get_store (self->context), load_job, job,
                            (GDestroyNotify) load_job_free, (GDestroyNotify) load_result_free,
                            self->load_cancellable, load_done_cb, g_object_ref (self));
  update_actions (self);
  notify_busy (self);
}

static void
class_selected_cb (OrgaCertReadinessView *self)
{
  guint selected = gtk_drop_down_get_selected (self->class_dropdown);
  const char *division = NULL;

  if (self->updating_classes)
    return;

  if (selected != GTK_INVALID_LIST_POSITION && selected > 0 && self->divisions != NULL
      && selected - 1 < g_strv_length (self->divisions))
    division = self->divisions[selected - 1];
  if (g_strcmp0 (division, self->division) == 0)
    return;

  g_free (self->division);
  self->division = g_strdup (division);
  update_actions (self);
  start_loading (self);
}

static void
store_changed_cb (OrgaCertReadinessView *self,
                  OrgaStoreChanges      *changes)
{
  /* Students (a class, an import), their profiles (shared
   * participations, campaigns) and sessions (enrolments) make the view. */
  if (!orga_store_changes_has (changes, ORGA_STORE_CHANGE_CERTIFICATION | ORGA_STORE_CHANGE_LEARNERS |
                                        ORGA_STORE_CHANGE_PARTICIPATIONS | ORGA_STORE_CHANGE_CAMPAIGNS |
                                        ORGA_STORE_CHANGE_ORGANIZATION))
    return;

  /* One load at a time; the latest change is read once it is done. */
  if (self->load_cancellable != NULL)
    {
      self->reload_pending = TRUE;
      return;
    }
  start_loading (self);
}

static void
organization_changed_cb (OrgaCertReadinessView *self)
{
  /* Another school's classes are not this one's. */
  g_clear_pointer (&self->division, g_free);
  set_rows (self, NULL);
  start_loading (self);
}

/* ------------------------------------------------------------------------
 * Actions
 * ------------------------------------------------------------------------ */

static void
create_campaign_action (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  OrgaCertReadinessView *self = ORGA_CERT_READINESS_VIEW (widget);
  OrgaOrganization *school = get_school (self);
  g_autoptr(OrgaCampaign) campaign = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *user = NULL;
  g_autofree char *name = NULL;
  g_autofree char *toast = NULL;
  OrgaCampaignSpec spec = { 0 };

  if (school == NULL || self->division == NULL)
    return;

  user = orga_context_dup_user_name (self->context);
  /* The campaign's name is the school's data, as the other names: French. */
  name = g_strdup_printf ("Certification – %s", self->division);
  spec.name = name;
  spec.type = ORGA_CAMPAIGN_TYPE_PROFILES_COLLECTION;
  spec.owner = user;
  spec.creator = user;
  spec.external_id_type = ORGA_EXTERNAL_ID_NONE;

  campaign = orga_store_create_campaign (orga_context_get_store (self->context), school, &spec, &error);
  if (campaign == NULL)
    {
      orga_widget_show_message (widget, _("The profiles collection could not be created"), error->message);
      return;
    }

  toast = g_strdup_printf (_("Profiles collection “%s” created: give the students the code %s"),
                           orga_campaign_get_name (campaign), orga_campaign_get_code (campaign));
  orga_widget_add_toast (widget, adw_toast_new (toast));
}

typedef struct
{
  GPtrArray *rows;
  char      *division;
  char      *next_session;
  char      *path;
} PrintJob;

static void
print_job_free (PrintJob *job)
{
  g_clear_pointer (&job->rows, g_ptr_array_unref);
  g_free (job->division);
  g_free (job->next_session);
  g_free (job->path);
  g_free (job);
}

/* In a thread: the rows are the view's last load, never changed. */
static void
print_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  PrintJob *job = task_data;
  g_autofree OrgaCertReadinessSheetRow *sheet = g_new0 (OrgaCertReadinessSheetRow, MAX (1, job->rows->len));
  OrgaCertReadinessHeader header = { job->division, job->next_session };
  GError *error = NULL;

  for (guint i = 0; i < job->rows->len; i++)
    {
      const OrgaCertReadinessRow *row = g_ptr_array_index (job->rows, i);

      sheet[i] = (OrgaCertReadinessSheetRow) {
        .last_name = row->last_name, .first_name = row->first_name, .division = row->division,
        .certifiable = row->certifiable, .competences_at_level_1 = row->competences_at_level_1,
        .enrolled = row->enrolled,
      };
    }

  if (!orga_cert_write_readiness_pdf (job->path, &header, sheet, job->rows->len, &error))
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

static void
print_done_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  OrgaCertReadinessView *self = ORGA_CERT_READINESS_VIEW (source);
  PrintJob *job = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;
  g_autofree char *name = NULL;
  g_autofree char *body = NULL;

  if (g_task_get_cancellable (G_TASK (result)) == self->print_cancellable)
    g_clear_object (&self->print_cancellable);
  update_actions (self);
  notify_busy (self);

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      name = g_path_get_basename (job->path);
      body = g_strdup_printf (_("The file “%s” could not be written: %s"), name, error->message);

      orga_widget_show_message (GTK_WIDGET (self), _("The readiness list could not be saved"), body);
      return;
    }

  orga_widget_add_toast (GTK_WIDGET (self), adw_toast_new (_("The readiness list was saved as PDF.")));
}

void
orga_cert_readiness_view_print_to_file (OrgaCertReadinessView *self,
                                        GFile                 *file)
{
  g_autoptr(GTask) task = NULL;
  g_autofree char *path = NULL;
  PrintJob *job;

  g_return_if_fail (ORGA_IS_CERT_READINESS_VIEW (self));
  g_return_if_fail (G_IS_FILE (file));

  path = g_file_get_path (file);
  if (self->rows == NULL || self->print_cancellable != NULL || path == NULL)
    return;

  job = g_new0 (PrintJob, 1);
  job->rows = g_ptr_array_ref (self->rows);
  job->division = g_strdup (self->division);
  job->next_session = g_strdup (self->next_session);
  job->path = g_steal_pointer (&path);

  self->print_cancellable = g_cancellable_new ();
  task = g_task_new (self, self->print_cancellable, print_done_cb, NULL);
  g_task_set_source_tag (task, orga_cert_readiness_view_print_to_file);
  g_task_set_task_data (task, job, (GDestroyNotify) print_job_free);
  g_task_run_in_thread (task, print_thread);

  update_actions (self);
  notify_busy (self);
}

static void
chooser_response_cb (OrgaCertReadinessView *self,
                     int                    response,
                     GtkNativeDialog       *chooser)
{
  g_autoptr(GFile) file = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
  if (chooser == self->chooser)
    g_clear_object (&self->chooser);

  g_debug ("save the readiness list: response %d, %s", response, file ? g_file_peek_path (file) : "no file");
  if (file != NULL)
    orga_cert_readiness_view_print_to_file (self, file);
}

static void
print_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  OrgaCertReadinessView *self = ORGA_CERT_READINESS_VIEW (widget);
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();
  g_autofree char *name = NULL;
  GtkFileChooserNative *chooser;

  if (self->rows == NULL)
    return;

  if (self->chooser != NULL)
    {
      gtk_native_dialog_show (self->chooser);
      return;
    }

  chooser = gtk_file_chooser_native_new (_("Save the Readiness List"), orga_widget_get_window (widget),
                                         GTK_FILE_CHOOSER_ACTION_SAVE, _("_Save"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);

  gtk_file_filter_set_name (filter, C_("readiness", "PDF document (.pdf)"));
  gtk_file_filter_add_suffix (filter, "pdf");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), filter);

  /* A file name, French as the page; a class name may hold a "/". */
  if (self->division != NULL)
    {
      g_autofree char *division = g_strdelimit (g_strdup (self->division), "/\\:*?\"<>|", '_');

      name = g_strdup_printf ("preparation-certification-%s.pdf", division);
    }
  else
    {
      name = g_strdup ("preparation-certification.pdf");
    }
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), name);

  orga_file_chooser_start_in (GTK_FILE_CHOOSER (chooser),
                              self->context ? orga_context_get_settings (self->context) : NULL,
                              ORGA_FOLDER_EXPORT);

  g_signal_connect_object (chooser, "response", G_CALLBACK (chooser_response_cb), self, G_CONNECT_SWAPPED);
  self->chooser = GTK_NATIVE_DIALOG (chooser);
  gtk_native_dialog_show (self->chooser);
}

/* ------------------------------------------------------------------------
 * GObject
 * ------------------------------------------------------------------------ */

static void
orga_cert_readiness_view_dispose (GObject *object)
{
  OrgaCertReadinessView *self = ORGA_CERT_READINESS_VIEW (object);

  stop_loading (self);
  if (self->print_cancellable != NULL)
    g_cancellable_cancel (self->print_cancellable);
  g_clear_object (&self->print_cancellable);
  if (self->chooser != NULL)
    gtk_native_dialog_destroy (self->chooser);
  g_clear_object (&self->chooser);
  if (self->context != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->context, self);
      g_signal_handlers_disconnect_by_data (orga_context_get_store (self->context), self);
    }

  gtk_widget_dispose_template (GTK_WIDGET (self), ORGA_TYPE_CERT_READINESS_VIEW);

  g_clear_object (&self->context);
  g_clear_object (&self->items);
  g_clear_pointer (&self->rows, g_ptr_array_unref);
  g_clear_pointer (&self->division, g_free);
  g_clear_pointer (&self->next_session, g_free);
  g_clear_pointer (&self->divisions, g_strfreev);

  G_OBJECT_CLASS (orga_cert_readiness_view_parent_class)->dispose (object);
}

static void
orga_cert_readiness_view_get_property (GObject    *object,
                                       guint       prop_id,
                                       GValue     *value,
                                       GParamSpec *pspec)
{
  OrgaCertReadinessView *self = ORGA_CERT_READINESS_VIEW (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      g_value_set_object (value, self->context);
      break;
    case PROP_BUSY:
      g_value_set_boolean (value, orga_cert_readiness_view_get_busy (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
orga_cert_readiness_view_set_property (GObject      *object,
                                       guint         prop_id,
                                       const GValue *value,
                                       GParamSpec   *pspec)
{
  OrgaCertReadinessView *self = ORGA_CERT_READINESS_VIEW (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      orga_cert_readiness_view_set_context (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
orga_cert_readiness_view_class_init (OrgaCertReadinessViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = orga_cert_readiness_view_dispose;
  object_class->get_property = orga_cert_readiness_view_get_property;
  object_class->set_property = orga_cert_readiness_view_set_property;

  properties[PROP_CONTEXT] =
    g_param_spec_object ("context", NULL, NULL, ORGA_TYPE_CONTEXT,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_BUSY] =
    g_param_spec_boolean ("busy", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (ORGA_TYPE_CERT_READINESS_ITEM);

  g_type_ensure (ORGA_TYPE_WRAP_BOX);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/pixorga/PixOrga/ui/orga-cert-readiness-view.ui");
  gtk_widget_class_bind_template_child (widget_class, OrgaCertReadinessView, class_dropdown);
  gtk_widget_class_bind_template_child (widget_class, OrgaCertReadinessView, classes);
  gtk_widget_class_bind_template_child (widget_class, OrgaCertReadinessView, session_label);
  gtk_widget_class_bind_template_child (widget_class, OrgaCertReadinessView, create_button);
  gtk_widget_class_bind_template_child (widget_class, OrgaCertReadinessView, print_button);
  gtk_widget_class_bind_template_child (widget_class, OrgaCertReadinessView, certifiable_label);
  gtk_widget_class_bind_template_child (widget_class, OrgaCertReadinessView, not_yet_label);
  gtk_widget_class_bind_template_child (widget_class, OrgaCertReadinessView, unknown_label);
  gtk_widget_class_bind_template_child (widget_class, OrgaCertReadinessView, content_stack);
  gtk_widget_class_bind_template_child (widget_class, OrgaCertReadinessView, spinner);
  gtk_widget_class_bind_template_child (widget_class, OrgaCertReadinessView, column_view);
  gtk_widget_class_bind_template_callback (widget_class, class_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, setup_label_cb);
  gtk_widget_class_bind_template_callback (widget_class, setup_name_cb);
  gtk_widget_class_bind_template_callback (widget_class, bind_last_name_cb);
  gtk_widget_class_bind_template_callback (widget_class, bind_first_name_cb);
  gtk_widget_class_bind_template_callback (widget_class, bind_division_cb);
  gtk_widget_class_bind_template_callback (widget_class, bind_status_cb);
  gtk_widget_class_bind_template_callback (widget_class, bind_competences_cb);
  gtk_widget_class_bind_template_callback (widget_class, bind_enrolled_cb);

  gtk_widget_class_install_action (widget_class, "readiness.create-campaign", NULL, create_campaign_action);
  gtk_widget_class_install_action (widget_class, "readiness.print", NULL, print_action);
}

static void
orga_cert_readiness_view_init (OrgaCertReadinessView *self)
{
  g_autoptr(GtkNoSelection) selection = NULL;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->items = g_list_store_new (ORGA_TYPE_CERT_READINESS_ITEM);
  selection = gtk_no_selection_new (g_object_ref (G_LIST_MODEL (self->items)));
  gtk_column_view_set_model (self->column_view, GTK_SELECTION_MODEL (selection));

  update_classes (self, (GStrv) (const char *[]) { NULL });
  update_counts (self);
  gtk_stack_set_visible_child_name (self->content_stack, "no-school");
  update_actions (self);
}

OrgaContext *
orga_cert_readiness_view_get_context (OrgaCertReadinessView *self)
{
  g_return_val_if_fail (ORGA_IS_CERT_READINESS_VIEW (self), NULL);

  return self->context;
}

void
orga_cert_readiness_view_set_context (OrgaCertReadinessView *self,
                                      OrgaContext           *context)
{
  g_return_if_fail (ORGA_IS_CERT_READINESS_VIEW (self));
  g_return_if_fail (context == NULL || ORGA_IS_CONTEXT (context));

  if (self->context == context)
    return;

  if (self->context != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->context, self);
      g_signal_handlers_disconnect_by_data (orga_context_get_store (self->context), self);
    }
  g_set_object (&self->context, context);
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

const char *
orga_cert_readiness_view_get_division (OrgaCertReadinessView *self)
{
  g_return_val_if_fail (ORGA_IS_CERT_READINESS_VIEW (self), NULL);

  return self->division;
}

gboolean
orga_cert_readiness_view_get_busy (OrgaCertReadinessView *self)
{
  g_return_val_if_fail (ORGA_IS_CERT_READINESS_VIEW (self), FALSE);

  return self->load_cancellable != NULL || self->print_cancellable != NULL;
}
