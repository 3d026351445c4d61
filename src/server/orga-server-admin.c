/* orga-server-admin.c
 *
 * The directory of schools, kept by the operator from the command line:
 * the server's activation by UAI (spec §1.2) only finds the schools that
 * are here. The operator of a whole academy imports the directory from a
 * CSV export; a laptop adds its one school by hand.
 *
 * Messages are French literals, as the server's (the operator reads
 * them), written as UTF-8 bytes: g_print() would turn every accent into
 * a question mark under LANG=C, a common setting on servers.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "orga-server-admin"

#include "config.h"

#include <errno.h>
#include <json-glib/json-glib.h>
#include <stdio.h>
#include <string.h>

#include "orga-organization.h"
#include "orga-server-admin.h"

enum
{
  EXIT_OK = 0,
  EXIT_FAILED = 1,
  EXIT_REFUSED = 2,
};

/* Errors listed for a bad file before "… et N autres". */
#define MAX_FILE_ERRORS 20
#define MAX_NAME_CHARS 255
#define MAX_EMAIL_BYTES 254

/* The import's and the add's check-then-write on PostgreSQL, serialized
 * across processes (SQLite's BEGIN IMMEDIATE already is). */
#define DIRECTORY_LOCK_KEY "7245012010"

#define MSG_INVALID_UAI "L’UAI n’est pas correct."
#define MSG_INVALID_EMAIL "Le format de l'adresse e-mail est incorrect."
#define MSG_NAME_MISSING "Le nom de l’établissement n’est pas renseigné."
#define MSG_NAME_CONTROL "Le nom de l’établissement contient des caractères de contrôle."
#define MSG_NAME_NOT_UTF8 "Le nom de l’établissement n’est pas en UTF-8."
#define MSG_NAME_TOO_LONG "Le nom de l’établissement dépasse 255 caractères."
#define MSG_INVALID_KIND "Le type doit être « sco » ou « agri »."

static const char usage_text[] =
  "Usage :\n"
  "  pixorga-server --db … org add --uai UAI --name NOM --email ADRESSE [--kind sco|agri] [--allow-duplicate]\n"
  "  pixorga-server --db … org import FICHIER.csv\n"
  "  pixorga-server --db … org list [--json]\n"
  "  pixorga-server --db … org archive --uai UAI | --id ID\n"
  "\n"
  "Le fichier CSV est en UTF-8, séparé par des « ; », une ligne par établissement :\n"
  "  uai;name;email;kind\n"
  "(la ligne d’en-tête est facultative ; kind vaut sco ou agri, sco par défaut).\n"
  "Un établissement dont l’UAI existe déjà est mis à jour ; un champ email ou kind\n"
  "vide laisse la valeur existante. Tout le fichier est appliqué, ou rien.\n";

static void
say (FILE       *stream,
     const char *format,
     ...) G_GNUC_PRINTF (2, 3);

static void
say (FILE       *stream,
     const char *format,
     ...)
{
  va_list args;

  va_start (args, format);
  vfprintf (stream, format, args);
  va_end (args);
  fputc ('\n', stream);
}

static int
usage_error (const char *format,
             ...) G_GNUC_PRINTF (1, 2);

static int
usage_error (const char *format,
             ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  say (stderr, "pixorga-server org : %s", message);
  fputs (usage_text, stderr);
  return EXIT_REFUSED;
}

static int
db_failure (const char   *what,
            const GError *error)
{
  say (stderr, "pixorga-server org : erreur de la base de données (%s) : %s", what, error->message);
  return EXIT_FAILED;
}

/* A value shown back to the operator: valid UTF-8 with no control
 * character that could move the terminal's cursor. */
static char *
printable (const char *text)
{
  g_autofree char *valid = g_utf8_make_valid (text != NULL ? text : "", -1);
  GString *out = g_string_new (NULL);

  for (const char *p = valid; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_iscntrl (c))
        g_string_append_c (out, '?');
      else
        g_string_append_unichar (out, c);
    }

  return g_string_free (out, FALSE);
}

/* "2026-12-02T07:30:00.000Z", as docs/api.md writes timestamps. */
static char *
now_iso8601 (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *seconds = g_date_time_format (now, "%Y-%m-%dT%H:%M:%S");

  return g_strdup_printf ("%s.%03dZ", seconds, g_date_time_get_microsecond (now) / 1000);
}

/* The checks: each returns the French message of what is wrong, or NULL
 * with the value as it is kept in @out. */

static const char *
check_uai (const char  *text,
           char       **out)
{
  g_autofree char *uai = orga_uai_normalize (text);

  if (!orga_uai_check (uai, NULL))
    return MSG_INVALID_UAI;

  *out = g_steal_pointer (&uai);
  return NULL;
}

