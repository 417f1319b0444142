#!/usr/bin/env bash
# cli_bad_input.sh CLAIMCHECK: bad input gives exit 2 and names the input; odd but valid
# input (binary files, unknown languages, comments that are not UTF-8) gives exit 0 and
# says what was skipped.
set -euo pipefail
bin=$1
here=$(cd "$(dirname "$0")" && pwd)
source "$here/lib.sh"
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT

repo=$work/repo
mkdir -p "$repo"
testgit -C "$repo" init -q
printf 'def add(a, b):\n    return a + b\n' >"$repo/calc.py"
testgit -C "$repo" add -A && testgit -C "$repo" commit -qm base
printf 'def add(a, b, c):\n    return a + b + c\n' >"$repo/calc.py"
printf 'PNG\0\1\2\3binary\0data' >"$repo/logo.bin"
printf 'some text in no known language\n' >"$repo/notes.xyz"
testgit -C "$repo" add -A && testgit -C "$repo" commit -qm head

good=$work/comments.json
printf '[{"id": "c1", "author": "llm", "path": "calc.py", "line": 1, "body": "`add` takes two arguments."}]\n' >"$good"
run() { "$bin" check --repo "$repo" --head HEAD "$@"; }

echo "# help and version"
expect 0 "Usage:" "$bin" --help
expect 0 "--comments" "$bin" check --help
expect 0 "" "$bin" --version
expect 0 "--once" "$bin" serve --help
expect 0 "--config" "$bin" -v serve --help

echo "# claimcheck runs every command but check through claimcheck-daemon, next to it"
[[ -x $(dirname "$bin")/claimcheck-daemon ]] || fail "no claimcheck-daemon next to $bin"
mkdir -p "$work/alone"
cp "$bin" "$work/alone/claimcheck"
expect 1 "cannot run $work/alone/claimcheck-daemon" "$work/alone/claimcheck" serve --help
expect 0 "--comments" "$work/alone/claimcheck" check --help

echo "# command-line mistakes"
expect 2 "claimcheck: error: --repo is required" "$bin" check --head HEAD --comments "$good"
expect 2 "claimcheck: error:" "$bin" check --repo "$repo" --head HEAD --comments "$good" --format xml
expect 2 "--repeat" "$bin" check --repo "$repo" --head HEAD --comments "$good" --repeat 0
expect 0 "run 2: wall" "$bin" check --repo "$repo" --head HEAD --comments "$good" --repeat 2
expect 0 "run 3: wall" "$bin" check --repo "$repo" --head HEAD --comments "$good" --repeat 3 --cold
expect 2 "" "$bin"

echo "# bad repository and revisions"
expect 2 "claimcheck: error: --repo" "$bin" check --repo "$work/no-such-repo" --head HEAD --comments "$good"
expect 2 "no-such-repo" "$bin" check --repo "$work/no-such-repo" --head HEAD --comments "$good"
expect 2 "claimcheck: error: --head no-such-rev: unknown revision" "$bin" check --repo "$repo" --head no-such-rev --comments "$good"
expect 2 "claimcheck: error: --base no-such-rev: unknown revision" run --comments "$good" --base no-such-rev
expect 2 "has no parent" "$bin" check --repo "$repo" --head HEAD~1 --comments "$good"

echo "# bad comments files"
expect 2 "claimcheck: error: $work/missing.json: cannot read" run --comments "$work/missing.json"
printf 'this is not json' >"$work/not-json.json"
expect 2 "claimcheck: error: $work/not-json.json: not valid JSON" run --comments "$work/not-json.json"
printf '[{"id": "c1", "path": null, "line": null}]' >"$work/no-body.json"
expect 2 "no-body.json: comment 0: missing field 'body'" run --comments "$work/no-body.json"
printf '[{"id": "c1", "body": "x", "line": "12"}]' >"$work/bad-line.json"
expect 2 "bad-line.json: comment 0: field 'line' must be null or an integer" run --comments "$work/bad-line.json"
printf '{"comments": {"id": "c1"}}' >"$work/not-list.json"
expect 2 "not-list.json: expected a list of comments" run --comments "$work/not-list.json"

echo "# odd but valid input"
expect 0 "logo.bin: binary file" run --comments "$good"
expect 0 "notes.xyz" run --comments "$good"
expect 0 '"skipped":[' run --comments "$good" --format json
expect 0 "logo.bin: binary file" run --comments "$good" --format json
expect 0 "notes.xyz" run --comments "$good" --format json
expect 0 "1 comment, " run --comments "$good"
run --comments "$good" --format json | python3 -c 'import json, sys; d = json.load(sys.stdin); assert "findings" in d, d'
echo "ok: JSON output parses"

printf '[{"id": "ok", "body": "fine"}, {"id": "latin1", "body": "caf\xe9: `add` takes two arguments"}]' >"$work/latin1.json"
expect 0 "comment latin1: body is not valid UTF-8; skipped" run --comments "$work/latin1.json"
expect 0 "comment latin1: body is not valid UTF-8; skipped" run --comments "$work/latin1.json" --format json
run --comments "$work/latin1.json" --format json | python3 -c 'import json, sys; json.load(sys.stdin)'
echo "ok: JSON output with a non-UTF-8 comment parses"

echo "PASS"
