/* orga-mailer.c: the server's mail, composed and delivered
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "orga-server"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "orga-mailer.h"

#define FROM_NAME "Pix Orga - Ne pas répondre"

struct _OrgaMailer
{
  GObject parent_instance;

  char *directory;
  char **argv;
  char *from_address;
};

G_DEFINE_FINAL_TYPE (OrgaMailer, orga_mailer, G_TYPE_OBJECT)

static void
orga_mailer_finalize (GObject *object)
{
  OrgaMailer *self = ORGA_MAILER (object);

  g_free (self->directory);
  g_strfreev (self->argv);
  g_free (self->from_address);

  G_OBJECT_CLASS (orga_mailer_parent_class)->finalize (object);
}

static void
orga_mailer_class_init (OrgaMailerClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = orga_mailer_finalize;
}

static void
orga_mailer_init (OrgaMailer *self)
{
  self->from_address = g_strdup ("no-reply@localhost");
}

OrgaMailer *
orga_mailer_new_for_directory (const char  *directory,
                               GError     **error)
{
  OrgaMailer *self;

  g_return_val_if_fail (directory != NULL, NULL);

  if (g_mkdir_with_parents (directory, 0700) != 0)
    {
      int saved = errno;
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                   "Impossible de créer le dossier des e-mails %s : %s",
                   directory, g_strerror (saved));
      return NULL;
    }

  self = g_object_new (ORGA_TYPE_MAILER, NULL);
  self->directory = g_strdup (directory);
  return self;
}

OrgaMailer *
orga_mailer_new_for_command (const char  *command,
                             GError     **error)
{
  OrgaMailer *self;
  char **argv = NULL;

  g_return_val_if_fail (command != NULL, NULL);

  if (!g_shell_parse_argv (command, NULL, &argv, error))
    return NULL;

  self = g_object_new (ORGA_TYPE_MAILER, NULL);
  self->argv = argv;
  return self;
}

void
orga_mailer_set_from_address (OrgaMailer *self,
                              const char *address)
{
  g_return_if_fail (ORGA_IS_MAILER (self));
  g_return_if_fail (address != NULL);

  g_free (self->from_address);
  self->from_address = g_strdup (address);
}

const char *
orga_mailer_get_from_address (OrgaMailer *self)
{
  g_return_val_if_fail (ORGA_IS_MAILER (self), NULL);

  return self->from_address;
}

static gboolean
is_plain_ascii (const char *text)
{
  for (const char *p = text; *p; p++)
    if ((guchar) *p < 0x20 || (guchar) *p > 0x7e)
      return FALSE;
  return TRUE;
}

/* RFC 2047 "B" encoded words of at most 64 characters, never cutting a
 * UTF-8 character, folded on CRLF SPACE. */
static void
append_encoded_words (GString    *out,
                      const char *text)
{
  const char *p = text;
  gboolean first = TRUE;

  if (is_plain_ascii (text))
    {
      g_string_append (out, text);
      return;
    }

  while (*p)
    {
      const char *end = p;
      g_autofree char *chunk = NULL;
      g_autofree char *base64 = NULL;

      /* 39 bytes make 52 base64 characters, a word of 64: after
       * "Subject: " the line stays within 78. */
      while (*end && end - p < 39)
        {
          const char *next = g_utf8_next_char (end);
          if (next - p > 39)
            break;
          end = next;
        }
      chunk = g_strndup (p, end - p);
      base64 = g_base64_encode ((const guchar *) chunk, end - p);
      if (!first)
        g_string_append (out, "\r\n ");
      g_string_append_printf (out, "=?UTF-8?B?%s?=", base64);
      first = FALSE;
      p = end;
    }
}

/* Quoted-printable (RFC 2045), CRLF line ends, lines of at most 76. */
static void
append_quoted_printable (GString    *out,
                         const char *text)
{
  guint column = 0;

  for (const guchar *p = (const guchar *) text; *p; p++)
    {
      char piece[4];
      guint length;

      if (*p == '\r')
        continue;
      if (*p == '\n')
        {
          g_string_append (out, "\r\n");
          column = 0;
          continue;
        }

      if ((*p == ' ' || *p == '\t') && (p[1] == '\n' || p[1] == '\r' || p[1] == '\0'))
        length = g_snprintf (piece, sizeof piece, "=%02X", *p);
      else if (*p == '=' || *p < 0x20 || *p > 0x7e)
        length = g_snprintf (piece, sizeof piece, "=%02X", *p);
      else
        {
          piece[0] = *p;
          piece[1] = '\0';
          length = 1;
        }

      if (column + length > 75)
        {
          g_string_append (out, "=\r\n");
          column = 0;
        }
      g_string_append (out, piece);
      column += length;
    }
  /* No line end of its own: the CRLF before the next boundary belongs
   * to the boundary (RFC 2046 §5.1.1). */
}

static const char *
domain_of (const char *address)
{
  const char *at = strrchr (address, '@');

  return at != NULL && at[1] != '\0' ? at + 1 : "localhost";
}

