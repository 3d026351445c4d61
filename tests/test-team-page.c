/* test-team-page.c: the Équipe page against a real pixorga-server on
 * loopback (spec §1.2–§1.5)
 *
 * The server is the real binary ($PIXORGA_SERVER), on a free port, with
 * its mails written to a folder. The school is created with `org add`,
 * its space activated through the API; the head signs up and accepts the
 * link read from the mail, as OrgaConnection does for the app. Each test
 * builds on the one before: the team they change is one team.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <signal.h>
#include <sys/prctl.h>
#include <string.h>

#include "orga-connection.h"
#include "orga-context.h"
#include "orga-format.h"
#include "orga-i18n.h"
#include "orga-store-account.h"
#include "orga-account-form.h"
#include "orga-account-menu.h"
#include "orga-activation-form.h"
#include "orga-join-dialog.h"
#include "orga-keys-check.h"
#include "orga-team-page.h"
#include "orga-ui-test-util.h"
#include "orga-test-util.h"

#define UAI "0330001A"
#define SCHOOL "Collège Jean Moulin"
#define PASSWORD "Secret123"

typedef struct
{
  OrgaConnection *connection;
  char           *db_path;
} Desk;

static char *temp_dir;
static char *mail_dir;
static char *server_url;
static GSubprocess *server;
static Desk head;       /* the admin who activated the space */
static Desk paul;       /* invited, then a member */

/* ------------------------------------------------------------------------
 * The server and its mails
 */

static void
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR) && !g_file_test (child, G_FILE_TEST_IS_SYMLINK))
        remove_tree (child);
      else
        g_unlink (child);
    }
  g_rmdir (path);
}

static void
run_server_command (const char * const *args)
{
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *err = NULL;

  process = g_subprocess_newv (args, G_SUBPROCESS_FLAGS_STDOUT_SILENCE | G_SUBPROCESS_FLAGS_STDERR_PIPE, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (process, NULL, NULL, NULL, &err, &error);
  g_assert_no_error (error);
  if (!g_subprocess_get_successful (process))
    g_error ("%s failed: %s", args[0], err);
}

static void
die_with_parent (gpointer data)
{
  prctl (PR_SET_PDEATHSIG, SIGTERM);
}

static void
start_server (void)
{
  const char *binary = g_getenv ("PIXORGA_SERVER");
  /* test-team-page-pg runs the same against PostgreSQL (tests/orga-pg.py). */
  const char *pg_uri = g_getenv ("PIXORGA_TEST_PG_URI");
  g_autofree char *db = pg_uri != NULL ? g_strdup (pg_uri) : g_build_filename (temp_dir, "server.db", NULL);
  g_autoptr(GDataInputStream) out = NULL;
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *line = NULL;
  const char *add[] = { binary, "--db", db, "org", "add", "--uai", UAI, "--name", SCHOOL,
                        "--email", "secretariat@jean-moulin.example", NULL };
  const char *add_second[] = { binary, "--db", db, "org", "add", "--uai", "0330002B", "--name", "Lycée Montesquieu",
                               "--email", "ce.0330002b@ac-bordeaux.example", NULL };
  const char *serve[] = { binary, "--db", db, "--listen", "127.0.0.1:0",
                          "--public-url", "http://orga.example", "--mail-dir", mail_dir, NULL };

  g_assert_nonnull (binary);
  run_server_command (add);
  run_server_command (add_second);

  /* A test that aborts takes its server with it. */
  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE);
  g_subprocess_launcher_set_child_setup (launcher, die_with_parent, NULL, NULL);
  server = g_subprocess_launcher_spawnv (launcher, serve, &error);
  g_assert_no_error (error);

  /* "listening on http://127.0.0.1:PORT" once the socket is bound. */
  out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (server));
  line = g_data_input_stream_read_line_utf8 (out, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (line);
  g_assert_true (g_str_has_prefix (line, "listening on "));
  server_url = g_strdup (line + strlen ("listening on "));
}

static void
stop_server (void)
{
  if (server == NULL)
    return;
  g_subprocess_send_signal (server, SIGTERM);
  g_subprocess_wait (server, NULL, NULL);
  g_clear_object (&server);
}

/* The invitation link of the last mail that names @address (or any with
 * NULL), as pixorga://rejoindre?server=…: the mail's own link names the
 * public URL, not the loopback port. */
static char *
dup_mailed_link (const char *address)
{
  g_autoptr(GDir) dir = g_dir_open (mail_dir, 0, NULL);
  g_autoptr(GRegex) regex = g_regex_new ("invitationId=([A-Za-z0-9-]+)&(?:amp;)?code=([A-Z0-9]+)", 0, 0, NULL);
  g_autofree char *found = NULL;
  gint64 found_time = 0;
  const char *name;

  g_assert_nonnull (dir);
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (mail_dir, name, NULL);
      g_autofree char *raw = NULL;
      g_autofree char *text = NULL;
      g_autoptr(GMatchInfo) match = NULL;
      GStatBuf st;

      if (!g_str_has_suffix (name, ".eml") || !g_file_get_contents (path, &raw, NULL, NULL))
        continue;
      text = orga_test_decode_quoted_printable (raw);
      if (address != NULL && strstr (text, address) == NULL)
        continue;
      if (!g_regex_match (regex, text, 0, &match) || g_stat (path, &st) != 0)
        continue;
      if (found == NULL || st.st_mtime >= found_time)
        {
          g_autofree char *id = g_match_info_fetch (match, 1);
          g_autofree char *code = g_match_info_fetch (match, 2);
          g_autofree char *server_escaped = g_uri_escape_string (server_url, NULL, FALSE);

          g_free (found);
          found = g_strdup_printf ("pixorga://rejoindre?server=%s&invitationId=%s&code=%s",
                                   server_escaped, id, code);
          found_time = st.st_mtime;
        }
    }
  g_assert_nonnull (found);
  return g_steal_pointer (&found);
}

static guint
count_mails (void)
{
  g_autoptr(GDir) dir = g_dir_open (mail_dir, 0, NULL);
  guint n = 0;
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    n += g_str_has_suffix (name, ".eml");
  return n;
}

