#!/usr/bin/env python3
"""Students' accounts on pixorga-server (issue 11, spec §2.5): the pages of
/campagnes and the teachers' API, over real HTTP.

The real binary on loopback, on SQLite, or on PostgreSQL when
PIXORGA_TEST_PG_URI is set (tests/orga-pg.py -- this script). Two schools
get their students and campaigns through the sync push, as a desktop
sends them; then:
  - the code entry: spaces and lower case tolerated, unknown, malformed,
    archived and deleted campaigns each with their message;
  - sign-up on a campaign's page (errors kept in the form), the session
    cookie (HttpOnly, SameSite=Lax, only its SHA-256 in the database);
  - reconciliation: a wrong birth date, a malformed one, the match (names
    with accents and case dropped), the learner already linked to another
    account (its username masked, never its e-mail), the account already
    linked to another learner of the school, school A's student on
    school B's code;
  - sign-in by e-mail and by username, the throttling of failures;
  - the teachers' API: usernames with the §2.5 rule and its collisions
    (two "Jean Dupont" born the same day), one-time passwords that must be
    changed first, single and bulk resets (all or nothing; the server keeps
    answering while it hashes), who may call it;
  - sign-out.

Argon2id is never weakened for tests: few accounts are made.

SPDX-License-Identifier: GPL-3.0-or-later
"""
import hashlib
import html
import importlib.util
import os
import re
import sys
import tempfile
import threading
import time
import urllib.parse

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

import srvtest_util as su  # noqa: E402

# The desktop's rows as the sync tests build them: one place for the wire.
_spec = importlib.util.spec_from_file_location('server_sync_test', os.path.join(HERE, 'test-server-sync.py'))
sync = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(sync)

FAILURES = []
CHECKS = [0]
PASSWORD = 'Eleve-Pass-2026'
STAFF_PASSWORD = 'Prof-Pass-2026'

NO_MATCH = 'Vérifiez vos informations (prénom, nom et date de naissance) ou contactez un enseignant.'
ACCOUNT_LINKED = ('Votre compte Pix est déjà associé à un autre élève de cet établissement. '
                  'Contactez un enseignant.')
LEARNER_LINKED = ('Cet élève est déjà associé à un autre compte Pix{}. Connectez-vous avec ce compte, '
                  'ou demandez à un enseignant de réinitialiser son mot de passe.')
BAD_CREDENTIALS = "L'adresse e-mail ou l'identifiant et/ou le mot de passe saisis sont incorrects."
PASSWORD_RULE = ('Votre mot de passe doit contenir 8 caractères au minimum et comporter au moins une '
                 'majuscule, une minuscule et un chiffre.')
UNKNOWN_CODE = 'Le code {} ne correspond à aucune campagne. Vérifiez-le ou contactez votre enseignant.'
INVALID_CODE = 'Le code de campagne est composé de 9 lettres et chiffres, par exemple ABCDEF123.'
ARCHIVED = 'Cette campagne est archivée : elle n’accepte plus de participants. Contactez votre enseignant.'
DELETED = 'Cette campagne a été supprimée : elle n’accepte plus de participants. Contactez votre enseignant.'
BAD_DATE = ('Votre date de naissance n’est pas valide : saisissez le jour, le mois et l’année, '
            'par exemple 07 03 2010.')
OTP_RE = re.compile(r'^[abcdefghjkmnpqrstuvwxyz]{6}[0-9]{2}$')


def check(cond, what):
    CHECKS[0] += 1
    if not cond:
        FAILURES.append(what)
        print('FAIL: %s' % what, flush=True)
    return cond


def equal(actual, expected, what):
    return check(actual == expected, '%s: expected %r, got %r' % (what, expected, actual))


def text_of(resp):
    """The page's text, unescaped, for looking up French sentences."""
    return html.unescape(resp.body.decode('utf-8', 'replace'))


class Browser:
    """Cookies and forms, as a browser without JavaScript."""

    def __init__(self, srv):
        self.c = srv.client()
        self.cookies = {}

    def _cookie_header(self):
        return '; '.join('%s=%s' % kv for kv in self.cookies.items())

    def request(self, method, path, form=None):
        headers = {}
        if self.cookies:
            headers['Cookie'] = self._cookie_header()
        body = None
        if form is not None:
            body = urllib.parse.urlencode(form).encode('utf-8')
            headers['Content-Type'] = 'application/x-www-form-urlencoded'
        r = self.c.raw(method, path, body, headers)
        r.set_cookies = [v for k, v in r.headers if k.lower() == 'set-cookie']
        for line in r.set_cookies:
            name, _, rest = line.partition('=')
            value = rest.split(';', 1)[0]
            if 'Max-Age=0' in line:
                self.cookies.pop(name, None)
            else:
                self.cookies[name] = value
        return r

    def get(self, path):
        return self.request('GET', path)

    def post(self, path, form):
        """Posts @form with the CSRF token of the page at @path."""
        page = self.get(path)
        m = re.search(r'name="jeton" value="([^"]+)"', page.body.decode())
        fields = dict(form)
        fields['jeton'] = m.group(1) if m else ''
        return self.request('POST', path, fields)


