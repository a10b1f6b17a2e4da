#!/usr/bin/env bash
# Connections at scale (issue 13 item 5): CONNECTIONS WebSocket connections, each with a handshake
# and one subscription, on one runtime with the start script's default heap, then one publication
# to all of them, timed from the set to the last delivery (5 rounds; median and max). Reports the
# connection setup rate and the server's resident memory (VmRSS, VmHWM from /proc) idle, with all
# connected and subscribed, and after the publications; then whether /health still answers 200.
# The same against happn-3 (bench/happn/conns.js, its own client), bounded by CONNS_HAPPN_SECONDS.
# Loopback only; every phase is bounded in time (a stalled setup or a round over 60 s ends it).
#
# usage: bench/edge-conns.sh [connections]      (default 10000)
# CONNS_TARGETS picks among switchboard,happn (default both). CONNS_DISTS runs several
# distributions in one run, as name=path pairs separated by spaces (for before and after:
# "before=/tmp/main-dist after=runtime/target/switchboard"); CONNS_REPEAT runs them all that many
# times, alternating (default 1). Needs a built distribution (mvn package -DskipTests).
#
# Each connection is a file descriptor in the server and in the driver: the script raises its soft
# limit (ulimit -n) to the hard one and stops when that is below connections + 1024.
# LOAD_CP="<jar>:<lib>/*" runs another build's driver (say main's, copied out of its tree) instead of building this one.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
connections=${1:-10000}
targets=",${CONNS_TARGETS:-switchboard,happn},"
wants() { [[ $targets == *",$1,"* ]]; }
dists=${CONNS_DISTS:-switchboard=$here/runtime/target/switchboard}
repeat=${CONNS_REPEAT:-1}
happn_seconds=${CONNS_HAPPN_SECONDS:-600}

ulimit -n "$(ulimit -Hn)"
if [ "$(ulimit -n)" != unlimited ] && [ "$(ulimit -n)" -lt $(( connections + 1024 )) ]; then
  echo "ulimit -n is $(ulimit -n): $connections connections need at least $(( connections + 1024 )) file descriptors (raise the hard limit, e.g. in /etc/security/limits.conf)" >&2
  exit 2
fi
for pair in $dists; do
  [ -x "${pair#*=}/bin/switchboard" ] || { echo "no distribution at ${pair#*=}: run mvn package -DskipTests first" >&2; exit 2; }
done
if wants happn; then (cd "$here/bench/happn" && [ -d node_modules/happn-3 ] || npm ci --no-audit --no-fund --silent); fi
. "$here/bench/lib.sh"
[ -n "${LOAD_CP:-}" ] || build_driver "$here"
driver=(java -Xss512k -cp "${LOAD_CP:-$here/bench/load/target/switchboard-load-driver.jar:$here/bench/load/target/lib/*}" io.switchboard.bench.load.ConnsLoad)
out="$work/conns.txt"; : > "$out"

run_switchboard() { # name, distribution
  local name=$1 dist=$2 home="$work/home-$1" port pid
  rm -rf "$home"; mkdir -p "$home/etc"
  printf 'switchboard.data.patterns = /bench/**\n' > "$home/etc/io.switchboard.data.memory.cfg"
  port=$(free_port)
  SWITCHBOARD_HOME="$home" SWITCHBOARD_HTTP_PORT="$port" SWITCHBOARD_FEATURES=core,edge SWITCHBOARD_ADMIN_PASSWORD=bench \
    "$dist/bin/switchboard" --host 127.0.0.1 > "$work/sb.log" 2>&1 & pid=$!; pids+=("$pid")
  await_line "$work/sb.log" "ready in"
  # until it is UP and its startup gate has let a request through (the gate opens on a request, not on /health)
  for _ in $(seq 1 120); do
    [ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/api/data/bench/none")" = 404 ] && break; sleep 0.5
  done
  sleep 5 # idle: the start's own work done before the idle memory is read
  echo "$name conns load $(load1)" >> "$out"
  timeout 900 "${driver[@]}" "$port" "$connections" "$pid" 2>&1 | sed "s/^/$name /" >> "$out" || true
  if ! kill -0 "$pid" 2>/dev/null; then echo "$name conns server_died 1" >> "$out"; fi
  grep -E 'OutOfMemory|Too many open files' "$work/sb.log" | head -3 | sed "s/^/$name log: /" >> "$out" || true
  stop "$pid"
}

run_happn() {
  local port pid
  port=$(free_port); (cd "$here/bench/happn" && exec node server.js "$port") > "$work/happn.log" 2>&1 & pid=$!; pids+=("$pid")
  await_line "$work/happn.log" READY
  sleep 2
  echo "happn-3 conns load $(load1)" >> "$out"
  (cd "$here/bench/happn" && timeout "$happn_seconds" node conns.js "$port" "$connections" "$pid") 2>&1 | sed 's/^/happn-3 /' >> "$out" \
    || echo "happn-3 conns gave_up_after_s $happn_seconds" >> "$out"
  if ! kill -0 "$pid" 2>/dev/null; then echo "happn-3 conns server_died 1" >> "$out"; fi
  stop "$pid"
}

echo "java: $(java -version 2>&1 | head -1); node: $(node --version 2>/dev/null || echo none); cores: $(nproc); load: $(cut -d' ' -f1-3 /proc/loadavg); connections: $connections; ulimit -n: $(ulimit -n)"
for i in $(seq 1 "$repeat"); do
  if wants switchboard; then
    for pair in $dists; do run_switchboard "${pair%%=*}#$i" "${pair#*=}"; done
  fi
  if wants happn && [ "$i" = 1 ]; then run_happn; fi
done
cat "$out"
python3 - "$out" <<'PY'
import sys
rows, names = {}, []
for line in open(sys.argv[1]):
    parts = line.split()
    if len(parts) == 4 and parts[1] == 'conns':
        if parts[0] not in names: names.append(parts[0])
        rows[(parts[0], parts[2])] = parts[3]
metrics = ['load', 'connected', 'failed', 'setup_per_s', 'setup_cpu_us_per_conn', 'rss_idle_mb', 'rss_subscribed_mb', 'hwm_subscribed_mb',
           'fanout_ms', 'fanout_max_ms', 'undelivered', 'fanout_cpu_us_per_delivery', 'rss_after_mb', 'hwm_after_mb', 'closed_by_server',
           'health', 'progress_connected', 'progress_s', 'rss_progress_mb', 'gave_up_after_s', 'server_died']
print()
print(f"{'metric':20}" + ''.join(f"{n:>16}" for n in names))
for m in metrics:
    print(f"{m:20}" + ''.join(f"{rows.get((n, m), '-'):>16}" for n in names))
PY
