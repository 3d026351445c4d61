/* orga-json-writer.c: compact JSON straight into a GString
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "orga-json-writer.h"

/* Bytes a JSON string cannot hold as they are: controls, DEL, the quote
 * and the backslash. */
static gboolean
needs_escape (guchar c)
{
  return c < 0x20 || c == '"' || c == '\\' || c == 0x7f;
}

void
orga_json_append_string (GString    *out,
                         const char *text)
{
  const guchar *run;
  const guchar *c;

  if (text == NULL)
    {
      g_string_append_len (out, "null", 4);
      return;
    }

  g_string_append_c (out, '"');
  run = c = (const guchar *) text;
  for (;;)
    {
      char buffer[8];
      const char *escape;

      /* Plain runs in one append: most strings have nothing to escape. */
      while (*c != '\0' && !needs_escape (*c))
        c++;
      g_string_append_len (out, (const char *) run, c - run);
      if (*c == '\0')
        break;

      switch (*c)
        {
        case '"': escape = "\\\""; break;
        case '\\': escape = "\\\\"; break;
        case '\b': escape = "\\b"; break;
        case '\f': escape = "\\f"; break;
        case '\n': escape = "\\n"; break;
        case '\r': escape = "\\r"; break;
        case '\t': escape = "\\t"; break;
        default:
          g_snprintf (buffer, sizeof buffer, "\\u%04x", *c);
          escape = buffer;
        }
      g_string_append (out, escape);
      run = ++c;
    }
  g_string_append_c (out, '"');
}

void
orga_json_writer_init (OrgaJsonWriter *writer,
                       GString        *out)
{
  memset (writer, 0, sizeof *writer);
  writer->out = out;
}

/* Before any value: the comma that separates it from the previous one,
 * unless it follows its member's name. */
static void
before_value (OrgaJsonWriter *writer)
{
  if (writer->after_name)
    {
      writer->after_name = FALSE;
      return;
    }
  if (writer->has_value[writer->depth])
    g_string_append_c (writer->out, ',');
  writer->has_value[writer->depth] = TRUE;
}

static void
begin (OrgaJsonWriter *writer,
       char            open)
{
  g_return_if_fail (writer->depth + 1 < ORGA_JSON_WRITER_MAX_DEPTH);

  before_value (writer);
  g_string_append_c (writer->out, open);
  writer->depth++;
  writer->has_value[writer->depth] = FALSE;
}

static void
end (OrgaJsonWriter *writer,
     char            close)
{
  g_return_if_fail (writer->depth > 0);

  writer->depth--;
  g_string_append_c (writer->out, close);
}

void
orga_json_writer_begin_object (OrgaJsonWriter *writer)
{
  begin (writer, '{');
}

void
orga_json_writer_end_object (OrgaJsonWriter *writer)
{
  end (writer, '}');
}

void
orga_json_writer_begin_array (OrgaJsonWriter *writer)
{
  begin (writer, '[');
}

void
orga_json_writer_end_array (OrgaJsonWriter *writer)
{
  end (writer, ']');
}

void
orga_json_writer_member (OrgaJsonWriter *writer,
                         const char     *name)
{
  before_value (writer);
  orga_json_append_string (writer->out, name);
  g_string_append_c (writer->out, ':');
  writer->after_name = TRUE;
}

void
orga_json_writer_raw (OrgaJsonWriter *writer,
                      const char     *json,
                      gsize           length)
{
  before_value (writer);
  g_string_append_len (writer->out, json, (gssize) length);
}

void
orga_json_writer_string (OrgaJsonWriter *writer,
                         const char     *value)
{
  before_value (writer);
  orga_json_append_string (writer->out, value);
}

void
orga_json_writer_int (OrgaJsonWriter *writer,
                      gint64          value)
{
  before_value (writer);
  g_string_append_printf (writer->out, "%" G_GINT64_FORMAT, value);
}

void
orga_json_writer_double (OrgaJsonWriter *writer,
                         double          value)
{
  char buffer[G_ASCII_DTOSTR_BUF_SIZE];

  before_value (writer);
  /* As json-glib: 17 significant digits, and a number that reads as an
   * integer keeps ".0" so that it stays a double when read back. */
  g_ascii_formatd (buffer, sizeof buffer, "%.17g", value);
  g_string_append (writer->out, buffer);
  if (strspn (buffer, "-0123456789") == strlen (buffer))
    g_string_append (writer->out, ".0");
}

void
orga_json_writer_boolean (OrgaJsonWriter *writer,
                          gboolean        value)
{
  before_value (writer);
  g_string_append (writer->out, value ? "true" : "false");
}

void
orga_json_writer_null (OrgaJsonWriter *writer)
{
  before_value (writer);
  g_string_append (writer->out, "null");
}

void
orga_json_writer_add_string (OrgaJsonWriter *writer,
                             const char     *name,
                             const char     *value)
{
  orga_json_writer_member (writer, name);
  orga_json_writer_string (writer, value);
}

void
orga_json_writer_add_int (OrgaJsonWriter *writer,
                          const char     *name,
                          gint64          value)
{
  orga_json_writer_member (writer, name);
  orga_json_writer_int (writer, value);
}

void
orga_json_writer_add_boolean (OrgaJsonWriter *writer,
                              const char     *name,
                              gboolean        value)
{
  orga_json_writer_member (writer, name);
  orga_json_writer_boolean (writer, value);
}
