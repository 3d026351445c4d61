#!/usr/bin/env python3
# orga-pg.py: a throw-away PostgreSQL cluster for the tests
#
# Two uses:
#
#   python3 tests/orga-pg.py -- COMMAND ARGS…
#       starts a cluster in a temporary folder, runs COMMAND with
#       PIXORGA_TEST_PG_URI set to a libpq URI of the database `pixorga`,
#       stops the cluster, removes the folder and exits with COMMAND's
#       status (77, meson's "skipped", if PostgreSQL is not installed).
#
#   sys.path.insert (0, TESTS_DIR)
#   import orga_pg                  (tests/orga_pg.py links to this file)
#   with orga_pg.cluster () as uri:
#       …                           (raises orga_pg.Unavailable without
#                                    PostgreSQL: exit 77 then)
#
# The cluster listens on a Unix socket in its folder only
# (listen_addresses=''), so tests never fight over a TCP port; the port
# number, chosen free, only names the socket. Durability is off (fsync,
# synchronous_commit, full_page_writes): a test cluster never outlives
# its test. initdb refuses to run as root: as root, the server runs as
# the `postgres` user and the folder is handed to it.
#
# SPDX-License-Identifier: GPL-3.0-or-later

import contextlib
import glob
import os
import pwd
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import urllib.parse

SKIP = 77


class Unavailable(Exception):
    """PostgreSQL's programs are not installed: the test is skipped."""


def find_bindir():
    override = os.environ.get('PIXORGA_PG_BINDIR')
    candidates = [override] if override else []

    def version(path):
        name = os.path.basename(os.path.dirname(path.rstrip('/')))
        try:
            return tuple(int(p) for p in name.split('.'))
        except ValueError:
            return (0,)

    candidates += sorted(glob.glob('/usr/lib/postgresql/*/bin/'), key=version, reverse=True)
    for d in candidates:
        if d and all(os.access(os.path.join(d, p), os.X_OK) for p in ('initdb', 'pg_ctl', 'postgres')):
            return d
    # Distributions that put them on the PATH (Fedora, Arch, Homebrew).
    initdb = shutil.which('initdb')
    if initdb and shutil.which('pg_ctl'):
        return os.path.dirname(initdb)
    raise Unavailable('PostgreSQL server programs (initdb, pg_ctl) not found in '
                      '/usr/lib/postgresql/*/bin nor on PATH; install the postgresql package '
                      '(scripts/setup.sh with PIXORGA_SETUP_TESTS=1)')


def free_port():
    # Only names the socket (.s.PGSQL.PORT); still, prefer a number no TCP
    # server uses, it makes the logs less confusing.
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(('127.0.0.1', 0))
        return s.getsockname()[1]


def _as_user():
    """The prefix that runs a program as the cluster's owner, and its name."""
    if os.geteuid() != 0:
        return [], pwd.getpwuid(os.geteuid()).pw_name
    try:
        pwd.getpwnam('postgres')
    except KeyError:
        raise Unavailable('running as root and there is no `postgres` user to run PostgreSQL as')
    runuser = shutil.which('runuser') or '/usr/sbin/runuser'
    if os.access(runuser, os.X_OK):
        return [runuser, '-u', 'postgres', '--'], 'postgres'
    setpriv = shutil.which('setpriv')
    if setpriv:
        return [setpriv, '--reuid=postgres', '--regid=postgres', '--init-groups'], 'postgres'
    raise Unavailable('running as root without runuser or setpriv to run PostgreSQL as `postgres`')


def _run(argv, log):
    r = subprocess.run(argv, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                       stdin=subprocess.DEVNULL, text=True)
    if r.returncode != 0:
        sys.stderr.write(r.stdout)
        if log and os.path.exists(log):
            with open(log, errors='replace') as f:
                sys.stderr.write(f.read())
        prog = argv[argv.index('--') + 1] if '--' in argv else argv[0]
        raise RuntimeError('%s failed with status %d' % (os.path.basename(prog), r.returncode))
    return r.stdout


def _tmp_dir():
    # As root, the folder's parents must let `postgres` through: a TMPDIR
    # under /root would not. A Unix socket path has at most 107 bytes: a
    # long TMPDIR cannot hold it either.
    tmp = tempfile.gettempdir()
    return tmp if os.geteuid() != 0 and len(tmp) <= 60 else '/tmp'


