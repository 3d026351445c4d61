/* orga-json-private.h: what orga-json*.c share
 *
 * Writing helpers put a member and its value (null for NULL); reading
 * helpers check one member of @object, set a French ORGA_JSON_ERROR that
 * names @what ("Student") and the member, and return FALSE. A member that
 * is absent reads as null.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

void        _orga_json_add_string      (JsonBuilder  *builder,
                                        const char   *name,
                                        const char   *value);
void        _orga_json_add_int         (JsonBuilder  *builder,
                                        const char   *name,
                                        gint64        value);
void        _orga_json_add_boolean     (JsonBuilder  *builder,
                                        const char   *name,
                                        gboolean      value);
void        _orga_json_add_double      (JsonBuilder  *builder,
                                        const char   *name,
                                        double        value);
/* ISO 8601 UTC; null for 0. */
void        _orga_json_add_unix_time   (JsonBuilder  *builder,
                                        const char   *name,
                                        gint64        unix_time);

gboolean    _orga_json_invalid         (GError      **error,
                                        const char   *what,
                                        const char   *format,
                                        ...) G_GNUC_PRINTF (3, 4);
gboolean    _orga_json_unknown_value   (GError      **error,
                                        const char   *what,
                                        const char   *name);
JsonObject *_orga_json_get_object      (JsonNode     *node,
                                        const char   *what,
                                        GError      **error);
JsonNode   *_orga_json_get_member      (JsonObject   *object,
                                        const char   *name);
/* Not @nullable: present and not empty. */
gboolean    _orga_json_read_string     (JsonObject   *object,
                                        const char   *what,
                                        const char   *name,
                                        gboolean      nullable,
                                        const char  **value,
                                        GError      **error);
gboolean    _orga_json_read_int        (JsonObject   *object,
                                        const char   *what,
                                        const char   *name,
                                        gint64        min,
                                        gint64        max,
                                        gint64       *value,
                                        GError      **error);
gboolean    _orga_json_read_uint       (JsonObject   *object,
                                        const char   *what,
                                        const char   *name,
                                        guint        *value,
                                        GError      **error);
gboolean    _orga_json_read_boolean    (JsonObject   *object,
                                        const char   *what,
                                        const char   *name,
                                        gboolean     *value,
                                        GError      **error);
/* 0 … 1. */
gboolean    _orga_json_read_ratio      (JsonObject   *object,
                                        const char   *what,
                                        const char   *name,
                                        double       *value,
                                        GError      **error);
/* An ISO 8601 timestamp, kept as text or read as Unix time (0 for null). */
gboolean    _orga_json_read_timestamp  (JsonObject   *object,
                                        const char   *what,
                                        const char   *name,
                                        gboolean      nullable,
                                        const char  **value,
                                        GError      **error);
gboolean    _orga_json_read_unix_time  (JsonObject   *object,
                                        const char   *what,
                                        const char   *name,
                                        gboolean      nullable,
                                        gint64       *value,
                                        GError      **error);

G_END_DECLS
