#!/usr/bin/env bash
# The cluster benchmark (issue 12): a call from node A to node B on loopback, in one run beside
#   - the floor: a raw TCP ping-pong between two JVMs (EdgeLoad echo-server and tcp),
#   - Hazelcast's executor between two JVMs (HazelcastLoad: submitToMember, the alternative the
#     issue asked to measure against the node link),
#   - the cluster's own calls, over the node link (the default) and over Hazelcast's executor
#     (callTransport = executor), measured inside node A by the probeCaller component calling
#     probeTarget on node B (a component's call, with the mesh's routing on both sides),
# each one in flight (p50, p99) and pipelined (WINDOW in flight: calls/s, p99). Then three nodes:
# kill -9 of a node under load (failed calls, and time from the kill until every call succeeds
# again), and a late joiner (time from its join to a complete registry). Last, events: `all` from
# probeEmitter on node a to probeListener on nodes b and d (two subscriptions each: one payload per
# node with two recipients), EVENTS events emitted at once, deliveries (acknowledged handlings) per second.
#
# usage: bench/cluster.sh [calls] [pipelined calls] [window] [events]     (defaults 20000 100000 100 20000)
# CLUSTER_PARTS=calls runs only the floor, Hazelcast's executor and the link's calls (no executor
# transport, failures or events), ROUNDS times alternating (default 1); CLUSTER_PARTS=link only the
# link's calls (to compare builds or settings quickly: JAVA_OPTS reaches both runtimes). Each link round also prints
# the CPU each node spent per call (from /proc, robust to a busy machine) and the load average.
# CLUSTER_PROFILE=<dir> records JFR (execution samples, allocation) on both nodes during the first
# link rounds, one in flight into <dir>/a-one.jfr and <dir>/b-one.jfr, pipelined into <dir>/a.jfr and
# <dir>/b.jfr. Each link round also prints each node's context switches and bytes allocated per call. DIST=<folder> runs another distribution
# (a copy of runtime/target/switchboard made before a change), for before/after runs alternated.
# Needs a built distribution and the itests' test classes (mvn -o package -DskipTests from the root
# builds both); builds the driver (bench/load) itself. Listens on 127.0.0.1 only. Every workload is bounded.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
calls=${1:-20000}; pipes=${2:-100000}; window=${3:-100}; events=${4:-20000}
parts=${CLUSTER_PARTS:-all}; rounds=${ROUNDS:-1}; profile=${CLUSTER_PROFILE:-}
dist=${DIST:-$here/runtime/target/switchboard}   # DIST: another build's distribution, to compare before and after
[ -x "$dist/bin/switchboard" ] || { echo "no distribution: run mvn -o package -DskipTests first" >&2; exit 2; }
[ -f "$here/itests/target/test-classes/io/switchboard/itests/cluster/probe/ProbeJar.class" ] \
  || (cd "$here" && mvn -B -q -o test-compile -pl itests)
# the driver, built in the reactor (it needs the Java client, which is not installed in ~/.m2)
(cd "$here" && mvn -B -q -o package -DskipTests -pl bench/load -am)
cp="$here/bench/load/target/switchboard-load-driver.jar:$here/bench/load/target/lib/*"
# P1 in ../shared/notes/cluster-engine.md: Hazelcast's callbacks need a common pool on 2 cores.
driver=(java -Xss512k -Djava.util.concurrent.ForkJoinPool.common.parallelism=4 -cp "$cp")
. "$here/bench/lib.sh"
out="$work/results.txt"; : > "$out"
secret="bench-cluster-secret-0123456789"
java -cp "$here/itests/target/test-classes" io.switchboard.itests.cluster.probe.ProbeJar "$work/jars" 1.0.0 > /dev/null
load() { cut -d' ' -f1-3 /proc/loadavg; }
json() { python3 -c "import json,sys; d=json.load(sys.stdin); print($1)"; }

# Waits (at most 180 s: several JVMs starting on 2 cores) until a file has a line with the text.
await_slow() { # file, text
  for _ in $(seq 1 1800); do grep -q "$2" "$1" 2>/dev/null && return 0; sleep 0.1; done
  echo "timed out waiting for '$2' in $1" >&2; tail -50 "$1" >&2; exit 1
}

