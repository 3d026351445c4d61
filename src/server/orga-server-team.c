/* orga-server-team.c: activation by UAI, invitations, members
 *
 * The rules of spec §1.2–§1.6. orga-server.c has already checked who
 * calls (signed in, member, admin of a space that is not archived); the
 * rest is checked here, against the database, on every request. Each
 * write is one transaction, its mail included (mail_outbox); the mail
 * leaves after the commit.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "orga-server"

#include "config.h"

#include <sodium.h>
#include <string.h>

#include "orga-server-routes.h"

#define CODE_LENGTH 10

void
orga_server_invitation_free (OrgaServerInvitation *invitation)
{
  if (invitation == NULL)
    return;
  g_free (invitation->id);
  g_free (invitation->email);
  g_free (invitation->status);
  g_free (invitation->role);
  g_free (invitation->organization_id);
  g_free (invitation->organization_uai);
  g_free (invitation->organization_name);
  g_free (invitation->organization_kind);
  g_free (invitation);
}

/* 10 capitals and digits, as Pix's randomstring. */
static char *
new_code (void)
{
  static const char alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
  char *code = g_malloc (CODE_LENGTH + 1);

  for (guint i = 0; i < CODE_LENGTH; i++)
    code[i] = alphabet[randombytes_uniform (sizeof alphabet - 1)];
  code[CODE_LENGTH] = '\0';
  return code;
}

static gboolean
codes_equal (const char *a,
             const char *b)
{
  gsize length = strlen (a);

  return length == strlen (b) && sodium_memcmp (a, b, length) == 0;
}

static char *
join_link (OrgaServer *self,
           const char *id,
           const char *code)
{
  g_autofree char *escaped_id = g_uri_escape_string (id, NULL, FALSE);
  g_autofree char *escaped_code = g_uri_escape_string (code, NULL, FALSE);

  return g_strdup_printf ("%s/rejoindre?invitationId=%s&code=%s",
                          orga_server_get_public_url (self), escaped_id, escaped_code);
}

/* The two mails */

static char *
queue_activation_mail (OrgaServer  *self,
                       const char  *recipient,
                       const char  *org_name,
                       const char  *org_uai,
                       const char  *first_name,
                       const char  *last_name,
                       const char  *link,
                       GError     **error)
{
  g_autofree char *h_org = orga_server_escape_html (org_name);
  g_autofree char *h_uai = orga_server_escape_html (org_uai);
  g_autofree char *h_first = orga_server_escape_html (first_name);
  g_autofree char *h_last = orga_server_escape_html (last_name);
  g_autofree char *h_link = orga_server_escape_html (link);
  g_autofree char *text = NULL;
  g_autofree char *html = NULL;

  text = g_strdup_printf ("Bonjour,\n\n"
                          "%s %s a demandé à activer l’espace Pix Orga de l’établissement %s (%s).\n\n"
                          "Pour activer cet espace et en devenir administrateur, ouvrez ce lien :\n"
                          "%s\n\n"
                          "Ce lien est à usage unique.\n\n"
                          "Si vous n’êtes pas à l’origine de cette demande, ignorez ce message.\n\n"
                          "L’équipe Pix Orga\n",
                          first_name, last_name, org_name, org_uai, link);
  html = g_strdup_printf ("<!DOCTYPE html>\n<html lang=\"fr\"><head><meta charset=\"utf-8\">"
                          "<title>Accès à votre espace Pix Orga</title></head><body>\n"
                          "<p>Bonjour,</p>\n"
                          "<p>%s %s a demandé à activer l’espace Pix Orga de l’établissement "
                          "<strong>%s (%s)</strong>.</p>\n"
                          "<p>Pour activer cet espace et en devenir administrateur :</p>\n"
                          "<p><a href=\"%s\" style=\"display:inline-block;padding:12px 20px;"
                          "background:#3d68ff;color:#ffffff;border-radius:4px;text-decoration:none\">"
                          "Activer l’espace Pix Orga</a></p>\n"
                          "<p>Ce lien est à usage unique.</p>\n"
                          "<p>Si vous n’êtes pas à l’origine de cette demande, ignorez ce message.</p>\n"
                          "<p>L’équipe Pix Orga</p>\n</body></html>\n",
                          h_first, h_last, h_org, h_uai, h_link);
  return orga_server_queue_mail (self, recipient, "Accès à votre espace Pix Orga", text, html, error);
}

static char *
queue_invitation_mail (OrgaServer  *self,
                       const char  *recipient,
                       const char  *org_name,
                       const char  *org_uai,
                       const char  *link,
                       GError     **error)
{
  g_autofree char *h_org = orga_server_escape_html (org_name);
  g_autofree char *h_uai = orga_server_escape_html (org_uai);
  g_autofree char *h_link = orga_server_escape_html (link);
  g_autofree char *text = NULL;
  g_autofree char *html = NULL;

  text = g_strdup_printf ("Bonjour,\n\n"
                          "Vous êtes invité(e) à rejoindre l’espace Pix Orga de %s (%s).\n\n"
                          "Accepter l’invitation :\n%s\n\n"
                          "Ce lien est à usage unique.\n\n"
                          "L’équipe Pix Orga\n",
                          org_name, org_uai, link);
  html = g_strdup_printf ("<!DOCTYPE html>\n<html lang=\"fr\"><head><meta charset=\"utf-8\">"
                          "<title>Invitation à rejoindre Pix Orga</title></head><body>\n"
                          "<p>Bonjour,</p>\n"
                          "<p>Vous êtes invité(e) à rejoindre l’espace Pix Orga de "
                          "<strong>%s (%s)</strong>.</p>\n"
                          "<p><a href=\"%s\" style=\"display:inline-block;padding:12px 20px;"
                          "background:#3d68ff;color:#ffffff;border-radius:4px;text-decoration:none\">"
                          "Accepter l’invitation</a></p>\n"
                          "<p>Ce lien est à usage unique.</p>\n"
                          "<p>L’équipe Pix Orga</p>\n</body></html>\n",
                          h_org, h_uai, h_link);
  return orga_server_queue_mail (self, recipient, "Invitation à rejoindre Pix Orga", text, html, error);
}

/* Invitations as JSON */

#define INVITATION_COLUMNS "id, email, status, role, created_at, updated_at"

static void
build_invitation (OrgaJsonWriter *writer,
                  OrgaServerRows *rows,
                  guint           row,
                  guint           first_column)
{
  orga_json_writer_begin_object (writer);
  orga_json_writer_add_string (writer, "id", orga_server_rows_get (rows, row, first_column));
  orga_json_writer_add_string (writer, "email", orga_server_rows_get (rows, row, first_column + 1));
  orga_json_writer_add_string (writer, "status", orga_server_rows_get (rows, row, first_column + 2));
  orga_json_writer_add_string (writer, "role", orga_server_rows_get (rows, row, first_column + 3));
  orga_json_writer_add_string (writer, "created_at", orga_server_rows_get (rows, row, first_column + 4));
  orga_json_writer_add_string (writer, "updated_at", orga_server_rows_get (rows, row, first_column + 5));
  orga_json_writer_end_object (writer);
}

static OrgaServerRows *
query_invitation (OrgaServerDb  *db,
                  const char    *id,
                  GError       **error)
{
  return orga_server_db_queryv (db, error,
                                "SELECT " INVITATION_COLUMNS " FROM invitations WHERE id = $1",
                                id, ORGA_SERVER_DB_END);
}

