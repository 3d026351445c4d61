/* test-framework.c: the bundled framework and catalogue hold together, and
 * the counting functions give the hand-computed figures
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <math.h>
#include <string.h>

#include "orga-framework.h"
#include "orga-target-profile.h"
#include "orga-test-util.h"

static const char * const back_to_school_ids[] = {
  "rentree-6e", "rentree-5e", "rentree-4e", "rentree-3e",
  "rentree-2de", "rentree-1re", "rentree-tle",
};

static guint
popcount (guint8 mask)
{
  return (guint) __builtin_popcount (mask);
}

static const OrgaTargetProfile *
find_profile (const char *id)
{
  const OrgaTargetProfile *profile = orga_target_profile_find (id);

  g_assert_nonnull (profile);
  g_assert_cmpstr (profile->id, ==, id);

  return profile;
}

/* French content uses the typographic apostrophe, as the framework does. */
static void
assert_french_text (const char *text)
{
  g_assert_nonnull (text);
  g_assert_cmpuint (strlen (text), >, 0);
  g_assert_true (g_utf8_validate (text, -1, NULL));
  g_assert_null (strchr (text, '\''));
  g_assert_false (g_str_has_prefix (text, " "));
  g_assert_false (g_str_has_suffix (text, " "));
}

/* ------------------------------------------------------------------ */
/* the framework                                                        */
/* ------------------------------------------------------------------ */

static void
test_areas (void)
{
  static const char * const keys[] = {
    "jaffa", "emerald", "cerulean", "wild-strawberry", "butterfly-bush",
  };

  for (guint i = 0; i < ORGA_FRAMEWORK_N_AREAS; i++)
    {
      const OrgaArea *area = orga_framework_get_area (i);
      g_autofree char *code = g_strdup_printf ("%u", i + 1);

      g_assert_nonnull (area);
      g_assert_cmpstr (area->code, ==, code);
      g_assert_cmpstr (area->color_key, ==, keys[i]);
      assert_french_text (area->title);

      /* "#rrggbb" */
      g_assert_cmpuint (strlen (area->color), ==, 7);
      g_assert_cmpint (area->color[0], ==, '#');
      for (guint c = 1; c < 7; c++)
        g_assert_true (g_ascii_isxdigit (area->color[c]));
    }

  g_assert_cmpstr (orga_framework_get_area (0)->color, ==, "#f1a141");
  g_assert_cmpstr (orga_framework_get_area (3)->title, ==, "Protection et sécurité");
}

static void
test_competences (void)
{
  static const char * const indexes[ORGA_FRAMEWORK_N_COMPETENCES] = {
    "1.1", "1.2", "1.3", "2.1", "2.2", "2.3", "2.4", "3.1",
    "3.2", "3.3", "3.4", "4.1", "4.2", "4.3", "5.1", "5.2",
  };

  for (guint i = 0; i < ORGA_FRAMEWORK_N_COMPETENCES; i++)
    {
      const OrgaCompetence *competence = orga_framework_get_competence (i);

      g_assert_nonnull (competence);
      g_assert_cmpstr (competence->index, ==, indexes[i]);
      /* The area is the index's first digit. */
      g_assert_cmpuint (competence->area, ==, (guint) (indexes[i][0] - '1'));
      assert_french_text (competence->name);
      g_assert_cmpint (orga_framework_find_competence (indexes[i]), ==, (int) i);
    }

  /* The framework's own names, with the spec's apostrophe. */
  g_assert_cmpstr (orga_framework_get_competence (0)->name, ==,
                   "Mener une recherche et une veille d’information");
  g_assert_cmpstr (orga_framework_get_competence (6)->name, ==,
                   "S’insérer dans le monde numérique");
  g_assert_cmpstr (orga_framework_get_competence (11)->name, ==,
                   "Sécuriser l’environnement numérique");
  g_assert_cmpstr (orga_framework_get_competence (13)->name, ==,
                   "Protéger la santé, le bien-être et l’environnement");
  g_assert_cmpstr (orga_framework_get_competence (15)->name, ==,
                   "Construire un environnement numérique");

  g_assert_cmpint (orga_framework_find_competence ("4.2"), ==, 12);
  g_assert_cmpint (orga_framework_find_competence ("6.1"), ==, -1);
  g_assert_cmpint (orga_framework_find_competence ("1"), ==, -1);
  g_assert_cmpint (orga_framework_find_competence (""), ==, -1);
  g_assert_cmpint (orga_framework_find_competence (NULL), ==, -1);
}

