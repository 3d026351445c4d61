/* orga-decode-feed.h: reads, inflates and decodes a SIECLE file ahead of
 * the XML parser, on a second core
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "orga-import-source.h"

G_BEGIN_DECLS

typedef struct _OrgaDecodeFeed OrgaDecodeFeed;

/* @encoding: the file's encoding, converted to UTF-8 on the way; NULL to
 * hand the bytes over untouched (UTF-8, or UTF-16 left to libxml2). */
OrgaDecodeFeed *orga_decode_feed_new                (OrgaImportSource  *source,
                                                     const char        *encoding,
                                                     GCancellable      *cancellable,
                                                     GError           **error);
gssize          orga_decode_feed_next               (OrgaDecodeFeed    *self,
                                                     const char       **data);
const GError   *orga_decode_feed_get_error          (OrgaDecodeFeed    *self);
guint           orga_decode_feed_get_bad_byte_line  (OrgaDecodeFeed    *self);
void            orga_decode_feed_free               (OrgaDecodeFeed    *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (OrgaDecodeFeed, orga_decode_feed_free)

G_END_DECLS
