/* test-mnemonics.c: every dialog can be driven from the keyboard with
 * French access keys (issue 13, item 4)
 *
 * Each dialog is opened in French on a school with data, then its widget
 * tree is walked, as shown (hidden stack pages and the unused layout of
 * an AdwMessageDialog's squeezer are not):
 * - every visible, sensitive button with a text label underlines an
 *   access key (use-underline and a mnemonic);
 * - every entry, spin button, drop-down, check button, switch or
 *   editable text view has a mnemonic label pointing at it, or is in an Adw row whose title has
 *   one (AdwEntryRow, AdwComboRow; an AdwActionRow only when the control
 *   is its activatable widget), or, for a check button, its own label
 *   underlines one;
 * - no access key is used twice in a dialog (GTK's window controls left
 *   out: they have none);
 * - the focus starts somewhere sensible: the first field of a form, else
 *   nothing Enter would regret (a button that destroys nothing, the
 *   read-only content of a message dialog).
 * Every problem of a dialog is listed, then the test case fails.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <string.h>

#include "orga-account-form.h"
#include "orga-activation-form.h"
#include "orga-campaign-form.h"
#include "orga-campaign-page.h"
#include "orga-campaigns-page.h"
#include "orga-cert-enrol-dialog.h"
#include "orga-cert-finalize-dialog.h"
#include "orga-cert-report-editor.h"
#include "orga-cert-session-dialog.h"
#include "orga-cert-session-page.h"
#include "orga-connection.h"
#include "orga-context.h"
#include "orga-i18n.h"
#include "orga-import-errors-dialog.h"
#include "orga-import-preview-dialog.h"
#include "orga-join-dialog.h"
#include "orga-preferences-window.h"
#include "orga-profile-picker.h"
#include "orga-store-campaigns.h"
#include "orga-store-cert.h"
#include "orga-store-private.h"
#include "orga-student-account-dialog.h"
#include "orga-ui-test-util.h"
#include "orga-widget-util.h"

#define UAI "0330001A"

static char           *temp_dir;
static OrgaStore      *store;
static OrgaContext    *context;
static OrgaConnection *connection;
static gint64          session_id;
static OrgaCertSession *session;
static OrgaCampaign   *campaign;
static GtkWindow      *main_window;

/* ------------------------------------------------------------------------
 * The walk
 * ------------------------------------------------------------------------ */

typedef enum
{
  FOCUS_FIELD,   /* a form: the first field */
  FOCUS_SAFE,    /* nothing Enter would regret: a button that destroys
                  * nothing, or the content to read (libadwaita 1.2's
                  * message dialogs focus their extra child first) */
  FOCUS_ANSWER,  /* a message dialog without an extra child: the button
                  * of its close response ("Annuler", "Fermer") or of its
                  * default one, not a destructive one */
} FocusKind;

typedef struct
{
  GHashTable *keys;      /* access key (lower case) → its first label */
  GPtrArray  *targets;   /* the mnemonic widgets of the labels */
  GPtrArray  *inputs;
  GString    *problems;
} Walk;

static const char *
describe (GtkWidget *widget)
{
  static char buffer[256];
  const char *text = NULL;

  if (GTK_IS_BUTTON (widget))
    text = gtk_button_get_label (GTK_BUTTON (widget));
  else if (GTK_IS_CHECK_BUTTON (widget))
    text = gtk_check_button_get_label (GTK_CHECK_BUTTON (widget));
  else if (GTK_IS_LABEL (widget))
    text = gtk_label_get_label (GTK_LABEL (widget));
  else if (ADW_IS_PREFERENCES_ROW (widget))
    text = adw_preferences_row_get_title (ADW_PREFERENCES_ROW (widget));
  if (text == NULL)
    {
      for (GtkWidget *w = widget; w != NULL && text == NULL; w = gtk_widget_get_parent (w))
        if (ADW_IS_PREFERENCES_ROW (w))
          text = adw_preferences_row_get_title (ADW_PREFERENCES_ROW (w));
    }
  g_snprintf (buffer, sizeof buffer, "%s “%s”", G_OBJECT_TYPE_NAME (widget), text ? text : "");
  return buffer;
}

static gboolean
is_ancestor_or_self (GtkWidget *ancestor,
                     GtkWidget *widget)
{
  return widget == ancestor || gtk_widget_is_ancestor (widget, ancestor);
}

/* The widget that stands for the GtkText @text: its entry, spin button
 * or entry row. */
