#!/usr/bin/python3
"""The head teacher's first evening, driven through the accessibility tree.

Empty database → create the school → open the SIECLE export with the app →
confirm the preview → read "Élèves (2)" → filter by class. Typing goes
through the X keyboard (xdotool), clicks through AT-SPI actions, checks read
what AT-SPI exposes: every control used here must be named, or the test
cannot find it.

Status: not yet registered in meson. Every step up to the import passes;
after it, the refreshed Élèves page (its title, the rows) does not show in
the AT-SPI tree under GTK 4.8 although the screen shows it (see the
screenshot taken with PIXORGA_E2E_SCREENSHOT=FILE).

Needs DISPLAY and a D-Bus session (scripts/test.sh runs the suite under
xvfb-run and dbus-run-session), /usr/bin/python3 with pyatspi, xdotool.
"""
import os
import shutil
import subprocess
import sys
import tempfile
import time
import unittest

import pyatspi

APP = os.environ["PIXORGA_APP"]
FIXTURES = os.environ["PIXORGA_FIXTURES"]
TIMEOUT = 20


def walk(node):
    if node is None:
        return
    # Each node caches its children from the first look; the window has
    # changed since.
    try:
        node.clearCache()
    except Exception:
        pass
    yield node
    for i in range(node.childCount):
        try:
            child = node.getChildAtIndex(i)
        except Exception:
            continue
        yield from walk(child)


def showing(node):
    # GTK 4.8 does not set STATE_SHOWING; VISIBLE at least skips hidden
    # widgets. Checks below look for what only exists after each step.
    try:
        return node.getState().contains(pyatspi.STATE_VISIBLE)
    except Exception:
        return False


def wait_for(what, predicate, timeout=TIMEOUT):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = predicate()
        if found:
            return found
        time.sleep(0.2)
    raise AssertionError(f"timed out waiting for {what}")


class Journey(unittest.TestCase):
    def setUp(self):
        self.dir = tempfile.mkdtemp(prefix="pixorga-e2e-")
        self.env = dict(os.environ,
                        PIXORGA_DB=os.path.join(self.dir, "pixorga.db"),
                        GSETTINGS_BACKEND="memory",
                        LANG="fr_FR.UTF-8", LC_ALL="fr_FR.UTF-8", LANGUAGE="",
                        GTK_A11Y="atspi")
        self.env.pop("G_DEBUG", None)
        self.proc = subprocess.Popen([APP], env=self.env)
        # The registry's list of applications does not refresh once read:
        # let the app register before the first look.
        time.sleep(3)
        self.app = wait_for("the app on the accessibility bus", self.find_app)

    def tearDown(self):
        shot = os.environ.get("PIXORGA_E2E_SCREENSHOT")
        if shot:
            subprocess.run(f"xwd -root -silent | convert xwd:- {shot}", shell=True)
        self.proc.terminate()
        try:
            self.proc.wait(10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
        shutil.rmtree(self.dir)

    def find_app(self):
        desktop = pyatspi.Registry.getDesktop(0)
        # The desktop's children are cached from before the app started.
        desktop.clearCache()
        for i in range(desktop.childCount):
            app = desktop.getChildAtIndex(i)
            if app is not None and app.name == "pixorga":
                return app
        return None

    def find(self, role, name_part, root=None, exact=False):
        # AT-SPI caches what it has seen; the window changes under us.
        (root or self.app).clearCache()
        for node in walk(root or self.app):
            try:
                name = node.name or ""
                # GTK 4.8 names a button with a mnemonic "_Label Label".
                matches = (name in (name_part, "_" + name_part, f"_{name_part} {name_part}") if exact
                           else name_part in name)
                if node.getRoleName() == role and matches and showing(node):
                    return node
            except Exception:
                continue
        return None

    def wait_find(self, role, name_part, root=None, exact=False):
        return wait_for(f"{role} “{name_part}”", lambda: self.find(role, name_part, root, exact))

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

    def test_first_evening(self):
        # Welcome page: the UAI field has the focus.
        self.wait_find("label", "Bienvenue dans PixOrga")
        self.type_text("0330001")
        self.type_text("Z")
        create = self.wait_find("push button", "Créer l’espace")
        self.assertFalse(create.getState().contains(pyatspi.STATE_SENSITIVE),
                         "a school cannot be created without a name")
        self.key("Tab")
        self.type_text("College Jean Moulin")
        wait_for("the create button to be enabled",
                 lambda: create.getState().contains(pyatspi.STATE_SENSITIVE))
        self.click(create)

        # The space: its title (set only once created), its menu in Pix
        # Orga's order, and the empty Élèves page.
        self.wait_find("label", "College Jean Moulin (0330001Z)")
        self.wait_find("label", "Aucun élève pour l’instant")
        self.app.clearCache()
        entries = [n.name for n in walk(self.app) if n.getRoleName() == "list item" and showing(n)
                   and n.name in ("Campagnes", "Certifications", "Élèves", "Équipe", "Documentation")]
        self.assertEqual(entries, ["Campagnes", "Certifications", "Élèves", "Équipe", "Documentation"])

        # Open the SIECLE export with the app, as "Open with" does.
        export = os.path.join(self.dir, "ElevesSansAdresses.xml")
        with open(os.path.join(FIXTURES, "siecle", "siecle-with-two-valid-students.xml"), "rb") as f:
            data = f.read().replace(b"<UAJ>123ABC</UAJ>", b"<UAJ>0330001Z</UAJ>")
        with open(export, "wb") as f:
            f.write(data)
        subprocess.run([APP, export], env=self.env, check=True, timeout=30)

        # The preview comes first; nothing is written before "Importer".
        self.wait_find("label", "Nouveaux élèves")
        confirm = self.wait_find("push button", "Importer", exact=True)
        self.click(confirm)

        self.wait_find("label", "Élèves (2)")
        self.wait_find("label", "HANDMADE")
        self.wait_find("label", "COVERT")

        # Filter by class: 4A keeps both, the count says so.
        classes = self.wait_find("toggle button", "Classes")
        self.click(classes)
        check = self.wait_find("check box", "4A")
        self.click(check)
        self.wait_find("label", "2 élèves")


if __name__ == "__main__":
    unittest.main(verbosity=2)
