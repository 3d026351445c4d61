/* orga-siecle-parser.c: SIECLE "BEE_ELEVES" XML, one streaming pass
 *
 * Pix reads the file with sax + xml2js; the semantics copied here are the
 * ones the spec spells out (spec/import-formats.md §1a): only direct children
 * of <ELEVE> count, the first occurrence of an element wins, an absent element
 * is NULL while an empty one is "", the last "D" structure gives the class.
 * One rule is ours: only students that would be imported are validated.
 *
 * libxml2's SAX2 push parser is fed the decode feed's chunks as they come:
 * no tree is built, and a value kept is copied once, into the learner set.
 * (xmlTextReader, used before, built and freed a node for every element and
 * text.) Element lines are exact at any length of file. A broken file still
 * reports exactly what it did under the reader: see parse_document().
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "orga-siecle-parser"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <libxml/parser.h>
#include <libxml/parserInternals.h>
#include <libxml/SAX2.h>
#include <string.h>

#include "orga-decode-feed.h"
#include "orga-siecle-parser.h"

/* SIECLE nests at most six levels; anything far deeper is hostile. */
#define MAX_DEPTH 64
/* libxml2's xmlParserMaxDepth, past which its tree builder gives up. */
#define XML_PARSER_MAX_DEPTH 256

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

/* Element names come from the parser's dictionary, so their pointer is a
 * key; this many are remembered (a SIECLE ELEVE has about 30). */
#define NAME_CACHE_SIZE 128

typedef struct
{
  const char *values[N_FIELDS];
  guint       line;
  const char *eleve_id;
} Eleve;

typedef enum
{
  TEXT_NONE,
  TEXT_FIELD,
  TEXT_UAJ,
  TEXT_CODE_STRUCTURE,
  TEXT_TYPE_STRUCTURE,
} TextTarget;

