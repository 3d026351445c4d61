#!/usr/bin/env python3
"""pixorga-server's sync routes over real HTTP (issue 10, docs/sync.md).

The real binary on loopback, on SQLite, or on PostgreSQL when
PIXORGA_TEST_PG_URI is set (tests/orga-pg.py -- this script), driven with
raw JSON as a desktop would send it:

  - every row of the rules table, allowed and refused, with the exact
    code and French message, and the server's rows in `current`;
  - idempotency: the same push twice is applied once, the same seq
    answered; each change in its own transaction;
  - two imports and `overrode`; undo of the latest, IMPORT_NOT_LAST for an
    earlier one, tombstones and their revival;
  - campaign codes unique across two spaces; last writer wins per field in
    server order; a delete wins over a later edit; the rights of a member,
    of the owner, of an administrator;
  - pulls: pages with a limit (no row skipped or repeated but the rows
    referred to), references included, reset, the protocol version;
  - the push's body limit (32 MiB, the others 64 KiB), malformed changes,
    `pixorga-server … participations import`, PIXORGA_SERVER_PUSH_DELAY_MS.

SPDX-License-Identifier: GPL-3.0-or-later
"""
import datetime
import json
import os
import socket
import sys
import tempfile
import time
import uuid as uuidlib

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import srvtest_util as su  # noqa: E402

try:
    from zoneinfo import ZoneInfo
except ImportError:  # Python < 3.9
    ZoneInfo = None

FAILURES = []
CHECKS = [0]
PASSWORD = 'Sync-Pass-2026'

MALFORMED = "Le serveur n’a pas pu lire cette modification : elle n’a pas été enregistrée."
IMPORT_FORBIDDEN = "Seuls les administrateurs de l'espace peuvent importer la liste des élèves."
CAMPAIGN_FORBIDDEN = "Seul le propriétaire de la campagne ou un administrateur peut la modifier."
CAMPAIGN_NOT_FOUND = "Cette campagne n’existe pas sur le serveur : votre modification n’a pas été enregistrée."
IMPORT_NOT_FOUND = "Cet import n’existe pas sur le serveur : il ne peut pas être annulé."


def check(cond, what):
    CHECKS[0] += 1
    if not cond:
        FAILURES.append(what)
        print('FAIL: ' + what, flush=True)
    return cond


def equal(actual, expected, what):
    return check(actual == expected, '%s: expected %r, got %r' % (what, expected, actual))


def new_id():
    return str(uuidlib.uuid4())


def now_iso(offset_s=0):
    t = datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(seconds=offset_s)
    return t.strftime('%Y-%m-%dT%H:%M:%S.%f')[:-3] + 'Z'


class Desktop:
    """What one desktop sends: a device id and a user's token."""

    def __init__(self, client, org, token, device=None):
        self.c, self.org, self.token = client, org, token
        self.device = device or new_id()

    def push_raw(self, body, token=None):
        return self.c.post('organizations/%s/sync/push' % self.org, body, token=token or self.token)

    def push(self, changes, protocol=1):
        r = self.push_raw({'protocol': protocol, 'device': self.device, 'changes': changes})
        if r.status != 200:
            raise AssertionError('push: %d %s' % (r.status, r.body[:500]))
        return r.json['results']

    def push_one(self, change):
        return self.push([change])[0]

    def pull(self, after=0, limit=None, protocol=1):
        q = 'protocol=%d&after=%d' % (protocol, after)
        if limit is not None:
            q += '&limit=%d' % limit
        return self.c.get('organizations/%s/sync/changes?%s' % (self.org, q), token=self.token)

    def pull_all(self, after=0, limit=None):
        """Every page from @after; returns (rows by kind keyed by uuid, pages)."""
        state = {k: {} for k in KINDS}
        pages = []
        while True:
            r = self.pull(after, limit)
            if r.status != 200:
                raise AssertionError('pull: %d %s' % (r.status, r.body[:500]))
            page = r.json
            pages.append(page)
            for k in KINDS:
                for row in page[k]:
                    state[k][row['uuid']] = row
            after = page['cursor']
            if not page['more']:
                return state, pages


KINDS = ('imports', 'learners', 'campaigns', 'participations')


def change(kind, data, base=0, at=None):
    return {'id': new_id(), 'kind': kind, 'at': at or now_iso(), 'base': base, 'data': data}


def learner(ine, last, first, division, uid=None, **extra):
    row = {'uuid': uid or new_id(), 'ine': ine, 'last_name': last, 'preferred_last_name': None,
           'first_name': first, 'middle_name': None, 'third_name': None, 'sex': 'F',
           'birthdate': '2010-05-04', 'birth_country_code': '100', 'birth_province_code': '075',
           'birth_city_code': '75056', 'birth_city': 'PARIS', 'mef_code': '10010012110',
           'status': 'ST', 'division': division}
    row.update(extra)
    return row


def import_apply(learners, base=0, file_name='siecle.xml', at=None, created_at=None):
    record = {'uuid': new_id(), 'created_at': created_at or now_iso(), 'file_name': file_name,
              'format': 'siecle-xml', 'encoding': 'UTF-8', 'ignored': 0, 'errors': '[]'}
    return change('import.apply', {'import': record, 'learners': learners}, base=base, at=at)


def campaign_row(code, name, owner_id=None, **extra):
    row = {'uuid': new_id(), 'code': code, 'name': name, 'type': 'ASSESSMENT',
           'target_profile_id': 'tp-1', 'owner': 'Dominique Membre', 'owner_id': owner_id,
           'creator': 'Dominique Membre', 'title': None, 'landing_text': None,
           'external_id_type': None, 'external_id_label': None, 'multiple_sendings': False,
           'created_at': now_iso(), 'updated_at': now_iso(), 'archived_at': None,
           'archived_by': None, 'deleted_at': None, 'deleted_by': None}
    row.update(extra)
    return row


def refused(result, code, message, what):
    ok = equal(result.get('status'), 'refused', what + ': refused')
    err = result.get('error') or {}
    equal(err.get('code'), code, what + ': code')
    if message is not None:
        equal(err.get('message'), message, what + ': message')
    if code == 'MALFORMED_CHANGE':
        check('current' not in result, what + ': no current for a change the server could not read')
    else:
        check(isinstance(result.get('current'), dict), what + ': carries current')
    return ok


def applied(result, what):
    return check(result.get('status') == 'applied' and isinstance(result.get('seq'), int),
                 '%s: applied (%r)' % (what, result))


def counter(db, org):
    return int(db.query('SELECT sync_seq FROM organizations WHERE id = ?', (org,))[0][0])