static const char *
check_name (const char  *text,
            char       **out)
{
  g_autofree char *name = g_strdup (text != NULL ? text : "");

  if (!g_utf8_validate (name, -1, NULL))
    return MSG_NAME_NOT_UTF8;
  g_strstrip (name);
  if (*name == '\0')
    return MSG_NAME_MISSING;
  for (const char *p = name; *p != '\0'; p = g_utf8_next_char (p))
    if (g_unichar_iscntrl (g_utf8_get_char (p)))
      return MSG_NAME_CONTROL;
  if (g_utf8_strlen (name, -1) > MAX_NAME_CHARS)
    return MSG_NAME_TOO_LONG;

  *out = g_steal_pointer (&name);
  return NULL;
}

/* The school's functional address: one mailbox, nothing a mail header
 * could be bent with (no space, comma, angle bracket, line break). An
 * empty text is no address (@out NULL). */
static const char *
check_email (const char  *text,
             char       **out)
{
  g_autofree char *email = g_strdup (text != NULL ? text : "");
  const char *at;
  const char *domain;

  g_strstrip (email);
  if (*email == '\0')
    {
      *out = NULL;
      return NULL;
    }
  if (strlen (email) > MAX_EMAIL_BYTES || !g_utf8_validate (email, -1, NULL))
    return MSG_INVALID_EMAIL;
  for (const char *p = email; *p != '\0'; p++)
    if ((guchar)*p <= ' ' || (guchar)*p == 0x7F || strchr ("<>()[]\\,;:\"", *p) != NULL)
      return MSG_INVALID_EMAIL;

  at = strchr (email, '@');
  if (at == NULL || at == email || strchr (at + 1, '@') != NULL)
    return MSG_INVALID_EMAIL;
  domain = at + 1;
  if (strchr (domain, '.') == NULL || domain[0] == '.' || g_str_has_suffix (domain, ".")
      || strstr (domain, "..") != NULL)
    return MSG_INVALID_EMAIL;

  *out = g_utf8_strdown (email, -1);
  return NULL;
}

/* Empty: NULL in @out (the default is the caller's). */
static const char *
check_kind (const char  *text,
            char       **out)
{
  g_autofree char *kind = g_ascii_strdown (text != NULL ? text : "", -1);
  OrgaOrganizationKind value;

  g_strstrip (kind);
  if (*kind == '\0')
    {
      *out = NULL;
      return NULL;
    }
  if (!orga_organization_kind_from_string (kind, &value))
    return MSG_INVALID_KIND;

  *out = g_strdup (orga_organization_kind_to_string (value));
  return NULL;
}

/* Options */

typedef struct
{
  const char  *name;       /* "--uai" */
  gboolean     has_value;
  const char **value;      /* has_value */
  gboolean    *flag;       /* !has_value */
} Option;

/* Parses argv[2…] (after "org" and the command); positional arguments
 * go to @positional. Returns FALSE after printing the usage. */
static gboolean
parse_options (int          argc,
               char       **argv,
               Option      *options,
               guint        n_options,
               GPtrArray   *positional,
               int         *status)
{
  gboolean only_positional = FALSE;

  for (int i = 2; i < argc; i++)
    {
      const char *arg = argv[i];
      const char *eq;
      gsize name_len;
      gboolean found = FALSE;

      if (only_positional || arg[0] != '-' || arg[1] == '\0')
        {
          if (positional == NULL)
            {
              g_autofree char *shown = printable (arg);
              *status = usage_error ("argument inattendu « %s ».", shown);
              return FALSE;
            }
          g_ptr_array_add (positional, (gpointer)arg);
          continue;
        }
      if (g_str_equal (arg, "--"))
        {
          only_positional = TRUE;
          continue;
        }

      eq = strchr (arg, '=');
      name_len = eq != NULL ? (gsize)(eq - arg) : strlen (arg);
      for (guint o = 0; o < n_options && !found; o++)
        {
          if (strlen (options[o].name) != name_len || strncmp (arg, options[o].name, name_len) != 0)
            continue;
          found = TRUE;
          if (!options[o].has_value)
            {
              if (eq != NULL)
                {
                  *status = usage_error ("l’option %s ne prend pas de valeur.", options[o].name);
                  return FALSE;
                }
              *options[o].flag = TRUE;
            }
          else if (eq != NULL)
            *options[o].value = eq + 1;
          else if (i + 1 < argc)
            *options[o].value = argv[++i];
          else
            {
              *status = usage_error ("l’option %s attend une valeur.", options[o].name);
              return FALSE;
            }
        }
      if (!found)
        {
          g_autofree char *shown = printable (arg);
          *status = usage_error ("option inconnue « %s ».", shown);
          return FALSE;
        }
    }

  return TRUE;
}

/* Transactions: the whole command or nothing; a BUSY (another process
 * holds the lock) is tried again a few times. */

