/* orga-import-source.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "orga-import-source"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zip.h>

#include "orga-import-source.h"

#define HEAD_SIZE 4096

struct _OrgaImportSource
{
  GObject           parent_instance;

  char             *path;
  char             *basename;
  OrgaImportFormat  format;

  /* bare file */
  int               fd;
  /* zip */
  zip_t            *archive;
  zip_file_t       *entry;
  guint64           entry_size;      /* as the archive declares it */
  guint64           inflated;        /* bytes taken out of the entry so far */

  guint64           total;           /* bytes we expect to deliver */
  guint64           delivered;       /* bytes handed out so far */
  gint              fraction_ppm;    /* atomic, for progress from another thread */

  /* The first bytes are read at open time to sniff the format and the
   * encoding, then replayed by read(). */
  guint8            head[HEAD_SIZE];
  gsize             head_len;
  gsize             head_pos;
};

G_DEFINE_FINAL_TYPE (OrgaImportSource, orga_import_source, G_TYPE_OBJECT)

static void
orga_import_source_finalize (GObject *object)
{
  OrgaImportSource *self = (OrgaImportSource *)object;

  g_clear_pointer (&self->entry, zip_fclose);
  if (self->archive != NULL)
    zip_discard (g_steal_pointer (&self->archive));
  if (self->fd >= 0)
    g_close (self->fd, NULL);
  g_clear_pointer (&self->path, g_free);
  g_clear_pointer (&self->basename, g_free);

  G_OBJECT_CLASS (orga_import_source_parent_class)->finalize (object);
}

static void
orga_import_source_class_init (OrgaImportSourceClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = orga_import_source_finalize;
}

static void
orga_import_source_init (OrgaImportSource *self)
{
  self->fd = -1;
}

static OrgaImportError *
file_problem (const char *message)
{
  return orga_import_error_new (ORGA_IMPORT_CODE_INVALID_FILE, 0, NULL, NULL, message);
}

/* Pix keeps zip entries matching ^([^.][^/]*\/)*[^./][^/]*\.xml$: no hidden
 * folder or file, lower-case .xml, any depth. */
static gboolean
zip_entry_is_candidate (const char *name)
{
  const char *component = name;
  gsize len = strlen (name);

  if (len < 5 || !g_str_has_suffix (name, ".xml"))
    return FALSE;

  for (;;)
    {
      const char *slash = strchr (component, '/');

      if (component[0] == '.' || component[0] == '/' || component[0] == '\0')
        return FALSE;
      if (slash == NULL)
        break;
      component = slash + 1;
    }

  /* The last component may not start with "." (checked above) and must have
   * a base before ".xml". */
  return strlen (component) > 4;
}

static gssize
read_underlying (OrgaImportSource  *self,
                 guint8            *buffer,
                 gsize              len,
                 GError           **error)
{
  if (self->entry != NULL)
    {
      zip_int64_t n = zip_fread (self->entry, buffer, len);

      if (n < 0)
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                       _("The archive is damaged: %s"), zip_file_strerror (self->entry));
          return -1;
        }

      /* A lying header or a bomb: never inflate past what the archive
       * declared, nor past our absolute limit. */
      self->inflated += n;
      if (self->inflated > self->entry_size || self->inflated > ORGA_IMPORT_SOURCE_MAX_INFLATED)
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                       _("The archive is damaged: its content is larger than it declares."));
          return -1;
        }

      return n;
    }

  for (;;)
    {
      gssize n = read (self->fd, buffer, len);

      if (n >= 0)
        return n;
      if (errno == EINTR)
        continue;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (errno),
                   _("Could not read the file: %s"), g_strerror (errno));
      return -1;
    }
}

static gboolean
fill_head (OrgaImportSource  *self,
           GError           **error)
{
  while (self->head_len < HEAD_SIZE)
    {
      gssize n = read_underlying (self, self->head + self->head_len, HEAD_SIZE - self->head_len, error);

      if (n < 0)
        return FALSE;
      if (n == 0)
        break;
      self->head_len += n;
    }

  return TRUE;
}

