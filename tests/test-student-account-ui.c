/* test-student-account-ui.c: the students' Pix accounts on the desktop
 * (issue 11, spec §2.1 and §2.5) against a real pixorga-server
 *
 * - "Gérer le compte": the username added and a password reset through
 *   the dialog, the copy buttons' clipboard, the server unreachable and
 *   no server at all;
 * - the accounts kept offline, refreshed by a sync, the "Méthode(s) de
 *   connexion" text and filter;
 * - the bulk reset: the CSV's bytes, and the slips drawn to a PDF
 *   (pdfinfo and pdftotext, poppler-utils).
 *
 * With PIXORGA_SCREENSHOT_DIR set, the dialog is shot in light and dark
 * (data/screenshots/student-account*.png).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>
#include <cairo-pdf.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <stdlib.h>
#include <string.h>

#include "orga-account-slips.h"
#include "orga-connection.h"
#include "orga-context.h"
#include "orga-json.h"
#include "orga-keys-check.h"
#include "orga-learner-list.h"
#include "orga-store-student-accounts.h"
#include "orga-student-account-dialog.h"
#include "orga-student-account.h"
#include "orga-student-rules.h"
#include "orga-students-page.h"
#include "orga-ui-test-util.h"
#include "sync-test-util.h"

#define N_STUDENTS 35

static SyncTestServer  *server;
static SyncTestSpace   *space;
static SyncTestDesktop *desk;
static OrgaContext     *context;
static OrgaConnection  *connection;
static GtkWindow       *window;      /* the dialogs' parent */

/* ------------------------------------------------------------------------
 * Helpers
 */

static gboolean
first_learner_cb (const OrgaLearnerRow *row,
                  gpointer              user_data)
{
  OrgaLearner **learner = user_data;

  *learner = orga_learner_new_from_row (row);
  return FALSE;
}

/* The student of the school whose INE ends with @i of the pool. */
static OrgaLearner *
get_learner (guint i)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(OrgaLearnerList) list = orga_learner_list_new (desk->store, desk->school);
  char ine[32];

  g_snprintf (ine, sizeof ine, "%09uAB", 100000 + i);
  for (guint p = 0; p < g_list_model_get_n_items (G_LIST_MODEL (list)); p++)
    {
      g_autoptr(OrgaLearner) one = g_list_model_get_item (G_LIST_MODEL (list), p);

      if (g_strcmp0 (orga_learner_get_ine (one), ine) == 0)
        {
          gint64 id = orga_learner_get_id (one);
          OrgaLearner *learner = NULL;

          /* Read again by id: the row with its account's methods. */
          g_assert_true (orga_store_fetch_learners_by_id (desk->store, &id, 1, first_learner_cb, &learner, &error));
          g_assert_no_error (error);
          return learner;
        }
    }
  g_assert_not_reached ();
  return NULL;
}

static OrgaStudentAccount *
cached_account (OrgaLearner *learner)
{
  g_autoptr(GError) error = NULL;
  OrgaStudentAccount *account = orga_store_get_student_account (desk->store, desk->school,
                                                                orga_learner_get_uuid (learner), &error);

  g_assert_no_error (error);
  return account;
}

static gpointer
child (GtkWidget  *dialog,
       const char *name)
{
  GObject *object = gtk_widget_get_template_child (dialog, ORGA_TYPE_STUDENT_ACCOUNT_DIALOG, name);

  g_assert_nonnull (object);
  return object;
}

static gboolean
not_busy_cb (gpointer data)
{
  return !orga_student_account_dialog_get_busy (data);
}

static void
click (GtkWidget  *dialog,
       const char *name)
{
  GtkWidget *button = child (dialog, name);

  g_assert_true (gtk_widget_is_sensitive (button));
  g_signal_emit_by_name (button, "clicked");
  orga_ui_test_wait_until (not_busy_cb, dialog);
}

static void
clipboard_read_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  char **text = user_data;
  g_autoptr(GError) error = NULL;

  *text = gdk_clipboard_read_text_finish (GDK_CLIPBOARD (source), result, &error);
  g_assert_no_error (error);
}

static gboolean
text_read_cb (gpointer data)
{
  return *(char **) data != NULL;
}

/* What a copy button put on the clipboard. */
static char *
clipboard_after (GtkWidget  *dialog,
                 const char *button)
{
  GdkClipboard *clipboard = gtk_widget_get_clipboard (dialog);
  char *text = NULL;

  gdk_clipboard_set_text (clipboard, "");
  g_signal_emit_by_name (child (dialog, button), "clicked");
  gdk_clipboard_read_text_async (clipboard, NULL, clipboard_read_cb, &text);
  orga_ui_test_wait_until (text_read_cb, &text);
  return text;
}

static const char *
row_subtitle (GtkWidget  *dialog,
              const char *row)
{
  return adw_action_row_get_subtitle (child (dialog, row));
}

static gboolean
visible (GtkWidget  *dialog,
         const char *name)
{
  return gtk_widget_get_visible (child (dialog, name));
}

