#!/usr/bin/env bash
# run-example.sh: on a fresh Debian 12 machine, installs what is missing, builds
# claimcheck and runs it on the bundled example (examples/make-example.sh), printing the
# replies it would post.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=$root/build

"$root/scripts/install-deps.sh"
if [[ ! -f $build/build.ninja ]]; then
    cmake -S "$root" -B "$build" -G Ninja
fi
ninja -C "$build" claimcheck

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
"$root/examples/make-example.sh" "$work" >/dev/null
echo "\$ claimcheck check --repo example/repo --head head --comments example/review.json"
echo
"$build/claimcheck" check --repo "$work/repo" --head head --comments "$work/review.json"
