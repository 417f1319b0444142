#!/usr/bin/env bash
# regenerate.sh [CLAIMCHECK]: rewrites tests/golden/cases/*/expected.json from what
# CLAIMCHECK (default: build/claimcheck) says now. Review the diff (git diff tests/golden)
# before committing: every changed verdict should be one you meant.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
bin=${1:-$here/../../build/claimcheck}
[[ -x $bin ]] || { echo "no claimcheck binary at $bin (build first, or pass its path)" >&2; exit 2; }
for case_dir in "$here"/cases/*/; do
    name=$(basename "$case_dir")
    "$here/run-case.sh" "$bin" "$case_dir" >"$case_dir/expected.json"
    echo "regenerated $name"
done
git -C "$here" diff --stat -- . || true
