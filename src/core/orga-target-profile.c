/* orga-target-profile.c: the bundled catalogue of target profiles
 *
 * The profiles, their sujets and their stages are PixOrga's own content,
 * written for French collège and lycée teachers. Ids are stored in
 * campaigns: never rename or remove one.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "orga-framework-private.h"
#include "orga-target-profile.h"

#define T(id, level) { ORGA_TUBE_##id, level }
#define ROWS(array) array, G_N_ELEMENTS (array)

/* ------------------------------------------------------------------ */
/* stages                                                               */
/* ------------------------------------------------------------------ */

/* The four levels of the socle (LSU) that teachers already use, as an
 * optional local preset: Pix itself has no fixed scale. */
static const OrgaStage sco_stages[] = {
  { 0, "Maîtrise insuffisante",
    "L’élève a validé peu d’acquis de ce parcours : les gestes de base ne sont pas encore en place. "
    "Repérez dans l’onglet Analyse les sujets les moins réussis, reprenez-les en classe avec des "
    "activités guidées et proposez-lui un accompagnement personnalisé avant de relancer le parcours." },
  { 21, "Maîtrise fragile",
    "L’élève connaît une partie des notions du parcours, mais ses acquis restent fragiles et dépendent "
    "de la situation. Consolidez-les par des exercices courts et réguliers sur les sujets où il échoue, "
    "puis laissez-le s’entraîner en autonomie sur Pix." },
  { 51, "Maîtrise satisfaisante",
    "L’élève maîtrise l’essentiel des compétences attendues à son niveau. Encouragez-le à poursuivre "
    "sur Pix pour gagner en autonomie et à viser les niveaux supérieurs dans les sujets qu’il réussit "
    "le mieux." },
  { 81, "Très bonne maîtrise",
    "L’élève maîtrise très bien les compétences visées, au-delà des attendus de son niveau. "
    "Proposez-lui des défis plus exigeants (parcours thématiques, niveaux supérieurs) et valorisez "
    "ses compétences, par exemple en lui confiant un rôle de tuteur lors des travaux de groupe." },
};

static const OrgaStage protection_stages[] = {
  { 0, "Aucune étoile",
    "L’élève n’a pas encore les réflexes de base pour protéger ses appareils et ses données. "
    "Commencez par les mots de passe et les données personnelles, les premiers gestes à installer." },
  { 30, "1 étoile",
    "L’élève connaît quelques règles de sécurité mais les applique de façon inégale. Ancrez-les à "
    "partir de situations concrètes : un message suspect, les réglages d’un compte, un appareil "
    "partagé." },
  { 60, "2 étoiles",
    "L’élève protège correctement ses comptes et ses données dans les situations courantes. "
    "Il peut approfondir les sujets les moins réussis, comme le pistage ou l’hameçonnage." },
  { 90, "3 étoiles",
    "L’élève maîtrise très bien la protection de son environnement numérique et de sa vie privée. "
    "Il peut sensibiliser ses camarades et aborder les sujets les plus avancés." },
};

static const OrgaStage citizenship_stages[] = {
  { 0, "Aucune étoile",
    "L’élève découvre les enjeux de la vie en ligne. Prenez le temps d’en parler en classe, "
    "à partir d’exemples proches de son quotidien." },
  { 30, "1 étoile",
    "L’élève repère les principaux risques de la vie en ligne mais n’en tire pas encore toujours "
    "les bonnes conséquences. Travaillez les sujets où il hésite par des débats et des études de cas." },
  { 60, "2 étoiles",
    "L’élève adopte un comportement responsable en ligne dans la plupart des situations. "
    "Encouragez-le à approfondir les questions de droit d’auteur et de fiabilité de l’information." },
  { 90, "3 étoiles",
    "L’élève fait preuve d’une vraie maturité dans ses usages numériques. Il peut participer à des "
    "actions de prévention auprès des plus jeunes." },
};