typedef struct
{
  OrgaLearnerSet   *set;
  OrgaImportSource *source;
  GCancellable     *cancellable;
  const char       *expected_uai;
  xmlParserCtxtPtr  ctxt;

  OrgaDecodeFeed   *feed;
  int               xml_error_code;  /* first libxml2 error */
  int               xml_error_line;
  gboolean          stop;            /* read no further */
  gboolean          failed;          /* the parser gave up: the XML is broken */
  gboolean          rejected;        /* the whole file is refused, nothing else matters */

  struct {
    const xmlChar  *name;
    Field           field;
  }                 names[NAME_CACHE_SIZE];
  GHashTable       *index_by_eleve_id;
  GString          *scratch;

  char             *uai;             /* first PARAMETRES/UAJ */
  gboolean          uai_seen;
  gboolean          uai_pending;     /* read, checked once handed out */
  gboolean          uai_followed;
  OrgaImportError  *pending_reject;  /* found in this slice, said after it */
  GArray           *undo;            /* of Undo, not yet handed out */
  guint             undo_followed;   /* entries a later node follows */

  /* Where the parser is. */
  int               depth;           /* open elements */
  Section           section;
  gboolean          root_seen;

  gboolean          in_eleve;        /* DONNEES/ELEVES/ELEVE */
  Eleve             eleve;

  gboolean          in_structures;   /* STRUCTURES_ELEVE of an accepted student */
  guint             structures_index;
  gboolean          in_structure;
  const char       *code;
  const char       *type_code;

  /* The text directly inside the element being read. */
  TextTarget        text_target;
  Field             text_field;
  int               text_depth;
  GString          *text;
  gboolean          text_leading_blank;
  gboolean          text_has_child;
  gboolean          text_first_is_text;
  gboolean          text_last_is_text;
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

/* Callbacks get the parser context (the default SAX2 handlers of the DTD
 * need it), which points at the Parser. */
#define PARSER(context) ((Parser *)((xmlParserCtxtPtr)(context))->_private)

static void
structured_error (void        *context,
                  xmlErrorPtr  error)
{
  Parser *p = PARSER (context);

  if (p == NULL || error == NULL || error->level < XML_ERR_ERROR)
    return;

  /* The first one explains a break best; whether it is one (a namespace
   * error is not) is known from wellFormed once the slice is parsed. */
  if (p->xml_error_code == 0)
    {
      p->xml_error_code = error->code;
      p->xml_error_line = error->line;
    }
}

static Field
lookup_field (Parser        *p,
              const xmlChar *name)
{
  guint first = (GPOINTER_TO_UINT (name) >> 4) % NAME_CACHE_SIZE;
  guint free_slot = NAME_CACHE_SIZE;
  Field found = F_NONE;

  for (guint i = 0; i < NAME_CACHE_SIZE; i++)
    {
      guint slot = (first + i) % NAME_CACHE_SIZE;

      if (p->names[slot].name == name)
        return p->names[slot].field;
      if (p->names[slot].name == NULL)
        {
          free_slot = slot;
          break;
        }
    }

  for (int i = 0; i < N_FIELDS; i++)
    {
      if (strcmp (field_names[i], (const char *)name) == 0)
        {
          found = i;
          break;
        }
    }

  /* A file with more names than the cache looks them up each time. */
  if (free_slot < NAME_CACHE_SIZE)
    {
      p->names[free_slot].name = name;
      p->names[free_slot].field = found;
    }

  return found;
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


/* What the parser found and the reader would not have handed out yet, to
 * be taken back if the XML breaks: the reader never handed out the nodes of
 * the slice where the XML broke, nor the end of an element before the
 * parser had gone on to another node. */
typedef enum
{
  UNDO_APPEND,        /* a learner appended at index */
  UNDO_FIELDS,        /* the learner at index was old */
} UndoKind;

typedef struct
{
  UndoKind           kind;
  guint              index;
  OrgaLearnerFields  old;
  const char        *eleve_id;  /* added to index_by_eleve_id */
} Undo;

static void
remember_learner (Parser *p,
                  guint   index)
{
  Undo undo = { UNDO_FIELDS, index, *orga_learner_set_get (p->set, index), NULL };

  g_array_append_val (p->undo, undo);
}

/* Another node: the reader could hand out everything before it. */
static void
node_follows (Parser *p)
{
  p->undo_followed = p->undo->len;
  p->uai_followed = p->uai_pending;
}

static void
take_back_slice (Parser *p)
{
  for (guint i = p->undo->len; i > 0; i--)
    {
      Undo *undo = &g_array_index (p->undo, Undo, i - 1);

      if (undo->kind == UNDO_APPEND)
        {
          if (undo->eleve_id != NULL)
            g_hash_table_remove (p->index_by_eleve_id, undo->eleve_id);
          orga_learner_set_truncate (p->set, undo->index);
        }
      else
        *orga_learner_set_peek (p->set, undo->index) = undo->old;
    }
  g_array_set_size (p->undo, 0);
  p->undo_followed = 0;

  if (p->uai_pending)
    {
      p->uai_seen = FALSE;
      g_clear_pointer (&p->uai, g_free);
      p->uai_pending = FALSE;
    }
  g_clear_pointer (&p->pending_reject, orga_import_error_free);
}

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
    {
      index = GPOINTER_TO_UINT (found);
      remember_learner (p, index);
    }
  else
    {
      Undo undo = { UNDO_APPEND, 0, { 0 }, NULL };

      index = orga_learner_set_append (p->set);
      if (ignored == ORGA_IGNORE_NONE && e->eleve_id != NULL)
        {
          g_hash_table_insert (p->index_by_eleve_id, (gpointer)e->eleve_id, GUINT_TO_POINTER (index));
          undo.eleve_id = e->eleve_id;
        }
      undo.index = index;
      g_array_append_val (p->undo, undo);
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

  /* The digits as they are: once per student, printf would cost more
   * than the rest of the check. */
  memcpy (iso, text + 6, 4);
  iso[4] = '-';
  memcpy (iso + 5, text + 3, 2);
  iso[7] = '-';
  memcpy (iso + 8, text, 2);
  iso[10] = '\0';
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
  g_autofree char *who_text = NULL;

  /* The description is only written for a student in error. */
#define WHO (who_text != NULL ? who_text : (who_text = describe_student (l)))
  const char *ine = is_blank (l->ine) ? NULL : l->ine;
  char iso[11];

  if (is_blank (l->last_name))
    orga_learner_set_add_error (set, ORGA_IMPORT_CODE_LAST_NAME_REQUIRED, l->line, "NOM_DE_FAMILLE", ine,
                                _("Line %u: the family name is empty (%s)."), l->line, WHO);
  if (is_blank (l->first_name))
    orga_learner_set_add_error (set, ORGA_IMPORT_CODE_FIRST_NAME_REQUIRED, l->line, "PRENOM", ine,
                                _("Line %u: the first name is empty (%s)."), l->line, WHO);

  if (g_strcmp0 (l->birth_country_code, "100") == 0 && is_blank (l->birth_city_code))
    orga_learner_set_add_error (set, ORGA_IMPORT_CODE_BIRTH_CITY_CODE_REQUIRED_FOR_FR_STUDENT, l->line,
                                "CODE_COMMUNE_INSEE_NAISS", ine,
                                _("Line %u: the birth town code is empty, and it is required for a student born in France (%s)."),
                                l->line, WHO);

  if (is_blank (l->sex))
    orga_learner_set_add_error (set, ORGA_IMPORT_CODE_SEX_CODE_REQUIRED, l->line, "CODE_SEXE", ine,
                                _("Line %u: the sex field is empty (%s)."), l->line, WHO);
  else if (strcmp (l->sex, "1") == 0)
    l->sex = "M";
  else if (strcmp (l->sex, "2") == 0)
    l->sex = "F";
  else
    l->sex = NULL;

  if (is_blank (l->birthdate))
    orga_learner_set_add_error (set, ORGA_IMPORT_CODE_BIRTHDATE_REQUIRED, l->line, "DATE_NAISS", ine,
                                _("Line %u: the birth date is empty (%s)."), l->line, WHO);
  else if (!orga_siecle_convert_date (l->birthdate, iso))
    orga_learner_set_add_error (set, ORGA_IMPORT_CODE_INVALID_BIRTHDATE_FORMAT, l->line, "DATE_NAISS", ine,
                                _("Line %u: the birth date “%s” is not a date in the DD/MM/YYYY format (%s)."),
                                l->line, l->birthdate, WHO);
  else
    l->birthdate = orga_learner_set_intern (set, iso, -1);

  if (ine == NULL)
    orga_learner_set_add_error (set, ORGA_IMPORT_CODE_INE_REQUIRED, l->line, "ID_NATIONAL", NULL,
                                _("Line %u: the INE is empty; every student needs one (%s)."), l->line, WHO);
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
                                    l->line, names[i], WHO);
  }
}
#undef WHO

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
halt (Parser *p)
{
  p->stop = TRUE;
  if (p->ctxt != NULL)
    xmlStopParser (p->ctxt);
}

