#!/usr/bin/env bash
# bench/fuzz: every libFuzzer target of tests/fuzz for longer than ctest's 11 s, each from its
# seeds and the corpus earlier runs grew (build/fuzz/corpus/TARGET), one core each.
#   bench/fuzz.sh [SECONDS] [TARGET...]      (default: 300 s, every target)
# Prints, per target, the executions, the corpus size and whether it found anything; a finding's
# input is kept in build/fuzz/artifacts/ for the test that should fail with it.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
seconds=${1:-300}
shift || true
fuzz="$root/build/fuzz"
[ -d "$fuzz/build" ] || { echo "no fuzz build in $fuzz: run scripts/build.sh with clang installed" >&2; exit 1; }
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(oai_pmh arxiv_atom hf_daily json_line ids_and_dates query request markdown)
echo "workload: ${#targets[@]} targets x ${seconds} s, ASan+UBSan, -timeout=10 -rss_limit_mb=2048, $(nproc) cores"
found=0
for target in "${targets[@]}"; do
  log="$fuzz/artifacts/$target-long.log"
  mkdir -p "$fuzz/corpus/$target" "$fuzz/artifacts"
  set +e
  (cd "$fuzz" && "$fuzz/build/fuzz_$target" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
     -artifact_prefix="$fuzz/artifacts/$target-" -print_final_stats=1 \
     "$fuzz/corpus/$target" "$fuzz/seeds/$target") >"$log" 2>&1
  status=$?
  set -e
  runs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$' || echo "?")
  corpus=$(ls "$fuzz/corpus/$target" | wc -l)
  if [ $status -eq 0 ]; then verdict="nothing found"; else verdict="FOUND (exit $status, see $log)"; found=1; fi
  printf '%-14s %12s executions  %6s inputs in corpus  %s\n' "$target" "$runs" "$corpus" "$verdict"
done
exit $found
