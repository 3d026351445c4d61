"""student_util.py: a school, its students and their browsers, for the
students' tests and bench-students (issue 11).

Schools, students and campaigns come through the sync as a desktop
sends them (Desktop.push); the students' accounts, sessions and links are
rows written into the database as the sign-in pages write them
(make_student); Student is a browser without JavaScript: cookies, forms,
the CSRF token, no redirect followed.

SPDX-License-Identifier: GPL-3.0-or-later
"""
import base64
import datetime
import hashlib
import os
import re
import urllib.parse
import uuid as uuidlib


def new_id():
    return str(uuidlib.uuid4())


def now_iso():
    t = datetime.datetime.now(datetime.timezone.utc)
    return t.strftime('%Y-%m-%dT%H:%M:%S.%f')[:-3] + 'Z'


def change(kind, data):
    return {'id': new_id(), 'kind': kind, 'at': now_iso(), 'base': 0, 'data': data}


class Desktop:
    def __init__(self, client, org, token):
        self.c, self.org, self.token = client, org, token
        self.device = new_id()

    def push(self, *changes):
        r = self.c.post('organizations/%s/sync/push' % self.org,
                        {'protocol': 1, 'device': self.device, 'changes': list(changes)}, token=self.token)
        assert r.status == 200, r
        for res in r.json['results']:
            assert res['status'] == 'applied', res
        return r.json['results']

    def participations(self):
        """Every participation row a desktop pulls, by uuid."""
        rows, after = {}, 0
        while True:
            r = self.c.get('organizations/%s/sync/changes?protocol=1&after=%d' % (self.org, after),
                           token=self.token)
            assert r.status == 200, r
            for row in r.json['participations']:
                rows[row['uuid']] = row
            after = r.json['cursor']
            if not r.json['more']:
                return rows


def learner(ine, last, first, birthdate='2012-03-05'):
    return {'uuid': new_id(), 'ine': ine, 'last_name': last, 'preferred_last_name': None,
            'first_name': first, 'middle_name': None, 'third_name': None, 'sex': 'F',
            'birthdate': birthdate, 'birth_country_code': '100', 'birth_province_code': '075',
            'birth_city_code': '75056', 'birth_city': 'PARIS', 'mef_code': '10010012110',
            'status': 'ST', 'division': '6A'}


def import_apply(learners):
    record = {'uuid': new_id(), 'created_at': now_iso(), 'file_name': 'siecle.xml',
              'format': 'siecle-xml', 'encoding': 'UTF-8', 'ignored': 0, 'errors': '[]'}
    return change('import.apply', {'import': record, 'learners': learners})


def campaign(code, name, profile='initiation', kind='ASSESSMENT', multiple=True, external=None):
    return {'uuid': new_id(), 'code': code, 'name': name, 'type': kind,
            'target_profile_id': profile if kind == 'ASSESSMENT' else None,
            'owner': 'Claude Proviseur', 'owner_id': None, 'creator': 'Claude Proviseur',
            'title': None, 'landing_text': None,
            'external_id_type': 'STRING' if external else None, 'external_id_label': external,
            'multiple_sendings': multiple, 'created_at': now_iso(), 'updated_at': now_iso(),
            'archived_at': None, 'archived_by': None, 'deleted_at': None, 'deleted_by': None}


def make_student(db, org, learner_uuid, first, last, account=None):
    """An account, a session (its cookie's token) and, when @org, the link
    to the learner: the rows srv-accounts' pages write."""
    account = account or new_id()
    token = base64.urlsafe_b64encode(os.urandom(32)).decode().rstrip('=')
    now = now_iso()
    far = (datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(days=60)).strftime(
        '%Y-%m-%dT%H:%M:%S.000Z')
    db.execute('INSERT INTO student_accounts (id, first_name, last_name, email, username, password_hash, '
               'created_at, updated_at) VALUES (?, ?, ?, ?, NULL, ?, ?, ?)',
               (account, first, last, '%s@eleve.example.fr' % account[:8], 'x', now, now))
    db.execute('INSERT INTO student_sessions (token_hash, account_id, created_at, expires_at) VALUES (?, ?, ?, ?)',
               (hashlib.sha256(token.encode()).hexdigest(), account, now, far))
    if org is not None:
        db.execute('INSERT INTO student_links (organization_id, learner, account_id, created_at) '
                   'VALUES (?, ?, ?, ?)', (org, learner_uuid, account, now))
    return account, token


class Student:
    """A browser without JavaScript: cookies, forms, no redirect followed."""

    def __init__(self, srv, token, name):
        self.c = srv.client()
        self.cookies = {'orga_eleve': token} if token else {}
        self.name = name
        self.csrf = None

    def request(self, method, path, form=None):
        headers = {}
        if self.cookies:
            headers['Cookie'] = '; '.join('%s=%s' % kv for kv in self.cookies.items())
        body = None
        if form is not None:
            fields = dict(form)
            fields['jeton'] = self.csrf or ''
            body = urllib.parse.urlencode(fields).encode()
            headers['Content-Type'] = 'application/x-www-form-urlencoded'
        r = self.c.raw(method, path, body, headers)
        for k, v in r.headers:
            if k.lower() == 'set-cookie':
                name, _, rest = v.partition('=')
                self.cookies[name] = rest.split(';')[0]
        r.text = r.body.decode('utf-8', 'replace')
        m = re.search(r'name="jeton" value="([^"]+)"', r.text)
        if m:
            self.csrf = m.group(1)
        return r

    def get(self, path):
        return self.request('GET', path)

    def post(self, path, form):
        return self.request('POST', path, form)


def question_of(html):
    """(position, item id) of a question page, or None."""
    p = re.search(r'<input type="hidden" name="position" value="(\d+)">', html)
    q = re.search(r'<input type="hidden" name="question" value="([^"]+)">', html)
    if not p or not q:
        return None
    return int(p.group(1)), q.group(1)
