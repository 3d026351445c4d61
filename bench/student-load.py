#!/usr/bin/env python3
"""bench-students: a class takes a campaign at once (issue 11).

For each backend (SQLite, PostgreSQL), against the real pixorga-server on
loopback: a school of 300 imported students and an assessment campaign,
pushed as a desktop does; 300 reconciled students with their sessions
(written in the database as the sign-in pages write them: signing in is
argon2id, measured by bench-server); then all 300 at once, each on its own
keep-alive connection, as a browser without JavaScript does:

    GET  /campagnes/{CODE}/evaluation      the start page, "Je commence"
    GET  /campagnes/{CODE}/evaluation      the question page
    POST /campagnes/{CODE}/evaluation      the answer (303)

until their results page, then "J’envoie mes résultats". Students answer
rightly about two times in three, and skip now and then.

Two runs a backend:
  class     each student reads and thinks 1 to 5 s a question (a real one
            takes 10 to 30 s): the load of a class, ten times over; the
            target is on this run;
  flat out  no thinking at all: what the server does at saturation, where
            every student waits for all the others (latency then measures
            the queue, not the server).

Printed for each: answers per second, the p50/p99/max latency of an answer (the
POST, which stores it) and of a question page, both against a floor
measured in the same run: a bare SoupServer (server-floor.c) answering the
bytes of a real question page to the same client, the same way. Checked
afterwards: every answer the server acknowledged is stored exactly once
(student_answers), no request failed, every participation is shared.
Target of issue 11: answers' p99 <= 100 ms on both backends (class run).

  student-load.py --server BIN --floor BIN [--students N] [--think LO-HI]
                  [--backends sqlite,postgresql]

A measurement, not a test: it exits 0 whenever it could measure.
"""
import argparse
import asyncio
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.parse

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, '..', 'tests'))
import srvtest_util as su  # noqa: E402
import student_util as stu  # noqa: E402
from assessment_util import Bank  # noqa: E402

PASSWORD = 'Bench-Pass-2026'
CODE = 'BENCHQ123'
TARGET_P99_MS = 100.0


class Connection:
    """One keep-alive HTTP/1.1 connection, as a browser tab holds."""

    def __init__(self, host, port):
        self.host, self.port = host, port
        self.reader = self.writer = None

    async def open(self):
        self.reader, self.writer = await asyncio.open_connection(self.host, self.port)

    def close(self):
        if self.writer is not None:
            self.writer.close()

    async def request(self, method, path, headers, body=b''):
        lines = ['%s %s HTTP/1.1' % (method, path), 'Host: %s:%d' % (self.host, self.port)]
        lines += ['%s: %s' % kv for kv in headers.items()]
        if body or method == 'POST':
            lines.append('Content-Length: %d' % len(body))
        self.writer.write(('\r\n'.join(lines) + '\r\n\r\n').encode() + body)
        status_line = await self.reader.readline()
        if not status_line:
            raise ConnectionError('connection closed')
        status = int(status_line.split()[1])
        answer_headers = []
        length = None
        chunked = False
        while True:
            line = (await self.reader.readline()).decode('latin-1').rstrip('\r\n')
            if not line:
                break
            name, _, value = line.partition(':')
            value = value.strip()
            answer_headers.append((name.lower(), value))
            if name.lower() == 'content-length':
                length = int(value)
            elif name.lower() == 'transfer-encoding' and 'chunked' in value.lower():
                chunked = True
        if chunked:
            parts = []
            while True:
                size = int((await self.reader.readline()).split(b';')[0], 16)
                if size == 0:
                    await self.reader.readline()
                    break
                parts.append(await self.reader.readexactly(size))
                await self.reader.readline()
            data = b''.join(parts)
        else:
            data = await self.reader.readexactly(length or 0)
        return status, answer_headers, data