typedef int (*TransactionFunc) (OrgaServerDb *db,
                                gpointer      data,
                                GError      **error);

#define TRANSACTION_ERROR -1

static int
in_transaction (OrgaServerDb    *db,
                const char      *what,
                TransactionFunc  func,
                gpointer         data)
{
  for (guint attempt = 0;; attempt++)
    {
      g_autoptr(GError) error = NULL;
      int status;

      if (orga_server_db_begin (db, &error))
        {
          if (orga_server_db_is_postgres (db)
              && !orga_server_db_execv (db, NULL, &error,
                                        "SELECT pg_advisory_xact_lock(" DIRECTORY_LOCK_KEY ")",
                                        ORGA_SERVER_DB_END))
            status = TRANSACTION_ERROR;
          else
            status = func (db, data, &error);

          if (status == EXIT_OK)
            {
              if (orga_server_db_commit (db, &error))
                return EXIT_OK;
            }
          else
            {
              orga_server_db_rollback (db);
              if (status != TRANSACTION_ERROR)
                return status;
            }
        }

      if (!g_error_matches (error, ORGA_SERVER_DB_ERROR, ORGA_SERVER_DB_ERROR_BUSY) || attempt >= 4)
        return db_failure (what, error);
      g_usleep ((attempt + 1) * 100 * 1000);
    }
}

/* org add */

typedef struct
{
  char     *uai;
  char     *name;
  char     *email;
  char     *kind;
  gboolean  allow_duplicate;
  char     *id;
} AddJob;

static int
add_in_transaction (OrgaServerDb  *db,
                    gpointer       data,
                    GError       **error)
{
  AddJob *job = data;
  g_autoptr(OrgaServerRows) rows = NULL;
  g_autofree char *now = now_iso8601 ();

  rows = orga_server_db_queryv (db, error,
                                "SELECT name, archived_at FROM organizations WHERE uai = $1 ORDER BY created_at",
                                job->uai, ORGA_SERVER_DB_END);
  if (rows == NULL)
    return TRANSACTION_ERROR;
  if (orga_server_rows_get_n_rows (rows) > 0 && !job->allow_duplicate)
    {
      g_autofree char *name = printable (orga_server_rows_get (rows, 0, 0));

      say (stderr, "Un établissement a déjà l’UAI %s : %s%s. "
           "Ajoutez --allow-duplicate pour en créer un autre.",
           job->uai, name, orga_server_rows_get (rows, 0, 1) != NULL ? " (archivé)" : "");
      return EXIT_REFUSED;
    }

  g_free (job->id);
  job->id = g_uuid_string_random ();
  if (!orga_server_db_execv (db, NULL, error,
                             "INSERT INTO organizations (id, uai, name, email, kind, created_at, updated_at)"
                             " VALUES ($1, $2, $3, $4, $5, $6, $6)",
                             job->id, job->uai, job->name, job->email, job->kind, now,
                             ORGA_SERVER_DB_END))
    return TRANSACTION_ERROR;

  return EXIT_OK;
}

static int
org_add (OrgaServerDb  *db,
         int            argc,
         char         **argv)
{
  const char *uai = NULL, *name = NULL, *email = NULL, *kind = NULL;
  AddJob job = { 0 };
  Option options[] = {
    { "--uai", TRUE, &uai, NULL },
    { "--name", TRUE, &name, NULL },
    { "--email", TRUE, &email, NULL },
    { "--kind", TRUE, &kind, NULL },
    { "--allow-duplicate", FALSE, NULL, &job.allow_duplicate },
  };
  const char *problem;
  int status = EXIT_REFUSED;

  if (!parse_options (argc, argv, options, G_N_ELEMENTS (options), NULL, &status))
    return status;
  if (uai == NULL)
    return usage_error ("org add demande --uai.");
  if (name == NULL)
    return usage_error ("org add demande --name.");

  if ((problem = check_uai (uai, &job.uai)) != NULL)
    {
      g_autofree char *shown = printable (uai);
      say (stderr, "%s (« %s »)", problem, shown);
      goto out;
    }
  if ((problem = check_name (name, &job.name)) != NULL)
    {
      say (stderr, "%s", problem);
      goto out;
    }
  if ((problem = check_email (email, &job.email)) != NULL)
    {
      g_autofree char *shown = printable (email);
      say (stderr, "%s (« %s »)", problem, shown);
      goto out;
    }
  if ((problem = check_kind (kind, &job.kind)) != NULL)
    {
      g_autofree char *shown = printable (kind);
      say (stderr, "%s (« %s »)", problem, shown);
      goto out;
    }
  if (job.kind == NULL)
    job.kind = g_strdup ("sco");

  status = in_transaction (db, "org add", add_in_transaction, &job);
  if (status == EXIT_OK)
    {
      say (stdout, "Établissement ajouté : %s (%s), type %s, adresse %s, id %s.",
           job.name, job.uai, job.kind, job.email != NULL ? job.email : "aucune", job.id);
      if (job.email == NULL)
        say (stderr, "Attention : sans adresse e-mail, l’espace de cet établissement "
             "ne peut pas être activé par UAI.");
    }

out:
  g_free (job.uai);
  g_free (job.name);
  g_free (job.email);
  g_free (job.kind);
  g_free (job.id);
  return status;
}