static GtkWidget *
text_owner (GtkWidget *text)
{
  for (GtkWidget *w = gtk_widget_get_parent (text); w != NULL; w = gtk_widget_get_parent (w))
    {
      if (GTK_IS_ENTRY (w) || GTK_IS_SPIN_BUTTON (w) || GTK_IS_SEARCH_ENTRY (w) ||
          GTK_IS_PASSWORD_ENTRY (w) || ADW_IS_ENTRY_ROW (w))
        return w;
      if (ADW_IS_PREFERENCES_ROW (w) || GTK_IS_WINDOW (w))
        break;
    }
  return text;
}

/* A row of data in a list (the students to enrol, the catalogue of
 * target profiles): reached from the list's own field or with Tab and
 * the arrows, not with an access key of its own. */
static gboolean
in_data_list (GtkWidget *widget)
{
  if (gtk_widget_get_ancestor (widget, ORGA_TYPE_PROFILE_PICKER) != NULL &&
      gtk_widget_get_ancestor (widget, GTK_TYPE_LIST_BOX) != NULL)
    return TRUE;
  for (GtkWidget *w = gtk_widget_get_parent (widget); w != NULL; w = gtk_widget_get_parent (w))
    if (GTK_IS_LIST_VIEW (w) || GTK_IS_COLUMN_VIEW (w) || GTK_IS_GRID_VIEW (w) ||
        (GTK_IS_LIST_BOX_ROW (w) && !ADW_IS_PREFERENCES_ROW (w)))
      return TRUE;
  return FALSE;
}

static void
add_key (Walk      *walk,
         GtkWidget *label)
{
  guint key = gdk_keyval_to_lower (gtk_label_get_mnemonic_keyval (GTK_LABEL (label)));
  GtkWidget *other = g_hash_table_lookup (walk->keys, GUINT_TO_POINTER (key));
  GtkWidget *target = gtk_label_get_mnemonic_widget (GTK_LABEL (label));

  if (target != NULL)
    g_ptr_array_add (walk->targets, target);
  if (other == NULL)
    {
      g_hash_table_insert (walk->keys, GUINT_TO_POINTER (key), label);
      return;
    }
  /* An entry row shows its title twice (empty and filled), one target. */
  if (target != NULL && gtk_label_get_mnemonic_widget (GTK_LABEL (other)) == target)
    return;
  /* The same control repeated for each item of a list ("Ajouter un
   * signalement" under each candidate): GTK moves the focus from one to
   * the next at each press, as a person expects. Not two radios of one
   * label ("Oui" twice): the first would never be chosen by its key. */
  if (target != NULL && gtk_label_get_mnemonic_widget (GTK_LABEL (other)) != NULL &&
      G_OBJECT_TYPE (target) == G_OBJECT_TYPE (gtk_label_get_mnemonic_widget (GTK_LABEL (other))) &&
      !GTK_IS_CHECK_BUTTON (target) &&
      g_strcmp0 (gtk_label_get_label (GTK_LABEL (label)), gtk_label_get_label (GTK_LABEL (other))) == 0)
    return;
  g_string_append_printf (walk->problems, "  the access key “%s” is used by “%s” and by “%s”\n",
                          gdk_keyval_name (key), gtk_label_get_label (GTK_LABEL (other)),
                          gtk_label_get_label (GTK_LABEL (label)));
}

static gboolean
label_has_key (GtkWidget *widget)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL; child = gtk_widget_get_next_sibling (child))
    {
      if (GTK_IS_LABEL (child) && gtk_label_get_mnemonic_keyval (GTK_LABEL (child)) != GDK_KEY_VoidSymbol)
        return TRUE;
      if (label_has_key (child))
        return TRUE;
    }
  return FALSE;
}