def seed(srv, api, uai, name, admin_email, learners, campaigns):
    token, org, _ = api.new_school(uai, name, 'ce.%s@ac.example.fr' % uai.lower(), admin_email, STAFF_PASSWORD)
    desk = sync.Desktop(api.c, org, token)
    results = desk.push([sync.import_apply(learners)] +
                        [sync.change('campaign.create', {'campaign': c}) for c in campaigns])
    for r in results:
        check(r.get('status') == 'applied', 'seed %s: %r' % (name, r))
    return token, org, desk


def learner(ine, last, first, birthdate, division='3A', **extra):
    return sync.learner(ine, last, first, division, birthdate=birthdate, **extra)


def sign_up(b, code, first, last, email_addr, password=PASSWORD):
    return b.post('/campagnes/' + code, {'etape': 'inscription', 'prenom': first, 'nom': last,
                                         'email': email_addr, 'mot-de-passe': password, 'cgu-pix': '1'})


def sign_in(b, code, identifier, password):
    return b.post('/campagnes/%s?mode=connexion' % code, {'etape': 'connexion', 'identifiant': identifier,
                                                           'mot-de-passe': password})


def reconcile(b, code, first, last, day, month, year):
    return b.post('/campagnes/' + code, {'etape': 'reconciliation', 'prenom': first, 'nom': last,
                                         'jour': day, 'mois': month, 'annee': year})


def test_code_entry(srv, codes):
    b = Browser(srv)
    r = b.get('/campagnes')
    equal(r.status, 200, 'the code page')
    check('Saisissez votre code' in text_of(r), 'the code page asks for the code')
    check('<label for="code">' in r.body.decode(), 'the code field has its label')

    r = b.get('/campagnes?code=' + urllib.parse.quote(' %s %s ' % (codes['a'][:3].lower(), codes['a'][3:])))
    equal(r.status, 303, 'a code in lower case with spaces is found')
    equal(r.header('Location'), '/campagnes/' + codes['a'], 'to its canonical page')

    r = b.get('/campagnes?code=ZZZZZZ999')
    equal(r.status, 404, 'an unknown code')
    check(UNKNOWN_CODE.format('ZZZZZZ999') in text_of(r), 'the unknown code says so: %s' % text_of(r)[-600:])
    check('role="alert"' in r.body.decode() and 'href="#code"' in r.body.decode(),
          'the error summary is announced and links to the field')
    check('value="ZZZZZZ999"' in r.body.decode(), 'the code is kept in the field')

    for bad in ('ABC', 'ABCDEF12345', 'ABC-DEF-123'):
        r = b.get('/campagnes?code=' + urllib.parse.quote(bad))
        equal(r.status, 422, 'a malformed code %r' % bad)
        check(INVALID_CODE in text_of(r), 'the malformed code says the format (%s)' % bad)
    r = b.get('/campagnes?code=+')
    equal(r.status, 422, 'an empty code')

    r = b.get('/campagnes?code=' + codes['archived'])
    equal(r.status, 403, 'an archived campaign')
    check(ARCHIVED in text_of(r), 'the archived campaign says so')
    r = b.get('/campagnes/' + codes['archived'])
    equal(r.status, 403, 'the archived campaign\'s page')
    check(ARCHIVED in text_of(r) and 'href="/campagnes"' in r.body.decode(),
          'the archived campaign\'s page offers another code')
    r = b.get('/campagnes?code=' + codes['deleted'])
    equal(r.status, 410, 'a deleted campaign')
    check(DELETED in text_of(r), 'the deleted campaign says so')
    r = b.get('/campagnes/' + codes['a'].lower())
    equal(r.status, 303, 'a page address in lower case')
    equal(r.header('Location'), '/campagnes/' + codes['a'], 'goes to the canonical one')
    r = b.get('/campagnes/%s/autre' % codes['a'])
    equal(r.status, 404, 'an unknown page under a campaign')