static void
test_tubes (void)
{
  guint n_tubes = orga_framework_get_n_tubes ();
  guint per_competence[ORGA_FRAMEWORK_N_COMPETENCES] = { 0 };
  g_autoptr(GHashTable) names = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) titles = g_hash_table_new (g_str_hash, g_str_equal);
  guint previous_competence = 0;

  g_assert_cmpuint (n_tubes, >=, 3 * ORGA_FRAMEWORK_N_COMPETENCES);
  g_assert_cmpuint (n_tubes, <=, G_MAXUINT16);

  for (guint i = 0; i < n_tubes; i++)
    {
      const OrgaTube *tube = orga_framework_get_tube (i);
      guint len;

      g_assert_nonnull (tube);
      g_assert_cmpuint (tube->competence, <, ORGA_FRAMEWORK_N_COMPETENCES);
      /* Grouped by competence, in framework order. */
      g_assert_cmpuint (tube->competence, >=, previous_competence);
      previous_competence = tube->competence;
      per_competence[tube->competence]++;

      /* "@name": ASCII letters only, so "@name3" is unambiguous. */
      g_assert_true (g_str_has_prefix (tube->name, "@"));
      len = (guint) strlen (tube->name);
      g_assert_cmpuint (len, >, 1);
      for (guint c = 1; c < len; c++)
        g_assert_true (g_ascii_isalpha (tube->name[c]));

      g_assert_true (g_hash_table_add (names, (gpointer) tube->name));
      g_assert_true (g_hash_table_add (titles, (gpointer) tube->title));
      g_assert_cmpint (orga_framework_find_tube (tube->name), ==, (int) i);

      assert_french_text (tube->title);
      assert_french_text (tube->description);
      g_assert_true (g_str_has_suffix (tube->description, "."));

      g_assert_cmpuint (tube->skills, !=, 0);
      /* A tablet runs whatever a smartphone runs. */
      if (tube->smartphone)
        g_assert_true (tube->tablet);
    }

  for (guint c = 0; c < ORGA_FRAMEWORK_N_COMPETENCES; c++)
    {
      g_assert_cmpuint (per_competence[c], >=, 3);
      g_assert_cmpuint (per_competence[c], <=, 4);
    }

  g_assert_cmpint (orga_framework_find_tube ("@rechercheWeb"), ==, 0);
  g_assert_cmpint (orga_framework_find_tube ("@rechercheweb"), ==, -1);
  g_assert_cmpint (orga_framework_find_tube ("@rechercheWeb3"), ==, -1);
  g_assert_cmpint (orga_framework_find_tube ("@inexistant"), ==, -1);
  g_assert_cmpint (orga_framework_find_tube (""), ==, -1);
  g_assert_cmpint (orga_framework_find_tube (NULL), ==, -1);
}

