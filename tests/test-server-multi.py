#!/usr/bin/env python3
"""Two pixorga-server processes on one PostgreSQL database (issue 9).

Run inside tests/orga-pg.py (PIXORGA_TEST_PG_URI); skipped (77) without it.
The servers keep no state of their own, so behind a load balancer any
request may reach either:

  - both start at once on an empty database (the schema under a lock);
  - an activation requested through one is accepted through the other,
    and so is a colleague's invitation; the team reads the same on both;
  - a token issued by one works on the other; signed out on one, it is
    refused by both;
  - the same code accepted through both at the same moment: one wins, the
    other gets 409 INVITATION_ACCEPTED;
  - failed sign-ins are counted across both, per account and per address;
  - the /rejoindre form read from one is posted to the other (the form's
    token needs no shared memory).
"""
import os
import re
import sys
import tempfile
import threading
import time
import urllib.parse

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import srvtest_util as su  # noqa: E402

FAILURES = []
PASSWORD = 'Multi-Pass-2026'


def check(cond, what):
    if not cond:
        FAILURES.append(what)
        print('FAIL: ' + what, flush=True)
    return cond


def main():
    uri = su.pg_uri()
    if not uri:
        print('# skipped: PIXORGA_TEST_PG_URI is not set (run through tests/orga-pg.py)')
        return su.SKIP
    work = tempfile.mkdtemp(prefix='pixorga-multi-')
    one = su.Server(os.path.join(work, 'one'), db=uri, name='one', port=su.free_port())
    two = su.Server(os.path.join(work, 'two'), db=uri, name='two', port=su.free_port())
    for s in (one, two):
        os.makedirs(s.workdir, exist_ok=True)
    try:
        # Both at once, on a database without a schema yet.
        starters = [threading.Thread(target=s.start) for s in (one, two)]
        for t in starters:
            t.start()
        for t in starters:
            t.join()
        check(one.alive() and two.alive(), 'both servers started on one fresh database')
        a1, a2 = su.Api(one), su.Api(two)

        print('# activation through one, accepted through two', flush=True)
        one.org_add('0330555M', 'Lycée des Deux Rives', 'ce.0330555m@ac-bordeaux.fr')
        a1.activate('0330555M')
        _, text = one.wait_mail('ce.0330555m@ac-bordeaux.fr')
        inv_id, code, _ = su.invitation_link(text)
        a2.sign_up('proviseur@rives.example.fr', PASSWORD, 'Paule', 'Rives')
        token1 = a1.sign_in('proviseur@rives.example.fr', PASSWORD)['token']
        r = a2.c.post('organization-invitations/%s/accept' % inv_id, {'code': code}, token=token1)
        check(r.status == 200 and r.json['membership']['role'] == 'ADMIN',
              "one's token accepts one's activation through two: %r" % r)
        org = r.json['membership']['organization']['id'] if r.status == 200 else None
        check(a1.c.post('me/orga-terms', token=token1).status == 200, 'terms through one')
        r = a2.c.get('me', token=token1)
        check(r.status == 200 and r.json['user']['pix_orga_terms_accepted'] is True,
              'two sees what one wrote: %r' % r)

        print('# an invitation made through one, accepted through two', flush=True)
        r = a1.c.post('organizations/%s/invitations' % org, {'emails': ['collegue@rives.example.fr']},
                      token=token1)
        check(r.status == 201, 'invite through one: %r' % r)
        _, text = one.wait_mail('collegue@rives.example.fr')
        inv2, code2, _ = su.invitation_link(text)
        a2.sign_up('collegue@rives.example.fr', PASSWORD, 'Colin', 'Lègue')
        token2 = a2.sign_in('collegue@rives.example.fr', PASSWORD)['token']
        r = a2.c.post('organization-invitations/%s/accept' % inv2, {'code': code2}, token=token2)
        check(r.status == 200 and r.json['membership']['role'] == 'MEMBER', 'accepted through two: %r' % r)
        t1 = a1.c.get('organizations/%s/team' % org, token=token1)
        t2 = a2.c.get('organizations/%s/team' % org, token=token1)
        check(t1.status == t2.status == 200 and t1.json == t2.json
              and len(t1.json['members']) == 2, 'the same team through both: %r / %r' % (t1, t2))
        # Resend through two keeps the code mailed by one.
        r = a1.c.post('organizations/%s/invitations' % org, {'emails': ['tiers@rives.example.fr']},
                      token=token1)
        _, text = one.wait_mail('tiers@rives.example.fr')
        inv3, code3, _ = su.invitation_link(text)
        r = a2.c.post('organizations/%s/invitations/%s/resend' % (org, inv3), token=token1)
        check(r.status == 200, 'resend through two: %r' % r)
        _, text = two.wait_mail('tiers@rives.example.fr')
        check(su.invitation_link(text)[:2] == (inv3, code3), 'the resend through two keeps the code')

        print('# the team each process keeps is never stale', flush=True)
        # A process keeps the team it built for the space's team version
        # (docs/server.md): every change through the other process must
        # show in its next read, as much as in a read of the other's.
        def team_of(api):
            r = api.c.get('organizations/%s/team' % org, token=token1)
            check(r.status == 200, 'team read: %r' % r)
            return r.json
        kept = team_of(a1)
        check(team_of(a1) == kept, 'two reads through one in a row are the same')
        r = a2.c.post('organizations/%s/invitations' % org, {'emails': ['vu@rives.example.fr']}, token=token1)
        check(r.status == 201, 'invite through two: %r' % r)
        seen = team_of(a1)
        vu = [i for i in seen['invitations'] if i['email'] == 'vu@rives.example.fr']
        check(len(vu) == 1, 'the invitation made through two is in the team read through one: %r' % seen)
        check(seen == team_of(a2), 'the same team through both after the invitation')
        if vu:
            r = a2.c.call('DELETE', 'organizations/%s/invitations/%s' % (org, vu[0]['id']), token=token1)
            check(r.status == 200, 'cancel through two: %r' % r)
            seen = team_of(a1)
            check(all(i['email'] != 'vu@rives.example.fr' for i in seen['invitations']),
                  'the invitation cancelled through two is gone from the team read through one')
        colin = [m for m in seen['members'] if m['email'] == 'collegue@rives.example.fr']
        if check(len(colin) == 1 and colin[0]['role'] == 'MEMBER', 'the colleague is a member: %r' % seen):
            r = a2.c.call('PATCH', 'organizations/%s/members/%s' % (org, colin[0]['user_id']),
                          {'role': 'ADMIN'}, token=token1)
            check(r.status == 200, 'role changed through two: %r' % r)
            seen = team_of(a1)
            check([m['role'] for m in seen['members'] if m['email'] == 'collegue@rives.example.fr'] == ['ADMIN'],
                  'the role changed through two shows in the team read through one: %r' % seen)
            r = a2.c.call('PATCH', 'organizations/%s/members/%s' % (org, colin[0]['user_id']),
                          {'role': 'MEMBER'}, token=token1)
            check(r.status == 200, 'role changed back through two: %r' % r)
            check(team_of(a1) == team_of(a2), 'the same team through both after the role changes')

        print('# the same code through both at the same moment', flush=True)
        r = a1.c.post('organizations/%s/invitations' % org, {'emails': ['course@rives.example.fr']},
                      token=token1)
        _, text = one.wait_mail('course@rives.example.fr')
        inv4, code4, _ = su.invitation_link(text)
        a1.sign_up('course@rives.example.fr', PASSWORD, 'Course', 'Rapide')
        tok_a = a1.sign_in('course@rives.example.fr', PASSWORD)['token']
        tok_b = a2.sign_in('course@rives.example.fr', PASSWORD)['token']
        results = []
        barrier = threading.Barrier(2)

        def accept(server, token):
            c = server.client()
            c.get('health')            # connected before the barrier
            barrier.wait()
            results.append(c.post('organization-invitations/%s/accept' % inv4, {'code': code4}, token=token))
        threads = [threading.Thread(target=accept, args=(one, tok_a)),
                   threading.Thread(target=accept, args=(two, tok_b))]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        statuses = sorted(r.status for r in results)
        check(statuses == [200, 409] or statuses == [200, 412],
              'one acceptance wins, the other is refused: %r' % results)
        team = a1.c.get('organizations/%s/team' % org, token=token1).json
        check(sum(1 for m in team['members'] if m['email'] == 'course@rives.example.fr') == 1,
              'one membership only after the race')

        print('# tokens across processes', flush=True)
        check(a2.c.get('me', token=token1).status == 200, "one's token works on two")
        check(a1.c.get('me', token=token2).status == 200, "two's token works on one")
        extra = a1.sign_in('proviseur@rives.example.fr', PASSWORD)['token']
        check(a2.c.call('DELETE', 'sessions/current', token=extra).status == 204, 'sign out through two')
        r1, r2 = a1.c.get('me', token=extra), a2.c.get('me', token=extra)
        check(r1.status == 401 and r2.status == 401, 'signed out on two: refused by both (%r, %r)' % (r1, r2))

        # The thresholds are the server's (orga-server-accounts.c: 5 failures
        # an account, 20 an address); counted apart, alternating servers
        # would need twice as many.
        print('# throttling counted across both', flush=True)
        victim = 'cible@rives.example.fr'
        a1.sign_up(victim, PASSWORD, 'Cible', 'Visée')
        got = []
        for i in range(6):
            srv = (one, two)[i % 2]
            c = srv.client(source_address='127.0.6.%d' % (i + 1))
            got.append(c.post('sessions', {'email': victim, 'password': 'Wrong-%dPass' % i}).status)
            c.close()
        check(got[:5] == [401] * 5 and got[5] == 429,
              'per account: the 6th failure, alternating servers and addresses, is 429: %r' % got)
        for srv in (one, two):
            c = srv.client(source_address='127.0.6.50')
            check(c.post('sessions', {'email': victim, 'password': PASSWORD}).status == 429,
                  'the account is blocked on %s too' % srv.name)
            c.close()
        got = []
        for i in range(21):
            srv = (one, two)[i % 2]
            c = srv.client(source_address='127.0.7.1')
            got.append(c.post('sessions', {'email': 'inconnu%d@rives.example.fr' % i,
                                           'password': 'Wrong-1Pass'}).status)
            c.close()
        check(got[:20] == [401] * 20 and got[20] == 429,
              'per address: the 21st failure, alternating servers, is 429: %r' % got)

        print('# the /rejoindre form read from one, posted to two', flush=True)
        r = a1.c.post('organizations/%s/invitations' % org, {'emails': ['web@rives.example.fr']},
                      token=token1)
        _, text = one.wait_mail('web@rives.example.fr')
        inv5, code5, _ = su.invitation_link(text)
        c1, c2 = one.client(), two.client()
        page = c1.raw('GET', '/rejoindre?invitationId=%s&code=%s' % (inv5, code5))
        cookie = re.search(r'orga_csrf=([A-Za-z0-9_-]{43})', page.header('Set-Cookie') or '')
        field = re.search(rb'name="jeton" value="([A-Za-z0-9_-]{43})"', page.body)
        if check(page.status == 200 and cookie and field, 'the form from one: %r' % page):
            form = urllib.parse.urlencode({
                'invitationId': inv5, 'code': code5, 'mode': 'inscription', 'jeton': field.group(1).decode(),
                'prenom': 'Wébé', 'nom': 'Formulaire', 'email': 'web@rives.example.fr',
                'mot-de-passe': PASSWORD, 'cgu-pix': '1', 'cgu-orga': '1'}).encode()
            r = c2.raw('POST', '/rejoindre', form, {
                'Content-Type': 'application/x-www-form-urlencoded',
                'Cookie': 'orga_csrf=' + cookie.group(1),
                'Origin': 'http://127.0.0.1:%d' % two.port, 'Host': '127.0.0.1:%d' % two.port})
            check(r.status == 200 and 'Vous êtes maintenant membre' in r.body.decode(),
                  'posted to two: a member (%d)' % r.status)
            team = a1.c.get('organizations/%s/team' % org, token=token1).json
            check(any(m['email'] == 'web@rives.example.fr' for m in team['members']),
                  'the member made through two is in the team read through one')

        check(one.alive() and two.alive(), 'both servers still up')
        for s in (one, two):
            check(s.stop() == 0, '%s stops cleanly on SIGTERM' % s.name)
    except Exception:
        import traceback
        traceback.print_exc()
        FAILURES.append('exception')
    finally:
        for s in (one, two):
            s.stop()
        if FAILURES:
            for s in (one, two):
                print('# %s log (last 15 lines):' % s.name)
                print(''.join(s.logs().splitlines(True)[-15:]))
    if FAILURES:
        print('%d failure(s); work folder kept: %s' % (len(FAILURES), work))
        return 1
    import shutil
    shutil.rmtree(work, ignore_errors=True)
    print('two processes on one PostgreSQL database: all checks passed')
    return 0


if __name__ == '__main__':
    sys.exit(main())
