#!/usr/bin/env python3
"""Crash safety of an import, driven through the real pixorga-cli binary.

Scenario 1 (kill -9): a database holds a good list of 300 students. A
100,000-student file that changes every one of them is imported, and the
import is killed with SIGKILL at several moments, from the parsing phase to
the write phase (some kills are triggered by watching the database's -wal
file grow, so that at least one lands while the transaction is being
written). After each kill the database must pass PRAGMA integrity_check and
list either exactly the old students (same uuids, same timestamps) or, if
the kill came after the commit, the complete new list; never anything else.

Scenario 2 (truncated file): importing a good file cut in half (as XML, as a
cut zip archive, and as a whole zip holding half an XML file) is rejected
with exit code 2 and the list stays exactly as it was.

Exit status 0 means pass. Needs PIXORGA_CLI and PIXORGA_GEN_SIECLE.
"""
import io
import json
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
import zipfile

CLI = os.environ["PIXORGA_CLI"]
GEN = os.environ["PIXORGA_GEN_SIECLE"]
UAI = "0330001A"
OLD_COUNT = 300
NEW_COUNT = 100_000
# Fields that are the same whichever run produced them; uuid and the
# timestamps are only compared for students that existed before.
CONTENT_KEYS = ("ine", "last_name", "preferred_last_name", "first_name", "middle_name", "third_name",
                "sex", "birthdate", "birth_country_code", "birth_province_code", "birth_city_code",
                "birth_city", "mef_code", "status", "division", "disabled")

failures = []


def log(msg=""):
    print(msg, flush=True)


def check(cond, msg):
    if cond:
        return True
    failures.append(msg)
    log("FAIL: " + msg)
    return False


def cli(db, *args, timeout=300):
    return subprocess.run([CLI, "--db", db, *args], capture_output=True, text=True, timeout=timeout)


def cli_ok(db, *args):
    proc = cli(db, *args)
    if proc.returncode != 0:
        log(f"pixorga-cli {' '.join(args)} exited {proc.returncode}\n{proc.stdout}\n{proc.stderr}")
        sys.exit(1)
    return proc


def gen(count, path, seed, zipped=False):
    argv = [sys.executable, GEN, str(count), "-o", path, "--uai", UAI, "--seed", str(seed)]
    if zipped:
        argv.append("--zip")
    subprocess.run(argv, check=True)
    return path


def students(db):
    """The raw output and the parsed list of `students --json --all`."""
    proc = cli(db, "students", "--json", "--all")
    if proc.returncode != 0:
        return None, f"students exited {proc.returncode}: {proc.stderr.strip()}"
    try:
        return json.loads(proc.stdout), None
    except ValueError as e:
        return None, f"students printed invalid JSON: {e}"


def imports(db):
    proc = cli(db, "imports", "--json")
    if proc.returncode != 0:
        return None
    return json.loads(proc.stdout)


def integrity(db):
    """PRAGMA integrity_check and foreign_key_check through Python's sqlite3."""
    con = sqlite3.connect(db, timeout=30)
    try:
        ic = [r[0] for r in con.execute("PRAGMA integrity_check")]
        fk = con.execute("PRAGMA foreign_key_check").fetchall()
    finally:
        con.close()
    return ic, fk


def file_size(path):
    try:
        return os.stat(path).st_size
    except FileNotFoundError:
        return -1


def mib(size):
    if size <= 0:
        return "empty" if size == 0 else "absent"
    if size < 1024:
        return f"{size} bytes"
    return f"{size / 2**20:.2f} MiB" if size >= 2**20 else f"{size / 1024:.1f} KiB"


def db_files(db):
    return [db + s for s in ("", "-wal", "-shm", "-journal")]


def copy_db(src, dst):
    for s, d in zip(db_files(src), db_files(dst)):
        if os.path.exists(d):
            os.unlink(d)
        if os.path.exists(s):
            shutil.copy2(s, d)


def content(student):
    return tuple(student.get(k) for k in CONTENT_KEYS)


