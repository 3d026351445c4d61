#!/usr/bin/env python3
"""server-instructions: instructions a team read costs pixorga-server,
against server-floor's for the same bytes, counted by callgrind.

The machine is shared and wall-clock figures move with the other
processes' load; instruction counts do not. Each binary runs under
valgrind --tool=callgrind; after a warm-up, a dump starts the count, wrk
sends requests for --duration seconds over --connections connections,
and a second dump ends it: the instructions of the second part over the
requests wrk made (connections opened once, at the warm-up's start, are
not in it). The school is prepared by a server run without valgrind
(argon2id under valgrind takes minutes), then served again under it.

  server-instructions.py --server BIN --floor BIN [--backends sqlite,postgresql]
                         [--duration S] [--connections N]

Only the server process is counted: on PostgreSQL, the database's own
work is not in the figure (a cache hit saves it a query or two too).
"""
import argparse
import glob
import importlib.util
import os
import shutil
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, '..', 'tests'))
import srvtest_util as su  # noqa: E402

_spec = importlib.util.spec_from_file_location('server_bench', os.path.join(HERE, 'server-bench.py'))
sb = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(sb)


def summary(path):
    with open(path) as f:
        for line in f:
            if line.startswith('summary:') or line.startswith('totals:'):
                return int(line.split()[1])
    return 0


def measure(pid, outdir, url, lua, args):
    sb.wrk(url, [], lua, connections=args.connections, duration=1)
    subprocess.run(['callgrind_control', '-d', 'start', str(pid)], capture_output=True, check=True)
    r, _ = sb.wrk(url, [], lua, connections=args.connections, duration=args.duration)
    subprocess.run(['callgrind_control', '-d', 'end', str(pid)], capture_output=True, check=True)
    time.sleep(0.5)
    parts = sorted(glob.glob(os.path.join(outdir, 'cg.%d.out.*' % pid)), key=os.path.getmtime)
    return r['total'], summary(parts[-1]) / max(r['total'], 1)


def wait_listening(path, timeout=120):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with open(path) as f:
            m = su.LISTEN_RE.search(f.read())
        if m:
            return int(m.group(3))
        time.sleep(0.1)
    raise RuntimeError('no "listening on" in %s' % path)


def run(name, db, args):
    workdir = tempfile.mkdtemp(prefix='pixorga-instructions-%s-' % name)
    vg = ['valgrind', '--tool=callgrind', '--callgrind-out-file=%s/cg.%%p.out' % workdir]
    try:
        srv = su.Server(workdir, db=db)
        srv.start()
        try:
            token, org, team = sb.prepare(srv)
        finally:
            srv.stop()
        body = os.path.join(workdir, 'team.json')
        with open(body, 'wb') as f:
            f.write(team)
        lua = os.path.join(workdir, 'reads.lua')
        with open(lua, 'w') as f:
            f.write(sb.LUA_HEADERS % {'method': 'GET', 'token': token})
        path = '/api/v1/organizations/%s/team' % org
        results = {}
        for what, argv in (('floor', [args.floor, body]),
                           ('reads', [os.path.abspath(args.server), '--db', srv.db_location,
                                      '--listen', '127.0.0.1:0', '--public-url', 'http://127.0.0.1',
                                      '--mail-dir', srv.mail_dir])):
            out = os.path.join(workdir, what + '.out')
            with open(out, 'w') as f:
                proc = subprocess.Popen(vg + argv, stdout=f, stderr=subprocess.STDOUT)
            try:
                port = wait_listening(out)
                results[what] = measure(proc.pid, workdir, 'http://127.0.0.1:%d%s' % (port, path), lua, args)
            finally:
                proc.terminate()
                proc.wait()
        (fn, fi), (rn, ri) = results['floor'], results['reads']
        print('  %-10s floor %8.0f instructions/request (%d requests), reads %8.0f (%d requests):'
              ' floor/reads %.2f' % (name, fi, fn, ri, rn, fi / ri), flush=True)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--server', required=True)
    ap.add_argument('--floor', required=True)
    ap.add_argument('--duration', type=int, default=10)
    ap.add_argument('--connections', type=int, default=4)
    ap.add_argument('--backends', default='sqlite,postgresql')
    args = ap.parse_args()
    os.environ['PIXORGA_SERVER'] = os.path.abspath(args.server)
    for tool in ('wrk', 'valgrind', 'callgrind_control'):
        if not shutil.which(tool):
            print('server-instructions: %s is not installed' % tool)
            return 1
    for backend in args.backends.split(','):
        if backend == 'sqlite':
            run(backend, None, args)
        else:
            import orga_pg
            try:
                with orga_pg.cluster() as uri:
                    run(backend, uri, args)
            except orga_pg.Unavailable as e:
                print('  %s skipped: %s' % (backend, e))
    return 0


if __name__ == '__main__':
    sys.exit(main())
