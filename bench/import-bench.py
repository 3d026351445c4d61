#!/usr/bin/env python3
"""Import benchmark for pixorga-cli (a measurement, not a test).

For each size (default 1,000, 10,000 and 100,000 students) a SIECLE export
is generated with gen-siecle.py, as plain XML and as the zip SIECLE hands
out. For each file, --repeat times (default 5), on a fresh database each time:

  dry run      `import --dry-run` into the empty database (the preview)
  xmllint      `xmllint --stream --noout` on the same XML (for a zip, the
               extracted XML: the same content), the yardstick
  import       `import` into the empty database (the first import), right
               after xmllint so that the two see the same load
  one core     for 100,000 students, xmllint and a first import again, both
               pinned to CPU 0 with `taskset -c 0`
  re-import    `import` of the same file again (every student unchanged)

The machine may be shared: each ratio is the best import over the best
xmllint of the same runs, never a time from another run. The peak RSS is
that of the child process (see below).

Targets, printed with PASS/FAIL but not enforced (the exit status is 0
unless a run could not be measured at all), for 100,000 students:
  - the XML imported in at most 1.5 x xmllint's time, the zip in 1.7 x;
  - on one core, at most 2.5 x;
  - peak RSS at most 64 MiB.

  bench/import-bench.py
  bench/import-bench.py --sizes 1000,10000 --repeat 5 --data-dir bench/data
  ninja -C _build bench
"""
import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import zipfile

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)
UAI = "0330001A"
SEED = 20260901
TIME_TARGET_STUDENTS = 100_000
TIME_TARGET_RATIO = 1.5
ZIP_TARGET_RATIO = 1.7
ONE_CORE_TARGET_RATIO = 2.5
RSS_TARGET_MIB = 64


# The peak RSS is the child's rusage ru_maxrss (KiB). Read by os.wait4 in
# this script it would be wrong for small programs: Linux folds the RSS
# high-water mark of the address space a process had before exec() into
# ru_maxrss, and a child spawned by Python starts from Python's own address
# space (fork or vfork), so even /bin/true "uses" the ~15 MiB of this
# interpreter. GNU time's own child is forked from a ~1 MiB process: its
# wait4() ru_maxrss (%M) is the program's. os.wait4 is used when GNU time is
# missing, and the floor of the method is printed either way.
GNU_TIME = "/usr/bin/time"
USE_GNU_TIME = False


def measure(argv, stdout_path):
    """Runs argv; returns (seconds, exit code, peak RSS in KiB)."""
    rss_path = stdout_path + ".rss"
    if USE_GNU_TIME:
        argv = [GNU_TIME, "-q", "-f", "%M", "-o", rss_path, *argv]
    with open(stdout_path, "wb") as out, open(stdout_path + ".err", "wb") as err:
        t0 = time.perf_counter()
        proc = subprocess.Popen(argv, stdout=out, stderr=err)
        _, status, usage = os.wait4(proc.pid, 0)
        elapsed = time.perf_counter() - t0
    proc.returncode = os.waitstatus_to_exitcode(status)
    rss = usage.ru_maxrss
    if USE_GNU_TIME:
        with open(rss_path) as f:
            lines = f.read().split()
        rss = int(lines[-1]) if lines and lines[-1].isdigit() else rss
        os.unlink(rss_path)
    return elapsed, proc.returncode, rss


def choose_rss_method(scratch):
    """Uses GNU time if it works; returns the floor (peak RSS of /bin/true) in KiB."""
    global USE_GNU_TIME
    true = shutil.which("true") or "/bin/true"
    if os.access(GNU_TIME, os.X_OK):
        USE_GNU_TIME = True
        try:
            _, rc, kib = measure([true], os.path.join(scratch, "true.out"))
            if rc == 0:
                return kib
        except (OSError, ValueError):
            pass
        USE_GNU_TIME = False
    _, _, kib = measure([true], os.path.join(scratch, "true.out"))
    return kib


def read(path):
    with open(path, "rb") as f:
        return f.read().decode("utf-8", "replace")


class Failure(Exception):
    pass


