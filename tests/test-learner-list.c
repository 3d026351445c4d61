/* test-learner-list.c: OrgaLearnerList over 5,000 generated students: order,
 * search, classes, sort, paging, signals, reload, bounded memory
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <sqlite3.h>
#include <string.h>

#include "orga-importer.h"
#include "orga-learner-list.h"
#include "orga-store-campaigns.h"
#include "orga-store.h"
#include "orga-text.h"
#include "orga-test-util.h"

#define UAI "0330001A"
#define N_STUDENTS 5000

/* One school of 5,000 students shared by the read-only tests. */
static char *shared_file;
static char *shared_db;
static OrgaStore *shared_store;
static OrgaOrganization *shared_org;

/* ------------------------------------------------------------------ */
/* helpers                                                              */
/* ------------------------------------------------------------------ */

static char *
new_school_db (void)
{
  return orga_test_new_school_db (UAI, ORGA_ORGANIZATION_KIND_SCO);
}

static char *
generate (guint count)
{
  const char *gen = g_getenv ("PIXORGA_GEN_SIECLE");
  g_autofree char *count_text = g_strdup_printf ("%u", count);
  g_autofree char *name = g_strdup_printf ("gen-%u.xml", count);
  g_autoptr(GError) error = NULL;
  char *path;
  int status = 0;

  g_assert_nonnull (gen);
  path = orga_test_write_temp_file (name, "", 0);
  {
    const char *argv[] = { "python3", gen, count_text, "-o", path, NULL };

    g_spawn_sync (NULL, (char **)argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDOUT_TO_DEV_NULL,
                  NULL, NULL, NULL, NULL, &status, &error);
  }
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));

  return path;
}

static void
import_file (const char *db,
             const char *file)
{
  g_autoptr(OrgaImporter) importer = orga_importer_new (db, file);
  g_autoptr(OrgaImportReport) report = NULL;
  g_autoptr(GError) error = NULL;

  report = orga_importer_run (importer, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (orga_import_report_get_status (report), ==, ORGA_IMPORT_STATUS_IMPORTED);
}

static OrgaLearner *
item (OrgaLearnerList *list,
      guint            position)
{
  OrgaLearner *learner = g_list_model_get_item (G_LIST_MODEL (list), position);

  g_assert_true (ORGA_IS_LEARNER (learner));
  return learner;
}

/* As the store builds name_key: "last first", folded. */
static char *
name_key (OrgaLearner *learner)
{
  GString *key = g_string_new (NULL);

  orga_text_append_fold (key, orga_learner_get_last_name (learner));
  g_string_append_c (key, ' ');
  orga_text_append_fold (key, orga_learner_get_first_name (learner));

  return g_string_free (key, FALSE);
}

/* Students of the shared school, read straight from the store in name
 * order: the reference the list is compared with. */
typedef struct
{
  char *ine;
  char *key;
  char *division;
} Ref;

static void
ref_free (gpointer data)
{
  Ref *r = data;

  g_free (r->ine);
  g_free (r->key);
  g_free (r->division);
  g_free (r);
}

static gboolean
collect_ref (const OrgaLearnerRow *row,
             gpointer              user_data)
{
  GPtrArray *refs = user_data;
  Ref *r = g_new0 (Ref, 1);
  GString *key = g_string_new (NULL);

  orga_text_append_fold (key, row->fields.last_name);
  g_string_append_c (key, ' ');
  orga_text_append_fold (key, row->fields.first_name);
  r->ine = g_strdup (row->fields.ine);
  r->key = g_string_free (key, FALSE);
  r->division = g_strdup (row->fields.division);
  g_ptr_array_add (refs, r);

  return TRUE;
}

static GPtrArray *
reference (void)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *refs = g_ptr_array_new_with_free_func (ref_free);

  orga_store_foreach_learner (shared_store, shared_org, NULL, collect_ref, refs, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (refs->len, ==, N_STUDENTS);

  return refs;
}

/* How many reference students hold every word of @words in their key and
 * are in one of @divisions (NULL for all). */
static guint
count_matching (GPtrArray          *refs,
                const char * const *words,
                const char * const *divisions)
{
  guint n = 0;

  for (guint i = 0; i < refs->len; i++)
    {
      Ref *r = g_ptr_array_index (refs, i);
      gboolean ok = TRUE;

      for (guint w = 0; words != NULL && words[w] != NULL && ok; w++)
        ok = strstr (r->key, words[w]) != NULL;
      if (ok && divisions != NULL)
        ok = g_strv_contains (divisions, r->division);
      if (ok)
        n++;
    }

  return n;
}

/* Every item holds each of @words, and is in one of @divisions. */
static void
assert_all_match (OrgaLearnerList    *list,
                  const char * const *words,
                  const char * const *divisions)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (list));

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(OrgaLearner) l = item (list, i);
      g_autofree char *key = name_key (l);

      for (guint w = 0; words != NULL && words[w] != NULL; w++)
        if (strstr (key, words[w]) == NULL)
          g_error ("item %u \"%s\" does not hold \"%s\"", i, key, words[w]);
      if (divisions != NULL)
        g_assert_true (g_strv_contains (divisions, orga_learner_get_division (l)));
    }
}

/* ------------------------------------------------------------------ */
/* tests                                                                */
/* ------------------------------------------------------------------ */

static void
test_initial (void)
{
  g_autoptr(OrgaLearnerList) list = orga_learner_list_new (shared_store, shared_org);
  GListModel *model = G_LIST_MODEL (list);
  g_autofree char *previous = NULL;
  g_autofree char *previous_ine = NULL;
  guint n_items = 0, total = 0;
  gboolean filtered = TRUE;
  GType item_type = G_TYPE_INVALID;

  g_assert_cmpuint (g_list_model_get_n_items (model), ==, N_STUDENTS);
  g_assert_cmpuint (orga_learner_list_get_total (list), ==, N_STUDENTS);
  g_assert_false (orga_learner_list_get_filtered (list));
  g_assert_true (g_list_model_get_item_type (model) == ORGA_TYPE_LEARNER);
  g_object_get (list, "n-items", &n_items, "total", &total, "filtered", &filtered,
                "item-type", &item_type, NULL);
  g_assert_cmpuint (n_items, ==, N_STUDENTS);
  g_assert_cmpuint (total, ==, N_STUDENTS);
  g_assert_false (filtered);
  g_assert_true (item_type == ORGA_TYPE_LEARNER);

  g_assert_null (g_list_model_get_item (model, N_STUDENTS));
  g_assert_null (g_list_model_get_item (model, G_MAXUINT));

  /* Name order: folded "last first", then INE. */
  for (guint i = 0; i < N_STUDENTS; i++)
    {
      g_autoptr(OrgaLearner) l = item (list, i);
      g_autofree char *key = name_key (l);

      g_assert_false (orga_learner_get_disabled (l));
      if (previous != NULL)
        {
          int cmp = strcmp (previous, key);

          if (cmp > 0)
            g_error ("items %u and %u out of order: \"%s\" > \"%s\"", i - 1, i, previous, key);
          if (cmp == 0)
            g_assert_cmpint (strcmp (previous_ine, orga_learner_get_ine (l)), <, 0);
        }
      g_free (previous);
      g_free (previous_ine);
      previous = g_steal_pointer (&key);
      previous_ine = g_strdup (orga_learner_get_ine (l));
    }
}

