#!/usr/bin/env bash
# Installs what is missing, builds into _build and starts PixOrga.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
bash scripts/setup.sh

# Run from the build tree: translations come from there.
export PIXORGA_LOCALEDIR="$PWD/_build/po"

exec _build/src/cli/pixorga-cli "${@:---help}"
