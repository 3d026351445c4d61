#!/usr/bin/env bash
# Installs what is missing, builds into _build and starts PixOrga.
# Files given on the command line are imported (SIECLE .zip/.xml, Fregata .csv).
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
bash scripts/setup.sh

# Run from the build tree: translations, the app's modules and the settings
# schema come from there.
export PIXORGA_LOCALEDIR="$PWD/_build/po"
export PIXORGA_MODULE_DIR="$PWD/_build/src/modules"
export GSETTINGS_SCHEMA_DIR="$PWD/_build/data${GSETTINGS_SCHEMA_DIR:+:$GSETTINGS_SCHEMA_DIR}"

exec _build/src/app/pixorga "$@"
