#!/usr/bin/env bash
# daemon_sigterm.sh CLAIMCHECK SOURCE_DIR: SIGTERM in the middle of a sweep loses no
# job: the daemon exits 0 after its running jobs, the rest stays queued, and the next
# run posts every remaining reply, each exactly once.
set -euo pipefail
bin=$1 src=$2
here=$(cd "$(dirname "$0")" && pwd)
source "$here/lib.sh"
source "$here/daemon/lib.sh"
work=$(mktemp -d)
pid=
trap '[[ -n $pid ]] && kill -9 $pid 2>/dev/null; rm -rf "$work"' EXIT
export FAKE_WEBHOOK_SECRET=s3cret

DAEMON_PORT=$(free_port) DAEMON_WORKERS=2 make_forge "$work" 30 50
"$bin" serve --config "$work/config.yaml" 2>"$work/log" &
pid=$!
for _ in $(seq 400); do
    [[ $(count_replies "$work") -ge 3 ]] && break
    sleep 0.05
done
kill -TERM "$pid"
rc=0; wait "$pid" || rc=$?
pid=
[[ $rc == 0 ]] || { cat "$work/log"; fail "SIGTERM: exit $rc"; }
posted=$(wc -l <"$work/replies.jsonl")
left=$(sqlite3 "$work/state.db" "SELECT COUNT(*) FROM jobs WHERE state = 'queued'")
running=$(sqlite3 "$work/state.db" "SELECT COUNT(*) FROM jobs WHERE state <> 'queued'")
echo "after SIGTERM: $posted replies posted, $left jobs queued, $running other"
((posted < 30 && left > 0)) || fail "SIGTERM came too late to test anything"
[[ $running == 0 ]] || fail "SIGTERM left jobs running or failed"
expect 0 "" "$bin" serve --config "$work/config.yaml" --once
check_replies "$work"
