/* orga-students-page.c
 *
 * "Élèves": the school's active students, searched and filtered in SQL by
 * OrgaLearnerList so that 50,000 of them open at once. The import of the
 * SIECLE or Fregata export and its undo are in orga-students-page-import.c.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "orga-students-page"

#include "config.h"

#include <glib/gi18n.h>

#include "orga-format.h"
#include "orga-heat-map-page.h"
#include "orga-learner.h"
#include "orga-status-page.h"
#include "orga-student-account.h"
#include "orga-store-campaigns.h"
#include "orga-students-page-private.h"
#include "orga-text-cell.h"
#include "orga-text.h"
#include "orga-widget-util.h"
#include "orga-wrap-bin.h"
#include "orga-wrap-box.h"

G_DEFINE_FINAL_TYPE (OrgaStudentsPage, orga_students_page, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_CONTEXT,
  PROP_CONNECTION,
  PROP_BUSY,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* The callbacks of the parts built when first needed (build_part()). */
static GtkBuilderScope *part_scope;

/* Less than a row of the list takes besides its line of text (the cells'
 * padding and the row's separator: 5 pixels in Adwaita). */
#define ROW_PADDING 4

/* ------------------------------------------------------------------------
 * State
 * ------------------------------------------------------------------------ */

static gboolean
filters_active (OrgaStudentsPage *self)
{
  return self->filter_bar != NULL && orga_students_filter_bar_get_active (self->filter_bar);
}

static void
update_actions (OrgaStudentsPage *self)
{
  gboolean has_school = self->context != NULL && orga_context_get_organization (self->context) != NULL;

  orga_widget_action_set_enabled (GTK_WIDGET (self), "students.import",
                                 has_school && self->state == IMPORT_IDLE);
  orga_widget_action_set_enabled (GTK_WIDGET (self), "students.cancel-import",
                                 self->state == IMPORT_CHECKING || self->state == IMPORT_RUNNING);
  orga_widget_action_set_enabled (GTK_WIDGET (self), "students.clear-filters", filters_active (self));
  _orga_students_page_update_account_actions (self);
}

/* The banner is hidden once slid up, so that no frame measures it. */
static void
progress_revealed_cb (OrgaStudentsPage *self)
{
  if (!gtk_revealer_get_reveal_child (self->progress_revealer) &&
      !gtk_revealer_get_child_revealed (self->progress_revealer))
    gtk_widget_set_visible (GTK_WIDGET (self->progress_revealer), FALSE);
}

/* ------------------------------------------------------------------------
 * The parts built when first needed
 * ------------------------------------------------------------------------ */

/* Builds @resource, its signals going to the page as a template's do, and
 * keeps the objects of @ids (which the page's widgets own once the part is
 * in place) by their ids. The builder holds a reference to the page: the
 * caller drops it once the part is in place. */
static GtkBuilder *
build_part (OrgaStudentsPage   *self,
            const char         *resource,
            const char * const *ids,
            guint               n_ids)
{
  GtkBuilder *builder = gtk_builder_new ();
  g_autoptr(GError) error = NULL;

  gtk_builder_set_scope (builder, part_scope);
  gtk_builder_set_current_object (builder, G_OBJECT (self));
  if (!gtk_builder_add_from_resource (builder, resource, &error))
    g_error ("Could not build %s: %s", resource, error->message);

  for (guint i = 0; i < n_ids; i++)
    {
      GObject *object = gtk_builder_get_object (builder, ids[i]);

      g_assert (object != NULL);
      g_hash_table_insert (self->part_objects, (gpointer) ids[i], object);
    }
  return builder;
}

static gpointer
part_object (OrgaStudentsPage *self,
             const char       *id)
{
  return g_hash_table_lookup (self->part_objects, id);
}

static const char * const progress_ids[] = {
  "progress_revealer", "progress_spinner", "progress_label", "progress_bar",
};

/* The import's banner, built when first shown: most starts never show it. */
static void
ensure_progress (OrgaStudentsPage *self)
{
  g_autoptr(GtkBuilder) builder = NULL;

  if (self->progress_revealer != NULL)
    return;

  builder = build_part (self, "/io/github/pixorga/PixOrga/ui/orga-students-page-progress.ui",
                        progress_ids, G_N_ELEMENTS (progress_ids));
  self->progress_revealer = part_object (self, "progress_revealer");
  self->progress_spinner = part_object (self, "progress_spinner");
  self->progress_label = part_object (self, "progress_label");
  self->progress_bar = part_object (self, "progress_bar");
  g_signal_connect_object (self->progress_revealer, "notify::child-revealed", G_CALLBACK (progress_revealed_cb),
                           self, G_CONNECT_SWAPPED);
  /* Above the leaflet, in the page's box (the bin's child). */
  gtk_box_prepend (GTK_BOX (adw_bin_get_child (ADW_BIN (self))), GTK_WIDGET (self->progress_revealer));
}

static void
show_progress (OrgaStudentsPage *self,
               gboolean          banner)
{
  ImportState state = self->state;

  switch (state)
    {
    case IMPORT_CHECKING:
      gtk_label_set_label (self->progress_label, _("Checking the file…"));
      break;
    case IMPORT_RUNNING:
      gtk_label_set_label (self->progress_label, _("Import in progress…"));
      break;
    case IMPORT_UNDOING:
      gtk_label_set_label (self->progress_label, _("Undoing the import…"));
      break;
    case IMPORT_IDLE:
    case IMPORT_PREVIEW:
    default:
      break;
    }

  /* The spinner says "wait", the bar says how long: the check is mostly
   * reading the file, the bar is precise enough for both. */
  gtk_spinner_set_spinning (self->progress_spinner, state == IMPORT_CHECKING || state == IMPORT_UNDOING);
  gtk_widget_set_visible (GTK_WIDGET (self->progress_spinner), state == IMPORT_CHECKING || state == IMPORT_UNDOING);
  gtk_widget_set_visible (GTK_WIDGET (self->progress_bar), state == IMPORT_CHECKING || state == IMPORT_RUNNING);
  if (banner)
    gtk_widget_set_visible (GTK_WIDGET (self->progress_revealer), TRUE);
  gtk_revealer_set_reveal_child (self->progress_revealer, banner);
}

void
_orga_students_page_set_state (OrgaStudentsPage *self,
                               ImportState       state)
{
  gboolean was_busy = self->state != IMPORT_IDLE;
  gboolean banner = state == IMPORT_CHECKING || state == IMPORT_RUNNING || state == IMPORT_UNDOING;

  self->state = state;

  if (banner)
    ensure_progress (self);
  if (self->progress_revealer != NULL)
    show_progress (self, banner);

  update_actions (self);

  if (was_busy != (state != IMPORT_IDLE))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
}

/* ------------------------------------------------------------------------
 * Header and counts
 * ------------------------------------------------------------------------ */

/* The last-import line: when there is one, and not on a phone. */
static void
show_last_import (OrgaStudentsPage *self)
{
  gtk_widget_set_visible (GTK_WIDGET (self->last_import_label),
                          !self->compact && *gtk_label_get_label (self->last_import_label) != '\0');
}

