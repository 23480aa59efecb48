#!/usr/bin/env bash
# A throwaway PostgreSQL server for the tests of the event database (docs/store.md).
#
#   .ci/postgres.sh start   install Debian's postgresql when missing (apt-get, as root), create a
#                           cluster in $EVENTWIRE_PG_DIR (default /tmp/eventwire-pg), start it on
#                           127.0.0.1:$EVENTWIRE_PG_PORT (default 54329) only, create the role and
#                           database eventwire / eventwire_test, and print the SQLAlchemy URL
#                           (the value of EVENTWIRE_TEST_POSTGRES) as the last line of stdout
#   .ci/postgres.sh stop    stop that server (its files stay until the next start)
#
# Idempotent: start on a running server only prints the URL again. Progress goes to stderr.
# Needs root (or the postgres user) to run the server as the postgres user.
set -euo pipefail

DIR="${EVENTWIRE_PG_DIR:-/tmp/eventwire-pg}"
PORT="${EVENTWIRE_PG_PORT:-54329}"
HOST=127.0.0.1
ROLE=eventwire
DB=eventwire_test
PASSWORD=eventwire  # a throwaway server listening on loopback only
URL="postgresql+psycopg://$ROLE:$PASSWORD@$HOST:$PORT/$DB"

say() { echo ".ci/postgres.sh: $*" >&2; }

bindir() {
    local found
    found=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
    [[ -n "$found" && -x "$found/initdb" && -x "$found/pg_ctl" ]] && echo "$found"
}

as_postgres() {
    if [[ "$(id -un)" == postgres ]]; then
        "$@"
    else
        runuser -u postgres -- "$@"
    fi
}

install() {
    if [[ -n "$(bindir || true)" ]]; then
        return
    fi
    if [[ "$(id -u)" != 0 ]]; then
        say "PostgreSQL is not installed and this is not root: run as root, or apt-get install postgresql"
        exit 2
    fi
    say "installing Debian's postgresql package"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq </dev/null >&2
    apt-get install -y -qq --no-install-recommends postgresql </dev/null >&2
    if [[ -z "$(bindir || true)" ]]; then
        say "postgresql installed but no /usr/lib/postgresql/*/bin/initdb found"
        exit 2
    fi
}

running() {
    local bin=$1
    [[ -f "$DIR/data/PG_VERSION" ]] && as_postgres "$bin/pg_ctl" -D "$DIR/data" status >/dev/null 2>&1
}

start() {
    install
    local bin
    bin=$(bindir)
    if ! running "$bin"; then
        [[ "$DIR" == /*/* ]] || { say "refusing to use $DIR as the server folder"; exit 2; }
        rm -rf "$DIR"
        mkdir -p "$DIR"
        chown postgres: "$DIR" 2>/dev/null || true
        chmod 700 "$DIR"
        say "creating a cluster in $DIR/data"
        as_postgres "$bin/initdb" -D "$DIR/data" -U postgres --auth-local=trust --auth-host=scram-sha-256 \
            --encoding=UTF8 --locale=C.UTF-8 >"$DIR/initdb.log" 2>&1 </dev/null || { cat "$DIR/initdb.log" >&2; exit 2; }
        # loopback TCP only, a socket in $DIR, durability off (throwaway data, faster tests)
        cat >>"$DIR/data/postgresql.conf" <<EOF
listen_addresses = '$HOST'
port = $PORT
unix_socket_directories = '$DIR'
max_connections = 200
fsync = off
synchronous_commit = off
full_page_writes = off
EOF
        say "starting PostgreSQL on $HOST:$PORT"
        as_postgres "$bin/pg_ctl" -D "$DIR/data" -l "$DIR/server.log" -w -t 60 start >/dev/null </dev/null \
            || { cat "$DIR/server.log" >&2; exit 2; }
    fi
    local psql=("$bin/psql" -h "$DIR" -p "$PORT" -U postgres -d postgres -v ON_ERROR_STOP=1 -qtA)
    if [[ "$(as_postgres "${psql[@]}" -c "SELECT 1 FROM pg_roles WHERE rolname = '$ROLE'")" != 1 ]]; then
        as_postgres "${psql[@]}" -c "CREATE ROLE $ROLE LOGIN CREATEDB PASSWORD '$PASSWORD'" >/dev/null
    fi
    if [[ "$(as_postgres "${psql[@]}" -c "SELECT 1 FROM pg_database WHERE datname = '$DB'")" != 1 ]]; then
        as_postgres "${psql[@]}" -c "CREATE DATABASE $DB OWNER $ROLE" >/dev/null
    fi
    echo "$URL"
}

stop() {
    local bin
    bin=$(bindir || true)
    if [[ -n "$bin" ]] && running "$bin"; then
        say "stopping PostgreSQL on $HOST:$PORT"
        as_postgres "$bin/pg_ctl" -D "$DIR/data" -m fast -w stop >/dev/null </dev/null || true
    fi
}

case "${1:-start}" in
    start) start ;;
    stop) stop ;;
    *) echo "usage: $0 [start|stop]" >&2; exit 2 ;;
esac
