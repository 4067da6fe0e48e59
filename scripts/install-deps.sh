#!/usr/bin/env bash
# Installs every Debian 12 package that ExaDesk's build, app and tests need. Idempotent:
# running it again installs nothing new. Needs root (or sudo).
#   --bench   also what bench/startup.sh compares against: KeePassXC (a Qt desktop app with a
#             database of secrets, the yardstick for start-up time and memory) and xdotool (to
#             see when its window is up)
set -euo pipefail

packages=(
  # build
  build-essential cmake ninja-build pkg-config ccache
  # the formatting check among the tests
  clang-format
  # Qt 6 modules; qt6-httpserver-dev forgets its qt6-websockets-dev dependency
  qt6-base-dev qt6-httpserver-dev qt6-websockets-dev qt6-tools-dev qt6-l10n-tools
  qt6-tools-dev-tools libqt6sql6-sqlite libxkbcommon-dev
  # the Overview's charts (Qt Charts' CMake package wants Qt OpenGL's, which it does not depend on);
  # the window's icons, drawn from SVG (with the SVG icon engine plugin)
  qt6-charts-dev libqt6opengl6-dev qt6-svg-dev
  # Qt's own messages (network errors, standard buttons) in the window's language
  qt6-translations-l10n
  # secrets: QtKeychain loads libsecret at run time without declaring it; libsodium seals the
  # secrets in the database with the vault key (AEAD) and derives keys from passphrases (Argon2id)
  qtkeychain-qt6-dev libsecret-1-0 libsodium-dev
  # tests: GoogleTest, a display for widget tests, a real Secret Service, TLS test certificates
  libgtest-dev libgmock-dev xvfb xauth dbus dbus-x11 gnome-keyring libsecret-tools openssl
  # end-to-end tests: a TLS + HTTP/2 front (nginx) for the client's HTTP/2 path; real HTTP and
  # SOCKS5 proxies (tinyproxy, microsocks) for the engine's proxy binding
  nginx-light tinyproxy microsocks
  # benchmarks: Google Benchmark for the engine's micro-benchmarks, wrk for the local port's load
  # test (bench/); python3 picks free ports for it and for scripts/screenshots.sh
  libbenchmark-dev wrk curl python3
  # packaging tests (tests/packaging): Debian's and Fedora's package checkers, the desktop entry
  # and AppStream validators, NSIS to compile the Windows installer script CPack writes, and
  # mmdebstrap for the clean Debian root the .deb is installed into
  lintian rpm rpmlint desktop-file-utils appstream nsis mmdebstrap
  # a Chinese font, so scripts/screenshots.sh shows the Chinese window's text rather than boxes
  fonts-wqy-microhei
)
if [ "${1:-}" = --bench ]; then
  packages+=(keepassxc xdotool)
fi
# End-to-end tests run the official Exa SDK (exa-js) and exa-mcp-server from npm against the
# local port: Node.js and npm. A Node.js already installed (exa-mcp-server wants 20 or later,
# newer than Debian 12's 18) is kept.
if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
  packages+=(nodejs npm)
fi

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done

if [ ${#missing[@]} -eq 0 ]; then
  echo "install-deps: all ${#packages[@]} packages already installed"
  exit 0
fi

sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
echo "install-deps: installing ${missing[*]}"
$sudo apt-get update -qq
# Services these packages bring (nginx, ...) are not started: the tests run their own instances.
# policy-rc.d is the Debian way to say so, and it is removed again afterwards.
policy=/usr/sbin/policy-rc.d
own_policy=false
if [ ! -e "$policy" ]; then
  printf '#!/bin/sh\nexit 101\n' | $sudo tee "$policy" >/dev/null
  $sudo chmod +x "$policy"
  own_policy=true
fi
trap '[ "$own_policy" = true ] && $sudo rm -f "$policy"' EXIT
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
