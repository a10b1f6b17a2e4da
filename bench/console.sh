#!/usr/bin/env bash
# The web console's Mesh page under load: N components running (default 200, made by
# bench/console/components.py), M client sessions open (default 1000, bench/console/sessions.mjs:
# each logged in with one data and one event subscription), then /system/console/mesh loaded R
# times (default 10) in headless Chromium (itests/browser/console.mjs, as the browser test drives
# it), timed by the browser from the start of navigation to the end of the load event. Also the
# server's part alone: the same page fetched with curl. Goal (issue 16): under 1 s.
#
# usage: bench/console.sh [components] [sessions] [runs]   (KEEP=1 keeps the runtime up afterwards, to look at)
# Needs a built distribution (mvn package -DskipTests), a JDK, Node and Chromium with
# playwright-core (itests/browser/install.sh installs them). Listens on 127.0.0.1 only.
set -euo pipefail

components=${1:-200}
sessions=${2:-1000}
runs=${3:-10}
here=$(cd "$(dirname "$0")/.." && pwd)
dist="$here/runtime/target/switchboard"
[ -x "$dist/bin/switchboard" ] || { echo "no distribution at $dist: run mvn package -DskipTests first" >&2; exit 2; }
. "$here/bench/lib.sh"
bash "$here/itests/browser/install.sh" > /dev/null

password=console-bench-pass
home="$work/home"; mkdir -p "$home/deploy" "$work/src" "$work/classes"
api=$(ls "$dist"/system/io/switchboard/components-api/*/components-api-*.jar | head -1)
annotations=$(find ~/.m2/repository/org/osgi/osgi.annotation -name 'osgi.annotation-*.jar' | sort | tail -1)

echo "cores: $(nproc); load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "making $components component bundles"
python3 "$here/bench/console/components.py" "$components" - "$work/src" -
javac -nowarn -proc:none --release 17 -cp "$api:$annotations" -d "$work/classes" $(find "$work/src" -name '*.java')
python3 "$here/bench/console/components.py" "$components" "$work/classes" - "$home/deploy"

port=$(free_port)
SWITCHBOARD_HOME="$home" SWITCHBOARD_HTTP_PORT="$port" SWITCHBOARD_FEATURES="core,edge,webconsole,security" \
  SWITCHBOARD_ADMIN_PASSWORD="$password" "$dist/bin/switchboard" --host 127.0.0.1 > "$work/runtime.log" 2>&1 &
pids+=("$!")
started=$(now_ms)

# Waits until the description lists every bench component as running; prints how long it took.
python3 - "$port" "$password" "$components" <<'PY'
import json, sys, time, urllib.request
port, password, count = sys.argv[1], sys.argv[2], int(sys.argv[3])
base = f"http://127.0.0.1:{port}"
deadline = time.time() + 300
token = None
while time.time() < deadline:
    try:
        if token is None:
            request = urllib.request.Request(base + "/api/login", json.dumps({"username": "admin", "password": password}).encode(),
                                             {"Content-Type": "application/json"})
            token = json.load(urllib.request.urlopen(request, timeout=30))["token"]
        request = urllib.request.Request(base + "/api/mesh/description", headers={"Authorization": "Bearer " + token})
        described = json.load(urllib.request.urlopen(request, timeout=30))["components"]
        running = [c for c in described if c["name"].startswith("bench") and c["state"] == "running"]
        if len(running) >= count:
            break
    except OSError:
        pass
    time.sleep(0.5)
else:
    sys.exit("the bench components did not all run within 300 s")
# one call to each component, so that the page has calls to count
for i in range(1, count + 1):
    request = urllib.request.Request(f"{base}/api/exchange/bench{i:03d}/echo", b'["hello"]',
                                     {"Authorization": "Bearer " + token, "Content-Type": "application/json"})
    urllib.request.urlopen(request, timeout=30).read()
PY
echo "components running and called once each after $(( $(now_ms) - started )) ms"

mkfifo "$work/sessions.in"
node --experimental-websocket --no-warnings "$here/bench/console/sessions.mjs" "$port" admin "$password" "$sessions" \
  < "$work/sessions.in" > "$work/sessions.out" 2>&1 &
pids+=("$!")
exec 3> "$work/sessions.in"
await_line "$work/sessions.out" "READY\|ERROR"
grep -q READY "$work/sessions.out" || { cat "$work/sessions.out" >&2; exit 1; }
echo "sessions open: $(grep READY "$work/sessions.out" | cut -d' ' -f2)"

# The server's part: render and transfer, without a browser (the console's login is cached after the first).
curl -fs -o "$work/mesh.html" -u "admin:$password" "http://127.0.0.1:$port/system/console/mesh"
: > "$work/curl.times"
for _ in $(seq 1 "$runs"); do
  curl -fs -o /dev/null -w '%{time_total}\n' -u "admin:$password" "http://127.0.0.1:$port/system/console/mesh" >> "$work/curl.times"
done

# The browser: summary first (checks the page shows every component), then the timed loads.
(cd "$here/itests/browser" && printf 'goto /system/console/mesh\ntext #sb-summary\ntime /system/console/mesh %s\nquit\n' "$runs" \
  | node console.mjs "$port" admin "$password") > "$work/browser.out" 2>&1
grep -q '^TIME ' "$work/browser.out" || { echo "the browser run failed:" >&2; cat "$work/browser.out" >&2; exit 1; }
echo count >&3
sleep 0.5
open=$(grep '^OPEN' "$work/sessions.out" | tail -1 | cut -d' ' -f2)

summary() { # label, unit, then values on stdin
  sort -n | awk -v label="$1" -v unit="$2" '{v[NR]=$1} END {m = (NR % 2) ? v[(NR+1)/2] : (v[NR/2] + v[NR/2+1]) / 2;
    printf "%-44s median %7.0f %s   range %s .. %s   (n=%d)\n", label, m, unit, v[1], v[NR], NR}'
}
echo "page: $(grep '^TEXT' "$work/browser.out" | cut -c6-)"
echo "page size: $(wc -c < "$work/mesh.html") bytes; sessions still open after the runs: $open of $sessions"
awk '{printf "%.0f\n", $1 * 1000}' "$work/curl.times" | summary "server (curl, render + transfer)" ms
parts() { grep '^PARTS ' "$work/browser.out" | cut -c7- | tr ',' '\n' | cut -d/ -f"$1"; }
parts 1 | summary "Chromium: the page's last byte arrived" ms
parts 2 | summary "Chromium: DOM ready, the console's scripts ran" ms
grep '^TIME ' "$work/browser.out" | cut -c6- | tr ',' '\n' | summary "Chromium: navigation start to load end" ms
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
if [ -n "${KEEP:-}" ]; then
  echo "KEEP: the runtime stays at http://127.0.0.1:$port/system/console/mesh (admin / $password) until this script is stopped"
  wait "${pids[0]}"
fi
exec 3>&-
