#!/usr/bin/env python3
"""pixorga-cli's certification commands (issue 12, item 8), through the binary.

    pixorga-cli cert sessions [--json]
    pixorga-cli cert results --division CLASS [-o FILE]
    pixorga-cli cert attestations --division CLASS -o FILE.pdf
    pixorga-cli cert lsu -o FILE.json
    pixorga-cli archive -o FILE.zip

A school with students, two campaigns and `pixorga-cli demo`'s data (a
published session with validated, rejected and cancelled results, and a
session still to come). The results CSV is checked against one written
here from the spec's rules (../shared/spec/certification.md §3.3) and the
stored rows; the attestations with pdfinfo and pdftotext; the archive
with zipfile, against the other commands' files.
"""
import datetime
import io
import json
import os
import re
import shutil
import sqlite3
import subprocess
import tempfile
import unicodedata
import unittest
import zipfile

CLI = os.environ["PIXORGA_CLI"]
UAI = "0330001A"

HEADER = ('"Numéro de certification";"Prénom";"Nom";"Date de naissance";"Lieu de naissance";'
          '"Identifiant Externe";"Statut";"Nombre de Pix";"1.1";"1.2";"1.3";"2.1";"2.2";"2.3";"2.4";'
          '"3.1";"3.2";"3.3";"3.4";"4.1";"4.2";"4.3";"5.1";"5.2";"Commentaire jury pour l’organisation";'
          '"Session";"Date de passage de la certification"')
STATUS_LABELS = {"validated": "Validée", "rejected": "Rejetée", "cancelled": "Annulée",
                 "error": "En erreur", "started": "Démarrée"}
SESSION_KEYS = {"id", "uuid", "number", "address", "room", "examiner", "date", "time", "description",
                "access_code", "supervisor_password", "certification_center", "finalized_at",
                "examiner_global_comment", "has_incident", "has_joining_issue", "published_at",
                "n_candidates", "n_started", "status", "is_demo"}
LSU_KEYS = {"id", "firstName", "middleName", "thirdName", "lastName", "birthdate", "nationalStudentId",
            "status", "pixScore", "verificationCode", "date", "deliveredAt", "certificationCenter",
            "competenceResults"}


def siecle_xml(students):
    """A SIECLE export; students are (eleve_id, ine, last, first, division)."""
    eleves = "".join(
        f'<ELEVE ELEVE_ID="{eid}"><ID_NATIONAL>{ine}</ID_NATIONAL><NOM_DE_FAMILLE>{last}</NOM_DE_FAMILLE>'
        f"<PRENOM>{first}</PRENOM><CODE_SEXE>1</CODE_SEXE><DATE_NAISS>02/03/2011</DATE_NAISS>"
        f"<CODE_PAYS>100</CODE_PAYS><CODE_COMMUNE_INSEE_NAISS>33318</CODE_COMMUNE_INSEE_NAISS>"
        f"<CODE_MEF>10010012110</CODE_MEF><CODE_STATUT>ST</CODE_STATUT></ELEVE>\n"
        for eid, ine, last, first, _ in students)
    structures = "".join(
        f'<STRUCTURES_ELEVE ELEVE_ID="{eid}"><STRUCTURE><CODE_STRUCTURE>{div}</CODE_STRUCTURE>'
        f"<TYPE_STRUCTURE>D</TYPE_STRUCTURE></STRUCTURE></STRUCTURES_ELEVE>\n"
        for eid, _, _, _, div in students)
    return (f'<?xml version="1.0" encoding="ISO-8859-15"?>\n<BEE_ELEVES VERSION="3.1">\n'
            f"<PARAMETRES><UAJ>{UAI}</UAJ></PARAMETRES>\n<DONNEES>\n<ELEVES>\n{eleves}</ELEVES>\n"
            f"<STRUCTURES>\n{structures}</STRUCTURES>\n</DONNEES>\n</BEE_ELEVES>\n").encode("iso-8859-15")


