#!/usr/bin/env bash
# Installs what is missing, builds, and runs every test: first the normal
# build, then the same suite built with AddressSanitizer and
# UndefinedBehaviorSanitizer.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
PIXORGA_SETUP_TESTS=1 bash scripts/setup.sh

# The widget tests (suite "ui") need a display and a session bus.
# -noreset: Xvfb otherwise resets when its last client leaves, and an app
# started during that reset cannot open the display.
headless=(xvfb-run -a -s '-screen 0 1280x800x24 -noreset' dbus-run-session --)

status=0
"${headless[@]}" meson test -C _build --print-errorlogs || status=1

if [[ ! -f _build-sanitize/build.ninja ]]; then
  meson setup _build-sanitize --buildtype=debug -Db_sanitize=address,undefined -Db_lundef=false
fi
ninja -C _build-sanitize
# The accessibility walk (suite "a11y") runs in the normal build only.
"${headless[@]}" meson test -C _build-sanitize --print-errorlogs --timeout-multiplier 3 --no-suite a11y || status=1

# One closing line for both runs, in the form CI reads.
python3 - <<'PY'
import json
passed = failed = skipped = 0
for log in ("_build/meson-logs/testlog.json", "_build-sanitize/meson-logs/testlog.json"):
    try:
        with open(log) as f:
            for line in f:
                result = json.loads(line).get("result")
                if result in ("OK", "EXPECTEDFAIL"):
                    passed += 1
                elif result == "SKIP":
                    skipped += 1
                else:
                    failed += 1
    except FileNotFoundError:
        failed += 1
print(f"{passed} passed, {failed} failed, {skipped} skipped")
PY

exit $status
