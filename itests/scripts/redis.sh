#!/usr/bin/env bash
# A private Redis server for the tests and benchmarks: its own folder, 127.0.0.1 and a free port only,
# no persistence to the disk. Installs Debian's `redis-server` package first when it is missing
# (apt-get, as root; the package's own service is not used).
#
# usage:
#   redis.sh start          start a new server; prints shell assignments, last the URL:
#                           REDIS_DIR=…  REDIS_PORT=…  REDIS_URL=redis://127.0.0.1:…
#   redis.sh stop DIR       stop it the way a server goes away (connections cut); keeps its folder
#   redis.sh resume DIR     start a stopped server again, on the same port
#   redis.sh destroy DIR    stop it (if running) and delete its folder
#
# Exit codes: 0 done, 1 failed, 3 Redis is missing and this machine cannot install it (no apt-get,
# or not root): callers may skip, saying so loudly.
set -euo pipefail

fail() { echo "redis.sh: $*" >&2; exit 1; }

install_redis() {
  if ! command -v apt-get > /dev/null || [ "$(id -u)" != 0 ]; then
    echo "redis.sh: redis-server is not installed and cannot be installed here (needs Debian's apt-get, as root)" >&2
    exit 3
  fi
  echo "redis.sh: installing Debian's redis-server package" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get install -y -qq --no-install-recommends redis-server > /dev/null 2>&1 \
    || { apt-get update -qq && apt-get install -y -qq --no-install-recommends redis-server > /dev/null; } \
    || fail "apt-get could not install redis-server"
  # the package starts a system-wide server of its own: the tests never use it
  (command -v systemctl > /dev/null && systemctl stop redis-server > /dev/null 2>&1) || service redis-server stop > /dev/null 2>&1 || true
}

free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'
}

launch() {
  local dir=$1 port=$2
  redis-server --bind 127.0.0.1 --port "$port" --dir "$dir" --save '' --appendonly no --daemonize yes \
    --pidfile "$dir/redis.pid" --logfile "$dir/redis.log" --protected-mode yes > /dev/null
  for _ in $(seq 1 100); do
    redis-cli -h 127.0.0.1 -p "$port" ping > /dev/null 2>&1 && return 0
    sleep 0.05
  done
  fail "the server on port $port did not answer; its log: $dir/redis.log"
}

halt() {
  local dir=$1
  [ -f "$dir/port" ] || fail "$dir is not a folder this script made"
  redis-cli -h 127.0.0.1 -p "$(cat "$dir/port")" shutdown nosave > /dev/null 2>&1 || true
  for _ in $(seq 1 100); do
    [ -f "$dir/redis.pid" ] && kill -0 "$(cat "$dir/redis.pid")" 2> /dev/null || return 0
    sleep 0.05
  done
}

case "${1:-}" in
  start)
    command -v redis-server > /dev/null || install_redis
    dir=$(mktemp -d "${TMPDIR:-/tmp}/switchboard-redis.XXXXXX")
    port=$(free_port)
    echo "$port" > "$dir/port"
    launch "$dir" "$port"
    echo "REDIS_DIR=$dir"
    echo "REDIS_PORT=$port"
    echo "REDIS_URL=redis://127.0.0.1:$port"
    ;;
  stop) halt "${2:?the folder of the server}" ;;
  resume) dir=${2:?the folder of the server}; launch "$dir" "$(cat "$dir/port")" ;;
  destroy) dir=${2:?the folder of the server}; [ -d "$dir" ] || exit 0; halt "$dir"; rm -rf "$dir" ;;
  *) sed -n '2,14p' "$0" >&2; exit 1 ;;
esac
