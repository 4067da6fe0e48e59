#!/usr/bin/env bash
# Builds the benchmarks (default preset) and runs each, printing its table.
set -euo pipefail
cd "$(dirname "$0")/.."
cmake --preset default >/dev/null
cmake --build --preset default --target exa_client_bench >/dev/null
./build/default/bench/exa_client_bench "$@"