static void
shoot (GtkWidget  *dialog,
       const char *name)
{
  const char *dir = g_getenv ("PIXORGA_SCREENSHOT_DIR");
  g_autoptr(GdkPaintable) paintable = NULL;
  g_autoptr(GtkSnapshot) snapshot = NULL;
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autofree char *path = NULL;
  int width, height;

  if (dir == NULL)
    return;

  orga_ui_test_spin (300);
  width = gtk_widget_get_width (dialog);
  height = gtk_widget_get_height (dialog);
  paintable = gtk_widget_paintable_new (dialog);
  snapshot = gtk_snapshot_new ();
  gdk_paintable_snapshot (paintable, snapshot, width, height);
  node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
  g_assert_nonnull (node);
  texture = gsk_renderer_render_texture (gtk_native_get_renderer (GTK_NATIVE (dialog)), node,
                                         &GRAPHENE_RECT_INIT (0, 0, width, height));
  path = g_strdup_printf ("%s/%s.png", dir, name);
  g_assert_true (gdk_texture_save_to_png (texture, path));
  g_test_message ("screenshot: %s", path);
}

/* ------------------------------------------------------------------------
 * "Gérer le compte"
 */

static void
test_manage (void)
{
  g_autoptr(OrgaLearner) learner = get_learner (3);
  g_autoptr(OrgaStudentAccount) account = NULL;
  g_autoptr(OrgaSyncReport) report = NULL;
  g_autofree char *expected = orga_username_generate (orga_learner_get_first_name (learner),
                                                      orga_learner_get_last_name (learner),
                                                      orga_learner_get_birthdate (learner));
  g_autofree char *first_password = NULL;
  g_autofree char *copied = NULL;
  g_autofree char *stem = NULL;
  GtkWidget *dialog;

  /* Never linked: no method, nothing to reset, a username to add. */
  g_assert_cmpuint (orga_learner_get_login_methods (learner), ==, ORGA_LOGIN_METHOD_NONE);
  dialog = orga_student_account_dialog_new (window, connection, learner);
  gtk_window_present (GTK_WINDOW (dialog));
  orga_ui_test_spin (50);
  g_assert_true (visible (dialog, "none_row"));
  g_assert_false (visible (dialog, "username_row"));
  g_assert_true (visible (dialog, "add_username_row"));
  g_assert_false (visible (dialog, "error_label"));
  g_assert_false (gtk_widget_is_sensitive (child (dialog, "reset_button")));
  g_assert_false (visible (dialog, "password_group"));

  /* "Ajouter l'identifiant": the §2.5 username and a one-time password. */
  click (dialog, "add_username_button");
  g_assert_false (visible (dialog, "error_label"));
  g_assert_true (visible (dialog, "username_row"));
  g_assert_false (visible (dialog, "add_username_row"));
  g_assert_false (visible (dialog, "none_row"));
  g_assert_nonnull (expected);
  /* Another student of the pool may have the same names and birthday:
   * then 4 random digits replace DDMM. */
  g_assert_true (orga_username_is_valid (row_subtitle (dialog, "username_row")));
  stem = g_strndup (expected, strlen (expected) - 4);
  g_assert_true (g_str_has_prefix (row_subtitle (dialog, "username_row"), stem));
  g_assert_true (visible (dialog, "password_group"));
  first_password = g_strdup (adw_preferences_row_get_title (child (dialog, "password_row")));
  g_assert_true (orga_one_time_password_is_valid (first_password));

  /* Kept offline at once: the list's column says "Identifiant". */
  account = cached_account (learner);
  g_assert_nonnull (account);
  g_assert_cmpuint (account->methods, ==, ORGA_LOGIN_METHOD_USERNAME);
  g_assert_cmpstr (account->username, ==, row_subtitle (dialog, "username_row"));
  {
    g_autoptr(OrgaLearner) again = get_learner (3);
    g_autofree char *text = orga_login_methods_to_text (orga_learner_get_login_methods (again), ", ");

    g_assert_cmpstr (text, ==, "Identifiant");
  }

  /* The copy buttons. */
  copied = clipboard_after (dialog, "copy_username_button");
  g_assert_cmpstr (copied, ==, account->username);
  g_clear_pointer (&copied, g_free);
  copied = clipboard_after (dialog, "copy_password_button");
  g_assert_cmpstr (copied, ==, first_password);
  g_clear_pointer (&copied, g_free);

  /* "Réinitialiser le mot de passe": a new one-time password. */
  g_assert_true (gtk_widget_is_sensitive (child (dialog, "reset_button")));
  click (dialog, "reset_button");
  g_assert_false (visible (dialog, "error_label"));
  g_assert_true (orga_one_time_password_is_valid (adw_preferences_row_get_title (child (dialog, "password_row"))));
  copied = clipboard_after (dialog, "copy_password_button");
  g_assert_cmpstr (copied, ==, adw_preferences_row_get_title (child (dialog, "password_row")));

  /* French, light and dark. */
  shoot (dialog, "student-account");
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_FORCE_DARK);
  shoot (dialog, "student-account-dark");
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_DEFAULT);

  gtk_window_destroy (GTK_WINDOW (dialog));
  orga_ui_test_spin (50);

  /* The server's list, after a sync, says the same: the cache is its. */
  g_clear_pointer (&account, orga_student_account_free);
  g_assert_true (orga_store_replace_student_accounts (desk->store, desk->school,
                                                      g_ptr_array_new (), NULL));
  g_assert_null (cached_account (learner));
  report = sync_test_desktop_sync (desk);
  g_assert_cmpint (report->status, ==, ORGA_SYNC_STATUS_OK);
  account = cached_account (learner);
  g_assert_nonnull (account);
  g_assert_cmpuint (account->methods, ==, ORGA_LOGIN_METHOD_USERNAME);
  g_assert_true (orga_username_is_valid (account->username));
}