static const OrgaStage initiation_stages[] = {
  { 0, "Aucune étoile",
    "L’élève débute : les premiers gestes numériques sont encore à acquérir. Accompagnez ses "
    "premières utilisations en classe, pas à pas." },
  { 50, "1 étoile",
    "L’élève a acquis une bonne partie des gestes de base. Il peut poursuivre en autonomie sur Pix "
    "pour compléter les sujets non réussis." },
  { 80, "2 étoiles",
    "L’élève maîtrise les gestes de base. Il est prêt pour un parcours de rentrée ou un parcours "
    "thématique." },
};

static const OrgaStage maths_stages[] = {
  { 0, "Aucune étoile",
    "L’élève ne mobilise pas encore les outils numériques en mathématiques. Reprenez en classe la "
    "saisie d’une formule dans un tableur et la lecture d’un algorithme simple." },
  { 40, "1 étoile",
    "L’élève utilise le tableur et la programmation dans des situations guidées. Proposez-lui des "
    "activités où il doit choisir lui-même l’outil et la démarche." },
  { 70, "2 étoiles",
    "L’élève utilise avec aisance le tableur et la programmation pour résoudre des problèmes. "
    "Il peut s’essayer à des projets plus ouverts, en Python notamment." },
};

/* ------------------------------------------------------------------ */
/* sujets of each profile                                               */
/* ------------------------------------------------------------------ */

static const OrgaProfileTube rentree_6e_tubes[] = {
  T (RECHERCHE_WEB, 3), T (NAVIGATEUR, 3), T (FICHIERS, 2), T (COURRIEL, 2),
  T (MESSAGERIE_ENT, 3), T (NETIQUETTE, 2), T (MISE_EN_FORME, 2), T (RETOUCHE_IMAGE, 2),
  T (ALGORITHME, 2), T (MOT_DE_PASSE, 3), T (DONNEES_PERSO, 2), T (TEMPS_ECRAN, 3),
  T (DEPANNAGE, 2),
};

static const OrgaProfileTube rentree_5e_tubes[] = {
  T (RECHERCHE_WEB, 3), T (SOURCES_INFO, 2), T (FICHIERS, 3), T (TABLEUR, 2),
  T (COURRIEL, 3), T (PARTAGE_DOC, 2), T (ECRITURE_COLLAB, 2), T (MISE_EN_FORME, 3),
  T (DIAPORAMA, 2), T (PROGRAMMATION_BLOCS, 2), T (MOT_DE_PASSE, 3), T (CONFIDENTIALITE, 2),
  T (CYBERHARCELEMENT, 3), T (PERIPHERIQUES, 2),
};

static const OrgaProfileTube rentree_4e_tubes[] = {
  T (RECHERCHE_WEB, 3), T (SOURCES_INFO, 3), T (STOCKAGE, 3), T (TABLEUR, 3),
  T (COURRIEL, 3), T (PUBLICATION, 3), T (ECRITURE_COLLAB, 3), T (IDENTITE_NUM, 3),
  T (MISE_EN_FORME, 3), T (RETOUCHE_IMAGE, 3), T (PROGRAMMATION_BLOCS, 3), T (HAMECONNAGE, 3),
  T (DONNEES_PERSO, 3), T (CYBERHARCELEMENT, 3), T (SYSTEME, 3),
};

static const OrgaProfileTube rentree_3e_tubes[] = {
  T (RECHERCHE_WEB, 4), T (SOURCES_INFO, 4), T (FICHIERS, 4), T (TABLEUR, 4),
  T (GRAPHIQUE, 3), T (COURRIEL, 4), T (LICENCES, 3), T (ECRITURE_COLLAB, 3),
  T (IDENTITE_NUM, 4), T (DIAPORAMA, 3), T (ALGORITHME, 3), T (PROGRAMMATION_BLOCS, 4),
  T (MOT_DE_PASSE, 4), T (DONNEES_PERSO, 4), T (TEMPS_ECRAN, 3), T (DEPANNAGE, 3),
};

