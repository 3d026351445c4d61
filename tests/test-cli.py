#!/usr/bin/env python3
"""The pixorga-cli contract, driven through the real binary.

Other tools depend on these commands, options, exit codes and JSON keys:
every one of them is checked here with Pix's own fixture files.
"""
import json
import os
import shutil
import sqlite3
import stat
import subprocess
import sys
import tempfile
import unittest
import zipfile

CLI = os.environ["PIXORGA_CLI"]
FIXTURES = os.environ["PIXORGA_FIXTURES"]
FREGATA = os.path.join(FIXTURES, "fregata")
# The school of the tests. Pix's SIECLE fixtures are for "123ABC", which is
# no UAI (init refuses it, as the app does): the tests read copies made for
# this school, otherwise byte for byte Pix's (setUpModule).
UAI = "0330001A"
SIECLE = None

STUDENT_KEYS = {"ine", "last_name", "preferred_last_name", "first_name", "middle_name", "third_name",
                "sex", "birthdate", "birth_country_code", "birth_province_code", "birth_city_code",
                "birth_city", "mef_code", "status", "division", "disabled"}
IMPORT_KEYS = {"status", "format", "encoding", "created", "updated", "disabled", "ignored", "errors"}
ERROR_KEYS = {"code", "line", "field", "ine", "message"}


def setUpModule():
    global SIECLE
    SIECLE = tempfile.mkdtemp(prefix="pixorga-cli-fixtures-")
    source = os.path.join(FIXTURES, "siecle")
    for name in os.listdir(source):
        with open(os.path.join(source, name), "rb") as f:
            data = f.read()
        with open(os.path.join(SIECLE, name), "wb") as f:
            f.write(data.replace(b"<UAJ>123ABC</UAJ>", f"<UAJ>{UAI}</UAJ>".encode()))


def tearDownModule():
    shutil.rmtree(SIECLE)


def siecle_xml(students, uai=UAI):
    """A small SIECLE export; students are (eleve_id, ine, last, first, division)."""
    eleves = "".join(
        f'<ELEVE ELEVE_ID="{eid}"><ID_NATIONAL>{ine}</ID_NATIONAL><NOM_DE_FAMILLE>{last}</NOM_DE_FAMILLE>'
        f"<PRENOM>{first}</PRENOM><CODE_SEXE>1</CODE_SEXE><DATE_NAISS>02/03/2012</DATE_NAISS>"
        f"<CODE_PAYS>100</CODE_PAYS><CODE_COMMUNE_INSEE_NAISS>33318</CODE_COMMUNE_INSEE_NAISS>"
        f"<CODE_MEF>10010012110</CODE_MEF><CODE_STATUT>ST</CODE_STATUT></ELEVE>\n"
        for eid, ine, last, first, _ in students)
    structures = "".join(
        f'<STRUCTURES_ELEVE ELEVE_ID="{eid}"><STRUCTURE><CODE_STRUCTURE>{div}</CODE_STRUCTURE>'
        f"<TYPE_STRUCTURE>D</TYPE_STRUCTURE></STRUCTURE></STRUCTURES_ELEVE>\n"
        for eid, _, _, _, div in students)
    return (f'<?xml version="1.0" encoding="ISO-8859-15"?>\n<BEE_ELEVES VERSION="3.1">\n'
            f"<PARAMETRES><UAJ>{uai}</UAJ></PARAMETRES>\n<DONNEES>\n<ELEVES>\n{eleves}</ELEVES>\n"
            f"<STRUCTURES>\n{structures}</STRUCTURES>\n</DONNEES>\n</BEE_ELEVES>\n").encode("iso-8859-15")


