/* test-student-activity.c: "Certificabilité" in the Élèves list and the
 * student's page (spec §2.3, §2.4) from participations pulled from the
 * space, as a sync applies them
 *
 * The school is bound to a space; its students, campaigns and
 * participations arrive in a page of the sync applied by the store
 * (orga_store_sync_apply_page()), built from orga-sync-wire's tables as
 * the server builds it. With PIXORGA_SCREENSHOT_DIR set, the list and a
 * student's page are saved there, light and dark
 * (data/screenshots/students-certifiability*.png, student-activity*.png).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "orga-context.h"
#include "orga-i18n.h"
#include "orga-learner-slot.h"
#include "orga-learner.h"
#include "orga-store-account.h"
#include "orga-store-campaigns.h"
#include "orga-store-sync.h"
#include "orga-student-page.h"
#include "orga-students-filter-bar.h"
#include "orga-students-page.h"
#include "orga-sync-wire.h"
#include "orga-text-cell.h"
#include "orga-ui-test-util.h"

#define UAI "0330001A"
#define SPACE_ID "org-1"
#define PROFILE "rentree-6e"
#define T0 "2026-09-03T08:05:00.000000Z"

#define IMPORT "0190d000-0000-7000-8000-000000000001"
#define COLLECTION "0190d000-0000-7000-8000-000000000201"
#define ASSESSMENT "0190d000-0000-7000-8000-000000000202"

typedef struct
{
  const char *ine;
  const char *last_name;
  const char *first_name;
} Student;

/* Who sent what (see pulled_page()). */
static const Student students[] = {
  { "1234567890A", "Dupont", "Léa" },      /* certifiable on 01/10; an assessment started */
  { "1234567890B", "Martin", "Hugo" },     /* not certifiable on 20/09 */
  { "1234567890C", "Bernard", "Zoé" },     /* certifiable by her first sending; her retry waits */
  { "1234567890D", "Petit", "Jules" },     /* his only profile deleted */
  { "1234567890E", "Robert", "Inès" },     /* an assessment sent: says nothing */
  { "1234567890F", "Richard", "Nina" },    /* nothing yet */
};

static char *temp_dir;

typedef struct
{
  char             *db_path;
  OrgaStore        *store;
  OrgaOrganization *organization;
  OrgaContext      *context;
  GtkWindow        *window;
  OrgaStudentsPage *page;
  GVariant         *shown;      /* the last "win.show-participation" */
} Fixture;

/* ------------------------------------------------------------------------
 * The pulled page
 * ------------------------------------------------------------------------ */

/* A row of @kind, every field at a plain default, then "name", "value"
 * pairs (NULL-terminated; a NULL value is JSON null), each value read as
 * its field's type. */
static JsonObject *
make_row (OrgaWireKind kind,
          ...)
{
  guint n_fields;
  const OrgaWireField *fields = orga_sync_wire_fields (kind, &n_fields);
  JsonObject *row = json_object_new ();
  const char *name;
  va_list args;

  for (guint i = 0; i < n_fields; i++)
    {
      if (fields[i].nullable)
        json_object_set_null_member (row, fields[i].name);
      else if (fields[i].type == ORGA_WIRE_TEXT || fields[i].type == ORGA_WIRE_BASE64)
        json_object_set_string_member (row, fields[i].name, "");
      else if (fields[i].type == ORGA_WIRE_INT)
        json_object_set_int_member (row, fields[i].name, 0);
      else if (fields[i].type == ORGA_WIRE_REAL)
        json_object_set_double_member (row, fields[i].name, 0);
      else
        json_object_set_boolean_member (row, fields[i].name, FALSE);
    }

  va_start (args, kind);
  while ((name = va_arg (args, const char *)) != NULL)
    {
      const char *value = va_arg (args, const char *);
      int i = orga_sync_wire_field_index (kind, name);

      g_assert_cmpint (i, >=, 0);
      if (value == NULL)
        json_object_set_null_member (row, name);
      else if (fields[i].type == ORGA_WIRE_TEXT || fields[i].type == ORGA_WIRE_BASE64)
        json_object_set_string_member (row, name, value);
      else if (fields[i].type == ORGA_WIRE_INT)
        json_object_set_int_member (row, name, g_ascii_strtoll (value, NULL, 10));
      else if (fields[i].type == ORGA_WIRE_REAL)
        json_object_set_double_member (row, name, g_ascii_strtod (value, NULL));
      else
        json_object_set_boolean_member (row, name, g_str_equal (value, "true"));
    }
  va_end (args);
  return row;
}