static void
test_skill_masks (void)
{
  const OrgaTube *web = orga_framework_get_tube (orga_framework_find_tube ("@rechercheWeb"));
  const OrgaTube *sources = orga_framework_get_tube (orga_framework_find_tube ("@sourcesInfo"));
  const OrgaTube *python = orga_framework_get_tube (orga_framework_find_tube ("@python"));
  g_autofree char *name = NULL;
  g_autofree char *name8 = NULL;

  /* @rechercheWeb: 1 … 6. */
  g_assert_cmphex (web->skills, ==, 0x3f);
  g_assert_cmpstr (web->title, ==, "Rechercher sur le web");
  g_assert_true (web->smartphone);
  g_assert_cmphex (orga_tube_skills_up_to (web, 0), ==, 0x00);
  g_assert_cmphex (orga_tube_skills_up_to (web, 1), ==, 0x01);
  g_assert_cmphex (orga_tube_skills_up_to (web, 3), ==, 0x07);
  g_assert_cmphex (orga_tube_skills_up_to (web, 8), ==, 0x3f);

  /* @sourcesInfo has gaps: 2, 3, 4, 6, 7 (0b1101110). */
  g_assert_cmphex (sources->skills, ==, 0x6e);
  g_assert_cmphex (orga_tube_skills_up_to (sources, 1), ==, 0x00);
  g_assert_cmphex (orga_tube_skills_up_to (sources, 2), ==, 0x02);
  g_assert_cmphex (orga_tube_skills_up_to (sources, 3), ==, 0x06);
  g_assert_cmphex (orga_tube_skills_up_to (sources, 5), ==, 0x0e);
  g_assert_cmphex (orga_tube_skills_up_to (sources, 6), ==, 0x2e);
  g_assert_cmphex (orga_tube_skills_up_to (sources, 7), ==, 0x6e);
  g_assert_cmphex (orga_tube_skills_up_to (sources, 8), ==, 0x6e);
  g_assert_cmphex (orga_tube_skills_up_to (sources, 200), ==, 0x6e);

  /* @python: 4 … 8, the only sujet with a level 8 skill (bit 7). */
  g_assert_cmphex (python->skills, ==, 0xf8);
  g_assert_cmphex (orga_tube_skills_up_to (python, 3), ==, 0x00);
  g_assert_cmphex (orga_tube_skills_up_to (python, 7), ==, 0x78);
  g_assert_cmphex (orga_tube_skills_up_to (python, 8), ==, 0xf8);

  name = orga_tube_dup_skill_name (web, 3);
  g_assert_cmpstr (name, ==, "@rechercheWeb3");
  name8 = orga_tube_dup_skill_name (python, 8);
  g_assert_cmpstr (name8, ==, "@python8");
}

static void
test_levels (void)
{
  g_assert_cmpuint (ORGA_MAX_PIX_PER_COMPETENCE, ==, 56);
  g_assert_cmpuint (ORGA_MAX_PIX_SCORE, ==, 896);

  g_assert_cmpuint (orga_framework_level_for_pix (0), ==, 0);
  g_assert_cmpuint (orga_framework_level_for_pix (7), ==, 0);
  g_assert_cmpuint (orga_framework_level_for_pix (8), ==, 1);
  g_assert_cmpuint (orga_framework_level_for_pix (15), ==, 1);
  g_assert_cmpuint (orga_framework_level_for_pix (16), ==, 2);
  g_assert_cmpuint (orga_framework_level_for_pix (55), ==, 6);
  g_assert_cmpuint (orga_framework_level_for_pix (56), ==, 7);
  g_assert_cmpuint (orga_framework_level_for_pix (63), ==, 7);
  g_assert_cmpuint (orga_framework_level_for_pix (64), ==, 7);
  g_assert_cmpuint (orga_framework_level_for_pix (200), ==, 7);
  g_assert_cmpuint (orga_framework_level_for_pix (G_MAXUINT), ==, 7);

  g_assert_cmpuint (orga_framework_cap_pix (0), ==, 0);
  g_assert_cmpuint (orga_framework_cap_pix (30), ==, 30);
  g_assert_cmpuint (orga_framework_cap_pix (56), ==, 56);
  g_assert_cmpuint (orga_framework_cap_pix (57), ==, 56);
  g_assert_cmpuint (orga_framework_cap_pix (200), ==, 56);
}

/* ------------------------------------------------------------------ */
/* the catalogue                                                        */
/* ------------------------------------------------------------------ */

