/* orga-fregata-parser.c: the agricultural schools' CSV export (Fregata)
 *
 * Reproduces Pix's FregataParser (papaparse + iconv-lite + Joi), see
 * spec/import-formats.md §1b: encoding probe on the "Premier prénom*"
 * header, delimiter guess, header checks, then every row validated with all
 * its errors collected.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "orga-fregata-parser"

#include "config.h"

#include <errno.h>
#include <glib/gi18n-lib.h>
#include <string.h>

#include "orga-fregata-parser.h"

/* Joi's max(255) on every free-text column. */
#define MAX_TEXT_LENGTH      255
#define PROVINCE_MIN_LENGTH  2
#define PROVINCE_MAX_LENGTH  3
#define INSEE_CODE_LENGTH    5
#define FRANCE_COUNTRY_CODE  "99100"
/* papaparse guesses the delimiter on this many records. */
#define DELIMITER_PREVIEW_ROWS 10
/* Cell values quoted back in messages are cut after this many characters so
 * that a runaway cell does not produce a page-long sentence. */
#define SHOWN_VALUE_MAX_CHARS 40

typedef enum
{
  COL_INE,
  COL_FIRST_NAME,
  COL_MIDDLE_NAME,
  COL_THIRD_NAME,
  COL_LAST_NAME,
  COL_PREFERRED_LAST_NAME,
  COL_SEX,
  COL_BIRTHDATE,
  COL_BIRTH_CITY_CODE,
  COL_BIRTH_CITY,
  COL_BIRTH_PROVINCE_CODE,
  COL_BIRTH_COUNTRY_CODE,
  COL_STATUS,
  COL_MEF_CODE,
  COL_DIVISION,
  N_COLUMNS
} Column;

/* The French header texts are data (they must match the file byte for byte),
 * so they are not translated. */
static const struct
{
  const char *header;
  gboolean    required;  /* the column must exist (single trailing '*') */
} columns[N_COLUMNS] = {
  [COL_INE]                 = { "Identifiant unique*", TRUE },
  [COL_FIRST_NAME]          = { "Premier prénom*", TRUE },
  [COL_MIDDLE_NAME]         = { "Deuxième prénom", FALSE },
  [COL_THIRD_NAME]          = { "Troisième prénom", FALSE },
  [COL_LAST_NAME]           = { "Nom de famille*", TRUE },
  [COL_PREFERRED_LAST_NAME] = { "Nom d'usage", FALSE },
  [COL_SEX]                 = { "Code sexe*", TRUE },
  [COL_BIRTHDATE]           = { "Date de naissance (jj/mm/aaaa)*", TRUE },
  [COL_BIRTH_CITY_CODE]     = { "Code commune naissance**", FALSE },
  [COL_BIRTH_CITY]          = { "Libellé commune naissance**", FALSE },
  [COL_BIRTH_PROVINCE_CODE] = { "Code département naissance*", TRUE },
  [COL_BIRTH_COUNTRY_CODE]  = { "Code pays naissance*", TRUE },
  [COL_STATUS]              = { "Statut*", TRUE },
  [COL_MEF_CODE]            = { "Code MEF*", TRUE },
  [COL_DIVISION]            = { "Division*", TRUE },
};

/* Pix keeps the first encoding in which this header is found. */
#define PROBE_COLUMN COL_FIRST_NAME

/* ------------------------------------------------------------------------ */
/* CSV reading                                                               */

typedef struct
{
  gsize start;  /* offset in CsvReader.buf */
  gsize len;    /* bytes, after trimming; buf[start + len] is NUL */
} CsvCell;

typedef enum
{
  CSV_ROW,
  CSV_UNTERMINATED,  /* a quoted field runs to the end of the input */
  CSV_END,
} CsvStatus;

/* Reads records one at a time from decoded UTF-8 text. The cells of the
 * current record live in two buffers that are reused for every record, so
 * memory stays proportional to the longest row, not to the file. */
typedef struct
{
  const char *pos;
  const char *end;
  char        delim;
  GString    *buf;    /* the current record's cells, each NUL-terminated */
  GArray     *cells;  /* of CsvCell */
} CsvReader;

static void
csv_reader_init (CsvReader  *reader,
                 const char *text,
                 gsize       len,
                 char        delim)
{
  reader->pos = text;
  reader->end = text + len;
  reader->delim = delim;
  reader->buf = g_string_sized_new (512);
  reader->cells = g_array_sized_new (FALSE, FALSE, sizeof (CsvCell), N_COLUMNS + 1);
}

static void
csv_reader_clear (CsvReader *reader)
{
  g_string_free (reader->buf, TRUE);
  g_array_unref (reader->cells);
}

/* JavaScript's String.prototype.trim() and \s set, which papaparse's
 * transform and Pix's division clean-up use. */
static gboolean
is_js_space (gunichar c)
{
  switch (c)
    {
    case '\t': case '\n': case 0x0B: case '\f': case '\r': case ' ':
    case 0x00A0: case 0x1680: case 0x2028: case 0x2029: case 0x202F:
    case 0x205F: case 0x3000: case 0xFEFF:
      return TRUE;
    default:
      return c >= 0x2000 && c <= 0x200A;
    }
}

