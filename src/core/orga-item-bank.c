/* orga-item-bank.c: the questions of the students' tests, from JSON
 *
 * The loader is lenient and the checker strict: a file that is not JSON
 * stops the load, but an item with a problem (unknown skill, bad answer
 * index, …) is only left out and reported by orga_item_bank_check(), so
 * the server never serves a broken question and the tests name every
 * problem at once. The same rules live in src/core/items/check-items.py
 * for the people who write the questions.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <json-glib/json-glib.h>
#include <string.h>

#include "orga-core-resources.h"
#include "orga-framework.h"
#include "orga-item-bank.h"
#include "orga-target-profile.h"
#include "orga-text.h"

#define ITEMS_RESOURCE_PATH "/io/github/pixorga/PixOrga/core/items/"
#define FILES_SUBDIR "files"
#define MIN_CHOICES 2
#define MAX_CHOICES 6
#define MIN_ITEMS_PER_SKILL 2
/* Past this, a value cannot be an answer: checked without parsing it. */
#define MAX_VALUE_LENGTH 4096

struct _OrgaItem
{
  char          *id;
  OrgaItemKind   kind;
  guint          tube;
  guint          difficulty;
  char          *question;
  char         **choices;        /* NULL for a short answer */
  guint32        answer;         /* single, multiple: bit i = choice i */
  char         **answers;        /* short: accepted, normalised */
  char          *image_path;
  char          *image_alt;
  char          *attachment_path;
  char          *attachment_label;
};

struct _OrgaItemBank
{
  GPtrArray  *items;             /* OrgaItem, owned, the files' order */
  GHashTable *by_id;             /* id → OrgaItem */
  GHashTable *by_skill;          /* tube × 8 + difficulty − 1 → GPtrArray */
  GPtrArray  *problems;          /* char *: "1.1.json: item x: problem" */
  /* Where image and attachment files are: a resource path or a folder. */
  char       *files_base;
  gboolean    from_resource;
};

static void
orga_item_free (OrgaItem *item)
{
  g_free (item->id);
  g_free (item->question);
  g_strfreev (item->choices);
  g_strfreev (item->answers);
  g_free (item->image_path);
  g_free (item->image_alt);
  g_free (item->attachment_path);
  g_free (item->attachment_label);
  g_free (item);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (OrgaItem, orga_item_free)

static guint
skill_key (guint tube,
           guint difficulty)
{
  return tube * ORGA_FRAMEWORK_MAX_DIFFICULTY + difficulty - 1;
}

static OrgaItemBank *
bank_new (const char *files_base,
          gboolean    from_resource)
{
  OrgaItemBank *self = g_new0 (OrgaItemBank, 1);

  self->items = g_ptr_array_new_with_free_func ((GDestroyNotify) orga_item_free);
  self->by_id = g_hash_table_new (g_str_hash, g_str_equal);
  self->by_skill = g_hash_table_new_full (NULL, NULL, NULL, (GDestroyNotify) g_ptr_array_unref);
  self->problems = g_ptr_array_new_with_free_func (g_free);
  self->files_base = g_strdup (files_base);
  self->from_resource = from_resource;

  return self;
}

void
orga_item_bank_free (OrgaItemBank *self)
{
  if (self == NULL)
    return;

  g_hash_table_unref (self->by_skill);
  g_hash_table_unref (self->by_id);
  g_ptr_array_unref (self->items);
  g_ptr_array_unref (self->problems);
  g_free (self->files_base);
  g_free (self);
}

static void G_GNUC_PRINTF (4, 5)
add_problem (OrgaItemBank *self,
             const char   *file,
             const char   *item_id,
             const char   *format,
             ...)
{
  g_autofree char *problem = NULL;
  va_list args;

  va_start (args, format);
  problem = g_strdup_vprintf (format, args);
  va_end (args);

  if (item_id != NULL)
    g_ptr_array_add (self->problems, g_strdup_printf ("%s: item %s: %s", file, item_id, problem));
  else
    g_ptr_array_add (self->problems, g_strdup_printf ("%s: %s", file, problem));
}

/* ------------------------------------------------------------------ */
/* reading an item                                                      */
/* ------------------------------------------------------------------ */

static const char *
get_string (JsonObject *object,
            const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;

  return json_node_get_string (node);
}

static gboolean
is_blank (const char *text)
{
  if (text == NULL)
    return TRUE;
  for (const char *c = text; *c; c = g_utf8_next_char (c))
    if (!g_unichar_isspace (g_utf8_get_char (c)))
      return FALSE;
  return TRUE;
}

/* "@rechercheWeb3" → the tube's position and 3, when that skill exists. */
static gboolean
parse_skill (const char *text,
             guint      *tube,
             guint      *difficulty)
{
  g_autofree char *name = NULL;
  gsize len;
  int position;
  guint d;

  if (text == NULL || (len = strlen (text)) < 3)
    return FALSE;
  if (text[len - 1] < '1' || text[len - 1] > '8')
    return FALSE;

  d = (guint) (text[len - 1] - '0');
  name = g_strndup (text, len - 1);
  position = orga_framework_find_tube (name);
  if (position < 0 || !(orga_framework_get_tube ((guint) position)->skills & (1u << (d - 1))))
    return FALSE;

  *tube = (guint) position;
  *difficulty = d;
  return TRUE;
}

/* A strict JSON array of non-blank strings. */
static char **
get_string_array (JsonObject *object,
                  const char *name)
{
  JsonNode *node = json_object_get_member (object, name);
  g_autoptr(GPtrArray) strings = NULL;
  JsonArray *array;

  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    return NULL;

  array = json_node_get_array (node);
  strings = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *element = json_array_get_element (array, i);

      if (!JSON_NODE_HOLDS_VALUE (element) ||
          json_node_get_value_type (element) != G_TYPE_STRING ||
          is_blank (json_node_get_string (element)))
        return NULL;
      g_ptr_array_add (strings, g_strdup (json_node_get_string (element)));
    }
  g_ptr_array_add (strings, NULL);

  return (char **) g_ptr_array_free (g_steal_pointer (&strings), FALSE);
}

