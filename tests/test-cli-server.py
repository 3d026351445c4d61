#!/usr/bin/env python3
"""pixorga-cli against a real pixorga-server on loopback.

The commands of issue 9 (item 7) through the real binaries: activation by
UAI through the mail written in --mail-dir, join, invite, a second account
joining, team --json, roles, removal, the last administrator who may not
leave, two spaces with spaces/switch, logout, login, and the binding
rules of a local database (item 6). On SQLite, or on PostgreSQL when
PIXORGA_TEST_PG_URI is set (run under tests/orga-pg.py).

Tokens go to files (PIXORGA_TOKEN_STORE=file) in a temporary
XDG_DATA_HOME: the test never touches the user's keyring.
"""
import email
import email.policy
import glob
import hashlib
import json
import os
import re
import shutil
import socket
import sqlite3
import stat
import subprocess
import sys
import tempfile
import time
import unittest
import urllib.request

CLI = os.environ["PIXORGA_CLI"]
SERVER = os.environ["PIXORGA_SERVER"]
PG_URI = os.environ.get("PIXORGA_TEST_PG_URI") or None

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

PASSWORD = "Secret123"
REFUSED = 2
FAILED = 1

NOT_A_MEMBER = ("L'accès à Pix Orga est limité aux membres invités. Chaque espace est géré par un "
                "administrateur Pix Orga propre à l'organisation qui l'utilise. Contactez-le pour "
                "qu'il vous y invite.")
LAST_ADMIN = ("Vous êtes le seul administrateur de cet espace Pix Orga : nommez un autre "
              "administrateur avant de le quitter.")

STATE = {}


def free_port():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def psql(sql):
    import orga_pg
    bindir = orga_pg.find_bindir()
    path = os.path.join(bindir, "psql")
    if not os.access(path, os.X_OK):
        path = shutil.which("psql")
    r = subprocess.run([path, "-X", "-q", "-v", "ON_ERROR_STOP=1", "-tA", PG_URI, "-c", sql],
                       capture_output=True, text=True)
    if r.returncode != 0:
        raise AssertionError("psql: " + r.stderr)
    return r.stdout


def setUpModule():
    tmp = tempfile.mkdtemp(prefix="test-cli-server-")
    STATE["tmp"] = tmp
    STATE["mail"] = os.path.join(tmp, "mail")
    os.mkdir(STATE["mail"])
    if PG_URI:
        psql("DROP SCHEMA public CASCADE; CREATE SCHEMA public")
        STATE["db"] = PG_URI
    else:
        STATE["db"] = os.path.join(tmp, "server.db")

    schools = [("0331111A", "Collège Victor Hugo", "direction.hugo@ac-test.fr"),
               ("0332222B", "Lycée Albert Camus", "direction.camus@ac-test.fr")]
    for uai, name, address in schools:
        r = subprocess.run([SERVER, "--db", STATE["db"], "org", "add", "--uai", uai, "--name", name,
                            "--email", address], capture_output=True, text=True, timeout=60)
        assert r.returncode == 0, r.stderr

    # The public URL names the port: chosen free first, then bound.
    for attempt in range(5):
        port = free_port()
        url = f"http://127.0.0.1:{port}"
        log = open(os.path.join(tmp, "server.log"), "w")
        proc = subprocess.Popen([SERVER, "--db", STATE["db"], "--listen", f"127.0.0.1:{port}",
                                 "--public-url", url, "--mail-dir", STATE["mail"]],
                                stdout=subprocess.PIPE, stderr=log, text=True)
        line = proc.stdout.readline()
        if line.startswith("listening on"):
            break
        proc.wait(timeout=10)
    else:
        raise RuntimeError("pixorga-server did not start")
    STATE["proc"], STATE["url"], STATE["log"] = proc, url, log


def tearDownModule():
    proc = STATE.get("proc")
    if proc is not None:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        STATE["log"].close()
    shutil.rmtree(STATE["tmp"])


