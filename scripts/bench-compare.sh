#!/usr/bin/env bash
# bench-compare.sh BIN... : times the nova-1825537 check with each claimcheck binary,
# interleaved (ROUNDS rounds, default 10; each round runs every binary in turn), so that
# a machine whose speed drifts treats them alike. Per binary: one-off `check` processes
# (3 a round: wall, and CPU from wait4) and, when the binary has `--cold`, checks inside
# one process with no facts kept (`--repeat 6 --cold`, runs 2-6: the daemon's cost for a
# new patch set). Needs ../shared/corpus.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
shared=$root/../shared
[[ $# -ge 1 ]] || { echo "usage: bench-compare.sh BIN..." >&2; exit 2; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
"$shared/eval/make-repo" "$shared/corpus/dev/nova-1825537" "$work/repo" >/dev/null
python3 - "$work/repo" "$shared/corpus/dev/nova-1825537/case.json" "${ROUNDS:-10}" "$@" <<'PY'
import os, re, statistics, subprocess, sys, time
repo, comments, rounds, bins = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4:]
args = ["check", "--repo", repo, "--base", "base", "--head", "head", "--comments", comments, "--format", "json"]
cold = {b: "--cold" in subprocess.run([b, "check", "--help"], capture_output=True, text=True).stdout for b in bins}
wall, cpu, inproc = ({b: [] for b in bins} for _ in range(3))
for _ in range(rounds):
    for b in bins:
        if cold[b]:
            p = subprocess.run([b, *args, "--repeat", "6", "--cold"], capture_output=True, text=True)
            for line in p.stderr.splitlines():
                m = re.match(r"run (\d+): wall ([\d.]+) ms", line)
                if m and int(m.group(1)) > 1:
                    inproc[b].append(float(m.group(2)))
        for _ in range(3):
            start = time.monotonic_ns()
            q = subprocess.Popen([b, *args], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            _, _, usage = os.wait4(q.pid, 0)
            wall[b].append((time.monotonic_ns() - start) / 1e6)
            cpu[b].append((usage.ru_utime + usage.ru_stime) * 1000)
for b in bins:
    line = (f"{b}: one-off wall median {statistics.median(wall[b]):.1f} ms (min {min(wall[b]):.1f}), "
            f"CPU median {statistics.median(cpu[b]):.1f} ms")
    if inproc[b]:
        line += f"; in process, new patch set, wall median {statistics.median(inproc[b]):.1f} ms (min {min(inproc[b]):.1f})"
    print(line)
PY