/* @text is valid UTF-8 (the decoded buffer only holds valid UTF-8). */
static void
trim_span (const char  *text,
           gsize       *start,
           gsize       *len)
{
  const char *p = text + *start;
  const char *end = p + *len;
  const char *first = NULL;
  const char *last_end = p;

  while (p < end)
    {
      const char *next = g_utf8_next_char (p);

      if (!is_js_space (g_utf8_get_char (p)))
        {
          if (first == NULL)
            first = p;
          last_end = next;
        }
      p = next;
    }

  if (first == NULL)
    {
      *len = 0;
      return;
    }

  *start = first - text;
  *len = last_end - first;
}

static void
csv_append_char (CsvReader *reader,
                 char       c)
{
  /* A NUL would silently cut the stored C string; show it instead. */
  if (c == '\0')
    g_string_append (reader->buf, "\xEF\xBF\xBD");
  else
    g_string_append_c (reader->buf, c);
}

static void
csv_end_cell (CsvReader *reader,
              gsize      start)
{
  CsvCell cell = { start, reader->buf->len - start };

  g_string_append_c (reader->buf, '\0');
  g_array_append_val (reader->cells, cell);
}

/* Reads one record (which may span lines inside quotes), RFC 4180 style as
 * papaparse does: a field is quoted only if its very first character is '"';
 * inside, "" is a quote and a '"' closes the field only when followed by
 * optional spaces then the delimiter, a line end or the end of the input
 * (any other '"' is kept as text). Line ends are CRLF, LF or a lone CR. */
static CsvStatus
csv_read_record (CsvReader *reader)
{
  const char *p = reader->pos;
  const char *end = reader->end;
  const char delim = reader->delim;

  g_string_truncate (reader->buf, 0);
  g_array_set_size (reader->cells, 0);

  if (p >= end)
    return CSV_END;

  for (;;)
    {
      gsize start = reader->buf->len;

      if (p < end && *p == '"')
        {
          gboolean closed = FALSE;

          p++;
          while (p < end)
            {
              const char *q;

              if (*p != '"')
                {
                  csv_append_char (reader, *p++);
                  continue;
                }
              if (p + 1 < end && p[1] == '"')
                {
                  g_string_append_c (reader->buf, '"');
                  p += 2;
                  continue;
                }
              for (q = p + 1; q < end && *q == ' '; q++)
                ;
              if (q >= end || *q == delim || *q == '\r' || *q == '\n')
                {
                  p = q;
                  closed = TRUE;
                  break;
                }
              g_string_append_c (reader->buf, '"');
              p++;
            }

          if (!closed)
            {
              /* Keep what was read so the header probe can still see the
               * cells before the stray quote. */
              csv_end_cell (reader, start);
              reader->pos = end;
              return CSV_UNTERMINATED;
            }
        }
      else
        {
          while (p < end && *p != delim && *p != '\r' && *p != '\n')
            csv_append_char (reader, *p++);
        }

      csv_end_cell (reader, start);

      if (p >= end)
        break;
      if (*p == delim)
        {
          p++;
          continue;
        }
      /* line end */
      if (*p == '\r' && p + 1 < end && p[1] == '\n')
        p++;
      p++;
      break;
    }

  reader->pos = p;
  return CSV_ROW;
}

/* Trims every cell in place; returns whether they are all empty, which is
 * papaparse's "greedy" empty line. */
static gboolean
csv_trim_cells (CsvReader *reader)
{
  gboolean blank = TRUE;

  for (guint i = 0; i < reader->cells->len; i++)
    {
      CsvCell *cell = &g_array_index (reader->cells, CsvCell, i);

      trim_span (reader->buf->str, &cell->start, &cell->len);
      reader->buf->str[cell->start + cell->len] = '\0';
      if (cell->len > 0)
        blank = FALSE;
    }

  return blank;
}

/* Next non-blank record, cells trimmed. Blank records are skipped without
 * counting, as papaparse's skipEmptyLines: 'greedy' does. */
static CsvStatus
csv_next_row (CsvReader *reader)
{
  for (;;)
    {
      CsvStatus status = csv_read_record (reader);

      if (status != CSV_ROW)
        {
          if (status == CSV_UNTERMINATED)
            csv_trim_cells (reader);
          return status;
        }
      if (!csv_trim_cells (reader))
        return CSV_ROW;
    }
}

/* The trimmed cell @index of the current record, or NULL when the record is
 * shorter or the cell is empty (papaparse + trim: empty means absent). */
static const char *
csv_cell (CsvReader *reader,
          gint       index)
{
  const CsvCell *cell;

  if (index < 0 || (guint)index >= reader->cells->len)
    return NULL;

  cell = &g_array_index (reader->cells, CsvCell, index);
  if (cell->len == 0)
    return NULL;

  return reader->buf->str + cell->start;
}

/* papaparse's guessDelimiter(): parse the first records with each candidate
 * and keep the one with the steadiest field count, averaging more than one
 * field per record. Returns 0 when none qualifies. */