def test_sign_up_and_reconcile(srv, codes, db):
    b = Browser(srv)
    r = b.get('/campagnes/' + codes['a'])
    equal(r.status, 200, 'the landing page')
    t = text_of(r)
    check('Lycée Alpha' in t, 'the landing page names the school')
    check('Parcours rentrée 3e' in t, 'the landing page shows the campaign\'s title')
    check('Bienvenue <b>en 3e</b>' in t and '<b>en' not in r.body.decode(),
          'the landing text is shown, escaped')
    check('Je m’inscris' in t and 'J’ai déjà un compte Pix' in t, 'the two tabs')

    r = sign_up(b, codes['a'], 'Léa', 'Martin', 'lea.martin@eleve.example.fr', password='court')
    equal(r.status, 422, 'a password outside the rule')
    check(PASSWORD_RULE in text_of(r) and 'href="#mot-de-passe"' in r.body.decode(), 'the rule is said')
    check('value="Léa"' in r.body.decode() and 'value="lea.martin@eleve.example.fr"' in r.body.decode(),
          'the fields are kept')
    check('court' not in r.body.decode(), 'never the password')
    r = b.post('/campagnes/' + codes['a'], {'etape': 'inscription', 'prenom': 'Léa', 'nom': 'Martin',
                                            'email': 'lea.martin@eleve.example.fr', 'mot-de-passe': PASSWORD})
    equal(r.status, 422, 'without the terms')
    check('conditions d’utilisation de Pix' in text_of(r), 'the terms are asked for')

    r = sign_up(b, codes['a'], 'Léa', 'Martin', 'Lea.Martin@eleve.example.fr')
    equal(r.status, 303, 'signed up')
    equal(r.header('Location'), '/campagnes/' + codes['a'], 'back to the campaign')
    cookie = [c for c in r.set_cookies if c.startswith('orga_eleve=')]
    check(len(cookie) == 1, 'the session cookie is set: %r' % r.set_cookies)
    if cookie:
        for attribute in ('HttpOnly', 'SameSite=Lax', 'Path=/', 'Max-Age=2592000'):
            check(attribute in cookie[0], 'the cookie has %s' % attribute)
        check('Secure' not in cookie[0], 'no Secure on plain http')
        token = b.cookies['orga_eleve']
        rows = db.query('SELECT account_id, expires_at FROM student_sessions WHERE token_hash = ?',
                        (hashlib.sha256(token.encode()).hexdigest(),))
        equal(len(rows), 1, 'the session is kept by its SHA-256')
        check(token not in db.dump(), 'the token itself is nowhere in the database')
    rows = db.query("SELECT email, should_change_password, pix_terms_accepted FROM student_accounts"
                    " WHERE first_name = 'Léa'")
    equal([list(map(str, r)) for r in rows], [['lea.martin@eleve.example.fr', '0', '1']],
          'the account, its address in lower case')

    b2 = Browser(srv)
    r = sign_up(b2, codes['a'], 'Autre', 'Élève', 'lea.martin@eleve.example.fr')
    equal(r.status, 409, 'an address taken')
    check('Cette adresse e-mail est déjà utilisée.' in text_of(r), 'the taken address says so')

    r = b.get('/campagnes/' + codes['a'])
    equal(r.status, 200, 'signed in: the reconciliation')
    t = text_of(r)
    check('Un tout petit détail !' in t and 'Remplissez les informations manquantes' in t,
          'the reconciliation page')
    check('value="Léa"' in r.body.decode() and 'value="Martin"' in r.body.decode(),
          'first and last name pre-filled from the account')
    check('C’est parti !' in t, 'the button')
    for field in ('jour', 'mois', 'annee'):
        check('<label for="%s">' % field in r.body.decode(), 'the %s field has a label' % field)

    r = reconcile(b, codes['a'], 'Léa', 'Martin', '05', '04', '2010')
    equal(r.status, 422, 'a wrong birth date')
    check(NO_MATCH in text_of(r), 'the wrong birth date says: %s' % NO_MATCH)
    check('value="05"' in r.body.decode(), 'the date is kept')
    r = reconcile(b, codes['a'], 'Léa', 'Martin', '31', '02', '2010')
    equal(r.status, 422, 'a date that does not exist')
    check(BAD_DATE in text_of(r) and 'href="#jour"' in r.body.decode(), 'the malformed date says so')
    r = reconcile(b, codes['a'], 'Léa', '', '04', '05', '2010')
    equal(r.status, 422, 'no last name')
    check('Votre nom n’est pas renseigné.' in text_of(r), 'the missing name says so')

    r = reconcile(b, codes['a'], 'LEA', 'martin', '4', '5', '2010')
    equal(r.status, 303, 'reconciled (accents and case aside)')
    equal(r.header('Location'), '/campagnes/%s/evaluation' % codes['a'], 'off to the test')
    rows = db.query('SELECT l.learner FROM student_links l JOIN student_accounts a ON a.id = l.account_id'
                    " WHERE a.email = 'lea.martin@eleve.example.fr'")
    equal(rows, [[LEARNERS['lea']]], 'the link to the right learner')

    r = b.get('/campagnes/' + codes['a'])
    equal(r.status, 303, 'a linked student goes straight to the test')
    equal(r.header('Location'), '/campagnes/%s/evaluation' % codes['a'], 'straight to the test')
    r = b.get('/campagnes/' + codes['a2'])
    equal(r.header('Location'), '/campagnes/%s/evaluation' % codes['a2'], 'every campaign of the school')

    # School A's student on school B's code: B does not know her.
    r = b.get('/campagnes/' + codes['b'])
    equal(r.status, 200, 'school B\'s campaign asks to reconcile')
    check('Lycée Bêta' in text_of(r), 'school B\'s page')
    r = reconcile(b, codes['b'], 'Léa', 'Martin', '04', '05', '2010')
    equal(r.status, 422, 'a student of school A on school B\'s code')
    check(NO_MATCH in text_of(r), 'is not found there')
    n = db.query('SELECT COUNT(*) FROM student_links l JOIN student_accounts a ON a.id = l.account_id'
                 " WHERE a.email = 'lea.martin@eleve.example.fr'")
    equal(int(n[0][0]), 1, 'still only school A\'s link')

    # Another account for the same learner.
    r = sign_up(b2, codes['a'], 'Léa', 'Martin', 'lea.bis@eleve.example.fr')
    equal(r.status, 303, 'a second account')
    r = reconcile(b2, codes['a'], 'Léa', 'Martin', '04', '05', '2010')
    equal(r.status, 409, 'the learner is linked to another account')
    t = text_of(r)
    check(LEARNER_LINKED.format('') in t, 'says so and that a teacher can reset it: %s' % t[-800:])
    check('lea.martin@eleve.example.fr' not in t and 'lea.martin' not in t, 'never the other e-mail')
    return b, b2


