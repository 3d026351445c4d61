#!/usr/bin/env python3
"""Runs bench/app-bench.c against a school of N students (default 50,000).

The database is built once with gen-siecle.py and pixorga-cli, then the
measurement runs a few times under Xvfb (when there is no display) and the
figures of each run are printed. A measurement, not a test.
"""
import argparse
import os
import shutil
import subprocess
import sys
import tempfile


def main():
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--app-bench", required=True)
    ap.add_argument("--cli", required=True)
    ap.add_argument("--gen-siecle", required=True)
    ap.add_argument("--schema-dir", required=True)
    ap.add_argument("--students", type=int, default=50000)
    ap.add_argument("--runs", type=int, default=3)
    a = ap.parse_args()

    work = tempfile.mkdtemp(prefix="pixorga-app-bench-")
    try:
        xml = os.path.join(work, "eleves.xml")
        db = os.path.join(work, "pixorga.db")
        subprocess.run([sys.executable, a.gen_siecle, str(a.students), "--seed", "7", "-o", xml], check=True)
        subprocess.run([a.cli, "--db", db, "init", "--uai", "0330001A", "--name", "Lycée Montesquieu"],
                       check=True, stdout=subprocess.DEVNULL)
        subprocess.run([a.cli, "--db", db, "import", xml], check=True, stdout=subprocess.DEVNULL)

        env = dict(os.environ, GSETTINGS_SCHEMA_DIR=a.schema_dir, GSETTINGS_BACKEND="memory",
                   LANG="fr_FR.UTF-8")
        command = [a.app_bench, db]
        if not os.environ.get("DISPLAY") and shutil.which("xvfb-run"):
            command = ["xvfb-run", "-a", "-s", "-screen 0 1280x800x24"] + command
        for run in range(a.runs):
            print(f"--- run {run + 1}", flush=True)
            subprocess.run(command, env=env, check=True)
    finally:
        shutil.rmtree(work)


if __name__ == "__main__":
    main()