/* The server down: its message, and nothing changes; no server at all:
 * why, and nothing can be asked. */
static void
test_offline (void)
{
  g_autoptr(OrgaLearner) learner = get_learner (5);
  g_autoptr(OrgaStudentAccount) account = NULL;
  GtkWidget *dialog;
  const char *message;

  dialog = orga_student_account_dialog_new (window, connection, learner);
  gtk_window_present (GTK_WINDOW (dialog));
  sync_test_server_kill (server);
  click (dialog, "add_username_button");
  g_assert_true (visible (dialog, "error_label"));
  message = gtk_label_get_label (child (dialog, "error_label"));
  g_assert_true (g_str_has_prefix (message, "Impossible de joindre le serveur"));
  g_assert_true (visible (dialog, "add_username_row"));
  g_assert_false (visible (dialog, "password_group"));
  g_assert_null (cached_account (learner));
  sync_test_server_restart (server, NULL);

  /* Back: the same click goes through. */
  click (dialog, "add_username_button");
  g_assert_false (visible (dialog, "error_label"));
  account = cached_account (learner);
  g_assert_nonnull (account);
  gtk_window_destroy (GTK_WINDOW (dialog));

  /* No server: says so, and nothing is enabled. */
  dialog = orga_student_account_dialog_new (window, NULL, learner);
  gtk_window_present (GTK_WINDOW (dialog));
  orga_ui_test_spin (50);
  g_assert_true (visible (dialog, "error_label"));
  g_assert_cmpstr (gtk_label_get_label (child (dialog, "error_label")), ==,
                   "Connectez-vous à un serveur Pix Orga pour gérer les comptes des élèves.");
  g_assert_false (gtk_widget_is_sensitive (child (dialog, "add_username_button")));
  g_assert_false (gtk_widget_is_sensitive (child (dialog, "reset_button")));
  gtk_window_destroy (GTK_WINDOW (dialog));
  orga_ui_test_spin (50);
}

/* ------------------------------------------------------------------------
 * The login methods' text and filter
 */

static void
test_methods (void)
{
  static const char * const identifiant[] = { "identifiant", NULL };
  static const char * const none[] = { "none", NULL };
  static const char * const email[] = { "email", NULL };
  static const char * const without[] = { "without_mediacentre", NULL };
  static const char * const mediacentre[] = { "mediacentre", "email", NULL };
  g_autoptr(OrgaLearnerList) list = orga_learner_list_new (desk->store, desk->school);
  g_autofree char *all = orga_login_methods_to_text (ORGA_LOGIN_METHODS_ALL, "\n");
  g_autofree char *nothing = orga_login_methods_to_text (ORGA_LOGIN_METHOD_NONE, "\n");
  guint with_username = 0;

  g_assert_cmpstr (all, ==, "Adresse e-mail\nIdentifiant\nMediacentre");
  g_assert_cmpstr (nothing, ==, "Aucune");

  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (list)); i++)
    {
      g_autoptr(OrgaLearner) one = g_list_model_get_item (G_LIST_MODEL (list), i);

      with_username += (orga_learner_get_login_methods (one) & ORGA_LOGIN_METHOD_USERNAME) != 0;
    }
  /* The two students of the tests above. */
  g_assert_cmpuint (with_username, ==, 2);

  orga_learner_list_set_login_methods (list, identifiant);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 2);
  g_assert_true (orga_learner_list_get_filtered (list));
  orga_learner_list_set_login_methods (list, none);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, N_STUDENTS - 2);
  orga_learner_list_set_login_methods (list, email);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 0);
  orga_learner_list_set_login_methods (list, mediacentre);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 0);
  orga_learner_list_set_login_methods (list, without);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, N_STUDENTS);
  orga_learner_list_set_login_methods (list, NULL);
  g_assert_false (orga_learner_list_get_filtered (list));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, N_STUDENTS);
}

/* ------------------------------------------------------------------------
 * What the server answers, read; the cache announces only changes
 */

static JsonNode *
parse (const char *text)
{
  g_autoptr(GError) error = NULL;
  JsonNode *node = orga_json_parse (text, -1, &error);

  g_assert_no_error (error);
  return node;
}

