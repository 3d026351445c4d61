/* orga-decode-feed.c
 *
 * libxml2's reader spends a third of an import inside iconv and, for a
 * zip, as long again inflating. Both are done here in a worker thread that
 * stays a few chunks ahead, so the parser thread only parses UTF-8. The
 * queue is bounded: memory does not grow with the file.
 *
 * The worker also finds where each "<ELEVE" start tag is: libxml2 keeps
 * element lines only up to 65535, and a big lycée's export is longer.
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

#define ELEVE_TAG     "<ELEVE"
#define ELEVE_TAG_LEN (sizeof ELEVE_TAG - 1)

struct _OrgaDecodeFeed
{
  OrgaImportSource *source;
  GCancellable     *cancellable;
  GIConv            conv;            /* (GIConv)-1 for pass-through */
  gboolean          scan_lines;
  GThread          *thread;

  GMutex            lock;
  GCond             cond;
  GQueue            chunks;          /* of GBytes; an empty one marks the end */
  GQueue            eleve_lines;     /* line numbers, in document order */
  gboolean          stop;            /* the parser has gone */
  GError           *error;           /* I/O or cancellation */
  guint             bad_byte_line;   /* first byte invalid in the encoding */

  /* Consumer side, parser thread only. */
  GBytes           *current;
  gsize             current_pos;
  gboolean          finished;

  /* Worker side only. */
  guint             raw_line;
  guint8            carry[ELEVE_TAG_LEN];
  gsize             carry_len;
  GQueue            pending_lines;
};

static inline gboolean
ends_tag_name (guint8 c)
{
  return c == ' ' || c == '>' || c == '/' || c == '\t' || c == '\n' || c == '\r';
}

static guint
count_newlines (const guint8 *from,
                const guint8 *to)
{
  guint n = 0;

  /* The compiler vectorises this loop. */
  for (const guint8 *c = from; c < to; c++)
    n += *c == '\n';

  return n;
}

/* raw_line is the line at the start of the carry: the last bytes of the
 * previous chunk, where a tag may begin whose end is in this one. */
static void
scan_raw_lines (OrgaDecodeFeed *self,
                const guint8   *buf,
                gsize           len)
{
  const guint8 *end = buf + len;
  const guint8 *limit = len > ELEVE_TAG_LEN ? end - ELEVE_TAG_LEN : buf;
  const guint8 *pos = buf;
  const guint8 *carry_start;

  if (self->carry_len > 0)
    {
      guint8 window[2 * ELEVE_TAG_LEN + 1];
      gsize window_len = self->carry_len + MIN (len, ELEVE_TAG_LEN + 1);

      memcpy (window, self->carry, self->carry_len);
      memcpy (window + self->carry_len, buf, window_len - self->carry_len);
      for (gsize i = 0; i < self->carry_len; i++)
        {
          if (i + ELEVE_TAG_LEN < window_len &&
              memcmp (window + i, ELEVE_TAG, ELEVE_TAG_LEN) == 0 &&
              ends_tag_name (window[i + ELEVE_TAG_LEN]))
            g_queue_push_tail (&self->pending_lines, GUINT_TO_POINTER (self->raw_line));
          self->raw_line += window[i] == '\n';
        }
      self->carry_len = 0;
    }

  /* Tags that start before limit have their following byte in this chunk. */
  while (pos < limit)
    {
      const guint8 *hit = memmem (pos, end - pos, ELEVE_TAG, ELEVE_TAG_LEN);

      if (hit == NULL || hit >= limit)
        break;

      self->raw_line += count_newlines (pos, hit);
      if (ends_tag_name (hit[ELEVE_TAG_LEN]))
        g_queue_push_tail (&self->pending_lines, GUINT_TO_POINTER (self->raw_line));
      pos = hit + ELEVE_TAG_LEN;
    }

  carry_start = MAX (pos, limit);
  self->raw_line += count_newlines (pos, carry_start);
  self->carry_len = end - carry_start;
  memcpy (self->carry, carry_start, self->carry_len);
}

