#!/usr/bin/env bash
# corpus_nova.sh CLAIMCHECK SOURCE_DIR: the bot runs on the shared corpus without
# failing: the nova case gives well-formed JSON, and every dev case runs (exit 0 with JSON
# output). The corpus lives beside the repository and is never copied into it; without
# it the test is skipped (exit 77).
set -euo pipefail
bin=$1 src=$2
shared=$src/../shared
if [[ ! -d $shared/corpus/dev || ! -x $shared/eval/make-repo ]]; then
    echo "SKIP: ../shared not found"
    exit 77
fi
here=$(cd "$(dirname "$0")" && pwd)
source "$here/lib.sh"
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT

case_dir=$shared/corpus/dev/nova-1825537
"$shared/eval/make-repo" "$case_dir" "$work/nova" >/dev/null
"$bin" check --repo "$work/nova" --base base --head head --comments "$case_dir/case.json" --format json \
    >"$work/nova.json" || fail "check failed on nova-1825537"
python3 -c 'import json, sys; d = json.load(open(sys.argv[1])); assert "findings" in d, "no findings key"' \
    "$work/nova.json" || fail "nova-1825537: output is not JSON with a findings key"
echo "ok: nova-1825537 gives JSON with findings"

"$shared/eval/run-corpus" "$bin" "$shared/corpus/dev" "$work/out" >"$work/run-corpus.log" 2>&1 || true
cat "$work/run-corpus.log"
grep -q "bot failures: 0" "$work/run-corpus.log" || fail "run-corpus reported bot failures (or did not run)"
echo "PASS"