char *
orga_mailer_compose (OrgaMailer *self,
                     const char *to,
                     const char *subject,
                     const char *text,
                     const char *html)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *date = NULL;
  g_autofree char *message_id = g_uuid_string_random ();
  g_autofree char *boundary_id = g_uuid_string_random ();
  g_autofree char *boundary = g_strconcat ("=_pixorga_", boundary_id, NULL);
  GString *out = g_string_new (NULL);

  g_return_val_if_fail (ORGA_IS_MAILER (self), NULL);

  /* The day and month names of RFC 5322 are English whatever the locale:
   * g_date_time_format() would translate them. */
  {
    static const char *days[] = { "Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun" };
    static const char *months[] = { "Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                    "Jul", "Aug", "Sep", "Oct", "Nov", "Dec" };
    date = g_strdup_printf ("%s, %02d %s %04d %02d:%02d:%02d +0000",
                            days[g_date_time_get_day_of_week (now) - 1],
                            g_date_time_get_day_of_month (now),
                            months[g_date_time_get_month (now) - 1],
                            g_date_time_get_year (now),
                            g_date_time_get_hour (now),
                            g_date_time_get_minute (now),
                            g_date_time_get_second (now));
  }

  g_string_append (out, "From: ");
  append_encoded_words (out, FROM_NAME);
  /* Folded: the encoded name and the address make more than 78. */
  g_string_append_printf (out, "\r\n <%s>\r\n", self->from_address);
  g_string_append_printf (out, "To: %s\r\n", to);
  g_string_append (out, "Subject: ");
  append_encoded_words (out, subject);
  g_string_append (out, "\r\n");
  g_string_append_printf (out, "Date: %s\r\n", date);
  g_string_append_printf (out, "Message-ID: <%s@%s>\r\n", message_id, domain_of (self->from_address));
  g_string_append (out, "MIME-Version: 1.0\r\n");
  g_string_append (out, "Content-Language: fr\r\n");
  g_string_append (out, "Auto-Submitted: auto-generated\r\n");
  g_string_append_printf (out, "Content-Type: multipart/alternative;\r\n boundary=\"%s\"\r\n", boundary);
  g_string_append (out, "\r\n");
  g_string_append (out, "Ce message est au format MIME.\r\n");

  g_string_append_printf (out, "\r\n--%s\r\n", boundary);
  g_string_append (out, "Content-Type: text/plain; charset=UTF-8\r\n");
  g_string_append (out, "Content-Transfer-Encoding: quoted-printable\r\n\r\n");
  append_quoted_printable (out, text);

  g_string_append_printf (out, "\r\n--%s\r\n", boundary);
  g_string_append (out, "Content-Type: text/html; charset=UTF-8\r\n");
  g_string_append (out, "Content-Transfer-Encoding: quoted-printable\r\n\r\n");
  append_quoted_printable (out, html);

  g_string_append_printf (out, "\r\n--%s--\r\n", boundary);

  return g_string_free (out, FALSE);
}

/* Into the folder: a hidden temporary file, synced, then renamed, so that
 * a reader of the folder never sees half a message. In a thread. */
static void
deliver_to_directory (GTask        *task,
                      gpointer      source_object,
                      gpointer      task_data,
                      GCancellable *cancellable)
{
  OrgaMailer *self = source_object;
  const char *message = task_data;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *stamp = g_date_time_format (now, "%Y%m%dT%H%M%S");
  g_autofree char *id = g_uuid_string_random ();
  g_autofree char *name = g_strdup_printf ("%s-%06d-%s.eml", stamp, g_date_time_get_microsecond (now), id);
  g_autofree char *tmp_name = g_strconcat (".", name, ".tmp", NULL);
  g_autofree char *path = g_build_filename (self->directory, name, NULL);
  g_autofree char *tmp_path = g_build_filename (self->directory, tmp_name, NULL);
  size_t length = strlen (message);
  size_t written = 0;
  int fd;

  fd = g_open (tmp_path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0)
    {
      int saved = errno;
      g_task_return_new_error (task, G_IO_ERROR, g_io_error_from_errno (saved),
                               "%s: %s", tmp_path, g_strerror (saved));
      return;
    }

  while (written < length)
    {
      ssize_t n = write (fd, message + written, length - written);
      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        {
          int saved = errno;
          close (fd);
          g_unlink (tmp_path);
          g_task_return_new_error (task, G_IO_ERROR, g_io_error_from_errno (saved),
                                   "%s: %s", tmp_path, g_strerror (saved));
          return;
        }
      written += n;
    }

  if (fsync (fd) != 0 || close (fd) != 0 || g_rename (tmp_path, path) != 0)
    {
      int saved = errno;
      g_unlink (tmp_path);
      g_task_return_new_error (task, G_IO_ERROR, g_io_error_from_errno (saved),
                               "%s: %s", path, g_strerror (saved));
      return;
    }

  g_task_return_boolean (task, TRUE);
}

static void
command_done (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  GSubprocess *process = G_SUBPROCESS (object);
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *err_text = NULL;

  if (!g_subprocess_communicate_utf8_finish (process, result, NULL, &err_text, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  if (!g_subprocess_get_successful (process))
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_FAILED,
                               "the mail command failed (status %d)",
                               g_subprocess_get_status (process));
      return;
    }

  g_task_return_boolean (task, TRUE);
}

void
orga_mailer_deliver_async (OrgaMailer          *self,
                           const char          *recipient,
                           const char          *message,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;

  g_return_if_fail (ORGA_IS_MAILER (self));
  g_return_if_fail (message != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, orga_mailer_deliver_async);

  if (self->directory != NULL)
    {
      g_task_set_task_data (task, g_strdup (message), g_free);
      g_task_run_in_thread (task, deliver_to_directory);
      return;
    }

  /* The command reads the recipients from the headers (sendmail -t). */
  process = g_subprocess_newv ((const char * const *) self->argv,
                               G_SUBPROCESS_FLAGS_STDIN_PIPE
                               | G_SUBPROCESS_FLAGS_STDOUT_SILENCE
                               | G_SUBPROCESS_FLAGS_STDERR_PIPE,
                               &error);
  if (process == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  g_subprocess_communicate_utf8_async (process, message, cancellable,
                                       command_done, g_steal_pointer (&task));
}

gboolean
orga_mailer_deliver_finish (OrgaMailer    *self,
                            GAsyncResult  *result,
                            GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
