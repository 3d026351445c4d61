/* orga-store.h: the local SQLite database; all SQL lives behind this API
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "orga-import-report.h"
#include "orga-learner-set.h"
#include "orga-organization.h"
#include "orga-store-changes.h"

G_BEGIN_DECLS

#define ORGA_STORE_ERROR (orga_store_error_quark ())

typedef enum
{
  ORGA_STORE_ERROR_FAILED,
  ORGA_STORE_ERROR_NO_ORGANIZATION,
  ORGA_STORE_ERROR_OTHER_ORGANIZATION,
  ORGA_STORE_ERROR_TOO_NEW,
  ORGA_STORE_ERROR_NOT_FOUND,
  ORGA_STORE_ERROR_CANNOT_UNDO,
  /* The account and its spaces (orga-store-account.h). */
  ORGA_STORE_ERROR_OTHER_ACCOUNT,
  ORGA_STORE_ERROR_NOT_A_MEMBER,
  ORGA_STORE_ERROR_CHOOSE_SPACE,
  ORGA_STORE_ERROR_NOT_BOUND,
  /* A sync answer or page that is not the protocol's, or of another
   * version of it (orga-store-sync.h): nothing was applied. */
  ORGA_STORE_ERROR_PROTOCOL,
} OrgaStoreError;

GQuark orga_store_error_quark (void);

/* The certifiability filter's choices (spec §2.1: not-available, eligible,
 * non-eligible), combined with OR; 0 for no filter. */
typedef enum
{
  ORGA_CERTIFIABILITY_NOT_AVAILABLE = 1 << 0,
  ORGA_CERTIFIABILITY_ELIGIBLE      = 1 << 1,
  ORGA_CERTIFIABILITY_NON_ELIGIBLE  = 1 << 2,
} OrgaCertifiability;

#define ORGA_CERTIFIABILITY_ALL (ORGA_CERTIFIABILITY_NOT_AVAILABLE | ORGA_CERTIFIABILITY_ELIGIBLE | \
                                 ORGA_CERTIFIABILITY_NON_ELIGIBLE)

/* A learner as stored. Strings are valid for the duration of the callback. */
typedef struct
{
  gint64             id;
  const char        *uuid;
  OrgaLearnerFields  fields;
  const char        *disabled_at;   /* NULL when active */
  const char        *created_at;
  const char        *updated_at;
  /* Filled by orga_store_fetch_learners_by_id only: the participations
   * that count (latest attempt per campaign, not deleted). */
  guint              participation_count;
  const char        *last_participation_at;       /* ISO 8601 UTC; NULL if none */
  const char        *last_participation_campaign;
  const char        *last_participation_type;     /* ASSESSMENT, PROFILES_COLLECTION */
  const char        *last_participation_status;   /* STARTED, TO_SHARE, SHARED */
  /* Spec §2.3, from the latest shared profiles collection (not deleted,
   * by its shared_at); 0 (not read) reads as NOT_AVAILABLE. */
  guint              certifiability;              /* OrgaCertifiability */
  const char        *certifiable_at;              /* its shared_at; NULL when not available */
  /* Filled by orga_store_fetch_learners_by_id only: the OrgaLoginMethods
   * of the student's Pix account as last listed (0: none known). */
  guint              login_methods;
} OrgaLearnerRow;

typedef struct
{
  gboolean    include_disabled;
  const char *division;             /* NULL for every class */
} OrgaLearnerQuery;

typedef gboolean (*OrgaLearnerFunc) (const OrgaLearnerRow *row,
                                     gpointer              user_data);

/* The order of a list. Descending reverses the name order exactly; for the
 * others it reverses the first key only, so that the students of one class,
 * or with as many participations, stay in name order. */
typedef enum
{
  ORGA_LEARNER_SORT_NAME,           /* name_key, then INE */
  ORGA_LEARNER_SORT_DIVISION,       /* class in natural order, then name */
  ORGA_LEARNER_SORT_PARTICIPATIONS, /* participation count, then name */
  ORGA_LEARNER_SORT_LAST_PARTICIPATION, /* day and time of the latest, then name */
} OrgaLearnerSort;

typedef struct
{
  gint64       id;
  char        *uuid;
  char        *created_at;
  char        *created_by;
  char        *file_name;
  char        *format;
  char        *encoding;
  char        *status;
  guint        created;
  guint        updated;
  guint        unchanged;
  guint        disabled;
  guint        ignored;
  char        *errors_json;
} OrgaImportRecord;

#define ORGA_TYPE_IMPORT_RECORD (orga_import_record_get_type ())

