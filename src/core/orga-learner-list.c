/* orga-learner-list.c
 *
 * A school may have 50,000 active students; a view shows thirty. The list
 * therefore reads, once, what searching and sorting need (id, folded name,
 * class: about 2 MB for 50,000) and keeps the ordered ids of the students
 * its filter lets through; rows are read a page at a time when the view
 * asks for them, keeping the last few pages. A keystroke in the search is
 * then a pass over that index in memory, a millisecond or two, where a
 * query sorting 50,000 rows took tens.
 *
 * Reading that index takes 250 million instructions for 50,000 students,
 * more than a bare window takes to show. A window opening on the list
 * therefore starts from orga_learner_list_new_first_rows(): the first two
 * pages' ids and the count, through an index, and reads the rest in a
 * thread once its first frame is shown (orga_learner_list_load_rest()).
 * The first rows are the complete list's first rows, so nothing moves on
 * screen when it arrives; whatever needs the whole list before that (a
 * search, a filter, a sort, a reload) reads it at once.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "orga-learner-list"

#include "config.h"

#include "orga-learner-list.h"
#include "orga-store-student-accounts.h"
#include "orga-text.h"

/* A page is one SELECT; 16 of them cover several screens of scrolling back
 * and forth, and bound the learners alive at 1,024. */
#define PAGE_SIZE 64
#define MAX_PAGES 16
#define NO_PAGE G_MAXUINT

/* Enough for the tallest window's first frame. */
#define FIRST_ROWS (2 * PAGE_SIZE)

typedef struct
{
  guint        index;        /* NO_PAGE when the slot is free */
  guint64      last_used;
  OrgaLearner *items[PAGE_SIZE];
} Page;

struct _OrgaLearnerList
{
  GObject           parent_instance;

  OrgaStore        *store;
  OrgaOrganization *organization;

  char             *search;        /* as typed, for the property */
  char             *search_key;    /* folded; NULL when nothing to search */
  GStrv             divisions;     /* NULL for every class */
  guint             certifiability; /* OrgaCertifiability flags; 0 for all */
  GStrv             login_methods; /* the filter's values (spec §2.1); NULL for any */
  OrgaLearnerSort   sort;
  gboolean          descending;

  /* FALSE while only the first rows are read; entries is empty then. */
  gboolean          complete;
  gboolean          first_rows_only; /* construct-only */
  GCancellable     *loading;       /* the rest's thread, if running */

  /* The index: every active student in name order. */
  GArray           *entries;       /* IndexEntry */
  GStringChunk     *keys;
  GPtrArray        *division_names; /* in natural class order: ranks */
  GHashTable       *participations; /* id → count; NULL until sorted by */
  GHashTable       *last_participations; /* id → rank of its date; NULL until sorted by */
  GHashTable       *certifiabilities; /* id → OrgaCertifiability; NULL until filtered by */
  GHashTable       *accounts;      /* id → methods | LINKED; NULL until filtered by */

  GArray           *ids;           /* gint64, in display order */
  guint             total;

  Page              pages[MAX_PAGES];
  guint64           clock;
};

typedef struct
{
  gint64      id;
  const char *key;               /* folded "last first", in keys */
  const char *ine;               /* breaks ties between homonyms */
  guint       division;          /* rank in division_names; NO_DIVISION */
} IndexEntry;

#define NO_DIVISION G_MAXUINT

static void orga_learner_list_model_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (OrgaLearnerList, orga_learner_list, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, orga_learner_list_model_init))

