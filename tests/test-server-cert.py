#!/usr/bin/env python3
"""The certification's pages over real HTTP (issue 12, item 3).

The real pixorga-server on loopback, on SQLite, or on PostgreSQL when
PIXORGA_TEST_PG_URI is set (tests/orga-pg.py -- this script). Sessions
and candidates are written into sync_cert_* by SQL, as a desktop's push
leaves them; browsers are student_util.Student (cookies, forms, the CSRF
token, no JavaScript, no redirect followed).

  - /surveillance: a wrong password or number refused with Pix's
    sentence, a finalized session refused, throttling, the header, the
    list, ticks (authorized_to_start, the counter), the search;
  - /certification: a wrong access code, an identity that matches no
    candidate (and one that matches after normalisation), joined_at;
  - not authorised: waiting (Refresh header), no course; authorised: the
    course and its 48 questions (3 per competence), every one answered
    right, the course scored (levels computed here from the items drawn);
  - a candidate back in another browser waits for "Autoriser la reprise",
    then goes on where they were; the old browser is out;
  - "Terminer le test": a confirmation first, then ended and scored; the
    candidate sees the end screen and can answer no more;
  - results and /verification-certificat: nothing before publication,
    everything after (the code in any case, without "P-"); a rejected
    course never; a finalized session closes the supervisor's space.

SPDX-License-Identifier: GPL-3.0-or-later
"""
import os
import re
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import assessment_util as au  # noqa: E402
from student_util import Desktop, Student, change, import_apply, learner, make_student, new_id, now_iso  # noqa: E402
import srvtest_util as su  # noqa: E402

FAILURES = []
CHECKS = [0]
WRONG_SUPERVISOR = 'Le numéro de session et/ou le mot de passe saisis sont incorrects.'
WRONG_CANDIDATE = 'Le numéro de session et/ou le code d’accès saisis sont incorrects.'
NO_CERTIFICATE = 'Aucune certification ne correspond à ce code.'
FINALIZED = 'Cette session est finalisée'
END = 'Votre test de certification est terminé'
SEQ = [500000]


def check(cond, what):
    CHECKS[0] += 1
    if not cond:
        FAILURES.append(what)
        print('FAIL: ' + what, flush=True)
    return cond


def equal(actual, expected, what):
    return check(actual == expected, '%s: expected %r, got %r' % (what, expected, actual))


def seq():
    SEQ[0] += 1
    return SEQ[0]


def insert(db, sql, params):
    """psql's variables cannot be NULL: a None is the literal."""
    parts = sql.split('?')
    out, values = parts[0], []
    for p, rest in zip(params, parts[1:]):
        if p is None:
            out += 'NULL' + rest
        else:
            out += '?' + rest
            values.append(p)
    db.execute(out, tuple(values))


def add_session(db, org, number, password, access_code, finalized=False):
    uuid = new_id()
    insert(db, 'INSERT INTO sync_cert_sessions (organization_id, uuid, number, address, room, examiner, date, time,'
               ' access_code, supervisor_password, certification_center, created_at, created_by, updated_at,'
               ' finalized_at, seq) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
               (org, uuid, number, 'Collège Jean Moulin', 'Salle 12', 'M. Durand, Mme Petit', '2026-12-03',
                '09:00', access_code, password, 'Collège Jean Moulin (Paris)', now_iso(), 'Claude Proviseur',
                now_iso(), now_iso() if finalized else None, seq()))
    # The server numbers the sessions a push creates after ours.
    db.execute("UPDATE cert_counters SET value = ? WHERE name = 'session' AND value < ?", (number, number))
    return uuid


def add_candidate(db, org, session, first, last, birthdate, extra=None, learner=None):
    uuid = new_id()
    insert(db, 'INSERT INTO sync_cert_candidates (organization_id, uuid, session, learner, first_name, last_name,'
               ' birthdate, birth_city, extra_time_percentage, created_at, seq)'
               ' VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
               (org, uuid, session, learner or new_id(), first, last, birthdate, 'PARIS', extra, now_iso(), seq()))
    return uuid


