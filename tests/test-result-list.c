/* test-result-list.c: OrgaResultList over a hand-made campaign: the latest
 * attempts only, every filter, sorts, signals and the rows it makes
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "orga-result-list.h"
#include "orga-store.h"
#include "orga-target-profile.h"
#include "orga-test-util.h"

/* In the store's order: name, then attempt. ADAM's first attempt was
 * improved by a second one. */
typedef struct
{
  gint64                   learner;
  const char              *last;
  const char              *first;
  const char              *division;
  OrgaParticipationStatus  status;
  double                   mastery;
  guint                    validated;
  int                      certifiable;
  gboolean                 improved;
} Row;

#define S ORGA_PARTICIPATION_SHARED
#define T ORGA_PARTICIPATION_TO_SHARE
#define R ORGA_PARTICIPATION_STARTED

static const Row rows[] = {
  /* 0 */ { 1, "ADAM",    "Léa",    "6B", S, 0.05, 1,  -1, TRUE  },
  /* 1 */ { 1, "ADAM",    "Léa",    "6B", S, 0.55, 11, -1, FALSE },
  /* 2 */ { 2, "BERNARD", "Hugo",   "6A", R, 0.20, 4,  -1, FALSE },
  /* 3 */ { 3, "LEFÈVRE", "Éloïse", "5A", S, 0.12, 2,  -1, FALSE },
  /* 4 */ { 4, "MARTIN",  "Jules",  "6A", T, 0.30, 6,  -1, FALSE },
  /* 5 */ { 5, "PETIT",   "Chloé",  "6A", S, 0.95, 19,  1, FALSE },
  /* 6 */ { 6, "ROUX",    "Nathan", "6B", S, 0.81, 16,  0, FALSE },
  /* 7 */ { 7, "SIMON",   "Inès",   "5A", S, 0.00, 0,  -1, FALSE },
  /* 8 */ { 8, "THOMAS",  "Adèle",  "6A", S, 0.21, 4,  -1, FALSE },
};

static OrgaParticipationSet *
new_set (void)
{
  OrgaParticipationSet *set = orga_participation_set_new (0);

  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    {
      OrgaParticipation p = { 0 };

      p.id = i + 1;
      p.learner_id = rows[i].learner;
      p.last_name = rows[i].last;
      p.first_name = rows[i].first;
      p.division = rows[i].division;
      p.status = rows[i].status;
      p.created_at = 1725000000 + i * 3600;
      p.shared_at = rows[i].status == S ? p.created_at + 1800 : 0;
      p.mastery_rate = rows[i].mastery;
      p.progression = rows[i].status == R ? 0.5 : 1.0;
      p.validated_skills = rows[i].validated;
      p.pix_score = (guint)(rows[i].mastery * 100);
      p.is_certifiable = rows[i].certifiable;
      p.is_improved = rows[i].improved;
      p.attempt = i == 1 ? 2 : 1;
      orga_participation_set_add (set, &p);
    }

  return set;
}

/* A back-to-school profile: the four SCO stages at 0, 21, 51 and 81 %. */
static const OrgaTargetProfile *
find_sco_profile (void)
{
  for (guint i = 0; i < orga_target_profile_get_n_profiles (); i++)
    {
      const OrgaTargetProfile *profile = orga_target_profile_get_nth (i);

      if (profile->sco_stages && profile->n_stages == 4)
        {
          g_assert_cmpuint (profile->stages[0].threshold, ==, 0);
          g_assert_cmpuint (profile->stages[1].threshold, ==, 21);
          g_assert_cmpuint (profile->stages[2].threshold, ==, 51);
          g_assert_cmpuint (profile->stages[3].threshold, ==, 81);
          return profile;
        }
    }

  g_assert_not_reached ();
  return NULL;
}

/* The last names shown, joined by spaces. */
static char *
shown (OrgaResultList *list)
{
  GListModel *model = G_LIST_MODEL (list);
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(OrgaResultRow) row = g_list_model_get_item (model, i);
      const OrgaParticipation *p = orga_result_row_get_participation (row);

      g_assert_cmpuint (orga_result_row_get_index (row), ==, orga_result_list_get_set_index (list, i));
      if (out->len > 0)
        g_string_append_c (out, ' ');
      g_string_append (out, p->last_name);
    }

  return g_string_free (out, FALSE);
}

static void
assert_shown (OrgaResultList *list,
              const char     *expected)
{
  g_autofree char *text = shown (list);

  g_assert_cmpstr (text, ==, expected);
}

static void
filter_search (OrgaResultList *list,
               const char     *search)
{
  OrgaResultFilter filter = ORGA_RESULT_FILTER_INIT;

  filter.search = search;
  orga_result_list_set_filter (list, &filter);
}