static void
update_last_import (OrgaStudentsPage *self)
{
  OrgaOrganization *organization = self->context ? orga_context_get_organization (self->context) : NULL;
  g_autoptr(OrgaImportRecord) record = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *date = NULL;
  g_autofree char *text = NULL;

  gtk_label_set_label (self->last_import_label, "");
  show_last_import (self);

  if (organization == NULL)
    return;

  record = orga_store_get_last_import (orga_context_get_store (self->context), organization, TRUE, &error);
  if (record == NULL)
    {
      if (error != NULL)
        g_warning ("Could not read the last import: %s", error->message);
      return;
    }

  date = orga_format_iso_date (record->created_at, NULL);
  if (date == NULL)
    return;

  /* TRANSLATORS: "on 15/07/2024 by Marie Curie" */
  text = g_strdup_printf (_("Last file successfully imported on %s by %s"),
                          date, record->created_by ? record->created_by : "?");
  gtk_label_set_label (self->last_import_label, text);
  show_last_import (self);
}

static void filters_changed_cb (OrgaStudentsPage *self);

static GStrv
dup_divisions (OrgaStudentsPage *self)
{
  OrgaOrganization *organization = self->context ? orga_context_get_organization (self->context) : NULL;

  if (organization == NULL || self->learners == NULL)
    return NULL;

  return orga_learner_list_dup_divisions (self->learners);
}

/* The classes are known once the whole list is read, right after the
 * first frame: until then the class filter keeps its button as it is. */
static gboolean
divisions_known (OrgaStudentsPage *self)
{
  return self->learners == NULL || orga_learner_list_get_complete (self->learners);
}

static void ensure_list (OrgaStudentsPage *self);

static void
show_list (OrgaStudentsPage *self,
           gboolean          shown)
{
  if (shown)
    ensure_list (self);

  if (shown && self->filter_bar == NULL)
    {
      self->filter_bar = orga_students_filter_bar_new ();
      if (divisions_known (self))
        orga_students_filter_bar_set_divisions (self->filter_bar, dup_divisions (self));
      g_signal_connect_object (self->filter_bar, "changed", G_CALLBACK (filters_changed_cb),
                               self, G_CONNECT_SWAPPED);
      orga_students_filter_bar_set_compact (self->filter_bar, self->compact);
      adw_bin_set_child (self->filter_bin, GTK_WIDGET (self->filter_bar));
    }

  gtk_widget_set_visible (GTK_WIDGET (self->filter_bin), shown);
  if (self->results_stack != NULL)
    {
      gtk_widget_set_visible (self->list_separator, shown);
      gtk_widget_set_visible (GTK_WIDGET (self->results_stack), shown);
    }
}

/* Shows the page @shown of @stack, then hides the page @hidden, if any
 * and built: a stack page that is not shown still has the styles of all
 * its widgets computed for the first frame. The stack keeps a picture of
 * the page it leaves for its crossfade, so hiding after the switch cuts
 * nothing; it does not switch to a hidden page, so showing comes first. */
static void
switch_stack (GtkStack   *stack,
              const char *shown,
              const char *hidden)
{
  GtkWidget *page = hidden != NULL ? gtk_stack_get_child_by_name (stack, hidden) : NULL;

  gtk_widget_set_visible (gtk_stack_get_child_by_name (stack, shown), TRUE);
  gtk_stack_set_visible_child_name (stack, shown);
  if (page != NULL)
    gtk_widget_set_visible (page, FALSE);
}

static const char * const empty_ids[] = {
  "empty_page", "empty_import_button",
};

/* The status page of a school without students, built when first shown:
 * a school with students never shows it. */
static void
ensure_empty (OrgaStudentsPage *self)
{
  g_autoptr(GtkBuilder) builder = NULL;

  if (self->empty_page != NULL)
    return;

  builder = build_part (self, "/io/github/pixorga/PixOrga/ui/orga-students-page-empty.ui",
                        empty_ids, G_N_ELEMENTS (empty_ids));
  self->empty_page = part_object (self, "empty_page");
  self->empty_import_button = part_object (self, "empty_import_button");
  gtk_stack_add_named (self->content_stack, self->empty_page, "empty");
}

static const char * const no_results_ids[] = {
  "no_results_page",
};

/* "No matching students", built when the filters first hide everyone:
 * most starts never show it. */
static void
ensure_no_results (OrgaStudentsPage *self)
{
  g_autoptr(GtkBuilder) builder = NULL;

  if (part_object (self, "no_results_page") != NULL)
    return;

  builder = build_part (self, "/io/github/pixorga/PixOrga/ui/orga-students-page-no-results.ui",
                        no_results_ids, G_N_ELEMENTS (no_results_ids));
  gtk_stack_add_named (self->results_stack, part_object (self, "no_results_page"), "no-results");
}

static void
show_empty (OrgaStudentsPage *self)
{
  ensure_empty (self);
  switch_stack (self->content_stack, "empty", NULL);
}

static void
update_counts (OrgaStudentsPage *self)
{
  guint total = self->learners ? orga_learner_list_get_total (self->learners) : 0;
  guint shown = total;
  g_autofree char *title = g_strdup_printf (_("Students (%'u)"), total);

  gtk_label_set_label (self->title_label, title);

  /* Unfiltered, the list shows every student: that is its total, whether
   * or not it holds more than its first rows yet. */
  if (self->learners != NULL && orga_learner_list_get_filtered (self->learners))
    shown = g_list_model_get_n_items (G_LIST_MODEL (self->learners));

  /* While the empty page shows, the list's page keeps only its header
   * (see switch_stack()): the filters and the table are not built until
   * the school has students (show_list()). The header stays, and with it
   * the "Élèves (0)" heading that assistive technologies find before an
   * import. */
  if (total > 0)
    {
      show_list (self, TRUE);
      switch_stack (self->content_stack, "list", "empty");
    }
  else
    {
      /* Not while the page is made, before its context (the window's
       * template): a school with students never shows it. Before the
       * window measures the page for its first frame, which would
       * otherwise measure the list's header. Without a context, when the
       * page first shows (orga_students_page_map()). */
      if (self->empty_page != NULL || self->context != NULL)
        show_empty (self);
      show_list (self, FALSE);
    }
  /* "No matching students", once built, waits hidden while the list
   * shows: styled, its icon had the SVG loader and librsvg loaded for the
   * first frame (19 M instructions). The list stays shown under it, for
   * the keystroke that brings it back. */
  if (self->results_stack != NULL)
    {
      if (shown > 0)
        switch_stack (self->results_stack, "list", "no-results");
      else
        {
          ensure_no_results (self);
          switch_stack (self->results_stack, "no-results", NULL);
        }
    }

  if (self->filter_bar != NULL)
    orga_students_filter_bar_set_count (self->filter_bar, shown);
}

/* ------------------------------------------------------------------------
 * Filters
 * ------------------------------------------------------------------------ */

static void
apply_filters (OrgaStudentsPage *self)
{
  g_auto(GStrv) divisions = NULL;
  g_auto(GStrv) methods = NULL;

  update_actions (self);

  if (self->learners == NULL)
    {
      update_counts (self);
      return;
    }

  /* No filter before the bar is made (an empty school). Each setter
   * queries again when its filter changes. */
  if (self->filter_bar != NULL)
    {
      divisions = orga_students_filter_bar_dup_checked_divisions (self->filter_bar);
      methods = orga_students_filter_bar_dup_checked_login_methods (self->filter_bar);
    }
  orga_learner_list_set_search (self->learners,
                                self->filter_bar != NULL ? orga_students_filter_bar_get_search (self->filter_bar) : "");
  orga_learner_list_set_divisions (self->learners, (const char * const *) divisions);
  orga_learner_list_set_login_methods (self->learners, (const char * const *) methods);
  orga_learner_list_set_certifiability (self->learners,
                                        self->filter_bar != NULL ? orga_students_filter_bar_get_certifiability (self->filter_bar) : 0);
  orga_learner_slot_list_sync (self->slots);

  update_counts (self);
}

static void
filters_changed_cb (OrgaStudentsPage *self)
{
  apply_filters (self);
}