static char
guess_delimiter (const char *text,
                 gsize       len)
{
  static const char candidates[] = { ',', '\t', '|', ';', 0x1E, 0x1F };
  char best = 0;
  guint best_delta = 0;
  double best_average = 0.0;

  for (guint i = 0; i < G_N_ELEMENTS (candidates); i++)
    {
      CsvReader reader;
      guint n_records = 0;
      guint n_blank = 0;
      guint total_fields = 0;
      guint delta = 0;
      gint previous = -1;
      double average;

      csv_reader_init (&reader, text, len, candidates[i]);
      while (n_records < DELIMITER_PREVIEW_ROWS)
        {
          CsvStatus status = csv_read_record (&reader);
          guint n_fields;

          if (status == CSV_END)
            break;
          n_records++;
          if (csv_trim_cells (&reader))
            {
              n_blank++;
              continue;
            }
          n_fields = reader.cells->len;
          total_fields += n_fields;
          if (previous >= 0)
            delta += ABS ((gint)n_fields - previous);
          previous = n_fields;
          if (status == CSV_UNTERMINATED)
            break;
        }
      csv_reader_clear (&reader);

      if (n_records == n_blank)
        continue;
      average = (double)total_fields / (n_records - n_blank);
      if ((best == 0 || (delta <= best_delta && average > best_average)) && average > 1.99)
        {
          best = candidates[i];
          best_delta = delta;
          best_average = average;
        }
    }

  return best;
}

/* ------------------------------------------------------------------------ */
/* Encoding detection                                                        */

typedef enum
{
  PROBE_NOT_FOUND,
  PROBE_FOUND,
  PROBE_NO_ROW,     /* nothing but blank lines */
} ProbeResult;

static void
skip_bom (const char **text,
          gsize       *len)
{
  if (*len >= 3 && memcmp (*text, "\xEF\xBB\xBF", 3) == 0)
    {
      *text += 3;
      *len -= 3;
    }
}

/* Decodes a whole single-byte-charset buffer to UTF-8. A byte the charset
 * leaves undefined (0x81 in windows-1252) becomes U+FFFD, as iconv-lite
 * does, instead of failing the whole file as g_convert() would. Returns NULL
 * only if the system's iconv lacks the charset. */
static char *
decode_8bit (const guint8 *data,
             gsize         len,
             const char   *charset,
             gsize        *out_len)
{
  GIConv cd = g_iconv_open ("UTF-8", charset);
  GString *out;
  char *in = (char *)data;
  gsize in_left = len;
  char chunk[4096];

  if (cd == (GIConv)-1)
    return NULL;

  /* Only a size hint: school lists are mostly ASCII, which stays one byte. */
  out = g_string_sized_new (len + len / 2 + 1);
  while (in_left > 0)
    {
      char *o = chunk;
      gsize o_left = sizeof chunk;
      gsize r = g_iconv (cd, &in, &in_left, &o, &o_left);
      int saved_errno = errno;

      g_string_append_len (out, chunk, o - chunk);
      if (r == (gsize)-1 && saved_errno != E2BIG)
        {
          /* EILSEQ or EINVAL: one undefined byte */
          g_string_append (out, "\xEF\xBF\xBD");
          in++;
          in_left--;
        }
    }
  g_iconv_close (cd);

  *out_len = out->len;
  return g_string_free (out, FALSE);
}

/* Whether the header row, read as Pix would, has a cell that is exactly the
 * probe header. */
static ProbeResult
probe_header (const char *text,
              gsize       len)
{
  CsvReader reader;
  CsvStatus status;
  ProbeResult result = PROBE_NOT_FOUND;
  char delim = guess_delimiter (text, len);

  /* papaparse falls back to its default delimiter when it cannot guess. */
  csv_reader_init (&reader, text, len, delim != 0 ? delim : ',');
  status = csv_next_row (&reader);
  if (status == CSV_END)
    result = PROBE_NO_ROW;
  for (guint i = 0; status != CSV_END && i < reader.cells->len; i++)
    {
      const char *cell = csv_cell (&reader, i);

      if (g_strcmp0 (cell, columns[PROBE_COLUMN].header) == 0)
        {
          result = PROBE_FOUND;
          break;
        }
    }
  csv_reader_clear (&reader);

  return result;
}

/* ------------------------------------------------------------------------ */
/* Row validation                                                            */

typedef struct
{
  OrgaLearnerSet *set;
  gint            col_of[N_COLUMNS];  /* cell index of each column, or -1 */
  GHashTable     *seen_ines;          /* INE (set-owned) → first line */
  GString        *scratch;            /* division clean-up */
  guint           current_short_year;

  /* the row being validated */
  guint           line;
  const char     *values[N_COLUMNS];  /* trimmed cells, NULL when absent */
  char           *where;              /* "Line 3 (INE …)", built on first error */
} ParseContext;

/* UTF-16 code units, the unit of JavaScript's string length that Joi's
 * min/max/length rules count. */
static gsize
js_length (const char *text)
{
  gsize n = 0;

  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    n += g_utf8_get_char (p) > 0xFFFF ? 2 : 1;

  return n;
}

