/* orga-team-page.c
 *
 * The server decides who may do what; this page only hides what the
 * viewer may not use (spec §1.5): an admin sees "Inviter un membre", the
 * invitations and each row's actions; a member sees the members. Offline
 * nothing can be changed, so nothing is offered.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "orga-team-page"

#include "config.h"

#include <glib/gi18n.h>

#include "orga-format.h"
#include "orga-store-account.h"
#include "orga-team-page.h"
#include "orga-widget-util.h"

struct _OrgaTeamPage
{
  AdwBin               parent_instance;

  /* template widgets */
  GtkStack            *stack;
  AdwStatusPage       *signed_out_status;
  GtkSpinner          *spinner;
  AdwStatusPage       *error_status;
  GtkRevealer         *offline_revealer;
  GtkLabel            *offline_label;
  AdwViewSwitcher     *switcher;
  GtkWidget           *invite_button;
  AdwViewStackPage    *members_page;
  AdwViewStackPage    *invitations_page;
  GtkColumnView       *members_view;
  GtkColumnViewColumn *last_name_column;
  GtkColumnViewColumn *first_name_column;
  GtkColumnViewColumn *role_column;
  GtkColumnViewColumn *member_actions_column;
  GtkStack            *invitations_stack;
  GtkColumnView       *invitations_view;
  GtkColumnViewColumn *email_column;
  GtkColumnViewColumn *sent_column;
  GtkColumnViewColumn *invitation_actions_column;

  /* owned */
  OrgaConnection      *connection;
  OrgaTeam            *team;
  char                *team_space_id;   /* the space @team is of */
  GCancellable        *load_cancellable;
  GCancellable        *change_cancellable;
  guint                n_changes;
  guint                leave_timeout;
};

G_DEFINE_FINAL_TYPE (OrgaTeamPage, orga_team_page, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_CONNECTION,
  PROP_BUSY,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void start_loading (OrgaTeamPage *self);

static void
notify_busy (OrgaTeamPage *self)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
}

static void
show_toast (OrgaTeamPage *self,
            const char   *message)
{
  /* What the widget test reads: a bare window has no toast overlay. */
  g_object_set_data_full (G_OBJECT (self), "last-toast", g_strdup (message), g_free);
  orga_widget_add_toast (GTK_WIDGET (self), adw_toast_new (message));
}

static const char *
viewer_id (OrgaTeamPage *self)
{
  OrgaAccount *account = self->connection ? orga_connection_get_account (self->connection) : NULL;

  return account ? orga_account_get_user_id (account) : NULL;
}

/* Whether the viewer may manage the team now: an admin, online. */
static gboolean
can_manage (OrgaTeamPage *self)
{
  return self->team != NULL && !orga_team_get_offline (self->team) && orga_team_viewer_is_admin (self->team);
}

static gboolean
can_leave (OrgaTeamPage *self)
{
  return can_manage (self) && orga_team_count_admins (self->team) > 1;
}

static void
update_actions (OrgaTeamPage *self)
{
  gboolean manage = can_manage (self);
  gboolean idle = self->n_changes == 0;

  orga_widget_action_set_enabled (GTK_WIDGET (self), "team.invite", manage && idle);
  orga_widget_action_set_enabled (GTK_WIDGET (self), "team.change-role", manage && idle);
  orga_widget_action_set_enabled (GTK_WIDGET (self), "team.remove", manage && idle);
  orga_widget_action_set_enabled (GTK_WIDGET (self), "team.resend", manage && idle);
  orga_widget_action_set_enabled (GTK_WIDGET (self), "team.cancel", manage && idle);
  orga_widget_action_set_enabled (GTK_WIDGET (self), "team.leave", can_leave (self) && idle);
}

static OrgaMember *
find_member (OrgaTeamPage *self,
             const char   *user_id)
{
  GListModel *members = self->team ? orga_team_get_members (self->team) : NULL;
  guint n = members ? g_list_model_get_n_items (members) : 0;

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(OrgaMember) member = g_list_model_get_item (members, i);

      if (g_strcmp0 (orga_member_get_user_id (member), user_id) == 0)
        return member;   /* the team holds it */
    }
  return NULL;
}

