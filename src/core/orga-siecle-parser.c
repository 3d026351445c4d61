/* orga-siecle-parser.c: SIECLE "BEE_ELEVES" XML, one streaming pass
 *
 * Pix reads the file with sax + xml2js; the semantics copied here are the
 * ones the spec spells out (spec/import-formats.md §1a): only direct children
 * of <ELEVE> count, the first occurrence of an element wins, an absent element
 * is NULL while an empty one is "", the last "D" structure gives the class.
 * One rule is ours: only students that would be imported are validated.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "orga-siecle-parser"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <libxml/parserInternals.h>
#include <libxml/xmlreader.h>
#include <string.h>

#include "orga-decode-feed.h"
#include "orga-siecle-parser.h"

/* SIECLE nests at most six levels; anything far deeper is hostile. */
#define MAX_DEPTH 64

typedef enum
{
  F_ID_NATIONAL,
  F_NOM_DE_FAMILLE,
  F_NOM_USAGE,
  F_PRENOM,
  F_PRENOM2,
  F_PRENOM3,
  F_CODE_SEXE,
  F_DATE_NAISS,
  F_CODE_PAYS,
  F_CODE_DEPARTEMENT_NAISS,
  F_CODE_COMMUNE_INSEE_NAISS,
  F_VILLE_NAISS,
  F_CODE_MEF,
  F_CODE_STATUT,
  F_DATE_SORTIE,
  N_FIELDS,
  F_NONE = -1,
} Field;

static const char * const field_names[N_FIELDS] = {
  "ID_NATIONAL", "NOM_DE_FAMILLE", "NOM_USAGE", "PRENOM", "PRENOM2", "PRENOM3",
  "CODE_SEXE", "DATE_NAISS", "CODE_PAYS", "CODE_DEPARTEMENT_NAISS",
  "CODE_COMMUNE_INSEE_NAISS", "VILLE_NAISS", "CODE_MEF", "CODE_STATUT", "DATE_SORTIE",
};

typedef enum
{
  SECTION_NONE,
  SECTION_PARAMETRES,
  SECTION_DONNEES,
} Section;

typedef struct
{
  OrgaLearnerSet   *set;
  OrgaImportSource *source;
  GCancellable     *cancellable;
  const char       *expected_uai;
  xmlTextReaderPtr  reader;

  OrgaDecodeFeed   *feed;
  int               xml_error_code;  /* first libxml2 error */
  int               xml_error_line;
  gboolean          stop;            /* read no further */
  gboolean          failed;          /* the reader gave up: the XML is broken */
  gboolean          rejected;        /* the whole file is refused, nothing else matters */

  GHashTable       *field_by_name;   /* interned name -> Field + 1 */
  GHashTable       *index_by_eleve_id;
  GString          *text;

  char             *uai;             /* first PARAMETRES/UAJ */
  gboolean          uai_seen;
} Parser;

/* Every local file or network resource is refused: a SIECLE export needs
 * neither DTD nor external entity. */
static xmlParserInputPtr
refuse_external_entity (const char       *url,
                        const char       *id,
                        xmlParserCtxtPtr  ctxt)
{
  return NULL;
}

static void
install_entity_loader_once (void)
{
  static gsize done;

  if (g_once_init_enter (&done))
    {
      xmlInitParser ();
      xmlSetExternalEntityLoader (refuse_external_entity);
      g_once_init_leave (&done, 1);
    }
}

static int
read_callback (void *context,
               char *buffer,
               int   len)
{
  Parser *p = context;

  if (p->stop)
    return 0;

  return orga_decode_feed_read (p->feed, buffer, len);
}

static void
structured_error (void        *context,
                  xmlErrorPtr  error)
{
  Parser *p = context;

  if (error == NULL || error->level < XML_ERR_ERROR || p->xml_error_code != 0)
    return;

  p->xml_error_code = error->code;
  p->xml_error_line = error->line;
}

/* The line where the current <ELEVE> starts. libxml2 keeps exact element
 * lines only below 65535; past that the feed's scan of "<ELEVE" tags says. */
