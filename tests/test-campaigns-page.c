/* test-campaigns-page.c: the "Campagnes" page and the campaign form, driven
 * through their widgets and actions as a head would, on a real database
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <string.h>

#include "orga-campaign-form.h"
#include "orga-campaign-page.h"
#include "orga-campaigns-page.h"
#include "orga-context.h"
#include "orga-demo.h"
#include "orga-i18n.h"
#include "orga-importer.h"
#include "orga-profile-picker.h"
#include "orga-store-campaigns.h"
#include "orga-ui-test-util.h"

#define UAI "0330001A"
#define COLLEAGUE "Marie Curie"
#define CODE_PATTERN "^[A-HJ-NP-Z]{6}[1-9]{3}$"

static char *temp_dir;

typedef struct
{
  char              *db_path;
  OrgaStore         *store;
  OrgaOrganization  *organization;
  OrgaContext       *context;
  GtkWindow         *window;
  OrgaCampaignsPage *page;
  char              *user;
} Fixture;

/* ------------------------------------------------------------------------
 * Helpers
 * ------------------------------------------------------------------------ */

static gpointer
page_child (Fixture    *fixture,
            const char *name)
{
  GObject *object = gtk_widget_get_template_child (GTK_WIDGET (fixture->page), ORGA_TYPE_CAMPAIGNS_PAGE, name);

  g_assert_nonnull (object);
  return object;
}

/* Built when a campaign is first opened. */
static OrgaCampaignPage *
campaign_page (Fixture *fixture)
{
  GtkWidget *page = adw_bin_get_child (page_child (fixture, "campaign_slot"));

  g_assert_true (ORGA_IS_CAMPAIGN_PAGE (page));
  return ORGA_CAMPAIGN_PAGE (page);
}

static gpointer
form_child (OrgaCampaignForm *form,
            const char       *name)
{
  GObject *object = gtk_widget_get_template_child (GTK_WIDGET (form), ORGA_TYPE_CAMPAIGN_FORM, name);

  g_assert_nonnull (object);
  return object;
}

static GListModel *
model (Fixture *fixture)
{
  return G_LIST_MODEL (gtk_column_view_get_model (page_child (fixture, "column_view")));
}

static guint
n_shown (Fixture *fixture)
{
  return g_list_model_get_n_items (model (fixture));
}

static OrgaCampaign *
shown_at (Fixture *fixture,
          guint    position)
{
  OrgaCampaign *campaign = g_list_model_get_item (model (fixture), position);

  g_assert_true (ORGA_IS_CAMPAIGN (campaign));
  return campaign;
}

static const char *
visible_child (Fixture    *fixture,
               const char *stack)
{
  return gtk_stack_get_visible_child_name (page_child (fixture, stack));
}

static OrgaCampaignForm *
open_form (Fixture    *fixture,
           const char *action)
{
  OrgaCampaignForm *form;

  g_assert_null (orga_ui_test_find_toplevel (ORGA_TYPE_CAMPAIGN_FORM));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->page), action, NULL));
  orga_ui_test_spin (20);

  form = ORGA_CAMPAIGN_FORM (orga_ui_test_find_toplevel (ORGA_TYPE_CAMPAIGN_FORM));
  g_assert_nonnull (form);
  return form;
}

static void
set_entry (OrgaCampaignForm *form,
           const char       *row,
           const char       *text)
{
  gtk_editable_set_text (GTK_EDITABLE (form_child (form, row)), text);
}

static const char *
entry_text (OrgaCampaignForm *form,
            const char       *row)
{
  return gtk_editable_get_text (GTK_EDITABLE (form_child (form, row)));
}

/* Clicks the row of the profile named @name in the form's picker. */
static void
pick_profile (OrgaCampaignForm *form,
              const char       *name)
{
  OrgaProfilePicker *picker = form_child (form, "profile_picker");
  GtkWidget *list_box = (GtkWidget *) gtk_widget_get_template_child (GTK_WIDGET (picker), ORGA_TYPE_PROFILE_PICKER, "list_box");

  for (GtkWidget *row = gtk_widget_get_first_child (list_box); row != NULL; row = gtk_widget_get_next_sibling (row))
    if (ADW_IS_ACTION_ROW (row) &&
        g_strcmp0 (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)), name) == 0)
      {
        adw_action_row_activate (ADW_ACTION_ROW (row));
        orga_ui_test_spin (10);
        return;
      }

  g_error ("No profile named %s in the picker", name);
}

static gboolean
error_shown (OrgaCampaignForm *form,
             const char       *label)
{
  return gtk_widget_get_visible (form_child (form, label));
}

static const char *
error_text (OrgaCampaignForm *form,
            const char       *label)
{
  g_assert_true (error_shown (form, label));
  return gtk_label_get_label (form_child (form, label));
}

static gboolean
save (OrgaCampaignForm *form)
{
  gboolean saved;

  /* What "Créer la campagne" does. */
  g_object_ref (form);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (form), "form.save", NULL));
  orga_ui_test_spin (20);
  saved = orga_ui_test_find_toplevel (ORGA_TYPE_CAMPAIGN_FORM) == NULL;
  g_object_unref (form);

  return saved;
}

static guint
count_campaigns (Fixture  *fixture,
                 gboolean  archived)
{
  OrgaCampaignQuery query = { .archived = archived };
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) list = orga_store_list_campaigns (fixture->store, fixture->organization, &query, &error);

  g_assert_no_error (error);
  return list->len;
}

static OrgaCampaign *
add_campaign (Fixture          *fixture,
              const char       *name,
              OrgaCampaignType  type,
              const char       *profile,
              const char       *owner)
{
  OrgaCampaignSpec spec = {
    .name = name,
    .type = type,
    .target_profile_id = profile,
    .owner = owner,
    .creator = owner,
    .title = type == ORGA_CAMPAIGN_TYPE_ASSESSMENT ? "Ton niveau en numérique" : NULL,
    .landing_text = "Bienvenue !\nPrends ton temps.",
    .external_id_type = ORGA_EXTERNAL_ID_STRING,
    .external_id_label = "Numéro de l’élève",
    .multiple_sendings = TRUE,
  };
  g_autoptr(GError) error = NULL;
  OrgaCampaign *campaign = orga_store_create_campaign (fixture->store, fixture->organization, &spec, &error);

  g_assert_no_error (error);
  /* Created on distinct microseconds: the list is newest first. */
  g_usleep (2000);
  return campaign;
}

static void
assert_code (const char *code)
{
  g_assert_nonnull (code);
  if (!g_regex_match_simple (CODE_PATTERN, code, 0, 0))
    g_error ("“%s” is not a campaign code", code);
}

static const char *
last_toast (Fixture *fixture)
{
  return g_object_get_data (G_OBJECT (fixture->page), "last-toast");
}

