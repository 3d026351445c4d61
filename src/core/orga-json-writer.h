/* orga-json-writer.h: compact JSON straight into a GString
 *
 * For answers written often or large (the server's reads, sync pages, the
 * CLI's streamed reports), where building a JsonNode tree first costs
 * more than the work itself. The output is the one json-glib's generator
 * gives without pretty printing, byte for byte, so both can serve one
 * format.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define ORGA_JSON_WRITER_MAX_DEPTH 32

typedef struct
{
  GString *out;
  guint depth;
  /* Per depth: whether a value was written at that level, so the next
   * one needs a comma; and whether a member name was just written. */
  gboolean has_value[ORGA_JSON_WRITER_MAX_DEPTH];
  gboolean after_name;
} OrgaJsonWriter;

/* OrgaJsonWriter writer = ORGA_JSON_WRITER_INIT (out); */
#define ORGA_JSON_WRITER_INIT(string) { .out = (string) }

/* Appends to @out, which the caller keeps. */
void orga_json_writer_init         (OrgaJsonWriter *writer,
                                    GString        *out);
void orga_json_writer_begin_object (OrgaJsonWriter *writer);
void orga_json_writer_end_object   (OrgaJsonWriter *writer);
void orga_json_writer_begin_array  (OrgaJsonWriter *writer);
void orga_json_writer_end_array    (OrgaJsonWriter *writer);
/* The name of the next member of the object being written. */
void orga_json_writer_member       (OrgaJsonWriter *writer,
                                    const char     *name);
/* NULL writes null. */
void orga_json_writer_string       (OrgaJsonWriter *writer,
                                    const char     *value);
void orga_json_writer_int          (OrgaJsonWriter *writer,
                                    gint64          value);
void orga_json_writer_double       (OrgaJsonWriter *writer,
                                    double          value);
void orga_json_writer_boolean      (OrgaJsonWriter *writer,
                                    gboolean        value);
void orga_json_writer_null         (OrgaJsonWriter *writer);
/* @json, a whole JSON value written before (by another writer), as it is. */
void orga_json_writer_raw          (OrgaJsonWriter *writer,
                                    const char     *json,
                                    gsize           length);

/* Shorthands: a member and its value. */
void orga_json_writer_add_string   (OrgaJsonWriter *writer,
                                    const char     *name,
                                    const char     *value);
void orga_json_writer_add_int      (OrgaJsonWriter *writer,
                                    const char     *name,
                                    gint64          value);
void orga_json_writer_add_boolean  (OrgaJsonWriter *writer,
                                    const char     *name,
                                    gboolean        value);

/* @text as a JSON string (quoted, escaped as json-glib escapes), or null. */
void orga_json_append_string       (GString        *out,
                                    const char     *text);

G_END_DECLS