def mails_to(address):
    """The mails written for @address, oldest first, as (subject, text)."""
    found = []
    for path in sorted(glob.glob(os.path.join(STATE["mail"], "*.eml")), key=os.path.getmtime):
        with open(path, "rb") as f:
            message = email.message_from_bytes(f.read(), policy=email.policy.default)
        if address.lower() in str(message["To"]).lower():
            found.append((str(message["Subject"]), message.get_body(("plain",)).get_content()))
    return found


def last_link(address):
    mails = mails_to(address)
    assert mails, f"no mail for {address}"
    m = re.search(r"https?://\S*/rejoindre\?\S+", mails[-1][1])
    assert m, mails[-1][1]
    return m.group(0)


class CliServerTest(unittest.TestCase):
    def setUp(self):
        self.dir = tempfile.mkdtemp(prefix="pixorga-cli-server-", dir=STATE["tmp"])
        self.env = dict(os.environ)
        self.env.pop("PIXORGA_DB", None)
        self.env["PIXORGA_TOKEN_STORE"] = "file"
        self.env["XDG_DATA_HOME"] = os.path.join(self.dir, "data")
        self.url = STATE["url"]
        self.outputs = []

    def tearDown(self):
        # No token ever reaches the terminal.
        for path in glob.glob(os.path.join(self.dir, "data", "pixorga", "tokens", "*")):
            with open(path) as f:
                token = f.read().strip()
            for out in self.outputs:
                self.assertNotIn(token, out)
        shutil.rmtree(self.dir)

    def token_path(self, address, url=None):
        """The token file of an account: named by a hash of server and address."""
        key = f"{url or self.url}\n{address}".encode()
        return os.path.join(self.dir, "data", "pixorga", "tokens", hashlib.sha256(key).hexdigest())

    def db(self, name):
        return os.path.join(self.dir, name)

    def cli(self, *args, db=None, password=None, expect=0):
        argv = [CLI] + (["--db", self.db(db)] if db else []) + list(args)
        r = subprocess.run(argv, input=(password + "\n") if password is not None else "",
                           capture_output=True, text=True, env=self.env, timeout=120)
        self.outputs += [r.stdout, r.stderr]
        self.assertEqual(r.returncode, expect,
                         f"{' '.join(args)}: exit {r.returncode}\nstdout: {r.stdout}\nstderr: {r.stderr}")
        return r

    def team(self, db):
        return json.loads(self.cli("team", "--json", db=db).stdout)

    def signup(self, address, first, last):
        self.cli("signup", "--server", self.url, "--email", address, "--first-name", first,
                 "--last-name", last, "--accept-terms", password=PASSWORD)

    def sql(self, db, query):
        with sqlite3.connect(self.db(db)) as c:
            return c.execute(query).fetchall()

    def activate(self, uai, address):
        before = len(mails_to(address))
        r = self.cli("activate", "--server", self.url, "--uai", uai, "--first-name", "Anne",
                     "--last-name", "Proviseur")
        self.assertIn("Un e-mail contenant la démarche à suivre a été envoyé à l'adresse e-mail "
                      "de votre établissement.", r.stdout)
        self.assertEqual(len(mails_to(address)), before + 1)
        return last_link(address)

    def test_a_school_team_from_activation_to_logout(self):
        # Activation by UAI: the link goes to the school's own address.
        link = self.activate("0331111A", "direction.hugo@ac-test.fr")
        self.signup("anne@ac-test.fr", "Anne", "Proviseur")

        r = self.cli("join", link, "--email", "anne@ac-test.fr", db="anne.db", password=PASSWORD)
        self.assertIn("conditions d’utilisation de Pix Orga", r.stdout)
        self.assertIn("Collège Victor Hugo (0331111A)", r.stdout)
        self.assertEqual(self.sql("anne.db", "SELECT uai, role FROM organizations"), [("0331111A", "ADMIN")])
        self.assertEqual(self.sql("anne.db", "SELECT email, signed_out_at FROM account"),
                         [("anne@ac-test.fr", None)])
        tokens = glob.glob(os.path.join(self.dir, "data", "pixorga", "tokens", "*"))
        self.assertEqual(len(tokens), 1)
        self.assertEqual(stat.S_IMODE(os.stat(tokens[0]).st_mode), 0o600)

        # The link works once.
        self.signup("mallory@ac-test.fr", "Mallory", "Martin")
        r = self.cli("join", link, "--email", "mallory@ac-test.fr", db="mallory.db", password=PASSWORD,
                     expect=REFUSED)
        self.assertIn("Cette invitation a déjà été acceptée", r.stderr)

        # Invite a colleague, who joins from the mailed link.
        r = self.cli("invite", "bob@ac-test.fr", db="anne.db")
        self.assertTrue(r.stdout.strip())
        team = self.team("anne.db")
        self.assertEqual([i["email"] for i in team["invitations"]], ["bob@ac-test.fr"])
        self.signup("bob@ac-test.fr", "Bob", "Bernard")
        self.cli("join", last_link("bob@ac-test.fr"), "--email", "bob@ac-test.fr", db="bob.db",
                 password=PASSWORD)

        # team --json: exactly the contract's keys.
        team = self.team("anne.db")
        self.assertEqual(set(team), {"members", "invitations"})
        self.assertEqual(team["members"], [
            {"email": "bob@ac-test.fr", "first_name": "Bob", "last_name": "Bernard", "role": "MEMBER"},
            {"email": "anne@ac-test.fr", "first_name": "Anne", "last_name": "Proviseur", "role": "ADMIN"},
        ])
        self.assertEqual(team["invitations"], [])
        self.assertEqual(len(self.team("bob.db")["members"]), 2)

        # A member may not invite: the server's refusal, exit 2.
        r = self.cli("invite", "eve@ac-test.fr", db="bob.db", expect=REFUSED)
        self.assertIn("Vous n’avez pas les droits nécessaires", r.stderr)

        # A database bound to one account refuses another until logout.
        r = self.cli("login", "--server", self.url, "--email", "bob@ac-test.fr", db="anne.db",
                     password=PASSWORD, expect=REFUSED)
        self.assertIn("anne@ac-test.fr", r.stderr)

        # Roles and removal.
        r = self.cli("member", "role", "bob@ac-test.fr", "admin", db="anne.db")
        self.assertIn("Le rôle a bien été changé.", r.stdout)
        self.assertEqual({m["email"]: m["role"] for m in self.team("anne.db")["members"]},
                         {"anne@ac-test.fr": "ADMIN", "bob@ac-test.fr": "ADMIN"})
        self.cli("member", "role", "bob@ac-test.fr", "member", db="anne.db")
        r = self.cli("member", "role", "anne@ac-test.fr", "member", db="anne.db", expect=REFUSED)
        self.assertIn("Vous ne pouvez pas modifier votre propre rôle", r.stderr)
        r = self.cli("member", "remove", "bob@ac-test.fr", db="anne.db")
        self.assertIn("Bob Bernard a été supprimé avec succès de votre équipe Pix Orga.", r.stdout)
        self.assertEqual([m["email"] for m in self.team("anne.db")["members"]], ["anne@ac-test.fr"])

        # The last administrator may not leave.
        r = self.cli("leave", db="anne.db", expect=REFUSED)
        self.assertIn(LAST_ADMIN, r.stderr)

        # Invite several at once, then cancel one.
        self.cli("invite", "carl@ac-test.fr, dora@ac-test.fr", db="anne.db")
        self.assertEqual(sorted(i["email"] for i in self.team("anne.db")["invitations"]),
                         ["carl@ac-test.fr", "dora@ac-test.fr"])
        r = self.cli("invite", "--cancel", "carl@ac-test.fr", db="anne.db")
        self.assertIn("L’invitation a bien été supprimée.", r.stdout)
        self.assertEqual([i["email"] for i in self.team("anne.db")["invitations"]], ["dora@ac-test.fr"])
        self.cli("invite", "--cancel", "carl@ac-test.fr", db="anne.db", expect=REFUSED)
        text = self.cli("team", db="anne.db").stdout
        self.assertIn("Membres (1)", text)
        self.assertIn("Invitations (1)", text)
        self.assertIn("dora@ac-test.fr", text)
        self.assertIn("Administrateur", text)

        # Resend keeps the code: the same link, a new mail.
        first = last_link("dora@ac-test.fr")
        n = len(mails_to("dora@ac-test.fr"))
        r = self.cli("invite", "--resend", "dora@ac-test.fr", db="anne.db")
        self.assertIn("L'invitation a bien été renvoyée.", r.stdout)
        self.assertEqual(len(mails_to("dora@ac-test.fr")), n + 1)
        self.assertEqual(last_link("dora@ac-test.fr"), first)

        # Another administrator may leave; then the space is gone from
        # their list.
        self.cli("invite", "eve@ac-test.fr", db="anne.db")
        self.signup("eve@ac-test.fr", "Ève", "Durand")
        self.cli("join", last_link("eve@ac-test.fr"), "--email", "eve@ac-test.fr", db="eve.db",
                 password=PASSWORD)
        self.cli("member", "role", "eve@ac-test.fr", "admin", db="anne.db")
        r = self.cli("leave", db="eve.db")
        self.assertIn("Vous avez été supprimé avec succès de l'organisation Collège Victor Hugo", r.stdout)
        self.assertEqual(self.cli("spaces", db="eve.db").stdout, "")
        self.assertEqual([m["email"] for m in self.team("anne.db")["members"]], ["anne@ac-test.fr"])

        # A second school: the same account joins it with the same database.
        link = self.activate("0332222B", "direction.camus@ac-test.fr")
        self.cli("join", link, "--email", "anne@ac-test.fr", db="anne.db", password=PASSWORD)
        r = self.cli("spaces", db="anne.db")
        self.assertEqual(r.stdout.splitlines(),
                         ["  Collège Victor Hugo (0331111A)", "* Lycée Albert Camus (0332222B)"])
        spaces = json.loads(self.cli("spaces", "--json", db="anne.db").stdout)
        self.assertEqual([(s["uai"], s["current"], s["role"]) for s in spaces],
                         [("0331111A", False, "ADMIN"), ("0332222B", True, "ADMIN")])
        self.assertEqual(self.team("anne.db")["invitations"], [])

        r = self.cli("switch", "0331111a", db="anne.db")
        self.assertIn("Collège Victor Hugo (0331111A)", r.stdout)
        self.assertEqual(self.cli("spaces", db="anne.db").stdout.splitlines(),
                         ["* Collège Victor Hugo (0331111A)", "  Lycée Albert Camus (0332222B)"])
        self.assertEqual([i["email"] for i in self.team("anne.db")["invitations"]], ["dora@ac-test.fr"])
        self.assertEqual(self.sql("anne.db", "SELECT uai FROM organizations o JOIN account a "
                                             "ON a.current_organization_id = o.id"), [("0331111A",)])
        self.cli("switch", "0339999Z", db="anne.db", expect=REFUSED)

        # Logout keeps the data; the commands then need a login again.
        self.assertTrue(os.path.exists(self.token_path("anne@ac-test.fr")))
        r = self.cli("logout", db="anne.db")
        self.assertFalse(os.path.exists(self.token_path("anne@ac-test.fr")))
        self.assertTrue(os.path.exists(self.token_path("bob@ac-test.fr")))
        self.assertEqual(len(self.sql("anne.db", "SELECT * FROM organizations")), 2)
        self.cli("team", db="anne.db", expect=FAILED)

        # Login: the current school's space when no --uai.
        r = self.cli("login", "--server", self.url, "--email", "anne@ac-test.fr", db="anne.db",
                     password=PASSWORD)
        self.assertIn("Collège Victor Hugo (0331111A)", r.stdout)
        r = self.cli("login", "--server", self.url, "--email", "anne@ac-test.fr", "--uai", "0332222B",
                     db="anne.db", password=PASSWORD)
        self.assertIn("Lycée Albert Camus (0332222B)", r.stdout)
        self.assertEqual(len(self.sql("anne.db", "SELECT * FROM organizations")), 2)

        # Several spaces, a new database, no --uai: refused, listing them.
        r = self.cli("login", "--server", self.url, "--email", "anne@ac-test.fr", db="fresh.db",
                     password=PASSWORD, expect=REFUSED)
        self.assertIn("Collège Victor Hugo (0331111A), Lycée Albert Camus (0332222B)", r.stderr)

        # Bob, removed, is a member of nothing any more.
        r = self.cli("login", "--server", self.url, "--email", "bob@ac-test.fr", db="bob2.db",
                     password=PASSWORD, expect=REFUSED)
        self.assertIn(NOT_A_MEMBER, r.stderr)

    def test_login_of_an_account_without_space(self):
        self.signup("nobody@ac-test.fr", "Noé", "Personne")
        r = self.cli("login", "--server", self.url, "--email", "nobody@ac-test.fr", db="n.db",
                     password=PASSWORD, expect=REFUSED)
        self.assertEqual(r.stderr.strip(), NOT_A_MEMBER)
        self.assertEqual(self.sql("n.db", "SELECT * FROM account"), [])

    def test_wrong_password_and_bad_input(self):
        self.signup("wrong@ac-test.fr", "Walid", "Rong")
        r = self.cli("login", "--server", self.url, "--email", "wrong@ac-test.fr", db="w.db",
                     password="Nope12345", expect=REFUSED)
        self.assertIn("L'adresse e-mail et/ou le mot de passe saisis sont incorrects.", r.stderr)
        # Pix's password rule, the server's message.
        r = self.cli("signup", "--server", self.url, "--email", "weak@ac-test.fr", "--first-name", "W",
                     "--last-name", "K", "--accept-terms", password="short", expect=REFUSED)
        self.assertIn("Votre mot de passe doit contenir 8 caractères", r.stderr)
        r = self.cli("signup", "--server", self.url, "--email", "noterms@ac-test.fr", "--first-name", "N",
                     "--last-name", "T", password=PASSWORD, expect=REFUSED)
        self.assertIn("Vous devez accepter les conditions d’utilisation de Pix", r.stderr)
        r = self.cli("activate", "--server", self.url, "--uai", "0330000X", "--first-name", "A",
                     "--last-name", "B", expect=REFUSED)
        self.assertIn("0330000X", r.stderr)
        r = self.cli("join", "https://example.org/nothing", "--email", "a@b.fr", db="x.db",
                     password=PASSWORD, expect=REFUSED)
        self.cli("login", "--server", self.url, "--email", "wrong@ac-test.fr", db="w.db", expect=FAILED)

    def test_offline_space_is_adopted_or_refused(self):
        # An admin of the first school, in a space of their own.
        link = self.activate("0331111A", "direction.hugo@ac-test.fr")
        self.signup("paul@ac-test.fr", "Paul", "Principal")
        self.cli("join", link, "--email", "paul@ac-test.fr", db="paul.db", password=PASSWORD)

        # A space made offline with the same UAI is kept, students and all.
        self.cli("init", "--uai", "0331111A", "--name", "Mon collège", db="same.db")
        uuid = self.sql("same.db", "SELECT uuid FROM organizations")
        r = self.cli("login", "--server", self.url, "--email", "paul@ac-test.fr", db="same.db",
                     password=PASSWORD)
        rows = self.sql("same.db", "SELECT uuid, uai, name, server_id IS NOT NULL FROM organizations")
        self.assertEqual(rows, [(uuid[0][0], "0331111A", "Collège Victor Hugo", 1)])

        # Another UAI is refused, naming both, and nothing changes.
        self.cli("init", "--uai", "0335555E", "--name", "École Jules Ferry", db="other.db")
        before = self.sql("other.db", "SELECT * FROM organizations")
        r = self.cli("login", "--server", self.url, "--email", "paul@ac-test.fr", db="other.db",
                     password=PASSWORD, expect=REFUSED)
        self.assertIn("École Jules Ferry (0335555E)", r.stderr)
        self.assertIn("Collège Victor Hugo (0331111A)", r.stderr)
        self.assertEqual(self.sql("other.db", "SELECT * FROM organizations"), before)
        self.assertEqual(self.sql("other.db", "SELECT * FROM account"), [])

        # Offline, team shows the last known team and says so (exit 1).
        self.team("paul.db")
        with sqlite3.connect(self.db("paul.db")) as c:
            c.execute("UPDATE account SET server_url = 'http://127.0.0.1:9'")
        # The token is filed under the server's address: move it along.
        shutil.copy(self.token_path("paul@ac-test.fr"), self.token_path("paul@ac-test.fr", "http://127.0.0.1:9"))
        r = self.cli("team", "--json", db="paul.db", expect=FAILED)
        self.assertIn("paul@ac-test.fr", [m["email"] for m in json.loads(r.stdout)["members"]])
        self.assertIn("Impossible de joindre le serveur http://127.0.0.1:9.", r.stderr)
        self.assertIn("Hors ligne", r.stderr)

        # Signing out offline: the session could not be revoked, but this
        # database is signed out and the token is gone all the same.
        r = self.cli("logout", db="paul.db")
        self.assertIn("Impossible de joindre le serveur http://127.0.0.1:9.", r.stderr)
        self.assertFalse(os.path.exists(self.token_path("paul@ac-test.fr", "http://127.0.0.1:9")))
        self.assertEqual(self.sql("paul.db", "SELECT signed_out_at IS NOT NULL FROM account"), [(1,)])

    def test_password_not_echoed_on_a_terminal(self):
        import pty
        master, slave = pty.openpty()
        try:
            argv = [CLI, "signup", "--server", self.url, "--email", "tty@ac-test.fr", "--first-name", "T",
                    "--last-name", "Y", "--accept-terms"]
            proc = subprocess.Popen(argv, stdin=slave, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                    env=self.env)
            # The prompt first, then the password is typed.
            prompt = b""
            while b"Mot de passe" not in prompt:
                chunk = os.read(proc.stderr.fileno(), 100)
                self.assertTrue(chunk, "no prompt")
                prompt += chunk
            os.write(master, (PASSWORD + "\n").encode())
            out, err = proc.communicate(timeout=60)
            out, err = out.decode(), err.decode()
            self.assertEqual(proc.returncode, 0, err)
            echoed = b""
            os.set_blocking(master, False)
            try:
                while True:
                    chunk = os.read(master, 1024)
                    if not chunk:
                        break
                    echoed += chunk
            except (BlockingIOError, OSError):
                pass
            self.assertNotIn(PASSWORD.encode(), echoed)
            self.assertIn("tty@ac-test.fr", out)
        finally:
            os.close(master)
            os.close(slave)

    def test_unreachable_server(self):
        port = free_port()
        r = self.cli("login", "--server", f"http://127.0.0.1:{port}", "--email", "a@ac-test.fr",
                     db="u.db", password=PASSWORD, expect=FAILED)
        self.assertEqual(r.stderr.strip(), f"Impossible de joindre le serveur http://127.0.0.1:{port}.")
        r = self.cli("activate", "--server", f"http://127.0.0.1:{port}", "--uai", "0331111A",
                     "--first-name", "A", "--last-name", "B", expect=FAILED)
        self.assertIn("Impossible de joindre le serveur", r.stderr)


if __name__ == "__main__":
    unittest.main(verbosity=2)