static void
test_learner_properties (void)
{
  g_autoptr(OrgaLearnerList) list = orga_learner_list_new (shared_store, shared_org);
  g_autoptr(OrgaLearner) l = item (list, 1234);
  g_autofree char *full = orga_learner_dup_full_name (l);
  g_autofree char *expected_full = NULL;
  g_autofree char *last = NULL;
  g_autofree char *first = NULL;
  g_autofree char *birthdate = NULL;
  g_autofree char *display = NULL;
  g_autofree char *division = NULL;
  g_autofree char *uuid = NULL;
  g_autofree char *ine = NULL;
  g_autofree char *sex = NULL;
  g_autofree char *country = NULL;
  g_autofree char *last_participation = NULL;
  g_autofree char *certifiable = NULL;
  gint64 id = 0;
  gboolean disabled = TRUE;
  guint participations = 99;
  const char *iso;

  g_object_get (l,
                "id", &id, "uuid", &uuid, "ine", &ine, "last-name", &last, "first-name", &first,
                "sex", &sex, "birthdate", &birthdate, "birthdate-display", &display,
                "birth-country-code", &country, "division", &division, "disabled", &disabled,
                "participation-count", &participations, "last-participation", &last_participation,
                "certifiable", &certifiable,
                NULL);

  g_assert_cmpint (id, ==, orga_learner_get_id (l));
  g_assert_cmpint (id, >, 0);
  g_assert_cmpuint (strlen (uuid), ==, 36);
  g_assert_cmpuint (strlen (ine), ==, 11);
  g_assert_cmpstr (last, ==, orga_learner_get_last_name (l));
  g_assert_cmpstr (first, ==, orga_learner_get_first_name (l));
  g_assert_true (g_strcmp0 (sex, "M") == 0 || g_strcmp0 (sex, "F") == 0);
  g_assert_false (disabled);
  g_assert_cmpuint (participations, ==, 0);
  g_assert_null (last_participation);
  g_assert_null (certifiable);
  g_assert_nonnull (division);
  g_assert_nonnull (country);

  /* "2012-03-05" shown "05/03/2012". */
  iso = orga_learner_get_birthdate (l);
  g_assert_cmpstr (iso, ==, birthdate);
  g_assert_cmpuint (strlen (iso), ==, 10);
  g_assert_cmpuint (strlen (display), ==, 10);
  g_assert_true (strncmp (display, iso + 8, 2) == 0);
  g_assert_true (strncmp (display + 3, iso + 5, 2) == 0);
  g_assert_true (strncmp (display + 6, iso, 4) == 0);
  g_assert_true (display[2] == '/' && display[5] == '/');

  expected_full = g_strdup_printf ("%s %s", last, first);
  g_assert_cmpstr (full, ==, expected_full);

  {
    OrgaLearnerRow row = { 0 };
    g_autoptr(OrgaLearner) handmade = NULL;
    g_autofree char *name = NULL;

    row.id = 7;
    row.uuid = "0190a0b4-0000-7000-8000-000000000000";
    row.fields.ine = "123456789AB";
    row.fields.last_name = "HANDMADE";
    row.fields.first_name = "Luciole";
    row.fields.birthdate = "1994-12-31";
    row.disabled_at = "2026-01-01T00:00:00Z";
    handmade = orga_learner_new_from_row (&row);
    name = orga_learner_dup_full_name (handmade);
    g_assert_cmpstr (name, ==, "HANDMADE Luciole");
    g_assert_cmpstr (orga_learner_get_birthdate_display (handmade), ==, "31/12/1994");
    g_assert_true (orga_learner_get_disabled (handmade));
    g_assert_null (orga_learner_get_division (handmade));
  }
}

static void
test_search (void)
{
  g_autoptr(OrgaLearnerList) list = orga_learner_list_new (shared_store, shared_org);
  g_autoptr(GPtrArray) refs = reference ();
  GListModel *model = G_LIST_MODEL (list);
  const char *lefevre[] = { "lefevre", NULL };
  const char *eloise[] = { "eloise", NULL };
  const char *both[] = { "lefevre", "eloise", NULL };
  gboolean found = FALSE;
  guint n;

  /* Lower case without accent finds "LEFÈVRE". */
  orga_learner_list_set_search (list, "lefevre");
  g_assert_cmpstr (orga_learner_list_get_search (list), ==, "lefevre");
  g_assert_true (orga_learner_list_get_filtered (list));
  n = g_list_model_get_n_items (model);
  g_assert_cmpuint (n, >, 0);
  g_assert_cmpuint (n, ==, count_matching (refs, lefevre, NULL));
  g_assert_cmpuint (orga_learner_list_get_total (list), ==, N_STUDENTS);
  assert_all_match (list, lefevre, NULL);
  for (guint i = 0; i < n && !found; i++)
    {
      g_autoptr(OrgaLearner) l = item (list, i);
      found = g_strcmp0 (orga_learner_get_last_name (l), "LEFÈVRE") == 0;
    }
  g_assert_true (found);

  /* Accents and capitals in the query do not matter either. */
  orga_learner_list_set_search (list, "LeFÈvRe");
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, n);

  /* "éloïse" finds "Éloïse" (and "Héloïse": a substring search). */
  orga_learner_list_set_search (list, "éloïse");
  n = g_list_model_get_n_items (model);
  g_assert_cmpuint (n, >, 0);
  g_assert_cmpuint (n, ==, count_matching (refs, eloise, NULL));
  assert_all_match (list, eloise, NULL);
  found = FALSE;
  for (guint i = 0; i < n && !found; i++)
    {
      g_autoptr(OrgaLearner) l = item (list, i);
      found = g_strcmp0 (orga_learner_get_first_name (l), "Éloïse") == 0;
    }
  g_assert_true (found);
  orga_learner_list_set_search (list, "ELOISE");
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, n);

  /* Every word must match, in any order, with any spacing. */
  orga_learner_list_set_search (list, "lefèvre éloïse");
  n = g_list_model_get_n_items (model);
  g_assert_cmpuint (n, ==, count_matching (refs, both, NULL));
  g_assert_cmpuint (n, <, count_matching (refs, lefevre, NULL));
  assert_all_match (list, both, NULL);
  orga_learner_list_set_search (list, "  Eloise   LEFEVRE ");
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, n);

  /* Prefixes of names, as when typing. */
  orga_learner_list_set_search (list, "lef");
  g_assert_cmpuint (g_list_model_get_n_items (model), >=, count_matching (refs, lefevre, NULL));

  /* Ligature and apostrophe: "LE CŒUR", "N'DIAYE". */
  orga_learner_list_set_search (list, "coeur");
  g_assert_cmpuint (g_list_model_get_n_items (model), >, 0);
  orga_learner_list_set_search (list, "n'diaye");
  g_assert_cmpuint (g_list_model_get_n_items (model), >, 0);

  /* SQL wildcards are plain characters. */
  orga_learner_list_set_search (list, "%");
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 0);
  orga_learner_list_set_search (list, "_");
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 0);

  orga_learner_list_set_search (list, "zzzz");
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 0);
  g_assert_null (g_list_model_get_item (model, 0));
  g_assert_true (orga_learner_list_get_filtered (list));

  /* Blank or NULL: everyone again. */
  orga_learner_list_set_search (list, "   ");
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, N_STUDENTS);
  g_assert_false (orga_learner_list_get_filtered (list));
  orga_learner_list_set_search (list, "lefevre");
  g_object_set (list, "search", NULL, NULL);
  g_assert_null (orga_learner_list_get_search (list));
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, N_STUDENTS);
  g_assert_false (orga_learner_list_get_filtered (list));
}

