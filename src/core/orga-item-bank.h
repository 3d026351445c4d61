/* orga-item-bank.h: the questions of the students' tests (issue 11)
 *
 * PixOrga's own questions, in French, bundled in the core's GResource as
 * JSON files (src/core/items/<competence>.json, e.g. "1.1.json"), at least
 * two for every skill that a profile of the catalogue targets. Only the
 * server reads the answers: what goes to a browser is built from
 * orga_item_get_* without the answer (see orga_item_check_answer).
 *
 * File format (one object per file):
 *   {"competence": "1.1",
 *    "items": [
 *      {"id": "rechercheWeb1-a",            stable, unique in the bank
 *       "skill": "@rechercheWeb1",          a skill of the framework
 *       "kind": "single" | "multiple" | "short",
 *       "question": "…",                    plain text, \n for paragraphs
 *       "choices": ["…", "…"],              single and multiple: 2 … 6
 *       "answer": [1],                      single: one index;
 *                                           multiple: every right index
 *       "answers": ["…", "…"],              short: accepted answers
 *       "image": {"file": "x.svg", "alt": "…"},            optional
 *       "attachment": {"file": "x.csv", "label": "…"}}]}   optional
 * The files of image and attachment live in src/core/items/files/.
 *
 * A short answer is right when it equals an accepted one after
 * orga_item_normalize_short_answer (trim, lower case, accents removed,
 * inner whitespace collapsed to one space, a final "." dropped).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum
{
  ORGA_ITEM_SINGLE,     /* one right choice: radio buttons */
  ORGA_ITEM_MULTIPLE,   /* every right choice and no other: check boxes */
  ORGA_ITEM_SHORT,      /* a short text typed by the student */
} OrgaItemKind;

typedef struct _OrgaItem     OrgaItem;
typedef struct _OrgaItemBank OrgaItemBank;

/* The bundled bank, loaded and validated once (thread-safe); aborts only
 * if the bundled data is broken, which the tests prevent. */
OrgaItemBank   *orga_item_bank_get_default      (void);
/* A bank from a directory of files in the format above (tests). */
OrgaItemBank   *orga_item_bank_new_from_dir     (const char      *path,
                                                 GError         **error);
void            orga_item_bank_free             (OrgaItemBank    *self);
guint           orga_item_bank_get_n_items      (OrgaItemBank    *self);
const OrgaItem *orga_item_bank_get_nth          (OrgaItemBank    *self,
                                                 guint            i);
const OrgaItem *orga_item_bank_find             (OrgaItemBank    *self,
                                                 const char      *id);
/* The items of the skill (@tube is a framework position, @difficulty
 * 1 … 8), in the files' order; NULL and 0 when there is none. */
const OrgaItem *const *orga_item_bank_get_for_skill (OrgaItemBank *self,
                                                     guint         tube,
                                                     guint         difficulty,
                                                     guint        *n_items);
/* Every problem of the bank, one line each in @error ("1.1.json: item
 * x: problem", in English: for the people who write the items, as
 * src/core/items/check-items.py prints them): unknown skill, bad answer
 * index, duplicated id, missing file, a skill targeted by a profile of
 * the catalogue with fewer than 2 items. An item with a problem is left
 * out of the bank (never served); only a file that is not JSON fails
 * the load. Errors: G_IO_ERROR_INVALID_DATA (or the file error). */
gboolean        orga_item_bank_check            (OrgaItemBank    *self,
                                                 GError         **error);

const char     *orga_item_get_id                (const OrgaItem  *item);
OrgaItemKind    orga_item_get_kind              (const OrgaItem  *item);
guint           orga_item_get_tube              (const OrgaItem  *item);
guint           orga_item_get_difficulty        (const OrgaItem  *item);
const char     *orga_item_get_question          (const OrgaItem  *item);
/* NULL-terminated; NULL for a short answer. */
const char *const *orga_item_get_choices        (const OrgaItem  *item);
/* NULL when none. The path is the GResource path of the file (for a
 * bank from a directory, the file's path in its "files" folder). */
const char     *orga_item_get_image_path        (const OrgaItem  *item);
const char     *orga_item_get_image_alt         (const OrgaItem  *item);
const char     *orga_item_get_attachment_path   (const OrgaItem  *item);
const char     *orga_item_get_attachment_label  (const OrgaItem  *item);

/* Whether @value answers @item rightly. @value as a form sends it:
 * single "2"; multiple "0,2" (any order, no repeat); short the text.
 * A value that does not parse is wrong, never an error. */
gboolean        orga_item_check_answer          (const OrgaItem  *item,
                                                 const char      *value);
char           *orga_item_normalize_short_answer (const char     *text);

G_END_DECLS