def count(db, table, org):
    return int(db.query('SELECT count(*) FROM %s WHERE organization_id = ?' % table, (org,))[0][0])


def paris(iso):
    t = datetime.datetime.strptime(iso[:19], '%Y-%m-%dT%H:%M:%S').replace(tzinfo=datetime.timezone.utc)
    if ZoneInfo is not None:
        t = t.astimezone(ZoneInfo('Europe/Paris'))
    return t.strftime('%d/%m/%Y %H:%M')


# The tests


def test_protocol_and_access(srv, a, other):
    db = srv.db()
    before = counter(db, a.org)
    body = {'protocol': 2, 'device': a.device, 'changes': [
        change('campaign.create', {'campaign': campaign_row('PROTO2', 'Jamais')})]}
    r = a.push_raw(body)
    equal((r.status, r.code), (409, 'SYNC_PROTOCOL'), 'push of protocol 2')
    equal(r.json['error']['message'],
          'Ce poste utilise la version 2 du protocole de synchronisation et le serveur la version 1 : '
          'mettez à jour le serveur.', 'protocol 2: the message')
    body['protocol'] = 0
    r = a.push_raw(body)
    equal(r.json['error']['message'],
          'Ce poste utilise la version 0 du protocole de synchronisation et le serveur la version 1 : '
          'mettez à jour PixOrga.', 'protocol 0: the message')
    r = a.pull(protocol=3)
    equal((r.status, r.code), (409, 'SYNC_PROTOCOL'), 'pull of protocol 3')
    check('la version 3' in r.json['error']['message'], 'pull of protocol 3: names it')
    r = a.c.get('organizations/%s/sync/changes?after=0' % a.org, token=a.token)
    equal((r.status, r.code), (400, 'MALFORMED_REQUEST'), 'pull without protocol')
    body['protocol'] = '1'
    equal(a.push_raw(body).code, 'MALFORMED_REQUEST', 'push with a protocol that is not a number')
    equal(counter(db, a.org), before, 'nothing written by a protocol mismatch')
    equal(count(db, 'sync_changes', a.org), 0, 'no idempotency row either')

    # Who may call: a member of the space, signed in.
    r = a.c.get('organizations/%s/sync/changes?protocol=1' % a.org)
    equal((r.status, r.code), (401, 'UNAUTHENTICATED'), 'pull without a token')
    r = a.c.get('organizations/%s/sync/changes?protocol=1' % a.org, token=other.token)
    equal((r.status, r.code), (404, 'NOT_FOUND'), "another school's token on this space (pull)")
    r = a.push_raw({'protocol': 1, 'device': a.device, 'changes': []}, token=other.token)
    equal((r.status, r.code), (404, 'NOT_FOUND'), "another school's token on this space (push)")
    r = a.c.call('PUT', 'organizations/%s/sync/push' % a.org, {}, token=a.token)
    equal((r.status, r.code), (405, 'METHOD_NOT_ALLOWED'), 'PUT on push')

    # The push's own shape.
    for bad, what in (({'protocol': 1, 'changes': []}, 'no device'),
                      ({'protocol': 1, 'device': a.device}, 'no changes'),
                      ({'protocol': 1, 'device': a.device, 'changes': {}}, 'changes not an array'),
                      ({'protocol': 1, 'device': a.device,
                        'changes': [change('campaign.delete', {'campaign': new_id()})] * 201},
                       'more than ORGA_SYNC_PUSH_MAX changes')):
        r = a.push_raw(bad)
        equal((r.status, r.code), (400, 'MALFORMED_REQUEST'), 'push: ' + what)
    for q, what in (('protocol=1&after=-1', 'negative after'), ('protocol=1&after=x', 'after not a number'),
                    ('protocol=1&limit=0', 'limit 0')):
        r = a.c.get('organizations/%s/sync/changes?%s' % (a.org, q), token=a.token)
        equal((r.status, r.code), (400, 'MALFORMED_REQUEST'), 'pull: ' + what)
    r = a.pull()
    equal((r.status, r.json and r.json['cursor'], r.json and r.json['more'], r.json and r.json['reset']),
          (200, 0, False, False), 'an empty space: an empty page')


