/* orga-year-archive.c: "Archiver l'année scolaire"
 *
 * Everything is read and drawn first (the CSVs in memory, the PDFs into a
 * private temporary folder), then the zip is written under a hidden name
 * beside @path and renamed: nobody ever sees a half archive, and a
 * failure leaves nothing behind.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "orga-year-archive"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <string.h>
#include <unistd.h>
#include <zip.h>

#include "orga-campaign-export.h"
#include "orga-cert-export.h"
#include "orga-store-campaigns.h"
#include "orga-store-cert.h"
#include "orga-year-archive.h"

/* "2026-2027" for any day from September 2026 to August 2027. */
static char *
school_year (GDateTime *now)
{
  int year = g_date_time_get_year (now);

  if (g_date_time_get_month (now) < 9)
    year--;
  return g_strdup_printf ("%d-%d", year, year + 1);
}

char *
orga_year_archive_file_name (OrgaOrganization *organization,
                             GDateTime        *now)
{
  g_autofree char *year = NULL;
  g_autoptr(GString) name = g_string_new ("archive-pixorga-");

  g_return_val_if_fail (ORGA_IS_ORGANIZATION (organization), NULL);
  g_return_val_if_fail (now != NULL, NULL);

  year = school_year (now);
  orga_export_append_file_name_part (name, orga_organization_get_uai (organization));
  g_string_append_printf (name, "-%s.zip", year);

  return g_string_free (g_steal_pointer (&name), FALSE);
}

/* ---- what goes in ------------------------------------------------------ */

typedef struct
{
  char   *name;    /* in the zip, "resultats/3A.csv" */
  GBytes *bytes;   /* or */
  char   *file;    /* a file of the temporary folder */
} Entry;

static void
entry_free (Entry *entry)
{
  g_free (entry->name);
  g_clear_pointer (&entry->bytes, g_bytes_unref);
  g_free (entry->file);
  g_free (entry);
}

typedef struct
{
  GPtrArray *entries;   /* (element-type Entry) */
  char      *tmp_dir;   /* the attestations, removed at the end */
  guint      n_files;
} Contents;

static void
contents_clear (Contents *contents)
{
  g_clear_pointer (&contents->entries, g_ptr_array_unref);
  if (contents->tmp_dir != NULL)
    {
      /* Only files this writer made, flat. */
      g_autoptr(GDir) dir = g_dir_open (contents->tmp_dir, 0, NULL);
      const char *name;

      while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
        {
          g_autofree char *path = g_build_filename (contents->tmp_dir, name, NULL);

          g_unlink (path);
        }
      g_rmdir (contents->tmp_dir);
      g_clear_pointer (&contents->tmp_dir, g_free);
    }
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Contents, contents_clear)

/* "resultats/" + the class's name made safe + ".csv" */
static char *
entry_name (const char *folder,
            const char *prefix,
            const char *name,
            const char *extension)
{
  GString *text = g_string_new (folder);

  g_string_append_c (text, '/');
  if (prefix != NULL)
    {
      orga_export_append_file_name_part (text, prefix);
      g_string_append_c (text, '-');
    }
  orga_export_append_file_name_part (text, name);
  g_string_append (text, extension);

  return g_string_free (text, FALSE);
}

static void
add_bytes (Contents   *contents,
           char       *name,
           GBytes     *bytes)
{
  Entry *entry = g_new0 (Entry, 1);

  entry->name = name;
  entry->bytes = bytes;
  g_ptr_array_add (contents->entries, entry);
}

static gboolean
add_classes (OrgaStore               *store,
             OrgaOrganization        *organization,
             Contents                *contents,
             OrgaYearArchiveSummary  *summary,
             GCancellable            *cancellable,
             GError                 **error)
{
  g_autoptr(GError) local_error = NULL;
  g_auto(GStrv) divisions = orga_store_list_cert_divisions (store, organization, &local_error);

  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  for (guint i = 0; divisions != NULL && divisions[i] != NULL; i++)
    {
      g_autoptr(GBytes) csv = NULL;
      g_autofree char *pdf = NULL;
      guint n_results = 0;
      guint n_pages = 0;

      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return FALSE;

      csv = orga_cert_export_results_csv (store, organization, divisions[i], &n_results, &local_error);
      if (local_error != NULL)
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }
      /* A class without results has no file at all. */
      if (csv == NULL)
        continue;

      add_bytes (contents, entry_name ("resultats", NULL, divisions[i], ".csv"), g_steal_pointer (&csv));
      summary->n_classes++;
      summary->n_results += n_results;

      /* A numbered file: the class's name goes in the zip only. */
      pdf = g_strdup_printf ("%s%c%u.pdf", contents->tmp_dir, G_DIR_SEPARATOR, ++contents->n_files);
      if (!orga_cert_export_attestations (store, organization, divisions[i], pdf, &n_pages, error))
        return FALSE;
      if (n_pages > 0)
        {
          Entry *entry = g_new0 (Entry, 1);

          entry->name = entry_name ("attestations", NULL, divisions[i], ".pdf");
          entry->file = g_steal_pointer (&pdf);
          g_ptr_array_add (contents->entries, entry);
          summary->n_attestations += n_pages;
        }
    }

  return TRUE;
}