/* org import */

typedef struct
{
  guint  line;
  char  *uai;
  char  *name;
  char  *email;    /* NULL: keep (or none for a new school) */
  char  *kind;     /* NULL: keep (or sco for a new school) */
} ImportRow;

static void
import_row_free (gpointer data)
{
  ImportRow *row = data;

  g_free (row->uai);
  g_free (row->name);
  g_free (row->email);
  g_free (row->kind);
  g_free (row);
}

typedef struct
{
  char      *file;       /* for the messages */
  GPtrArray *rows;       /* ImportRow */
  GString   *errors;
  guint      n_errors;
  guint      added;
  guint      updated;
  guint      unchanged;
} ImportJob;

static void
import_error (ImportJob  *job,
              guint       line,
              const char *field,
              const char *format,
              ...) G_GNUC_PRINTF (4, 5);

static void
import_error (ImportJob  *job,
              guint       line,
              const char *field,
              const char *format,
              ...)
{
  g_autofree char *message = NULL;
  va_list args;

  job->n_errors++;
  if (job->n_errors > MAX_FILE_ERRORS)
    return;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  if (line == 0)
    g_string_append_printf (job->errors, "%s : %s\n", job->file, message);
  else if (field == NULL)
    g_string_append_printf (job->errors, "%s, ligne %u : %s\n", job->file, line, message);
  else
    g_string_append_printf (job->errors, "%s, ligne %u, champ « %s » : %s\n",
                            job->file, line, field, message);
}

/* One line of `;`-separated fields; a field may be in double quotes
 * (with "" for a quote), as spreadsheets write those holding a `;`. */
static gboolean
split_fields (const char  *line,
              GPtrArray   *fields,
              const char **problem)
{
  const char *p = line;

  for (;;)
    {
      GString *field = g_string_new (NULL);

      while (*p == ' ' || *p == '\t')
        p++;
      if (*p == '"')
        {
          for (p++;; p++)
            {
              if (*p == '\0')
                {
                  g_string_free (field, TRUE);
                  *problem = "guillemet ouvert et jamais fermé (un champ entre guillemets doit tenir sur une ligne).";
                  return FALSE;
                }
              if (*p == '"' && p[1] == '"')
                {
                  g_string_append_c (field, '"');
                  p++;
                }
              else if (*p == '"')
                break;
              else
                g_string_append_c (field, *p);
            }
          p++;
          while (*p == ' ' || *p == '\t')
            p++;
          if (*p != ';' && *p != '\0')
            {
              g_string_free (field, TRUE);
              *problem = "texte après un champ entre guillemets (un guillemet dans un champ s’écrit \"\").";
              return FALSE;
            }
        }
      else
        {
          while (*p != ';' && *p != '\0')
            g_string_append_c (field, *p++);
        }

      g_ptr_array_add (fields, g_strstrip (g_string_free (field, FALSE)));
      if (*p == '\0')
        return TRUE;
      p++;   /* the ';' */
    }
}

enum
{
  COLUMN_UAI,
  COLUMN_NAME,
  COLUMN_EMAIL,
  COLUMN_KIND,
  N_COLUMNS,
};

static const char * const column_names[N_COLUMNS] = { "uai", "name", "email", "kind" };

static int
header_column (const char *text)
{
  g_autofree char *name = g_utf8_strdown (text, -1);

  if (g_str_equal (name, "uai") || g_str_equal (name, "rne") || g_str_equal (name, "uai/rne"))
    return COLUMN_UAI;
  if (g_str_equal (name, "name") || g_str_equal (name, "nom"))
    return COLUMN_NAME;
  if (g_str_equal (name, "email") || g_str_equal (name, "e-mail") || g_str_equal (name, "courriel")
      || g_str_equal (name, "mail"))
    return COLUMN_EMAIL;
  if (g_str_equal (name, "kind") || g_str_equal (name, "type"))
    return COLUMN_KIND;
  return -1;
}

/* The line of the first byte that is not UTF-8 (1-based). */
static guint
line_of (const char *contents,
         const char *where)
{
  guint line = 1;

  for (const char *p = contents; p < where; p++)
    if (*p == '\n')
      line++;
  return line;
}