def authorized(db, candidate):
    return int(db.query('SELECT authorized_to_start FROM sync_cert_candidates WHERE uuid = ?', (candidate,))[0][0])


def text_of(html):
    """The page's text, tags out, entities of ours back."""
    t = re.sub(r'<[^>]+>', ' ', html)
    t = t.replace('&amp;', '&').replace('&quot;', '"').replace('&#39;', "'").replace('&lt;', '<').replace('&gt;', '>')
    return re.sub(r'\s+', ' ', t)


def sign_in_supervisor(srv, number, password):
    b = Student(srv, None, 'surveillant')
    b.get('/surveillance')
    r = b.post('/surveillance', {'action': 'connexion', 'numero': number, 'mot-de-passe': password})
    return b, r


def join(srv, number, code, first, last, birthdate, browser=None):
    b = browser or Student(srv, None, first)
    b.get('/certification')
    r = b.post('/certification', {'etape': 'session', 'numero': number, 'code': code})
    if r.status != 200:
        return b, r
    y, m, d = birthdate.split('-')
    r = b.post('/certification', {'etape': 'identite', 'numero': number, 'code': code, 'prenom': first,
                                  'nom': last, 'jour': d, 'mois': m, 'annee': y})
    return b, r


def question(html):
    p = re.search(r'name="position" value="(\d+)"', html)
    q = re.search(r'name="question" value="([^"]+)"', html)
    return (int(p.group(1)), q.group(1)) if p and q else None


def answer(b, bank, right=True, skip=False):
    page = b.get('/certification/test')
    pq = question(page.text)
    if pq is None:
        return None, page
    form = {'position': str(pq[0]), 'question': pq[1], 'action': 'passer' if skip else 'valider'}
    if not skip:
        form.update(bank.form(pq[1], right))
    return pq, b.post('/certification/test', form)


def course_of(db, candidate):
    rows = db.query('SELECT uuid, status, pix_score, levels, completed_at, ended_by_supervisor_at, verification_code,'
                    ' number FROM sync_cert_courses WHERE candidate = ?', (candidate,))
    # psql gives '' for NULL
    return [None if v == '' else v for v in rows[0]] if rows else None


def test_supervisor(ctx):
    srv, db = ctx.srv, ctx.db
    _, r = sign_in_supervisor(srv, '1001', 'XXXXX')
    equal(r.status, 422, 'a wrong password')
    check(WRONG_SUPERVISOR in text_of(r.text), 'a wrong password: Pix’s sentence')
    check('orga_surveillant=' not in str(r.headers), 'a wrong password: no cookie')
    _, r = sign_in_supervisor(srv, '9999', ctx.password)
    equal(r.status, 422, 'a wrong number')
    check(WRONG_SUPERVISOR in text_of(r.text), 'a wrong number: the same sentence')
    _, r = sign_in_supervisor(srv, 'abc', ctx.password)
    equal(r.status, 422, 'a number that is none')
    _, r = sign_in_supervisor(srv, '1002', 'FINAL')
    equal(r.status, 403, 'a finalized session refused')
    check(FINALIZED in text_of(r.text), 'a finalized session: said')

    # Throttled by session number: the right password after 10 failures.
    for _ in range(10):
        sign_in_supervisor(srv, '1003', 'ZZZZZ')
    _, r = sign_in_supervisor(srv, '1003', 'THROT')
    equal(r.status, 429, 'the 11th try within 15 minutes')

    sup, r = sign_in_supervisor(srv, '1001', ' c-' + ctx.password.lower())
    equal(r.status, 303, 'the right number and password (typed "c-…" in lower case)')
    r = sup.get('/surveillance')
    t = text_of(r.text)
    equal(r.status, 200, 'the supervisor’s page')
    for part in ('Session 1001', 'Nom du site', 'Collège Jean Moulin', 'Salle 12', 'M. Durand, Mme Petit',
                 'Code d’accès (candidats)', ctx.access_code,
                 'Cochez chaque candidat présent dans la salle de test pour l’autoriser à commencer son test de '
                 'certification.', '0/3 candidats sélectionnés', 'MARTIN Léa', 'Né(e) le 05/03/2012',
                 'Temps majoré : 30', 'BERNARD Noé', 'PETIT Inès'):
        check(part in t, 'the supervisor’s page shows %r' % part)
    check('Durand Zoé' not in t, 'another session’s candidate not listed')
    r = sup.get('/surveillance?recherche=noe')
    t = text_of(r.text)
    check('BERNARD Noé' in t and 'MARTIN Léa' not in t, 'the search, accents ignored')

    # A tick without the CSRF token: nothing.
    saved = sup.csrf
    sup.csrf = 'x'
    r = sup.post('/surveillance', {'action': 'autoriser', 'candidat': ctx.lea})
    sup.csrf = saved
    equal(r.status, 403, 'a tick without the form’s token')
    equal(authorized(db, ctx.lea), 0,
          'nothing authorised without the token')
    # Another session's candidate: nothing.
    sup.post('/surveillance', {'action': 'autoriser', 'candidat': ctx.zoe})
    equal(authorized(db, ctx.zoe), 0,
          'another session’s candidate cannot be ticked')
    ctx.sup = sup


