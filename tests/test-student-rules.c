/* test-student-rules.c: usernames, one-time passwords, reconciliation and
 * retries against the spec's examples and hand-worked cases
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "orga-student-rules.h"
#include "orga-test-util.h"

/* ------------------------------------------------------------------ */
/* usernames                                                            */
/* ------------------------------------------------------------------ */

static void
assert_normalized (const char *name,
                   const char *expected)
{
  g_autofree char *normalized = orga_username_normalize_name (name);

  g_assert_cmpstr (normalized, ==, expected);
}

static void
test_normalize (void)
{
  assert_normalized ("Jean-Édouard", "jeanedouard");
  assert_normalized ("Le Gall", "legall");
  assert_normalized ("  D’Artagnan ", "dartagnan");   /* typographic apostrophe */
  assert_normalized ("d'Arc", "darc");                /* ASCII apostrophe */
  assert_normalized ("N'DIAYE-FALL", "ndiayefall");
  assert_normalized ("Anne\tMarie\nClaire", "annemarieclaire");
  assert_normalized ("Zoë Çelik", "zoecelik");
  assert_normalized ("ÉLOÏSE", "eloise");
  /* Ligatures spelt out (a decision: Pix drops them). */
  assert_normalized ("Lætitia", "laetitia");
  assert_normalized ("Cœur", "coeur");
  assert_normalized ("ŒUVRE", "oeuvre");
  assert_normalized ("Strauß", "strauss");
  assert_normalized ("Louis XIV 2", "louisxiv2");
  /* Nothing left. */
  assert_normalized ("", "");
  assert_normalized ("   ", "");
  assert_normalized ("-'’ .", "");
  assert_normalized ("李", "");
  assert_normalized (NULL, "");
  /* Invalid UTF-8 is skipped, never a crash. */
  assert_normalized ("Ren\xff" "e", "rene");
}

static void
assert_generated (const char *first,
                  const char *last,
                  const char *birthdate,
                  const char *expected)
{
  g_autofree char *username = orga_username_generate (first, last, birthdate);

  g_assert_cmpstr (username, ==, expected);
  if (expected != NULL)
    g_assert_true (orga_username_is_valid (username));
}

static void
test_generate (void)
{
  /* The spec's example (§2.5). */
  assert_generated ("Jean-Édouard", "Le Gall", "2010-03-07", "jeanedouard.legall0703");
  assert_generated ("Chloé", "N’Guyen", "2011-12-31", "chloe.nguyen3112");
  assert_generated ("Lætitia", "Œuvray", "2012-02-29", "laetitia.oeuvray2902");

  /* An empty part or a date that is not one. */
  assert_generated ("", "Martin", "2010-03-07", NULL);
  assert_generated ("Léa", "   ", "2010-03-07", NULL);
  assert_generated ("Léa", "-", "2010-03-07", NULL);
  assert_generated (NULL, "Martin", "2010-03-07", NULL);
  assert_generated ("Léa", "Martin", NULL, NULL);
  assert_generated ("Léa", "Martin", "", NULL);
  assert_generated ("Léa", "Martin", "2010-3-7", NULL);
  assert_generated ("Léa", "Martin", "07/03/2010", NULL);
  assert_generated ("Léa", "Martin", "2011-02-29", NULL);   /* not a leap year */
  assert_generated ("Léa", "Martin", "2010-13-01", NULL);
  assert_generated ("Léa", "Martin", "2010-00-10", NULL);
  assert_generated ("Léa", "Martin", "2010-04-31", NULL);
  assert_generated ("Léa", "Martin", "2010-03-07x", NULL);
  assert_generated ("Léa", "Martin", "+010-03-07", NULL);
}

typedef struct
{
  GHashTable *taken;
  guint calls;
  GPtrArray *asked;
} Taken;

static gboolean
is_taken_cb (const char *username,
             gpointer    user_data)
{
  Taken *taken = user_data;

  taken->calls++;
  g_ptr_array_add (taken->asked, g_strdup (username));

  return g_hash_table_contains (taken->taken, username);
}

