/* orga-server-html.h: the building blocks of the server's HTML pages
 *
 * Every page is one string built with these: a small fixed layout, inline
 * CSS (the Content-Security-Policy allows nothing else), every value that
 * came from a user or the database escaped. A form that fails comes back
 * with its fields filled (never a password) and an error summary that
 * screen readers announce (role="alert") and that links to the fields.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <libsoup/soup.h>

#include "orga-server.h"

G_BEGIN_DECLS

/* The hidden field that repeats the CSRF cookie in every form. */
#define ORGA_HTML_CSRF_FIELD "jeton"

typedef struct
{
  const char *field;         /* the id of the input, NULL for the whole form */
  char *message;
} OrgaHtmlFieldError;

typedef struct
{
  GArray *errors;            /* OrgaHtmlFieldError */
} OrgaHtmlErrors;

void        orga_html_field_error_clear     (OrgaHtmlFieldError *e);
void        orga_html_errors_init           (OrgaHtmlErrors     *errors);
void        orga_html_errors_clear          (OrgaHtmlErrors     *errors);
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (OrgaHtmlErrors, orga_html_errors_clear)
/* @field: the id of the input, NULL for the whole form. */
void        orga_html_errors_add            (OrgaHtmlErrors     *errors,
                                             const char         *field,
                                             const char         *message);
const char *orga_html_errors_for            (OrgaHtmlErrors     *errors,
                                             const char         *field);
gboolean    orga_html_errors_any            (OrgaHtmlErrors     *errors);

void        orga_html_append_escaped        (GString            *out,
                                             const char         *text);
/* A query parameter, percent-encoded, after "?" or "&". */
void        orga_html_append_param          (GString            *out,
                                             const char         *name,
                                             const char         *value);
/* The page up to its <h1>@title</h1>; end it with orga_html_page_end. */
GString    *orga_html_page_begin            (const char         *title);
char       *orga_html_page_end              (GString            *out);
void        orga_html_append_error_summary  (GString            *out,
                                             OrgaHtmlErrors     *errors);
void        orga_html_append_alert          (GString            *out,
                                             const char         *message);
void        orga_html_append_input          (GString            *out,
                                             OrgaHtmlErrors     *errors,
                                             const char         *id,
                                             const char         *label,
                                             const char         *type,
                                             const char         *autocomplete,
                                             const char         *value,
                                             const char         *help);
/* @label_html is trusted markup (our own links). */
void        orga_html_append_checkbox       (GString            *out,
                                             OrgaHtmlErrors     *errors,
                                             const char         *id,
                                             const char         *label_html,
                                             gboolean            checked,
                                             gboolean            required);
void        orga_html_append_hidden         (GString            *out,
                                             const char         *name,
                                             const char         *value);

/* Sends @html (taken) with the pages' headers: no-store, CSP, no frames. */
void        orga_html_set_page              (SoupServerMessage  *msg,
                                             guint               status,
                                             char               *html);
/* A message alone on its page. */
void        orga_html_reply_message_page    (SoupServerMessage  *msg,
                                             guint               status,
                                             const char         *title,
                                             const char         *message);
gboolean    orga_html_is_https              (OrgaServer         *self);
/* The CSRF token of the cookie if usable, or a new one set on the answer. */
char       *orga_html_csrf_token            (OrgaServer         *self,
                                             SoupServerMessage  *msg);
/* The Origin and the double-submit token of a POSTed form. */
gboolean    orga_html_csrf_valid            (OrgaServer         *self,
                                             SoupServerMessage  *msg,
                                             GHashTable         *form);
/* The form's fields, or NULL when the body is no form or not UTF-8. */
GHashTable *orga_html_decode_form           (SoupServerMessage  *msg);
/* The field's value, "" when absent. */
const char *orga_html_form_get              (GHashTable         *form,
                                             const char         *name);

/* The id of the field a refusal of the domain is about (the forms all
 * name their fields alike: "prenom", "nom", "email", "mot-de-passe",
 * "cgu-pix", "cgu-orga", "jour"), NULL for the whole form. */
const char *orga_html_field_of_error        (const GError       *error);

G_END_DECLS