/* Blocks while the queue is full; FALSE once the parser has gone. */
static gboolean
push_chunk (OrgaDecodeFeed *self,
            GBytes         *bytes)
{
  g_mutex_lock (&self->lock);
  while (!self->stop && self->chunks.length >= MAX_QUEUED)
    g_cond_wait (&self->cond, &self->lock);

  /* Lines found in this chunk become visible together with its bytes. */
  while (!g_queue_is_empty (&self->pending_lines))
    g_queue_push_tail (&self->eleve_lines, g_queue_pop_head (&self->pending_lines));

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

static gpointer
worker (gpointer data)
{
  OrgaDecodeFeed *self = data;
  g_autofree guint8 *raw = g_malloc (RAW_CHUNK + 8);
  gsize raw_len = 0;   /* bytes carried over from an incomplete sequence */

  for (;;)
    {
      GError *error = NULL;
      gssize n = orga_import_source_read (self->source, raw + raw_len, RAW_CHUNK - raw_len,
                                          self->cancellable, &error);
      gsize in_len;

      if (n < 0)
        {
          finish (self, error, 0);
          return NULL;
        }

      if (self->scan_lines && n > 0)
        scan_raw_lines (self, raw + raw_len, n);

      in_len = raw_len + n;
      if (in_len == 0)
        break;

      if (self->conv == (GIConv)-1)
        {
          if (!push_chunk (self, g_bytes_new (raw, in_len)))
            return NULL;
          if (n == 0)
            break;
          continue;
        }

      {
        /* Any 8-bit encoding is at most 3 UTF-8 bytes per byte (€). */
        gsize out_size = in_len * 4 + 16;
        char *out = g_malloc (out_size);
        char *in_p = (char *)raw;
        char *out_p = out;
        gsize in_left = in_len;
        gsize out_left = out_size;

        if (g_iconv (self->conv, &in_p, &in_left, &out_p, &out_left) == (gsize)-1 && errno != EINVAL)
          {
            /* A byte the declared encoding does not know: report its line,
             * counted back from the end of what was scanned. */
            guint line = self->raw_line + count_newlines (self->carry, self->carry + self->carry_len) -
                         count_newlines ((guint8 *)in_p, raw + in_len);

            push_chunk (self, g_bytes_new_take (out, out_p - out));
            finish (self, NULL, MAX (line, 1));
            return NULL;
          }

        if (!push_chunk (self, g_bytes_new_take (out, out_p - out)))
          return NULL;

        /* An incomplete multi-byte sequence waits for the next read. */
        raw_len = in_left;
        memmove (raw, in_p, raw_len);
        if (n == 0)
          {
            if (raw_len > 0)
              {
                finish (self, NULL, self->raw_line + 1);
                return NULL;
              }
            break;
          }
      }
    }

  finish (self, NULL, 0);
  return NULL;
}

OrgaDecodeFeed *
orga_decode_feed_new (OrgaImportSource  *source,
                      const char        *encoding,
                      gboolean           scan_eleve_lines,
                      GCancellable      *cancellable,
                      GError           **error)
{
  g_autoptr(OrgaDecodeFeed) self = g_new0 (OrgaDecodeFeed, 1);

  g_return_val_if_fail (ORGA_IS_IMPORT_SOURCE (source), NULL);

  self->source = g_object_ref (source);
  self->cancellable = cancellable ? g_object_ref (cancellable) : NULL;
  /* Converted files need line counts for their encoding errors too. */
  self->scan_lines = scan_eleve_lines || encoding != NULL;
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
    }

  self->thread = g_thread_new ("orga-decode-feed", worker, self);

  return g_steal_pointer (&self);
}

/* libxml2's read callback: bytes copied, 0 at the end, -1 on error. */
int
orga_decode_feed_read (OrgaDecodeFeed *self,
                       char           *buffer,
                       int             len)
{
  int copied = 0;

  while (copied < len)
    {
      gsize available;
      const guint8 *data;

      if (self->current == NULL)
        {
          if (self->finished)
            break;

          /* Hand over what we have rather than wait for more. */
          if (copied > 0)
            {
              gboolean ready;

              g_mutex_lock (&self->lock);
              ready = !g_queue_is_empty (&self->chunks);
              g_mutex_unlock (&self->lock);
              if (!ready)
                break;
            }

          g_mutex_lock (&self->lock);
          while (g_queue_is_empty (&self->chunks))
            g_cond_wait (&self->cond, &self->lock);
          self->current = g_queue_pop_head (&self->chunks);
          self->current_pos = 0;
          g_cond_broadcast (&self->cond);
          g_mutex_unlock (&self->lock);

          if (g_bytes_get_size (self->current) == 0)
            {
              g_clear_pointer (&self->current, g_bytes_unref);
              self->finished = TRUE;
              break;
            }
        }

      data = g_bytes_get_data (self->current, &available);
      available -= self->current_pos;
      available = MIN (available, (gsize)(len - copied));
      memcpy (buffer + copied, data + self->current_pos, available);
      copied += available;
      self->current_pos += available;
      if (self->current_pos == g_bytes_get_size (self->current))
        g_clear_pointer (&self->current, g_bytes_unref);
    }

  if (copied == 0 && self->finished)
    {
      gboolean failed;

      g_mutex_lock (&self->lock);
      failed = self->error != NULL || self->bad_byte_line > 0;
      g_mutex_unlock (&self->lock);
      return failed ? -1 : 0;
    }

  return copied;
}

gboolean
orga_decode_feed_pop_eleve_line (OrgaDecodeFeed *self,
                                 guint          *line)
{
  gboolean found;

  g_mutex_lock (&self->lock);
  found = !g_queue_is_empty (&self->eleve_lines);
  if (found)
    *line = GPOINTER_TO_UINT (g_queue_pop_head (&self->eleve_lines));
  g_mutex_unlock (&self->lock);

  return found;
}

/* Drops the lines before @line, and @line itself: the caller knows it. */
void
orga_decode_feed_skip_eleve_lines (OrgaDecodeFeed *self,
                                   guint           line)
{
  g_mutex_lock (&self->lock);
  while (!g_queue_is_empty (&self->eleve_lines) &&
         GPOINTER_TO_UINT (g_queue_peek_head (&self->eleve_lines)) <= line)
    g_queue_pop_head (&self->eleve_lines);
  g_mutex_unlock (&self->lock);
}

gboolean
orga_decode_feed_has_eleve_lines (OrgaDecodeFeed *self)
{
  return self->scan_lines;
}

/* Only meaningful once read() has returned -1 or 0. */
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
  g_queue_clear (&self->eleve_lines);
  g_queue_clear (&self->pending_lines);
  g_clear_pointer (&self->current, g_bytes_unref);
  g_clear_error (&self->error);
  if (self->conv != (GIConv)-1)
    g_iconv_close (self->conv);
  g_clear_object (&self->source);
  g_clear_object (&self->cancellable);
  g_mutex_clear (&self->lock);
  g_cond_clear (&self->cond);
  g_free (self);
}
