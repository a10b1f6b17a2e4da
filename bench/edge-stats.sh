#!/usr/bin/env bash
# The cost of the stats service on the network edge: the edge benchmark's Switchboard workloads (get
# round trip one in flight, set -> subscriber pipelined 200 in flight) against the same distribution
# with the stats service on (the default, with a Prometheus-like scrape of /metrics every 5 s) and
# off (etc/io.switchboard.stats.cfg: enabled = false), in one run, rounds alternating on/off so that
# drift in the machine's load falls on both. Loopback only; every workload is bounded in count and time.
# Both sides get the same GET /metrics every 5 s (with stats off a 404), so that they differ in the
# stats service alone and not in an HTTP request landing among the WebSocket work (bench/README-stats.md).
# The server's CPU is also given without its JIT compiler threads: a round of a few seconds still
# compiles, and how much it compiles moves from JVM to JVM by more than the 2 % looked for.
#
# usage: bench/edge-stats.sh [get-count] [pipe-count] [rounds]    (defaults 20000 100000 2)
# EDGE_STATS_AA=1 runs stats off on both sides (an A/A run: the method's own spread).
# EDGE_STATS_WORKLOAD=mesh measures the mesh instead: deviceManager 1.0.0 (from the distribution's
# examples/) called with raw frames (MeshLoad), one call in flight ([get-count] calls) and pipelined
# ([pipe-count] calls, 100 in flight), as bench/mesh-net.sh does.
# Needs a built distribution (mvn package -DskipTests); builds the load driver itself.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
gets=${1:-20000}; pipes=${2:-100000}; rounds=${3:-2}
dist="${SWITCHBOARD_DIST:-$here/runtime/target/switchboard}"
[ -x "$dist/bin/switchboard" ] || { echo "no distribution: run mvn package -DskipTests first" >&2; exit 2; }
. "$here/bench/lib.sh"
build_driver "$here"
workload=${EDGE_STATS_WORKLOAD:-edge}
case "$workload" in
  edge) driver=(java -Xss512k -cp "$here/bench/load/target/switchboard-load-driver.jar:$here/bench/load/target/lib/*" io.switchboard.bench.load.EdgeLoad); one=get;;
  mesh) driver=(java -Xss512k -cp "$here/bench/load/target/switchboard-load-driver.jar:$here/bench/load/target/lib/*" io.switchboard.bench.load.MeshLoad); one=call;;
  *) echo "EDGE_STATS_WORKLOAD is edge or mesh, not $workload" >&2; exit 2;;
esac
token=edge-stats-scrape-token-0123456789
out="$work/results.txt"; : > "$out"
aa=${EDGE_STATS_AA:-0}

