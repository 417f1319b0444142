#!/usr/bin/env bash
# golden.sh CLAIMCHECK: each case under cases/ must give exactly its expected.json.
# On a difference, prints the diff (expected -> actual) and fails; run regenerate.sh and
# review the diff when a change is intended. Cases without expected.json are reported;
# when no case has one yet the test is skipped (exit 77).
set -uo pipefail
bin=$1
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
failed=0 compared=0
for case_dir in "$here"/cases/*/; do
    name=$(basename "$case_dir")
    if [[ ! -f $case_dir/expected.json ]]; then
        echo "MISSING: $name has no expected.json (run tests/golden/regenerate.sh)"
        continue
    fi
    compared=$((compared + 1))
    if ! "$here/run-case.sh" "$bin" "$case_dir" >"$work/$name.json"; then
        echo "FAIL: $name: claimcheck failed"
        failed=$((failed + 1))
        continue
    fi
    if diff -u --label "$name/expected.json" --label "$name/actual" "$case_dir/expected.json" "$work/$name.json"; then
        echo "ok: $name"
    else
        echo "FAIL: $name differs from expected.json (diff above)"
        failed=$((failed + 1))
    fi
done
if [[ $compared -eq 0 ]]; then
    echo "SKIP: no golden case has an expected.json yet"
    exit 77
fi
[[ $failed -eq 0 ]] && echo "PASS: $compared cases" || echo "FAILED: $failed of $compared cases"
exit $((failed > 0))