def classify(listing, old, new_ref):
    """'old' if the list is exactly the old one, 'new' if it is the complete
    new one, otherwise a description of what is wrong."""
    if listing == old:
        return "old"
    if len(listing) != len(new_ref):
        return (f"neither list: {len(listing)} students (old list has {len(old)}, "
                f"complete new list {len(new_ref)})")
    got = sorted(listing, key=lambda s: s["ine"])
    if [content(s) for s in got] != [content(s) for s in new_ref]:
        bad = next(i for i, (a, b) in enumerate(zip(got, new_ref)) if content(a) != content(b))
        return f"{len(listing)} students but differing from the complete new list, e.g. {got[bad]['ine']}"
    # The students that existed before keep their identity.
    by_ine = {s["ine"]: s for s in got}
    for s in old:
        n = by_ine.get(s["ine"])
        if n is None or n["uuid"] != s["uuid"] or n["created_at"] != s["created_at"]:
            return f"new list, but student {s['ine']} lost its uuid or creation date"
    return "new"


def watch(proc, wal, deadline=None, wal_at_least=None, poll=0.002):
    """Wait until the deadline (monotonic), or until the -wal file reaches
    wal_at_least bytes, or until the process ends. Returns the max -wal size seen."""
    peak = max(file_size(wal), 0)
    while proc.poll() is None:
        size = file_size(wal)
        peak = max(peak, size)
        if wal_at_least is not None and size >= wal_at_least:
            break
        if deadline is not None and time.monotonic() >= deadline:
            break
        time.sleep(poll)
    return peak