def test_account_linked_elsewhere(srv, codes, db, b):
    """The account is linked to a learner that is no longer active; its
    owner tries to reconcile with another learner of the same school."""
    db.execute('UPDATE sync_learners SET removed = 1 WHERE uuid = ?', (LEARNERS['lea'],))
    try:
        r = b.get('/campagnes/' + codes['a'])
        equal(r.status, 200, 'a link to a removed learner does not open the test')
        r = reconcile(b, codes['a'], 'Hugo', 'Bernard', '11', '09', '2010')
        equal(r.status, 409, 'the account is linked to another learner of the school')
        check(ACCOUNT_LINKED in text_of(r), 'says so: %s' % ACCOUNT_LINKED)
    finally:
        db.execute('UPDATE sync_learners SET removed = 0 WHERE uuid = ?', (LEARNERS['lea'],))


def test_sign_in_and_throttling(srv, codes, db):
    b = Browser(srv)
    r = sign_in(b, codes['a'], 'lea.martin@eleve.example.fr', 'Mauvais-Pass-1')
    equal(r.status, 401, 'a wrong password')
    check(BAD_CREDENTIALS in text_of(r), 'the wrong password says so')
    check('value="lea.martin@eleve.example.fr"' in r.body.decode(), 'the identifier is kept')
    r = sign_in(b, codes['a'], '  LEA.MARTIN@eleve.example.fr ', PASSWORD)
    equal(r.status, 303, 'signed in by e-mail (case and spaces aside)')
    r = b.get('/campagnes/' + codes['a'])
    equal(r.header('Location'), '/campagnes/%s/evaluation' % codes['a'], 'the linked student to the test')

    b = Browser(srv)
    for i in range(5):
        r = sign_in(b, codes['a'], 'lea.bis@eleve.example.fr', 'Mauvais-Pass-%d' % i)
        equal(r.status, 401, 'failure %d' % (i + 1))
    r = sign_in(b, codes['a'], 'lea.bis@eleve.example.fr', PASSWORD)
    equal(r.status, 429, 'after 5 failures the account is blocked, even with the right password')
    check(r.header('Retry-After') is not None, 'with Retry-After')
    check('Trop de tentatives de connexion.' in text_of(r), 'the block says so')
    r = sign_in(b, codes['a'], 'lea.martin@eleve.example.fr', PASSWORD)
    equal(r.status, 303, 'another account of the same address still signs in')