static const OrgaProfileTube rentree_2de_tubes[] = {
  T (RECHERCHE_WEB, 5), T (SOURCES_INFO, 4), T (VEILLE, 4), T (STOCKAGE, 4),
  T (TABLEUR, 5), T (TRI_FILTRE, 5), T (VISIOCONFERENCE, 4), T (PARTAGE_DOC, 4),
  T (ECRITURE_COLLAB, 4), T (DEMARCHES_EN_LIGNE, 4), T (MISE_EN_FORME, 4), T (PYTHON, 5),
  T (HAMECONNAGE, 4), T (COOKIES, 4), T (IMPACT_ENVIRONNEMENTAL, 4), T (CONNEXION_RESEAU, 4),
  T (INSTALLER_APPLI, 4),
};

static const OrgaProfileTube rentree_1re_tubes[] = {
  T (RECHERCHE_WEB, 5), T (SOURCES_INFO, 4), T (VEILLE, 4), T (FORMATS_FICHIERS, 4),
  T (TABLEUR, 5), T (GRAPHIQUE, 4), T (COURRIEL, 5), T (LICENCES, 4),
  T (AGENDA_PARTAGE, 4), T (IDENTITE_NUM, 5), T (DOCUMENT_LONG, 4), T (VIDEO, 4),
  T (PYTHON, 5), T (HAMECONNAGE, 5), T (RGPD, 4), T (IMPACT_ENVIRONNEMENTAL, 4),
  T (DEPANNAGE, 4), T (SYSTEME, 4),
};

static const OrgaProfileTube rentree_tle_tubes[] = {
  T (RECHERCHE_WEB, 5), T (SOURCES_INFO, 5), T (VEILLE, 5), T (STOCKAGE, 5),
  T (TABLEUR, 5), T (TRI_FILTRE, 5), T (VISIOCONFERENCE, 4), T (PUBLICATION, 5),
  T (VERSIONS, 4), T (DEMARCHES_EN_LIGNE, 5), T (MODELE_ECO, 5), T (DOCUMENT_LONG, 5),
  T (ACCESSIBILITE, 4), T (PYTHON, 5), T (MOT_DE_PASSE, 5), T (CONNEXION_SURE, 5),
  T (RGPD, 5), T (CYBERHARCELEMENT, 5), T (CONNEXION_RESEAU, 4), T (INSTALLER_APPLI, 5),
};

static const OrgaProfileTube protection_tubes[] = {
  T (MOT_DE_PASSE, 5), T (HAMECONNAGE, 6), T (MISES_A_JOUR, 5), T (CONNEXION_SURE, 5),
  T (DONNEES_PERSO, 5), T (CONFIDENTIALITE, 5), T (COOKIES, 5), T (RGPD, 5),
  T (TEMPS_ECRAN, 5), T (CYBERHARCELEMENT, 5), T (IMPACT_ENVIRONNEMENTAL, 5), T (ERGONOMIE, 3),
};

static const OrgaProfileTube initiation_tubes[] = {
  T (RECHERCHE_WEB, 2), T (NAVIGATEUR, 2), T (FICHIERS, 2), T (COURRIEL, 2),
  T (NETIQUETTE, 2), T (MISE_EN_FORME, 2), T (MOT_DE_PASSE, 2), T (DONNEES_PERSO, 2),
  T (TEMPS_ECRAN, 2), T (DEPANNAGE, 2), T (SYSTEME, 2),
};