static guint
current_eleve_line (Parser *p)
{
  xmlNodePtr node = xmlTextReaderCurrentNode (p->reader);
  guint node_line = node != NULL ? node->line : 0;
  guint line = 0;

  if (!orga_decode_feed_has_eleve_lines (p->feed))
    return node_line;

  /* Exact node lines resynchronise the scan if a "<ELEVE" in a comment or
   * a CDATA section was counted. */
  if (node_line > 0 && node_line < G_MAXUINT16)
    {
      orga_decode_feed_skip_eleve_lines (p->feed, node_line);
      return node_line;
    }

  if (!orga_decode_feed_pop_eleve_line (p->feed, &line))
    return node_line;

  return line;
}

static Field
lookup_field (Parser     *p,
              const char *name)
{
  gpointer found;

  /* Element names come from the reader's dictionary, so the pointer is a
   * cheap key; unseen names are resolved once. */
  if (g_hash_table_lookup_extended (p->field_by_name, name, NULL, &found))
    return GPOINTER_TO_INT (found) - 1;

  for (int i = 0; i < N_FIELDS; i++)
    {
      if (strcmp (field_names[i], name) == 0)
        {
          g_hash_table_insert (p->field_by_name, (gpointer)name, GINT_TO_POINTER (i + 1));
          return i;
        }
    }

  g_hash_table_insert (p->field_by_name, (gpointer)name, GINT_TO_POINTER (F_NONE + 1));
  return F_NONE;
}

static gboolean
is_blank (const char *s)
{
  if (s == NULL)
    return TRUE;
  for (; *s; s++)
    if (!g_ascii_isspace (*s))
      return FALSE;
  return TRUE;
}

/* Reads the text directly inside the element the reader is on, leaving the
 * reader on its end tag, and copies it into the learner set. Returns "" for
 * an empty or whitespace-only element, as xml2js does, and NULL if the
 * document breaks. */
static const char *
read_element_text (Parser *p)
{
  const char *single = NULL;
  gboolean several = FALSE;
  int depth;

  if (xmlTextReaderIsEmptyElement (p->reader))
    return "";

  depth = xmlTextReaderDepth (p->reader);

  for (;;)
    {
      int ret = xmlTextReaderRead (p->reader);
      int type;

      if (ret != 1)
        {
          p->stop = p->failed = TRUE;
          return NULL;
        }

      type = xmlTextReaderNodeType (p->reader);
      if (type == XML_READER_TYPE_END_ELEMENT && xmlTextReaderDepth (p->reader) == depth)
        break;

      /* Values die with the next Read(): copy them now. Nearly always
       * there is one text node, copied once straight into the set. */
      if ((type == XML_READER_TYPE_TEXT || type == XML_READER_TYPE_CDATA ||
           type == XML_READER_TYPE_SIGNIFICANT_WHITESPACE) &&
          xmlTextReaderDepth (p->reader) == depth + 1)
        {
          const char *value = (const char *)xmlTextReaderConstValue (p->reader);

          if (!several && single == NULL)
            {
              single = orga_learner_set_intern (p->set, value, -1);
              continue;
            }
          if (!several)
            {
              g_string_assign (p->text, single);
              several = TRUE;
            }
          g_string_append (p->text, value);
        }
    }

  if (several)
    return is_blank (p->text->str) ? "" : orga_learner_set_intern (p->set, p->text->str, p->text->len);

  return is_blank (single) ? "" : single;
}

typedef struct
{
  const char *values[N_FIELDS];
  guint       line;
  const char *eleve_id;
} Eleve;

