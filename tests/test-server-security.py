#!/usr/bin/env python3
"""pixorga-server's security (issue 9, item 8), over real HTTP on loopback.

One real server for the whole file, on SQLite, or on the PostgreSQL of
$PIXORGA_TEST_PG_URI when tests/orga-pg.py wraps it:

  tokens     every signed-in endpoint refuses a missing, malformed, revoked
             and expired token (401 UNAUTHENTICATED) and changes nothing;
  schools    one school's token on another school's endpoints gets the very
             404 of an organization that does not exist, names nothing;
  burst      many requests of spaces at once (valid, revoked, malformed and
             other schools' tokens, a member on an administrator's route,
             writes among reads): each gets the answer it gets alone; on
             PostgreSQL their access checks share round trips;
  throttle   sign-in brute force gets 429 + Retry-After, per account and
             per address; the real user signs in again after the block;
             sign-ups per address get 429 TOO_MANY_SIGN_UPS past 50 in
             15 minutes, other addresses and sign-ins go on;
  bodies     oversized, malformed, invalid UTF-8, wrong types, huge numbers,
             deep nesting: 4xx, and the server still answers;
  verbatim   SQL metacharacters in names, e-mails, UAI and school names are
             stored and returned as they were sent;
  secrets    no password and no token in clear in the database nor the logs;
  fuzz       10,000 random and mutated requests (fixed seed): no 5xx, no
             crash (the same process answers at the end).

Failures are collected and all printed; the exit status is 1 if any.
PIXORGA_FUZZ_SEED and PIXORGA_FUZZ_COUNT change the fuzzing.
"""
import base64
import email
import email.policy
import hashlib
import json
import os
import random
import re
import secrets
import shutil
import socket
import sys
import tempfile
import time
import urllib.parse

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import srvtest_util as su  # noqa: E402

API = su.API
UNAUTH_MESSAGE = 'Votre session a expiré. Connectez-vous à nouveau.'
NOT_FOUND_MESSAGE = 'La ressource demandée n’existe pas.'
PASSWORD = 'Secret-2026x'

FAILURES = []
PASSWORDS = set()
TOKENS = set()
EMAILS = set()
CODES = set()


def check(cond, what):
    if not cond:
        FAILURES.append(what)
        print('FAIL: ' + what, flush=True)
    return cond


def section(name):
    print('# %s (%.1f s)' % (name, time.monotonic() - T0), flush=True)


T0 = time.monotonic()


class World:
    """Two schools, A and B, with their admins, a member and a pending
    invitation each."""


def new_password():
    p = 'Pw-%sA1z' % secrets.token_hex(6)
    PASSWORDS.add(p)
    return p


def signed_in(api, email_addr, password):
    t = api.sign_in(email_addr, password)['token']
    TOKENS.add(t)
    return t


def build_world(srv, api):
    w = World()
    w.a_name = 'Lycée d\'Arsonval "Saint-Exupéry" \\ \'; DROP TABLE organizations; -- 🎓'
    w.b_name = 'Collège Zoé Ñandú 中学 `$1` %_ ?'
    w.a_uai, w.b_uai = '0330010A', '0690020B'
    w.a_school, w.b_school = 'ce.0330010a@ac-bordeaux.fr', 'ce.0690020b@ac-lyon.fr'
    w.a_admin, w.b_admin = 'proviseur.a@example.fr', 'principal.b@example.fr'
    w.a_member, w.b_member = 'prof.a@example.fr', 'prof.b@example.fr'
    w.a_pass, w.b_pass, w.a_member_pass, w.b_member_pass = (new_password() for _ in range(4))
    EMAILS.update([w.a_school, w.b_school, w.a_admin, w.b_admin, w.a_member, w.b_member])

    w.a_token, w.a_org, w.a_user = api.new_school(w.a_uai, w.a_name, w.a_school, w.a_admin, w.a_pass)
    w.b_token, w.b_org, w.b_user = api.new_school(w.b_uai, w.b_name, w.b_school, w.b_admin, w.b_pass,
                                                  first='Bérénice', last='Zébulon')
    TOKENS.update([w.a_token, w.b_token])
    w.a_member_token, w.a_member_user = api.join(w.a_token, w.a_org, w.a_member, w.a_member_pass)
    w.b_member_token, w.b_member_user = api.join(w.b_token, w.b_org, w.b_member, w.b_member_pass,
                                                 first='Barnabé', last='Bzyk')
    TOKENS.update([w.a_member_token, w.b_member_token])
    w.a_inv, w.a_inv_code = api.invite(w.a_token, w.a_org, 'pending.a@example.fr')
    w.b_inv, w.b_inv_code = api.invite(w.b_token, w.b_org, 'pending.b@example.fr')
    CODES.update([w.a_inv_code, w.b_inv_code])
    EMAILS.update(['pending.a@example.fr', 'pending.b@example.fr'])
    return w


def signed_in_endpoints(w, org, inv, user, accept_inv=None, accept_code='WRONGCODE0'):
    """Every endpoint marked signed in, with a valid body."""
    return [
        ('DELETE', 'sessions/current', None),
        ('GET', 'me', None),
        ('POST', 'me/orga-terms', None),
        ('PUT', 'me/current-organization', {'organization_id': org}),
        ('POST', 'organization-invitations/%s/accept' % (accept_inv or inv), {'code': accept_code}),
        ('GET', 'organizations/%s/team' % org, None),
        ('POST', 'organizations/%s/invitations' % org, {'emails': ['nouveau@example.fr']}),
        ('POST', 'organizations/%s/invitations/%s/resend' % (org, inv), None),
        ('DELETE', 'organizations/%s/invitations/%s' % (org, inv), None),
        ('PATCH', 'organizations/%s/members/%s' % (org, user), {'role': 'ADMIN'}),
        ('DELETE', 'organizations/%s/members/%s' % (org, user), None),
        ('POST', 'organizations/%s/leave' % org, None),
    ]


def team_state(api, token, org):
    r = api.c.get('organizations/%s/team' % org, token=token)
    if not check(r.status == 200, 'team of %s readable: %r' % (org, r)):
        return None
    j = r.json
    return (sorted((m['user_id'], m['role']) for m in j['members']),
            sorted((i['id'], i['status'], i['updated_at']) for i in j['invitations']))


def token_hash_candidates(token):
    cands = {hashlib.sha256(token.encode()).hexdigest()}
    try:
        raw = base64.urlsafe_b64decode(token + '=' * (-len(token) % 4))
        cands.add(hashlib.sha256(raw).hexdigest())
    except ValueError:
        pass
    return cands | {c.upper() for c in cands}


def test_tokens(srv, api, w):
    section('tokens: missing, malformed, revoked, expired')
    c = api.c
    db = srv.db()
    before = team_state(api, w.a_token, w.a_org)
    me_before = c.get('me', token=w.a_token).json

    # A token of A's admin, that works until we revoke it, and another
    # that works until it expires.
    revoked = signed_in(api, w.a_admin, w.a_pass)
    expired = signed_in(api, w.a_admin, w.a_pass)
    check(c.get('me', token=revoked).status == 200, 'a fresh token works')
    check(c.get('me', token=expired).status == 200, 'a fresh token works (2)')
    check(len(w.a_token) == 43 and re.fullmatch(r'[A-Za-z0-9_-]{43}', w.a_token) is not None,
          'a token is 43 base64url characters: %r' % w.a_token)

    r = c.call('DELETE', 'sessions/current', token=revoked)
    check(r.status == 204, 'DELETE /sessions/current: 204, got %r' % r)

    rows = db.query('SELECT token_hash, expires_at FROM sessions')
    hashes = {row[0] for row in rows}
    mine = token_hash_candidates(expired) & hashes
    check(len(mine) == 1, 'the sessions row of a token is found by its SHA-256 (docs/api.md)')
    for t in TOKENS | {revoked, expired}:
        check(t not in hashes, 'a token is not kept as it is in sessions.token_hash')
    if mine:
        n = db.execute('UPDATE sessions SET expires_at = ? WHERE token_hash = ?',
                       ('2020-01-01T00:00:00.000Z', mine.pop()))
        check(n == 1, 'expired one session')

    stolen_hash = next(iter(token_hash_candidates(w.a_token) & hashes), 'x' * 64)
    valid = w.a_token
    kinds = [
        ('missing', None),
        ('empty', ''),
        ('scheme only', 'Bearer'),
        ('scheme and space', 'Bearer '),
        ('basic', 'Basic ' + base64.b64encode(('%s:%s' % (w.a_admin, w.a_pass)).encode()).decode()),
        ('no scheme', valid),
        ('one character more', 'Bearer ' + valid + 'A'),
        ('one character less', 'Bearer ' + valid[:-1]),
        ('last character changed', 'Bearer ' + valid[:-1] + ('B' if valid[-1] != 'B' else 'C')),
        ('twice', 'Bearer ' + valid + ' ' + valid),
        ('random', 'Bearer ' + base64.urlsafe_b64encode(os.urandom(32)).decode().rstrip('=')),
        ('the stored hash', 'Bearer ' + stolen_hash),
        ('SQL', "Bearer ' OR '1'='1"),
        ('SQL 2', "Bearer x' OR token_hash LIKE '%"),
        ('wildcard', 'Bearer %'),
        ('long', 'Bearer ' + 'A' * 6000),
        ('unicode', 'Bearer é🎓'.encode('utf-8').decode('latin-1')),
        ('revoked', 'Bearer ' + revoked),
        ('expired', 'Bearer ' + expired),
    ]
    for kind, header in kinds:
        for method, path, body in signed_in_endpoints(w, w.a_org, w.a_inv, w.a_member_user['id'],
                                                      accept_inv=w.b_inv, accept_code=w.b_inv_code):
            headers = {} if header is None else {'Authorization': header}
            r = c.call(method, path, body=body, headers=headers)
            ok = r.status == 401 and r.code == 'UNAUTHENTICATED' and \
                r.json['error'].get('message') == UNAUTH_MESSAGE
            check(ok, '%s token on %s %s: 401 UNAUTHENTICATED, got %r' % (kind, method, path, r))

    # Nothing moved: the admin's own token still works, the team is the
    # same, B's invitation is still pending, the admin is not signed out.
    check(c.get('me', token=w.a_token).json == me_before, 'GET /me unchanged')
    check(team_state(api, w.a_token, w.a_org) == before, "A's team unchanged by refused requests")
    r = c.get('organization-invitations/%s?code=%s' % (w.b_inv, w.b_inv_code))
    check(r.status == 200 and r.json['invitation']['status'] == 'pending',
          "B's invitation still pending: %r" % r)
    # A revoked or expired token stays refused (signing out twice, too).
    check(c.call('DELETE', 'sessions/current', token=revoked).status == 401, 'sign out twice: 401')
    check(c.get('me', token=expired).status == 401, 'expired token: still 401')


