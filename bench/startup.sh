#!/usr/bin/env bash
# Start-up time and memory of the ExaDesk window with 10,000 keys stored, beside KeePassXC
# opening a database of 10,000 entries: both under the same Xvfb, each the median of RUNS starts
# (default 5), from exec until the window shows its data. ExaDesk reports that moment itself
# (EXADESK_REPORT_READY: the pool loaded and painted); KeePassXC's is when its window titled with
# the database shows. Memory is each process's peak resident set (VmHWM) at that moment.
# KeePassXC's database is made as keepassxc-cli makes one by default (its key derivation tuned to
# about a second, as a person gets it); ExaDesk's vault key comes from the keychain, as by default.
# Needs scripts/install-deps.sh --bench (KeePassXC, xdotool).
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${RUNS:-5}
keys=${KEYS:-10000}
for tool in keepassxc keepassxc-cli xdotool xvfb-run; do
  command -v "$tool" >/dev/null || { echo "startup.sh: $tool is missing; run scripts/install-deps.sh --bench" >&2; exit 2; }
done
cmake --preset default >/dev/null
cmake --build --preset default --target exadesk >/dev/null
exadesk=$PWD/build/default/app/exadesk
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# The same 10,000 secrets for both: keys for ExaDesk, entries for KeePassXC.
python3 - "$work" "$keys" <<'PY'
import sys, uuid, html
work, count = sys.argv[1], int(sys.argv[2])
secrets = [str(uuid.UUID(int=(i * 0x9E3779B97F4A7C15 + 12345) % (1 << 128), version=4)) for i in range(count)]
with open(f"{work}/keys.txt", "w") as f:
    for i, s in enumerate(secrets):
        f.write(f"key {i},{s}\n")
with open(f"{work}/entries.xml", "w") as f:
    f.write('<?xml version="1.0" encoding="utf-8"?>\n<KeePassFile><Meta><Generator>bench</Generator></Meta><Root><Group><Name>Root</Name>\n')
    for i, s in enumerate(secrets):
        f.write(f'<Entry><String><Key>Title</Key><Value>key {i}</Value></String>'
                f'<String><Key>UserName</Key><Value>bench</Value></String>'
                f'<String><Key>Password</Key><Value ProtectInMemory="True">{html.escape(s)}</Value></String></Entry>\n')
    f.write('</Group></Root></KeePassFile>\n')
PY
printf 'bench-password\nbench-password\n' | keepassxc-cli import -q -p "$work/entries.xml" "$work/bench.kdbx" >/dev/null 2>&1

cat >"$work/run.sh" <<RUN
set -euo pipefail
export EXADESK_DATA_DIR="$work/data" EXA_API_KEY= HOME="$work/home" XDG_CONFIG_HOME="$work/home/.config"
mkdir -p "\$HOME"
"$exadesk" keys import "$work/keys.txt" >/dev/null
now() { date +%s%3N; }
median() { sort -n | awk '{ a[NR] = \$1 } END { print a[int((NR + 1) / 2)] }'; }
for i in \$(seq $runs); do
  start=\$(now)
  line=\$(EXADESK_REPORT_READY=1 "$exadesk")
  ready=\$(sed -n 's/.*ready_at_ms=\([0-9]*\).*/\1/p' <<<"\$line")
  echo "exadesk \$((ready - start)) \$(sed -n 's/.*peak_rss_kb=\([0-9]*\).*/\1/p' <<<"\$line")"
done >"$work/exadesk.txt"
for i in \$(seq $runs); do
  start=\$(now)
  printf 'bench-password\n' | keepassxc --pw-stdin "$work/bench.kdbx" >/dev/null 2>&1 &
  pid=\$!
  xdotool search --sync --onlyvisible --name 'bench' >/dev/null
  ready=\$(now)
  peak=\$(awk '/VmHWM/ { print \$2 }' /proc/\$pid/status)
  kill -KILL \$pid; wait \$pid 2>/dev/null || true # it asks before closing a database
  echo "keepassxc \$((ready - start)) \$peak"
done >"$work/keepassxc.txt"
e_ms=\$(awk '{ print \$2 }' "$work/exadesk.txt" | median); e_kb=\$(awk '{ print \$3 }' "$work/exadesk.txt" | median)
k_ms=\$(awk '{ print \$2 }' "$work/keepassxc.txt" | median); k_kb=\$(awk '{ print \$3 }' "$work/keepassxc.txt" | median)
echo "== Start-up with $keys secrets stored, median of $runs (window shown with its data) =="
awk -v em="\$e_ms" -v ek="\$e_kb" -v km="\$k_ms" -v kk="\$k_kb" 'BEGIN {
  printf "%-10s %8s %12s\n", "app", "time ms", "peak RSS MB"
  printf "%-10s %8d %12.1f\n", "exadesk", em, ek / 1024
  printf "%-10s %8d %12.1f\n", "keepassxc", km, kk / 1024
  printf "ExaDesk / KeePassXC: time %.2fx, memory %.2fx\n", em / km, ek / kk
}'
RUN
tests/support/with-secret-service.sh xvfb-run -a -s "-screen 0 1280x800x24" bash "$work/run.sh"