def generate(gen, count, path, zipped):
    if os.path.exists(path):
        return
    argv = [sys.executable, gen, str(count), "-o", path + ".tmp", "--uai", UAI, "--seed", str(SEED)]
    if zipped:
        argv.append("--zip")
    subprocess.run(argv, check=True)
    os.replace(path + ".tmp", path)


def extract_xml(zip_path, xml_path):
    if os.path.exists(xml_path):
        return
    with zipfile.ZipFile(zip_path) as z:
        names = [n for n in z.namelist() if n.lower().endswith(".xml")]
        with z.open(names[0]) as src, open(xml_path + ".tmp", "wb") as dst:
            shutil.copyfileobj(src, dst, 1 << 20)
    os.replace(xml_path + ".tmp", xml_path)


def cli_import(cli, db, path, scratch, expect_created, extra=(), prefix=()):
    """One measured import; a dry run also reports "imported", with "dry_run": true."""
    out = os.path.join(scratch, "out.json")
    seconds, rc, rss = measure([*prefix, cli, "--db", db, "import", "--json", *extra, path], out)
    text = read(out)
    if rc != 0:
        raise Failure(f"import {' '.join(extra)} exited {rc}: {read(out + '.err').strip()[-400:]}")
    report = json.loads(text)
    dry = "--dry-run" in extra
    if (report.get("status") != "imported" or report.get("dry_run") is not dry
            or report.get("created") != expect_created):
        raise Failure(f"import {' '.join(extra)}: status {report.get('status')}, dry_run "
                      f"{report.get('dry_run')}, created {report.get('created')}; expected imported, "
                      f"{dry}, {expect_created}")
    return seconds, rss


def fresh_db(cli, scratch, tag):
    db = os.path.join(scratch, f"bench-{tag}.db")
    drop_db(db)
    init = subprocess.run([cli, "--db", db, "init", "--uai", UAI, "--name", "Bench"],
                          capture_output=True, text=True)
    if init.returncode != 0:
        raise Failure(f"init exited {init.returncode}: {init.stderr.strip()}")
    return db


def drop_db(db):
    for suffix in ("", "-wal", "-shm"):
        if os.path.exists(db + suffix):
            os.unlink(db + suffix)


def xmllint(xml, scratch, prefix=()):
    t, rc, kib = measure([*prefix, "xmllint", "--stream", "--noout", xml], os.path.join(scratch, "xmllint.out"))
    if rc != 0:
        raise Failure(f"xmllint exited {rc}: {read(os.path.join(scratch, 'xmllint.out.err'))[-400:]}")
    return t, kib


def bench_file(args, path, lint_path, count, scratch, one_core):
    """Each run times the dry run into a fresh database, then xmllint and
    the first import into that database back to back, so that both see the
    same load, then the re-import. With one_core, xmllint and a second first import run again
    pinned to CPU 0 (taskset), where the feed thread cannot use a second
    core. Returns lists of timings and RSS samples."""
    res = {"lint": [], "import": [], "lint1": [], "import1": [], "dry": [], "reimport": [],
           "rss": [], "lint_rss": []}
    pin = ("taskset", "-c", "0")
    for r in range(args.repeat):
        db = fresh_db(args.cli, scratch, r)
        t, rss = cli_import(args.cli, db, path, scratch, count, extra=("--dry-run",))
        res["dry"].append(t)
        res["rss"].append(rss)

        t, kib = xmllint(lint_path, scratch)
        res["lint"].append(t)
        res["lint_rss"].append(kib)
        t, rss = cli_import(args.cli, db, path, scratch, count)
        res["import"].append(t)
        res["rss"].append(rss)

        if one_core:
            t, _ = xmllint(lint_path, scratch, pin)
            res["lint1"].append(t)
            db1 = fresh_db(args.cli, scratch, f"{r}-one-core")
            t, rss = cli_import(args.cli, db1, path, scratch, count, prefix=pin)
            res["import1"].append(t)
            res["rss"].append(rss)
            drop_db(db1)

        t, rss = cli_import(args.cli, db, path, scratch, 0)
        res["reimport"].append(t)
        res["rss"].append(rss)
        drop_db(db)

        line = (f"    run {r + 1}/{args.repeat}: xmllint {res['lint'][-1]:.3f} s, import "
                f"{res['import'][-1]:.3f} s ({res['import'][-1] / res['lint'][-1]:.2f} x)")
        if one_core:
            line += (f"; one core: xmllint {res['lint1'][-1]:.3f} s, import {res['import1'][-1]:.3f} s "
                     f"({res['import1'][-1] / res['lint1'][-1]:.2f} x)")
        print(line + f"; re-import {res['reimport'][-1]:.3f} s, dry run {res['dry'][-1]:.3f} s", flush=True)
    return res