enum {
  PROP_0,
  PROP_STORE,
  PROP_ORGANIZATION,
  PROP_SEARCH,
  PROP_DIVISIONS,
  PROP_CERTIFIABILITY,
  PROP_TOTAL,
  PROP_FILTERED,
  PROP_COMPLETE,
  PROP_FIRST_ROWS_ONLY,
  PROP_ITEM_TYPE,
  PROP_N_ITEMS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
page_clear (Page *page)
{
  for (guint i = 0; i < PAGE_SIZE; i++)
    g_clear_object (&page->items[i]);
  page->index = NO_PAGE;
  page->last_used = 0;
}

static void
clear_cache (OrgaLearnerList *self)
{
  for (guint i = 0; i < MAX_PAGES; i++)
    page_clear (&self->pages[i]);
}

typedef struct
{
  const gint64  *ids;
  guint          n_ids;
  OrgaLearner  **items;
} PageFill;

static gboolean
fill_page_cb (const OrgaLearnerRow *row,
              gpointer              user_data)
{
  PageFill *fill = user_data;

  /* Rows come back in the database's order, not the list's. */
  for (guint i = 0; i < fill->n_ids; i++)
    {
      if (fill->ids[i] == row->id && fill->items[i] == NULL)
        {
          fill->items[i] = orga_learner_new_from_row (row);
          break;
        }
    }

  return TRUE;
}

/* A row deleted since the ids were read (an import undone from another
 * window) still needs an item until the list is reloaded: a GListModel
 * must not return NULL below n-items. */
static OrgaLearner *
new_placeholder (gint64 id)
{
  OrgaLearnerRow row = { 0 };

  row.id = id;
  return orga_learner_new_from_row (&row);
}

static Page *
load_page (OrgaLearnerList *self,
           guint            index)
{
  g_autoptr(GError) error = NULL;
  Page *page = &self->pages[0];
  PageFill fill;
  guint start = index * PAGE_SIZE;

  /* Evict the least recently used page; free slots have last_used 0. */
  for (guint i = 1; i < MAX_PAGES; i++)
    if (self->pages[i].last_used < page->last_used)
      page = &self->pages[i];
  page_clear (page);

  fill.ids = &g_array_index (self->ids, gint64, start);
  fill.n_ids = MIN (PAGE_SIZE, self->ids->len - start);
  fill.items = page->items;

  if (!orga_store_fetch_learners_by_id (self->store, fill.ids, fill.n_ids, fill_page_cb, &fill, &error))
    {
      /* get_item() cannot report it; keep nothing so that the next call
       * tries again. */
      g_warning ("Cannot read students: %s", error->message);
      page_clear (page);
      return NULL;
    }

  for (guint i = 0; i < fill.n_ids; i++)
    if (page->items[i] == NULL)
      page->items[i] = new_placeholder (fill.ids[i]);

  page->index = index;
  return page;
}

static GType
orga_learner_list_get_item_type (GListModel *model)
{
  return ORGA_TYPE_LEARNER;
}

static guint
orga_learner_list_get_n_items (GListModel *model)
{
  OrgaLearnerList *self = ORGA_LEARNER_LIST (model);

  return self->ids->len;
}

static gpointer
orga_learner_list_get_item (GListModel *model,
                            guint       position)
{
  OrgaLearnerList *self = ORGA_LEARNER_LIST (model);
  guint index = position / PAGE_SIZE;
  Page *page = NULL;

  if (position >= self->ids->len)
    return NULL;

  for (guint i = 0; i < MAX_PAGES; i++)
    {
      if (self->pages[i].index == index)
        {
          page = &self->pages[i];
          break;
        }
    }

  if (page == NULL)
    page = load_page (self, index);
  if (page == NULL)
    return new_placeholder (g_array_index (self->ids, gint64, position));

  page->last_used = ++self->clock;
  return g_object_ref (page->items[position % PAGE_SIZE]);
}

static void
orga_learner_list_model_init (GListModelInterface *iface)
{
  iface->get_item_type = orga_learner_list_get_item_type;
  iface->get_n_items = orga_learner_list_get_n_items;
  iface->get_item = orga_learner_list_get_item;
}

static gboolean
is_filtered (OrgaLearnerList *self)
{
  return self->search_key != NULL || self->divisions != NULL || self->certifiability != 0 ||
         self->login_methods != NULL;
}

/* Swaps in new ids; everything may have moved. Reported as "all removed"
 * then "all added": given one items-changed (0, old, new), GTK 4.8's list
 * views look up every added item to reuse row widgets, which would load
 * all 50,000 students on each keystroke; after a removal there is nothing
 * to reuse and only the visible rows are built. */
static void
replace_ids (OrgaLearnerList *self,
             GArray          *ids)
{
  guint old_n = self->ids->len;
  guint new_n = ids->len;

  clear_cache (self);
  g_array_unref (self->ids);

  self->ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  if (old_n > 0)
    g_list_model_items_changed (G_LIST_MODEL (self), 0, old_n, 0);

  g_array_unref (self->ids);
  self->ids = ids;
  if (new_n > 0)
    g_list_model_items_changed (G_LIST_MODEL (self), 0, 0, new_n);

  if (old_n != new_n)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_ITEMS]);
}

/* What load_index() reads: built in a thread for orga_learner_list_load_rest(). */
typedef struct
{
  GArray       *entries;         /* IndexEntry, in name order */
  GStringChunk *keys;
  GPtrArray    *division_names;  /* in natural class order: ranks */
} Index;

static void
index_free (Index *index)
{
  g_clear_pointer (&index->entries, g_array_unref);
  g_clear_pointer (&index->keys, g_string_chunk_free);
  g_clear_pointer (&index->division_names, g_ptr_array_unref);
  g_free (index);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Index, index_free)

typedef struct
{
  Index      *index;
  GHashTable *divisions;    /* name → GUINT_TO_POINTER (first seen + 1) */
} IndexLoad;

static gboolean
index_entry_cb (gint64      id,
                const char *name_key,
                const char *division,
                const char *ine,
                gpointer    user_data)
{
  IndexLoad *load = user_data;
  IndexEntry entry = { id, NULL, NULL, NO_DIVISION };

  entry.key = g_string_chunk_insert (load->index->keys, name_key != NULL ? name_key : "");
  entry.ine = g_string_chunk_insert (load->index->keys, ine != NULL ? ine : "");
  if (division != NULL)
    {
      gpointer found = g_hash_table_lookup (load->divisions, division);

      if (found == NULL)
        {
          char *name = g_strdup (division);

          g_ptr_array_add (load->index->division_names, name);
          found = GUINT_TO_POINTER (load->index->division_names->len);
          g_hash_table_insert (load->divisions, name, found);
        }
      entry.division = GPOINTER_TO_UINT (found) - 1;
    }

  g_array_append_val (load->index->entries, entry);
  return TRUE;
}

/* The order of the store's lists (LIST_ORDER in orga-store-learners.c):
 * name_key, then INE (unique), compared bytewise as SQLite does. */
static int
compare_entries (gconstpointer a,
                 gconstpointer b)
{
  const IndexEntry *x = a, *y = b;
  int cmp = strcmp (x->key, y->key);

  return cmp != 0 ? cmp : strcmp (x->ine, y->ine);
}

