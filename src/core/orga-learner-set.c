/* orga-learner-set.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "orga-learner-set.h"

/* A hostile or badly broken file could report an error per line; past this
 * many we only count them, so memory stays bounded. */
#define MAX_KEPT_ERRORS 10000

struct _OrgaLearnerSet
{
  GObject           parent_instance;

  GStringChunk     *strings;
  GArray           *learners;      /* of OrgaLearnerFields */
  GPtrArray        *errors;        /* of OrgaImportError */
  guint             n_errors;      /* may exceed errors->len */
  GHashTable       *kept_ines;     /* built on first lookup */
  char             *encoding;
  OrgaImportFormat  format;
};

G_DEFINE_FINAL_TYPE (OrgaLearnerSet, orga_learner_set, G_TYPE_OBJECT)

const char *
orga_import_format_to_string (OrgaImportFormat format)
{
  switch (format)
    {
    case ORGA_IMPORT_FORMAT_SIECLE_XML: return "siecle-xml";
    case ORGA_IMPORT_FORMAT_SIECLE_ZIP: return "siecle-zip";
    case ORGA_IMPORT_FORMAT_FREGATA_CSV: return "fregata-csv";
    case ORGA_IMPORT_FORMAT_UNKNOWN:
    default: return "unknown";
    }
}

static void
orga_learner_set_finalize (GObject *object)
{
  OrgaLearnerSet *self = (OrgaLearnerSet *)object;

  g_clear_pointer (&self->strings, g_string_chunk_free);
  g_clear_pointer (&self->learners, g_array_unref);
  g_clear_pointer (&self->errors, g_ptr_array_unref);
  g_clear_pointer (&self->kept_ines, g_hash_table_unref);
  g_clear_pointer (&self->encoding, g_free);

  G_OBJECT_CLASS (orga_learner_set_parent_class)->finalize (object);
}

static void
orga_learner_set_class_init (OrgaLearnerSetClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = orga_learner_set_finalize;
}

static void
orga_learner_set_init (OrgaLearnerSet *self)
{
  self->strings = g_string_chunk_new (64 * 1024);
  self->learners = g_array_new (FALSE, TRUE, sizeof (OrgaLearnerFields));
  self->errors = g_ptr_array_new_with_free_func ((GDestroyNotify)orga_import_error_free);
}

OrgaLearnerSet *
orga_learner_set_new (void)
{
  return g_object_new (ORGA_TYPE_LEARNER_SET, NULL);
}

/**
 * orga_learner_set_intern:
 * @len: length of @text, or -1 if nul-terminated
 *
 * Copies @text into the set's storage. Returns %NULL for a %NULL @text so that
 * "absent" survives the copy.
 */
const char *
orga_learner_set_intern (OrgaLearnerSet *self,
                         const char     *text,
                         gssize          len)
{
  g_return_val_if_fail (ORGA_IS_LEARNER_SET (self), NULL);

  if (text == NULL)
    return NULL;
  if (len < 0)
    len = strlen (text);
  if (len == 0)
    return "";

  return g_string_chunk_insert_len (self->strings, text, len);
}

guint
orga_learner_set_append (OrgaLearnerSet *self)
{
  g_return_val_if_fail (ORGA_IS_LEARNER_SET (self), 0);

  g_clear_pointer (&self->kept_ines, g_hash_table_unref);
  g_array_set_size (self->learners, self->learners->len + 1);

  return self->learners->len - 1;
}

/* Drops the learners from @size on (a parser taking back what it had read
 * past a break). */
void
orga_learner_set_truncate (OrgaLearnerSet *self,
                           guint           size)
{
  g_return_if_fail (ORGA_IS_LEARNER_SET (self));
  g_return_if_fail (size <= self->learners->len);

  g_clear_pointer (&self->kept_ines, g_hash_table_unref);
  g_array_set_size (self->learners, size);
}

/* The pointer is valid until the next append. */
OrgaLearnerFields *
orga_learner_set_peek (OrgaLearnerSet *self,
                       guint           index)
{
  g_return_val_if_fail (ORGA_IS_LEARNER_SET (self), NULL);
  g_return_val_if_fail (index < self->learners->len, NULL);

  g_clear_pointer (&self->kept_ines, g_hash_table_unref);

  return &g_array_index (self->learners, OrgaLearnerFields, index);
}