/* Applies @filter, then checks what is shown. */
static void
assert_filtered (OrgaResultList         *list,
                 const OrgaResultFilter *filter,
                 const char             *expected)
{
  orga_result_list_set_filter (list, filter);
  assert_shown (list, expected);
}

/* Searches for @search alone, then checks what is shown. */
static void
assert_search (OrgaResultList *list,
               const char     *search,
               const char     *expected)
{
  filter_search (list, search);
  assert_shown (list, expected);
}

static void
test_current_only (void)
{
  g_autoptr(OrgaParticipationSet) set = new_set ();
  g_autoptr(OrgaResultList) list = orga_result_list_new (set, NULL);
  const char * const *divisions = orga_result_list_get_divisions (list);
  g_autoptr(OrgaResultRow) adam = NULL;

  /* Eight learners; ADAM once, with his second attempt. */
  g_assert_cmpuint (orga_result_list_get_total (list), ==, 8);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 8);
  g_assert_true (g_list_model_get_item_type (G_LIST_MODEL (list)) == ORGA_TYPE_RESULT_ROW);
  g_assert_false (orga_result_list_get_filtered (list));
  assert_shown (list, "ADAM BERNARD LEFÈVRE MARTIN PETIT ROUX SIMON THOMAS");
  g_assert_null (g_list_model_get_item (G_LIST_MODEL (list), 8));

  adam = g_list_model_get_item (G_LIST_MODEL (list), 0);
  g_assert_cmpuint (orga_result_row_get_index (adam), ==, 1);
  g_assert_true (orga_result_row_get_set (adam) == set);
  g_assert_cmpfloat (orga_result_row_get_participation (adam)->mastery_rate, ==, 0.55);
  /* Both of ADAM's attempts were sent: "Nb résultats envoyés" 2. */
  g_assert_cmpuint (orga_result_row_get_shared_attempts (adam), ==, 2);
  /* No profile, no stage. */
  g_assert_cmpuint (orga_result_row_get_stage (adam), ==, 0);

  {
    g_autoptr(OrgaResultRow) bernard = g_list_model_get_item (G_LIST_MODEL (list), 1);
    g_autoptr(OrgaResultRow) simon = g_list_model_get_item (G_LIST_MODEL (list), 6);

    g_assert_cmpuint (orga_result_row_get_shared_attempts (bernard), ==, 0);
    g_assert_cmpuint (orga_result_row_get_shared_attempts (simon), ==, 1);
  }

  /* The classes, once each, in natural order. */
  g_assert_cmpuint (g_strv_length ((GStrv)divisions), ==, 3);
  g_assert_cmpstr (divisions[0], ==, "5A");
  g_assert_cmpstr (divisions[1], ==, "6A");
  g_assert_cmpstr (divisions[2], ==, "6B");
}

static void
test_filters (void)
{
  g_autoptr(OrgaParticipationSet) set = new_set ();
  g_autoptr(OrgaResultList) list = orga_result_list_new (set, NULL);
  OrgaResultFilter filter = ORGA_RESULT_FILTER_INIT;
  const char *sixth_a[] = { "6A", NULL };
  const char *fifth_and_sixth_a[] = { "5A", "6A", NULL };
  const char *unknown[] = { "3C", NULL };

  filter.divisions = sixth_a;
  orga_result_list_set_filter (list, &filter);
  g_assert_true (orga_result_list_get_filtered (list));
  assert_shown (list, "BERNARD MARTIN PETIT THOMAS");

  filter.divisions = fifth_and_sixth_a;
  assert_filtered (list, &filter, "BERNARD LEFÈVRE MARTIN PETIT SIMON THOMAS");

  filter.divisions = unknown;
  assert_filtered (list, &filter, "");

  /* Statuses. */
  filter = (OrgaResultFilter) ORGA_RESULT_FILTER_INIT;
  filter.statuses = 1u << ORGA_PARTICIPATION_SHARED;
  assert_filtered (list, &filter, "ADAM LEFÈVRE PETIT ROUX SIMON THOMAS");
  filter.statuses = (1u << ORGA_PARTICIPATION_STARTED) | (1u << ORGA_PARTICIPATION_TO_SHARE);
  assert_filtered (list, &filter, "BERNARD MARTIN");

  /* Class and status together. */
  filter.statuses = 1u << ORGA_PARTICIPATION_SHARED;
  filter.divisions = sixth_a;
  assert_filtered (list, &filter, "PETIT THOMAS");

  /* Buckets: 55 % → 51–60 %; 12 % → 11–20 %; 0 % → 0–10 %; 81 % →
   * 81–90 %; 21 % → 21–30 %. Only shared participations: BERNARD's 20 %
   * is not a result, nor ADAM's first 5 %. */
  filter = (OrgaResultFilter) ORGA_RESULT_FILTER_INIT;
  filter.bucket = 0;
  assert_filtered (list, &filter, "SIMON");
  filter.bucket = 1;
  assert_filtered (list, &filter, "LEFÈVRE");
  filter.bucket = 2;
  assert_filtered (list, &filter, "THOMAS");
  filter.bucket = 5;
  assert_filtered (list, &filter, "ADAM");
  filter.bucket = 8;
  assert_filtered (list, &filter, "ROUX");
  filter.bucket = 9;
  assert_filtered (list, &filter, "PETIT");
  filter.bucket = 3;
  assert_filtered (list, &filter, "");
  /* Out of range: no bucket filter. */
  filter.bucket = 10;
  orga_result_list_set_filter (list, &filter);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 8);

  /* Certifiability (profiles collections). */
  filter = (OrgaResultFilter) ORGA_RESULT_FILTER_INIT;
  filter.certifiable = 1;
  assert_filtered (list, &filter, "PETIT");
  filter.certifiable = 0;
  assert_filtered (list, &filter, "ROUX");

  /* No filter again. */
  orga_result_list_set_filter (list, NULL);
  g_assert_false (orga_result_list_get_filtered (list));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 8);
}

