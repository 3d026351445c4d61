"""A certification session from its creation to the attestations, driven
through the accessibility tree and the browser (issue 12, item 9).

Set-up, as a school's IT would leave it: a real pixorga-server on loopback
with the school in its directory; pixorga-cli activates the space, signs
the head teacher up, joins the space with the desktop database, imports a
3e class of two students (Léa MARTIN, Hugo DUBOIS) from a SIECLE file and
syncs. The app then opens on that database, signed in.

In the app: Certifications → Sessions → "Créer une session" → the form →
the session's page → "Inscrire des élèves" → "Tout sélectionner",
"Inscrire (2)" → the access code and the supervisor's password read from
the screen, the number the server gives shown after the app's own sync.

In the browser (tests/e2e/cert-browser.js on the steps of
tests/web/orga-cert-browser.js): the supervisor signs in with the number
and password read in the app and ticks Léa present; Léa joins with the
access code and her identity and answers the 48 questions. Hugo does not
come.

Back in the app: "Synchroniser maintenant" → Léa's row shows her test,
Hugo's "Non commencé" → "Finaliser la session…": "Écran de fin du test
vu", one report (C7, with its description), a global comment, Finaliser,
confirmed → "Finalisée". The server publishes as it applies the
finalization (docs/certification.md, "Jury and publication"): after a sync
the session reads "Résultats transmis". The browser then reads Léa's
published status, score and verification code (and checks the code on
/verification-certificat); the Résultats view shows her row with that
score and code; "Télécharger les attestations" saves the PDF through the
file chooser (GTK's own: no portal under the test), typed as a path; the
PDF has one page, and pdftotext finds her name, score and code.

Mirrors tests/e2e/test-team-activation.py (read tests/e2e/test-journey.py's
notes on what GTK 4.8 exposes): keys through xdotool, buttons through
their AT-SPI action, rows by pointer; what a dialog may hold below the
screen's edge (check boxes, the comment, the combo rows) by keyboard. The
view switcher's pages all stay in the tree: each tab is waited for as
shown before its page is read.

Registered in tests/meson.build (suite "e2e"); needs DISPLAY, a D-Bus
session, /usr/bin/python3 with pyatspi, xdotool, PIXORGA_SERVER,
PIXORGA_CLI, node with playwright-core and Debian's Chromium (skipped
without them), poppler-utils. PIXORGA_E2E_SHOTS=DIR saves a screenshot of
each screen passed (DIR/cert-e2e-*.png).
"""
import datetime
import glob
import json
import os
import re
import shutil
import socket
import subprocess
import time
import unittest
import zoneinfo

from a11y import AppTestCase, dump, has_state, pyatspi, refresh, text_of, visible, wait_for, walk

SERVER = os.environ["PIXORGA_SERVER"]
CLI = os.environ["PIXORGA_CLI"]
NODE = os.environ.get("PIXORGA_NODE", "node")
CHROMIUM = os.environ.get("PIXORGA_CHROMIUM", "/usr/bin/chromium")
BROWSER = os.path.join(os.path.dirname(os.path.abspath(__file__)), "cert-browser.js")

UAI = "0330001A"
SCHOOL = "Collège Jean Moulin"
SCHOOL_MAIL = "secretariat@jean-moulin.example"
HEAD_MAIL = "marie.curie@jean-moulin.example"
HEAD_PASSWORD = "Certif-2026"
CLASS = "3A"
# Léa takes the test; Hugo is enrolled and does not come.
LEA = {"firstName": "Léa", "lastName": "MARTIN", "birthdate": "2011-03-05"}
HUGO = {"firstName": "Hugo", "lastName": "DUBOIS", "birthdate": "2011-10-12"}

