#!/usr/bin/env python3
"""The students' test over real HTTP (issue 11): /campagnes/{CODE}/evaluation.

The real pixorga-server on loopback, on SQLite, or on PostgreSQL when
PIXORGA_TEST_PG_URI is set (tests/orga-pg.py -- this script). Schools,
students and campaigns come through the sync as a desktop sends them;
the students' accounts, sessions and links are rows written into the
database (the pages that make them are srv-accounts'). The clock is moved
with PIXORGA_SERVER_CLOCK_FILE.

  - a scripted run of "Initiation" (right, wrong, "Je passe" by sujet)
    scored against mastery, pix, stage and results computed by hand from
    the framework's tables (tests/assessment_util.py);
  - no question page holds its answer (the bank's JSON says which);
  - a student sees neither another student's test nor another school's
    campaign; without a session or a link, back to /campagnes/{CODE};
  - the same answer POSTed twice is stored once and the next question
    shown;
  - §4.2: no retry before 4 days (the date said in French), one after,
    asking only what was missed, the previous attempt improved, the
    external id kept; none at 100 %, none without multiple sendings;
  - archived campaigns: no start, no sending;
  - a profiles collection: the whole knowledge sent, pix per competence
    and certifiability;
  - what a desktop pulls (GET …/sync/changes): status, shared_at,
    attempt, is_improved, results.

SPDX-License-Identifier: GPL-3.0-or-later
"""
import base64
import datetime
import os
import re
import sys
import tempfile
import time
import urllib.parse

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import assessment_util as au  # noqa: E402
from student_util import (Desktop, Student, campaign, change, import_apply, learner,  # noqa: E402
                          make_student, new_id, question_of)
import srvtest_util as su  # noqa: E402

try:
    from zoneinfo import ZoneInfo
except ImportError:  # Python < 3.9
    ZoneInfo = None

FAILURES = []
CHECKS = [0]
PASSWORD = 'Eval-Pass-2026'
DAY = 86400
ARCHIVED_SHARE = 'Cette campagne est archivée : vous ne pouvez plus envoyer vos résultats.'
ARCHIVED = 'Cette campagne est archivée : vous ne pouvez plus y participer.'
MONTHS = ['janvier', 'février', 'mars', 'avril', 'mai', 'juin', 'juillet', 'août', 'septembre',
          'octobre', 'novembre', 'décembre']


def check(cond, what):
    CHECKS[0] += 1
    if not cond:
        FAILURES.append(what)
        print('FAIL: ' + what, flush=True)
    return cond


def equal(actual, expected, what):
    return check(actual == expected, '%s: expected %r, got %r' % (what, expected, actual))


def paris_date(iso, plus_s=0):
    t = datetime.datetime.strptime(iso[:19], '%Y-%m-%dT%H:%M:%S').replace(tzinfo=datetime.timezone.utc)
    t += datetime.timedelta(seconds=plus_s)
    if ZoneInfo is not None:
        t = t.astimezone(ZoneInfo('Europe/Paris'))
    return '%d%s %s %d à %d h %02d' % (t.day, 'er' if t.day == 1 else '', MONTHS[t.month - 1], t.year,
                                        t.hour, t.minute)


class Ctx:
    pass