static gboolean
add_campaign_list (OrgaStore               *store,
                   OrgaOrganization        *organization,
                   gboolean                 archived,
                   Contents                *contents,
                   OrgaYearArchiveSummary  *summary,
                   GCancellable            *cancellable,
                   GError                 **error)
{
  OrgaCampaignQuery query = { .archived = archived };
  g_autoptr(GPtrArray) campaigns = orga_store_list_campaigns (store, organization, &query, error);

  if (campaigns == NULL)
    return FALSE;

  for (guint i = 0; i < campaigns->len; i++)
    {
      OrgaCampaign *campaign = g_ptr_array_index (campaigns, i);
      g_autoptr(OrgaParticipationSet) participations = NULL;
      g_autoptr(GOutputStream) out = g_memory_output_stream_new_resizable ();

      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return FALSE;

      /* As `pixorga-cli campaign export`: a line for every attempt. */
      participations = orga_store_load_participations (store, campaign, TRUE, error);
      if (participations == NULL)
        return FALSE;
      if (!orga_campaign_export_csv (organization, campaign, participations, out, cancellable, error) ||
          !g_output_stream_close (out, cancellable, error))
        return FALSE;

      add_bytes (contents,
                 entry_name ("campagnes", orga_campaign_get_code (campaign), orga_campaign_get_name (campaign), ".csv"),
                 g_memory_output_stream_steal_as_bytes (G_MEMORY_OUTPUT_STREAM (out)));
      summary->n_campaigns++;
    }

  return TRUE;
}

/* French always: the file is read by whoever opens the archive years
 * later, on any computer. Windows line ends for Notepad. */
static GBytes *
readme (OrgaOrganization             *organization,
        const char                   *created_by,
        GDateTime                    *now,
        const OrgaYearArchiveSummary *summary)
{
  g_autoptr(GDateTime) local = g_date_time_to_local (now);
  g_autofree char *year = school_year (local);
  g_autofree char *day = g_date_time_format (local, "%d/%m/%Y");
  g_autofree char *time = g_date_time_format (local, "%H:%M");
  g_autofree char *title = orga_organization_dup_title (organization);
  GString *text = g_string_new (NULL);

  g_string_append_printf (text, "Archive de l'année scolaire %s, faite avec PixOrga %s\r\n", year, PACKAGE_VERSION);
  g_string_append_printf (text, "Établissement : %s\r\n", title);
  g_string_append_printf (text, "Créée le %s à %s", day, time);
  if (created_by != NULL && *created_by != '\0')
    g_string_append_printf (text, " par %s", created_by);
  g_string_append (text, ".\r\n\r\nContenu :\r\n\r\n");

  g_string_append_printf (text,
                          "resultats/     Les résultats de certification de chaque classe qui en a\r\n"
                          "               (%u classe%s, %u élève%s), un fichier par classe, tel que\r\n"
                          "               « Exporter les résultats » le donne : CSV en UTF-8 avec BOM,\r\n"
                          "               séparateur « ; », le dernier résultat publié de chaque élève.\r\n\r\n",
                          summary->n_classes, summary->n_classes > 1 ? "s" : "",
                          summary->n_results, summary->n_results > 1 ? "s" : "");
  g_string_append_printf (text,
                          "attestations/  Les attestations de certification (PDF) de chaque classe,\r\n"
                          "               une page par élève certifié (%u attestation%s en tout).\r\n"
                          "               Une classe sans certification validée n'en a pas.\r\n\r\n",
                          summary->n_attestations, summary->n_attestations > 1 ? "s" : "");
  g_string_append_printf (text,
                          "campagnes/     L'export des résultats de chaque campagne, active ou archivée\r\n"
                          "               (%u campagne%s), au format de Pix Orga, nommé\r\n"
                          "               <code>-<nom de la campagne>.csv.\r\n\r\n",
                          summary->n_campaigns, summary->n_campaigns > 1 ? "s" : "");
  g_string_append (text,
                   "Ces fichiers sont ceux que PixOrga donnait le jour de l'archivage ; ils ne\r\n"
                   "changent plus ensuite, même après l'import de la liste d'élèves de l'année\r\n"
                   "suivante. Ils contiennent des données personnelles d'élèves : gardez l'archive\r\n"
                   "en lieu sûr et supprimez-la au terme de la durée de conservation de\r\n"
                   "l'établissement.\r\n");

  return g_string_free_to_bytes (text);
}