static char *
learner_uuid (guint i)
{
  return g_strdup_printf ("0190d000-0000-7000-8000-%012u", 101 + i);
}

static char *
participation_uuid (guint i)
{
  return g_strdup_printf ("0190d000-0000-7000-8000-%012u", 301 + i);
}

/* A participation of student @who in @campaign; @shared_at NULL when not
 * sent; @certifiable "true", "false" or NULL. */
static JsonObject *
participation (guint       n,
               guint       who,
               const char *campaign,
               const char *status,
               const char *created_at,
               const char *shared_at,
               const char *certifiable,
               gboolean    improved,
               guint       attempt)
{
  g_autofree char *uuid = participation_uuid (n);
  g_autofree char *learner = learner_uuid (who);
  g_autofree char *seq = g_strdup_printf ("%u", 100 + n);
  g_autofree char *number = g_strdup_printf ("%u", attempt);

  return make_row (ORGA_WIRE_PARTICIPATIONS, "uuid", uuid, "campaign", campaign, "learner", learner,
                   "status", status, "created_at", created_at, "shared_at", shared_at,
                   "mastery_rate", shared_at ? "0.3" : "0", "progression", shared_at ? "1" : "0.5",
                   "pix_score", shared_at ? "96" : "0", "is_certifiable", certifiable,
                   "is_improved", improved ? "true" : "false", "attempt", number,
                   "results", "AAAAAAAAAAAAAAAAAAAAAA==", "seq", seq, NULL);
}

static void
add (JsonObject   *page,
     OrgaWireKind  kind,
     JsonObject   *row)
{
  json_array_add_object_element (json_object_get_array_member (page, orga_sync_wire_kind_name (kind)), row);
}

static JsonNode *
pulled_page (void)
{
  JsonObject *page = json_object_new ();
  JsonObject *row;

  json_object_set_int_member (page, "protocol", ORGA_SYNC_PROTOCOL);
  json_object_set_int_member (page, "after", 0);
  json_object_set_int_member (page, "cursor", 200);
  json_object_set_boolean_member (page, "more", FALSE);
  json_object_set_boolean_member (page, "reset", FALSE);
  for (guint k = 0; k < ORGA_WIRE_N_KINDS; k++)
    json_object_set_array_member (page, orga_sync_wire_kind_name (k), json_array_new ());

  add (page, ORGA_WIRE_IMPORTS,
       make_row (ORGA_WIRE_IMPORTS, "uuid", IMPORT, "created_at", T0, "created_by", "Mme Martin",
                 "device", "other-device", "file_name", "eleves.xml", "format", "SIECLE_XML",
                 "status", "imported", "errors", "[]", "seq", "1", NULL));
  for (guint i = 0; i < G_N_ELEMENTS (students); i++)
    {
      g_autofree char *uuid = learner_uuid (i);
      g_autofree char *seq = g_strdup_printf ("%u", 2 + i);

      add (page, ORGA_WIRE_LEARNERS,
           make_row (ORGA_WIRE_LEARNERS, "uuid", uuid, "ine", students[i].ine, "last_name", students[i].last_name,
                     "first_name", students[i].first_name, "division", "6A", "birthdate", "2014-03-12",
                     "created_at", T0, "updated_at", T0, "import", IMPORT, "seq", seq, NULL));
    }

  row = make_row (ORGA_WIRE_CAMPAIGNS, "uuid", COLLECTION, "code", "PROFIL123", "name", "Collecte de rentrée",
                  "type", "PROFILES_COLLECTION", "owner", "Élise Dürer", "owner_id", "user-elise",
                  "creator", "Élise Dürer", "multiple_sendings", "true", "created_at", T0, "updated_at", T0,
                  "seq", "20", NULL);
  add (page, ORGA_WIRE_CAMPAIGNS, row);
  add (page, ORGA_WIRE_CAMPAIGNS,
       make_row (ORGA_WIRE_CAMPAIGNS, "uuid", ASSESSMENT, "code", "EVAL6E123", "name", "Évaluation de rentrée",
                 "type", "ASSESSMENT", "target_profile_id", PROFILE, "owner", "Élise Dürer",
                 "owner_id", "user-elise", "creator", "Élise Dürer", "created_at", T0, "updated_at", T0,
                 "seq", "21", NULL));

  add (page, ORGA_WIRE_PARTICIPATIONS,
       participation (0, 0, COLLECTION, "SHARED", "2026-10-01T07:30:00.000000Z", "2026-10-01T08:00:00.000000Z",
                      "true", FALSE, 1));
  add (page, ORGA_WIRE_PARTICIPATIONS,
       participation (1, 0, ASSESSMENT, "STARTED", "2026-10-05T08:00:00.000000Z", NULL, NULL, FALSE, 1));
  add (page, ORGA_WIRE_PARTICIPATIONS,
       participation (2, 1, COLLECTION, "SHARED", "2026-09-20T07:30:00.000000Z", "2026-09-20T08:00:00.000000Z",
                      "false", FALSE, 1));
  add (page, ORGA_WIRE_PARTICIPATIONS,
       participation (3, 2, COLLECTION, "SHARED", "2026-09-01T07:30:00.000000Z", "2026-09-01T08:00:00.000000Z",
                      "true", TRUE, 1));
  add (page, ORGA_WIRE_PARTICIPATIONS,
       participation (4, 2, COLLECTION, "TO_SHARE", "2026-09-08T08:00:00.000000Z", NULL, NULL, FALSE, 2));
  row = participation (5, 3, COLLECTION, "SHARED", "2026-09-02T07:30:00.000000Z", "2026-09-02T08:00:00.000000Z",
                       "true", FALSE, 1);
  json_object_set_string_member (row, "deleted_at", "2026-09-03T08:00:00.000000Z");
  json_object_set_string_member (row, "deleted_by", "Élise Dürer");
  add (page, ORGA_WIRE_PARTICIPATIONS, row);
  add (page, ORGA_WIRE_PARTICIPATIONS,
       participation (6, 4, ASSESSMENT, "SHARED", "2026-09-10T07:30:00.000000Z", "2026-09-10T08:00:00.000000Z",
                      "true", FALSE, 1));

  {
    JsonNode *node = json_node_init_object (json_node_alloc (), page);

    json_object_unref (page);
    return node;
  }
}