static void
visit (Walk      *walk,
       GtkWidget *widget)
{
  if (!gtk_widget_get_visible (widget) || !gtk_widget_get_child_visible (widget))
    return;
  /* GTK's own window controls (close button): not ours, no label. */
  if (GTK_IS_WINDOW_CONTROLS (widget) || GTK_IS_POPOVER (widget))
    return;

  if (GTK_IS_LABEL (widget) && gtk_label_get_mnemonic_keyval (GTK_LABEL (widget)) != GDK_KEY_VoidSymbol)
    add_key (walk, widget);

  /* A response waiting for its condition ("Supprimer" once the box is
   * ticked) is checked too: its key works once it is enabled. */
  if (GTK_IS_BUTTON (widget) &&
      (gtk_widget_is_sensitive (widget) || gtk_widget_get_ancestor (widget, ADW_TYPE_MESSAGE_DIALOG) != NULL) &&
      gtk_button_get_label (GTK_BUTTON (widget)) != NULL && !in_data_list (widget))
    {
      if (!gtk_button_get_use_underline (GTK_BUTTON (widget)) || !label_has_key (widget))
        g_string_append_printf (walk->problems, "  %s: no access key\n", describe (widget));
    }

  if (gtk_widget_is_sensitive (widget) && !in_data_list (widget))
    {
      GtkWidget *input = NULL;

      if (GTK_IS_TEXT (widget))
        input = text_owner (widget);
      else if (GTK_IS_DROP_DOWN (widget) || GTK_IS_CHECK_BUTTON (widget) || GTK_IS_SWITCH (widget) ||
               GTK_IS_SPIN_BUTTON (widget) || ADW_IS_COMBO_ROW (widget))
        input = widget;
      /* A text area to write in (the landing text, the global comment),
       * not one to read (the import's problems). */
      else if (GTK_IS_TEXT_VIEW (widget) && gtk_text_view_get_editable (GTK_TEXT_VIEW (widget)))
        input = widget;
      if (input != NULL && !g_ptr_array_find (walk->inputs, input, NULL))
        g_ptr_array_add (walk->inputs, input);
    }

  if (ADW_IS_SQUEEZER (widget))
    {
      /* AdwMessageDialog lays its responses out twice, one shown. */
      GtkWidget *shown = adw_squeezer_get_visible_child (ADW_SQUEEZER (widget));

      if (shown != NULL)
        visit (walk, shown);
      return;
    }

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL; child = gtk_widget_get_next_sibling (child))
    visit (walk, child);
}

static gboolean
input_has_key (Walk      *walk,
               GtkWidget *input)
{
  GtkWidget *row;
  GtkWidget *before;

  if (GTK_IS_CHECK_BUTTON (input) && gtk_check_button_get_label (GTK_CHECK_BUTTON (input)) != NULL &&
      gtk_check_button_get_use_underline (GTK_CHECK_BUTTON (input)) && label_has_key (input))
    return TRUE;

  row = gtk_widget_get_ancestor (input, ADW_TYPE_PREFERENCES_ROW);
  for (guint i = 0; i < walk->targets->len; i++)
    {
      GtkWidget *target = g_ptr_array_index (walk->targets, i);

      if (target == input)
        return TRUE;
      /* An entry or combo row's title: its access key focuses the row's
       * own entry or opens its list. An action row's activates its
       * activatable widget only. */
      if (row != NULL && target == row)
        {
          if (ADW_IS_ACTION_ROW (row) && !ADW_IS_COMBO_ROW (row))
            return adw_action_row_get_activatable_widget (ADW_ACTION_ROW (row)) == input;
          return TRUE;
        }
      /* A spin button or an entry labelled as a whole. */
      if (GTK_IS_TEXT (input) == FALSE && is_ancestor_or_self (target, input) &&
          (GTK_IS_ENTRY (target) || GTK_IS_SPIN_BUTTON (target)))
        return TRUE;
    }
  /* A filter right after a labelled search field (the target profiles'
   * category): one Tab from the field that the access key reaches. */
  before = gtk_widget_get_prev_sibling (input);
  if (GTK_IS_DROP_DOWN (input) && GTK_IS_SEARCH_ENTRY (before))
    return input_has_key (walk, before);
  return FALSE;
}

static gboolean
is_safe_focus (GtkWidget *focus)
{
  GtkWidget *button = GTK_IS_BUTTON (focus) ? focus : gtk_widget_get_ancestor (focus, GTK_TYPE_BUTTON);

  if (button != NULL)
    return !gtk_widget_has_css_class (button, "destructive-action");
  if (GTK_IS_TEXT_VIEW (focus))
    return !gtk_text_view_get_editable (GTK_TEXT_VIEW (focus));
  if (ADW_IS_ACTION_ROW (focus))
    return adw_action_row_get_activatable_widget (ADW_ACTION_ROW (focus)) == NULL &&
           !gtk_list_box_row_get_activatable (GTK_LIST_BOX_ROW (focus));
  return FALSE;
}

/* The response of @dialog that @button gives, or NULL. */
static const char *
button_response (AdwMessageDialog *dialog,
                 GtkWidget        *button,
                 const char      **candidates)
{
  const char *label = GTK_IS_BUTTON (button) ? gtk_button_get_label (GTK_BUTTON (button)) : NULL;

  for (guint i = 0; label != NULL && candidates[i] != NULL; i++)
    if (adw_message_dialog_has_response (dialog, candidates[i]) &&
        g_strcmp0 (adw_message_dialog_get_response_label (dialog, candidates[i]), label) == 0)
      return candidates[i];
  return NULL;
}

/* Enter and Escape answer a message dialog: each has its response, and
 * neither destroys anything (Escape never may; a destructive default is
 * one key from the loss). */