static void
test_divisions (void)
{
  g_autoptr(OrgaLearnerList) list = orga_learner_list_new (shared_store, shared_org);
  g_autoptr(GPtrArray) refs = reference ();
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) all = orga_store_list_divisions (shared_store, shared_org, &error);
  GListModel *model = G_LIST_MODEL (list);
  const char *one[] = { "6A", NULL };
  const char *two[] = { "6A", "3H", NULL };
  const char *none[] = { NULL };
  const char *lefevre[] = { "lefevre", NULL };
  guint n_one, n_two;

  /* The generator spreads students over 6A..3H. */
  g_assert_no_error (error);
  g_assert_cmpuint (g_strv_length (all), ==, 32);
  g_assert_cmpstr (all[0], ==, "3A");
  g_assert_cmpstr (all[7], ==, "3H");
  g_assert_cmpstr (all[8], ==, "4A");
  g_assert_cmpstr (all[31], ==, "6H");
  /* The list's own classes, from its index, are the store's. */
  {
    g_auto(GStrv) from_index = orga_learner_list_dup_divisions (list);

    g_assert_true (g_strv_equal ((const char * const *)from_index, (const char * const *)all));
  }

  orga_learner_list_set_divisions (list, one);
  n_one = g_list_model_get_n_items (model);
  g_assert_cmpuint (n_one, >, 0);
  g_assert_cmpuint (n_one, ==, count_matching (refs, NULL, one));
  g_assert_true (orga_learner_list_get_filtered (list));
  g_assert_true (g_strv_equal (orga_learner_list_get_divisions (list), one));
  assert_all_match (list, NULL, one);

  orga_learner_list_set_divisions (list, two);
  n_two = g_list_model_get_n_items (model);
  g_assert_cmpuint (n_two, >, n_one);
  g_assert_cmpuint (n_two, ==, count_matching (refs, NULL, two));
  assert_all_match (list, NULL, two);
  g_assert_cmpuint (orga_learner_list_get_total (list), ==, N_STUDENTS);

  /* With a search too. */
  orga_learner_list_set_search (list, "Lefèvre");
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, count_matching (refs, lefevre, two));
  assert_all_match (list, lefevre, two);
  orga_learner_list_set_search (list, NULL);

  /* An empty array means every class, as NULL does. */
  orga_learner_list_set_divisions (list, none);
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, N_STUDENTS);
  g_assert_null (orga_learner_list_get_divisions (list));
  g_assert_false (orga_learner_list_get_filtered (list));

  g_object_set (list, "divisions", two, NULL);
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, n_two);
  orga_learner_list_set_divisions (list, NULL);
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, N_STUDENTS);

  /* A class nobody is in. */
  {
    const char *ghost[] = { "2NDE12", NULL };

    orga_learner_list_set_divisions (list, ghost);
    g_assert_cmpuint (g_list_model_get_n_items (model), ==, 0);
  }
}

static void
assert_division_order (OrgaLearnerList *list,
                       gboolean         descending,
                       guint            n_divisions)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (list));
  g_autoptr(OrgaLearner) previous = NULL;
  guint changes = 0;

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(OrgaLearner) l = item (list, i);

      if (previous != NULL)
        {
          int cmp = orga_store_compare_divisions (orga_learner_get_division (previous),
                                                  orga_learner_get_division (l));

          if (descending)
            cmp = -cmp;
          g_assert_cmpint (cmp, <=, 0);
          if (cmp == 0)
            {
              /* Within a class, names stay in ascending order. */
              g_autofree char *a = name_key (previous);
              g_autofree char *b = name_key (l);

              g_assert_cmpint (strcmp (a, b), <=, 0);
            }
          else
            {
              changes++;
            }
        }
      g_set_object (&previous, l);
    }

  g_assert_cmpuint (changes, ==, n_divisions - 1);
}

