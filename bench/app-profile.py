#!/usr/bin/env python3
"""Where the start's instructions go, thread by thread: floor, empty, full.

    bench/app-profile.py --build _build --dbs DIR [--only floor,empty,full]

DIR holds empty.db and 50000.db, as `bench/app-bench.py --keep DIR` leaves
them. Each program runs once under valgrind's callgrind, one profile per
thread (--separate-threads=yes), to its first frame (APP_BENCH_FIRST_FRAME_ONLY),
on an Xvfb screen of the bench's size. Prints, for each: the instructions of
every thread (the main one, the student list's prefetch, fontconfig's and
the icon theme's), then the main thread's phases: the dynamic linker before
main(), adw_init() (libadwaita's CSS), the window's template (the app
only), its present() (realize, styles), the main loop to the first frame (layout,
snapshot, rendering). The profiles stay in DIR/profiles for
callgrind_annotate. A few minutes; a measurement, not a test.

Threads run one at a time under valgrind: how much a side thread did before
the main thread reached its first frame varies from run to run (some
10 M instructions); compare the main threads first.
"""
import argparse
import glob
import os
import re
import subprocess
import sys

# A library's functions read "???:name" without its debug symbols and
# "file.c:name" with them (a GTK built with -g, through LD_LIBRARY_PATH).
PHASES = [
    ("dynamic linking", r"\./elf/\./elf/rtld\.c:_dl_start \["),
    ("adw_init", r"(\?\?\?|\.c):adw_init \["),
    ("the window's template", r"orga-window\.c:orga_window_init \["),
    ("gtk_window_present", r"(\?\?\?|\.c):gtk_window_present \["),
    ("main loop to the frame", r"(\?\?\?|\.c):g_main_loop_run \["),
    ("  of which rendering", r"(\?\?\?|\.c):gsk_renderer_render \["),
]


def inclusive(tree, pattern):
    """The inclusive cost of the first function matching pattern."""
    for line in tree.splitlines():
        if "*  " in line and re.search(pattern, line):
            return int(line.split()[0].replace(",", ""))
    return None


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--build", required=True, help="the meson build directory")
    ap.add_argument("--dbs", required=True, help="the directory of empty.db and 50000.db")
    ap.add_argument("--only", default="floor,empty,full")
    a = ap.parse_args()

    runs = {
        "floor": [os.path.join(a.build, "bench", "app-floor")],
        "empty": [os.path.join(a.build, "bench", "app-bench"), os.path.join(a.dbs, "empty.db")],
        "full": [os.path.join(a.build, "bench", "app-bench"), os.path.join(a.dbs, "50000.db")],
    }
    out_dir = os.path.join(a.dbs, "profiles")
    os.makedirs(out_dir, exist_ok=True)
    env = dict(os.environ, GSETTINGS_SCHEMA_DIR=os.path.join(a.build, "data"), GSETTINGS_BACKEND="memory",
               LANG="fr_FR.UTF-8", GDK_BACKEND="x11", APP_BENCH_FIRST_FRAME_ONLY="1")

    for name in a.only.split(","):
        prefix = os.path.join(out_dir, name + ".cg")
        for old in glob.glob(prefix + "*"):
            os.unlink(old)
        subprocess.run(["xvfb-run", "-a", "-s", "-screen 0 1280x800x24",
                        "valgrind", "--tool=callgrind", "--separate-threads=yes",
                        f"--callgrind-out-file={prefix}"] + runs[name],
                       env=env, check=True, capture_output=True)
        total = 0
        print(f"== {name}")
        for profile in sorted(glob.glob(prefix + "-*")):
            with open(profile) as f:
                summary = next((int(l.split()[1]) for l in f if l.startswith("summary:")), 0)
            if summary == 0:
                continue
            total += summary
            top = subprocess.run(["callgrind_annotate", "--inclusive=yes", profile],
                                 capture_output=True, text=True).stdout
            # The thread's first function of its own: what it is for.
            what = next((m.group(1) for m in re.finditer(r"\*?\s+[0-9,]+ \([ 0-9.]+%\)\s+(\S+)", top)
                         if not re.search(r"clone|start_thread|0x0000|below main|libc-start|_dl_start|PROGRAM", m.group(1))),
                        "?")
            if profile.endswith("-01"):
                what = "main"
            print(f"  thread {profile[-2:]}: {summary / 1e6:7.1f} M  {what[:80]}")
            if profile.endswith("-01"):
                tree = subprocess.run(["callgrind_annotate", "--inclusive=yes", "--tree=calling", profile],
                                      capture_output=True, text=True).stdout
                for label, pattern in PHASES:
                    value = inclusive(tree, pattern)
                    if value is not None:
                        print(f"      {label:<24} {value / 1e6:7.1f} M")
        print(f"  all threads: {total / 1e6:7.1f} M")


if __name__ == "__main__":
    sys.exit(main())
