#!/usr/bin/env bash
# The remote-call benchmark (issue 6): one remote call, deviceManager.version() in range ^1.0.0,
# measured side by side in one run against
#   - the floor: a raw TCP ping-pong between two JVMs (EdgeLoad's echo-server and tcp workloads),
#   - Switchboard, driven with raw switchboard.v1 frames (MeshLoad) and with the Java client
#     (ClientLoad); once more with the security feature (a logged-in session),
#   - happner-2 (a mesh with one component and a MeshClient, bench/happner),
#   - NATS request/reply through nats-server (jnats; a responder JVM and a requester JVM).
# Each server is first warmed up (rounds of pipe-count / 2 pipelined calls, then of one-in-flight calls, until
# its JIT is done: lib.sh's warm_up), then measured one
# call in flight (p50, p99) and pipelined (calls/s and p99 with WINDOW in flight; happner-2 also with
# 50, the issue's reference figure), with the server side's CPU per pipelined call. Every workload is bounded in count and
# time. Three placements, since on 2 cores placement dominates latency: unpinned, every process on
# one core, and the server side (runtime, happner mesh, nats-server and its responder, echo server)
# on core 0 with the client on core 1 (taskset).
#
# usage: bench/mesh-net.sh [call-count] [pipe-count] [window]       (defaults 20000 100000 100)
#        MODES="split-cores" bench/mesh-net.sh                        only some placements
#        SECURE=0 bench/mesh-net.sh                                   without the secure runtime
#        MESH_BENCH_RANGE=none bench/mesh-net.sh                      raw frames without options.range
#        SWITCHBOARD_DIST=/tmp/copy/switchboard bench/mesh-net.sh     another distribution (an earlier build, to compare)
#        WARMUP_CALL=N WARMUP_PIPE=N bench/mesh-net.sh                calls each Switchboard driver makes in its own JVM
#                                                                     before it measures (defaults 200000, 300000)
# Needs a built distribution (mvn package -DskipTests from the root). Installs happner-2 (npm ci)
# and nats-server (apt-get, when missing), and builds the driver itself. Listens on 127.0.0.1 only.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
calls=${1:-20000}; pipes=${2:-100000}; window=${3:-100}; warm_calls=$(( pipes / 2 ))
modes=${MODES:-unpinned same-core split-cores}; secure=${SECURE:-1}
dist="${SWITCHBOARD_DIST:-$here/runtime/target/switchboard}"
[ -x "$dist/bin/switchboard" ] || { echo "no distribution: run mvn install -DskipTests first" >&2; exit 2; }
(cd "$here/bench/happner" && [ -d node_modules/happner-2 ] || npm ci --no-audit --no-fund --silent)
if ! command -v nats-server > /dev/null; then
  echo "installing nats-server (Debian package)" >&2
  { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nats-server; } > /dev/null
fi
. "$here/bench/lib.sh"
build_driver "$here"
cp="$here/bench/load/target/switchboard-load-driver.jar:$here/bench/load/target/lib/*"
driver=(java -Xss512k -cp "$cp")
# The measured runs of both Switchboard drivers (raw frames, the Java client) warm up in their own JVM
# first, as bench/edge-client.sh's do: the client's JVM compiles far more code than the raw
# driver's, and after a short warm-up its CPU per pipelined call was 7-11 us against 4.2 after these.
dcall=(java -DwarmUpCalls="${WARMUP_CALL:-200000}" -Xss512k -cp "$cp")
dpipe=(java -DwarmUpCalls="${WARMUP_PIPE:-300000}" -Xss512k -cp "$cp")
load() { cut -d' ' -f1-3 /proc/loadavg; }
# Runs a pipelined workload and adds "<peer> pipe server_cpu_s <s>" (and, for a JVM server,
# "server_alloc_bytes"): what the server side spent on it, which the report divides by the calls
# the driver made (all_calls), costs per call that a busy machine changes far less than times.
server_cpu() { # peer, "server pids", command...
  local peer=$1 spids=$2; shift 2
  measured "$peer" pipe "$spids" "$out" "$@"
}

