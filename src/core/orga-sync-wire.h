/* orga-sync-wire.h: the sync protocol's rows, one table for both ends
 *
 * What a pull carries for each kind of row, field by field: the name is
 * the JSON member, the server's column and, where the desktop has one,
 * the local column. pixorga-server builds its answers from these tables
 * and the desktop reads them back through the same ones, so that the two
 * ends cannot drift apart. docs/sync.md is the prose of this file.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The protocol this build speaks; every push and pull carries it. */
#define ORGA_SYNC_PROTOCOL 1

/* How many rows a pull page holds at most, and by default. */
#define ORGA_SYNC_PAGE_DEFAULT 1000
#define ORGA_SYNC_PAGE_MAX     5000
/* A page that has more after it also says its cursor in this HTTP
 * header, so that the next page can be asked for before this one is
 * parsed (the body stays the reference: both must agree). */
#define ORGA_SYNC_NEXT_HEADER  "Pixorga-Sync-Next-After"

/* How many changes a push carries at most. */
#define ORGA_SYNC_PUSH_MAX     200

typedef enum
{
  ORGA_WIRE_TEXT,     /* a JSON string */
  ORGA_WIRE_INT,      /* a JSON integer */
  ORGA_WIRE_REAL,     /* a JSON number */
  ORGA_WIRE_BOOL,     /* true or false (stored 0/1) */
  ORGA_WIRE_BASE64,   /* bytes, as a base64 string (stored as that string on the server) */
} OrgaWireType;

typedef struct
{
  const char   *name;
  OrgaWireType  type;
  gboolean      nullable;   /* may be JSON null */
} OrgaWireField;

typedef enum
{
  ORGA_WIRE_IMPORTS,
  ORGA_WIRE_LEARNERS,
  ORGA_WIRE_CAMPAIGNS,
  ORGA_WIRE_PARTICIPATIONS,
  ORGA_WIRE_CERT_SESSIONS,
  ORGA_WIRE_CERT_CANDIDATES,
  ORGA_WIRE_CERT_COURSES,
  ORGA_WIRE_CERT_REPORTS,
  ORGA_WIRE_N_KINDS,
} OrgaWireKind;

/* The page's member for @kind ("imports", "learners", …), in the order a
 * page is applied: a row only refers to rows of kinds before it. */
const char          *orga_sync_wire_kind_name  (OrgaWireKind  kind);
/* The fields of @kind, "uuid" first and "seq" last; @n_fields set. */
const OrgaWireField *orga_sync_wire_fields     (OrgaWireKind  kind,
                                                guint        *n_fields);
/* The index of @name among the fields of @kind, or -1. */
int                  orga_sync_wire_field_index (OrgaWireKind kind,
                                                 const char  *name);

/* The kinds of change a push carries (docs/sync.md, "What a push says"). */
#define ORGA_SYNC_IMPORT_APPLY      "import.apply"
#define ORGA_SYNC_IMPORT_REJECT     "import.reject"
#define ORGA_SYNC_IMPORT_UNDO       "import.undo"
#define ORGA_SYNC_CAMPAIGN_CREATE   "campaign.create"
#define ORGA_SYNC_CAMPAIGN_UPDATE   "campaign.update"
#define ORGA_SYNC_CAMPAIGN_ARCHIVE  "campaign.archive"
#define ORGA_SYNC_CAMPAIGN_DELETE   "campaign.delete"
#define ORGA_SYNC_PARTICIPATION_DELETE "participation.delete"
/* Certification (issue 12; docs/sync.md, "Certification"). */
#define ORGA_SYNC_CERT_SESSION_CREATE   "cert_session.create"
#define ORGA_SYNC_CERT_SESSION_UPDATE   "cert_session.update"
#define ORGA_SYNC_CERT_SESSION_DELETE   "cert_session.delete"
#define ORGA_SYNC_CERT_CANDIDATES_ENROL "cert_candidates.enrol"
#define ORGA_SYNC_CERT_CANDIDATE_REMOVE "cert_candidate.remove"
#define ORGA_SYNC_CERT_SESSION_FINALIZE "cert_session.finalize"

/* The campaign fields a campaign.update may carry. */
gboolean             orga_sync_wire_campaign_field_is_editable (const char *name);

G_END_DECLS
