# srvtest_util.py: the real pixorga-server on loopback, for the server's
# security, multi-process and web tests
#
# A Server runs the binary ($PIXORGA_SERVER) on 127.0.0.1 (port 0 unless
# told), reads "listening on http://HOST:PORT" from its output, keeps
# everything it prints (to grep it for secrets), and reads the mails it
# writes in its --mail-dir. The database is a SQLite file in the test's
# folder, or the PostgreSQL database of $PIXORGA_TEST_PG_URI (set by
# tests/orga-pg.py). Db gives the test direct SQL on either.
#
# SPDX-License-Identifier: GPL-3.0-or-later

import email
import email.policy
import glob
import http.client
import json
import os
import re
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.parse

SKIP = 77
API = '/api/v1'
LISTEN_RE = re.compile(r'listening on (https?)://([^\s/]+):(\d+)')
LINK_RE = re.compile(r'(https?://[^\s"<>]+)?/rejoindre\?invitationId=([^&\s"<>]+)&(?:amp;)?code=([A-Za-z0-9]+)')
RESET_RE = re.compile(r'/mot-de-passe\?token=([A-Za-z0-9_\-%.~]+)')


def server_binary():
    path = os.environ.get('PIXORGA_SERVER')
    if not path or not os.access(path, os.X_OK):
        sys.stderr.write('PIXORGA_SERVER is not set to the pixorga-server binary\n')
        sys.exit(1)
    return path


def pg_uri():
    return os.environ.get('PIXORGA_TEST_PG_URI') or None


def backend_name():
    return 'postgresql' if pg_uri() else 'sqlite'


def free_port():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(('127.0.0.1', 0))
        return s.getsockname()[1]


class Db:
    """Direct SQL on the server's database, behind its back (what an
    attacker who stole a backup, or time, would do)."""

    def __init__(self, location):
        self.location = location
        self.pg = location.startswith('postgres')
        if self.pg:
            sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
            import orga_pg
            self.psql = os.path.join(orga_pg.find_bindir(), 'psql')
            if not os.access(self.psql, os.X_OK):
                self.psql = shutil.which('psql')

    def _pg(self, sql, params=()):
        # psql's :'name' variables quote the parameters as literals.
        argv = [self.psql, '-X', '-q', '-A', '-t', '-F', '\x1f', '-R', '\x1e',
                '-v', 'ON_ERROR_STOP=1', '-d', self.location]
        for i, p in enumerate(params):
            argv += ['-v', 'p%d=%s' % (i + 1, p)]
        n = [0]

        def repl(m):
            n[0] += 1
            return ":'p%d'" % n[0]
        sql = re.sub(r'\?', repl, sql)
        r = subprocess.run(argv, input=sql, capture_output=True, text=True)
        if r.returncode != 0:
            raise RuntimeError('psql: %s' % r.stderr)
        out = r.stdout.rstrip('\n')
        rows = [row.lstrip('\n').split('\x1f') for row in out.split('\x1e') if row.strip('\n')]
        return rows

    def query(self, sql, params=()):
        if self.pg:
            return self._pg(sql, params)
        con = sqlite3.connect(self.location, timeout=30)
        try:
            return [list(r) for r in con.execute(sql, params).fetchall()]
        finally:
            con.close()

    def execute(self, sql, params=()):
        """Returns the number of rows changed."""
        if self.pg:
            rows = self._pg('WITH w AS (%s RETURNING 1) SELECT count(*) FROM w' % sql, params)
            return int(rows[0][0])
        con = sqlite3.connect(self.location, timeout=30)
        try:
            cur = con.execute(sql, params)
            con.commit()
            return cur.rowcount
        finally:
            con.close()

    def dump(self):
        """Every byte the database holds, as text: the file and its WAL for
        SQLite (so deleted rows still in pages count too), a data dump for
        PostgreSQL."""
        if self.pg:
            import orga_pg
            pg_dump = os.path.join(orga_pg.find_bindir(), 'pg_dump')
            r = subprocess.run([pg_dump, '--data-only', '-d', self.location],
                               capture_output=True, check=True)
            return r.stdout.decode('utf-8', 'replace')
        data = b''
        for suffix in ('', '-wal', '-journal'):
            if os.path.exists(self.location + suffix):
                with open(self.location + suffix, 'rb') as f:
                    data += f.read()
        return data.decode('utf-8', 'replace')

    def tables(self):
        if self.pg:
            return [r[0] for r in self.query(
                "SELECT tablename FROM pg_tables WHERE schemaname = 'public'")]
        return [r[0] for r in self.query("SELECT name FROM sqlite_master WHERE type = 'table'")]


