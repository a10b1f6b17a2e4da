#!/usr/bin/env bash
# The cost of the stats service on the network edge: the edge benchmark's Switchboard workloads (get
# round trip one in flight, set -> subscriber pipelined 200 in flight) against the same distribution
# with the stats service on (the default, with a Prometheus-like scrape of /metrics every 5 s) and
# off (etc/io.switchboard.stats.cfg: enabled = false), in one run, rounds alternating on/off so that
# drift in the machine's load falls on both. Loopback only; every workload is bounded in count and time.
#
# usage: bench/edge-stats.sh [get-count] [pipe-count] [rounds]    (defaults 20000 100000 2)
# Needs a built distribution (mvn package -DskipTests); builds the load driver itself.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
gets=${1:-20000}; pipes=${2:-100000}; rounds=${3:-2}
dist="${SWITCHBOARD_DIST:-$here/runtime/target/switchboard}"
[ -x "$dist/bin/switchboard" ] || { echo "no distribution: run mvn package -DskipTests first" >&2; exit 2; }
. "$here/bench/lib.sh"
build_driver "$here"
driver=(java -Xss512k -cp "$here/bench/load/target/switchboard-load-driver.jar" io.switchboard.bench.load.EdgeLoad)
token=edge-stats-scrape-token-0123456789
out="$work/results.txt"; : > "$out"

run() { # on|off, round
  local state=$1 round=$2 home="$work/home-$1-$2" port pid scraper=""
  mkdir -p "$home/etc"
  printf 'rate.limit = 0\n' > "$home/etc/io.switchboard.session.cfg"
  printf 'switchboard.data.patterns = /bench/**\n' > "$home/etc/io.switchboard.data.memory.cfg"
  if [ "$state" = on ]; then printf 'scrapeToken = %s\n' "$token"; else printf 'enabled = false\n'; fi > "$home/etc/io.switchboard.stats.cfg"
  port=$(free_port)
  SWITCHBOARD_HOME="$home" SWITCHBOARD_HTTP_PORT="$port" SWITCHBOARD_FEATURES=core,edge SWITCHBOARD_ADMIN_PASSWORD=bench \
    "$dist/bin/switchboard" --host 127.0.0.1 > "$work/sb.log" 2>&1 & pid=$!; pids+=("$pid")
  await_line "$work/sb.log" "ready in"
  if [ "$state" = on ]; then
    curl -sf -o /dev/null -H "Authorization: Bearer $token" "http://127.0.0.1:$port/metrics" || { echo "stats on, but /metrics does not answer" >&2; exit 1; }
    (while sleep 5; do curl -s -o /dev/null -H "Authorization: Bearer $token" "http://127.0.0.1:$port/metrics"; done) & scraper=$!; pids+=("$scraper")
  elif curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/metrics" | grep -qv 404; then
    echo "stats off, but /metrics answers" >&2; exit 1
  fi
  # a pipelined round first, not measured: the JIT's work must not land in what get measures
  timeout 180 "${driver[@]}" pipe "$port" "$(( pipes / 2 ))" > /dev/null 2>&1 || true
  measured "$state" get "$pid" "$out" timeout 180 "${driver[@]}" get "$port" "$gets"
  measured "$state" pipe "$pid" "$out" timeout 180 "${driver[@]}" pipe "$port" "$pipes"
  [ -n "$scraper" ] && stop "$scraper"
  stop "$pid"
}

echo "java: $(java -version 2>&1 | head -1); cores: $(nproc); load: $(cut -d' ' -f1-3 /proc/loadavg); counts: get $gets, pipe $pipes, rounds $rounds"
for r in $(seq 1 "$rounds"); do
  if [ $(( r % 2 )) = 1 ]; then run on "$r"; run off "$r"; else run off "$r"; run on "$r"; fi
done
python3 - "$out" <<'PY'
import statistics, sys
values = {}
for line in open(sys.argv[1]):
    parts = line.split()
    if len(parts) == 4:
        try: values.setdefault((parts[0], parts[1], parts[2]), []).append(float(parts[3]))
        except ValueError: pass
def per_msg(state, w, metric, scale):
    n, x = values.get((state, w, 'messages'), []), values.get((state, w, metric), [])
    return [a * scale / b for a, b in zip(x, n) if b]
for state in ('on', 'off'):
    for w in ('get', 'pipe'):
        values[(state, w, 'cpu_us_per_msg')] = per_msg(state, w, 'server_cpu_s', 1e6)
        values[(state, w, 'alloc_bytes_per_msg')] = per_msg(state, w, 'server_alloc_bytes', 1)
def med(state, w, m):
    x = values.get((state, w, m), [])
    return statistics.median(x) if x else None
def fmt(x): return '-' if x is None else ('%.2f' % x if x < 100 else '%.0f' % x)
print(f"\n{'metric (median of rounds)':32} {'stats on':>10} {'stats off':>10} {'on/off':>7}")
for w, m in (('get', 'p50_us'), ('get', 'p99_us'), ('get', 'cpu_us_per_msg'), ('get', 'alloc_bytes_per_msg'),
             ('pipe', 'msgs_per_s'), ('pipe', 'p99_ms'), ('pipe', 'cpu_us_per_msg'), ('pipe', 'alloc_bytes_per_msg')):
    on, off = med('on', w, m), med('off', w, m)
    print(f"{w + ' ' + m:32} {fmt(on):>10} {fmt(off):>10} {('-' if not on or not off else '%.3f' % (on / off)):>7}")
loads = sorted(set(values.get(('on', 'get', 'load'), []) + values.get(('off', 'get', 'load'), [])))
print(f"load average (1 min) when the measured workloads started: {', '.join('%.2f' % l for l in loads)}")
PY