static void
test_profiles_invariants (void)
{
  guint n_profiles = orga_target_profile_get_n_profiles ();
  guint per_category[ORGA_PROFILE_N_CATEGORIES] = { 0 };
  g_autoptr(GHashTable) ids = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) profile_names = g_hash_table_new (g_str_hash, g_str_equal);

  g_assert_cmpuint (n_profiles, >=, 11);

  for (guint p = 0; p < n_profiles; p++)
    {
      const OrgaTargetProfile *profile = orga_target_profile_get_nth (p);
      g_autoptr(GHashTable) seen = g_hash_table_new (NULL, NULL);
      guint sum = 0;
      guint counts[ORGA_FRAMEWORK_N_COMPETENCES];

      g_assert_nonnull (profile);
      g_test_message ("%s: %u sujets, %u acquis", profile->id,
                      profile->n_tubes, orga_target_profile_count_skills (profile));

      /* Ids are stored in campaigns: lowercase ASCII, digits and dashes. */
      g_assert_cmpuint (strlen (profile->id), >, 0);
      for (const char *c = profile->id; *c; c++)
        g_assert_true (g_ascii_islower (*c) || g_ascii_isdigit (*c) || *c == '-');
      g_assert_true (g_hash_table_add (ids, (gpointer) profile->id));
      g_assert_true (g_hash_table_add (profile_names, (gpointer) profile->name));
      g_assert_true (orga_target_profile_find (profile->id) == profile);

      assert_french_text (profile->name);
      assert_french_text (profile->description);
      g_assert_true (g_str_has_suffix (profile->description, "."));

      g_assert_cmpuint ((guint) profile->category, <, ORGA_PROFILE_N_CATEGORIES);
      per_category[profile->category]++;

      g_assert_cmpuint (profile->n_tubes, >, 0);
      g_assert_nonnull (profile->tubes);
      for (guint i = 0; i < profile->n_tubes; i++)
        {
          const OrgaProfileTube *row = &profile->tubes[i];
          guint8 skills;

          g_assert_cmpuint (row->tube, <, orga_framework_get_n_tubes ());
          g_assert_true (g_hash_table_add (seen, GUINT_TO_POINTER ((guint) row->tube + 1)));
          g_assert_cmpuint (row->max_level, >=, 1);
          g_assert_cmpuint (row->max_level, <=, ORGA_FRAMEWORK_MAX_DIFFICULTY);

          /* A sujet that targets no skill would be a sujet for nothing. */
          skills = orga_target_profile_tube_skills (profile, i);
          g_assert_cmphex (skills, !=, 0);
          g_assert_cmphex (skills, ==, orga_tube_skills_up_to (orga_framework_get_tube (row->tube),
                                                               row->max_level));
          /* No skill above the tube's maximum level. */
          g_assert_cmphex (skills >> row->max_level, ==, 0);
          sum += popcount (skills);
        }

      g_assert_cmpuint (orga_target_profile_count_skills (profile), ==, sum);
      orga_target_profile_count_by_competence (profile, counts);
      for (guint c = 0; c < ORGA_FRAMEWORK_N_COMPETENCES; c++)
        sum -= counts[c];
      g_assert_cmpuint (sum, ==, 0);

      g_assert_cmpuint (orga_target_profile_max_difficulty (profile), >=, 1);
      g_assert_cmpuint (orga_target_profile_max_difficulty (profile), <=, ORGA_FRAMEWORK_MAX_DIFFICULTY);

      if (profile->n_stages == 0)
        {
          g_assert_null (profile->stages);
          g_assert_false (profile->sco_stages);
        }
      else
        {
          g_assert_cmpuint (profile->n_stages, >=, 2);
          g_assert_cmpuint (profile->stages[0].threshold, ==, 0);
          for (guint s = 0; s < profile->n_stages; s++)
            {
              assert_french_text (profile->stages[s].title);
              assert_french_text (profile->stages[s].message);
              g_assert_cmpuint (profile->stages[s].threshold, <=, 100);
              if (s > 0)
                g_assert_cmpuint (profile->stages[s].threshold, >, profile->stages[s - 1].threshold);
            }
        }

      if (profile->sco_stages)
        {
          g_assert_cmpuint (profile->n_stages, ==, 4);
          g_assert_cmpuint (profile->stages[0].threshold, ==, 0);
          g_assert_cmpuint (profile->stages[1].threshold, ==, 21);
          g_assert_cmpuint (profile->stages[2].threshold, ==, 51);
          g_assert_cmpuint (profile->stages[3].threshold, ==, 81);
          g_assert_cmpstr (profile->stages[0].title, ==, "Maîtrise insuffisante");
          g_assert_cmpstr (profile->stages[1].title, ==, "Maîtrise fragile");
          g_assert_cmpstr (profile->stages[2].title, ==, "Maîtrise satisfaisante");
          g_assert_cmpstr (profile->stages[3].title, ==, "Très bonne maîtrise");
        }
    }

  for (guint c = 0; c < ORGA_PROFILE_N_CATEGORIES; c++)
    g_assert_cmpuint (per_category[c], >=, 1);

  g_assert_null (orga_target_profile_find ("rentree-cp"));
  g_assert_null (orga_target_profile_find ("RENTREE-6E"));
  g_assert_null (orga_target_profile_find (""));
  g_assert_null (orga_target_profile_find (NULL));
}