# A 3e class (MEF 1031…) of two, as SIECLE exports it.
SIECLE = f"""<?xml version="1.0" encoding="UTF-8"?>
<BEE_ELEVES VERSION="2.1"><PARAMETRES><UAJ>{UAI}</UAJ></PARAMETRES><DONNEES><ELEVES>
<ELEVE ELEVE_ID="1001"><ID_NATIONAL>1234567890A</ID_NATIONAL><NOM_DE_FAMILLE>MARTIN</NOM_DE_FAMILLE>
<PRENOM>Léa</PRENOM><CODE_SEXE>2</CODE_SEXE><DATE_NAISS>05/03/2011</DATE_NAISS><CODE_PAYS>100</CODE_PAYS>
<CODE_DEPARTEMENT_NAISS>033</CODE_DEPARTEMENT_NAISS><CODE_COMMUNE_INSEE_NAISS>33063</CODE_COMMUNE_INSEE_NAISS>
<VILLE_NAISS>BORDEAUX</VILLE_NAISS><CODE_MEF>10310019110</CODE_MEF><CODE_STATUT>ST</CODE_STATUT></ELEVE>
<ELEVE ELEVE_ID="1002"><ID_NATIONAL>1234567891B</ID_NATIONAL><NOM_DE_FAMILLE>DUBOIS</NOM_DE_FAMILLE>
<PRENOM>Hugo</PRENOM><CODE_SEXE>1</CODE_SEXE><DATE_NAISS>12/10/2011</DATE_NAISS><CODE_PAYS>100</CODE_PAYS>
<CODE_DEPARTEMENT_NAISS>033</CODE_DEPARTEMENT_NAISS><CODE_COMMUNE_INSEE_NAISS>33063</CODE_COMMUNE_INSEE_NAISS>
<VILLE_NAISS>BORDEAUX</VILLE_NAISS><CODE_MEF>10310019110</CODE_MEF><CODE_STATUT>ST</CODE_STATUT></ELEVE>
</ELEVES><STRUCTURES>
<STRUCTURES_ELEVE ELEVE_ID="1001"><STRUCTURE><CODE_STRUCTURE>{CLASS}</CODE_STRUCTURE><TYPE_STRUCTURE>D</TYPE_STRUCTURE></STRUCTURE></STRUCTURES_ELEVE>
<STRUCTURES_ELEVE ELEVE_ID="1002"><STRUCTURE><CODE_STRUCTURE>{CLASS}</CODE_STRUCTURE><TYPE_STRUCTURE>D</TYPE_STRUCTURE></STRUCTURE></STRUCTURES_ELEVE>
</STRUCTURES></DONNEES></BEE_ELEVES>
"""