static void
test_json (void)
{
  static const char * const bad_accounts[] = {
    "[]",
    "{}",
    "{\"accounts\": {}}",
    "{\"accounts\": [1]}",
    "{\"accounts\": [{\"methods\": [\"email\"]}]}",
    "{\"accounts\": [{\"learner\": \"u\", \"methods\": \"email\"}]}",
    "{\"accounts\": [{\"learner\": 3}]}",
  };
  static const char * const bad_credentials[] = {
    "{\"username\": \"a.b0101\"}",
    "{\"password\": 12}",
    "[]",
  };
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GPtrArray) accounts = NULL;
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(OrgaStudentCredentials) one = NULL;
  OrgaStudentAccount *a;

  /* Methods in any order, unknown ones skipped (a newer server). */
  root = parse ("{\"accounts\": [{\"learner\": \"u1\", \"methods\": [\"username\", \"gar\", \"email\"], "
                "\"email\": \"e@x.fr\", \"username\": \"a.b0101\"}, "
                "{\"learner\": \"u2\", \"methods\": [], \"email\": null, \"username\": null}]}");
  accounts = orga_student_accounts_from_json (root, NULL);
  g_assert_nonnull (accounts);
  g_assert_cmpuint (accounts->len, ==, 2);
  a = g_ptr_array_index (accounts, 0);
  g_assert_cmpstr (a->learner, ==, "u1");
  g_assert_cmpuint (a->methods, ==, ORGA_LOGIN_METHOD_EMAIL | ORGA_LOGIN_METHOD_USERNAME);
  g_assert_cmpstr (a->email, ==, "e@x.fr");
  g_assert_cmpstr (a->username, ==, "a.b0101");
  a = g_ptr_array_index (accounts, 1);
  g_assert_cmpuint (a->methods, ==, ORGA_LOGIN_METHOD_NONE);
  g_assert_null (a->username);

  for (guint i = 0; i < G_N_ELEMENTS (bad_accounts); i++)
    {
      g_autoptr(JsonNode) bad = parse (bad_accounts[i]);
      g_autoptr(GError) error = NULL;
      g_autoptr(GPtrArray) none = orga_student_accounts_from_json (bad, &error);

      g_assert_null (none);
      g_assert_error (error, ORGA_JSON_ERROR, ORGA_JSON_ERROR_INVALID);
    }

  /* An e-mail account's reset: no username. */
  g_clear_pointer (&root, json_node_unref);
  root = parse ("{\"username\": null, \"password\": \"kbrxvt07\"}");
  one = orga_student_credentials_from_json (root, NULL);
  g_assert_nonnull (one);
  g_assert_null (one->username);
  g_assert_cmpstr (one->password, ==, "kbrxvt07");
  for (guint i = 0; i < G_N_ELEMENTS (bad_credentials); i++)
    {
      g_autoptr(JsonNode) bad = parse (bad_credentials[i]);
      g_autoptr(GError) error = NULL;
      g_autoptr(OrgaStudentCredentials) none = orga_student_credentials_from_json (bad, &error);

      g_assert_null (none);
      g_assert_error (error, ORGA_JSON_ERROR, ORGA_JSON_ERROR_INVALID);
    }

  /* A bulk answer's line needs its learner and username. */
  g_clear_pointer (&root, json_node_unref);
  root = parse ("{\"accounts\": [{\"learner\": \"u1\", \"division\": \"6A\", \"last_name\": \"X\", "
                "\"first_name\": \"Y\", \"username\": null, \"password\": \"kbrxvt07\"}]}");
  {
    g_autoptr(GError) error = NULL;

    list = orga_student_credentials_list_from_json (root, &error);
    g_assert_null (list);
    g_assert_error (error, ORGA_JSON_ERROR, ORGA_JSON_ERROR_INVALID);
  }
}

static void
count_learner_changes_cb (OrgaStore        *store,
                          OrgaStoreChanges *changes,
                          guint            *count)
{
  if (orga_store_changes_has (changes, ORGA_STORE_CHANGE_LEARNERS))
    (*count)++;
}

/* A sync that brings the same accounts reloads no list. */
static void
test_cache_changes (void)
{
  g_autoptr(GPtrArray) accounts = g_ptr_array_new_with_free_func ((GDestroyNotify) orga_student_account_free);
  g_autoptr(GError) error = NULL;
  g_autoptr(OrgaLearner) learner = get_learner (7);
  g_autoptr(OrgaStudentAccount) kept = NULL;
  guint count = 0;
  gulong handler;

  handler = g_signal_connect (desk->store, "changed", G_CALLBACK (count_learner_changes_cb), &count);
  g_ptr_array_add (accounts, orga_student_account_new (orga_learner_get_uuid (learner),
                                                       ORGA_LOGIN_METHOD_EMAIL, "eleve@example.fr", NULL));
  g_assert_true (orga_store_replace_student_accounts (desk->store, desk->school, accounts, &error));
  g_assert_no_error (error);
  orga_ui_test_spin (50);
  g_assert_cmpuint (count, ==, 1);

  /* The same again: nothing announced. */
  g_assert_true (orga_store_replace_student_accounts (desk->store, desk->school, accounts, &error));
  orga_ui_test_spin (50);
  g_assert_cmpuint (count, ==, 1);
  kept = cached_account (learner);
  g_assert_cmpstr (kept->email, ==, "eleve@example.fr");

  /* Gone from the server's list: gone here, announced. */
  g_ptr_array_set_size (accounts, 0);
  g_assert_true (orga_store_replace_student_accounts (desk->store, desk->school, accounts, &error));
  orga_ui_test_spin (50);
  g_assert_cmpuint (count, ==, 2);
  g_assert_null (cached_account (learner));
  g_signal_handler_disconnect (desk->store, handler);

  /* The next sync brings the server's list back. */
  {
    g_autoptr(OrgaSyncReport) report = sync_test_desktop_sync (desk);
    g_autoptr(OrgaLearner) with_username = get_learner (3);
    g_autoptr(OrgaStudentAccount) back = NULL;

    g_assert_cmpint (report->status, ==, ORGA_SYNC_STATUS_OK);
    back = cached_account (with_username);
    g_assert_nonnull (back);
    g_assert_cmpuint (back->methods, ==, ORGA_LOGIN_METHOD_USERNAME);
  }
}

