#!/usr/bin/env bash
# The Java client against raw frames (issue 13 item 4), in ONE run on ONE runtime: the remote call
# deviceManager.version() made with raw switchboard.v1 frames (MeshLoad) and with SwitchboardClient
# (ClientLoad), alternating ROUNDS times (raw, client, raw, client ...), one call in flight (p50,
# p99) and pipelined (WINDOW in flight: calls/s). Prints every figure with the load average, then
# the medians and the ratios the issue sets goals for: client p50 / raw p50 (goal <= 1.2) and client
# calls/s / raw calls/s (goal >= 0.8). Unpinned, loopback only, each workload bounded in count and time.
#
# usage: bench/edge-client.sh [call-count] [pipe-count] [window] [rounds]   (defaults 20000 100000 100 3)
# CLIENT_JFR=DIR records each ClientLoad run with JFR's profile settings into DIR/client-<workload>-<round>.jfr
# (where the client's own CPU goes; `jfr print --events jdk.ExecutionSample` reads it).
# Needs a built distribution (mvn package -DskipTests); builds the driver itself.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
calls=${1:-20000}; pipes=${2:-100000}; window=${3:-100}; rounds=${4:-3}
dist="${SWITCHBOARD_DIST:-$here/runtime/target/switchboard}"
[ -x "$dist/bin/switchboard" ] || { echo "no distribution: run mvn package -DskipTests first" >&2; exit 2; }
. "$here/bench/lib.sh"
build_driver "$here"
driver=(java -Xss512k -cp "$here/bench/load/target/switchboard-load-driver.jar:$here/bench/load/target/lib/*")
out="$work/client.txt"; : > "$out"

home="$work/home"; mkdir -p "$home/etc" "$home/deploy"
printf 'rate.limit = 0\n' > "$home/etc/io.switchboard.session.cfg"
cp "$dist/examples/device-manager-1.0.0.jar" "$home/deploy/"
port=$(free_port)
SWITCHBOARD_HOME="$home" SWITCHBOARD_HTTP_PORT="$port" SWITCHBOARD_FEATURES=core,edge SWITCHBOARD_ADMIN_PASSWORD=bench \
  "$dist/bin/switchboard" --host 127.0.0.1 > "$work/sb.log" 2>&1 & pid=$!; pids+=("$pid")
await_line "$work/sb.log" "deviceManager@1.0.0 started"
await_line "$work/sb.log" "ready in"
# warm-up, not measured: both drivers, so the JIT's work lands in neither side's figures
timeout 180 "${driver[@]}" io.switchboard.bench.load.MeshLoad pipe "$port" "$(( pipes / 2 ))" "$window" > /dev/null 2>&1 || true
timeout 180 "${driver[@]}" io.switchboard.bench.load.ClientLoad pipe "$port" "$(( pipes / 2 ))" "$window" > /dev/null 2>&1 || true

echo "java: $(java -version 2>&1 | head -1); cores: $(nproc); load: $(cut -d' ' -f1-3 /proc/loadavg); calls $calls, pipe $pipes, window $window, rounds $rounds"
for r in $(seq 1 "$rounds"); do
  for side in raw client; do
    class=$([ $side = raw ] && echo MeshLoad || echo ClientLoad)
    for w in call pipe; do
      echo "$side $w load $(load1)" >> "$out"
      jfr=()
      if [ -n "${CLIENT_JFR:-}" ] && [ $side = client ]; then
        mkdir -p "$CLIENT_JFR"; jfr=(-XX:StartFlightRecording=settings=profile,filename="$CLIENT_JFR/client-$w-$r.jfr")
      fi
      timeout 180 "${driver[0]}" "${jfr[@]}" "${driver[@]:1}" io.switchboard.bench.load.$class $w "$port" "$([ $w = call ] && echo "$calls" || echo "$pipes")" \
        $([ $w = pipe ] && echo "$window") 2>&1 | sed "s/^/$side /" >> "$out" || true
    done
  done
done
stop "$pid"
cat "$out"
python3 - "$out" <<'PY'
import statistics, sys
runs = {}
for line in open(sys.argv[1]):
    p = line.split()
    if len(p) == 4:
        try: runs.setdefault((p[0], p[1], p[2]), []).append(float(p[3]))
        except ValueError: pass
def med(side, w, m):
    v = runs.get((side, w, m)); return statistics.median(v) if v else None
loads = sorted(set(sum((runs.get((side, w, 'load'), []) for side in ('raw', 'client') for w in ('call', 'pipe')), [])))
print("\nmedians of the rounds (load average at the workloads: %s)" % ', '.join('%.1f' % l for l in loads))
for w, m, goal in (('call', 'p50_us', '<= 1.2'), ('call', 'p99_us', ''), ('pipe', 'calls_per_s', '>= 0.8'), ('pipe', 'p99_us', '')):
    raw, client = med('raw', w, m), med('client', w, m)
    ratio = '-' if not raw or client is None else '%.2f' % (client / raw)
    fmt = lambda v: '%10s' % ('-' if v is None else '%.1f' % v)
    print(f"{w + ' ' + m:18} raw {fmt(raw)}  client {fmt(client)}  client/raw {ratio:>5}  {('goal ' + goal) if goal else ''}")
PY