class Response:
    def __init__(self, status, headers, body):
        self.status = status
        self.headers = headers
        self.body = body
        try:
            self.json = json.loads(body.decode('utf-8')) if body else None
        except (ValueError, UnicodeDecodeError):
            self.json = None

    @property
    def code(self):
        if isinstance(self.json, dict) and isinstance(self.json.get('error'), dict):
            return self.json['error'].get('code')
        return None

    def header(self, name):
        for k, v in self.headers:
            if k.lower() == name.lower():
                return v
        return None

    def __repr__(self):
        return '<%d %s>' % (self.status, self.body[:300])


class Client:
    """One keep-alive HTTP connection; reconnects when the server closed it.
    The timeout is long: a request that hashes many passwords (a class's
    bulk reset) takes tens of seconds on a loaded machine, and a server
    that hangs is caught by meson's own timeout."""

    def __init__(self, host, port, timeout=120, source_address=None):
        self.host, self.port, self.timeout = host, port, timeout
        self.source_address = (source_address, 0) if source_address else None
        self.conn = None
        self.reconnects = 0

    def close(self):
        if self.conn:
            self.conn.close()
            self.conn = None

    def raw(self, method, path, body=None, headers=None):
        headers = dict(headers or {})
        for attempt in range(2):
            if self.conn is None:
                self.conn = http.client.HTTPConnection(self.host, self.port, timeout=self.timeout,
                                                       source_address=self.source_address)
            try:
                try:
                    self.conn.request(method, path, body=body, headers=headers)
                except (BrokenPipeError, ConnectionResetError):
                    # The server may have answered before the end of the
                    # body (413) and closed: its answer is still to read.
                    pass
                r = self.conn.getresponse()
                data = r.read()
                resp = Response(r.status, r.getheaders(), data)
                if r.will_close:
                    self.close()
                return resp
            except (http.client.RemoteDisconnected, BrokenPipeError, ConnectionResetError,
                    http.client.CannotSendRequest, http.client.ResponseNotReady,
                    http.client.BadStatusLine) as e:
                # A keep-alive connection the server closed between two
                # requests: once more on a new one.
                self.close()
                self.reconnects += 1
                if attempt == 1:
                    raise
        raise AssertionError('unreachable')

    def call(self, method, path, body=None, token=None, headers=None):
        h = dict(headers or {})
        if token is not None:
            h['Authorization'] = 'Bearer ' + token
        if body is not None and not isinstance(body, (bytes, bytearray)):
            body = json.dumps(body, ensure_ascii=False).encode('utf-8')
        if body is not None and 'Content-Type' not in h:
            h['Content-Type'] = 'application/json'
        if not path.startswith('/'):
            path = API + '/' + path
        return self.raw(method, path, body, h)

    def get(self, path, **kw):
        return self.call('GET', path, **kw)

    def post(self, path, body=None, **kw):
        return self.call('POST', path, body=body, **kw)


