#!/bin/sh
# Runs a command with a D-Bus session of its own and an unlocked GNOME Keyring in a throwaway
# folder: a real Secret Service for the keychain tests, isolated from any real keyring.
set -eu
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir -m 700 "$tmp/run" "$tmp/data" "$tmp/config"
export XDG_RUNTIME_DIR="$tmp/run" XDG_DATA_HOME="$tmp/data" XDG_CONFIG_HOME="$tmp/config"
export EXADESK_SECRET_SERVICE=1
# Without a display an unlock prompt cannot hang the run (it would open on one).
unset DISPLAY WAYLAND_DISPLAY
dbus-run-session -- sh -c 'printf test-password | gnome-keyring-daemon --unlock --components=secrets >/dev/null && "$@"' sh "$@"
