# Helpers for the Gerrit end-to-end script and benchmark (sourced after ../lib.sh, with
# bin, src and fake set): the Nova change of ../shared/corpus/dev/nova-1825537 as change
# 12345 of a fake Gerrit, configs for claimcheck against it, and what the fake received.
# Exits 77 (skipped) when ../shared is not beside the source directory.
shared=$(cd "$src/.." && pwd)/shared
case_dir=$shared/corpus/dev/nova-1825537
if [[ ! -f $case_dir/case.json || ! -x $shared/eval/make-repo ]]; then
    echo "skipped: no $case_dir (../shared is not here)"
    exit 77
fi
fixture=$shared/fixtures/gerrit/rest/list-change-comments.response.raw.txt
work=$(mktemp -d)
pids=()
cleanup() {
    for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
    wait 2>/dev/null || true
    rm -rf "$work"
}
trap cleanup EXIT
export GERRIT_PASSWORD=http-pass GERRIT_WEBHOOK_SECRET=hook-secret

# The project's repository: master at the change's parent, the patch set's ref at it.
read -r base head < <("$shared/eval/make-repo" "$case_dir" "$work/src")
git clone -q --bare "$work/src" "$work/git/openstack/nova.git"
git -C "$work/git/openstack/nova.git" update-ref refs/heads/master "$base"
git -C "$work/git/openstack/nova.git" update-ref refs/changes/45/12345/1 "$head"
# What `claimcheck check` finds: the comments that have a false claim, with evidence.
"$bin" check --repo "$work/src" --base "$base" --head "$head" --comments "$case_dir/case.json" \
    --format json >"$work/expected.json"

python3 - "$case_dir/case.json" "$base" "$head" >"$work/seed.json" <<'PY'
import json, sys
case, base, head = json.load(open(sys.argv[1])), sys.argv[2], sys.argv[3]
messages = [{"id": c["id"], "author": c["author"], "message": c["body"], "patch_set": 1} for c in case["comments"]]
# The bot's own account says something false: never answered.
messages.append({"id": "own-1", "author": "claimcheck-bot", "patch_set": 1,
                 "message": "`_resize_and_assert_error` takes four arguments."})
print(json.dumps({"changes": [{"number": 12345, "project": "openstack/nova", "branch": "master",
                               "subject": "Add regression test for bug 1825537",
                               "revisions": [head], "parent": base, "messages": messages}]}))
PY

# start_fake NAME: a fresh fake Gerrit; sets fake_port.
start_fake() {
    "$fake" --git-root "$work/git" --seed "$work/seed.json" --password "$GERRIT_PASSWORD" >"$work/$1.out" &
    pids+=($!)
    for _ in $(seq 600); do
        fake_port=$(sed -n 's/^port //p' "$work/$1.out")
        [[ -n $fake_port ]] && return 0
        sleep 0.05
    done
    fail "the fake Gerrit did not start"
}

# write_config DIR FAKE_PORT [LISTEN_PORT [EXTRA_FORGE_YAML]]
write_config() {
    mkdir -p "$1"
    cat >"$1/config.yaml" <<YAML
state:
  sqlite: $1/state.db
cache_dir: $work/cache
listen: 127.0.0.1:${3:-0}
forges:
  - name: gerrit
    type: gerrit
    url: http://127.0.0.1:$2
    username: claimcheck-bot
    password: \${GERRIT_PASSWORD}
    bot_account: claimcheck-bot
    projects: [openstack/nova]
    webhook_secret: \${GERRIT_WEBHOOK_SECRET}
    request_timeout: 10s
${4:-}
workers: 2
poll_interval: 1h
sweep_interval: 1h
max_attempts: 3
YAML
}

# reviews PORT: the reviews the fake Gerrit received, as JSON.
reviews() { curl -fs "http://127.0.0.1:$1/control/reviews"; }
count_reviews() { reviews "$1" | python3 -c 'import json, sys; print(len(json.load(sys.stdin)))'; }


# add_message PORT TEXT: a new change message by the LLM reviewer on patch set 1; prints its id.
add_message() {
    python3 -c 'import json, sys; print(json.dumps({"change": 12345, "author": "llm-security-reviewer",
                                          "message": "Patch Set 1:\n\n" + sys.argv[1]}))' "$2" |
        curl -fs -X POST --data-binary @- "http://127.0.0.1:$1/control/messages" |
        python3 -c 'import json, sys; print(json.load(sys.stdin)["id"])'
}

# comment_added_event TEXT: the webhooks plugin's comment-added event for change 12345.
comment_added_event() {
    python3 -c '
import json, sys
print(json.dumps({"type": "comment-added", "author": {"username": "llm-security-reviewer"},
                  "comment": "Patch Set 1:\n\n" + sys.argv[1],
                  "patchSet": {"number": 1, "ref": "refs/changes/45/12345/1"},
                  "change": {"project": "openstack/nova", "branch": "master", "number": 12345, "status": "NEW"},
                  "project": "openstack/nova", "eventCreatedOn": 1767225600}))' "$1"
}

# wait_reply PORT COMMENT_ID SECONDS: true once the fake has a reply to COMMENT_ID.
wait_reply() {
    local deadline=$((SECONDS + $3))
    while ((SECONDS <= deadline)); do
        reviews "$1" | grep -q "comment=$2 " && return 0
        sleep 0.01
    done
    return 1
}
