#!/usr/bin/env bash
# make-example.sh OUT_DIR: the bundled example. Writes OUT_DIR/repo, a git repository
# whose last commit changes a small Python module (settings/loader.py), and
# OUT_DIR/review.json, two review comments on that change as an LLM reviewer might
# write them: some of their statements match the code, some do not.
#
# Run it with:
#   claimcheck check --repo OUT_DIR/repo --head head --comments OUT_DIR/review.json
#
# The statements that do not match the code at head (and why):
#   - "`parse_config` takes four arguments": it takes three (path, timeout, retry_count), line 9
#   - "`timeout` is never used": it is used on line 11 (and passed on line 29)
#   - "`Loader` has no docstring": it has one, line 21
#   - "renaming `retry_count` to `retry_count`": the suggested name is the same name
#   - "Line 12 has a try/except": line 12 is a `with` statement; the file has no try
# The statements that match (claimcheck must stay silent about them):
#   - "The `load` method has no docstring": it has none (line 27)
#   - comment review-2, "`parse_config` takes three arguments": it does
set -euo pipefail
if [[ $# -ne 1 ]]; then
    echo "usage: $0 OUT_DIR" >&2
    exit 2
fi
out=$1
here=$(cd "$(dirname "$0")" && pwd)
trees=$(mktemp -d)
trap 'rm -rf "$trees"' EXIT
mkdir -p "$trees/base/settings" "$trees/head/settings" "$out"

cat >"$trees/base/settings/loader.py" <<'PY'
"""Loading settings for the sync service."""

import json


def parse_config(path):
    with open(path) as handle:
        return json.load(handle)


class Loader:
    """Loads and caches settings files."""

    def __init__(self, root):
        self.root = root
        self.cache = {}

    def load(self, name):
        if name not in self.cache:
            self.cache[name] = parse_config(f"{self.root}/{name}")
        return self.cache[name]
PY

# Line numbers matter: the review below talks about lines 9, 12 and 21.
cat >"$trees/head/settings/loader.py" <<'PY'
"""Loading settings for the sync service."""

import json
import time

DEFAULT_RETRIES = 3


def parse_config(path, timeout, retry_count):
    """Read the JSON settings at PATH, waiting at most TIMEOUT seconds."""
    deadline = time.monotonic() + timeout
    with open(path) as handle:
        settings = json.load(handle)
    # Callers rely on these two keys being present.
    settings.setdefault("deadline", deadline)
    settings.setdefault("retries", retry_count)
    return settings


class Loader:
    """Loads and caches settings files."""

    def __init__(self, root):
        self.root = root
        self.cache = {}

    def load(self, name, timeout=5.0):
        if name not in self.cache:
            self.cache[name] = parse_config(f"{self.root}/{name}", timeout, DEFAULT_RETRIES)
        return self.cache[name]
PY

"$here/../scripts/make-repo.sh" "$trees" "$out/repo" >/dev/null

cat >"$out/review.json" <<'JSON'
[
  {
    "id": "review-1",
    "author": "llm-reviewer",
    "path": null,
    "line": null,
    "body": "Thanks for adding the timeout. A few observations:\n\n1. `parse_config` takes four arguments, which makes the call in `load` easy to get wrong.\n2. `timeout` is never used, so the deadline logic is dead code.\n3. `Loader` has no docstring; please add one.\n4. Consider renaming `retry_count` to `retry_count` for clarity.\n5. Line 12 has a try/except that swallows errors from `json.load`.\n6. The `load` method has no docstring either."
  },
  {
    "id": "review-2",
    "author": "llm-reviewer",
    "path": "settings/loader.py",
    "line": 9,
    "body": "`parse_config` takes three arguments now, and the only caller passes all three."
  }
]
JSON
echo "example written to $out (repository $out/repo, comments $out/review.json)"