class CliTest(unittest.TestCase):
    def setUp(self):
        self.dir = tempfile.mkdtemp(prefix="pixorga-cli-")
        self.db = os.path.join(self.dir, "pixorga.db")
        self.env = dict(os.environ)
        self.env.pop("PIXORGA_DB", None)

    def tearDown(self):
        shutil.rmtree(self.dir)

    def run_cli(self, *args, db=True, env=None):
        argv = [CLI] + (["--db", self.db] if db else []) + list(args)
        return subprocess.run(argv, capture_output=True, text=True, env=env or self.env, timeout=120)

    def json_cli(self, *args, expect=0):
        proc = self.run_cli(*args)
        self.assertEqual(proc.returncode, expect, proc.stdout + proc.stderr)
        return json.loads(proc.stdout)

    def init(self, uai=UAI, kind="sco"):
        proc = self.run_cli("init", "--uai", uai, "--name", "Collège Jean Moulin", "--kind", kind)
        self.assertEqual(proc.returncode, 0, proc.stderr)
        return proc

    def write(self, name, data):
        path = os.path.join(self.dir, name)
        with open(path, "wb") as f:
            f.write(data)
        return path

    # --- init -------------------------------------------------------------

    def test_init_refuses_incorrect_uai(self):
        # The app's rule and message: seven digits and a letter.
        for uai in ("033001A", "123ABC", "03300019", "0330001AB", "O330001A"):
            proc = self.run_cli("init", "--uai", uai, "--name", "Collège Jean Moulin")
            self.assertEqual(proc.returncode, 2, uai)
            self.assertEqual(proc.stderr, "L’UAI n’est pas correct.\n")
            self.assertEqual(proc.stdout, "")
            self.assertFalse(os.path.exists(self.db))
        proc = self.init(" 0330001a ")
        self.assertIn("Collège Jean Moulin (0330001A)", proc.stdout)

    def test_init_valid_uai_no_warning_and_db_private(self):
        proc = self.init("0330001a")
        self.assertEqual(proc.stderr, "")
        self.assertIn("0330001A", proc.stdout)
        self.assertEqual(stat.S_IMODE(os.stat(self.db).st_mode), 0o600)
        with sqlite3.connect(self.db) as conn:
            self.assertEqual(conn.execute("PRAGMA journal_mode").fetchone()[0], "wal")
            self.assertEqual(conn.execute("PRAGMA integrity_check").fetchone()[0], "ok")
            uuid, = conn.execute("SELECT uuid FROM organizations").fetchone()
            self.assertRegex(uuid, r"^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$")

    def test_init_usage_errors(self):
        self.assertEqual(self.run_cli("init", "--name", "X").returncode, 1)
        self.assertEqual(self.run_cli("init", "--uai", UAI).returncode, 1)
        self.assertEqual(self.run_cli("init", "--uai", UAI, "--name", "X", "--kind", "lycee").returncode, 1)
        self.assertFalse(os.path.exists(self.db))

    def test_init_other_uai_refused(self):
        self.init("0330001A")
        proc = self.run_cli("init", "--uai", "0330002B", "--name", "Autre")
        self.assertEqual(proc.returncode, 1)
        self.assertIn("0330001A", proc.stderr)

    def test_default_db_path_and_env(self):
        env = dict(self.env, XDG_DATA_HOME=os.path.join(self.dir, "xdg"))
        proc = self.run_cli("init", "--uai", "0330001A", "--name", "X", db=False, env=env)
        self.assertEqual(proc.returncode, 0, proc.stderr)
        self.assertTrue(os.path.exists(os.path.join(self.dir, "xdg", "pixorga", "pixorga.db")))
        env = dict(self.env, PIXORGA_DB=os.path.join(self.dir, "env.db"))
        proc = self.run_cli("init", "--uai", "0330001A", "--name", "X", db=False, env=env)
        self.assertEqual(proc.returncode, 0, proc.stderr)
        self.assertTrue(os.path.exists(os.path.join(self.dir, "env.db")))

    # --- usage ------------------------------------------------------------

    def test_usage(self):
        self.assertEqual(self.run_cli("--help", db=False).returncode, 0)
        self.assertIn("import", self.run_cli("--help", db=False).stdout)
        self.assertEqual(self.run_cli(db=False).returncode, 1)
        self.assertEqual(self.run_cli("frobnicate").returncode, 1)
        self.assertEqual(self.run_cli("import").returncode, 1)
        self.assertEqual(self.run_cli("students", "--bogus").returncode, 1)

    def test_commands_need_a_school(self):
        proc = self.run_cli("import", os.path.join(SIECLE, "siecle-with-two-valid-students.xml"))
        self.assertEqual(proc.returncode, 1)
        self.assertIn("pixorga-cli init", proc.stderr)
        self.assertEqual(self.run_cli("students").returncode, 1)

    # --- import -----------------------------------------------------------

    def test_import_json_and_students_json(self):
        self.init()
        result = self.json_cli("import", "--json", os.path.join(SIECLE, "siecle-with-two-valid-students.xml"))
        self.assertTrue(IMPORT_KEYS <= set(result))
        self.assertEqual((result["status"], result["format"], result["encoding"]), ("imported", "siecle-xml", "ISO-8859-15"))
        self.assertEqual((result["created"], result["updated"], result["disabled"], result["ignored"]), (2, 0, 0, 0))
        self.assertEqual(result["errors"], [])

        students = self.json_cli("students", "--json")
        self.assertEqual(len(students), 2)
        for s in students:
            self.assertTrue(STUDENT_KEYS <= set(s), set(s))
        by_ine = {s["ine"]: s for s in students}
        luciole = by_ine["00000000123"]
        self.assertEqual(luciole, {**luciole, "last_name": "HANDMADE", "first_name": "Luciole", "middle_name": "Léa",
                                   "third_name": "Lucy", "preferred_last_name": "", "sex": "F",
                                   "birthdate": "1994-12-31", "birth_country_code": "100",
                                   "birth_province_code": "033", "birth_city_code": "33318", "birth_city": None,
                                   "mef_code": "123456789", "status": "AP", "division": "4A", "disabled": False})
        harry = by_ine["00000000124"]
        self.assertEqual(harry, {**harry, "last_name": "COVERT", "preferred_last_name": "COJAUNE", "middle_name": "Cocœ",
                                 "third_name": "", "sex": "M", "birthdate": "1994-07-01", "birth_country_code": "132",
                                 "birth_city": "LONDRES", "birth_city_code": None, "mef_code": "12341234",
                                 "status": "ST", "division": "4A"})

    def test_zip_import(self):
        self.init()
        path = os.path.join(self.dir, "ElevesSansAdresses.zip")
        with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
            z.write(os.path.join(SIECLE, "siecle-with-two-valid-students.xml"), "export/ElevesSansAdresses.xml")
            z.writestr("__MACOSX/._ElevesSansAdresses.xml", b"\0\0")
        result = self.json_cli("import", "--json", path)
        self.assertEqual((result["status"], result["format"], result["created"]), ("imported", "siecle-zip", 2))

    def test_every_siecle_fixture_outcome(self):
        self.init()
        expected = {
            "siecle-with-two-valid-students.xml": None,
            "siecle-with-two-valid-students-and-school-year.xml": None,
            "siecle-with-only-ignored-student.xml": {"EMPTY"},
            "siecle-with-registrations-no-longer-in-school.xml": {"EMPTY"},
            "siecle-with-wrong-uai.xml": {"UAI_MISMATCHED"},
            "siecle-with-no-uai.xml": {"UAI_MISMATCHED"},
            "siecle-with-duplicate-national-student-id.xml": {"INE_UNIQUE", "SEX_CODE_REQUIRED"},
            "siecle-with-duplicate-national-student-id-and-unclosed-tag.xml": {"INVALID_FILE"},
            # the fixture also lacks sex codes
            "siecle-with-no-national-student-id.xml": {"INE_REQUIRED", "SEX_CODE_REQUIRED"},
            "siecle-student-with-no-sex.xml": {"SEX_CODE_REQUIRED"},
            "siecle-student-with-no-birthdate.xml": {"BIRTHDATE_REQUIRED"},
            "siecle-student-with-invalid-birthdate-format.xml": {"INVALID_BIRTHDATE_FORMAT"},
            "siecle-student-with-no-sex-no-birthdate.xml": {"SEX_CODE_REQUIRED", "BIRTHDATE_REQUIRED",
                                                            "BIRTH_CITY_CODE_REQUIRED_FOR_FR_STUDENT"},
            "siecle-french-student-with-no-birth-city-code.xml": {"BIRTH_CITY_CODE_REQUIRED_FOR_FR_STUDENT"},
            "siecle-student-with-no-first-name.xml": {"FIRST_NAME_REQUIRED"},
            "siecle-student-with-no-last-name.xml": {"LAST_NAME_REQUIRED"},
            "siecle-broken.xml": {"INVALID_FILE"},
            "siecle-broken-after-uai.xml": {"INVALID_FILE"},
            "siecle-with-unknown-encoding.xml": {"ENCODING_NOT_SUPPORTED"},
            "siecle-with-bom.xml": {"SEX_CODE_REQUIRED"},
        }
        self.assertEqual(set(expected), set(f for f in os.listdir(SIECLE) if f.endswith(".xml")))
        for name, codes in expected.items():
            with self.subTest(name):
                proc = self.run_cli("import", "--json", "--dry-run", os.path.join(SIECLE, name))
                result = json.loads(proc.stdout)
                if codes is None:
                    self.assertEqual((proc.returncode, result["status"], result["created"]), (0, "imported", 2))
                    continue
                self.assertEqual((proc.returncode, result["status"]), (2, "rejected"))
                found = {e["code"] for e in result["errors"]}
                if name == "siecle-with-duplicate-national-student-id-and-unclosed-tag.xml":
                    self.assertIn("INVALID_FILE", found)
                    self.assertLessEqual(found, {"INVALID_FILE", "INE_UNIQUE", "SEX_CODE_REQUIRED"})
                else:
                    self.assertEqual(found, codes)
                for e in result["errors"]:
                    self.assertEqual(set(e), ERROR_KEYS)
                    self.assertTrue(e["message"])
        self.assertEqual(self.json_cli("students", "--json"), [])
        self.assertEqual(self.json_cli("imports", "--json"), [])

    def test_specific_errors_name_line_field_ine(self):
        self.init()
        result = self.json_cli("import", "--json", os.path.join(SIECLE, "siecle-student-with-no-sex.xml"), expect=2)
        error, = result["errors"]
        self.assertEqual((error["code"], error["line"], error["field"], error["ine"]), ("SEX_CODE_REQUIRED", 8, "CODE_SEXE", "12345"))
        self.assertTrue(error["message"].startswith("Ligne 8 : le champ sexe est vide"), error["message"])
        self.assertIn("INE 12345", error["message"])

        result = self.json_cli("import", "--json", os.path.join(SIECLE, "siecle-with-wrong-uai.xml"), expect=2)
        self.assertEqual([e["code"] for e in result["errors"]], ["UAI_MISMATCHED"])
        self.assertIn("WRONGUAI", result["errors"][0]["message"])

        result = self.json_cli("import", "--json", os.path.join(SIECLE, "siecle-with-unknown-encoding.xml"), expect=2)
        self.assertEqual(result["encoding"], "x-macthai")

    def test_reimport_semantics(self):
        self.init()
        first = self.write("a.xml", siecle_xml([("1", "111", "DUPONT", "Léa", "6A"), ("2", "222", "MARTIN", "Noé", "6B"),
                                                ("3", "333", "ŒUVRARD", "Zoë", "6A")]))
        self.assertEqual(self.json_cli("import", "--json", first)["created"], 3)

        # 222 changes class, 333 leaves, 444 arrives.
        second = self.write("b.xml", siecle_xml([("1", "111", "DUPONT", "Léa", "6A"), ("2", "222", "MARTIN", "Noé", "5C"),
                                                 ("4", "444", "ÇELIK", "Inès", "6A")]))
        preview = self.json_cli("import", "--json", "--dry-run", second)
        self.assertTrue(preview["dry_run"])
        kinds = {(c["kind"], c["ine"]) for c in preview["changes"]}
        self.assertEqual(kinds, {("new", "444"), ("class", "222"), ("leaving", "333")})
        self.assertEqual(len(self.json_cli("students", "--json")), 3, "a dry run writes nothing")

        result = self.json_cli("import", "--json", second)
        self.assertEqual((result["created"], result["updated"], result["unchanged"], result["disabled"], result["class_changed"]),
                         (1, 1, 1, 1, 1))
        active = {s["ine"]: s for s in self.json_cli("students", "--json")}
        self.assertEqual(set(active), {"111", "222", "444"})
        self.assertEqual(active["222"]["division"], "5C")
        everyone = {s["ine"]: s for s in self.json_cli("students", "--json", "--all")}
        self.assertTrue(everyone["333"]["disabled"], "left students are disabled, never deleted")

        # 333 comes back.
        result = self.json_cli("import", "--json", first)
        self.assertEqual((result["created"], result["returning"], result["disabled"]), (0, 1, 1))
        self.assertEqual({s["ine"] for s in self.json_cli("students", "--json")}, {"111", "222", "333"})
        self.assertEqual(self.json_cli("students", "--json", "--division", "6A")[0]["division"], "6A")
        self.assertEqual({s["ine"] for s in self.json_cli("students", "--json", "--division", "6A")}, {"111", "333"})

        imports = self.json_cli("imports", "--json")
        self.assertEqual([i["file_name"] for i in imports], ["a.xml", "b.xml", "a.xml"])
        self.assertTrue(all(i["created_at"].endswith("Z") for i in imports))

    def test_rejected_file_changes_nothing_and_is_recorded(self):
        self.init()
        good = self.write("good.xml", siecle_xml([("1", "111", "DUPONT", "Léa", "6A")]))
        self.json_cli("import", "--json", good)
        before = self.json_cli("students", "--json", "--all")
        with open(good, "rb") as f:
            truncated = self.write("truncated.xml", f.read()[:300])
        result = self.json_cli("import", "--json", truncated, expect=2)
        self.assertEqual(result["errors"][0]["code"], "INVALID_FILE")
        self.assertEqual((result["created"], result["updated"], result["disabled"], result["ignored"]), (0, 0, 0, 0))
        self.assertEqual(self.json_cli("students", "--json", "--all"), before)
        latest = self.json_cli("imports", "--json")[0]
        self.assertEqual((latest["status"], latest["file_name"]), ("rejected", "truncated.xml"))
        self.assertEqual(latest["errors"][0]["code"], "INVALID_FILE")

    def test_missing_file_is_rejected(self):
        self.init()
        result = self.json_cli("import", "--json", os.path.join(self.dir, "absent.zip"), expect=2)
        self.assertEqual(result["errors"][0]["code"], "INVALID_FILE")

    def test_fregata_fixtures(self):
        self.init("0330001A", kind="agri")
        result = self.json_cli("import", "--json", os.path.join(FREGATA, "derived-fregata-valid-two-learners.csv"))
        self.assertEqual((result["status"], result["format"], result["created"]), ("imported", "fregata-csv", 2))
        by_ine = {s["ine"]: s for s in self.json_cli("students", "--json")}
        self.assertEqual((by_ine["123F"]["sex"], by_ine["123F"]["birthdate"], by_ine["123F"]["birth_country_code"],
                          by_ine["123F"]["division"]), ("F", "1970-01-01", "100", "Division 1"))
        self.assertEqual((by_ine["0123456789F"]["birth_city"], by_ine["0123456789F"]["birth_country_code"]),
                         ("Shangai", "132"))
        expected = {
            "siecle-csv-with-duplicate-national-student-id.csv": ("IDENTIFIER_UNIQUE", 3, "Identifiant unique*"),
            "siecle-csv-with-no-national-student-id.csv": ("FIELD_REQUIRED", 2, "Identifiant unique*"),
            "siecle-csv-with-unknown-encoding.csv": ("ENCODING_NOT_SUPPORTED", None, None),
            "derived-fregata-header-only.csv": ("EMPTY", None, None),
            "derived-fregata-bad-country-code.csv": ("INSEE_CODE_INVALID", 2, "Code pays naissance*"),
            "derived-fregata-missing-identifier.csv": ("FIELD_REQUIRED", 2, "Identifiant unique*"),
            "derived-fregata-duplicate-identifier.csv": ("IDENTIFIER_UNIQUE", 3, "Identifiant unique*"),
        }
        for name, (code, line, field) in expected.items():
            with self.subTest(name):
                result = self.json_cli("import", "--json", os.path.join(FREGATA, name), expect=2)
                first = result["errors"][0]
                self.assertEqual((first["code"], first["line"], first["field"]), (code, line, field))
        result = self.json_cli("import", "--json", os.path.join(FREGATA, "derived-fregata-bad-city-code-and-status.csv"), expect=2)
        self.assertEqual({(e["code"], e["field"], e["line"]) for e in result["errors"]},
                         {("INSEE_CODE_INVALID", "Code commune naissance**", 2), ("FIELD_BAD_VALUES", "Statut*", 2)})
        # the two valid learners are untouched by every rejected file
        self.assertEqual(len(self.json_cli("students", "--json")), 2)
        result = self.json_cli("import", "--json", os.path.join(FREGATA, "derived-fregata-division-spaces.csv"))
        # 123F is already there (its birth department differs: updated), the other one leaves
        self.assertEqual((result["created"], result["updated"], result["class_changed"], result["disabled"]), (0, 1, 0, 1))
        self.assertEqual([s["division"] for s in self.json_cli("students", "--json")], ["Division 1"])

    def test_wrong_format_for_school_kind(self):
        self.init()
        result = self.json_cli("import", "--json", os.path.join(FREGATA, "siecle-csv-with-two-valid-students.csv"), expect=2)
        self.assertEqual(result["errors"][0]["code"], "INVALID_FILE_FORMAT")

    def test_human_output_is_french(self):
        self.init()
        proc = self.run_cli("import", os.path.join(SIECLE, "siecle-with-two-valid-students.xml"))
        self.assertEqual(proc.returncode, 0)
        self.assertIn("La liste a été importée avec succès", proc.stdout)
        proc = self.run_cli("students")
        self.assertIn("HANDMADE", proc.stdout)
        self.assertIn("31/12/1994", proc.stdout)
        self.assertTrue(proc.stdout.rstrip().endswith("2 élèves"), proc.stdout)
        proc = self.run_cli("imports")
        self.assertIn("importé", proc.stdout)


    # --- demo -------------------------------------------------------------

    def test_demo_that_writes_nothing_is_refused(self):
        # One student in one campaign: some seeds draw nobody.
        self.init()
        self.json_cli("import", "--json", self.write("one.xml", siecle_xml([("1", "000000001AA", "SEUL", "Léa", "6A")])))
        proc = self.run_cli("campaign", "create", "--name", "Profils", "--type", "profiles")
        self.assertEqual(proc.returncode, 0, proc.stderr)

        def rows():
            with sqlite3.connect(self.db) as db:
                return db.execute("SELECT * FROM participations ORDER BY id").fetchall()

        outcomes = set()
        for seed in range(1, 101):
            before = rows()
            proc = self.run_cli("demo", "--seed", str(seed))
            self.assertIn(proc.returncode, (0, 2), proc.stderr)
            outcomes.add(proc.returncode)
            if proc.returncode == 2:
                self.assertEqual(proc.stdout, "")
                self.assertEqual(proc.stderr, "Aucune participation de démonstration n’a été écrite : aucun élève "
                                              "n’a été tiré au sort avec cette graine ; essayez-en une autre. "
                                              "Rien n’a été modifié.\n")
                self.assertEqual(rows(), before)
            else:
                self.assertIn("1 participation écrite", proc.stdout)
            if outcomes == {0, 2}:
                break
        self.assertEqual(outcomes, {0, 2})

    # --- campaign export --------------------------------------------------

    def test_campaign_export(self):
        self.init()
        students = [(str(i), f"{i:09d}AA", f"ÉLÈVE{i}", "=Léa" if i % 3 == 0 else "Zoé", "6A" if i % 2 else "6B")
                    for i in range(1, 41)]
        self.json_cli("import", "--json", self.write("e.xml", siecle_xml(students)))
        codes = {}
        for kind, args in (("assessment", ["--profile", "rentree-6e", "--multiple-sendings"]),
                           ("profiles", ["--type", "profiles", "--multiple-sendings"])):
            proc = self.run_cli("campaign", "create", "--name", f"Rentrée / {kind}", *args)
            self.assertEqual(proc.returncode, 0, proc.stderr)
            codes[kind] = proc.stdout.strip().splitlines()[-1]
        # No demonstration data yet: Pix's own name.
        proc = subprocess.run([CLI, "--db", self.db, "campaign", "export", codes["profiles"]], cwd=self.dir,
                              capture_output=True, env=self.env, timeout=120)
        self.assertEqual(proc.returncode, 0, proc.stderr)
        self.assertRegex(proc.stdout.decode().strip(), r"^Resultats-Rentrée _ profiles-\d+-[-\d]+\.csv$")
        os.unlink(os.path.join(self.dir, proc.stdout.decode().strip()))

        proc = self.run_cli("demo", "--seed", "7")
        self.assertEqual(proc.returncode, 0, proc.stderr)

        db = sqlite3.connect(self.db)
        for kind, code in codes.items():
            campaign_id, name = db.execute("SELECT id, name FROM campaigns WHERE code = ?", (code,)).fetchone()
            attempts = db.execute("SELECT COUNT(*) FROM participations WHERE campaign_id = ? AND deleted_at IS NULL",
                                  (campaign_id,)).fetchone()[0]
            self.assertGreater(attempts, 0)

            # Default: Pix's file name in the current folder, its path printed;
            # demonstration data says so in front of it.
            proc = subprocess.run([CLI, "--db", self.db, "campaign", "export", code.lower()], cwd=self.dir,
                                  capture_output=True, env=self.env, timeout=120)
            self.assertEqual(proc.returncode, 0, proc.stderr)
            path = proc.stdout.decode().strip()
            self.assertRegex(path, rf"^DEMONSTRATION-Resultats-Rentrée _ {kind}-{campaign_id}-\d{{4}}-\d\d-\d\d-\d{{4}}\.csv$")
            with open(os.path.join(self.dir, path), "rb") as f:
                data = f.read()

            # BOM, ";", "\n" only, quoted header, one line per attempt.
            self.assertTrue(data.startswith(b"\xef\xbb\xbf\"Nom de l'organisation\";\"ID Campagne\";\"Code\";"))
            self.assertNotIn(b"\r", data)
            self.assertTrue(data.endswith(b"\n"))
            lines = data[3:].decode("utf-8").split("\n")[:-1]
            self.assertEqual(len(lines) - 1, attempts)
            header = lines[0].split(";")
            self.assertTrue(all(h.startswith('"') and h.endswith('"') for h in header), header)
            self.assertIn('"Classe"', header)
            if kind == "assessment":
                self.assertIn('"Parcours"', header)
                self.assertIn('"% maitrise de l\'ensemble des acquis du profil"', header)
            else:
                self.assertEqual(len(header), 12 + 2 * 16)
            for line in lines[1:]:
                self.assertEqual(line.count(";"), len(header) - 1, line)
                self.assertTrue(line.startswith(f'"Collège Jean Moulin";{campaign_id};"{code}";"Rentrée / {kind}";'), line)
            # "=Léa" is written with the apostrophe that blocks formulas.
            first_names = {line.split(";")[6 if kind == "assessment" else 5] for line in lines[1:]}
            self.assertLessEqual(first_names, {'"\'=Léa"', '"Zoé"'})
            self.assertIn('"\'=Léa"', first_names)

            # -o FILE and -o - give the same bytes.
            out = os.path.join(self.dir, "out.csv")
            proc = self.run_cli("campaign", "export", code, "-o", out)
            self.assertEqual((proc.returncode, proc.stdout.strip()), (0, out), proc.stderr)
            with open(out, "rb") as f:
                self.assertEqual(f.read(), data)
            proc = subprocess.run([CLI, "--db", self.db, "campaign", "export", code, "-o", "-"],
                                  capture_output=True, env=self.env, timeout=120)
            self.assertEqual(proc.returncode, 0, proc.stderr)
            self.assertEqual(proc.stdout, data)

        proc = self.run_cli("campaign", "export", "ZZZZZZ999")
        # The store's message ("Aucune campagne n’a le code « ZZZZZZ999 ».").
        self.assertEqual(proc.returncode, 2)
        self.assertIn("ZZZZZZ999", proc.stderr)
        proc = self.run_cli("campaign", "export")
        self.assertEqual(proc.returncode, 1)

    # --- profiles and campaigns -------------------------------------------

    def test_profiles(self):
        # The catalogue is bundled: no database needed.
        proc = self.run_cli("profiles", "--json", db=False)
        self.assertEqual(proc.returncode, 0, proc.stderr)
        profiles = json.loads(proc.stdout)
        self.assertGreaterEqual(len(profiles), 10)
        for p in profiles:
            self.assertLessEqual({"id", "name", "category", "tubes", "skills", "stages"}, set(p))
            self.assertIn(p["category"], {"COMPETENCES", "BACK_TO_SCHOOL", "SUBJECT", "DISCIPLINE",
                                          "PREDEFINED", "OTHER"})
            self.assertGreater(p["tubes"], 0)
            self.assertGreaterEqual(p["skills"], p["tubes"])
        ids = [p["id"] for p in profiles]
        self.assertEqual(len(ids), len(set(ids)))
        rentree = next(p for p in profiles if p["id"] == "rentree-6e")
        self.assertEqual(rentree["category"], "BACK_TO_SCHOOL")
        self.assertEqual(rentree["stages"], 4)
        proc = self.run_cli("profiles", db=False)
        self.assertEqual(proc.returncode, 0)
        self.assertIn("rentree-6e", proc.stdout)
        self.assertIn("Parcours de rentrée 6e", proc.stdout)
        self.assertEqual(self.run_cli("profiles", "extra", db=False).returncode, 1)

    def test_campaign_create_and_list(self):
        self.init()
        self.assertEqual(self.json_cli("campaigns", "--json"), [])
        proc = self.run_cli("campaign", "create", "--name", "Rentrée 6e", "--profile", "rentree-6e")
        self.assertEqual(proc.returncode, 0, proc.stderr)
        code = proc.stdout.splitlines()[-1]
        self.assertRegex(code, r"^[A-HJ-NP-Z]{6}[1-9]{3}$")
        self.assertIn("Rentrée 6e", proc.stdout)

        created = self.json_cli("campaign", "create", "--name", "Collecte", "--type", "profiles",
                                "--multiple-sendings", "--owner", "Mme Durand", "--json")
        self.assertLessEqual({"id", "code", "name", "type", "target_profile_id", "owner", "creator",
                              "multiple_sendings", "created_at", "participants", "shared"}, set(created))
        self.assertRegex(created["code"], r"^[A-Z0-9]{9}$")
        self.assertNotEqual(created["code"], code)
        self.assertEqual(created["type"], "PROFILES_COLLECTION")
        self.assertIsNone(created["target_profile_id"])
        self.assertEqual(created["owner"], "Mme Durand")
        self.assertTrue(created["multiple_sendings"])

        campaigns = self.json_cli("campaigns", "--json")
        self.assertEqual([c["name"] for c in campaigns], ["Collecte", "Rentrée 6e"])
        self.assertEqual(campaigns[1]["code"], code)
        self.assertEqual(campaigns[1]["type"], "ASSESSMENT")
        self.assertEqual(campaigns[1]["target_profile_id"], "rentree-6e")
        self.assertFalse(campaigns[1]["multiple_sendings"])
        self.assertEqual((campaigns[1]["participants"], campaigns[1]["shared"]), (0, 0))
        self.assertEqual(self.json_cli("campaigns", "--json", "--archived"), [])

        proc = self.run_cli("campaigns")
        self.assertEqual(proc.returncode, 0)
        self.assertIn(code, proc.stdout)
        self.assertIn(created["code"], proc.stdout)

    def test_campaign_create_refusals(self):
        self.init()
        refused = [
            ["--name", "  ", "--profile", "rentree-6e"],         # no name
            ["--name", "Sans parcours"],                          # assessment without profile
            ["--name", "Inconnu", "--profile", "rentree-7e"],     # unknown profile
            ["--name", "Collecte", "--type", "profiles", "--profile", "rentree-6e"],
            ["--name", "Titre", "--profile", "rentree-6e", "--title", "x" * 51],
            ["--name", "Collecte", "--type", "profiles", "--title", "Un titre"],
        ]
        for args in refused:
            proc = self.run_cli("campaign", "create", *args)
            self.assertEqual(proc.returncode, 2, args)
            self.assertNotEqual(proc.stderr.strip(), "", args)
            self.assertEqual(proc.stdout, "", args)
        self.assertEqual(self.json_cli("campaigns", "--json"), [])
        # Usage errors.
        self.assertEqual(self.run_cli("campaign", "create", "--name", "X", "--type", "exam").returncode, 1)
        self.assertEqual(self.run_cli("campaign", "create", "--bogus").returncode, 1)
        self.assertEqual(self.run_cli("campaign", "frobnicate").returncode, 1)
        self.assertEqual(self.run_cli("campaigns", "extra").returncode, 1)
        # A title of exactly 50 characters is fine.
        proc = self.run_cli("campaign", "create", "--name", "Titre", "--profile", "rentree-6e", "--title", "é" * 50)
        self.assertEqual(proc.returncode, 0, proc.stderr)

    def test_campaigns_need_a_school(self):
        proc = self.run_cli("campaign", "create", "--name", "Rentrée 6e", "--profile", "rentree-6e")
        self.assertEqual(proc.returncode, 1)
        self.assertIn("pixorga-cli init", proc.stderr)
        self.assertEqual(self.run_cli("campaigns").returncode, 1)


if __name__ == "__main__":
    unittest.main(verbosity=2)