static void
check_responses (AdwMessageDialog *dialog,
                 GString          *problems)
{
  const char *responses[] = { adw_message_dialog_get_default_response (dialog),
                              adw_message_dialog_get_close_response (dialog) };
  const char *what[] = { "default", "close" };

  for (guint i = 0; i < G_N_ELEMENTS (responses); i++)
    {
      if (responses[i] == NULL || !adw_message_dialog_has_response (dialog, responses[i]))
        g_string_append_printf (problems, "  no %s response (“%s” is none of its responses)\n", what[i],
                                responses[i] ? responses[i] : "");
      else if (adw_message_dialog_get_response_appearance (dialog, responses[i]) == ADW_RESPONSE_DESTRUCTIVE)
        g_string_append_printf (problems, "  the %s response “%s” is destructive\n", what[i], responses[i]);
    }
}

static gboolean
focus_is_sensible (GtkWidget *dialog,
                   FocusKind  kind,
                   GString   *problems)
{
  GtkWidget *focus = gtk_window_get_focus (GTK_WINDOW (dialog));

  if (focus == NULL)
    {
      g_string_append (problems, "  no widget has the focus\n");
      return FALSE;
    }
  if (kind == FOCUS_FIELD && !GTK_IS_EDITABLE (focus) && !GTK_IS_DROP_DOWN (focus) && !ADW_IS_COMBO_ROW (focus) &&
      gtk_widget_get_ancestor (focus, GTK_TYPE_DROP_DOWN) == NULL)
    {
      g_string_append_printf (problems, "  the focus starts on %s, not on the first field\n", describe (focus));
      return FALSE;
    }
  if (kind == FOCUS_ANSWER)
    {
      AdwMessageDialog *message = ADW_MESSAGE_DIALOG (dialog);
      const char *close = adw_message_dialog_get_close_response (message);
      const char *safe[] = { close ? close : adw_message_dialog_get_default_response (message),
                             adw_message_dialog_get_default_response (message), NULL };
      GtkWidget *button = GTK_IS_BUTTON (focus) ? focus : gtk_widget_get_ancestor (focus, GTK_TYPE_BUTTON);

      if (button == NULL || button_response (message, button, safe) == NULL || !is_safe_focus (button))
        {
          g_string_append_printf (problems, "  the focus starts on %s, not on the button of the close or "
                                  "default response\n", describe (focus));
          return FALSE;
        }
    }
  if (kind == FOCUS_SAFE && !is_safe_focus (focus))
    {
      g_string_append_printf (problems, "  the focus starts on %s, which Enter or Space would act on\n",
                              describe (focus));
      return FALSE;
    }
  return TRUE;
}

/* Walks @dialog, presented; fails the test case with the list of what
 * is wrong. */
static void
check_dialog (GtkWidget  *dialog,
              const char *name,
              FocusKind   kind)
{
  Walk walk = {
    .keys = g_hash_table_new (NULL, NULL),
    .targets = g_ptr_array_new (),
    .inputs = g_ptr_array_new (),
    .problems = g_string_new (NULL),
  };
  guint n_keys;

  gtk_window_present (GTK_WINDOW (dialog));
  orga_ui_test_spin (200);
  /* With PIXORGA_SCREENSHOT_DIR: mnemonics-<test case>.png, to look at. */
  {
    g_autofree char *shot = g_strdup_printf ("mnemonics-%s", strrchr (g_test_get_path (), '/') + 1);

    orga_ui_test_shoot (GTK_WINDOW (dialog), shot);
  }

  focus_is_sensible (dialog, kind, walk.problems);
  if (ADW_IS_MESSAGE_DIALOG (dialog))
    check_responses (ADW_MESSAGE_DIALOG (dialog), walk.problems);
  visit (&walk, dialog);
  for (guint i = 0; i < walk.inputs->len; i++)
    {
      GtkWidget *input = g_ptr_array_index (walk.inputs, i);

      if (!input_has_key (&walk, input))
        g_string_append_printf (walk.problems, "  %s: no access key reaches it\n", describe (input));
    }
  n_keys = g_hash_table_size (walk.keys);
  if (n_keys == 0)
    g_string_append (walk.problems, "  no access key at all\n");

  {
    g_autoptr(GString) used = g_string_new (NULL);
    GHashTableIter iter;
    gpointer key;

    /* The keys taken, for whoever picks one for a new label. */
    g_hash_table_iter_init (&iter, walk.keys);
    while (g_hash_table_iter_next (&iter, &key, NULL))
      g_string_append_printf (used, " %s", gdk_keyval_name (GPOINTER_TO_UINT (key)));
    g_test_message ("%s: %u access keys (%s ), %u fields", name, n_keys, used->str, walk.inputs->len);
  }
  if (walk.problems->len > 0)
    {
      g_printerr ("%s:\n%s", name, walk.problems->str);
      g_test_message ("%s:\n%s", name, walk.problems->str);
      g_test_fail ();
    }

  g_hash_table_unref (walk.keys);
  g_ptr_array_unref (walk.targets);
  g_ptr_array_unref (walk.inputs);
  g_string_free (walk.problems, TRUE);
  gtk_window_destroy (GTK_WINDOW (dialog));
  orga_ui_test_spin (50);
}