def test_teacher_api(srv, api, codes, db, a_token, a_org, member_token, b_token, b_org):
    c = api.c

    def path(*parts):
        return 'organizations/%s/students/%s' % (a_org, '/'.join(parts))

    r = c.get(path('accounts'))
    equal(r.status, 401, 'without a token')
    r = c.get(path('accounts'), token=b_token)
    equal((r.status, r.code), (404, 'NOT_FOUND'), 'another school\'s admin gets 404 like any non-member')
    r = c.post(path(LEARNERS['jean1'], 'username'), token=b_token)
    equal((r.status, r.code), (404, 'NOT_FOUND'), 'a non-member cannot make a username')
    r = c.post('organizations/%s/students/%s/username' % (b_org, LEARNERS['jean1']), token=b_token)
    equal((r.status, r.code), (404, 'LEARNER_NOT_FOUND'), 'a learner of another school')

    r = c.get(path('accounts'), token=member_token)
    equal(r.status, 200, 'a member lists the accounts')
    accounts = {a['learner']: a for a in r.json['accounts']}
    equal(accounts.get(LEARNERS['lea']), {'learner': LEARNERS['lea'], 'methods': ['email'],
                                          'email': 'lea.martin@eleve.example.fr', 'username': None},
          'Léa\'s account')
    check(LEARNERS['jean1'] not in accounts, 'only linked learners')

    # §2.5: the rule, then the collision of two Jean Dupont born the same day.
    r = c.post(path(LEARNERS['jean1'], 'username'), token=member_token)
    equal(r.status, 200, 'a member makes a username')
    jean1 = r.json
    equal(jean1['username'], 'jean.dupont0107', 'the username of the rule')
    check(OTP_RE.match(jean1['password'] or ''), 'a one-time password of the format: %r' % jean1['password'])
    r = c.post(path(LEARNERS['jean2'], 'username'), token=a_token)
    equal(r.status, 200, 'the second Jean Dupont')
    jean2 = r.json
    check(re.match(r'^jean\.dupont[0-9]{4}$', jean2['username'] or '') and jean2['username'] != 'jean.dupont0107',
          'a collision gets 4 random digits: %r' % jean2['username'])
    rows = db.query('SELECT a.username, a.should_change_password, a.email FROM student_accounts a'
                    ' JOIN student_links l ON l.account_id = a.id WHERE l.learner = ?', (LEARNERS['jean1'],))
    equal([list(map(str, r)) for r in rows], [['jean.dupont0107', '1', 'None' if not db.pg else '']],
          'an account made and linked, its password to change')
    check(jean1['password'] not in db.dump(), 'the one-time password is kept hashed only')

    r = c.post(path(LEARNERS['jean1'], 'username'), token=a_token)
    equal((r.status, r.code), (409, 'STUDENT_HAS_USERNAME'), 'a second username')
    r = c.post(path('00000000-0000-4000-8000-000000000000', 'username'), token=a_token)
    equal((r.status, r.code), (404, 'LEARNER_NOT_FOUND'), 'an unknown learner')
    r = c.post(path(LEARNERS['nodate'], 'username'), token=a_token)
    equal((r.status, r.code), (422, 'STUDENT_BIRTHDATE_MISSING'), 'a learner without a birth date')
    r = c.post(path(LEARNERS['nameless'], 'username'), token=a_token)
    equal((r.status, r.code), (422, 'USERNAME_IMPOSSIBLE'), 'a name with nothing left of a–z')
    r = c.post(path(LEARNERS['left'], 'username'), token=a_token)
    equal((r.status, r.code), (404, 'LEARNER_NOT_FOUND'), 'a learner who left the school')

    # The one-time password: signing in with it forces the change first.
    b = Browser(srv)
    r = sign_in(b, codes['a'], 'Jean.Dupont0107', jean1['password'])
    equal(r.status, 303, 'signed in with the username and the one-time password')
    r = b.get('/campagnes/' + codes['a'])
    equal(r.status, 200, 'the change comes first')
    check('Changez votre mot de passe' in text_of(r), 'the page "Changez votre mot de passe"')
    r = reconcile(b, codes['a'], 'Jean', 'Dupont', '01', '07', '2010')
    equal(r.status, 422, 'nothing else before the change')
    check('Changez votre mot de passe' in text_of(r), 'still the change')
    r = b.get('/campagnes/%s/evaluation' % codes['a'])
    check(r.status in (303, 404), 'the test is not reached either (%d)' % r.status)
    r = b.post('/campagnes/' + codes['a'], {'etape': 'mot-de-passe', 'mot-de-passe': 'court',
                                            'confirmation': 'court'})
    equal(r.status, 422, 'a new password outside the rule')
    check(PASSWORD_RULE in text_of(r), 'the rule is said')
    r = b.post('/campagnes/' + codes['a'], {'etape': 'mot-de-passe', 'mot-de-passe': 'Nouveau-Pass-1',
                                            'confirmation': 'Nouveau-Pass-2'})
    equal(r.status, 422, 'two different passwords')
    check('Les deux mots de passe ne sont pas identiques.' in text_of(r), 'the difference is said')
    r = b.post('/campagnes/' + codes['a'], {'etape': 'mot-de-passe', 'mot-de-passe': 'Nouveau-Pass-1',
                                            'confirmation': 'Nouveau-Pass-1'})
    equal(r.status, 303, 'the new password')
    r = b.get('/campagnes/' + codes['a'])
    equal(r.header('Location'), '/campagnes/%s/evaluation' % codes['a'],
          'the teacher linked the account: straight to the test')
    b2 = Browser(srv)
    equal(sign_in(b2, codes['a'], 'jean.dupont0107', jean1['password']).status, 401, 'the one-time password is spent')
    equal(sign_in(b2, codes['a'], 'jean.dupont0107', 'Nouveau-Pass-1').status, 303, 'the new one works')

    # The learner's own account is already linked: another student with the
    # same details sees the masked username.
    b3 = Browser(srv)
    equal(sign_up(b3, codes['a'], 'Jean', 'Dupont', 'jean.d@eleve.example.fr').status, 303, 'a third account')
    r = reconcile(b3, codes['a'], 'Jean', 'Dupont', '01', '07', '2010')
    equal(r.status, 422, 'two learners match: a teacher decides')
    check(NO_MATCH in text_of(r), 'two matches say the same as none')
    r = reconcile(b3, codes['a'], 'Hugo', 'Bernard', '11', '09', '2010')
    equal(r.status, 303, 'Hugo reconciles')

    # Reset of one.
    lea = Browser(srv)
    equal(sign_in(lea, codes['a'], 'lea.martin@eleve.example.fr', PASSWORD).status, 303, 'Léa signs in')
    r = c.post(path(LEARNERS['lea'], 'password-reset'), token=member_token)
    equal(r.status, 200, 'reset of an e-mail account')
    equal(r.json['username'], None, 'no username is added by a single reset')
    check(OTP_RE.match(r.json['password'] or ''), 'a one-time password')
    lea_otp = r.json['password']
    check('Je m’inscris' in text_of(lea.get('/campagnes/' + codes['a'])),
          'a reset closes the sessions opened with the old password')
    r = sign_in(Browser(srv), codes['a'], 'lea.martin@eleve.example.fr', PASSWORD)
    equal(r.status, 401, 'the old password no longer works')
    bl = Browser(srv)
    equal(sign_in(bl, codes['a'], 'lea.martin@eleve.example.fr', lea_otp).status, 303, 'the one-time one does')
    check('Changez votre mot de passe' in text_of(bl.get('/campagnes/' + codes['a'])), 'and must be changed')
    r = c.post(path(LEARNERS['marie'], 'password-reset'), token=member_token)
    equal((r.status, r.code), (422, 'STUDENT_NO_ACCOUNT'), 'a learner without an account')

    # Bulk: all or nothing.
    before = db.query('SELECT id, password_hash, username FROM student_accounts ORDER BY id')
    for bad, code in (([LEARNERS['marie'], '00000000-0000-4000-8000-000000000000'], 'LEARNER_NOT_FOUND'),
                      ([LEARNERS['marie'], LEARNERS['nodate']], 'STUDENT_BIRTHDATE_MISSING'),
                      ([LEARNERS['marie'], LEARNERS['left']], 'LEARNER_NOT_FOUND')):
        r = c.post(path('password-reset'), {'learners': bad}, token=a_token)
        equal(r.code, code, 'a bulk reset with %s' % code)
    equal(db.query('SELECT id, password_hash, username FROM student_accounts ORDER BY id'), before,
          'a refused bulk reset changes nothing')
    for body in ({'learners': []}, {'learners': 'x'}, {'learners': [1]}, {}):
        r = c.post(path('password-reset'), body, token=a_token)
        equal((r.status, r.code), (400, 'MALFORMED_REQUEST'), 'a malformed bulk %r' % body)

    selected = [LEARNERS['lea'], LEARNERS['jean1'], LEARNERS['marie']] + BULK
    result = {}

    def run():
        result['r'] = c2.post(path('password-reset'), {'learners': selected}, token=member_token)
    c2 = srv.client()
    thread = threading.Thread(target=run)
    thread.start()
    answered = 0
    while thread.is_alive():
        h = srv.client().get('health')
        if thread.is_alive() and h.status == 200:
            answered += 1
        time.sleep(0.05)
    thread.join()
    r = result['r']
    equal(r.status, 200, 'a bulk reset of %d students' % len(selected))
    check(answered > 0, 'the server answers other requests while it hashes (%d answers)' % answered)
    rows = r.json['accounts']
    equal(sorted(a['learner'] for a in rows), sorted(selected), 'every selected learner')
    divisions = [a['division'] for a in rows]
    equal(divisions, sorted(divisions), 'class by class')
    check(all(OTP_RE.match(a['password']) for a in rows), 'one-time passwords')
    by = {a['learner']: a for a in rows}
    equal(by[LEARNERS['marie']]['username'], 'marie.curie1511', 'a learner without an account gets a username')
    check(re.match(r'^leamartin\.|^lea\.martin0405$', by[LEARNERS['lea']]['username'] or ''),
          'an e-mail account gets a username: %r' % by[LEARNERS['lea']]['username'])
    equal(by[LEARNERS['jean1']]['username'], 'jean.dupont0107', 'a username is kept')
    equal((by[LEARNERS['marie']]['last_name'], by[LEARNERS['marie']]['first_name']), ('Curie', 'Marie'),
          'names for the slips')
    usernames = [a['username'] for a in rows]
    equal(len(set(usernames)), len(usernames), 'no two alike')
    equal(len(set(a['password'] for a in rows)), len(rows), 'a password each')
    n = db.query('SELECT COUNT(*) FROM student_accounts WHERE should_change_password = 1')
    check(int(n[0][0]) >= len(selected), 'every one must change at next sign-in')
    bj = Browser(srv)
    equal(sign_in(bj, codes['a'], 'jean.dupont0107', 'Nouveau-Pass-1').status, 401, 'the old password is gone')
    equal(sign_in(bj, codes['a'], 'jean.dupont0107', by[LEARNERS['jean1']]['password']).status, 303,
          'the bulk one works')
    b4 = Browser(srv)
    equal(sign_up(b4, codes['a'], 'Marie', 'Curie', 'marie.c@eleve.example.fr').status, 303, 'a fourth account')
    r = reconcile(b4, codes['a'], 'Marie', 'Curie', '15', '11', '2010')
    equal(r.status, 409, 'Marie has her account already')
    t = text_of(r)
    check(LEARNER_LINKED.format(' (identifiant m***.c***1511)') in t, 'with its username masked: %s' % t[-700:])
    check('marie.curie1511' not in t, 'never the username itself')

    r = c.get(path('accounts'), token=a_token)
    accounts = {a['learner']: a for a in r.json['accounts']}
    equal(accounts[LEARNERS['lea']]['methods'], ['email', 'username'], 'Léa has both methods now')