static void
set_team (OrgaTeamPage *self,
          OrgaTeam     *team)
{
  g_autoptr(GtkSelectionModel) members = NULL;
  g_autoptr(GtkSelectionModel) invitations = NULL;
  g_autofree char *members_title = NULL;
  g_autofree char *invitations_title = NULL;
  guint n_members, n_invitations;
  gboolean manage;

  g_set_object (&self->team, team);

  members = GTK_SELECTION_MODEL (gtk_no_selection_new (g_object_ref (orga_team_get_members (team))));
  invitations = GTK_SELECTION_MODEL (gtk_no_selection_new (g_object_ref (orga_team_get_invitations (team))));
  gtk_column_view_set_model (self->members_view, members);
  gtk_column_view_set_model (self->invitations_view, invitations);

  n_members = g_list_model_get_n_items (orga_team_get_members (team));
  n_invitations = g_list_model_get_n_items (orga_team_get_invitations (team));
  members_title = g_strdup_printf (_("Members (%u)"), n_members);
  invitations_title = g_strdup_printf (_("Invitations (%u)"), n_invitations);
  adw_view_stack_page_set_title (self->members_page, members_title);
  adw_view_stack_page_set_title (self->invitations_page, invitations_title);
  gtk_stack_set_visible_child_name (self->invitations_stack, n_invitations > 0 ? "list" : "empty");

  manage = can_manage (self);
  gtk_widget_set_visible (self->invite_button, manage);
  gtk_column_view_column_set_visible (self->member_actions_column, manage);
  gtk_column_view_column_set_visible (self->invitation_actions_column, manage);
  adw_view_stack_page_set_visible (self->invitations_page, orga_team_viewer_is_admin (team));

  if (orga_team_get_offline (team))
    {
      GDateTime *fetched_at = orga_team_get_fetched_at (team);
      g_autofree char *when = fetched_at ? orga_format_date_time (g_date_time_to_unix (fetched_at), NULL) : NULL;
      g_autofree char *text = NULL;

      text = when ? g_strdup_printf (_("Offline: the server cannot be reached. This is the team as it was on %s."), when)
                  : g_strdup (_("Offline: the server cannot be reached. This is the team as it was last seen."));
      gtk_label_set_label (self->offline_label, text);
    }
  gtk_revealer_set_reveal_child (self->offline_revealer, orga_team_get_offline (team));

  gtk_stack_set_visible_child_name (self->stack, "team");
  update_actions (self);
}

static void
show_signed_out (OrgaTeamPage *self,
                 const char   *message)
{
  g_clear_object (&self->team);
  g_clear_pointer (&self->team_space_id, g_free);
  adw_status_page_set_description (self->signed_out_status,
                                   message ? message
                                           : _("Sign in to your school’s PixOrga server to invite the teachers of your school and manage their roles."));
  gtk_stack_set_visible_child_name (self->stack, "signed-out");
  update_actions (self);
}

static void
stop_loading (OrgaTeamPage *self)
{
  if (self->load_cancellable != NULL)
    g_cancellable_cancel (self->load_cancellable);
  g_clear_object (&self->load_cancellable);
  gtk_spinner_stop (self->spinner);
}

static void
load_done_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(OrgaTeamPage) self = user_data;
  g_autoptr(OrgaTeam) team = NULL;
  g_autoptr(GError) error = NULL;
  OrgaContext *context;
  OrgaOrganization *organization;

  team = orga_client_get_team_finish (ORGA_CLIENT (source), result, &error);

  /* Superseded by another space or a reload, or the page went away. */
  if (g_task_get_cancellable (G_TASK (result)) != self->load_cancellable)
    return;

  stop_loading (self);
  context = orga_connection_get_context (self->connection);
  organization = orga_context_get_organization (context);

  if (team != NULL)
    {
      g_autoptr(GError) cache_error = NULL;

      if (organization != NULL &&
          !orga_store_save_team_cache (orga_context_get_store (context), organization, team, &cache_error))
        g_warning ("Could not keep the team for offline use: %s", cache_error->message);
      set_team (self, team);
    }
  else if (g_error_matches (error, ORGA_CLIENT_ERROR, ORGA_CLIENT_ERROR_NETWORK))
    {
      g_autoptr(OrgaTeam) cached = NULL;
      g_autoptr(GError) cache_error = NULL;

      if (organization != NULL)
        cached = orga_store_load_team_cache (orga_context_get_store (context), organization, &cache_error);
      if (cache_error != NULL)
        g_warning ("Could not read the team kept offline: %s", cache_error->message);

      if (cached != NULL)
        {
          orga_team_set_offline (cached, TRUE);
          set_team (self, cached);
        }
      else
        {
          adw_status_page_set_description (self->error_status, error->message);
          gtk_stack_set_visible_child_name (self->stack, "error");
        }
    }
  else if (g_error_matches (error, ORGA_CLIENT_ERROR, ORGA_CLIENT_ERROR_UNAUTHENTICATED))
    show_signed_out (self, error->message);
  else
    {
      adw_status_page_set_description (self->error_status, error->message);
      gtk_stack_set_visible_child_name (self->stack, "error");
    }

  notify_busy (self);
}