static int
compare_division_names (gconstpointer a,
                        gconstpointer b)
{
  return orga_store_compare_divisions (*(const char * const *)a, *(const char * const *)b);
}

/* Reads the index: at first, after an import or its undo. Touches no list,
 * so that a thread may run it on a connection of its own. */
static Index *
load_index (OrgaStore         *store,
            OrgaOrganization  *organization,
            GError           **error)
{
  g_autoptr(GHashTable) divisions = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(Index) self = g_new0 (Index, 1);
  g_autofree guint *rank = NULL;
  IndexLoad load = { self, divisions };

  self->entries = g_array_new (FALSE, FALSE, sizeof (IndexEntry));
  self->keys = g_string_chunk_new (64 * 1024);
  self->division_names = g_ptr_array_new_with_free_func (g_free);

  if (!orga_store_foreach_learner_key (store, organization, index_entry_cb, &load, error))
    return NULL;
  g_array_sort (self->entries, compare_entries);

  /* Classes were numbered as met; renumber them in natural order
   * ("6A" < "6B" < "10A") so that sorting by class is sorting ranks. */
  {
    g_autoptr(GPtrArray) sorted = g_ptr_array_copy (self->division_names, NULL, NULL);
    guint n = self->division_names->len;

    g_ptr_array_sort (sorted, compare_division_names);
    rank = g_new (guint, n > 0 ? n : 1);
    for (guint i = 0; i < n; i++)
      rank[GPOINTER_TO_UINT (g_hash_table_lookup (divisions, sorted->pdata[i])) - 1] = i;

    for (guint i = 0; i < self->entries->len; i++)
      {
        IndexEntry *entry = &g_array_index (self->entries, IndexEntry, i);

        if (entry->division != NO_DIVISION)
          entry->division = rank[entry->division];
      }

    g_ptr_array_set_free_func (self->division_names, NULL);
    g_ptr_array_unref (self->division_names);
    self->division_names = g_ptr_array_ref (sorted);
    g_ptr_array_set_free_func (self->division_names, g_free);
  }

  return g_steal_pointer (&self);
}

/* The list takes @index (and frees @index itself); the pages cached hold
 * students of the old index: the caller's replace_ids() drops them. */
static void
install_index (OrgaLearnerList *self,
               Index           *index)
{
  g_clear_pointer (&self->entries, g_array_unref);
  g_clear_pointer (&self->keys, g_string_chunk_free);
  g_clear_pointer (&self->division_names, g_ptr_array_unref);
  self->entries = g_steal_pointer (&index->entries);
  self->keys = g_steal_pointer (&index->keys);
  self->division_names = g_steal_pointer (&index->division_names);
  index_free (index);

  g_clear_pointer (&self->participations, g_hash_table_unref);
  g_clear_pointer (&self->last_participations, g_hash_table_unref);
  g_clear_pointer (&self->certifiabilities, g_hash_table_unref);
  g_clear_pointer (&self->accounts, g_hash_table_unref);

  /* A thread still reading the rest has nothing newer to bring. */
  g_cancellable_cancel (self->loading);
  g_clear_object (&self->loading);
}

/* Shows @ids of the index just installed, and tells what changed. */
static void
show_index (OrgaLearnerList *self,
            GArray          *ids)
{
  gboolean was_complete = self->complete;
  guint total = self->entries->len;

  self->complete = TRUE;

  g_object_freeze_notify (G_OBJECT (self));
  replace_ids (self, ids);
  if (total != self->total)
    {
      self->total = total;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TOTAL]);
    }
  if (!was_complete)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_COMPLETE]);
  g_object_thaw_notify (G_OBJECT (self));
}

static gboolean
entry_matches (const IndexEntry    *entry,
               const char * const  *words,
               const gboolean      *division_wanted,
               guint                certifiability,
               GHashTable          *certifiabilities)
{
  if (division_wanted != NULL &&
      (entry->division == NO_DIVISION || !division_wanted[entry->division]))
    return FALSE;

  if (certifiability != 0)
    {
      guint status = GPOINTER_TO_UINT (g_hash_table_lookup (certifiabilities, &entry->id));

      if ((certifiability & (status != 0 ? status : ORGA_CERTIFIABILITY_NOT_AVAILABLE)) == 0)
        return FALSE;
    }

  for (guint w = 0; words != NULL && words[w] != NULL; w++)
    if (strstr (entry->key, words[w]) == NULL)
      return FALSE;

  return TRUE;
}

typedef struct
{
  gint64 id;
  guint  rank;          /* position in name order */
  guint  count;         /* the key: participations, or the rank of the latest one's date */
} CountedId;

static int
compare_counted (gconstpointer a,
                 gconstpointer b,
                 gpointer      descending)
{
  const CountedId *x = a, *y = b;

  if (x->count != y->count)
    return (x->count < y->count) == !GPOINTER_TO_INT (descending) ? -1 : 1;

  return x->rank < y->rank ? -1 : x->rank > y->rank;
}

