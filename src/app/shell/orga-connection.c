/* orga-connection.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "orga-connection"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "orga-connection.h"
#include "orga-store-account.h"

struct _OrgaConnection
{
  GObject         parent_instance;

  OrgaContext    *context;
  OrgaTokenStore *tokens;
  OrgaClient     *client;
  OrgaAccount    *account;
  GListStore     *spaces;
  GCancellable   *restore_cancellable;
  guint           restore_source;
};

G_DEFINE_FINAL_TYPE (OrgaConnection, orga_connection, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_CONTEXT,
  PROP_CLIENT,
  PROP_ACCOUNT,
  PROP_CURRENT_SPACE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static OrgaTokenStore *
get_tokens (OrgaConnection *self)
{
  if (self->tokens == NULL)
    self->tokens = orga_token_store_new ();
  return self->tokens;
}

static int
compare_space_pointers (gconstpointer a,
                        gconstpointer b)
{
  return orga_space_compare (*(OrgaSpace * const *) a, *(OrgaSpace * const *) b);
}

static void
set_spaces (OrgaConnection *self,
            GPtrArray      *spaces)
{
  g_autoptr(GPtrArray) sorted = g_ptr_array_new ();

  for (guint i = 0; spaces != NULL && i < spaces->len; i++)
    g_ptr_array_add (sorted, g_ptr_array_index (spaces, i));
  g_ptr_array_sort (sorted, compare_space_pointers);
  g_list_store_splice (self->spaces, 0, g_list_model_get_n_items (G_LIST_MODEL (self->spaces)),
                       sorted->pdata, sorted->len);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CURRENT_SPACE]);
}

static void
set_client_and_account (OrgaConnection *self,
                        OrgaClient     *client,
                        OrgaAccount    *account)
{
  if (g_set_object (&self->account, account))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ACCOUNT]);
  if (g_set_object (&self->client, client))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CLIENT]);
}

static void
organization_changed_cb (OrgaConnection *self)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CURRENT_SPACE]);
}

/* ------------------------------------------------------------------------
 * Start-up: the account and its token
 */

static void
restore_lookup_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(OrgaConnection) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(OrgaClient) client = NULL;
  g_autofree char *token = orga_token_store_lookup_finish (ORGA_TOKEN_STORE (source), result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) || self->account == NULL)
    return;
  if (error != NULL)
    g_warning ("Could not read the token kept for this account: %s", error->message);

  client = orga_client_new (orga_account_get_server_url (self->account), &error);
  if (client == NULL)
    {
      g_warning ("The server address kept is not valid: %s", error->message);
      return;
    }
  /* Without a token the server answers UNAUTHENTICATED, and the pages
   * ask to sign in again. */
  orga_client_set_token (client, token);
  set_client_and_account (self, client, self->account);
}

/* Once the window has shown: reading the keyring loads the network
 * module (orga-lazy.h), some milliseconds the first frame need not wait. */
static gboolean
restore_token_cb (gpointer data)
{
  OrgaConnection *self = data;

  self->restore_source = 0;

  /* Signed in meanwhile: that client is the one. */
  if (self->account == NULL || self->client != NULL)
    return G_SOURCE_REMOVE;

  orga_token_store_lookup_async (get_tokens (self),
                                 orga_account_get_server_url (self->account),
                                 orga_account_get_email (self->account),
                                 self->restore_cancellable,
                                 restore_lookup_cb, g_object_ref (self));
  return G_SOURCE_REMOVE;
}

void
orga_connection_restore (OrgaConnection *self)
{
  OrgaStore *store;
  g_autoptr(OrgaAccount) account = NULL;
  g_autoptr(GPtrArray) spaces = NULL;
  g_autoptr(GError) error = NULL;

  g_return_if_fail (ORGA_IS_CONNECTION (self));

  store = orga_context_get_store (self->context);
  account = orga_store_get_account (store, &error);
  if (account == NULL)
    {
      if (error != NULL)
        g_warning ("Could not read the account of this database: %s", error->message);
      return;
    }

  spaces = orga_store_load_spaces (store, &error);
  if (spaces == NULL)
    g_warning ("Could not read the spaces kept: %s", error->message);
  set_spaces (self, spaces);
  set_client_and_account (self, NULL, account);

  g_cancellable_cancel (self->restore_cancellable);
  g_clear_object (&self->restore_cancellable);
  self->restore_cancellable = g_cancellable_new ();
  g_clear_handle_id (&self->restore_source, g_source_remove);
  self->restore_source = g_idle_add_full (G_PRIORITY_LOW, restore_token_cb, self, NULL);
}