/* ------------------------------------------------------------------------
 * The Élèves page: check boxes, the bar, the modal, the CSV saved
 */

static void
collect_checks (GtkWidget *widget,
                GPtrArray *checks)
{
  if (GTK_IS_CHECK_BUTTON (widget) && gtk_widget_get_mapped (widget) && gtk_widget_is_sensitive (widget))
    g_ptr_array_add (checks, widget);
  for (GtkWidget *c = gtk_widget_get_first_child (widget); c != NULL; c = gtk_widget_get_next_sibling (c))
    collect_checks (c, checks);
}

static gboolean
toplevel_shown_cb (gpointer data)
{
  return orga_ui_test_find_toplevel (GPOINTER_TO_SIZE (data)) != NULL;
}

static const char *chosen_path;

static gboolean
chooser_ready_cb (gpointer data)
{
  g_autoptr(GFile) file = gtk_file_chooser_get_file (data);
  g_autofree char *path = file != NULL ? g_file_get_path (file) : NULL;

  return g_strcmp0 (path, chosen_path) == 0;
}

static gboolean
file_written_cb (gpointer data)
{
  return g_file_test (data, G_FILE_TEST_EXISTS) &&
         orga_ui_test_find_toplevel (ADW_TYPE_MESSAGE_DIALOG) != NULL;
}

static void
shoot_window (GtkWindow  *shot,
              const char *name)
{
  shoot (GTK_WIDGET (shot), name);
}

/* The window's default width (1,100, GSettings) less the sidebar (260)
 * and its separator: a page wider than that folds the window's leaflet,
 * the sidebar then hidden. The filter bar and the selection bar must
 * fit in it. */
#define ROOM_BESIDE_SIDEBAR (1100 - 260 - 1)

static void
assert_fits (GtkWidget *page)
{
  int minimum = 0;

  gtk_widget_measure (page, GTK_ORIENTATION_HORIZONTAL, -1, &minimum, NULL, NULL, NULL);
  g_assert_cmpint (minimum, <=, ROOM_BESIDE_SIDEBAR);
}