/* The ids the filter lets through, in the list's order, from the index. */
static GArray *
query_ids (OrgaLearnerList  *self,
           GError          **error)
{
  g_autoptr(GPtrArray) words = NULL;
  g_autofree gboolean *division_wanted = NULL;
  guint n_divisions = self->division_names->len;
  GArray *ids = g_array_sized_new (FALSE, FALSE, sizeof (gint64), self->entries->len);
  const IndexEntry *entries = (const IndexEntry *)(gpointer)self->entries->data;
  guint n = self->entries->len;

  /* search_key is folded already; each word may match either name. */
  if (self->search_key != NULL)
    {
      g_auto(GStrv) split = g_strsplit (self->search_key, " ", -1);

      words = g_ptr_array_new_with_free_func (g_free);
      for (guint i = 0; split[i] != NULL; i++)
        if (*split[i] != '\0')
          g_ptr_array_add (words, g_strdup (split[i]));
      g_ptr_array_add (words, NULL);
    }

  if (self->divisions != NULL)
    {
      division_wanted = g_new0 (gboolean, n_divisions > 0 ? n_divisions : 1);
      for (guint i = 0; i < n_divisions; i++)
        division_wanted[i] = g_strv_contains ((const char * const *)self->divisions,
                                              self->division_names->pdata[i]);
    }

  /* Read when first filtered by, as the counts are when sorted by. */
  if (self->certifiability != 0 && self->certifiabilities == NULL)
    {
      self->certifiabilities = orga_store_certifiability_by_learner (self->store, self->organization, error);
      if (self->certifiabilities == NULL)
        {
          g_array_unref (ids);
          return NULL;
        }
    }

  /* The accounts too. */
  if (self->login_methods != NULL && self->accounts == NULL)
    {
      self->accounts = orga_store_login_methods_by_learner (self->store, self->organization, error);
      if (self->accounts == NULL)
        {
          g_array_unref (ids);
          return NULL;
        }
    }

#define MATCHES(e) (entry_matches ((e), words ? (const char * const *)words->pdata : NULL, division_wanted, \
                                   self->certifiability, self->certifiabilities) && \
                    (self->login_methods == NULL || \
                     orga_login_methods_match (GPOINTER_TO_UINT (g_hash_table_lookup (self->accounts, &(e)->id)) & \
                                               ORGA_LOGIN_METHODS_ALL, \
                                               (const char * const *) self->login_methods)))

  switch (self->sort)
    {
    case ORGA_LEARNER_SORT_DIVISION:
      {
        /* A counting sort on the class rank keeps name order inside each
         * class; descending reverses the classes only. Students without a
         * class come first, as SQL's NULLs do. */
        g_autofree guint *starts = g_new0 (guint, n_divisions + 2);
        g_autofree gint64 *sorted = NULL;
        guint n_kept = 0;

        for (guint i = 0; i < n; i++)
          if (MATCHES (&entries[i]))
            {
              guint bucket = entries[i].division == NO_DIVISION ? 0 : entries[i].division + 1;

              if (self->descending && bucket > 0)
                bucket = n_divisions + 1 - bucket;
              starts[bucket + 1]++;
              n_kept++;
            }
        for (guint b = 1; b <= n_divisions + 1; b++)
          starts[b] += starts[b - 1];

        sorted = g_new (gint64, n_kept > 0 ? n_kept : 1);
        for (guint i = 0; i < n; i++)
          if (MATCHES (&entries[i]))
            {
              guint bucket = entries[i].division == NO_DIVISION ? 0 : entries[i].division + 1;

              if (self->descending && bucket > 0)
                bucket = n_divisions + 1 - bucket;
              sorted[starts[bucket]++] = entries[i].id;
            }
        g_array_append_vals (ids, sorted, n_kept);
      }
      break;

    case ORGA_LEARNER_SORT_PARTICIPATIONS:
    case ORGA_LEARNER_SORT_LAST_PARTICIPATION:
      {
        /* Counts (or the ranks of the latest dates) are read when first
         * sorted by: most lists never are. A stable sort on them keeps
         * name order among equals, students with none first; descending
         * reverses them only. */
        gboolean by_count = self->sort == ORGA_LEARNER_SORT_PARTICIPATIONS;
        GHashTable **keys = by_count ? &self->participations : &self->last_participations;
        g_autoptr(GArray) kept = g_array_new (FALSE, FALSE, sizeof (CountedId));

        if (*keys == NULL)
          {
            *keys = by_count ? orga_store_count_participations_by_learner (self->store, self->organization, error)
                             : orga_store_rank_last_participations (self->store, self->organization, error);
            if (*keys == NULL)
              {
                g_array_unref (ids);
                return NULL;
              }
          }

        for (guint i = 0; i < n; i++)
          if (MATCHES (&entries[i]))
            {
              CountedId one = { entries[i].id, i,
                                GPOINTER_TO_UINT (g_hash_table_lookup (*keys, &entries[i].id)) };

              g_array_append_val (kept, one);
            }
        g_array_sort_with_data (kept, compare_counted, GINT_TO_POINTER (self->descending));
        for (guint i = 0; i < kept->len; i++)
          g_array_append_val (ids, g_array_index (kept, CountedId, i).id);
      }
      break;

    case ORGA_LEARNER_SORT_NAME:
    default:
      if (self->descending)
        {
          for (guint i = n; i > 0; i--)
            if (MATCHES (&entries[i - 1]))
              g_array_append_val (ids, entries[i - 1].id);
        }
      else
        {
          for (guint i = 0; i < n; i++)
            if (MATCHES (&entries[i]))
              g_array_append_val (ids, entries[i].id);
        }
      break;
    }

#undef MATCHES

  return ids;
}

