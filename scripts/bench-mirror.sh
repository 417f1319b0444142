#!/usr/bin/env bash
# Mirror fetch benchmark: vcs::MirrorCache against the git CLI, side by side in one run,
# over smart HTTP (lighttpd + git http-backend on 127.0.0.1).
#
#   scripts/bench-mirror.sh [RUNS]     RUNS repetitions of each measurement (default 5)
#
# Generates a large repository once (COMMITS commits over FILES files, with
# git fast-import; kept in $BENCH_DIR, default /tmp/claimcheck-bench-mirror), packs it
# with a bitmap like a forge would, serves it, then measures:
#   (a) first clone: MirrorCache fetch of refs/heads/main into an empty cache, against
#       `git clone --mirror` into an empty directory;
#   (b) one new patch set: a new refs/changes/01/1/N (one commit on main) fetched into
#       the warm mirror, against `git fetch` of the same ref into the warm
#       `git clone --mirror` copy.
# Each side runs as its own process (the C++ side is the hidden "[.bench]" test of
# unit_tests), timed wall-clock by this script; the order alternates per run. Prints
# medians and the ratios. Needs a build: BUILD_DIR (default build-bench-mirror, made with
# cmake -DCMAKE_BUILD_TYPE=Release when missing; no sanitizers).
set -euo pipefail

here=$(cd "$(dirname "$0")/.." && pwd)
runs=${1:-5}
commits=${COMMITS:-30000}
files=${FILES:-20000}
bench=${BENCH_DIR:-/tmp/claimcheck-bench-mirror}
build=${BUILD_DIR:-$here/build-bench-mirror}

if [[ ! -x $build/tests/unit_tests ]]; then
    cmake -S "$here" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release -DCLAIMCHECK_TESTS=ON >/dev/null
    ninja -C "$build" unit_tests >/dev/null
fi
driver=$build/tests/unit_tests

export GIT_AUTHOR_NAME=bench GIT_AUTHOR_EMAIL=bench@example.invalid \
    GIT_COMMITTER_NAME=bench GIT_COMMITTER_EMAIL=bench@example.invalid

# ---- the repository ------------------------------------------------------------------
upstream=$bench/repos/big.git
if [[ ! -f $bench/repos/.done-$commits-$files ]]; then
    rm -rf "$bench/repos"
    mkdir -p "$bench/repos"
    git init -q --bare "$upstream"
    git -C "$upstream" symbolic-ref HEAD refs/heads/main
    start=$SECONDS
    # 100 directories; every commit edits two files and, until FILES exist, adds one.
    python3 - "$commits" "$files" <<'EOF' | git -C "$upstream" fast-import --quiet
import sys
commits, files = int(sys.argv[1]), int(sys.argv[2])
out = sys.stdout.buffer
def path(n):
    return b"src/d%02d/module_%05d.py" % (n % 100, n)
def body(n, version):
    lines = [b"# module %d, version %d" % (n, version), b"import os", b""]
    for f in range(6):
        lines.append(b"def function_%d_%d(a, b):" % (n, f))
        lines.append(b"    return a * %d + b - %d" % (f + version % 7, n))
        lines.append(b"")
    return b"\n".join(lines) + b"\n"
version = {}
for i in range(commits):
    touched = []
    if i < files:
        touched.append(i)
    for k in (i * 7919 % max(1, min(i + 1, files)), (i * 104729 + 13) % max(1, min(i + 1, files))):
        if k not in touched:
            touched.append(k)
    out.write(b"commit refs/heads/main\nmark :%d\n" % (i + 1))
    out.write(b"committer bench <bench@example.invalid> %d +0000\n" % (1600000000 + i * 60))
    message = b"commit %d\n" % i
    out.write(b"data %d\n%s" % (len(message), message))
    if i > 0:
        out.write(b"from :%d\n" % i)
    for n in touched:
        version[n] = version.get(n, 0) + 1
        data = body(n, version[n])
        out.write(b"M 100644 inline %s\ndata %d\n%s" % (path(n), len(data), data))
    out.write(b"\n")