/* Every sujet of the framework, up to level 5. */
static const OrgaProfileTube all_tubes[] = {
  T (RECHERCHE_WEB, 5), T (SOURCES_INFO, 5), T (VEILLE, 5), T (NAVIGATEUR, 5),
  T (FICHIERS, 5), T (STOCKAGE, 5), T (FORMATS_FICHIERS, 5),
  T (TABLEUR, 5), T (TRI_FILTRE, 5), T (GRAPHIQUE, 5),
  T (COURRIEL, 5), T (MESSAGERIE_ENT, 5), T (VISIOCONFERENCE, 5), T (NETIQUETTE, 5),
  T (PARTAGE_DOC, 5), T (PUBLICATION, 5), T (LICENCES, 5),
  T (ECRITURE_COLLAB, 5), T (AGENDA_PARTAGE, 5), T (VERSIONS, 5),
  T (IDENTITE_NUM, 5), T (DEMARCHES_EN_LIGNE, 5), T (MODELE_ECO, 5),
  T (MISE_EN_FORME, 5), T (DOCUMENT_LONG, 5), T (DIAPORAMA, 5), T (INSERTION_OBJETS, 5),
  T (RETOUCHE_IMAGE, 5), T (SON, 5), T (VIDEO, 5),
  T (ACCESSIBILITE, 5), T (EXPORT_FORMAT, 5), T (IMPRESSION, 5),
  T (ALGORITHME, 5), T (PROGRAMMATION_BLOCS, 5), T (PYTHON, 5), T (AUTOMATISATION, 5),
  T (MOT_DE_PASSE, 5), T (HAMECONNAGE, 5), T (MISES_A_JOUR, 5), T (CONNEXION_SURE, 5),
  T (DONNEES_PERSO, 5), T (CONFIDENTIALITE, 5), T (COOKIES, 5), T (RGPD, 5),
  T (TEMPS_ECRAN, 5), T (CYBERHARCELEMENT, 5), T (IMPACT_ENVIRONNEMENTAL, 5), T (ERGONOMIE, 5),
  T (DEPANNAGE, 5), T (CONNEXION_RESEAU, 5), T (PERIPHERIQUES, 5),
  T (SYSTEME, 5), T (INSTALLER_APPLI, 5), T (RACCOURCIS, 5), T (MATERIEL, 5),
};

static const OrgaProfileTube maths_tubes[] = {
  T (TABLEUR, 5), T (TRI_FILTRE, 4), T (GRAPHIQUE, 4), T (ALGORITHME, 5),
  T (PROGRAMMATION_BLOCS, 5), T (PYTHON, 5), T (AUTOMATISATION, 5), T (RECHERCHE_WEB, 3),
  T (FICHIERS, 3),
};

static const OrgaProfileTube french_tubes[] = {
  T (SOURCES_INFO, 4), T (MISE_EN_FORME, 5), T (DOCUMENT_LONG, 5), T (DIAPORAMA, 4),
  T (INSERTION_OBJETS, 3), T (LICENCES, 4), T (ECRITURE_COLLAB, 4), T (ACCESSIBILITE, 3),
  T (PUBLICATION, 3),
};

static const OrgaProfileTube citizenship_tubes[] = {
  T (IDENTITE_NUM, 5), T (NETIQUETTE, 5), T (CYBERHARCELEMENT, 5), T (LICENCES, 5),
  T (SOURCES_INFO, 5), T (DONNEES_PERSO, 4), T (MODELE_ECO, 4), T (PUBLICATION, 4),
};

/* One sujet per competence, in framework order. */
static const OrgaProfileTube diagnostic_tubes[] = {
  T (RECHERCHE_WEB, 3), T (FICHIERS, 3), T (TABLEUR, 3), T (COURRIEL, 3),
  T (PARTAGE_DOC, 3), T (ECRITURE_COLLAB, 3), T (IDENTITE_NUM, 3), T (MISE_EN_FORME, 3),
  T (RETOUCHE_IMAGE, 3), T (EXPORT_FORMAT, 3), T (ALGORITHME, 3), T (MOT_DE_PASSE, 3),
  T (DONNEES_PERSO, 3), T (TEMPS_ECRAN, 3), T (DEPANNAGE, 3), T (SYSTEME, 3),
};

/* ------------------------------------------------------------------ */
/* the catalogue                                                        */
/* ------------------------------------------------------------------ */