/* For the setters, which the UI calls on keystrokes and cannot fail: an
 * error (the disk went away) shows as an empty list and a warning. */
static void
requery (OrgaLearnerList *self)
{
  g_autoptr(GError) error = NULL;
  GArray *ids = query_ids (self, &error);

  if (ids == NULL)
    {
      g_warning ("Cannot list students: %s", error->message);
      ids = g_array_new (FALSE, FALSE, sizeof (gint64));
    }

  replace_ids (self, ids);
}

/**
 * orga_learner_list_reload:
 *
 * Reads the list again, with the same search, classes and order: after an
 * import, or its undo. On error the list is left as it was.
 */
gboolean
orga_learner_list_reload (OrgaLearnerList  *self,
                          GError          **error)
{
  Index *index;
  GArray *ids;

  g_return_val_if_fail (ORGA_IS_LEARNER_LIST (self), FALSE);

  index = load_index (self->store, self->organization, error);
  if (index == NULL)
    return FALSE;

  install_index (self, index);
  ids = query_ids (self, error);
  if (ids == NULL)
    return FALSE;

  show_index (self, ids);
  return TRUE;
}

/* Before anything that needs every student: the rest read now, if the
 * thread has not brought it yet. */
static void
ensure_complete (OrgaLearnerList *self)
{
  g_autoptr(GError) error = NULL;

  if (self->complete)
    return;

  if (!orga_learner_list_reload (self, &error))
    g_warning ("Cannot list students: %s", error->message);
}

/* The first rows and the count: see orga_learner_list_new_first_rows(). */
static gboolean
load_first_rows (OrgaLearnerList  *self,
                 GError          **error)
{
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  guint total = 0;

  if (!orga_store_first_learner_ids (self->store, self->organization, FIRST_ROWS, ids, &total, error))
    return FALSE;

  /* Incomplete even if every student is in: the classes come from the
   * index only. */
  replace_ids (self, g_steal_pointer (&ids));
  self->total = total;

  /* The rows of the first frame, read here too: at start-up this runs in
   * the prefetch thread (orga_context_prefetch_learner_list()), which
   * has long finished when the window asks, while the main thread would
   * read them in the middle of the first layout (2.3 M instructions).
   * On failure get_item() tries again. */
  if (self->ids->len > 0)
    load_page (self, 0);
  return TRUE;
}

static gpointer
load_rest_job (OrgaStore     *store,
               gpointer       task_data,
               GCancellable  *cancellable,
               GError       **error)
{
  return load_index (store, task_data, error);
}

static void
rest_loaded_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  OrgaLearnerList *self = user_data;
  g_autoptr(GError) error = NULL;
  Index *index = orga_store_run_job_finish (result, &error);
  GArray *ids;

  /* Cancelled: read meanwhile (reload), or the list is gone. */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  g_clear_object (&self->loading);
  if (index == NULL)
    {
      /* The next thing that needs the whole list reads it again. */
      g_warning ("Cannot list students: %s", error->message);
      return;
    }

  install_index (self, index);
  ids = query_ids (self, &error);
  if (ids == NULL)
    {
      g_warning ("Cannot list students: %s", error->message);
      ids = g_array_new (FALSE, FALSE, sizeof (gint64));
    }

  show_index (self, ids);
}

/**
 * orga_learner_list_load_rest:
 *
 * Reads the whole list in a thread, on a connection of its own, for a list
 * made by orga_learner_list_new_first_rows(): #OrgaLearnerList:complete
 * turns %TRUE when it is in. Nothing happens if the list is complete or
 * being read.
 */
void
orga_learner_list_load_rest (OrgaLearnerList *self)
{
  g_return_if_fail (ORGA_IS_LEARNER_LIST (self));

  if (self->complete || self->loading != NULL)
    return;

  self->loading = g_cancellable_new ();
  orga_store_run_job_async (self->store, load_rest_job, g_object_ref (self->organization), g_object_unref,
                            (GDestroyNotify)index_free, self->loading, rest_loaded_cb, self);
}

/**
 * orga_learner_list_get_complete:
 *
 * Whether the list holds every student, rather than only its first rows:
 * the classes (orga_learner_list_dup_divisions()) are known only then.
 */
gboolean
orga_learner_list_get_complete (OrgaLearnerList *self)
{
  g_return_val_if_fail (ORGA_IS_LEARNER_LIST (self), FALSE);

  return self->complete;
}

/**
 * orga_learner_list_reload_participations:
 *
 * Participations changed, not the students: their counts and latest
 * dates (the rows and the orders by them) are read again, while the index
 * of names and classes, the heavy part of orga_learner_list_reload(), is
 * kept.
 */
gboolean
orga_learner_list_reload_participations (OrgaLearnerList  *self,
                                         GError          **error)
{
  g_autoptr(GArray) ids = NULL;

  g_return_val_if_fail (ORGA_IS_LEARNER_LIST (self), FALSE);

  g_clear_pointer (&self->participations, g_hash_table_unref);
  g_clear_pointer (&self->last_participations, g_hash_table_unref);
  g_clear_pointer (&self->certifiabilities, g_hash_table_unref);

  /* The first rows only, in name order: the same students, read again. */
  if (!self->complete)
    {
      replace_ids (self, g_array_copy (self->ids));
      return TRUE;
    }

  ids = query_ids (self, error);
  if (ids == NULL)
    return FALSE;

  /* The cached pages hold the old counts: replace_ids drops them. */
  replace_ids (self, g_steal_pointer (&ids));
  return TRUE;
}