/* The tick boxes of the rows on screen, by campaign name. */
static GtkCheckButton *
find_check (GtkWidget  *widget,
            const char *name)
{
  OrgaCampaign *campaign;

  if (GTK_IS_CHECK_BUTTON (widget) &&
      (campaign = g_object_get_data (G_OBJECT (widget), "campaign")) != NULL &&
      gtk_widget_get_mapped (widget) &&
      g_strcmp0 (orga_campaign_get_name (campaign), name) == 0)
    return GTK_CHECK_BUTTON (widget);

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL; child = gtk_widget_get_next_sibling (child))
    {
      GtkCheckButton *found = find_check (child, name);

      if (found != NULL)
        return found;
    }

  return NULL;
}

static void
set_search (Fixture    *fixture,
            const char *entry,
            const char *text)
{
  gtk_editable_set_text (GTK_EDITABLE (page_child (fixture, entry)), text);
  /* GtkSearchEntry waits 150 ms before "search-changed". */
  orga_ui_test_spin (400);
}

static void
show_campaign_named (Fixture    *fixture,
                     const char *name)
{
  guint n = n_shown (fixture);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(OrgaCampaign) campaign = shown_at (fixture, i);

      if (g_str_equal (orga_campaign_get_name (campaign), name))
        {
          /* As a click on the row does. */
          g_signal_emit_by_name (page_child (fixture, "column_view"), "activate", i);
          orga_ui_test_spin (20);
          g_assert_true (orga_campaigns_page_get_campaign (fixture->page) != NULL);
          g_assert_cmpstr (orga_campaign_get_name (orga_campaigns_page_get_campaign (fixture->page)), ==, name);
          return;
        }
    }

  g_error ("No campaign named %s in the list", name);
}

/* ------------------------------------------------------------------------
 * Fixture
 * ------------------------------------------------------------------------ */

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  static guint counter;
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  g_autoptr(GError) error = NULL;
  g_autofree char *name = g_strdup_printf ("test-%u.db", ++counter);

  fixture->db_path = g_build_filename (temp_dir, name, NULL);
  fixture->store = orga_store_open (fixture->db_path, &error);
  g_assert_no_error (error);
  fixture->organization = orga_store_create_organization (fixture->store, UAI, "Collège Jean Moulin",
                                                          ORGA_ORGANIZATION_KIND_SCO, &error);
  g_assert_no_error (error);

  fixture->context = orga_context_new (fixture->store, settings);
  orga_context_set_organization (fixture->context, fixture->organization);
  fixture->user = orga_context_dup_user_name (fixture->context);
  g_assert_cmpstr (fixture->user, !=, COLLEAGUE);

  fixture->page = g_object_new (ORGA_TYPE_CAMPAIGNS_PAGE, "context", fixture->context, NULL);
  g_object_add_weak_pointer (G_OBJECT (fixture->page), (gpointer *)&fixture->page);

  fixture->window = orga_ui_test_present (GTK_WIDGET (fixture->page), 1100, 700);
  orga_ui_test_spin (50);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  /* Dialogs a test left open. */
  orga_ui_test_close_dialogs (fixture->window);

  gtk_window_destroy (fixture->window);
  orga_ui_test_spin (50);

  /* Nothing keeps the page, its list or the context alive. */
  g_assert_null (fixture->page);
  g_assert_finalize_object (fixture->context);
  g_clear_object (&fixture->organization);
  g_assert_finalize_object (fixture->store);

  g_unlink (fixture->db_path);
  g_clear_pointer (&fixture->db_path, g_free);
  g_clear_pointer (&fixture->user, g_free);
}

/* ------------------------------------------------------------------------
 * Tests
 * ------------------------------------------------------------------------ */

static void
test_empty (Fixture       *fixture,
            gconstpointer  data)
{
  GtkWidget *page = GTK_WIDGET (fixture->page);

  /* No campaign at all: the first-time state and its create button. */
  g_assert_cmpstr (visible_child (fixture, "content_stack"), ==, "empty");
  g_assert_true (gtk_widget_is_sensitive (page_child (fixture, "empty_create_button")));
  g_assert_cmpuint (n_shown (fixture), ==, 0);

  /* Without a school there is nothing to create a campaign in. */
  orga_context_set_organization (fixture->context, NULL);
  orga_ui_test_spin (10);
  g_assert_false (gtk_widget_is_sensitive (page_child (fixture, "empty_create_button")));
  g_assert_false (gtk_widget_activate_action (page, "campaigns.create", NULL) &&
                  orga_ui_test_find_toplevel (ORGA_TYPE_CAMPAIGN_FORM) != NULL);

  orga_context_set_organization (fixture->context, fixture->organization);
  orga_ui_test_spin (10);
  g_assert_true (gtk_widget_is_sensitive (page_child (fixture, "empty_create_button")));

  /* A colleague's campaign: the list, but "Mes campagnes" is empty and
   * says where to look. */
  g_object_unref (add_campaign (fixture, "Rentrée 6e", ORGA_CAMPAIGN_TYPE_ASSESSMENT, "rentree-6e", COLLEAGUE));
  orga_campaigns_page_reload (fixture->page);
  g_assert_cmpstr (visible_child (fixture, "content_stack"), ==, "list");
  g_assert_cmpstr (visible_child (fixture, "results_stack"), ==, "no-results");
  g_assert_cmpstr (gtk_actionable_get_action_name (page_child (fixture, "no_results_button")), ==,
                   "campaigns.show-all");
  g_assert_true (gtk_widget_activate_action (page, "campaigns.show-all", NULL));
  g_assert_cmpuint (n_shown (fixture), ==, 1);
  g_assert_cmpstr (visible_child (fixture, "results_stack"), ==, "list");
}