def run_test(ctx, student, code, decide, what):
    """Answers every question of @student's current attempt at @code:
    decide(skill, index in its sujet) → 'right', 'wrong' or 'skip'.
    Returns the (skill, outcome) asked, in order. Every page is checked
    for leaks."""
    path = '/campagnes/%s/evaluation' % code
    asked = []
    seen_in_tube = {}
    r = student.get(path)
    for _ in range(400):
        q = question_of(r.text)
        if q is None:
            break
        position, item_id = q
        equal(position, len(asked) + 1, '%s: the position of question %d' % (what, len(asked) + 1))
        check('Question %d' % position in r.text, '%s: "Question %d" shown' % (what, position))
        check(re.search(r'role="progressbar"[^>]*aria-valuenow="\d+"', r.text) is not None,
              '%s: the progress bar with its values' % what)
        item = ctx.bank.items.get(item_id)
        if not check(item is not None, '%s: item %s is one of the bank' % (what, item_id)):
            break
        leaks = ctx.bank.leaks(r.text, item_id)
        check(not leaks, '%s: question %d (%s) gives nothing away: %s' % (what, position, item_id, leaks))
        # The question's files: to its student, to nobody else.
        for key in ('image', 'attachment'):
            if item.get(key):
                url = path + '/fichiers/' + item[key]['file']
                equal(student.get(url).status, 200, '%s: %s of %s served' % (what, key, item_id))
                equal(ctx.s3.get(url).status, 404, '%s: %s of %s not served to another student' % (
                    what, key, item_id))
                ctx.files_seen += 1
        skill = item['skill']
        tube = skill[:-1]
        outcome = decide(skill, seen_in_tube.get(tube, 0))
        seen_in_tube[tube] = seen_in_tube.get(tube, 0) + 1
        form = {'position': str(position), 'question': item_id}
        if outcome == 'skip':
            form['action'] = 'passer'
        else:
            form['action'] = 'valider'
            form.update(ctx.bank.form(item_id, outcome == 'right'))
        p = student.post(path, form)
        if not equal(p.status, 303, '%s: the answer to question %d redirects' % (what, position)):
            print(p.text[:2000])
            break
        asked.append((skill, outcome))
        r = student.get(path)
    return asked, r


# The tests


PATTERN = ('right', 'right', 'wrong', 'right', 'skip')


def location(r):
    """The path of a redirect (libsoup writes the absolute address)."""
    loc = r.header('Location') or ''
    return urllib.parse.urlsplit(loc).path