static void
test_sort (void)
{
  g_autoptr(OrgaLearnerList) list = orga_learner_list_new (shared_store, shared_org);
  g_autoptr(GPtrArray) refs = reference ();
  GListModel *model = G_LIST_MODEL (list);
  gboolean descending = TRUE;

  g_assert_cmpint (orga_learner_list_get_sort (list, &descending), ==, ORGA_LEARNER_SORT_NAME);
  g_assert_false (descending);

  orga_learner_list_set_sort (list, ORGA_LEARNER_SORT_DIVISION, FALSE);
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, N_STUDENTS);
  assert_division_order (list, FALSE, 32);
  {
    g_autoptr(OrgaLearner) first = item (list, 0);
    g_autoptr(OrgaLearner) last = item (list, N_STUDENTS - 1);

    g_assert_cmpstr (orga_learner_get_division (first), ==, "3A");
    g_assert_cmpstr (orga_learner_get_division (last), ==, "6H");
  }

  orga_learner_list_set_sort (list, ORGA_LEARNER_SORT_DIVISION, TRUE);
  g_assert_cmpint (orga_learner_list_get_sort (list, &descending), ==, ORGA_LEARNER_SORT_DIVISION);
  g_assert_true (descending);
  assert_division_order (list, TRUE, 32);
  {
    g_autoptr(OrgaLearner) first = item (list, 0);

    g_assert_cmpstr (orga_learner_get_division (first), ==, "6H");
  }

  /* Sorted by class within a filter. */
  {
    const char *two[] = { "6A", "3H", NULL };

    orga_learner_list_set_divisions (list, two);
    assert_division_order (list, TRUE, 2);
    orga_learner_list_set_divisions (list, NULL);
  }

  /* Name descending is the exact reverse of name ascending. */
  orga_learner_list_set_sort (list, ORGA_LEARNER_SORT_NAME, TRUE);
  for (guint i = 0; i < N_STUDENTS; i++)
    {
      g_autoptr(OrgaLearner) l = item (list, i);
      Ref *r = g_ptr_array_index (refs, N_STUDENTS - 1 - i);

      g_assert_cmpstr (orga_learner_get_ine (l), ==, r->ine);
    }

  /* Back to ascending and down again, which reverses the ids without a
   * query: the same as querying, with a search too. */
  orga_learner_list_set_sort (list, ORGA_LEARNER_SORT_NAME, FALSE);
  for (guint i = 0; i < N_STUDENTS; i += 7)
    {
      g_autoptr(OrgaLearner) l = item (list, i);
      Ref *r = g_ptr_array_index (refs, i);

      g_assert_cmpstr (orga_learner_get_ine (l), ==, r->ine);
    }
  {
    g_autoptr(OrgaLearnerList) queried = orga_learner_list_new (shared_store, shared_org);
    guint n;

    orga_learner_list_set_search (list, "ma");
    orga_learner_list_set_sort (list, ORGA_LEARNER_SORT_NAME, TRUE);
    orga_learner_list_set_sort (queried, ORGA_LEARNER_SORT_DIVISION, FALSE);
    orga_learner_list_set_search (queried, "ma");
    orga_learner_list_set_sort (queried, ORGA_LEARNER_SORT_NAME, TRUE);
    n = g_list_model_get_n_items (model);
    g_assert_cmpuint (n, >, 100);
    g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (queried)), ==, n);
    for (guint i = 0; i < n; i++)
      {
        g_autoptr(OrgaLearner) a = item (list, i);
        g_autoptr(OrgaLearner) b = item (queried, i);

        g_assert_cmpint (orga_learner_get_id (a), ==, orga_learner_get_id (b));
      }
    orga_learner_list_set_search (list, NULL);
  }

  /* No campaign yet: participations all 0, so name order either way. */
  for (int desc = 0; desc <= 1; desc++)
    {
      orga_learner_list_set_sort (list, ORGA_LEARNER_SORT_PARTICIPATIONS, desc);
      for (guint i = 0; i < N_STUDENTS; i += 97)
        {
          g_autoptr(OrgaLearner) l = item (list, i);
          Ref *r = g_ptr_array_index (refs, i);

          g_assert_cmpstr (orga_learner_get_ine (l), ==, r->ine);
          g_assert_cmpuint (orga_learner_get_participation_count (l), ==, 0);
        }
    }
}

static void
test_random_access (void)
{
  g_autoptr(OrgaLearnerList) list = orga_learner_list_new (shared_store, shared_org);
  g_autoptr(GPtrArray) refs = reference ();

  /* Jumps far enough apart to load and evict pages all the time. */
  for (guint k = 0; k < 2000; k++)
    {
      guint position = g_test_rand_int_range (0, N_STUDENTS);
      g_autoptr(OrgaLearner) l = item (list, position);
      Ref *r = g_ptr_array_index (refs, position);

      g_assert_cmpstr (orga_learner_get_ine (l), ==, r->ine);
      g_assert_cmpstr (orga_learner_get_division (l), ==, r->division);
    }

  /* The edges of a page, and the last, partial page. */
  {
    const guint positions[] = { 0, 63, 64, 65, 127, 128, 4991, 4992, 4999 };

    for (guint k = 0; k < G_N_ELEMENTS (positions); k++)
      {
        g_autoptr(OrgaLearner) l = item (list, positions[k]);
        Ref *r = g_ptr_array_index (refs, positions[k]);

        g_assert_cmpstr (orga_learner_get_ine (l), ==, r->ine);
      }
  }

  /* While its page is kept, a position gives the same object. */
  {
    g_autoptr(OrgaLearner) a = item (list, 2500);
    g_autoptr(OrgaLearner) b = item (list, 2500);

    g_assert_true (a == b);
  }
}

typedef struct
{
  GHashTable *alive;
  guint       max_alive;
} Census;

static void
learner_finalized (gpointer  data,
                   GObject  *where_the_object_was)
{
  Census *census = data;

  g_assert_true (g_hash_table_remove (census->alive, where_the_object_was));
}

static void
census_see (Census      *census,
            OrgaLearner *learner)
{
  if (g_hash_table_add (census->alive, learner))
    g_object_weak_ref (G_OBJECT (learner), learner_finalized, census);
  census->max_alive = MAX (census->max_alive, g_hash_table_size (census->alive));
}

static void
test_bounded (void)
{
  OrgaLearnerList *list = orga_learner_list_new (shared_store, shared_org);
  Census census = { g_hash_table_new (NULL, NULL), 0 };

  /* Nothing is read before a view asks. */
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, N_STUDENTS);

  for (guint pass = 0; pass < 2; pass++)
    for (guint i = 0; i < N_STUDENTS; i++)
      {
        guint position = pass == 0 ? i : N_STUDENTS - 1 - i;
        g_autoptr(OrgaLearner) l = item (list, position);

        census_see (&census, l);
      }

  g_test_message ("at most %u learners alive while walking %u positions twice",
                  census.max_alive, N_STUDENTS);
  g_assert_cmpuint (census.max_alive, <=, 16 * 64);
  g_assert_cmpuint (census.max_alive, >=, 64);

  /* A new query empties the cache. */
  orga_learner_list_set_search (list, "lefevre");
  g_assert_cmpuint (g_hash_table_size (census.alive), ==, 0);
  {
    g_autoptr(OrgaLearner) l = item (list, 0);

    census_see (&census, l);
  }
  g_assert_cmpuint (g_hash_table_size (census.alive), >, 0);

  g_object_unref (list);
  g_assert_cmpuint (g_hash_table_size (census.alive), ==, 0);
  g_hash_table_unref (census.alive);
}

typedef struct
{
  guint calls;
  guint position;
  guint removed;
  guint added;
  guint n_items_notifies;
  guint total_notifies;
  guint filtered_notifies;
  guint search_notifies;
} Signals;