/* The classes change with each import. */
static void
update_divisions (OrgaStudentsPage *self)
{
  if (self->filter_bar != NULL && divisions_known (self))
    orga_students_filter_bar_set_divisions (self->filter_bar, dup_divisions (self));
}

static void
clear_filters_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  OrgaStudentsPage *self = ORGA_STUDENTS_PAGE (widget);

  /* One reload for all the filters (the bar's one "changed"). */
  if (self->filter_bar != NULL)
    orga_students_filter_bar_clear (self->filter_bar);
  else
    apply_filters (self);
}

/* ------------------------------------------------------------------------
 * Sorting
 * ------------------------------------------------------------------------ */

/* The column sorters never sort anything: OrgaLearnerList sorts in SQL.
 * They only tell which column the column view sorts by, see below. */
static int
probe_name_cb (gconstpointer a,
               gconstpointer b,
               gpointer      user_data)
{
  ((OrgaStudentsPage *)user_data)->probed_sort = ORGA_LEARNER_SORT_NAME;
  return 1;
}

static int
probe_division_cb (gconstpointer a,
                   gconstpointer b,
                   gpointer      user_data)
{
  ((OrgaStudentsPage *)user_data)->probed_sort = ORGA_LEARNER_SORT_DIVISION;
  return 1;
}

static int
probe_participations_cb (gconstpointer a,
                         gconstpointer b,
                         gpointer      user_data)
{
  ((OrgaStudentsPage *)user_data)->probed_sort = ORGA_LEARNER_SORT_PARTICIPATIONS;
  return 1;
}

static int
probe_last_participation_cb (gconstpointer a,
                             gconstpointer b,
                             gpointer      user_data)
{
  ((OrgaStudentsPage *)user_data)->probed_sort = ORGA_LEARNER_SORT_LAST_PARTICIPATION;
  return 1;
}

static void
sorter_changed_cb (OrgaStudentsPage *self)
{
  GtkSorter *sorter = gtk_column_view_get_sorter (self->column_view);
  OrgaLearnerSort sort = ORGA_LEARNER_SORT_NAME;
  gboolean descending = FALSE;
  GtkOrdering order;

  /* GTK 4.8 cannot say which column the view sorts by (the
   * GtkColumnViewSorter API is 4.10). But the view's sorter asks the
   * primary column's sorter first and inverts its answer when the order
   * is descending: one comparison of two dummies tells both. */
  self->probed_sort = -1;
  order = gtk_sorter_compare (sorter, self, self->column_view);
  if (self->probed_sort >= 0)
    {
      sort = self->probed_sort;
      descending = order == GTK_ORDERING_SMALLER;
    }

  if (self->learners == NULL)
    return;

  orga_learner_list_set_sort (self->learners, sort, descending);
  orga_learner_slot_list_sync (self->slots);
}

/* ------------------------------------------------------------------------
 * Cells
 * ------------------------------------------------------------------------ */

/* What a column shows; set on each cell when it is made. */
typedef enum
{
  CELL_LAST_NAME,
  CELL_FIRST_NAME,
  CELL_BIRTHDATE,
  CELL_DIVISION,
  CELL_LOGIN,
  CELL_PARTICIPATIONS,
  CELL_LAST_PARTICIPATION,
  CELL_CERTIFIABLE,
} CellKind;

static GQuark cell_kind_quark;

/* GTK 4.8's column view keeps some 200 rows alive, not only the thirty on
 * screen: 1,600 cells for eight columns. A cell (OrgaTextCell, a lighter
 * GtkInscription) is sized from a number of characters, not from its text,
 * so it costs no text layout until it is drawn, and the columns keep their
 * widths while scrolling. */
/* Long names are cut at the default window size: the whole of them on
 * hover. Asked for when the pointer rests on a cell: setting a tooltip text
 * on each of 400 name cells at every keystroke made GTK ask the X server
 * where the pointer was, 400 round trips a search. */
static gboolean
name_tooltip_cb (OrgaTextCell *cell,
                 int           x,
                 int           y,
                 gboolean      keyboard,
                 GtkTooltip   *tooltip,
                 gpointer      user_data)
{
  const char *text = orga_text_cell_get_text (cell);

  if (text == NULL || g_str_equal (text, "–"))
    return FALSE;

  gtk_tooltip_set_text (tooltip, text);
  return TRUE;
}

/* Pix Orga's tooltip on certifiability (spec §2.3): what it means and
 * when it changes; PixOrga has no daily job, only the profiles received. */
static gboolean
certifiable_tooltip_cb (GtkWidget  *cell,
                        int         x,
                        int         y,
                        gboolean    keyboard,
                        GtkTooltip *tooltip,
                        gpointer    user_data)
{
  g_autofree char *text = g_strdup_printf ("%s\n%s",
                                           _("Certifiability means that the participant has reached level 1 "
                                             "in at least 5 different competences."),
                                           _("This status is updated with each profile received in a "
                                             "profiles collection campaign."));

  gtk_tooltip_set_text (tooltip, text);
  return TRUE;
}

/* Pix Orga's tooltip on the last participation: campaign, type, status. */
static gboolean
participation_tooltip_cb (GtkWidget  *cell,
                          int         x,
                          int         y,
                          gboolean    keyboard,
                          GtkTooltip *tooltip,
                          GtkListItem *item)
{
  OrgaLearnerSlot *slot = gtk_list_item_get_item (item);
  OrgaLearner *learner = slot != NULL ? orga_learner_slot_get_learner (slot) : NULL;
  const char *details = learner != NULL ? orga_learner_get_last_participation_details (learner) : NULL;

  if (details == NULL)
    return FALSE;

  gtk_tooltip_set_text (tooltip, details);
  return TRUE;
}

/* "Méthode(s) de connexion": one line per method in the tooltip, and
 * Pix Orga's explanation of "Aucune". */
static gboolean
login_tooltip_cb (GtkWidget   *cell,
                  int          x,
                  int          y,
                  gboolean     keyboard,
                  GtkTooltip  *tooltip,
                  GtkListItem *item)
{
  OrgaLearnerSlot *slot = gtk_list_item_get_item (item);
  OrgaLearner *learner = slot != NULL ? orga_learner_slot_get_learner (slot) : NULL;
  g_autofree char *text = NULL;
  guint methods;

  if (learner == NULL)
    return FALSE;

  methods = orga_learner_get_login_methods (learner);
  if (methods == ORGA_LOGIN_METHOD_NONE)
    gtk_tooltip_set_text (tooltip, _("The student has no Pix account linked to the school yet, or has not joined a campaign."));
  else
    {
      text = orga_login_methods_to_text (methods, "\n");
      gtk_tooltip_set_text (tooltip, text);
    }
  return TRUE;
}

static GtkWidget *
make_cell (GtkListItem *item,
           CellKind     kind,
           guint        min_chars,
           guint        nat_chars)
{
  GtkWidget *cell = orga_text_cell_new (min_chars, nat_chars);

  if (kind == CELL_LAST_PARTICIPATION)
    {
      gtk_widget_set_has_tooltip (cell, TRUE);
      /* The cell lives inside the item: no reference needed. */
      g_signal_connect (cell, "query-tooltip", G_CALLBACK (participation_tooltip_cb), item);
    }

  if (kind == CELL_LOGIN)
    {
      gtk_widget_set_has_tooltip (cell, TRUE);
      g_signal_connect (cell, "query-tooltip", G_CALLBACK (login_tooltip_cb), item);
    }

  if (kind == CELL_CERTIFIABLE)
    {
      gtk_widget_set_has_tooltip (cell, TRUE);
      g_signal_connect (cell, "query-tooltip", G_CALLBACK (certifiable_tooltip_cb), NULL);
    }

  if (kind == CELL_LAST_NAME || kind == CELL_FIRST_NAME)
    {
      gtk_widget_set_has_tooltip (cell, TRUE);
      g_signal_connect (cell, "query-tooltip", G_CALLBACK (name_tooltip_cb), NULL);
    }

  g_object_set_qdata (G_OBJECT (cell), cell_kind_quark, GUINT_TO_POINTER (kind));
  gtk_list_item_set_child (item, cell);

  return cell;
}

