/* orga-test-util.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "orga-i18n.h"
#include "orga-store.h"
#include "orga-test-util.h"

static char *temp_dir;

static void
remove_temp_dir (void)
{
  g_autoptr(GDir) dir = NULL;
  const char *name;

  if (temp_dir == NULL)
    return;

  dir = g_dir_open (temp_dir, 0, NULL);
  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (temp_dir, name, NULL);
      g_unlink (path);
    }
  g_rmdir (temp_dir);
  g_clear_pointer (&temp_dir, g_free);
}

void
orga_test_init (int    *argc,
                char ***argv)
{
  g_test_init (argc, argv, NULL);
  orga_i18n_init (TRUE);
  atexit (remove_temp_dir);
}

char *
orga_test_fixture_path (const char *subdir,
                        const char *name)
{
  const char *root = g_getenv ("PIXORGA_FIXTURES");

  g_assert_nonnull (root);

  return g_build_filename (root, subdir, name, NULL);
}

gboolean
orga_test_has_error (OrgaLearnerSet *set,
                     OrgaImportCode  code,
                     guint           line)
{
  GPtrArray *errors = orga_learner_set_get_errors (set);

  for (guint i = 0; i < errors->len; i++)
    {
      const OrgaImportError *e = g_ptr_array_index (errors, i);

      if (e->code == code && (line == 0 || e->line == line))
        return TRUE;
    }

  return FALSE;
}

const OrgaLearnerFields *
orga_test_find_learner (OrgaLearnerSet *set,
                        const char     *ine)
{
  for (guint i = 0; i < orga_learner_set_get_size (set); i++)
    {
      const OrgaLearnerFields *l = orga_learner_set_get (set, i);

      if (l->ignored == ORGA_IGNORE_NONE && g_strcmp0 (l->ine, ine) == 0)
        return l;
    }

  return NULL;
}

char *
orga_test_write_temp_file (const char *name,
                           const void *data,
                           gssize      len)
{
  g_autoptr(GError) error = NULL;
  char *path;

  if (temp_dir == NULL)
    {
      temp_dir = g_dir_make_tmp ("pixorga-test-XXXXXX", &error);
      g_assert_no_error (error);
    }

  path = g_build_filename (temp_dir, name, NULL);
  g_file_set_contents (path, data, len < 0 ? (gssize)strlen (data) : len, &error);
  g_assert_no_error (error);

  return path;
}

void
orga_test_run_cli (const char  *db_path,
                   const char **args)
{
  const char *cli = g_getenv ("PIXORGA_CLI");
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *err = NULL;
  int status = 0;

  g_assert_nonnull (cli);
  g_ptr_array_add (argv, (char *)cli);
  g_ptr_array_add (argv, (char *)"--db");
  g_ptr_array_add (argv, (char *)db_path);
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (char *)args[i]);
  g_ptr_array_add (argv, NULL);

  g_spawn_sync (NULL, (char **)argv->pdata, NULL, G_SPAWN_STDOUT_TO_DEV_NULL,
                NULL, NULL, NULL, &err, &status, &error);
  g_assert_no_error (error);
  if (!g_spawn_check_wait_status (status, NULL))
    g_error ("pixorga-cli %s: %s", args[0], err);
}

char *
orga_test_new_db_path (void)
{
  static guint counter;
  g_autofree char *name = g_strdup_printf ("school-%u.db", ++counter);
  char *path = orga_test_write_temp_file (name, "", 0);

  /* Only the folder was wanted: the store creates the file itself. */
  g_unlink (path);
  return path;
}

OrgaCertSession *
orga_test_new_cert_session_tomorrow (OrgaStore        *store,
                                     OrgaOrganization *organization)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GDateTime) tomorrow = g_date_time_add_days (now, 1);
  g_autofree char *date = g_date_time_format (tomorrow, "%Y-%m-%d");
  OrgaCertSessionForm form = {
    .address = "Collège Jean Moulin",
    .room = "Salle informatique 2",
    .examiner = "Mme Durand",
    .date = date,
    .time = "09:00",
  };
  g_autoptr(GError) error = NULL;
  OrgaCertSession *session = orga_store_create_cert_session (store, organization, &form, "Anne Proviseur", &error);

  g_assert_no_error (error);
  g_assert_nonnull (session);
  return session;
}

char *
orga_test_new_school_db (const char           *uai,
                         OrgaOrganizationKind  kind)
{
  char *path = orga_test_new_db_path ();
  g_autoptr(GError) error = NULL;
  g_autoptr(OrgaStore) store = orga_store_open (path, &error);
  g_autoptr(OrgaOrganization) org = NULL;

  g_assert_no_error (error);
  org = orga_store_create_organization (store, uai, "Collège Jean Moulin", kind, &error);
  g_assert_no_error (error);
  g_assert_nonnull (org);

  return path;
}

/* The mail's text is quoted-printable: "=3D" for "=", "=\r\n" where a
 * line was folded. */
char *
orga_test_decode_quoted_printable (const char *text)
{
  GString *out = g_string_new (NULL);

  for (const char *p = text; *p; p++)
    {
      if (p[0] == '=' && p[1] == '\r' && p[2] == '\n')
        p += 2;
      else if (p[0] == '=' && p[1] == '\n')
        p += 1;
      else if (p[0] == '=' && g_ascii_isxdigit (p[1]) && g_ascii_isxdigit (p[2]))
        {
          g_string_append_c (out, g_ascii_xdigit_value (p[1]) * 16 + g_ascii_xdigit_value (p[2]));
          p += 2;
        }
      else
        g_string_append_c (out, *p);
    }
  return g_string_free (out, FALSE);
}
