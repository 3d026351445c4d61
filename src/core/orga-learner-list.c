/* orga-learner-list.c
 *
 * A school may have 50,000 active students; a view shows thirty. The list
 * therefore holds only the ordered ids of the students its filter lets
 * through (one query, 8 bytes each) and reads rows a page at a time when
 * the view asks for them, keeping the last few pages. Changing the search,
 * the classes or the order re-runs the id query synchronously: it takes a
 * few milliseconds, fast enough for every keystroke.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "orga-learner-list"

#include "config.h"

#include "orga-learner-list.h"
#include "orga-text.h"

/* A page is one SELECT; 16 of them cover several screens of scrolling back
 * and forth, and bound the learners alive at 1,024. */
#define PAGE_SIZE 64
#define MAX_PAGES 16
#define NO_PAGE G_MAXUINT

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
  OrgaLearnerSort   sort;
  gboolean          descending;

  GArray           *ids;           /* gint64, in display order */
  guint             total;

  Page              pages[MAX_PAGES];
  guint64           clock;
};

static void orga_learner_list_model_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (OrgaLearnerList, orga_learner_list, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, orga_learner_list_model_init))

enum {
  PROP_0,
  PROP_STORE,
  PROP_ORGANIZATION,
  PROP_SEARCH,
  PROP_DIVISIONS,
  PROP_TOTAL,
  PROP_FILTERED,
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
  return self->search_key != NULL || self->divisions != NULL;
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

static GArray *
query_ids (OrgaLearnerList  *self,
           GError          **error)
{
  OrgaLearnerFilter filter = { 0 };

  filter.search = self->search_key;
  filter.divisions = (const char * const *)self->divisions;

  return orga_store_query_learner_ids (self->store, self->organization, &filter,
                                       self->sort, self->descending, error);
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
  g_autoptr(GArray) ids = NULL;
  GError *local_error = NULL;
  guint total;

  g_return_val_if_fail (ORGA_IS_LEARNER_LIST (self), FALSE);

  ids = query_ids (self, error);
  if (ids == NULL)
    return FALSE;

  if (is_filtered (self))
    {
      total = orga_store_count_learners (self->store, self->organization, FALSE, &local_error);
      if (local_error != NULL)
        {
          g_propagate_error (error, local_error);
          return FALSE;
        }
    }
  else
    {
      total = ids->len;
    }

  g_object_freeze_notify (G_OBJECT (self));
  replace_ids (self, g_steal_pointer (&ids));
  if (total != self->total)
    {
      self->total = total;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TOTAL]);
    }
  g_object_thaw_notify (G_OBJECT (self));

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

  if (!orga_learner_list_reload (self, &error))
    g_warning ("Cannot list students: %s", error->message);
}

static void
orga_learner_list_dispose (GObject *object)
{
  OrgaLearnerList *self = ORGA_LEARNER_LIST (object);

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

    case PROP_TOTAL:
      g_value_set_uint (value, self->total);
      break;

    case PROP_FILTERED:
      g_value_set_boolean (value, is_filtered (self));
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
  /* The active students of the school whatever the filter: the page title
   * shows it ("Élèves (n)"). */
  properties[PROP_TOTAL] =
    g_param_spec_uint ("total", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_FILTERED] =
    g_param_spec_boolean ("filtered", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
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
