/* orga-cert-export.c: the certification's files, from the store
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "orga-cert-export"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <unistd.h>

#include "orga-cert-export.h"
#include "orga-cert-pages.h"
#include "orga-store-cert.h"

char *
orga_cert_export_find_division (OrgaStore         *store,
                                OrgaOrganization  *organization,
                                const char        *division,
                                GError           **error)
{
  g_auto(GStrv) divisions = NULL;
  g_autofree char *wanted = NULL;
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (ORGA_IS_STORE (store), NULL);
  g_return_val_if_fail (ORGA_IS_ORGANIZATION (organization), NULL);

  if (division == NULL)
    return NULL;

  divisions = orga_store_list_cert_divisions (store, organization, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }

  wanted = g_utf8_casefold (division, -1);
  for (guint i = 0; divisions != NULL && divisions[i] != NULL; i++)
    {
      g_autofree char *folded = g_utf8_casefold (divisions[i], -1);

      if (g_strcmp0 (folded, wanted) == 0)
        return g_strdup (divisions[i]);
    }

  return NULL;
}

/* The rules take a plain array; the set only lends its rows one by one. */
static OrgaCertResult *
dup_rows (OrgaCertResultSet *set,
          guint             *n)
{
  OrgaCertResult *rows;

  *n = orga_cert_result_set_get_n (set);
  rows = g_new0 (OrgaCertResult, MAX (*n, 1));
  for (guint i = 0; i < *n; i++)
    rows[i] = *orga_cert_result_set_get (set, i);

  return rows;
}

GBytes *
orga_cert_export_results_csv (OrgaStore         *store,
                              OrgaOrganization  *organization,
                              const char        *division,
                              guint             *n_results,
                              GError           **error)
{
  g_autoptr(OrgaCertResultSet) set = NULL;
  g_autofree OrgaCertResult *rows = NULL;
  guint n = 0;

  g_return_val_if_fail (ORGA_IS_STORE (store), NULL);
  g_return_val_if_fail (ORGA_IS_ORGANIZATION (organization), NULL);
  g_return_val_if_fail (division != NULL, NULL);
  g_return_val_if_fail (n_results != NULL, NULL);

  *n_results = 0;
  set = orga_store_load_cert_results (store, organization, division, ORGA_CERT_RESULTS_CSV, error);
  if (set == NULL)
    return NULL;

  rows = dup_rows (set, &n);
  if (n == 0)
    return NULL;

  *n_results = n;
  return orga_cert_results_csv (rows, n);
}

gboolean
orga_cert_export_attestations (OrgaStore         *store,
                               OrgaOrganization  *organization,
                               const char        *division,
                               const char        *path,
                               guint             *n_pages,
                               GError           **error)
{
  g_autoptr(OrgaCertResultSet) set = NULL;
  g_autofree OrgaCertResult *rows = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *base = NULL;
  g_autofree char *tmp = NULL;
  guint n = 0;
  int fd;

  g_return_val_if_fail (ORGA_IS_STORE (store), FALSE);
  g_return_val_if_fail (ORGA_IS_ORGANIZATION (organization), FALSE);
  g_return_val_if_fail (division != NULL, FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (n_pages != NULL, FALSE);

  *n_pages = 0;
  set = orga_store_load_cert_results (store, organization, division, ORGA_CERT_RESULTS_ATTESTATIONS, error);
  if (set == NULL)
    return FALSE;

  rows = dup_rows (set, &n);
  if (n == 0)
    return TRUE;

  /* A hidden name in the same folder, so that the rename is atomic. */
  dir = g_path_get_dirname (path);
  base = g_path_get_basename (path);
  tmp = g_strdup_printf ("%s%c.%s.XXXXXX", dir, G_DIR_SEPARATOR, base);
  fd = g_mkstemp_full (tmp, O_RDWR, 0644);
  if (fd < 0)
    {
      int saved = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                   _("Could not write “%s”: %s"), path, g_strerror (saved));
      return FALSE;
    }
  close (fd);

  if (!orga_cert_write_attestations_pdf (tmp, rows, n, error))
    {
      g_unlink (tmp);
      return FALSE;
    }

  if (g_rename (tmp, path) != 0)
    {
      int saved = errno;

      g_unlink (tmp);
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                   _("Could not write “%s”: %s"), path, g_strerror (saved));
      return FALSE;
    }

  *n_pages = n;
  return TRUE;
}

char *
orga_cert_export_lsu_json (OrgaStore         *store,
                           OrgaOrganization  *organization,
                           guint             *n_results,
                           GError           **error)
{
  g_autoptr(OrgaCertResultSet) set = NULL;
  g_autofree OrgaCertResult *rows = NULL;
  guint n = 0;

  g_return_val_if_fail (ORGA_IS_STORE (store), NULL);
  g_return_val_if_fail (ORGA_IS_ORGANIZATION (organization), NULL);

  set = orga_store_load_cert_results (store, organization, NULL, ORGA_CERT_RESULTS_LSU, error);
  if (set == NULL)
    return NULL;

  rows = dup_rows (set, &n);
  if (n_results != NULL)
    *n_results = n;

  return orga_cert_lsu_json (orga_organization_get_uai (organization), rows, n);
}