static void
setup_last_name_cb (OrgaStudentsPage         *self,
                    GtkListItem              *item,
                    GtkSignalListItemFactory *factory)
{
  make_cell (item, CELL_LAST_NAME, 9, 18);
}

static void
setup_first_name_cb (OrgaStudentsPage         *self,
                     GtkListItem              *item,
                     GtkSignalListItemFactory *factory)
{
  /* Room for "Bérénice" or "Mathilde" in a window of the default size,
   * where the columns get their minimum: the sortable "Dernière
   * participation" column took what the first names had. */
  make_cell (item, CELL_FIRST_NAME, 8, 14);
}

static void
setup_birthdate_cb (OrgaStudentsPage         *self,
                    GtkListItem              *item,
                    GtkSignalListItemFactory *factory)
{
  /* "31/12/2012" */
  gtk_widget_add_css_class (make_cell (item, CELL_BIRTHDATE, 10, 10), "numeric");
}

static void
setup_division_cb (OrgaStudentsPage         *self,
                   GtkListItem              *item,
                   GtkSignalListItemFactory *factory)
{
  make_cell (item, CELL_DIVISION, 3, 6);
}

/* "Adresse e-mail", "Identifiant", "Mediacentre" or "Aucune". */
static void
setup_login_cb (OrgaStudentsPage         *self,
                GtkListItem              *item,
                GtkSignalListItemFactory *factory)
{
  make_cell (item, CELL_LOGIN, 6, 12);
}

static void
setup_participations_cb (OrgaStudentsPage         *self,
                         GtkListItem              *item,
                         GtkSignalListItemFactory *factory)
{
  gtk_widget_add_css_class (make_cell (item, CELL_PARTICIPATIONS, 1, 3), "numeric");
}

static void
setup_last_participation_cb (OrgaStudentsPage         *self,
                             GtkListItem              *item,
                             GtkSignalListItemFactory *factory)
{
  make_cell (item, CELL_LAST_PARTICIPATION, 1, 2);
}

static void
setup_certifiable_cb (OrgaStudentsPage         *self,
                      GtkListItem              *item,
                      GtkSignalListItemFactory *factory)
{
  /* "Non Certifiable · 01/12/2026" */
  make_cell (item, CELL_CERTIFIABLE, 10, 24);
}

static void
update_cell (OrgaTextCell     *cell,
             GParamSpec      *pspec,
             OrgaLearnerSlot *slot)
{
  OrgaLearner *learner = orga_learner_slot_get_learner (slot);
  CellKind kind = GPOINTER_TO_UINT (g_object_get_qdata (G_OBJECT (cell), cell_kind_quark));
  g_autofree char *owned = NULL;
  const char *text = NULL;

  if (learner == NULL)
    {
      orga_text_cell_set_text (cell, NULL);
      return;
    }

  switch (kind)
    {
    case CELL_LAST_NAME:
      /* The family name, which the list is sorted and searched by; the
       * usual name is on the student's page. */
      text = orga_learner_get_last_name (learner);
      break;
    case CELL_FIRST_NAME:
      text = orga_learner_get_first_name (learner);
      break;
    case CELL_BIRTHDATE:
      text = orga_learner_get_birthdate_display (learner);
      break;
    case CELL_DIVISION:
      text = orga_learner_get_division (learner);
      break;
    case CELL_LOGIN:
      /* One line of a list's row: the methods side by side, one per line
       * in the tooltip. None is said in words, as Pix Orga does. */
      text = owned = orga_login_methods_to_text (orga_learner_get_login_methods (learner), ", ");
      break;
    case CELL_PARTICIPATIONS:
      if (orga_learner_get_participation_count (learner) > 0)
        text = owned = g_strdup_printf ("%u", orga_learner_get_participation_count (learner));
      break;
    case CELL_LAST_PARTICIPATION:
      text = orga_learner_get_last_participation (learner);
      break;
    case CELL_CERTIFIABLE:
      text = orga_learner_get_certifiable (learner);
      if (text == NULL)
        text = C_("certifiability", "Not communicated");
      break;
    default:
      g_assert_not_reached ();
    }

  /* Pix Orga's dash for "nothing yet". */
  orga_text_cell_set_text (cell, text != NULL && *text != '\0' ? text : "–");
}

/* The rows outlive a search (see OrgaLearnerSlotList): a cell follows the
 * student in its slot. */
static void
bind_cell_cb (OrgaStudentsPage         *self,
              GtkListItem              *item,
              GtkSignalListItemFactory *factory)
{
  GtkWidget *cell = gtk_list_item_get_child (item);
  OrgaLearnerSlot *slot = gtk_list_item_get_item (item);

  g_signal_connect_object (slot, "notify::learner", G_CALLBACK (update_cell), cell, G_CONNECT_SWAPPED);
  update_cell (ORGA_TEXT_CELL (cell), NULL, slot);
}

static void
unbind_cell_cb (OrgaStudentsPage         *self,
                GtkListItem              *item,
                GtkSignalListItemFactory *factory)
{
  g_signal_handlers_disconnect_by_func (gtk_list_item_get_item (item), update_cell,
                                        gtk_list_item_get_child (item));
}

/* ------------------------------------------------------------------------
 * A student's page
 * ------------------------------------------------------------------------ */

static void show_student (OrgaStudentsPage *self,
                          OrgaLearner      *learner);

/* A student's page is built when one is first opened: the first frame
 * has no use for it, and a leaflet measures every child it has. */
static void
ensure_student_page (OrgaStudentsPage *self)
{
  AdwLeafletPage *page;

  if (self->student_page != NULL)
    return;

  self->student_page = g_object_new (ORGA_TYPE_STUDENT_PAGE, NULL);
  page = adw_leaflet_append (self->leaflet, GTK_WIDGET (self->student_page));
  adw_leaflet_page_set_name (page, "student");
}

static void
row_activated_cb (OrgaStudentsPage *self,
                  guint             position,
                  GtkColumnView    *view)
{
  g_autoptr(OrgaLearner) learner = NULL;

  if (self->learners == NULL)
    return;

  learner = g_list_model_get_item (G_LIST_MODEL (self->learners), position);
  if (learner == NULL)
    return;

  show_student (self, learner);
  adw_leaflet_set_visible_child_name (self->leaflet, "student");
}

static void
show_student (OrgaStudentsPage *self,
              OrgaLearner      *learner)
{
  ensure_student_page (self);
  orga_student_page_set_learner (self->student_page, learner);
  /* One student's participations: a query on an index, a few rows. */
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(GPtrArray) participations =
      orga_store_list_learner_participations (orga_context_get_store (self->context),
                                              orga_learner_get_id (learner), &error);

    if (participations == NULL)
      g_warning ("Could not read the student’s participations: %s", error->message);
    orga_student_page_set_participations (self->student_page, participations);
  }
}

static void
show_list_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  OrgaStudentsPage *self = ORGA_STUDENTS_PAGE (widget);

  adw_leaflet_set_visible_child_name (self->leaflet, "list");
}

