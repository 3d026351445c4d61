/* orga-heat-map-page.c
 *
 * Beyond Pix: for each class and each of the 16 competences, the average
 * share of skills validated over every assessment campaign of the school,
 * computed in a thread on its own connection, drawn by OrgaHeatMap and
 * exported as a PNG image.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "orga-heat-map-page"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "orga-campaign-util.h"
#include "orga-class-heat-map.h"
#include "orga-heat-map-page.h"
#include "orga-heat-map.h"
#include "orga-file-chooser.h"
#include "orga-widget-util.h"

/* The exported image: wide enough for 16 columns and long class names,
 * and as tall as the classes need. */
#define PNG_WIDTH      1400
#define PNG_ROW_HEIGHT 34
#define PNG_EXTRA      110

struct _OrgaHeatMapPage
{
  AdwBin            parent_instance;

  /* template widgets */
  AdwToastOverlay  *toast_overlay;
  AdwWindowTitle   *window_title;
  GtkWidget        *export_button;
  GtkStack         *stack;
  GtkSpinner       *spinner;
  AdwStatusPage    *error_page;
  GtkLabel         *summary_label;
  OrgaHeatMap      *heat_map;
  GtkGrid          *key_grid;

  /* owned */
  OrgaContext      *context;
  OrgaClassHeatMap *map;
  GCancellable     *cancellable;
  GtkNativeDialog  *chooser;
};

G_DEFINE_FINAL_TYPE (OrgaHeatMapPage, orga_heat_map_page, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_CONTEXT,
  PROP_BUSY,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
update_actions (OrgaHeatMapPage *self)
{
  orga_widget_action_set_enabled (GTK_WIDGET (self), "heat-map.export-png",
                                 self->map != NULL && self->map->n_classes > 0 &&
                                 g_strcmp0 (gtk_stack_get_visible_child_name (self->stack), "map") == 0);
}

/* ------------------------------------------------------------------------
 * Showing the map
 * ------------------------------------------------------------------------ */

static gboolean
has_results (const OrgaClassHeatMap *map)
{
  for (guint i = 0; i < map->n_classes * ORGA_FRAMEWORK_N_COMPETENCES; i++)
    if (!isnan (map->values[i]))
      return TRUE;

  return FALSE;
}

/* A head reads the classes in the order of the school years: 6e, 5e, 4e,
 * 3e, then 2de, 1re, Tle; the classes of one year in natural order. */
static int
school_year (const char *division)
{
  switch (division != NULL ? g_ascii_toupper (division[0]) : '\0')
    {
    case '6': return 0;
    case '5': return 1;
    case '4': return 2;
    case '3': return 3;
    case '2': return 4;
    case '1': return 5;
    case 'T': return 6;
    default: return 7;
    }
}

static int
compare_rows (gconstpointer a,
              gconstpointer b,
              gpointer      user_data)
{
  const OrgaClassHeatMap *map = user_data;
  const char *x = map->classes[*(const guint *)a];
  const char *y = map->classes[*(const guint *)b];
  int order = school_year (x) - school_year (y);

  return order != 0 ? order : orga_store_compare_divisions (x, y);
}

static void
show_map (OrgaHeatMapPage *self)
{
  const char *columns[ORGA_FRAMEWORK_N_COMPETENCES];
  const char *tooltips[ORGA_FRAMEWORK_N_COMPETENCES + 1] = { NULL };   /* NULL-terminated */
  g_autoptr(GPtrArray) rows = g_ptr_array_new ();
  g_autoptr(GArray) order = g_array_new (FALSE, FALSE, sizeof (guint));
  g_autofree char *summary = NULL;
  guint with_results = 0;
  const OrgaClassHeatMap *map = self->map;

  if (map == NULL || map->n_classes == 0 || !has_results (map))
    {
      gtk_stack_set_visible_child_name (self->stack, "empty");
      update_actions (self);
      return;
    }

  for (guint c = 0; c < ORGA_FRAMEWORK_N_COMPETENCES; c++)
    {
      const OrgaCompetence *competence = orga_framework_get_competence (c);

      columns[c] = competence->index;
      tooltips[c] = competence->name;
    }

  /* Classes without a single result make rows of hatched cells: they
   * are left out, and counted in the summary. */
  for (guint r = 0; r < map->n_classes; r++)
    {
      gboolean any = FALSE;

      for (guint c = 0; c < ORGA_FRAMEWORK_N_COMPETENCES && !any; c++)
        any = !isnan (orga_class_heat_map_get (map, r, c));
      if (any)
        g_array_append_val (order, r);
    }
  g_array_sort_with_data (order, compare_rows, (gpointer)map);
  with_results = order->len;

  {
    g_autofree double *values = g_new (double, MAX (with_results, 1) * ORGA_FRAMEWORK_N_COMPETENCES);

    for (guint row = 0; row < order->len; row++)
      {
        guint r = g_array_index (order, guint, row);

        g_ptr_array_add (rows, map->classes[r]);
        for (guint c = 0; c < ORGA_FRAMEWORK_N_COMPETENCES; c++)
          values[row * ORGA_FRAMEWORK_N_COMPETENCES + c] = orga_class_heat_map_get (map, r, c);
      }

    orga_heat_map_set_data (self->heat_map, (const char * const *)rows->pdata, rows->len,
                            columns, ORGA_FRAMEWORK_N_COMPETENCES, values);
    orga_heat_map_set_column_tooltips (self->heat_map, tooltips);
  }

  if (with_results < map->n_classes)
    {
      guint without = map->n_classes - with_results;

      g_autofree char *shown = g_strdup_printf (ngettext ("%u class shown", "%u classes shown", with_results), with_results);
      g_autofree char *hidden = g_strdup_printf (ngettext ("%u class has no results yet", "%u classes have no results yet", without), without);

      summary = g_strconcat (shown, " · ", hidden, NULL);
    }
  else
    {
      summary = g_strdup_printf (ngettext ("%u class", "%u classes", with_results), with_results);
    }
  gtk_label_set_label (self->summary_label, summary);

  gtk_stack_set_visible_child_name (self->stack, "map");
  update_actions (self);
}

/* ------------------------------------------------------------------------
 * Computing
 * ------------------------------------------------------------------------ */

static void
compute_done_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(OrgaHeatMapPage) self = user_data;
  g_autoptr(GError) error = NULL;
  OrgaClassHeatMap *map = orga_class_heat_map_compute_finish (result, &error);

  /* Superseded by a newer computation, or the page went away. */
  if (g_task_get_cancellable (G_TASK (result)) != self->cancellable)
    {
      g_clear_pointer (&map, orga_class_heat_map_free);
      return;
    }

  g_clear_object (&self->cancellable);
  gtk_spinner_stop (self->spinner);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);

  if (map == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          adw_status_page_set_description (self->error_page, error->message);
          gtk_stack_set_visible_child_name (self->stack, "error");
        }
      update_actions (self);
      return;
    }

  g_clear_pointer (&self->map, orga_class_heat_map_free);
  self->map = map;
  show_map (self);
}