def test_scripted_run(ctx):
    """Initiation: sujets right, wrong, skipped in turn; the figures by hand."""
    s = ctx.s1
    db = ctx.db
    path = '/campagnes/INIT01/evaluation'
    r = s.get(path)
    equal(r.status, 200, 'the start page')
    check('Je commence' in r.text and 'Numéro de dossard' in r.text, 'the start page asks the external id')
    # The external id is required.
    r = s.post(path, {'action': 'commencer', 'identifiant': '  '})
    equal(r.status, 422, 'start without the external id')
    r = s.post(path, {'action': 'commencer', 'identifiant': 'DOS-42'})
    equal(r.status, 303, 'start redirects')
    # A second click does not make a second attempt.
    s.post(path, {'action': 'commencer', 'identifiant': 'DOS-43'})
    equal(db.query('SELECT count(*) FROM student_assessments WHERE account_id = ?', (ctx.a1,))[0][0] in (1, '1'),
          True, 'one attempt after two clicks on "Je commence"')

    # Another student of the school sees their own start page, nothing of
    # the first one's test, and cannot fetch its files.
    r1 = s.get(path)
    q = question_of(r1.text)
    r2 = ctx.s2.get(path)
    check('Je commence' in r2.text and q is not None and q[1] not in r2.text,
          "another student does not see the first one's question")
    item = ctx.bank.items[q[1]]
    for key in ('image', 'attachment'):
        if item.get(key):
            equal(ctx.s2.get(path + '/fichiers/' + item[key]['file']).status, 404,
                  "another student cannot fetch the question's %s" % key)
            equal(s.get(path + '/fichiers/' + item[key]['file']).status, 200,
                  'the student fetches their question\'s %s' % key)
    equal(s.get(path + '/fichiers/autre.svg').status, 404, 'no file but the question\'s')

    # The sync sees the participation STARTED from the start.
    rows = [p for p in ctx.admin.participations().values() if p['learner'] == ctx.l1['uuid']]
    if equal(len(rows), 1, 'one participation pulled once started'):
        equal((rows[0]['status'], rows[0]['attempt'], rows[0]['is_improved'], rows[0]['external_id']),
              ('STARTED', 1, False, 'DOS-42'), 'the started participation')

    order = [t[0] for t in ctx.initiation.tubes]

    def decide(skill, index):
        return PATTERN[order.index(skill[:-1]) % len(PATTERN)]

    asked, r = run_test(ctx, s, 'INIT01', decide, 'scripted run')
    targeted = ctx.initiation.targeted()
    validated = {sk for sk, o in asked if o == 'right'}
    # A right sujet is climbed to its top, a wrong or skipped one stops at
    # its first (easiest) skill.
    expected_asked = []
    for i, (name, comp, mask) in enumerate(ctx.initiation.tubes):
        skills = ['%s%d' % (name, d) for d in range(1, 9) if mask & (1 << (d - 1))]
        expected_asked += skills if PATTERN[i % len(PATTERN)] == 'right' else skills[:1]
    equal(sorted(sk for sk, _ in asked), sorted(expected_asked), 'the skills asked by the adaptive run')
    mastery = len(validated) / len(targeted)
    pix, score = ctx.fw.pix(validated)
    stage = ctx.initiation.stage(len(validated), len(targeted))
    print('# scripted run: %d asked, %d/%d validated, %d pix, stage %d' % (
        len(asked), len(validated), len(targeted), score, stage), flush=True)

    check('Mes résultats' in r.text, 'the results page at the end')
    pct = int(mastery * 100 + 0.5)
    check(re.search(r'>%d\s?%%<' % pct, r.text.replace('\u202f', ' ').replace('\xa0', ' ')) is not None,
          'the mastery rate %d %% shown' % pct)
    check('%d pix' % score in r.text, 'the pix score %d shown' % score)
    check('%d étoile%s sur 2' % (stage, 's' if stage > 1 else '') in r.text, 'the stage %d stars shown' % stage)
    check('Vous avez validé %d acquis sur %d' % (len(validated), len(targeted)) in r.text, 'validated count shown')
    check('J’envoie mes résultats' in r.text, 'the button to send')

    p = ctx.admin.participations()
    rows = [x for x in p.values() if x['learner'] == ctx.l1['uuid']]
    row = rows[0]
    equal((row['status'], row['shared_at'], row['progression']), ('TO_SHARE', None, 1.0),
          'finished: TO_SHARE, not shared, progression 1')
    check(abs(row['mastery_rate'] - mastery) < 1e-9, 'mastery_rate %r = %r' % (row['mastery_rate'], mastery))
    equal((row['pix_score'], row['validated_skills']), (score, len(validated)), 'pix score and validated skills')
    equal(base64.b64decode(row['results']), ctx.initiation.results(validated), 'the results bytes')

    # Sending.
    r = s.post(path, {'action': 'envoyer'})
    equal(r.status, 303, 'sending redirects')
    r = s.get(path)
    check('Vos résultats ont été envoyés' in r.text, 'the results said sent')
    row = [x for x in ctx.admin.participations().values() if x['learner'] == ctx.l1['uuid']][0]
    equal(row['status'], 'SHARED', 'SHARED once sent')
    check(row['shared_at'] is not None, 'shared_at set')
    equal(row['is_certifiable'], None, 'an assessment says nothing of certifiability')
    ctx.first = dict(row=row, validated=validated, asked=asked)