/* The file of an image or attachment: where it is, or NULL after
 * recording the problem. */
static char *
resolve_file (OrgaItemBank *self,
              const char   *file,
              const char   *id,
              JsonObject   *item,
              const char   *member,
              const char   *text_member,
              char        **text)
{
  JsonNode *node = json_object_get_member (item, member);
  JsonObject *object;
  const char *name;
  const char *label;
  char *path;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      add_problem (self, file, id, "\"%s\" is not an object", member);
      return NULL;
    }
  object = json_node_get_object (node);
  name = get_string (object, "file");
  label = get_string (object, text_member);
  if (is_blank (name) || is_blank (label) || json_object_get_size (object) != 2)
    {
      add_problem (self, file, id, "\"%s\" must be {\"file\": …, \"%s\": …}, both non-empty",
                   member, text_member);
      return NULL;
    }
  if (strchr (name, '/') != NULL || strchr (name, '\\') != NULL || name[0] == '.')
    {
      add_problem (self, file, id, "%s file \"%s\": a plain file name is expected", member, name);
      return NULL;
    }

  if (self->from_resource)
    {
      path = g_strconcat (self->files_base, name, NULL);
      if (!g_resource_get_info (orga_core_get_resource (), path, G_RESOURCE_LOOKUP_FLAGS_NONE,
                                NULL, NULL, NULL))
        {
          add_problem (self, file, id, "%s file %s is not in the core's GResource "
                       "(src/core/orga-core.gresource.xml)", member, name);
          g_clear_pointer (&path, g_free);
        }
    }
  else
    {
      path = g_build_filename (self->files_base, name, NULL);
      if (!g_file_test (path, G_FILE_TEST_IS_REGULAR))
        {
          add_problem (self, file, id, "%s file %s is missing from %s", member, name, self->files_base);
          g_clear_pointer (&path, g_free);
        }
    }

  if (path != NULL)
    *text = g_strdup (label);
  return path;
}

