#!/usr/bin/env bash
# Tool-level throughput of the IIS log analyser against `grep -c UserHasNoMailbox`, on the same
# generated file, in the same run. Not for CI (it writes ~1 GiB to /tmp by default).
#   benchmarks/scripts/log-throughput.sh [MiB=1024] [file=/tmp/hybridcore-iis-<MiB>.log]
set -euo pipefail
cd "$(dirname "$0")/../.."
MIB="${1:-1024}"
FILE="${2:-/tmp/hybridcore-iis-${MIB}.log}"
APP=benchmarks/scripts/LogThroughput.cs

if [[ ! -f "$FILE" ]]; then
  dotnet run -c Release "$APP" -- generate "$FILE" "$MIB"
fi
BYTES=$(stat -c %s "$FILE")
cat "$FILE" > /dev/null   # warm the page cache so both tools read from memory

echo "file: $FILE ($BYTES bytes)"
for i in 1 2 3; do
  # One process per run: the analyser runs on one thread (one core).
  taskset -c 0 dotnet run -c Release "$APP" -- analyze "$FILE"
done

for i in 1 2 3; do
  START=$(date +%s.%N)
  COUNT=$(taskset -c 0 grep -c UserHasNoMailbox "$FILE")
  END=$(date +%s.%N)
  awk -v b="$BYTES" -v s="$START" -v e="$END" -v c="$COUNT" \
    'BEGIN { t = e - s; printf "grep -c UserHasNoMailbox: %d lines, %.0f MB in %.2f s = %.0f MB/s\n", c, b / 1e6, t, b / 1e6 / t }'
done