static void
test_create (Fixture       *fixture,
             gconstpointer  data)
{
  OrgaCampaignForm *form = open_form (fixture, "campaigns.create");
  g_autoptr(OrgaCampaign) row = NULL;
  g_autoptr(OrgaCampaign) stored = NULL;
  g_autoptr(GError) error = NULL;
  OrgaCampaign *shown;
  g_autofree char *toast = NULL;

  /* "Création d'une campagne", the owner is the user by default. */
  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (form)), ==, _("Create a Campaign"));
  g_assert_cmpstr (entry_text (form, "owner_row"), ==, fixture->user);
  g_assert_true (gtk_widget_get_visible (form_child (form, "profile_group")));
  g_assert_true (gtk_widget_get_visible (form_child (form, "title_group")));
  g_assert_cmpstr (gtk_label_get_label (form_child (form, "title_counter")), ==, "0 / 50");

  set_entry (form, "name_row", "  Rentrée 6e – 6A  ");
  pick_profile (form, "Parcours de rentrée 6e");
  g_assert_cmpstr (orga_profile_picker_get_profile_id (form_child (form, "profile_picker")), ==, "rentree-6e");
  set_entry (form, "title_row", "Ton niveau en numérique");
  g_assert_cmpstr (gtk_label_get_label (form_child (form, "title_counter")), ==, "23 / 50");
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (form_child (form, "landing_view")),
                            "Bienvenue en 6e !", -1);
  g_assert_cmpstr (gtk_label_get_label (form_child (form, "landing_counter")), ==, "17 / 5000");

  g_assert_true (save (form));

  /* The row, with a code of Pix's alphabet; the page of the new campaign
   * is open and the toast gives the code. */
  g_assert_cmpstr (visible_child (fixture, "content_stack"), ==, "list");
  g_assert_cmpuint (n_shown (fixture), ==, 1);
  row = shown_at (fixture, 0);
  assert_code (orga_campaign_get_code (row));
  g_assert_cmpstr (orga_campaign_get_name (row), ==, "Rentrée 6e – 6A");
  {
    g_autofree char *count = g_strdup_printf (ngettext ("%u campaign", "%u campaigns", 1), 1);

    g_assert_cmpstr (gtk_label_get_label (page_child (fixture, "count_label")), ==, count);
  }

  shown = orga_campaigns_page_get_campaign (fixture->page);
  g_assert_nonnull (shown);
  g_assert_cmpstr (orga_campaign_get_code (shown), ==, orga_campaign_get_code (row));
  g_assert_cmpstr (adw_leaflet_get_visible_child_name (page_child (fixture, "leaflet")), ==, "campaign");
  g_assert_true (orga_campaign_page_get_campaign (campaign_page (fixture)) == shown);
  toast = g_strdup_printf (_("The campaign was created. Its code is %s."), orga_campaign_get_code (row));
  g_assert_cmpstr (last_toast (fixture), ==, toast);

  /* What the store holds: every field as typed, trimmed. */
  stored = orga_store_find_campaign_by_code (fixture->store, fixture->organization,
                                             orga_campaign_get_code (row), &error);
  g_assert_no_error (error);
  g_assert_cmpint (orga_campaign_get_campaign_type (stored), ==, ORGA_CAMPAIGN_TYPE_ASSESSMENT);
  g_assert_cmpstr (orga_campaign_get_target_profile_id (stored), ==, "rentree-6e");
  g_assert_cmpstr (orga_campaign_get_owner (stored), ==, fixture->user);
  g_assert_cmpstr (orga_campaign_get_creator (stored), ==, fixture->user);
  g_assert_cmpstr (orga_campaign_get_title (stored), ==, "Ton niveau en numérique");
  g_assert_cmpstr (orga_campaign_get_landing_text (stored), ==, "Bienvenue en 6e !");
  g_assert_cmpint (orga_campaign_get_external_id_type (stored), ==, ORGA_EXTERNAL_ID_NONE);
  g_assert_null (orga_campaign_get_external_id_label (stored));
  g_assert_false (orga_campaign_get_multiple_sendings (stored));
  g_assert_false (orga_campaign_is_archived (stored));

  /* Back to the list. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->page), "campaigns.back", NULL));
  orga_ui_test_spin (400);
  g_assert_cmpstr (adw_leaflet_get_visible_child_name (page_child (fixture, "leaflet")), ==, "list");
  g_assert_null (orga_campaigns_page_get_campaign (fixture->page));
}

static void
test_external_id (Fixture       *fixture,
                  gconstpointer  data)
{
  OrgaCampaignForm *form = open_form (fixture, "campaigns.create");
  g_autoptr(OrgaCampaign) row = NULL;
  g_autofree char *long_label = g_strnfill (256, 'x');

  set_entry (form, "name_row", "Rentrée 2de");
  pick_profile (form, "Parcours de rentrée 2de");

  /* "Oui": the type and the label appear, with the GDPR warning. */
  g_assert_false (gtk_widget_get_visible (form_child (form, "external_label_row")));
  gtk_check_button_set_active (form_child (form, "external_yes"), TRUE);
  g_assert_true (gtk_widget_get_visible (form_child (form, "external_type_row")));
  g_assert_true (gtk_widget_get_visible (form_child (form, "external_label_row")));
  g_assert_true (gtk_widget_get_visible (form_child (form, "external_warning")));

  /* Neither type nor label: refused. */
  g_assert_false (save (form));
  g_assert_cmpstr (error_text (form, "external_error"), ==, _("Please choose the type of the identifier."));

  /* A type without a label, then a label of 256 characters: refused. */
  gtk_check_button_set_active (form_child (form, "external_email"), TRUE);
  g_assert_false (error_shown (form, "external_error"));
  g_assert_false (save (form));
  g_assert_true (error_shown (form, "external_error"));
  set_entry (form, "external_label_row", long_label);
  g_assert_false (save (form));
  g_assert_true (error_shown (form, "external_error"));
  g_assert_cmpuint (count_campaigns (fixture, FALSE), ==, 0);

  set_entry (form, "external_label_row", "Adresse e-mail académique");
  gtk_check_button_set_active (form_child (form, "multiple_yes"), TRUE);
  g_assert_true (save (form));

  row = shown_at (fixture, 0);
  g_assert_cmpint (orga_campaign_get_external_id_type (row), ==, ORGA_EXTERNAL_ID_EMAIL);
  g_assert_cmpstr (orga_campaign_get_external_id_label (row), ==, "Adresse e-mail académique");
  /* Multiple sendings for an assessment: MULTIPLE_SENDING_ASSESSMENT on. */
  g_assert_true (orga_campaign_get_multiple_sendings (row));
}