static void
test_back_to_school (void)
{
  guint previous_skills = 0;
  guint previous_difficulty = 0;

  for (guint p = 0; p < G_N_ELEMENTS (back_to_school_ids); p++)
    {
      const OrgaTargetProfile *profile = find_profile (back_to_school_ids[p]);
      guint counts[ORGA_FRAMEWORK_N_COMPETENCES];
      guint covered = 0;
      guint areas = 0;
      guint skills = orga_target_profile_count_skills (profile);
      guint difficulty = orga_target_profile_max_difficulty (profile);

      g_assert_cmpint (profile->category, ==, ORGA_PROFILE_CATEGORY_BACK_TO_SCHOOL);
      g_assert_true (profile->sco_stages);
      g_assert_true (g_str_has_prefix (profile->name, "Parcours de rentrée "));
      g_assert_cmpuint (profile->n_tubes, >=, 12);
      g_assert_cmpuint (profile->n_tubes, <=, 20);

      orga_target_profile_count_by_competence (profile, counts);
      for (guint c = 0; c < ORGA_FRAMEWORK_N_COMPETENCES; c++)
        if (counts[c] > 0)
          {
            covered++;
            areas |= 1u << orga_framework_get_competence (c)->area;
          }
      /* Spread over the framework: several competences in every area. */
      g_assert_cmpuint (covered, >=, 8);
      g_assert_cmphex (areas, ==, 0x1f);

      /* Each year asks for more than the one before. */
      g_assert_cmpuint (skills, >, previous_skills);
      g_assert_cmpuint (difficulty, >=, previous_difficulty);
      previous_skills = skills;
      previous_difficulty = difficulty;
    }

  g_assert_cmpstr (find_profile ("rentree-6e")->name, ==, "Parcours de rentrée 6e");
  g_assert_cmpuint (orga_target_profile_max_difficulty (find_profile ("rentree-6e")), ==, 3);
  g_assert_cmpuint (orga_target_profile_max_difficulty (find_profile ("rentree-tle")), ==, 5);
}

