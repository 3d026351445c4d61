#!/usr/bin/env python3
"""pixorga-server's sync of the certification (issue 12, docs/sync.md,
"Certification") over real HTTP.

The real binary on loopback, on SQLite, or on PostgreSQL when
PIXORGA_TEST_PG_URI is set (tests/orga-pg.py -- this script), driven with
raw JSON as a desktop would send it, the helpers of test-server-sync.py:

  - cert_session.create: the number from the server-wide counter, in the
    answer's `current` and in the pull; applied once under two ids; the
    form's rules; a member refused;
  - cert_session.update and .delete: last writer wins, the form, a joined
    candidate stops a delete, a deleted or finalized session refuses;
  - cert_candidates.enrol all or nothing (a student of another space, one
    enrolled already), cert_candidate.remove refused after a join;
  - cert_session.finalize: its refusals (no course, an abort reason
    missing, a bad report, already finalized), then the courses still
    running ended at the finalization, the jury (a fraud report), the
    publication; nothing editable after;
  - what the pages write (`pixorga-server … cert import`, through
    orga-server-cert.h): the courses' numbers, their rules;
  - pulls: the four kinds in pages, with the rows they refer to.

SPDX-License-Identifier: GPL-3.0-or-later
"""
import importlib.util
import json
import os
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import srvtest_util as su  # noqa: E402

_spec = importlib.util.spec_from_file_location('server_sync', os.path.join(HERE, 'test-server-sync.py'))
ss = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(ss)

check, equal, change, new_id, now_iso = ss.check, ss.equal, ss.change, ss.new_id, ss.now_iso
refused, applied, counter, count, learner = ss.refused, ss.applied, ss.counter, ss.count, ss.learner
PASSWORD = ss.PASSWORD

FORBIDDEN = "Seuls les administrateurs de l'espace peuvent gérer les sessions de certification."
NOT_FOUND = ("Cette session de certification n’existe pas sur le serveur : "
             "votre modification n’a pas été enregistrée.")
FINALIZED = "Cette session est finalisée : elle ne peut plus être modifiée."
STARTED = "Un candidat a déjà rejoint cette session : elle ne peut plus être supprimée."
JOINED = "Ce candidat a déjà rejoint la session : il ne peut plus être retiré."
FRAUD = ("Une suspicion de fraude a été signalée sur le PV d’incident : "
         "la certification du candidat est annulée.")
LACK_OF_ANSWERS = ("Le candidat n’a pas répondu à au moins la moitié des questions posées : "
                   "sa certification est rejetée, avec un score de 0 pix.")
CERT_KINDS = ('cert_sessions', 'cert_candidates', 'cert_courses', 'cert_reports')
LEVELS = ','.join(['2'] * 16)


def session_row(**extra):
    row = {'uuid': new_id(), 'number': None, 'address': 'Collège Sync', 'room': 'Salle 12',
           'examiner': 'M. Surveillant', 'date': '2026-12-15', 'time': '09:30',
           'description': None, 'access_code': 'BCDF23', 'supervisor_password': 'C7KQ2',
           'certification_center': 'Collège Sync', 'created_at': now_iso(), 'created_by': 'le poste',
           'updated_at': now_iso(), 'finalized_at': None, 'finalized_by': None,
           'examiner_global_comment': None, 'has_incident': False, 'has_joining_issue': False,
           'published_at': None, 'deleted_at': None}
    row.update(extra)
    return row


def candidate_row(student, **extra):
    row = {'uuid': new_id(), 'session': None, 'learner': student['uuid'],
           'first_name': student['first_name'], 'last_name': student['last_name'],
           'birthdate': student['birthdate'], 'sex': student['sex'], 'birth_city': student['birth_city'],
           'birth_insee_code': student['birth_city_code'], 'birth_country': 'FRANCE', 'external_id': None,
           'extra_time_percentage': None, 'authorized_to_start': False, 'joined_at': None,
           'created_at': now_iso(), 'removed_at': None}
    row.update(extra)
    return row


def create(desk, **extra):
    row = session_row(**extra)
    return row, desk.push_one(change('cert_session.create', {'cert_session': row}))