static void
test_validation (Fixture       *fixture,
                 gconstpointer  data)
{
  OrgaCampaignForm *form = open_form (fixture, "campaigns.create");
  g_autofree char *title51 = g_strnfill (51, 'a');
  g_autofree char *title50 = g_strnfill (50, 'b');
  g_autofree char *landing = g_strnfill (5001, 'c');
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (form_child (form, "landing_view"));
  GtkWidget *name_row = form_child (form, "name_row");

  /* Nothing typed, Enter in the name: the form is sent, Pix's message
   * shows under the name, which keeps the focus. */
  g_signal_emit_by_name (gtk_editable_get_delegate (GTK_EDITABLE (name_row)), "activate");
  orga_ui_test_spin (20);
  g_assert_nonnull (orga_ui_test_find_toplevel (ORGA_TYPE_CAMPAIGN_FORM));
  g_assert_true (error_shown (form, "name_error"));
  g_assert_false (save (form));
  g_assert_cmpstr (error_text (form, "name_error"), ==, _("Please give your campaign a name."));
  g_assert_true (gtk_widget_has_css_class (name_row, "error"));
  g_assert_true (gtk_widget_is_ancestor (gtk_root_get_focus (GTK_ROOT (form)), name_row));
  g_assert_cmpuint (count_campaigns (fixture, FALSE), ==, 0);

  /* Blank is empty. */
  set_entry (form, "name_row", "   ");
  g_assert_false (error_shown (form, "name_error"));
  g_assert_false (save (form));
  g_assert_true (error_shown (form, "name_error"));

  /* A name but no target profile. */
  set_entry (form, "name_row", "Rentrée 6e");
  set_entry (form, "title_row", title51);
  g_assert_false (save (form));
  g_assert_false (error_shown (form, "name_error"));
  g_assert_cmpstr (error_text (form, "profile_error"), ==, _("Please select a target profile for your campaign."));

  /* A title of 51 characters: refused, the counter in red. */
  pick_profile (form, "Parcours de rentrée 6e");
  g_assert_false (error_shown (form, "profile_error"));
  g_assert_cmpstr (gtk_label_get_label (form_child (form, "title_counter")), ==, "51 / 50");
  g_assert_true (gtk_widget_has_css_class (form_child (form, "title_counter"), "error"));
  g_assert_false (save (form));
  g_assert_true (error_shown (form, "title_error"));
  g_assert_true (gtk_widget_is_ancestor (gtk_root_get_focus (GTK_ROOT (form)), form_child (form, "title_row")));
  g_assert_cmpuint (count_campaigns (fixture, FALSE), ==, 0);

  /* Nothing typed was lost. */
  g_assert_cmpstr (entry_text (form, "name_row"), ==, "Rentrée 6e");
  g_assert_cmpstr (entry_text (form, "title_row"), ==, title51);
  g_assert_cmpstr (orga_profile_picker_get_profile_id (form_child (form, "profile_picker")), ==, "rentree-6e");

  /* 50 is the limit; then a landing text over 5,000. */
  set_entry (form, "title_row", title50);
  g_assert_false (gtk_widget_has_css_class (form_child (form, "title_counter"), "error"));
  gtk_text_buffer_set_text (buffer, landing, -1);
  g_assert_cmpstr (gtk_label_get_label (form_child (form, "landing_counter")), ==, "5001 / 5000");
  g_assert_false (save (form));
  g_assert_false (error_shown (form, "title_error"));
  g_assert_true (error_shown (form, "landing_error"));
  g_assert_cmpuint (count_campaigns (fixture, FALSE), ==, 0);

  /* No owner. */
  gtk_text_buffer_set_text (buffer, "", -1);
  set_entry (form, "owner_row", "");
  g_assert_false (save (form));
  g_assert_true (error_shown (form, "owner_error"));

  set_entry (form, "owner_row", COLLEAGUE);
  g_assert_true (save (form));
  g_assert_cmpuint (count_campaigns (fixture, FALSE), ==, 1);

  /* Owned by a colleague: not in "Mes campagnes", in "Toutes". */
  g_assert_cmpuint (n_shown (fixture), ==, 0);
  gtk_toggle_button_set_active (page_child (fixture, "all_button"), TRUE);
  g_assert_cmpuint (n_shown (fixture), ==, 1);

  /* "Annuler" creates nothing. */
  form = open_form (fixture, "campaigns.create");
  set_entry (form, "name_row", "Brouillon");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (form), "form.cancel", NULL));
  orga_ui_test_spin (20);
  g_assert_null (orga_ui_test_find_toplevel (ORGA_TYPE_CAMPAIGN_FORM));
  g_assert_cmpuint (count_campaigns (fixture, FALSE), ==, 1);
}

static void
test_profiles_collection (Fixture       *fixture,
                          gconstpointer  data)
{
  OrgaCampaignForm *form = open_form (fixture, "campaigns.create");
  g_autoptr(OrgaCampaign) row = NULL;
  g_autofree char *help = NULL;

  /* Chosen first as an assessment, then switched. */
  set_entry (form, "name_row", "Profils des 3e");
  pick_profile (form, "Parcours de rentrée 3e");
  set_entry (form, "title_row", "Un titre");
  /* A copy: the row frees its subtitle when the type changes it. */
  help = g_strdup (adw_action_row_get_subtitle (form_child (form, "multiple_row")));
  g_assert_nonnull (strstr (help, "4"));

  gtk_check_button_set_active (form_child (form, "profiles_check"), TRUE);
  g_assert_false (gtk_widget_get_visible (form_child (form, "profile_group")));
  g_assert_false (gtk_widget_get_visible (form_child (form, "title_group")));
  /* The help text is the profiles one. */
  g_assert_cmpstr (adw_action_row_get_subtitle (form_child (form, "multiple_row")), !=, help);

  /* Enter in the name sends the form, which goes away in the middle of
   * the key's handling. */
  g_signal_emit_by_name (gtk_editable_get_delegate (GTK_EDITABLE (form_child (form, "name_row"))), "activate");
  orga_ui_test_spin (20);
  g_assert_null (orga_ui_test_find_toplevel (ORGA_TYPE_CAMPAIGN_FORM));
  row = shown_at (fixture, 0);
  assert_code (orga_campaign_get_code (row));
  g_assert_cmpint (orga_campaign_get_campaign_type (row), ==, ORGA_CAMPAIGN_TYPE_PROFILES_COLLECTION);
  g_assert_null (orga_campaign_get_target_profile_id (row));
  g_assert_null (orga_campaign_get_target_profile (row));
  g_assert_null (orga_campaign_get_title (row));
}

