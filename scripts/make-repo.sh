#!/usr/bin/env bash
# make-repo.sh CASE_DIR OUT_DIR: a git repository at OUT_DIR with two commits on branch
# `head`: the tree of CASE_DIR/base (also branch `base`), then the tree of CASE_DIR/head.
# A missing base/ gives an empty first commit. Identity and dates are fixed, so the same
# case always gives the same commit ids. Prints "BASE_SHA HEAD_SHA".
set -euo pipefail
if [[ $# -ne 2 ]]; then
    echo "usage: $0 CASE_DIR OUT_DIR" >&2
    exit 2
fi
case_dir=$(cd "$1" && pwd)
out=$2
export GIT_AUTHOR_NAME=claimcheck GIT_AUTHOR_EMAIL=claimcheck@example.invalid \
    GIT_COMMITTER_NAME=claimcheck GIT_COMMITTER_EMAIL=claimcheck@example.invalid \
    GIT_AUTHOR_DATE='2026-01-01T00:00:00Z' GIT_COMMITTER_DATE='2026-01-01T00:00:00Z'
g() { git -C "$out" -c init.defaultBranch=base -c core.autocrlf=false -c commit.gpgsign=false "$@"; }

# Replaces the work tree (everything but .git) with the content of $1, if it exists.
fill_tree() {
    find "$out" -mindepth 1 -maxdepth 1 ! -name .git -exec rm -rf {} +
    if [[ -d $1 ]]; then
        cp -a "$1/." "$out/"
    fi
}

rm -rf "$out"
mkdir -p "$out"
g init -q
fill_tree "$case_dir/base"
g add -A
g commit -q --allow-empty -m base
g checkout -q -b head
fill_tree "$case_dir/head"
g add -A
g commit -q --allow-empty -m head
echo "$(g rev-parse base) $(g rev-parse head)"
