#!/usr/bin/env python3
"""bench-server: pixorga-server under load, on SQLite and on PostgreSQL.

For each backend, with wrk (Debian's) against the real binary on loopback:

  floor    a bare SoupServer (server-floor.c) answering the very bytes of
           the team's JSON, measured in the same run, alternately with:
  reads    GET /api/v1/organizations/{org}/team, signed in (a member list
           of 12 and 8 pending invitations);
  writes   POST /api/v1/organizations/{org}/invitations, a new address
           each (a row, a mail in the outbox, a .eml written); SQLite
           syncs every commit (synchronous=FULL), the PostgreSQL cluster
           of tests/orga-pg.py does not (fsync=off on its command line):
           its writes are an upper bound;
  sign-in  POST /sessions with the right password (argon2id, as the
           server hashes it: reported, not tuned).

For the reads it also prints the p99 and the maximum of the durations
the server logged for them (from the request's headers read to its
answer written) and the load average when they started: on a machine
whose 2 cores are shared, a client's p99 of hundreds of ms next to a
server-side max of a few tens is time spent waiting for a CPU behind
the other processes and the other clients, not a stall of the server.

Targets of issue 9 on a 2-core machine at 50 concurrent clients: reads
>= 0.5 x floor requests/s, p99 <= 50 ms. It prints PASS/FAIL against them
and always succeeds when it could measure (a measurement, not a test).

  server-bench.py --server BIN --floor BIN [--duration S] [--connections N]
                  [--backends sqlite,postgresql] [--rounds N] [--workers N]
"""
import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, '..', 'tests'))
import srvtest_util as su  # noqa: E402

PASSWORD = 'Bench-Pass-2026'

LUA_HEADERS = '''
wrk.method = "%(method)s"
wrk.headers["Authorization"] = "Bearer %(token)s"
wrk.headers["Content-Type"] = "application/json"
'''

LUA_INVITE = LUA_HEADERS + '''
local counter = 0
local thread_id = 0
local next_id = 0
function setup(thread)
  next_id = next_id + 1
  thread:set("thread_id", next_id)
end
function request()
  counter = counter + 1
  local body = string.format('{"emails":["bench-%%d-%%d-%%d@example.fr"]}', %(stamp)d, thread_id, counter)
  return wrk.format(nil, nil, nil, body)
end
'''

LUA_SIGN_IN = '''
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.body = '{"email":"%(email)s","password":"%(password)s"}'
'''


def parse_wrk(text):
    rps = float(re.search(r'Requests/sec:\s+([\d.]+)', text).group(1))
    m = re.search(r'99%\s+([\d.]+)(us|ms|s)', text)
    p99 = float(m.group(1)) * {'us': 0.001, 'ms': 1.0, 's': 1000.0}[m.group(2)]
    m = re.search(r'50%\s+([\d.]+)(us|ms|s)', text)
    p50 = float(m.group(1)) * {'us': 0.001, 'ms': 1.0, 's': 1000.0}[m.group(2)]
    errors = re.search(r'Non-2xx or 3xx responses:\s+(\d+)', text)
    sock = re.search(r'Socket errors: (.*)', text)
    total = int(re.search(r'(\d+) requests in', text).group(1))
    return {'rps': rps, 'p99': p99, 'p50': p50, 'total': total,
            'non2xx': int(errors.group(1)) if errors else 0,
            'socket_errors': sock.group(1) if sock else ''}


def wrk(url, args, script=None, threads=2, connections=50, duration=10):
    # A generous timeout: a request wrk gives up on is missing from its
    # latencies, and the p99 would look better than it is.
    argv = ['wrk', '-t%d' % threads, '-c%d' % connections, '-d%ds' % duration, '--latency',
            '--timeout', '30s']
    if script:
        argv += ['-s', script]
    r = subprocess.run(argv + [url], capture_output=True, text=True, check=True)
    return parse_wrk(r.stdout), r.stdout


def server_side(srv, since):
    """The durations the server logged for the team reads after offset
    @since of its log (from the headers read to the answer written):
    (p99, max) in ms. A client's p99 far above them is time spent
    outside the server's handling of the request: waiting for the CPU
    on a loaded machine, queued behind the other clients' requests."""
    durations = []
    with open(srv.err_path, errors='replace') as f:
        f.seek(since)
        for line in f:
            m = re.search(r' GET /organizations/\{org\}/team 200 ([\d.]+) ms', line)
            if m:
                durations.append(float(m.group(1)))
    if not durations:
        return None, None
    durations.sort()
    return durations[min(len(durations) - 1, int(len(durations) * 0.99))], durations[-1]


