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

python3 - "$work/out.json" <<'PY'
import json, sys
report = json.load(open(sys.argv[1]))
replies = {r["comment"]: r["body"] for r in report["replies"]}
problems = []
if "review-2" in replies:
    problems.append("review-2 (all true) got a reply:\n" + replies["review-2"])
body = replies.get("review-1", "")
# The false statements of review-1, each as words its reply must quote.
for words in ["takes four arguments", "`timeout` is never used", "`Loader` has no docstring",
              "`retry_count` to `retry_count`", "try/except"]:
    if words not in body:
        problems.append(f"the reply to review-1 does not mention {words!r}")
# The true statement of review-1 must not be flagged.
if "`load` method has no docstring" in body:
    problems.append("the reply to review-1 flags the true statement about `load`")
for f in report["findings"]:
    if f["verdict"] == "inaccurate" and ("three arguments" in f["claim"] or "`load` method" in f["claim"]):
        problems.append(f"a true statement is flagged: {f['claim']!r}: {f['reason']}")
if problems:
    print("\n".join(problems))
    print("--- replies ---")
    for comment, text in replies.items():
        print(f"[{comment}]\n{text}")
    sys.exit(1)
print("ok: the reply names the five false statements and none of the true ones")
PY
echo "PASS"