/* ------------------------------------------------------------------------
 * Desks: a database, a context and a connection, as the app has them
 */

static gboolean
task_done (gpointer data)
{
  return *(GAsyncResult **) data != NULL;
}

static void
store_result_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

static void
desk_init (Desk       *desk,
           const char *name)
{
  g_autofree char *tokens = g_build_filename (temp_dir, name, "tokens", NULL);
  g_autoptr(OrgaTokenStore) token_store = NULL;
  g_autoptr(OrgaStore) store = NULL;
  g_autoptr(OrgaContext) context = NULL;
  g_autoptr(GError) error = NULL;

  desk->db_path = g_build_filename (temp_dir, name, "pixorga.db", NULL);
  g_mkdir_with_parents (tokens, 0700);
  store = orga_store_open (desk->db_path, &error);
  g_assert_no_error (error);
  context = orga_context_new (store, NULL);
  token_store = orga_token_store_new_for_directory (tokens);
  desk->connection = orga_connection_new (context, token_store);
}

/* Signs up (first time) and accepts @link, as the invitation dialog. */
static void
desk_join (Desk       *desk,
           const char *link,
           const char *email,
           const char *first_name,
           const char *last_name)
{
  g_autofree char *url = NULL, *id = NULL, *code = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(OrgaOrganization) organization = NULL;
  g_autoptr(GError) error = NULL;
  OrgaSignIn sign_in = { 0 };

  g_assert_true (orga_client_parse_invitation_link (link, &url, &id, &code, &error));
  g_assert_no_error (error);

  sign_in.server_url = url;
  sign_in.email = email;
  sign_in.password = PASSWORD;
  sign_in.first_name = first_name;
  sign_in.last_name = last_name;
  sign_in.sign_up = TRUE;
  sign_in.invitation_id = id;
  sign_in.code = code;
  sign_in.accept_orga_terms = TRUE;
  orga_connection_sign_in_async (desk->connection, &sign_in, NULL, store_result_cb, &result);
  orga_ui_test_wait_until (task_done, &result);

  organization = orga_connection_sign_in_finish (desk->connection, result, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (orga_organization_get_uai (organization), ==, UAI);
  g_assert_nonnull (orga_connection_get_client (desk->connection));
}

/* Signs in with an existing account and accepts @link. */
static void
desk_accept (Desk       *desk,
             const char *link,
             const char *email)
{
  g_autofree char *url = NULL, *id = NULL, *code = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(OrgaOrganization) organization = NULL;
  g_autoptr(GError) error = NULL;
  OrgaSignIn sign_in = { 0 };

  g_assert_true (orga_client_parse_invitation_link (link, &url, &id, &code, &error));
  sign_in.server_url = url;
  sign_in.email = email;
  sign_in.password = PASSWORD;
  sign_in.invitation_id = id;
  sign_in.code = code;
  sign_in.accept_orga_terms = TRUE;
  orga_connection_sign_in_async (desk->connection, &sign_in, NULL, store_result_cb, &result);
  orga_ui_test_wait_until (task_done, &result);
  organization = orga_connection_sign_in_finish (desk->connection, result, &error);
  g_assert_no_error (error);
}

/* Signs in with an existing account, as the welcome page's form. */
static OrgaOrganization *
desk_sign_in (Desk        *desk,
              const char  *email,
              GError     **error)
{
  g_autoptr(GAsyncResult) result = NULL;
  OrgaSignIn sign_in = { 0 };

  sign_in.server_url = server_url;
  sign_in.email = email;
  sign_in.password = PASSWORD;
  orga_connection_sign_in_async (desk->connection, &sign_in, NULL, store_result_cb, &result);
  orga_ui_test_wait_until (task_done, &result);
  return orga_connection_sign_in_finish (desk->connection, result, error);
}

/* A desk whose database already has a school made offline. */
static OrgaOrganization *
desk_init_offline (Desk       *desk,
                   const char *name,
                   const char *uai)
{
  g_autoptr(GError) error = NULL;
  OrgaOrganization *organization;
  OrgaContext *context;

  desk_init (desk, name);
  context = orga_connection_get_context (desk->connection);
  organization = orga_store_create_organization (orga_context_get_store (context), uai, "Mon collège",
                                                 ORGA_ORGANIZATION_KIND_SCO, &error);
  g_assert_no_error (error);
  orga_context_set_organization (context, organization);
  return organization;
}

/* ------------------------------------------------------------------------
 * The page
 */

static gboolean
page_idle (gpointer data)
{
  return !orga_team_page_get_busy (data) && orga_team_page_get_team (data) != NULL;
}

static OrgaTeamPage *
show_page (Desk *desk)
{
  OrgaTeamPage *page = g_object_new (ORGA_TYPE_TEAM_PAGE, "connection", desk->connection, NULL);

  orga_ui_test_present (GTK_WIDGET (page), 900, 600);
  orga_ui_test_wait_until (page_idle, page);
  return page;
}

static void
close_page (OrgaTeamPage *page)
{
  GtkWindow *window = GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (page)));

  orga_ui_test_close_dialogs (window);
  g_object_add_weak_pointer (G_OBJECT (page), (gpointer *) &page);
  gtk_window_destroy (window);
  orga_ui_test_spin (50);
  g_assert_null (page);
}

static GtkWidget *
find_child (GtkWidget  *root,
            const char *id)
{
  /* Template children are reachable by their builder id through the
   * widget's accessible tree only; look them up by type and property. */
  return gtk_widget_get_template_child (root, ORGA_TYPE_TEAM_PAGE, id) ?
         GTK_WIDGET (gtk_widget_get_template_child (root, ORGA_TYPE_TEAM_PAGE, id)) : NULL;
}

static const char *
view_page_title (OrgaTeamPage *page,
                 const char   *id)
{
  return adw_view_stack_page_get_title (ADW_VIEW_STACK_PAGE (gtk_widget_get_template_child (GTK_WIDGET (page), ORGA_TYPE_TEAM_PAGE, id)));
}