/* ------------------------------------------------------------------------
 * Fixture
 * ------------------------------------------------------------------------ */

static guint
n_shown (Fixture *fixture)
{
  GtkColumnView *view = GTK_COLUMN_VIEW (orga_ui_test_students_page_child (GTK_WIDGET (fixture->page), "column_view"));

  return g_list_model_get_n_items (G_LIST_MODEL (gtk_column_view_get_model (view)));
}

static gboolean
all_shown_cb (gpointer data)
{
  return n_shown (data) == G_N_ELEMENTS (students);
}

/* What OrgaWindow does with it is the window's test's; here, what asks. */
static void
show_participation_cb (GSimpleAction *action,
                       GVariant      *parameter,
                       gpointer       user_data)
{
  Fixture *fixture = user_data;

  g_clear_pointer (&fixture->shown, g_variant_unref);
  fixture->shown = g_variant_ref (parameter);
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  g_autoptr(OrgaAccount) anne = orga_account_new ("https://pix.example", "user-anne", "anne@ac.fr",
                                                  "Anne", "Proviseur");
  g_autoptr(OrgaSpace) space = orga_space_new (SPACE_ID, UAI, "Collège Victor Hugo",
                                               ORGA_ORGANIZATION_KIND_SCO, FALSE, ORGA_MEMBER_ROLE_ADMIN);
  g_autoptr(JsonNode) page = pulled_page ();
  g_autoptr(GError) error = NULL;
  static guint n;
  guint n_rows = 0;

  fixture->db_path = g_strdup_printf ("%s/test-%u.db", temp_dir, n++);
  fixture->store = orga_store_open (fixture->db_path, &error);
  g_assert_no_error (error);
  fixture->organization = orga_store_bind (fixture->store, anne, space, &error);
  g_assert_no_error (error);

  /* As a pull applies it. */
  g_assert_true (orga_store_sync_apply_page (fixture->store, fixture->organization, page, &n_rows, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n_rows, ==, 1 + G_N_ELEMENTS (students) + 2 + 7);

  fixture->context = orga_context_new (fixture->store, settings);
  orga_context_set_organization (fixture->context, fixture->organization);
  fixture->page = g_object_new (ORGA_TYPE_STUDENTS_PAGE, "context", fixture->context, NULL);
  g_object_add_weak_pointer (G_OBJECT (fixture->page), (gpointer *) &fixture->page);
  fixture->window = orga_ui_test_present (GTK_WIDGET (fixture->page), 1280, 640);
  {
    g_autoptr(GSimpleActionGroup) group = g_simple_action_group_new ();
    g_autoptr(GSimpleAction) action = g_simple_action_new ("show-participation", G_VARIANT_TYPE ("(xx)"));

    g_signal_connect (action, "activate", G_CALLBACK (show_participation_cb), fixture);
    g_action_map_add_action (G_ACTION_MAP (group), G_ACTION (action));
    gtk_widget_insert_action_group (GTK_WIDGET (fixture->window), "win", G_ACTION_GROUP (group));
  }
  orga_ui_test_spin (100);
  orga_ui_test_wait_until (all_shown_cb, fixture);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  orga_ui_test_close_dialogs (fixture->window);
  gtk_window_destroy (fixture->window);
  orga_ui_test_spin (50);

  g_assert_null (fixture->page);
  g_assert_finalize_object (fixture->context);
  g_clear_object (&fixture->organization);
  g_assert_finalize_object (fixture->store);

  g_unlink (fixture->db_path);
  g_clear_pointer (&fixture->db_path, g_free);
  g_clear_pointer (&fixture->shown, g_variant_unref);
}

static gpointer
filter_child (Fixture    *fixture,
              const char *name)
{
  GtkWidget *bin = GTK_WIDGET (orga_ui_test_students_page_child (GTK_WIDGET (fixture->page), "filter_bin"));
  GObject *object = gtk_widget_get_template_child (adw_bin_get_child (ADW_BIN (bin)), ORGA_TYPE_STUDENTS_FILTER_BAR,
                                                   name);

  g_assert_nonnull (object);
  return object;
}

/* The student shown at @position (a new reference). */
static OrgaLearner *
learner_at (Fixture *fixture,
            guint    position)
{
  GtkColumnView *view = GTK_COLUMN_VIEW (orga_ui_test_students_page_child (GTK_WIDGET (fixture->page), "column_view"));
  g_autoptr(OrgaLearnerSlot) slot = g_list_model_get_item (G_LIST_MODEL (gtk_column_view_get_model (view)), position);

  g_assert_nonnull (orga_learner_slot_get_learner (slot));
  return g_object_ref (orga_learner_slot_get_learner (slot));
}

/* The last names shown, in order, joined by spaces. */
static char *
shown_names (Fixture *fixture)
{
  GString *names = g_string_new (NULL);

  for (guint i = 0; i < n_shown (fixture); i++)
    {
      g_autoptr(OrgaLearner) learner = learner_at (fixture, i);

      g_string_append_printf (names, "%s%s", i ? " " : "", orga_learner_get_last_name (learner));
    }
  return g_string_free (names, FALSE);
}

/* The certifiability of the student named @last_name, as the list has it. */
static char *
certifiable_of (Fixture    *fixture,
                const char *last_name)
{
  for (guint i = 0; i < n_shown (fixture); i++)
    {
      g_autoptr(OrgaLearner) learner = learner_at (fixture, i);

      if (g_str_equal (orga_learner_get_last_name (learner), last_name))
        return g_strdup (orga_learner_get_certifiable (learner));
    }
  g_assert_not_reached ();
}

/* Whether some text cell of the page reads @text. */
static gboolean
has_cell_text (GtkWidget  *widget,
               const char *text)
{
  if (ORGA_IS_TEXT_CELL (widget) && g_strcmp0 (orga_text_cell_get_text (ORGA_TEXT_CELL (widget)), text) == 0)
    return TRUE;
  for (GtkWidget *c = gtk_widget_get_first_child (widget); c != NULL; c = gtk_widget_get_next_sibling (c))
    if (has_cell_text (c, text))
      return TRUE;
  return FALSE;
}

static void
check_filter (Fixture    *fixture,
              gboolean    not_available,
              gboolean    eligible,
              gboolean    non_eligible,
              const char *expected)
{
  GtkWidget *button = filter_child (fixture, "certifiability_button");
  g_autofree char *names = NULL;

  gtk_check_button_set_active (orga_ui_test_popover_check (button, C_("certifiability", "Not communicated")),
                               not_available);
  gtk_check_button_set_active (orga_ui_test_popover_check (button, _("Certifiable")), eligible);
  gtk_check_button_set_active (orga_ui_test_popover_check (button, C_("certifiability", "Not certifiable")),
                               non_eligible);
  gtk_menu_button_popdown (GTK_MENU_BUTTON (button));
  orga_ui_test_spin (50);
  names = shown_names (fixture);
  g_assert_cmpstr (names, ==, expected);
}

/* ------------------------------------------------------------------------
 * Screenshots
 * ------------------------------------------------------------------------ */

static void
shoot_one (GtkWindow  *window,
           const char *dir,
           const char *name)
{
  g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new (GTK_WIDGET (window));
  g_autoptr(GtkSnapshot) snapshot = gtk_snapshot_new ();
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autofree char *path = g_strdup_printf ("%s/%s.png", dir, name);
  int width = gtk_widget_get_width (GTK_WIDGET (window));
  int height = gtk_widget_get_height (GTK_WIDGET (window));

  gdk_paintable_snapshot (paintable, GDK_SNAPSHOT (snapshot), width, height);
  node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
  texture = gsk_renderer_render_texture (gtk_native_get_renderer (GTK_NATIVE (window)), node,
                                         &GRAPHENE_RECT_INIT (0, 0, width, height));
  g_assert_true (gdk_texture_save_to_png (texture, path));
  g_print ("# wrote %s\n", path);
}

static void
shoot (GtkWindow  *window,
       const char *name)
{
  const char *dir = g_getenv ("PIXORGA_SCREENSHOT_DIR");
  AdwStyleManager *style = adw_style_manager_get_default ();
  g_autofree char *dark = g_strdup_printf ("%s-dark", name);

  if (dir == NULL)
    return;

  orga_ui_test_spin (600);
  shoot_one (window, dir, name);
  adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_FORCE_DARK);
  orga_ui_test_spin (600);
  shoot_one (window, dir, dark);
  adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_DEFAULT);
  orga_ui_test_spin (300);
}