def test_sign_out(srv, codes):
    b = Browser(srv)
    equal(sign_up(b, codes['a'], 'Paul', 'Sortie', 'paul.sortie@eleve.example.fr').status, 303, 'signed up')
    token = b.cookies.get('orga_eleve')
    r = b.request('POST', '/campagnes/deconnexion', {'jeton': 'x' * 43})
    equal(r.status, 403, 'a sign-out without the form\'s token')
    page = b.get('/campagnes/' + codes['a'])
    check('Se déconnecter' in text_of(page), 'the sign-out button')
    m = re.search(r'name="jeton" value="([^"]+)"', page.body.decode())
    r = b.request('POST', '/campagnes/deconnexion', {'jeton': m.group(1)})
    equal(r.status, 303, 'signed out')
    check('orga_eleve' not in b.cookies, 'the cookie is cleared')
    b.cookies['orga_eleve'] = token
    r = b.get('/campagnes/' + codes['a'])
    check('Je m’inscris' in text_of(r), 'the old cookie no longer signs in')


def test_https_cookie(work, db_location, codes):
    """Behind an https public URL the session cookie is Secure."""
    srv = su.Server(work, db=db_location, name='https')
    srv.public_url = 'https://eleves.example.test'
    try:
        srv.start()
        b = Browser(srv)
        r = sign_up(b, codes['a'], 'Sécurité', 'Cookie', 'secure@eleve.example.fr')
        equal(r.status, 303, 'signed up behind https')
        cookie = [c for c in r.set_cookies if c.startswith('orga_eleve=')]
        check(len(cookie) == 1 and '; Secure' in cookie[0], 'the cookie is Secure: %r' % cookie)
    finally:
        srv.stop()