static void
focus_search_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  OrgaStudentsPage *self = ORGA_STUDENTS_PAGE (widget);

  adw_leaflet_set_visible_child_name (self->leaflet, "list");
  if (self->filter_bar != NULL)
    orga_students_filter_bar_focus_search (self->filter_bar);
}

/* "Compétences par classe": the class × competence map, in its own
 * window (orga-heat-map-page.c). */
static void
heat_map_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  OrgaStudentsPage *self = ORGA_STUDENTS_PAGE (widget);

  if (self->context == NULL || orga_context_get_organization (self->context) == NULL)
    return;

  orga_heat_map_page_present (orga_widget_get_window (GTK_WIDGET (self)), self->context);
}

static void
leaflet_child_cb (OrgaStudentsPage *self)
{
  /* Back in the list (button, swipe or Alt+Left): the student is done. */
  if (self->student_page != NULL &&
      g_strcmp0 (adw_leaflet_get_visible_child_name (self->leaflet), "list") == 0 &&
      !adw_leaflet_get_child_transition_running (self->leaflet))
    orga_student_page_set_learner (self->student_page, NULL);
}

/* ------------------------------------------------------------------------
 * Loading
 * ------------------------------------------------------------------------ */

static void
learners_changed_cb (OrgaStudentsPage *self)
{
  update_counts (self);
}

static void
learners_complete_cb (OrgaStudentsPage *self)
{
  update_divisions (self);
  update_counts (self);
}

/* Demonstration participations are never mixed in silently: the banner
 * says that the list's counts, dates and certifiability include them. An
 * EXISTS on the school's participations, not a count: the list opens on
 * 50,000 students. */
/* The banner is hidden once concealed: see the template. */
static void
demo_revealed_cb (OrgaStudentsPage *self)
{
  if (!gtk_revealer_get_reveal_child (self->demo_revealer) &&
      !gtk_revealer_get_child_revealed (self->demo_revealer))
    gtk_widget_set_visible (GTK_WIDGET (self->demo_revealer), FALSE);
}

static void compact_demo (OrgaStudentsPage *self);

static const char * const demo_ids[] = {
  "demo_revealer", "demo_body_label",
};

/* The notice, built when the school first has demonstration data: most
 * have none. Between the filters and the table. */
static void
ensure_demo (OrgaStudentsPage *self)
{
  g_autoptr(GtkBuilder) builder = NULL;

  if (self->demo_revealer != NULL)
    return;

  builder = build_part (self, "/io/github/pixorga/PixOrga/ui/orga-students-page-demo.ui",
                        demo_ids, G_N_ELEMENTS (demo_ids));
  self->demo_revealer = part_object (self, "demo_revealer");
  self->demo_body_label = part_object (self, "demo_body_label");
  gtk_box_insert_child_after (self->list_box, GTK_WIDGET (self->demo_revealer), GTK_WIDGET (self->filter_bin));
  compact_demo (self);
}

static void
update_demo (OrgaStudentsPage *self)
{
  OrgaOrganization *organization = self->context ? orga_context_get_organization (self->context) : NULL;
  gboolean demo;

  /* No list yet, no students: nothing to say of their counts. */
  if (self->results_stack == NULL)
    return;

  demo = organization != NULL && orga_store_has_demo_data (orga_context_get_store (self->context), organization);
  if (demo)
    ensure_demo (self);
  if (self->demo_revealer == NULL)
    return;
  if (demo)
    gtk_widget_set_visible (GTK_WIDGET (self->demo_revealer), TRUE);
  gtk_revealer_set_reveal_child (self->demo_revealer, demo);
  demo_revealed_cb (self);
}

/* After an import or an undo: everything the database says may differ.
 * A new list has just been read: @reload_list is then FALSE. */
void
_orga_students_page_refresh (OrgaStudentsPage *self,
                             gboolean          reload_list)
{
  g_autoptr(GError) error = NULL;

  /* The student shown may have changed class or left. */
  adw_leaflet_set_visible_child_name (self->leaflet, "list");

  /* The classes come from the list's index: read it again first. */
  if (reload_list && self->learners != NULL)
    {
      if (!orga_learner_list_reload (self->learners, &error))
        g_warning ("Could not list the students: %s", error->message);
    }

  update_divisions (self);
  update_last_import (self);
  /* The first frame has no need of it: show_all_rows_cb() asks. */
  if (!self->first_rows_pending)
    update_demo (self);
  /* Syncs the slots and the counts too. */
  apply_filters (self);
  _orga_students_page_update_selection (self);
}

static gboolean
fetch_learner_cb (const OrgaLearnerRow *row,
                  gpointer              user_data)
{
  OrgaLearner **learner = user_data;

  if (row->disabled_at == NULL)
    *learner = orga_learner_new_from_row (row);
  return TRUE;
}

/* The student shown, read again; back to the list when they left. */
static void
update_student (OrgaStudentsPage *self)
{
  OrgaLearner *shown;
  g_autoptr(OrgaLearner) learner = NULL;
  g_autoptr(GError) error = NULL;
  gint64 id;

  /* No student was opened yet: no page to follow. */
  if (self->student_page == NULL)
    return;

  shown = orga_student_page_get_learner (self->student_page);
  if (shown == NULL)
    return;

  id = orga_learner_get_id (shown);
  if (!orga_store_fetch_learners_by_id (orga_context_get_store (self->context), &id, 1,
                                        fetch_learner_cb, &learner, &error))
    g_warning ("Could not read the student: %s", error->message);

  if (learner == NULL)
    {
      adw_leaflet_set_visible_child_name (self->leaflet, "list");
      return;
    }
  show_student (self, learner);
}

/* Another program or page wrote: the list, its classes and counts, and
 * the student shown follow, where they are (the slots keep the
 * selection and the scroll). */
static void
store_changed_cb (OrgaStudentsPage *self,
                  OrgaStoreChanges *changes)
{
  g_autoptr(GError) error = NULL;

  /* Before the school exists, notify::organization sets everything up;
   * our own import or undo refreshes when it ends. */
  if (self->learners == NULL || self->state == IMPORT_RUNNING || self->state == IMPORT_UNDOING)
    return;

  if (orga_store_changes_has (changes, ORGA_STORE_CHANGE_LEARNERS))
    {
      if (!orga_learner_list_reload (self->learners, &error))
        g_warning ("Could not list the students: %s", error->message);
      update_divisions (self);
      apply_filters (self);
      update_student (self);
      _orga_students_page_update_selection (self);
    }
  else if (orga_store_changes_has (changes, ORGA_STORE_CHANGE_PARTICIPATIONS))
    {
      /* Names and classes are as they were: only the participation
       * columns, and the orders by them, are read again. */
      if (!orga_learner_list_reload_participations (self->learners, &error))
        g_warning ("Could not list the students: %s", error->message);
      orga_learner_slot_list_sync (self->slots);
      update_counts (self);
      update_demo (self);
      update_student (self);
    }

  if (orga_store_changes_has (changes, ORGA_STORE_CHANGE_IMPORTS))
    update_last_import (self);
}

static gboolean
show_all_rows_cb (gpointer data)
{
  OrgaStudentsPage *self = data;

  self->unlimit_idle = 0;
  if (self->slots != NULL)
    orga_learner_slot_list_set_limit (self->slots, G_MAXUINT);
  /* The first frame is painted: now the students past its first rows. */
  if (self->learners != NULL)
    orga_learner_list_load_rest (self->learners);
  update_demo (self);

  return G_SOURCE_REMOVE;
}

