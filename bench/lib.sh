# Shell helpers the benchmark scripts share; source it after setting `set -euo pipefail`.
# It makes a scratch folder ($work) and a list of background processes ($pids), and removes both
# when the script exits, however it exits.

work=$(mktemp -d); pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT

# A TCP port free on 127.0.0.1 at this moment.
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }

now_ms() { date +%s%3N; }

# The load average over the last minute, for every line that reports a figure.
load1() { cut -d' ' -f1 /proc/loadavg; }

# Waits (at most 60 s) until a file has a line with the text; exits the script if it never does.
await_line() { # file, text
  for _ in $(seq 1 600); do grep -q "$2" "$1" 2>/dev/null && return 0; sleep 0.1; done
  echo "timed out waiting for '$2' in $1" >&2; cat "$1" >&2; exit 1
}

# Stops a background process and waits for it.
stop() { kill "$1" 2>/dev/null || true; wait "$1" 2>/dev/null || true; }

# Builds the load driver inside the reactor (it needs the client of this checkout, never one
# installed in ~/.m2): bench/load/target/switchboard-load-driver.jar and its target/lib.
build_driver() { # repository root
  (cd "$1" && { mvn -B -q -o package -DskipTests -pl bench/load -am > /dev/null 2>&1 || mvn -B -q package -DskipTests -pl bench/load -am; })
}

# CPU seconds (user + system, every thread) the given processes have used so far.
cpu_seconds() {
  local ticks=0 p
  for p in "$@"; do ticks=$(( ticks + $(sed 's/.*) //' "/proc/$p/stat" | awk '{print $12 + $13}') )); done
  echo "$ticks $(getconf CLK_TCK)" | awk '{printf "%.2f", $1 / $2}'
}

# What a JVM allocates while a command runs, read from JFR's per-thread allocation counters
# (jdk.ThreadAllocationStatistics at the start and the end of a recording): exact bytes, robust
# to a busy machine, unlike times. alloc_start PID; ...; alloc_bytes PID prints the bytes.
alloc_start() { # pid
  cat > "$work/alloc.jfc" <<'JFC'
<?xml version="1.0" encoding="UTF-8"?>
<configuration version="2.0" label="allocation per thread">
  <event name="jdk.ThreadAllocationStatistics"><setting name="enabled">true</setting><setting name="period">everyChunk</setting></event>
</configuration>
JFC
  jcmd "$1" JFR.start name=bench-alloc settings="$work/alloc.jfc" > /dev/null
}
alloc_bytes() { # pid
  jcmd "$1" JFR.stop name=bench-alloc filename="$work/alloc.jfr" > /dev/null
  jfr print --json --events jdk.ThreadAllocationStatistics "$work/alloc.jfr" | python3 -c '
import json, sys
by = {}
for e in json.load(sys.stdin)["recording"]["events"]:
    v = e["values"]; by.setdefault(v["thread"]["javaThreadId"] if v.get("thread") else None, []).append(v["allocated"])
print(sum(max(a) - min(a) for a in by.values()))'
  rm -f "$work/alloc.jfr"
}

# Runs a workload against a server and adds, after the workload's own lines (prefixed with the
# target's name), what the server spent on it: "<target> <workload> server_cpu_s <s>" and
# "<target> <workload> server_alloc_bytes <bytes>", and the load average when it started. The
# report divides both by the workload's "messages" line: costs per message, which a busy machine
# changes far less than it changes times.
# A server that is no JVM (happn-3, nats-server) gets the CPU line only: pass its pids with
# NOT_JVM=1. Several server pids go in one quoted argument ("pid1 pid2").
measured() { # target, workload, server pid(s), out file, command...
  local target=$1 w=$2 spids=$3 file=$4 before notjvm=${NOT_JVM:-0}; shift 4
  echo "$target $w load $(load1)" >> "$file"
  [ "$notjvm" = 1 ] || alloc_start "$spids"
  before=$(cpu_seconds $spids)
  "$@" 2>&1 | sed "s/^/$target /" >> "$file" || true
  echo "$target $w server_cpu_s $(awk -v a="$before" -v b="$(cpu_seconds $spids)" 'BEGIN {printf "%.2f", b - a}')" >> "$file"
  [ "$notjvm" = 1 ] || echo "$target $w server_alloc_bytes $(alloc_bytes "$spids")" >> "$file"
}
