"""The screenshots of the first run and the team (data/screenshots/), in
French, light and dark: the welcome page's three choices, the activation
form, the Équipe page as an administrator sees it, and the account menu
with two spaces, and (light only) the Équipe page offline.

Not a test: run by hand under Xvfb and a D-Bus session, from the build
folder, when these screens change:

    xvfb-run -a -s '-screen 0 1280x800x24' dbus-run-session -- \\
      env PIXORGA_APP=src/app/pixorga PIXORGA_CLI=src/cli/pixorga-cli \\
          PIXORGA_SERVER=src/server/pixorga-server \\
          PIXORGA_LOCALEDIR=po PIXORGA_MODULE_DIR=src/modules GSETTINGS_SCHEMA_DIR=data \\
      /usr/bin/python3 ../tests/e2e/shoot-team-screens.py ../data/screenshots

The team is made with pixorga-cli against a real pixorga-server (as
tests/test-cli-server.py does); the app then opens that database and finds
the account and its token as it does at every start.
"""
import glob
import os
import quopri
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from a11y import french, pyatspi, refresh, visible, walk, wait_for  # noqa: E402

APP = os.environ["PIXORGA_APP"]
CLI = os.environ["PIXORGA_CLI"]
SERVER = os.environ["PIXORGA_SERVER"]
PASSWORD = "Secret123"