static gboolean
always_taken_cb (const char *username,
                 gpointer    user_data)
{
  guint *calls = user_data;

  (*calls)++;
  g_assert_true (orga_username_is_valid (username));

  return TRUE;
}

static void
test_generate_free (void)
{
  Taken taken = { g_hash_table_new (g_str_hash, g_str_equal), 0,
                  g_ptr_array_new_with_free_func (g_free) };
  g_autoptr(GRand) rand = g_rand_new_with_seed (42);
  g_autoptr(GRand) replay = g_rand_new_with_seed (42);
  g_autofree char *free_one = NULL;
  g_autofree char *second = NULL;
  g_autofree char *expected = NULL;
  guint calls = 0;

  /* Free at once: the DDMM form, asked once. */
  free_one = orga_username_generate_free ("Jean-Édouard", "Le Gall", "2010-03-07",
                                          is_taken_cb, &taken, rand);
  g_assert_cmpstr (free_one, ==, "jeanedouard.legall0703");
  g_assert_cmpuint (taken.calls, ==, 1);

  /* Taken: the suffix becomes the seeded GRand's 4 digits. */
  g_hash_table_add (taken.taken, (gpointer) "jeanedouard.legall0703");
  taken.calls = 0;
  g_ptr_array_set_size (taken.asked, 0);
  g_rand_set_seed (rand, 7);
  g_rand_set_seed (replay, 7);
  second = orga_username_generate_free ("Jean-Édouard", "Le Gall", "2010-03-07",
                                        is_taken_cb, &taken, rand);
  expected = g_strdup_printf ("jeanedouard.legall%04d", g_rand_int_range (replay, 0, 10000));
  g_assert_cmpstr (second, ==, expected);
  g_assert_cmpuint (taken.calls, ==, 2);
  g_assert_cmpstr (g_ptr_array_index (taken.asked, 0), ==, "jeanedouard.legall0703");
  g_assert_true (orga_username_is_valid (second));

  /* The random candidate taken too: the next one is tried. */
  {
    g_autofree char *third = NULL;
    g_autofree char *next = NULL;

    g_hash_table_add (taken.taken, expected);
    g_rand_set_seed (rand, 7);
    g_rand_set_seed (replay, 7);
    g_rand_int_range (replay, 0, 10000);
    next = g_strdup_printf ("jeanedouard.legall%04d", g_rand_int_range (replay, 0, 10000));
    g_assert_cmpstr (next, !=, expected);   /* the seed gives two different draws */
    taken.calls = 0;
    third = orga_username_generate_free ("Jean-Édouard", "Le Gall", "2010-03-07",
                                         is_taken_cb, &taken, rand);
    g_assert_cmpstr (third, ==, next);
    g_assert_cmpuint (taken.calls, ==, 3);
  }

  /* Every candidate refused: NULL after exactly 10,000 of them. */
  {
    g_autofree char *none = orga_username_generate_free ("Léa", "Martin", "2010-03-07",
                                                         always_taken_cb, &calls, rand);
    g_assert_null (none);
    g_assert_cmpuint (calls, ==, 10000);
  }

  /* The cryptographic source works the same way. */
  {
    g_autofree char *crypto = NULL;

    g_hash_table_add (taken.taken, (gpointer) "lea.martin0703");
    crypto = orga_username_generate_free ("Léa", "Martin", "2010-03-07",
                                          is_taken_cb, &taken, NULL);
    g_assert_nonnull (crypto);
    g_assert_true (g_str_has_prefix (crypto, "lea.martin"));
    g_assert_cmpstr (crypto, !=, "lea.martin0703");
    g_assert_true (orga_username_is_valid (crypto));
  }

  /* Nothing to generate: the callback is not even asked. */
  calls = 0;
  g_assert_null (orga_username_generate_free ("", "Martin", "2010-03-07",
                                              always_taken_cb, &calls, rand));
  g_assert_null (orga_username_generate_free ("Léa", "Martin", "2010-02-30",
                                              always_taken_cb, &calls, rand));
  g_assert_cmpuint (calls, ==, 0);

  g_hash_table_unref (taken.taken);
  g_ptr_array_unref (taken.asked);
}

