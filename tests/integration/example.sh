#!/usr/bin/env bash
# example.sh CLAIMCHECK SOURCE_DIR: the bundled example (examples/make-example.sh) gets a
# reply to review-1 that names each of its false statements, and nothing about the true
# ones; review-2, all true, gets no reply.
set -euo pipefail
bin=$1 src=$2
here=$(cd "$(dirname "$0")" && pwd)
source "$here/lib.sh"
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT

"$src/examples/make-example.sh" "$work" >/dev/null
expect 0 "== comment review-1 (llm-reviewer) ==" \
    "$bin" check --repo "$work/repo" --head head --comments "$work/review.json"
"$bin" check --repo "$work/repo" --head head --comments "$work/review.json" --format json >"$work/out.json"

python3 - "$work/out.json" "$work/review.json" <<'PY'
import json, sys
report = json.load(open(sys.argv[1]))
bodies = {c["id"]: c["body"].encode() for c in json.load(open(sys.argv[2]))}
replies = {r["comment"]: r["body"] for r in report["replies"]}
flagged = [f for f in report["findings"] if f["verdict"] == "inaccurate"]

def flags(comment, words):
    """The inaccurate findings whose span overlaps WORDS in COMMENT's body."""
    begin = bodies[comment].index(words.encode())
    end = begin + len(words.encode())
    return [f for f in flagged if f["comment"] == comment and f["span"][0] < end and begin < f["span"][1]]

problems = []
# Each false statement of review-1 is flagged, and the reply quotes it and gives a reason.
for words in ["`parse_config` takes four arguments", "`timeout` is never used", "`Loader` has no docstring",
              "renaming `retry_count` to `retry_count`", "Line 12 has a try/except"]:
    found = flags("review-1", words)
    if not found:
        problems.append(f"not flagged: {words!r}")
    elif found[0]["claim"][:40] not in replies.get("review-1", "") or found[0]["reason"] not in replies["review-1"]:
        problems.append(f"the reply does not quote {found[0]['claim']!r} with its reason")
# The true statements are not flagged, and review-2 (all true) gets no reply.
for comment, words in [("review-1", "The `load` method has no docstring"),
                       ("review-2", "`parse_config` takes three arguments")]:
    for f in flags(comment, words):
        problems.append(f"a true statement is flagged: {f['claim']!r}: {f['reason']}")
if "review-2" in replies:
    problems.append("review-2 (all true) got a reply")
if problems:
    print("\n".join(problems))
    print("--- replies ---")
    for comment, text in replies.items():
        print(f"[{comment}]\n{text}")
    sys.exit(1)
print("ok: the five false statements are flagged and quoted, the true ones are not")
PY
echo "PASS"