const OrgaLearnerFields *
orga_learner_set_get (OrgaLearnerSet *self,
                      guint           index)
{
  g_return_val_if_fail (ORGA_IS_LEARNER_SET (self), NULL);
  g_return_val_if_fail (index < self->learners->len, NULL);

  return &g_array_index (self->learners, OrgaLearnerFields, index);
}

guint
orga_learner_set_get_size (OrgaLearnerSet *self)
{
  g_return_val_if_fail (ORGA_IS_LEARNER_SET (self), 0);

  return self->learners->len;
}

guint
orga_learner_set_count_ignored (OrgaLearnerSet *self)
{
  guint n = 0;

  g_return_val_if_fail (ORGA_IS_LEARNER_SET (self), 0);

  for (guint i = 0; i < self->learners->len; i++)
    n += g_array_index (self->learners, OrgaLearnerFields, i).ignored != ORGA_IGNORE_NONE;

  return n;
}

guint
orga_learner_set_count_kept (OrgaLearnerSet *self)
{
  return orga_learner_set_get_size (self) - orga_learner_set_count_ignored (self);
}

gboolean
orga_learner_set_contains_ine (OrgaLearnerSet *self,
                               const char     *ine)
{
  g_return_val_if_fail (ORGA_IS_LEARNER_SET (self), FALSE);

  if (ine == NULL)
    return FALSE;

  if (self->kept_ines == NULL)
    {
      self->kept_ines = g_hash_table_new (g_str_hash, g_str_equal);
      for (guint i = 0; i < self->learners->len; i++)
        {
          const OrgaLearnerFields *l = &g_array_index (self->learners, OrgaLearnerFields, i);

          if (l->ignored == ORGA_IGNORE_NONE && l->ine != NULL)
            g_hash_table_add (self->kept_ines, (gpointer)l->ine);
        }
    }

  return g_hash_table_contains (self->kept_ines, ine);
}

void
orga_learner_set_add_error (OrgaLearnerSet *self,
                            OrgaImportCode  code,
                            guint           line,
                            const char     *field,
                            const char     *ine,
                            const char     *format,
                            ...)
{
  g_autofree char *message = NULL;
  va_list args;

  g_return_if_fail (ORGA_IS_LEARNER_SET (self));

  self->n_errors++;
  if (self->errors->len >= MAX_KEPT_ERRORS)
    return;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  g_ptr_array_add (self->errors, orga_import_error_new (code, line, field, ine, message));
}

void
orga_learner_set_clear_errors (OrgaLearnerSet *self)
{
  g_return_if_fail (ORGA_IS_LEARNER_SET (self));

  g_ptr_array_set_size (self->errors, 0);
  self->n_errors = 0;
}

GPtrArray *
orga_learner_set_get_errors (OrgaLearnerSet *self)
{
  g_return_val_if_fail (ORGA_IS_LEARNER_SET (self), NULL);

  return self->errors;
}

guint
orga_learner_set_count_errors (OrgaLearnerSet *self)
{
  g_return_val_if_fail (ORGA_IS_LEARNER_SET (self), 0);

  return self->n_errors;
}

gboolean
orga_learner_set_has_errors (OrgaLearnerSet *self)
{
  g_return_val_if_fail (ORGA_IS_LEARNER_SET (self), FALSE);

  return self->n_errors > 0;
}

OrgaImportFormat
orga_learner_set_get_format (OrgaLearnerSet *self)
{
  g_return_val_if_fail (ORGA_IS_LEARNER_SET (self), ORGA_IMPORT_FORMAT_UNKNOWN);

  return self->format;
}

void
orga_learner_set_set_format (OrgaLearnerSet   *self,
                             OrgaImportFormat  format)
{
  g_return_if_fail (ORGA_IS_LEARNER_SET (self));

  self->format = format;
}

const char *
orga_learner_set_get_encoding (OrgaLearnerSet *self)
{
  g_return_val_if_fail (ORGA_IS_LEARNER_SET (self), NULL);

  return self->encoding;
}

void
orga_learner_set_set_encoding (OrgaLearnerSet *self,
                               const char     *encoding)
{
  g_return_if_fail (ORGA_IS_LEARNER_SET (self));

  g_free (self->encoding);
  self->encoding = g_strdup (encoding);
}