class Server:
    def __init__(self, workdir, db=None, port=0, name='server', extra_args=(), env=None):
        self.binary = server_binary()
        self.workdir = workdir
        self.name = name
        self.db_location = db or pg_uri() or os.path.join(workdir, 'server.db')
        self.mail_dir = os.path.join(workdir, 'mail')
        os.makedirs(self.mail_dir, exist_ok=True)
        self.port = port
        self.extra_args = list(extra_args)
        self.env = dict(os.environ, **(env or {}))
        self.proc = None
        self.out_path = self.err_path = None
        self.host = '127.0.0.1'
        self.public_url = None
        self._seen_mail = set()

    # -- the process ------------------------------------------------------

    def start(self, timeout=30):
        """Starts the server; its output goes to files (NAME.stdout,
        NAME.stderr in the work folder), read for the "listening on" line
        and by logs()."""
        if self.port == 0 and self.public_url is None:
            public = 'http://127.0.0.1'
        else:
            public = self.public_url or 'http://127.0.0.1:%d' % self.port
        argv = [self.binary, '--db', self.db_location, '--listen', '127.0.0.1:%d' % self.port,
                '--public-url', public, '--mail-dir', self.mail_dir] + self.extra_args
        self.out_path = os.path.join(self.workdir, self.name + '.stdout')
        self.err_path = os.path.join(self.workdir, self.name + '.stderr')
        with open(self.out_path, 'ab') as out, open(self.err_path, 'ab') as err:
            self._out_start = out.tell()
            self._err_start = err.tell()
            self.proc = subprocess.Popen(argv, stdout=out, stderr=err, stdin=subprocess.DEVNULL,
                                         env=self.env)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            m = LISTEN_RE.search(self.logs(since_start=True))
            if m:
                self.port = int(m.group(3))
                if self.public_url is None:
                    self.public_url = public if ':' in public[len('http://'):] else \
                        'http://127.0.0.1:%d' % self.port
                return self
            if self.proc.poll() is not None:
                raise RuntimeError('%s exited with %d before listening:\n%s' % (
                    self.name, self.proc.returncode, self.logs()))
            time.sleep(0.02)
        self.stop()
        raise RuntimeError('%s did not print "listening on" within %d s' % (self.name, timeout))

    @property
    def pid(self):
        return self.proc.pid

    def alive(self):
        return self.proc is not None and self.proc.poll() is None

    def stop(self, timeout=15):
        """SIGTERM, as systemd does; returns the exit status."""
        if self.proc is None:
            return None
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        return self.proc.returncode

    def logs(self, since_start=False):
        """Everything the server printed (stdout then stderr), of every
        start, or of the last one."""
        text = ''
        for path, start in ((self.out_path, getattr(self, '_out_start', 0)),
                            (self.err_path, getattr(self, '_err_start', 0))):
            if path and os.path.exists(path):
                with open(path, 'rb') as f:
                    if since_start:
                        f.seek(start)
                    text += f.read().decode('utf-8', 'replace')
        return text

    def client(self, source_address=None):
        """A keep-alive connection, from @source_address if given (any of
        127.0.0.0/8 reaches the server: a way to be many clients)."""
        return Client(self.host, self.port, source_address=source_address)

    def admin(self, *args, check=True):
        """pixorga-server --db … ARGS (org add|import|list)."""
        r = subprocess.run([self.binary, '--db', self.db_location] + list(args),
                           capture_output=True, env=self.env)
        if check and r.returncode != 0:
            raise RuntimeError('pixorga-server %s: %d\n%s%s' % (
                ' '.join(args), r.returncode, r.stdout.decode('utf-8', 'replace'),
                r.stderr.decode('utf-8', 'replace')))
        return r

    def org_add(self, uai, name, school_email, kind='sco'):
        return self.admin('org', 'add', '--uai', uai, '--name', name, '--email', school_email,
                          '--kind', kind)

    def db(self):
        return Db(self.db_location)

    # -- mail -------------------------------------------------------------

    def mails(self):
        """The messages written since the last call: (path, message)."""
        found = []
        for path in sorted(glob.glob(os.path.join(self.mail_dir, '*.eml')), key=os.path.getmtime):
            if path in self._seen_mail:
                continue
            self._seen_mail.add(path)
            with open(path, 'rb') as f:
                found.append((path, email.message_from_bytes(f.read(), policy=email.policy.default)))
        return found

    def wait_mail(self, to, timeout=10):
        """The next message to @to (its text and HTML bodies joined)."""
        deadline = time.monotonic() + timeout
        pending = getattr(self, '_pending_mail', [])
        self._pending_mail = pending
        while True:
            pending.extend(self.mails())
            for i, (path, msg) in enumerate(pending):
                if to.lower() in str(msg.get('To', '')).lower():
                    del pending[i]
                    return msg, mail_text(msg)
            if time.monotonic() > deadline:
                raise AssertionError('no mail to %s in %s' % (to, self.mail_dir))
            time.sleep(0.05)