LAST_NAMES = ["MARTIN", "BERNARD", "DUBOIS", "THOMAS", "ROBERT", "RICHARD", "PETIT", "DURAND", "LEROY",
              "MOREAU", "SIMON", "LAURENT", "LEFÈVRE", "MICHEL", "GARCIA", "DAVID", "BERTRAND", "ROUX",
              "VINCENT", "FOURNIER", "MOREL", "GIRARD", "ANDRÉ", "MERCIER", "DUPONT", "LAMBERT", "BONNET",
              "FRANÇOIS", "MARTINEZ", "LEGRAND"]
FIRST_NAMES = ["Léa", "Hugo", "Chloé", "Louis", "Emma", "Jules", "Inès", "Noé", "Zoé", "Éloïse"]


def fold(text):
    """Case and accents ignored, as the student list sorts."""
    text = unicodedata.normalize("NFKD", text or "")
    return " ".join("".join(c for c in text if not unicodedata.combining(c)).lower().split())


def quoted(value):
    """json2csv: strings quoted, inner quotes doubled; NULL an empty cell."""
    if value is None:
        return ""
    return '"' + value.replace('"', '""') + '"'


def day(iso):
    """"2026-11-02" or a timestamp → "02/11/2026"."""
    y, m, d = iso[:10].split("-")
    return f"{d}/{m}/{y}"


def expected_results(db, division, validated_only=False):
    """The rows of the division CSV (spec §3.3), from the stored rows: the
    active students of @division whose session is published, the latest
    course of each, by name then number."""
    rows = db.execute(
        "SELECT l.id, k.number, c.first_name, c.last_name, c.birthdate, c.birth_city, c.external_id, "
        "       k.status, k.pix_score, k.levels, k.jury_comment, s.number, k.started_at "
        "FROM cert_courses k JOIN cert_candidates c ON c.id = k.candidate_id "
        "JOIN cert_sessions s ON s.id = k.session_id JOIN learners l ON l.id = c.learner_id "
        "WHERE l.disabled_at IS NULL AND s.deleted_at IS NULL AND s.published_at IS NOT NULL "
        "AND upper(l.division) = upper(?)" + (" AND k.status = 'validated'" if validated_only else ""),
        (division,)).fetchall()
    latest = {}
    for row in rows:
        if row[0] not in latest or (row[12], row[1]) > (latest[row[0]][12], latest[row[0]][1]):
            latest[row[0]] = row
    return sorted(latest.values(), key=lambda r: (fold(r[3]), fold(r[2]), r[1]))


def csv_line(row):
    (_, number, first, last, birthdate, birth_city, external_id, status, pix, levels, comment,
     session_number, started_at) = row
    levels = [int(x) for x in levels.split(",")] if levels else [-1] * 16
    cells = [str(number), quoted(first), quoted(last), quoted(day(birthdate)), quoted(birth_city),
             quoted(external_id), quoted(STATUS_LABELS[status])]
    if status == "validated":
        cells.append(str(pix))
    elif status == "rejected":
        cells.append('"0"')
    else:
        cells.append('"-"')
    for level in levels:
        # -1: not asked. Validated: the level, 0 for ≤ 0; rejected: 0.
        if status not in ("validated", "rejected") or level < 0:
            cells.append('"-"')
        elif status == "rejected" or level <= 0:
            cells.append("0")
        else:
            cells.append(str(level))
    cells += [quoted(comment), str(session_number), quoted(day(started_at))]
    return ";".join(cells)


def expected_csv(db, division):
    lines = [HEADER] + [csv_line(r) for r in expected_results(db, division)]
    return b"\xef\xbb\xbf" + "\n".join(lines).encode("utf-8")


def pdf_pages(path):
    out = subprocess.run(["pdfinfo", path], capture_output=True, text=True, check=True).stdout
    return int(re.search(r"^Pages:\s+(\d+)", out, re.M).group(1))