static gboolean
column_visible (OrgaTeamPage *page,
                const char   *id)
{
  return gtk_column_view_column_get_visible (GTK_COLUMN_VIEW_COLUMN (gtk_widget_get_template_child (GTK_WIDGET (page), ORGA_TYPE_TEAM_PAGE, id)));
}

static const char *
last_toast (OrgaTeamPage *page)
{
  return g_object_get_data (G_OBJECT (page), "last-toast");
}

/* The field of a dialog (the invitation's addresses, the role), under a
 * label whose access key reaches it. */
static GtkWidget *
dialog_field (AdwMessageDialog *dialog)
{
  GtkWidget *box = adw_message_dialog_get_extra_child (dialog);
  GtkWidget *label = gtk_widget_get_first_child (box);
  GtkWidget *field = gtk_widget_get_last_child (box);

  g_assert_true (GTK_IS_LABEL (label));
  g_assert_cmpuint (gtk_label_get_mnemonic_keyval (GTK_LABEL (label)), !=, GDK_KEY_VoidSymbol);
  g_assert_true (gtk_label_get_mnemonic_widget (GTK_LABEL (label)) == field);
  return field;
}

/* The dialog from the keyboard: access keys, Enter and Escape, the first
 * focus (tests/orga-keys-check.c). */
static void
assert_keys (AdwMessageDialog *dialog,
             OrgaKeysFocus     focus)
{
  g_autofree char *problems = NULL;

  orga_ui_test_spin (100);
  problems = orga_keys_check_dialog (GTK_WIDGET (dialog), focus, NULL);
  g_assert_cmpstr (problems, ==, NULL);
}

static AdwMessageDialog *
wait_dialog (void)
{
  AdwMessageDialog *dialog = NULL;

  for (int i = 0; i < 200 && dialog == NULL; i++)
    {
      dialog = (AdwMessageDialog *) orga_ui_test_find_toplevel (ADW_TYPE_MESSAGE_DIALOG);
      if (dialog == NULL)
        orga_ui_test_spin (10);
    }
  g_assert_nonnull (dialog);
  return dialog;
}

static OrgaMember *
find_member (OrgaTeamPage *page,
             const char   *email)
{
  return orga_team_find_member (orga_team_page_get_team (page), email);
}

static void
wait_idle (OrgaTeamPage *page)
{
  orga_ui_test_spin (20);
  orga_ui_test_wait_until (page_idle, page);
}

/* ------------------------------------------------------------------------ */

static void
test_admin_sees_controls (void)
{
  OrgaTeamPage *page = show_page (&head);
  OrgaTeam *team = orga_team_page_get_team (page);
  g_autofree char *members = g_strdup_printf (_("Members (%u)"), 1);
  g_autofree char *invitations = g_strdup_printf (_("Invitations (%u)"), 0);
  OrgaMember *me;

  g_assert_false (orga_team_get_offline (team));
  g_assert_true (orga_team_viewer_is_admin (team));
  me = find_member (page, "marie.curie@jean-moulin.example");
  g_assert_nonnull (me);
  g_assert_cmpint (orga_member_get_role (me), ==, ORGA_MEMBER_ROLE_ADMIN);

  g_assert_cmpstr (view_page_title (page, "members_page"), ==, members);
  g_assert_cmpstr (view_page_title (page, "invitations_page"), ==, invitations);
  /* The French labels, where the translation is installed. */
  if (g_strcmp0 (_("Members (%u)"), "Members (%u)") != 0)
    g_assert_cmpstr (view_page_title (page, "members_page"), ==, "Membres (1)");

  g_assert_true (gtk_widget_get_visible (find_child (GTK_WIDGET (page), "invite_button")));
  g_assert_true (column_visible (page, "member_actions_column"));
  g_assert_true (adw_view_stack_page_get_visible (ADW_VIEW_STACK_PAGE (gtk_widget_get_template_child (GTK_WIDGET (page), ORGA_TYPE_TEAM_PAGE, "invitations_page"))));
  g_assert_false (gtk_revealer_get_reveal_child (GTK_REVEALER (find_child (GTK_WIDGET (page), "offline_revealer"))));

  close_page (page);
}

static void
test_invite_two (void)
{
  OrgaTeamPage *page = show_page (&head);
  g_autofree char *invitations = g_strdup_printf (_("Invitations (%u)"), 2);
  AdwMessageDialog *dialog;
  GtkWidget *entry;
  guint mails = count_mails ();

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "team.invite", NULL));
  dialog = wait_dialog ();
  g_assert_cmpstr (adw_message_dialog_get_heading (dialog), ==, _("Invite a Member"));
  g_assert_false (adw_message_dialog_get_response_enabled (dialog, "invite"));
  assert_keys (dialog, ORGA_KEYS_FOCUS_FIELD);

  entry = dialog_field (dialog);
  gtk_editable_set_text (GTK_EDITABLE (entry), " paul.martin@jean-moulin.example, lea.durand@jean-moulin.example ");
  g_assert_true (adw_message_dialog_get_response_enabled (dialog, "invite"));
  adw_message_dialog_response (dialog, "invite");
  wait_idle (page);

  g_assert_cmpstr (view_page_title (page, "invitations_page"), ==, invitations);
  g_assert_cmpstr (last_toast (page), ==, "Une invitation a bien été envoyée aux adresses e-mails listées.");
  g_assert_nonnull (orga_team_find_invitation (orga_team_page_get_team (page), "lea.durand@jean-moulin.example"));
  g_assert_cmpuint (count_mails (), ==, mails + 2);

  close_page (page);
}

static void
test_invite_bad_address (void)
{
  OrgaTeamPage *page = show_page (&head);
  g_autofree char *invitations = g_strdup_printf (_("Invitations (%u)"), 2);
  AdwMessageDialog *dialog;

  gtk_widget_activate_action (GTK_WIDGET (page), "team.invite", NULL);
  dialog = wait_dialog ();
  gtk_editable_set_text (GTK_EDITABLE (dialog_field (dialog)), "pas-une-adresse");
  adw_message_dialog_response (dialog, "invite");
  wait_idle (page);

  /* The server's sentence, and nothing invited. */
  g_assert_cmpstr (last_toast (page), ==, "Le format de l'adresse e-mail est incorrect.");
  g_assert_cmpstr (view_page_title (page, "invitations_page"), ==, invitations);

  close_page (page);
}

