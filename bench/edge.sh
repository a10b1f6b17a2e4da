#!/usr/bin/env bash
# The network-edge benchmark: Switchboard and happn-3 (the original) on the same workloads over
# loopback, in one run, with a raw TCP ping-pong between two JVMs as the floor, and Switchboard
# once more with the security feature (secure vs insecure: the cost of authorisation). Each workload is
# bounded in count and time. Every server is warmed up with each workload until its JIT is done
# (lib.sh's warm_up; WARM_ROUNDS, WARM_MIN_ROUNDS, WARM_JIT_SHARE), and the report's jit rows say what
# the compilers still used in the measured run: the figures are the steady state's. Runs three placements: unpinned, both processes on one core, and
# server and client on different cores (taskset), since on 2 cores placement dominates latency.
#
# usage: bench/edge.sh [get-count] [pipe-count] [fanout-connections]    (defaults 20000 100000 1000)
# To iterate on one part, EDGE_TARGETS picks among tcp,switchboard,secure,happn (default all) and
# EDGE_MODES among unpinned,same-core,split-cores (default all); JAVA_OPTS goes to the runtime (for example
# -XX:StartFlightRecording=...); SWITCHBOARD_DIST runs another distribution (a copy of an earlier build, to compare);
# EDGE_STORE=persistent keeps /bench/** on the runtime's default store (the embedded MVStore at its default
# consistency and durability, issue 13 item 6) instead of the memory provider, and the pipelined sets are
# stored (without it they publish with noStore).
# Needs a built distribution (mvn package -DskipTests); installs happn-3 and builds the driver itself.
# LOAD_CP="<jar>:<lib>/*" runs another build's driver (say main's, copied out of its tree) instead of building this one.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
gets=${1:-20000}; pipes=${2:-100000}; fans=${3:-1000}
targets=",${EDGE_TARGETS:-tcp,switchboard,secure,happn},"; modes=${EDGE_MODES:-unpinned,same-core,split-cores}
wants() { [[ $targets == *",$1,"* ]]; }
dist="${SWITCHBOARD_DIST:-$here/runtime/target/switchboard}"
[ -x "$dist/bin/switchboard" ] || { echo "no distribution: run mvn package -DskipTests first" >&2; exit 2; }
if wants happn; then (cd "$here/bench/happn" && [ -d node_modules/happn-3 ] || npm ci --no-audit --no-fund --silent); fi
. "$here/bench/lib.sh"
[ -n "${LOAD_CP:-}" ] || build_driver "$here"
driver=(java -Xss512k -cp "${LOAD_CP:-$here/bench/load/target/switchboard-load-driver.jar:$here/bench/load/target/lib/*}" io.switchboard.bench.load.EdgeLoad)

# The driver, pinned as the placement says (cpin, set by run_mode), each run bounded in time.
edge_driver() { timeout 180 "${cpin[@]}" "${driver[@]}" "$@"; }

# Warms a runtime up, not measured, each workload until the JIT is done with it (lib.sh's warm_up),
# then measures gets and pipelined sets, each right after its own warm-up: the pipelined sets are
# warmed again after the gets, whose code paths made the JIT compile some of theirs anew.
get_and_pipe() { # target, server pid, port, driver command
  local target=$1 spid=$2 port=$3 run=$4
  warm_up "$target pipe" "$spid" "$run" pipe "$port" "$(( pipes / 2 ))"
  warm_up "$target get" "$spid" "$run" get "$port" "$gets"
  DRIVER_WARMUP="$gets" measured "$target" get "$spid" "$out" "$run" get "$port" "$gets"
  warm_up "$target pipe" "$spid" "$run" pipe "$port" "$(( pipes / 2 ))"
  DRIVER_WARMUP="$(( pipes / 2 ))" measured "$target" pipe "$spid" "$out" "$run" pipe "$port" "$pipes"
}