static void
test_named_profiles (void)
{
  const OrgaTargetProfile *protection = find_profile ("protection-securite");
  const OrgaTargetProfile *initiation = find_profile ("initiation");
  const OrgaTargetProfile *all = find_profile ("16-competences");
  guint counts[ORGA_FRAMEWORK_N_COMPETENCES];

  g_assert_cmpstr (protection->name, ==, "Protection et sécurité");
  g_assert_cmpint (protection->category, ==, ORGA_PROFILE_CATEGORY_SUBJECT);
  g_assert_false (protection->sco_stages);
  g_assert_cmpuint (protection->n_stages, ==, 4);
  g_assert_cmpstr (protection->stages[1].title, ==, "1 étoile");
  for (guint i = 0; i < protection->n_tubes; i++)
    g_assert_cmpuint (orga_framework_get_tube (protection->tubes[i].tube)->competence, >=, 11);

  g_assert_cmpstr (initiation->name, ==, "Initiation aux compétences numériques");
  g_assert_cmpint (initiation->category, ==, ORGA_PROFILE_CATEGORY_PREDEFINED);
  g_assert_true (initiation->resettable);

  /* Every sujet of the framework, once, results in %. */
  g_assert_cmpstr (all->name, ==, "Les 16 compétences");
  g_assert_cmpint (all->category, ==, ORGA_PROFILE_CATEGORY_COMPETENCES);
  g_assert_cmpuint (all->n_stages, ==, 0);
  g_assert_cmpuint (all->n_tubes, ==, orga_framework_get_n_tubes ());
  orga_target_profile_count_by_competence (all, counts);
  for (guint c = 0; c < ORGA_FRAMEWORK_N_COMPETENCES; c++)
    g_assert_cmpuint (counts[c], >, 0);
  g_assert_cmpuint (orga_target_profile_max_difficulty (all), ==, 5);

  g_assert_cmpint (find_profile ("numerique-maths")->category, ==, ORGA_PROFILE_CATEGORY_DISCIPLINE);
  g_assert_cmpint (find_profile ("diagnostic-express")->category, ==, ORGA_PROFILE_CATEGORY_OTHER);
}

/* Hand-computed from the tables: initiation has 11 sujets at level 2, every
 * one of which has skills 1 and 2. */
static void
test_counts_initiation (void)
{
  const OrgaTargetProfile *profile = find_profile ("initiation");
  static const guint expected[ORGA_FRAMEWORK_N_COMPETENCES] = {
    /* 1.1 web + navigateur, 1.2 fichiers */
    4, 2, 0,
    /* 2.1 courriel + netiquette */
    4, 0, 0, 0,
    /* 3.1 mise en forme */
    2, 0, 0, 0,
    /* 4.1, 4.2, 4.3 */
    2, 2, 2,
    /* 5.1, 5.2 */
    2, 2,
  };
  guint counts[ORGA_FRAMEWORK_N_COMPETENCES];

  /* Filled with garbage first: the function must clear the array. */
  memset (counts, 0xab, sizeof counts);
  orga_target_profile_count_by_competence (profile, counts);
  for (guint c = 0; c < ORGA_FRAMEWORK_N_COMPETENCES; c++)
    g_assert_cmpuint (counts[c], ==, expected[c]);

  g_assert_cmpuint (profile->n_tubes, ==, 11);
  g_assert_cmpuint (orga_target_profile_count_skills (profile), ==, 22);
  g_assert_cmpuint (orga_target_profile_max_difficulty (profile), ==, 2);
  for (guint i = 0; i < profile->n_tubes; i++)
    g_assert_cmphex (orga_target_profile_tube_skills (profile, i), ==, 0x03);
}

/* protection-securite, where the gaps matter:
 *   4.1 motDePasse 1–5 (5), hameconnage 2–6 (5), misesAJour 1–5 (5),
 *       connexionSure 2,3,5 (3)                         = 18
 *   4.2 donneesPerso 1–5 (5), confidentialite 1–5 (5), traceurs 3–5 (3),
 *       droitsDonnees 3,4 (2)                           = 15
 *   4.3 tempsEcran (5), cyberharcelement (5), numeriqueDurable 2–5 (4),
 *       ergonomie 1–3 (3)                               = 17 */
