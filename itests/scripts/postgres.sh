#!/usr/bin/env bash
# A private PostgreSQL server for the tests and benchmarks: its own data folder, 127.0.0.1 and a
# free port only, a database and a password-protected user for Switchboard. Installs Debian's
# `postgresql` package first when PostgreSQL is missing (apt-get, as root; the package is told not to
# create or start a cluster of its own). PostgreSQL refuses to run as root, so when this script runs
# as root the server runs as the `postgres` user.
#
# usage:
#   postgres.sh start [--fast] make and start a new server; prints shell assignments, last the URL:
#                                PG_DIR=…  PG_PORT=…  PG_USER=switchboard  PG_PASSWORD=…  PG_URL=jdbc:postgresql://127.0.0.1:…/switchboard
#                              --fast: no fsync and no synchronous commit, for unit tests that measure no
#                              durability (a clean or fast stop still writes everything); by default the
#                              server is as durable as PostgreSQL ships
#   postgres.sh stop DIR       stop it the way a server goes away (fast: open connections are cut); keeps the data
#   postgres.sh resume DIR     start a stopped server again, on the same port with the same data
#   postgres.sh destroy DIR    stop it (if running) and delete its folder
#   postgres.sh psql DIR ARGS  run psql as the server's superuser on it (for example -c 'SELECT 1')
#
# Exit codes: 0 done, 1 failed, 3 PostgreSQL is missing and this machine cannot install it (no
# apt-get, or not root): callers may skip, saying so loudly.
set -euo pipefail

fail() { echo "postgres.sh: $*" >&2; exit 1; }

bin_dir() {
  local dir
  for dir in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r); do
    [ -x "$dir/initdb" ] && [ -x "$dir/pg_ctl" ] && { echo "$dir"; return 0; }
  done
  command -v initdb > /dev/null && command -v pg_ctl > /dev/null && { dirname "$(command -v initdb)"; return 0; }
  return 1
}

install_postgres() {
  if ! command -v apt-get > /dev/null || [ "$(id -u)" != 0 ]; then
    echo "postgres.sh: PostgreSQL is not installed and cannot be installed here (needs Debian's apt-get, as root)" >&2
    exit 3
  fi
  echo "postgres.sh: installing Debian's postgresql package" >&2
  # No system-wide cluster: every server here is private and started by this script.
  mkdir -p /etc/postgresql-common
  [ -e /etc/postgresql-common/createcluster.conf ] || echo "create_main_cluster = false" > /etc/postgresql-common/createcluster.conf
  export DEBIAN_FRONTEND=noninteractive
  apt-get install -y -qq --no-install-recommends postgresql > /dev/null 2>&1 \
    || { apt-get update -qq && apt-get install -y -qq --no-install-recommends postgresql > /dev/null; } \
    || fail "apt-get could not install postgresql"
}

# Runs a command as the server's owner: `postgres` when we are root, else ourselves.
as_owner() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

free_port() {
  if command -v python3 > /dev/null; then
    python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'
  else
    local port
    while :; do
      port=$((20000 + RANDOM % 40000))
      (exec 3<> "/dev/tcp/127.0.0.1/$port") 2> /dev/null || { echo "$port"; return; }
    done
  fi
}

random_secret() { od -An -N16 -tx1 /dev/urandom | tr -d ' \n'; }

pg_start() { # dir
  local bin; bin=$(bin_dir) || fail "PostgreSQL is not installed"
  as_owner "$bin/pg_ctl" -D "$1/data" -l "$1/server.log" -w -t 60 start > /dev/null \
    || fail "the server in $1 did not start: $(tail -5 "$1/server.log" 2>/dev/null)"
}

start() {
  local bin dir port password superuser fast="${1:-}"
  [ -z "$fast" ] || [ "$fast" = --fast ] || { echo "usage: postgres.sh start [--fast]" >&2; exit 2; }
  bin=$(bin_dir) || { install_postgres; bin=$(bin_dir) || fail "postgresql was installed but initdb is not found"; }
  dir=$(mktemp -d "${TMPDIR:-/tmp}/switchboard-pg.XXXXXX")
  chmod 755 "$dir"
  mkdir -p "$dir/socket"
  [ "$(id -u)" = 0 ] && chown -R postgres: "$dir"
  superuser=$(random_secret); password=$(random_secret)
  as_owner sh -c "umask 077; echo '$superuser' > '$dir/superuser-password'"
  as_owner "$bin/initdb" -D "$dir/data" -U postgres -E UTF8 --no-locale --no-sync \
    --auth-local=trust --auth-host=scram-sha-256 --pwfile="$dir/superuser-password" > "$dir/initdb.log" 2>&1 \
    || fail "initdb failed: $(tail -5 "$dir/initdb.log")"
  for attempt in 1 2 3; do
    port=$(free_port)
    as_owner sh -c "cat >> '$dir/data/postgresql.conf'" <<EOF
listen_addresses = '127.0.0.1'
port = $port
unix_socket_directories = '$dir/socket'
max_connections = 100
shared_buffers = 64MB
EOF
    [ -n "$fast" ] && as_owner sh -c "printf 'fsync = off\nsynchronous_commit = off\nfull_page_writes = off\n' >> '$dir/data/postgresql.conf'"
    if as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 start > /dev/null 2>&1; then break; fi
    [ "$attempt" = 3 ] && fail "the server did not start: $(tail -5 "$dir/server.log")"
  done
  echo "$port" > "$dir/port"
  as_owner "$bin/psql" -q -v ON_ERROR_STOP=1 -h "$dir/socket" -p "$port" -U postgres -d postgres \
    -c "CREATE ROLE switchboard LOGIN PASSWORD '$password'" -c "CREATE DATABASE switchboard OWNER switchboard" > /dev/null \
    || fail "could not create the switchboard database"
  echo "PG_DIR=$dir"
  echo "PG_PORT=$port"
  echo "PG_USER=switchboard"
  echo "PG_PASSWORD=$password"
  echo "PG_URL=jdbc:postgresql://127.0.0.1:$port/switchboard"
}

pg_stop() { # dir
  local bin; bin=$(bin_dir) || return 0
  [ -f "$1/data/postmaster.pid" ] || return 0
  as_owner "$bin/pg_ctl" -D "$1/data" -m fast -w -t 60 stop > /dev/null || fail "the server in $1 did not stop"
}

server_dir() { # argument: must be a folder this script made
  [ -n "${1:-}" ] && [ -f "$1/port" ] && [ -d "$1/data" ] || fail "not a server folder made by postgres.sh start: ${1:-(none)}"
  echo "$1"
}

case "${1:-}" in
  start) start "${2:-}" ;;
  stop) pg_stop "$(server_dir "${2:-}")" ;;
  resume) pg_start "$(server_dir "${2:-}")" ;;
  destroy) dir=$(server_dir "${2:-}"); pg_stop "$dir" || true; rm -rf "$dir" ;;
  psql) dir=$(server_dir "${2:-}"); shift 2; bin=$(bin_dir) || fail "PostgreSQL is not installed"
        as_owner "$bin/psql" -X -q -h "$dir/socket" -p "$(cat "$dir/port")" -U postgres -d switchboard "$@" ;;
  *) echo "usage: postgres.sh start [--fast] | stop DIR | resume DIR | destroy DIR | psql DIR ARGS..." >&2; exit 2 ;;
esac