run_mode() { # mode, server cpus, client cpus
  local mode=$1 scpu=$2 ccpu=$3 out="$work/$1.txt" port pid home
  local spin=(); local cpin=()
  [ -n "$scpu" ] && spin=(taskset -c "$scpu"); [ -n "$ccpu" ] && cpin=(taskset -c "$ccpu")
  : > "$out"

  if wants tcp; then
  port=$(free_port); "${spin[@]}" "${driver[@]}" echo-server "$port" > "$work/echo.log" 2>&1 & pid=$!; pids+=("$pid")
  await_line "$work/echo.log" READY
  # the floor's server CPU per round trip too: what the kernel's loopback alone costs a server per get
  warm_up "tcp floor" "$pid" timeout 120 "${cpin[@]}" "${driver[@]}" tcp "$port" "$gets"
  DRIVER_WARMUP="$gets" measured tcp tcp "$pid" "$out" timeout 120 "${cpin[@]}" "${driver[@]}" tcp "$port" "$gets"; stop "$pid"
  fi

  if wants switchboard; then
  home="$work/home-$mode"; mkdir -p "$home/etc"
  printf 'rate.limit = 0\n' > "$home/etc/io.switchboard.session.cfg"
  [ "${EDGE_STORE:-memory}" = persistent ] || printf 'switchboard.data.patterns = /bench/**\n' > "$home/etc/io.switchboard.data.memory.cfg"
  port=$(free_port)
  SWITCHBOARD_HOME="$home" SWITCHBOARD_HTTP_PORT="$port" SWITCHBOARD_FEATURES=core,edge SWITCHBOARD_ADMIN_PASSWORD=bench \
    "${spin[@]}" "$dist/bin/switchboard" --host 127.0.0.1 > "$work/sb.log" 2>&1 & pid=$!; pids+=("$pid")
  await_line "$work/sb.log" "ready in"
  get_and_pipe switchboard "$pid" "$port" edge_driver
  SERVER_PID="$pid" timeout 300 "${cpin[@]}" "${driver[@]}" fanout "$port" "$fans" 2>&1 | sed 's/^/switchboard /' >> "$out" || true
  stop "$pid"
  fi

  # The same with the security feature: sessions log in as an ordinary user whose grant covers /bench/**.
  if wants secure; then
  home="$work/home-$mode-secure"; mkdir -p "$home/etc"
  printf 'rate.limit = 0\n' > "$home/etc/io.switchboard.session.cfg"
  printf 'switchboard.data.patterns = /bench/**\n' > "$home/etc/io.switchboard.data.memory.cfg"
  printf 'password.iterations = 10000\n' > "$home/etc/io.switchboard.security.cfg"
  port=$(free_port)
  SWITCHBOARD_HOME="$home" SWITCHBOARD_HTTP_PORT="$port" SWITCHBOARD_FEATURES=core,edge,security SWITCHBOARD_ADMIN_PASSWORD=bench \
    "${spin[@]}" "$dist/bin/switchboard" --host 127.0.0.1 > "$work/sbs.log" 2>&1 & pid=$!; pids+=("$pid")
  await_line "$work/sbs.log" "ready in"
  SWITCHBOARD_ADMIN_PASSWORD=bench get_and_pipe secure "$pid" "$port" edge_driver
  stop "$pid"
  fi

  if wants happn; then
  port=$(free_port); (cd "$here/bench/happn" && exec "${spin[@]}" node server.js "$port") > "$work/happn.log" 2>&1 & pid=$!; pids+=("$pid")
  await_line "$work/happn.log" READY
  happn() { (cd "$here/bench/happn" && timeout 300 "${cpin[@]}" node client.js "$port" "$@"); }
  NOT_JVM=1 warm_up "happn-3 pipe" "$pid" happn pipe "$(( pipes / 2 ))"
  NOT_JVM=1 warm_up "happn-3 get" "$pid" happn get "$gets"
  DRIVER_WARMUP="$gets" NOT_JVM=1 measured happn-3 get "$pid" "$out" happn get "$gets"
  DRIVER_WARMUP="$(( pipes / 2 ))" NOT_JVM=1 measured happn-3 pipe "$pid" "$out" happn pipe "$pipes"
  # as many warm-up publications as Switchboard's took in this mode (its JIT's measure), else FANOUT_WARMUP
  FANOUT_WARMUP="$(awk '$1 == "switchboard" && $2 == "fanout" && $3 == "warm_rounds" {print $4}' "$out" | grep . || echo "${FANOUT_WARMUP:-20}")" \
    happn fanout "$fans" 2>&1 | sed 's/^/happn-3 /' >> "$out" || true
  stop "$pid"
  fi
}

