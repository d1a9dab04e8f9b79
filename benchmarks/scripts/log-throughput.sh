#!/usr/bin/env bash
# Tool-level throughput of the IIS log analyser against `grep -c UserHasNoMailbox`, on the same
# generated file, in the same run: one thread (pinned to one core), every core, and the Parquet
# export. Prints wall time and CPU time: on a shared machine CPU time is the fairer single-thread
# measure. Not for CI (it writes ~1 GiB to /tmp by default). Results: docs/log-throughput.md.
#   benchmarks/scripts/log-throughput.sh [MiB=1024] [file=/tmp/hybridcore-iis-<MiB>.log]
set -euo pipefail
cd "$(dirname "$0")/../.."
MIB="${1:-1024}"
FILE="${2:-/tmp/hybridcore-iis-${MIB}.log}"
APP=benchmarks/scripts/LogThroughput.cs
CORES=$(nproc)

if [[ ! -f "$FILE" ]]; then
  dotnet run -c Release "$APP" -- generate "$FILE" "$MIB"
fi
dotnet build -c Release "$APP" > /dev/null
BYTES=$(stat -c %s "$FILE")
cat "$FILE" > /dev/null   # warm the page cache so every tool reads from memory

grep_run() {
  # $1: taskset core list. Wall and CPU (user+sys) seconds of grep.
  local out
  out=$( { /usr/bin/env time -f "%e %U %S" taskset -c "$1" grep -c UserHasNoMailbox "$FILE" > /tmp/hc-grep-count; } 2>&1 )
  awk -v b="$BYTES" -v c="$(cat /tmp/hc-grep-count)" -v t="$out" \
    'BEGIN { split(t, a, " "); cpu = a[2] + a[3]; printf "grep -c UserHasNoMailbox: %d lines, %.0f MB in %.2f s = %.0f MB/s (cpu %.2f s = %.0f MB/s)\n", c, b / 1e6, a[1], b / 1e6 / a[1], cpu, (cpu > 0 ? b / 1e6 / cpu : 0) }'
}

echo "file: $FILE ($BYTES bytes), $CORES cores"
for i in 1 2 3; do
  grep_run 0
  taskset -c 0 dotnet run -c Release --no-build "$APP" -- analyze --threads 1 "$FILE"
  dotnet run -c Release --no-build "$APP" -- analyze --threads "$CORES" "$FILE"
done
dotnet run -c Release --no-build "$APP" -- export "$FILE" "/tmp/hybridcore-iis-${MIB}.parquet"
rm -f /tmp/hc-grep-count "/tmp/hybridcore-iis-${MIB}.parquet"
