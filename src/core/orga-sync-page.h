/* orga-sync-page.h: a pull page read straight into rows of values
 *
 * A page of GET …/sync/changes holds up to ORGA_SYNC_PAGE_MAX rows: read
 * as a json-glib tree, it costs a node, a copied name and a hash insert
 * per field, more than the store takes to write the rows. This reader
 * makes one pass over a copy of the body and keeps each row as an array
 * of values in the wire order of orga-sync-wire.h, strings pointing into
 * that copy. It reads only plain pages (strict JSON, every member of the
 * expected shape); for anything else it gives up, and the caller reads
 * the body as JSON, whose path gives the same messages as before.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "orga-sync-wire.h"

G_BEGIN_DECLS

typedef enum
{
  ORGA_WIRE_VALUE_NULL,     /* JSON null, or the member absent */
  ORGA_WIRE_VALUE_STRING,
  ORGA_WIRE_VALUE_INT,
  ORGA_WIRE_VALUE_DOUBLE,
  ORGA_WIRE_VALUE_BOOL,
  ORGA_WIRE_VALUE_OTHER,    /* an array or an object */
} OrgaWireValueType;

/* One field of a row; the string belongs to whatever the row came from. */
typedef struct
{
  OrgaWireValueType type;
  union
  {
    const char *s;
    gint64      i;
    double      d;
    gboolean    b;
  };
} OrgaWireValue;

typedef struct
{
  char          *buffer;                       /* the body's copy */
  gint64         protocol;
  gint64         after;
  gint64         cursor;
  gboolean       more;
  gboolean       reset;
  guint          n_rows[ORGA_WIRE_N_KINDS];
  OrgaWireValue *rows[ORGA_WIRE_N_KINDS];      /* n_rows × the kind's n_fields */
} OrgaSyncPage;

/* The page in @data, or NULL when it is not a plain page: then read it as
 * JSON (orga_json_parse()), which tells what is wrong with it. */
OrgaSyncPage *orga_sync_page_parse (const char *data,
                                    gsize       length);
void          orga_sync_page_free  (OrgaSyncPage *page);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (OrgaSyncPage, orga_sync_page_free)

G_END_DECLS
