#!/usr/bin/python3
"""A head teacher creates the back-to-school campaign of the 6e, driven
through the accessibility tree.

A school set up with pixorga-cli → the app → "Campagnes" → "Créer une
campagne" → the name typed → "Parcours de rentrée 6e" chosen in the
profile picker → "Créer la campagne" → the code read where the app shows
it (the toast, the campaign's header, the list) and compared with what
`pixorga-cli campaigns --json` reports.

Mirrors tests/e2e/test-journey.py (read its notes on what GTK 4.8
exposes): typing and keys through the X keyboard (xdotool), buttons
pressed through their AT-SPI action, checks on what AT-SPI exposes, every
look at the tree read afresh. Besides:
- A list row (the sidebar's "Campagnes") has no AT-SPI action: it is
  clicked with the pointer at the middle of its extents. GTK 4.8 gives
  them relative to the window, whose place xdotool tells.
- A check button has no AT-SPI action either: the profile's radio is
  reached with Tab and chosen with the space bar, as a person without a
  mouse would; the picker's search narrows the list first.

Registered in tests/meson.build (suite "e2e"); needs DISPLAY and a D-Bus
session (scripts/test.sh runs the suite under xvfb-run and
dbus-run-session), /usr/bin/python3 with pyatspi, xdotool, and
PIXORGA_CLI. With PIXORGA_PO_DIR, the French of po/fragments not yet in
fr.po is merged for the run. PIXORGA_E2E_SCREENSHOT=FILE saves a
screenshot at the end.
"""
import glob
import json
import os
import re
import subprocess
import time
import unittest

# a11y holds the X display, then imports pyatspi (see a11y.py).
from a11y import AppTestCase, has_state, name_matches, pyatspi, refresh, visible, wait_for, walk

CLI = os.environ["PIXORGA_CLI"]
# Pix's readable alphabet: 6 letters without I and O, 3 digits without 0.
CODE = re.compile(r"^[A-HJ-NP-Z]{6}[1-9]{3}$")
CAMPAIGN_NAME = "Rentree 6e - toutes les classes"
PROFILE = "Parcours de rentrée 6e"


def text_of(node):
    try:
        text = node.queryText()
        return text.getText(0, text.characterCount)
    except Exception:
        return None


def french_catalogue(po_dir, out_dir):
    """The French catalogue with the translations still waiting in
    po/fragments (header-less PO files merged into fr.po between
    versions), fr.po first: the texts the released app shows. Returns the
    locale directory, or None when there is nothing to add."""
    fragments = sorted(glob.glob(os.path.join(po_dir, "fragments", "*.po")))
    if not fragments:
        return None
    header = ('msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n'
              '"Plural-Forms: nplurals=2; plural=(n > 1);\\n"\n\n')
    inputs = [os.path.join(po_dir, "fr.po")]
    for fragment in fragments:
        path = os.path.join(out_dir, os.path.basename(fragment))
        with open(fragment, encoding="utf-8") as f, open(path, "w", encoding="utf-8") as out:
            out.write(header + f.read())
        inputs.append(path)
    merged = os.path.join(out_dir, "fr.po")
    subprocess.run(["msgcat", "--use-first", "-o", merged, *inputs], check=True)
    locale_dir = os.path.join(out_dir, "locale")
    os.makedirs(os.path.join(locale_dir, "fr", "LC_MESSAGES"))
    subprocess.run(["msgfmt", "-o", os.path.join(locale_dir, "fr", "LC_MESSAGES", "pixorga.mo"), merged],
                   check=True)
    return locale_dir