/* @text cut to a readable length for a message; free with g_free. */
static char *
shorten (const char *text)
{
  const char *cut;

  if (g_utf8_strlen (text, -1) <= SHOWN_VALUE_MAX_CHARS)
    return g_strdup (text);

  cut = g_utf8_offset_to_pointer (text, SHOWN_VALUE_MAX_CHARS);
  return g_strdup_printf ("%.*s…", (int)(cut - text), text);
}

/* Where an error is, for the start of its message: the line, and the
 * student's INE when the row has one. */
static const char *
row_where (ParseContext *ctx)
{
  const char *ine = ctx->values[COL_INE];

  if (ctx->where != NULL)
    return ctx->where;

  if (ine != NULL)
    {
      g_autofree char *shown = shorten (ine);

      ctx->where = g_strdup_printf (_("Line %u (INE %s)"), ctx->line, shown);
    }
  else
    {
      ctx->where = g_strdup_printf (_("Line %u"), ctx->line);
    }

  return ctx->where;
}

static void
report_required (ParseContext *ctx,
                 Column        col)
{
  const char *field = columns[col].header;

  orga_learner_set_add_error (ctx->set, ORGA_IMPORT_CODE_FIELD_REQUIRED, ctx->line, field,
                              ctx->values[COL_INE],
                              _("%s: the field “%s” is required."),
                              row_where (ctx), field);
}

static void
report_max_length (ParseContext *ctx,
                   Column        col,
                   gsize         limit,
                   gsize         length)
{
  const char *field = columns[col].header;

  orga_learner_set_add_error (ctx->set, ORGA_IMPORT_CODE_FIELD_MAX_LENGTH, ctx->line, field,
                              ctx->values[COL_INE],
                              _("%s: the field “%s” must not be longer than %u characters (it has %u)."),
                              row_where (ctx), field, (guint)limit, (guint)length);
}

/* Joi: string().max(255), required or optional. Returns whether the value is
 * present. */
static gboolean
check_text (ParseContext *ctx,
            Column        col,
            gboolean      required)
{
  const char *value = ctx->values[col];
  gsize length;

  if (value == NULL)
    {
      if (required)
        report_required (ctx, col);
      return FALSE;
    }

  length = js_length (value);
  if (length > MAX_TEXT_LENGTH)
    report_max_length (ctx, col, MAX_TEXT_LENGTH, length);

  return TRUE;
}

static void
check_identifier (ParseContext      *ctx,
                  OrgaLearnerFields *learner)
{
  gpointer first_line;

  if (!check_text (ctx, COL_INE, TRUE))
    return;

  /* An absent INE is already FIELD_REQUIRED; calling two absent identifiers
   * "the same" would only add noise. */
  if (g_hash_table_lookup_extended (ctx->seen_ines, learner->ine, NULL, &first_line))
    {
      const char *field = columns[COL_INE].header;
      g_autofree char *shown = shorten (learner->ine);
      g_autofree char *where = g_strdup_printf (_("Line %u"), ctx->line);

      orga_learner_set_add_error (ctx->set, ORGA_IMPORT_CODE_IDENTIFIER_UNIQUE, ctx->line, field,
                                  learner->ine,
                                  _("%s: the unique identifier %s (column “%s”) is already present higher up in the file, on line %u; each student must appear only once."),
                                  where, shown, field, GPOINTER_TO_UINT (first_line));
      return;
    }

  /* The key is the set's own copy, which lives as long as the set. */
  g_hash_table_insert (ctx->seen_ines, (gpointer)learner->ine, GUINT_TO_POINTER (ctx->line));
}

/* Pix's sex column: the French words (first letter upper- or lower-case),
 * and the bare letters older versions accepted. */
static const char *
check_sex (ParseContext *ctx)
{
  const char *value = ctx->values[COL_SEX];
  const char *field = columns[COL_SEX].header;
  g_autofree char *shown = NULL;

  if (value == NULL)
    {
      report_required (ctx, COL_SEX);
      return NULL;
    }

  if (g_str_equal (value, "Féminin") || g_str_equal (value, "féminin") || g_str_equal (value, "F"))
    return "F";
  if (g_str_equal (value, "Masculin") || g_str_equal (value, "masculin") || g_str_equal (value, "M"))
    return "M";

  shown = shorten (value);
  orga_learner_set_add_error (ctx->set, ORGA_IMPORT_CODE_FIELD_BAD_VALUES, ctx->line, field,
                              ctx->values[COL_INE],
                              _("%s: the field “%s” must be “Masculin” or “Féminin” (found “%s”)."),
                              row_where (ctx), field, shown);
  return NULL;
}

static gboolean
digits_at (const char *text,
           const char *pattern)
{
  /* pattern: 'd' = a digit, anything else = that very character */
  for (; *pattern != '\0'; pattern++, text++)
    {
      if (*pattern == 'd' ? !g_ascii_isdigit (*text) : *text != *pattern)
        return FALSE;
    }

  return *text == '\0';
}

