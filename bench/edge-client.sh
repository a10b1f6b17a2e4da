#!/usr/bin/env bash
# The Java client against raw frames (issue 13 item 4), in ONE run on ONE runtime: the remote call
# deviceManager.version() made with raw switchboard.v1 frames (MeshLoad) and with SwitchboardClient
# (ClientLoad), alternating ROUNDS times (raw, client, raw, client ...), one call in flight (p50,
# p99) and pipelined (WINDOW in flight: calls/s). Prints every figure with the load average, then
# the medians and the ratios the issue sets goals for: client p50 / raw p50 (goal <= 1.2) and client
# calls/s / raw calls/s (goal >= 0.8). The client also runs "chain": one call in flight, each made from
# the previous answer's callback on the client's reading thread (one wake-up per call, as raw frames'
# blocked reader), beside "call" where a caller blocks in getValue() (the reader's wake-up, then the
# caller's). For the pipelined rounds it also prints each driver's own CPU per call and how often one of
# its threads blocked per call (driver_blocks_per_call: voluntary context switches, each a wake-up
# later; the raw driver blocks about once per window). Unpinned, loopback only, each workload bounded
# in count and time.
#
# usage: bench/edge-client.sh [call-count] [pipe-count] [window] [rounds]   (defaults 20000 100000 100 3)
# Each driver JVM makes WARMUP_CALL (default 200000) one-in-flight calls, or WARMUP_PIPE (default 300000)
# pipelined calls, before it measures (-DwarmUpCalls, the same count for both drivers): the client's JVM
# compiles far more code than the raw driver's, and after a short warm-up its JIT still takes a core
# of this 2-core machine from the server in the measured round. WARMUP_PIPE=20000 gives the cold figure.
# CLIENT_BEFORE_LIB=DIR adds a third side, "before": ClientLoad on the client jar in DIR (the target/lib
# folder of another build of bench/load, say main's), alternated with the others in the same rounds.
# RAW_CP="<jar>:<lib>/*" adds a side "rawbefore": raw frames (MeshLoad) from another build's driver (say main's), to
# compare raw-frame drivers in the same rounds.
# CLIENT_JFR=DIR records each ClientLoad run with JFR's profile settings into DIR/client-<workload>-<round>.jfr
# (where the client's own CPU goes; `jfr print --events jdk.ExecutionSample` reads it).
# Needs a built distribution (mvn package -DskipTests); builds the driver itself.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
calls=${1:-20000}; pipes=${2:-100000}; window=${3:-100}; rounds=${4:-3}
warm_call=${WARMUP_CALL:-200000}; warm_pipe=${WARMUP_PIPE:-300000}
dist="${SWITCHBOARD_DIST:-$here/runtime/target/switchboard}"
[ -x "$dist/bin/switchboard" ] || { echo "no distribution: run mvn package -DskipTests first" >&2; exit 2; }
. "$here/bench/lib.sh"
build_driver "$here"
driver=(java -Xss512k -cp "$here/bench/load/target/switchboard-load-driver.jar:$here/bench/load/target/lib/*")
sides="raw client"
if [ -n "${CLIENT_BEFORE_LIB:-}" ]; then
  [ -f "$(ls "$CLIENT_BEFORE_LIB"/switchboard-client-*.jar 2>/dev/null | head -1)" ] || { echo "no client jar in $CLIENT_BEFORE_LIB" >&2; exit 2; }
  sides="raw client before"
fi
[ -z "${RAW_CP:-}" ] || sides="$sides rawbefore"
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

echo "java: $(java -version 2>&1 | head -1); cores: $(nproc); load: $(cut -d' ' -f1-3 /proc/loadavg); calls $calls, pipe $pipes, window $window, rounds $rounds, warm-up $warm_call / $warm_pipe calls, sides: $sides"
for r in $(seq 1 "$rounds"); do
  for side in $sides; do
    class=$([[ $side == raw* ]] && echo MeshLoad || echo ClientLoad)
    cp=("${driver[@]:1}")
    [ $side = before ] && cp=(-Xss512k -cp "$here/bench/load/target/switchboard-load-driver.jar:$CLIENT_BEFORE_LIB/*")
    [ $side = rawbefore ] && cp=(-Xss512k -cp "$RAW_CP")
    workloads="call pipe"; [[ $side == raw* ]] || workloads="call chain pipe"
    for w in $workloads; do
      echo "$side $w load $(load1)" >> "$out"
      jfr=()
      if [ -n "${CLIENT_JFR:-}" ] && [ $side = client ]; then
        mkdir -p "$CLIENT_JFR"; jfr=(-XX:StartFlightRecording=settings=profile,filename="$CLIENT_JFR/client-$w-$r.jfr")
      fi
      timeout 180 "${driver[0]}" "${jfr[@]}" -DwarmUpCalls="$([ $w = pipe ] && echo "$warm_pipe" || echo "$warm_call")" "${cp[@]}" \
        io.switchboard.bench.load.$class $w "$port" "$([ $w = pipe ] && echo "$pipes" || echo "$calls")" \
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
sides = [s for s in ('client', 'before', 'rawbefore') if any(k[0] == s for k in runs)]
loads = sorted(set(sum((runs.get((side, w, 'load'), []) for side in ['raw'] + sides for w in ('call', 'pipe')), [])))
print("\nmedians of the rounds (load average at the workloads: %s)" % ', '.join('%.1f' % l for l in loads))
fmt = lambda v: '%10s' % ('-' if v is None else ('%.2f' if abs(v) < 10 else '%.1f') % v)
for w, m, goal in (('call', 'p50_us', '<= 1.2'), ('call', 'p99_us', ''), ('chain', 'p50_us', ''), ('pipe', 'calls_per_s', '>= 0.8'), ('pipe', 'p99_us', ''),
                   ('pipe', 'driver_cpu_us_per_call', ''), ('pipe', 'driver_blocks_per_call', '')):
    raw = med('raw', 'call' if w == 'chain' else w, m)  # chain: against raw frames' one call in flight
    line = f"{w + ' ' + m:27} raw {fmt(raw)}"
    for side in sides:
        v = med(side, w, m)
        ratio = '-' if not raw or v is None else '%.2f' % (v / raw)
        line += f"  {side} {fmt(v)}  {side}/raw {ratio:>5}"
    print(line + (f"  goal {goal}" if goal else ''))
# each round's own ratio (the sides of one round ran back to back, at about the same load)
for side in sides:
    for w, m in (('call', 'p50_us'), ('chain', 'p50_us'), ('pipe', 'calls_per_s')):
        r, c = runs.get(('raw', 'call' if w == 'chain' else w, m), []), runs.get((side, w, m), [])
        print(f"{side}/raw {w} {m} per round: " + ', '.join('%.2f' % (b / a) for a, b in zip(r, c) if a))
PY