static void
finish_eleve (Parser *p,
              Eleve  *e)
{
  OrgaLearnerFields *l;
  OrgaIgnoreReason ignored = ORGA_IGNORE_NONE;
  gpointer found = NULL;
  guint index;

  if (e->values[F_DATE_SORTIE] != NULL)
    ignored = ORGA_IGNORE_LEFT_SCHOOL;
  else if (e->values[F_ID_NATIONAL] == NULL)
    ignored = ORGA_IGNORE_NO_INE;

  /* Pix keys accepted students by ELEVE_ID: a later ELEVE with the same id
   * replaces the earlier one in place. Ignored ones are only kept for the
   * preview. */
  if (ignored == ORGA_IGNORE_NONE && e->eleve_id != NULL &&
      g_hash_table_lookup_extended (p->index_by_eleve_id, e->eleve_id, NULL, &found))
    index = GPOINTER_TO_UINT (found);
  else
    {
      index = orga_learner_set_append (p->set);
      if (ignored == ORGA_IGNORE_NONE && e->eleve_id != NULL)
        g_hash_table_insert (p->index_by_eleve_id, (gpointer)e->eleve_id, GUINT_TO_POINTER (index));
    }

  l = orga_learner_set_peek (p->set, index);
  memset (l, 0, sizeof *l);
  l->ine = e->values[F_ID_NATIONAL];
  l->last_name = e->values[F_NOM_DE_FAMILLE];
  l->preferred_last_name = e->values[F_NOM_USAGE];
  l->first_name = e->values[F_PRENOM];
  l->middle_name = e->values[F_PRENOM2];
  l->third_name = e->values[F_PRENOM3];
  l->sex = e->values[F_CODE_SEXE];
  l->birthdate = e->values[F_DATE_NAISS];
  l->birth_country_code = e->values[F_CODE_PAYS];
  l->birth_province_code = e->values[F_CODE_DEPARTEMENT_NAISS];
  l->birth_city_code = e->values[F_CODE_COMMUNE_INSEE_NAISS];
  l->birth_city = e->values[F_VILLE_NAISS];
  l->mef_code = e->values[F_CODE_MEF];
  l->status = e->values[F_CODE_STATUT];
  l->line = e->line;
  /* Until a class is found, an accepted student counts as having none. */
  l->ignored = ignored != ORGA_IGNORE_NONE ? ignored : ORGA_IGNORE_NO_DIVISION;
}

static void
read_eleve (Parser *p)
{
  Eleve e = { 0 };
  int depth = xmlTextReaderDepth (p->reader);
  g_autofree char *eleve_id = NULL;

  e.line = current_eleve_line (p);
  eleve_id = (char *)xmlTextReaderGetAttribute (p->reader, BAD_CAST "ELEVE_ID");
  e.eleve_id = orga_learner_set_intern (p->set, eleve_id, -1);

  if (xmlTextReaderIsEmptyElement (p->reader))
    {
      finish_eleve (p, &e);
      return;
    }

  while (!p->stop)
    {
      int type;
      int node_depth;

      if (xmlTextReaderRead (p->reader) != 1)
        {
          p->stop = p->failed = TRUE;
          return;
        }

      type = xmlTextReaderNodeType (p->reader);
      node_depth = xmlTextReaderDepth (p->reader);

      if (type == XML_READER_TYPE_END_ELEMENT && node_depth == depth)
        break;

      /* Only direct children are fields; deeper elements (such as the
       * CODE_MEF of SCOLARITE_AN_DERNIER) are walked past. */
      if (type == XML_READER_TYPE_ELEMENT && node_depth == depth + 1)
        {
          Field f = lookup_field (p, (const char *)xmlTextReaderConstName (p->reader));
          const char *text;

          if (f == F_NONE || e.values[f] != NULL)
            continue;

          text = read_element_text (p);
          if (text == NULL)
            return;
          e.values[f] = text;
        }
    }

  finish_eleve (p, &e);
}

static void
read_structures_eleve (Parser *p)
{
  int depth = xmlTextReaderDepth (p->reader);
  g_autofree char *eleve_id = NULL;
  gpointer found = NULL;
  OrgaLearnerFields *l = NULL;
  const char *code = NULL;
  const char *type_code = NULL;
  gboolean in_structure = FALSE;

  eleve_id = (char *)xmlTextReaderGetAttribute (p->reader, BAD_CAST "ELEVE_ID");
  if (eleve_id != NULL && g_hash_table_lookup_extended (p->index_by_eleve_id, eleve_id, NULL, &found))
    l = orga_learner_set_peek (p->set, GPOINTER_TO_UINT (found));

  /* The structures of a student who was not accepted are walked past by
   * the caller, which ignores elements at their depth. */
  if (l == NULL || xmlTextReaderIsEmptyElement (p->reader))
    return;

  while (!p->stop)
    {
      int type;
      int node_depth;

      if (xmlTextReaderRead (p->reader) != 1)
        {
          p->stop = p->failed = TRUE;
          return;
        }

      type = xmlTextReaderNodeType (p->reader);
      node_depth = xmlTextReaderDepth (p->reader);

      if (type == XML_READER_TYPE_END_ELEMENT && node_depth == depth)
        return;

      if (node_depth == depth + 1 && g_strcmp0 ((const char *)xmlTextReaderConstName (p->reader), "STRUCTURE") == 0)
        {
          if (type == XML_READER_TYPE_ELEMENT && !xmlTextReaderIsEmptyElement (p->reader))
            {
              in_structure = TRUE;
              code = type_code = NULL;
            }
          else if (type == XML_READER_TYPE_END_ELEMENT && in_structure)
            {
              in_structure = FALSE;
              /* The last division that is not "Inactifs" wins; groups (G)
               * are not classes. */
              if (g_strcmp0 (type_code, "D") == 0 && code != NULL && *code != '\0' &&
                  strcmp (code, "Inactifs") != 0)
                {
                  l = orga_learner_set_peek (p->set, GPOINTER_TO_UINT (found));
                  l->division = code;
                  if (l->ignored == ORGA_IGNORE_NO_DIVISION)
                    l->ignored = ORGA_IGNORE_NONE;
                }
            }
          continue;
        }

      if (in_structure && type == XML_READER_TYPE_ELEMENT && node_depth == depth + 2)
        {
          const char *name = (const char *)xmlTextReaderConstName (p->reader);
          gboolean is_code = strcmp (name, "CODE_STRUCTURE") == 0;
          gboolean is_type = !is_code && strcmp (name, "TYPE_STRUCTURE") == 0;
          const char *text;

          if ((!is_code && !is_type) || (is_code && code != NULL) || (is_type && type_code != NULL))
            continue;

          text = read_element_text (p);
          if (text == NULL)
            return;
          if (is_code)
            code = text;
          else
            type_code = text;
        }
    }
}

