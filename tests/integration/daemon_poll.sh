#!/usr/bin/env bash
# daemon_poll.sh CLAIMCHECK SOURCE_DIR: the long-running daemon's poller finds a change
# updated after it started (no webhook) and answers it within a few poll intervals, even
# when the forge lists it only seconds after the time it stamps (index lag, a slow
# clock); it queues the change once, not on every poll; changes updated before the
# window are left alone; the cursor is stored.
set -euo pipefail
bin=$1 src=$2
here=$(cd "$(dirname "$0")" && pwd)
source "$here/lib.sh"
source "$here/daemon/lib.sh"
work=$(mktemp -d)
pid=
trap '[[ -n $pid ]] && kill -9 $pid 2>/dev/null; rm -rf "$work"' EXIT
export FAKE_WEBHOOK_SECRET=s3cret

DAEMON_PORT=$(free_port) make_forge "$work" 3 0
set_updated() {  # set_updated CHANGE_INDEX SECONDS
    python3 - "$work/forge.json" "$1" "$2" <<'PY'
import json, sys
data = json.load(open(sys.argv[1]))
data["changes"][int(sys.argv[2])]["updated"] = int(sys.argv[3])
json.dump(data, open(sys.argv[1], "w"))
PY
}
for i in 0 1 2; do set_updated $i 0; done
"$bin" serve --config "$work/config.yaml" 2>"$work/log" &
pid=$!
sleep 2
[[ $(count_replies "$work") == 0 ]] || fail "changes outside the window were answered"
# Stamped 5 s ago, listed only now: polls have started since that time.
set_updated 1 "$(($(date +%s) - 5))"
for _ in $(seq 600); do
    [[ $(count_replies "$work") -ge 1 ]] && break
    sleep 0.1
done
echo "1002 1002-wrong" >"$work/expected.txt"
check_replies "$work"
sleep 2.5  # two more polls, which list the change again
queued=$(grep -c "fake: poll queued 1 changes" "$work/log" || true)
[[ $queued == 1 ]] || fail "the polls queued the change $queued times, expected once"
grep -q "fake: poll queued 0 changes" "$work/log" || fail "no poll after the change was queued"
[[ -n $(sqlite3 "$work/state.db" "SELECT value FROM cursors WHERE name = 'poll:fake'") ]] || fail "no cursor"
kill -TERM "$pid"
wait "$pid"
pid=
echo "ok: the poller answers a change updated after the start"
