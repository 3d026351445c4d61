/* orga-students-page-private.h: what the Élèves page's files share
 *
 * orga-students-page.c shows the list; orga-students-page-import.c checks,
 * previews and imports a file and undoes the last import.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "orga-connection.h"
#include "orga-importer.h"
#include "orga-learner-list.h"
#include "orga-learner-slot-list.h"
#include "orga-student-page.h"
#include "orga-students-filter-bar.h"
#include "orga-students-page.h"

G_BEGIN_DECLS

/* The page's own actions, reachable from the window's toasts: a toast's
 * button looks its action up from the toast overlay, above this page,
 * and AdwToast has no "button-clicked" signal in libadwaita 1.2. */
#define TOAST_ACTIONS_PREFIX "students-page"

typedef enum
{
  IMPORT_IDLE,
  IMPORT_CHECKING,   /* dry run */
  IMPORT_PREVIEW,    /* waiting for the head's decision */
  IMPORT_RUNNING,
  IMPORT_UNDOING,
} ImportState;

struct _OrgaStudentsPage
{
  AdwBin               parent_instance;

  /* template widgets */
  AdwLeaflet          *leaflet;
  GtkStack            *content_stack;
  AdwBin              *filter_bin;
  /* the filter bin's child, made when the list first shows (show_list()) */
  OrgaStudentsFilterBar *filter_bar;
  GtkLabel            *title_label;
  GtkLabel            *last_import_label;
  GtkButton           *import_button;
  GtkWidget           *heat_map_button;
  GtkWidget           *heat_map_icon_button;
  GtkWidget           *import_icon_button;
  /* a phone's size: the header on one line, the filters folded (set_compact()) */
  gboolean             compact;
  GtkBox              *list_box;

  /* The objects of the parts built when first needed, by their ids (not
   * owned, see build_part()). */
  GHashTable          *part_objects;
  /* orga-students-page-progress.ui: the import's banner, built when
   * first shown (ensure_progress()); NULL until then */
  GtkRevealer         *progress_revealer;
  GtkSpinner          *progress_spinner;
  GtkLabel            *progress_label;
  GtkProgressBar      *progress_bar;
  /* orga-students-page-empty.ui: the content stack's "empty" page,
   * built when first shown (ensure_empty()); NULL until then */
  GtkWidget           *empty_page;
  GtkButton           *empty_import_button;
  /* orga-students-page-demo.ui: the demonstration notice, built when the
   * school first has demonstration data (ensure_demo()); NULL until then */
  GtkRevealer         *demo_revealer;
  GtkLabel            *demo_body_label;
  /* orga-students-page-list.ui: the table, built when the school first
   * has students (ensure_list()); NULL until then */
  GtkWidget           *list_separator;
  GtkStack            *results_stack;
  GtkColumnView       *column_view;
  GtkColumnViewColumn *name_column;
  GtkColumnViewColumn *division_column;
  GtkColumnViewColumn *participations_column;
  GtkColumnViewColumn *last_participation_column;
  GtkCustomSorter     *name_sorter;
  GtkCustomSorter     *division_sorter;
  GtkCustomSorter     *participations_sorter;
  GtkCustomSorter     *last_participation_sorter;
  /* orga-students-page-selection.ui: the selection bar, built with the
   * first student checked (_orga_students_page_ensure_selection_bar());
   * NULL until then */
  GtkRevealer         *selection_revealer;
  GtkLabel            *selection_label;

  /* built when a student is first opened; the leaflet holds it */
  OrgaStudentPage     *student_page;

  /* owned */
  OrgaContext         *context;
  OrgaConnection      *connection;          /* nullable: no server (tests) */
  /* the students checked for a bulk reset: id (gint64 *) → uuid */
  GHashTable          *checked;
  GPtrArray           *check_items;         /* the GtkListItems of the boxes bound */
  GCancellable        *accounts_cancellable;
  gboolean             resetting;           /* a bulk reset is under way */
  OrgaLearnerList     *learners;
  OrgaLearnerSlotList *slots;               /* what the column view shows */
  GtkSelectionModel   *selection;           /* the slots', the column view's model */
  GSimpleActionGroup  *toast_actions;
  GtkWidget           *toast_actions_root;  /* where toast_actions is inserted (weak) */
  GtkNativeDialog     *chooser;
  guint                unlimit_idle;        /* see orga_students_page_size_allocate() */
  gboolean             first_rows_pending;

  /* the import under way */
  ImportState          state;
  OrgaImporter        *importer;
  GCancellable        *cancellable;
  GBinding            *fraction_binding;
  char                *import_path;

  /* set while the sorter is probed, see sorter_changed_cb() */
  int                  probed_sort;
};

/* orga-students-page.c */
void _orga_students_page_set_state          (OrgaStudentsPage *self,
                                             ImportState       state);
/* After an import or an undo: everything the database says may differ. */
void _orga_students_page_refresh            (OrgaStudentsPage *self,
                                             gboolean          reload_list);

/* orga-students-page-accounts.c: "Gérer le compte", the check boxes and
 * the bulk password reset (spec §2.5) */
void _orga_students_page_class_init_accounts (GtkWidgetClass   *widget_class,
                                              GtkBuilderCScope *list_scope);
void _orga_students_page_init_accounts      (OrgaStudentsPage *self);
void _orga_students_page_dispose_accounts   (OrgaStudentsPage *self);
/* The table, just built: the actions and the selection bar (if any) say
 * what is checked. */
void _orga_students_page_init_selection_bar (OrgaStudentsPage *self);
/* orga-students-page.c: builds the selection bar, if not yet. */
void _orga_students_page_ensure_selection_bar (OrgaStudentsPage *self);
/* After a reload: the checked students that are gone are unchecked. */
void _orga_students_page_update_selection   (OrgaStudentsPage *self);
void _orga_students_page_update_account_actions (OrgaStudentsPage *self);

/* orga-students-page-import.c */
void _orga_students_page_class_init_import  (GtkWidgetClass   *widget_class);
void _orga_students_page_init_import        (OrgaStudentsPage *self);
/* Cancels the import under way (it rolls back) and closes the chooser. */
void _orga_students_page_dispose_import     (OrgaStudentsPage *self);

G_END_DECLS