/* Pix looks at the first 128 bytes: a BOM or the encoding pseudo-attribute of
 * the XML declaration, UTF-8 otherwise. */
static char *
sniff_encoding (const guint8 *head,
                gsize         len)
{
  g_autofree char *prolog = NULL;
  const char *decl;
  const char *enc;
  char quote;
  const char *value_end;

  len = MIN (len, 128);
  if (len >= 3 && head[0] == 0xEF && head[1] == 0xBB && head[2] == 0xBF)
    return g_strdup ("UTF-8");
  if (len >= 2 && head[0] == 0xFF && head[1] == 0xFE)
    return g_strdup ("UTF-16LE");
  if (len >= 2 && head[0] == 0xFE && head[1] == 0xFF)
    return g_strdup ("UTF-16BE");

  prolog = g_strndup ((const char *)head, len);
  decl = strstr (prolog, "<?xml");
  if (decl == NULL)
    return g_strdup ("UTF-8");

  enc = strstr (decl, "encoding");
  if (enc == NULL || (strstr (decl, "?>") != NULL && enc > strstr (decl, "?>")))
    return g_strdup ("UTF-8");

  enc += strlen ("encoding");
  while (g_ascii_isspace (*enc))
    enc++;
  if (*enc++ != '=')
    return g_strdup ("UTF-8");
  while (g_ascii_isspace (*enc))
    enc++;
  quote = *enc++;
  if (quote != '"' && quote != '\'')
    return g_strdup ("UTF-8");
  value_end = strchr (enc, quote);
  if (value_end == NULL)
    return g_strdup ("UTF-8");

  return g_strndup (enc, value_end - enc);
}

gboolean
orga_siecle_convert_date (const char *text,
                          char        iso[11])
{
  int day, month, year;

  if (text == NULL || strlen (text) != 10 || text[2] != '/' || text[5] != '/')
    return FALSE;

  for (int i = 0; i < 10; i++)
    if (i != 2 && i != 5 && !g_ascii_isdigit (text[i]))
      return FALSE;

  day = (text[0] - '0') * 10 + (text[1] - '0');
  month = (text[3] - '0') * 10 + (text[4] - '0');
  year = atoi (text + 6);

  if (year < 1 || !g_date_valid_dmy (day, month, year))
    return FALSE;

  g_snprintf (iso, 11, "%04d-%02d-%02d", year, month, day);
  return TRUE;
}

/* UTF-8 read as Latin-1 or Latin-9 turns "é" into "Ã©" and "ô" into "Ã´"
 * (or "ÃŽ" in Latin-9): Ã or Â followed by anything but ASCII. No French
 * name has that ("JOÃO" is followed by a plain O). U+FFFD means a byte was
 * lost in an earlier conversion. */
