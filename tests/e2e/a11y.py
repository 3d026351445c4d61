"""What the end-to-end tests share: the X display held, the app started
with a fresh database and found on the accessibility bus, and the tree
read afresh at every look.

Imported by tests/e2e/test-*.py, which meson runs as scripts: their
folder is sys.path[0]. Import it before pyatspi (it holds the display
first); the notes on what GTK 4.8 exposes are in test-journey.py.
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


def dump(node, depth=0, out=None):
    """The tree under @node as indented "role “name”" lines, visible
    nodes only: what a failing test prints to show what was there."""
    out = [] if out is None else out
    try:
        if depth > 1 and not visible(node):
            return out
        out.append(f"{'  ' * depth}{node.getRoleName()} “{node.name}”")
        n = node.childCount
    except Exception:
        return out
    for i in range(n):
        try:
            dump(node.getChildAtIndex(i), depth + 1, out)
        except Exception:
            continue
    return out


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


def name_matches(name, wanted, exact, mnemonic_inside=False):
    if not exact:
        return wanted in name
    # GTK 4.8 names a button with a mnemonic "_Label Label".
    if name in (wanted, "_" + wanted, f"_{wanted} {wanted}"):
        return True
    # With @mnemonic_inside, also "La_bel Label": the underline elsewhere.
    return mnemonic_inside and name.replace("_", "").startswith(wanted) and name.endswith(" " + wanted)


def text_of(node):
    try:
        text = node.queryText()
        return text.getText(0, text.characterCount)
    except Exception:
        return None


class AppTestCase(unittest.TestCase):
    """A test of the app: set_up_app() makes the run's folder and
    environment, start_app() starts the app on them; tearDown() stops it
    and says how long the run took."""

    # What the timing line is called.
    run_name = "e2e"
    # Whether exact names may have their mnemonic after the first letter.
    mnemonic_inside = False

    def set_up_app(self, prefix):
        self.dir = tempfile.mkdtemp(prefix=prefix)
        self.db = os.path.join(self.dir, "pixorga.db")
        self.env = dict(os.environ,
                        PIXORGA_DB=self.db,
                        GSETTINGS_BACKEND="memory",
                        GTK_A11Y="atspi", GDK_BACKEND="x11", **french())
        self.env.pop("NO_AT_BRIDGE", None)

    def start_app(self):
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
        print(f"{self.run_name}: {time.monotonic() - self.started:.1f} s")

    # -- the tree ----------------------------------------------------------

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
                if (node.getRoleName() == role
                        and name_matches(node.name or "", name, exact, self.mnemonic_inside)
                        and visible(node) and (not action or actionable(node))):
                    return node
            except Exception:
                continue
        return None

    def wait_find(self, role, name, root=None, exact=False, action=False):
        return wait_for(f"{role} “{name}”", lambda: self.find(role, name, root, exact, action))

    def wait_state(self, node, state, what):
        def check():
            refresh(node)
            return has_state(node, state)
        wait_for(what, check)

    def near(self, anchor, role, name, exact=True, action=False):
        """The node of @role named @name closest to @anchor: searched in
        @anchor's parent, then its grandparent, and so on (the stacks'
        hidden pages are in the tree too)."""
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

    def said(self, root, text):
        """A node of any role (label, alert, status) whose name is @text."""
        refresh(root)
        for node in walk(root):
            try:
                if node.name == text and visible(node):
                    return node
            except Exception:
                continue
        return None

    def wait_said(self, root, text):
        return wait_for(f"“{text}” shown", lambda: self.said(root, text))

    def wait_near(self, anchor, role, name, exact=True, action=False):
        return wait_for(f"{role} “{name}” near “{anchor.name}”",
                        lambda: self.near(anchor, role, name, exact, action))

    def toplevel(self, name):
        def look():
            refresh(self.app)
            for i in range(self.app.childCount):
                try:
                    window = self.app.getChildAtIndex(i)
                    if window.name == name:
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

    def press(self, node):
        """Presses @node through its AT-SPI action."""
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

    def window_origin(self, title):
        ids = wait_for(f"the window “{title}” on the X server", lambda: subprocess.run(
            ["xdotool", "search", "--pid", str(self.proc.pid), "--name", f"^{title}$"],
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

    def click_at(self, node, title="PixOrga"):
        """A pointer click in the middle of @node, for what has no action
        (rows, check boxes); GTK 4.8 gives extents relative to the window."""
        left, top = self.window_origin(title)
        x, y, w, h = node.queryComponent().getExtents(pyatspi.WINDOW_COORDS)
        subprocess.run(["xdotool", "mousemove", str(left + x + w // 2), str(top + y + h // 2)], check=True)
        time.sleep(0.3)
        subprocess.run(["xdotool", "click", "1"], check=True)

    def fill(self, node, text, title="PixOrga"):
        """Clicks into the entry row @node and types @text, again over a
        selection if X gave the focus late (see test-campaign.py)."""
        self.click_at(node, title)
        time.sleep(0.2)

        def typed():
            refresh(node)
            return text in (text_of(node) or "") or any(
                text == (text_of(n) or "") for n in walk(node))
        self.key("ctrl+a")
        self.type_text(text)
        try:
            wait_for("the text typed", typed, timeout=3)
        except AssertionError:
            self.click_at(node, title)
            self.key("ctrl+a")
            self.type_text(text)
            wait_for(f"“{text}” typed", typed)

    def tab_and_type(self, root, role, name, text, exact=True):
        """Tabs to @role named @name in @root and types @text there: for a
        text area out of the pointer's reach. Typed again over a selection
        when X gave the keyboard focus late, as fill() does: GTK says the
        area has the focus while X still sends the keys to a dialog that
        is closing (seen under the sanitizers' load)."""
        node = self.tab_to(root, role, name, exact=exact)

        def typed():
            refresh(node)
            return text in (text_of(node) or "")
        self.type_text(text)
        try:
            wait_for("the text typed", typed, timeout=3)
        except AssertionError:
            node = self.tab_to(root, role, name, exact=exact)
            self.key("ctrl+a")
            self.type_text(text)
            wait_for(f"“{text}” typed", typed)
        return node

    def tab_to(self, root, role, name, limit=30, exact=True):
        """Tab until the focus is on @role named @name in @root: for what
        is scrolled out of the window, which a pointer cannot reach."""
        for _ in range(limit):
            node = self.focused(root)
            if (node is not None and node.getRoleName() == role
                    and name_matches(node.name or "", name, exact, self.mnemonic_inside)):
                return node
            self.key("Tab")
            # Until GTK has moved the focus (it may leave @root for a while).
            try:
                wait_for("the focus to move", lambda: self.focused(root) != node, timeout=2)
            except AssertionError:
                pass
        raise AssertionError(f"Tab never reached {role} “{name}”")
