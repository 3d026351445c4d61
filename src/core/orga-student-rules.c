/* orga-student-rules.c: usernames, one-time passwords, reconciliation,
 * retries (orga-domain.md §2.5, §4.2)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>
#ifdef __linux__
#include <sys/random.h>
#endif

#include "orga-student-rules.h"
#include "orga-text.h"

#define OTP_LETTERS "abcdefghjkmnpqrstuvwxyz"
#define OTP_N_LETTERS 6
#define OTP_N_DIGITS 2
#define USERNAME_MAX_CANDIDATES 10000
/* Generous: the longest French names stay far below; a longer text
 * cannot be a username we generated. */
#define USERNAME_MAX_LENGTH 256

/* ------------------------------------------------------------------ */
/* randomness                                                           */
/* ------------------------------------------------------------------ */

static void
fill_random_bytes (guint8 *buffer,
                   gsize   len)
{
  gsize done = 0;

#ifdef __linux__
  while (done < len)
    {
      ssize_t n = getrandom (buffer + done, len - done, 0);

      if (n < 0)
        {
          if (errno == EINTR)
            continue;
          break;   /* ENOSYS on an old kernel: /dev/urandom below */
        }
      done += (gsize) n;
    }
  if (done == len)
    return;
#endif

  {
    int fd = open ("/dev/urandom", O_RDONLY | O_CLOEXEC);

    if (fd < 0)
      g_error ("No source of secure random numbers: %s", g_strerror (errno));
    while (done < len)
      {
        ssize_t n = read (fd, buffer + done, len - done);

        if (n < 0 && errno == EINTR)
          continue;
        if (n <= 0)
          g_error ("No source of secure random numbers: %s",
                   n < 0 ? g_strerror (errno) : "end of file");
        done += (gsize) n;
      }
    close (fd);
  }
}

/* A uniform integer in [0, @n): from @rand, or from the system's
 * cryptographic source when @rand is NULL (rejection sampling, so no
 * value is likelier than another). Passwords must not be guessable from
 * a seed, hence no GRand there. */
static guint
random_below (GRand *rand,
              guint  n)
{
  guint32 limit;

  g_assert (n > 0);

  if (rand != NULL)
    return (guint) g_rand_int_range (rand, 0, (gint32) n);

  limit = G_MAXUINT32 - (G_MAXUINT32 % n);
  for (;;)
    {
      guint32 value;

      fill_random_bytes ((guint8 *) &value, sizeof value);
      if (value < limit)
        return value % n;
    }
}

/* ------------------------------------------------------------------ */
/* usernames                                                            */
/* ------------------------------------------------------------------ */

/* orga_text_fold already lowers, removes accents (NFD) and spells the
 * ligatures out (œ → oe, æ → ae, ß → ss, as a French reader writes
 * "Cœur" without the ligature; Pix drops them, which would turn
 * "Lætitia" into "ltitia"). What remains of §2.5 is keeping [a-z0-9]. */
char *
orga_username_normalize_name (const char *name)
{
  g_autofree char *folded = NULL;
  GString *out;

  if (name == NULL)
    return g_strdup ("");

  folded = orga_text_fold (name);
  out = g_string_sized_new (strlen (folded));
  for (const char *c = folded; *c; c++)
    if ((*c >= 'a' && *c <= 'z') || (*c >= '0' && *c <= '9'))
      g_string_append_c (out, *c);

  return g_string_free (out, FALSE);
}

/* "YYYY-MM-DD", a real date, exactly: day and month out. */
static gboolean
parse_birthdate (const char *text,
                 guint      *day,
                 guint      *month)
{
  guint year;

  if (text == NULL || strlen (text) != 10 || text[4] != '-' || text[7] != '-')
    return FALSE;
  for (guint i = 0; i < 10; i++)
    if (i != 4 && i != 7 && !g_ascii_isdigit (text[i]))
      return FALSE;

  year = (guint) g_ascii_strtoull (text, NULL, 10);
  *month = (guint) g_ascii_strtoull (text + 5, NULL, 10);
  *day = (guint) g_ascii_strtoull (text + 8, NULL, 10);

  return year >= 1 && g_date_valid_dmy ((GDateDay) *day, (GDateMonth) *month, (GDateYear) year);
}

