/* orga-server-sync-private.h: what the sync's files share
 *
 * orga-server-sync.c (the routes, the transactions, the pages),
 * orga-server-sync-rows.c (rows as the wire tables say, and their SQL)
 * and orga-server-sync-rules.c (what each kind of change does).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

#include "orga-server-db.h"
#include "orga-sync-wire.h"

G_BEGIN_DECLS

/* More than the fields of any kind of orga-sync-wire.c. */
#define MAX_FIELDS 24
/* Ids of changes, devices, rows: uuids; a longer one is not read. */
#define MAX_ID_LENGTH 100

/* Rows (orga-server-sync-rows.c) */

/* One text a field, in the order of the wire table (NULL for null);
 * "seq" is the last one. */
typedef struct
{
  char *v[MAX_FIELDS];
} OrgaSyncRow;

OrgaSyncRow  *_orga_sync_row_new          (void);
void          _orga_sync_row_free         (OrgaSyncRow         *row);
OrgaSyncRow  *_orga_sync_row_copy         (const OrgaSyncRow   *row);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (OrgaSyncRow, _orga_sync_row_free)

/* The index of @name among the fields of @kind, which has it. */
int           _orga_sync_field_index      (OrgaWireKind         kind,
                                           const char          *name);
const char   *_orga_sync_row_get          (const OrgaSyncRow   *row,
                                           OrgaWireKind         kind,
                                           const char          *name);
void          _orga_sync_row_set          (OrgaSyncRow         *row,
                                           OrgaWireKind         kind,
                                           const char          *name,
                                           const char          *value);
void          _orga_sync_row_set_int      (OrgaSyncRow         *row,
                                           OrgaWireKind         kind,
                                           const char          *name,
                                           gint64               value);
/* A boolean column's text: 0/1 (or t/f should one ever be boolean). */
gboolean      _orga_sync_is_true          (const char          *text);

/* A non-empty UTF-8 string member of @object (nullable), or NULL. */
const char   *_orga_sync_string_member    (JsonObject          *object,
                                           const char          *name);

/* The table of @kind, its field count, "uuid, …, seq". */
const char   *_orga_sync_table            (OrgaWireKind         kind);
guint         _orga_sync_n_fields         (OrgaWireKind         kind);
const char   *_orga_sync_columns          (OrgaWireKind         kind);

/* Row @row of a SELECT of _orga_sync_columns(). */
OrgaSyncRow  *_orga_sync_row_from_db      (OrgaServerRows      *rows,
                                           guint                row,
                                           OrgaWireKind         kind);
/* A JSON value of @field as its column's text: FALSE for the wrong type;
 * null and absent give NULL. */
gboolean      _orga_sync_value_from_json  (const OrgaWireField *field,
                                           JsonNode            *node,
                                           char               **out);
/* Every field but seq of a JSON object; NULL when it is not an object or
 * a field has the wrong type. */
OrgaSyncRow  *_orga_sync_row_from_json    (OrgaWireKind         kind,
                                           JsonNode            *node);
/* Whether every field that may not be null has a value (seq aside). */
gboolean      _orga_sync_row_is_complete  (const OrgaSyncRow   *row,
                                           OrgaWireKind         kind);
void          _orga_sync_row_build        (JsonBuilder         *builder,
                                           OrgaWireKind         kind,
                                           const OrgaSyncRow   *row,
                                           gboolean             with_seq);
/* The row without seq as JSON text (an undo's before-state). */
char         *_orga_sync_row_to_text      (OrgaWireKind         kind,
                                           const OrgaSyncRow   *row);

/* "@prefix ($1, …), ($1, …) @suffix" over @values (@n_cols a row), as
 * few statements as the batch sizes allow; $1 is @shared. */
gboolean      _orga_sync_exec_batched     (OrgaServerDb        *db,
                                           const char          *prefix,
                                           const char          *suffix,
                                           const char          *shared,
                                           guint                n_cols,
                                           const char * const  *values,
                                           guint                n_rows,
                                           GError             **error);
/* @rows (OrgaSyncRow, seq set) into the table of @kind: inserted, or
 * replacing the row of their uuid. */
gboolean      _orga_sync_upsert_rows      (OrgaServerDb        *db,
                                           OrgaWireKind         kind,
                                           const char          *org_id,
                                           GPtrArray           *rows,
                                           GError             **error);
/* Every row of @kind of the space, by uuid. */
GHashTable   *_orga_sync_load_rows        (OrgaServerDb        *db,
                                           OrgaWireKind         kind,
                                           const char          *org_id,
                                           GError             **error);
/* NULL without an error when the space has no such row. */
OrgaSyncRow  *_orga_sync_load_row         (OrgaServerDb        *db,
                                           OrgaWireKind         kind,
                                           const char          *org_id,
                                           const char          *uuid,
                                           GError             **error);

/* Changes (orga-server-sync-rules.c) */

typedef enum
{
  ORGA_SYNC_APPLIED,
  ORGA_SYNC_REFUSED,     /* code, message and current set */
  ORGA_SYNC_MALFORMED,   /* MALFORMED_CHANGE: nothing written */
  ORGA_SYNC_FAILED,      /* the database: see the error */
} OrgaSyncOutcome;

typedef struct
{
  OrgaServerDb *db;
  const char *org_id;
  const char *user_id;
  gboolean admin;
  const char *user_name;
  const char *device;

  /* The change */
  const char *id;
  const char *kind;
  const char *at;
  gint64 base;
  JsonNode *data;

  /* While applying: the counter when the change began, the seqs taken
   * since. */
  gint64 seq0;
  gint64 n_seqs;

  /* A refusal; current also on an applied change that tells the
   * desktop what the server gave (a certification session's number). */
  const char *code;
  char *message;
  JsonNode *current;
} OrgaSyncChange;

/* Forgets what applying @c left: the refusal, the seqs taken. */
void            _orga_sync_change_clear  (OrgaSyncChange  *c);
/* Applies @c by its kind, in the caller's transaction, the space's
 * counter taken (seq0). */
OrgaSyncOutcome _orga_sync_apply_change  (OrgaSyncChange  *c,
                                          GError         **error);

/* Certification (orga-server-cert.c): docs/sync.md, "Certification". */
OrgaSyncOutcome _orga_sync_apply_cert_session_create   (OrgaSyncChange  *c,
                                                        GError         **error);
OrgaSyncOutcome _orga_sync_apply_cert_session_update   (OrgaSyncChange  *c,
                                                        GError         **error);
OrgaSyncOutcome _orga_sync_apply_cert_session_delete   (OrgaSyncChange  *c,
                                                        GError         **error);
OrgaSyncOutcome _orga_sync_apply_cert_candidates_enrol (OrgaSyncChange  *c,
                                                        GError         **error);
OrgaSyncOutcome _orga_sync_apply_cert_candidate_remove (OrgaSyncChange  *c,
                                                        GError         **error);
OrgaSyncOutcome _orga_sync_apply_cert_session_finalize (OrgaSyncChange  *c,
                                                        GError         **error);

G_END_DECLS