static gboolean
parse_file (ImportJob  *job,
            char       *contents,
            gsize       length)
{
  g_auto(GStrv) lines = NULL;
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);   /* uai → line */
  int columns[N_COLUMNS] = { COLUMN_UAI, COLUMN_NAME, COLUMN_EMAIL, COLUMN_KIND };
  guint n_columns = N_COLUMNS;
  gboolean first = TRUE;
  const char *end = NULL;
  char *text = contents;

  if (length >= 2 && (((guchar)contents[0] == 0xFF && (guchar)contents[1] == 0xFE)
                      || ((guchar)contents[0] == 0xFE && (guchar)contents[1] == 0xFF)))
    {
      import_error (job, 1, NULL, "le fichier est en UTF-16 ; enregistrez-le en UTF-8 (« CSV UTF-8 »).");
      return FALSE;
    }
  if (!g_utf8_validate (contents, (gssize)length, &end))
    {
      import_error (job, line_of (contents, end), NULL,
                    "le fichier n’est pas en UTF-8 (octet 0x%02X) ; enregistrez-le en UTF-8 (« CSV UTF-8 »).",
                    (guchar)*end);
      return FALSE;
    }
  /* The mark some spreadsheets put first. */
  if (g_str_has_prefix (text, "\xEF\xBB\xBF"))
    text += 3;

  lines = g_strsplit (text, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      guint line = i + 1;
      g_autoptr(GPtrArray) fields = g_ptr_array_new_with_free_func (g_free);
      const char *values[N_COLUMNS] = { NULL };
      const char *problem = NULL;
      ImportRow *row;
      gboolean row_ok = TRUE;
      gsize len = strlen (lines[i]);

      if (len > 0 && lines[i][len - 1] == '\r')
        lines[i][len - 1] = '\0';
      if (*g_strstrip (lines[i]) == '\0')
        continue;

      if (!split_fields (lines[i], fields, &problem))
        {
          import_error (job, line, NULL, "%s", problem);
          first = FALSE;
          continue;
        }

      /* A header names the columns, in any order. */
      if (first && header_column (g_ptr_array_index (fields, 0)) == COLUMN_UAI)
        {
          gboolean present[N_COLUMNS] = { FALSE };

          first = FALSE;
          n_columns = fields->len;
          if (n_columns > N_COLUMNS)
            {
              import_error (job, line, NULL, "en-tête de %u colonnes, 4 au plus (uai;name;email;kind).",
                            n_columns);
              return FALSE;
            }
          for (guint c = 0; c < n_columns; c++)
            {
              int column = header_column (g_ptr_array_index (fields, c));

              if (column < 0 || present[column])
                {
                  g_autofree char *shown = printable (g_ptr_array_index (fields, c));
                  import_error (job, line, NULL,
                                "colonne « %s » %s (attendu : uai;name;email;kind).",
                                shown, column < 0 ? "inconnue" : "en double");
                  return FALSE;
                }
              present[column] = TRUE;
              columns[c] = column;
            }
          if (!present[COLUMN_NAME])
            {
              import_error (job, line, NULL, "l’en-tête n’a pas de colonne « name ».");
              return FALSE;
            }
          continue;
        }
      first = FALSE;

      if (fields->len > n_columns)
        {
          import_error (job, line, NULL,
                        "%u champs, %u au plus (uai;name;email;kind) ; un « ; » dans un nom "
                        "s’écrit entre guillemets.", fields->len, n_columns);
          continue;
        }
      if (fields->len < 2)
        {
          import_error (job, line, NULL, "%u champ, 2 au moins (uai;name).", fields->len);
          continue;
        }
      for (guint c = 0; c < fields->len; c++)
        values[columns[c]] = g_ptr_array_index (fields, c);

      row = g_new0 (ImportRow, 1);
      row->line = line;
      if ((problem = check_uai (values[COLUMN_UAI], &row->uai)) != NULL)
        {
          g_autofree char *shown = printable (values[COLUMN_UAI]);
          import_error (job, line, column_names[COLUMN_UAI], "%s (« %s »)", problem, shown);
          row_ok = FALSE;
        }
      if ((problem = check_name (values[COLUMN_NAME], &row->name)) != NULL)
        {
          import_error (job, line, column_names[COLUMN_NAME], "%s", problem);
          row_ok = FALSE;
        }
      if ((problem = check_email (values[COLUMN_EMAIL], &row->email)) != NULL)
        {
          g_autofree char *shown = printable (values[COLUMN_EMAIL]);
          import_error (job, line, column_names[COLUMN_EMAIL], "%s (« %s »)", problem, shown);
          row_ok = FALSE;
        }
      if ((problem = check_kind (values[COLUMN_KIND], &row->kind)) != NULL)
        {
          g_autofree char *shown = printable (values[COLUMN_KIND]);
          import_error (job, line, column_names[COLUMN_KIND], "%s (« %s »)", problem, shown);
          row_ok = FALSE;
        }
      if (row_ok && g_hash_table_contains (seen, row->uai))
        {
          import_error (job, line, column_names[COLUMN_UAI], "l’UAI %s figure déjà ligne %u.",
                        row->uai, GPOINTER_TO_UINT (g_hash_table_lookup (seen, row->uai)));
          row_ok = FALSE;
        }

      if (!row_ok)
        {
          import_row_free (row);
          continue;
        }
      g_hash_table_insert (seen, row->uai, GUINT_TO_POINTER (line));
      g_ptr_array_add (job->rows, row);
    }

  if (job->n_errors == 0 && job->rows->len == 0)
    import_error (job, 0, NULL, "aucun établissement dans le fichier.");

  return job->n_errors == 0;
}

