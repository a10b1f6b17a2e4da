#!/usr/bin/env bash
# Issue 15's webhook and routing benchmarks, on loopback only, bounded in count and time:
#  1. webhook fan-out: one topic (memory driver), SUBSCRIBERS webhook subscriptions, each its own group
#     and callback on one HTTP server in the driver's JVM; MESSAGES publishes with 50 in flight;
#     deliveries/s and publish->callback p50/p99 (bench/bus-webhooks/WebhookFanout.java, JDK only), and the
#     runtime's CPU during the fan-out (its start left out) per delivery, with the load average before and after;
#  2. routing: evaluation cost per message of FILTERS filters (bench/bus-webhooks/FilterCost.java, on the
#     bus bundle's MessageFilter: 3 s warm-up, 5 rounds of 2 s, median).
#
# usage: bench/bus-webhooks.sh [subscribers] [messages] [filters]     (default 100, 200, 1000)
# Needs a built distribution (mvn -o package -DskipTests from the root). 127.0.0.1 only.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
subscribers=${1:-100}; messages=${2:-200}; filters=${3:-1000}
dist="${SWITCHBOARD_DIST:-$here/runtime/target/switchboard}"
[ -x "$dist/bin/switchboard" ] || { echo "no distribution: run mvn -o package -DskipTests first" >&2; exit 2; }
. "$here/bench/lib.sh"
json() { python3 -c "import json,sys; d=json.load(sys.stdin); print($1)"; }

home="$work/home"; mkdir -p "$home/etc"
printf 'rate.limit = 0\n' > "$home/etc/io.switchboard.session.cfg"
port=$(free_port)
env SWITCHBOARD_HOME="$home" SWITCHBOARD_HTTP_PORT="$port" SWITCHBOARD_FEATURES=core,edge,security,bus SWITCHBOARD_ADMIN_PASSWORD=bench-secret \
  "$dist/bin/switchboard" --host 127.0.0.1 > "$work/runtime.log" 2>&1 & rpid=$!; pids+=("$rpid")
await_line "$work/runtime.log" "ready in"
base="http://127.0.0.1:$port"
token=$(curl -sf -X POST "$base/api/login" -H 'Content-Type: application/json' -d '{"username":"admin","password":"bench-secret"}' | json 'd["token"]')

echo "[$(date -u +%H:%M:%S)] webhook fan-out (load $(load1))" >&2
booted=$(cpu_seconds "$rpid")
timeout 600 java "$here/bench/bus-webhooks/WebhookFanout.java" "$base" "$token" "$subscribers" "$messages"
spent=$(awk -v a="$booted" -v b="$(cpu_seconds "$rpid")" 'BEGIN {printf "%.2f", b - a}')
echo "runtime CPU: $spent s during the fan-out ($(awk -v s="$spent" -v n="$((subscribers * messages))" 'BEGIN {printf "%.2f", s * 1000 / n}') ms per delivery), $booted s to start; load $(load1) at the end"
stop "$rpid"

echo "[$(date -u +%H:%M:%S)] filter cost (load $(load1))" >&2
sys="$dist/system/io/switchboard"
cp="$sys/switchboard-bus/0.1.0-SNAPSHOT/switchboard-bus-0.1.0-SNAPSHOT.jar:$sys/components-api/0.1.0-SNAPSHOT/components-api-0.1.0-SNAPSHOT.jar"
cp="$cp:$(ls "$dist"/lib/jackson-*.jar | tr '\n' ':')$(find "$dist/system/org/slf4j/slf4j-api" -name '*.jar' | head -1)"
timeout 120 java -cp "$cp" "$here/bench/bus-webhooks/FilterCost.java" "$filters"
