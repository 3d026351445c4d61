/* orga-framework.c: the competence framework as static tables
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "orga-framework.h"
#include "orga-framework-private.h"

/* Skill masks: D(d) is the skill of difficulty d, SPAN(a, b) the skills
 * a … b. Gaps are real: not every difficulty exists in every sujet. */
#define D(d)        (1u << ((d) - 1))
#define SPAN(a, b)  ((((1u << (b)) - 1u) >> ((a) - 1)) << ((a) - 1))

static const OrgaArea areas[ORGA_FRAMEWORK_N_AREAS] = {
  { "1", "Information et données",        "#f1a141", "jaffa" },
  { "2", "Communication et collaboration", "#57c884", "emerald" },
  { "3", "Création de contenu",            "#3d68ff", "cerulean" },
  { "4", "Protection et sécurité",         "#ff3f94", "wild-strawberry" },
  { "5", "Environnement numérique",        "#5e2563", "butterfly-bush" },
};

static const OrgaCompetence competences[ORGA_FRAMEWORK_N_COMPETENCES] = {
  { "1.1", "Mener une recherche et une veille d’information", 0 },
  { "1.2", "Gérer des données", 0 },
  { "1.3", "Traiter des données", 0 },
  { "2.1", "Interagir", 1 },
  { "2.2", "Partager et publier", 1 },
  { "2.3", "Collaborer", 1 },
  { "2.4", "S’insérer dans le monde numérique", 1 },
  { "3.1", "Développer des documents textuels", 2 },
  { "3.2", "Développer des documents multimédia", 2 },
  { "3.3", "Adapter les documents à leur finalité", 2 },
  { "3.4", "Programmer", 2 },
  { "4.1", "Sécuriser l’environnement numérique", 3 },
  { "4.2", "Protéger les données personnelles et la vie privée", 3 },
  { "4.3", "Protéger la santé, le bien-être et l’environnement", 3 },
  { "5.1", "Résoudre des problèmes techniques", 4 },
  { "5.2", "Construire un environnement numérique", 4 },
};

/* Designated initializers tie each row to its OrgaTubeId, so the catalogue
 * of target profiles cannot point at the wrong sujet. */