def cpu_seconds(pids, which=(11, 12)):
    """CPU seconds of @pids so far (0 for a gone one): user and system by
    default, (11,) user only, (12,) system only."""
    tick = os.sysconf('SC_CLK_TCK')
    total = 0
    for pid in pids:
        try:
            with open('/proc/%d/stat' % pid) as f:
                fields = f.read().rsplit(')', 1)[1].split()
            total += sum(int(fields[i]) for i in which)
        except (OSError, IndexError, ValueError):
            pass
    return total / tick


def process_tree(pid):
    """@pid and its children (the workers of --workers)."""
    pids = [pid]
    for entry in os.listdir('/proc'):
        if entry.isdigit():
            try:
                with open('/proc/%s/stat' % entry) as f:
                    if int(f.read().rsplit(')', 1)[1].split()[1]) == pid:
                        pids.append(int(entry))
            except (OSError, IndexError, ValueError):
                pass
    return pids


def postgres_pids():
    pids = []
    for entry in os.listdir('/proc'):
        if entry.isdigit():
            try:
                with open('/proc/%s/comm' % entry) as f:
                    if f.read().strip() == 'postgres':
                        pids.append(int(entry))
            except OSError:
                pass
    return pids


def prepare(srv):
    """A school with a team of 12 and 8 pending invitations; returns
    (admin token, organization id, team JSON bytes)."""
    api = su.Api(srv)
    token, org, _ = api.new_school('0330099Z', 'Lycée du Banc d’Essai', 'ce.0330099z@example.fr',
                                   'admin@bench.example.fr', PASSWORD)
    for i in range(11):
        api.join(token, org, 'membre%d@bench.example.fr' % i, PASSWORD,
                 first='Prénom%d' % i, last='Nom%d' % i)
    for i in range(8):
        api.invite(token, org, 'attente%d@bench.example.fr' % i)
    r = api.c.get('organizations/%s/team' % org, token=token)
    assert r.status == 200, r
    api.c.close()
    return token, org, r.body


def start_floor(floor_bin, body_path, workdir):
    out = open(os.path.join(workdir, 'floor.out'), 'w+')
    proc = subprocess.Popen([floor_bin, body_path], stdout=out, stderr=subprocess.STDOUT)
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        out.seek(0)
        m = su.LISTEN_RE.search(out.read())
        if m:
            return proc, 'http://127.0.0.1:%s' % m.group(3)
        time.sleep(0.05)
    proc.kill()
    raise RuntimeError('server-floor did not start')