class Student:
    def __init__(self, host, port, token, bank, rng):
        self.conn = Connection(host, port)
        self.cookies = {'orga_eleve': token} if token else {}
        self.csrf = ''
        self.bank = bank
        self.rng = rng

    async def call(self, method, path, form=None):
        headers = {}
        if self.cookies:
            headers['Cookie'] = '; '.join('%s=%s' % kv for kv in self.cookies.items())
        body = b''
        if form is not None:
            fields = dict(form)
            fields['jeton'] = self.csrf
            body = urllib.parse.urlencode(fields).encode()
            headers['Content-Type'] = 'application/x-www-form-urlencoded'
        start = time.perf_counter()
        status, answer_headers, data = await self.conn.request(method, path, headers, body)
        elapsed = (time.perf_counter() - start) * 1000
        for name, value in answer_headers:
            if name == 'set-cookie':
                key, _, rest = value.partition('=')
                self.cookies[key] = rest.split(';')[0]
        text = data.decode('utf-8', 'replace')
        m = re.search(r'name="jeton" value="([^"]+)"', text)
        if m:
            self.csrf = m.group(1)
        return status, text, elapsed

    def answer_form(self, position, item_id):
        form = {'position': str(position), 'question': item_id}
        roll = self.rng.random()
        if roll < 0.05:
            form['action'] = 'passer'
        else:
            form['action'] = 'valider'
            form.update(self.bank.form(item_id, roll < 0.70))
        return form


async def take_campaign(student, path, stats, start_event, think):
    """The whole test, then sending; every figure into @stats. @think:
    (lo, hi) seconds spent on each question, or None."""
    await student.conn.open()
    await start_event.wait()
    try:
        # The campaign's start page, then "Je commence".
        status, text, ms = await student.call('GET', path)
        if status == 200 and stu.question_of(text) is None:
            status, _, ms = await student.call('POST', path, {'action': 'commencer'})
            if status != 303:
                stats['errors'].append('start %d' % status)
                return
            status, text, ms = await student.call('GET', path)
        while True:
            if status != 200:
                stats['errors'].append('GET %d' % status)
                return
            stats['pages'].append(ms)
            q = stu.question_of(text)
            if q is None:
                break
            position, item_id = q
            if think is not None:
                await asyncio.sleep(student.rng.uniform(*think))
            status, _, ms = await student.call('POST', path, student.answer_form(position, item_id))
            if status != 303:
                stats['errors'].append('POST %d' % status)
                return
            stats['answers'].append(ms)
            status, text, ms = await student.call('GET', path)
        status, _, ms = await student.call('POST', path, {'action': 'envoyer'})
        if status not in (200, 303):
            stats['errors'].append('share %d' % status)
        stats['shared'] += 1
    except (ConnectionError, asyncio.IncompleteReadError, OSError) as e:
        stats['errors'].append(repr(e))
    finally:
        student.conn.close()


async def floor_run(host, port, page, n, answers_each):
    """The same client, the same number of students and requests, against
    a bare SoupServer answering the page's bytes: what libsoup, loopback
    and this client alone cost here."""
    stats = {'pages': [], 'answers': [], 'errors': [], 'shared': 0}
    start_event = asyncio.Event()

    async def one():
        conn = Connection(host, port)
        await conn.open()
        await start_event.wait()
        try:
            for _ in range(answers_each):
                t = time.perf_counter()
                await conn.request('GET', '/', {})
                stats['pages'].append((time.perf_counter() - t) * 1000)
                t = time.perf_counter()
                await conn.request('POST', '/', {'Content-Type': 'application/x-www-form-urlencoded'},
                                   b'position=1&question=x&action=valider&reponse=0&jeton=' + b'x' * 43)
                stats['answers'].append((time.perf_counter() - t) * 1000)
        finally:
            conn.close()

    tasks = [asyncio.ensure_future(one()) for _ in range(n)]
    await asyncio.sleep(0.2)
    t0 = time.perf_counter()
    start_event.set()
    await asyncio.gather(*tasks)
    stats['seconds'] = time.perf_counter() - t0
    return stats


def percentile(values, p):
    if not values:
        return float('nan')
    values = sorted(values)
    k = min(len(values) - 1, max(0, int(round(p / 100.0 * (len(values) - 1)))))
    return values[k]


PROBE = {}