def enrol(desk, session, students):
    rows = [candidate_row(s) for s in students]
    return rows, desk.push_one(change('cert_candidates.enrol',
                                      {'cert_session': session, 'cert_candidates': rows}))


def cert_import(srv, work, org, candidates=(), courses=(), check_rc=True):
    """What the pages write, through orga-server-cert.h."""
    path = os.path.join(work, 'cert-%s.json' % new_id())
    with open(path, 'w', encoding='utf-8') as f:
        json.dump({'candidates': list(candidates), 'courses': list(courses)}, f)
    return srv.admin('cert', 'import', org, path, check=check_rc)


def course_row(session, candidate, **extra):
    row = {'uuid': new_id(), 'number': None, 'session': session, 'candidate': candidate['uuid'],
           'learner': None, 'started_at': now_iso(), 'completed_at': None, 'ended_by_supervisor_at': None,
           'has_seen_end_test_screen': False, 'abort_reason': None, 'status': 'started', 'pix_score': 0,
           'levels': '', 'verification_code': None, 'jury_comment': None}
    row.update(extra)
    return row


def pull_cert(desk, after=0, limit=None):
    state = {k: {} for k in CERT_KINDS}
    while True:
        r = desk.pull(after, limit)
        if r.status != 200:
            raise AssertionError('pull: %d %s' % (r.status, r.body[:500]))
        for k in CERT_KINDS:
            for row in r.json[k]:
                state[k][row['uuid']] = row
        after = r.json['cursor']
        if not r.json['more']:
            return state


def nothing_written(db, org, before, what):
    equal(counter(db, org), before, what + ': nothing written')


# The tests


def test_create(srv, admin, member):
    db = srv.db()
    org = admin.org
    before = counter(db, org)

    row, r = create(member)
    refused(r, 'FORBIDDEN', FORBIDDEN, "a member's session")
    equal(r.get('current'), {'cert_sessions': []}, "a member's session: the server has none")
    nothing_written(db, org, before, "a member's session")

    row, r = create(admin, created_by='quelqu’un d’autre', number=7, finalized_at=now_iso(),
                    published_at=now_iso(), deleted_at=now_iso())
    applied(r, 'a session created')
    got = (r.get('current') or {}).get('cert_sessions') or [{}]
    number = got[0].get('number')
    check(isinstance(number, int) and number > 1000, 'the server gives the number (%r)' % number)
    equal((got[0].get('uuid'), got[0].get('seq')), (row['uuid'], r.get('seq')),
          'the answer carries the row as written')
    equal((got[0]['created_by'], got[0]['finalized_at'], got[0]['published_at'], got[0]['deleted_at']),
          ('Claude Proviseur', None, None, None), "the server's own fields, not the desktop's")
    equal(counter(db, org), before + 1, 'one row, one seq')

    # The same session pushed again under another id (an outbox replayed):
    # nothing written, the same number told.
    r2 = admin.push_one(change('cert_session.create', {'cert_session': row}))
    applied(r2, 'the same session again')
    equal(r2['current']['cert_sessions'][0]['number'], number, 'the same session again: its number')
    equal(counter(db, org), before + 1, 'the same session again: nothing written')

    row2, r3 = create(admin)
    equal(r3['current']['cert_sessions'][0]['number'], number + 1, 'numbers follow each other')
    # The same change again (its answer lost): its stored result, number
    # included, and no number taken.
    same = change('cert_session.create', {'cert_session': session_row()})
    first = admin.push_one(same)
    equal(admin.push_one(same), first, 'the same change twice: the same answer, its current included')
    equal(first['current']['cert_sessions'][0]['number'], number + 2, 'the same change twice: one number')
    equal(create(admin)[1]['current']['cert_sessions'][0]['number'], number + 3, 'no number lost to a replay')

    state = pull_cert(admin)
    pulled = state['cert_sessions'].get(row['uuid'], {})
    equal((pulled.get('number'), pulled.get('supervisor_password'), pulled.get('access_code')),
          (number, 'C7KQ2', 'BCDF23'), 'pulled with its number and the supervisor password')
    equal(pulled.get('has_incident'), False, 'a boolean reads back as one')

    # The form's rules, with orga_cert_session_form_check's message.
    before = counter(db, org)
    for extra, message in (({'room': '  '}, 'Le nom de la salle est obligatoire.'),
                           ({'time': '25:00'}, 'L’heure de début doit être au format HH:MM, entre 00:00 et 23:59.'),
                           ({'description': 'x' * 501}, 'Les observations ne doivent pas dépasser 500 caractères.')):
        bad, r = create(admin, **extra)
        refused(r, 'INVALID_CERT_SESSION', message, 'create with %r' % list(extra))
        equal(r.get('current'), {'cert_sessions': []}, 'create refused: the server has none')
    # A date in the past is the desktop's check: a session made offline
    # arrives later.
    past, r = create(admin, date='2020-01-06')
    applied(r, 'a session of a past day (made offline)')
    before = counter(db, org)
    for extra in ({'access_code': 'AAAA11'}, {'supervisor_password': 'abc'}, {'address': None},
                  {'has_incident': 'yes'}):
        bad, r = create(admin, **extra)
        refused(r, 'MALFORMED_CHANGE', None, 'create with %r' % extra)
    nothing_written(db, org, before, 'refused creations')
    return row, number