static void
start_loading (OrgaTeamPage *self)
{
  g_autofree char *space_id = NULL;
  OrgaClient *client;

  stop_loading (self);

  if (self->connection == NULL)
    return;

  space_id = orga_connection_dup_space_id (self->connection);
  if (space_id == NULL)
    {
      show_signed_out (self, NULL);
      notify_busy (self);
      return;
    }

  /* Another space: what was shown is not its team. */
  if (g_strcmp0 (space_id, self->team_space_id) != 0)
    {
      g_clear_object (&self->team);
      g_free (self->team_space_id);
      self->team_space_id = g_strdup (space_id);
    }

  if (self->team == NULL)
    {
      gtk_spinner_start (self->spinner);
      gtk_stack_set_visible_child_name (self->stack, "loading");
    }

  /* At start-up the token is still being read from the keyring: the
   * connection's notify::client starts again. */
  client = orga_connection_get_client (self->connection);
  if (client == NULL)
    return;

  self->load_cancellable = g_cancellable_new ();
  orga_client_get_team_async (client, space_id, self->load_cancellable, load_done_cb, g_object_ref (self));
  update_actions (self);
  notify_busy (self);
}

/* ------------------------------------------------------------------------
 * Changes: each answer is a toast, then the team is read again
 */

typedef char *(*ChangeFinish) (OrgaClient *client, GAsyncResult *result, GError **error);

typedef struct
{
  OrgaTeamPage *self;
  ChangeFinish  finish;
  char         *error_message;   /* instead of the server's, nullable */
  gboolean      leaving;
} Change;

static void
change_free (Change *change)
{
  g_object_unref (change->self);
  g_free (change->error_message);
  g_free (change);
}

static gboolean
leave_timeout_cb (gpointer user_data)
{
  OrgaTeamPage *self = user_data;

  self->leave_timeout = 0;
  /* Pix signs out 5 s after leaving (spec §1.5). */
  gtk_widget_activate_action (GTK_WIDGET (self), "win.sign-out", NULL);
  return G_SOURCE_REMOVE;
}

static void
change_done_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  Change *change = user_data;
  OrgaTeamPage *self = change->self;
  g_autoptr(GError) error = NULL;
  g_autofree char *message = change->finish (ORGA_CLIENT (source), result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      change_free (change);
      return;
    }

  self->n_changes--;

  if (message != NULL)
    show_toast (self, message);
  else if (change->error_message != NULL && !g_error_matches (error, ORGA_CLIENT_ERROR, ORGA_CLIENT_ERROR_NETWORK))
    show_toast (self, change->error_message);
  else
    show_toast (self, error->message);

  if (message != NULL && change->leaving)
    {
      g_clear_handle_id (&self->leave_timeout, g_source_remove);
      self->leave_timeout = g_timeout_add_seconds (5, leave_timeout_cb, self);
    }
  else
    start_loading (self);

  update_actions (self);
  notify_busy (self);
  change_free (change);
}

static Change *
begin_change (OrgaTeamPage *self,
              ChangeFinish  finish,
              const char   *error_message)
{
  Change *change = g_new0 (Change, 1);

  change->self = g_object_ref (self);
  change->finish = finish;
  change->error_message = g_strdup (error_message);

  if (self->change_cancellable == NULL)
    self->change_cancellable = g_cancellable_new ();
  self->n_changes++;
  update_actions (self);
  notify_busy (self);
  return change;
}

static OrgaClient *
get_client (OrgaTeamPage *self)
{
  return self->connection ? orga_connection_get_client (self->connection) : NULL;
}

static AdwMessageDialog *
new_dialog (OrgaTeamPage *self,
            const char   *heading,
            const char   *body)
{
  AdwMessageDialog *dialog;

  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (orga_widget_get_window (GTK_WIDGET (self)), heading, body));
  /* The window's name, for the window list and assistive technologies. */
  gtk_window_set_title (GTK_WINDOW (dialog), heading);
  adw_message_dialog_add_response (dialog, "cancel", _("_Cancel"));
  adw_message_dialog_set_default_response (dialog, "cancel");
  adw_message_dialog_set_close_response (dialog, "cancel");
  return dialog;
}

/* @field under a label of its own access key, as the dialog's extra
 * child; the field is kept as the dialog's "field". */
static void
set_field (AdwMessageDialog *dialog,
           const char       *label,
           GtkWidget        *field)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *title = gtk_label_new_with_mnemonic (label);

  gtk_label_set_xalign (GTK_LABEL (title), 0);
  gtk_label_set_mnemonic_widget (GTK_LABEL (title), field);
  gtk_box_append (GTK_BOX (box), title);
  gtk_box_append (GTK_BOX (box), field);
  g_object_set_data (G_OBJECT (dialog), "field", field);
  adw_message_dialog_set_extra_child (dialog, box);
}