static void
test_page (void)
{
  GtkWidget *page = g_object_new (ORGA_TYPE_STUDENTS_PAGE, "context", context, "connection", connection, NULL);
  GtkWindow *page_window = orga_ui_test_present (page, 1280, 720);
  GtkWidget *view;
  g_autoptr(GPtrArray) checks = g_ptr_array_new ();
  g_autofree char *path = g_build_filename (sync_test_get_temp_dir (), "Identifiants.csv", NULL);
  g_autofree char *contents = NULL;
  g_auto(GStrv) lines = NULL;
  GtkWindow *dialog;
  GtkWidget *revealer;
  GtkLabel *label;
  gsize length = 0;

  orga_ui_test_spin (500);
  assert_fits (page);
  view = GTK_WIDGET (orga_ui_test_students_page_child (page, "column_view"));
  /* The selection bar is built with the first student checked. */
  g_assert_null (orga_ui_test_students_page_child (page, "selection_revealer"));
  g_assert_null (orga_ui_test_find_descendant (page, GTK_TYPE_ACTION_BAR));

  /* Two students checked: "2 élèves sélectionnés". */
  collect_checks (view, checks);
  g_assert_cmpuint (checks->len, >=, 4);
  gtk_check_button_set_active (g_ptr_array_index (checks, 0), TRUE);
  gtk_check_button_set_active (g_ptr_array_index (checks, 1), TRUE);
  gtk_check_button_set_active (g_ptr_array_index (checks, 2), TRUE);
  gtk_check_button_set_active (g_ptr_array_index (checks, 2), FALSE);
  orga_ui_test_spin (100);
  revealer = GTK_WIDGET (orga_ui_test_students_page_child (page, "selection_revealer"));
  label = GTK_LABEL (orga_ui_test_students_page_child (page, "selection_label"));
  g_assert_true (gtk_widget_get_visible (revealer));
  g_assert_cmpstr (gtk_label_get_label (label), ==, "2 élèves sélectionnés");
  assert_fits (page);
  shoot_window (page_window, "students-accounts");

  /* The modal, then the API, then the file chooser. */
  g_assert_true (gtk_widget_activate_action (page, "students.reset-passwords", NULL));
  orga_ui_test_wait_until (toplevel_shown_cb, GSIZE_TO_POINTER (ADW_TYPE_MESSAGE_DIALOG));
  dialog = orga_ui_test_find_toplevel (ADW_TYPE_MESSAGE_DIALOG);
  g_assert_cmpstr (adw_message_dialog_get_heading (ADW_MESSAGE_DIALOG (dialog)), ==,
                   "Réinitialisation des mots de passe des élèves avec identifiant");
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "reset");
  /* As its button does. */
  gtk_window_close (dialog);
  orga_ui_test_wait_until (toplevel_shown_cb, GSIZE_TO_POINTER (GTK_TYPE_FILE_CHOOSER_DIALOG));
  dialog = orga_ui_test_find_toplevel (GTK_TYPE_FILE_CHOOSER_DIALOG);
  /* Shown first: a folder set before would be replaced by the default. */
  orga_ui_test_wait_until ((OrgaUiTestCondition) gtk_widget_get_mapped, dialog);
  orga_ui_test_spin (200);
  {
    g_autoptr(GFile) folder = g_file_new_for_path (sync_test_get_temp_dir ());

    g_assert_true (gtk_file_chooser_set_current_folder (GTK_FILE_CHOOSER (dialog), folder, NULL));
    gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (dialog), "Identifiants.csv");
  }
  /* The chooser reads the folder before it tells the file chosen. */
  chosen_path = path;
  orga_ui_test_wait_until (chooser_ready_cb, dialog);
  gtk_dialog_response (GTK_DIALOG (dialog), GTK_RESPONSE_ACCEPT);

  /* Saved, then the slips offered. */
  orga_ui_test_wait_until (file_written_cb, path);
  orga_ui_test_spin (100);
  dialog = orga_ui_test_find_toplevel (ADW_TYPE_MESSAGE_DIALOG);
  g_assert_cmpstr (adw_message_dialog_get_heading (ADW_MESSAGE_DIALOG (dialog)), ==, "Imprimer les fiches ?");
  /* From the keyboard: its access keys, Enter prints, Escape does not,
   * the focus on one of the two (tests/orga-keys-check.c). */
  {
    g_autofree char *problems = orga_keys_check_dialog (GTK_WIDGET (dialog), ORGA_KEYS_FOCUS_ANSWER, NULL);

    g_assert_cmpstr (problems, ==, NULL);
    g_assert_cmpstr (adw_message_dialog_get_default_response (ADW_MESSAGE_DIALOG (dialog)), ==, "print");
    g_assert_cmpstr (adw_message_dialog_get_close_response (ADW_MESSAGE_DIALOG (dialog)), ==, "close");
  }
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "close");
  gtk_window_close (dialog);
  orga_ui_test_spin (100);

  g_assert_true (g_file_get_contents (path, &contents, &length, NULL));
  g_assert_true (g_str_has_prefix (contents, "\xef\xbb\xbf\"Classe\";\"Nom\";\"Prénom\";\"Identifiant\";\"Mot de passe\"\n"));
  lines = g_strsplit (contents, "\n", -1);
  /* The header, two students, the last line's end. */
  g_assert_cmpuint (g_strv_length (lines), ==, 4);
  for (guint i = 1; i <= 2; i++)
    {
      g_auto(GStrv) fields = g_strsplit (lines[i], ";", -1);

      g_assert_cmpuint (g_strv_length (fields), ==, 5);
      g_assert_cmpstr (fields[0], ==, "\"6A\"");
    }

  /* Unchecked after the reset; the usernames made are in the list. */
  g_assert_false (gtk_widget_get_visible (revealer));
  for (guint i = 0; i < 2; i++)
    g_assert_false (gtk_check_button_get_active (g_ptr_array_index (checks, i)));

  /* The server unreachable: said, nothing reset, the students still
   * checked. */
  gtk_check_button_set_active (g_ptr_array_index (checks, 3), TRUE);
  sync_test_server_kill (server);
  g_assert_true (gtk_widget_activate_action (page, "students.reset-passwords", NULL));
  orga_ui_test_wait_until (toplevel_shown_cb, GSIZE_TO_POINTER (ADW_TYPE_MESSAGE_DIALOG));
  dialog = orga_ui_test_find_toplevel (ADW_TYPE_MESSAGE_DIALOG);
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "reset");
  gtk_window_close (dialog);
  orga_ui_test_wait_until (toplevel_shown_cb, GSIZE_TO_POINTER (ADW_TYPE_MESSAGE_DIALOG));
  dialog = orga_ui_test_find_toplevel (ADW_TYPE_MESSAGE_DIALOG);
  g_assert_cmpstr (adw_message_dialog_get_heading (ADW_MESSAGE_DIALOG (dialog)), ==,
                   "Les mots de passe n’ont pas été réinitialisés");
  g_assert_true (g_str_has_prefix (adw_message_dialog_get_body (ADW_MESSAGE_DIALOG (dialog)),
                                   "Impossible de joindre le serveur"));
  gtk_window_close (dialog);
  orga_ui_test_spin (100);
  g_assert_cmpstr (gtk_label_get_label (label), ==, "1 élève sélectionné");
  g_assert_true (gtk_check_button_get_active (g_ptr_array_index (checks, 3)));
  sync_test_server_restart (server, NULL);
  g_assert_true (gtk_widget_activate_action (page, "students.unselect-all", NULL));
  g_assert_false (gtk_check_button_get_active (g_ptr_array_index (checks, 3)));

  /* "Gérer le compte" on a row (and on the student's page: the same
   * action) opens the dialog of that student. */
  {
    g_autoptr(OrgaLearner) learner = get_learner (3);
    g_autofree char *name = g_strdup_printf ("%s %s", orga_learner_get_first_name (learner),
                                             orga_learner_get_last_name (learner));

    g_assert_true (gtk_widget_activate_action (page, "students.manage-account", "x",
                                               orga_learner_get_id (learner)));
    orga_ui_test_wait_until (toplevel_shown_cb, GSIZE_TO_POINTER (ORGA_TYPE_STUDENT_ACCOUNT_DIALOG));
    dialog = orga_ui_test_find_toplevel (ORGA_TYPE_STUDENT_ACCOUNT_DIALOG);
    g_assert_cmpstr (adw_message_dialog_get_body (ADW_MESSAGE_DIALOG (dialog)), ==, name);
    gtk_window_destroy (dialog);
  }

  gtk_window_destroy (page_window);
  orga_ui_test_spin (100);
}

