#!/usr/bin/env bash
# Bus schedules (issue 15, item 3) in one run: COUNT active cron schedules on one runtime.
#  1. idle: COUNT schedules that fire once a day (none due during the run); the runtime's CPU over IDLE seconds.
#  2. firing: the same COUNT schedules replaced by six-field crons that fire once a minute, spread over the
#     60 seconds (COUNT/60 firings a second); after FIRING seconds, the timer's own figures (GET /api/bus/schedules:
#     lateness of the last 10,000 firings from due time to stored, p50, p99, max) and the CPU over that time.
#
# usage: bench/bus-schedules.sh [count] [idle seconds] [firing seconds]   (defaults 10000 60 150)
# Needs a built distribution (mvn -o package -DskipTests from the root). 127.0.0.1 only; nothing is installed.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
count=${1:-10000}; idle=${2:-60}; firing=${3:-150}
dist="${SWITCHBOARD_DIST:-$here/runtime/target/switchboard}"
[ -x "$dist/bin/switchboard" ] || { echo "no distribution: run mvn -o package -DskipTests first" >&2; exit 2; }
. "$here/bench/lib.sh"

home="$work/home"; mkdir -p "$home/etc"
printf 'rate.limit = 0\n' > "$home/etc/io.switchboard.session.cfg"
printf 'maxSchedules = %s\n' "$(( count + 100 ))" > "$home/etc/io.switchboard.bus.schedules.cfg"
port=$(free_port)
env SWITCHBOARD_HOME="$home" SWITCHBOARD_HTTP_PORT="$port" SWITCHBOARD_FEATURES=core,edge,security,bus SWITCHBOARD_ADMIN_PASSWORD=bench-secret \
  "$dist/bin/switchboard" --host 127.0.0.1 > "$work/runtime.log" 2>&1 & rpid=$!; pids+=("$rpid")
await_line "$work/runtime.log" "ready in"
grep -q "NOT READY" "$work/runtime.log" && { echo "the runtime is not ready:" >&2; cat "$work/runtime.log" >&2; exit 1; }

# PUTs every schedule over one keep-alive connection; $1 is a Python expression of i for the cron.
put_all() {
  python3 - "$port" "$count" "$1" <<'PY'
import http.client, json, sys
port, count, cron = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
c = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
def call(method, path, body, token=None):
    headers = {"Content-Type": "application/json"}
    if token: headers["Authorization"] = "Bearer " + token
    c.request(method, path, json.dumps(body) if body is not None else None, headers)
    r = c.getresponse(); data = r.read()
    if r.status >= 300: sys.exit("%s %s: %s %s" % (method, path, r.status, data[:300]))
    return json.loads(data) if data else None
token = call("POST", "/api/login", {"username": "admin", "password": "bench-secret"})["token"]
call("PUT", "/api/bus/topics/ticks", {"driver": "memory", "maxLength": 1000000, "overflow": "drop-oldest"}, token)
for i in range(count):
    call("PUT", "/api/bus/schedules/s%d" % i, {"cron": eval(cron), "topic": "ticks", "payload": {"i": i}}, token)
print(token)
PY
}
timer() { curl -sf "http://127.0.0.1:$port/api/bus/schedules" -H "Authorization: Bearer $1" | python3 -c "import json,sys; print(json.dumps(json.load(sys.stdin)['timer']))"; }

echo "[$(date -u +%H:%M:%S)] $count daily schedules" >&2
hour=$(( ($(date -u +%H) + 12) % 24 ))
started=$(now_ms)
token=$(put_all "'%d %d $hour * * *' % (i % 60, (i // 60) % 60)")
echo "made $count schedules in $(( $(now_ms) - started )) ms" >&2
sleep 5 # let the writes settle before measuring idle
cpu0=$(cpu_seconds "$rpid"); sleep "$idle"; cpu1=$(cpu_seconds "$rpid")
echo "idle: $count daily cron schedules, runtime CPU $(echo "$cpu0 $cpu1 $idle" | awk '{printf "%.2f s in %d s (%.2f%% of one core)", $2-$1, $3, ($2-$1)*100/$3}'), load $(load1)"

echo "[$(date -u +%H:%M:%S)] $count schedules firing once a minute" >&2
put_all "'%d * * * * *' % (i % 60)" > /dev/null
cpu0=$(cpu_seconds "$rpid"); sleep "$firing"; cpu1=$(cpu_seconds "$rpid")
echo "firing: $count cron schedules, $(( count / 60 )) firings/s, $firing s: runtime CPU $(echo "$cpu0 $cpu1 $firing" | awk '{printf "%.2f s (%.1f%% of one core)", $2-$1, ($2-$1)*100/$3}'), timer $(timer "$token"), load $(load1)"
