# Helpers for the daemon's integration tests (sourced after ../lib.sh). A fake forge
# (type file) over the bundled example repository: N changes, each with comments whose
# claims are right or wrong, plus comments the bot must never answer.

# make_forge DIR CHANGES DELAY_MS: DIR/repo (opened in place, or with FORGE_FETCH=1 fetched
# into the mirror cache DIR/cache), DIR/forge.json and DIR/config.yaml (state
# in DIR/state.db, replies in DIR/replies.jsonl, listen on $DAEMON_PORT or 0), and
# DIR/expected.txt, the "change comment" pairs that must get exactly one reply each.
make_forge() {
    local dir=$1 changes=$2 delay=$3
    "$src/examples/make-example.sh" "$dir" >/dev/null
    python3 - "$dir" "$changes" "$delay" <<'PY'
import json, os, sys
dir, count, delay = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
changes, expected = [], []
for n in range(1, count + 1):
    cid = str(1000 + n)
    comments = [
        # Wrong: parse_config takes three arguments.
        {"id": f"{cid}-wrong", "author": "llm-reviewer", "body": "`parse_config` takes four arguments, which is too many."},
        # Right: nothing to say.
        {"id": f"{cid}-right", "author": "llm-reviewer", "body": "`parse_config` takes three arguments."},
        # Wrong, but written by the bot itself: never answered.
        {"id": f"{cid}-own", "author": "claimcheck-bot", "body": "`parse_config` takes four arguments."},
        # Wrong, but on an older patch set: not checked at this one.
        {"id": f"{cid}-old", "author": "llm-reviewer", "patchset": "1", "body": "`parse_config` takes four arguments."},
        # Wrong, but carrying a reply marker: a reply, never answered.
        {"id": f"{cid}-marked", "author": "someone", "body": "`parse_config` takes four arguments.\n<!-- claimcheck:rules=1 comment=x -->"},
    ]
    change = {"id": cid, "patchset": "2", "project": "demo", "head": "head", "base": "base",
              "updated": 4102444800, "comments": comments}
    # FORGE_FETCH=1: the change is fetched through the mirror cache, not opened in place.
    change["url" if os.environ.get("FORGE_FETCH") == "1" else "repo"] = "repo"
    changes.append(change)
    expected.append(f"{cid} {cid}-wrong")
json.dump({"post_delay_ms": delay, "changes": changes}, open(f"{dir}/forge.json", "w"), indent=1)
open(f"{dir}/expected.txt", "w").write("\n".join(expected) + "\n")
PY
    cat >"$dir/config.yaml" <<YAML
state:
  sqlite: $dir/state.db
cache_dir: $dir/cache
listen: 127.0.0.1:${DAEMON_PORT:-0}
forges:
  - name: fake
    type: file
    url: $dir/forge.json
    replies_file: $dir/replies.jsonl
    bot_account: claimcheck-bot
    webhook_secret: \${FAKE_WEBHOOK_SECRET}
workers: ${DAEMON_WORKERS:-4}
poll_interval: 1s
sweep_interval: 1h
max_attempts: 3
YAML
}

# check_replies DIR: every expected pair has exactly one reply, quoting the false claim
# with the marker; nothing else was answered.
check_replies() {
    python3 - "$1" <<'PY'
import collections, json, sys
dir = sys.argv[1]
expected = set(open(f"{dir}/expected.txt").read().split("\n")) - {""}
replies = collections.Counter()
problems = []
try:
    lines = open(f"{dir}/replies.jsonl").read().splitlines()
except FileNotFoundError:
    lines = []
for line in lines:
    r = json.loads(line)
    replies[f"{r['change']} {r['comment']}"] += 1
    if "takes four arguments" not in r["body"] or f"comment={r['comment']} -->" not in r["body"]:
        problems.append(f"reply to {r['comment']} lacks the quote or the marker: {r['body']!r}")
for key in sorted(expected):
    if replies[key] != 1:
        problems.append(f"{key}: {replies[key]} replies, expected 1")
for key in sorted(set(replies) - expected):
    problems.append(f"{key}: answered, expected no reply")
if problems:
    print("\n".join(problems[:20]))
    sys.exit(1)
print(f"ok: {len(expected)} replies, each exactly once")
PY
}

# free_port: a TCP port free on 127.0.0.1 right now.
free_port() {
    python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# wait_http URL: waits up to 60 s for URL to answer.
wait_http() {
    for _ in $(seq 600); do
        curl -fs -o /dev/null "$1" && return 0
        sleep 0.1
    done
    fail "no answer from $1"
}

# count_replies DIR: the replies posted so far.
count_replies() {
    if [[ -f $1/replies.jsonl ]]; then wc -l <"$1/replies.jsonl"; else echo 0; fi
}

# wait_quiet LOG DB: waits up to 60 s until the daemon logging to LOG has run its
# start-up sweep (the line "<forge>: sweep queued N changes") and the state store DB has
# no job waiting or running, so that what a test does next is the only work.
wait_quiet() {
    local deadline=$((SECONDS + 60))
    until grep -q ": sweep queued " "$1" 2>/dev/null &&
        [[ $(sqlite3 "$2" "SELECT COUNT(*) FROM jobs WHERE state IN ('queued', 'running')") == 0 ]]; do
        ((SECONDS < deadline)) || fail "the daemon did not settle after its start-up sweep (log: $1)"
        sleep 0.05
    done
}
