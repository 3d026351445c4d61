/* item-bank-bundled.c: the bundled item bank covers the catalogue
 *
 * Loads the bank compiled into the core and runs orga_item_bank_check():
 * every item well formed, at least 2 items for every skill that a
 * profile of the catalogue targets. Prints each problem (the missing
 * skills first of all) and fails if there is any.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdio.h>

#include "orga-item-bank.h"

int
main (void)
{
  OrgaItemBank *bank = orga_item_bank_get_default ();
  g_autoptr(GError) error = NULL;

  if (!orga_item_bank_check (bank, &error))
    {
      fprintf (stderr, "%s\n", error->message);
      return 1;
    }

  printf ("The bundled item bank is complete: %u items.\n", orga_item_bank_get_n_items (bank));
  return 0;
}
