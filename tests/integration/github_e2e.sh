#!/usr/bin/env bash
# github_e2e.sh CLAIMCHECK SOURCE_DIR FAKE_GITHUB: the daemon against the fake GitHub, with
# the pull request's git refs served by lighttpd + git http-backend (mirror/serve.sh).
# A pull request whose comments hold right and wrong claims gets replies to the wrong
# ones only, in the right threads; a second sweep posts nothing; a signed webhook queues
# its change (202) and the reply is posted; the same delivery again posts nothing; a bad
# or missing signature is 401 with nothing queued; a 429 with retry-after on the post is
# waited out and the reply posted exactly once.
set -euo pipefail
bin=$1 src=$2 fake=$3
here=$(cd "$(dirname "$0")" && pwd)
source "$here/lib.sh"
source "$here/daemon/lib.sh"
command -v sqlite3 >/dev/null || { echo "skipped: no sqlite3"; exit 77; }
work=$(mktemp -d)
fake_pid= git_pid= pid=
trap '[[ -n $pid ]] && kill -9 $pid 2>/dev/null; [[ -n $fake_pid ]] && kill $fake_pid 2>/dev/null;
      [[ -n $git_pid ]] && kill $git_pid 2>/dev/null; rm -rf "$work"' EXIT
export GH_TOKEN=test-token GH_SECRET="It's a Secret to Everybody"

# The repository: base branch main, the pull request's head at refs/pull/1/head.
"$src/examples/make-example.sh" "$work/example" >/dev/null
mkdir -p "$work/git/octo"
testgit clone -q --bare "$work/example/repo" "$work/git/octo/demo.git"
head_sha=$(git -C "$work/git/octo/demo.git" rev-parse head)
git -C "$work/git/octo/demo.git" update-ref refs/heads/main "$(git -C "$work/git/octo/demo.git" rev-parse base)"
git -C "$work/git/octo/demo.git" update-ref refs/pull/1/head "$head_sha"

rc=0
served=$(LIFETIME=300 bash "$here/mirror/serve.sh" http "$work/git" "$work/srv") || rc=$?
if [[ $rc == 77 ]]; then echo "skipped: no lighttpd or git http-backend"; exit 77; fi
[[ $rc == 0 ]] || fail "cannot start the git server"
read -r git_port git_pid <<<"$served"

"$fake" --port 0 --token test-token --bot-login claimcheck-bot >"$work/fake.port" 2>"$work/fake.log" &
fake_pid=$!
for _ in $(seq 100); do [[ -s $work/fake.port ]] && break; sleep 0.1; done
fake_port=$(head -1 "$work/fake.port")
[[ -n $fake_port ]] || { echo "skipped: the fake GitHub did not start"; exit 77; }
api=http://127.0.0.1:$fake_port

control() { curl -fsS -X POST -H 'Content-Type: application/json' -d "$2" "$api/_control/$1"; }
id_of() { python3 -c 'import json, sys; print(json.load(sys.stdin)["id"])'; }
control pulls "{\"repo\": \"octo/demo\", \"number\": 1, \"head_sha\": \"$head_sha\", \"base_ref\": \"main\"}" >/dev/null
rc_comment() {  # BODY [IN_REPLY_TO [COMMIT]]: a review comment on settings/loader.py line 9; prints its id
    local extra=
    [[ -n ${2:-} ]] && extra+=", \"in_reply_to_id\": $2"
    [[ -n ${3:-} ]] && extra+=", \"commit_id\": \"$3\""
    control comments "{\"repo\": \"octo/demo\", \"number\": 1, \"kind\": \"review_comment\", \"user\": \"llm-reviewer\",
        \"path\": \"settings/loader.py\", \"line\": 9, \"body\": \"$1\"$extra}" | id_of
}
other() {  # KIND BODY: a review body or conversation comment; prints its id
    control comments "{\"repo\": \"octo/demo\", \"number\": 1, \"kind\": \"$1\", \"user\": \"llm-reviewer\",
        \"body\": \"$2\"}" | id_of
}
wrong='`parse_config` takes four arguments, which is too many.'
right='`parse_config` takes three arguments.'
top_wrong=$(rc_comment "$wrong")
top_right=$(rc_comment "$right")
thread=$(rc_comment "Why this change?")
in_thread=$(rc_comment "$wrong" "$thread")
outdated=$(rc_comment "$wrong" "" "0000000000000000000000000000000000000000")
review=$(other review "$wrong")
conversation=$(other issue_comment "$wrong")
fine=$(other issue_comment "$right")
echo "ok: pull request octo/demo#1 with 8 comments on the fake GitHub (port $fake_port), git on port $git_port"

cat >"$work/config.yaml" <<YAML
state:
  sqlite: $work/state.db
cache_dir: $work/cache
listen: 127.0.0.1:0
forges:
  - name: gh
    type: github
    url: http://127.0.0.1:$git_port/git
    api_url: $api
    token: \${GH_TOKEN}
    webhook_secret: \${GH_SECRET}
    bot_account: claimcheck-bot
    repos:
      - octo/demo
poll_interval: 1h
sweep_interval: 1h
max_attempts: 3
YAML

# replies: "KIND IN_REPLY_TO_OR_QUOTED" per reply by the bot, sorted.
replies() {
    curl -fsS "$api/_control/comments?repo=octo/demo&number=1" | python3 -c '
import json, sys
data = json.load(sys.stdin)
out = []
for c in data["review_comments"]:
    if c["user"]["login"] == "claimcheck-bot":
        assert "<!-- claimcheck:" in c["body"], c["body"]
        out.append("thread " + str(c.get("in_reply_to_id")))
for c in data["issue_comments"]:
    if c["user"]["login"] == "claimcheck-bot":
        assert c["body"].startswith("> ") and "<!-- claimcheck:" in c["body"], c["body"]
        marker = c["body"].split("comment=")[1].split(" ")[0]
        out.append(f"quote {marker}")
print("\n".join(sorted(out)))'
}
expected=$(printf '%s\n' "quote ic-$conversation" "quote rv-$review" "thread $top_wrong" "thread $thread" | sort)