static OrgaImportError *
open_zip_entry (OrgaImportSource *self)
{
  g_autoptr(GError) error = NULL;
  zip_int64_t n_entries;
  zip_int64_t found = -1;
  guint n_candidates = 0;
  zip_stat_t st;
  int zerr = 0;
  int fd;

  /* libzip takes ownership of the descriptor on success */
  fd = dup (self->fd);
  if (fd < 0 || (self->archive = zip_fdopen (fd, ZIP_RDONLY | ZIP_CHECKCONS, &zerr)) == NULL)
    {
      if (fd >= 0)
        close (fd);
      return file_problem (_("The file looks like a ZIP archive but cannot be opened: it is damaged or incomplete."));
    }

  n_entries = zip_get_num_entries (self->archive, 0);
  for (zip_int64_t i = 0; i < n_entries; i++)
    {
      const char *name = zip_get_name (self->archive, i, ZIP_FL_ENC_GUESS);

      if (name != NULL && zip_entry_is_candidate (name))
        {
          found = i;
          n_candidates++;
        }
    }

  if (n_candidates == 0)
    return file_problem (_("The ZIP archive holds no .xml file. Use the “Élèves sans adresses” export from SIECLE."));
  if (n_candidates > 1)
    return file_problem (_("The ZIP archive holds several .xml files; it must hold only one, the SIECLE export."));

  zip_stat_init (&st);
  if (zip_stat_index (self->archive, found, 0, &st) != 0 ||
      !(st.valid & ZIP_STAT_SIZE) || !(st.valid & ZIP_STAT_COMP_SIZE))
    return file_problem (_("The ZIP archive is damaged: the size of its .xml file is unknown."));

  if ((st.valid & ZIP_STAT_ENCRYPTION_METHOD) && st.encryption_method != ZIP_EM_NONE)
    return file_problem (_("The ZIP archive is protected by a password. Export the file from SIECLE again without a password."));

  if (st.size > ORGA_IMPORT_SOURCE_MAX_INFLATED ||
      (st.size > 16 * 1024 * 1024 && st.size / MAX (st.comp_size, 1) > ORGA_IMPORT_SOURCE_MAX_RATIO))
    return file_problem (_("The ZIP archive expands to an abnormally large file; it is not a SIECLE export."));

  self->entry = zip_fopen_index (self->archive, found, 0);
  if (self->entry == NULL)
    return file_problem (_("The .xml file inside the ZIP archive cannot be read: the archive is damaged."));

  self->entry_size = st.size;
  self->total = st.size;

  if (!fill_head (self, &error))
    return file_problem (error->message);

  return NULL;
}

static gboolean
head_is_xml (const guint8 *p,
             gsize         len)
{
  gsize i = 0;

  if (len >= 3 && p[0] == 0xEF && p[1] == 0xBB && p[2] == 0xBF)
    i = 3;
  else if (len >= 2 && ((p[0] == 0xFF && p[1] == 0xFE) || (p[0] == 0xFE && p[1] == 0xFF)))
    return TRUE; /* UTF-16 with BOM: only XML is plausible */

  while (i < len && g_ascii_isspace (p[i]))
    i++;

  return i < len && p[i] == '<';
}

/**
 * orga_import_source_open:
 * @problem: (out): why the file cannot be used, in words for the user
 *
 * Opens @path and works out its format from its content, never from its
 * name. For a ZIP archive, the single SIECLE entry is opened as a stream.
 */
OrgaImportSource *
orga_import_source_open (const char       *path,
                         OrgaImportError **problem)
{
  g_autoptr(OrgaImportSource) self = NULL;
  g_autoptr(GError) error = NULL;
  struct stat st;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (problem != NULL && *problem == NULL, NULL);

  self = g_object_new (ORGA_TYPE_IMPORT_SOURCE, NULL);
  self->path = g_strdup (path);
  self->basename = g_path_get_basename (path);

  self->fd = g_open (path, O_RDONLY | O_CLOEXEC, 0);
  if (self->fd < 0)
    {
      int saved = errno;
      g_autofree char *msg = g_strdup_printf (_("The file cannot be opened: %s."), g_strerror (saved));
      *problem = file_problem (msg);
      return NULL;
    }

  if (fstat (self->fd, &st) != 0 || !S_ISREG (st.st_mode))
    {
      *problem = file_problem (_("This is not a regular file."));
      return NULL;
    }
  self->total = st.st_size;

  if (!fill_head (self, &error))
    {
      *problem = file_problem (error->message);
      return NULL;
    }

  if (self->head_len == 0)
    {
      *problem = file_problem (_("The file is empty."));
      return NULL;
    }

  if (self->head_len >= 4 && memcmp (self->head, "PK", 2) == 0 &&
      ((self->head[2] == 3 && self->head[3] == 4) || (self->head[2] == 5 && self->head[3] == 6)))
    {
      self->format = ORGA_IMPORT_FORMAT_SIECLE_ZIP;
      self->head_len = 0;
      if ((*problem = open_zip_entry (self)) != NULL)
        return NULL;
      return g_steal_pointer (&self);
    }

  if (head_is_xml (self->head, self->head_len))
    {
      self->format = ORGA_IMPORT_FORMAT_SIECLE_XML;
      return g_steal_pointer (&self);
    }

  if (memchr (self->head, '\0', self->head_len) != NULL)
    {
      *problem = orga_import_error_new (ORGA_IMPORT_CODE_INVALID_FILE_FORMAT, 0, NULL, NULL,
                                        _("This file is neither a SIECLE export (.zip or .xml) nor a Fregata export (.csv)."));
      return NULL;
    }

  self->format = ORGA_IMPORT_FORMAT_FREGATA_CSV;
  return g_steal_pointer (&self);
}

