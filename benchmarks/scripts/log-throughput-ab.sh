#!/usr/bin/env bash
# Interleaved before/after comparison of the IIS log analyser at tool level: builds
# benchmarks/scripts/LogThroughput.cs at BEFORE (a commit, in a temporary worktree) and at the working tree,
# then alternates `grep -c UserHasNoMailbox`, the BEFORE analyser and the current one on the same file, RUNS
# times, and prints median and minimum CPU (user + system) and wall seconds of each. On a machine whose speed
# drifts (a shared VM), only such interleaved runs compare two builds fairly. Results: docs/log-throughput.md.
#   benchmarks/scripts/log-throughput-ab.sh [BEFORE=HEAD~1] [RUNS=8] [THREADS=1] [FILE=/tmp/hybridcore-iis-512.log]
set -euo pipefail
cd "$(dirname "$0")/../.."
BEFORE="${1:-HEAD~1}"
RUNS="${2:-8}"
THREADS="${3:-1}"
FILE="${4:-/tmp/hybridcore-iis-512.log}"
APP=benchmarks/scripts/LogThroughput.cs

if [[ ! -f "$FILE" ]]; then
  dotnet run -c Release "$APP" -- generate "$FILE" 512
fi

WT=$(mktemp -d /tmp/hybridcore-before-XXXXXX)
OUTDIR=$(mktemp -d /tmp/hybridcore-ab-XXXXXX)
trap 'git worktree remove --force "$WT" >/dev/null 2>&1 || true; rm -rf "$WT" "$OUTDIR"' EXIT
git worktree add -q --detach "$WT" "$BEFORE"
build() { dotnet build -c Release "$1" | sed -n 's/^ *LogThroughput.cs -> //p' | tail -1; }
BEFORE_DLL=$(build "$WT/$APP")
AFTER_DLL=$(build "$APP")
cat "$FILE" > /dev/null   # page cache

PIN=(taskset -c 0)
if [[ "$THREADS" != 1 ]]; then PIN=(); fi
run() { # name cmd...: appends "cpu wall" to $OUTDIR/name
  local name="$1"
  shift
  /usr/bin/env time -f "%U %S %e" -o "$OUTDIR/t" "$@" > "$OUTDIR/out"   # stdout to a file: grep -c stops early on /dev/null
  awk '{ printf "%.2f %.2f\n", $1 + $2, $3 }' "$OUTDIR/t" >> "$OUTDIR/$name"
}

echo "file: $FILE; before: $(git rev-parse --short "$BEFORE"); after: working tree; $RUNS runs; threads $THREADS; load $(cut -d' ' -f1-3 /proc/loadavg)"
for _ in $(seq 1 "$RUNS"); do
  run grep taskset -c 0 grep -c UserHasNoMailbox "$FILE"
  run before "${PIN[@]}" dotnet "$BEFORE_DLL" analyze --threads "$THREADS" "$FILE"
  run after "${PIN[@]}" dotnet "$AFTER_DLL" analyze --threads "$THREADS" "$FILE"
done
for name in grep before after; do
  sort -n "$OUTDIR/$name" | awk -v n="$name" '{ c[NR] = $1 } END { printf "%-6s cpu  median %.2f  min %.2f  max %.2f\n", n, c[int((NR + 1) / 2)], c[1], c[NR] }'
  sort -n -k2 "$OUTDIR/$name" | awk '{ w[NR] = $2 } END { printf "       wall median %.2f  min %.2f\n", w[int((NR + 1) / 2)], w[1] }'
done
