# start_postgres DIR: a throw-away PostgreSQL 15 server with its data and socket in DIR,
# on a free port; sets PG_URL and registers stop_postgres. Exits 77 (skipped) when the
# server binaries are not installed. As root, the server runs as user postgres.
PG_BIN=${PG_BIN:-/usr/lib/postgresql/15/bin}

pg_as_owner() {
    if [[ $(id -u) == 0 ]]; then
        runuser -u postgres -- "$@"
    else
        "$@"
    fi
}

start_postgres() {
    local dir=$1
    if [[ ! -x $PG_BIN/initdb || ! -x $PG_BIN/pg_ctl ]]; then
        echo "skipped: no PostgreSQL server binaries in $PG_BIN"
        exit 77
    fi
    if [[ $(id -u) == 0 ]] && ! id postgres >/dev/null 2>&1; then
        echo "skipped: running as root and there is no postgres user"
        exit 77
    fi
    mkdir -p "$dir"
    [[ $(id -u) == 0 ]] && chown postgres "$dir"
    PG_DIR=$dir
    PG_PORT=$(free_port)
    pg_as_owner "$PG_BIN/initdb" -D "$dir/data" -U claimcheck --auth=trust -E UTF8 >"$dir/initdb.log" 2>&1 ||
        { cat "$dir/initdb.log"; fail "initdb"; }
    pg_as_owner "$PG_BIN/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 30 \
        -o "-p $PG_PORT -k $dir -c listen_addresses='' -c fsync=off" start >/dev/null ||
        { cat "$dir/server.log"; fail "pg_ctl start"; }
    PG_URL="postgresql://claimcheck@/postgres?host=$dir&port=$PG_PORT"
    export PG_URL
}

stop_postgres() {
    [[ -n ${PG_DIR:-} && -d $PG_DIR/data ]] || return 0
    pg_as_owner "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -m immediate stop >/dev/null 2>&1 || true
}