def test_update(srv, admin, member, session):
    db = srv.db()
    org = admin.org
    before = counter(db, org)
    at = now_iso()
    r = admin.push_one(change('cert_session.update', {'cert_session': session['uuid'],
                                                      'fields': {'room': 'CDI', 'description': 'Tiers temps : 2'}},
                              at=at))
    applied(r, 'an update')
    state = pull_cert(admin)
    got = state['cert_sessions'][session['uuid']]
    equal((got['room'], got['description'], got['address'], got['updated_at']),
          ('CDI', 'Tiers temps : 2', 'Collège Sync', at), 'the fields sent, and only those')

    r = member.push_one(change('cert_session.update', {'cert_session': session['uuid'], 'fields': {'room': 'B'}}))
    refused(r, 'FORBIDDEN', FORBIDDEN, "a member's update")
    equal([s['room'] for s in r['current']['cert_sessions']], ['CDI'], "a member's update: current has the session")
    r = admin.push_one(change('cert_session.update', {'cert_session': session['uuid'], 'fields': {'date': '2026-02-30'}}))
    refused(r, 'INVALID_CERT_SESSION', 'La date de début n’est pas une date valide (AAAA-MM-JJ).', 'an invalid date')
    equal([s['date'] for s in r['current']['cert_sessions']], ['2026-12-15'], 'an invalid date: the stored one back')
    r = admin.push_one(change('cert_session.update', {'cert_session': new_id(), 'fields': {'room': 'B'}}))
    refused(r, 'CERT_SESSION_NOT_FOUND', NOT_FOUND, 'an update of an unknown session')
    equal(r['current'], {'cert_sessions': []}, 'unknown session: current empty')
    for fields in ({'number': 5}, {'access_code': 'BCDF24'}, {'room': 3}, {}):
        refused(admin.push_one(change('cert_session.update', {'cert_session': session['uuid'], 'fields': fields})),
                'MALFORMED_CHANGE', None, 'an update of %r' % fields)
    equal(counter(db, org), before + 1, 'only the allowed update wrote')


