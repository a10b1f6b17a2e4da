#!/usr/bin/env bash
# The bus (issue 14) in one run: HTTP publish -> SSE consumer -> HTTP ack, on each driver (memory,
# file with group commit, redis), beside NATS JetStream (a file stream, publish acked by the server,
# a push consumer with explicit acks) and Redis streams (XADD, XREADGROUP, XACK) on the same machine.
# Per system: publish latency and end-to-end latency with one message in flight (p50, p99), then
# throughput with WINDOW publishes in flight (publishes answered per second; messages published,
# delivered and acked per second; end-to-end p99), each also as a ratio to JetStream; and the CPU per
# message of the server (the runtime, nats-server) and of the driver in each phase, with the load average.
#
# usage: bench/bus.sh [messages] [window]     (default 20000 and 100; one in flight also warms up with a tenth)
# SYSTEMS="jetstream redis bus-memory bus-file bus-redis" (the default) picks which run; bus-memory-batch,
# bus-file-batch and bus-redis-batch are the same topics with the batch routes (publish and ack), up to
# BATCH (default 100) messages per request, e.g. SYSTEMS="jetstream bus-memory bus-memory-batch" bench/bus.sh.
# Needs a built distribution (mvn -o package -DskipTests from the root); builds the driver (bench/load)
# in the reactor. Installs nats-server (Debian package) when missing, as bench/mesh-net.sh does; Redis
# comes from itests/scripts/redis.sh (a private server on a free port, deleted afterwards). 127.0.0.1 only.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
n=${1:-20000}; window=${2:-100}; batch=${BATCH:-100}; systems=" ${SYSTEMS:-jetstream redis bus-memory bus-file bus-redis} "
runs() { [[ "$systems" == *" $1 "* ]]; }
dist="${SWITCHBOARD_DIST:-$here/runtime/target/switchboard}"
[ -x "$dist/bin/switchboard" ] || { echo "no distribution: run mvn -o package -DskipTests first" >&2; exit 2; }
if ! command -v nats-server > /dev/null; then
  echo "installing nats-server (Debian package)" >&2
  { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nats-server; } > /dev/null
fi
# the driver, built in the reactor (it needs the Java client, which is not installed in ~/.m2); BUSLOAD_CP
# names another build's driver instead (its jar and lib/*, e.g. main's, for a before/after in one sitting)
[ -n "${BUSLOAD_CP:-}" ] || (cd "$here" && mvn -B -q -o package -DskipTests -pl bench/load -am)
load_cp="${BUSLOAD_CP:-$here/bench/load/target/switchboard-load-driver.jar:$here/bench/load/target/lib/*}"
# common.parallelism: on 2 cores the JDK's common pool has parallelism 1, and CompletableFuture then runs
# every *Async step on a NEW thread; Java's HttpClient hands each sendAsync answer over that way, so the
# driver started two threads per bus message (publish, ack), which cost more than the bus itself.
# BUSLOAD_OPTS: more JVM options for the driver (e.g. -XX:StartFlightRecording=... to profile it; JAVA_OPTS is the runtime's)
driver=(java -Xss512k -Djava.util.concurrent.ForkJoinPool.common.parallelism=4 ${BUSLOAD_OPTS:-} -cp "$load_cp" io.switchboard.bench.load.BusLoad)
. "$here/bench/lib.sh"
eval "$("$here/itests/scripts/redis.sh" start)"
trap 'cleanup; "$here/itests/scripts/redis.sh" destroy "$REDIS_DIR" > /dev/null 2>&1 || true' EXIT
out="$work/results.txt"; : > "$out"
json() { python3 -c "import json,sys; d=json.load(sys.stdin); print($1)"; }

if runs jetstream; then
  echo "[$(date -u +%H:%M:%S)] jetstream" >&2
  nport=$(free_port); mkdir -p "$work/nats"
  nats-server -a 127.0.0.1 -p "$nport" -js -sd "$work/nats" > "$work/nats.log" 2>&1 & npid=$!; pids+=("$npid")
  await_line "$work/nats.log" "Server is ready"
  SERVER_PID=$npid timeout 600 "${driver[@]}" jetstream "nats://127.0.0.1:$nport" "$n" "$window" | sed 's/^/jetstream /' >> "$out"
  echo "jetstream load_1min $(load1)" >> "$out"
  stop "$npid"