typedef struct
{
  char *id;
  char *name;
  char *email;
  char *kind;
  guint count;    /* schools with this UAI */
} Existing;

static void
existing_free (gpointer data)
{
  Existing *existing = data;

  g_free (existing->id);
  g_free (existing->name);
  g_free (existing->email);
  g_free (existing->kind);
  g_free (existing);
}

static int
import_in_transaction (OrgaServerDb  *db,
                       gpointer       data,
                       GError       **error)
{
  ImportJob *job = data;
  g_autoptr(GHashTable) existing = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, existing_free);
  g_autoptr(OrgaServerRows) rows = NULL;
  g_autofree char *now = now_iso8601 ();

  /* Counted again if a BUSY made us start over. */
  job->added = job->updated = job->unchanged = 0;
  job->n_errors = 0;
  g_string_truncate (job->errors, 0);

  /* The whole directory in one read, rather than one query a line. */
  rows = orga_server_db_queryv (db, error, "SELECT uai, id, name, email, kind FROM organizations",
                                ORGA_SERVER_DB_END);
  if (rows == NULL)
    return TRANSACTION_ERROR;
  for (guint r = 0; r < orga_server_rows_get_n_rows (rows); r++)
    {
      const char *uai = orga_server_rows_get (rows, r, 0);
      Existing *e = g_hash_table_lookup (existing, uai);

      if (e != NULL)
        {
          e->count++;
          continue;
        }
      e = g_new0 (Existing, 1);
      e->id = g_strdup (orga_server_rows_get (rows, r, 1));
      e->name = g_strdup (orga_server_rows_get (rows, r, 2));
      e->email = g_strdup (orga_server_rows_get (rows, r, 3));
      e->kind = g_strdup (orga_server_rows_get (rows, r, 4));
      e->count = 1;
      g_hash_table_insert (existing, g_strdup (uai), e);
    }

  for (guint i = 0; i < job->rows->len; i++)
    {
      ImportRow *row = g_ptr_array_index (job->rows, i);
      Existing *e = g_hash_table_lookup (existing, row->uai);

      if (e == NULL)
        {
          g_autofree char *id = g_uuid_string_random ();

          if (!orga_server_db_execv (db, NULL, error,
                                     "INSERT INTO organizations (id, uai, name, email, kind, created_at, updated_at)"
                                     " VALUES ($1, $2, $3, $4, $5, $6, $6)",
                                     id, row->uai, row->name, row->email,
                                     row->kind != NULL ? row->kind : "sco", now, ORGA_SERVER_DB_END))
            return TRANSACTION_ERROR;
          job->added++;
        }
      else if (e->count > 1)
        {
          import_error (job, row->line, column_names[COLUMN_UAI],
                        "%u établissements ont déjà l’UAI %s : impossible de savoir lequel "
                        "mettre à jour (voir org list).", e->count, row->uai);
        }
      else
        {
          const char *email = row->email != NULL ? row->email : e->email;
          const char *kind = row->kind != NULL ? row->kind : e->kind;

          if (g_strcmp0 (e->name, row->name) == 0 && g_strcmp0 (e->email, email) == 0
              && g_strcmp0 (e->kind, kind) == 0)
            {
              job->unchanged++;
              continue;
            }
          if (!orga_server_db_execv (db, NULL, error,
                                     "UPDATE organizations SET name = $2, email = $3, kind = $4, updated_at = $5"
                                     " WHERE id = $1",
                                     e->id, row->name, email, kind, now, ORGA_SERVER_DB_END))
            return TRANSACTION_ERROR;
          job->updated++;
        }
    }

  return job->n_errors == 0 ? EXIT_OK : EXIT_REFUSED;
}

static void
print_import_errors (ImportJob *job)
{
  fputs (job->errors->str, stderr);
  if (job->n_errors > MAX_FILE_ERRORS)
    say (stderr, "… et %u autres erreurs.", job->n_errors - MAX_FILE_ERRORS);
  say (stderr, "Aucun établissement n’a été importé.");
}

