/* orga-decode-feed.c
 *
 * Reading, inflating a zip and decoding the file to UTF-8 are done here in
 * a worker thread that stays a few chunks ahead, so the parser thread only
 * parses. The queue is bounded: memory does not grow with the file.
 *
 * The chunks are handed to the parser as they are, never copied again.
 * SIECLE's ISO-8859-15 and the other 8-bit encodings are decoded through a
 * table made from iconv itself (the same result byte for byte, several
 * times faster than iconv's own loop); other encodings go through iconv.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "orga-decode-feed"

#include "config.h"

#include <errno.h>
#include <glib/gi18n-lib.h>
#include <string.h>

#include "orga-decode-feed.h"

#define RAW_CHUNK   (64 * 1024)
#define MAX_QUEUED  8

/* One byte of an 8-bit encoding as UTF-8: at most 3 bytes (€ is 3);
 * len 0 for a byte the encoding does not define. */
typedef struct
{
  guint8 len;
  guint8 bytes[3];
} ByteCode;

struct _OrgaDecodeFeed
{
  OrgaImportSource *source;
  GCancellable     *cancellable;
  GIConv            conv;            /* (GIConv)-1 for pass-through */
  ByteCode         *table;           /* instead of conv for 8-bit encodings */
  GThread          *thread;

  GMutex            lock;
  GCond             cond;
  GQueue            chunks;          /* of GBytes; an empty one marks the end */
  gboolean          stop;            /* the parser has gone */
  GError           *error;           /* I/O or cancellation */
  guint             bad_byte_line;   /* first byte invalid in the encoding */

  /* Consumer side, parser thread only. */
  GBytes           *current;
  gboolean          finished;

  /* Worker side only: the line of the first byte not yet decoded. */
  guint             raw_line;
};

#define ONES  G_GUINT64_CONSTANT (0x0101010101010101)
#define HIGHS G_GUINT64_CONSTANT (0x8080808080808080)
#define LOWS  G_GUINT64_CONSTANT (0x7F7F7F7F7F7F7F7F)

static guint
count_newlines (const guint8 *from,
                const guint8 *to)
{
  const guint8 *c = from;
  guint n = 0;

  /* Eight bytes at a time: a byte of x is 0 where the text has '\n'. */
  for (; to - c >= 8; c += 8)
    {
      guint64 w;
      guint64 x;
      guint64 zero;

      memcpy (&w, c, 8);
      x = w ^ (ONES * '\n');
      zero = ~(((x & LOWS) + LOWS) | x) & HIGHS;
      n += (guint)(((zero >> 7) * ONES) >> 56);
    }
  for (; c < to; c++)
    n += *c == '\n';

  return n;
}

/* Blocks while the queue is full; FALSE once the parser has gone. */
static gboolean
push_chunk (OrgaDecodeFeed *self,
            GBytes         *bytes)
{
  g_mutex_lock (&self->lock);
  while (!self->stop && self->chunks.length >= MAX_QUEUED)
    g_cond_wait (&self->cond, &self->lock);

  if (!self->stop)
    g_queue_push_tail (&self->chunks, bytes);
  else
    g_bytes_unref (bytes);
  g_cond_broadcast (&self->cond);
  g_mutex_unlock (&self->lock);

  return !self->stop;
}

static void
finish (OrgaDecodeFeed *self,
        GError         *error,
        guint           bad_byte_line)
{
  g_mutex_lock (&self->lock);
  self->error = error;
  self->bad_byte_line = bad_byte_line;
  g_queue_push_tail (&self->chunks, g_bytes_new (NULL, 0));
  g_cond_broadcast (&self->cond);
  g_mutex_unlock (&self->lock);
}

/* Decodes @in through the table; returns where it stopped: the end, or a
 * byte the encoding does not define. */