def test_imports(srv, admin, member, admin2):
    """Import rules, two imports, undo, tombstones."""
    db = srv.db()
    org = admin.org
    s1 = [learner('0000000001A', 'Martin', 'Léa', '6A'),
          learner('0000000002B', 'Durand', 'Hugo', '6A'),
          learner('0000000003C', 'Petit', 'Inès', '6B')]

    # A member's import: refused, nothing written.
    c = import_apply(s1)
    r = member.push_one(c)
    refused(r, 'FORBIDDEN', IMPORT_FORBIDDEN, "a member's import")
    equal(r.get('current'), {'imports': []}, "a member's import: the server has none of it")
    equal(count(db, 'sync_learners', org), 0, "a member's import wrote no student")
    for kind, data in (('import.reject', {'import': c['data']['import']}),
                       ('import.undo', {'import': c['data']['import']['uuid']})):
        refused(member.push_one(change(kind, data)), 'FORBIDDEN', IMPORT_FORBIDDEN, "a member's " + kind)

    # The administrator's: applied; the same push again: answered, not applied.
    c1 = import_apply(s1)
    body = {'protocol': 1, 'device': admin.device, 'changes': [c1]}
    r1 = admin.push_raw(body).json['results'][0]
    applied(r1, 'first import')
    seq_after = counter(db, org)
    equal(r1['seq'], seq_after, 'the result names the last seq written')
    equal(seq_after, 4, 'one seq a row written: the import and its three students')
    r1b = admin.push_raw(body).json['results'][0]
    equal(r1b, r1, 'the same push again: the same result')
    equal(counter(db, org), seq_after, 'the same push again: nothing applied')
    equal(count(db, 'sync_changes', org), 4, 'one idempotency row a change (refused ones included)')

    state, _ = admin.pull_all()
    imp = state['imports'][c1['data']['import']['uuid']]
    equal((imp['created'], imp['updated'], imp['unchanged'], imp['disabled'], imp['status']),
          (3, 0, 0, 0, 'imported'), 'first import: the counts the server computed')
    equal(imp['created_by'], 'Claude Proviseur', 'created_by: the signed-in user')
    equal(imp['device'], admin.device, 'device: the pushing desktop')
    equal(imp['overrode'], None, 'a first import overrides nothing')
    check(all(state['learners'].get(l['uuid'], {}).get('ine') == l['ine'] for l in s1),
          'new students keep the uuid the desktop gave them')
    l0 = state['learners'][s1[0]['uuid']]
    equal((l0['import'], l0['removed'], l0['disabled_at'], l0['division']),
          (imp['uuid'], False, None, '6A'), 'a created student as pulled')

    # A second import from another desktop that had not seen the first:
    # Léa changes class, Hugo stays, Inès leaves, Noé arrives; Hugo's
    # desktop uuid differs: the server's is kept.
    s2 = [learner('0000000001A', 'Martin', 'Léa', '5C'),
          learner('0000000002B', 'Durand', 'Hugo', '6A'),
          learner('0000000004D', 'Roux', 'Noé', '6B')]
    c2 = import_apply(s2, base=0, created_at='2026-09-03T15:42:00.000Z')
    r2 = admin2.push_one(c2)
    applied(r2, 'second import')
    equal(r2['seq'], seq_after + 1 + 3, 'second import: the record, Léa, Noé and Inès')
    state, _ = admin.pull_all()
    imp2 = state['imports'][c2['data']['import']['uuid']]
    equal((imp2['created'], imp2['updated'], imp2['unchanged'], imp2['disabled']), (1, 1, 1, 1),
          'second import: counts')
    equal(imp2['overrode'], c1['data']['import']['uuid'],
          'an import made without having seen the latest one from another device overrides it')
    equal(state['learners'][s1[0]['uuid']]['division'], '5C', 'Léa updated')
    check(state['learners'][s1[2]['uuid']]['disabled_at'] is not None, 'Inès disabled, not deleted')
    check(s2[1]['uuid'] not in state['learners'], "Hugo keeps the server's uuid")
    check(s2[2]['uuid'] in state['learners'], 'Noé created with the desktop uuid')

    # overrode: not from the same device, not when the desktop had seen it.
    c3 = import_apply(s2, base=0)
    applied(admin2.push_one(c3), 'third import, same device')
    state, _ = admin.pull_all()
    equal(state['imports'][c3['data']['import']['uuid']]['overrode'], None,
          'the same device overrides nothing')
    equal([state['imports'][c3['data']['import']['uuid']][k] for k in ('created', 'updated', 'unchanged', 'disabled')],
          [0, 0, 3, 0], 'the same file again: all unchanged')
    c4 = import_apply(s2, base=counter(db, org))
    applied(admin.push_one(c4), 'fourth import, having seen the third')
    state, _ = admin.pull_all()
    equal(state['imports'][c4['data']['import']['uuid']]['overrode'], None,
          'a desktop that had seen the latest import overrides nothing')

    # Undo: only the latest.
    r = admin.push_one(change('import.undo', {'import': c2['data']['import']['uuid']}))
    latest = state['imports'][c4['data']['import']['uuid']]
    refused(r, 'IMPORT_NOT_LAST',
            'Un import plus récent a été fait sur un autre poste le %s par Claude Proviseur : '
            'cet import ne peut plus être annulé.' % paris(latest['created_at']),
            'undo of an earlier import')
    equal([i['uuid'] for i in r['current']['imports']], [c2['data']['import']['uuid']],
          'IMPORT_NOT_LAST: current holds the import')
    refused(admin.push_one(change('import.undo', {'import': new_id()})), 'IMPORT_NOT_FOUND', IMPORT_NOT_FOUND,
            'undo of an unknown import')

    # A fifth import: Noé leaves, Zoé arrives, Léa goes back to 6A; then undone.
    s5 = [learner('0000000001A', 'Martin', 'Léa', '6A'),
          learner('0000000002B', 'Durand', 'Hugo', '6A'),
          learner('0000000005E', 'Blanc', 'Zoé', '6C')]
    c5 = import_apply(s5, base=counter(db, org))
    applied(admin.push_one(c5), 'fifth import')
    before_undo = counter(db, org)
    prior, _ = admin.pull_all()
    u = change('import.undo', {'import': c5['data']['import']['uuid']})
    ru = admin.push_one(u)
    applied(ru, 'undo of the latest import')
    # The record, Léa back, Noé back, Zoé tombstoned, and every other
    # student sent again as it is (a desktop's own undo may have restored
    # students this one does not touch).
    equal(ru['seq'], before_undo + 1 + len(prior['learners']),
          'undo: the record and every student of the space')
    resent, _ = admin.pull_all(after=before_undo)
    equal(sorted(resent['learners']), sorted(prior['learners']), 'undo: every student pulled again')
    state, _ = admin.pull_all()
    equal(state['imports'][c5['data']['import']['uuid']]['status'], 'undone', 'the import is undone')
    zoe = state['learners'][s5[2]['uuid']]
    equal((zoe['removed'], zoe['ine']), (True, '0000000005E'), 'the student it created: a tombstone')
    equal(state['learners'][s1[0]['uuid']]['division'], '5C', 'Léa restored')
    equal(state['learners'][s2[2]['uuid']]['disabled_at'], None, 'Noé enabled again')
    equal(admin.push_one(u), ru, 'the undo pushed again: the same answer')
    applied(admin.push_one(change('import.undo', {'import': c5['data']['import']['uuid']})),
            'an import already undone: nothing more to do')

    # The tombstone's INE comes back: the row is revived, counted created.
    c6 = import_apply(s5, base=counter(db, org))
    applied(admin.push_one(c6), 'the tombstoned student comes back')
    state, _ = admin.pull_all()
    zoe = state['learners'][s5[2]['uuid']]
    equal((zoe['removed'], zoe['disabled_at']), (False, None), 'the tombstone revived')
    equal(state['imports'][c6['data']['import']['uuid']]['created'], 1, 'a revived student counts as created')

    # A rejected file: the record only.
    rej = import_apply([])['data']['import']
    rej['errors'] = '[{"line":3}]'
    applied(admin.push_one(change('import.reject', {'import': rej})), 'a rejected file recorded')
    state, _ = admin.pull_all()
    equal((state['imports'][rej['uuid']]['status'], state['imports'][rej['uuid']]['errors']),
          ('rejected', '[{"line":3}]'), 'the rejected record as pulled')
    return state


