/* test-server-mailer.c: OrgaMailer, the server's mail
 *
 * The message is read back as a mail reader would: every line within 78
 * characters and CRLF-ended, the encoded words of the headers decoding to
 * the French subject and sender, the quoted-printable parts decoding to
 * the very text and HTML given (long lines, "=", trailing spaces, accents).
 * Delivery into a folder leaves one .eml and no temporary file; a command
 * gets the message on its input, and its failure is an error.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "orga-mailer.h"

static const char *SUBJECT = "Réinitialisation de votre mot de passe Pix Orga — un très long sujet accentué éèàç";
static const char *TEXT =
  "Bonjour Élodie,\n\n"
  "Une ligne très longue qui dépasse largement les soixante-seize caractères permis par le quoted-printable, "
  "avec des = signes = et des accents éèàùç, pour voir.\n"
  "Une ligne qui finit par des espaces   \n"
  "https://orga.example.test/rejoindre?invitationId=0b7e1d2c-4a5f-4e3b-9c8d-1a2b3c4d5e6f&code=ABCDEFGHIJ\n";
static const char *HTML =
  "<p>Bonjour <strong>Élodie</strong>,</p>\n"
  "<p><a href=\"https://orga.example.test/rejoindre?invitationId=0b7e1d2c-4a5f-4e3b-9c8d-1a2b3c4d5e6f&amp;code=ABCDEFGHIJ\">Accepter l’invitation</a></p>\n";

/* The header @name, unfolded. */
static char *
header (const char *message,
        const char *name)
{
  g_autofree char *prefix = g_strconcat ("\r\n", name, ": ", NULL);
  const char *start = strstr (message, prefix);
  GString *value = g_string_new (NULL);
  const char *p;

  g_assert_nonnull (start);
  p = start + strlen (prefix);
  for (;;)
    {
      const char *end = strstr (p, "\r\n");
      g_string_append_len (value, p, end - p);
      p = end + 2;
      if (*p != ' ' && *p != '\t')
        break;
    }
  return g_string_free (value, FALSE);
}

/* RFC 2047 "B" words separated by folding whitespace, decoded. */
static char *
decode_words (const char *value)
{
  GString *out = g_string_new (NULL);
  const char *p = value;

  while ((p = strstr (p, "=?UTF-8?B?")) != NULL)
    {
      const char *end = strstr (p + 10, "?=");
      g_autofree char *b64 = g_strndup (p + 10, end - (p + 10));
      gsize length;
      g_autofree guchar *bytes = g_base64_decode (b64, &length);

      g_assert_cmpuint (end + 2 - p, <=, 75);
      g_string_append_len (out, (const char *) bytes, length);
      p = end + 2;
    }
  return g_string_free (out, FALSE);
}

static char *
decode_quoted_printable (const char *text,
                         gsize       length)
{
  GString *out = g_string_new (NULL);

  for (gsize i = 0; i < length; i++)
    {
      if (text[i] == '=' && i + 2 < length && text[i + 1] == '\r' && text[i + 2] == '\n')
        i += 2;
      else if (text[i] == '=' && i + 2 < length)
        {
          char hex[3] = { text[i + 1], text[i + 2], 0 };
          g_string_append_c (out, (char) g_ascii_strtoull (hex, NULL, 16));
          i += 2;
        }
      else if (text[i] == '\r' && i + 1 < length && text[i + 1] == '\n')
        {
          g_string_append_c (out, '\n');
          i++;
        }
      else
        g_string_append_c (out, text[i]);
    }
  return g_string_free (out, FALSE);
}

/* The decoded body of the part whose Content-Type starts with @type. */
static char *
part (const char *message,
      const char *type)
{
  g_autofree char *content_type = g_strconcat ("Content-Type: ", type, NULL);
  const char *start = strstr (message, content_type);
  const char *body;
  const char *end;

  g_assert_nonnull (start);
  body = strstr (start, "\r\n\r\n") + 4;
  end = strstr (body, "\r\n--=_pixorga_");
  g_assert_nonnull (end);
  return decode_quoted_printable (body, end - body);
}