/* After every write to @org_id's members or invitations, in its
 * transaction when there is one: the team kept by any process for the
 * version before is not answered again (schema 008, handle_team). After
 * the write, never before: a read between the two would keep the old
 * team under the new version. */
static gboolean
team_changed (OrgaServerDb  *db,
              const char    *org_id,
              GError       **error)
{
  return orga_server_db_execv (db, NULL, error,
                               "UPDATE organizations SET team_version = team_version + 1 WHERE id = $1",
                               org_id, ORGA_SERVER_DB_END);
}

/* The pending invitation of (@org_id, @email), its code refreshed in
 * time, or a new one: the id and the code. */
static gboolean
upsert_invitation (OrgaServerDb  *db,
                   const char    *org_id,
                   const char    *email,
                   const char    *role,
                   gboolean       set_role,
                   char         **id,
                   char         **code,
                   GError       **error)
{
  g_autoptr(OrgaServerRows) rows = NULL;
  g_autofree char *now = orga_server_now ();

  rows = orga_server_db_queryv (db, error,
                                "UPDATE invitations SET updated_at = $3"
                                " WHERE id = (SELECT id FROM invitations"
                                "  WHERE organization_id = $1 AND email = $2 AND status = 'pending'"
                                "  ORDER BY created_at LIMIT 1)"
                                " RETURNING id, code",
                                org_id, email, now, ORGA_SERVER_DB_END);
  if (rows == NULL)
    return FALSE;

  if (orga_server_rows_get_n_rows (rows) > 0)
    {
      *id = g_strdup (orga_server_rows_get (rows, 0, 0));
      *code = g_strdup (orga_server_rows_get (rows, 0, 1));
      if (set_role
          && !orga_server_db_execv (db, NULL, error,
                                    "UPDATE invitations SET role = $2 WHERE id = $1",
                                    *id, role, ORGA_SERVER_DB_END))
        return FALSE;
      return team_changed (db, org_id, error);
    }

  *id = g_uuid_string_random ();
  *code = new_code ();
  return orga_server_db_execv (db, NULL, error,
                               "INSERT INTO invitations (id, organization_id, email, code, status, role,"
                               " created_at, updated_at)"
                               " VALUES ($1, $2, $3, $4, 'pending', $5, $6, $6)",
                               *id, org_id, email, *code, role, now, ORGA_SERVER_DB_END)
         && team_changed (db, org_id, error);
}

/* A write's end: commit, then deliver its mails; the answer, built by
 * @reply, waits for the delivery. */
typedef void (*ReplyFunc) (OrgaRequest *req,
                           gpointer     data);

typedef struct
{
  OrgaRequest *req;
  ReplyFunc reply;
  gpointer data;
  GDestroyNotify destroy;
} AfterMail;

static void
mail_delivered (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  AfterMail *after = user_data;
  g_autoptr(GError) error = NULL;

  if (!orga_server_deliver_mail_finish (ORGA_SERVER (object), result, &error))
    orga_request_reply_error (after->req, error);
  else
    after->reply (after->req, after->data);

  if (after->destroy != NULL)
    after->destroy (after->data);
  orga_request_unref (after->req);
  g_free (after);
}

static void
commit_and_mail (OrgaRequest    *req,
                 GPtrArray      *mail_ids,
                 ReplyFunc       reply,
                 gpointer        data,
                 GDestroyNotify  destroy)
{
  g_autoptr(GError) error = NULL;
  AfterMail *after;

  if (!orga_server_db_commit (req->db, &error))
    {
      orga_server_db_rollback (req->db);
      if (destroy != NULL)
        destroy (data);
      orga_request_reply_error (req, error);
      return;
    }

  after = g_new0 (AfterMail, 1);
  after->req = orga_request_ref (req);
  after->reply = reply;
  after->data = data;
  after->destroy = destroy;
  orga_request_pause (req);
  orga_server_deliver_mail_async (req->server, mail_ids, mail_delivered, after);
}

static void
fail_write (OrgaRequest  *req,
            const GError *error)
{
  orga_server_db_rollback (req->db);
  orga_request_reply_error (req, error);
}

/* Activation by UAI (§1.2) */

static gboolean
uai_is_valid (const char *uai)
{
  if (strlen (uai) != 8)
    return FALSE;
  for (guint i = 0; i < 7; i++)
    if (!g_ascii_isdigit (uai[i]))
      return FALSE;
  return g_ascii_isalpha (uai[7]);
}

static void
reply_activation (OrgaRequest *req,
                  gpointer     data)
{
  orga_request_reply_json (req, SOUP_STATUS_CREATED,
                           orga_server_message_node ("Un e-mail contenant la démarche à suivre a été "
                                                     "envoyé à l'adresse e-mail de votre établissement."));
}

void
orga_server_handle_activate (OrgaRequest *req)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(OrgaServerRows) rows = NULL;
  g_autoptr(GPtrArray) mail_ids = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *uai = NULL;
  g_autofree char *upper = NULL;
  g_autofree char *first_name = NULL;
  g_autofree char *last_name = NULL;
  g_autofree char *school_email = NULL;
  g_autofree char *id = NULL;
  g_autofree char *code = NULL;
  g_autofree char *link = NULL;
  char *mail_id;
  const char *uai_in, *first_in, *last_in;

  if (!orga_request_get_string (req, "uai", &uai_in, &error)
      || !orga_request_get_string (req, "first_name", &first_in, &error)
      || !orga_request_get_string (req, "last_name", &last_in, &error))
    {
      orga_request_reply_error (req, error);
      return;
    }

  uai = g_strstrip (g_strdup (uai_in ? uai_in : ""));
  first_name = g_strstrip (g_strdup (first_in ? first_in : ""));
  last_name = g_strstrip (g_strdup (last_in ? last_in : ""));

  if (!uai_is_valid (uai))
    {
      orga_request_reply_code (req, ORGA_SERVER_ERROR_INVALID_UAI, NULL);
      return;
    }
  if (first_name[0] == '\0' || g_utf8_strlen (first_name, -1) > 255)
    {
      orga_request_reply_code (req, ORGA_SERVER_ERROR_FIRST_NAME_MISSING, NULL);
      return;
    }
  if (last_name[0] == '\0' || g_utf8_strlen (last_name, -1) > 255)
    {
      orga_request_reply_code (req, ORGA_SERVER_ERROR_LAST_NAME_MISSING, NULL);
      return;
    }

  /* UAIs are kept in capitals: this is lower(externalId) = lower(uai). */
  upper = g_ascii_strup (uai, -1);
  rows = orga_server_db_queryv (req->db, &error,
                                "SELECT id, name, email, archived_at, uai FROM organizations WHERE uai = $1",
                                upper, ORGA_SERVER_DB_END);
  if (rows == NULL)
    {
      orga_request_reply_error (req, error);
      return;
    }
  if (orga_server_rows_get_n_rows (rows) == 0)
    {
      orga_request_reply_code (req, ORGA_SERVER_ERROR_UAI_NOT_RECOGNIZED, uai);
      return;
    }
  if (orga_server_rows_get_n_rows (rows) > 1)
    {
      orga_request_reply_code (req, ORGA_SERVER_ERROR_UAI_SEVERAL_SCHOOLS, uai);
      return;
    }
  school_email = orga_server_normalize_email (orga_server_rows_get (rows, 0, 2));
  if (school_email == NULL)
    {
      orga_request_reply_code (req, ORGA_SERVER_ERROR_NO_SCHOOL_EMAIL, NULL);
      return;
    }
  /* An archived school reads as an unknown one. */
  if (orga_server_rows_get (rows, 0, 3) != NULL)
    {
      orga_request_reply_code (req, ORGA_SERVER_ERROR_UAI_NOT_RECOGNIZED, uai);
      return;
    }

  for (guint attempt = 0; ; attempt++)
    {
      g_clear_error (&error);
      g_clear_pointer (&id, g_free);
      g_clear_pointer (&code, g_free);
      if (orga_server_db_begin (req->db, &error)
          && upsert_invitation (req->db, orga_server_rows_get (rows, 0, 0), school_email,
                                "ADMIN", FALSE, &id, &code, &error))
        break;
      orga_server_db_rollback (req->db);
      /* Another process made it at the same moment: reused, once more. */
      if (attempt > 0 || !g_error_matches (error, ORGA_SERVER_DB_ERROR, ORGA_SERVER_DB_ERROR_CONSTRAINT))
        {
          orga_request_reply_error (req, error);
          return;
        }
    }

  /* To the school's own address, never to whoever filled the form. */
  link = join_link (req->server, id, code);
  mail_id = queue_activation_mail (req->server, school_email,
                                   orga_server_rows_get (rows, 0, 1), orga_server_rows_get (rows, 0, 4),
                                   first_name, last_name, link, &error);
  if (mail_id == NULL)
    {
      fail_write (req, error);
      return;
    }
  g_ptr_array_add (mail_ids, mail_id);

  commit_and_mail (req, mail_ids, reply_activation, NULL, NULL);
}

