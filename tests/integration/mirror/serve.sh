#!/usr/bin/env bash
# Starts a git server on 127.0.0.1 for the mirror tests and prints "PORT PID" once it
# accepts connections; the caller stops it with kill PID. The server also stops by
# itself after LIFETIME seconds (default 900), so a crashed test leaves nothing behind.
#
#   serve.sh http ROOT WORKDIR   lighttpd + git http-backend: /git/<repo> open,
#                                /auth/<repo> behind basic auth (user "alice",
#                                password "s3cret")
#   serve.sh daemon ROOT WORKDIR git daemon --export-all: git://127.0.0.1:PORT/<repo>
#
# Exits 77 when the server program is missing (the caller skips), 1 when it cannot start.
set -euo pipefail

kind=$1 root=$2 work=$3
lifetime=${LIFETIME:-900}
backend=$(git --exec-path)/git-http-backend
mkdir -p "$work"

port_free() { ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
wait_listening() {  # PORT PID: true once PORT accepts connections while PID lives
    for _ in $(seq 1 600); do
        kill -0 "$2" 2>/dev/null || return 1
        (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null && return 0
        sleep 0.05
    done
    return 1
}

start_http() {  # PORT: starts lighttpd in the background, sets pid
    [[ -x /usr/sbin/lighttpd && -x $backend ]] || exit 77
    printf 'alice:s3cret\n' >"$work/users"
    cat >"$work/lighttpd.conf" <<CONF
server.modules = ("mod_alias", "mod_setenv", "mod_cgi", "mod_auth", "mod_authn_file", "mod_accesslog")
accesslog.filename = "$work/access.log"
accesslog.format = "%h %t \"%r\" %>s %b %D"
server.document-root = "$work"
server.bind = "127.0.0.1"
server.port = $1
server.errorlog = "$work/lighttpd-error.log"
server.max-request-size = 0
alias.url = ("/git/" => "$backend/", "/auth/" => "$backend/")
cgi.assign = ("" => "")
setenv.add-environment = ("GIT_PROJECT_ROOT" => "$root", "GIT_HTTP_EXPORT_ALL" => "1")
auth.backend = "plain"
auth.backend.plain.userfile = "$work/users"
auth.require = ("/auth/" => ("method" => "basic", "realm" => "git", "require" => "valid-user"))
CONF
    /usr/sbin/lighttpd -D -f "$work/lighttpd.conf" </dev/null >>"$work/server.log" 2>&1 &
    pid=$!
}

start_daemon() {  # PORT
    git daemon --export-all --base-path="$root" --listen=127.0.0.1 --port="$1" --reuseaddr \
        --informative-errors "$root" </dev/null >>"$work/server.log" 2>&1 &
    pid=$!
}

for _ in $(seq 1 20); do
    port=$((20000 + RANDOM % 40000))
    port_free "$port" || continue
    case $kind in
    http) start_http "$port" ;;
    daemon) start_daemon "$port" ;;
    *) echo "unknown server kind: $kind" >&2; exit 2 ;;
    esac
    if wait_listening "$port" "$pid"; then
        # The watchdog outlives this script; it is silent and holds no pipe open.
        (
            end=$((SECONDS + lifetime))
            while kill -0 "$pid" 2>/dev/null && ((SECONDS < end)); do sleep 1; done
            kill "$pid" 2>/dev/null
        ) </dev/null >/dev/null 2>&1 &
        echo "$port $pid"
        exit 0
    fi
    kill "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
done
echo "cannot start the $kind server (see $work/server.log)" >&2
exit 1