static const OrgaTube tubes[ORGA_N_TUBES] = {
  /* 1.1 */
  [ORGA_TUBE_RECHERCHE_WEB] = {
    "@rechercheWeb", "Rechercher sur le web",
    "Formuler une requête avec des mots-clés pertinents et exploiter la page de résultats d’un moteur de recherche.",
    0, SPAN (1, 6), TRUE, TRUE },
  [ORGA_TUBE_SOURCES_INFO] = {
    "@sourcesInfo", "Évaluer la fiabilité d’une source",
    "Identifier l’auteur, la date et l’intention d’une page pour juger si l’information est fiable.",
    0, D (2) | D (3) | D (4) | D (6) | D (7), TRUE, TRUE },
  [ORGA_TUBE_VEILLE] = {
    "@veille", "Faire une veille d’information",
    "Suivre un sujet dans la durée grâce aux alertes, aux flux et aux lettres d’information.",
    0, SPAN (3, 6), FALSE, TRUE },
  [ORGA_TUBE_NAVIGATEUR] = {
    "@navigateur", "Utiliser un navigateur",
    "Se repérer dans le navigateur : barre d’adresse, onglets, historique et favoris.",
    0, SPAN (1, 4), TRUE, TRUE },

  /* 1.2 */
  [ORGA_TUBE_FICHIERS] = {
    "@fichiers", "Organiser ses fichiers",
    "Nommer, ranger, déplacer et retrouver ses fichiers et ses dossiers.",
    1, SPAN (1, 5), FALSE, TRUE },
  [ORGA_TUBE_STOCKAGE] = {
    "@stockageEnLigne", "Stocker dans le nuage",
    "Enregistrer, synchroniser et retrouver ses documents dans un espace de stockage en ligne.",
    1, SPAN (2, 6), TRUE, TRUE },
  [ORGA_TUBE_FORMATS_FICHIERS] = {
    "@formatsFichiers", "Reconnaître les formats de fichiers",
    "Identifier un format par son extension et choisir le format adapté à l’usage.",
    1, D (1) | D (2) | D (3) | D (5) | D (6), TRUE, TRUE },

  /* 1.3 */
  [ORGA_TUBE_TABLEUR] = {
    "@tableur", "Calculer avec un tableur",
    "Saisir des données, écrire des formules et recopier un calcul dans une feuille de calcul.",
    2, SPAN (1, 7), FALSE, TRUE },
  [ORGA_TUBE_TRI_FILTRE] = {
    "@triFiltre", "Trier et filtrer des données",
    "Trier un tableau et filtrer ses lignes pour répondre à une question précise.",
    2, SPAN (2, 6), FALSE, TRUE },
  [ORGA_TUBE_GRAPHIQUE] = {
    "@graphique", "Représenter des données",
    "Choisir le graphique adapté à des données, le construire et le lire sans contresens.",
    2, D (2) | D (3) | D (4) | D (6), FALSE, TRUE },

  /* 2.1 */
  [ORGA_TUBE_COURRIEL] = {
    "@courriel", "Écrire un courriel",
    "Rédiger, adresser, répondre et transférer un courriel en respectant les usages.",
    3, SPAN (1, 5), TRUE, TRUE },
  [ORGA_TUBE_MESSAGERIE_ENT] = {
    "@messagerieENT", "Utiliser la messagerie de l’ENT",
    "Écrire à un enseignant ou à un groupe depuis l’espace numérique de travail de l’établissement.",
    3, SPAN (1, 4), TRUE, TRUE },
  [ORGA_TUBE_VISIOCONFERENCE] = {
    "@visio", "Participer à une visioconférence",
    "Rejoindre une réunion en ligne et gérer son micro, sa caméra et le partage d’écran.",
    3, SPAN (2, 5), TRUE, TRUE },
  [ORGA_TUBE_NETIQUETTE] = {
    "@netiquette", "Communiquer avec respect en ligne",
    "Adapter son message au destinataire et savoir réagir à un propos blessant.",
    3, D (1) | D (2) | D (3) | D (5), TRUE, TRUE },

  /* 2.2 */
  [ORGA_TUBE_PARTAGE_DOC] = {
    "@partageDoc", "Partager un document",
    "Partager un fichier par un lien ou une invitation en choisissant les droits d’accès.",
    4, SPAN (1, 5), TRUE, TRUE },
  [ORGA_TUBE_PUBLICATION] = {
    "@publication", "Publier en ligne",
    "Publier sur un blog, un site ou un réseau social en mesurant qui pourra voir la publication.",
    4, SPAN (2, 6), TRUE, TRUE },
  [ORGA_TUBE_LICENCES] = {
    "@droitAuteur", "Respecter le droit d’auteur",
    "Réutiliser une image ou un texte dans le respect de sa licence et en citant la source.",
    4, SPAN (3, 7), TRUE, TRUE },

  /* 2.3 */
  [ORGA_TUBE_ECRITURE_COLLAB] = {
    "@ecritureCollab", "Écrire à plusieurs",
    "Rédiger un même document à plusieurs, le commenter et suivre les modifications de chacun.",
    5, SPAN (1, 6), FALSE, TRUE },
  [ORGA_TUBE_AGENDA_PARTAGE] = {
    "@agenda", "Utiliser un agenda partagé",
    "Créer un événement, inviter des participants et consulter leurs disponibilités.",
    5, SPAN (2, 5), TRUE, TRUE },
  [ORGA_TUBE_VERSIONS] = {
    "@versions", "Gérer les versions d’un document",
    "Retrouver une version antérieure et éviter d’écraser le travail des autres.",
    5, D (3) | D (4) | D (6), FALSE, FALSE },

  /* 2.4 */
  [ORGA_TUBE_IDENTITE_NUM] = {
    "@identiteNum", "Maîtriser son identité numérique",
    "Savoir ce que ses traces en ligne disent de soi, les retrouver et les gérer.",
    6, SPAN (1, 6), TRUE, TRUE },
  [ORGA_TUBE_DEMARCHES_EN_LIGNE] = {
    "@demarches", "Effectuer une démarche en ligne",
    "Remplir un formulaire administratif en ligne et conserver le justificatif.",
    6, SPAN (2, 6), TRUE, TRUE },
  [ORGA_TUBE_MODELE_ECO] = {
    "@modeleEco", "Comprendre les modèles économiques du web",
    "Comprendre comment un service gratuit se finance, par la publicité ou par les données de ses utilisateurs.",
    6, SPAN (3, 6), TRUE, TRUE },

  /* 3.1 */
  [ORGA_TUBE_MISE_EN_FORME] = {
    "@miseEnForme", "Mettre en forme un texte",
    "Appliquer des styles, des listes et une mise en page cohérente à un document.",
    7, SPAN (1, 6), FALSE, TRUE },
  [ORGA_TUBE_DOCUMENT_LONG] = {
    "@documentLong", "Structurer un document long",
    "Utiliser les niveaux de titre, la table des matières et la numérotation des pages.",
    7, SPAN (3, 7), FALSE, FALSE },
  [ORGA_TUBE_DIAPORAMA] = {
    "@diaporama", "Créer un diaporama",
    "Concevoir des diapositives lisibles, avec un titre, une image et peu de texte.",
    7, SPAN (1, 5), FALSE, TRUE },
  [ORGA_TUBE_INSERTION_OBJETS] = {
    "@insertion", "Insérer des objets dans un document",
    "Insérer et positionner une image, un tableau ou un lien dans un document.",
    7, D (1) | D (2) | D (3) | D (5), FALSE, TRUE },

  /* 3.2 */
  [ORGA_TUBE_RETOUCHE_IMAGE] = {
    "@retoucheImage", "Retoucher une image",
    "Recadrer, redimensionner et ajuster une image sans la déformer.",
    8, SPAN (1, 6), TRUE, TRUE },
  [ORGA_TUBE_SON] = {
    "@son", "Enregistrer et monter un son",
    "Enregistrer sa voix, couper un passage et exporter un fichier audio.",
    8, SPAN (2, 5), TRUE, TRUE },
  [ORGA_TUBE_VIDEO] = {
    "@video", "Monter une vidéo",
    "Assembler des séquences, ajouter un titre et exporter une courte vidéo.",
    8, SPAN (2, 6), TRUE, TRUE },

  /* 3.3 */
  [ORGA_TUBE_ACCESSIBILITE] = {
    "@accessibilite", "Rendre un document accessible",
    "Ajouter des textes alternatifs, choisir des couleurs contrastées et structurer un document pour tous les lecteurs.",
    9, SPAN (2, 6), FALSE, TRUE },
  [ORGA_TUBE_EXPORT_FORMAT] = {
    "@export", "Exporter dans le bon format",
    "Convertir un document en PDF ou en image selon l’usage prévu et le destinataire.",
    9, SPAN (1, 4), TRUE, TRUE },
  [ORGA_TUBE_IMPRESSION] = {
    "@impression", "Préparer une impression",
    "Régler l’orientation, les marges et vérifier l’aperçu avant d’imprimer.",
    9, D (1) | D (2) | D (4), FALSE, FALSE },

  /* 3.4 */
  [ORGA_TUBE_ALGORITHME] = {
    "@algorithme", "Lire un algorithme",
    "Suivre pas à pas une suite d’instructions comprenant une boucle ou une condition.",
    10, SPAN (1, 6), TRUE, TRUE },
  [ORGA_TUBE_PROGRAMMATION_BLOCS] = {
    "@programmeBlocs", "Programmer par blocs",
    "Écrire un programme par blocs avec des boucles, des conditions et des variables.",
    10, SPAN (1, 6), FALSE, TRUE },
  [ORGA_TUBE_PYTHON] = {
    "@python", "Écrire un programme en Python",
    "Écrire et corriger un court programme en Python utilisant des variables et des fonctions.",
    10, SPAN (4, 8), FALSE, FALSE },
  [ORGA_TUBE_AUTOMATISATION] = {
    "@automatisation", "Automatiser une tâche",
    "Utiliser une formule, un modèle ou une règle pour éviter de répéter une opération à la main.",
    10, D (3) | D (5) | D (6), FALSE, FALSE },

  /* 4.1 */
  [ORGA_TUBE_MOT_DE_PASSE] = {
    "@motDePasse", "Choisir un mot de passe",
    "Créer un mot de passe robuste, le garder secret et savoir quand le changer.",
    11, SPAN (1, 6), TRUE, TRUE },
  [ORGA_TUBE_HAMECONNAGE] = {
    "@hameconnage", "Déjouer l’hameçonnage",
    "Reconnaître un courriel ou un message frauduleux et savoir quoi en faire.",
    11, SPAN (2, 7), TRUE, TRUE },
  [ORGA_TUBE_MISES_A_JOUR] = {
    "@misesAJour", "Protéger son appareil",
    "Comprendre pourquoi les mises à jour, l’antivirus et le verrouillage de l’écran protègent l’appareil.",
    11, SPAN (1, 5), TRUE, TRUE },
  [ORGA_TUBE_CONNEXION_SURE] = {
    "@connexionSure", "Se connecter en sécurité",
    "Reconnaître une connexion chiffrée et les risques d’un réseau wifi public.",
    11, D (2) | D (3) | D (5) | D (6), TRUE, TRUE },

  /* 4.2 */
  [ORGA_TUBE_DONNEES_PERSO] = {
    "@donneesPerso", "Protéger ses données personnelles",
    "Savoir ce qu’est une donnée personnelle et limiter ce que l’on communique en ligne.",
    12, SPAN (1, 6), TRUE, TRUE },
  [ORGA_TUBE_CONFIDENTIALITE] = {
    "@confidentialite", "Régler la confidentialité de ses comptes",
    "Choisir qui voit ses publications et ses informations sur un réseau social ou une application.",
    12, SPAN (1, 5), TRUE, TRUE },
  [ORGA_TUBE_COOKIES] = {
    "@traceurs", "Comprendre les cookies et le pistage",
    "Accepter ou refuser les traceurs d’un site en connaissant leurs effets.",
    12, SPAN (3, 6), TRUE, TRUE },
  [ORGA_TUBE_RGPD] = {
    "@droitsDonnees", "Connaître ses droits sur ses données",
    "Savoir demander l’accès à ses données, leur rectification ou leur suppression (RGPD).",
    12, D (3) | D (4) | D (6) | D (7), TRUE, TRUE },

  /* 4.3 */
  [ORGA_TUBE_TEMPS_ECRAN] = {
    "@tempsEcran", "Gérer son temps d’écran",
    "Repérer les effets des écrans sur le sommeil et l’attention, et organiser ses usages.",
    13, SPAN (1, 5), TRUE, TRUE },
  [ORGA_TUBE_CYBERHARCELEMENT] = {
    "@cyberharcelement", "Réagir au cyberharcèlement",
    "Reconnaître une situation de harcèlement en ligne et savoir à qui s’adresser pour y mettre fin.",
    13, SPAN (1, 5), TRUE, TRUE },
  [ORGA_TUBE_IMPACT_ENVIRONNEMENTAL] = {
    "@numeriqueDurable", "Réduire l’impact environnemental du numérique",
    "Connaître le coût environnemental des appareils et des usages, et savoir le réduire.",
    13, SPAN (2, 6), TRUE, TRUE },
  [ORGA_TUBE_ERGONOMIE] = {
    "@ergonomie", "Adopter une bonne posture",
    "Régler son poste de travail, sa luminosité et penser à faire des pauses.",
    13, D (1) | D (2) | D (3), TRUE, TRUE },

  /* 5.1 */
  [ORGA_TUBE_DEPANNAGE] = {
    "@depannage", "Dépanner un appareil",
    "Redémarrer, vérifier les branchements et lire un message d’erreur avant de demander de l’aide.",
    14, SPAN (1, 6), TRUE, TRUE },
  [ORGA_TUBE_CONNEXION_RESEAU] = {
    "@reseau", "Rétablir une connexion au réseau",
    "Vérifier le wifi, le câble ou le mode avion pour retrouver l’accès à internet.",
    14, SPAN (2, 6), TRUE, TRUE },
  [ORGA_TUBE_PERIPHERIQUES] = {
    "@peripheriques", "Brancher un périphérique",
    "Connecter une imprimante, un casque ou une clé USB et vérifier qu’il fonctionne.",
    14, SPAN (1, 4), FALSE, TRUE },

  /* 5.2 */
  [ORGA_TUBE_SYSTEME] = {
    "@systeme", "Connaître son système d’exploitation",
    "Distinguer le système, les applications et les fichiers, et régler les paramètres de base.",
    15, SPAN (1, 6), TRUE, TRUE },
  [ORGA_TUBE_INSTALLER_APPLI] = {
    "@applications", "Installer une application",
    "Installer, mettre à jour ou supprimer une application depuis une source sûre.",
    15, SPAN (2, 6), TRUE, TRUE },
  [ORGA_TUBE_RACCOURCIS] = {
    "@raccourcis", "Utiliser les raccourcis clavier",
    "Gagner du temps avec les raccourcis pour copier, coller, annuler et rechercher.",
    15, D (1) | D (2) | D (3) | D (5), FALSE, FALSE },
  [ORGA_TUBE_MATERIEL] = {
    "@materiel", "Connaître le matériel",
    "Identifier les composants d’un ordinateur ou d’un smartphone et leur rôle.",
    15, SPAN (2, 5), TRUE, TRUE },
};