/* The invitation behind a link */

OrgaServerInvitation *
orga_server_get_invitation (OrgaServer  *self,
                            const char  *id,
                            const char  *code,
                            GError     **error)
{
  g_autoptr(OrgaServerRows) rows = NULL;
  OrgaServerInvitation *invitation;

  if (id == NULL || code == NULL)
    return (orga_server_set_error (error, ORGA_SERVER_ERROR_INVITATION_NOT_FOUND, NULL), NULL);

  rows = orga_server_db_queryv (orga_server_get_db (self), error,
                                "SELECT i.id, i.email, i.status, i.role, i.code,"
                                " o.id, o.uai, o.name, o.kind, o.archived_at"
                                " FROM invitations i JOIN organizations o ON o.id = i.organization_id"
                                " WHERE i.id = $1",
                                id, ORGA_SERVER_DB_END);
  if (rows == NULL)
    return NULL;
  if (orga_server_rows_get_n_rows (rows) == 0
      || !codes_equal (orga_server_rows_get (rows, 0, 4), code))
    return (orga_server_set_error (error, ORGA_SERVER_ERROR_INVITATION_NOT_FOUND, NULL), NULL);

  invitation = g_new0 (OrgaServerInvitation, 1);
  invitation->id = g_strdup (orga_server_rows_get (rows, 0, 0));
  invitation->email = g_strdup (orga_server_rows_get (rows, 0, 1));
  invitation->status = g_strdup (orga_server_rows_get (rows, 0, 2));
  invitation->role = g_strdup (orga_server_rows_get (rows, 0, 3));
  invitation->organization_id = g_strdup (orga_server_rows_get (rows, 0, 5));
  invitation->organization_uai = g_strdup (orga_server_rows_get (rows, 0, 6));
  invitation->organization_name = g_strdup (orga_server_rows_get (rows, 0, 7));
  invitation->organization_kind = g_strdup (orga_server_rows_get (rows, 0, 8));
  invitation->organization_archived = orga_server_rows_get (rows, 0, 9) != NULL;
  return invitation;
}

void
orga_server_handle_get_invitation (OrgaRequest *req)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(OrgaServerInvitation) invitation = NULL;
  g_autoptr(GString) out = g_string_sized_new (1024);
  OrgaJsonWriter writer = ORGA_JSON_WRITER_INIT (out);
  const char *code = req->query ? g_hash_table_lookup (req->query, "code") : NULL;

  invitation = orga_server_get_invitation (req->server, req->params[0], code, &error);
  if (invitation == NULL)
    {
      orga_request_reply_error (req, error);
      return;
    }

  orga_json_writer_begin_object (&writer);
  orga_json_writer_member (&writer, "invitation");
  orga_json_writer_begin_object (&writer);
  orga_json_writer_add_string (&writer, "id", invitation->id);
  orga_json_writer_add_string (&writer, "status", invitation->status);
  orga_json_writer_member (&writer, "organization");
  orga_server_build_organization (&writer, invitation->organization_id, invitation->organization_uai,
                                  invitation->organization_name, invitation->organization_kind,
                                  invitation->organization_archived);
  orga_json_writer_end_object (&writer);
  orga_json_writer_end_object (&writer);
  orga_request_reply_text (req, SOUP_STATUS_OK, g_steal_pointer (&out));
}

/* Accepting (§1.4) */

static gboolean
status_error (const char  *status,
              GError     **error)
{
  if (g_strcmp0 (status, "cancelled") == 0)
    return orga_server_set_error (error, ORGA_SERVER_ERROR_INVITATION_CANCELLED, NULL);
  if (g_strcmp0 (status, "accepted") == 0)
    return orga_server_set_error (error, ORGA_SERVER_ERROR_INVITATION_ACCEPTED, NULL);
  return orga_server_set_error (error, ORGA_SERVER_ERROR_INVITATION_NOT_FOUND, NULL);
}