static void
test_picker (void)
{
  g_autoptr(GtkWidget) picker = g_object_ref_sink (orga_profile_picker_new ());
  OrgaProfilePicker *self = ORGA_PROFILE_PICKER (picker);
  GtkDropDown *categories = GTK_DROP_DOWN (gtk_widget_get_template_child (picker, ORGA_TYPE_PROFILE_PICKER,
                                                                          "category_dropdown"));
  guint n = orga_target_profile_get_n_profiles ();
  guint back_to_school = 0;

  for (guint i = 0; i < n; i++)
    if (orga_target_profile_get_nth (i)->category == ORGA_PROFILE_CATEGORY_BACK_TO_SCHOOL)
      back_to_school++;
  g_assert_cmpuint (back_to_school, ==, 7);

  /* Every profile, then by category, then by name without accents. */
  g_assert_cmpuint (orga_profile_picker_get_n_visible (self), ==, n);
  gtk_drop_down_set_selected (categories, 1 + ORGA_PROFILE_CATEGORY_BACK_TO_SCHOOL);
  g_assert_cmpuint (orga_profile_picker_get_n_visible (self), ==, back_to_school);
  orga_profile_picker_set_search (self, "RENTREE 6");
  g_assert_cmpuint (orga_profile_picker_get_n_visible (self), ==, 1);
  orga_profile_picker_set_search (self, "6e rentrée");
  g_assert_cmpuint (orga_profile_picker_get_n_visible (self), ==, 1);
  gtk_drop_down_set_selected (categories, 1 + ORGA_PROFILE_CATEGORY_SUBJECT);
  g_assert_cmpuint (orga_profile_picker_get_n_visible (self), ==, 0);
  gtk_drop_down_set_selected (categories, 0);
  orga_profile_picker_set_search (self, "sécurité");
  g_assert_cmpuint (orga_profile_picker_get_n_visible (self), ==, 1);
  orga_profile_picker_set_search (self, NULL);
  g_assert_cmpuint (orga_profile_picker_get_n_visible (self), ==, n);

  /* One at a time; unknown ids choose nothing. */
  g_assert_null (orga_profile_picker_get_profile_id (self));
  orga_profile_picker_set_profile_id (self, "rentree-5e");
  g_assert_cmpstr (orga_profile_picker_get_profile_id (self), ==, "rentree-5e");
  g_assert_true (orga_profile_picker_get_profile (self) == orga_target_profile_find ("rentree-5e"));
  orga_profile_picker_set_profile_id (self, "16-competences");
  g_assert_cmpstr (orga_profile_picker_get_profile_id (self), ==, "16-competences");
  orga_profile_picker_set_profile_id (self, "no-such-profile");
  g_assert_null (orga_profile_picker_get_profile_id (self));
}

static void
test_tabs (Fixture       *fixture,
           gconstpointer  data)
{
  GtkColumnViewColumn *owner_column = page_child (fixture, "owner_column");

  g_object_unref (add_campaign (fixture, "Rentrée 6e", ORGA_CAMPAIGN_TYPE_ASSESSMENT, "rentree-6e", fixture->user));
  g_object_unref (add_campaign (fixture, "Rentrée 5e", ORGA_CAMPAIGN_TYPE_ASSESSMENT, "rentree-5e", COLLEAGUE));
  g_object_unref (add_campaign (fixture, "Profils 3e", ORGA_CAMPAIGN_TYPE_PROFILES_COLLECTION, NULL, fixture->user));
  orga_campaigns_page_reload (fixture->page);

  /* "Mes campagnes", newest first, without the owner column. */
  g_assert_true (gtk_toggle_button_get_active (page_child (fixture, "mine_button")));
  g_assert_cmpuint (n_shown (fixture), ==, 2);
  {
    g_autoptr(OrgaCampaign) first = shown_at (fixture, 0);
    g_autoptr(OrgaCampaign) second = shown_at (fixture, 1);

    g_assert_cmpstr (orga_campaign_get_name (first), ==, "Profils 3e");
    g_assert_cmpstr (orga_campaign_get_name (second), ==, "Rentrée 6e");
  }
  g_assert_false (gtk_column_view_column_get_visible (owner_column));

  /* "Toutes les campagnes": the colleague's too, and who owns them. */
  gtk_toggle_button_set_active (page_child (fixture, "all_button"), TRUE);
  g_assert_cmpuint (n_shown (fixture), ==, 3);
  g_assert_true (gtk_column_view_column_get_visible (owner_column));
  {
    g_autofree char *count = g_strdup_printf (ngettext ("%u campaign", "%u campaigns", 3), 3);

    g_assert_cmpstr (gtk_label_get_label (page_child (fixture, "count_label")), ==, count);
  }

  /* Sorted by name on a click of its header, then back. */
  gtk_column_view_sort_by_column (page_child (fixture, "column_view"), page_child (fixture, "name_column"),
                                  GTK_SORT_ASCENDING);
  {
    g_autoptr(OrgaCampaign) first = shown_at (fixture, 0);
    g_autoptr(OrgaCampaign) last = shown_at (fixture, 2);

    g_assert_cmpstr (orga_campaign_get_name (first), ==, "Profils 3e");
    g_assert_cmpstr (orga_campaign_get_name (last), ==, "Rentrée 6e");
  }
  gtk_column_view_sort_by_column (page_child (fixture, "column_view"), page_child (fixture, "owner_column"),
                                  GTK_SORT_ASCENDING);
  {
    g_autoptr(OrgaCampaign) first = shown_at (fixture, 0);

    g_assert_cmpstr (orga_campaign_get_owner (first), ==, COLLEAGUE);
  }

  gtk_toggle_button_set_active (page_child (fixture, "mine_button"), TRUE);
  g_assert_cmpuint (n_shown (fixture), ==, 2);
  g_assert_false (gtk_column_view_column_get_visible (owner_column));
}

static void
test_archived (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(OrgaCampaign) first = add_campaign (fixture, "Rentrée 6e", ORGA_CAMPAIGN_TYPE_ASSESSMENT, "rentree-6e", fixture->user);
  g_autoptr(OrgaCampaign) second = add_campaign (fixture, "Rentrée 5e", ORGA_CAMPAIGN_TYPE_ASSESSMENT, "rentree-5e", fixture->user);
  GtkWidget *page = GTK_WIDGET (fixture->page);
  OrgaCampaign *shown;

  orga_campaigns_page_reload (fixture->page);
  g_assert_cmpuint (n_shown (fixture), ==, 2);

  /* Archived from its page: out of "Actives", in "Archivées". */
  show_campaign_named (fixture, "Rentrée 6e");
  g_assert_false (gtk_widget_activate_action (page, "campaigns.unarchive", NULL) &&
                  orga_campaign_is_archived (orga_campaigns_page_get_campaign (fixture->page)));
  g_assert_true (gtk_widget_activate_action (page, "campaigns.archive", NULL));
  orga_ui_test_spin (10);
  shown = orga_campaigns_page_get_campaign (fixture->page);
  g_assert_true (orga_campaign_is_archived (shown));
  g_assert_cmpstr (orga_campaign_get_archived_by (shown), ==, fixture->user);
  g_assert_cmpstr (last_toast (fixture), ==, _("The campaign was archived."));
  g_assert_cmpuint (n_shown (fixture), ==, 1);
  g_assert_cmpuint (count_campaigns (fixture, TRUE), ==, 1);

  /* An archived campaign is not edited; it can be unarchived. */
  g_assert_false (gtk_widget_activate_action (page, "campaigns.edit", NULL) &&
                  orga_ui_test_find_toplevel (ORGA_TYPE_CAMPAIGN_FORM) != NULL);

  gtk_toggle_button_set_active (page_child (fixture, "archived_button"), TRUE);
  g_assert_cmpuint (n_shown (fixture), ==, 1);
  {
    g_autoptr(OrgaCampaign) archived = shown_at (fixture, 0);

    g_assert_cmpint (orga_campaign_get_id (archived), ==, orga_campaign_get_id (first));
  }

  g_assert_true (gtk_widget_activate_action (page, "campaigns.unarchive", NULL));
  orga_ui_test_spin (10);
  g_assert_false (orga_campaign_is_archived (orga_campaigns_page_get_campaign (fixture->page)));
  g_assert_cmpstr (last_toast (fixture), ==, _("The campaign was unarchived."));
  g_assert_cmpuint (n_shown (fixture), ==, 0);
  g_assert_cmpstr (visible_child (fixture, "results_stack"), ==, "no-results");

  /* "Effacer les filtres" goes back to the active ones. */
  g_assert_true (gtk_widget_activate_action (page, "campaigns.clear-filters", NULL));
  g_assert_true (gtk_toggle_button_get_active (page_child (fixture, "active_button")));
  g_assert_cmpuint (n_shown (fixture), ==, 2);
}

