#!/usr/bin/env bash
# check_url.sh BIN SRC: `claimcheck check --repo URL --head REF` fetches the change into a
# mirror and checks it; a second run reuses the mirror; a missing ref is bad input (2)
# naming the ref. The remote is `git daemon` on loopback, started and stopped here.
set -euo pipefail
bin=$1 src=$2
command -v git >/dev/null || { echo "SKIP: git not found"; exit 77; }
work=$(mktemp -d)
daemon_pid=
cleanup() { [[ -n $daemon_pid ]] && kill "$daemon_pid" 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT

# A change with a false claim: `total` takes two parameters, not three.
mkdir -p "$work/base" "$work/head"
printf 'def total(a, b):\n    return a + b\n' >"$work/base/calc.py"
printf 'def total(a, b):\n    """Sum."""\n    return a + b\n' >"$work/head/calc.py"
bash "$src/scripts/make-repo.sh" "$work" "$work/remote" >/dev/null
git -C "$work/remote" update-ref refs/changes/01/1/1 head
cat >"$work/comments.json" <<'JSON'
[{"id": "c1", "author": "bot", "path": null, "line": null,
  "body": "The function `total` takes three arguments."}]
JSON

port=$((20000 + RANDOM % 20000))
git daemon --export-all --base-path="$work" --listen=127.0.0.1 --port="$port" --reuseaddr "$work" \
    >"$work/daemon.log" 2>&1 &
daemon_pid=$!
for _ in $(seq 300); do
    git ls-remote "git://127.0.0.1:$port/remote" >/dev/null 2>&1 && break
    sleep 0.1
done

url="git://127.0.0.1:$port/remote"
for run in first second; do
    out=$("$bin" check --repo "$url" --head refs/changes/01/1/1 --comments "$work/comments.json" \
        --cache-dir "$work/cache" --format json)
    python3 - "$out" <<'PY' || { echo "FAIL ($run run): $out"; exit 1; }
import json, sys
findings = json.loads(sys.argv[1])["findings"]
assert any(f["kind"] == "arity" and f["verdict"] == "inaccurate" for f in findings), findings
PY
    echo "ok: $run run flags the arity claim"
done
[[ $(ls "$work/cache" | grep -c '\.git$') -eq 1 ]] || { echo "FAIL: expected one mirror in the cache"; exit 1; }

set +e
err=$("$bin" check --repo "$url" --head refs/changes/01/1/7 --comments "$work/comments.json" \
    --cache-dir "$work/cache" 2>&1 >/dev/null)
rc=$?
set -e
[[ $rc -eq 2 && $err == *refs/changes/01/1/7* ]] || { echo "FAIL: missing ref gave $rc: $err"; exit 1; }
echo "ok: a missing ref is bad input naming it"
echo "PASS"
