/* test-identity.c: who is acting, by one rule, wherever it is asked
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "orga-context.h"
#include "orga-identity.h"
#include "orga-store.h"
#include "orga-test-util.h"

static void
test_rule (void)
{
  /* A full name names the person. */
  g_assert_cmpstr (orga_identity_choose_display_name ("Marie Curie", "mcurie"), ==, "Marie Curie");
  /* No full name: GLib's "Unknown", an empty or blank GECOS field. */
  g_assert_cmpstr (orga_identity_choose_display_name ("Unknown", "mcurie"), ==, "mcurie");
  g_assert_cmpstr (orga_identity_choose_display_name ("", "mcurie"), ==, "mcurie");
  g_assert_cmpstr (orga_identity_choose_display_name ("  ", "mcurie"), ==, "mcurie");
  g_assert_cmpstr (orga_identity_choose_display_name (NULL, "mcurie"), ==, "mcurie");
  /* A name that merely contains the word is a name. */
  g_assert_cmpstr (orga_identity_choose_display_name ("Unknown Soldier", "x"), ==, "Unknown Soldier");
  /* Never empty. */
  g_assert_cmpstr (orga_identity_choose_display_name ("", ""), ==, "Unknown");
  g_assert_cmpstr (orga_identity_choose_display_name (NULL, NULL), ==, "Unknown");
}

static void
test_this_account (void)
{
  g_autofree char *name = orga_identity_dup_display_name ();
  g_autofree char *stripped = g_strstrip (g_strdup (name));

  g_assert_cmpstr (stripped, !=, "");
  g_assert_cmpstr (name, ==, orga_identity_choose_display_name (g_get_real_name (), g_get_user_name ()));
}

/* The app asks its context; it must answer as the rest of the core. */
static void
test_context (void)
{
  g_autofree char *path = orga_test_new_db_path ();
  g_autoptr(GError) error = NULL;
  g_autoptr(OrgaStore) store = orga_store_open (path, &error);
  g_autoptr(OrgaContext) context = NULL;
  g_autofree char *expected = orga_identity_dup_display_name ();
  g_autofree char *name = NULL;
  g_autofree char *no_context = NULL;

  g_assert_no_error (error);
  context = orga_context_new (store, NULL);
  name = orga_context_dup_user_name (context);
  no_context = orga_context_dup_user_name (NULL);
  g_assert_cmpstr (name, ==, expected);
  g_assert_cmpstr (no_context, ==, expected);
  g_assert_true (orga_context_get_store (context) == store);
  g_assert_null (orga_context_get_settings (context));
}

/* The store records who imported: a name given is kept, no name or a
 * blank one is the person at this computer (it wrote "" before). */
static void
test_store_fallback (void)
{
  g_autofree char *path = orga_test_new_school_db ("0330001A", ORGA_ORGANIZATION_KIND_SCO);
  g_autoptr(GError) error = NULL;
  g_autoptr(OrgaStore) store = orga_store_open (path, &error);
  g_autoptr(OrgaOrganization) organization = NULL;
  g_autoptr(GPtrArray) records = NULL;
  g_autofree char *me = orga_identity_dup_display_name ();
  const char *given[] = { "Mme Martin", NULL, "", " ", "Unknown" };

  g_assert_no_error (error);
  organization = orga_store_get_organization (store, &error);
  g_assert_no_error (error);

  for (guint i = 0; i < G_N_ELEMENTS (given); i++)
    {
      g_autoptr(OrgaLearnerSet) set = orga_learner_set_new ();
      g_autoptr(OrgaImportReport) report = NULL;

      orga_learner_set_add_error (set, ORGA_IMPORT_CODE_EMPTY, 0, NULL, NULL, "%s", "Vide.");
      report = orga_import_report_new ("eleves.xml", set);
      orga_import_report_set_status (report, ORGA_IMPORT_STATUS_REJECTED);
      g_assert_true (orga_store_record_rejected_import (store, organization, report, given[i], &error));
      g_assert_no_error (error);
    }

  records = orga_store_list_imports (store, organization, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (records->len, ==, G_N_ELEMENTS (given));
  /* Newest first. */
  for (guint i = 0; i < records->len; i++)
    {
      const OrgaImportRecord *r = g_ptr_array_index (records, records->len - 1 - i);

      g_assert_cmpstr (r->created_by, ==, i == 0 ? "Mme Martin" : me);
    }
}

int
main (int    argc,
      char **argv)
{
  orga_test_init (&argc, &argv);

  g_test_add_func ("/identity/rule", test_rule);
  g_test_add_func ("/identity/this-account", test_this_account);
  g_test_add_func ("/identity/context", test_context);
  g_test_add_func ("/identity/store-fallback", test_store_fallback);

  return g_test_run ();
}