def test_candidate_entry(ctx):
    srv, db = ctx.srv, ctx.db
    _, r = join(srv, '1001', 'BBBB22', 'Léa', 'Martin', '2012-03-05')
    equal(r.status, 422, 'a wrong access code')
    check(WRONG_CANDIDATE in text_of(r.text), 'a wrong access code: said')
    _, r = join(srv, '1001', ctx.access_code, 'Léa', 'Martin', '2012-03-06')
    equal(r.status, 422, 'a birth date that is not the candidate’s')
    check('Nous ne vous trouvons pas parmi les candidats' in text_of(r.text), 'the identity mismatch: said')
    _, r = join(srv, '1001', ctx.access_code, 'Zoé', 'Durand', '2011-01-01')
    equal(r.status, 422, 'another session’s candidate')
    _, r = join(srv, '1001', ctx.access_code, 'Léa', 'Martin', '2012-13-05')
    equal(r.status, 422, 'a date that is none')
    # Throttled by session number: the right code after 60 failures.
    for _ in range(60):
        join(srv, '1003', 'ZZZZ99', 'Léa', 'Martin', '2012-03-05')
    _, r = join(srv, '1003', ctx.access_code, 'Léa', 'Martin', '2012-03-05')
    equal(r.status, 429, 'the 61st access code within 15 minutes')
    check('Trop de tentatives pour cette session' in text_of(r.text), 'the throttle: said')
    _, r = join(srv, '1001', 'BBBB22', 'Léa', 'Martin', '2012-03-05')
    equal(r.status, 422, 'another session is not throttled')
    before = db.query('SELECT sync_seq FROM organizations WHERE id = ?', (ctx.org,))[0][0]
    lea, r = join(srv, '1001', ctx.access_code.lower(), '  LEA ', 'martin', '2012-03-05')
    equal(r.status, 303, 'the identity, normalised')
    equal(r.header('Location'), '/certification/test', 'then the test’s page')
    row = db.query('SELECT joined_at, seq FROM sync_cert_candidates WHERE uuid = ?', (ctx.lea,))[0]
    check(row[0] is not None and row[0] != '', 'joined_at set')
    check(int(row[1]) > int(before), 'the candidate row took the space’s next seq')
    ctx.lea_browser = lea

    # Not authorised: waiting, and "commencer" does nothing.
    r = lea.get('/certification/test')
    equal(r.status, 200, 'the waiting page')
    check('Attendez que votre surveillant vous autorise' in text_of(r.text), 'waiting: said')
    check(r.header('Refresh') is not None, 'waiting: the page reloads itself')
    check('Actualiser' in r.text, 'waiting: "Actualiser"')
    lea.post('/certification/test', {'action': 'commencer'})
    check(course_of(db, ctx.lea) is None, 'no course without the supervisor’s authorisation')
    r = Student(srv, None, 'x').get('/certification/test')
    equal(r.status, 303, 'the test’s page without an identity goes back to the entry')