# A runtime with deviceManager 1.0.0 deployed from the distribution's examples/; sets pid.
start_runtime() { # label, features, port, pin...
  local label=$1 features=$2 port=$3 home="$work/home-$1"; shift 3
  mkdir -p "$home/etc" "$home/deploy"
  printf 'rate.limit = 0\n' > "$home/etc/io.switchboard.session.cfg"
  printf 'password.iterations = 10000\n' > "$home/etc/io.switchboard.security.cfg"
  cp "$dist/examples/device-manager-1.0.0.jar" "$home/deploy/"
  SWITCHBOARD_HOME="$home" SWITCHBOARD_HTTP_PORT="$port" SWITCHBOARD_FEATURES="$features" SWITCHBOARD_ADMIN_PASSWORD=bench \
    "$@" "$dist/bin/switchboard" --host 127.0.0.1 > "$work/$label.log" 2>&1 &
  pid=$!; pids+=("$pid")
}

run_mode() { # mode, server cpus, client cpus
  local mode=$1 scpu=$2 ccpu=$3 out="$work/$1.txt" port pid rpid
  local spin=(); local cpin=()
  [ -n "$scpu" ] && spin=(taskset -c "$scpu"); [ -n "$ccpu" ] && cpin=(taskset -c "$ccpu")
  echo "load-before $(load)" > "$out"
  echo "[$(date -u +%H:%M:%S)] $mode: tcp floor" >&2

  port=$(free_port); "${spin[@]}" "${driver[@]}" io.switchboard.bench.load.EdgeLoad echo-server "$port" > "$work/echo.log" 2>&1 & pid=$!; pids+=("$pid")
  await_line "$work/echo.log" READY
  timeout 120 "${cpin[@]}" "${driver[@]}" io.switchboard.bench.load.EdgeLoad tcp "$port" "$calls" | sed 's/^tcp /tcp call /' >> "$out" || true
  stop "$pid"

  echo "[$(date -u +%H:%M:%S)] $mode: switchboard" >&2
  port=$(free_port); start_runtime "sb-$mode" core,edge "$port" "${spin[@]}"
  await_line "$work/sb-$mode.log" "deviceManager@1.0.0 started"
  warm_up "switchboard pipe" "$pid" timeout 180 "${cpin[@]}" "${driver[@]}" io.switchboard.bench.load.MeshLoad pipe "$port" "$warm_calls" "$window"
  warm_up "switchboard call" "$pid" timeout 180 "${cpin[@]}" "${driver[@]}" io.switchboard.bench.load.MeshLoad call "$port" "$calls"
  timeout 180 "${cpin[@]}" "${dcall[@]}" io.switchboard.bench.load.MeshLoad call "$port" "$calls" 2>&1 | sed 's/^/switchboard /' >> "$out" || true
  # each measured right after its own warm-up: after the calls one at a time, the pipelined ones again
  warm_up "switchboard pipe" "$pid" timeout 180 "${cpin[@]}" "${driver[@]}" io.switchboard.bench.load.MeshLoad pipe "$port" "$warm_calls" "$window"
  server_cpu switchboard "$pid" timeout 180 "${cpin[@]}" "${dpipe[@]}" io.switchboard.bench.load.MeshLoad pipe "$port" "$pipes" "$window"
  timeout 180 "${cpin[@]}" "${dcall[@]}" io.switchboard.bench.load.ClientLoad call "$port" "$calls" 2>&1 | sed 's/^/client /' >> "$out" || true
  server_cpu client "$pid" timeout 180 "${cpin[@]}" "${dpipe[@]}" io.switchboard.bench.load.ClientLoad pipe "$port" "$pipes" "$window"
  stop "$pid"

  if [ "$secure" = 1 ]; then
    echo "[$(date -u +%H:%M:%S)] $mode: switchboard with security" >&2
    port=$(free_port); start_runtime "sbs-$mode" core,edge,security "$port" "${spin[@]}"
    await_line "$work/sbs-$mode.log" "deviceManager@1.0.0 started"
    await_line "$work/sbs-$mode.log" "ready in"
    warm_up "secure pipe" "$pid" env SWITCHBOARD_ADMIN_PASSWORD=bench timeout 180 "${cpin[@]}" "${driver[@]}" io.switchboard.bench.load.MeshLoad pipe "$port" "$warm_calls" "$window"
    SWITCHBOARD_ADMIN_PASSWORD=bench timeout 180 "${cpin[@]}" "${dcall[@]}" io.switchboard.bench.load.MeshLoad call "$port" "$calls" 2>&1 \
      | sed 's/^/secure /' >> "$out" || true
    warm_up "secure pipe" "$pid" env SWITCHBOARD_ADMIN_PASSWORD=bench timeout 180 "${cpin[@]}" "${driver[@]}" io.switchboard.bench.load.MeshLoad pipe "$port" "$warm_calls" "$window"
    server_cpu secure "$pid" env SWITCHBOARD_ADMIN_PASSWORD=bench timeout 180 "${cpin[@]}" "${dpipe[@]}" io.switchboard.bench.load.MeshLoad pipe "$port" "$pipes" "$window"
    stop "$pid"
  fi

  echo "[$(date -u +%H:%M:%S)] $mode: happner-2" >&2
  port=$(free_port); (cd "$here/bench/happner" && exec "${spin[@]}" node server.js "$port") > "$work/happner.log" 2>&1 & pid=$!; pids+=("$pid")
  await_line "$work/happner.log" READY
  happner() { (cd "$here/bench/happner" && timeout 300 "${cpin[@]}" node client.js "$port" "$@") 2>&1; }
  NOT_JVM=1 warm_up "happner-2 pipe" "$pid" happner pipe "$warm_calls" 50
  happner call "$calls" | sed 's/^/happner /' >> "$out" || true
  NOT_JVM=1 server_cpu happner "$pid" happner pipe "$pipes" "$window"
  happner pipe "$pipes" 50 | sed 's/^pipe /pipe50 /; s/^/happner /' >> "$out" || true
  stop "$pid"

  echo "[$(date -u +%H:%M:%S)] $mode: nats" >&2
  port=$(free_port); "${spin[@]}" nats-server -a 127.0.0.1 -p "$port" > "$work/nats.log" 2>&1 & pid=$!; pids+=("$pid")
  "${spin[@]}" "${driver[@]}" io.switchboard.bench.load.NatsLoad nats-responder "nats://127.0.0.1:$port" > "$work/responder.log" 2>&1 & rpid=$!; pids+=("$rpid")
  await_line "$work/responder.log" READY
  warm_up "nats (its responder's JIT)" "$pid $rpid" timeout 180 "${cpin[@]}" "${driver[@]}" io.switchboard.bench.load.NatsLoad nats-pipe "nats://127.0.0.1:$port" "$warm_calls" "$window"
  timeout 180 "${cpin[@]}" "${driver[@]}" io.switchboard.bench.load.NatsLoad nats-call "nats://127.0.0.1:$port" "$calls" 2>&1 | sed 's/^/nats /' >> "$out" || true
  NOT_JVM=1 server_cpu nats "$pid $rpid" timeout 180 "${cpin[@]}" "${driver[@]}" io.switchboard.bench.load.NatsLoad nats-pipe "nats://127.0.0.1:$port" "$pipes" "$window"
  stop "$rpid"; stop "$pid"
  echo "load-after $(load)" >> "$out"
}