static void
test_search (Fixture       *fixture,
             gconstpointer  data)
{
  g_object_unref (add_campaign (fixture, "Rentrée 6e", ORGA_CAMPAIGN_TYPE_ASSESSMENT, "rentree-6e", fixture->user));
  g_object_unref (add_campaign (fixture, "Rentrée 5e", ORGA_CAMPAIGN_TYPE_ASSESSMENT, "rentree-5e", COLLEAGUE));
  g_object_unref (add_campaign (fixture, "Sécurité 4e", ORGA_CAMPAIGN_TYPE_ASSESSMENT, "protection-securite", COLLEAGUE));
  gtk_toggle_button_set_active (page_child (fixture, "all_button"), TRUE);
  g_assert_cmpuint (n_shown (fixture), ==, 3);

  /* By name, without accents or case. */
  set_search (fixture, "name_search", "RENTREE");
  g_assert_cmpuint (n_shown (fixture), ==, 2);
  g_assert_true (gtk_widget_is_sensitive (page_child (fixture, "clear_button")));

  /* And by owner. */
  set_search (fixture, "owner_search", "curie");
  g_assert_cmpuint (n_shown (fixture), ==, 1);
  {
    g_autoptr(OrgaCampaign) only = shown_at (fixture, 0);

    g_assert_cmpstr (orga_campaign_get_name (only), ==, "Rentrée 5e");
  }

  /* Nothing: the no-result state with its way out. */
  set_search (fixture, "name_search", "zzz");
  g_assert_cmpuint (n_shown (fixture), ==, 0);
  g_assert_cmpstr (visible_child (fixture, "results_stack"), ==, "no-results");
  g_assert_cmpstr (adw_status_page_get_title (page_child (fixture, "no_results_page")), ==,
                   _("No Matching Campaigns"));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->page), "campaigns.clear-filters", NULL));
  g_assert_cmpuint (n_shown (fixture), ==, 3);
  g_assert_cmpstr (gtk_editable_get_text (page_child (fixture, "owner_search")), ==, "");
  g_assert_false (gtk_widget_is_sensitive (page_child (fixture, "clear_button")));
}

static void
test_duplicate (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(OrgaCampaign) source = add_campaign (fixture, "Rentrée 6e", ORGA_CAMPAIGN_TYPE_ASSESSMENT, "rentree-6e", COLLEAGUE);
  g_autofree char *copy_name = g_strdup_printf (_("Copy of %s"), "Rentrée 6e");
  OrgaCampaignForm *form;
  OrgaCampaign *copy;

  gtk_toggle_button_set_active (page_child (fixture, "all_button"), TRUE);
  show_campaign_named (fixture, "Rentrée 6e");
  form = open_form (fixture, "campaigns.duplicate");

  /* Pre-filled from the campaign, "Copie de …", owned by who duplicates. */
  g_assert_cmpstr (entry_text (form, "name_row"), ==, copy_name);
  if (g_str_equal (_("Copy of %s"), "Copie de %s"))
    g_assert_true (g_str_has_prefix (entry_text (form, "name_row"), "Copie de "));
  g_assert_cmpstr (orga_profile_picker_get_profile_id (form_child (form, "profile_picker")), ==, "rentree-6e");
  g_assert_true (gtk_check_button_get_active (form_child (form, "assessment_check")));
  g_assert_cmpstr (entry_text (form, "title_row"), ==, "Ton niveau en numérique");
  g_assert_true (gtk_check_button_get_active (form_child (form, "external_yes")));
  g_assert_true (gtk_check_button_get_active (form_child (form, "external_string")));
  g_assert_cmpstr (entry_text (form, "external_label_row"), ==, "Numéro de l’élève");
  g_assert_true (gtk_check_button_get_active (form_child (form, "multiple_yes")));
  g_assert_cmpstr (entry_text (form, "owner_row"), ==, fixture->user);
  /* Everything can be changed: it is a new campaign. */
  g_assert_true (gtk_widget_is_sensitive (form_child (form, "profile_picker")));

  g_assert_true (save (form));

  copy = orga_campaigns_page_get_campaign (fixture->page);
  g_assert_nonnull (copy);
  g_assert_cmpint (orga_campaign_get_id (copy), !=, orga_campaign_get_id (source));
  g_assert_cmpstr (orga_campaign_get_name (copy), ==, copy_name);
  g_assert_cmpstr (orga_campaign_get_code (copy), !=, orga_campaign_get_code (source));
  assert_code (orga_campaign_get_code (copy));
  g_assert_cmpstr (orga_campaign_get_target_profile_id (copy), ==, "rentree-6e");
  g_assert_cmpstr (orga_campaign_get_landing_text (copy), ==, "Bienvenue !\nPrends ton temps.");
  g_assert_cmpint (orga_campaign_get_external_id_type (copy), ==, ORGA_EXTERNAL_ID_STRING);
  g_assert_true (orga_campaign_get_multiple_sendings (copy));
  g_assert_cmpuint (count_campaigns (fixture, FALSE), ==, 2);
}

