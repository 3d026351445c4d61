#!/usr/bin/python3
"""What pixorga-cli writes while the app is open shows in its window
within 2 seconds, with no restart (the store's change feed), driven
through the accessibility tree.

A school set up with pixorga-cli → the app on Élèves, empty → `pixorga-cli
import` of the two-student SIECLE fixture: "Élèves (2)" → Campagnes,
empty → `pixorga-cli campaign create`: "1 campagne" and its row →
`pixorga-cli demo`: the demonstration banner → `pixorga-cli init` again
with a new name: the window's title. Each wait starts when the
command has exited and fails after 2 s (PIXORGA_E2E_LIVE_LIMIT to widen it
for a sanitizer build).

Mirrors tests/e2e/test-campaign.py (read test-journey.py's notes on what
GTK 4.8 exposes). Registered in tests/meson.build (suite "e2e"); needs
DISPLAY and a D-Bus session, /usr/bin/python3 with pyatspi, xdotool, and
PIXORGA_CLI.
"""
import os
import subprocess
import time
import unittest

# a11y holds the X display, then imports pyatspi (see a11y.py).
from a11y import AppTestCase, pyatspi, refresh, visible, wait_for, walk

CLI = os.environ["PIXORGA_CLI"]
FIXTURES = os.environ["PIXORGA_FIXTURES"]
UAI = "0330001A"
LIMIT = float(os.environ.get("PIXORGA_E2E_LIVE_LIMIT", "2"))


class LiveUpdate(AppTestCase):
    run_name = "live"

    def setUp(self):
        self.set_up_app("pixorga-e2e-live-")
        self.cli("init", "--uai", UAI, "--name", "Collège Jean Moulin")
        self.start_app()

    def cli(self, *args):
        subprocess.run([CLI, "--db", self.db, *args], env=self.env, check=True,
                       capture_output=True, timeout=60)

    def fixture(self):
        """The two-student SIECLE fixture, for this school."""
        with open(os.path.join(FIXTURES, "siecle", "siecle-with-two-valid-students.xml"), "rb") as f:
            data = f.read()
        data = data.replace(b"<UAJ>123ABC</UAJ>", f"<UAJ>{UAI}</UAJ>".encode())
        path = os.path.join(self.dir, "ElevesSansAdresses.xml")
        with open(path, "wb") as f:
            f.write(data)
        return path

    def node(self, role, prefix, root):
        """The visible node of @role whose name starts with @prefix: found
        once, then only it is read again (a look at the whole tree takes
        up to a second on a loaded machine, too slow to time 2 s with)."""
        def look():
            refresh(root)
            for node in walk(root):
                try:
                    if node.getRoleName() == role and (node.name or "").startswith(prefix) and visible(node):
                        return node
                except Exception:
                    continue
            return None
        return wait_for(f"{role} “{prefix}…”", look)

    @staticmethod
    def name_of(node):
        refresh(node)
        return node.name

    @staticmethod
    def on_screen(node):
        """GTK 4.8 sets no SHOWING state and says VISIBLE of what a closed
        revealer hides, but gives that no size."""
        refresh(node)
        x, y, w, h = node.queryComponent().getExtents(pyatspi.WINDOW_COORDS)
        return w > 0 and h > 0

    def run_and_see(self, what, args, seen):
        """Runs pixorga-cli with @args, then waits at most LIMIT seconds
        for @seen() to hold."""
        self.assertFalse(seen(), f"shown before {what}")
        self.cli(*args)
        start = time.monotonic()
        wait_for(f"{what} to show", seen, timeout=LIMIT)
        elapsed = time.monotonic() - start
        print(f"{what}: shown {elapsed * 1000:.0f} ms after pixorga-cli exited")
        self.assertLessEqual(elapsed, LIMIT)

    def click_at(self, node):
        """A pointer click in the middle of @node (a list row has no
        AT-SPI action); GTK 4.8 gives extents relative to the window."""
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
        x, y, w, h = node.queryComponent().getExtents(pyatspi.WINDOW_COORDS)
        subprocess.run(["xdotool", "mousemove", str(best[1] + x + w // 2), str(best[2] + y + h // 2)],
                       check=True)
        time.sleep(0.3)
        subprocess.run(["xdotool", "click", "1"], check=True)

    def test_cli_writes_show(self):
        window = wait_for("the window", lambda: self.find("frame", "PixOrga", exact=True))
        title = self.node("label", f"Collège Jean Moulin ({UAI})", window)
        # Élèves, empty: nothing imported yet.
        self.wait_find("push button", "Importer", window)

        heading = self.node("heading", "Élèves (", window)
        self.run_and_see("import", ["import", self.fixture()],
                         lambda: self.name_of(heading) == "Élèves (2)")
        self.wait_find("label", "HANDMADE", window)

        menu = self.wait_find("list item", "Campagnes", window, exact=True)
        self.click_at(menu)
        self.wait_state(menu, pyatspi.STATE_SELECTED, "Campagnes to be chosen in the menu")
        self.wait_find("label", "Aucune campagne pour l’instant", window)

        count = self.node("label", "0 campagne", window)
        self.run_and_see("campaign create",
                         ["campaign", "create", "--type", "profiles", "--name", "Collecte des profils"],
                         lambda: self.name_of(count) == "1 campagne")
        self.wait_find("label", "Collecte des profils", window, exact=True)

        banner = self.node("label", "Données de démonstration", window)
        self.run_and_see("demo", ["demo", "--seed", "3"], lambda: self.on_screen(banner))

        # The school renamed: the window's title.
        self.run_and_see("init", ["init", "--uai", UAI, "--name", "Collège Marie Curie"],
                         lambda: self.name_of(title) == f"Collège Marie Curie ({UAI})")


if __name__ == "__main__":
    unittest.main(verbosity=2)
