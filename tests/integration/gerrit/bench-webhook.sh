#!/usr/bin/env bash
# bench-webhook.sh CLAIMCHECK FAKE_GERRIT [N]: how long a comment-added webhook takes to
# become a reply on Gerrit. A long-running `claimcheck serve` against the fake Gerrit
# (the Nova change, fetched over git smart HTTP into a warm mirror); N times (default
# 20): a new change message with a false claim, its comment-added event, and the time
# from sending the event to the reply being on the fake. Prints each time, then the
# median, the 95th percentile and the maximum. Figures go in BENCHMARKS.md.
set -euo pipefail
bin=$(realpath "$1") fake=$(realpath "$2") rounds=${3:-20}
here=$(cd "$(dirname "$0")" && pwd)
src=$(cd "$here/../../.." && pwd)
source "$here/../lib.sh"
source "$here/../daemon/lib.sh"
source "$here/lib.sh"

start_fake bench
listen=$(free_port)
write_config "$work/bench" "$fake_port" "$listen"
# Answer the five seed reviews first, so that each round has one new message only.
"$bin" serve --config "$work/bench/config.yaml" --once 2>/dev/null
"$bin" serve --config "$work/bench/config.yaml" 2>"$work/bench/log" &
pids+=($!)
wait_http "http://127.0.0.1:$listen/healthz"
hooks="http://127.0.0.1:$listen/hooks/gerrit?secret=$GERRIT_WEBHOOK_SECRET"
: >"$work/times"
for round in $(seq "$rounds"); do
    text="Round $round: the helper \`_resize_and_assert_error\` takes four arguments."
    id=$(add_message "$fake_port" "$text")
    event=$(comment_added_event "$text")
    start=$(date +%s.%N)
    curl -fs -o /dev/null -X POST -H 'Content-Type: application/json' -d "$event" "$hooks"
    wait_reply "$fake_port" "$id" 30 || { cat "$work/bench/log"; fail "round $round: no reply within 30 s"; }
    python3 -c "import sys; print(f'{float(sys.argv[2]) - float(sys.argv[1]):.3f}')" "$start" \
        "$(date +%s.%N)" | tee -a "$work/times"
done
python3 - "$work/times" <<'PY'
import statistics, sys
times = sorted(float(line) for line in open(sys.argv[1]))
p95 = times[min(len(times) - 1, round(0.95 * (len(times) - 1)))]
print(f"webhook to reply over {len(times)} rounds: median {statistics.median(times):.3f} s, "
      f"p95 {p95:.3f} s, max {times[-1]:.3f} s")
PY
