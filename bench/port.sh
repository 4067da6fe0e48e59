#!/usr/bin/env bash
# The local port under load, on loopback: wrk against the fake Exa server directly, through
# `exadesk serve`, and through nginx proxy_pass (the reference), in one run.
#   bench/port.sh [SECONDS]     seconds per measurement (default 5)
# Prints requests/s and p50/p99 latency at 1, 16 and 64 connections, ExaDesk's added latency,
# its share of nginx's throughput, errors, and its peak resident memory; then the same on the
# production path, with "Exa" behind TLS and HTTP/2 (nginx in front of the fake, as
# https://api.exa.ai is), ExaDesk and nginx proxy_pass each in front of it; then ExaDesk with Exa
# answering after 300 ms, to show 64 clients are served in parallel.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-5}
for tool in wrk nginx; do
  command -v "$tool" >/dev/null || { echo "bench/port.sh: $tool is missing (scripts/install-deps.sh installs it)" >&2; exit 1; }
done
cmake --preset default >/dev/null
cmake --build --preset default --target exadesk exadesk-fake-exa exadesk_test_certs >/dev/null
exadesk=$PWD/build/default/app/exadesk
fake=$PWD/build/default/tests/fake_exa/exadesk-fake-exa
certs=$PWD/build/default/tests/certs

work=$(mktemp -d)
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  [ -f "$work/nginx.pid" ] && kill "$(cat "$work/nginx.pid")" 2>/dev/null || true
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])' 2>/dev/null \
  || echo $((20000 + RANDOM % 20000)); }
wait_port() { for _ in $(seq 100); do (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null && return 0; sleep 0.05; done; return 1; }

start_fake() { # $1: extra options
  fake_port=$(free_port)
  "$fake" --port "$fake_port" $1 >"$work/fake.log" 2>&1 &
  fake_pid=$!; pids+=("$fake_pid")
  wait_port "$fake_port"
}

start_exadesk() { # $1: Exa's address (default the fake), then more options for serve
  local base=${1:-http://127.0.0.1:$fake_port}
  shift || true
  exadesk_port=$(free_port)
  export EXADESK_DATA_DIR="$work/data"
  # The bench measures the port, not Exa's pacing: no per-key rate limit, and calls run 64 at a time.
  "$exadesk" settings set rate.search-per-second 0 >/dev/null
  "$exadesk" settings set gateway.max-in-flight 128 >/dev/null
  for i in $(seq 8); do echo "bench-key-$i-0000-1111-2222"; done >"$work/keys.txt"
  echo "exd_bench_token_0000000000000000" >"$work/token"
  chmod 600 "$work/keys.txt" "$work/token"
  EXA_API_KEY= "$exadesk" serve --bind 127.0.0.1 --port "$exadesk_port" --keys-file "$work/keys.txt" \
    --token-file "$work/token" --base-url "$base" "$@" 2>"$work/serve.log" &
  exadesk_pid=$!; pids+=("$exadesk_pid")
  wait_port "$exadesk_port"
}

start_nginx() {
  nginx_port=$(free_port)
  tls_port=$(free_port)
  tls_front_port=$(free_port)
  mkdir -p "$work/nginx"
  cat >"$work/nginx.conf" <<CONF
worker_processes 1;
error_log $work/nginx/error.log;
pid $work/nginx.pid;
events { worker_connections 1024; }
http {
  access_log off;
  client_body_temp_path $work/nginx/body;
  proxy_temp_path $work/nginx/proxy;
  upstream fake { server 127.0.0.1:$fake_port; keepalive 64; }
  server {
    listen 127.0.0.1:$nginx_port;
    location / { proxy_pass http://fake; proxy_http_version 1.1; proxy_set_header Connection ""; }
  }
  # "Exa" as the production path meets it: TLS and HTTP/2.
  server {
    listen 127.0.0.1:$tls_port ssl http2;
    ssl_certificate $certs/server.pem;
    ssl_certificate_key $certs/server.key;
    keepalive_requests 100000;
    location / { proxy_pass http://fake; proxy_http_version 1.1; proxy_set_header Connection ""; }
  }
  # The reference in front of it: nginx proxy_pass over TLS (HTTP/1.1, kept alive).
  upstream tls { server 127.0.0.1:$tls_port; keepalive 64; }
  server {
    listen 127.0.0.1:$tls_front_port;
    location / {
      proxy_pass https://tls; proxy_http_version 1.1; proxy_set_header Connection "";
      proxy_ssl_trusted_certificate $certs/ca.pem; proxy_ssl_verify on; proxy_ssl_name localhost; proxy_ssl_server_name on;
      proxy_ssl_session_reuse on;
    }
  }
}
CONF
  nginx -c "$work/nginx.conf"
  wait_port "$nginx_port"
}

cat >"$work/post.lua" <<'LUA'
wrk.method = "POST"
wrk.body = '{"query":"rust async runtimes","numResults":3}'
wrk.headers["Content-Type"] = "application/json"
wrk.headers["x-api-key"] = os.getenv("BENCH_KEY")
LUA

# One wrk run; prints "req/s p50_us p99_us errors completed".
measure() { # $1 port, $2 connections, $3 key, $4 scheme (default http)
  local out
  out=$(BENCH_KEY=$3 wrk -t1 -c"$2" -d"${seconds}s" --latency -s "$work/post.lua" "${4:-http}://127.0.0.1:$1/search")
  echo "$out" | awk '
    function us(v) { if (v ~ /us$/) return v+0; if (v ~ /ms$/) return (v+0)*1000; if (v ~ /s$/) return (v+0)*1000000; return v }
    /Requests\/sec/ { rps = $2 }
    / 50%/ { p50 = us($2) }
    / 99%/ { p99 = us($2) }
    /requests in/ { done = $1 }
    /Non-2xx/ { errors += $5 }
    /Socket errors/ { gsub(",", ""); errors += $4 + $6 + $8 + $10 }
    END { printf "%s %s %s %d %d\n", rps, p50, p99, errors, done }'
}

row() { printf "%-10s %5s %10.0f %10.0f %10.0f %7d\n" "$1" "$2" "$3" "$4" "$5" "$6"; }

echo "== Local port under load: wrk -t1, ${seconds} s per row, the fake Exa server answering at once =="
start_fake "--instant"
start_exadesk
start_nginx
printf "%-10s %5s %10s %10s %10s %7s\n" setup conns "req/s" "p50 (us)" "p99 (us)" errors
declare -A rps p50
wrk_total=0
for conns in 1 16 64; do
  for setup in direct nginx exadesk; do
    case $setup in
      direct) port=$fake_port; key=bench-key-1-0000-1111-2222 ;;
      nginx) port=$nginx_port; key=bench-key-1-0000-1111-2222 ;;
      exadesk) port=$exadesk_port; key=exd_bench_token_0000000000000000 ;;
    esac
    read -r r a b e d < <(measure "$port" "$conns" "$key")
    rps[$setup$conns]=$r; p50[$setup$conns]=$a
    [ "$setup" = exadesk ] && wrk_total=$((wrk_total + d))
    row "$setup" "$conns" "$r" "$a" "$b" "$e"
  done
done
echo
for conns in 1 16 64; do
  awk -v c="$conns" -v e="${p50[exadesk$conns]}" -v d="${p50[direct$conns]}" \
    'BEGIN { printf "ExaDesk adds %.0f us to the median at %d connection(s)\n", e - d, c }'
done
awk -v e="${rps[exadesk64]}" -v n="${rps[nginx64]}" \
  'BEGIN { printf "ExaDesk at 64 connections: %.0f%% of nginx'"'"'s throughput\n", 100 * e / n }'
answered=$(curl -s -H "x-api-key: exd_bench_token_0000000000000000" "http://127.0.0.1:$exadesk_port/metrics" \
  | awk '/^exadesk_requests_total\{route="search",status="200"\}/ { print $2 }')
echo "Requests wrk completed through ExaDesk: $wrk_total; ExaDesk answered with 200: ${answered:-0}" \
  "(more by those still in flight when each wrk run stopped: at most 1 + 16 + 64)"
echo "ExaDesk's peak resident memory: $(awk '/VmHWM/ { printf "%.1f MB", $2 / 1024 }' "/proc/$exadesk_pid/status")"

echo
echo "== The production path: Exa behind TLS and HTTP/2 (nginx in front of the fake), ${seconds} s per row =="
kill "$exadesk_pid"; wait "$exadesk_pid" 2>/dev/null || true
start_exadesk "https://127.0.0.1:$tls_port" --ca-bundle "$certs/ca.pem"
printf "%-10s %5s %10s %10s %10s %7s\n" setup conns "req/s" "p50 (us)" "p99 (us)" errors
for conns in 1 16 64; do
  for setup in tls nginx exadesk; do
    case $setup in
      tls) port=$tls_port; key=bench-key-1-0000-1111-2222; scheme=https ;;
      nginx) port=$tls_front_port; key=bench-key-1-0000-1111-2222; scheme=http ;;
      exadesk) port=$exadesk_port; key=exd_bench_token_0000000000000000; scheme=http ;;
    esac
    read -r r a b e d < <(measure "$port" "$conns" "$key" "$scheme")
    rps[tls$setup$conns]=$r; p50[tls$setup$conns]=$a
    row "$setup" "$conns" "$r" "$a" "$b" "$e"
  done
