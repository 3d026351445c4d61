/* orga-student-rules.h: the rules of students' accounts and attempts
 *
 * Spec: orga-domain.md §2.5 (usernames, one-time passwords), §4.2
 * (multiple sendings), and reconciliation (§1.1: first name, last name,
 * birth date against the imported students).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* One name as §2.5 normalises it: trimmed, lower case, accents removed
 * (NFD), whitespace removed, every character outside [a-z0-9] removed.
 * Ligatures are spelt out first (œ → oe, æ → ae, ß → ss, as
 * orga_text_fold does): "Lætitia" gives "laetitia", where Pix would
 * drop the letter. Never NULL; "" when nothing is left. */
char     *orga_username_normalize_name   (const char  *name);
/* "jeanedouard.legall0703" for Jean-Édouard Le Gall born 2010-03-07
 * (@birthdate "YYYY-MM-DD"); NULL when a part is empty or the date is
 * not one. */
char     *orga_username_generate         (const char  *first_name,
                                          const char  *last_name,
                                          const char  *birthdate);
/* §2.5 collision rule: the DDMM suffix replaced with 4 random digits
 * from @rand until @is_taken (called with each candidate) says it is
 * free. NULL when @is_taken refuses 10,000 candidates in a row (the
 * DDMM one included), or as orga_username_generate. @rand NULL: the
 * system's cryptographic source. */
typedef gboolean (*OrgaUsernameTakenFunc) (const char *username,
                                           gpointer    user_data);
char     *orga_username_generate_free    (const char            *first_name,
                                          const char            *last_name,
                                          const char            *birthdate,
                                          OrgaUsernameTakenFunc  is_taken,
                                          gpointer               user_data,
                                          GRand                 *rand);
/* Whether @text has the shape of a generated username. */
gboolean  orga_username_is_valid         (const char  *text);

/* §2.5: 6 letters of "abcdefghjkmnpqrstuvwxyz" then 2 digits, "kbrxvt07".
 * @rand NULL: a cryptographic source (the server's). */
char     *orga_one_time_password_generate (GRand      *rand);
gboolean  orga_one_time_password_is_valid (const char *text);

/* Reconciliation: a learner matches when the birth dates are equal and
 * both the first and the last names match after the §2.5 normalisation,
 * allowing a Levenshtein distance of at most 25 % of the longer name;
 * the last name may match the preferred last name ("nom d'usage") and
 * the first name any of the first names (first, middle, third). */
typedef struct
{
  const char *first_name;
  const char *middle_name;      /* may be NULL */
  const char *third_name;       /* may be NULL */
  const char *last_name;
  const char *preferred_last_name; /* may be NULL */
  const char *birthdate;        /* "YYYY-MM-DD" */
} OrgaReconcileCandidate;

/* Edit distance between two byte strings (the normalised names are
 * ASCII). */
guint     orga_levenshtein_distance      (const char                   *a,
                                          const char                   *b);
gboolean  orga_reconcile_matches         (const OrgaReconcileCandidate *candidate,
                                          const char                   *first_name,
                                          const char                   *last_name,
                                          const char                   *birthdate);

/* §4.2: whether a new attempt may start after @previous. */
typedef enum
{
  ORGA_RETRY_ALLOWED,
  ORGA_RETRY_NO_MULTIPLE_SENDINGS,  /* the campaign does not allow it */
  ORGA_RETRY_NOT_SHARED,            /* the previous one is not sent yet */
  ORGA_RETRY_DELETED,               /* the previous one was deleted */
  ORGA_RETRY_LEARNER_DISABLED,
  ORGA_RETRY_CAMPAIGN_CLOSED,       /* archived or deleted */
  ORGA_RETRY_FULL_MASTERY,          /* assessment at 100 % */
  ORGA_RETRY_TOO_EARLY,             /* fewer than 4 days since sharing */
} OrgaRetryVerdict;

#define ORGA_RETRY_DELAY_DAYS 4

typedef struct
{
  gboolean multiple_sendings;
  gboolean campaign_closed;         /* archived or deleted */
  gboolean is_assessment;
  gboolean learner_active;
  gboolean previous_shared;
  gboolean previous_deleted;
  double   previous_mastery_rate;
  gint64   previous_shared_at;      /* Unix seconds */
} OrgaRetryFacts;

/* @remaining_seconds (nullable) gets the wait for TOO_EARLY, 0 otherwise. */
OrgaRetryVerdict orga_retry_check        (const OrgaRetryFacts *facts,
                                          gint64                now,
                                          gint64               *remaining_seconds);

G_END_DECLS