static void
orga_learner_list_constructed (GObject *object)
{
  OrgaLearnerList *self = ORGA_LEARNER_LIST (object);
  g_autoptr(GError) error = NULL;

  G_OBJECT_CLASS (orga_learner_list_parent_class)->constructed (object);

  g_return_if_fail (ORGA_IS_STORE (self->store));
  g_return_if_fail (ORGA_IS_ORGANIZATION (self->organization));

  if (self->first_rows_only ? !load_first_rows (self, &error) : !orga_learner_list_reload (self, &error))
    g_warning ("Cannot list students: %s", error->message);
}

static void
orga_learner_list_dispose (GObject *object)
{
  OrgaLearnerList *self = ORGA_LEARNER_LIST (object);

  g_cancellable_cancel (self->loading);
  g_clear_object (&self->loading);
  clear_cache (self);
  g_clear_object (&self->store);
  g_clear_object (&self->organization);

  G_OBJECT_CLASS (orga_learner_list_parent_class)->dispose (object);
}

static void
orga_learner_list_finalize (GObject *object)
{
  OrgaLearnerList *self = ORGA_LEARNER_LIST (object);

  g_clear_pointer (&self->search, g_free);
  g_clear_pointer (&self->search_key, g_free);
  g_clear_pointer (&self->divisions, g_strfreev);
  g_clear_pointer (&self->ids, g_array_unref);
  g_clear_pointer (&self->entries, g_array_unref);
  g_clear_pointer (&self->keys, g_string_chunk_free);
  g_clear_pointer (&self->division_names, g_ptr_array_unref);
  g_clear_pointer (&self->participations, g_hash_table_unref);
  g_clear_pointer (&self->last_participations, g_hash_table_unref);
  g_clear_pointer (&self->certifiabilities, g_hash_table_unref);
  g_clear_pointer (&self->login_methods, g_strfreev);
  g_clear_pointer (&self->accounts, g_hash_table_unref);

  G_OBJECT_CLASS (orga_learner_list_parent_class)->finalize (object);
}