def test_burst(srv, api, w):
    section('burst: concurrent requests of spaces, each answered as alone')
    import threading
    revoked = signed_in(api, w.a_admin, w.a_pass)
    check(api.c.call('DELETE', 'sessions/current', token=revoked).status == 204, 'revoked a token')
    a_team = team_state(api, w.a_token, w.a_org)
    b_team = team_state(api, w.b_token, w.b_org)
    team_a = 'organizations/%s/team' % w.a_org
    team_b = 'organizations/%s/team' % w.b_org
    # (what, method, path, body, token, status, error code)
    kinds = [
        ('A admin reads A', 'GET', team_a, None, w.a_token, 200, None),
        ('A member reads A', 'GET', team_a, None, w.a_member_token, 200, None),
        ('B admin reads B', 'GET', team_b, None, w.b_token, 200, None),
        ('B admin on A', 'GET', team_a, None, w.b_token, 404, 'NOT_FOUND'),
        ('revoked token', 'GET', team_a, None, revoked, 401, 'UNAUTHENTICATED'),
        ('malformed token', 'GET', team_a, None, 'x' * 43, 401, 'UNAUTHENTICATED'),
        ('short token', 'GET', team_a, None, 'abc', 401, 'UNAUTHENTICATED'),
        ('A member invites', 'POST', 'organizations/%s/invitations' % w.a_org,
         {'emails': ['rafale@example.fr']}, w.a_member_token, 403, 'FORBIDDEN'),
        ('A admin, bad body', 'POST', 'organizations/%s/invitations' % w.a_org,
         {'emails': 'pas une adresse'}, w.a_token, 400, None),
        ('A admin invites', 'POST', 'organizations/%s/invitations' % w.a_org,
         {'emails': ['rafale@example.fr']}, w.a_token, 201, None),
        ('unknown space', 'GET', 'organizations/%s/team' % ('f' * 36), None, w.a_token, 404, 'NOT_FOUND'),
    ]
    rounds, per_kind = 3, 4
    for round_ in range(rounds):
        jobs = [k for k in kinds for _ in range(per_kind)]
        random.Random(round_).shuffle(jobs)
        results = [None] * len(jobs)
        barrier = threading.Barrier(len(jobs))
        clients = [su.Client(srv.host, srv.port) for _ in jobs]
        for cl in clients:   # connected before the barrier: the requests leave together
            cl.get('health')

        def run(i):
            what, method, path, body, token, _, _ = jobs[i]
            barrier.wait()
            results[i] = clients[i].call(method, path, body=body, token=token)

        threads = [threading.Thread(target=run, args=(i,)) for i in range(len(jobs))]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        for cl in clients:
            cl.close()
        for (what, method, path, body, token, status, code), r in zip(jobs, results):
            if what.endswith('invites') and status == 201 and r is not None and r.status == 200:
                continue   # the same address again in the burst: resent, as alone
            ok = r is not None and r.status == status and (code is None or r.code == code)
            if ok and status == 200 and path == team_a:
                ok = (sorted((m['user_id'], m['role']) for m in r.json['members']) == a_team[0])
                if ok and token == w.a_member_token:
                    ok = r.json['invitations'] == []
            if ok and status == 200 and path == team_b:
                ok = sorted((m['user_id'], m['role']) for m in r.json['members']) == b_team[0]
            check(ok, 'burst %d, %s: %s %s -> %d %s, got %r' % (round_, what, method, path, status,
                                                              code or '', r))
    r = api.c.get(team_a, token=w.a_token)
    check(r.status == 200 and 'rafale@example.fr' in [i['email'] for i in r.json['invitations']],
          'the invitation written in the burst is there: %r' % r)
    if su.backend_name() == 'postgresql':
        shared = [int(n) for n in re.findall(r'access checks: (\d+) requests in one round trip', srv.logs())]
        check(shared and max(shared) > 1,
              'on PostgreSQL, access checks of concurrent requests share round trips: %r' % shared[:10])


def test_other_school(srv, api, w):
    section("schools: A's tokens on B's organization")
    c = api.c
    before_b = team_state(api, w.b_token, w.b_org)
    missing_org = 'f' * 8 + '-0000-4000-8000-' + '0' * 12
    secrets_of_b = [w.b_name, w.b_uai, w.b_uai.lower(), w.b_school, w.b_admin, w.b_member,
                    'pending.b@example.fr', 'Zébulon', 'Bzyk', w.b_name.split()[0]]

    for token_name, token in (('admin', w.a_token), ('member', w.a_member_token)):
        # B's org with B's own ids, and A's org with B's ids inside it.
        for target in ('b', 'a-with-b-ids'):
            org = w.b_org if target == 'b' else w.a_org
            eps = signed_in_endpoints(w, org, w.b_inv, w.b_member_user['id'])
            for method, path, body in eps:
                if not path.startswith('organizations/'):
                    continue
                if target == 'a-with-b-ids' and path.count('/') < 3:
                    continue   # team, invitations, leave of A: A's own business
                r = c.call(method, path, body=body, token=token)
                if target == 'a-with-b-ids' and token_name == 'member':
                    # A member of A may not manage A's invitations and
                    # members at all: refused before any id is looked up.
                    check(r.status == 403 and r.code == 'FORBIDDEN',
                          "A's member on %s %s (%s): 403 FORBIDDEN, got %r" % (method, path, target, r))
                else:
                    check(r.status == 404 and r.code == 'NOT_FOUND',
                          "A's %s on %s %s (%s): 404 NOT_FOUND, got %r" % (token_name, method, path, target, r))
                # The same answer as for an organization that does not exist.
                if target == 'b':
                    r2 = c.call(method, path.replace(w.b_org, missing_org), body=body, token=token)
                    check(r2.status == r.status and r2.json == r.json,
                          '%s %s: same answer as a missing organization (%r vs %r)' % (method, path, r, r2))
                text = r.body.decode('utf-8', 'replace')
                for s in secrets_of_b:
                    check(s not in text, '%s %s names nothing of B (%r found)' % (method, path, s))

    r = c.call('PUT', 'me/current-organization', body={'organization_id': w.b_org}, token=w.a_token)
    check(r.status == 404 and r.code == 'NOT_FOUND', 'PUT /me/current-organization with B: 404, got %r' % r)
    r = c.get('me', token=w.a_token)
    check(r.status == 200 and r.json.get('current_organization_id') != w.b_org
          and w.b_org not in r.body.decode() and w.b_name not in r.body.decode(),
          'GET /me of A mentions nothing of B: %r' % r)
    # B's invitation with a wrong code: as missing as a missing one.
    r = c.post('organization-invitations/%s/accept' % w.b_inv, {'code': 'AAAAAAAAAA'}, token=w.a_token)
    r2 = c.post('organization-invitations/%s/accept' % missing_org, {'code': 'AAAAAAAAAA'}, token=w.a_token)
    check(r.status == 404 and r.code == 'INVITATION_NOT_FOUND' and r.json == r2.json,
          'accept with a wrong code: 404 INVITATION_NOT_FOUND like a missing one, got %r / %r' % (r, r2))
    r = c.get('organization-invitations/%s?code=AAAAAAAAAA' % w.b_inv)
    check(r.status == 404 and w.b_name not in r.body.decode(), 'GET invitation wrong code: 404, got %r' % r)
    r = c.get('organization-invitations/%s' % w.b_inv)
    check(r.status == 404 and w.b_name not in r.body.decode(), 'GET invitation without code: 404, got %r' % r)
    check(team_state(api, w.b_token, w.b_org) == before_b, "B's team unchanged by A's requests")


