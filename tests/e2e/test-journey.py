#!/usr/bin/python3
"""The head teacher's first evening, driven through the accessibility tree.

Empty database → create the school → open the SIECLE export with the app →
confirm the preview → read "Élèves (2)" and the two rows → filter by class.
Typing goes through the X keyboard (xdotool), clicks through AT-SPI
actions, checks read what AT-SPI exposes: every control used here must be
named, or the test cannot find it.

What GTK 4.8 exposes, and how the test reads it:
- Nothing is ever STATE_SHOWING; STATE_VISIBLE only means the widget's
  "visible" property, so the pages of a stack that are not shown are in
  the tree too. Each check looks for something that only exists after its
  step, or looks inside the part of the window that it is about.
- The app keeps no AT-SPI cache up to date for us (that needs an event
  loop in this process): every look clears libatspi's cache of the
  application and reads the tree again.
- The page's title "Élèves (2)" is a heading (accessible-role in the .ui),
  not a label; the cells (GtkInscription) are labels named by their text.
- A check button has no AT-SPI action: the class filter is used with the
  keyboard, as a person without a mouse would.
- Other pages have their own "Effacer les filtres", counts and tables:
  what belongs to the Élèves page is looked for near its title.
- libatspi's warning "Error in GetItems … /org/a11y/atspi/cache" is
  harmless: GTK 4.8 has no cache interface, libatspi asks it one by one.

Registered in tests/meson.build (suite "e2e"); needs DISPLAY and a D-Bus
session (scripts/test.sh runs the suite under xvfb-run and
dbus-run-session), /usr/bin/python3 with pyatspi, xdotool.
PIXORGA_E2E_SCREENSHOT=FILE saves a screenshot at the end.
"""
import ctypes
import locale
import os
import shutil
import subprocess
import tempfile
import time
import unittest

# Xvfb resets when its last client leaves and refuses connections while it
# does. Importing pyatspi connects to the display for a moment (libatspi
# reads the accessibility bus address on the root window): the app,
# started right after, then failed one time in four with "cannot open
# display". A connection held for the whole run keeps the server up.
_libx11 = ctypes.CDLL("libX11.so.6")
_libx11.XOpenDisplay.restype = ctypes.c_void_p
_libx11.XOpenDisplay.argtypes = [ctypes.c_char_p]
X_DISPLAY = _libx11.XOpenDisplay(None)
if not X_DISPLAY:
    raise SystemExit(f"cannot open the display {os.environ.get('DISPLAY')!r}: "
                     "run under xvfb-run (see scripts/test.sh)")

import pyatspi  # noqa: E402 (after the display is held)

APP = os.environ["PIXORGA_APP"]
FIXTURES = os.environ["PIXORGA_FIXTURES"]
# Generous for the sanitizer build, where the app is several times slower;
# a wait returns as soon as what it waits for is there.
TIMEOUT = float(os.environ.get("PIXORGA_E2E_TIMEOUT", "30"))
POLL = 0.1


def french():
    """The environment for French messages: fr_FR.UTF-8 as a French
    school's computer has it (scripts/setup.sh makes it for the tests),
    else the translations alone."""
    try:
        locale.setlocale(locale.LC_ALL, "fr_FR.UTF-8")
        return {"LANG": "fr_FR.UTF-8", "LC_ALL": "fr_FR.UTF-8", "LANGUAGE": ""}
    except locale.Error:
        return {"LANG": "C.UTF-8", "LC_ALL": "C.UTF-8", "LANGUAGE": "fr"}
    finally:
        locale.setlocale(locale.LC_ALL, "C")


def walk(node):
    """@node and every node under it, depth first; refresh() it first to
    read what is there now."""
    if node is None:
        return
    yield node
    try:
        n = node.childCount
    except Exception:
        return
    for i in range(n):
        try:
            child = node.getChildAtIndex(i)
        except Exception:
            continue
        yield from walk(child)


def refresh(node):
    # Clears what libatspi remembers of @node and everything under it
    # (role, name, states, children): the next reads ask the app.
    try:
        node.clearCache()
    except Exception:
        pass


def has_state(node, state):
    try:
        return node.getState().contains(state)
    except Exception:
        return False


def visible(node):
    return has_state(node, pyatspi.STATE_VISIBLE)


def actionable(node):
    try:
        return node.queryAction().nActions > 0
    except NotImplementedError:
        return False
    except Exception:
        return False


def wait_for(what, predicate, timeout=TIMEOUT):
    deadline = time.monotonic() + timeout
    while True:
        found = predicate()
        if found:
            return found
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout:g} s waiting for {what}")
        time.sleep(POLL)


def name_matches(name, wanted, exact):
    if not exact:
        return wanted in name
    # GTK 4.8 names a button with a mnemonic "_Label Label".
    return name in (wanted, "_" + wanted, f"_{wanted} {wanted}")


