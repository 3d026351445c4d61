#!/usr/bin/env python3
"""`pixorga-cli sync` against a real pixorga-server on loopback.

The fixed contract of issue 10: `sync --json` prints exactly
{"status": "ok"|"offline"|"error", "pushed", "pulled", "cursor",
"refused": [{"id", "message"}]}, whatever happens, and exits with 0
(synced), 2 (some changes refused) or 1 (could not sync). The accounts
and spaces are made through the CLI itself (activate, signup, join,
invite), the server is stopped and started again on the same port for
the offline case. On SQLite, or on PostgreSQL when PIXORGA_TEST_PG_URI is
set (run under tests/orga-pg.py).
"""
import email
import email.policy
import glob
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import unittest

CLI = os.environ["PIXORGA_CLI"]
SERVER = os.environ["PIXORGA_SERVER"]
PG_URI = os.environ.get("PIXORGA_TEST_PG_URI") or None

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

PASSWORD = "Secret123"
OK, FAILED, REFUSED = 0, 1, 2
UAI = "0334444D"
MEMBER_IMPORT = "Seuls les administrateurs de l'espace peuvent importer la liste des élèves."

SIECLE = """<?xml version="1.0" encoding="UTF-8"?>
<BEE_ELEVES VERSION="2.1"><PARAMETRES><UAJ>{uai}</UAJ></PARAMETRES><DONNEES><ELEVES>
{eleves}</ELEVES><STRUCTURES>
{structures}</STRUCTURES></DONNEES></BEE_ELEVES>
"""
ELEVE = """<ELEVE ELEVE_ID="{id}"><ID_NATIONAL>{ine}</ID_NATIONAL><NOM_DE_FAMILLE>{last}</NOM_DE_FAMILLE>
<PRENOM>{first}</PRENOM><CODE_SEXE>2</CODE_SEXE><DATE_NAISS>05/03/2012</DATE_NAISS><CODE_PAYS>100</CODE_PAYS>
<CODE_DEPARTEMENT_NAISS>033</CODE_DEPARTEMENT_NAISS><CODE_COMMUNE_INSEE_NAISS>33318</CODE_COMMUNE_INSEE_NAISS>
<CODE_MEF>10010012110</CODE_MEF><CODE_STATUT>ST</CODE_STATUT></ELEVE>
"""
STRUCTURE = ('<STRUCTURES_ELEVE ELEVE_ID="{id}"><STRUCTURE><CODE_STRUCTURE>{division}</CODE_STRUCTURE>'
             '<TYPE_STRUCTURE>D</TYPE_STRUCTURE></STRUCTURE></STRUCTURES_ELEVE>\n')

STATE = {}


def free_port():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def psql(sql):
    import orga_pg
    path = os.path.join(orga_pg.find_bindir(), "psql")
    if not os.access(path, os.X_OK):
        path = shutil.which("psql")
    r = subprocess.run([path, "-X", "-q", "-v", "ON_ERROR_STOP=1", "-tA", PG_URI, "-c", sql],
                       capture_output=True, text=True)
    if r.returncode != 0:
        raise AssertionError("psql: " + r.stderr)


def start_server():
    """On the port of the first start: the accounts' databases name it."""
    port = STATE.get("port")
    for attempt in range(5):
        if port is None or attempt > 0 and "url" not in STATE:
            port = free_port()
        log = open(os.path.join(STATE["tmp"], "server.log"), "a")
        proc = subprocess.Popen([SERVER, "--db", STATE["db"], "--listen", f"127.0.0.1:{port}",
                                 "--public-url", f"http://127.0.0.1:{port}", "--mail-dir", STATE["mail"]],
                                stdout=subprocess.PIPE, stderr=log, text=True)
        line = proc.stdout.readline()
        if line.startswith("listening on"):
            STATE.update(proc=proc, port=port, url=f"http://127.0.0.1:{port}", log=log)
            return
        proc.wait(timeout=10)
        proc.stdout.close()
        log.close()
    raise RuntimeError("pixorga-server did not start")


def stop_server():
    proc = STATE.pop("proc", None)
    if proc is None:
        return
    proc.terminate()
    try:
        proc.wait(timeout=20)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()
    proc.stdout.close()
    STATE["log"].close()


