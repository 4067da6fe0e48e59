#!/usr/bin/env bash
# Builds the benchmarks (default preset) and runs each, printing its table.
#   bench/run.sh            all of them
#   bench/run.sh engine     the key and proxy pools (acquire + report)
#   bench/run.sh storage    the database (history search over 100,000 results, 30,000-key import)
#   bench/run.sh client     the Exa client (serialising, parsing, calls over loopback)
#   bench/run.sh port       the local port under load (wrk; direct, through ExaDesk, through nginx)
#   bench/run.sh ui         the Keys page with 10,000 keys (build, live update, scroll; offscreen)
#   bench/run.sh mcp        the MCP server beside exa-mcp-server (start to tools listed, search latency)
#   bench/run.sh startup    the window's start-up time and memory with 10,000 keys, beside KeePassXC
set -euo pipefail
cd "$(dirname "$0")/.."
which=${1:-all}
cmake --preset default >/dev/null
cmake --build --preset default --target engine_pool_bench storage_bench exa_client_bench keys_page_bench >/dev/null
if [[ $which == all || $which == engine ]]; then
  echo "== Key and proxy pools: acquire + bind + report, shortage, binding with no proxy, 1,000 proxies =="
  ./build/default/bench/engine_pool_bench --benchmark_min_time=0.3
fi
if [[ $which == all || $which == storage ]]; then
  echo "== Database: history search over 100,000 results; a 30,000-key import (secrets in memory) =="
  ./build/default/bench/storage_bench --benchmark_min_time=0.3
fi
if [[ $which == all || $which == client ]]; then
  echo "== Exa client =="
  ./build/default/bench/exa_client_bench
fi
if [[ $which == all || $which == ui ]]; then
  echo "== The Keys page with 10,000 keys (offscreen) =="
  ./build/default/bench/keys_page_bench --benchmark_min_time=0.3
fi
if [[ $which == all || $which == port ]]; then
  ./bench/port.sh
fi
if [[ $which == all || $which == startup ]]; then
  ./bench/startup.sh
fi
if [[ $which == all || $which == mcp ]]; then
  echo "== MCP over stdio: exadesk mcp and exa-mcp-server, same client, same fake Exa =="
  ./bench/mcp.sh
fi