static void
test_search (void)
{
  g_autoptr(OrgaParticipationSet) set = new_set ();
  g_autoptr(OrgaResultList) list = orga_result_list_new (set, NULL);

  /* Accents and case ignored, words in any order, each a substring of
   * "last first". */
  assert_search (list, "eloise", "LEFÈVRE");
  assert_search (list, "ELO lef", "LEFÈVRE");
  assert_search (list, "  Léa   adam ", "ADAM");
  assert_search (list, "ines", "SIMON");
  assert_search (list, "ma", "MARTIN THOMAS");
  assert_search (list, "zz", "");
  /* Blank: everyone. */
  filter_search (list, "   ");
  g_assert_false (orga_result_list_get_filtered (list));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 8);
}

static void
test_stages (void)
{
  const OrgaTargetProfile *profile = find_sco_profile ();
  g_autoptr(OrgaParticipationSet) set = new_set ();
  g_autoptr(OrgaResultList) list = orga_result_list_new (set, profile);
  OrgaResultFilter filter = ORGA_RESULT_FILTER_INIT;

  /* Reached stages: ADAM 55 % → 2; LEFÈVRE 12 % → 0; PETIT 95 % → 3;
   * ROUX 81 % → 3; SIMON 0 % → 0; THOMAS 21 % → 1. */
  filter.stages = 1u << 3;
  assert_filtered (list, &filter, "PETIT ROUX");
  filter.stages = 1u << 0;
  assert_filtered (list, &filter, "LEFÈVRE SIMON");
  filter.stages = (1u << 1) | (1u << 2);
  assert_filtered (list, &filter, "ADAM THOMAS");

  {
    g_autoptr(OrgaResultRow) adam = g_list_model_get_item (G_LIST_MODEL (list), 0);

    g_assert_cmpuint (orga_result_row_get_stage (adam), ==, 2);
  }
}

static void
test_sort (void)
{
  g_autoptr(OrgaParticipationSet) set = new_set ();
  g_autoptr(OrgaResultList) list = orga_result_list_new (set, NULL);
  gboolean descending = TRUE;

  g_assert_cmpint (orga_result_list_get_sort (list, &descending), ==, ORGA_RESULT_SORT_NAME);
  g_assert_false (descending);

  orga_result_list_set_sort (list, ORGA_RESULT_SORT_NAME, TRUE);
  assert_shown (list, "THOMAS SIMON ROUX PETIT MARTIN LEFÈVRE BERNARD ADAM");

  /* By class: the students of a class stay in name order, both ways. */
  orga_result_list_set_sort (list, ORGA_RESULT_SORT_DIVISION, FALSE);
  assert_shown (list, "LEFÈVRE SIMON BERNARD MARTIN PETIT THOMAS ADAM ROUX");
  orga_result_list_set_sort (list, ORGA_RESULT_SORT_DIVISION, TRUE);
  assert_shown (list, "ADAM ROUX BERNARD MARTIN PETIT THOMAS LEFÈVRE SIMON");
  g_assert_cmpint (orga_result_list_get_sort (list, &descending), ==, ORGA_RESULT_SORT_DIVISION);
  g_assert_true (descending);

  /* By result: no result first. */
  orga_result_list_set_sort (list, ORGA_RESULT_SORT_RESULT, FALSE);
  assert_shown (list, "BERNARD MARTIN SIMON LEFÈVRE THOMAS ADAM ROUX PETIT");
  orga_result_list_set_sort (list, ORGA_RESULT_SORT_RESULT, TRUE);
  assert_shown (list, "PETIT ROUX ADAM THOMAS LEFÈVRE SIMON BERNARD MARTIN");

  /* By status: En cours, En attente d'envoi, reçus. */
  orga_result_list_set_sort (list, ORGA_RESULT_SORT_STATUS, FALSE);
  assert_shown (list, "BERNARD MARTIN ADAM LEFÈVRE PETIT ROUX SIMON THOMAS");

  /* By attempts sent, most first: ADAM, then the others with one in name
   * order, then those with none. */
  orga_result_list_set_sort (list, ORGA_RESULT_SORT_ATTEMPTS, TRUE);
  assert_shown (list, "ADAM LEFÈVRE PETIT ROUX SIMON THOMAS BERNARD MARTIN");

  /* A sort keeps the filter. */
  {
    OrgaResultFilter filter = ORGA_RESULT_FILTER_INIT;
    const char *sixth_b[] = { "6B", NULL };

    filter.divisions = sixth_b;
    orga_result_list_set_filter (list, &filter);
    orga_result_list_set_sort (list, ORGA_RESULT_SORT_RESULT, FALSE);
    assert_shown (list, "ADAM ROUX");
  }
}