/* "jeanedouard.legall": NULL when a name normalises to nothing. */
static char *
username_stem (const char *first_name,
               const char *last_name)
{
  g_autofree char *first = orga_username_normalize_name (first_name);
  g_autofree char *last = orga_username_normalize_name (last_name);

  if (*first == '\0' || *last == '\0')
    return NULL;

  return g_strconcat (first, ".", last, NULL);
}

char *
orga_username_generate (const char *first_name,
                        const char *last_name,
                        const char *birthdate)
{
  g_autofree char *stem = username_stem (first_name, last_name);
  guint day, month;

  if (stem == NULL || !parse_birthdate (birthdate, &day, &month))
    return NULL;

  return g_strdup_printf ("%s%02u%02u", stem, day, month);
}

char *
orga_username_generate_free (const char            *first_name,
                             const char            *last_name,
                             const char            *birthdate,
                             OrgaUsernameTakenFunc  is_taken,
                             gpointer               user_data,
                             GRand                 *rand)
{
  g_autofree char *stem = username_stem (first_name, last_name);
  char *candidate;
  guint day, month;

  g_return_val_if_fail (is_taken != NULL, NULL);

  if (stem == NULL || !parse_birthdate (birthdate, &day, &month))
    return NULL;

  candidate = g_strdup_printf ("%s%02u%02u", stem, day, month);
  /* The first candidate counts among the 10,000: a full namespace
   * (10,000 suffixes) then ends in NULL instead of looping forever. */
  for (guint tries = 1; is_taken (candidate, user_data); tries++)
    {
      g_free (candidate);
      if (tries >= USERNAME_MAX_CANDIDATES)
        return NULL;
      candidate = g_strdup_printf ("%s%04u", stem, random_below (rand, 10000));
    }

  return candidate;
}

/* [a-z0-9]+ "." [a-z0-9]+ then 4 digits. */
gboolean
orga_username_is_valid (const char *text)
{
  const char *dot;
  gsize len, first_len, rest_len;

  if (text == NULL)
    return FALSE;

  len = strlen (text);
  if (len > USERNAME_MAX_LENGTH)
    return FALSE;

  dot = strchr (text, '.');
  if (dot == NULL)
    return FALSE;

  first_len = (gsize) (dot - text);
  rest_len = len - first_len - 1;
  if (first_len == 0 || rest_len < 5)
    return FALSE;

  for (gsize i = 0; i < len; i++)
    {
      char c = text[i];

      if (i == first_len)
        continue;
      if (i >= len - 4)
        {
          if (!g_ascii_isdigit (c))
            return FALSE;
        }
      else if (!((c >= 'a' && c <= 'z') || g_ascii_isdigit (c)))
        return FALSE;
    }

  return TRUE;
}

/* ------------------------------------------------------------------ */
/* one-time passwords                                                   */
/* ------------------------------------------------------------------ */

char *
orga_one_time_password_generate (GRand *rand)
{
  char password[OTP_N_LETTERS + OTP_N_DIGITS + 1];

  for (guint i = 0; i < OTP_N_LETTERS; i++)
    password[i] = OTP_LETTERS[random_below (rand, strlen (OTP_LETTERS))];
  for (guint i = OTP_N_LETTERS; i < OTP_N_LETTERS + OTP_N_DIGITS; i++)
    password[i] = (char) ('0' + random_below (rand, 10));
  password[OTP_N_LETTERS + OTP_N_DIGITS] = '\0';

  return g_strdup (password);
}

gboolean
orga_one_time_password_is_valid (const char *text)
{
  if (text == NULL || strlen (text) != OTP_N_LETTERS + OTP_N_DIGITS)
    return FALSE;

  for (guint i = 0; i < OTP_N_LETTERS; i++)
    if (text[i] == '\0' || strchr (OTP_LETTERS, text[i]) == NULL)
      return FALSE;
  for (guint i = OTP_N_LETTERS; i < OTP_N_LETTERS + OTP_N_DIGITS; i++)
    if (!g_ascii_isdigit (text[i]))
      return FALSE;

  return TRUE;
}

/* ------------------------------------------------------------------ */
/* reconciliation                                                       */
/* ------------------------------------------------------------------ */