static gboolean
contains_invalid_chars (const char *s)
{
  gunichar previous = 0;

  if (s == NULL)
    return FALSE;

  for (const char *c = s; *c; c = g_utf8_next_char (c))
    {
      gunichar ch = g_utf8_get_char (c);

      if (ch == 0xFFFD)
        return TRUE;
      if ((previous == 0xC3 || previous == 0xC2) && ch >= 0x80)
        return TRUE;
      previous = ch;
    }

  return FALSE;
}

static char *
describe_student (const OrgaLearnerFields *l)
{
  g_autofree char *who = NULL;

  if (!is_blank (l->last_name) || !is_blank (l->first_name))
    who = g_strstrip (g_strdup_printf ("%s %s",
                                       is_blank (l->last_name) ? "" : l->last_name,
                                       is_blank (l->first_name) ? "" : l->first_name));

  if (who != NULL && !is_blank (l->ine))
    /* TRANSLATORS: a student, e.g. "DUPONT Léa, INE 0123456789A" */
    return g_strdup_printf (_("%s, INE %s"), who, l->ine);
  if (who != NULL)
    return g_strdup_printf (_("%s, no INE"), who);
  if (!is_blank (l->ine))
    return g_strdup_printf (_("INE %s"), l->ine);

  return g_strdup (_("student with no name and no INE"));
}

static void
validate_learner (Parser            *p,
                  OrgaLearnerFields *l,
                  GHashTable        *seen_ines)
{
  OrgaLearnerSet *set = p->set;
  g_autofree char *who = describe_student (l);
  const char *ine = is_blank (l->ine) ? NULL : l->ine;
  char iso[11];

  if (is_blank (l->last_name))
    orga_learner_set_add_error (set, ORGA_IMPORT_CODE_LAST_NAME_REQUIRED, l->line, "NOM_DE_FAMILLE", ine,
                                _("Line %u: the family name is empty (%s)."), l->line, who);
  if (is_blank (l->first_name))
    orga_learner_set_add_error (set, ORGA_IMPORT_CODE_FIRST_NAME_REQUIRED, l->line, "PRENOM", ine,
                                _("Line %u: the first name is empty (%s)."), l->line, who);

  if (g_strcmp0 (l->birth_country_code, "100") == 0 && is_blank (l->birth_city_code))
    orga_learner_set_add_error (set, ORGA_IMPORT_CODE_BIRTH_CITY_CODE_REQUIRED_FOR_FR_STUDENT, l->line,
                                "CODE_COMMUNE_INSEE_NAISS", ine,
                                _("Line %u: the birth town code is empty, and it is required for a student born in France (%s)."),
                                l->line, who);

  if (is_blank (l->sex))
    orga_learner_set_add_error (set, ORGA_IMPORT_CODE_SEX_CODE_REQUIRED, l->line, "CODE_SEXE", ine,
                                _("Line %u: the sex field is empty (%s)."), l->line, who);
  else if (strcmp (l->sex, "1") == 0)
    l->sex = "M";
  else if (strcmp (l->sex, "2") == 0)
    l->sex = "F";
  else
    l->sex = NULL;

  if (is_blank (l->birthdate))
    orga_learner_set_add_error (set, ORGA_IMPORT_CODE_BIRTHDATE_REQUIRED, l->line, "DATE_NAISS", ine,
                                _("Line %u: the birth date is empty (%s)."), l->line, who);
  else if (!orga_siecle_convert_date (l->birthdate, iso))
    orga_learner_set_add_error (set, ORGA_IMPORT_CODE_INVALID_BIRTHDATE_FORMAT, l->line, "DATE_NAISS", ine,
                                _("Line %u: the birth date “%s” is not a date in the DD/MM/YYYY format (%s)."),
                                l->line, l->birthdate, who);
  else
    l->birthdate = orga_learner_set_intern (set, iso, -1);

  if (ine == NULL)
    orga_learner_set_add_error (set, ORGA_IMPORT_CODE_INE_REQUIRED, l->line, "ID_NATIONAL", NULL,
                                _("Line %u: the INE is empty; every student needs one (%s)."), l->line, who);
  else if (!g_hash_table_add (seen_ines, (gpointer)ine))
    orga_learner_set_add_error (set, ORGA_IMPORT_CODE_INE_UNIQUE, l->line, "ID_NATIONAL", ine,
                                _("Line %u: the INE %s is given to several students in the file."), l->line, ine);

  {
    const char *names[] = { l->last_name, l->preferred_last_name, l->first_name, l->middle_name, l->third_name };
    const char *elements[] = { "NOM_DE_FAMILLE", "NOM_USAGE", "PRENOM", "PRENOM2", "PRENOM3" };

    for (guint i = 0; i < G_N_ELEMENTS (names); i++)
      if (contains_invalid_chars (names[i]))
        orga_learner_set_add_error (set, ORGA_IMPORT_CODE_INVALID_CHAR_DETECTED, l->line, elements[i], ine,
                                    _("Line %u: “%s” contains garbled characters; the file was probably converted with the wrong encoding (%s)."),
                                    l->line, names[i], who);
  }
}