static void
items_changed_cb (GListModel *model,
                  guint       position,
                  guint       removed,
                  guint       added,
                  Signals    *s)
{
  /* The model already holds the new items when it says so. */
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, position + added);
  s->calls++;
  s->position = position;
  s->removed += removed;
  s->added += added;
}

static void
notify_cb (GObject    *object,
           GParamSpec *pspec,
           Signals    *s)
{
  if (g_str_equal (pspec->name, "n-items"))
    s->n_items_notifies++;
  else if (g_str_equal (pspec->name, "total"))
    s->total_notifies++;
  else if (g_str_equal (pspec->name, "filtered"))
    s->filtered_notifies++;
  else if (g_str_equal (pspec->name, "search"))
    s->search_notifies++;
}

/* A requery is reported as one removal of the old items then one addition
 * of the new ones (so GTK 4.8 does not scan them all for widgets to reuse). */
static void
assert_signal (Signals *s,
               guint    removed,
               guint    added)
{
  g_assert_cmpuint (s->calls, ==, (removed > 0) + (added > 0));
  g_assert_cmpuint (s->position, ==, 0);
  g_assert_cmpuint (s->removed, ==, removed);
  g_assert_cmpuint (s->added, ==, added);
  g_assert_cmpuint (s->n_items_notifies, ==, removed != added ? 1 : 0);
  memset (s, 0, sizeof *s);
}

static void
test_items_changed (void)
{
  g_autoptr(OrgaLearnerList) list = orga_learner_list_new (shared_store, shared_org);
  GListModel *model = G_LIST_MODEL (list);
  const char *one[] = { "5C", NULL };
  Signals s = { 0 };
  guint n_search, n_class;

  g_signal_connect (list, "items-changed", G_CALLBACK (items_changed_cb), &s);
  g_signal_connect (list, "notify", G_CALLBACK (notify_cb), &s);

  orga_learner_list_set_search (list, "lefevre");
  n_search = g_list_model_get_n_items (model);
  g_assert_cmpuint (s.search_notifies, ==, 1);
  g_assert_cmpuint (s.filtered_notifies, ==, 1);
  s.search_notifies = s.filtered_notifies = 0;
  assert_signal (&s, N_STUDENTS, n_search);

  /* Same words: the property changes, the list does not. */
  orga_learner_list_set_search (list, "LEFÈVRE ");
  g_assert_cmpuint (s.search_notifies, ==, 1);
  s.search_notifies = 0;
  g_assert_cmpuint (s.calls, ==, 0);
  orga_learner_list_set_search (list, "LEFÈVRE ");
  g_assert_cmpuint (s.search_notifies, ==, 0);

  orga_learner_list_set_divisions (list, one);
  n_class = g_list_model_get_n_items (model);
  g_assert_cmpuint (n_class, <, n_search);
  g_assert_cmpuint (s.filtered_notifies, ==, 0);
  assert_signal (&s, n_search, n_class);
  orga_learner_list_set_divisions (list, one);
  g_assert_cmpuint (s.calls, ==, 0);

  /* A new order: same count, every item replaced. */
  orga_learner_list_set_sort (list, ORGA_LEARNER_SORT_NAME, TRUE);
  assert_signal (&s, n_class, n_class);
  orga_learner_list_set_sort (list, ORGA_LEARNER_SORT_NAME, TRUE);
  g_assert_cmpuint (s.calls, ==, 0);

  /* Nothing matches, then nothing again: no signal for 0 -> 0. */
  orga_learner_list_set_search (list, "zzzz");
  assert_signal (&s, n_class, 0);
  s.search_notifies = 0;
  orga_learner_list_set_search (list, "zzzzz");
  g_assert_cmpuint (s.calls, ==, 0);
  s.search_notifies = 0;

  orga_learner_list_set_search (list, NULL);
  orga_learner_list_set_divisions (list, NULL);
  g_assert_cmpuint (s.filtered_notifies, ==, 1);
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, N_STUDENTS);
  memset (&s, 0, sizeof s);

  /* A reload with nothing changed still tells the views to re-read. */
  {
    g_autoptr(GError) error = NULL;

    g_assert_true (orga_learner_list_reload (list, &error));
    g_assert_no_error (error);
    assert_signal (&s, N_STUDENTS, N_STUDENTS);
    g_assert_cmpuint (s.total_notifies, ==, 0);
  }
}