def test_campaigns(srv, admin, member, member2, other_admin):
    db = srv.db()
    org = admin.org

    # Creation: any member; owner_id from the signed-in user when not given.
    camp = campaign_row('SYNC123', 'Évaluation 6e')
    applied(member.push_one(change('campaign.create', {'campaign': camp})), "a member's campaign")
    state, _ = admin.pull_all()
    row = state['campaigns'][camp['uuid']]
    equal(row['owner_id'], member.user_id, 'owner_id: the creator when the desktop gave none')
    equal((row['code'], row['multiple_sendings'], row['deleted_at']), ('SYNC123', False, None),
          'the campaign as pulled')

    # The code is unique over the whole server.
    dup = campaign_row('SYNC123', 'Copie')
    r = other_admin.push_one(change('campaign.create', {'campaign': dup}))
    refused(r, 'CAMPAIGN_CODE_TAKEN',
            'Le code SYNC123 est déjà pris sur le serveur : la campagne « Copie » n\'a pas été créée. '
            'Créez-la de nouveau pour recevoir un autre code.', 'a code taken by another space')
    equal(r['current'], {'campaigns': []}, 'code taken: the server has none of this campaign')
    refused(admin.push_one(change('campaign.create', {'campaign': dict(dup, uuid=new_id())})),
            'CAMPAIGN_CODE_TAKEN', None, 'a code taken in the same space')

    # Rights: a member who is not the owner cannot manage it.
    for kind, data in (('campaign.update', {'campaign': camp['uuid'], 'fields': {'name': 'Pirate'}}),
                       ('campaign.archive', {'campaign': camp['uuid'], 'archived': True}),
                       ('campaign.delete', {'campaign': camp['uuid']})):
        r = member2.push_one(change(kind, data))
        refused(r, 'FORBIDDEN', CAMPAIGN_FORBIDDEN, 'another member: ' + kind)
        equal([c['name'] for c in r['current'].get('campaigns', [])], ['Évaluation 6e'],
              'FORBIDDEN: current holds the server row')
    refused(member.push_one(change('campaign.update', {'campaign': new_id(), 'fields': {'name': 'x'}})),
            'CAMPAIGN_NOT_FOUND', CAMPAIGN_NOT_FOUND, 'an unknown campaign')

    # Last writer wins per field, in server order: the owner renames, the
    # administrator sets the title, then an older rename arrives last.
    applied(member.push_one(change('campaign.update', {'campaign': camp['uuid'], 'fields': {'name': 'A'}},
                                   at=now_iso())), 'the owner renames')
    applied(admin.push_one(change('campaign.update', {'campaign': camp['uuid'],
                                                      'fields': {'title': 'Titre', 'landing_text': 'Bonjour'}})),
            'an administrator edits')
    applied(member.push_one(change('campaign.update', {'campaign': camp['uuid'], 'fields': {'name': 'B'}},
                                   at=now_iso(-3600))), 'an older edit arrives last')
    state, _ = admin.pull_all()
    row = state['campaigns'][camp['uuid']]
    equal((row['name'], row['title'], row['landing_text']), ('B', 'Titre', 'Bonjour'),
          'last writer wins per field, in server order')
    for fields, what in (({'code': 'NEW'}, 'a field that is not editable'),
                         ({'name': 5}, 'a field of the wrong type'),
                         ({'name': None}, 'a null name'), ({}, 'no field')):
        refused(member.push_one(change('campaign.update', {'campaign': camp['uuid'], 'fields': fields})),
                'MALFORMED_CHANGE', MALFORMED, 'update: ' + what)

    # Ownership handed over: the new owner may, the old one no longer.
    applied(admin.push_one(change('campaign.update', {'campaign': camp['uuid'],
                                                      'fields': {'owner_id': member2.user_id, 'owner': 'Alex Second'}})),
            'an administrator hands the campaign over')
    applied(member2.push_one(change('campaign.archive', {'campaign': camp['uuid'], 'archived': True})),
            'the new owner archives')
    refused(member.push_one(change('campaign.update', {'campaign': camp['uuid'], 'fields': {'name': 'C'}})),
            'FORBIDDEN', CAMPAIGN_FORBIDDEN, 'the former owner')
    state, _ = admin.pull_all()
    row = state['campaigns'][camp['uuid']]
    check(row['archived_at'] is not None and row['archived_by'] == 'Alex Second',
          'archived: at and by the signed-in user (%r)' % row)
    applied(admin.push_one(change('campaign.archive', {'campaign': camp['uuid'], 'archived': False})),
            'unarchived by an administrator')
    state, _ = admin.pull_all()
    equal((state['campaigns'][camp['uuid']]['archived_at'], state['campaigns'][camp['uuid']]['archived_by']),
          (None, None), 'unarchived')
    refused(admin.push_one(change('campaign.archive', {'campaign': camp['uuid'], 'archived': 'yes'})),
            'MALFORMED_CHANGE', MALFORMED, 'archive: not a boolean')
    return camp