def _remove_stale(bindir, prefix):
    """Stops and removes the clusters of harnesses that were killed (SIGKILL
    leaves no chance to clean up): the next run does it."""
    for base in glob.glob(os.path.join(_tmp_dir(), 'orga-pg-*')):
        try:
            with open(os.path.join(base, 'harness.pid')) as f:
                pid = int(f.read())
            os.kill(pid, 0)
            continue                    # its harness still runs
        except ProcessLookupError:
            pass
        except (OSError, ValueError):
            continue                    # not ours to judge (no pid file yet, or another user's)
        data = os.path.join(base, 'data')
        if os.path.exists(os.path.join(data, 'postmaster.pid')):
            subprocess.run(prefix + [os.path.join(bindir, 'pg_ctl'), '-D', data, '-m', 'immediate',
                                     'stop'], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        shutil.rmtree(base, ignore_errors=True)


@contextlib.contextmanager
def cluster(database='pixorga'):
    """Yields the libpq URI of @database in a new cluster; stops and removes
    the cluster afterwards, whatever happened."""
    bindir = find_bindir()
    prefix, user = _as_user()
    _remove_stale(bindir, prefix)
    base = tempfile.mkdtemp(prefix='orga-pg-', dir=_tmp_dir())
    data = os.path.join(base, 'data')
    log = os.path.join(base, 'server.log')
    started = False
    try:
        with open(os.path.join(base, 'harness.pid'), 'w') as f:
            f.write(str(os.getpid()))
        if prefix:
            pw = pwd.getpwnam('postgres')
            os.chown(base, pw.pw_uid, pw.pw_gid)
            os.chmod(base, 0o700)
        _run(prefix + [os.path.join(bindir, 'initdb'), '-D', data, '-U', 'postgres',
                       '-A', 'trust', '-E', 'UTF8', '--locale=C', '--no-sync'], None)
        # The socket is in our own folder, so no other cluster can hold its
        # name; a start may still time out on a loaded machine: try again.
        for attempt in range(3):
            port = free_port()
            opts = ("-c listen_addresses='' -k '%s' -p %d -c fsync=off "
                    "-c synchronous_commit=off -c full_page_writes=off "
                    "-c max_connections=100 -c shared_buffers=16MB "
                    "-c log_min_messages=warning -c lc_messages=C" % (base, port))
            r = subprocess.run(prefix + [os.path.join(bindir, 'pg_ctl'), '-D', data, '-l', log,
                                         '-o', opts, '-w', '-t', '60', 'start'],
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                               stdin=subprocess.DEVNULL, text=True)
            if r.returncode == 0:
                started = True
                break
            # pg_ctl may have left a postmaster behind on a timeout.
            subprocess.run(prefix + [os.path.join(bindir, 'pg_ctl'), '-D', data, '-m', 'immediate',
                                     'stop'], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        if not started:
            sys.stderr.write(r.stdout)
            with open(log, errors='replace') as f:
                sys.stderr.write(f.read())
            raise RuntimeError('pg_ctl start failed')

        psql = os.path.join(bindir, 'psql')
        createdb = os.path.join(bindir, 'createdb')
        if os.access(createdb, os.X_OK):
            _run(prefix + [createdb, '-h', base, '-p', str(port), '-U', 'postgres', database], log)
        else:
            _run(prefix + [psql, '-h', base, '-p', str(port), '-U', 'postgres', '-d', 'postgres',
                           '-c', 'CREATE DATABASE "%s"' % database], log)
        yield 'postgresql:///%s?host=%s&port=%d&user=postgres' % (
            urllib.parse.quote(database), urllib.parse.quote(base, safe='/'), port)
    finally:
        if started:
            # fast: ends the sessions a crashed test left open.
            r = subprocess.run(prefix + [os.path.join(bindir, 'pg_ctl'), '-D', data, '-m', 'fast',
                                         '-w', '-t', '30', 'stop'],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            if r.returncode != 0:
                subprocess.run(prefix + [os.path.join(bindir, 'pg_ctl'), '-D', data, '-m', 'immediate',
                                         'stop'], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        shutil.rmtree(base, ignore_errors=True)


def main(argv):
    if '--' in argv:
        argv = argv[argv.index('--') + 1:]
    else:
        argv = argv[1:]
    if not argv:
        sys.stderr.write('usage: orga-pg.py -- COMMAND [ARGS…]\n')
        return 2

    # Ctrl-C or a test runner's SIGTERM must still stop the cluster: turn
    # SIGTERM into the KeyboardInterrupt the context manager cleans up on.
    def on_term(signum, frame):
        raise KeyboardInterrupt()
    signal.signal(signal.SIGTERM, on_term)
    signal.signal(signal.SIGHUP, on_term)
    # Python leaves SIGINT ignored when started so (a background job of a
    # script): Ctrl-C to the process group must still clean up.
    signal.signal(signal.SIGINT, signal.default_int_handler)

    child = None
    try:
        with cluster() as uri:
            env = dict(os.environ, PIXORGA_TEST_PG_URI=uri)
            child = subprocess.Popen(argv, env=env)
            try:
                return child.wait()
            except KeyboardInterrupt:
                child.send_signal(signal.SIGTERM)
                try:
                    child.wait(10)
                except subprocess.TimeoutExpired:
                    child.kill()
                    child.wait()
                return 130
    except Unavailable as e:
        sys.stderr.write('orga-pg: skipped: %s\n' % e)
        return SKIP
    except KeyboardInterrupt:
        return 130
    except (RuntimeError, OSError) as e:
        sys.stderr.write('orga-pg: %s\n' % e)
        return 1


if __name__ == '__main__':
    sys.exit(main(sys.argv))