/* ---- the zip ----------------------------------------------------------- */

static gboolean
zip_error (zip_t       *zip,
           const char  *path,
           GError     **error)
{
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, _("Could not write the archive “%s”: %s"),
               path, zip_strerror (zip));
  return FALSE;
}

static gboolean
write_zip (Contents      *contents,
           const char    *tmp,
           const char    *path,
           GDateTime     *now,
           GCancellable  *cancellable,
           GError       **error)
{
  zip_t *zip;
  int code = 0;

  zip = zip_open (tmp, ZIP_TRUNCATE, &code);
  if (zip == NULL)
    {
      zip_error_t zerror;

      zip_error_init_with_code (&zerror, code);
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, _("Could not write the archive “%s”: %s"),
                   path, zip_error_strerror (&zerror));
      zip_error_fini (&zerror);
      return FALSE;
    }

  for (guint i = 0; i < contents->entries->len; i++)
    {
      Entry *entry = g_ptr_array_index (contents->entries, i);
      zip_source_t *source;
      zip_int64_t index;

      if (entry->bytes != NULL)
        {
          gsize size;
          gconstpointer data = g_bytes_get_data (entry->bytes, &size);

          /* Read at zip_close(): the bytes live in @contents until then. */
          source = zip_source_buffer (zip, data, size, 0);
        }
      else
        source = zip_source_file (zip, entry->file, 0, -1);
      if (source == NULL)
        {
          zip_error (zip, path, error);
          zip_discard (zip);
          return FALSE;
        }

      index = zip_file_add (zip, entry->name, source, ZIP_FL_ENC_UTF_8);
      if (index < 0)
        {
          zip_source_free (source);
          zip_error (zip, path, error);
          zip_discard (zip);
          return FALSE;
        }
      zip_file_set_mtime (zip, index, (time_t) g_date_time_to_unix (now), 0);
    }

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    {
      zip_discard (zip);
      return FALSE;
    }

  if (zip_close (zip) != 0)
    {
      zip_error (zip, path, error);
      zip_discard (zip);
      return FALSE;
    }

  return TRUE;
}

/* Two classes whose names differ only by what file names refuse ("3/A",
 * "3_A") must not land on one entry: the second becomes "3_A-2.csv". */
static void
make_names_unique (GPtrArray *entries)
{
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);

  for (guint i = 0; i < entries->len; i++)
    {
      Entry *entry = g_ptr_array_index (entries, i);

      if (g_hash_table_contains (seen, entry->name))
        {
          const char *dot = strrchr (entry->name, '.');
          g_autofree char *stem = g_strndup (entry->name, dot - entry->name);
          char *unique = NULL;

          for (guint n = 2; unique == NULL || g_hash_table_contains (seen, unique); n++)
            {
              g_free (unique);
              unique = g_strdup_printf ("%s-%u%s", stem, n, dot);
            }
          g_free (entry->name);
          entry->name = unique;
        }
      g_hash_table_add (seen, entry->name);
    }
}

static gboolean
io_error (const char  *path,
          int          saved,
          GError     **error)
{
  g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
               _("Could not write the archive “%s”: %s"), path, g_strerror (saved));
  return FALSE;
}