def test_idempotent_answer(ctx):
    s = ctx.s2
    path = '/campagnes/INIT01/evaluation'
    s.post(path, {'action': 'commencer', 'identifiant': 'DOS-7'})
    r = s.get(path)
    position, item_id = question_of(r.text)
    form = dict({'action': 'valider', 'position': str(position), 'question': item_id},
                **ctx.bank.form(item_id, True))
    r1 = s.post(path, form)
    r2 = s.post(path, form)
    equal((r1.status, r2.status), (303, 303), 'the same answer twice: both redirect')
    n = ctx.db.query('SELECT count(*) FROM student_answers a JOIN student_assessments s ON s.id = a.assessment_id '
                     'WHERE s.account_id = ?', (ctx.a2,))[0][0]
    equal(int(n), 1, 'the same answer POSTed twice is stored once')
    ctx.s2_validated = {ctx.bank.items[item_id]['skill']}
    r = s.get(location(r2) or path)
    q = question_of(r.text)
    check(q is not None and q[0] == 2, 'the next question is shown after the repeat')
    # An empty "Je valide" is refused with a message, nothing stored.
    r = s.post(path, {'action': 'valider', 'position': str(q[0]), 'question': q[1]})
    equal(r.status, 422, '"Je valide" without an answer')
    check('Je passe' in r.text and 'role="alert"' in r.text, 'the question again with the error')
    # The page closed and opened again in another browser: the same
    # question, resumed.
    again = Student(ctx.srv, ctx.t2, 'Noé ailleurs')
    equal(question_of(again.get(path).text), q, 'resumed at the same question in a new browser')
    # A stale page (an older position) stores nothing.
    r = s.post(path, dict(form))
    n = ctx.db.query('SELECT count(*) FROM student_answers a JOIN student_assessments s ON s.id = a.assessment_id '
                     'WHERE s.account_id = ?', (ctx.a2,))[0][0]
    equal(int(n), 1, 'an older position stores nothing')


def test_access(ctx):
    path = '/campagnes/INIT01/evaluation'
    anon = Student(ctx.srv, None, 'anonyme')
    r = anon.get(path)
    equal((r.status, location(r)), (303, '/campagnes/INIT01'), 'no session: back to the campaign')
    r = anon.post(path, {'action': 'commencer'})
    equal((r.status, location(r)), (303, '/campagnes/INIT01'), 'no session POST: back to the campaign')
    unlinked = Student(ctx.srv, ctx.t_unlinked, 'sans lien')
    r = unlinked.get(path)
    equal((r.status, location(r)), (303, '/campagnes/INIT01'), 'no link: back to the campaign')
    # Another school's campaign: the student is no student there.
    r = ctx.s1.get('/campagnes/AUTRE1/evaluation')
    equal((r.status, location(r)), (303, '/campagnes/AUTRE1'), "another school's campaign: redirected")
    check('Initiation' not in r.text and 'Question' not in r.text, "nothing of another school's campaign")
    equal(ctx.s1.get('/campagnes/NEXISTE/evaluation').status, 404, 'an unknown code')
    equal(ctx.s1.get('/campagnes/init01/evaluation').status in (200, 303), True, 'the code in lower case')
    # A form from elsewhere (no token) is refused.
    saved = ctx.s1.csrf
    ctx.s1.csrf = 'x' * 43
    equal(ctx.s1.post(path, {'action': 'envoyer'}).status, 403, 'a form without the right token')
    ctx.s1.csrf = saved


