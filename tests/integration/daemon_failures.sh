#!/usr/bin/env bash
# daemon_failures.sh CLAIMCHECK SOURCE_DIR: a job that fails is retried with back-off a
# bounded number of times, then parked as failed, while the other jobs go on; a job
# that throws is caught, logged and retried like any failure; the daemon never exits
# because one change was odd.
set -euo pipefail
bin=$1 src=$2
here=$(cd "$(dirname "$0")" && pwd)
source "$here/lib.sh"
source "$here/daemon/lib.sh"
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
export FAKE_WEBHOOK_SECRET=s3cret

make_forge "$work" 3 0
# Change 1002's repository is missing: its job fails every time.
python3 - "$work" <<'PY'
import json, sys
path = f"{sys.argv[1]}/forge.json"
data = json.load(open(path))
data["changes"][1]["repo"] = "missing"
json.dump(data, open(path, "w"))
open(f"{sys.argv[1]}/expected.txt", "w").write("1001 1001-wrong\n1003 1003-wrong\n")
PY
db=$work/state.db
for attempt in 1 2 3; do
    expect 1 "jobs failed" "$bin" serve --config "$work/config.yaml" --once
    row=$(sqlite3 "$db" "SELECT state, attempts FROM jobs WHERE change_id = '1002'")
    if ((attempt < 3)); then
        [[ $row == "queued|$attempt" ]] || fail "attempt $attempt: job is '$row', expected queued|$attempt"
        # Waiting for its back-off (30 s, then 60 s); skip it.
        not_before=$(sqlite3 "$db" "SELECT not_before - strftime('%s', 'now') FROM jobs WHERE change_id = '1002'")
        ((not_before >= 25)) || fail "attempt $attempt: back-off of $not_before s, expected at least 30"
        sqlite3 "$db" "UPDATE jobs SET not_before = 0 WHERE change_id = '1002'"
    else
        [[ $row == "failed|3" ]] || fail "after 3 attempts: job is '$row', expected failed|3"
    fi
done
check_replies "$work"
echo "ok: a failing job is retried with back-off, parked after max_attempts, and the others go on"
# The parked job stays in the queue as failed, for the operator to look at.
[[ $(sqlite3 "$db" "SELECT COUNT(*) FROM jobs WHERE state = 'failed'") == 1 ]] || fail "parked jobs"

# A job that throws (here the fake forge's JSON has a string where a number belongs).
throw=$work/throw; mkdir "$throw"
make_forge "$throw" 1 0
python3 - "$throw/forge.json" <<'PY'
import json, sys
data = json.load(open(sys.argv[1]))
data["changes"][0]["updated"] = "yesterday"
json.dump(data, open(sys.argv[1], "w"))
PY
expect 1 "internal error" "$bin" serve --config "$throw/config.yaml" --once --change fake:1001
row=$(sqlite3 "$throw/state.db" "SELECT state, attempts FROM jobs")
[[ $row == "queued|1" ]] || fail "the throwing job is '$row', expected queued|1"
# The sweep over the same forge fails to list, and says so, without crashing.
expect 0 "internal error" "$bin" serve --config "$throw/config.yaml" --once
echo "ok: a job that throws is caught, logged and retried later"