def test_enrol_and_remove(srv, work, admin, member, session, students, stranger):
    db = srv.db()
    org = admin.org
    before = counter(db, org)

    # All or nothing: a student of another space refuses the whole list.
    rows, r = enrol(admin, session['uuid'], students[:2] + [stranger])
    refused(r, 'UNKNOWN_LEARNER',
            'Zoé Ailleurs ne fait pas partie des élèves de l’espace : aucun candidat n’a été inscrit.',
            'a student of another space')
    equal((r['current'].get('cert_sessions', [{}])[0].get('uuid'), r['current'].get('cert_candidates')),
          (session['uuid'], []), 'refused enrolment: the session and no candidate')
    rows, r = enrol(admin, session['uuid'], [dict(students[0], uuid=new_id())])
    refused(r, 'UNKNOWN_LEARNER', None, 'a student nobody knows')
    nothing_written(db, org, before, 'refused enrolments')
    rows, r = enrol(member, session['uuid'], students[:2])
    refused(r, 'FORBIDDEN', FORBIDDEN, "a member's enrolment")

    rows, r = enrol(admin, session['uuid'], students)
    applied(r, 'an enrolment')
    equal(counter(db, org), before + len(students), 'one seq a candidate')
    state = pull_cert(admin)
    got = [state['cert_candidates'].get(c['uuid'], {}) for c in rows]
    equal([(g.get('session'), g.get('learner'), g.get('authorized_to_start')) for g in got],
          [(session['uuid'], s['uuid'], False) for s in students], 'candidates pulled, in their session')

    again = admin.push_one(change('cert_candidates.enrol', {'cert_session': session['uuid'], 'cert_candidates': rows}))
    applied(again, 'the same enrolment again')
    equal(counter(db, org), before + len(students), 'the same enrolment again: nothing written')
    dup, r = enrol(admin, session['uuid'], students[:1])
    refused(r, 'CERT_CANDIDATE_ENROLLED',
            '%s %s est déjà inscrit(e) à cette session depuis un autre poste : aucun candidat n’a été inscrit.'
            % (students[0]['first_name'], students[0]['last_name']), 'a student enrolled twice')
    equal(sorted(c['uuid'] for c in r['current']['cert_candidates']), sorted(c['uuid'] for c in rows),
          "enrolled twice: the server's candidates in current")

    # Removal: before a join, and refused after.
    before = counter(db, org)
    r = member.push_one(change('cert_candidate.remove', {'cert_candidate': rows[3]['uuid']}))
    refused(r, 'FORBIDDEN', FORBIDDEN, "a member's removal")
    at = now_iso()
    applied(admin.push_one(change('cert_candidate.remove', {'cert_candidate': rows[3]['uuid']}, at=at)), 'a removal')
    equal(pull_cert(admin)['cert_candidates'][rows[3]['uuid']]['removed_at'], at, 'removed_at pulled')
    applied(admin.push_one(change('cert_candidate.remove', {'cert_candidate': rows[3]['uuid']})), 'removed twice')
    applied(admin.push_one(change('cert_candidate.remove', {'cert_candidate': new_id()})), 'an unknown candidate')
    equal(counter(db, org), before + 1, 'only the first removal wrote')

    joined = now_iso()
    cert_import(srv, work, org, candidates=[{'uuid': rows[0]['uuid'], 'joined_at': joined,
                                             'authorized_to_start': True}])
    got = pull_cert(admin)['cert_candidates'][rows[0]['uuid']]
    equal((got['joined_at'], got['authorized_to_start']), (joined, True), "the pages' join, pulled")
    before = counter(db, org)
    r = admin.push_one(change('cert_candidate.remove', {'cert_candidate': rows[0]['uuid']}))
    refused(r, 'CERT_CANDIDATE_JOINED', JOINED, 'a removal after the join')
    equal([c['joined_at'] for c in r['current']['cert_candidates']], [joined], 'after the join: current has it')
    nothing_written(db, org, before, 'a removal after the join')
    r = cert_import(srv, work, org, candidates=[{'uuid': rows[3]['uuid'], 'joined_at': now_iso()}], check_rc=False)
    equal(r.returncode, 2, 'a removed candidate cannot join')
    r = cert_import(srv, work, org, candidates=[{'uuid': new_id(), 'joined_at': now_iso()}], check_rc=False)
    equal(r.returncode, 2, 'an unknown candidate cannot join')
    path = os.path.join(work, 'bad-cert.json')
    for bad in ('{"candidates": 3}', '{"courses": [5]}', '{"candidates": [{"uuid": {}}]}', '[]'):
        with open(path, 'w') as f:
            f.write(bad)
        equal(srv.admin('cert', 'import', org, path, check=False).returncode, 2, 'cert import of %s' % bad)
    return rows