def mail_text(msg):
    parts = []
    for part in msg.walk():
        if part.get_content_maintype() == 'text':
            parts.append(part.get_content())
    return '\n'.join(parts)


def invitation_link(text):
    """(invitation id, code, full link) of a /rejoindre link in a mail."""
    m = LINK_RE.search(text)
    if not m:
        raise AssertionError('no /rejoindre link in the mail:\n' + text[:2000])
    return urllib.parse.unquote(m.group(2)), m.group(3), m.group(0).replace('&amp;', '&')


def reset_token(text):
    m = RESET_RE.search(text)
    if not m:
        raise AssertionError('no /mot-de-passe link in the mail:\n' + text[:2000])
    return urllib.parse.unquote(m.group(1))


class Api:
    """The steps every scenario needs, each checked."""

    def __init__(self, server, client=None):
        self.srv = server
        self.c = client or server.client()

    def expect(self, resp, status, code=None, what=''):
        if resp.status != status or (code is not None and resp.code != code):
            raise AssertionError('%s: expected %d %s, got %d %s' % (
                what, status, code or '', resp.status, resp.body[:500]))
        return resp

    def sign_up(self, email_addr, password, first='Camille', last='Martin'):
        r = self.c.post('users', {'first_name': first, 'last_name': last, 'email': email_addr,
                                  'password': password, 'accept_terms': True})
        return self.expect(r, 201, what='POST /users %s' % email_addr).json['user']

    def sign_in(self, email_addr, password):
        r = self.c.post('sessions', {'email': email_addr, 'password': password})
        return self.expect(r, 201, what='POST /sessions %s' % email_addr).json

    def activate(self, uai, first='Claude', last='Proviseur'):
        """POST /organization-invitations/sco; returns (id, code) from the
        mail to the school's address (which the caller knows)."""
        r = self.c.post('organization-invitations/sco', {'uai': uai, 'first_name': first,
                                                          'last_name': last})
        self.expect(r, 201, what='activation of %s' % uai)

    def new_school(self, uai, name, school_email, admin_email, password,
                   first='Claude', last='Proviseur'):
        """org add, activation, sign up, accept, Pix Orga's terms: returns
        (token, organization id, user)."""
        self.srv.org_add(uai, name, school_email)
        self.activate(uai)
        _, text = self.srv.wait_mail(school_email)
        inv_id, code, _ = invitation_link(text)
        user = self.sign_up(admin_email, password, first, last)
        token = self.sign_in(admin_email, password)['token']
        r = self.c.post('organization-invitations/%s/accept' % inv_id, {'code': code}, token=token)
        membership = self.expect(r, 200, what='accept activation').json['membership']
        assert membership['role'] == 'ADMIN', membership
        self.expect(self.c.post('me/orga-terms', token=token), 200, what='orga terms')
        return token, membership['organization']['id'], user

    def invite(self, token, org, email_addr, role=None):
        body = {'emails': [email_addr]}
        if role:
            body['role'] = role
        r = self.c.post('organizations/%s/invitations' % org, body, token=token)
        inv = self.expect(r, 201, what='invite %s' % email_addr).json['invitations'][0]
        _, text = self.srv.wait_mail(email_addr)
        inv_id, code, _ = invitation_link(text)
        assert inv_id == inv['id'], (inv_id, inv)
        return inv_id, code

    def join(self, token, org, email_addr, password, first='Dominique', last='Membre', role=None):
        """An invited member's account: returns (token, user)."""
        inv_id, code = self.invite(token, org, email_addr, role)
        user = self.sign_up(email_addr, password, first, last)
        t = self.sign_in(email_addr, password)['token']
        self.expect(self.c.post('organization-invitations/%s/accept' % inv_id, {'code': code},
                                token=t), 200, what='accept invitation')
        self.expect(self.c.post('me/orga-terms', token=t), 200, what='orga terms')
        return t, user


def run_backend_main(main):
    """Calls main(); returns 77 when the binary or PostgreSQL is missing."""
    try:
        return main()
    except KeyboardInterrupt:
        return 130