/* Strict DD/MM/YYYY, then strict DD/MM/YY (moment's strict mode), and the
 * date must exist. Returns the ISO date (free with g_free) or NULL. */
static char *
parse_birthdate (const char *value,
                 guint       current_short_year)
{
  guint day, month, year;

  if (digits_at (value, "dd/dd/dddd"))
    {
      year = g_ascii_digit_value (value[6]) * 1000 + g_ascii_digit_value (value[7]) * 100
             + g_ascii_digit_value (value[8]) * 10 + g_ascii_digit_value (value[9]);
    }
  else if (digits_at (value, "dd/dd/dd"))
    {
      guint short_year = g_ascii_digit_value (value[6]) * 10 + g_ascii_digit_value (value[7]);

      /* Pix's pivot: before this year's two digits means this century. */
      year = short_year + (short_year < current_short_year ? 2000 : 1900);
    }
  else
    {
      return NULL;
    }

  day = g_ascii_digit_value (value[0]) * 10 + g_ascii_digit_value (value[1]);
  month = g_ascii_digit_value (value[3]) * 10 + g_ascii_digit_value (value[4]);

  if (!g_date_valid_dmy (day, month, year))
    return NULL;

  return g_strdup_printf ("%04u-%02u-%02u", year, month, day);
}

static void
check_birthdate (ParseContext      *ctx,
                 OrgaLearnerFields *learner)
{
  const char *value = ctx->values[COL_BIRTHDATE];
  const char *field = columns[COL_BIRTHDATE].header;
  g_autofree char *iso = NULL;
  g_autofree char *shown = NULL;

  if (value == NULL)
    {
      report_required (ctx, COL_BIRTHDATE);
      return;
    }

  iso = parse_birthdate (value, ctx->current_short_year);
  if (iso != NULL)
    {
      learner->birthdate = orga_learner_set_intern (ctx->set, iso, -1);
      return;
    }

  /* Pix keeps the raw text when the date does not parse. */
  learner->birthdate = orga_learner_set_intern (ctx->set, value, -1);
  shown = shorten (value);
  orga_learner_set_add_error (ctx->set, ORGA_IMPORT_CODE_FIELD_DATE_FORMAT, ctx->line, field,
                              ctx->values[COL_INE],
                              _("%s: the field “%s” must be a real date written dd/mm/yyyy, for example 31/12/2008 (found “%s”)."),
                              row_where (ctx), field, shown);
}

/* The INSEE patterns are not anchored in Pix: a match anywhere counts, the
 * exact-length rule does the real limiting. */
static gboolean
matches_country_code (const char *s)
{
  for (; s[0] != '\0'; s++)
    {
      if (s[0] == '9' && s[1] == '9' && s[2] >= '1' && s[2] <= '5'
          && g_ascii_isdigit (s[3]) && g_ascii_isdigit (s[4]))
        return TRUE;
    }

  return FALSE;
}

static gboolean
matches_city_code (const char *s)
{
  for (; s[0] != '\0'; s++)
    {
      if (g_ascii_isdigit (s[0])
          && (g_ascii_isdigit (s[1]) || s[1] == 'A' || s[1] == 'B' || s[1] == 'a' || s[1] == 'b')
          && g_ascii_isdigit (s[2]) && g_ascii_isdigit (s[3]) && g_ascii_isdigit (s[4]))
        return TRUE;
    }

  return FALSE;
}

/* Joi: string().length(5).pattern(INSEE). Both rules run (abortEarly is
 * off), so a value can fail both. */
static gboolean
check_insee_code (ParseContext *ctx,
                  Column        col)
{
  const char *value = ctx->values[col];
  const char *field = columns[col].header;
  gboolean country = col == COL_BIRTH_COUNTRY_CODE;
  gboolean valid = TRUE;
  gsize length = js_length (value);

  if (length != INSEE_CODE_LENGTH)
    {
      orga_learner_set_add_error (ctx->set, ORGA_IMPORT_CODE_FIELD_LENGTH, ctx->line, field,
                                  ctx->values[COL_INE],
                                  country
                                  ? _("%s: the field “%s” must be exactly %u characters long (it has %u), for example 99100 for France.")
                                  : _("%s: the field “%s” must be exactly %u characters long (it has %u), for example 33318, or 2A214 in Corsica."),
                                  row_where (ctx), field, (guint)INSEE_CODE_LENGTH, (guint)length);
      valid = FALSE;
    }

  if (!(country ? matches_country_code (value) : matches_city_code (value)))
    {
      orga_learner_set_add_error (ctx->set, ORGA_IMPORT_CODE_INSEE_CODE_INVALID, ctx->line, field,
                                  ctx->values[COL_INE],
                                  country
                                  ? _("%s: the field “%s” must be an INSEE country code (5 digits starting with 99, for example 99100 for France).")
                                  : _("%s: the field “%s” must be the INSEE code of the birth town (5 digits, or 2A or 2B followed by 3 digits in Corsica, for example 33318 or 2A214)."),
                                  row_where (ctx), field);
      valid = FALSE;
    }

  return valid;
}

