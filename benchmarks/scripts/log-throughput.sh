#!/usr/bin/env bash
# Tool-level throughput of the IIS log analyser against `grep -c UserHasNoMailbox`, on the same
# generated file, in the same run: one thread (pinned to one core), every core, and the Parquet
# export. Prints wall time and CPU time of each process, and the analyser's ratio to grep's run just
# before it: on a shared machine CPU time is the fairer single-thread measure. The analyser's own line
# adds the CPU time of the analysis alone (without .NET start-up) and its nanoseconds per line.
# Not for CI (it writes ~1 GiB to /tmp by default). Results: docs/log-throughput.md.
#   benchmarks/scripts/log-throughput.sh [MiB=1024] [file=/tmp/hybridcore-iis-<MiB>.log] [runs=3]
set -euo pipefail
cd "$(dirname "$0")/../.."
MIB="${1:-1024}"
FILE="${2:-/tmp/hybridcore-iis-${MIB}.log}"
RUNS="${3:-3}"
APP=benchmarks/scripts/LogThroughput.cs
CORES=$(nproc)

if [[ ! -f "$FILE" ]]; then
  dotnet run -c Release "$APP" -- generate "$FILE" "$MIB"
fi
# The built app itself, so that `dotnet run`'s own start-up is not timed.
DLL=$(dotnet build -c Release "$APP" | sed -n 's/^ *LogThroughput.cs -> //p' | tail -1)
BYTES=$(stat -c %s "$FILE")
cat "$FILE" > /dev/null   # warm the page cache so every tool reads from memory

# timed CORES CMD...: runs CMD (pinned to CORES unless "all"), keeps its output in $OUT and sets WALL and CPU
# (user + system seconds) of the process.
timed() {
  local cores="$1" t
  shift
  if [[ "$cores" == all ]]; then
    { /usr/bin/env time -f "%e %U %S" -o /tmp/hc-time "$@" > /tmp/hc-out; }
  else
    { /usr/bin/env time -f "%e %U %S" -o /tmp/hc-time taskset -c "$cores" "$@" > /tmp/hc-out; }
  fi
  OUT=$(cat /tmp/hc-out)
  t=$(tail -1 /tmp/hc-time)
  WALL=$(echo "$t" | awk '{print $1}')
  CPU=$(echo "$t" | awk '{printf "%.2f", $2 + $3}')
}

echo "file: $FILE ($BYTES bytes), $CORES cores, load average $(cut -d' ' -f1-3 /proc/loadavg)"
for i in $(seq 1 "$RUNS"); do
  timed 0 grep -c UserHasNoMailbox "$FILE"
  GWALL=$WALL GCPU=$CPU
  awk -v b="$BYTES" -v c="$OUT" -v w="$WALL" -v u="$CPU" \
    'BEGIN { printf "run %d: grep -c UserHasNoMailbox: %d lines, %.0f MB in %.2f s = %.0f MB/s (cpu %.2f s = %.0f MB/s)\n", '"$i"', c, b / 1e6, w, b / 1e6 / w, u, (u > 0 ? b / 1e6 / u : 0) }'
  timed 0 dotnet "$DLL" analyze --threads 1 "$FILE"
  echo "  $OUT"
  awk -v b="$BYTES" -v w="$WALL" -v u="$CPU" -v gw="$GWALL" -v gu="$GCPU" \
    'BEGIN { printf "  analyser --threads 1, one core, whole process: %.2f s wall, cpu %.2f s = %.0f MB/s; ratio to grep: cpu %.1fx, wall %.1fx\n", w, u, b / 1e6 / u, (gu > 0 ? u / gu : 0), (gw > 0 ? w / gw : 0) }'
  timed all dotnet "$DLL" analyze --threads "$CORES" "$FILE"
  echo "  $OUT"
  awk -v b="$BYTES" -v w="$WALL" -v u="$CPU" -v gw="$GWALL" \
    'BEGIN { printf "  analyser --threads '"$CORES"', whole process: %.2f s wall = %.0f MB/s, cpu %.2f s (all cores); wall ratio to grep on one core: %.1fx\n", w, b / 1e6 / w, u, (gw > 0 ? w / gw : 0) }'
done
dotnet "$DLL" export "$FILE" "/tmp/hybridcore-iis-${MIB}.parquet"
rm -f /tmp/hc-out /tmp/hc-time "/tmp/hybridcore-iis-${MIB}.parquet"