static gboolean
accept_in_transaction (OrgaServer            *self,
                       const char            *user_id,
                       OrgaServerInvitation  *invitation,
                       char                 **role_out,
                       GError               **error)
{
  OrgaServerDb *db = orga_server_get_db (self);
  g_autoptr(OrgaServerRows) spent = NULL;
  g_autoptr(OrgaServerRows) existing = NULL;
  g_autoptr(OrgaServerRows) active = NULL;
  g_autofree char *now = orga_server_now ();
  g_autofree char *membership_id = NULL;
  const char *role;

  /* The space's row first, as begin_team_write() does: the role rule
   * ("ADMIN when nobody is there yet") and the last admin's see the
   * other processes' acceptances. */
  if (!orga_server_db_execv (db, NULL, error,
                             "UPDATE organizations SET updated_at = updated_at WHERE id = $1",
                             invitation->organization_id, ORGA_SERVER_DB_END))
    return FALSE;

  /* Spent in one conditional step: a code works once, even with two
   * processes accepting at the same moment. */
  spent = orga_server_db_queryv (db, error,
                                 "UPDATE invitations SET status = 'accepted', updated_at = $2"
                                 " WHERE id = $1 AND status = 'pending' RETURNING id",
                                 invitation->id, now, ORGA_SERVER_DB_END);
  if (spent == NULL)
    return FALSE;
  if (orga_server_rows_get_n_rows (spent) == 0)
    {
      g_autoptr(OrgaServerRows) again = orga_server_db_queryv (db, error,
                                                               "SELECT status FROM invitations WHERE id = $1",
                                                               invitation->id, ORGA_SERVER_DB_END);
      if (again == NULL)
        return FALSE;
      return status_error (orga_server_rows_get_n_rows (again) ? orga_server_rows_get (again, 0, 0) : NULL,
                           error);
    }

  existing = orga_server_db_queryv (db, error,
                                    "SELECT id, role FROM memberships"
                                    " WHERE organization_id = $1 AND user_id = $2 AND disabled_at IS NULL",
                                    invitation->organization_id, user_id, ORGA_SERVER_DB_END);
  if (existing == NULL)
    return FALSE;

  if (orga_server_rows_get_n_rows (existing) > 0)
    {
      /* Already a member: an invitation with a role sets it; one without
       * is spent all the same and says so. */
      if (invitation->role == NULL)
        {
          *role_out = NULL;
          return orga_server_set_error (error, ORGA_SERVER_ERROR_ALREADY_MEMBER, NULL);
        }
      /* Not a way around the last admin rule: the space keeps one. */
      if (g_str_equal (invitation->role, "MEMBER")
          && g_strcmp0 (orga_server_rows_get (existing, 0, 1), "ADMIN") == 0)
        {
          g_autoptr(OrgaServerRows) admins = NULL;

          admins = orga_server_db_queryv (db, error,
                                          "SELECT count(*) FROM memberships"
                                          " WHERE organization_id = $1 AND role = 'ADMIN'"
                                          " AND disabled_at IS NULL AND id <> $2",
                                          invitation->organization_id, orga_server_rows_get (existing, 0, 0),
                                          ORGA_SERVER_DB_END);
          if (admins == NULL)
            return FALSE;
          if (orga_server_rows_get_int (admins, 0, 0) == 0)
            return orga_server_set_error (error, ORGA_SERVER_ERROR_LAST_ADMIN, NULL);
        }
      if (!orga_server_db_execv (db, NULL, error,
                                 "UPDATE memberships SET role = $2, updated_at = $3 WHERE id = $1",
                                 orga_server_rows_get (existing, 0, 0), invitation->role, now,
                                 ORGA_SERVER_DB_END))
        return FALSE;
      role = invitation->role;
    }
  else
    {
      if (invitation->role != NULL)
        role = invitation->role;
      else
        {
          /* No role: the first member of a space administers it. */
          active = orga_server_db_queryv (db, error,
                                          "SELECT count(*) FROM memberships"
                                          " WHERE organization_id = $1 AND disabled_at IS NULL",
                                          invitation->organization_id, ORGA_SERVER_DB_END);
          if (active == NULL)
            return FALSE;
          role = orga_server_rows_get_int (active, 0, 0) == 0 ? "ADMIN" : "MEMBER";
        }

      membership_id = g_uuid_string_random ();
      if (!orga_server_db_execv (db, NULL, error,
                                 "INSERT INTO memberships (id, organization_id, user_id, role,"
                                 " created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $5)",
                                 membership_id, invitation->organization_id, user_id, role, now,
                                 ORGA_SERVER_DB_END))
        return FALSE;
    }

  if (!orga_server_db_execv (db, NULL, error,
                             "UPDATE users SET current_organization_id = $2, updated_at = $3 WHERE id = $1",
                             user_id, invitation->organization_id, now, ORGA_SERVER_DB_END)
      || !team_changed (db, invitation->organization_id, error))
    return FALSE;

  *role_out = g_strdup (role);
  return TRUE;
}

gboolean
orga_server_accept_invitation (OrgaServer  *self,
                               const char  *user_id,
                               const char  *invitation_id,
                               const char  *code,
                               char       **organization_id,
                               char       **role,
                               GError     **error)
{
  OrgaServerDb *db = orga_server_get_db (self);
  g_autoptr(OrgaServerInvitation) invitation = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *granted = NULL;

  invitation = orga_server_get_invitation (self, invitation_id, code, error);
  if (invitation == NULL)
    return FALSE;
  if (!g_str_equal (invitation->status, "pending"))
    return status_error (invitation->status, error);
  if (invitation->organization_archived)
    return orga_server_set_error (error, ORGA_SERVER_ERROR_ORGANIZATION_ARCHIVED, NULL);

  if (!orga_server_db_begin (db, error))
    return FALSE;

  if (!accept_in_transaction (self, user_id, invitation, &granted, &local_error))
    {
      /* The invitation without a role of a member is spent all the same. */
      if (g_error_matches (local_error, ORGA_SERVER_ERROR, ORGA_SERVER_ERROR_ALREADY_MEMBER))
        {
          if (!orga_server_db_commit (db, error))
            {
              orga_server_db_rollback (db);
              return FALSE;
            }
        }
      else
        {
          orga_server_db_rollback (db);
          /* The same user accepting two invitations of the space at the
           * same moment: one membership (memberships_one_active). */
          if (g_error_matches (local_error, ORGA_SERVER_DB_ERROR, ORGA_SERVER_DB_ERROR_CONSTRAINT))
            {
              g_clear_error (&local_error);
              orga_server_set_error (&local_error, ORGA_SERVER_ERROR_ALREADY_MEMBER, NULL);
            }
        }
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  if (!orga_server_db_commit (db, error))
    {
      orga_server_db_rollback (db);
      return FALSE;
    }

  if (organization_id != NULL)
    *organization_id = g_strdup (invitation->organization_id);
  if (role != NULL)
    *role = g_steal_pointer (&granted);
  return TRUE;
}

void
orga_server_handle_accept_invitation (OrgaRequest *req)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) out = g_string_sized_new (1024);
  OrgaJsonWriter writer = ORGA_JSON_WRITER_INIT (out);
  g_autoptr(OrgaServerRows) rows = NULL;
  g_autofree char *org_id = NULL;
  g_autofree char *role = NULL;
  const char *code;

  if (!orga_request_get_string (req, "code", &code, &error)
      || !orga_server_accept_invitation (req->server, req->user_id, req->params[0], code,
                                         &org_id, &role, &error))
    {
      orga_request_reply_error (req, error);
      return;
    }

  rows = orga_server_db_queryv (req->db, &error,
                                "SELECT id, uai, name, kind, archived_at FROM organizations WHERE id = $1",
                                org_id, ORGA_SERVER_DB_END);
  if (rows == NULL || orga_server_rows_get_n_rows (rows) == 0)
    {
      orga_request_reply_error (req, error);
      return;
    }

  orga_json_writer_begin_object (&writer);
  orga_json_writer_member (&writer, "membership");
  orga_json_writer_begin_object (&writer);
  orga_json_writer_member (&writer, "organization");
  orga_server_build_organization (&writer, orga_server_rows_get (rows, 0, 0), orga_server_rows_get (rows, 0, 1),
                                  orga_server_rows_get (rows, 0, 2), orga_server_rows_get (rows, 0, 3),
                                  orga_server_rows_get (rows, 0, 4) != NULL);
  orga_json_writer_add_string (&writer, "role", role);
  orga_json_writer_end_object (&writer);
  orga_json_writer_end_object (&writer);
  orga_request_reply_text (req, SOUP_STATUS_OK, g_steal_pointer (&out));
}

/* The team */

typedef struct
{
  guint row;
  const char *key;   /* owned by the cache */
} MemberOrder;

static int
compare_members (gconstpointer a,
                 gconstpointer b)
{
  const MemberOrder *x = a, *y = b;
  int result = strcmp (x->key, y->key);

  return result != 0 ? result : (int) x->row - (int) y->row;
}

/* The sort key of "last name, first name": case folded, then collated
 * in the locale. Every read of a team sorts the same names again, and
 * the key is the dearest part of the answer: keys are kept, by label,
 * for the process (a bounded cache, emptied before a request when full;
 * names change rarely). Only the main loop's thread answers requests:
 * the keys a request holds stay valid until its end. */
