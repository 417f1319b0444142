#!/usr/bin/env bash
# install-deps.sh [EXTRA_PACKAGE...]: installs the Debian 12 packages claimcheck needs to
# build and test (plus any EXTRA_PACKAGE), with apt-get. Does nothing when all are
# installed already, so it is cheap to call before every build. Uses sudo unless root.
set -euo pipefail

packages=(
    build-essential cmake ninja-build pkg-config git
    nodejs npm                      # npm pack fetches the tree-sitter grammars at configure time
    libgit2-dev libtree-sitter-dev
    nlohmann-json3-dev libyaml-cpp-dev libspdlog-dev libfmt-dev libcli11-dev
    libcpp-httplib-dev libcurl4-openssl-dev libssl-dev libsqlite3-dev libpq-dev prometheus-cpp-dev
    catch2 python3
    postgresql-15 lighttpd          # test servers: PostgreSQL, git smart HTTP behind CGI
    sqlite3 curl openssl            # the integration tests read the state, call and sign webhooks
    "$@"
)

# A package counts as present when dpkg knows it installed; npm also when an npm is on
# the PATH (NodeSource's nodejs ships its own and conflicts with Debian's npm package).
is_present() {
    if [[ $1 == npm ]] && command -v npm >/dev/null 2>&1; then
        return 0
    fi
    dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q "install ok installed"
}

missing=()
for package in "${packages[@]}"; do
    is_present "$package" || missing+=("$package")
done
if [[ ${#missing[@]} -eq 0 ]]; then
    echo "install-deps: all ${#packages[@]} packages present"
    exit 0
fi

sudo=()
if [[ $(id -u) -ne 0 ]]; then
    sudo=(sudo)
fi
echo "install-deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
"${sudo[@]}" apt-get update -q
"${sudo[@]}" apt-get install -y -q --no-install-recommends "${missing[@]}"