/* ------------------------------------------------------------------------
 * The bulk reset: CSV and slips
 */

static OrgaStudentCredentials *
credentials (const char *division,
             const char *last_name,
             const char *first_name,
             const char *username,
             const char *password)
{
  OrgaStudentCredentials *c = g_new0 (OrgaStudentCredentials, 1);

  c->division = g_strdup (division);
  c->last_name = g_strdup (last_name);
  c->first_name = g_strdup (first_name);
  c->username = g_strdup (username);
  c->password = g_strdup (password);
  return c;
}

/* Pix's CSV (§6.0): BOM, quoted strings with doubled quotes, ";" and
 * "\n", a formula defused, digits bare. */
static void
test_csv_bytes (void)
{
  g_autoptr(GPtrArray) list = g_ptr_array_new_with_free_func ((GDestroyNotify) orga_student_credentials_free);
  g_autoptr(GBytes) csv = NULL;
  static const char expected[] =
    "\xef\xbb\xbf\"Classe\";\"Nom\";\"Prénom\";\"Identifiant\";\"Mot de passe\"\n"
    "\"6A\";\"LE GALL\";\"Jean-Édouard\";\"jeanedouard.legall0703\";\"kbrxvt07\"\n"
    "3;\"O\"\"Neil; Smith\";\"'=Bono\";\"\";\"mnpqrs99\"\n";

  g_ptr_array_add (list, credentials ("6A", "LE GALL", "Jean-Édouard", "jeanedouard.legall0703", "kbrxvt07"));
  g_ptr_array_add (list, credentials ("3", "O\"Neil; Smith", "=Bono", NULL, "mnpqrs99"));
  csv = orga_student_credentials_to_csv (list);
  g_assert_cmpmem (g_bytes_get_data (csv, NULL), g_bytes_get_size (csv), expected, sizeof expected - 1);
}

static char *
run_tool (const char *tool,
          const char *path,
          const char *extra)
{
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(GError) error = NULL;
  const char *argv[] = { tool, path, extra, NULL };
  int status = 0;

  g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL,
                               &out, &err, &status, &error));
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  return g_steal_pointer (&out);
}

static void
reset_done_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  GPtrArray **list = user_data;
  g_autoptr(GError) error = NULL;

  *list = orga_client_reset_student_passwords_finish (ORGA_CLIENT (source), result, &error);
  g_assert_no_error (error);
}

static gboolean
list_set_cb (gpointer data)
{
  return *(GPtrArray **) data != NULL;
}

/* The whole class reset through the API the page calls, then its CSV
 * and its 35 slips (8 a page: 5 pages). */
