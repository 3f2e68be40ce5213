#!/usr/bin/env bash
# Coverage-guided fuzzing (libFuzzer + AddressSanitizer, as OSS-Fuzz fuzzes parsers) of every function that takes
# evidence bytes: the indicator scanner and validators, the encoding detector and UTF-16 run finder, the archive
# and magic wrappers, the file-format extractors, the E.164 parser and normalizers, the canonical encoding and the
# timestamp conversions. The targets are listed in Sources/FuzzTargets/FuzzTarget.swift (`custody-fuzz --list`).
#
# Usage: Scripts/fuzz.sh [--seconds N] [--smoke] [--debug] [--no-build] [TARGET...]
#
#   --seconds N   run each target N seconds (default 60)
#   --smoke       a few seconds per target from the seeds alone (Scripts/test.sh runs this after the unit tests)
#   --debug       fuzz a debug build (quicker to build, ~20x fewer executions; the default is -c release, which
#                 keeps Swift's overflow and bounds traps)
#   --no-build    use the fuzzing build in .build-fuzz as it is
#   TARGET        only these targets (default: every target, one after the other)
#
# Builds custody-fuzz (-c release) into .build-fuzz with -sanitize=fuzzer,address and -DCUSTODY_LIBFUZZER; writes each target's
# seeds (from ../shared/corpus and TestEvidence, `custody-fuzz --seeds`) once into .build-fuzz/seeds/TARGET; runs
# libFuzzer over them for N seconds, keeping the corpus it grows in .build-fuzz/corpus/TARGET for the next run.
# A crashing input is written to .build-fuzz/crashes/TARGET/ (the fuzzer stops at the first one; the log is
# .build-fuzz/logs/TARGET.log). Replay one with `swift run custody-fuzz TARGET FILE`; once fixed, check it in under
# Tests/FuzzRegressions/TARGET/ (FuzzRegressionTests replays every file there).
# Prints a table (target, executions, exec/s, coverage cov/ft, corpus size, crashes) and exits 1 when any target
# crashed, timed out or ran out of memory.
set -euo pipefail
export LC_ALL=C
cd "$(dirname "$0")/.."

seconds=60
smoke=0
build=1
config=release
targets=()
die() { echo "fuzz: error: $*" >&2; exit 2; }
while [ $# -gt 0 ]; do
  case "$1" in
    --seconds) [ $# -ge 2 ] || die "--seconds needs N"; seconds=$2; shift ;;
    --seconds=*) seconds=${1#--seconds=} ;;
    --smoke) seconds=3; smoke=1 ;;
    --no-build) build=0 ;;
    --debug) config=debug ;;
    -h|--help) sed -n '2,/^set -euo/{/^set -euo/d;s/^# \{0,1\}//;p}' "$0"; exit 0 ;;
    -*) die "unknown option $1" ;;
    *) targets+=("$1") ;;
  esac
  shift
done
[[ "$seconds" =~ ^[0-9]+$ ]] && [ "$seconds" -gt 0 ] || die "--seconds must be a positive whole number"

work=.build-fuzz
if [ $build = 1 ]; then
  echo "[fuzz] building custody-fuzz with libFuzzer and AddressSanitizer into $work" >&2
  # The sanitizer runtime exports many local symbols; gold warns about each one.
  swift build -c "$config" --scratch-path "$work" --product custody-fuzz \
    -Xswiftc -sanitize=fuzzer,address -Xswiftc -DCUSTODY_LIBFUZZER 2>&1 | grep -v 'Cannot export local symbol' >&2
fi
bin="$work/$config/custody-fuzz"
[ -x "$bin" ] || die "$bin is missing (run without --no-build)"

# The Swift runtime's crash backtracer would run after every finding; libFuzzer reports the crash itself.
export SWIFT_BACKTRACE=enable=no
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=0:abort_on_error=1}

declare -A max_len
while IFS=$'\t' read -r name length _; do max_len[$name]=$length; done < <("$bin" --list)
if [ ${#targets[@]} = 0 ]; then
  mapfile -t targets < <("$bin" --list | cut -f1)
fi
for target in "${targets[@]}"; do
  [ -n "${max_len[$target]:-}" ] || die "unknown target $target (known: ${!max_len[*]})"
done

mkdir -p "$work/logs"
rows=()
failed=0
for target in "${targets[@]}"; do
  seeds="$work/seeds/$target" corpus="$work/corpus/$target" crashes="$work/crashes/$target" log="$work/logs/$target.log"
  # libFuzzer first runs every unit of its corpus: a smoke run starts from the seeds alone so it stays short.
  if [ $smoke = 1 ]; then corpus="$work/smoke-corpus/$target"; rm -rf "$corpus"; fi
  if [ ! -d "$seeds" ]; then
    "$bin" --seeds "$target" "$seeds.tmp" --limit 40 >&2 && mv "$seeds.tmp" "$seeds"
  fi
  mkdir -p "$corpus" "$crashes"
  echo "[fuzz] $target: $seconds s" >&2
  status=0
  regressions="Tests/FuzzRegressions/$target"; [ -d "$regressions" ] || regressions=
  CUSTODY_FUZZ_TARGET=$target "$bin" "$corpus" "$seeds" ${regressions:+"$regressions"} -max_total_time="$seconds" -max_len="${max_len[$target]}" \
    -timeout=25 -rss_limit_mb=2048 -detect_leaks=0 -print_final_stats=1 -artifact_prefix="$crashes/" \
    >"$log" 2>&1 || status=$?
  runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
  rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -1)
  cov=$(grep -oE 'cov: [0-9]+ ft: [0-9]+' "$log" | tail -1 | awk '{print $2 "/" $4}' || true)
  units=$(find "$corpus" -type f | wc -l)
  found=$(grep -cE '^(==[0-9]+==ERROR|SUMMARY: (libFuzzer|AddressSanitizer)|Fatal error|.*deadly signal)' "$log" || true)
  # Slow units (over 10 s) are written too: noted, not failures.
  artifacts=$(grep -oE "Test unit written to [^ ]+" "$log" | awk '{print $5}' | grep -v '/slow-unit-' | tr '\n' ' ' || true)
  slow=$(grep -oE "Test unit written to [^ ]+/slow-unit-" "$log" | wc -l || true)
  if [ "$status" != 0 ] || [ -n "$artifacts" ]; then
    failed=1
    found="${found:-1} ${artifacts:-exit $status}"
    echo "[fuzz] $target FAILED (exit $status); log: $log" >&2
    grep -E 'Fatal error|ERROR: |SUMMARY|deadly signal|==ERROR' "$log" | head -5 >&2 || true
  else
    found=0
  fi
  [ "$slow" = 0 ] || found="$found ($slow slow units in $crashes)"
  rows+=("$target|${runs:-?}|${rate:-?}|${cov:-?}|$units|$found")
done

printf '\n%-20s %12s %8s %12s %8s  %s\n' target executions exec/s cov/ft corpus crashes
for row in "${rows[@]}"; do
  IFS='|' read -r t r e c u f <<<"$row"
  printf '%-20s %12s %8s %12s %8s  %s\n' "$t" "$r" "$e" "$c" "$u" "$f"
done
exit $failed