/* -- team.invite -------------------------------------------------------- */

static void
invite_entry_changed_cb (GtkEditable      *entry,
                         AdwMessageDialog *dialog)
{
  g_autofree char *text = g_strstrip (g_strdup (gtk_editable_get_text (entry)));

  adw_message_dialog_set_response_enabled (dialog, "invite", *text != '\0');
}

static void
invite_entry_activate_cb (GtkEntry         *entry,
                          AdwMessageDialog *dialog)
{
  if (adw_message_dialog_get_response_enabled (dialog, "invite"))
    adw_message_dialog_response (dialog, "invite");
}

static void start_invite (OrgaTeamPage *self,
                          const char   *text);

static void
invite_response_cb (AdwMessageDialog *dialog,
                    const char       *response,
                    OrgaTeamPage     *self)
{
  GtkWidget *entry = g_object_get_data (G_OBJECT (dialog), "field");

  if (g_strcmp0 (response, "invite") != 0 || get_client (self) == NULL || self->team == NULL)
    return;

  start_invite (self, gtk_editable_get_text (GTK_EDITABLE (entry)));
}

static char *
invite_finish (OrgaClient    *client,
               GAsyncResult  *result,
               GError       **error)
{
  return orga_client_invite_finish (client, result, NULL, error);
}