def test_delete(srv, work, admin, member, students):
    db = srv.db()
    org = admin.org
    row, r = create(admin)
    rows, r = enrol(admin, row['uuid'], students[:2])
    cert_import(srv, work, org, candidates=[{'uuid': rows[1]['uuid'], 'joined_at': now_iso()}])
    before = counter(db, org)
    r = admin.push_one(change('cert_session.delete', {'cert_session': row['uuid']}))
    refused(r, 'CERT_SESSION_STARTED', STARTED, 'a delete after a join')
    equal((len(r['current']['cert_sessions']), len(r['current']['cert_candidates'])), (1, 2),
          'a delete refused: the session and its candidates back')
    refused(member.push_one(change('cert_session.delete', {'cert_session': row['uuid']})),
            'FORBIDDEN', FORBIDDEN, "a member's delete")
    nothing_written(db, org, before, 'refused deletes')

    row, r = create(admin)
    rows, r = enrol(admin, row['uuid'], students[:2])
    at = now_iso()
    before = counter(db, org)
    applied(admin.push_one(change('cert_session.delete', {'cert_session': row['uuid']}, at=at)), 'a delete')
    equal(counter(db, org), before + 3, 'the session and its two candidates written')
    state = pull_cert(admin, after=before)
    equal(state['cert_sessions'][row['uuid']]['deleted_at'], at, 'deleted_at pulled')
    equal([state['cert_candidates'][c['uuid']]['removed_at'] for c in rows], [at, at],
          'its candidates removed with it')
    applied(admin.push_one(change('cert_session.delete', {'cert_session': row['uuid']})), 'deleted twice')
    applied(admin.push_one(change('cert_session.delete', {'cert_session': new_id()})), 'an unknown session deleted')
    equal(counter(db, org), before + 3, 'deleting again writes nothing')
    r = admin.push_one(change('cert_session.update', {'cert_session': row['uuid'], 'fields': {'room': 'B'}}))
    refused(r, 'CERT_SESSION_DELETED',
            'La session n° %d a été supprimée sur un autre poste : votre modification n’a pas été enregistrée.'
            % state['cert_sessions'][row['uuid']]['number'], 'an update of a deleted session')
    rows2, r = enrol(admin, row['uuid'], students[2:3])
    refused(r, 'CERT_SESSION_DELETED', None, 'an enrolment in a deleted session')


def finalize(desk, session, courses, at=None, **extra):
    data = {'cert_session': session, 'finalized_at': at or now_iso(), 'examiner_global_comment': None,
            'has_incident': False, 'has_joining_issue': False, 'courses': courses}
    data.update(extra)
    return desk.push_one(change('cert_session.finalize', data))


def report(category, subcategory=None, description=None, question=None):
    return {'uuid': new_id(), 'course': None, 'category': category, 'subcategory': subcategory,
            'description': description, 'question_number': question}