static void
test_counts_protection (void)
{
  const OrgaTargetProfile *profile = find_profile ("protection-securite");
  guint counts[ORGA_FRAMEWORK_N_COMPETENCES];

  orga_target_profile_count_by_competence (profile, counts);
  for (guint c = 0; c < 11; c++)
    g_assert_cmpuint (counts[c], ==, 0);
  g_assert_cmpuint (counts[11], ==, 18);
  g_assert_cmpuint (counts[12], ==, 15);
  g_assert_cmpuint (counts[13], ==, 17);
  g_assert_cmpuint (counts[14], ==, 0);
  g_assert_cmpuint (counts[15], ==, 0);

  g_assert_cmpuint (orga_target_profile_count_skills (profile), ==, 50);
  g_assert_cmpuint (orga_target_profile_max_difficulty (profile), ==, 6);

  g_assert_cmpuint (profile->tubes[1].tube, ==, (guint) orga_framework_find_tube ("@hameconnage"));
  g_assert_cmphex (orga_target_profile_tube_skills (profile, 1), ==, 0x3e);
  g_assert_cmpuint (profile->tubes[3].tube, ==, (guint) orga_framework_find_tube ("@connexionSure"));
  g_assert_cmphex (orga_target_profile_tube_skills (profile, 3), ==, 0x16);
  g_assert_cmpuint (profile->tubes[7].tube, ==, (guint) orga_framework_find_tube ("@droitsDonnees"));
  g_assert_cmphex (orga_target_profile_tube_skills (profile, 7), ==, 0x0c);
}

/* 13 sujets: 3 + 3 + 2 + 2 + 3 + 2 + 2 + 2 + 2 + 3 + 2 + 3 + 2 acquis. */
static void
test_counts_rentree_6e (void)
{
  const OrgaTargetProfile *profile = find_profile ("rentree-6e");

  g_assert_cmpuint (profile->n_tubes, ==, 13);
  g_assert_cmpuint (orga_target_profile_count_skills (profile), ==, 31);
}

static void
test_reached_stage (void)
{
  const OrgaTargetProfile *sco = find_profile ("rentree-6e");
  const OrgaTargetProfile *stars = find_profile ("protection-securite");
  const OrgaTargetProfile *percent = find_profile ("16-competences");

  /* 0 / 21 / 51 / 81 %. */
  g_assert_cmpuint (orga_target_profile_reached_stage (sco, 0.0, 0), ==, 0);
  g_assert_cmpuint (orga_target_profile_reached_stage (sco, 0.0, 1), ==, 0);
  g_assert_cmpuint (orga_target_profile_reached_stage (sco, 0.20, 6), ==, 0);
  g_assert_cmpuint (orga_target_profile_reached_stage (sco, 0.2049, 6), ==, 0);
  g_assert_cmpuint (orga_target_profile_reached_stage (sco, 0.205, 6), ==, 1);   /* 20.5 → 21 % */
  g_assert_cmpuint (orga_target_profile_reached_stage (sco, 0.21, 7), ==, 1);
  g_assert_cmpuint (orga_target_profile_reached_stage (sco, 0.5, 15), ==, 1);
  g_assert_cmpuint (orga_target_profile_reached_stage (sco, 0.504, 15), ==, 1);
  g_assert_cmpuint (orga_target_profile_reached_stage (sco, 0.51, 16), ==, 2);
  g_assert_cmpuint (orga_target_profile_reached_stage (sco, 0.80, 25), ==, 2);
  g_assert_cmpuint (orga_target_profile_reached_stage (sco, 0.805, 25), ==, 3);  /* 80.5 → 81 % */
  g_assert_cmpuint (orga_target_profile_reached_stage (sco, 0.81, 25), ==, 3);
  g_assert_cmpuint (orga_target_profile_reached_stage (sco, 1.0, 31), ==, 3);
  /* Out of range or undefined rates do not crash nor overflow. */
  g_assert_cmpuint (orga_target_profile_reached_stage (sco, 1.5, 31), ==, 3);
  g_assert_cmpuint (orga_target_profile_reached_stage (sco, -0.3, 0), ==, 0);
  g_assert_cmpuint (orga_target_profile_reached_stage (sco, NAN, 0), ==, 0);
  g_assert_cmpuint (orga_target_profile_reached_stage (sco, INFINITY, 0), ==, 3);

  /* Stars at 0 / 30 / 60 / 90 %. */
  g_assert_cmpuint (orga_target_profile_reached_stage (stars, 0.29, 14), ==, 0);
  g_assert_cmpuint (orga_target_profile_reached_stage (stars, 0.3, 15), ==, 1);
  g_assert_cmpuint (orga_target_profile_reached_stage (stars, 0.6, 30), ==, 2);
  g_assert_cmpuint (orga_target_profile_reached_stage (stars, 0.89, 44), ==, 2);
  g_assert_cmpuint (orga_target_profile_reached_stage (stars, 0.9, 45), ==, 3);
  g_assert_cmpuint (orga_target_profile_reached_stage (stars, 1.0, 50), ==, 3);

  /* No stages: results in %, always 0. */
  g_assert_cmpuint (orga_target_profile_reached_stage (percent, 0.0, 0), ==, 0);
  g_assert_cmpuint (orga_target_profile_reached_stage (percent, 1.0, 200), ==, 0);
}