EOF
    git -C "$upstream" repack -adq --write-bitmap-index
    git -C "$upstream" config http.uploadpack true
    touch "$bench/repos/.done-$commits-$files"
    echo "generated $commits commits, $files files in $((SECONDS - start)) s:" \
        "$(du -sh "$upstream/objects" | cut -f1) packed, $(git -C "$upstream" count-objects -v | awk '/in-pack/ {print $2}') objects"
fi
# Patch sets of an earlier run would be fetched already: start without any.
git -C "$upstream" for-each-ref --format='delete %(refname)' refs/changes | git -C "$upstream" update-ref --stdin
work=$bench/work
rm -rf "$work"
git clone -q "$upstream" "$work"

# ---- the server ----------------------------------------------------------------------
read -r port pid < <(LIFETIME=3600 bash "$here/tests/integration/mirror/serve.sh" http "$bench/repos" "$bench/http")
trap 'kill "$pid" 2>/dev/null || true' EXIT
url=http://127.0.0.1:$port/git/big.git

now_ms() { echo $(($(date +%s%N) / 1000000)); }
# time_ms CMD...: runs CMD (quietly, failing the benchmark when it fails), prints ms.
time_ms() {
    local start end
    start=$(now_ms)
    "$@" >"$bench/last.log" 2>&1 || { cat "$bench/last.log" >&2; echo "failed: $*" >&2; exit 1; }
    end=$(now_ms)
    echo $((end - start))
}
ours() {  # CACHE REF
    MIRROR_BENCH_URL=$url MIRROR_BENCH_CACHE=$1 MIRROR_BENCH_REF=$2 "$driver" "[.bench]"
}
median() { tr ' ' '\n' | sort -n | awk '{a[NR] = $1} END {print (NR % 2) ? a[(NR + 1) / 2] : int((a[NR / 2] + a[NR / 2 + 1]) / 2)}'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN {printf "%.2f", a / b}'; }

# ---- (a) first clone ---------------------------------------------------------------
clone_ours=() clone_git=()
for run in $(seq 1 "$runs"); do
    rm -rf "$bench/cache" "$bench/git-mirror.git"
    if ((run % 2)); then
        clone_ours+=("$(time_ms ours "$bench/cache" refs/heads/main)")
        clone_git+=("$(time_ms git clone -q --mirror "$url" "$bench/git-mirror.git")")
    else
        clone_git+=("$(time_ms git clone -q --mirror "$url" "$bench/git-mirror.git")")
        clone_ours+=("$(time_ms ours "$bench/cache" refs/heads/main)")
    fi
    echo "first clone, run $run: MirrorCache ${clone_ours[-1]} ms, git clone --mirror ${clone_git[-1]} ms"
done

# ---- (b) one new patch set -----------------------------------------------------------
ps_ours=() ps_git=()
for run in $(seq 1 "$runs"); do
    ref=refs/changes/01/1/$run
    git -C "$work" checkout -q --detach origin/main
    echo "patch set $run" >>"$work/src/d01/module_00001.py"
    git -C "$work" commit -qam "change 1, patch set $run"
    git -C "$work" push -q -f origin "HEAD:$ref"
    if ((run % 2)); then
        ps_ours+=("$(time_ms ours "$bench/cache" "$ref")")
        ps_git+=("$(time_ms git -C "$bench/git-mirror.git" fetch -q "$url" "+$ref:$ref")")
    else
        ps_git+=("$(time_ms git -C "$bench/git-mirror.git" fetch -q "$url" "+$ref:$ref")")
        ps_ours+=("$(time_ms ours "$bench/cache" "$ref")")
    fi
    echo "new patch set, run $run: MirrorCache ${ps_ours[-1]} ms, git fetch ${ps_git[-1]} ms"
done

co=$(echo "${clone_ours[*]}" | median) cg=$(echo "${clone_git[*]}" | median)
po=$(echo "${ps_ours[*]}" | median) pg=$(echo "${ps_git[*]}" | median)
echo
echo "| measurement (median of $runs) | MirrorCache (ms) | git (ms) | ratio | target |"
echo "| --- | --- | --- | --- | --- |"
echo "| first clone of refs/heads/main vs git clone --mirror | $co | $cg | $(ratio "$co" "$cg") | <= 1.5 |"
echo "| one new patch set into a warm mirror vs git fetch | $po | $pg | $(ratio "$po" "$pg") | <= 1.2 |"