report() { # mode
  python3 - "$work/$1.txt" "$1" "$window" <<'PY'
import sys
path, mode, window = sys.argv[1], sys.argv[2], sys.argv[3]
values, notes, loads = {}, [], {}
for line in open(path):
    parts = line.split()
    if parts and parts[0].startswith('load-'):
        loads[parts[0]] = ' '.join(parts[1:]); continue
    if len(parts) == 4:
        try:
            value = float(parts[3])
            if value == value: values[(parts[0], parts[1], parts[2])] = value  # NaN: nothing measured
            continue
        except ValueError: pass
    if line.strip(): notes.append(line.rstrip())
def v(peer, w, m): return values.get((peer, w, m))
def fmt(x): return '-' if x is None else ('%.1f' % x if x < 1000 else '{:,.0f}'.format(x))
def ratio(a, b): return '-' if a is None or b is None or b == 0 else '%.2f' % (a / b)
print(f"\n== {mode} ==  (load average before {loads.get('load-before', '?')}, after {loads.get('load-after', '?')})")
peers = [('tcp', 'tcp floor'), ('switchboard', 'sb frames'), ('client', 'sb client'), ('secure', 'sb secure'),
         ('happner', 'happner-2'), ('nats', 'nats')]
print(f"{'metric':30}" + ''.join(f"{label:>11}" for _, label in peers) + f"{'sb/tcp':>8}{'sb/happner':>11}{'sb/nats':>8}")
rows = [('call', 'p50_us', 'call p50 (µs)'), ('call', 'p99_us', 'call p99 (µs)'),
        ('pipe', 'calls_per_s', f'pipe calls/s ({window} in flight)'), ('pipe', 'p99_us', f'pipe p99 (µs)')]
for p, _ in peers:
    cpu, calls = v(p, 'pipe', 'server_cpu_s'), v(p, 'pipe', 'all_calls')
    if cpu is not None and calls: values[(p, 'pipe', 'cpu_us_per_call')] = cpu * 1e6 / calls
    alloc = v(p, 'pipe', 'server_alloc_bytes')
    if alloc is not None and calls: values[(p, 'pipe', 'alloc_bytes_per_call')] = alloc / calls
    jit = v(p, 'pipe', 'server_jit_s')
    if jit is not None and calls: values[(p, 'pipe', 'jit_us_per_call')] = jit * 1e6 / calls
rows.append(('pipe', 'cpu_us_per_call', 'server CPU per call (µs)'))
rows.append(('pipe', 'jit_us_per_call', "  of it the JIT's (µs)"))
rows.append(('pipe', 'alloc_bytes_per_call', 'server alloc per call (B)'))
rows.append(('pipe', 'driver_cpu_us_per_call', "the driver's CPU per call (µs)"))
rows.append(('pipe', 'driver_warm_rounds', "the driver's warm-up rounds"))
for w, m, label in rows:
    cells = [v(p, w, m) for p, _ in peers]
    sb = cells[1]
    print(f"{label:30}" + ''.join(f"{fmt(c):>11}" for c in cells)
          + f"{ratio(sb, cells[0]):>8}{ratio(sb, cells[4]):>11}{ratio(sb, cells[5]):>8}")
print("ratios are Switchboard (frames) / the peer: below 1 is better for times, above 1 better for calls/s")
h50 = v('happner', 'pipe50', 'calls_per_s'); h50p99 = v('happner', 'pipe50', 'p99_us')
print(f"happner-2 with 50 in flight: {fmt(h50)} calls/s, p99 {fmt(h50p99)} µs (the issue's reference: 10,800 calls/s)")
sb50, tcp50 = v('switchboard', 'call', 'p50_us'), v('tcp', 'call', 'p50_us')
sb99, sbps = v('switchboard', 'call', 'p99_us'), v('switchboard', 'pipe', 'calls_per_s')
cl50, clps, sbcpu = v('client', 'call', 'p50_us'), v('client', 'pipe', 'calls_per_s'), v('switchboard', 'pipe', 'cpu_us_per_call')
def goal(ok): return '-' if ok is None else ('met' if ok else 'NOT met')
print("goals (sb frames, issue 13): >= 250,000 calls/s pipelined: " + goal(None if sbps is None else sbps >= 250000)
      + "; <= 3 µs server CPU per call: " + goal(None if sbcpu is None else sbcpu <= 3))
print(f"Java client / raw frames: p50 {ratio(cl50, sb50)} (goal <= 1.2: {goal(None if cl50 is None or sb50 is None else cl50 <= 1.2 * sb50)}), "
      f"calls/s {ratio(clps, sbps)} (goal >= 0.80: {goal(None if clps is None or sbps is None else clps >= 0.8 * sbps)})")
failed = {p: int(v(p, 'pipe', 'failed') or 0) + int(v(p, 'pipe50', 'failed') or 0) for p, _ in peers}
if any(failed.values()): print("failed calls: " + ', '.join(f"{p} {n}" for p, n in failed.items() if n))
shown = {}
for note in notes:  # what the drivers said besides figures (errors): the first two lines of each peer
    peer = note.split()[0]
    shown[peer] = shown.get(peer, 0) + 1
    if shown[peer] <= 2: print("  note: " + note[:220])
PY
}

echo "java: $(java -version 2>&1 | head -1); node: $(node --version); nats-server: $(nats-server --version 2>&1)"
echo "cores: $(nproc); counts: call $calls, pipe $pipes, window $window"
echo "started $(date -u '+%Y-%m-%d %H:%M UTC'), load average $(load)"
for mode in $modes; do
  case $mode in
    unpinned) run_mode unpinned "" "" ;;
    same-core) run_mode same-core 0 0 ;;
    split-cores) run_mode split-cores 0 1 ;;
    *) echo "unknown placement $mode (unpinned, same-core, split-cores)" >&2; exit 2 ;;
  esac
done
for mode in $modes; do report "$mode"; done