static void
test_resend_and_cancel (void)
{
  OrgaTeamPage *page = show_page (&head);
  OrgaInvitation *lea = orga_team_find_invitation (orga_team_page_get_team (page), "lea.durand@jean-moulin.example");
  g_autofree char *id = g_strdup (orga_invitation_get_id (lea));
  g_autofree char *link_before = dup_mailed_link ("lea.durand@jean-moulin.example");
  g_autofree char *link_after = NULL;
  g_autofree char *invitations = g_strdup_printf (_("Invitations (%u)"), 1);
  guint mails = count_mails ();

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "team.resend", "s", id));
  wait_idle (page);
  g_assert_cmpstr (last_toast (page), ==, "L'invitation a bien été renvoyée.");
  g_assert_cmpuint (count_mails (), ==, mails + 1);
  /* The same code (spec §1.4). */
  link_after = dup_mailed_link ("lea.durand@jean-moulin.example");
  g_assert_cmpstr (link_after, ==, link_before);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "team.cancel", "s", id));
  wait_idle (page);
  g_assert_cmpstr (last_toast (page), ==, "L’invitation a bien été supprimée.");
  g_assert_cmpstr (view_page_title (page, "invitations_page"), ==, invitations);
  g_assert_null (orga_team_find_invitation (orga_team_page_get_team (page), "lea.durand@jean-moulin.example"));

  close_page (page);
}

static void
test_member_sees_no_controls (void)
{
  g_autofree char *link = dup_mailed_link ("paul.martin@jean-moulin.example");
  g_autofree char *members = g_strdup_printf (_("Members (%u)"), 2);
  OrgaTeamPage *page;

  desk_init (&paul, "paul");
  desk_join (&paul, link, "paul.martin@jean-moulin.example", "Paul", "Martin");

  page = show_page (&paul);
  g_assert_false (orga_team_viewer_is_admin (orga_team_page_get_team (page)));
  g_assert_cmpstr (view_page_title (page, "members_page"), ==, members);
  g_assert_false (gtk_widget_get_visible (find_child (GTK_WIDGET (page), "invite_button")));
  g_assert_false (column_visible (page, "member_actions_column"));
  g_assert_false (adw_view_stack_page_get_visible (ADW_VIEW_STACK_PAGE (gtk_widget_get_template_child (GTK_WIDGET (page), ORGA_TYPE_TEAM_PAGE, "invitations_page"))));
  /* The actions are off too, not only hidden. */
  g_assert_cmpint (orga_member_get_role (find_member (page, "paul.martin@jean-moulin.example")), ==, ORGA_MEMBER_ROLE_MEMBER);
  close_page (page);
}

static void
test_change_role (void)
{
  OrgaTeamPage *page = show_page (&head);
  OrgaMember *member = find_member (page, "paul.martin@jean-moulin.example");
  g_autofree char *user_id = g_strdup (orga_member_get_user_id (member));
  AdwMessageDialog *dialog;

  g_assert_cmpint (orga_member_get_role (member), ==, ORGA_MEMBER_ROLE_MEMBER);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "team.change-role", "s", user_id));
  dialog = wait_dialog ();
  g_assert_cmpstr (adw_message_dialog_get_body (dialog), ==, "Paul Martin");
  assert_keys (dialog, ORGA_KEYS_FOCUS_FIELD);
  gtk_drop_down_set_selected (GTK_DROP_DOWN (dialog_field (dialog)), 0);
  adw_message_dialog_response (dialog, "save");
  wait_idle (page);

  g_assert_cmpstr (last_toast (page), ==, "Le rôle a bien été changé.");
  g_assert_cmpint (orga_member_get_role (find_member (page, "paul.martin@jean-moulin.example")), ==, ORGA_MEMBER_ROLE_ADMIN);
  g_assert_cmpuint (orga_team_count_admins (orga_team_page_get_team (page)), ==, 2);
  close_page (page);

  /* Paul, now an admin, gets the controls. */
  page = show_page (&paul);
  g_assert_true (gtk_widget_get_visible (find_child (GTK_WIDGET (page), "invite_button")));
  g_assert_true (column_visible (page, "member_actions_column"));
  close_page (page);
}

static void
test_remove_with_confirmation (void)
{
  OrgaTeamPage *page = show_page (&head);
  OrgaMember *member = find_member (page, "paul.martin@jean-moulin.example");
  g_autofree char *user_id = g_strdup (orga_member_get_user_id (member));
  g_autofree char *members = g_strdup_printf (_("Members (%u)"), 1);
  AdwMessageDialog *dialog;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "team.remove", "s", user_id));
  dialog = wait_dialog ();
  g_assert_cmpstr (adw_message_dialog_get_heading (dialog), ==, _("Do You Confirm the Removal?"));
  assert_keys (dialog, ORGA_KEYS_FOCUS_ANSWER);
  if (g_strcmp0 (_("Do You Confirm the Removal?"), "Do You Confirm the Removal?") != 0)
    {
      g_assert_cmpstr (adw_message_dialog_get_heading (dialog), ==, "Confirmez-vous la suppression ?");
      g_assert_cmpstr (adw_message_dialog_get_body (dialog), ==,
                       "Paul Martin n'aura plus accès à cet espace Pix Orga. Ses campagnes restent accessibles au reste de l'équipe.");
      g_assert_cmpstr (adw_message_dialog_get_response_label (dialog, "remove"), ==, "Oui, _supprimer le membre");
    }

  /* Cancelling removes nobody. */
  adw_message_dialog_response (dialog, "cancel");
  orga_ui_test_spin (50);
  g_assert_false (orga_team_page_get_busy (page));
  g_assert_nonnull (find_member (page, "paul.martin@jean-moulin.example"));
  orga_ui_test_close_dialogs (GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (page))));

  gtk_widget_activate_action (GTK_WIDGET (page), "team.remove", "s", user_id);
  dialog = wait_dialog ();
  adw_message_dialog_response (dialog, "remove");
  wait_idle (page);

  g_assert_cmpstr (last_toast (page), ==, "Paul Martin a été supprimé avec succès de votre équipe Pix Orga.");
  g_assert_cmpstr (view_page_title (page, "members_page"), ==, members);
  g_assert_null (find_member (page, "paul.martin@jean-moulin.example"));
  close_page (page);
}

