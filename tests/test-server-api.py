#!/usr/bin/env python3
"""pixorga-server's API over real HTTP (docs/api.md, issue 9 items 3–5 and 8).

Starts the real binary on loopback (port 0, the port read from its
`listening on …` line), on SQLite, or on PostgreSQL when
PIXORGA_TEST_PG_URI is set (tests/orga-pg.py -- this script), and checks
with urllib: sign-up, sign-in, tokens (missing, unknown, expired, revoked
on every signed-in endpoint), throttling per account and per address,
password reset by mail, activation by UAI with every error and the mail
written in --mail-dir with a link that works once, invitations (several
addresses, reuse with the same code, resend, cancel), the role rules of
acceptance, members (roles, removal, leaving, the last admin), one
school's token on another school's data, malformed and oversized bodies,
a failed mail (502, nothing lost), mail through --sendmail, HTTPS, the
logs (no personal data) and the clean stop on SIGTERM.

Argon2id is never weakened for tests: few accounts are made and reused.

SPDX-License-Identifier: GPL-3.0-or-later
"""
import email
import email.policy
import glob
import html as htmllib
import json
import os
import re
import shutil
import signal
import sqlite3
import ssl
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

SERVER = os.environ.get("PIXORGA_SERVER") or os.path.join(
    os.environ.get("MESON_BUILD_ROOT", os.path.join(HERE, "..", "_build")), "src", "server", "pixorga-server")
PG_URI = os.environ.get("PIXORGA_TEST_PG_URI")
PUBLIC_URL = "https://orga.example.test"

failures = []
checks = 0


def check(condition, what):
    global checks
    checks += 1
    if not condition:
        failures.append(what)
        print(f"FAIL: {what}", flush=True)


def equal(actual, expected, what):
    check(actual == expected, f"{what}: expected {expected!r}, got {actual!r}")


# The server


class Server:
    def __init__(self, workdir, db, extra=(), mail_dir=None, name="server"):
        self.workdir = workdir
        self.mail_dir = mail_dir
        self.stderr_path = os.path.join(workdir, f"{name}.log")
        args = [SERVER, "--db", db, "--listen", "127.0.0.1:0", "--public-url", PUBLIC_URL,
                "--trusted-proxy", "127.0.0.1"]
        if mail_dir:
            args += ["--mail-dir", mail_dir]
        args += list(extra)
        self.stderr = open(self.stderr_path, "wb")
        self.process = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=self.stderr)
        line = self.process.stdout.readline().decode()
        m = re.match(r"listening on (https?)://127\.0\.0\.1:(\d+)$", line.strip())
        if not m:
            self.process.kill()
            raise RuntimeError(f"no 'listening on' line: {line!r}; log: {self.log()}")
        self.base = f"{m.group(1)}://127.0.0.1:{m.group(2)}"

    def log(self):
        with open(self.stderr_path, encoding="utf-8", errors="replace") as f:
            return f.read()

    def stop(self):
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.stderr.close()
        return self.process.returncode


class Answer:
    def __init__(self, status, headers, body):
        self.status = status
        self.headers = headers
        self.raw = body
        try:
            self.json = json.loads(body) if body else None
        except ValueError:
            self.json = None

    @property
    def code(self):
        try:
            return self.json["error"]["code"]
        except (TypeError, KeyError):
            return None

    @property
    def message(self):
        try:
            return self.json["error"]["message"]
        except (TypeError, KeyError):
            return None

    def __repr__(self):
        return f"<{self.status} {self.raw[:300]!r}>"


def request(server, method, path, body=None, token=None, raw=None, headers=None, context=None, timeout=30):
    url = server.base + "/api/v1" + path
    data = raw if raw is not None else (json.dumps(body).encode() if body is not None else None)
    req = urllib.request.Request(url, data=data, method=method)
    if data is not None:
        req.add_header("Content-Type", "application/json")
    if token:
        req.add_header("Authorization", f"Bearer {token}")
    for k, v in (headers or {}).items():
        req.add_header(k, v)
    try:
        with urllib.request.urlopen(req, timeout=timeout, context=context) as r:
            return Answer(r.status, r.headers, r.read())
    except urllib.error.HTTPError as e:
        return Answer(e.code, e.headers, e.read())


def expect_error(answer, status, code, what, message=None):
    equal((answer.status, answer.code), (status, code), what)
    if message is not None:
        equal(answer.message, message, what + " (message)")


# The database, for what only an operator or time can do (a school in
# the directory, an expired token)


class Database:
    def __init__(self, location):
        self.location = location

    def run(self, sql, params=()):
        if PG_URI:
            # psql's variables would need quoting rules of their own: the
            # values here are made by the test, never by a client.
            text = sql
            for p in params:
                value = "NULL" if p is None else "'" + str(p).replace("'", "''") + "'"
                text = text.replace("?", value, 1)
            out = subprocess.run(["psql", "-X", "-q", "-At", "-P", "null=<NULL>", "-v", "ON_ERROR_STOP=1",
                                  "-d", self.location, "-c", text],
                                 check=True, capture_output=True, text=True).stdout
            return [[None if v == "<NULL>" else v for v in line.split("|")] for line in out.splitlines() if line]
        con = sqlite3.connect(self.location, timeout=10)
        try:
            rows = con.execute(sql, params).fetchall()
            con.commit()
            return [[None if v is None else str(v) for v in row] for row in rows]
        finally:
            con.close()


def add_org(db_location, database, uai, name, school_email, kind="sco", duplicate=False):
    """Through `pixorga-server org add`, the operator's way; straight into
    the table where the command refuses what a test needs (a school
    without an address, a duplicate UAI)."""
    if school_email is not None:
        args = [SERVER, "--db", db_location, "org", "add", "--uai", uai, "--name", name,
                "--email", school_email, "--kind", kind]
        if duplicate:
            args.append("--allow-duplicate")
        done = subprocess.run(args, capture_output=True, text=True)
        if done.returncode == 0:
            rows = database.run("SELECT id FROM organizations WHERE uai = ? ORDER BY created_at DESC", (uai,))
            return rows[0][0]
    org_id = f"org-{uai}-{time.time_ns()}"
    now = "2026-01-01T00:00:00.000Z"
    database.run("INSERT INTO organizations (id, uai, name, email, kind, created_at, updated_at)"
                 " VALUES (?, ?, ?, ?, ?, ?, ?)", (org_id, uai, name, school_email, kind, now, now))
    return org_id


# Mail


def mails(server):
    return sorted(glob.glob(os.path.join(server.mail_dir, "*.eml")))


def read_mail(path):
    with open(path, "rb") as f:
        raw = f.read()
    message = email.message_from_bytes(raw, policy=email.policy.default)
    text = message.get_body(preferencelist=("plain",)).get_content()
    html = message.get_body(preferencelist=("html",)).get_content()
    return raw, message, text, html


def new_mails(server, before):
    return [p for p in mails(server) if p not in before]


def link_params(text):
    m = re.search(re.escape(PUBLIC_URL) + r"/rejoindre\?invitationId=([^&\s]+)&code=([A-Z0-9]{10})", text)
    return (urllib.parse.unquote(m.group(1)), m.group(2)) if m else (None, None)


# The checks


PASSWORD = "Secret123"


def sign_up(server, first, last, address, password=PASSWORD):
    answer = request(server, "POST", "/users", {"first_name": first, "last_name": last, "email": address,
                                                 "password": password, "accept_terms": True})
    equal(answer.status, 201, f"sign-up of {address}")
    return answer.json["user"]["id"] if answer.status == 201 else None


