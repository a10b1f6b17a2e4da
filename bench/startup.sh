#!/usr/bin/env bash
# Measures the runtime's start: time from process start to GET /health = 200, and resident
# memory (RSS) 10 s after ready. Runs N times (default 5) with a fresh home each time ("cold")
# and N times with a kept home ("warm"), and prints median and range for each.
#
# usage: bench/startup.sh [runs] [features]     e.g. bench/startup.sh 5 core
# Needs a built distribution (mvn package -DskipTests). Listens on 127.0.0.1 only.
set -euo pipefail

runs=${1:-5}
features=${2:-core}
here=$(cd "$(dirname "$0")/.." && pwd)
dist="$here/runtime/target/switchboard"
[ -x "$dist/bin/switchboard" ] || { echo "no distribution at $dist: run mvn package -DskipTests first" >&2; exit 2; }
. "$here/bench/lib.sh"

# One start: prints "<ms to ready> <rss MB 10 s after ready>".
measure() {
  local home=$1 port pid start ready deadline rss
  port=$(free_port)
  start=$(now_ms)
  SWITCHBOARD_HOME="$home" SWITCHBOARD_HTTP_PORT="$port" SWITCHBOARD_FEATURES="$features" \
    SWITCHBOARD_ADMIN_PASSWORD=bench "$dist/bin/switchboard" --host 127.0.0.1 > "$home.log" 2>&1 &
  pid=$!; pids+=("$pid") # so that lib.sh's cleanup stops it when the script is interrupted
  deadline=$((start + 60000))
  until curl -fs -o /dev/null "http://127.0.0.1:$port/health"; do
    if [ "$(now_ms)" -gt "$deadline" ] || ! kill -0 "$pid" 2>/dev/null; then
      echo "start failed; log:" >&2; cat "$home.log" >&2; kill -9 "$pid" 2>/dev/null || true; exit 1
    fi
    sleep 0.02
  done
  ready=$(( $(now_ms) - start ))
  sleep 10
  rss=$(awk '/VmRSS/ {printf "%.0f", $2/1024}' "/proc/$pid/status")
  stop "$pid"
  echo "$ready $rss"
}

summary() { # label, then values on stdin
  sort -n | awk -v label="$1" '{v[NR]=$1} END {m = (NR % 2) ? v[(NR+1)/2] : (v[NR/2] + v[NR/2+1]) / 2;
    printf "%-28s median %7.0f   range %s .. %s   (n=%d)\n", label, m, v[1], v[NR], NR}'
}

echo "features: $features; runs: $runs; java: $(java -version 2>&1 | head -1)"
for mode in cold warm; do
  : > "$work/$mode.results"
  for i in $(seq 1 "$runs"); do
    if [ "$mode" = cold ]; then home="$work/cold-$i"; else home="$work/warm"; fi
    if [ "$mode" = warm ] && [ "$i" = 1 ]; then measure "$home" > /dev/null; fi # prime the kept home
    measure "$home" >> "$work/$mode.results"
  done
  cut -d' ' -f1 "$work/$mode.results" | summary "$mode: ms to /health 200"
  cut -d' ' -f2 "$work/$mode.results" | summary "$mode: RSS MB 10 s after"
done
