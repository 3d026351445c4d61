#!/usr/bin/python3
"""The accessibility walk (issue 13, item 5): every page of the main
window and the dialogs reachable without a server, in French, through
AT-SPI, on a school full of data (pixorga-cli: init, a generated SIECLE
export, two campaigns, the demonstration data with its certification).

On each screen:
- every control a person acts on (button, toggle, check box, radio,
  switch, entry, combo box, spin button, menu item, list item, link) has
  a role and a non-empty accessible name, not the type name GTK 4.8
  falls back on ("GtkImage");
- no name, text or tooltip shown is English: one equal to an msgid of
  po/fr.po whose French differs is a string the app forgot to translate
  (the set is read from po/fr.po, so it follows the catalogue);
- every chart (role "image": OrgaChart sets GTK_ACCESSIBLE_ROLE_IMG and
  its numbers as the accessible description) has a text description;
- the focus moves: Tab pressed a dozen times from the screen visits
  several distinct controls and never stays on one for more than a few
  presses in a row (no focus trap).
Every finding of every screen is gathered, then the test fails once with
the list: what to fix, not the first thing. A screen the walk cannot
reach (the enrolment dialog, the About window…) is a finding too. What
the toolkit does and the app cannot change is printed as "known", each
with its reason next to the rule that allows it.

Mirrors tests/e2e/test-journey.py (read its notes on what GTK 4.8
exposes): every look reads the tree afresh, keys go through xdotool.
Besides, for the walk: GTK 4.8 keeps the hidden pages of a stack in the
tree with STATE_VISIBLE, so a screen's walk also reads its hidden pages;
findings are reported once, under the first screen that shows them.

Registered in tests/meson.build (suite "e2e"); needs DISPLAY and a D-Bus
session, /usr/bin/python3 with pyatspi, xdotool, PIXORGA_CLI,
PIXORGA_PO_DIR and PIXORGA_GEN_SIECLE.
"""
import os
import re
import subprocess
import time
import unittest

# a11y holds the X display, then imports pyatspi (see a11y.py).
from a11y import AppTestCase, has_state, pyatspi, refresh, visible, wait_for

CLI = os.environ["PIXORGA_CLI"]
PO_DIR = os.environ["PIXORGA_PO_DIR"]
GEN_SIECLE = os.environ["PIXORGA_GEN_SIECLE"]

CONTROL_ROLES = {
    "push button", "toggle button", "check box", "radio button", "switch",
    "entry", "text", "password text", "combo box", "spin button", "menu item",
    "check menu item", "radio menu item", "list item", "link", "slider",
}
TYPE_NAME = re.compile(r"^(Gtk|Adw)[A-Z][A-Za-z]+$")
# Controls named after their type inside the two windows the toolkit
# builds whole, where the app has no hand on them: GTK 4.8's
# GtkShortcutsWindow (its section switcher, a GtkMenuButton in the tree
# even with one section; its search is named by orga_widget_name_search)
# and libadwaita 1.2's AdwAboutWindow (adw_show_about_window: the app only
# passes properties; its header's icon button, the text view of its legal
# page and a button of its own pages have no accessible name in 1.2).
TOOLKIT_UNNAMED = {
    "Raccourcis": {("push button", "GtkMenuButton")},
    "À propos": {("push button", "GtkImage"), ("text", "GtkTextView"), ("push button", "GtkButton")},
}
# Presses of Tab per screen, and how many in a row on one control is a trap.
TAB_PRESSES = 8
STUCK = 3


def english_msgids(path):
    """The msgids of @path whose msgstr differs, mnemonics removed: a
    visible name equal to one of them is English left on screen."""
    entries, msgid, msgstr, field = [], None, None, None

    def unquote(s):
        # A PO string: the quotes off, the C escapes read.
        return bytes(s[1:-1], "utf-8").decode("unicode_escape").encode("latin-1").decode("utf-8")

    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.strip()
            if line.startswith("msgid "):
                if msgid is not None:
                    entries.append((msgid, msgstr))
                msgid, msgstr, field = unquote(line[6:]), "", "id"
            elif line.startswith("msgstr "):
                msgstr, field = unquote(line[7:]), "str"
            elif line.startswith("msgid_plural") or line.startswith("msgstr["):
                field = None
            elif line.startswith('"') and field == "id":
                msgid += unquote(line)
            elif line.startswith('"') and field == "str":
                msgstr += unquote(line)
    if msgid is not None:
        entries.append((msgid, msgstr))
    english = set()
    for msgid, msgstr in entries:
        if not msgid or not msgstr or "%" in msgid:
            continue
        plain = msgid.replace("_", "")
        if plain != msgstr.replace("_", "") and len(plain) > 1:
            english.add(plain)
    return english