#define SORT_KEY_CACHE_SIZE 4096

static GHashTable *sort_keys;
G_LOCK_DEFINE_STATIC (sort_keys);

static void
trim_sort_keys (void)
{
  G_LOCK (sort_keys);
  if (sort_keys != NULL && g_hash_table_size (sort_keys) >= SORT_KEY_CACHE_SIZE)
    g_hash_table_remove_all (sort_keys);
  G_UNLOCK (sort_keys);
}

static const char *
member_sort_key (const char *last_name,
                 const char *first_name)
{
  g_autofree char *label = g_strconcat (last_name ? last_name : "", "\x01", first_name ? first_name : "", NULL);
  const char *key;

  G_LOCK (sort_keys);
  if (sort_keys == NULL)
    sort_keys = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  key = g_hash_table_lookup (sort_keys, label);
  if (key == NULL)
    {
      g_autofree char *folded = g_utf8_casefold (label, -1);
      char *new_key = g_utf8_collate_key (folded, -1);

      g_hash_table_insert (sort_keys, g_steal_pointer (&label), new_key);
      key = new_key;
    }
  G_UNLOCK (sort_keys);
  return key;
}

static void
build_member (OrgaJsonWriter *writer,
              OrgaServerRows *rows,
              guint           row,
              guint           first_column)
{
  orga_json_writer_begin_object (writer);
  orga_json_writer_add_string (writer, "user_id", orga_server_rows_get (rows, row, first_column));
  orga_json_writer_add_string (writer, "email", orga_server_rows_get (rows, row, first_column + 1));
  orga_json_writer_add_string (writer, "first_name", orga_server_rows_get (rows, row, first_column + 2));
  orga_json_writer_add_string (writer, "last_name", orga_server_rows_get (rows, row, first_column + 3));
  orga_json_writer_add_string (writer, "role", orga_server_rows_get (rows, row, first_column + 4));
  orga_json_writer_end_object (writer);
}

#define MEMBER_SELECT \
  "SELECT u.id, u.email, u.first_name, u.last_name, m.role" \
  " FROM memberships m JOIN users u ON u.id = m.user_id" \
  " WHERE m.organization_id = $1 AND m.disabled_at IS NULL"

#define PENDING_INVITATIONS_SELECT \
  "SELECT " INVITATION_COLUMNS " FROM invitations" \
  " WHERE organization_id = $1 AND status = 'pending'" \
  " ORDER BY updated_at DESC, email"

/* The team of a space as last built by this process, for its team
 * version (schema 008): the members' and the pending invitations' JSON
 * arrays. The access check reads the version on every request anyway, so
 * a read whose version is the one kept answers them again without
 * reading nor sorting the rows: any change to the team, by any process,
 * has changed the version in the same transaction. What does not depend
 * on the team (the space's row, the caller's role) is read every time. */
typedef struct
{
  gint64 version;
  char *members;
  gsize members_length;
  char *invitations;
  gsize invitations_length;
} TeamCache;

#define TEAM_CACHE_SIZE 512

static void
team_cache_free (gpointer data)
{
  TeamCache *cache = data;

  g_free (cache->members);
  g_free (cache->invitations);
  g_free (cache);
}

/* One table a database: two servers in one process (the tests) each
 * have theirs. */
static GHashTable *
team_caches (OrgaServerDb *db)
{
  GHashTable *caches = g_object_get_data (G_OBJECT (db), "orga-team-caches");

  if (caches == NULL)
    {
      caches = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, team_cache_free);
      g_object_set_data_full (G_OBJECT (db), "orga-team-caches", caches,
                              (GDestroyNotify) g_hash_table_unref);
    }
  return caches;
}

guint
orga_server_team_prefetch (OrgaRequest       *req,
                           OrgaServerDbQuery *queries)
{
  /* A team kept for this space is likely still good: the access check
   * alone tells, and the rows are read only when it is not. */
  if (g_hash_table_contains (team_caches (req->db), req->params[0]))
    return 0;
  /* The space of the path: the access check makes sure it is the
   * member's (req->org_id). */
  queries[0] = (OrgaServerDbQuery) { MEMBER_SELECT, (const char * const *) req->params, 1 };
  queries[1] = (OrgaServerDbQuery) { PENDING_INVITATIONS_SELECT, (const char * const *) req->params, 1 };
  return 2;
}

/* The team of req->org_id for req->team_version, from the rows. */
static TeamCache *
build_team (OrgaRequest  *req,
            GError      **error)
{
  OrgaServerRows *results[2] = { NULL, NULL };
  g_autoptr(OrgaServerRows) members = NULL;
  g_autoptr(OrgaServerRows) invitations = NULL;
  g_autoptr(GString) members_out = g_string_sized_new (2048);
  g_autoptr(GString) invitations_out = g_string_sized_new (2048);
  OrgaJsonWriter writer = ORGA_JSON_WRITER_INIT (members_out);
  g_autoptr(GArray) order = g_array_new (FALSE, FALSE, sizeof (MemberOrder));
  const char *org_param[] = { req->org_id };
  /* The members and the pending invitations (kept for the next
   * administrator's read even when a member asks): in one round trip to
   * PostgreSQL. */
  const OrgaServerDbQuery queries[] = {
    { MEMBER_SELECT, org_param, 1 },
    { PENDING_INVITATIONS_SELECT, org_param, 1 },
  };
  TeamCache *cache;

  if (req->prefetched[0] != NULL)
    {
      results[0] = g_steal_pointer (&req->prefetched[0]);
      results[1] = g_steal_pointer (&req->prefetched[1]);
    }
  else if (!orga_server_db_query_batch (req->db, 2, queries, results, error))
    return NULL;
  members = results[0];
  invitations = results[1];

  /* Last name, then first name, in the collation of the locale. */
  trim_sort_keys ();
  for (guint i = 0; i < orga_server_rows_get_n_rows (members); i++)
    {
      MemberOrder item = { i, member_sort_key (orga_server_rows_get (members, i, 3),
                                               orga_server_rows_get (members, i, 2)) };

      g_array_append_val (order, item);
    }
  g_array_sort (order, compare_members);

  orga_json_writer_begin_array (&writer);
  for (guint i = 0; i < order->len; i++)
    build_member (&writer, members, g_array_index (order, MemberOrder, i).row, 0);
  orga_json_writer_end_array (&writer);

  orga_json_writer_init (&writer, invitations_out);
  orga_json_writer_begin_array (&writer);
  for (guint i = 0; i < orga_server_rows_get_n_rows (invitations); i++)
    build_invitation (&writer, invitations, i, 0);
  orga_json_writer_end_array (&writer);

  cache = g_new0 (TeamCache, 1);
  cache->version = req->team_version;
  cache->members_length = members_out->len;
  cache->members = g_string_free (g_steal_pointer (&members_out), FALSE);
  cache->invitations_length = invitations_out->len;
  cache->invitations = g_string_free (g_steal_pointer (&invitations_out), FALSE);
  return cache;
}