/* ------------------------------------------------------------------------
 * Tests
 * ------------------------------------------------------------------------ */

static void
test_certifiability (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autofree char *lea = certifiable_of (fixture, "Dupont");
  g_autofree char *hugo = certifiable_of (fixture, "Martin");
  g_autofree char *zoe = certifiable_of (fixture, "Bernard");
  g_autofree char *jules = certifiable_of (fixture, "Petit");
  g_autofree char *ines = certifiable_of (fixture, "Robert");
  g_autofree char *nina = certifiable_of (fixture, "Richard");
  g_autoptr(GError) error = NULL;

  /* The latest shared profile, with its day; a retry not sent keeps the
   * earlier sending's; deleted ones and assessments say nothing. */
  g_assert_cmpstr (lea, ==, "Certifiable · 01/10/2026");
  g_assert_cmpstr (hugo, ==, "Non Certifiable · 20/09/2026");
  g_assert_cmpstr (zoe, ==, "Certifiable · 01/09/2026");
  g_assert_null (jules);
  g_assert_null (ines);
  g_assert_null (nina);

  /* What the cells read: no more "–". */
  g_assert_true (has_cell_text (GTK_WIDGET (fixture->page), "Certifiable · 01/10/2026"));
  g_assert_true (has_cell_text (GTK_WIDGET (fixture->page), "Non Certifiable · 20/09/2026"));
  g_assert_true (has_cell_text (GTK_WIDGET (fixture->page), "Non communiqué"));

  shoot (fixture->window, "students-certifiability");

  /* The filter, several choices combined with OR; in name order. */
  check_filter (fixture, FALSE, TRUE, FALSE, "Bernard Dupont");
  g_assert_cmpstr (gtk_label_get_label (filter_child (fixture, "certifiability_label")), ==, "Certificabilité (1)");
  check_filter (fixture, FALSE, FALSE, TRUE, "Martin");
  check_filter (fixture, TRUE, FALSE, FALSE, "Petit Richard Robert");
  check_filter (fixture, FALSE, TRUE, TRUE, "Bernard Dupont Martin");
  check_filter (fixture, TRUE, TRUE, TRUE, "Bernard Dupont Martin Petit Richard Robert");

  /* Another desktop deletes Hugo's profile: the pull reaches the list,
   * and the filter. */
  check_filter (fixture, FALSE, FALSE, TRUE, "Martin");
  {
    g_autoptr(JsonNode) page = NULL;
    JsonObject *object = json_object_new ();
    JsonObject *row = participation (2, 1, COLLECTION, "SHARED", "2026-09-20T07:30:00.000000Z",
                                     "2026-09-20T08:00:00.000000Z", "false", FALSE, 1);

    json_object_set_string_member (row, "deleted_at", "2026-10-02T08:00:00.000000Z");
    json_object_set_int_member (row, "seq", 201);
    json_object_set_int_member (object, "protocol", ORGA_SYNC_PROTOCOL);
    json_object_set_int_member (object, "after", 200);
    json_object_set_int_member (object, "cursor", 201);
    json_object_set_boolean_member (object, "more", FALSE);
    json_object_set_boolean_member (object, "reset", FALSE);
    for (guint k = 0; k < ORGA_WIRE_N_KINDS; k++)
      json_object_set_array_member (object, orga_sync_wire_kind_name (k), json_array_new ());
    add (object, ORGA_WIRE_PARTICIPATIONS, row);
    page = json_node_init_object (json_node_alloc (), object);
    json_object_unref (object);
    g_assert_true (orga_store_sync_apply_page (fixture->store, fixture->organization, page, NULL, NULL, &error));
    g_assert_no_error (error);
  }
  orga_ui_test_spin (100);
  g_assert_cmpuint (n_shown (fixture), ==, 0);
  check_filter (fixture, TRUE, FALSE, FALSE, "Martin Petit Richard Robert");

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->page), "students.clear-filters", NULL));
  orga_ui_test_spin (50);
  g_assert_cmpuint (n_shown (fixture), ==, G_N_ELEMENTS (students));
  g_assert_cmpstr (gtk_label_get_label (filter_child (fixture, "certifiability_label")), ==, "Certificabilité");
}