static void
test_username_valid (void)
{
  g_assert_true (orga_username_is_valid ("jeanedouard.legall0703"));
  g_assert_true (orga_username_is_valid ("a.b0000"));
  g_assert_true (orga_username_is_valid ("louisxiv2.bourbon19991"));

  g_assert_false (orga_username_is_valid (NULL));
  g_assert_false (orga_username_is_valid (""));
  g_assert_false (orga_username_is_valid ("jeanedouard.legall"));
  g_assert_false (orga_username_is_valid ("jeanedouard.legall073"));
  g_assert_false (orga_username_is_valid (".legall0703"));
  g_assert_false (orga_username_is_valid ("jean.0703"));       /* no last name */
  g_assert_false (orga_username_is_valid ("jeanedouardlegall0703"));
  g_assert_false (orga_username_is_valid ("Jeanedouard.legall0703"));
  g_assert_false (orga_username_is_valid ("jean.edouard.legall0703"));
  g_assert_false (orga_username_is_valid ("jean-edouard.legall0703"));
  g_assert_false (orga_username_is_valid ("jean edouard.legall0703"));
  g_assert_false (orga_username_is_valid ("jeanedouard.legall07o3"));
  g_assert_false (orga_username_is_valid ("jéan.legall0703"));
  g_assert_false (orga_username_is_valid ("jean@ecole.fr"));

  {
    g_autofree char *first = g_strnfill (300, 'a');
    g_autofree char *long_one = g_strconcat (first, ".b0101", NULL);

    g_assert_false (orga_username_is_valid (long_one));
  }
}

/* ------------------------------------------------------------------ */
/* one-time passwords                                                   */
/* ------------------------------------------------------------------ */

static void
test_one_time_password (void)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (2026);
  g_autoptr(GRand) replay = g_rand_new_with_seed (2026);
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  gboolean letter_seen[26] = { FALSE, };
  const char *alphabet = "abcdefghjkmnpqrstuvwxyz";

  g_assert_true (orga_one_time_password_is_valid ("kbrxvt07"));
  g_assert_true (orga_one_time_password_is_valid ("aaaaaa00"));
  g_assert_false (orga_one_time_password_is_valid (NULL));
  g_assert_false (orga_one_time_password_is_valid (""));
  g_assert_false (orga_one_time_password_is_valid ("kbrxvt7"));
  g_assert_false (orga_one_time_password_is_valid ("kbrxvt007"));
  g_assert_false (orga_one_time_password_is_valid ("kbrxvi07"));   /* i is confusable */
  g_assert_false (orga_one_time_password_is_valid ("kbrxvl07"));   /* l */
  g_assert_false (orga_one_time_password_is_valid ("kbrxvo07"));   /* o */
  g_assert_false (orga_one_time_password_is_valid ("Kbrxvt07"));
  g_assert_false (orga_one_time_password_is_valid ("kbrxv007"));
  g_assert_false (orga_one_time_password_is_valid ("kbrxvtx7"));

  /* Seeded: reproducible, the letters drawn one by one from the alphabet. */
  {
    g_autofree char *password = orga_one_time_password_generate (rand);
    char expected[9];

    for (guint i = 0; i < 6; i++)
      expected[i] = alphabet[g_rand_int_range (replay, 0, 23)];
    for (guint i = 6; i < 8; i++)
      expected[i] = (char) ('0' + g_rand_int_range (replay, 0, 10));
    expected[8] = '\0';
    g_assert_cmpstr (password, ==, expected);
  }

  /* The cryptographic source: valid, every letter of the alphabet used
   * and only those, and no repeats in a few hundred (23^6 × 100). */
  for (guint i = 0; i < 500; i++)
    {
      char *password = orga_one_time_password_generate (NULL);

      g_assert_true (orga_one_time_password_is_valid (password));
      for (guint j = 0; j < 6; j++)
        letter_seen[password[j] - 'a'] = TRUE;
      g_assert_false (g_hash_table_contains (seen, password));
      g_hash_table_add (seen, password);
    }
  for (guint c = 0; c < 26; c++)
    g_assert_true (letter_seen[c] == (strchr (alphabet, 'a' + (int) c) != NULL));
}