def test_authorised_run(ctx):
    srv, db, sup, lea, bank = ctx.srv, ctx.db, ctx.sup, ctx.lea_browser, ctx.bank
    sup.get('/surveillance')
    r = sup.post('/surveillance', {'action': 'autoriser', 'candidat': ctx.lea})
    equal(r.status, 303, 'a tick')
    equal(authorized(db, ctx.lea), 1,
          'the tick authorises')
    check('1/3 candidats sélectionnés' in text_of(sup.get('/surveillance').text), 'the counter: 1/3')
    sup.post('/surveillance', {'action': 'retirer', 'candidat': ctx.lea})
    check('0/3 candidats sélectionnés' in text_of(sup.get('/surveillance').text), 'untick: 0/3')
    sup.post('/surveillance', {'action': 'autoriser', 'candidat': ctx.lea})

    r = lea.get('/certification/test')
    check('Commencer mon test' in r.text, 'authorised: the start button')
    r = lea.post('/certification/test', {'action': 'commencer'})
    equal(r.status, 303, 'start')
    lea.post('/certification/test', {'action': 'commencer'})
    equal(len(db.query('SELECT 1 FROM sync_cert_courses WHERE candidate = ?', (ctx.lea,))), 1,
          'one course, whatever the clicks')
    course = course_of(db, ctx.lea)
    equal(course[1], 'started', 'the course is started')
    check(re.fullmatch(r'P-[2346789BCDFGHJKMPQRTVWXY]{8}', course[6]) is not None,
          'a verification code of the spec’s shape: %r' % course[6])
    check(int(course[7]) > 100000, 'a course number from the counter')
    items = db.query('SELECT items FROM cert_tests WHERE course = ?', (course[0],))[0][0].split(',')
    equal(len(items), 48, '48 questions')
    by_competence = {}
    for item_id in items:
        comp = ctx.competence_of[item_id]
        by_competence.setdefault(comp, []).append(item_id)
    equal(sorted(len(v) for v in by_competence.values()), [3] * 16, '3 questions in each of the 16 competences')
    equal(len(set(items)), 48, 'no question twice')
    check('Commencer' not in sup.get('/surveillance').text and
          'En cours' in text_of(sup.get('/surveillance').text), 'the supervisor sees "En cours"')

    # "Je valide" without an answer: the same question, said.
    r = lea.get('/certification/test')
    pos, item = question(r.text)
    equal(pos, 1, 'the first question')
    check(item == items[0], 'the first question is the first drawn')
    r = lea.post('/certification/test', {'position': '1', 'question': item, 'action': 'valider'})
    equal(r.status, 422, '"Je valide" without an answer')
    # A stale position: nothing stored.
    lea.post('/certification/test', dict(bank.form(item, True), position='2', question=item, action='valider'))
    equal(len(db.query('SELECT 1 FROM cert_answers WHERE course = ?', (course[0],))), 0,
          'an answer for another position is not stored')
    # No page holds its answer.
    check(not bank.leaks(r.text, item), 'the question page does not give its answer away')

    for i in range(48):
        pq, r = answer(lea, bank, right=True)
        if not check(pq is not None and pq[0] == i + 1, 'question %d shown' % (i + 1)):
            break
    r = lea.get('/certification/test')
    check(END in text_of(r.text), 'the end screen')
    check(' pix' not in text_of(r.text), 'no result before publication')
    course = course_of(db, ctx.lea)
    check(course[4] is not None, 'completed_at set')
    equal(course[1], 'validated', 'all right: validated')
    expected_levels = []
    for c in range(16):
        highest = max(ctx.difficulty_of[i] for i in by_competence[c])
        expected_levels.append(min(highest, 7))
    equal(course[3], ','.join(str(v) for v in expected_levels), 'the levels: the highest skill asked')
    equal(int(course[2]), sum(v * 8 + 3 for v in expected_levels), 'the pix score')
    check('Terminé' in text_of(ctx.sup.get('/surveillance').text), 'the supervisor sees "Terminé"')
    ctx.lea_course = course


