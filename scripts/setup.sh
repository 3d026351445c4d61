#!/usr/bin/env bash
# Shared by run.sh and test.sh: installs the Debian 12 packages that are
# missing (nothing when all are there), then configures and builds into
# _build. A second run installs nothing and only rebuilds what changed.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."

# Build and run-time needs of every part that exists so far.
PACKAGES=(
  meson ninja-build gcc pkg-config gettext python3
  libglib2.0-dev libglib2.0-bin libxml2-dev libzip-dev libsqlite3-dev libjson-glib-dev
  libgtk-4-dev libadwaita-1-dev desktop-file-utils appstream
  libxml2-utils
  libsoup-3.0-dev libpq-dev libsodium-dev libsecret-1-dev
  libcairo2-dev libpango1.0-dev
)
# The test command also needs a display server, the accessibility stack
# and the X keyboard (xdotool) for the end-to-end test, the French locale
# and screenshot tools (sanitizer runtimes come with gcc); wrk for
# bench-server; Node.js and npm for the web test; poppler-utils (pdftotext,
# pdfinfo) to read back the printed account slips.
if [[ "${PIXORGA_SETUP_TESTS:-0}" == 1 ]]; then
  PACKAGES+=(locales xvfb xauth x11-apps imagemagick dbus dbus-x11 at-spi2-core
             python3-pyatspi gir1.2-atspi-2.0 xdotool
             postgresql chromium gnome-keyring libsecret-tools
             wrk poppler-utils)
  # flatpak-builder's own parser reads the Flatpak manifest (flatpak-manifest).
  PACKAGES+=(flatpak-builder)
  # A machine without Node.js gets Debian's; one with NodeSource's keeps it
  # (Debian's npm would conflict with it).
  if ! command -v npm >/dev/null; then
    PACKAGES+=(nodejs npm)
  fi
fi

as_root() {
  if [[ "$(id -u)" -eq 0 ]]; then
    "$@"
  else
    sudo "$@"
  fi
}

missing=()
for package in "${PACKAGES[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$package")
  fi
done

if ((${#missing[@]} > 0)); then
  echo "Installing: ${missing[*]}"
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

# French messages are checked by the tests and shown by the app.
if [[ "${PIXORGA_SETUP_TESTS:-0}" == 1 ]] && ! locale -a 2>/dev/null | grep -qi '^fr_FR\.utf-\?8$'; then
  echo "Generating the fr_FR.UTF-8 locale"
  as_root sed -i 's/^# *fr_FR.UTF-8 UTF-8/fr_FR.UTF-8 UTF-8/' /etc/locale.gen
  grep -q '^fr_FR.UTF-8 UTF-8' /etc/locale.gen || echo 'fr_FR.UTF-8 UTF-8' | as_root tee -a /etc/locale.gen >/dev/null
  as_root locale-gen >/dev/null
fi

# The browser test of the server's pages (tests/test-server-web.js) drives
# Debian's Chromium with playwright-core from npm (no browser download).
if [[ "${PIXORGA_SETUP_TESTS:-0}" == 1 ]] && command -v npm >/dev/null \
   && [[ ! -d tests/web/node_modules/playwright-core ]]; then
  echo "Installing playwright-core into tests/web/node_modules"
  (cd tests/web && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm install --no-save --no-audit --no-fund --silent)
fi

if [[ ! -f _build/build.ninja ]]; then
  meson setup _build --buildtype=debugoptimized
fi
ninja -C _build