static void
test_compose (void)
{
  g_autoptr(OrgaMailer) mailer = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;
  g_autofree char *from = NULL;
  g_autofree char *to = NULL;
  g_autofree char *subject = NULL;
  g_autofree char *message_id = NULL;
  g_autofree char *date = NULL;
  g_autofree char *content_type = NULL;
  g_autofree char *decoded = NULL;
  g_autofree char *text = NULL;
  g_autofree char *html = NULL;
  g_autofree char *expected_text = NULL;
  g_auto(GStrv) lines = NULL;
  g_autofree char *directory = g_dir_make_tmp ("pixorga-mailer-XXXXXX", &error);

  g_assert_no_error (error);
  mailer = orga_mailer_new_for_directory (directory, &error);
  g_assert_no_error (error);
  orga_mailer_set_from_address (mailer, "no-reply@orga.example.test");
  g_assert_cmpstr (orga_mailer_get_from_address (mailer), ==, "no-reply@orga.example.test");

  message = orga_mailer_compose (mailer, "elodie@ecole.fr", SUBJECT, TEXT, HTML);

  /* Lines: CRLF only, 78 characters at most, headers in ASCII. */
  for (const char *p = message; *p; p++)
    if (*p == '\n')
      g_assert_true (p > message && p[-1] == '\r');
  lines = g_strsplit (message, "\r\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    g_assert_cmpuint (strlen (lines[i]), <=, 78);
  for (const char *p = message; p < strstr (message, "\r\n\r\n"); p++)
    g_assert_cmpuint ((guchar) *p, <, 128);

  g_assert_true (g_str_has_prefix (message, "From: "));
  to = header (message, "To");
  g_assert_cmpstr (to, ==, "elodie@ecole.fr");

  /* "From:" is the first line: read it from the start. */
  {
    g_autofree char *with_crlf = g_strconcat ("\r\n", message, NULL);
    from = header (with_crlf, "From");
  }
  decoded = decode_words (from);
  g_assert_cmpstr (decoded, ==, "Pix Orga - Ne pas répondre");
  g_assert_nonnull (strstr (from, "<no-reply@orga.example.test>"));
  g_clear_pointer (&decoded, g_free);

  subject = header (message, "Subject");
  decoded = decode_words (subject);
  g_assert_cmpstr (decoded, ==, SUBJECT);

  g_assert_nonnull (strstr (message, "\r\nMIME-Version: 1.0\r\n"));
  message_id = header (message, "Message-ID");
  g_assert_true (g_str_has_prefix (message_id, "<") && g_str_has_suffix (message_id, "@orga.example.test>"));
  date = header (message, "Date");
  g_assert_true (g_regex_match_simple ("^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \\d\\d (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \\d{4} \\d\\d:\\d\\d:\\d\\d \\+0000$",
                                       date, 0, 0));
  content_type = header (message, "Content-Type");
  g_assert_true (g_str_has_prefix (content_type, "multipart/alternative;"));

  /* The parts decode to what was given (line ends as CRLF in transit). */
  text = part (message, "text/plain; charset=UTF-8");
  expected_text = g_strdup (TEXT);
  g_assert_cmpstr (text, ==, expected_text);
  html = part (message, "text/html; charset=UTF-8");
  g_assert_cmpstr (html, ==, HTML);

  g_rmdir (directory);
}

static void
test_deliver_directory (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *directory = g_dir_make_tmp ("pixorga-mailer-XXXXXX", &error);
  g_autofree char *folder = g_build_filename (directory, "mail", "deeper", NULL);
  g_autoptr(OrgaMailer) mailer = NULL;
  g_autoptr(GDir) dir = NULL;
  g_autofree char *message = NULL;
  const char *name;
  guint n = 0;

  g_assert_no_error (error);
  /* The folder is made, with its parents. */
  mailer = orga_mailer_new_for_directory (folder, &error);
  g_assert_no_error (error);
  message = orga_mailer_compose (mailer, "a@b.fr", "Sujet", "Texte", "<p>HTML</p>");

  for (guint i = 0; i < 3; i++)
    orga_mailer_deliver_async (mailer, "a@b.fr", message, NULL, NULL, NULL);
  /* Wait for the three: they are written in threads. */
  for (guint tries = 0; tries < 200; tries++)
    {
      g_autoptr(GDir) d = g_dir_open (folder, 0, NULL);
      guint count = 0;

      while ((name = g_dir_read_name (d)) != NULL)
        count += g_str_has_suffix (name, ".eml");
      if (count == 3)
        break;
      g_main_context_iteration (NULL, FALSE);
      g_usleep (10000);
    }

  dir = g_dir_open (folder, 0, &error);
  g_assert_no_error (error);
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (folder, name, NULL);
      g_autofree char *contents = NULL;
      GStatBuf st;

      g_assert_true (g_str_has_suffix (name, ".eml"));
      g_assert_false (g_str_has_prefix (name, "."));
      g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
      g_assert_cmpstr (contents, ==, message);
      g_assert_cmpint (g_stat (path, &st), ==, 0);
      g_assert_cmpint (st.st_mode & 0777, ==, 0600);
      g_unlink (path);
      n++;
    }
  g_assert_cmpuint (n, ==, 3);
  g_rmdir (folder);
  {
    g_autofree char *parent = g_path_get_dirname (folder);
    g_rmdir (parent);
  }
  g_rmdir (directory);
}