def test_finalize(srv, work, admin, member, session, candidates, students):
    db = srv.db()
    org = admin.org
    sid = session['uuid']
    c_done, c_running, c_ended = candidates[0], candidates[1], candidates[2]

    # No course: nothing to finalize.
    before = counter(db, org)
    r = finalize(admin, sid, [])
    refused(r, 'CERT_FINALIZATION_REFUSED',
            'Aucune certification n’a été démarrée dans cette session : elle ne peut pas être finalisée.',
            'a session without a course')
    nothing_written(db, org, before, 'a session without a course')

    # The pages' courses: numbers from the counter, the rules of a course.
    for c in (c_running, c_ended):
        cert_import(srv, work, org, candidates=[{'uuid': c['uuid'], 'joined_at': now_iso(),
                                                 'authorized_to_start': True}])
    started = now_iso(-3600)
    done = course_row(sid, c_done, started_at=started, completed_at=now_iso(-600), status='validated',
                      pix_score=256, levels=LEVELS, verification_code='P-BCDF2346')
    running = course_row(sid, c_running, started_at=started)
    ended = course_row(sid, c_ended, started_at=started, ended_by_supervisor_at=now_iso(-300))
    out = cert_import(srv, work, org, courses=[done, running, ended]).stdout.decode().split()
    numbers = [int(n) for n in out]
    check(len(numbers) == 3 and numbers[0] > 100000 and numbers == list(range(numbers[0], numbers[0] + 3)),
          'courses numbered from the counter (%r)' % numbers)
    r = cert_import(srv, work, org, courses=[course_row(sid, c_done)], check_rc=False)
    equal(r.returncode, 2, 'a second course for a candidate is refused')
    r = cert_import(srv, work, org, courses=[course_row(new_id(), c_done)], check_rc=False)
    equal(r.returncode, 2, 'a course outside its candidate’s session is refused')
    again = dict(done, number=5, session=new_id(), status='validated', pix_score=260)
    cert_import(srv, work, org, courses=[again])
    state = pull_cert(admin)
    got = state['cert_courses'][done['uuid']]
    equal((got['number'], got['session'], got['pix_score'], got['learner'], got['verification_code']),
          (numbers[0], sid, 260, c_done['learner'], 'P-BCDF2346'),
          'a course written again keeps its number, session and code; its learner is the candidate’s')
    check(state['cert_courses'][running['uuid']]['verification_code'].startswith('P-'),
          'a verification code drawn when none is given')

    # The running test: six questions drawn, one answered (the pages'
    # own tables, written behind their back): the jury's "lack of
    # answers" once the candidate is said to have left.
    db.execute("INSERT INTO cert_tests (organization_id, course, items, profile_levels) VALUES (?, ?, ?, ?)",
               (org, running['uuid'], 'q1,q2,q3,q4,q5,q6', LEVELS))
    db.execute("INSERT INTO cert_answers (organization_id, course, position, item, value, ok, answered_at)"
               " VALUES (?, ?, 1, 'q1', 'x', 1, ?)", (org, running['uuid'], now_iso()))

    courses = [{'course': done['uuid'], 'has_seen_end_test_screen': True, 'abort_reason': None,
                'reports': [report('NON_BLOCKING_TECHNICAL_ISSUE', description='Coupure réseau de 2 min')]},
               {'course': running['uuid'], 'has_seen_end_test_screen': False, 'abort_reason': 'candidate',
                'reports': []},
               {'course': ended['uuid'], 'has_seen_end_test_screen': False, 'abort_reason': 'technical',
                'reports': [report('FRAUD')]}]

    before = counter(db, org)
    r = finalize(admin, sid, [courses[0], dict(courses[1], abort_reason=None), courses[2]])
    name = '%s %s' % (c_running['first_name'], c_running['last_name'])
    refused(r, 'CERT_FINALIZATION_REFUSED',
            'La raison de l’abandon de %s est obligatoire : son test n’est pas terminé.' % name,
            'an unfinished test without an abort reason')
    cur = r['current']
    equal((len(cur['cert_sessions']), len(cur['cert_courses']), cur['cert_reports'],
           cur['cert_sessions'][0]['finalized_at']), (1, 3, [], None),
          'a refused finalization: the session and its courses as the server has them')
    r = finalize(admin, sid, [dict(courses[0], abort_reason='candidate')] + courses[1:])
    refused(r, 'CERT_FINALIZATION_REFUSED', None, 'an abort reason for a completed test')
    r = finalize(admin, sid, [dict(courses[0], reports=[report('IN_CHALLENGE', 'IMAGE_NOT_DISPLAYING')])]
                 + courses[1:])
    refused(r, 'CERT_FINALIZATION_REFUSED', None, 'a report without its question number')
    check(r['error']['message'].startswith('Signalement de '), 'a bad report: named (%r)' % r['error']['message'])
    r = finalize(admin, sid, courses, examiner_global_comment='x' * 501)
    refused(r, 'CERT_FINALIZATION_REFUSED', 'Le commentaire global de la session ne doit pas dépasser 500 caractères.',
            'a comment too long')
    refused(finalize(member, sid, courses), 'FORBIDDEN', FORBIDDEN, "a member's finalization")
    for bad in ([{'course': new_id(), 'reports': []}], [{'course': done['uuid'], 'reports': [{'uuid': 5}]}],
                [courses[0], courses[0]]):
        refused(finalize(admin, sid, bad), 'MALFORMED_CHANGE', None, 'a finalization of %r' % bad)
    nothing_written(db, org, before, 'refused finalizations')

    at = now_iso()
    r = finalize(admin, sid, courses, at=at, examiner_global_comment='RAS', has_incident=True)
    applied(r, 'a finalization')
    equal(counter(db, org), before + 1 + 3 + 2, 'the session, its three courses and two reports written')
    state = pull_cert(admin, after=before)
    s = state['cert_sessions'][sid]
    equal((s['finalized_at'], s['published_at'], s['finalized_by'], s['examiner_global_comment'],
           s['has_incident'], s['has_joining_issue']),
          (at, at, 'Claude Proviseur', 'RAS', True, False), 'the session finalized and published at once')
    d, g, e = (state['cert_courses'][c['uuid']] for c in (done, running, ended))
    equal((d['status'], d['pix_score'], d['levels'], d['has_seen_end_test_screen'], d['ended_by_supervisor_at']),
          ('validated', 260, LEVELS, True, None), 'a completed course keeps its score')
    equal((g['ended_by_supervisor_at'], g['abort_reason'], g['status'], g['pix_score'], g['jury_comment']),
          (at, 'candidate', 'rejected', 0, LACK_OF_ANSWERS),
          'a running course ended at the finalization, scored, and judged: too few answers')
    equal((e['ended_by_supervisor_at'], e['status'], e['jury_comment'], e['abort_reason']),
          (ended['ended_by_supervisor_at'], 'cancelled', FRAUD, 'technical'), 'the jury: a fraud report cancels')
    equal(sorted((x['course'], x['category']) for x in state['cert_reports'].values()),
          sorted([(done['uuid'], 'NON_BLOCKING_TECHNICAL_ISSUE'), (ended['uuid'], 'FRAUD')]),
          'the reports pulled, each with its course')

    # Finalized: nothing changes any more.
    before = counter(db, org)
    refused(finalize(admin, sid, courses), 'CERT_FINALIZATION_REFUSED', 'La session a déjà été finalisée.',
            'finalized twice')
    refused(admin.push_one(change('cert_session.update', {'cert_session': sid, 'fields': {'room': 'B'}})),
            'CERT_SESSION_FINALIZED', FINALIZED, 'an update after the finalization')
    r = admin.push_one(change('cert_candidates.enrol', {'cert_session': sid, 'cert_candidates': []}))
    refused(r, 'MALFORMED_CHANGE', None, 'an empty enrolment')
    late, r = enrol(admin, sid, students[5:6])
    refused(r, 'CERT_SESSION_FINALIZED', FINALIZED, 'an enrolment after the finalization')
    refused(admin.push_one(change('cert_candidate.remove', {'cert_candidate': candidates[4]['uuid']})),
            'CERT_SESSION_FINALIZED', FINALIZED, 'a removal after the finalization')
    refused(admin.push_one(change('cert_session.delete', {'cert_session': sid})),
            'CERT_SESSION_STARTED', STARTED, 'a delete of a finalized session')
    r = cert_import(srv, work, org, courses=[dict(running, status='validated')], check_rc=False)
    equal(r.returncode, 2, 'the pages cannot write a course of a finalized session')
    check('finalisée' in r.stderr.decode(), 'the pages are told why (%r)' % r.stderr)
    r = cert_import(srv, work, org, candidates=[{'uuid': candidates[4]['uuid'], 'authorized_to_start': True}],
                    check_rc=False)
    equal(r.returncode, 2, 'nor authorize a candidate')
    nothing_written(db, org, before, 'a finalized session')


