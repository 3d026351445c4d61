#!/bin/sh
# The token store on a real secret service: a session bus of its own
# (dbus-run-session) and a gnome-keyring-daemon unlocked with a throw-away
# password, in a temporary HOME, then test-net's /net/keyring.
#
# Usage: test-net-keyring.sh TEST-NET   (exits 77, skipped, without
# dbus-run-session or gnome-keyring-daemon)
#
# SPDX-License-Identifier: GPL-3.0-or-later
set -eu

test_net=$1
command -v dbus-run-session >/dev/null 2>&1 || exit 77
command -v gnome-keyring-daemon >/dev/null 2>&1 || exit 77

if [ "${PIXORGA_IN_SESSION:-}" != 1 ]; then
    tmp=$(mktemp -d)
    trap 'rm -rf "$tmp"' EXIT
    status=0
    HOME=$tmp XDG_DATA_HOME=$tmp/data XDG_RUNTIME_DIR=$tmp PIXORGA_IN_SESSION=1 \
        dbus-run-session -- "$0" "$test_net" || status=$?
    exit $status
fi

# In the session: the daemon answers on this bus only, and goes with it.
printf 'pixorga-test' | gnome-keyring-daemon --unlock --components=secrets > "$HOME/keyring.env"
eval "$(sed 's/^/export /' "$HOME/keyring.env")"
PIXORGA_TEST_KEYRING=1 "$test_net" -p /net/keyring