/* The rows the list's first frame shows, once its layout with a single
 * row gave the height of the list and of a row: each row costs some
 * 5 million instructions before that frame, so none is built that it
 * does not show. Its controls (the check box, the account's button) make
 * a row taller than a line of text; without a row to tell (an empty
 * school, all filtered out), a row is taken as a line of text and
 * ROW_PADDING high, which builds more rather than fewer. */
static guint
first_frame_rows (OrgaStudentsPage *self)
{
  GtkWidget *view = GTK_WIDGET (self->column_view);
  GtkWidget *rows = NULL;
  GtkWidget *row;
  PangoFontMetrics *metrics;
  int height, line;

  /* The view holds its column titles and the list of the rows, whose
   * height is what the rows fill; the view's whole height if that list
   * cannot be told apart. */
  for (GtkWidget *child = gtk_widget_get_first_child (view); child != NULL; child = gtk_widget_get_next_sibling (child))
    if (GTK_IS_LIST_VIEW (child))
      rows = child;
  height = gtk_widget_get_height (rows != NULL ? rows : view);

  metrics = pango_context_get_metrics (gtk_widget_get_pango_context (view), NULL, NULL);
  line = MAX (PANGO_PIXELS_CEIL (pango_font_metrics_get_height (metrics)), 1) + ROW_PADDING;
  pango_font_metrics_unref (metrics);

  /* A row takes what it measures, as the list gives it: its border and
   * margins too, which its height leaves out (one more row was built,
   * hidden, for 1 pixel a row). */
  row = rows != NULL ? gtk_widget_get_first_child (rows) : NULL;
  if (row != NULL)
    {
      int natural;

      gtk_widget_measure (row, GTK_ORIENTATION_VERTICAL, gtk_widget_get_width (rows), NULL, &natural, NULL, NULL);
      line = MAX (line, natural);
    }

  return (MAX (height, 0) + line - 1) / line;
}

/* The page lays its child out itself rather than through AdwBin's layout
 * manager, for the hook in orga_students_page_size_allocate(). */
static void
orga_students_page_measure (GtkWidget      *widget,
                            GtkOrientation  orientation,
                            int             for_size,
                            int            *minimum,
                            int            *natural,
                            int            *minimum_baseline,
                            int            *natural_baseline)
{
  GtkWidget *child = adw_bin_get_child (ADW_BIN (widget));

  if (child != NULL && gtk_widget_should_layout (child))
    gtk_widget_measure (child, orientation, for_size, minimum, natural, minimum_baseline, natural_baseline);
}

/* Below these, a phone (360 × 640, or turned sideways): the header and
 * the filters, wrapped, would take half the height from the list. */
#define COMPACT_WIDTH 600
#define COMPACT_HEIGHT 500

/* The demonstration notice, on two lines when compact, whole in its
 * tooltip. */
static void
compact_demo (OrgaStudentsPage *self)
{
  if (self->demo_body_label == NULL)
    return;

  gtk_label_set_ellipsize (self->demo_body_label, self->compact ? PANGO_ELLIPSIZE_END : PANGO_ELLIPSIZE_NONE);
  gtk_label_set_lines (self->demo_body_label, self->compact ? 2 : -1);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->demo_body_label),
                               self->compact ? gtk_label_get_label (self->demo_body_label) : NULL);
}

/* Compact, the list gets most of the height: the title and the buttons
 * by their icons on one line, without the last import; the filters but
 * the search folded behind "Filters"; the demonstration notice on two
 * lines, whole in its tooltip. */
static void
set_compact (OrgaStudentsPage *self,
             gboolean          compact)
{
  if (self->compact == compact)
    return;

  self->compact = compact;
  gtk_widget_set_visible (self->heat_map_button, !compact);
  gtk_widget_set_visible (GTK_WIDGET (self->import_button), !compact);
  gtk_widget_set_visible (self->heat_map_icon_button, compact);
  gtk_widget_set_visible (self->import_icon_button, compact);
  show_last_import (self);
  compact_demo (self);
  if (self->filter_bar != NULL)
    orga_students_filter_bar_set_compact (self->filter_bar, compact);
}

/* The list's first frame lays the page out twice: with one row, which
 * tells how high the list and a row are, then with the rows that fill
 * that height.
 * A default-priority idle builds the other rows once the frame is painted. */
static void
orga_students_page_size_allocate (GtkWidget *widget,
                                  int        width,
                                  int        height,
                                  int        baseline)
{
  OrgaStudentsPage *self = ORGA_STUDENTS_PAGE (widget);
  GtkWidget *child = adw_bin_get_child (ADW_BIN (widget));

  if (child == NULL || !gtk_widget_should_layout (child))
    return;

  /* Before the child is laid out: it is, then, in its new shape. */
  set_compact (self, width < COMPACT_WIDTH || height < COMPACT_HEIGHT);
  gtk_widget_allocate (child, width, height, baseline, NULL);

  if (!self->first_rows_pending || self->slots == NULL ||
      self->column_view == NULL || !gtk_widget_get_mapped (GTK_WIDGET (self->column_view)))
    return;

  self->first_rows_pending = FALSE;
  orga_learner_slot_list_set_limit (self->slots, first_frame_rows (self));
  gtk_widget_allocate (child, width, height, baseline, NULL);
  if (self->unlimit_idle == 0)
    self->unlimit_idle = g_idle_add (show_all_rows_cb, self);
}

static void
organization_changed_cb (OrgaStudentsPage *self)
{
  OrgaOrganization *organization = self->context ? orga_context_get_organization (self->context) : NULL;
  GtkSingleSelection *selection;

  if (self->learners != NULL)
    g_signal_handlers_disconnect_by_data (self->learners, self);
  g_clear_object (&self->selection);
  g_clear_object (&self->slots);
  g_clear_object (&self->learners);
  /* Another school's students are not checked. */
  if (self->checked != NULL)
    g_hash_table_remove_all (self->checked);

  if (organization != NULL)
    {
      /* Only the first rows for the first frame; the rest right after
       * it (show_all_rows_cb()). */
      self->learners = orga_context_take_learner_list (self->context);
      if (self->learners == NULL)
        self->learners = orga_learner_list_new_first_rows (orga_context_get_store (self->context), organization);
      g_signal_connect_object (self->learners, "notify::complete", G_CALLBACK (learners_complete_cb),
                               self, G_CONNECT_SWAPPED);
      g_signal_connect_object (self->learners, "notify::total", G_CALLBACK (learners_changed_cb),
                               self, G_CONNECT_SWAPPED);
      g_signal_connect_object (self->learners, "notify::n-items", G_CALLBACK (learners_changed_cb),
                               self, G_CONNECT_SWAPPED);
      self->slots = orga_learner_slot_list_new (G_LIST_MODEL (self->learners));
      /* One row before the list's first layout tells how many it shows
       * (see orga_students_page_size_allocate()), the rest right after. */
      orga_learner_slot_list_set_limit (self->slots, 1);
      self->first_rows_pending = TRUE;
      gtk_widget_queue_allocate (GTK_WIDGET (self));

      /* Single selection so that the keyboard focus shows; nothing is
       * selected until asked. */
      selection = gtk_single_selection_new (g_object_ref (G_LIST_MODEL (self->slots)));
      gtk_single_selection_set_autoselect (selection, FALSE);
      gtk_single_selection_set_can_unselect (selection, TRUE);
      gtk_single_selection_set_selected (selection, GTK_INVALID_LIST_POSITION);
      self->selection = GTK_SELECTION_MODEL (selection);
    }

  /* Applies the column view's sort to the new list; without a table yet,
   * the list's own order is the table's first (ensure_list()). */
  if (self->column_view != NULL)
    {
      gtk_column_view_set_model (self->column_view, self->selection);
      sorter_changed_cb (self);
    }
  _orga_students_page_refresh (self, FALSE);
}

