#!/usr/bin/env bash
# Latency during hot swaps (issue 6): a runtime serves deviceManager while one connection calls
# deviceManager.version() (range ^1.0.0) at a fixed rate, and the script swaps the component through
# deploy/ a few times, as an operator would for a rolling upgrade: drop device-manager-1.1.0.jar (from
# the distribution's examples/) beside 1.0.0, wait until 1.1.0 has started, remove 1.0.0, wait until
# it has drained and stopped; then the same back to 1.0.0. It prints calls, failures and p50/p99/max
# latency for the steady state and for the swap windows (from the copy of the new jar to one second
# after the old version stopped). Latency counts from the moment a call was due, so stalls show.
# Bounded: the load stops after the last swap, and at MAX_SECONDS whatever happens.
#
# usage: bench/mesh-swap.sh [rate] [round-trips]          (defaults 10000 calls/s, 3: six swaps)
#        SECURE=1 bench/mesh-swap.sh                      with the security feature (the load logs in)
#        PIN="0 1" bench/mesh-swap.sh                     runtime on core 0, load on core 1 (taskset)
# Needs a built distribution (mvn install -DskipTests from the root). Listens on 127.0.0.1 only.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
rate=${1:-10000}; trips=${2:-3}; secure=${SECURE:-0}; max_seconds=${MAX_SECONDS:-300}
dist="$here/runtime/target/switchboard"
[ -x "$dist/bin/switchboard" ] || { echo "no distribution: run mvn install -DskipTests first" >&2; exit 2; }
(cd "$here/bench/load" && mvn -B -q -o package 2>/dev/null || mvn -B -q package)
cp="$here/bench/load/target/switchboard-load-driver.jar:$here/bench/load/target/lib/*"
spin=(); cpin=()
if [ -n "${PIN:-}" ]; then read -r s c <<< "$PIN"; spin=(taskset -c "$s"); cpin=(taskset -c "$c"); fi
. "$here/bench/lib.sh"
log="$work/runtime.log"
# Waits until the runtime's log has more than n lines with the text (the mesh logs each start and stop).
await_count() { # text, n, seconds
  for _ in $(seq 1 $(( $3 * 10 ))); do [ "$(grep -c -- "$1" "$log" || true)" -gt "$2" ] && return 0; sleep 0.1; done
  echo "timed out after $3 s waiting for '$1' in the runtime's log" >&2; tail -20 "$log" >&2; exit 1
}
count() { grep -c -- "$1" "$log" || true; }

home="$work/home"; mkdir -p "$home/etc" "$home/deploy" "$work/control"
printf 'rate.limit = 0\n' > "$home/etc/io.switchboard.session.cfg"
printf 'password.iterations = 10000\n' > "$home/etc/io.switchboard.security.cfg"
cp "$dist/examples/device-manager-1.0.0.jar" "$home/deploy/"
features=core,edge; [ "$secure" = 1 ] && features=core,edge,security
port=$(free_port)
SWITCHBOARD_HOME="$home" SWITCHBOARD_HTTP_PORT="$port" SWITCHBOARD_FEATURES="$features" SWITCHBOARD_ADMIN_PASSWORD=bench \
  "${spin[@]}" "$dist/bin/switchboard" --host 127.0.0.1 > "$log" 2>&1 & pids+=($!)
await_count "ready in" 0 120
await_count "deviceManager@1.0.0 started" 0 60

echo "java: $(java -version 2>&1 | head -1); cores: $(nproc); features: $features; rate: $rate calls/s; swaps: $(( trips * 2 ))"
echo "started $(date -u '+%Y-%m-%d %H:%M UTC'), load average $(cut -d' ' -f1-3 /proc/loadavg)"
driver_env=(); [ "$secure" = 1 ] && driver_env=(SWITCHBOARD_ADMIN_PASSWORD=bench)
env "${driver_env[@]}" "${cpin[@]}" java -Xss512k -cp "$cp" io.switchboard.bench.load.PacedLoad paced "$port" "$rate" "$max_seconds" "$work/control" 5 \
  > "$work/load.txt" 2>&1 & load_pid=$!; pids+=("$load_pid")
sleep 8 # 5 s of warm-up (not counted), then steady state

swap() { # from, to
  local from=$1 to=$2 start started stopped
  start=$(now_ms)
  started=$(count "deviceManager@$to started"); stopped=$(count "deviceManager@$from stopped")
  cp "$dist/examples/device-manager-$to.jar" "$home/deploy/"
  await_count "deviceManager@$to started" "$started" 60
  rm "$home/deploy/device-manager-$from.jar"
  await_count "deviceManager@$from stopped" "$stopped" 60
  sleep 1
  echo "$start $(now_ms) $from->$to" >> "$work/control/windows"
  echo "swap $from -> $to: $(( $(now_ms) - start - 1000 )) ms from the copy to the old version stopped" >&2
  kill -0 "$load_pid" 2>/dev/null || { echo "the load driver ended early:" >&2; cat "$work/load.txt" >&2; exit 1; }
  sleep 3 # steady state between swaps
}
for _ in $(seq 1 "$trips"); do swap 1.0.0 1.1.0; swap 1.1.0 1.0.0; done
touch "$work/control/stop"
wait "$load_pid" || true

python3 - "$work/load.txt" <<'PY'
import sys
values, notes = {}, []
for line in open(sys.argv[1]):
    parts = line.split()
    if len(parts) == 3:
        try: values[(parts[0], parts[1])] = float(parts[2]); continue
        except ValueError: pass
    if line.strip(): notes.append(line.rstrip())
def v(p, m): return values.get((p, m))
def fmt(x): return '-' if x is None else ('%.1f' % x if x < 1000 else '{:,.0f}'.format(x))
def n(x): return '-' if x is None else '{:,}'.format(int(x))
print(f"\nachieved rate {fmt(v('paced', 'rate_per_s'))} calls/s; {n(v('paced', 'calls'))} calls in all, "
      f"{n(v('paced', 'unanswered'))} unanswered; {n(v('paced', 'swaps'))} swap windows")
print(f"{'phase':8}{'calls':>10}{'failed':>8}{'p50 µs':>10}{'p99 µs':>10}{'max µs':>10}")
for phase in ('steady', 'swap'):
    print(f"{phase:8}{n(v(phase, 'calls')):>10}{n(v(phase, 'failed')):>8}" + ''.join(f"{fmt(v(phase, m)):>10}" for m in ('p50_us', 'p99_us', 'max_us')))
for note in notes[:10]: print("  note: " + note[:220])
PY
echo "load average at the end $(cut -d' ' -f1-3 /proc/loadavg)"
