/* orga-keys-check.c: what stops a person at the keyboard in a dialog
 * (issue 13, item 4)
 *
 * The dialog's widget tree is walked as shown (hidden stack pages and the
 * unused layout of an AdwMessageDialog's squeezer are not):
 * - every visible button with a text label underlines an access key
 *   (use-underline and a mnemonic), a message dialog's responses waiting
 *   for their condition included;
 * - every entry, spin button, drop-down, check button, switch or
 *   editable text view has a mnemonic label pointing at it, or is in an
 *   Adw row whose title has one (AdwEntryRow, AdwComboRow; an
 *   AdwActionRow only when the control is its activatable widget), or,
 *   for a check button, its own label underlines one;
 * - no access key is used twice in a dialog (GTK's window controls left
 *   out: they have none);
 * - a message dialog answers Enter and Escape (a default and a close
 *   response, neither destructive);
 * - the focus starts somewhere sensible (OrgaKeysFocus).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>

#include "orga-keys-check.h"
#include "orga-profile-picker.h"

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
focus_is_sensible (GtkWidget     *dialog,
                   OrgaKeysFocus  kind,
                   GString       *problems)
{
  GtkWidget *focus = gtk_window_get_focus (GTK_WINDOW (dialog));

  if (focus == NULL)
    {
      g_string_append (problems, "  no widget has the focus\n");
      return FALSE;
    }
  if (kind == ORGA_KEYS_FOCUS_FIELD && !GTK_IS_EDITABLE (focus) && !GTK_IS_DROP_DOWN (focus) && !ADW_IS_COMBO_ROW (focus) &&
      gtk_widget_get_ancestor (focus, GTK_TYPE_DROP_DOWN) == NULL)
    {
      g_string_append_printf (problems, "  the focus starts on %s, not on the first field\n", describe (focus));
      return FALSE;
    }
  if (kind == ORGA_KEYS_FOCUS_ANSWER && !ADW_IS_MESSAGE_DIALOG (dialog))
    {
      g_string_append_printf (problems, "  %s is no message dialog: it has no responses\n", describe (dialog));
      return FALSE;
    }
  if (kind == ORGA_KEYS_FOCUS_ANSWER)
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
  if (kind == ORGA_KEYS_FOCUS_SAFE && !is_safe_focus (focus))
    {
      g_string_append_printf (problems, "  the focus starts on %s, which Enter or Space would act on\n",
                              describe (focus));
      return FALSE;
    }
  return TRUE;
}

char *
orga_keys_check_dialog (GtkWidget      *dialog,
                        OrgaKeysFocus   focus,
                        char          **summary)
{
  Walk walk = {
    .keys = g_hash_table_new (NULL, NULL),
    .targets = g_ptr_array_new (),
    .inputs = g_ptr_array_new (),
    .problems = g_string_new (NULL),
  };

  g_return_val_if_fail (GTK_IS_WINDOW (dialog), NULL);

  focus_is_sensible (dialog, focus, walk.problems);
  if (ADW_IS_MESSAGE_DIALOG (dialog))
    check_responses (ADW_MESSAGE_DIALOG (dialog), walk.problems);
  visit (&walk, dialog);
  for (guint i = 0; i < walk.inputs->len; i++)
    {
      GtkWidget *input = g_ptr_array_index (walk.inputs, i);

      if (!input_has_key (&walk, input))
        g_string_append_printf (walk.problems, "  %s: no access key reaches it\n", describe (input));
    }
  if (g_hash_table_size (walk.keys) == 0)
    g_string_append (walk.problems, "  no access key at all\n");

  if (summary != NULL)
    {
      g_autoptr(GString) used = g_string_new (NULL);
      GHashTableIter iter;
      gpointer key;

      /* The keys taken, for whoever picks one for a new label. */
      g_hash_table_iter_init (&iter, walk.keys);
      while (g_hash_table_iter_next (&iter, &key, NULL))
        g_string_append_printf (used, " %s", gdk_keyval_name (GPOINTER_TO_UINT (key)));
      *summary = g_strdup_printf ("%u access keys (%s ), %u fields", g_hash_table_size (walk.keys), used->str,
                                  walk.inputs->len);
    }

  g_hash_table_unref (walk.keys);
  g_ptr_array_unref (walk.targets);
  g_ptr_array_unref (walk.inputs);
  return g_string_free (walk.problems, walk.problems->len == 0);
}
