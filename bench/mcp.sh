#!/usr/bin/env bash
# ExaDesk's MCP server beside the official exa-mcp-server (3.4.1, pinned in tests/e2e/js), in
# one run, measured by the same MCP client (the official SDK's) over stdio, both in front of the
# same fake Exa server (instant answers, one key): from spawning the server to tools/list
# answered, and web_search_exa's latency p50/p95 over 200 calls. The calls follow each other
# at once, faster than Exa lets one key search: ExaDesk's per-key pace (rate.search-per-second,
# 10 by default) is turned off here, so what is measured is the server, not the pace.
#   bench/mcp.sh
set -euo pipefail
cd "$(dirname "$0")/.."
cmake --preset default >/dev/null
cmake --build --preset default --target exadesk exadesk-fake-exa exa_sdks >/dev/null

js=build/default/tests/e2e/js
[[ -d $js/node_modules/exa-mcp-server ]] || { echo "bench/mcp.sh: the npm packages are missing in $js" >&2; exit 1; }
fake=build/default/tests/fake_exa/exadesk-fake-exa
work=$(mktemp -d)
trap 'kill "${fake_pid:-}" 2>/dev/null || true; rm -rf "$work"' EXIT
export EXADESK_DATA_DIR="$work/data"
unset EXA_API_KEY
key=0b6f7c1e-5d2a-4c39-9e41-7a8d2f3b9f3c
printf 'bench,%s\n' "$key" > "$work/keys.txt"
chmod 600 "$work/keys.txt"
build/default/app/exadesk settings set rate.search-per-second 0 >/dev/null

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
"$fake" --port "$port" --key "$key" --instant >/dev/null 2>&1 &
fake_pid=$!
for _ in $(seq 100); do curl -s -o /dev/null "http://127.0.0.1:$port/_fake/stats" && break; sleep 0.05; done

node bench/mcp-bench.mjs "$(realpath "$js")" "$(realpath build/default/app/exadesk)" "$work/keys.txt" \
  "http://127.0.0.1:$port" "$key"