/* ------------------------------------------------------------------------
 * The school
 * ------------------------------------------------------------------------ */

static void
sql_exec (const char *sql)
{
  char *message = NULL;

  if (sqlite3_exec (_orga_store_get_db (store), sql, NULL, NULL, &message) != SQLITE_OK)
    g_error ("%s: %s", sql, message);
}

static OrgaImportReport *
import_report (void)
{
  static const char *names[][3] = {
    { "1000000001A", "Dupont", "Léa" },
    { "1000000002B", "Écrivain", "Hugo" },
  };
  g_autoptr(OrgaLearnerSet) set = orga_learner_set_new ();
  OrgaImportReport *report;

  orga_learner_set_set_format (set, ORGA_IMPORT_FORMAT_SIECLE_XML);
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      guint k = orga_learner_set_append (set);
      OrgaLearnerFields *l = orga_learner_set_peek (set, k);

      l->ine = orga_learner_set_intern (set, names[i][0], -1);
      l->last_name = orga_learner_set_intern (set, names[i][1], -1);
      l->first_name = orga_learner_set_intern (set, names[i][2], -1);
      l->division = orga_learner_set_intern (set, "3A", -1);
      l->birthdate = orga_learner_set_intern (set, "2011-04-14", -1);
      l->sex = orga_learner_set_intern (set, i % 2 ? "M" : "F", -1);
      l->birth_country_code = orga_learner_set_intern (set, "100", -1);
      l->birth_city_code = orga_learner_set_intern (set, "33063", -1);
      l->birth_city = orga_learner_set_intern (set, "Bordeaux", -1);
      l->line = i + 1;
    }
  report = orga_import_report_new ("eleves.xml", set);
  orga_import_report_add_change (report, ORGA_IMPORT_CHANGE_NEW, "1000000001A", "Dupont", "Léa", NULL, "3A");
  orga_import_report_add_change (report, ORGA_IMPORT_CHANGE_NEW, "1000000002B", "Écrivain", "Hugo", NULL, "3A");
  return report;
}

static void
make_school (void)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  g_autofree char *db_path = g_build_filename (temp_dir, "school.db", NULL);
  g_autoptr(OrgaOrganization) organization = NULL;
  g_autoptr(OrgaImportReport) report = NULL;
  g_autoptr(GDateTime) tomorrow = g_date_time_add_days (g_date_time_new_now_local (), 1);
  g_autofree char *date = g_date_time_format (tomorrow, "%Y-%m-%d");
  OrgaCertSessionForm form = {
    .address = "Collège Jean Moulin",
    .room = "Salle informatique 2",
    .examiner = "Mme Durand",
    .date = date,
    .time = "09:00",
  };
  g_autoptr(GError) error = NULL;
  g_autofree char *sql = NULL;
  gint64 ids[] = { 1, 2 };

  store = orga_store_open (db_path, &error);
  g_assert_no_error (error);
  organization = orga_store_create_organization (store, UAI, "Collège Jean Moulin", ORGA_ORGANIZATION_KIND_SCO, &error);
  g_assert_no_error (error);
  report = import_report ();
  g_assert_true (orga_store_apply_learner_set (store, organization, report, "Anne Proviseur", FALSE, NULL, &error));
  g_assert_no_error (error);

  session = orga_store_create_cert_session (store, organization, &form, "Anne Proviseur", &error);
  g_assert_no_error (error);
  session_id = orga_cert_session_get_id (session);
  g_assert_true (orga_store_enrol_cert_candidates (store, session_id, ids, G_N_ELEMENTS (ids), NULL, &error));
  g_assert_no_error (error);
  /* Two started courses, as a pull leaves them, one finished: the
   * finalization then asks about incidents, reports (a button and a row
   * repeated for each candidate) and the reason of the abandonment. */
  sql = g_strdup_printf ("INSERT INTO cert_courses (uuid, organization_id, number, session_id, candidate_id, learner_id, "
                         "started_at, completed_at, status, pix_score, levels, verification_code) "
                         "SELECT 'course-' || id, organization_id, id, session_id, id, learner_id, "
                         "'2026-01-01T08:10:00.000000Z', "
                         "CASE WHEN learner_id = 1 THEN '2026-01-01T09:00:00.000000Z' END, "
                         "'started', 0, '', 'P-BCDFGH0' || id "
                         "FROM cert_candidates WHERE session_id = %" G_GINT64_FORMAT, session_id);
  sql_exec (sql);

  /* A campaign with one profile sent: the participation to delete. */
  {
    g_autoptr(OrgaParticipationSet) set = orga_participation_set_new (ORGA_FRAMEWORK_N_COMPETENCES);
    guint8 results[ORGA_FRAMEWORK_N_COMPETENCES] = { 16, 16, 16, 16, 16 };
    OrgaCampaignSpec spec = {
      .name = "Profils de rentrée",
      .type = ORGA_CAMPAIGN_TYPE_PROFILES_COLLECTION,
      .owner = "Anne Proviseur",
      .creator = "Anne Proviseur",
    };
    OrgaParticipation p = {
      .learner_id = 1,
      .status = ORGA_PARTICIPATION_SHARED,
      .created_at = g_get_real_time () / G_USEC_PER_SEC - 86400,
      .shared_at = g_get_real_time () / G_USEC_PER_SEC,
      .pix_score = 80,
      .progression = 1,
      .is_certifiable = 1,
      .results = results,
    };

    campaign = orga_store_create_campaign (store, organization, &spec, &error);
    g_assert_no_error (error);
    orga_participation_set_add (set, &p);
    orga_store_add_participations (store, campaign, set, &error);
    g_assert_no_error (error);
  }

  context = orga_context_new (store, settings);
  orga_context_set_organization (context, organization);
  connection = orga_connection_new (context, NULL);
  orga_connection_restore (connection);
}

