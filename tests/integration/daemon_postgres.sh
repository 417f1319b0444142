#!/usr/bin/env bash
# daemon_postgres.sh CLAIMCHECK SOURCE_DIR UNIT_TESTS: the state store on a real
# PostgreSQL 15 server started here. The store's unit tests run against it ([postgres]:
# the same contract as SQLite, two stores claiming concurrently never get the same job,
# one leader per name); then two replicas of `serve --once` share one database and one
# fake forge, and every expected reply is posted exactly once.
set -euo pipefail
bin=$1 src=$2 unit_tests=$3
here=$(cd "$(dirname "$0")" && pwd)
source "$here/lib.sh"
source "$here/daemon/lib.sh"
source "$here/daemon/postgres.sh"
work=$(mktemp -d)
pg=$(mktemp -d /tmp/claimcheck-pg-XXXXXX)
trap 'stop_postgres; rm -rf "$work" "$pg"' EXIT
export FAKE_WEBHOOK_SECRET=s3cret

start_postgres "$pg"
CLAIMCHECK_TEST_POSTGRES_URL=$PG_URL "$unit_tests" "[postgres]" >"$work/unit.log" 2>&1 ||
    { cat "$work/unit.log"; fail "the store's unit tests on PostgreSQL"; }
grep -q "All tests passed" "$work/unit.log" || { cat "$work/unit.log"; fail "unit tests did not run"; }
echo "ok: the state store's contract holds on PostgreSQL"

# Two replicas, one database: 40 changes, each reply exactly once.
make_forge "$work" 40 20
sed -i "s|^  sqlite: .*|  postgres: \"${PG_URL//&/\\&}\"|" "$work/config.yaml"
psql "$PG_URL" -qc 'TRUNCATE jobs, replies, cursors, deliveries' >/dev/null
"$bin" serve --config "$work/config.yaml" --once 2>"$work/a.log" &
a=$!
"$bin" serve --config "$work/config.yaml" --once 2>"$work/b.log" &
b=$!
rc=0
wait $a || rc=$?
wait $b || rc=$?
[[ $rc == 0 ]] || { cat "$work/a.log" "$work/b.log"; fail "a replica failed"; }
check_replies "$work"
a_jobs=$(grep -c "comments checked" "$work/a.log" || true)
b_jobs=$(grep -c "comments checked" "$work/b.log" || true)
echo "ok: two replicas on one PostgreSQL posted each reply once (jobs run: $a_jobs and $b_jobs)"