def test_retry(ctx):
    s = ctx.s1
    path = '/campagnes/INIT01/evaluation'
    shared_at = ctx.first['row']['shared_at']
    r = s.get(path)
    when = paris_date(shared_at, 4 * DAY)
    check('Vous pourrez repasser ce parcours à partir du %s.' % when in r.text,
          'the retry date in French (%s)' % when)
    check('Repasser mon parcours' not in r.text, 'no retry button before 4 days')
    s.post(path, {'action': 'repasser'})
    equal(int(ctx.db.query('SELECT count(*) FROM student_assessments WHERE account_id = ?', (ctx.a1,))[0][0]), 1,
          'a retry POSTed too early starts nothing')

    # Just before the 4 days, then just after.
    ctx.set_clock(4 * DAY - 120)
    r = s.get(path)
    check('Repasser mon parcours' not in r.text and 'Vous pourrez repasser' in r.text,
          '2 minutes before the 4 days: still too early')
    ctx.set_clock(4 * DAY + 120)
    r = s.get(path)
    check('Repasser mon parcours' in r.text, 'after 4 days: the retry offered')
    equal(s.post(path, {'action': 'repasser'}).status, 303, 'retry redirects')

    missed = set(ctx.initiation.targeted()) - ctx.first['validated']
    asked, r = run_test(ctx, s, 'INIT01', lambda sk, i: 'right', 'retry')
    check(asked and all(sk in missed for sk, _ in asked),
          'the retry asks only what was missed: %r' % [sk for sk, _ in asked if sk not in missed])
    equal({sk for sk, _ in asked}, missed, 'the retry asks everything missed (all answered right now)')

    rows = sorted((x for x in ctx.admin.participations().values() if x['learner'] == ctx.l1['uuid']),
                  key=lambda x: x['attempt'])
    if equal(len(rows), 2, 'two attempts pulled'):
        first, second = rows
        equal((first['attempt'], first['is_improved'], first['status']), (1, True, 'SHARED'),
              'the first attempt improved')
        equal(first['results'], ctx.first['row']['results'], 'the first attempt keeps its results')
        equal((second['attempt'], second['is_improved'], second['status'], second['external_id']),
              (2, False, 'TO_SHARE', 'DOS-42'), 'the second attempt: external id reused')
        equal(second['mastery_rate'], 1.0, 'kept + new answers: 100 %')
        equal(base64.b64decode(second['results']), ctx.initiation.results(set(ctx.initiation.targeted())),
              'the second attempt results: everything')
    s.post(path, {'action': 'envoyer'})
    ctx.set_clock(9 * DAY)
    r = s.get(path)
    check('Vos résultats ont été envoyés' in r.text and 'Repasser mon parcours' not in r.text
          and 'Vous pourrez repasser' not in r.text, 'no retry at 100 %')


def test_single_sending_and_archive(ctx):
    """ONCE01 without multiple sendings: no retry ever. ARCH01 archived
    after the test: no sending, no start."""
    s = ctx.s2
    for code in ('ONCE01', 'ARCH01'):
        path = '/campagnes/%s/evaluation' % code
        equal(s.post(path, {'action': 'commencer'}).status, 303, '%s: started' % code)
        asked, r = run_test(ctx, s, code, lambda sk, i: 'skip', code)
        equal(len(asked), len(ctx.initiation.tubes), '%s: all skipped, one question a sujet' % code)
        # Only what the student had validated before (kept) scores.
        _, score = ctx.fw.pix(ctx.s2_validated)
        check('%d pix' % score in r.text, '%s: nothing new validated, %d pix' % (code, score))

    path = '/campagnes/ONCE01/evaluation'
    s.post(path, {'action': 'envoyer'})
    ctx.set_clock(ctx.clock + 5 * DAY)
    r = s.get(path)
    check('Repasser mon parcours' not in r.text and 'Vous pourrez repasser' not in r.text,
          'no retry without multiple sendings')
    s.post(path, {'action': 'repasser'})
    equal(int(ctx.db.query("SELECT count(*) FROM student_assessments WHERE account_id = ? AND campaign = ?",
                           (ctx.a2, ctx.camps['ONCE01']['uuid']))[0][0]), 1, 'no second attempt without multiple sendings')

    ctx.admin.push(change('campaign.archive', {'campaign': ctx.camps['ARCH01']['uuid'], 'archived': True}))
    path = '/campagnes/ARCH01/evaluation'
    r = s.get(path)
    check(ARCHIVED_SHARE in r.text and 'J’envoie mes résultats' not in r.text,
          'archived: the results without the button, the message said')
    r = s.post(path, {'action': 'envoyer'})
    equal(r.status, 403, 'archived: sending refused')
    row = [x for x in ctx.admin.participations().values()
           if x['campaign'] == ctx.camps['ARCH01']['uuid']][0]
    equal(row['status'], 'TO_SHARE', 'archived: still TO_SHARE')
    r = ctx.s3.get(path)
    check(ARCHIVED in r.text and 'Je commence' not in r.text, 'archived: nobody starts')