/* ------------------------------------------------------------------------
 * Signing in: a chain of requests, each step's callback starting the next
 */

typedef struct
{
  char              *server_url;
  char              *email;
  char              *password;
  char              *first_name;
  char              *last_name;
  gboolean           sign_up;
  char              *invitation_id;
  char              *code;
  gboolean           accept_orga_terms;

  OrgaClient        *client;
  OrgaClientSession *session;
  char              *space_id;     /* the invitation's space */
} SignInData;

static void
sign_in_data_free (SignInData *data)
{
  g_free (data->server_url);
  g_free (data->email);
  /* The password is kept no longer than the request needs it. */
  if (data->password != NULL)
    explicit_bzero (data->password, strlen (data->password));
  g_clear_pointer (&data->password, g_free);
  g_free (data->first_name);
  g_free (data->last_name);
  g_free (data->invitation_id);
  g_free (data->code);
  g_clear_object (&data->client);
  g_clear_pointer (&data->session, orga_client_session_free);
  g_free (data->space_id);
  g_free (data);
}

static void sign_in_step_sign_in (GTask *task);
static void sign_in_step_terms (GTask *task);
static void sign_in_step_accept (GTask *task);
static void sign_in_step_bind (GTask *task);

static void
sign_in_token_saved_cb (GObject      *source,
                        GAsyncResult *result,
                        gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  /* The account stays signed in for this run; the next start asks again. */
  if (!orga_token_store_save_finish (ORGA_TOKEN_STORE (source), result, &error))
    g_warning ("Could not keep the token: %s", error->message);
}

static void
sign_up_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(OrgaAccount) account = NULL;
  g_autoptr(GError) error = NULL;

  account = orga_client_sign_up_finish (ORGA_CLIENT (source), result, &error);
  if (account == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  sign_in_step_sign_in (g_steal_pointer (&task));
}

static void
sign_in_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  SignInData *data = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;

  data->session = orga_client_sign_in_finish (ORGA_CLIENT (source), result, &error);
  if (data->session == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  sign_in_step_terms (g_steal_pointer (&task));
}

static void
sign_in_step_sign_in (GTask *task)
{
  SignInData *data = g_task_get_task_data (task);

  orga_client_sign_in_async (data->client, data->email, data->password,
                             g_task_get_cancellable (task), sign_in_cb, task);
}