def sign_in(server, address, password=PASSWORD, forwarded=None, timeout=30):
    headers = {"X-Forwarded-For": forwarded} if forwarded else None
    return request(server, "POST", "/sessions", {"email": address, "password": password}, headers=headers,
                   timeout=timeout)


def token_of(server, address, password=PASSWORD):
    answer = sign_in(server, address, password)
    equal(answer.status, 201, f"sign-in of {address}")
    return answer.json["token"]


def test_accounts(server, db):
    expect_error(request(server, "POST", "/users", {"first_name": " ", "last_name": "Dupont", "email": "a@b.fr",
                                                    "password": PASSWORD, "accept_terms": True}),
                 422, "FIRST_NAME_MISSING", "sign-up without a first name", "Votre prénom n’est pas renseigné.")
    expect_error(request(server, "POST", "/users", {"first_name": "Anne", "email": "a@b.fr",
                                                    "password": PASSWORD, "accept_terms": True}),
                 422, "LAST_NAME_MISSING", "sign-up without a last name", "Votre nom n’est pas renseigné.")
    expect_error(request(server, "POST", "/users", {"first_name": "Anne", "last_name": "D", "email": "a@b",
                                                    "password": PASSWORD, "accept_terms": True}),
                 400, "INVALID_EMAIL", "sign-up with a bad address", "Le format de l'adresse e-mail est incorrect.")
    for weak in ("Short1A", "alllower1", "ALLUPPER1", "NoDigitsHere"):
        expect_error(request(server, "POST", "/users", {"first_name": "Anne", "last_name": "D",
                                                        "email": "a@b.fr", "password": weak,
                                                        "accept_terms": True}),
                     422, "INVALID_PASSWORD", f"sign-up with the password {weak}",
                     "Votre mot de passe doit contenir 8 caractères au minimum et comporter au moins une "
                     "majuscule, une minuscule et un chiffre.")
    expect_error(request(server, "POST", "/users", {"first_name": "Anne", "last_name": "D", "email": "a@b.fr",
                                                    "password": PASSWORD}),
                 422, "TERMS_NOT_ACCEPTED", "sign-up without the terms")
    expect_error(request(server, "POST", "/users", {"first_name": "Anne", "last_name": "D", "email": "a@b.fr",
                                                    "password": PASSWORD, "accept_terms": "yes"}),
                 400, "MALFORMED_REQUEST", "sign-up with a string for a boolean")

    # The head of school's account, made once and reused.
    answer = request(server, "POST", "/users", {"first_name": "Anne", "last_name": "Dupont",
                                                "email": "  Anne.Dupont@Ecole.FR ", "password": PASSWORD,
                                                "accept_terms": True})
    equal(answer.status, 201, "sign-up")
    user = answer.json["user"]
    equal((user["email"], user["first_name"], user["pix_orga_terms_accepted"]),
          ("anne.dupont@ecole.fr", "Anne", False), "the user as signed up (address trimmed, lower case)")
    expect_error(request(server, "POST", "/users", {"first_name": "A", "last_name": "D",
                                                    "email": "ANNE.dupont@ecole.fr", "password": PASSWORD,
                                                    "accept_terms": True}),
                 409, "EMAIL_TAKEN", "the same address again, in capitals")

    # The password is stored as argon2id, never in clear.
    rows = db.run("SELECT password_hash FROM users WHERE email = ?", ("anne.dupont@ecole.fr",))
    check(rows[0][0].startswith("$argon2id$") and PASSWORD not in rows[0][0], "the password hash is argon2id")

    answer = sign_in(server, "ANNE.DUPONT@ecole.fr")
    equal(answer.status, 201, "sign-in")
    token = answer.json["token"]
    check(re.fullmatch(r"[A-Za-z0-9_-]{43}", token) is not None, "the token is 43 base64url characters")
    equal((answer.json["memberships"], answer.json["current_organization_id"]), ([], None),
          "sign-in without a space: no membership")
    check(answer.json["expires_at"] > "2026", "the token has an expiry")
    rows = db.run("SELECT token_hash, expires_at, created_at FROM sessions")
    check(all(token not in r[0] for r in rows), "the token is not stored in clear")
    import hashlib
    check(any(r[0] == hashlib.sha256(token.encode()).hexdigest() for r in rows), "its SHA-256 is stored")

    expect_error(sign_in(server, "anne.dupont@ecole.fr", "Wrong123"), 401, "INVALID_CREDENTIALS",
                 "a wrong password", "L'adresse e-mail et/ou le mot de passe saisis sont incorrects.")
    expect_error(sign_in(server, "nobody@ecole.fr", PASSWORD), 401, "INVALID_CREDENTIALS", "an unknown address")

    me = request(server, "GET", "/me", token=token)
    equal((me.status, me.json["user"]["id"]), (200, user["id"]), "GET /me")
    check("token" not in me.json, "GET /me holds no token")
    return user["id"], token


def signed_in_endpoints(org, invitation):
    return [
        ("DELETE", "/sessions/current", None),
        ("GET", "/me", None),
        ("POST", "/me/orga-terms", None),
        ("PUT", "/me/current-organization", {"organization_id": org}),
        ("POST", f"/organization-invitations/{invitation}/accept", {"code": "AAAAAAAAAA"}),
        ("GET", f"/organizations/{org}/team", None),
        ("POST", f"/organizations/{org}/invitations", {"emails": ["x@y.fr"]}),
        ("POST", f"/organizations/{org}/invitations/{invitation}/resend", None),
        ("DELETE", f"/organizations/{org}/invitations/{invitation}", None),
        ("PATCH", f"/organizations/{org}/members/someone", {"role": "ADMIN"}),
        ("DELETE", f"/organizations/{org}/members/someone", None),
        ("POST", f"/organizations/{org}/leave", None),
    ]


def test_tokens(server, db, user_id, org, invitation):
    import hashlib
    # An expired token: made valid, then aged in the database.
    expired = token_of(server, "anne.dupont@ecole.fr")
    db.run("UPDATE sessions SET expires_at = ? WHERE token_hash = ?",
           ("2020-01-01T00:00:00.000Z", hashlib.sha256(expired.encode()).hexdigest()))
    revoked = token_of(server, "anne.dupont@ecole.fr")
    equal(request(server, "DELETE", "/sessions/current", token=revoked).status, 204, "sign-out")
    for method, path, body in signed_in_endpoints(org, invitation):
        for what, token in (("no token", None), ("an unknown token", "A" * 43), ("a malformed token", "x"),
                            ("an expired token", expired), ("a revoked token", revoked)):
            expect_error(request(server, method, path, body, token=token), 401, "UNAUTHENTICATED",
                         f"{method} {path} with {what}", "Votre session a expiré. Connectez-vous à nouveau.")
    before = db.run("SELECT revoked_at FROM sessions WHERE token_hash = ?",
                    (hashlib.sha256(revoked.encode()).hexdigest(),))
    check(before and before[0][0] is not None, "the signed-out token is revoked in the table")