void
orga_server_handle_team (OrgaRequest *req)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) out = g_string_sized_new (4096);
  OrgaJsonWriter writer = ORGA_JSON_WRITER_INIT (out);
  GHashTable *caches = team_caches (req->db);
  TeamCache *cache = g_hash_table_lookup (caches, req->org_id);

  if (cache == NULL || cache->version != req->team_version)
    {
      cache = build_team (req, &error);
      if (cache == NULL)
        {
          orga_request_reply_error (req, error);
          return;
        }
      /* Spaces come and go: a bound, as the statements' cache has. */
      if (g_hash_table_size (caches) >= TEAM_CACHE_SIZE && !g_hash_table_contains (caches, req->org_id))
        g_hash_table_remove_all (caches);
      g_hash_table_insert (caches, g_strdup (req->org_id), cache);
    }

  orga_json_writer_begin_object (&writer);
  orga_json_writer_member (&writer, "organization");
  orga_server_build_organization (&writer, req->org_id, req->org_uai, req->org_name, req->org_kind,
                                  req->org_archived);
  orga_json_writer_add_string (&writer, "role", req->role);
  orga_json_writer_member (&writer, "members");
  orga_json_writer_raw (&writer, cache->members, cache->members_length);
  orga_json_writer_member (&writer, "invitations");
  /* The invitations are an administrator's. */
  if (g_str_equal (req->role, "ADMIN"))
    orga_json_writer_raw (&writer, cache->invitations, cache->invitations_length);
  else
    orga_json_writer_raw (&writer, "[]", 2);
  orga_json_writer_end_object (&writer);
  orga_request_reply_text (req, SOUP_STATUS_OK, g_steal_pointer (&out));
}

/* Inviting */

/* The addresses of "emails": an array of strings or one string of
 * addresses separated by commas; trimmed, in lower case, without
 * duplicates, in their order. One bad address refuses them all. */
static GPtrArray *
read_emails (OrgaRequest  *req,
             GError      **error)
{
  g_autoptr(GPtrArray) raw = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) emails = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  JsonNode *node = json_object_get_member (req->body, "emails");

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return (orga_server_set_error (error, ORGA_SERVER_ERROR_INVALID_EMAIL, NULL), NULL);

  if (JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *array = json_node_get_array (node);

      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          JsonNode *item = json_array_get_element (array, i);

          if (!JSON_NODE_HOLDS_VALUE (item) || json_node_get_value_type (item) != G_TYPE_STRING
              || !g_utf8_validate (json_node_get_string (item), -1, NULL))
            return (orga_server_set_error (error, ORGA_SERVER_ERROR_MALFORMED_REQUEST, NULL), NULL);
          g_ptr_array_add (raw, g_strdup (json_node_get_string (item)));
        }
    }
  else if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING
           && g_utf8_validate (json_node_get_string (node), -1, NULL))
    {
      g_auto(GStrv) parts = g_strsplit (json_node_get_string (node), ",", -1);

      for (guint i = 0; parts[i] != NULL; i++)
        g_ptr_array_add (raw, g_strdup (parts[i]));
    }
  else
    return (orga_server_set_error (error, ORGA_SERVER_ERROR_MALFORMED_REQUEST, NULL), NULL);

  for (guint i = 0; i < raw->len; i++)
    {
      g_autofree char *stripped = g_strstrip (g_strdup (g_ptr_array_index (raw, i)));
      char *email;

      /* "a@x.fr, , b@y.fr" or a trailing comma: nothing to invite. */
      if (stripped[0] == '\0')
        continue;
      email = orga_server_normalize_email (stripped);
      if (email == NULL)
        return (orga_server_set_error (error, ORGA_SERVER_ERROR_INVALID_EMAIL, NULL), NULL);
      if (g_hash_table_contains (seen, email))
        {
          g_free (email);
          continue;
        }
      g_ptr_array_add (emails, email);
      g_hash_table_add (seen, email);
    }

  if (emails->len == 0)
    return (orga_server_set_error (error, ORGA_SERVER_ERROR_INVALID_EMAIL, NULL), NULL);
  return g_steal_pointer (&emails);
}

static gboolean
read_role (OrgaRequest  *req,
           const char  **role,
           gboolean      required,
           GError      **error)
{
  if (!orga_request_get_string (req, "role", role, error))
    {
      /* A role of another type is not a role. */
      g_clear_error (error);
      return orga_server_set_error (error, ORGA_SERVER_ERROR_INVALID_ROLE, NULL);
    }
  if (*role == NULL && !required)
    return TRUE;
  if (*role == NULL || (!g_str_equal (*role, "ADMIN") && !g_str_equal (*role, "MEMBER")))
    return orga_server_set_error (error, ORGA_SERVER_ERROR_INVALID_ROLE, NULL);
  return TRUE;
}

static void
reply_invitations (OrgaRequest *req,
                   gpointer     data)
{
  GPtrArray *ids = data;
  g_autoptr(GString) out = g_string_sized_new (1024);
  OrgaJsonWriter writer = ORGA_JSON_WRITER_INIT (out);
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;
  g_autofree char *email = NULL;

  orga_json_writer_begin_object (&writer);
  orga_json_writer_member (&writer, "invitations");
  orga_json_writer_begin_array (&writer);
  for (guint i = 0; i < ids->len; i++)
    {
      g_autoptr(OrgaServerRows) rows = query_invitation (req->db, g_ptr_array_index (ids, i), &error);

      if (rows == NULL)
        {
          orga_request_reply_error (req, error);
          return;
        }
      if (orga_server_rows_get_n_rows (rows) == 0)
        continue;
      build_invitation (&writer, rows, 0, 0);
      if (email == NULL)
        email = g_strdup (orga_server_rows_get (rows, 0, 1));
    }
  orga_json_writer_end_array (&writer);

  if (ids->len == 1)
    message = g_strdup_printf ("Une invitation a bien été envoyée à l’adresse e-mail %s.", email);
  else
    message = g_strdup ("Une invitation a bien été envoyée aux adresses e-mails listées.");
  orga_json_writer_add_string (&writer, "message", message);
  orga_json_writer_end_object (&writer);
  orga_request_reply_text (req, SOUP_STATUS_CREATED, g_steal_pointer (&out));
}

/* ALREADY_MEMBER when @email is an active member's address; naming it
 * when the request listed several. */
static gboolean
check_not_member (OrgaRequest  *req,
                  const char   *email,
                  gboolean      name_it,
                  GError      **error)
{
  g_autoptr(OrgaServerRows) rows = NULL;

  rows = orga_server_db_queryv (req->db, error,
                                "SELECT 1 FROM memberships m JOIN users u ON u.id = m.user_id"
                                " WHERE m.organization_id = $1 AND u.email = $2 AND m.disabled_at IS NULL",
                                req->org_id, email, ORGA_SERVER_DB_END);
  if (rows == NULL)
    return FALSE;
  if (orga_server_rows_get_n_rows (rows) == 0)
    return TRUE;
  if (!name_it)
    return orga_server_set_error (error, ORGA_SERVER_ERROR_ALREADY_MEMBER, NULL);
  g_set_error (error, ORGA_SERVER_ERROR, ORGA_SERVER_ERROR_ALREADY_MEMBER,
               "Ce membre a déjà été ajouté : %s.", email);
  return FALSE;
}