/* ------------------------------------------------------------------ */
/* categories                                                           */
/* ------------------------------------------------------------------ */

static void
test_category_strings (void)
{
  g_assert_cmpstr (orga_profile_category_to_string (ORGA_PROFILE_CATEGORY_COMPETENCES), ==, "COMPETENCES");
  g_assert_cmpstr (orga_profile_category_to_string (ORGA_PROFILE_CATEGORY_BACK_TO_SCHOOL), ==, "BACK_TO_SCHOOL");
  g_assert_cmpstr (orga_profile_category_to_string (ORGA_PROFILE_CATEGORY_SUBJECT), ==, "SUBJECT");
  g_assert_cmpstr (orga_profile_category_to_string (ORGA_PROFILE_CATEGORY_DISCIPLINE), ==, "DISCIPLINE");
  g_assert_cmpstr (orga_profile_category_to_string (ORGA_PROFILE_CATEGORY_PREDEFINED), ==, "PREDEFINED");
  g_assert_cmpstr (orga_profile_category_to_string (ORGA_PROFILE_CATEGORY_OTHER), ==, "OTHER");
}

/* The build tree's source folder, from meson's own introspection file next
 * to the po folder the tests are pointed at. */
/* The French labels, from the catalogue built with the app (po/fr.po):
 * a msgid or context that does not match the code fails here. */
static void
test_category_labels (void)
{
  static const char * const french[ORGA_PROFILE_N_CATEGORIES] = {
    "Les 16 compétences", "Parcours de rentrée / 6e", "Thématiques",
    "Disciplinaires", "Parcours prédéfinis", "Autres",
  };

  for (guint c = 0; c < ORGA_PROFILE_N_CATEGORIES; c++)
    g_assert_cmpstr (orga_profile_category_get_label (c), ==, french[c]);
}

int
main (int   argc,
      char *argv[])
{
  orga_test_init (&argc, &argv);

  g_test_add_func ("/framework/areas", test_areas);
  g_test_add_func ("/framework/competences", test_competences);
  g_test_add_func ("/framework/tubes", test_tubes);
  g_test_add_func ("/framework/skill-masks", test_skill_masks);
  g_test_add_func ("/framework/levels", test_levels);
  g_test_add_func ("/target-profile/invariants", test_profiles_invariants);
  g_test_add_func ("/target-profile/back-to-school", test_back_to_school);
  g_test_add_func ("/target-profile/named", test_named_profiles);
  g_test_add_func ("/target-profile/counts-initiation", test_counts_initiation);
  g_test_add_func ("/target-profile/counts-protection", test_counts_protection);
  g_test_add_func ("/target-profile/counts-rentree-6e", test_counts_rentree_6e);
  g_test_add_func ("/target-profile/reached-stage", test_reached_stage);
  g_test_add_func ("/target-profile/category-strings", test_category_strings);
  g_test_add_func ("/target-profile/category-labels", test_category_labels);

  return g_test_run ();
}