static void
finish_document (Parser *p)
{
  g_autoptr(GHashTable) seen_ines = g_hash_table_new (g_str_hash, g_str_equal);
  guint n = orga_learner_set_get_size (p->set);

  for (guint i = 0; i < n; i++)
    {
      OrgaLearnerFields *l = orga_learner_set_peek (p->set, i);

      if (l->ignored == ORGA_IGNORE_NONE)
        validate_learner (p, l, seen_ines);
    }
}

static gboolean
xml_error_is_truncation (int code)
{
  switch (code)
    {
    case XML_ERR_DOCUMENT_END:
    case XML_ERR_DOCUMENT_EMPTY:
    case XML_ERR_TAG_NOT_FINISHED:
    case XML_ERR_LTSLASH_REQUIRED:
    case XML_ERR_GT_REQUIRED:
      return TRUE;
    default:
      return FALSE;
    }
}

static gboolean
xml_error_is_encoding (int code)
{
  return code == XML_ERR_INVALID_CHAR || code == XML_ERR_INVALID_ENCODING ||
         code == XML_ERR_UNSUPPORTED_ENCODING || code == XML_ERR_UNKNOWN_ENCODING ||
         code == XML_I18N_CONV_FAILED || code == XML_ERR_INVALID_CHARREF;
}

static void
report_xml_error (Parser *p)
{
  guint line = p->xml_error_line > 0 ? (guint)p->xml_error_line : 0;

  if (xml_error_is_encoding (p->xml_error_code))
    {
      orga_learner_set_add_error (p->set, ORGA_IMPORT_CODE_ENCODING_NOT_SUPPORTED, line, NULL, NULL,
                                  _("Line %u: the file contains characters that are not valid in its declared encoding (%s). Export the file from SIECLE again without modifying it."),
                                  line, orga_learner_set_get_encoding (p->set));
      return;
    }

  if (p->xml_error_code == XML_ERR_ENTITY_LOOP || p->xml_error_code == XML_ERR_ENTITY_BOUNDARY ||
      p->xml_error_code == XML_ERR_INTERNAL_ERROR)
    {
      orga_learner_set_add_error (p->set, ORGA_IMPORT_CODE_INVALID_FILE, line, NULL, NULL,
                                  _("Line %u: the file contains constructions that a SIECLE export never has; it was refused for safety."),
                                  line);
      return;
    }

  if (xml_error_is_truncation (p->xml_error_code))
    orga_learner_set_add_error (p->set, ORGA_IMPORT_CODE_INVALID_FILE, line, NULL, NULL,
                                _("Line %u: the file is not valid: it is incomplete or damaged. Download the export from SIECLE again."),
                                line);
  else
    orga_learner_set_add_error (p->set, ORGA_IMPORT_CODE_INVALID_FILE, line, NULL, NULL,
                                _("Line %u: the file is not valid XML. Download the export from SIECLE again, without opening it in another program first."),
                                line);
}

static void
reject_whole_file (Parser         *p,
                   OrgaImportCode  code,
                   guint           line,
                   const char     *message)
{
  orga_learner_set_clear_errors (p->set);
  orga_learner_set_add_error (p->set, code, line, NULL, NULL, "%s", message);
  p->rejected = p->stop = TRUE;
}

static void
check_uai (Parser *p)
{
  g_autofree char *message = NULL;

  if (p->expected_uai == NULL || g_strcmp0 (p->uai, p->expected_uai) == 0)
    return;

  message = g_strdup_printf (_("The UAI of the SIECLE file (%s) does not match your school’s (%s). Check that you exported the file of your own school."),
                             p->uai, p->expected_uai);
  reject_whole_file (p, ORGA_IMPORT_CODE_UAI_MISMATCHED, 0, message);
}