static gboolean
dialog_open (gpointer data)
{
  return orga_ui_test_find_toplevel (ADW_TYPE_MESSAGE_DIALOG) != NULL;
}

/* "Quitter cet espace Pix Orga": offered while another admin remains,
 * refused to the last one (it is not even offered). */
static void
test_leave (void)
{
  Desk karim = { 0 };
  g_autoptr(OrgaClient) client = orga_client_new (server_url, NULL);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *space_id = orga_connection_dup_space_id (head.connection);
  g_autofree char *message = NULL;
  g_autofree char *link = NULL;
  g_autofree char *expected = NULL;
  const char *emails[] = { "karim.benali@jean-moulin.example", NULL };
  OrgaTeamPage *page;

  /* The head alone: no leaving. */
  page = show_page (&head);
  g_assert_cmpuint (orga_team_count_admins (orga_team_page_get_team (page)), ==, 1);
  gtk_widget_activate_action (GTK_WIDGET (page), "team.leave", NULL);
  orga_ui_test_spin (100);
  g_assert_false (dialog_open (NULL));
  close_page (page);

  /* Karim, invited as an admin, joins: two admins. */
  orga_client_invite_async (orga_connection_get_client (head.connection), space_id, emails,
                            ORGA_MEMBER_ROLE_ADMIN, NULL, store_result_cb, &result);
  orga_ui_test_wait_until (task_done, &result);
  message = orga_client_invite_finish (orga_connection_get_client (head.connection), result, NULL, &error);
  g_assert_no_error (error);
  link = dup_mailed_link ("karim.benali@jean-moulin.example");
  desk_init (&karim, "karim");
  desk_join (&karim, link, "karim.benali@jean-moulin.example", "Karim", "Benali");

  page = show_page (&karim);
  g_assert_cmpuint (orga_team_count_admins (orga_team_page_get_team (page)), ==, 2);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "team.leave", NULL));
  orga_ui_test_wait_until (dialog_open, NULL);
  assert_keys (wait_dialog (), ORGA_KEYS_FOCUS_ANSWER);
  adw_message_dialog_response (wait_dialog (), "leave");
  wait_idle (page);
  expected = g_strdup_printf ("Vous avez été supprimé avec succès de l'organisation %s.", SCHOOL);
  g_assert_true (g_str_has_prefix (last_toast (page), expected));
  close_page (page);

  page = show_page (&head);
  g_assert_null (find_member (page, "karim.benali@jean-moulin.example"));
  close_page (page);

  g_clear_object (&karim.connection);
  g_free (karim.db_path);
}

/* Signing in binds the database (spec §1.3 and issue 9, item 6): an
 * offline school of the same UAI is kept, with its id; another UAI is
 * refused with a message naming both, and nothing is bound. */
static void
test_sign_in_binding (void)
{
  Desk same = { 0 }, other = { 0 };
  g_autoptr(OrgaOrganization) offline = desk_init_offline (&same, "same", UAI);
  g_autoptr(OrgaOrganization) offline_other = desk_init_offline (&other, "other", "0330009Z");
  g_autoptr(OrgaOrganization) bound = NULL;
  g_autoptr(OrgaOrganization) refused = NULL;
  g_autoptr(GError) error = NULL;

  bound = desk_sign_in (&same, "marie.curie@jean-moulin.example", &error);
  g_assert_no_error (error);
  g_assert_cmpint (orga_organization_get_id (bound), ==, orga_organization_get_id (offline));
  g_assert_nonnull (orga_connection_get_current_space (same.connection));
  g_assert_cmpstr (orga_space_get_uai (orga_connection_get_current_space (same.connection)), ==, UAI);

  refused = desk_sign_in (&other, "marie.curie@jean-moulin.example", &error);
  g_assert_null (refused);
  g_assert_error (error, ORGA_STORE_ERROR, ORGA_STORE_ERROR_OTHER_ORGANIZATION);
  g_assert_nonnull (strstr (error->message, "0330009Z"));
  g_assert_nonnull (strstr (error->message, UAI));
  g_assert_null (orga_connection_get_account (other.connection));
  g_assert_null (orga_store_get_account (orga_context_get_store (orga_connection_get_context (other.connection)), NULL));

  g_clear_object (&same.connection);
  g_clear_object (&other.connection);
  g_free (same.db_path);
  g_free (other.db_path);
}

/* Paul was removed: his account signs in but has no space left (§1.3). */
static void
test_sign_in_without_space (void)
{
  Desk desk = { 0 };
  g_autoptr(OrgaOrganization) organization = NULL;
  g_autoptr(GError) error = NULL;

  desk_init (&desk, "removed");
  organization = desk_sign_in (&desk, "paul.martin@jean-moulin.example", &error);
  g_assert_null (organization);
  g_assert_error (error, ORGA_STORE_ERROR, ORGA_STORE_ERROR_NOT_A_MEMBER);
  g_assert_cmpstr (error->message, ==,
                   _("Access to Pix Orga is limited to invited members. Each space is managed by a "
                     "Pix Orga administrator of the organization that uses it. Contact them so that "
                     "they invite you."));
  g_clear_object (&desk.connection);
  g_free (desk.db_path);
}

static GObject *
child_of (gpointer    widget,
          GType       type,
          const char *name)
{
  GObject *child = gtk_widget_get_template_child (GTK_WIDGET (widget), type, name);

  g_assert_nonnull (child);
  return child;
}