def test_participations_and_delete(srv, workdir, admin, member2, camp, students):
    db = srv.db()
    org = admin.org
    learners = [u for u, l in students['learners'].items() if not l['removed']]
    rows = []
    for i, lu in enumerate(learners[:3]):
        rows.append({'uuid': new_id(), 'campaign': camp['uuid'], 'learner': lu, 'status': 'SHARED',
                     'created_at': now_iso(), 'shared_at': now_iso(), 'mastery_rate': 0.1 * (i + 1),
                     'progression': 1, 'pix_score': 12 + i, 'validated_skills': 3, 'is_certifiable': None,
                     'is_improved': False, 'attempt': 1, 'external_id': 'ext-%d' % i,
                     'deleted_at': None, 'deleted_by': None, 'results': 'AAEC', 'seq': 999})
    path = os.path.join(workdir, 'participations.json')
    with open(path, 'w') as f:
        json.dump(rows, f)
    before = counter(db, org)
    r = srv.admin('participations', 'import', org, path)
    check(str(before + 3).encode() in r.stdout, 'participations import: prints the seq (%r)' % r.stdout)
    equal(counter(db, org), before + 3, 'participations import: one seq a row')
    state, _ = admin.pull_all(after=before)
    got = state['participations']
    equal(len(got), 3, 'the imported participations are pulled')
    p0 = got[rows[0]['uuid']]
    equal((p0['mastery_rate'], p0['is_improved'], p0['is_certifiable'], p0['results'], p0['seq']),
          (0.1, False, None, 'AAEC', before + 1), 'a participation as pulled')
    # Upserted again: new seqs, no new row.
    rows[0]['pix_score'] = 40
    with open(path, 'w') as f:
        json.dump(rows[:1], f)
    srv.admin('participations', 'import', org, path)
    equal(count(db, 'sync_participations', org), 3, 'an upsert does not duplicate')
    # Refused files: nothing written.
    for bad, what in (([dict(rows[0], campaign=new_id())], 'an unknown campaign'),
                      ([dict(rows[0], learner=new_id())], 'an unknown learner'),
                      ([dict(rows[0], pix_score='x')], 'a field of the wrong type'),
                      ([rows[1], rows[1]], 'a uuid twice'), ({'a': 1}, 'not an array')):
        with open(path, 'w') as f:
            json.dump(bad, f)
        seq = counter(db, org)
        r = srv.admin('participations', 'import', org, path, check=False)
        check(r.returncode == 2 and r.stderr.strip() != b'', 'participations import refuses %s (%d %r)'
              % (what, r.returncode, r.stderr))
        equal(counter(db, org), seq, 'nothing written for ' + what)
    r = srv.admin('participations', 'import', new_id(), path, check=False)
    equal(r.returncode, 2, 'participations import into an unknown space')

    # Delete wins over every later edit; participations anonymised.
    applied(admin.push_one(change('campaign.delete', {'campaign': new_id()})),
            'deleting an unknown campaign: nothing to do')
    before = counter(db, org)
    rd = member2.push_one(change('campaign.delete', {'campaign': camp['uuid']}))
    applied(rd, 'the owner deletes')
    equal(rd['seq'], before + 1 + 3, 'delete: the campaign and its three participations')
    state, _ = admin.pull_all(after=before)
    row = state['campaigns'][camp['uuid']]
    check(row['deleted_at'] is not None and row['deleted_by'] == 'Alex Second', 'deleted: at and by')
    check(all(p['learner'] is None and p['external_id'] is None for p in state['participations'].values())
          and len(state['participations']) == 3, 'participations anonymised, each pulled again')
    deleted_message = ('La campagne « B » a été supprimée sur un autre poste : '
                       'votre modification n\'a pas été enregistrée.')
    refused(admin.push_one(change('campaign.update', {'campaign': camp['uuid'], 'fields': {'name': 'Z'}})),
            'CAMPAIGN_DELETED', deleted_message, 'an edit after the delete')
    r = member2.push_one(change('campaign.archive', {'campaign': camp['uuid'], 'archived': True}))
    refused(r, 'CAMPAIGN_DELETED', deleted_message, 'an archive after the delete')
    check(r['current']['campaigns'][0]['deleted_at'] is not None, 'CAMPAIGN_DELETED: current is the deleted row')
    applied(member2.push_one(change('campaign.delete', {'campaign': camp['uuid']})), 'deleted twice: nothing more')
    # The code stays taken.
    refused(admin.push_one(change('campaign.create', {'campaign': campaign_row('SYNC123', 'Encore')})),
            'CAMPAIGN_CODE_TAKEN', None, "a deleted campaign's code")


PARTICIPATION_FORBIDDEN = ('Seul le propriétaire de la campagne ou un administrateur peut supprimer '
                           'une participation.')


def test_participation_delete(srv, workdir, admin, member, member2, students):
    """participation.delete (spec §4.1): the owner or an administrator;
    every attempt of the student in the campaign, each with a seq."""
    db = srv.db()
    org = admin.org
    camp = campaign_row('PDEL123', 'Collecte à supprimer', type='PROFILES_COLLECTION', target_profile_id=None)
    applied(member.push_one(change('campaign.create', {'campaign': camp})), "the member's campaign")
    learners = [u for u, l in students['learners'].items() if not l['removed']]

    def row(lu, attempt, improved):
        return {'uuid': new_id(), 'campaign': camp['uuid'], 'learner': lu, 'status': 'SHARED',
                'created_at': now_iso(), 'shared_at': now_iso(), 'mastery_rate': 0.2, 'progression': 1,
                'pix_score': 48, 'validated_skills': 0, 'is_certifiable': True, 'is_improved': improved,
                'attempt': attempt, 'external_id': None, 'deleted_at': None, 'deleted_by': None,
                'results': 'AAEC', 'seq': 0}
    old, new, other = row(learners[0], 1, True), row(learners[0], 2, False), row(learners[1], 1, False)
    path = os.path.join(workdir, 'participations-delete.json')
    with open(path, 'w') as f:
        json.dump([old, new, other], f)
    srv.admin('participations', 'import', org, path)

    # Another member: refused, with the server's rows of both attempts.
    before = counter(db, org)
    r = member2.push_one(change('participation.delete', {'participation': new['uuid']}))
    refused(r, 'FORBIDDEN', PARTICIPATION_FORBIDDEN, 'participation.delete by another member')
    got = {p['uuid']: p for p in r['current'].get('participations', [])}
    equal(sorted(got), sorted([old['uuid'], new['uuid']]), 'FORBIDDEN: current holds both attempts')
    check(all(p['deleted_at'] is None for p in got.values()), 'FORBIDDEN: not deleted')
    equal(counter(db, org), before, 'a refused delete takes no seq')

    refused(member.push_one(change('participation.delete', {})), 'MALFORMED_CHANGE', MALFORMED,
            'participation.delete without a participation')
    applied(member.push_one(change('participation.delete', {'participation': new_id()})),
            'deleting an unknown participation: nothing to do')

    # The owner: both attempts, a seq each, pulled by every desktop.
    before = counter(db, org)
    r = member.push_one(change('participation.delete', {'participation': new['uuid']}))
    applied(r, 'the owner deletes a participation')
    equal(r['seq'], before + 2, 'participation.delete: a seq for each attempt')
    state, _ = admin.pull_all(after=before)
    equal(sorted(state['participations']), sorted([old['uuid'], new['uuid']]), 'both attempts pulled again')
    check(all(p['deleted_at'] is not None and p['deleted_by'] == 'Dominique Membre'
              for p in state['participations'].values()), 'deleted: at and by (%r)' % state['participations'])
    stored = db.query('SELECT count(*) FROM sync_participations WHERE organization_id = ? AND deleted_at IS NULL'
                      ' AND campaign = ?', (org, camp['uuid']))
    equal(int(stored[0][0]), 1, "the other student's participation is left")

    # Deleted already: nothing more. An administrator may too.
    before = counter(db, org)
    applied(member.push_one(change('participation.delete', {'participation': old['uuid']})),
            'deleted twice: nothing more')
    equal(counter(db, org), before, 'deleted twice: no seq taken')
    r = admin.push_one(change('participation.delete', {'participation': other['uuid']}))
    applied(r, 'an administrator deletes a participation')
    state, _ = admin.pull_all(after=before)
    check(state['participations'][other['uuid']]['deleted_at'] is not None, "the administrator's delete pulled")

    # A student's page loaded before the delete writes its row after it:
    # the delete wins, whether the server writes one row or many.
    for label, extra in (('one row', 0), ('many rows', 40)):
        late = dict(new, status='SHARED', mastery_rate=0.9, deleted_at=None, deleted_by=None)
        others = [row(learners[2 + (i % 3)], 10 + i, True) for i in range(extra)]
        with open(path, 'w') as f:
            json.dump([late] + others, f)
        srv.admin('participations', 'import', org, path)
        kept = db.query('SELECT deleted_at, deleted_by, mastery_rate FROM sync_participations'
                        ' WHERE organization_id = ? AND uuid = ?', (org, new['uuid']))[0]
        check(kept[0] is not None and kept[1] == 'Dominique Membre',
              'a row written after its delete stays deleted (%s): %r' % (label, kept))