static const guint8 *
decode_with_table (const ByteCode  *table,
                   const guint8    *in,
                   gsize            in_len,
                   guint8          *out,
                   gsize           *out_len)
{
  const guint8 *end = in + in_len;
  guint8 *o = out;

  while (in < end)
    {
      const ByteCode *code;

      /* Runs of ASCII, nearly all of a SIECLE file, eight bytes at a time. */
      if (end - in >= 8)
        {
          guint64 w;

          memcpy (&w, in, 8);
          if ((w & HIGHS) == 0)
            {
              memcpy (o, &w, 8);
              in += 8;
              o += 8;
              continue;
            }
        }

      code = &table[*in];
      if (code->len == 0)
        break;
      memcpy (o, code->bytes, 3);
      o += code->len;
      in++;
    }

  *out_len = o - out;
  return in;
}

static gpointer
worker (gpointer data)
{
  OrgaDecodeFeed *self = data;
  g_autofree guint8 *raw = NULL;
  gsize raw_len = 0;   /* bytes carried over from an incomplete sequence */

  if (self->conv != (GIConv)-1 || self->table != NULL)
    raw = g_malloc (RAW_CHUNK + 8);

  for (;;)
    {
      GError *error = NULL;
      guint8 *buffer = raw != NULL ? raw + raw_len : g_malloc (RAW_CHUNK);
      gssize n = orga_import_source_read (self->source, buffer, RAW_CHUNK - raw_len,
                                          self->cancellable, &error);
      gsize in_len;

      if (n < 0)
        {
          if (raw == NULL)
            g_free (buffer);
          finish (self, error, 0);
          return NULL;
        }

      /* Pass-through: the buffer read into is the chunk. */
      if (raw == NULL)
        {
          if (n == 0)
            {
              g_free (buffer);
              break;
            }
          if (!push_chunk (self, g_bytes_new_take (buffer, n)))
            return NULL;
          continue;
        }

      in_len = raw_len + n;
      if (in_len == 0)
        break;

      if (self->table != NULL)
        {
          guint8 *out = g_malloc (in_len * 3 + 8);
          gsize out_len;
          const guint8 *stop = decode_with_table (self->table, raw, in_len, out, &out_len);

          if (stop < raw + in_len)
            {
              guint line = self->raw_line + count_newlines (raw, stop);

              push_chunk (self, g_bytes_new_take (out, out_len));
              finish (self, NULL, line);
              return NULL;
            }

          self->raw_line += count_newlines (raw, raw + in_len);
          if (!push_chunk (self, g_bytes_new_take (out, out_len)))
            return NULL;
          if (n == 0)
            break;
          continue;
        }

      {
        /* Any encoding is at most 4 UTF-8 bytes per byte. */
        gsize out_size = in_len * 4 + 16;
        char *out = g_malloc (out_size);
        char *in_p = (char *)raw;
        char *out_p = out;
        gsize in_left = in_len;
        gsize out_left = out_size;

        if (g_iconv (self->conv, &in_p, &in_left, &out_p, &out_left) == (gsize)-1 && errno != EINVAL)
          {
            /* A byte the declared encoding does not know: report its line. */
            guint line = self->raw_line + count_newlines (raw, (guint8 *)in_p);

            push_chunk (self, g_bytes_new_take (out, out_p - out));
            finish (self, NULL, MAX (line, 1));
            return NULL;
          }

        if (!push_chunk (self, g_bytes_new_take (out, out_p - out)))
          return NULL;

        /* An incomplete multi-byte sequence waits for the next read. */
        self->raw_line += count_newlines (raw, (guint8 *)in_p);
        raw_len = in_left;
        memmove (raw, in_p, raw_len);
        if (n == 0)
          {
            if (raw_len > 0)
              {
                finish (self, NULL, self->raw_line);
                return NULL;
              }
            break;
          }
      }
    }

  finish (self, NULL, 0);
  return NULL;
}

/* Each byte through iconv on its own: if every one gives one character or
 * is refused, the encoding is 8-bit and the table says all iconv would.
 * Anything else (a byte that starts a sequence, a shift state) keeps iconv. */