static gboolean
form_idle (gpointer data)
{
  return !orga_activation_form_get_busy (data);
}

/* The §1.2 form: the spec's messages before anything is sent, then the
 * server's success message (and a mail to the school). */
static void
test_activation_form (void)
{
  OrgaActivationForm *form = g_object_new (ORGA_TYPE_ACTIVATION_FORM, NULL);
  GtkWindow *window = orga_ui_test_present (GTK_WIDGET (form), 600, 700);
  GtkEditable *uai = GTK_EDITABLE (child_of (form, ORGA_TYPE_ACTIVATION_FORM, "uai_row"));
  GtkEditable *first = GTK_EDITABLE (child_of (form, ORGA_TYPE_ACTIVATION_FORM, "first_name_row"));
  GtkEditable *last = GTK_EDITABLE (child_of (form, ORGA_TYPE_ACTIVATION_FORM, "last_name_row"));
  GtkLabel *error_label = GTK_LABEL (child_of (form, ORGA_TYPE_ACTIVATION_FORM, "error_label"));
  GtkLabel *success = GTK_LABEL (child_of (form, ORGA_TYPE_ACTIVATION_FORM, "success_label"));
  GtkButton *confirm = GTK_BUTTON (child_of (form, ORGA_TYPE_ACTIVATION_FORM, "confirm_button"));
  gboolean french = g_strcmp0 (_("Your first name is missing."), "Your first name is missing.") != 0;
  guint mails = count_mails ();
  const char *bad[] = { "123456Z", "A123456", "12345A", NULL };

  orga_activation_form_set_server_url (form, server_url);
  gtk_editable_set_text (first, "Marie");
  gtk_editable_set_text (last, "Curie");
  for (guint i = 0; bad[i] != NULL; i++)
    {
      gtk_editable_set_text (uai, bad[i]);
      g_signal_emit_by_name (confirm, "clicked");
      g_assert_true (gtk_widget_get_visible (GTK_WIDGET (error_label)));
      g_assert_cmpstr (gtk_label_get_label (error_label), ==, _("The school’s UAI is not correct."));
      if (french)
        g_assert_cmpstr (gtk_label_get_label (error_label), ==, "L'UAI n'est pas correct.");
    }

  gtk_editable_set_text (uai, " 0330001A ");
  gtk_editable_set_text (first, "  ");
  g_signal_emit_by_name (confirm, "clicked");
  if (french)
    g_assert_cmpstr (gtk_label_get_label (error_label), ==, "Votre prénom n’est pas renseigné.");
  gtk_editable_set_text (first, "Marie");
  gtk_editable_set_text (last, "");
  g_signal_emit_by_name (confirm, "clicked");
  if (french)
    g_assert_cmpstr (gtk_label_get_label (error_label), ==, "Votre nom n’est pas renseigné.");
  g_assert_false (orga_activation_form_get_busy (form));
  g_assert_cmpuint (count_mails (), ==, mails);

  gtk_editable_set_text (last, "Curie");
  g_signal_emit_by_name (confirm, "clicked");
  g_assert_true (orga_activation_form_get_busy (form));
  orga_ui_test_wait_until (form_idle, form);
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (error_label)));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (success)));
  g_assert_cmpstr (gtk_label_get_label (success), ==,
                   "Un e-mail contenant la démarche à suivre a été envoyé à l'adresse e-mail de votre établissement.");
  g_assert_cmpuint (count_mails (), ==, mails + 1);

  /* An unknown UAI: the server's message. */
  gtk_editable_set_text (uai, "0330099Q");
  g_signal_emit_by_name (confirm, "clicked");
  orga_ui_test_wait_until (form_idle, form);
  g_assert_cmpstr (gtk_label_get_label (error_label), ==,
                   "L'UAI/RNE 0330099Q de l'établissement n’est pas reconnu.");

  gtk_window_destroy (window);
}

static gboolean
account_form_idle (gpointer data)
{
  return !orga_account_form_get_busy (data);
}

static void
signed_in_cb (OrgaAccountForm  *form,
              OrgaOrganization *organization,
              gpointer          user_data)
{
  *(OrgaOrganization **) user_data = g_object_ref (organization);
}

/* "Se connecter à un serveur": sign up (Pix's password rule and terms,
 * checked before sending), an account without a space (§1.3), then a
 * member's sign-in that binds the database. */