/* Inside a transaction it begins; the caller commits or rolls back. */
static gboolean
write_invitations (OrgaRequest  *req,
                   GPtrArray    *emails,
                   const char   *role,
                   GPtrArray    *ids,
                   GPtrArray    *mail_ids,
                   GError      **error)
{
  if (!orga_server_db_begin (req->db, error))
    return FALSE;

  for (guint i = 0; i < emails->len; i++)
    {
      const char *email = g_ptr_array_index (emails, i);
      g_autofree char *id = NULL;
      g_autofree char *code = NULL;
      g_autofree char *link = NULL;
      char *mail_id;

      /* Without a role an invitation cannot change anything for an
       * active member (spec §1.4): say so now rather than mail a link
       * that will only be refused. With a role, accepting it sets it. */
      if (role == NULL && !check_not_member (req, email, emails->len > 1, error))
        return FALSE;
      if (!upsert_invitation (req->db, req->org_id, email, role, role != NULL, &id, &code, error))
        return FALSE;
      link = join_link (req->server, id, code);
      mail_id = queue_invitation_mail (req->server, email, req->org_name, req->org_uai, link, error);
      if (mail_id == NULL)
        return FALSE;
      g_ptr_array_add (mail_ids, mail_id);
      g_ptr_array_add (ids, g_steal_pointer (&id));
    }
  return TRUE;
}

void
orga_server_handle_invite (OrgaRequest *req)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) emails = NULL;
  g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) mail_ids = g_ptr_array_new_with_free_func (g_free);
  const char *role;

  emails = read_emails (req, &error);
  if (emails == NULL || !read_role (req, &role, FALSE, &error))
    {
      orga_request_reply_error (req, error);
      return;
    }

  /* A CONSTRAINT is another process that made the same pending
   * invitation at the same moment: once more, and it is reused. */
  for (guint attempt = 0; ; attempt++)
    {
      g_clear_error (&error);
      g_ptr_array_set_size (ids, 0);
      g_ptr_array_set_size (mail_ids, 0);
      if (write_invitations (req, emails, role, ids, mail_ids, &error))
        break;
      orga_server_db_rollback (req->db);
      if (attempt > 0 || !g_error_matches (error, ORGA_SERVER_DB_ERROR, ORGA_SERVER_DB_ERROR_CONSTRAINT))
        {
          orga_request_reply_error (req, error);
          return;
        }
    }

  commit_and_mail (req, mail_ids, reply_invitations, g_ptr_array_ref (ids),
                   (GDestroyNotify) g_ptr_array_unref);
}

static void
reply_resent (OrgaRequest *req,
              gpointer     data)
{
  g_autoptr(GString) out = g_string_sized_new (1024);
  OrgaJsonWriter writer = ORGA_JSON_WRITER_INIT (out);
  g_autoptr(GError) error = NULL;
  g_autoptr(OrgaServerRows) rows = query_invitation (req->db, req->params[1], &error);

  if (rows == NULL || orga_server_rows_get_n_rows (rows) == 0)
    {
      orga_request_reply_error (req, error);
      return;
    }
  orga_json_writer_begin_object (&writer);
  orga_json_writer_member (&writer, "invitation");
  build_invitation (&writer, rows, 0, 0);
  orga_json_writer_add_string (&writer, "message", "L'invitation a bien été renvoyée.");
  orga_json_writer_end_object (&writer);
  orga_request_reply_text (req, SOUP_STATUS_OK, g_steal_pointer (&out));
}

/* The invitation @req->params[1] of the space of @req, or NOT_FOUND:
 * another space's invitation is not found either. */
static OrgaServerRows *
query_own_invitation (OrgaRequest  *req,
                      GError      **error)
{
  OrgaServerRows *rows = orga_server_db_queryv (req->db, error,
                                                "SELECT " INVITATION_COLUMNS ", code FROM invitations"
                                                " WHERE id = $1 AND organization_id = $2",
                                                req->params[1], req->org_id, ORGA_SERVER_DB_END);

  if (rows != NULL && orga_server_rows_get_n_rows (rows) == 0)
    {
      orga_server_rows_free (rows);
      orga_server_set_error (error, ORGA_SERVER_ERROR_NOT_FOUND, NULL);
      return NULL;
    }
  return rows;
}

void
orga_server_handle_resend (OrgaRequest *req)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(OrgaServerRows) rows = NULL;
  g_autoptr(OrgaServerRows) touched = NULL;
  g_autoptr(GPtrArray) mail_ids = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *now = orga_server_now ();
  g_autofree char *link = NULL;
  char *mail_id;

  rows = query_own_invitation (req, &error);
  if (rows == NULL)
    {
      orga_request_reply_error (req, error);
      return;
    }

  if (!orga_server_db_begin (req->db, &error))
    {
      orga_request_reply_error (req, error);
      return;
    }

  /* The same invitation and code, a new date. */
  touched = orga_server_db_queryv (req->db, &error,
                                   "UPDATE invitations SET updated_at = $2"
                                   " WHERE id = $1 AND status = 'pending' RETURNING id",
                                   req->params[1], now, ORGA_SERVER_DB_END);
  if (touched == NULL)
    {
      fail_write (req, error);
      return;
    }
  if (orga_server_rows_get_n_rows (touched) == 0)
    {
      status_error (orga_server_rows_get (rows, 0, 2), &error);
      fail_write (req, error);
      return;
    }
  if (!team_changed (req->db, req->org_id, &error))
    {
      fail_write (req, error);
      return;
    }

  link = join_link (req->server, req->params[1], orga_server_rows_get (rows, 0, 6));
  mail_id = queue_invitation_mail (req->server, orga_server_rows_get (rows, 0, 1),
                                   req->org_name, req->org_uai, link, &error);
  if (mail_id == NULL)
    {
      fail_write (req, error);
      return;
    }
  g_ptr_array_add (mail_ids, mail_id);
  commit_and_mail (req, mail_ids, reply_resent, NULL, NULL);
}

void
orga_server_handle_cancel_invitation (OrgaRequest *req)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(OrgaServerRows) rows = NULL;
  g_autoptr(OrgaServerRows) cancelled = NULL;
  g_autofree char *now = orga_server_now ();

  rows = query_own_invitation (req, &error);
  if (rows == NULL)
    {
      orga_request_reply_error (req, error);
      return;
    }

  cancelled = orga_server_db_queryv (req->db, &error,
                                     "UPDATE invitations SET status = 'cancelled', updated_at = $2"
                                     " WHERE id = $1 AND status = 'pending' RETURNING id",
                                     req->params[1], now, ORGA_SERVER_DB_END);
  if (cancelled == NULL)
    {
      orga_request_reply_error (req, error);
      return;
    }
  if (orga_server_rows_get_n_rows (cancelled) == 0)
    {
      orga_request_reply_code (req, ORGA_SERVER_ERROR_INVITATION_NOT_PENDING, NULL);
      return;
    }
  if (!team_changed (req->db, req->org_id, &error))
    {
      orga_request_reply_error (req, error);
      return;
    }

  orga_request_reply_json (req, SOUP_STATUS_OK,
                           orga_server_message_node ("L’invitation a bien été supprimée."));
}

/* Members */

/* Begins the transaction of a write on the space's memberships, holding
 * the space's row first: two such writes, from two processes, come one
 * after the other and the second sees the first (PostgreSQL's READ
 * COMMITTED reads again after the lock; SQLite has one writer). Two
 * admins removing each other, or leaving together, cannot leave the
 * space without an admin. With @caller_admin, the caller is checked
 * again inside the lock. */