def shown_text(name):
    """@name as read: GTK 4.8 names a button with a mnemonic "_Label
    Label" (or "La_bel Label"); the underline is not shown."""
    if "_" in name:
        for i, c in enumerate(name):
            if c == " " and name[:i].replace("_", "") == name[i + 1:]:
                return name[i + 1:]
    return name.replace("_", "")


class Node:
    """What the walk read of one node: read once, checked after."""
    __slots__ = ("acc", "role", "name", "description", "path", "focusable")

    def __init__(self, acc, role, name, description, path, focusable):
        self.acc, self.role, self.name = acc, role, name
        self.description, self.path, self.focusable = description, path, focusable

    def label(self):
        return f"{self.role} “{self.name}” ({self.path})"


class A11yWalk(AppTestCase):
    run_name = "a11y-walk"
    mnemonic_inside = True

    def setUp(self):
        self.set_up_app("pixorga-e2e-a11y-")
        self.english = english_msgids(os.path.join(PO_DIR, "fr.po"))
        siecle = os.path.join(self.dir, "eleves.xml")
        subprocess.run([GEN_SIECLE, "120", "--seed", "7", "--uai", "0330001A", "-o", siecle],
                       check=True, capture_output=True, timeout=60)
        for argv in (["init", "--uai", "0330001A", "--name", "Collège Jean Moulin"],
                     ["import", siecle],
                     ["campaign", "create", "--name", "Parcours de rentrée 3e", "--profile", "rentree-3e"],
                     ["campaign", "create", "--name", "Collecte de profils 3e", "--type", "profiles"],
                     ["demo", "--seed", "7"]):
            subprocess.run([CLI, *argv], env=self.env, check=True, capture_output=True, timeout=120)
        self.findings = []
        self.seen = set()
        self.charts = 0
        self.not_covered = []
        self.known = []
        self.start_app()

    # -- reading a screen --------------------------------------------------

    def read(self, root):
        """The visible nodes under @root, read once each; a node that is
        not visible is skipped with what is under it."""
        refresh(root)
        out = []

        def visit(acc, path):
            try:
                states = acc.getState()
                role = acc.getRoleName()
                # The application node has no "visible" state: read from
                # it (the main menu's popover), it would hide everything.
                if not states.contains(pyatspi.STATE_VISIBLE) and role != "application":
                    return
                name = acc.name or ""
                description = acc.description or "" if role in ("image", "push button", "toggle button") else ""
                out.append(Node(acc, role, name, description, path,
                                states.contains(pyatspi.STATE_FOCUSABLE)))
                n = acc.childCount
            except Exception:
                return
            for i in range(n):
                try:
                    child = acc.getChildAtIndex(i)
                except Exception:
                    continue
                if child is not None:
                    visit(child, f"{path}/{i}")
        visit(root, "0")
        return out

    def report(self, screen, node, what):
        key = (node.role, node.name, what)
        if key in self.seen:
            return
        self.seen.add(key)
        self.findings.append(f"{screen}: {node.label()}: {what}")

    def check(self, screen, root, tab=True):
        started = time.monotonic()
        nodes = self.read(root)
        read_time = time.monotonic() - started
        by_path = {node.path: node for node in nodes}
        for node in nodes:
            if node.role in CONTROL_ROLES:
                if node.role in ("invalid", "unknown", ""):
                    self.report(screen, node, "no role")
                if (not node.name.strip() and not self.named_by_parent(node, by_path)
                        and not self.named_child(node, nodes)):
                    self.report(screen, node, "no accessible name")
                # GTK 4.8 names what has no name after its type: a screen
                # reader then says "GtkImage".
                elif TYPE_NAME.match(node.name):
                    parent = by_path.get(node.path.rsplit("/", 1)[0])
                    # GTK 4.8's GtkDropDown: the button inside it is not
                    # ours to name; the drop-down (the combo box above it,
                    # named) is what a screen reader announces.
                    if (node.name == "GtkToggleButton" and parent is not None
                            and parent.role == "combo box" and parent.name.strip()):
                        self.note(f"{screen}: {node.label()} inside the combo box “{parent.name}”")
                    elif any(screen.startswith(window) and (node.role, node.name) in controls
                             for window, controls in TOOLKIT_UNNAMED.items()):
                        self.note(f"{screen}: {node.label()}, built by the toolkit without a name")
                    else:
                        self.report(screen, node, "named after its GTK type: no accessible name")
            for text in (node.name, node.description):
                if text and shown_text(text.strip()) in self.english:
                    self.report(screen, node, f"English: “{text}”")
            # A chart is an image that takes the focus (OrgaChart: its
            # bars are highlighted with the arrows); an icon does not.
            if node.role == "image" and node.focusable:
                self.charts += 1
                if not node.description.strip():
                    self.report(screen, node, "a chart without a text description")
                if not node.name.strip():
                    self.report(screen, node, "a chart without a name")
        if tab:
            self.check_focus(screen, root, nodes)
        print(f"{screen}: {len(nodes)} nodes read in {read_time:.1f} s, "
              f"checked in {time.monotonic() - started:.1f} s", flush=True)
        return nodes

    def note(self, line):
        if line not in self.known:
            self.known.append(line)

    def named_child(self, node, nodes):
        # GTK 4.8's GtkListView row (GtkListItemWidget) takes no name of
        # its own (GtkListItem's accessible properties came with GTK 4.12):
        # a screen reader reads the named check box it holds.
        if node.role != "list item":
            return False
        prefix = node.path + "/"
        return any(n.path.startswith(prefix) and n.role in CONTROL_ROLES and n.name.strip()
                   for n in nodes)

    def named_by_parent(self, node, by_path):
        # The GtkText inside a named entry (or an AdwEntryRow) is read
        # with its entry: the screen reader says the entry's name.
        if node.role != "text":
            return False
        parent = by_path.get(node.path.rsplit("/", 1)[0])
        return parent is not None and bool(parent.name.strip())

    def focused_node(self, root, focusables):
        for node in focusables:
            refresh(node.acc)
            if has_state(node.acc, pyatspi.STATE_FOCUSED):
                return node
        return None

    def focus_window(self, title):
        """Gives @title's X window the keyboard: without a window manager
        a new window, or the main one after a dialog, is never activated
        and the keys would go nowhere."""
        ids = subprocess.run(["xdotool", "search", "--pid", str(self.proc.pid), "--name", "^" + re.sub(r"([.^$*+?()\[\]{}|\\])", r"\\\1", title) + "$"],
                             capture_output=True, text=True).stdout.split()
        best = None
        for window in ids:
            shell = subprocess.run(["xdotool", "getwindowgeometry", "--shell", window],
                                   capture_output=True, text=True).stdout
            try:
                values = dict(line.split("=", 1) for line in shell.split())
                area = int(values["WIDTH"]) * int(values["HEIGHT"])
            except (ValueError, KeyError):
                continue
            if best is None or area > best[0]:
                best = (area, window)
        if best is not None:
            subprocess.run(["xdotool", "windowfocus", best[1]], capture_output=True)
            time.sleep(0.2)

    def check_focus(self, screen, root, nodes):
        try:
            self.focus_window(root.name or "PixOrga")
        except Exception:
            pass
        focusables = [node for node in nodes if node.focusable]
        visited, run, last, unknown = [], 0, None, 0
        for _ in range(TAB_PRESSES):
            self.key("Tab")
            time.sleep(0.15)
            node = self.focused_node(root, focusables)
            where = node.path if node is not None else None
            # Where AT-SPI shows no focused node is unknown, not a trap:
            # allowed below for entry rows only.
            if where is None:
                unknown += 1
                last = None
                continue
            run = run + 1 if where == last else 1
            last = where
            if where is not None:
                visited.append(node)
            if run > STUCK:
                trail = ", ".join(n.label() for n in visited)
                message = (f"{screen}: the focus stays on {node.label() if node else 'nothing AT-SPI shows'} "
                           f"for {run} presses of Tab (a focus trap); before: {trail}")
                # GTK 4.8's GtkShortcutsWindow with one section: its
                # shortcuts take no focus and it shows no section switcher,
                # so its header's search button (named by the app's
                # orga_widget_name_search: GTK 4.8 left it "GtkImage") is
                # the one control Tab can reach; Escape closes the window.
                # A single stop, not a trap, and GTK's layout, not ours.
                if (node is not None and node.name == "Rechercher des raccourcis"
                        and screen.startswith("Raccourcis")):
                    self.known.append(message)
                else:
                    self.findings.append(message)
                return
        # libadwaita 1.2's AdwEntryRow: its GtkText takes the keyboard
        # focus, but AT-SPI never shows it focused (a GtkEntry's GtkText
        # is: checked with a window of a GtkEntry and an AdwEntryRow and
        # nothing of ours). Its text is the one that is "selectable" (a
        # list box row's child) and editable. A press that lands nowhere
        # AT-SPI shows is allowed once per such row; more is a control of
        # ours that takes the focus unseen.
        entry_rows = sum(1 for node in nodes if node.role == "text" and node.focusable
                         and has_state(node.acc, pyatspi.STATE_SELECTABLE)
                         and has_state(node.acc, pyatspi.STATE_EDITABLE))
        if unknown > entry_rows:
            self.findings.append(f"{screen}: {unknown} of {TAB_PRESSES} presses of Tab on a control AT-SPI "
                                 f"does not show as focused, for {entry_rows} entry row(s)")
        elif unknown:
            self.known.append(f"{screen}: {unknown} of {TAB_PRESSES} presses of Tab on an entry row "
                              "(AdwEntryRow: never shown focused)")
        distinct = {node.path for node in visited}
        # The controls AT-SPI does not show focused are somewhere else.
        if len(distinct) + (1 if unknown else 0) < 3:
            self.findings.append(f"{screen}: Tab reaches {len(distinct)} control(s) only: "
                                 + ", ".join(sorted({n.label() for n in visited})))

    # -- moving around -----------------------------------------------------

    def main_window(self):
        return self.toplevel("PixOrga")

    def first(self, root, predicate, what, timeout=8):
        def look():
            for node in self.read(root):
                try:
                    if predicate(node):
                        return node
                except Exception:
                    continue
            return None
        return wait_for(what, look, timeout)

    def named(self, root, role, text, what=None):
        return self.first(root, lambda n: (role is None or n.role == role)
                          and shown_text(n.name) == text, what or f"{role} “{text}”")

    def activate(self, node, title="PixOrga"):
        try:
            if node.acc.queryAction().nActions > 0:
                self.press(node.acc)
                return
        except Exception:
            pass
        self.click_at(node.acc, title)

    def window(self, predicate, what, timeout=8):
        def look():
            refresh(self.app)
            for i in range(self.app.childCount):
                try:
                    w = self.app.getChildAtIndex(i)
                    if w is not None and predicate(w):
                        return w
                except Exception:
                    continue
            return None
        return wait_for(what, look, timeout)

    def close_window(self, w):
        self.focus_window(w.name)
        self.key("Escape")
        try:
            wait_for("the window closed", lambda: self.gone(w), timeout=5)
        except AssertionError:
            self.key("Escape")

    def gone(self, w):
        refresh(self.app)
        for i in range(self.app.childCount):
            try:
                if self.app.getChildAtIndex(i) == w and visible(w):
                    return False
            except Exception:
                continue
        return True

    def page(self, key):
        """A page of the sidebar by its accelerator (Alt+1…5)."""
        self.focus_window("PixOrga")
        self.key(f"alt+{key}")
        time.sleep(0.6)

    # -- the walk ----------------------------------------------------------

    def test_walk(self):
        main = self.main_window()
        wait_for("the school's pages", lambda: self.find("list item", "Campagnes", main, exact=True))

        # Campagnes, its creation form, a campaign's tabs.
        self.page(1)
        self.check("Campagnes", main)
        self.step(self.campaign_form, main)
        self.step(self.campaign_tabs, main)

        # Certifications, its three views, a session and its dialogs.
        self.page(2)
        self.named(main, None, "Préparation")
        self.check("Certifications — Préparation", main)
        self.step(self.cert_views, main)

        # Élèves and a student's page.
        self.page(3)
        self.check("Élèves", main)
        self.step(self.student_page, main)

        self.page(4)
        self.check("Équipe", main)
        self.page(5)
        self.check("Documentation", main)

        self.step(self.preferences, main)
        self.step(self.shortcuts, main)
        self.step(self.about, main)

        print(f"charts read: {self.charts}", flush=True)
        for line in self.known:
            print(f"known (GTK 4.8): {line}", flush=True)
        # A screen the walk could not reach is a screen not checked: a
        # finding too, after the others.
        findings = self.findings + [f"not walked: {line}" for line in self.not_covered]
        self.assertEqual(findings, [], "\n" + "\n".join(findings))

    def step(self, method, main):
        """A part of the walk; when it cannot be reached, that is a
        finding, and the walk goes on to the next."""
        try:
            method(main)
        except AssertionError as e:
            self.not_covered.append(f"{method.__name__}: {e}")

    def campaign_form(self, main):
        # Its accelerator (Ctrl+N, the button's tooltip), from the page.
        self.focus_window("PixOrga")
        self.key("ctrl+n")
        form = self.window(lambda w: w.name not in ("PixOrga", ""), "the campaign form")
        self.check(f"Formulaire « {form.name} »", form)
        self.close_window(form)

    def campaign_tabs(self, main):
        row = self.first(main, lambda n: n.role in ("table row", "list item")
                         and "Parcours de rentrée 3e" in n.name
                         or (n.role == "label" and n.name == "Parcours de rentrée 3e"), "the campaign's row")
        self.click_at(row.acc)
        self.key("Return")
        self.named(main, None, "Activité", "the campaign's tabs")
        self.check("Campagne — Activité", main)
        for tab in ("Résultats", "Analyse", "Paramètres"):
            node = self.first(main, lambda n: n.role in ("toggle button", "push button", "page tab", "radio button")
                              and shown_text(n.name) == tab, f"the tab “{tab}”")
            self.activate(node)
            time.sleep(0.8)
            self.check(f"Campagne — {tab}", main)
        self.page(1)

    def cert_views(self, main):
        for view in ("Sessions", "Résultats"):
            node = self.first(main, lambda n: n.role in ("toggle button", "push button", "radio button", "page tab")
                              and shown_text(n.name) == view, f"the view “{view}”")
            self.activate(node)
            time.sleep(0.8)
            self.check(f"Certifications — {view}", main)
        back = self.first(main, lambda n: n.role in ("toggle button", "push button", "radio button", "page tab")
                          and shown_text(n.name) == "Sessions", "the view “Sessions”")
        self.activate(back)
        time.sleep(0.5)
        new = self.first(main, lambda n: n.role == "push button" and shown_text(n.name) == "Nouvelle session",
                         "“Nouvelle session”")
        self.activate(new)
        dialog = self.window(lambda w: w.name not in ("PixOrga", ""), "the session dialog")
        self.check(f"Dialogue « {dialog.name} »", dialog)
        self.close_window(dialog)
        # The session to come of the demonstration (orga-store-cert.c):
        # its row opens its page, whose "Inscrire des élèves" opens the
        # enrolment. Found by its room: the first "table row" of the tree
        # is the hidden Préparation view's, which opened nothing.
        room = self.first(main, lambda n: n.role == "label" and n.name == "Salle informatique 2",
                          "the row of the session to come")
        self.click_at(room.acc)
        self.key("Return")
        # The session page's button is in the tree before its session is
        # loaded, insensitive: wait for the loaded one.
        enrol = self.first(main, lambda n: n.role == "push button" and shown_text(n.name) == "Inscrire des élèves"
                           and has_state(n.acc, pyatspi.STATE_SENSITIVE), "“Inscrire des élèves”")
        self.check("Session", main)
        self.activate(enrol)
        dialog = self.window(lambda w: w.name not in ("PixOrga", ""), "the enrolment dialog")
        self.check(f"Dialogue « {dialog.name} »", dialog)
        self.close_window(dialog)

    def student_page(self, main):
        row = self.first(main, lambda n: n.role == "table row", "a student's row")
        self.click_at(row.acc)
        self.key("Return")
        time.sleep(1)
        # When the click alone opened the page, Return pressed the button
        # it focuses ("Gérer le compte"): its dialog, modal, then took
        # every key of the screens after. Closed, the walk goes on.
        self.close_dialogs()
        self.check("Élève", main)

    def close_dialogs(self):
        refresh(self.app)
        for i in range(self.app.childCount):
            try:
                w = self.app.getChildAtIndex(i)
                if w is not None and w.name != "PixOrga" and visible(w):
                    self.close_window(w)
            except Exception:
                continue

    def preferences(self, main):
        self.focus_window("PixOrga")
        self.key("ctrl+comma")
        w = self.window(lambda w: w.name == "Préférences", "the preferences")
        self.check("Préférences", w)
        self.close_window(w)

    def shortcuts(self, main):
        self.focus_window("PixOrga")
        self.key("ctrl+question")
        w = self.window(lambda w: w.name not in ("PixOrga", "Préférences", ""), "the shortcuts window")
        self.check(f"Raccourcis « {w.name} »", w)
        self.close_window(w)

    def about(self, main):
        # GTK 4.8's GtkMenuButton is two nodes of one name: the outer one
        # has no action (a click on its middle opened nothing), the inner
        # button it holds opens the menu.
        menu = self.first(main, lambda n: n.role in ("toggle button", "push button")
                          and shown_text(n.name) == "Menu principal"
                          and n.acc.queryAction().nActions > 0, "the main menu button")
        self.activate(menu)
        item = self.first(self.app, lambda n: n.role == "menu item" and "propos" in n.name, "the About item")
        self.check("Menu principal", self.app, tab=False)
        self.activate(item)
        w = self.window(lambda w: "propos" in (w.name or "") or w.name == "À propos de PixOrga",
                        "the About window")
        self.check("À propos", w)
        self.close_window(w)


if __name__ == "__main__":
    unittest.main(verbosity=2)
