#!/usr/bin/env bash
# Secrets at scale, end to end with a real Secret Service (GNOME Keyring in a throwaway D-Bus
# session): `exadesk keys import` of 30,000 keys into a fresh data folder (keychain included),
# the keychain items that leaves, and `exadesk search` with 10,000 stored keys against the fake
# Exa server (from the start of the process to its exit, the call included).
#   bench/vault.sh
set -euo pipefail
cd "$(dirname "$0")/.."
if [[ ${1:-} != --inside ]]; then
  cmake --preset default >/dev/null
  cmake --build --preset default --target exadesk exadesk-fake-exa >/dev/null
  exec tests/support/with-secret-service.sh "$0" --inside
fi

bin=build/default/app/exadesk
fake=build/default/tests/fake_exa/exadesk-fake-exa
work=$(mktemp -d)
trap 'kill "${fake_pid:-}" 2>/dev/null || true; rm -rf "$work"' EXIT
export EXADESK_DATA_DIR="$work/data"
unset EXA_API_KEY

keys() { # count -> a keys file of `label,key` lines
  python3 -c "
import sys
for i in range(int(sys.argv[1])):
    print(f'key{i},{i:08x}-2222-3333-4444-555555559f3c')" "$1"
}
now() { date +%s%N; }
ms() { echo $(( ($2 - $1) / 1000000 )); }

keys 30000 > "$work/keys30k.txt"
start=$(now)
"$bin" keys import "$work/keys30k.txt" >/dev/null 2>&1
end=$(now)
items=$(secret-tool search --all server ExaDesk 2>&1 | grep -c '^\[/' || true)
echo "import of 30,000 keys (exadesk keys import, real keychain): $(ms "$start" "$end") ms; keychain items: $items"

"$bin" vault start-over --yes >/dev/null 2>&1
rm -rf "$EXADESK_DATA_DIR"
keys 10000 > "$work/keys10k.txt"
"$bin" keys import "$work/keys10k.txt" >/dev/null 2>&1
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
"$fake" --port "$port" --instant >/dev/null 2>&1 &
fake_pid=$!
for _ in $(seq 100); do curl -s -o /dev/null "http://127.0.0.1:$port/_fake/stats" && break; sleep 0.05; done
for run in 1 2 3 4 5; do
  start=$(now)
  "$bin" search --base-url "http://127.0.0.1:$port" -n 1 "rust" >/dev/null 2>&1
  end=$(now)
  took=$(ms "$start" "$end")
  echo "exadesk search with 10,000 stored keys, run $run: $took ms (start to exit)"
done