static gboolean
read_choices (OrgaItemBank *self,
              const char   *file,
              OrgaItem     *item,
              JsonObject   *object)
{
  JsonNode *node;
  JsonArray *answer;
  guint n_choices, n_answers;

  if (json_object_has_member (object, "answers"))
    {
      add_problem (self, file, item->id, "a %s item has \"answer\" (indices), not \"answers\"",
                   item->kind == ORGA_ITEM_SINGLE ? "single" : "multiple");
      return FALSE;
    }

  item->choices = get_string_array (object, "choices");
  if (item->choices == NULL)
    {
      add_problem (self, file, item->id, "\"choices\" must be a list of non-empty strings");
      return FALSE;
    }
  n_choices = g_strv_length (item->choices);
  if (n_choices < MIN_CHOICES || n_choices > MAX_CHOICES)
    {
      add_problem (self, file, item->id, "%u choices: %d to %d expected",
                   n_choices, MIN_CHOICES, MAX_CHOICES);
      return FALSE;
    }
  for (guint i = 0; i < n_choices; i++)
    for (guint j = i + 1; j < n_choices; j++)
      if (g_str_equal (item->choices[i], item->choices[j]))
        {
          add_problem (self, file, item->id, "two choices are the same");
          return FALSE;
        }

  node = json_object_get_member (object, "answer");
  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node) ||
      json_array_get_length (json_node_get_array (node)) == 0)
    {
      add_problem (self, file, item->id, "\"answer\" must be a non-empty list of choice indices");
      return FALSE;
    }
  answer = json_node_get_array (node);
  n_answers = json_array_get_length (answer);
  for (guint i = 0; i < n_answers; i++)
    {
      JsonNode *element = json_array_get_element (answer, i);
      gint64 index;

      if (!JSON_NODE_HOLDS_VALUE (element) || json_node_get_value_type (element) != G_TYPE_INT64)
        {
          add_problem (self, file, item->id, "\"answer\" must be a non-empty list of choice indices");
          return FALSE;
        }
      index = json_node_get_int (element);
      if (index < 0 || index >= n_choices)
        {
          add_problem (self, file, item->id, "answer index %" G_GINT64_FORMAT " out of range (0 … %u)",
                       index, n_choices - 1);
          return FALSE;
        }
      if (item->answer & (1u << index))
        {
          add_problem (self, file, item->id, "an answer index is repeated");
          return FALSE;
        }
      item->answer |= 1u << index;
    }

  if (item->kind == ORGA_ITEM_SINGLE && n_answers != 1)
    {
      add_problem (self, file, item->id, "a single item has exactly one answer index, not %u", n_answers);
      return FALSE;
    }

  return TRUE;
}

static gboolean
read_short_answers (OrgaItemBank *self,
                    const char   *file,
                    OrgaItem     *item,
                    JsonObject   *object)
{
  g_auto(GStrv) answers = NULL;
  guint n;

  if (json_object_has_member (object, "choices") || json_object_has_member (object, "answer"))
    {
      add_problem (self, file, item->id, "a short item has \"answers\", not \"choices\" nor \"answer\"");
      return FALSE;
    }

  answers = get_string_array (object, "answers");
  if (answers == NULL || answers[0] == NULL)
    {
      add_problem (self, file, item->id, "\"answers\" must be a non-empty list of non-empty strings");
      return FALSE;
    }

  n = g_strv_length (answers);
  item->answers = g_new0 (char *, n + 1);
  for (guint i = 0; i < n; i++)
    {
      item->answers[i] = orga_item_normalize_short_answer (answers[i]);
      if (item->answers[i][0] == '\0')
        {
          add_problem (self, file, item->id, "accepted answer \"%s\" is empty once normalised", answers[i]);
          return FALSE;
        }
    }

  return TRUE;
}

static const char * const item_members[] = {
  "id", "skill", "kind", "question", "choices", "answer", "answers", "image", "attachment",
};