def test_pages(srv, admin, students):
    """A row of a page whose referred rows moved on carries them."""
    db = srv.db()
    org = admin.org
    row, r = create(admin)
    seq_session = r['seq']
    rows, r = enrol(admin, row['uuid'], students[:1])
    seq_candidate = r['seq']
    applied(admin.push_one(change('cert_session.update', {'cert_session': row['uuid'], 'fields': {'room': 'Labo'}})),
            'the session moved on')
    # The student moves on too: a new import changes his class.
    moved = dict(students[0], division='3Z')
    applied(admin.push_one(ss.import_apply([moved] + students[1:], base=counter(db, org))), 'the student moved on')

    r = admin.pull(after=seq_candidate - 1, limit=1)
    page = r.json
    equal(([c['uuid'] for c in page['cert_candidates']], page['cursor']), ([rows[0]['uuid']], seq_candidate),
          'a page of the candidate only')
    equal([(s['uuid'], s['room']) for s in page['cert_sessions']], [(row['uuid'], 'Labo')],
          'it carries its session as it is now')
    equal([(l['uuid'], l['division']) for l in page['learners']], [(students[0]['uuid'], '3Z')],
          'and its student as he is now')
    equal(len(page['imports']), 1, "and the student's import")
    check(seq_session < seq_candidate, 'the session was older than the candidate')

    # Pages of one row: every certification row comes once in its own
    # page, and what it refers to is in that page or an earlier one.
    seen = {k: set() for k in CERT_KINDS}
    known = {k: set() for k in CERT_KINDS}
    after = 0
    while True:
        page = admin.pull(after=after, limit=1).json
        for k in CERT_KINDS:
            for x in page[k]:
                known[k].add(x['uuid'])
                if after < x['seq'] <= page['cursor']:
                    check(x['uuid'] not in seen[k], 'a row once in its own page')
                    seen[k].add(x['uuid'])
        for x in page['cert_candidates']:
            check(x['session'] in known['cert_sessions'], 'a candidate’s session pulled by then')
        for x in page['cert_courses']:
            check(x['candidate'] in known['cert_candidates'] and x['session'] in known['cert_sessions'],
                  'a course’s candidate and session pulled by then')
        for x in page['cert_reports']:
            check(x['course'] in known['cert_courses'], 'a report’s course pulled by then')
        after = page['cursor']
        if not page['more']:
            break
    state = pull_cert(admin)
    equal({k: len(seen[k]) for k in CERT_KINDS}, {k: len(state[k]) for k in CERT_KINDS},
          'paged pulls carry every certification row')


