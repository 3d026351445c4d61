/* orga-i18n.c: where the translations are, and French by default
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <locale.h>
#include <string.h>

#include "orga-i18n.h"

/**
 * orga_i18n_init:
 * @prefer_french: speak French unless the environment explicitly asks for
 *   another language (the command-line tool's contract)
 *
 * PIXORGA_LOCALEDIR points at a build tree's catalogues so that the program
 * runs translated before it is installed. Output is always UTF-8: names
 * have accents whatever the terminal's locale says.
 */
void
orga_i18n_init (gboolean prefer_french)
{
  const char *localedir = g_getenv ("PIXORGA_LOCALEDIR");
  const char *messages;

  setlocale (LC_ALL, "");

  /* gettext ignores LANGUAGE under the C locale, and a locale that is not
   * generated on this machine falls back to C: C.UTF-8 is always there. */
  if (!g_get_charset (NULL))
    setlocale (LC_CTYPE, "C.UTF-8");

  messages = setlocale (LC_MESSAGES, NULL);
  if (messages == NULL || g_str_equal (messages, "C") || g_str_equal (messages, "POSIX"))
    setlocale (LC_MESSAGES, "C.UTF-8");

  if (g_getenv ("LANGUAGE") == NULL)
    {
      const char *lang = g_getenv ("LC_ALL");
      g_autofree char *language = NULL;

      if (lang == NULL || *lang == '\0')
        lang = g_getenv ("LC_MESSAGES");
      if (lang == NULL || *lang == '\0')
        lang = g_getenv ("LANG");

      if (lang == NULL || *lang == '\0' || g_str_has_prefix (lang, "C") || g_str_has_prefix (lang, "POSIX"))
        language = prefer_french ? g_strdup ("fr") : NULL;
      else
        language = g_strndup (lang, strcspn (lang, ".@"));

      if (language != NULL)
        g_setenv ("LANGUAGE", language, TRUE);
    }

  bindtextdomain (GETTEXT_PACKAGE, localedir != NULL ? localedir : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
}