def free_port():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Shooter:
    def __init__(self, out_dir):
        self.out = os.path.abspath(out_dir)
        self.dir = tempfile.mkdtemp(prefix="pixorga-shots-")
        self.mail = os.path.join(self.dir, "mail")
        os.mkdir(self.mail)
        self.env = dict(os.environ, PIXORGA_TOKEN_STORE="file",
                        XDG_DATA_HOME=os.path.join(self.dir, "data"),
                        GSETTINGS_BACKEND="memory", GTK_A11Y="atspi", GDK_BACKEND="x11", **french())
        self.env.pop("NO_AT_BRIDGE", None)
        self.server = None

    # -- the server and the team, through pixorga-cli ---------------------

    def start_server(self):
        db = os.path.join(self.dir, "server.db")
        for uai, name, address in (("0330001A", "Collège Jean Moulin", "secretariat@jean-moulin.example"),
                                   ("0330002B", "Lycée Montesquieu", "ce.0330002b@ac-bordeaux.example")):
            subprocess.run([SERVER, "--db", db, "org", "add", "--uai", uai, "--name", name,
                            "--email", address], check=True, stdout=subprocess.DEVNULL)
        port = free_port()
        self.url = f"http://127.0.0.1:{port}"
        self.server = subprocess.Popen([SERVER, "--db", db, "--listen", f"127.0.0.1:{port}",
                                        "--public-url", self.url, "--mail-dir", self.mail],
                                       stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, encoding="utf-8")
        self.server.stdout.readline()

    def cli(self, *args, db=None, password=None):
        argv = [CLI] + (["--db", os.path.join(self.dir, db)] if db else []) + list(args)
        subprocess.run(argv, input=(password + "\n") if password else "", env=self.env,
                       check=True, capture_output=True, text=True, encoding="utf-8", timeout=120)

    def link(self, address):
        for path in sorted(glob.glob(os.path.join(self.mail, "*.eml")), key=os.path.getmtime, reverse=True):
            with open(path, "rb") as f:
                text = quopri.decodestring(f.read()).decode("utf-8", "replace")
            if address in text:
                return re.search(r"https?://\S*/rejoindre\?[^\s\"<]+", text).group(0).replace("&amp;", "&")
        raise AssertionError(f"no mail to {address}")

    def make_team(self):
        head = "marie.curie@jean-moulin.example"
        self.cli("signup", "--server", self.url, "--email", head, "--first-name", "Marie",
                 "--last-name", "Curie", "--accept-terms", password=PASSWORD)
        for uai, address in (("0330002B", "ce.0330002b@ac-bordeaux.example"),
                             ("0330001A", "secretariat@jean-moulin.example")):
            self.cli("activate", "--server", self.url, "--uai", uai, "--first-name", "Marie",
                     "--last-name", "Curie")
            self.cli("join", self.link(address), "--email", head, db="head.db", password=PASSWORD)
        self.cli("invite", "paul.martin@jean-moulin.example", "lea.durand@jean-moulin.example",
                 "karim.benali@jean-moulin.example", db="head.db")
        for address, first, last in (("paul.martin@jean-moulin.example", "Paul", "Martin"),
                                     ("lea.durand@jean-moulin.example", "Léa", "Durand")):
            self.cli("signup", "--server", self.url, "--email", address, "--first-name", first,
                     "--last-name", last, "--accept-terms", password=PASSWORD)
            self.cli("join", self.link(address), "--email", address, db=f"{first}.db", password=PASSWORD)
        self.cli("member", "role", "lea.durand@jean-moulin.example", "admin", db="head.db")

    # -- the app -----------------------------------------------------------

    def start_app(self, db, dark):
        env = dict(self.env, PIXORGA_DB=os.path.join(self.dir, db))
        if dark:
            env["ADW_DEBUG_COLOR_SCHEME"] = "prefer-dark"
        self.proc = subprocess.Popen([APP], env=env)
        self.app = wait_for("the app", self.find_app)
        time.sleep(2)

    def stop_app(self):
        self.proc.terminate()
        self.proc.wait(30)

    def find_app(self):
        desktop = pyatspi.Registry.getDesktop(0)
        refresh(desktop)
        for i in range(desktop.childCount):
            try:
                app = desktop.getChildAtIndex(i)
                if app is not None and app.get_process_id() == self.proc.pid:
                    return app
            except Exception:
                continue
        return None

    def find(self, role, name):
        refresh(self.app)
        for node in walk(self.app):
            try:
                if (role is None or node.getRoleName() == role) and (node.name or "").replace("_", "").startswith(name) \
                        and visible(node):
                    return node
            except Exception:
                continue
        return None

    def wait(self, role, name):
        return wait_for(f"{role} {name}", lambda: self.find(role, name))

    def geometry(self):
        ids = subprocess.run(["xdotool", "search", "--pid", str(self.proc.pid), "--name", "^PixOrga$"],
                             capture_output=True, text=True).stdout.split()
        best = None
        for window in ids:
            shell = subprocess.run(["xdotool", "getwindowgeometry", "--shell", window],
                                   capture_output=True, text=True, check=True).stdout
            v = {k: int(x) for k, x in (line.split("=", 1) for line in shell.split()) if k != "SCREEN"}
            if best is None or v["WIDTH"] * v["HEIGHT"] > best["WIDTH"] * best["HEIGHT"]:
                best = v
        return best

    def click(self, node):
        g = self.geometry()
        x, y, w, h = node.queryComponent().getExtents(pyatspi.WINDOW_COORDS)
        subprocess.run(["xdotool", "mousemove", str(g["X"] + x + w // 2), str(g["Y"] + y + h // 2)], check=True)
        time.sleep(0.3)
        subprocess.run(["xdotool", "click", "1"], check=True)
        subprocess.run(["xdotool", "mousemove", "1279", "799"], check=True)

    def open_menu(self):
        """The account menu, through its button's AT-SPI action."""
        button = self.wait(None, "Compte")
        for node in walk(button):
            try:
                action = node.queryAction()
            except Exception:
                continue
            if action.nActions > 0:
                action.doAction(0)
                break
        time.sleep(1)

    def shoot(self, name):
        time.sleep(1.2)
        g = self.geometry()
        path = os.path.join(self.out, name + ".png")
        screen = os.path.join(self.dir, "screen.png")
        subprocess.run(f"xwd -root -silent | convert xwd:- {screen}", shell=True, check=True)
        # Popovers are ARGB windows that a root capture of Xvfb leaves out
        # (no compositor): each is captured by itself and laid on top.
        for window in subprocess.run(["xdotool", "search", "--pid", str(self.proc.pid)],
                                     capture_output=True, text=True).stdout.split():
            info = subprocess.run(["xwininfo", "-id", window], capture_output=True, text=True).stdout
            m = re.search(r"-geometry (\d+)x(\d+)\+(-?\d+)\+(-?\d+)", info)
            if "IsViewable" not in info or m is None or "Depth: 32" not in info:
                continue
            popup = os.path.join(self.dir, "popup.png")
            # xwd keeps no alpha: the transparent margin comes out black.
            subprocess.run(f"xwd -silent -id {window} | convert xwd:- -transparent black {popup}",
                           shell=True, check=True)
            subprocess.run(["convert", screen, popup, "-geometry", f"+{m.group(3)}+{m.group(4)}",
                            "-composite", screen], check=True)
        subprocess.run(["convert", screen, "-crop", f"{g['WIDTH']}x{g['HEIGHT']}+{g['X']}+{g['Y']}",
                        "+repage", path], check=True)
        print("wrote", path)

    def run(self):
        self.start_server()
        self.make_team()
        for dark in (False, True):
            suffix = "-dark" if dark else ""
            self.start_app("empty.db", dark)
            self.wait("label", "Bienvenue dans PixOrga")
            self.shoot("welcome" + suffix)
            self.click(self.wait("list item", "Activer l’espace de mon établissement"))
            self.wait("heading", "Activez ou récupérez votre espace Pix Orga")
            self.shoot("activation" + suffix)
            self.stop_app()

            self.start_app("head.db", dark)
            self.click(self.wait("list item", "Équipe"))
            self.wait(None, "Membres (3)")
            self.shoot("team" + suffix)
            self.open_menu()
            self.shoot("account-menu" + suffix)
            self.stop_app()

        # The server gone: the team as it was, and the banner.
        self.server.terminate()
        self.server.wait(30)
        self.server = None
        self.start_app("head.db", False)
        self.click(self.wait("list item", "Équipe"))
        self.wait(None, "Hors ligne")
        self.shoot("team-offline")
        self.stop_app()

    def close(self):
        if self.server is not None:
            self.server.terminate()
            self.server.wait(30)
        shutil.rmtree(self.dir, ignore_errors=True)


if __name__ == "__main__":
    shooter = Shooter(sys.argv[1] if len(sys.argv) > 1 else ".")
    try:
        shooter.run()
    finally:
        shooter.close()