static OrgaStudentPage *
open_student (Fixture    *fixture,
              const char *last_name)
{
  AdwLeaflet *leaflet = ADW_LEAFLET (orga_ui_test_students_page_child (GTK_WIDGET (fixture->page), "leaflet"));
  GtkWidget *view = GTK_WIDGET (orga_ui_test_students_page_child (GTK_WIDGET (fixture->page), "column_view"));

  for (guint i = 0; i < n_shown (fixture); i++)
    {
      g_autoptr(OrgaLearner) learner = learner_at (fixture, i);

      if (g_str_equal (orga_learner_get_last_name (learner), last_name))
        {
          g_signal_emit_by_name (view, "activate", i);
          orga_ui_test_spin (300);
          g_assert_cmpstr (adw_leaflet_get_visible_child_name (leaflet), ==, "student");
          return ORGA_STUDENT_PAGE (adw_leaflet_get_child_by_name (leaflet, "student"));
        }
    }
  g_assert_not_reached ();
}

static const char *
student_label (OrgaStudentPage *page,
               const char      *name)
{
  return gtk_label_get_label (GTK_LABEL (gtk_widget_get_template_child (GTK_WIDGET (page), ORGA_TYPE_STUDENT_PAGE,
                                                                        name)));
}

/* The participation rows of the page, newest first. */
static GPtrArray *
participation_rows (OrgaStudentPage *page)
{
  GtkWidget *group = GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (page), ORGA_TYPE_STUDENT_PAGE,
                                                                "participations_group"));
  GtkWidget *empty = GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (page), ORGA_TYPE_STUDENT_PAGE,
                                                                "no_participations_row"));
  GPtrArray *rows = g_ptr_array_new ();
  GPtrArray *stack = g_ptr_array_new ();

  g_ptr_array_add (stack, group);
  while (stack->len > 0)
    {
      GtkWidget *node = g_ptr_array_steal_index (stack, 0);

      if (ADW_IS_ACTION_ROW (node) && node != empty)
        {
          g_ptr_array_add (rows, node);
          continue;
        }
      for (GtkWidget *c = gtk_widget_get_first_child (node); c != NULL; c = gtk_widget_get_next_sibling (c))
        g_ptr_array_add (stack, c);
    }
  g_ptr_array_unref (stack);
  return rows;
}