static void
check_birth_place (ParseContext      *ctx,
                   OrgaLearnerFields *learner)
{
  const char *country = ctx->values[COL_BIRTH_COUNTRY_CODE];
  gboolean born_in_france = g_strcmp0 (country, FRANCE_COUNTRY_CODE) == 0;

  /* The country first: Joi validates it before the keys whose rules depend
   * on it. */
  if (country == NULL)
    report_required (ctx, COL_BIRTH_COUNTRY_CODE);
  else if (check_insee_code (ctx, COL_BIRTH_COUNTRY_CODE))
    learner->birth_country_code = orga_learner_set_intern (ctx->set, country + 2, -1);

  if (born_in_france)
    {
      if (ctx->values[COL_BIRTH_CITY_CODE] == NULL)
        {
          const char *field = columns[COL_BIRTH_CITY_CODE].header;

          orga_learner_set_add_error (ctx->set, ORGA_IMPORT_CODE_FIELD_REQUIRED, ctx->line, field,
                                      ctx->values[COL_INE],
                                      _("%s: the field “%s” is required for a student born in France (country code %s)."),
                                      row_where (ctx), field, FRANCE_COUNTRY_CODE);
        }
      else
        {
          check_insee_code (ctx, COL_BIRTH_CITY_CODE);
        }
      check_text (ctx, COL_BIRTH_CITY, FALSE);
    }
  else
    {
      /* Also when the country code is missing or wrong, as in Pix: only
       * 99100 makes the town label optional. */
      check_text (ctx, COL_BIRTH_CITY_CODE, FALSE);
      if (ctx->values[COL_BIRTH_CITY] == NULL)
        {
          const char *field = columns[COL_BIRTH_CITY].header;

          orga_learner_set_add_error (ctx->set, ORGA_IMPORT_CODE_FIELD_REQUIRED, ctx->line, field,
                                      ctx->values[COL_INE],
                                      _("%s: the field “%s” is required for a student born outside France (country code other than %s)."),
                                      row_where (ctx), field, FRANCE_COUNTRY_CODE);
        }
      else
        {
          check_text (ctx, COL_BIRTH_CITY, FALSE);
        }
    }
}

static void
check_province (ParseContext *ctx)
{
  const char *value = ctx->values[COL_BIRTH_PROVINCE_CODE];
  const char *field = columns[COL_BIRTH_PROVINCE_CODE].header;
  gsize length;
  OrgaImportCode code;

  if (value == NULL)
    {
      report_required (ctx, COL_BIRTH_PROVINCE_CODE);
      return;
    }

  length = js_length (value);
  if (length < PROVINCE_MIN_LENGTH)
    code = ORGA_IMPORT_CODE_FIELD_MIN_LENGTH;
  else if (length > PROVINCE_MAX_LENGTH)
    code = ORGA_IMPORT_CODE_FIELD_MAX_LENGTH;
  else
    return;

  /* One sentence for both bounds: what the school needs is the valid range. */
  orga_learner_set_add_error (ctx->set, code, ctx->line, field, ctx->values[COL_INE],
                              _("%s: the field “%s” must be %u or %u characters long (it has %u), for example 33, 2A or 974, and 99 for a student born outside France."),
                              row_where (ctx), field,
                              (guint)PROVINCE_MIN_LENGTH, (guint)PROVINCE_MAX_LENGTH, (guint)length);
}

static const char *
check_status (ParseContext *ctx)
{
  const char *value = ctx->values[COL_STATUS];
  const char *field = columns[COL_STATUS].header;
  g_autofree char *shown = NULL;

  if (value == NULL)
    {
      report_required (ctx, COL_STATUS);
      return NULL;
    }

  if (g_str_equal (value, "ST") || g_str_equal (value, "AP"))
    return value;

  shown = shorten (value);
  orga_learner_set_add_error (ctx->set, ORGA_IMPORT_CODE_FIELD_BAD_VALUES, ctx->line, field,
                              ctx->values[COL_INE],
                              _("%s: the field “%s” must be “ST” (student) or “AP” (apprentice) (found “%s”)."),
                              row_where (ctx), field, shown);
  return NULL;
}

/* Pix: division.replace(/\s+/g, ' ').trim(); the cell is already trimmed. */
static const char *
collapse_spaces (GString    *out,
                 const char *value)
{
  gboolean in_space = FALSE;

  g_string_truncate (out, 0);
  for (const char *p = value; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (is_js_space (c))
        {
          in_space = TRUE;
          continue;
        }
      if (in_space)
        g_string_append_c (out, ' ');
      in_space = FALSE;
      g_string_append_len (out, p, g_utf8_next_char (p) - p);
    }

  return out->str;
}

static void
check_division (ParseContext      *ctx,
                OrgaLearnerFields *learner)
{
  const char *division;
  gsize length;

  if (ctx->values[COL_DIVISION] == NULL)
    {
      report_required (ctx, COL_DIVISION);
      return;
    }

  division = collapse_spaces (ctx->scratch, ctx->values[COL_DIVISION]);
  learner->division = orga_learner_set_intern (ctx->set, division, -1);

  length = js_length (division);
  if (length > MAX_TEXT_LENGTH)
    report_max_length (ctx, COL_DIVISION, MAX_TEXT_LENGTH, length);
}