static gboolean
begin_team_write (OrgaRequest  *req,
                  gboolean      caller_admin,
                  GError      **error)
{
  g_autoptr(OrgaServerRows) me = NULL;

  if (!orga_server_db_begin (req->db, error)
      || !orga_server_db_execv (req->db, NULL, error,
                                "UPDATE organizations SET updated_at = updated_at WHERE id = $1",
                                req->org_id, ORGA_SERVER_DB_END))
    return FALSE;
  if (!caller_admin)
    return TRUE;

  me = orga_server_db_queryv (req->db, error,
                              "SELECT role FROM memberships WHERE id = $1 AND disabled_at IS NULL",
                              req->membership_id, ORGA_SERVER_DB_END);
  if (me == NULL)
    return FALSE;
  if (orga_server_rows_get_n_rows (me) == 0)
    return orga_server_set_error (error, ORGA_SERVER_ERROR_NOT_FOUND, NULL);
  if (g_strcmp0 (orga_server_rows_get (me, 0, 0), "ADMIN") != 0)
    return orga_server_set_error (error, ORGA_SERVER_ERROR_FORBIDDEN, NULL);
  return TRUE;
}

void
orga_server_handle_change_role (OrgaRequest *req)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(OrgaServerRows) changed = NULL;
  g_autoptr(OrgaServerRows) member = NULL;
  g_autoptr(GString) out = g_string_sized_new (1024);
  OrgaJsonWriter writer = ORGA_JSON_WRITER_INIT (out);
  g_autofree char *now = orga_server_now ();
  const char *role;

  if (g_str_equal (req->params[1], req->user_id))
    {
      orga_request_reply_code (req, ORGA_SERVER_ERROR_OWN_MEMBERSHIP, NULL);
      return;
    }
  if (!read_role (req, &role, TRUE, &error))
    {
      orga_request_reply_error (req, error);
      return;
    }

  if (!begin_team_write (req, TRUE, &error))
    {
      fail_write (req, error);
      return;
    }
  changed = orga_server_db_queryv (req->db, &error,
                                   "UPDATE memberships SET role = $3, updated_at = $4, updated_by = $5"
                                   " WHERE organization_id = $1 AND user_id = $2 AND disabled_at IS NULL"
                                   " RETURNING id",
                                   req->org_id, req->params[1], role, now, req->user_id,
                                   ORGA_SERVER_DB_END);
  if (changed == NULL)
    {
      fail_write (req, error);
      return;
    }
  if (orga_server_rows_get_n_rows (changed) == 0)
    {
      orga_server_set_error (&error, ORGA_SERVER_ERROR_NOT_FOUND, NULL);
      fail_write (req, error);
      return;
    }
  if (!team_changed (req->db, req->org_id, &error)
      || !orga_server_db_commit (req->db, &error))
    {
      fail_write (req, error);
      return;
    }

  member = orga_server_db_queryv (req->db, &error, MEMBER_SELECT " AND m.user_id = $2",
                                  req->org_id, req->params[1], ORGA_SERVER_DB_END);
  if (member == NULL || orga_server_rows_get_n_rows (member) == 0)
    {
      orga_request_reply_error (req, error);
      return;
    }

  orga_json_writer_begin_object (&writer);
  orga_json_writer_member (&writer, "member");
  build_member (&writer, member, 0, 0);
  orga_json_writer_add_string (&writer, "message", "Le rôle a bien été changé.");
  orga_json_writer_end_object (&writer);
  orga_request_reply_text (req, SOUP_STATUS_OK, g_steal_pointer (&out));
}

void
orga_server_handle_remove_member (OrgaRequest *req)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(OrgaServerRows) removed = NULL;
  g_autoptr(OrgaServerRows) member = NULL;
  g_autofree char *now = orga_server_now ();
  g_autofree char *message = NULL;

  if (g_str_equal (req->params[1], req->user_id))
    {
      orga_request_reply_code (req, ORGA_SERVER_ERROR_OWN_MEMBERSHIP, NULL);
      return;
    }

  member = orga_server_db_queryv (req->db, &error, MEMBER_SELECT " AND m.user_id = $2",
                                  req->org_id, req->params[1], ORGA_SERVER_DB_END);
  if (member == NULL)
    {
      orga_request_reply_error (req, error);
      return;
    }
  if (orga_server_rows_get_n_rows (member) == 0)
    {
      orga_request_reply_code (req, ORGA_SERVER_ERROR_NOT_FOUND, NULL);
      return;
    }

  /* Soft: the row stays, with the date and the admin who removed it. */
  if (!begin_team_write (req, TRUE, &error))
    {
      fail_write (req, error);
      return;
    }
  removed = orga_server_db_queryv (req->db, &error,
                                   "UPDATE memberships SET disabled_at = $3, updated_at = $3, updated_by = $4"
                                   " WHERE organization_id = $1 AND user_id = $2 AND disabled_at IS NULL"
                                   " RETURNING id",
                                   req->org_id, req->params[1], now, req->user_id, ORGA_SERVER_DB_END);
  if (removed == NULL)
    {
      fail_write (req, error);
      return;
    }
  if (orga_server_rows_get_n_rows (removed) == 0)
    {
      orga_server_set_error (&error, ORGA_SERVER_ERROR_NOT_FOUND, NULL);
      fail_write (req, error);
      return;
    }
  if (!team_changed (req->db, req->org_id, &error)
      || !orga_server_db_commit (req->db, &error))
    {
      fail_write (req, error);
      return;
    }

  message = g_strdup_printf ("%s %s a été supprimé avec succès de votre équipe Pix Orga.",
                             orga_server_rows_get (member, 0, 2), orga_server_rows_get (member, 0, 3));
  orga_request_reply_json (req, SOUP_STATUS_OK, orga_server_message_node (message));
}

void
orga_server_handle_leave (OrgaRequest *req)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(OrgaServerRows) left = NULL;
  g_autofree char *now = orga_server_now ();
  g_autofree char *message = NULL;

  /* One conditional step, under the space's lock: an admin leaves only
   * while another admin stays. */
  if (!begin_team_write (req, FALSE, &error))
    {
      fail_write (req, error);
      return;
    }
  if (g_str_equal (req->role, "ADMIN"))
    left = orga_server_db_queryv (req->db, &error,
                                  "UPDATE memberships SET disabled_at = $2, updated_at = $2, updated_by = $3"
                                  " WHERE id = $1 AND disabled_at IS NULL"
                                  " AND EXISTS (SELECT 1 FROM memberships other"
                                  "  WHERE other.organization_id = $4 AND other.role = 'ADMIN'"
                                  "  AND other.disabled_at IS NULL AND other.id <> $1)"
                                  " RETURNING id",
                                  req->membership_id, now, req->user_id, req->org_id, ORGA_SERVER_DB_END);
  else
    left = orga_server_db_queryv (req->db, &error,
                                  "UPDATE memberships SET disabled_at = $2, updated_at = $2, updated_by = $3"
                                  " WHERE id = $1 AND disabled_at IS NULL RETURNING id",
                                  req->membership_id, now, req->user_id, ORGA_SERVER_DB_END);
  if (left == NULL)
    {
      fail_write (req, error);
      return;
    }
  if (orga_server_rows_get_n_rows (left) == 0)
    {
      orga_server_set_error (&error, ORGA_SERVER_ERROR_LAST_ADMIN, NULL);
      fail_write (req, error);
      return;
    }
  if (!team_changed (req->db, req->org_id, &error)
      || !orga_server_db_commit (req->db, &error))
    {
      fail_write (req, error);
      return;
    }

  message = g_strdup_printf ("Vous avez été supprimé avec succès de l'organisation %s. "
                             "Vous allez être déconnecté de Pix Orga...", req->org_name);
  orga_request_reply_json (req, SOUP_STATUS_OK, orga_server_message_node (message));
}