def test_resume(ctx):
    srv, db, sup, bank = ctx.srv, ctx.db, ctx.sup, ctx.bank
    sup.get('/surveillance')
    sup.post('/surveillance', {'action': 'autoriser', 'candidat': ctx.noe})
    noe, r = join(srv, '1001', ctx.access_code, 'Noé', 'Bernard', '2011-11-20')
    noe.post('/certification/test', {'action': 'commencer'})
    answer(noe, bank, right=True)
    answer(noe, bank, skip=True)
    course = course_of(db, ctx.noe)
    equal(len(db.query('SELECT 1 FROM cert_answers WHERE course = ?', (course[0],))), 2, 'two answers stored')

    # The window closed: another browser, the identity again.
    other, r = join(srv, '1001', ctx.access_code, 'Noé', 'Bernard', '2011-11-20')
    equal(r.status, 303, 'back with the identity')
    r = other.get('/certification/test')
    check('Votre test a été interrompu' in text_of(r.text), 'the new browser waits for the supervisor')
    other.post('/certification/test', {'action': 'reprendre'})
    check('Votre test a été interrompu' in text_of(other.get('/certification/test').text),
          'no resume without the supervisor')
    check('En cours' in text_of(sup.get('/surveillance').text), 'still "En cours"')
    sup.post('/surveillance', {'action': 'reprise', 'candidat': ctx.noe})
    check('Autorisé à reprendre' in text_of(sup.get('/surveillance').text), 'the supervisor sees "Autorisé à reprendre"')
    r = other.get('/certification/test')
    check('Reprendre mon test' in r.text, 'the resume button')
    other.post('/certification/test', {'action': 'reprendre'})
    r = other.get('/certification/test')
    pq = question(r.text)
    check(pq is not None and pq[0] == 3, 'resumed where it was: question 3')
    check('Votre test a été interrompu' in text_of(noe.get('/certification/test').text),
          'the first browser is out')
    check('Autorisé à reprendre' not in text_of(sup.get('/surveillance').text), 'back to "En cours"')
    ctx.noe_browser = other


def test_end_by_supervisor(ctx):
    db, sup, noe, bank = ctx.db, ctx.sup, ctx.noe_browser, ctx.bank
    sup.get('/surveillance')
    r = sup.post('/surveillance', {'action': 'terminer', 'candidat': ctx.noe})
    equal(r.status, 200, '"Terminer le test" asks first')
    check('irréversible' in r.text, 'the confirmation says it is irreversible')
    check(course_of(db, ctx.noe)[5] is None, 'nothing ended before the confirmation')
    r = sup.post('/surveillance', {'action': 'terminer-confirme', 'candidat': ctx.noe})
    equal(r.status, 303, 'confirmed')
    course = course_of(db, ctx.noe)
    check(course[5] is not None and course[4] is None, 'ended by the supervisor, not completed')
    check(course[1] in ('validated', 'rejected') and course[3] is not None, 'scored')
    check('Terminé' in text_of(sup.get('/surveillance').text), 'the supervisor sees "Terminé"')
    r = noe.get('/certification/test')
    check(END in text_of(r.text), 'the candidate sees the end screen')
    n = len(db.query('SELECT 1 FROM cert_answers WHERE course = ?', (course[0],)))
    answer(noe, bank)
    noe.post('/certification/test', {'position': '3', 'question': 'x', 'action': 'passer'})
    equal(len(db.query('SELECT 1 FROM cert_answers WHERE course = ?', (course[0],))), n, 'no answer after the end')
    ctx.noe_course = course