/* An item, or NULL after recording its problems. */
static OrgaItem *
read_item (OrgaItemBank *self,
           const char   *file,
           guint         position,
           JsonNode     *node,
           int           competence)
{
  g_autoptr(OrgaItem) item = g_new0 (OrgaItem, 1);
  g_autoptr(GList) members = NULL;
  JsonObject *object;
  const char *skill;
  const char *kind;
  guint problems = self->problems->len;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      g_autofree char *where = g_strdup_printf ("#%u", position);

      add_problem (self, file, where, "not an object");
      return NULL;
    }
  object = json_node_get_object (node);

  item->id = g_strdup (get_string (object, "id"));
  if (is_blank (item->id) || strspn (item->id, "abcdefghijklmnopqrstuvwxyz"
                                                "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
                                                "0123456789._-") != strlen (item->id))
    {
      g_autofree char *where = g_strdup_printf ("#%u", position);

      add_problem (self, file, where, "\"id\" must be a non-empty string of [A-Za-z0-9._-]");
      return NULL;
    }
  if (g_hash_table_contains (self->by_id, item->id))
    add_problem (self, file, item->id, "duplicated id");

  members = json_object_get_members (object);
  for (GList *l = members; l != NULL; l = l->next)
    {
      gboolean known = FALSE;

      for (guint i = 0; i < G_N_ELEMENTS (item_members); i++)
        known = known || g_str_equal (l->data, item_members[i]);
      if (!known)
        add_problem (self, file, item->id, "unknown key \"%s\"", (const char *) l->data);
    }

  skill = get_string (object, "skill");
  if (!parse_skill (skill, &item->tube, &item->difficulty))
    add_problem (self, file, item->id, "unknown skill \"%s\"", skill != NULL ? skill : "");
  else if (competence >= 0 && orga_framework_get_tube (item->tube)->competence != (guint) competence)
    add_problem (self, file, item->id, "skill %s belongs to competence %s, not %s", skill,
                 orga_framework_get_competence (orga_framework_get_tube (item->tube)->competence)->index,
                 orga_framework_get_competence ((guint) competence)->index);

  item->question = g_strdup (get_string (object, "question"));
  if (is_blank (item->question))
    add_problem (self, file, item->id, "\"question\" must be a non-empty string");

  kind = get_string (object, "kind");
  if (g_strcmp0 (kind, "single") == 0)
    item->kind = ORGA_ITEM_SINGLE;
  else if (g_strcmp0 (kind, "multiple") == 0)
    item->kind = ORGA_ITEM_MULTIPLE;
  else if (g_strcmp0 (kind, "short") == 0)
    item->kind = ORGA_ITEM_SHORT;
  else
    {
      add_problem (self, file, item->id, "\"kind\" must be \"single\", \"multiple\" or \"short\"");
      return NULL;
    }

  if (item->kind == ORGA_ITEM_SHORT)
    read_short_answers (self, file, item, object);
  else
    read_choices (self, file, item, object);

  if (json_object_has_member (object, "image"))
    item->image_path = resolve_file (self, file, item->id, object, "image", "alt", &item->image_alt);
  if (json_object_has_member (object, "attachment"))
    item->attachment_path = resolve_file (self, file, item->id, object, "attachment", "label",
                                          &item->attachment_label);

  if (self->problems->len != problems)
    return NULL;

  return g_steal_pointer (&item);
}

static void
add_item (OrgaItemBank *self,
          OrgaItem     *item)
{
  guint key = skill_key (item->tube, item->difficulty);
  GPtrArray *same_skill = g_hash_table_lookup (self->by_skill, GUINT_TO_POINTER (key));

  if (same_skill == NULL)
    {
      same_skill = g_ptr_array_new ();
      g_hash_table_insert (self->by_skill, GUINT_TO_POINTER (key), same_skill);
    }
  g_ptr_array_add (same_skill, item);
  g_hash_table_insert (self->by_id, item->id, item);
  g_ptr_array_add (self->items, item);
}

/* ------------------------------------------------------------------ */
/* reading a file                                                       */
/* ------------------------------------------------------------------ */

/* FALSE only when @data is not JSON at all; anything else is a problem
 * of the bank, recorded. */