static void
test_reload_after_import (void)
{
  g_autofree char *db = new_school_db ();
  g_autofree char *fewer = generate (4000);
  g_autoptr(GError) error = NULL;
  g_autoptr(OrgaStore) store = NULL;
  g_autoptr(OrgaOrganization) org = NULL;
  g_autoptr(OrgaLearnerList) list = NULL;
  const char *one[] = { "4B", NULL };
  Signals s = { 0 };
  guint n_class;

  store = orga_store_open (db, &error);
  g_assert_no_error (error);
  org = orga_store_get_organization (store, &error);
  g_assert_no_error (error);

  /* An empty school. */
  list = orga_learner_list_new (store, org);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 0);
  g_assert_cmpuint (orga_learner_list_get_total (list), ==, 0);
  g_assert_null (g_list_model_get_item (G_LIST_MODEL (list), 0));

  g_signal_connect (list, "items-changed", G_CALLBACK (items_changed_cb), &s);
  g_signal_connect (list, "notify", G_CALLBACK (notify_cb), &s);

  /* The first import, written by another connection as the app does. */
  import_file (db, shared_file);
  g_assert_true (orga_learner_list_reload (list, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (s.total_notifies, ==, 1);
  s.total_notifies = 0;
  assert_signal (&s, 0, N_STUDENTS);
  g_assert_cmpuint (orga_learner_list_get_total (list), ==, N_STUDENTS);

  /* The same generator with fewer students: the first 4,000 stay (same
   * INEs), the last 1,000 leave and are disabled. A class filter is on:
   * the total still counts the whole school. */
  orga_learner_list_set_divisions (list, one);
  memset (&s, 0, sizeof s);
  import_file (db, fewer);
  g_assert_true (orga_learner_list_reload (list, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (orga_learner_list_get_total (list), ==, 4000);
  g_assert_cmpuint (s.total_notifies, ==, 1);
  n_class = g_list_model_get_n_items (G_LIST_MODEL (list));
  g_assert_cmpuint (s.calls, ==, (s.removed > 0) + 1);
  g_assert_cmpuint (s.added, ==, n_class);
  assert_all_match (list, NULL, one);
  g_assert_cmpuint (orga_store_count_learners (store, org, FALSE, &error), ==, 4000);

  orga_learner_list_set_divisions (list, NULL);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 4000);
  for (guint i = 0; i < 4000; i += 13)
    {
      g_autoptr(OrgaLearner) l = item (list, i);

      g_assert_false (orga_learner_get_disabled (l));
    }

  /* And back up: the leavers return. */
  import_file (db, shared_file);
  memset (&s, 0, sizeof s);
  g_assert_true (orga_learner_list_reload (list, &error));
  g_assert_no_error (error);
  assert_signal (&s, 4000, N_STUDENTS);
  g_assert_cmpuint (orga_learner_list_get_total (list), ==, N_STUDENTS);
}

static void
test_compare_divisions (void)
{
  const char *ordered[] = { "3A", "3B", "4A", "5A", "6e1", "6e2", "6e10", "6E11", "6e20", "TERM",
                            "Terminale 1", "Terminale 2", "TERMINALE 10" };

  for (guint i = 0; i + 1 < G_N_ELEMENTS (ordered); i++)
    {
      if (orga_store_compare_divisions (ordered[i], ordered[i + 1]) >= 0)
        g_error ("\"%s\" should come before \"%s\"", ordered[i], ordered[i + 1]);
      g_assert_cmpint (orga_store_compare_divisions (ordered[i + 1], ordered[i]), >, 0);
    }

  g_assert_cmpint (orga_store_compare_divisions ("6A", "6A"), ==, 0);
  g_assert_cmpint (orga_store_compare_divisions (NULL, "6A"), <, 0);
  g_assert_cmpint (orga_store_compare_divisions (NULL, NULL), ==, 0);

  /* Case and accents aside, still one fixed order. */
  g_assert_cmpint (orga_store_compare_divisions ("6a", "6A"), !=, 0);
  g_assert_cmpint (orga_store_compare_divisions ("6a", "6B"), <, 0);
  g_assert_cmpint (orga_store_compare_divisions ("6A", "6b"), <, 0);
  g_assert_cmpint (orga_store_compare_divisions ("4ème A", "4EME B"), <, 0);
  g_assert_cmpint (orga_store_compare_divisions ("4ÈME B", "4eme A"), >, 0);
  g_assert_cmpint (orga_store_compare_divisions ("Élite", "Etude"), <, 0);
  /* Blanks collapse. */
  g_assert_cmpint (orga_store_compare_divisions ("2NDE  1", "2NDE 2"), <, 0);
  g_assert_cmpint (orga_store_compare_divisions ("2NDE 2", "2NDE  10"), <, 0);
  /* Numbers by value, leading zeros aside. */
  g_assert_cmpint (orga_store_compare_divisions ("6e02", "6e10"), <, 0);
  g_assert_cmpint (orga_store_compare_divisions ("6e9", "6e010"), <, 0);
}

/* Participations on the list: count, last one with its details, and the
 * sort by count. Three students of a 30-student school take part: A twice
 * (two campaigns), B once, C once in an earlier attempt then again
 * (multiple sendings: only the latest attempt counts). */
static void
add_participation (OrgaStore    *store,
                   OrgaCampaign *campaign,
                   gint64        learner_id,
                   gint64        created_at,
                   OrgaParticipationStatus status)
{
  const OrgaTargetProfile *profile = orga_campaign_get_target_profile (campaign);
  guint size = profile != NULL ? profile->n_tubes : ORGA_FRAMEWORK_N_COMPETENCES;
  g_autoptr(OrgaParticipationSet) set = orga_participation_set_new (size);
  g_autofree guint8 *results = g_new0 (guint8, size);
  g_autoptr(GError) error = NULL;
  OrgaParticipation p = { 0 };

  p.learner_id = learner_id;
  p.status = status;
  p.created_at = created_at;
  p.shared_at = status == ORGA_PARTICIPATION_SHARED ? created_at + 3600 : 0;
  p.is_certifiable = -1;
  p.results = results;
  orga_participation_set_add (set, &p);
  orga_store_add_participations (store, campaign, set, &error);
  g_assert_no_error (error);
}

static void
test_participations (void)
{
  g_autofree char *db = new_school_db ();
  g_autofree char *file = generate (30);
  g_autoptr(OrgaStore) store = NULL;
  g_autoptr(OrgaOrganization) org = NULL;
  g_autoptr(OrgaLearnerList) list = NULL;
  g_autoptr(OrgaCampaign) first = NULL;
  g_autoptr(OrgaCampaign) second = NULL;
  g_autoptr(GError) error = NULL;
  OrgaCampaignSpec spec = { 0 };
  gint64 a, b, c, d;
  GListModel *model;

  import_file (db, file);
  store = orga_store_open (db, &error);
  g_assert_no_error (error);
  org = orga_store_get_organization (store, &error);
  g_assert_no_error (error);

  list = orga_learner_list_new (store, org);
  model = G_LIST_MODEL (list);
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 30);
  {
    g_autoptr(OrgaLearner) la = item (list, 3);
    g_autoptr(OrgaLearner) lb = item (list, 10);
    g_autoptr(OrgaLearner) lc = item (list, 20);

    a = orga_learner_get_id (la);
    b = orga_learner_get_id (lb);
    c = orga_learner_get_id (lc);
    g_assert_cmpuint (orga_learner_get_participation_count (la), ==, 0);
    g_assert_null (orga_learner_get_last_participation (la));
  }

  spec.name = "Rentrée 6e";
  spec.type = ORGA_CAMPAIGN_TYPE_ASSESSMENT;
  spec.target_profile_id = "rentree-6e";
  spec.owner = spec.creator = "Mme Durand";
  spec.multiple_sendings = TRUE;
  first = orga_store_create_campaign (store, org, &spec, &error);
  g_assert_no_error (error);
  spec.name = "Collecte de profils";
  spec.type = ORGA_CAMPAIGN_TYPE_PROFILES_COLLECTION;
  spec.target_profile_id = NULL;
  second = orga_store_create_campaign (store, org, &spec, &error);
  g_assert_no_error (error);

  /* 2024-09-10 08:00 UTC and 2024-10-01 22:30 UTC (2 October in Paris). */
  add_participation (store, first, a, 1725955200, ORGA_PARTICIPATION_SHARED);
  add_participation (store, second, a, 1727821800, ORGA_PARTICIPATION_TO_SHARE);
  add_participation (store, first, b, 1725955200, ORGA_PARTICIPATION_STARTED);
  add_participation (store, first, c, 1725955200, ORGA_PARTICIPATION_SHARED);
  add_participation (store, first, c, 1726560000, ORGA_PARTICIPATION_SHARED);

  g_assert_true (orga_learner_list_reload (list, &error));
  g_assert_no_error (error);
  {
    g_autoptr(OrgaLearner) la = item (list, 3);
    g_autoptr(OrgaLearner) lb = item (list, 10);
    g_autoptr(OrgaLearner) lc = item (list, 20);
    g_autoptr(OrgaLearner) none = item (list, 0);

    g_assert_cmpint (orga_learner_get_id (la), ==, a);
    g_assert_cmpuint (orga_learner_get_participation_count (la), ==, 2);
    g_assert_cmpstr (orga_learner_get_last_participation (la), ==, "02/10/2024");
    g_assert_nonnull (strstr (orga_learner_get_last_participation_details (la), "Collecte de profils"));
    g_assert_cmpuint (orga_learner_get_participation_count (lb), ==, 1);
    g_assert_cmpstr (orga_learner_get_last_participation (lb), ==, "10/09/2024");
    /* The earlier attempt of C does not count. */
    g_assert_cmpuint (orga_learner_get_participation_count (lc), ==, 1);
    g_assert_cmpstr (orga_learner_get_last_participation (lc), ==, "17/09/2024");
    g_assert_cmpuint (orga_learner_get_participation_count (none), ==, 0);
  }

  /* Most participations first: A, then B and C in name order, then the
   * others in name order; ascending puts A last. */
  orga_learner_list_set_sort (list, ORGA_LEARNER_SORT_PARTICIPATIONS, TRUE);
  {
    g_autoptr(OrgaLearner) l0 = item (list, 0);
    g_autoptr(OrgaLearner) l1 = item (list, 1);
    g_autoptr(OrgaLearner) l2 = item (list, 2);
    g_autoptr(OrgaLearner) l3 = item (list, 3);

    g_assert_cmpint (orga_learner_get_id (l0), ==, a);
    g_assert_cmpint (orga_learner_get_id (l1), ==, b);
    g_assert_cmpint (orga_learner_get_id (l2), ==, c);
    g_assert_cmpuint (orga_learner_get_participation_count (l3), ==, 0);
  }
  orga_learner_list_set_sort (list, ORGA_LEARNER_SORT_PARTICIPATIONS, FALSE);
  {
    g_autoptr(OrgaLearner) last = item (list, 29);
    g_autoptr(OrgaLearner) before = item (list, 28);

    g_assert_cmpint (orga_learner_get_id (last), ==, a);
    g_assert_cmpint (orga_learner_get_id (before), ==, c);
  }

  /* "Dernière participation": by the latest date, D's the same instant as
   * B's; the students with none first, ascending. */
  {
    g_autoptr(OrgaLearner) ld = NULL;

    orga_learner_list_set_sort (list, ORGA_LEARNER_SORT_NAME, FALSE);
    ld = item (list, 25);
    d = orga_learner_get_id (ld);
  }
  add_participation (store, second, d, 1725955200, ORGA_PARTICIPATION_STARTED);
  g_assert_true (orga_learner_list_reload (list, &error));
  g_assert_no_error (error);

  orga_learner_list_set_sort (list, ORGA_LEARNER_SORT_LAST_PARTICIPATION, TRUE);
  {
    gint64 expected[] = { a, c, b, d };

    for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
      {
        g_autoptr(OrgaLearner) l = item (list, i);

        g_assert_cmpint (orga_learner_get_id (l), ==, expected[i]);
      }
    for (guint i = G_N_ELEMENTS (expected); i < 30; i++)
      {
        g_autoptr(OrgaLearner) l = item (list, i);

        g_assert_null (orga_learner_get_last_participation (l));
      }
  }
  orga_learner_list_set_sort (list, ORGA_LEARNER_SORT_LAST_PARTICIPATION, FALSE);
  {
    gint64 expected[] = { b, d, c, a };
    g_autoptr(OrgaLearner) first_none = item (list, 0);

    g_assert_null (orga_learner_get_last_participation (first_none));
    for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
      {
        g_autoptr(OrgaLearner) l = item (list, 26 + i);

        g_assert_cmpint (orga_learner_get_id (l), ==, expected[i]);
      }
  }

  /* A new participation, the students unchanged: the light reload reads
   * the counts and the order by them again. */
  orga_learner_list_set_sort (list, ORGA_LEARNER_SORT_PARTICIPATIONS, TRUE);
  add_participation (store, second, b, 1728000000, ORGA_PARTICIPATION_SHARED);
  add_participation (store, second, c, 1728000000, ORGA_PARTICIPATION_SHARED);
  g_assert_true (orga_learner_list_reload_participations (list, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 30);
  {
    g_autoptr(OrgaLearner) l0 = item (list, 0);
    g_autoptr(OrgaLearner) l1 = item (list, 1);
    g_autoptr(OrgaLearner) l2 = item (list, 2);

    /* A, B and C have two each now: name order among them. */
    g_assert_cmpint (orga_learner_get_id (l0), ==, a);
    g_assert_cmpint (orga_learner_get_id (l1), ==, b);
    g_assert_cmpint (orga_learner_get_id (l2), ==, c);
    g_assert_cmpuint (orga_learner_get_participation_count (l1), ==, 2);
    g_assert_cmpuint (orga_learner_get_participation_count (l2), ==, 2);
  }

  g_clear_object (&list);
  g_clear_object (&store);
}

/* The same students at the same places as in the complete list. */
static void
assert_same_items (OrgaLearnerList *a,
                   OrgaLearnerList *b,
                   guint            n,
                   guint            step)
{
  for (guint i = 0; i < n; i += step)
    {
      g_autoptr(OrgaLearner) x = item (a, i);
      g_autoptr(OrgaLearner) y = item (b, i);

      g_assert_cmpint (orga_learner_get_id (x), ==, orga_learner_get_id (y));
    }
}

static void
complete_notify_cb (GObject    *object,
                    GParamSpec *pspec,
                    guint      *n_notifies)
{
  (*n_notifies)++;
}

/* A window's first frame reads the first rows and the count only, through
 * the index; the rest comes from a thread, in the same order, or at once
 * when a filter needs it. */
static void
test_first_rows (void)
{
  g_autoptr(OrgaLearnerList) full = orga_learner_list_new (shared_store, shared_org);
  g_autoptr(OrgaLearnerList) part = orga_learner_list_new_first_rows (shared_store, shared_org);
  g_autoptr(OrgaLearnerList) searched = orga_learner_list_new_first_rows (shared_store, shared_org);
  g_autoptr(OrgaLearnerList) reloaded = orga_learner_list_new_first_rows (shared_store, shared_org);
  g_auto(GStrv) divisions = NULL;
  g_auto(GStrv) all_divisions = orga_learner_list_dup_divisions (full);
  guint n_first = g_list_model_get_n_items (G_LIST_MODEL (part));
  guint n_notifies = 0;
  Signals s = { 0 };

  g_assert_true (orga_learner_list_get_complete (full));
  g_assert_false (orga_learner_list_get_complete (part));
  g_assert_cmpuint (orga_learner_list_get_total (part), ==, N_STUDENTS);
  g_assert_false (orga_learner_list_get_filtered (part));
  /* Two pages: more than a tall window shows, far fewer than the school. */
  g_assert_cmpuint (n_first, >=, 100);
  g_assert_cmpuint (n_first, <, N_STUDENTS);
  g_assert_null (g_list_model_get_item (G_LIST_MODEL (part), n_first));
  assert_same_items (part, full, n_first, 1);
  divisions = orga_learner_list_dup_divisions (part);
  g_assert_cmpuint (g_strv_length (divisions), ==, 0);
  g_clear_pointer (&divisions, g_strfreev);

  /* The rest, in a thread: every student, the first ones where they were. */
  g_signal_connect (part, "items-changed", G_CALLBACK (items_changed_cb), &s);
  g_signal_connect (part, "notify::complete", G_CALLBACK (complete_notify_cb), &n_notifies);
  orga_learner_list_load_rest (part);
  orga_learner_list_load_rest (part);
  g_assert_false (orga_learner_list_get_complete (part));
  while (!orga_learner_list_get_complete (part))
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpuint (n_notifies, ==, 1);
  g_assert_cmpuint (s.removed, ==, n_first);
  g_assert_cmpuint (s.added, ==, N_STUDENTS);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (part)), ==, N_STUDENTS);
  g_assert_cmpuint (orga_learner_list_get_total (part), ==, N_STUDENTS);
  assert_same_items (part, full, N_STUDENTS, 37);
  divisions = orga_learner_list_dup_divisions (part);
  g_assert_true (g_strv_equal ((const char * const *)divisions, (const char * const *)all_divisions));
  orga_learner_list_load_rest (part);
  g_assert_cmpuint (n_notifies, ==, 1);

  /* A search before the rest came: read at once. */
  orga_learner_list_set_search (searched, "lefevre");
  orga_learner_list_set_search (full, "lefevre");
  g_assert_true (orga_learner_list_get_complete (searched));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (searched)), ==,
                    g_list_model_get_n_items (G_LIST_MODEL (full)));
  assert_same_items (searched, full, g_list_model_get_n_items (G_LIST_MODEL (full)), 1);

  /* A reload while the thread reads: the thread's answer is dropped. */
  n_notifies = 0;
  g_signal_connect (reloaded, "notify::complete", G_CALLBACK (complete_notify_cb), &n_notifies);
  orga_learner_list_load_rest (reloaded);
  g_assert_true (orga_learner_list_reload (reloaded, NULL));
  g_assert_true (orga_learner_list_get_complete (reloaded));
  g_assert_cmpuint (n_notifies, ==, 1);
  /* Time for the thread to end and its callback to run, cancelled. */
  for (gint64 end = g_get_monotonic_time () + 300 * G_TIME_SPAN_MILLISECOND; g_get_monotonic_time () < end;)
    if (!g_main_context_iteration (NULL, FALSE))
      g_usleep (1000);
  g_assert_cmpuint (n_notifies, ==, 1);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (reloaded)), ==, N_STUDENTS);
}