def test_profile(ctx):
    """A candidate whose student account here has a profile: questions only
    in her competences at level 1 or more, at or under that level."""
    srv, db, fw = ctx.srv, ctx.db, ctx.fw
    learner = new_id()
    session = add_session(db, ctx.org, 1005, 'PRFL2', 'XYBC78')
    jade = add_candidate(db, ctx.org, session, 'Jade', 'MOREAU', '2012-01-15', learner=learner)
    account, _ = make_student(db, ctx.org, learner, 'Jade', 'Moreau')
    skills = []
    for name, comp, mask in fw.tubes.values():
        if comp in (0, 5, 12):
            for d in (1, 2, 3) if comp == 12 else (1, 2):
                if mask & (1 << (d - 1)):
                    skills.append('%s%d' % (name, d))
    for skill in skills:
        db.execute("INSERT INTO student_knowledge (account_id, skill, status, updated_at) VALUES (?, ?, 'validated', ?)",
                   (account, skill, now_iso()))
    # A failed skill counts for nothing.
    db.execute("INSERT INTO student_knowledge (account_id, skill, status, updated_at) VALUES (?, ?, 'invalidated', ?)",
               (account, [n for n, c, _ in fw.tubes.values() if c == 3][0] + '1', now_iso()))
    pix, _ = fw.pix(skills)
    levels = [min(int(p + 1e-9) // 8, 7) for p in pix]
    check(levels[0] >= 1 and levels[5] >= 1 and levels[12] >= 1 and sum(1 for v in levels if v) == 3,
          'the profile has 3 competences at level 1 or more: %r' % levels)
    sup, r = sign_in_supervisor(srv, '1005', 'PRFL2')
    sup.get('/surveillance')
    sup.post('/surveillance', {'action': 'autoriser', 'candidat': jade})
    b, r = join(srv, '1005', 'XYBC78', 'Jade', 'Moreau', '2012-01-15')
    b.post('/certification/test', {'action': 'commencer'})
    course = course_of(db, jade)
    row = db.query('SELECT items, profile_levels FROM cert_tests WHERE course = ?', (course[0],))[0]
    equal(row[1], ','.join(str(v) for v in levels), 'the profile stored with the test')
    items = row[0].split(',')
    equal(len(items), 9, '3 questions in each of the 3 competences of the profile')
    equal(sorted(set(ctx.competence_of[i] for i in items)), [0, 5, 12], 'only the profile\'s competences')
    for i in items:
        check(ctx.difficulty_of[i] <= levels[ctx.competence_of[i]],
              '%s: at or under the profile\'s level' % i)
    r = b.get('/certification/test')
    check('Question 1 sur 9' in text_of(r.text), '"Question 1 sur 9"')


def test_verification(ctx):
    srv, db = ctx.srv, ctx.db
    code = ctx.lea_course[6]
    v = Student(srv, None, 'public')
    r = v.get('/verification-certificat')
    equal(r.status, 200, 'the verification form')
    r = v.get('/verification-certificat?code=' + code)
    equal(r.status, 404, 'unpublished: not found')
    check(NO_CERTIFICATE in text_of(r.text), 'unpublished: said')
    r = v.get('/verification-certificat?code=zzz')
    equal(r.status, 404, 'a code that is none')

    # The desktop finalizes, Pix publishes (cert-server-sync's part).
    db.execute('UPDATE sync_cert_sessions SET finalized_at = ?, published_at = ? WHERE uuid = ?',
               (now_iso(), now_iso(), ctx.session))
    db.execute("UPDATE sync_cert_courses SET status = 'rejected' WHERE uuid = ?", (ctx.noe_course[0],))
    r = v.get('/verification-certificat?code=' + code[2:].lower())
    equal(r.status, 200, 'published: found, the code typed in lower case without "P-"')
    t = text_of(r.text)
    for part in ('Léa MARTIN', '05/03/2012', 'PARIS', 'Collège Jean Moulin (Paris)', '%s pix' % ctx.lea_course[2],
                 'Mener une recherche et une veille d’information', code):
        check(part in t, 'the certificate shows %r' % part)
    equal(len(re.findall(r'<tr><td>', r.text)), 16, '16 competences')
    r = v.get('/verification-certificat?code=' + ctx.noe_course[6])
    equal(r.status, 404, 'a rejected course is not shown')

    r = ctx.lea_browser.get('/certification/test')
    t = text_of(r.text)
    check('Validée' in t and '%s pix' % ctx.lea_course[2] in t and code in t,
          'the candidate sees the status, the score and the code once published')

    # Finalized: the supervisor's space closes, a candidate not started cannot start.
    r = ctx.sup.get('/surveillance')
    equal(r.status, 403, 'the supervisor’s cookie after the finalization')
    check(FINALIZED in text_of(r.text), 'finalized: said')
    _, r = join(srv, '1001', ctx.access_code, 'Inès', 'Petit', '2012-06-30')
    equal(r.status, 403, 'a candidate not started cannot join a finalized session')
    lea2, r = join(srv, '1001', ctx.access_code, 'Léa', 'Martin', '2012-03-05')
    equal(r.status, 303, 'a candidate who passed comes back for the results')
    check(code in lea2.get('/certification/test').text, 'and sees them')


def test_finalize_by_push(ctx):
    """The whole way through the sync: a desktop creates the session and
    enrols two students, the pages run their tests, the desktop's
    finalization ends the unfinished one, scores both (this file's
    scoring, then the jury) and publishes."""
    import datetime
    srv = ctx.srv
    db = ctx.db
    api = su.Api(srv)
    token, org, _ = api.new_school('0750301C', 'Lycée de la Finalisation', 'ce.0750301c@ac.example.fr',
                                   'admin@finalisation.example.fr', 'Finalise-Pass-2026')
    desk = Desktop(srv.client(), org, token)
    hugo = learner('777777777GG', 'DUBOIS', 'Hugo', '2009-04-02')
    sami = learner('888888888HH', 'NAJI', 'Sami', '2009-07-21')
    desk.push(import_apply([hugo, sami]))
    day = (datetime.date.today() + datetime.timedelta(days=10)).isoformat()
    session = {'uuid': new_id(), 'number': None, 'address': 'Lycée de la Finalisation', 'room': 'B204',
               'examiner': 'M. Roux', 'date': day, 'time': '14:00', 'description': None,
               'access_code': 'WXYB89', 'supervisor_password': 'P7Q9R', 'certification_center':
               'Lycée de la Finalisation', 'created_at': now_iso(), 'created_by': 'Claude Proviseur',
               'updated_at': now_iso(), 'finalized_at': None, 'finalized_by': None,
               'examiner_global_comment': None, 'has_incident': False, 'has_joining_issue': False,
               'published_at': None, 'deleted_at': None}
    desk.push(change('cert_session.create', {'cert_session': session}))
    number = str(db.query('SELECT number FROM sync_cert_sessions WHERE uuid = ?', (session['uuid'],))[0][0])
    candidates = []
    for l in (hugo, sami):
        candidates.append({'uuid': new_id(), 'session': session['uuid'], 'learner': l['uuid'],
                           'first_name': l['first_name'], 'last_name': l['last_name'], 'birthdate': l['birthdate'],
                           'sex': 'M', 'birth_city': 'LYON', 'birth_insee_code': '69123', 'birth_country': 'FRANCE',
                           'external_id': None, 'extra_time_percentage': None, 'authorized_to_start': False,
                           'joined_at': None, 'created_at': now_iso(), 'removed_at': None})
    desk.push(change('cert_candidates.enrol', {'cert_session': session['uuid'], 'cert_candidates': candidates}))

    sup, r = sign_in_supervisor(srv, number, 'P7Q9R')
    equal(r.status, 303, 'the supervisor of a pushed session')
    sup.get('/surveillance')
    for c in candidates:
        sup.post('/surveillance', {'action': 'autoriser', 'candidat': c['uuid']})
    browsers = []
    for l in (hugo, sami):
        b, r = join(srv, number, 'WXYB89', l['first_name'], l['last_name'], l['birthdate'])
        equal(r.status, 303, '%s joins a pushed session' % l['first_name'])
        b.post('/certification/test', {'action': 'commencer'})
        browsers.append(b)
    for _ in range(48):
        answer(browsers[0], ctx.bank, right=True)
    answer(browsers[1], ctx.bank, right=True)
    courses = [course_of(db, c['uuid']) for c in candidates]
    check(courses[0][4] is not None and courses[1][4] is None, 'one test completed, one running')

    desk.push(change('cert_session.finalize', {
        'cert_session': session['uuid'], 'finalized_at': now_iso(), 'examiner_global_comment': None,
        'has_incident': False, 'has_joining_issue': False,
        'courses': [{'course': courses[0][0], 'has_seen_end_test_screen': True, 'abort_reason': None, 'reports': []},
                    {'course': courses[1][0], 'has_seen_end_test_screen': False, 'abort_reason': 'technical',
                     'reports': []}]}))
    published = db.query('SELECT published_at FROM sync_cert_sessions WHERE uuid = ?', (session['uuid'],))[0][0]
    check(published not in (None, ''), 'published at the finalization')
    done = [course_of(db, c['uuid']) for c in candidates]
    equal(done[0][1], 'validated', 'the completed test validated')
    equal(done[0][2], courses[0][2], 'its score kept')
    check(done[1][5] is not None, 'the running test ended at the finalization')
    check(done[1][1] != 'started', 'and scored: %r' % done[1][1])
    r = Student(srv, None, 'v').get('/verification-certificat?code=' + done[0][6])
    equal(r.status, 200, 'the published certificate found')
    check('Hugo DUBOIS' in text_of(r.text), 'its name')
    t = text_of(browsers[0].get('/certification/test').text)
    check('Validée' in t and done[0][6] in t, 'Hugo sees his results')
    r = sup.get('/surveillance')
    equal(r.status, 403, 'the supervisor’s space closed by the pushed finalization')


def main():
    work = tempfile.mkdtemp(prefix='pixorga-cert-')
    srv = su.Server(work).start()
    ctx = type('Ctx', (), {})()
    ctx.srv = srv
    try:
        ctx.bank = au.Bank()
        ctx.fw = au.Framework()
        ctx.competence_of = {}
        ctx.difficulty_of = {}
        for item_id, item in ctx.bank.items.items():
            _, comp, difficulty = ctx.fw.skill(item['skill'])
            ctx.difficulty_of[item_id] = difficulty
            ctx.competence_of[item_id] = comp
        srv.org_add('0750201A', 'Collège Jean Moulin', 'ce.0750201a@ac.example.fr')
        srv.org_add('0750202B', 'Collège Voisin', 'ce.0750202b@ac.example.fr')
        ctx.db = db = srv.db()
        ctx.org = db.query("SELECT id FROM organizations WHERE uai = '0750201A'")[0][0]
        other = db.query("SELECT id FROM organizations WHERE uai = '0750202B'")[0][0]
        ctx.password = 'K7QX2'
        ctx.access_code = 'BCDF23'
        ctx.session = add_session(db, ctx.org, 1001, ctx.password, ctx.access_code)
        add_session(db, ctx.org, 1002, 'FINAL', 'FGHJ34', finalized=True)
        add_session(db, other, 1003, 'THROT', 'KMPQ46')
        ctx.lea = add_candidate(db, ctx.org, ctx.session, 'Léa', 'MARTIN', '2012-03-05')
        ctx.noe = add_candidate(db, ctx.org, ctx.session, 'Noé', 'BERNARD', '2011-11-20', extra=30)
        ctx.ines = add_candidate(db, ctx.org, ctx.session, 'Inès', 'PETIT', '2012-06-30')
        other_session = add_session(db, other, 1004, 'OTHER', 'RTVW67')
        ctx.zoe = add_candidate(db, other, other_session, 'Zoé', 'Durand', '2011-01-01')
        print('# %s: %s, %d items' % (su.backend_name(), srv.public_url, len(ctx.bank.items)), flush=True)
        started = time.monotonic()

        test_supervisor(ctx)
        test_candidate_entry(ctx)
        test_authorised_run(ctx)
        test_resume(ctx)
        test_end_by_supervisor(ctx)
        test_profile(ctx)
        test_finalize_by_push(ctx)
        test_verification(ctx)
        check(srv.alive(), 'the server is still up')
        check('CRITICAL' not in srv.logs() and 'WARNING' not in srv.logs(), 'no warning in the log')
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
    sys.exit(su.run_backend_main(main))