static gint64
campaign_id (Fixture    *fixture,
             const char *code)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(OrgaCampaign) campaign = orga_store_find_campaign_by_code (fixture->store, fixture->organization, code,
                                                                      &error);

  g_assert_no_error (error);
  return orga_campaign_get_id (campaign);
}

static void
test_student_page (Fixture       *fixture,
                   gconstpointer  data)
{
  OrgaStudentPage *page = open_student (fixture, "Dupont");
  g_autoptr(GPtrArray) rows = participation_rows (page);
  GtkWidget *empty = GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (page), ORGA_TYPE_STUDENT_PAGE,
                                                                "no_participations_row"));
  gint64 learner = orga_learner_get_id (orga_student_page_get_learner (page));
  g_autoptr(GVariant) target = NULL;
  g_autofree char *action = NULL;

  /* Pix's cards: one assessment in progress, one profile sent. */
  g_assert_cmpstr (student_label (page, "assessments_started_label"), ==, "En cours : 1");
  g_assert_cmpstr (student_label (page, "assessments_to_share_label"), ==, "En attente : 0");
  g_assert_cmpstr (student_label (page, "assessments_shared_label"), ==, "Envoyées : 0");
  g_assert_cmpstr (student_label (page, "profiles_to_share_label"), ==, "En attente : 0");
  g_assert_cmpstr (student_label (page, "profiles_shared_label"), ==, "Envoyées : 1");
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (page),
                                                                                      ORGA_TYPE_STUDENT_PAGE,
                                                                                      "demo_label"))));

  /* The list, newest first, each row a link to its result. */
  g_assert_false (gtk_widget_get_visible (empty));
  g_assert_cmpuint (rows->len, ==, 2);
  g_assert_cmpstr (adw_preferences_row_get_title (rows->pdata[0]), ==, "Évaluation de rentrée");
  g_assert_cmpstr (adw_action_row_get_subtitle (rows->pdata[0]), ==, "Évaluation · commencé le 05/10/2026");
  g_assert_cmpstr (adw_preferences_row_get_title (rows->pdata[1]), ==, "Collecte de rentrée");
  g_assert_cmpstr (adw_action_row_get_subtitle (rows->pdata[1]), ==,
                   "Collecte de profils · commencé le 01/10/2026 · envoyé le 01/10/2026");
  g_object_get (rows->pdata[1], "action-name", &action, "action-target", &target, NULL);
  g_assert_cmpstr (action, ==, "win.show-participation");
  g_assert_true (g_variant_equal (target, g_variant_new ("(xx)", campaign_id (fixture, "PROFIL123"), learner)));
  g_assert_true (gtk_widget_get_sensitive (rows->pdata[1]));
  g_signal_emit_by_name (rows->pdata[1], "activate");
  orga_ui_test_spin (20);
  g_assert_nonnull (fixture->shown);
  g_assert_true (g_variant_equal (fixture->shown, target));

  shoot (fixture->window, "student-activity");

  /* Zoé: her retry waits to be sent; two participations in the campaign. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->page), "students.show-list", NULL));
  orga_ui_test_spin (300);
  page = open_student (fixture, "Bernard");
  g_clear_pointer (&rows, g_ptr_array_unref);
  rows = participation_rows (page);
  g_assert_cmpstr (student_label (page, "profiles_to_share_label"), ==, "En attente : 1");
  g_assert_cmpstr (student_label (page, "profiles_shared_label"), ==, "Envoyées : 0");
  g_assert_cmpuint (rows->len, ==, 1);

  /* Nina: Pix's empty state, with her name. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->page), "students.show-list", NULL));
  orga_ui_test_spin (300);
  page = open_student (fixture, "Richard");
  g_clear_pointer (&rows, g_ptr_array_unref);
  rows = participation_rows (page);
  g_assert_cmpuint (rows->len, ==, 0);
  g_assert_true (gtk_widget_get_visible (empty));
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (empty)), ==, "Aucune activité pour l’instant !");
  g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (empty)), ==,
                   "Envoyez une campagne à Nina Richard et commencez à suivre sa progression.");
  g_assert_cmpstr (student_label (page, "profiles_shared_label"), ==, "Envoyées : 0");
}

/* Demonstration participations: a banner over the list, a tag on the
 * student's rows, and counted apart from the real ones. */
