/* orga-sync-page.c: a pull page read straight into rows of values
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <string.h>

#include "orga-sync-page.h"

/* Deeper values (in members nobody reads) are left to json-glib. */
#define MAX_DEPTH 64

typedef struct
{
  char *p;     /* the next byte; the buffer ends with a NUL */
  char *end;
} Reader;

static void
skip_space (Reader *r)
{
  while (*r->p == ' ' || *r->p == '\n' || *r->p == '\r' || *r->p == '\t')
    r->p++;
}

static int
hex_digit (char c)
{
  if (c >= '0' && c <= '9')
    return c - '0';
  if (c >= 'a' && c <= 'f')
    return c - 'a' + 10;
  if (c >= 'A' && c <= 'F')
    return c - 'A' + 10;
  return -1;
}

static gboolean
read_hex4 (const char *p,
           gunichar   *value)
{
  *value = 0;
  for (guint i = 0; i < 4; i++)
    {
      int d = hex_digit (p[i]);

      if (d < 0)
        return FALSE;
      *value = *value * 16 + (gunichar) d;
    }
  return TRUE;
}

/* The string at r->p (its opening quote), unescaped in place and ended by
 * a NUL where its text ends: an escape is never shorter than what it
 * stands for, so the text never overtakes the reading. Only strings may
 * hold bytes beyond ASCII (the grammar allows none elsewhere): UTF-8 is
 * checked there, and only where there are some. */
static gboolean
read_string (Reader      *r,
             const char **text)
{
  char *in = r->p + 1;
  char *out;
  guchar high = 0;

  /* Most strings have no escape: found by the quote alone. */
  while (*in != '"' && *in != '\\')
    {
      if ((guchar) *in < 0x20)
        return FALSE;
      high |= (guchar) *in;
      in++;
    }
  out = in;
  while (*in != '"')
    {
      if ((guchar) *in < 0x20)
        return FALSE;
      if (*in != '\\')
        {
          high |= (guchar) *in;
          *out++ = *in++;
          continue;
        }
      in++;
      switch (*in)
        {
        case '"': case '\\': case '/':
          *out++ = *in++;
          break;
        case 'b': *out++ = '\b'; in++; break;
        case 'f': *out++ = '\f'; in++; break;
        case 'n': *out++ = '\n'; in++; break;
        case 'r': *out++ = '\r'; in++; break;
        case 't': *out++ = '\t'; in++; break;
        case 'u':
          {
            gunichar c, low;

            if (!read_hex4 (in + 1, &c))
              return FALSE;
            in += 5;
            if (c >= 0xDC00 && c <= 0xDFFF)
              return FALSE;
            if (c >= 0xD800 && c <= 0xDBFF)
              {
                if (in[0] != '\\' || in[1] != 'u' || !read_hex4 (in + 2, &low) || low < 0xDC00 || low > 0xDFFF)
                  return FALSE;
                in += 6;
                c = 0x10000 + ((c - 0xD800) << 10) + (low - 0xDC00);
              }
            /* A NUL would cut the C string short. */
            if (c == 0)
              return FALSE;
            out += g_unichar_to_utf8 (c, out);
          }
          break;
        default:
          return FALSE;
        }
    }
  *text = r->p + 1;
  *out = '\0';
  r->p = in + 1;
  return (high & 0x80) == 0 || g_utf8_validate (*text, out - *text, NULL);
}

/* A JSON number: an integer without fraction nor exponent. */
static gboolean
read_number (Reader        *r,
             OrgaWireValue *value)
{
  char *start = r->p, *p = r->p, *end = NULL;
  gboolean integer = TRUE;

  if (*p == '-')
    p++;
  if (*p == '0')
    p++;
  else if (*p >= '1' && *p <= '9')
    while (g_ascii_isdigit (*p))
      p++;
  else
    return FALSE;
  if (*p == '.')
    {
      integer = FALSE;
      p++;
      if (!g_ascii_isdigit (*p))
        return FALSE;
      while (g_ascii_isdigit (*p))
        p++;
    }
  if (*p == 'e' || *p == 'E')
    {
      integer = FALSE;
      p++;
      if (*p == '+' || *p == '-')
        p++;
      if (!g_ascii_isdigit (*p))
        return FALSE;
      while (g_ascii_isdigit (*p))
        p++;
    }

  errno = 0;
  if (integer)
    {
      value->type = ORGA_WIRE_VALUE_INT;
      value->i = g_ascii_strtoll (start, &end, 10);
    }
  else
    {
      value->type = ORGA_WIRE_VALUE_DOUBLE;
      value->d = g_ascii_strtod (start, &end);
    }
  /* Out of range: json-glib's business. */
  if (end != p || errno != 0)
    return FALSE;
  r->p = p;
  return TRUE;
}

static gboolean
read_literal (Reader     *r,
              const char *word,
              gsize       length)
{
  if (strncmp (r->p, word, length) != 0)
    return FALSE;
  r->p += length;
  return TRUE;
}