class CampaignCreation(AppTestCase):
    run_name = "campaign"
    # This test has always also taken "La_bel Label" for an exact name.
    mnemonic_inside = True

    def setUp(self):
        self.set_up_app("pixorga-e2e-campaign-")
        if os.environ.get("PIXORGA_PO_DIR"):
            locale_dir = french_catalogue(os.environ["PIXORGA_PO_DIR"], self.dir)
            if locale_dir:
                self.env["PIXORGA_LOCALEDIR"] = locale_dir
        # The school, as IT staff would set it up (README's CLI contract).
        subprocess.run([CLI, "init", "--uai", "0330001A", "--name", "Collège Jean Moulin"],
                       env=self.env, check=True, capture_output=True, timeout=60)
        self.start_app()

    # -- the tree ----------------------------------------------------------

    def find_outside_table(self, roles, name, root):
        """A node of one of @roles named exactly @name that is not in a
        table: the campaign's page rather than the list's row."""
        refresh(root)
        def outside(node, in_table):
            try:
                role_name = node.getRoleName()
            except Exception:
                return None
            in_table = in_table or role_name == "tree table"
            if not in_table and role_name in roles and node.name == name and visible(node):
                return node
            try:
                n = node.childCount
            except Exception:
                return None
            for i in range(n):
                try:
                    found = outside(node.getChildAtIndex(i), in_table)
                except Exception:
                    continue
                if found is not None:
                    return found
            return None
        return outside(root, False)

    def toplevel(self, role, name):
        """The app's window of @role named @name (the form is its own)."""
        def look():
            refresh(self.app)
            for i in range(self.app.childCount):
                try:
                    window = self.app.getChildAtIndex(i)
                    if window.getRoleName() == role and window.name == name:
                        return window
                except Exception:
                    continue
            return None
        return wait_for(f"the window “{name}”", look)

    def focused(self, root):
        refresh(root)
        for node in walk(root):
            if has_state(node, pyatspi.STATE_FOCUSED):
                return node
        return None

    # -- input -------------------------------------------------------------

    def click_at(self, node):
        """A pointer click in the middle of @node, in the main window, for
        rows without an action."""
        left, top = self.window_origin()
        x, y, w, h = node.queryComponent().getExtents(pyatspi.WINDOW_COORDS)
        # The pointer first, then the click: a press without a motion
        # before it reaches GTK as a press where the pointer was.
        subprocess.run(["xdotool", "mousemove", str(left + x + w // 2), str(top + y + h // 2)], check=True)
        time.sleep(0.3)
        subprocess.run(["xdotool", "click", "1"], check=True)

    def type_into(self, node, text):
        """Types @text where the focus is and checks that @node holds it.
        Without a window manager the dialog is never activated; when X
        hands it the focus late, GtkText selects what is already typed and
        the next key replaces it: then it is typed again over the
        selection, as a person would."""
        def typed():
            refresh(node)
            return text_of(node) == text
        self.type_text(text)
        try:
            wait_for("the text typed", typed, timeout=3)
        except AssertionError:
            self.key("ctrl+a")
            self.type_text(text)
            wait_for(f"“{text}” typed", typed)

    def tab_to(self, root, role, name, limit=20):
        """Tab until the focus is on @role named @name in @root."""
        for _ in range(limit):
            node = self.focused(root)
            if (node is not None and node.getRoleName() == role
                    and name_matches(node.name or "", name, True, self.mnemonic_inside)):
                return node
            self.key("Tab")
            time.sleep(0.2)
        raise AssertionError(f"Tab never reached {role} “{name}”")

    def window_origin(self):
        """Where the main window is on the screen: GTK 4.8 gives extents
        relative to the window. xdotool's name search ignores case, and
        GDK's 1×1 leader window is called "pixorga": the biggest wins."""
        ids = wait_for("the main window on the X server", lambda: subprocess.run(
            ["xdotool", "search", "--pid", str(self.proc.pid), "--name", "^PixOrga$"],
            capture_output=True, text=True).stdout.split())
        best = None
        for window in ids:
            shell = subprocess.run(["xdotool", "getwindowgeometry", "--shell", window],
                                   capture_output=True, text=True, check=True).stdout
            values = dict(line.split("=", 1) for line in shell.split())
            area = int(values["WIDTH"]) * int(values["HEIGHT"])
            if best is None or area > best[0]:
                best = (area, int(values["X"]), int(values["Y"]))
        return best[1], best[2]

    # -- the test ----------------------------------------------------------

    def test_create_back_to_school_campaign(self):
        # The school's space opens on Élèves; the menu goes to Campagnes,
        # empty the first time.
        window = self.toplevel("frame", "PixOrga")
        self.wait_find("label", "Collège Jean Moulin (0330001A)", window)
        menu = self.wait_find("list item", "Campagnes", window, exact=True)
        self.click_at(menu)
        self.wait_state(menu, pyatspi.STATE_SELECTED, "Campagnes to be chosen in the menu")
        self.wait_find("label", "Aucune campagne pour l’instant", window)
        create = self.wait_find("push button", "Créer une campagne", window, action=True)
        self.press(create)

        # "Création d'une campagne": the name has the focus; the owner is
        # the person using the computer.
        form = self.toplevel("dialog", "Création d’une campagne")
        name = self.wait_find("text", "Nom de la campagne", form, exact=True)
        # The row's inner GtkText has the focus and is not in the tree:
        # what is typed shows it.
        self.type_into(name, CAMPAIGN_NAME)
        owner = text_of(self.wait_find("text", "Nom du propriétaire", form, exact=True))
        self.assertTrue(owner, "the owner defaults to the user")
        self.assertTrue(has_state(self.wait_find("check box", "Évaluer les participants", form, exact=True),
                                  pyatspi.STATE_CHECKED))

        # No profile yet: Pix's message under the picker, nothing created.
        submit = self.wait_find("push button", "Créer la campagne", form, exact=True, action=True)
        self.press(submit)
        self.wait_find("label", "Veuillez sélectionner un parcours pour votre campagne.", form)
        self.assertEqual(self.cli_campaigns(), [])

        # The picker: search by name, then the radio of the profile.
        self.tab_to(form, "entry", "Rechercher un parcours par nom")
        self.type_text("rentree 6e")
        radio = self.wait_find("check box", PROFILE, form, exact=True)
        self.tab_to(form, "check box", PROFILE)
        self.key("space")
        self.wait_state(radio, pyatspi.STATE_CHECKED, f"“{PROFILE}” to be chosen")
        self.wait_find("label", f"Parcours sélectionné : {PROFILE}", form)

        self.press(submit)

        # Created: the toast gives the code, the campaign's page opens with
        # it in its header.
        toast = self.wait_find("label", "La campagne a été créée. Son code est", window)
        code = re.search(r"Son code est ([A-Z0-9]+)\.", toast.name).group(1)
        self.assertRegex(code, CODE)
        wait_for("the campaign's name as the page's heading",
                 lambda: self.find_outside_table(("heading",), CAMPAIGN_NAME, window))
        wait_for("the code in the campaign's header",
                 lambda: self.find_outside_table(("label",), code, window))

        # What the command line reads from the same database.
        campaigns = self.cli_campaigns()
        self.assertEqual(len(campaigns), 1)
        self.assertEqual(campaigns[0]["code"], code)
        self.assertEqual(campaigns[0]["name"], CAMPAIGN_NAME)
        self.assertEqual(campaigns[0]["type"], "ASSESSMENT")
        self.assertEqual(campaigns[0]["target_profile_id"], "rentree-6e")
        self.assertEqual(campaigns[0]["owner"], owner)
        self.assertIsNone(campaigns[0]["archived_at"])

        # The list, behind the campaign's page (GTK 4.8 keeps the pages a
        # leaflet does not show in the tree): one row, with the same code.
        self.wait_find("label", "1 campagne", window, exact=True)
        table = self.wait_find("tree table", "Campagnes", window, exact=True)
        self.wait_find("label", code, table, exact=True)

    def cli_campaigns(self):
        out = subprocess.run([CLI, "--db", self.db, "campaigns", "--json"], env=self.env,
                             check=True, capture_output=True, text=True, timeout=60).stdout
        return json.loads(out)


if __name__ == "__main__":
    unittest.main(verbosity=2)