/* ------------------------------------------------------------------------
 * The dialogs
 * ------------------------------------------------------------------------ */

static void
test_campaign_form (void)
{
  check_dialog (GTK_WIDGET (orga_campaign_form_new (main_window, context, ORGA_CAMPAIGN_FORM_CREATE, NULL)),
                "campaign form", FOCUS_FIELD);
}

/* With an external identifier asked: its type and label show. */
static void
test_campaign_form_external (void)
{
  OrgaCampaignForm *form = orga_campaign_form_new (main_window, context, ORGA_CAMPAIGN_FORM_CREATE, NULL);
  GObject *yes = gtk_widget_get_template_child (GTK_WIDGET (form), ORGA_TYPE_CAMPAIGN_FORM, "external_yes");

  gtk_check_button_set_active (GTK_CHECK_BUTTON (yes), TRUE);
  check_dialog (GTK_WIDGET (form), "campaign form, external identifier", FOCUS_FIELD);
}

static void
test_cert_session_dialog (void)
{
  check_dialog (GTK_WIDGET (orga_cert_session_dialog_new (main_window, context, NULL)),
                "certification session dialog", FOCUS_FIELD);
}

static void
test_cert_enrol_dialog (void)
{
  check_dialog (GTK_WIDGET (orga_cert_enrol_dialog_new (main_window, context, session_id)),
                "enrolment dialog", FOCUS_FIELD);
}

static void
test_cert_finalize_dialog (void)
{
  GtkWidget *dialog = orga_cert_finalize_dialog_new (context, session_id);

  gtk_window_set_transient_for (GTK_WINDOW (dialog), main_window);
  check_dialog (dialog, "finalization dialog", FOCUS_SAFE);
}

static void
test_cert_finalize_confirm (void)
{
  GtkWidget *dialog = orga_cert_finalize_dialog_new (context, session_id);
  GtkWidget *reason;
  GtkWindow *confirm;

  gtk_window_set_transient_for (GTK_WINDOW (dialog), main_window);
  gtk_window_present (GTK_WINDOW (dialog));
  orga_ui_test_spin (100);
  /* The unfinished test's reason, which the rules ask for first. */
  reason = orga_ui_test_find_descendant (dialog, ADW_TYPE_COMBO_ROW);
  g_assert_nonnull (reason);
  adw_combo_row_set_selected (ADW_COMBO_ROW (reason), 1);
  gtk_widget_activate_action (dialog, "finalize.finalize", NULL);
  orga_ui_test_spin (100);
  confirm = orga_ui_test_find_toplevel (ADW_TYPE_MESSAGE_DIALOG);
  g_assert_nonnull (confirm);
  check_dialog (GTK_WIDGET (confirm), "finalization confirmation", FOCUS_ANSWER);
  gtk_window_destroy (GTK_WINDOW (dialog));
}

static void
test_cert_report_editor (void)
{
  GtkWidget *editor = orga_cert_report_editor_new ("Léa Dupont");

  gtk_window_set_transient_for (GTK_WINDOW (editor), main_window);
  check_dialog (editor, "report editor", FOCUS_FIELD);
}