def setUpModule():
    tmp = tempfile.mkdtemp(prefix="test-cli-sync-")
    STATE["tmp"] = tmp
    STATE["mail"] = os.path.join(tmp, "mail")
    os.mkdir(STATE["mail"])
    if PG_URI:
        psql("DROP SCHEMA public CASCADE; CREATE SCHEMA public")
        STATE["db"] = PG_URI
    else:
        STATE["db"] = os.path.join(tmp, "server.db")
    r = subprocess.run([SERVER, "--db", STATE["db"], "org", "add", "--uai", UAI, "--name",
                        "Collège Simone Veil", "--email", "direction.veil@ac-test.fr"],
                       capture_output=True, text=True, timeout=60)
    assert r.returncode == 0, r.stderr
    start_server()


def tearDownModule():
    stop_server()
    shutil.rmtree(STATE["tmp"])


def last_link(address):
    found = []
    for path in sorted(glob.glob(os.path.join(STATE["mail"], "*.eml")), key=os.path.getmtime):
        with open(path, "rb") as f:
            message = email.message_from_bytes(f.read(), policy=email.policy.default)
        if address.lower() in str(message["To"]).lower():
            found.append(message.get_body(("plain",)).get_content())
    assert found, f"no mail for {address}"
    m = re.search(r"https?://\S*/rejoindre\?\S+", found[-1])
    assert m, found[-1]
    return m.group(0)