static void
test_edit (Fixture       *fixture,
           gconstpointer  data)
{
  g_autoptr(OrgaCampaign) original = add_campaign (fixture, "Rentrée 6e", ORGA_CAMPAIGN_TYPE_ASSESSMENT, "rentree-6e", fixture->user);
  g_autofree char *title51 = g_strnfill (51, 'a');
  OrgaCampaignForm *form;
  OrgaCampaign *edited;

  orga_campaigns_page_reload (fixture->page);
  show_campaign_named (fixture, "Rentrée 6e");
  form = open_form (fixture, "campaigns.edit");

  /* "Modification d'une campagne": the fixed fields are shown, insensitive. */
  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (form)), ==, _("Edit the Campaign"));
  g_assert_cmpstr (entry_text (form, "name_row"), ==, "Rentrée 6e");
  g_assert_false (gtk_widget_is_sensitive (form_child (form, "assessment_check")));
  g_assert_false (gtk_widget_is_sensitive (form_child (form, "profiles_check")));
  g_assert_false (gtk_widget_is_sensitive (form_child (form, "profile_picker")));
  g_assert_false (gtk_widget_is_sensitive (form_child (form, "external_label_row")));
  g_assert_false (gtk_widget_is_sensitive (form_child (form, "multiple_yes")));
  g_assert_true (gtk_widget_is_sensitive (form_child (form, "title_row")));
  g_assert_true (gtk_widget_is_sensitive (form_child (form, "owner_row")));

  /* The same rules as at creation. */
  set_entry (form, "title_row", title51);
  g_assert_false (save (form));
  g_assert_true (error_shown (form, "title_error"));

  set_entry (form, "name_row", "Rentrée 6e – 6A et 6B");
  set_entry (form, "title_row", "Nouveau titre");
  set_entry (form, "owner_row", COLLEAGUE);
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (form_child (form, "landing_view")), "Bonne chance !", -1);
  g_assert_true (save (form));
  g_assert_cmpstr (last_toast (fixture), ==, _("The changes were saved."));

  /* The page shows the campaign as stored: same code, same type. */
  edited = orga_campaigns_page_get_campaign (fixture->page);
  g_assert_cmpint (orga_campaign_get_id (edited), ==, orga_campaign_get_id (original));
  g_assert_cmpstr (orga_campaign_get_code (edited), ==, orga_campaign_get_code (original));
  g_assert_cmpint (orga_campaign_get_campaign_type (edited), ==, ORGA_CAMPAIGN_TYPE_ASSESSMENT);
  g_assert_cmpstr (orga_campaign_get_target_profile_id (edited), ==, "rentree-6e");
  g_assert_cmpstr (orga_campaign_get_name (edited), ==, "Rentrée 6e – 6A et 6B");
  g_assert_cmpstr (orga_campaign_get_title (edited), ==, "Nouveau titre");
  g_assert_cmpstr (orga_campaign_get_landing_text (edited), ==, "Bonne chance !");
  g_assert_cmpstr (orga_campaign_get_owner (edited), ==, COLLEAGUE);
  /* The campaign's page was given the campaign read again. */
  g_assert_true (orga_campaign_page_get_campaign (campaign_page (fixture)) == edited);
  g_assert_cmpint (orga_campaign_get_external_id_type (edited), ==, ORGA_EXTERNAL_ID_STRING);
  g_assert_true (orga_campaign_get_multiple_sendings (edited));

  /* Now a colleague's: out of "Mes campagnes". */
  g_assert_cmpuint (n_shown (fixture), ==, 0);
  g_assert_cmpuint (count_campaigns (fixture, FALSE), ==, 1);
}

static AdwMessageDialog *
find_dialog (void)
{
  GtkWindow *dialog = orga_ui_test_find_toplevel (ADW_TYPE_MESSAGE_DIALOG);

  g_assert_nonnull (dialog);
  return ADW_MESSAGE_DIALOG (dialog);
}

static void
test_delete (Fixture       *fixture,
             gconstpointer  data)
{
  GtkWidget *page = GTK_WIDGET (fixture->page);
  GtkWidget *view = page_child (fixture, "column_view");
  AdwMessageDialog *dialog;
  GtkCheckButton *confirm;
  g_autofree char *label = NULL;

  g_object_unref (add_campaign (fixture, "Rentrée 6e", ORGA_CAMPAIGN_TYPE_ASSESSMENT, "rentree-6e", fixture->user));
  g_object_unref (add_campaign (fixture, "Rentrée 5e", ORGA_CAMPAIGN_TYPE_ASSESSMENT, "rentree-5e", fixture->user));
  g_object_unref (add_campaign (fixture, "Profils 3e", ORGA_CAMPAIGN_TYPE_PROFILES_COLLECTION, NULL, fixture->user));
  orga_campaigns_page_reload (fixture->page);
  orga_ui_test_spin (50);
  g_assert_cmpuint (n_shown (fixture), ==, 3);
  g_assert_false (gtk_widget_get_visible (page_child (fixture, "delete_button")));

  /* Two rows ticked: "Supprimer (2)". */
  gtk_check_button_set_active (find_check (view, "Rentrée 6e"), TRUE);
  gtk_check_button_set_active (find_check (view, "Profils 3e"), TRUE);
  g_assert_true (gtk_widget_get_visible (page_child (fixture, "delete_button")));
  label = g_strdup_printf (_("_Delete (%u)"), 2);
  g_assert_cmpstr (gtk_button_get_label (page_child (fixture, "delete_button")), ==, label);

  /* The confirmation: nothing happens before its box is ticked. */
  g_assert_true (gtk_widget_activate_action (page, "campaigns.delete-selected", NULL));
  orga_ui_test_spin (20);
  dialog = find_dialog ();
  {
    g_autofree char *heading = g_strdup_printf (ngettext ("Are you sure you want to delete this campaign?",
                                                          "Are you sure you want to delete these %u campaigns?", 2), 2);

    g_assert_cmpstr (adw_message_dialog_get_heading (dialog), ==, heading);
  }
  g_assert_nonnull (strstr (adw_message_dialog_get_body (dialog), _("Warning: this action cannot be undone.")));
  g_assert_false (adw_message_dialog_get_response_enabled (dialog, "delete"));
  confirm = GTK_CHECK_BUTTON (adw_message_dialog_get_extra_child (dialog));
  {
    g_autofree char *text = g_strdup_printf (ngettext ("I _confirm I have understood the impact of the deletion",
                                                       "I _confirm I have understood the impact of the %u deletions", 2), 2);

    g_assert_cmpstr (gtk_check_button_get_label (confirm), ==, text);
  }

  /* "Annuler" keeps everything. */
  adw_message_dialog_response (dialog, "cancel");
  orga_ui_test_spin (20);
  g_assert_cmpuint (count_campaigns (fixture, FALSE), ==, 3);

  g_assert_true (gtk_widget_activate_action (page, "campaigns.delete-selected", NULL));
  orga_ui_test_spin (20);
  dialog = find_dialog ();
  confirm = GTK_CHECK_BUTTON (adw_message_dialog_get_extra_child (dialog));
  gtk_check_button_set_active (confirm, TRUE);
  g_assert_true (adw_message_dialog_get_response_enabled (dialog, "delete"));
  adw_message_dialog_response (dialog, "delete");
  orga_ui_test_spin (20);

  g_assert_cmpuint (count_campaigns (fixture, FALSE), ==, 1);
  g_assert_cmpuint (n_shown (fixture), ==, 1);
  {
    g_autoptr(OrgaCampaign) left = shown_at (fixture, 0);
    g_autofree char *toast = g_strdup_printf (ngettext ("The campaign was deleted.", "%u campaigns were deleted.", 2), 2);

    g_assert_cmpstr (orga_campaign_get_name (left), ==, "Rentrée 5e");
    g_assert_cmpstr (last_toast (fixture), ==, toast);
  }
  g_assert_false (gtk_widget_get_visible (page_child (fixture, "delete_button")));

  /* From the campaign's page: back to the list, and the first-time state
   * once none is left. */
  show_campaign_named (fixture, "Rentrée 5e");
  g_assert_true (gtk_widget_activate_action (page, "campaigns.delete", NULL));
  orga_ui_test_spin (20);
  dialog = find_dialog ();
  g_assert_nonnull (strstr (adw_message_dialog_get_body (dialog), "Rentrée 5e"));
  gtk_check_button_set_active (GTK_CHECK_BUTTON (adw_message_dialog_get_extra_child (dialog)), TRUE);
  adw_message_dialog_response (dialog, "delete");
  orga_ui_test_spin (400);
  g_assert_null (orga_campaigns_page_get_campaign (fixture->page));
  g_assert_null (orga_campaign_page_get_campaign (campaign_page (fixture)));
  g_assert_cmpstr (adw_leaflet_get_visible_child_name (page_child (fixture, "leaflet")), ==, "list");
  g_assert_cmpuint (count_campaigns (fixture, FALSE), ==, 0);
  g_assert_cmpstr (visible_child (fixture, "content_stack"), ==, "empty");
}

