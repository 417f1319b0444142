#!/usr/bin/env bash
# daemon_kill.sh CLAIMCHECK SOURCE_DIR: `serve --once` killed with SIGKILL at random
# moments during a sweep, 20 times, then run to the end: every expected reply is posted
# exactly once (the ledger, the lease recovery and the marker check between them).
set -euo pipefail
bin=$1 src=$2
here=$(cd "$(dirname "$0")" && pwd)
source "$here/lib.sh"
source "$here/daemon/lib.sh"
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
export FAKE_WEBHOOK_SECRET=s3cret

# 40 changes of 5 comments, each post taking 40 ms: a full run takes about half a second.
make_forge "$work" 40 40
started=$SECONDS
for round in $(seq 20); do
    "$bin" serve --config "$work/config.yaml" --once 2>>"$work/log" &
    pid=$!
    sleep "0.$(printf '%03d' $((RANDOM % 500)))"
    kill -9 "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
    if ((SECONDS - started > 45)); then
        echo "stopping the kills after $round rounds (time bound)"
        break
    fi
done
echo "ok: $(count_replies "$work") replies posted under kills"
expect 0 "" "$bin" serve --config "$work/config.yaml" --once
check_replies "$work"