/* ------------------------------------------------------------------ */
/* reconciliation                                                       */
/* ------------------------------------------------------------------ */

static void
test_levenshtein (void)
{
  g_assert_cmpuint (orga_levenshtein_distance ("", ""), ==, 0);
  g_assert_cmpuint (orga_levenshtein_distance ("abc", ""), ==, 3);
  g_assert_cmpuint (orga_levenshtein_distance ("", "ab"), ==, 2);
  g_assert_cmpuint (orga_levenshtein_distance ("kitten", "sitting"), ==, 3);
  g_assert_cmpuint (orga_levenshtein_distance ("martin", "martine"), ==, 1);
  g_assert_cmpuint (orga_levenshtein_distance ("lefevre", "lefebvre"), ==, 1);
  g_assert_cmpuint (orga_levenshtein_distance ("flaw", "lawn"), ==, 2);
  g_assert_cmpuint (orga_levenshtein_distance ("same", "same"), ==, 0);
}

static void
test_reconcile (void)
{
  const OrgaReconcileCandidate eloise = {
    .first_name = "ÉLOÏSE", .middle_name = "Marie", .third_name = "Anne",
    .last_name = "LEFÈVRE-DUPONT", .preferred_last_name = "Martin",
    .birthdate = "2010-03-07",
  };
  const OrgaReconcileCandidate bare = {
    .first_name = "Léo", .last_name = "Roux", .birthdate = "2011-05-20",
  };

  /* Exact, then accents, case, hyphens and spaces ignored. */
  g_assert_true (orga_reconcile_matches (&eloise, "Éloïse", "Lefèvre-Dupont", "2010-03-07"));
  g_assert_true (orga_reconcile_matches (&eloise, "eloise", "lefevre dupont", "2010-03-07"));
  g_assert_true (orga_reconcile_matches (&eloise, "  ELOISE ", "LefevreDupont", "2010-03-07"));
  /* Preferred last name, middle and third names. */
  g_assert_true (orga_reconcile_matches (&eloise, "Éloïse", "Martin", "2010-03-07"));
  g_assert_true (orga_reconcile_matches (&eloise, "Marie", "Lefèvre-Dupont", "2010-03-07"));
  g_assert_true (orga_reconcile_matches (&eloise, "anne", "martin", "2010-03-07"));
  /* A middle name is not a last name, nor the other way round. */
  g_assert_false (orga_reconcile_matches (&eloise, "Éloïse", "Marie", "2010-03-07"));
  g_assert_false (orga_reconcile_matches (&eloise, "Martin", "Lefèvre-Dupont", "2010-03-07"));

  /* Levenshtein ≤ 25 % of the longer name. "lefevredupont" has 13
   * letters: 3 edits allowed (12 ≤ 13), 4 not (16 > 13). */
  g_assert_true (orga_reconcile_matches (&eloise, "Eloise", "Lefebvre Dupond", "2010-03-07"));  /* 2 */
  g_assert_true (orga_reconcile_matches (&eloise, "Eloise", "Lafebre Dupon", "2010-03-07"));    /* 3 */
  g_assert_false (orga_reconcile_matches (&eloise, "Eloise", "Lafebre Dupom", "2010-03-07"));   /* 4 */
  g_assert_cmpuint (orga_levenshtein_distance ("lafebredupon", "lefevredupont"), ==, 3);
  g_assert_cmpuint (orga_levenshtein_distance ("lafebredupom", "lefevredupont"), ==, 4);
  /* "eloise" has 6 letters: 1 edit allowed (4 ≤ 6), 2 not (8 > 6). */
  g_assert_true (orga_reconcile_matches (&eloise, "Eloyse", "Martin", "2010-03-07"));
  g_assert_true (orga_reconcile_matches (&eloise, "Eloise", "Martine", "2010-03-07"));
  g_assert_false (orga_reconcile_matches (&eloise, "Elyse", "Martin", "2010-03-07"));    /* 2 */
  g_assert_false (orga_reconcile_matches (&eloise, "Aloyse", "Martin", "2010-03-07"));
  /* The longer name counts: "leo" (3) against "leon" (4): 1 edit, 4 ≤ 4. */
  g_assert_true (orga_reconcile_matches (&bare, "Léon", "Roux", "2011-05-20"));
  /* "lea" against "leo": 1 edit of 3, 4 > 3. */
  g_assert_false (orga_reconcile_matches (&bare, "Léa", "Roux", "2011-05-20"));
  g_assert_true (orga_reconcile_matches (&bare, "Léo", "Rous", "2011-05-20"));   /* 1 of 4 */
  g_assert_false (orga_reconcile_matches (&bare, "Léo", "Rius", "2011-05-20"));  /* 2 of 4 */

  /* The birth date must be the same day. */
  g_assert_false (orga_reconcile_matches (&eloise, "Éloïse", "Lefèvre-Dupont", "2010-07-03"));
  g_assert_false (orga_reconcile_matches (&eloise, "Éloïse", "Lefèvre-Dupont", "2010-03-08"));
  g_assert_false (orga_reconcile_matches (&eloise, "Éloïse", "Lefèvre-Dupont", "2010-3-7"));
  g_assert_false (orga_reconcile_matches (&eloise, "Éloïse", "Lefèvre-Dupont", ""));
  g_assert_false (orga_reconcile_matches (&eloise, "Éloïse", "Lefèvre-Dupont", NULL));

  /* Empty or missing names never match, not even an empty one. */
  g_assert_false (orga_reconcile_matches (&bare, "", "Roux", "2011-05-20"));
  g_assert_false (orga_reconcile_matches (&bare, "Léo", "", "2011-05-20"));
  g_assert_false (orga_reconcile_matches (&bare, "Léo", NULL, "2011-05-20"));
  g_assert_false (orga_reconcile_matches (&bare, "-", "Roux", "2011-05-20"));
  {
    const OrgaReconcileCandidate nameless = {
      .first_name = "", .last_name = "", .birthdate = "2011-05-20",
    };
    const OrgaReconcileCandidate bad_date = {
      .first_name = "Léo", .last_name = "Roux", .birthdate = "20/05/2011",
    };

    g_assert_false (orga_reconcile_matches (&nameless, "", "", "2011-05-20"));
    g_assert_false (orga_reconcile_matches (&bad_date, "Léo", "Roux", "20/05/2011"));
  }
}