static int
org_import (OrgaServerDb  *db,
            int            argc,
            char         **argv)
{
  g_autoptr(GPtrArray) positional = g_ptr_array_new ();
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func (import_row_free);
  g_autoptr(GString) errors = g_string_new (NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  g_autofree char *display = NULL;
  gsize length = 0;
  ImportJob job = { 0 };
  int status = EXIT_REFUSED;

  if (!parse_options (argc, argv, NULL, 0, positional, &status))
    return status;
  if (positional->len != 1)
    return usage_error ("org import demande un fichier, et un seul.");

  display = g_filename_display_name (g_ptr_array_index (positional, 0));
  if (!g_file_get_contents (g_ptr_array_index (positional, 0), &contents, &length, &error))
    {
      say (stderr, "Impossible de lire %s : %s", display, error->message);
      return EXIT_FAILED;
    }

  job.file = display;
  job.rows = rows;
  job.errors = errors;
  if (!parse_file (&job, contents, length))
    {
      print_import_errors (&job);
      return EXIT_REFUSED;
    }

  status = in_transaction (db, "org import", import_in_transaction, &job);
  if (status == EXIT_REFUSED)
    print_import_errors (&job);
  else if (status == EXIT_OK)
    say (stdout, "%s : %u établissement(s) ajouté(s), %u mis à jour, %u inchangé(s).",
         display, job.added, job.updated, job.unchanged);

  return status;
}

/* org list */

static int
org_list (OrgaServerDb  *db,
          int            argc,
          char         **argv)
{
  gboolean json = FALSE;
  Option options[] = {
    { "--json", FALSE, NULL, &json },
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(OrgaServerRows) rows = NULL;
  int status = EXIT_REFUSED;
  guint n;

  if (!parse_options (argc, argv, options, G_N_ELEMENTS (options), NULL, &status))
    return status;

  rows = orga_server_db_queryv (db, &error,
                                "SELECT id, uai, name, email, kind, archived_at FROM organizations"
                                " ORDER BY uai, created_at, id",
                                ORGA_SERVER_DB_END);
  if (rows == NULL)
    return db_failure ("org list", error);
  n = orga_server_rows_get_n_rows (rows);

  if (json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();
      g_autoptr(JsonGenerator) generator = json_generator_new ();
      g_autoptr(JsonNode) root = NULL;
      g_autofree char *text = NULL;

      json_builder_begin_array (builder);
      for (guint r = 0; r < n; r++)
        {
          json_builder_begin_object (builder);
          json_builder_set_member_name (builder, "id");
          json_builder_add_string_value (builder, orga_server_rows_get (rows, r, 0));
          json_builder_set_member_name (builder, "uai");
          json_builder_add_string_value (builder, orga_server_rows_get (rows, r, 1));
          json_builder_set_member_name (builder, "name");
          json_builder_add_string_value (builder, orga_server_rows_get (rows, r, 2));
          json_builder_set_member_name (builder, "email");
          if (orga_server_rows_get (rows, r, 3) != NULL)
            json_builder_add_string_value (builder, orga_server_rows_get (rows, r, 3));
          else
            json_builder_add_null_value (builder);
          json_builder_set_member_name (builder, "kind");
          json_builder_add_string_value (builder, orga_server_rows_get (rows, r, 4));
          json_builder_set_member_name (builder, "archived");
          json_builder_add_boolean_value (builder, orga_server_rows_get (rows, r, 5) != NULL);
          json_builder_end_object (builder);
        }
      json_builder_end_array (builder);

      root = json_builder_get_root (builder);
      json_generator_set_root (generator, root);
      text = json_generator_to_data (generator, NULL);
      say (stdout, "%s", text);
      return EXIT_OK;
    }

  for (guint r = 0; r < n; r++)
    {
      g_autofree char *name = printable (orga_server_rows_get (rows, r, 2));
      const char *email = orga_server_rows_get (rows, r, 3);

      say (stdout, "%s  %s  %s  %s%s",
           orga_server_rows_get (rows, r, 1), name, email != NULL ? email : "-",
           orga_server_rows_get (rows, r, 4),
           orga_server_rows_get (rows, r, 5) != NULL ? "  (archivée)" : "");
    }
  if (n == 0)
    say (stderr, "Aucun établissement dans l’annuaire.");

  return EXIT_OK;
}

/* org archive */

typedef struct
{
  const char *uai;
  const char *id;
  char       *name;
  char       *shown_uai;
  gboolean    archived;    /* by us, not before */
} ArchiveJob;

static int
archive_in_transaction (OrgaServerDb  *db,
                        gpointer       data,
                        GError       **error)
{
  ArchiveJob *job = data;
  g_autoptr(OrgaServerRows) rows = NULL;
  g_autofree char *now = now_iso8601 ();
  guint n_active = 0;
  const char *id = NULL;

  job->archived = FALSE;
  if (job->id != NULL)
    rows = orga_server_db_queryv (db, error,
                                  "SELECT id, uai, name, archived_at FROM organizations WHERE id = $1",
                                  job->id, ORGA_SERVER_DB_END);
  else
    rows = orga_server_db_queryv (db, error,
                                  "SELECT id, uai, name, archived_at FROM organizations WHERE uai = $1",
                                  job->uai, ORGA_SERVER_DB_END);
  if (rows == NULL)
    return TRANSACTION_ERROR;

  if (orga_server_rows_get_n_rows (rows) == 0)
    {
      g_autofree char *shown = printable (job->id != NULL ? job->id : job->uai);

      say (stderr, job->id != NULL ? "Aucun établissement n’a l’id %s." : "Aucun établissement n’a l’UAI %s.",
           shown);
      return EXIT_REFUSED;
    }

  for (guint r = 0; r < orga_server_rows_get_n_rows (rows); r++)
    if (orga_server_rows_get (rows, r, 3) == NULL)
      {
        n_active++;
        id = orga_server_rows_get (rows, r, 0);
        g_free (job->name);
        job->name = printable (orga_server_rows_get (rows, r, 2));
        g_free (job->shown_uai);
        job->shown_uai = g_strdup (orga_server_rows_get (rows, r, 1));
      }

  if (n_active == 0)
    {
      g_autofree char *name = printable (orga_server_rows_get (rows, 0, 2));

      say (stdout, "%s (%s) est déjà archivé.", name, orga_server_rows_get (rows, 0, 1));
      return EXIT_OK;
    }
  if (n_active > 1)
    {
      say (stderr, "%u établissements ont l’UAI %s : précisez lequel avec --id (voir org list --json).",
           n_active, job->uai);
      return EXIT_REFUSED;
    }

  if (!orga_server_db_execv (db, NULL, error,
                             "UPDATE organizations SET archived_at = $2, updated_at = $2"
                             " WHERE id = $1 AND archived_at IS NULL",
                             id, now, ORGA_SERVER_DB_END))
    return TRANSACTION_ERROR;

  job->archived = TRUE;
  return EXIT_OK;
}

static int
org_archive (OrgaServerDb  *db,
             int            argc,
             char         **argv)
{
  const char *uai = NULL, *id = NULL;
  Option options[] = {
    { "--uai", TRUE, &uai, NULL },
    { "--id", TRUE, &id, NULL },
  };
  g_autofree char *normalized = NULL;
  ArchiveJob job = { 0 };
  int status = EXIT_REFUSED;

  if (!parse_options (argc, argv, options, G_N_ELEMENTS (options), NULL, &status))
    return status;
  if ((uai == NULL) == (id == NULL))
    return usage_error ("org archive demande --uai ou --id.");

  if (uai != NULL)
    {
      if (check_uai (uai, &normalized) != NULL)
        {
          g_autofree char *shown = printable (uai);
          say (stderr, "%s (« %s »)", MSG_INVALID_UAI, shown);
          return EXIT_REFUSED;
        }
      job.uai = normalized;
    }
  job.id = id;

  status = in_transaction (db, "org archive", archive_in_transaction, &job);
  if (status == EXIT_OK && job.archived)
    say (stdout, "Établissement archivé : %s (%s).", job.name, job.shown_uai);
  g_free (job.name);
  g_free (job.shown_uai);
  return status;
}

int
orga_server_admin_run (OrgaServerDb  *db,
                       int            argc,
                       char         **argv)
{
  const char *command;
  int status;

  g_return_val_if_fail (ORGA_IS_SERVER_DB (db), EXIT_FAILED);
  g_return_val_if_fail (argc >= 1 && argv != NULL, EXIT_FAILED);

  if (argc < 2)
    return usage_error ("quelle commande ? (add, import, list, archive)");

  command = argv[1];
  if (g_str_equal (command, "add"))
    status = org_add (db, argc, argv);
  else if (g_str_equal (command, "import"))
    status = org_import (db, argc, argv);
  else if (g_str_equal (command, "list"))
    status = org_list (db, argc, argv);
  else if (g_str_equal (command, "archive"))
    status = org_archive (db, argc, argv);
  else if (g_str_equal (command, "help") || g_str_equal (command, "--help") || g_str_equal (command, "-h"))
    {
      fputs (usage_text, stdout);
      status = EXIT_OK;
    }
  else
    {
      g_autofree char *shown = printable (command);
      status = usage_error ("commande inconnue « %s ».", shown);
    }

  fflush (stdout);
  fflush (stderr);
  return status;
}
