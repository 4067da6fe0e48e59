#!/bin/sh
# Runs a command where no keychain can be reached: no session bus, no display (a headless
# server), so the keychain tests can check the error it gets.
set -eu
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export DBUS_SESSION_BUS_ADDRESS="unix:path=$tmp/no-bus"
export XDG_CONFIG_HOME="$tmp/config" XDG_DATA_HOME="$tmp/data"
export EXADESK_NO_SECRET_SERVICE=1
unset DISPLAY WAYLAND_DISPLAY
"$@"