const OrgaArea *
orga_framework_get_area (guint i)
{
  g_return_val_if_fail (i < G_N_ELEMENTS (areas), NULL);

  return &areas[i];
}

const OrgaCompetence *
orga_framework_get_competence (guint i)
{
  g_return_val_if_fail (i < G_N_ELEMENTS (competences), NULL);

  return &competences[i];
}

guint
orga_framework_get_n_tubes (void)
{
  return G_N_ELEMENTS (tubes);
}

const OrgaTube *
orga_framework_get_tube (guint i)
{
  g_return_val_if_fail (i < G_N_ELEMENTS (tubes), NULL);

  return &tubes[i];
}

/* 56 tubes: a linear scan is as fast as a hash table and needs no set-up. */
int
orga_framework_find_tube (const char *name)
{
  if (name == NULL)
    return -1;

  for (guint i = 0; i < G_N_ELEMENTS (tubes); i++)
    if (g_str_equal (tubes[i].name, name))
      return (int) i;

  return -1;
}

int
orga_framework_find_competence (const char *index)
{
  if (index == NULL)
    return -1;

  for (guint i = 0; i < G_N_ELEMENTS (competences); i++)
    if (g_str_equal (competences[i].index, index))
      return (int) i;

  return -1;
}

guint
orga_framework_level_for_pix (guint pix)
{
  return MIN (pix / ORGA_PIX_PER_LEVEL, ORGA_MAX_REACHABLE_LEVEL);
}

guint
orga_framework_cap_pix (guint pix)
{
  return MIN (pix, ORGA_MAX_PIX_PER_COMPETENCE);
}

guint8
orga_tube_skills_up_to (const OrgaTube *tube,
                        guint           max_level)
{
  guint mask;

  g_return_val_if_fail (tube != NULL, 0);

  if (max_level >= ORGA_FRAMEWORK_MAX_DIFFICULTY)
    return tube->skills;

  /* Computed in a guint: 1 << 8 does not fit the guint8 result. */
  mask = (1u << max_level) - 1u;

  return (guint8) (tube->skills & mask);
}

char *
orga_tube_dup_skill_name (const OrgaTube *tube,
                          guint           difficulty)
{
  g_return_val_if_fail (tube != NULL, NULL);
  g_return_val_if_fail (difficulty >= 1 && difficulty <= ORGA_FRAMEWORK_MAX_DIFFICULTY, NULL);

  return g_strdup_printf ("%s%u", tube->name, difficulty);
}