def test_activation(server, db, db_location):
    org = add_org(db_location, db, "0751234A", "Lycée Victor Hugo", "ce.0751234a@ac-paris.fr")
    add_org(db_location, db, "0759999Z", "Collège Sans Adresse", None)
    add_org(db_location, db, "0758888Y", "Lycée Double Un", "a@ac-paris.fr")
    add_org(db_location, db, "0758888Y", "Lycée Double Deux", "b@ac-paris.fr", duplicate=True)
    archived = add_org(db_location, db, "0757777X", "Lycée Fermé", "c@ac-paris.fr")
    db.run("UPDATE organizations SET archived_at = ? WHERE id = ?", ("2025-01-01T00:00:00.000Z", archived))

    def activate(uai, first="Marie", last="Curie"):
        return request(server, "POST", "/organization-invitations/sco",
                       {"uai": uai, "first_name": first, "last_name": last})

    for bad in ("123456Z", "A123456", "12345A", "12345678", ""):
        expect_error(activate(bad), 422, "INVALID_UAI", f"activation with the UAI {bad!r}",
                     "L'UAI n'est pas correct.")
    expect_error(activate("0751234A", first="  "), 422, "FIRST_NAME_MISSING", "activation without a first name")
    expect_error(activate("0751234A", last=""), 422, "LAST_NAME_MISSING", "activation without a last name")
    expect_error(activate("0000000A"), 404, "UAI_NOT_RECOGNIZED", "an unknown UAI",
                 "L'UAI/RNE 0000000A de l'établissement n’est pas reconnu.")
    expect_error(activate("0757777X"), 404, "UAI_NOT_RECOGNIZED", "an archived school reads as unknown",
                 "L'UAI/RNE 0757777X de l'établissement n’est pas reconnu.")
    expect_error(activate("0758888Y"), 409, "UAI_SEVERAL_SCHOOLS", "two schools with one UAI",
                 "Plusieurs établissements de type SCO ont été retrouvés pour L'UAI/RNE 0758888Y.")
    expect_error(activate("0759999Z"), 422, "NO_SCHOOL_EMAIL", "a school without an address",
                 "Nous n’avons pas d’adresse e-mail de contact associée à votre établissement.")
    equal(mails(server), [], "no mail for a refused activation")

    before = mails(server)
    answer = activate(" 0751234a ")
    equal((answer.status, answer.json), (201, {"message": "Un e-mail contenant la démarche à suivre a été envoyé "
                                                          "à l'adresse e-mail de votre établissement."}),
          "activation (UAI trimmed, any case)")
    sent = new_mails(server, before)
    equal(len(sent), 1, "one activation mail")
    raw, message, text, html = read_mail(sent[0])
    equal(message["To"], "ce.0751234a@ac-paris.fr", "the mail goes to the school's own address")
    equal(str(message["Subject"]), "Accès à votre espace Pix Orga", "the activation mail's subject")
    equal(message["From"].addresses[0].display_name, "Pix Orga - Ne pas répondre", "the sender's name")
    check(message["From"].addresses[0].username == "no-reply", "the sender is no-reply@")
    check(message["Message-ID"] and message["Date"], "Message-ID and Date")
    equal(message.get_content_type(), "multipart/alternative", "text and HTML")
    check(all(b < 128 for b in raw.split(b"\r\n\r\n", 1)[0]), "headers in ASCII (RFC 2047 words)")
    check(all(len(line) <= 78 for line in raw.split(b"\r\n")), "lines of at most 78 characters")
    check(b"\n" not in raw.replace(b"\r\n", b""), "CRLF line ends only")
    check("Ce lien est à usage unique" in text and "Ce lien est à usage unique" in html, "single-use link stated")
    check("Marie Curie" in text and "Lycée Victor Hugo" in text, "the mail names who asked and the school")
    invitation_id, code = link_params(text)
    check(invitation_id is not None, "the activation link " + PUBLIC_URL + "/rejoindre?invitationId=…&code=…")
    check(invitation_id is not None and link_params(htmllib.unescape(html)) == (invitation_id, code),
          "the same link in HTML")
    check(not [n for n in os.listdir(server.mail_dir) if not n.endswith(".eml")], "no temporary file left")

    # Asked again: the pending invitation is reused, its code too.
    before = mails(server)
    equal(activate("0751234A").status, 201, "activation asked again")
    again = new_mails(server, before)
    equal(len(again), 1, "a second mail")
    equal(link_params(read_mail(again[0])[2]), (invitation_id, code), "the pending invitation is reused")
    equal(db.run("SELECT count(*) FROM invitations WHERE organization_id = ?", (org,)), [["1"]],
          "one invitation for the school")
    equal(db.run("SELECT role, email FROM invitations WHERE id = ?", (invitation_id,)),
          [["ADMIN", "ce.0751234a@ac-paris.fr"]], "the activation invitation is for an admin")
    return org, invitation_id, code


def test_join(server, db, org, invitation_id, code, token):
    answer = request(server, "GET", f"/organization-invitations/{invitation_id}?code={code}")
    equal(answer.status, 200, "the invitation behind the link")
    if answer.status == 200:
        inv = answer.json["invitation"]
        equal((inv["id"], inv["status"], inv["organization"]["uai"], inv["organization"]["name"]),
              (invitation_id, "pending", "0751234A", "Lycée Victor Hugo"), "the invitation's space")
    expect_error(request(server, "GET", f"/organization-invitations/{invitation_id}?code=AAAAAAAAAA"),
                 404, "INVITATION_NOT_FOUND", "a wrong code", "Cette invitation n’existe pas.")
    expect_error(request(server, "GET", f"/organization-invitations/{invitation_id}"),
                 404, "INVITATION_NOT_FOUND", "no code")
    expect_error(request(server, "POST", f"/organization-invitations/{invitation_id}/accept",
                         {"code": "AAAAAAAAAA"}, token=token), 404, "INVITATION_NOT_FOUND",
                 "accepting with a wrong code")

    answer = request(server, "POST", f"/organization-invitations/{invitation_id}/accept", {"code": code},
                     token=token)
    equal(answer.status, 200, "accepting the activation")
    if answer.status == 200:
        equal((answer.json["membership"]["role"], answer.json["membership"]["organization"]["id"]),
              ("ADMIN", org), "the head becomes an admin")
    expect_error(request(server, "POST", f"/organization-invitations/{invitation_id}/accept", {"code": code},
                         token=token), 409, "INVITATION_ACCEPTED", "the link works once",
                 "Cette invitation a déjà été acceptée. Connectez-vous ou contactez l'administrateur "
                 "de votre espace Pix Orga.")
    equal(request(server, "GET", f"/organization-invitations/{invitation_id}?code={code}").json["invitation"]["status"],
          "accepted", "the invitation reads accepted")

    # The Pix Orga terms before any space's data.
    expect_error(request(server, "GET", f"/organizations/{org}/team", token=token), 403, "ORGA_TERMS_NOT_ACCEPTED",
                 "the team before the terms", "Vous devez accepter les conditions d’utilisation de Pix Orga.")
    answer = request(server, "POST", "/me/orga-terms", token=token)
    equal((answer.status, answer.json["user"]["pix_orga_terms_accepted"]), (200, True), "accepting the terms")

    me = request(server, "GET", "/me", token=token).json
    equal([(m["organization"]["uai"], m["role"]) for m in me["memberships"]], [("0751234A", "ADMIN")],
          "the membership in /me")
    equal(me["current_organization_id"], org, "the space joined is the current one")
    team = request(server, "GET", f"/organizations/{org}/team", token=token)
    equal(team.status, 200, "the team")
    equal([(m["email"], m["role"]) for m in team.json["members"]], [("anne.dupont@ecole.fr", "ADMIN")],
          "the team's one admin")
    equal(team.json["invitations"], [], "no pending invitation left")


