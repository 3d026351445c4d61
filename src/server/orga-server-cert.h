/* orga-server-cert.h: a space's certification rows, outside a push
 *
 * The sync (orga-server-sync-rules.c, docs/sync.md "Certification")
 * writes sessions, candidates, reports and the finalization's courses
 * from the desktops' changes. The candidates' and supervisor's pages
 * (orga-server-cert-web.c) write courses and the candidates' join and
 * authorization through the functions below, so that every row of the
 * sync_cert_* tables gets its seq in one place.
 *
 * Each runs inside the caller's transaction (orga_server_db_begin()
 * done), takes the space's counter row first (organizations.sync_seq,
 * which serialises the space's writers: a finalization cannot slip in
 * between what it checks and what it writes) and gives the row it
 * writes the next seq; on an error the caller rolls back.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

#include "orga-cert.h"
#include "orga-server-db.h"

G_BEGIN_DECLS

/* Writes one course of the space: @course is a JSON object shaped as
 * the wire's cert_courses row (orga-sync-wire.c; "seq" is ignored).
 *
 * - A new uuid gets its number from cert_counters ('course'), whatever
 *   "number" says, and a "verification_code" drawn here when it is null
 *   (orga_cert_generate_verification_code()).
 * - A known uuid keeps its number, session, candidate and verification
 *   code; the other fields are written as given.
 * - The candidate must be the space's, not removed, and enrolled in
 *   "session"; that session not deleted and not finalized: otherwise
 *   G_IO_ERROR_INVALID_DATA (a malformed row) or ORGA_CERT_ERROR_REFUSED
 *   (the state), with a French message. A candidate has one course.
 *
 * *@number and *@seq (both nullable) get the course's number and the
 * row's seq. */
gboolean orga_server_cert_upsert_course    (OrgaServerDb  *db,
                                            const char    *organization_id,
                                            JsonObject    *course,
                                            gint64        *number,
                                            gint64        *seq,
                                            GError       **error);

/* The candidate's fields the pages change: @joined_at (NULL keeps the
 * stored one: a join is never undone) and @authorized_to_start (the
 * supervisor's tick). G_IO_ERROR_NOT_FOUND when the space has no such
 * candidate or it was removed; ORGA_CERT_ERROR_REFUSED when its session
 * is finalized or deleted. Nothing written (no seq taken) when nothing
 * changes. *@seq (nullable) gets the row's seq, 0 when unchanged. */
gboolean orga_server_cert_update_candidate (OrgaServerDb  *db,
                                            const char    *organization_id,
                                            const char    *candidate,
                                            const char    *joined_at,
                                            gboolean       authorized_to_start,
                                            gint64        *seq,
                                            GError       **error);

/* The score of the test of @course from its answers as stored
 * (orga_cert_score() with @completed), and how many questions were
 * answered and how many asked (what orga_cert_apply_jury() needs).
 * The test's answers and items are the pages' (007-cert-test.sql), so
 * orga-server-cert-web.c defines this one scoring of a test, which the
 * finalization calls for every course of the session before the jury.
 * A course without a test: no answer, 0 asked. @score is filled (clear
 * it with orga_cert_score_clear()). */
gboolean orga_server_cert_score_test       (OrgaServerDb  *db,
                                            const char    *organization_id,
                                            const char    *course,
                                            gboolean       completed,
                                            OrgaCertScore *score,
                                            guint         *n_answered,
                                            guint         *n_asked,
                                            GError       **error);

G_END_DECLS