def pdf_text(path):
    return subprocess.run(["pdftotext", "-layout", path, "-"], capture_output=True, text=True, check=True).stdout


class CertCliTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        """One school for every test (each gets its own copy): 30 students
        in 6A, 3A and 3B, two campaigns, then `pixorga-cli demo`."""
        cls.template = tempfile.mkdtemp(prefix="pixorga-cli-cert-")
        cls.env = dict(os.environ)
        cls.env.pop("PIXORGA_DB", None)
        db = os.path.join(cls.template, "pixorga.db")

        def run(*args):
            proc = subprocess.run([CLI, "--db", db] + list(args), capture_output=True, text=True,
                                  env=cls.env, timeout=120)
            assert proc.returncode == 0, (args, proc.stdout, proc.stderr)
            return proc

        run("init", "--uai", UAI, "--name", "Collège Jean Moulin")
        students = [(str(i), f"{i:09d}AA", LAST_NAMES[i % len(LAST_NAMES)], FIRST_NAMES[i % len(FIRST_NAMES)],
                     "6A" if i < 10 else "3A" if i < 24 else "3B")
                    for i in range(30)]
        path = os.path.join(cls.template, "eleves.xml")
        with open(path, "wb") as f:
            f.write(siecle_xml(students))
        run("import", path)
        os.unlink(path)
        run("campaign", "create", "--name", "Rentrée / 6e", "--profile", "rentree-6e")
        run("campaign", "create", "--name", "Profils 3e", "--type", "profiles")
        run("demo", "--seed", "3")

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.template)

    def setUp(self):
        self.dir = tempfile.mkdtemp(prefix="pixorga-cli-cert-")
        self.db = os.path.join(self.dir, "pixorga.db")
        for name in os.listdir(self.template):
            shutil.copy(os.path.join(self.template, name), os.path.join(self.dir, name))

    def tearDown(self):
        shutil.rmtree(self.dir)

    def run_cli(self, *args, env=None, text=True):
        return subprocess.run([CLI, "--db", self.db] + list(args), capture_output=True, text=text,
                              env=env or self.env, timeout=120)

    def sql(self, query, *params):
        with sqlite3.connect(self.db) as db:
            return db.execute(query, params).fetchall()

    def result_division(self):
        """The class the demonstration certified."""
        (division,), = self.sql("SELECT DISTINCT l.division FROM cert_courses k "
                                "JOIN cert_candidates c ON c.id = k.candidate_id "
                                "JOIN learners l ON l.id = c.learner_id")
        return division

    def quiet_division(self):
        """A class of the school that sat no certification."""
        return next(d for d in ("3A", "3B", "6A") if d != self.result_division())

    # --- cert sessions ----------------------------------------------------

    def test_sessions_json(self):
        proc = self.run_cli("cert", "sessions", "--json")
        self.assertEqual(proc.returncode, 0, proc.stderr)
        sessions = json.loads(proc.stdout)
        stored = self.sql("SELECT uuid, number, address, room, examiner, date, time, access_code, "
                          "supervisor_password, published_at, finalized_at FROM cert_sessions "
                          "WHERE deleted_at IS NULL ORDER BY date DESC")
        self.assertEqual(len(sessions), len(stored))
        self.assertEqual(len(sessions), 2)
        for session, row in zip(sessions, stored):
            self.assertEqual(set(session), SESSION_KEYS)
            self.assertEqual((session["uuid"], session["number"], session["address"], session["room"],
                              session["examiner"], session["date"], session["time"], session["access_code"],
                              session["supervisor_password"], session["published_at"], session["finalized_at"]),
                             row)
            self.assertTrue(session["is_demo"])
            n_candidates, = self.sql("SELECT count(*) FROM cert_candidates c JOIN cert_sessions s "
                                     "ON s.id = c.session_id WHERE s.uuid = ? AND c.removed_at IS NULL",
                                     session["uuid"])[0]
            n_started, = self.sql("SELECT count(*) FROM cert_courses k JOIN cert_sessions s "
                                  "ON s.id = k.session_id WHERE s.uuid = ?", session["uuid"])[0]
            self.assertEqual((session["n_candidates"], session["n_started"]), (n_candidates, n_started))
        # Newest date first: the one to come, then the published one.
        self.assertEqual([s["status"] for s in sessions], ["created", "published"])
        self.assertIsNone(sessions[0]["number"])
        self.assertEqual(sessions[0]["n_started"], 0)
        self.assertGreater(sessions[1]["n_started"], 0)

    def test_sessions_table_french_and_english(self):
        sessions = json.loads(self.run_cli("cert", "sessions", "--json").stdout)
        proc = self.run_cli("cert", "sessions")
        self.assertEqual(proc.returncode, 0, proc.stderr)
        lines = proc.stdout.splitlines()
        self.assertEqual(len(lines), 1 + len(sessions) + 1)
        self.assertEqual(lines[0].split(), ["N°", "Site", "Salle", "Date", "Heure", "Surveillant(s)",
                                            "Inscrits", "Passées", "Statut"])
        self.assertEqual(lines[-1], "2 sessions")
        created, published = lines[1], lines[2]
        self.assertTrue(created.startswith("en attente "), created)
        self.assertIn("Créée (démonstration)", created)
        self.assertTrue(published.startswith(f"{sessions[1]['number']} "), published)
        self.assertIn("Résultats transmis (démonstration)", published)
        self.assertIn(day(sessions[1]["date"]), published)
        self.assertIn(sessions[1]["time"], published)
        self.assertIn(sessions[1]["examiner"], published)
        self.assertRegex(published, rf"\s{sessions[1]['n_candidates']}\s+{sessions[1]['n_started']}\s")

        # The locale's language: English without a French catalogue asked.
        env = dict(self.env, LANGUAGE="en", LC_ALL="C.UTF-8")
        proc = self.run_cli("cert", "sessions", env=env)
        self.assertEqual(proc.returncode, 0, proc.stderr)
        self.assertEqual(proc.stdout.splitlines()[0].split(),
                         ["No.", "Site", "Room", "Date", "Time", "Supervisors", "Enrolled", "Taken", "Status"])
        self.assertIn("Results sent (demonstration)", proc.stdout)

    def test_sessions_empty(self):
        self.sql("DELETE FROM cert_sessions")
        proc = self.run_cli("cert", "sessions")
        self.assertEqual((proc.returncode, proc.stdout), (0, "Aucune session de certification pour l’instant.\n"))
        proc = self.run_cli("cert", "sessions", "--json")
        self.assertEqual((proc.returncode, json.loads(proc.stdout)), (0, []))

    # --- cert results -----------------------------------------------------

    def test_results_csv_is_the_spec(self):
        division = self.result_division()
        with sqlite3.connect(self.db) as db:
            expected = expected_csv(db, division)
            statuses = {r[7] for r in expected_results(db, division)}
        # The demonstration has each kind of row the rules tell apart.
        self.assertLessEqual({"validated", "rejected", "cancelled"}, statuses)

        proc = self.run_cli("cert", "results", "--division", division, text=False)
        self.assertEqual(proc.returncode, 0, proc.stderr)
        self.assertEqual(proc.stdout, expected)
        self.assertTrue(proc.stdout.startswith(b"\xef\xbb\xbf" + HEADER.encode() + b"\n"))
        self.assertFalse(proc.stdout.endswith(b"\n"))

        # Case-insensitive, -o FILE gives the same bytes and prints the path.
        out = os.path.join(self.dir, "résultats.csv")
        proc = self.run_cli("cert", "results", "--division", division.lower(), "-o", out)
        self.assertEqual((proc.returncode, proc.stdout, proc.stderr), (0, out + "\n", ""))
        with open(out, "rb") as f:
            self.assertEqual(f.read(), expected)

    def test_results_latest_published_course_per_student(self):
        """A student with an older course keeps only the newest; a student
        who left the school, and a session not published, give no row."""
        division = self.result_division()
        before = self.run_cli("cert", "results", "--division", division, text=False).stdout
        rows = before[3:].decode().split("\n")[1:]
        first_number = int(rows[0].split(";")[0])
        # An older, published course of the first student in another session.
        with sqlite3.connect(self.db) as db:
            db.execute("INSERT INTO cert_sessions (uuid, organization_id, number, address, room, examiner, date, "
                       " time, access_code, supervisor_password, certification_center, created_at, created_by, "
                       " updated_at, finalized_at, published_at, is_demo) "
                       "SELECT 'old-session', organization_id, 42, address, room, examiner, '2020-01-01', time, "
                       " 'BCDF23', 'C7KQ2', certification_center, created_at, created_by, updated_at, "
                       " finalized_at, published_at, 1 FROM cert_sessions WHERE published_at IS NOT NULL")
            db.execute("INSERT INTO cert_candidates (uuid, organization_id, session_id, learner_id, first_name, "
                       " last_name, birthdate, birth_city, external_id, created_at, is_demo) "
                       "SELECT 'old-candidate', c.organization_id, (SELECT id FROM cert_sessions WHERE uuid = "
                       " 'old-session'), c.learner_id, c.first_name, c.last_name, c.birthdate, c.birth_city, "
                       " c.external_id, c.created_at, 1 FROM cert_candidates c JOIN cert_courses k "
                       " ON k.candidate_id = c.id WHERE k.number = ?", (first_number,))
            db.execute("INSERT INTO cert_courses (uuid, organization_id, number, session_id, candidate_id, "
                       " started_at, status, pix_score, levels, verification_code, is_demo) "
                       "SELECT 'old-course', organization_id, 1, (SELECT id FROM cert_sessions WHERE uuid = "
                       " 'old-session'), (SELECT id FROM cert_candidates WHERE uuid = 'old-candidate'), "
                       " '2020-01-01T09:00:00Z', 'validated', 500, levels, 'P-BBBBBBBB', 1 "
                       "FROM cert_courses WHERE number = ?", (first_number,))
        self.assertEqual(self.run_cli("cert", "results", "--division", division, text=False).stdout, before)

        # Once the newest is unpublished, the older one is the latest published.
        with sqlite3.connect(self.db) as db:
            db.execute("UPDATE cert_sessions SET published_at = NULL WHERE number <> 42")
            expected = expected_csv(db, division)
        proc = self.run_cli("cert", "results", "--division", division, text=False)
        self.assertEqual(proc.stdout, expected)
        lines = proc.stdout[3:].decode().split("\n")
        self.assertEqual(len(lines), 2)
        self.assertTrue(lines[1].startswith("1;"), lines[1])
        self.assertIn(";500;", lines[1])
        self.assertTrue(lines[1].endswith(';42;"01/01/2020"'), lines[1])

        # The student leaves: no row at all.
        self.sql("UPDATE learners SET disabled_at = '2026-12-01T00:00:00Z' WHERE id = "
                 "(SELECT learner_id FROM cert_candidates WHERE uuid = 'old-candidate')")
        proc = self.run_cli("cert", "results", "--division", division)
        self.assertEqual(proc.returncode, 2)
        self.assertEqual(proc.stderr, f"Aucun résultat de certification pour la classe {division}.\n")

    def test_results_unknown_class_and_no_results(self):
        proc = self.run_cli("cert", "results", "--division", "5Z")
        self.assertEqual(proc.returncode, 1)
        self.assertEqual(proc.stdout, "")
        self.assertIn("« 5Z »", proc.stderr)
        self.assertIn("6A", proc.stderr)

        # A class that sat no certification: the spec's message, exit 2,
        # and no file.
        other = self.quiet_division()
        out = os.path.join(self.dir, "other.csv")
        proc = self.run_cli("cert", "results", "--division", other.lower(), "-o", out)
        self.assertEqual((proc.returncode, proc.stdout), (2, ""))
        self.assertEqual(proc.stderr, f"Aucun résultat de certification pour la classe {other}.\n")
        self.assertFalse(os.path.exists(out))

    def test_usage(self):
        for args in (["cert"], ["cert", "bogus"], ["cert", "results"], ["cert", "results", "--division", " "],
                     ["cert", "results", "--division", "3A", "extra"], ["cert", "attestations", "--division", "3A"],
                     ["cert", "attestations", "-o", "x.pdf"], ["cert", "lsu"], ["archive"],
                     ["cert", "sessions", "--bogus"]):
            proc = self.run_cli(*args)
            self.assertEqual(proc.returncode, 1, args)
            self.assertNotEqual(proc.stderr, "", args)
            self.assertEqual(proc.stdout, "", args)
        self.assertFalse(os.path.exists("x.pdf"))
        proc = subprocess.run([CLI, "--help"], capture_output=True, text=True, env=self.env)
        self.assertIn("cert", proc.stdout)
        self.assertIn("archive", proc.stdout)
        for command in (["cert", "results"], ["cert", "attestations"], ["cert", "lsu"], ["cert", "sessions"],
                        ["archive"]):
            proc = self.run_cli(*command, "--help")
            self.assertEqual(proc.returncode, 0, command)
            self.assertIn("pixorga-cli " + " ".join(command), proc.stdout)

    def test_commands_need_a_school(self):
        os.unlink(self.db)
        for args in (["cert", "sessions"], ["cert", "results", "--division", "3A"], ["archive", "-o", "a.zip"]):
            proc = self.run_cli(*args)
            self.assertEqual(proc.returncode, 1, args)
            self.assertIn("pixorga-cli init", proc.stderr)

    # --- cert attestations ------------------------------------------------

    def test_attestations(self):
        division = self.result_division()
        with sqlite3.connect(self.db) as db:
            results = expected_results(db, division)
        validated = [r for r in results if r[7] == "validated"]
        others = [r for r in results if r[7] != "validated"]
        self.assertTrue(validated and others)

        out = os.path.join(self.dir, "attestations.pdf")
        proc = self.run_cli("cert", "attestations", "--division", division, "-o", out)
        self.assertEqual((proc.returncode, proc.stdout, proc.stderr), (0, out + "\n", ""))
        self.assertEqual(pdf_pages(out), len(validated))
        # One page a validated student, in the CSV's order, with the
        # verification code; none for the rejected or cancelled ones.
        pages = pdf_text(out).split("\f")
        codes = dict(self.sql("SELECT number, verification_code FROM cert_courses"))
        for page, row in zip(pages, validated):
            flat = " ".join(page.split())
            self.assertIn(f"{row[2]} {row[3]}", flat)
            self.assertIn(codes[row[1]], flat)
            self.assertIn(str(row[8]), flat)
        text = " ".join(pdf_text(out).split())
        for row in others:
            # A rejected student may share a name with a certified one.
            if not any((v[2], v[3]) == (row[2], row[3]) for v in validated):
                self.assertNotIn(f"{row[2]} {row[3]}", text)
            self.assertNotIn(codes[row[1]], text)
        self.assertEqual([name for name in os.listdir(self.dir) if name.startswith(".")], [])

        # No validated result: the spec's message, exit 2, no file.
        other = self.quiet_division()
        out = os.path.join(self.dir, "other.pdf")
        proc = self.run_cli("cert", "attestations", "--division", other, "-o", out)
        self.assertEqual((proc.returncode, proc.stdout), (2, ""))
        self.assertEqual(proc.stderr, f"Aucune attestation de certification pour la classe {other}.\n")
        self.assertFalse(os.path.exists(out))
        proc = self.run_cli("cert", "attestations", "--division", "4Q", "-o", out)
        self.assertEqual(proc.returncode, 1)
        self.assertIn("« 4Q »", proc.stderr)
        self.assertFalse(os.path.exists(out))

    # --- cert lsu ---------------------------------------------------------

    def test_lsu(self):
        out = os.path.join(self.dir, "lsu.json")
        proc = self.run_cli("cert", "lsu", "-o", out)
        self.assertEqual((proc.returncode, proc.stdout, proc.stderr), (0, out + "\n", ""))
        with open(out, encoding="utf-8") as f:
            doc = json.load(f)
        data = doc["data"]
        self.assertEqual(data["type"], "certificationsResults")
        certifications = data["attributes"]["certifications"]
        # One per student who took a course, none cancelled.
        stored = self.sql("SELECT k.number, k.status, k.verification_code, k.pix_score FROM cert_courses k")
        not_cancelled = {n: (s, code, pix) for n, s, code, pix in stored if s != "cancelled"}
        self.assertEqual(sorted(c["id"] for c in certifications), sorted(not_cancelled))
        for c in certifications:
            self.assertEqual(set(c), LSU_KEYS)
            status, code, pix = not_cancelled[c["id"]]
            self.assertEqual(c["status"], status)
            self.assertEqual(c["verificationCode"], code)
            if status == "validated":
                self.assertEqual(c["pixScore"], pix)
                self.assertEqual([r["competenceId"] for r in c["competenceResults"]],
                                 sorted(r["competenceId"] for r in c["competenceResults"]))
            else:
                self.assertEqual((c["pixScore"], c["competenceResults"]), (0, []))
        names = [(fold(c["lastName"]), fold(c["firstName"]), c["id"]) for c in certifications]
        self.assertEqual(names, sorted(names))
        included = doc["included"]
        self.assertEqual(sorted(i["id"] for i in included if i["type"] == "areas"), ["1", "2", "3", "4", "5"])
        self.assertEqual(len([i for i in included if i["type"] == "competences"]), 16)

        # No certification: the referential and an empty list, as Pix answers.
        self.sql("DELETE FROM cert_sessions")
        proc = self.run_cli("cert", "lsu", "-o", out)
        self.assertEqual(proc.returncode, 0, proc.stderr)
        with open(out, encoding="utf-8") as f:
            doc = json.load(f)
        self.assertEqual(doc["data"]["attributes"]["certifications"], [])
        self.assertEqual(len(doc["included"]), 21)

    # --- archive ----------------------------------------------------------

    def cli_bytes(self, *args):
        proc = self.run_cli(*args, text=False)
        self.assertEqual(proc.returncode, 0, proc.stderr)
        return proc.stdout

    def test_archive(self):
        division = self.result_division()
        out = os.path.join(self.dir, "archive.zip")
        proc = self.run_cli("archive", "-o", out)
        self.assertEqual((proc.returncode, proc.stdout, proc.stderr), (0, out + "\n", ""))

        campaigns = self.sql("SELECT code, name FROM campaigns WHERE deleted_at IS NULL")
        self.assertEqual(len(campaigns), 2)
        with zipfile.ZipFile(out) as archive:
            self.assertIsNone(archive.testzip())
            names = sorted(archive.namelist())
            expected = sorted(["README.txt", f"resultats/{division}.csv", f"attestations/{division}.pdf"] +
                              [f"campagnes/{code}-{name.replace('/', '_')}.csv" for code, name in campaigns])
            self.assertEqual(names, expected)

            # The very bytes of the other commands.
            self.assertEqual(archive.read(f"resultats/{division}.csv"),
                             self.cli_bytes("cert", "results", "--division", division))
            for code, name in campaigns:
                self.assertEqual(archive.read(f"campagnes/{code}-{name.replace('/', '_')}.csv"),
                                 self.cli_bytes("campaign", "export", code, "-o", "-"))
            pdf = os.path.join(self.dir, "from-zip.pdf")
            with open(pdf, "wb") as f:
                f.write(archive.read(f"attestations/{division}.pdf"))
            with sqlite3.connect(self.db) as db:
                n_validated = len([r for r in expected_results(db, division) if r[7] == "validated"])
            self.assertEqual(pdf_pages(pdf), n_validated)

            readme = archive.read("README.txt").decode("utf-8")
            today = datetime.date.today().strftime("%d/%m/%Y")
            self.assertIn("Collège Jean Moulin (0330001A)", readme)
            self.assertIn(f"Créée le {today} à ", readme)
            for folder in ("resultats/", "attestations/", "campagnes/"):
                self.assertIn(folder, readme)
            n_rows = len(expected_results(sqlite3.connect(self.db), division))
            self.assertIn(f"(1 classe, {n_rows} élèves)", readme)
            self.assertIn(f"({n_validated} attestations en tout)", readme)
            self.assertIn("(2 campagnes)", readme)

        # Recorded: no result left unarchived.
        archives = self.sql("SELECT path, created_by FROM cert_archives")
        self.assertEqual(len(archives), 1)
        self.assertEqual(archives[0][0], out)
        self.assertEqual(sorted(os.listdir(self.dir)), ["archive.zip", "from-zip.pdf", "pixorga.db"] +
                         sorted(n for n in os.listdir(self.dir) if n.startswith("pixorga.db-")))

    def test_failed_archive_leaves_no_file(self):
        # A folder that does not exist: nothing anywhere.
        proc = self.run_cli("archive", "-o", os.path.join(self.dir, "absent", "archive.zip"))
        self.assertEqual((proc.returncode, proc.stdout), (1, ""))
        self.assertIn("archive.zip", proc.stderr)
        self.assertFalse(os.path.exists(os.path.join(self.dir, "absent")))

        # The last step fails (the name is a folder with files in it): the
        # archive built beside it is removed, the folder untouched, and
        # nothing is recorded.
        target = os.path.join(self.dir, "target")
        os.mkdir(target)
        with open(os.path.join(target, "keep.txt"), "w") as f:
            f.write("keep")
        before = sorted(os.listdir(self.dir))
        proc = self.run_cli("archive", "-o", target)
        self.assertEqual((proc.returncode, proc.stdout), (1, ""))
        self.assertIn("target", proc.stderr)
        self.assertEqual(sorted(n for n in os.listdir(self.dir) if not n.startswith("pixorga.db")),
                         sorted(n for n in before if not n.startswith("pixorga.db")))
        self.assertEqual(os.listdir(target), ["keep.txt"])
        self.assertEqual(self.sql("SELECT count(*) FROM cert_archives"), [(0,)])

        # An earlier archive stays as it was when the next one fails (its
        # folder turned read-only: no room to build beside it).
        folder = os.path.join(self.dir, "out")
        os.mkdir(folder)
        out = os.path.join(folder, "archive.zip")
        self.assertEqual(self.run_cli("archive", "-o", out).returncode, 0)
        with open(out, "rb") as f:
            good = f.read()
        if os.geteuid() == 0:
            return  # root writes anywhere
        os.chmod(folder, 0o500)
        try:
            proc = self.run_cli("archive", "-o", out)
        finally:
            os.chmod(folder, 0o700)
        self.assertEqual(proc.returncode, 1)
        self.assertIn("archive.zip", proc.stderr)
        self.assertEqual(os.listdir(folder), ["archive.zip"])
        with open(out, "rb") as f:
            self.assertEqual(f.read(), good)
        self.assertEqual(self.sql("SELECT count(*) FROM cert_archives"), [(1,)])

if __name__ == "__main__":
    unittest.main(verbosity=2)