/* ------------------------------------------------------------------ */
/* retries                                                              */
/* ------------------------------------------------------------------ */

#define DAY (24 * 60 * 60)
#define SHARED_AT G_GINT64_CONSTANT (1764000000)

static OrgaRetryFacts
allowed_facts (void)
{
  OrgaRetryFacts facts = {
    .multiple_sendings = TRUE,
    .campaign_closed = FALSE,
    .is_assessment = TRUE,
    .learner_active = TRUE,
    .previous_shared = TRUE,
    .previous_deleted = FALSE,
    .previous_mastery_rate = 0.5,
    .previous_shared_at = SHARED_AT,
  };

  return facts;
}

static void
assert_verdict (const OrgaRetryFacts *facts,
                gint64                now,
                OrgaRetryVerdict      expected,
                gint64                expected_remaining)
{
  gint64 remaining = -1;

  g_assert_cmpint (orga_retry_check (facts, now, &remaining), ==, expected);
  g_assert_cmpint (remaining, ==, expected_remaining);
  g_assert_cmpint (orga_retry_check (facts, now, NULL), ==, expected);
}

static void
test_retry (void)
{
  const gint64 later = SHARED_AT + 10 * DAY;
  OrgaRetryFacts facts = allowed_facts ();

  assert_verdict (&facts, later, ORGA_RETRY_ALLOWED, 0);

  facts = allowed_facts ();
  facts.multiple_sendings = FALSE;
  assert_verdict (&facts, later, ORGA_RETRY_NO_MULTIPLE_SENDINGS, 0);

  facts = allowed_facts ();
  facts.previous_shared = FALSE;
  assert_verdict (&facts, later, ORGA_RETRY_NOT_SHARED, 0);

  facts = allowed_facts ();
  facts.previous_deleted = TRUE;
  assert_verdict (&facts, later, ORGA_RETRY_DELETED, 0);

  facts = allowed_facts ();
  facts.learner_active = FALSE;
  assert_verdict (&facts, later, ORGA_RETRY_LEARNER_DISABLED, 0);

  facts = allowed_facts ();
  facts.campaign_closed = TRUE;
  assert_verdict (&facts, later, ORGA_RETRY_CAMPAIGN_CLOSED, 0);

  /* 100 % only stops an assessment; 99 % does not. */
  facts = allowed_facts ();
  facts.previous_mastery_rate = 1.0;
  assert_verdict (&facts, later, ORGA_RETRY_FULL_MASTERY, 0);
  facts.previous_mastery_rate = 0.99;
  assert_verdict (&facts, later, ORGA_RETRY_ALLOWED, 0);
  facts.previous_mastery_rate = 1.0;
  facts.is_assessment = FALSE;
  assert_verdict (&facts, later, ORGA_RETRY_ALLOWED, 0);

  /* The 4 days, to the second. */
  facts = allowed_facts ();
  assert_verdict (&facts, SHARED_AT, ORGA_RETRY_TOO_EARLY, 4 * DAY);
  assert_verdict (&facts, SHARED_AT + 1, ORGA_RETRY_TOO_EARLY, 4 * DAY - 1);
  assert_verdict (&facts, SHARED_AT + 3 * DAY, ORGA_RETRY_TOO_EARLY, DAY);
  assert_verdict (&facts, SHARED_AT + 4 * DAY - 1, ORGA_RETRY_TOO_EARLY, 1);
  assert_verdict (&facts, SHARED_AT + 4 * DAY, ORGA_RETRY_ALLOWED, 0);
  assert_verdict (&facts, SHARED_AT + 4 * DAY + 1, ORGA_RETRY_ALLOWED, 0);
  g_assert_cmpint (ORGA_RETRY_DELAY_DAYS, ==, 4);
  /* A clock behind the sharing date: the wait is longer, never negative. */
  assert_verdict (&facts, SHARED_AT - 60, ORGA_RETRY_TOO_EARLY, 4 * DAY + 60);

  /* Several reasons: the first in the order of the verdicts wins, and
   * the delay is told only when it is the reason. */
  facts = allowed_facts ();
  facts.previous_shared = FALSE;
  facts.learner_active = FALSE;
  assert_verdict (&facts, SHARED_AT + DAY, ORGA_RETRY_NOT_SHARED, 0);
  facts = allowed_facts ();
  facts.campaign_closed = TRUE;
  facts.previous_mastery_rate = 1.0;
  assert_verdict (&facts, SHARED_AT + DAY, ORGA_RETRY_CAMPAIGN_CLOSED, 0);
  facts = allowed_facts ();
  facts.previous_mastery_rate = 1.0;
  assert_verdict (&facts, SHARED_AT + DAY, ORGA_RETRY_FULL_MASTERY, 0);
}

int
main (int   argc,
      char *argv[])
{
  orga_test_init (&argc, &argv);

  g_test_add_func ("/student-rules/username/normalize", test_normalize);
  g_test_add_func ("/student-rules/username/generate", test_generate);
  g_test_add_func ("/student-rules/username/collisions", test_generate_free);
  g_test_add_func ("/student-rules/username/valid", test_username_valid);
  g_test_add_func ("/student-rules/one-time-password", test_one_time_password);
  g_test_add_func ("/student-rules/reconcile/levenshtein", test_levenshtein);
  g_test_add_func ("/student-rules/reconcile/matches", test_reconcile);
  g_test_add_func ("/student-rules/retry", test_retry);

  return g_test_run ();
}