fi
if runs redis; then
  echo "[$(date -u +%H:%M:%S)] redis streams" >&2
  timeout 600 "${driver[@]}" redis "$REDIS_URL" "$n" "$window" | sed 's/^/redis /' >> "$out"
  echo "redis load_1min $(load1)" >> "$out"
  redis-cli -p "$REDIS_PORT" flushall > /dev/null
fi

# One runtime (core, edge, security, bus) with the redis driver on the same server; one topic per driver.
home="$work/home"; mkdir -p "$home/etc"
printf 'url = %s\n' "$REDIS_URL" > "$home/etc/io.switchboard.bus.redis.cfg"
printf 'rate.limit = 0\n' > "$home/etc/io.switchboard.session.cfg"
port=$(free_port)
env SWITCHBOARD_HOME="$home" SWITCHBOARD_HTTP_PORT="$port" SWITCHBOARD_FEATURES=core,edge,security,bus SWITCHBOARD_ADMIN_PASSWORD=bench-secret \
  "$dist/bin/switchboard" --host 127.0.0.1 > "$work/runtime.log" 2>&1 & rpid=$!; pids+=("$rpid")
await_line "$work/runtime.log" "ready in"
grep -q "NOT READY" "$work/runtime.log" && { echo "the runtime is not ready:" >&2; cat "$work/runtime.log" >&2; exit 1; }
base="http://127.0.0.1:$port"
token=$(curl -sf -X POST "$base/api/login" -H 'Content-Type: application/json' -d '{"username":"admin","password":"bench-secret"}' | json 'd["token"]')
for system in $systems; do
  [[ "$system" == bus-* ]] || continue
  d=${system#bus-}; d=${d%-batch}
  [[ "$system" == *-batch ]] && size=$batch || size=1
  curl -sf -X PUT "$base/api/bus/topics/bench-$system" -H "Authorization: Bearer $token" -H 'Content-Type: application/json' \
    -d "{\"driver\": \"$d\", \"maxLength\": 10000000}" > /dev/null
  echo "[$(date -u +%H:%M:%S)] $system (load $(load1))" >&2
  # SERVER_PID: the driver reads the runtime's CPU per message in each phase beside its own
  BATCH=$size SERVER_PID=$rpid timeout 900 "${driver[@]}" bus "$base" "$token" "bench-$system" "$n" "$window" | sed "s/^/$system /" >> "$out"
  echo "$system load_1min $(load1)" >> "$out"
done
stop "$rpid"

echo "java: $(java -version 2>&1 | head -1); nats-server: $(nats-server --version 2>&1); redis: $(redis-server --version | cut -d' ' -f3); cores: $(nproc); load: $(cut -d' ' -f1-3 /proc/loadavg); messages: $n; window: $window"
python3 - "$out" <<'PY'
import sys
values = {}
for line in open(sys.argv[1]):
    parts = line.split()
    if len(parts) == 3:
        values[(parts[0], parts[1])] = float(parts[2])
systems = [s for s in ['jetstream', 'redis', 'bus-memory', 'bus-file', 'bus-redis', 'bus-memory-batch', 'bus-file-batch', 'bus-redis-batch']
           if any(k[0] == s for k in values)]
metrics = ['publish_p50_us', 'publish_p99_us', 'e2e_p50_us', 'e2e_p99_us', 'pipe_publish_per_s', 'pipe_msgs_per_s', 'pipe_e2e_p99_us', 'one_server_cpu_us_per_msg', 'one_client_cpu_us_per_msg', 'pipe_server_cpu_us_per_msg',
           'pipe_client_cpu_us_per_msg', 'redelivered', 'load_1min']
print(f"{'metric':27}" + ''.join(f"{s:>17}" for s in systems))
for m in metrics:
    print(f"{m:27}" + ''.join(f"{values.get((s, m), float('nan')):>17.1f}" for s in systems))
print("\nratio to JetStream (latency: x times slower when > 1; throughput: share of JetStream's)")
for m in metrics[:-1]:
    base = values.get(('jetstream', m))
    print(f"{m:27}" + ''.join(f"{(values.get((s, m), float('nan')) / base if base else float('nan')):>17.2f}" for s in systems))
PY
