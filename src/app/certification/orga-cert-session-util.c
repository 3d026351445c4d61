/* orga-cert-session-util.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "orga-cert-session-util.h"
#include "orga-format.h"

char *
orga_cert_session_dup_number_text (OrgaCertSession *session)
{
  gint64 number = orga_cert_session_get_number (session);

  /* TRANSLATORS: a session number the server has not given yet */
  if (number == 0)
    return g_strdup (C_("cert session number", "pending"));

  return g_strdup_printf ("%" G_GINT64_FORMAT, number);
}

const char *
orga_cert_session_status_text (OrgaCertSessionStatus status)
{
  switch (status)
    {
    case ORGA_CERT_SESSION_FINALIZED:
      return C_("cert session status", "Finalized");
    case ORGA_CERT_SESSION_PUBLISHED:
      return C_("cert session status", "Results sent");
    case ORGA_CERT_SESSION_CREATED:
    default:
      return C_("cert session status", "Created");
    }
}

char *
orga_cert_session_dup_date_text (OrgaCertSession *session)
{
  const char *date = orga_cert_session_get_date (session);
  char *text = orga_format_day (date);

  return text != NULL ? text : g_strdup (date != NULL ? date : "");
}

gboolean
orga_cert_session_is_read_only (OrgaCertSession *session)
{
  return orga_cert_session_get_status (session) != ORGA_CERT_SESSION_CREATED;
}
