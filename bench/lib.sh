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

# What a JVM allocates while a command runs, from the bytes each thread has allocated so far as a
# thread dump prints them (jcmd Thread.print -e: "allocated=..." per thread, three significant
# digits or more, so within 1 %). A thread dump costs a safepoint and nothing else: JFR, which did this
# before, made the JIT compile again in the measured run (its instrumentation deoptimised the
# runtime's code), which the JIT rows then showed as a third of the server's CPU.
# alloc_start PID; ...; alloc_bytes PID prints the bytes allocated in between, by threads alive at the end.
thread_allocations() { # pid: "<java thread number> <bytes>" per thread
  jcmd "$1" Thread.print -e 2>/dev/null | python3 -c '
import re, sys
units = {"B": 1, "K": 1024, "M": 1024 ** 2, "G": 1024 ** 3}
for line in sys.stdin:
    m = re.match(r"\".*?\" #(\d+) .*allocated=(\d+)([BKMG])", line)
    if m: print(m.group(1), int(m.group(2)) * units[m.group(3)])'
}
alloc_start() { # pid
  thread_allocations "$1" > "$work/alloc.start.$1"
}
alloc_bytes() { # pid
  thread_allocations "$1" > "$work/alloc.end.$1"
  python3 - "$work/alloc.start.$1" "$work/alloc.end.$1" <<'PY'
import sys
start = dict(line.split() for line in open(sys.argv[1]))
print(sum(max(0, int(b) - int(start.get(t, 0))) for t, b in (line.split() for line in open(sys.argv[2]))))
PY
}

# CPU seconds the JIT's compiler threads (C1, C2) of a JVM have used so far.
jit_seconds() { # pid(s)
  local p t stat ticks=0
  for p in "$@"; do
    for t in /proc/"$p"/task/*; do
      case "$(cat "$t/comm" 2>/dev/null)" in
        C1\ Compiler*|C2\ Compiler*)
          stat=$(cat "$t/stat" 2>/dev/null) || continue # a compiler thread may end as it is read
          ticks=$(( ticks + $(echo "${stat##*) }" | awk '{print $12 + $13}') ));;
      esac
    done
  done
  echo "$ticks $(getconf CLK_TCK)" | awk '{printf "%.2f", $1 / $2}'
}

# Warms a server up with a workload until it is at steady state: runs the command (its output
# dropped) round after round until the JIT's compiler threads used under WARM_JIT_SHARE (default
# 0.05) of the server's CPU in the last round, at least WARM_MIN_ROUNDS (default 2) and at most
# WARM_ROUNDS (default 20) rounds; a server that is no JVM (NOT_JVM=1) gets WARM_MIN_ROUNDS.
# Without this the measured run carries the JIT's work: on 2 cores, C2 compiling the runtime's
# paths took half of the server's CPU in a run after a warm-up of 50,000 sets (bench/README-edge.md).
# Prints one line per round to stderr: the round, the server's CPU and the compilers' share of it.
warm_up() { # what (for the log), server pid(s), command...
  local what=$1 spids=$2 round cpu0 jit0 cpu jit share notjvm=${NOT_JVM:-0}; shift 2
  local min=${WARM_MIN_ROUNDS:-2} max=${WARM_ROUNDS:-20} limit=${WARM_JIT_SHARE:-0.05}
  for round in $(seq 1 "$max"); do
    cpu0=$(cpu_seconds $spids); jit0=0; [ "$notjvm" = 1 ] || jit0=$(jit_seconds $spids)
    "$@" > /dev/null 2>&1 || echo "warm-up of $what: round $round failed" >&2
    cpu=$(awk -v a="$cpu0" -v b="$(cpu_seconds $spids)" 'BEGIN {printf "%.2f", b - a}')
    if [ "$notjvm" = 1 ]; then share=-; else
      jit=$(awk -v a="$jit0" -v b="$(jit_seconds $spids)" 'BEGIN {printf "%.2f", b - a}')
      share=$(awk -v j="$jit" -v c="$cpu" 'BEGIN {printf "%.3f", (c > 0 ? j / c : 0)}')
    fi
    echo "[$(date -u +%H:%M:%S)] warm-up of $what, round $round: server CPU ${cpu} s, JIT share $share" >&2
    [ "$round" -ge "$min" ] || continue
    if [ "$notjvm" = 1 ] || awk -v s="$share" -v l="$limit" 'BEGIN {exit !(s < l)}'; then return 0; fi
  done
  echo "[$(date -u +%H:%M:%S)] warm-up of $what: still compiling after $max rounds (WARM_ROUNDS)" >&2
}

# Runs a workload against a server and adds, after the workload's own lines (prefixed with the
# target's name), what the server spent on it: "<target> <workload> server_cpu_s <s>",
# "<target> <workload> server_jit_s <s>" (the part of it the JIT's compilers used: near 0 at
# steady state) and "<target> <workload> server_alloc_bytes <bytes>", and the load average when it
# started. The report divides them by the workload's "messages" line: costs per message, which a
# busy machine changes far less than it changes times.
# A server that is no JVM (happn-3, nats-server) gets the CPU line only: pass its pids with
# NOT_JVM=1. Several server pids go in one quoted argument ("pid1 pid2").
measured() { # target, workload, server pid(s), out file, command...
  local target=$1 w=$2 spids=$3 file=$4 before jit notjvm=${NOT_JVM:-0}; shift 4
  echo "$target $w load $(load1)" >> "$file"
  [ "$notjvm" = 1 ] || { alloc_start "$spids"; jit=$(jit_seconds $spids); }
  before=$(cpu_seconds $spids)
  "$@" 2>&1 | sed "s/^/$target /" >> "$file" || true
  echo "$target $w server_cpu_s $(awk -v a="$before" -v b="$(cpu_seconds $spids)" 'BEGIN {printf "%.2f", b - a}')" >> "$file"
  [ "$notjvm" = 1 ] || echo "$target $w server_jit_s $(awk -v a="$jit" -v b="$(jit_seconds $spids)" 'BEGIN {printf "%.2f", b - a}')" >> "$file"
  [ "$notjvm" = 1 ] || echo "$target $w server_alloc_bytes $(alloc_bytes "$spids")" >> "$file"
}
