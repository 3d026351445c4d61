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
import os
import subprocess
import unittest

# a11y holds the X display, then imports pyatspi (see a11y.py).
from a11y import APP, AppTestCase, has_state, pyatspi, refresh, visible, wait_for, walk

FIXTURES = os.environ["PIXORGA_FIXTURES"]


class Journey(AppTestCase):
    run_name = "journey"

    def setUp(self):
        self.set_up_app("pixorga-e2e-")
        self.start_app()

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

    def wait_name(self, node, name):
        def check():
            refresh(node)
            return node.name == name
        wait_for(f"{node.getRoleName()} “{name}”", check)

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
        self.press(create)

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
        self.press(confirm)

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
        self.press(classes)
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
        self.press(clear)
        self.wait_near(classes, "label", "2 élèves")
        self.wait_name(classes, "Classes")
        self.wait_rows(table, ["COVERT", "HANDMADE"])


if __name__ == "__main__":
    unittest.main(verbosity=2)
