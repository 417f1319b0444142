#!/usr/bin/env bash
# daemon_once.sh CLAIMCHECK SOURCE_DIR: `serve --once` against the fake file forge
# answers each false claim exactly once, and nothing else: not the true claims, not the
# bot's own comments, not comments on older patch sets or carrying a reply marker. A
# second run posts nothing; --dry-run posts nothing; a lost state store still posts
# nothing twice (the marker on the forge); --change checks one change; changes can be
# fetched through the mirror cache.
set -euo pipefail
bin=$1 src=$2
here=$(cd "$(dirname "$0")" && pwd)
source "$here/lib.sh"
source "$here/daemon/lib.sh"
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
export FAKE_WEBHOOK_SECRET=s3cret

make_forge "$work" 5 0
expect 0 "" "$bin" serve --config "$work/config.yaml" --once
check_replies "$work"
before=$(wc -l <"$work/replies.jsonl")

# Again: nothing new.
expect 0 "" "$bin" serve --config "$work/config.yaml" --once
[[ $(wc -l <"$work/replies.jsonl") -eq $before ]] || fail "the second run posted again"
echo "ok: a second run posts nothing"

# The state store lost: the markers on the forge still prevent double posts.
rm -f "$work"/state.db*
expect 0 "" "$bin" serve --config "$work/config.yaml" --once
[[ $(wc -l <"$work/replies.jsonl") -eq $before ]] || fail "a run without state posted again"
check_replies "$work"
echo "ok: without the state store, the markers prevent double posts"

# --dry-run on a fresh forge: the replies are printed, nothing is posted or recorded.
dry=$work/dry; mkdir "$dry"
make_forge "$dry" 2 0
expect 0 "dry-run: fake change 1001 patch set 2: reply to comment 1001-wrong" \
    "$bin" serve --config "$dry/config.yaml" --once --dry-run
[[ ! -s $dry/replies.jsonl ]] || fail "--dry-run posted"
echo "ok: --dry-run posts nothing"
# ... and records nothing as posted: a real run afterwards posts every reply.
expect 0 "" "$bin" serve --config "$dry/config.yaml" --once
check_replies "$dry"

# --change FORGE:ID: that change only.
one=$work/one; mkdir "$one"
make_forge "$one" 3 0
expect 0 "" "$bin" serve --config "$one/config.yaml" --once --change fake:1002
[[ $(wc -l <"$one/replies.jsonl") -eq 1 ]] && grep -q '"comment":"1002-wrong"' "$one/replies.jsonl" ||
    fail "--change fake:1002 did not post exactly the reply of change 1002"
echo "ok: --change checks one change"
expect 2 "--change nope:1: expected FORGE:ID" "$bin" serve --config "$one/config.yaml" --once --change nope:1
expect 2 "--change needs --once" "$bin" serve --config "$one/config.yaml" --change fake:1

# Changes fetched through the mirror cache (a local path as the remote).
mirror=$work/mirror; mkdir "$mirror"
FORGE_FETCH=1 make_forge "$mirror" 3 0
expect 0 "" "$bin" serve --config "$mirror/config.yaml" --once
check_replies "$mirror"
ls -d "$mirror"/cache/*.git >/dev/null || fail "no mirror in the cache directory"
echo "ok: changes are fetched through the mirror cache"

# A bad config: exit 2 with the key and the line.
printf 'forges: []\nworkers: many\n' >"$work/bad.yaml"
expect 2 "bad.yaml:2: workers: expected an integer" "$bin" serve --config "$work/bad.yaml" --once
expect 2 "bad.yaml:2: workers: expected an integer" "$bin" config check "$work/bad.yaml"
expect 0 "ok" "$bin" config check "$work/config.yaml"
