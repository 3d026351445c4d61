#!/bin/sh
# run-fuzz.sh: runs libFuzzer targets one after the other (ninja fuzz).
#
#   run-fuzz.sh --fixtures DIR --regressions DIR --work DIR --seconds N
#               [--suppressions FILE] NAME=EXE:SEEDS:DICT...
#
# SEEDS is a comma-separated list of ../shared/fixtures subdirectories
# (siecle, fregata), or "zip" for ZIP archives made from the SIECLE fixtures.
# Each target's corpus lives in WORK/NAME/corpus and grows from run to run;
# crashers land in WORK/NAME/artifacts. One process per target (CPU is
# shared); the exit status is non-zero if any target found something.
# FUZZ_ARGS adds libFuzzer flags, e.g. "-fork=1 -ignore_crashes=1" for a long
# run that keeps going past a crash.
set -eu

fixtures= regressions= work= seconds=60 supp=
while [ $# -gt 0 ]; do
  case "$1" in
    --fixtures) fixtures=$2; shift 2 ;;
    --regressions) regressions=$2; shift 2 ;;
    --work) work=$2; shift 2 ;;
    --seconds) seconds=$2; shift 2 ;;
    --suppressions) supp=$2; shift 2 ;;
    --) shift; break ;;
    -*) echo "run-fuzz.sh: unknown option $1" >&2; exit 2 ;;
    *) break ;;
  esac
done
[ -n "$fixtures" ] && [ -n "$work" ] || { echo "run-fuzz.sh: --fixtures and --work are required" >&2; exit 2; }

ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=0:allocator_may_return_null=1}
UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
LSAN_OPTIONS=${LSAN_OPTIONS:-${supp:+suppressions=$supp:}print_suppressions=0}
export ASAN_OPTIONS UBSAN_OPTIONS LSAN_OPTIONS

make_zip_seeds () {
  python3 - "$fixtures/siecle" "$1" <<'PY'
import os, sys, zipfile
src, dst = sys.argv[1], sys.argv[2]
names = sorted(n for n in os.listdir(src) if n.endswith('.xml'))
for i, name in enumerate(names):
    data = open(os.path.join(src, name), 'rb').read()
    # deflated at the root, stored in a folder, and beside files to skip
    method = zipfile.ZIP_DEFLATED if i % 2 == 0 else zipfile.ZIP_STORED
    with zipfile.ZipFile(os.path.join(dst, 'seed-' + name + '.zip'), 'w', method) as z:
        if i % 3 == 1:
            z.writestr('.hidden/other.xml', b'<x/>')
            z.writestr('lisezmoi.txt', b'texte')
        z.writestr(('export/' if i % 2 else '') + name, data)
with zipfile.ZipFile(os.path.join(dst, 'seed-two-xml.zip'), 'w') as z:
    z.writestr('a.xml', b'<a/>')
    z.writestr('b.xml', b'<b/>')
with zipfile.ZipFile(os.path.join(dst, 'seed-empty.zip'), 'w') as z:
    pass
PY
}

status=0
for spec in "$@"; do
  name=${spec%%=*}
  rest=${spec#*=}
  exe=${rest%%:*}
  rest=${rest#*:}
  seeds=${rest%%:*}
  dict=${rest#*:}
  dir=$work/$name
  mkdir -p "$dir/corpus" "$dir/artifacts"

  for seed in $(echo "$seeds" | tr ',' ' '); do
    if [ "$seed" = zip ]; then
      make_zip_seeds "$dir/corpus"
    else
      cp -f "$fixtures/$seed"/* "$dir/corpus/"
    fi
  done
  if [ -n "$regressions" ] && [ -d "$regressions/$name" ]; then
    cp -f "$regressions/$name"/* "$dir/corpus/" 2>/dev/null || true
  fi

  echo "== $name: ${seconds}s, corpus $dir/corpus"
  if ! "$exe" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
       -dict="$dict" -artifact_prefix="$dir/artifacts/" ${FUZZ_ARGS:-} "$dir/corpus" 2>"$dir/log"; then
    status=1
    echo "!! $name found a problem; see $dir/log and $dir/artifacts/"
  fi
  # the last status line: executions, coverage (cov:) and features (ft:)
  grep -E '^#[0-9]+' "$dir/log" | tail -n 1 || true
  grep -E '^stat::(number_of_executed_units|average_exec_per_sec|peak_rss_mb)' "$dir/log" || true
done

exit $status