/* A scalar into @value; an array or an object is OTHER, skipped. */
static gboolean read_value (Reader *r, OrgaWireValue *value, guint depth);

static gboolean
skip_container (Reader *r,
                guint   depth)
{
  char close = *r->p == '{' ? '}' : ']';
  gboolean object = close == '}';

  if (depth >= MAX_DEPTH)
    return FALSE;
  r->p++;
  skip_space (r);
  if (*r->p == close)
    {
      r->p++;
      return TRUE;
    }
  for (;;)
    {
      OrgaWireValue ignored;

      if (object)
        {
          const char *name;

          if (*r->p != '"' || !read_string (r, &name))
            return FALSE;
          skip_space (r);
          if (*r->p != ':')
            return FALSE;
          r->p++;
          skip_space (r);
        }
      if (!read_value (r, &ignored, depth + 1))
        return FALSE;
      skip_space (r);
      if (*r->p == close)
        {
          r->p++;
          return TRUE;
        }
      if (*r->p != ',')
        return FALSE;
      r->p++;
      skip_space (r);
    }
}

static gboolean
read_value (Reader        *r,
            OrgaWireValue *value,
            guint          depth)
{
  switch (*r->p)
    {
    case '"':
      value->type = ORGA_WIRE_VALUE_STRING;
      return read_string (r, &value->s);
    case 't':
      value->type = ORGA_WIRE_VALUE_BOOL;
      value->b = TRUE;
      return read_literal (r, "true", 4);
    case 'f':
      value->type = ORGA_WIRE_VALUE_BOOL;
      value->b = FALSE;
      return read_literal (r, "false", 5);
    case 'n':
      value->type = ORGA_WIRE_VALUE_NULL;
      return read_literal (r, "null", 4);
    case '{':
    case '[':
      value->type = ORGA_WIRE_VALUE_OTHER;
      return skip_container (r, depth);
    default:
      return read_number (r, value);
    }
}

/* The field of @kind named @name, tried first at @hint: the server
 * writes them in the wire order. */
static int
find_field (const OrgaWireField *fields,
            guint                n_fields,
            const char          *name,
            guint                hint)
{
  if (hint < n_fields && strcmp (fields[hint].name, name) == 0)
    return (int) hint;
  for (guint i = 0; i < n_fields; i++)
    if (strcmp (fields[i].name, name) == 0)
      return (int) i;
  return -1;
}

/* One object of the array of @kind, appended to @rows. Every field is a
 * scalar, given once; members of no field are skipped. */
static gboolean
read_row (Reader       *r,
          OrgaWireKind  kind,
          GArray       *rows)
{
  guint n_fields;
  const OrgaWireField *fields = orga_sync_wire_fields (kind, &n_fields);
  guint64 seen = 0;
  guint next = 0;
  OrgaWireValue *row;

  g_assert (n_fields <= 64);
  if (*r->p != '{')
    return FALSE;
  g_array_set_size (rows, rows->len + n_fields);
  row = &g_array_index (rows, OrgaWireValue, rows->len - n_fields);

  r->p++;
  skip_space (r);
  if (*r->p == '}')
    {
      r->p++;
      return TRUE;
    }
  for (;;)
    {
      const char *name;
      OrgaWireValue value;
      int field;

      if (*r->p != '"' || !read_string (r, &name))
        return FALSE;
      skip_space (r);
      if (*r->p != ':')
        return FALSE;
      r->p++;
      skip_space (r);
      if (!read_value (r, &value, 1))
        return FALSE;

      field = find_field (fields, n_fields, name, next);
      if (field >= 0)
        {
          if (value.type == ORGA_WIRE_VALUE_OTHER || (seen & (G_GUINT64_CONSTANT (1) << field)) != 0)
            return FALSE;
          seen |= G_GUINT64_CONSTANT (1) << field;
          row[field] = value;
          next = (guint) field + 1;
        }

      skip_space (r);
      if (*r->p == '}')
        {
          r->p++;
          return TRUE;
        }
      if (*r->p != ',')
        return FALSE;
      r->p++;
      skip_space (r);
    }
}

/* The array of rows of @kind, or null. */
static gboolean
read_rows (Reader       *r,
           OrgaWireKind  kind,
           OrgaSyncPage *page)
{
  guint n_fields;
  g_autoptr(GArray) rows = NULL;

  if (read_literal (r, "null", 4))
    return TRUE;
  if (*r->p != '[')
    return FALSE;
  orga_sync_wire_fields (kind, &n_fields);
  rows = g_array_sized_new (FALSE, TRUE, sizeof (OrgaWireValue), 64 * n_fields);

  r->p++;
  skip_space (r);
  if (*r->p != ']')
    for (;;)
      {
        if (!read_row (r, kind, rows))
          return FALSE;
        skip_space (r);
        if (*r->p == ']')
          break;
        if (*r->p != ',')
          return FALSE;
        r->p++;
        skip_space (r);
      }
  r->p++;

  page->n_rows[kind] = rows->len / n_fields;
  page->rows[kind] = (OrgaWireValue *) (gpointer) g_array_free (g_steal_pointer (&rows), FALSE);
  return TRUE;
}