def fmt_rate(n):
    return f"{n:,.0f}".replace(",", " ")


def print_table(headers, rows, align):
    widths = [max(len(str(h)), *(len(str(r[i])) for r in rows)) for i, h in enumerate(headers)]

    def line(cells):
        return "  ".join(str(c).rjust(w) if a == "r" else str(c).ljust(w)
                         for c, w, a in zip(cells, widths, align))

    print(line(headers))
    print("  ".join("-" * w for w in widths))
    for r in rows:
        print(line(r))


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", default="1000,10000,100000", help="student counts, comma-separated")
    ap.add_argument("--cli", default=os.path.join(REPO, "_build", "src", "cli", "pixorga-cli"),
                    help="pixorga-cli to measure (default: _build/src/cli/pixorga-cli)")
    ap.add_argument("--repeat", type=int, default=5, help="runs per measurement (best and median kept)")
    ap.add_argument("--gen-siecle", default=os.environ.get(
        "PIXORGA_GEN_SIECLE", os.path.join(REPO, "..", "shared", "tools", "gen-siecle.py")))
    ap.add_argument("--data-dir", help="where to generate (and reuse) the files, e.g. bench/data; "
                                       "default: a temporary directory")
    args = ap.parse_args()
    args.cli = os.path.abspath(args.cli)
    sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
    if args.repeat < 1 or not sizes:
        ap.error("--repeat must be at least 1 and --sizes not empty")
    for tool, path in (("pixorga-cli", args.cli), ("gen-siecle.py", args.gen_siecle)):
        if not os.path.exists(path):
            ap.error(f"{tool} not found at {path}")
    if shutil.which("xmllint") is None:
        ap.error("xmllint not found (package libxml2-utils)")

    xmllint_version = subprocess.run(["xmllint", "--version"], capture_output=True, text=True).stderr.split("\n")[0]
    cpu = platform.processor() or platform.machine()
    try:
        with open("/proc/cpuinfo") as f:
            cpu = next(l.split(":", 1)[1].strip() for l in f if l.startswith("model name"))
    except (OSError, StopIteration):
        pass
    print(f"pixorga-cli: {args.cli}")
    print(f"{xmllint_version}; {os.cpu_count()} CPU(s), {cpu}; Python {platform.python_version()}")
    tmp = tempfile.mkdtemp(prefix="pixorga-bench-")
    floor = choose_rss_method(tmp)
    print(f"repeat {args.repeat}, seed {SEED}, UAI {UAI}")
    print(f"peak RSS: ru_maxrss of the child, read by {'GNU time (wait4)' if USE_GNU_TIME else 'os.wait4'}; "
          f"floor of the method (/bin/true): {floor / 1024:.1f} MiB"
          + ("" if USE_GNU_TIME else " (the interpreter's own RSS; small files are over-reported)")
          + "\n", flush=True)

    data_dir = os.path.abspath(args.data_dir) if args.data_dir else tmp
    os.makedirs(data_dir, exist_ok=True)
    rows, results, broken = [], [], []
    try:
        for n in sizes:
            xml = os.path.join(data_dir, f"eleves-{n}-s{SEED}.xml")
            zpath = os.path.join(data_dir, f"eleves-{n}-s{SEED}.zip")
            extracted = os.path.join(data_dir, f"eleves-{n}-s{SEED}.from-zip.xml")
            print(f"generating {n} students...", flush=True)
            generate(args.gen_siecle, n, xml, zipped=False)
            generate(args.gen_siecle, n, zpath, zipped=True)
            extract_xml(zpath, extracted)

            for path, lint_path in ((xml, xml), (zpath, extracted)):
                name = os.path.basename(path)
                size_mb = os.path.getsize(path) / 1e6
                one_core = n == TIME_TARGET_STUDENTS and shutil.which("taskset") is not None
                print(f"  {name} ({size_mb:.1f} MB)", flush=True)
                try:
                    res = bench_file(args, path, lint_path, n, tmp, one_core)
                except Failure as e:
                    print(f"    ERROR: {e}", flush=True)
                    broken.append(f"{name}: {e}")
                    rows.append([name, n, f"{size_mb:.1f}", "error", "", "", "", "", "", "", "", "", ""])
                    continue
                best, med = min(res["import"]), statistics.median(res["import"])
                lint_best = min(res["lint"])
                rss_mib = max(res["rss"]) / 1024
                r = {"name": name, "n": n, "zip": path == zpath, "best": best, "lint": lint_best,
                     "ratio": best / lint_best, "rss": rss_mib}
                if one_core:
                    r["best1"], r["lint1"] = min(res["import1"]), min(res["lint1"])
                    r["ratio1"] = r["best1"] / r["lint1"]
                results.append(r)
                rows.append([name, n, f"{size_mb:.1f}", f"{best:.3f}", f"{med:.3f}", fmt_rate(n / best),
                             f"{lint_best:.3f}", f"{best / lint_best:.2f}",
                             f"{r['ratio1']:.2f}" if one_core else "",
                             f"{min(res['reimport']):.3f}", f"{min(res['dry']):.3f}",
                             f"{rss_mib:.1f}", f"{max(res['lint_rss']) / 1024:.1f}"])
    finally:
        shutil.rmtree(tmp, ignore_errors=True)

    print()
    print("First import into an empty database; times are wall clock, best of "
          f"{args.repeat} (median also shown); re-import and dry run: best of {args.repeat}.")
    print("xmllint: `xmllint --stream --noout` on the same XML (for a zip, the extracted XML), run")
    print("just before each import so that both see the same load; the ratio is best over best.")
    print(f"One core: both pinned to CPU 0 with taskset ({TIME_TARGET_STUDENTS} students only).")
    print("Peak RSS: the largest ru_maxrss of the dry run, import and re-import processes.")
    try:
        with open("/proc/loadavg") as f:
            print("Load average at the end: " + " ".join(f.read().split()[:3]))
    except OSError:
        pass
    print()
    print_table(["file", "students", "size MB", "import s", "median s", "students/s", "xmllint s",
                 "x xmllint", "x one core", "re-import s", "dry-run s", "peak RSS MiB", "xmllint RSS MiB"],
                rows, ["l"] + ["r"] * 12)

    print("\nTargets:")
    big = [r for r in results if r["n"] == TIME_TARGET_STUDENTS]
    if not big:
        print(f"  time: n/a ({TIME_TARGET_STUDENTS} students not in --sizes or not measured)")
    for r in big:
        target = ZIP_TARGET_RATIO if r["zip"] else TIME_TARGET_RATIO
        verdict = "PASS" if r["ratio"] <= target else "FAIL"
        print(f"  {verdict}  {r['name']}: import {r['best']:.3f} s / xmllint {r['lint']:.3f} s "
              f"= {r['ratio']:.2f} x  (target <= {target} x)")
    for r in big:
        if "ratio1" not in r:
            print(f"  n/a   {r['name']}: one core (taskset not found)")
            continue
        verdict = "PASS" if r["ratio1"] <= ONE_CORE_TARGET_RATIO else "FAIL"
        print(f"  {verdict}  {r['name']} on one core: import {r['best1']:.3f} s / xmllint {r['lint1']:.3f} s "
              f"= {r['ratio1']:.2f} x  (target <= {ONE_CORE_TARGET_RATIO} x)")
    for r in results:
        verdict = "PASS" if r["rss"] <= RSS_TARGET_MIB else "FAIL"
        print(f"  {verdict}  {r['name']}: peak RSS {r['rss']:.1f} MiB <= {RSS_TARGET_MIB} MiB")
    if broken:
        print("\nCould not measure:")
        for b in broken:
            print("  " + b)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
