#!/usr/bin/env bash
# Coverage-guided fuzzing of HybridCore's parsers with AFL++ and SharpFuzz (docs/fuzzing.md).
#   fuzz/run.sh [seconds-per-target=30] [target...]      (default: every target)
# Builds fuzz/HybridCore.Fuzz into fuzz/out/bin, instruments the HybridCore assemblies there with the sharpfuzz
# tool, writes the seed corpus, runs afl-fuzz on each target for the given time and prints, per target,
# executions per second, edges covered (AFL's bitmap coverage), paths found and crashes. Exits 1 when a target
# crashed or hung (the inputs are in fuzz/out/findings/TARGET/default/{crashes,hangs}); exits 0 without fuzzing,
# with a message, when afl-fuzz is not installed and CI is not set (.ci/install-deps installs Debian's afl++).
set -euo pipefail
cd "$(dirname "$0")/.."
SECONDS_PER_TARGET="${1:-30}"
shift || true
ALL=(wbxml-span wbxml-segmented xml-converter request-line basic-credentials directory w3c-log autodiscover)
TARGETS=("$@")
[ "${#TARGETS[@]}" -eq 0 ] && TARGETS=("${ALL[@]}")

if ! command -v afl-fuzz >/dev/null 2>&1; then
  if [ "${CI:-}" = "true" ]; then echo "fuzz: afl-fuzz is missing (install Debian's afl++: .ci/install-deps)" >&2; exit 1; fi
  echo "fuzz: afl-fuzz not installed; skipped (apt-get install afl++)"; exit 0
fi

OUT=fuzz/out
BIN=$OUT/bin
rm -rf "$OUT/findings"
dotnet build fuzz/HybridCore.Fuzz/HybridCore.Fuzz.csproj -c Release -o "$BIN" -v q -nologo >/dev/null
# Seeds first: instrumented code only runs under afl-fuzz.
rm -rf "$OUT/seeds"
"$BIN/HybridCore.Fuzz" seeds "$OUT/seeds"
dotnet tool restore >/dev/null
for dll in HybridCore.dll HybridCore.AspNetCore.dll HybridCore.Diagnostics.dll; do
  # Instrumenting twice fails; a fresh build above rewrote the files, so this runs once per build.
  dotnet sharpfuzz "$BIN/$dll" >/dev/null
done

export AFL_SKIP_BIN_CHECK=1 AFL_NO_UI=1 AFL_SKIP_CPUFREQ=1 AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1 AFL_NO_AFFINITY=1
status=0
printf '%-18s %10s %10s %8s %8s %6s\n' target execs/s execs edges% paths crashes
for t in "${TARGETS[@]}"; do
  mkdir -p "$OUT/findings/$t"
  afl-fuzz -i "$OUT/seeds/$t" -o "$OUT/findings/$t" -V "$SECONDS_PER_TARGET" -t 5000 -m none -- "$BIN/HybridCore.Fuzz" "$t" \
    > "$OUT/findings/$t/afl.log" 2>&1 || { echo "fuzz: afl-fuzz failed for $t:"; tail -n 30 "$OUT/findings/$t/afl.log"; status=1; continue; }
  stats="$OUT/findings/$t/default/fuzzer_stats"
  get() { awk -F' *: *' -v k="$1" '$1 == k { print $2 }' "$stats"; }
  crashes=$(get saved_crashes); hangs=$(get saved_hangs)
  execs=$(get execs_done); secs=$(( $(get last_update) - $(get start_time) )); [ "$secs" -gt 0 ] || secs=1
  printf '%-18s %10s %10s %8s %8s %6s\n' "$t" "$(( execs / secs ))" "$execs" "$(get bitmap_cvg)" "$(get corpus_count)" "${crashes:-0}"
  if [ "${crashes:-0}" != "0" ] || [ "${hangs:-0}" != "0" ]; then
    echo "fuzz: $t found ${crashes:-0} crashes and ${hangs:-0} hangs in $OUT/findings/$t/default/ (replay without instrumentation: dotnet run -c Release --project fuzz/HybridCore.Fuzz -- $t --replay FILE)"
    status=1
  fi
done
exit "$status"