enum
{
  SEEN_PROTOCOL = 1 << ORGA_WIRE_N_KINDS,
  SEEN_AFTER = SEEN_PROTOCOL << 1,
  SEEN_CURSOR = SEEN_PROTOCOL << 2,
  SEEN_MORE = SEEN_PROTOCOL << 3,
  SEEN_RESET = SEEN_PROTOCOL << 4,
};

/* A member of the page's object: its integers, its booleans, its rows. */
static gboolean
read_member (Reader       *r,
             const char   *name,
             OrgaSyncPage *page,
             guint        *seen)
{
  static const struct
  {
    const char *name;
    guint       bit;
    gsize       offset;
  } integers[] = {
    { "protocol", SEEN_PROTOCOL, G_STRUCT_OFFSET (OrgaSyncPage, protocol) },
    { "after", SEEN_AFTER, G_STRUCT_OFFSET (OrgaSyncPage, after) },
    { "cursor", SEEN_CURSOR, G_STRUCT_OFFSET (OrgaSyncPage, cursor) },
  }, booleans[] = {
    { "more", SEEN_MORE, G_STRUCT_OFFSET (OrgaSyncPage, more) },
    { "reset", SEEN_RESET, G_STRUCT_OFFSET (OrgaSyncPage, reset) },
  };
  OrgaWireValue value;

  for (guint k = 0; k < ORGA_WIRE_N_KINDS; k++)
    if (strcmp (name, orga_sync_wire_kind_name (k)) == 0)
      {
        if ((*seen & (1u << k)) != 0)
          return FALSE;
        *seen |= 1u << k;
        return read_rows (r, k, page);
      }

  if (!read_value (r, &value, 1))
    return FALSE;
  for (guint i = 0; i < G_N_ELEMENTS (integers); i++)
    if (strcmp (name, integers[i].name) == 0)
      {
        if ((*seen & integers[i].bit) != 0 || value.type != ORGA_WIRE_VALUE_INT)
          return FALSE;
        *seen |= integers[i].bit;
        G_STRUCT_MEMBER (gint64, page, integers[i].offset) = value.i;
        return TRUE;
      }
  for (guint i = 0; i < G_N_ELEMENTS (booleans); i++)
    if (strcmp (name, booleans[i].name) == 0)
      {
        if ((*seen & booleans[i].bit) != 0 ||
            (value.type != ORGA_WIRE_VALUE_BOOL && value.type != ORGA_WIRE_VALUE_NULL))
          return FALSE;
        *seen |= booleans[i].bit;
        G_STRUCT_MEMBER (gboolean, page, booleans[i].offset) = value.type == ORGA_WIRE_VALUE_BOOL && value.b;
        return TRUE;
      }
  /* Another member: not read, as in the JSON. */
  return TRUE;
}

OrgaSyncPage *
orga_sync_page_parse (const char *data,
                      gsize       length)
{
  g_autoptr(OrgaSyncPage) page = g_new0 (OrgaSyncPage, 1);
  guint seen = 0;
  Reader r;

  g_return_val_if_fail (data != NULL || length == 0, NULL);

  /* A NUL anywhere stops the reading short of the end: given up. */
  if (length == 0)
    return NULL;
  page->buffer = g_malloc (length + 1);
  memcpy (page->buffer, data, length);
  page->buffer[length] = '\0';
  r.p = page->buffer;
  r.end = page->buffer + length;

  skip_space (&r);
  if (*r.p != '{')
    return NULL;
  r.p++;
  skip_space (&r);
  if (*r.p != '}')
    for (;;)
      {
        const char *name;

        if (*r.p != '"' || !read_string (&r, &name))
          return NULL;
        skip_space (&r);
        if (*r.p != ':')
          return NULL;
        r.p++;
        skip_space (&r);
        if (!read_member (&r, name, page, &seen))
          return NULL;
        skip_space (&r);
        if (*r.p == '}')
          break;
        if (*r.p != ',')
          return NULL;
        r.p++;
        skip_space (&r);
      }
  r.p++;
  skip_space (&r);

  /* Nothing after the object, and what the store needs of a page. */
  if (r.p != r.end ||
      (seen & (SEEN_PROTOCOL | SEEN_AFTER | SEEN_CURSOR)) != (SEEN_PROTOCOL | SEEN_AFTER | SEEN_CURSOR))
    return NULL;
  return g_steal_pointer (&page);
}

void
orga_sync_page_free (OrgaSyncPage *page)
{
  if (page == NULL)
    return;
  for (guint k = 0; k < ORGA_WIRE_N_KINDS; k++)
    g_free (page->rows[k]);
  g_free (page->buffer);
  g_free (page);
}
