#!/usr/bin/env bash
# test.sh [BUILD_DIR]: installs what is missing, builds with warnings as errors and runs
# every test (unit, integration, golden) with ctest. BUILD_DIR defaults to build/.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$root/build}
jobs=$(nproc 2>/dev/null || echo 2)

"$root/scripts/install-deps.sh"
cmake -S "$root" -B "$build" -G Ninja -DCLAIMCHECK_WERROR=ON
ninja -C "$build"
ctest --test-dir "$build" --output-on-failure -j "$jobs"