declare -A http cport npid
members=""
plan() { for n in "$@"; do http[$n]=$(free_port); cport[$n]=$(free_port_pair); members="${members:+$members,}127.0.0.1:${cport[$n]}"; done; }
# A port free together with the next one: a node's member port and its link port.
free_port_pair() {
  python3 -c 'import socket
for _ in range(50):
    a=socket.socket(); a.bind(("127.0.0.1",0)); p=a.getsockname()[1]; b=socket.socket()
    try:
        b.bind(("127.0.0.1",p+1)); print(p); break
    except OSError: pass
    finally: a.close(); b.close()'
}
start_node() { # name, jars...
  local name=$1 home="$work/home-$1"; shift
  mkdir -p "$home/etc" "$home/deploy"
  printf 'password.iterations = 10000\n' > "$home/etc/io.switchboard.security.cfg"
  printf 'rate.limit = 0\n' > "$home/etc/io.switchboard.session.cfg"
  # probeCaller.bench answers once all its calls are done: longer than a call may take by default
  printf 'callTimeoutMillis = 600000\n' > "$home/etc/io.switchboard.mesh.cfg"
  for jar in "$@"; do cp "$work/jars/$jar" "$home/deploy/"; done
  SWITCHBOARD_HOME="$home" SWITCHBOARD_HTTP_PORT="${http[$name]}" SWITCHBOARD_FEATURES=core,edge,security SWITCHBOARD_ADMIN_PASSWORD=bench \
    SWITCHBOARD_CLUSTER_SECRET="$secret" SWITCHBOARD_CLUSTER_MEMBERS="$members" \
    "$dist/bin/switchboard" --host 127.0.0.1 --cluster-port "${cport[$name]}" --node-name "$name" > "$work/$name.log" 2>&1 &
  npid[$name]=$!; pids+=("$!")
}
token() { curl -s -X POST -d '{"username":"admin","password":"bench"}' "http://127.0.0.1:${http[$1]}/api/login" | json 'd["token"]'; }
# probeCaller.bench on a node: calls, window, route; prints the JSON report.
probe_bench() { curl -s -m 300 -H "Authorization: Bearer $(token "$1")" -X POST -d "[$2,$3,\"$4\"]" \
  "http://127.0.0.1:${http[$1]}/api/exchange/probeCaller/bench"; }
report() { # label, json
  echo "$2" | json "'$1 calls_per_s %.0f p50_us %.1f p99_us %.1f failed %d' % (d['callsPerSecond'], d['p50Micros'], d['p99Micros'], d['failed'])" >> "$out" \
    || echo "$1: the bench answered $2" | tee -a "$out" >&2
}
# Changes how the nodes call each other: a new configuration restarts the cluster on each node (it leaves and joins again).
set_transport() { # transport, nodes...
  local transport=$1; shift
  for n in "$@"; do printf 'callTransport = %s\n' "$transport" > "$work/home-$n/etc/io.switchboard.cluster.cfg"; done
}
await_joins() { # node, how many joins its log must show
  for _ in $(seq 1 600); do [ "$(grep -c 'joined the cluster at' "$work/$1.log")" -ge "$2" ] && return 0; sleep 0.1; done
  echo "node $1 did not join again" >&2; tail -30 "$work/$1.log" >&2; exit 1
}
both_up() {
  for _ in $(seq 1 600); do
    curl -s -H "Authorization: Bearer $(token a)" "http://127.0.0.1:${http[a]}/api/cluster/members" | grep -q '"name":"b","address":"[^"]*","state":"up","since":[0-9]*,"components":\["probeTarget@1.0.0"\]' && return 0
    sleep 0.2
  done
  echo "node a never saw b up with probeTarget" >&2; exit 1
}

echo "load-before $(load)" >> "$out"
if [ "$parts" != link ]; then
echo "[$(date -u +%H:%M:%S)] tcp floor" >&2
port=$(free_port); "${driver[@]}" io.switchboard.bench.load.EdgeLoad echo-server "$port" > "$work/echo.log" 2>&1 & pid=$!; pids+=("$pid")
await_line "$work/echo.log" READY
timeout 120 "${driver[@]}" io.switchboard.bench.load.EdgeLoad tcp "$port" "$calls" | sed 's/^tcp /tcp call /' >> "$out" || true
stop "$pid"