gboolean
orga_year_archive_write (OrgaStore               *store,
                         OrgaOrganization        *organization,
                         const char              *path,
                         const char              *created_by,
                         GDateTime               *now,
                         OrgaYearArchiveSummary  *summary,
                         GCancellable            *cancellable,
                         GError                 **error)
{
  g_auto(Contents) contents = { 0 };
  g_autoptr(GDateTime) when = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *base = NULL;
  g_autofree char *tmp = NULL;
  OrgaYearArchiveSummary counts = { 0 };
  int fd;

  g_return_val_if_fail (ORGA_IS_STORE (store), FALSE);
  g_return_val_if_fail (ORGA_IS_ORGANIZATION (organization), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  when = now != NULL ? g_date_time_ref (now) : g_date_time_new_now_local ();
  contents.entries = g_ptr_array_new_with_free_func ((GDestroyNotify) entry_free);
  contents.tmp_dir = g_dir_make_tmp ("pixorga-archive-XXXXXX", error);
  if (contents.tmp_dir == NULL)
    return FALSE;

  if (!add_classes (store, organization, &contents, &counts, cancellable, error) ||
      !add_campaign_list (store, organization, FALSE, &contents, &counts, cancellable, error) ||
      !add_campaign_list (store, organization, TRUE, &contents, &counts, cancellable, error))
    return FALSE;
  add_bytes (&contents, g_strdup ("README.txt"), readme (organization, created_by, when, &counts));
  make_names_unique (contents.entries);

  /* A hidden name in the same folder, so that the rename is atomic; 0600:
   * the archive holds the students' personal data. */
  dir = g_path_get_dirname (path);
  base = g_path_get_basename (path);
  tmp = g_strdup_printf ("%s%c.%s.XXXXXX", dir, G_DIR_SEPARATOR, base);
  fd = g_mkstemp_full (tmp, O_RDWR, 0600);
  if (fd < 0)
    return io_error (path, errno, error);
  close (fd);

  if (!write_zip (&contents, tmp, path, when, cancellable, error))
    {
      g_unlink (tmp);
      return FALSE;
    }

  /* Recorded and renamed together: an archive on disk is an archive the
   * store knows, and the other way round. */
  if (!orga_store_begin (store, error))
    {
      g_unlink (tmp);
      return FALSE;
    }
  if (!orga_store_note_archive (store, organization, path, created_by, error))
    {
      orga_store_rollback (store);
      g_unlink (tmp);
      return FALSE;
    }
  if (g_rename (tmp, path) != 0)
    {
      int saved = errno;

      orga_store_rollback (store);
      g_unlink (tmp);
      return io_error (path, saved, error);
    }
  /* Past the rename the archive is whole: a commit that fails leaves it
   * there, unrecorded, and says so (the next import warns once more). */
  if (!orga_store_commit (store, error))
    return FALSE;

  if (summary != NULL)
    *summary = counts;
  return TRUE;
}

/* ---- async ------------------------------------------------------------- */

typedef struct
{
  OrgaOrganization *organization;
  char             *path;
  char             *created_by;
} ArchiveJob;

static void
archive_job_free (ArchiveJob *job)
{
  g_clear_object (&job->organization);
  g_free (job->path);
  g_free (job->created_by);
  g_free (job);
}

static gpointer
archive_job (OrgaStore     *store,
             gpointer       task_data,
             GCancellable  *cancellable,
             GError       **error)
{
  ArchiveJob *job = task_data;
  OrgaYearArchiveSummary summary = { 0 };

  /* The organization is only read for its id and names, which never
   * change: safe from this thread. */
  if (!orga_year_archive_write (store, job->organization, job->path, job->created_by, NULL,
                                &summary, cancellable, error))
    return NULL;

  return g_memdup2 (&summary, sizeof summary);
}

void
orga_year_archive_write_async (OrgaStore           *store,
                               OrgaOrganization    *organization,
                               const char          *path,
                               const char          *created_by,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  ArchiveJob *job;

  g_return_if_fail (ORGA_IS_STORE (store));
  g_return_if_fail (ORGA_IS_ORGANIZATION (organization));
  g_return_if_fail (path != NULL);

  job = g_new0 (ArchiveJob, 1);
  job->organization = g_object_ref (organization);
  job->path = g_strdup (path);
  job->created_by = g_strdup (created_by);
  orga_store_run_job_async (store, archive_job, job, (GDestroyNotify) archive_job_free, g_free,
                            cancellable, callback, user_data);
}

gboolean
orga_year_archive_write_finish (GAsyncResult            *result,
                                OrgaYearArchiveSummary  *summary,
                                GError                 **error)
{
  g_autofree OrgaYearArchiveSummary *done = orga_store_run_job_finish (result, error);

  if (done == NULL)
    return FALSE;
  if (summary != NULL)
    *summary = *done;
  return TRUE;
}
