#!/usr/bin/env bash
# bench.sh CLAIMCHECK SOURCE_DIR [RATE] [SECONDS]: webhook-to-reply latency of the daemon
# against the loopback fake file forge with a warm mirror, at RATE events a second
# (default 50) for SECONDS (default 10), each event a different change with one false
# claim; and the daemon's resident memory idle and under that load. Prints one summary
# line, e.g. "events 500 rate 50/s latency p50 85 ms p99 240 ms rss idle 12 MB peak 40 MB".
set -euo pipefail
bin=$1 src=$2 rate=${3:-50} seconds=${4:-10}
here=$(cd "$(dirname "$0")" && pwd)
source "$here/../lib.sh"
source "$here/lib.sh"
work=$(mktemp -d)
pid=
trap '[[ -n $pid ]] && kill -9 $pid 2>/dev/null; rm -rf "$work"' EXIT
export FAKE_WEBHOOK_SECRET=s3cret
events=$((rate * seconds))

# All changes out of the sweep window, so that only webhooks queue work; fetched through
# the mirror cache, which one change warms up first.
DAEMON_PORT=$(free_port) FORGE_FETCH=${FORGE_FETCH:-1} make_forge "$work" $((events + 1)) 0
python3 - "$work/forge.json" <<'PY'
import json, sys
data = json.load(open(sys.argv[1]))
for c in data["changes"]:
    c["updated"] = 0
json.dump(data, open(sys.argv[1], "w"))
PY
sed -i 's/^log:.*//; $a log: {format: text, level: warn}' "$work/config.yaml"
port=$(sed -n 's/^listen: 127.0.0.1://p' "$work/config.yaml")
"$bin" serve --config "$work/config.yaml" 2>"$work/log" &
pid=$!
wait_http "http://127.0.0.1:$port/healthz"
curl -fs -o /dev/null -H 'X-Claimcheck-Secret: s3cret' -d '{"change": "1001"}' "http://127.0.0.1:$port/hooks/fake"
for _ in $(seq 100); do [[ $(count_replies "$work") -ge 1 ]] && break; sleep 0.1; done
sleep 1
rss_idle=$(awk '/VmRSS/ {print int($2 / 1024)}' /proc/$pid/status)

python3 - "$work/replies.jsonl" "$port" "$rate" "$events" "$pid" "$rss_idle" <<'PY'
import json, os, sys, threading, time, urllib.request
replies, port, rate, events, pid, rss_idle = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]), sys.argv[5], sys.argv[6]
sent, seen, peak = {}, {}, [0]

def rss():
    for line in open(f"/proc/{pid}/status"):
        if line.startswith("VmRSS"):
            return int(line.split()[1]) // 1024
    return 0

def send():
    start = time.monotonic()
    for i in range(events):
        change = str(1002 + i)
        delay = start + i / rate - time.monotonic()
        if delay > 0:
            time.sleep(delay)
        request = urllib.request.Request(f"http://127.0.0.1:{port}/hooks/fake", data=json.dumps({"change": change}).encode(),
                                         headers={"X-Claimcheck-Secret": "s3cret", "Content-Type": "application/json"})
        sent[change] = time.monotonic()
        urllib.request.urlopen(request).read()

sender = threading.Thread(target=send)
sender.start()
offset = 0
deadline = time.monotonic() + events / rate + 60
with open(replies) as f:
    while len(seen) < events and time.monotonic() < deadline:
        line = f.readline()
        if not line or not line.endswith("\n"):
            if line:
                f.seek(f.tell() - len(line))
            peak[0] = max(peak[0], rss())
            time.sleep(0.002)
            continue
        change = json.loads(line)["change"]
        if change in sent and change not in seen:
            seen[change] = time.monotonic() - sent[change]
sender.join()
latencies = sorted(seen.values())
if len(latencies) < events:
    print(f"only {len(latencies)} of {events} replies arrived", file=sys.stderr)
    sys.exit(1)
p = lambda q: latencies[min(len(latencies) - 1, int(q * len(latencies)))] * 1000
print(f"events {events} rate {rate}/s latency p50 {p(0.5):.0f} ms p99 {p(0.99):.0f} ms max {latencies[-1] * 1000:.0f} ms "
      f"rss idle {rss_idle} MB peak {peak[0]} MB")
PY