static gboolean
load_file (OrgaItemBank  *self,
           const char    *file,
           const char    *data,
           gsize          length,
           GError       **error)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  g_autoptr(GError) parse_error = NULL;
  g_autofree char *stem = NULL;
  JsonNode *root;
  JsonObject *object;
  JsonNode *items;
  const char *competence_index;
  int competence = -1;

  if (!json_parser_load_from_data (parser, data, (gssize) length, &parse_error))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   "%s: does not parse: %s", file, parse_error->message);
      return FALSE;
    }

  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      add_problem (self, file, NULL, "the top level is not an object");
      return TRUE;
    }
  object = json_node_get_object (root);

  competence_index = get_string (object, "competence");
  if (competence_index != NULL)
    competence = orga_framework_find_competence (competence_index);
  stem = g_strndup (file, strlen (file) - strlen (".json"));
  if (competence < 0)
    add_problem (self, file, NULL, "\"competence\" is not a competence of the framework");
  else if (!g_str_equal (stem, competence_index))
    add_problem (self, file, NULL, "the file of competence %s must be named %s.json",
                 competence_index, competence_index);
  if (json_object_get_size (object) != 2 || !json_object_has_member (object, "items"))
    add_problem (self, file, NULL, "the top level has exactly \"competence\" and \"items\"");

  items = json_object_get_member (object, "items");
  if (items == NULL || !JSON_NODE_HOLDS_ARRAY (items))
    {
      add_problem (self, file, NULL, "\"items\" is not a list");
      return TRUE;
    }

  for (guint i = 0; i < json_array_get_length (json_node_get_array (items)); i++)
    {
      OrgaItem *item = read_item (self, file, i, json_array_get_element (json_node_get_array (items), i),
                                  competence);

      if (item != NULL)
        add_item (self, item);
    }

  return TRUE;
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

OrgaItemBank *
orga_item_bank_new_from_dir (const char  *path,
                             GError     **error)
{
  g_autoptr(GDir) dir = NULL;
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *files_dir = NULL;
  OrgaItemBank *self;
  const char *name;

  g_return_val_if_fail (path != NULL, NULL);

  dir = g_dir_open (path, 0, error);
  if (dir == NULL)
    return NULL;
  while ((name = g_dir_read_name (dir)) != NULL)
    if (g_str_has_suffix (name, ".json"))
      g_ptr_array_add (names, g_strdup (name));
  g_ptr_array_sort (names, compare_names);

  files_dir = g_build_filename (path, FILES_SUBDIR, NULL);
  self = bank_new (files_dir, FALSE);
  for (guint i = 0; i < names->len; i++)
    {
      g_autofree char *file_path = g_build_filename (path, names->pdata[i], NULL);
      g_autofree char *contents = NULL;
      gsize length;

      if (!g_file_get_contents (file_path, &contents, &length, error) ||
          !load_file (self, names->pdata[i], contents, length, error))
        {
          orga_item_bank_free (self);
          return NULL;
        }
    }

  return self;
}

static OrgaItemBank *
load_bundled (void)
{
  GResource *resource = orga_core_get_resource ();
  g_auto(GStrv) children = NULL;
  g_autoptr(GPtrArray) names = g_ptr_array_new ();
  g_autofree char *files_base = g_strconcat (ITEMS_RESOURCE_PATH, FILES_SUBDIR, "/", NULL);
  OrgaItemBank *self = bank_new (files_base, TRUE);

  children = g_resource_enumerate_children (resource, ITEMS_RESOURCE_PATH, 0, NULL);
  for (guint i = 0; children != NULL && children[i] != NULL; i++)
    if (g_str_has_suffix (children[i], ".json"))
      g_ptr_array_add (names, children[i]);
  g_ptr_array_sort (names, compare_names);

  for (guint i = 0; i < names->len; i++)
    {
      g_autofree char *path = g_strconcat (ITEMS_RESOURCE_PATH, names->pdata[i], NULL);
      g_autoptr(GBytes) bytes = g_resource_lookup_data (resource, path, 0, NULL);
      g_autoptr(GError) error = NULL;
      gsize length;
      const char *data;

      g_assert (bytes != NULL);
      data = g_bytes_get_data (bytes, &length);
      /* The tests load this bank: a broken file cannot ship. */
      if (!load_file (self, names->pdata[i], data, length, &error))
        g_error ("The bundled item bank is broken: %s", error->message);
    }

  return self;
}

OrgaItemBank *
orga_item_bank_get_default (void)
{
  static gsize bank = 0;

  if (g_once_init_enter (&bank))
    g_once_init_leave (&bank, (gsize) load_bundled ());

  return (OrgaItemBank *) bank;
}

/* ------------------------------------------------------------------ */
/* queries                                                              */
/* ------------------------------------------------------------------ */

guint
orga_item_bank_get_n_items (OrgaItemBank *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->items->len;
}