def client_from(srv, address):
    return srv.client(source_address=address)


def sign_in_raw(c, email_addr, password, headers=None):
    return c.post('sessions', {'email': email_addr, 'password': password}, headers=headers)


def wait_block(srv, r, keys_like):
    """Waits out a 429's Retry-After when it is short; else moves the block
    into the past in the database (time passing, faster) and says so."""
    retry = int(r.header('Retry-After') or 0)
    if retry <= 12:
        time.sleep(retry + 0.2)
    else:
        print('  Retry-After %d s: blocked_until moved into the past instead of waiting' % retry)
        srv.db().execute("UPDATE sign_in_failures SET blocked_until = '2020-01-01T00:00:00.000Z' "
                         "WHERE key LIKE ?", (keys_like,))


def check_429(r, what):
    ok = r.status == 429 and r.code == 'TOO_MANY_ATTEMPTS'
    check(ok, '%s: 429 TOO_MANY_ATTEMPTS, got %r' % (what, r))
    if not ok:
        return False
    retry = r.header('Retry-After')
    check(retry is not None and retry.isdigit() and 0 < int(retry) <= 3600,
          '%s: Retry-After in seconds, got %r' % (what, retry))
    msg = r.json['error']['message']
    check(msg == 'Trop de tentatives de connexion. Réessayez dans %s secondes.' % retry,
          '%s: the message gives the delay of Retry-After: %r' % (what, msg))
    return True


def test_throttle(srv, api, w):
    section('throttle: per account and per address')
    # Per account: a victim attacked from many addresses (127.0.0.0/8 is
    # all loopback), so only the per-account count can stop it.
    victim = 'victime@example.fr'
    vpass = new_password()
    EMAILS.add(victim)
    api.sign_up(victim, vpass, 'Victor', 'Hugo')
    blocked = None
    for i in range(60):
        c = client_from(srv, '127.0.1.%d' % (i + 1))
        r = sign_in_raw(c, victim, 'Wrong-%dPass' % i)
        c.close()
        if r.status == 429:
            blocked = r
            break
        check(r.status == 401 and r.code == 'INVALID_CREDENTIALS',
              'wrong password #%d: 401 INVALID_CREDENTIALS, got %r' % (i, r))
    if check(blocked is not None, 'per account: 429 within 60 wrong passwords from 60 addresses'):
        check_429(blocked, 'per account after %d failures' % i)
        print('  per account: blocked after %d failures, Retry-After %s' % (i, blocked.header('Retry-After')))
        # Blocked means blocked: the right password too, from a new address.
        c = client_from(srv, '127.0.2.1')
        check(sign_in_raw(c, victim, vpass).status == 429, 'the right password during the block: 429')
        c.close()
        # An untouched account from the same addresses is not blocked.
        c = client_from(srv, '127.0.1.3')
        check(sign_in_raw(c, w.b_admin, w.b_pass).status == 201, 'another account signs in meanwhile')
        c.close()
        wait_block(srv, blocked, 'user:%')
        c = client_from(srv, '127.0.2.2')
        r = sign_in_raw(c, victim, vpass)
        check(r.status == 201, 'the real user signs in after the block, got %r' % r)
        if r.status == 201:
            TOKENS.add(r.json['token'])
        c.close()

    # Per address: one address trying many accounts (each one a few times
    # at most), with a made-up X-Forwarded-For that must not be believed
    # (no trusted proxy is configured).
    attacker = '127.0.3.1'
    blocked = None
    for i in range(120):
        c = client_from(srv, attacker)
        r = sign_in_raw(c, 'inconnu%d@example.fr' % i, 'Wrong-1Pass',
                        headers={'X-Forwarded-For': '10.%d.%d.%d' % (i, i, i), 'X-Real-IP': '10.9.9.%d' % i})
        c.close()
        if r.status == 429:
            blocked = r
            break
        check(r.status == 401 and r.code == 'INVALID_CREDENTIALS',
              'unknown account #%d: 401 INVALID_CREDENTIALS, got %r' % (i, r))
    if check(blocked is not None, 'per address: 429 within 120 accounts from one address'):
        check_429(blocked, 'per address after %d failures' % i)
        print('  per address: blocked after %d failures, Retry-After %s' % (i, blocked.header('Retry-After')))
        c = client_from(srv, attacker)
        check(sign_in_raw(c, w.b_admin, w.b_pass).status == 429,
              'a real account from the blocked address: 429 during the block')
        c.close()
        c = client_from(srv, '127.0.3.2')
        r = sign_in_raw(c, w.b_admin, w.b_pass)
        check(r.status == 201, 'the same account from another address: 201, got %r' % r)
        if r.status == 201:
            TOKENS.add(r.json['token'])
        c.close()
        wait_block(srv, blocked, 'addr:%')
        c = client_from(srv, attacker)
        r = sign_in_raw(c, w.b_admin, w.b_pass)
        check(r.status == 201, 'the blocked address signs in after the block, got %r' % r)
        if r.status == 201:
            TOKENS.add(r.json['token'])
        c.close()


def sign_up_raw(c, email_addr, password, first='Élise', last='Reclus'):
    return c.post('users', {'first_name': first, 'last_name': last, 'email': email_addr,
                            'password': password, 'accept_terms': True})


def test_sign_up_throttle(srv, api, w):
    section('throttle: sign-ups per address')
    room = '127.0.5.1'
    key = 'signup-addr:' + room
    db = srv.db()
    # A few real sign-ups from one address are counted in the database
    # (where every process of a cluster sees them); a wrong form is not.
    c = client_from(srv, room)
    for i in range(3):
        addr = 'salle%d@example.fr' % i
        EMAILS.add(addr)
        r = sign_up_raw(c, addr, new_password())
        check(r.status == 201, 'sign-up #%d from the room: 201, got %r' % (i, r))
    r = sign_up_raw(c, 'salle-x@example.fr', 'court')
    check(r.status == 422 and r.code == 'INVALID_PASSWORD', 'a wrong form: 422 INVALID_PASSWORD, got %r' % r)
    c.close()
    rows = db.query('SELECT failures FROM sign_in_failures WHERE key = ?', (key,))
    check(rows and int(rows[0][0]) == 3, 'three sign-ups counted for the address, got %r' % rows)

    # A school's room is below the threshold: 49 so far, as if 46 more
    # colleagues had signed up (each costs an argon2id hash: time passes
    # in the database instead).
    db.execute('UPDATE sign_in_failures SET failures = 48 WHERE key = ?', (key,))
    c = client_from(srv, room)
    EMAILS.add('salle49@example.fr')
    r = sign_up_raw(c, 'salle49@example.fr', new_password())
    check(r.status == 201, 'the 49th sign-up from the address: 201, got %r' % r)
    EMAILS.add('salle50@example.fr')
    r = sign_up_raw(c, 'salle50@example.fr', new_password())
    check(r.status == 201, 'the 50th sign-up from the address goes through, got %r' % r)
    EMAILS.add('salle51@example.fr')
    blocked = sign_up_raw(c, 'salle51@example.fr', new_password())
    c.close()
    ok = blocked.status == 429 and blocked.code == 'TOO_MANY_SIGN_UPS'
    check(ok, 'the 51st sign-up from the address: 429 TOO_MANY_SIGN_UPS, got %r' % blocked)
    if not ok:
        return
    retry = blocked.header('Retry-After')
    check(retry is not None and retry.isdigit() and 0 < int(retry) <= 900,
          'sign-ups: Retry-After in seconds, got %r' % retry)
    msg = blocked.json['error']['message']
    check(msg == 'Trop de comptes créés depuis cette adresse. Réessayez dans %s secondes.' % retry,
          'sign-ups: the French message gives the delay of Retry-After: %r' % msg)
    check(not db.query('SELECT id FROM users WHERE email = ?', ('salle51@example.fr',)),
          'the refused sign-up made no account')
    # The rest of the block must outlast the argon2id hashes below on a
    # loaded machine: moved into the future, then into the past.
    db.execute("UPDATE sign_in_failures SET blocked_until = '2099-01-01T00:00:00.000Z' WHERE key = ?", (key,))
    # Only sign-ups from that address are held back.
    c = client_from(srv, '127.0.5.2')
    EMAILS.add('voisin@example.fr')
    r = sign_up_raw(c, 'voisin@example.fr', new_password())
    check(r.status == 201, 'a sign-up from another address: 201, got %r' % r)
    c.close()
    # The sign-up form of /rejoindre counts on the same address.
    c = client_from(srv, room)
    r = c.raw('GET', '/rejoindre?invitationId=%s&code=%s' % (w.a_inv, w.a_inv_code))
    field = re.search(r'name="jeton" value="([A-Za-z0-9_-]{43})"', r.body.decode())
    if check(r.status == 200 and field, 'the invitation form from the blocked address: %r' % r):
        EMAILS.add('salle-web@example.fr')
        fields = {'invitationId': w.a_inv, 'code': w.a_inv_code, 'mode': 'inscription',
                  'jeton': field.group(1), 'prenom': 'Web', 'nom': 'Salle', 'email': 'salle-web@example.fr',
                  'mot-de-passe': 'Salle-Web-2026', 'cgu-pix': '1', 'cgu-orga': '1'}
        r = c.raw('POST', '/rejoindre', urllib.parse.urlencode(fields).encode(),
                  {'Content-Type': 'application/x-www-form-urlencoded',
                   'Cookie': 'orga_csrf=' + field.group(1)})
        check(r.status == 429 and 'Trop de comptes créés depuis cette adresse.' in r.body.decode()
              and (r.header('Retry-After') or '').isdigit(),
              'the sign-up form from the blocked address: 429, the French message, Retry-After: %r' % r)
        check(not db.query('SELECT id FROM users WHERE email = ?', ('salle-web@example.fr',)),
              'the refused form made no account')
    c.close()
    c = client_from(srv, room)
    r = sign_in_raw(c, w.b_admin, w.b_pass)
    check(r.status == 201, 'a sign-in from the blocked address: 201, got %r' % r)
    if r.status == 201:
        TOKENS.add(r.json['token'])
    c.close()
    db.execute("UPDATE sign_in_failures SET blocked_until = '2020-01-01T00:00:00.000Z' WHERE key = ?", (key,))
    c = client_from(srv, room)
    r = sign_up_raw(c, 'salle51@example.fr', new_password())
    check(r.status == 201, 'the address signs up again after the block, got %r' % r)
    c.close()


