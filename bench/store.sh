#!/usr/bin/env bash
# The shared store's write latency, in one run: `set` through the runtime with PostgreSQL as its
# store (SWITCHBOARD_STORE_URL), one in flight over the WebSocket, beside PostgreSQL's own
# single-row upsert from a JDBC client on the same 1,000 keys (the floor), and the runtime on its
# embedded MVStore (fsync per acknowledged write) for reference. Reports p50 and p99 and the ratio to
# the floor. PostgreSQL is a private server from itests/scripts/postgres.sh (installed with apt-get
# when missing), durable as shipped (fsync and synchronous commit on), deleted afterwards.
#
# usage: bench/store.sh [sets]    (default 20000; each workload also warms up with 2000)
# NODES=2 adds the two-node run of issue 12: two runtimes in one cluster on the same store, `set` on A
# (TRANSACTIONAL, so answered once B's node has handed the event to its subscriber) received by a
# subscriber on B, timed from the set's request to the event's arrival at B's client.
# Needs a built distribution (mvn package -DskipTests); builds the driver itself.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
n=${1:-20000}; nodes=${NODES:-1}
dist="${SWITCHBOARD_DIST:-$here/runtime/target/switchboard}"
[ -x "$dist/bin/switchboard" ] || { echo "no distribution: run mvn package -DskipTests first" >&2; exit 2; }
# the driver, built in the reactor (it needs the Java client, which is not installed in ~/.m2); kept when built already
[ -f "$here/bench/load/target/switchboard-load-driver.jar" ] || (cd "$here" && mvn -B -q -o package -DskipTests -pl bench/load -am)
driver=(java -cp "$here/bench/load/target/switchboard-load-driver.jar:$here/bench/load/target/lib/*" io.switchboard.bench.load.StoreLoad)
. "$here/bench/lib.sh"

eval "$("$here/itests/scripts/postgres.sh" start)"
trap 'cleanup; "$here/itests/scripts/postgres.sh" destroy "$PG_DIR" > /dev/null 2>&1 || true' EXIT
store_url="$PG_URL?user=$PG_USER"
out="$work/results.txt"; : > "$out"

# Starts a runtime (core and edge, no rate limit) in a new home; extra environment as arguments. Prints its port.
start_runtime() { # name, env...
  local name=$1 home="$work/home-$1" port; shift
  mkdir -p "$home/etc"
  printf 'rate.limit = 0\n' > "$home/etc/io.switchboard.session.cfg"
  port=$(free_port)
  env SWITCHBOARD_HOME="$home" SWITCHBOARD_HTTP_PORT="$port" SWITCHBOARD_FEATURES=core,edge SWITCHBOARD_ADMIN_PASSWORD=bench "$@" \
    "$dist/bin/switchboard" --host 127.0.0.1 > "$work/$name.log" 2>&1 & pids+=("$!")
  await_line "$work/$name.log" "ready in"
  grep -q "NOT READY" "$work/$name.log" && { echo "runtime $name is not ready:" >&2; cat "$work/$name.log" >&2; exit 1; }
  echo "$port"
}

PGPASSWORD="$PG_PASSWORD" timeout 300 "${driver[@]}" upsert "$store_url" "$n" | sed 's/^/postgres /' >> "$out"

port=$(start_runtime pg SWITCHBOARD_STORE_URL="$store_url" SWITCHBOARD_STORE_PASSWORD="$PG_PASSWORD")
timeout 300 "${driver[@]}" set "$port" "$n" | sed 's/^/switchboard-pg /' >> "$out"
for p in "${pids[@]}"; do stop "$p"; done; pids=()
if [ "$nodes" = 2 ]; then
  # two cluster members (the cluster feature starts with the member list), each with its member port and the link port after it
  pair() { python3 -c 'import socket
for _ in range(50):
    a=socket.socket(); a.bind(("127.0.0.1",0)); p=a.getsockname()[1]; b=socket.socket()
    try:
        b.bind(("127.0.0.1",p+1)); print(p); break
    except OSError: pass
    finally: a.close(); b.close()'; }
  cport_a=$(pair); cport_b=$(pair)
  cluster=(SWITCHBOARD_CLUSTER_SECRET=bench-cluster-secret-0123456789 SWITCHBOARD_CLUSTER_MEMBERS="127.0.0.1:$cport_a,127.0.0.1:$cport_b"
    SWITCHBOARD_STORE_URL="$store_url" SWITCHBOARD_STORE_PASSWORD="$PG_PASSWORD")
  port_a=$(start_runtime pg-a "${cluster[@]}" SWITCHBOARD_CLUSTER_PORT="$cport_a" SWITCHBOARD_NODE_NAME=node-a)
  port_b=$(start_runtime pg-b "${cluster[@]}" SWITCHBOARD_CLUSTER_PORT="$cport_b" SWITCHBOARD_NODE_NAME=node-b)
  timeout 300 "${driver[@]}" set-to-subscriber "$port_a" "$port_b" "$n" 2>&1 | sed 's/^/switchboard-pg /' >> "$out" || true
  for p in "${pids[@]}"; do stop "$p"; done; pids=()
fi

port=$(start_runtime mvstore)
timeout 300 "${driver[@]}" set "$port" "$n" | sed 's/^/switchboard-mvstore /' >> "$out"
for p in "${pids[@]}"; do stop "$p"; done; pids=()

echo "java: $(java -version 2>&1 | head -1); $("$here/itests/scripts/postgres.sh" psql "$PG_DIR" -At -c 'SHOW server_version' | sed 's/^/postgresql /'); cores: $(nproc); load: $(cut -d' ' -f1-3 /proc/loadavg); sets: $n"
python3 - "$out" <<'PY'
import sys
values = {}
for line in open(sys.argv[1]):
    parts = line.split()
    if len(parts) == 4:
        try: values[(parts[0], parts[1], parts[2])] = float(parts[3])
        except ValueError: pass
def v(*key): return values.get(key)
def fmt(x): return '-' if x is None else '%.0f' % x
def ratio(a, b): return '-' if a is None or b is None or b == 0 else '%.2f' % (a / b)
print(f"{'latency (us)':14} {'pg upsert':>10} {'set, pg':>9} {'set/upsert':>11} {'set, mvstore':>13}")
for m in ('p50_us', 'p99_us'):
    floor, pg, mv = v('postgres', 'upsert', m), v('switchboard-pg', 'set', m), v('switchboard-mvstore', 'set', m)
    print(f"{m:14} {fmt(floor):>10} {fmt(pg):>9} {ratio(pg, floor):>11} {fmt(mv):>13}")
if v('switchboard-pg', 'set-to-subscriber', 'no_event_within_ms'):
    print("set A -> subscriber B: no event crossed (needs the cluster feature)")
elif v('switchboard-pg', 'set-to-subscriber', 'p50_us'):
    print(f"set A -> subscriber B: p50 {fmt(v('switchboard-pg', 'set-to-subscriber', 'p50_us'))} us, p99 {fmt(v('switchboard-pg', 'set-to-subscriber', 'p99_us'))} us")
PY