done
echo
for conns in 1 16 64; do
  awk -v c="$conns" -v e="${p50[tlsexadesk$conns]}" -v n="${p50[tlsnginx$conns]}" -v d="${p50[tlstls$conns]}" \
    'BEGIN { printf "At %d connection(s) ExaDesk adds %.0f us to the median of a TLS call (nginx: %.0f us)\n", c, e - d, n - d }'
done
awk -v e="${rps[tlsexadesk64]}" -v n="${rps[tlsnginx64]}" \
  'BEGIN { printf "ExaDesk at 64 connections over TLS: %.0f%% of nginx'"'"'s throughput\n", 100 * e / n }'
echo "ExaDesk's peak resident memory: $(awk '/VmHWM/ { printf "%.1f MB", $2 / 1024 }' "/proc/$exadesk_pid/status")"

echo
echo "== Exa answering after 300 ms: 64 clients through ExaDesk =="
kill "$exadesk_pid" "$fake_pid"; wait "$exadesk_pid" "$fake_pid" 2>/dev/null || true
echo '{"keys": {"*": [{"delayMs": 300, "times": -1}]}}' >"$work/slow.json"
start_fake "--script $work/slow.json"
start_exadesk
printf "%-10s %5s %10s %10s %10s %7s\n" setup conns "req/s" "p50 (us)" "p99 (us)" errors
read -r r a b e d < <(measure "$exadesk_port" 64 exd_bench_token_0000000000000000)
row exadesk 64 "$r" "$a" "$b" "$e"
awk -v r="$r" 'BEGIN { printf "In parallel, 64 clients at 300 ms each make at most %.0f req/s; 6 at a time would make %.0f.\n", 64 / 0.3, 6 / 0.3 }'