def make_probe(db, org):
    """A session for the one learner kept aside (prepare)."""
    learner = PROBE['learner']
    return stu.make_student(db, org, learner['uuid'], learner['first_name'], learner['last_name'])[1]


def prepare(srv, n):
    """The school, its 300 students and the campaign, pushed as a desktop
    does; the students' sessions written as the sign-in pages write them."""
    api = su.Api(srv)
    token, org, _ = api.new_school('0330098Y', 'Collège du Banc d’Essai', 'ce.0330098y@example.fr',
                                   'admin@bench.example.fr', PASSWORD)
    desk = stu.Desktop(api.c, org, token)
    learners = [stu.learner('%09dAB' % i, 'Nom%03d' % i, 'Prénom%03d' % i) for i in range(n + 1)]
    desk.push(stu.import_apply(learners))
    PROBE['learner'] = learners.pop()
    desk.push(stu.change('campaign.create', {'campaign': stu.campaign(CODE, 'Rentrée 6e', profile='rentree-6e',
                                                                      multiple=False)}))
    db = srv.db()
    tokens = [stu.make_student(db, org, l['uuid'], l['first_name'], l['last_name'])[1] for l in learners]
    api.c.close()
    return org, tokens


def run_class(students, path, think):
    async def run():
        stats = {'pages': [], 'answers': [], 'errors': [], 'shared': 0}
        start_event = asyncio.Event()
        tasks = [asyncio.ensure_future(take_campaign(s, path, stats, start_event, think)) for s in students]
        await asyncio.sleep(0.5)
        t0 = time.perf_counter()
        start_event.set()
        await asyncio.gather(*tasks)
        stats['seconds'] = time.perf_counter() - t0
        return stats
    return asyncio.run(run())


def bench_backend(name, db_location, args, bank):
    """Two classes (two campaigns' worth of students) on one server: one
    thinking, one flat out; then the floor, flat out too."""
    workdir = tempfile.mkdtemp(prefix='pixorga-students-%s-' % name)
    srv = su.Server(workdir, db=db_location)
    srv.start()
    runs = {}
    try:
        org, tokens = prepare(srv, 2 * args.students)
        path = '/campagnes/%s/evaluation' % CODE
        rng = random.Random(20261202)
        db = srv.db()
        for label, think, chunk in (('class', args.think, tokens[:args.students]),
                                    ('flat out', None, tokens[args.students:])):
            students = [Student('127.0.0.1', srv.port, t, bank, random.Random(rng.random())) for t in chunk]
            before = db.query('SELECT COUNT(*) FROM student_answers a JOIN student_assessments s '
                              'ON s.id = a.assessment_id WHERE s.organization_id = ?', (org,))[0][0]
            stats = run_class(students, path, think)
            after = db.query('SELECT COUNT(*) FROM student_answers a JOIN student_assessments s '
                             'ON s.id = a.assessment_id WHERE s.organization_id = ?', (org,))[0][0]
            stats['stored'] = int(after) - int(before)
            runs[label] = stats
        shared = db.query("SELECT COUNT(*) FROM sync_participations WHERE organization_id = ? "
                          "AND status = 'SHARED'", (org,))[0][0]
        runs['shared'] = int(shared)

        # A real question page, for the floor to answer: a student of a
        # third campaign's worth would do, the first one's results page
        # would not.
        page_path = os.path.join(workdir, 'page.html')
        probe = Student('127.0.0.1', srv.port, make_probe(db, org), bank, rng)

        async def one_page():
            await probe.conn.open()
            status, text, _ = await probe.call('GET', path)
            if stu.question_of(text) is None:
                await probe.call('POST', path, {'action': 'commencer'})
                status, text, _ = await probe.call('GET', path)
            probe.conn.close()
            return text
        with open(page_path, 'w', encoding='utf-8') as f:
            f.write(asyncio.run(one_page()))
        srv.stop()
    finally:
        srv.stop()

    floor_proc, floor_url = start_floor(args.floor, page_path, workdir)
    try:
        port = int(floor_url.rsplit(':', 1)[1])
        flat = runs['flat out']
        answers_each = max(1, round(len(flat['answers']) / max(1, args.students)))
        runs['floor'] = asyncio.run(floor_run('127.0.0.1', port, None, args.students, answers_each))
    finally:
        floor_proc.terminate()
        floor_proc.wait()
        shutil.rmtree(workdir, ignore_errors=True)
    return runs