report() { # mode
  python3 - "$work/$1.txt" "$1" <<'PY'
import sys
values = {}
for line in open(sys.argv[1]):
    parts = line.split()
    if len(parts) == 4:
        try: values[(parts[0], parts[1], parts[2])] = float(parts[3])
        except ValueError: pass
def v(target, w, m): return values.get((target, w, m))
def fmt(x): return '-' if x is None else ('%.1f' % x if x < 1000 else '%.0f' % x)
def ratio(a, b): return '-' if a is None or b is None or b == 0 else '%.2f' % (a / b)
print(f"\n== {sys.argv[2]} ==")
print(f"{'metric':32} {'tcp floor':>10} {'switchboard':>12} {'secure':>8} {'happn-3':>10} {'sb/happn':>9} {'sb/tcp':>7} {'secure/sb':>9}")
for target, w in [('tcp', 'tcp')] + [(t, w) for t in ('switchboard', 'secure', 'happn-3') for w in ('get', 'pipe')]:
    n, cpu, alloc, jit = v(target, w, 'messages'), v(target, w, 'server_cpu_s'), v(target, w, 'server_alloc_bytes'), v(target, w, 'server_jit_s')
    if n:
        if cpu is not None: values[(target, w, 'cpu_us_per_msg')] = cpu * 1e6 / n
        if jit is not None: values[(target, w, 'jit_cpu_us_per_msg')] = jit * 1e6 / n
        if alloc is not None: values[(target, w, 'alloc_bytes_per_msg')] = alloc / n
loads = sorted({v(t, w, 'load') for t in ('switchboard', 'secure', 'happn-3') for w in ('get', 'pipe')} - {None})
print(f"load average (1 min) when the measured workloads started: {', '.join('%.2f' % l for l in loads) or '?'}")
rows = [('get', 'p50_us'), ('get', 'p99_us'), ('get', 'cpu_us_per_msg'), ('get', 'jit_cpu_us_per_msg'), ('get', 'alloc_bytes_per_msg'),
        ('get', 'driver_cpu_us_per_msg'),
        ('pipe', 'msgs_per_s'), ('pipe', 'p99_ms'), ('pipe', 'cpu_us_per_msg'), ('pipe', 'jit_cpu_us_per_msg'), ('pipe', 'alloc_bytes_per_msg'),
        ('pipe', 'driver_cpu_us_per_msg'), ('pipe', 'driver_warm_rounds'), ('fanout', 'all_delivered_ms'), ('fanout', 'warm_rounds')]
for w, m in rows:
    tcp = v('tcp', 'tcp', m) if w == 'get' and m in ('p50_us', 'p99_us', 'cpu_us_per_msg', 'driver_cpu_us_per_msg') else None
    sb, hp, sec = v('switchboard', w, m), v('happn-3', w, m), v('secure', w, m)
    print(f"{w + ' ' + m:32} {fmt(tcp):>10} {fmt(sb):>12} {fmt(sec):>8} {fmt(hp):>10} {ratio(sb, hp):>9} {ratio(sb, tcp):>7} {ratio(sec, sb):>9}")
PY
}

echo "java: $(java -version 2>&1 | head -1); node: $(node --version 2>/dev/null || echo none); cores: $(nproc); load: $(cut -d' ' -f1-3 /proc/loadavg); counts: get $gets, pipe $pipes, fanout $fans"
ran=()
for mode in ${modes//,/ }; do
  case $mode in
    unpinned) run_mode unpinned "" "" ;;
    same-core) run_mode same-core 0 0 ;;
    split-cores) run_mode split-cores 0 1 ;;
    *) echo "unknown mode $mode (unpinned, same-core, split-cores)" >&2; exit 2 ;;
  esac
  ran+=("$mode")
done
for mode in "${ran[@]}"; do report "$mode"; done