void
orga_heat_map_page_reload (OrgaHeatMapPage *self)
{
  OrgaOrganization *organization;

  g_return_if_fail (ORGA_IS_HEAT_MAP_PAGE (self));

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);

  organization = self->context != NULL ? orga_context_get_organization (self->context) : NULL;
  if (organization == NULL)
    {
      gtk_stack_set_visible_child_name (self->stack, "empty");
      update_actions (self);
      return;
    }

  self->cancellable = g_cancellable_new ();

  gtk_stack_set_visible_child_name (self->stack, "loading");
  gtk_spinner_start (self->spinner);
  update_actions (self);

  /* The page is kept alive until the map is computed; dispose cancels it. */
  orga_class_heat_map_compute_async (orga_context_get_store (self->context), organization, self->cancellable,
                                     compute_done_cb, g_object_ref (self));

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
}

/* ------------------------------------------------------------------------
 * Export
 * ------------------------------------------------------------------------ */

gboolean
orga_heat_map_page_save_png (OrgaHeatMapPage  *self,
                             const char       *path,
                             GError          **error)
{
  guint rows;

  g_return_val_if_fail (ORGA_IS_HEAT_MAP_PAGE (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  rows = orga_heat_map_get_n_rows (self->heat_map);
  return orga_chart_save_png (ORGA_CHART (self->heat_map), path, PNG_WIDTH,
                              PNG_EXTRA + (int)MAX (rows, 1) * PNG_ROW_HEIGHT, error);
}

static void
chooser_response_cb (OrgaHeatMapPage *self,
                     int              response,
                     GtkNativeDialog *chooser)
{
  g_autoptr(GFile) file = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
  if (chooser == self->chooser)
    g_clear_object (&self->chooser);
  if (file == NULL)
    return;

  path = g_file_get_path (file);
  if (path == NULL || !orga_heat_map_page_save_png (self, path, &error))
    {
      g_autofree char *name = g_file_get_basename (file);
      g_autofree char *body = g_strdup_printf (_("The file “%s” could not be written: %s"), name,
                                               error ? error->message : _("only a file on this computer can be written."));

      orga_widget_show_message (GTK_WIDGET (self), _("The Map Could Not Be Exported"), body);
      return;
    }

  adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (_("The map was exported.")));
}

static char *
suggested_file_name (OrgaHeatMapPage *self)
{
  OrgaOrganization *organization = self->context ? orga_context_get_organization (self->context) : NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *date = g_date_time_format (now, "%Y-%m-%d");

  /* TRANSLATORS: the PNG's suggested file name; no slash */
  return g_strdup_printf (_("competences-by-class-%s-%s.png"),
                          organization ? orga_organization_get_uai (organization) : "", date);
}

static void
export_png_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  OrgaHeatMapPage *self = ORGA_HEAT_MAP_PAGE (widget);
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();
  g_autofree char *name = suggested_file_name (self);
  GtkFileChooserNative *chooser;

  if (self->chooser != NULL)
    {
      gtk_native_dialog_show (self->chooser);
      return;
    }

  chooser = gtk_file_chooser_native_new (_("Export the Map"), orga_widget_get_window (GTK_WIDGET (self)),
                                         GTK_FILE_CHOOSER_ACTION_SAVE, _("_Export"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  gtk_file_filter_set_name (filter, _("PNG image (.png)"));
  gtk_file_filter_add_suffix (filter, "png");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), filter);
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
fill_key (OrgaHeatMapPage *self)
{
  /* Two columns of eight: 1.1 … 3.1, then 3.2 … 5.2. */
  for (guint c = 0; c < ORGA_FRAMEWORK_N_COMPETENCES; c++)
    {
      const OrgaCompetence *competence = orga_framework_get_competence (c);
      g_autofree char *text = g_strdup_printf ("%s  %s", competence->index, competence->name);
      GtkWidget *label = gtk_label_new (text);

      gtk_label_set_xalign (GTK_LABEL (label), 0);
      gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
      gtk_widget_set_tooltip_text (label, competence->name);
      gtk_widget_add_css_class (label, "caption");
      gtk_grid_attach (self->key_grid, label, c / 8, c % 8, 1, 1);
    }
}

static void
organization_changed_cb (OrgaHeatMapPage *self)
{
  OrgaOrganization *organization = self->context ? orga_context_get_organization (self->context) : NULL;
  g_autofree char *title = organization ? orga_organization_dup_title (organization) : NULL;

  adw_window_title_set_subtitle (self->window_title, title ? title : "");
  orga_heat_map_page_reload (self);
}

/* An import, its undo or new participations, from anywhere. */
static void
store_changed_cb (OrgaHeatMapPage  *self,
                  OrgaStoreChanges *changes)
{
  if (orga_store_changes_has (changes, ORGA_STORE_CHANGE_LEARNERS | ORGA_STORE_CHANGE_PARTICIPATIONS))
    orga_heat_map_page_reload (self);
}

static void
orga_heat_map_page_dispose (GObject *object)
{
  OrgaHeatMapPage *self = ORGA_HEAT_MAP_PAGE (object);

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);

  if (self->chooser != NULL)
    gtk_native_dialog_destroy (self->chooser);
  g_clear_object (&self->chooser);

  if (self->context != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->context, self);
      g_signal_handlers_disconnect_by_data (orga_context_get_store (self->context), self);
    }

  /* The bin's child is a template child too: unparented once, by the
   * bin, before the template lets go of it. */
  adw_bin_set_child (ADW_BIN (self), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), ORGA_TYPE_HEAT_MAP_PAGE);
  g_clear_object (&self->context);
  g_clear_pointer (&self->map, orga_class_heat_map_free);

  G_OBJECT_CLASS (orga_heat_map_page_parent_class)->dispose (object);
}