def alive(srv, c, what):
    r = c.get('health')
    return check(srv.alive() and r.status == 200 and r.json == {'status': 'ok'},
                 'server answers /health after %s: %r' % (what, r))


def raw_exchange(srv, data, timeout=3):
    """Sends raw bytes on a new connection; returns the status line's code
    (None if the server closed without answering)."""
    s = socket.create_connection((srv.host, srv.port), timeout=timeout)
    try:
        try:
            s.sendall(data)
            # The end of the input: a server waiting for more closes.
            s.shutdown(socket.SHUT_WR)
        except (BrokenPipeError, ConnectionResetError):
            pass
        buf = b''
        try:
            while b'\r\n' not in buf:
                chunk = s.recv(4096)
                if not chunk:
                    break
                buf += chunk
        except (ConnectionResetError, socket.timeout):
            pass
    finally:
        s.close()
    m = re.match(rb'HTTP/1\.[01] (\d{3})', buf)
    return int(m.group(1)) if m else None


def body_endpoints(w):
    """(method, path, token, a valid body) of every endpoint that takes one."""
    return [
        ('POST', 'users', None, {'first_name': 'Jean', 'last_name': 'Body', 'email': 'body@example.fr',
                                 'password': 'Secret123x', 'accept_terms': True}),
        ('POST', 'sessions', None, {'email': w.a_admin, 'password': 'not-the-password'}),
        ('POST', 'password-resets', None, {'email': 'personne@example.fr'}),
        ('POST', 'password-resets/confirm', None, {'token': 'x' * 43, 'password': 'Secret123x'}),
        ('POST', 'organization-invitations/sco', None, {'uai': '0000000Z', 'first_name': 'A', 'last_name': 'B'}),
        ('POST', 'organization-invitations/%s/accept' % w.b_inv, w.a_member_token, {'code': 'AAAAAAAAAA'}),
        ('PUT', 'me/current-organization', w.a_token, {'organization_id': w.a_org}),
        ('POST', 'organizations/%s/invitations' % w.a_org, w.a_token, {'emails': ['body.inv@example.fr']}),
        ('PATCH', 'organizations/%s/members/%s' % (w.a_org, w.a_member_user['id']), w.a_token,
         {'role': 'MEMBER'}),
    ]