def test_team(server, db, org, admin_token):
    def invite(emails, token=admin_token, role=None, org_id=org):
        body = {"emails": emails}
        if role:
            body["role"] = role
        return request(server, "POST", f"/organizations/{org_id}/invitations", body, token=token)

    # Several addresses, trimmed, deduplicated.
    before = mails(server)
    answer = invite(" b.martin@ecole.fr , C.Durand@ecole.fr, b.martin@ecole.fr,")
    equal(answer.status, 201, "inviting several addresses")
    invitations = {i["email"]: i for i in answer.json["invitations"]}
    equal(sorted(invitations), ["b.martin@ecole.fr", "c.durand@ecole.fr"], "trimmed and deduplicated")
    equal(answer.json["message"], "Une invitation a bien été envoyée aux adresses e-mails listées.",
          "the message for several addresses")
    check(all(i["status"] == "pending" and i["role"] is None for i in invitations.values()),
          "pending invitations without a role")
    sent = new_mails(server, before)
    equal(len(sent), 2, "one mail an address")
    codes = {}
    for path in sent:
        raw, message, text, html = read_mail(path)
        equal(str(message["Subject"]), "Invitation à rejoindre Pix Orga", "the invitation mail's subject")
        check("Accepter l’invitation" in html, "the button « Accepter l’invitation »")
        codes[message["To"]] = link_params(text)
    b_id, b_code = codes["b.martin@ecole.fr"]
    c_id, c_code = codes["c.durand@ecole.fr"]
    equal(b_id, invitations["b.martin@ecole.fr"]["id"], "the link names the invitation")

    answer = invite(["d@ecole.fr", "not an address"])
    expect_error(answer, 400, "INVALID_EMAIL", "one bad address refuses the whole request")
    equal(db.run("SELECT count(*) FROM invitations WHERE email = 'd@ecole.fr'"), [["0"]],
          "nothing invited from a refused request")
    expect_error(invite(42), 400, "MALFORMED_REQUEST", "emails of the wrong type")
    expect_error(invite([]), 400, "INVALID_EMAIL", "no address")
    expect_error(invite(["e@ecole.fr"], role="OWNER"), 422, "INVALID_ROLE", "an unknown role",
                 "Le rôle doit être Administrateur ou Membre.")

    # Invited again: the same invitation and code, a new date; the same
    # for a resend.
    time.sleep(0.01)
    answer = invite(["b.martin@ecole.fr"])
    equal(answer.status, 201, "inviting again")
    again = answer.json["invitations"][0]
    equal(again["id"], b_id, "a pending invitation is reused")
    check(again["updated_at"] > invitations["b.martin@ecole.fr"]["updated_at"], "its date is refreshed")
    equal(answer.json["message"], "Une invitation a bien été envoyée à l’adresse e-mail b.martin@ecole.fr.",
          "the message for one address")
    before = mails(server)
    time.sleep(0.01)
    answer = request(server, "POST", f"/organizations/{org}/invitations/{b_id}/resend", token=admin_token)
    equal((answer.status, answer.json.get("message") if answer.json else None),
          (200, "L'invitation a bien été renvoyée."), "resending")
    check(answer.json["invitation"]["updated_at"] > again["updated_at"], "resend refreshes the date")
    resent = new_mails(server, before)
    equal(len(resent), 1, "resend sends a mail")
    equal(link_params(read_mail(resent[0])[2]), (b_id, b_code), "resend keeps the code")
    equal(db.run("SELECT code FROM invitations WHERE id = ?", (b_id,)), [[b_code]], "the code is unchanged")

    team = request(server, "GET", f"/organizations/{org}/team", token=admin_token).json
    equal(sorted(i["email"] for i in team["invitations"]), ["b.martin@ecole.fr", "c.durand@ecole.fr"],
          "the admin sees the pending invitations")

    # A colleague joins: no role on the invitation and a member already
    # there, so a member.
    b_user = sign_up(server, "Bernard", "Martin", "b.martin@ecole.fr")
    b_token = token_of(server, "b.martin@ecole.fr")
    answer = request(server, "POST", f"/organization-invitations/{b_id}/accept", {"code": b_code}, token=b_token)
    equal((answer.status, answer.json["membership"]["role"] if answer.status == 200 else None), (200, "MEMBER"),
          "no role and a space with members: MEMBER")
    expect_error(request(server, "POST", f"/organization-invitations/{b_id}/accept", {"code": b_code},
                         token=b_token), 409, "INVITATION_ACCEPTED", "an invitation code works once")
    equal(request(server, "POST", "/me/orga-terms", token=b_token).status, 200, "B accepts the terms")

    # A member sees the team without the invitations, and may change
    # nothing.
    team = request(server, "GET", f"/organizations/{org}/team", token=b_token)
    equal((team.status, team.json["role"], team.json["invitations"]), (200, "MEMBER", []),
          "a member sees no invitation")
    forbidden = "Vous n’avez pas les droits nécessaires pour effectuer cette action."
    expect_error(invite(["x@ecole.fr"], token=b_token), 403, "FORBIDDEN", "a member cannot invite", forbidden)
    expect_error(request(server, "POST", f"/organizations/{org}/invitations/{c_id}/resend", token=b_token),
                 403, "FORBIDDEN", "a member cannot resend")
    expect_error(request(server, "DELETE", f"/organizations/{org}/invitations/{c_id}", token=b_token),
                 403, "FORBIDDEN", "a member cannot cancel")
    admin_id = request(server, "GET", "/me", token=admin_token).json["user"]["id"]
    expect_error(request(server, "PATCH", f"/organizations/{org}/members/{admin_id}", {"role": "MEMBER"},
                         token=b_token), 403, "FORBIDDEN", "a member cannot change a role")
    expect_error(request(server, "DELETE", f"/organizations/{org}/members/{admin_id}", token=b_token),
                 403, "FORBIDDEN", "a member cannot remove")

    # Cancelled: refused at acceptance; cannot be cancelled twice.
    answer = request(server, "DELETE", f"/organizations/{org}/invitations/{c_id}", token=admin_token)
    equal((answer.status, answer.json), (200, {"message": "L’invitation a bien été supprimée."}), "cancelling")
    c_user = sign_up(server, "Claire", "Durand", "c.durand@ecole.fr")
    c_token = token_of(server, "c.durand@ecole.fr")
    expect_error(request(server, "POST", f"/organization-invitations/{c_id}/accept", {"code": c_code},
                         token=c_token), 410, "INVITATION_CANCELLED", "a cancelled invitation is refused",
                 "Cette invitation n’est plus valide. Contactez l’administrateur de votre espace Pix Orga.")
    expect_error(request(server, "DELETE", f"/organizations/{org}/invitations/{c_id}", token=admin_token),
                 422, "INVITATION_NOT_PENDING", "cancelling twice", "Cette invitation ne peut plus être supprimée.")
    expect_error(request(server, "POST", f"/organizations/{org}/invitations/{c_id}/resend", token=admin_token),
                 410, "INVITATION_CANCELLED", "resending a cancelled invitation")
    expect_error(request(server, "DELETE", f"/organizations/{org}/invitations/nope", token=admin_token),
                 404, "NOT_FOUND", "cancelling an unknown invitation")

    # A new invitation with a role: that role.
    before = mails(server)
    answer = invite(["c.durand@ecole.fr"], role="ADMIN")
    equal(answer.status, 201, "inviting with a role")
    c2_id, c2_code = link_params(read_mail(new_mails(server, before)[0])[2])
    check(c2_id != c_id and c2_code != c_code, "a new invitation after a cancelled one")
    answer = request(server, "POST", f"/organization-invitations/{c2_id}/accept", {"code": c2_code}, token=c_token)
    equal((answer.status, answer.json["membership"]["role"] if answer.status == 200 else None), (200, "ADMIN"),
          "the invitation's role wins")
    request(server, "POST", "/me/orga-terms", token=c_token)

    # Already a member: inviting the address without a role is refused at
    # once, mailing nothing, with the address named among several.
    before = mails(server)
    expect_error(invite(["b.martin@ecole.fr"]), 412, "ALREADY_MEMBER", "inviting a member",
                 "Ce membre a déjà été ajouté.")
    expect_error(invite(["new.one@ecole.fr", " B.Martin@ecole.fr"]), 412, "ALREADY_MEMBER",
                 "inviting a member among others", "Ce membre a déjà été ajouté : b.martin@ecole.fr.")
    equal(new_mails(server, before), [], "no mail for a refused invitation")
    equal(db.run("SELECT count(*) FROM invitations WHERE email = ?", ("new.one@ecole.fr",)), [["0"]],
          "one member among the addresses refuses them all")
    # An invitation to another address, accepted by a member: without a
    # role it is spent with 412; one with a role sets it.
    before = mails(server)
    invite(["bernard.perso@ecole.fr"])
    b2_id, b2_code = link_params(read_mail(new_mails(server, before)[0])[2])
    expect_error(request(server, "POST", f"/organization-invitations/{b2_id}/accept", {"code": b2_code},
                         token=b_token), 412, "ALREADY_MEMBER", "already a member", "Ce membre a déjà été ajouté.")
    equal(db.run("SELECT status FROM invitations WHERE id = ?", (b2_id,)), [["accepted"]],
          "the invitation of a member is spent all the same")
    before = mails(server)
    invite(["c.durand@ecole.fr"], role="MEMBER")
    c3_id, c3_code = link_params(read_mail(new_mails(server, before)[0])[2])
    answer = request(server, "POST", f"/organization-invitations/{c3_id}/accept", {"code": c3_code}, token=c_token)
    equal((answer.status, answer.json["membership"]["role"] if answer.status == 200 else None), (200, "MEMBER"),
          "a member's invitation with a role sets it")

    # The only admin accepting a MEMBER invitation of their own: refused,
    # the space keeps its admin, the invitation stays usable.
    before = mails(server)
    invite(["anne.dupont@ecole.fr"], role="MEMBER")
    a_id, a_code = link_params(read_mail(new_mails(server, before)[0])[2])
    expect_error(request(server, "POST", f"/organization-invitations/{a_id}/accept", {"code": a_code},
                         token=admin_token), 422, "LAST_ADMIN", "the last admin cannot step down by invitation")
    equal(db.run("SELECT status FROM invitations WHERE id = ?", (a_id,)), [["pending"]],
          "a refused acceptance changes nothing")
    request(server, "DELETE", f"/organizations/{org}/invitations/{a_id}", token=admin_token)

    team = request(server, "GET", f"/organizations/{org}/team", token=admin_token).json
    equal([(m["last_name"], m["role"]) for m in team["members"]],
          [("Dupont", "ADMIN"), ("Durand", "MEMBER"), ("Martin", "MEMBER")], "members by last name, with roles")

    # Roles.
    answer = request(server, "PATCH", f"/organizations/{org}/members/{b_user}", {"role": "ADMIN"}, token=admin_token)
    equal((answer.status, answer.json["member"]["role"], answer.json["message"]),
          (200, "ADMIN", "Le rôle a bien été changé."), "changing a role")
    expect_error(request(server, "PATCH", f"/organizations/{org}/members/{admin_id}", {"role": "MEMBER"},
                         token=admin_token), 422, "OWN_MEMBERSHIP", "one's own role",
                 "Vous ne pouvez pas modifier votre propre rôle ni vous supprimer vous-même.")
    expect_error(request(server, "PATCH", f"/organizations/{org}/members/{b_user}", {"role": "admin"},
                         token=admin_token), 422, "INVALID_ROLE", "a role in lower case")
    expect_error(request(server, "PATCH", f"/organizations/{org}/members/{b_user}", {}, token=admin_token),
                 422, "INVALID_ROLE", "no role")
    expect_error(request(server, "PATCH", f"/organizations/{org}/members/nobody", {"role": "ADMIN"},
                         token=admin_token), 404, "NOT_FOUND", "an unknown member")

    # Removal: soft, with the names.
    expect_error(request(server, "DELETE", f"/organizations/{org}/members/{admin_id}", token=admin_token),
                 422, "OWN_MEMBERSHIP", "removing oneself")
    answer = request(server, "DELETE", f"/organizations/{org}/members/{c_user}", token=admin_token)
    equal((answer.status, answer.json), (200, {"message": "Claire Durand a été supprimé avec succès de votre "
                                                          "équipe Pix Orga."}), "removing a member")
    equal(db.run("SELECT count(*) FROM memberships WHERE user_id = ? AND disabled_at IS NOT NULL", (c_user,)),
          [["1"]], "removal is soft (the row stays, disabled)")
    expect_error(request(server, "GET", f"/organizations/{org}/team", token=c_token), 404, "NOT_FOUND",
                 "a removed member sees nothing")
    equal(request(server, "GET", "/me", token=c_token).json["memberships"], [], "a removed member has no space")
    expect_error(request(server, "DELETE", f"/organizations/{org}/members/{c_user}", token=admin_token),
                 404, "NOT_FOUND", "removing twice")

    # Leaving: refused to the last admin.
    request(server, "PATCH", f"/organizations/{org}/members/{b_user}", {"role": "MEMBER"}, token=admin_token)
    expect_error(request(server, "POST", f"/organizations/{org}/leave", token=admin_token), 422, "LAST_ADMIN",
                 "the last admin cannot leave",
                 "Vous êtes le seul administrateur de cet espace Pix Orga : nommez un autre administrateur "
                 "avant de le quitter.")
    request(server, "PATCH", f"/organizations/{org}/members/{b_user}", {"role": "ADMIN"}, token=admin_token)
    return admin_id, b_user, b_token, c_user, c_token