LEARNERS = {}
BULK = []


def main():
    work = tempfile.mkdtemp(prefix='pixorga-students-')
    srv = su.Server(work)
    started = time.monotonic()
    try:
        srv.start()
        api = su.Api(srv)
        db = srv.db()
        a_learners = [
            learner('000000001AA', 'Martin', 'Léa', '2010-05-04', '3A'),
            learner('000000002AA', 'Dupont', 'Jean', '2010-07-01', '3B'),
            learner('000000003AA', 'Dupont', 'Jean', '2010-07-01', '3A'),
            learner('000000004AA', 'Bernard', 'Hugo', '2010-09-11', '3C'),
            learner('000000005AA', 'Curie', 'Marie', '2010-11-15', '3A'),
            learner('000000006AA', 'Sans', 'Date', None, '3A'),
        ]
        for i in range(32):
            a_learners.append(learner('1%08dAA' % i, 'Élève%02d' % i, 'Prénom', '2011-01-%02d' % (i % 28 + 1),
                                      '4%s' % 'ABCD'[i % 4]))
        gone = learner('000000007AA', 'Partie', 'Zoé', '2010-02-02', '3A')
        nameless = learner('000000008AA', '---', 'Ana', '2010-02-03', '3A')
        a_learners.append(nameless)
        LEARNERS['nameless'] = nameless['uuid']
        for key, row in zip(('lea', 'jean1', 'jean2', 'hugo', 'marie', 'nodate'), a_learners):
            LEARNERS[key] = row['uuid']
        LEARNERS['left'] = gone['uuid']
        BULK.extend(row['uuid'] for row in a_learners[6:38])
        codes = {'a': 'RENTRE123', 'a2': 'AUTRES456', 'archived': 'ARCHIV789', 'deleted': 'SUPPRI321',
                 'b': 'BETABC111'}
        a_campaigns = [sync.campaign_row(codes['a'], 'Rentrée 3e', title='Parcours rentrée 3e',
                                         landing_text='Bienvenue <b>en 3e</b>\nBon courage !'),
                       sync.campaign_row(codes['a2'], 'Deuxième'),
                       sync.campaign_row(codes['archived'], 'Archivée', archived_at=sync.now_iso(),
                                         archived_by='Claude Proviseur'),
                       sync.campaign_row(codes['deleted'], 'Supprimée')]
        a_token, a_org, a_desk = seed(srv, api, '0750001A', 'Lycée Alpha', 'admin@alpha.example.fr',
                                      a_learners + [gone], a_campaigns)
        # Zoé left: a second import without her disables her.
        r = a_desk.push([sync.import_apply(a_learners, base=sync.counter(db, a_org)),
                         sync.change('campaign.delete', {'campaign': a_campaigns[3]['uuid']})])
        check(all(x.get('status') == 'applied' for x in r), 'the second import and a deletion: %r' % r)
        b_token, b_org, _ = seed(srv, api, '0750002B', 'Lycée Bêta', 'admin@beta.example.fr',
                                 [learner('200000001BB', 'Martin', 'Léo', '2010-05-04')],
                                 [sync.campaign_row(codes['b'], 'Bêta')])
        member_token, _ = api.join(a_token, a_org, 'membre@alpha.example.fr', STAFF_PASSWORD)

        test_code_entry(srv, codes)
        b, b2 = test_sign_up_and_reconcile(srv, codes, db)
        test_account_linked_elsewhere(srv, codes, db, b)
        test_sign_in_and_throttling(srv, codes, db)
        test_teacher_api(srv, api, codes, db, a_token, a_org, member_token, b_token, b_org)
        test_sign_out(srv, codes)
        logs = srv.logs()
        check(PASSWORD not in logs and 'lea.martin' not in logs, 'no password nor address in the logs')
        check(srv.alive(), 'the server is still up')
        equal(srv.stop(), 0, 'the server stops cleanly')
        test_https_cookie(work, srv.db_location, codes)
        print('# %s: %d checks in %.1f s' % (su.backend_name(), CHECKS[0], time.monotonic() - started), flush=True)
    except Exception:
        import traceback
        traceback.print_exc()
        FAILURES.append('exception')
    finally:
        srv.stop()
        if FAILURES:
            print('# server log (last 40 lines):')
            print(''.join(srv.logs().splitlines(True)[-40:]))
    if FAILURES:
        print('%d of %d checks failed; work folder kept: %s' % (len(FAILURES), CHECKS[0], work))
        return 1
    import shutil
    shutil.rmtree(work, ignore_errors=True)
    print('all %d checks passed' % CHECKS[0])
    return 0


if __name__ == '__main__':
    sys.exit(main())
