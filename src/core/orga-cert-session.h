/* orga-cert-session.h: one certification session, as the store read it
 *
 * An immutable snapshot (the store makes a new one after a write), so a
 * GListModel of sessions can be shown and read from any thread.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

#include "orga-cert.h"

G_BEGIN_DECLS

#define ORGA_TYPE_CERT_SESSION (orga_cert_session_get_type ())
G_DECLARE_FINAL_TYPE (OrgaCertSession, orga_cert_session, ORGA, CERT_SESSION, GObject)

gint64       orga_cert_session_get_id                  (OrgaCertSession *self);
const char  *orga_cert_session_get_uuid                (OrgaCertSession *self);
/* 0 until the server has given it */
gint64       orga_cert_session_get_number              (OrgaCertSession *self);
const char  *orga_cert_session_get_address             (OrgaCertSession *self);
const char  *orga_cert_session_get_room                (OrgaCertSession *self);
const char  *orga_cert_session_get_examiner            (OrgaCertSession *self);
const char  *orga_cert_session_get_date                (OrgaCertSession *self); /* YYYY-MM-DD */
const char  *orga_cert_session_get_time                (OrgaCertSession *self); /* HH:MM */
const char  *orga_cert_session_get_description         (OrgaCertSession *self);
const char  *orga_cert_session_get_access_code         (OrgaCertSession *self);
const char  *orga_cert_session_get_supervisor_password (OrgaCertSession *self);
const char  *orga_cert_session_get_certification_center (OrgaCertSession *self);
const char  *orga_cert_session_get_finalized_at        (OrgaCertSession *self);
const char  *orga_cert_session_get_published_at        (OrgaCertSession *self);
const char  *orga_cert_session_get_examiner_global_comment (OrgaCertSession *self);
gboolean     orga_cert_session_get_has_incident        (OrgaCertSession *self);
gboolean     orga_cert_session_get_has_joining_issue   (OrgaCertSession *self);
guint        orga_cert_session_get_n_candidates        (OrgaCertSession *self); /* Candidats inscrits */
guint        orga_cert_session_get_n_started           (OrgaCertSession *self); /* Certifications passées */
gboolean     orga_cert_session_get_is_demo             (OrgaCertSession *self);
OrgaCertSessionStatus orga_cert_session_get_status     (OrgaCertSession *self);

G_END_DECLS