def test_leave(server, org, admin_token, b_token):
    answer = request(server, "POST", f"/organizations/{org}/leave", token=admin_token)
    equal((answer.status, answer.json), (200, {"message": "Vous avez été supprimé avec succès de l'organisation "
                                                          "Lycée Victor Hugo. Vous allez être déconnecté de "
                                                          "Pix Orga..."}),
          "an admin leaves while another stays")
    expect_error(request(server, "GET", f"/organizations/{org}/team", token=admin_token), 404, "NOT_FOUND",
                 "after leaving, nothing")
    expect_error(request(server, "POST", f"/organizations/{org}/leave", token=b_token), 422, "LAST_ADMIN",
                 "now B is the last admin")


def test_other_school(server, db, db_location, org, b_token, c_token):
    """One school's token on another school's data reveals nothing; the
    role rule on an empty space."""
    org2 = add_org(db_location, db, "0691234B", "Collège Lumière", "ce.0691234b@ac-lyon.fr")
    # An invitation without a role into an empty space (an operator's or
    # an older client's): its first member administers it.
    now = "2026-02-01T00:00:00.000Z"
    db.run("INSERT INTO invitations (id, organization_id, email, code, status, role, created_at, updated_at)"
           " VALUES ('inv-2a', ?, 'c.durand@ecole.fr', 'CODE2A0000', 'pending', NULL, ?, ?)", (org2, now, now))
    answer = request(server, "POST", "/organization-invitations/inv-2a/accept", {"code": "CODE2A0000"},
                     token=c_token)
    equal((answer.status, answer.json["membership"]["role"] if answer.status == 200 else None), (200, "ADMIN"),
          "no role and an empty space: ADMIN")

    me = request(server, "GET", "/me", token=c_token).json
    equal(me["current_organization_id"], org2, "the space just joined is current")
    equal(request(server, "PUT", "/me/current-organization", {"organization_id": org}, token=c_token).status, 404,
          "switching to a space one is not a member of")
    request(server, "POST", f"/organizations/{org2}/invitations", {"emails": ["b.martin@ecole.fr"]}, token=c_token)

    # B (admin of the first school) on the second school's data.
    inv = db.run("SELECT id FROM invitations WHERE organization_id = ? AND status = 'pending'", (org2,))[0][0]
    for method, path, body in [
            ("GET", f"/organizations/{org2}/team", None),
            ("POST", f"/organizations/{org2}/invitations", {"emails": ["x@y.fr"]}),
            ("POST", f"/organizations/{org2}/invitations/{inv}/resend", None),
            ("DELETE", f"/organizations/{org2}/invitations/{inv}", None),
            ("PATCH", f"/organizations/{org2}/members/whoever", {"role": "ADMIN"}),
            ("DELETE", f"/organizations/{org2}/members/whoever", None),
            ("POST", f"/organizations/{org2}/leave", None),
            ("GET", "/organizations/no-such-space/team", None)]:
        answer = request(server, method, path, body, token=b_token)
        expect_error(answer, 404, "NOT_FOUND", f"another school's {method} {path}",
                     "La ressource demandée n’existe pas.")
    # Its own space's path with the other school's invitation.
    expect_error(request(server, "DELETE", f"/organizations/{org}/invitations/{inv}", token=b_token),
                 404, "NOT_FOUND", "another school's invitation through one's own space")
    equal(db.run("SELECT status FROM invitations WHERE id = ?", (inv,)), [["pending"]],
          "the other school's invitation is untouched")

    # Several spaces, sorted by "Name (UAI)", and the switch.
    b_in = request(server, "GET", "/me", token=b_token).json
    b_id = b_in["user"]["id"]
    db.run("INSERT INTO memberships (id, organization_id, user_id, role, created_at, updated_at)"
           " VALUES ('m-b2', ?, ?, 'MEMBER', ?, ?)", (org2, b_id, now, now))
    me = request(server, "GET", "/me", token=b_token).json
    equal([m["organization"]["name"] for m in me["memberships"]], ["Collège Lumière", "Lycée Victor Hugo"],
          "memberships sorted by « Name (UAI) »")
    answer = request(server, "PUT", "/me/current-organization", {"organization_id": org2}, token=b_token)
    equal((answer.status, answer.json), (200, {"current_organization_id": org2}), "switching space")
    equal(request(server, "GET", "/me", token=b_token).json["current_organization_id"], org2, "the switch is kept")