static void
delivered (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  GAsyncResult **out = user_data;

  *out = g_object_ref (result);
}

static gboolean
deliver_sync (OrgaMailer  *mailer,
              const char  *message,
              GError     **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  orga_mailer_deliver_async (mailer, "a@b.fr", message, NULL, delivered, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  return orga_mailer_deliver_finish (mailer, result, error);
}

static void
test_deliver_command (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *directory = g_dir_make_tmp ("pixorga-mailer-XXXXXX", &error);
  g_autofree char *out = g_build_filename (directory, "out.eml", NULL);
  g_autofree char *command = g_strdup_printf ("sh -c 'cat > \"%s\"'", out);
  g_autoptr(OrgaMailer) mailer = orga_mailer_new_for_command (command, &error);
  g_autoptr(OrgaMailer) failing = NULL;
  g_autoptr(OrgaMailer) missing = NULL;
  g_autofree char *message = NULL;
  g_autofree char *contents = NULL;

  g_assert_no_error (error);
  message = orga_mailer_compose (mailer, "a@b.fr", "Sujet", "Texte", "<p>HTML</p>");
  g_assert_true (deliver_sync (mailer, message, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (out, &contents, NULL, NULL));
  g_assert_cmpstr (contents, ==, message);
  g_unlink (out);

  /* A non-zero exit, a command that does not exist: errors. */
  failing = orga_mailer_new_for_command ("sh -c 'cat > /dev/null; exit 75'", &error);
  g_assert_no_error (error);
  g_assert_false (deliver_sync (failing, message, &error));
  g_assert_nonnull (error);
  g_clear_error (&error);

  missing = orga_mailer_new_for_command ("/nonexistent/sendmail -t", &error);
  g_assert_no_error (error);
  g_assert_false (deliver_sync (missing, message, &error));
  g_assert_nonnull (error);
  g_clear_error (&error);

  /* A command line that does not parse is refused at once. */
  g_assert_null (orga_mailer_new_for_command ("sendmail 'unterminated", &error));
  g_assert_nonnull (error);

  g_rmdir (directory);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/server-mailer/compose", test_compose);
  g_test_add_func ("/server-mailer/deliver-directory", test_deliver_directory);
  g_test_add_func ("/server-mailer/deliver-command", test_deliver_command);

  return g_test_run ();
}