static void
test_account_form (void)
{
  Desk desk = { 0 };
  OrgaAccountForm *form;
  GtkWindow *window;
  GtkLabel *error_label;
  GtkButton *submit;
  g_autoptr(OrgaOrganization) signed_in = NULL;
  gboolean french = g_strcmp0 (_("Your first name is missing."), "Your first name is missing.") != 0;

  desk_init (&desk, "form");
  form = g_object_new (ORGA_TYPE_ACCOUNT_FORM, "connection", desk.connection, NULL);
  g_signal_connect (form, "signed-in", G_CALLBACK (signed_in_cb), &signed_in);
  window = orga_ui_test_present (GTK_WIDGET (form), 600, 800);
  error_label = GTK_LABEL (child_of (form, ORGA_TYPE_ACCOUNT_FORM, "error_label"));
  submit = GTK_BUTTON (child_of (form, ORGA_TYPE_ACCOUNT_FORM, "submit_button"));

  orga_account_form_set_server_url (form, server_url);
  orga_account_form_set_sign_up (form, TRUE);
  gtk_editable_set_text (GTK_EDITABLE (child_of (form, ORGA_TYPE_ACCOUNT_FORM, "first_name_row")), "Nina");
  gtk_editable_set_text (GTK_EDITABLE (child_of (form, ORGA_TYPE_ACCOUNT_FORM, "last_name_row")), "Simone");
  gtk_editable_set_text (GTK_EDITABLE (child_of (form, ORGA_TYPE_ACCOUNT_FORM, "new_email_row")), "nina.simone@jean-moulin.example");
  gtk_editable_set_text (GTK_EDITABLE (child_of (form, ORGA_TYPE_ACCOUNT_FORM, "new_password_row")), "secret12");
  g_signal_emit_by_name (submit, "clicked");
  g_assert_false (orga_account_form_get_busy (form));
  if (french)
    g_assert_cmpstr (gtk_label_get_label (error_label), ==,
                     "Votre mot de passe doit contenir 8 caractères au minimum et comporter au moins une majuscule, une minuscule et un chiffre.");

  gtk_editable_set_text (GTK_EDITABLE (child_of (form, ORGA_TYPE_ACCOUNT_FORM, "new_password_row")), PASSWORD);
  g_signal_emit_by_name (submit, "clicked");
  g_assert_false (orga_account_form_get_busy (form));
  if (french)
    g_assert_cmpstr (gtk_label_get_label (error_label), ==,
                     "Vous devez accepter les conditions d’utilisation de Pix pour créer un compte.");

  gtk_check_button_set_active (GTK_CHECK_BUTTON (child_of (form, ORGA_TYPE_ACCOUNT_FORM, "cgu_check")), TRUE);
  g_signal_emit_by_name (submit, "clicked");
  g_assert_true (orga_account_form_get_busy (form));
  orga_ui_test_wait_until (account_form_idle, form);
  /* Made, but a member of nothing. */
  g_assert_null (signed_in);
  g_assert_cmpstr (gtk_label_get_label (error_label), ==,
                   _("Access to Pix Orga is limited to invited members. Each space is managed by a "
                     "Pix Orga administrator of the organization that uses it. Contact them so that "
                     "they invite you."));

  /* A member signs in: the database is bound, the form says so. */
  orga_account_form_set_sign_up (form, FALSE);
  gtk_editable_set_text (GTK_EDITABLE (child_of (form, ORGA_TYPE_ACCOUNT_FORM, "email_row")), "marie.curie@jean-moulin.example");
  gtk_editable_set_text (GTK_EDITABLE (child_of (form, ORGA_TYPE_ACCOUNT_FORM, "password_row")), "Wrong123");
  g_signal_emit_by_name (submit, "clicked");
  orga_ui_test_wait_until (account_form_idle, form);
  g_assert_null (signed_in);
  g_assert_cmpstr (gtk_label_get_label (error_label), ==,
                   "L'adresse e-mail et/ou le mot de passe saisis sont incorrects.");

  gtk_editable_set_text (GTK_EDITABLE (child_of (form, ORGA_TYPE_ACCOUNT_FORM, "password_row")), PASSWORD);
  g_signal_emit_by_name (submit, "clicked");
  orga_ui_test_wait_until (account_form_idle, form);
  g_assert_nonnull (signed_in);
  g_assert_cmpstr (orga_organization_get_uai (signed_in), ==, UAI);
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (error_label)));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (child_of (form, ORGA_TYPE_ACCOUNT_FORM, "password_row"))), ==, "");
  g_assert_true (orga_context_get_organization (orga_connection_get_context (desk.connection)) != NULL);

  gtk_window_destroy (window);
  orga_ui_test_spin (50);
  g_clear_object (&desk.connection);
  g_free (desk.db_path);
}

static gboolean
join_settled (gpointer data)
{
  const char *name = gtk_stack_get_visible_child_name (GTK_STACK (child_of (data, ORGA_TYPE_JOIN_DIALOG, "stack")));

  return g_strcmp0 (name, "loading") != 0;
}

/* A cancelled invitation's link: the dialog says so (§1.4) before
 * anyone signs in. */
static void
test_join_cancelled_invitation (void)
{
  g_autofree char *link = dup_mailed_link ("lea.durand@jean-moulin.example");
  OrgaJoinDialog *dialog = orga_join_dialog_new (NULL, head.connection, link);
  AdwStatusPage *status;

  gtk_window_present (GTK_WINDOW (dialog));
  orga_ui_test_wait_until (join_settled, dialog);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (GTK_STACK (child_of (dialog, ORGA_TYPE_JOIN_DIALOG, "stack"))),
                   ==, "error");
  status = ADW_STATUS_PAGE (child_of (dialog, ORGA_TYPE_JOIN_DIALOG, "error_status"));
  g_assert_cmpstr (adw_status_page_get_description (status), ==,
                   _("This invitation is no longer valid. Contact the administrator of your Pix Orga space."));
  gtk_window_destroy (GTK_WINDOW (dialog));
}

static guint
count_rows (GtkListBox *list,
            char      **titles)
{
  guint n = 0;

  for (GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (list)); row; row = gtk_widget_get_next_sibling (row))
    {
      OrgaSpace *space = g_object_get_data (G_OBJECT (row), "space");

      if (space != NULL)
        titles[n++] = orga_space_dup_title (space);
    }
  return n;
}

/* The account menu (§1.6): the name, "Name (UAI)" of the current space,
 * the switcher sorted by that label once there are two spaces, and a
 * switch that moves the database's current school. */