static void
reject_whole_file (Parser         *p,
                   OrgaImportCode  code,
                   guint           line,
                   const char     *message)
{
  orga_learner_set_clear_errors (p->set);
  orga_learner_set_add_error (p->set, code, line, NULL, NULL, "%s", message);
  p->rejected = TRUE;
  halt (p);
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



static guint
current_line (Parser *p)
{
  return p->ctxt->input != NULL ? (guint)MAX (p->ctxt->input->line, 0) : 0;
}

/* An element name as the reader gave it: the qualified name. */
static const char *
element_name (Parser        *p,
              const xmlChar *localname,
              const xmlChar *prefix)
{
  if (prefix == NULL)
    return (const char *)localname;

  g_string_printf (p->scratch, "%s:%s", prefix, localname);
  return p->scratch->str;
}

static gboolean
is_xml_blank (const xmlChar *ch,
              int            len)
{
  for (int i = 0; i < len; i++)
    if (ch[i] != ' ' && ch[i] != '\t' && ch[i] != '\n' && ch[i] != '\r')
      return FALSE;
  return TRUE;
}

static void
begin_text (Parser     *p,
            TextTarget  target,
            Field       field,
            int         depth)
{
  p->text_target = target;
  p->text_field = field;
  p->text_depth = depth;
  g_string_truncate (p->text, 0);
  p->text_leading_blank = FALSE;
  p->text_has_child = FALSE;
  p->text_first_is_text = FALSE;
  p->text_last_is_text = FALSE;
}

/* An empty or whitespace-only element reads "", as with xml2js. */
static const char *
end_text (Parser *p)
{
  p->text_target = TEXT_NONE;
  if (is_blank (p->text->str))
    return "";
  return orga_learner_set_intern (p->set, p->text->str, p->text->len);
}

static void
on_text (Parser        *p,
         const xmlChar *ch,
         int            len,
         gboolean       cdata)
{
  if (p->text_target == TEXT_NONE || p->depth != p->text_depth + 1)
    return;

  /* The reader (XML_PARSE_NOBLANKS) dropped whitespace between child
   * elements unless text came first or last: only mixed content, which
   * SIECLE never has, can tell. */
  if (!cdata && is_xml_blank (ch, len))
    {
      if (!p->text_has_child)
        {
          p->text_leading_blank = TRUE;
          g_string_append_len (p->text, (const char *)ch, len);
          return;
        }
      if (!p->text_first_is_text && !p->text_last_is_text)
        return;
    }

  if (!p->text_has_child)
    {
      p->text_has_child = TRUE;
      p->text_first_is_text = TRUE;
    }
  p->text_last_is_text = TRUE;
  g_string_append_len (p->text, (const char *)ch, len);
}

static void
on_characters (void          *context,
               const xmlChar *ch,
               int            len)
{
  Parser *p = PARSER (context);

  if (p == NULL || p->stop || p->pending_reject != NULL)
    return;
  /* Blanks between elements made no node (XML_PARSE_NOBLANKS). */
  if (!is_xml_blank (ch, len))
    node_follows (p);
  on_text (p, ch, len, FALSE);
}

static void
on_cdata (void          *context,
          const xmlChar *ch,
          int            len)
{
  Parser *p = PARSER (context);

  if (p == NULL || p->stop || p->pending_reject != NULL)
    return;
  node_follows (p);
  on_text (p, ch, len, TRUE);
}

/* Entities are left unexpanded, as the reader did; the reference, a
 * comment or a processing instruction is still a node. */
static void
on_reference (void          *context,
              const xmlChar *name)
{
  Parser *p = PARSER (context);

  if (p != NULL)
    node_follows (p);
}

static void
on_comment (void          *context,
            const xmlChar *value)
{
  Parser *p = PARSER (context);

  if (p != NULL && !((xmlParserCtxtPtr)context)->inSubset)
    node_follows (p);
}

static void
on_processing_instruction (void          *context,
                           const xmlChar *target,
                           const xmlChar *data)
{
  Parser *p = PARSER (context);

  if (p != NULL && !((xmlParserCtxtPtr)context)->inSubset)
    node_follows (p);
}

/* Said once the slice is known not to break, as the reader would have. */
static void
reject_after_slice (Parser         *p,
                    OrgaImportCode  code,
                    guint           line,
                    const char     *message)
{
  if (p->pending_reject == NULL)
    p->pending_reject = orga_import_error_new (code, line, NULL, NULL, message);
}

static void
on_child_element (Parser *p)
{
  /* Whitespace before a first child element was dropped by the reader. */
  if (!p->text_has_child)
    {
      if (p->text_leading_blank)
        g_string_truncate (p->text, 0);
      p->text_leading_blank = FALSE;
      p->text_has_child = TRUE;
      p->text_first_is_text = FALSE;
    }
  p->text_last_is_text = FALSE;
}

static const char *
find_attribute (Parser         *p,
                const xmlChar **attributes,
                int             n_attributes,
                const char     *name,
                gsize          *len)
{
  for (int i = 0; i < n_attributes; i++)
    {
      const xmlChar **a = attributes + 5 * i;

      if (a[1] == NULL && strcmp ((const char *)a[0], name) == 0)
        {
          *len = a[4] - a[3];
          return (const char *)a[3];
        }
    }

  return NULL;
}

static void
begin_eleve (Parser         *p,
             const xmlChar **attributes,
             int             n_attributes)
{
  gsize len = 0;
  const char *id = find_attribute (p, attributes, n_attributes, "ELEVE_ID", &len);

  memset (&p->eleve, 0, sizeof p->eleve);
  p->eleve.line = current_line (p);
  p->eleve.eleve_id = id != NULL ? orga_learner_set_intern (p->set, id, len) : NULL;
  p->in_eleve = TRUE;
}

static void
begin_structures_eleve (Parser         *p,
                        const xmlChar **attributes,
                        int             n_attributes)
{
  gsize len = 0;
  const char *id = find_attribute (p, attributes, n_attributes, "ELEVE_ID", &len);
  gpointer found = NULL;

  if (id == NULL)
    return;

  g_string_truncate (p->scratch, 0);
  g_string_append_len (p->scratch, id, len);
  /* The structures of a student who was not accepted are walked past. */
  if (!g_hash_table_lookup_extended (p->index_by_eleve_id, p->scratch->str, NULL, &found))
    return;

  p->in_structures = TRUE;
  p->structures_index = GPOINTER_TO_UINT (found);
  p->in_structure = FALSE;
  p->code = p->type_code = NULL;
}

static void
on_start_element (void           *context,
                  const xmlChar  *localname,
                  const xmlChar  *prefix,
                  const xmlChar  *uri,
                  int             n_namespaces,
                  const xmlChar **namespaces,
                  int             n_attributes,
                  int             n_defaulted,
                  const xmlChar **attributes)
{
  Parser *p = PARSER (context);
  int depth;
  const char *name;

  if (p == NULL)
    return;
  depth = p->depth++;
  if (p->stop || p->pending_reject != NULL)
    return;
  node_follows (p);

  /* libxml2 builds no tree here, so its own depth limit (that of its node
   * stack) is applied by hand, with the error it gives. */
  if (depth > XML_PARSER_MAX_DEPTH)
    {
      if (p->xml_error_code == 0)
        {
          p->xml_error_code = XML_ERR_INTERNAL_ERROR;
          p->xml_error_line = current_line (p);
        }
      p->failed = TRUE;
      halt (p);
      return;
    }

  if (p->text_target != TEXT_NONE)
    {
      if (depth == p->text_depth + 1)
        on_child_element (p);
      return;
    }

  /* Only direct children are fields; deeper elements (such as the
   * CODE_MEF of SCOLARITE_AN_DERNIER) are walked past. */
  if (p->in_eleve)
    {
      if (depth == 4 && prefix == NULL)
        {
          Field f = lookup_field (p, localname);

          if (f != F_NONE && p->eleve.values[f] == NULL)
            begin_text (p, TEXT_FIELD, f, depth);
        }
      return;
    }

  if (p->in_structures)
    {
      if (prefix != NULL)
        return;
      if (depth == 4 && strcmp ((const char *)localname, "STRUCTURE") == 0)
        {
          p->in_structure = TRUE;
          p->code = p->type_code = NULL;
        }
      else if (depth == 5 && p->in_structure)
        {
          if (p->code == NULL && strcmp ((const char *)localname, "CODE_STRUCTURE") == 0)
            begin_text (p, TEXT_CODE_STRUCTURE, F_NONE, depth);
          else if (p->type_code == NULL && strcmp ((const char *)localname, "TYPE_STRUCTURE") == 0)
            begin_text (p, TEXT_TYPE_STRUCTURE, F_NONE, depth);
        }
      return;
    }

  if (depth > MAX_DEPTH)
    {
      reject_after_slice (p, ORGA_IMPORT_CODE_INVALID_FILE, current_line (p),
                          _("The file nests elements far deeper than a SIECLE export; it was refused for safety."));
      return;
    }

  name = element_name (p, localname, prefix);

  switch (depth)
    {
    case 0:
      p->root_seen = TRUE;
      if (strcmp (name, "BEE_ELEVES") != 0)
        {
          g_autofree char *message =
            g_strdup_printf (_("This XML file is not a SIECLE student export: it starts with <%s> instead of <BEE_ELEVES>. Use the “Élèves sans adresses” export."),
                             name);
          reject_after_slice (p, ORGA_IMPORT_CODE_INVALID_FILE, 0, message);
        }
      break;

    case 1:
      if (strcmp (name, "PARAMETRES") == 0)
        p->section = SECTION_PARAMETRES;
      else if (strcmp (name, "DONNEES") == 0)
        p->section = SECTION_DONNEES;
      else
        p->section = SECTION_NONE;
      break;

    case 2:
      if (p->section == SECTION_PARAMETRES && !p->uai_seen && strcmp (name, "UAJ") == 0)
        begin_text (p, TEXT_UAJ, F_NONE, depth);
      break;

    case 3:
      if (p->section != SECTION_DONNEES)
        break;
      if (strcmp (name, "ELEVE") == 0)
        begin_eleve (p, attributes, n_attributes);
      else if (strcmp (name, "STRUCTURES_ELEVE") == 0)
        begin_structures_eleve (p, attributes, n_attributes);
      break;

    default:
      break;
    }
}

static void
end_structure (Parser *p)
{
  OrgaLearnerFields *l;

  p->in_structure = FALSE;

  /* The last division that is not "Inactifs" wins; groups (G) are not
   * classes. */
  if (g_strcmp0 (p->type_code, "D") != 0 || p->code == NULL || *p->code == '\0' ||
      strcmp (p->code, "Inactifs") == 0)
    return;

  remember_learner (p, p->structures_index);
  l = orga_learner_set_peek (p->set, p->structures_index);
  l->division = p->code;
  if (l->ignored == ORGA_IGNORE_NO_DIVISION)
    l->ignored = ORGA_IGNORE_NONE;
}

static void
on_end_element (void          *context,
                const xmlChar *localname,
                const xmlChar *prefix,
                const xmlChar *uri)
{
  Parser *p = PARSER (context);
  int depth;

  if (p == NULL)
    return;
  depth = --p->depth;
  if (p->stop || p->pending_reject != NULL)
    return;
  node_follows (p);

  if (p->text_target != TEXT_NONE)
    {
      TextTarget target;
      const char *text;

      if (depth != p->text_depth)
        return;

      target = p->text_target;
      text = end_text (p);
      switch (target)
        {
        case TEXT_FIELD:
          p->eleve.values[p->text_field] = text;
          break;
        case TEXT_CODE_STRUCTURE:
          p->code = text;
          break;
        case TEXT_TYPE_STRUCTURE:
          p->type_code = text;
          break;
        case TEXT_UAJ:
          p->uai_seen = TRUE;
          p->uai = g_strdup (text);
          p->uai_pending = TRUE;
          p->uai_followed = FALSE;
          break;
        case TEXT_NONE:
        default:
          g_assert_not_reached ();
        }
      return;
    }

  if (p->in_eleve)
    {
      if (depth == 3)
        {
          p->in_eleve = FALSE;
          finish_eleve (p, &p->eleve);
        }
      return;
    }

  if (p->in_structures)
    {
      if (depth == 3)
        p->in_structures = FALSE;
      else if (depth == 4 && p->in_structure && prefix == NULL &&
               strcmp ((const char *)localname, "STRUCTURE") == 0)
        end_structure (p);
      return;
    }

  if (depth == 1)
    p->section = SECTION_NONE;
}

/* The reader's DOCUMENT_TYPE node; the parser has read ahead by then, so
 * its line would mislead. */
static void
on_internal_subset (void          *context,
                    const xmlChar *name,
                    const xmlChar *external_id,
                    const xmlChar *system_id)
{
  Parser *p = PARSER (context);

  /* The DTD is still built, so that the rest of the slice parses as it
   * did under the reader. */
  xmlSAX2InternalSubset (context, name, external_id, system_id);

  if (p == NULL || p->stop)
    return;

  reject_after_slice (p, ORGA_IMPORT_CODE_INVALID_FILE, 0,
                      _("The file declares a document type (DOCTYPE), which a SIECLE export never does; it was refused for safety."));
}

/* The slice went through: what it found now counts. */
/* The slice went through: what another node follows now counts. */
static void
keep_slice (Parser *p)
{
  g_array_remove_range (p->undo, 0, p->undo_followed);
  p->undo_followed = 0;

  if (p->uai_pending && p->uai_followed)
    {
      p->uai_pending = p->uai_followed = FALSE;
      check_uai (p);
    }

  if (p->pending_reject != NULL && !p->rejected)
    reject_whole_file (p, p->pending_reject->code, p->pending_reject->line, p->pending_reject->message);
  g_clear_pointer (&p->pending_reject, orga_import_error_free);
}

static void
parse_slice (Parser     *p,
             const char *data,
             int         len,
             gboolean    terminate)
{
  xmlParseChunk (p->ctxt, data, len, terminate);

  if (!p->failed && !p->rejected && !p->ctxt->wellFormed)
    {
      if (p->xml_error_code == 0)
        p->xml_error_code = p->ctxt->errNo;
      p->stop = p->failed = TRUE;
    }

  if (p->failed)
    take_back_slice (p);
  else
    {
      /* At the end of a whole document the reader hands out everything. */
      if (terminate)
        node_follows (p);
      keep_slice (p);
    }
}

/* The file goes to libxml2 in the slices xmlTextReader made, so that a
 * broken file reports exactly what it did: the students, the UAI or the
 * refusal found before the slice where the XML broke. The reader read 4
 * bytes, then blocks of READ_BLOCK, and parsed them SLICE at a time; a last
 * block shorter than a slice was parsed before the end was known. */
#define SLICE      512
#define READ_BLOCK 4096

static void
parse_document (Parser *p,
                int     options)
{
  xmlSAXHandler sax;
  char stitch[SLICE];
  gsize stitch_len = 0;
  const char *data = NULL;
  guint64 total;
  gssize n;
  gsize first;

  xmlSAXVersion (&sax, 2);
  sax.startElementNs = on_start_element;
  sax.endElementNs = on_end_element;
  sax.characters = on_characters;
  sax.ignorableWhitespace = on_characters;
  sax.cdataBlock = on_cdata;
  sax.reference = on_reference;
  sax.comment = on_comment;
  sax.processingInstruction = on_processing_instruction;
  sax.internalSubset = on_internal_subset;
  sax.serror = structured_error;

  n = orga_decode_feed_next (p->feed, &data);
  if (n < 0)
    {
      p->stop = p->failed = TRUE;
      return;
    }

  /* The first four bytes tell libxml2 the encoding. */
  first = n >= 4 ? 4 : 0;
  total = n;
  p->ctxt = xmlCreatePushParserCtxt (&sax, NULL, data, first, NULL);
  if (p->ctxt == NULL)
    {
      reject_whole_file (p, ORGA_IMPORT_CODE_INVALID_FILE, 0, _("The file cannot be read as XML."));
      return;
    }
  p->ctxt->_private = p;
  xmlCtxtUseOptions (p->ctxt, options);
  data += first;
  n -= first;

  while (!p->stop)
    {
      while (n > 0 && !p->stop)
        {
          if (stitch_len == 0 && n >= SLICE)
            {
              parse_slice (p, data, SLICE, FALSE);
              data += SLICE;
              n -= SLICE;
              continue;
            }

          {
            gsize take = MIN ((gsize)n, SLICE - stitch_len);

            memcpy (stitch + stitch_len, data, take);
            stitch_len += take;
            data += take;
            n -= take;
            if (stitch_len == SLICE)
              {
                parse_slice (p, stitch, SLICE, FALSE);
                stitch_len = 0;
              }
          }
        }

      if (p->stop)
        break;

      n = orga_decode_feed_next (p->feed, &data);
      if (n < 0)
        {
          p->stop = p->failed = TRUE;
          break;
        }
      total += n;
      if (n == 0)
        {
          guint64 tail = first > 0 ? (total - first) % READ_BLOCK : 0;

          if (tail > 0 && tail < SLICE)
            {
              parse_slice (p, stitch, stitch_len, FALSE);
              stitch_len = 0;
              if (p->stop)
                break;
            }
          parse_slice (p, stitch, stitch_len, TRUE);
          break;
        }
    }

  if (!p->root_seen && !p->failed && !p->rejected)
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
  p.feed = orga_decode_feed_new (source, passthrough ? NULL : encoding, cancellable, NULL);
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
  p.index_by_eleve_id = g_hash_table_new (g_str_hash, g_str_equal);
  p.text = g_string_sized_new (256);
  p.scratch = g_string_sized_new (64);
  p.undo = g_array_new (FALSE, FALSE, sizeof (Undo));

  /* No NOENT, DTDLOAD, DTDATTR, XINCLUDE: entities stay unexpanded and
   * nothing outside the file is ever read. IGNORE_ENC: the feed already
   * turned the declared encoding into UTF-8. */
  parse_document (&p, XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING |
                      (passthrough ? 0 : XML_PARSE_IGNORE_ENC));

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
  if (p.ctxt != NULL)
    {
      g_clear_pointer (&p.ctxt->myDoc, xmlFreeDoc);
      g_clear_pointer (&p.ctxt, xmlFreeParserCtxt);
    }
  g_clear_pointer (&p.feed, orga_decode_feed_free);
  g_clear_pointer (&p.index_by_eleve_id, g_hash_table_unref);
  if (p.text != NULL)
    g_string_free (p.text, TRUE);
  if (p.scratch != NULL)
    g_string_free (p.scratch, TRUE);
  g_clear_pointer (&p.undo, g_array_unref);
  g_clear_pointer (&p.pending_reject, orga_import_error_free);
  g_free (p.uai);

  return error == NULL || *error == NULL;
}