class Journey(unittest.TestCase):
    def setUp(self):
        self.dir = tempfile.mkdtemp(prefix="pixorga-e2e-")
        self.env = dict(os.environ,
                        PIXORGA_DB=os.path.join(self.dir, "pixorga.db"),
                        GSETTINGS_BACKEND="memory",
                        GTK_A11Y="atspi", GDK_BACKEND="x11", **french())
        self.env.pop("NO_AT_BRIDGE", None)
        self.started = time.monotonic()
        self.proc = subprocess.Popen([APP], env=self.env)
        self.app = wait_for("the app on the accessibility bus", self.find_app)

    def tearDown(self):
        shot = os.environ.get("PIXORGA_E2E_SCREENSHOT")
        if shot:
            subprocess.run(f"xwd -root -silent | convert xwd:- {shot}", shell=True)
        self.proc.terminate()
        try:
            self.proc.wait(30)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        shutil.rmtree(self.dir)
        print(f"journey: {time.monotonic() - self.started:.1f} s")

    def find_app(self):
        self.assertIsNone(self.proc.poll(), "the app exited")
        desktop = pyatspi.Registry.getDesktop(0)
        # The registry's list of applications, as it is now.
        refresh(desktop)
        for i in range(desktop.childCount):
            try:
                app = desktop.getChildAtIndex(i)
                if app is not None and app.get_process_id() == self.proc.pid:
                    return app
            except Exception:
                continue
        return None

    def find(self, role, name, root=None, exact=False, action=False):
        """The first visible node of @role named @name under @root (the app
        by default), or None. @action: only one that can be pressed."""
        self.assertIsNone(self.proc.poll(), "the app exited")
        root = root or self.app
        refresh(root)
        for node in walk(root):
            try:
                if (node.getRoleName() == role and name_matches(node.name or "", name, exact)
                        and visible(node) and (not action or actionable(node))):
                    return node
            except Exception:
                continue
        return None

    def wait_find(self, role, name, root=None, exact=False, action=False):
        return wait_for(f"{role} “{name}”", lambda: self.find(role, name, root, exact, action))

    def near(self, anchor, role, name, exact=True, action=False):
        """The node of @role named @name closest to @anchor in the tree:
        searched in @anchor's parent, then its grandparent, and so on.
        Other pages have their own "Effacer les filtres", their own
        counts, and the hidden ones are in the tree too."""
        node = anchor
        while node is not None:
            found = self.find(role, name, node, exact, action)
            if found is not None:
                return found
            try:
                node = node.parent
            except Exception:
                return None
        return None

    def wait_near(self, anchor, role, name, exact=True, action=False):
        return wait_for(f"{role} “{name}” near {anchor.getRoleName()} “{anchor.name}”",
                        lambda: self.near(anchor, role, name, exact, action))

    def wait_state(self, node, state, what):
        def check():
            refresh(node)
            return has_state(node, state)
        wait_for(what, check)

    def wait_name(self, node, name):
        def check():
            refresh(node)
            return node.name == name
        wait_for(f"{node.getRoleName()} “{name}”", check)

    def click(self, node):
        action = node.queryAction()
        for i in range(action.nActions):
            if action.getName(i) in ("click", "activate", "press"):
                action.doAction(i)
                return
        action.doAction(0)

    def type_text(self, text):
        subprocess.run(["xdotool", "type", "--delay", "30", text], check=True)

    def key(self, *keys):
        subprocess.run(["xdotool", "key", *keys], check=True)

    def rows(self, table):
        """The last names in the students' table, in order."""
        refresh(table)
        names = []
        for row in walk(table):
            if row.getRoleName() != "table row" or not visible(row):
                continue
            cells = [c for c in walk(row) if c.getRoleName() == "label"]
            # The header row holds the column titles; student rows hold cells.
            if cells and any(c.getRoleName() == "table cell" for c in walk(row)):
                names.append(cells[0].name)
        return names

    def wait_rows(self, table, expected):
        wait_for(f"the rows {expected}", lambda: self.rows(table) == expected)

    def write_export(self):
        """The SIECLE export of the two-student fixture, for this school,
        with COVERT moved to 4B so that the class filter has something to
        leave out."""
        with open(os.path.join(FIXTURES, "siecle", "siecle-with-two-valid-students.xml"), "rb") as f:
            data = f.read()
        data = data.replace(b"<UAJ>123ABC</UAJ>", b"<UAJ>0330001Z</UAJ>")
        # COVERT (ELEVE_ID 0002) is the last student with a 4A division.
        covert = data.index(b'<STRUCTURES_ELEVE ELEVE_ID="0002">')
        head, tail = data[:covert], data[covert:]
        self.assertEqual(tail.count(b"<CODE_STRUCTURE>4A</CODE_STRUCTURE>"), 1)
        data = head + tail.replace(b"<CODE_STRUCTURE>4A</CODE_STRUCTURE>",
                                   b"<CODE_STRUCTURE>4B</CODE_STRUCTURE>")
        export = os.path.join(self.dir, "ElevesSansAdresses.xml")
        with open(export, "wb") as f:
            f.write(data)
        return export

    def test_first_evening(self):
        # Welcome page: the UAI field has the focus.
        self.wait_find("label", "Bienvenue dans PixOrga")
        self.type_text("0330001")
        self.type_text("Z")
        create = self.wait_find("push button", "Créer l’espace")
        self.assertFalse(has_state(create, pyatspi.STATE_SENSITIVE),
                         "a school cannot be created without a name")
        self.key("Tab")
        self.type_text("College Jean Moulin")
        self.wait_state(create, pyatspi.STATE_SENSITIVE, "the create button to be enabled")
        self.click(create)

        # The space: its title (set only once created), its menu in Pix
        # Orga's order, and the empty Élèves page.
        self.wait_find("label", "College Jean Moulin (0330001Z)")
        self.wait_find("label", "Aucun élève pour l’instant")
        refresh(self.app)
        entries = [n.name for n in walk(self.app) if n.getRoleName() == "list item" and visible(n)
                   and n.name in ("Campagnes", "Certifications", "Élèves", "Équipe", "Documentation")]
        self.assertEqual(entries, ["Campagnes", "Certifications", "Élèves", "Équipe", "Documentation"])
        self.assertIsNone(self.find("heading", "Élèves (2)", exact=True))

        # Open the SIECLE export with the app, as "Open with" does: the
        # running instance gets the file.
        subprocess.run([APP, self.write_export()], env=self.env, check=True, timeout=60)

        # The preview comes first; nothing is written before "Importer".
        preview = self.wait_find("label", "Nouveaux élèves")
        confirm = self.wait_near(preview, "push button", "Importer", action=True)
        self.click(confirm)

        # The list, refreshed: the title counts every student, the table
        # holds them sorted by name.
        self.wait_find("label", "La liste a été importée avec succès.")
        title = self.wait_find("heading", "Élèves (2)", exact=True)
        table = self.wait_near(title, "tree table", "Élèves")
        self.wait_rows(table, ["COVERT", "HANDMADE"])

        # Filter by class with the keyboard: the popover opens on its first
        # class, 4A; the next one is 4B. The check boxes are the popover's,
        # the count is the filter bar's, next to the button.
        classes = self.wait_near(title, "push button", "Classes", action=True)
        self.wait_near(classes, "label", "2 élèves")
        self.click(classes)
        first = self.wait_near(classes, "check box", "4A")
        second = self.wait_near(classes, "check box", "4B")
        self.wait_state(first, pyatspi.STATE_FOCUSED, "the focus on 4A")
        self.key("Tab")
        self.wait_state(second, pyatspi.STATE_FOCUSED, "the focus on 4B")
        self.key("space")
        self.wait_state(second, pyatspi.STATE_CHECKED, "4B to be checked")
        self.assertFalse(has_state(first, pyatspi.STATE_CHECKED))

        # Only COVERT is in 4B; the title still counts the whole school,
        # the button says one class is chosen.
        self.wait_near(classes, "label", "1 élève")
        self.wait_rows(table, ["COVERT"])
        self.wait_name(classes, "Classes (1)")
        self.wait_name(title, "Élèves (2)")

        # Both classes: both students again.
        self.key("shift+Tab")
        self.wait_state(first, pyatspi.STATE_FOCUSED, "the focus back on 4A")
        self.key("space")
        self.wait_state(first, pyatspi.STATE_CHECKED, "4A to be checked")
        self.wait_near(classes, "label", "2 élèves")
        self.wait_name(classes, "Classes (2)")
        self.wait_rows(table, ["COVERT", "HANDMADE"])

        # Only 4A, then no filter at all with "Effacer les filtres".
        self.key("Tab")
        self.wait_state(second, pyatspi.STATE_FOCUSED, "the focus back on 4B")
        self.key("space")
        self.wait_near(classes, "label", "1 élève")
        self.wait_rows(table, ["HANDMADE"])
        self.key("Escape")
        clear = self.wait_near(classes, "push button", "Effacer les filtres", action=True)
        self.wait_state(clear, pyatspi.STATE_SENSITIVE, "the clear button to be enabled")
        self.click(clear)
        self.wait_near(classes, "label", "2 élèves")
        self.wait_name(classes, "Classes")
        self.wait_rows(table, ["COVERT", "HANDMADE"])


if __name__ == "__main__":
    unittest.main(verbosity=2)
