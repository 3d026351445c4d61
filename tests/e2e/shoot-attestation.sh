#!/bin/sh
# data/screenshots/attestation.png: the first attestation of
# tests/test-cert-pages.c (Élodie Lefèvre-Müller, 3e A), rendered from its
# PDF by pdftoppm (poppler-utils) at 110 dpi.
#   tests/e2e/shoot-attestation.sh [BUILD_DIR]   (default: _build)
set -eu
cd "$(dirname "$0")/../.."
build=${1:-_build}
ninja -C "$build" tests/test-cert-pages
PIXORGA_SCREENSHOT_DIR="$PWD/data/screenshots" LC_ALL=C.UTF-8 \
  "$build/tests/test-cert-pages" -p /cert-pages/screenshot
echo "data/screenshots/attestation.png"