class CliSyncTest(unittest.TestCase):
    def setUp(self):
        self.dir = tempfile.mkdtemp(prefix="pixorga-cli-sync-", dir=STATE["tmp"])
        self.env = dict(os.environ)
        self.env.pop("PIXORGA_DB", None)
        self.env["PIXORGA_TOKEN_STORE"] = "file"
        self.env["XDG_DATA_HOME"] = os.path.join(self.dir, "data")

    def tearDown(self):
        if "proc" not in STATE:
            start_server()
        shutil.rmtree(self.dir)

    def db(self, name):
        return os.path.join(self.dir, name)

    def cli(self, *args, db=None, password=None, expect=OK):
        argv = [CLI] + (["--db", self.db(db)] if db else []) + list(args)
        r = subprocess.run(argv, input=(password + "\n") if password is not None else "",
                           capture_output=True, text=True, env=self.env, timeout=120)
        self.assertEqual(r.returncode, expect,
                         f"{' '.join(args)}: exit {r.returncode}\nstdout: {r.stdout}\nstderr: {r.stderr}")
        return r

    def sync(self, db, expect=OK):
        """sync --json: exactly the contract's shape, whatever the outcome."""
        r = self.cli("sync", "--json", db=db, expect=expect)
        report = json.loads(r.stdout)
        self.assertEqual(list(report), ["status", "pushed", "pulled", "cursor", "refused"])
        self.assertIn(report["status"], ("ok", "offline", "error"))
        for key in ("pushed", "pulled", "cursor"):
            self.assertIs(type(report[key]), int, key)
            self.assertGreaterEqual(report[key], 0, key)
        self.assertIs(type(report["refused"]), list)
        for refusal in report["refused"]:
            self.assertEqual(list(refusal), ["id", "message"])
            self.assertRegex(refusal["id"], r"^[0-9a-f-]{36}$")
            self.assertTrue(refusal["message"])
        # Only a failure has something to say on the standard error.
        if report["status"] == "ok":
            self.assertEqual(r.stderr, "")
        else:
            self.assertTrue(r.stderr.strip())
        return report, r

    def write_siecle(self, name, students):
        eleves = "".join(ELEVE.format(id=1000 + i, ine=s[0], last=s[1], first=s[2])
                         for i, s in enumerate(students))
        structures = "".join(STRUCTURE.format(id=1000 + i, division=s[3]) for i, s in enumerate(students))
        path = self.db(name)
        with open(path, "w", encoding="utf-8") as f:
            f.write(SIECLE.format(uai=UAI, eleves=eleves, structures=structures))
        return path

    def join(self, address, first, last, link, db):
        self.cli("signup", "--server", STATE["url"], "--email", address, "--first-name", first,
                 "--last-name", last, "--accept-terms", password=PASSWORD)
        self.cli("join", link, "--email", address, db=db, password=PASSWORD)

    def test_contract(self):
        # A database that is not signed in: an error, said, exit 1.
        self.cli("init", "--uai", "0335555E", "--name", "Hors ligne", db="local.db")
        report, r = self.sync("local.db", expect=FAILED)
        self.assertEqual(report, {"status": "error", "pushed": 0, "pulled": 0, "cursor": 0, "refused": []})
        self.assertIn("pixorga-cli login", r.stderr)
        report, r = self.sync("empty.db", expect=FAILED)
        self.assertEqual(report["status"], "error")

        # The administrator's desktop, then a member's.
        self.cli("activate", "--server", STATE["url"], "--uai", UAI, "--first-name", "Anne",
                 "--last-name", "Proviseur")
        self.join("anne@ac-test.fr", "Anne", "Proviseur", last_link("direction.veil@ac-test.fr"), "anne.db")
        self.cli("invite", "bob@ac-test.fr", db="anne.db")
        self.join("bob@ac-test.fr", "Bob", "Bernard", last_link("bob@ac-test.fr"), "bob.db")

        # Nothing yet: synced, nothing sent.
        report, _ = self.sync("anne.db")
        self.assertEqual(report["status"], "ok")
        self.assertEqual(report["pushed"], 0)
        self.assertEqual(report["refused"], [])

        # An import and a campaign made offline-capable, then sent.
        students = [("1234567890A", "MARTIN", "Emma", "6A"), ("1234567891B", "BERNARD", "Léo", "6B")]
        self.cli("import", self.write_siecle("a.xml", students), db="anne.db")
        self.cli("campaign", "create", "--name", "Rentrée 6e", "--profile", "rentree-6e", db="anne.db")
        report, _ = self.sync("anne.db")
        self.assertEqual(report["status"], "ok")
        self.assertEqual(report["pushed"], 2)
        self.assertGreater(report["cursor"], 0)
        cursor = report["cursor"]
        again, _ = self.sync("anne.db")
        self.assertEqual((again["pushed"], again["pulled"], again["cursor"]), (0, 0, cursor))

        # The member receives them; the text form says so in French.
        r = self.cli("sync", db="bob.db")
        self.assertIn("Synchronisé avec le serveur.", r.stdout)
        self.assertEqual(r.stderr, "")
        listed = json.loads(self.cli("students", "--json", db="bob.db").stdout)
        self.assertEqual(sorted(s["ine"] for s in listed), ["1234567890A", "1234567891B"])
        campaigns = json.loads(self.cli("campaigns", "--json", db="bob.db").stdout)
        self.assertEqual([c["name"] for c in campaigns], ["Rentrée 6e"])

        # A member's import: refused, undone here, exit 2.
        self.cli("import", self.write_siecle("b.xml", students[:1] + [("1234567892C", "PETIT", "Inès", "6A")]),
                 db="bob.db")
        report, r = self.sync("bob.db", expect=REFUSED)
        self.assertEqual(report["status"], "ok")
        self.assertEqual(len(report["refused"]), 1)
        self.assertEqual(report["refused"][0]["message"], MEMBER_IMPORT)
        listed = json.loads(self.cli("students", "--json", db="bob.db").stdout)
        self.assertEqual(sorted(s["ine"] for s in listed), ["1234567890A", "1234567891B"])
        r = self.cli("sync", db="bob.db")
        self.assertNotIn(MEMBER_IMPORT, r.stdout)

        # Offline: every other command works and queues; sync says offline,
        # exit 1, and sends the change once the server is back.
        stop_server()
        self.cli("campaign", "create", "--name", "Hors ligne", "--profile", "rentree-6e", db="anne.db")
        report, r = self.sync("anne.db", expect=FAILED)
        self.assertEqual(report["status"], "offline")
        self.assertEqual(report["pushed"], 0)
        self.assertEqual(report["cursor"], cursor)
        self.assertIn("Impossible de joindre le serveur", r.stderr)
        r = self.cli("sync", db="anne.db", expect=FAILED)
        self.assertIn("Hors ligne", r.stdout)
        start_server()
        report, _ = self.sync("anne.db")
        self.assertEqual((report["status"], report["pushed"]), ("ok", 1))
        report, _ = self.sync("bob.db")
        campaigns = json.loads(self.cli("campaigns", "--json", db="bob.db").stdout)
        self.assertEqual(sorted(c["name"] for c in campaigns), ["Hors ligne", "Rentrée 6e"])

        # Signed out: an error, exit 1, the data kept.
        self.cli("logout", db="bob.db")
        report, r = self.sync("bob.db", expect=FAILED)
        self.assertEqual(report["status"], "error")
        self.assertIn("pixorga-cli login", r.stderr)


if __name__ == "__main__":
    unittest.main(verbosity=2)
