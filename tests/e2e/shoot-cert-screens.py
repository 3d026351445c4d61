"""The screenshots of the Certifications page in its window
(data/screenshots/cert-window-*.png), in French, light and dark: the
three views (Préparation, Sessions, Résultats) of the demonstration
school, whose data `pixorga-cli demo` writes, certification included.

Not a test: run by hand under Xvfb and a D-Bus session, from the build
folder, when these screens change:

    xvfb-run -a -s '-screen 0 1280x800x24' dbus-run-session -- \\
      env PIXORGA_APP=src/app/pixorga PIXORGA_CLI=src/cli/pixorga-cli \\
          PIXORGA_SERVER=src/server/pixorga-server \\
          PIXORGA_LOCALEDIR=po PIXORGA_MODULE_DIR=src/modules GSETTINGS_SCHEMA_DIR=data \\
      /usr/bin/python3 ../tests/e2e/shoot-cert-screens.py ../data/screenshots

The window handling (finding, clicking, capturing) is the team's
shooter's (shoot-team-screens.py); only what is shown differs.
"""
import importlib.util
import os
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
_spec = importlib.util.spec_from_file_location("shoot_team_screens", os.path.join(HERE, "shoot-team-screens.py"))
shoot_team_screens = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(shoot_team_screens)

CLI = shoot_team_screens.CLI
GEN_SIECLE = os.environ.get("PIXORGA_GEN_SIECLE", os.path.join(HERE, "..", "..", "..", "shared", "tools",
                                                                "gen-siecle.py"))


class CertShooter(shoot_team_screens.Shooter):
    def make_school(self):
        env = dict(self.env, PIXORGA_DB=os.path.join(self.dir, "school.db"))
        subprocess.run([CLI, "init", "--uai", "0330001A", "--name", "Collège Jean Moulin"],
                       env=env, check=True, capture_output=True)
        siecle = os.path.join(self.dir, "eleves.xml")
        subprocess.run([GEN_SIECLE, "600", "--seed", "7", "--uai", "0330001A", "-o", siecle], check=True)
        for argv in (["import", siecle],
                     ["campaign", "create", "--name", "Parcours de rentrée 3e", "--profile", "rentree-3e"],
                     ["campaign", "create", "--name", "Collecte de profils 3e", "--type", "profiles"],
                     ["demo", "--seed", "7"]):
            subprocess.run([CLI, *argv], env=env, check=True, capture_output=True)

    def widen(self):
        """The screen's whole width: the sidebar and a page side by side."""
        for window in subprocess.run(["xdotool", "search", "--pid", str(self.proc.pid), "--name", "^PixOrga$"],
                                     capture_output=True, text=True).stdout.split():
            subprocess.run(["xdotool", "windowmove", window, "0", "0", "windowsize", window, "1280", "800"])
        time.sleep(1)

    def run(self):
        self.make_school()
        for dark in (False, True):
            suffix = "-dark" if dark else ""
            self.start_app("school.db", dark)
            self.widen()
            self.click(self.wait("list item", "Certifications"))
            self.wait(None, "Imprimer en PDF")
            self.shoot("cert-window-readiness" + suffix)
            self.click(self.wait(None, "Sessions"))
            self.wait(None, "Nouvelle session")
            self.shoot("cert-window-sessions" + suffix)
            self.click(self.wait(None, "Résultats"))
            self.wait(None, "Exporter les résultats")
            self.shoot("cert-window-results" + suffix)
            self.stop_app()


if __name__ == "__main__":
    shooter = CertShooter(sys.argv[1] if len(sys.argv) > 1 else ".")
    try:
        shooter.run()
    finally:
        shooter.close()