static void
parse_document (Parser *p)
{
  Section section = SECTION_NONE;
  gboolean root_seen = FALSE;

  while (!p->stop)
    {
      int ret = xmlTextReaderRead (p->reader);
      int type;
      int depth;
      const char *name;

      if (ret != 1)
        {
          if (ret < 0)
            p->stop = p->failed = TRUE;
          break;
        }

      type = xmlTextReaderNodeType (p->reader);
      if (type == XML_READER_TYPE_DOCUMENT_TYPE)
        {
          /* The parser has read ahead by then: its line would mislead. */
          reject_whole_file (p, ORGA_IMPORT_CODE_INVALID_FILE, 0,
                             _("The file declares a document type (DOCTYPE), which a SIECLE export never does; it was refused for safety."));
          return;
        }
      if (type != XML_READER_TYPE_ELEMENT && type != XML_READER_TYPE_END_ELEMENT)
        continue;

      depth = xmlTextReaderDepth (p->reader);
      if (depth > MAX_DEPTH)
        {
          xmlNodePtr node = xmlTextReaderCurrentNode (p->reader);

          reject_whole_file (p, ORGA_IMPORT_CODE_INVALID_FILE, node != NULL ? node->line : 0,
                             _("The file nests elements far deeper than a SIECLE export; it was refused for safety."));
          return;
        }

      name = (const char *)xmlTextReaderConstName (p->reader);

      if (type == XML_READER_TYPE_END_ELEMENT)
        {
          if (depth == 1)
            section = SECTION_NONE;
          continue;
        }

      switch (depth)
        {
        case 0:
          root_seen = TRUE;
          if (strcmp (name, "BEE_ELEVES") != 0)
            {
              g_autofree char *message =
                g_strdup_printf (_("This XML file is not a SIECLE student export: it starts with <%s> instead of <BEE_ELEVES>. Use the “Élèves sans adresses” export."),
                                 name);
              reject_whole_file (p, ORGA_IMPORT_CODE_INVALID_FILE, 0, message);
              return;
            }
          break;

        case 1:
          if (strcmp (name, "PARAMETRES") == 0)
            section = SECTION_PARAMETRES;
          else if (strcmp (name, "DONNEES") == 0)
            section = SECTION_DONNEES;
          else
            section = SECTION_NONE;
          if (xmlTextReaderIsEmptyElement (p->reader))
            section = SECTION_NONE;
          break;

        case 2:
          if (section == SECTION_PARAMETRES && !p->uai_seen && strcmp (name, "UAJ") == 0)
            {
              const char *text = read_element_text (p);

              if (text == NULL)
                break;
              p->uai_seen = TRUE;
              p->uai = g_strdup (text);
              check_uai (p);
            }
          break;

        case 3:
          if (section != SECTION_DONNEES)
            break;
          if (strcmp (name, "ELEVE") == 0)
            read_eleve (p);
          else if (strcmp (name, "STRUCTURES_ELEVE") == 0)
            read_structures_eleve (p);
          break;

        default:
          break;
        }
    }

  if (!root_seen && !p->failed)
    orga_learner_set_add_error (p->set, ORGA_IMPORT_CODE_INVALID_FILE, 0, NULL, NULL,
                                "%s", _("The file contains no XML element."));
}