static ByteCode *
make_table (GIConv conv)
{
  g_autofree ByteCode *table = g_new0 (ByteCode, 256);

  for (guint b = 0; b < 256; b++)
    {
      char in_byte = (char)b;
      char out[8];
      char *in_p = &in_byte;
      char *out_p = out;
      gsize in_left = 1;
      gsize out_left = sizeof out;
      gsize ret;

      g_iconv (conv, NULL, NULL, NULL, NULL);
      ret = g_iconv (conv, &in_p, &in_left, &out_p, &out_left);
      if (ret == (gsize)-1)
        {
          if (errno != EILSEQ)
            return NULL;
          continue;
        }
      if (in_left != 0 || out_p - out < 1 || out_p - out > 3)
        return NULL;
      table[b].len = out_p - out;
      memcpy (table[b].bytes, out, table[b].len);
    }
  g_iconv (conv, NULL, NULL, NULL, NULL);

  /* ASCII must stay ASCII for the eight-byte runs. */
  for (guint b = 0; b < 128; b++)
    if (table[b].len != 1 || table[b].bytes[0] != b)
      return NULL;

  return g_steal_pointer (&table);
}

OrgaDecodeFeed *
orga_decode_feed_new (OrgaImportSource  *source,
                      const char        *encoding,
                      GCancellable      *cancellable,
                      GError           **error)
{
  g_autoptr(OrgaDecodeFeed) self = g_new0 (OrgaDecodeFeed, 1);

  g_return_val_if_fail (ORGA_IS_IMPORT_SOURCE (source), NULL);

  self->source = g_object_ref (source);
  self->cancellable = cancellable ? g_object_ref (cancellable) : NULL;
  self->raw_line = 1;
  self->conv = (GIConv)-1;
  g_mutex_init (&self->lock);
  g_cond_init (&self->cond);

  if (encoding != NULL)
    {
      self->conv = g_iconv_open ("UTF-8", encoding);
      if (self->conv == (GIConv)-1)
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                       "Unsupported encoding %s", encoding);
          return NULL;
        }
      self->table = make_table (self->conv);
    }

  self->thread = g_thread_new ("orga-decode-feed", worker, self);

  return g_steal_pointer (&self);
}

/**
 * orga_decode_feed_next:
 * @data: (out): the next chunk of UTF-8 (or UTF-16 passed through), valid
 *   until the next call
 *
 * Blocks until the worker has a chunk.
 *
 * Returns: its length, 0 at the end, -1 on error (see get_error() and
 *   get_bad_byte_line()).
 */
gssize
orga_decode_feed_next (OrgaDecodeFeed  *self,
                       const char     **data)
{
  gsize len;

  g_clear_pointer (&self->current, g_bytes_unref);
  *data = NULL;

  if (!self->finished)
    {
      g_mutex_lock (&self->lock);
      while (g_queue_is_empty (&self->chunks))
        g_cond_wait (&self->cond, &self->lock);
      self->current = g_queue_pop_head (&self->chunks);
      g_cond_broadcast (&self->cond);
      g_mutex_unlock (&self->lock);

      *data = g_bytes_get_data (self->current, &len);
      if (len > 0)
        return len;
      self->finished = TRUE;
    }

  {
    gboolean failed;

    g_mutex_lock (&self->lock);
    failed = self->error != NULL || self->bad_byte_line > 0;
    g_mutex_unlock (&self->lock);
    return failed ? -1 : 0;
  }
}

/* Only meaningful once next() has returned -1 or 0. */
const GError *
orga_decode_feed_get_error (OrgaDecodeFeed *self)
{
  return self->error;
}

guint
orga_decode_feed_get_bad_byte_line (OrgaDecodeFeed *self)
{
  return self->bad_byte_line;
}

void
orga_decode_feed_free (OrgaDecodeFeed *self)
{
  if (self == NULL)
    return;

  if (self->thread != NULL)
    {
      g_mutex_lock (&self->lock);
      self->stop = TRUE;
      g_cond_broadcast (&self->cond);
      g_mutex_unlock (&self->lock);
      g_thread_join (self->thread);
    }

  g_queue_clear_full (&self->chunks, (GDestroyNotify)g_bytes_unref);
  g_clear_pointer (&self->current, g_bytes_unref);
  g_clear_error (&self->error);
  if (self->conv != (GIConv)-1)
    g_iconv_close (self->conv);
  g_free (self->table);
  g_clear_object (&self->source);
  g_clear_object (&self->cancellable);
  g_mutex_clear (&self->lock);
  g_cond_clear (&self->cond);
  g_free (self);
}