static const OrgaTargetProfile profiles[] = {
  { "rentree-6e", "Parcours de rentrée 6e",
    "Un premier état des lieux à l’entrée au collège : rechercher sur le web, ranger ses fichiers, "
    "écrire un message, protéger ses comptes. Les résultats permettent de repérer dès la rentrée les "
    "élèves qui ont besoin d’un accompagnement.",
    ORGA_PROFILE_CATEGORY_BACK_TO_SCHOOL, FALSE, TRUE,
    ROWS (rentree_6e_tubes), ROWS (sco_stages) },
  { "rentree-5e", "Parcours de rentrée 5e",
    "Ce parcours fait le point sur les acquis de 6e et aborde le travail à plusieurs, le tableur et la "
    "programmation par blocs. À proposer en début d’année pour adapter les activités de la classe.",
    ORGA_PROFILE_CATEGORY_BACK_TO_SCHOOL, FALSE, TRUE,
    ROWS (rentree_5e_tubes), ROWS (sco_stages) },
  { "rentree-4e", "Parcours de rentrée 4e",
    "Ce parcours évalue la recherche et le tri de l’information, le partage de documents et la "
    "protection de l’identité numérique. Un point d’étape utile avant l’année de 3e et la certification.",
    ORGA_PROFILE_CATEGORY_BACK_TO_SCHOOL, FALSE, TRUE,
    ROWS (rentree_4e_tubes), ROWS (sco_stages) },
  { "rentree-3e", "Parcours de rentrée 3e",
    "Ce parcours mesure les compétences attendues en fin de cycle 4, dans les cinq domaines du cadre de "
    "référence. Les résultats aident à préparer la certification Pix de fin de 3e.",
    ORGA_PROFILE_CATEGORY_BACK_TO_SCHOOL, FALSE, TRUE,
    ROWS (rentree_3e_tubes), ROWS (sco_stages) },
  { "rentree-2de", "Parcours de rentrée 2de",
    "Un diagnostic large pour accueillir les nouveaux lycéens : veille, stockage en ligne, "
    "collaboration, premiers programmes en Python et sécurité. Idéal pour les heures "
    "d’accompagnement personnalisé et de SNT.",
    ORGA_PROFILE_CATEGORY_BACK_TO_SCHOOL, FALSE, TRUE,
    ROWS (rentree_2de_tubes), ROWS (sco_stages) },
  { "rentree-1re", "Parcours de rentrée 1re",
    "Ce parcours approfondit le traitement des données, le droit d’auteur et les droits sur les données "
    "personnelles. Il prépare les élèves aux exigences de la certification Pix de terminale.",
    ORGA_PROFILE_CATEGORY_BACK_TO_SCHOOL, FALSE, TRUE,
    ROWS (rentree_1re_tubes), ROWS (sco_stages) },
  { "rentree-tle", "Parcours de rentrée Tle",
    "Le plus complet des parcours de rentrée, aux niveaux attendus pour la certification Pix. "
    "À lancer en début d’année pour cibler l’entraînement de chaque élève avant la session de "
    "certification.",
    ORGA_PROFILE_CATEGORY_BACK_TO_SCHOOL, FALSE, TRUE,
    ROWS (rentree_tle_tubes), ROWS (sco_stages) },
  { "protection-securite", "Protection et sécurité",
    "Tous les sujets du domaine 4 : mots de passe, hameçonnage, données personnelles, "
    "cyberharcèlement et santé. Un parcours thématique pour une séquence d’éducation aux médias "
    "ou une action de prévention.",
    ORGA_PROFILE_CATEGORY_SUBJECT, TRUE, FALSE,
    ROWS (protection_tubes), ROWS (protection_stages) },
  { "citoyennete-numerique", "Citoyenneté numérique",
    "Identité numérique, respect en ligne, droit d’auteur et fiabilité de l’information : les "
    "sujets qui font d’un élève un citoyen averti du numérique. Il se prête bien à un travail en "
    "EMC ou avec le professeur documentaliste.",
    ORGA_PROFILE_CATEGORY_SUBJECT, TRUE, FALSE,
    ROWS (citizenship_tubes), ROWS (citizenship_stages) },
  { "initiation", "Initiation aux compétences numériques",
    "Un parcours court sur les gestes de base, pour les élèves qui découvrent Pix ou qui sont "
    "peu à l’aise avec le numérique. Il peut être repris autant de fois que nécessaire.",
    ORGA_PROFILE_CATEGORY_PREDEFINED, TRUE, FALSE,
    ROWS (initiation_tubes), ROWS (initiation_stages) },
  { "16-competences", "Les 16 compétences",
    "Tous les sujets des 16 compétences du cadre de référence, jusqu’au niveau 5. Le parcours le "
    "plus long : il donne une image complète du profil de l’élève, compétence par compétence.",
    ORGA_PROFILE_CATEGORY_COMPETENCES, FALSE, FALSE,
    ROWS (all_tubes), NULL, 0 },
  { "numerique-maths", "Numérique en mathématiques",
    "Tableur, représentations graphiques, algorithmique et programmation : les compétences "
    "numériques mobilisées en mathématiques. Les résultats aident à préparer les séances de "
    "programmation et de statistiques.",
    ORGA_PROFILE_CATEGORY_DISCIPLINE, FALSE, FALSE,
    ROWS (maths_tubes), ROWS (maths_stages) },
  { "numerique-francais", "Numérique en français",
    "Écrire, mettre en forme, présenter et citer ses sources : les compétences numériques au "
    "service de l’écriture et de l’exposé. À proposer avant un travail de rédaction ou un oral.",
    ORGA_PROFILE_CATEGORY_DISCIPLINE, FALSE, FALSE,
    ROWS (french_tubes), NULL, 0 },
  { "diagnostic-express", "Diagnostic express",
    "Un sujet par compétence, jusqu’au niveau 3 : un aperçu rapide du niveau d’une classe en "
    "moins d’une heure. Pratique pour un premier contact ou une classe arrivée en cours d’année.",
    ORGA_PROFILE_CATEGORY_OTHER, TRUE, FALSE,
    ROWS (diagnostic_tubes), NULL, 0 },
};