static void
orga_heat_map_page_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  OrgaHeatMapPage *self = ORGA_HEAT_MAP_PAGE (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      g_value_set_object (value, self->context);
      break;
    case PROP_BUSY:
      g_value_set_boolean (value, orga_heat_map_page_get_busy (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
orga_heat_map_page_set_property (GObject      *object,
                                 guint         prop_id,
                                 const GValue *value,
                                 GParamSpec   *pspec)
{
  OrgaHeatMapPage *self = ORGA_HEAT_MAP_PAGE (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      g_set_object (&self->context, g_value_get_object (value));
      if (self->context != NULL)
        {
          g_signal_connect_object (self->context, "notify::organization",
                                   G_CALLBACK (organization_changed_cb), self, G_CONNECT_SWAPPED);
          g_signal_connect_object (orga_context_get_store (self->context), "changed",
                                   G_CALLBACK (store_changed_cb), self, G_CONNECT_SWAPPED);
        }
      organization_changed_cb (self);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
orga_heat_map_page_class_init (OrgaHeatMapPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = orga_heat_map_page_dispose;
  object_class->get_property = orga_heat_map_page_get_property;
  object_class->set_property = orga_heat_map_page_set_property;

  properties[PROP_CONTEXT] =
    g_param_spec_object ("context", NULL, NULL, ORGA_TYPE_CONTEXT,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_BUSY] =
    g_param_spec_boolean ("busy", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (ORGA_TYPE_HEAT_MAP);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/pixorga/PixOrga/ui/orga-heat-map-page.ui");
  gtk_widget_class_bind_template_child (widget_class, OrgaHeatMapPage, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, OrgaHeatMapPage, window_title);
  gtk_widget_class_bind_template_child (widget_class, OrgaHeatMapPage, export_button);
  gtk_widget_class_bind_template_child (widget_class, OrgaHeatMapPage, stack);
  gtk_widget_class_bind_template_child (widget_class, OrgaHeatMapPage, spinner);
  gtk_widget_class_bind_template_child (widget_class, OrgaHeatMapPage, error_page);
  gtk_widget_class_bind_template_child (widget_class, OrgaHeatMapPage, summary_label);
  gtk_widget_class_bind_template_child (widget_class, OrgaHeatMapPage, heat_map);
  gtk_widget_class_bind_template_child (widget_class, OrgaHeatMapPage, key_grid);

  gtk_widget_class_install_action (widget_class, "heat-map.export-png", NULL, export_png_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_s, GDK_CONTROL_MASK, "heat-map.export-png", NULL);
}

static void
orga_heat_map_page_init (OrgaHeatMapPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  fill_key (self);
  update_actions (self);
}

OrgaHeatMapPage *
orga_heat_map_page_new (OrgaContext *context)
{
  g_return_val_if_fail (context == NULL || ORGA_IS_CONTEXT (context), NULL);

  return g_object_new (ORGA_TYPE_HEAT_MAP_PAGE, "context", context, NULL);
}

OrgaContext *
orga_heat_map_page_get_context (OrgaHeatMapPage *self)
{
  g_return_val_if_fail (ORGA_IS_HEAT_MAP_PAGE (self), NULL);
  return self->context;
}

gboolean
orga_heat_map_page_get_busy (OrgaHeatMapPage *self)
{
  g_return_val_if_fail (ORGA_IS_HEAT_MAP_PAGE (self), FALSE);
  return self->cancellable != NULL;
}

/* The map window already open for @parent, if any. */
static GtkWindow *
find_window (GtkWindow *parent)
{
  g_autoptr(GList) toplevels = gtk_window_list_toplevels ();

  for (GList *l = toplevels; l != NULL; l = l->next)
    if (ADW_IS_WINDOW (l->data) &&
        gtk_window_get_transient_for (l->data) == parent &&
        ORGA_IS_HEAT_MAP_PAGE (adw_window_get_content (l->data)))
      return l->data;

  return NULL;
}

/**
 * orga_heat_map_page_present:
 *
 * The map opens beside the Élèves page, in a window of its own, so that
 * the head can keep both in view; one per main window.
 */
GtkWindow *
orga_heat_map_page_present (GtkWindow   *parent,
                            OrgaContext *context)
{
  GtkWindow *window;
  OrgaHeatMapPage *page;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (ORGA_IS_CONTEXT (context), NULL);

  window = parent ? find_window (parent) : NULL;
  if (window != NULL)
    {
      /* Already current: the page follows the store's changes. */
      gtk_window_present (window);
      return window;
    }

  page = orga_heat_map_page_new (context);
  window = GTK_WINDOW (adw_window_new ());
  gtk_window_set_title (window, _("Competences by Class"));
  gtk_window_set_default_size (window, 1180, 760);
  orga_widget_fit_to_parent (window);
  gtk_window_set_transient_for (window, parent);
  gtk_window_set_destroy_with_parent (window, TRUE);
  adw_window_set_content (ADW_WINDOW (window), GTK_WIDGET (page));
  gtk_window_present (window);
  return window;
}