gboolean
orga_siecle_parser_parse (OrgaLearnerSet    *set,
                          OrgaImportSource  *source,
                          const char        *expected_uai,
                          GCancellable      *cancellable,
                          GError           **error)
{
  g_autofree char *encoding = NULL;
  gboolean passthrough;
  const guint8 *head;
  gsize head_len;
  Parser p = { 0 };

  g_return_val_if_fail (ORGA_IS_LEARNER_SET (set), FALSE);
  g_return_val_if_fail (ORGA_IS_IMPORT_SOURCE (source), FALSE);

  install_entity_loader_once ();

  orga_learner_set_set_format (set, orga_import_source_get_format (source));

  head = orga_import_source_peek_head (source, &head_len);
  encoding = sniff_encoding (head, head_len);
  orga_learner_set_set_encoding (set, encoding);

  /* UTF-8 and UTF-16 go to libxml2 as they are; anything else is decoded
   * to UTF-8 by the feed, on another core. */
  passthrough = g_ascii_strcasecmp (encoding, "UTF-8") == 0 || g_ascii_strcasecmp (encoding, "UTF8") == 0 ||
                g_ascii_strncasecmp (encoding, "UTF-16", 6) == 0;
  p.feed = orga_decode_feed_new (source, passthrough ? NULL : encoding,
                                 g_ascii_strncasecmp (encoding, "UTF-16", 6) != 0, cancellable, NULL);
  if (p.feed == NULL)
    {
      orga_learner_set_add_error (set, ORGA_IMPORT_CODE_ENCODING_NOT_SUPPORTED, 1, NULL, NULL,
                                  _("The file’s encoding (%s) is not supported. SIECLE exports use ISO-8859-15: export the file from SIECLE again."),
                                  encoding);
      return TRUE;
    }

  p.set = set;
  p.source = source;
  p.cancellable = cancellable;
  p.expected_uai = expected_uai;
  p.field_by_name = g_hash_table_new (g_direct_hash, g_direct_equal);
  p.index_by_eleve_id = g_hash_table_new (g_str_hash, g_str_equal);
  p.text = g_string_sized_new (256);

  /* No NOENT, DTDLOAD, DTDATTR, XINCLUDE: entities stay unexpanded and
   * nothing outside the file is ever read. IGNORE_ENC: the feed already
   * turned the declared encoding into UTF-8. */
  p.reader = xmlReaderForIO (read_callback, NULL, &p, NULL, NULL,
                             XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING |
                             XML_PARSE_NOCDATA | XML_PARSE_COMPACT | XML_PARSE_NOBLANKS |
                             (passthrough ? 0 : XML_PARSE_IGNORE_ENC));
  if (p.reader == NULL)
    {
      orga_learner_set_add_error (set, ORGA_IMPORT_CODE_INVALID_FILE, 0, NULL, NULL,
                                  "%s", _("The file cannot be read as XML."));
      goto out;
    }
  xmlTextReaderSetStructuredErrorHandler (p.reader, structured_error, &p);

  parse_document (&p);

  /* What the feed saw explains a parse failure better than libxml2 does. */
  if (p.failed)
    {
      const GError *feed_error = orga_decode_feed_get_error (p.feed);
      guint bad_line = orga_decode_feed_get_bad_byte_line (p.feed);

      if (g_error_matches (feed_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_CANCELLED, feed_error->message);
          goto out;
        }
      if (feed_error != NULL)
        {
          reject_whole_file (&p, ORGA_IMPORT_CODE_INVALID_FILE, 0, feed_error->message);
          goto out;
        }
      if (bad_line > 0)
        {
          g_autofree char *message =
            g_strdup_printf (_("Line %u: the file contains characters that are not valid in its declared encoding (%s). Export the file from SIECLE again without modifying it."),
                             bad_line, encoding);
          reject_whole_file (&p, ORGA_IMPORT_CODE_ENCODING_NOT_SUPPORTED, bad_line, message);
          goto out;
        }
    }

  /* A mismatched UAI or a refused construct says everything. */
  if (p.rejected)
    goto out;

  /* A broken file still reports what was found before the break. */
  finish_document (&p);

  if (p.failed)
    {
      if (p.xml_error_code == 0)
        p.xml_error_code = XML_ERR_DOCUMENT_END;
      report_xml_error (&p);
      goto out;
    }

  if (orga_learner_set_has_errors (set))
    goto out;

  if (!p.uai_seen && expected_uai != NULL)
    {
      g_autofree char *message =
        g_strdup_printf (_("The SIECLE file gives no UAI, so it cannot be checked against your school’s (%s). Use the “Élèves sans adresses” export."),
                         expected_uai);
      reject_whole_file (&p, ORGA_IMPORT_CODE_UAI_MISMATCHED, 0, message);
      goto out;
    }

  if (orga_learner_set_count_kept (set) == 0)
    orga_learner_set_add_error (set, ORGA_IMPORT_CODE_EMPTY, 0, NULL, NULL, "%s",
                                _("No student can be imported from this file: students need an INE and a class."));

out:
  g_clear_pointer (&p.reader, xmlFreeTextReader);
  g_clear_pointer (&p.feed, orga_decode_feed_free);
  g_clear_pointer (&p.field_by_name, g_hash_table_unref);
  g_clear_pointer (&p.index_by_eleve_id, g_hash_table_unref);
  if (p.text != NULL)
    g_string_free (p.text, TRUE);
  g_free (p.uai);

  return error == NULL || *error == NULL;
}