OrgaImportFormat
orga_import_source_get_format (OrgaImportSource *self)
{
  g_return_val_if_fail (ORGA_IS_IMPORT_SOURCE (self), ORGA_IMPORT_FORMAT_UNKNOWN);

  return self->format;
}

const char *
orga_import_source_get_path (OrgaImportSource *self)
{
  g_return_val_if_fail (ORGA_IS_IMPORT_SOURCE (self), NULL);

  return self->path;
}

const char *
orga_import_source_get_basename (OrgaImportSource *self)
{
  g_return_val_if_fail (ORGA_IS_IMPORT_SOURCE (self), NULL);

  return self->basename;
}

const guint8 *
orga_import_source_peek_head (OrgaImportSource *self,
                              gsize            *len)
{
  g_return_val_if_fail (ORGA_IS_IMPORT_SOURCE (self), NULL);

  *len = self->head_len;
  return self->head;
}

static void
update_fraction (OrgaImportSource *self)
{
  double fraction = self->total > 0 ? (double)self->delivered / (double)self->total : 0.0;

  g_atomic_int_set (&self->fraction_ppm, (gint)(CLAMP (fraction, 0.0, 1.0) * 1e6));
}

/**
 * orga_import_source_read:
 *
 * Returns: bytes read, 0 at the end, -1 on error or cancellation.
 */
gssize
orga_import_source_read (OrgaImportSource  *self,
                         guint8            *buffer,
                         gsize              len,
                         GCancellable      *cancellable,
                         GError           **error)
{
  gssize n;

  g_return_val_if_fail (ORGA_IS_IMPORT_SOURCE (self), -1);

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return -1;

  if (self->head_pos < self->head_len)
    {
      n = MIN (len, self->head_len - self->head_pos);
      memcpy (buffer, self->head + self->head_pos, n);
      self->head_pos += n;
    }
  else if ((n = read_underlying (self, buffer, len, error)) < 0)
    return -1;

  self->delivered += n;
  update_fraction (self);

  return n;
}

GBytes *
orga_import_source_read_all (OrgaImportSource  *self,
                             gsize              max_size,
                             GCancellable      *cancellable,
                             GError           **error)
{
  g_autoptr(GByteArray) bytes = g_byte_array_new ();

  for (;;)
    {
      gsize old_len = bytes->len;
      gssize n;

      g_byte_array_set_size (bytes, old_len + 64 * 1024);
      n = orga_import_source_read (self, bytes->data + old_len, 64 * 1024, cancellable, error);
      if (n < 0)
        return NULL;
      g_byte_array_set_size (bytes, old_len + n);
      if (n == 0)
        break;
      if (bytes->len > max_size)
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_MESSAGE_TOO_LARGE,
                       _("The file is too large (more than %u MiB)."),
                       (guint)(max_size / (1024 * 1024)));
          return NULL;
        }
    }

  return g_byte_array_free_to_bytes (g_steal_pointer (&bytes));
}

double
orga_import_source_get_fraction (OrgaImportSource *self)
{
  g_return_val_if_fail (ORGA_IS_IMPORT_SOURCE (self), 0.0);

  return g_atomic_int_get (&self->fraction_ppm) / 1e6;
}
