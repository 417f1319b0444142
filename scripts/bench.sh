#!/usr/bin/env bash
# bench.sh [N]: times `claimcheck check` (Release build, made in build-release/ if
# needed) on the nova-1825537 case alone (median of N runs, default 20; hyperfine when
# installed) and on the whole dev corpus (sum of the check runs, one per case; the
# repositories are made first and not timed); then checks of nova inside one process,
# as the daemon makes them (--repeat, with and without kept facts). Needs ../shared/corpus.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
runs=${1:-20}
shared=$root/../shared
if [[ ! -d $shared/corpus/dev ]]; then
    echo "bench: ../shared/corpus not found" >&2
    exit 2
fi
# CLAIMCHECK_BIN: time that binary instead of building a Release one.
if [[ -n ${CLAIMCHECK_BIN:-} ]]; then
    bin=$CLAIMCHECK_BIN
else
    build=$root/build-release
    if [[ ! -f $build/build.ninja ]]; then
        cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release -DCLAIMCHECK_TESTS=OFF >/dev/null
    fi
    ninja -C "$build" claimcheck >/dev/null
    bin=$build/claimcheck
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

now_ns() { date +%s%N; }

# median_ms FILE: the median of the nanosecond figures in FILE, in milliseconds.
median_ms() { sort -n "$1" | awk '{ v[NR] = $1 } END { m = (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2; printf "%.1f", m / 1e6 }'; }

# Every case's repository first, so that only the check runs are timed.
cases=()
for dir in "$shared"/corpus/dev/*/; do
    [[ -f $dir/case.json ]] || continue
    id=$(basename "$dir")
    "$shared/eval/make-repo" "$dir" "$work/$id" >/dev/null
    cases+=("$id")
done

check() { "$bin" check --repo "$work/$1" --base base --head head --comments "$shared/corpus/dev/$1/case.json" --format json; }

nova=nova-1825537
check "$nova" >/dev/null  # warm the page cache
if command -v hyperfine >/dev/null 2>&1; then
    hyperfine -N --warmup 2 --runs "$runs" --export-json "$work/hyperfine.json" \
        "$bin check --repo $work/$nova --base base --head head --comments $shared/corpus/dev/$nova/case.json --format json" \
        >/dev/null
    nova_ms=$(python3 -c 'import json, sys; print("%.1f" % (json.load(open(sys.argv[1]))["results"][0]["median"] * 1000))' \
        "$work/hyperfine.json")
    tool=hyperfine
else
    for _ in $(seq "$runs"); do
        start=$(now_ns); check "$nova" >/dev/null; end=$(now_ns)
        echo $((end - start)) >>"$work/nova.ns"
    done
    nova_ms=$(median_ms "$work/nova.ns")
    tool="bash loop"
fi

total=0
for id in "${cases[@]}"; do
    start=$(now_ns); check "$id" >/dev/null 2>&1 || true; end=$(now_ns)
    echo $((end - start)) >>"$work/corpus.ns"
    total=$((total + end - start))
done

printf '%-34s %12s  %s\n' "benchmark" "time (ms)" "how"
printf '%-34s %12s  %s\n' "check, $nova" "$nova_ms" "median of $runs runs ($tool)"
printf '%-34s %12s  %s\n' "check, dev corpus (${#cases[@]} cases)" "$(awk -v t="$total" 'BEGIN { printf "%.1f", t / 1e6 }')" \
    "sum of one run per case, repo set-up excluded"
printf '%-34s %12s  %s\n' "check, dev corpus, median case" "$(median_ms "$work/corpus.ns")" ""

# CPU time (user + system) of the same runs: steadier than wall time on a busy machine.
python3 - "$bin" "$work" "$shared/corpus/dev" "$runs" "${cases[@]}" <<'PY'
import os, statistics, subprocess, sys
bin, work, corpus, runs, cases = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4]), sys.argv[5:]
def cpu_ms(case):
    p = subprocess.Popen([bin, "check", "--repo", f"{work}/{case}", "--base", "base", "--head", "head",
                          "--comments", f"{corpus}/{case}/case.json", "--format", "json"],
                         stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, _, usage = os.wait4(p.pid, 0)
    return (usage.ru_utime + usage.ru_stime) * 1000
nova = statistics.median(cpu_ms("nova-1825537") for _ in range(runs))
each = [cpu_ms(c) for c in cases]
print(f"{'CPU, nova-1825537':34} {nova:12.1f}  median of {runs} runs")
print(f"{'CPU, dev corpus (%d cases)' % len(cases):34} {sum(each):12.1f}  sum")
print(f"{'CPU, dev corpus, median case':34} {statistics.median(each):12.1f}")
PY

# Inside one process, as in the daemon: the first check of the change (libgit2 and the
# rules' patterns start up on it; process start-up excluded), then re-checks of the
# same change, whose files' facts the facts cache keeps (vcs/facts_cache.h).
"$bin" check --repo "$work/$nova" --base base --head head --comments "$shared/corpus/dev/$nova/case.json" \
    --format json --repeat $((runs + 1)) 2>"$work/repeat.txt" >/dev/null
python3 - "$work/repeat.txt" "$runs" <<'PY'
import re, statistics, sys
runs = [tuple(map(float, re.search(r"wall ([\d.]+) ms, cpu ([\d.]+) ms", line).groups()))
        for line in open(sys.argv[1]) if line.startswith("run ")]
first, rest = runs[0], runs[1:]
print(f"{'in process, nova, first check':34} {first[1]:12.1f}  CPU (wall {first[0]:.1f})")
print(f"{'in process, nova, re-check':34} {statistics.median(c for _, c in rest):12.1f}  "
      f"CPU, median of {len(rest)} (wall {statistics.median(w for w, _ in rest):.1f})")
PY

# The same with --cold: no facts kept between runs, so the runs after the first cost
# what the daemon's check of a new patch set does (everything but the fetch).
"$bin" check --repo "$work/$nova" --base base --head head --comments "$shared/corpus/dev/$nova/case.json" \
    --format json --repeat $((runs + 1)) --cold 2>"$work/cold.txt" >/dev/null
python3 - "$work/cold.txt" "$runs" <<'PY'
import re, statistics, sys
runs = [tuple(map(float, re.search(r"wall ([\d.]+) ms, cpu ([\d.]+) ms", line).groups()))
        for line in open(sys.argv[1]) if line.startswith("run ")][1:]
walls = sorted(w for w, _ in runs)
print(f"{'in process, nova, new patch set':34} {statistics.median(walls):12.1f}  "
      f"wall, median of {len(runs)} (min {walls[0]:.1f}, max {walls[-1]:.1f}; "
      f"CPU {statistics.median(c for _, c in runs):.1f})")
PY