def main():
    work = tempfile.mkdtemp(prefix='pixorga-sync-cert-')
    srv = su.Server(work).start()
    try:
        api = su.Api(srv)
        token, org, admin_user = api.new_school('0750001A', 'Collège Sync', 'ce.0750001a@ac.example.fr',
                                                'admin@sync.example.fr', PASSWORD)
        m_token, _ = api.join(token, org, 'membre@sync.example.fr', PASSWORD)
        b_token, b_org, _ = api.new_school('0750002B', 'Lycée Autre', 'ce.0750002b@ac.example.fr',
                                           'admin@autre.example.fr', PASSWORD)
        c = srv.client()
        admin = ss.Desktop(c, org, token)
        member = ss.Desktop(c, org, m_token)
        other = ss.Desktop(c, b_org, b_token)
        print('# %s: %s' % (su.backend_name(), srv.public_url), flush=True)
        started = time.monotonic()

        students = [learner('00000000%02dA' % i, 'Nom%d' % i, 'Prénom%d' % i, '3A') for i in range(1, 7)]
        applied(admin.push_one(ss.import_apply(students)), 'the students imported')
        stranger = learner('0000000099Z', 'Ailleurs', 'Zoé', '2B')
        applied(other.push_one(ss.import_apply([stranger])), "another space's student")

        session, number = test_create(srv, admin, member)
        test_update(srv, admin, member, session)
        candidates = test_enrol_and_remove(srv, work, admin, member, session, students[:5], stranger)
        test_delete(srv, work, admin, member, students)
        test_finalize(srv, work, admin, member, session, candidates, students)
        test_pages(srv, admin, students)
        check(srv.alive(), 'the server is still up')
        print('# %d checks in %.1f s' % (ss.CHECKS[0], time.monotonic() - started), flush=True)
    except Exception:
        import traceback
        traceback.print_exc()
        ss.FAILURES.append('exception')
    finally:
        srv.stop()
        if ss.FAILURES:
            print('# server log (last 30 lines):')
            print(''.join(srv.logs().splitlines(True)[-30:]))
    if ss.FAILURES:
        print('%d of %d checks failed; work folder kept: %s' % (len(ss.FAILURES), ss.CHECKS[0], work))
        return 1
    import shutil
    shutil.rmtree(work, ignore_errors=True)
    print('all %d checks passed' % ss.CHECKS[0])
    return 0


if __name__ == '__main__':
    sys.exit(main())
