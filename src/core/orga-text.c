/* orga-text.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "orga-text.h"

static void
append_folded_char (GString  *out,
                    gunichar  ch)
{
  gunichar decomposed[8];
  gsize n;

  /* Ligatures are spelt out, as French sorts them. */
  switch (ch)
    {
    case 0x0152: case 0x0153: g_string_append (out, "oe"); return;   /* Œ œ */
    case 0x00C6: case 0x00E6: g_string_append (out, "ae"); return;   /* Æ æ */
    case 0x00DF: g_string_append (out, "ss"); return;                /* ß */
    default: break;
    }

  n = g_unichar_fully_decompose (ch, FALSE, decomposed, G_N_ELEMENTS (decomposed));
  for (gsize i = 0; i < n; i++)
    {
      if (g_unichar_ismark (decomposed[i]))
        continue;
      g_string_append_unichar (out, g_unichar_tolower (decomposed[i]));
    }
}

void
orga_text_append_fold (GString    *out,
                       const char *text)
{
  gboolean space = out->len == 0;

  if (text == NULL)
    return;

  for (const char *c = text; *c; )
    {
      guchar b = *c;

      if (b < 0x80)
        {
          /* Fast path: names in SIECLE are mostly plain upper-case ASCII. */
          if (g_ascii_isspace (b))
            {
              if (!space)
                g_string_append_c (out, ' ');
              space = TRUE;
            }
          else
            {
              g_string_append_c (out, g_ascii_tolower (b));
              space = FALSE;
            }
          c++;
          continue;
        }

      {
        gunichar ch = g_utf8_get_char_validated (c, -1);

        /* Invalid UTF-8 cannot reach here from the importers; skip a byte
         * rather than trust it. */
        if (ch >= 0x110000)
          {
            c++;
            continue;
          }
        append_folded_char (out, ch);
      }
      space = FALSE;
      c = g_utf8_next_char (c);
    }
}

char *
orga_text_fold (const char *text)
{
  GString *out = g_string_new (NULL);

  orga_text_append_fold (out, text);
  if (out->len > 0 && out->str[out->len - 1] == ' ')
    g_string_truncate (out, out->len - 1);

  return g_string_free (out, FALSE);
}