GType             orga_import_record_get_type (void) G_GNUC_CONST;
OrgaImportRecord *orga_import_record_copy     (const OrgaImportRecord *self);
void              orga_import_record_free     (OrgaImportRecord       *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (OrgaImportRecord, orga_import_record_free)

#define ORGA_STORE_SCHEMA_VERSION 8

#define ORGA_TYPE_STORE (orga_store_get_type ())

G_DECLARE_FINAL_TYPE (OrgaStore, orga_store, ORGA, STORE, GObject)

char             *orga_store_dup_default_path      (void);
OrgaStore        *orga_store_open                  (const char            *path,
                                                    GError               **error);
const char       *orga_store_get_path              (OrgaStore             *self);
char             *orga_store_now                   (void);
char             *orga_store_new_uuid              (void);

gboolean          orga_store_begin                 (OrgaStore             *self,
                                                    GError               **error);
gboolean          orga_store_commit                (OrgaStore             *self,
                                                    GError               **error);
void              orga_store_rollback              (OrgaStore             *self);
void              orga_store_watch                 (OrgaStore             *self);

/* A job for orga_store_run_job_async(): @store is a store of its own on
 * the same file, opened for this job in its thread and closed after it.
 * Returns the job's result, or NULL with @error set. */
typedef gpointer (*OrgaStoreJobFunc) (OrgaStore     *store,
                                      gpointer       task_data,
                                      GCancellable  *cancellable,
                                      GError       **error);

void              orga_store_run_job_async         (OrgaStore             *self,
                                                    OrgaStoreJobFunc       func,
                                                    gpointer               task_data,
                                                    GDestroyNotify         task_data_destroy,
                                                    GDestroyNotify         result_destroy,
                                                    GCancellable          *cancellable,
                                                    GAsyncReadyCallback    callback,
                                                    gpointer               user_data);
gpointer          orga_store_run_job_finish        (GAsyncResult          *result,
                                                    GError               **error);

OrgaOrganization *orga_store_get_organization      (OrgaStore             *self,
                                                    GError               **error);
OrgaOrganization *orga_store_create_organization   (OrgaStore             *self,
                                                    const char            *uai,
                                                    const char            *name,
                                                    OrgaOrganizationKind   kind,
                                                    GError               **error);

gboolean          orga_store_foreach_learner       (OrgaStore             *self,
                                                    OrgaOrganization      *organization,
                                                    const OrgaLearnerQuery *query,
                                                    OrgaLearnerFunc        func,
                                                    gpointer               user_data,
                                                    GError               **error);
guint             orga_store_count_learners        (OrgaStore             *self,
                                                    OrgaOrganization      *organization,
                                                    gboolean               include_disabled,
                                                    GError               **error);

gboolean          orga_store_apply_learner_set     (OrgaStore             *self,
                                                    OrgaOrganization      *organization,
                                                    OrgaImportReport      *report,
                                                    const char            *user_name,
                                                    gboolean               dry_run,
                                                    GCancellable          *cancellable,
                                                    GError               **error);
gboolean          orga_store_record_rejected_import (OrgaStore            *self,
                                                    OrgaOrganization      *organization,
                                                    OrgaImportReport      *report,
                                                    const char            *user_name,
                                                    GError               **error);
GPtrArray        *orga_store_list_imports          (OrgaStore             *self,
                                                    OrgaOrganization      *organization,
                                                    GError               **error);
OrgaImportRecord *orga_store_get_last_import       (OrgaStore             *self,
                                                    OrgaOrganization      *organization,
                                                    gboolean               successful_only,
                                                    GError               **error);
gboolean          orga_store_undo_import           (OrgaStore             *self,
                                                    OrgaOrganization      *organization,
                                                    gint64                 import_id,
                                                    GError               **error);
/* The same on a connection of its own, in a thread: a whole import to
 * roll back may be 100,000 rows. */
void              orga_store_undo_import_async     (OrgaStore             *self,
                                                    OrgaOrganization      *organization,
                                                    gint64                 import_id,
                                                    GCancellable          *cancellable,
                                                    GAsyncReadyCallback    callback,
                                                    gpointer               user_data);
gboolean          orga_store_undo_import_finish    (OrgaStore             *self,
                                                    GAsyncResult          *result,
                                                    GError               **error);

gboolean          orga_store_fetch_learners_by_id  (OrgaStore             *self,
                                                    const gint64          *ids,
                                                    guint                  n_ids,
                                                    OrgaLearnerFunc        func,
                                                    gpointer               user_data,
                                                    GError               **error);
/* division is NULL for a student without a class. */
typedef gboolean (*OrgaLearnerKeyFunc) (gint64      id,
                                        const char *name_key,
                                        const char *division,
                                        const char *ine,
                                        gpointer    user_data);

gboolean          orga_store_foreach_learner_key   (OrgaStore             *self,
                                                    OrgaOrganization      *organization,
                                                    OrgaLearnerKeyFunc     func,
                                                    gpointer               user_data,
                                                    GError               **error);
gboolean          orga_store_first_learner_ids     (OrgaStore             *self,
                                                    OrgaOrganization      *organization,
                                                    guint                  limit,
                                                    GArray                *ids,
                                                    guint                 *total,
                                                    GError               **error);
GHashTable       *orga_store_count_participations_by_learner (OrgaStore   *self,
                                                    OrgaOrganization      *organization,
                                                    GError               **error);
GHashTable       *orga_store_rank_last_participations (OrgaStore          *self,
                                                    OrgaOrganization      *organization,
                                                    GError               **error);
GHashTable       *orga_store_certifiability_by_learner (OrgaStore         *self,
                                                    OrgaOrganization      *organization,
                                                    GError               **error);
GStrv             orga_store_list_divisions        (OrgaStore             *self,
                                                    OrgaOrganization      *organization,
                                                    GError               **error);
int               orga_store_compare_divisions     (const char            *a,
                                                    const char            *b);

G_END_DECLS
