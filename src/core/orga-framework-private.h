/* orga-framework-private.h: names for the positions of the bundled tubes
 *
 * The target-profile catalogue refers to tubes by position; these names
 * keep it readable and let the compiler check that every position exists.
 * The order is the order of the tubes table and never changes once
 * released (stored participations depend on it): add new tubes at the end.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "orga-framework.h"

G_BEGIN_DECLS

typedef enum
{
  /* 1.1 Mener une recherche et une veille d’information */
  ORGA_TUBE_RECHERCHE_WEB,
  ORGA_TUBE_SOURCES_INFO,
  ORGA_TUBE_VEILLE,
  ORGA_TUBE_NAVIGATEUR,
  /* 1.2 Gérer des données */
  ORGA_TUBE_FICHIERS,
  ORGA_TUBE_STOCKAGE,
  ORGA_TUBE_FORMATS_FICHIERS,
  /* 1.3 Traiter des données */
  ORGA_TUBE_TABLEUR,
  ORGA_TUBE_TRI_FILTRE,
  ORGA_TUBE_GRAPHIQUE,
  /* 2.1 Interagir */
  ORGA_TUBE_COURRIEL,
  ORGA_TUBE_MESSAGERIE_ENT,
  ORGA_TUBE_VISIOCONFERENCE,
  ORGA_TUBE_NETIQUETTE,
  /* 2.2 Partager et publier */
  ORGA_TUBE_PARTAGE_DOC,
  ORGA_TUBE_PUBLICATION,
  ORGA_TUBE_LICENCES,
  /* 2.3 Collaborer */
  ORGA_TUBE_ECRITURE_COLLAB,
  ORGA_TUBE_AGENDA_PARTAGE,
  ORGA_TUBE_VERSIONS,
  /* 2.4 S’insérer dans le monde numérique */
  ORGA_TUBE_IDENTITE_NUM,
  ORGA_TUBE_DEMARCHES_EN_LIGNE,
  ORGA_TUBE_MODELE_ECO,
  /* 3.1 Développer des documents textuels */
  ORGA_TUBE_MISE_EN_FORME,
  ORGA_TUBE_DOCUMENT_LONG,
  ORGA_TUBE_DIAPORAMA,
  ORGA_TUBE_INSERTION_OBJETS,
  /* 3.2 Développer des documents multimédia */
  ORGA_TUBE_RETOUCHE_IMAGE,
  ORGA_TUBE_SON,
  ORGA_TUBE_VIDEO,
  /* 3.3 Adapter les documents à leur finalité */
  ORGA_TUBE_ACCESSIBILITE,
  ORGA_TUBE_EXPORT_FORMAT,
  ORGA_TUBE_IMPRESSION,
  /* 3.4 Programmer */
  ORGA_TUBE_ALGORITHME,
  ORGA_TUBE_PROGRAMMATION_BLOCS,
  ORGA_TUBE_PYTHON,
  ORGA_TUBE_AUTOMATISATION,
  /* 4.1 Sécuriser l’environnement numérique */
  ORGA_TUBE_MOT_DE_PASSE,
  ORGA_TUBE_HAMECONNAGE,
  ORGA_TUBE_MISES_A_JOUR,
  ORGA_TUBE_CONNEXION_SURE,
  /* 4.2 Protéger les données personnelles et la vie privée */
  ORGA_TUBE_DONNEES_PERSO,
  ORGA_TUBE_CONFIDENTIALITE,
  ORGA_TUBE_COOKIES,
  ORGA_TUBE_RGPD,
  /* 4.3 Protéger la santé, le bien-être et l’environnement */
  ORGA_TUBE_TEMPS_ECRAN,
  ORGA_TUBE_CYBERHARCELEMENT,
  ORGA_TUBE_IMPACT_ENVIRONNEMENTAL,
  ORGA_TUBE_ERGONOMIE,
  /* 5.1 Résoudre des problèmes techniques */
  ORGA_TUBE_DEPANNAGE,
  ORGA_TUBE_CONNEXION_RESEAU,
  ORGA_TUBE_PERIPHERIQUES,
  /* 5.2 Construire un environnement numérique */
  ORGA_TUBE_SYSTEME,
  ORGA_TUBE_INSTALLER_APPLI,
  ORGA_TUBE_RACCOURCIS,
  ORGA_TUBE_MATERIEL,

  ORGA_N_TUBES
} OrgaTubeId;

G_END_DECLS
