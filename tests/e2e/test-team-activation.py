"""Activation → join → invite, driven through the accessibility tree.

A real pixorga-server runs on loopback with its mails in a folder; the
school is in its directory (`org add`). In the app, from an empty
database: the welcome page's "Activer l’espace de mon établissement",
the §1.2 form (a wrong UAI first: the spec's message), "Confirmer" → the
spec's success message and a mail to the school's address. The link of
that mail, as pixorga://rejoindre?server=…, is opened with the app (a
second `pixorga URI`, handed to the running one): the invitation's
dialog names the school; the head signs up, accepts the terms and joins.
The space opens; the Équipe page shows "Membres (1)"; "Inviter un membre"
invites a colleague → "Invitations (1)", the address in the list, and a
mail for them.

Mirrors tests/e2e/test-journey.py and test-campaign.py (read their notes
on what GTK 4.8 exposes): keys through xdotool, buttons through their
AT-SPI action, rows and check boxes (no action) by pointer or keyboard.

Registered in tests/meson.build (suite "e2e"); needs DISPLAY, a D-Bus
session, /usr/bin/python3 with pyatspi, xdotool, and PIXORGA_SERVER.
PIXORGA_E2E_SCREENSHOT=FILE saves a screenshot at the end.
"""
import glob
import os
import quopri
import re
import subprocess
import unittest
import urllib.parse

from a11y import AppTestCase, pyatspi, wait_for

SERVER = os.environ["PIXORGA_SERVER"]
UAI = "0330001A"
SCHOOL = "Collège Jean Moulin"
SCHOOL_MAIL = "secretariat@jean-moulin.example"
HEAD_MAIL = "marie.curie@jean-moulin.example"
COLLEAGUE = "paul.martin@jean-moulin.example"