def test_pages(srv, admin):
    db = srv.db()
    org = admin.org
    top = counter(db, org)
    full, pages = admin.pull_all()
    equal((len(pages), pages[-1]['more'], pages[-1]['cursor']), (1, False, top),
          'the default limit: one page up to the counter')
    # Every row exactly once across small pages (references aside).
    seen = {}
    after = 0
    npages = 0
    while True:
        r = admin.pull(after, limit=3)
        page = r.json
        npages += 1
        equal(page['after'], after, 'a page says its after')
        own = [(k, row) for k in KINDS for row in page[k] if after < row['seq'] <= page['cursor']]
        check(len(own) <= 3, 'at most limit rows of the page (%d)' % len(own))
        for k, row in own:
            check((k, row['uuid']) not in seen, 'row %s %s repeated' % (k, row['uuid']))
            seen[(k, row['uuid'])] = row['seq']
        for k in KINDS:
            for row in page[k]:
                check(row['seq'] > after, 'no row at or below after')
        if own:
            equal(page['cursor'], max(row['seq'] for _, row in own), 'the cursor: the greatest seq of the page')
        # The header announces the next page with the body's cursor, and
        # only when there is one.
        equal(r.header('Pixorga-Sync-Next-After'), str(page['cursor']) if page['more'] else None,
              'the header says the next page')
        if not page['more']:
            break
        after = page['cursor']
        if npages > 1000:
            break
    expected = sum(count(db, t, org) for t in ('sync_imports', 'sync_learners', 'sync_campaigns',
                                               'sync_participations'))
    equal(len(seen), expected, 'pages of 3: every row once')
    equal(sorted(seen.values()), sorted(int(r[0]) for t in ('sync_imports', 'sync_learners', 'sync_campaigns',
                                                             'sync_participations')
                                        for r in db.query('SELECT seq FROM %s WHERE organization_id = ?' % t, (org,))),
          'pages of 3: every seq once')
    equal(after <= top, True, 'the last cursor is within the counter')

    # A row referring to a row edited since: the page carries it.
    plain = admin.pull(top, limit=5).json
    equal((plain['cursor'], plain['more']), (top, False), 'nothing new: the cursor stays')

    r = admin.pull(0, limit=10 ** 9)
    equal((r.status, r.json['more']), (200, False), 'a limit beyond the maximum is taken as the maximum')

    # Reset: after beyond the counter.
    r = admin.pull(top + 10)
    equal((r.json['reset'], r.json['cursor'], r.json['more']), (True, 0, False), 'after beyond the counter: reset')


def test_references(srv, workdir, admin, member):
    db = srv.db()
    org = admin.org
    camp = campaign_row('REFS01', 'Références')
    applied(member.push_one(change('campaign.create', {'campaign': camp})), 'campaign for references')
    state, _ = admin.pull_all()
    lu = next(u for u, l in state['learners'].items() if not l['removed'] and not l['disabled_at'])
    rows = [{'uuid': new_id(), 'campaign': camp['uuid'], 'learner': lu, 'status': 'STARTED',
             'created_at': now_iso(), 'shared_at': None, 'mastery_rate': 0, 'progression': 0.5,
             'pix_score': 0, 'validated_skills': 0, 'is_certifiable': None, 'is_improved': False,
             'attempt': 1, 'external_id': None, 'deleted_at': None, 'deleted_by': None, 'results': None}]
    path = os.path.join(workdir, 'ref.json')
    with open(path, 'w') as f:
        json.dump(rows, f)
    before = counter(db, org)
    srv.admin('participations', 'import', org, path)
    # The campaign and the student move on after the participation.
    applied(member.push_one(change('campaign.update', {'campaign': camp['uuid'], 'fields': {'name': 'Renommée'}})),
            'the campaign edited after its participation')
    page = admin.pull(before, limit=1).json
    equal([p['uuid'] for p in page['participations']], [rows[0]['uuid']], 'the page holds the participation')
    equal(page['cursor'], before + 1, 'its cursor')
    equal([(c['uuid'], c['name']) for c in page['campaigns']], [(camp['uuid'], 'Renommée')],
          'the campaign it refers to comes along, as it is now')
    check(page['campaigns'][0]['seq'] > page['cursor'], 'the reference has a greater seq')
    check(lu not in [l['uuid'] for l in page['learners']],
          'a reference already seen (seq below after) is not repeated')
    nxt = admin.pull(page['cursor'], limit=1).json
    equal([c['uuid'] for c in nxt['campaigns']], [camp['uuid']], 'the reference comes again in its own page')

    # A learner referred to by a participation and written since, and the
    # import that wrote it: both come along.
    s7 = [dict(l, uuid=new_id()) for l in state['learners'].values() if not l['removed'] and not l['disabled_at']]
    s7 = [{k: l[k] for k in ('uuid', 'ine', 'last_name', 'preferred_last_name', 'first_name', 'middle_name',
                             'third_name', 'sex', 'birthdate', 'birth_country_code', 'birth_province_code',
                             'birth_city_code', 'birth_city', 'mef_code', 'status', 'division')} for l in s7]
    for l in s7:
        if l['uuid'] and state['learners'].get(lu, {}).get('ine') == l['ine']:
            l['division'] = '3E'
    tom = learner('0000000099Z', 'Lebrun', 'Tom', '3E')
    c7 = import_apply(s7 + [tom], base=counter(db, org))
    applied(admin.push_one(c7), 'an import after the participation')
    page = admin.pull(before, limit=1).json
    equal([(l['uuid'], l['division']) for l in page['learners']], [(lu, '3E')],
          'the student a participation refers to comes along, as it is now')
    equal([i['uuid'] for i in page['imports']], [c7['data']['import']['uuid']],
          'and the import that last wrote it')

    # Undo refused while a student it created has taken part since.
    rows2 = [dict(rows[0], uuid=new_id(), learner=tom['uuid'])]
    with open(path, 'w') as f:
        json.dump(rows2, f)
    srv.admin('participations', 'import', org, path)
    r = admin.push_one(change('import.undo', {'import': c7['data']['import']['uuid']}))
    refused(r, 'IMPORT_HAS_PARTICIPATIONS',
            'Cet import ne peut plus être annulé : 1 élève qu’il a ajouté a participé à une campagne depuis.',
            'undo of an import whose new student took part since')