static void
test_import_preview (void)
{
  g_autoptr(OrgaImportReport) report = import_report ();
  GtkWidget *dialog = GTK_WIDGET (orga_import_preview_dialog_new (report));

  gtk_window_set_transient_for (GTK_WINDOW (dialog), main_window);
  check_dialog (dialog, "import preview", FOCUS_SAFE);
}

static void
test_import_errors (void)
{
  g_autoptr(OrgaImportReport) report = import_report ();

  check_dialog (GTK_WIDGET (orga_import_errors_dialog_new (main_window, report)), "import errors", FOCUS_SAFE);
}

static void
test_join_dialog (void)
{
  check_dialog (GTK_WIDGET (orga_join_dialog_new (main_window, connection, NULL)), "sign-in dialog", FOCUS_FIELD);
}

/* "Pas encore de compte ? Inscrivez-vous": the account creation. */
static void
test_join_dialog_sign_up (void)
{
  OrgaJoinDialog *dialog = orga_join_dialog_new (main_window, connection, NULL);
  GtkWindow *window = GTK_WINDOW (dialog);
  GtkWidget *form;
  GObject *button;

  form = GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (dialog), ORGA_TYPE_JOIN_DIALOG, "account_form"));
  button = gtk_widget_get_template_child (form, ORGA_TYPE_ACCOUNT_FORM, "switch_button");
  g_signal_emit_by_name (button, "clicked");
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (gtk_widget_get_template_child (form, ORGA_TYPE_ACCOUNT_FORM,
                                                                                    "first_name_row"))));
  check_dialog (GTK_WIDGET (window), "sign-up dialog", FOCUS_FIELD);
}

static void
test_preferences (void)
{
  check_dialog (GTK_WIDGET (orga_preferences_window_new (main_window, connection)), "preferences", FOCUS_FIELD);
}

static void
test_activation_form (void)
{
  GtkWidget *form = g_object_new (ORGA_TYPE_ACTIVATION_FORM, NULL);
  GtkWindow *window = GTK_WINDOW (gtk_window_new ());

  gtk_window_set_child (window, form);
  check_dialog (GTK_WIDGET (window), "activation form", FOCUS_FIELD);
}

static gboolean
first_learner_cb (const OrgaLearnerRow *row,
                  gpointer              user_data)
{
  OrgaLearner **learner = user_data;

  *learner = orga_learner_new_from_row (row);
  return FALSE;
}

static void
test_student_account_dialog (void)
{
  g_autoptr(OrgaLearner) learner = NULL;
  g_autoptr(GError) error = NULL;
  gint64 id = 1;

  g_assert_true (orga_store_fetch_learners_by_id (store, &id, 1, first_learner_cb, &learner, &error));
  g_assert_no_error (error);
  g_assert_nonnull (learner);
  check_dialog (orga_student_account_dialog_new (main_window, connection, learner), "student account dialog",
                FOCUS_SAFE);
}

/* A message dialog that a page's action opens: @action on @page, shown
 * in a window of its own, then the dialog checked. */
static void
check_page_dialog (GtkWidget  *page,
                   const char *action,
                   GVariant   *parameter,
                   const char *name,
                   FocusKind   kind)
{
  GtkWindow *window = orga_ui_test_present (page, 900, 700);
  GtkWindow *dialog;

  orga_ui_test_spin (100);
  g_assert_true (gtk_widget_activate_action_variant (page, action, parameter));
  orga_ui_test_spin (50);
  dialog = orga_ui_test_find_toplevel (ADW_TYPE_MESSAGE_DIALOG);
  g_assert_nonnull (dialog);
  check_dialog (GTK_WIDGET (dialog), name, kind);
  gtk_window_destroy (window);
  orga_ui_test_spin (50);
}

/* "Supprimer la session ?" */
static void
test_session_delete (void)
{
  GtkWidget *page = g_object_new (ORGA_TYPE_CERT_SESSION_PAGE, "context", context, NULL);

  orga_cert_session_page_set_session (ORGA_CERT_SESSION_PAGE (page), session);
  check_page_dialog (page, "session.delete", NULL, "session deletion", FOCUS_ANSWER);
}

static gboolean
campaign_page_idle_cb (gpointer data)
{
  return !orga_campaign_page_get_busy (data);
}

/* "Supprimer la participation ?" */
static void
test_participation_delete (void)
{
  OrgaCampaignPage *page = orga_campaign_page_new (context);
  GtkWindow *window = orga_ui_test_present (GTK_WIDGET (page), 900, 700);
  GtkWindow *dialog;

  orga_campaign_page_set_campaign (page, campaign);
  orga_ui_test_wait_until (campaign_page_idle_cb, page);
  g_assert_nonnull (orga_campaign_page_get_data (page));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "campaign.delete-participation", "u", 0));
  orga_ui_test_spin (50);
  dialog = orga_ui_test_find_toplevel (ADW_TYPE_MESSAGE_DIALOG);
  g_assert_nonnull (dialog);
  check_dialog (GTK_WIDGET (dialog), "participation deletion", FOCUS_ANSWER);
  gtk_window_destroy (window);
  orga_ui_test_spin (50);
}

