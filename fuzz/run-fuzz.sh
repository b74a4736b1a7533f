#!/bin/sh
# Bounded fuzzing: run-fuzz.sh BUILD_DIR CORPUS_ROOT SECONDS TARGET...
# Each target fuzzes for SECONDS, starting from its seed corpus (read only) and the inputs
# earlier runs found (BUILD_DIR/fuzz-work/TARGET). A crash leaves its input in
# BUILD_DIR/fuzz-artifacts/: fix the bug, then copy the input to fuzz/corpus/TARGET/.
set -u
build=$1 corpus=$2 secs=$3
shift 3
status=0
# undefined behaviour is a crash too (UBSan only prints and goes on by default)
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-halt_on_error=1:print_stacktrace=1}"
mkdir -p "$build/fuzz-artifacts"
marker="$build/fuzz-artifacts/.start"
touch "$marker"
for t in "$@"; do
  mkdir -p "$build/fuzz-work/$t"
  echo "== fuzz_$t: ${secs}s"
  "$build/fuzz_$t" -max_total_time="$secs" -timeout=10 -rss_limit_mb=2048 -max_len=8192 \
      -print_final_stats=1 -artifact_prefix="$build/fuzz-artifacts/$t-" \
      "$build/fuzz-work/$t" "$corpus/$t" >"$build/fuzz-work/$t.log" 2>&1
  rc=$?
  grep -E '^(stat::number_of_executed_units|stat::peak_rss_mb|#[0-9]+ *DONE)' "$build/fuzz-work/$t.log" | tr '\n' ' '
  echo
  if [ $rc != 0 ]; then
    status=1
    echo "fuzz_$t FAILED (exit $rc); log: $build/fuzz-work/$t.log"
    grep -E 'ERROR|SUMMARY|invariant|Test unit written' "$build/fuzz-work/$t.log" | head -20
  fi
done
new=$(find "$build/fuzz-artifacts" -type f -newer "$marker" ! -name .start)
if [ -n "$new" ]; then
  echo "new crash inputs:"; echo "$new"; status=1
fi
exit $status