/* The first rows' students are read with the list, which at start-up is
 * made in a thread (orga_context_prefetch_learner_list()), rather than
 * when the view first asks in the middle of the first layout: students
 * deleted in between still show, and only those of the first page. */
static void
test_first_rows_read (void)
{
  g_autofree char *db = new_school_db ();
  g_autofree char *file = generate (200);
  g_autoptr(OrgaStore) store = NULL;
  g_autoptr(OrgaOrganization) org = NULL;
  g_autoptr(OrgaLearnerList) list = NULL;
  g_autoptr(GError) error = NULL;
  sqlite3 *other = NULL;

  import_file (db, file);
  store = orga_store_open (db, &error);
  g_assert_no_error (error);
  org = orga_store_get_organization (store, &error);
  g_assert_no_error (error);
  list = orga_learner_list_new_first_rows (store, org);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), >, 64);

  g_assert_cmpint (sqlite3_open (db, &other), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (other, "DELETE FROM learners", NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (other);

  {
    g_autoptr(OrgaLearner) first = item (list, 0);
    g_autoptr(OrgaLearner) last_of_page = item (list, 63);
    g_autoptr(OrgaLearner) next_page = item (list, 64);

    g_assert_nonnull (orga_learner_get_last_name (first));
    g_assert_cmpstr (orga_learner_get_last_name (first), !=, "");
    g_assert_nonnull (orga_learner_get_last_name (last_of_page));
    /* Read when asked, after the deletion: a placeholder. */
    g_assert_true (orga_learner_get_last_name (next_page) == NULL ||
                   orga_learner_get_last_name (next_page)[0] == '\0');
  }
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  int status;

  /* Dates show in the computer's zone: a school's, whatever the CI's. */
  g_setenv ("TZ", "Europe/Paris", TRUE);
  orga_test_init (&argc, &argv);

  shared_file = generate (N_STUDENTS);
  shared_db = new_school_db ();
  import_file (shared_db, shared_file);
  shared_store = orga_store_open (shared_db, &error);
  g_assert_no_error (error);
  shared_org = orga_store_get_organization (shared_store, &error);
  g_assert_no_error (error);

  g_test_add_func ("/learner-list/initial", test_initial);
  g_test_add_func ("/learner-list/learner-properties", test_learner_properties);
  g_test_add_func ("/learner-list/search", test_search);
  g_test_add_func ("/learner-list/divisions", test_divisions);
  g_test_add_func ("/learner-list/sort", test_sort);
  g_test_add_func ("/learner-list/random-access", test_random_access);
  g_test_add_func ("/learner-list/bounded", test_bounded);
  g_test_add_func ("/learner-list/items-changed", test_items_changed);
  g_test_add_func ("/learner-list/first-rows", test_first_rows);
  g_test_add_func ("/learner-list/first-rows-read", test_first_rows_read);
  g_test_add_func ("/learner-list/reload-after-import", test_reload_after_import);
  g_test_add_func ("/learner-list/compare-divisions", test_compare_divisions);
  g_test_add_func ("/learner-list/participations", test_participations);

  status = g_test_run ();

  g_clear_object (&shared_org);
  g_clear_object (&shared_store);
  g_clear_pointer (&shared_db, g_free);
  g_clear_pointer (&shared_file, g_free);

  return status;
}