def test_throttling(server, db):
    sign_up(server, "Tess", "Throttle", "tess@ecole.fr")
    # Per account: 5 failures, then 429 even with the right password,
    # for a few seconds only.
    for i in range(5):
        expect_error(sign_in(server, "tess@ecole.fr", "Wrong123", forwarded="198.51.100.1"), 401,
                     "INVALID_CREDENTIALS", f"failure {i + 1}")
    answer = sign_in(server, "tess@ecole.fr", PASSWORD, forwarded="198.51.100.2")
    expect_error(answer, 429, "TOO_MANY_ATTEMPTS", "the 6th attempt on the account, from elsewhere")
    retry = int(answer.headers.get("Retry-After", "0"))
    check(1 <= retry <= 60, f"Retry-After within 60 s ({retry})")
    check(answer.message == f"Trop de tentatives de connexion. Réessayez dans {retry} secondes.",
          f"the message names the delay: {answer.message}")
    equal(db.run("SELECT count(*) FROM sign_in_failures WHERE key = 'user:tess@ecole.fr'"), [["1"]],
          "failures are counted in the database")
    time.sleep(retry + 0.2)
    equal(sign_in(server, "tess@ecole.fr", PASSWORD, forwarded="198.51.100.2").status, 201,
          "the real user gets in after the delay")
    equal(db.run("SELECT count(*) FROM sign_in_failures WHERE key = 'user:tess@ecole.fr'"), [["0"]],
          "a success clears the account's count")

    # Per address: 20 failures on as many addresses, then the address is
    # slowed, even for a good password; another address is not.
    for i in range(20):
        sign_in(server, f"guess{i}@ecole.fr", "Wrong123", forwarded="203.0.113.9")
    expect_error(sign_in(server, "tess@ecole.fr", PASSWORD, forwarded="203.0.113.9"), 429, "TOO_MANY_ATTEMPTS",
                 "an address that failed 20 times is slowed")
    equal(sign_in(server, "tess@ecole.fr", PASSWORD, forwarded="203.0.113.10").status, 201,
          "another address is not")


def test_password_reset(server, db):
    sign_up(server, "Paul", "Oubli", "paul@ecole.fr")
    old_token = token_of(server, "paul@ecole.fr")
    before = mails(server)
    equal((request(server, "POST", "/password-resets", {"email": "nobody@ecole.fr"}).status,), (202,),
          "a reset for an unknown address says nothing")
    answer = request(server, "POST", "/password-resets", {"email": "PAUL@ecole.fr"})
    equal((answer.status, answer.json), (202, {}), "asking for a reset")
    sent = []
    for _ in range(50):
        sent = new_mails(server, before)
        if sent:
            break
        time.sleep(0.05)
    equal(len(sent), 1, "one reset mail, for the real account only")
    raw, message, text, html = read_mail(sent[0])
    equal(message["To"], "paul@ecole.fr", "the reset mail's recipient")
    m = re.search(re.escape(PUBLIC_URL) + r"/mot-de-passe\?token=([A-Za-z0-9_-]{43})", text)
    check(m is not None, "the reset link")
    reset = m.group(1) if m else "x"
    expect_error(request(server, "POST", "/password-resets/confirm", {"token": reset, "password": "weak"}),
                 422, "INVALID_PASSWORD", "a weak new password")
    expect_error(request(server, "POST", "/password-resets/confirm", {"token": "B" * 43, "password": "Nouveau123"}),
                 400, "PASSWORD_RESET_INVALID", "an unknown reset token")
    equal(request(server, "POST", "/password-resets/confirm", {"token": reset, "password": "Nouveau123"}).status,
          204, "choosing a new password")
    expect_error(request(server, "GET", "/me", token=old_token), 401, "UNAUTHENTICATED",
                 "the sessions are revoked by a reset")
    expect_error(request(server, "POST", "/password-resets/confirm", {"token": reset, "password": "Encore123"}),
                 400, "PASSWORD_RESET_INVALID", "the reset link works once")
    expect_error(sign_in(server, "paul@ecole.fr", PASSWORD), 401, "INVALID_CREDENTIALS", "the old password")
    equal(sign_in(server, "paul@ecole.fr", "Nouveau123").status, 201, "the new password")
    check(not db.run("SELECT token_hash FROM password_resets WHERE token_hash = ?", (reset,)),
          "the reset token is not stored in clear")