class TeamActivation(AppTestCase):
    run_name = "team-activation"
    mnemonic_inside = True

    def setUp(self):
        self.set_up_app("pixorga-e2e-team-")
        # The token in a file of the run's folder, not the keyring.
        self.env["PIXORGA_TOKEN_STORE"] = "file"
        self.env["XDG_DATA_HOME"] = os.path.join(self.dir, "data")
        self.mail_dir = os.path.join(self.dir, "mail")
        os.mkdir(self.mail_dir)
        # e2e-team-activation-pg: the same against PostgreSQL
        # (tests/orga-pg.py), emptied for each test.
        db = os.environ.get("PIXORGA_TEST_PG_URI") or os.path.join(self.dir, "server.db")
        if db.startswith("postgres"):
            subprocess.run(["psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", "-d", db, "-c",
                            "DROP SCHEMA public CASCADE; CREATE SCHEMA public"],
                           check=True, stdout=subprocess.DEVNULL)
        subprocess.run([SERVER, "--db", db, "org", "add", "--uai", UAI, "--name", SCHOOL,
                        "--email", SCHOOL_MAIL], check=True, stdout=subprocess.DEVNULL)
        self.server = subprocess.Popen([SERVER, "--db", db, "--listen", "127.0.0.1:0",
                                        "--public-url", "http://orga.example",
                                        "--mail-dir", self.mail_dir],
                                       stdout=subprocess.PIPE, text=True)
        line = self.server.stdout.readline().strip()
        self.assertTrue(line.startswith("listening on "), line)
        self.server_url = line[len("listening on "):]
        self.start_app()

    def tearDown(self):
        self.server.terminate()
        self.server.wait(30)
        super().tearDown()

    # -- mails -------------------------------------------------------------

    def mails_to(self, address):
        found = []
        for path in sorted(glob.glob(os.path.join(self.mail_dir, "*.eml")), key=os.path.getmtime):
            with open(path, "rb") as f:
                text = quopri.decodestring(f.read()).decode("utf-8", "replace")
            if address in text:
                found.append(text)
        return found

    def invitation_link(self, address):
        text = wait_for(f"a mail to {address}", lambda: self.mails_to(address))[-1]
        m = re.search(r"invitationId=([A-Za-z0-9-]+)&(?:amp;)?code=([A-Z0-9]+)", text)
        self.assertIsNotNone(m, text)
        return ("pixorga://rejoindre?server=" + urllib.parse.quote(self.server_url, safe="")
                + f"&invitationId={m.group(1)}&code={m.group(2)}")

    # -- the test ------------------------------------------------------------

    def test_activation_join_invite(self):
        window = self.toplevel("PixOrga")
        self.wait_find("label", "Bienvenue dans PixOrga", window)

        # Activation (spec §1.2).
        choice = self.wait_find("list item", "Activer l’espace de mon établissement", window, exact=True)
        self.click_at(choice)
        heading = self.wait_find("heading", "Activez ou récupérez votre espace Pix Orga", window)
        self.fill(self.wait_near(heading, "text", "Adresse du serveur"), self.server_url)
        self.fill(self.wait_near(heading, "text", "UAI/RNE de l'établissement"), "123456Z")
        self.fill(self.wait_near(heading, "text", "Votre prénom"), "Marie")
        self.fill(self.wait_near(heading, "text", "Votre nom"), "Curie")
        confirm = self.wait_near(heading, "push button", "Confirmer", action=True)
        self.press(confirm)
        self.wait_said(window, "L'UAI n'est pas correct.")
        self.assertEqual(self.mails_to(SCHOOL_MAIL), [], "nothing is sent for a wrong UAI")

        self.fill(self.wait_near(heading, "text", "UAI/RNE de l'établissement"), UAI)
        self.press(confirm)
        self.wait_said(window, "Un e-mail contenant la démarche à suivre a été envoyé à l'adresse e-mail "
                       "de votre établissement.")

        # The mailed link opens the app on the invitation.
        link = self.invitation_link(SCHOOL_MAIL)
        subprocess.run([os.environ["PIXORGA_APP"], link], env=self.env, check=True, timeout=60)
        title = "Rejoindre un espace Pix Orga"
        dialog = self.toplevel(title)
        form_heading = self.wait_find("heading", f"Rejoindre {SCHOOL} ({UAI})", dialog, exact=True)

        self.press(self.wait_near(form_heading, "push button", "Pas encore de compte ? Inscrivez-vous",
                                  action=True))
        sign_up = self.wait_near(form_heading, "list", "Je m’inscris")
        self.fill(self.wait_find("text", "Prénom", sign_up, exact=True), "Marie", title)
        self.fill(self.wait_find("text", "Nom", sign_up, exact=True), "Curie", title)
        self.fill(self.wait_find("text", "Adresse e-mail", sign_up, exact=True), HEAD_MAIL, title)
        self.fill(self.wait_find("text", "Mot de passe", sign_up, exact=True), "Secret123", title)
        for name in ("J’accepte les conditions d’utilisation de Pix",
                     "J’accepte les conditions d’utilisation de Pix Orga"):
            box = self.wait_near(form_heading, "check box", name)
            self.click_at(box, title)
            self.wait_state(box, pyatspi.STATE_CHECKED, f"“{name}” checked")
        self.press(self.wait_near(form_heading, "push button", "Je m’inscris", action=True))

        # Joined: the space opens, bound to the server.
        self.wait_find("label", f"{SCHOOL} ({UAI})", window, exact=True)
        menu = self.wait_find("list item", "Équipe", window, exact=True)
        self.click_at(menu)
        self.wait_state(menu, pyatspi.STATE_SELECTED, "Équipe to be chosen in the menu")
        # The view switcher's buttons, named by their page's title.
        self.wait_said(window, "Membres (1)")
        self.wait_find("label", "Curie", window, exact=True)

        # Invite a colleague.
        invite = self.wait_find("push button", "Inviter un membre", window, action=True)
        self.press(invite)
        invite_dialog = self.toplevel("Inviter un membre")
        entry = self.wait_find("text", "Adresse(s) e-mail", invite_dialog)
        self.fill(entry, COLLEAGUE, "Inviter un membre")
        self.press(self.wait_find("push button", "Inviter", invite_dialog, exact=True, action=True))

        # The server's message in a toast (it goes after 5 s).
        self.wait_said(window, "Une invitation a bien été envoyée à l’adresse e-mail " + COLLEAGUE + ".")
        tab = self.wait_said(window, "Invitations (1)")
        self.click_at(tab)
        self.wait_find("label", COLLEAGUE, window, exact=True)
        self.assertEqual(len(self.mails_to(COLLEAGUE)), 1)


if __name__ == "__main__":
    unittest.main(verbosity=2)