def start_floor(floor_bin, body_path, workdir):
    out = open(os.path.join(workdir, 'floor.out'), 'w+')
    proc = subprocess.Popen([floor_bin, body_path, 'text/html; charset=utf-8'],
                            stdout=out, stderr=subprocess.STDOUT)
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        out.seek(0)
        m = su.LISTEN_RE.search(out.read())
        if m:
            return proc, 'http://127.0.0.1:%s' % m.group(3)
        time.sleep(0.05)
    proc.kill()
    raise RuntimeError('server-floor did not start')


def report(name, runs, n):
    floor = runs['floor']
    floor_rate = len(floor['answers']) / floor['seconds'] if floor['seconds'] else 0
    verdict = True
    for label in ('class', 'flat out'):
        stats = runs[label]
        answers = len(stats['answers'])
        rate = answers / stats['seconds'] if stats['seconds'] else 0
        p99 = percentile(stats['answers'], 99)
        print('%s, %s: %d students, %d answers in %.1f s: %.0f answers/s%s' % (
            name, label, n, answers, stats['seconds'], rate,
            '' if label == 'class' else ' (floor %.0f/s, ratio %.2f)' % (
                floor_rate, rate / floor_rate if floor_rate else 0)))
        print('  answer (POST) ms: p50 %.1f  p99 %.1f  max %.1f   floor p99 %.1f' % (
            percentile(stats['answers'], 50), p99, max(stats['answers'] or [0]),
            percentile(floor['answers'], 99)))
        print('  question page ms: p50 %.1f  p99 %.1f  max %.1f   floor p99 %.1f' % (
            percentile(stats['pages'], 50), percentile(stats['pages'], 99), max(stats['pages'] or [0]),
            percentile(floor['pages'], 99)))
        ok = stats['stored'] == answers and stats['shared'] == n and not stats['errors']
        print('  stored answers: %d for %d acknowledged; sent: %d of %d; errors: %d %s' % (
            stats['stored'], answers, stats['shared'], n, len(stats['errors']), stats['errors'][:5]))
        verdict = verdict and ok
        if label == 'class':
            print('  %s: answers p99 %.1f ms (target <= %.0f ms)' % (
                'PASS' if p99 <= TARGET_P99_MS else 'FAIL', p99, TARGET_P99_MS))
    print('  shared participations in the space: %d of %d; every answer stored once, no error: %s' % (
        runs['shared'], 2 * n, 'yes' if verdict and runs['shared'] == 2 * n else 'NO'))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--server', required=True)
    ap.add_argument('--floor', required=True)
    ap.add_argument('--students', type=int, default=300)
    ap.add_argument('--backends', default='sqlite,postgresql')
    ap.add_argument('--think', default='1-5', help='seconds a student spends on a question, LO-HI')
    args = ap.parse_args()
    lo, _, hi = args.think.partition('-')
    args.think = (float(lo), float(hi or lo))
    os.environ['PIXORGA_SERVER'] = os.path.abspath(args.server)
    print('bench-students: %d core(s), load average %s' % (
        os.cpu_count(), ' '.join('%.1f' % x for x in os.getloadavg())), flush=True)
    bank = Bank()

    for backend in args.backends.split(','):
        print('# %s' % backend, flush=True)
        try:
            if backend == 'sqlite':
                results = bench_backend(backend, None, args, bank)
            else:
                import orga_pg
                with orga_pg.cluster() as uri:
                    results = bench_backend(backend, uri, args, bank)
        except ImportError as e:
            print('  skipped: %s' % e)
            continue
        except Exception as e:  # noqa: BLE001 — orga_pg.Unavailable and the like
            if type(e).__name__ != 'Unavailable':
                raise
            print('  skipped: %s' % e)
            continue
        report(backend, results, args.students)
    return 0


if __name__ == '__main__':
    sys.exit(main())