/* ------------------------------------------------------------------ */
/* categories                                                           */
/* ------------------------------------------------------------------ */

static const char * const category_names[ORGA_PROFILE_N_CATEGORIES] = {
  [ORGA_PROFILE_CATEGORY_COMPETENCES] = "COMPETENCES",
  [ORGA_PROFILE_CATEGORY_BACK_TO_SCHOOL] = "BACK_TO_SCHOOL",
  [ORGA_PROFILE_CATEGORY_SUBJECT] = "SUBJECT",
  [ORGA_PROFILE_CATEGORY_DISCIPLINE] = "DISCIPLINE",
  [ORGA_PROFILE_CATEGORY_PREDEFINED] = "PREDEFINED",
  [ORGA_PROFILE_CATEGORY_OTHER] = "OTHER",
};

/* A context keeps "Other" and "Subjects" apart from the same English words
 * elsewhere in the app, which French may translate differently. */
#define CATEGORY_CONTEXT "target profile category"

static const char * const category_labels[ORGA_PROFILE_N_CATEGORIES] = {
  [ORGA_PROFILE_CATEGORY_COMPETENCES] = NC_("target profile category", "The 16 competences"),
  [ORGA_PROFILE_CATEGORY_BACK_TO_SCHOOL] = NC_("target profile category", "Back to school / 6e"),
  [ORGA_PROFILE_CATEGORY_SUBJECT] = NC_("target profile category", "Subjects"),
  [ORGA_PROFILE_CATEGORY_DISCIPLINE] = NC_("target profile category", "Disciplines"),
  [ORGA_PROFILE_CATEGORY_PREDEFINED] = NC_("target profile category", "Predefined"),
  [ORGA_PROFILE_CATEGORY_OTHER] = NC_("target profile category", "Other"),
};

const char *
orga_profile_category_to_string (OrgaProfileCategory category)
{
  g_return_val_if_fail ((guint) category < ORGA_PROFILE_N_CATEGORIES, NULL);

  return category_names[category];
}