static void
terms_cb (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;

  if (!orga_client_accept_orga_terms_finish (ORGA_CLIENT (source), result, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  sign_in_step_accept (g_steal_pointer (&task));
}

static void
sign_in_step_terms (GTask *task)
{
  SignInData *data = g_task_get_task_data (task);

  if (!data->accept_orga_terms)
    {
      sign_in_step_accept (task);
      return;
    }
  orga_client_accept_orga_terms_async (data->client, g_task_get_cancellable (task), terms_cb, task);
}

static void
me_cb (GObject      *source,
       GAsyncResult *result,
       gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  SignInData *data = g_task_get_task_data (task);
  g_autoptr(OrgaClientSession) session = NULL;
  g_autoptr(GError) error = NULL;

  session = orga_client_get_me_finish (ORGA_CLIENT (source), result, &error);
  if (session == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  /* GET /me gives the spaces with the new one, but no token: keep ours. */
  g_clear_pointer (&data->session->spaces, g_ptr_array_unref);
  data->session->spaces = g_steal_pointer (&session->spaces);
  sign_in_step_bind (g_steal_pointer (&task));
}

static void
accept_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  SignInData *data = g_task_get_task_data (task);
  g_autoptr(OrgaSpace) space = NULL;
  g_autoptr(GError) error = NULL;

  space = orga_client_accept_invitation_finish (ORGA_CLIENT (source), result, &error);
  if (space == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  data->space_id = g_strdup (orga_space_get_id (space));
  orga_client_get_me_async (data->client, g_task_get_cancellable (task), me_cb, task);
  g_steal_pointer (&task);
}

static void
sign_in_step_accept (GTask *task)
{
  SignInData *data = g_task_get_task_data (task);

  if (data->invitation_id == NULL)
    {
      sign_in_step_bind (task);
      return;
    }
  orga_client_accept_invitation_async (data->client, data->invitation_id, data->code,
                                       g_task_get_cancellable (task), accept_cb, task);
}

static OrgaSpace *
pick_space (OrgaConnection *self,
            SignInData     *data,
            GError        **error)
{
  GPtrArray *spaces = data->session->spaces;
  const char *wanted = data->space_id ? data->space_id : data->session->current_organization_id;
  g_autoptr(GError) local_error = NULL;
  OrgaSpace *space;

  /* The invitation's space; else the local school's, the only one, or the
   * server's current one when there are several to choose from. */
  for (guint i = 0; data->space_id != NULL && spaces != NULL && i < spaces->len; i++)
    if (g_strcmp0 (orga_space_get_id (g_ptr_array_index (spaces, i)), data->space_id) == 0)
      return g_object_ref (g_ptr_array_index (spaces, i));

  space = orga_store_pick_space (orga_context_get_store (self->context), spaces, NULL, &local_error);
  if (space != NULL)
    return space;

  for (guint i = 0; wanted != NULL && spaces != NULL && i < spaces->len; i++)
    if (g_strcmp0 (orga_space_get_id (g_ptr_array_index (spaces, i)), wanted) == 0)
      return g_object_ref (g_ptr_array_index (spaces, i));
  if (spaces != NULL && spaces->len > 0 && !g_error_matches (local_error, ORGA_STORE_ERROR, ORGA_STORE_ERROR_OTHER_ORGANIZATION))
    return g_object_ref (g_ptr_array_index (spaces, 0));

  g_propagate_error (error, g_steal_pointer (&local_error));
  return NULL;
}

static void
sign_in_step_bind (GTask *task)
{
  OrgaConnection *self = g_task_get_source_object (task);
  SignInData *data = g_task_get_task_data (task);
  OrgaStore *store = orga_context_get_store (self->context);
  g_autoptr(OrgaSpace) space = NULL;
  g_autoptr(OrgaOrganization) organization = NULL;
  g_autoptr(GError) error = NULL;

  space = pick_space (self, data, &error);
  if (space == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      g_object_unref (task);
      return;
    }

  organization = orga_store_bind (store, data->session->account, space, &error);
  if (organization == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      g_object_unref (task);
      return;
    }
  if (!orga_store_save_spaces (store, data->session->spaces, &error))
    {
      g_warning ("Could not keep the list of spaces: %s", error->message);
      g_clear_error (&error);
    }

  orga_token_store_save_async (get_tokens (self), orga_client_get_server_url (data->client),
                               orga_account_get_email (data->session->account),
                               orga_client_get_token (data->client), NULL,
                               sign_in_token_saved_cb, NULL);

  set_spaces (self, data->session->spaces);
  set_client_and_account (self, data->client, data->session->account);
  orga_context_set_organization (self->context, organization);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CURRENT_SPACE]);

  g_task_return_pointer (task, g_steal_pointer (&organization), g_object_unref);
  g_object_unref (task);
}

void
orga_connection_sign_in_async (OrgaConnection      *self,
                               const OrgaSignIn    *sign_in,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GError) error = NULL;
  SignInData *data;

  g_return_if_fail (ORGA_IS_CONNECTION (self));
  g_return_if_fail (sign_in != NULL && sign_in->server_url != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, orga_connection_sign_in_async);

  data = g_new0 (SignInData, 1);
  data->server_url = g_strdup (sign_in->server_url);
  data->email = g_strstrip (g_strdup (sign_in->email ? sign_in->email : ""));
  data->password = g_strdup (sign_in->password ? sign_in->password : "");
  data->first_name = g_strstrip (g_strdup (sign_in->first_name ? sign_in->first_name : ""));
  data->last_name = g_strstrip (g_strdup (sign_in->last_name ? sign_in->last_name : ""));
  data->sign_up = sign_in->sign_up;
  data->invitation_id = g_strdup (sign_in->invitation_id);
  data->code = g_strdup (sign_in->code);
  data->accept_orga_terms = sign_in->accept_orga_terms;
  g_task_set_task_data (task, data, (GDestroyNotify) sign_in_data_free);

  data->client = orga_client_new (data->server_url, &error);
  if (data->client == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  if (data->sign_up)
    orga_client_sign_up_async (data->client, data->email, data->password,
                               data->first_name, data->last_name, TRUE,
                               cancellable, sign_up_cb, g_steal_pointer (&task));
  else
    sign_in_step_sign_in (g_steal_pointer (&task));
}

OrgaOrganization *
orga_connection_sign_in_finish (OrgaConnection  *self,
                                GAsyncResult    *result,
                                GError         **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

/* ------------------------------------------------------------------------
 * Signing out
 */

static void
sign_out_token_cleared_cb (GObject      *source,
                           GAsyncResult *result,
                           gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;

  if (!orga_token_store_clear_finish (ORGA_TOKEN_STORE (source), result, &error))
    g_warning ("Could not forget the token: %s", error->message);
  g_task_return_boolean (task, TRUE);
}

static void
sign_out_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  OrgaConnection *self = g_task_get_source_object (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(OrgaAccount) account = NULL;

  /* Offline, the token stays valid on the server until it expires; here
   * it is forgotten all the same. */
  if (source != NULL && !orga_client_sign_out_finish (ORGA_CLIENT (source), result, &error))
    g_debug ("The server did not revoke the token: %s", error->message);
  g_clear_error (&error);

  account = self->account ? g_object_ref (self->account) : NULL;
  if (!orga_store_unbind (orga_context_get_store (self->context), &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  set_spaces (self, NULL);
  set_client_and_account (self, NULL, NULL);

  if (account == NULL)
    {
      g_task_return_boolean (task, TRUE);
      return;
    }
  orga_token_store_clear_async (get_tokens (self), orga_account_get_server_url (account),
                                orga_account_get_email (account), NULL,
                                sign_out_token_cleared_cb, g_steal_pointer (&task));
}

void
orga_connection_sign_out_async (OrgaConnection      *self,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (ORGA_IS_CONNECTION (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, orga_connection_sign_out_async);

  if (self->client != NULL && orga_client_get_token (self->client) != NULL)
    orga_client_sign_out_async (self->client, cancellable, sign_out_cb, task);
  else
    sign_out_cb (NULL, NULL, task);
}

gboolean
orga_connection_sign_out_finish (OrgaConnection  *self,
                                 GAsyncResult    *result,
                                 GError         **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

/* ------------------------------------------------------------------------
 * Switching
 */

static void
set_current_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  /* Only the server's memory of the last space: the next sign-in picks
   * the database's school anyway. */
  if (!orga_client_set_current_organization_finish (ORGA_CLIENT (source), result, &error))
    g_debug ("The server did not keep the current space: %s", error->message);
}

gboolean
orga_connection_switch_space (OrgaConnection  *self,
                              OrgaSpace       *space,
                              GError         **error)
{
  g_autoptr(OrgaOrganization) organization = NULL;

  g_return_val_if_fail (ORGA_IS_CONNECTION (self), FALSE);
  g_return_val_if_fail (ORGA_IS_SPACE (space), FALSE);

  organization = orga_store_set_current_space (orga_context_get_store (self->context), space, error);
  if (organization == NULL)
    return FALSE;

  if (self->client != NULL)
    orga_client_set_current_organization_async (self->client, orga_space_get_id (space), NULL,
                                                set_current_cb, NULL);
  orga_context_set_organization (self->context, organization);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CURRENT_SPACE]);
  return TRUE;
}

char *
orga_connection_dup_space_id (OrgaConnection *self)
{
  OrgaOrganization *organization;
  g_autoptr(GError) error = NULL;
  char *id;

  g_return_val_if_fail (ORGA_IS_CONNECTION (self), NULL);

  organization = orga_context_get_organization (self->context);
  if (organization == NULL || self->account == NULL)
    return NULL;

  id = orga_store_dup_space_id (orga_context_get_store (self->context), organization, &error);
  if (error != NULL)
    g_warning ("Could not read the space of the school: %s", error->message);
  return id;
}

/* ------------------------------------------------------------------------ */

/**
 * orga_connection_new:
 * @tokens: (nullable): where tokens are kept; NULL for the user's keyring,
 *   opened when first needed (libsecret is in the network module, which a
 *   school that never signs in does not load: orga-lazy.h)
 */
OrgaConnection *
orga_connection_new (OrgaContext    *context,
                     OrgaTokenStore *tokens)
{
  OrgaConnection *self;

  g_return_val_if_fail (ORGA_IS_CONTEXT (context), NULL);

  self = g_object_new (ORGA_TYPE_CONNECTION, "context", context, NULL);
  if (tokens != NULL)
    self->tokens = g_object_ref (tokens);
  return self;
}

OrgaContext *
orga_connection_get_context (OrgaConnection *self)
{
  g_return_val_if_fail (ORGA_IS_CONNECTION (self), NULL);
  return self->context;
}

OrgaClient *
orga_connection_get_client (OrgaConnection *self)
{
  g_return_val_if_fail (ORGA_IS_CONNECTION (self), NULL);
  return self->client;
}

OrgaAccount *
orga_connection_get_account (OrgaConnection *self)
{
  g_return_val_if_fail (ORGA_IS_CONNECTION (self), NULL);
  return self->account;
}

GListModel *
orga_connection_get_spaces (OrgaConnection *self)
{
  g_return_val_if_fail (ORGA_IS_CONNECTION (self), NULL);
  return G_LIST_MODEL (self->spaces);
}

OrgaSpace *
orga_connection_get_current_space (OrgaConnection *self)
{
  g_autofree char *id = NULL;
  guint n;

  g_return_val_if_fail (ORGA_IS_CONNECTION (self), NULL);

  id = orga_connection_dup_space_id (self);
  if (id == NULL)
    return NULL;

  n = g_list_model_get_n_items (G_LIST_MODEL (self->spaces));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(OrgaSpace) space = g_list_model_get_item (G_LIST_MODEL (self->spaces), i);

      if (g_strcmp0 (orga_space_get_id (space), id) == 0)
        return space;   /* the store holds it */
    }
  return NULL;
}

static void
orga_connection_dispose (GObject *object)
{
  OrgaConnection *self = (OrgaConnection *)object;

  g_clear_handle_id (&self->restore_source, g_source_remove);
  if (self->restore_cancellable != NULL)
    g_cancellable_cancel (self->restore_cancellable);
  g_clear_object (&self->restore_cancellable);
  if (self->context != NULL)
    g_signal_handlers_disconnect_by_data (self->context, self);
  g_clear_object (&self->context);
  g_clear_object (&self->tokens);
  g_clear_object (&self->client);
  g_clear_object (&self->account);
  g_clear_object (&self->spaces);

  G_OBJECT_CLASS (orga_connection_parent_class)->dispose (object);
}

static void
orga_connection_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  OrgaConnection *self = ORGA_CONNECTION (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      g_value_set_object (value, self->context);
      break;
    case PROP_CLIENT:
      g_value_set_object (value, self->client);
      break;
    case PROP_ACCOUNT:
      g_value_set_object (value, self->account);
      break;
    case PROP_CURRENT_SPACE:
      g_value_set_object (value, orga_connection_get_current_space (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
orga_connection_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  OrgaConnection *self = ORGA_CONNECTION (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      self->context = g_value_dup_object (value);
      g_signal_connect_object (self->context, "notify::organization",
                               G_CALLBACK (organization_changed_cb), self, G_CONNECT_SWAPPED);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
orga_connection_class_init (OrgaConnectionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = orga_connection_dispose;
  object_class->get_property = orga_connection_get_property;
  object_class->set_property = orga_connection_set_property;

  properties[PROP_CONTEXT] =
    g_param_spec_object ("context", NULL, NULL, ORGA_TYPE_CONTEXT,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  /* An OrgaClient. Its type is the network module's: naming it here
   * would load the module with the first window (orga-lazy.h). */
  properties[PROP_CLIENT] =
    g_param_spec_object ("client", NULL, NULL, G_TYPE_OBJECT,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_ACCOUNT] =
    g_param_spec_object ("account", NULL, NULL, ORGA_TYPE_ACCOUNT,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_CURRENT_SPACE] =
    g_param_spec_object ("current-space", NULL, NULL, ORGA_TYPE_SPACE,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
orga_connection_init (OrgaConnection *self)
{
  self->spaces = g_list_store_new (ORGA_TYPE_SPACE);
}