const OrgaItem *
orga_item_bank_get_nth (OrgaItemBank *self,
                        guint         i)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (i < self->items->len, NULL);

  return self->items->pdata[i];
}

const OrgaItem *
orga_item_bank_find (OrgaItemBank *self,
                     const char   *id)
{
  g_return_val_if_fail (self != NULL, NULL);

  if (id == NULL)
    return NULL;

  return g_hash_table_lookup (self->by_id, id);
}

const OrgaItem *const *
orga_item_bank_get_for_skill (OrgaItemBank *self,
                              guint         tube,
                              guint         difficulty,
                              guint        *n_items)
{
  GPtrArray *items = NULL;

  g_return_val_if_fail (self != NULL, NULL);

  if (tube < orga_framework_get_n_tubes () &&
      difficulty >= 1 && difficulty <= ORGA_FRAMEWORK_MAX_DIFFICULTY)
    items = g_hash_table_lookup (self->by_skill, GUINT_TO_POINTER (skill_key (tube, difficulty)));

  if (n_items != NULL)
    *n_items = items != NULL ? items->len : 0;

  return items != NULL ? (const OrgaItem *const *) items->pdata : NULL;
}

/* The skills the catalogue targets, per tube: what the bank must cover. */
static void
catalogue_targeted_skills (guint8 *targeted)
{
  memset (targeted, 0, orga_framework_get_n_tubes ());
  for (guint p = 0; p < orga_target_profile_get_n_profiles (); p++)
    {
      const OrgaTargetProfile *profile = orga_target_profile_get_nth (p);

      for (guint i = 0; i < profile->n_tubes; i++)
        targeted[profile->tubes[i].tube] |= orga_target_profile_tube_skills (profile, i);
    }
}

gboolean
orga_item_bank_check (OrgaItemBank  *self,
                      GError       **error)
{
  g_autoptr(GString) report = g_string_new (NULL);
  g_autofree guint8 *targeted = g_new0 (guint8, orga_framework_get_n_tubes ());
  guint n = self != NULL ? self->problems->len : 0;

  g_return_val_if_fail (self != NULL, FALSE);

  for (guint i = 0; i < self->problems->len; i++)
    g_string_append_printf (report, "%s\n", (const char *) self->problems->pdata[i]);

  catalogue_targeted_skills (targeted);
  for (guint t = 0; t < orga_framework_get_n_tubes (); t++)
    for (guint d = 1; d <= ORGA_FRAMEWORK_MAX_DIFFICULTY; d++)
      {
        const OrgaTube *tube = orga_framework_get_tube (t);
        g_autofree char *skill = NULL;
        guint count;

        if (!(targeted[t] & (1u << (d - 1))))
          continue;
        orga_item_bank_get_for_skill (self, t, d, &count);
        if (count >= MIN_ITEMS_PER_SKILL)
          continue;
        skill = orga_tube_dup_skill_name (tube, d);
        g_string_append_printf (report, "%s.json: skill %s has %u item(s), %d needed\n",
                                orga_framework_get_competence (tube->competence)->index,
                                skill, count, MIN_ITEMS_PER_SKILL);
        n++;
      }

  if (n == 0)
    return TRUE;

  g_string_truncate (report, report->len - 1);
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "%u problem(s) in the item bank:\n%s",
               n, report->str);
  return FALSE;
}

/* ------------------------------------------------------------------ */
/* items                                                                */
/* ------------------------------------------------------------------ */

const char *
orga_item_get_id (const OrgaItem *item)
{
  g_return_val_if_fail (item != NULL, NULL);
  return item->id;
}

OrgaItemKind
orga_item_get_kind (const OrgaItem *item)
{
  g_return_val_if_fail (item != NULL, ORGA_ITEM_SINGLE);
  return item->kind;
}

guint
orga_item_get_tube (const OrgaItem *item)
{
  g_return_val_if_fail (item != NULL, 0);
  return item->tube;
}

guint
orga_item_get_difficulty (const OrgaItem *item)
{
  g_return_val_if_fail (item != NULL, 0);
  return item->difficulty;
}

const char *
orga_item_get_question (const OrgaItem *item)
{
  g_return_val_if_fail (item != NULL, NULL);
  return item->question;
}