const char *
orga_profile_category_get_label (OrgaProfileCategory category)
{
  g_return_val_if_fail ((guint) category < ORGA_PROFILE_N_CATEGORIES, NULL);

  return g_dpgettext2 (GETTEXT_PACKAGE, CATEGORY_CONTEXT, category_labels[category]);
}

static guint
count_bits (guint8 mask)
{
  return (guint) __builtin_popcount (mask);
}

/* ------------------------------------------------------------------ */
/* profiles                                                             */
/* ------------------------------------------------------------------ */

guint
orga_target_profile_get_n_profiles (void)
{
  return G_N_ELEMENTS (profiles);
}

const OrgaTargetProfile *
orga_target_profile_get_nth (guint i)
{
  g_return_val_if_fail (i < G_N_ELEMENTS (profiles), NULL);

  return &profiles[i];
}

/* NULL for an unknown id: a campaign may come from a newer PixOrga. */
const OrgaTargetProfile *
orga_target_profile_find (const char *id)
{
  if (id == NULL)
    return NULL;

  for (guint i = 0; i < G_N_ELEMENTS (profiles); i++)
    if (g_str_equal (profiles[i].id, id))
      return &profiles[i];

  return NULL;
}

guint8
orga_target_profile_tube_skills (const OrgaTargetProfile *self,
                                 guint                    i)
{
  const OrgaTube *tube;

  g_return_val_if_fail (self != NULL, 0);
  g_return_val_if_fail (i < self->n_tubes, 0);

  tube = orga_framework_get_tube (self->tubes[i].tube);
  g_return_val_if_fail (tube != NULL, 0);

  return orga_tube_skills_up_to (tube, self->tubes[i].max_level);
}

guint
orga_target_profile_count_skills (const OrgaTargetProfile *self)
{
  guint count = 0;

  g_return_val_if_fail (self != NULL, 0);

  for (guint i = 0; i < self->n_tubes; i++)
    count += (guint) count_bits (orga_target_profile_tube_skills (self, i));

  return count;
}

void
orga_target_profile_count_by_competence (const OrgaTargetProfile *self,
                                         guint                   *counts)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (counts != NULL);

  memset (counts, 0, sizeof (guint) * ORGA_FRAMEWORK_N_COMPETENCES);

  for (guint i = 0; i < self->n_tubes; i++)
    {
      const OrgaTube *tube = orga_framework_get_tube (self->tubes[i].tube);

      g_assert (tube->competence < ORGA_FRAMEWORK_N_COMPETENCES);
      counts[tube->competence] += (guint) count_bits (orga_target_profile_tube_skills (self, i));
    }
}

guint
orga_target_profile_max_difficulty (const OrgaTargetProfile *self)
{
  guint8 all = 0;
  guint difficulty = 0;

  g_return_val_if_fail (self != NULL, 0);

  for (guint i = 0; i < self->n_tubes; i++)
    all |= orga_target_profile_tube_skills (self, i);

  while (all != 0)
    {
      difficulty++;
      all >>= 1;
    }

  return difficulty;
}

/* The acquired stages are the zero stage and every stage whose threshold is
 * at most the mastery rate in whole percent, rounded as Pix rounds it for
 * display: 20.5 % reaches a 21 % stage. The catalogue has no "first skill"
 * stage, so @validated does not change the result; it is in the signature
 * for profiles that would have one. */
guint
orga_target_profile_reached_stage (const OrgaTargetProfile *self,
                                   double                   mastery,
                                   guint                    validated)
{
  guint percent;
  guint acquired = 0;

  g_return_val_if_fail (self != NULL, 0);

  (void) validated;

  if (self->n_stages == 0)
    return 0;

  /* NaN (no targeted skill) counts as 0 %. */
  if (!(mastery > 0.0))
    mastery = 0.0;
  if (mastery > 1.0)
    mastery = 1.0;

  /* Half away from zero, as Math.round on a positive rate; without libm. */
  percent = (guint) (mastery * 100.0 + 0.5);

  for (guint i = 0; i < self->n_stages; i++)
    if (i == 0 || self->stages[i].threshold <= percent)
      acquired++;

  return acquired - 1;
}