static void
test_bulk (void)
{
  g_autoptr(OrgaLearnerList) list = orga_learner_list_new (desk->store, desk->school);
  g_autoptr(GPtrArray) uuids = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) answer = NULL;
  g_autoptr(GBytes) csv = NULL;
  g_autoptr(GString) expected = g_string_new ("\xef\xbb\xbf\"Classe\";\"Nom\";\"Prénom\";\"Identifiant\";\"Mot de passe\"\n");
  g_autofree char *pdf = g_build_filename (sync_test_get_temp_dir (), "slips.pdf", NULL);
  g_autofree char *info = NULL;
  g_autofree char *text = NULL;
  g_autofree char *school = orga_organization_dup_title (desk->school);
  g_autofree char *url = g_strconcat (sync_test_server_get_url (server), "/campagnes", NULL);
  g_autofree char *space_id = orga_connection_dup_space_id (connection);
  OrgaAccountSlips slips;
  cairo_surface_t *surface;
  cairo_t *cr;

  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (list)); i++)
    {
      g_autoptr(OrgaLearner) one = g_list_model_get_item (G_LIST_MODEL (list), i);

      g_ptr_array_add (uuids, g_strdup (orga_learner_get_uuid (one)));
    }
  g_ptr_array_add (uuids, NULL);
  g_assert_cmpuint (uuids->len, ==, N_STUDENTS + 1);

  orga_client_reset_student_passwords_async (orga_connection_get_client (connection), space_id,
                                             (const char * const *) uuids->pdata, NULL, reset_done_cb, &answer);
  orga_ui_test_wait_until (list_set_cb, &answer);
  g_assert_cmpuint (answer->len, ==, N_STUDENTS);

  /* Every line as the server answered, in its order. */
  for (guint i = 0; i < answer->len; i++)
    {
      OrgaStudentCredentials *c = g_ptr_array_index (answer, i);

      g_assert_true (orga_username_is_valid (c->username));
      g_assert_true (orga_one_time_password_is_valid (c->password));
      g_assert_cmpstr (c->division, ==, "6A");
      g_string_append_printf (expected, "\"6A\";\"%s\";\"%s\";\"%s\";\"%s\"\n",
                              c->last_name, c->first_name, c->username, c->password);
    }
  csv = orga_student_credentials_to_csv (answer);
  g_assert_cmpmem (g_bytes_get_data (csv, NULL), g_bytes_get_size (csv), expected->str, expected->len);

  /* The slips, drawn to A4 pages of a PDF. */
  slips.school = school;
  slips.sign_in_url = url;
  slips.credentials = answer;
  g_assert_cmpuint (orga_account_slips_get_n_pages (&slips), ==, 5);
  surface = cairo_pdf_surface_create (pdf, 595.276, 841.89);
  cr = cairo_create (surface);
  for (guint page = 0; page < orga_account_slips_get_n_pages (&slips); page++)
    {
      orga_account_slips_draw_page (&slips, cr, 595.276, 841.89, page);
      cairo_show_page (cr);
    }
  cairo_destroy (cr);
  cairo_surface_finish (surface);
  g_assert_cmpint (cairo_surface_status (surface), ==, CAIRO_STATUS_SUCCESS);
  cairo_surface_destroy (surface);

  info = run_tool ("pdfinfo", pdf, NULL);
  {
    const char *pages = strstr (info, "Pages:");

    g_assert_nonnull (pages);
    g_assert_cmpint (atoi (pages + strlen ("Pages:")), ==, 5);
  }
  text = run_tool ("pdftotext", pdf, "-");
  for (guint i = 0; i < answer->len; i++)
    {
      OrgaStudentCredentials *c = g_ptr_array_index (answer, i);

      g_assert_nonnull (strstr (text, c->username));
      g_assert_nonnull (strstr (text, c->password));
    }
  g_assert_nonnull (strstr (text, url));
  g_assert_nonnull (strstr (text, school));
  /* The sentence may wrap in a slip: compared with the lines joined. */
  {
    g_autofree char *joined = g_strdup (text);

    g_strdelimit (joined, "\n", ' ');
    g_assert_nonnull (strstr (joined, "Ce mot de passe doit être changé à la première connexion."));
  }
  /* Eight slips a page, the last page five: 35 = 4 × 8 + 3. */
  {
    g_auto(GStrv) pages = g_strsplit (text, "\f", -1);
    guint n_last = 0;

    g_assert_cmpuint (g_strv_length (pages), >=, 5);
    for (const char *p = pages[4]; (p = strstr (p, "Identifiant")) != NULL; p++)
      n_last++;
    g_assert_cmpuint (n_last, ==, 3);
  }

  /* The usernames all exist now: the next sync lists them. */
  {
    g_autoptr(OrgaSyncReport) report = sync_test_desktop_sync (desk);
    static const char * const identifiant[] = { "identifiant", NULL };

    g_assert_cmpint (report->status, ==, ORGA_SYNC_STATUS_OK);
    orga_learner_list_set_login_methods (list, identifiant);
    g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, N_STUDENTS);
  }
}

static gboolean
client_restored_cb (gpointer data)
{
  return orga_connection_get_client (connection) != NULL;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(OrgaTokenStore) tokens = NULL;
  g_autoptr(OrgaImportReport) import = NULL;
  g_autoptr(OrgaSyncReport) report = NULL;
  g_autofree char *tokens_dir = NULL;
  int status;

  sync_test_init (&argc, &argv);
  textdomain (GETTEXT_PACKAGE);
  gtk_init ();
  adw_init ();
  g_object_set (gtk_settings_get_default (), "gtk-enable-animations", FALSE, NULL);

  /* A school of one class on the server. */
  server = sync_test_server_start (NULL);
  space = sync_test_space_new (server);
  desk = sync_test_desktop_new (space, "teacher", TRUE);
  import = sync_test_desktop_import (desk, 1, N_STUDENTS, "6A");
  report = sync_test_desktop_sync (desk);
  g_assert_cmpint (report->status, ==, ORGA_SYNC_STATUS_OK);

  context = orga_context_new (desk->store, NULL);
  orga_context_set_organization (context, desk->school);
  tokens_dir = g_build_filename (sync_test_get_temp_dir (), "data", "pixorga", "tokens", NULL);
  tokens = orga_token_store_new_for_directory (tokens_dir);
  connection = orga_connection_new (context, tokens);
  orga_connection_restore (connection);
  orga_ui_test_wait_until (client_restored_cb, NULL);

  window = orga_ui_test_present (gtk_label_new ("PixOrga"), 900, 700);

  g_test_add_func ("/student-account/csv-bytes", test_csv_bytes);
  g_test_add_func ("/student-account/json", test_json);
  g_test_add_func ("/student-account/manage", test_manage);
  g_test_add_func ("/student-account/offline", test_offline);
  g_test_add_func ("/student-account/methods", test_methods);
  g_test_add_func ("/student-account/cache-changes", test_cache_changes);
  g_test_add_func ("/student-account/page", test_page);
  g_test_add_func ("/student-account/bulk", test_bulk);

  status = g_test_run ();

  orga_ui_test_close_dialogs (window);
  gtk_window_destroy (window);
  orga_ui_test_spin (100);

  g_clear_object (&connection);
  g_clear_object (&context);
  sync_test_desktop_free (desk);
  sync_test_space_free (space);
  sync_test_server_free (server);
  return status;
}
