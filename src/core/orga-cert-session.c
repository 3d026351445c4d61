/* orga-cert-session.c: one certification session, as the store read it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "orga-cert-session"

#include "config.h"

#include "orga-cert-session-private.h"

struct _OrgaCertSession
{
  GObject  parent_instance;

  gint64   id;
  gint64   number;
  char    *uuid;
  char    *address;
  char    *room;
  char    *examiner;
  char    *date;
  char    *time;
  char    *description;
  char    *access_code;
  char    *supervisor_password;
  char    *certification_center;
  char    *finalized_at;
  char    *published_at;
  char    *examiner_global_comment;
  gboolean has_incident;
  gboolean has_joining_issue;
  guint    n_candidates;
  guint    n_started;
  gboolean is_demo;
};

G_DEFINE_FINAL_TYPE (OrgaCertSession, orga_cert_session, G_TYPE_OBJECT)

/* Read-only: list views bind them (GtkExpression), nothing sets them. */
enum {
  PROP_0,
  PROP_ID,
  PROP_UUID,
  PROP_NUMBER,
  PROP_ADDRESS,
  PROP_ROOM,
  PROP_EXAMINER,
  PROP_DATE,
  PROP_TIME,
  PROP_DESCRIPTION,
  PROP_FINALIZED_AT,
  PROP_PUBLISHED_AT,
  PROP_N_CANDIDATES,
  PROP_N_STARTED,
  PROP_STATUS,
  PROP_IS_DEMO,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
orga_cert_session_finalize (GObject *object)
{
  OrgaCertSession *self = ORGA_CERT_SESSION (object);

  g_free (self->uuid);
  g_free (self->address);
  g_free (self->room);
  g_free (self->examiner);
  g_free (self->date);
  g_free (self->time);
  g_free (self->description);
  g_free (self->access_code);
  g_free (self->supervisor_password);
  g_free (self->certification_center);
  g_free (self->finalized_at);
  g_free (self->published_at);
  g_free (self->examiner_global_comment);

  G_OBJECT_CLASS (orga_cert_session_parent_class)->finalize (object);
}

static void
orga_cert_session_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  OrgaCertSession *self = ORGA_CERT_SESSION (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_int64 (value, self->id);
      break;
    case PROP_UUID:
      g_value_set_string (value, self->uuid);
      break;
    case PROP_NUMBER:
      g_value_set_int64 (value, self->number);
      break;
    case PROP_ADDRESS:
      g_value_set_string (value, self->address);
      break;
    case PROP_ROOM:
      g_value_set_string (value, self->room);
      break;
    case PROP_EXAMINER:
      g_value_set_string (value, self->examiner);
      break;
    case PROP_DATE:
      g_value_set_string (value, self->date);
      break;
    case PROP_TIME:
      g_value_set_string (value, self->time);
      break;
    case PROP_DESCRIPTION:
      g_value_set_string (value, self->description);
      break;
    case PROP_FINALIZED_AT:
      g_value_set_string (value, self->finalized_at);
      break;
    case PROP_PUBLISHED_AT:
      g_value_set_string (value, self->published_at);
      break;
    case PROP_N_CANDIDATES:
      g_value_set_uint (value, self->n_candidates);
      break;
    case PROP_N_STARTED:
      g_value_set_uint (value, self->n_started);
      break;
    case PROP_STATUS:
      g_value_set_int (value, orga_cert_session_get_status (self));
      break;
    case PROP_IS_DEMO:
      g_value_set_boolean (value, self->is_demo);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
orga_cert_session_class_init (OrgaCertSessionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags flags = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS;

  object_class->finalize = orga_cert_session_finalize;
  object_class->get_property = orga_cert_session_get_property;

  properties[PROP_ID] = g_param_spec_int64 ("id", NULL, NULL, 0, G_MAXINT64, 0, flags);
  properties[PROP_UUID] = g_param_spec_string ("uuid", NULL, NULL, NULL, flags);
  properties[PROP_NUMBER] = g_param_spec_int64 ("number", NULL, NULL, 0, G_MAXINT64, 0, flags);
  properties[PROP_ADDRESS] = g_param_spec_string ("address", NULL, NULL, NULL, flags);
  properties[PROP_ROOM] = g_param_spec_string ("room", NULL, NULL, NULL, flags);
  properties[PROP_EXAMINER] = g_param_spec_string ("examiner", NULL, NULL, NULL, flags);
  properties[PROP_DATE] = g_param_spec_string ("date", NULL, NULL, NULL, flags);
  properties[PROP_TIME] = g_param_spec_string ("time", NULL, NULL, NULL, flags);
  properties[PROP_DESCRIPTION] = g_param_spec_string ("description", NULL, NULL, NULL, flags);
  properties[PROP_FINALIZED_AT] = g_param_spec_string ("finalized-at", NULL, NULL, NULL, flags);
  properties[PROP_PUBLISHED_AT] = g_param_spec_string ("published-at", NULL, NULL, NULL, flags);
  properties[PROP_N_CANDIDATES] = g_param_spec_uint ("n-candidates", NULL, NULL, 0, G_MAXUINT, 0, flags);
  properties[PROP_N_STARTED] = g_param_spec_uint ("n-started", NULL, NULL, 0, G_MAXUINT, 0, flags);
  /* An OrgaCertSessionStatus (orga-cert.h has no GType for it). */
  properties[PROP_STATUS] = g_param_spec_int ("status", NULL, NULL,
                                              ORGA_CERT_SESSION_CREATED, ORGA_CERT_SESSION_PUBLISHED,
                                              ORGA_CERT_SESSION_CREATED, flags);
  properties[PROP_IS_DEMO] = g_param_spec_boolean ("is-demo", NULL, NULL, FALSE, flags);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
orga_cert_session_init (OrgaCertSession *self)
{
}

OrgaCertSession *
_orga_cert_session_new (const OrgaCertSessionData *data)
{
  OrgaCertSession *self;

  g_return_val_if_fail (data != NULL, NULL);

  self = g_object_new (ORGA_TYPE_CERT_SESSION, NULL);
  self->id = data->id;
  self->uuid = g_strdup (data->uuid);
  self->number = data->number;
  self->address = g_strdup (data->address);
  self->room = g_strdup (data->room);
  self->examiner = g_strdup (data->examiner);
  self->date = g_strdup (data->date);
  self->time = g_strdup (data->time);
  self->description = g_strdup (data->description);
  self->access_code = g_strdup (data->access_code);
  self->supervisor_password = g_strdup (data->supervisor_password);
  self->certification_center = g_strdup (data->certification_center);
  self->finalized_at = g_strdup (data->finalized_at);
  self->published_at = g_strdup (data->published_at);
  self->examiner_global_comment = g_strdup (data->examiner_global_comment);
  self->has_incident = data->has_incident;
  self->has_joining_issue = data->has_joining_issue;
  self->n_candidates = data->n_candidates;
  self->n_started = data->n_started;
  self->is_demo = data->is_demo;
  return self;
}

#define GETTER(type, name) \
  type orga_cert_session_get_##name (OrgaCertSession *self) \
  { \
    g_return_val_if_fail (ORGA_IS_CERT_SESSION (self), 0); \
    return self->name; \
  }

GETTER (gint64, id)
GETTER (const char *, uuid)
GETTER (gint64, number)
GETTER (const char *, address)
GETTER (const char *, room)
GETTER (const char *, examiner)
GETTER (const char *, date)
GETTER (const char *, time)
GETTER (const char *, description)
GETTER (const char *, access_code)
GETTER (const char *, supervisor_password)
GETTER (const char *, certification_center)
GETTER (const char *, finalized_at)
GETTER (const char *, published_at)
GETTER (const char *, examiner_global_comment)
GETTER (gboolean, has_incident)
GETTER (gboolean, has_joining_issue)
GETTER (guint, n_candidates)
GETTER (guint, n_started)
GETTER (gboolean, is_demo)

OrgaCertSessionStatus
orga_cert_session_get_status (OrgaCertSession *self)
{
  g_return_val_if_fail (ORGA_IS_CERT_SESSION (self), ORGA_CERT_SESSION_CREATED);

  return orga_cert_session_status (self->finalized_at, self->published_at);
}