def test_seeds(srv, admin, member):
    """A seed (the list of a school made offline, docs/sync.md "Adopting a
    school made offline") is applied only to a space without a list."""
    db = srv.db()
    org = admin.org
    s1 = [learner('0000000011A', 'Hors', 'Ligne', '6A'), learner('0000000012B', 'Sans', 'Réseau', '6B')]

    def seed(learners, flag=True):
        c = import_apply(learners)
        c['data']['seed'] = flag
        return c

    refused(admin.push_one(seed(s1, 'oui')), 'MALFORMED_CHANGE', MALFORMED, 'a seed flag that is not a boolean')
    r = member.push_one(seed(s1))
    refused(r, 'FORBIDDEN', IMPORT_FORBIDDEN, "a member's seed")
    equal(count(db, 'sync_learners', org), 0, 'nothing written for the refused seeds')

    first = seed(s1)
    applied(admin.push_one(first), 'a seed into a space without a list')
    equal(count(db, 'sync_learners', org), 2, 'the seed is the list')
    before = counter(db, org)
    state, _ = admin.pull_all()
    imp = state['imports'][first['data']['import']['uuid']]

    s2 = [learner('0000000013C', 'Autre', 'Poste', '5A')]
    again = seed(s2)
    body = {'protocol': 1, 'device': new_id(), 'changes': [again]}
    r = admin.push_raw(body).json['results'][0]
    refused(r, 'SEED_IGNORED',
            "Ce poste avait sa propre liste d'élèves avant d'être relié à l'espace : la liste de l'espace "
            "(importée le %s par %s) a été gardée." % (paris(imp['created_at']), imp['created_by']),
            'a seed into a space with a list')
    equal(r.get('current'), {'imports': []}, 'a seed ignored: the server has none of it')
    equal(counter(db, org), before, 'a seed ignored writes nothing')
    equal(admin.push_raw(body).json['results'][0], r, 'a seed ignored, pushed again: the same answer')

    # The same list without the flag is an ordinary import: applied.
    applied(admin.push_one(seed(s2, False)), 'an import flagged "seed": false')
    state, _ = admin.pull_all()
    equal(sorted(l['ine'] for l in state['learners'].values() if l['disabled_at'] is None), ['0000000013C'],
          'an ordinary import replaces the list')


def test_malformed(admin):
    good = change('campaign.create', {'campaign': campaign_row('MALF01', 'Bonne')})
    changes = [
        {'kind': 'campaign.delete', 'at': now_iso(), 'data': {}},                   # no id
        change('campaign.explode', {}),                                           # unknown kind
        change('campaign.create', {'campaign': dict(campaign_row('MALF02', 'x'), multiple_sendings='oui')}),
        change('campaign.create', {'campaign': dict(campaign_row('MALF03', 'x'), name=None)}),
        change('campaign.create', 'pas un objet'),
        dict(change('campaign.delete', {'campaign': new_id()}), base='12'),
        change('import.apply', {'import': {'uuid': new_id()}, 'learners': [{'uuid': new_id()}]}),
        change('import.apply', {'import': {'uuid': new_id(), 'file_name': 'f', 'format': 'csv'},
                                'learners': [learner('1', 'A', 'B', '6A'), learner('1', 'C', 'D', '6A')]}),
        change('campaign.update', {'campaign': 12, 'fields': {'name': 'x'}}),
        dict(change('campaign.delete', {'campaign': new_id()}), at='hier'),
        42,
        good,
    ]
    results = admin.push(changes)
    equal(len(results), len(changes), 'one result a change')
    for i, r in enumerate(results[:-1]):
        refused(r, 'MALFORMED_CHANGE', MALFORMED, 'malformed change %d' % i)
    equal(results[0]['id'], None, 'a change without an id: a null id')
    applied(results[-1], 'a good change after broken ones is applied')
    again = dict(good['data']['campaign'], code='MALF09')
    refused(admin.push_one(change('campaign.create', {'campaign': again})), 'MALFORMED_CHANGE', MALFORMED,
            'a campaign uuid the space already has')


def test_body_limit(srv, admin):
    db = srv.db()
    org = admin.org
    # A 2,000-student import: far beyond 64 KiB, one push.
    students = [learner('%010dX' % i, 'Nom%d' % i, 'Prénom%d' % i, '6%s' % 'ABCDEFGH'[i % 8])
                for i in range(2000)]
    c = import_apply(students, base=counter(db, org))
    body = json.dumps({'protocol': 1, 'device': admin.device, 'changes': [c]}).encode()
    check(len(body) > 64 * 1024, 'the import is bigger than the common limit (%d)' % len(body))
    started = time.monotonic()
    r = admin.push_raw(body)
    elapsed = time.monotonic() - started
    check(r.status == 200 and r.json['results'][0]['status'] == 'applied', 'a 2,000-student import: %r' % r)
    print('# push of a 2,000-student import: %.0f ms (%s)' % (elapsed * 1000, su.backend_name()), flush=True)
    equal(int(db.query("SELECT count(*) FROM sync_learners WHERE organization_id = ? AND removed = 0"
                       " AND disabled_at IS NULL", (org,))[0][0]), 2000, 'the 2,000 students active')

    # Beyond 32 MiB: 413 at once, before the body is read.
    head = ('POST /api/v1/organizations/%s/sync/push HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer %s\r\n'
            'Content-Type: application/json\r\nContent-Length: %d\r\n\r\n{"protocol": 1, '
            % (org, admin.token, 32 * 1024 * 1024 + 1)).encode()
    with socket.create_connection(('127.0.0.1', srv.port), timeout=10) as s:
        s.sendall(head)
        answer = b''
        while True:     # the server answers and closes
            data = s.recv(4096)
            if not data:
                break
            answer += data
    check(answer.startswith(b'HTTP/1.1 413') and b'PAYLOAD_TOO_LARGE' in answer,
          'a push beyond 32 MiB: 413 at once (%r)' % answer[:200])
    # The other routes keep 64 KiB, the team's included.
    r = admin.c.call('PUT', 'me/current-organization', b'{"organization_id": "' + b'x' * (70 * 1024) + b'"}',
                     token=admin.token)
    equal((r.status, r.code), (413, 'PAYLOAD_TOO_LARGE'), 'another route beyond 64 KiB')
    r = admin.c.call('POST', 'organizations/%s/leave' % org, b'{"pad": "' + b'x' * (70 * 1024) + b'"}',
                     token=admin.token)
    equal(r.status, 413, "the space's other routes beyond 64 KiB")