static void
orga_learner_list_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  OrgaLearnerList *self = ORGA_LEARNER_LIST (object);

  switch (prop_id)
    {
    case PROP_STORE:
      g_value_set_object (value, self->store);
      break;

    case PROP_ORGANIZATION:
      g_value_set_object (value, self->organization);
      break;

    case PROP_SEARCH:
      g_value_set_string (value, self->search);
      break;

    case PROP_DIVISIONS:
      g_value_set_boxed (value, self->divisions);
      break;

    case PROP_CERTIFIABILITY:
      g_value_set_uint (value, self->certifiability);
      break;

    case PROP_TOTAL:
      g_value_set_uint (value, self->total);
      break;

    case PROP_FILTERED:
      g_value_set_boolean (value, is_filtered (self));
      break;

    case PROP_COMPLETE:
      g_value_set_boolean (value, self->complete);
      break;

    case PROP_FIRST_ROWS_ONLY:
      g_value_set_boolean (value, self->first_rows_only);
      break;

    case PROP_ITEM_TYPE:
      g_value_set_gtype (value, ORGA_TYPE_LEARNER);
      break;

    case PROP_N_ITEMS:
      g_value_set_uint (value, self->ids->len);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
orga_learner_list_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  OrgaLearnerList *self = ORGA_LEARNER_LIST (object);

  switch (prop_id)
    {
    case PROP_STORE:
      self->store = g_value_dup_object (value);
      break;

    case PROP_ORGANIZATION:
      self->organization = g_value_dup_object (value);
      break;

    case PROP_SEARCH:
      orga_learner_list_set_search (self, g_value_get_string (value));
      break;

    case PROP_DIVISIONS:
      orga_learner_list_set_divisions (self, g_value_get_boxed (value));
      break;

    case PROP_CERTIFIABILITY:
      orga_learner_list_set_certifiability (self, g_value_get_uint (value));
      break;

    case PROP_FIRST_ROWS_ONLY:
      self->first_rows_only = g_value_get_boolean (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
orga_learner_list_class_init (OrgaLearnerListClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = orga_learner_list_constructed;
  object_class->dispose = orga_learner_list_dispose;
  object_class->finalize = orga_learner_list_finalize;
  object_class->get_property = orga_learner_list_get_property;
  object_class->set_property = orga_learner_list_set_property;

  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL, ORGA_TYPE_STORE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_ORGANIZATION] =
    g_param_spec_object ("organization", NULL, NULL, ORGA_TYPE_ORGANIZATION,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SEARCH] =
    g_param_spec_string ("search", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_DIVISIONS] =
    g_param_spec_boxed ("divisions", NULL, NULL, G_TYPE_STRV,
                        G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* OrgaCertifiability flags, combined with OR; 0 for every student. */
  properties[PROP_CERTIFIABILITY] =
    g_param_spec_uint ("certifiability", NULL, NULL, 0, ORGA_CERTIFIABILITY_ALL, 0,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* The active students of the school whatever the filter: the page title
   * shows it ("Élèves (n)"). */
  properties[PROP_TOTAL] =
    g_param_spec_uint ("total", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_FILTERED] =
    g_param_spec_boolean ("filtered", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_COMPLETE] =
    g_param_spec_boolean ("complete", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* Read only the first rows and the count at construction. */
  properties[PROP_FIRST_ROWS_ONLY] =
    g_param_spec_boolean ("first-rows-only", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_ITEM_TYPE] =
    g_param_spec_gtype ("item-type", NULL, NULL, G_TYPE_OBJECT,
                        G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_N_ITEMS] =
    g_param_spec_uint ("n-items", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
orga_learner_list_init (OrgaLearnerList *self)
{
  self->ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  self->entries = g_array_new (FALSE, FALSE, sizeof (IndexEntry));
  self->keys = g_string_chunk_new (64);
  self->division_names = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; i < MAX_PAGES; i++)
    self->pages[i].index = NO_PAGE;
}

/**
 * orga_learner_list_new:
 *
 * The active students of @organization in name order, read at once.
 */
OrgaLearnerList *
orga_learner_list_new (OrgaStore        *store,
                       OrgaOrganization *organization)
{
  g_return_val_if_fail (ORGA_IS_STORE (store), NULL);
  g_return_val_if_fail (ORGA_IS_ORGANIZATION (organization), NULL);

  return g_object_new (ORGA_TYPE_LEARNER_LIST,
                       "store", store,
                       "organization", organization,
                       NULL);
}

/**
 * orga_learner_list_new_first_rows:
 *
 * The same list as orga_learner_list_new(), of which only the first rows
 * (a window's first screenful and more) and the count of students are
 * read: through an index, without sorting the school. The first frame of
 * a window needs no more; orga_learner_list_load_rest() reads the rest in
 * a thread, and the setters and reloads read it at once.
 */
OrgaLearnerList *
orga_learner_list_new_first_rows (OrgaStore        *store,
                                  OrgaOrganization *organization)
{
  g_return_val_if_fail (ORGA_IS_STORE (store), NULL);
  g_return_val_if_fail (ORGA_IS_ORGANIZATION (organization), NULL);

  return g_object_new (ORGA_TYPE_LEARNER_LIST,
                       "store", store,
                       "organization", organization,
                       "first-rows-only", TRUE,
                       NULL);
}

OrgaStore *
orga_learner_list_get_store (OrgaLearnerList *self)
{
  g_return_val_if_fail (ORGA_IS_LEARNER_LIST (self), NULL);

  return self->store;
}

OrgaOrganization *
orga_learner_list_get_organization (OrgaLearnerList *self)
{
  g_return_val_if_fail (ORGA_IS_LEARNER_LIST (self), NULL);

  return self->organization;
}

static void
filter_changed (OrgaLearnerList *self,
                gboolean         was_filtered)
{
  requery (self);
  if (was_filtered != is_filtered (self))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FILTERED]);
}

/**
 * orga_learner_list_set_search:
 * @text: (nullable): what the user typed
 *
 * Keeps the students whose last and first names contain every word of
 * @text, ignoring case and accents: "lef elo" finds "LEFÈVRE Éloïse".
 */
void
orga_learner_list_set_search (OrgaLearnerList *self,
                              const char      *text)
{
  g_autofree char *key = NULL;

  g_return_if_fail (ORGA_IS_LEARNER_LIST (self));

  if (text != NULL && *text == '\0')
    text = NULL;
  if (g_strcmp0 (self->search, text) == 0)
    return;

  key = text != NULL ? orga_text_fold (text) : NULL;
  if (key != NULL && *key == '\0')
    g_clear_pointer (&key, g_free);

  g_object_freeze_notify (G_OBJECT (self));

  g_free (self->search);
  self->search = g_strdup (text);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SEARCH]);

  /* A blank or a capital typed changes nothing worth a query. */
  if (g_strcmp0 (key, self->search_key) != 0)
    {
      gboolean was_filtered = is_filtered (self);

      ensure_complete (self);

      g_free (self->search_key);
      self->search_key = g_steal_pointer (&key);
      filter_changed (self, was_filtered);
    }

  g_object_thaw_notify (G_OBJECT (self));
}

const char *
orga_learner_list_get_search (OrgaLearnerList *self)
{
  g_return_val_if_fail (ORGA_IS_LEARNER_LIST (self), NULL);

  return self->search;
}

/**
 * orga_learner_list_set_divisions:
 * @divisions: (nullable) (array zero-terminated=1): the classes to show;
 *   %NULL or empty for all
 */
void
orga_learner_list_set_divisions (OrgaLearnerList    *self,
                                 const char * const *divisions)
{
  gboolean was_filtered;

  g_return_if_fail (ORGA_IS_LEARNER_LIST (self));

  if (divisions != NULL && divisions[0] == NULL)
    divisions = NULL;
  if (divisions == NULL && self->divisions == NULL)
    return;
  if (divisions != NULL && self->divisions != NULL &&
      g_strv_equal (divisions, (const char * const *)self->divisions))
    return;

  ensure_complete (self);
  was_filtered = is_filtered (self);
  g_strfreev (self->divisions);
  self->divisions = g_strdupv ((char **)divisions);

  g_object_freeze_notify (G_OBJECT (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DIVISIONS]);
  filter_changed (self, was_filtered);
  g_object_thaw_notify (G_OBJECT (self));
}

/**
 * orga_learner_list_get_divisions:
 *
 * Returns: (nullable) (transfer none): the classes shown, %NULL for all
 */
const char * const *
orga_learner_list_get_divisions (OrgaLearnerList *self)
{
  g_return_val_if_fail (ORGA_IS_LEARNER_LIST (self), NULL);

  return (const char * const *)self->divisions;
}

/**
 * orga_learner_list_set_certifiability:
 * @certifiability: #OrgaCertifiability flags, combined with OR; 0 (or all
 *   three) for every student
 *
 * Spec §2.1's "Rechercher par certificabilité": keeps the students whose
 * status (spec §2.3) is one of @certifiability.
 */
void
orga_learner_list_set_certifiability (OrgaLearnerList *self,
                                      guint            certifiability)
{
  gboolean was_filtered;

  g_return_if_fail (ORGA_IS_LEARNER_LIST (self));

  certifiability &= ORGA_CERTIFIABILITY_ALL;
  if (certifiability == ORGA_CERTIFIABILITY_ALL)
    certifiability = 0;
  if (certifiability == self->certifiability)
    return;

  ensure_complete (self);
  was_filtered = is_filtered (self);
  self->certifiability = certifiability;

  g_object_freeze_notify (G_OBJECT (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CERTIFIABILITY]);
  filter_changed (self, was_filtered);
  g_object_thaw_notify (G_OBJECT (self));
}

guint
orga_learner_list_get_certifiability (OrgaLearnerList *self)
{
  g_return_val_if_fail (ORGA_IS_LEARNER_LIST (self), 0);

  return self->certifiability;
}

/**
 * orga_learner_list_set_login_methods:
 * @values: (nullable): the "Rechercher par méthode de connexion" values
 *   of spec §2.1 ("none", "identifiant", "email", "mediacentre",
 *   "without_mediacentre"), combined with OR; %NULL or empty for any
 */
void
orga_learner_list_set_login_methods (OrgaLearnerList    *self,
                                     const char * const *values)
{
  gboolean was_filtered;

  g_return_if_fail (ORGA_IS_LEARNER_LIST (self));

  if (values != NULL && values[0] == NULL)
    values = NULL;
  if (values == NULL && self->login_methods == NULL)
    return;
  if (values != NULL && self->login_methods != NULL &&
      g_strv_equal (values, (const char * const *)self->login_methods))
    return;

  ensure_complete (self);
  was_filtered = is_filtered (self);
  g_strfreev (self->login_methods);
  self->login_methods = g_strdupv ((char **)values);

  g_object_freeze_notify (G_OBJECT (self));
  filter_changed (self, was_filtered);
  g_object_thaw_notify (G_OBJECT (self));
}

const char * const *
orga_learner_list_get_login_methods (OrgaLearnerList *self)
{
  g_return_val_if_fail (ORGA_IS_LEARNER_LIST (self), NULL);

  return (const char * const *)self->login_methods;
}

/**
 * orga_learner_list_set_sort:
 * @descending: reverses the first key only (see #OrgaLearnerSort)
 */
void
orga_learner_list_set_sort (OrgaLearnerList *self,
                            OrgaLearnerSort  sort,
                            gboolean         descending)
{
  g_return_if_fail (ORGA_IS_LEARNER_LIST (self));

  descending = !!descending;
  if (sort == self->sort && descending == self->descending)
    return;

  ensure_complete (self);

  /* (name_key, INE) is unique, so the other direction of the name order is
   * the same ids backwards: a click on the column header needs no query. */
  if (sort == ORGA_LEARNER_SORT_NAME && self->sort == ORGA_LEARNER_SORT_NAME)
    {
      GArray *ids = g_array_sized_new (FALSE, FALSE, sizeof (gint64), self->ids->len);

      for (guint i = self->ids->len; i > 0; i--)
        g_array_append_val (ids, g_array_index (self->ids, gint64, i - 1));

      self->descending = descending;
      replace_ids (self, ids);
      return;
    }

  self->sort = sort;
  self->descending = descending;
  requery (self);
}

OrgaLearnerSort
orga_learner_list_get_sort (OrgaLearnerList *self,
                            gboolean        *descending)
{
  g_return_val_if_fail (ORGA_IS_LEARNER_LIST (self), ORGA_LEARNER_SORT_NAME);

  if (descending != NULL)
    *descending = self->descending;

  return self->sort;
}

guint
orga_learner_list_get_total (OrgaLearnerList *self)
{
  g_return_val_if_fail (ORGA_IS_LEARNER_LIST (self), 0);

  return self->total;
}

/**
 * orga_learner_list_get_filtered:
 *
 * Whether a search or a choice of classes hides some students: the view
 * then says "no result" rather than "no student".
 */
gboolean
orga_learner_list_get_filtered (OrgaLearnerList *self)
{
  g_return_val_if_fail (ORGA_IS_LEARNER_LIST (self), FALSE);

  return is_filtered (self);
}

/**
 * orga_learner_list_dup_divisions:
 *
 * The classes of the active students, in natural order ("6A" < "6B" <
 * "10A"), from the list's index: the class filter needs no query. None
 * until the list is complete (#OrgaLearnerList:complete).
 *
 * Returns: (transfer full): the class names
 */
GStrv
orga_learner_list_dup_divisions (OrgaLearnerList *self)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  g_return_val_if_fail (ORGA_IS_LEARNER_LIST (self), NULL);

  for (guint i = 0; i < self->division_names->len; i++)
    g_strv_builder_add (builder, self->division_names->pdata[i]);

  return g_strv_builder_end (builder);
}