run() { # on|off, round
  local state=$1 round=$2 home="$work/home-$1-$2" port pid scraper=""
  mkdir -p "$home/etc" "$home/deploy"
  [ "$workload" = mesh ] && cp "$dist/examples/device-manager-1.0.0.jar" "$home/deploy/"
  printf 'rate.limit = 0\n' > "$home/etc/io.switchboard.session.cfg"
  printf 'switchboard.data.patterns = /bench/**\n' > "$home/etc/io.switchboard.data.memory.cfg"
  if [ "$state" = on ] && [ "$aa" != 1 ]; then printf 'scrapeToken = %s\n' "$token"; else printf 'enabled = false\n'; fi > "$home/etc/io.switchboard.stats.cfg"
  port=$(free_port)
  SWITCHBOARD_HOME="$home" SWITCHBOARD_HTTP_PORT="$port" SWITCHBOARD_FEATURES=core,edge SWITCHBOARD_ADMIN_PASSWORD=bench \
    "$dist/bin/switchboard" --host 127.0.0.1 > "$work/sb.log" 2>&1 & pid=$!; pids+=("$pid")
  await_line "$work/sb.log" "ready in"
  [ "$workload" = mesh ] && await_line "$work/sb.log" "deviceManager@1.0.0 started"
  code=$(curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $token" "http://127.0.0.1:$port/metrics")
  if [ "$state" = on ] && [ "$aa" != 1 ]; then
    [ "$code" = 200 ] || { echo "stats on, but /metrics answers $code" >&2; exit 1; }
  elif [ "$code" != 404 ]; then
    echo "stats off, but /metrics answers $code" >&2; exit 1
  fi
  (while sleep 5; do curl -s -o /dev/null -H "Authorization: Bearer $token" "http://127.0.0.1:$port/metrics"; done) & scraper=$!; pids+=("$scraper")
  # pipelined rounds and one-in-flight rounds first, not measured, until the JIT is done (lib.sh's warm_up)
  local window=(); [ "$workload" = mesh ] && window=(100)
  warm_up "stats $state pipe" "$pid" timeout 180 "${driver[@]}" pipe "$port" "$pipes" "${window[@]}"
  warm_up "stats $state $one" "$pid" timeout 180 "${driver[@]}" "$one" "$port" "$gets"
  measured "$state" "$one" "$pid" "$out" timeout 180 "${driver[@]}" "$one" "$port" "$gets"
  warm_up "stats $state pipe" "$pid" timeout 180 "${driver[@]}" pipe "$port" "$pipes" "${window[@]}" # again: each measured after its own
  measured "$state" pipe "$pid" "$out" timeout 180 "${driver[@]}" pipe "$port" "$pipes" "${window[@]}"
  stop "$scraper"
  stop "$pid"
}

echo "java: $(java -version 2>&1 | head -1); cores: $(nproc); load: $(cut -d' ' -f1-3 /proc/loadavg); workload: $workload; counts: $one $gets, pipe $pipes, rounds $rounds$([ "$aa" = 1 ] && echo '; A/A: stats off on both sides')"
for r in $(seq 1 "$rounds"); do
  if [ $(( r % 2 )) = 1 ]; then run on "$r"; run off "$r"; else run off "$r"; run on "$r"; fi
done
python3 - "$out" "$workload" <<'PY'
import statistics, sys
mesh = sys.argv[2] == 'mesh'
one, count, rate, pipe_p99 = ('call', 'calls', 'calls_per_s', 'p99_us') if mesh else ('get', 'messages', 'msgs_per_s', 'p99_ms')
values = {}
for line in open(sys.argv[1]):
    parts = line.split()
    if len(parts) == 4:
        try: values.setdefault((parts[0], parts[1], parts[2]), []).append(float(parts[3]))
        except ValueError: pass
def per_msg(state, w, metric, scale):
    n, x = values.get((state, w, count), []), values.get((state, w, metric), [])
    return [a * scale / b for a, b in zip(x, n) if b]
for state in ('on', 'off'):
    for w in (one, 'pipe'):
        values[(state, w, 'cpu_us_per_msg')] = per_msg(state, w, 'server_cpu_s', 1e6)
        values[(state, w, 'alloc_bytes_per_msg')] = per_msg(state, w, 'server_alloc_bytes', 1)
        values[(state, w, 'jit_cpu_us_per_msg')] = per_msg(state, w, 'server_jit_s', 1e6)
        values[(state, w, 'nojit_cpu_us_per_msg')] = [a - b for a, b in zip(values[(state, w, 'cpu_us_per_msg')], values[(state, w, 'jit_cpu_us_per_msg')])]
def med(state, w, m):
    x = values.get((state, w, m), [])
    return statistics.median(x) if x else None
def fmt(x): return '-' if x is None else ('%.2f' % x if x < 100 else '%.0f' % x)
print(f"\n{'metric (median of rounds)':32} {'stats on':>10} {'stats off':>10} {'on/off':>7}")
for w, m in ((one, 'p50_us'), (one, 'p99_us'), (one, 'cpu_us_per_msg'), (one, 'nojit_cpu_us_per_msg'), (one, 'alloc_bytes_per_msg'),
             ('pipe', rate), ('pipe', pipe_p99), ('pipe', 'cpu_us_per_msg'), ('pipe', 'nojit_cpu_us_per_msg'),
             ('pipe', 'jit_cpu_us_per_msg'), ('pipe', 'alloc_bytes_per_msg')):
    on, off = med('on', w, m), med('off', w, m)
    print(f"{w + ' ' + m:32} {fmt(on):>10} {fmt(off):>10} {('-' if not on or not off else '%.3f' % (on / off)):>7}")
for m in (rate, 'nojit_cpu_us_per_msg'):
    print(f"pipe {m} by round, on: {', '.join(fmt(x) for x in values.get(('on', 'pipe', m), []))}; off: {', '.join(fmt(x) for x in values.get(('off', 'pipe', m), []))}")
loads = sorted(set(values.get(('on', one, 'load'), []) + values.get(('off', one, 'load'), [])))
print(f"load average (1 min) when the measured workloads started: {', '.join('%.2f' % l for l in loads)}")
PY