typedef struct
{
  guint calls;
  guint removed;
  guint added;
  guint max_removed_and_added;
} Changes;

static void
items_changed_cb (GListModel *model,
                  guint       position,
                  guint       removed,
                  guint       added,
                  Changes    *changes)
{
  g_assert_cmpuint (position, ==, 0);
  changes->calls++;
  changes->removed += removed;
  changes->added += added;
  changes->max_removed_and_added = MAX (changes->max_removed_and_added, MIN (removed, added));
}

static void
count_notify_cb (GObject    *object,
                 GParamSpec *pspec,
                 guint      *count)
{
  (*count)++;
}

static void
test_signals (void)
{
  g_autoptr(OrgaParticipationSet) set = new_set ();
  g_autoptr(OrgaResultList) list = orga_result_list_new (set, NULL);
  g_autoptr(OrgaResultList) sibling = orga_result_list_new_sibling (list);
  OrgaResultFilter filter = ORGA_RESULT_FILTER_INIT;
  const char *sixth_a[] = { "6A", NULL };
  Changes changes = { 0 };
  guint notified = 0;

  g_signal_connect (list, "items-changed", G_CALLBACK (items_changed_cb), &changes);
  g_signal_connect (list, "notify::filtered", G_CALLBACK (count_notify_cb), &notified);

  /* All removed, then the new ones added: never both in one signal, so
   * that GTK does not look up every item to reuse rows. */
  filter.divisions = sixth_a;
  orga_result_list_set_filter (list, &filter);
  g_assert_cmpuint (changes.calls, ==, 2);
  g_assert_cmpuint (changes.removed, ==, 8);
  g_assert_cmpuint (changes.added, ==, 4);
  g_assert_cmpuint (changes.max_removed_and_added, ==, 0);
  g_assert_cmpuint (notified, ==, 1);

  /* Nothing shown to nothing shown: no signal. */
  changes = (Changes) { 0 };
  filter.search = "zz";
  orga_result_list_set_filter (list, &filter);
  g_assert_cmpuint (changes.removed, ==, 4);
  changes = (Changes) { 0 };
  orga_result_list_set_filter (list, &filter);
  g_assert_cmpuint (changes.calls, ==, 0);

  /* The sibling shares the set, not the filter. */
  g_assert_true (orga_result_list_get_set (sibling) == set);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (sibling)), ==, 8);
  g_assert_false (orga_result_list_get_filtered (sibling));
}

static void
test_empty (void)
{
  g_autoptr(OrgaParticipationSet) set = orga_participation_set_new (0);
  g_autoptr(OrgaResultList) list = orga_result_list_new (set, find_sco_profile ());
  OrgaResultFilter filter = ORGA_RESULT_FILTER_INIT;

  g_assert_cmpuint (orga_result_list_get_total (list), ==, 0);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 0);
  g_assert_cmpuint (g_strv_length ((GStrv)orga_result_list_get_divisions (list)), ==, 0);

  filter.search = "a";
  filter.bucket = 3;
  orga_result_list_set_filter (list, &filter);
  orga_result_list_set_sort (list, ORGA_RESULT_SORT_DIVISION, TRUE);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  orga_test_init (&argc, &argv);

  g_test_add_func ("/result-list/current-only", test_current_only);
  g_test_add_func ("/result-list/filters", test_filters);
  g_test_add_func ("/result-list/search", test_search);
  g_test_add_func ("/result-list/stages", test_stages);
  g_test_add_func ("/result-list/sort", test_sort);
  g_test_add_func ("/result-list/signals", test_signals);
  g_test_add_func ("/result-list/empty", test_empty);

  return g_test_run ();
}