def test_malformed(server, token):
    for what, raw in (("not JSON", b"{nope"), ("invalid UTF-8", b'{"email":"\xff\xfe"}'),
                      ("an array", b"[1,2]"), ("empty", b""), ("a NUL byte", b'{"email":"a\x00"}'),
                      ("an escaped NUL", b'{"email":"a\\u0000b@c.fr"}'), ("deeply nested", b"[" * 60000)):
        answer = request(server, "POST", "/sessions", raw=raw)
        expect_error(answer, 400, "MALFORMED_REQUEST", f"a body that is {what}", "La requête n’est pas valide.")
    # json-glib reads a lone surrogate into bytes that are not UTF-8.
    expect_error(request(server, "POST", "/sessions", raw=b'{"email":"\\ud800@c.fr","password":"x"}'),
                 400, "MALFORMED_REQUEST", "a lone surrogate")
    expect_error(request(server, "PUT", "/me/current-organization", raw=b'{"organization_id":"\\udc00"}',
                         token=token), 400, "MALFORMED_REQUEST", "a lone surrogate in an id")
    expect_error(request(server, "POST", "/sessions", {"email": 5, "password": "x"}), 400, "MALFORMED_REQUEST",
                 "a member of the wrong type")
    big = json.dumps({"email": "a@b.fr", "password": "x" * (64 * 1024)}).encode()
    expect_error(request(server, "POST", "/sessions", raw=big), 413, "PAYLOAD_TOO_LARGE", "a body over 64 KiB",
                 "La requête est trop volumineuse.")
    expect_error(request(server, "GET", "/nothing-here"), 404, "NOT_FOUND", "an unknown path")
    expect_error(request(server, "DELETE", "/health"), 405, "METHOD_NOT_ALLOWED", "a wrong method")
    # libsoup itself refuses a NUL in a path, with 400.
    check(request(server, "GET", "/organizations/%00/team", token=token).status in (400, 404),
          "a NUL in the path")
    answer = request(server, "GET", "/health")
    equal((answer.status, answer.json), (200, {"status": "ok"}), "still alive after all that")
    check(answer.headers.get("X-Request-Id"), "answers carry a request id")


def test_mail_failure(workdir, db_location, db, org_admin_token, org):
    """A mail that cannot leave: 502 with the spec's message, the
    invitation and the message kept."""
    failing = Server(workdir, db_location, ["--sendmail", "sh -c 'cat > /dev/null; exit 75'"], name="failing")
    try:
        # A process cleans up at start: the session expired in 2020 is gone.
        equal(db.run("SELECT count(*) FROM sessions WHERE expires_at < '2021'"), [["0"]],
              "expired sessions are deleted")
        answer = request(failing, "POST", f"/organizations/{org}/invitations", {"emails": ["lost@ecole.fr"]},
                         token=org_admin_token)
        expect_error(answer, 502, "MAIL_FAILED", "a failed mail",
                     "L'envoi d'e-mail pour l'adresse lost@ecole.fr a échoué. Réessayez plus tard.")
        equal(db.run("SELECT status FROM invitations WHERE email = 'lost@ecole.fr'"), [["pending"]],
              "the invitation is kept")
        rows = db.run("SELECT sent_at, attempts FROM mail_outbox WHERE recipient = 'lost@ecole.fr'")
        equal(rows, [[None, "1"]], "the message is kept in the outbox, unsent")
    finally:
        equal(failing.stop(), 0, "the second server stops cleanly")

    # Left in the outbox, it leaves with the next attempt of a process
    # that can deliver (here after 1 s, then 2 s of age).
    retrying = Server(workdir, db_location, ["--mail-retry", "1"],
                      mail_dir=os.path.join(workdir, "retry-mail"), name="retrying")
    try:
        delivered = []
        for _ in range(100):
            delivered = glob.glob(os.path.join(workdir, "retry-mail", "*.eml"))
            if delivered:
                break
            time.sleep(0.1)
        equal(len(delivered), 1, "the kept message is delivered by a later attempt")
        # The file is in place just before the row says so.
        for _ in range(50):
            rows = db.run("SELECT sent_at IS NOT NULL, attempts FROM mail_outbox WHERE recipient = 'lost@ecole.fr'")
            if rows and rows[0][0] in ("1", "t", "true"):
                break
            time.sleep(0.1)
        check(rows and rows[0][1] == "2" and rows[0][0] in ("1", "t", "true"), f"sent at the 2nd attempt: {rows}")
    finally:
        equal(retrying.stop(), 0, "the retrying server stops cleanly")

    # Through a command that works: the whole message on its input.
    out = os.path.join(workdir, "sendmail-out")
    os.makedirs(out)
    piped = Server(workdir, db_location, ["--sendmail", f"sh -c 'cat > {out}/message.eml'"], name="piped")
    try:
        answer = request(piped, "POST", f"/organizations/{org}/invitations/"
                         + db.run("SELECT id FROM invitations WHERE email = 'lost@ecole.fr'")[0][0] + "/resend",
                         token=org_admin_token)
        equal(answer.status, 200, "resend through --sendmail")
        with open(os.path.join(out, "message.eml"), "rb") as f:
            message = email.message_from_bytes(f.read(), policy=email.policy.default)
        equal((message["To"], str(message["Subject"])), ("lost@ecole.fr", "Invitation à rejoindre Pix Orga"),
              "the command got the message")
    finally:
        piped.stop()


def test_two_processes(server, workdir, db_location, db, token, org, admins=None):
    """Two processes on one database, the same address invited through
    both at once: one pending invitation, reused by the other."""
    other = Server(workdir, db_location, mail_dir=os.path.join(workdir, "other-mail"), name="other")
    try:
        for i in range(6):
            address = f"race{i}@ecole.fr"
            answers = [None, None]

            def invite(k, target):
                answers[k] = request(target, "POST", f"/organizations/{org}/invitations", {"emails": [address]},
                                     token=token)

            threads = [threading.Thread(target=invite, args=(0, server)),
                       threading.Thread(target=invite, args=(1, other))]
            [t.start() for t in threads]
            [t.join(30) for t in threads]
            equal([a.status if a else None for a in answers], [201, 201], f"{address} invited through both")
            ids = {a.json["invitations"][0]["id"] for a in answers if a and a.status == 201}
            equal(len(ids), 1, f"{address}: one invitation, reused")
            equal(db.run("SELECT count(*) FROM invitations WHERE email = ? AND status = 'pending'", (address,)),
                  [["1"]], f"{address}: one pending row")

        # Two admins removing each other at once, through two processes:
        # one wins, the space keeps an admin.
        (a_id, a_token), (b_id, b_token) = admins
        for i in range(4):
            answers = [None, None]

            def remove(k, target, caller, victim):
                answers[k] = request(target, "DELETE", f"/organizations/{org}/members/{victim}", token=caller)

            threads = [threading.Thread(target=remove, args=(0, server, a_token, b_id)),
                       threading.Thread(target=remove, args=(1, other, b_token, a_id))]
            [t.start() for t in threads]
            [t.join(30) for t in threads]
            statuses = sorted(a.status if a else None for a in answers)
            equal(statuses, [200, 404], f"round {i}: one removal wins, the other finds its caller gone")
            active = db.run("SELECT user_id FROM memberships WHERE organization_id = ? AND role = 'ADMIN'"
                            " AND disabled_at IS NULL", (org,))
            equal(len(active), 1, f"round {i}: the space keeps one admin")
            # The removed admin comes back for the next round.
            for user in (a_id, b_id):
                if [user] not in active:
                    db.run("INSERT INTO memberships (id, organization_id, user_id, role, created_at, updated_at)"
                           " VALUES (?, ?, ?, 'ADMIN', ?, ?)",
                           (f"back-{i}-{user}", org, user, "2026-03-01T00:00:00.000Z", "2026-03-01T00:00:00.000Z"))
    finally:
        equal(other.stop(), 0, "the other process stops cleanly")


