#!/usr/bin/env bash
# daemon_http.sh CLAIMCHECK SOURCE_DIR: the long-running daemon's HTTP side. /healthz and
# /readyz answer 200; a webhook with a bad or missing secret is 401 and queues nothing;
# a body over max_body_bytes is 413; a good webhook queues the change and its reply is
# posted; /metrics counts it; SIGTERM stops the daemon with exit 0.
set -euo pipefail
bin=$1 src=$2
here=$(cd "$(dirname "$0")" && pwd)
source "$here/lib.sh"
source "$here/daemon/lib.sh"
work=$(mktemp -d)
pid=
trap '[[ -n $pid ]] && kill -9 $pid 2>/dev/null; rm -rf "$work"' EXIT
export FAKE_WEBHOOK_SECRET=s3cret

DAEMON_PORT=$(free_port) make_forge "$work" 2 0
# The sweep at start would find every change: move them out of the window, so that only
# webhooks queue work.
python3 - "$work/forge.json" <<'PY'
import json, sys
data = json.load(open(sys.argv[1]))
for c in data["changes"]:
    c["updated"] = 0
json.dump(data, open(sys.argv[1], "w"))
PY
port=$(sed -n 's/^listen: 127.0.0.1://p' "$work/config.yaml")
base=http://127.0.0.1:$port
"$bin" serve --config "$work/config.yaml" 2>"$work/log" &
pid=$!
wait_http "$base/healthz"
[[ $(curl -s -o /dev/null -w '%{http_code}' "$base/healthz") == 200 ]] || fail "/healthz"
[[ $(curl -s -o /dev/null -w '%{http_code}' "$base/readyz") == 200 ]] || fail "/readyz"
echo "ok: /healthz and /readyz answer 200"

hook() { curl -s -o /dev/null -w '%{http_code}' -X POST -H 'Content-Type: application/json' "$@"; }
[[ $(hook -d '{"change": "1001"}' "$base/hooks/fake") == 401 ]] || fail "no secret: expected 401"
[[ $(hook -H 'X-Claimcheck-Secret: wrong' -d '{"change": "1001"}' "$base/hooks/fake") == 401 ]] ||
    fail "bad secret: expected 401"
[[ $(hook -d '{"change": "1001"}' "$base/hooks/fake?secret=wrong") == 401 ]] || fail "bad URL secret: expected 401"
[[ $(hook -H 'X-Claimcheck-Secret: s3cret' -d '{"change": "1001"}' "$base/hooks/nope") == 404 ]] ||
    fail "unknown forge: expected 404"
head -c 2000000 /dev/zero | tr '\0' 'x' >"$work/big"
[[ $(hook -H 'X-Claimcheck-Secret: s3cret' --data-binary @"$work/big" "$base/hooks/fake") == 413 ]] ||
    fail "big body: expected 413"
[[ $(hook -H 'X-Claimcheck-Secret: s3cret' -d 'not json' "$base/hooks/fake") == 400 ]] || fail "bad body: 400"
sleep 1
queued=$(sqlite3 "$work/state.db" 'SELECT COUNT(*) FROM jobs')
[[ $queued == 0 && ! -s $work/replies.jsonl ]] || fail "a refused webhook queued or posted something"
echo "ok: refused webhooks (401, 404, 413, 400) queue nothing"

[[ $(hook -H 'X-Claimcheck-Secret: s3cret' -H 'X-Claimcheck-Delivery: d1' -d '{"change": "1001"}' \
    "$base/hooks/fake") == 202 ]] || fail "good webhook: expected 202"
[[ $(hook -d '{"change": "1002"}' "$base/hooks/fake?secret=s3cret") == 202 ]] || fail "URL secret: expected 202"
for _ in $(seq 600); do
    [[ $(count_replies "$work") -ge 2 ]] && break
    sleep 0.1
done
check_replies "$work"
# A redelivery queues nothing new (and would post nothing anyway).
[[ $(hook -H 'X-Claimcheck-Secret: s3cret' -H 'X-Claimcheck-Delivery: d1' -d '{"change": "1001"}' \
    "$base/hooks/fake") == 202 ]] || fail "redelivery: expected 202"
echo "ok: webhooks queue their change and the reply is posted"

metrics=$(curl -fs "$base/metrics")
grep -q 'claimcheck_jobs_total{outcome="succeeded"} 2' <<<"$metrics" || fail "metrics: $metrics"
grep -q 'claimcheck_replies_total{forge="fake",result="posted"} 2' <<<"$metrics" || fail "metrics: replies"
grep -q 'claimcheck_webhooks_total{forge="fake",status="401"} 3' <<<"$metrics" || fail "metrics: 401s"
grep -q 'claimcheck_claims_total{kind="arity",verdict="inaccurate"}' <<<"$metrics" || fail "metrics: claims"
grep -q 'claimcheck_job_seconds_count' <<<"$metrics" || fail "metrics: latency"
echo "ok: /metrics"

kill -TERM "$pid"
rc=0; wait "$pid" || rc=$?
pid=
[[ $rc == 0 ]] || { cat "$work/log"; fail "SIGTERM: exit $rc"; }
grep -q "stopping" "$work/log" || fail "no shutdown log"
echo "ok: SIGTERM stops the daemon with exit 0"