static void
test_demo_apart (Fixture       *fixture,
                 gconstpointer  data)
{
  GtkRevealer *banner;
  g_autoptr(OrgaCampaign) campaign = NULL;
  g_autoptr(OrgaParticipationSet) set = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  g_autofree guint8 *results = NULL;
  OrgaStudentPage *page;
  OrgaParticipation p = { 0 };
  g_autoptr(OrgaLearner) nina = NULL;

  /* Not even built without demonstration data. */
  g_assert_null (orga_ui_test_students_page_child (GTK_WIDGET (fixture->page), "demo_revealer"));
  g_assert_null (orga_ui_test_students_page_child (GTK_WIDGET (fixture->page), "demo_body_label"));

  /* A demonstration participation for Nina in the assessment. */
  campaign = orga_store_find_campaign_by_code (fixture->store, fixture->organization, "EVAL6E123", &error);
  g_assert_no_error (error);
  for (guint i = 0; i < n_shown (fixture); i++)
    {
      g_autoptr(OrgaLearner) learner = learner_at (fixture, i);

      if (g_str_equal (orga_learner_get_last_name (learner), "Richard"))
        nina = g_object_ref (learner);
    }
  set = orga_participation_set_new (orga_campaign_get_target_profile (campaign)->n_tubes);
  results = g_malloc0 (orga_campaign_get_target_profile (campaign)->n_tubes);
  p.learner_id = orga_learner_get_id (nina);
  p.status = ORGA_PARTICIPATION_SHARED;
  p.created_at = 1759300000;
  p.shared_at = 1759303600;
  p.is_certifiable = -1;
  p.is_demo = TRUE;
  p.results = results;
  orga_participation_set_add (set, &p);
  g_assert_true (orga_store_add_participations (fixture->store, campaign, set, &error));
  g_assert_no_error (error);
  orga_ui_test_spin (100);
  banner = GTK_REVEALER (orga_ui_test_students_page_child (GTK_WIDGET (fixture->page), "demo_revealer"));
  g_assert_nonnull (banner);
  /* Between the filters and the table. */
  g_assert_true (gtk_widget_get_prev_sibling (GTK_WIDGET (banner)) ==
                 orga_ui_test_students_page_child (GTK_WIDGET (fixture->page), "filter_bin"));
  g_assert_true (gtk_widget_get_next_sibling (GTK_WIDGET (banner)) ==
                 orga_ui_test_students_page_child (GTK_WIDGET (fixture->page), "list_separator"));
  g_assert_true (gtk_revealer_get_reveal_child (banner));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (banner)));

  page = open_student (fixture, "Richard");
  rows = participation_rows (page);
  g_assert_cmpuint (rows->len, ==, 1);
  g_assert_cmpstr (student_label (page, "assessments_shared_label"), ==, "Envoyées : 0");
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (page),
                                                                                     ORGA_TYPE_STUDENT_PAGE,
                                                                                     "demo_label"))));
  g_assert_cmpstr (student_label (page, "demo_label"), ==,
                   "Non comptée ci-dessus : 1 participation de démonstration, inventée par PixOrga pour essayer "
                   "l’application.");

  /* Gone, the banner goes too. */
  g_assert_true (orga_store_delete_demo_data (fixture->store, fixture->organization, &error));
  g_assert_no_error (error);
  orga_ui_test_spin (100);
  g_assert_false (gtk_revealer_get_reveal_child (banner));
  /* Hidden again once its slide is over. */
  orga_ui_test_spin (600);
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (banner)));
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  int status;

  orga_i18n_init (TRUE);
  textdomain (GETTEXT_PACKAGE);
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  /* The app's style sheet, as AdwApplication loads it. */
  {
    g_autoptr(GtkCssProvider) provider = gtk_css_provider_new ();

    gtk_css_provider_load_from_resource (provider, "/io/github/pixorga/PixOrga/style.css");
    gtk_style_context_add_provider_for_display (gdk_display_get_default (), GTK_STYLE_PROVIDER (provider),
                                                GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
  }

  temp_dir = g_dir_make_tmp ("pixorga-student-activity-XXXXXX", &error);
  g_assert_no_error (error);

  g_test_add ("/student-activity/certifiability", Fixture, NULL, fixture_set_up, test_certifiability,
              fixture_tear_down);
  g_test_add ("/student-activity/student-page", Fixture, NULL, fixture_set_up, test_student_page, fixture_tear_down);
  g_test_add ("/student-activity/demo-apart", Fixture, NULL, fixture_set_up, test_demo_apart, fixture_tear_down);

  status = g_test_run ();

  orga_ui_test_remove_dir (temp_dir);
  return status;
}