"$bin" serve --config "$work/config.yaml" --once >"$work/once1.log" 2>&1 || { cat "$work/once1.log"; fail "serve --once"; }
got=$(replies)
[[ $got == "$expected" ]] || { cat "$work/once1.log"; fail "replies: got '$got', expected '$expected'"; }
echo "ok: serve --once replied to the 4 wrong comments only, in their threads (the reply in a thread to its top)"
"$bin" serve --config "$work/config.yaml" --once >"$work/once2.log" 2>&1 || { cat "$work/once2.log"; fail "serve --once again"; }
[[ $(replies) == "$expected" ]] || fail "a second sweep posted again: $(replies)"
echo "ok: a second sweep posts nothing"

# The long-running daemon: only webhooks queue work (the sweep window is 1 s).
sed -i 's/^sweep_interval: 1h/sweep_interval: 1h\nsweep_window: 1s/; s/^listen: .*/listen: 127.0.0.1:'"$(free_port)"'/' \
    "$work/config.yaml"
sleep 2
port=$(sed -n 's/^listen: 127.0.0.1://p' "$work/config.yaml")
base=http://127.0.0.1:$port
"$bin" serve --config "$work/config.yaml" >"$work/serve.log" 2>&1 &
pid=$!
wait_http "$base/healthz"
jobs_count() { sqlite3 "$work/state.db" 'SELECT COUNT(*) FROM jobs'; }
wait_quiet "$work/serve.log" "$work/state.db"
jobs_before=$(jobs_count)

sign() { printf '%s' "$1" | openssl dgst -sha256 -hmac "$GH_SECRET" | sed 's/^.* //'; }
hook() {  # BODY DELIVERY [SIGNATURE|-]: posts a pull_request_review_comment webhook, prints the status
    local signature=${3:-sha256=$(sign "$1")}
    local args=(-H 'Content-Type: application/json' -H 'X-GitHub-Event: pull_request_review_comment'
        -H "X-GitHub-Delivery: $2")
    [[ $signature != - ]] && args+=(-H "X-Hub-Signature-256: $signature")
    curl -s -o /dev/null -w '%{http_code}' -X POST "${args[@]}" --data-binary "$1" "$base/hooks/gh"
}
payload() {  # COMMENT_ID
    printf '{"action": "created", "comment": {"id": %s}, "pull_request": {"number": 1, "head": {"sha": "%s"}},
  "repository": {"full_name": "octo/demo"}}' "$1" "$head_sha"
}

late=$(rc_comment "$wrong")
body=$(payload "$late")
[[ $(hook "$body" d-1 - ) == 401 ]] || fail "missing signature: expected 401"
[[ $(hook "$body" d-1 "sha256=$(sign "$body x")") == 401 ]] || fail "bad signature: expected 401"
sleep 1
[[ $(jobs_count) == "$jobs_before" ]] || fail "a refused webhook queued a job"
[[ $(replies) == "$expected" ]] || fail "a refused webhook posted"
echo "ok: a bad or a missing signature is 401 and queues nothing"

[[ $(hook "$body" d-1) == 202 ]] || fail "signed webhook: expected 202"
expected=$(printf '%s\n' "$expected" "thread $late" | sort)
for _ in $(seq 600); do [[ $(replies) == "$expected" ]] && break; sleep 0.1; done
[[ $(replies) == "$expected" ]] || { cat "$work/serve.log"; fail "webhook: got '$(replies)'"; }
echo "ok: a signed webhook is 202 and the reply is posted"
jobs_now=$(jobs_count)
[[ $(hook "$body" d-1) == 202 ]] || fail "redelivery: expected 202"
sleep 2
[[ $(jobs_count) == "$jobs_now" ]] || fail "a redelivery queued a job"
[[ $(replies) == "$expected" ]] || fail "a redelivery posted: $(replies)"
echo "ok: the same delivery again posts nothing"

# A 429 with retry-after on the reply: waited out, posted once.
control fail '{"method": "POST", "path": "/replies$", "status": 429, "retry_after": 1, "count": 1}' >/dev/null
limited=$(rc_comment "$wrong")
[[ $(hook "$(payload "$limited")" d-2) == 202 ]] || fail "webhook d-2: expected 202"
expected=$(printf '%s\n' "$expected" "thread $limited" | sort)
for _ in $(seq 600); do [[ $(replies) == "$expected" ]] && break; sleep 0.1; done
[[ $(replies) == "$expected" ]] || { cat "$work/serve.log"; fail "429: got '$(replies)'"; }
statuses=$(curl -fsS "$api/_control/requests" | python3 -c '
import json, sys
print(" ".join(str(r["status"]) for r in json.load(sys.stdin) if r["method"] == "POST" and r["target"].endswith(f"/comments/{sys.argv[1]}/replies")))' "$limited")
[[ $statuses == "429 201" ]] || fail "posts of the reply: $statuses"
echo "ok: a 429 with retry-after is waited out and the reply posted once ($statuses)"

kill -TERM "$pid"
rc=0; wait "$pid" || rc=$?
pid=
[[ $rc == 0 ]] || { cat "$work/serve.log"; fail "SIGTERM: exit $rc"; }
echo "ok: github_e2e"