/* One data row: append its learner (even when invalid, the caller rejects
 * the whole file on any error) and report every problem it has. */
static void
parse_learner (ParseContext *ctx,
               CsvReader    *reader,
               guint         line)
{
  OrgaLearnerFields *learner;
  guint index;

  ctx->line = line;
  g_clear_pointer (&ctx->where, g_free);
  for (guint col = 0; col < N_COLUMNS; col++)
    ctx->values[col] = csv_cell (reader, ctx->col_of[col]);

  index = orga_learner_set_append (ctx->set);
  learner = orga_learner_set_peek (ctx->set, index);
  learner->line = line;
  learner->ine = orga_learner_set_intern (ctx->set, ctx->values[COL_INE], -1);
  learner->first_name = orga_learner_set_intern (ctx->set, ctx->values[COL_FIRST_NAME], -1);
  learner->middle_name = orga_learner_set_intern (ctx->set, ctx->values[COL_MIDDLE_NAME], -1);
  learner->third_name = orga_learner_set_intern (ctx->set, ctx->values[COL_THIRD_NAME], -1);
  learner->last_name = orga_learner_set_intern (ctx->set, ctx->values[COL_LAST_NAME], -1);
  learner->preferred_last_name = orga_learner_set_intern (ctx->set, ctx->values[COL_PREFERRED_LAST_NAME], -1);
  learner->birth_city_code = orga_learner_set_intern (ctx->set, ctx->values[COL_BIRTH_CITY_CODE], -1);
  learner->birth_city = orga_learner_set_intern (ctx->set, ctx->values[COL_BIRTH_CITY], -1);
  learner->birth_province_code = orga_learner_set_intern (ctx->set, ctx->values[COL_BIRTH_PROVINCE_CODE], -1);
  /* Raw until validated, then without its "99" prefix. */
  learner->birth_country_code = orga_learner_set_intern (ctx->set, ctx->values[COL_BIRTH_COUNTRY_CODE], -1);
  learner->mef_code = orga_learner_set_intern (ctx->set, ctx->values[COL_MEF_CODE], -1);
  learner->ignored = ORGA_IGNORE_NONE;

  /* The order of Pix's schema, so the first error is the one Pix reports
   * first. */
  check_identifier (ctx, learner);
  check_text (ctx, COL_FIRST_NAME, TRUE);
  check_text (ctx, COL_MIDDLE_NAME, FALSE);
  check_text (ctx, COL_THIRD_NAME, FALSE);
  check_text (ctx, COL_LAST_NAME, TRUE);
  check_text (ctx, COL_PREFERRED_LAST_NAME, FALSE);
  learner->sex = check_sex (ctx);
  check_birthdate (ctx, learner);
  check_birth_place (ctx, learner);
  check_province (ctx);
  learner->status = orga_learner_set_intern (ctx->set, check_status (ctx), -1);
  check_text (ctx, COL_MEF_CODE, TRUE);
  check_division (ctx, learner);
}

/* ------------------------------------------------------------------------ */
/* Header                                                                    */

static gint
find_column (const char *header)
{
  for (guint col = 0; col < N_COLUMNS; col++)
    {
      if (g_str_equal (header, columns[col].header))
        return col;
    }

  return -1;
}

/* Maps the header cells to columns. Returns FALSE, with errors reported,
 * when a required column is missing or a header is unknown: Pix checks the
 * header before any row. */
static gboolean
read_header (ParseContext *ctx,
             CsvReader    *reader)
{
  gboolean ok = TRUE;

  for (guint col = 0; col < N_COLUMNS; col++)
    ctx->col_of[col] = -1;

  for (guint i = 0; i < reader->cells->len; i++)
    {
      const char *header = csv_cell (reader, i);
      gint col;

      if (header == NULL)
        continue;
      col = find_column (header);
      if (col >= 0 && ctx->col_of[col] < 0)
        ctx->col_of[col] = i;
    }

  for (guint col = 0; col < N_COLUMNS; col++)
    {
      if (!columns[col].required || ctx->col_of[col] >= 0)
        continue;
      orga_learner_set_add_error (ctx->set, ORGA_IMPORT_CODE_HEADER_REQUIRED, 1, columns[col].header, NULL,
                                  _("Line %u (column headers): the column “%s” is required but missing from the file; the column headers must be those of the Fregata template."),
                                  1u, columns[col].header);
      ok = FALSE;
    }

  /* Empty header names are tolerated, as in Pix. */
  for (guint i = 0; i < reader->cells->len; i++)
    {
      const char *header = csv_cell (reader, i);
      gint col;
      g_autofree char *shown = NULL;

      if (header == NULL)
        continue;
      col = find_column (header);
      if (col >= 0 && (guint)ctx->col_of[col] == i)
        continue;

      shown = shorten (header);
      if (col >= 0)
        orga_learner_set_add_error (ctx->set, ORGA_IMPORT_CODE_HEADER_UNKNOWN, 1, header, NULL,
                                    _("Line %u (column headers): the column “%s” appears more than once; keep only one."),
                                    1u, shown);
      else
        orga_learner_set_add_error (ctx->set, ORGA_IMPORT_CODE_HEADER_UNKNOWN, 1, header, NULL,
                                    _("Line %u (column headers): the column “%s” is not part of the Fregata template; the column headers must be identical to those of the template."),
                                    1u, shown);
      ok = FALSE;
    }

  return ok;
}

