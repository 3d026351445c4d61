/* orga-cert-session-private.h: how the store makes a session snapshot
 *
 * Not for use outside src/core, except by the tests.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "orga-cert-session.h"

G_BEGIN_DECLS

/* What a snapshot holds; the strings are copied. */
typedef struct
{
  gint64      id;
  const char *uuid;
  gint64      number;
  const char *address;
  const char *room;
  const char *examiner;
  const char *date;
  const char *time;
  const char *description;
  const char *access_code;
  const char *supervisor_password;
  const char *certification_center;
  const char *finalized_at;
  const char *published_at;
  const char *examiner_global_comment;
  gboolean    has_incident;
  gboolean    has_joining_issue;
  guint       n_candidates;
  guint       n_started;
  gboolean    is_demo;
} OrgaCertSessionData;

OrgaCertSession *_orga_cert_session_new (const OrgaCertSessionData *data);

G_END_DECLS