def test_tls(workdir, db_location):
    cert = os.path.join(workdir, "cert.pem")
    key = os.path.join(workdir, "key.pem")
    done = subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key,
                           "-out", cert, "-days", "1", "-subj", "/CN=127.0.0.1"], capture_output=True)
    if done.returncode != 0:
        print("openssl unavailable: HTTPS not checked")
        return
    server = Server(workdir, db_location, ["--tls-cert", cert, "--tls-key", key,
                                           "--mail-dir", os.path.join(workdir, "tls-mail")], name="tls")
    try:
        check(server.base.startswith("https://"), "with a certificate, https")
        context = ssl.create_default_context(cafile=cert)
        context.check_hostname = False
        answer = request(server, "GET", "/health", context=context)
        equal((answer.status, answer.json), (200, {"status": "ok"}), "health over HTTPS")
    finally:
        equal(server.stop(), 0, "the HTTPS server stops cleanly")


def test_logs(server, secrets):
    log = server.log()
    check(re.search(r"request \S+ POST /sessions 201 [\d.]+ ms", log) is not None,
          "one line a request: id, route, status, duration")
    for secret in secrets:
        check(secret not in log, f"the log does not hold {secret[:12]}…")


def test_hash_flood(server):
    """More sign-ins at once than the hashing threads take in a few
    seconds: the ones past the queue's bound are refused at once with
    SERVER_BUSY and Retry-After, the others succeed, none is lost, and
    the server takes sign-ins again right after."""
    answers = []
    lock = threading.Lock()

    # Each accepted sign-in waits for up to the whole queue's hashing (a
    # second or two here, much more on a loaded machine): a long timeout,
    # so that only the server's answers are judged.
    def one():
        try:
            a = sign_in(server, "anne.dupont@ecole.fr", timeout=300)
        except OSError as e:
            a = e
        with lock:
            answers.append(a)

    threads = [threading.Thread(target=one) for _ in range(120)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(330)
    statuses = sorted({getattr(a, "status", repr(a)) for a in answers}, key=str)
    equal(len(answers), 120, "every sign-in of the flood got an answer")
    check(set(statuses) <= {201, 503}, f"a flood gets 201 or 503, nothing else: {statuses}")
    busy = [a for a in answers if getattr(a, "status", None) == 503]
    check(len(busy) > 0, "past the queue's bound, sign-ins are refused")
    check(any(getattr(a, "status", None) == 201 for a in answers), "the queue's sign-ins succeed")
    for a in busy[:3]:
        expect_error(a, 503, "SERVER_BUSY", "a sign-in past the queue",
                     "Le serveur est très sollicité. Réessayez dans 5 secondes.")
        equal(a.headers.get("Retry-After"), "5", "Retry-After of SERVER_BUSY")
    equal(sign_in(server, "anne.dupont@ecole.fr").status, 201, "after the flood, a sign-in succeeds")


def test_in_flight_stop(server):
    """SIGTERM while a sign-in hashes: the request finishes, then exit 0."""
    result = {}

    def slow():
        result["answer"] = sign_in(server, "anne.dupont@ecole.fr", PASSWORD)

    thread = threading.Thread(target=slow)
    thread.start()
    time.sleep(0.02)
    # The sign-in hashes for a tenth of a second or more: a request that
    # comes meanwhile is refused in the usual error form, with when to
    # come back.
    server.process.send_signal(signal.SIGTERM)
    deadline = time.monotonic() + 5
    while "stopping" not in server.log() and time.monotonic() < deadline:
        time.sleep(0.002)
    refused = request(server, "GET", "/health")
    expect_error(refused, 503, "SERVER_STOPPING", "a request while stopping",
                 "Le serveur redémarre. Réessayez dans quelques secondes.")
    equal(refused.headers.get("Retry-After"), "2", "Retry-After while stopping")
    code = server.stop()
    thread.join(30)
    equal(code, 0, "SIGTERM: exit 0")
    check(result.get("answer") is not None and result["answer"].status in (201, 503),
          f"the request in flight got an answer: {result.get('answer')}")
    check("stopped" in server.log(), "the server says it stopped")


def test_command_line(workdir):
    """The fixed command line: what is missing is said, in French, exit 2."""
    cases = [
        ([], "--db est obligatoire"),
        (["--db", os.path.join(workdir, "x.db")], "--listen"),
        (["--db", os.path.join(workdir, "x.db"), "--listen", "127.0.0.1:0"], "--public-url"),
        (["--db", os.path.join(workdir, "x.db"), "--listen", "127.0.0.1:0", "--public-url", "ftp://x"],
         "--public-url"),
        (["--db", os.path.join(workdir, "x.db"), "--listen", "nowhere", "--public-url", "http://x"], None),
        (["--db", "postgresql://nobody@/nowhere", "--listen", "127.0.0.1:0", "--public-url", "http://x"],
         "--mail-dir DIR ou --sendmail COMMAND"),
        (["--db", os.path.join(workdir, "x.db"), "--listen", "127.0.0.1:0", "--public-url", "http://x",
          "--mail-dir", workdir, "--sendmail", "true"], "s’excluent"),
        (["--db", os.path.join(workdir, "x.db"), "--listen", "127.0.0.1:0", "--public-url", "http://x",
          "--tls-cert", "/nonexistent"], "--tls-key"),
    ]
    for args, message in cases:
        done = subprocess.run([SERVER] + args, capture_output=True, text=True, timeout=30)
        check(done.returncode in (1, 2) and done.stderr.strip() != "" and done.stdout == "",
              f"refused: {args} → {done.returncode} {done.stderr.strip()}")
        if message:
            check(message in done.stderr, f"{args}: the message names {message!r}: {done.stderr.strip()}")
    check(not os.path.exists(os.path.join(workdir, "x.db")), "nothing made before the command line is right")


def main():
    if not os.access(SERVER, os.X_OK):
        print(f"no server at {SERVER}")
        return 1
    workdir = tempfile.mkdtemp(prefix="pixorga-server-api-")
    os.chmod(workdir, 0o755)
    db_location = PG_URI or os.path.join(workdir, "server.db")
    mail_dir = os.path.join(workdir, "mail")
    server = None
    try:
        server = Server(workdir, db_location, mail_dir=mail_dir)
        db = Database(db_location)
        backend = "PostgreSQL" if PG_URI else "SQLite"
        print(f"{backend}: {server.base}", flush=True)
        started = time.monotonic()

        equal(request(server, "GET", "/health").json, {"status": "ok"}, "GET /health")
        test_command_line(workdir)
        user_id, token = test_accounts(server, db)
        org, invitation_id, code = test_activation(server, db, db_location)
        test_join(server, db, org, invitation_id, code, token)
        test_tokens(server, db, user_id, org, invitation_id)
        admin_id, b_user, b_token, c_user, c_token = test_team(server, db, org, token)
        test_other_school(server, db, db_location, org, b_token, c_token)
        test_mail_failure(workdir, db_location, db, token, org)
        test_two_processes(server, workdir, db_location, db, token, org,
                           admins=((admin_id, token), (b_user, b_token)))
        test_leave(server, org, token, b_token)
        test_password_reset(server, db)
        test_malformed(server, b_token)
        test_throttling(server, db)
        test_tls(workdir, db_location)
        test_logs(server, [token, b_token, c_token, PASSWORD, "Nouveau123", "anne.dupont@ecole.fr",
                           "b.martin@ecole.fr", code])
        test_hash_flood(server)
        test_in_flight_stop(server)
        print(f"{checks} checks in {time.monotonic() - started:.1f} s", flush=True)
    finally:
        if server is not None and server.process.poll() is None:
            server.stop()
        if failures and server is not None:
            print("--- server log ---\n" + server.log()[-4000:])
        shutil.rmtree(workdir, ignore_errors=True)

    if failures:
        print(f"{len(failures)} of {checks} checks failed")
        return 1
    print(f"all {checks} checks passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