static void
invite_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  OrgaTeamPage *self = ORGA_TEAM_PAGE (widget);
  AdwMessageDialog *dialog;
  GtkWidget *entry;

  dialog = new_dialog (self, _("Invite a Member"),
                       _("They get a link by e-mail to join this Pix Orga space. Several addresses can be given, separated by commas."));
  adw_message_dialog_add_response (dialog, "invite", _("_Invite"));
  adw_message_dialog_set_response_appearance (dialog, "invite", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_response_enabled (dialog, "invite", FALSE);
  adw_message_dialog_set_default_response (dialog, "invite");

  entry = gtk_entry_new ();
  gtk_entry_set_placeholder_text (GTK_ENTRY (entry), _("E-mail address(es)"));
  gtk_entry_set_input_purpose (GTK_ENTRY (entry), GTK_INPUT_PURPOSE_EMAIL);
  gtk_accessible_update_property (GTK_ACCESSIBLE (entry), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("E-mail address(es)"), -1);
  g_signal_connect_object (entry, "changed", G_CALLBACK (invite_entry_changed_cb), dialog, 0);
  g_signal_connect_object (entry, "activate", G_CALLBACK (invite_entry_activate_cb), dialog, 0);
  set_field (dialog, _("_E-mail address(es)"), entry);

  g_signal_connect_object (dialog, "response", G_CALLBACK (invite_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
  gtk_widget_grab_focus (entry);
}

/* The responses start their request through a Change made here, so that
 * the dialog's callbacks stay short. */
static void
start_invite (OrgaTeamPage *self,
              const char   *text)
{
  const char *emails[] = { text, NULL };
  Change *change = begin_change (self, invite_finish, NULL);

  orga_client_invite_async (get_client (self), orga_team_get_organization_id (self->team), emails,
                            ORGA_MEMBER_ROLE_NONE, self->change_cancellable, change_done_cb, change);
}

/* -- team.change-role --------------------------------------------------- */

static void
role_response_cb (AdwMessageDialog *dialog,
                  const char       *response,
                  OrgaTeamPage     *self)
{
  GtkDropDown *drop_down = g_object_get_data (G_OBJECT (dialog), "field");
  const char *user_id = g_object_get_data (G_OBJECT (dialog), "user-id");
  OrgaMemberRole role = gtk_drop_down_get_selected (drop_down) == 0 ? ORGA_MEMBER_ROLE_ADMIN : ORGA_MEMBER_ROLE_MEMBER;
  Change *change;

  if (g_strcmp0 (response, "save") != 0 || get_client (self) == NULL || self->team == NULL)
    return;

  change = begin_change (self, orga_client_set_member_role_finish,
                         _("An error occurred while changing the member’s role."));
  orga_client_set_member_role_async (get_client (self), orga_team_get_organization_id (self->team),
                                     user_id, role, self->change_cancellable, change_done_cb, change);
}

static void
change_role_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  OrgaTeamPage *self = ORGA_TEAM_PAGE (widget);
  const char *user_id = g_variant_get_string (parameter, NULL);
  OrgaMember *member = find_member (self, user_id);
  const char *roles[] = { orga_member_role_get_label (ORGA_MEMBER_ROLE_ADMIN),
                          orga_member_role_get_label (ORGA_MEMBER_ROLE_MEMBER), NULL };
  g_autofree char *name = NULL;
  AdwMessageDialog *dialog;
  GtkWidget *drop_down;

  if (member == NULL)
    return;

  name = orga_member_dup_display_name (member);
  dialog = new_dialog (self, _("Change the Role"), name);
  adw_message_dialog_add_response (dialog, "save", _("_Save"));
  adw_message_dialog_set_response_appearance (dialog, "save", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (dialog, "save");

  drop_down = gtk_drop_down_new_from_strings (roles);
  gtk_drop_down_set_selected (GTK_DROP_DOWN (drop_down),
                              orga_member_get_role (member) == ORGA_MEMBER_ROLE_ADMIN ? 0 : 1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (drop_down), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Role"), -1);
  set_field (dialog, _("_Role"), drop_down);

  g_object_set_data_full (G_OBJECT (dialog), "user-id", g_strdup (user_id), g_free);
  g_signal_connect_object (dialog, "response", G_CALLBACK (role_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* -- team.remove -------------------------------------------------------- */

static void
remove_response_cb (AdwMessageDialog *dialog,
                    const char       *response,
                    OrgaTeamPage     *self)
{
  const char *user_id = g_object_get_data (G_OBJECT (dialog), "user-id");
  Change *change;

  if (g_strcmp0 (response, "remove") != 0 || get_client (self) == NULL || self->team == NULL)
    return;

  change = begin_change (self, orga_client_remove_member_finish, NULL);
  orga_client_remove_member_async (get_client (self), orga_team_get_organization_id (self->team),
                                   user_id, self->change_cancellable, change_done_cb, change);
}

static void
remove_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  OrgaTeamPage *self = ORGA_TEAM_PAGE (widget);
  const char *user_id = g_variant_get_string (parameter, NULL);
  OrgaMember *member = find_member (self, user_id);
  g_autofree char *body = NULL;
  AdwMessageDialog *dialog;

  if (member == NULL)
    return;

  body = g_strdup_printf (_("%s %s will no longer have access to this Pix Orga space. Their campaigns remain available to the rest of the team."),
                          orga_member_get_first_name (member), orga_member_get_last_name (member));
  dialog = new_dialog (self, _("Do You Confirm the Removal?"), body);
  adw_message_dialog_add_response (dialog, "remove", _("Yes, _Remove the Member"));
  adw_message_dialog_set_response_appearance (dialog, "remove", ADW_RESPONSE_DESTRUCTIVE);

  g_object_set_data_full (G_OBJECT (dialog), "user-id", g_strdup (user_id), g_free);
  g_signal_connect_object (dialog, "response", G_CALLBACK (remove_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* -- team.leave --------------------------------------------------------- */

static void
leave_response_cb (AdwMessageDialog *dialog,
                   const char       *response,
                   OrgaTeamPage     *self)
{
  Change *change;

  if (g_strcmp0 (response, "leave") != 0 || get_client (self) == NULL || self->team == NULL)
    return;

  change = begin_change (self, orga_client_leave_finish, NULL);
  change->leaving = TRUE;
  orga_client_leave_async (get_client (self), orga_team_get_organization_id (self->team),
                           self->change_cancellable, change_done_cb, change);
}

static void
leave_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  OrgaTeamPage *self = ORGA_TEAM_PAGE (widget);
  AdwMessageDialog *dialog;

  dialog = new_dialog (self, _("Leave This Pix Orga Space"),
                       _("Your campaigns stay visible to the team, and your access to other spaces does not change. You will be signed out."));
  adw_message_dialog_add_response (dialog, "leave", _("_Leave"));
  adw_message_dialog_set_response_appearance (dialog, "leave", ADW_RESPONSE_DESTRUCTIVE);
  g_signal_connect_object (dialog, "response", G_CALLBACK (leave_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* -- team.resend, team.cancel, team.reload ------------------------------ */

static void
resend_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  OrgaTeamPage *self = ORGA_TEAM_PAGE (widget);
  Change *change;

  if (get_client (self) == NULL || self->team == NULL)
    return;

  change = begin_change (self, orga_client_resend_invitation_finish, NULL);
  orga_client_resend_invitation_async (get_client (self), orga_team_get_organization_id (self->team),
                                       g_variant_get_string (parameter, NULL),
                                       self->change_cancellable, change_done_cb, change);
}

static void
cancel_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  OrgaTeamPage *self = ORGA_TEAM_PAGE (widget);
  Change *change;

  if (get_client (self) == NULL || self->team == NULL)
    return;

  change = begin_change (self, orga_client_cancel_invitation_finish, NULL);
  orga_client_cancel_invitation_async (get_client (self), orga_team_get_organization_id (self->team),
                                       g_variant_get_string (parameter, NULL),
                                       self->change_cancellable, change_done_cb, change);
}

static void
reload_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  start_loading (ORGA_TEAM_PAGE (widget));
}

/* ------------------------------------------------------------------------
 * The lists' cells
 */

static void
setup_label_cb (GtkSignalListItemFactory *factory,
                GtkListItem              *item)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  /* Shortened, but never to nothing: in a narrow window the table
   * scrolls sideways instead. */
  gtk_label_set_width_chars (GTK_LABEL (label), 8);
  gtk_list_item_set_child (item, label);
}

static void
bind_last_name_cb (GtkSignalListItemFactory *factory,
                   GtkListItem              *item)
{
  gtk_label_set_label (GTK_LABEL (gtk_list_item_get_child (item)),
                       orga_member_get_last_name (gtk_list_item_get_item (item)));
}

static void
bind_first_name_cb (GtkSignalListItemFactory *factory,
                    GtkListItem              *item)
{
  gtk_label_set_label (GTK_LABEL (gtk_list_item_get_child (item)),
                       orga_member_get_first_name (gtk_list_item_get_item (item)));
}

static void
bind_role_cb (GtkSignalListItemFactory *factory,
              GtkListItem              *item)
{
  gtk_label_set_label (GTK_LABEL (gtk_list_item_get_child (item)),
                       orga_member_role_get_label (orga_member_get_role (gtk_list_item_get_item (item))));
}

static void
bind_email_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *item)
{
  gtk_label_set_label (GTK_LABEL (gtk_list_item_get_child (item)),
                       orga_invitation_get_email (gtk_list_item_get_item (item)));
}

static void
bind_sent_cb (GtkSignalListItemFactory *factory,
              GtkListItem              *item)
{
  GDateTime *sent = orga_invitation_get_updated_at (gtk_list_item_get_item (item));
  g_autofree char *text = sent ? orga_format_date (g_date_time_to_unix (sent), NULL) : NULL;

  gtk_label_set_label (GTK_LABEL (gtk_list_item_get_child (item)), text ? text : "");
}

static void
setup_member_actions_cb (GtkSignalListItemFactory *factory,
                         GtkListItem              *item)
{
  GtkWidget *button = gtk_menu_button_new ();

  gtk_menu_button_set_label (GTK_MENU_BUTTON (button), _("Manage"));
  gtk_widget_add_css_class (button, "flat");
  gtk_list_item_set_child (item, button);
}

static void
bind_member_actions_cb (GtkSignalListItemFactory *factory,
                        GtkListItem              *item,
                        OrgaTeamPage             *self)
{
  OrgaMember *member = gtk_list_item_get_item (item);
  GtkWidget *button = gtk_list_item_get_child (item);
  g_autoptr(GMenu) menu = g_menu_new ();
  g_autofree char *name = orga_member_dup_display_name (member);
  g_autofree char *label = g_strdup_printf (_("Manage %s"), name);
  const char *user_id = orga_member_get_user_id (member);

  if (g_strcmp0 (user_id, viewer_id (self)) == 0)
    {
      /* One's own row: no role change nor removal; leaving only when
       * another admin remains. */
      if (can_leave (self))
        g_menu_append (menu, _("Leave This Pix Orga Space"), "team.leave");
    }
  else
    {
      g_autoptr(GMenuItem) role = g_menu_item_new (_("Change the Role"), NULL);
      g_autoptr(GMenuItem) remove = g_menu_item_new (_("Remove"), NULL);

      g_menu_item_set_action_and_target_value (role, "team.change-role", g_variant_new_string (user_id));
      g_menu_item_set_action_and_target_value (remove, "team.remove", g_variant_new_string (user_id));
      g_menu_append_item (menu, role);
      g_menu_append_item (menu, remove);
    }

  gtk_menu_button_set_menu_model (GTK_MENU_BUTTON (button), G_MENU_MODEL (menu));
  gtk_widget_set_visible (button, g_menu_model_get_n_items (G_MENU_MODEL (menu)) > 0);
  gtk_widget_set_tooltip_text (button, label);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
}

static GtkWidget *
new_icon_button (const char *icon_name,
                 const char *label,
                 const char *action_name)
{
  GtkWidget *button = gtk_button_new_from_icon_name (icon_name);

  gtk_widget_set_tooltip_text (button, label);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
  /* The action is named at bind, once there is a target of its type. */
  g_object_set_data (G_OBJECT (button), "action-name", (gpointer) action_name);
  gtk_widget_add_css_class (button, "flat");
  return button;
}

static void
setup_invitation_actions_cb (GtkSignalListItemFactory *factory,
                             GtkListItem              *item)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);

  gtk_box_append (GTK_BOX (box), new_icon_button ("mail-send-symbolic", _("Resend the Invitation"), "team.resend"));
  gtk_box_append (GTK_BOX (box), new_icon_button ("user-trash-symbolic", _("Delete the Invitation"), "team.cancel"));
  gtk_list_item_set_child (item, box);
}

static void
bind_invitation_actions_cb (GtkSignalListItemFactory *factory,
                            GtkListItem              *item)
{
  OrgaInvitation *invitation = gtk_list_item_get_item (item);
  GtkWidget *box = gtk_list_item_get_child (item);

  for (GtkWidget *button = gtk_widget_get_first_child (box); button; button = gtk_widget_get_next_sibling (button))
    {
      gtk_actionable_set_action_target_value (GTK_ACTIONABLE (button),
                                              g_variant_new_string (orga_invitation_get_id (invitation)));
      gtk_actionable_set_action_name (GTK_ACTIONABLE (button), g_object_get_data (G_OBJECT (button), "action-name"));
    }
}

static void
set_factory (GtkColumnViewColumn *column,
             GCallback            setup,
             GCallback            bind,
             gpointer             data)
{
  g_autoptr(GtkListItemFactory) factory = gtk_signal_list_item_factory_new ();

  g_signal_connect (factory, "setup", setup, NULL);
  g_signal_connect (factory, "bind", bind, data);
  gtk_column_view_column_set_factory (column, factory);
}

/* ------------------------------------------------------------------------ */

static void
connection_changed_cb (OrgaTeamPage *self)
{
  if (gtk_widget_get_mapped (GTK_WIDGET (self)))
    start_loading (self);
}

static void
orga_team_page_map (GtkWidget *widget)
{
  OrgaTeamPage *self = ORGA_TEAM_PAGE (widget);

  GTK_WIDGET_CLASS (orga_team_page_parent_class)->map (widget);

  /* Each visit shows the team as it is now. */
  if (self->load_cancellable == NULL)
    start_loading (self);
}

static void
orga_team_page_dispose (GObject *object)
{
  OrgaTeamPage *self = (OrgaTeamPage *)object;

  stop_loading (self);
  if (self->change_cancellable != NULL)
    g_cancellable_cancel (self->change_cancellable);
  g_clear_object (&self->change_cancellable);
  g_clear_handle_id (&self->leave_timeout, g_source_remove);

  if (self->connection != NULL)
    g_signal_handlers_disconnect_by_data (self->connection, self);

  /* libadwaita 1.2's switcher unparents its buttons from a stack already
   * gone when the template disposes the stack first. */
  if (self->switcher != NULL)
    adw_view_switcher_set_stack (self->switcher, NULL);
  /* The bin's child is a template child: out of the bin first, or the
   * bin unparents it again once the template has let it go. */
  adw_bin_set_child (ADW_BIN (self), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), ORGA_TYPE_TEAM_PAGE);
  g_clear_object (&self->connection);
  g_clear_object (&self->team);
  g_clear_pointer (&self->team_space_id, g_free);

  G_OBJECT_CLASS (orga_team_page_parent_class)->dispose (object);
}

static void
orga_team_page_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  OrgaTeamPage *self = ORGA_TEAM_PAGE (object);

  switch (prop_id)
    {
    case PROP_CONNECTION:
      g_value_set_object (value, self->connection);
      break;
    case PROP_BUSY:
      g_value_set_boolean (value, orga_team_page_get_busy (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
orga_team_page_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  OrgaTeamPage *self = ORGA_TEAM_PAGE (object);

  switch (prop_id)
    {
    case PROP_CONNECTION:
      orga_team_page_set_connection (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
orga_team_page_class_init (OrgaTeamPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = orga_team_page_dispose;
  object_class->get_property = orga_team_page_get_property;
  object_class->set_property = orga_team_page_set_property;
  widget_class->map = orga_team_page_map;

  properties[PROP_CONNECTION] =
    g_param_spec_object ("connection", NULL, NULL, ORGA_TYPE_CONNECTION,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_BUSY] =
    g_param_spec_boolean ("busy", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/pixorga/PixOrga/ui/orga-team-page.ui");
  gtk_widget_class_bind_template_child (widget_class, OrgaTeamPage, stack);
  gtk_widget_class_bind_template_child (widget_class, OrgaTeamPage, signed_out_status);
  gtk_widget_class_bind_template_child (widget_class, OrgaTeamPage, spinner);
  gtk_widget_class_bind_template_child (widget_class, OrgaTeamPage, error_status);
  gtk_widget_class_bind_template_child (widget_class, OrgaTeamPage, offline_revealer);
  gtk_widget_class_bind_template_child (widget_class, OrgaTeamPage, offline_label);
  gtk_widget_class_bind_template_child (widget_class, OrgaTeamPage, switcher);
  gtk_widget_class_bind_template_child (widget_class, OrgaTeamPage, invite_button);
  gtk_widget_class_bind_template_child (widget_class, OrgaTeamPage, members_page);
  gtk_widget_class_bind_template_child (widget_class, OrgaTeamPage, invitations_page);
  gtk_widget_class_bind_template_child (widget_class, OrgaTeamPage, members_view);
  gtk_widget_class_bind_template_child (widget_class, OrgaTeamPage, last_name_column);
  gtk_widget_class_bind_template_child (widget_class, OrgaTeamPage, first_name_column);
  gtk_widget_class_bind_template_child (widget_class, OrgaTeamPage, role_column);
  gtk_widget_class_bind_template_child (widget_class, OrgaTeamPage, member_actions_column);
  gtk_widget_class_bind_template_child (widget_class, OrgaTeamPage, invitations_stack);
  gtk_widget_class_bind_template_child (widget_class, OrgaTeamPage, invitations_view);
  gtk_widget_class_bind_template_child (widget_class, OrgaTeamPage, email_column);
  gtk_widget_class_bind_template_child (widget_class, OrgaTeamPage, sent_column);
  gtk_widget_class_bind_template_child (widget_class, OrgaTeamPage, invitation_actions_column);

  gtk_widget_class_install_action (widget_class, "team.reload", NULL, reload_action);
  gtk_widget_class_install_action (widget_class, "team.invite", NULL, invite_action);
  gtk_widget_class_install_action (widget_class, "team.change-role", "s", change_role_action);
  gtk_widget_class_install_action (widget_class, "team.remove", "s", remove_action);
  gtk_widget_class_install_action (widget_class, "team.leave", NULL, leave_action);
  gtk_widget_class_install_action (widget_class, "team.resend", "s", resend_action);
  gtk_widget_class_install_action (widget_class, "team.cancel", "s", cancel_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F5, 0, "team.reload", NULL);
}

static void
orga_team_page_init (OrgaTeamPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  set_factory (self->last_name_column, G_CALLBACK (setup_label_cb), G_CALLBACK (bind_last_name_cb), NULL);
  set_factory (self->first_name_column, G_CALLBACK (setup_label_cb), G_CALLBACK (bind_first_name_cb), NULL);
  set_factory (self->role_column, G_CALLBACK (setup_label_cb), G_CALLBACK (bind_role_cb), NULL);
  set_factory (self->member_actions_column, G_CALLBACK (setup_member_actions_cb),
               G_CALLBACK (bind_member_actions_cb), self);
  set_factory (self->email_column, G_CALLBACK (setup_label_cb), G_CALLBACK (bind_email_cb), NULL);
  set_factory (self->sent_column, G_CALLBACK (setup_label_cb), G_CALLBACK (bind_sent_cb), NULL);
  set_factory (self->invitation_actions_column, G_CALLBACK (setup_invitation_actions_cb),
               G_CALLBACK (bind_invitation_actions_cb), NULL);

  show_signed_out (self, NULL);
}

OrgaConnection *
orga_team_page_get_connection (OrgaTeamPage *self)
{
  g_return_val_if_fail (ORGA_IS_TEAM_PAGE (self), NULL);
  return self->connection;
}

void
orga_team_page_set_connection (OrgaTeamPage   *self,
                               OrgaConnection *connection)
{
  g_return_if_fail (ORGA_IS_TEAM_PAGE (self));

  if (self->connection == connection)
    return;

  if (self->connection != NULL)
    g_signal_handlers_disconnect_by_data (self->connection, self);
  g_set_object (&self->connection, connection);
  if (self->connection != NULL)
    {
      g_signal_connect_object (self->connection, "notify::client",
                               G_CALLBACK (connection_changed_cb), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (self->connection, "notify::current-space",
                               G_CALLBACK (connection_changed_cb), self, G_CONNECT_SWAPPED);
    }
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CONNECTION]);
  connection_changed_cb (self);
}

void
orga_team_page_reload (OrgaTeamPage *self)
{
  g_return_if_fail (ORGA_IS_TEAM_PAGE (self));
  start_loading (self);
}

OrgaTeam *
orga_team_page_get_team (OrgaTeamPage *self)
{
  g_return_val_if_fail (ORGA_IS_TEAM_PAGE (self), NULL);
  return self->team;
}

gboolean
orga_team_page_get_busy (OrgaTeamPage *self)
{
  g_return_val_if_fail (ORGA_IS_TEAM_PAGE (self), FALSE);
  return self->load_cancellable != NULL || self->n_changes > 0;
}