def test_bodies(srv, api, w):
    section('bodies: oversized, malformed, invalid UTF-8, wrong types, huge numbers, deep nesting')
    # From an address of its own: the sign-ins refused here must not
    # throttle the test's own address.
    c = client_from(srv, '127.0.5.1')
    limit = 64 * 1024

    def expect_4xx(method, path, token, body, what, status=None, code=None, ctype='application/json'):
        headers = {'Content-Type': ctype}
        r = c.call(method, path, body=body, token=token, headers=headers)
        ok = 400 <= r.status < 500 and (status is None or r.status == status) and \
            (code is None or r.code == code) and r.code is not None
        check(ok, '%s on %s %s: %s %s, got %r' % (what, method, path, status or '4xx', code or '', r))
        return r

    eps = body_endpoints(w)
    for method, path, token, valid in eps:
        # Oversized: one byte over 64 KiB, and 1 MiB, of otherwise valid JSON.
        for size in (limit + 1, 1024 * 1024):
            big = dict(valid)
            key = next(iter(valid))
            big[key] = 'x'
            pad = size - len(json.dumps(big).encode())
            big[key] = 'x' * (pad + 1)
            data = json.dumps(big).encode()
            assert len(data) > limit
            expect_4xx(method, path, token, data, 'oversized %d' % len(data), 413, 'PAYLOAD_TOO_LARGE')

        malformed = [b'', b'{', b'}', b'[]', b'null', b'"x"', b'1', b'true', b'{"email":}',
                     b'{"a":1,}', b'{"a":1} trailing', b'{"a":NaN}',
                     b'{"a":Infinity}', b'{"a" 1}', b'{"a":"unterminated}',
                     b'\x00{}', b'{}\x00', b'<xml/>', b'a=b&c=d']
        for data in malformed:
            expect_4xx(method, path, token, data, 'malformed %r' % data[:20], 400, 'MALFORMED_REQUEST')
        # Not JSON either, but json-glib's parser takes them (single quotes,
        # \x escapes, a second value after the first): refused all the
        # same, by the checks of the members.
        for data in [b"{'email':'x'}", b'{"a":"\\x41"}', b'{"a":"b"}{"c":"d"}']:
            expect_4xx(method, path, token, data, 'lenient %r' % data[:20])

        text = json.dumps(valid)
        invalid_utf8 = [b'\xff', b'\xc0\xaf', b'\xed\xa0\x80', b'\xe2\x82', b'\xf8\x88\x80\x80\x80',
                        b'\x80', b'\xf4\x90\x80\x80']
        for bad in invalid_utf8:
            for key in valid:
                if isinstance(valid[key], str):
                    data = text.encode().replace(('"%s": "' % key).encode(), ('"%s": "' % key).encode() + bad, 1)
                    expect_4xx(method, path, token, data, 'invalid UTF-8 %r in %s' % (bad, key),
                               400, 'MALFORMED_REQUEST')
                    break
            # In a key too, and in a latin-1 body.
            expect_4xx(method, path, token, b'{"' + bad + b'": 1}', 'invalid UTF-8 in a key', 400)
        expect_4xx(method, path, token, '{"x": "caf\xe9"}'.encode('latin-1'), 'latin-1 body', 400)

        # Wrong types and huge numbers, member by member.
        swaps = [123, -1, 1.5, True, False, [], {}, ['a'], {'a': 'b'}]
        huge = ['1e999999', '-1e999999', '123456789012345678901234567890123456789',
                '1E400', '-0', '0.' + '0' * 5000 + '1']
        for key, value in valid.items():
            for s in swaps:
                if type(s) is type(value) or (key == 'accept_terms' and s is True):
                    continue
                if key == 'emails' and isinstance(s, list) and s == ['a']:
                    continue   # a list of one (bad) address: INVALID_EMAIL, a 4xx as well
                body = dict(valid)
                body[key] = s
                expect_4xx(method, path, token, json.dumps(body).encode(),
                           'wrong type %s=%r' % (key, s))
            body = dict(valid)
            body[key] = None
            if key != 'role':
                expect_4xx(method, path, token, json.dumps(body).encode(), 'null %s' % key)
            for h in huge:
                data = text.replace(json.dumps(value), h, 1).encode()
                if data != text.encode():
                    expect_4xx(method, path, token, data, 'huge number %s=%s' % (key, h[:20]))
        # A lone surrogate escape is valid JSON syntax but no text.
        for key, value in valid.items():
            if isinstance(value, str):
                body = dict(valid)
                body[key] = '\ud800x'
                r = c.call(method, path, body=json.dumps(body).encode(), token=token)
                check(r.status < 500 and r.status != 201 and r.json is not None,
                      'lone surrogate in %s on %s: refused, got %r' % (key, path, r))
        # Deep nesting, as the whole body and as a member.
        for depth in (1000, 20000, 30000):
            expect_4xx(method, path, token, b'[' * depth + b']' * depth, 'nesting %d' % depth)
            data = ('{"a":' * (depth // 5) + '1' + '}' * (depth // 5)).encode()
            expect_4xx(method, path, token, data, 'object nesting %d' % (depth // 5))
            key = next(iter(valid))
            body = dict(valid)
            body[key] = '@'
            data = json.dumps(body).replace('"@"', '[' * (depth // 2) + ']' * (depth // 2)).encode()
            expect_4xx(method, path, token, data, 'nested member %d' % (depth // 2))
    alive(srv, c, 'bad bodies')

    # Bodies the client lies about or streams: chunked beyond the limit, a
    # Content-Length of a terabyte, a body where none is expected.
    for method, path, token, valid in eps[:3]:
        head = ('%s %s/%s HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n'
                % (method, API, path)).encode()
        chunk = b'x' * 8192
        data = head + b'Transfer-Encoding: chunked\r\n\r\n' + \
            (b'%x\r\n' % len(chunk) + chunk + b'\r\n') * 10 + b'0\r\n\r\n'
        st = raw_exchange(srv, data)
        check(st == 413, 'chunked 80 KiB on %s: 413, got %r' % (path, st))
        st = raw_exchange(srv, head + b'Content-Length: 1000000000000\r\n\r\n{"email":"', timeout=10)
        check(st == 413, 'Content-Length of a terabyte on %s: 413 at once, got %r' % (path, st))
        st = raw_exchange(srv, head + b'Content-Length: -5\r\n\r\n{}')
        check(st is None or 400 <= st < 500, 'negative Content-Length: 4xx or closed, got %r' % st)
    r = c.call('GET', 'me', body=b'{"x":' * 1000, token=w.a_token)
    check(r.status < 500, 'GET with a body: no 5xx, got %r' % r)
    alive(srv, c, 'chunked and lying bodies')


def test_pages(srv, api, w):
    section('pages: /rejoindre and /mot-de-passe escape, refuse cross-site forms and bad bodies')
    c = client_from(srv, '127.0.8.1')
    link = '/rejoindre?invitationId=%s&code=%s' % (w.a_inv, w.a_inv_code)
    r = c.raw('GET', link)
    check(r.status == 200, 'the form of a pending invitation: %r' % r)
    for name, value in (('Content-Security-Policy', "default-src 'none'"), ('X-Frame-Options', 'DENY'),
                        ('Referrer-Policy', 'same-origin'), ('X-Content-Type-Options', 'nosniff'),
                        ('Cache-Control', 'no-store')):
        check(value in (r.header(name) or ''), '%s on the page: %r' % (name, r.header(name)))
    body = r.body.decode()
    check(w.a_name not in body and '&quot;Saint-Exupéry&quot;' in body,
          "the school's name is escaped in the page")
    cookie = re.search(r'orga_csrf=([A-Za-z0-9_-]{43})', r.header('Set-Cookie') or '')
    field = re.search(r'name="jeton" value="([A-Za-z0-9_-]{43})"', body)
    if not check(cookie and field and cookie.group(1) == field.group(1), 'the form repeats its cookie'):
        return
    token = field.group(1)
    xss = '"><script>alert(1)</script><b x=\''

    def post(fields, headers):
        h = {'Content-Type': 'application/x-www-form-urlencoded'}
        h.update(headers)
        return c.raw('POST', '/rejoindre', urllib.parse.urlencode(fields).encode(), h)
    fields = {'invitationId': w.a_inv, 'code': w.a_inv_code, 'mode': 'inscription', 'jeton': token,
              'prenom': xss, 'nom': xss, 'email': 'pas-une-adresse', 'mot-de-passe': 'x'}
    r = post(fields, {'Cookie': 'orga_csrf=' + token})
    body = r.body.decode()
    check(r.status == 422 and '<script>' not in body and '&lt;script&gt;' in body,
          'a refused form sends the values back escaped: %r' % r)
    check('role="alert"' in body, 'the errors are announced (role=alert)')
    fields.update({'prenom': 'Eve', 'nom': 'Attaque', 'email': 'eve.csrf@example.fr',
                   'mot-de-passe': 'Attaque-2026', 'cgu-pix': '1', 'cgu-orga': '1'})
    EMAILS.add('eve.csrf@example.fr')
    for what, headers in (('no cookie', {}),
                          ('another cookie', {'Cookie': 'orga_csrf=' + 'B' * 43}),
                          ('another site', {'Cookie': 'orga_csrf=' + token, 'Origin': 'https://evil.example'}),
                          ('Origin null', {'Cookie': 'orga_csrf=' + token, 'Origin': 'null'})):
        r = post(fields, headers)
        check(r.status == 403, 'cross-site form (%s): 403, got %r' % (what, r))
    r = c.post('sessions', {'email': 'eve.csrf@example.fr', 'password': 'Attaque-2026'})
    check(r.status == 401, 'no account made by the refused forms: %r' % r)
    inv = c.get('organization-invitations/%s?code=%s' % (w.a_inv, w.a_inv_code))
    check(inv.status == 200 and inv.json['invitation']['status'] == 'pending', 'the invitation still pending')

    for what, data, ctype, status in (
            ('invalid UTF-8', b'invitationId=%ff%fe&code=%c0%af&prenom=%ed%a0%80', 'application/x-www-form-urlencoded', 400),
            ('JSON', b'{"invitationId": "x"}', 'application/json', 400),
            ('oversized', b'prenom=' + b'x' * 70000, 'application/x-www-form-urlencoded', 413),
            ('NUL', b'invitationId=a%00b&code=c', 'application/x-www-form-urlencoded', None),
            ('raw NUL', b'invitationId=a\x00b&code=c', 'application/x-www-form-urlencoded', 400),
            ('empty', b'', 'application/x-www-form-urlencoded', None),
            ('no type', b'invitationId=x', '', 400),
            ('garbage', bytes(range(256)), 'application/x-www-form-urlencoded', None)):
        for path in ('/rejoindre', '/mot-de-passe'):
            r = c.raw('POST', path, data, {'Content-Type': ctype, 'Cookie': 'orga_csrf=' + token})
            check(400 <= r.status < 500 and (status is None or r.status == status),
                  '%s form on %s: %s, got %r' % (what, path, status or '4xx', r))
    for path in ('/rejoindre?invitationId=%3Cscript%3E&code=%22%3E%3Cscript%3E',
                 '/mot-de-passe?token=%3Cscript%3Ealert(1)%3C/script%3E', '/mot-de-passe?token=%ff',
                 '/rejoindre?invitationId=' + w.a_inv + '&code=%ff', '/rejoindre/../api/v1/me',
                 '/rejoindre?mode=connexion', '/mot-de-passe/x', '/rejoindrex'):
        r = c.raw('GET', path)
        check(400 <= r.status < 500 and b'<script>' not in r.body, 'GET %s: 4xx, nothing reflected: %r' % (path, r))
    # Signed up through the form, quotes and all: stored as typed.
    inv_id, inv_code = api.invite(w.a_token, w.a_org, 'web.sql@example.fr')
    CODES.add(inv_code)
    EMAILS.add('web.sql@example.fr')
    r = c.raw('GET', '/rejoindre?invitationId=%s&code=%s' % (inv_id, inv_code))
    first, last = "'; DROP TABLE users; --", 'Robert"); DROP TABLE organizations;-- \\ 🎓'
    password = "Web1'; DROP TABLE sessions; --"
    PASSWORDS.add(password)
    r = post({'invitationId': inv_id, 'code': inv_code, 'mode': 'inscription', 'jeton': token,
              'prenom': first, 'nom': last, 'email': 'web.sql@example.fr', 'mot-de-passe': password,
              'cgu-pix': '1', 'cgu-orga': '1'}, {'Cookie': 'orga_csrf=' + token})
    check(r.status == 200 and 'Vous êtes maintenant membre' in r.body.decode(), 'signed up through the form: %r' % r)
    r = c.post('sessions', {'email': 'web.sql@example.fr', 'password': password})
    if check(r.status == 201, 'signs in with the password typed in the form: %r' % r):
        TOKENS.add(r.json['token'])
        u = r.json['user']
        check((u['first_name'], u['last_name']) == (first, last), 'the names typed in the form, verbatim: %r' % u)
        check(r.json['user']['pix_orga_terms_accepted'] is True and
              [m['role'] for m in r.json['memberships']] == ['MEMBER'], 'a member, terms accepted: %r' % r.json)

    r = c.raw('PUT', '/rejoindre', b'x', {'Content-Type': 'text/plain'})
    check(r.status == 405 and 'POST' in (r.header('Allow') or ''), 'PUT /rejoindre: 405 with Allow: %r' % r)
    alive(srv, c, 'the pages')


NASTY = [
    "O'Brien",
    "'; DROP TABLE users; --",
    'Robert"); DROP TABLE organizations;--',
    'back\\slash \\\' \\\\ \\0 \\n',
    "%_*?[] LIKE '%'",
    '-- /* comment */ #',
    '$1 $$ :name ? @p',
    'Zoë Ñúñez-Çà 中文 한국어 ⁂',
    '🎓👩‍🏫🇫🇷 emoji',
    '1 OR 1=1; SELECT * FROM sessions',
    '<script>alert(1)</script> & &amp;',
]


def test_verbatim(srv, api, w):
    section('verbatim: SQL metacharacters in every text field')
    c = api.c
    # Names and e-mails of accounts, through sign-up, /me and the team.
    joined = []
    # Two values a user (each account costs two argon2id hashes).
    pairs = [(NASTY[i], NASTY[(i + 1) % len(NASTY)]) for i in range(0, len(NASTY), 2)]
    for i, (first, last) in enumerate(pairs):
        email_addr = "o'hara.%d@example.fr" % i
        EMAILS.add(email_addr)
        password = new_password()
        t, user = api.join(w.a_token, w.a_org, email_addr, password, first=first, last=last)
        TOKENS.add(t)
        check(user['first_name'] == first and user['last_name'] == last and user['email'] == email_addr,
              'POST /users returns the names verbatim: %r' % user)
        r = c.get('me', token=t)
        u = r.json['user'] if r.status == 200 else {}
        check(u.get('first_name') == first and u.get('last_name') == last and u.get('email') == email_addr,
              'GET /me returns %r verbatim: %r' % (first, r))
        joined.append((user['id'], first, last, email_addr))
    r = c.get('organizations/%s/team' % w.a_org, token=w.a_token)
    members = {m['user_id']: m for m in r.json['members']} if r.status == 200 else {}
    for uid, first, last, email_addr in joined:
        m = members.get(uid, {})
        check((m.get('first_name'), m.get('last_name'), m.get('email')) == (first, last, email_addr),
              'the team lists %r %r verbatim: %r' % (first, last, m))
    check(r.status == 200 and r.json['organization']['name'] == w.a_name,
          "the school's name verbatim in the team: %r" % (r.json['organization'] if r.json else r))
    r = c.get('me', token=w.a_token)
    names = [m['organization']['name'] for m in r.json.get('memberships', [])] if r.status == 200 else []
    check(names == [w.a_name], 'GET /me memberships: the name verbatim: %r' % names)

    # Other valid local parts of an address: stored as given (in lower
    # case) or refused as INVALID_EMAIL, never garbled.
    for i, local in enumerate(["d'arc", "x'or'1'='1", 'a+tag', 'under_score%', '{brace}|pipe',
                               'back`tick', "o'neil--", 'a*b=c?d^e~f', '#hash!', '$dollar&']):
        addr = '%s.%d@example.fr' % (local, i)
        r = c.post('users', {'first_name': 'A', 'last_name': 'B', 'email': addr, 'password': PASSWORD,
                             'accept_terms': True})
        EMAILS.add(addr)
        if r.status == 201:
            check(r.json['user']['email'] == addr.lower(), '%s stored verbatim: %r' % (addr, r))
            if i % 3:
                continue   # signing in costs a hash: a third of them
            r = c.post('sessions', {'email': addr.upper(), 'password': PASSWORD})
            check(r.status == 201 and r.json['user']['email'] == addr.lower(),
                  'signs in as %s: %r' % (addr, r))
            if r.status == 201:
                TOKENS.add(r.json['token'])
        else:
            check(r.status == 400 and r.code == 'INVALID_EMAIL', '%s: 201 or INVALID_EMAIL, got %r' % (addr, r))
    PASSWORDS.add(PASSWORD)
    # The apostrophe is common in French addresses: it must work.
    r = c.post('users', {'first_name': 'A', 'last_name': 'B', 'email': "jeanne.d'arc@example.fr",
                         'password': PASSWORD, 'accept_terms': True})
    check(r.status == 201, "an address with an apostrophe is accepted: %r" % r)
    EMAILS.add("jeanne.d'arc@example.fr")

    # Invitations to such addresses, several at once as one string.
    addrs = ["l'invitee@example.fr", "o''connor@example.fr"]
    r = c.post('organizations/%s/invitations' % w.a_org, {'emails': ', '.join(addrs)}, token=w.a_token)
    EMAILS.update(addrs)
    if check(r.status == 201, 'invitations to addresses with quotes: %r' % r):
        got = sorted(i['email'] for i in r.json['invitations'])
        check(got == sorted(addrs), 'invitation addresses verbatim: %r' % got)
        team = c.get('organizations/%s/team' % w.a_org, token=w.a_token).json
        listed = {i['email'] for i in team['invitations']}
        check(set(addrs) <= listed, 'the team lists the invitations verbatim: %r' % listed)
        for a in addrs:
            srv.wait_mail(a)

    # Injection attempts where the value is checked: refused, not run.
    for uai in ["'; DROP TABLE organizations; --", "0330010A' OR '1'='1", '033001%', '0330010_',
                '0330010A\'--', '0330010A;', '%']:
        r = c.post('organization-invitations/sco', {'uai': uai, 'first_name': 'A', 'last_name': 'B'})
        check(r.status == 422 and r.code == 'INVALID_UAI', 'UAI %r: 422 INVALID_UAI, got %r' % (uai, r))
    attacker = client_from(srv, '127.0.4.1')
    for e, p in [("' OR '1'='1", "' OR '1'='1"), (w.a_admin, "' OR '1'='1"), (w.a_admin + "' --", 'x'),
                 ("%@example.fr", 'x'), (w.a_admin.replace('proviseur', 'provis_ur'), w.a_pass),
                 (w.a_admin.replace('proviseur', '%'), w.a_pass)]:
        r = attacker.post('sessions', {'email': e, 'password': p})
        check(r.status in (400, 401), 'sign in as %r / %r: refused, got %r' % (e, p, r))
    # A password is text like any other: quotes and all, it works as typed.
    sql_password = "Aa1'; DROP TABLE users; -- \\ \" é🎓"
    PASSWORDS.add(sql_password)
    EMAILS.add('motdepasse.sql@example.fr')
    api.sign_up('motdepasse.sql@example.fr', sql_password, 'Mot', 'Passe')
    r = c.post('sessions', {'email': 'motdepasse.sql@example.fr', 'password': sql_password})
    check(r.status == 201, 'a password with SQL metacharacters signs in: %r' % r)
    if r.status == 201:
        TOKENS.add(r.json['token'])
    r = attacker.post('sessions', {'email': 'motdepasse.sql@example.fr', 'password': sql_password[:-1]})
    check(r.status == 401, 'and only that password: %r' % r)
    # Ids, codes and tokens with metacharacters: not found, nothing else.
    for value in ("' OR '1'='1", "x'; DROP TABLE invitations; --", '%', '_' * 10, "\\'"):
        r = c.post('organization-invitations/%s/accept' % w.a_inv, {'code': value}, token=w.a_member_token)
        check(r.status == 404 and r.code == 'INVITATION_NOT_FOUND', 'accept with code %r: 404, got %r' % (value, r))
        r = c.call('PUT', 'me/current-organization', body={'organization_id': value}, token=w.a_token)
        check(r.status == 404, 'current organization %r: 404, got %r' % (value, r))
        r = c.post('password-resets/confirm', {'token': value, 'password': 'Secret123x'})
        check(r.status == 400, 'reset with token %r: 400, got %r' % (value, r))
        r = c.get('organization-invitations/%s?code=%s' % (urllib.parse.quote(value, safe=''),
                                                          urllib.parse.quote(value, safe='')))
        check(r.status == 404, 'GET invitation %r: 404, got %r' % (value, r))
    inv = c.get('organization-invitations/%s?code=%s' % (w.a_inv, w.a_inv_code))
    check(inv.status == 200 and inv.json['invitation']['status'] == 'pending',
          "A's invitation untouched by the attempts: %r" % inv)

    # The activation form's names end up in the mail as they were typed.
    r = c.post('organization-invitations/sco', {'uai': w.b_uai.lower(), 'first_name': NASTY[0],
                                                'last_name': NASTY[1]})
    check(r.status == 201, 'activation with quoted names: %r' % r)
    if r.status == 201:
        msg, text = srv.wait_mail(w.b_school)
        plain = [p.get_content() for p in msg.walk() if p.get_content_type() == 'text/plain']
        check(any(NASTY[0] in p and NASTY[1] in p for p in plain),
              'the activation mail names the person verbatim in its text part')
        html = [p.get_content() for p in msg.walk() if p.get_content_type() == 'text/html']
        check(all('<script>' not in p for p in html), 'no markup injected in the HTML mail')

    # School names (and UAI) through `org add`, read back by `org list --json`.
    for i, name in enumerate(NASTY):
        uai = '07%05d%s' % (i, 'ABCDEFGHJK'[i % 10])
        srv.org_add(uai, name, "ce.%d'x@ac-test.fr" % i)
    listed = json.loads(srv.admin('org', 'list', '--json').stdout.decode('utf-8'))
    if isinstance(listed, dict):
        listed = next(v for v in listed.values() if isinstance(v, list))
    names = {o.get('uai'): o.get('name') for o in listed}
    for i, name in enumerate(NASTY):
        uai = '07%05d%s' % (i, 'ABCDEFGHJK'[i % 10])
        check(names.get(uai) == name, 'org list returns %r verbatim: %r' % (name, names.get(uai)))
    check(names.get(w.a_uai) == w.a_name and names.get(w.b_uai) == w.b_name,
          'org list: the quoted names of A and B verbatim')
    emails = {o.get('uai'): o.get('email') for o in listed}
    check(emails.get('0700000A') == "ce.0'x@ac-test.fr", "org list: the school's address verbatim: %r"
          % emails.get('0700000A'))
    # A UAI is checked before it is stored: metacharacters are refused.
    for uai in ["'; DROP TABLE organizations; --", "0330'12X", '0330%12X', '0330012X" OR "1"="1']:
        r = srv.admin('org', 'add', '--uai', uai, '--name', 'Injection', '--email', 'i@x.fr', check=False)
        check(r.returncode == 2 and 'UAI' in r.stderr.decode('utf-8', 'replace'),
              'org add --uai %r: refused with the message (exit 2), got %d' % (uai, r.returncode))
    listed = json.loads(srv.admin('org', 'list', '--json').stdout.decode('utf-8'))
    check(not any(o.get('name') == 'Injection' for o in listed), 'no school added by a refused UAI')
    # The tables are all there.
    db = srv.db()
    check({'users', 'organizations', 'sessions', 'memberships', 'invitations'} <= set(db.tables()),
          'no table was dropped: %r' % db.tables())
    check(int(db.query('SELECT count(*) FROM users')[0][0]) > 10, 'users still there')


def test_password_reset(srv, api, w):
    section('password reset: the link is single use, the old sessions end')
    c = api.c
    addr = 'oubli@example.fr'
    EMAILS.add(addr)
    p1 = new_password()
    api.sign_up(addr, p1, 'Oubli', 'Eux')
    t1 = signed_in(api, addr, p1)
    r = c.post('password-resets', {'email': addr})
    check(r.status == 202, 'POST /password-resets: 202, got %r' % r)
    r2 = c.post('password-resets', {'email': 'nobody-at-all@example.fr'})
    check(r2.status == 202 and r2.body == r.body, 'an unknown address gets the very same answer')
    _, text = srv.wait_mail(addr)
    token = su.reset_token(text)
    TOKENS.add(token)
    p2 = new_password()
    r = c.post('password-resets/confirm', {'token': token, 'password': p2})
    check(r.status == 204, 'confirm: 204, got %r' % r)
    r = c.post('password-resets/confirm', {'token': token, 'password': new_password()})
    check(400 <= r.status < 500, 'a reset link works once: %r' % r)
    check(c.get('me', token=t1).status == 401, 'the sessions before the reset are revoked')
    check(c.post('sessions', {'email': addr, 'password': p1}).status == 401, 'the old password is refused')
    signed_in(api, addr, p2)


def test_secrets(srv, api, w):
    section('secrets: no password, token nor code in clear in the database and the logs')
    dump = srv.db().dump()
    for p in sorted(PASSWORDS):
        check(p not in dump, 'password %s… not in the database' % p[:5])
    for t in sorted(TOKENS):
        check(t not in dump, 'token %s… not in the database' % t[:6])
    # The mails kept in the outbox, decoded (quoted-printable folds a long
    # link, so the raw bytes alone would hide a token): a delivered mail
    # keeps no reset link, or whoever reads the database could take over
    # the account it was for.
    db = srv.db()
    rows = db.query('SELECT message, sent_at FROM mail_outbox')
    check(len(rows) > 0, 'the outbox was read')
    for message, sent_at in rows:
        if not message:
            continue
        msg = email.message_from_string(message, policy=email.policy.default)
        text = su.mail_text(msg)
        for t in sorted(TOKENS):
            check(t not in text, 'token %s… not in a mail kept in the outbox (sent %s)' % (t[:6], sent_at))
        for p in sorted(PASSWORDS):
            check(p not in text, 'password %s… not in a mail kept in the outbox' % p[:5])
    # Every hash is argon2id.
    hashes = [r[0] for r in srv.db().query('SELECT password_hash FROM users')]
    check(hashes and all(h.startswith('$argon2id$') for h in hashes),
          'password hashes are argon2id: %r' % [h[:12] for h in hashes[:3]])
    logs = srv.logs()
    check(len(logs) > 0 and 'listening on' in logs, 'the logs were captured')
    for label, items in (('password', PASSWORDS), ('token', TOKENS), ('invitation code', CODES),
                         ('e-mail', EMAILS)):
        for s in sorted(items):
            check(s not in logs, '%s %s… not in the server logs' % (label, s[:6]))
    for name in NASTY[:3] + [w.a_name, w.b_name]:
        check(name not in logs, 'name %r not in the logs' % name[:10])


# -- fuzzing --------------------------------------------------------------

def mutate_bytes(rng, data):
    data = bytearray(data)
    op = rng.randrange(8)
    if not data:
        return bytes(rng.getrandbits(8) for _ in range(rng.randrange(1, 20)))
    if op == 0:      # bit flips
        for _ in range(rng.randrange(1, 6)):
            i = rng.randrange(len(data))
            data[i] ^= 1 << rng.randrange(8)
    elif op == 1:    # truncation
        data = data[:rng.randrange(len(data))]
    elif op == 2:    # random bytes inserted
        i = rng.randrange(len(data) + 1)
        data[i:i] = bytes(rng.getrandbits(8) for _ in range(rng.randrange(1, 8)))
    elif op == 3:    # a slice repeated
        i = rng.randrange(len(data))
        j = min(len(data), i + rng.randrange(1, 40))
        data[i:i] = data[i:j] * rng.randrange(2, 50)
    elif op == 4:    # a structural character replaced
        idx = [k for k, b in enumerate(data) if b in b'{}[]":,']
        if idx:
            data[rng.choice(idx)] = rng.choice(b'{}[]":,\\ 0')
    elif op == 5:    # a byte deleted
        del data[rng.randrange(len(data))]
    elif op == 6:    # an interesting byte sequence
        i = rng.randrange(len(data) + 1)
        data[i:i] = rng.choice([b'\x00', b'\xff', b'\xc0\x80', b'\xed\xa0\x80', b'\\u0000', b'\\ud800',
                                b"'; DROP TABLE users; --", b'%s%n', b'\r\n\r\n', b'"', b'\\'])
    else:            # duplicated
        data = data + data
    return bytes(data)


def random_json(rng, depth=0):
    k = rng.randrange(9 if depth < 4 else 6)
    if k == 0:
        return None
    if k == 1:
        return rng.choice([True, False])
    if k == 2:
        return rng.choice([0, -1, 2 ** 31, 2 ** 63, -2 ** 63 - 1, 10 ** 30, 1.5e308, 1e-320])
    if k == 3:
        return rng.choice(['', 'x' * rng.randrange(1, 3000), 'é🎓\u202e', "'; DROP TABLE users; --",
                           'ADMIN', 'MEMBER', 'a@b.fr', '0330010A', '\u0000'])
    if k in (4, 5):
        return secrets.token_urlsafe(rng.randrange(1, 60))
    if k in (6, 7):
        return {rng.choice(['email', 'password', 'code', 'role', 'emails', 'token', 'uai',
                            'first_name', 'last_name', 'organization_id', 'accept_terms', 'x']):
                random_json(rng, depth + 1) for _ in range(rng.randrange(0, 6))}
    return [random_json(rng, depth + 1) for _ in range(rng.randrange(0, 6))]


def swap_types(rng, body):
    if not isinstance(body, dict) or not body:
        return random_json(rng)
    body = dict(body)
    for key in rng.sample(list(body), rng.randrange(1, len(body) + 1)):
        body[key] = random_json(rng)
    if rng.random() < 0.2:
        body.pop(rng.choice(list(body)), None)
    if rng.random() < 0.2:
        body['extra_%d' % rng.randrange(9)] = random_json(rng)
    return body


def mutate_id(rng, value):
    choices = [
        lambda: value,
        lambda: value,
        lambda: value[:-1] + rng.choice('0123456789abcdef'),
        lambda: value[:rng.randrange(len(value) + 1)],
        lambda: value + value,
        lambda: '',
        lambda: '..',
        lambda: '%2e%2e%2f%2e%2e',
        lambda: '%00',
        lambda: '%ff%fe',
        lambda: urllib.parse.quote("'; DROP TABLE users; --"),
        lambda: urllib.parse.quote('é🎓'),
        lambda: 'A' * rng.randrange(100, 4000),
        lambda: '-1',
        lambda: '99999999999999999999',
        lambda: value.upper(),
        lambda: '%s%%' % value,
        lambda: str(secrets.token_hex(16)),
    ]
    return rng.choice(choices)()


def test_fuzz(srv, api, w, count, seed):
    section('fuzz: %d random and mutated requests, seed %d' % (count, seed))
    rng = random.Random(seed)
    c = api.c
    pid = srv.pid
    a_code = w.a_inv_code
    ids = {
        'org': [w.a_org, w.b_org],
        'inv': [w.a_inv, w.b_inv],
        'user': [w.a_member_user['id'], w.b_member_user['id'], w.a_user['id']],
        'code': [a_code, w.b_inv_code, 'AAAAAAAAAA'],
        'tok': ['x' * 43],
    }
    templates = [
        ('GET', '/api/v1/health', None),
        ('POST', '/api/v1/users', {'first_name': 'Fuzz', 'last_name': 'Zer', 'email': '{email}',
                                   'password': 'Secret123x', 'accept_terms': True}),
        ('POST', '/api/v1/sessions', {'email': '{email}', 'password': 'Secret123x'}),
        ('DELETE', '/api/v1/sessions/current', None),
        ('GET', '/api/v1/me', None),
        ('POST', '/api/v1/me/orga-terms', None),
        ('PUT', '/api/v1/me/current-organization', {'organization_id': '{org}'}),
        ('POST', '/api/v1/password-resets', {'email': '{email}'}),
        ('POST', '/api/v1/password-resets/confirm', {'token': '{tok}', 'password': 'Secret123x'}),
        ('POST', '/api/v1/organization-invitations/sco', {'uai': w.a_uai, 'first_name': 'F', 'last_name': 'Z'}),
        ('GET', '/api/v1/organization-invitations/{inv}?code={code}', None),
        ('POST', '/api/v1/organization-invitations/{inv}/accept', {'code': '{code}'}),
        ('GET', '/api/v1/organizations/{org}/team', None),
        ('POST', '/api/v1/organizations/{org}/invitations', {'emails': ['{email}'], 'role': 'MEMBER'}),
        ('POST', '/api/v1/organizations/{org}/invitations/{inv}/resend', None),
        ('DELETE', '/api/v1/organizations/{org}/invitations/{inv}', None),
        ('PATCH', '/api/v1/organizations/{org}/members/{user}', {'role': 'ADMIN'}),
        ('DELETE', '/api/v1/organizations/{org}/members/{user}', None),
        ('POST', '/api/v1/organizations/{org}/leave', None),
        ('GET', '/rejoindre?invitationId={inv}&code={code}', None),
        ('POST', '/rejoindre', 'form'),
        ('GET', '/mot-de-passe?token={tok}', None),
        ('POST', '/mot-de-passe', 'form'),
        ('GET', '/', None),
    ]
    methods = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS']
    tokens = [w.a_token, w.a_member_token, w.b_token, w.b_member_token, None, '', 'x' * 43, 'Bearer',
              "' OR 1=1 --", 'é', 'A' * 3000]
    ctypes = ['application/json', 'application/json; charset=utf-8', 'text/plain',
              'application/x-www-form-urlencoded', 'multipart/form-data', 'application/json; charset=latin1',
              '', '*/*', 'application/json; boundary=', 'x' * 500]
    fails = []
    statuses = {}
    t_start = time.monotonic()
    for n in range(count):
        method, path, body = rng.choice(templates)
        if rng.random() < 0.15:
            method = rng.choice(methods)
        fill = {k: mutate_id(rng, rng.choice(v)) for k, v in ids.items()}
        fill['email'] = rng.choice(['fuzz%d@example.fr' % rng.randrange(10 ** 6), w.a_admin,
                                    'not-an-address', '', "o'x@y.fr", 'a@b'])
        path = path.format(**fill)
        if rng.random() < 0.1:
            path = mutate_bytes(rng, path.encode()).decode('latin-1')
            path = ''.join(ch if 0x21 <= ord(ch) < 0x7f else '%%%02X' % (ord(ch) & 0xff) for ch in path)
            if not path.startswith('/'):
                path = '/' + path
        headers = {}
        token = rng.choice(tokens)
        if method == 'DELETE' and 'sessions/current' in path and token in (w.a_token, w.a_member_token,
                                                                          w.b_token, w.b_member_token):
            token = 'x' * 43   # keep the tokens the fuzzing needs
        if token is not None:
            headers['Authorization'] = rng.choice(['Bearer ', 'Bearer ', 'bearer ', 'Basic ', ''])
            headers['Authorization'] += token
        if body == 'form':
            fields = {k: mutate_id(rng, str(rng.choice(v))) for k, v in ids.items()}
            data = urllib.parse.urlencode(fields).encode()
            headers['Content-Type'] = 'application/x-www-form-urlencoded'
            if rng.random() < 0.5:
                data = mutate_bytes(rng, data)
        elif body is not None or rng.random() < 0.1:
            b = body if isinstance(body, dict) else random_json(rng)
            if isinstance(b, dict):
                b = json.loads(json.dumps(b).replace('{email}', fill['email']).replace('{org}', fill['org'])
                               .replace('{tok}', fill['tok']).replace('{code}', fill['code']))
            r_ = rng.random()
            if r_ < 0.3:
                b = swap_types(rng, b)
            data = json.dumps(b, ensure_ascii=rng.random() < 0.5).encode()
            if 0.3 <= r_ < 0.85:
                for _ in range(rng.randrange(1, 3)):
                    data = mutate_bytes(rng, data)
            headers['Content-Type'] = rng.choice(ctypes) if rng.random() < 0.2 else 'application/json'
        else:
            data = None
        if rng.random() < 0.1:
            headers[rng.choice(['X-Forwarded-For', 'Origin', 'Cookie', 'Accept', 'Accept-Encoding',
                                'Content-Encoding', 'X-Request-Id', 'Referer', 'Range'])] = \
                rng.choice(['', 'gzip', '*/*', '10.0.0.1, 127.0.0.1', 'a=b; c', 'http://evil.example',
                            'x' * 4000, 'bytes=0-1', 'é'.encode().decode('latin-1'), '; ; ;'])
        try:
            r = c.raw(method, path, data, headers)
        except Exception as e:  # noqa: BLE001 – any transport failure is a finding
            fails.append((n, method, path, repr(e)))
            if not srv.alive():
                break
            c.close()
            continue
        statuses[r.status] = statuses.get(r.status, 0) + 1
        if r.status >= 500:
            fails.append((n, method, path, '%d %s' % (r.status, r.body[:200])))
    elapsed = time.monotonic() - t_start
    print('  %d requests in %.1f s (%.0f/s), statuses %s, %d reconnections' % (
        n + 1, elapsed, (n + 1) / elapsed, dict(sorted(statuses.items())), c.reconnects), flush=True)
    for f in fails[:15]:
        print('  request #%d %s %s: %s' % f)
    check(not fails, 'fuzz: %d requests with a 5xx or no answer (seed %d)' % (len(fails), seed))

    # Raw garbage on the wire, each on its own connection.
    raws = [
        b'GET\r\n\r\n', b'\r\n\r\n', b'GARBAGE / HTTP/1.1\r\n\r\n', b'GET / HTTP/9.9\r\nHost: x\r\n\r\n',
        b'GET /api/v1/health HTTP/1.1\r\nHost: x\r\nNo colon here\r\n\r\n',
        b'GET /api/v1/health HTTP/1.1\r\nHost: x\r\nX: ' + b'a' * 100000 + b'\r\n\r\n',
        b'GET /api/v1/health HTTP/1.1\r\n' + b'X-A: b\r\n' * 5000 + b'\r\n',
        b'POST /api/v1/users HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nabc\r\n0\r\n\r\n',
        b'POST /api/v1/users HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nContent-Length: 7\r\n\r\n{}',
        b'POST /api/v1/users HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nContent-Length: 3\r\n\r\n0\r\n\r\n',
        b'GET /' + b'a/' * 20000 + b' HTTP/1.1\r\nHost: x\r\n\r\n',
        b'GET /api/v1/../../etc/passwd HTTP/1.1\r\nHost: x\r\n\r\n',
        b'GET /api/v1/health\x00 HTTP/1.1\r\nHost: x\r\n\r\n',
        b'\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03' + os.urandom(200),
    ]
    for _ in range(60):
        base = rng.choice(raws[:10])
        raws.append(mutate_bytes(rng, base))
    for i, data in enumerate(raws):
        try:
            st = raw_exchange(srv, data, timeout=10)
        except OSError as e:
            st = None
            check(srv.alive(), 'raw request #%d: the server is alive after %r' % (i, e))
        # 505 is HTTP's own answer to a version it does not speak, 501 to a
        # transfer coding it does not know (RFC 9112 6.1).
        bad_version = re.match(rb'[^\r\n]* HTTP/(?!1\.[01]\r)', data) is not None
        coding = re.search(rb'(?i)\r\ntransfer-encoding:([^\r\n]*)', data)
        bad_coding = coding is not None and coding.group(1).strip().lower() != b'chunked'
        check(st is None or st < 500 or (st == 505 and bad_version) or (st == 501 and bad_coding),
              'raw request #%d %r: no 5xx, got %r' % (i, data[:40], st))
    alive(srv, c, 'the fuzzing')
    check(srv.pid == pid and srv.alive(), 'the same server process answers at the end')


def main():
    seed = int(os.environ.get('PIXORGA_FUZZ_SEED', '20261202'))
    count = int(os.environ.get('PIXORGA_FUZZ_COUNT', '10000'))
    workdir = tempfile.mkdtemp(prefix='pixorga-security-')
    # Its debug messages say when access checks share a round trip.
    srv = su.Server(workdir, env={'G_MESSAGES_DEBUG': 'orga-server'})
    print('# backend: %s, work folder %s' % (su.backend_name(), workdir), flush=True)
    try:
        srv.start()
        api = su.Api(srv)
        w = build_world(srv, api)
        test_tokens(srv, api, w)
        test_other_school(srv, api, w)
        test_burst(srv, api, w)
        test_bodies(srv, api, w)
        test_pages(srv, api, w)
        test_verbatim(srv, api, w)
        test_password_reset(srv, api, w)
        test_throttle(srv, api, w)
        test_sign_up_throttle(srv, api, w)
        test_fuzz(srv, api, w, count, seed)
        test_secrets(srv, api, w)
        pid = srv.pid
        status = srv.stop()
        check(status == 0, 'SIGTERM: a clean stop with status 0, got %r (pid %d)' % (status, pid))
    except Exception:
        import traceback
        traceback.print_exc()
        FAILURES.append('exception')
    finally:
        srv.stop()
        logs = srv.logs()
        if FAILURES:
            print('# server log (last 40 lines):')
            print(''.join(logs.splitlines(True)[-40:]))
    section('done')
    if FAILURES:
        print('%d failure(s); work folder kept: %s' % (len(FAILURES), workdir))
        return 1
    shutil.rmtree(workdir, ignore_errors=True)
    print('all security checks passed on %s' % su.backend_name())
    return 0


if __name__ == '__main__':
    sys.exit(main())
