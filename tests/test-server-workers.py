#!/usr/bin/env python3
"""pixorga-server --workers 2 (issue 9): one port, two processes, on SQLite
or, inside tests/orga-pg.py, on PostgreSQL.

  - one `listening on` line, once both workers listen; two children;
  - connections spread over both (the log's request ids carry the
    worker's number), every answer right, and a write through one is
    read through the other at once (they share only the database);
  - a worker killed outright is restarted and the port keeps answering;
  - SIGTERM reaches both; the supervisor exits 0 and leaves no process.
"""
import os
import re
import signal
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import srvtest_util as su  # noqa: E402

FAILURES = []
PASSWORD = 'Workers-Pass-2026'


def check(cond, what):
    if not cond:
        FAILURES.append(what)
        print('FAIL: ' + what, flush=True)
    return cond


def children(pid):
    found = []
    for entry in os.listdir('/proc'):
        if not entry.isdigit():
            continue
        try:
            with open('/proc/%s/stat' % entry) as f:
                fields = f.read().rsplit(')', 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid and fields[0] != 'Z':
            found.append(int(entry))
    return sorted(found)


def wait_for(what, predicate, timeout=15):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.05)
    check(False, 'timed out waiting for ' + what)
    return None


def team_names(srv, token, org):
    """The team's e-mail addresses, read on a new connection (a new
    connection may land on either worker)."""
    c = su.Client(srv.host, srv.port)
    try:
        r = c.get('organizations/%s/team' % org, token=token)
    finally:
        c.close()
    if r.status != 200:
        return None
    return sorted(m.get('email', '') for m in r.json.get('members', [])) + \
        sorted(i.get('email', '') for i in r.json.get('invitations', []))


def main():
    work = tempfile.mkdtemp(prefix='pixorga-workers-')
    srv = su.Server(work, extra_args=['--workers', '2'])
    srv.start()
    try:
        out = open(srv.out_path).read()
        check(out.count('listening on') == 1, 'one "listening on" line, got %r' % out)
        workers = wait_for('two workers', lambda: len(children(srv.pid)) == 2 and children(srv.pid))
        print('# supervisor %d, workers %s, %s' % (srv.pid, workers, su.backend_name()), flush=True)

        api = su.Api(srv)
        token, org, _ = api.new_school('0330077K', 'Lycée des Deux Processus', 'ce.0330077k@example.fr',
                                       'admin@workers.example.fr', PASSWORD)
        first = team_names(srv, token, org)
        check(first is not None and 'admin@workers.example.fr' in first, 'the team read: %r' % first)

        # Spread: new connections until both workers have answered.
        since = len(srv.logs())
        for i in range(60):
            check(team_names(srv, token, org) == first, 'read %d gives the same team' % i)
        answered = set(re.findall(r'request [0-9a-f]{8}-w(\d+)-\d+ GET /organizations/\{org\}/team 200',
                                  srv.logs()[since:]))
        check(answered == {'1', '2'}, 'both workers answered team reads, got %r' % answered)

        # A write through whichever worker, read through all at once.
        api.invite(token, org, 'nouvelle@workers.example.fr')
        for i in range(30):
            names = team_names(srv, token, org)
            if not check(names is not None and 'nouvelle@workers.example.fr' in names,
                         'read %d after the invitation sees it: %r' % (i, names)):
                break

        # One worker killed outright: another takes its place.
        victim = workers[0]
        os.kill(victim, signal.SIGKILL)
        def new_pair():
            # One reading of /proc: a worker being killed is still listed
            # (not yet a zombie) for a moment.
            now = children(srv.pid)
            return len(now) == 2 and victim not in now and now
        replaced = wait_for('a new worker', new_pair)
        check(bool(replaced) and len(set(replaced) - set(workers)) == 1,
              'the killed worker was replaced by a new process: %r (before: %r)' % (replaced, workers))
        check('le processus' in srv.logs() and 'relancé' in srv.logs(), 'the restart is logged in French')
        # The new one serves: both numbers answer again.
        since = len(srv.logs())
        answered = set()
        for i in range(200):
            names = team_names(srv, token, org)
            check(names is not None and 'nouvelle@workers.example.fr' in names,
                  'read %d after the restart: %r' % (i, names))
            answered = set(re.findall(r'request [0-9a-f]{8}-w(\d+)-\d+ GET /organizations/\{org\}/team 200',
                                      srv.logs()[since:]))
            if answered == {'1', '2'}:
                break
        check(answered == {'1', '2'}, 'both workers answer after the restart, got %r' % answered)

        # SIGTERM: both stop, the supervisor exits 0.
        workers = children(srv.pid)
        status = srv.stop()
        check(status == 0, 'the supervisor exits 0 on SIGTERM, got %r' % status)
        for pid in workers:
            check(not os.path.exists('/proc/%d' % pid) or
                  open('/proc/%d/stat' % pid).read().rsplit(')', 1)[1].split()[0] == 'Z',
                  'worker %d stopped with the supervisor' % pid)
        check(srv.logs().count('stopped') >= 3, 'each worker and the supervisor say "stopped"')
    finally:
        srv.stop()
        if FAILURES:
            print(srv.logs()[-3000:])

    if FAILURES:
        print('%d failure(s)' % len(FAILURES))
        return 1
    print('ok')
    return 0


if __name__ == '__main__':
    sys.exit(su.run_backend_main(main))