echo "[$(date -u +%H:%M:%S)] hazelcast executor" >&2
p1=$(free_port); p2=$(free_port)
"${driver[@]}" io.switchboard.bench.load.HazelcastLoad member "$p1" "$p2" > "$work/hz.log" 2>&1 & pid=$!; pids+=("$pid")
await_line "$work/hz.log" READY
timeout 300 "${driver[@]}" io.switchboard.bench.load.HazelcastLoad call "$p2" "$p1" "$calls" | sed 's/^/hazelcast /' >> "$out" || true
timeout 300 "${driver[@]}" io.switchboard.bench.load.HazelcastLoad pipe "$p2" "$p1" "$pipes" "$window" | sed 's/^/hazelcast /' >> "$out" || true
stop "$pid"
fi

echo "[$(date -u +%H:%M:%S)] cluster: nodes a (probeCaller) and b (probeTarget)" >&2
plan a b c d
start_node a probe-caller-1.0.0.jar; start_node b probe-target-1.0.0.jar
await_slow "$work/a.log" "ready in"; await_slow "$work/b.log" "ready in"; both_up
# One measured round of probeCaller.bench on node a, with each node's CPU per call over it.
# Context switches of every thread of a process so far (voluntary and not): per call, how often a call parks or wakes a thread.
switches() { cat /proc/"$1"/task/*/status 2>/dev/null | awk '/voluntary_ctxt_switches/ {s += $2} END {print s + 0}'; }
per_call() { awk -v a="$1" -v b="$2" -v n="$3" -v f="$4" 'BEGIN {printf "%.1f", (b - a) * f / n}'; }
measure_calls() { # label, calls, window
  local before_a before_b sw_a sw_b json
  echo "$1 load $(load1)" >> "$out"
  alloc_start "${npid[a]}"; alloc_start "${npid[b]}"
  before_a=$(cpu_seconds "${npid[a]}"); before_b=$(cpu_seconds "${npid[b]}")
  sw_a=$(switches "${npid[a]}"); sw_b=$(switches "${npid[b]}")
  json=$(probe_bench a "$2" "$3" preferLocal)
  echo "$1 cpu_us_per_call_a $(per_call "$before_a" "$(cpu_seconds "${npid[a]}")" "$2" 1e6)" \
    "cpu_us_per_call_b $(per_call "$before_b" "$(cpu_seconds "${npid[b]}")" "$2" 1e6)" \
    "switches_per_call_a $(per_call "$sw_a" "$(switches "${npid[a]}")" "$2" 1)" \
    "switches_per_call_b $(per_call "$sw_b" "$(switches "${npid[b]}")" "$2" 1)" \
    "bytes_per_call_a $(per_call 0 "$(alloc_bytes "${npid[a]}")" "$2" 1)" \
    "bytes_per_call_b $(per_call 0 "$(alloc_bytes "${npid[b]}")" "$2" 1)" >> "$out"
  report "$1" "$json"
}
# JFR on both nodes around a round when profiling: a-one.jfr, b-one.jfr (one in flight), a.jfr, b.jfr (pipelined)
recording() { # start|stop, one|pipe
  [ -n "$profiled" ] || return 0
  local n file
  for n in a b; do
    if [ "$1" = start ]; then
      file="$profile/$n.jfr"; [ "$2" = one ] && file="$profile/$n-one.jfr"
      jcmd "${npid[$n]}" JFR.start name="bench-$2" settings=profile filename="$file" > /dev/null
    else
      jcmd "${npid[$n]}" JFR.stop name="bench-$2" > /dev/null
    fi
  done
}
transports="link executor"; [ "$parts" = calls ] || [ "$parts" = link ] && transports=link
for transport in $transports; do
  if [ "$transport" = executor ]; then
    set_transport executor a b
    await_joins a 2; await_joins b 2; both_up
  fi
  probe_bench a "$(( pipes / 2 ))" "$window" preferLocal > /dev/null   # warm-up, not measured
  for round in $(seq 1 "$rounds"); do
    profiled=""
    if [ -n "$profile" ] && [ "$round" = 1 ] && [ "$transport" = link ]; then profiled=yes; mkdir -p "$profile"; fi
    recording start one; measure_calls "$transport call" "$calls" 1; recording stop one
    recording start pipe; measure_calls "$transport pipe" "$pipes" "$window"; recording stop pipe
  done
done
if [ "$parts" = calls ] || [ "$parts" = link ]; then
  echo "load-after $(load)" >> "$out"; cat "$out"; exit 0
fi
set_transport link a b
await_joins a 3; await_joins b 3; both_up

echo "[$(date -u +%H:%M:%S)] cluster: kill -9 of node c under load, then a late joiner d" >&2
start_node c probe-target-1.0.0.jar
await_slow "$work/c.log" "ready in"
probe_bench a 20000 20 roundRobin > /dev/null   # warm-up over b and c
probe_bench a 400000 20 roundRobin > "$work/kill.json" & load_pid=$!
sleep 3   # the load is running (it takes longer than this)
killed=$(now_ms); kill -9 "${npid[c]}"
wait "$load_pid" || true
python3 - "$work/kill.json" "$killed" >> "$out" <<'PY'
import json, sys
d = json.load(open(sys.argv[1])); killed = int(sys.argv[2])
after = d["lastFailureAt"] - killed if d["failed"] else 0
print("kill9 calls %d failed %d last_failure_after_kill_ms %d errors %s" % (d["calls"], d["failed"], after, d["errors"][:2]))
PY
start_node d probe-target-1.0.0.jar
await_slow "$work/d.log" "ready in"
grep -o 'joined the cluster at .*ms; links' "$work/d.log" \
  | sed 's/.* in \([0-9]*\) ms (asking the members \([0-9]*\) ms, starting its member and joining \([0-9]*\) ms, reading the registry \([0-9]*\) ms.*/late_joiner join_ms \1 probe_ms \2 member_ms \3 registry_ms \4/' >> "$out"
grep -o 'ready in [0-9.]* s' "$work/d.log" | sed 's/ready in \(.*\) s/late_joiner jvm_start_to_ready_s \1/' >> "$out"

echo "[$(date -u +%H:%M:%S)] cluster: events 'all' from node a to subscribers on b and d" >&2
cp "$work/jars/probe-emitter-1.0.0.jar" "$work/home-a/deploy/"
cp "$work/jars/probe-listener-1.0.0.jar" "$work/home-b/deploy/"; cp "$work/jars/probe-listener-1.0.0.jar" "$work/home-d/deploy/"
# emit on node a: name, count; prints the JSON list of acknowledgements per event
emit() { curl -s -m 300 -H "Authorization: Bearer $(token a)" -X POST -d "[\"$1\",0,$2,false]" \
  "http://127.0.0.1:${http[a]}/api/exchange/probeEmitter/emit"; }
for _ in $(seq 1 300); do [ "$(emit all/ping 1 2>/dev/null)" = "[4]" ] && break; sleep 0.2; done
[ "$(emit all/ping 1)" = "[4]" ] || { echo "node a's events never reached both listeners" >&2; exit 1; }
emit all/warmup "$(( events / 2 ))" > /dev/null   # warm-up, not measured
started=$(now_ms); emit all/tick "$events" > "$work/events.json"; took=$(( $(now_ms) - started ))
python3 - "$work/events.json" "$took" "$events" >> "$out" <<'PY'
import json, sys
acks = json.load(open(sys.argv[1])); took = int(sys.argv[2]); n = int(sys.argv[3])
delivered = sum(acks)
print("events all events %d deliveries %d missing %d ms %d deliveries_per_s %.0f events_per_s %.0f" % (
    n, delivered, 4 * n - delivered, took, delivered * 1000.0 / took, n * 1000.0 / took))
PY
echo "load-after $(load)" >> "$out"

cat "$out"
python3 - "$out" <<'PY'
import sys
rows = {}
for line in open(sys.argv[1]):
    parts = line.split()
    for i in range(len(parts) - 1):
        rows[" ".join(parts[:2]) + " " + parts[i]] = parts[i + 1]
def get(label, key):
    return rows.get(label + " " + key)
tcp = float(get("tcp call", "p50_us") or "nan")
print("\n| call A -> B | one in flight p50 (us) | p99 (us) | x raw TCP | pipelined calls/s (window) |")
print("| --- | --- | --- | --- | --- |")
print("| raw TCP ping-pong | %.1f | %s | 1.0 | - |" % (tcp, get("tcp call", "p99_us")))
print("| Hazelcast executor (submitToMember) | %s | %s | %.1f | %s |" % (get("hazelcast call", "p50_us"), get("hazelcast call", "p99_us"),
      float(get("hazelcast call", "p50_us") or "nan") / tcp, get("hazelcast pipe", "calls_per_s")))
for t in ("link", "executor"):
    print("| cluster, callTransport = %s | %s | %s | %.1f | %s |" % (t, get(t + " call", "p50_us"), get(t + " call", "p99_us"),
          float(get(t + " call", "p50_us") or "nan") / tcp, get(t + " pipe", "calls_per_s")))
PY