static void
test_demo (Fixture       *fixture,
           gconstpointer  data)
{
  g_autofree char *fixture_path = g_build_filename (g_getenv ("PIXORGA_FIXTURES"), "siecle",
                                                    "siecle-with-two-valid-students.xml", NULL);
  g_autofree char *export_path = g_build_filename (temp_dir, "ElevesSansAdresses.xml", NULL);
  g_autofree char *contents = NULL;
  g_autoptr(GString) export = NULL;
  g_autoptr(OrgaImporter) importer = NULL;
  g_autoptr(OrgaImportReport) report = NULL;
  g_autoptr(GError) error = NULL;
  OrgaDemoResult result;
  gsize length;

  /* The fixture's students are in 4A: the demonstration draws for the
   * profile of their grade. */
  g_object_unref (add_campaign (fixture, "Rentrée 4e", ORGA_CAMPAIGN_TYPE_ASSESSMENT, "rentree-4e", fixture->user));
  orga_campaigns_page_reload (fixture->page);
  g_assert_false (gtk_revealer_get_reveal_child (page_child (fixture, "demo_revealer")));

  /* Two students of this school, then demonstration participations: the
   * list says they are made up, as each campaign's page does. */
  g_file_get_contents (fixture_path, &contents, &length, &error);
  g_assert_no_error (error);
  export = g_string_new_len (contents, length);
  g_assert_cmpuint (g_string_replace (export, "<UAJ>123ABC</UAJ>", "<UAJ>" UAI "</UAJ>", 0), ==, 1);
  g_file_set_contents (export_path, export->str, export->len, &error);
  g_assert_no_error (error);
  importer = orga_importer_new (fixture->db_path, export_path);
  report = orga_importer_run (importer, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (orga_import_report_get_status (report), ==, ORGA_IMPORT_STATUS_IMPORTED);
  /* Each student takes part with a chance of 70 to 95 %: the first seed
   * where one of the two does (with none, the run is refused). */
  result.participations = 0;
  for (guint32 seed = 1; seed < 20; seed++)
    {
      g_clear_error (&error);
      if (orga_demo_fill (fixture->store, fixture->organization, seed, &result, &error))
        break;
      g_assert_error (error, ORGA_STORE_ERROR, ORGA_STORE_ERROR_NOT_FOUND);
    }
  g_assert_no_error (error);
  g_assert_cmpuint (result.participations, >, 0);
  g_assert_cmpuint (result.campaigns, ==, 1);

  orga_campaigns_page_reload (fixture->page);
  g_assert_true (gtk_revealer_get_reveal_child (page_child (fixture, "demo_revealer")));
  {
    g_autoptr(OrgaCampaign) row = shown_at (fixture, 0);

    g_assert_cmpuint (orga_campaign_get_participants (row), >, 0);
    g_assert_cmpuint (orga_campaign_get_participants (row), <=, 2);
  }

  g_assert_true (orga_store_delete_demo_data (fixture->store, fixture->organization, &error));
  orga_campaigns_page_reload (fixture->page);
  g_assert_false (gtk_revealer_get_reveal_child (page_child (fixture, "demo_revealer")));
  g_unlink (export_path);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  int status;

  orga_i18n_init (TRUE);
  textdomain (GETTEXT_PACKAGE);
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  temp_dir = g_dir_make_tmp ("pixorga-campaigns-test-XXXXXX", &error);
  g_assert_no_error (error);

  g_test_add_func ("/campaigns-page/picker", test_picker);
  g_test_add ("/campaigns-page/empty", Fixture, NULL, fixture_set_up, test_empty, fixture_tear_down);
  g_test_add ("/campaigns-page/create", Fixture, NULL, fixture_set_up, test_create, fixture_tear_down);
  g_test_add ("/campaigns-page/external-id", Fixture, NULL, fixture_set_up, test_external_id, fixture_tear_down);
  g_test_add ("/campaigns-page/validation", Fixture, NULL, fixture_set_up, test_validation, fixture_tear_down);
  g_test_add ("/campaigns-page/profiles-collection", Fixture, NULL, fixture_set_up, test_profiles_collection, fixture_tear_down);
  g_test_add ("/campaigns-page/tabs", Fixture, NULL, fixture_set_up, test_tabs, fixture_tear_down);
  g_test_add ("/campaigns-page/archived", Fixture, NULL, fixture_set_up, test_archived, fixture_tear_down);
  g_test_add ("/campaigns-page/search", Fixture, NULL, fixture_set_up, test_search, fixture_tear_down);
  g_test_add ("/campaigns-page/duplicate", Fixture, NULL, fixture_set_up, test_duplicate, fixture_tear_down);
  g_test_add ("/campaigns-page/edit", Fixture, NULL, fixture_set_up, test_edit, fixture_tear_down);
  g_test_add ("/campaigns-page/delete", Fixture, NULL, fixture_set_up, test_delete, fixture_tear_down);
  g_test_add ("/campaigns-page/demo", Fixture, NULL, fixture_set_up, test_demo, fixture_tear_down);

  status = g_test_run ();

  g_rmdir (temp_dir);
  return status;
}
