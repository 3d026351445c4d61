#!/usr/bin/env python3
"""pixorga-server's `org add|import|list|archive`, through the real binary.

On SQLite (a file in a temporary folder), or on PostgreSQL when
PIXORGA_TEST_PG_URI is set (run under tests/orga-pg.py); the database is
emptied before each test. PIXORGA_SERVER names the program.
"""
import json
import os
import shutil
import subprocess
import sys
import tempfile
import unittest

SERVER = os.environ["PIXORGA_SERVER"]
PG_URI = os.environ.get("PIXORGA_TEST_PG_URI") or None

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import orga_pg  # noqa: E402

REFUSED = 2


def psql(sql):
    bindir = orga_pg.find_bindir()
    path = os.path.join(bindir, "psql")
    if not os.access(path, os.X_OK):
        path = shutil.which("psql")
    r = subprocess.run([path, "-X", "-q", "-v", "ON_ERROR_STOP=1", "-tA", PG_URI, "-c", sql],
                       capture_output=True, text=True)
    if r.returncode != 0:
        raise AssertionError("psql: " + r.stderr)
    return r.stdout


class OrgTest(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.mkdtemp(prefix="test-server-org-")
        if PG_URI:
            psql("DROP SCHEMA public CASCADE; CREATE SCHEMA public")
            self.db = PG_URI
        else:
            self.db = os.path.join(self.tmp, "server.db")

    def tearDown(self):
        shutil.rmtree(self.tmp)

    def org(self, *args, expect=0):
        # LC_ALL=C: the messages must come out in UTF-8 even so.
        env = dict(os.environ, LC_ALL="C")
        r = subprocess.run([SERVER, "--db", self.db, "org", *args], capture_output=True, env=env,
                           timeout=60)
        out, err = r.stdout.decode("utf-8"), r.stderr.decode("utf-8")
        self.assertEqual(r.returncode, expect,
                         f"org {' '.join(args)}: exit {r.returncode}\nstdout: {out}\nstderr: {err}")
        return out, err

    def list_json(self):
        out, _ = self.org("list", "--json")
        rows = json.loads(out)
        for row in rows:
            self.assertEqual(set(row), {"id", "uai", "name", "email", "kind", "archived"})
        return rows

    def write(self, name, data):
        path = os.path.join(self.tmp, name)
        with open(path, "wb") as f:
            f.write(data if isinstance(data, bytes) else data.encode("utf-8"))
        return path

    # org add

    def test_add_normalises_and_lists(self):
        out, _ = self.org("add", "--uai", " 0330001a ", "--name", "  Lycée Montesquieu  ",
                          "--email", " CE.0330001A@ac-bordeaux.fr ")
        self.assertIn("Établissement ajouté", out)
        self.assertIn("0330001A", out)
        self.org("add", "--uai=0470002B", "--name=Lycée agricole de Nérac", "--email=epl@educagri.fr",
                 "--kind", "agri")
        rows = self.list_json()
        self.assertEqual([(r["uai"], r["name"], r["email"], r["kind"], r["archived"]) for r in rows], [
            ("0330001A", "Lycée Montesquieu", "ce.0330001a@ac-bordeaux.fr", "sco", False),
            ("0470002B", "Lycée agricole de Nérac", "epl@educagri.fr", "agri", False),
        ])
        self.assertEqual(len({r["id"] for r in rows}), 2)
        self.assertRegex(rows[0]["id"], r"^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$")

        out, _ = self.org("list")
        self.assertEqual(out.splitlines(), [
            "0330001A  Lycée Montesquieu  ce.0330001a@ac-bordeaux.fr  sco",
            "0470002B  Lycée agricole de Nérac  epl@educagri.fr  agri",
        ])

    def test_add_refusals(self):
        _, err = self.org("add", "--uai", "033001A", "--name", "X", "--email", "a@b.fr", expect=REFUSED)
        self.assertIn("L’UAI n’est pas correct.", err)
        for bad in ("A1234567", "12345A", "1234567AB", ""):
            self.org("add", "--uai", bad, "--name", "X", "--email", "a@b.fr", expect=REFUSED)
        for bad in ("pas-une-adresse", "a@b", "a b@c.fr", "a@b.fr\r\nBcc: x@y.fr", "a@b.fr, c@d.fr",
                    "<a@b.fr>", "a@@b.fr", "@b.fr", "a@.fr", "a@b..fr"):
            _, err = self.org("add", "--uai", "0330001A", "--name", "X", "--email", bad, expect=REFUSED)
            self.assertIn("Le format de l'adresse e-mail est incorrect.", err)
        _, err = self.org("add", "--uai", "0330001A", "--name", "X", "--email", "a@b.fr", "--kind", "pro",
                          expect=REFUSED)
        self.assertIn("Le type doit être « sco » ou « agri ».", err)
        _, err = self.org("add", "--uai", "0330001A", "--name", "   ", "--email", "a@b.fr", expect=REFUSED)
        self.assertIn("Le nom de l’établissement n’est pas renseigné.", err)
        self.org("add", "--uai", "0330001A", "--name", "Deux\nlignes", "--email", "a@b.fr", expect=REFUSED)
        self.org("add", "--uai", "0330001A", "--name", "x" * 256, "--email", "a@b.fr", expect=REFUSED)
        self.org("add", "--uai", "0330001A", "--name", "x" * 255, "--email", "a@b.fr", expect=0)
        self.org("archive", "--uai", "0330001A")
        # A name that is not UTF-8 (a Latin-1 terminal).
        r = subprocess.run([SERVER.encode(), b"--db", self.db.encode(), b"org", b"add", b"--uai", b"0330002B",
                            b"--name", b"Coll\xe8ge", b"--email", b"a@b.fr"], capture_output=True)
        self.assertEqual(r.returncode, REFUSED)
        self.assertIn("UTF-8", r.stderr.decode())
        # The command line itself.
        self.org("add", "--uai", "0330001A", "--email", "a@b.fr", expect=REFUSED)
        self.org("add", "--name", "X", expect=REFUSED)
        self.org("add", "--uai", "0330001A", "--name", "X", "--colour", "red", expect=REFUSED)
        self.org("add", "--uai", "0330001A", "--name", "X", "extra", expect=REFUSED)
        self.org("add", "--uai", expect=REFUSED)
        self.org("frobnicate", expect=REFUSED)
        self.org(expect=REFUSED)
        self.assertEqual([(r["name"], r["archived"]) for r in self.list_json()], [("x" * 255, True)])

    def test_add_duplicate_uai(self):
        self.org("add", "--uai", "0330001A", "--name", "Collège A", "--email", "a@ac.fr")
        _, err = self.org("add", "--uai", "0330001a", "--name", "Collège B", "--email", "b@ac.fr",
                          expect=REFUSED)
        self.assertIn("0330001A", err)
        self.assertIn("Collège A", err)
        self.assertIn("--allow-duplicate", err)
        self.assertEqual(len(self.list_json()), 1)
        # Several schools with one UAI (the §1.2 case "Plusieurs établissements").
        self.org("add", "--uai", "0330001A", "--name", "Collège B", "--email", "b@ac.fr", "--allow-duplicate")
        rows = self.list_json()
        self.assertEqual([(r["uai"], r["name"]) for r in rows],
                         [("0330001A", "Collège A"), ("0330001A", "Collège B")])

    def test_add_without_address(self):
        # Allowed (§1.2 has an error for "no address"), with a warning.
        out, err = self.org("add", "--uai", "0330001A", "--name", "Sans adresse")
        self.assertIn("Attention", err)
        self.assertIsNone(self.list_json()[0]["email"])
        out, _ = self.org("list")
        self.assertEqual(out.splitlines(), ["0330001A  Sans adresse  -  sco"])

    def test_text_stored_verbatim(self):
        names = ["Lycée « L'Été » — 𝄞 中文 🎓",
                 "Robert'); DROP TABLE organizations; --",
                 "100% \\ back_slash $1 ? :x \"quoted\""]
        for i, name in enumerate(names):
            self.org("add", "--uai", f"033000{i}A", "--name", name, "--email", f"o'brien+{i}@ac-x.fr")
        rows = self.list_json()
        self.assertEqual([r["name"] for r in rows], names)
        self.assertEqual([r["email"] for r in rows], [f"o'brien+{i}@ac-x.fr" for i in range(3)])

    # org archive

    def test_archive(self):
        self.org("add", "--uai", "0330001A", "--name", "Collège A", "--email", "a@ac.fr")
        self.org("add", "--uai", "0330002B", "--name", "Collège B", "--email", "b@ac.fr")
        out, _ = self.org("archive", "--uai", " 0330001a")
        self.assertIn("Collège A", out)
        rows = self.list_json()
        self.assertEqual([r["archived"] for r in rows], [True, False])
        out, _ = self.org("list")
        self.assertEqual(out.splitlines(), ["0330001A  Collège A  a@ac.fr  sco  (archivée)",
                                            "0330002B  Collège B  b@ac.fr  sco"])
        # Again: nothing to do, said so.
        out, _ = self.org("archive", "--uai", "0330001A")
        self.assertIn("déjà archivé", out)
        _, err = self.org("archive", "--uai", "0330009Z", expect=REFUSED)
        self.assertIn("0330009Z", err)
        self.org("archive", "--uai", "bad", expect=REFUSED)
        self.org("archive", expect=REFUSED)
        self.org("archive", "--uai", "0330002B", "--id", "x", expect=REFUSED)
        self.org("archive", "--id", "no-such-id", expect=REFUSED)
        # Adding the UAI of an archived school is still a duplicate.
        _, err = self.org("add", "--uai", "0330001A", "--name", "A bis", "--email", "a@ac.fr",
                          expect=REFUSED)
        self.assertIn("archivé", err)

    def test_archive_one_of_several(self):
        self.org("add", "--uai", "0330001A", "--name", "Un", "--email", "a@ac.fr")
        self.org("add", "--uai", "0330001A", "--name", "Deux", "--email", "b@ac.fr", "--allow-duplicate")
        _, err = self.org("archive", "--uai", "0330001A", expect=REFUSED)
        self.assertIn("--id", err)
        rows = self.list_json()
        self.assertEqual([r["archived"] for r in rows], [False, False])
        second = [r for r in rows if r["name"] == "Deux"][0]
        self.org("archive", "--id", second["id"])
        self.assertEqual({r["name"]: r["archived"] for r in self.list_json()}, {"Un": False, "Deux": True})
        # Now only one is active: --uai finds it.
        self.org("archive", "--uai", "0330001A")
        self.assertEqual([r["archived"] for r in self.list_json()], [True, True])

    # org import

    def test_import_adds_updates_and_keeps(self):
        self.org("add", "--uai", "0330001A", "--name", "Ancien nom", "--email", "old@ac.fr")
        self.org("add", "--uai", "0330003C", "--name", "Inchangé", "--email", "c@ac.fr", "--kind", "agri")
        # BOM, CRLF, a header, blank lines, quotes around a name with a ';'.
        path = self.write("annuaire.csv",
                          "\ufeffuai;name;email;kind\r\n"
                          "0330001a;Lycée Montesquieu;CE.0330001A@ac-bordeaux.fr;sco\r\n"
                          "\r\n"
                          "0330002B;\"Collège « Les Pins » ; annexe \"\"B\"\"\";b@ac.fr;\r\n"
                          "0330003C;Inchangé;;\r\n"
                          "0470004D;EPL Nérac;epl@educagri.fr;AGRI\r\n")
        out, _ = self.org("import", path)
        self.assertIn("annuaire.csv", out)
        self.assertIn("2 établissement(s) ajouté(s), 1 mis à jour, 1 inchangé(s)", out)
        rows = self.list_json()
        self.assertEqual([(r["uai"], r["name"], r["email"], r["kind"]) for r in rows], [
            ("0330001A", "Lycée Montesquieu", "ce.0330001a@ac-bordeaux.fr", "sco"),
            ("0330002B", "Collège « Les Pins » ; annexe \"B\"", "b@ac.fr", "sco"),
            ("0330003C", "Inchangé", "c@ac.fr", "agri"),      # empty fields keep the values
            ("0470004D", "EPL Nérac", "epl@educagri.fr", "agri"),
        ])
        # The same file again changes nothing.
        out, _ = self.org("import", path)
        self.assertIn("0 établissement(s) ajouté(s), 0 mis à jour, 4 inchangé(s)", out)
        self.assertEqual(self.list_json(), rows)

    def test_import_without_header_and_other_column_order(self):
        path = self.write("a.csv", "0330001A;Collège A;a@ac.fr\n0330002B;Collège B\n")
        self.org("import", path)
        path = self.write("b.csv", "Type;Nom;UAI\nagri;EPL;0470004D\n")
        _, err = self.org("import", path, expect=REFUSED)   # the header must start with uai
        path = self.write("c.csv", "uai;kind;name\n0470004D;agri;EPL\n")
        self.org("import", path)
        self.assertEqual([(r["uai"], r["name"], r["email"], r["kind"]) for r in self.list_json()], [
            ("0330001A", "Collège A", "a@ac.fr", "sco"),
            ("0330002B", "Collège B", None, "sco"),
            ("0470004D", "EPL", None, "agri"),
        ])

    def assert_refused_unchanged(self, name, data, *expected):
        before = self.list_json()
        path = self.write(name, data)
        _, err = self.org("import", path, expect=REFUSED)
        for text in expected:
            self.assertIn(text, err)
        self.assertIn("Aucun établissement n’a été importé.", err)
        self.assertEqual(self.list_json(), before)
        return err

    def test_import_errors_name_file_line_field_and_apply_nothing(self):
        self.org("add", "--uai", "0330001A", "--name", "Avant", "--email", "a@ac.fr")
        err = self.assert_refused_unchanged(
            "ecoles.csv",
            "uai;name;email;kind\n"
            "0330001A;Renommé;a@ac.fr;sco\n"
            "0330002B;Bon;b@ac.fr;sco\n"
            "033003C;Mauvais UAI;c@ac.fr;sco\n"
            "0330004D;;d@ac.fr;sco\n"
            "0330005E;Adresse;pas une adresse;sco\n"
            "0330006F;Type;f@ac.fr;pro\n"
            "0330002b;Encore B;b2@ac.fr;sco\n"
            "0330007G;Trop;g@ac.fr;sco;en trop\n"
            "0330008H\n",
            "ecoles.csv, ligne 4, champ « uai » : L’UAI n’est pas correct.",
            "ecoles.csv, ligne 5, champ « name » : Le nom de l’établissement n’est pas renseigné.",
            "ecoles.csv, ligne 6, champ « email » : Le format de l'adresse e-mail est incorrect.",
            "ecoles.csv, ligne 7, champ « kind » : Le type doit être « sco » ou « agri ».",
            "ecoles.csv, ligne 8, champ « uai » : l’UAI 0330002B figure déjà ligne 3.",
            "ecoles.csv, ligne 9 :",
            "ecoles.csv, ligne 10 :")
        self.assertNotIn("ligne 2", err)
        self.assertNotIn("ligne 3,", err)

    def test_import_encodings(self):
        self.org("add", "--uai", "0330001A", "--name", "Avant", "--email", "a@ac.fr")
        latin1 = "uai;name;email;kind\n0330001A;Nouveau;a@ac.fr;sco\n0330002B;Coll\u00e8ge;b@ac.fr;sco\n"
        self.assert_refused_unchanged("latin1.csv", latin1.encode("latin-1"),
                                      "latin1.csv, ligne 3 :", "UTF-8")
        self.assert_refused_unchanged("utf16.csv", latin1.encode("utf-16"),
                                      "utf16.csv, ligne 1 :", "UTF-16")
        self.assert_refused_unchanged("nul.csv", b"0330002B;A\x00B;b@ac.fr\n", "nul.csv, ligne 1 :")
        self.assert_refused_unchanged("quote.csv", "0330002B;\"jamais fermé;b@ac.fr\n",
                                      "quote.csv, ligne 1 :", "guillemet")
        self.assert_refused_unchanged("empty.csv", "uai;name;email;kind\n\n", "empty.csv", "aucun établissement")
        self.assert_refused_unchanged("header.csv", "uai;name;couleur\n0330002B;A;bleu\n",
                                      "header.csv, ligne 1 :", "couleur")

    def test_import_ambiguous_update_applies_nothing(self):
        self.org("add", "--uai", "0330001A", "--name", "Un", "--email", "a@ac.fr")
        self.org("add", "--uai", "0330001A", "--name", "Deux", "--email", "b@ac.fr", "--allow-duplicate")
        self.assert_refused_unchanged("dup.csv", "0330002B;Nouveau;n@ac.fr\n0330001A;Lequel ?;x@ac.fr\n",
                                      "dup.csv, ligne 2, champ « uai » :", "2 établissements")

    def test_import_missing_file(self):
        _, err = self.org("import", os.path.join(self.tmp, "absent.csv"), expect=1)
        self.assertIn("absent.csv", err)
        self.org("import", expect=REFUSED)
        self.org("import", "a.csv", "b.csv", expect=REFUSED)

    def test_import_many(self):
        lines = ["uai;name;email;kind"] + [f"{i:07d}{chr(65 + i % 26)};École n°{i};ce.{i}@ac.fr;sco"
                                           for i in range(1, 3001)]
        path = self.write("big.csv", "\n".join(lines) + "\n")
        out, _ = self.org("import", path)
        self.assertIn("3000 établissement(s) ajouté(s)", out)
        rows = self.list_json()
        self.assertEqual(len(rows), 3000)
        self.assertEqual([r["uai"] for r in rows], sorted(r["uai"] for r in rows))

    def test_concurrent_imports_make_each_school_once(self):
        # Several operators (or a cron job and an operator) at once: every
        # import sees the others' schools, none adds a UAI twice.
        lines = [f"{i:07d}{chr(65 + i % 26)};École {i};e{i}@ac.fr" for i in range(1, 201)]
        path = self.write("dir.csv", "\n".join(lines) + "\n")
        env = dict(os.environ, LC_ALL="C")
        procs = [subprocess.Popen([SERVER, "--db", self.db, "org", "import", path], env=env,
                                  stdout=subprocess.PIPE, stderr=subprocess.PIPE) for _ in range(4)]
        outs = [p.communicate(timeout=120) for p in procs]
        for p, (out, err) in zip(procs, outs):
            self.assertEqual(p.returncode, 0, err.decode())
        added = sum(int(out.decode().split(" : ")[1].split(" ")[0]) for out, _ in outs)
        self.assertEqual(added, 200)
        rows = self.list_json()
        self.assertEqual(len(rows), 200)
        self.assertEqual(len({r["uai"] for r in rows}), 200)

    def test_list_sorted_by_uai(self):
        for uai in ("0470004D", "0330002B", "0330001A", "0640003C"):
            self.org("add", "--uai", uai, "--name", "École " + uai, "--email", "x@ac.fr")
        out, err = self.org("list")
        self.assertEqual([line.split("  ")[0] for line in out.splitlines()],
                         ["0330001A", "0330002B", "0470004D", "0640003C"])

    def test_database_failures_exit_1(self):
        r = subprocess.run([SERVER, "--db", "postgresql:///x?host=/nonexistent-folder&port=1", "org", "list"],
                           capture_output=True, text=True, timeout=60)
        self.assertEqual(r.returncode, 1, r.stderr)
        self.assertIn("PostgreSQL", r.stderr)
        # A schema newer than the program: refused, left as it is.
        self.org("add", "--uai", "0330001A", "--name", "A", "--email", "a@ac.fr")
        sql = "INSERT INTO schema_version (version) VALUES (999)"
        if PG_URI:
            psql(sql)
        else:
            import sqlite3
            with sqlite3.connect(self.db) as conn:
                conn.execute(sql)
        _, err = self.org("list", expect=1)
        self.assertIn("newer", err)
        if PG_URI:
            self.assertEqual(psql("SELECT COUNT(*) FROM organizations").strip(), "1")
        else:
            import sqlite3
            with sqlite3.connect(self.db) as conn:
                self.assertEqual(conn.execute("SELECT COUNT(*) FROM organizations").fetchone()[0], 1)

    def test_empty_list(self):
        out, err = self.org("list")
        self.assertEqual(out, "")
        self.assertEqual(self.list_json(), [])


if __name__ == "__main__":
    unittest.main(verbosity=2)