def test_archived(srv, other):
    srv.admin('org', 'archive', '--id', other.org)
    r = other.push_raw({'protocol': 1, 'device': other.device,
                        'changes': [change('campaign.create', {'campaign': campaign_row('ARCH01', 'Archivée')})]})
    equal((r.status, r.code), (403, 'ORGANIZATION_ARCHIVED'), 'a push into an archived space')
    equal(other.pull().status, 200, 'an archived space can still be pulled')


def test_two_processes(work, db_location, admin, other_token, other_org):
    """PostgreSQL: two processes on one database, racing. The same change
    through both is applied once; the same code in two spaces at once is
    taken once (the loser retried and refused, never a 500)."""
    import threading
    two = su.Server(os.path.join(work, 'two'), db=db_location, name='two')
    os.makedirs(two.workdir, exist_ok=True)
    two.start()
    try:
        db = two.db()
        for round_ in range(5):
            c = change('campaign.create', {'campaign': campaign_row('RACE%02d' % round_, 'Course')})
            d1 = Desktop(su.Client('127.0.0.1', int(admin.c.port)), admin.org, admin.token, admin.device)
            d2 = Desktop(two.client(), admin.org, admin.token, admin.device)
            o2 = Desktop(two.client(), other_org, other_token)
            other_c = change('campaign.create', {'campaign': campaign_row('RACE%02d' % round_, 'Autre')})
            out = {}
            threads = [threading.Thread(target=lambda k=k, d=d, ch=ch: out.__setitem__(k, d.push_one(ch)))
                       for k, d, ch in (('a', d1, c), ('b', d2, c), ('o', o2, other_c))]
            before = counter(db, admin.org)
            for t in threads:
                t.start()
            for t in threads:
                t.join()
            equal(out.get('a'), out.get('b'), 'round %d: the same change through two processes, one answer' % round_)
            equal(int(db.query('SELECT count(*) FROM sync_campaigns WHERE code = ?', ('RACE%02d' % round_,))[0][0]),
                  1, 'round %d: one campaign of that code on the server' % round_)
            statuses = sorted([out['a']['status'], out['o']['status']])
            equal(statuses, ['applied', 'refused'], 'round %d: one space wins the code' % round_)
            loser = out['a'] if out['a']['status'] == 'refused' else out['o']
            equal(loser['error']['code'], 'CAMPAIGN_CODE_TAKEN', 'round %d: the other is told' % round_)
            if out['a']['status'] == 'applied':
                equal(counter(db, admin.org), before + 1, 'round %d: applied once' % round_)
    finally:
        equal(two.stop(), 0, 'the second process stops cleanly')


def test_delay(workdir, db_location, admin_token, org):
    srv = su.Server(workdir, db=db_location, name='slow', env={'PIXORGA_SERVER_PUSH_DELAY_MS': '300'}).start()
    try:
        d = Desktop(srv.client(), org, admin_token)
        started = time.monotonic()
        results = d.push([change('campaign.create', {'campaign': campaign_row('SLOW%02d' % i, 'Lente')})
                          for i in range(3)])
        elapsed = time.monotonic() - started
        check(all(r['status'] == 'applied' for r in results), 'a slowed push is applied')
        check(elapsed >= 0.85, 'PIXORGA_SERVER_PUSH_DELAY_MS waits after each change (%.2f s)' % elapsed)
    finally:
        equal(srv.stop(), 0, 'the slowed server stops cleanly')


def main():
    work = tempfile.mkdtemp(prefix='pixorga-sync-')
    srv = su.Server(work).start()
    try:
        api = su.Api(srv)
        token, org, admin_user = api.new_school('0750001A', 'Collège Sync', 'ce.0750001a@ac.example.fr',
                                                'admin@sync.example.fr', PASSWORD)
        m_token, m_user = api.join(token, org, 'membre@sync.example.fr', PASSWORD)
        m2_token, m2_user = api.join(token, org, 'second@sync.example.fr', PASSWORD, first='Alex', last='Second')
        b_token, b_org, _ = api.new_school('0750002B', 'Lycée Autre', 'ce.0750002b@ac.example.fr',
                                           'admin@autre.example.fr', PASSWORD)
        c = srv.client()
        admin = Desktop(c, org, token)
        admin.user_id = admin_user['id']
        admin2 = Desktop(c, org, token)    # the same administrator on another desktop
        member = Desktop(c, org, m_token)
        member.user_id = m_user['id']
        member2 = Desktop(c, org, m2_token)
        member2.user_id = m2_user['id']
        other = Desktop(c, b_org, b_token)
        print('# %s: %s' % (su.backend_name(), srv.public_url), flush=True)
        started = time.monotonic()

        test_protocol_and_access(srv, admin, other)
        students = test_imports(srv, admin, member, admin2)
        camp = test_campaigns(srv, admin, member, member2, other)
        test_participations_and_delete(srv, work, admin, member2, camp, students)
        test_participation_delete(srv, work, admin, member, member2, students)
        test_references(srv, work, admin, member)
        test_malformed(admin)
        test_pages(srv, admin)
        test_body_limit(srv, admin)
        if su.pg_uri():
            test_two_processes(work, srv.db_location, admin, b_token, b_org)
        test_archived(srv, other)
        s_token, s_org, _ = api.new_school('0750003C', 'Collège Hors Ligne', 'ce.0750003c@ac.example.fr',
                                           'admin@horsligne.example.fr', PASSWORD)
        s_member_token, _ = api.join(s_token, s_org, 'membre@horsligne.example.fr', PASSWORD)
        test_seeds(srv, Desktop(c, s_org, s_token), Desktop(c, s_org, s_member_token))
        check(srv.alive(), 'the server is still up')
        equal(srv.stop(), 0, 'the server stops cleanly on SIGTERM')
        test_delay(work, srv.db_location, token, org)
        print('# %d checks in %.1f s' % (CHECKS[0], time.monotonic() - started), flush=True)
    except Exception:
        import traceback
        traceback.print_exc()
        FAILURES.append('exception')
    finally:
        srv.stop()
        if FAILURES:
            print('# server log (last 30 lines):')
            print(''.join(srv.logs().splitlines(True)[-30:]))
    if FAILURES:
        print('%d of %d checks failed; work folder kept: %s' % (len(FAILURES), CHECKS[0], work))
        return 1
    import shutil
    shutil.rmtree(work, ignore_errors=True)
    print('all %d checks passed' % CHECKS[0])
    return 0


if __name__ == '__main__':
    sys.exit(main())