const char *const *
orga_item_get_choices (const OrgaItem *item)
{
  g_return_val_if_fail (item != NULL, NULL);
  return (const char *const *) item->choices;
}

const char *
orga_item_get_image_path (const OrgaItem *item)
{
  g_return_val_if_fail (item != NULL, NULL);
  return item->image_path;
}

const char *
orga_item_get_image_alt (const OrgaItem *item)
{
  g_return_val_if_fail (item != NULL, NULL);
  return item->image_alt;
}

const char *
orga_item_get_attachment_path (const OrgaItem *item)
{
  g_return_val_if_fail (item != NULL, NULL);
  return item->attachment_path;
}

const char *
orga_item_get_attachment_label (const OrgaItem *item)
{
  g_return_val_if_fail (item != NULL, NULL);
  return item->attachment_label;
}

/* ------------------------------------------------------------------ */
/* answers                                                              */
/* ------------------------------------------------------------------ */

/* A choice index as a form writes it: "0" … "5", one digit, since an
 * item has at most 6 choices; "05", "+1", " 1" and "1.0" are not. */
static int
parse_index (const char *text,
             gsize       len,
             guint       n_choices)
{
  if (len != 1 || !g_ascii_isdigit (text[0]))
    return -1;
  if ((guint) (text[0] - '0') >= n_choices)
    return -1;

  return text[0] - '0';
}

gboolean
orga_item_check_answer (const OrgaItem *item,
                        const char     *value)
{
  guint n_choices;

  g_return_val_if_fail (item != NULL, FALSE);

  if (value == NULL || strlen (value) > MAX_VALUE_LENGTH || !g_utf8_validate (value, -1, NULL))
    return FALSE;

  if (item->kind == ORGA_ITEM_SHORT)
    {
      g_autofree char *normalized = orga_item_normalize_short_answer (value);

      if (normalized[0] == '\0')
        return FALSE;
      return g_strv_contains ((const char *const *) item->answers, normalized);
    }

  n_choices = g_strv_length (item->choices);
  if (item->kind == ORGA_ITEM_SINGLE)
    {
      int index = parse_index (value, strlen (value), n_choices);

      return index >= 0 && item->answer == (1u << index);
    }

  /* Multiple: "0,2", any order, each index once, nothing else. */
  {
    guint32 given = 0;
    const char *start = value;

    for (;;)
      {
        const char *comma = strchr (start, ',');
        gsize len = comma != NULL ? (gsize) (comma - start) : strlen (start);
        int index = parse_index (start, len, n_choices);

        if (index < 0 || (given & (1u << index)))
          return FALSE;
        given |= 1u << index;
        if (comma == NULL)
          break;
        start = comma + 1;
      }

    return given == item->answer;
  }
}

/* Trim, lower case, accents removed (orga_text_fold: the same folding as
 * the search of the app, ligatures spelt out), every run of whitespace
 * (no-break spaces too, which French keyboards and phones insert before
 * "?" or ":") as one space, one final "." dropped. */
char *
orga_item_normalize_short_answer (const char *text)
{
  g_autoptr(GString) spaced = NULL;
  char *folded;
  gsize len;

  if (text == NULL)
    return g_strdup ("");

  spaced = g_string_sized_new (strlen (text));
  for (const char *c = text; *c; )
    {
      gunichar ch = g_utf8_get_char_validated (c, -1);

      if (ch >= 0x110000)
        {
          c++;   /* not UTF-8: skipped, as orga_text_fold does */
          continue;
        }
      if (g_unichar_isspace (ch) || g_unichar_type (ch) == G_UNICODE_SPACE_SEPARATOR)
        g_string_append_c (spaced, ' ');
      /* A phone types ’ where a keyboard types ': the same answer. */
      else if (ch == 0x2019 || ch == 0x2018 || ch == 0x02BC || ch == 0x00B4 || ch == '`')
        g_string_append_c (spaced, '\'');
      else
        g_string_append_unichar (spaced, ch);
      c = g_utf8_next_char (c);
    }

  folded = orga_text_fold (spaced->str);
  len = strlen (folded);
  if (len > 0 && folded[len - 1] == '.')
    {
      folded[--len] = '\0';
      while (len > 0 && folded[len - 1] == ' ')
        folded[--len] = '\0';
    }

  return folded;
}
