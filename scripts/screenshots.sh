#!/usr/bin/env bash
# Renders each page of the ExaDesk window under Xvfb into docs/screenshots/, with the fake Exa
# server standing in for Exa and a few sample keys (one of which Exa refuses) in a throwaway
# data folder and keychain. Needs the packages of scripts/install-deps.sh.
set -euo pipefail
cd "$(dirname "$0")/.."
cmake --preset default >/dev/null
cmake --build --preset default --target exadesk exadesk-fake-exa >/dev/null
exadesk=$PWD/build/default/app/exadesk
fake=$PWD/build/default/tests/fake_exa/exadesk-fake-exa
out=$PWD/docs/screenshots
work=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$work"' EXIT

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
good1=0b6f7c1e-5d2a-4c39-9e41-7a8d2f3b9f3c
good2=1c7a8d2f-6e3b-4d4a-8f52-8b9e3a4c0a11
# --site-icons: the fake serves the results' site icons itself, so they show without leaving loopback.
"$fake" --port "$port" --key "$good1" --key "$good2" --site-icons >"$work/fake.log" 2>&1 &
for _ in $(seq 100); do (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && break; sleep 0.05; done

cat >"$work/run.sh" <<RUN
set -e
export EXADESK_DATA_DIR="$work/data" EXA_API_KEY= LC_ALL=en_US.UTF-8
printf 'work,$good1\nresearch,$good2\nold trial,9c1d2e3f-4a5b-4c6d-8e7f-112233447e21\n' | "$exadesk" keys import - >/dev/null
"$exadesk" settings set request.base-url "http://127.0.0.1:$port" >/dev/null
# The window's own preferences: site icons on (Settings, "Show each result's site icon").
mkdir -p "\$XDG_CONFIG_HOME/ExaDesk" && printf '[desktop]\nsiteIcons=true\n' >"\$XDG_CONFIG_HOME/ExaDesk/ExaDesk.conf"
for query in "solid-state batteries" "vector databases" "protein folding"; do
  "$exadesk" search "\$query" --num 5 >/dev/null || true
done
mkdir -p "$out"
EXADESK_SCREENSHOTS="$out" xvfb-run -a -s "-screen 0 1280x800x24" "$exadesk"
# The same window as a desktop that prefers dark shows it.
EXADESK_COLOR_SCHEME=dark EXADESK_SCREENSHOTS="$work/dark" xvfb-run -a -s "-screen 0 1280x800x24" "$exadesk"
for shot in "$work"/dark/*.png; do cp "\$shot" "$out/\$(basename "\$shot" .png)-dark.png"; done
# Switched to Chinese while running, as from the Settings page.
EXADESK_SCREENSHOTS_LANGUAGE=zh_CN EXADESK_SCREENSHOTS="$work/zh" xvfb-run -a -s "-screen 0 1280x800x24" "$exadesk"
for shot in "$work"/zh/*.png; do cp "\$shot" "$out/\$(basename "\$shot" .png)-zh_CN.png"; done
RUN
tests/support/with-secret-service.sh bash "$work/run.sh"
ls "$out"