static void
test_account_menu (void)
{
  g_autoptr(OrgaClient) client = orga_client_new (server_url, NULL);
  g_autoptr(GAsyncResult) result = NULL;
  g_autofree char *message = NULL;
  g_autofree char *link = NULL;
  OrgaAccountMenu *menu = g_object_new (ORGA_TYPE_ACCOUNT_MENU, "connection", head.connection, NULL);
  GtkWindow *window = orga_ui_test_present (GTK_WIDGET (menu), 400, 300);
  GtkLabel *name = GTK_LABEL (orga_account_menu_get_popover_object (menu, "name_label"));
  GtkLabel *space = GTK_LABEL (orga_account_menu_get_popover_object (menu, "space_label"));
  GtkWidget *switcher = GTK_WIDGET (orga_account_menu_get_popover_object (menu, "switcher_box"));
  GtkListBox *spaces = GTK_LIST_BOX (orga_account_menu_get_popover_object (menu, "spaces_list"));
  OrgaContext *context = orga_connection_get_context (head.connection);
  char *titles[4] = { NULL };
  g_autoptr(GError) error = NULL;

  g_assert_cmpstr (gtk_label_get_label (name), ==, "Marie Curie");
  g_assert_cmpstr (gtk_label_get_label (space), ==, SCHOOL " (" UAI ")");
  g_assert_false (gtk_widget_get_visible (switcher));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (orga_account_menu_get_popover_object (menu, "sign_out_button"))));
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (orga_account_menu_get_popover_object (menu, "sign_in_button"))));

  /* A second school, whose space the head activates and joins. */
  orga_client_activate_async (client, "0330002B", "Marie", "Curie", NULL, store_result_cb, &result);
  orga_ui_test_wait_until (task_done, &result);
  message = orga_client_activate_finish (client, result, &error);
  g_assert_no_error (error);
  link = dup_mailed_link ("ce.0330002b@ac-bordeaux.example");
  desk_accept (&head, link, "marie.curie@jean-moulin.example");

  g_assert_cmpstr (gtk_label_get_label (space), ==, "Lycée Montesquieu (0330002B)");
  g_assert_true (gtk_widget_get_visible (switcher));
  g_assert_cmpuint (count_rows (spaces, titles), ==, 2);
  g_assert_cmpstr (titles[0], ==, SCHOOL " (" UAI ")");
  g_assert_cmpstr (titles[1], ==, "Lycée Montesquieu (0330002B)");
  for (guint i = 0; titles[i] != NULL; i++)
    g_free (titles[i]);

  /* Back to the collège through the switcher. */
  g_signal_emit_by_name (spaces, "row-activated", gtk_list_box_get_row_at_index (spaces, 0));
  g_assert_cmpstr (orga_organization_get_uai (orga_context_get_organization (context)), ==, UAI);
  g_assert_cmpstr (gtk_label_get_label (space), ==, SCHOOL " (" UAI ")");
  g_assert_cmpstr (orga_space_get_uai (orga_connection_get_current_space (head.connection)), ==, UAI);

  gtk_window_destroy (window);
  orga_ui_test_spin (50);
}

static void
test_offline_shows_cache (void)
{
  OrgaTeamPage *page;
  OrgaTeam *team;
  g_autofree char *members = g_strdup_printf (_("Members (%u)"), 1);
  GtkLabel *banner;
  g_autofree char *when = NULL;
  g_autofree char *expected = NULL;

  /* The server goes away: the page shows the team kept at the last
   * fetch, says so, and offers nothing to change. */
  stop_server ();
  page = show_page (&head);
  team = orga_team_page_get_team (page);

  g_assert_true (orga_team_get_offline (team));
  g_assert_nonnull (find_member (page, "marie.curie@jean-moulin.example"));
  g_assert_cmpstr (view_page_title (page, "members_page"), ==, members);
  g_assert_true (gtk_revealer_get_reveal_child (GTK_REVEALER (find_child (GTK_WIDGET (page), "offline_revealer"))));
  banner = GTK_LABEL (find_child (GTK_WIDGET (page), "offline_label"));
  when = orga_format_date_time (g_date_time_to_unix (orga_team_get_fetched_at (team)), NULL);
  expected = g_strdup_printf (_("Offline: the server cannot be reached. This is the team as it was on %s."), when);
  g_assert_cmpstr (gtk_label_get_label (banner), ==, expected);
  g_assert_false (gtk_widget_get_visible (find_child (GTK_WIDGET (page), "invite_button")));
  g_assert_false (column_visible (page, "member_actions_column"));
  close_page (page);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autoptr(OrgaClient) client = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autofree char *message = NULL;
  g_autofree char *link = NULL;
  int status;

  orga_i18n_init (TRUE);
  textdomain (GETTEXT_PACKAGE);
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();
  g_setenv ("PIXORGA_TOKEN_STORE", "file", TRUE);

  temp_dir = g_dir_make_tmp ("pixorga-team-test-XXXXXX", &error);
  g_assert_no_error (error);
  mail_dir = g_build_filename (temp_dir, "mail", NULL);
  g_mkdir_with_parents (mail_dir, 0700);
  start_server ();

  /* The head activates the space (spec §1.2): the mail goes to the
   * school's address, with the link the head opens. */
  client = orga_client_new (server_url, &error);
  g_assert_no_error (error);
  orga_client_activate_async (client, " " UAI " ", "Marie", "Curie", NULL, store_result_cb, &result);
  orga_ui_test_wait_until (task_done, &result);
  message = orga_client_activate_finish (client, result, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (message, ==, "Un e-mail contenant la démarche à suivre a été envoyé à l'adresse e-mail de votre établissement.");

  link = dup_mailed_link ("secretariat@jean-moulin.example");
  desk_init (&head, "head");
  desk_join (&head, link, "marie.curie@jean-moulin.example", "Marie", "Curie");

  g_test_add_func ("/team-page/admin-sees-controls", test_admin_sees_controls);
  g_test_add_func ("/team-page/invite-two", test_invite_two);
  g_test_add_func ("/team-page/invite-bad-address", test_invite_bad_address);
  g_test_add_func ("/team-page/resend-and-cancel", test_resend_and_cancel);
  g_test_add_func ("/team-page/member-sees-no-controls", test_member_sees_no_controls);
  g_test_add_func ("/team-page/change-role", test_change_role);
  g_test_add_func ("/team-page/remove-with-confirmation", test_remove_with_confirmation);
  g_test_add_func ("/team-page/leave", test_leave);
  g_test_add_func ("/team-page/sign-in-binding", test_sign_in_binding);
  g_test_add_func ("/team-page/sign-in-without-space", test_sign_in_without_space);
  g_test_add_func ("/team-page/account-form", test_account_form);
  g_test_add_func ("/team-page/join-cancelled-invitation", test_join_cancelled_invitation);
  g_test_add_func ("/team-page/account-menu", test_account_menu);
  g_test_add_func ("/team-page/activation-form", test_activation_form);
  g_test_add_func ("/team-page/offline-shows-cache", test_offline_shows_cache);

  status = g_test_run ();

  stop_server ();
  g_clear_object (&head.connection);
  g_clear_object (&paul.connection);
  g_free (head.db_path);
  g_free (paul.db_path);
  remove_tree (temp_dir);
  return status;
}