/* "Êtes-vous sûr de vouloir supprimer cette campagne ?": a box to tick
 * first, which the access key reaches: the focus starts on "Annuler". */
static void
test_campaign_delete (void)
{
  GtkWidget *page = g_object_new (ORGA_TYPE_CAMPAIGNS_PAGE, "context", context, NULL);
  GtkWindow *window = orga_ui_test_present (page, 900, 700);
  GtkWindow *dialog;

  orga_ui_test_spin (100);
  orga_campaigns_page_show_campaign (ORGA_CAMPAIGNS_PAGE (page), campaign);
  orga_ui_test_spin (100);
  g_assert_true (gtk_widget_activate_action (page, "campaigns.delete", NULL));
  orga_ui_test_spin (50);
  dialog = orga_ui_test_find_toplevel (ADW_TYPE_MESSAGE_DIALOG);
  g_assert_nonnull (dialog);
  check_dialog (GTK_WIDGET (dialog), "campaign deletion", FOCUS_ANSWER);
  gtk_window_destroy (window);
  orga_ui_test_spin (50);
}

static void
test_message (void)
{
  GtkWindow *dialog;

  orga_widget_show_message (gtk_window_get_child (main_window), "Titre", "Texte");
  dialog = orga_ui_test_find_toplevel (ADW_TYPE_MESSAGE_DIALOG);
  g_assert_nonnull (dialog);
  check_dialog (GTK_WIDGET (dialog), "message", FOCUS_ANSWER);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autofree char **test_argv = g_new0 (char *, argc + 2);
  int test_argc = argc + 1;
  int status;

  /* Every dialog checked and each one's problems listed, not the first
   * failure only. */
  memcpy (test_argv, argv, sizeof (char *) * argc);
  test_argv[argc] = (char *) "--keep-going";

  orga_i18n_init (TRUE);
  textdomain (GETTEXT_PACKAGE);
  gtk_test_init (&test_argc, &test_argv, NULL);
  adw_init ();

  /* The French catalogue, or the access keys checked are English ones. */
  g_assert_cmpstr (_("_Cancel"), ==, "_Annuler");

  temp_dir = g_dir_make_tmp ("pixorga-mnemonics-test-XXXXXX", &error);
  g_assert_no_error (error);
  make_school ();
  main_window = orga_ui_test_present (gtk_label_new ("PixOrga"), 800, 600);

  g_test_add_func ("/mnemonics/campaign-form", test_campaign_form);
  g_test_add_func ("/mnemonics/campaign-form-external", test_campaign_form_external);
  g_test_add_func ("/mnemonics/cert-session-dialog", test_cert_session_dialog);
  g_test_add_func ("/mnemonics/cert-enrol-dialog", test_cert_enrol_dialog);
  g_test_add_func ("/mnemonics/cert-finalize-dialog", test_cert_finalize_dialog);
  g_test_add_func ("/mnemonics/cert-finalize-confirm", test_cert_finalize_confirm);
  g_test_add_func ("/mnemonics/cert-report-editor", test_cert_report_editor);
  g_test_add_func ("/mnemonics/import-preview", test_import_preview);
  g_test_add_func ("/mnemonics/import-errors", test_import_errors);
  g_test_add_func ("/mnemonics/join-dialog", test_join_dialog);
  g_test_add_func ("/mnemonics/join-dialog-sign-up", test_join_dialog_sign_up);
  g_test_add_func ("/mnemonics/preferences", test_preferences);
  g_test_add_func ("/mnemonics/activation-form", test_activation_form);
  g_test_add_func ("/mnemonics/student-account-dialog", test_student_account_dialog);
  g_test_add_func ("/mnemonics/message", test_message);
  g_test_add_func ("/mnemonics/session-delete", test_session_delete);
  g_test_add_func ("/mnemonics/participation-delete", test_participation_delete);
  g_test_add_func ("/mnemonics/campaign-delete", test_campaign_delete);

  status = g_test_run ();

  gtk_window_destroy (main_window);
  orga_ui_test_spin (50);
  g_clear_object (&connection);
  g_clear_object (&session);
  g_clear_object (&campaign);
  g_clear_object (&context);
  g_clear_object (&store);
  orga_ui_test_remove_dir (temp_dir);
  return status;
}