def bench_backend(name, db_location, args):
    workdir = tempfile.mkdtemp(prefix='pixorga-bench-%s-' % name)
    # The server's per-request log lines go to a file, not a pipe this
    # script would have to drain.
    srv = su.Server(workdir, db=db_location,
                    extra_args=['--workers', str(args.workers)] if args.workers > 1 else [])
    srv.start()
    results = {}
    try:
        token, org, team = prepare(srv)
        body_path = os.path.join(workdir, 'team.json')
        with open(body_path, 'wb') as f:
            f.write(team)
        floor, floor_url = start_floor(args.floor, body_path, workdir)
        base = 'http://127.0.0.1:%d' % srv.port
        reads_lua = os.path.join(workdir, 'reads.lua')
        with open(reads_lua, 'w') as f:
            f.write(LUA_HEADERS % {'method': 'GET', 'token': token})
        invite_lua = os.path.join(workdir, 'invite.lua')
        with open(invite_lua, 'w') as f:
            f.write(LUA_INVITE % {'method': 'POST', 'token': token, 'stamp': int(time.time())})
        sign_in_lua = os.path.join(workdir, 'sign-in.lua')
        with open(sign_in_lua, 'w') as f:
            f.write(LUA_SIGN_IN % {'email': 'admin@bench.example.fr', 'password': PASSWORD})
        try:
            floors, reads = [], []
            # Alternately, so that the machine's other load weighs on both.
            for _ in range(args.rounds):
                floors.append(wrk(floor_url + '/api/v1/organizations/%s/team' % org, [], reads_lua,
                                  connections=args.connections, duration=args.duration)[0])
                since = os.path.getsize(srv.err_path)
                load = os.getloadavg()[0]
                # Where the CPU goes: the server's and the database's (the
                # cluster's processes, none for SQLite) per request.
                pg, server_pids = postgres_pids(), process_tree(srv.proc.pid)
                cpu_srv, cpu_db = cpu_seconds(server_pids), cpu_seconds(pg)
                sys_srv = cpu_seconds(server_pids, (12,))
                r = wrk(base + '/api/v1/organizations/%s/team' % org, [], reads_lua,
                        connections=args.connections, duration=args.duration)[0]
                r['server_cpu_us'] = (cpu_seconds(server_pids) - cpu_srv) * 1e6 / max(r['total'], 1)
                r['server_sys_us'] = (cpu_seconds(server_pids, (12,)) - sys_srv) * 1e6 / max(r['total'], 1)
                r['db_cpu_us'] = (cpu_seconds(pg) - cpu_db) * 1e6 / max(r['total'], 1)
                r['server_p99'], r['server_max'] = server_side(srv, since)
                r['load'] = load
                reads.append(r)
            results['floor'] = max(floors, key=lambda r: r['rps'])
            results['reads'] = max(reads, key=lambda r: r['rps'])
            results['writes'] = wrk(base + '/api/v1/organizations/%s/invitations' % org, [], invite_lua,
                                    connections=args.connections, duration=args.duration)[0]
            results['sign-in'] = wrk(base + '/api/v1/sessions', [], sign_in_lua, threads=2,
                                     connections=args.sign_in_connections, duration=args.duration)[0]
        finally:
            floor.terminate()
            floor.wait()
        status = srv.stop()
        if status != 0:
            print('warning: pixorga-server stopped with status %r' % status)
    finally:
        srv.stop()
        shutil.rmtree(workdir, ignore_errors=True)
    return results


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--server', required=True)
    ap.add_argument('--floor', required=True)
    ap.add_argument('--duration', type=int, default=10)
    ap.add_argument('--connections', type=int, default=50)
    ap.add_argument('--sign-in-connections', type=int, default=8)
    ap.add_argument('--rounds', type=int, default=2)
    ap.add_argument('--backends', default='sqlite,postgresql')
    # pixorga-server --workers N: N processes on one port (SO_REUSEPORT).
    ap.add_argument('--workers', type=int, default=1)
    args = ap.parse_args()
    os.environ['PIXORGA_SERVER'] = os.path.abspath(args.server)
    if not shutil.which('wrk'):
        print('bench-server: wrk is not installed (apt install wrk)')
        return 1

    all_results = {}
    for backend in args.backends.split(','):
        print('# %s' % backend, flush=True)
        if backend == 'sqlite':
            all_results[backend] = bench_backend(backend, None, args)
        else:
            import orga_pg
            try:
                with orga_pg.cluster() as uri:
                    all_results[backend] = bench_backend(backend, uri, args)
            except orga_pg.Unavailable as e:
                print('  skipped: %s' % e)
                continue
        for k, r in all_results[backend].items():
            print('  %-8s %8.0f req/s  p50 %7.1f ms  p99 %7.1f ms  (%d requests, %d non-2xx%s)' % (
                k, r['rps'], r['p50'], r['p99'], r['total'], r['non2xx'],
                ', socket errors ' + r['socket_errors'] if r['socket_errors'] else ''), flush=True)

    print('\nbench-server, %d worker(s), %d concurrent clients, wrk -t2 -d%ds, %d core(s), load average %s:' % (
        args.workers, args.connections, args.duration, os.cpu_count(), ' '.join('%.1f' % x for x in os.getloadavg())))
    for backend, res in all_results.items():
        ratio = res['reads']['rps'] / res['floor']['rps']
        print('  %-10s reads %6.0f/s (floor %6.0f/s, ratio %.2f %s), reads p99 %.1f ms %s; '
              'writes %6.0f/s p99 %.1f ms %s; sign-ins %.1f/s (p99 %.0f ms at %d clients)' % (
                  backend, res['reads']['rps'], res['floor']['rps'], ratio,
                  'PASS' if ratio >= 0.5 else 'FAIL', res['reads']['p99'],
                  'PASS' if res['reads']['p99'] <= 50 else 'FAIL',
                  res['writes']['rps'], res['writes']['p99'],
                  'PASS' if res['writes']['p99'] <= 50 else 'FAIL',
                  res['sign-in']['rps'], res['sign-in']['p99'], args.sign_in_connections))
        r = res['reads']
        if r.get('server_p99') is not None:
            print('  %-10s reads inside the server: p99 %.1f ms, max %.1f ms (load average %.1f at the start)' % (
                backend, r['server_p99'], r['server_max'], r['load']))
            print('  %-10s reads CPU per request: server %.0f µs (%.0f in the kernel), database processes %.0f µs' % (
                backend, r['server_cpu_us'], r['server_sys_us'], r['db_cpu_us']))
        for k, r in res.items():
            if r['non2xx']:
                print('  warning: %s %s had %d non-2xx answers' % (backend, k, r['non2xx']))
    print(json.dumps(all_results))
    return 0


if __name__ == '__main__':
    sys.exit(main())
