#!/usr/bin/env bash
# Runs every fuzz target (or the ones named) for SECONDS each with libFuzzer under
# AddressSanitizer (leak detection on), then prints executions and coverage per
# target. Fails on any crash, panic, leak, timeout or out-of-memory.
#
#   tests/fuzz/run.sh SECONDS [TARGET...]
#
# The committed seeds in tests/fuzz/corpus/<target> are read, never written: new
# inputs go to tests/fuzz/target/corpus/<target> (git-ignored). Findings land in
# tests/fuzz/artifacts/<target>/ (git-ignored); reproduce one with
#   cargo +nightly fuzz run --fuzz-dir tests/fuzz <target> <artifact>
set -euo pipefail

secs=${1:?usage: tests/fuzz/run.sh SECONDS [TARGET...]}
shift
case $secs in '' | *[!0-9]*) echo "SECONDS must be a whole number" >&2; exit 2 ;; esac

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/../.." && pwd)
cd "$root"

fuzz=(cargo +nightly fuzz)
if [ $# -gt 0 ]; then
    targets=("$@")
else
    mapfile -t targets < <("${fuzz[@]}" list --fuzz-dir tests/fuzz)
fi

for t in "${targets[@]}"; do
    "${fuzz[@]}" build --fuzz-dir tests/fuzz "$t"
done

# scratch space of the targets (the C ABI target keeps its cache there)
export TMPDIR="$here/target/tmp"
mkdir -p "$TMPDIR" "$here/target/logs"

failed=()
printf '%-20s %8s %12s %10s %8s %8s  %s\n' target seconds execs exec/s cov ft result
for t in "${targets[@]}"; do
    work="$here/target/corpus/$t"
    seeds="$here/corpus/$t"
    mkdir -p "$work" "$seeds"
    log="$here/target/logs/$t.log"
    opts=(-max_total_time="$secs" -timeout=10 -rss_limit_mb=2048 -detect_leaks=1
          -print_final_stats=1 -max_len=65536)
    [ -f "$here/$t.dict" ] && opts+=(-dict="$here/$t.dict")
    status=ok
    "${fuzz[@]}" run --fuzz-dir tests/fuzz "$t" "$work" "$seeds" -- "${opts[@]}" >"$log" 2>&1 ||
        status=FAILED
    execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1 || true)
    rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -1 || true)
    cov=$(grep -Eo 'cov: [0-9]+' "$log" | tail -1 | cut -d' ' -f2 || true)
    ft=$(grep -Eo 'ft: [0-9]+' "$log" | tail -1 | cut -d' ' -f2 || true)
    printf '%-20s %8s %12s %10s %8s %8s  %s\n' "$t" "$secs" "${execs:-?}" "${rate:-?}" \
        "${cov:-?}" "${ft:-?}" "$status"
    if [ "$status" != ok ]; then
        failed+=("$t")
        grep -E 'ERROR: (libFuzzer|AddressSanitizer|LeakSanitizer)|panicked at|SUMMARY|Test unit written' \
            "$log" | head -20 >&2 || true
        echo "full log: $log" >&2
    fi
done

if [ ${#failed[@]} -gt 0 ]; then
    echo "fuzzing found problems in: ${failed[*]}" >&2
    exit 1
fi
