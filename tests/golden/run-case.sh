#!/usr/bin/env bash
# run-case.sh CLAIMCHECK CASE_DIR: builds the case's repository (scripts/make-repo.sh) and
# prints `claimcheck check --format json` on its comments.json, indented for reviewable
# diffs. Commit ids are stable: make-repo.sh fixes identity and dates.
set -euo pipefail
bin=$1 case_dir=$2
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
"$here/../../scripts/make-repo.sh" "$case_dir" "$work/repo" >/dev/null
"$bin" check --repo "$work/repo" --base base --head head --comments "$case_dir/comments.json" --format json \
    >"$work/out.json"
python3 -c 'import json, sys; print(json.dumps(json.load(open(sys.argv[1])), indent=2, ensure_ascii=False))' \
    "$work/out.json"