def test_profiles_collection(ctx):
    """PROF01: the run over the 16 competences, only what the student has
    not validated yet; the whole knowledge sent, with certifiability."""
    s = ctx.s1
    path = '/campagnes/PROF01/evaluation'
    s.post(path, {'action': 'commencer'})
    before = set(ctx.initiation.targeted())   # validated by INIT01's two attempts
    asked, r = run_test(ctx, s, 'PROF01', lambda sk, i: 'right', 'profiles collection')
    check(not any(sk in before for sk, _ in asked), 'the profile does not ask again what was validated')
    knowledge = before | {sk for sk, o in asked if o == 'right'}
    pix, score = ctx.fw.pix(knowledge)
    levels = [int(p // 8) for p in pix]
    certifiable = sum(1 for lv in levels if lv >= 1) >= 5
    check('J’envoie mon profil' in r.text, 'the button "J’envoie mon profil"')
    check('%d pix' % score in r.text, 'the profile: %d pix shown' % score)
    s.post(path, {'action': 'envoyer'})
    row = [x for x in ctx.admin.participations().values() if x['campaign'] == ctx.camps['PROF01']['uuid']][0]
    equal((row['status'], row['is_certifiable']), ('SHARED', certifiable), 'the profile sent, with certifiability')
    equal(row['pix_score'], score, 'the profile: pix score')
    check(abs(row['mastery_rate'] - score / (au.MAX_PIX * 16)) < 1e-9, 'the profile: mastery = pix / max')
    equal(list(base64.b64decode(row['results'])), [int(p + 1e-9) for p in pix], 'the profile: pix per competence')


def g_str_hash(text):
    """GLib's g_str_hash (djb2), which the server's pick of an item
    starts from."""
    h = 5381
    for b in text.encode():
        h = (h * 33 + (b - 256 if b > 127 else b)) & 0xffffffff
    return h


def test_files(ctx, org, l4):
    """A question's image: served to its student while it is the current
    question, to nobody else, and no longer once answered. The account id
    is chosen so that the server picks the one item with an image of
    @navigateur1 (the first question of the second sujet of Initiation)."""
    skill = '@navigateur1'
    items = [i for i in ctx.bank.items.values() if i['skill'] == skill]
    with_image = [n for n, i in enumerate(items) if i.get('image')]
    if not check(with_image, 'an item of %s has an image' % skill):
        return
    account = next(a for a in (new_id() for _ in range(10000)) if g_str_hash(a) % len(items) == with_image[0])
    _, token = make_student(ctx.db, org, l4['uuid'], 'Jade', 'Moreau', account=account)
    s4 = Student(ctx.srv, token, 'Jade')
    path = '/campagnes/INIT01/evaluation'
    s4.get(path)
    s4.post(path, {'action': 'commencer', 'identifiant': 'DOS-9'})
    r = s4.get(path)
    position, item_id = question_of(r.text)
    s4.post(path, {'action': 'passer', 'position': str(position), 'question': item_id})
    r = s4.get(path)
    position, item_id = question_of(r.text)
    item = ctx.bank.items[item_id]
    if not equal(item_id, items[with_image[0]]['id'], 'the item with an image is picked (%s, %d)' % (
            account, g_str_hash(account) % len(items))):
        return
    url = path + '/fichiers/' + item['image']['file']
    check('src="%s"' % url in r.text and 'alt="%s"' % item['image']['alt'].replace('"', '&quot;') in r.text,
          'the image shown with its alt')
    f = s4.get(url)
    equal(f.status, 200, "the question's image to its student")
    check(f.header('Content-Type') and f.header('Content-Type').startswith('image/'), 'an image type')
    equal(ctx.s2.get(url).status, 404, "the question's image to another student of the campaign")
    equal(ctx.s3.get(url).status, 404, "the question's image to a student who has not started")
    s4.post(path, {'action': 'passer', 'position': str(position), 'question': item_id})
    equal(s4.get(url).status, 404, 'the image of an answered question')


def main():
    work = tempfile.mkdtemp(prefix='pixorga-assessment-')
    clock = os.path.join(work, 'clock')
    srv = su.Server(work, env={'PIXORGA_SERVER_CLOCK_FILE': clock}).start()
    ctx = Ctx()
    ctx.srv = srv
    ctx.files_seen = 0
    ctx.clock = 0
    ctx.clock_writes = 0

    def set_clock(seconds):
        ctx.clock = seconds
        with open(clock + '.tmp', 'w') as f:
            f.write('%d\n' % seconds)
        os.replace(clock + '.tmp', clock)
        # A new mtime for sure, even within the file system's granularity:
        # the server reads the file again when its mtime is another.
        ctx.clock_writes += 1
        os.utime(clock, (ctx.clock_writes, ctx.clock_writes))
    ctx.set_clock = set_clock
    try:
        ctx.fw = au.Framework()
        ctx.initiation = au.Profile(ctx.fw, 'initiation')
        ctx.bank = au.Bank()
        if not ctx.bank.items:
            print('# the item bank is empty', flush=True)
            FAILURES.append('empty bank')
            return 1
        api = su.Api(srv)
        token, org, _ = api.new_school('0750101A', 'Collège Évaluation', 'ce.0750101a@ac.example.fr',
                                       'admin@eval.example.fr', PASSWORD)
        b_token, b_org, _ = api.new_school('0750102B', 'Collège Voisin', 'ce.0750102b@ac.example.fr',
                                           'admin@voisin.example.fr', PASSWORD)
        c = srv.client()
        ctx.admin = Desktop(c, org, token)
        other = Desktop(c, b_org, b_token)
        ctx.l1 = learner('111111111AA', 'Martin', 'Léa')
        l2 = learner('222222222BB', 'Bernard', 'Noé')
        l3 = learner('333333333CC', 'Petit', 'Inès')
        lb = learner('444444444DD', 'Durand', 'Zoé')
        l4 = learner('555555555EE', 'Moreau', 'Jade')
        ctx.admin.push(import_apply([ctx.l1, l2, l3, l4]))
        other.push(import_apply([lb]))
        ctx.camps = {
            'INIT01': campaign('INIT01', 'Initiation 6A', external='Numéro de dossard'),
            'ONCE01': campaign('ONCE01', 'Une seule fois', multiple=False),
            'ARCH01': campaign('ARCH01', 'Bientôt archivée'),
            'PROF01': campaign('PROF01', 'Profils 6A', kind='PROFILES_COLLECTION'),
        }
        for camp in ctx.camps.values():
            ctx.admin.push(change('campaign.create', {'campaign': camp}))
        other.push(change('campaign.create', {'campaign': campaign('AUTRE1', 'Initiation voisine')}))

        ctx.db = srv.db()
        ctx.a1, t1 = make_student(ctx.db, org, ctx.l1['uuid'], 'Léa', 'Martin')
        ctx.a2, t2 = make_student(ctx.db, org, l2['uuid'], 'Noé', 'Bernard')
        _, t3 = make_student(ctx.db, org, l3['uuid'], 'Inès', 'Petit')
        _, ctx.t_unlinked = make_student(ctx.db, None, None, 'Sans', 'Lien')
        ctx.s1 = Student(srv, t1, 'Léa')
        ctx.s2 = Student(srv, t2, 'Noé')
        ctx.t2 = t2
        ctx.s3 = Student(srv, t3, 'Inès')
        print('# %s: %s, %d items' % (su.backend_name(), srv.public_url, len(ctx.bank.items)), flush=True)
        started = time.monotonic()

        test_access(ctx)
        test_scripted_run(ctx)
        test_idempotent_answer(ctx)
        test_retry(ctx)
        test_single_sending_and_archive(ctx)
        test_profiles_collection(ctx)
        test_files(ctx, org, l4)
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