static void
report_unterminated_quote (OrgaLearnerSet *set,
                           guint           line)
{
  orga_learner_set_add_error (set, ORGA_IMPORT_CODE_BAD_CSV_FORMAT, line, NULL, NULL,
                              _("Line %u: a quotation mark (\") opened on this line is never closed, so the rest of the file cannot be read; check the cell that starts with a quotation mark."),
                              line);
}

static void
parse_rows (OrgaLearnerSet *set,
            const char     *text,
            gsize           len,
            char            delim)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  ParseContext ctx = { 0 };
  CsvReader reader;
  CsvStatus status;

  csv_reader_init (&reader, text, len, delim);

  /* The probe found a header row, so there is one. */
  status = csv_next_row (&reader);
  if (status == CSV_UNTERMINATED)
    {
      report_unterminated_quote (set, 1);
      csv_reader_clear (&reader);
      return;
    }

  ctx.set = set;
  if (status != CSV_ROW || !read_header (&ctx, &reader))
    {
      csv_reader_clear (&reader);
      return;
    }

  ctx.seen_ines = g_hash_table_new (g_str_hash, g_str_equal);
  ctx.scratch = g_string_sized_new (64);
  ctx.current_short_year = g_date_time_get_year (now) % 100;

  /* line = data-row index + 2, blank rows not counted (Pix). */
  for (guint line = 2;; line++)
    {
      status = csv_next_row (&reader);
      if (status == CSV_END)
        break;
      if (status == CSV_UNTERMINATED)
        {
          report_unterminated_quote (set, line);
          break;
        }
      parse_learner (&ctx, &reader, line);
    }

  g_free (ctx.where);
  g_string_free (ctx.scratch, TRUE);
  g_hash_table_unref (ctx.seen_ines);
  csv_reader_clear (&reader);
}

/* ------------------------------------------------------------------------ */

void
orga_fregata_parser_parse (OrgaLearnerSet *set,
                           const guint8   *data,
                           gsize           len)
{
  /* Pix's order: the first in which the probe header is found wins. */
  static const struct
  {
    const char *name;        /* as Pix stores it */
    const char *iconv_name;  /* NULL: UTF-8, validated in place */
  } encodings[] = {
    { "UTF-8", NULL },
    { "windows-1252", "WINDOWS-1252" },
    { "macintosh", "MACINTOSH" },
  };
  g_autofree char *decoded = NULL;
  const char *text = NULL;
  gsize text_len = 0;
  const char *encoding = NULL;
  char delim;

  g_return_if_fail (ORGA_IS_LEARNER_SET (set));
  g_return_if_fail (data != NULL || len == 0);

  orga_learner_set_set_format (set, ORGA_IMPORT_FORMAT_FREGATA_CSV);

  for (guint i = 0; i < G_N_ELEMENTS (encodings) && encoding == NULL; i++)
    {
      ProbeResult probe;

      g_clear_pointer (&decoded, g_free);
      if (encodings[i].iconv_name == NULL)
        {
          if (len > 0 && !g_utf8_validate_len ((const char *)data, len, NULL))
            continue;
          text = (const char *)data;
          text_len = len;
        }
      else
        {
          decoded = decode_8bit (data, len, encodings[i].iconv_name, &text_len);
          if (decoded == NULL)
            continue;
          text = decoded;
        }
      skip_bom (&text, &text_len);

      probe = probe_header (text, text_len);
      if (probe == PROBE_NO_ROW)
        {
          /* Nothing to import, which is not a file error: the caller reports
           * the whole import as EMPTY. */
          orga_learner_set_set_encoding (set, encodings[i].name);
          return;
        }
      if (probe == PROBE_FOUND)
        encoding = encodings[i].name;
    }

  if (encoding == NULL)
    {
      orga_learner_set_add_error (set, ORGA_IMPORT_CODE_ENCODING_NOT_SUPPORTED, 0, NULL, NULL,
                                  _("The file cannot be read: either its character encoding is not supported, or its “%s” column is missing. Save it again as CSV (UTF-8) from your spreadsheet, keeping the header row of the Fregata template."),
                                  columns[PROBE_COLUMN].header);
      return;
    }
  orga_learner_set_set_encoding (set, encoding);

  delim = guess_delimiter (text, text_len);
  if (delim == 0)
    {
      orga_learner_set_add_error (set, ORGA_IMPORT_CODE_BAD_CSV_FORMAT, 0, NULL, NULL,
                                  _("The file must be in CSV format, with its columns separated by semicolons (or commas): no separator could be recognized."));
      return;
    }

  parse_rows (set, text, text_len, delim);
}