def scenario_kill(work, base_db, old, old_imports, big):
    log("== Scenario 1: kill -9 during the import of a 100,000-student file ==")

    # A timed, complete run on a separate copy: its duration spreads the
    # kills, its -wal growth says when the write phase starts, and its
    # result is the complete new list.
    ref_db = os.path.join(work, "ref.db")
    copy_db(base_db, ref_db)
    ref_wal = ref_db + "-wal"
    t0 = time.monotonic()
    # Files, not pipes: nothing reads them while the -wal is watched.
    out_f = open(os.path.join(work, "ref.out"), "w+")
    err_f = open(os.path.join(work, "ref.err"), "w+")
    proc = subprocess.Popen([CLI, "--db", ref_db, "import", "--json", big], stdout=out_f, stderr=err_f)
    wal_start = None
    wal_peak = 0
    while proc.poll() is None:
        size = file_size(ref_wal)
        if size > 0 and wal_start is None:
            wal_start = time.monotonic() - t0
        wal_peak = max(wal_peak, size)
        time.sleep(0.002)
    duration = time.monotonic() - t0
    out_f.seek(0)
    err_f.seek(0)
    out, err = out_f.read(), err_f.read()
    out_f.close()
    err_f.close()
    if proc.returncode != 0:
        log(f"reference import exited {proc.returncode}\n{out}\n{err}")
        sys.exit(1)
    report = json.loads(out)
    log(f"reference import: {duration:.2f} s, status {report['status']}, created {report['created']}, "
        f"updated {report['updated']}, disabled {report['disabled']}; "
        f"-wal first written at {wal_start if wal_start is None else round(wal_start, 2)} s, "
        f"peak -wal {mib(wal_peak)}")
    if not check(report["status"] == "imported" and report["created"] + report["updated"] == NEW_COUNT,
                 "the reference import did not import the 100,000 students"):
        return
    new_ref, problem = students(ref_db)
    if new_ref is None:
        check(False, "reference list: " + problem)
        return
    new_ref.sort(key=lambda s: s["ine"])
    check(len(new_ref) == NEW_COUNT, f"reference list has {len(new_ref)} students, expected {NEW_COUNT}")
    check(sum(1 for s in new_ref if s["disabled"]) == 0, "reference list has disabled students")
    changed = sum(1 for s in old if content(s) != content(next(n for n in new_ref if n["ine"] == s["ine"])))
    log(f"the new file changes {changed} of the {len(old)} existing students and adds "
        f"{NEW_COUNT - len(old)}")
    ref_verdict = classify(new_ref, old, new_ref)
    check(ref_verdict == "new", f"reference list: {ref_verdict}")
    ic, fk = integrity(ref_db)
    check(ic == ["ok"] and not fk, f"reference database integrity: {ic} {fk}")

    # The plan: timed kills spread over the run, then kills triggered by the
    # -wal file, which only grows while the import transaction is written.
    if wal_start is None:
        wal_start = duration * 0.7
        log("(the -wal file was never seen non-empty; assuming the write phase starts at 70%)")
    write_len = max(duration - wal_start, 0.05)
    plan = [("timed", duration * f, None) for f in (0.15, 0.40, 0.65)]
    plan += [("timed", wal_start + write_len * f, None) for f in (0.30, 0.60, 0.95)]
    plan += [("wal", None, 1)]
    if wal_peak > 2 * 2**20:
        plan += [("wal", None, wal_peak // 2)]
        # Around the commit and the checkpoint: either outcome is allowed.
        plan += [("wal", None, wal_peak * 98 // 100)]
    plan.sort(key=lambda p: p[1] if p[1] is not None else duration * 2)

    db = os.path.join(work, "kill.db")
    wal = db + "-wal"
    copy_db(base_db, db)
    kept_old = 0
    kept_old_write_phase = 0
    committed = 0
    for n, (kind, delay, wal_target) in enumerate(plan, 1):
        if file_size(wal) > 0:
            log(f"note: before kill {n} the -wal file already holds {file_size(wal)} bytes")
        t0 = time.monotonic()
        proc = subprocess.Popen([CLI, "--db", db, "import", big],
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        if kind == "timed":
            watch(proc, wal, deadline=t0 + delay)
            what = f"after {delay:.2f} s ({delay / duration:.0%} of the reference run)"
        else:
            watch(proc, wal, wal_at_least=wal_target, deadline=t0 + 10 * duration + 30)
            what = f"once the -wal reached {mib(wal_target)}"
        wal_at_kill = file_size(wal)
        finished = proc.poll() is not None
        if not finished:
            proc.send_signal(signal.SIGKILL)
        rc = proc.wait()
        elapsed = time.monotonic() - t0
        how = (f"process had already exited ({rc})" if finished
               else f"killed at {elapsed:.2f} s" + (" (SIGKILL)" if rc == -signal.SIGKILL else f" rc={rc}"))
        if wal_at_kill > 0:
            phase = "write phase"
        elif finished:
            phase = "too late"
        else:
            phase = "no -wal data yet"

        hot_wal = file_size(wal)
        ic, fk = integrity(db)
        listing, problem = students(db)
        verdict = classify(listing, old, new_ref) if listing is not None else problem
        if verdict == "new":
            phase = "after the commit" + (", before the checkpoint" if wal_at_kill > 0 else "")
        log(f"kill {n}: {what}: {how}; -wal {mib(wal_at_kill)} at the kill "
            f"({phase}), {mib(hot_wal)} left; integrity_check {ic[:3]}"
            f"{'' if not fk else ' foreign keys ' + str(fk[:3])}; list: {verdict}")
        check(not finished or rc == 0, f"kill {n}: the import failed on its own with exit code {rc}")
        check(ic == ["ok"], f"kill {n}: integrity_check returned {ic[:5]}")
        check(not fk, f"kill {n}: foreign_key_check returned {fk[:5]}")
        if not check(verdict in ("old", "new"), f"kill {n}: {verdict}"):
            copy_db(base_db, db)
            continue
        if verdict == "old":
            kept_old += 1
            if wal_at_kill > 0:
                kept_old_write_phase += 1
            hist = imports(db)
            check(hist == old_imports, f"kill {n}: the import history changed though the list did not")
        else:
            committed += 1
            # Back to the old list for the next kill.
            copy_db(base_db, db)

    log(f"{len(plan)} kills: {kept_old} left the old list ({kept_old_write_phase} of them killed in the "
        f"write phase), {committed} found the import committed")
    check(kept_old >= 1, "no kill left the old list")
    check(kept_old_write_phase >= 1, "no kill landed in the write phase (with a non-empty -wal) before the commit")

    # The database is still usable: a complete import now succeeds.
    proc = cli(db, "import", "--json", big)
    verdict = None
    if check(proc.returncode == 0, f"import after the kills exited {proc.returncode}: {proc.stderr[-500:]}"):
        listing, problem = students(db)
        verdict = classify(listing, old, new_ref) if listing is not None else problem
        check(verdict == "new", f"import after the kills: {verdict}")
    ic, fk = integrity(db)
    check(ic == ["ok"] and not fk, f"after the final import: integrity {ic[:3]} {fk[:3]}")
    log(f"a complete import after the kills: exit {proc.returncode}, list {verdict}, integrity {ic[:3]}")


def scenario_truncated(work, base_db, old, old_imports):
    log("== Scenario 2: a good file cut in half ==")
    full = gen(1000, os.path.join(work, "good.xml"), seed=7)
    data = open(full, "rb").read()
    half_xml = os.path.join(work, "half.xml")
    with open(half_xml, "wb") as f:
        f.write(data[:len(data) // 2])
    good_zip = gen(1000, os.path.join(work, "good.zip"), seed=7, zipped=True)
    zdata = open(good_zip, "rb").read()
    half_zip = os.path.join(work, "half.zip")
    with open(half_zip, "wb") as f:
        f.write(zdata[:len(zdata) // 2])
    zip_of_half = os.path.join(work, "zip-of-half.zip")
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("ElevesSansAdresses.xml", data[:len(data) // 2])
    with open(zip_of_half, "wb") as f:
        f.write(buf.getvalue())

    db = os.path.join(work, "trunc.db")
    copy_db(base_db, db)
    # The complete file itself is fine (checked on a copy).
    probe = os.path.join(work, "probe.db")
    copy_db(base_db, probe)
    proc = cli(probe, "import", "--dry-run", "--json", full)
    check(proc.returncode == 0, f"the complete file is not accepted by a dry run: exit {proc.returncode}")

    for path in (half_xml, half_zip, zip_of_half):
        name = os.path.basename(path)
        proc = cli(db, "import", "--json", path)
        try:
            report = json.loads(proc.stdout)
            status = report.get("status")
            codes = [e.get("code") for e in report.get("errors", [])]
        except ValueError:
            status, codes = "(no JSON)", []
        listing, problem = students(db)
        same = listing == old
        ic, fk = integrity(db)
        log(f"{name}: exit {proc.returncode}, status {status}, errors {codes}; list "
            f"{'unchanged' if same else 'CHANGED' if listing is not None else problem}; integrity {ic[:3]}")
        check(proc.returncode == 2, f"{name}: exit code {proc.returncode}, expected 2")
        check(status == "rejected", f"{name}: status {status}, expected rejected")
        check(same, f"{name}: the list changed" if listing is not None else f"{name}: {problem}")
        check(ic == ["ok"] and not fk, f"{name}: integrity {ic[:3]} {fk[:3]}")
        hist = imports(db)
        if hist is not None and old_imports is not None:
            log(f"  import history: {len(old_imports)} -> {len(hist)} records")


def main():
    work = tempfile.mkdtemp(prefix="pixorga-crash-")
    try:
        t_start = time.monotonic()
        base_db = os.path.join(work, "base.db")
        cli_ok(base_db, "init", "--uai", UAI, "--name", "Crash")
        small = gen(OLD_COUNT, os.path.join(work, "small.xml"), seed=1)
        cli_ok(base_db, "import", small)
        old, problem = students(base_db)
        if old is None:
            log("recording the old list: " + problem)
            return 1
        old_imports = imports(base_db)
        log(f"base database: {len(old)} students; files {[os.path.basename(p) for p in db_files(base_db) if os.path.exists(p)]}")
        if len(old) != OLD_COUNT:
            log(f"FAIL: expected {OLD_COUNT} students after the first import")
            return 1

        scenario_truncated(work, base_db, old, old_imports)

        big = gen(NEW_COUNT, os.path.join(work, "big.xml"), seed=2)
        scenario_kill(work, base_db, old, old_imports, big)

        log(f"total time {time.monotonic() - t_start:.1f} s")
    finally:
        shutil.rmtree(work, ignore_errors=True)

    if failures:
        log(f"\n{len(failures)} failure(s):")
        for f in failures:
            log("  - " + f)
        return 1
    log("\nPASS")
    return 0


if __name__ == "__main__":
    sys.exit(main())