# The codes' formats (docs/certification.md, spec §2.2).
ACCESS_CODE = re.compile(r"^[A-Z]{4}[0-9]{2}$")
PASSWORD = re.compile(r"^[A-Z0-9]{5}$")
VERIFICATION_CODE = re.compile(r"^P-[A-Z0-9]{8}$")


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Certification(AppTestCase):
    run_name = "certification"
    mnemonic_inside = True

    def setUp(self):
        if not shutil.which(NODE) or not os.path.exists(CHROMIUM):
            self.skipTest("node and Chromium are needed for the browser's half")
        self.set_up_app("pixorga-e2e-cert-")
        # The token in a file of the run's folder, not the keyring; the
        # file chooser is GTK's own, not the portal's.
        self.env["PIXORGA_TOKEN_STORE"] = "file"
        self.env["XDG_DATA_HOME"] = os.path.join(self.dir, "data")
        self.env["GTK_USE_PORTAL"] = "0"
        self.shots = os.environ.get("PIXORGA_E2E_SHOTS")
        self.server = None
        self.start_server()
        self.set_up_school()
        self.start_app()

    def tearDown(self):
        # The server first: the app's tearDown removes the run's folder.
        self.stop_server()
        if hasattr(self, "proc"):
            super().tearDown()

    def stop_server(self):
        if self.server is not None and self.server.poll() is None:
            self.server.terminate()
            self.server.wait(30)

    def explain_failure(self):
        """What was there when a step failed: the app's tree (visible
        nodes) and the end of the server's log."""
        try:
            print("\n".join(dump(self.app)))
        except Exception as e:
            print("no tree:", e)
        with open(self.server_log, encoding="utf-8", errors="replace") as f:
            print("".join(f.readlines()[-30:]))

    # -- set-up --------------------------------------------------------------

    def start_server(self):
        self.mail_dir = os.path.join(self.dir, "mail")
        os.mkdir(self.mail_dir)
        db = os.environ.get("PIXORGA_TEST_PG_URI") or os.path.join(self.dir, "server.db")
        if db.startswith("postgres"):
            subprocess.run(["psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", "-d", db, "-c",
                            "DROP SCHEMA public CASCADE; CREATE SCHEMA public"],
                           check=True, stdout=subprocess.DEVNULL)
        subprocess.run([SERVER, "--db", db, "org", "add", "--uai", UAI, "--name", SCHOOL,
                        "--email", SCHOOL_MAIL], check=True, stdout=subprocess.DEVNULL)
        # The browser follows the server's own links: its public address
        # is the one it listens on.
        self.server_url = f"http://127.0.0.1:{free_port()}"
        self.server_log = os.path.join(self.dir, "server.log")
        log = open(self.server_log, "w")
        self.server = subprocess.Popen([SERVER, "--db", db, "--listen", self.server_url[len("http://"):],
                                        "--public-url", self.server_url, "--mail-dir", self.mail_dir],
                                       stdout=log, stderr=subprocess.STDOUT)
        log.close()
        # Also when the set-up fails after this (no tearDown then).
        self.addCleanup(shutil.rmtree, self.dir, True)
        self.addCleanup(self.stop_server)

        def listening():
            self.assertIsNone(self.server.poll(), "pixorga-server exited")
            with open(self.server_log, encoding="utf-8") as f:
                return "listening on " in f.read()
        wait_for("pixorga-server listening", listening)

    def cli(self, *args, stdin=None):
        done = subprocess.run([CLI, "--db", self.db, *args], env=self.env, input=stdin,
                              capture_output=True, encoding="utf-8", timeout=120)
        self.assertEqual(done.returncode, 0, f"pixorga-cli {' '.join(args)}:\n{done.stdout}{done.stderr}")
        return done.stdout

    def mail_link(self, address):
        def look():
            for path in sorted(glob.glob(os.path.join(self.mail_dir, "*.eml")), key=os.path.getmtime):
                with open(path, encoding="utf-8", errors="replace") as f:
                    raw = f.read()
                if address not in raw:
                    continue
                text = raw.replace("=\r\n", "").replace("=\n", "").replace("=3D", "=")
                m = re.search(r"https?://[^\s\"<>]*/rejoindre\?[^\s\"<>]+", text)
                if m:
                    return m.group(0).replace("&amp;", "&")
            return None
        return wait_for(f"a mail to {address}", look)

    def set_up_school(self):
        """The space, the head teacher, the database bound, the class
        imported and pushed: pixorga-cli's contract (README), as
        tests/test-student-journey.js does it."""
        subprocess.run([CLI, "activate", "--server", self.server_url, "--uai", UAI, "--first-name", "Marie",
                        "--last-name", "Curie"], env=self.env, check=True, capture_output=True, timeout=60)
        link = self.mail_link(SCHOOL_MAIL)
        subprocess.run([CLI, "signup", "--server", self.server_url, "--email", HEAD_MAIL, "--first-name", "Marie",
                        "--last-name", "Curie", "--accept-terms"], env=self.env, input=HEAD_PASSWORD + "\n",
                       encoding="utf-8", check=True, capture_output=True, timeout=60)
        self.cli("join", link, "--email", HEAD_MAIL, stdin=HEAD_PASSWORD + "\n")
        siecle = os.path.join(self.dir, "siecle.xml")
        with open(siecle, "w", encoding="utf-8") as f:
            f.write(SIECLE)
        self.cli("import", siecle)
        report = json.loads(self.cli("sync", "--json"))
        self.assertEqual(report["status"], "ok", report)

    # -- the browser ---------------------------------------------------------

    def browser(self, step, config):
        path = os.path.join(self.dir, "browser.json")
        with open(path, "w", encoding="utf-8") as f:
            json.dump(config, f)
        done = subprocess.run([NODE, BROWSER, step, path], env=self.env, capture_output=True, encoding="utf-8",
                              timeout=600)
        self.assertEqual(done.returncode, 0, f"cert-browser.js {step}:\n{done.stdout}{done.stderr}")
        return json.loads(done.stdout.strip().splitlines()[-1])

    # -- the tree ------------------------------------------------------------

    def labels_in(self, node):
        """The visible labels under @node, in order; none when @node went
        (a list rebuilt after a sync)."""
        if node is None:
            return []
        refresh(node)
        names = []
        for n in walk(node):
            try:
                if n.getRoleName() == "label" and n.name and visible(n):
                    names.append(n.name)
            except Exception:
                continue
        return names

    def row_labels(self, root, name):
        """The labels of the list item @name under @root, found afresh."""
        return self.labels_in(self.find("list item", name, root, exact=True))

    def value_in_row(self, window, title, pattern):
        """The label matching @pattern in the row titled @title."""
        def look():
            row = self.find("list item", title, window, exact=True) or self.find("row", title, window, exact=True)
            if row is None:
                return None
            for name in self.labels_in(row):
                if pattern.match(name):
                    return name
            return None
        return wait_for(f"the value of “{title}”", look)

    def step(self, what):
        """Where the run is, and when: the slow steps show in the log."""
        print(f"# {time.monotonic() - self.started:6.1f} s  {what}", flush=True)

    def shot(self, name):
        if not self.shots:
            return
        os.makedirs(self.shots, exist_ok=True)
        # The screen, trimmed of the black around the windows.
        path = os.path.join(self.shots, f"cert-e2e-{name}.png")
        subprocess.run(f"xwd -root -silent | convert xwd:- -trim +repage png:{path}", shell=True, check=False)

    def sync_now(self, window):
        """The header's sync indicator ("Synchronisation : À jour"), then
        "Synchroniser maintenant" in its popover; the popover closed again
        with the indicator (else the next click only closes it)."""
        indicator = self.wait_find("push button", "Synchronisation", window, action=True)
        self.press(indicator)
        self.press(self.wait_find("push button", "Synchroniser maintenant", None, action=True))
        self.press(indicator)
        wait_for("the sync popover closed", lambda: self.find("push button", "Synchroniser maintenant") is None)

    def open_tab(self, page, name):
        """The view switcher's tab @name of @page, clicked and shown (the
        other pages stay in the tree: what follows must be on this one)."""
        tab = self.wait_find("page tab", name, page, exact=True)
        self.click_at(tab)

        def shown():
            refresh(tab)
            return any(has_state(tab, state) for state in (pyatspi.STATE_SELECTED, pyatspi.STATE_CHECKED,
                                                           pyatspi.STATE_PRESSED))
        wait_for(f"the tab “{name}” shown", shown)

    def choose(self, root, combo, item):
        """Chooses @item in the combo row named @combo with the keyboard
        (its popover is a surface of its own, a pointer would miss it):
        opened with Return on the current item, Down as many times as
        @item is below it, Return."""
        box = self.tab_to(root, "combo box", combo, exact=False)
        current = [n for n in self.labels_in(box) if " · " in n][0]
        self.key("Return")

        def items():
            refresh(box)
            found = [" ".join(self.labels_in(n)) for n in walk(box) if n.getRoleName() == "list item"]
            return found or None
        names = wait_for(f"the list of “{combo}”", items)
        steps = ([i for i, n in enumerate(names) if item in n][0]
                 - [i for i, n in enumerate(names) if current in n][0])
        self.assertGreaterEqual(steps, 0)
        self.key(*(["Down"] * steps), "Return")
        wait_for(f"“{item}” chosen", lambda: item in self.labels_in(self.find("combo box", combo, root)))

    def find_chooser(self):
        """The save dialog (GTK's own: no portal under the test)."""
        refresh(self.app)
        for i in range(self.app.childCount):
            try:
                window = self.app.getChildAtIndex(i)
                # GTK 4.8 gives the dialog no role of its own ("filler").
                if window.getRoleName() != "frame" and "attestations" in (window.name or ""):
                    return window
            except Exception:
                continue
        return None

    # -- the test ------------------------------------------------------------

    def test_certification(self):
        try:
            self.certification()
        except Exception:
            self.explain_failure()
            raise

    def certification(self):
        window = self.toplevel("PixOrga")
        self.wait_find("label", f"{SCHOOL} ({UAI})", window, exact=True)

        self.step("app started")
        # -- Certifications → Sessions.
        menu = self.wait_find("list item", "Certifications", window, exact=True)
        self.click_at(menu)
        self.wait_state(menu, pyatspi.STATE_SELECTED, "Certifications chosen in the menu")
        # The page's view switcher: tabs named by their page's title.
        page = self.wait_find("panel", "Certifications", window, exact=True)
        self.open_tab(page, "Sessions")
        self.shot("sessions-empty")

        self.step("Sessions")
        # -- A session through its form; it opens on its page.
        self.press(self.wait_find("push button", "Créer une session", page, action=True))
        title = "Création d’une session de certification"
        dialog = self.toplevel(title)
        today = datetime.datetime.now(zoneinfo.ZoneInfo("Europe/Paris")).strftime("%d/%m/%Y")
        for field, value in (("Nom du site", SCHOOL), ("Nom de la salle", "CDI"),
                             ("Surveillant(s)", "Mme Lefèvre"), ("Date de début", today),
                             ("Heure de début", "14:00")):
            self.fill(self.wait_find("text", field, dialog), value, title)
        self.shot("session-form")
        self.press(self.wait_find("push button", "Créer la session", dialog, action=True))
        self.wait_said(page, "Créée")

        self.step("session created")
        # -- Enrolment: the class, every student.
        self.press(self.wait_find("push button", "Inscrire des élèves", page, action=True))
        enrol = self.toplevel("Inscrire des élèves")
        self.press(self.wait_find("push button", "Tout sélectionner", enrol, action=True))
        self.press(self.wait_find("push button", "Inscrire (2)", enrol, action=True))
        self.wait_find("list item", "MARTIN Léa", page, exact=True)
        self.wait_find("list item", "DUBOIS Hugo", page, exact=True)

        # -- The codes to give, read from the screen. The number comes from
        # the server: the app's own sync, two seconds after a change,
        # brings it.
        access_code = self.value_in_row(page, "Code d’accès (candidats)", ACCESS_CODE)
        password = self.value_in_row(page, "Mot de passe de session (surveillant)", PASSWORD)
        number = self.value_in_row(page, "Numéro de session", re.compile(r"^[0-9]+$"))
        self.wait_said(page, f"Session {number}")
        self.shot("session")

        self.step("enrolled, codes read")
        # -- In the room: the supervisor and Léa; Hugo does not come.
        config = {"url": self.server_url, "number": int(number), "password": password, "accessCode": access_code}
        taken = self.browser("take", dict(config, candidates=[LEA]))["taken"]
        self.assertEqual([t["questions"] for t in taken], [48])

        self.step("browser: the test taken")
        # -- Back in the app: Léa's test pulled.
        self.sync_now(window)
        wait_for("Léa's test on her row", lambda: {"Terminé", "Validée"} & set(self.row_labels(page, "MARTIN Léa")))
        self.assertIn("Non commencé", self.row_labels(page, "DUBOIS Hugo"))

        self.step("synced")
        # -- The finalization (spec §2.5).
        self.press(self.wait_find("push button", "Finaliser la session…", page, action=True))
        title = "Finaliser la session"
        final = self.toplevel(title)
        # The keyboard: the dialog may be taller than the screen.
        self.wait_find("check box", "Écran de fin du test vu par Léa MARTIN", final)
        seen = self.tab_to(final, "check box", "Écran de fin du test vu par Léa MARTIN", exact=False)
        self.key("space")
        self.wait_state(seen, pyatspi.STATE_CHECKED, "“Écran de fin du test vu” checked")
        # One report on the incident report: a non-blocking technical
        # incident (C7), which changes nothing in the jury's rules.
        self.press(self.wait_find("push button", "Ajouter un signalement pour Léa MARTIN", final, action=True))
        title_report = "Ajouter un signalement"
        report = self.toplevel(title_report)
        self.choose(report, "Catégorie", "C7 · Incident technique non bloquant")
        self.fill(self.wait_find("text", "Description du signalement", report),
                  "Coupure du réseau de deux minutes à la question 12.", title_report)
        self.press(self.wait_find("push button", "Ajouter", report, exact=True, action=True))
        self.wait_find("label", "C7", final)
        self.tab_and_type(final, "text", "Commentaire global",
                          "Session calme, une coupure réseau de deux minutes.")
        self.shot("finalize")
        self.press(self.wait_find("push button", "Finaliser", final, exact=True, action=True))
        confirm = self.toplevel("Finaliser la session ?")
        self.press(self.wait_find("push button", "Finaliser", confirm, exact=True, action=True))
        self.wait_said(page, "Finalisée")

        self.step("finalized")
        # -- Published by the server as it applies the finalization
        # (docs/certification.md, "Jury and publication").
        self.sync_now(window)
        self.wait_said(page, "Résultats transmis")
        self.shot("finalized")

        # -- The list of sessions: its row, two enrolled, one test taken.
        self.press(self.wait_find("push button", "Retour aux sessions", page, exact=True, action=True))
        table = self.wait_find("tree table", "Sessions de certification", page)

        def session_row():
            refresh(table)
            for row in walk(table):
                try:
                    if row.getRoleName() == "table row" and number in self.labels_in(row):
                        return self.labels_in(row)
                except Exception:
                    continue
            return None
        self.assertEqual(wait_for("the session's row", session_row),
                         [number, SCHOOL, "CDI", today, "14:00", "Mme Lefèvre", "2", "1", "Résultats transmis"])
        self.shot("sessions")

        self.step("published")
        # -- What Léa reads, what the app shows.
        results = self.browser("results", dict(config, candidates=[LEA]))["results"]
        self.assertEqual(results[0]["status"], "Validée", results)
        code = results[0]["verificationCode"]
        score = results[0]["pixScore"]
        self.assertRegex(code, VERIFICATION_CODE)

        self.open_tab(page, "Résultats")
        table = self.wait_find("tree table", "Résultats de certification", page)
        row = wait_for("Léa's result", lambda: next(
            (r for r in walk(table) if r.getRoleName() == "table row" and "MARTIN Léa" in self.labels_in(r)), None))
        self.assertEqual(self.labels_in(row), ["MARTIN Léa", "Validée", str(score),
                                               datetime.datetime.now(zoneinfo.ZoneInfo("Europe/Paris"))
                                               .strftime("%d/%m/%Y"), code])
        self.shot("results")

        self.step("results shown")
        # -- The attestations, saved through the file chooser.
        pdf = os.path.join(self.dir, "attestations.pdf")
        self.press(self.wait_find("push button", "Télécharger les attestations", page, action=True))
        chooser = wait_for("the file chooser", self.find_chooser)
        # The whole path in the name's entry, as a person may type it.
        self.fill(self.wait_find("text", "Nom", chooser), pdf, chooser.name)
        self.key("Return")
        wait_for("the PDF written", lambda: os.path.exists(pdf) and os.path.getsize(pdf) > 0)
        text = subprocess.run(["pdftotext", "-layout", pdf, "-"], capture_output=True, encoding="utf-8",
                              check=True).stdout
        for part in ("MARTIN", "Léa", code, f"{score}"):
            self.assertIn(part, text)
        self.assertNotIn("DUBOIS", text, "no attestation for who did not come")
        info = subprocess.run(["pdfinfo", pdf], capture_output=True, encoding="utf-8", check=True).stdout
        self.assertRegex(info, r"(?m)^Pages:\s+1$", "one page: Léa's")
        self.step("attestations saved")


if __name__ == "__main__":
    unittest.main(verbosity=2)