/* ------------------------------------------------------------------------
 * The list under the header
 * ------------------------------------------------------------------------ */

/* The ids of orga-students-page-list.ui. */
static const char * const list_ids[] = {
  "list_separator", "results_stack", "column_view",
  "check_column", "name_column", "first_name_column", "birthdate_column", "division_column",
  "login_column", "participations_column", "last_participation_column", "certifiable_column",
  "actions_column",
  "name_sorter", "division_sorter", "participations_sorter", "last_participation_sorter",
};

/* The table is built when the school first has students (show_list()):
 * an empty school's first frame shows its status page only, and had the
 * ten columns made, their factories and sorters, and their classes
 * initialised. The notice of demonstration data, the "no matching
 * students" page and the selection bar, when first shown (ensure_demo(),
 * ensure_no_results(), _orga_students_page_ensure_selection_bar()). */
static void
ensure_list (OrgaStudentsPage *self)
{
  g_autoptr(GtkBuilder) builder = NULL;

  if (self->results_stack != NULL)
    return;

  builder = build_part (self, "/io/github/pixorga/PixOrga/ui/orga-students-page-list.ui",
                        list_ids, G_N_ELEMENTS (list_ids));
  self->list_separator = part_object (self, "list_separator");
  self->results_stack = part_object (self, "results_stack");
  self->column_view = part_object (self, "column_view");
  self->name_column = part_object (self, "name_column");
  self->division_column = part_object (self, "division_column");
  self->participations_column = part_object (self, "participations_column");
  self->last_participation_column = part_object (self, "last_participation_column");
  self->name_sorter = part_object (self, "name_sorter");
  self->division_sorter = part_object (self, "division_sorter");
  self->participations_sorter = part_object (self, "participations_sorter");
  self->last_participation_sorter = part_object (self, "last_participation_sorter");
  gtk_box_append (self->list_box, self->list_separator);
  gtk_box_append (self->list_box, GTK_WIDGET (self->results_stack));

  gtk_custom_sorter_set_sort_func (self->name_sorter, probe_name_cb, self, NULL);
  gtk_custom_sorter_set_sort_func (self->division_sorter, probe_division_cb, self, NULL);
  gtk_custom_sorter_set_sort_func (self->participations_sorter, probe_participations_cb, self, NULL);
  gtk_custom_sorter_set_sort_func (self->last_participation_sorter, probe_last_participation_cb, self, NULL);
  gtk_column_view_sort_by_column (self->column_view, self->name_column, GTK_SORT_ASCENDING);
  g_signal_connect_object (gtk_column_view_get_sorter (self->column_view), "changed",
                           G_CALLBACK (sorter_changed_cb), self, G_CONNECT_SWAPPED);

  gtk_column_view_set_model (self->column_view, self->selection);
  /* The list's order (by name) is the table's first. */
  sorter_changed_cb (self);
  _orga_students_page_init_selection_bar (self);
}

static const char * const selection_ids[] = {
  "selection_revealer", "selection_label",
};

/* The bar under the table, built with the first student checked
 * (selection_changed() in orga-students-page-accounts.c): most starts
 * check none. */
void
_orga_students_page_ensure_selection_bar (OrgaStudentsPage *self)
{
  g_autoptr(GtkBuilder) builder = NULL;

  if (self->selection_revealer != NULL)
    return;

  builder = build_part (self, "/io/github/pixorga/PixOrga/ui/orga-students-page-selection.ui",
                        selection_ids, G_N_ELEMENTS (selection_ids));
  self->selection_revealer = part_object (self, "selection_revealer");
  self->selection_label = part_object (self, "selection_label");
  /* Under the table (ensure_list()). */
  gtk_box_append (self->list_box, GTK_WIDGET (self->selection_revealer));
}

/* ------------------------------------------------------------------------
 * GObject
 * ------------------------------------------------------------------------ */

static void
orga_students_page_root (GtkWidget *widget)
{
  OrgaStudentsPage *self = ORGA_STUDENTS_PAGE (widget);

  GTK_WIDGET_CLASS (orga_students_page_parent_class)->root (widget);

  orga_widget_root_toast_actions (widget, TOAST_ACTIONS_PREFIX, G_ACTION_GROUP (self->toast_actions),
                                  &self->toast_actions_root);
}

/* A page without a context (no school) shows the empty page: built
 * before the stack maps (see update_counts()). */
static void
orga_students_page_map (GtkWidget *widget)
{
  OrgaStudentsPage *self = ORGA_STUDENTS_PAGE (widget);

  if (self->learners == NULL || orga_learner_list_get_total (self->learners) == 0)
    show_empty (self);

  GTK_WIDGET_CLASS (orga_students_page_parent_class)->map (widget);
}

static void
orga_students_page_unroot (GtkWidget *widget)
{
  OrgaStudentsPage *self = ORGA_STUDENTS_PAGE (widget);

  orga_widget_unroot_toast_actions (TOAST_ACTIONS_PREFIX, &self->toast_actions_root);

  GTK_WIDGET_CLASS (orga_students_page_parent_class)->unroot (widget);
}

static void
orga_students_page_dispose (GObject *object)
{
  OrgaStudentsPage *self = (OrgaStudentsPage *)object;

  _orga_students_page_dispose_import (self);

  g_clear_handle_id (&self->unlimit_idle, g_source_remove);

  if (self->learners != NULL)
    g_signal_handlers_disconnect_by_data (self->learners, self);
  if (self->context != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->context, self);
      g_signal_handlers_disconnect_by_data (orga_context_get_store (self->context), self);
    }
  /* The columns going away change the sorter: nothing to sort any more. */
  if (self->column_view != NULL)
    g_signal_handlers_disconnect_by_data (gtk_column_view_get_sorter (self->column_view), self);

  if (self->connection != NULL)
    g_signal_handlers_disconnect_by_data (self->connection, self);

  gtk_widget_dispose_template (GTK_WIDGET (self), ORGA_TYPE_STUDENTS_PAGE);
  g_clear_pointer (&self->part_objects, g_hash_table_unref);
  self->progress_revealer = NULL;
  self->progress_spinner = NULL;
  self->progress_label = NULL;
  self->progress_bar = NULL;
  self->empty_page = NULL;
  self->empty_import_button = NULL;
  self->demo_revealer = NULL;
  self->demo_body_label = NULL;
  self->list_separator = NULL;
  self->results_stack = NULL;
  self->column_view = NULL;
  self->selection_revealer = NULL;
  self->selection_label = NULL;
  _orga_students_page_dispose_accounts (self);
  g_clear_object (&self->connection);
  self->filter_bar = NULL;   /* the filter bin's child */
  self->student_page = NULL;

  g_clear_object (&self->selection);
  g_clear_object (&self->slots);
  g_clear_object (&self->learners);
  g_clear_object (&self->context);
  g_clear_object (&self->toast_actions);

  G_OBJECT_CLASS (orga_students_page_parent_class)->dispose (object);
}

static void
orga_students_page_finalize (GObject *object)
{
  OrgaStudentsPage *self = (OrgaStudentsPage *)object;

  g_clear_pointer (&self->import_path, g_free);

  G_OBJECT_CLASS (orga_students_page_parent_class)->finalize (object);
}