guint
orga_levenshtein_distance (const char *a,
                           const char *b)
{
  g_autofree guint *row = NULL;
  gsize len_a, len_b;

  g_return_val_if_fail (a != NULL && b != NULL, G_MAXUINT);

  len_a = strlen (a);
  len_b = strlen (b);
  if (len_a == 0)
    return (guint) len_b;
  if (len_b == 0)
    return (guint) len_a;

  /* One row of the matrix: row[j] is the distance between the first i
   * characters of @a and the first j of @b. */
  row = g_new (guint, len_b + 1);
  for (gsize j = 0; j <= len_b; j++)
    row[j] = (guint) j;

  for (gsize i = 1; i <= len_a; i++)
    {
      guint diagonal = row[0];

      row[0] = (guint) i;
      for (gsize j = 1; j <= len_b; j++)
        {
          guint above = row[j];
          guint cost = a[i - 1] == b[j - 1] ? 0 : 1;

          row[j] = MIN (MIN (row[j - 1] + 1, above + 1), diagonal + cost);
          diagonal = above;
        }
    }

  return row[len_b];
}

/* Both normalised (§2.5) and not empty, at most 25 % of the longer one
 * apart: "Lefevre" typed for "Lefèvre" matches, "Martin" for "Martine"
 * (1 of 7) too, "Léa" for "Léo" (1 of 3) does not. Compared in whole
 * numbers: 4 × distance ≤ length. */
static gboolean
name_matches (const char *typed,
              const char *reference)
{
  g_autofree char *a = NULL;
  g_autofree char *b = NULL;
  gsize longer;

  if (typed == NULL || reference == NULL)
    return FALSE;

  a = orga_username_normalize_name (typed);
  b = orga_username_normalize_name (reference);
  if (*a == '\0' || *b == '\0')
    return FALSE;

  longer = MAX (strlen (a), strlen (b));

  return 4 * (gsize) orga_levenshtein_distance (a, b) <= longer;
}

gboolean
orga_reconcile_matches (const OrgaReconcileCandidate *candidate,
                        const char                   *first_name,
                        const char                   *last_name,
                        const char                   *birthdate)
{
  guint day, month;

  g_return_val_if_fail (candidate != NULL, FALSE);

  /* Both must be real dates: two malformed texts being equal proves
   * nothing about the student. */
  if (!parse_birthdate (birthdate, &day, &month) ||
      !parse_birthdate (candidate->birthdate, &day, &month) ||
      !g_str_equal (birthdate, candidate->birthdate))
    return FALSE;

  if (!name_matches (last_name, candidate->last_name) &&
      !name_matches (last_name, candidate->preferred_last_name))
    return FALSE;

  return name_matches (first_name, candidate->first_name) ||
         name_matches (first_name, candidate->middle_name) ||
         name_matches (first_name, candidate->third_name);
}

/* ------------------------------------------------------------------ */
/* retries                                                              */
/* ------------------------------------------------------------------ */

/* The checks in the order of the verdicts, so that one situation always
 * gives the same reason. */
OrgaRetryVerdict
orga_retry_check (const OrgaRetryFacts *facts,
                  gint64                now,
                  gint64               *remaining_seconds)
{
  const gint64 delay = (gint64) ORGA_RETRY_DELAY_DAYS * 24 * 60 * 60;

  if (remaining_seconds != NULL)
    *remaining_seconds = 0;

  g_return_val_if_fail (facts != NULL, ORGA_RETRY_NO_MULTIPLE_SENDINGS);

  if (!facts->multiple_sendings)
    return ORGA_RETRY_NO_MULTIPLE_SENDINGS;
  if (!facts->previous_shared)
    return ORGA_RETRY_NOT_SHARED;
  if (facts->previous_deleted)
    return ORGA_RETRY_DELETED;
  if (!facts->learner_active)
    return ORGA_RETRY_LEARNER_DISABLED;
  if (facts->campaign_closed)
    return ORGA_RETRY_CAMPAIGN_CLOSED;
  if (facts->is_assessment && facts->previous_mastery_rate >= 1.0)
    return ORGA_RETRY_FULL_MASTERY;

  /* Written as a difference: shared_at + delay could overflow on a
   * corrupt date far in the future. */
  if (now - facts->previous_shared_at < delay)
    {
      if (remaining_seconds != NULL)
        *remaining_seconds = delay - (now - facts->previous_shared_at);
      return ORGA_RETRY_TOO_EARLY;
    }

  return ORGA_RETRY_ALLOWED;
}