static void
orga_students_page_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  OrgaStudentsPage *self = ORGA_STUDENTS_PAGE (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      g_value_set_object (value, self->context);
      break;
    case PROP_CONNECTION:
      g_value_set_object (value, self->connection);
      break;
    case PROP_BUSY:
      g_value_set_boolean (value, orga_students_page_get_busy (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
orga_students_page_set_property (GObject      *object,
                                 guint         prop_id,
                                 const GValue *value,
                                 GParamSpec   *pspec)
{
  OrgaStudentsPage *self = ORGA_STUDENTS_PAGE (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      orga_students_page_set_context (self, g_value_get_object (value));
      break;
    case PROP_CONNECTION:
      orga_students_page_set_connection (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
orga_students_page_class_init (OrgaStudentsPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = orga_students_page_dispose;
  object_class->finalize = orga_students_page_finalize;
  object_class->get_property = orga_students_page_get_property;
  object_class->set_property = orga_students_page_set_property;
  widget_class->measure = orga_students_page_measure;
  widget_class->size_allocate = orga_students_page_size_allocate;
  widget_class->map = orga_students_page_map;
  widget_class->root = orga_students_page_root;
  widget_class->unroot = orga_students_page_unroot;

  properties[PROP_CONTEXT] =
    g_param_spec_object ("context", NULL, NULL, ORGA_TYPE_CONTEXT,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /**
   * OrgaStudentsPage:connection:
   *
   * The server the students' accounts are managed on; %NULL without one.
   */
  properties[PROP_CONNECTION] =
    g_param_spec_object ("connection", NULL, NULL, ORGA_TYPE_CONNECTION,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /**
   * OrgaStudentsPage:busy:
   *
   * Whether a file is being checked, previewed or imported, or an import
   * undone: another import waits.
   */
  properties[PROP_BUSY] =
    g_param_spec_boolean ("busy", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  cell_kind_quark = g_quark_from_static_string ("orga-students-page-cell-kind");

  g_type_ensure (ORGA_TYPE_STATUS_PAGE);
  g_type_ensure (ORGA_TYPE_WRAP_BIN);
  g_type_ensure (ORGA_TYPE_WRAP_BOX);
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/pixorga/PixOrga/ui/orga-students-page.ui");
  gtk_widget_class_bind_template_child (widget_class, OrgaStudentsPage, leaflet);
  gtk_widget_class_bind_template_child (widget_class, OrgaStudentsPage, content_stack);
  gtk_widget_class_bind_template_child (widget_class, OrgaStudentsPage, filter_bin);
  gtk_widget_class_bind_template_child (widget_class, OrgaStudentsPage, title_label);
  gtk_widget_class_bind_template_child (widget_class, OrgaStudentsPage, last_import_label);
  gtk_widget_class_bind_template_child (widget_class, OrgaStudentsPage, import_button);
  gtk_widget_class_bind_template_child (widget_class, OrgaStudentsPage, heat_map_button);
  gtk_widget_class_bind_template_child (widget_class, OrgaStudentsPage, heat_map_icon_button);
  gtk_widget_class_bind_template_child (widget_class, OrgaStudentsPage, import_icon_button);
  gtk_widget_class_bind_template_child (widget_class, OrgaStudentsPage, list_box);
  gtk_widget_class_bind_template_callback (widget_class, filters_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, leaflet_child_cb);

  part_scope = gtk_builder_cscope_new ();
  gtk_builder_cscope_add_callback (part_scope, demo_revealed_cb);
  gtk_builder_cscope_add_callback (part_scope, row_activated_cb);
  gtk_builder_cscope_add_callback (part_scope, setup_last_name_cb);
  gtk_builder_cscope_add_callback (part_scope, setup_first_name_cb);
  gtk_builder_cscope_add_callback (part_scope, setup_birthdate_cb);
  gtk_builder_cscope_add_callback (part_scope, setup_division_cb);
  gtk_builder_cscope_add_callback (part_scope, setup_login_cb);
  gtk_builder_cscope_add_callback (part_scope, setup_participations_cb);
  gtk_builder_cscope_add_callback (part_scope, setup_last_participation_cb);
  gtk_builder_cscope_add_callback (part_scope, setup_certifiable_cb);
  gtk_builder_cscope_add_callback (part_scope, bind_cell_cb);
  gtk_builder_cscope_add_callback (part_scope, unbind_cell_cb);

  _orga_students_page_class_init_import (widget_class);
  _orga_students_page_class_init_accounts (widget_class, GTK_BUILDER_CSCOPE (part_scope));
  gtk_widget_class_install_action (widget_class, "students.clear-filters", NULL, clear_filters_action);
  gtk_widget_class_install_action (widget_class, "students.show-list", NULL, show_list_action);
  gtk_widget_class_install_action (widget_class, "students.focus-search", NULL, focus_search_action);
  gtk_widget_class_install_action (widget_class, "students.heat-map", NULL, heat_map_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_f, GDK_CONTROL_MASK, "students.focus-search", NULL);
}

static void
orga_students_page_init (OrgaStudentsPage *self)
{
  self->probed_sort = -1;
  self->part_objects = g_hash_table_new (g_str_hash, g_str_equal);

  /* see orga_students_page_measure() */
  gtk_widget_set_layout_manager (GTK_WIDGET (self), NULL);
  gtk_widget_init_template (GTK_WIDGET (self));

  _orga_students_page_init_import (self);
  _orga_students_page_init_accounts (self);

  _orga_students_page_set_state (self, IMPORT_IDLE);
  update_counts (self);
}

OrgaContext *
orga_students_page_get_context (OrgaStudentsPage *self)
{
  g_return_val_if_fail (ORGA_IS_STUDENTS_PAGE (self), NULL);
  return self->context;
}

void
orga_students_page_set_context (OrgaStudentsPage *self,
                                OrgaContext      *context)
{
  g_return_if_fail (ORGA_IS_STUDENTS_PAGE (self));
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

OrgaConnection *
orga_students_page_get_connection (OrgaStudentsPage *self)
{
  g_return_val_if_fail (ORGA_IS_STUDENTS_PAGE (self), NULL);
  return self->connection;
}

static void
connection_changed_cb (OrgaStudentsPage *self)
{
  _orga_students_page_update_account_actions (self);
}

void
orga_students_page_set_connection (OrgaStudentsPage *self,
                                   OrgaConnection   *connection)
{
  g_return_if_fail (ORGA_IS_STUDENTS_PAGE (self));
  g_return_if_fail (connection == NULL || ORGA_IS_CONNECTION (connection));

  if (self->connection == connection)
    return;

  if (self->connection != NULL)
    g_signal_handlers_disconnect_by_data (self->connection, self);
  g_set_object (&self->connection, connection);
  if (self->connection != NULL)
    g_signal_connect_object (self->connection, "notify::client", G_CALLBACK (connection_changed_cb),
                             self, G_CONNECT_SWAPPED);

  _orga_students_page_update_account_actions (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CONNECTION]);
}

gboolean
orga_students_page_get_busy (OrgaStudentsPage *self)
{
  g_return_val_if_fail (ORGA_IS_STUDENTS_PAGE (self), FALSE);
  return self->state != IMPORT_IDLE;
}

/**
 * orga_students_page_get_part_object:
 * @id: an id of orga-students-page-list.ui, orga-students-page-progress.ui
 *   or orga-students-page-empty.ui
 *
 * An object of a part of the page built when first needed: the list (when
 * the school first has students), the import's banner or the empty
 * school's status page (tests).
 *
 * Returns: (transfer none) (nullable): the object, or %NULL while its part
 *   is not built
 */
GObject *
orga_students_page_get_part_object (OrgaStudentsPage *self,
                                    const char       *id)
{
  g_return_val_if_fail (ORGA_IS_STUDENTS_PAGE (self), NULL);

  return g_hash_table_lookup (self->part_objects, id);
}
